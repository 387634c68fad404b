"""Swedish public-sector innovation projects: curated data, analysis and report build."""

from .dataset import DATA_DIR, DataValidationError, Dataset, load_dataset

__all__ = ["DATA_DIR", "DataValidationError", "Dataset", "load_dataset"]
