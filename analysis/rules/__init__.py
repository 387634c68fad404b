"""Rules across fields and tables, checked once every table has passed its own schema.

The kinds of rule below are declared as data on the table specs in analysis.fields (as foreign
keys are, by FieldSpec.references) and checked by generic code; rules that need code of
their own have a module each:

    foreign_keys     a value names a record of another table (FieldSpec.references)
    declared         the rules declared on the tables (TableSpec.rules): the kinds below
    places           organisations: SCB codes, county and municipality agree, scope and county
    provenance_rows  every provenance row points at a document fact, every such fact has a row
    citation_kinds   a document fact cites lines; an export fact cites its record and field

A check reports through `report(spec, line, field, value, message, *also)`, which leaves out
a problem about a value already reported as malformed. Each declared rule reports on the
first field it names; a message's {placeholder} is the value of that field of the record.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotBefore:
    """`field` is not earlier than `other`, where both are given (YYYY-MM compares as text)."""
    field: str
    other: str
    message: str


@dataclass(frozen=True)
class SameWhen:
    """`field` is `other`, where both are given, in the records whose `when[0]` is `when[1]`."""
    field: str
    other: str
    when: tuple[str, str]
    message: str


@dataclass(frozen=True)
class RequiredWith:
    """`field` is given exactly where `given` is: required with it, empty without it."""
    field: str
    given: str


@dataclass(frozen=True)
class ExactlyOne:
    """Each record is named, by the same `field`, in exactly one row of `table` whose
    `where[0]` is `where[1]`; the message calls those rows `counted`."""
    field: str
    table: str
    where: tuple[str, str]
    counted: str


@dataclass(frozen=True)
class UniqueTogether:
    """No two records have the same values of `fields`; reported on the last of them."""
    fields: tuple[str, ...]
    message: str


Rule = NotBefore | SameWhen | RequiredWith | ExactlyOne | UniqueTogether
