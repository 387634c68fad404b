"""Organisations: participations by organisation type and role, organisations per project."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import metrics
from ..dataset import Dataset
from .theme import (ROLE_COLOURS, ROW_STEP, TOP_N, WIDTH, WRAPPED_LABELS, _axis_labels,
                    _cut_note, _fixed_colours, _title)


def _bars_by_role(frame: pd.DataFrame, category: str, order: list[str], value: str,
                  value_title: str, tooltip_category: tuple[str, str], step: int,
                  title: alt.TitleParams) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None,
                axis=alt.Axis(labelExpr=WRAPPED_LABELS)),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("role:N", title="Role", scale=_fixed_colours(ROLE_COLOURS, frame["role"])),
        tooltip=[alt.Tooltip(f"{tooltip_category[0]}:N", title=tooltip_category[1]),
                 alt.Tooltip("role:N", title="Role"),
                 alt.Tooltip(f"{value}:Q", title=value_title)]).properties(
        width=WIDTH, height=alt.Step(step), title=title)


def org_types_chart(data: Dataset) -> alt.Chart:
    joined = data.participations.merge(data.organisations[["org_id", "type"]], on="org_id")
    counts = joined.groupby(["type", "role"]).size().rename("participations").reset_index()
    order = counts.groupby("type")["participations"].sum().sort_values(ascending=False)
    return _bars_by_role(counts, "type", order.index.tolist(), "participations",
                         "Participations", ("type", "Organisation type"), 26,
                         _title("Participations by organisation type and role",
                                "An organisation counts once for each project it is in."))


def roles_chart(data: Dataset) -> alt.Chart:
    per_project = metrics.participants_per_project(data)
    totals = per_project.groupby("project_id")["organisations"].sum().sort_values(
        ascending=False, kind="stable")
    kept = totals.head(TOP_N).index
    labels = dict(zip(kept, _axis_labels(
        data.projects.set_index("project_id").loc[kept, "title_en"], pd.Series(kept))))
    frame = per_project[per_project["project_id"].isin(kept)].copy()
    frame["project"] = frame["project_id"].map(labels)
    order = [labels[project] for project in kept]
    return _bars_by_role(frame, "project", order, "organisations", "Organisations",
                         ("title_en", "Project or initiative"), ROW_STEP,
                         _title("Organisations per project, by role",
                                _cut_note(len(kept), len(totals), "projects")))

