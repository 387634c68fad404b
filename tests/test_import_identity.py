"""One organisation per SCB code and per name, and the kind a name shows: real imports of small
made-up exports (tests/vinnova_export.py), and the rules of analysis/importers/kinds.py on a
table of real-looking names."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dataset import load_dataset
from analysis.fields import ORGANISATION_TYPES
from analysis.importers import import_vinnova
from analysis.importers.kinds import kind_of, known_names
from analysis.importers.names import clean_text, normalise_name
from analysis.provenance import check_exports
from vinnova_export import record, write_export


def coordinators(data) -> pd.Series:
    """Each imported project's coordinator, by reference number: the organisation's row."""
    roles = data.participations[data.participations["role"] == "coordinator"]
    by_project = dict(zip(roles["project_id"], roles["org_id"]))
    projects = data.projects.dropna(subset=["reference_number"])
    return pd.Series({number: by_project[pid] for number, pid in
                      zip(projects["reference_number"], projects["project_id"])}).sort_index()


FORMS = [  # (reference, as the export writes the coordinator)
    ("2022-00001", "Umeå kommun"), ("2022-00002", "Umeå Kommun"), ("2022-00003", "UMEÅ KOMMUN"),
    ("2022-00004", "Stockholms stad"), ("2022-00005", "STOCKHOLMS STAD"),
    ("2022-00006", "Stockholms kommun"), ("2022-00007", "Göteborgs Stad"),
    ("2022-00008", "Göteborgs kommun"), ("2022-00009", "Region Skåne"),
    ("2022-00010", "REGION SKÅNE"), ("2022-00011", "Skåne läns landsting"),
    ("2022-00012", "Länsstyrelsen i Skåne län"), ("2022-00013", "Länsstyrelsen Skåne"),
    ("2022-00014", "LÄNSSTYRELSEN I SKÅNE LÄN"),
    # Curated organisations, in forms the curated table does not hold.
    ("2022-00015", "Östersunds Stad"), ("2022-00016", "ÖSTERSUNDS KOMMUN"),
    ("2022-00017", "Västerbottens läns landsting"), ("2022-00018", "Region Västerbotten"),
    ("2022-00019", "Länsstyrelsen Dalarna"),
]


@pytest.fixture
def forms_imported(data_copy, tmp_path):
    export = write_export(tmp_path / "forms.json", [
        record(reference, f"Projekt {reference}", written) for reference, written in FORMS])
    import_vinnova(export, data_copy, retrieved="2026-12-01")
    return data_copy, export


def test_one_organisation_per_scb_code_whatever_form_the_export_writes(forms_imported):
    data_dir, export = forms_imported
    data = load_dataset(data_dir)
    by_reference = coordinators(data)
    organisations = data.organisations.set_index("org_id")

    def one(first: str, last: str) -> str:
        found = set(by_reference.loc[first:last])
        assert len(found) == 1, found
        return found.pop()

    umea, stockholm, goteborg = one("2022-00001", "2022-00003"), \
        one("2022-00004", "2022-00006"), one("2022-00007", "2022-00008")
    region, board = one("2022-00009", "2022-00011"), one("2022-00012", "2022-00014")
    assert organisations.loc[umea, ["name", "municipality_code"]].tolist() == \
        ["Umeå kommun", "2480"]
    # The form the export writes most often names it; on a tie, "kommun".
    assert organisations.loc[stockholm, ["name", "municipality_code"]].tolist() == \
        ["Stockholms stad", "0180"]
    assert organisations.loc[goteborg, ["name", "municipality_code"]].tolist() == \
        ["Göteborgs kommun", "1480"]
    assert organisations.loc[region, ["name", "type", "county_code"]].tolist() == \
        ["Region Skåne", "region", "12"]
    assert organisations.loc[board, ["name", "type", "county_code"]].tolist() == \
        ["Länsstyrelsen i Skåne län", "county administrative board", "12"]
    # Curated organisations are found by their code, whatever the form.
    assert one("2022-00015", "2022-00016") == "ostersunds-kommun"
    assert one("2022-00017", "2022-00018") == "region-vasterbotten"
    assert one("2022-00019", "2022-00019") == "lansstyrelsen-dalarna"
    # No two organisations share a municipality code, or a region's or board's county.
    municipalities = data.organisations[data.organisations["type"] == "municipality"]
    assert municipalities["municipality_code"].is_unique
    for kind in ("region", "county administrative board"):
        assert data.organisations.loc[data.organisations["type"] == kind,
                                      "county_code"].is_unique, kind
    # The build's provenance check agrees that each record names its organisation.
    assert check_exports(data) == []


def test_a_reimport_keeps_the_same_organisations(forms_imported):
    data_dir, export = forms_imported
    before = (data_dir / "organisations.csv").read_bytes()
    import_vinnova(export, data_dir, retrieved="2026-12-01")
    assert (data_dir / "organisations.csv").read_bytes() == before


INVISIBLE_FORMS = ["\ufeffUmeå kommun", "Umeå\u200b kommun", "Ume\u00adå kommun",
                   "Umea\u030a kommun", "Umeå\u00a0\u00a0kommun", "Umeå\u2060 kommun"]


def test_invisible_characters_and_unicode_forms_make_no_look_alike(data_copy, tmp_path):
    written = INVISIBLE_FORMS + ["Föreningen Framtidsbygd", "Föreningen\u200b Framtids\u00adbygd",
                                 "\ufeffFöreningen  Framtidsbygd", "Fo\u0308reningen Framtidsbygd"]
    items = [record(f"2022-{n:05d}", f"Projekt\u00ad {n}\u200b", name)
             for n, name in enumerate(written, start=1)]
    import_vinnova(write_export(tmp_path / "export.json", items), data_copy,
                   retrieved="2026-12-01")
    data = load_dataset(data_copy)
    by_reference = coordinators(data).loc[[f"2022-{n:05d}" for n in range(1, 11)]]
    assert set(by_reference.iloc[:6]) == {"umea-kommun"}
    association = set(by_reference.iloc[6:])
    assert len(association) == 1
    row = data.organisations.set_index("org_id").loc[association.pop()]
    assert (row["name"], row["type"]) == ("Föreningen Framtidsbygd", "association")
    # Names and titles are stored without the invisible characters, in NFC.
    stored = "".join(data.organisations["name"]) + "".join(data.projects["title"])
    assert not set(stored) & set("\ufeff\u200b\u00ad\u2060\u030a")
    assert "Projekt 3" in set(data.projects["title"])
    assert check_exports(data) == []


def test_names_are_cleaned_and_compared_as_a_reader_would():
    assert clean_text(" \ufeffRegion\u00a0 Skåne\u200b\n") == "Region Skåne"
    assert clean_text("Ume\u00ada\u030a kommun") == "Umeå kommun"  # hyphen gone, then NFC
    assert normalise_name("UMEÅ\u00adKOMMUN") == normalise_name("umeåkommun")
    assert normalise_name("Umeå kommun") != normalise_name("Umeå kommunförbund")


KINDS = [  # (name as written, kind it shows or None)
    # Companies: "AB" and the other forms only as words of their own.
    ("Innovationsbyrån Nord AB", "company"), ("AB Volvo", "company"),
    ("Telefonaktiebolaget LM Ericsson (publ)", "company"), ("Nokia Oy", "company"),
    ("Ericsson AB (publ)", "company"), ("Sweco Sverige Aktiebolag", "company"),
    ("Högskoleservice i Norr AB", "company"), ("Högskolan Väst Holding AB", "company"),
    ("ABB", None), ("Labb i Norr", None), ("Abisko naturum", None), ("Sabbatsberg", None),
    # Universities and university colleges; not folk high schools, not hospitals.
    ("Linköpings universitet", "university or college"), ("Mittuniversitetet",
                                                           "university or college"),
    ("Högskolan i Borås", "university or college"),
    ("Kungliga Tekniska högskolan", "university or college"),
    ("Handelshögskolan i Stockholm", "university or college"),
    ("Lund University", "university or college"),
    ("Karolinska Institutet", "university or college"),
    ("Chalmers tekniska högskola AB", "university or college"),
    ("Folkhögskolan i Edsbyn", None), ("Yrkeshögskolan Nord", None),
    ("Universitetssjukhuset i Linköping", None),
    # Research institutes, an AB or not.
    ("RISE Research Institutes of Sweden AB", "research institute"),
    ("RISE Viktoria", "research institute"), ("IVL Svenska Miljöinstitutet AB",
                                              "research institute"),
    ("SP Sveriges Tekniska Forskningsinstitut AB", "research institute"),
    ("Rise Up Ventures AB", "company"),
    # State agencies: the list, and three rules; "-verket" alone is not enough.
    ("Tillväxtverket", "state agency"), ("Försäkringskassan", "state agency"),
    ("Vinnova", "state agency"), ("VINNOVA", "state agency"),
    ("Energimyndigheten", "state agency"), ("Myndigheten för digital förvaltning",
                                            "state agency"),
    ("Statens servicecenter", "state agency"), ("Totalförsvarets forskningsinstitut",
                                                "state agency"),
    ("Samverket", None), ("Kulturverket", None), ("Miljömyndigheten i Norr", None),
    # Bodies of local authorities before associations.
    ("Göteborgsregionens kommunalförbund", "association of local authorities"),
    ("Kommunförbundet Skåne", "association of local authorities"),
    ("Regionförbundet Sörmland", "association of local authorities"),
    ("Sveriges Kommuner och Regioner", "association of local authorities"),
    ("Samordningsförbundet Västra Mälardalen", "other public body"),
    # Associations: ideella and ekonomiska föreningar, federations, societies.
    ("Föreningen Framtidsbygd", "association"), ("Hyresgästföreningen", "association"),
    ("Coompanion Norr ek. för.", "association"), ("Svenska Fotbollförbundet", "association"),
    ("Hushållningssällskapet Halland", "association"),
    ("Riksorganisationen Hela Sverige ska leva", "association"),
    ("Föreningssparbanken AB", "company"), ("Lek för livet", None), ("Bygdegården ek.för.", "association"),
    # A foundation, a science park, a network: no kind shown.
    ("Stiftelsen Innovation Norr", None), ("Umeå Science Park", None),
    ("Mötesplats Social Innovation", None), ("Fryshuset", None),
]


@pytest.mark.parametrize("name,kind", KINDS)
def test_the_kind_a_name_shows(name, kind):
    found = kind_of(name)
    assert (found.kind if found else None) == kind
    if found:
        assert found.kind in ORGANISATION_TYPES and found.because


def test_every_listed_name_has_a_kind_of_the_table():
    assert set(known_names().values()) <= set(ORGANISATION_TYPES)
    assert len(known_names()) > 50


def test_an_import_stores_the_kind_and_why(data_copy, tmp_path):
    names = ["Innovationsbyrån Nord AB", "Linköpings universitet", "RISE Viktoria",
             "Energimyndigheten", "Föreningen Framtidsbygd", "Stiftelsen Innovation Norr",
             "Kommunförbundet Skåne", "Mittuniversitetet"]
    items = [record(f"2022-{n:05d}", f"Projekt {n}", name) for n, name in enumerate(names, 1)]
    summary = import_vinnova(write_export(tmp_path / "export.json", items), data_copy,
                             retrieved="2026-12-01")
    data = load_dataset(data_copy)
    organisations = data.organisations.set_index("name")
    assert organisations.loc[names[:7], "type"].tolist() == [
        "company", "university or college", "research institute", "state agency",
        "association", "not classified", "association of local authorities"]
    # Classified by name is not placed: no county is guessed.
    assert organisations.loc[names[:7], "scope"].eq("unknown").all()
    assert organisations.loc[names[:7], "county_code"].isna().all()
    assert "a company by its name (the company form 'AB')" in \
        organisations.loc["Innovationsbyrån Nord AB", "note"]
    assert "its name shows no kind" in organisations.loc["Stiftelsen Innovation Norr", "note"]
    # A curated organisation keeps its curated kind and place.
    assert organisations.loc["Mittuniversitetet", ["type", "county_code"]].tolist() == \
        ["university or college", "22"]
    assert summary.organisations_curated == 1
