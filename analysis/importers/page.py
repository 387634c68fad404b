"""Read a saved Vinnova project page (text) into draft rows with line provenance.

Vinnova's project pages render one project record with a fixed template, in Swedish
("Diarienummer", "Koordinator", "Bidrag från Vinnova", "Projektets löptid", "Status") or
English ("Reference number | … |", "Coordinator | … |", "Funding from Vinnova | … |",
"Project duration | … |", "Status | … |", "Venture | … |", "Call | … |"). Only that template
is read; everything else on the page (aims, results, places, the curator's summary) stays for
the curator. Blog posts and other free text are curated by hand.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..fields import FUNDER_GRANT, TABLES_BY_NAME, record_id
from ..paths import DATA_DIR
from ..provenance import _MONTH_YEAR, _NUMBER, MONTHS, normalise_text
from .formulas import formula_problem
from .organisations import OrganisationResolver, normalise_name, slug
from .vinnova import FUNDER, status_of

# Label -> what it states. Longer labels first, so "Status" does not shadow anything.
LABELS = {
    "reference": ("diarienummer", "reference number"),
    "coordinator": ("koordinator", "coordinator"),
    "grant": ("bidrag från vinnova", "funding from vinnova"),
    "duration": ("projektets löptid", "project duration"),
    "status": ("status",),
    "programme": ("satsning", "venture"),
    "call": ("utlysning", "call"),
}
NOTICES = ("du har inte javascript påslaget", "you do not have javascript")
_REFERENCE = re.compile(r"\b(\d{4}-\d{5})\b")


@dataclass
class DraftPage:
    """Draft rows for one page; `lines` maps each field to the line (1-based) stating it."""
    source_id: str
    project: dict[str, str] = field(default_factory=dict)
    participation: dict[str, str] = field(default_factory=dict)
    organisation_name: str = ""
    lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def provenance_rows(self) -> list[dict[str, str]]:
        # The organisation's key, org_id, is in the participation row too.
        records = {"projects": self.project, "participations": self.participation,
                   "organisations": self.participation}
        rows = []
        for (table, name), line in self.lines.items():
            key = (records[table][k] for k in TABLES_BY_NAME[table].key)
            rows.append({"table": table, "record_id": record_id(*key), "field": name,
                         "source_id": self.source_id, "lines": str(line), "source_record": "",
                         "source_field": "", "note": ""})
        return rows

    def as_csv(self) -> str:
        out = io.StringIO()
        blocks = (("projects", [self.project]), ("participations", [self.participation]),
                  ("provenance", self.provenance_rows()))
        for name, rows in blocks:
            spec = TABLES_BY_NAME[name]
            out.write(f"# draft rows for data/{spec.file}\n")
            writer = csv.DictWriter(out, fieldnames=spec.columns, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                for column in spec.columns:  # draft rows are pasted into data/
                    why = formula_problem(row.get(column))
                    if why:
                        raise ValueError(f"the draft row for data/{spec.file}, field "
                                         f"{column}, value {row[column]!r}: {why}")
                writer.writerow({column: row.get(column, "") for column in spec.columns})
        out.write("# to do by hand: title_en, summary_en, places, and a sources.csv row if "
                  "the page is new; the coordinator's organisation must be in "
                  "organisations.csv\n")
        return out.getvalue()


def _label_value(line: str) -> tuple[str, str] | None:
    """('grant', 'SEK 193 800') for 'Funding from Vinnova | SEK 193 800 |'."""
    text = " ".join(line.split())
    lowered = text.casefold()
    for key, labels in LABELS.items():
        for label in labels:
            if lowered == label or lowered.startswith(label + " ") \
                    or lowered.startswith(label + "|"):
                value = text[len(label):].strip().strip("|").strip()
                return key, value
    return None


def _months(text: str) -> list[str]:
    lowered = normalise_text(text)
    return [f"{year}-{MONTHS[name]:02d}" for name, year in _MONTH_YEAR.findall(lowered)]


def _amount(text: str) -> str | None:
    found = _NUMBER.findall(text)
    return re.sub(r"\D", "", found[0]) if found else None


def read_page(path: Path, data_dir: Path = DATA_DIR, source_id: str | None = None) -> DraftPage:
    """Draft rows from the page's template; raises ValueError when the page has none."""
    path, data_dir = Path(path), Path(data_dir)
    lines = path.read_text(encoding="utf-8-sig").splitlines()  # a saved page may start with a BOM
    organisations = pd.read_csv(data_dir / "organisations.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(data_dir / "aliases.csv", dtype=str, keep_default_na=False)
    if source_id is None:
        sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False)
        known = dict(zip(sources["file"], sources["source_id"]))
        source_id = known.get(path.name, slug(path.stem))
    draft = DraftPage(source_id)
    project = {"kind": "project", "source_id": source_id}
    found: dict[str, tuple[int, str]] = {}
    title: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or normalise_name(line).startswith(NOTICES):
            continue
        labelled = _label_value(line)
        if labelled is None:
            title = title or (number, " ".join(line.split()))
            continue
        key, value = labelled
        if key == "reference":
            match = _REFERENCE.search(value)
            # The number may be empty at the top of the page and given at its foot.
            if match and "reference" not in found:
                found[key] = (number, match.group(1))
        elif key not in found and value:
            found[key] = (number, value)
    if title is None or "coordinator" not in found:
        raise ValueError("no Vinnova project page template found (title and 'Koordinator' / "
                         "'Coordinator' line)")

    def fact(name: str, value: str | None, line: int, table: str = "projects") -> None:
        if value:
            (project if table == "projects" else draft.participation)[name] = value
            draft.lines[(table, name)] = line

    fact("title", title[1], title[0])
    if "reference" in found:
        fact("reference_number", found["reference"][1], found["reference"][0])
    if "grant" in found:
        line, value = found["grant"]
        amount = _amount(value)
        fact("funder", FUNDER, line)
        fact("amount_sek", amount, line)
        fact("amount_basis", FUNDER_GRANT if amount else None, line)
    if "duration" in found:
        line, value = found["duration"]
        months = _months(value)
        if months:
            fact("start_month", months[0], line)
            fact("end_month", months[-1], line)
    if "status" in found:
        fact("status", status_of(found["status"][1]), found["status"][0])
    for key in ("programme", "call"):
        if key in found:
            fact(key, found[key][1], found[key][0])
    line, value = found["coordinator"]
    name, _, unit = value.partition(" - ")
    organisation = OrganisationResolver(organisations, aliases).resolve(name)
    org_id = organisation.org_id or slug(organisation.name)
    # The English template repeats the organisation's name before its unit.
    if unit and normalise_name(unit).startswith(normalise_name(name)):
        unit = unit[len(name):].strip()
    project["project_id"] = slug(title[1])
    draft.participation = {"project_id": project["project_id"], "org_id": org_id,
                           "role": "coordinator"}
    draft.lines[("participations", "role")] = line
    fact("unit", unit.strip() or None, line, table="participations")
    draft.organisation_name = organisation.name
    draft.project = project
    return draft
