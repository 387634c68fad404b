"""A copy of the project in a temporary folder, for tests that build or render it whole: the
build writes beside the project (``_output/``), so it must never run in the checkout itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.paths import PROJECT_ROOT

COPIED = ("analysis", "data", "report.qmd", "_quarto.yml", "_quarto-sv.yml", "figures",
          "pyproject.toml")


def copy_project(root: Path) -> Path:
    """The project's sources and data copied to ``root/project`` (no caches, no drawn figures)."""
    project = root / "project"
    project.mkdir()
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.png", "*.svg"))
        elif source.exists():
            shutil.copy2(source, project / name)
    return project


def run_analysis(project: Path, *arguments: str, timeout: int) -> None:
    """``python -m analysis ARGUMENTS`` in the copy, with the copy's own package; fails the test
    with the command's last output when it does not succeed."""
    environment = {**os.environ, "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-m", "analysis", *arguments], cwd=project,
                            env=environment, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
