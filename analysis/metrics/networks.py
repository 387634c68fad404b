"""Numbers about the partner networks at any size: which organisations take part most, which
projects name only their coordinator, and how often coordinators return.

The network chart draws the organisations taking part most (`network_organisations`) and
counts the rest; where projects name only their coordinator, a network would be single edges,
so the report shows how often coordinators lead more than one project (`coordinator_returns`).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from .memo import once

# Projects led, as the rows of the coordinators table: exact numbers up to 4, then ranges.
RETURN_BINS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (10, 19), (20, None))


@once
def coordinator_only_projects(data: Dataset) -> pd.Index:
    """Projects whose source names their coordinator and no other organisation."""
    participations = data.participations
    only = participations["role"].eq("coordinator").groupby(participations["project_id"]).all()
    return only.index[only.to_numpy()]


@once
def coordinators_led(data: Dataset) -> pd.DataFrame:
    """One row per coordinating organisation: its name, type and the number of projects it
    coordinates; the most first, then by name."""
    led = data.participations[data.participations["role"] == "coordinator"]
    counts = led.groupby("org_id")["project_id"].nunique().rename("projects")
    orgs = data.organisations.set_index("org_id")[["name", "type"]]
    frame = orgs.join(counts, how="inner").reset_index()
    return frame.sort_values(["projects", "name"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


@once
def coordinator_returns(data: Dataset) -> pd.DataFrame:
    """How often coordinators return: for each band of projects led (1, 2, 3, 4, 5–9, 10–19,
    20 or more), the coordinators in it and the projects they lead. Empty bands are left out.
    Columns: low, high (None: open), coordinators, projects."""
    led = coordinators_led(data)["projects"]
    rows = []
    for low, high in RETURN_BINS:
        inside = led[(led >= low) & ((led <= high) if high is not None else True)]
        if len(inside):
            rows.append({"low": low, "high": high, "coordinators": len(inside),
                         "projects": int(inside.sum())})
    return pd.DataFrame(rows, columns=["low", "high", "coordinators", "projects"])


@once
def network_organisations(data: Dataset, cap: int) -> tuple[list[str], list[str]]:
    """(drawn, left out): the organisations taking part in the most projects, at most `cap`,
    among those in a project with at least one other organisation (a network of one edge says
    nothing); ties by name. Left out: every other organisation that takes part anywhere."""
    links = data.participations.drop_duplicates(["project_id", "org_id"])
    sizes = links.groupby("project_id")["org_id"].transform("size")
    shared = links[sizes > 1]
    counts = shared.groupby("org_id")["project_id"].nunique().rename("projects")
    names = data.organisations.set_index("org_id")["name"]
    ranked = pd.DataFrame({"projects": counts, "name": names.reindex(counts.index)})
    ranked = ranked.sort_values(["projects", "name"], ascending=[False, True], kind="stable")
    drawn = list(ranked.index[:cap])
    taking_part = set(links["org_id"])
    left_out = sorted(taking_part - set(drawn))
    return drawn, left_out


@once
def network_numbers(data: Dataset) -> dict[str, int]:
    """The counts the networks section states."""
    led = coordinators_led(data)
    only = coordinator_only_projects(data)
    projects_with_orgs = data.participations["project_id"].nunique()
    return {
        "n_projects_with_organisations": int(projects_with_orgs),
        "n_coordinator_only": len(only),
        "n_coordinators": len(led),
        "n_returning_coordinators": int((led["projects"] > 1).sum()),
        "n_projects_by_returning": int(led.loc[led["projects"] > 1, "projects"].sum()),
        "most_led": int(led["projects"].iloc[0]) if len(led) else 0,
    }
