"""The build end to end on the real data: notebooks run, outputs land, failures leave the
previous outputs untouched. One real build is shared by the tests in this module."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis import build, charts, load_dataset
from analysis.paths import DATA_DIR, PROJECT_ROOT

EMBED = re.compile(r"\{\{<\s*embed\s+(\S+?)#(\S+)\s*>\}\}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    output, figures = root / "_output", root / "figures"
    status = build.run_build(DATA_DIR, output, quarto=False, figures_dir=figures)
    assert status == 0
    return output, figures


@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_notebook_executed_without_errors(built, language):
    output, _ = built
    for source in build.notebook_paths():
        executed = nbformat.read(output / "notebooks" / language / source.name, as_version=4)
        code = [c for c in executed.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), source.name
        outputs = [o for c in code for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"], source.name


@pytest.mark.parametrize("language", ["en", "sv"])
def test_notebook_pages_draw_offline(built, language):
    output, _ = built
    for source in build.notebook_paths():
        page = (output / "notebooks" / language / source.with_suffix(".html").name) \
            .read_text("utf-8")
        assert "vegaEmbed" in page
        assert not re.search(r"<script[^>]+src=\"https?://", page), source.name


def test_report_embeds_find_labelled_outputs_for_html_and_pdf(built):
    output, _ = built
    text = (PROJECT_ROOT / "report.qmd").read_text(encoding="utf-8")
    for target, label in EMBED.findall(text):
        notebook = nbformat.read(output / "notebooks" / Path(target).name, as_version=4)
        cells = [c for c in notebook.cells if f"#| label: {label}" in c.source]
        assert len(cells) == 1, label
        bundles = [o.data for o in cells[0].outputs if "data" in o]
        assert bundles, f"{label}: no display output"
        data = bundles[-1]
        assert "text/html" in data, label
        if label.startswith("fig-"):
            assert "image/png" in data, f"{label}: no static image for the PDF"
        else:
            assert "text/markdown" in data, f"{label}: no Markdown table for the PDF"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_executed_notebooks_carry_alt_text_written_from_the_data(built, language):
    """The build writes every figure's alt text, written from its data in the edition's
    language, into the executed notebook that Quarto embeds, as YAML that reads back to the
    text."""
    import yaml
    output, _ = built
    texts = charts.alt_texts(load_dataset(), language)
    assert set(texts) == {f"fig-{name}" for name in charts.FIGURES}
    found = {}
    for source in build.notebook_paths():
        notebook = nbformat.read(output / "notebooks" / language / source.name, as_version=4)
        for cell in notebook.cells:
            options = yaml.safe_load("\n".join(line[3:] for line in cell.source.splitlines()
                                               if line.startswith("#| ")) or "{}")
            if options.get("label") in texts:
                found[options["label"]] = options["fig-alt"]
    assert found == texts
    assert "2 115 934" in found["fig-grants"].replace("\u202f", " ")
    assert found["fig-network"].startswith({"en": "Network diagram of 6 projects",
                                            "sv": "Nätverksdiagram med 6 projekt"}[language])


def test_generated_alt_text_is_the_only_alt_text():
    """The catalogues hold captions only: a figure's alt text is written from its data, and a
    figure without one stops the build rather than go without."""
    from analysis import editions
    from analysis.text import LANGUAGES, catalogue
    for language in LANGUAGES:
        assert not [label for label, entry in catalogue(language)["captions"].items()
                    if "alt" in entry], language
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('#| label: fig-grants\n#| fig-alt: "old"\nx = 1'),
        nbformat.v4.new_code_cell("#| label: fig-timeline\ny = 2")])
    with pytest.raises(KeyError, match="fig-timeline"):
        editions.with_captions(notebook, "en", {"fig-grants": 'Bars: "quoted" – 1 kr'})
    editions.with_captions(notebook, "en", {"fig-grants": 'Bars: "quoted" – 1 kr',
                                            "fig-timeline": "Gantt chart"})
    assert '#| fig-alt: "Bars: \\"quoted\\" – 1 kr"' in notebook.cells[0].source
    assert '"old"' not in notebook.cells[0].source
    assert '#| fig-alt: "Gantt chart"' in notebook.cells[1].source
    # Without alt texts given, those of the project's data, in the edition's language.
    editions.with_captions(notebook, "sv")
    assert '#| fig-alt: "Gantt-diagram över' in notebook.cells[1].source


def test_figures_written_as_svg_and_png(built):
    _, figures = built
    import struct
    for name in charts.FIGURES:
        svg = (figures / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "DejaVu Sans" in svg, name
        png = (figures / f"{name}.png").read_bytes()
        width, height = struct.unpack(">II", png[16:24])
        assert png.startswith(b"\x89PNG") and width >= 300 and height >= 150, name


def test_two_builds_give_the_same_figures(built, tmp_path):
    _, figures = built
    from analysis import load_dataset
    charts.setup()
    charts.write_figures(load_dataset(), tmp_path)
    for name in charts.FIGURES:
        assert (tmp_path / f"{name}.svg").read_bytes() == (figures / f"{name}.svg").read_bytes()


def test_appendix_and_build_info(built):
    output, _ = built
    assert (output / build.APPENDIX_NAME).stat().st_size > 5000
    assert (output / "sv" / build.APPENDIX_NAME).stat().st_size > 5000  # Swedish edition
    info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{12}", info["data_version"])
    assert info["package_versions"]["pandas"] != "not installed"
    assert not list(output.parent.glob("_output.tmp-*"))


def test_build_without_quarto_says_what_it_skipped(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(build, "prepare", lambda *args: {"prepare_seconds": 0.1,
                                                         "data_version": "x"})
    monkeypatch.setattr(build, "quarto_executable", lambda: None)
    assert build.run_build(DATA_DIR, tmp_path / "out", quarto=True) == 0
    printed = capsys.readouterr().out
    assert "need Quarto" in printed and "quarto.org" in printed


def _previous_build(tmp_path: Path) -> Path:
    output = tmp_path / "_output"
    output.mkdir()
    (output / "appendix.xlsx").write_text("previous build")
    return output


def _build_with_notebook(tmp_path: Path, name: str, second_cell: str) -> tuple[int, Path]:
    """Build over a previous output with one made-up notebook whose second cell fails."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                               nbformat.v4.new_code_cell(second_cell)])
    nbformat.write(notebook, notebooks / name)
    output = _previous_build(tmp_path)
    status = build.run_build(DATA_DIR, output, quarto=False, figures_dir=tmp_path / "figures",
                             notebooks_dir=notebooks)
    return status, output


def test_failing_notebook_stops_the_build_and_keeps_previous_outputs(tmp_path, capsys):
    status, output = _build_with_notebook(tmp_path, "broken.ipynb",
                                          "raise ValueError('broken on purpose')")
    assert status == 1
    message = capsys.readouterr().err
    assert "broken.ipynb" in message and "cell 2" in message
    assert "ValueError: broken on purpose" in message and "Traceback" not in message
    assert (output / "appendix.xlsx").read_text() == "previous build"
    # Nothing beside the output but its (released, empty) lock file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_output", "_output.lock", "notebooks"]
    assert (tmp_path / "_output.lock").read_text() == ""


def test_bad_data_stops_the_build_and_keeps_previous_outputs(tmp_path, data_copy, capsys):
    projects = data_copy / "projects.csv"
    projects.write_text(projects.read_text("utf-8").replace(",410000,", ",-410000,"), "utf-8")
    output = _previous_build(tmp_path)
    assert build.run_build(data_copy, output, quarto=False,
                           figures_dir=tmp_path / "figures") == 1
    message = capsys.readouterr().err
    assert "data/projects.csv" in message and "amount_sek" in message
    assert (output / "appendix.xlsx").read_text() == "previous build"


def test_with_quarto_the_build_prepares_then_renders_each_edition_once(tmp_path, monkeypatch,
                                                                       capsys):
    fake_quarto = tmp_path / "quarto"
    record = tmp_path / "called.txt"
    fake_quarto.write_text("#!/bin/sh\n"
                           f"echo \"$@|$ANALYSIS_PREPARED_VERSION|$QUARTO_PYTHON"
                           f"|$ANALYSIS_LANGUAGE\" >> {record}\n")
    fake_quarto.chmod(0o755)
    monkeypatch.setattr(build, "quarto_executable", lambda: str(fake_quarto))
    monkeypatch.setattr(build, "prepare", lambda *args: {"prepare_seconds": 0.1,
                                                         "data_version": "abc123",
                                                         "reused": []})
    assert build.run_build() == 0
    calls = [call.split("|") for call in record.read_text().strip().splitlines()]
    assert [(arguments, language) for arguments, _, _, language in calls] == \
        [("render", "en"), ("render --profile sv", "sv")]  # each edition rendered once
    assert all(version == "abc123" and python.endswith("python")
               for _, version, python, _ in calls)


def test_pre_render_inside_that_quarto_run_does_not_prepare_again(tmp_path, monkeypatch):
    from analysis.dataset import data_version
    (tmp_path / "build-info.json").write_text("{}")
    monkeypatch.setenv(build.PREPARED_ENV, data_version(DATA_DIR))
    monkeypatch.setattr(build, "prepare", lambda *args: pytest.fail("prepared twice"))
    assert build.run_build(DATA_DIR, tmp_path, quarto=False) == 0


def test_a_second_build_reuses_what_did_not_change_and_reruns_what_did(tmp_path):
    import shutil
    notebooks = tmp_path / "notebooks-source"
    shutil.copytree(PROJECT_ROOT / "analysis", notebooks,
                    ignore=shutil.ignore_patterns("*.py", "text", "__pycache__"))
    output, figures = tmp_path / "_output", tmp_path / "figures"
    first = build.prepare(DATA_DIR, output, figures, notebooks)
    assert first["reused"] == []
    appendix_written = (output / build.APPENDIX_NAME).stat().st_mtime_ns

    second = build.prepare(DATA_DIR, output, figures, notebooks)
    steps = set(second["fingerprints"]) - {"report:en", "report:sv"}  # Quarto did not run
    assert set(second["reused"]) == steps
    assert second["task_seconds"] == {}  # nothing ran
    assert (output / build.APPENDIX_NAME).stat().st_mtime_ns == appendix_written
    assert sorted(p.name for p in (output / "figures").iterdir()) == \
        sorted(p.name for p in figures.iterdir())

    grants = notebooks / "grants.ipynb"
    grants.write_text(grants.read_text(encoding="utf-8").replace("# Grants", "# Grants!", 1),
                      encoding="utf-8")
    third = build.prepare(DATA_DIR, output, figures, notebooks)
    assert {"notebook:grants.ipynb:en", "notebook:grants.ipynb:sv"}.isdisjoint(third["reused"])
    assert set(third["task_seconds"]) == {"grants.ipynb (en)", "grants.ipynb (sv)"}
    executed = nbformat.read(output / "notebooks" / "sv" / "grants.ipynb", as_version=4)
    assert executed.cells[0].source.startswith("# Grants!")


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(tmp_path, capsys):
    output = tmp_path / "_output"
    with build.output_lock(output):
        assert (tmp_path / "_output.lock").read_text() == str(__import__("os").getpid())
        status = build.run_build(DATA_DIR, output, quarto=False,
                                 figures_dir=tmp_path / "figures")
    assert status == 1
    message = capsys.readouterr().err
    assert message.startswith("Build refused: another build (process ")
    assert "is writing to" in message and "run this again when it has finished" in message
    assert not output.exists()  # the refused build wrote nothing
    with build.output_lock(output):  # released: the next build may run
        pass


def test_a_kernel_that_dies_is_named_with_its_notebook_and_cell(tmp_path, capsys):
    status, output = _build_with_notebook(
        tmp_path, "dying.ipynb", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert status == 1
    message = capsys.readouterr().err
    assert "notebook dying.ipynb: its kernel died in cell 2" in message
    assert "Traceback" not in message and "DeadKernelError" not in message
    assert (output / "appendix.xlsx").read_text() == "previous build"
