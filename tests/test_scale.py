"""The report reads as a summary at any size: the real data, the 14-project copy, a 10 000
record import (coordinators only, as Vinnova's export names them) and 10 000 and 50 000
synthetic projects. No paragraph over 150 words, no printed table over 30 rows, every chart
aggregated (the rows it draws bounded), and the counts the prose states equal the metrics'.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from analysis import charts, load_dataset, metrics, tables
from analysis.charts.registry import FIGURES
from analysis.metrics.networks import coordinator_returns, network_numbers
from analysis.prose import report_text
from analysis.prose.writer import MAX_NAMED
from analysis.synthetic import write_synthetic_dataset
from analysis.tables.report_table import MAX_ROWS
from analysis.text import format_count
from analysis.text.labels import table_name

from vinnova_export import record, write_export

MAX_WORDS = 150
MAX_PRINTED_ROWS = 30
MAX_DRAWN_ROWS = 2_000  # rows any one part of a chart draws, whatever the data's size
LANGUAGES = ("en", "sv")
TABLES = ("sources_table", "conflicts_table", "completeness_table", "grants_table",
          "durations_table", "coordinators_table", "partners_table",
          "shared_organisations_table", "counties_table", "not_placed_table",
          "municipalities_table")


def import_shaped(data_copy, tmp_path, n_records: int):
    """data/ with `n_records` imported from an export that names only coordinators:
    municipalities (some in capitals), regions and companies nobody can place."""
    from analysis import geography
    municipalities = list(geography.municipality_names().values())
    records = []
    for index in range(n_records):
        name = municipalities[index * 7 % len(municipalities)]
        coordinator = (f"{geography.municipality_genitive(name)} kommun" if index % 10 < 8
                       else f"Innovationsbolaget {index % 900} AB")
        records.append(record(f"{2015 + index % 10}-{index:05d}",
                              f"Samverkansprojekt {index} <script>x</script>", coordinator,
                              grant=None if index % 37 == 0 else 200_000 + index * 13 % 9_000_000,
                              start=f"{2015 + index % 10}-{1 + index % 12:02d}-01T00:00:00",
                              end=f"{2017 + index % 10}-{1 + index % 12:02d}-28T00:00:00"))
    export = write_export(tmp_path / "export.json", records)
    run = subprocess.run([sys.executable, "-m", "analysis", "import", "vinnova", str(export),
                          "--data", str(data_copy), "--retrieved", "2026-11-30"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return load_dataset(data_copy)


@pytest.fixture(scope="module")
def real():
    return load_dataset()


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory):
    return load_dataset(write_synthetic_dataset(tmp_path_factory.mktemp("s10k") / "data",
                                                10_000, seed=1))


@pytest.fixture(scope="module")
def synthetic_50k(tmp_path_factory):
    return load_dataset(write_synthetic_dataset(tmp_path_factory.mktemp("s50k") / "data",
                                                50_000, seed=2))


@pytest.fixture(scope="module")
def imported_10k(tmp_path_factory):
    import shutil

    from analysis.paths import DATA_DIR
    folder = tmp_path_factory.mktemp("i10k")
    shutil.copytree(DATA_DIR, folder / "data")
    return import_shaped(folder / "data", folder, 10_000)


def words_of(markdown: str) -> int:
    return len(str(markdown).split())


def printed_rows(table) -> int:
    """Rows of a table's PDF form (its Markdown pipe table), header and rule left out."""
    lines = [line for line in table._repr_markdown_().splitlines() if line.startswith("|")]
    return len(lines) - 2


def check_reads_as_a_summary(data, languages=LANGUAGES) -> None:
    for language in languages:
        text = report_text(data, {}, language)
        long = {name: words_of(value) for name, value in vars(text).items()
                if words_of(value) > MAX_WORDS}
        assert not long, f"paragraphs over {MAX_WORDS} words ({language}): {long}"
        for name in TABLES:
            table = getattr(tables, name)(data, language)
            rows = printed_rows(table)
            assert rows <= MAX_PRINTED_ROWS, f"{name} prints {rows} rows ({language})"
            assert rows == min(len(table.frame), MAX_ROWS) or len(table.frame) <= \
                MAX_PRINTED_ROWS and rows == len(table.frame), name
            if len(table.frame) > rows:  # says how many more and where
                note = table._repr_markdown_().replace("\\", "")
                assert format_count(len(table.frame) - rows, language) in note, name
        check_counts(data, text, language)


def check_counts(data, text, language: str) -> None:
    """The counts the prose states are the metrics' (as the edition formats them)."""
    key = metrics.key_numbers(data)
    numbers = network_numbers(data)
    c = lambda n: format_count(n, language)  # noqa: E731
    assert c(key["n_organisations"]) in str(text.summary_intro)
    assert c(key["n_participations"]) in str(text.summary_intro)
    if key["n_grants"] > 1:
        assert c(key["n_grants"]) in str(text.summary_grants)
    if key["n_shared_organisations"] > MAX_NAMED + 1:
        summary = str(text.summary_partners)
        assert c(key["n_shared_organisations"]) in summary
        more = c(key["n_shared_organisations"] - MAX_NAMED)
        assert re.search(rf"{more} (more|till) \(\w+, \w+ {table_name('organisations', language)}\)",
                         summary), summary
    if numbers["n_coordinators"]:
        coordinators = str(text.networks_coordinators)
        for name in ("n_coordinators", "n_returning_coordinators", "most_led"):
            if numbers[name] > 1:
                assert c(numbers[name]) in coordinators, (name, coordinators)
    returns = coordinator_returns(data)
    assert int(returns["coordinators"].sum()) == numbers["n_coordinators"]
    if key["n_not_placed"] > 1:
        assert c(key["n_not_placed"]) in str(text.regions_not_placed)
    if key["n_amount_unknown"] > 1:
        assert c(key["n_amount_unknown"]) in str(text.summary_grants)
    if key["n_amount_unknown"] > MAX_NAMED + 1:  # counted, not named
        assert c(key["n_amount_unknown"]) in str(text.grants_intro)


def check_charts_aggregated(data, language: str = "en") -> None:
    charts.setup()
    for figure in FIGURES:
        drawn = figure.draw(data, language)
        for part, frame in drawn.frames.items():
            assert len(frame) <= MAX_DRAWN_ROWS, f"{figure.name}: {part} draws {len(frame)} rows"


# --- a handful: everything named, as before -----------------------------------------------

def test_the_real_data_reads_as_before_and_within_bounds(real):
    check_reads_as_a_summary(real)
    text = report_text(real, {}, "en")
    assert "more (appendix" not in " ".join(str(v) for v in vars(text).values())
    for name in TABLES:  # every row printed, no cut note
        table = getattr(tables, name)(real, "en")
        assert printed_rows(table) == len(table.frame), name


def test_the_14_project_copy_reads_within_bounds(made_up):
    check_reads_as_a_summary(made_up)


def test_charts_of_a_handful_are_bounded(real, made_up):
    check_charts_aggregated(real)
    check_charts_aggregated(made_up)


# --- portfolios ---------------------------------------------------------------------------

@pytest.mark.slow
def test_an_import_of_10_000_coordinators_reads_as_a_summary(imported_10k):
    data = imported_10k
    check_reads_as_a_summary(data)
    text = report_text(data, {}, "en")
    # A network of single lines is not drawn: the prose says so and counts coordinators.
    numbers = network_numbers(data)
    # The export's 8 000 municipalities are imported (each names only its coordinator); its
    # 2 000 companies are outside the command's default scope, public bodies.
    assert numbers["n_coordinator_only"] >= 8_000
    assert not data.organisations["name"].str.startswith("Innovationsbolaget").any()
    assert "not drawn" in str(text.networks_intro)
    assert "@tbl-coordinators" in str(text.networks_coordinators)
    drawn, left_out = charts.network_projects(data)
    assert len(drawn) <= charts.MAX_NETWORK_PROJECTS and left_out
    links = data.participations.groupby("project_id").size()
    assert all(links[p] > 1 for p in drawn)
    # Data text stays escaped in the interactive tables.
    html = tables.grants_table(data, "en")._repr_html_()
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.slow
def test_an_import_of_10_000_draws_bounded_charts(imported_10k):
    check_charts_aggregated(imported_10k)


@pytest.mark.slow
def test_10_000_synthetic_projects_read_as_a_summary(synthetic_10k):
    check_reads_as_a_summary(synthetic_10k)
    check_charts_aggregated(synthetic_10k)


@pytest.mark.slow
def test_50_000_synthetic_projects_read_as_a_summary(synthetic_50k):
    check_reads_as_a_summary(synthetic_50k, languages=("en",))
    check_charts_aggregated(synthetic_50k)
