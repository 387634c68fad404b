"""Each column's checks run once per distinct value (analysis/schema_run.py) report what
pandera's own validation of every row reports: the same failure cases in the same order, so
the same problems."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import schema as schema_module
from analysis.csv_tables import read_table
from analysis.fields import TABLES, TABLES_BY_NAME
from analysis.paths import DATA_DIR
from analysis.problems import Findings
from analysis.schema import schema_for, validate_table
from analysis.schema_run import failure_cases, pandera_failure_cases

READ = {spec.name: read_table(DATA_DIR, spec, Findings()) for spec in TABLES}
ODD = ["", " x", "0", "-1", "99999999999999999999", "NaN", "2016-13", "2016-1", "99", "2161",
       "project", "coordinator", "x;y", "a\nb", "\x07", "a@b.se", "070-123 45 67", "=1+1",
       "funder grant", "completed", "sv", "projects", "title", "12;3", "2021-00001", "y" * 700,
       "ljusdals-kommun", "doc001", "Östersund", "1800", "1799", "1000000000001"]


def problems_both_ways(frame: pd.DataFrame, spec, monkeypatch):
    fast = Findings()
    typed = validate_table(frame, spec, fast)
    with monkeypatch.context() as patched:
        patched.setattr(schema_module, "failure_cases", pandera_failure_cases)
        slow = Findings()
        validate_table(frame, spec, slow)
    return typed, fast, slow


def assert_same(frame: pd.DataFrame, spec, monkeypatch):
    typed, fast, slow = problems_both_ways(frame, spec, monkeypatch)
    assert fast.problems == slow.problems
    assert [type(p.value) for p in fast.problems] == [type(p.value) for p in slow.problems]
    assert fast.malformed == slow.malformed
    schema = schema_for(spec)
    ours, theirs = failure_cases(schema, typed), pandera_failure_cases(schema, typed)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    return fast.problems


@st.composite
def edited_tables(draw):
    spec = TABLES_BY_NAME[draw(st.sampled_from(
        ["sources", "projects", "organisations", "aliases", "participations", "provenance",
         "not_recorded"]))]
    frame = READ[spec.name].copy()
    for _ in range(draw(st.integers(1, 40))):
        line = draw(st.sampled_from(list(frame.index)))
        column = draw(st.sampled_from(spec.columns))
        kind = draw(st.sampled_from(["odd", "odd", "empty", "copy", "text"]))
        if kind == "odd":
            frame.at[line, column] = draw(st.sampled_from(ODD))
        elif kind == "empty":
            frame.at[line, column] = None
        elif kind == "copy":  # another row's value: duplicates where values must be unique
            frame.at[line, column] = frame.at[draw(st.sampled_from(list(frame.index))), column]
        else:
            frame.at[line, column] = draw(st.text(max_size=8)).strip() or None
    return spec, frame


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edited_tables())
def test_random_edits_give_pandera_s_failures_in_pandera_s_order(monkeypatch, edited):
    spec, frame = edited
    assert_same(frame, spec, monkeypatch)


def test_many_failures_in_many_columns_keep_pandera_s_order(monkeypatch):
    """More failures than a sort keeps in place by chance: ordered as pandera orders them."""
    spec = TABLES_BY_NAME["provenance"]
    frame = READ["provenance"].copy()
    frame["table"] = ["nowhere", None, "projects"] * (len(frame) // 3) + ["x"] * (len(frame) % 3)
    frame["lines"] = "0"
    frame.loc[frame.index[::2], "field"] = "Not A Field"
    found = assert_same(frame, spec, monkeypatch)
    assert len(found) > 100 and [p.field for p in found][:3] == ["table"] * 3


def test_duplicates_and_missing_required_values(monkeypatch):
    spec = TABLES_BY_NAME["projects"]
    frame = pd.concat([READ["projects"], READ["projects"].iloc[:3]])
    frame.index = pd.Index(range(2, len(frame) + 2), name="line")
    frame.loc[frame.index[:2], "project_id"] = None  # missing, and repeated as missing
    frame.loc[frame.index[3], "title"] = None
    found = assert_same(frame, spec, monkeypatch)
    messages = {p.message for p in found}
    assert {"required but empty", "duplicate: must be unique"} <= messages


def test_a_valid_table_has_no_failures():
    for spec in TABLES:
        if READ[spec.name] is not None:
            typed = validate_table(READ[spec.name], spec, Findings())
            assert failure_cases(schema_for(spec), typed) is None


@pytest.mark.parametrize("change", ["extra column", "missing column", "text where a number is"])
def test_a_frame_pandera_must_judge_is_judged_by_pandera(change):
    spec = TABLES_BY_NAME["projects"]
    typed = validate_table(READ["projects"], spec, Findings())
    if change == "extra column":
        typed["extra"] = "x"
    elif change == "missing column":
        typed = typed.drop(columns=["title"])
    else:
        typed["amount_sek"] = typed["amount_sek"].astype(object)
    schema = schema_for(spec)
    ours, theirs = failure_cases(schema, typed), pandera_failure_cases(schema, typed)
    assert theirs is not None
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
