"""The appendix at scale: a sheet never past Excel's row limit, Provenance in the CSV beside the workbook when it is long, and the
About sheet saying what is where."""

import csv
import dataclasses

import pytest
from openpyxl import load_workbook

from analysis import load_dataset
from analysis.appendix import parts, write_appendix
from analysis.appendix.columns import appendix_words
from analysis.synthetic import write_synthetic_dataset

INFO = {"build_date": "2026-12-03"}


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def about_text(book) -> str:
    return " ".join(str(v) for row in rows(book.worksheets[0]) for v in row if v)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    return load_dataset(write_synthetic_dataset(folder / "data", 300))


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_table_past_the_row_limit_is_split_into_numbered_sheets(small, tmp_path,
                                                                  monkeypatch, language):
    monkeypatch.setattr(parts, "MAX_ROWS", 1000)
    participations = len(small.participations)
    assert 2000 < participations <= 9000
    book = load_workbook(write_appendix(small, tmp_path / "a.xlsx", INFO, language))
    title = {"en": "Participations", "sv": "Deltaganden"}[language]
    split = [name for name in book.sheetnames if name.startswith(f"{title} ")]
    assert split == [f"{title} {n}" for n in range(1, len(split) + 1)]
    assert title not in book.sheetnames
    sizes = [book[name].max_row - 1 for name in split]
    assert all(size == 1000 for size in sizes[:-1]) and sum(sizes) == participations
    # Every part has the header, a Table and the print title.
    header = rows(book[split[0]])[0]
    for name in split:
        assert rows(book[name])[0] == header
        (table,) = book[name].tables.values()
        assert table.ref.endswith(str(book[name].max_row))
    # A project's link lands on its first participation, in whichever part that is.
    projects = book.worksheets[1]
    at = [c.value for c in projects[1]].index(
        {"en": "Organisations (Participations)", "sv": "Organisationer (Deltaganden)"}[language])
    for row in list(projects.iter_rows(min_row=2))[::37]:
        target, _, cell = row[at].hyperlink.location.rpartition("!")
        assert book[target.strip("'")][cell].value == row[0].value
    # The About sheet names the parts and the limit.
    about = about_text(book)
    assert ", ".join(split) in about and "1 000" in about


def test_long_provenance_is_only_in_the_csv_and_the_about_sheet_says_so(small, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(parts, "PROVENANCE_ROWS_IN_WORKBOOK", 100)
    provenance = small.provenance.copy()
    provenance.loc[provenance.index[0], "note"] = '=HYPERLINK("http://x","y")'
    data = dataclasses.replace(small, provenance=provenance)
    path = write_appendix(data, tmp_path / "appendix.xlsx", INFO, "en")
    book = load_workbook(path)
    assert "Provenance" not in book.sheetnames
    csv_file = tmp_path / "appendix-provenance.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix-provenance.csv",
                                                          "appendix.xlsx"]
    about = about_text(book)
    assert "appendix-provenance.csv" in about and f"{len(provenance):,}".replace(",", " ") \
        in about
    # The CSV is the curated table: its field names, every row; formula text neutralised.
    text = csv_file.read_bytes()
    assert text.startswith("\ufeff".encode())
    table = list(csv.reader(text.decode("utf-8-sig").splitlines()))
    assert table[0] == list(provenance.columns) and len(table) == len(provenance) + 1
    assert table[1][table[0].index("note")] == '\'=HYPERLINK("http://x","y")'
    # Projects still count their facts (without a link); the dictionary lists the file.
    projects = book.worksheets[1]
    facts = [c.value for c in projects[1]].index("Facts (Provenance)")
    assert all(row[facts].value.endswith(("fact", "facts")) and row[facts].hyperlink is None
               for row in projects.iter_rows(min_row=2))
    dictionary = rows(book["Data dictionary"])
    assert {r[2] for r in dictionary if r[0] == "appendix-provenance.csv"} == \
        set(provenance.columns)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_about_sheet_says_where_the_csv_is_when_provenance_is_a_sheet(language, tmp_path):
    data = load_dataset()
    book = load_workbook(write_appendix(data, tmp_path / "appendix.xlsx", INFO, language))
    about = rows(book.worksheets[0])
    label = appendix_words(language)["about"]["csv"]
    (line,) = [r for r in about if r[0] == label]
    assert line[1].startswith("appendix-provenance.csv: ") and "data/provenance.csv" in line[1]
    assert (tmp_path / "appendix-provenance.csv").exists()


def test_every_editions_appendix_from_one_process_is_what_each_would_be_alone(
        small, tmp_path, monkeypatch):
    """write_appendices writes the Provenance CSV once and copies it beside the other
    editions: every workbook and CSV is what write_appendix makes for its edition alone,
    the About sheet's count of removed control characters included."""
    from analysis.appendix import write_appendices
    monkeypatch.setattr(parts, "PROVENANCE_ROWS_IN_WORKBOOK", 100)  # the CSV holds them all
    provenance = small.provenance.copy()
    provenance.loc[provenance.index[:3], "note"] = "a\x01b"
    data = dataclasses.replace(small, provenance=provenance)
    together = write_appendices(data, [("en", tmp_path / "both" / "appendix.xlsx"),
                                       ("sv", tmp_path / "both" / "sv" / "appendix.xlsx")],
                                INFO)
    assert together == [tmp_path / "both" / "appendix.xlsx",
                        tmp_path / "both" / "sv" / "appendix.xlsx"]
    for language, path in zip(["en", "sv"], together):
        alone = write_appendix(data, tmp_path / language / "appendix.xlsx", INFO, language)
        assert (path.with_name("appendix-provenance.csv").read_bytes()
                == alone.with_name("appendix-provenance.csv").read_bytes())
        shared, single = load_workbook(path), load_workbook(alone)
        assert shared.sheetnames == single.sheetnames
        for name in shared.sheetnames:
            assert rows(shared[name]) == rows(single[name]), (language, name)
        # The three cleaned notes are counted in the edition that copied the CSV too.
        assert {"en": "3 text value(s) contained control characters",
                "sv": "3 textvärden innehöll styrtecken"}[language] in about_text(shared)
