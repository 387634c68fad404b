"""CPU time of load_dataset (read and validate data/) at portfolio scale, beside the floor and,
with --against, beside the package as it was at an earlier commit, in the same run.

    python benchmarks/validation.py                                 # 10 000 and 50 000 projects
    python benchmarks/validation.py --projects 10000 --against 365daae
    python benchmarks/validation.py --data /tmp/d50k --against main  # existing folders

Each load runs in a fresh process of its own, which reports the CPU time (time.process_time,
all its threads) of load_dataset alone, imports excluded. With --against, the package at that
commit (`git archive` into a temporary folder) loads the same folder right after this
checkout's, so that the two are compared on the same machine load; the ratio is the figure to
read. The floor (benchmarks/floor.py) is measured in the same run. Synthetic datasets come
from analysis/synthetic.py and never reach data/.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.synthetic import write_synthetic_dataset  # noqa: E402
from benchmarks.floor import data_floor  # noqa: E402
from benchmarks.run import markdown_table  # noqa: E402

LOAD = ("import sys, time\n"
        "from analysis.dataset import load_dataset\n"
        "began = time.process_time()\n"
        "load_dataset(sys.argv[1])\n"
        "print(time.process_time() - began)\n")


def cpu_seconds(package_root: Path, data_dir: Path) -> float:
    """CPU seconds of one load_dataset(data_dir) by the package under package_root."""
    environment = {**os.environ, "PYTHONPATH": str(package_root)}
    environment.pop("ANALYSIS_DATA_DIR", None)
    completed = subprocess.run([sys.executable, "-c", LOAD, str(Path(data_dir).resolve())],
                               env=environment, capture_output=True, text=True,
                               cwd=package_root)
    if completed.returncode != 0:
        raise SystemExit(f"load_dataset failed under {package_root}:\n{completed.stderr[-3000:]}")
    return float(completed.stdout.strip().splitlines()[-1])


def package_at(commit: str, folder: Path) -> Path:
    """The analysis package as it was at `commit`, unpacked into folder."""
    archive = subprocess.run(["git", "archive", commit, "analysis"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--data", type=Path, nargs="+", help="load these folders instead")
    parser.add_argument("--against", help="a commit to compare with, e.g. main")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-validation-") as temporary:
        temporary = Path(temporary)
        against = package_at(arguments.against, temporary / "against") \
            if arguments.against else None
        cases = ([(str(folder), folder) for folder in arguments.data] if arguments.data else
                 [(f"{n:,}", write_synthetic_dataset(temporary / f"data-{n}", n))
                  for n in arguments.projects])
        headers = ["projects", "floor s", "load_dataset CPU s", "× floor"]
        if against:
            headers += [f"at {arguments.against} CPU s", "this / that"]
        rows = []
        for name, data_dir in cases:
            floor = data_floor(data_dir)
            ours = cpu_seconds(ROOT, data_dir)
            row = [name, f"{floor:.2f}", f"{ours:.1f}", f"{ours / floor:.1f}×"]
            if against:
                theirs = cpu_seconds(against, data_dir)
                row += [f"{theirs:.1f}", f"{ours / theirs:.2f}"]
            rows.append(row)
            print(markdown_table(headers, [row]).splitlines()[-1], flush=True)
        print()
        print(markdown_table(headers, rows))


if __name__ == "__main__":
    main()
