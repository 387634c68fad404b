"""Comparisons across a portfolio: by call and programme, over time, by kind of coordinator,
by county and municipality, and the distributions of grant size and duration per programme.

Every number the portfolio section's charts, tables and prose show is computed here, once.
The portfolio is the funded projects (kind "project"); initiatives and events are counted
apart. Two rules hold throughout:

- a funder's grant (fields.FUNDER_GRANT) and a total project budget (fields.TOTAL_BUDGET) are
  never summed, ranked or taken a median of together: each has its own columns;
- a missing amount or duration is missing: a sum or median over no known value is <NA>,
  never 0, and every row says how many values it rests on (`n_grants`, `n_dated`, …).

The kinds of coordinator are the organisation types of fields.ORGANISATION_TYPES, in their
order. Per-inhabitant figures come only from an SCB population table in data/
(fields.POPULATION), read and validated by analysis.metrics.population; without it there are
none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import geography
from ..dataset import Dataset
from ..fields import FUNDER_GRANT, ORGANISATION_TYPES, REACH_ROLES, TOTAL_BUDGET
from .memo import once
from .population import population, population_source  # noqa: F401  (metrics.portfolio's)

PORTFOLIO_KIND = "project"
LEVELS = {"programme": ("funder", "programme"), "call": ("funder", "programme", "call")}
# "Above a few dozen projects": from this many known values on, grant size and duration are
# drawn as distributions; below it the values are too few to show a shape.
DISTRIBUTION_FROM = 36
# A programme gets a box of its own from this many known values; fewer are counted apart.
MIN_BOX_VALUES = 8
MAX_BOXES = 10  # programmes drawn as boxes: those with the most projects


def coordinator_kinds() -> tuple[str, ...]:
    """The kinds of coordinator compared, in fields.ORGANISATION_TYPES's order."""
    return tuple(ORGANISATION_TYPES)


@once
def portfolio_projects(data: Dataset) -> pd.DataFrame:
    """One row per funded project: its call, programme and funder, its grant or its total
    budget (each in its own column, <NA> where not of that basis or unknown), duration, first
    and last year, and the kind of its coordinator ("not classified" where none is known)."""
    projects = data.projects[data.projects["kind"] == PORTFOLIO_KIND]
    frame = projects[["project_id", "title", "title_en", "funder", "programme", "call",
                      "amount_sek", "amount_basis", "start_month", "end_month",
                      "duration_months"]].copy()
    amount = frame["amount_sek"].astype("Int64")
    frame["grant_sek"] = amount.where(frame["amount_basis"] == FUNDER_GRANT)
    frame["budget_sek"] = amount.where(frame["amount_basis"] == TOTAL_BUDGET)
    frame["start_year"] = pd.to_numeric(frame["start_month"].str.slice(0, 4),
                                        errors="coerce").astype("Int64")
    frame["end_year"] = pd.to_numeric(frame["end_month"].str.slice(0, 4),
                                      errors="coerce").astype("Int64")
    coordinators = data.participations[data.participations["role"] == "coordinator"]
    kinds = coordinators.merge(data.organisations[["org_id", "type"]], on="org_id")
    kind_of = kinds.drop_duplicates("project_id").set_index("project_id")["type"]
    frame["coordinator_kind"] = frame["project_id"].map(kind_of).fillna("not classified")
    return frame.reset_index(drop=True)


@once
def other_items(data: Dataset) -> int:
    """Initiatives and events: not funded projects, so left out of the comparisons."""
    return int((data.projects["kind"] != PORTFOLIO_KIND).sum())


def _amounts(groups) -> pd.DataFrame:
    """Per group: projects, known grants and their sum and median, known budgets and their
    sum, known durations and their median; a sum or median over nothing known is <NA>."""
    stats = groups.agg(projects=("project_id", "size"),
                       n_grants=("grant_sek", "count"), granted_sek=("grant_sek", "sum"),
                       median_grant_sek=("grant_sek", "median"),
                       n_budgets=("budget_sek", "count"), budget_sek=("budget_sek", "sum"),
                       n_dated=("duration_months", "count"),
                       median_duration_months=("duration_months", "median"))
    for total, count in (("granted_sek", "n_grants"), ("median_grant_sek", "n_grants"),
                         ("budget_sek", "n_budgets"), ("median_duration_months", "n_dated")):
        stats[total] = stats[total].astype("Float64").where(stats[count] > 0)
    for column in ("granted_sek", "budget_sek"):
        stats[column] = stats[column].round().astype("Int64")
    return stats


def _grouped(frame: pd.DataFrame, keys: list[str]):
    parts = frame[keys].astype(object).where(frame[keys].notna(), None)
    return frame.assign(**{k: parts[k] for k in keys}).groupby(keys, dropna=False, sort=False)


@once
def by_group(data: Dataset, level: str = "call") -> pd.DataFrame:
    """One row per call (funder, programme and call) or per programme (funder and
    programme): projects, grants (how many known, total, median), total budgets (how many,
    total), median duration, and the projects per kind of coordinator (`coordinators`, a
    dict, the most first). The most projects first, then the most granted."""
    keys = list(LEVELS[level])
    frame = portfolio_projects(data)
    if frame.empty:
        return pd.DataFrame(columns=[*keys, "projects", "n_grants", "granted_sek",
                                     "median_grant_sek", "n_budgets", "budget_sek", "n_dated",
                                     "median_duration_months", "coordinators"])
    stats = _amounts(_grouped(frame, keys)).reset_index()
    stats[keys] = stats[keys].astype(object).where(stats[keys].notna(), None)
    order = {kind: i for i, kind in enumerate(coordinator_kinds())}
    counts = _grouped(frame, [*keys, "coordinator_kind"]).size().reset_index(name="n")
    counts[keys] = counts[keys].astype(object).where(counts[keys].notna(), None)
    counts = counts.assign(_order=counts["coordinator_kind"].map(order).fillna(len(order)))
    counts = counts.sort_values(["n", "_order"], ascending=[False, True], kind="stable")
    mixes: dict[tuple, dict] = {}
    for row in counts.itertuples(index=False):
        mixes.setdefault(tuple(row[:len(keys)]), {})[row.coordinator_kind] = int(row.n)
    stats["coordinators"] = [mixes.get(tuple(row), {})
                             for row in stats[keys].itertuples(index=False)]
    stats = stats.assign(_granted=stats["granted_sek"].fillna(-1)).sort_values(
        ["projects", "_granted", *keys], ascending=[False, False, *[True] * len(keys)],
        na_position="last", kind="stable")
    return stats.drop(columns="_granted").reset_index(drop=True)


@once
def coordinator_shares(data: Dataset, level: str = "programme") -> pd.DataFrame:
    """Long form of by_group's coordinators: one row per group and kind of coordinator with
    its projects and its share of the group's projects; `rank` is the group's place in
    by_group's order."""
    groups = by_group(data, level)
    keys = list(LEVELS[level])
    rows = [{**{k: row[k] for k in keys}, "rank": rank, "group_projects": row["projects"],
             "kind": kind, "projects": n, "share": n / row["projects"]}
            for rank, row in groups.iterrows() for kind, n in row["coordinators"].items()]
    return pd.DataFrame(rows, columns=[*keys, "rank", "group_projects", "kind", "projects",
                                       "share"])


@once
def by_year(data: Dataset) -> pd.DataFrame:
    """One row per calendar year from the first start to the last end: projects started,
    their grants (how many known, total) and total budgets (how many, total), by the year
    the project started, and the projects running at some time in the year (both ends
    counted). Projects without dates are in no year (`undated_projects`)."""
    frame = portfolio_projects(data)
    dated = frame[frame["start_year"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["year", "started", "n_grants", "granted_sek",
                                     "n_budgets", "budget_sek", "running"])
    end = dated["end_year"].fillna(dated["start_year"])
    first, last = int(dated["start_year"].min()), int(end.max())
    years = np.arange(first, last + 1)
    running = np.zeros(len(years) + 1, dtype=np.int64)
    np.add.at(running, dated["start_year"].to_numpy(dtype=np.int64) - first, 1)
    np.add.at(running, end.to_numpy(dtype=np.int64) - first + 1, -1)
    stats = _amounts(dated.groupby("start_year"))
    table = pd.DataFrame({"year": years}).merge(
        stats[["projects", "n_grants", "granted_sek", "n_budgets", "budget_sek"]]
        .rename(columns={"projects": "started"}), left_on="year", right_index=True,
        how="left")
    for column in ("started", "n_grants", "n_budgets"):
        table[column] = table[column].fillna(0).astype(int)
    table["running"] = np.cumsum(running)[:-1]
    return table


@once
def undated_projects(data: Dataset) -> int:
    """Funded projects that state no start: in no year."""
    return int(portfolio_projects(data)["start_year"].isna().sum())


@once
def budgets_stated(data: Dataset) -> int:
    """Funded projects that state a total project budget (not a grant)."""
    return int(portfolio_projects(data)["budget_sek"].notna().sum())


@once
def by_coordinator_kind(data: Dataset) -> pd.DataFrame:
    """Every kind of coordinator, in fields' order: the projects it coordinates and their
    share, grants (how many known, total, median), budgets (how many, total) and median
    duration. Kinds that coordinate nothing have 0 projects and <NA> amounts."""
    frame = portfolio_projects(data)
    stats = _amounts(frame.groupby("coordinator_kind")).reindex(list(coordinator_kinds()))
    for column in ("projects", "n_grants", "n_budgets", "n_dated"):
        stats[column] = stats[column].fillna(0).astype(int)
    stats["share"] = stats["projects"] / len(frame) if len(frame) else np.nan
    return stats.rename_axis("kind").reset_index()


@once
def _reaching(data: Dataset) -> pd.DataFrame:
    """Each funded project with each place (county and municipality code) where one of its
    coordinators, partners or co-financers is based (fields.REACH_ROLES), once per place.
    Only the columns `places` and `reach` read: it is in the memo, which the build hands over
    to the kernels (at 50 000 projects, every participation's columns were 240 MB)."""
    projects = portfolio_projects(data)[["project_id", "grant_sek", "budget_sek"]]
    roles = data.participations.loc[data.participations["role"].isin(REACH_ROLES),
                                    ["project_id", "org_id"]]
    placed = roles.merge(data.organisations[["org_id", "county_code", "municipality_code"]],
                         on="org_id").drop(columns="org_id")
    placed = placed.drop_duplicates(["project_id", "county_code", "municipality_code"])
    return placed.merge(projects, on="project_id")


@once
def places(data: Dataset, level: str = "municipality") -> pd.DataFrame:
    """Projects and money reaching each county (all 21) or each municipality reached: the
    projects with a coordinator, partner or co-financer based there, their grants (how many
    known, total) and total budgets (how many, total). A project counts in full in every
    place it reaches, so the places' sums add up to more than the portfolio's. With an SCB
    population table (`population`): inhabitants, projects per 100 000 inhabitants and
    granted SEK per inhabitant. The most projects first, then the most granted, then name."""
    code = f"{level}_code"
    reaching = _reaching(data)
    reaching = reaching[reaching[code].notna()].drop_duplicates(["project_id", code])
    stats = _amounts(reaching.assign(duration_months=pd.NA).groupby(code))
    stats = stats.drop(columns=["median_grant_sek", "n_dated", "median_duration_months"])
    if level == "county":
        names = geography.counties().set_index("county_code")
        table = names.join(stats, how="left")
    else:
        names = geography.municipalities().set_index("municipality_code")
        table = names.join(stats, how="inner")
        table["county_name"] = table["county_code"].map(geography.county_names())
    for column in ("projects", "n_grants", "n_budgets"):
        table[column] = table[column].fillna(0).astype(int)
    table = table.rename_axis(code).reset_index()
    people = population(data.data_dir)
    if people is not None:
        table = _per_inhabitant(table, people, level)
    table = table.assign(_granted=table["granted_sek"].fillna(-1)).sort_values(
        ["projects", "_granted", f"{level}_name"], ascending=[False, False, True],
        kind="stable")
    return table.drop(columns="_granted").reset_index(drop=True)


def _per_inhabitant(table: pd.DataFrame, people: pd.DataFrame, level: str) -> pd.DataFrame:
    counts = people.set_index("municipality_code")["population"].astype("Int64")
    if level == "county":
        # A county's inhabitants only where the table holds every one of its municipalities.
        listed = geography.municipalities()["county_code"].value_counts()
        county = counts.index.str[:2]
        complete = counts.groupby(county).size().reindex(listed.index).eq(listed)
        counts = counts.groupby(county).sum().where(complete[counts.groupby(county).sum()
                                                             .index])
    table = table.assign(population=table[f"{level}_code"].map(counts).astype("Int64"))
    known = table["population"].notna() & (table["population"] > 0)
    inhabitants = table["population"].astype("Float64").where(known)
    table["projects_per_100k"] = (table["projects"] / inhabitants * 100_000).round(1)
    table["sek_per_inhabitant"] = (table["granted_sek"].astype("Float64")
                                   / inhabitants).round(0)
    return table


@once
def reach(data: Dataset) -> dict[str, object]:
    """How many of Sweden's 21 counties and 290 municipalities the portfolio reaches (a
    coordinator, partner or co-financer based there), and the shares."""
    reaching = _reaching(data)
    counties = int(reaching["county_code"].dropna().nunique())
    municipalities = int(reaching["municipality_code"].dropna().nunique())
    n_counties, n_municipalities = len(geography.counties()), len(geography.municipalities())
    return {"n_counties": n_counties, "n_counties_reached": counties,
            "share_counties": counties / n_counties,
            "n_municipalities": n_municipalities, "n_municipalities_reached": municipalities,
            "share_municipalities": municipalities / n_municipalities}


@once
def distributions(data: Dataset, value: str) -> pd.DataFrame:
    """Grant size (`grant_sek`) or duration (`duration_months`) per programme: how many
    known values, smallest, lower quartile, median, upper quartile and largest. `drawn`: the
    portfolio holds at least DISTRIBUTION_FROM known values and the programme at least
    MIN_BOX_VALUES, and it is one of the first MAX_BOXES such. `dotted`: no programme is
    drawn as a box, and the programme is one of the first MAX_BOXES: its values are drawn one
    by one (distribution_values) — at most MAX_BOXES × (MIN_BOX_VALUES − 1) of them from
    DISTRIBUTION_FROM values on, fewer than DISTRIBUTION_FROM below. Programmes in
    by_group's order (the most projects first)."""
    frame = portfolio_projects(data)
    keys = list(LEVELS["programme"])
    known = frame[frame[value].notna()]
    columns = [*keys, "n", "low", "q1", "median", "q3", "high", "drawn", "dotted"]
    if known.empty:  # typed, so that selecting by `drawn` selects rows, not columns
        return pd.DataFrame({column: pd.Series(dtype=bool if column in ("drawn", "dotted")
                                               else object) for column in columns})
    values = known.assign(_v=known[value].astype(float))
    grouped = _grouped(values, keys)["_v"]
    stats = pd.DataFrame({"n": grouped.size(), "low": grouped.min(),
                          "q1": grouped.quantile(0.25), "median": grouped.median(),
                          "q3": grouped.quantile(0.75), "high": grouped.max()}).reset_index()
    stats[keys] = stats[keys].astype(object).where(stats[keys].notna(), None)
    order = by_group(data, "programme")[keys].astype(object)
    order = order.where(order.notna(), None).assign(_rank=range(len(order)))
    stats = stats.merge(order, on=keys, how="left").sort_values("_rank", kind="stable")
    enough = (len(known) >= DISTRIBUTION_FROM) & (stats["n"] >= MIN_BOX_VALUES)
    stats["drawn"] = enough & (enough.cumsum() <= MAX_BOXES)
    stats["dotted"] = (not stats["drawn"].any()) & (np.arange(len(stats)) < MAX_BOXES)
    return stats.drop(columns="_rank").reset_index(drop=True)[columns]


@once
def distribution_values(data: Dataset, value: str) -> pd.DataFrame:
    """The known values drawn one by one: those of the programmes `dotted` in
    distributions (none where boxes are drawn). One row per project: funder, programme,
    project_id, title, title_en and the value; programmes in by_group's order, each
    programme's values from the smallest."""
    keys = list(LEVELS["programme"])
    columns = [*keys, "project_id", "title", "title_en", "value"]
    stats = distributions(data, value)
    dotted = stats.loc[stats["dotted"].astype(bool), keys].assign(_rank=lambda f: range(len(f)))
    frame = portfolio_projects(data)
    known = frame[frame[value].notna()]
    if dotted.empty or known.empty:
        return pd.DataFrame(columns=columns)
    known = known.assign(value=known[value].astype(float))
    known[keys] = known[keys].astype(object).where(known[keys].notna(), None)
    rows = known.merge(dotted, on=keys, how="inner")
    rows = rows.sort_values(["_rank", "value", "project_id"], kind="stable")
    return rows[columns].reset_index(drop=True)


@once
def distribution_counts(data: Dataset, value: str) -> dict[str, int]:
    """How the known values of grant size or duration are drawn: `known` values in all,
    `boxes` programmes drawn as boxes holding `in_boxes` values, `dotted` programmes whose
    `dots` values are drawn one by one, and `left_out` values drawn neither way."""
    return _counts(distributions(data, value))


def _counts(stats: pd.DataFrame) -> dict[str, int]:
    drawn, dotted = stats["drawn"].astype(bool), stats["dotted"].astype(bool)
    known = int(stats["n"].sum())
    in_boxes, dots = int(stats.loc[drawn, "n"].sum()), int(stats.loc[dotted, "n"].sum())
    return {"known": known, "boxes": int(drawn.sum()), "in_boxes": in_boxes,
            "dotted": int(dotted.sum()), "dots": dots, "left_out": known - in_boxes - dots}


def _drawn_as(data: Dataset) -> dict[str, object]:
    """How grant size and duration are drawn: `distributions_drawn` where either has a box;
    per quantity the programmes with a box and the values drawn as dots and left out; the
    programmes with a box or with dots in either."""
    numbers: dict[str, object] = {}
    boxed: set = set()
    dotted: set = set()
    keys = list(LEVELS["programme"])
    for value, name in (("grant_sek", "grant"), ("duration_months", "duration")):
        stats = distributions(data, value)
        counts = _counts(stats)
        numbers.update({f"{name}_boxes": counts["boxes"], f"{name}_dots": counts["dots"],
                        f"{name}_values_left_out": counts["left_out"]})
        groups = stats[keys].itertuples(index=False, name=None)
        for group, box, dot in zip(groups, stats["drawn"], stats["dotted"]):
            if box:
                boxed.add(group)
            if dot:
                dotted.add(group)
    numbers.update({"distributions_drawn": bool(boxed), "box_programmes": len(boxed),
                    "dot_programmes": len(dotted)})
    return numbers


@once
def portfolio_numbers(data: Dataset) -> dict[str, object]:
    """The numbers the portfolio section's prose quotes."""
    frame = portfolio_projects(data)
    calls, programmes = by_group(data, "call"), by_group(data, "programme")
    years = by_year(data)
    kinds = by_coordinator_kind(data)
    present = kinds[kinds["projects"] > 0]
    top_kind = present.sort_values("projects", ascending=False, kind="stable").head(1)
    grants = frame["grant_sek"].dropna()
    durations = frame["duration_months"].dropna()
    peak = years.sort_values(["started", "year"], ascending=[False, True]).head(1)
    busiest = years.sort_values(["running", "year"], ascending=[False, True]).head(1)
    return {
        "n_projects": len(frame),
        "n_other_items": other_items(data),
        "n_calls": len(calls),
        "n_programmes": len(programmes),
        "n_grants": len(grants),
        "grant_total_sek": int(grants.sum()) if len(grants) else None,
        "grant_median_sek": float(grants.median()) if len(grants) else None,
        "n_budgets": int(frame["budget_sek"].notna().sum()),
        "budget_total_sek": int(frame["budget_sek"].sum()) if frame["budget_sek"].notna().any()
        else None,
        "n_amount_unknown": int(frame["amount_sek"].isna().sum()),
        "n_dated": len(durations),
        "duration_median_months": float(durations.median()) if len(durations) else None,
        "n_undated": int(frame["start_year"].isna().sum()),
        "first_year": int(years["year"].min()) if len(years) else None,
        "last_year": int(years["year"].max()) if len(years) else None,
        "peak_start_year": int(peak["year"].iloc[0]) if len(peak) else None,
        "peak_started": int(peak["started"].iloc[0]) if len(peak) else 0,
        "busiest_year": int(busiest["year"].iloc[0]) if len(busiest) else None,
        "busiest_running": int(busiest["running"].iloc[0]) if len(busiest) else 0,
        "n_kinds_present": len(present),
        "n_kinds": len(kinds),
        "top_kind": top_kind["kind"].iloc[0] if len(top_kind) else None,
        "top_kind_projects": int(top_kind["projects"].iloc[0]) if len(top_kind) else 0,
        "top_kind_share": float(top_kind["share"].iloc[0]) if len(top_kind) else None,
        **_drawn_as(data),
        **reach(data),
    }
