"""Templates from the catalogues filled with values: plural forms for counts, Markdown escaped.

    fill("{n:# project states|# projects state} a grant", n=Count(3, "en"))
        -> "3 projects state a grant"

A placeholder whose value is a `Count` may carry plural forms after the colon, separated by
"|": two forms mean one|other, three mean zero|one|other, one form is used for any number; "#"
stands for the number written in the language's format. Text values are escaped for Markdown,
so data can never become markup; templates themselves may use Markdown (*italics*, @fig-
cross-references).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from .formatting import format_count

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$@=-])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so text from data is shown as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@dataclass(frozen=True)
class Count:
    """A whole number that a template may inflect for ("1 project", "2 projects")."""
    value: int
    language: str

    def __str__(self) -> str:
        return format_count(self.value, self.language)


@dataclass(frozen=True)
class Markdown:
    """Text that is already Markdown (a formatted value or a generated phrase): not escaped."""
    text: str

    def __str__(self) -> str:
        return self.text


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
