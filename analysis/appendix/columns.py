"""The appendix's columns: each curated field and each column the appendix adds, with its
label, description, type, unit, allowed values and limits in the edition's language (the
catalogue's [fields], [field_formats], [values] and [appendix]), and the words of its codes."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Mapping

from ..fields import FieldSpec, TableSpec
from ..text import Count, catalogue, fill_plain
from ..text.labels import (field_description, field_label, format_words, table_name,
                           value_label)

# Coded fields whose words in the catalogue ([values.<key>]) are not under the field's name.
VALUE_KEYS = {("sources", "kind"): "source_kind", ("aliases", "kind"): "alias_kind"}
# Codes that read the same in every language: language codes and licence names.
NEUTRAL_CODES = {("sources", "language"), ("sources", "licence"),
                 ("projects", "source_language")}


def appendix_words(language: str) -> dict:
    """The appendix's own words in a language: analysis/text/<language>.toml [appendix]."""
    return catalogue(language)["appendix"]


def plain_text(template: str, **values) -> str:
    """A catalogue template filled as plain text; thousands are grouped with an ordinary
    space in cells, as the appendix has always written them."""
    return fill_plain(template, **values).replace("\u202f", " ")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    dtype: str  # "string", "integer", "month", "list", "boolean"
    unit: str = ""
    allowed: tuple[str, ...] = ()  # as shown in the cells
    limits: str = ""
    link_sheet: str = ""  # values are (text, row) pairs: a link to that row of this sheet
    # code -> the word the reader sees in this language (empty: codes are shown as they are)
    labels: Mapping[str, str] = dataclass_field(default_factory=dict)


def value_labels(table: str, spec: FieldSpec, language: str) -> dict[str, str]:
    """Code -> the reader's word for a coded field (the report tables' words); empty where
    the codes are shown as they are (an edition that shows the codes as data/ has them, and
    codes that read the same everywhere)."""
    if appendix_words(language)["codes_as_written"] or not spec.allowed \
            or (table, spec.name) in NEUTRAL_CODES:
        return {}
    if (table, spec.name) == ("provenance", "table"):  # a table is shown by its sheet's name
        return {code: table_name(code, language) for code in spec.allowed_values}
    key = VALUE_KEYS.get((table, spec.name), spec.name)
    return {code: value_label(key, code, language) for code in spec.allowed_values}


def limits(spec: FieldSpec, language: str) -> str:
    """The field's limits in words, for the data dictionary."""
    words = appendix_words(language)["limits"]
    parts = []
    if spec.pattern:
        parts.append(plain_text(words["format"],
                                format=format_words(spec.format_name, language)))
    if spec.minimum is not None:
        parts.append(plain_text(words["at_least"], minimum=str(spec.minimum)))
    if spec.max_characters and not (spec.pattern or spec.allowed):
        parts.append(plain_text(words["at_most_characters"],
                                n=Count(spec.max_characters, language)))
    return "; ".join(parts)


def field_column(table: TableSpec, name: str, language: str) -> Column:
    """A curated field as a column: its label and description in the language, its codes in
    the reader's words."""
    spec = table.field(name)
    labels = value_labels(table.name, spec, language)
    return Column(name, field_label(table.name, name, language),
                  field_description(table.name, name, language), spec.dtype, spec.unit,
                  tuple(labels.get(code, code) for code in spec.allowed_values),
                  limits(spec, language), labels=labels)


# Columns the appendix adds beside the curated fields (for readability or coverage). Their
# words are in the catalogues ([appendix.columns.<name>]); the curated fields' are in [fields].
TEXT_COLUMNS = ("project_title", "organisation_name", "value", "look_up", "file")
COUNT_COLUMNS = {"projects": "projects", "organisations": "organisations",  # name -> unit
                 "municipalities": "municipalities", "other_roles_projects": "projects"}
YES_NO_COLUMNS = ("covered",)
# Text that links to a row of another table's sheet: name -> that table.
LINK_COLUMNS = {"facts": "provenance", "organisations_taking_part": "participations"}
# name -> type, unit and the table whose sheet a link goes to
EXTRA_COLUMNS = {**{name: ("string", "", "") for name in TEXT_COLUMNS},
                 **{name: ("integer", unit, "") for name, unit in COUNT_COLUMNS.items()},
                 **{name: ("boolean", "", "") for name in YES_NO_COLUMNS},
                 **{name: ("string", "", table) for name, table in LINK_COLUMNS.items()}}


def extra_column(name: str, language: str) -> Column:
    """A column the appendix adds, in the language."""
    dtype, unit, link = EXTRA_COLUMNS[name]
    words = appendix_words(language)["columns"][name]
    sheet = table_name(link, language) if link else ""
    allowed = tuple(yes_no(language).values()) if dtype == "boolean" else ()
    return Column(name, plain_text(words["label"], sheet=sheet),
                  plain_text(words["description"], sheet=sheet), dtype, unit, allowed,
                  link_sheet=sheet)


def yes_no(language: str) -> dict[bool, str]:
    """A yes/no column's cells in the language (the report tables' words)."""
    cells = catalogue(language)["tables"]
    return {True: cells["yes"], False: cells["no"]}
