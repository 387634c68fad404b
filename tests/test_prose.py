"""The report's sentences: right for the data, in plain formatted text, for sparse data too."""

import dataclasses
import re

import pandas as pd
import pytest

from analysis import load_dataset
from analysis.prose import Prose, report_text
from analysis.text import Count, Markdown, catalogue, fill, format_month, join

BUILD_INFO = {"build_date": "2026-11-24", "provenance_check": {"checked": 111, "mismatches": 0},
              "package_versions": {"python": "3.11.2", "pandas": "2.2.3"}}
LEFTOVERS = re.compile(r"\\u[0-9a-f]{4}|\(s\)|\bnan\b|\bNone\b|\{|\}|np\.|<NA>|NaT")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def texts(namespace) -> dict[str, str]:
    return {name: value.markdown for name, value in vars(namespace).items()}


def assert_clean(values: dict[str, str]) -> None:
    for name, text in values.items():
        assert text.strip(), f"{name} is empty"
        assert not LEFTOVERS.search(text), f"{name}: {text!r}"


# --- the template grammar ----------------------------------------------------------------

def test_plural_forms_follow_the_number():
    template = "{n:no project|one project|# projects}"
    assert [fill(template, n=Count(k, "en")) for k in (0, 1, 2, 12345)] == \
        ["no project", "one project", "2 projects", "12\u202f345 projects"]
    assert fill("{n:# fact|# facts}", n=Count(1, "en")) == "1 fact"


def test_text_from_data_is_escaped_and_markdown_is_not():
    assert fill("*{title}*", title="<b>a_b*</b>") == r"*\<b\>a\_b\*\</b\>*"
    assert fill("{x}", x=Markdown("*kept*")) == "*kept*"


def test_bare_numbers_cannot_reach_a_template():
    with pytest.raises(TypeError):
        fill("{n} projects", n=3)
    with pytest.raises(ValueError):
        fill("{n:a|b|c|d}", n=Count(2, "en"))


def test_lists_are_joined_with_the_languages_conjunction():
    assert join(["a"], "en") == "a"
    assert join(["a", "b"], "en") == "a and b"
    assert join(["a", "b", "c"], "en") == "a, b and c"
    assert join(["a", "b", "c"], "sv") == "a, b och c"


def test_month_names_and_unknown_month():
    assert format_month("2016-10", "en") == "October 2016"
    assert format_month(None, "en") == "unknown"
    assert format_month("2016-10", "sv", short=True) == "okt 2016"


def test_every_template_is_used_by_the_code_or_the_report():
    """A sentence nobody fills is a sentence nobody checks."""
    from pathlib import Path
    import analysis

    package = Path(analysis.__file__).parent

    def code_of(*names: str) -> str:
        """The source of modules and packages (folders) of analysis/."""
        paths = [path for name in names for path in
                 (sorted((package / name).glob("*.py")) if (package / name).is_dir()
                  else [package / name])]
        return "".join(path.read_text(encoding="utf-8") for path in paths)

    code = code_of("prose")
    report = (package.parent / "report.qmd").read_text("utf-8")
    words = catalogue("en")
    for section, entries in words.items():
        if section in ("grammar", "kinds", "source_kinds", "languages", "headings", "captions",
                       "limitations", "values", "fields", "table_names", "table_descriptions",
                       "field_formats"):
            continue  # looked up by key from data or iterated as a whole
        if section in ("tables", "funding_groups"):
            tables_code = code_of("tables")
            for name in entries:
                assert f'"{name}"' in tables_code or f"'{name}'" in tables_code, \
                    f"[{section}] {name} is never used"
            continue
        if section == "appendix":  # the Excel appendix: its code, and units from fields.py
            appendix_code = code_of("appendix", "fields.py")
            for name, entry in entries.items():
                for key in [name, *(entry if isinstance(entry, dict) else [])]:
                    assert f'"{key}"' in appendix_code, f"[appendix] {key} is never used"
            continue
        if section == "imports":  # the words an import writes into data/
            importers = code_of("importers")
            for name in entries:
                assert f'"{name}"' in importers, f"[imports] {name} is never used"
            continue
        if section == "charts":
            charts_code = code_of("charts")
            for name, entry in entries.items():
                for key in (entry if isinstance(entry, dict) else [name]):
                    assert f'"{key}"' in charts_code, f"[charts] {key} is never used"
            continue
        for name in entries:
            used = f'"{section}.{name}"' in code or f'["{section}"]["{name}"]' in code \
                or f"{section}_{name}" in report or f"{name}:" in report.split("---")[1]
            assert used, f"[{section}] {name} is never used"


# --- the real data -----------------------------------------------------------------------

def test_real_data_gives_the_values_the_tables_show(data):
    text = texts(report_text(data, BUILD_INFO, "en"))
    assert_clean(text)
    # Same format as the tables: narrow no-break space between thousands, "kr".
    assert "together 2\u202f719\u202f734\u00a0kr, from 193\u202f800\u00a0kr to 2\u202f115\u202f934\u00a0kr" \
        in text["summary_grants"]
    assert "3 projects state a grant from their funder" in text["summary_grants"]
    assert "One project states only a total project budget (16\u202f095\u202f000\u00a0kr)" \
        in text["summary_grants"]
    assert "4 funded projects, one initiative and one event" in text["summary_intro"]
    assert "from October 2015 to May 2023" in text["summary_intro"]
    assert "One organisation takes part in more than one project" in text["summary_partners"]
    assert "Östersunds kommun" in text["summary_partners"]
    assert "all 111 facts" in text["data_provenance"]
    assert "3 Vinnova project pages (2 in Swedish, 1 in English)" in text["data_sources"]


def test_counts_in_prose_match_the_data(data):
    text = texts(report_text(data, BUILD_INFO, "en"))
    from analysis import metrics

    coverage = metrics.county_coverage(data)
    covered = int(coverage["covered"].sum())
    assert f"based in {covered} of Sweden's {len(coverage)} counties" in text["summary_regions"]
    assert f"{len(data.provenance)} facts" in text["data_provenance"]


def test_unchecked_provenance_is_said_plainly(data):
    text = texts(report_text(data, {}, "en"))
    assert "not re-checked" in text["data_provenance"]
    assert "unknown" in text["reproducibility_build_date"]


def test_the_saved_text_is_what_quarto_puts_in_place(data, tmp_path):
    """report-text.lua reads the edition's text back from the file the build saves."""
    import json

    from analysis.prose import save_report_text
    text = report_text(data, BUILD_INFO, "sv")
    assert isinstance(text.summary_grants, Prose)
    path = tmp_path / "report-text.json"
    save_report_text(text, "abc123", path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {"data_version": "abc123", "paragraphs": texts(text)}
    assert "\u202f" in saved["paragraphs"]["summary_grants"]  # thin spaces as they are


# --- sparse and odd data -----------------------------------------------------------------

def variant(data, **changes):
    projects = data.projects.copy()
    for column, value in changes.items():
        projects[column] = pd.Series([value] * len(projects), index=projects.index,
                                     dtype=projects[column].dtype)
    return dataclasses.replace(data, projects=projects)


def test_no_amounts_at_all(data):
    text = texts(report_text(variant(data, amount_sek=pd.NA, amount_basis=pd.NA), BUILD_INFO,
                             "en"))
    assert_clean(text)
    assert "No project states a grant from its funder." in text["summary_grants"]
    assert "No funder grant is stated." in text["grants_intro"]
    assert "nothing to compare per month" in text["grants_per_month"]
    assert "0\u00a0kr" not in " ".join(text.values())


def test_no_dates_at_all(data):
    text = texts(report_text(variant(data, start_month=pd.NA, end_month=pd.NA,
                                     duration_months=pd.NA), BUILD_INFO, "en"))
    assert_clean(text)
    assert "No project states both its start and its end month." in text["summary_durations"]
    assert " run from " not in text["summary_intro"]
    assert "ran 0" not in " ".join(text.values())


def test_a_single_project(data):
    one = data.projects.iloc[[0]]
    ids = set(one["project_id"])
    single = dataclasses.replace(
        data, projects=one,
        participations=data.participations[data.participations["project_id"].isin(ids)])
    text = texts(report_text(single, BUILD_INFO, "en"))
    assert_clean(text)
    assert "one funded project" in text["summary_intro"]
    assert "Only one funder grant is stated" in text["grants_intro"]


def test_titles_from_data_cannot_become_markup(data):
    projects = data.projects.copy()
    projects.loc[projects.index[0], "title_en"] = "<script>x</script> *bold* [link](http://x)"
    text = texts(report_text(dataclasses.replace(data, projects=projects), BUILD_INFO, "en"))
    joined = " ".join(text.values())
    assert "<script>" not in joined
    assert r"\<script\>" in joined or "script" not in joined


def test_facts_left_out_are_counted_by_reason(data):
    text = texts(report_text(data, BUILD_INFO, "en"))["data_provenance"]
    reasons = data.not_recorded["reason"].value_counts()
    assert f"{len(data.not_recorded)} statements in the documents are left out on purpose" \
        in text
    for reason, count in reasons.items():
        assert f"{count} {reason}" in text
    assert "Not recorded sheet" in text
