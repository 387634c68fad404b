"""Each metric computed once per dataset and shared by both editions (metrics/memo.py), handed
to the notebooks' kernels beside the data (handover.py) only for the same data version."""

import dataclasses
import subprocess
import sys

import pandas as pd

from analysis import charts, load_dataset, metrics, tables
from analysis.handover import (VALIDATED_DATA_ENV, VALIDATED_METRICS_ENV, save_metrics,
                               save_validated)
from analysis.metrics import portfolio
from analysis.prose import report_text

BUILD_INFO = {"build_date": "2026-11-24", "provenance_check": {"checked": 1, "mismatches": 0},
              "package_versions": {"python": "3.11.2"}}
LANGUAGES = ("en", "sv")


def fresh(data):
    """The same tables, nothing computed from them yet."""
    return dataclasses.replace(data)


def edition_outputs(data, language: str) -> dict[str, str]:
    """What an edition shows of the data: every figure's alt text and spec, every table of the
    notebooks, every paragraph of the report."""
    shown = {f"alt {label}": text
             for label, text in charts.alt_texts(charts.draw_edition(data, language)).items()}
    shown |= {f"spec {figure.name}": str(charts.figure(figure.name, data, language).to_dict())
              for figure in charts.FIGURES}
    for name in ("counties_table", "municipalities_table", "grants_table", "durations_table",
                 "partners_table", "shared_organisations_table", "coordinators_table",
                 "completeness_table"):
        shown[name] = str(getattr(tables, name)(data, language).frame)
    shown |= {name: value.markdown
              for name, value in vars(report_text(data, BUILD_INFO, language)).items()}
    return shown


def test_a_metric_is_computed_once_and_its_result_cannot_be_changed_by_a_caller(made_up):
    data = fresh(made_up)
    first = portfolio.by_group(data, "call")
    keys = [key for key in data.memo if key[0].endswith("portfolio.by_group")]
    assert len(keys) == 1 and keys[0][1] == ("call",)
    # The second call reads the memo: what is kept there is what it returns.
    kept = data.memo[keys[0]]
    data.memo[keys[0]] = kept.assign(marker=1)
    assert "marker" in portfolio.by_group(data, "call")
    data.memo[keys[0]] = kept
    assert len(kept)
    first[first.columns[0]] = "changed by a caller"  # a caller changing its copy
    pd.testing.assert_frame_equal(portfolio.by_group(data, "call"), kept)
    portfolio.by_group(data, "programme")  # other arguments: another result
    assert len([key for key in data.memo if key[0].endswith("portfolio.by_group")]) == 2


def test_both_editions_show_the_same_with_metrics_computed_once_as_each_on_its_own(made_up):
    shared = fresh(made_up)
    with_shared = {language: edition_outputs(shared, language) for language in LANGUAGES}
    assert shared.memo  # both editions drew from one memo
    for language in LANGUAGES:
        assert with_shared[language] == edition_outputs(fresh(made_up), language), language
    assert with_shared["en"] != with_shared["sv"]  # only the words differ, and they do


def test_a_dataset_made_from_another_starts_with_no_metrics(made_up):
    data = fresh(made_up)
    metrics.key_numbers(data)
    assert data.memo
    projects = data.projects.iloc[:5]
    smaller = dataclasses.replace(data, projects=projects)
    assert smaller.memo == {}
    assert metrics.key_numbers(smaller)["n_projects"] != metrics.key_numbers(data)["n_projects"]


def test_handed_over_metrics_are_used_only_for_the_data_they_were_computed_from(
        data_copy, tmp_path, monkeypatch):
    data = load_dataset(data_copy)
    numbers = metrics.key_numbers(data)
    monkeypatch.setenv(VALIDATED_DATA_ENV, str(save_validated(fresh(data), tmp_path)))
    monkeypatch.setenv(VALIDATED_METRICS_ENV, str(save_metrics(data, tmp_path)))
    handed_over = load_dataset(data_copy)
    assert handed_over.memo.keys() == data.memo.keys()
    assert metrics.key_numbers(handed_over) == numbers
    # Metrics of another data version are not used, even beside a matching data hand-over.
    other = tmp_path / "other"
    other.mkdir()
    stale = fresh(data)
    object.__setattr__(stale, "data_version", "another")
    stale.memo.update(data.memo)
    monkeypatch.setenv(VALIDATED_METRICS_ENV, str(save_metrics(stale, other)))
    assert load_dataset(data_copy).memo == {}
    # Changed data: neither the data nor its metrics are handed over.
    monkeypatch.setenv(VALIDATED_METRICS_ENV, str(save_metrics(data, tmp_path)))
    projects = data_copy / "projects.csv"
    projects.write_text(projects.read_text("utf-8").replace(",410000,", ",410001,"), "utf-8")
    changed = load_dataset(data_copy)
    assert changed.data_version != data.data_version and changed.memo == {}
    monkeypatch.delenv(VALIDATED_DATA_ENV)
    monkeypatch.delenv(VALIDATED_METRICS_ENV)
    assert metrics.completeness(changed).equals(metrics.completeness(load_dataset(data_copy)))


def test_a_process_that_imports_analysis_does_not_build_the_iri_grammar():
    """rfc3987_syntax builds a grammar when imported (~2 s of CPU in every kernel); jsonschema,
    imported by Altair, would import it."""
    shown = subprocess.run(
        [sys.executable, "-c", "import analysis, altair, jsonschema, sys; "
         "print(sys.modules.get('rfc3987_syntax'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert shown == "None"
