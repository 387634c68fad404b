"""Reader-facing words, one catalogue per language, and the small grammar they need.

`catalogue(lang)` reads `analysis/text/<lang>.toml`. A template is filled with `fill()`:

    fill("{n:# project states|# projects state} a grant", n=Count(3))  -> "3 projects state a grant"

A placeholder whose value is a `Count` may carry plural forms after the colon, separated by
"|": two forms mean one|other, three mean zero|one|other, one form is used for any number; "#" stands for the number written
in the language's format. Text values are escaped for Markdown, so data can never become markup;
templates themselves may use Markdown (*italics*, @fig- cross-references).
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).parent
LANGUAGES = ("en", "sv")
# The edition a process works in: the build sets ANALYSIS_LANGUAGE for the notebooks it runs;
# Quarto sets QUARTO_PROFILE for its pre-render step and the report's kernel
# (`quarto render --profile sv`). Otherwise English.
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


DEFAULT_LANGUAGE = edition_language()

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$@=-])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so text from data is shown as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@dataclass(frozen=True)
class Count:
    """A whole number that a template may inflect for ("1 project", "2 projects")."""
    value: int
    language: str = DEFAULT_LANGUAGE

    def __str__(self) -> str:
        return format_integer(self.value, self.language)


@dataclass(frozen=True)
class Markdown:
    """Text that is already Markdown (a formatted value or a generated phrase): not escaped."""
    text: str

    def __str__(self) -> str:
        return self.text


def format_integer(value: int, language: str = DEFAULT_LANGUAGE) -> str:
    """Thousands grouped with a narrow no-break space, as Swedish style and SI both write."""
    return f"{int(value):,}".replace(",", "\u202f")


class _Formatter(string.Formatter):
    escape = staticmethod(escape_markdown)

    def format_field(self, value, format_spec: str) -> str:
        if isinstance(value, Count) and format_spec:
            forms = format_spec.split("|")
            if len(forms) == 1:  # "{n:# of them}": the same words for every number
                form = forms[0]
            elif len(forms) == 2:
                form = forms[0] if value.value == 1 else forms[1]
            elif len(forms) == 3:
                form = forms[0] if value.value == 0 else forms[1] if value.value == 1 \
                    else forms[2]
            else:
                raise ValueError(f"plural forms must be one|other or zero|one|other: "
                                 f"{format_spec!r}")
            return form.replace("#", str(value))
        if format_spec:
            raise ValueError(f"unexpected format {format_spec!r} for {value!r}")
        if isinstance(value, (Count, Markdown)):
            return str(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise TypeError(f"numbers reach templates as Count or formatted text: {value!r}")
        return self.escape(value)


class _PlainFormatter(_Formatter):
    """For words drawn in a chart or written in alt text: values as they are, since neither
    is read as Markdown."""
    escape = staticmethod(str)


_FORMATTER, _PLAIN_FORMATTER = _Formatter(), _PlainFormatter()


def fill(template: str, **values) -> str:
    return _FORMATTER.vformat(template, (), values)


def fill_plain(template: str, **values) -> str:
    """`fill` for plain text (charts, alt text): the same grammar, nothing escaped."""
    return _PLAIN_FORMATTER.vformat(template, (), values)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


@cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"no text catalogue for language {language!r}; "
                         f"available: {', '.join(LANGUAGES)}")
    with (TEXT_DIR / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def join(items, language: str = DEFAULT_LANGUAGE) -> str:
    """'a', 'a and b', 'a, b and c' (Swedish: 'och'); items are used as given."""
    items = [str(item) for item in items]
    conjunction = catalogue(language)["grammar"]["and"]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def title_field(language: str = DEFAULT_LANGUAGE) -> str:
    """The projects column holding the title an edition shows (English or the source's own)."""
    return catalogue(language)["grammar"]["title_field"]
