"""What goes in the workbook and what beside it: a table longer than a sheet can hold is
split into sheets (Participations 1, Participations 2, …); the Provenance table, one row per
cited fact, is a CSV file beside the workbook (data/provenance.csv as curated), and a sheet
too when it is short enough to read.

The CSV is UTF-8 with a byte order mark (Excel then reads å, ä, ö), comma-separated, with the
field names as headers (the Data dictionary's "Field name"), unknown empty, and text that
starts like a formula preceded by an apostrophe (Excel shows it as text)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .cells import Cleaner, check_sheet_title
from .xml_cells import FORMULA_START, as_text

# Excel's 1 048 576 rows a sheet, less the header row.
MAX_ROWS = 1_048_575
# A Provenance sheet longer than this is data to filter, not to read: beyond it the facts are
# only in the CSV beside the workbook (600 000 cited facts at 50 000 projects would double the
# workbook's size and the time to write and open it).
PROVENANCE_ROWS_IN_WORKBOOK = 100_000


@dataclass(frozen=True)
class Part:
    title: str
    start: int
    stop: int


def sheet_parts(title: str, rows: int) -> list[Part]:
    """The sheets a table of `rows` rows takes: itself, or numbered parts of MAX_ROWS rows."""
    if rows <= MAX_ROWS:
        return [Part(title, 0, rows)]
    return [Part(check_sheet_title(f"{title} {number}"), start, min(start + MAX_ROWS, rows))
            for number, start in enumerate(range(0, rows, MAX_ROWS), start=1)]


def csv_name(workbook: Path, key: str) -> str:
    """The CSV file beside a workbook: appendix.xlsx -> appendix-provenance.csv."""
    return f"{Path(workbook).stem}-{key}.csv"


def write_csv(frame: pd.DataFrame, cleaner: Cleaner, path: Path) -> None:
    """A curated table as data/ has it (its field names as headers, codes as written), as
    CSV (see the module's docstring)."""
    arrays = []
    for name in frame.columns:
        text = cleaner.array(as_text(frame[name]))
        quoted = pc.fill_null(pc.match_substring_regex(text, FORMULA_START), False)
        arrays.append(pc.if_else(quoted, pc.binary_join_element_wise("'", text, ""), text)
                      if pc.any(quoted).as_py() else text)
    with open(path, "wb") as stream:
        stream.write("\ufeff".encode())
        pacsv.write_csv(pa.table(arrays, names=list(frame.columns)), stream)
