"""Which build steps may reuse the previous build's outputs.

A step is skipped when the fingerprint of everything it reads equals the one the previous build
recorded in build-info.json, and the outputs it wrote are still there. A fingerprint covers the
data (its content hash), the source of the `analysis` package and its text catalogues, the
installed package versions, the build date (the appendix and the report state it) and, for a
notebook, the notebook itself; the report also covers report.qmd and _quarto.yml.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
PACKAGE_SUFFIXES = (".py", ".toml")
FIGURES, APPENDIX, REPORT = "figures", "appendix", "report"  # report: one per edition


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def package_fingerprint(versions: dict[str, str]) -> str:
    files = sorted(path for path in PACKAGE_DIR.rglob("*") if path.suffix in PACKAGE_SUFFIXES
                   and "__pycache__" not in path.parts)
    return _digest(json.dumps(versions, sort_keys=True),
                   *(f"{path.relative_to(PACKAGE_DIR)}:" for path in files),
                   *(path.read_bytes() for path in files))


def notebook_step(notebook: Path, language: str = "en") -> str:
    return f"notebook:{notebook.name}:{language}"


def report_step(language: str) -> str:
    return f"{REPORT}:{language}"


def appendix_step(language: str) -> str:
    return f"{APPENDIX}:{language}"


def step_fingerprints(data_version: str, build_date: str, versions: dict[str, str],
                      notebooks: list[Path], report_files: list[Path],
                      edition_files: dict[str, Path]) -> dict[str, str]:
    """Every step's fingerprint; notebooks and reports once per edition (language), an
    edition's report also covering its Quarto profile file (_quarto-<language>.yml)."""
    base = _digest(data_version, build_date, package_fingerprint(versions))
    steps = {FIGURES: _digest(base, FIGURES)}
    for language, profile in edition_files.items():
        steps[appendix_step(language)] = _digest(base, APPENDIX, language)
        mine = []
        for notebook in notebooks:
            step = notebook_step(notebook, language)
            steps[step] = _digest(base, language, notebook.read_bytes())
            mine.append(steps[step])
        files = [*report_files, profile]
        steps[report_step(language)] = _digest(
            steps[FIGURES], steps[appendix_step(language)], *mine,
            *(path.read_bytes() for path in files if path.exists()))
    return steps


def previous_fingerprints(output_dir: Path) -> dict[str, str]:
    try:
        info = json.loads((output_dir / "build-info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    recorded = info.get("fingerprints")
    return recorded if isinstance(recorded, dict) else {}


def reusable_steps(current: dict[str, str], previous: dict[str, str],
                   outputs: dict[str, list[Path]]) -> set[str]:
    """Steps whose inputs are unchanged and whose earlier outputs all still exist."""
    return {step for step, fingerprint in current.items()
            if previous.get(step) == fingerprint and outputs.get(step)
            and all(path.exists() for path in outputs[step])}
