"""The report's tables, one function each: data in, a `ReportTable` out (report_table.py
displays it in HTML and in the PDF)."""

from __future__ import annotations

import pandas as pd

from .. import metrics
from ..dataset import Dataset
from ..fields import FUNDER_GRANT, TOTAL_BUDGET
from ..text import (Count, catalogue, description_field, fill, fill_plain, format_amount,
                    format_share, is_missing, title_field, unknown)
from ..text.labels import field_label, table_name, value_label
from .report_table import ReportTable, blank_if_missing, words

MAX_TITLES_IN_CELL = 2  # project titles one cell names before it counts the rest


def _headers(table: str, columns: list[str], language: str) -> dict[str, str]:
    """Column -> header; "title" stands for the title column of the edition's language."""
    headers = words(language)[table]
    return {(title_field(language) if column == "title" else column): headers[column]
            for column in columns}


def funding_group_lines(funder: object, programme: object, call: object,
                        language: str, with_funder: bool = True) -> list[str]:
    """What a grant is compared within, as one or two phrases: '<funder> · programme: <p>' and
    'call: <c>'; a call or programme not named is said so, and so is a missing funder."""
    named = catalogue(language)["funding_groups"]
    funder = named["no_funder"] if is_missing(funder) else str(funder)
    parts = []
    if not is_missing(programme):
        parts.append(fill_plain(named["programme"], programme=str(programme)))
    if not is_missing(call):
        parts.append(fill_plain(named["call"], call=str(call)))
    if not parts:
        parts.append(named["not_named"])
    if not with_funder:
        return parts
    return [f"{funder} · {parts[0]}"] + parts[1:]


def grants_table(data: Dataset, language: str) -> ReportTable:
    """Grants first, grouped by call or programme (largest first within one), then total
    project budgets, then projects and initiatives that state no amount."""
    funding = metrics.funding(data.projects)
    parts = [metrics.funding_groups(funding[funding["amount_basis"] == basis])
             for basis in (FUNDER_GRANT, TOTAL_BUDGET)]
    parts.append(funding[funding["amount_basis"].isna()])
    frame = pd.concat([part for part in parts if len(part)], ignore_index=True) \
        if len(funding) else funding
    frame["group_text"] = ["; ".join(funding_group_lines(row.funder, row.programme, row.call,
                                                         language, with_funder=False))
                           if pd.notna(row.amount_basis) else ""
                           for row in frame.itertuples()]
    none_named = words(language)["none_named"]
    # Printed top rows: funder grants first, then total budgets (never ranked as one), each
    # the largest first.
    frame["_basis_rank"] = frame["amount_basis"].map({FUNDER_GRANT: 0, TOTAL_BUDGET: 1}) \
        .fillna(2) if len(frame) else []
    return ReportTable(
        frame, _headers("grants", ["title", "funder", "group_text", "amount_sek",
                                   "amount_basis", "duration_months", "sek_per_month"],
                        language),
        formats={"amount_sek": lambda v: format_amount(v, language),
                 "sek_per_month": lambda v: format_amount(v, language),
                 "amount_basis": lambda v: "" if is_missing(v)
                 else value_label("amount_basis", v, language),
                 "funder": lambda v: none_named if is_missing(v) else str(v)},
        numeric=("amount_sek", "duration_months", "sek_per_month"), language=language,
        top_by=(("_basis_rank", True), ("amount_sek", False)), order="largest_grant",
        sheet="projects")


def durations_table(data: Dataset, language: str) -> ReportTable:
    frame = data.projects.assign(overlaps=metrics.overlapping_projects(data.projects))
    frame = frame.sort_values(["start_month", title_field(language)], na_position="last")
    overlaps = words(language)["overlaps"]
    # An event has a date, not a duration: its row says so instead of a number of months.
    events = frame["kind"] == "event"
    frame = frame.assign(_months=pd.to_numeric(frame["duration_months"], errors="coerce"))
    frame = frame.assign(duration_months=frame["duration_months"].astype(object).where(
        ~events, words(language)["event_no_duration"]))
    return ReportTable(
        frame, _headers("durations", ["title", "kind", "start_month", "end_month",
                                      "duration_months", "overlaps"], language),
        formats={"overlaps": lambda v: unknown(language) if is_missing(v)
                 else fill(overlaps, n=Count(int(v), language)),
                 "kind": lambda v: value_label("kind", v, language)},
        numeric=("duration_months",), language=language,
        top_by=(("_months", False),), order="longest", sheet="projects")


def partners_table(data: Dataset, language: str) -> ReportTable:
    counts = metrics.participants_per_project(data)
    title = title_field(language)
    counts = counts.merge(data.projects[["project_id", "title"]], on="project_id") \
        if title not in counts else counts
    wide = counts.pivot_table(index=["project_id", title], columns="role",
                              values="organisations", fill_value=0, aggfunc="sum")
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False).reset_index()
    roles = [r for r in wide.columns if r not in ("project_id", title, "total")]
    headers = words(language)["partners"]
    columns = {title: headers["title"],
               **{r: value_label("role", r, language).capitalize() for r in roles},
               "total": headers["total"]}
    return ReportTable(wide, columns, numeric=tuple(roles) + ("total",), language=language,
                       order="most_organisations", sheet="participations")


def some_titles(titles: str, language: str) -> str:
    """A cell naming projects ('A; B; C', as metrics joins them): at most MAX_TITLES_IN_CELL,
    then how many more, so that no cell lists every project of a portfolio."""
    if is_missing(titles) or titles == "":
        return ""
    parts = str(titles).split("; ")
    if len(parts) <= MAX_TITLES_IN_CELL + 1:  # "and one more" would hide no more than a name
        return str(titles)
    return fill_plain(words(language)["titles_more"],
                      titles="; ".join(parts[:MAX_TITLES_IN_CELL]),
                      n=Count(len(parts) - MAX_TITLES_IN_CELL, language))


def shared_organisations_table(data: Dataset, language: str) -> ReportTable:
    shared = metrics.shared_organisations(data, title_field(language))
    return ReportTable(shared,
                       _headers("shared", ["name", "type", "projects", "in_projects"], language),
                       formats={"type": lambda v: value_label("type", v, language),
                                "in_projects": lambda v: some_titles(v, language)},
                       numeric=("projects",), language=language,
                       top_by=(("projects", False), ("name", True)), order="most_projects",
                       sheet="organisations")


def counties_table(data: Dataset, language: str) -> ReportTable:
    coverage = metrics.county_coverage(data).sort_values(
        ["projects", "organisations", "county_code"], ascending=[False, False, True])
    return ReportTable(coverage,
                       _headers("counties", ["county_code", "county_name", "projects",
                                             "organisations", "municipalities",
                                             "other_roles_projects", "covered"], language),
                       numeric=("projects", "organisations", "municipalities",
                                "other_roles_projects"),
                       max_rows=len(coverage), language=language)


def municipalities_table(data: Dataset, language: str) -> ReportTable:
    return ReportTable(metrics.municipalities_involved(data, title_field(language)),
                       _headers("municipalities", ["municipality_code", "municipality_name",
                                                   "county_name", "organisations",
                                                   "municipality_takes_part", "projects",
                                                   "project_titles"], language),
                       formats={"project_titles": lambda v: some_titles(v, language)},
                       numeric=("organisations", "projects"), language=language,
                       top_by=(("projects", False), ("organisations", False)),
                       order="most_projects_reached", sheet="organisations")


def completeness_table(data: Dataset, language: str) -> ReportTable:
    frame = metrics.completeness(data)
    frame = frame[frame["filled"] < frame["records"]]  # the report lists the gaps only
    shown = words(language)["completeness"]["field_cell"]  # "name" or "label"
    frame = frame.assign(table=[table_name(t, language) for t in frame["table"]],
                         field=[{"name": f, "label": field_label(t, f, language)}[shown]
                                for t, f in zip(frame["table"], frame["field"])])
    return ReportTable(frame, _headers("completeness", ["table", "field", "filled", "records",
                                                        "share"], language),
                       formats={"share": lambda v: format_share(v, language)},
                       numeric=("filled", "records", "share"), language=language,
                       top_by=(("share", True),), order="fewest_filled", sheet="dictionary")


def sources_table(data: Dataset, language: str) -> ReportTable:
    cited = metrics.facts_per_source(data)
    frame = data.sources.assign(facts=data.sources["source_id"].map(cited).fillna(0).astype(int))
    not_named = words(language)["not_named"]
    frame = frame.assign(description=source_descriptions(frame, language))
    return ReportTable(frame, _headers("sources", ["source_id", "kind", "language", "publisher",
                                                   "facts", "description"], language),
                       formats={"publisher": lambda v: not_named if is_missing(v) else str(v),
                                "kind": lambda v: value_label("source_kind", v, language),
                                "language": lambda v: value_label("language", v, language)},
                       numeric=("facts",), language=language, sheet="sources")


def source_descriptions(sources: pd.DataFrame, language: str) -> pd.Series:
    """The curator's description of each source in the edition's language, where written;
    else the English one."""
    chosen = sources[description_field(language)].replace("", pd.NA)
    return chosen.fillna(sources["description"])


def _none_row(frame: pd.DataFrame, columns: list[str], text: str) -> pd.DataFrame:
    """A table with nothing to list says so in its first cell instead of showing no rows."""
    if not frame.empty:
        return frame
    return pd.DataFrame([{column: (text if index == 0 else "")
                          for index, column in enumerate(columns)}])


def conflicts_table(data: Dataset, language: str) -> ReportTable:
    """Where an imported record and a curated project differ: both values, and their state."""
    cells = words(language)["conflicts"]
    title = title_field(language)
    frame = data.conflicts.merge(data.projects[["project_id", title]], on="project_id",
                                 how="left")
    frame = frame.sort_values(["project_id", "field"])
    for column in ("curated_value", "imported_value"):  # kronor as the report writes them
        amounts = (frame["field"] == "amount_sek") & frame[column].notna()
        frame.loc[amounts, column] = frame.loc[amounts, column].map(
            lambda v: format_amount(int(v), language))
    columns = [title, "field", "curated_value", "imported_value", "imported_record",
               "matched_by", "resolution"]
    frame = _none_row(frame, columns, cells["none"])
    shown = {"field": lambda v: value_label("field", v, language) if v else "",
             "matched_by": lambda v: value_label("matched_by", v, language) if v else "",
             "curated_value": lambda v: unknown(language) if is_missing(v) else str(v),
             "imported_value": str,
             "resolution": lambda v: cells["open"] if is_missing(v)
             else value_label("resolution", v, language)}
    if data.conflicts.empty:
        shown = {}
    return ReportTable(frame, _headers("conflicts", ["title", *columns[1:]], language),
                       formats=shown, language=language, sheet="conflicts")


def not_placed_table(data: Dataset, language: str) -> ReportTable:
    """Organisations whose county is unknown: found neither among ours nor in SCB's lists."""
    cells = words(language)["not_placed"]
    title = title_field(language)
    unplaced = data.organisations[data.organisations["scope"] == "unknown"]
    roles = data.participations.merge(data.projects[["project_id", title]], on="project_id")
    roles = roles[roles["org_id"].isin(unplaced["org_id"])]
    in_projects = roles.groupby("org_id")[title].agg(lambda t: "; ".join(sorted(t)))
    frame = unplaced.assign(projects=unplaced["org_id"].map(roles["org_id"].value_counts())
                            .fillna(0).astype(int),
                            titles=unplaced["org_id"].map(in_projects).fillna(""))
    frame = frame.sort_values(["projects", "name"], ascending=[False, True])
    frame = _none_row(frame[["name", "projects", "titles"]], ["name", "projects", "titles"],
                      cells["none"])
    return ReportTable(frame, _headers("not_placed", ["name", "projects", "titles"], language),
                       formats={"projects": lambda v: "" if v == ""
                                else blank_if_missing(v, language),
                                "titles": lambda v: some_titles(v, language)},
                       numeric=("projects",), language=language, order="most_projects",
                       sheet="not_placed")


def coordinators_table(data: Dataset, language: str) -> ReportTable:
    """How often coordinators return: coordinators and their projects by number of projects
    led (metrics.networks.coordinator_returns), with the coordinators that lead the most in
    each band named (a few, then how many more)."""
    from ..metrics.networks import coordinator_returns, coordinators_led

    cells = words(language)["coordinators"]
    led = coordinators_led(data)
    returns = coordinator_returns(data)
    examples = []
    for row in returns.itertuples():
        inside = led[(led["projects"] >= row.low)
                     & ((led["projects"] <= row.high) if not pd.isna(row.high) else True)]
        examples.append(some_titles("; ".join(inside["name"]), language))
    bands = [fill_plain(cells["band_one"] if row.low == row.high else
                        cells["band_open"] if pd.isna(row.high) else cells["band_range"],
                        low=Count(int(row.low), language),
                        high=Count(0 if pd.isna(row.high) else int(row.high), language))
             for row in returns.itertuples()]
    frame = returns.assign(band=bands, examples=examples)
    frame = _none_row(frame, ["band", "coordinators", "projects", "examples"], cells["none"])
    return ReportTable(frame, _headers("coordinators", ["band", "coordinators", "projects",
                                                        "examples"], language),
                       formats={"coordinators": lambda v: blank_if_missing(v, language),
                                "projects": lambda v: blank_if_missing(v, language)},
                       numeric=("coordinators", "projects"), language=language,
                       sheet="participations")
