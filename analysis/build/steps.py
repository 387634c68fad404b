"""What the build makes, declared: each step's name, what it reads (the inputs of its
fingerprint), what it writes (relative to the output folder) and the function that writes it.

Every step also reads what all of them read: the data (its content hash), the source of the
`analysis` package and its text catalogues, the installed package versions and the build date
(the appendix and the report state it). The runner runs the steps whose fingerprint changed
and keeps the earlier outputs of the others. An edition's report is made by Quarto, after the
outputs are published: it is declared here so that an unchanged one is not rendered again.

A step imports the modules it needs (charts, appendix, render) when it starts, in the event
loop's thread, never two threads at once: a prepare that finds nothing to do, as Quarto's
pre-render step does right after a build, imports none of them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..dataset import Dataset
from ..handover import VALIDATED_METRICS_ENV, read_metrics_when_used, save_metrics
from ..paths import PROJECT_ROOT
from ..editions import EDITIONS, Edition
from .notebooks import Kernels, execute_notebook
from .worker import run_in_process

FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "analysis"
# Quarto's filter that puts the build's text into report.qmd (_quarto.yml filters).
REPORT_TEXT_FILTER = PROJECT_ROOT / "analysis" / "prose" / "report-text.lua"
REPORT_SOURCES = (PROJECT_ROOT / "report.qmd", PROJECT_ROOT / "_quarto.yml", REPORT_TEXT_FILTER)
# The Vega bundle of the installed vl-convert: the notebook pages inline it, Quarto puts it in
# the report's header (_quarto.yml include-in-header).
VEGA_HEADER_NAME = "vega-header.html"


@dataclass
class StepContext:
    """What a running step may use."""
    data: Dataset
    info: dict  # the build's record so far: the appendix states it
    staged: Path  # every output is written under this folder
    kernels: Kernels
    _drawn: dict[str, dict] = field(default_factory=dict)
    # Work done for several steps (drawing an edition's figures), by name: the build record
    # lists it beside the steps' own times.
    shared_seconds: dict[str, float] = field(default_factory=dict)
    _vega_header: asyncio.Future | None = None
    _drawing: dict[str, asyncio.Future] = field(default_factory=dict)
    _notebook_environment: asyncio.Future | None = None

    async def vega_header(self) -> str:
        """The Vega bundle the notebook pages inline, made once, in a thread (the earlier
        build's, when that step is reused): a notebook runs while it is made and waits for
        it only to write its page."""
        if self._vega_header is None:
            written = self.staged / VEGA_HEADER_NAME
            if written.exists():
                self._vega_header = asyncio.get_running_loop().create_future()
                self._vega_header.set_result(written.read_text(encoding="utf-8"))
            else:
                from .. import render
                self._vega_header = asyncio.ensure_future(
                    asyncio.to_thread(render.vega_header_html))
        return await self._vega_header

    def drawn(self, edition: Edition) -> dict:
        """Every figure of the edition, drawn once (charts.draw_edition): the alt texts and
        the figure files are taken from the same drawing."""
        if edition.language not in self._drawn:
            from .. import charts
            began = time.perf_counter()
            self._drawn[edition.language] = charts.draw_edition(self.data, edition.language)
            self.shared_seconds[f"draw figures ({edition.language})"] = \
                time.perf_counter() - began
        return self._drawn[edition.language]

    async def drawing(self, edition: Edition) -> dict:
        """`drawn`, in a thread, once for all the steps that wait for it: the event loop
        keeps driving the kernels meanwhile."""
        if edition.language not in self._drawing:
            from .. import charts  # noqa: F401 — imported here, in the loop's thread
            self._drawing[edition.language] = asyncio.ensure_future(
                asyncio.to_thread(self.drawn, edition))
        return await self._drawing[edition.language]

    async def notebook_environment(self) -> dict[str, str]:
        """The kernels' environment, once the metrics are computed and handed over beside
        the data: every metric is computed once per build (a metric does not depend on the
        language), here, while drawing the first edition's figures, which the build needs
        anyway, and then the tables' (compute_tables_metrics); the kernels of both editions
        take them from the hand-over (handover.save_metrics)."""
        if self._notebook_environment is None:
            self._notebook_environment = asyncio.ensure_future(self._share_metrics())
        return await self._notebook_environment

    async def _share_metrics(self) -> dict[str, str]:
        await self.drawing(EDITIONS[0])
        began = time.perf_counter()
        await asyncio.to_thread(compute_tables_metrics, self.data)
        self.shared_seconds["metrics of the tables"] = time.perf_counter() - began
        began = time.perf_counter()
        path = await asyncio.to_thread(save_metrics, self.data, self.kernels.folder)
        # From here on the build reads a metric back from the hand-over when it uses it
        # again (the second edition's drawing, the report text): it holds only those.
        read_metrics_when_used(self.data, path)
        self.shared_seconds["hand-over of metrics (pickle)"] = time.perf_counter() - began
        return {**self.kernels.environment, VALIDATED_METRICS_ENV: str(path)}

    async def alt_texts(self, edition: Edition) -> dict[str, str]:
        """Every figure's alt text, written from its data in the edition's language."""
        from .. import charts
        return charts.alt_texts(await self.drawing(edition))


def compute_tables_metrics(data: Dataset) -> None:
    """The metrics the notebooks show beside the figures (the tables, the overview's key
    numbers), computed into the dataset's memo before it is handed over, so that no kernel
    computes one (tests/test_handover.py runs the notebooks' code and finds none missing)."""
    from .. import metrics
    from ..metrics import networks, portfolio
    from ..text import title_field

    metrics.key_numbers(data)
    networks.coordinators_led(data)
    networks.coordinator_returns(data)
    portfolio.by_group(data, "call")
    portfolio.places(data, "county")
    for title in sorted({title_field(edition.language) for edition in EDITIONS}):
        metrics.municipalities_involved(data, title)
        metrics.shared_organisations(data, title)


def compute_provenance_metrics(data: Dataset) -> None:
    """The metrics that read the provenance (the largest table), computed before the tables
    are handed over: the build's own process does not hold that table after (run_steps)."""
    from .. import metrics
    metrics.key_numbers(data)
    metrics.facts_per_source(data)


def compute_for_kernels(data: Dataset) -> None:
    """What the build computes before the hand-over of the metrics: the metrics that read
    the provenance, the first edition's figures (drawn for their alt texts and files) and
    the tables' metrics."""
    from .. import charts
    compute_provenance_metrics(data)
    charts.draw_edition(data, EDITIONS[0].language)
    compute_tables_metrics(data)


@dataclass(frozen=True)
class Step:
    name: str
    inputs: tuple[str | Path, ...]  # words and files; a file counts by its content
    outputs: tuple[str, ...]  # relative to the output folder
    # Returns (what ran, seconds). None: Quarto makes the outputs, after publishing.
    run: Callable[[StepContext], Awaitable[tuple[str, float]]] | None
    # Earlier steps whose outputs it reads: their fingerprints count, and it starts after them.
    after: tuple[str, ...] = ()
    # Steps it starts after when they run, whose outputs it does not read (no fingerprint).
    waits_for: tuple[str, ...] = ()


def notebook_paths(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    return sorted(notebooks_dir.glob("*.ipynb"))


def report_step(edition: Edition) -> str:
    return f"report:{edition.language}"


def declare_steps(notebooks: list[Path]) -> list[Step]:
    """Every step, each after those it reads. They start in this order: the Vega bundle the
    notebook pages inline (a notebook waits for it only to write its page), the appendices
    and the notebooks, longest first (they share the two slots, one process each), then the
    figures (in the build's own process)."""
    vega_header = Step("vega-header", ("vega-header",), (VEGA_HEADER_NAME,), _write_vega_header)
    executed = {edition: [_notebook_step(notebook, edition)
                          for notebook in notebooks]
                for edition in EDITIONS}
    # The figures' PNGs are the English notebooks' (drawn once, render.chart_png).
    figures = Step("figures", ("figures",), ("figures",), _write_figures,
                   waits_for=tuple(step.name for step in executed[EDITIONS[0]]))
    # One process writes every edition's appendix, each with its Provenance CSV beside the
    # workbook (appendix.parts.csv_name).
    appendices = Step("appendix", ("appendix", *(edition.language for edition in EDITIONS)),
                      tuple(path for edition in EDITIONS for path in (
                          edition.appendix_file,
                          edition.appendix_file.replace(".xlsx", "-provenance.csv"))),
                      _write_appendices)
    # The report's text, which Quarto reads (REPORT_TEXT_FILTER).
    texts = {edition: Step(f"report text:{edition.language}", ("report text", edition.language),
                           (edition.report_text_file,),
                           partial(_write_report_text, edition))
             for edition in EDITIONS}
    reports = [Step(report_step(edition),
                    ("report", edition.language, *REPORT_SOURCES,
                     *([PROJECT_ROOT / edition.quarto_profile_file]
                       if edition.quarto_profile_file else [])),
                    edition.report_files, None,
                    after=(figures.name, appendices.name, texts[edition].name,
                           *(step.name for step in executed[edition])))
               for edition in EDITIONS]
    return [vega_header, appendices] + \
        [step for edition in EDITIONS for step in executed[edition]] + [figures] + \
        list(texts.values()) + reports


def _notebook_step(notebook: Path, edition: Edition) -> Step:
    folder = edition.notebooks_folder
    return Step(f"notebook:{notebook.name}:{edition.language}", (edition.language, notebook),
                (f"{folder}/{notebook.name}", f"{folder}/{notebook.with_suffix('.html').name}"),
                partial(_execute_notebook, notebook, edition))


async def _execute_notebook(source: Path, edition: Edition, context: StepContext
                            ) -> tuple[str, float]:
    return await execute_notebook(source, edition, partial(context.alt_texts, edition),
                                  context.staged, context.kernels, context.vega_header,
                                  context.notebook_environment)


async def _write_vega_header(context: StepContext) -> tuple[str, float]:
    began = time.perf_counter()
    header = await context.vega_header()
    (context.staged / VEGA_HEADER_NAME).write_text(header, encoding="utf-8")
    seconds = time.perf_counter() - began
    print(f"      Vega bundle written in {seconds:.1f} s", flush=True)
    return "Vega bundle", seconds


async def _write_figures(context: StepContext) -> tuple[str, float]:
    from .. import charts

    # The figure files are the English edition's (figures/ is language-neutral by name).
    drawn = await context.drawing(Edition("en"))

    def write(directory: Path) -> None:
        charts.setup()
        # Each PNG as the English notebook drew it (a notebook reused from an earlier build
        # drew none: then it is drawn here).
        charts.write_figures(drawn, directory, context.kernels.png_cache)
    return await asyncio.to_thread(_timed, "figures", write, context.staged / "figures")


async def _write_appendices(context: StepContext) -> tuple[str, float]:
    """Every edition's Excel appendix, each in its language beside its report: in a process
    of its own (worker.py), on the other core, reading the data handed over to the kernels.
    One process for all editions: it holds one copy of the data (a second process would hold
    another, 1.2 GB at 50 000 projects) and writes the Provenance CSV, the same in every
    language, once. It takes one of the kernels' slots."""
    name = f"appendix ({', '.join(edition.language for edition in EDITIONS)})"
    arguments = []
    for edition in EDITIONS:
        path = context.staged / edition.appendix_file
        path.parent.mkdir(parents=True, exist_ok=True)
        arguments += [edition.language, str(path)]
    async with context.kernels.slots:
        began = time.perf_counter()
        await run_in_process(name, ["appendix", *arguments], context.info,
                             context.kernels.environment)
        seconds = time.perf_counter() - began
    print(f"      {name} written in {seconds:.1f} s", flush=True)
    return name, seconds


async def _write_report_text(edition: Edition, context: StepContext) -> tuple[str, float]:
    """Every heading and paragraph of the edition's report, from the metrics the build has
    computed (it waits for them), with the build's record (date, versions, citations)."""
    from .. import prose
    await context.notebook_environment()  # the metrics are in the memo by then

    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        prose.save_report_text(prose.report_text(context.data, context.info, edition.language),
                               context.data.data_version, path)
    return await asyncio.to_thread(_timed, f"report text ({edition.language})", write,
                                   context.staged / edition.report_text_file)


def _timed(name: str, action, *args) -> tuple[str, float]:
    """Run a step's work in a thread, beside the kernels; say how long it took."""
    began = time.perf_counter()
    action(*args)
    seconds = time.perf_counter() - began
    print(f"      {name} written in {seconds:.1f} s", flush=True)
    return name, seconds
