"""The Excel appendix: the tables, a data dictionary and the sources, safe to open.

Written with openpyxl in write-only mode (fast for a whole portfolio), never with
pandas.to_excel, which sets no formats and turns text such as "=HYPERLINK(…)" into formulas.
Every data sheet is an Excel Table with its filter and a frozen header; SEK has thousands
separators; months are real dates shown as yyyy-mm; unknown values are empty cells.

Each edition has its appendix in its language (`write_appendix(..., language="sv")`): sheet
names, headers, the data dictionary, the About sheet, the words the code writes in cells and
coded values (roles, kinds, types, …) come from the language's catalogue ([appendix], and for
fields and tables [fields], [table_names], [table_descriptions], [field_formats] and
[values]). Data text stays as written.

    columns  each column's words, type, unit, allowed values and limits
    sheets   the sheets in reading order and the rows each one shows
    facts    the Provenance sheet's rows and each project's links to its facts
    cells    writing a table sheet: typed cells, text made safe, the Excel Table
    about    the Data dictionary and About sheets
    layout   print setup, wrapped text and row heights, links between sheets
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from ..dataset import Dataset
from ..text import Count
from .about import about_rows, dictionary_sheet, write_about
from .cells import Cleaner, check_sheet_title, write_table_sheet
from .columns import appendix_words, plain_text
from .facts import with_links
from .sheets import sheets

__all__ = ["sheets", "write_appendix"]


def _abandon(workbook: Workbook) -> None:
    """Close the half-written sheet streams of a failed write, so they do not linger."""
    for sheet in workbook.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            try:
                rows.close()
            except Exception:  # noqa: BLE001 — the stream is broken already; we are failing
                pass


def write_appendix(data: Dataset, path: Path, build_info: dict | None,
                   language: str) -> Path:
    """Write the workbook in a language (sheet names, headers, data dictionary, About sheet,
    the words in cells and coded values; data text stays as written) to a temporary file
    beside `path`, then move it into place."""
    build_info = build_info or {}
    path = Path(path)
    words = appendix_words(language)  # an unknown language fails before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    cleaner = Cleaner()
    workbook = Workbook(write_only=True)
    try:
        specs = sheets(language)
        about = workbook.create_sheet(check_sheet_title(words["sheets"]["about"]))
        frames = {sheet.key: sheet.frame(data) for sheet in specs}
        frames["projects"] = with_links(frames["projects"], frames["provenance"],
                                        frames["participations"], data.provenance, language)
        for number, sheet in enumerate(specs, start=1):
            write_table_sheet(workbook, sheet, frames[sheet.key], cleaner, number,
                              words["footer"])
        dictionary, rows = dictionary_sheet(specs, language)
        write_table_sheet(workbook, dictionary, rows, cleaner, len(specs) + 1, words["footer"])
        note = (plain_text(words["about"]["cleaning_text"],
                           n=Count(cleaner.control_characters_removed, language))
                if cleaner.control_characters_removed else "")
        write_about(about, about_rows(data, build_info, note, specs, language), cleaner,
                    words["footer"])
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        _abandon(workbook)
        raise
    finally:
        if temporary.exists():
            temporary.unlink()
    return path
