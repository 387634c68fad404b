"""Each table's fields on their own: types, formats, allowed values, limits and plain text.

The pandera schema of a table is generated from its field metadata in analysis.fields;
nothing here lists a column. Whole numbers are converted first, so that a value that is not
one is reported as such rather than as a failed check.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from .fields import FieldSpec, TableSpec
from .problems import Findings, Problem, record_label
from .schema_run import failure_cases
from .text import CURATOR_LANGUAGE, labels

# C0 controls and DEL: invisible, break CSV/Excel, and have no place in curated facts.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Personal contact data must never enter data/ (organisations only).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A whole number that fits an Int64 (beyond 18 digits it may not).
_INT64 = re.compile(r"-?\d{1,18}")
PHONE = re.compile(r"(?<!\d)0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}(?!\d)")


def validate_table(frame: pd.DataFrame, spec: TableSpec, findings: Findings) -> pd.DataFrame:
    """The table with its whole numbers converted; every value that breaks its field's
    metadata is in `findings` and marked malformed."""
    where = f"data/{spec.file}"
    typed = _convert_types(frame, spec, where, findings)
    cases = failure_cases(schema_for(spec, ColumnTexts()), typed)
    if cases is not None:
        for case in cases.itertuples(index=False):
            line = case.index
            message = {"not_nullable": "required but empty",
                       "field_uniqueness": "duplicate: must be unique"}.get(case.check, case.check)
            value = None if message == "required but empty" else case.failure_case
            record = record_label(frame, spec, int(line)) if pd.notna(line) else "-"
            if pd.notna(line):
                findings.mark_malformed(spec, int(line), str(case.column))
            findings.add(Problem(where, record, str(case.column), value, message))
    return typed


def _convert_types(frame: pd.DataFrame, spec: TableSpec, where: str,
                   findings: Findings) -> pd.DataFrame:
    typed = frame.copy()
    for field in spec.stored_fields:
        if field.dtype != "integer":
            continue
        column = frame[field.name]
        # Whole column first; value by value only where one is not a whole number.
        values = [pd.NA if value is None else int(value) if _INT64.fullmatch(value) else None
                  for value in column.tolist()]
        for at in (i for i, value in enumerate(values) if value is None):
            line, value = column.index[at], column.iat[at]
            values[at] = pd.NA
            if re.fullmatch(r"-?\d+", value):
                findings.add(Problem(where, record_label(frame, spec, line), field.name, value,
                                     f"is too large (at most {field.maximum or 10**18 - 1:,})"
                                     .replace(",", " ")))
                findings.mark_malformed(spec, line, field.name)
            else:
                findings.add(Problem(where, record_label(frame, spec, line), field.name, value,
                                     "not a whole number (write digits only, no spaces)"))
                findings.mark_malformed(spec, line, field.name)
        typed[field.name] = pd.array(values, dtype="Int64")
    return typed


def schema_for(spec: TableSpec, texts: ColumnTexts | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a table, built from its field metadata; `texts` caches the
    joined columns for the one validation that uses it (a new cache by default)."""
    texts = texts or ColumnTexts()
    return pa.DataFrameSchema({f.name: _column_schema(f, texts) for f in spec.stored_fields},
                              strict=True, name=spec.name)


class ColumnTexts:
    """A column's values as one text, joined once for the several text checks of the same
    column (pandera hands each check the same Series). Held by one validation only: it keeps
    the last column it joined."""

    def __init__(self) -> None:
        self._column: pd.Series | None = None
        self._text = ""

    def joined(self, values: pd.Series) -> str:
        """Missing values join as "None"/"nan", which no pattern here matches."""
        if self._column is not values:
            self._column, self._text = values, "\u2028".join(map(str, values.tolist()))
        return self._text

    def nowhere_in(self, values: pd.Series, pattern: re.Pattern) -> pd.Series:
        """True where a value does not contain the pattern. One search over the whole column
        first (U+2028 cannot be part of a match), value by value only if that finds something."""
        text = self.joined(values)
        if (pattern is EMAIL and "@" not in text) or not pattern.search(text):
            return pd.Series(True, index=values.index)
        return ~values.astype(object).map(
            lambda v: isinstance(v, str) and pattern.search(v) is not None).astype(bool)


def _matching(pattern: str):
    """pandera's str_matches: a value starts with a match (schema_run hands a check each
    distinct value of a column once)."""
    compiled = re.compile(pattern)

    def check(values: pd.Series) -> pd.Series:
        return pd.Series([isinstance(value, str) and compiled.match(value) is not None
                          for value in values.tolist()], index=values.index, dtype=bool)
    return check


def _not_longer(limit: int):
    """At most `limit` characters, as text (what s.astype(str).str.len() counts)."""
    def check(values: pd.Series) -> pd.Series:
        return values.isna() | pd.Series([len(str(value)) <= limit for value in values.tolist()],
                                         index=values.index, dtype=bool)
    return check


def _column_schema(field: FieldSpec, texts: ColumnTexts) -> pa.Column:
    checks = []
    if field.allowed:
        allowed = list(field.allowed_values)
        checks.append(pa.Check.isin(allowed, error=f"not one of the allowed values {allowed}"))
    if field.pattern:
        words = labels.format_words(field.format_name, CURATOR_LANGUAGE)
        checks.append(pa.Check(_matching(field.pattern), error=f"is not {words}"))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum, error=f"must be at least {field.minimum}"))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum, error=f"must be at most {field.maximum:,}"
                                  .replace(",", " ")))
    if field.max_characters and not (field.pattern or field.allowed):
        limit = field.max_characters
        checks.append(pa.Check(
            _not_longer(limit),
            error=f"is longer than {limit:,} characters; shorten it (nothing is cut)"
            .replace(",", " ")))
    # A value that matches a pattern or an allowed value holds no control character.
    if field.dtype != "integer" and not (field.pattern or field.allowed):
        checks.append(pa.Check(lambda s: texts.nowhere_in(s, CONTROL_CHARACTERS),
                               error="contains a control character (tab, newline, NUL, …)"))
    if field.dtype in ("string", "list") and not (field.pattern or field.allowed):
        # Free text only: coded and patterned fields cannot hold contact data and pass.
        checks.append(pa.Check(
            lambda s: texts.nowhere_in(s, EMAIL) & texts.nowhere_in(s, PHONE),
            error="looks like personal contact data (e-mail address or phone number)"))
    return pa.Column("Int64" if field.dtype == "integer" else object, checks=checks,
                     nullable=not field.required, unique=field.unique,
                     report_duplicates="all")
