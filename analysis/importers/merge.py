"""Re-imports that keep a curator's corrections: a three-way merge per field.

For every row an import writes (projects, organisations, participations, provenance) three
versions are compared, field by field:

    base     what the previous export mapped to (kept beside it in data/exports/)
    current  what the tables hold now
    new      what the new export maps to

A field the curator changed (current differs from base) keeps the curator's value; where the
new export changed it too, to something else, both values become a row of conflicts.csv (for
the project fields in `fields.COMPARED_FIELDS`). Otherwise the new export's value is taken. A
row the curator removed stays removed (an organisation only while nothing needs it), and rows
the curator added to an imported project (a partner, say) stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import pandas as pd

from ..fields import COMPARED_FIELDS, TABLES_BY_NAME
from .vinnova import TITLE_EN, Record

MERGED = ("projects", "organisations", "participations", "provenance")
MAPPED_FILE = "vinnova-projects.mapped.json"  # beside the export, under data/exports/
_FORMAT = 1

Rows = dict[str, dict[tuple, tuple]]  # table -> key -> the row's values in column order


@dataclass
class MergeSummary:
    kept: dict[str, int] = field(default_factory=dict)  # "table.field" -> curator values kept
    removed_stay_removed: int = 0
    conflicts: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        if self.kept:
            kept = ", ".join(f"{count} {name}" for name, count in sorted(self.kept.items()))
            lines.append(f"a curator's changes to imported rows kept ({kept}); "
                         f"{len(self.conflicts)} of them changed in the export too, listed "
                         "in data/conflicts.csv")
        if self.removed_stay_removed:
            lines.append(f"{self.removed_stay_removed} imported projects a curator removed "
                         "stay removed")
        return lines


def rows_of(frame: pd.DataFrame, table: str) -> dict[tuple, tuple]:
    spec = TABLES_BY_NAME[table]
    columns = [frame[name].tolist() for name in spec.columns]
    keys = [frame[name].tolist() for name in spec.key]
    return dict(zip(zip(*keys), zip(*columns)))


def mapped_rows(added: dict[str, list[dict]]) -> Rows:
    """What an export maps to, by table and key: the base of the next re-import."""
    result: Rows = {}
    for table in MERGED:
        result[table] = _by_key(table, added[table])
    return result


def _by_key(table: str, rows: list[dict]) -> dict[tuple, tuple]:
    spec = TABLES_BY_NAME[table]
    columns = spec.columns  # a computed property: once, not per row
    try:  # the import's rows carry every column
        values = list(map(itemgetter(*columns), rows))
    except KeyError:
        values = [tuple(row.get(c, "") for c in columns) for row in rows]
    return _keyed(spec, values)


def _keyed(spec, values: list[tuple]) -> dict[tuple, tuple]:
    at = [spec.columns.index(k) for k in spec.key]
    key = itemgetter(*at) if len(at) > 1 else (lambda row: (row[at[0]],))
    return {key(row): row for row in values}


def write_mapped(path: Path, mapped: Rows) -> None:
    tables = {table: {"columns": TABLES_BY_NAME[table].columns,
                      "rows": [list(values) for values in rows.values()]}
              for table, rows in mapped.items()}
    path.write_text(json.dumps({"format": _FORMAT, "tables": tables}, ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def read_mapped(path: Path) -> Rows | None:
    """The rows kept by the previous import; None when there are none (or not readable: the
    file is the tool's own, so an unreadable one is treated as absent)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        result: Rows = {}
        for table in MERGED:
            spec = TABLES_BY_NAME[table]
            columns, rows = stored["tables"][table]["columns"], stored["tables"][table]["rows"]
            if columns == spec.columns:  # as this version writes it
                result[table] = _keyed(spec, [tuple(values) for values in rows])
            else:
                result[table] = _by_key(table, [dict(zip(columns, v)) for v in rows])
        return result
    except (OSError, ValueError, KeyError, TypeError):
        return None


def merge(added: dict[str, list[dict]], base: Rows, current: dict[str, pd.DataFrame],
          kept_rows: dict[str, pd.DataFrame], records: dict[str, Record],
          source_id: str) -> MergeSummary:
    """Merge the curator's changes into `added` (the new export's rows) in place.
    `current` are the tables as they are, `kept_rows` the tables without the earlier import
    (rows the import does not own, which stay as they are); `records` the new export's
    records by the project_id each is imported as. A clash recorded by an earlier import stays
    recorded while both values stand."""
    summary = MergeSummary()
    earlier_clashes = set(zip(current["conflicts"]["project_id"], current["conflicts"]["field"],
                              current["conflicts"]["imported_value"]))
    now = {table: rows_of(current[table], table) for table in MERGED}
    kept = {table: set(zip(*(kept_rows[table][k].tolist()
                             for k in TABLES_BY_NAME[table].key))) for table in MERGED}
    removed = {key[0] for key in base.get("projects", {}) if key not in now["projects"]}
    summary.removed_stay_removed = sum(
        1 for row in added["projects"] if row["project_id"] in removed)
    for table in MERGED:
        spec = TABLES_BY_NAME[table]
        key_fields, earlier = spec.key, base.get(table, {})
        result = []
        for row in added[table]:
            key = tuple(row[k] for k in key_fields)
            if key in kept[table] or _of_removed(table, row, removed):
                continue  # the curator's own row stays; a removed project stays removed
            if key in earlier and key not in now[table] and table != "organisations":
                continue  # removed by the curator
            if key in earlier and key in now[table] and now[table][key] != earlier[key]:
                _merge_row(spec, row, earlier[key], now[table][key], records, source_id,
                           summary, earlier_clashes)
            result.append(row)
        added[table] = result
    _keep_added_participations(added, base, current["participations"], kept["participations"])
    _drop_unused_organisations(added, kept_rows["participations"])
    return summary


def _of_removed(table: str, row: dict, removed: set[str]) -> bool:
    if table in ("projects", "participations"):
        return row["project_id"] in removed
    if table == "provenance":
        return row["record_id"].split("/")[0] in removed and row["table"] != "organisations"
    return False


def _merge_row(spec, row: dict, base: tuple, current: tuple, records: dict[str, Record],
               source_id: str, summary: MergeSummary, earlier_clashes: set[tuple]) -> None:
    for name, was, now in zip(spec.columns, base, current):  # only for rows a curator changed
        if now == was:
            continue  # not the curator's change: the new export's value stands
        new = row[name]
        row[name] = now
        label = f"{spec.name}.{name}"
        summary.kept[label] = summary.kept.get(label, 0) + 1
        clash = new != was or (row.get("project_id"), name, new) in earlier_clashes
        if spec.name == "projects" and name in COMPARED_FIELDS and new not in ("", now) \
                and clash:
            record = records[row["project_id"]]
            summary.conflicts.append({
                "project_id": row["project_id"], "field": name, "curated_value": now,
                "imported_value": new, "imported_source_id": source_id,
                "imported_record": record.reference,
                "imported_field": _export_field(record, name),
                "matched_by": "reference number", "resolution": "", "note": ""})


def _export_field(record: Record, name: str) -> str:
    if name == "title_en":
        return TITLE_EN if record.title_en else record.title_field
    return record.facts[name][1]


def _keep_added_participations(added: dict[str, list[dict]], base: Rows,
                               participations: pd.DataFrame, kept: set[tuple]) -> None:
    """Rows a curator added to an imported project (a partner, a corrected coordinator)."""
    projects = {row["project_id"] for row in added["projects"]}
    mapped = {(row["project_id"], row["org_id"]) for row in added["participations"]}
    earlier = base.get("participations", {})
    for row in participations.to_dict("records"):
        key = (row["project_id"], row["org_id"])
        if row["project_id"] in projects and key not in earlier and key not in mapped \
                and key not in kept:
            added["participations"].append(row)


def _drop_unused_organisations(added: dict[str, list[dict]],
                               participations: pd.DataFrame) -> None:
    used = set(participations["org_id"]) | {row["org_id"] for row in added["participations"]}
    unused = {row["org_id"] for row in added["organisations"] if row["org_id"] not in used}
    if not unused:
        return
    added["organisations"] = [r for r in added["organisations"] if r["org_id"] not in unused]
    added["provenance"] = [r for r in added["provenance"] if not (
        r["table"] == "organisations" and r["record_id"] in unused)]
