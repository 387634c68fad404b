"""Every provenance row points at a real document fact, and every document fact has a row.

Whole columns at a time: a portfolio has a million facts. Each cited table's record_ids and
the record_ids its provenance rows name are numbered together once (`cited_records`), so
that both checks are look-ups of numbers; only the failing rows are visited one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..fields import PROVENANCE, TABLES_BY_NAME, record_ids
from ..problems import Report


@dataclass(frozen=True)
class CitedRecords:
    """For each table a provenance row may cite: a number for each of its rows' record_id,
    and for each provenance row of that table the number of the record it names (-1 for a
    record the table does not hold, or a row of another table). One number, one record_id."""
    records: dict[str, np.ndarray]
    cited: dict[str, np.ndarray]


def cited_records(frames: dict[str, pd.DataFrame]) -> CitedRecords:
    provenance = frames["provenance"]
    tables = provenance["table"].to_numpy(dtype=object)
    named = provenance["record_id"].to_numpy(dtype=object)
    records, cited = {}, {}
    for name in PROVENANCE.field("table").allowed_values:
        ids = np.empty(len(frames[name]), dtype=object)
        ids[:] = record_ids(frames[name], TABLES_BY_NAME[name])
        rows = tables == name
        # A table's own record_ids come first, so they have the lowest numbers.
        numbers, _ = pd.factorize(np.concatenate([ids, named[rows]]))
        own, of_rows = numbers[: len(ids)], numbers[len(ids):]
        held = int(own.max()) + 1 if len(own) else 0
        cited[name] = np.full(len(provenance), -1, dtype=np.int64)
        cited[name][rows] = np.where(of_rows < held, of_rows, -1)  # -1 also for no record_id
        records[name] = own
    return CitedRecords(records, cited)


def check_provenance_rows(frames: dict[str, pd.DataFrame], numbered: CitedRecords,
                          report: Report) -> None:
    """Every provenance row cites a record that exists, by a field that is a document fact."""
    provenance = frames["provenance"]
    tables, names = pd.factorize(provenance["table"])  # the few tables, each once
    known_table = np.zeros(len(provenance), dtype=bool)
    record_exists = np.zeros(len(provenance), dtype=bool)
    origin = np.full(len(provenance), None, dtype=object)
    for code, name in enumerate(names):
        if name not in numbered.cited:
            continue
        rows = tables == code
        known_table |= rows
        record_exists |= numbered.cited[name] >= 0
        origins = {f.name: f.origin for f in TABLES_BY_NAME[name].stored_fields}
        origin[rows] = provenance["field"][rows].map(origins).to_numpy()
    no_field = pd.isna(origin)
    for line in provenance.index[known_table & ~record_exists]:
        report(PROVENANCE, line, "record_id", provenance.at[line, "record_id"],
               f"no such record in {TABLES_BY_NAME[provenance.at[line, 'table']].file}")
    for line in provenance.index[record_exists & no_field]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               f"{TABLES_BY_NAME[provenance.at[line, 'table']].file} has no such field")
    for line in provenance.index[record_exists & ~no_field & (origin != "document")]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               "is not a document fact (curator, SCB or derived field)")


def check_facts_cited(frames: dict[str, pd.DataFrame], numbered: CitedRecords,
                      report: Report) -> None:
    """Every document fact stated in a table has its provenance row."""
    provenance = frames["provenance"]
    fields, field_names = pd.factorize(provenance["field"])
    field_code = {name: code for code, name in enumerate(field_names)}
    for name, records in numbered.records.items():
        spec = TABLES_BY_NAME[name]
        frame = frames[name]
        held = int(records.max()) + 1 if len(records) else 0
        for field in spec.stored_fields:
            if field.origin != "document":
                continue
            # The records of this table with a provenance row for this field.
            cited = numbered.cited[name][fields == field_code.get(field.name, -2)]
            with_row = np.zeros(held, dtype=bool)
            with_row[cited[cited >= 0]] = True
            stated = frame[field.name].notna().to_numpy()
            for line in frame.index[stated & ~with_row[records]]:
                report(spec, line, field.name, frame.at[line, field.name],
                       f"document fact without a provenance row in data/{PROVENANCE.file}")
