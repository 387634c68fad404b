"""The words for the data's metadata, in every language: table names and descriptions, field
labels and descriptions, formats, and the reader's words for coded values. analysis/fields.py
declares the tables and fields (codes, types, units, limits); their words are here, from the
catalogues' [table_names], [table_descriptions], [fields], [field_formats] and [values]."""

from __future__ import annotations

from .catalogues import catalogue


def table_name(table: str, language: str) -> str:
    """A table's name for readers (the appendix's sheet, the report's completeness table)."""
    return catalogue(language)["table_names"][table]


def table_description(table: str, language: str) -> str:
    return catalogue(language)["table_descriptions"][table]


def field_label(table: str, field_name: str, language: str) -> str:
    """A field's column header for readers: 'amount_sek' -> 'Amount (SEK)'."""
    return catalogue(language)["fields"][table][field_name]["label"]


def field_description(table: str, field_name: str, language: str) -> str:
    return catalogue(language)["fields"][table][field_name]["description"]


def format_words(format_name: str, language: str) -> str:
    """A field format in words ('a month written YYYY-MM, e.g. 2016-10'), by the format's name
    in analysis/fields.py (FieldSpec.format_name)."""
    return catalogue(language)["field_formats"][format_name]


def value_label(field_name: str, code: object, language: str) -> str:
    """A coded value (role, kind, …) as the reader sees it; the catalogue may rename it."""
    return catalogue(language).get("values", {}).get(field_name, {}).get(str(code), str(code))
