"""Which records of an export make the portfolio: a scope by kind of coordinator, programme,
call and start period, and what it leaves out and why.

The report is about public-sector innovation, and a Vinnova export holds every kind of
coordinator: companies' and universities' research projects far outnumber the public
sector's. The export names one organisation per record, its coordinator, so the coordinator's
kind is the one sign it gives of whose project it is. The report's scope (REPORT_SCOPE, the
default of `python -m analysis import vinnova`) keeps the records coordinated by public bodies
(fields.PUBLIC_BODY_TYPES: municipalities, regions, county administrative boards, state
agencies, associations of local authorities, other public bodies), of every programme, call
and start month. A record whose coordinator's kind is not known ("not classified") is left
out by it, and counted. `import_vinnova()` called without a scope imports the whole export.

Each record left out is counted under the first criterion it fails, in CRITERIA's order, so
the counts add up to the records left out. The counts are stored in data/import_scope.csv
(one row per criterion, and one with the records the export holds), so that the report can
say what was left out and why (analysis.metrics.scope).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..fields import (IMPORT_SCOPE_CRITERIA, MONTH_PATTERN, ORGANISATION_TYPES,
                      PUBLIC_BODY_TYPES)
from .organisations import OrganisationResolver
from .vinnova import Record

ALL = "all"
# The row that counts the records the export holds, beside one row per criterion.
IN_EXPORT, KIND, PROGRAMME, CALL, STARTED_FROM, STARTED_TO = IMPORT_SCOPE_CRITERIA
CRITERIA = (KIND, PROGRAMME, CALL, STARTED_FROM, STARTED_TO)


@dataclass(frozen=True)
class Scope:
    """What an import keeps; None for a criterion that keeps every record."""
    coordinator_kinds: tuple[str, ...] | None = PUBLIC_BODY_TYPES
    programmes: tuple[str, ...] | None = None
    calls: tuple[str, ...] | None = None
    started_from: str | None = None  # YYYY-MM, the first start month kept
    started_to: str | None = None  # YYYY-MM, the last start month kept

    def settings(self) -> dict[str, str]:
        """Each criterion's setting as stored and shown: 'all', or what it keeps."""
        def listed(values: tuple[str, ...] | None) -> str:
            return ALL if values is None else "; ".join(values)
        return {KIND: listed(self.coordinator_kinds), PROGRAMME: listed(self.programmes),
                CALL: listed(self.calls), STARTED_FROM: self.started_from or ALL,
                STARTED_TO: self.started_to or ALL}


REPORT_SCOPE = Scope()
WHOLE_EXPORT = Scope(coordinator_kinds=None)


@dataclass
class Selection:
    """The records a scope keeps, and how many it left out by each criterion."""
    scope: Scope
    records: list[Record]
    read: int
    left_out: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERIA, 0))
    # The kinds of the coordinators the kind criterion left out, and how many records each.
    kinds_left_out: Counter = field(default_factory=Counter)

    @property
    def n_left_out(self) -> int:
        return sum(self.left_out.values())

    def rows(self, source_id: str) -> list[dict[str, str]]:
        """The rows of data/import_scope.csv for this import."""
        rows = [{"source_id": source_id, "criterion": IN_EXPORT, "value": "",
                 "records": str(self.read)}]
        for criterion, setting in self.scope.settings().items():
            rows.append({"source_id": source_id, "criterion": criterion, "value": setting,
                         "records": str(self.left_out[criterion])})
        return rows

    def lines(self) -> list[str]:
        """The import summary's lines about the scope."""
        chosen = {criterion: setting for criterion, setting in self.scope.settings().items()
                  if setting != ALL}
        if not chosen:
            return [f"scope: the whole export; none of its {self.read} records left out"]
        lines = [f"scope: {criterion} {setting}" for criterion, setting in chosen.items()]
        reasons = [f"{count} by {criterion}" for criterion, count in self.left_out.items()
                   if count]
        lines.append(f"{len(self.records)} of {self.read} records in scope, "
                     f"{self.n_left_out} left out" + (f": {', '.join(reasons)}" if reasons
                                                      else ""))
        if self.kinds_left_out:
            lines.append("left out by coordinator kind: " + ", ".join(
                f"{count} {kind}" for kind, count in self.kinds_left_out.most_common()))
        if any(criterion in chosen for criterion in (STARTED_FROM, STARTED_TO)):
            lines.append("a record with no start month is left out by the start period")
        return lines


def select(records: Iterable[Record], scope: Scope,
           resolver: OrganisationResolver) -> Selection:
    """The records `scope` keeps, each record left out counted under the first criterion
    it fails (CRITERIA's order)."""
    records = list(records)
    selection = Selection(scope, [], len(records))
    for record in records:
        failed = _first_failed(record, scope, resolver)
        if failed is None:
            selection.records.append(record)
        else:
            selection.left_out[failed] += 1
            if failed == KIND:
                selection.kinds_left_out[resolver.resolve(record.coordinator).type] += 1
    return selection


def _first_failed(record: Record, scope: Scope, resolver: OrganisationResolver) -> str | None:
    if scope.coordinator_kinds is not None and \
            resolver.resolve(record.coordinator).type not in scope.coordinator_kinds:
        return KIND
    if scope.programmes is not None and record.programme not in scope.programmes:
        return PROGRAMME
    if scope.calls is not None and record.call not in scope.calls:
        return CALL
    if scope.started_from and (record.start_month is None
                               or record.start_month < scope.started_from):
        return STARTED_FROM
    if scope.started_to and (record.start_month is None or record.start_month > scope.started_to):
        return STARTED_TO
    return None


# The command line's words for a scope (python -m analysis import vinnova); each raises
# ValueError with a message naming the option and the value.

def kinds_option(text: str) -> tuple[str, ...] | None:
    """'municipality,region' -> those kinds; 'all' -> None (every kind); 'public' -> the
    public bodies."""
    words = [word.strip() for word in text.split(",") if word.strip()]
    if words == [ALL]:
        return None
    kinds: list[str] = []
    for word in words:
        named = PUBLIC_BODY_TYPES if word == "public" else (word,)
        for kind in named:
            if kind not in ORGANISATION_TYPES:
                raise ValueError(f"--coordinator-kind: {word!r} is not a kind of organisation; "
                                 f"use 'all', 'public' or any of: {', '.join(ORGANISATION_TYPES)}")
            if kind not in kinds:
                kinds.append(kind)
    if not kinds:
        raise ValueError("--coordinator-kind: give one kind or more, 'public' or 'all'")
    return tuple(kinds)


def list_option(option: str, text: str) -> tuple[str, ...] | None:
    """'2017-00025,2018-01234' -> those reference numbers; 'all' -> None."""
    values = tuple(value.strip() for value in text.split(",") if value.strip())
    if values == (ALL,):
        return None
    if not values:
        raise ValueError(f"{option}: give one reference number or more, or 'all'")
    return values


def month_option(option: str, text: str) -> str:
    """'2018-01' -> '2018-01'; anything else raises ValueError."""
    text = text.strip()
    if not re.match(MONTH_PATTERN, text):
        raise ValueError(f"{option}: {text!r} is not a month written YYYY-MM, e.g. 2018-01")
    return text
