"""Writing a table sheet: every value in a cell of its type (amounts with thousands
separators, months as dates, unknown as an empty cell), text made safe for Excel (no formula,
no control character, no personal contact data), an Excel Table with its filter and a frozen
header."""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ..schema import EMAIL
from .columns import Column
from .layout import (LINE_HEIGHT_POINTS, WRAP, WRAP_IN_TABLE, internal_link, row_heights,
                     setup_print, wrapped)
from .sheets import SheetSpec

SEK_FORMAT = "#,##0"
MONTH_FORMAT = "yyyy-mm"
MAX_COLUMN_WIDTH = 40  # longer text wraps within the column
# Longer sheets are data to filter, not pages to read: their text is not wrapped (styling a
# quarter of a million cells would double the write time); a cell still holds all its text.
WRAP_ROW_LIMIT = 20_000
# Text starting with these could be read as a formula (CWE-1236) or an error value by Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "#")
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


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

    def column(self, values: list) -> list:
        """Clean a whole text column; one search first, as almost every column is clean."""
        text = "\u2028".join(v for v in values if isinstance(v, str))
        if "@" not in text and not ILLEGAL_CHARACTERS_RE.search(text):
            return values
        return [self.text(v) if isinstance(v, str) else v for v in values]


def _first_day(value: str) -> datetime:
    """'2016-10' as the first day of its month: Excel shows it as yyyy-mm."""
    year, month = value.split("-")
    return datetime(int(year), int(month), 1)


def cell_value(ws, value: object, column: Column, cleaner: Cleaner, wrap: bool = False):
    """A value as the cell of its column's type: a link, a date, a number, or text that can
    never be read as a formula."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None  # unknown stays an empty cell, never 0
    if column.link_sheet:
        text, row = value
        return internal_link(ws, text, column.link_sheet, row)
    if column.dtype == "month":
        cell = WriteOnlyCell(ws, _first_day(str(value)))
        cell.number_format = MONTH_FORMAT
        return cell
    if column.dtype == "integer":
        number = int(value)
        if column.unit == "SEK":
            cell = WriteOnlyCell(ws, number)
            cell.number_format = SEK_FORMAT
            return cell
        return number
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(ws, text)
        cell.data_type = "s"  # text, never a formula or an error value
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if wrap:
            cell.alignment = WRAP_IN_TABLE
        return cell
    return wrapped(ws, text) if wrap else text


def _column_width(column: Column, values: pd.Series) -> float:
    sample = values.dropna().astype(str).head(500)
    longest = max([len(column.label)] + [len(v) for v in sample])
    if column.dtype == "month":
        longest = max(len(column.label), 8)
    return min(MAX_COLUMN_WIDTH, longest + 2)


def _in_readers_words(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Coded values in the reader's words (the codes themselves where the edition shows them
    as data/ has them)."""
    coded = {c.name: c.labels for c in columns if c.labels}
    if not coded:
        return frame
    return frame.assign(**{name: frame[name].map(
        lambda v, labels=labels: labels.get(v, v) if isinstance(v, str) else v)
        for name, labels in coded.items()})


def _excel_table_name(title: str, number: int) -> str:
    """An Excel table name from a sheet name: letters, digits and _ in ASCII (å, ä, ö as a,
    o)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return f"T{number}_" + re.sub(r"\W", "", ascii_title)


def write_table_sheet(workbook: Workbook, sheet: SheetSpec, frame: pd.DataFrame,
                      cleaner: Cleaner, table_number: int, footer: str) -> None:
    ws = workbook.create_sheet(check_sheet_title(sheet.title))
    ws.freeze_panes = "A2"
    frame = _in_readers_words(frame, sheet.columns)
    widths = [_column_width(column, frame[column.name]) for column in sheet.columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    setup_print(ws, widths, footer)
    # Text longer than its column wraps, and its row is as tall as the text needs.
    text_columns = {c.name: w for c, w in zip(sheet.columns, widths)
                    if c.dtype in ("string", "list") and not c.link_sheet} \
        if len(frame) <= WRAP_ROW_LIMIT else {}
    heights = row_heights(frame[list(text_columns)], text_columns)
    long_text = {name: (frame[name].astype("string").str.len() > width - 1)
                 .fillna(False).to_numpy() for name, width in text_columns.items()}
    header_font = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.label)
        cell.font = header_font
        cell.alignment = WRAP
        header.append(cell)
    ws.append(header)
    columns = [cleaner.column(frame[c.name].astype(object).tolist()) for c in sheet.columns]
    wraps = [long_text.get(c.name) for c in sheet.columns]
    for position, row in enumerate(zip(*columns)):
        values = [cell_value(ws, value, column, cleaner,
                             wrap is not None and bool(wrap[position]))
                  for value, column, wrap in zip(row, sheet.columns, wraps)]
        if heights is not None and heights[position] > LINE_HEIGHT_POINTS:
            ws.row_dimensions[position + 2].height = float(heights[position])
        ws.append(values)
    last = f"{get_column_letter(len(sheet.columns))}{max(len(frame), 1) + 1}"
    table = Table(displayName=_excel_table_name(sheet.title, table_number), ref=f"A1:{last}")
    table.tableColumns = [TableColumn(id=i, name=c.label)
                          for i, c in enumerate(sheet.columns, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode whatever the table holds; its columns are set.
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)
