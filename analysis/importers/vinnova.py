"""Vinnova's open data (CC0): its project records -> projects, organisations, participations.

Vinnova publishes the projects it funds as one JSON array of records (its project API). The
export is kept unchanged under data/exports/ as a source of its own; this module is the whole
mapping, so a newer export replaces the file and is imported again. Every imported fact gets a
provenance row naming the export, the record (Diarienummer) and the field, and
`analysis.provenance` re-reads the export to check each of them.

Records already in the curated table (same reference number; or no number but the same
coordinator and title) are not added again: where the two disagree, both values stay and a row
in data/conflicts.csv shows them side by side (see analysis.importers.conflicts).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from ..fields import (EXPORT_KIND, FUNDER_GRANT, MAX_AMOUNT_SEK, PROJECTS,
                      REFERENCE_NUMBER_PATTERN)
from ..text import CURATOR_LANGUAGE, LANGUAGES, catalogue, description_field, labels
from .names import clean_text, normalise_name

SOURCE_ID = "vinnova-open-data"
EXPORT_FILE = "vinnova-projects.json"
PUBLISHER = "Vinnova"
LICENCE = "CC0"
FUNDER = "Vinnova"

# The export's fields this import reads (the long texts MalSvenska, ResultatSvenska, … stay
# in the export: the report never copies them).
REFERENCE = "Diarienummer"
TITLE_SV, TITLE_EN = "Ärenderubrik", "ÄrenderubrikEngelska"
CALL, PROGRAMME = "DiarienummerUtlysning", "DiarienummerProgram"
GRANT = "BeviljatBidrag"
START, END = "ProjektStart", "ProjektSlut"
COORDINATOR, UNIT = "KoordinatorOrg", "KoordinatorArb"
STATUS = "Status"
TEXT_FIELDS = (TITLE_SV, TITLE_EN, CALL, PROGRAMME, COORDINATOR, UNIT, STATUS)
NAME_FIELDS = (TITLE_SV, TITLE_EN, COORDINATOR, UNIT, STATUS)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


class ExportError(Exception):
    """The export cannot be imported; every problem found, each naming file, record, field."""

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        lines = [f"{file} cannot be imported ({count}); data/ is unchanged:"]
        lines += [f"  - {problem}" for problem in problems[:50]]
        if len(problems) > 50:
            lines.append(f"  … and {len(problems) - 50} more")
        super().__init__("\n".join(lines))


@dataclass
class Record:
    """One export record, its values checked and converted (None where not stated)."""
    reference: str
    title: str
    title_field: str
    title_en: str | None
    call: str | None
    programme: str | None
    grant: int | None
    start_month: str | None
    end_month: str | None
    status: str | None
    status_as_written: str | None
    coordinator: str
    unit: str | None
    position: int  # 1-based place in the export's list
    # projects field -> (the value the record states, the export field stating it), read
    # through FACTS: what the import writes and cites.
    facts: dict[str, tuple[object, str]]


def text_value(raw: object) -> str | None:
    """A text field as the source writes it, in Unicode NFC, without invisible characters
    (byte-order mark, zero-width space or joiner, soft hyphen) and with runs of white space as
    one space (a line break inside a title is layout, not content); empty or missing -> None."""
    if raw is None:
        return None
    return clean_text(raw) or None


def month_of(raw: object) -> str | None:
    """'2016-10-01T00:00:00' -> '2016-10'; raises ValueError when it is not a date."""
    text = text_value(raw)
    if text is None:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError("is not a date (expected e.g. 2016-10-01T00:00:00)")
    year, month, day = (int(part) for part in match.groups())
    date(year, month, day)  # raises ValueError for 2016-02-30
    return f"{year:04d}-{month:02d}"


def amount_of(raw: object) -> int | None:
    """BeviljatBidrag -> whole kronor; raises ValueError for text, fractions, zero or less."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError("is not a number (the export gives amounts as JSON numbers)")
    if not math.isfinite(raw) or raw != int(raw):
        raise ValueError("is not a whole number of kronor")
    if raw <= 0:
        raise ValueError("is not greater than zero (no amount is stated as 0 or less)")
    if raw > MAX_AMOUNT_SEK:
        raise ValueError(f"is larger than any grant ({MAX_AMOUNT_SEK:,} kronor at most)"
                         .replace(",", " "))
    return int(raw)


STATUS_WORDS = {normalise_name(word): code
                for code, words in PROJECTS.field("status").allowed.items() for word in words}


def status_of(raw: object) -> str | None:
    """'Avslutat' -> 'completed'; words the table has no code for (e.g. 'Beviljat') -> None."""
    text = text_value(raw)
    return STATUS_WORDS.get(normalise_name(text)) if text else None


def basis_of(raw: object) -> str | None:
    """BeviljatBidrag is what Vinnova granted: where it states an amount, a funder grant."""
    return FUNDER_GRANT if amount_of(raw) is not None else None


def funder_of(raw: object) -> str:
    """Every record of Vinnova's register of what it funds is a project Vinnova funds."""
    return FUNDER


def coordinator_role(raw: object) -> str:
    """The organisation named in KoordinatorOrg coordinates the project."""
    return "coordinator"


@dataclass(frozen=True)
class Fact:
    """How the export states one field of the tables: in which of its fields, read how (the
    export's JSON value -> the table's value; ValueError where it cannot be read)."""
    export_field: str
    read: Callable[[object], object] = text_value


# (table, field) -> how the export states it. The one mapping: the import writes these values
# and cites these fields, and the provenance check reads every cited field back through it.
FACTS: dict[tuple[str, str], Fact] = {
    ("projects", "title"): Fact(TITLE_SV),  # or TITLE_EN where Ärenderubrik is empty
    ("projects", "reference_number"): Fact(REFERENCE),
    ("projects", "funder"): Fact(REFERENCE, funder_of),
    ("projects", "programme"): Fact(PROGRAMME),
    ("projects", "call"): Fact(CALL),
    ("projects", "amount_sek"): Fact(GRANT, amount_of),
    ("projects", "amount_basis"): Fact(GRANT, basis_of),
    ("projects", "start_month"): Fact(START, month_of),
    ("projects", "end_month"): Fact(END, month_of),
    ("projects", "status"): Fact(STATUS, status_of),
    # The check compares the organisation KoordinatorOrg names, not its text.
    ("participations", "role"): Fact(COORDINATOR, coordinator_role),
    ("participations", "unit"): Fact(UNIT),
    ("organisations", "name"): Fact(COORDINATOR),
}


def stated(table: str, field: str, raw: object) -> object:
    """The table's value for what an export field states (raw), read as FACTS says; a field
    the import does not write is read as text."""
    fact = FACTS.get((table, field))
    return fact.read(raw) if fact else text_value(raw)


def _project_facts(item: dict, title_field: str) -> dict[str, tuple[object, str]]:
    facts = {}
    for (table, name), fact in FACTS.items():
        if table == "projects":
            export_field = title_field if name == "title" else fact.export_field
            facts[name] = (fact.read(item.get(export_field)), export_field)
    return facts


def read_export(path: Path) -> list[Record]:
    """Parse and check the whole export; raise ExportError listing every problem."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportError(where, [f"cannot be read: {error.strerror}"]) from None
    try:
        items = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ExportError(where, ["is not UTF-8 text (Vinnova's API serves UTF-8 JSON)"]) from None
    except json.JSONDecodeError as error:
        raise ExportError(where, [f"is not JSON: {error.msg} at line {error.lineno}, "
                                  f"column {error.colno}"]) from None
    except RecursionError:
        raise ExportError(where, ["is JSON nested deeper than any export (a list of flat "
                                  "records); it was not read"]) from None
    if not isinstance(items, list):
        raise ExportError(where, [f"is JSON but not a list of records (it is a "
                                  f"{type(items).__name__}); export the project list"])
    problems: list[str] = []
    records: list[Record] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        record = _read_record(item, position, problems, seen)
        if record is not None:
            records.append(record)
    if not items:
        problems.append("holds no records")
    if problems:
        raise ExportError(where, problems)
    return records


def _read_record(item: object, position: int, problems: list[str],
                 seen: dict[str, int]) -> Record | None:
    if not isinstance(item, dict):
        problems.append(f"record {position}: not a JSON object but a {type(item).__name__}")
        return None
    reference = text_value(item.get(REFERENCE))
    label = f"record {position} ({reference})" if reference else f"record {position}"

    def problem(field_name: str, message: str) -> None:
        value = item.get(field_name)
        shown = repr(value if not isinstance(value, str) or len(value) <= 60
                     else value[:57] + "…")
        problems.append(f"{label}, field {field_name}, value {shown}: {message}")

    before = len(problems)
    if reference is None:
        problems.append(f"{label}, field {REFERENCE}: missing; every record needs its "
                        "reference number")
    elif not re.match(REFERENCE_NUMBER_PATTERN, reference):
        problem(REFERENCE, "is not " + labels.format_words(
            PROJECTS.field("reference_number").format_name, CURATOR_LANGUAGE))
    elif reference in seen:
        problem(REFERENCE, f"the same reference number as record {seen[reference]}")
    else:
        seen[reference] = position
    for name in TEXT_FIELDS:
        value = item.get(name)
        # Names and titles are text; a call or programme may be given by its number. Never a
        # boolean, a float (NaN) or a structure, which would become 'True' or 'nan'.
        allowed = (str,) if name in NAME_FIELDS else (str, int)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            problem(name, "is not text")
    title_sv, title_en = text_value(item.get(TITLE_SV)), text_value(item.get(TITLE_EN))
    if title_sv is None and title_en is None:
        problems.append(f"{label}, fields {TITLE_SV} and {TITLE_EN}: both empty; a project "
                        "needs a title")
    coordinator = text_value(item.get(COORDINATOR))
    if coordinator is None:
        problems.append(f"{label}, field {COORDINATOR}: empty; every project needs its "
                        "coordinator")
    converted = {}
    for name, convert in ((GRANT, amount_of), (START, month_of), (END, month_of)):
        try:
            converted[name] = convert(item.get(name))
        except ValueError as error:
            problem(name, str(error))
            converted[name] = None
    start, end = converted[START], converted[END]
    if start and end and end < start:
        problem(END, f"ends before it starts ({item.get(START)})")
    if len(problems) > before:
        return None
    status_text = text_value(item.get(STATUS))
    title_field = TITLE_SV if title_sv else TITLE_EN
    return Record(reference=reference, title=title_sv or title_en,
                  title_field=title_field, title_en=title_en,
                  call=text_value(item.get(CALL)), programme=text_value(item.get(PROGRAMME)),
                  grant=converted[GRANT], start_month=start, end_month=end,
                  status=status_of(status_text), status_as_written=status_text,
                  coordinator=coordinator, unit=text_value(item.get(UNIT)), position=position,
                  facts=_project_facts(item, title_field))


def records_by_reference(path: Path) -> dict[str, dict]:
    """The export's raw records by Diarienummer, for the provenance check."""
    items = json.loads(path.read_bytes().decode("utf-8-sig"))
    return {text_value(item.get(REFERENCE)): item for item in items if isinstance(item, dict)}


def source_row(retrieved: str) -> dict[str, str]:
    """The export's row in sources.csv, described in each edition's words (its catalogue's
    [imports]) in that edition's description column."""
    descriptions = {description_field(language): catalogue(language)["imports"]["vinnova_export"]
                    for language in LANGUAGES}
    return {"source_id": SOURCE_ID, "file": f"exports/{EXPORT_FILE}", "language": "sv",
            "kind": EXPORT_KIND, "publisher": PUBLISHER, "url": "", "licence": LICENCE,
            "retrieved": retrieved, "as_of_month": "", **descriptions}

