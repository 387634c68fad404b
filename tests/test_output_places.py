"""The build writes only where it belongs: never into the data, the project, the home folder,
`/` or a folder of the user's own files; its lock never takes over someone else's file; in a
figures folder it replaces or removes only the figures it wrote there itself."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.build.output import LOCK_SIGNATURE, output_lock, publish_figures
from analysis.build.places import (FIGURES_MANIFEST, OUTPUT_MARK, PlaceRefused,
                                   check_figures_folder, check_output_folder)
from analysis.paths import DATA_DIR, PROJECT_ROOT


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build(*arguments: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "build", "--no-quarto",
                           *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("where", ["data", ".", "analysis/..", "/", "~"])
def test_the_build_refuses_the_data_the_project_home_and_root_as_its_output(where, data_copy):
    """Given the data folder (it once deleted every curated CSV), the project or a folder
    above it: refused with the folder's name, exit 1, the data unchanged."""
    target = {"data": str(data_copy), "~": str(Path.home())}.get(where, where)
    before = folder_digest(data_copy)
    result = build("--data", str(data_copy), "--output", target)
    assert result.returncode == 1
    assert "Build refused" in result.stderr and "Traceback" not in result.stderr
    shown = Path(target).expanduser().resolve()
    assert str(shown) in result.stderr
    assert folder_digest(data_copy) == before
    assert not (shown / OUTPUT_MARK).exists()


def test_a_folder_of_the_users_own_files_is_refused_and_kept(tmp_path, data_copy):
    mine = tmp_path / "my-folder"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"my own work")
    result = build("--data", str(data_copy), "--output", str(mine))
    assert result.returncode == 1
    assert f"{mine}/ holds files the build did not write" in result.stderr
    assert (mine / "thesis.docx").read_bytes() == b"my own work"
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.docx"]


def test_an_existing_file_as_output_folder_is_refused_and_kept(tmp_path, data_copy):
    a_file = tmp_path / "report"
    a_file.write_text("notes")
    result = build("--data", str(data_copy), "--output", str(a_file))
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr
    assert a_file.read_text() == "notes"


def test_a_folder_inside_the_data_is_refused(tmp_path):
    with pytest.raises(PlaceRefused, match="inside the data folder"):
        check_output_folder(DATA_DIR / "out", DATA_DIR)


def test_a_new_or_empty_folder_or_the_builds_own_is_accepted(tmp_path):
    check_output_folder(tmp_path / "new", DATA_DIR)
    (tmp_path / "empty").mkdir()
    check_output_folder(tmp_path / "empty", DATA_DIR)
    (tmp_path / "earlier").mkdir()
    (tmp_path / "earlier" / OUTPUT_MARK).write_text("")
    (tmp_path / "earlier" / "appendix.xlsx").write_bytes(b"")
    check_output_folder(tmp_path / "earlier", DATA_DIR)


def test_a_file_named_like_the_lock_is_never_truncated(tmp_path):
    """The lock beside the output folder is the build's own file: someone else's file of that
    name is refused, not emptied."""
    output = tmp_path / "out"
    foreign = tmp_path / "out.lock"
    foreign.write_text("my shopping list\n")
    with pytest.raises(PlaceRefused, match="is not a build's lock file"):
        with output_lock(output):
            pass
    assert foreign.read_text() == "my shopping list\n"
    # The build's own lock file, also one left by an earlier version (a process id), is used.
    foreign.write_text("12345")
    with output_lock(output):
        assert foreign.read_text().startswith(LOCK_SIGNATURE)
    assert foreign.read_text() == LOCK_SIGNATURE


def test_figures_replace_and_remove_only_what_the_build_wrote(tmp_path):
    staged, figures = tmp_path / "staged", tmp_path / "figures"
    staged.mkdir()
    figures.mkdir()
    (figures / "holiday.png").write_bytes(b"my photo")
    (staged / "grants.svg").write_text("<svg/>")
    (staged / "old.svg").write_text("<svg/>")
    publish_figures(staged, figures)
    assert (figures / FIGURES_MANIFEST).read_text().split() == ["grants.svg", "old.svg"]
    (staged / "old.svg").unlink()  # no longer made: removed, as the build wrote it
    publish_figures(staged, figures)
    assert sorted(p.name for p in figures.iterdir()) == [FIGURES_MANIFEST, "grants.svg",
                                                         "holiday.png"]
    assert (figures / "holiday.png").read_bytes() == b"my photo"


def test_a_figure_name_taken_by_the_users_file_is_refused(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "grants.png").write_bytes(b"my own chart")
    with pytest.raises(PlaceRefused, match="grants.png, which the build did not write"):
        check_figures_folder(figures, DATA_DIR, ["grants.png", "grants.svg"])
    check_figures_folder(figures, DATA_DIR, ["grants.svg"])  # no clash: accepted
