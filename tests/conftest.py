import shutil
from pathlib import Path

import pytest

from analysis.paths import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real curated data, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def made_up(tmp_path_factory):
    """A made-up copy of 14 projects (analysis/synthetic.py), in the project's own format:
    funders, programmes and calls, grants and total budgets, projects without an amount,
    organisations taking part in several projects."""
    from analysis import load_dataset
    from analysis.synthetic import write_synthetic_dataset
    folder = write_synthetic_dataset(tmp_path_factory.mktemp("made-up") / "data", 14, seed=3)
    return load_dataset(folder)
