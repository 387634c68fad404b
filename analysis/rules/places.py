"""Where organisations are: SCB's municipality and county codes, a municipality inside its
county, national bodies in no county, local and regional ones in one, and a municipality
under SCB's name for it."""

from __future__ import annotations

import pandas as pd

from .. import geography
from ..fields import ORGANISATIONS
from ..problems import Report


def check_places(organisations: pd.DataFrame, report: Report) -> None:
    county_names = geography.county_names()
    municipality_names = geography.municipality_names()
    for line, row in organisations.iterrows():
        municipality = row.municipality_code if pd.notna(row.municipality_code) else None
        county = row.county_code if pd.notna(row.county_code) else None
        if municipality is not None and municipality not in municipality_names:
            report(ORGANISATIONS, line, "municipality_code", municipality,
                   "not in SCB's list of municipality codes")
        if county is not None and county not in county_names:
            report(ORGANISATIONS, line, "county_code", county, "not in SCB's list of county codes")
        if municipality and county and municipality[:2] != county:
            report(ORGANISATIONS, line, "county_code", county,
                   f"municipality {municipality} lies in county {municipality[:2]}")
        if row.scope in ("national", "unknown") and county is not None:
            report(ORGANISATIONS, line, "county_code", county,
                   f"{row.scope} bodies are not placed in a county")
        if row.scope in ("local", "regional") and county is None:
            report(ORGANISATIONS, line, "county_code", None,
                   "required for local and regional organisations")
        if row.type == "municipality":
            scb_name = municipality_names.get(municipality or "")
            if scb_name is None:
                report(ORGANISATIONS, line, "municipality_code", municipality,
                       "a municipality needs its SCB municipality code")
            elif pd.notna(row["name"]) and not str(row["name"]).startswith(scb_name):
                report(ORGANISATIONS, line, "name", row["name"],
                       f"does not match SCB's name for {municipality} ({scb_name})")
