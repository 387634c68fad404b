"""One writer at a time in a data folder: imports write it, builds read it.

The lock is the operating system's (flock) on the data folder itself, so the tool creates no
file in it and never opens, truncates or replaces a file that is someone else's. An import
holds it alone (exclusive); builds share it (a build only reads, and two builds of one folder
may run side by side), so no import can change data/ while a build reads it. A command that
finds the folder taken waits a few seconds, then is refused with a message naming the folder.

Whoever takes the lock first finishes what an interrupted import left: a journal is rolled
back (analysis.data_journal), and says so; a writer also removes abandoned staging folders.
Stdlib only.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .data_journal import JOURNAL, abandoned_staging, roll_back

WAIT_SECONDS = 5.0
_POLL = 0.1


class DataFolderBusy(Exception):
    """Another command holds the data folder; the message names it."""


def _display(folder: Path) -> str:
    try:
        return str(folder.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(folder.resolve())


def _take(handle: int, mode: int, folder: Path, wait: float, doing: str) -> None:
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                other = "an import" if mode == fcntl.LOCK_SH else "an import or a build"
                raise DataFolderBusy(
                    f"the data folder {_display(folder)}/ is in use by another command "
                    f"({other}); waited {wait:g} s. Run the {doing} again when it has "
                    "finished") from None
            time.sleep(_POLL)
        except OSError as error:
            raise DataFolderBusy(f"the data folder {_display(folder)}/ cannot be locked "
                                 f"({error.strerror}); nothing was written") from None


def _recover(folder: Path) -> None:
    if roll_back(folder):
        print(f"An earlier import into {_display(folder)}/ was interrupted while replacing "
              "files; every file it had replaced was restored from its journal first.",
              file=sys.stderr)


@contextmanager
def data_folder_lock(data_dir: Path, write: bool, doing: str = "import",
                     wait: float = WAIT_SECONDS):
    """Hold data_dir for writing (alone) or reading (shared with other readers)."""
    import fcntl

    folder = Path(data_dir)
    if not folder.is_dir():
        yield  # nothing to lock or protect: the validator says the folder is missing
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise DataFolderBusy(f"the data folder {_display(folder)}/ cannot be opened "
                             f"({error.strerror})") from None
    try:
        if write:
            _take(handle, fcntl.LOCK_EX, folder, wait, doing)
            _recover(folder)
            for staging in abandoned_staging(folder):
                shutil.rmtree(staging, ignore_errors=True)
        else:
            _take(handle, fcntl.LOCK_SH, folder, wait, doing)
            while roll_back_needed(folder):  # an import was killed: finish its roll-back
                fcntl.flock(handle, fcntl.LOCK_UN)
                _take(handle, fcntl.LOCK_EX, folder, wait, doing)
                _recover(folder)
                fcntl.flock(handle, fcntl.LOCK_UN)
                _take(handle, fcntl.LOCK_SH, folder, wait, doing)
        yield
    finally:
        os.close(handle)  # releases the lock


def roll_back_needed(data_dir: Path) -> bool:
    return (Path(data_dir) / JOURNAL).exists()
