"""Fields computed when the data is loaded (origin "derived" in analysis.fields): never stored
in data/, so they cannot disagree with the facts they come from."""

from __future__ import annotations

import pandas as pd

from . import geography
from .fields import TABLES


def month_index(month: pd.Series) -> pd.Series:
    """'2016-10' -> 2016*12+9, so that month differences are plain subtraction."""
    year = pd.to_numeric(month.str.slice(0, 4), errors="coerce").astype("Int64")
    number = pd.to_numeric(month.str.slice(5, 7), errors="coerce").astype("Int64")
    return year * 12 + number - 1  # missing month -> <NA>, also when no month is known


def add_derived_fields(frames: dict[str, pd.DataFrame]) -> None:
    """Number the rows from 0 (no longer by file line), add the derived fields and put every
    table's columns in the order of its metadata."""
    for name, frame in frames.items():
        frames[name] = frame.reset_index(drop=True)
    projects = frames["projects"]
    language = dict(zip(frames["sources"]["source_id"], frames["sources"]["language"]))
    projects["source_language"] = projects["source_id"].map(language)
    projects["duration_months"] = (month_index(projects["end_month"])
                                   - month_index(projects["start_month"]) + 1).astype("Int64")
    # An event has a date, not a duration: it stays out of every duration.
    projects.loc[projects["kind"] == "event", "duration_months"] = pd.NA
    participations = frames["participations"]
    names = dict(zip(frames["organisations"]["org_id"], frames["organisations"]["name"]))
    coordinator = participations[participations["role"] == "coordinator"]
    projects["coordinator"] = projects["project_id"].map(
        dict(zip(coordinator["project_id"], coordinator["org_id"].map(names))))
    organisations = frames["organisations"]
    organisations["municipality_name"] = organisations["municipality_code"].map(
        geography.municipality_names())
    organisations["county_name"] = organisations["county_code"].map(geography.county_names())
    for spec in TABLES:
        frames[spec.name] = frames[spec.name][[f.name for f in spec.fields]]
