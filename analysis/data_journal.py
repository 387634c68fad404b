"""Replace files in a data folder all together or not at all, even across a crash.

The new files are first written to a staging folder inside the data folder (same file system,
so each move is a rename). Then a journal is written, naming every file to be replaced and
where its earlier version is kept; only then are the earlier versions kept (hard links) and the
new files moved into place. Removing the journal is the moment the change takes effect.

If a step fails, or the process is interrupted, every file is restored from the journal: at
once when Python can still act (an exception, Ctrl-C), else by the next command of the tool
that opens the folder (`roll_back`, called under the data folder's lock). Stdlib only.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

JOURNAL = ".import-journal.json"
STAGING_PREFIX = ".import-"
STAGING_MARK = ".analysis-staging"  # in every staging folder: only those are ever removed


class ReplaceFailed(Exception):
    """A file could not be replaced; every file replaced before it has been restored."""

    def __init__(self, file: str, reason: str):
        self.file, self.reason = file, reason
        super().__init__(f"{file} could not be replaced ({reason}); every file replaced "
                         "before it was restored")


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _write_journal(data_dir: Path, journal: dict) -> None:
    temporary = data_dir / (JOURNAL + ".new")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(journal, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, data_dir / JOURNAL)
    _fsync_folder(data_dir)


def replace_files(data_dir: Path, staging: Path, files: list[str]) -> None:
    """Move staging/<file> to data_dir/<file> for every file (paths relative to data_dir),
    all or nothing. `staging` is a folder inside data_dir; it is removed afterwards."""
    data_dir = Path(data_dir)
    backups = staging / ".earlier"
    journal = {
        "staging": staging.name,
        "folders_made": sorted({str(Path(f).parent) for f in files if Path(f).parent != Path(".")
                                and not (data_dir / f).parent.is_dir()}),
        "files": [{"file": f, "earlier": f".earlier/{i}" if (data_dir / f).exists() else None}
                  for i, f in enumerate(files)],
    }
    backups.mkdir()
    _write_journal(data_dir, journal)  # first: from here on every step can be undone
    try:
        for entry in journal["files"]:
            if entry["earlier"]:
                _keep(data_dir / entry["file"], staging / entry["earlier"])
        for folder in journal["folders_made"]:
            (data_dir / folder).mkdir(parents=True, exist_ok=True)
        for entry in journal["files"]:
            try:
                os.replace(staging / entry["file"], data_dir / entry["file"])
            except OSError as error:
                raise ReplaceFailed(entry["file"], error.strerror or str(error)) from None
        os.remove(data_dir / JOURNAL)  # done: the new files are the data now
        _fsync_folder(data_dir)
    except BaseException:
        roll_back(data_dir)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _keep(path: Path, earlier: Path) -> None:
    """The earlier version, same bytes: a second name for the file (a copy where the file
    system has no hard links)."""
    try:
        os.link(path, earlier)
    except OSError:
        shutil.copyfile(path, earlier)


def roll_back(data_dir: Path) -> bool:
    """Restore what a journal in data_dir names, if there is one; True when it did. Safe to
    repeat: interrupted in turn, it is finished by the next call."""
    data_dir = Path(data_dir)
    path = data_dir / JOURNAL
    if not path.exists():
        (data_dir / (JOURNAL + ".new")).unlink(missing_ok=True)  # never became the journal
        return False
    journal = json.loads(path.read_text(encoding="utf-8"))
    staging = data_dir / journal["staging"]
    for entry in journal["files"]:
        target = data_dir / entry["file"]
        if entry["earlier"] is None:
            target.unlink(missing_ok=True)  # new with this import
        elif (staging / entry["earlier"]).exists():
            os.replace(staging / entry["earlier"], target)
        # else: the earlier version was never kept, so the file was never replaced
    for folder in sorted(journal["folders_made"], key=len, reverse=True):
        try:
            (data_dir / folder).rmdir()
        except OSError:
            pass
    _fsync_folder(data_dir)
    path.unlink()
    _fsync_folder(data_dir)
    shutil.rmtree(staging, ignore_errors=True)
    return True


def new_staging(data_dir: Path) -> Path:
    """A new staging folder inside data_dir, marked as the tool's own."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    (staging / STAGING_MARK).write_text("", encoding="utf-8")
    return staging


def abandoned_staging(data_dir: Path) -> list[Path]:
    """Staging folders left by an import that was killed (call holding the lock to write);
    a folder of that name without the tool's mark is someone else's and stays."""
    return [p for p in Path(data_dir).glob(STAGING_PREFIX + "*")
            if p.is_dir() and (p / STAGING_MARK).is_file()]
