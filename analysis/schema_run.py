"""Running a table's pandera schema fast: the failure cases `schema.validate(frame, lazy=True)`
reports, in its order, with each check run once per distinct value of its column.

pandera runs every check on every row and, before each one, finds the column's missing values
again: at portfolio scale (a million provenance rows, each column repeating a few thousand
values) that was a quarter of the validation's time. The checks analysis.schema builds answer
value by value, so here each runs on its column's distinct values (missing ones left out, as
pandera leaves them out) and its failures are found again in the rows; the core checks
(required, unique) are whole-column pandas operations. The failures are shaped and ordered by
pandera's own code (reshape_failure_cases, consolidate_failure_cases).

Where that cannot be certain, pandera validates the frame itself: a column missing, extra or
of another dtype, a check that does not answer value by value, fails with an error, warns
instead of failing or reports only some failures.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.backends.pandas.error_formatters import (consolidate_failure_cases,
                                                      reshape_failure_cases)
from pandera.backends.utils import convert_uniquesettings
from pandera.errors import SchemaError, SchemaErrors


class _Unsure(Exception):
    """This column cannot be checked value by value: pandera validates the frame."""


def failure_cases(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """pandera's SchemaErrors.failure_cases for `frame`, or None when it is valid."""
    try:
        errors = _schema_errors(schema, frame)
    except _Unsure:
        return pandera_failure_cases(schema, frame)
    return consolidate_failure_cases(errors) if errors else None


def pandera_failure_cases(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """The same, by pandera's own validation of every row."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as found:
        return found.failure_cases
    return None


def _schema_errors(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[SchemaError]:
    if (list(frame.columns) != list(schema.columns) or not frame.columns.is_unique
            or schema.checks or schema.unique or schema.parsers or schema.coerce):
        raise _Unsure
    errors = []
    for name, column in schema.columns.items():
        errors += _column_errors(column, frame[name])
    return errors


def _column_errors(column: pa.Column, values: pd.Series) -> list[SchemaError]:
    """A column's failures in pandera's order: required, unique, then each check."""
    if (str(values.dtype) != str(column.dtype) or column.coerce or column.parsers
            or column.regex):
        raise _Unsure
    errors = []
    missing = values.isna()
    if not column.nullable and missing.any():
        errors.append(_error(column, "not_nullable", None,
                             reshape_failure_cases(values[missing], ignore_na=False)))
    if column.unique and not values.is_unique:
        repeated = values[values.duplicated(keep=convert_uniquesettings(
            column.report_duplicates))]
        if len(repeated):  # as pandera: also when only missing values repeat (no case then)
            errors.append(_error(column, "field_uniqueness", None,
                                 reshape_failure_cases(repeated)))
    if not column.checks:
        return errors
    given = values[~missing]
    distinct = pd.Series(pd.unique(given), dtype=given.dtype)
    for index, check in enumerate(column.checks):
        failing = _failing_values(check, distinct)
        if len(failing):
            rows = given[given.isin(failing)]
            errors.append(_error(column, check, index,
                                 reshape_failure_cases(rows, check.ignore_na)))
    return errors


def _failing_values(check: pa.Check, distinct: pd.Series) -> pd.Series:
    if check.raise_warning or check.n_failure_cases is not None or check.groupby is not None:
        raise _Unsure
    try:
        output = check(distinct).check_output
    except Exception as error:  # pandera reports it as the check's failure: let it
        raise _Unsure from error
    if not isinstance(output, pd.Series) or not output.index.equals(distinct.index):
        raise _Unsure
    if output.dtype != bool:
        if output.isna().any():
            raise _Unsure
        output = output.astype(bool)
    return distinct[~output]


def _error(column: pa.Column, check, index: int | None, cases: pd.DataFrame) -> SchemaError:
    return SchemaError(column, None, "", failure_cases=cases, check=check, check_index=index)
