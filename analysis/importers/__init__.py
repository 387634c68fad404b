"""Bring records into the curated tables: Vinnova's open data and saved Vinnova project pages.

    vinnova        the export format and its mapping to the tables
    organisations  names -> curated organisations, SCB's municipalities, regions, boards
    names          how names and titles are cleaned and compared
    kinds          the kind of organisation a name shows (known_kinds.toml: listed names)
    scope          which records make the portfolio, and what was left out and why
    conflicts      records that are curated projects, and where the two differ
    store          write the result into data/, all or nothing
    page           saved Vinnova project pages -> draft rows with line numbers
"""

from .page import read_page
from .store import ImportSummary, import_vinnova
from .vinnova import ExportError

__all__ = ["ExportError", "ImportSummary", "import_vinnova", "read_page"]
