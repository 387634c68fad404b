"""The Provenance sheet's rows and the links from each project to its facts and
participations: a document fact beside its curated value, one row per export mapping for the
facts imported from open data."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..fields import EXPORT_KIND, PROVENANCE, TABLES_BY_NAME, record_ids, record_key
from ..text import Count
from .columns import appendix_words, plain_text, value_labels
from .layout import lookup_hint


def project_order(data: Dataset, project_ids: pd.Series) -> pd.Series:
    """Position of each row's project in the Projects sheet (rows of no project last)."""
    order = {pid: i for i, pid in enumerate(data.projects["project_id"])}
    return project_ids.map(order).fillna(len(order))


def provenance_rows(data: Dataset, language: str) -> pd.DataFrame:
    """Each document fact with the curated value beside its document and line; then the
    facts imported from open-data exports, one row per table, field and export field.

    An imported fact's row in data/provenance.csv only repeats what the Projects sheet shows
    (the record is the project's reference number, the field follows from the mapping), so
    600 000 such rows for a 50 000-project portfolio would make the sheet unreadable and the
    workbook slow to write and open, and say nothing more than one row per mapping."""
    exports = data.sources.loc[data.sources["kind"] == EXPORT_KIND, "source_id"]
    imported = data.provenance["source_id"].isin(exports)
    documents = document_rows(data, data.provenance[~imported], language)
    return pd.concat([documents, imported_rows(data, data.provenance[imported], language)],
                     ignore_index=True)


def imported_rows(data: Dataset, provenance: pd.DataFrame, language: str) -> pd.DataFrame:
    """One row per export, table, field and export field, for the facts imported from it."""
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    words = appendix_words(language)["imported"]
    groups = provenance.groupby(["source_id", "table", "field", "source_field"], sort=False)
    rows = [{"table": table, "field": field, "value": "", "source_id": source_id,
             "record_id": plain_text(words["record_id"], n=Count(len(group), language)),
             "file": files.get(source_id), "lines": None,
             "source_record": words["source_record"], "source_field": source_field,
             "note": plain_text(words["note"], n=Count(len(group), language),
                                source_field=source_field),
             "project_id": None}
            for (source_id, table, field, source_field), group in groups]
    return pd.DataFrame(rows, columns=[*PROVENANCE.columns, "value", "file", "project_id"])


def document_rows(data: Dataset, provenance: pd.DataFrame, language: str) -> pd.DataFrame:
    """Each document fact with the value it states (coded values in the edition's words),
    grouped by project in the order of the Projects sheet."""
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    lookups = {}  # table -> {record_id: row position}, built once per table
    columns = {}  # (table, field) -> the column as a list, taken once
    labels = {}  # (table, field) -> a coded field's words in this language
    values = []
    for table, record_id, field in zip(provenance["table"], provenance["record_id"],
                                       provenance["field"]):
        if table not in lookups:
            frame = data.table(table)
            ids = record_ids(frame, TABLES_BY_NAME[table])
            lookups[table] = dict(zip(ids, range(len(frame))))
        if (table, field) not in columns:
            columns[table, field] = data.table(table)[field].astype(object).tolist()
            labels[table, field] = value_labels(table, TABLES_BY_NAME[table].field(field),
                                                language)
        value = columns[table, field][lookups[table][record_id]]
        text = "" if value is None or pd.isna(value) else str(value)
        values.append(labels[table, field].get(text, text))
    provenance = provenance.assign(value=values, file=provenance["source_id"].map(files))
    return provenance.assign(project_id=fact_project(provenance)).assign(
        _order=lambda f: project_order(data, f["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")


def fact_project(provenance: pd.DataFrame) -> pd.Series:
    """The project a fact is about: its own record, or the project of a participation."""
    about_project = provenance["table"].isin(["projects", "participations"])
    return provenance["record_id"].map(lambda record: record_key(record)[0]).where(about_project)


def with_links(projects: pd.DataFrame, provenance: pd.DataFrame,
               participations: pd.DataFrame, facts: pd.DataFrame,
               language: str) -> pd.DataFrame:
    """Projects with links to their first row on Provenance and on Participations (sheet rows:
    the header is row 1) and where to look each one up. An imported project's facts link to
    the rows of its export's mapping."""
    words = appendix_words(language)

    def first_rows(frame: pd.DataFrame, template: str, counts: pd.Series | None = None,
                   fallback: dict[str, int] | None = None) -> pd.Series:
        rows = pd.Series(range(2, len(frame) + 2), index=frame.index)
        grouped = pd.DataFrame({"project_id": frame["project_id"].to_numpy(),
                                "row": rows.to_numpy()}).groupby("project_id")["row"]
        first = grouped.min().to_dict()
        count = (grouped.size() if counts is None else counts).to_dict()
        fallback = fallback or {}

        def link(pid: str, source: str):
            row = first.get(pid, fallback.get(source))
            if row is None or pid not in count:
                return None
            return plain_text(template, n=Count(int(count[pid]), language)), row
        return pd.Series([link(pid, source) for pid, source in
                          zip(projects["project_id"], projects["source_id"])],
                         index=projects.index, dtype=object)

    summary = provenance[provenance["project_id"].isna() & provenance["lines"].isna()]
    mapping_rows = {}
    for position, (source, is_summary) in enumerate(zip(
            provenance["source_id"], provenance.index.isin(summary.index))):
        if is_summary:
            mapping_rows.setdefault(source, position + 2)
    fact_counts = fact_project(facts).value_counts()
    return projects.assign(
        facts=first_rows(provenance, words["facts"], fact_counts, mapping_rows),
        organisations_taking_part=first_rows(participations, words["organisations"]),
        look_up=projects["reference_number"].map(lambda n: lookup_hint(n, language)))
