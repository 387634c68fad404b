"""The Data dictionary sheet (every column of every sheet: description, type, unit, allowed
values, limits) and the About sheet (title, version, how to cite, licence, what unknown means,
contents with links, the source documents)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..dataset import Dataset
from ..fields import PROJECTS
from ..tables import source_descriptions
from ..text import Count, catalogue, unknown
from .cells import Cleaner
from .columns import Column, appendix_words, field_column, plain_text
from . import parts
from .layout import TOP, WRAP, fit_columns, internal_link, row_heights, setup_print
from .sheets import SheetSpec


def dictionary_rows(specs: list[SheetSpec], language: str) -> list[list[str]]:
    """One row per column of every sheet (or file beside the workbook): its sheet, label,
    field name, description, type, unit, allowed values and limits."""
    words = appendix_words(language)
    rows = []
    for sheet in specs:
        for column in sheet.columns:
            rows.append([sheet.title, column.label, column.name, column.description,
                         words["types"][column.dtype],
                         words["units"][column.unit] if column.unit else "",
                         ", ".join(column.allowed), column.limits])
    return rows


DICTIONARY_FIELDS = ("sheet", "label", "name", "description", "dtype", "unit", "allowed",
                     "limits")


def dictionary_columns(language: str) -> list[Column]:
    headers = appendix_words(language)["dictionary"]
    return [Column(name, headers[name], "", "string") for name in DICTIONARY_FIELDS]


def dictionary_sheet(specs: list[SheetSpec], language: str) -> tuple[SheetSpec, pd.DataFrame]:
    """The Data dictionary sheet and its rows, for the table sheets `specs`."""
    rows = pd.DataFrame(dictionary_rows(specs, language), columns=DICTIONARY_FIELDS)
    sheet = SheetSpec(appendix_words(language)["sheets"]["dictionary"], "",
                      dictionary_columns(language), lambda data: rows, "dictionary")
    return sheet, rows


@dataclass(frozen=True)
class SheetLink:
    """A sheet's name on the About sheet, written as a link to that sheet."""
    title: str


@dataclass(frozen=True)
class Contents:
    """A table in the contents: a sheet (linked) or a file beside the workbook."""
    title: str
    description: str
    link: bool = True


def about_rows(data: Dataset, build_info: dict, cleaner_note: str, contents: list[Contents],
               language: str, csv_file: str, provenance_title: str, provenance_rows: int, provenance_in_workbook: bool,
               split: list[str]) -> list[list]:
    """The About sheet, row by row: title, build, how to cite, what the cells mean, the
    contents (a link to each sheet, the file beside the workbook), what is where at this
    size, and the source documents."""
    words = appendix_words(language)
    about = words["about"]
    title = plain_text(words["title"], title=catalogue(language)["document"]["title"])
    version = build_info.get("data_version", data.data_version)
    built = build_info.get("build_date", unknown(language))
    basis = field_column(PROJECTS, "amount_basis", language).label
    rows = [[title], [],
            [about["build_date"], built], [about["data_version"], version],
            [about["cite"], plain_text(about["citation"], title=title, version=str(version),
                                       built=str(built))],
            [about["licence"], about["licence_text"]],
            [about["unknown"], about["unknown_text"]],
            [about["amounts"], plain_text(about["amounts_text"], basis=basis)],
            [about["months"], about["months_text"]],
            [], [about["contents"], about["contents_text"]]]
    rows += [[SheetLink(entry.title) if entry.link else entry.title, entry.description]
             for entry in contents]
    rows += [[SheetLink(words["sheets"]["dictionary"]),
              words["sheet_descriptions"]["dictionary"]], []]
    rows += [[about["csv"], plain_text(
        about["csv_text"] if provenance_in_workbook else about["csv_only_text"],
        file=csv_file, sheet=provenance_title, n=Count(provenance_rows, language),
        limit=Count(parts.PROVENANCE_ROWS_IN_WORKBOOK, language))]]
    if split:
        rows += [[about["split"], plain_text(about["split_text"], sheets=", ".join(split),
                                             n=Count(parts.MAX_ROWS, language))]]
    rows += [[], [about["sources"]]]
    rows += [[source_id, f"{file} — {description}"] for source_id, file, description in zip(
        data.sources["source_id"], data.sources["file"],
        source_descriptions(data.sources, language))]
    if cleaner_note:
        rows += [[], [about["cleaning"], cleaner_note]]
    return rows


ABOUT_WIDTHS = (22, 72)  # a portrait page at full size


def write_about(about, rows: list[list], cleaner: Cleaner, footer: str) -> None:
    """Labels in column A, wrapped text in B, each row as tall as its text; sheet names in the
    contents block are links to their sheets."""
    for letter, width in zip("AB", ABOUT_WIDTHS):
        about.column_dimensions[letter].width = width
    setup_print(about, fit_columns(list(ABOUT_WIDTHS), list(ABOUT_WIDTHS)), footer,
                title_row=False)
    texts = pd.Series([str(row[1]) if len(row) > 1 else "" for row in rows], dtype="string")
    heights = row_heights(pd.DataFrame({"text": texts}), {"text": ABOUT_WIDTHS[1]})
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        if heights is not None and heights[index] > 15:
            about.row_dimensions[index + 1].height = float(heights[index])
        cells = []
        for position, value in enumerate(row):
            if isinstance(value, SheetLink):
                cell = internal_link(about, value.title, value.title, 1)
                cell.alignment = TOP
            else:
                cell = WriteOnlyCell(about, cleaner.text(str(value)))
                cell.data_type = "s"
                if index == 0:
                    cell.font = Font(bold=True, size=14)
                elif position == 0:
                    cell.font = bold
                    cell.alignment = TOP  # level with its wrapped text
                else:
                    cell.alignment = WRAP
            cells.append(cell)
        about.append(cells)
