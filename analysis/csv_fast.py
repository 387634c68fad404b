"""The fast way to read a curated CSV file: pyarrow's parser, whole columns at a time.

csv_tables reads a file with Python's csv module (strict), value by value: at portfolio scale
(a million provenance rows) that was most of the validation's time. pyarrow gives the same
frame only for a plain file, so `plain_text_frame` is used only where that is certain and
returns None otherwise; the exact reader then reads the file and reports what it finds.
A file is read here only when
- it has no NUL character, no carriage return except in CRLF line endings, and no line longer
  than the csv module's field size limit;
- its header line has no quote character and is the table's header;
- pyarrow reads it without error, one row for every line after the header: so no line is
  blank and no quoted value holds a line break (each would make the two counts differ);
- every line that holds a quote character reads, alone, with the csv module (strict, as the
  exact reader) as one row of the table's width; those rows are taken from the csv module.
On the other lines neither parser treats anything but the comma and the line end specially,
so both give the same values. Each value is then stripped and empty becomes None.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from .fields import TableSpec

_NEWLINE, _QUOTE = ord("\n"), ord('"')


def plain_text_frame(raw: bytes, spec: TableSpec) -> pd.DataFrame | None:
    """The frame the exact reader makes of `raw` (valid UTF-8, its byte-order mark removed)
    when it reads without a problem, or None when this path cannot be sure of it."""
    if b"\x00" in raw or raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero(data == _NEWLINE)  # each line ends at its newline or the file's end
    if raw and not raw.endswith(b"\n"):
        ends = np.append(ends, len(raw))
    if len(ends) == 0:
        return None
    starts = np.concatenate(([0], ends[:-1] + 1))
    if int((ends - starts).max()) >= csv.field_size_limit():
        return None
    header = raw[: ends[0] + 1]
    if b'"' in header or _csv_rows(header) != [spec.columns]:
        return None
    quoted = np.unique(np.searchsorted(ends, np.flatnonzero(data == _QUOTE)))
    table = _arrow_table(raw, spec)
    if table is None or table.num_rows != len(ends) - 1:
        return None
    from_csv = {}  # row (0 = the line after the header) -> the csv module's values
    for line in quoted.tolist():
        rows = _csv_rows(raw[starts[line]: ends[line] + 1])
        if rows is None or len(rows) != 1 or len(rows[0]) != len(spec.columns):
            return None
        from_csv[line - 1] = rows[0]
    columns = [_values(table.column(at), at, from_csv) for at in range(len(spec.columns))]
    frame = pd.DataFrame({name: pd.Series(values, dtype=object)
                          for name, (values, _) in zip(spec.columns, columns)},
                         columns=spec.columns, dtype=object)
    frame.index = pd.Index(list(range(2, table.num_rows + 2)), name="line", dtype=int)
    blank = np.logical_and.reduce([empty for _, empty in columns])  # as the exact reader:
    return frame[~blank] if blank.any() else frame  # a row of empty values is no record


def _csv_rows(line: bytes) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(line.decode("utf-8"), newline=""), strict=True))
    except (csv.Error, UnicodeDecodeError):
        return None


def _arrow_table(raw: bytes, spec: TableSpec) -> pa.Table | None:
    try:
        return pa_csv.read_csv(
            pa.py_buffer(raw),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=spec.columns,
                                            use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in spec.columns},
                strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None


def _values(column: pa.ChunkedArray, at: int,
            from_csv: dict[int, list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """A column's values as the exact reader has them (each stripped, None for empty), and
    where they are None. Each distinct value is stripped once: most columns repeat theirs."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = np.empty(len(encoded.dictionary), dtype=object)
    distinct[:] = [value.strip() or None for value in encoded.dictionary.to_pylist()]
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    values = distinct[codes]
    empty = np.isin(codes, np.flatnonzero(distinct == None))  # noqa: E711 (element-wise)
    for row, cells in from_csv.items():
        values[row] = cells[at].strip() or None
        empty[row] = values[row] is None
    return values, empty
