"""`python -m analysis build`: prepare the outputs holding the output lock, then render each
edition whose report's inputs changed with Quarto, the editions side by side (quarto.py).

Quarto's pre-render step (`_quarto.yml`) is this command without Quarto, so that `quarto
render` alone works: it prepares again under the lock, finds nothing to do when a build has
just prepared, and selects the edition being rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..data_lock import DataFolderBusy, data_folder_lock
from ..dataset import DataValidationError
from ..paths import DATA_DIR
from ..editions import EDITIONS, OUTPUT_DIR, Edition
from . import BuildError
from .output import BuildLocked, display, output_lock
from .places import PlaceRefused, check_figures_folder, check_output_folder
from .quarto import INSTALL_HINT, executable as quarto_executable, render_side_by_side
from .runner import UNRENDERED, prepare, record_render
from .steps import FIGURES_DIR, NOTEBOOKS_DIR, report_step


def run_build(data_dir: Path = DATA_DIR, output_dir: Path | None = None,
              quarto: bool = True, figures_dir: Path = FIGURES_DIR,
              notebooks_dir: Path = NOTEBOOKS_DIR, edition: Edition = EDITIONS[0]) -> int:
    """The build; its exit status. Without Quarto, `edition` is the one whose notebooks
    report.qmd embeds afterwards (Quarto's pre-render step passes the one it renders)."""
    output_dir = output_dir or OUTPUT_DIR
    quarto_path = quarto_executable() if quarto else None
    try:
        # Before anything is written: the build replaces its output folder whole.
        check_output_folder(output_dir, data_dir)
        check_figures_folder(figures_dir, data_dir, [])
    except PlaceRefused as error:
        print(f"Build refused: {error}.", file=sys.stderr)
        return 1
    try:
        # data/ is read under its lock: no import changes it while the build reads it.
        with output_lock(output_dir), data_folder_lock(data_dir, write=False, doing="build"):
            info = prepare(data_dir, output_dir, figures_dir, notebooks_dir, edition)
    except (BuildLocked, PlaceRefused, DataFolderBusy) as error:
        print(f"Build refused: {error}.", file=sys.stderr)
        return 1
    except (BuildError, DataValidationError) as error:
        print(f"Build failed. {error}\nThe previous outputs in {display(output_dir)}/ are "
              f"unchanged.", file=sys.stderr)
        return 1
    if quarto_path and data_dir == DATA_DIR and output_dir == OUTPUT_DIR:
        return _render_editions(quarto_path, output_dir, info)
    appendices = " and ".join(f"{display(output_dir)}/{each.appendix_file}"
                              for each in EDITIONS)
    print(f"Prepared in {info['prepare_seconds']} s: notebooks, figures and {appendices} "
          f"(data version {info['data_version']}).")
    if quarto and not quarto_path:
        print("Skipped: report.html and report.pdf need Quarto, which is not installed. "
              + INSTALL_HINT)
    elif quarto_path:
        print("Skipped `quarto render`: it renders the project's own data/ into _output/ only.")
    return 0


def _render_editions(quarto: str, output_dir: Path, info: dict) -> int:
    """Render each edition whose report is not reused, side by side; the exit status of the
    first that failed, else 0. The build takes the output lock again for the render, so that
    no other build replaces what Quarto reads; afterwards its record holds the report's
    fingerprint of each edition that Quarto rendered."""
    editions = []
    for edition in EDITIONS:
        if report_step(edition) in info.get("reused", []):
            files = " and ".join(f"{display(output_dir)}/{name}"
                                 for name in edition.report_files)
            print(f"Report ({edition.language}) unchanged: nothing it reads has changed since "
                  f"the last render, so {files} are kept.")
        else:
            editions.append(edition)
    if not editions:
        return 0
    try:
        with output_lock(output_dir):
            results = render_side_by_side(quarto, editions, output_dir)
            for edition, (status, seconds) in results.items():
                step = report_step(edition)
                if status == 0 and step in info.get(UNRENDERED, {}):
                    info["fingerprints"][step] = info[UNRENDERED].pop(step)
                    info.setdefault("task_seconds", {})[f"report ({edition.language})"] = seconds
            record_render(output_dir, info)
    except (BuildLocked, PlaceRefused) as error:
        print(f"Not rendered: {error}.", file=sys.stderr)
        return 1
    return next((status for status, _ in results.values() if status != 0), 0)
