"""One writer at a time: real processes hold the data folder's lock while others try."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis.data_lock import data_folder_lock
from analysis.paths import PROJECT_ROOT
from vinnova_export import ten_records, write_export

from test_import import folder_digest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock")

HOLDER = textwrap.dedent("""
    import sys, time
    from analysis.data_lock import data_folder_lock
    with data_folder_lock(sys.argv[1], write=sys.argv[2] == "write"):
        print("HOLDING", flush=True)
        time.sleep(float(sys.argv[3]))
""")


def hold(data_dir: Path, mode: str, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir), mode,
                                str(seconds)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "HOLDING"
    return process


def command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300)


def test_an_import_while_a_build_reads_is_refused_after_a_short_wait(data_copy, tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    reader = hold(data_copy, "read", 60)  # as a build holds it
    try:
        before = folder_digest(data_copy)
        started = time.monotonic()
        run = command("import", "vinnova", str(export), "--data", str(data_copy),
                  "--coordinator-kind", "all")
        waited = time.monotonic() - started
    finally:
        reader.kill()
        reader.wait()
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        f"{export} cannot be imported (1 problem); data/ is unchanged:\n"
        f"  - the data folder {data_copy}/ is in use by another command (an import or a "
        "build); waited 5 s. Run the import again when it has finished")
    assert waited >= 5
    assert folder_digest(data_copy) == before


def test_a_build_while_an_import_writes_is_refused(data_copy, tmp_path):
    writer = hold(data_copy, "write", 60)  # as an import holds it
    try:
        run = command("build", "--no-quarto", "--data", str(data_copy), "--output",
                      str(tmp_path / "out"))
        validation = command("validate", "--data", str(data_copy))
    finally:
        writer.kill()
        writer.wait()
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        f"Build refused: the data folder {data_copy}/ is in use by another command (an "
        "import); waited 5 s. Run the build again when it has finished.")
    assert not (tmp_path / "out").exists()
    assert validation.returncode == 1 and validation.stderr.startswith("Validation refused: ")


def test_a_second_writer_waits_briefly_and_goes_on_when_the_first_is_done(data_copy,
                                                                          tmp_path):
    export = write_export(tmp_path / "export.json", ten_records())
    writer = hold(data_copy, "write", 1.5)
    run = command("import", "vinnova", str(export), "--data", str(data_copy),
                  "--coordinator-kind", "all")
    writer.wait()
    assert run.returncode == 0, run.stderr
    assert "8 added as projects" in run.stdout


def test_readers_share_the_folder(data_copy):
    reader = hold(data_copy, "read", 30)
    try:
        started = time.monotonic()
        with data_folder_lock(data_copy, write=False, doing="build", wait=0):
            assert time.monotonic() - started < 1
    finally:
        reader.kill()
        reader.wait()


def test_the_lock_creates_no_file_and_touches_none(data_copy):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data_copy.iterdir())
    with data_folder_lock(data_copy, write=True):
        pass
    assert sorted((p.name, p.stat().st_mtime_ns) for p in data_copy.iterdir()) == before


@pytest.mark.slow
def test_an_import_during_a_real_build_is_refused(data_copy, tmp_path):
    """A real build (no Quarto) reading data/: an import then waits and is refused."""
    export = write_export(tmp_path / "export.json", ten_records())
    build = subprocess.Popen([sys.executable, "-m", "analysis", "build", "--no-quarto",
                              "--data", str(data_copy), "--output", str(tmp_path / "out")],
                             cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert build.stdout.readline().startswith("[1/3]")  # validating data/ under the lock
        run = command("import", "vinnova", str(export), "--data", str(data_copy),
                  "--coordinator-kind", "all")
    finally:
        build.send_signal(signal.SIGINT)
        build.communicate(timeout=120)
    assert run.returncode == 1
    assert f"the data folder {data_copy}/ is in use by another command" in run.stderr
