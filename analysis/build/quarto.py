"""Quarto: rendering each edition of report.qmd, and tidying what it rendered.

`quarto render` alone runs the project's pre-render step (`_quarto.yml`), which prepares the
outputs again under the output lock (nothing to do right after a build) and puts the notebooks
of the edition being rendered where report.qmd embeds from.

The build instead renders its editions side by side, each in a render folder of its own: the
project's report.qmd, profile and package linked in, an `_output/` whose `notebooks/` is the
edition's executed notebooks, and _quarto.yml without the pre-render step (the build has just
prepared, and still holds the output lock). Quarto writes its intermediate files beside
report.qmd, so two editions cannot render in one folder at once. Each report is then moved
into the output folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ..paths import PROJECT_ROOT
from ..editions import LANGUAGE_ENV, Edition
from .output import display

INSTALL_HINT = ("Install Quarto 1.7+ from https://quarto.org/docs/get-started/ "
                "(or `pip install quarto-cli` where GitHub is reachable), then rerun "
                "`python -m analysis build` or `quarto render`.")
# Script tags that load from the network. Quarto adds require.js and jQuery from a CDN to any
# page whose notebook outputs include text/html (it assumes JavaScript widgets), nbconvert adds
# require.js and MathJax; nothing on this report's pages uses them, and offline they are only
# failed requests.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.I)
_JQUERY_FOR_REQUIRE = re.compile(
    r"<script[^>]*>\s*define\('jquery', \[\],\s*function\(\) \{return window\.jQuery;\}\)"
    r"\s*</script>\s*")


def executable() -> str | None:
    return shutil.which("quarto")


# Where report.qmd embeds the notebooks from, in the output folder: one folder for every
# edition, since an embed names its notebook's path.
EMBED_FOLDER = "notebooks"


def select_edition(output_dir: Path, edition: Edition) -> None:
    """Put the edition's executed notebooks where report.qmd embeds from."""
    target = output_dir / EMBED_FOLDER
    for notebook in (output_dir / edition.notebooks_folder).glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


def _environment(edition: Edition) -> dict[str, str]:
    environment = dict(os.environ)
    environment[LANGUAGE_ENV] = edition.language
    # Quarto's pre- and post-render steps (`python -m analysis`) must use this interpreter.
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment["PATH"]
    return environment


def render_folder(folder: Path, output_dir: Path, edition: Edition) -> Path:
    """A folder in which Quarto renders the edition from the prepared outputs alone; the
    folder's output folder, where Quarto writes the edition's report files."""
    settings = yaml.safe_load((PROJECT_ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    settings["project"].pop("pre-render")
    folder.mkdir(parents=True)
    (folder / "_quarto.yml").write_text(yaml.safe_dump(settings, allow_unicode=True),
                                        encoding="utf-8")
    for name in ("report.qmd", "analysis", edition.quarto_profile_file):
        if name:
            (folder / name).symlink_to(PROJECT_ROOT / name)
    # What report.qmd and _quarto.yml read from the output folder, at the same places: the
    # edition's notebooks where report.qmd embeds from, the Vega header, the edition's text.
    rendered = folder / settings["project"]["output-dir"]
    (rendered / edition.folder).mkdir(parents=True, exist_ok=True)
    (rendered / EMBED_FOLDER).symlink_to(output_dir / edition.notebooks_folder)
    header = settings["format"]["html"]["include-in-header"]
    (folder / header).symlink_to(output_dir / Path(header).name)
    (rendered / edition.report_text_file).symlink_to(output_dir / edition.report_text_file)
    return rendered / edition.folder


def render_side_by_side(quarto: str, editions: list[Edition], output_dir: Path
                        ) -> dict[Edition, tuple[int, float]]:
    """Render the editions at once, each in its own render folder, and move each rendered
    report into the output folder; each edition's exit status and seconds. Call it holding
    the output lock."""
    results: dict[Edition, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="quarto-render-") as scratch:
        running = {}
        try:
            for edition in editions:
                rendered = render_folder(Path(scratch) / edition.language, output_dir, edition)
                log = (Path(scratch) / f"{edition.language}.log").open("w", encoding="utf-8")
                command = edition.quarto_command(quarto)
                print(f"Running `{' '.join(['quarto', *command[1:]])}` ({quarto}).", flush=True)
                process = subprocess.Popen(command, cwd=Path(scratch) / edition.language,
                                           env=_environment(edition), stdout=log,
                                           stderr=subprocess.STDOUT)
                running[edition] = (process, log, rendered, time.perf_counter())
            for edition, (process, log, rendered, began) in running.items():
                status = process.wait()
                log.close()
                seconds = round(time.perf_counter() - began, 2)
                files = [(rendered / Path(name).name, output_dir / name)
                         for name in edition.report_files]
                missing = [made.name for made, _ in files if not made.is_file()]
                if status == 0 and missing:
                    print(f"Quarto wrote no {' and no '.join(missing)} for the edition "
                          f"{edition.language}.", file=sys.stderr)
                    status = 1
                _show(edition, status, Path(log.name), seconds, output_dir)
                if status == 0:
                    for made, target in files:
                        publish_file(made, target)
                results[edition] = (status, seconds)
        finally:
            for process, log, *_ in running.values():
                if process.poll() is None:
                    process.terminate()
                    process.wait()
                log.close()
    return results


def _show(edition: Edition, status: int, log: Path, seconds: float, output_dir: Path) -> None:
    """Quarto's output: its warnings, or all of it after a failure."""
    command = " ".join(["quarto", *edition.quarto_command("quarto")[1:]])
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    if status != 0:
        print("\n".join(lines[-80:]), file=sys.stderr)
        print(f"{command} failed with exit status {status}.", file=sys.stderr)
        return
    for line in lines:
        if "WARN" in line or "ERROR" in line:
            print(line)
    files = " and ".join(f"{display(output_dir)}/{name}" for name in edition.report_files)
    print(f"{command} … {seconds:.1f} s: {files}")


def publish_file(rendered: Path, target: Path) -> None:
    """Put a rendered file in place whole: copied beside the target, then renamed over it."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(rendered, partial)
    os.replace(partial, target)


# --- post-render ---------------------------------------------------------------------------

def without_remote_scripts(html: str) -> str:
    if not REMOTE_SCRIPT.search(html):
        return html
    return _JQUERY_FOR_REQUIRE.sub("", REMOTE_SCRIPT.sub("", html))


def tidy_rendered_html(paths: list[Path]) -> list[Path]:
    """Quarto's post-render step: remove remote scripts from the rendered HTML pages."""
    changed = []
    for path in paths:
        if path.suffix != ".html" or not path.exists():
            continue
        html = path.read_text(encoding="utf-8")
        tidy = without_remote_scripts(html)
        if tidy != html:
            path.write_text(tidy, encoding="utf-8")
            changed.append(path)
    return changed


def quarto_output_files() -> list[Path]:
    """The files Quarto just rendered (it lists them for post-render scripts)."""
    listed = os.environ.get("QUARTO_PROJECT_OUTPUT_FILES", "")
    return [Path(line) for line in listed.splitlines() if line.strip()]
