"""Builds as separate processes: nothing left in the temp folder, Ctrl-C ends in one line.

Each build runs with a private TMPDIR, which must be empty afterwards: no kernel connection
file, socket folder or pickle of validated data survives a finished or an interrupted build.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.build.places import OUTPUT_MARK
from analysis.paths import DATA_DIR, PROJECT_ROOT


def start_build(tmp_path: Path, output: Path) -> subprocess.Popen:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir(exist_ok=True)
    environment = {**os.environ, "TMPDIR": str(private_tmp)}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--no-quarto", "--data", str(DATA_DIR),
         "--output", str(output)],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "tmp").iterdir())


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX only")
def test_interrupted_build_says_so_in_one_line_and_leaves_nothing_behind(tmp_path):
    output = tmp_path / "_output"
    output.mkdir()
    (output / OUTPUT_MARK).write_text("", encoding="utf-8")  # an earlier build's output
    (output / "earlier.txt").write_text("an earlier build", encoding="utf-8")
    build = start_build(tmp_path, output)
    # Wait until the notebooks run (the step after validation), then press Ctrl-C.
    line = build.stdout.readline()
    assert line.startswith("[1/3]"), line
    time.sleep(3)
    build.send_signal(signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, stderr
    assert stderr.strip() == "interrupted; the previous outputs are unchanged"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in output.iterdir()) == [OUTPUT_MARK, "earlier.txt"]
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []  # no staging
    assert "Traceback" not in stdout + stderr


def test_finished_build_leaves_nothing_in_the_temp_folder(tmp_path):
    project_figures = PROJECT_ROOT / "figures"
    before = {p.name: p.stat().st_mtime_ns for p in project_figures.iterdir()}
    output = tmp_path / "_output"
    build = start_build(tmp_path, output)
    stdout, stderr = build.communicate(timeout=600)
    assert build.returncode == 0, stderr
    assert leftovers(tmp_path) == []
    # With --output and no --figures, the figures go with the output; the project's own
    # figures/ folder is not touched.
    assert {p.suffix for p in (output / "figures").iterdir()} == {".png", ".svg"}
    assert {p.name: p.stat().st_mtime_ns for p in project_figures.iterdir()} == before
