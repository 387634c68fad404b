"""Problems found in the curated data, and how each is named for the person fixing it.

Every check (reading, per-field schema, cross-table rules) adds to one `Findings`; the
validation then raises one `DataValidationError` listing them all, each naming file, record,
field and value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .fields import TableSpec, record_id


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    value: object
    message: str

    def __str__(self) -> str:
        value = "" if self.value is None else f", value {plain_value(self.value)}"
        field = f", field '{self.field}'" if self.field else ""
        record = "" if self.record == "-" else f", record {self.record}"
        return f"{self.file}{record}{field}{value}: {self.message}"


def plain_value(value: object) -> str:
    """A value as a person writes it: text in quotes, numbers as digits (not np.int64(-1))."""
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:77] + "…")
    try:
        return str(int(value)) if float(value).is_integer() else str(value)
    except (TypeError, ValueError):
        return repr(value)


class DataValidationError(Exception):
    """All problems found in the curated data, reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        lines = [f"The curated data has {count}:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def record_label(frame: pd.DataFrame, spec: TableSpec, line: int) -> str:
    """A record by its key and file line, e.g. "'ljusdals-kommun' (line 5)"."""
    values = [frame.at[line, key] for key in spec.key]
    if all(pd.notna(v) for v in values):
        return f"'{record_id(*values)}' (line {line})"
    return f"at line {line}"


class Findings:
    """What one validation has found: its problems in order, and the cells reported as
    malformed, so that a check built on a malformed value does not report it again."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.malformed: set[tuple[str, int, str]] = set()  # (table, line, field)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def mark_malformed(self, spec: TableSpec, line: int, field: str) -> None:
        self.malformed.add((spec.name, line, field))

    def is_malformed(self, spec: TableSpec, line: int, field: str) -> bool:
        return (spec.name, line, field) in self.malformed


# report(spec, line, field, value, message, *also): one problem about a record of a table,
# left out when the field, or any field named in `also` that the check read, is malformed.
Report = Callable[..., None]


def reporter(frames: dict[str, pd.DataFrame], findings: Findings) -> Report:
    """The `report` the cross-table rules use on the tables read (indexed by file line)."""
    def report(spec: TableSpec, line: int, field: str, value: object, message: str,
               *also: str) -> None:
        if any(findings.is_malformed(spec, line, f) for f in (field, *also)):
            return
        findings.add(Problem(f"data/{spec.file}", record_label(frames[spec.name], spec, line),
                             field, value, message))
    return report


def in_folder(problems: list[Problem], data_dir: Path) -> list[Problem]:
    """Messages name the folder actually read, as the reader typed it or relative to here."""
    try:
        folder = str(data_dir.relative_to(Path.cwd()))
    except ValueError:
        folder = str(data_dir)
    prefix = folder.rstrip("/") + "/"
    return [dataclasses.replace(problem, file=problem.file.replace("data/", prefix, 1),
                                message=problem.message.replace("data/", prefix))
            for problem in problems]
