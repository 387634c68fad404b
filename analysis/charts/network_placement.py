"""The network's placement: a repeatable layout of projects and organisations in which every
name is placed clear of every dot and line.

Layout, in px of the plot (y downwards), one connected part at a time:

- a project with organisations of its own only (a star) has them on two arcs, left and right
  of it, evenly spaced from top to bottom, each name on the outer side of its dot: no line
  runs there, since every line goes from the project in the middle to a dot;
- a part in which projects share organisations gets a spring layout (fixed seed, sorted
  input), and each name the first place around its dot that is clear of every dot, line and
  name placed before it (projects first, then the organisations in the most projects);
- the parts are packed in rows, largest first, within the plot width.

A name is only ever drawn where it is clear; when naming every organisation would make the
chart too large to print legibly, the least connected go unnamed first (their dots then sit
closer together).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .label_geometry import (Box, anchor, box_hits_circle, box_hits_segment, boxes_overlap,
                             label_box, segment_hits_circle)

ORG_RADIUS = 5.0  # px
SMALL_ORG_RADIUS = 3.5  # px, in a large part
PROJECT_SIDE = 13.0  # px, the black square
NAMED_STEP = 17  # px between the dots of an arc whose organisations are named
UNNAMED_STEP = 9  # px between unnamed dots
LABEL_GAP = 4  # px between a dot and its name
EDGE_PX = 60  # typical line length in a spring-laid part
PART_GAP = 22  # px between parts
MAX_PLOT_WIDTH = 630  # px: the chart, legends included, then prints at about its size
MAX_PLOT_HEIGHT = 520  # px, with MAX_PRINT_HEIGHT below: names print at about their size
ONE_SIDED_UP_TO = 4  # a star of this many organisations or fewer has them on one side
NAMED_SHARES = (1.0, 0.6, 0.35, 0.15, 0.0)  # organisations named, tried until the chart fits

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


# --- geometry ------------------------------------------------------------------------------

@dataclass
class Label:
    node: str
    text: str  # may hold "\n"
    x: float
    y: float
    align: str  # left, center, right
    baseline: str  # top, middle, bottom
    weight: str = "normal"
    # A thin line from the dot to a name set further off: (x, y) at the dot's rim, (x, y) at
    # the name.
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None
    key: bool = False  # a number standing for a project's name, listed in the subtitle

    @property
    def box(self) -> Box:
        return label_box(self.x, self.y, self.text, self.weight, self.align, self.baseline)


# --- layout --------------------------------------------------------------------------------

@dataclass
class _Part:
    positions: dict[str, tuple[float, float]]
    labels: list[Label] = field(default_factory=list)
    preferred: dict[str, list[tuple[str, str, float, float]]] = field(default_factory=dict)

    def box(self, radius: float) -> Box:
        xs = [x for x, _ in self.positions.values()]
        ys = [y for _, y in self.positions.values()]
        boxes = [(min(xs) - PROJECT_SIDE, min(ys) - PROJECT_SIDE, max(xs) + PROJECT_SIDE,
                  max(ys) + PROJECT_SIDE)] + [label.box for label in self.labels]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def moved(self, dx: float, dy: float) -> _Part:
        def shift(point):
            return point[0] + dx, point[1] + dy
        return _Part({n: shift(xy) for n, xy in self.positions.items()},
                     [Label(lb.node, lb.text, lb.x + dx, lb.y + dy, lb.align, lb.baseline,
                            lb.weight, lb.leader and (shift(lb.leader[0]), shift(lb.leader[1])),
                            lb.key) for lb in self.labels])


def _node_radius(node: str, org_radius: float) -> float:
    # A square's half diagonal: a label clear of this circle is clear of the square.
    return PROJECT_SIDE / math.sqrt(2) if node.startswith("p:") else org_radius


def _arc(count: int, step: float, spread: float) -> list[tuple[float, float]]:
    """(x, y) offsets of `count` dots on an arc to the right of (0, 0), evenly spaced from top
    to bottom; outer dots sit nearer the middle, so lines to them pass inside the others."""
    half = count * step / 2
    points = []
    for index in range(count):
        y = -half + (index + 0.5) * step
        points.append((spread * math.sqrt(max(0.0, 1 - (y / half) ** 2)) + 12, y))
    return points


def _star(project: str, orgs: list[str], named: dict[str, str]) -> _Part:
    """One project and organisations that are in no other drawn project."""
    positions = {project: (0.0, 0.0)}
    preferred: dict[str, list[tuple[str, str, float, float]]] = {}
    if len(orgs) <= ONE_SIDED_UP_TO:
        sides = [(orgs, 1)]
    else:
        middle = (len(orgs) + 1) // 2
        sides = [(orgs[:middle], -1), (orgs[middle:], 1)]
    for side, sign in sides:
        step = NAMED_STEP if any(o in named for o in side) else UNNAMED_STEP
        spread = max(34.0, 0.45 * len(side) * step)
        for org, (x, y) in zip(side, _arc(len(side), step, spread)):
            positions[org] = (sign * x, y)
            offset = ORG_RADIUS + LABEL_GAP
            preferred[org] = [("left" if sign > 0 else "right", "middle", sign * offset, 0.0)]
    top = min(y for _, y in positions.values()) - ORG_RADIUS
    one_sided = len(sides) == 1
    preferred[project] = [("left" if one_sided else "center", "bottom",
                           -PROJECT_SIDE / 2 if one_sided else 0.0,
                           min(top, -PROJECT_SIDE / 2) - LABEL_GAP)]
    return _Part(positions, preferred=preferred)


def _spring(graph: nx.Graph, nodes: list[str], seed: int) -> _Part:
    """A part where projects share organisations: a spring layout, in px."""
    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.edges(nodes)))
    layout = nx.spring_layout(part, seed=seed, iterations=200)
    lengths = [np.hypot(*(layout[a] - layout[b])) for a, b in part.edges()]
    scale = EDGE_PX / max(float(np.median(lengths)), 1e-9)
    xy = np.array([layout[n] for n in nodes]) * scale
    # Turned so that its longest spread lies across: a page has more room across than down.
    xy = xy - xy.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(xy.T) + np.eye(2) * 1e-9)
    across = vectors[:, -1] * (1 if vectors[0, -1] >= 0 else -1)  # sign fixed: repeatable
    xy = xy @ np.array([[across[0], -across[1]], [across[1], across[0]]])
    # Not wider or taller than the plot, names aside.
    span = np.ptp(xy, axis=0)
    squeeze = min(1.0, (MAX_PLOT_WIDTH - 220) / max(span[0], 1e-9),
                  (MAX_PLOT_HEIGHT - 90) / max(span[1], 1e-9))
    xy = (xy - xy.mean(axis=0)) * squeeze
    return _Part({node: (float(x), float(y)) for node, (x, y) in zip(nodes, xy)})


def _direction(angle: float) -> tuple[str, str, float, float]:
    """Alignment and baseline of a name set off from its dot in direction `angle` (radians,
    y downwards): it grows away from the dot."""
    ux, uy = math.cos(angle), math.sin(angle)
    align = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
    baseline = "top" if uy > 0.35 else "bottom" if uy < -0.35 else "middle"
    return align, baseline, ux, uy


_AROUND = [_direction(math.radians(a)) for a in (0, 180, 270, 90, 315, 225, 45, 135)]
_FAR_AROUND = [_direction(math.radians(a)) for a in range(0, 360, 15)]
LEADER_DISTANCES = (34, 50, 70, 95, 125, 160)  # px from a dot to a name set off by a leader


def _candidates(x: float, y: float, radius: float,
                preferred: list[tuple[str, str, float, float]], reach: float):
    """Places for a name around a dot: the preferred ones first, then eight directions at
    growing distances, then further off (up to `reach` px) with a leader line back to it."""
    for align, baseline, dx, dy in preferred:
        yield x + dx, y + dy, align, baseline, None
    for distance in (radius + LABEL_GAP, radius + LABEL_GAP + 10):
        for align, baseline, ux, uy in _AROUND:
            yield x + ux * distance, y + uy * distance, align, baseline, None
    for distance in (d for d in LEADER_DISTANCES if d <= reach):
        for align, baseline, ux, uy in _FAR_AROUND:
            leader = ((x + ux * (radius + 1), y + uy * (radius + 1)),
                      (x + ux * (distance - 2), y + uy * (distance - 2)))
            yield x + ux * distance, y + uy * distance, align, baseline, leader


def _place_labels(part: _Part, edges: list[tuple[str, str]], names: dict[str, str],
                  order: list[str], org_radius: float, frame: Box | None = None,
                  numbers: list[int] | None = None) -> None:
    """Each name at the first place clear of every dot, line, name and leader line so far
    (a leader line crosses no dot and no name): projects first, then a number for each
    project whose name found no room (counting on from `numbers[0]`), then organisations in
    `order`."""
    circles = {n: (xy, _node_radius(n, org_radius) + 1) for n, xy in part.positions.items()}
    segments = [(part.positions[a], part.positions[b]) for a, b in edges]
    degree: dict[str, set[str]] = {}
    for a, b in edges:
        degree.setdefault(a, set()).add(b)
        degree.setdefault(b, set()).add(a)
    placed: list[Box] = []

    def place(node: str, text: str, reach: float, key: bool = False) -> bool:
        x, y = part.positions[node]
        weight = "bold" if node.startswith("p:") else "normal"
        for lx, edge_y, align, baseline, leader in _candidates(
                x, y, _node_radius(node, org_radius), part.preferred.get(node, []), reach):
            ly = anchor(edge_y, text, baseline)
            box = label_box(lx, ly, text, weight, align, baseline)
            if frame and not (frame[0] <= box[0] and box[2] <= frame[2]
                              and frame[1] <= box[1] and box[3] <= frame[3]):
                continue
            if any(boxes_overlap(box, other) for other in placed) \
                    or any(box_hits_circle(box, c, r) for c, r in circles.values()) \
                    or any(box_hits_segment(box, a, b) for a, b in segments):
                continue
            if leader and (any(box_hits_segment(other, *leader) for other in placed)
                           or any(segment_hits_circle(leader, c, r)
                                  for n, (c, r) in circles.items() if n != node)):
                continue
            placed.append(box)
            if leader:
                segments.append(leader)
            part.labels.append(Label(node, text, lx, ly, align, baseline, weight, leader, key))
            return True
        return False

    drawn = [n for n in order if n in names and n in part.positions]
    projects = [n for n in drawn if n.startswith("p:")]
    unnamed = [n for n in projects if not place(n, names[n], LEADER_DISTANCES[-1])]
    for node in unnamed:  # a number where the name has no room, explained in the subtitle
        if numbers is not None and place(node, str(numbers[0]), LEADER_DISTANCES[2], key=True):
            numbers[0] += 1
    for node in drawn:
        if node.startswith("o:"):
            # Short leader lines for organisations in several projects only: a name far from
            # a dot of its own project's fan would only add lines.
            place(node, names[node], LEADER_DISTANCES[2] if len(degree.get(node, ())) > 1
                  else 0)


@dataclass
class NetworkLayout:
    positions: dict[str, tuple[float, float]]  # px, y downwards, from (0, 0)
    labels: list[Label]
    width: float
    height: float
    org_radius: float


def _layout_once(graph: nx.Graph, names: dict[str, str], order: list[str], seed: int,
                 org_radius: float, springs: dict[tuple[str, ...], _Part]) -> NetworkLayout:
    rank = {node: index for index, node in enumerate(order)}
    numbers = [1]
    parts = []
    for nodes in _graph_parts(graph):
        projects = [n for n in nodes if n.startswith("p:")]
        orgs = [n for n in nodes if n.startswith("o:")]
        if len(projects) == 1:
            # Named organisations first: an arc of unnamed ones can then close up.
            part = _star(projects[0], sorted(orgs, key=lambda n: (n not in names, rank[n])),
                         names)
            frame = None
        else:
            key = tuple(nodes)
            if key not in springs:
                springs[key] = _spring(graph, nodes, seed)
            part = _Part(dict(springs[key].positions))
            # Names stay within a plot-sized frame around the part: never wider than the plot.
            xs = [x for x, _ in part.positions.values()]
            ys = [y for _, y in part.positions.values()]
            cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            frame = (cx - MAX_PLOT_WIDTH / 2, cy - MAX_PLOT_HEIGHT / 2,
                     cx + MAX_PLOT_WIDTH / 2, cy + MAX_PLOT_HEIGHT / 2)
        edges = sorted(tuple(sorted(edge)) for edge in graph.edges(nodes))
        _place_labels(part, edges, names, order, org_radius, frame, numbers)
        parts.append(part)
    # Shelf packing, largest part first, rows no wider than the plot.
    boxes = [part.box(org_radius) for part in parts]
    placed: list[_Part] = []
    x = y = row_height = width = 0.0
    for part, box in zip(parts, boxes):
        w, h = box[2] - box[0], box[3] - box[1]
        if x > 0 and x + w > MAX_PLOT_WIDTH:
            y += row_height + PART_GAP
            x = row_height = 0.0
        placed.append(part.moved(x - box[0], y - box[1]))
        x += w + PART_GAP
        row_height = max(row_height, h)
        width = max(width, x - PART_GAP)
    positions = {n: xy for part in placed for n, xy in part.positions.items()}
    labels = [label for part in placed for label in part.labels]
    return NetworkLayout(positions, labels, width, y + row_height, org_radius)


def _node_order(graph: nx.Graph) -> list[str]:
    """Projects first, then organisations in the most drawn projects, then by id."""
    projects = sorted(n for n in graph if n.startswith("p:"))
    orgs = sorted((n for n in graph if n.startswith("o:")),
                  key=lambda n: (-graph.degree(n), n))
    return projects + orgs


def network_layout(participations: pd.DataFrame, names: dict[str, str] | None = None,
                   seed: int = 7) -> dict[str, tuple[float, float]]:
    """Where each node is drawn, in px (y downwards): repeatable (fixed seed, sorted input),
    and with room for `names` (node -> name) where given."""
    return lay_out(participations, names or {}, seed).positions


def lay_out(participations: pd.DataFrame, names: dict[str, str], seed: int = 7,
            ) -> NetworkLayout:
    """Every organisation named if the chart still fits; else the least connected unnamed
    first, until it does (or none is left to unname)."""
    graph = _project_graph(participations)
    if not graph:
        return NetworkLayout({}, [], 0.0, 0.0, ORG_RADIUS)
    order = _node_order(graph)
    orgs = [n for n in order if n.startswith("o:") and n in names]
    projects = {n: t for n, t in names.items() if n.startswith("p:")}
    org_radius = ORG_RADIUS if graph.number_of_nodes() <= 120 else SMALL_ORG_RADIUS
    springs: dict[tuple[str, ...], _Part] = {}  # a part's spring layout does not change
    tried = []
    for share in NAMED_SHARES:
        kept = orgs[:math.ceil(len(orgs) * share)]
        layout = _layout_once(graph, {**projects, **{n: names[n] for n in kept}}, order, seed,
                              org_radius, springs)
        overflow = max(layout.height / MAX_PLOT_HEIGHT, layout.width / MAX_PLOT_WIDTH)
        if overflow <= 1.0:
            return layout
        tried.append((overflow, -share, len(tried), layout))
    return min(tried)[-1]  # too large whatever is unnamed: the least too large
