"""A value that names a record of another table names one that exists: the foreign keys
declared in the metadata (FieldSpec.references, "table.field")."""

from __future__ import annotations

import pandas as pd

from ..fields import TABLES, TABLES_BY_NAME
from ..problems import Report


def check_foreign_keys(frames: dict[str, pd.DataFrame], report: Report) -> None:
    for spec in TABLES:
        for field in spec.stored_fields:
            if not field.references:
                continue
            target_table, target_field = field.references.split(".")
            known = frames[target_table][target_field].dropna().unique()
            values = frames[spec.name][field.name]
            # Whole columns at a time; only the rows that name no record are visited.
            unknown = values.notna() & ~values.isin(known)
            for line, value in values[unknown].items():
                report(spec, line, field.name, value,
                       f"no such {target_field} in data/{TABLES_BY_NAME[target_table].file}")
