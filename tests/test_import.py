"""python -m analysis import vinnova / page: Vinnova's open data and saved project pages."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from analysis.dataset import load_dataset
from analysis.importers import ExportError, import_vinnova, read_page
from analysis.importers.organisations import OrganisationResolver
from analysis.paths import SEEDS_DIR
from analysis.prose import report_text
from analysis.provenance import check_exports
from vinnova_export import FORMULA_TITLE, record, ten_records, write_export


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def imported(data_copy, tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    summary = import_vinnova(export, data_copy, retrieved="2026-11-30")
    return data_copy, summary, export


def test_ten_records_give_the_right_counts_and_no_duplicate(imported):
    data_dir, summary, _ = imported
    data = load_dataset(data_dir)
    assert (summary.records, summary.added) == (10, 8)
    assert (summary.matched_by_number, summary.matched_by_title) == (1, 1)
    assert len(data.projects) == 6 + 8
    assert data.projects["reference_number"].dropna().is_unique
    assert data.projects["title"].str.contains("Samverket").sum() == 1  # matched, not added
    assert (data.sources.set_index("source_id").loc["vinnova-open-data", ["licence",
            "retrieved"]].tolist() == ["CC0", "2026-11-30"])
    assert (data_dir / "exports" / "vinnova-projects.json").is_file()
    assert check_exports(data) == []


def test_disagreements_keep_both_values_with_their_sources(imported):
    data = load_dataset(imported[0])
    conflicts = data.conflicts.set_index(["project_id", "field"])
    amount = conflicts.loc[("ljusdal-rural-service-model", "amount_sek")]
    assert (amount["curated_value"], amount["imported_value"]) == ("2115934", "2215934")
    assert (amount["imported_record"], amount["imported_field"]) == ("2016-03001",
                                                                     "BeviljatBidrag")
    # The curated value stays what the report uses.
    ljusdal = data.projects.set_index("project_id").loc["ljusdal-rural-service-model"]
    assert ljusdal["amount_sek"] == 2115934
    number = conflicts.loc[("samverket-ostersund", "reference_number")]
    assert pd.isna(number["curated_value"]) and number["imported_value"] == "2021-04567"
    assert number["matched_by"] == "coordinator and title"
    table = tables.conflicts_table(data, "en")._repr_markdown_()
    assert "2\u00a0115\u00a0934\u00a0kr" in table.replace("\u202f", "\u00a0") \
        and "2\u00a0215\u00a0934\u00a0kr" in table.replace("\u202f", "\u00a0")


def test_organisations_are_resolved_or_listed_as_not_placed(imported):
    data = load_dataset(imported[0])
    organisations = data.organisations.set_index("name")
    assert organisations.loc["Stockholms stad", "municipality_code"] == "0180"
    assert organisations.loc["Länsstyrelsen i Jämtlands län", "county_code"] == "23"
    assert organisations.loc["Västerås stad", "county_code"] == "19"
    # Capitals and former names find the curated organisation; nothing is added twice.
    assert data.organisations["name"].str.casefold().is_unique
    coordinators = data.participations[data.participations["role"] == "coordinator"]
    by_project = dict(zip(coordinators["project_id"], coordinators["org_id"]))
    assert by_project["vinnova-2021-01002"] == "oxelosunds-kommun"
    assert by_project["vinnova-2021-01005"] == "region-jamtland-harjedalen"
    unplaced = data.organisations[data.organisations["scope"] == "unknown"]
    assert sorted(unplaced["name"]) == ["Föreningen Framtidsbygd", "Innovationsbyrån Nord AB"]
    assert unplaced["county_code"].isna().all()
    listed = tables.not_placed_table(data, "en")._repr_markdown_()
    assert "Föreningen Framtidsbygd" in listed and "Innovationsbyrån Nord AB" in listed


def test_report_text_adapts_to_the_import(imported):
    data = load_dataset(imported[0])
    text = {k: v.markdown for k, v in vars(report_text(data, {}, "en")).items()}
    assert "14 projects" not in text["summary_intro"]  # counted by kind, from the data
    assert "imported from one export of Vinnova's open data" in text["summary_intro"]
    assert "8 projects come from Vinnova's open data" in text["data_imports"]
    assert "2 values where such records differ" in text["data_imports"]
    assert "2 are still open" in text["data_imports"]
    assert "2 organisations could not be placed" in text["regions_not_placed"]
    sv = {k: v.markdown for k, v in vars(report_text(data, {}, "sv")).items()}
    assert "2 organisationer kunde inte placeras" in sv["regions_not_placed"]


def test_formula_and_html_in_a_title_stay_text(imported):
    data = load_dataset(imported[0])
    assert FORMULA_TITLE in set(data.projects["title"])
    html = tables.not_placed_table(data, "en")._repr_html_()
    assert "<b>Testprojekt</b>" not in html and "&lt;b&gt;Testprojekt" in html


def test_reimport_replaces_and_keeps_a_curators_resolution(imported, tmp_path):
    data_dir, _, export = imported
    conflicts = pd.read_csv(data_dir / "conflicts.csv", dtype=str, keep_default_na=False)
    conflicts.loc[conflicts["field"] == "amount_sek", ["resolution", "note"]] = \
        ["curated value kept", "The page states 2 115 934 kronor."]
    conflicts.to_csv(data_dir / "conflicts.csv", index=False, lineterminator="\n")
    before = folder_digest(data_dir)
    import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert folder_digest(data_dir) == before  # the same export again changes nothing
    newer = ten_records()[:5]
    import_vinnova(write_export(tmp_path / "newer.json", newer), data_dir,
                   retrieved="2026-12-01")
    data = load_dataset(data_dir)
    assert len(data.projects) == 6 + 3
    assert "Föreningen Framtidsbygd" not in set(data.organisations["name"])
    kept = data.conflicts.set_index("field").loc["amount_sek"]
    assert kept["resolution"] == "curated value kept"


def test_an_edited_imported_fact_is_caught(imported):
    data_dir = imported[0]
    path = data_dir / "projects.csv"
    path.write_text(path.read_text().replace(",300000,funder grant", ",310000,funder grant"))
    mismatches = check_exports(load_dataset(data_dir))
    assert [(m.record_id, m.field, m.source_field) for m in mismatches] == \
        [("vinnova-2021-01001", "amount_sek", "BeviljatBidrag")]


def test_long_texts_are_kept_in_the_export_not_copied(imported):
    data_dir = imported[0]
    assert "x" * 40_000 in (data_dir / "exports" / "vinnova-projects.json").read_text()
    assert "x" * 1000 not in (data_dir / "projects.csv").read_text()


BAD_EXPORTS = {
    "not JSON": (b"[{", "is not JSON"),
    "not a list": (json.dumps({"Diarienummer": "2021-01001"}).encode(), "not a list"),
    "no Diarienummer": ([record("", "Titel", "Ljusdals kommun")],
                        "record 1, field Diarienummer: missing"),
    "same Diarienummer twice": ([record("2021-01001", "A", "Ljusdals kommun"),
                                 record("2021-01001", "B", "Ljusdals kommun")],
                                "record 2 (2021-01001), field Diarienummer, value '2021-01001': "
                                "the same reference number as record 1"),
    "amount as text": ([record("2021-01001", "A", "Ljusdals kommun", grant="100 000")],
                       "field BeviljatBidrag, value '100 000': is not a number"),
    "negative amount": ([record("2021-01001", "A", "Ljusdals kommun", grant=-5)],
                        "field BeviljatBidrag, value -5: is not greater than zero"),
    "not a date": ([record("2021-01001", "A", "Ljusdals kommun", start="våren 2021")],
                   "field ProjektStart, value 'våren 2021': is not a date"),
    "end before start": ([record("2021-01001", "A", "Ljusdals kommun",
                                 start="2022-01-01T00:00:00", end="2021-06-30T00:00:00")],
                         "field ProjektSlut, value '2021-06-30T00:00:00': ends before it starts"),
    # Once a traceback (beyond 64 bits) or a negative total (two near the limit).
    "amount beyond any grant": ([record("2021-01001", "A", "Ljusdals kommun", grant=2**70)],
                                "field BeviljatBidrag, value 1180591620717411303424: is larger "
                                "than any grant (1 000 000 000 000 kronor at most)"),
    # Once a RecursionError.
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "is JSON nested deeper"),
    # Once the text 'True' or 'nan' as a title.
    "title as a boolean": ([{**record("2021-01001", "A", "Ljusdals kommun"), "Ärenderubrik": True}],
                           "field Ärenderubrik, value True: is not text"),
    "title as a number": ([{**record("2021-01001", "A", "Ljusdals kommun"), "Ärenderubrik": 12.5}],
                          "field Ärenderubrik, value 12.5: is not text"),
}


@pytest.mark.parametrize("case", list(BAD_EXPORTS))
def test_bad_exports_are_refused_and_data_is_untouched(case, data_copy, tmp_path):
    content, expected = BAD_EXPORTS[case]
    export = tmp_path / "bad.json"
    if isinstance(content, bytes):
        export.write_bytes(content)
    else:
        write_export(export, content)
    before = folder_digest(data_copy)
    with pytest.raises(ExportError) as error:
        import_vinnova(export, data_copy)
    message = str(error.value)
    assert message.startswith(f"{export} cannot be imported") and expected in message
    assert folder_digest(data_copy) == before
    assert not list(data_copy.glob(".import-*"))


def test_the_command_line_says_what_it_did(data_copy, tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    run = subprocess.run([sys.executable, "-m", "analysis", "import", "vinnova", str(export),
                          "--data", str(data_copy), "--retrieved", "2026-11-30",
                          "--coordinator-kind", "all"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "8 added as projects" in run.stdout and "not placed: " in run.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    run = subprocess.run([sys.executable, "-m", "analysis", "import", "vinnova", str(bad),
                          "--data", str(data_copy)], capture_output=True, text=True)
    assert run.returncode == 1 and "not a list" in run.stderr and "Traceback" not in run.stderr


def test_resolver_uses_scb_lists_and_never_guesses():
    data = load_dataset()
    resolver = OrganisationResolver(data.organisations, data.aliases)
    assert resolver.resolve("Stockholms stad").municipality_code == "0180"
    assert resolver.resolve("OXELÖSUNDS KOMMUN").org_id == "oxelosunds-kommun"
    assert resolver.resolve("Länsstyrelsen i Jämtlands län").county_code == "23"
    assert resolver.resolve("Landstinget Sörmland").org_id == "region-sormland"
    assert resolver.resolve("Region Kalmar län").county_code == "08"
    # A name ending in a vowel takes no genitive s: "Uppsala kommun", not "Uppsalas kommun".
    assert resolver.resolve("UPPSALA KOMMUN").name == "Uppsala kommun"
    guess = resolver.resolve("Ljusdal Energi AB")  # a town's name inside is not a seat
    assert not guess.placed and guess.county_code is None


SEED_PAGES = {"doc000": "samverket-ostersund", "doc001": "ljusdal-rural-service-model",
              "doc002": "forandra-radikalt-sormland"}


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"source documents not at {SEEDS_DIR}")
@pytest.mark.parametrize("source_id", list(SEED_PAGES))
def test_page_reader_reproduces_the_curated_seed_projects(source_id):
    data = load_dataset()
    file = data.sources.set_index("source_id").at[source_id, "file"]
    draft = read_page(SEEDS_DIR / file)
    project_id = SEED_PAGES[source_id]
    curated = data.projects.set_index("project_id").loc[project_id]
    template_fields = ("title", "reference_number", "funder", "programme", "call",
                       "amount_sek", "amount_basis", "start_month", "end_month", "status")
    for name in template_fields:
        expected = "" if pd.isna(curated[name]) else str(curated[name])
        assert draft.project.get(name, "") == expected, name
    coordinator = data.participations[(data.participations["project_id"] == project_id)
                                      & (data.participations["role"] == "coordinator")].iloc[0]
    assert draft.participation["org_id"] == coordinator["org_id"]
    assert draft.participation.get("unit", "") == ("" if pd.isna(coordinator["unit"])
                                                   else coordinator["unit"])
    cited = data.provenance[(data.provenance["table"] == "projects")
                            & (data.provenance["record_id"] == project_id)
                            & data.provenance["field"].isin(template_fields)]
    assert {(r.field, int(r.lines)) for r in cited.itertuples()} == \
        {(name, line) for (table, name), line in draft.lines.items() if table == "projects"}


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"source documents not at {SEEDS_DIR}")
def test_a_page_saved_with_a_byte_order_mark_reads_the_same(tmp_path):
    """A byte-order mark once made the site's notice the page's title."""
    data = load_dataset()
    file = data.sources.set_index("source_id").at[list(SEED_PAGES)[0], "file"]
    saved = tmp_path / file
    saved.write_bytes(b"\xef\xbb\xbf" + (SEEDS_DIR / file).read_bytes())
    assert read_page(saved).project == read_page(SEEDS_DIR / file).project
    assert read_page(saved).lines == read_page(SEEDS_DIR / file).lines


def test_page_reader_refuses_free_text(tmp_path):
    page = tmp_path / "blog.txt"
    page.write_text("Ett blogginlägg\n\nOm en workshop i Östersund.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no Vinnova project page template"):
        read_page(page)


def test_a_record_that_would_make_data_invalid_is_refused_by_name(data_copy, tmp_path):
    items = ten_records()
    items[2]["KoordinatorArb"] = "Kontakt: anna.andersson@stockholm.se"  # personal data
    export = write_export(tmp_path / "export.json", items)
    before = folder_digest(data_copy)
    run = subprocess.run([sys.executable, "-m", "analysis", "import", "vinnova", str(export),
                          "--data", str(data_copy)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "unchanged" in run.stderr and "participations.csv" in run.stderr
    assert str(data_copy) in run.stderr and "personal contact data" in run.stderr
    assert folder_digest(data_copy) == before


def test_appendix_lists_document_facts_and_the_import_mapping(imported, tmp_path):
    import openpyxl

    from analysis.appendix import write_appendix
    data = load_dataset(imported[0])
    path = write_appendix(data, tmp_path / "appendix.xlsx", {}, "en")
    workbook = openpyxl.load_workbook(path)
    provenance = list(workbook["Provenance"].values)
    header = provenance[0]
    rows = [dict(zip(header, row)) for row in provenance[1:]]
    documents = [r for r in rows if r["Lines"]]
    mapping = [r for r in rows if not r["Lines"]]
    assert len(documents) == int((data.provenance["lines"].notna()).sum())
    amount = next(r for r in mapping if r["Field"] == "amount_sek")
    assert amount["Source field"] == "BeviljatBidrag"
    assert amount["Record id"] == "each of 7 imported records"  # one has no amount stated
    projects = [dict(zip(list(workbook["Projects"].values)[0], r))
                for r in list(workbook["Projects"].values)[1:]]
    stockholm = next(p for p in projects if p["Project id"] == "vinnova-2021-01001")
    assert stockholm["Facts (Provenance)"] == "12 facts"  # 10 about the project, 2 its role
    assert workbook["Projects"].cell(projects.index(stockholm) + 2, 23).hyperlink.location \
        .startswith("'Provenance'!A")
    conflicts = list(workbook["Conflicts"].values)
    assert len(conflicts) == 3 and "2215934" in {str(v) for v in conflicts[1]}
    placed = [r[1] for r in list(workbook["Not placed"].values)[1:]]
    assert sorted(placed) == ["Föreningen Framtidsbygd", "Innovationsbyrån Nord AB"]
    titles = [p["Title"] for p in projects]
    assert FORMULA_TITLE in titles or "'" + FORMULA_TITLE in titles  # text, never a formula
    assert workbook["Projects"].cell(titles.index(
        next(t for t in titles if "HYPERLINK" in t)) + 2, 3).data_type == "s"


def test_a_build_on_the_imported_data_reports_both_values_and_the_unplaced(imported, tmp_path):
    """The whole build (notebooks of both editions, no Quarto) on the ten imported records."""
    import nbformat

    from analysis.build.command import run_build
    data_dir = imported[0]
    output = tmp_path / "_output"
    assert run_build(data_dir, output, quarto=False, figures_dir=tmp_path / "fig") == 0

    def outputs(language: str, notebook: str, label: str) -> str:
        book = nbformat.read(output / "notebooks" / language / notebook, as_version=4)
        cell = next(c for c in book.cells if f"#| label: {label}" in c.source)
        return "".join(o["data"].get("text/markdown", "") for o in cell.outputs if "data" in o)

    for language in ("en", "sv"):
        conflicts = outputs(language, "overview.ipynb", "tbl-conflicts").replace("\u202f", " ")
        assert "2 115 934" in conflicts and "2 215 934" in conflicts, language
        assert "2021\\-04567" in conflicts, language
        unplaced = outputs(language, "coverage.ipynb", "tbl-not-placed")
        assert "Föreningen Framtidsbygd" in unplaced and "Innovationsbyrån Nord AB" in unplaced
    grants = outputs("en", "grants.ipynb", "tbl-grants")
    assert grants.count("Östersunds kommun utilizes Samverket") == 1  # matched, not added
