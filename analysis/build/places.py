"""Where the build may write: only into folders it made (marked as its own) or empty or new
ones, never into the data, the project or any folder above them, the home folder or `/`;
and in a figures folder only over files it wrote there itself (its manifest).

A build that would write elsewhere is refused before anything is written, with a message
naming the folder.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import PROJECT_ROOT
from . import BuildError

# Written into every output folder the build makes: the next build may replace that folder.
OUTPUT_MARK = ".analysis-output"
# Earlier builds marked nothing, but wrote this: a folder holding it is the build's too.
EARLIER_OUTPUT_RECORD = "build-info.json"
# In a figures folder: the names of the figure files the build wrote there.
FIGURES_MANIFEST = ".analysis-figures"
# The project's own figures folder (figures/, ignored by git but for its README) is the
# build's by definition.
PROJECT_FIGURES = PROJECT_ROOT / "figures"


class PlaceRefused(BuildError):
    """The build will not write where it was pointed."""


def _protected(data_dir: Path) -> list[tuple[Path, str]]:
    """Folders the build never writes into or replaces, with what each one is."""
    return [(Path(data_dir).resolve(), "the data folder"), (PROJECT_ROOT, "the project folder"),
            (Path.home().resolve(), "the home folder"), (Path("/"), "the root folder")]


def _refuse_protected(folder: Path, data_dir: Path, what: str) -> None:
    folder = folder.resolve()
    for protected, name in _protected(data_dir):
        if folder == protected or folder in protected.parents:
            raise PlaceRefused(f"the {what} {folder}/ is {name} or a folder above it; "
                               f"choose a new or empty folder")
        if name == "the data folder" and protected in folder.parents:
            raise PlaceRefused(f"the {what} {folder}/ is inside the data folder "
                               f"{protected}/, which the build never writes; choose another")


def check_output_folder(output_dir: Path, data_dir: Path) -> None:
    """Refuse an output folder the build may not replace: a protected folder, a file, or a
    non-empty folder that is not one the build made."""
    _refuse_protected(output_dir, data_dir, "output folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise PlaceRefused(f"the output folder {output_dir} is a file, not a folder")
    if output_dir.is_dir() and any(output_dir.iterdir()) and not is_build_output(output_dir):
        raise PlaceRefused(f"the output folder {output_dir}/ holds files the build did not "
                           "write; the build replaces its whole output folder, so choose a "
                           "new or empty folder")


def is_build_output(folder: Path) -> bool:
    return (folder / OUTPUT_MARK).is_file() or (folder / EARLIER_OUTPUT_RECORD).is_file()


def mark_output(staged: Path) -> None:
    (staged / OUTPUT_MARK).write_text(
        "Written by `python -m analysis build`: the next build replaces this folder.\n",
        encoding="utf-8")


def check_figures_folder(figures_dir: Path, data_dir: Path, names: list[str]) -> None:
    """Refuse a figures folder that is protected, a file, or holds a file of one of `names`
    that the build did not write there."""
    _refuse_protected(figures_dir, data_dir, "figures folder")
    if figures_dir.exists() and not figures_dir.is_dir():
        raise PlaceRefused(f"the figures folder {figures_dir} is a file, not a folder")
    if figures_dir.resolve() == PROJECT_FIGURES.resolve():
        return
    written = written_figures(figures_dir)
    foreign = sorted(name for name in names
                     if (figures_dir / name).exists() and name not in written)
    if foreign:
        raise PlaceRefused(f"the figures folder {figures_dir}/ holds {', '.join(foreign[:3])}"
                           f"{' …' if len(foreign) > 3 else ''}, which the build did not "
                           "write; choose another folder")


def written_figures(figures_dir: Path) -> set[str]:
    """The files the build wrote into figures_dir before (its manifest)."""
    manifest = figures_dir / FIGURES_MANIFEST
    if not manifest.is_file():
        return set()
    return {line.strip() for line in manifest.read_text(encoding="utf-8").splitlines()
            if line.strip() and "/" not in line}
