"""The hand-over of a validated dataset from the build to the notebooks' kernels.

The build validates data/ once and pickles the result; each kernel it starts finds the file
through an environment variable and uses it instead of validating again, but only while the
data folder is the same and its content unchanged.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable

VALIDATED_DATA_ENV = "ANALYSIS_VALIDATED_DATA"


def save_validated(data, folder: Path) -> Path:
    """Write a validated Dataset into folder; the build puts the path in VALIDATED_DATA_ENV."""
    path = folder / f"validated-{data.data_version}.pickle"
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def load_validated(data_dir: Path, data_version: Callable[[Path], str]):
    """The Dataset handed over for data_dir, if there is one and data_dir's content still has
    its data_version; else None."""
    path = os.environ.get(VALIDATED_DATA_ENV)
    if not path or not Path(path).is_file():
        return None
    data = pickle.loads(Path(path).read_bytes())
    same = data.data_dir == data_dir and data.data_version == data_version(data_dir)
    return data if same else None
