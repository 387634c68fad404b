"""Every provenance row points at a real document fact, and every document fact has a row.

Vectorised (set look-ups over whole columns): a portfolio has hundreds of thousands of
facts, and only the failing rows are visited one by one.
"""

from __future__ import annotations

import pandas as pd

from ..fields import PROVENANCE, TABLES, TABLES_BY_NAME, record_ids
from ..problems import Report


def cited_record_ids(frames: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """The record_id of each row of every table a provenance row may cite, in row order."""
    return {name: record_ids(frames[name], TABLES_BY_NAME[name])
            for name in PROVENANCE.field("table").allowed_values}


def check_provenance_rows(frames: dict[str, pd.DataFrame], ids: dict[str, list[str]],
                          report: Report) -> None:
    """Every provenance row cites a record that exists, by a field that is a document fact."""
    provenance = frames["provenance"]
    known_table = provenance["table"].isin(list(ids))
    record_exists = pd.Series(False, index=provenance.index)
    for name, table_ids in ids.items():
        rows = provenance["table"] == name
        record_exists |= rows & provenance["record_id"].isin(table_ids)
    origin = pd.Series(None, index=provenance.index, dtype=object)
    for spec in TABLES:
        rows = provenance["table"] == spec.name
        if rows.any():
            origin[rows] = provenance.loc[rows, "field"].map(
                {f.name: f.origin for f in spec.stored_fields})
    for line in provenance.index[known_table & ~record_exists]:
        report(PROVENANCE, line, "record_id", provenance.at[line, "record_id"],
               f"no such record in {TABLES_BY_NAME[provenance.at[line, 'table']].file}")
    for line in provenance.index[record_exists & origin.isna()]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               f"{TABLES_BY_NAME[provenance.at[line, 'table']].file} has no such field")
    for line in provenance.index[record_exists & origin.notna() & (origin != "document")]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               "is not a document fact (curator, SCB or derived field)")


def check_facts_cited(frames: dict[str, pd.DataFrame], ids: dict[str, list[str]],
                      report: Report) -> None:
    """Every document fact stated in a table has its provenance row."""
    provenance = frames["provenance"]
    # The record_ids cited for each (table, field).
    cited = {key: rows.unique() for key, rows in
             provenance.groupby(["table", "field"], sort=False, dropna=True)["record_id"]}
    for name, table_ids in ids.items():
        spec = TABLES_BY_NAME[name]
        frame = frames[name]
        record_ids = pd.Series(table_ids, index=frame.index, dtype=object)
        for field in spec.stored_fields:
            if field.origin != "document":
                continue
            stated = frame[field.name].notna()
            has_row = record_ids.isin(cited.get((name, field.name), ()))
            for line in frame.index[stated & ~has_row]:
                report(spec, line, field.name, frame.at[line, field.name],
                       f"document fact without a provenance row in data/{PROVENANCE.file}")
