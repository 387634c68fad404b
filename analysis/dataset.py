"""Load and validate the curated tables in data/.

`load_dataset()` is the one call every notebook, chart and the Excel appendix use. It either
returns all tables as validated DataFrames or raises ONE `DataValidationError` that lists every
problem found, each naming file, record, field and value.

The steps, each in its own module: csv_tables (read each file as text, by file line), schema
(each field against its metadata), rules/ (across fields and tables, most declared on the
tables in fields.py), derived (computed fields); problems names what they find, handover
passes a validated dataset from the build to the notebooks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import handover
from .csv_tables import read_table, text_frame
from .derived import add_derived_fields
from .fields import POPULATION, TABLES
from .paths import DATA_DIR, EXPORTS_FOLDER, data_folder
from .problems import DataValidationError, Findings, Problem, in_folder, reporter
from .rules.citation_kinds import check_citation_kinds
from .rules.declared import check_declared_rules
from .rules.foreign_keys import check_foreign_keys
from .rules.places import check_places
from .rules.provenance_rows import check_facts_cited, check_provenance_rows, cited_records
from .schema import validate_table

# DataValidationError is named here too: callers catch it where they call load_dataset.
__all__ = ["DataValidationError", "Dataset", "check_tables", "data_version", "load_dataset"]


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
    import_scope: pd.DataFrame
    data_version: str  # short SHA-256 of the data files: changes whenever a fact changes
    data_dir: Path
    # What metrics computed from these tables (metrics/memo.py): never passed, never compared;
    # `dataclasses.replace` gives a new dataset an empty one.
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def data_version(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    # The optional SCB population table (per-inhabitant figures) is data too.
    for spec in (*TABLES, POPULATION):
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
    data_dir = data_folder(data_dir)
    already = handover.load_validated(data_dir, data_version)
    if already is not None:
        return already
    findings = Findings()
    read = {spec.name: read_table(data_dir, spec, findings) for spec in TABLES}
    frames = _checked({name: frame for name, frame in read.items() if frame is not None},
                      findings)
    if findings.problems:
        raise DataValidationError(in_folder(findings.problems, data_dir))
    add_derived_fields(frames)
    return Dataset(**frames, data_version=data_version(data_dir), data_dir=data_dir)


def check_tables(texts: dict[str, pd.DataFrame], data_dir: Path) -> None:
    """The checks of load_dataset on tables held in memory as text ('' for empty), as they
    are about to be written to data_dir; raise DataValidationError on any problem."""
    findings = Findings()
    _checked({spec.name: text_frame(texts[spec.name], spec) for spec in TABLES}, findings)
    if findings.problems:
        raise DataValidationError(in_folder(findings.problems, Path(data_dir).resolve()))


def _checked(read: dict[str, pd.DataFrame], findings: Findings) -> dict[str, pd.DataFrame]:
    """Type and cross-table checks on the tables read (as text indexed by file line)."""
    frames = {spec.name: validate_table(read[spec.name], spec, findings)
              for spec in TABLES if spec.name in read}
    # Root cause first: a main table without rows makes every reference to it fail, so the
    # cross-table checks would only repeat that one fact many times.
    empty = [spec for spec in TABLES if spec.needs_rows and spec.name in frames
             and frames[spec.name].empty]
    for spec in empty:
        findings.add(Problem(f"data/{spec.file}", "-", "", None,
                             "has no rows (only its header line); at least one is needed"))
    if len(frames) == len(TABLES) and not empty:
        _check_rules(frames, findings)
    return frames


def _check_rules(frames: dict[str, pd.DataFrame], findings: Findings) -> None:
    """The rules across fields and tables (analysis/rules/), in the order they are listed."""
    report = reporter(frames, findings)
    check_foreign_keys(frames, report)
    check_declared_rules(frames, report)
    check_places(frames["organisations"], report)
    numbered = cited_records(frames)
    check_provenance_rows(frames, numbered, report)
    check_citation_kinds(frames, report)
    check_facts_cited(frames, numbered, report)
