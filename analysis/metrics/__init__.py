"""Tables and numbers derived from the curated data.

Charts, notebooks, the Excel appendix and the report's prose all take their numbers from
these functions, so a figure is computed once and never typed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import geography
from ..dataset import Dataset
from .memo import once
from .networks import coordinator_only_projects
from ..fields import FUNDER_GRANT, TOTAL_BUDGET


def funding(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project: amount, its basis, duration and SEK per project-month.

    SEK per month is only computed where both amount and duration are known; it keeps the
    amount's basis, because a grant per month and a budget per month are different things.
    """
    frame = projects[["project_id", "kind", "title", "title_en", "funder", "programme", "call",
                      "coordinator", "amount_sek", "amount_basis", "start_month", "end_month",
                      "duration_months"]].copy()
    amount = frame["amount_sek"].astype("Float64")
    frame["sek_per_month"] = (amount / frame["duration_months"].astype("Float64")).round(0)
    frame["amount_known"] = frame["amount_sek"].notna()
    return frame.reset_index(drop=True)


GROUP_FIELDS = ("funder", "programme", "call")


def call_group_key(frame: pd.DataFrame) -> pd.Series:
    """The call a project was funded in, as a key: funder, programme and call joined (a
    part not named is empty), so that projects of one call — else of one programme, else of
    one funder — share a key."""
    parts = frame[list(GROUP_FIELDS)].astype("object").where(frame[list(GROUP_FIELDS)].notna(), "")
    parts = parts.astype(str)
    return parts["funder"] + "\x1f" + parts["programme"] + "\x1f" + parts["call"]


def funding_groups(funding: pd.DataFrame, value: str = "amount_sek") -> pd.DataFrame:
    """`funding` with the group each row is compared within — its funder's call, else its
    programme, else the funder alone — sorted for reading: groups with a named call or
    programme first, a programme's calls next to each other, larger groups (rows with a known
    `value`) before smaller, and within a group the largest value first (unknown values last).

    Adds `group` (a key: funder, programme and call joined), `group_named` (a call or a
    programme is named), `group_size` (rows of the group with a known `value`) and
    `group_rank` (0 for the group read first).
    """
    frame = funding.copy()
    parts = frame[list(GROUP_FIELDS)].astype("object").where(frame[list(GROUP_FIELDS)].notna(), "")
    parts = parts.astype(str)
    frame["group"] = call_group_key(frame)
    frame["group_named"] = (parts["programme"] != "") | (parts["call"] != "")
    known = frame[value].notna()
    frame["group_size"] = known.groupby(frame["group"]).transform("sum").astype(int)
    programme = parts["funder"] + "\x1f" + parts["programme"]
    programme_size = known.groupby(programme).transform("sum")
    largest = frame[value].astype("Float64").groupby(frame["group"]).transform("max")
    keys = pd.DataFrame({"unnamed": ~frame["group_named"], "programme_size": -programme_size,
                         "programme": programme, "size": -frame["group_size"],
                         "largest": -largest.fillna(-1).astype(float), "group": frame["group"]})
    groups = keys.drop_duplicates("group").sort_values(
        ["unnamed", "programme_size", "programme", "size", "largest", "group"], kind="stable")
    frame["group_rank"] = frame["group"].map({g: i for i, g in enumerate(groups["group"])})
    frame = frame.assign(_value=frame[value].astype("Float64")).sort_values(
        ["group_rank", "_value", "project_id"], ascending=[True, False, True],
        na_position="last", kind="stable")
    return frame.drop(columns="_value").reset_index(drop=True)


@once
def participants_per_project(data: Dataset) -> pd.DataFrame:
    """Organisations per project and role (a project's own coordinator included)."""
    counts = (data.participations.groupby(["project_id", "role"]).size()
              .rename("organisations").reset_index())
    titles = data.projects[["project_id", "title_en"]]
    return counts.merge(titles, on="project_id")[["project_id", "title_en", "role",
                                                   "organisations"]]


@once
def organisation_projects(data: Dataset) -> pd.DataFrame:
    """One row per organisation: its type, county and the number of projects it is in."""
    counts = data.participations.groupby("org_id")["project_id"].nunique().rename("projects")
    orgs = data.organisations.set_index("org_id").join(counts).reset_index()
    orgs["projects"] = orgs["projects"].fillna(0).astype(int)
    return orgs[["org_id", "name", "type", "scope", "county_code", "county_name",
                 "municipality_code", "municipality_name", "projects"]]


@once
def shared_organisations(data: Dataset, title: str) -> pd.DataFrame:
    """Organisations that take part in more than one project or initiative; their projects
    named by `title` (the edition's title field)."""
    orgs = organisation_projects(data)
    shared = orgs[orgs["projects"] > 1]
    titles = data.participations.merge(data.projects[["project_id", title]], on="project_id")
    names = titles.groupby("org_id")[title].agg(lambda t: "; ".join(sorted(t)))
    return shared.assign(in_projects=shared["org_id"].map(names)).reset_index(drop=True)


@once
def county_coverage(data: Dataset) -> pd.DataFrame:
    """All 21 counties with the projects and organisations that have a seat there.

    National bodies are not counted in any county. A county is 'covered' (reached) when an
    organisation based there coordinates or is a partner or co-financer (REACH_ROLES); a
    county where organisations only support, speak or follow up is counted apart, in
    `other_roles_projects`, and is not reached.
    """
    from ..fields import REACH_ROLES

    placed = data.participations.merge(
        data.organisations[["org_id", "county_code", "municipality_code"]], on="org_id")
    placed = placed[placed["county_code"].notna()]
    reaching = placed[placed["role"].isin(REACH_ROLES)]
    per_county = reaching.groupby("county_code").agg(
        projects=("project_id", "nunique"),
        organisations=("org_id", "nunique"),
        municipalities=("municipality_code", "nunique"))
    others = placed[~placed["role"].isin(REACH_ROLES)]
    other_only = others.merge(reaching[["project_id", "county_code"]].drop_duplicates(),
                              on=["project_id", "county_code"], how="left", indicator=True)
    other_only = other_only[other_only["_merge"] == "left_only"]
    per_county = per_county.join(other_only.groupby("county_code")["project_id"].nunique()
                                 .rename("other_roles_projects"), how="outer")
    coverage = geography.counties().set_index("county_code").join(per_county)
    for column in ("projects", "organisations", "municipalities", "other_roles_projects"):
        coverage[column] = coverage[column].fillna(0).astype(int)
    coverage["covered"] = coverage["projects"] > 0
    return coverage.reset_index()


@once
def municipalities_involved(data: Dataset, title: str) -> pd.DataFrame:
    """Every municipality where a participating organisation is based (by SCB code), with
    the projects whose coordinators, partners or co-financers sit there, the organisations
    based there, and whether the municipality itself takes part as an organisation. Projects
    are named by `title` (the edition's title field)."""
    from ..fields import REACH_ROLES

    placed = data.participations.merge(
        data.organisations[["org_id", "type", "municipality_code", "municipality_name",
                            "county_name"]], on="org_id")
    placed = placed[placed["municipality_code"].notna()].merge(
        data.projects[["project_id", title]], on="project_id")
    reaching = placed[placed["role"].isin(REACH_ROLES)]
    keys = ["municipality_code", "municipality_name", "county_name"]
    table = placed.groupby(keys).agg(organisations=("org_id", "nunique")).join(
        reaching.groupby(keys).agg(
            projects=("project_id", "nunique"),
            project_titles=(title, lambda t: "; ".join(sorted(set(t)))))).join(
        placed.groupby(keys)["type"].agg(lambda t: bool((t == "municipality").any()))
        .rename("municipality_takes_part"))
    table["projects"] = table["projects"].fillna(0).astype(int)
    table["project_titles"] = table["project_titles"].fillna("")
    return table.reset_index().sort_values("municipality_code").reset_index(drop=True)


@once
def amounts(data: Dataset, basis: str | None) -> pd.DataFrame:
    """The funding rows (`funding`) whose amount is of `basis` (FUNDER_GRANT, TOTAL_BUDGET),
    smallest first; with None, the projects and initiatives that state no amount."""
    frame = funding(data.projects)
    if basis is None:
        return frame[frame["amount_sek"].isna()]
    return frame[frame["amount_basis"] == basis].sort_values("amount_sek")


@once
def dated_projects(data: Dataset, title: str) -> pd.DataFrame:
    """Funded projects that state both start and end, longest first (ties by `title`)."""
    funded = data.projects[data.projects["kind"] == "project"]
    dated = funded[funded["duration_months"].notna()]
    return dated.sort_values(["duration_months", title], ascending=[False, True])


@once
def undated_projects(data: Dataset) -> pd.DataFrame:
    """Projects and initiatives that state no start month: drawn without a bar."""
    return data.projects[data.projects["start_month"].isna()]


@once
def network_sizes(data: Dataset) -> pd.Series:
    """Organisations per project (every role), largest first; equal sizes in table order."""
    sizes = data.participations.groupby("project_id").size()
    return sizes.sort_values(ascending=False, kind="stable")


@once
def reached_counties(data: Dataset) -> pd.DataFrame:
    """The counties reached (county_coverage), the most projects first, then by name."""
    coverage = county_coverage(data)
    return coverage[coverage["covered"]].sort_values(["projects", "county_name"],
                                                     ascending=[False, True])


@once
def sources_by_kind(data: Dataset) -> pd.DataFrame:
    """How many sources of each kind are in each language: kind, language, sources and the
    kind's sources in all languages (kind_sources); kinds in the order they first appear,
    languages by count."""
    rows = [(kind, language, int(n), len(group))
            for kind, group in data.sources.groupby("kind", sort=False)
            for language, n in group["language"].value_counts().items()]
    return pd.DataFrame(rows, columns=["kind", "language", "sources", "kind_sources"])


@once
def left_out_by_reason(data: Dataset) -> pd.Series:
    """Facts the documents state that the tables leave out, by reason, the most first."""
    return data.not_recorded["reason"].value_counts()


@once
def kind_counts(data: Dataset) -> dict[str, int]:
    """Projects, initiatives and events: how many of each kind, in the field's order."""
    from ..fields import PROJECTS

    counts = data.projects["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in PROJECTS.field("kind").allowed_values}


@once
def key_numbers(data: Dataset) -> dict[str, object]:
    """The numbers the report's prose quotes; all computed here from data/.

    Amounts are counted by their basis whatever the item's kind; durations of funded
    projects only (an initiative's or an event's dates are not a project's duration)."""
    from ..fields import EXPORT_KIND

    projects, organisations, sources = data.projects, data.organisations, data.sources
    kinds = kind_counts(data)
    grants, budgets = amounts(data, FUNDER_GRANT), amounts(data, TOTAL_BUDGET)
    per_month = grants["sek_per_month"].dropna()
    coverage = county_coverage(data)
    dated = dated_projects(data, "title")
    durations = dated["duration_months"]
    located = municipalities_involved(data, "title")
    fields = completeness(data)
    gaps = int((fields["filled"] < fields["records"]).sum())
    exports = sources.loc[sources["kind"] == EXPORT_KIND, "source_id"]
    sizes = network_sizes(data)
    return {
        "n_sources": len(sources),
        "n_documents": len(sources) - len(exports),
        "n_exports": len(exports),
        "n_projects": kinds["project"],
        "n_initiatives": kinds["initiative"],
        "n_events": kinds["event"],
        "n_organisations": len(organisations),
        "n_participations": len(data.participations),
        "n_national_organisations": int((organisations["scope"] == "national").sum()),
        "n_not_placed": int((organisations["scope"] == "unknown").sum()),
        "n_grants": len(grants),
        "grant_total_sek": int(grants["amount_sek"].sum()),
        "grant_min_sek": int(grants["amount_sek"].min()) if len(grants) else None,
        "grant_max_sek": int(grants["amount_sek"].max()) if len(grants) else None,
        # How many times the smallest grant the largest is, to the nearest whole number.
        "grant_ratio": round(grants["amount_sek"].max() / grants["amount_sek"].min())
        if len(grants) >= 2 else None,
        "grant_per_month_min_sek": int(per_month.min()) if len(per_month) else None,
        "grant_per_month_max_sek": int(per_month.max()) if len(per_month) else None,
        "n_budgets": len(budgets),
        "budget_total_sek": int(budgets["amount_sek"].sum()),
        "n_amount_unknown": int(projects["amount_sek"].isna().sum()),
        "n_dated_projects": len(dated),
        "duration_min_months": int(durations.min()) if len(durations) else None,
        "duration_max_months": int(durations.max()) if len(durations) else None,
        "n_undated": len(undated_projects(data)),
        "n_amount_and_duration": int((projects["amount_sek"].notna()
                                      & projects["duration_months"].notna()).sum()),
        "first_month": projects["start_month"].dropna().min(),
        "last_month": projects["end_month"].dropna().max(),
        "largest_network_size": int(sizes.iloc[0]) if len(sizes) else 0,
        "n_coordinator_only": len(coordinator_only_projects(data)),
        "n_counties": len(coverage),
        "n_counties_covered": int(coverage["covered"].sum()),
        "n_counties_not_covered": int((~coverage["covered"]).sum()),
        # Counties where organisations only support, speak or follow up: not reached.
        "n_counties_other_roles_only": int(((coverage["other_roles_projects"] > 0)
                                            & ~coverage["covered"]).sum()),
        "n_municipalities": int(organisations.loc[organisations["type"] == "municipality",
                                                  "municipality_code"].nunique()),
        "n_municipalities_reached": int(coverage["municipalities"].sum()),
        "n_municipalities_located": len(located),
        "n_municipalities_taking_part": int(located["municipality_takes_part"].sum()),
        "n_shared_organisations": int((organisation_projects(data)["projects"] > 1).sum()),
        "n_imported_projects": int(projects["source_id"].isin(exports).sum()),
        "n_conflicts": len(data.conflicts),
        "n_open_conflicts": int(data.conflicts["resolution"].isna().sum()),
        "n_facts": len(data.provenance),
        "n_left_out": len(data.not_recorded),
        "n_fields_with_gaps": gaps,
        "n_fields_complete": len(fields) - gaps,
    }


def overlapping_projects(projects: pd.DataFrame) -> pd.Series:
    """For each project with known dates, how many others run in at least one same month.

    Sorted-interval counting, O(n log n), so it stays fast for a whole funder's portfolio.
    """
    from ..derived import month_index

    known = projects["start_month"].notna() & projects["end_month"].notna()
    start = month_index(projects.loc[known, "start_month"]).to_numpy(dtype="int64")
    end = month_index(projects.loc[known, "end_month"]).to_numpy(dtype="int64")
    starts, ends = np.sort(start), np.sort(end)
    ended_before = np.searchsorted(ends, start, side="left")
    started_after = len(starts) - np.searchsorted(starts, end, side="right")
    counts = len(start) - ended_before - started_after - 1
    result = pd.Series(pd.NA, index=projects.index, dtype="Int64")
    result[known] = counts
    return result


@once
def facts_per_source(data: Dataset) -> pd.Series:
    """How many facts of data/ each source is cited for (provenance rows), by source id;
    sources cited for none are not in it."""
    return data.provenance.groupby("source_id").size()


def fact_projects(provenance: pd.DataFrame) -> pa.Array:
    """The project each fact is about: its own record's id, or the project of a participation
    (record_key's first value); null for a fact about another table. In Arrow, without a
    Python string per fact (1.4 million at 50 000 projects)."""
    ids = pa.array(provenance["record_id"], type=pa.string(), from_pandas=True)
    first = pc.list_element(pc.split_pattern(ids, "/", max_splits=1), 0)
    about = pa.array(provenance["table"].isin(["projects", "participations"]).to_numpy(bool))
    return pc.if_else(about, first, pa.scalar(None, pa.string()))


@once
def facts_per_project(data: Dataset) -> pd.Series:
    """How many facts of data/ are about each project (fact_projects), by project id;
    projects with none are not in it."""
    counts = pc.value_counts(fact_projects(data.provenance).drop_null())
    return pd.Series(counts.field("counts").to_numpy(), dtype="int64",
                     index=pd.Index(counts.field("values").to_pylist(), dtype=object,
                                    name="project_id"), name="facts")


@once
def completeness(data: Dataset) -> pd.DataFrame:
    """Share of records with a value, for every stored field of the main tables."""
    from ..fields import TABLES_BY_NAME

    rows = []
    for name in ("projects", "organisations", "participations", "sources"):
        frame, spec = data.table(name), TABLES_BY_NAME[name]
        for field in spec.stored_fields:
            records = frame
            if field.applies_when:
                condition, value = field.applies_when
                records = frame[frame[condition] == value]
                if records.empty:
                    continue  # applies to none of the records: not a gap
            filled = int(records[field.name].notna().sum())
            rows.append({"table": spec.name, "field": field.name,
                         "filled": filled,
                         "records": len(records),
                         "share": filled / len(records) if len(records) else float("nan")})
    return pd.DataFrame(rows)
