"""The real curated data loads, and its facts have the shape the report relies on."""

import pandas as pd

from analysis import load_dataset
from analysis.fields import TABLES


def test_real_data_loads_with_every_table():
    data = load_dataset()
    for spec in TABLES:
        frame = data.table(spec.name)
        assert list(frame.columns) == [f.name for f in spec.fields]
        assert len(frame) > 0 or spec.optional  # conflicts exist only after an import


def test_every_source_document_is_represented():
    data = load_dataset()
    cited = set(data.projects["source_id"]) | set(data.provenance["source_id"])
    assert set(data.sources["source_id"]) <= cited
    assert len(data.sources) == 5


def test_blog_post_yields_initiatives_without_funding():
    data = load_dataset()
    blog = data.sources.loc[data.sources["kind"] == "blog post", "source_id"].item()
    initiatives = data.projects[data.projects["source_id"] == blog]
    assert set(initiatives["kind"]) == {"initiative", "event"}
    assert initiatives["amount_sek"].isna().all()
    assert initiatives["funder"].isna().all()


def test_unknown_amounts_stay_unknown_not_zero():
    projects = load_dataset().projects
    assert not (projects["amount_sek"] == 0).any()
    assert projects["amount_sek"].isna().sum() == projects["kind"].isin(
        ["initiative", "event"]).sum()


def test_total_budget_is_marked_as_such():
    projects = load_dataset().projects.set_index("project_id")
    assert projects.at["service-i-samverkan", "amount_basis"] == "total project budget"
    grants = projects[projects["funder"] == "Vinnova"]
    assert set(grants["amount_basis"]) == {"funder grant"}


def test_durations_are_derived_inclusive_months():
    projects = load_dataset().projects.set_index("project_id")
    # January 2022 - May 2023 is 17 calendar months, both ends included.
    assert projects.at["samverket-ostersund", "duration_months"] == 17
    assert projects.at["forandra-radikalt-sormland", "duration_months"] == 9
    assert pd.isna(projects.at["mer-ostersund", "duration_months"])


def test_rural_services_project_names_22_partners_in_six_counties_plus_national():
    data = load_dataset()
    partners = data.participations[
        (data.participations["project_id"] == "service-i-samverkan")
        & (data.participations["role"] == "partner or co-financer")]
    assert len(partners) == 22
    orgs = data.organisations.set_index("org_id").loc[partners["org_id"]]
    assert orgs["county_code"].nunique() == 6
    assert (orgs["scope"] == "national").sum() == 1


def test_renamed_bodies_have_canonical_names_and_former_names():
    data = load_dataset()
    aliases = data.aliases.merge(data.organisations[["org_id", "name"]], on="org_id")
    former = dict(zip(aliases["alias"], aliases["name"]))
    assert former["Sveriges Kommuner och Landsting"] == "Sveriges Kommuner och Regioner"
    assert former["Landstinget Sörmland"] == "Region Sörmland"


def test_every_regional_or_local_organisation_has_a_county_and_national_ones_none():
    orgs = load_dataset().organisations
    national = orgs["scope"] == "national"
    assert orgs.loc[~national, "county_name"].notna().all()
    assert orgs.loc[national, "county_code"].isna().all()


def test_each_project_has_exactly_one_coordinator_and_names_it():
    data = load_dataset()
    coordinators = data.participations[data.participations["role"] == "coordinator"]
    assert coordinators.groupby("project_id").size().eq(1).all()
    assert set(coordinators["project_id"]) == set(data.projects["project_id"])
    names = coordinators.merge(data.organisations, on="org_id").set_index("project_id")["name"]
    # The derived coordinator field is that organisation's name, project by project.
    assert (data.projects.set_index("project_id")["coordinator"] == names).all()


def test_no_personal_contact_data_in_data_files():
    import re
    from analysis.paths import DATA_DIR
    text = "\n".join(p.read_text(encoding="utf-8") for p in DATA_DIR.glob("*.csv"))
    assert "@" not in text
    assert not re.search(r"(?<![\d.])0\d{1,3}-\d", text)  # not times such as 13.00-15.00
    # Names of private persons from the sources must not appear either.
    for person in ("Sigrid", "Larsson", "Noaksson", "Lanner", "Daving", "Palm", "Landry"):
        assert person not in text


def test_validated_handover_is_used_only_for_identical_data(data_copy, tmp_path, monkeypatch):
    from analysis.handover import VALIDATED_DATA_ENV, save_validated
    data = load_dataset(data_copy)
    monkeypatch.setenv(VALIDATED_DATA_ENV, str(save_validated(data, tmp_path)))
    import analysis.dataset as dataset_module

    def no_validation(*args, **kwargs):
        raise AssertionError("validated again although the handover matched")
    with monkeypatch.context() as patched:
        patched.setattr(dataset_module, "validate_table", no_validation)
        handed_over = load_dataset(data_copy)  # read from the handover file, not validated
    assert handed_over.data_version == data.data_version
    assert handed_over.projects.equals(data.projects)
    projects = data_copy / "projects.csv"
    projects.write_text(projects.read_text("utf-8").replace(",410000,", ",-410000,"), "utf-8")
    import pytest
    from analysis import DataValidationError
    with pytest.raises(DataValidationError):  # changed data is validated again
        load_dataset(data_copy)


def test_a_one_day_workshop_is_an_event_with_a_date_and_no_duration():
    projects = load_dataset().projects.set_index("project_id")
    workshop = projects.loc["kreativa-byrakrater"]
    assert workshop["kind"] == "event"
    assert (workshop["start_month"], workshop["end_month"]) == ("2015-10", "2015-10")
    assert pd.isna(workshop["duration_months"])
