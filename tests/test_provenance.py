"""Each cited line of each source document really states the curated value."""

import re

import pytest

from analysis import load_dataset
from analysis.paths import SEEDS_DIR
from analysis.provenance import check_provenance, months_in, numbers_in

needs_seeds = pytest.mark.skipif(
    not SEEDS_DIR.is_dir(),
    reason=f"source documents not found at {SEEDS_DIR} (clone with ../shared beside the repo)")


def test_number_formats_are_normalised():
    assert 2115934 in numbers_in("Bidrag från Vinnova 2 115 934 kronor")
    assert 193800 in numbers_in("Funding from Vinnova | SEK 193 800 |")
    assert 16095000 in numbers_in("Projektbudget: 16\u00a0095\u00a0000 kronor")
    assert 1234567 in numbers_in("SEK 1,234,567")


def test_month_names_are_normalised_in_both_languages():
    assert months_in("Projektets löptid oktober 2016 - augusti 2018") == {"2016-10", "2018-08"}
    assert months_in("Project duration | January 2022 - May 2023 |") == {"2022-01", "2023-05"}
    assert months_in("Projekttid: september 2017 – november 2020") == {"2017-09", "2020-11"}
    assert months_in("14/10 2015: Idéverkstaden") == {"2015-10"}


@needs_seeds
def test_every_cited_line_states_its_value():
    mismatches = check_provenance(load_dataset())
    assert not mismatches, "\n".join(map(str, mismatches))


@needs_seeds
def test_every_source_file_exists_in_seeds():
    data = load_dataset()
    for name in data.sources["file"]:
        assert (SEEDS_DIR / name).is_file(), name
    assert sorted(data.sources["file"]) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))


@needs_seeds
def test_a_wrong_value_is_caught(data_copy):
    projects = data_copy / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace("2115934", "2115943"),
                        encoding="utf-8")
    mismatches = check_provenance(load_dataset(data_copy))
    assert [(m.record_id, m.field) for m in mismatches] == [
        ("ljusdal-rural-service-model", "amount_sek")]


@needs_seeds
def test_a_wrong_line_is_caught(data_copy):
    provenance = data_copy / "provenance.csv"
    text = provenance.read_text(encoding="utf-8")
    text = text.replace("projects,forandra-radikalt-sormland,start_month,doc002,6",
                        "projects,forandra-radikalt-sormland,start_month,doc002,7")
    provenance.write_text(text, encoding="utf-8")
    mismatches = check_provenance(load_dataset(data_copy))
    assert [(m.record_id, m.field, m.line) for m in mismatches] == [
        ("forandra-radikalt-sormland", "start_month", 7)]


@needs_seeds
def test_summaries_are_own_words_not_copied_sentences():
    """No run of six words from a summary appears in any source document."""
    data = load_dataset()
    documents = " ".join(
        re.sub(r"\W+", " ", (SEEDS_DIR / f).read_text(encoding="utf-8")).casefold()
        for f in data.sources["file"])
    for summary in list(data.projects["summary_en"]) + list(data.sources["description"]):
        words = re.sub(r"\W+", " ", summary).casefold().split()
        for i in range(len(words) - 5):
            run = " ".join(words[i:i + 6])
            assert f" {run} " not in f" {documents} ", run
