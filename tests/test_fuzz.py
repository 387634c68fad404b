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
    (DATA_DIR / spec.file).read_text(encoding="utf-8"), newline=""))) for spec in TABLES
    if (DATA_DIR / spec.file).exists()}  # an optional table may be absent

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


# --- the importer ----------------------------------------------------------------------------
# Random records and corruptions of a Vinnova export: a clean import (data/ then valid and
# every imported fact as the export states it) or one clear message (ExportError, or the
# validator's DataValidationError for a record that would make data/ invalid), never another
# exception; on refusal data/ is byte for byte as it was.

import hashlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

from analysis.importers import ExportError, import_vinnova  # noqa: E402
from analysis.provenance import check_exports  # noqa: E402

ODD_TEXT = st.one_of(
    st.sampled_from(["", " ", "=1+1", "+46 70", "-", "@x", "\t=SUM(A1)", "\ufeffTitel",
                     "Titel\u200b", "Ljusdals kommun", "Stockholms Stad", "OXELÖSUNDS KOMMUN",
                     "Region Västerbotten", "x" * 700, "<b>x</b>", "a\nb", "\x00", "Avslutat",
                     "Pågående", "Beviljat", "2021-01001", "nan", "True"]),
    st.text(max_size=40))
ANY_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
              st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
EXPORT_FIELDS = ["Diarienummer", "Ärenderubrik", "ÄrenderubrikEngelska",
                 "DiarienummerUtlysning", "DiarienummerProgram", "BeviljatBidrag",
                 "ProjektStart", "ProjektSlut", "KoordinatorOrg", "KoordinatorArb", "Status"]


@st.composite
def export_records(draw):
    from vinnova_export import record
    items = []
    for number in range(draw(st.integers(1, 5))):
        item = record(f"2021-0{number + 1:04d}", draw(ODD_TEXT) or "Titel",
                      draw(st.sampled_from(["Ljusdals kommun", "Västerås stad",
                                            "Föreningen Framtidsbygd", "Region Skåne"])),
                      grant=draw(st.one_of(st.integers(1, 10**7), st.none())))
        for _ in range(draw(st.integers(0, 3))):  # odd values in any field
            name = draw(st.sampled_from(EXPORT_FIELDS))
            item[name] = draw(st.one_of(ODD_TEXT, ANY_JSON, st.sampled_from(
                ["2021-13-01", "2021-02-30T00:00:00", "2099-01-01", 10**13, 0, -1, 1.5])))
        if draw(st.booleans()):
            del item[draw(st.sampled_from(EXPORT_FIELDS))]
        items.append(item)
    return items


CORRUPTIONS = st.sampled_from(["none", "none", "truncate", "bytes", "not a list", "nest",
                               "duplicate", "latin-1"])


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        sha.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            sha.update(path.read_bytes())
    return sha.hexdigest()


def corrupt(items: list, how: str, cut: int) -> bytes:
    text = json.dumps(items, ensure_ascii=False)
    if how == "truncate":
        return text.encode("utf-8")[:cut % max(1, len(text))]
    if how == "bytes":
        raw = text.encode("utf-8")
        return raw[:cut % len(raw)] + b"\xff\x00\xc3" + raw[cut % len(raw):]
    if how == "not a list":
        return json.dumps(items[0], ensure_ascii=False).encode()
    if how == "nest":
        return ("[" * (cut % 3000) + text + "]" * (cut % 3000)).encode()
    if how == "duplicate":
        return json.dumps(items + items[:1], ensure_ascii=False).encode()
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    return text.encode("utf-8")


@pytest.mark.slow  # about 3 s an example: each imports into a fresh copy of data/
@settings(max_examples=int(__import__("os").environ.get("FUZZ_IMPORT_EXAMPLES", "25")),
          deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export_records(), CORRUPTIONS, st.integers(0, 10**6), st.booleans())
def test_random_exports_import_cleanly_or_fail_with_one_message(items, how, cut, twice):
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        shutil.copytree(DATA_DIR, data_dir)
        export = Path(folder) / "export.json"
        if twice:  # a re-import over an earlier one
            from vinnova_export import ten_records, write_export
            import_vinnova(write_export(export, ten_records()), data_dir, retrieved="2026-11-30")
        export.write_bytes(corrupt(items, how, cut))
        before = digest(data_dir)
        try:
            import_vinnova(export, data_dir, retrieved="2026-12-01")
        except ExportError as error:
            assert str(error).startswith(f"{export} cannot be imported")
            assert digest(data_dir) == before
            return
        except DataValidationError as error:
            assert str(error).startswith("The curated data has")
            assert digest(data_dir) == before
            return
        assert not list(data_dir.glob(".import-*"))
        data = load_dataset(data_dir)
        assert check_exports(data) == []
