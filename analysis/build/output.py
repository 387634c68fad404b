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


class BuildLocked(BuildError):
    """Another build is writing to the same output folder."""


@contextmanager
def output_lock(output_dir: Path):
    """One build at a time per output folder: a second one is refused with a clear message.
    Holding it, no other build can be staging into this output folder, so any staging folder
    found is abandoned (its build was killed) and is removed."""
    import fcntl

    lock_path = output_dir.with_name(output_dir.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BuildLocked(f"another build (process {holder}) is writing to "
                              f"{display(output_dir)}/; run this again when it has "
                              "finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            for abandoned in _staging_folders(output_dir):
                shutil.rmtree(abandoned, ignore_errors=True)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _staging_folders(output_dir: Path) -> list[Path]:
    return list(output_dir.parent.glob(f"{output_dir.name}.tmp-*"))


@contextmanager
def staging_folder(output_dir: Path):
    """A new folder beside the output folder to build into; removed unless it was published."""
    staged = output_dir.with_name(f"{output_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
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
    build can reuse."""
    figures_dir.mkdir(parents=True, exist_ok=True)
    fresh = {path.name for path in staged_figures.iterdir()}
    for stale in list(figures_dir.glob("*.svg")) + list(figures_dir.glob("*.png")):
        if stale.name not in fresh:
            stale.unlink()
    for path in staged_figures.iterdir():
        shutil.copy2(path, figures_dir / path.name)


def display(path: Path) -> str:
    """The path as the messages show it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
