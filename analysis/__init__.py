"""Swedish public-sector innovation projects: curated data, analysis and report build."""

from __future__ import annotations

__all__ = ["DATA_DIR", "DataValidationError", "Dataset", "load_dataset"]


def __getattr__(name: str):
    # Imported on first use, so that `python -m analysis --help` answers without loading pandas.
    if name == "DATA_DIR":
        from .paths import DATA_DIR
        return DATA_DIR
    if name in __all__:
        from . import dataset
        return getattr(dataset, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
