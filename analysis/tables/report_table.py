"""Report-ready tables for notebooks and Quarto.

A `ReportTable` displays in HTML (Quarto's HTML output) as an interactive table —
searchable, sortable and paged, by itables in its offline mode (the DataTables bundle is put
on the page once, `interactive_header_html`) — of every row, or of the top
INTERACTIVE_MAX_ROWS of a longer one; and as a Markdown pipe table of its top rows (Quarto's
Typst/PDF output): at most MAX_ROWS. A table cut short says in which order its top rows were
taken, how many more there are and where (the appendix has every row). Text from the data is always escaped, so a title containing
`<script>` is shown as text; missing values are shown as "unknown", never as 0. Headers and
the words in cells come from the language's catalogue (analysis/text/<language>.toml).
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from .. import element_ids
from ..text import (Count, catalogue, escape_markdown, fill, fill_plain, format_count,
                    is_missing, unknown)

MAX_ROWS = 25  # rows a table prints in the PDF
# Rows an interactive table holds in the HTML edition. Each row is data on the page (about
# 250 bytes): 50 000 projects made one table 12.5 MB and took 14 s to write, per edition.
INTERACTIVE_MAX_ROWS = 5_000
PAGE_LENGTH = 10  # rows per page of an interactive table
# A sort key for a missing number: below every amount, so "unknown" sorts last, largest first.
MISSING_SORT_KEY = -(2 ** 53)
# Pandoc gives a pipe table relative column widths (and wraps cells) only when a source line
# is longer than its 72 columns; narrower tables keep their natural widths.
PANDOC_COLUMNS = 72
WIDEST_COLUMN_SHARE = 40  # characters of content that count towards a column's width
CELL_PADDING = 2  # a cell's inset, in characters
PRINT_LINE_CHARACTERS = 100  # characters of 9 pt table text across the PDF's 17 cm text width
NARROWEST_TEXT_COLUMN = 8  # characters a squeezed text column keeps
NARROWEST_NUMBER_COLUMN = 5  # a squeezed number column: room for a header's syllables

Formatter = Callable[[object], str]


def words(language: str) -> dict:
    return catalogue(language)["tables"]


def plain(value: object, language: str) -> str:
    if is_missing(value):
        return unknown(language)
    if isinstance(value, bool):
        return words(language)["yes" if value else "no"]
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return format_count(value, language)
    return str(value)


def blank_if_missing(value: object, language: str) -> str:
    """For optional descriptive fields where empty means 'not applicable', not unknown."""
    return "" if is_missing(value) else plain(value, language)


# What itables (pinned) writes around an interactive table that a reader may see: a
# "Loading ITables … (need help?)" line until the script runs, and a static preview for pages
# whose scripts do not run, with English notes and the hidden sort columns.
UNKNOWN_ITABLES_FORM = ("itables wrote an interactive table in a form this version of the "
                        "report does not know; install the itables version requirements.txt pins")
_LOADING_CELL = re.compile(r'(<td style="vertical-align:middle; text-align:left">).*?(</td>)',
                           re.S)


def _without_itables_preview(html: str, without_script: str) -> str:
    """The table's placeholder in the edition's words (what it is and where every row is)
    instead of itables' English loading line, and no static preview: the page's scripts
    draw the interactive table, and a reader without them reads the placeholder."""
    found = re.search(r'<table id="([^"]+)" hidden="hidden">', html)
    if found is None:
        raise RuntimeError(UNKNOWN_ITABLES_FORM)
    table_id = found.group(1)
    html, loading = _LOADING_CELL.subn(
        lambda m: m.group(1) + escape(without_script) + m.group(2), html, count=1)
    html, shown = re.subn(f'<table id="{re.escape(table_id)}" hidden="hidden">',
                          f'<table id="{table_id}">', html, count=1)
    preview = re.compile(f'\\n?<div id="{re.escape(table_id)}_fallback">.*?</div>'
                         f'<script>document\\.getElementById\\("{re.escape(table_id)}"\\)'
                         r'.*?</script>', re.S)
    html, removed = preview.subn("", html, count=1)
    if (loading, shown, removed) != (1, 1, 1):
        raise RuntimeError(UNKNOWN_ITABLES_FORM)
    return html


def sheet_name(key: str, language: str) -> str:
    """An appendix sheet's name: a table's (table_names) or one of the appendix's own."""
    names = catalogue(language)["table_names"]
    return names[key] if key in names else catalogue(language)["appendix"]["sheets"][key]


def interactive_words(language: str) -> dict:
    """DataTables' words (search box, page info) in the edition's language."""
    return dict(catalogue(language)["tables"]["interactive"])


def interactive_header_html() -> str:
    """The DataTables bundle (itables' offline mode), once per page: every interactive table
    waits for it. No network: the JavaScript and CSS are inline."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html
    page = generate_init_offline_itables_html(options.dt_bundle)
    return page[:page.rindex("</script>") + len("</script>")] + "\n"  # its notice is for Jupyter


def _markdown_cell(text: str) -> str:
    # Backslash-escape Markdown syntax so data text can never become markup or raw HTML.
    return escape_markdown(text)


@dataclass
class ReportTable:
    frame: pd.DataFrame
    columns: dict[str, str]  # column -> header shown to the reader
    formats: dict[str, Formatter] = field(default_factory=dict)
    max_rows: int = MAX_ROWS
    numeric: tuple[str, ...] = ()  # right-aligned columns
    language: str = field(kw_only=True)
    # When the table has more rows than it prints: the columns its top rows are taken by
    # (descending where the flag is False), the catalogue's phrase for that order
    # ([tables.orders]) and the appendix sheet that holds every row (a table_names key).
    top_by: tuple[tuple[str, bool], ...] = ()
    order: str = "as_listed"
    sheet: str = ""

    def _format(self, column: str, value: object) -> str:
        return self.formats.get(column, lambda v: plain(v, self.language))(value)

    def _rows(self, frame: pd.DataFrame) -> list[list[str]]:
        return [[self._format(col, value) for col, value in zip(self.columns, values)]
                for values in frame[list(self.columns)].itertuples(index=False, name=None)]

    def top_rows(self, limit: int) -> pd.DataFrame:
        """All rows of a table of at most `limit`; of a longer one the top `limit` by
        `top_by` (in the table's own order without one)."""
        if len(self.frame) <= limit:
            return self.frame
        frame = self.frame
        if self.top_by:
            columns = [column for column, _ in self.top_by]
            frame = frame.sort_values(columns, ascending=[up for _, up in self.top_by],
                                      na_position="last", kind="stable")
        return frame.head(limit)

    def printed(self) -> pd.DataFrame:
        """The rows the PDF prints."""
        return self.top_rows(self.max_rows)

    def _cut_note(self, shown: int, kind: str) -> str:
        """What a table cut to `shown` rows says: how many of how many, in which order, and
        where the others are. `kind` is the catalogue's note: cut_note (the PDF, when the
        HTML edition has every row), cut_note_long (the PDF, when it has not) or
        interactive_cut_note (the HTML edition)."""
        table_words = words(self.language)
        total = len(self.frame)
        return fill(table_words[kind], shown=Count(shown, self.language),
                    total=Count(total, self.language),
                    rest=Count(total - shown, self.language),
                    interactive=Count(INTERACTIVE_MAX_ROWS, self.language),
                    order=table_words["orders"][self.order],
                    sheet=sheet_name(self.sheet or "projects", self.language))

    def _cells(self) -> tuple[list[list[str]], str]:
        shown = self.printed()
        note = ""
        if len(self.frame) > len(shown):
            note = self._cut_note(len(shown), "cut_note" if len(self.frame) <=
                                  INTERACTIVE_MAX_ROWS else "cut_note_long")
        return self._rows(shown), note

    def _repr_html_(self) -> str:
        """An interactive table of every row (of the top INTERACTIVE_MAX_ROWS of a longer
        table, then a line saying so): the cells as the PDF writes them (escaped by itables);
        a numeric column sorts by its number (a hidden column beside it)."""
        from itables import to_html_datatable

        rows = self.top_rows(INTERACTIVE_MAX_ROWS)
        shown = pd.DataFrame(self._rows(rows), columns=list(self.columns.values()))
        shown.columns = [f"c{i}" for i in range(len(self.columns))]  # headers may repeat
        headers = list(self.columns.values())
        column_defs, hidden = [], []
        for index, column in enumerate(self.columns):
            if column in self.numeric:
                position = len(headers) + len(hidden)
                hidden.append(pd.to_numeric(rows[column], errors="coerce")
                              .fillna(MISSING_SORT_KEY).to_numpy())
                column_defs.append({"targets": index, "orderData": position,
                                    "className": "dt-right"})
                column_defs.append({"targets": position, "visible": False,
                                    "searchable": False})
            else:
                column_defs.append({"targets": index, "className": "dt-left"})
        for number, values in enumerate(hidden):
            shown[f"s{number}"] = values
        shown.columns = headers + [f"sort {number}" for number in range(len(hidden))]
        note = "" if len(rows) == len(self.frame) else (
            '\n<p class="table-cut-note"><em>'
            f'{escape(self._cut_note(len(rows), "interactive_cut_note"))}</em></p>')
        return _without_itables_preview(to_html_datatable(
            shown, connected=False, showIndex=False, maxBytes=0, maxRows=0, maxColumns=0,
            allow_html=False, columnDefs=column_defs, order=[], pageLength=PAGE_LENGTH,
            lengthMenu=[PAGE_LENGTH, 25, 100], language=interactive_words(self.language),
            classes="display compact", table_id=self._table_id(headers),
            style="table-layout:auto;width:100%;margin:auto;caption-side:bottom"),
            fill_plain(words(self.language)["interactive_without_script"],
                       sheet=sheet_name(self.sheet or "projects", self.language))) + note

    def _table_id(self, headers: list[str]) -> str:
        """Unique on the report page, where the outputs of several kernels meet."""
        digest = hashlib.sha1("\x1f".join(headers + [str(len(self.frame)), self.sheet])
                              .encode()).hexdigest()[:10]
        return element_ids.element_id("table", digest)

    def column_widths(self, rows: list[list[str]]) -> list[int]:
        """Characters each column gets, cell padding included. Numbers keep their whole width
        (they must not wrap) and every column at least its longest word; text columns share
        what is left of the page, up to a cap each. Only ordinary spaces break lines: the
        no-break spaces inside "16 095 000 kr" do not."""
        floors, wishes = [], []
        for index, (column, header) in enumerate(self.columns.items()):
            cells = [row[index] for row in rows]
            longest_word = max(len(word) for text in cells + [header]
                               for word in text.split(" "))
            longest_cell = max([len(text) for text in cells] or [0])
            wish = longest_cell if column in self.numeric else min(longest_cell,
                                                                   WIDEST_COLUMN_SHARE)
            floors.append(CELL_PADDING + longest_word)
            wishes.append(CELL_PADDING + max(longest_word, wish))
        room = PRINT_LINE_CHARACTERS - sum(floors)
        extra = [wish - floor for floor, wish in zip(floors, wishes)]
        if sum(extra) <= room:
            return wishes
        if room <= 0:
            return self._squeezed(rows, wishes)
        # Not everything fits on one line: text columns wrap, each in proportion to its wish.
        return [floor + int(room * more / sum(extra)) for floor, more in zip(floors, extra)]

    def _squeezed(self, rows: list[list[str]], wishes: list[int]) -> list[int]:
        """Even every column's longest word does not fit across the page. The widths are
        relative, so handing out more than a line would shrink every column, numbers too,
        until they run into each other. Each column gets what it needs — a number its whole
        width, a text column a few characters — and the rest of the line is shared in
        proportion to what each wished for beyond that (a long word or header then breaks)."""
        needs = []
        for index, column in enumerate(self.columns):
            cells = [len(row[index]) for row in rows] or [0]
            needs.append(CELL_PADDING + (max(*cells, NARROWEST_NUMBER_COLUMN)
                                         if column in self.numeric
                                         else min(max(cells), NARROWEST_TEXT_COLUMN)))
        room = PRINT_LINE_CHARACTERS - sum(needs)
        extra = [max(wish - need, 0) for need, wish in zip(needs, wishes)]
        if room <= 0 or not sum(extra):
            return needs
        return [need + room * more // sum(extra) for need, more in zip(needs, extra)]

    def _repr_markdown_(self) -> str:
        rows, note = self._cells()
        header = "| " + " | ".join(_markdown_cell(h) for h in self.columns.values()) + " |"
        widths = self.column_widths(rows)
        if sum(widths) + 3 * len(widths) > PANDOC_COLUMNS:
            # Dashes in proportion to the room each column needs, the rule longer than
            # Pandoc's line width so that the proportions are used in the PDF.
            scale = max(1.0, (PANDOC_COLUMNS + 1) / sum(widths))
            widths = [round(width * scale) for width in widths]
        else:
            widths = [3] * len(widths)
        rule = "|" + "|".join(("-" * (w - 1) + ":") if c in self.numeric else (":" + "-" * (w - 1))
                              for c, w in zip(self.columns, widths)) + "|"
        lines = [header, rule] + ["| " + " | ".join(_markdown_cell(v) for v in row) + " |"
                                  for row in rows]
        if note:
            lines += ["", f"*{_markdown_cell(note)}*"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.printed()[list(self.columns)].to_string()
