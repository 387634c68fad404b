"""Grant size and duration as distributions per programme: one box per programme (smallest
to largest, the middle half as a box, the median as a tick), computed in
analysis.metrics.portfolio.distributions. Below a few dozen known values
(metrics.DISTRIBUTION_FROM), or where no programme has the values a box needs
(metrics.MIN_BOX_VALUES), a panel draws each known value as a dot on its programme's row,
with a tick at the programme's median (metrics.distribution_values): only the programmes
metrics marks `dotted`, so the dots stay fewer than a few dozen per programme shown. A panel
with no known value says so in a line of text."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..dataset import Dataset
from ..metrics import portfolio as metrics
from ..tables import funding_group_lines
from ..text import Count, fill_plain, format_amount, title_field
from .drawn import Drawn
from .portfolio import GRANT, _nothing, _words, group_label
from .theme import WIDTH, WRAPPED_LABELS, _log_domain, _title, _wrap, localised

PANELS = (("grant_sek", "grants"), ("duration_months", "durations"))
DURATION_COLOUR = "#009E73"
PANEL_WIDTH = WIDTH // 2 - 30
ROW = 34  # px per programme whose name takes two lines
ROW_3 = 44  # px per programme where a name takes three
NAME_LINES = 3  # programmes of one funder often share their first words: room to differ
LABEL_LIMIT = 250  # px of a programme's name on the axis (two lines of group_label)
JITTER = 6  # px between the lanes neighbouring dots of one programme alternate over


def _label(funder: object, programme: object, language: str) -> str:
    return group_label(funder, programme, None, language, lines=NAME_LINES)


def _boxes(stats: pd.DataFrame, language: str) -> pd.DataFrame:
    shown = stats[stats["drawn"].astype(bool)]
    return pd.DataFrame({
        "group": [_label(f, p, language) for f, p in
                  zip(shown["funder"], shown["programme"])],
        "n": shown["n"].astype(int).to_numpy(),
        **{column: shown[column].astype(float).round(3).to_numpy()
           for column in ("low", "q1", "median", "q3", "high")}})


def _value_text(value: float, part: str, words: dict, language: str) -> str:
    if part == "grants":
        return format_amount(round(value), language)
    return fill_plain(words["alt"]["months"], n=Count(round(value), language))


def _dots(values: pd.DataFrame, part: str, words: dict, language: str) -> pd.DataFrame:
    """One row per value drawn: its programme's row, the project's title, the value, and a
    lane (px above or below the row's middle) so that neighbouring values of a programme do not hide each other."""
    groups = [_label(f, p, language) for f, p in zip(values["funder"], values["programme"])]
    names = [" ".join(funding_group_lines(f, p, None, language))
             for f, p in zip(values["funder"], values["programme"])]
    frame = pd.DataFrame({
        "group": groups, "programme": names,
        "title": values[title_field(language)].astype(str).to_numpy(),
        "value": values["value"].astype(float).round(3).to_numpy(),
        "value_text": [_value_text(v, part, words, language) for v in values["value"]]})
    # The smallest on the row's middle, the next above, the next below, and so on.
    frame["lane"] = frame.groupby("group", sort=False).cumcount().mod(3).map(
        {0: 0, 1: -JITTER, 2: JITTER})
    return frame


def _medians(stats: pd.DataFrame, part: str, words: dict, language: str) -> pd.DataFrame:
    shown = stats[stats["dotted"].astype(bool)]
    return pd.DataFrame({
        "group": [_label(f, p, language) for f, p in
                  zip(shown["funder"], shown["programme"])],
        "programme": [" ".join(funding_group_lines(f, p, None, language))
                      for f, p in zip(shown["funder"], shown["programme"])],
        "n": shown["n"].astype(int).to_numpy(),
        "median": shown["median"].astype(float).round(3).to_numpy(),
        "median_text": [_value_text(v, part, words, language) for v in shown["median"]]})


def _y(order: list[str], labels: bool, points: bool = False) -> alt.Y:
    """Programmes in one order on both panels: the same row for a programme in each. Dots sit
    on a point scale (a row's middle, where a lane's offset starts), at the same places as a
    band's middles."""
    axis = alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=LABEL_LIMIT) if labels else None
    scale = alt.Scale(type="point", domain=order, padding=0.5) if points \
        else alt.Scale(domain=order)
    return alt.Y("group:N", sort=order, scale=scale, title=None, axis=axis)


def _box_panel(frame: pd.DataFrame, axis_title: str, colour: str, log: bool, words: dict,
               order: list[str], labels: bool, row: int) -> alt.LayerChart:
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    y = _y(order, labels)
    tooltip = [alt.Tooltip("group:N", title=words["tip_programme"]),
               alt.Tooltip("n:Q", title=words["tip_values"]),
               *[alt.Tooltip(f"{column}:Q", title=words[key], format=",.0f")
                 for column, key in (("low", "tip_low"), ("q1", "tip_q1"),
                                     ("median", "tip_median"), ("q3", "tip_q3"),
                                     ("high", "tip_high"))]]
    x = alt.X("low:Q", title=axis_title, scale=scale, axis=alt.Axis(format="~s"))
    base = alt.Chart(frame).properties(width=PANEL_WIDTH, height=alt.Step(row))
    whisker = base.mark_rule(color=colour).encode(y=y, x=x, x2="high:Q", tooltip=tooltip)
    box = base.mark_bar(color=colour, opacity=0.45, size=16).encode(
        y=y, x=alt.X("q1:Q", scale=scale), x2="q3:Q", tooltip=tooltip)
    median = base.mark_tick(color="#111111", thickness=2, size=18).encode(
        y=y, x=alt.X("median:Q", scale=scale), tooltip=tooltip)
    return alt.layer(whisker, box, median)


def _dot_panel(dots: pd.DataFrame, medians: pd.DataFrame, axis_title: str, value_tip: str,
               colour: str, log: bool, words: dict, order: list[str], labels: bool,
               row: int) -> alt.LayerChart:
    if log:  # whole powers of ten, one label each: a few values need no crowded axis
        domain = _log_domain(dots["value"])
        scale = alt.Scale(type="log", domain=domain, nice=False)
        powers = [10.0 ** k for k in range(round(math.log10(domain[0])),
                                           round(math.log10(domain[1])) + 1)]
        axis = alt.Axis(format="~s", values=powers)
    else:
        scale, axis = alt.Scale(zero=True), alt.Axis(format="~s")
    y = _y(order, labels, points=True)
    x = alt.X("value:Q", title=axis_title, scale=scale, axis=axis)
    points = alt.Chart(dots).mark_circle(color=colour, size=45, opacity=0.75, stroke="white",
                                         strokeWidth=0.5).encode(
        y=y, x=x, yOffset=alt.YOffset("lane:Q", scale=None),
        tooltip=[alt.Tooltip("title:N", title=words["tip_title"]),
                 alt.Tooltip("programme:N", title=words["tip_programme"]),
                 alt.Tooltip("value_text:N", title=value_tip)])
    ticks = alt.Chart(medians).mark_tick(color="#111111", thickness=2, size=22).encode(
        y=y, x=alt.X("median:Q", scale=scale),
        tooltip=[alt.Tooltip("programme:N", title=words["tip_programme"]),
                 alt.Tooltip("n:Q", title=words["tip_values"]),
                 alt.Tooltip("median_text:N", title=words["tip_median"])])
    # The ticks under the dots: a programme's one value is its median, and stays seen.
    return alt.layer(ticks, points).properties(width=PANEL_WIDTH, height=alt.Step(row))


def _empty_panel(text: str, rows: int, row: int) -> alt.Chart:
    """A panel with no known value: a short line of text where the marks would be."""
    lines = pd.DataFrame({"note": [_wrap(text, 30, 4)]})
    return alt.Chart(lines).mark_text(align="left", baseline="top", x=0, y=4, lineBreak="\n",
                                      fontSize=11, color="#444444").encode(
        text="note:N").properties(width=PANEL_WIDTH, height=max(rows, 2) * row)


def distributions_chart(data: Dataset, language: str) -> Drawn:
    """Per quantity (`grants`, `durations`), either boxes — part <quantity>: per programme
    with enough values, n, smallest, lower quartile, median, upper quartile and largest — or
    dots — part <quantity>_dots: one row per value drawn (programme, title, value), and
    part <quantity>_medians: per programme dotted, n and median — or, with no known value,
    part <quantity>_none: the line it shows. With no value known at all, part `note`."""
    words = _words(language)
    stats = {part: metrics.distributions(data, value) for value, part in PANELS}
    counts = {part: metrics.distribution_counts(data, value) for value, part in PANELS}
    if not any(counts[part]["known"] for _, part in PANELS):
        lines = [words["no_grants"], words["no_durations"]]
        return _nothing(lines, _title(words["distributions_title"]),
                        {part: _boxes(stats[part], language) for _, part in PANELS},
                        words["tip_note"])
    keys = list(metrics.LEVELS["programme"])
    shown = set()
    for _, part in PANELS:
        table = stats[part]
        picked = table["drawn"].astype(bool) | table["dotted"].astype(bool)
        shown |= set(table.loc[picked, keys].itertuples(index=False, name=None))
    groups = metrics.by_group(data, "programme")[keys].astype(object)
    groups = groups.where(groups.notna(), None).itertuples(index=False, name=None)
    programmes = list(dict.fromkeys(_label(f, p, language)
                                    for f, p in groups if (f, p) in shown))
    row = ROW_3 if any(name.count("\n") >= 2 for name in programmes) else ROW
    frames: dict[str, pd.DataFrame] = {}
    panels = []
    labels = True  # the first panel that draws something carries the programmes' names
    settings = {"grants": (words["grant_axis_log"], words["tip_grant"], GRANT, True,
                           words["no_grants"]),
                "durations": (words["duration_axis"], words["tip_duration"], DURATION_COLOUR,
                              False, words["no_durations"])}
    for value, part in PANELS:
        axis_title, value_tip, colour, log, none = settings[part]
        frames[part] = _boxes(stats[part], language)
        if counts[part]["boxes"]:
            panels.append(_box_panel(frames[part], axis_title, colour, log, words, programmes,
                                     labels, row))
        elif counts[part]["dots"]:
            dots = _dots(metrics.distribution_values(data, value), part, words, language)
            medians = _medians(stats[part], part, words, language)
            frames[f"{part}_dots"], frames[f"{part}_medians"] = dots, medians
            panels.append(_dot_panel(dots, medians, axis_title, value_tip, colour, log, words,
                                     programmes, labels, row))
        else:
            frames[f"{part}_none"] = pd.DataFrame({"note": [none]})
            panels.append(_empty_panel(none, len(programmes), row))
            continue
        labels = False
    boxes = any(counts[part]["boxes"] for _, part in PANELS)
    left_out = {part: Count(counts[part]["left_out"], language) for _, part in PANELS}
    notes = [words["box_note"]] if boxes else []
    if any(counts[part]["dots"] for _, part in PANELS):
        notes.append(fill_plain(words["dots_note"],
                                least=Count(metrics.DISTRIBUTION_FROM, language),
                                per=Count(metrics.MIN_BOX_VALUES, language)))
    if boxes:
        notes.append(fill_plain(words["box_left_out"], **left_out,
                                least=Count(metrics.MIN_BOX_VALUES, language),
                                shown=Count(metrics.MAX_BOXES, language)))
    elif any(counts[part]["left_out"] for _, part in PANELS):
        notes.append(fill_plain(words["dots_left_out"], **left_out,
                                shown=Count(metrics.MAX_BOXES, language)))
    chart = alt.hconcat(*panels, spacing=10).properties(
        title=_title(words["distributions_title"], *notes),
        usermeta={"print_max_height": 480} if len(programmes) > 6 else {})
    return Drawn(localised(chart, language), frames)
