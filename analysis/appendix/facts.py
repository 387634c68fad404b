"""The Provenance sheet's rows and the links from each project to its facts and
participations: a document fact beside its curated value, one row per export mapping for the
facts imported from open data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .. import metrics
from ..dataset import Dataset
from ..fields import EXPORT_KIND, PROVENANCE, TABLES_BY_NAME, record_ids
from ..text import Count
from .columns import appendix_words, plain_text, value_labels
from .layout import lookup_hint
from .xml_cells import as_text


def project_order(data: Dataset, project_ids: pd.Series) -> pd.Series:
    """Position of each row's project in the Projects sheet (rows of no project last)."""
    # Project ids are unique (validated), so each row finds at most one position.
    at = pd.Index(data.projects["project_id"]).get_indexer(project_ids)
    return pd.Series(np.where(at < 0, len(data.projects), at), index=project_ids.index)


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


def provenance_sheet_size(data: Dataset) -> int:
    """The rows provenance_rows gives, without making them."""
    exports = data.sources.loc[data.sources["kind"] == EXPORT_KIND, "source_id"]
    imported = data.provenance["source_id"].isin(exports)
    return int((~imported).sum()) + data.provenance[imported].groupby(
        ["source_id", "table", "field", "source_field"]).ngroups


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
    values = pd.Series("", index=provenance.index, dtype=object)
    rows = {}  # table -> the row of each record in its frame, found once per table
    for (table, field), group in provenance.groupby(["table", "field"], sort=False):
        frame = data.table(table)
        if table not in rows:
            rows[table] = pd.Index(record_ids(frame, TABLES_BY_NAME[table]))
        column = frame[field].iloc[rows[table].get_indexer(group["record_id"])]
        text = pd.Series(as_text(column).fill_null("").to_numpy(zero_copy_only=False),
                         index=group.index, dtype=object)
        labels = value_labels(table, TABLES_BY_NAME[table].field(field), language)
        values[group.index] = text.map(labels).where(text.isin(list(labels)), text) \
            if labels else text
    provenance = provenance.assign(value=values, file=provenance["source_id"].map(files))
    return provenance.assign(project_id=fact_project(provenance)).assign(
        _order=lambda f: project_order(data, f["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")


def fact_project(provenance: pd.DataFrame) -> pd.Series:
    """The project a fact is about (metrics.fact_projects), missing for other facts."""
    projects = metrics.fact_projects(provenance)
    return pd.Series(projects.to_numpy(zero_copy_only=False), index=provenance.index,
                     dtype=object).where(pc.is_valid(projects).to_numpy(zero_copy_only=False))


def with_links(projects: pd.DataFrame, provenance: pd.DataFrame | None,
               participations: pd.DataFrame, fact_counts: pd.Series,
               language: str) -> pd.DataFrame:
    """Projects with their facts and organisations counted (`facts`,
    `organisations_taking_part`) and the position of the first of them on Provenance and on
    Participations (`facts_position`, `organisations_taking_part_position`: 0 is the first
    row under the header), and where to look each one up. An imported project's facts link to
    the rows of its export's mapping. Without a Provenance sheet (None) the facts are
    counted only. `fact_counts`: metrics.facts_per_project."""
    words = appendix_words(language)

    def first_rows(frame: pd.DataFrame, template: str, counts: pd.Series | None = None,
                   fallback: dict[str, int] | None = None) -> tuple[pd.Series, pd.Series]:
        grouped = pd.DataFrame({"project_id": frame["project_id"].to_numpy(),
                                "row": range(len(frame))}).groupby("project_id")["row"]
        first = projects["project_id"].map(grouped.min())
        if fallback:
            first = first.fillna(projects["source_id"].map(fallback))
        count = projects["project_id"].map(grouped.size() if counts is None else counts)
        known = first.notna() & count.notna()
        texts = {n: plain_text(template, n=Count(int(n), language))
                 for n in count[known].unique()}
        return (count.where(known).map(texts).astype(object).where(known, None),
                first.where(known).astype("Int64"))

    mapping_rows = {}
    if provenance is not None:
        summary = (provenance["project_id"].isna() & provenance["lines"].isna()).to_numpy()
        mapping_rows = pd.Series(range(len(provenance)))[summary].groupby(
            provenance["source_id"].to_numpy()[summary]).min().to_dict()
    if provenance is None:  # not a sheet: the facts are counted, not linked
        facts_text = first_rows(pd.DataFrame({"project_id": fact_counts.index}),
                                words["facts"], fact_counts)[0]
        facts_position = pd.Series(pd.NA, index=projects.index, dtype="Int64")
    else:
        facts_text, facts_position = first_rows(provenance, words["facts"], fact_counts,
                                                mapping_rows)
    organisations_text, organisations_position = first_rows(participations,
                                                            words["organisations"])
    return projects.assign(
        facts=facts_text, facts_position=facts_position,
        organisations_taking_part=organisations_text,
        organisations_taking_part_position=organisations_position,
        look_up=lookup_hints(projects["reference_number"], language))


def lookup_hints(numbers: pd.Series, language: str) -> pd.Series:
    """lookup_hint for a column: the template filled once, the numbers put in its place."""
    marker = "\x00"
    before, after = lookup_hint(marker, language).split(marker)
    text = numbers.astype(object).where(numbers.notna(), None).map(
        lambda n: None if n is None else str(n))
    known = text.notna() & (text.str.strip() != "")
    return (before + text.where(known, "") + after).astype(object).where(known, None)
