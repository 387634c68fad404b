"""Every fact the source documents state is cited by provenance or listed as not recorded."""

import shutil

import pytest

from analysis import load_dataset
from analysis.paths import SEEDS_DIR
from analysis.source_coverage import check_source_coverage

needs_seeds = pytest.mark.skipif(
    not SEEDS_DIR.is_dir(),
    reason=f"source documents not found at {SEEDS_DIR} (clone with ../shared beside the repo)")


@needs_seeds
def test_every_stated_fact_is_accounted_for():
    unaccounted = check_source_coverage(load_dataset())
    assert not unaccounted, "\n".join(map(str, unaccounted))


@needs_seeds
def test_a_dropped_not_recorded_row_is_caught(data_copy):
    path = data_copy / "not_recorded.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = [line for line in lines if line.startswith("doc003,15,2030,")]
    path.write_text("".join(line for line in lines if line not in dropped), encoding="utf-8")
    unaccounted = check_source_coverage(load_dataset(data_copy))
    assert [(f.file, f.line, f.words) for f in unaccounted] == [
        ("003_c2ee71987aa57d82.txt", 15, "2030")]
    assert "003_c2ee71987aa57d82.txt line 15" in str(unaccounted[0])


@needs_seeds
def test_a_recorded_count_without_its_provenance_row_is_caught(data_copy):
    """The 61 measures are accounted for only through their own provenance row."""
    path = data_copy / "provenance.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",measures_adopted," in line)
    path.write_text(text.replace(row, row.replace(",doc004,3,", ",doc004,5,")), encoding="utf-8")
    unaccounted = check_source_coverage(load_dataset(data_copy))
    assert ("004_d4b85d39a327a451.txt", 3, "61") in [(f.file, f.line, f.words)
                                                     for f in unaccounted]


def _made_up_documents(data_copy, tmp_path, text: str):
    """Replace one seed with a made-up document; the others are copied unchanged."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    data = load_dataset(data_copy)
    for file in data.sources["file"]:
        source = SEEDS_DIR / file
        if source.is_file():
            shutil.copy(source, seeds / file)
    target = data.sources.loc[data.sources["source_id"] == "doc002", "file"].iloc[0]
    (seeds / target).write_text(text, encoding="utf-8")
    return data, seeds, target


def test_made_up_document_with_an_unaccounted_fact(data_copy, tmp_path):
    # Line 3 states the reference number (cited) and a count of workshops nobody recorded.
    text = ("Förändra radikalt Sörmland\n\nDiarienummer 2016-01895 med 12 workshops\n"
            "Koordinator OXELÖSUNDS KOMMUN\nBidrag från Vinnova 410 000 kronor\n"
            "Projektets löptid april 2016 - december 2016\nStatus Avslutat\n"
            "Kontakt: Anna Berg, 070-123 45 67, anna.berg@example.se\n"
            "Möte i Flens kommun och Katrineholm 5 maj\n")
    data, seeds, target = _made_up_documents(data_copy, tmp_path, text)
    found = [(f.file, f.line, f.kind, f.words) for f in check_source_coverage(data, seeds)
             if f.file == target]
    assert (target, 3, "number", "12") in found
    assert (target, 8, "phone", "070-123 45 67") in found
    assert (target, 8, "email", "anna.berg@example.se") in found
    assert (target, 8, "name", "Anna Berg") in found
    assert (target, 9, "organisation", "Flens kommun") in found
    assert (target, 9, "place", "Katrineholm") in found
    assert (target, 9, "date", "5 maj") in found
    # Cited facts are not reported: reference number, amount, months, status, coordinator.
    assert {line for _, line, _, _ in found} == {3, 8, 9}
    # Personal data is reported by kind only.
    message = "\n".join(str(f) for f in check_source_coverage(data, seeds))
    assert "a phone number" in message and "070-123" not in message
    assert "anna.berg" not in message and "Anna Berg" not in message


def test_made_up_personal_data_is_accounted_for_by_kind(data_copy, tmp_path):
    text = ("Förändra radikalt Sörmland\n\nDiarienummer 2016-01895\n"
            "Koordinator OXELÖSUNDS KOMMUN\nBidrag från Vinnova 410 000 kronor\n"
            "Projektets löptid april 2016 - december 2016\nStatus Avslutat\n"
            "Kontakt: Anna Berg, 070-123 45 67, anna.berg@example.se\n")
    path = data_copy / "not_recorded.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("doc002,8,a person's name,personal data,,\n"
                     "doc002,8,a phone number,personal data,,\n")
    data, seeds, target = _made_up_documents(data_copy, tmp_path, text)
    found = [(f.line, f.kind) for f in check_source_coverage(data, seeds) if f.file == target]
    # The e-mail address is not listed, so it alone is still reported.
    assert found == [(8, "email")]
