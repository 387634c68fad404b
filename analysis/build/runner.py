"""`prepare`: everything before Quarto. Validate the data, fingerprint every declared step, run
those whose inputs changed into a staging folder beside the output folder (the others keep
their earlier outputs), then publish the whole in one move.

A step is reused when the fingerprint of everything it reads equals the one the previous build
recorded in build-info.json and the outputs it wrote are still there; so a prepare right after
another finds nothing to do, which is what Quarto's pre-render step relies on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..dataset import data_version, load_dataset
from ..freed_memory import return_freed_memory
from ..handover import read_when_used
from ..paths import DATA_DIR
from ..editions import EDITIONS, OUTPUT_DIR, Edition
from ..provenance import provenance_check_summary
from . import BuildError
from .info import package_versions, read_build_info, write_build_info
from .notebooks import cancelled_by_ctrl_c, kernels_for
from .output import (copy_outputs, display, publish_figures, replace_output_dir,
                     staging_folder)
from .places import check_figures_folder
from .quarto import select_edition
from .steps import (FIGURES_DIR, NOTEBOOKS_DIR, Step, StepContext, compute_provenance_metrics,
                    declare_steps, notebook_paths)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_SUFFIXES = (".py", ".toml")


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


# --- fingerprints --------------------------------------------------------------------------

def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def package_fingerprint(versions: dict[str, str]) -> str:
    files = sorted(path for path in PACKAGE_DIR.rglob("*") if path.suffix in PACKAGE_SUFFIXES
                   and "__pycache__" not in path.parts)
    return _digest(json.dumps(versions, sort_keys=True),
                   *(f"{path.relative_to(PACKAGE_DIR)}:" for path in files),
                   *(path.read_bytes() for path in files))


def _input(value: str | Path) -> str | bytes:
    if isinstance(value, str):
        return value
    return value.read_bytes() if value.exists() else f"absent:{value.name}"


def step_fingerprints(steps: list[Step], data_version: str, build_date: str,
                      versions: dict[str, str]) -> dict[str, str]:
    """Every step's fingerprint: what all steps read, its own inputs and the fingerprints of
    the steps whose outputs it reads."""
    base = _digest(data_version, build_date, package_fingerprint(versions))
    fingerprints: dict[str, str] = {}
    for step in steps:
        fingerprints[step.name] = _digest(base, *map(_input, step.inputs),
                                          *(fingerprints[name] for name in step.after))
    return fingerprints


def reusable_steps(steps: list[Step], current: dict[str, str], previous: dict[str, str],
                   output_dir: Path) -> set[str]:
    """Steps whose inputs are unchanged and whose earlier outputs all still exist."""
    return {step.name for step in steps
            if previous.get(step.name) == current[step.name] and step.outputs
            and all((output_dir / path).exists() for path in step.outputs)}


# --- prepare -------------------------------------------------------------------------------

def prepare(data_dir: Path = DATA_DIR, output_dir: Path = OUTPUT_DIR,
            figures_dir: Path = FIGURES_DIR, notebooks_dir: Path = NOTEBOOKS_DIR,
            edition: Edition = EDITIONS[0]) -> dict:
    """Everything before Quarto; `edition` is the one Quarto renders next (its notebooks are
    put where report.qmd embeds from). Call it holding the output lock. Returns the build
    info written to build-info.json."""
    progress = Progress(total_steps=3)
    resolved = Path(data_dir).resolve()
    earlier = read_build_info(output_dir) or {}
    previous = earlier.get("fingerprints")
    previous = previous if isinstance(previous, dict) else {}
    build_date, versions = date.today().isoformat(), package_versions()
    steps = declare_steps(notebook_paths(notebooks_dir))
    version = data_version(resolved)  # the files' content hash: a read, no parsing
    made = {step.name for step in steps if step.run}
    if earlier.get("data_dir") == str(resolved) and made <= reusable_steps(
            steps, step_fingerprints(steps, version, build_date, versions), previous,
            output_dir):
        # Not a byte of data/, nor of the package, changed since the build that made every
        # output, which validated these very files: not again (65 s at 50 000 projects, in
        # each of Quarto's pre-render steps too).
        data, citations = None, earlier.get("provenance_check")
        progress.run(f"data/ unchanged since the outputs were made (data version {version})",
                     lambda: None)
    else:
        data = progress.run("validate data/", load_dataset, data_dir)
        version = data.data_version
        citations = provenance_check_summary(data)
    if citations and citations["mismatches"]:
        raise BuildError("provenance check: cited lines that do not state their value "
                         f"({citations['mismatches']} in all): "
                         + "; ".join(citations["first_mismatches"][:3]))
    with staging_folder(output_dir) as staged:
        info = {
            "build_date": build_date,
            "data_version": version,
            "data_dir": str(resolved),
            "package_versions": versions,
            # The report states whether the citations were re-read in the documents this time.
            "provenance_check": citations,
        }
        fingerprints = step_fingerprints(steps, version, info["build_date"],
                                         info["package_versions"])
        reused = reusable_steps(steps, fingerprints, previous, output_dir)
        # A report's fingerprint is recorded once Quarto has rendered it (command.py), so
        # that a render that failed is tried again.
        unrendered = {step.name for step in steps if step.run is None} - reused
        info["fingerprints"] = {name: value for name, value in fingerprints.items()
                                if name not in unrendered}
        info["reused"] = sorted(reused)
        copy_outputs(output_dir, staged,
                     [path for step in steps if step.name in reused for path in step.outputs])
        to_run = [step for step in steps if step.run and step.name not in reused]
        label = ("execute notebooks; write figures and Excel appendix" if not reused else
                 f"reuse {len(reused)} unchanged outputs; run the other {len(to_run)} steps")
        # run_steps takes the validated tables out of this frame: once they are handed over
        # to the kernels, the build reads back only those its own steps use.
        validated, data = [data], None
        timings = progress.run(label, run_steps, to_run, validated, info, staged)
        info["task_seconds"] = {name: round(seconds, 2) for name, seconds in timings}
        info["step_seconds"] = dict(progress.seconds)
        write_build_info(staged, info)

        def publish() -> None:
            replace_output_dir(staged, output_dir)
            select_edition(output_dir, edition)
            if figures_dir.resolve() != (output_dir / "figures").resolve():
                publish_figures(output_dir / "figures", figures_dir)
        if figures_dir.resolve() != (output_dir / "figures").resolve():
            # Refused here, before publishing: the previous outputs stay as they were.
            check_figures_folder(figures_dir, data_dir,
                                 sorted(path.name for path in (staged / "figures").iterdir()))
        progress.run(f"publish to {display(output_dir)}/ and {display(figures_dir)}/",
                     publish)
    info["prepare_seconds"] = round(progress.elapsed, 1)
    # Not in the record: what the record gains when Quarto renders these reports.
    info[UNRENDERED] = {name: fingerprints[name] for name in sorted(unrendered)}
    return info


UNRENDERED = "unrendered_fingerprints"


def record_render(output_dir: Path, info: dict) -> bool:
    """After Quarto: the build's own record (the task times of the steps it ran, the
    fingerprints of the reports rendered so far) replaces the one the render's pre-render
    step wrote (everything reused, nothing timed); only while the outputs are still of the
    same data version. Call it holding the output lock."""
    on_disk = read_build_info(output_dir)
    if "fingerprints" not in info or not on_disk or \
            on_disk.get("data_version") != info.get("data_version"):
        return False
    write_build_info(output_dir, {key: value for key, value in info.items()
                                  if key != UNRENDERED})
    return True


def run_steps(steps: list[Step], validated: list, info: dict, staged: Path
              ) -> list[tuple[str, float]]:
    """Run the steps together: the notebooks on kernels (separate processes, driven by one
    event loop) while figures and appendices are written in threads; a step that reads the
    outputs of another one that runs starts when that one has finished. The first failure
    cancels the rest; so does Ctrl-C, which then ends the build as an interruption.

    `validated` holds the validated dataset, which it takes out: once the tables are handed
    over to the kernels, the build's own steps read each back from the hand-over when first
    used, as the kernels do (handover.read_when_used), and the others are freed. No step
    reads the provenance, the largest table (210 MB of the build's memory at 50 000
    projects), once the metrics that read it are computed, just before the hand-over."""
    data = validated.pop() if validated else None
    if not steps:
        return []
    began = time.perf_counter()
    compute_provenance_metrics(data)
    provenance_metrics_seconds = time.perf_counter() - began

    async def run_all() -> list[tuple[str, float]]:
        started: dict[str, asyncio.Task] = {}

        async def run(step: Step) -> tuple[str, float]:
            for name in (*step.after, *step.waits_for):
                if name in started:
                    await started[name]
            try:
                return await step.run(context)
            finally:
                # What the step drew, wrote or read back is freed; the kernels beside the
                # build have the room (about 250 MB of the build's process at 50 000
                # projects; 17 calls take 0.3 s in all).
                return_freed_memory(collect=False)

        try:
            async with asyncio.TaskGroup() as group:
                for step in steps:
                    started[step.name] = group.create_task(run(step))
        finally:
            kernels.stop()  # in the loop, which their clients' channels belong to
        return [task.result() for task in started.values()]

    with kernels_for(data) as kernels:
        data = read_when_used(data, kernels.validated)
        return_freed_memory()  # the validated tables, now in the hand-over
        context = StepContext(data, info, staged, kernels)
        try:
            timings = asyncio.run(cancelled_by_ctrl_c(run_all()))
        except ExceptionGroup as group:
            raise group.exceptions[0] from None
    return [("metrics of the provenance", provenance_metrics_seconds),
            ("hand-over (pickle)", kernels.handover_seconds), *timings,
            *context.shared_seconds.items()]
