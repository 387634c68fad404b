"""How the Excel appendix reads on screen and on paper: print setup, wrapped text with row
heights, internal links between sheets, and where to look a project up.

Kept apart from the cells module (what goes in the cells) and cheap at 10 000 projects:
row heights are computed per column with pandas, and only cells longer than their column
are given a wrapping style.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins

from ..text import catalogue, fill_plain

A4 = 9  # openpyxl / OOXML paper size code
# Characters (column-width units: the default font's digit) that fit across an A4 page at
# 100 % (portrait, landscape) with the margins below.
PORTRAIT_CHARACTERS, LANDSCAPE_CHARACTERS = 95, 140
# Fitted to the page width, text prints no smaller than this: 11 pt at 7.2 pt. A sheet wider
# than that has its widest columns narrowed (their text wraps) before it takes a second page.
MIN_PRINT_SCALE = 0.65
MAX_PAGES_ACROSS = 2  # wider sheets narrow their columns further rather than print wider
# Narrowing stops here while a sheet can still go a page wider: text columns stay this wide.
COMFORTABLE_WIDTH = 18
# A page break falls between columns: each page but the last may lose up to a column's
# width, and repeats the first column; the budget keeps this much room per break.
BREAK_ROOM = 12
LINE_HEIGHT_POINTS = 15.0
# Letters of running text per unit of column width (the unit is a digit's width; the average
# letter is narrower), less what breaking at spaces loses: printed with LibreOffice, a row's
# height then holds its text with a little room to spare.
LETTERS_PER_WIDTH = 1.1
MAX_LINES = 12  # a row never grows taller than this; the cell still holds the whole text
WRAP = Alignment(wrap_text=True, vertical="top")  # the About sheet: labels level with text
TOP = Alignment(vertical="top")
# In table sheets wrapped text keeps the default bottom alignment of every other cell, so a
# tall row reads level without styling each of its cells (a cost at 10 000 projects).
WRAP_IN_TABLE = Alignment(wrap_text=True)
LINK_FONT = Font(color="0563C1", underline="single")


@dataclass(frozen=True)
class PrintFit:
    """How a sheet fits the paper: its column widths, orientation and pages side by side."""
    widths: list[float]
    orientation: str
    pages_across: int

    @property
    def budget(self) -> float:
        """Characters across all its pages at MIN_PRINT_SCALE, less the room page breaks
        take."""
        return page_budget(self.orientation, self.pages_across, self.widths[0])


def page_budget(orientation: str, pages: int, first: float) -> float:
    per_page = (LANDSCAPE_CHARACTERS if orientation == "landscape"
                else PORTRAIT_CHARACTERS) / MIN_PRINT_SCALE
    return pages * per_page - (pages - 1) * (first + BREAK_ROOM)


def narrowed(natural: list[float], minimum: list[float], budget: float) -> list[float]:
    """The widths with the widest columns narrowed to one cap, as wide as lets them sum to
    `budget` — no column below its minimum nor above its natural width."""
    if sum(natural) <= budget:
        return list(natural)
    low, high = 0.0, max(natural)
    for _ in range(40):  # bisect the cap
        cap = (low + high) / 2
        if sum(max(m, min(n, cap)) for n, m in zip(natural, minimum)) > budget:
            high = cap
        else:
            low = cap
    return [float(max(m, min(n, math.floor(low)))) for n, m in zip(natural, minimum)]


def fit_columns(natural: list[float], minimum: list[float],
                floor: list[float] | None = None) -> PrintFit:
    """Portrait when the natural widths fit a portrait page; else landscape, one page wide
    with the widest columns narrowed no further than COMFORTABLE_WIDTH, else two pages wide
    narrowed as far as the budget needs: never below a column's minimum, or where those
    overflow two pages, its `floor` (a narrower minimum: whole words give way first)."""
    minimum = [min(m, n) for n, m in zip(natural, minimum)]
    if sum(natural) <= PORTRAIT_CHARACTERS:
        return PrintFit(list(natural), "portrait", 1)
    for pages in range(1, MAX_PAGES_ACROSS + 1):
        budget = page_budget("landscape", pages, natural[0])
        widths = narrowed(natural, minimum, budget)
        comfortable = sum(widths) <= budget and all(
            w >= min(n, COMFORTABLE_WIDTH) for w, n in zip(widths, natural))
        if comfortable or pages == MAX_PAGES_ACROSS:
            if sum(widths) > budget and floor is not None:
                widths = narrowed(natural, [min(f, m) for f, m in zip(floor, minimum)],
                                  budget)
            # The fewest pages the narrowed columns need (a narrow sheet: one).
            need = 1 if sum(widths) <= page_budget("landscape", 1, widths[0]) else pages
            return PrintFit(widths, "landscape", need)
    raise AssertionError("unreachable")


def setup_print(ws, fit: PrintFit, footer: str, title_row: bool = True) -> str:
    """A4 in the fit's orientation, fitted to its pages side by side (more than one: the
    first column, the record's id, repeated on each, printed across then down), as many pages down as needed, the
    header row repeated on every page, sheet name and page number in the footer (`footer`,
    in the appendix's language: Excel's &A, &P and &N codes in words). Returns the
    orientation."""
    ws.page_setup.orientation = fit.orientation
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = fit.pages_across
    if fit.pages_across > 1:
        ws.print_title_cols = "A:A"
        # A block of rows on facing pages: left half, then right half, then the next rows.
        ws.page_setup.pageOrder = "overThenDown"
    ws.page_setup.fitToHeight = 0  # 0: as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3,
                                  footer=0.3)
    ws.print_options.gridLines = False
    if title_row:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9
    return fit.orientation


def text_lines(values: pd.Series, width: float) -> np.ndarray:
    """Lines each value takes when wrapped in a column `width` characters wide."""
    lengths = values.astype("string").str.len().fillna(0).to_numpy(dtype=float)
    usable = max(1.0, (width - 1) * LETTERS_PER_WIDTH)
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
