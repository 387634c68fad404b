"""Rules across fields and tables, checked once every table has passed its own schema.

    foreign_keys     a value names a record of another table (FieldSpec.references)
    projects         dates in order, an amount with its basis, one coordinator per project,
                     an organisation once per project
    places           organisations: SCB codes, county and municipality agree, scope and county
    provenance_rows  every provenance row points at a document fact, every such fact has a row
    citation_kinds   a document fact cites lines; an export fact cites its record and field

A rule reports through `report(spec, line, field, value, message, *also)`, which leaves out
a problem about a value already reported as malformed.
"""

from __future__ import annotations

import pandas as pd

from ..problems import Findings, reporter
from .citation_kinds import check_citation_kinds
from .foreign_keys import check_foreign_keys
from .places import check_places
from .projects import check_projects
from .provenance_rows import check_facts_cited, check_provenance_rows, cited_record_ids


def check_relations(frames: dict[str, pd.DataFrame], findings: Findings) -> None:
    """Every cross-table rule, on all tables read as text indexed by file line."""
    report = reporter(frames, findings)
    check_foreign_keys(frames, report)
    check_projects(frames, report)
    check_places(frames["organisations"], report)
    ids = cited_record_ids(frames)
    check_provenance_rows(frames, ids, report)
    check_citation_kinds(frames, report)
    check_facts_cited(frames, ids, report)
