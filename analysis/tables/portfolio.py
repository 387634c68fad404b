"""The portfolio comparisons as report tables, each read from analysis.metrics.portfolio and in
the order it states (the catalogue's caption says which): calls by projects, years in time
order, kinds of coordinator in fields' order, counties and municipalities by projects.

Grants and total budgets have columns of their own; an amount over no known value shows as
the edition's unknown, never as 0."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..metrics import portfolio as metrics
from ..text import Count, fill_plain, format_amount, format_count, format_share, is_missing
from ..text.labels import value_label
from . import funding_group_lines
from .report_table import ReportTable, words


def _headers(table: str, columns: list[str], language: str) -> dict[str, str]:
    headers = words(language)[table]
    return {column: headers[column] for column in columns}


def _amount(language: str):
    """An amount; unknown where missing; blank ("") where there is nothing to sum."""
    return lambda v: "" if isinstance(v, str) else format_amount(
        None if is_missing(v) else round(float(v)), language)


def _nothing_to_sum(frame: pd.DataFrame, total: str, count: str, rows: str) -> pd.Series:
    """A sum's cells: blank where no row is there to sum (`rows` is 0) or, for total budgets,
    where none is stated; else the sum, which is unknown where none of the rows states it."""
    cells = frame[total].astype(object)
    blank = frame[rows] == 0
    if total == "budget_sek":
        blank |= frame[count] == 0
    return cells.where(~blank, "")


def _months(language: str):
    return lambda v: format_count(None if is_missing(v) else round(float(v)), language)


def _kinds_text(coordinators: dict, projects: int, language: str) -> str:
    """'municipality 60%, region 40%': the kinds of coordinator, the most first."""
    return ", ".join(f"{value_label('type', kind, language)} {format_share(n / projects, language)}"
                     for kind, n in coordinators.items())


def _budgets(n: int, total: object, language: str) -> str:
    if not n:
        return ""
    return fill_plain(words(language)["portfolio_calls"]["budgets_cell"],
                      n=Count(int(n), language), total=format_amount(total, language))


def calls_table(data: Dataset, language: str) -> ReportTable:
    """One row per call (else programme, else funder): the most projects first."""
    frame = metrics.by_group(data, "call")
    frame = frame.assign(
        group=["; ".join(funding_group_lines(r.funder, r.programme, r.call, language))
               for r in frame.itertuples()],
        grants=[f"{format_count(n, language)}/{format_count(p, language)}"
                for n, p in zip(frame["n_grants"], frame["projects"])],
        budgets=[_budgets(n, t, language) for n, t in zip(frame["n_budgets"],
                                                          frame["budget_sek"])],
        kinds=[_kinds_text(c, p, language) for c, p in zip(frame["coordinators"],
                                                           frame["projects"])])
    return ReportTable(
        frame, _headers("portfolio_calls", ["group", "projects", "grants", "granted_sek",
                                            "median_grant_sek", "budgets",
                                            "median_duration_months", "kinds"], language),
        formats={"granted_sek": _amount(language), "median_grant_sek": _amount(language),
                 "median_duration_months": _months(language)},
        numeric=("projects", "grants", "granted_sek", "median_grant_sek",
                 "median_duration_months"), language=language)


def years_table(data: Dataset, language: str) -> ReportTable:
    """One row per year, in time order."""
    frame = metrics.by_year(data)
    frame = frame.assign(
        granted_sek=_nothing_to_sum(frame, "granted_sek", "n_grants", "started"),
        budget_sek=_nothing_to_sum(frame, "budget_sek", "n_budgets", "started"))
    return ReportTable(
        frame, _headers("portfolio_years", ["year", "started", "n_grants", "granted_sek",
                                            "n_budgets", "budget_sek", "running"], language),
        formats={"year": str, "granted_sek": _amount(language),
                 "budget_sek": _amount(language)},
        numeric=("started", "n_grants", "granted_sek", "n_budgets", "budget_sek", "running"),
        max_rows=max(len(frame), 1), language=language)


def kinds_table(data: Dataset, language: str) -> ReportTable:
    """The kinds of coordinator that coordinate at least one project, in fields' order."""
    frame = metrics.by_coordinator_kind(data)
    frame = frame[frame["projects"] > 0]
    frame = frame.assign(budget_sek=_nothing_to_sum(frame, "budget_sek", "n_budgets",
                                                    "projects"))
    return ReportTable(
        frame, _headers("portfolio_kinds", ["kind", "projects", "share", "n_grants",
                                            "granted_sek", "median_grant_sek", "n_budgets",
                                            "budget_sek", "median_duration_months"], language),
        formats={"kind": lambda v: value_label("type", v, language),
                 "share": lambda v: format_share(v, language),
                 "granted_sek": _amount(language), "median_grant_sek": _amount(language),
                 "budget_sek": _amount(language),
                 "median_duration_months": _months(language)},
        numeric=("projects", "share", "n_grants", "granted_sek", "median_grant_sek",
                 "n_budgets", "budget_sek", "median_duration_months"),
        max_rows=max(len(frame), 1), language=language)


def _place_columns(frame: pd.DataFrame, first: list[str]) -> list[str]:
    columns = [*first, "projects", "granted_sek", "n_budgets", "budget_sek"]
    if "sek_per_inhabitant" in frame:
        columns += ["population", "projects_per_100k", "sek_per_inhabitant"]
    return columns


def _place_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The places reached, their total budgets blank where none is stated."""
    frame = frame[frame["projects"] > 0]
    return frame.assign(budget_sek=_nothing_to_sum(frame, "budget_sek", "n_budgets",
                                                   "projects"))


def _place_formats(language: str) -> dict:
    return {"granted_sek": _amount(language), "budget_sek": _amount(language),
            "sek_per_inhabitant": _amount(language),
            "projects_per_100k": lambda v: "" if is_missing(v) else f"{float(v):.1f}"}


PLACE_NUMBERS = ("projects", "granted_sek", "n_budgets", "budget_sek", "population",
                 "projects_per_100k", "sek_per_inhabitant")


def counties_table(data: Dataset, language: str) -> ReportTable:
    """The counties reached, the most projects first."""
    frame = _place_frame(metrics.places(data, "county"))
    return ReportTable(
        frame, _headers("portfolio_places", _place_columns(frame, ["county_name"]), language),
        formats=_place_formats(language), numeric=PLACE_NUMBERS, max_rows=max(len(frame), 1),
        language=language)


def municipalities_table(data: Dataset, language: str) -> ReportTable:
    """The municipalities reached, the most projects first."""
    frame = _place_frame(metrics.places(data, "municipality"))
    return ReportTable(
        frame, _headers("portfolio_places",
                        _place_columns(frame, ["municipality_name", "county_name"]), language),
        formats=_place_formats(language), numeric=PLACE_NUMBERS, language=language)
