"""The rules declared on the tables (TableSpec.rules in analysis.fields), each kind checked
by one function here. Whole columns at a time; row by row only where a rule fails: a
portfolio has tens of thousands of projects."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from ..fields import TABLES, TABLES_BY_NAME, TableSpec
from ..problems import Report
from . import ExactlyOne, NotBefore, RequiredWith, SameWhen, UniqueTogether

Frames = dict[str, pd.DataFrame]


def check_declared_rules(frames: Frames, report: Report) -> None:
    for spec in TABLES:
        for rule in spec.rules:
            CHECKS[type(rule)](rule, spec, frames, report)


def _both_given(frame: pd.DataFrame, field: str, other: str):
    first, second = frame[field], frame[other]
    given = first.notna() & second.notna()
    return given, first.where(given, ""), second.where(given, "")


def _not_before(rule: NotBefore, spec: TableSpec, frames: Frames, report: Report) -> None:
    frame = frames[spec.name]
    given, value, other = _both_given(frame, rule.field, rule.other)
    for line in frame.index[given & (value < other)]:
        report(spec, line, rule.field, frame.at[line, rule.field],
               rule.message.format(**{rule.other: frame.at[line, rule.other]}), rule.other)


def _same_when(rule: SameWhen, spec: TableSpec, frames: Frames, report: Report) -> None:
    frame = frames[spec.name]
    given, value, other = _both_given(frame, rule.field, rule.other)
    applies = frame[rule.when[0]] == rule.when[1]
    for line in frame.index[applies & given & (other != value)]:
        report(spec, line, rule.field, frame.at[line, rule.field],
               rule.message.format(**{rule.other: frame.at[line, rule.other]}), rule.other)


def _required_with(rule: RequiredWith, spec: TableSpec, frames: Frames,
                   report: Report) -> None:
    frame = frames[spec.name]
    given, present = frame[rule.given].notna(), frame[rule.field].notna()
    # The allowed values say what is missing, e.g. "(funder grant or total project budget?)".
    choices = " or ".join(spec.field(rule.field).allowed_values)
    for line in frame.index[given & ~present]:
        report(spec, line, rule.field, None,
               f"required when {rule.given} is given" + (f" ({choices}?)" if choices else ""))
    for line in frame.index[~given & present]:
        report(spec, line, rule.field, frame.at[line, rule.field],
               f"given without {rule.given}", rule.given)


def _exactly_one(rule: ExactlyOne, spec: TableSpec, frames: Frames, report: Report) -> None:
    frame, rows = frames[spec.name], frames[rule.table]
    chosen = rows[rows[rule.where[0]] == rule.where[1]]
    counts = frame[rule.field].map(chosen[rule.field].value_counts()).fillna(0)
    for line in frame.index[frame[rule.field].notna() & (counts != 1)]:
        report(spec, line, rule.field, frame.at[line, rule.field],
               f"has {int(counts[line])} {rule.counted} in "
               f"data/{TABLES_BY_NAME[rule.table].file}, expected exactly 1")


def _unique_together(rule: UniqueTogether, spec: TableSpec, frames: Frames,
                     report: Report) -> None:
    frame = frames[spec.name]
    field = rule.fields[-1]
    for line in frame.index[frame.duplicated(list(rule.fields), keep=False)]:
        report(spec, line, field, frame.at[line, field], rule.message)


CHECKS: dict[type, Callable[..., None]] = {
    NotBefore: _not_before, SameWhen: _same_when, RequiredWith: _required_with,
    ExactlyOne: _exactly_one, UniqueTogether: _unique_together}
