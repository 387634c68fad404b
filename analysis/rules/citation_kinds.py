"""A document fact cites lines; an export fact cites a record and a field, never lines."""

from __future__ import annotations

import pandas as pd

from ..fields import EXPORT_KIND, PROVENANCE
from ..problems import Report


def check_citation_kinds(frames: dict[str, pd.DataFrame], report: Report) -> None:
    provenance = frames["provenance"]
    kinds = dict(zip(frames["sources"]["source_id"], frames["sources"]["kind"]))
    export = provenance["source_id"].map(kinds).eq(EXPORT_KIND)
    known = provenance["source_id"].isin(list(kinds))
    for field in ("source_record", "source_field"):
        for line in provenance.index[export & provenance[field].isna()]:
            report(PROVENANCE, line, field, None,
                   f"required when the source is an open-data export ({EXPORT_KIND})")
        for line in provenance.index[known & ~export & provenance[field].notna()]:
            report(PROVENANCE, line, field, provenance.at[line, field],
                   "only for open-data exports; a document fact cites lines")
    for line in provenance.index[known & ~export & provenance["lines"].isna()]:
        report(PROVENANCE, line, "lines", None, "required when the source is a document")
    for line in provenance.index[export & provenance["lines"].notna()]:
        report(PROVENANCE, line, "lines", provenance.at[line, "lines"],
               "an export has no lines; cite its record and field")
