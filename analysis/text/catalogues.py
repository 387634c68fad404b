"""The catalogues of words, one per language (analysis/text/<language>.toml), and which
edition a process works in."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).parent
LANGUAGES = ("en", "sv")
# Messages for curators (validation, imports) are written in English, as data/ is: they take
# their words from this catalogue.
CURATOR_LANGUAGE = "en"
# The edition a process works in: the build sets ANALYSIS_LANGUAGE for the notebooks it runs;
# Quarto sets QUARTO_PROFILE for its pre-render step and the report's kernel
# (`quarto render --profile sv`). Otherwise English. Only entry points read it; everything
# below them is given the language.
LANGUAGE_ENV = "ANALYSIS_LANGUAGE"


def edition_language(environ: dict | None = None) -> str:
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANGUAGE_ENV, "").strip()
    if chosen:
        if chosen not in LANGUAGES:
            raise ValueError(f"{LANGUAGE_ENV}={chosen!r}: the editions are {', '.join(LANGUAGES)}")
        return chosen
    profiles = [p.strip() for p in environ.get("QUARTO_PROFILE", "").split(",")]
    return next((p for p in profiles if p in LANGUAGES), "en")


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
