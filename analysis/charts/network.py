"""The project–organisation network: a repeatable layout, labels that do not overlap, and
the chart."""

from __future__ import annotations

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from ..dataset import Dataset
from .theme import ORGANISATION_TYPE_COLOURS, WIDTH, _cut_note, _fixed_colours, _short, _title

MAX_NETWORK_PROJECTS = 12
MAX_NETWORK_LABELS = 6  # shared organisations named; they sit in the crowded middle
NETWORK_COLUMNS = 2  # parts side by side; more and the project names collide
NETWORK_GAP = 0.6  # layout units between parts: room for the labels


def _project_graph(participations: pd.DataFrame) -> nx.Graph:
    """Bipartite graph, nodes 'p:<project_id>' and 'o:<org_id>', built in sorted order."""
    graph = nx.Graph()
    for row in participations.sort_values(["project_id", "org_id"]).itertuples():
        graph.add_edge(f"p:{row.project_id}", f"o:{row.org_id}")
    return graph


def _graph_parts(graph: nx.Graph) -> list[list[str]]:
    """Connected parts, each a sorted node list, largest first (ties by first node)."""
    return sorted((sorted(part) for part in nx.connected_components(graph)),
                  key=lambda nodes: (-len(nodes), nodes[0]))


def _part_layout(graph: nx.Graph, nodes: list[str], seed: int) -> dict[str, np.ndarray]:
    """Spring layout of one part, centred on (0, 0), larger parts spread wider."""
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    # A fresh graph in sorted order: subgraph views iterate a set, whose order changes
    # from one Python process to the next, and spring_layout follows node order.
    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.edges(nodes)))
    radius = 0.25 + 0.12 * np.sqrt(len(nodes))
    return {node: np.asarray(xy) * radius
            for node, xy in nx.spring_layout(part, seed=seed, iterations=200).items()}


def network_layout(participations: pd.DataFrame, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Layout of the project–organisation graph, repeatable (fixed seed, sorted input).

    Each connected part gets its own spring layout, and the parts are packed in rows of
    NETWORK_COLUMNS, largest first: one spring layout of the whole graph pushes separate
    parts to the edges and squeezes each into a dot. Every row is as tall as its tallest
    part, plus room for the labels.
    """
    graph = _project_graph(participations)
    layouts = [_part_layout(graph, nodes, seed) for nodes in _graph_parts(graph)]
    if not layouts:
        return {}
    spans = [np.ptp(np.array(list(layout.values())), axis=0) for layout in layouts]
    column_width = max(span[0] for span in spans) + NETWORK_GAP * 2
    positions: dict[str, tuple[float, float]] = {}
    top = 0.0
    for first in range(0, len(layouts), NETWORK_COLUMNS):
        row = range(first, min(first + NETWORK_COLUMNS, len(layouts)))
        row_height = max(spans[i][1] for i in row)
        for column, index in enumerate(row):
            centre = np.array([column * column_width, top - row_height / 2])
            for node, xy in layouts[index].items():
                x, y = centre + xy
                positions[node] = (round(float(x), 4), round(float(y), 4))
        top -= row_height + NETWORK_GAP
    return positions


# Where a label sits relative to its node: text alignment, baseline and offset in px.
_LABEL_PLACEMENT = {
    "above": {"align": "center", "baseline": "bottom", "dx": 0, "dy": -10},
    "below": {"align": "center", "baseline": "top", "dx": 0, "dy": 9},
    "left": {"align": "right", "baseline": "middle", "dx": -10, "dy": 0},
    "right": {"align": "left", "baseline": "middle", "dx": 10, "dy": 0},
}
LABEL_FONT_SIZE = 11
# Rough width of a DejaVu Sans character in ems (bold is wider), for collision checks.
_CHAR_EMS = {"normal": 0.62, "bold": 0.70}


def _label_box(x: float, y: float, text: str, weight: str,
               placement: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in px, y upwards, of a label anchored at (x, y) px."""
    width = len(text) * _CHAR_EMS[weight] * LABEL_FONT_SIZE
    height = LABEL_FONT_SIZE * 1.25
    offset = _LABEL_PLACEMENT[placement]
    x, y = x + offset["dx"], y - offset["dy"]
    left = {"center": x - width / 2, "left": x, "right": x - width}[offset["align"]]
    bottom = {"bottom": y, "top": y - height, "middle": y - height / 2}[offset["baseline"]]
    return left, bottom, left + width, bottom + height


def _overlaps(box, other) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def _network_labels(graph: nx.Graph, positions: dict[str, tuple[float, float]],
                    labelled: dict[str, str], px_per_unit: tuple[float, float]) -> pd.DataFrame:
    """Labels placed so that none overlaps another, in the order of `labelled` (most
    important first); a label with no free side is left out (its tooltip still names it).

    Each label first tries the side pointing away from the middle of its part, so labels of
    neighbouring nodes go separate ways; the only project of a part (a hub with its
    organisations around it) is named above the whole part, not on top of its organisations.
    """
    preferred: dict[str, tuple[float, float, str]] = {}
    for nodes in _graph_parts(graph):
        xy = np.array([positions[n] for n in nodes])
        middle, span = xy.mean(axis=0), max(float(np.ptp(xy, axis=0).max()), 1e-9)
        projects = [n for n in nodes if n.startswith("p:")]
        for node in nodes:
            x, y = positions[node]
            away = np.array([x, y]) - middle
            if node.startswith("p:") and len(projects) == 1:
                y, placement = float(xy[:, 1].max()), "above"
            elif np.hypot(*away) < 0.1 * span:
                placement = "above" if node.startswith("p:") else "below"
            elif abs(away[1]) >= abs(away[0]):
                placement = "above" if away[1] > 0 else "below"
            else:
                placement = "right" if away[0] > 0 else "left"
            preferred[node] = (x, y, placement)
    placed_boxes: list[tuple[float, float, float, float]] = []
    rows = []
    for node, text in labelled.items():
        x, y, first_choice = preferred[node]
        weight = "bold" if node.startswith("p:") else "normal"
        for placement in [first_choice] + [p for p in _LABEL_PLACEMENT if p != first_choice]:
            box = _label_box(x * px_per_unit[0], y * px_per_unit[1], text, weight, placement)
            if not any(_overlaps(box, other) for other in placed_boxes):
                placed_boxes.append(box)
                rows.append({"x": x, "y": y, "label": text, "weight": weight,
                             **_LABEL_PLACEMENT[placement]})
                break
    return pd.DataFrame(rows, columns=["x", "y", "label", "weight", "align", "baseline",
                                       "dx", "dy"])


def network_chart(data: Dataset) -> alt.LayerChart:
    sizes = data.participations.groupby("project_id").size()
    # Largest first, ties by id, so the same projects are kept on every run.
    sizes = sizes.sort_index().sort_values(ascending=False, kind="stable")
    kept = sizes.head(MAX_NETWORK_PROJECTS).index
    links = data.participations[data.participations["project_id"].isin(kept)]
    graph = _project_graph(links)
    positions = network_layout(links)
    orgs = data.organisations.set_index("org_id")
    titles = data.projects.set_index("project_id")["title_en"]
    projects_per_org = links.groupby("org_id")["project_id"].nunique()

    edges = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in links["project_id"]],
        "y": [positions[f"p:{p}"][1] for p in links["project_id"]],
        "x2": [positions[f"o:{o}"][0] for o in links["org_id"]],
        "y2": [positions[f"o:{o}"][1] for o in links["org_id"]],
        "project": [titles[p] for p in links["project_id"]],
        "organisation": [orgs.at[o, "name"] for o in links["org_id"]],
        "role": links["role"].astype(str).to_numpy()})
    project_nodes = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in kept], "y": [positions[f"p:{p}"][1] for p in kept],
        "title": [titles[p] for p in kept], "organisations": sizes[kept].astype(int).to_numpy()})
    org_ids = sorted(links["org_id"].unique())
    org_nodes = pd.DataFrame({
        "x": [positions[f"o:{o}"][0] for o in org_ids],
        "y": [positions[f"o:{o}"][1] for o in org_ids],
        "name": [orgs.at[o, "name"] for o in org_ids],
        "type": [orgs.at[o, "type"] for o in org_ids],
        "projects": [int(projects_per_org[o]) for o in org_ids]})

    xs = [xy[0] for xy in positions.values()] or [0.0]
    ys = [xy[1] for xy in positions.values()] or [0.0]
    x_domain = [min(xs) - NETWORK_GAP, max(xs) + NETWORK_GAP]
    y_domain = [min(ys) - NETWORK_GAP / 2, max(ys) + NETWORK_GAP / 2]
    plot_width = WIDTH + 60
    # Same scale on both axes, so the spring layout keeps its shape.
    plot_height = int(np.clip(plot_width * np.ptp(y_domain) / np.ptp(x_domain), 220, 900))
    px_per_unit = (plot_width / np.ptp(x_domain), plot_height / np.ptp(y_domain))

    # Name every project, and the organisations in the most projects: with a whole
    # portfolio nearly every municipality is shared, and all their names would be a blot.
    shared = org_nodes[org_nodes["projects"] > 1].sort_values(
        ["projects", "name"], ascending=[False, True], kind="stable")
    named = shared.head(MAX_NETWORK_LABELS)
    names_by_org = dict(zip(org_ids, org_nodes["name"]))
    labelled = {f"p:{p}": _short(titles[p], 30) for p in kept}
    labelled |= {f"o:{o}": names_by_org[o]
                 for o in [org_ids[i] for i in named.index]}
    labels = _network_labels(graph, positions, labelled, px_per_unit)

    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(domain=x_domain, nice=False, zero=False))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(domain=y_domain, nice=False, zero=False))
    edge_layer = alt.Chart(edges).mark_rule(color="#777777", strokeWidth=1.2).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        strokeDash=alt.StrokeDash("role:N", title="Role",
                                  legend=alt.Legend(symbolType="stroke", orient="top",
                                                    symbolStrokeWidth=1.5, columns=3)),
        tooltip=[alt.Tooltip("project:N", title="Project or initiative"),
                 alt.Tooltip("organisation:N", title="Organisation"),
                 alt.Tooltip("role:N", title="Role")])
    # Smaller dots when there are many, so that a crowded graph is not one solid blot.
    dot_size = float(np.clip(120 * 60 / max(len(org_nodes), 1), 30, 120))
    org_layer = alt.Chart(org_nodes).mark_circle(size=dot_size, opacity=1, stroke="#555555",
                                                 strokeWidth=0.6).encode(
        x=x, y=y, color=alt.Color("type:N", title="Organisation type",
                                  scale=_fixed_colours(ORGANISATION_TYPE_COLOURS,
                                                       org_nodes["type"])),
        tooltip=[alt.Tooltip("name:N", title="Organisation"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("projects:Q", title="Projects")])
    project_layer = alt.Chart(project_nodes).mark_square(
        size=260, color="#222222", opacity=1).encode(
        x=x, y=y, tooltip=[alt.Tooltip("title:N", title="Project or initiative"),
                           alt.Tooltip("organisations:Q", title="Organisations")])
    label_style = {"align": alt.ExprRef("datum.align"), "baseline": alt.ExprRef("datum.baseline"),
                   "dx": alt.ExprRef("datum.dx"), "dy": alt.ExprRef("datum.dy"),
                   "fontWeight": alt.ExprRef("datum.weight"), "fontSize": LABEL_FONT_SIZE}
    # A white outline under each label keeps it readable where it crosses edges and nodes.
    label_tooltip = [alt.Tooltip("label:N", title="Name")]
    halo_layer = alt.Chart(labels).mark_text(
        stroke="white", strokeWidth=3.5, strokeJoin="round", fill="white", **label_style
    ).encode(x=x, y=y, text="label:N", tooltip=label_tooltip)
    label_layer = alt.Chart(labels).mark_text(color="#111111", **label_style).encode(
        x=x, y=y, text="label:N", tooltip=label_tooltip)

    notes = [_cut_note(len(kept), len(sizes), "projects (by number of organisations)")]
    if len(shared) > len(named):
        notes.append(f"The {len(named)} organisations in the most projects are named.")
    elif len(shared):
        notes.append("Organisations in more than one project are named.")
    if len(labels) < len(labelled):
        notes.append("Names with no room are left out: point at a node to see it.")
    return alt.layer(edge_layer, org_layer, project_layer, halo_layer, label_layer).properties(
        width=plot_width, height=plot_height,
        title=_title("Projects (black squares) and their organisations", *notes))

