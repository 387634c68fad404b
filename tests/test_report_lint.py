"""Quarto-free checks of report.qmd and _quarto.yml: what `quarto render` would trip over."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis import load_dataset
from analysis.__main__ import main as cli_main
from analysis.build.steps import VEGA_HEADER_NAME
from analysis.paths import PROJECT_ROOT
from analysis.editions import OUTPUT_DIR, Edition
from analysis.prose import report_text as prose_text
from analysis.text import catalogue

REPORT = PROJECT_ROOT / "report.qmd"
QUARTO = PROJECT_ROOT / "_quarto.yml"
EMBED = re.compile(r"\{\{<\s*embed\s+(\S+?)#(\S+)\s*>\}\}")
CROSS_REFERENCE = re.compile(r"(?<![\w{#])@((?:fig|tbl|sec)-[\w-]+)")
TEXT = re.compile(r"\[([^\]\n]*)\]\{\.text\}")
SECTION_ID = re.compile(r"\{#(sec-[\w-]+)\}")


def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


def strings_of(entries) -> str:
    def strings(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        else:
            yield str(value)
    return "\n".join(strings(entries))


def catalogue_text(language: str = "en") -> str:
    """Every template of the language's catalogue: the report's prose lives there."""
    return strings_of(catalogue(language))


def front_matter() -> dict:
    match = re.match(r"---\n(.*?)\n---\n", report_text(), re.S)
    assert match, "report.qmd has no YAML front matter"
    return yaml.safe_load(match.group(1)) or {}


def body() -> str:
    """report.qmd after its front matter."""
    return re.sub(r"^---\n.*?\n---\n", "", report_text(), flags=re.S)


def notebook_labels(path: Path) -> set[str]:
    labels = set()
    for cell in nbformat.read(path, as_version=4).cells:
        labels |= set(re.findall(r"^#\|\s*label:\s*(\S+)", cell.source, re.M))
    return labels


def test_yaml_parses_and_project_settings_match_the_build():
    config = yaml.safe_load(QUARTO.read_text(encoding="utf-8"))
    assert config["title"]
    assert config["project"]["render"] == ["report.qmd"]
    swedish = yaml.safe_load((PROJECT_ROOT / "_quarto-sv.yml").read_text(encoding="utf-8"))
    assert PROJECT_ROOT / swedish["project"]["output-dir"] == OUTPUT_DIR / "sv"
    assert PROJECT_ROOT / config["project"]["output-dir"] == OUTPUT_DIR
    html, typst = config["format"]["html"], config["format"]["typst"]
    assert html["embed-resources"] is True and html["toc"] is True
    assert html["notebook-links"] is False
    assert html["include-in-header"] == f"{config['project']['output-dir']}/{VEGA_HEADER_NAME}"
    assert typst["papersize"] == "a4"


@pytest.mark.parametrize("profile, language", [("", "en"), ("sv", "sv")])
def test_pre_render_command_is_a_valid_build_invocation(monkeypatch, profile, language):
    """The pre-render step prepares (no recursion into quarto render) for the edition whose
    profile Quarto renders."""
    config = yaml.safe_load(QUARTO.read_text(encoding="utf-8"))
    command = config["project"]["pre-render"].split()
    assert command[:3] == ["python", "-m", "analysis"]
    calls = []
    monkeypatch.setattr("analysis.build.command.run_build",
                        lambda **kwargs: calls.append(kwargs) or 0)
    monkeypatch.delenv("ANALYSIS_LANGUAGE", raising=False)
    monkeypatch.setenv("QUARTO_PROFILE", profile)
    assert cli_main(command[3:]) == 0
    assert calls and calls[0]["quarto"] is False
    assert calls[0]["edition"] == Edition(language)


def test_every_embed_points_to_a_notebook_cell_with_that_label():
    embeds = EMBED.findall(report_text())
    assert len(embeds) >= 10
    for target, label in embeds:
        executed = PROJECT_ROOT / target
        assert executed.parent == OUTPUT_DIR / "notebooks", target
        source = PROJECT_ROOT / "analysis" / executed.name
        assert source.exists(), f"{target}: no notebook {source}"
        assert label in notebook_labels(source), f"{target}#{label}: label not in notebook"


def test_every_cross_reference_has_a_target():
    text = report_text()
    targets = {label for _, label in EMBED.findall(text)} | set(SECTION_ID.findall(text))
    references = set(CROSS_REFERENCE.findall(text + catalogue_text()))
    assert references, "no cross-references found"
    assert references <= targets, references - targets


def test_every_embedded_figure_and_table_is_referenced_in_the_prose():
    embedded = {label for _, label in EMBED.findall(report_text())}
    assert embedded <= set(CROSS_REFERENCE.findall(catalogue_text()))


@pytest.mark.parametrize("language, profile", [("en", "_quarto.yml"), ("sv", "_quarto-sv.yml")])
def test_title_and_subtitle_are_the_catalogues(language, profile):
    """Each edition's Quarto profile carries its title (YAML cannot run Python)."""
    words = catalogue(language)["document"]
    settings = yaml.safe_load((PROJECT_ROOT / profile).read_text(encoding="utf-8"))
    assert settings["title"] == words["title"]
    assert settings["subtitle"] == words["subtitle"]
    assert settings["lang"] == language
    assert "title" not in front_matter()  # one place per language


def test_every_text_names_a_paragraph_of_the_prose():
    values = vars(prose_text(load_dataset(), {}, "en"))
    names = TEXT.findall(body())
    assert len(names) > 20
    for name in names:
        assert name in values, f"[{name}]{{.text}}: report_text() has no {name}"
    # ... and every paragraph the prose writes has its place in the report, once.
    assert sorted(names) == sorted(values)


def test_rendering_runs_no_python():
    """The build wrote every text; Quarto starts no kernel for the report (at 50 000 projects
    that cost about 6 s per format and edition)."""
    assert "jupyter" not in front_matter() and "engine" not in front_matter()
    assert not re.search(r"^```\s*\{", report_text(), re.M)
    assert "{python}" not in report_text()


def test_report_has_no_words_of_its_own():
    """Outside front matter and shortcodes, report.qmd holds only the names of its texts:
    every word a reader sees comes from a catalogue, so every edition has the same text."""
    text = re.sub(r"```.*?```", "", report_text(), flags=re.S)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    text = TEXT.sub("", text)
    text = EMBED.sub("", text)
    text = re.sub(r"\{#sec-[\w-]+\}|:::.*", "", text)
    assert not re.findall(r"[A-Za-zÅÄÖåäö]{2,}", text), re.findall(r"[A-Za-zÅÄÖåäö]{2,}", text)


def test_prose_templates_have_no_hand_typed_numbers():
    """Numbers reach the text through placeholders (Quarto's version in the rebuild hint,
    licence names in the appendix and the '#' of plural forms excepted)."""
    # The words for the data's fields describe its codes and formats ("e.g. 2016-10"); they
    # are not filled from the data.
    prose = {section: entries for section, entries in catalogue("en").items()
             if section not in ("fields", "field_formats")}
    text = re.sub(r"Quarto \d+(\.\d+)*( or later)?", "Quarto", strings_of(prose))
    text = re.sub(r"CC BY \d\.\d|CC0", "licence", text)
    text = text.replace("UTF-8", "UTF")  # an encoding's name (the CSV beside the appendix)
    text = re.sub(r"\{[^{}]*\}", "", text)
    assert not re.findall(r"\d", text), re.findall(r".{20}\d.{20}", text)
