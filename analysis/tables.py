"""Report-ready tables for notebooks and Quarto.

A `ReportTable` displays as escaped HTML (Quarto's HTML output) and as a Markdown pipe table
(Quarto's Typst/PDF output). Text from the data is always escaped, so a title containing
`<script>` is shown as text; missing values are shown as "unknown", never as 0.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from .metrics import format_sek

UNKNOWN = "unknown"
MAX_ROWS = 25

Formatter = Callable[[object], str]


def _plain(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}".replace(",", "\u202f")
    return str(value)


def sek(value: object) -> str:
    return format_sek(value)


def percent(value: object) -> str:
    return UNKNOWN if value is None or pd.isna(value) else f"{float(value):.0%}"


def blank_if_missing(value: object) -> str:
    """For optional descriptive fields where empty means 'not applicable', not unknown."""
    return "" if value is None or pd.isna(value) else _plain(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$])")


def _markdown_cell(text: str) -> str:
    # Backslash-escape Markdown syntax so data text can never become markup or raw HTML.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


@dataclass
class ReportTable:
    frame: pd.DataFrame
    columns: dict[str, str]  # column -> header shown to the reader
    formats: dict[str, Formatter] = field(default_factory=dict)
    max_rows: int = MAX_ROWS
    numeric: tuple[str, ...] = ()  # right-aligned columns

    def _cells(self) -> tuple[list[list[str]], str]:
        shown = self.frame.head(self.max_rows)
        rows = [[self.formats.get(col, _plain)(row[col]) for col in self.columns]
                for _, row in shown.iterrows()]
        note = ""
        if len(self.frame) > len(shown):
            note = f"Showing the first {len(shown):,} of {len(self.frame):,} rows.".replace(
                ",", "\u202f")
        return rows, note

    def _repr_html_(self) -> str:
        rows, note = self._cells()
        align = {c: f' style="text-align: {"right" if c in self.numeric else "left"}"'
                 for c in self.columns}
        head = "".join(f"<th{align[c]}>{html.escape(h)}</th>" for c, h in self.columns.items())
        body = "".join(
            "<tr>" + "".join(f"<td{align[c]}>{html.escape(v)}</td>"
                             for c, v in zip(self.columns, row)) + "</tr>"
            for row in rows)
        caption = f"<p><em>{html.escape(note)}</em></p>" if note else ""
        return (f'<table class="table table-sm"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>{caption}")

    def _repr_markdown_(self) -> str:
        rows, note = self._cells()
        header = "| " + " | ".join(_markdown_cell(h) for h in self.columns.values()) + " |"
        rule = "|" + "|".join("---:" if c in self.numeric else ":---" for c in self.columns) + "|"
        lines = [header, rule] + ["| " + " | ".join(_markdown_cell(v) for v in row) + " |"
                                  for row in rows]
        if note:
            lines += ["", f"*{_markdown_cell(note)}*"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.frame[list(self.columns)].head(self.max_rows).to_string()


# --- the report's tables -------------------------------------------------------------------
# Imported late so that `ReportTable` stays usable without loading data.
from . import metrics  # noqa: E402
from .dataset import Dataset  # noqa: E402


def grants_table(data: Dataset) -> ReportTable:
    frame = metrics.funding(data.projects).sort_values(
        "amount_sek", ascending=False, na_position="last")
    return ReportTable(
        frame,
        {"title_en": "Project", "funder": "Funder", "amount_sek": "Amount",
         "amount_basis": "Amount is", "duration_months": "Months",
         "sek_per_month": "SEK per month"},
        formats={"amount_sek": sek, "sek_per_month": sek, "amount_basis": blank_if_missing,
                 "funder": lambda v: "none named" if pd.isna(v) else str(v)},
        numeric=("amount_sek", "duration_months", "sek_per_month"))


def durations_table(data: Dataset) -> ReportTable:
    frame = data.projects.assign(overlaps=metrics.overlapping_projects(data.projects))
    frame = frame.sort_values(["start_month", "title_en"], na_position="last")
    return ReportTable(
        frame,
        {"title_en": "Project or initiative", "kind": "Kind", "start_month": "Start",
         "end_month": "End", "duration_months": "Months", "overlaps": "Overlaps with"},
        formats={"overlaps": lambda v: UNKNOWN if pd.isna(v) else f"{int(v)} other(s)"},
        numeric=("duration_months",))


def partners_table(data: Dataset) -> ReportTable:
    counts = metrics.participants_per_project(data)
    wide = counts.pivot_table(index=["project_id", "title_en"], columns="role",
                              values="organisations", fill_value=0, aggfunc="sum")
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False).reset_index()
    roles = [r for r in wide.columns if r not in ("project_id", "title_en", "total")]
    columns = {"title_en": "Project or initiative", **{r: r.capitalize() for r in roles},
               "total": "Organisations"}
    return ReportTable(wide, columns, numeric=tuple(roles) + ("total",))


def shared_organisations_table(data: Dataset) -> ReportTable:
    return ReportTable(metrics.shared_organisations(data),
                       {"name": "Organisation", "type": "Type", "projects": "Projects",
                        "in_projects": "Takes part in"}, numeric=("projects",))


def counties_table(data: Dataset) -> ReportTable:
    coverage = metrics.county_coverage(data).sort_values(
        ["projects", "organisations", "county_code"], ascending=[False, False, True])
    return ReportTable(coverage,
                       {"county_code": "Code", "county_name": "County", "projects": "Projects",
                        "organisations": "Organisations", "municipalities": "Municipalities",
                        "covered": "Covered"},
                       numeric=("projects", "organisations", "municipalities"),
                       max_rows=len(coverage))


def municipalities_table(data: Dataset) -> ReportTable:
    return ReportTable(metrics.municipalities_involved(data),
                       {"municipality_code": "Code", "municipality_name": "Municipality",
                        "county_name": "County", "projects": "Projects",
                        "project_titles": "Projects and initiatives"},
                       numeric=("projects",))


def completeness_table(data: Dataset) -> ReportTable:
    frame = metrics.completeness(data)
    return ReportTable(frame, {"table": "Table", "field": "Field", "filled": "Filled",
                               "records": "Records", "share": "Share filled"},
                       formats={"share": percent}, numeric=("filled", "records", "share"),
                       max_rows=len(frame))


def sources_table(data: Dataset) -> ReportTable:
    cited = data.provenance.groupby("source_id").size()
    frame = data.sources.assign(facts=data.sources["source_id"].map(cited).fillna(0).astype(int))
    return ReportTable(frame, {"source_id": "Id", "kind": "Kind", "language": "Language",
                               "publisher": "Publisher", "facts": "Facts cited",
                               "description": "What it is"},
                       formats={"publisher": lambda v: "not named" if pd.isna(v) else str(v)},
                       numeric=("facts",), max_rows=len(frame))
