"""Check field-level provenance against the source documents.

For every provenance row, each cited line of the cited document must state the value the
curated table holds. Values are compared in normalised form: Swedish and English number
formats ("2 115 934 kronor", "SEK 193 800"), Swedish and English month names ("oktober 2016",
"January 2022", "14/10 2015"), the source words for coded values (Avslutat -> completed) and,
for organisations, their canonical name or any recorded alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .dataset import Dataset
from .fields import EXPORT_KIND, TABLES_BY_NAME, record_ids, record_key
from .paths import SEEDS_DIR

MONTHS = {
    name: number
    for number, names in enumerate([
        ("januari", "january", "jan"), ("februari", "february", "feb"), ("mars", "march", "mar"),
        ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
        ("augusti", "august", "aug"), ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"), ("november", "nov"),
        ("december", "dec")], start=1)
    for name in names
}
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) +
                         r")\.?\s+(\d{4})\b")
_DAY_SLASH_MONTH_YEAR = re.compile(r"\b\d{1,2}/(\d{1,2})\s*-?\s*(\d{4})\b")
# Thousands may be grouped by space, no-break space, thin space, comma or dot.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?!\d)|\d+")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def numbers_in(text: str) -> set[int]:
    """All whole numbers written in the text, with thousands separators removed."""
    return {int(re.sub(r"\D", "", match)) for match in _NUMBER.findall(text)}


def months_in(text: str) -> set[str]:
    """All months ('YYYY-MM') named in the text: 'oktober 2016', 'May 2023', '14/10 2015'."""
    lowered = normalise_text(text)
    found = {f"{year}-{MONTHS[name]:02d}" for name, year in _MONTH_YEAR.findall(lowered)}
    found |= {f"{year}-{int(month):02d}" for month, year in _DAY_SLASH_MONTH_YEAR.findall(lowered)
              if 1 <= int(month) <= 12}
    return found


@dataclass(frozen=True)
class Mismatch:
    """A cited fact its source does not state: on a document's `line`, or in an export's
    `record` and `source_field`; `stated` is what is there (the line, the field's value)."""
    table: str
    record_id: str
    field: str
    value: object
    source_file: str
    stated: object
    line: int | None = None
    record: str | None = None
    source_field: str | None = None

    def __str__(self) -> str:
        fact = f"{self.table} '{self.record_id}' field '{self.field}' = {self.value!r} is not "
        if self.line is not None:
            return (fact + f"stated on line {self.line} of {self.source_file}: "
                    f"{self.stated[:120]!r}")
        return (fact + f"what record {self.record} of {self.source_file} states in "
                f"{self.source_field}: {self.stated!r}")


def read_document_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _organisation_names(dataset: Dataset, org_id: str) -> list[str]:
    orgs = dataset.organisations.set_index("org_id")
    names = [orgs.at[org_id, "name"]]
    names += dataset.aliases.loc[dataset.aliases["org_id"] == org_id, "alias"].tolist()
    return names


def stated_on_line(dataset: Dataset, table: str, record_id: str, field: str, value: object,
                   line_text: str) -> bool:
    """Whether one line of a source document states the curated value."""
    spec = TABLES_BY_NAME[table].field(field)
    line = normalise_text(line_text)
    if table == "participations" and field == "role":
        # The role is read from the line's heading; the line must name the organisation.
        org_id = record_key(record_id)[1]
        return any(normalise_text(n) in line for n in _organisation_names(dataset, org_id))
    if table == "organisations" and field == "name":
        return any(normalise_text(n) in line for n in _organisation_names(dataset, record_id))
    if spec.dtype == "integer":
        return int(value) in numbers_in(line_text)
    if spec.dtype == "month":
        return value in months_in(line_text)
    if spec.allowed and spec.allowed[value]:
        return any(normalise_text(word) in line for word in spec.allowed[value])
    if spec.dtype == "list":
        return any(normalise_text(item) in line for item in str(value).split("; "))
    return normalise_text(str(value)) in line


def _values(dataset: Dataset, table: str) -> dict[str, dict]:
    """A table's records by their provenance record_id ('project/org' for participations)."""
    frame = dataset.table(table)
    return dict(zip(record_ids(frame, TABLES_BY_NAME[table]), frame.to_dict("records")))


def _document_citations(dataset: Dataset) -> pd.DataFrame:
    documents = dataset.sources.loc[dataset.sources["kind"] != EXPORT_KIND, "source_id"]
    return dataset.provenance[dataset.provenance["source_id"].isin(documents)]


def check_provenance(dataset: Dataset, seeds_dir: Path = SEEDS_DIR) -> list[Mismatch]:
    """Every cited line must state the value; list items must each be stated somewhere;
    every fact from an open-data export must be what its record states."""
    return check_documents(dataset, seeds_dir) + check_exports(dataset)


def check_documents(dataset: Dataset, seeds_dir: Path = SEEDS_DIR) -> list[Mismatch]:
    files = dict(zip(dataset.sources["source_id"], dataset.sources["file"]))
    mismatches: list[Mismatch] = []
    citations = _document_citations(dataset)
    tables = {name: _values(dataset, name) for name in set(citations["table"])}
    for row in citations.itertuples(index=False):
        spec = TABLES_BY_NAME[row.table]
        value = tables[row.table][row.record_id][row.field]
        lines = read_document_lines(seeds_dir / files[row.source_id])
        numbers = [int(n) for n in row.lines.split(";")]
        for number in numbers:
            text = lines[number - 1] if number <= len(lines) else ""
            if not stated_on_line(dataset, row.table, row.record_id, row.field, value, text):
                mismatches.append(Mismatch(row.table, row.record_id, row.field, value,
                                           files[row.source_id], text, line=number))
        if spec.field(row.field).dtype == "list" and pd.notna(value):
            cited = " ".join(lines[n - 1] for n in numbers if n <= len(lines))
            for item in str(value).split("; "):
                if normalise_text(item) not in normalise_text(cited):
                    mismatches.append(Mismatch(row.table, row.record_id, row.field, item,
                                               files[row.source_id], cited, line=numbers[0]))
    return mismatches


def provenance_check_summary(dataset: Dataset, seeds_dir: Path = SEEDS_DIR) -> dict | None:
    """What the build tells the report about the check: None when a cited document is not at
    hand (a reader's own data without its documents); else facts checked and mismatches."""
    documents = dataset.sources.loc[dataset.sources["kind"] != EXPORT_KIND, "file"].dropna()
    if not all((seeds_dir / name).is_file() for name in documents):
        return None
    mismatches = check_provenance(dataset, seeds_dir)
    exported = len(dataset.provenance) - len(_document_citations(dataset))
    return {"checked": len(dataset.provenance), "from_exports": exported,
            "mismatches": len(mismatches), "first_mismatches": [str(m) for m in mismatches[:5]]}


def check_exports(dataset: Dataset) -> list[Mismatch]:
    """Every fact cited to an open-data export is what the cited record's field states, and
    every conflict row shows the export's value and the curated table's current value."""
    from .importers import vinnova
    from .importers.organisations import OrganisationResolver, normalise_name

    exports = dataset.sources[dataset.sources["kind"] == EXPORT_KIND]
    if exports.empty:
        return []
    resolver = OrganisationResolver(dataset.organisations, dataset.aliases)
    names = dict(zip(dataset.organisations["org_id"], dataset.organisations["name"]))

    def same_organisation(org_id: str, written: object) -> bool:
        found = resolver.resolve(vinnova.text_value(written) or "")
        return found.org_id == org_id if found.org_id else \
            normalise_name(found.name) == normalise_name(names.get(org_id, ""))

    mismatches: list[Mismatch] = []
    citations = dataset.provenance[dataset.provenance["source_id"].isin(exports["source_id"])]
    tables = {name: _values(dataset, name) for name in set(citations["table"]) | {"projects"}}
    for source in exports.itertuples(index=False):
        records = vinnova.records_by_reference(dataset.data_dir / source.file)
        mine = citations[citations["source_id"] == source.source_id]
        for row in mine.itertuples(index=False):
            value = tables[row.table][row.record_id][row.field]
            record = records.get(row.source_record)
            raw = None if record is None else record.get(row.source_field)
            if record is None or row.source_field not in record:
                ok = False
            elif row.table == "organisations" or (row.table, row.field) == (
                    "participations", "role"):
                org_id = record_key(row.record_id)[-1]
                # The organisation it names, under any of its names; the role as mapped.
                ok = same_organisation(org_id, raw) and (
                    row.table == "organisations"
                    or vinnova.stated(row.table, row.field, raw) == value)
            else:
                try:
                    ok = vinnova.stated(row.table, row.field, raw) == (
                        int(value) if row.field == "amount_sek" else value)
                except ValueError:
                    ok = False
            if not ok:
                mismatches.append(Mismatch(row.table, row.record_id, row.field, value,
                                           source.file, raw, record=row.source_record,
                                           source_field=row.source_field))
        conflicts = dataset.conflicts[dataset.conflicts["imported_source_id"] == source.source_id]
        projects = tables["projects"]
        for row in conflicts.itertuples(index=False):
            record = records.get(row.imported_record, {})
            raw = record.get(row.imported_field)
            try:
                stated = (raw if row.field == "coordinator"
                          else vinnova.stated("projects", row.field, raw))
            except ValueError:
                stated = raw
            current = projects.get(row.project_id, {}).get(row.field)
            current = "" if current is None or pd.isna(current) else str(current)
            if vinnova.text_value(stated) != row.imported_value:
                mismatches.append(Mismatch("conflicts", row.project_id, row.field,
                                           row.imported_value, source.file, raw,
                                           record=row.imported_record,
                                           source_field=row.imported_field))
            elif current != (row.curated_value or ""):
                mismatches.append(Mismatch(
                    "conflicts", row.project_id, row.field, row.curated_value,
                    "the curated table (changed since the import: run the import again)",
                    current, record=row.project_id, source_field=row.field))
    return mismatches
