"""How build time and output size grow with the curated table.

    python benchmarks/run.py                      # the real data, 1 000 and 10 000 projects
    python benchmarks/run.py --projects 0 2000    # 0 means the real data

Each case builds (without Quarto) from its own dataset in a temporary folder, as a separate
process, and reads the step times the build records in build-info.json. Synthetic datasets
come from analysis/synthetic.py and never reach data/ or the report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.paths import DATA_DIR  # noqa: E402
from analysis.synthetic import write_synthetic_dataset  # noqa: E402

REAL = 0
STEP_COLUMNS = {  # build step label prefix -> column
    "validate": "validation s",
    "execute notebooks": "notebooks ‖ figures ‖ Excel s",
}
# Tasks inside that step: a task name, or its prefix for one task per edition.
TASK_COLUMNS = {"figures": "figures s", "appendix": "Excel s (en / sv)"}


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def measure_floor() -> float:
    """Python start + pandas/altair import + one kernel start: no build can beat this."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pandas, altair"], check=True)
    imports = time.perf_counter() - began
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    began = time.perf_counter()
    NotebookClient(notebook, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
    return imports + (time.perf_counter() - began)


def run_case(n_projects: int, workdir: Path) -> dict:
    data_dir = workdir / "data"
    if n_projects == REAL:
        shutil.copytree(DATA_DIR, data_dir)
    else:
        write_synthetic_dataset(data_dir, n_projects)
    output, figures = workdir / "_output", workdir / "figures"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--no-quarto", "--data", str(data_dir),
         "--output", str(output), "--figures", str(figures)],
        cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - began
    if completed.returncode != 0:
        raise SystemExit(f"build of {n_projects} projects failed:\n{completed.stderr}")
    # Read before the second build, whose record lists only the steps it ran (none).
    info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    began = time.perf_counter()  # the same build again: every step is reused
    subprocess.run(completed.args, cwd=ROOT, capture_output=True, text=True, check=True)
    unchanged = time.perf_counter() - began
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    pages = list((output / "notebooks").glob("*/*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    row = {"projects": "5 (real)" if n_projects == REAL else f"{n_projects:,}"}
    for prefix, column in STEP_COLUMNS.items():
        row[column] = next((f"{s:.1f}" for label, s in info["step_seconds"].items()
                            if label.startswith(prefix)), "–")
    notebooks = [s for name, s in info["task_seconds"].items() if ".ipynb" in name]
    row["slowest notebook s"] = f"{max(notebooks):.1f}"
    for task, column in TASK_COLUMNS.items():
        row[column] = " / ".join(f"{seconds:.1f}" for name, seconds in
                                 info["task_seconds"].items() if name.split(" (")[0] == task)
    row.update({
        "total build s": f"{total:.1f}",
        "unchanged rebuild s": f"{unchanged:.1f}",
        "peak memory": f"{peak_kb / 1024:.0f} MB",
        "largest HTML page": f"{_megabytes(largest.stat().st_size)} ({largest.name})",
        "appendix": _megabytes((output / "appendix.xlsx").stat().st_size),
    })
    return row


def markdown_table(rows: list[dict]) -> str:
    headers = list(rows[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(row[h]) for h in headers) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, nargs="+", default=[REAL, 1_000, 10_000],
                        help="dataset sizes; 0 = the real curated data")
    args = parser.parse_args(argv)
    floor = measure_floor()
    rows = []
    for n in args.projects:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as workdir:
            print(f"building {n or 'real'} …", file=sys.stderr, flush=True)
            rows.append(run_case(n, Path(workdir)))
    print(markdown_table(rows))
    print(f"\nFloor on this machine (Python start + pandas/altair import + one kernel start): "
          f"{floor:.1f} s; {os.cpu_count()} cores.")
    last = rows[-1]
    print(f"Summary: {last['projects']} projects build in {last['total build s']} s "
          f"(validation {last['validation s']} s; notebooks, figures and Excel side by side "
          f"{last['notebooks ‖ figures ‖ Excel s']} s, of which Excel "
          f"{last['Excel s (en / sv)']} s for the English / Swedish appendix), "
          f"largest HTML page {last['largest HTML page']}, appendix {last['appendix']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
