"""One project, one record: find imported records that are curated projects, and list where
the two sources differ.

A record is a curated project when it carries the project's reference number, or, where the
curated project has none, when its coordinator and title are the project's. A record with a
curated project's number but a wholly different title (no word in common) is still that
project, but never silently: the two titles become a conflict. Such a record is
never added a second time. For the fields in `fields.COMPARED_FIELDS` each difference becomes
a row of data/conflicts.csv with both values and both sources; the curated value stays what
the report shows. Nothing is overwritten.
"""

from __future__ import annotations

import re

import pandas as pd

from ..fields import COMPARED_FIELDS, FUNDER_GRANT
from .organisations import OrganisationResolver, normalise_name
from .vinnova import COORDINATOR, END, GRANT, REFERENCE, START, Record

BY_NUMBER, BY_TITLE = "reference number", "coordinator and title"


def match_curated(records: list[Record], projects: pd.DataFrame, participations: pd.DataFrame,
                  resolver: OrganisationResolver) -> dict[str, tuple[str, str]]:
    """Reference number -> (curated project_id, how it was matched), for the records that are
    curated projects. `projects` and `participations` are the curated rows as text."""
    by_number = {number: project_id for number, project_id in
                 zip(projects["reference_number"], projects["project_id"]) if number}
    coordinators = participations[participations["role"] == "coordinator"]
    coordinator_of = dict(zip(coordinators["project_id"], coordinators["org_id"]))
    by_title: dict[tuple[str, str], str] = {}
    for row in projects.itertuples(index=False):
        if row.reference_number:
            continue  # a numbered project is matched by its number only
        for title in (row.title, row.title_en):
            if title and row.project_id in coordinator_of:
                by_title[(normalise_name(title), coordinator_of[row.project_id])] = row.project_id
    matches: dict[str, tuple[str, str]] = {}
    for record in records:
        if record.reference in by_number:
            matches[record.reference] = (by_number[record.reference], BY_NUMBER)
            continue
        if not by_title:
            continue
        org_id = resolver.resolve(record.coordinator).org_id
        for title in (record.title, record.title_en):
            project_id = by_title.get((normalise_name(title or ""), org_id or ""))
            if project_id:
                matches[record.reference] = (project_id, BY_TITLE)
                break
    return matches


def differences(record: Record, project: pd.Series, coordinator: pd.Series, matched_by: str,
                resolver: OrganisationResolver, source_id: str) -> list[dict]:
    """Rows of conflicts.csv for one matched record: where its values differ from the curated
    project's. A value the record does not state is no difference."""
    rows = []

    def add(field_name: str, curated: str, imported: str, export_field: str) -> None:
        rows.append({"project_id": project["project_id"], "field": field_name,
                     "curated_value": curated, "imported_value": imported,
                     "imported_source_id": source_id, "imported_record": record.reference,
                     "imported_field": export_field, "matched_by": matched_by,
                     "resolution": "", "note": ""})

    if project["reference_number"] != record.reference:
        add("reference_number", project["reference_number"], record.reference, REFERENCE)
    if matched_by == BY_NUMBER and wholly_different(
            (record.title, record.title_en), (project["title"], project["title_en"])):
        add("title", project["title"], record.title, record.title_field)
    # A total project budget is not a grant: the two are never compared.
    if record.grant is not None and project["amount_basis"] in ("", FUNDER_GRANT) \
            and project["amount_sek"] != str(record.grant):
        add("amount_sek", project["amount_sek"], str(record.grant), GRANT)
    for field_name, value, export_field in (("start_month", record.start_month, START),
                                            ("end_month", record.end_month, END)):
        if value is not None and project[field_name] != value:
            add(field_name, project[field_name], value, export_field)
    if resolver.resolve(record.coordinator).org_id != coordinator["org_id"]:
        add("coordinator", coordinator["name"], record.coordinator, COORDINATOR)
    assert all(row["field"] in COMPARED_FIELDS for row in rows)
    return rows


def _words(titles) -> set[str]:
    return {word for title in titles if title
            for word in re.findall(r"\w{3,}", normalise_name(title))}


def wholly_different(titles: tuple, other: tuple) -> bool:
    """Two projects' titles (each in any of its languages) share no word of three letters or
    more: not the same project's title written another way."""
    mine, theirs = _words(titles), _words(other)
    return bool(mine) and bool(theirs) and not mine & theirs


def keep_resolutions(rows: list[dict], earlier: pd.DataFrame) -> list[dict]:
    """A curator's resolution and note survive a re-import while both values are unchanged."""
    if earlier.empty:
        return rows
    kept = {(r.project_id, r.field, r.curated_value, r.imported_value): (r.resolution, r.note)
            for r in earlier.itertuples(index=False)}
    for row in rows:
        key = (row["project_id"], row["field"], row["curated_value"], row["imported_value"])
        if key in kept:
            row["resolution"], row["note"] = kept[key]
    return rows

