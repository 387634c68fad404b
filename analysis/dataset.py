"""Load and validate the curated tables in data/.

`load_dataset()` is the one call every notebook, chart and the Excel appendix use. It either
returns all tables as validated DataFrames or raises ONE `DataValidationError` that lists every
problem found, each naming file, record, field and value.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from . import geography
from .fields import (EXPORT_KIND, ORGANISATIONS, PARTICIPATIONS, PROJECTS, PROVENANCE, TABLES, TABLES_BY_NAME,
                     FieldSpec, TableSpec)
from .paths import DATA_DIR, EXPORTS_FOLDER

# C0 controls and DEL: invisible, break CSV/Excel, and have no place in curated facts.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Personal contact data must never enter data/ (organisations only).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}(?!\d)")


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    value: object
    message: str

    def __str__(self) -> str:
        value = "" if self.value is None else f", value {_plain(self.value)}"
        field = f", field '{self.field}'" if self.field else ""
        record = "" if self.record == "-" else f", record {self.record}"
        return f"{self.file}{record}{field}{value}: {self.message}"


def _plain(value: object) -> str:
    """A value as a person writes it: text in quotes, numbers as digits (not np.int64(-1))."""
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:77] + "…")
    try:
        return str(int(value)) if float(value).is_integer() else str(value)
    except (TypeError, ValueError):
        return repr(value)


def _columns(names: list[str]) -> str:
    return ("column " if len(names) == 1 else "columns ") + ", ".join(names)


class DataValidationError(Exception):
    """All problems found in the curated data, reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        lines = [f"The curated data has {count}:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Dataset:
    sources: pd.DataFrame
    projects: pd.DataFrame
    organisations: pd.DataFrame
    aliases: pd.DataFrame
    participations: pd.DataFrame
    provenance: pd.DataFrame
    not_recorded: pd.DataFrame
    conflicts: pd.DataFrame
    data_version: str  # short SHA-256 of the data files: changes whenever a fact changes
    data_dir: Path

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def data_version(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for spec in TABLES:
        path = Path(data_dir) / spec.file
        digest.update(spec.file.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    # Open-data exports kept in data/ are sources too: a newer export is a new data version.
    for path in sorted((Path(data_dir) / EXPORTS_FOLDER).glob("*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read, type-check and cross-check all tables; raise DataValidationError on any problem.

    Without an argument it reads $ANALYSIS_DATA_DIR if set (the build sets it for the
    notebooks it runs, e.g. on benchmark data), else the project's data/.
    """
    data_dir = Path(data_dir or os.environ.get("ANALYSIS_DATA_DIR") or DATA_DIR).resolve()
    already = _load_validated(data_dir)
    if already is not None:
        return already
    problems: list[Problem] = []
    read = {spec.name: _read_table(data_dir, spec, problems) for spec in TABLES}
    frames = _checked({name: frame for name, frame in read.items() if frame is not None},
                      problems)
    if problems:
        raise DataValidationError(_in_folder(problems, data_dir))
    _add_derived_fields(frames)
    return Dataset(**frames, data_version=data_version(data_dir), data_dir=data_dir)


def check_tables(texts: dict[str, pd.DataFrame], data_dir: Path) -> None:
    """The checks of load_dataset on tables held in memory as text ('' for empty), as they
    are about to be written to data_dir; raise DataValidationError on any problem."""
    problems: list[Problem] = []
    frames = {}
    for spec in TABLES:
        frame = texts[spec.name][spec.columns].astype(object)
        frame = frame.where(frame != "", None)
        frame.index = pd.Index(range(2, len(frame) + 2), name="line")
        frames[spec.name] = frame
    _checked(frames, problems)
    if problems:
        raise DataValidationError(_in_folder(problems, Path(data_dir).resolve()))


def _checked(read: dict[str, pd.DataFrame], problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Type and cross-table checks on the tables read (as text indexed by file line)."""
    frames: dict[str, pd.DataFrame] = {}
    bad_cells: set[tuple[str, int, str]] = set()  # (table, line, field) already reported
    for spec in TABLES:
        if spec.name in read:
            frames[spec.name] = _validate_columns(read[spec.name], spec, problems, bad_cells)
    # Root cause first: a main table without rows makes every reference to it fail, so the
    # cross-table checks would only repeat that one fact many times.
    empty = [spec for spec in TABLES if spec.name in frames and frames[spec.name].empty
             and spec.name in TABLES_THAT_NEED_ROWS]
    for spec in empty:
        problems.append(Problem(f"data/{spec.file}", "-", "", None,
                                "has no rows (only its header line); at least one is needed"))
    if len(frames) == len(TABLES) and not empty:
        _check_relations(frames, problems, bad_cells)
    return frames


TABLES_THAT_NEED_ROWS = ("sources", "projects", "organisations", "participations")



def _in_folder(problems: list[Problem], data_dir: Path) -> list[Problem]:
    """Messages name the folder actually read, as the reader typed it or relative to here."""
    try:
        folder = str(data_dir.relative_to(Path.cwd()))
    except ValueError:
        folder = str(data_dir)
    prefix = folder.rstrip("/") + "/"
    return [dataclasses.replace(problem, file=problem.file.replace("data/", prefix, 1),
                                message=problem.message.replace("data/", prefix))
            for problem in problems]


# The build validates once, then hands the result to the notebooks' kernels through this
# variable; a kernel uses it only if the data's content hash is unchanged.
VALIDATED_DATA_ENV = "ANALYSIS_VALIDATED_DATA"


def save_validated(data: Dataset, folder: Path) -> Path:
    path = folder / f"validated-{data.data_version}.pickle"
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _load_validated(data_dir: Path) -> Dataset | None:
    path = os.environ.get(VALIDATED_DATA_ENV)
    if not path or not Path(path).is_file():
        return None
    data = pickle.loads(Path(path).read_bytes())
    same = data.data_dir == data_dir and data.data_version == data_version(data_dir)
    return data if same else None


# --- reading -------------------------------------------------------------------------------

def _read_table(data_dir: Path, spec: TableSpec, problems: list[Problem]) -> pd.DataFrame | None:
    """Parse one CSV into a frame of strings (None for empty), indexed by file line number."""
    path = data_dir / spec.file
    where = f"data/{spec.file}"
    if not path.exists() and spec.optional:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in spec.columns},
                            index=pd.Index([], name="line", dtype=int))
    if not path.exists():
        problems.append(Problem(where, "-", "", None, "file is missing"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(where, f"at line {line}", "", raw[error.start:error.end],
                                "file is not valid UTF-8 (save it as UTF-8)"))
        return None
    text = text.removeprefix("\ufeff")  # tolerate a BOM written by spreadsheet programs
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        problems.append(Problem(where, f"at line {reader.line_num}", "", None,
                                f"not readable as CSV ({error}); a quote inside a quoted "
                                "value must be doubled (\"\")"))
        return None
    if not rows:
        problems.append(Problem(where, "-", "", None, "file is empty; it needs at least the "
                                f"header line: {','.join(spec.columns)}"))
        return None
    if rows[0] != spec.columns:
        header = rows[0] if rows else []
        missing = [c for c in spec.columns if c not in header]
        unknown = [c for c in header if c not in spec.columns]
        detail = "; ".join(filter(None, [
            f"missing {_columns(missing)}" if missing else "",
            f"unknown {_columns(unknown)}" if unknown else "",
            "columns out of order" if not missing and not unknown else ""]))
        problems.append(Problem(where, "header (line 1)", "", None,
                                f"{detail}; expected: {','.join(spec.columns)}"))
        return None
    width = len(spec.columns)
    line_numbers = range(2, len(rows) + 1)
    # Whole columns at a time below: a portfolio's provenance table has 600 000 rows.
    if any(len(row) != width for row in rows):
        kept = []
        for offset, row in zip(line_numbers, rows[1:]):
            if len(row) != width and any(cell.strip() for cell in row):
                problems.append(Problem(where, f"at line {offset}", "", None,
                                        f"has {len(row)} fields, expected {width}"))
            elif len(row) == width:
                kept.append((offset, row))
        line_numbers, body = [k[0] for k in kept], [k[1] for k in kept]
    else:
        body = rows[1:]
    frame = pd.DataFrame(body, columns=spec.columns, dtype=object,
                         index=pd.Index(list(line_numbers), name="line", dtype=int))
    for column in spec.columns:
        stripped = frame[column].str.strip()
        frame[column] = stripped.where(stripped != "", None)
    return frame[frame.notna().any(axis=1)]  # blank lines


def _record_label(frame: pd.DataFrame, spec: TableSpec, line: int) -> str:
    values = [frame.at[line, key] for key in spec.key]
    if all(pd.notna(v) for v in values):
        return f"'{'/'.join(str(v) for v in values)}' (line {line})"
    return f"at line {line}"


# --- per-table checks (pandera) ------------------------------------------------------------

def _convert_types(frame: pd.DataFrame, spec: TableSpec, where: str,
                   problems: list[Problem], bad_cells: set) -> pd.DataFrame:
    typed = frame.copy()
    for field in spec.stored_fields:
        if field.dtype != "integer":
            continue
        values = []
        for line, value in frame[field.name].items():
            if value is None:
                values.append(pd.NA)
            elif re.fullmatch(r"-?\d+", value):
                values.append(int(value))
            else:
                problems.append(Problem(where, _record_label(frame, spec, line), field.name, value,
                                        "not a whole number (write digits only, no spaces)"))
                bad_cells.add((spec.name, line, field.name))
                values.append(pd.NA)
        typed[field.name] = pd.array(values, dtype="Int64")
    return typed


_last_joined: list = [None, ""]  # [column, its text]: several checks read the same column


def _joined(values: pd.Series) -> str:
    """A column's values as one text. Missing values join as "None"/"nan", which no pattern
    here matches."""
    if _last_joined[0] is not values:
        _last_joined[:] = [values, "\u2028".join(map(str, values.tolist()))]
    return _last_joined[1]


def _nowhere_in(values: pd.Series, pattern: re.Pattern) -> pd.Series:
    """True where a value does not contain the pattern. One search over the whole column
    first (U+2028 cannot be part of a match), value by value only if that finds something."""
    text = _joined(values)
    if (pattern is EMAIL and "@" not in text) or not pattern.search(text):
        return pd.Series(True, index=values.index)
    return ~values.astype(object).map(
        lambda v: isinstance(v, str) and pattern.search(v) is not None).astype(bool)


def _column_schema(field: FieldSpec) -> pa.Column:
    checks = []
    if field.allowed:
        allowed = list(field.allowed_values)
        checks.append(pa.Check.isin(allowed, error=f"not one of the allowed values {allowed}"))
    if field.pattern:
        checks.append(pa.Check.str_matches(
            field.pattern, error=f"is not {field.format_words or 'in the expected format'}"))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum, error=f"must be at least {field.minimum}"))
    if field.max_characters and not (field.pattern or field.allowed):
        limit = field.max_characters
        checks.append(pa.Check(
            lambda s: s.isna() | (s.astype(str).str.len() <= limit),
            element_wise=False,
            error=f"is longer than {limit:,} characters; shorten it (nothing is cut)"
            .replace(",", " ")))
    # A value that matches a pattern or an allowed value holds no control character.
    if field.dtype != "integer" and not (field.pattern or field.allowed):
        checks.append(pa.Check(lambda s: _nowhere_in(s, CONTROL_CHARACTERS),
                               error="contains a control character (tab, newline, NUL, …)"))
    if field.dtype in ("string", "list") and not (field.pattern or field.allowed):
        # Free text only: coded and patterned fields cannot hold contact data and pass.
        checks.append(pa.Check(
            lambda s: _nowhere_in(s, EMAIL) & _nowhere_in(s, PHONE),
            error="looks like personal contact data (e-mail address or phone number)"))
    return pa.Column("Int64" if field.dtype == "integer" else object, checks=checks,
                     nullable=not field.required, unique=field.unique,
                     report_duplicates="all")


def schema_for(spec: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema of a table, built from its field metadata."""
    return pa.DataFrameSchema({f.name: _column_schema(f) for f in spec.stored_fields},
                              strict=True, name=spec.name)


def _validate_columns(frame: pd.DataFrame, spec: TableSpec, problems: list[Problem],
                      bad_cells: set) -> pd.DataFrame:
    where = f"data/{spec.file}"
    typed = _convert_types(frame, spec, where, problems, bad_cells)
    try:
        schema_for(spec).validate(typed, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        for case in cases.itertuples(index=False):
            line = case.index
            message = {"not_nullable": "required but empty",
                       "field_uniqueness": "duplicate: must be unique"}.get(case.check, case.check)
            value = None if message == "required but empty" else case.failure_case
            record = _record_label(frame, spec, int(line)) if pd.notna(line) else "-"
            if pd.notna(line):
                bad_cells.add((spec.name, int(line), str(case.column)))
            problems.append(Problem(where, record, str(case.column), value, message))
    finally:
        _last_joined[:] = [None, ""]  # the column and its text are not kept
    return typed


# --- cross-table checks --------------------------------------------------------------------

def _check_relations(frames: dict[str, pd.DataFrame], problems: list[Problem],
                     bad_cells: set) -> None:
    def report(spec: TableSpec, line: int, field: str, value: object, message: str,
               *also: str) -> None:
        # A value already reported as malformed is not reported again by a check built on it.
        if any((spec.name, line, f) in bad_cells for f in (field, *also)):
            return
        problems.append(Problem(f"data/{spec.file}", _record_label(frames[spec.name], spec, line),
                                field, value, message))

    # Foreign keys declared in the metadata.
    for spec in TABLES:
        for field in spec.stored_fields:
            if not field.references:
                continue
            target_table, target_field = field.references.split(".")
            known = set(frames[target_table][target_field].dropna())
            for line, value in frames[spec.name][field.name].items():
                if pd.notna(value) and value not in known:
                    report(spec, line, field.name, value,
                           f"no such {target_field} in data/{TABLES_BY_NAME[target_table].file}")

    projects = frames["projects"]
    start, end = projects["start_month"], projects["end_month"]
    # Row by row only where a check fails: a portfolio has tens of thousands of projects.
    dated = start.notna() & end.notna()
    for line in projects.index[dated & (end.where(dated, "") < start.where(dated, ""))]:
        report(PROJECTS, line, "end_month", end[line], f"ends before it starts ({start[line]})",
               "start_month")
    events = (projects["kind"] == "event") & dated & (start.where(dated, "") != end.where(dated, ""))
    for line in projects.index[events]:
        report(PROJECTS, line, "end_month", end[line],
               f"an event takes place in one month; it starts in {start[line]}", "start_month")
    amount_given, basis_given = projects["amount_sek"].notna(), projects["amount_basis"].notna()
    for line in projects.index[amount_given & ~basis_given]:
        report(PROJECTS, line, "amount_basis", None,
               "required when amount_sek is given (funder grant or total project budget?)")
    for line in projects.index[~amount_given & basis_given]:
        report(PROJECTS, line, "amount_basis", projects.at[line, "amount_basis"],
               "given without amount_sek", "amount_sek")

    participations = frames["participations"]
    coordinators = participations[participations["role"] == "coordinator"]
    counts = projects["project_id"].map(coordinators["project_id"].value_counts()).fillna(0)
    for line in projects.index[projects["project_id"].notna() & (counts != 1)]:
        report(PROJECTS, line, "project_id", projects.at[line, "project_id"],
               f"has {int(counts[line])} coordinators in data/{PARTICIPATIONS.file}, "
               f"expected exactly 1")
    duplicated = participations.duplicated(["project_id", "org_id"], keep=False)
    for line in participations.index[duplicated]:
        report(PARTICIPATIONS, line, "org_id", participations.at[line, "org_id"],
               "organisation listed twice for the same project")

    _check_geography(frames["organisations"], report)
    _check_provenance(frames, report)


def _check_geography(organisations: pd.DataFrame, report) -> None:
    county_names = geography.county_names()
    municipality_names = geography.municipality_names()
    for line, row in organisations.iterrows():
        municipality = row.municipality_code if pd.notna(row.municipality_code) else None
        county = row.county_code if pd.notna(row.county_code) else None
        if municipality is not None and municipality not in municipality_names:
            report(ORGANISATIONS, line, "municipality_code", municipality,
                   "not in SCB's list of municipality codes")
        if county is not None and county not in county_names:
            report(ORGANISATIONS, line, "county_code", county, "not in SCB's list of county codes")
        if municipality and county and municipality[:2] != county:
            report(ORGANISATIONS, line, "county_code", county,
                   f"municipality {municipality} lies in county {municipality[:2]}")
        if row.scope in ("national", "unknown") and county is not None:
            report(ORGANISATIONS, line, "county_code", county,
                   f"{row.scope} bodies are not placed in a county")
        if row.scope in ("local", "regional") and county is None:
            report(ORGANISATIONS, line, "county_code", None,
                   "required for local and regional organisations")
        if row.type == "municipality":
            scb_name = municipality_names.get(municipality or "")
            if scb_name is None:
                report(ORGANISATIONS, line, "municipality_code", municipality,
                       "a municipality needs its SCB municipality code")
            elif pd.notna(row["name"]) and not str(row["name"]).startswith(scb_name):
                report(ORGANISATIONS, line, "name", row["name"],
                       f"does not match SCB's name for {municipality} ({scb_name})")


def _check_provenance(frames: dict[str, pd.DataFrame], report) -> None:
    """Every provenance row points at a real fact, and every document fact has a row.

    Vectorised (set look-ups over whole columns): a portfolio has hundreds of thousands of
    facts, and only the failing rows are visited one by one.
    """
    provenance = frames["provenance"]
    record_ids = {name: set(_record_ids(frames[name], TABLES_BY_NAME[name]))
                  for name in PROVENANCE.field("table").allowed_values}
    known_table = provenance["table"].isin(list(record_ids))
    record_exists = pd.Series(
        [known and record in record_ids[table] for known, table, record in
         zip(known_table, provenance["table"], provenance["record_id"])],
        index=provenance.index)
    origins = {(spec.name, f.name): f.origin for spec in TABLES for f in spec.stored_fields}
    origin = pd.Series([origins.get(key) for key in zip(provenance["table"], provenance["field"])],
                       index=provenance.index, dtype=object)
    for line in provenance.index[known_table & ~record_exists]:
        report(PROVENANCE, line, "record_id", provenance.at[line, "record_id"],
               f"no such record in {TABLES_BY_NAME[provenance.at[line, 'table']].file}")
    for line in provenance.index[record_exists & origin.isna()]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               f"{TABLES_BY_NAME[provenance.at[line, 'table']].file} has no such field")
    for line in provenance.index[record_exists & origin.notna() & (origin != "document")]:
        report(PROVENANCE, line, "field", provenance.at[line, "field"],
               "is not a document fact (curator, SCB or derived field)")
    _check_citation_kinds(frames, report)
    cited = set(zip(provenance["table"], provenance["record_id"], provenance["field"]))
    for name in record_ids:
        spec = TABLES_BY_NAME[name]
        frame = frames[name]
        ids = pd.Series(_record_ids(frame, spec), index=frame.index)
        for field in spec.stored_fields:
            if field.origin != "document":
                continue
            stated = frame[field.name].notna()
            has_row = pd.Series([(name, record_id, field.name) in cited for record_id in ids],
                                index=frame.index, dtype=bool)
            for line in frame.index[stated & ~has_row]:
                report(spec, line, field.name, frame.at[line, field.name],
                       f"document fact without a provenance row in data/{PROVENANCE.file}")


def _check_citation_kinds(frames: dict[str, pd.DataFrame], report) -> None:
    """A document fact cites lines; an export fact cites a record and a field, never lines."""
    provenance = frames["provenance"]
    kinds = dict(zip(frames["sources"]["source_id"], frames["sources"]["kind"]))
    export = provenance["source_id"].map(kinds).eq(EXPORT_KIND)
    known = provenance["source_id"].isin(list(kinds))
    for field in ("source_record", "source_field"):
        for line in provenance.index[export & provenance[field].isna()]:
            report(PROVENANCE, line, field, None,
                   f"required when the source is an open-data export ({EXPORT_KIND})")
        for line in provenance.index[known & ~export & provenance[field].notna()]:
            report(PROVENANCE, line, field, provenance.at[line, field],
                   "only for open-data exports; a document fact cites lines")
    for line in provenance.index[known & ~export & provenance["lines"].isna()]:
        report(PROVENANCE, line, "lines", None, "required when the source is a document")
    for line in provenance.index[export & provenance["lines"].notna()]:
        report(PROVENANCE, line, "lines", provenance.at[line, "lines"],
               "an export has no lines; cite its record and field")


def _record_ids(frame: pd.DataFrame, spec: TableSpec) -> list[str]:
    ids = frame[spec.key[0]].astype(str)
    for key in spec.key[1:]:
        ids = ids + "/" + frame[key].astype(str)
    return ids.tolist()


# --- derived fields ------------------------------------------------------------------------

def month_index(month: pd.Series) -> pd.Series:
    """'2016-10' -> 2016*12+9, so that month differences are plain subtraction."""
    year = pd.to_numeric(month.str.slice(0, 4), errors="coerce").astype("Int64")
    number = pd.to_numeric(month.str.slice(5, 7), errors="coerce").astype("Int64")
    return year * 12 + number - 1  # missing month -> <NA>, also when no month is known


def _add_derived_fields(frames: dict[str, pd.DataFrame]) -> None:
    for name, frame in frames.items():
        frames[name] = frame.reset_index(drop=True)
    projects = frames["projects"]
    language = dict(zip(frames["sources"]["source_id"], frames["sources"]["language"]))
    projects["source_language"] = projects["source_id"].map(language)
    projects["duration_months"] = (month_index(projects["end_month"])
                                   - month_index(projects["start_month"]) + 1).astype("Int64")
    # An event has a date, not a duration: it stays out of every duration.
    projects.loc[projects["kind"] == "event", "duration_months"] = pd.NA
    participations = frames["participations"]
    names = dict(zip(frames["organisations"]["org_id"], frames["organisations"]["name"]))
    coordinator = participations[participations["role"] == "coordinator"]
    projects["coordinator"] = projects["project_id"].map(
        dict(zip(coordinator["project_id"], coordinator["org_id"].map(names))))
    organisations = frames["organisations"]
    organisations["municipality_name"] = organisations["municipality_code"].map(
        geography.municipality_names())
    organisations["county_name"] = organisations["county_code"].map(geography.county_names())
    for spec in TABLES:
        frames[spec.name] = frames[spec.name][[f.name for f in spec.fields]]
