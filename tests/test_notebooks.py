"""Notebooks are committed clean and thin, and label their report-ready outputs."""

import re

import nbformat
import pytest

from analysis import charts, load_dataset
from analysis.build.notebooks import insert_captions
from analysis.build.steps import notebook_paths
from analysis.editions import Edition
from analysis.text import LANGUAGES, catalogue

NOTEBOOKS = notebook_paths()


@pytest.fixture(scope="module")
def alt_texts() -> dict[str, dict[str, str]]:
    """Every figure's alt text in each language, written from the project's data."""
    data = load_dataset()
    return {language: charts.alt_texts(charts.draw_edition(data, language))
            for language in LANGUAGES}


def test_every_labelled_output_is_in_the_report_and_every_embed_has_its_output():
    """Notebooks and report.qmd agree: no figure or table computed and never shown, none
    embedded that no notebook makes."""
    from analysis.paths import PROJECT_ROOT
    report = (PROJECT_ROOT / "report.qmd").read_text(encoding="utf-8")
    embedded = set(re.findall(r"\{\{<\s*embed\s+_output/notebooks/(\w+)\.ipynb#(\S+)\s*>\}\}",
                              report))
    labelled = {(path.stem, label) for path in NOTEBOOKS
                for cell in nbformat.read(path, as_version=4).cells
                for label in re.findall(r"^#\|\s*label:\s*((?:fig|tbl)-\S+)", cell.source,
                                        re.M)}
    assert labelled == embedded
    assert {stem for stem, _ in embedded} == {"grants", "durations", "networks", "coverage",
                                              "overview", "portfolio"}
    # Figures are declared once, in the registry: its section and label are the embed's.
    figures = {(stem, label) for stem, label in labelled if label.startswith("fig-")}
    assert figures == {(figure.section, figure.label) for figure in charts.FIGURES}


def test_every_figure_cell_draws_the_figure_its_label_names():
    """A figure's cell calls charts.figure with the registry's name for its label."""
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            label = re.search(r"^#\|\s*label:\s*(fig-\S+)", cell.source, re.M)
            if label:
                name = re.search(r"charts\.figure\(\"([a-z-]+)\"", cell.source).group(1)
                assert charts.FIGURES_BY_NAME[name].label == label.group(1), path.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_has_a_caption_in_every_catalogue(language):
    captions = catalogue(language)["captions"]
    assert {figure.label for figure in charts.FIGURES} <= set(captions), language


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_thin_cells_that_call_the_package(path):
    """Logic lives in tested functions: no definitions or loops in notebook cells."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        code = [line for line in cell.source.splitlines() if not line.startswith("#|")]
        assert len(code) <= 6, cell.source
        assert not re.search(r"^\s*(def|class|for|while)\b", cell.source, re.M), cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_labelled_outputs_have_captions_and_alt_text(path, language, alt_texts):
    """Each edition's captions come from its catalogue; the build writes them into the
    executed notebook, where Quarto reads them. The source notebook carries none."""
    labels = []
    source = nbformat.read(path, as_version=4)
    assert not re.search(r"^#\|\s*(fig-cap|fig-alt|tbl-cap):", "\n".join(
        cell.source for cell in source.cells), re.M), f"{path.name}: captions belong in " \
        "analysis/text/<language>.toml [captions]"
    for cell in insert_captions(source, Edition(language), alt_texts[language]).cells:
        options = dict(re.findall(r"^#\|\s*([\w-]+):\s*(.+)$", cell.source, re.M))
        label = options.get("label", "")
        if label.startswith("fig-"):
            assert len(options.get("fig-cap", "")) > 20, label
            assert len(options.get("fig-alt", "")) > 60, f"{label}: alt text too thin"
        if label.startswith("tbl-"):
            assert len(options.get("tbl-cap", "")) > 20, label
        labels.append(label)
    assert any(label.startswith(("fig-", "tbl-")) for label in labels), path.name


def test_every_caption_belongs_to_a_labelled_cell():
    labels = {match for path in NOTEBOOKS for cell in nbformat.read(path, as_version=4).cells
              for match in re.findall(r"^#\|\s*label:\s*(\S+)", cell.source, re.M)}
    for language in LANGUAGES:
        assert set(catalogue(language)["captions"]) == labels - {"setup"}, language


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_and_captions_type_no_numbers(path):
    """Numbers come from the data in outputs, never typed into text that could go stale."""
    for cell in nbformat.read(path, as_version=4).cells:
        text = cell.source if cell.cell_type == "markdown" else "\n".join(
            line for line in cell.source.splitlines() if line.startswith("#|"))
        assert not re.findall(r"\b\d+\b", text), text
