"""The report's editions, one per language of analysis/text/: where each one's files go and
how Quarto renders it.

An entry point (the command line, Quarto's pre-render step, a notebook) makes its `Edition`
from its arguments or, there only, from the environment (`Edition.from_environment`), and
passes it down; nothing below reads the environment.
English is written to the output folder itself (_quarto.yml), every other edition to
<output>/<language>/ (its profile, _quarto-<language>.yml).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .paths import PROJECT_ROOT
from .text import LANGUAGES, catalogue

OUTPUT_DIR = PROJECT_ROOT / "_output"
# Set by the build for the notebooks and the Quarto runs of an edition.
LANGUAGE_ENV = "ANALYSIS_LANGUAGE"
_UNPROFILED_LANGUAGE = "en"  # _quarto.yml's own edition: no profile, the output folder itself


@dataclass(frozen=True)
class Edition:
    language: str

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"no edition {self.language!r}; the editions are "
                             f"{', '.join(LANGUAGES)}")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Edition:
        """For entry points only: the edition the build asked for (ANALYSIS_LANGUAGE), else
        the Quarto profile being rendered (Quarto sets QUARTO_PROFILE for its pre-render
        step), else English."""
        environ = os.environ if environ is None else environ
        chosen = environ.get(LANGUAGE_ENV, "").strip()
        if chosen:
            return cls(chosen)
        profiles = [name.strip() for name in environ.get("QUARTO_PROFILE", "").split(",")]
        return cls(next((name for name in profiles if name in LANGUAGES), _UNPROFILED_LANGUAGE))

    @property
    def catalogue(self) -> dict:
        return catalogue(self.language)

    @property
    def folder(self) -> str:
        """Where the edition's report and appendix go, relative to the output folder."""
        return "" if self.language == _UNPROFILED_LANGUAGE else f"{self.language}/"

    @property
    def report_files(self) -> tuple[str, ...]:
        return (f"{self.folder}report.html", f"{self.folder}report.pdf")

    @property
    def appendix_file(self) -> str:
        return f"{self.folder}appendix.xlsx"

    @property
    def report_text_file(self) -> str:
        """Every heading and paragraph of its report, as the build wrote them for Quarto."""
        return f"{self.folder}report-text.json"

    @property
    def notebooks_folder(self) -> str:
        """Its executed notebooks and their pages, relative to the output folder."""
        return f"notebooks/{self.language}"

    @property
    def quarto_profile(self) -> str | None:
        return None if self.language == _UNPROFILED_LANGUAGE else self.language

    @property
    def quarto_profile_file(self) -> str | None:
        """The profile's settings beside _quarto.yml (title, language, output folder)."""
        return f"_quarto-{self.quarto_profile}.yml" if self.quarto_profile else None

    def quarto_command(self, quarto: str) -> list[str]:
        return [quarto, "render"] + (["--profile", self.quarto_profile]
                                     if self.quarto_profile else [])


EDITIONS = tuple(Edition(language) for language in LANGUAGES)
