"""One formatter each for the values the report, tables, charts and appendix write in words:
counts, amounts, months, shares and lists. Each takes the edition's language; a missing value
is written as the edition's word for unknown, never as 0."""

from __future__ import annotations

import pandas as pd

from .catalogues import catalogue


def is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, (list, tuple)) and pd.isna(value))


def unknown(language: str) -> str:
    """The edition's word for a value the sources do not state."""
    return catalogue(language)["grammar"]["unknown"]


def format_count(value: object, language: str) -> str:
    """'12 345': thousands grouped with a narrow no-break space, as Swedish style and SI both
    write."""
    if is_missing(value):
        return unknown(language)
    return f"{int(value):,}".replace(",", "\u202f")


def format_amount(amount: object, language: str) -> str:
    """'2 115 934 kr': narrow no-break spaces between thousands and a no-break space before
    the unit, so an amount never breaks across lines."""
    if is_missing(amount):
        return unknown(language)
    return f"{format_count(amount, language)}\u00a0kr"


def format_month(month: object, language: str, short: bool = False) -> str:
    """'2016-10' as 'October 2016' (Swedish 'oktober 2016'); `short` as a chart's time axis
    writes it, 'Oct 2016'."""
    if is_missing(month):
        return unknown(language)
    names = catalogue(language)["grammar"]["short_months" if short else "months"]
    year, number = str(month).split("-")[:2]
    return f"{names[int(number) - 1]} {year}"


def format_share(share: object, language: str) -> str:
    """0.25 as '25%'."""
    return unknown(language) if is_missing(share) else f"{float(share):.0%}"


def join(items, language: str) -> str:
    """'a', 'a and b', 'a, b and c' (Swedish: 'och'); items are used as given."""
    items = [str(item) for item in items]
    conjunction = catalogue(language)["grammar"]["and"]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
