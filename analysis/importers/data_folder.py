"""The data folder as an import finds it: every table as text, or one clear refusal.

Before anything is written: a column a curator added that the tool does not know is refused by
file and column (the import would otherwise drop it); a folder that is not valid as it is gets
the validator's own message, not a traceback from somewhere in the mapping.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..dataset import DataValidationError, load_dataset
from ..fields import TABLES


def unknown_columns(data_dir: Path) -> list[str]:
    """'data/projects.csv, column my_notes' for each column no table of the tool has."""
    problems = []
    for spec in TABLES:
        path = data_dir / spec.file
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # the validator names it
        for column in header:
            if column.strip() and column not in spec.columns:
                problems.append(f"{data_dir.name}/{spec.file}, column {column!r}: a column the "
                                f"tool does not know (an import would drop it); move it to a "
                                f"file of your own or remove it, then import again. The "
                                f"table's columns: {', '.join(spec.columns)}")
    return problems


def invalid_folder_problem(data_dir: Path) -> str | None:
    """The validator's message when data_dir is not valid as it is, as one refusal."""
    try:
        load_dataset(data_dir)
    except DataValidationError as error:
        indented = str(error).replace("\n", "\n    ")
        return (f"the data folder {data_dir}/ is not valid as it is, so nothing was imported; "
                f"fix it first (`python -m analysis validate --data {data_dir}` shows the "
                f"same).\n    {indented}")
    return None


def read_raw_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table as text exactly as stored ('' for empty), for rewriting without changes."""
    tables = {}
    for spec in TABLES:
        path = data_dir / spec.file
        if not path.exists() and spec.optional:
            tables[spec.name] = pd.DataFrame(columns=spec.columns, dtype=str)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        tables[spec.name] = frame[spec.columns]  # a missing column: KeyError, see store
    return tables
