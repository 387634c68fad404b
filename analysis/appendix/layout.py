"""How the Excel appendix reads on screen and on paper: print setup, wrapped text with row
heights, internal links between sheets, and where to look a project up.

Kept apart from the cells module (what goes in the cells) and cheap at 10 000 projects:
row heights are computed per column with pandas, and only cells longer than their column
are given a wrapping style.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins

from ..text import catalogue, fill_plain

A4 = 9  # openpyxl / OOXML paper size code
# Characters that fit across an A4 page at 100 % (portrait, landscape) with the margins below.
PORTRAIT_CHARACTERS, LANDSCAPE_CHARACTERS = 95, 140
MIN_PRINT_SCALE = 0.7  # smaller print is hard to read
LINE_HEIGHT_POINTS = 15.0
MAX_LINES = 12  # a row never grows taller than this; the cell still holds the whole text
WRAP = Alignment(wrap_text=True, vertical="top")  # the About sheet: labels level with text
TOP = Alignment(vertical="top")
# In table sheets wrapped text keeps the default bottom alignment of every other cell, so a
# tall row reads level without styling each of its cells (a cost at 10 000 projects).
WRAP_IN_TABLE = Alignment(wrap_text=True)
LINK_FONT = Font(color="0563C1", underline="single")


def pages_across(widths: list[float]) -> int:
    """Pages side by side a sheet needs so that it prints at no less than MIN_PRINT_SCALE."""
    return max(1, math.ceil(sum(widths) / (LANDSCAPE_CHARACTERS / MIN_PRINT_SCALE)))


def setup_print(ws, widths: list[float], footer: str, title_row: bool = True) -> str:
    """A4, fitted to the page width — or, for a sheet too wide to read on one page, to as
    few pages side by side as keep the text legible, with the first column (the record's id)
    repeated on each —, as many pages down as needed, the header row repeated on every page,
    sheet name and page number in the footer (`footer`, in the appendix's language: Excel's
    &A, &P and &N codes in words). Returns the orientation."""
    orientation = "landscape" if sum(widths) > PORTRAIT_CHARACTERS else "portrait"
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = A4
    across = pages_across(widths)
    ws.page_setup.fitToWidth = across
    if across > 1:
        ws.print_title_cols = "A:A"
    ws.page_setup.fitToHeight = 0  # 0: as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3,
                                  footer=0.3)
    ws.print_options.gridLines = False
    if title_row:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9
    return orientation


def text_lines(values: pd.Series, width: float) -> np.ndarray:
    """Lines each value takes when wrapped in a column `width` characters wide."""
    lengths = values.astype("string").str.len().fillna(0).to_numpy(dtype=float)
    usable = max(1.0, width - 1)
    return np.maximum(1, np.ceil(lengths / usable)).astype(int)


def row_heights(frame: pd.DataFrame, widths: dict[str, float]) -> np.ndarray | None:
    """Height in points for each row whose text needs more than one line, else None for all
    rows of a sheet where every value fits on one line."""
    if frame.empty:
        return None
    lines = np.ones(len(frame), dtype=int)
    for column, width in widths.items():
        lines = np.maximum(lines, text_lines(frame[column], width))
    if lines.max() <= 1:
        return None
    return np.minimum(lines, MAX_LINES) * LINE_HEIGHT_POINTS


def wrapped(ws, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.alignment = WRAP_IN_TABLE
    return cell


def internal_link(ws, text: str, sheet: str, row: int, column: str = "A") -> WriteOnlyCell:
    """A cell that jumps to a cell of another sheet: no formula, a hyperlink to a location."""
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    quoted = sheet.replace("'", "''")  # an apostrophe in a sheet name is doubled
    cell.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!{column}{row}", display=text)
    cell.font = LINK_FONT
    return cell


def lookup_hint(reference_number: object, language: str) -> str | None:
    """Where a reader finds a project by its reference number; None when there is none.
    Vinnova's project database is searched by reference number on vinnova.se."""
    if reference_number is None or (isinstance(reference_number, float)
                                    and math.isnan(reference_number)) \
            or reference_number is pd.NA or not str(reference_number).strip():
        return None
    return fill_plain(catalogue(language)["appendix"]["look_up"],
                      reference_number=str(reference_number))
