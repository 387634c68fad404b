"""Quarto-free checks of report.qmd and _quarto.yml: what `quarto render` would trip over."""

import ast
import re
from pathlib import Path

import nbformat
import yaml

from analysis import load_dataset
from analysis.__main__ import main as cli_main
from analysis.build import OUTPUT_DIR, VEGA_HEADER_NAME
from analysis.dataset import PROJECT_ROOT
from analysis.prose import report_values

REPORT = PROJECT_ROOT / "report.qmd"
QUARTO = PROJECT_ROOT / "_quarto.yml"
EMBED = re.compile(r"\{\{<\s*embed\s+(\S+?)#(\S+)\s*>\}\}")
CROSS_REFERENCE = re.compile(r"(?<![\w{#])@((?:fig|tbl|sec)-[\w-]+)")
INLINE = re.compile(r"(?<!`)`\{python\} +([^`\n]+)`")
SECTION_ID = re.compile(r"\{#(sec-[\w-]+)\}")


def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


def front_matter() -> dict:
    match = re.match(r"---\n(.*?)\n---\n", report_text(), re.S)
    assert match, "report.qmd has no YAML front matter"
    return yaml.safe_load(match.group(1))


def setup_cell_source() -> str:
    match = re.search(r"```\{python\}\n#\| label: setup\n(.*?)```", report_text(), re.S)
    assert match, "report.qmd has no setup cell labelled 'setup'"
    return match.group(1)


def notebook_labels(path: Path) -> set[str]:
    labels = set()
    for cell in nbformat.read(path, as_version=4).cells:
        labels |= set(re.findall(r"^#\|\s*label:\s*(\S+)", cell.source, re.M))
    return labels


def test_yaml_parses_and_project_settings_match_the_build():
    config = yaml.safe_load(QUARTO.read_text(encoding="utf-8"))
    assert front_matter()["title"]
    assert config["project"]["render"] == ["report.qmd"]
    assert PROJECT_ROOT / config["project"]["output-dir"] == OUTPUT_DIR
    html, typst = config["format"]["html"], config["format"]["typst"]
    assert html["embed-resources"] is True and html["toc"] is True
    assert html["notebook-links"] is False
    assert html["include-in-header"] == f"{config['project']['output-dir']}/{VEGA_HEADER_NAME}"
    assert typst["papersize"] == "a4"


def test_pre_render_command_is_a_valid_build_invocation(monkeypatch):
    config = yaml.safe_load(QUARTO.read_text(encoding="utf-8"))
    command = config["project"]["pre-render"].split()
    assert command[:3] == ["python", "-m", "analysis"]
    calls = []
    monkeypatch.setattr("analysis.build.run_build",
                        lambda **kwargs: calls.append(kwargs) or 0)
    assert cli_main(command[3:]) == 0
    assert calls and calls[0]["quarto"] is False  # no recursion into quarto render


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
    references = set(CROSS_REFERENCE.findall(text))
    assert references, "no cross-references found"
    assert references <= targets, references - targets


def test_every_embedded_figure_and_table_is_referenced_in_the_text():
    text = report_text()
    embedded = {label for _, label in EMBED.findall(text)}
    assert embedded <= set(CROSS_REFERENCE.findall(text))


def test_every_inline_expression_names_something_the_setup_cell_defines():
    tree = ast.parse(setup_cell_source())
    defined = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
               for target in node.targets if isinstance(target, ast.Name)}
    values = vars(report_values(load_dataset()))
    expressions = INLINE.findall(report_text())
    assert len(expressions) > 20
    for expression in expressions:
        match = re.fullmatch(r"(\w+)\.(\w+)", expression.strip())
        assert match, f"inline expression {expression!r} is not a plain `v.name`"
        name, attribute = match.groups()
        assert name in defined, f"{expression}: {name} is not defined in the setup cell"
        assert attribute in values, f"{expression}: report_values() has no {attribute}"


def test_prose_has_no_hand_typed_numbers():
    """Numbers in the text come from inline expressions (dates of Quarto itself excepted)."""
    text = re.sub(r"```.*?```", "", report_text(), flags=re.S)
    text = INLINE.sub("", text)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"Quarto \d+(\.\d+)*( or later)?", "Quarto", text)
    assert not re.findall(r"\b\d[\d\s.,]*\b", text), re.findall(r"\b\d[\d\s.,]*\b", text)


def test_setup_cell_runs_and_values_are_plain_text():
    values = vars(report_values(load_dataset()))
    assert all(isinstance(value, str) and value for value in values.values())
    assert values["n_counties"] == "21"
