"""Fuzzing the loader: random edits of the real tables either validate or raise one
DataValidationError, never another exception. Data that validates also goes through the
tables and the prose, which must not fail on it either."""

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import DataValidationError, load_dataset, tables
from analysis.fields import TABLES
from analysis.paths import DATA_DIR
from analysis.prose import report_text

ORIGINAL = {spec.file: list(csv.reader(io.StringIO(
    (DATA_DIR / spec.file).read_text(encoding="utf-8"), newline=""))) for spec in TABLES}

# Values that have tripped loaders before: empty, blanks, numbers in odd forms, formulas,
# control characters, very long text, other scripts, near-valid months and codes.
ODD_VALUES = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1e9", "99999999999999999999", "NaN", "None", "null",
                     "=1+1", "@SUM(A1)", "2016-00", "2016-13", "16-10", "2016-1", "0000-01",
                     "99", "0001", "2161", "21", "project", "coordinator", "x;y", ";", "\t",
                     "a\nb", "\x00", "\u202e", "Östersund", "\ufeff", "ljusdals-kommun",
                     "samverket-ostersund", "doc000", "x" * 700, "y" * 40_000]),
    st.text(min_size=0, max_size=30),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)


@st.composite
def edits(draw):
    """A list of (file, kind, details) edits of the real tables."""
    files = sorted(ORIGINAL)
    result = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        name = draw(st.sampled_from(files))
        rows = ORIGINAL[name]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop row", "duplicate row",
                                     "header", "truncate row", "empty file", "raw bytes"]))
        row = draw(st.integers(min_value=1, max_value=max(1, len(rows) - 1)))
        column = draw(st.integers(min_value=0, max_value=len(rows[0]) - 1))
        value = draw(ODD_VALUES)
        result.append((name, kind, row, column, value))
    return result


def apply(edits_to_make, folder: Path) -> None:
    contents = {name: [list(row) for row in rows] for name, rows in ORIGINAL.items()}
    raw: dict[str, bytes] = {}
    for name, kind, row, column, value in edits_to_make:
        rows = contents[name]
        if not rows:
            continue  # emptied by an earlier edit
        row = min(row, len(rows) - 1)
        if kind == "cell" and row >= 1 and column < len(rows[row]):
            rows[row][column] = value
        elif kind == "drop row" and len(rows) > 1:
            del rows[row]
        elif kind == "duplicate row" and row >= 1:
            rows.insert(row, list(rows[row]))
        elif kind == "header" and column < len(rows[0]):
            rows[0][column] = value
        elif kind == "truncate row" and row >= 1:
            rows[row] = rows[row][:column]
        elif kind == "empty file":
            contents[name] = []
        elif kind == "raw bytes":
            raw[name] = value.encode("utf-8", "surrogatepass")[:50] + b"\xff\xfe"
    for name, rows in contents.items():
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\n").writerows(rows)
        (folder / name).write_bytes(raw.get(name, b"") + text.getvalue().encode("utf-8"))


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_random_edits_validate_or_fail_with_one_validation_error(edits_to_make):
    with tempfile.TemporaryDirectory() as folder:
        apply(edits_to_make, Path(folder))
        try:
            data = load_dataset(folder)
        except DataValidationError as error:
            assert error.problems and str(error).startswith("The curated data has")
            return
        for table in (tables.grants_table, tables.durations_table, tables.partners_table,
                      tables.counties_table, tables.sources_table):
            table(data, "en")._repr_markdown_()
        report_text(data, {}, "en")


def test_the_unedited_copy_validates():
    with tempfile.TemporaryDirectory() as folder:
        apply([], Path(folder))
        assert len(load_dataset(folder).projects) == len(ORIGINAL["projects.csv"]) - 1
