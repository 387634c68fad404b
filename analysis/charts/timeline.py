"""Durations over time: a Gantt chart, or active projects per month for a large table."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..dataset import month_index
from .theme import (KIND_COLOURS, ROW_STEP, WIDTH, WRAPPED_LABELS, _axis_labels, _count_note,
                    _fixed_colours, _title)

MAX_GANTT_ROWS = 40


def _month_start(month: pd.Series) -> pd.Series:
    return pd.to_datetime(month + "-01", format="%Y-%m-%d")


def timeline_chart(projects: pd.DataFrame) -> alt.Chart:
    """Gantt of all projects and initiatives; for a large table, active projects per month."""
    dated = projects[projects["start_month"].notna() & projects["end_month"].notna()]
    undated = projects[~projects.index.isin(dated.index)]
    if len(projects) > MAX_GANTT_ROWS:
        return _active_per_month_chart(dated, len(undated))
    dated = dated.sort_values(["start_month", "end_month"])
    frame = pd.DataFrame({
        "item": _axis_labels(dated["title_en"], dated["project_id"]),
        "title": dated["title_en"].astype(str),
        "kind": dated["kind"].astype(str),
        "start": _month_start(dated["start_month"]).dt.strftime("%Y-%m-%d"),
        # Bars end where the end month ends: the first day of the following month.
        "end": (_month_start(dated["end_month"]) + pd.offsets.MonthBegin(1))
        .dt.strftime("%Y-%m-%d"),
        "start_month": dated["start_month"], "end_month": dated["end_month"],
        "months": dated["duration_months"].astype(int),
    })
    undated_items = _axis_labels(undated["title_en"], undated["project_id"])
    order = frame["item"].tolist() + undated_items
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS))
    tooltip = [alt.Tooltip("title:N", title="Project or initiative"),
               alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("start_month:N", title="Start"),
               alt.Tooltip("end_month:N", title="End"), alt.Tooltip("months:Q", title="Months")]
    bars = alt.Chart(frame).mark_bar(cornerRadius=2, height=14).encode(
        # UTC: month boundaries stay on the first of the month in every viewer's time zone.
        y=y, x=alt.X("start:T", title="Month", scale=alt.Scale(type="utc"),
                     axis=alt.Axis(format="%Y", tickCount="year")),
        x2="end:T", color=alt.Color("kind:N", title="Kind",
                                    scale=_fixed_colours(KIND_COLOURS, projects["kind"])),
        tooltip=tooltip)
    layers = [bars]
    if len(undated):
        first = frame["start"].min() if len(frame) else "2000-01-01"
        notes = pd.DataFrame({"item": undated_items,
                              "title": undated["title_en"].astype(str),
                              "kind": undated["kind"].astype(str), "at": first})
        layers.append(alt.Chart(notes).mark_text(
            align="left", fontStyle="italic", color="#555555", fontSize=11).encode(
            y=y, x="at:T", text=alt.value("dates not stated"),
            tooltip=[alt.Tooltip("title:N", title="Project or initiative"),
                     alt.Tooltip("kind:N", title="Kind")]))
    return alt.layer(*layers).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("Projects and initiatives over time",
                     "Month precision: a bar covers its first and last month in full."))


def _active_per_month_chart(dated: pd.DataFrame, n_undated: int) -> alt.Chart:
    start = month_index(dated["start_month"]).to_numpy(dtype="int64")
    end = month_index(dated["end_month"]).to_numpy(dtype="int64")
    months = np.arange(start.min(), end.max() + 1)
    rows = []
    for kind in sorted(dated["kind"].unique()):
        mask = (dated["kind"] == kind).to_numpy()
        # Active in month m: started at or before m and ended at or after m.
        active = (np.searchsorted(np.sort(start[mask]), months, side="right")
                  - np.searchsorted(np.sort(end[mask]), months, side="left"))
        rows += [{"month": f"{m // 12}-{m % 12 + 1:02d}-01",
                  "month_label": f"{m // 12}-{m % 12 + 1:02d}", "kind": kind, "active": int(a)}
                 for m, a in zip(months, active)]
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_area(opacity=0.85).encode(
        x=alt.X("month:T", title="Month", scale=alt.Scale(type="utc")),
        y=alt.Y("active:Q", title="Projects running", stack=True),
        color=alt.Color("kind:N", title="Kind",
                        scale=_fixed_colours(KIND_COLOURS, dated["kind"])),
        tooltip=[alt.Tooltip("month_label:N", title="Month"),
                 alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("active:Q", title="Running")]).properties(
        width=WIDTH, height=260,
        title=_title("Projects running per month",
                     _count_note(len(dated), "projects are too many for one bar each."),
                     _count_note(n_undated, "without dates are not shown.")))

