"""The project–organisation network: which projects are drawn, a repeatable layout in which
every name is placed clear of every dot and line, and the chart.

Layout, in px of the plot (y downwards), one connected part at a time:

- a project with organisations of its own only (a star) has them on two arcs, left and right
  of it, evenly spaced from top to bottom, each name on the outer side of its dot: no line
  runs there, since every line goes from the project in the middle to a dot;
- a part in which projects share organisations gets a spring layout (fixed seed, sorted
  input), and each name the first place around its dot that is clear of every dot, line and
  name placed before it (projects first, then the organisations in the most projects);
- the parts are packed in rows, largest first, within the plot width.

A name is only ever drawn where it is clear; an organisation left without a name is counted in
the subtitle. When naming every organisation would make the chart too large to print legibly,
the least connected go unnamed first (their dots then sit closer together).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from .. import metrics
from ..dataset import Dataset
from ..text import Count, fill_plain, join, title_field
from ..text.labels import value_label
from .font_metrics import text_width
from .theme import (ORGANISATION_TYPE_COLOURS, ROLE_COLOURS, _fixed_colours, _title,
                    chart_words)

MAX_NETWORK_PROJECTS = 12
MAX_NOT_SHOWN_NAMED = 5  # projects left out named in the subtitle; more are counted
LABEL_FONT_SIZE = 11
LINE_HEIGHT = 13  # px between the lines of a wrapped project name
PROJECT_LINE_WIDTH = 28  # characters per line of a project's name
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
MAX_PRINT_HEIGHT = 700  # px: the network may take three quarters of a page (render caps others)
ONE_SIDED_UP_TO = 4  # a star of this many organisations or fewer has them on one side
NAMED_SHARES = (1.0, 0.6, 0.35, 0.15, 0.0)  # organisations named, tried until the chart fits

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


# --- which projects ------------------------------------------------------------------------

def network_projects(data: Dataset, cap: int = MAX_NETWORK_PROJECTS) -> tuple[list[str],
                                                                               list[str]]:
    """(drawn, left out): project ids with organisations, at most `cap` drawn.

    Projects of one call stay together: calls are taken whole, the call with the largest
    project first (then the call with more organisations in all), as long as they fit; the
    room left goes to the largest projects of the first call that did not fit, so that at most
    one call is split. Within a call, larger projects (more organisations) come first.
    """
    sizes = data.participations.groupby("project_id").size()
    projects = data.projects.set_index("project_id").loc[sizes.index]
    frame = pd.DataFrame({"project_id": sizes.index, "size": sizes.to_numpy(),
                          "call": metrics.call_group_key(projects).to_numpy()})
    frame = frame.sort_values(["size", "project_id"], ascending=[False, True], kind="stable")
    calls = frame.groupby("call", sort=False).agg(largest=("size", "max"), total=("size", "sum"))
    calls = calls.reset_index().sort_values(["largest", "total", "call"],
                                            ascending=[False, False, True], kind="stable")
    members = {call: list(group["project_id"]) for call, group in frame.groupby("call")}
    drawn: list[str] = []
    skipped: list[str] = []
    for call in calls["call"]:
        if len(drawn) + len(members[call]) <= cap:
            drawn += members[call]
        else:
            skipped.append(call)
    if skipped and len(drawn) < cap:
        drawn += members[skipped[0]][:cap - len(drawn)]
    chosen = set(drawn)
    left_out = [p for p in frame["project_id"] if p not in chosen]
    return drawn, left_out


# --- geometry ------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # left, top, right, bottom in px, y downwards


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


FIRST_LINE = LABEL_FONT_SIZE * 1.25  # px from the top of a line's accents to its descenders


def label_box(x: float, y: float, text: str, weight: str, align: str, baseline: str) -> Box:
    """The box a label drawn at (x, y) px covers, measured with the font's advance widths.

    As Vega draws it: the baseline places the first line (its top, middle or bottom at y);
    further lines follow below, LINE_HEIGHT apart."""
    lines = text.split("\n")
    width = max(text_width(line, LABEL_FONT_SIZE, weight) for line in lines)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    top = {"top": y, "middle": y - FIRST_LINE / 2, "bottom": y - FIRST_LINE}[baseline]
    return left, top, left + width, top + FIRST_LINE + LINE_HEIGHT * (len(lines) - 1)


def _anchor(y: float, text: str, baseline: str) -> float:
    """The y to draw a label at so that its whole block (not only its first line) sits at y:
    above (bottom), centred on (middle) or below (top) it."""
    extra = LINE_HEIGHT * text.count("\n")
    return {"top": y, "middle": y - extra / 2, "bottom": y - extra}[baseline]


def boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def box_hits_circle(box: Box, centre: tuple[float, float], radius: float) -> bool:
    nearest_x = min(max(centre[0], box[0]), box[2])
    nearest_y = min(max(centre[1], box[1]), box[3])
    return math.hypot(centre[0] - nearest_x, centre[1] - nearest_y) < radius


def box_hits_segment(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether the segment crosses or touches the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


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
            ly = _anchor(edge_y, text, baseline)
            box = label_box(lx, ly, text, weight, align, baseline)
            if frame and not (frame[0] <= box[0] and box[2] <= frame[2]
                              and frame[1] <= box[1] and box[3] <= frame[3]):
                continue
            if any(boxes_overlap(box, other) for other in placed) \
                    or any(box_hits_circle(box, c, r) for c, r in circles.values()) \
                    or any(box_hits_segment(box, a, b) for a, b in segments):
                continue
            if leader and (any(box_hits_segment(other, *leader) for other in placed)
                           or any(_segment_hits_circle(leader, c, r)
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


def _segment_hits_circle(segment, centre: tuple[float, float], radius: float) -> bool:
    (x0, y0), (x1, y1) = segment
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((centre[0] - x0) * dx
                                                   + (centre[1] - y0) * dy) / length))
    return math.hypot(x0 + t * dx - centre[0], y0 + t * dy - centre[1]) < radius


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
    return _layout(participations, names or {}, seed).positions


def _layout(participations: pd.DataFrame, names: dict[str, str], seed: int = 7,
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


# --- the chart -----------------------------------------------------------------------------

def _project_name(title: str) -> str:
    lines = textwrap.wrap(title, PROJECT_LINE_WIDTH) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1] + " …"
    return "\n".join(lines)


def network_chart(data: Dataset, language: str) -> alt.LayerChart:
    words = chart_words(language)
    network_words = words["network"]
    drawn, left_out = network_projects(data)
    links = data.participations[data.participations["project_id"].isin(drawn)]
    orgs = data.organisations.set_index("org_id")
    titles = data.projects.set_index("project_id")[title_field(language)].astype(str)
    names = {f"p:{p}": _project_name(titles[p]) for p in drawn}
    names |= {f"o:{o}": str(orgs.at[o, "name"]) for o in links["org_id"].unique()}
    layout = _layout(links, names)
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
    return alt.layer(edge_layer, leader_layer, org_layer, project_layer,
                     label_layer).resolve_scale(
        color="independent", strokeWidth="independent", strokeDash="independent").properties(
        width=width, height=height, usermeta={"print_max_height": MAX_PRINT_HEIGHT},
        title=_title(network_words["title"], *notes))


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
