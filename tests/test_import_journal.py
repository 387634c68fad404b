"""All or nothing, for real: a replacement that fails, and an import killed while it replaces
files, leave data/ byte for byte as it was (the next command finishes the roll-back)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis import data_journal
from analysis.data_journal import JOURNAL
from analysis.data_lock import data_folder_lock
from analysis.dataset import load_dataset
from analysis.importers import ExportError, import_vinnova
from analysis.paths import PROJECT_ROOT
from vinnova_export import ten_records, write_export

from test_import import folder_digest


def failing_on(target_name: str, real=os.replace):
    """os.replace, failing when it would put the file target_name into place."""
    def replace(source, target):
        if Path(target).name == target_name and Path(source).parent.name.startswith(".import-"):
            raise PermissionError(13, "Permission denied")
        return real(source, target)
    return replace


@pytest.fixture
def earlier_import(data_copy, tmp_path):
    items = ten_records()[:6]
    import_vinnova(write_export(tmp_path / "earlier.json", items), data_copy,
                   retrieved="2026-11-01")
    return data_copy


@pytest.mark.parametrize("first_import", [True, False], ids=["first import", "re-import"])
def test_a_replacement_that_fails_restores_every_file(first_import, data_copy, earlier_import,
                                                      tmp_path, monkeypatch):
    data_dir = data_copy if first_import else earlier_import
    if first_import:  # a fresh copy: no earlier import, no exports/ folder
        import shutil

        from analysis.paths import DATA_DIR
        shutil.rmtree(data_dir)
        shutil.copytree(DATA_DIR, data_dir)
    before = folder_digest(data_dir)
    listing = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    # The third table file in the order they are replaced (sources, projects, organisations).
    monkeypatch.setattr(data_journal.os, "replace", failing_on("organisations.csv"))
    export = write_export(tmp_path / "export.json", ten_records())
    with pytest.raises(ExportError) as error:
        import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert str(error.value) == (
        f"{export} cannot be imported (1 problem); data/ is unchanged:\n"
        f"  - {data_dir.name}/organisations.csv could not be replaced (Permission denied); "
        "every file replaced before it was restored")
    assert folder_digest(data_dir) == before
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == listing


KILLED_IMPORT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from analysis import data_journal
    real, done = os.replace, []

    def replace(source, target):
        if Path(source).parent.name.startswith(".import-") and len(done) == 2:
            print("PAUSED", file=sys.stderr, flush=True)  # two tables replaced, one to go
            time.sleep(120)
        done.append(target)
        return real(source, target)

    data_journal.os.replace = replace
    from analysis.__main__ import main
    sys.exit(main(sys.argv[1:]))
""")


def kill_mid_replace(export: Path, data_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, "import", "vinnova", str(export), "--data",
         str(data_dir)], cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().strip() == "PAUSED"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert (data_dir / JOURNAL).is_file()  # killed half-way: the journal says what to undo


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_an_import_killed_mid_replace_is_rolled_back_by_the_next_command(earlier_import,
                                                                        tmp_path):
    data_dir = earlier_import
    before = folder_digest(data_dir)
    kill_mid_replace(write_export(tmp_path / "export.json", ten_records()), data_dir)
    assert folder_digest(data_dir) != before  # half-imported until the next command
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", "--data",
                          str(data_dir)], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"An earlier import into {data_dir}/ was interrupted while replacing files; every " \
        "file it had replaced was restored from its journal first." in run.stderr
    assert folder_digest(data_dir) == before
    assert not list(data_dir.glob(".import-*"))
    assert len(load_dataset(data_dir).projects) == 6 + 4  # the earlier import, whole


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_the_next_import_and_a_build_finish_the_roll_back_first(earlier_import, tmp_path,
                                                                capsys):
    data_dir = earlier_import
    before = folder_digest(data_dir)
    export = write_export(tmp_path / "export.json", ten_records())
    kill_mid_replace(export, data_dir)
    with data_folder_lock(data_dir, write=False, doing="build"):  # as the build takes it
        assert folder_digest(data_dir) == before
    assert "was interrupted while replacing files" in capsys.readouterr().err
    kill_mid_replace(export, data_dir)
    summary = import_vinnova(export, data_dir, retrieved="2026-11-30")
    assert "was interrupted while replacing files" in capsys.readouterr().err
    assert summary.added == 8 and len(load_dataset(data_dir).projects) == 6 + 8


def test_roll_back_is_safe_to_repeat(earlier_import, tmp_path, monkeypatch):
    """A roll-back interrupted in turn (here: after its first restore) is finished later."""
    data_dir = earlier_import
    before = folder_digest(data_dir)
    export = write_export(tmp_path / "export.json", ten_records())
    kill_mid_replace(export, data_dir)
    real, calls = os.replace, []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(source, target)
    monkeypatch.setattr(data_journal.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data_journal.roll_back(data_dir)
    monkeypatch.setattr(data_journal.os, "replace", real)
    assert data_journal.roll_back(data_dir) is True
    assert folder_digest(data_dir) == before


def test_a_folder_of_the_users_with_the_staging_name_is_left_alone(earlier_import, tmp_path):
    data_dir = earlier_import
    mine = data_dir / ".import-mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    import_vinnova(write_export(tmp_path / "export.json", ten_records()), data_dir,
                   retrieved="2026-11-30")
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert [p.name for p in data_dir.glob(".import-*")] == [".import-mine"]
