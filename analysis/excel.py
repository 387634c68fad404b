"""The Excel appendix: the tables, a data dictionary and the sources, safe to open.

Written with openpyxl in write-only mode (fast for a whole portfolio), never with
pandas.to_excel, which sets no formats and turns text such as "=HYPERLINK(…)" into formulas.
Every data sheet is an Excel Table with its filter and a frozen header; SEK has thousands
separators; months are real dates shown as yyyy-mm; unknown values are empty cells.

Each edition has its appendix in its language (`write_appendix(..., language="sv")`): sheet
names, headers, the data dictionary, the About sheet, the words the code writes in cells and
coded values (roles, kinds, types, …) come from the language's catalogue ([appendix], and for
fields and tables analysis/fields.py in English, [fields], [table_names],
[table_descriptions], [field_formats] and [values] elsewhere). Data text stays as written.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from . import geography, metrics
from .excel_layout import (LINE_HEIGHT_POINTS, TOP, WRAP, WRAP_IN_TABLE, internal_link, lookup_hint,
                           row_heights, setup_print, wrapped)
from .dataset import Dataset
from .fields import (ALIASES, CONFLICTS, EXPORT_KIND, NOT_RECORDED, ORGANISATIONS, PARTICIPATIONS,
                     PATTERN_NAMES, PATTERN_WORDS, PROJECTS, PROVENANCE, SOURCES, TABLES_BY_NAME,
                     FieldSpec, TableSpec, record_ids, record_key)
from .schema import EMAIL
from .tables import table_description, table_name, value_label
from .text import Count, catalogue, fill_plain, title_field

SEK_FORMAT = "#,##0"
MONTH_FORMAT = "yyyy-mm"
MAX_COLUMN_WIDTH = 40  # longer text wraps within the column
# Longer sheets are data to filter, not pages to read: their text is not wrapped (styling a
# quarter of a million cells would double the write time); a cell still holds all its text.
WRAP_ROW_LIMIT = 20_000
# Text starting with these could be read as a formula (CWE-1236) or an error value by Excel.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "#")
# The codes in data/ (roles, kinds, types, …) are English words: the English appendix shows
# them as they are, the same as in data/; another language's shows its catalogue's words.
CODE_LANGUAGE = "en"
# Coded fields whose words in the catalogue ([values.<key>]) are not under the field's name.
VALUE_KEYS = {("sources", "kind"): "source_kind", ("aliases", "kind"): "alias_kind"}
# Codes that read the same in every language: language codes and licence names.
NEUTRAL_CODES = {("sources", "language"), ("sources", "licence"),
                 ("projects", "source_language")}
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


def appendix_words(language: str) -> dict:
    """The appendix's own words in a language: analysis/text/<language>.toml [appendix]."""
    return catalogue(language)["appendix"]


def _fill(template: str, **values) -> str:
    """A catalogue template filled as plain text; thousands are grouped with an ordinary
    space in cells, as the appendix has always written them."""
    return fill_plain(template, **values).replace("\u202f", " ")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    dtype: str  # "string", "integer", "month", "list", "boolean"
    unit: str = ""
    allowed: tuple[str, ...] = ()  # as shown in the cells
    limits: str = ""
    link_sheet: str = ""  # values are (text, row) pairs: a link to that row of this sheet
    # code -> the word the reader sees in this language (empty: codes are shown as they are)
    labels: Mapping[str, str] = dataclass_field(default_factory=dict)


def value_labels(table: str, spec: FieldSpec, language: str) -> dict[str, str]:
    """Code -> the reader's word for a coded field (the report tables' words); empty where
    the codes are shown as they are (English, and codes that read the same everywhere)."""
    if language == CODE_LANGUAGE or not spec.allowed or (table, spec.name) in NEUTRAL_CODES:
        return {}
    if (table, spec.name) == ("provenance", "table"):  # a table is shown by its sheet's name
        return {code: table_name(code, language) for code in spec.allowed_values}
    key = VALUE_KEYS.get((table, spec.name), spec.name)
    return {code: value_label(key, code, language) for code in spec.allowed_values}


def format_words(pattern: str, language: str) -> str:
    if language == "en":
        return PATTERN_WORDS[pattern]
    return catalogue(language)["field_formats"][PATTERN_NAMES[pattern]]


def limits(spec: FieldSpec, language: str) -> str:
    """The field's limits in words, for the data dictionary."""
    words = appendix_words(language)["limits"]
    parts = []
    if spec.pattern:
        parts.append(_fill(words["format"], format=format_words(spec.pattern, language)))
    if spec.minimum is not None:
        parts.append(_fill(words["at_least"], minimum=str(spec.minimum)))
    if spec.max_characters and not (spec.pattern or spec.allowed):
        parts.append(_fill(words["at_most_characters"], n=Count(spec.max_characters)))
    return "; ".join(parts)


def field_column(table: TableSpec, name: str, language: str) -> Column:
    """A curated field as a column: its label and description in the language (English in
    analysis/fields.py, the others in their catalogue), its codes in the reader's words."""
    spec = table.field(name)
    if language == "en":
        label, description = spec.label, spec.description
    else:
        entry = catalogue(language)["fields"][table.name][name]
        label, description = entry["label"], entry["description"]
    labels = value_labels(table.name, spec, language)
    return Column(name, label, description, spec.dtype, spec.unit,
                  tuple(labels.get(code, code) for code in spec.allowed_values),
                  limits(spec, language), labels=labels)


# Columns the appendix adds beside the curated fields (for readability or coverage): name ->
# type, unit and the table whose sheet a link goes to. Their words are in the catalogues
# ([appendix.columns.<name>]); the curated fields are described in analysis/fields.py.
EXTRA_COLUMNS = {
    "project_title": ("string", "", ""),
    "organisation_name": ("string", "", ""),
    "projects": ("integer", "projects", ""),
    "organisations": ("integer", "organisations", ""),
    "municipalities": ("integer", "municipalities", ""),
    "other_roles_projects": ("integer", "projects", ""),
    "covered": ("boolean", "", ""),
    "value": ("string", "", ""),
    "facts": ("string", "", "provenance"),
    "organisations_taking_part": ("string", "", "participations"),
    "look_up": ("string", "", ""),
    "file": ("string", "", ""),
}


def extra_column(name: str, language: str) -> Column:
    dtype, unit, link = EXTRA_COLUMNS[name]
    words = appendix_words(language)["columns"][name]
    sheet = table_name(link, language) if link else ""
    allowed = tuple(yes_no(language).values()) if dtype == "boolean" else ()
    return Column(name, _fill(words["label"], sheet=sheet),
                  _fill(words["description"], sheet=sheet), dtype, unit, allowed,
                  link_sheet=sheet)


def yes_no(language: str) -> dict[bool, str]:
    cells = catalogue(language)["tables"]
    return {True: cells["yes"], False: cells["no"]}


@dataclass
class SheetSpec:
    title: str
    description: str
    columns: list[Column]
    frame: Callable[[Dataset], pd.DataFrame]
    key: str = ""  # the sheet whatever its language: a table's name, or the appendix's own


def _fields(spec: TableSpec, language: str, *names: str) -> list[Column]:
    chosen = names or tuple(f.name for f in spec.fields)
    return [field_column(spec, n, language) for n in chosen]


def _project_order(data: Dataset, project_ids: pd.Series) -> pd.Series:
    """Position of each row's project in the Projects sheet (rows of no project last)."""
    order = {pid: i for i, pid in enumerate(data.projects["project_id"])}
    return project_ids.map(order).fillna(len(order))


def _participations(data: Dataset, language: str) -> pd.DataFrame:
    """Grouped by project, in the order of the Projects sheet, so links land on a block; with
    the title the edition shows (English, or the source's own)."""
    title = title_field(language)
    participations = data.participations.assign(
        _order=_project_order(data, data.participations["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")
    return participations.merge(
        data.projects[["project_id", title]].rename(columns={title: "project_title"}),
        on="project_id").merge(
        data.organisations[["org_id", "name"]].rename(columns={"name": "organisation_name"}),
        on="org_id")


def _counties(data: Dataset, language: str) -> pd.DataFrame:
    coverage = metrics.county_coverage(data)
    return coverage.assign(covered=coverage["covered"].map(yes_no(language)))


def _provenance(data: Dataset, language: str = "en") -> pd.DataFrame:
    """Each document fact with the curated value beside its document and line; then the
    facts imported from open-data exports, one row per table, field and export field.

    An imported fact's row in data/provenance.csv only repeats what the Projects sheet shows
    (the record is the project's reference number, the field follows from the mapping), so
    600 000 such rows for a 50 000-project portfolio would make the sheet unreadable and the
    workbook slow to write and open, and say nothing more than one row per mapping."""
    exports = data.sources.loc[data.sources["kind"] == EXPORT_KIND, "source_id"]
    imported = data.provenance["source_id"].isin(exports)
    documents = _document_provenance(data, data.provenance[~imported], language)
    return pd.concat([documents, _imported_provenance(data, data.provenance[imported],
                                                      language)],
                     ignore_index=True)


def _imported_provenance(data: Dataset, provenance: pd.DataFrame,
                         language: str = "en") -> pd.DataFrame:
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    words = appendix_words(language)["imported"]
    groups = provenance.groupby(["source_id", "table", "field", "source_field"], sort=False)
    rows = [{"table": table, "field": field, "value": "", "source_id": source_id,
             "record_id": _fill(words["record_id"], n=Count(len(group))),
             "file": files.get(source_id), "lines": None,
             "source_record": words["source_record"], "source_field": source_field,
             "note": _fill(words["note"], n=Count(len(group)), source_field=source_field),
             "project_id": None}
            for (source_id, table, field, source_field), group in groups]
    return pd.DataFrame(rows, columns=[*PROVENANCE.columns, "value", "file", "project_id"])


def _document_provenance(data: Dataset, provenance: pd.DataFrame,
                         language: str = "en") -> pd.DataFrame:
    files = dict(zip(data.sources["source_id"], data.sources["file"]))
    lookups = {}  # table -> {record_id: row position}, built once per table
    columns = {}  # (table, field) -> the column as a list, taken once
    labels = {}  # (table, field) -> a coded field's words in this language
    values = []
    for table, record_id, field in zip(provenance["table"], provenance["record_id"],
                                       provenance["field"]):
        if table not in lookups:
            frame = data.table(table)
            ids = record_ids(frame, TABLES_BY_NAME[table])
            lookups[table] = dict(zip(ids, range(len(frame))))
        if (table, field) not in columns:
            columns[table, field] = data.table(table)[field].astype(object).tolist()
            labels[table, field] = value_labels(table, TABLES_BY_NAME[table].field(field),
                                                language)
        value = columns[table, field][lookups[table][record_id]]
        text = "" if value is None or pd.isna(value) else str(value)
        values.append(labels[table, field].get(text, text))
    provenance = provenance.assign(value=values, file=provenance["source_id"].map(files))
    return provenance.assign(project_id=_provenance_project(provenance)).assign(
        _order=lambda f: _project_order(data, f["project_id"])).sort_values(
        "_order", kind="stable").drop(columns="_order")


def _provenance_project(provenance: pd.DataFrame) -> pd.Series:
    """The project a fact is about: its own record, or the project of a participation."""
    about_project = provenance["table"].isin(["projects", "participations"])
    return provenance["record_id"].map(lambda record: record_key(record)[0]).where(about_project)


def _with_links(projects: pd.DataFrame, provenance: pd.DataFrame,
                participations: pd.DataFrame, facts: pd.DataFrame,
                language: str = "en") -> pd.DataFrame:
    """Projects with links to their first row on Provenance and on Participations (sheet rows:
    the header is row 1) and where to look each one up. An imported project's facts link to
    the rows of its export's mapping."""
    words = appendix_words(language)

    def first_rows(frame: pd.DataFrame, template: str, counts: pd.Series | None = None,
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
            return _fill(template, n=Count(int(count[pid]))), row
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
        facts=first_rows(provenance, words["facts"], fact_counts, mapping_rows),
        organisations_taking_part=first_rows(participations, words["organisations"]),
        look_up=projects["reference_number"].map(lambda n: lookup_hint(n, language)))


def check_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: 1 to 31 characters, none of []:*?/\\, no apostrophe at
    either end."""
    if not 0 < len(title) <= 31 or INVALID_SHEET_CHARACTERS.search(title) \
            or title.startswith("'") or title.endswith("'"):
        raise ValueError(f"not a valid Excel sheet name: {title!r}")
    return title


def sheets(language: str = "en") -> list[SheetSpec]:
    """The appendix's table sheets in reading order, in a language."""
    words = appendix_words(language)

    def table(spec: TableSpec, columns: list[Column], frame) -> SheetSpec:
        return SheetSpec(table_name(spec.name, language), table_description(spec.name, language),
                         columns, frame, spec.name)

    def extra(*names: str) -> list[Column]:
        return [extra_column(name, language) for name in names]

    return [
        table(PROJECTS, _fields(PROJECTS, language)
              + extra("facts", "organisations_taking_part", "look_up"),
              lambda d: d.projects),
        table(ORGANISATIONS, _fields(ORGANISATIONS, language), lambda d: d.organisations),
        table(PARTICIPATIONS,
              _fields(PARTICIPATIONS, language, "project_id") + extra("project_title")
              + _fields(PARTICIPATIONS, language, "org_id") + extra("organisation_name")
              + _fields(PARTICIPATIONS, language, "role", "unit"),
              lambda d: _participations(d, language)),
        SheetSpec(words["sheets"]["not_placed"], words["sheet_descriptions"]["not_placed"],
                  _fields(ORGANISATIONS, language, "org_id", "name", "type", "note"),
                  lambda d: d.organisations[d.organisations["scope"] == "unknown"],
                  "not_placed"),
        SheetSpec(words["sheets"]["counties"],
                  _fill(words["sheet_descriptions"]["counties"],
                        n=Count(len(geography.counties()))),
                  _fields(ORGANISATIONS, language, "county_code", "county_name")
                  + extra("projects", "organisations", "municipalities",
                          "other_roles_projects", "covered"),
                  lambda d: _counties(d, language), "counties"),
        table(SOURCES, _fields(SOURCES, language), lambda d: d.sources),
        table(PROVENANCE,
              _fields(PROVENANCE, language, "table", "record_id", "field") + extra("value")
              + _fields(PROVENANCE, language, "source_id") + extra("file")
              + _fields(PROVENANCE, language, "lines", "source_record", "source_field", "note"),
              lambda d: _provenance(d, language)),
        # Beside Provenance: where an imported record and a curated project differ.
        table(CONFLICTS, _fields(CONFLICTS, language), lambda d: d.conflicts),
        # Beside Provenance: what the sources state but the tables deliberately leave out.
        table(NOT_RECORDED, _fields(NOT_RECORDED, language), lambda d: d.not_recorded),
        table(ALIASES, _fields(ALIASES, language), lambda d: d.aliases),
    ]


SHEETS: list[SheetSpec] = sheets("en")


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


def _shown(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Coded values in the reader's words (in English the codes themselves, as in data/)."""
    coded = {c.name: c.labels for c in columns if c.labels}
    if not coded:
        return frame
    return frame.assign(**{name: frame[name].map(
        lambda v, labels=labels: labels.get(v, v) if isinstance(v, str) else v)
        for name, labels in coded.items()})


def _table_name(title: str, number: int) -> str:
    """An Excel table name from a sheet name: letters, digits and _ in ASCII (å, ä, ö as a, o)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return f"T{number}_" + re.sub(r"\W", "", ascii_title)


def _write_table_sheet(workbook: Workbook, sheet: SheetSpec, frame: pd.DataFrame,
                       cleaner: _Cleaner, table_number: int, footer: str) -> None:
    ws = workbook.create_sheet(check_sheet_title(sheet.title))
    ws.freeze_panes = "A2"
    frame = _shown(frame, sheet.columns)
    widths = [_width(column, frame[column.name]) for column in sheet.columns]
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
        values = [_cell_value(ws, value, column, cleaner,
                              wrap is not None and bool(wrap[position]))
                  for value, column, wrap in zip(row, sheet.columns, wraps)]
        if heights is not None and heights[position] > LINE_HEIGHT_POINTS:
            ws.row_dimensions[position + 2].height = float(heights[position])
        ws.append(values)
    last = f"{get_column_letter(len(sheet.columns))}{max(len(frame), 1) + 1}"
    table = Table(displayName=_table_name(sheet.title, table_number), ref=f"A1:{last}")
    table.tableColumns = [TableColumn(id=i, name=c.label)
                          for i, c in enumerate(sheet.columns, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode whatever the table holds; its columns are set.
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)


def _dictionary_rows(specs: list[SheetSpec], language: str) -> list[list[str]]:
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


@dataclass(frozen=True)
class SheetLink:
    """A sheet's name on the About sheet, written as a link to that sheet."""
    title: str


def _about_rows(data: Dataset, build_info: dict, cleaner_note: str, specs: list[SheetSpec],
                language: str) -> list[list]:
    words = appendix_words(language)
    about = words["about"]
    title = _fill(words["title"], title=catalogue(language)["document"]["title"])
    version = build_info.get("data_version", data.data_version)
    built = build_info.get("build_date", catalogue(language)["grammar"]["unknown"])
    basis = field_column(PROJECTS, "amount_basis", language).label
    rows = [[title], [],
            [about["build_date"], built], [about["data_version"], version],
            [about["cite"], _fill(about["citation"], title=title, version=str(version),
                                  built=str(built))],
            [about["licence"], about["licence_text"]],
            [about["unknown"], about["unknown_text"]],
            [about["amounts"], _fill(about["amounts_text"], basis=basis)],
            [about["months"], about["months_text"]],
            [], [about["contents"], about["contents_text"]]]
    rows += [[SheetLink(sheet.title), sheet.description] for sheet in specs]
    rows += [[SheetLink(words["sheets"]["dictionary"]),
              words["sheet_descriptions"]["dictionary"]],
             [], [about["sources"]]]
    # The curator's description in the edition's language (description_sv), where written,
    # as in the report; else the English one.
    for source in data.sources.itertuples(index=False):
        description = getattr(source, f"description_{language}", None)
        if not isinstance(description, str) or not description:
            description = source.description
        rows.append([source.source_id, f"{source.file} — {description}"])
    if cleaner_note:
        rows += [[], [about["cleaning"], cleaner_note]]
    return rows


ABOUT_WIDTHS = (24, 100)


def _write_about(about, rows: list[list], cleaner: _Cleaner, footer: str) -> None:
    """Labels in column A, wrapped text in B, each row as tall as its text; sheet names in the
    contents block are links to their sheets."""
    for letter, width in zip("AB", ABOUT_WIDTHS):
        about.column_dimensions[letter].width = width
    setup_print(about, list(ABOUT_WIDTHS), footer, title_row=False)
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


def write_appendix(data: Dataset, path: Path, build_info: dict | None = None,
                   language: str = "en") -> Path:
    """Write the workbook in a language (sheet names, headers, data dictionary, About sheet,
    the words in cells and coded values; data text stays as written) to a temporary file
    beside `path`, then move it into place."""
    build_info = build_info or {}
    path = Path(path)
    words = appendix_words(language)  # an unknown language fails before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    cleaner = _Cleaner()
    workbook = Workbook(write_only=True)
    try:
        specs = sheets(language)
        about = workbook.create_sheet(check_sheet_title(words["sheets"]["about"]))
        frames = {sheet.key: sheet.frame(data) for sheet in specs}
        frames["projects"] = _with_links(frames["projects"], frames["provenance"],
                                         frames["participations"], data.provenance, language)
        for number, sheet in enumerate(specs, start=1):
            _write_table_sheet(workbook, sheet, frames[sheet.key], cleaner, number,
                               words["footer"])
        dictionary = pd.DataFrame(_dictionary_rows(specs, language), columns=DICTIONARY_FIELDS)
        _write_table_sheet(workbook, SheetSpec(words["sheets"]["dictionary"], "",
                                               dictionary_columns(language),
                                               lambda d: dictionary, "dictionary"),
                           dictionary, cleaner, len(specs) + 1, words["footer"])
        note = (_fill(words["about"]["cleaning_text"],
                      n=Count(cleaner.control_characters_removed))
                if cleaner.control_characters_removed else "")
        _write_about(about, _about_rows(data, build_info, note, specs, language), cleaner,
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
