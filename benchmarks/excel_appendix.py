"""Time the Excel appendix of both editions for synthetic portfolios, beside this machine's
floor (default 10 000 and 50 000 projects).

    python benchmarks/excel_appendix.py [--projects 10000 50000] [--repeat 1] [--data DIR]

For each size: each edition's appendix (wall and CPU seconds, cells it holds, file size) and
the floor — the same cells as sheet XML generated in Python (inline strings) and deflated
into a zip (benchmarks/xlsx_writers.floor) — with the appendix as a multiple of it. The
machines are shared: compare the ratios of one run. A benchmark, not a test: nothing fails
when it is slow. `--data DIR` reuses DIR/<N> (the synthetic data is written there once).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from openpyxl import load_workbook  # noqa: E402

from analysis import load_dataset  # noqa: E402
from analysis.appendix import write_appendix  # noqa: E402
from analysis.synthetic import write_synthetic_dataset  # noqa: E402
from xlsx_writers import floor  # noqa: E402

LANGUAGES = ("en", "sv")


def timed(action, *args, **kwargs) -> tuple[float, float]:
    began, cpu = time.perf_counter(), time.process_time()
    action(*args, **kwargs)
    return time.perf_counter() - began, time.process_time() - cpu


def cells_of(path: Path) -> tuple[int, list[list]]:
    """Cells with a value in the workbook's sheets, and its rows as lists (for the floor)."""
    book = load_workbook(path, read_only=True)
    rows = [[value for value in row if value is not None]
            for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    book.close()
    return sum(len(row) for row in rows), [row for row in rows if row]


def floor_sheets(rows: list[list], path: Path) -> None:
    for number, start in enumerate(range(0, len(rows), 1_000_000)):
        floor(rows[start:start + 1_000_000], path.with_name(f"{path.stem}-{number}.xlsx"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, help="folder for the synthetic data, reused")
    args = parser.parse_args(argv)
    print("CPU seconds, wall in brackets (on a shared machine CPU time is the fairer "
          "measure; the multiple of the floor is taken in CPU time)\n")
    print("| projects | edition | appendix s | cells | cells/s | MB | floor s | × floor |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as folder:
        folder = Path(folder)
        for projects in args.projects:
            data_dir = (args.data or folder) / str(projects)
            if not (data_dir / "projects.csv").exists():
                write_synthetic_dataset(data_dir, projects)
            data = load_dataset(data_dir)
            total = [0.0, 0.0, 0.0]
            for language in LANGUAGES:
                target = folder / language / "appendix.xlsx"
                runs = [timed(write_appendix, data, target, {"build_date": "benchmark"},
                              language=language) for _ in range(args.repeat)]
                wall, cpu = min(runs, key=lambda run: run[1])
                cells, rows = cells_of(target)
                floor_wall, floor_cpu = timed(floor_sheets, rows, folder / "floor.xlsx")
                del rows
                total = [total[0] + cpu, total[1] + wall, total[2] + floor_cpu]
                print(f"| {projects:,} | {language} | {cpu:.1f} ({wall:.1f}) | {cells:,} | "
                      f"{cells / cpu:,.0f} | {target.stat().st_size / 1e6:.1f} | "
                      f"{floor_cpu:.1f} ({floor_wall:.1f}) | {cpu / floor_cpu:.1f} |"
                      .replace(",", " "), flush=True)
            print(f"| {projects:,} | both | {total[0]:.1f} ({total[1]:.1f}) | | | | "
                  f"{total[2]:.1f} | {total[0] / total[2]:.1f} |".replace(",", " "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
