"""The portfolio comparisons: over time, by kind of coordinator, the coordinators of each
programme, the municipalities reached, and grant size and duration per programme.

Every chart draws aggregates from analysis.metrics.portfolio — one row per year, kind,
programme or municipality — so the data it embeds is bounded by the groups, whatever the size
of the portfolio. The one mark per project is the distributions chart's dot where a
programme has too few values for a box (portfolio_distributions), for at most MAX_BOXES
programmes of fewer than MIN_BOX_VALUES values each, or below DISTRIBUTION_FROM in all. Grants and total project budgets are never
drawn on one axis: the money panels show funder grants, and say how many budgets they leave
aside. Each function returns a `Drawn` whose frames the alt text (portfolio_alt) reads.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..dataset import Dataset
from ..metrics import portfolio as metrics
from ..tables import funding_group_lines
from ..text import Count, fill_plain, format_share
from ..text.labels import value_label
from .drawn import Drawn
from .theme import (BASIS_COLOURS, ORGANISATION_TYPE_COLOURS, PALETTE, ROW_STEP, WIDTH,
                    WRAPPED_LABELS, _title, _wrap, chart_words, localised)

MAX_PROGRAMMES = 12  # rows of the coordinators-per-programme chart
MAX_MUNICIPALITIES = 15  # rows of the municipalities chart
PANEL_HEIGHT = 80  # px of each panel of the years chart
GRANT = BASIS_COLOURS[metrics.FUNDER_GRANT]
COUNT_COLOUR = "#4D4D4D"
ZERO_AS_0 = "datum.value == 0 ? '0' : datum.label"  # not "0M"
TALL = {"print_max_height": 480}  # px in print: more than a third of a page, less than half


def _words(language: str) -> dict:
    return {**chart_words(language), **chart_words(language)["portfolio"]}


def kind_colours() -> dict[str, str]:
    """A fixed colour per kind of coordinator: the theme's where it has one, else the
    palette's in fields' order (the kinds are read from fields, never listed here)."""
    kinds = metrics.coordinator_kinds()
    spare = [c for c in PALETTE + ["#8C6D31", "#E7298A", "#999999", "#56B4E9"]
             if c not in ORGANISATION_TYPE_COLOURS.values()]
    colours, index = {}, 0
    for kind in kinds:
        if kind in ORGANISATION_TYPE_COLOURS:
            colours[kind] = ORGANISATION_TYPE_COLOURS[kind]
        else:
            colours[kind] = spare[index % len(spare)]
            index += 1
    return colours


def _kind_scale(present, language: str) -> alt.Scale:
    colours = kind_colours()
    domain = [kind for kind in colours if kind in set(present)]
    return alt.Scale(domain=[value_label("type", k, language) for k in domain],
                     range=[colours[k] for k in domain])


def group_label(funder: object, programme: object, call: object, language: str,
                width: int = 38, lines: int = 2) -> str:
    """'Vinnova · programme: X' (· 'call: Y'), wrapped over two lines (or `lines`) for an
    axis."""
    return _wrap(" · ".join(funding_group_lines(funder, programme, call, language)), width,
                 lines)


def _nothing(text: str | list[str], title: alt.TitleParams, frames: dict, tip: str) -> Drawn:
    """A chart that says in words, one line per row of part `note`, why it draws nothing."""
    lines = [text] if isinstance(text, str) else text
    note = pd.DataFrame({"note": lines, "line": range(len(lines))})
    chart = alt.Chart(note).mark_text(align="left", fontSize=12, x=0).encode(
        text="note:N", y=alt.Y("line:O", axis=None),
        tooltip=alt.Tooltip("note:N", title=tip)).properties(width=WIDTH, height=24 * len(lines),
                                                 title=title)
    return Drawn(chart, {**frames, "note": note})


def _floats(values: pd.Series):
    """Amounts as plain floats, a missing one NaN: the chart data writes it as null."""
    return values.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))


def _budgets_aside(data: Dataset, words: dict, language: str) -> list[str]:
    """The note that total project budgets are not drawn with the grants, where there are any."""
    n = metrics.budgets_stated(data)
    return [fill_plain(words["budgets_aside"], n=Count(n, language))] if n else []


def years_chart(data: Dataset, language: str) -> Drawn:
    """Part `years`: per year, projects started, SEK granted to the projects started (funder
    grants only) and projects running."""
    words = _words(language)
    years = metrics.by_year(data)
    notes = [words["years_note"], *_budgets_aside(data, words, language)]
    undated = metrics.undated_projects(data)
    if undated:
        notes.append(fill_plain(words["undated_aside"], n=Count(undated, language)))
    title = _title(words["years_title"], *notes)
    if years.empty:
        return _nothing(words["nothing"], title, {"years": years}, words["tip_note"])
    frame = pd.DataFrame({"year": years["year"].astype(int),
                          "started": years["started"].astype(int),
                          "granted": _floats(years["granted_sek"]),
                          "n_grants": years["n_grants"].astype(int),
                          "running": years["running"].astype(int)})
    every_year = alt.Scale(domain=frame["year"].tolist())  # the same years in each panel
    x = alt.X("year:O", title=None, scale=every_year,
              axis=alt.Axis(labelAngle=0, labelOverlap="parity", labelPadding=4))
    bottom = alt.X("year:O", title=words["year_axis"], scale=every_year,
                   axis=alt.Axis(labelAngle=0, labelOverlap="parity", labelPadding=4))
    tooltip = [alt.Tooltip("year:O", title=words["tip_year"]),
               alt.Tooltip("started:Q", title=words["started_axis"]),
               alt.Tooltip("granted:Q", title=words["granted_axis"], format=",.0f"),
               alt.Tooltip("n_grants:Q", title=words["tip_grants_known"]),
               alt.Tooltip("running:Q", title=words["running_axis"])]
    base = alt.Chart(frame).properties(width=WIDTH, height=PANEL_HEIGHT)
    started = base.mark_bar(color=COUNT_COLOUR, stroke="white", strokeWidth=0.5).encode(
        x=x, y=alt.Y("started:Q", title=words["started_axis"],
                                      axis=alt.Axis(tickMinStep=1, format="~s", labelExpr=ZERO_AS_0)),
        tooltip=tooltip)
    granted = base.transform_filter("datum.granted != null").mark_bar(
        color=GRANT, stroke="white", strokeWidth=0.5).encode(
        x=x, y=alt.Y("granted:Q", title=words["granted_axis"],
                                      axis=alt.Axis(format="~s", tickCount=4, labelExpr=ZERO_AS_0)), tooltip=tooltip)
    running = base.mark_bar(color="#009E73", stroke="white", strokeWidth=0.5).encode(
        x=bottom, y=alt.Y("running:Q", title=words["running_axis"],
                                      axis=alt.Axis(tickMinStep=1, format="~s", labelExpr=ZERO_AS_0)),
        tooltip=tooltip)
    chart = alt.vconcat(started, granted, running, spacing=10).properties(
        title=title, usermeta=TALL)
    return Drawn(localised(chart, language), {"years": frame})


def kinds_chart(data: Dataset, language: str) -> Drawn:
    """Part `kinds`: per kind of coordinator that coordinates a project, its projects and the
    SEK granted to them (funder grants only), side by side."""
    words = _words(language)
    kinds = metrics.by_coordinator_kind(data)
    kinds = kinds[kinds["projects"] > 0]
    notes = [fill_plain(words["kinds_note"], present=Count(len(kinds), language),
                        kinds=Count(len(metrics.coordinator_kinds()), language)),
             *_budgets_aside(data, words, language)]
    title = _title(words["kinds_title"], *notes)
    if kinds.empty:
        return _nothing(words["nothing"], title, {"kinds": kinds}, words["tip_note"])
    frame = pd.DataFrame({
        "kind": [value_label("type", k, language) for k in kinds["kind"]],
        "projects": kinds["projects"].astype(int).to_numpy(),
        "share": [format_share(s, language) for s in kinds["share"]],
        "granted": _floats(kinds["granted_sek"]),
        "n_grants": kinds["n_grants"].astype(int).to_numpy()})
    order = frame.sort_values("projects", ascending=False, kind="stable")["kind"].tolist()
    y = alt.Y("kind:N", sort=order, title=None, axis=alt.Axis(labelLimit=170))
    colour = alt.Color("kind:N", scale=_kind_scale(kinds["kind"], language), legend=None)
    tooltip = [alt.Tooltip("kind:N", title=words["tip_kind"]),
               alt.Tooltip("projects:Q", title=words["projects_axis"]),
               alt.Tooltip("share:N", title=words["tip_share"]),
               alt.Tooltip("granted:Q", title=words["granted_axis"], format=",.0f"),
               alt.Tooltip("n_grants:Q", title=words["tip_grants_known"])]
    base = alt.Chart(frame).properties(width=WIDTH // 2 - 20, height=alt.Step(24))
    projects = base.mark_bar().encode(
        y=y, x=alt.X("projects:Q", title=words["projects_axis"],
                     axis=alt.Axis(tickMinStep=1, format="~s", labelExpr=ZERO_AS_0)), color=colour, tooltip=tooltip)
    granted = base.transform_filter("datum.granted != null").mark_bar(color=GRANT).encode(
        y=alt.Y("kind:N", sort=order, title=None, axis=None),
        x=alt.X("granted:Q", title=words["granted_axis"], axis=alt.Axis(format="~s", tickCount=4, labelExpr=ZERO_AS_0)),
        tooltip=tooltip)
    chart = alt.hconcat(projects, granted, spacing=12).properties(title=title)
    return Drawn(localised(chart, language), {"kinds": frame})


def programmes_chart(data: Dataset, language: str) -> Drawn:
    """Part `shares`: for the programmes with the most projects, the share of their projects
    coordinated by each kind of organisation (one stacked bar per programme)."""
    words = _words(language)
    shares = metrics.coordinator_shares(data, "programme")
    total = int(shares["rank"].nunique()) if len(shares) else 0
    shown = shares[shares["rank"] < MAX_PROGRAMMES]
    notes = [words["programmes_note"]]
    if total > MAX_PROGRAMMES:
        notes.append(fill_plain(words["programmes_cut"], shown=Count(MAX_PROGRAMMES, language),
                                total=Count(total, language)))
    title = _title(words["programmes_title"], *notes)
    if shown.empty:
        return _nothing(words["nothing"], title, {"shares": shown}, words["tip_note"])
    labels = {rank: group_label(row.funder, row.programme, None, language)
              + "\n" + fill_plain(words["n_projects"], n=Count(int(row.group_projects),
                                                                language))
              for rank, row in shown.drop_duplicates("rank").set_index("rank").iterrows()}
    order_kinds = {k: i for i, k in enumerate(metrics.coordinator_kinds())}
    frame = pd.DataFrame({
        "group": shown["rank"].map(labels).to_numpy(),
        "rank": shown["rank"].astype(int).to_numpy(),
        "kind": [value_label("type", k, language) for k in shown["kind"]],
        "kind_order": shown["kind"].map(order_kinds).to_numpy(),
        "projects": shown["projects"].astype(int).to_numpy(),
        "group_projects": shown["group_projects"].astype(int).to_numpy(),
        "share": shown["share"].astype(float).round(6).to_numpy(),  # as JSON writes it
        "share_text": [format_share(s, language) for s in shown["share"]]})
    order = [labels[rank] for rank in sorted(labels)]
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("group:N", sort=order, title=None,
                axis=alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=240)),
        x=alt.X("share:Q", title=words["share_axis"], stack="zero",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("kind:N", title=words["kind_legend"],
                        scale=_kind_scale(shown["kind"], language)),
        order=alt.Order("kind_order:Q"),
        tooltip=[alt.Tooltip("group:N", title=words["tip_programme"]),
                 alt.Tooltip("kind:N", title=words["tip_kind"]),
                 alt.Tooltip("projects:Q", title=words["projects_axis"]),
                 alt.Tooltip("share_text:N", title=words["tip_share"])]).properties(
        width=WIDTH - 60, height=alt.Step(ROW_STEP + 8), title=title,
        usermeta=TALL if len(order) > 6 else {})
    return Drawn(localised(chart, language), {"shares": frame})


def municipalities_chart(data: Dataset, language: str) -> Drawn:
    """Part `municipalities`: the municipalities with the most projects reaching them, their
    projects and SEK granted (funder grants only; a project counts in full in each place),
    and SEK per inhabitant where an SCB population table is in data/."""
    words = _words(language)
    table = metrics.places(data, "municipality")
    reach = metrics.reach(data)
    shown = table.head(MAX_MUNICIPALITIES)
    notes = [fill_plain(words["municipalities_note"],
                        reached=Count(reach["n_municipalities_reached"], language),
                        total=Count(reach["n_municipalities"], language),
                        share=format_share(reach["share_municipalities"], language),
                        counties=Count(reach["n_counties_reached"], language),
                        all_counties=Count(reach["n_counties"], language)),
             words["full_in_each"]]
    if len(table) > len(shown):
        notes.append(fill_plain(words["municipalities_cut"], shown=Count(len(shown), language),
                                total=Count(len(table), language)))
    title = _title(words["municipalities_title"], *notes)
    if shown.empty:
        return _nothing(words["nothing"], title, {"municipalities": shown}, words["tip_note"])
    per_inhabitant = "sek_per_inhabitant" in shown

    def known(column: str):
        return _floats(shown[column])
    frame = pd.DataFrame({
        "municipality": [f"{m} ({c})" for m, c in zip(shown["municipality_name"],
                                                      shown["county_name"])],
        "projects": shown["projects"].astype(int).to_numpy(),
        "granted": known("granted_sek"), "n_grants": shown["n_grants"].astype(int).to_numpy(),
        **({"per_inhabitant": known("sek_per_inhabitant")} if per_inhabitant else {})})
    order = frame["municipality"].tolist()
    y = alt.Y("municipality:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    tooltip = [alt.Tooltip("municipality:N", title=words["tip_municipality"]),
               alt.Tooltip("projects:Q", title=words["projects_axis"]),
               alt.Tooltip("granted:Q", title=words["granted_axis"], format=",.0f"),
               alt.Tooltip("n_grants:Q", title=words["tip_grants_known"])]
    if per_inhabitant:
        tooltip.append(alt.Tooltip("per_inhabitant:Q", title=words["per_inhabitant_axis"],
                                   format=",.0f"))
    panels = 3 if per_inhabitant else 2
    base = alt.Chart(frame).properties(width=(WIDTH - 40) // panels, height=alt.Step(20))
    parts = [base.mark_bar(color=COUNT_COLOUR).encode(
        y=y, x=alt.X("projects:Q", title=words["projects_axis"],
                     axis=alt.Axis(tickMinStep=1, format="~s", labelExpr=ZERO_AS_0)), tooltip=tooltip)]
    no_axis = alt.Y("municipality:N", sort=order, title=None, axis=None)
    parts.append(base.transform_filter("datum.granted != null").mark_bar(color=GRANT).encode(
        y=no_axis, x=alt.X("granted:Q", title=words["granted_axis"],
                           axis=alt.Axis(format="~s", tickCount=3, labelExpr=ZERO_AS_0)), tooltip=tooltip))
    if per_inhabitant:
        parts.append(base.transform_filter("datum.per_inhabitant != null").mark_bar(
            color="#56B4E9").encode(
            y=no_axis, x=alt.X("per_inhabitant:Q", title=words["per_inhabitant_axis"],
                               axis=alt.Axis(format="~s", tickCount=3, labelExpr=ZERO_AS_0)), tooltip=tooltip))
    chart = alt.hconcat(*parts, spacing=10).properties(
        title=title, usermeta=TALL if len(order) > 8 else {})
    return Drawn(localised(chart, language), {"municipalities": frame})
