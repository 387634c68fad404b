"""The build end to end on the real data: notebooks run, outputs land, failures leave the
previous outputs untouched. One real build is shared by the tests in this module."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis import charts, load_dataset
from analysis.build import command, runner
from analysis.build.output import LOCK_SIGNATURE, output_lock
from analysis.build.places import FIGURES_MANIFEST, OUTPUT_MARK
from analysis.build.steps import notebook_paths
from analysis.paths import DATA_DIR, PROJECT_ROOT
from analysis.editions import Edition

ENGLISH, SWEDISH = Edition("en"), Edition("sv")

EMBED = re.compile(r"\{\{<\s*embed\s+(\S+?)#(\S+)\s*>\}\}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    output, figures = root / "_output", root / "figures"
    from analysis import render
    drawn_here = []  # PNGs the build's own process draws (the kernels draw theirs)
    draw = render._draw_png
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(render, "_draw_png", lambda spec: drawn_here.append(spec) or draw(spec))
        status = command.run_build(DATA_DIR, output, quarto=False, figures_dir=figures)
    assert status == 0
    # Each PNG drawn once: the figure files take theirs from the English notebooks.
    assert drawn_here == []
    return output, figures


@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_notebook_executed_without_errors(built, language):
    output, _ = built
    for source in notebook_paths():
        executed = nbformat.read(output / "notebooks" / language / source.name, as_version=4)
        code = [c for c in executed.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), source.name
        outputs = [o for c in code for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"], source.name


@pytest.mark.parametrize("language", ["en", "sv"])
def test_notebook_pages_draw_offline(built, language):
    output, _ = built
    for source in notebook_paths():
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
    texts = charts.alt_texts(charts.draw_edition(load_dataset(), language))
    assert set(texts) == {f"fig-{name}" for name in charts.FIGURES_BY_NAME}
    found = {}
    for source in notebook_paths():
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
    from analysis.build.notebooks import insert_captions
    from analysis.text import LANGUAGES, catalogue
    for language in LANGUAGES:
        assert not [label for label, entry in catalogue(language)["captions"].items()
                    if "alt" in entry], language
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('#| label: fig-grants\n#| fig-alt: "old"\nx = 1'),
        nbformat.v4.new_code_cell("#| label: fig-timeline\ny = 2")])
    with pytest.raises(KeyError, match="fig-timeline"):
        insert_captions(notebook, ENGLISH, {"fig-grants": 'Bars: "quoted" – 1 kr'})
    insert_captions(notebook, ENGLISH, {"fig-grants": 'Bars: "quoted" – 1 kr',
                                        "fig-timeline": "Gantt chart"})
    assert '#| fig-alt: "Bars: \\"quoted\\" – 1 kr"' in notebook.cells[0].source
    assert '"old"' not in notebook.cells[0].source
    assert '#| fig-alt: "Gantt chart"' in notebook.cells[1].source
    # Those the build writes: of the project's data, in the edition's language.
    insert_captions(notebook, SWEDISH, charts.alt_texts(charts.draw_edition(load_dataset(), "sv")))
    assert '#| fig-alt: "Gantt-diagram över' in notebook.cells[1].source


def test_figures_written_as_svg_and_png(built):
    _, figures = built
    import struct
    for name in charts.FIGURES_BY_NAME:
        svg = (figures / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "DejaVu Sans" in svg, name
        png = (figures / f"{name}.png").read_bytes()
        width, height = struct.unpack(">II", png[16:24])
        assert png.startswith(b"\x89PNG") and width >= 300 and height >= 150, name


def test_two_builds_give_the_same_figures(built, tmp_path):
    _, figures = built
    from analysis import load_dataset
    charts.setup()
    charts.write_figures(charts.draw_edition(load_dataset(), "en"), tmp_path)
    for name in charts.FIGURES_BY_NAME:
        assert (tmp_path / f"{name}.svg").read_bytes() == (figures / f"{name}.svg").read_bytes()
        # The PNG the notebook drew is the one drawn here from the same chart.
        assert (tmp_path / f"{name}.png").read_bytes() == (figures / f"{name}.png").read_bytes()


def test_a_figure_file_is_the_png_its_english_notebook_shows(built):
    import base64
    output, figures = built
    shown = {}
    for path in (output / ENGLISH.notebooks_folder).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            label = re.search(r"^#\|\s*label:\s*(fig-\S+)", cell.get("source", ""), re.M)
            for out in cell.get("outputs", []) if label else []:
                if "image/png" in out.get("data", {}):
                    shown[label.group(1)] = base64.b64decode(out["data"]["image/png"])
    for figure in charts.FIGURES:
        assert (figures / f"{figure.name}.png").read_bytes() == shown[figure.label], figure.name


def test_appendix_and_build_info(built):
    output, _ = built
    assert (output / ENGLISH.appendix_file).stat().st_size > 5000
    assert (output / "sv" / "appendix.xlsx").stat().st_size > 5000  # Swedish edition
    info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{12}", info["data_version"])
    assert info["package_versions"]["pandas"] != "not installed"
    assert not list(output.parent.glob("_output.tmp-*"))


def test_build_without_quarto_says_what_it_skipped(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(command, "prepare", lambda *args: {"prepare_seconds": 0.1,
                                                         "data_version": "x"})
    monkeypatch.setattr(command, "quarto_executable", lambda: None)
    assert command.run_build(DATA_DIR, tmp_path / "out", quarto=True) == 0
    printed = capsys.readouterr().out
    assert "need Quarto" in printed and "quarto.org" in printed


def _previous_build(tmp_path: Path) -> Path:
    output = tmp_path / "_output"
    output.mkdir()
    (output / OUTPUT_MARK).write_text("")  # an earlier build's output: the build may replace it
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
    status = command.run_build(DATA_DIR, output, quarto=False, figures_dir=tmp_path / "figures",
                             notebooks_dir=notebooks)
    return status, output


def test_an_editions_notebooks_share_its_kernel_and_each_starts_fresh(tmp_path):
    """One kernel per edition runs its notebooks in turn; each notebook finds none of the
    variables of the one before, counts its cells from 1 and its page elements' ids from 1,
    as on a reader's fresh kernel."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    cell = nbformat.v4.new_code_cell
    made_ids = "from analysis import element_ids\nelement_ids.element_id('table', 'd')"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        cell("import os\nleftover = 'from the first notebook'"), cell(made_ids),
        cell(made_ids), cell("os.getpid()")]), notebooks / "a.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[
        cell("'leftover' in globals() or 'os' in globals()"), cell(made_ids),
        cell("__import__('os').getpid()")]), notebooks / "b.ipynb")
    output = tmp_path / "_output"
    assert command.run_build(DATA_DIR, output, quarto=False, figures_dir=tmp_path / "figures",
                             notebooks_dir=notebooks) == 0

    def results(path: Path) -> list[tuple[int, str]]:
        return [(c.execution_count, c.outputs[0]["data"]["text/plain"] if c.outputs else "")
                for c in nbformat.read(path, as_version=4).cells]
    kernels = set()
    for language in ("en", "sv"):
        folder = output / Edition(language).notebooks_folder
        first, second = results(folder / "a.ipynb"), results(folder / "b.ipynb")
        assert [count for count, _ in first] == [1, 2, 3, 4]
        assert [text for _, text in first[1:3]] == ["'table-d-1'", "'table-d-2'"]
        assert second[:2] == [(1, "False"), (2, "'table-d-1'")]
        assert first[3][1] == second[2][1]  # the same kernel process
        kernels.add(first[3][1])
    assert len(kernels) == 2  # a kernel per edition


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
    assert (tmp_path / "_output.lock").read_text() == LOCK_SIGNATURE


def test_bad_data_stops_the_build_and_keeps_previous_outputs(tmp_path, data_copy, capsys):
    projects = data_copy / "projects.csv"
    projects.write_text(projects.read_text("utf-8").replace(",410000,", ",-410000,"), "utf-8")
    output = _previous_build(tmp_path)
    assert command.run_build(data_copy, output, quarto=False,
                           figures_dir=tmp_path / "figures") == 1
    message = capsys.readouterr().err
    assert "data/projects.csv" in message and "amount_sek" in message
    assert (output / "appendix.xlsx").read_text() == "previous build"


def test_with_quarto_the_build_renders_the_editions_side_by_side(tmp_path, monkeypatch):
    """Each edition is rendered once, by this interpreter, in its language, while the build
    holds the output lock; both at once, each in a folder of its own where report.qmd's
    embeds find that edition's notebooks and no pre-render step runs. Each report is then
    moved into the output folder, and nothing of the render folders is left."""
    import sys
    import tempfile
    output = tmp_path / "_output"
    for edition in (ENGLISH, SWEDISH):
        (output / edition.notebooks_folder).mkdir(parents=True)
        (output / edition.notebooks_folder / "overview.ipynb").write_text(edition.language)
        (output / edition.report_text_file).parent.mkdir(exist_ok=True)
        (output / edition.report_text_file).write_text("{}")
    (output / "vega-header.html").write_text("<script></script>")
    record = tmp_path / "called.txt"
    fake_quarto = tmp_path / "quarto"
    fake_quarto.write_text(
        f"#!{sys.executable}\n"
        "import fcntl, os, sys, time\n"
        "began = time.time()\n"
        f"with open({str(tmp_path / '_output.lock')!r}, 'a+') as lock:\n"
        "    try:\n"
        "        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "        state = 'free'\n"
        "    except BlockingIOError:\n"
        "        state = 'held'\n"
        "language = os.environ['ANALYSIS_LANGUAGE']\n"
        "folder = '_output/' + ('' if language == 'en' else language + '/')\n"
        "embedded = open('_output/notebooks/overview.ipynb').read()\n"
        "assert open('_output/vega-header.html').read() == '<script></script>'\n"
        "assert open(folder + 'report-text.json').read() == '{}'\n"
        "pre_render = 'pre-render' in open('_quarto.yml').read()\n"
        "time.sleep(1)\n"
        "for name in ('report.html', 'report.pdf'):\n"
        "    open(folder + name, 'w').write('rendered ' + language)\n"
        f"with open({str(record)!r}, 'a') as out:\n"
        "    python = os.environ['PATH'].split(os.pathsep)[0]\n"
        "    out.write('|'.join([' '.join(sys.argv[1:]), python, language, state, embedded,\n"
        "                        str(pre_render), str(began), str(time.time())]) + '\\n')\n")
    fake_quarto.chmod(0o755)
    monkeypatch.setattr(command, "OUTPUT_DIR", output)
    monkeypatch.setattr(command, "quarto_executable", lambda: str(fake_quarto))
    monkeypatch.setattr(command, "prepare", lambda *args: {"prepare_seconds": 0.1,
                                                           "data_version": "abc123",
                                                           "reused": []})
    monkeypatch.setattr(command, "check_output_folder", lambda *args: None)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    tempfile.tempdir = None  # read TMPDIR again
    try:
        assert command.run_build() == 0
    finally:
        tempfile.tempdir = None
    calls = sorted(call.split("|") for call in record.read_text().strip().splitlines())
    assert [(arguments, language, embedded) for arguments, _, language, _, embedded, *_
            in calls] == [("render", "en", "en"), ("render --profile sv", "sv", "sv")]
    # Quarto's post-render step (`python`) is the build's own interpreter.
    assert all(call[1] == str(Path(sys.executable).parent) for call in calls)
    assert all(call[3] == "held" and call[5] == "False" for call in calls)
    (_, english_end), (sv_start, _) = [(float(call[6]), float(call[7])) for call in calls]
    assert sv_start < english_end  # side by side
    for edition in (ENGLISH, SWEDISH):
        for name in edition.report_files:
            assert (output / name).read_text() == f"rendered {edition.language}"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_render_folder_is_the_project_without_its_pre_render_step(tmp_path):
    import yaml

    from analysis.build.quarto import render_folder
    output = tmp_path / "_output"
    rendered = render_folder(tmp_path / "sv", output, SWEDISH)
    folder = tmp_path / "sv"
    assert rendered == folder / "_output" / "sv"
    settings = yaml.safe_load((PROJECT_ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert settings["project"].pop("pre-render")
    assert yaml.safe_load((folder / "_quarto.yml").read_text(encoding="utf-8")) == settings
    for name in ("report.qmd", "_quarto-sv.yml", "analysis"):
        assert (folder / name).resolve() == PROJECT_ROOT / name
    assert (folder / "_output" / "notebooks").readlink() == output / "notebooks" / "sv"
    assert (folder / "_output" / "vega-header.html").readlink() == output / "vega-header.html"
    assert (rendered / "report-text.json").readlink() == output / "sv" / "report-text.json"


def test_pre_render_prepares_again_finds_nothing_to_do_and_selects_its_edition(built,
                                                                                tmp_path):
    """What `quarto render --profile sv` runs first (the build without Quarto, for the
    Swedish edition) right after a build: every step is reused, nothing runs, and report.qmd
    embeds the Swedish notebooks. A staging folder left by a killed build goes."""
    import shutil
    output, figures = tmp_path / "_output", tmp_path / "figures"
    shutil.copytree(built[0], output)
    abandoned = tmp_path / "_output.tmp-1"
    abandoned.mkdir()
    before = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    for _ in range(2):  # as often as it runs: idempotent
        assert command.run_build(DATA_DIR, output, quarto=False, figures_dir=figures,
                                 edition=SWEDISH) == 0
        info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
        assert info["fingerprints"] == before["fingerprints"]
        assert set(info["reused"]) == set(before["fingerprints"]) - {"report:en", "report:sv"}
        assert info["task_seconds"] == {}  # no kernel, figure or workbook
    for source in notebook_paths():
        assert (output / "notebooks" / source.name).read_bytes() == \
            (output / "notebooks" / "sv" / source.name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_output", "_output.lock", "figures"]


def test_a_second_build_reuses_what_did_not_change_and_reruns_what_did(tmp_path):
    import shutil
    notebooks = tmp_path / "notebooks-source"
    shutil.copytree(PROJECT_ROOT / "analysis", notebooks,
                    ignore=shutil.ignore_patterns("*.py", "text", "__pycache__"))
    output, figures = tmp_path / "_output", tmp_path / "figures"
    first = runner.prepare(DATA_DIR, output, figures, notebooks)
    assert first["reused"] == []
    # Each edition's text, for Quarto: as written from the data with the build's record.
    from analysis import prose
    for edition in (ENGLISH, SWEDISH):
        saved = json.loads((output / edition.report_text_file).read_text(encoding="utf-8"))
        assert saved["paragraphs"] == {
            name: text.markdown
            for name, text in vars(prose.report_text(load_dataset(), first,
                                                     edition.language)).items()}
    appendix_written = (output / ENGLISH.appendix_file).stat().st_mtime_ns

    def validated(*_):
        raise RuntimeError("validated")
    with pytest.MonkeyPatch.context() as patch:
        # Nothing changed: the data that the first build validated are not read again.
        patch.setattr(runner, "load_dataset", validated)
        second = runner.prepare(DATA_DIR, output, figures, notebooks)
        # A byte of data/ changed (its content hash): validated first, before anything runs.
        patch.setattr(runner, "data_version", lambda folder: "0123456789ab")
        with pytest.raises(RuntimeError, match="validated"):
            runner.prepare(DATA_DIR, output, figures, notebooks)
    assert second["provenance_check"] == first["provenance_check"]
    assert "data/ unchanged since the outputs were made" in " ".join(second["step_seconds"])
    steps = set(second["fingerprints"]) - {"report:en", "report:sv"}  # Quarto did not run
    assert set(second["reused"]) == steps
    assert second["task_seconds"] == {}  # nothing ran
    assert (output / ENGLISH.appendix_file).stat().st_mtime_ns == appendix_written
    # The figures folder also holds the build's manifest of the figures it wrote there.
    assert sorted(p.name for p in (output / "figures").iterdir()) == \
        sorted(p.name for p in figures.iterdir() if p.name != FIGURES_MANIFEST)

    grants = notebooks / "grants.ipynb"
    grants.write_text(grants.read_text(encoding="utf-8").replace("# Grants", "# Grants!", 1),
                      encoding="utf-8")
    third = runner.prepare(DATA_DIR, output, figures, notebooks)
    assert {"notebook:grants.ipynb:en", "notebook:grants.ipynb:sv"}.isdisjoint(third["reused"])
    # The notebooks that ran, the data handed to their kernels with the metrics computed
    # once for both editions (those of the provenance before the tables are handed over),
    # each edition drawn once (for the notebooks' alt texts).
    assert set(third["task_seconds"]) == {"grants.ipynb (en)", "grants.ipynb (sv)",
                                          "metrics of the provenance", "hand-over (pickle)",
                                          "hand-over of metrics (pickle)",
                                          "metrics of the tables",
                                          "draw figures (en)", "draw figures (sv)"}
    executed = nbformat.read(output / "notebooks" / "sv" / "grants.ipynb", as_version=4)
    assert executed.cells[0].source.startswith("# Grants!")


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(tmp_path, capsys):
    output = tmp_path / "_output"
    with output_lock(output):
        assert (tmp_path / "_output.lock").read_text() == \
            f"{LOCK_SIGNATURE}{__import__('os').getpid()}\n"
        status = command.run_build(DATA_DIR, output, quarto=False,
                                 figures_dir=tmp_path / "figures")
    assert status == 1
    message = capsys.readouterr().err
    assert message.startswith("Build refused: another build (process ")
    assert "is writing to" in message and "run this again when it has finished" in message
    assert not output.exists()  # the refused build wrote nothing
    with output_lock(output):  # released: the next build may run
        pass


def test_a_kernel_that_dies_is_named_with_its_notebook_and_cell(tmp_path, capsys):
    status, output = _build_with_notebook(
        tmp_path, "dying.ipynb", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert status == 1
    message = capsys.readouterr().err
    assert "notebook dying.ipynb: its kernel died in cell 2" in message
    assert "Traceback" not in message and "DeadKernelError" not in message
    assert (output / "appendix.xlsx").read_text() == "previous build"


@pytest.mark.slow
def test_after_quarto_the_record_is_the_builds_own_and_a_failed_render_is_tried_again(
        built, tmp_path, monkeypatch):
    """After the render the build's record holds the report's fingerprint of each edition
    Quarto rendered, and only of those: the next build renders the failed one again."""
    import shutil
    output, figures = tmp_path / "_output", tmp_path / "figures"
    shutil.copytree(built[0], output)
    info = runner.prepare(DATA_DIR, output, figures)
    assert set(info[runner.UNRENDERED]) == {"report:en", "report:sv"}
    assert not {"report:en", "report:sv"} & set(info["fingerprints"])  # none rendered yet
    info["task_seconds"] = {"grants.ipynb (en)": 1.5}  # as the build that ran it recorded

    def quarto_render(quarto, editions, output_dir):  # English renders, Swedish fails
        assert editions == [ENGLISH, SWEDISH] and output_dir == output
        for name in ENGLISH.report_files:
            (output / name).write_text("rendered")
        return {ENGLISH: (0, 3.5), SWEDISH: (1, 2.0)}
    monkeypatch.setattr(command, "render_side_by_side", quarto_render)
    assert command._render_editions("quarto", output, info) == 1

    record = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    assert record["task_seconds"]["grants.ipynb (en)"] == 1.5
    assert "report (en)" in record["task_seconds"] and "report (sv)" not in record["task_seconds"]
    assert "report:en" in record["fingerprints"] and "report:sv" not in record["fingerprints"]
    assert runner.UNRENDERED not in record
    again = runner.prepare(DATA_DIR, output, figures)  # the next build: Swedish again only
    assert "report:en" in again["reused"] and "report:sv" not in again["reused"]
    assert list(again[runner.UNRENDERED]) == ["report:sv"]
    assert (output / ENGLISH.report_files[0]).read_text() == "rendered"


def test_a_failing_worker_step_is_named_in_one_line():
    """A step in a process of its own (the Excel appendix) that fails: one line naming the
    step and the error, no traceback."""
    import asyncio
    import os

    from analysis.build import BuildError
    from analysis.build.worker import run_in_process
    environment = {**os.environ, "ANALYSIS_DATA_DIR": str(DATA_DIR)}
    with pytest.raises(BuildError) as failed:
        asyncio.run(run_in_process("appendix (xx)", ["appendix", "xx", "/nonexistent/a.xlsx"],
                                   {}, environment))
    message = str(failed.value)
    assert message.startswith("appendix (xx) failed: ") and "xx" in message[22:]
    assert "Traceback" not in message and "\n" not in message


@pytest.mark.slow
def test_a_failing_parallel_step_stops_the_build_and_publishes_nothing(tmp_path, capsys,
                                                                       monkeypatch):
    """The appendices are written in a process of their own beside the kernels: when it
    fails, the other steps are stopped, the build says so once, and the previous outputs
    stay."""
    from analysis.build import worker
    (tmp_path / "failing_worker.py").write_text(
        "import sys\nprint('ValueError: the workbook cannot be written', file=sys.stderr)\n"
        "sys.exit(1)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(worker, "WORKER_MODULE", "failing_worker")
    status, output = _build_with_notebook(tmp_path, "fine.ipynb", "y = 2")
    assert status == 1
    message = capsys.readouterr().err
    assert message.count("Build failed.") == 1 and message.count("appendix (") == 1
    assert "appendix (en, sv) failed: ValueError: the workbook cannot be written" in message
    assert "Traceback" not in message
    assert (output / "appendix.xlsx").read_text() == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["_output", "_output.lock", "failing_worker.py", "notebooks"]
