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
            known = set(frames[target_table][target_field].dropna())
            for line, value in frames[spec.name][field.name].items():
                if pd.notna(value) and value not in known:
                    report(spec, line, field.name, value,
                           f"no such {target_field} in data/{TABLES_BY_NAME[target_table].file}")
