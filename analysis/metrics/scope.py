"""What each import kept of its export and what it left out, and why (data/import_scope.csv,
written by analysis/importers/scope.py): the numbers the report's data section states."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from ..fields import IMPORT_SCOPE_CRITERIA

IN_EXPORT, *CRITERIA = IMPORT_SCOPE_CRITERIA
ALL = "all"


@dataclass(frozen=True)
class ImportScope:
    """One export's import: the records it holds, each criterion's setting ('all' where the
    criterion keeps every record) and the records each left out."""
    source_id: str
    read: int
    settings: dict[str, str]
    left_out: dict[str, int]

    @property
    def n_left_out(self) -> int:
        return sum(self.left_out.values())

    @property
    def n_kept(self) -> int:
        return self.read - self.n_left_out

    @property
    def chosen(self) -> dict[str, str]:
        """The criteria that restrict the portfolio, and their settings."""
        return {criterion: setting for criterion, setting in self.settings.items()
                if setting != ALL}


def import_scopes(data: Dataset) -> list[ImportScope]:
    """Each imported export's scope, in the order of data/import_scope.csv."""
    scopes = []
    table = data.import_scope
    for source_id, rows in table.groupby("source_id", sort=False):
        by_criterion = rows.set_index("criterion")
        if IN_EXPORT not in by_criterion.index:
            continue
        present = [criterion for criterion in CRITERIA if criterion in by_criterion.index]
        scopes.append(ImportScope(
            source_id=str(source_id), read=int(by_criterion.at[IN_EXPORT, "records"]),
            settings={c: _setting(by_criterion.at[c, "value"]) for c in present},
            left_out={c: int(by_criterion.at[c, "records"]) for c in present}))
    return scopes


def _setting(value: object) -> str:
    return ALL if value is None or pd.isna(value) or value == "" else str(value)
