"""Render time of the whole report with Quarto (HTML and PDF), first and unchanged.

    python benchmarks/render.py

Copies the project (tracked files) to a temporary folder beside a link to ../shared, runs
`python -m analysis build` there twice with Quarto on the PATH, and prints both wall times and
what the second build reused. Needs Quarto; says so and exits 0 without it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed_build(project: Path) -> float:
    environment = {**os.environ, "PYTHONPATH": str(project)}
    began = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=project,
                            env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - began


def main() -> int:
    if shutil.which("quarto") is None:
        print("Quarto is not on the PATH: nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory(prefix="render-bench-") as folder:
        project = Path(folder) / "project"
        copy_project(project)
        shared = ROOT.parent / "shared"
        if shared.is_dir():
            (Path(folder) / "shared").symlink_to(shared)
        first = timed_build(project)
        second = timed_build(project)
        info = json.loads((project / "_output" / "build-info.json").read_text("utf-8"))
        pages = subprocess.run(["pdfinfo", str(project / "_output" / "report.pdf")],
                               capture_output=True, text=True).stdout if shutil.which(
                                   "pdfinfo") else ""
        page_count = next((line.split()[-1] for line in pages.splitlines()
                           if line.startswith("Pages:")), "?")
    print(f"First build with Quarto (HTML + PDF): {first:.1f} s; unchanged second build: "
          f"{second:.1f} s (reused: {', '.join(info['reused'])}); PDF pages: {page_count}; "
          f"{os.cpu_count()} cores.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
