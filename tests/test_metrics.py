import pandas as pd

from analysis import load_dataset, metrics


def test_sek_per_month_only_where_amount_and_duration_known():
    table = metrics.funding(load_dataset().projects).set_index("project_id")
    assert table.at["forandra-radikalt-sormland", "sek_per_month"] == round(410000 / 9)
    assert pd.isna(table.at["kreativa-byrakrater", "sek_per_month"])  # duration known, no amount
    assert pd.isna(table.at["mer-ostersund", "sek_per_month"])


def test_county_coverage_lists_all_21_counties_and_counts_seats():
    data = load_dataset()
    coverage = metrics.county_coverage(data).set_index("county_code")
    assert len(coverage) == 21
    # Sörmland: Oxelösund, Flen, Vingåker, Region Sörmland, FoU Sörmland, HSSL Sörmland.
    assert coverage.at["04", "organisations"] == 6
    assert coverage.at["04", "projects"] == 2
    assert coverage.at["04", "municipalities"] == 3
    assert not coverage.at["12", "covered"]
    assert coverage["organisations"].sum() == data.organisations["county_code"].notna().sum()


def test_national_bodies_count_in_no_county():
    data = load_dataset()
    coverage = metrics.county_coverage(data)
    placed = data.organisations["county_code"].notna().sum()
    assert coverage["organisations"].sum() == placed < len(data.organisations)


def test_shared_organisations():
    shared = metrics.shared_organisations(load_dataset())
    assert list(shared["name"]) == ["Östersunds kommun"]


def test_key_numbers_never_add_budgets_to_grants():
    data = load_dataset()
    numbers = metrics.key_numbers(data)
    grants = data.projects.loc[data.projects["amount_basis"] == "funder grant", "amount_sek"]
    assert numbers["grant_total_sek"] == grants.sum()
    assert numbers["budget_total_sek"] == 16095000
    assert numbers["n_projects"] + numbers["n_initiatives"] == len(data.projects)


def test_format_sek_shows_unknown_as_unknown():
    assert metrics.format_sek(pd.NA) == "unknown"
    assert metrics.format_sek(2115934) == "2\u202f115\u202f934\u00a0kr"
