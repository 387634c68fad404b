"""The output folder: one writer at a time (its lock), a staging folder beside it, and
publishing the staged build in one move.

Everything is first written to the staging folder and only moved into place when every step
succeeded, so a failed build leaves the previous outputs untouched.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..paths import PROJECT_ROOT
from . import BuildError
from .places import FIGURES_MANIFEST, PlaceRefused, mark_output, written_figures


class BuildLocked(BuildError):
    """Another build is writing to the same output folder."""


@contextmanager
def output_lock(output_dir: Path):
    """One build at a time per output folder: a second one is refused with a clear message.
    Holding it, no other build can be staging into this output folder, so any staging folder
    found is abandoned (its build was killed) and is removed."""
    import fcntl

    lock_path = output_dir.with_name(output_dir.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+", encoding="utf-8")
    except OSError as error:
        raise PlaceRefused(f"cannot create the lock file {lock_path} beside the output "
                           f"folder ({error.strerror})") from None
    with handle:
        handle.seek(0)
        if not _is_lock_file(handle.read()):
            raise PlaceRefused(f"{lock_path} exists and is not a build's lock file; the build "
                               "takes that name beside its output folder, so move the file "
                               "or choose another output folder")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().removeprefix(LOCK_SIGNATURE).strip() or "unknown"
            raise BuildLocked(f"another build (process {holder}) is writing to "
                              f"{display(output_dir)}/; run this again when it has "
                              "finished") from None
        _write_lock(handle, f"{LOCK_SIGNATURE}{os.getpid()}\n")  # our own file, checked
        try:
            for abandoned in _staging_folders(output_dir):
                shutil.rmtree(abandoned, ignore_errors=True)
            yield
        finally:
            _write_lock(handle, LOCK_SIGNATURE)
            fcntl.flock(handle, fcntl.LOCK_UN)


# The first line of the build's lock file: a file of that name without it is someone else's.
LOCK_SIGNATURE = "analysis build lock\n"


def _is_lock_file(text: str) -> bool:
    """The build's lock file: new (empty), written by this build, or by an earlier version
    (which wrote only the holder's process id)."""
    return text == "" or text.startswith(LOCK_SIGNATURE) or text.strip().isdigit()


def _write_lock(handle, text: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()


def _staging_folders(output_dir: Path) -> list[Path]:
    return list(output_dir.parent.glob(f"{output_dir.name}.tmp-*"))


@contextmanager
def staging_folder(output_dir: Path):
    """A new folder beside the output folder to build into; removed unless it was published."""
    staged = output_dir.with_name(f"{output_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    mark_output(staged)
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # gone already once published


def copy_outputs(previous_output: Path, staged: Path, relative_paths: list[str]) -> None:
    """Copy the previous build's outputs that are reused into the staging folder."""
    for relative in relative_paths:
        source, target = previous_output / relative, staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def replace_output_dir(staged: Path, output_dir: Path) -> None:
    """Swap the staged build in for the previous one; the old one is removed only after."""
    previous = output_dir.with_name(output_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output_dir.exists():
        os.replace(output_dir, previous)
    os.replace(staged, output_dir)
    shutil.rmtree(previous, ignore_errors=True)


def publish_figures(staged_figures: Path, figures_dir: Path) -> None:
    """Copy the figures to the figures folder; the output keeps its own copy, which the next
    build can reuse. Only figures the build wrote there before (its manifest) are replaced
    or, when no longer made, removed: any other file in the folder is the user's."""
    fresh = sorted(path.name for path in staged_figures.iterdir())
    written = written_figures(figures_dir)
    for stale in sorted(written - set(fresh)):
        (figures_dir / stale).unlink(missing_ok=True)
    figures_dir.mkdir(parents=True, exist_ok=True)
    for name in fresh:
        shutil.copy2(staged_figures / name, figures_dir / name)
    (figures_dir / FIGURES_MANIFEST).write_text("\n".join(fresh) + "\n", encoding="utf-8")


def display(path: Path) -> str:
    """The path as the messages show it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
