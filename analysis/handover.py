"""The hand-over of a validated dataset from the build to the notebooks' kernels.

The build validates data/ once and pickles the result; each kernel it starts finds the file
through an environment variable and uses it instead of validating again, but only while the
data folder is the same and its content unchanged. Beside it the build hands over the metrics it
has computed (the dataset's memo, metrics/memo.py), so that no kernel computes them again;
they are used only with the data version they were computed from.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable

VALIDATED_DATA_ENV = "ANALYSIS_VALIDATED_DATA"
VALIDATED_METRICS_ENV = "ANALYSIS_VALIDATED_METRICS"


def save_validated(data, folder: Path) -> Path:
    """Write a validated Dataset into folder; the build puts the path in VALIDATED_DATA_ENV."""
    path = folder / f"validated-{data.data_version}.pickle"
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def save_metrics(data, folder: Path) -> Path:
    """Write the metrics computed so far from a validated Dataset (its memo) into folder, with
    its data version; the build puts the path in VALIDATED_METRICS_ENV."""
    path = folder / f"metrics-{data.data_version}.pickle"
    memo = dict(data.memo)  # one copy at once: another thread may be adding to it
    path.write_bytes(pickle.dumps((data.data_version, memo), protocol=pickle.HIGHEST_PROTOCOL))
    return path


def load_validated(data_dir: Path, data_version: Callable[[Path], str]):
    """The Dataset handed over for data_dir, if there is one and data_dir's content still has
    its data_version; else None."""
    path = os.environ.get(VALIDATED_DATA_ENV)
    if not path or not Path(path).is_file():
        return None
    data = pickle.loads(Path(path).read_bytes())
    same = data.data_dir == data_dir and data.data_version == data_version(data_dir)
    if not same:
        return None
    data.memo.update(_metrics_for(data.data_version))
    return data


def _metrics_for(version: str) -> dict:
    """The metrics handed over beside the data, if they were computed from `version`."""
    path = os.environ.get(VALIDATED_METRICS_ENV)
    if not path or not Path(path).is_file():
        return {}
    computed_from, memo = pickle.loads(Path(path).read_bytes())
    return memo if computed_from == version else {}
