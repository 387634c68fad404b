"""Swedish public-sector innovation projects: curated data, analysis and report build."""

from __future__ import annotations

import sys

# jsonschema, which Altair imports, checks the "iri" format with rfc3987_syntax when that is
# installed (Jupyter's dependencies install it), and rfc3987_syntax builds its grammar when
# imported: about 2 s of CPU in every process of the build (each notebook's kernel, the build
# itself), more than drawing a chart. Nothing here validates IRIs, so it is not imported in a
# process that imports `analysis` first; jsonschema then leaves that one format unchecked.
SKIPPED_IMPORTS = ("rfc3987_syntax",)
for _module in SKIPPED_IMPORTS:
    sys.modules.setdefault(_module, None)  # type: ignore[arg-type]

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
