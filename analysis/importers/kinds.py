"""The kind of organisation a name shows, for a name found neither among the curated
organisations nor in SCB's lists (analysis.importers.organisations looks there first).

Only what a name says safely, in this order (the first that applies decides):

1. a name listed in known_kinds.toml (state agencies, universities, research institutes and
   associations of local authorities whose names show no kind);
2. a word for a body of municipalities and regions: kommunförbund, kommunalförbund,
   regionförbund, räddningstjänstförbund (association of local authorities); a
   samordningsförbund (other public body: a joint body of public authorities);
3. a research institute: a name beginning "RISE", or with the word forskningsinstitut or
   "research institute";
4. a company: the word "AB", "Aktiebolag(et)", "Handelsbolag(et)", "(publ)", or a foreign
   company form (Ltd, GmbH, Inc, Oy, Oyj, ASA, A/S, ApS, AS, LLC, plc) as a word of its own,
   so that "AB" inside a word ("ABB", "Labb") says nothing;
5. a university or college: a word ending in "universitet(et)", "högskola(n)" or the word
   "University"; a folk high school (folkhögskola) and a higher vocational school
   (yrkeshögskola) are not universities;
6. a state agency: a name beginning "Myndigheten för" or "Statens", or one word ending in
   "myndigheten" (Energimyndigheten);
7. an association: a word ending in "förening(en)", "förbund(et)" or "sällskap(et)", a
   riksorganisation, or "ek. för." (ideella and ekonomiska föreningar, federations, societies).

A foundation (stiftelse) is left unclassified: foundations own universities, fund research,
run research institutes and schools, so the word says nothing of which. Any other name is
left "not classified" rather than guessed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..fields import ORGANISATION_TYPES
from .names import normalise_name

KNOWN_KINDS_FILE = Path(__file__).with_name("known_kinds.toml")

# Words that make a name a body of local authorities (or a joint public body), by the start
# of a word: "Kommunförbundet Skåne", "Göteborgsregionens kommunalförbund".
LOCAL_AUTHORITY_WORDS = {"kommunförbund": "association of local authorities",
                         "kommunalförbund": "association of local authorities",
                         "regionförbund": "association of local authorities",
                         "räddningstjänstförbund": "association of local authorities",
                         "samordningsförbund": "other public body"}
COMPANY_WORDS = {"ab", "aktiebolag", "aktiebolaget", "handelsbolag", "handelsbolaget",
                 "(publ)"}
# Foreign company forms, compared as written (an English "as" or "inc" in lower case is a word).
COMPANY_FORMS = {"Ltd", "GmbH", "Inc", "Oy", "Oyj", "ASA", "A/S", "ApS", "AS", "LLC", "plc",
                 "Ab"}
UNIVERSITY_ENDINGS = ("universitet", "universitetet", "högskola", "högskolan")
NOT_UNIVERSITY_STARTS = ("folkhögskol", "yrkeshögskol")
ASSOCIATION_ENDINGS = ("förening", "föreningen", "förbund", "förbundet", "sällskap",
                       "sällskapet")
_WORD = re.compile(r"[^\s,;:]+")


@dataclass(frozen=True)
class Kind:
    kind: str  # a code of fields.ORGANISATION_TYPES
    because: str  # what in the name shows it, for the curator's note


@lru_cache(maxsize=1)
def known_names() -> dict[str, str]:
    """Every listed name (compared as a reader would) -> its kind."""
    listed = tomllib.loads(KNOWN_KINDS_FILE.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for kind, written in listed.items():
        if kind not in ORGANISATION_TYPES:
            raise ValueError(f"{KNOWN_KINDS_FILE.name}: {kind!r} is not a kind of "
                             f"organisation ({', '.join(ORGANISATION_TYPES)})")
        for name in written:
            names[normalise_name(name)] = kind
    return names


def _words(name: str) -> list[str]:
    return [word.strip(".") or word for word in _WORD.findall(name)]


def kind_of(name: str) -> Kind | None:
    """The kind `name` shows by the rules above, or None where it shows none."""
    listed = known_names().get(normalise_name(name))
    if listed:
        return Kind(listed, "listed in known_kinds.toml")
    written = _words(name)
    words = [word.casefold() for word in written]
    for word in words:
        for start, kind in LOCAL_AUTHORITY_WORDS.items():
            if word.startswith(start):
                return Kind(kind, f"the word {word!r}")
    folded = " ".join(words)
    if written[:1] == ["RISE"] or "research institute" in folded or any(
            "forskningsinstitut" in word for word in words):
        return Kind("research institute", "'RISE', 'forskningsinstitut' or 'research institute'")
    for plain, word in zip(written, words):
        if word in COMPANY_WORDS or plain in COMPANY_FORMS:
            return Kind("company", f"the company form {plain!r}")
    if "(publ)" in folded:
        return Kind("company", "the company form '(publ)'")
    for word in words:
        if word.endswith(UNIVERSITY_ENDINGS) and not word.startswith(NOT_UNIVERSITY_STARTS) \
                or word == "university":
            return Kind("university or college", f"the word {word!r}")
    if words[:2] == ["myndigheten", "för"]:
        return Kind("state agency", "'Myndigheten för'")
    if words[:1] == ["statens"] and len(words) > 1:
        return Kind("state agency", "'Statens'")
    if len(words) == 1 and words[0].endswith("myndigheten"):
        return Kind("state agency", "one word ending in 'myndigheten'")
    for word in words:
        if word.endswith(ASSOCIATION_ENDINGS) or word.startswith("riksorganisation"):
            return Kind("association", f"the word {word!r}")
    plain = [word.replace(".", "") for word in words]
    if ("ek", "för") in zip(plain, plain[1:]) or "ekför" in plain:
        return Kind("association", "'ek. för.' (ekonomisk förening)")
    return None
