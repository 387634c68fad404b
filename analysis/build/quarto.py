"""Quarto: rendering each edition of report.qmd, and tidying what it rendered.

`quarto render` runs the project's pre-render step (`_quarto.yml`), which prepares the outputs
again, under the output lock: when the build has just prepared them it finds nothing to do,
and it puts the notebooks of the edition being rendered where report.qmd embeds from. So the
build runs Quarto only after it has released the lock, and `quarto render` alone works too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..paths import PROJECT_ROOT
from ..editions import LANGUAGE_ENV, Edition

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


def select_edition(output_dir: Path, edition: Edition) -> None:
    """Put the edition's executed notebooks where report.qmd embeds from (one folder for
    every edition: an embed names its notebook's path)."""
    target = output_dir / "notebooks"
    for notebook in (output_dir / edition.notebooks_folder).glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


def render(quarto: str, edition: Edition, files: str) -> int:
    """Run `quarto render` for the edition (its profile); its exit status. Call it without
    holding the output lock: the render's pre-render step takes it."""
    environment = dict(os.environ)
    environment[LANGUAGE_ENV] = edition.language
    # The pre-render step (`python -m analysis`) must use this interpreter.
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment["PATH"]
    command = edition.quarto_command(quarto)
    shown = " ".join(["quarto", *command[1:]])
    print(f"Running `{shown}` ({quarto}).", flush=True)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=environment)
    if result.returncode != 0:
        print(f"{shown} failed with exit status {result.returncode}.", file=sys.stderr)
        return result.returncode
    print(f"{shown} … {time.perf_counter() - began:.1f} s: {files}")
    return 0


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
