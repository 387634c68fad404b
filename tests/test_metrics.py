import pandas as pd

from analysis import load_dataset, metrics
from analysis.text import format_amount


def test_sek_per_month_only_where_amount_and_duration_known():
    table = metrics.funding(load_dataset().projects).set_index("project_id")
    assert table.at["forandra-radikalt-sormland", "sek_per_month"] == round(410000 / 9)
    assert pd.isna(table.at["kreativa-byrakrater", "sek_per_month"])  # duration known, no amount
    assert pd.isna(table.at["mer-ostersund", "sek_per_month"])


def test_county_coverage_lists_all_21_counties_and_counts_seats():
    data = load_dataset()
    coverage = metrics.county_coverage(data).set_index("county_code")
    assert len(coverage) == 21
    # Sörmland: Oxelösund (coordinator), Flen, Vingåker and HSSL Sörmland (partners); Region
    # Sörmland and FoU Sörmland follow up after the project and do not count as reach.
    assert coverage.at["04", "organisations"] == 4
    assert coverage.at["04", "projects"] == 2
    assert coverage.at["04", "municipalities"] == 3
    assert not coverage.at["12", "covered"]


def test_reach_counts_coordinators_and_partners_only():
    data = load_dataset()
    coverage = metrics.county_coverage(data).set_index("county_code")
    # Stockholm and Västernorrland: only a speaker's organisation each (Upplands Väsby
    # kommun, Mittuniversitetet) — counted apart, not reached.
    for county in ("01", "22"):
        assert coverage.at[county, "projects"] == 0 and not coverage.at[county, "covered"]
        assert coverage.at[county, "other_roles_projects"] == 1
    # A county reached in a project is not counted again for that project's other roles.
    assert coverage.at["04", "other_roles_projects"] == 0


def test_national_bodies_count_in_no_county():
    data = load_dataset()
    coverage = metrics.county_coverage(data)
    reach = data.participations[data.participations["role"].isin(
        ("coordinator", "partner", "co-financer", "partner or co-financer"))]
    placed = data.organisations[data.organisations["org_id"].isin(reach["org_id"])]
    assert coverage["organisations"].sum() == placed["county_code"].notna().sum() < len(placed)


def test_shared_organisations():
    shared = metrics.shared_organisations(load_dataset(), "title_en")
    assert list(shared["name"]) == ["Östersunds kommun"]


def test_key_numbers_never_add_budgets_to_grants():
    data = load_dataset()
    numbers = metrics.key_numbers(data)
    grants = data.projects.loc[data.projects["amount_basis"] == "funder grant", "amount_sek"]
    assert numbers["grant_total_sek"] == grants.sum()
    assert numbers["budget_total_sek"] == 16095000
    assert numbers["n_projects"] + numbers["n_initiatives"] + numbers["n_events"] == \
        len(data.projects)


def test_key_numbers_hold_every_number_the_prose_quotes():
    data = load_dataset()
    numbers = metrics.key_numbers(data)
    assert numbers["n_counties_covered"] + numbers["n_counties_not_covered"] == \
        numbers["n_counties"] == 21
    assert numbers["n_documents"] + numbers["n_exports"] == numbers["n_sources"]
    assert (numbers["n_dated_projects"], numbers["duration_min_months"],
            numbers["duration_max_months"]) == (4, 9, 39)
    assert numbers["grant_ratio"] == round(2115934 / 193800)
    assert (numbers["grant_per_month_min_sek"], numbers["grant_per_month_max_sek"]) == \
        (11400, 91997)
    assert numbers["n_municipalities_reached"] == \
        metrics.county_coverage(data)["municipalities"].sum()
    assert numbers["n_fields_with_gaps"] + numbers["n_fields_complete"] == \
        len(metrics.completeness(data))
    assert numbers["largest_network_size"] == metrics.network_sizes(data).iloc[0]


def test_format_amount_shows_unknown_as_unknown():
    assert format_amount(pd.NA, "en") == "unknown"
    assert format_amount(pd.NA, "sv") == "okänt"
    assert format_amount(2115934, "en") == "2\u202f115\u202f934\u00a0kr"


def test_municipalities_are_counted_where_every_organisation_sits():
    from analysis import load_dataset
    data = load_dataset()
    table = metrics.municipalities_involved(data, "title_en").set_index("municipality_name")
    # An organisation of another kind based in Sundsvall places it, the municipality itself
    # does not take part; a speaker's organisation places Upplands Väsby without reaching it.
    sundsvall_orgs = data.organisations[data.organisations["municipality_code"] == "2281"]
    assert (sundsvall_orgs["type"] != "municipality").all()
    assert not table.loc["Sundsvall", "municipality_takes_part"]
    assert table.loc["Upplands Väsby", "projects"] == 0
    assert table.loc["Östersund", "projects"] == 2
    municipal = data.organisations[data.organisations["type"] == "municipality"]
    assert int(table["municipality_takes_part"].sum()) == municipal["municipality_code"].nunique()


def test_facts_per_project_counts_its_own_and_its_participations_facts():
    """The real data's facts, counted one by one in Python, against the Arrow count; and a
    made-up provenance: a participation's fact counts for its project, an organisation's for
    none."""
    import dataclasses

    data = load_dataset()
    expected = {}
    for table, record in zip(data.provenance["table"], data.provenance["record_id"]):
        if table in ("projects", "participations"):
            project = record.split("/")[0]
            expected[project] = expected.get(project, 0) + 1
    assert metrics.facts_per_project(data).to_dict() == expected
    made_up = pd.DataFrame({"table": ["projects", "projects", "participations",
                                      "organisations", "projects"],
                            "record_id": ["p-1", "p-1", "p-1/o-1", "o-1", "p-2"]})
    counted = metrics.facts_per_project(dataclasses.replace(data, provenance=made_up))
    assert counted.to_dict() == {"p-1": 3, "p-2": 1}
