"""Where things are: the project, its curated data folder and the source documents.

Only pathlib here, so that `python -m analysis --help` can know these without loading pandas.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
# Under a data folder: open-data exports, kept unchanged as sources of their own.
EXPORTS_FOLDER = "exports"
# The source documents the curated table cites, beside the repository (../shared/seeds).
SEEDS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
DATA_DIR_ENV = "ANALYSIS_DATA_DIR"  # the build sets it for its kernels (e.g. benchmark data)


def data_folder(chosen: Path | str | None = None) -> Path:
    """The data folder a reader means: `chosen`, else $ANALYSIS_DATA_DIR, else data/."""
    return Path(chosen or os.environ.get(DATA_DIR_ENV) or DATA_DIR).resolve()
