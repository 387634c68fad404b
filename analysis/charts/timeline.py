"""Durations over time: a Gantt chart, or active projects per month for a larger table.

The Gantt chart names every item on its own row; up to MAX_GANTT_ROWS of them fit three
quarters of a printed page at their size (LIST_PRINT_HEIGHT); more are counted per month."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..derived import month_index
from ..text import Count, fill_plain, format_month, title_field
from ..text.labels import value_label
from .drawn import Drawn
from .theme import (KIND_COLOURS, LIST_PRINT_HEIGHT, ROW_STEP, WIDTH, WRAPPED_LABELS,
                    _axis_labels, _fixed_colours, _title, chart_words, localised)

MAX_GANTT_ROWS = 16


def _month_start(month: pd.Series) -> pd.Series:
    return pd.to_datetime(month + "-01", format="%Y-%m-%d")


def _first_month(item: str, bars: pd.DataFrame, events: pd.DataFrame) -> str:
    """Rows in time order, bars and events together."""
    if item in set(bars["item"]):
        return bars.loc[bars["item"] == item, "start"].iloc[0]
    return events.loc[events["item"] == item, "at"].iloc[0]


def _kinds(kinds: pd.Series, language: str) -> list[str]:
    return [value_label("kind", kind, language) for kind in kinds.astype(str)]


def timeline_chart(projects: pd.DataFrame, language: str) -> Drawn:
    """Gantt of all projects and initiatives; for a large table, active projects per month.

    Parts: `bars` (dated projects and initiatives), `events` (one month each), `undated`
    (named, without a bar); or `active` (projects running per month and kind)."""
    dated = projects[projects["start_month"].notna() & projects["end_month"].notna()]
    undated = projects[~projects.index.isin(dated.index)]
    if len(projects) > MAX_GANTT_ROWS:
        return _active_per_month_chart(dated, len(undated), language)
    words = {**chart_words(language), **chart_words(language)["timeline"]}
    titles = title_field(language)
    dated = dated.sort_values(["start_month", "end_month"])
    # An event has a date, not a duration: a mark at its month, never a bar.
    events, dated = dated[dated["kind"] == "event"], dated[dated["kind"] != "event"]
    frame = pd.DataFrame({
        "item": _axis_labels(dated[titles], dated["project_id"]),
        "title": dated[titles].astype(str),
        "kind": _kinds(dated["kind"], language),
        "start": _month_start(dated["start_month"]).dt.strftime("%Y-%m-%d"),
        # Bars end where the end month ends: the first day of the following month.
        "end": (_month_start(dated["end_month"]) + pd.offsets.MonthBegin(1))
        .dt.strftime("%Y-%m-%d"),
        "start_month": [format_month(m, language, short=True) for m in dated["start_month"]],
        "end_month": [format_month(m, language, short=True) for m in dated["end_month"]],
        "months": dated["duration_months"].astype(int),
    })
    undated_items = _axis_labels(undated[titles], undated["project_id"])
    event_frame = pd.DataFrame({
        "item": _axis_labels(events[titles], events["project_id"]),
        "title": events[titles].astype(str),
        "kind": _kinds(events["kind"], language),
        "at": (_month_start(events["start_month"]) + pd.Timedelta(days=14))
        .dt.strftime("%Y-%m-%d"),
        "month": [format_month(m, language, short=True) for m in events["start_month"]]})
    order = sorted(frame["item"].tolist() + event_frame["item"].tolist(),
                   key=lambda item: _first_month(item, frame, event_frame)) + undated_items
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS))
    tooltip = [alt.Tooltip("title:N", title=words["tip_project"]),
               alt.Tooltip("kind:N", title=words["tip_kind"]),
               alt.Tooltip("start_month:N", title=words["tip_start"]),
               alt.Tooltip("end_month:N", title=words["tip_end"]),
               alt.Tooltip("months:Q", title=words["tip_months"])]
    bars = alt.Chart(frame).mark_bar(cornerRadius=2, height=14).encode(
        # UTC: month boundaries stay on the first of the month in every viewer's time zone.
        y=y, x=alt.X("start:T", title=words["axis"], scale=alt.Scale(type="utc", padding=10),
                     axis=alt.Axis(format="%Y", tickCount="year")),
        x2="end:T", color=alt.Color("kind:N", title=words["kind_legend"],
                                    scale=_fixed_colours(KIND_COLOURS, projects["kind"], "kind",
                                                         language)),
        tooltip=tooltip)
    layers, frames = [bars], {"bars": frame, "events": event_frame}
    if len(events):
        layers.append(alt.Chart(event_frame).mark_point(
            shape="diamond", size=120, filled=True, opacity=1).encode(
            y=y, x="at:T",
            color=alt.Color("kind:N", title=words["kind_legend"],
                            scale=_fixed_colours(KIND_COLOURS, projects["kind"], "kind",
                                                 language)),
            tooltip=[alt.Tooltip("title:N", title=words["tip_project"]),
                     alt.Tooltip("kind:N", title=words["tip_kind"]),
                     alt.Tooltip("month:N", title=words["tip_event_month"])]))
    if len(undated):
        first = frame["start"].min() if len(frame) else "2000-01-01"
        notes = pd.DataFrame({"item": undated_items,
                              "title": undated[titles].astype(str),
                              "kind": _kinds(undated["kind"], language), "at": first})
        frames["undated"] = notes
        layers.append(alt.Chart(notes).mark_text(
            align="left", fontStyle="italic", color="#555555", fontSize=11).encode(
            y=y, x="at:T", text=alt.value(words["undated"]),
            tooltip=[alt.Tooltip("title:N", title=words["tip_project"]),
                     alt.Tooltip("kind:N", title=words["tip_kind"])]))
    return Drawn(localised(alt.layer(*layers).properties(
        width=WIDTH, height=alt.Step(ROW_STEP), usermeta={"print_max_height": LIST_PRINT_HEIGHT},
        title=_title(words["title"], words["note"])), language), frames)


def _active_per_month_chart(dated: pd.DataFrame, n_undated: int, language: str) -> Drawn:
    words = {**chart_words(language), **chart_words(language)["timeline"]}
    start = month_index(dated["start_month"]).to_numpy(dtype="int64")
    end = month_index(dated["end_month"]).to_numpy(dtype="int64")
    months = np.arange(start.min(), end.max() + 1)
    rows = []
    for kind in sorted(dated["kind"].unique()):
        mask = (dated["kind"] == kind).to_numpy()
        # Active in month m: started at or before m and ended at or after m.
        active = (np.searchsorted(np.sort(start[mask]), months, side="right")
                  - np.searchsorted(np.sort(end[mask]), months, side="left"))
        label = value_label("kind", kind, language)
        rows += [{"month": f"{m // 12}-{m % 12 + 1:02d}-01",
                  "month_label": format_month(f"{m // 12}-{m % 12 + 1:02d}", language,
                                              short=True),
                  "kind": label, "active": int(a)}
                 for m, a in zip(months, active)]
    frame = pd.DataFrame(rows)
    notes = [fill_plain(words["active_many"], n=Count(len(dated), language))]
    if n_undated:
        notes.append(fill_plain(words["active_undated"], n=Count(n_undated, language)))
    return Drawn(localised(alt.Chart(frame).mark_area(opacity=0.85).encode(
        x=alt.X("month:T", title=words["active_month_axis"], scale=alt.Scale(type="utc")),
        y=alt.Y("active:Q", title=words["active_axis"], stack=True),
        color=alt.Color("kind:N", title=words["kind_legend"],
                        scale=_fixed_colours(KIND_COLOURS, dated["kind"], "kind", language)),
        tooltip=[alt.Tooltip("month_label:N", title=words["tip_month"]),
                 alt.Tooltip("kind:N", title=words["tip_kind"]),
                 alt.Tooltip("active:Q", title=words["tip_running"])]).properties(
        width=WIDTH, height=260, title=_title(words["active_title"], *notes)), language),
        {"active": frame})
