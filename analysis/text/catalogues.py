"""The catalogues of words, one per language (analysis/text/<language>.toml). Which edition a
process works in is the entry points' business (analysis.editions.Edition)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).parent
LANGUAGES = ("en", "sv")
# Messages for curators (validation, imports) are written in English, as data/ is: they take
# their words from this catalogue.
CURATOR_LANGUAGE = "en"

@cache
def catalogue(language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"no text catalogue for language {language!r}; "
                         f"available: {', '.join(LANGUAGES)}")
    with (TEXT_DIR / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def title_field(language: str) -> str:
    """The projects column holding the title an edition shows (English or the source's own)."""
    return catalogue(language)["grammar"]["title_field"]


def description_field(language: str) -> str:
    """The sources column holding the curator's description in the edition's language (where
    it is empty, the English `description` stands in)."""
    return catalogue(language)["grammar"]["description_field"]
