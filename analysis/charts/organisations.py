"""Organisations: participations by organisation type and role, organisations per project."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import metrics
from ..dataset import Dataset
from ..text import Count, fill_plain, title_field
from ..text.labels import value_label
from .drawn import Drawn
from .theme import (LIST_PRINT_HEIGHT, ROLE_COLOURS, ROW_STEP, WIDTH, WRAPPED_LABELS,
                    _axis_labels, _fixed_colours, _title, chart_words, localised)

# The largest projects drawn, each on its own row: as many as fit three quarters of a printed
# page at their size (LIST_PRINT_HEIGHT).
MAX_ROLE_ROWS = 15


def _words(language: str) -> dict:
    return {**chart_words(language), **chart_words(language)["organisations"]}


def _bars_by_role(frame: pd.DataFrame, category: str, order: list[str], value: str,
                  value_title: str, tooltip_category: tuple[str, str], step: int,
                  title: alt.TitleParams, language: str, **properties) -> Drawn:
    """Bars stacked by role (part `bars`); `frame` holds role codes, drawn as the edition's
    words."""
    words = _words(language)
    colours = _fixed_colours(ROLE_COLOURS, frame["role"], "role", language)
    frame = frame.assign(role=[value_label("role", r, language) for r in frame["role"]])
    return Drawn(localised(alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None,
                axis=alt.Axis(labelExpr=WRAPPED_LABELS)),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("role:N", title=words["role_legend"], scale=colours),
        tooltip=[alt.Tooltip(f"{tooltip_category[0]}:N", title=tooltip_category[1]),
                 alt.Tooltip("role:N", title=words["role_legend"]),
                 alt.Tooltip(f"{value}:Q", title=value_title)]).properties(
        width=WIDTH, height=alt.Step(step), title=title, **properties), language),
        {"bars": frame})


def org_types_chart(data: Dataset, language: str) -> Drawn:
    words = _words(language)
    joined = data.participations.merge(data.organisations[["org_id", "type"]], on="org_id")
    counts = joined.groupby(["type", "role"]).size().rename("participations").reset_index()
    order = counts.groupby("type")["participations"].sum().sort_values(
        ascending=False, kind="stable")
    counts["type"] = [value_label("type", t, language) for t in counts["type"]]
    return _bars_by_role(counts, "type", [value_label("type", t, language) for t in order.index],
                         "participations", words["participations_axis"],
                         ("type", words["tip_type"]), 26,
                         _title(words["types_title"], words["types_note"]), language)


def roles_chart(data: Dataset, language: str) -> Drawn:
    words = _words(language)
    per_project = metrics.participants_per_project(data)
    totals = per_project.groupby("project_id")["organisations"].sum().sort_values(
        ascending=False, kind="stable")
    kept = totals.head(MAX_ROLE_ROWS).index
    titles = data.projects.set_index("project_id")[title_field(language)].astype(str)
    labels = dict(zip(kept, _axis_labels(titles.loc[kept], pd.Series(kept))))
    frame = per_project[per_project["project_id"].isin(kept)].drop(columns="title_en")
    frame["title"] = frame["project_id"].map(titles)
    frame["project"] = frame["project_id"].map(labels)
    order = [labels[project] for project in kept]
    cut = fill_plain(words["cut"], shown=Count(len(kept), language),
                     total=Count(len(totals), language)) if len(totals) > len(kept) else ""
    return _bars_by_role(frame, "project", order, "organisations", words["organisations_axis"],
                         ("title", words["tip_project"]), ROW_STEP,
                         _title(words["roles_title"], cut), language,
                         usermeta={"print_max_height": LIST_PRINT_HEIGHT})
