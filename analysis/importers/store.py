"""Apply an import to a data folder: all of it or nothing, one writer at a time.

Holding the data folder's lock (analysis.data_lock), the import reads the tables as they are
(data_folder: unknown columns and an invalid folder are refused first), maps the export's
records, merges a curator's corrections to rows of the earlier import (merge), validates the
result in memory exactly as the build validates data/, writes it to a staging folder inside
data/ and moves it into place under a journal (analysis.data_journal). Any failure or
interruption leaves data/ byte for byte as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..data_journal import ReplaceFailed, new_staging, replace_files
from ..data_lock import DataFolderBusy, data_folder_lock, roll_back_needed
from ..dataset import DataValidationError, check_tables
from ..fields import TABLES, TABLES_BY_NAME, record_id
from ..paths import DATA_DIR, EXPORTS_FOLDER
from . import vinnova
from .conflicts import BY_NUMBER, differences, keep_resolutions, match_curated
from .data_folder import invalid_folder_problem, read_raw_tables, unknown_columns
from .formulas import formula_problem
from .merge import MAPPED_FILE, MergeSummary, mapped_rows, merge, read_mapped, write_mapped
from .organisations import OrganisationResolver, normalise_name, slug
from .scope import WHOLE_EXPORT, Scope, Selection, select


@dataclass
class ImportSummary:
    records: int = 0
    added: int = 0
    matched_by_number: int = 0
    matched_by_title: int = 0
    differences: int = 0
    organisations_curated: int = 0
    organisations_from_scb: int = 0
    not_placed: list[str] = field(default_factory=list)
    status_not_recognised: dict[str, int] = field(default_factory=dict)
    scope: Selection | None = None  # what the import's scope kept and left out (scope.py)
    merged: MergeSummary = field(default_factory=MergeSummary)

    def lines(self) -> list[str]:
        lines = [f"{self.records} records read; {self.added} added as projects; "
                 f"{self.matched_by_number + self.matched_by_title} are curated projects "
                 f"({self.matched_by_number} by reference number, {self.matched_by_title} by "
                 f"coordinator and title), not added again",
                 f"{self.differences} differences from the curated table listed in "
                 "data/conflicts.csv (the curated values stay)",
                 f"coordinators: {self.organisations_curated} curated organisations, "
                 f"{self.organisations_from_scb} new from SCB's lists, "
                 f"{len(self.not_placed)} not placed (county unknown)"]
        if self.not_placed:
            shown = ", ".join(self.not_placed[:10])
            more = f" and {len(self.not_placed) - 10} more" if len(self.not_placed) > 10 else ""
            lines.append(f"not placed: {shown}{more}")
        for words, count in sorted(self.status_not_recognised.items()):
            records = f"{count} record{'' if count == 1 else 's'}"
            lines.append(f"status {words!r} ({records}) has no code in the table; "
                         "left empty")
        return lines + self.merged.lines()


def without_import(tables: dict[str, pd.DataFrame], source_id: str) -> dict[str, pd.DataFrame]:
    """The tables without what an earlier import of this source added."""
    projects = tables["projects"]
    dropped = set(projects.loc[projects["source_id"] == source_id, "project_id"])
    participations = tables["participations"]
    participations = participations[~participations["project_id"].isin(dropped)]
    provenance = tables["provenance"]
    imported_names = provenance[(provenance["source_id"] == source_id)
                                & (provenance["table"] == "organisations")]["record_id"]
    still_used = set(participations["org_id"])
    dropped_orgs = set(imported_names) - still_used
    # An imported organisation a curator has since used keeps its cited name.
    keep_citation = (provenance["table"] == "organisations") \
        & provenance["record_id"].isin(set(imported_names) & still_used)
    result = dict(tables)
    result["projects"] = projects[~projects["project_id"].isin(dropped)]
    result["participations"] = participations
    result["organisations"] = tables["organisations"][
        ~tables["organisations"]["org_id"].isin(dropped_orgs)]
    result["provenance"] = provenance[(provenance["source_id"] != source_id) | keep_citation]
    result["conflicts"] = tables["conflicts"][
        tables["conflicts"]["imported_source_id"] != source_id]
    result["sources"] = tables["sources"][tables["sources"]["source_id"] != source_id]
    return result


def _citation(table: str, record_id: str, field_name: str, record: vinnova.Record,
              export_field: str) -> dict:
    return {"table": table, "record_id": record_id, "field": field_name,
            "source_id": vinnova.SOURCE_ID, "lines": "", "source_record": record.reference,
            "source_field": export_field, "note": ""}


def _stated_in(table: str, field_name: str) -> str:
    """The export field a fact is cited to (vinnova.FACTS)."""
    return vinnova.FACTS[(table, field_name)].export_field


def map_records(records: list[vinnova.Record], tables: dict[str, pd.DataFrame],
                summary: ImportSummary) -> dict[str, list[dict]]:
    """The rows the export adds to each table, and the conflicts with curated projects."""
    resolver = OrganisationResolver(tables["organisations"], tables["aliases"],
                                    [record.coordinator for record in records])
    matches = match_curated(records, tables["projects"], tables["participations"], resolver)
    projects = tables["projects"].set_index("project_id", drop=False)
    names = dict(zip(tables["organisations"]["org_id"], tables["organisations"]["name"]))
    coordinators = tables["participations"][tables["participations"]["role"] == "coordinator"]
    coordinator_of = {project_id: pd.Series({"org_id": org_id, "name": names.get(org_id, "")})
                      for project_id, org_id in zip(coordinators["project_id"],
                                                    coordinators["org_id"])}
    taken_ids = set(tables["organisations"]["org_id"])
    new_orgs: dict[str, str] = {}  # normalised name -> org_id
    rows: dict[str, list[dict]] = {name: [] for name in
                                   ("projects", "organisations", "participations",
                                    "provenance", "conflicts")}
    for record in records:
        if record.reference in matches:
            project_id, matched_by = matches[record.reference]
            if matched_by == BY_NUMBER:
                summary.matched_by_number += 1
            else:
                summary.matched_by_title += 1
            rows["conflicts"] += differences(record, projects.loc[project_id],
                                             coordinator_of[project_id], matched_by, resolver,
                                             vinnova.SOURCE_ID)
            continue
        project_id = f"vinnova-{record.reference}"
        organisation = resolver.resolve(record.coordinator)
        org_id = organisation.org_id
        if org_id is None:
            key = normalise_name(organisation.name)
            org_id = new_orgs.get(key)
            if org_id is None:
                org_id = _free_id(slug(organisation.name), taken_ids)
                new_orgs[key] = org_id
                rows["organisations"].append({
                    "org_id": org_id, "name": organisation.name, "type": organisation.type,
                    "scope": organisation.scope,
                    "municipality_code": organisation.municipality_code or "",
                    "county_code": organisation.county_code or "",
                    "note": f"Imported from Vinnova's open data: {organisation.how}."})
                rows["provenance"].append(_citation("organisations", org_id, "name", record,
                                                    _stated_in("organisations", "name")))
                if organisation.placed:
                    summary.organisations_from_scb += 1
                else:
                    summary.not_placed.append(organisation.name)
        else:
            summary.organisations_curated += 1
        if record.status is None and record.status_as_written:
            words = record.status_as_written
            summary.status_not_recognised[words] = summary.status_not_recognised.get(words, 0) + 1
        rows["projects"].append({
            **{name: "" for name in TABLES_BY_NAME["projects"].columns},
            **{name: "" if value is None else str(value)
               for name, (value, _) in record.facts.items()},
            "project_id": project_id, "kind": "project",
            "title_en": record.title_en or record.title, "source_id": vinnova.SOURCE_ID})
        for name, (value, export_field) in record.facts.items():
            if value is not None:
                rows["provenance"].append(_citation("projects", project_id, name, record,
                                                    export_field))
        rows["participations"].append({"project_id": project_id, "org_id": org_id,
                                       "role": "coordinator", "unit": record.unit or ""})
        participation = record_id(project_id, org_id)
        rows["provenance"].append(_citation("participations", participation, "role", record,
                                            _stated_in("participations", "role")))
        if record.unit:
            rows["provenance"].append(_citation("participations", participation, "unit",
                                                record, _stated_in("participations", "unit")))
        summary.added += 1
    summary.differences = len(rows["conflicts"])
    return rows


def _free_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def import_vinnova(export: Path, data_dir: Path = DATA_DIR, retrieved: str | None = None,
                   scope: Scope = WHOLE_EXPORT) -> ImportSummary:
    """Import (or re-import) the records of a Vinnova export that `scope` keeps (by default
    all) into data_dir; all or nothing. Raises ExportError (its message names the export, and
    the file, record, field and value)."""
    export, data_dir = Path(export), Path(data_dir)
    try:
        with data_folder_lock(data_dir, write=True, doing="import"):
            return _import_holding_lock(export, data_dir, retrieved, scope)
    except DataFolderBusy as error:
        raise vinnova.ExportError(str(export), [str(error)]) from None


def _import_holding_lock(export: Path, data_dir: Path, retrieved: str | None,
                         scope: Scope) -> ImportSummary:
    records = vinnova.read_export(export)
    if retrieved is None:  # when the file was downloaded, as far as the file system knows
        retrieved = date.fromtimestamp(export.stat().st_mtime).isoformat()
    summary = ImportSummary(records=len(records))
    unknown = unknown_columns(data_dir)
    if unknown:
        raise vinnova.ExportError(str(export), unknown)
    try:  # a folder that is not valid as it is may fail anywhere here: the validator says why
        tables = read_raw_tables(data_dir)
        earlier_conflicts = tables["conflicts"]
        kept = without_import(tables, vinnova.SOURCE_ID)
        summary.scope = select(records, scope, OrganisationResolver(kept["organisations"],
                                                                    kept["aliases"]))
        records = summary.scope.records
        scoped = kept["import_scope"]
        kept["import_scope"] = _append(scoped[scoped["source_id"] != vinnova.SOURCE_ID],
                                       summary.scope.rows(vinnova.SOURCE_ID))
        base = _earlier_mapping(data_dir, kept)
        added = map_records(records, kept, summary)
        mapped = mapped_rows(added)  # the base of the next re-import
        summary.merged = merge(added, base, tables, kept,
                               {f"vinnova-{r.reference}": r for r in records},
                               vinnova.SOURCE_ID)
    except Exception:
        problem = invalid_folder_problem(data_dir)
        if problem is None:
            raise
        raise vinnova.ExportError(str(export), [problem]) from None
    _refuse_formulas(records, export)  # only what the import would write into data/
    added["conflicts"] = keep_resolutions(added["conflicts"] + summary.merged.conflicts,
                                          earlier_conflicts)
    kept["sources"] = _append(kept["sources"], [vinnova.source_row(retrieved)])
    for name, new_rows in added.items():
        kept[name] = _append(kept[name], new_rows)
    _write_all_or_nothing(kept, export, mapped, data_dir)
    return summary


def _refuse_formulas(records: list[vinnova.Record], export: Path) -> None:
    """Text the import would write into data/ that a spreadsheet would run (formulas)."""
    problems = []
    for record in records:
        for value, export_field in ((record.title, record.title_field),
                                    (record.title_en, vinnova.TITLE_EN),
                                    (record.call, vinnova.CALL),
                                    (record.programme, vinnova.PROGRAMME),
                                    (record.coordinator, vinnova.COORDINATOR),
                                    (record.unit, vinnova.UNIT)):
            why = formula_problem(value)
            if why:
                shown = value if len(value) <= 60 else value[:57] + "…"
                problems.append(f"record {record.position} ({record.reference}), field "
                                f"{export_field}, value {shown!r}: {why}")
    if problems:
        raise vinnova.ExportError(str(export), problems)


def _earlier_mapping(data_dir: Path, kept: dict[str, pd.DataFrame]):
    """What the previous export mapped to: kept beside it; for an import made before it was
    kept, the previous export mapped again."""
    folder = data_dir / EXPORTS_FOLDER
    base = read_mapped(folder / MAPPED_FILE)
    if base is None and (folder / vinnova.EXPORT_FILE).is_file():
        try:
            earlier = vinnova.read_export(folder / vinnova.EXPORT_FILE)
        except vinnova.ExportError:
            return {}
        base = mapped_rows(map_records(earlier, kept, ImportSummary()))
    return base or {}


def _append(frame: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return frame
    return pd.concat([frame, pd.DataFrame(rows, columns=frame.columns).fillna("")],
                     ignore_index=True)


def _write_all_or_nothing(tables: dict[str, pd.DataFrame], export: Path, mapped,
                          data_dir: Path) -> None:
    # The same checks as the build's, on the tables in memory: nothing is written unless all
    # of data/ would be valid (the build then re-checks every fact against the export).
    try:
        check_tables(tables, data_dir)
    except DataValidationError:
        problem = invalid_folder_problem(data_dir)  # the folder itself first
        if problem is not None:
            raise vinnova.ExportError(str(export), [problem]) from None
        raise
    staging = None
    try:
        staging = new_staging(data_dir)
        files = []
        for spec in TABLES:
            frame = tables[spec.name]
            if spec.optional and frame.empty and not (data_dir / spec.file).exists():
                continue
            frame[spec.columns].to_csv(staging / spec.file, index=False, lineterminator="\n")
            files.append(spec.file)
        (staging / EXPORTS_FOLDER).mkdir()
        shutil.copyfile(export, staging / EXPORTS_FOLDER / vinnova.EXPORT_FILE)
        write_mapped(staging / EXPORTS_FOLDER / MAPPED_FILE, mapped)
        files += [f"{EXPORTS_FOLDER}/{vinnova.EXPORT_FILE}", f"{EXPORTS_FOLDER}/{MAPPED_FILE}"]
        replace_files(data_dir, staging, files)
    except ReplaceFailed as error:
        raise vinnova.ExportError(str(export), [f"{data_dir.name}/{error}"]) from None
    except OSError as error:
        if roll_back_needed(data_dir):  # the roll-back itself failed: the journal stays
            raise vinnova.ExportError(str(export), [
                f"restoring {data_dir}/ failed ({error.strerror}); the next command of the "
                "tool restores it from the journal there"]) from None
        raise vinnova.ExportError(str(export), [
            f"the new tables could not be written inside {data_dir}/ ({error.strerror}); "
            "nothing was replaced"]) from None
    finally:
        if staging is not None and not roll_back_needed(data_dir):  # else it holds backups
            shutil.rmtree(staging, ignore_errors=True)
