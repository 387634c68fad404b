"""Executing the analysis notebooks with nbclient, once per edition.

Readers rerun the same notebooks, so the build executes the real ones: each gets its
edition's captions and alt texts written into its `#|` options, runs on a kernel that reads
the data the build validated, and is written as an executed .ipynb and an offline .html page.

Each edition has one kernel, which runs its notebooks one after the other, each in a fresh
namespace (IPython's reset: no variable of the notebook before, execution counts from 1), as
a reader's fresh kernel would. Starting a kernel and importing pandas, Altair and the package
in it took about 5 s of CPU, twelve times a build; the imported modules are what the
notebooks share, never their data.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..handover import PNG_CACHE_ENV, VALIDATED_DATA_ENV, save_validated
from ..editions import LANGUAGE_ENV, Edition
from ..paths import DATA_DIR_ENV
from . import BuildError
from .quarto import REMOTE_SCRIPT

NOTEBOOK_TIMEOUT_SECONDS = 600
IOPUB_TIMEOUT_SECONDS = 120  # a cell's outputs after its reply (nbclient waits 4 s)
_CAPTION_LINE = re.compile(r"^#\|\s*(fig-cap|fig-alt|tbl-cap)\s*:")
_LABEL_LINE = re.compile(r"^#\|\s*label\s*:\s*(\S+)\s*$")


# --- captions ------------------------------------------------------------------------------

def caption_lines(label: str, edition: Edition, alt: str | None) -> list[str]:
    """The `#|` lines a labelled cell carries in this edition: its caption from the edition's
    catalogue and, for a figure, its text alternative `alt`, written from the chart's data
    (charts.alt_texts); a figure without one has none to fall back on."""
    entry = edition.catalogue.get("captions", {}).get(label)
    if entry is None:
        raise KeyError(f"no caption for {label!r} in analysis/text/{edition.language}.toml "
                       "[captions]")
    kind = label.split("-", 1)[0]  # fig or tbl
    lines = [f"#| {kind}-cap: {json.dumps(entry['cap'], ensure_ascii=False)}"]
    if kind == "fig":
        if not alt:
            raise KeyError(f"no alt text for {label!r}: a figure's alt text is written from "
                           "its data (analysis.charts.alt_texts); is it in charts.FIGURES?")
        lines.append(f"#| fig-alt: {json.dumps(alt, ensure_ascii=False)}")
    return lines


def insert_captions(notebook, edition: Edition, alt_texts: dict[str, str]):
    """The notebook with each labelled cell's caption and, for a figure, its alt text
    (`alt_texts`: label -> text written from the chart's data) in the edition's language,
    placed after its label, where Quarto reads them when it embeds the cell's output."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        labels = [match.group(1) for line in lines if (match := _LABEL_LINE.match(line))]
        if not labels or not labels[0].startswith(("fig-", "tbl-")):
            continue
        kept = [line for line in lines if not _CAPTION_LINE.match(line)]
        at = next(i for i, line in enumerate(kept) if _LABEL_LINE.match(line)) + 1
        captions = caption_lines(labels[0], edition, alt_texts.get(labels[0]))
        cell.source = "\n".join(kept[:at] + captions + kept[at:])
    return notebook


# --- kernels -------------------------------------------------------------------------------

@dataclass
class EditionKernel:
    """The kernel that runs an edition's notebooks, one at a time (`turn`); started by the
    first of them."""
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    manager: Any = None  # jupyter_client's AsyncKernelManager, once started
    client: Any = None  # its client, once the first notebook has run
    sockets: str | None = None  # the private folder of its sockets and connection file

    def stop(self) -> None:
        """However its notebooks ended, no kernel outlives them and its socket folder goes.
        One still running is killed at once, without giving the event loop a turn, in which
        nbclient's background tasks would find their client gone (Ctrl-C may land while the
        kernel is still starting)."""
        manager, client, sockets = self.manager, self.client, self.sockets
        self.manager = self.client = self.sockets = None
        try:
            if client is not None:
                client.stop_channels()
            process = (getattr(manager.provisioner, "process", None)
                       if manager is not None and manager.has_kernel else None)
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=5)
        except Exception:  # already gone: nothing to stop
            pass
        finally:
            if sockets:
                shutil.rmtree(sockets, ignore_errors=True)


@dataclass
class Kernels:
    """A kernel per edition, as many running a notebook at a time as `slots` allows, that
    read the validated data."""
    environment: dict[str, str]
    slots: asyncio.Semaphore
    handover_seconds: float = 0.0  # pickling the validated data for them
    folder: Path | None = None  # where the hand-over is written
    png_cache: Path | None = None  # the charts' PNGs the kernels drew (render.chart_png)
    validated: Path | None = None  # the hand-over of the validated tables (save_validated)
    by_edition: dict[str, EditionKernel] = field(default_factory=dict)

    def of(self, edition: Edition) -> EditionKernel:
        return self.by_edition.setdefault(edition.language, EditionKernel())

    def stop(self) -> None:
        for kernel in self.by_edition.values():
            kernel.stop()


# The kernels and the appendix process run beside the build, and the machine's peak memory is
# their sum. pyarrow's allocator (mimalloc) keeps the memory a notebook freed for the process,
# by default: a kernel that had run a notebook held 150 MB more than one that had not, and a
# notebook's own peak was higher by as much (measured at 50 000 projects). Freed at once,
# both are gone.
RETURN_FREED_MEMORY = {"MIMALLOC_PURGE_DELAY": "0"}


@contextmanager
def kernels_for(data):
    """Kernels that get the data just validated here (same content hash), pickled into a
    temporary folder, instead of validating it again; two at a time, on two cores."""
    with tempfile.TemporaryDirectory(prefix="validated-") as folder:
        began = time.perf_counter()
        validated, data_dir = save_validated(data, Path(folder)), data.data_dir
        del data  # the caller's to keep or free
        png_cache = Path(folder) / "png"
        png_cache.mkdir()
        kernels = Kernels({**os.environ, **RETURN_FREED_MEMORY, DATA_DIR_ENV: str(data_dir),
                           VALIDATED_DATA_ENV: str(validated), PNG_CACHE_ENV: str(png_cache)},
                          asyncio.Semaphore(max(1, min(2, os.cpu_count() or 1))),
                          time.perf_counter() - began, Path(folder), png_cache, validated)
        try:
            yield kernels
        finally:
            kernels.stop()


async def execute_notebook(source: Path, edition: Edition,
                           alt_texts: Callable[[], Awaitable[dict[str, str]]],
                           staged: Path, kernels: Kernels,
                           vega_header: Callable[[], Awaitable[str]],
                           environment: Callable[[], Awaitable[dict[str, str]]] | None = None
                           ) -> tuple[str, float]:
    """Run one notebook for one edition, in a fresh namespace on the edition's kernel; write
    the executed .ipynb and an offline .html page into the edition's notebooks folder under
    `staged`. The captions and alt texts (`#|` comments, which the kernel does not read) go in
    once it has run, so that it runs while the build draws the edition's figures for their alt
    texts. `environment` gives the kernel's environment (the hand-over of data and metrics)
    when they are ready; without it, `kernels.environment`."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = nbformat.read(source, as_version=4)
    target_dir = staged / edition.notebooks_folder
    target_dir.mkdir(parents=True, exist_ok=True)
    kernel_environment = await environment() if environment else kernels.environment
    kernel = kernels.of(edition)
    async with kernel.turn, kernels.slots:
        began = time.perf_counter()
        if kernel.manager is None:
            kernel.manager, kernel.sockets = _kernel_manager()
        client = NotebookClient(
            notebook, km=kernel.manager, timeout=NOTEBOOK_TIMEOUT_SECONDS,
            kernel_name="python3", resources={"metadata": {"path": str(source.parent)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            # A cell's outputs may reach the client after its reply, later still while the
            # build's own work holds the event loop; nbclient's default (4 s, then go on)
            # once dropped a table from the report on a loaded machine without a word.
            iopub_timeout=IOPUB_TIMEOUT_SECONDS, raise_on_iopub_timeout=True)
        try:
            if kernel.client is not None:
                await _fresh_namespace(kernel.client)
                client.kc = kernel.client  # nbclient starts neither kernel nor client then
            # A notebook is an entry point: its kernel learns its edition from the environment.
            await client.async_execute(env={**kernel_environment,
                                            LANGUAGE_ENV: edition.language})
            kernel.client = client.kc
        except BaseException as error:
            kernel.stop()  # nothing runs on it again: the build stops here
            if isinstance(error, CellExecutionError):
                raise _notebook_error(source, notebook, error) from None
            if isinstance(error, CellTimeoutError):
                raise BuildError(
                    f"notebook {source.name}: cell {_running_cell_number(notebook)} did not "
                    f"finish within {NOTEBOOK_TIMEOUT_SECONDS} s, or its outputs did not arrive "
                    f"within {IOPUB_TIMEOUT_SECONDS} s of its end (an overloaded machine can "
                    "do this); run the build again") from None
            if isinstance(error, DeadKernelError):
                raise BuildError(
                    f"notebook {source.name}: its kernel died in cell "
                    f"{_running_cell_number(notebook)} (killed by the system, for example when "
                    "memory ran out)") from None
            raise
        seconds = time.perf_counter() - began
    print(f"      notebook {source.name} ({edition.language}) ran in {seconds:.1f} s",
          flush=True)
    insert_captions(notebook, edition, await alt_texts())
    nbformat.write(notebook, target_dir / source.name)
    (target_dir / source.with_suffix(".html").name).write_text(
        notebook_html(notebook, await vega_header()), encoding="utf-8")
    return f"{source.name} ({edition.language})", seconds


def _kernel_manager():
    """A kernel manager, and the private folder of its sockets. Kernels talk over Unix sockets
    there: TCP ports picked by kernels that start at the same moment can collide ("Address
    already in use"). The connection file (it holds the kernel's key) goes in the same
    folder; left to itself, jupyter_client leaves one tmp*.json per kernel behind."""
    from jupyter_client.manager import AsyncKernelManager

    sockets = tempfile.mkdtemp(prefix="kernel-")
    return AsyncKernelManager(kernel_name="python3", transport="ipc",
                              ip=os.path.join(sockets, "kernel"),
                              connection_file=os.path.join(sockets, "kernel.json")), sockets


# Binds no name in the notebook's namespace, which it empties (analysis/notebook_start.py).
_RESET = "__import__('analysis.notebook_start', fromlist=['_']).fresh_notebook()"


async def _fresh_namespace(client) -> None:
    reply = await client.execute_interactive(
        _RESET, silent=True, store_history=False, timeout=IOPUB_TIMEOUT_SECONDS,
        output_hook=lambda message: None)
    if reply["content"]["status"] != "ok":
        raise BuildError(f"could not reset the kernel between notebooks: "
                         f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")


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

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    body = REMOTE_SCRIPT.sub("", body)
    return body.replace("</head>", vega_header + "\n</head>", 1)


# --- Ctrl-C --------------------------------------------------------------------------------

async def cancelled_by_ctrl_c(work: Coroutine):
    """Await `work`; Ctrl-C cancels it, so that every kernel is shut down and every temporary
    folder removed, then ends it as an interruption, whatever error the cancellation caused
    on the way (a kernel shut down mid-cell, for example).

    nbclient installs its own SIGINT handler for each notebook (it shuts that kernel down)
    and removes it when the notebook ends; the loop's handler methods are wrapped so that its
    handler runs together with ours and ours stays in place."""
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
        return await work  # not the main thread: no Ctrl-C here
    loop.add_signal_handler, loop.remove_signal_handler = add_handler, remove_handler
    try:
        return await work
    except BaseException:
        if interrupted:
            raise KeyboardInterrupt from None
        raise
    finally:
        del loop.add_signal_handler, loop.remove_signal_handler  # the class's own again
        remove(signal.SIGINT)
