"""The project–organisation network chart: which projects are drawn (all of a handful; at
scale, at most MAX_NETWORK_PROJECTS joining the organisations taking part most), their layout
(`network_layout`) and the chart, with the projects and organisations left out counted in the
subtitle.
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import pandas as pd

from ..dataset import Dataset
from ..metrics.networks import network_organisations
from ..text import Count, fill_plain, join, title_field
from ..text.labels import table_name, value_label
from .drawn import Drawn
from .label_geometry import LABEL_FONT_SIZE, LINE_HEIGHT
from .network_placement import PROJECT_SIDE, lay_out
from .theme import (ORGANISATION_TYPE_COLOURS, ROLE_COLOURS, _fixed_colours, _title,
                    chart_words)

MAX_NETWORK_PROJECTS = 12
TOP_ORGANISATIONS = 15  # at scale, the projects drawn are those joining these organisations
MAX_NOT_SHOWN_NAMED = 5  # projects left out named in the subtitle; more are counted
PROJECT_LINE_WIDTH = 28  # characters per line of a project's name
MAX_PRINT_HEIGHT = 700  # px: the network may take three quarters of a page (render caps others)

# Role as line weight and dash as well as colour, so that it survives greyscale printing: the
# roles that make a county reached (coordinator, partner, co-financer) are thick, the others
# thin; within each, a dash tells them apart.
ROLE_STROKES: dict[str, tuple[float, list[float]]] = {
    "coordinator": (2.8, []),
    "partner": (1.8, []),
    "co-financer": (1.8, [3, 2]),
    "partner or co-financer": (1.8, [7, 2]),
    "supporting authority": (1.0, [5, 3]),
    "contributor": (1.3, []),
    "follow-up partner": (1.0, [1.5, 2.5]),
}


# --- which projects ------------------------------------------------------------------------

def network_projects(data: Dataset, cap: int = MAX_NETWORK_PROJECTS) -> tuple[list[str],
                                                                               list[str]]:
    """(drawn, left out): project ids with organisations, at most `cap` drawn.

    When every project with organisations fits, all are drawn (a handful of records shows
    everything). Otherwise the network is that of the organisations taking part most
    (metrics.networks.network_organisations): projects naming only their coordinator are
    single edges and are left out (the report counts them and shows how often coordinators
    return); the others are taken by how many of those organisations they join, then by size
    (more organisations first), then by id.
    """
    links = data.participations.drop_duplicates(["project_id", "org_id"])
    sizes = links.groupby("project_id").size()
    if len(sizes) <= cap:
        order = sorted(sizes.index, key=lambda p: (-sizes[p], str(p)))
        return order, []
    top, _ = network_organisations(data, TOP_ORGANISATIONS)
    joined = links[links["org_id"].isin(top)].groupby("project_id").size()
    frame = pd.DataFrame({"project_id": sizes.index, "size": sizes.to_numpy(),
                          "joined": joined.reindex(sizes.index).fillna(0).to_numpy()})
    frame = frame.sort_values(["joined", "size", "project_id"], ascending=[False, False, True],
                              kind="stable")
    candidates = frame[frame["size"] > 1]
    drawn = list(candidates["project_id"].iloc[:cap])
    chosen = set(drawn)
    left_out = [p for p in frame["project_id"] if p not in chosen]
    return drawn, left_out


# --- the chart -----------------------------------------------------------------------------

def _project_name(title: str) -> str:
    lines = textwrap.wrap(title, PROJECT_LINE_WIDTH) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1] + " …"
    return "\n".join(lines)


def network_chart(data: Dataset, language: str) -> Drawn:
    """Parts: `edges` (a line per participation), `leaders` (lines to names set apart),
    `organisations` and `projects` (the dots), `labels` (the names written)."""
    words = chart_words(language)
    network_words = words["network"]
    drawn, left_out = network_projects(data)
    links = data.participations[data.participations["project_id"].isin(drawn)]
    orgs = data.organisations.set_index("org_id")
    titles = data.projects.set_index("project_id")[title_field(language)].astype(str)
    names = {f"p:{p}": _project_name(titles[p]) for p in drawn}
    names |= {f"o:{o}": str(orgs.at[o, "name"]) for o in links["org_id"].unique()}
    layout = lay_out(links, names)
    positions = layout.positions
    projects_per_org = links.groupby("org_id")["project_id"].nunique()

    roles = [r for r in ROLE_STROKES if r in set(links["role"])]
    role_names = {r: value_label("role", r, language) for r in roles}
    edges = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in links["project_id"]],
        "y": [positions[f"p:{p}"][1] for p in links["project_id"]],
        "x2": [positions[f"o:{o}"][0] for o in links["org_id"]],
        "y2": [positions[f"o:{o}"][1] for o in links["org_id"]],
        "project": [titles[p] for p in links["project_id"]],
        "organisation": [orgs.at[o, "name"] for o in links["org_id"]],
        "role": [role_names[r] for r in links["role"]]})
    # Thick lines under thin ones, so that a thin dotted line is never hidden.
    edges = edges.assign(_w=[ROLE_STROKES[r][0] for r in links["role"]]).sort_values(
        "_w", ascending=False, kind="stable").drop(columns="_w")
    project_nodes = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in drawn], "y": [positions[f"p:{p}"][1] for p in drawn],
        "title": [titles[p] for p in drawn],
        "organisations": [int((links["project_id"] == p).sum()) for p in drawn]})
    org_ids = sorted(links["org_id"].unique())
    org_nodes = pd.DataFrame({
        "x": [positions[f"o:{o}"][0] for o in org_ids],
        "y": [positions[f"o:{o}"][1] for o in org_ids],
        "name": [orgs.at[o, "name"] for o in org_ids],
        "type_code": [orgs.at[o, "type"] for o in org_ids],
        "type": [value_label("type", orgs.at[o, "type"], language) for o in org_ids],
        "projects": [int(projects_per_org[o]) for o in org_ids]})
    labels = pd.DataFrame([{"x": lb.x, "y": lb.y, "label": lb.text, "align": lb.align,
                            "baseline": lb.baseline, "weight": lb.weight, "node": lb.node,
                            "key": lb.key,
                            "name": titles[lb.node[2:]] if lb.node.startswith("p:")
                            else orgs.at[lb.node[2:], "name"]}
                           for lb in layout.labels],
                          columns=["x", "y", "label", "align", "baseline", "weight", "node",
                                   "key", "name"])
    leaders = pd.DataFrame([{"x": lb.leader[0][0], "y": lb.leader[0][1], "x2": lb.leader[1][0],
                             "y2": lb.leader[1][1], "label": lb.text}
                            for lb in layout.labels if lb.leader],
                           columns=["x", "y", "x2", "y2", "label"])

    width, height = math.ceil(max(layout.width, 200.0)), math.ceil(max(layout.height, 60.0))
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    # One px of the layout is one px of the plot, on both axes.
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[0, width], nice=False, zero=False))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(domain=[0, height], nice=False, zero=False,
                                                reverse=True))
    role_title = network_words["role_legend"]
    legend = alt.Legend(symbolType="stroke", orient="top", columns=2, symbolSize=400,
                        labelLimit=260)
    domain = [role_names[r] for r in roles]
    edge_layer = alt.Chart(edges).mark_rule(opacity=1).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("role:N", title=role_title, legend=legend,
                        scale=alt.Scale(domain=domain, range=[ROLE_COLOURS[r] for r in roles])),
        strokeWidth=alt.StrokeWidth("role:N", title=role_title, legend=legend,
                                    scale=alt.Scale(domain=domain,
                                                    range=[ROLE_STROKES[r][0] for r in roles])),
        strokeDash=alt.StrokeDash("role:N", title=role_title, legend=legend,
                                  scale=alt.Scale(domain=domain,
                                                  range=[ROLE_STROKES[r][1] for r in roles])),
        tooltip=[alt.Tooltip("project:N", title=words["tip_project"]),
                 alt.Tooltip("organisation:N", title=network_words["tip_organisation"]),
                 alt.Tooltip("role:N", title=network_words["tip_role"])])
    type_scale = _fixed_colours(ORGANISATION_TYPE_COLOURS, org_nodes["type_code"], None,
                                language)
    type_scale = alt.Scale(domain=[value_label("type", t, language) for t in type_scale.domain],
                           range=type_scale.range)
    org_layer = alt.Chart(org_nodes).mark_circle(
        size=math.pi * layout.org_radius ** 2, opacity=1, stroke="#333333",
        strokeWidth=0.6).encode(
        x=x, y=y, color=alt.Color("type:N", title=network_words["type_legend"],
                                  scale=type_scale,
                                  legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("name:N", title=network_words["tip_organisation"]),
                 alt.Tooltip("type:N", title=network_words["tip_type"]),
                 alt.Tooltip("projects:Q", title=words["tip_projects"])])
    project_layer = alt.Chart(project_nodes).mark_square(
        size=PROJECT_SIDE ** 2, color="#111111", opacity=1).encode(
        x=x, y=y, tooltip=[alt.Tooltip("title:N", title=words["tip_project"]),
                           alt.Tooltip("organisations:Q",
                                       title=network_words["tip_organisations"])])
    label_style = {"align": alt.ExprRef("datum.align"), "baseline": alt.ExprRef("datum.baseline"),
                   "fontWeight": alt.ExprRef("datum.weight"), "fontSize": LABEL_FONT_SIZE,
                   "lineBreak": "\n", "lineHeight": LINE_HEIGHT}
    label_layer = alt.Chart(labels).mark_text(color="#111111", **label_style).encode(
        x=x, y=y, text="label:N",
        tooltip=[alt.Tooltip("name:N", title=network_words["tip_name"])])
    leader_layer = alt.Chart(leaders).mark_rule(color="#888888", strokeWidth=0.8).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        tooltip=[alt.Tooltip("label:N", title=network_words["tip_name"])])

    named_orgs = int(labels["node"].str.startswith("o:").sum())
    keys = labels[labels["key"]]
    named_projects = int(labels["node"].str.startswith("p:").sum()) - len(keys)
    notes = [_named_note(named_projects + len(keys), len(drawn), named_orgs, len(org_ids),
                         network_words, language)]
    if len(keys):
        notes.append(fill_plain(network_words["numbered"], projects="; ".join(
            f"{key} {name}" for key, name in zip(keys["label"], keys["name"]))))
    if left_out:
        notes += _left_out_notes(drawn, left_out, titles, network_words, language)
        taking_part = data.participations["org_id"].nunique()
        notes.append(fill_plain(network_words["organisations_not_drawn"],
                                n=Count(taking_part - len(org_ids), language),
                                sheet=table_name("participations", language)))
    chart = alt.layer(edge_layer, leader_layer, org_layer, project_layer,
                      label_layer).resolve_scale(
        color="independent", strokeWidth="independent", strokeDash="independent").properties(
        width=width, height=height, usermeta={"print_max_height": MAX_PRINT_HEIGHT},
        title=_title(network_words["title"], *notes))
    return Drawn(chart, {"edges": edges, "leaders": leaders, "organisations": org_nodes,
                         "projects": project_nodes, "labels": labels})


def _named_note(projects_named: int, projects: int, orgs_named: int, orgs: int, words: dict,
                language: str) -> str:
    if projects_named == projects and orgs_named == orgs:
        return fill_plain(words["named_all"], projects=Count(projects, language),
                          organisations=Count(orgs, language))
    return fill_plain(words["named_some"], projects_named=Count(projects_named, language),
                      projects=Count(projects, language), named=Count(orgs_named, language),
                      organisations=Count(orgs, language),
                      unnamed=Count(projects + orgs - projects_named - orgs_named, language))


def _left_out_notes(drawn: list[str], left_out: list[str], titles: pd.Series, words: dict,
                    language: str) -> list[str]:
    notes = [fill_plain(words["cut"], shown=Count(len(drawn), language),
                        total=Count(len(drawn) + len(left_out), language))]
    named = [titles[p] for p in left_out[:MAX_NOT_SHOWN_NAMED]]
    if len(left_out) <= MAX_NOT_SHOWN_NAMED:
        notes.append(fill_plain(words["not_shown"], titles=join(named, language)))
    else:
        notes.append(fill_plain(words["not_shown_more"], titles="; ".join(named),
                                more=Count(len(left_out) - len(named), language)))
    return notes
