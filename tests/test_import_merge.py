"""Re-imports keep a curator's corrections; what cannot be imported is refused before writing.

Real files in a copy of data/: a curator places an imported organisation and adds an English
title to an imported project, then imports the same export and a newer one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.dataset import load_dataset
from analysis.importers import ExportError, import_vinnova, read_page
from analysis.provenance import check_exports
from vinnova_export import ten_records, write_export

from test_import import folder_digest


def edit(data_dir: Path, file: str, key: str, value: str, changes: dict) -> None:
    """A curator's edit, as a spreadsheet saves it (the whole file rewritten)."""
    frame = pd.read_csv(data_dir / file, dtype=str, keep_default_na=False)
    for column, new in changes.items():
        frame.loc[frame[key] == value, column] = new
    frame.to_csv(data_dir / file, index=False, lineterminator="\n")


def row(data_dir: Path, file: str, key: str, value: str) -> dict:
    frame = pd.read_csv(data_dir / file, dtype=str, keep_default_na=False)
    return frame[frame[key] == value].iloc[0].to_dict()


PLACED = {"type": "association", "scope": "regional", "county_code": "23",
          "note": "A village association in Jämtland (its website)."}
ENGLISH = "Digital supervision in the mountains"


@pytest.fixture
def curated(data_copy, tmp_path):
    """Ten records imported, then corrected by a curator."""
    export = write_export(tmp_path / "export.json", ten_records())
    import_vinnova(export, data_copy, retrieved="2026-11-30")
    assert row(data_copy, "organisations.csv", "name", "Föreningen Framtidsbygd")["scope"] \
        == "unknown"
    edit(data_copy, "organisations.csv", "name", "Föreningen Framtidsbygd", PLACED)
    edit(data_copy, "projects.csv", "project_id", "vinnova-2021-01003", {"title_en": ENGLISH})
    load_dataset(data_copy)  # the curator's data is valid
    return data_copy, export


def test_the_same_export_again_changes_nothing_a_curator_wrote(curated):
    data_dir, export = curated
    before = folder_digest(data_dir)
    summary = import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert folder_digest(data_dir) == before  # byte for byte: the edits stay
    # The importer already classes the association by its name (importers/kinds.py): the
    # curator's type is the import's, so only the placing is the curator's own.
    assert summary.merged.kept == {"organisations.county_code": 1, "organisations.note": 1,
                                   "organisations.scope": 1, "projects.title_en": 1}
    assert summary.merged.conflicts == []


def test_a_newer_export_keeps_the_edits_takes_its_changes_and_records_a_clash(curated,
                                                                              tmp_path):
    data_dir, _ = curated
    newer = ten_records()
    newer[4]["ÄrenderubrikEngelska"] = "Digital inspection in the fells"  # 2021-01003
    newer[5]["BeviljatBidrag"] = 2_900_000  # 2021-01004: the curator did not touch it
    newer[8]["ÄrenderubrikEngelska"] = "Village meeting place"  # 2021-01007, Framtidsbygd
    summary = import_vinnova(write_export(tmp_path / "newer.json", newer), data_dir,
                             retrieved="2026-12-15")
    organisation = row(data_dir, "organisations.csv", "name", "Föreningen Framtidsbygd")
    assert {k: organisation[k] for k in PLACED} == PLACED
    project = row(data_dir, "projects.csv", "project_id", "vinnova-2021-01003")
    assert project["title_en"] == ENGLISH
    assert row(data_dir, "projects.csv", "project_id", "vinnova-2021-01004")["amount_sek"] \
        == "2900000"
    assert row(data_dir, "projects.csv", "project_id", "vinnova-2021-01007")["title_en"] \
        == "Village meeting place"  # no curator's value there: the export's stands
    data = load_dataset(data_dir)
    clash = data.conflicts.set_index(["project_id", "field"]).loc[
        ("vinnova-2021-01003", "title_en")]
    assert (clash["curated_value"], clash["imported_value"]) == \
        (ENGLISH, "Digital inspection in the fells")
    assert (clash["imported_record"], clash["imported_field"], clash["matched_by"]) == \
        ("2021-01003", "ÄrenderubrikEngelska", "reference number")
    assert len(summary.merged.conflicts) == 1
    assert check_exports(data) == []  # the clash row shows the export's and the table's value
    # And again with the same newer export: nothing moves, the clash stays recorded.
    before = folder_digest(data_dir)
    import_vinnova(tmp_path / "newer.json", data_dir, retrieved="2026-12-15")
    assert folder_digest(data_dir) == before


def test_edits_survive_a_sequence_of_reimports(curated, tmp_path):
    data_dir, export = curated
    shorter = write_export(tmp_path / "shorter.json",
                           [r for r in ten_records() if r["Diarienummer"] != "2021-01008"])
    for each in (shorter, export, shorter, export):
        import_vinnova(each, data_dir, retrieved="2026-12-01")
        assert row(data_dir, "projects.csv", "project_id", "vinnova-2021-01003")["title_en"] \
            == ENGLISH
        organisation = row(data_dir, "organisations.csv", "name", "Föreningen Framtidsbygd")
        assert organisation["county_code"] == "23"
    load_dataset(data_dir)


def test_a_project_the_curator_removed_stays_removed(curated):
    data_dir, export = curated
    for file, column in (("projects.csv", "project_id"), ("participations.csv", "project_id"),
                         ("provenance.csv", "record_id")):
        frame = pd.read_csv(data_dir / file, dtype=str, keep_default_na=False)
        gone = frame[column].str.split("/").str[0] == "vinnova-2021-01008"
        frame[~gone].to_csv(data_dir / file, index=False, lineterminator="\n")
    load_dataset(data_dir)
    summary = import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert "vinnova-2021-01008" not in set(load_dataset(data_dir).projects["project_id"])
    assert summary.merged.removed_stay_removed == 1


def test_a_curated_number_with_a_wholly_different_title_is_a_conflict(data_copy, tmp_path):
    items = ten_records()
    items[0]["Ärenderubrik"] = "Hälsodata i samverkan med regionen"  # Ljusdal's number
    import_vinnova(write_export(tmp_path / "export.json", items), data_copy,
                   retrieved="2026-11-30")
    data = load_dataset(data_copy)
    clash = data.conflicts.set_index(["project_id", "field"]).loc[
        ("ljusdal-rural-service-model", "title")]
    assert clash["imported_value"] == "Hälsodata i samverkan med regionen"
    assert clash["curated_value"] == "Innovativ modell för utveckling av offentlig verksamhet"
    assert clash["matched_by"] == "reference number"
    assert check_exports(data) == []
    # The same title written another way is no conflict.
    import_vinnova(write_export(tmp_path / "export.json", ten_records()), data_copy,
                   retrieved="2026-11-30")
    conflicts = load_dataset(data_copy).conflicts
    assert set(conflicts[conflicts["project_id"] == "ljusdal-rural-service-model"]["field"]) \
        == {"amount_sek"}


def test_a_column_the_tool_does_not_know_is_refused_before_anything_is_written(curated):
    data_dir, export = curated
    frame = pd.read_csv(data_dir / "projects.csv", dtype=str, keep_default_na=False)
    frame["my_notes"] = "checked"
    frame.to_csv(data_dir / "projects.csv", index=False, lineterminator="\n")
    before = folder_digest(data_dir)
    with pytest.raises(ExportError) as error:
        import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert f"{data_dir.name}/projects.csv, column 'my_notes': a column the tool does not " \
        "know" in str(error.value)
    assert folder_digest(data_dir) == before


def run_import(export: Path, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "import", "vinnova", str(export),
                           "--data", str(data_dir)], capture_output=True, text=True)


@pytest.mark.parametrize("breakage", ["bad code", "missing column", "not UTF-8"])
def test_an_invalid_data_folder_gets_the_validators_message(breakage, data_copy, tmp_path):
    path = data_copy / "organisations.csv"
    text = path.read_text(encoding="utf-8")
    if breakage == "bad code":
        path.write_text(text.replace(",2161,21,", ",2199,21,"), encoding="utf-8")
    elif breakage == "missing column":
        path.write_text("\n".join(",".join(line.split(",")[:-1])
                                  for line in text.splitlines()) + "\n", encoding="utf-8")
    else:
        path.write_bytes(text.encode("utf-8") + b"\xff\xfe")
    expected = {"bad code": "value '2199': not in SCB's list of municipality codes",
                "missing column": "missing column note",
                "not UTF-8": "file is not valid UTF-8"}[breakage]
    before = folder_digest(data_copy)
    run = run_import(write_export(tmp_path / "export.json", ten_records()), data_copy)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"the data folder {data_copy}/ is not valid as it is, so nothing was imported" \
        in run.stderr
    assert "The curated data has" in run.stderr and expected in run.stderr
    assert folder_digest(data_copy) == before


FORMULAS = ['=HYPERLINK("http://example.org","x")', "+SUM(A1)", "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)", "\t=1+1", " \r\n+1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_is_refused(text, data_copy, tmp_path):
    items = ten_records()
    items[2]["Ärenderubrik"] = text
    before = folder_digest(data_copy)
    with pytest.raises(ExportError) as error:
        import_vinnova(write_export(tmp_path / "export.json", items), data_copy)
    assert "record 3 (2021-01001), field Ärenderubrik" in str(error.value)
    assert "which a spreadsheet would run as a formula" in str(error.value)
    assert folder_digest(data_copy) == before


def test_a_lone_dash_and_a_formula_inside_text_pass(data_copy, tmp_path):
    items = ten_records()
    items[2]["KoordinatorArb"] = "-"
    items[3]["Ärenderubrik"] = "Samverkan = mer nytta för fler"
    items[4]["Ärenderubrik"] = "Tillsyn\n=på distans"  # one line once imported: no new cell
    import_vinnova(write_export(tmp_path / "export.json", items), data_copy)
    titles = set(load_dataset(data_copy).projects["title"])
    assert {"Samverkan = mer nytta för fler", "Tillsyn =på distans"} <= titles


def test_a_page_draft_with_a_formula_is_refused(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text('=HYPERLINK("http://example.org","klicka")\nKoordinator Ljusdals kommun\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="field title, value '=HYPERLINK"):
        read_page(page).as_csv()
    run = subprocess.run([sys.executable, "-m", "analysis", "import", "page", str(page)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "a spreadsheet would run as a formula" in run.stderr
    assert run.stdout == "" and "Traceback" not in run.stderr


def test_an_import_made_before_the_mapping_was_kept_still_merges(curated):
    """Imports of an earlier version kept only the export: it is mapped again as the base."""
    data_dir, export = curated
    (data_dir / "exports" / "vinnova-projects.mapped.json").unlink()
    import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert row(data_dir, "projects.csv", "project_id", "vinnova-2021-01003")["title_en"] \
        == ENGLISH
    assert row(data_dir, "organisations.csv", "name", "Föreningen Framtidsbygd")["type"] \
        == "association"
