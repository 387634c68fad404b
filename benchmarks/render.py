"""Render time of the whole report with Quarto (HTML and PDF), first and unchanged.

    python benchmarks/render.py                    # the real data
    python benchmarks/render.py --records 50000    # a Vinnova import of 50 000 records first

Copies the project (tracked files) to a temporary folder beside a link to ../shared, runs
`python -m analysis build` there twice with Quarto on the PATH, and prints both wall times and
what the second build reused. With --records, a synthetic Vinnova export of that many records
(benchmarks/vinnova_import.py) is first imported into the copy's data/; the import and the
first build are then timed together, step by step, with the peak memory of the process tree.
Needs Quarto; says so and exits 0 without it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.floor import data_floor, run_measured, times_floor  # noqa: E402
from benchmarks.run import markdown_table, step_times  # noqa: E402


def copy_project(target: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def timed_build(project: Path) -> tuple[float, float]:
    environment = {**os.environ, "PYTHONPATH": str(project)}
    result, seconds, peak = run_measured([sys.executable, "-m", "analysis", "build"],
                                         cwd=project, env=environment)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds, peak


def import_records(project: Path, records: int, folder: Path) -> tuple[float, float]:
    from benchmarks.vinnova_import import synthetic_export
    export = folder / "export.json"
    export.write_text(json.dumps(synthetic_export(records), ensure_ascii=False), "utf-8")
    environment = {**os.environ, "PYTHONPATH": str(project)}
    result, seconds, peak = run_measured(
        [sys.executable, "-m", "analysis", "import", "vinnova", str(export)], cwd=project,
        env=environment)
    if result.returncode != 0:
        raise SystemExit(f"import failed:\n{result.stderr[-2000:]}")
    return seconds, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=0,
                        help="import a synthetic Vinnova export of this many records first")
    args = parser.parse_args(argv)
    if shutil.which("quarto") is None:
        print("Quarto is not on the PATH: nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory(prefix="render-bench-") as folder:
        project = Path(folder) / "project"
        copy_project(project)
        shared = ROOT.parent / "shared"
        if shared.is_dir():
            (Path(folder) / "shared").symlink_to(shared)
        imported, import_peak = (import_records(project, args.records, Path(folder))
                                 if args.records else (0.0, 0.0))
        floor = data_floor(project / "data")
        first, peak = timed_build(project)
        info = json.loads((project / "_output" / "build-info.json").read_text("utf-8"))
        second, _ = timed_build(project)
        again = json.loads((project / "_output" / "build-info.json").read_text("utf-8"))
        pages = {}
        for name in ("report.pdf", "sv/report.pdf"):
            listed = subprocess.run(["pdfinfo", str(project / "_output" / name)],
                                    capture_output=True, text=True).stdout if shutil.which(
                                        "pdfinfo") else ""
            pages[name] = next((line.split()[-1] for line in listed.splitlines()
                                if line.startswith("Pages:")), "?")
    rows = []
    if args.records:
        rows.append([f"import {args.records:,} records", f"{imported:.1f}", "",
                     f"{import_peak:.0f} MB"])
    rows += [[f"build: {name}", "–" if s is None else f"{s:.1f}", times_floor(s, floor), ""]
             for name, s in step_times(info).items()]
    rows += [[f"build: Quarto, {name}", f"{s:.1f}", times_floor(s, floor), ""]
             for name, s in info.get("task_seconds", {}).items() if name.startswith("report")]
    rows += [["**build with Quarto, total**", f"{first:.1f}", times_floor(first, floor),
              f"{peak:.0f} MB"]]
    if args.records:
        rows.append(["**import + build with Quarto**", f"{imported + first:.1f}", "", ""])
    rows += [["unchanged second build", f"{second:.1f}", times_floor(second, floor), ""],
             ["floor: read, parse and write back the CSVs", f"{floor:.2f}", "1×", ""]]
    print(markdown_table(["step", "s", "× floor", "peak memory (process tree)"], rows))
    print(f"\nPDF pages (en, sv): {pages['report.pdf']}, {pages['sv/report.pdf']}; the unchanged "
          f"build reused {len(again['reused'])} steps; {os.cpu_count()} cores; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
