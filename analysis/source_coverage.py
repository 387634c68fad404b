"""Check that every fact the source documents state is accounted for.

Each line of each document is scanned for facts: dates, numbers (amounts, counts, years),
approximate counts ("hundratals"), phone numbers, e-mail and web addresses, organisation
names (from organisations.csv and aliases.csv), place names (SCB municipalities and
counties) and other capitalised multi-word names. A fact is accounted for when a provenance
row cites its line for a value that contains it, or when not_recorded.csv lists it for that
line. Personal data is matched by kind only ("a phone number"), so it is never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .dataset import Dataset
from .fields import APPROXIMATE_COUNTS, TABLES_BY_NAME, record_ids, record_key
from .geography import counties, municipalities
from .paths import SEEDS_DIR
from .provenance import (_DAY_SLASH_MONTH_YEAR, MONTHS, months_in, normalise_text, numbers_in,
                         read_document_lines)

# The kinds of personal data and the words not_recorded.csv uses for each.
PERSONAL_KINDS = {"person": "a person's name", "phone": "a phone number",
                  "email": "an e-mail address"}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_U = "A-ZÅÄÖÉÜ"
_L = "a-zåäöéü"
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("web address", re.compile(r"(?:https?://|www\.)\S+")),
    ("phone", re.compile(r"\b0\d{1,3}-\d{2,3}(?: \d{2,3}){1,3}\b")),
    ("date", re.compile(rf"(?:\b\d{{1,2}}(?:-\d{{1,2}})?\s)?\b(?:{_MONTH_NAMES})\.?(?:\s\d{{4}})?\b",
                        re.IGNORECASE)),
    ("date", _DAY_SLASH_MONTH_YEAR),
    ("time", re.compile(r"\b\d{1,2}[.:]\d{2}\b(?:\s*-\s*\d{1,2}[.:]\d{2}\b)?")),
    ("approximate count", re.compile(
        "|".join(re.escape(w) for words in APPROXIMATE_COUNTS.values() for w in words),
        re.IGNORECASE)),
    ("number", re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+")),
    # Two or more capitalised words in a row: organisations, places, people, venues.
    ("name", re.compile(rf"\b[{_U}][{_L}{_U}]+(?:[ -](?:i |von )?[{_U}][{_L}{_U}]+)+\b")),
]


@dataclass(frozen=True)
class Fact:
    file: str
    line: int
    kind: str
    words: str
    start: int
    end: int

    def __str__(self) -> str:
        shown = PERSONAL_KINDS.get(self.kind, repr(self.words))
        if self.kind == "name":  # may be a private person's: initials only, see the line
            shown = "'" + " ".join(word[0] + "…" for word in self.words.split()) + "'"
        return (f"{self.file} line {self.line}: {self.kind} {shown} is neither cited in "
                f"data/provenance.csv nor listed in data/not_recorded.csv")


@lru_cache(maxsize=None)
def _place_pattern() -> re.Pattern:
    names = set(municipalities()["municipality_name"])
    for county in counties()["county_name"]:
        names.add(county)
        names.add(re.sub(r"s? län$", "", county))  # "Jämtlands län" -> "Jämtland"
    names = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")s?(?!\w)")


def _organisation_pattern(dataset: Dataset) -> re.Pattern:
    names = set(dataset.organisations["name"]) | set(dataset.aliases["alias"])
    names = sorted(names, key=len, reverse=True)
    # An optional genitive s: "Region Jämtland Härjedalens nyhetssida".
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")s?(?!\w)",
                      re.IGNORECASE)


def extract_facts(text: str, file: str, line: int, organisations: re.Pattern) -> list[Fact]:
    """The facts one line states; a fact inside a longer one (a year in a date) is dropped."""
    found: list[Fact] = []
    for kind, pattern in [("organisation", organisations), ("place", _place_pattern())] + PATTERNS:
        for match in pattern.finditer(text):
            found.append(Fact(file, line, kind, match.group(0).strip(), match.start(),
                              match.end()))
    # Earlier kinds win where matches overlap: a known organisation over a capitalised name,
    # a date over the year inside it. A place and a capitalised name: the longer wins, so
    # "Anna Berg" stays a name though Berg is a municipality.
    names = sorted((f for f in found if f.kind in ("place", "name")),
                   key=lambda f: f.start - f.end)
    found = [f for f in found if f.kind not in ("place", "name")] + names
    kept: list[Fact] = []
    for fact in found:
        if not any(fact.start < k.end and k.start < fact.end for k in kept):
            kept.append(fact)
    return sorted(kept, key=lambda f: f.start)


def _cited_values(dataset: Dataset) -> dict[tuple[str, int], list[str]]:
    """(file, line) -> the values the provenance rows citing that line hold, as text."""
    files = dict(zip(dataset.sources["source_id"], dataset.sources["file"]))
    cited: dict[tuple[str, int], list[str]] = {}
    for row in dataset.provenance.itertuples(index=False):
        frame = dataset.table(row.table)
        spec = TABLES_BY_NAME[row.table]
        ids = pd.Series(record_ids(frame, spec), index=frame.index)
        value = frame.loc[ids == row.record_id, row.field].iloc[0]
        texts = [str(value)]
        if row.table == "participations":
            org_id = record_key(row.record_id)[1]
            texts += _names_of(dataset, org_id)
        if row.table == "organisations":
            texts += _names_of(dataset, row.record_id)
        allowed = spec.field(row.field).allowed
        if allowed and pd.notna(value):
            texts += list(allowed.get(value, ()))
        for number in str(row.lines).split(";"):
            cited.setdefault((files[row.source_id], int(number)), []).extend(texts)
    return cited


def _names_of(dataset: Dataset, org_id: str) -> list[str]:
    orgs = dataset.organisations.set_index("org_id")
    return ([orgs.at[org_id, "name"]]
            + dataset.aliases.loc[dataset.aliases["org_id"] == org_id, "alias"].tolist())


def _value_states(value: str, fact: Fact) -> bool:
    words = normalise_text(fact.words)
    if words in normalise_text(value):
        return True
    if fact.kind == "date":
        months = months_in(fact.words)
        return bool(months) and months <= months_in_values(value)
    if fact.kind == "name":  # a label before the value: "Status Avslutat"
        return normalise_text(value) in words
    if fact.kind == "number":
        return bool(numbers_in(fact.words) & numbers_in(value))
    return False


def months_in_values(value: str) -> set[str]:
    """Months in a stored value ('2016-10') as well as in written text."""
    return set(re.findall(r"\b\d{4}-\d{2}\b", value)) | months_in(value)


def _same_words(listed: str, stated: str) -> bool:
    """Equal up to case, spacing and the kind of dash (data/ writes ranges with en dashes)."""
    return normalise_text(listed.replace("\u2013", "-")) == normalise_text(stated.replace("\u2013", "-"))


def _listed(fact: Fact, rows: list[tuple[str, str]]) -> bool:
    for words, reason in rows:
        if fact.kind in PERSONAL_KINDS:
            if reason == "personal data" and words == PERSONAL_KINDS[fact.kind]:
                return True
        elif fact.kind == "web address":  # may carry names or tokens: matched by kind
            if words == "a web address":
                return True
        elif _same_words(words, fact.words):
            return True
    return False


def check_source_coverage(dataset: Dataset, seeds_dir: Path = SEEDS_DIR) -> list[Fact]:
    """Every fact stated in a source document that is neither cited nor listed as left out."""
    organisations = _organisation_pattern(dataset)
    cited = _cited_values(dataset)
    files = dict(zip(dataset.sources["source_id"], dataset.sources["file"]))
    listed: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for row in dataset.not_recorded.itertuples(index=False):
        listed.setdefault((files[row.source_id], int(row.line)), []).append(
            (row.words, row.reason))
    unaccounted: list[Fact] = []
    for file in dataset.sources["file"]:
        for number, text in enumerate(read_document_lines(seeds_dir / file), start=1):
            for fact in extract_facts(text, file, number, organisations):
                values = cited.get((file, number), [])
                if any(_value_states(value, fact) for value in values):
                    continue
                # A capitalised name may be a person's: matched by kind, never by its words.
                if fact.kind == "name" and _listed(
                        Fact(file, number, "person", fact.words, 0, 0),
                        listed.get((file, number), [])):
                    continue
                if _listed(fact, listed.get((file, number), [])):
                    continue
                unaccounted.append(fact)
    return unaccounted
