"""The import's scope: `python -m analysis import vinnova` keeps the portfolio chosen by kind of
coordinator, programme, call and start period (by default projects coordinated by public
bodies), counts what it left out and why in its summary and in data/import_scope.csv, and the
report's data section states the same counts. Real imports of small made-up exports."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.dataset import DataValidationError, load_dataset
from analysis.fields import PUBLIC_BODY_TYPES
from analysis.importers import import_vinnova
from analysis.importers.scope import REPORT_SCOPE, Scope
from analysis.metrics.scope import import_scopes
from analysis.prose import report_text
from analysis.provenance import check_exports
from vinnova_export import record, ten_records, write_export


def digest(folder: Path) -> str:
    hashed = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hashed.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return hashed.hexdigest()


def scope_table(data_dir: Path) -> dict[str, tuple[str, int]]:
    table = pd.read_csv(data_dir / "import_scope.csv", dtype=str, keep_default_na=False)
    return {row.criterion: (row.value, int(row.records)) for row in table.itertuples()}


def imported_numbers(data_dir: Path) -> set[str]:
    projects = load_dataset(data_dir).projects
    return set(projects.loc[projects["source_id"] == "vinnova-open-data", "reference_number"])


def test_the_command_keeps_public_bodies_by_default_and_says_what_it_left_out(
        data_copy, tmp_path, capsys):
    export = write_export(tmp_path / "export.json", ten_records())
    assert main(["import", "vinnova", str(export), "--data", str(data_copy),
                 "--retrieved", "2026-12-01"]) == 0
    printed = capsys.readouterr().out
    assert "8 of 10 records in scope, 2 left out: 2 by coordinator kind" in printed
    assert "left out by coordinator kind: 1 company, 1 association" in printed
    # The company's and the association's projects are not imported; the public bodies' are.
    numbers = imported_numbers(data_copy)
    assert {"2021-01006", "2021-01007"}.isdisjoint(numbers)
    assert {"2021-01001", "2021-01002", "2021-01003", "2021-01008"} <= numbers
    assert scope_table(data_copy) == {
        "records in the export": ("", 10),
        "coordinator kind": ("; ".join(PUBLIC_BODY_TYPES), 2),
        "programme": ("all", 0), "call": ("all", 0),
        "started from": ("all", 0), "started to": ("all", 0)}
    data = load_dataset(data_copy)
    assert check_exports(data) == []
    [scope] = import_scopes(data)
    assert (scope.read, scope.n_kept, scope.n_left_out) == (10, 8, 2)
    text = report_text(data, {}, "en").data_imports.markdown
    assert ("Of the export's 10 records, 8 are in the scope chosen at import (projects "
            "coordinated by public bodies); 2 were left out: 2 by the kind of coordinator.") \
        in text
    sv = report_text(data, {}, "sv").data_imports.markdown
    assert ("Av exportens 10 poster ingår 8 i det urval som valdes vid importen (projekt som "
            "samordnas av offentliga organ); 2 lämnades utanför: 2 efter samordnarens slag av "
            "organisation.") in sv


def period_records() -> list[dict]:
    """Six public-sector records in two programmes and calls, over three years, and a
    university's record."""
    def one(number: int, coordinator: str, programme: str, call: str, start: str | None):
        return record(f"2023-{number:05d}", f"Projekt {number}", coordinator,
                      DiarienummerProgram=programme, DiarienummerUtlysning=call,
                      ProjektStart=start and f"{start}-01T00:00:00",
                      ProjektSlut=start and "2025-12-31T00:00:00")
    return [one(1, "Umeå kommun", "2017-00025", "2020-03720", "2019-05"),
            one(2, "Region Skåne", "2017-00025", "2021-00001", "2020-02"),
            one(3, "Lunds universitet", "2017-00025", "2020-03720", "2020-06"),
            one(4, "Göteborgs Stad", "2018-00001", "2020-03720", "2021-01"),
            one(5, "Länsstyrelsen i Skåne län", "2017-00025", "2020-03720", "2022-09"),
            one(6, "Tillväxtverket", "2017-00025", "2020-03720", None),
            one(7, "Malmö stad", "2017-00025", "2020-03720", "2020-01")]


def test_each_criterion_counts_the_records_it_left_out_first(data_copy, tmp_path, capsys):
    export = write_export(tmp_path / "export.json", period_records())
    assert main(["import", "vinnova", str(export), "--data", str(data_copy),
                 "--programme", "2017-00025", "--call", "2020-03720",
                 "--started-from", "2020-01", "--started-to", "2021-12"]) == 0
    printed = capsys.readouterr().out
    # 3 (university) by kind; 4 by programme; 2 by call; 1 started 2019-05, 6 without a start
    # month by the first month; 5 started 2022-09 by the last. Only Malmö is kept.
    assert "1 of 7 records in scope, 6 left out: 1 by coordinator kind, 1 by programme, " \
           "1 by call, 2 by started from, 1 by started to" in printed
    assert "a record with no start month is left out by the start period" in printed
    assert imported_numbers(data_copy) == {"2023-00007"}
    table = scope_table(data_copy)
    assert table["programme"] == ("2017-00025", 1) and table["call"] == ("2020-03720", 1)
    assert table["started from"] == ("2020-01", 2) and table["started to"] == ("2021-12", 1)
    assert sum(n for criterion, (_, n) in table.items()
               if criterion != "records in the export") == 6
    data = load_dataset(data_copy)
    text = report_text(data, {}, "en").data_imports.markdown
    assert ("Of the export's 7 records, one is in the scope chosen at import (projects "
            "coordinated by public bodies; programme 2017\\-00025; call 2020\\-03720; started "
            "in January 2020 or later; started in December 2021 or earlier); 6 were left out: "
            "1 by the kind of coordinator, 1 by programme, 1 by call and 3 by start month "
            "(or none stated).") in text


def test_kinds_are_chosen_by_name_and_all_keeps_everything(data_copy, tmp_path, capsys):
    export = write_export(tmp_path / "export.json", period_records())
    assert main(["import", "vinnova", str(export), "--data", str(data_copy),
                 "--coordinator-kind", "university or college,county administrative board"]) == 0
    assert imported_numbers(data_copy) == {"2023-00003", "2023-00005"}
    text = report_text(load_dataset(data_copy), {}, "sv").data_imports.markdown
    assert "(samordnare: universitet eller högskola eller länsstyrelse)" in text
    # Importing again with another scope replaces the import and its rows.
    assert main(["import", "vinnova", str(export), "--data", str(data_copy),
                 "--coordinator-kind", "all"]) == 0
    assert "scope: the whole export; none of its 7 records left out" in capsys.readouterr().out
    assert len(imported_numbers(data_copy)) == 7
    assert scope_table(data_copy)["coordinator kind"] == ("all", 0)
    assert len(pd.read_csv(data_copy / "import_scope.csv")) == 6
    text = report_text(load_dataset(data_copy), {}, "en").data_imports.markdown
    assert "The whole export was imported: no scope was chosen, no record left out." in text


def test_in_python_the_whole_export_is_imported_unless_a_scope_is_given(data_copy, tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    summary = import_vinnova(export, data_copy, retrieved="2026-12-01")
    assert (summary.added, summary.scope.n_left_out) == (8, 0)
    summary = import_vinnova(export, data_copy, retrieved="2026-12-01", scope=REPORT_SCOPE)
    assert (summary.added, summary.scope.n_left_out) == (6, 2)
    summary = import_vinnova(export, data_copy, retrieved="2026-12-01",
                             scope=Scope(coordinator_kinds=("not classified",)))
    assert summary.added == 0 and summary.scope.left_out["coordinator kind"] == 10


@pytest.mark.parametrize("options,message", [
    (["--coordinator-kind", "municipality,kommun"],
     "--coordinator-kind: 'kommun' is not a kind of organisation; use 'all', 'public' or any "
     "of: municipality, region"),
    (["--coordinator-kind", ","], "--coordinator-kind: give one kind or more"),
    (["--started-from", "2021-13"], "--started-from: '2021-13' is not a month written YYYY-MM"),
    (["--started-to", "2021"], "--started-to: '2021' is not a month written YYYY-MM"),
    (["--started-from", "2022-01", "--started-to", "2021-12"],
     "--started-to 2021-12 is before --started-from 2022-01"),
    (["--call", " , "], "--call: give one reference number or more, or 'all'"),
])
def test_a_bad_scope_is_refused_with_one_message_and_nothing_written(
        data_copy, tmp_path, capsys, options, message):
    export = write_export(tmp_path / "export.json", ten_records())
    before = digest(data_copy)
    assert main(["import", "vinnova", str(export), "--data", str(data_copy), *options]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert digest(data_copy) == before


def test_a_wrong_row_in_import_scope_is_named_by_the_validator(data_copy, tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    import_vinnova(export, data_copy, retrieved="2026-12-01", scope=REPORT_SCOPE)
    path = data_copy / "import_scope.csv"
    path.write_text(path.read_text().replace("programme,all,0", "programme,all,-3")
                    .replace("call,all,0", "calls,all,0"), encoding="utf-8")
    with pytest.raises(DataValidationError) as raised:
        load_dataset(data_copy)
    message = str(raised.value)
    assert "data/import_scope.csv" in message
    assert "records" in message and "-3" in message
    assert "criterion" in message and "calls" in message
