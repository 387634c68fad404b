"""Reading the curated CSV files into frames of text, indexed by their line in the file.

Every check after this one names a record by its file line, so the line number is the index
from here on. Values stay text (None for empty): the schema converts types and reports what
does not convert.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .csv_fast import plain_text_frame
from .fields import TableSpec
from .problems import Findings, Problem


def read_table(data_dir: Path, spec: TableSpec, findings: Findings) -> pd.DataFrame | None:
    """Parse one CSV into a frame of strings (None for empty), indexed by file line number;
    None when the file cannot be read as the table (the problem is in `findings`)."""
    path = data_dir / spec.file
    where = f"data/{spec.file}"
    if not path.exists() and spec.optional:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in spec.columns},
                            index=pd.Index([], name="line", dtype=int))
    if not path.exists():
        findings.add(Problem(where, "-", "", None, "file is missing"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        findings.add(Problem(where, f"at line {line}", "", raw[error.start:error.end],
                             "file is not valid UTF-8 (save it as UTF-8)"))
        return None
    text = text.removeprefix("\ufeff")  # tolerate a BOM written by spreadsheet programs
    # A plain file is read whole columns at a time (csv_fast); any other by the csv module.
    frame = plain_text_frame(raw.removeprefix("\ufeff".encode()), spec)
    return frame if frame is not None else read_text(text, spec, where, findings)


def read_text(text: str, spec: TableSpec, where: str, findings: Findings) -> pd.DataFrame | None:
    """The exact reader: a file's text (without its BOM) as the csv module reads it."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        findings.add(Problem(where, f"at line {reader.line_num}", "", None,
                             f"not readable as CSV ({error}); a quote inside a quoted "
                             "value must be doubled (\"\")"))
        return None
    if not rows:
        findings.add(Problem(where, "-", "", None, "file is empty; it needs at least the "
                             f"header line: {','.join(spec.columns)}"))
        return None
    if rows[0] != spec.columns:
        findings.add(Problem(where, "header (line 1)", "", None,
                             f"{_header_problem(rows[0], spec)}; expected: "
                             f"{','.join(spec.columns)}"))
        return None
    width = len(spec.columns)
    line_numbers = range(2, len(rows) + 1)
    # Whole columns at a time below: a portfolio's provenance table has 600 000 rows.
    if any(len(row) != width for row in rows):
        kept = []
        for offset, row in zip(line_numbers, rows[1:]):
            if len(row) != width and any(cell.strip() for cell in row):
                findings.add(Problem(where, f"at line {offset}", "", None,
                                     f"has {len(row)} fields, expected {width}"))
            elif len(row) == width:
                kept.append((offset, row))
        line_numbers, body = [k[0] for k in kept], [k[1] for k in kept]
    else:
        body = rows[1:]
    # Column by column: each value stripped, empty -> None (a plain comprehension is many
    # times faster than the string accessor on object columns).
    columns = zip(*body) if body else [() for _ in spec.columns]
    frame = pd.DataFrame(
        {column: pd.Series([value.strip() or None for value in values], dtype=object)
         for column, values in zip(spec.columns, columns)},
        columns=spec.columns, dtype=object)
    frame.index = pd.Index(list(line_numbers), name="line", dtype=int)
    return frame[frame.notna().any(axis=1)]  # blank lines


def _header_problem(header: list[str], spec: TableSpec) -> str:
    missing = [c for c in spec.columns if c not in header]
    unknown = [c for c in header if c not in spec.columns]
    return "; ".join(filter(None, [
        f"missing {_columns(missing)}" if missing else "",
        f"unknown {_columns(unknown)}" if unknown else "",
        "columns out of order" if not missing and not unknown else ""]))


def _columns(names: list[str]) -> str:
    return ("column " if len(names) == 1 else "columns ") + ", ".join(names)


def text_frame(texts: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """A table held in memory as text ('' for empty) as if read from its file: the stored
    columns, None for empty, indexed by the line each row would have."""
    frame = texts[spec.columns].astype(object)
    frame = frame.where(frame != "", None)
    frame.index = pd.Index(range(2, len(frame) + 2), name="line")
    return frame
