"""Grants: the amount per project and SEK per project-month, compared within each call or
programme first, then across.

Both charts draw funder grants and total project budgets in separate panels, each on its own
axis and named in words: a budget is the cost of a whole project from all financiers and is
never set on a grant's scale. In a panel the rows of one call (else programme, else funder)
stand together under the call's name, largest first. Bars start at zero on a linear axis where
the smallest value would still show (largest / smallest at most LOG_RATIO); beyond that a
logarithmic axis with dots, each value written beside its dot. A panel of more than TOP_N
projects draws one row per call or programme instead: the range from its smallest to its
largest value, a dot at the median, and how many projects it holds.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from .. import metrics
from ..fields import FUNDER_GRANT, TOTAL_BUDGET
from ..tables import funding_group_lines
from ..text import Count, fill_plain, join, title_field
from ..text.labels import value_label
from .drawn import Drawn, Panel
from .font_metrics import text_width
from .theme import (BASIS_COLOURS, BASIS_SHAPES, LABEL_LINE_WIDTH, LIST_PRINT_HEIGHT, ROW_STEP,
                    TOP_N, WIDTH,
                    WRAPPED_LABELS, _axis_labels, _title, _wrap, chart_words)

LOG_RATIO = 25  # beyond this, the smallest bar on a linear axis would be a sliver
MAX_NAMED_UNKNOWN = 5  # projects left out named in the subtitle; more are counted
VALUE_FONT_SIZE = 11
VALUE_GAP = 6  # px between a bar's or dot's end and its value
GROUP_LINE_WIDTH = 64  # characters per line of a call's name above its rows
GROUP_LINES = 3
ZERO_AS_0 = "datum.value == 0 ? '0' : datum.label"  # not "0M"
MAX_GROUP_ROWS = 12  # calls or programmes drawn when a panel holds too many projects
AXIS_LABEL_LIMIT = 230  # px of a project's or call's name on the category axis
NAME_LINES = 6  # a project's name wraps over up to this many lines before it is cut


def _row_step(lines: int) -> int:
    """px per row for names of `lines` lines: ROW_STEP for two, 12 px per line more or less."""
    return ROW_STEP + 12 * (lines - 2)


def _sek(value: float, language: str) -> str:
    """Whole kronor grouped as the charts' number locale writes them (no-break spaces), so that
    a value written here looks like one on an axis or in a tooltip."""
    return f"{int(round(value)):,}".replace(",", "\u00a0")


def _linear_domain(values: pd.Series, labels: list[str]) -> list[float]:
    """From zero to just past the largest value, with room for every value's label to its
    right inside the plot."""
    top = float(values.max())
    for value, label in zip(values, labels):
        room = 1 - (VALUE_GAP + text_width(label, VALUE_FONT_SIZE) + 2) / WIDTH
        top = max(top, float(value) / max(room, 0.2))
    return [0.0, top]


def _log_domain_fitted(values: pd.Series, labels: list[str]) -> list[float]:
    """A little below the smallest value to just past the largest, with room for every
    value's label to its right inside the plot (not whole powers of ten)."""
    low = math.log10(float(values.min()) / 1.25)
    high = math.log10(float(values.max()) * 1.1)
    for value, label in zip(values, labels):
        room = 1 - (VALUE_GAP + text_width(label, VALUE_FONT_SIZE) + 2) / WIDTH
        high = max(high, low + (math.log10(float(value)) - low) / max(room, 0.2))
    return [10 ** low, 10 ** high]


def _needs_log(values: pd.Series) -> bool:
    known = values.dropna().astype(float)
    return len(known) > 1 and float(known.max()) / float(known.min()) > LOG_RATIO


def _group_header(row: pd.Series, language: str) -> str:
    """The call's (else programme's, else funder's) name over at most two lines."""
    text = " · ".join(funding_group_lines(row["funder"], row["programme"], row["call"],
                                          language))
    return _wrap(text, GROUP_LINE_WIDTH, GROUP_LINES)


def _group_labels(groups: pd.DataFrame, language: str) -> list[str]:
    """Short names for a category axis: the funder and its call, else its programme (the
    tooltip has both), made unique where two would read the same."""
    labels = []
    for row in groups.itertuples():
        programme = row.programme if pd.isna(row.call) else None
        labels.append(_wrap(" · ".join(funding_group_lines(row.funder, programme, row.call,
                                                           language)), LABEL_LINE_WIDTH))
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if labels.count(label) == 1 else f"{label} ({seen[label]})")
    return unique


def _label_extent(labels: list[str]) -> float:
    """Width in px of a category axis showing `labels` (each line measured), ticks included."""
    lines = [line for label in labels for line in label.split("\n")] or [""]
    return min(max(text_width(line, 11) for line in lines), AXIS_LABEL_LIMIT) + 12


def _panel_frame(rows: pd.DataFrame, value: str) -> tuple[pd.DataFrame, bool]:
    """Rows with a value, grouped, and whether the panel draws them one by one."""
    grouped = metrics.funding_groups(rows, value)
    grouped = grouped[grouped[value].notna()].reset_index(drop=True)
    return grouped, len(grouped) <= TOP_N


def _group_stats(grouped: pd.DataFrame, value: str) -> pd.DataFrame:
    stats = grouped.groupby("group", sort=False).agg(
        rank=("group_rank", "first"), funder=("funder", "first"),
        programme=("programme", "first"), call=("call", "first"),
        n=(value, "size"), low=(value, "min"), median=(value, "median"), high=(value, "max"))
    return stats.sort_values(["n", "high", "rank"], ascending=[False, False, True],
                             kind="stable")


def _tooltip(words: dict, value_title: str, per_month: bool) -> list[alt.Tooltip]:
    tips = [alt.Tooltip("title:N", title=words["tip_project"]),
            alt.Tooltip("funder_name:N", title=words["tip_funder"]),
            alt.Tooltip("programme_name:N", title=words["tip_programme"]),
            alt.Tooltip("call_name:N", title=words["tip_call"]),
            alt.Tooltip("value_text:N", title=value_title),
            alt.Tooltip("basis:N", title=words["tip_basis"])]
    if per_month:
        tips += [alt.Tooltip("amount_text:N", title=words["tip_amount"]),
                 alt.Tooltip("months:Q", title=words["tip_months"])]
    return tips


def _item_panel(rows: pd.DataFrame, value: str, basis: str, axis_title: str, title: list[str],
                language: str, per_month: bool, extent: float
                ) -> tuple[alt.FacetChart, pd.DataFrame, Panel]:
    """One row per project, under the name of its call or programme."""
    words = chart_words(language)
    not_named = words["not_named"]
    values = rows[value].astype(float)
    texts = [_sek(v, language) for v in values]
    frame = pd.DataFrame({
        "group": [_group_header(row, language) for _, row in rows.iterrows()],
        "project": _axis_labels(rows[title_field(language)], rows["project_id"],
                                lines=NAME_LINES),
        "title": rows[title_field(language)].astype(str),
        "funder_name": rows["funder"].fillna(not_named).astype(str),
        "programme_name": rows["programme"].fillna(not_named).astype(str),
        "call_name": rows["call"].fillna(not_named).astype(str),
        "value": values, "value_text": texts,
        "basis": value_label("amount_basis", basis, language),
        "amount_text": [_sek(v, language) if pd.notna(v) else words["unknown"]
                        for v in rows["amount_sek"]],
        "months": rows["duration_months"].astype(float)})
    log = _needs_log(values)
    colour = BASIS_COLOURS[basis]
    tooltip = _tooltip(words, axis_title, per_month)
    y = alt.Y("project:N", sort=frame["project"].tolist(), title=None,
              axis=alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=AXIS_LABEL_LIMIT,
                            minExtent=extent, maxExtent=extent))
    if log:
        scale = alt.Scale(type="log", domain=_log_domain_fitted(values, texts), nice=False)
        x = alt.X("value:Q", scale=scale, axis=alt.Axis(format="~s", description=axis_title),
                  title=fill_plain(words["log_axis"], axis=axis_title))
        marks = alt.Chart().mark_point(filled=True, size=90, opacity=1, color=colour,
                                       shape=BASIS_SHAPES[basis]).encode(
            y=y, x=x, tooltip=tooltip)
    else:
        scale = alt.Scale(domain=_linear_domain(values, texts), nice=False, zero=True)
        x = alt.X("value:Q", scale=scale, title=axis_title,
                  axis=alt.Axis(format="~s", tickCount=5, labelExpr=ZERO_AS_0,
                                description=axis_title))
        marks = alt.Chart().mark_bar(color=colour, height=14).encode(y=y, x=x, tooltip=tooltip)
    labels = alt.Chart().mark_text(align="left", dx=VALUE_GAP, fontSize=VALUE_FONT_SIZE,
                                   color="#111111").encode(
        y=y, x=x, text="value_text:N", tooltip=tooltip)
    header = alt.Header(title=None, labelAngle=0, labelOrient="top", labelAnchor="start",
                        labelAlign="left", labelBaseline="top", labelExpr=WRAPPED_LABELS,
                        labelFontSize=11, labelFontWeight="bold", labelColor="#333333",
                        labelLimit=WIDTH + 240, labelPadding=2)
    groups = list(dict.fromkeys(frame["group"]))
    # Rows tall enough for the longest name: names are wrapped, not cut.
    step = _row_step(int(frame["project"].str.count("\n").max()) + 1)
    chart = alt.layer(marks, labels).properties(width=WIDTH, height=alt.Step(step)).facet(
        row=alt.Row("group:N", sort=groups, header=header), data=frame, spacing=6,
        title=_panel_title(*title)).resolve_scale(y="independent")
    return chart, frame, Panel(basis, title[0], axis_title, log, True)


def _spread_panel(rows: pd.DataFrame, value: str, basis: str, axis_title: str, title: list[str],
                  language: str, extent: float
                  ) -> tuple[alt.LayerChart, pd.DataFrame, Panel]:
    """One row per call or programme: smallest to largest value, the median, the count."""
    words = chart_words(language)
    not_named = words["not_named"]
    stats = _group_stats(rows, value)
    shown = stats.head(MAX_GROUP_ROWS)
    labels = _group_labels(shown, language)
    frame = pd.DataFrame({
        "group": labels,
        "funder_name": shown["funder"].fillna(not_named).astype(str).to_numpy(),
        "programme_name": shown["programme"].fillna(not_named).astype(str).to_numpy(),
        "call_name": shown["call"].fillna(not_named).astype(str).to_numpy(),
        "basis": value_label("amount_basis", basis, language),
        "projects": shown["n"].astype(int).to_numpy(),
        "low": shown["low"].astype(float).to_numpy(),
        "median": shown["median"].astype(float).to_numpy(),
        "high": shown["high"].astype(float).to_numpy()})
    for column in ("low", "median", "high"):
        frame[f"{column}_text"] = [_sek(v, language) for v in frame[column]]
    frame["note"] = [fill_plain(words["spread_row"], n=Count(int(n), language), median=m)
                     for n, m in zip(frame["projects"], frame["median_text"])]
    what = axis_title  # the quantity, without the words about the axis
    values = pd.concat([frame["low"], frame["high"]])
    log = _needs_log(values)
    if log:
        scale = alt.Scale(type="log", domain=[float(values.min()) / 1.25,
                                              float(values.max()) * 1.25], nice=False)
        axis_title = fill_plain(words["log_axis"], axis=axis_title)
    else:
        scale = alt.Scale(domain=[0, float(values.max()) * 1.05], nice=False, zero=True)
    domain = scale.domain

    def px(v: float) -> float:
        if log:
            return (math.log10(v) - math.log10(domain[0])) / \
                (math.log10(domain[1]) - math.log10(domain[0])) * WIDTH
        return (v - domain[0]) / (domain[1] - domain[0]) * WIDTH
    # The note sits above the range: from its left end, or ending at its right end where it
    # would run out of the plot.
    fits = [px(low) + text_width(note, 10) <= WIDTH
            for low, note in zip(frame["low"], frame["note"])]
    frame["note_at"] = np.where(fits, frame["low"], frame["high"])
    frame["note_align"] = np.where(fits, "left", "right")
    tooltip = [alt.Tooltip("funder_name:N", title=words["tip_funder"]),
               alt.Tooltip("programme_name:N", title=words["tip_programme"]),
               alt.Tooltip("call_name:N", title=words["tip_call"]),
               alt.Tooltip("projects:Q", title=words["tip_projects"]),
               alt.Tooltip("low_text:N", title=words["tip_smallest"]),
               alt.Tooltip("median_text:N", title=words["tip_median"]),
               alt.Tooltip("high_text:N", title=words["tip_largest"]),
               alt.Tooltip("basis:N", title=words["tip_basis"])]
    y = alt.Y("group:N", sort=frame["group"].tolist(), title=None,
              axis=alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=AXIS_LABEL_LIMIT,
                            minExtent=extent, maxExtent=extent))
    x = alt.X("low:Q", scale=scale, title=axis_title,
              axis=alt.Axis(format="~s", description=what))
    colour = BASIS_COLOURS[basis]
    base = alt.Chart(frame)
    ranges = base.mark_rule(strokeWidth=3, color=colour, opacity=0.6).encode(
        y=y, x=x, x2="high:Q", tooltip=tooltip)
    medians = base.mark_point(filled=True, size=70, opacity=1, color=colour,
                              shape=BASIS_SHAPES[basis]).encode(
        y=y, x=alt.X("median:Q", scale=scale), tooltip=tooltip)
    notes = base.mark_text(baseline="bottom", dy=-6, fontSize=10, color="#333333",
                           align=alt.ExprRef("datum.note_align")).encode(
        y=y, x=alt.X("note_at:Q", scale=scale), text="note:N", tooltip=tooltip)
    subtitles = [fill_plain(words["spread_note"])]
    if len(stats) > len(shown):
        subtitles.append(fill_plain(words["spread_cut"], shown=Count(len(shown), language),
                                    total=Count(len(stats), language)))
    chart = alt.layer(ranges, medians, notes).properties(
        width=WIDTH, height=alt.Step(ROW_STEP), title=_panel_title(*title, *subtitles))
    panel_notes = " ".join(note for note in [*title[1:], *subtitles] if note)
    return chart, frame, Panel(basis, title[0], what, log, False, panel_notes)


def _panel_labels(grouped: pd.DataFrame, one_by_one: bool, value: str,
                  language: str) -> list[str]:
    if one_by_one:
        return _axis_labels(grouped[title_field(language)], grouped["project_id"],
                            lines=NAME_LINES)
    return _group_labels(_group_stats(grouped, value).head(MAX_GROUP_ROWS), language)


def _panel_title(text: str, *notes: str) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=[n for n in notes if n], fontSize=13,
                           subtitleFontSize=11, anchor="start", offset=6)


def _grant_title(grants: pd.DataFrame, words: dict) -> str:
    """'Grants from Vinnova' where one funder granted them all, else from 'the funders'."""
    funders = grants["funder"].dropna().unique()
    if len(funders) == 1 and grants["funder"].notna().all():
        return fill_plain(words["grant_panel"], funder=str(funders[0]))
    return fill_plain(words["grant_panel_funders"])


def _amount_chart(funding: pd.DataFrame, value: str, words: dict, language: str,
                  per_month: bool, subtitles: list[str]) -> Drawn:
    grants = funding[(funding["amount_basis"] == FUNDER_GRANT) & funding[value].notna()]
    budgets = funding[(funding["amount_basis"] == TOTAL_BUDGET)
                      & funding[value].notna()]
    parts = []  # (rows, basis, axis title, panel title)
    if len(grants):
        parts.append((grants, FUNDER_GRANT, words["grant_axis"],
                      [_grant_title(grants, words), words["grant_panel_note"]]))
    if len(budgets):
        parts.append((budgets, TOTAL_BUDGET, words["budget_axis"],
                      [words["budget_panel"], words["budget_panel_note"]]))
    framed = [_panel_frame(rows, value) for rows, *_ in parts]
    # One width for every panel's name column, so the panels and their titles line up.
    extent = max([_label_extent(_panel_labels(grouped, one_by_one, value, language))
                  for grouped, one_by_one in framed] or [0])
    panels, frames, described = [], {}, []
    for (_, basis, axis_title, title), (grouped, one_by_one) in zip(parts, framed):
        if one_by_one:
            panel, frame, panel_facts = _item_panel(grouped, value, basis, axis_title, title,
                                                    language, per_month, extent)
        else:
            panel, frame, panel_facts = _spread_panel(grouped, value, basis, axis_title, title,
                                                      language, extent)
        panels.append(panel)
        frames[basis] = frame
        described.append(panel_facts)
    if not panels:
        empty = pd.DataFrame({"note": [words["nothing"]]})
        panels.append(alt.Chart(empty).mark_text(fontSize=12, align="left").encode(
            text="note:N", tooltip=alt.Tooltip("note:N", title=words["tip_note"])).properties(
            width=WIDTH, height=40))
    chart = panels[0] if len(panels) == 1 else alt.vconcat(*panels, spacing=28).resolve_scale(
        x="independent", color="independent")
    rows = sum(len(grouped) for grouped, _ in framed)
    # A row per call of a portfolio (or many projects): the chart may take three quarters of
    # a printed page, so that its names print at a readable size.
    tall = {"usermeta": {"print_max_height": LIST_PRINT_HEIGHT}} \
        if rows > TALL_ROWS or not all(one_by_one for _, one_by_one in framed) else {}
    return Drawn(chart.properties(title=_title(words["title"], *subtitles), **tall), frames,
                 tuple(described))


TALL_ROWS = 8  # rows above which the amounts charts may print taller than a third of a page


def grants_chart(funding: pd.DataFrame, language: str) -> Drawn:
    """Grants within each call or programme, total budgets apart; projects without an amount
    named (or counted) in the subtitle, never drawn as zero."""
    words = chart_words(language)["amounts"]
    unknown = funding[funding["amount_sek"].isna()]
    subtitles = []
    if 0 < len(unknown) <= MAX_NAMED_UNKNOWN:
        subtitles.append(fill_plain(words["no_amount_named"],
                                    titles=join(unknown[title_field(language)].astype(str),
                                                language)))
    elif len(unknown):
        subtitles.append(fill_plain(words["no_amount_count"],
                                    n=Count(len(unknown), language)))
    return _amount_chart(funding, "amount_sek", {**chart_words(language), **words}, language,
                         False, subtitles)


def sek_per_month_chart(funding: pd.DataFrame, language: str) -> Drawn:
    """Amount per project-month, grants within each call or programme, total budgets apart."""
    words = chart_words(language)["per_month"]
    left_out = funding[funding["sek_per_month"].isna()]
    subtitles = [fill_plain(words["calendar"])]
    if 0 < len(left_out) <= MAX_NAMED_UNKNOWN:
        subtitles.append(fill_plain(words["left_out_named"],
                                    titles=join(left_out[title_field(language)].astype(str),
                                                language)))
    elif len(left_out):
        subtitles.append(fill_plain(words["left_out"], n=Count(len(left_out), language)))
    return _amount_chart(funding, "sek_per_month", {**chart_words(language), **words},
                         language, True, subtitles)
