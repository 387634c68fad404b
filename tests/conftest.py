import shutil
from pathlib import Path

import pytest

from analysis.dataset import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real curated data, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
