"""The Excel appendix: the tables, a data dictionary and the sources, safe to open.

openpyxl writes the workbook's small parts (styles, the About sheet, print setup, Tables,
each sheet's header); the rows of the table sheets are streamed in as sheet XML built a column
at a time, at close to the cost of the bytes (50 000 projects in seconds). Never
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
    xml_cells  a column of cells as sheet XML; package  the rows streamed into the file
    parts    a table too long for a sheet split in parts; Provenance as CSV beside the workbook
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
from pathlib import Path

from openpyxl import Workbook

from .. import metrics
from ..dataset import Dataset
from ..text import Count
from .about import Contents, about_rows, dictionary_sheet, write_about
from .cells import Cleaner, Links, check_sheet_title, workbook_styles, write_table_sheet
from ..fields import PROVENANCE
from .columns import appendix_words, field_column, plain_text
from .facts import provenance_sheet_size, with_links
from .package import write_package
from . import parts
from .sheets import sheets

__all__ = ["sheets", "write_appendices", "write_appendix"]


@dataclasses.dataclass(frozen=True)
class WrittenCsv:
    """A Provenance CSV already written for another edition (it is the same in every
    language: field names as headers, codes as written) and the control characters its
    writing removed, which the About sheet counts when the CSV holds the only copy."""
    path: Path
    removed: int


def _abandon(workbook: Workbook) -> None:
    """Close the half-written sheet streams of a failed write, so they do not linger."""
    for sheet in workbook.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            try:
                rows.close()
            except Exception:  # noqa: BLE001 — the stream is broken already; we are failing
                pass


def write_appendices(data: Dataset, targets: list[tuple[str, Path]],
                     build_info: dict | None) -> list[Path]:
    """Every edition's appendix (`targets`: language and path), one after the other from the
    same data: the Provenance CSV, the same in every language and at 50 000 projects
    1.4 million rows, is written once and copied beside the others."""
    written: list[Path] = []
    csv = None
    for language, path in targets:
        path, csv = _write_appendix(data, Path(path), build_info, language, csv)
        written.append(path)
    return written


def write_appendix(data: Dataset, path: Path, build_info: dict | None,
                   language: str) -> Path:
    """Write the workbook in a language (sheet names, headers, data dictionary, About sheet,
    the words in cells and coded values; data text stays as written) and the Provenance CSV
    beside it (parts.csv_name) to temporary files beside `path`, then move them into place."""
    return _write_appendix(data, Path(path), build_info, language, None)[0]


def _write_appendix(data: Dataset, path: Path, build_info: dict | None, language: str,
                    csv: WrittenCsv | None) -> tuple[Path, WrittenCsv]:
    """write_appendix; the Provenance CSV copied from `csv` when another edition wrote it."""
    build_info = build_info or {}
    path = Path(path)
    words = appendix_words(language)  # an unknown language fails before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_path = path.with_name(parts.csv_name(path, "provenance"))
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary_csv = csv_path.with_name(f".{csv_path.name}.tmp-{os.getpid()}")
    cleaner = Cleaner()
    workbook = Workbook(write_only=True)
    try:
        specs = sheets(language)
        about = workbook.create_sheet(check_sheet_title(words["sheets"]["about"]))
        styles = workbook_styles(workbook)
        in_workbook = provenance_sheet_size(data) <= parts.PROVENANCE_ROWS_IN_WORKBOOK
        frames = {sheet.key: sheet.frame(data) for sheet in specs
                  if sheet.key != "provenance" or in_workbook}
        frames["projects"] = with_links(frames["projects"], frames.get("provenance"),
                                        frames["participations"],
                                        metrics.facts_per_project(data), language)
        split = {sheet.key: parts.sheet_parts(sheet.title, len(frames[sheet.key]))
                 for sheet in specs if sheet.key != "provenance" or in_workbook}
        links = {"organisations_taking_part": Links(
            "organisations_taking_part_position",
            [part.title for part in split["participations"]], parts.MAX_ROWS)}
        if in_workbook:
            links["facts"] = Links("facts_position",
                                   [part.title for part in split["provenance"]],
                                   parts.MAX_ROWS)
        streamed, contents, number = [], [], 0
        provenance = next(s for s in specs if s.key == "provenance")
        for sheet in specs:
            if sheet.key == "provenance":
                # Counted once: the About sheet's note is about what the workbook holds.
                counter = Cleaner() if in_workbook else cleaner
                if csv is None:
                    before = counter.control_characters_removed
                    parts.write_csv(data.provenance, counter, temporary_csv)
                    removed = counter.control_characters_removed - before
                else:
                    shutil.copyfile(csv.path, temporary_csv)
                    removed = csv.removed
                    counter.control_characters_removed += removed
            if sheet.key not in split:
                contents.append(Contents(csv_path.name, sheet.description, link=False))
                continue
            for part in split[sheet.key]:
                number += 1
                streamed.append(write_table_sheet(
                    workbook, dataclasses.replace(sheet, title=part.title),
                    frames[sheet.key].iloc[part.start:part.stop], cleaner, number,
                    words["footer"], styles, links if sheet.key == "projects" else None))
                contents.append(Contents(part.title, sheet.description))
        # The CSV's columns are Provenance's fields, under the file's name.
        described = [sheet if sheet.key != "provenance" or in_workbook else
                     dataclasses.replace(sheet, title=csv_path.name, columns=[
                         field_column(PROVENANCE, name, language)
                         for name in PROVENANCE.columns]) for sheet in specs]
        dictionary, rows = dictionary_sheet(described, language)
        streamed.append(write_table_sheet(workbook, dictionary, rows, cleaner, number + 1,
                                          words["footer"], styles))
        note = (plain_text(words["about"]["cleaning_text"],
                           n=Count(cleaner.control_characters_removed, language))
                if cleaner.control_characters_removed else "")
        write_about(about, about_rows(data, build_info, note, contents, language,
                                      csv_path.name, provenance.title, len(data.provenance),
                                      in_workbook,
                                      [p.title for s in split.values() for p in s
                                       if len(s) > 1]),
                    cleaner, words["footer"])
        skeleton = io.BytesIO()
        workbook.save(skeleton)
        write_package(skeleton.getvalue(), streamed, temporary)
        os.replace(temporary_csv, csv_path)
        os.replace(temporary, path)
        csv = WrittenCsv(csv_path, removed)
    except BaseException:
        _abandon(workbook)
        raise
    finally:
        for leftover in (temporary, temporary_csv):
            if leftover.exists():
                leftover.unlink()
    return path, csv
