"""What the benchmarks measure against: the machine's floor, and the peak memory of a whole
process tree.

The floor of a dataset is what any build of it must at least do, measured here and now:
read every CSV in its data folder, parse it with Python's csv module, and write the same
bytes to a file. A step's time printed as a multiple of it says how far the step is from
the cost of merely touching its data, and stays comparable on a loaded machine (both are
measured in the same run). The calibration loop is a fixed piece of pure Python, to compare
machines or runs.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path


def data_floor(data_dir: Path) -> float:
    """Seconds to read, parse and write back every CSV in data_dir."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="floor-") as folder:
        for path in sorted(Path(data_dir).glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            (Path(folder) / path.name).write_text(text, encoding="utf-8")
            del rows
    return time.perf_counter() - began


def calibration_loop() -> float:
    """Seconds for a fixed piece of pure Python (ten million additions)."""
    began = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - began


def times_floor(seconds: float | None, floor: float) -> str:
    if seconds is None:
        return "–"
    ratio = seconds / floor
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants (kernels, workers, Quarto, …)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                text = stat.read()
        except OSError:
            continue
        parent = int(text[text.rfind(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="utf-8") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def run_measured(command: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float,
                                                         float]:
    """Run a command; its result, wall seconds and the peak summed RSS of its process tree
    in MB, sampled every 0.2 s (Linux /proc)."""
    peak = [0]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, **kwargs)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(process.pid))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - began
    done.set()
    sampler.join()
    result = subprocess.CompletedProcess(command, process.returncode, out, err)
    return result, seconds, peak[0] / 1e6
