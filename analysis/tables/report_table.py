"""Report-ready tables for notebooks and Quarto.

A `ReportTable` displays as escaped HTML (Quarto's HTML output) and as a Markdown pipe table
(Quarto's Typst/PDF output). Text from the data is always escaped, so a title containing
`<script>` is shown as text; missing values are shown as "unknown", never as 0. Headers and
the words in cells come from the language's catalogue (analysis/text/<language>.toml).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from ..text import Count, catalogue, escape_markdown, fill, format_count, is_missing, unknown

MAX_ROWS = 25
# Pandoc gives a pipe table relative column widths (and wraps cells) only when a source line
# is longer than its 72 columns; narrower tables keep their natural widths.
PANDOC_COLUMNS = 72
WIDEST_COLUMN_SHARE = 40  # characters of content that count towards a column's width
CELL_PADDING = 2  # a cell's inset, in characters
PRINT_LINE_CHARACTERS = 100  # characters of 9 pt table text across the PDF's 17 cm text width

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

    def _cells(self) -> tuple[list[list[str]], str]:
        shown = self.frame.head(self.max_rows)
        rows = [[self.formats.get(col, lambda v: plain(v, self.language))(row[col])
                 for col in self.columns] for _, row in shown.iterrows()]
        note = ""
        if len(self.frame) > len(shown):
            note = fill(words(self.language)["cut_note"], shown=Count(len(shown), self.language),
                        total=Count(len(self.frame), self.language))
        return rows, note

    def _repr_html_(self) -> str:
        rows, note = self._cells()
        align = {c: f' style="text-align: {"right" if c in self.numeric else "left"}"'
                 for c in self.columns}
        head = "".join(f"<th{align[c]}>{html.escape(h)}</th>" for c, h in self.columns.items())
        body = "".join(
            "<tr>" + "".join(f"<td{align[c]}>{html.escape(v)}</td>"
                             for c, v in zip(self.columns, row)) + "</tr>"
            for row in rows)
        caption = f"<p><em>{html.escape(note)}</em></p>" if note else ""
        return (f'<table class="table table-sm"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>{caption}")

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
        if room <= 0 or sum(extra) <= room:
            return wishes
        # Not everything fits on one line: text columns wrap, each in proportion to its wish.
        return [floor + int(room * more / sum(extra)) for floor, more in zip(floors, extra)]

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
        return self.frame[list(self.columns)].head(self.max_rows).to_string()
