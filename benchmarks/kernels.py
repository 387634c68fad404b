"""What each notebook's kernel costs on a dataset handed over as the build hands it over: its
peak resident memory, its CPU time, the metrics it computes itself (memo misses) and the
tables it reads.

    python benchmarks/kernels.py --data /tmp/d50k [--languages en sv]

The build's part is done here in-process (validate, compute what the build computes before
the hand-over, write the hand-over); each notebook then runs in a process of its own, its
code cells through IPython as a kernel runs them (charts drawn by the offline renderer).
Run it with PYTHONPATH set to the checkout to measure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOKS = ("coverage", "durations", "grants", "networks", "overview", "portfolio")


class _Recording(dict):
    """A dataset's memo that records the keys computed after it was handed over."""
    misses: list

    def __setitem__(self, key, value):
        self.misses.append(f"{key[0]}{key[1]!r}")
        super().__setitem__(key, value)


def run_notebook(notebook: str, language: str) -> dict:
    """Run the notebook's code cells as a kernel would (called in the measured process)."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    os.environ["ANALYSIS_LANGUAGE"] = language
    began, cpu = time.perf_counter(), time.process_time()
    root = Path(os.environ["PYTHONPATH"].split(os.pathsep)[0])
    shell = InteractiveShell.instance()
    cells = [cell.source for cell in nbformat.read(root / "analysis" / f"{notebook}.ipynb",
                                                   as_version=4).cells
             if cell.cell_type == "code"]
    misses: list[str] = []
    for index, source in enumerate(cells):
        result = shell.run_cell(source, silent=False, store_history=False)
        if not result.success:
            raise SystemExit(f"{notebook}: cell {index + 1} failed: {result.error_in_exec}")
        data = shell.user_ns.get("data")
        if data is not None and type(data.memo) is dict:  # main's: record its misses
            recording = _Recording(data.memo)
            recording.misses = misses
            object.__setattr__(data, "memo", recording)
    from analysis import handover
    data = shell.user_ns["data"]
    read = sorted(handover.tables_read(data)) if hasattr(handover, "tables_read") else ["all"]
    if hasattr(handover, "computed_here"):
        misses += [f"{key[0]}{key[1]!r}" for key in handover.computed_here(data)]
    # Linux keeps ru_maxrss across exec (the harness's own, when it started this process);
    # the high-water mark of this process's memory is VmHWM.
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(line.split()[1] for line in status.splitlines()
                       if line.startswith("VmHWM:")))
    return {"notebook": notebook, "language": language,
            "wall": round(time.perf_counter() - began, 2),
            "cpu": round(time.process_time() - cpu, 2),
            "peak_mb": round(peak_kb / 1024),
            "misses": misses, "tables": read}


def hand_over(data_dir: Path, folder: Path, validated: Path | None = None
              ) -> tuple[dict[str, str], dict]:
    """Validate (or read a Dataset pickled after validating, to compare checkouts on one
    validation), compute what the build computes before the hand-over, write it."""
    import pickle

    from analysis import handover
    from analysis.dataset import load_dataset

    timings = {}
    began = time.perf_counter()
    data = pickle.loads(validated.read_bytes()) if validated else load_dataset(data_dir)
    timings["validate"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    validated = handover.save_validated(data, folder)
    timings["hand-over of data"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    try:
        from analysis.build.steps import compute_for_kernels  # this branch
        compute_for_kernels(data)
    except ImportError:  # main: the English figures only
        from analysis import charts
        charts.draw_edition(data, "en")
    timings["metrics before hand-over"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    metrics = handover.save_metrics(data, folder)
    timings["hand-over of metrics"] = round(time.perf_counter() - began, 1)
    return ({handover.VALIDATED_DATA_ENV: str(validated),
             handover.VALIDATED_METRICS_ENV: str(metrics),
             "ANALYSIS_DATA_DIR": str(data.data_dir)}, timings)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--run-notebook"]:
        print(json.dumps(run_notebook(argv[1], argv[2])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--languages", nargs="+", default=["en", "sv"])
    parser.add_argument("--validated", type=Path, help="a pickled Dataset of --data")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kernels-") as folder:
        environment, timings = hand_over(args.data.resolve(), Path(folder), args.validated)
        print(json.dumps(timings), flush=True)
        rows = []
        for language in args.languages:
            for notebook in NOTEBOOKS:
                done = subprocess.run([sys.executable, __file__, "--run-notebook", notebook,
                                       language], env={**os.environ, **environment},
                                      capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr[-3000:])
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(json.dumps(rows[-1]), flush=True)
    print("\n| notebook | lang | CPU s | wall s | peak RSS MB | metrics computed | tables read |")
    print("|---|---|---:|---:|---:|---|---|")
    for row in rows:
        print(f"| {row['notebook']} | {row['language']} | {row['cpu']} | {row['wall']} | "
              f"{row['peak_mb']} | {len(row['misses'])} | {', '.join(row['tables'])} |")
    print(f"\nsummed CPU {sum(r['cpu'] for r in rows):.1f} s; "
          f"largest peak {max(r['peak_mb'] for r in rows)} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
