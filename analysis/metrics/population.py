"""The SCB population table in data/ (fields.POPULATION), read and validated: the only source
of the portfolio's per-inhabitant figures (analysis.metrics.portfolio.places)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import geography
from ..dataset import Dataset
from ..fields import POPULATION
from .memo import once


def population(data_dir: Path) -> pd.DataFrame | None:
    """The SCB population table in data/ (fields.POPULATION), validated; None without one.
    A table that breaks its metadata, names a municipality not in SCB's list, or mixes
    years, sources or retrieval dates raises DataValidationError naming file, record,
    field and value."""
    from ..csv_tables import read_table
    from ..problems import DataValidationError, Findings, Problem, in_folder, record_label
    from ..schema import validate_table

    data_dir = Path(data_dir)
    if not (data_dir / POPULATION.file).exists():
        return None
    findings = Findings()
    read = read_table(data_dir, POPULATION, findings)
    frame = None if read is None else validate_table(read, POPULATION, findings)
    where = f"data/{POPULATION.file}"
    if frame is not None and not findings.problems:
        known = set(geography.municipalities()["municipality_code"])
        for line, value in frame["municipality_code"].items():
            if value not in known:
                findings.add(Problem(where, record_label(read, POPULATION, line),
                                     "municipality_code", value,
                                     "is not a municipality in SCB's list"))
        for field in ("year", "source", "retrieved"):
            values = frame[field].dropna().unique()
            if len(values) > 1:
                line = frame.index[frame[field] != values[0]][0]
                findings.add(Problem(where, record_label(read, POPULATION, line), field,
                                     frame.at[line, field],
                                     f"differs from the first row's {values[0]}: one table "
                                     "holds one count"))
    if findings.problems:
        raise DataValidationError(in_folder(findings.problems, data_dir.resolve()))
    return frame.reset_index(drop=True)


@once
def population_source(data: Dataset) -> dict[str, object] | None:
    """Where the population figures come from: source, year and retrieval date."""
    people = population(data.data_dir)
    if people is None or people.empty:
        return None
    first = people.iloc[0]
    return {"source": first["source"], "year": int(first["year"]),
            "retrieved": first["retrieved"], "municipalities": len(people)}
