"""Projects: dates in order, an amount with its basis, exactly one coordinator; and an
organisation listed once per project."""

from __future__ import annotations

import pandas as pd

from ..fields import PARTICIPATIONS, PROJECTS
from ..problems import Report


def check_projects(frames: dict[str, pd.DataFrame], report: Report) -> None:
    projects = frames["projects"]
    start, end = projects["start_month"], projects["end_month"]
    # Row by row only where a check fails: a portfolio has tens of thousands of projects.
    dated = start.notna() & end.notna()
    for line in projects.index[dated & (end.where(dated, "") < start.where(dated, ""))]:
        report(PROJECTS, line, "end_month", end[line], f"ends before it starts ({start[line]})",
               "start_month")
    events = (projects["kind"] == "event") & dated & (start.where(dated, "") != end.where(dated, ""))
    for line in projects.index[events]:
        report(PROJECTS, line, "end_month", end[line],
               f"an event takes place in one month; it starts in {start[line]}", "start_month")
    amount_given, basis_given = projects["amount_sek"].notna(), projects["amount_basis"].notna()
    for line in projects.index[amount_given & ~basis_given]:
        report(PROJECTS, line, "amount_basis", None,
               "required when amount_sek is given (funder grant or total project budget?)")
    for line in projects.index[~amount_given & basis_given]:
        report(PROJECTS, line, "amount_basis", projects.at[line, "amount_basis"],
               "given without amount_sek", "amount_sek")

    participations = frames["participations"]
    coordinators = participations[participations["role"] == "coordinator"]
    counts = projects["project_id"].map(coordinators["project_id"].value_counts()).fillna(0)
    for line in projects.index[projects["project_id"].notna() & (counts != 1)]:
        report(PROJECTS, line, "project_id", projects.at[line, "project_id"],
               f"has {int(counts[line])} coordinators in data/{PARTICIPATIONS.file}, "
               f"expected exactly 1")
    duplicated = participations.duplicated(["project_id", "org_id"], keep=False)
    for line in participations.index[duplicated]:
        report(PARTICIPATIONS, line, "org_id", participations.at[line, "org_id"],
               "organisation listed twice for the same project")
