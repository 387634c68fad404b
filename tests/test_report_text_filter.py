"""report.qmd's `[name]{.text}`: Quarto puts the text the build wrote in its place
(analysis/prose/report-text.lua), on a small made-up project so that every case is visible."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from analysis.build.steps import REPORT_TEXT_FILTER
from analysis.paths import PROJECT_ROOT

QUARTO = shutil.which("quarto")
pytestmark = pytest.mark.skipif(QUARTO is None, reason="needs quarto on PATH")

DOCUMENT = """---
title: Filter
---

# [heading]{.text} {#sec-one}

[paragraph]{.text}

- [item]{.text}

| a |
|---|
| 1 |

: [caption]{.text} {#tbl-one}
"""
PARAGRAPHS = {
    "heading": "Grants *by* call",
    "paragraph": "First, see @tbl-one and @sec-one.\n\nSecond paragraph with \\<b\\>data\\</b\\>.",
    "item": "**Grants.** 3 projects",
    "caption": "Amounts per call",
}


def render(project, paragraphs: dict[str, str] | None) -> subprocess.CompletedProcess:
    (project / "_quarto.yml").write_text(
        "project:\n  type: default\n  output-dir: _out\n"
        f"filters:\n  - path: {REPORT_TEXT_FILTER}\n    at: pre-ast\n"
        "format:\n  html:\n    number-sections: true\n    embed-resources: false\n",
        encoding="utf-8")
    (project / "page.qmd").write_text(DOCUMENT, encoding="utf-8")
    if paragraphs is not None:
        (project / "_out").mkdir(exist_ok=True)
        (project / "_out" / "report-text.json").write_text(
            json.dumps({"data_version": "x", "paragraphs": paragraphs}), encoding="utf-8")
    return subprocess.run([QUARTO, "render", "page.qmd", "--to", "html"], cwd=project,
                          capture_output=True, text=True, timeout=300)


def test_the_project_runs_the_filter_first():
    quarto = (PROJECT_ROOT / "_quarto.yml").read_text(encoding="utf-8")
    path = REPORT_TEXT_FILTER.relative_to(PROJECT_ROOT).as_posix()
    assert f"  - path: {path}\n    at: pre-ast\n" in quarto


def test_each_text_takes_its_place_with_its_markup_and_cross_references(tmp_path):
    result = render(tmp_path, PARAGRAPHS)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "_out" / "page.html").read_text(encoding="utf-8")
    # A heading keeps its id and number and takes the text's inline markup.
    assert 'id="sec-one"' in html
    assert "Grants <em>by</em> call</h1>" in html
    # A paragraph of its own becomes the text's paragraphs; references are resolved.
    assert '<a href="#tbl-one" class="quarto-xref">Table&nbsp;1</a>' in html
    assert '<a href="#sec-one" class="quarto-xref">Section&nbsp;1</a>' in html
    assert "<p>Second paragraph with &lt;b&gt;data&lt;/b&gt;.</p>" in html
    assert "<b>data" not in html  # escaped data text stays text
    # Within a line (a list item, a caption) it is the text's inlines.
    assert "<li><strong>Grants.</strong> 3 projects</li>" in html
    assert "Table&nbsp;1: Amounts per call" in html
    assert ".text}" not in html and "citation" not in html


def test_a_missing_text_or_text_file_fails_naming_it(tmp_path):
    missing_name = dict(PARAGRAPHS)
    del missing_name["item"]
    (tmp_path / "one").mkdir()
    result = render(tmp_path / "one", missing_name)
    assert result.returncode != 0
    assert "report.qmd asks for the text item, which the build did not write" in result.stderr
    (tmp_path / "two").mkdir()
    result = render(tmp_path / "two", None)
    assert result.returncode != 0
    assert "report-text.json is missing: run `python -m analysis build`" in result.stderr
