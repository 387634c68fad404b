"""Writing a table sheet: every value in a cell of its type (amounts with thousands
separators, months as dates, unknown as an empty cell), text made safe for Excel (no formula,
no control character, no personal contact data), an Excel Table with its filter and a frozen
header.

openpyxl writes what is small — the header row, column widths, print setup, the Table, the
style table —; the rows are streamed into the sheet afterwards (`xml_cells`, `package`), a
column at a time.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ..schema import EMAIL
from . import xml_cells
from .columns import Column
from .layout import (LINE_HEIGHT_POINTS, LINK_FONT, WRAP, WRAP_IN_TABLE, fit_columns,
                     row_heights, setup_print)
from .sheets import SheetSpec
from .xml_cells import FORMULA_TRIGGERS, Styles  # noqa: F401 — the rule's one home

SEK_FORMAT = "#,##0"
MONTH_FORMAT = "yyyy-mm"
MAX_COLUMN_WIDTH = 40  # longer text wraps within the column
MIN_TEXT_WIDTH = 10  # a wrapping text column is narrowed no further to fit the paper
# ... and a column of running text (typically longer than the widest column: a summary, a
# description), no narrower than this: its rows would grow tallest.
MIN_PROSE_WIDTH = 30
MAX_WORD_WIDTH = 20
WIDTH_SAMPLE = 500  # a column's width is that of its longest value among its first known ones
# Longer sheets are data to filter, not pages to read: their text is not wrapped and their
# rows keep one line; a cell still holds all its text.
WRAP_ROW_LIMIT = 20_000
ROWS_PER_CHUNK = 50_000  # rows turned into XML at a time: memory stays flat at any size
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, and U+FFFE, U+FFFF).
ILLEGAL_CHARACTERS = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{FFFE}\\x{FFFF}]"
ILLEGAL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_BYTES = b"\t\n\r" + bytes(range(32, 256))  # every byte but the control characters


def check_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: 1 to 31 characters, none of []:*?/\\, no apostrophe at
    either end."""
    if not 0 < len(title) <= 31 or INVALID_SHEET_CHARACTERS.search(title) \
            or title.startswith("'") or title.endswith("'"):
        raise ValueError(f"not a valid Excel sheet name: {title!r}")
    return title


class Cleaner:
    """Makes data text safe for Excel and counts what it had to change."""

    def __init__(self) -> None:
        self.control_characters_removed = 0

    def text(self, value: str) -> str:
        if "@" in value and EMAIL.search(value):
            raise ValueError(f"refusing to write personal contact data to Excel: {value!r}")
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
        if cleaned != value:
            self.control_characters_removed += 1
        return cleaned

    def array(self, text: pa.Array) -> pa.Array:
        """A whole text column at once: the values with an @ are checked one by one, the
        characters XML cannot hold removed and counted."""
        raw = xml_cells.raw_bytes(text)
        if b"@" in raw:
            at = pc.fill_null(pc.match_substring(text, "@"), False)
            for value in pc.filter(text, at).to_pylist():
                self.text(value)
        # What is left of the bytes once every byte XML can hold is deleted: the control
        # characters (one pass in C, several times faster than comparing arrays).
        if not raw.translate(None, XML_BYTES) \
                and b"\xef\xbf\xbe" not in raw and b"\xef\xbf\xbf" not in raw:
            return text
        illegal = pc.fill_null(pc.match_substring_regex(text, ILLEGAL_CHARACTERS), False)
        found = pc.sum(illegal).as_py() or 0
        if not found:
            return text
        self.control_characters_removed += found
        return pc.replace_substring_regex(text, ILLEGAL_CHARACTERS, "")


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _column_widths(column: Column, values: pd.Series,
                   first: bool) -> tuple[float, float, float]:
    """The column's natural width (its longest value in a sample, or its header's longest
    word: a longer header wraps) and the narrowest it may be made to print: a wrapping text
    column down to its longest word (of its header, or up to MAX_WORD_WIDTH of its values),
    or MIN_TEXT_WIDTH (MIN_PROSE_WIDTH for running text), and where those overflow the
    pages its floor (the same without its values' words); numbers, months, links
    and the first column (the record's id, repeated on each page) keep their natural width."""
    header = _longest_word(column.label)
    if column.dtype == "month":
        return (float(max(header, 8) + 2),) * 3
    # The first WIDTH_SAMPLE values known, without testing a million rows for them.
    sample = values.iloc[:WIDTH_SAMPLE * 4].dropna()
    if len(sample) < WIDTH_SAMPLE < len(values):
        sample = values.dropna()
    sample = sample.head(WIDTH_SAMPLE).astype(str)
    longest = max([header] + [len(v) for v in sample])
    natural = float(min(MAX_COLUMN_WIDTH, longest + 2))
    wraps = column.dtype in ("string", "list") and not column.link_sheet and not first
    if not wraps:
        return natural, natural, natural
    prose = len(sample) and sample.str.len().median() > MAX_COLUMN_WIDTH
    # A word never breaks across lines, up to a long one's MAX_WORD_WIDTH.
    word = int(sample.str.split().explode().str.len().max()) if len(sample) else 0
    floor = float(max(header + 2, MIN_PROSE_WIDTH if prose else MIN_TEXT_WIDTH))
    return natural, max(floor, min(word + 2, MAX_WORD_WIDTH)), floor


def header_height(columns: list[Column], widths: list[float]) -> float | None:
    """Points for a header row whose labels wrap, None when each fits on one line."""
    lines = 1
    for column, width in zip(columns, widths):
        line, count = 0, 1
        for word in column.label.split():
            if line and line + 1 + len(word) > width - 1:
                count, line = count + 1, len(word)
            else:
                line += (1 if line else 0) + len(word)
        lines = max(lines, count)
    return lines * LINE_HEIGHT_POINTS if lines > 1 else None


def _in_readers_words(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Coded values in the reader's words (the codes themselves where the edition shows them
    as data/ has them)."""
    coded = {c.name: c.labels for c in columns if c.labels}
    if not coded:
        return frame
    return frame.assign(**{name: frame[name].map(labels).where(
        frame[name].isin(list(labels)), frame[name]) for name, labels in coded.items()})


def _excel_table_name(title: str, number: int) -> str:
    """An Excel table name from a sheet name: letters, digits and _ in ASCII (å, ä, ö as a,
    o)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return f"T{number}_" + re.sub(r"\W", "", ascii_title)


def workbook_styles(workbook: Workbook) -> Styles:
    """The cell styles the rows use, registered in the workbook's style table."""
    ws = workbook.create_sheet("styles")  # a scratch sheet, removed again
    try:
        def style(**attributes) -> int:
            cell = WriteOnlyCell(ws, "")
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell.style_id
        return Styles(text=style(), wrapped=style(alignment=WRAP_IN_TABLE),
                      quoted=style(quotePrefix=True),
                      quoted_wrapped=style(quotePrefix=True, alignment=WRAP_IN_TABLE),
                      amount=style(number_format=SEK_FORMAT),
                      month=style(number_format=MONTH_FORMAT), link=style(font=LINK_FONT))
    finally:
        workbook.remove(ws)


@dataclass
class Links:
    """Where a link column's cells go: the target's position (0-based row of its table) in
    `frame[positions]`, the target's sheets and rows per sheet."""
    positions: str
    sheets: list[str]
    rows_per_sheet: int

    def locations(self, positions: pd.Series) -> pa.Array:
        known = positions.notna().to_numpy()
        at = positions.fillna(0).to_numpy(dtype=np.int64)
        part, row = np.divmod(at, self.rows_per_sheet)
        quoted = np.array([f"'{t.replace(chr(39), chr(39) * 2)}'!A" for t in self.sheets],
                          dtype=object)
        text = pd.Series(quoted[np.minimum(part, len(self.sheets) - 1)]) + (row + 2).astype(str)
        return pa.array(text.where(known, None), type=pa.string())


@dataclass
class StreamedSheet:
    """A sheet whose header openpyxl wrote; its rows follow as XML chunks."""
    worksheet: object  # openpyxl's; its part in the package is named when the package is saved
    frame: pd.DataFrame
    columns: list[Column]
    styles: Styles
    texts: dict[str, pa.Array]  # each text column, cleaned
    wraps: dict[str, np.ndarray]  # column -> cells whose text wraps
    heights: np.ndarray | None  # points per row, 0 for one line
    links: dict[str, Links]

    @property
    def path(self) -> str:
        """The worksheet's part in the saved package."""
        return self.worksheet.path.lstrip("/")

    def chunks(self) -> Iterator[tuple[memoryview, memoryview]]:
        """(rows, hyperlinks) as XML bytes, ROWS_PER_CHUNK rows at a time."""
        letters = [get_column_letter(i + 1) for i in range(len(self.columns))]
        link_styles = dataclasses.replace(self.styles, text=self.styles.link)
        for start in range(0, len(self.frame), ROWS_PER_CHUNK):
            part = self.frame.iloc[start:start + ROWS_PER_CHUNK]
            numbers = np.arange(start + 2, start + 2 + len(part))
            rows = pc.cast(pa.array(numbers), pa.string())
            cells, links = [], []
            for letter, column in zip(letters, self.columns):
                values = part[column.name]
                if column.dtype == "month":
                    cells.append(xml_cells.number_cells(
                        letter, rows, xml_cells.month_serials(values), self.styles.month))
                    continue
                if column.dtype == "integer":
                    cells.append(xml_cells.number_cells(
                        letter, rows, xml_cells.integers(values),
                        self.styles.amount if column.unit == "SEK" else 0))
                    continue
                text = self.texts[column.name].slice(start, len(part))
                if column.name in self.links:
                    target = self.links[column.name]
                    cells.append(xml_cells.text_cells(letter, rows, text, link_styles))
                    links.append(xml_cells.hyperlinks_xml(
                        letter, rows, text, target.locations(
                            part[target.positions].reset_index(drop=True))))
                    continue
                wrap = self.wraps.get(column.name)
                cells.append(xml_cells.text_cells(
                    letter, rows, text, self.styles,
                    None if wrap is None else wrap[start:start + len(part)]))
            heights = None if self.heights is None else \
                self.heights[start:start + ROWS_PER_CHUNK]
            yield (xml_cells.joined_bytes(xml_cells.rows_xml(numbers, cells, heights)),
                   xml_cells.joined_bytes(pa.concat_arrays(links).drop_null())
                   if links else memoryview(b""))


def write_table_sheet(workbook: Workbook, sheet: SheetSpec, frame: pd.DataFrame,
                      cleaner: Cleaner, table_number: int, footer: str, styles: Styles,
                      links: dict[str, Links] | None = None) -> StreamedSheet:
    """The sheet's header, widths, print setup and Table; its rows, to stream."""
    ws = workbook.create_sheet(check_sheet_title(sheet.title))
    ws.freeze_panes = "A2"
    frame = _in_readers_words(frame, sheet.columns).reset_index(drop=True)
    natural, narrowest, floor = zip(*(_column_widths(column, frame[column.name], index == 0)
                                      for index, column in enumerate(sheet.columns)))
    fit = fit_columns(list(natural), list(narrowest), list(floor))
    widths = fit.widths
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    setup_print(ws, fit, footer)
    height = header_height(sheet.columns, widths)
    if height:
        ws.row_dimensions[1].height = height
    # Text longer than its column wraps, and its row is as tall as the text needs.
    text_columns = {c.name: w for c, w in zip(sheet.columns, widths)
                    if c.dtype in ("string", "list") and not c.link_sheet} \
        if len(frame) <= WRAP_ROW_LIMIT else {}
    heights = row_heights(frame[list(text_columns)], text_columns)
    if heights is not None:
        heights = np.where(heights > LINE_HEIGHT_POINTS, heights, 0)
    wraps = {name: (frame[name].astype("string").str.len() > width - 1)
             .fillna(False).to_numpy(dtype=bool) for name, width in text_columns.items()}
    header_font = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.label)
        cell.font = header_font
        cell.alignment = WRAP
        header.append(cell)
    ws.append(header)
    last = f"{get_column_letter(len(sheet.columns))}{max(len(frame), 1) + 1}"
    table = Table(displayName=_excel_table_name(sheet.title, table_number), ref=f"A1:{last}")
    table.tableColumns = [TableColumn(id=i, name=c.label)
                          for i, c in enumerate(sheet.columns, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode whatever the table holds; its columns are set.
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)
    texts = {c.name: cleaner.array(xml_cells.as_text(frame[c.name])) for c in sheet.columns
             if c.dtype not in ("month", "integer")}
    return StreamedSheet(ws, frame, sheet.columns, styles, texts, wraps,
                         heights, links or {})
