"""How build time and memory grow with the curated table, step by step, beside the floor.

    python benchmarks/run.py                      # the real data, 1 000 and 10 000 projects
    python benchmarks/run.py --projects 0 2000    # 0 means the real data
    python benchmarks/run.py --projects 50000 --without-appendix   # also without the appendix

Each case builds (without Quarto) from its own dataset in a temporary folder, as a separate
process, and reads the step times the build records in build-info.json. Peak memory is the
summed resident memory of the build's whole process tree (kernels and workers included),
sampled every 0.2 s. The floor is the time to read, parse and write back the case's CSV files
(benchmarks/floor.py); each step is printed beside it as a multiple. With --without-appendix
each case is built a second time with the Excel appendix steps left out, to measure the rest.
Synthetic datasets come from analysis/synthetic.py and never reach data/ or the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.paths import DATA_DIR  # noqa: E402
from analysis.synthetic import write_synthetic_dataset  # noqa: E402
from benchmarks.floor import (calibration_loop, data_floor, run_measured,  # noqa: E402
                              times_floor)

REAL = 0
WITHOUT_APPENDIX = "--build-without-appendix"  # internal: the build, appendix steps left out


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def _build(data_dir: Path, output: Path, figures: Path, with_appendix: bool):
    arguments = ["build", "--no-quarto", "--data", str(data_dir), "--output", str(output),
                 "--figures", str(figures)]
    command = ([sys.executable, "-m", "analysis", *arguments] if with_appendix else
               [sys.executable, __file__, WITHOUT_APPENDIX, *arguments])
    completed, seconds, peak = run_measured(command, cwd=ROOT)
    if completed.returncode != 0:
        raise SystemExit(f"build failed:\n{completed.stdout[-3000:]}\n{completed.stderr}")
    return command, seconds, peak


def step_times(info: dict) -> dict[str, float | None]:
    """The build record's times, by the step or task the table shows."""
    tasks, steps = info.get("task_seconds", {}), info.get("step_seconds", {})

    def step(prefix: str) -> float | None:
        return next((s for label, s in steps.items() if label.startswith(prefix)), None)

    def summed(suffix: str) -> float | None:
        found = [s for name, s in tasks.items() if name.endswith(suffix)]
        return sum(found) if found else None
    notebooks = [s for name, s in tasks.items() if ".ipynb" in name]
    return {
        "validate data": step("validate"),
        "metrics of the provenance (before the hand-over)": tasks.get("metrics of the provenance"),
        "hand-over to kernels (pickle)": tasks.get("hand-over (pickle)"),
        "hand-over of metrics to kernels (pickle)": tasks.get("hand-over of metrics (pickle)"),
        "metrics of the tables (before the hand-over)": tasks.get("metrics of the tables"),
        "Vega bundle": tasks.get("Vega bundle"),
        "draw figures, en (alt texts, figure files)": tasks.get("draw figures (en)"),
        "draw figures, sv (alt texts)": tasks.get("draw figures (sv)"),
        "notebooks en, summed (kernels)": summed(".ipynb (en)"),
        "notebooks sv, summed (kernels)": summed(".ipynb (sv)"),
        "slowest notebook": max(notebooks) if notebooks else None,
        "figure files (SVG + PNG)": tasks.get("figures"),
        "appendices (en, sv; one process)": tasks.get("appendix (en, sv)"),
        "all steps side by side (wall)": step("execute") or step("reuse"),
    }


def run_case(n_projects: int, workdir: Path, without_appendix: bool) -> dict:
    data_dir = workdir / "data"
    if n_projects == REAL:
        shutil.copytree(DATA_DIR, data_dir)
    else:
        write_synthetic_dataset(data_dir, n_projects)
    floor = data_floor(data_dir)
    output, figures = workdir / "_output", workdir / "figures"
    command, total, peak = _build(data_dir, output, figures, with_appendix=True)
    # Read before the second build, whose record lists only the steps it ran (none).
    info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
    _, unchanged, _ = run_measured(command, cwd=ROOT)  # the same again: every step reused
    pages = list((output / "notebooks").glob("*/*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    case = {"projects": "real" if n_projects == REAL else f"{n_projects:,}", "floor": floor,
            "steps": step_times(info), "total": total, "unchanged": unchanged, "peak": peak,
            "largest page": f"{_megabytes(largest.stat().st_size)} ({largest.name})",
            "appendix MB": _megabytes((output / "appendix.xlsx").stat().st_size)}
    if without_appendix:
        shutil.rmtree(output)
        shutil.rmtree(figures, ignore_errors=True)
        _, case["total without appendix"], case["peak without appendix"] = _build(
            data_dir, output, figures, with_appendix=False)
        info = json.loads((output / "build-info.json").read_text(encoding="utf-8"))
        case["steps without appendix"] = step_times(info)
    return case


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def step_table(case: dict) -> str:
    floor = case["floor"]
    columns = ["step", "s", "× floor"]
    rows = [[name, _seconds(s), times_floor(s, floor)] for name, s in case["steps"].items()]
    rows += [["**build, total (wall)**", _seconds(case["total"]),
              times_floor(case["total"], floor)],
             ["unchanged rebuild", _seconds(case["unchanged"]),
              times_floor(case["unchanged"], floor)]]
    if "total without appendix" in case:
        columns.append("without appendix s")
        for row, name in zip(rows, case["steps"]):
            row.append(_seconds(case["steps without appendix"][name]))
        rows[-2].append(_seconds(case["total without appendix"]))
        rows[-1].append("")
    rows.append(["floor: read, parse and write back the CSVs", f"{floor:.2f}", "1×"]
                + [""] * (len(columns) - 3))
    return markdown_table(columns, rows)


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_table(cases: list[dict]) -> str:
    headers = ["projects", "build s", "× floor", "without appendix s", "validation s",
               "appendices s (en + sv)", "peak memory (tree)", "peak without appendix",
               "unchanged rebuild s", "largest HTML page", "appendix", "floor s"]
    rows = []
    for case in cases:
        steps = case["steps"]
        rows.append([
            case["projects"], _seconds(case["total"]), times_floor(case["total"], case["floor"]),
            _seconds(case.get("total without appendix")), _seconds(steps["validate data"]),
            _seconds(steps["appendices (en, sv; one process)"]),
            f"{case['peak']:.0f} MB",
            f"{case['peak without appendix']:.0f} MB" if "peak without appendix" in case
            else "–",
            _seconds(case["unchanged"]), case["largest page"], case["appendix MB"],
            f"{case['floor']:.2f}"])
    return markdown_table(headers, rows)


def build_without_appendix(arguments: list[str]) -> int:
    """The build with the appendix steps left out (what the rest of the build costs)."""
    from analysis.__main__ import main as analysis_main
    from analysis.build import runner, steps

    def declared(notebooks):
        return [dataclasses.replace(step, after=tuple(name for name in step.after
                                                      if name != "appendix"))
                for step in steps.declare_steps(notebooks) if step.name != "appendix"]
    runner.declare_steps = declared
    return analysis_main(arguments)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [WITHOUT_APPENDIX]:
        return build_without_appendix(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, nargs="+", default=[REAL, 1_000, 10_000],
                        help="dataset sizes; 0 = the real curated data")
    parser.add_argument("--without-appendix", action="store_true",
                        help="build each case again without the Excel appendix steps")
    args = parser.parse_args(argv)
    calibration = calibration_loop()
    cases = []
    for n in args.projects:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as workdir:
            print(f"building {n or 'real'} …", file=sys.stderr, flush=True)
            case = run_case(n, Path(workdir), args.without_appendix)
        cases.append(case)
        print(f"\n### {case['projects']} projects\n\n{step_table(case)}", flush=True)
    print(f"\n### Summary\n\n{summary_table(cases)}")
    print(f"\nFloor: the time to read every CSV of the case, parse it with Python's csv module "
          f"and write the same bytes back (benchmarks/floor.py); steps are printed as multiples "
          f"of it. Calibration loop (10 million additions in pure Python): "
          f"{calibration:.2f} s; {os.cpu_count()} cores; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
