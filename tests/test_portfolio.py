"""The portfolio comparisons (analysis.metrics.portfolio) on small made-up data with known
answers: medians, shares, years, places; a total budget never summed with a grant; a missing
amount missing, never 0; the optional SCB population table; the prose, tables and alt text
quoting the metrics' numbers in both editions."""

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from analysis import charts
from analysis.dataset import Dataset, DataValidationError
from analysis.fields import FUNDER_GRANT, ORGANISATION_TYPES, TOTAL_BUDGET
from analysis.metrics import portfolio as metrics
from analysis.prose import Prose, portfolio as prose
from analysis.prose.writer import Writer
from analysis.tables import portfolio as tables
from analysis.text import LANGUAGES, Count, catalogue, fill_plain, format_amount, format_count

# Three kinds the issue names in every version of fields.ORGANISATION_TYPES.
assert {"municipality", "region", "state agency"} <= set(ORGANISATION_TYPES)


def made_up(data_dir: Path) -> Dataset:
    """Five funded projects and one initiative:

    a  Vinnova P1 C1  grant 100      2020-01..2020-12 (12)  municipality m1 (Upplands Väsby)
    b  Vinnova P1 C1  grant 300      2020-06..2021-05 (12)  region r1 (county 01); partner m2
    c  Vinnova P1 C1  budget 10 000  2021-01..2022-12 (24)  municipality m1
    d  Vinnova P1 C2  no amount      2022-01..2022-06 (6)   state agency s1 (Malmö)
    e  Formas         grant 50       no dates               municipality m2 (Stockholm);
                                                            supporting authority l1 (Luleå)
    f  an initiative, left out of the portfolio
    """
    rows = [("a", "project", "Vinnova", "P1", "C1", 100, FUNDER_GRANT, "2020-01", "2020-12"),
            ("b", "project", "Vinnova", "P1", "C1", 300, FUNDER_GRANT, "2020-06", "2021-05"),
            ("c", "project", "Vinnova", "P1", "C1", 10_000, TOTAL_BUDGET, "2021-01", "2022-12"),
            ("d", "project", "Vinnova", "P1", "C2", None, None, "2022-01", "2022-06"),
            ("e", "project", "Formas", None, None, 50, FUNDER_GRANT, None, None),
            ("f", "initiative", None, None, None, 999, FUNDER_GRANT, "2020-01", "2020-01")]
    projects = pd.DataFrame(rows, columns=["project_id", "kind", "funder", "programme", "call",
                                           "amount_sek", "amount_basis", "start_month",
                                           "end_month"])
    projects["amount_sek"] = projects["amount_sek"].astype("Int64")
    projects["duration_months"] = pd.array([12, 12, 24, 6, None, 1], dtype="Int64")
    projects["title"] = projects["title_en"] = "Projekt " + projects["project_id"]
    organisations = pd.DataFrame(
        [("m1", "municipality", "0114", "01"), ("m2", "municipality", "0180", "01"),
         ("r1", "region", None, "01"), ("s1", "state agency", "1280", "12"),
         ("l1", "state agency", "2580", "25")],
        columns=["org_id", "type", "municipality_code", "county_code"])
    participations = pd.DataFrame(
        [("a", "m1", "coordinator"), ("b", "r1", "coordinator"), ("b", "m2", "partner"),
         ("c", "m1", "coordinator"), ("d", "s1", "coordinator"), ("e", "m2", "coordinator"),
         ("e", "l1", "supporting authority"), ("f", "m1", "coordinator")],
        columns=["project_id", "org_id", "role"])
    empty = pd.DataFrame()
    return Dataset(sources=empty, projects=projects, organisations=organisations,
                   aliases=empty, participations=participations, provenance=empty,
                   not_recorded=empty, conflicts=empty, import_scope=empty,
                   data_version="made-up",
                   data_dir=data_dir)


def report_text(data: Dataset, info: dict, language: str):
    """The portfolio section's paragraphs alone (the other sections need every table)."""
    writer = Writer.__new__(Writer)
    writer.data, writer.build_info, writer.language = data, info, language
    writer.words = catalogue(language)
    return type("Text", (), {k: Prose(v) for k, v in prose.sentences(writer).items()})


@pytest.fixture
def data(tmp_path) -> Dataset:
    return made_up(tmp_path)


def test_calls_count_medians_and_keep_budgets_and_unknowns_apart(data):
    calls = metrics.by_group(data, "call")
    assert list(zip(calls["funder"], calls["call"])) == [("Vinnova", "C1"), ("Formas", None),
                                                          ("Vinnova", "C2")]
    c1, formas, c2 = (calls.iloc[i] for i in range(3))
    assert (c1["projects"], c1["n_grants"], c1["granted_sek"]) == (3, 2, 400)
    assert c1["median_grant_sek"] == 200  # of 100 and 300: the budget of 10 000 is no grant
    assert (c1["n_budgets"], c1["budget_sek"]) == (1, 10_000)
    assert c1["median_duration_months"] == 12  # of 12, 12 and 24
    assert c1["coordinators"] == {"municipality": 2, "region": 1}
    assert formas["granted_sek"] == 50 and pd.isna(formas["median_duration_months"])
    assert formas["coordinators"] == {"municipality": 1}  # a group without programme or call
    # A call whose only project states no amount: granted unknown, never 0.
    assert c2["n_grants"] == 0 and pd.isna(c2["granted_sek"]) and pd.isna(c2["median_grant_sek"])
    programmes = metrics.by_group(data, "programme")
    assert programmes.iloc[0]["projects"] == 4 and programmes.iloc[0]["granted_sek"] == 400


def test_coordinator_shares_per_programme(data):
    shares = metrics.coordinator_shares(data, "programme")
    p1 = shares[shares["programme"] == "P1"].set_index("kind")["share"]
    assert p1.to_dict() == {"municipality": 0.5, "region": 0.25, "state agency": 0.25}
    formas = shares[shares["funder"] == "Formas"]
    assert formas[["kind", "share"]].values.tolist() == [["municipality", 1.0]]


def test_years_started_granted_and_running(data):
    years = metrics.by_year(data).set_index("year")
    assert list(years.index) == [2020, 2021, 2022]
    assert years["started"].tolist() == [2, 1, 1]
    assert years.at[2020, "granted_sek"] == 400
    # 2021's one start states a total budget, 2022's none: no grant is known, not 0.
    assert pd.isna(years.at[2021, "granted_sek"]) and years.at[2021, "budget_sek"] == 10_000
    assert pd.isna(years.at[2022, "granted_sek"])
    assert years["running"].tolist() == [2, 2, 2]  # a+b, b+c, c+d
    assert metrics.undated_projects(data) == 1


def test_kinds_of_coordinator_in_fields_order_with_shares(data):
    kinds = metrics.by_coordinator_kind(data).set_index("kind")
    assert list(kinds.index) == list(ORGANISATION_TYPES)  # read from fields, never typed
    town = kinds.loc["municipality"]
    assert (town["projects"], town["share"], town["granted_sek"]) == (3, 0.6, 150)
    assert town["median_grant_sek"] == 75 and town["median_duration_months"] == 18
    assert town["budget_sek"] == 10_000
    agency = kinds.loc["state agency"]
    assert agency["projects"] == 1 and pd.isna(agency["granted_sek"])
    unused = kinds[kinds["projects"] == 0]
    assert unused["granted_sek"].isna().all() and (unused["n_grants"] == 0).all()


def test_places_count_coordinators_and_partners_only(data):
    towns = metrics.places(data, "municipality")
    assert towns["municipality_code"].tolist() == ["0180", "0114", "1280"]  # no Luleå
    stockholm, vasby, malmo = (towns.iloc[i] for i in range(3))
    assert (stockholm["projects"], stockholm["granted_sek"]) == (2, 350)
    assert (vasby["projects"], vasby["granted_sek"], vasby["budget_sek"]) == (2, 100, 10_000)
    assert malmo["projects"] == 1 and pd.isna(malmo["granted_sek"])
    assert "sek_per_inhabitant" not in towns  # no population table: no per-inhabitant figure
    counties = metrics.places(data, "county").set_index("county_code")
    assert len(counties) == 21
    assert (counties.at["01", "projects"], counties.at["01", "granted_sek"]) == (4, 450)
    assert counties.at["25", "projects"] == 0  # a supporting authority reaches nothing
    reach = metrics.reach(data)
    assert (reach["n_counties_reached"], reach["n_counties"]) == (2, 21)
    assert (reach["n_municipalities_reached"], reach["n_municipalities"]) == (3, 290)
    assert reach["share_municipalities"] == 3 / 290


def test_distributions_only_above_a_few_dozen_values(data):
    stats = metrics.distributions(data, "grant_sek")
    assert not stats["drawn"].any()
    p1 = stats[stats["programme"] == "P1"].iloc[0]
    assert (p1["n"], p1["low"], p1["median"], p1["high"]) == (2, 100, 200, 300)
    assert not metrics.portfolio_numbers(data)["distributions_drawn"]
    # Too few for boxes: every known value is drawn one by one, in by_group's order, each
    # programme's from the smallest; the budget of 10 000 is no grant, d states no amount.
    assert stats["dotted"].tolist() == [True, True]
    grants = metrics.distribution_values(data, "grant_sek")
    assert grants[["funder", "programme", "project_id", "value"]].values.tolist() == [
        ["Vinnova", "P1", "a", 100], ["Vinnova", "P1", "b", 300], ["Formas", None, "e", 50]]
    durations = metrics.distribution_values(data, "duration_months")
    assert durations["project_id"].tolist() == ["d", "a", "b", "c"]  # e has no dates
    assert durations["value"].tolist() == [6, 12, 12, 24]
    assert metrics.distribution_counts(data, "grant_sek") == {
        "known": 3, "boxes": 0, "in_boxes": 0, "dotted": 2, "dots": 3, "left_out": 0}


def spread_thin(data_dir: Path, programmes: int = 12, per: int = 4) -> Dataset:
    """`programmes` Vinnova programmes of `per` projects each (P01 the most granted, so the
    first in by_group's order), every one with a grant and dates: 48 values, but no programme
    with the MIN_BOX_VALUES a box needs."""
    rows = []
    for p in range(programmes):
        for i in range(per):
            rows.append((f"p{p:02}-{i}", "project", "Vinnova", f"P{p + 1:02}", None,
                         (programmes - p) * 1000 + i, FUNDER_GRANT, "2020-01", "2020-12",
                         6 + p + i))
    projects = pd.DataFrame(rows, columns=["project_id", "kind", "funder", "programme", "call",
                                           "amount_sek", "amount_basis", "start_month",
                                           "end_month", "duration_months"])
    projects["amount_sek"] = projects["amount_sek"].astype("Int64")
    projects["duration_months"] = projects["duration_months"].astype("Int64")
    projects["title"] = projects["title_en"] = "Projekt " + projects["project_id"]
    empty = pd.DataFrame()
    organisations = pd.DataFrame([("m1", "municipality", "0114", "01")],
                                 columns=["org_id", "type", "municipality_code", "county_code"])
    participations = pd.DataFrame({"project_id": projects["project_id"], "org_id": "m1",
                                   "role": "coordinator"})
    return Dataset(sources=empty, projects=projects, organisations=organisations, aliases=empty,
                   participations=participations, provenance=empty, not_recorded=empty, conflicts=empty, import_scope=empty,
                   data_version="made-up", data_dir=data_dir)


@pytest.mark.parametrize("language", LANGUAGES)
def test_enough_values_but_no_programme_with_a_box_gives_bounded_dots(tmp_path, language):
    """48 grants and 48 durations, 4 in each of 12 programmes: no box; the dots of the first
    MAX_BOXES programmes only, and the chart and the prose say how many are left out."""
    thin = spread_thin(tmp_path)
    assert metrics.DISTRIBUTION_FROM <= 48 and metrics.MAX_BOXES == 10
    counts = metrics.distribution_counts(thin, "grant_sek")
    assert counts == {"known": 48, "boxes": 0, "in_boxes": 0, "dotted": 10, "dots": 40,
                      "left_out": 8}
    values = metrics.distribution_values(thin, "grant_sek")
    assert values["programme"].unique().tolist() == [f"P{p:02}" for p in range(1, 11)]
    charts.setup()
    drawn = charts.draw("portfolio-distributions", thin, language)
    for part in ("grants", "durations"):
        assert drawn.rows(part) == []  # no box
        dots = drawn.rows(f"{part}_dots")
        assert len(dots) == 40 <= metrics.MAX_BOXES * (metrics.MIN_BOX_VALUES - 1)
        assert len(drawn.rows(f"{part}_medians")) == 10
    embedded = sum(len(rows) for rows in drawn.chart.to_dict()["datasets"].values())
    assert embedded == 2 * (40 + 10)
    left = fill_plain(catalogue(language)["charts"]["portfolio"]["dots_left_out"],
                      grants=Count(8, language), durations=Count(8, language),
                      shown=Count(10, language))
    assert left in drawn.notes
    assert format_count(40, language) in drawn.chart.description  # the alt text
    text = report_text(thin, {}, language).portfolio_distributions.markdown
    assert "@fig-portfolio-distributions" in text
    assert format_count(metrics.MIN_BOX_VALUES, language) in text and \
        format_count(8, language) in text
    assert not metrics.portfolio_numbers(thin)["distributions_drawn"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quantity_no_project_states_is_a_line_of_text(data, language):
    # Changed data is a new Dataset (metrics keep their results in a dataset's memo).
    data = dataclasses.replace(data, projects=data.projects.assign(
        duration_months=pd.array([None] * 6, dtype="Int64")))
    charts.setup()
    drawn = charts.draw("portfolio-distributions", data, language)
    words = catalogue(language)["charts"]["portfolio"]
    assert len(drawn.rows("grants_dots")) == 3 and drawn.rows("durations_dots") == []
    assert drawn.rows("durations_none") == [{"note": words["no_durations"]}]
    assert words["no_durations"] in drawn.chart.description
    data = dataclasses.replace(data, projects=data.projects.assign(
        amount_sek=pd.array([None] * 6, dtype="Int64")))
    nothing = charts.draw("portfolio-distributions", data, language)
    assert [r["note"] for r in nothing.rows("note")] == [words["no_grants"],
                                                         words["no_durations"]]
    text = report_text(data, {}, language).portfolio_distributions.markdown
    assert text == catalogue(language)["portfolio"]["distributions_none"]


POPULATION = ("municipality_code,population,year,publisher,source,retrieved\n"
              "0114,100,2024,SCB,SCB Folkmängd (made up for a test),2026-11-30\n"
              "0180,175,2024,SCB,SCB Folkmängd (made up for a test),2026-11-30\n")


def test_population_table_gives_per_inhabitant_figures(data):
    (data.data_dir / "population.csv").write_text(POPULATION, encoding="utf-8")
    towns = metrics.places(data, "municipality").set_index("municipality_code")
    assert towns.at["0180", "sek_per_inhabitant"] == 2  # 350 kr, 175 inhabitants
    assert towns.at["0114", "projects_per_100k"] == 2000  # 2 projects, 100 inhabitants
    assert pd.isna(towns.at["1280", "population"])  # not in the table: unknown
    # Stockholm county has 26 municipalities, the table two: no county figure.
    counties = metrics.places(data, "county").set_index("county_code")
    assert pd.isna(counties.at["01", "sek_per_inhabitant"])
    source = metrics.population_source(data)
    assert source == {"source": "SCB Folkmängd (made up for a test)", "year": 2024,
                      "retrieved": "2026-11-30", "municipalities": 2}
    text = report_text(data, {}, "en").portfolio_places.markdown
    assert "SCB Folkmängd" in text and "2024" in text
    headers = tables.municipalities_table(data, "en").columns
    assert "sek_per_inhabitant" in headers


@pytest.mark.parametrize("bad, field", [
    ("9999,10,2024,SCB,SCB,2026-11-30\n", "municipality_code"),
    ("0114,10,2024,Someone,SCB,2026-11-30\n", "publisher"),
    ("0180,10,2023,SCB,SCB,2026-11-30\n", "year"),
    ("0180,ten,2024,SCB,SCB,2026-11-30\n", "population")])
def test_a_bad_population_table_is_refused_with_one_clear_message(data, bad, field):
    head = "municipality_code,population,year,publisher,source,retrieved\n"
    (data.data_dir / "population.csv").write_text(
        head + "0114,10,2024,SCB,SCB,2026-11-30\n" + bad, encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        metrics.places(data, "municipality")
    message = str(error.value)
    assert "population.csv" in message and field in message and "line 3" in message


@pytest.mark.parametrize("language", LANGUAGES)
def test_prose_and_tables_quote_the_metrics(data, language):
    numbers = metrics.portfolio_numbers(data)
    text = report_text(data, {}, language)
    assert format_count(numbers["n_projects"], language) in text.portfolio_intro.markdown
    assert catalogue(language)["portfolio"]["no_population"].replace("`", "") in \
        text.portfolio_places.markdown.replace("`", "")
    few = catalogue(language)["portfolio"]["few"].split("{")[0].strip()
    assert few in text.portfolio_intro.markdown  # five projects: said plainly
    calls = tables.calls_table(data, language)._repr_markdown_()
    assert format_amount(400, language) in calls and format_amount(10_000, language) in calls
    unknown = catalogue(language)["grammar"]["unknown"]
    c2 = [line for line in calls.splitlines() if "C2" in line][0]
    assert unknown in c2 and "0\u00a0kr" not in c2  # missing, never 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_alt_text_names_the_numbers_drawn(data, language):
    charts.setup()
    kinds = charts.draw("portfolio-kinds", data, language).chart.description
    town = catalogue(language).get("values", {}).get("type", {}).get("municipality",
                                                                      "municipality")
    assert f"{town} 3 (60%)" in kinds
    years = charts.draw("portfolio-years", data, language).chart.description
    amount = " ".join(format_amount(400, language).split())  # alt text folds its spaces
    assert "2020" in years and "2022" in years and amount in years
    places = charts.draw("portfolio-municipalities", data, language).chart.description
    assert "Stockholm" in places and "3" in places and "290" in places
    drawn = charts.draw("portfolio-distributions", data, language)
    assert drawn.rows("grants") == [] and drawn.rows("note") == []  # no box, no placeholder
    # Each known value one dot: 100 and 300 (P1), 50 (Formas); durations 6, 12, 12, 24.
    grants = drawn.rows("grants_dots")
    assert sorted(r["value"] for r in grants) == [50, 100, 300]
    assert sorted(r["value"] for r in drawn.rows("durations_dots")) == [6, 12, 12, 24]
    assert {r["title"] for r in grants} == {"Projekt a", "Projekt b", "Projekt e"}
    # The ticks are the metrics' medians, drawn in the chart's data.
    stats = metrics.distributions(data, "grant_sek")
    assert [r["median"] for r in drawn.rows("grants_medians")] == stats["median"].tolist()
    assert [r["median"] for r in drawn.rows("durations_medians")] == [12]
    spec = drawn.chart.to_dict()
    drawn_values = sorted(row["value"] for rows in spec["datasets"].values() for row in rows
                          if "value" in row and "lane" in row)
    assert drawn_values == [6, 12, 12, 24, 50, 100, 300]
    ticks = sorted(row["median"] for rows in spec["datasets"].values() for row in rows
                   if "median" in row)
    assert ticks == [12, 50, 200]
    # The alt text names what is drawn: 2 programmes, 3 grants from 50 to 300 kr, the
    # highest median 200 kr; 4 durations.
    alt_text = drawn.chart.description
    for amount in (50, 300, 200):
        assert " ".join(format_amount(amount, language).split()) in alt_text
    words = catalogue(language)["charts"]["portfolio"]["alt"]
    assert words["dots"] in alt_text
    assert fill_plain(words["grant_dots"].split(" {low}")[0], n=Count(2, language),
                      values=Count(3, language)) in alt_text
    text = report_text(data, {}, language).portfolio_distributions.markdown
    assert "@fig-portfolio-distributions" in text and format_count(36, language) in text


@pytest.mark.slow
@pytest.mark.parametrize("size", [10_000])
def test_charts_aggregate_a_portfolio(tmp_path_factory, size):
    """At 10 000 projects every portfolio figure embeds rows per group, not per project."""
    from analysis import load_dataset
    from analysis.synthetic import write_synthetic_dataset
    big = load_dataset(write_synthetic_dataset(tmp_path_factory.mktemp("pf") / "data", size,
                                               seed=2))
    charts.setup()
    bounds = {"portfolio-years": 40, "portfolio-kinds": len(ORGANISATION_TYPES),
              "portfolio-programmes": 12 * len(ORGANISATION_TYPES),
              "portfolio-municipalities": 15, "portfolio-distributions": 2 * metrics.MAX_BOXES}
    for name, bound in bounds.items():
        drawn = charts.draw(name, big, "en")
        rows = sum(len(frame) for frame in drawn.frames.values())
        embedded = sum(len(rows) for rows in drawn.chart.to_dict().get("datasets", {}).values())
        assert 0 < rows <= bound and embedded <= bound, (name, rows, embedded)
    distributions = charts.draw("portfolio-distributions", big, "en")
    assert distributions.rows("grants") and distributions.rows("durations")  # boxes now
    assert not distributions.rows("grants_dots") and not distributions.rows("durations_dots")
    numbers = metrics.portfolio_numbers(big)
    assert numbers["distributions_drawn"] and numbers["n_projects"] > 9_000


def test_a_population_table_is_part_of_the_data_version(data_copy):
    """Adding or changing data/population.csv changes the figures: the build must see it."""
    from analysis.dataset import data_version
    before = data_version(data_copy)
    (data_copy / "population.csv").write_text("municipality_code\n", encoding="utf-8")
    assert data_version(data_copy) != before
