"""The report's charts: one function per figure, a project theme and figure files.

Every chart aggregates before it charts, so the data embedded in a page stays small when the
table grows to a whole funder's portfolio: at most TOP_N rows per bar chart, binned points and
active-project counts instead of raw rows.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from . import geography, metrics, render
from .dataset import Dataset, month_index
from .fields import PARTICIPATION_ROLES

# DejaVu Sans: in Debian's fonts-dejavu-core, carries å ä ö, and both vl-convert and Typst
# find it (a generic "sans-serif" in an SVG becomes a serif in Typst). Browsers without it
# take the next font in the list rather than their default, which is often a serif.
FONT = "DejaVu Sans"
FONT_FAMILY = f"{FONT}, Liberation Sans, Arial, sans-serif"
# Okabe & Ito's colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
BASIS_COLOURS = {metrics.FUNDER_GRANT: "#0072B2", metrics.TOTAL_BUDGET: "#E69F00"}
BASIS_SHAPES = {metrics.FUNDER_GRANT: "circle", metrics.TOTAL_BUDGET: "square"}
KIND_COLOURS = {"project": "#0072B2", "initiative": "#CC79A7"}
NO_DATA_GREY = "#d9d9d9"
# Fixed colour per organisation type and per role, so that a category keeps its colour
# whatever the data holds and in every chart.
ORGANISATION_TYPE_COLOURS = {
    "municipality": "#0072B2", "region": "#E69F00", "county administrative board": "#009E73",
    "state agency": "#D55E00", "association of local authorities": "#CC79A7",
    "university": "#56B4E9", "NGO": "#F0E442", "company": "#999999",
    "other public body": "#8C6D31"}
# Roles take other hues than organisation types (from Paul Tol's palettes), so that on one
# page a colour means one thing: in the network a colour is a type, in the role charts a role.
ROLE_PALETTE = ["#332288", "#44AA99", "#999933", "#882255", "#AA4499", "#DDCC77", "#117733"]
ROLE_COLOURS = {role: ROLE_PALETTE[index % len(ROLE_PALETTE)]
                for index, role in enumerate(PARTICIPATION_ROLES)}

TOP_N = 25
MAX_GANTT_ROWS = 40
MAX_SCATTER_POINTS = 400
MAX_NAMED_POINTS = 15  # beyond this, dot labels would cover each other
MAX_NETWORK_PROJECTS = 12
MAX_NETWORK_LABELS = 6  # shared organisations named; they sit in the crowded middle
NETWORK_COLUMNS = 2  # parts side by side; more and the project names collide
NETWORK_GAP = 0.6  # layout units between parts: room for the labels
# Plot width in CSS px, chosen so that a whole chart (labels and legend included) fits the
# 17 cm text width of the A4 PDF at natural size; the renderer caps the rest.
WIDTH = 380
SEK_FORMAT = ",.0f"
THEME_NAME = "analysis"


def _fixed_colours(colours: dict[str, str], present) -> alt.Scale:
    """Only the categories present (a legend lists nothing absent), each in its fixed colour."""
    present = set(present)
    domain = [category for category in colours if category in present]
    return alt.Scale(domain=domain, range=[colours[category] for category in domain])


def _basis_encodings() -> dict[str, alt.Color | alt.Shape]:
    """Colour and shape both say the amount's basis, so it survives greyscale printing."""
    return {
        "color": alt.Color("basis:N", title="Amount is",
                           scale=alt.Scale(domain=list(BASIS_COLOURS),
                                           range=list(BASIS_COLOURS.values()))),
        "shape": alt.Shape("basis:N", title="Amount is",
                           scale=alt.Scale(domain=list(BASIS_SHAPES),
                                           range=list(BASIS_SHAPES.values())))}


def _theme() -> alt.theme.ThemeConfig:
    fonts = {"labelFont": FONT_FAMILY, "titleFont": FONT_FAMILY}
    return alt.theme.ThemeConfig({
        "config": {
            "font": FONT_FAMILY,
            "title": {"font": FONT_FAMILY, "subtitleFont": FONT_FAMILY, "fontSize": 15,
                      "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#444444"},
            "axis": {**fonts, "labelFontSize": 11, "titleFontSize": 12, "labelLimit": 260},
            "legend": {**fonts, "labelFontSize": 11, "titleFontSize": 12, "labelLimit": 320,
                       "orient": "bottom", "columns": 3},
            "header": fonts,
            "text": {"font": FONT_FAMILY},
            "range": {"category": PALETTE},
            "numberFormat": SEK_FORMAT,
            # Space as thousands separator in the spec itself, so every renderer (vl-convert,
            # vega-embed, an exported HTML file) writes numbers the same way.
            "locale": {"number": render.number_locale()},
            "view": {"stroke": None},
            "background": "white",
        }
    })


def setup() -> None:
    """Project theme and the offline renderer (idempotent)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme)
    alt.theme.enable(THEME_NAME)
    render.enable_offline_renderer()


def _short(text: object, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Category-axis labels may hold "\n": the axis draws each part on its own line.
WRAPPED_LABELS = "split(datum.label, '\\n')"
LABEL_LINE_WIDTH = 34  # characters per line of a wrapped axis label
LABEL_LINES = 2
ROW_STEP = 38  # px per row of a category axis: room for a two-line label


def _wrap(text: object, width: int = LABEL_LINE_WIDTH, lines: int = LABEL_LINES) -> str:
    """A title over at most `lines` lines of `width` characters; only a title longer than
    that is cut, at the end of its last line."""
    parts = textwrap.wrap(str(text), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = _short(parts[-1] + " …", width)
    return "\n".join(parts)


def _axis_labels(titles: pd.Series, ids: pd.Series, width: int = LABEL_LINE_WIDTH) -> list[str]:
    """Titles wrapped for a category axis, made unique: two projects with the same title
    would otherwise share one row and draw over each other."""
    labels = [_wrap(title, width) for title in titles]
    repeated = {label for label in labels if labels.count(label) > 1}
    return [f"{label} ({identifier})" if label in repeated else label
            for label, identifier in zip(labels, ids)]


def _log_domain(values: pd.Series) -> list[float]:
    """Whole powers of ten around the values, so small grants stay readable on a log axis."""
    known = values.dropna().astype(float)
    known = known[known > 0]  # a log axis has no place for 0
    if known.empty:
        return [1e4, 1e8]
    low, high = np.floor(np.log10(known.min())), np.ceil(np.log10(known.max()))
    return [float(10 ** low), float(10 ** max(high, low + 1))]


def _count_note(count: int, text: str, one: str | None = None) -> str:
    """'488 projects state no amount …' with a narrow space in thousands ('one' is the text
    for a count of 1); '' for none."""
    if not count:
        return ""
    return f"{count:,} {one if count == 1 and one else text}".replace(",", "\u202f")


def _cut_note(shown: int, total: int, what: str) -> str:
    return f"Showing the {shown:,} largest of {total:,} {what}.".replace(",", "\u202f") \
        if total > shown else ""


def _title(text: str, *subtitles: str) -> alt.TitleParams:
    lines = [s for s in subtitles if s]
    return alt.TitleParams(text, subtitle=lines) if lines else alt.TitleParams(text)


# --- grants --------------------------------------------------------------------------------

def grants_chart(funding: pd.DataFrame) -> alt.LayerChart:
    """Amount per project on a log axis; basis as colour; unknown amounts named, not zero."""
    known = funding[funding["amount_sek"].notna()].sort_values("amount_sek", ascending=False)
    unknown = funding[funding["amount_sek"].isna()]
    shown = known.head(TOP_N)
    show_unknown = len(funding) <= TOP_N
    rows = pd.concat([shown, unknown]) if show_unknown else shown
    frame = pd.DataFrame({
        "project": _axis_labels(rows["title_en"], rows["project_id"]),
        "title": rows["title_en"].astype(str),
        "kind": rows["kind"].astype(str),
        "funder": rows["funder"].fillna("none named").astype(str),
        # Plain floats: Altair writes NaN as null (an unknown), never as 0.
        "amount": rows["amount_sek"].astype(float),
        "basis": rows["amount_basis"].fillna("amount unknown").astype(str),
        "months": rows["duration_months"].astype(float),
    })
    domain = _log_domain(known["amount_sek"])
    frame["baseline"] = domain[0]
    order = frame["project"].tolist()
    y = alt.Y("project:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS))
    x_scale = alt.Scale(type="log", domain=domain)
    tooltip = [alt.Tooltip("title:N", title="Project or initiative"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("basis:N", title="Amount is"),
               alt.Tooltip("months:Q", title="Months")]
    basis = _basis_encodings()
    base = alt.Chart(frame)
    with_amount = base.transform_filter("isValid(datum.amount)")
    rules = with_amount.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale, title="Amount (SEK, logarithmic axis)",
                     axis=alt.Axis(format="~s")),
        x2="amount:Q", color=basis["color"], tooltip=tooltip)
    points = with_amount.mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale), **basis, tooltip=tooltip)
    labels = with_amount.mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale), text=alt.Text("amount:Q", format=SEK_FORMAT),
        tooltip=tooltip)
    unknown_marks = base.transform_filter("!isValid(datum.amount)").mark_text(
        align="left", dx=4, fontStyle="italic", color="#555555", fontSize=11).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale), text=alt.value("amount unknown"),
        tooltip=tooltip)
    notes = [_cut_note(len(shown), len(known), "projects with a stated amount")]
    if not show_unknown:
        notes.append(_count_note(len(unknown), "projects state no amount and are not shown.",
                                 "project states no amount and is not shown."))
    notes.append("A total project budget is not a grant: compare colours with care.")
    return alt.layer(rules, points, labels, unknown_marks).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("Amount per project or initiative", *notes))


LACK_AMOUNT_OR_DURATION = ("projects or initiatives lack an amount or a duration and are left out.",
                           "project or initiative lacks an amount or a duration and is left out.")


def sek_per_month_chart(funding: pd.DataFrame) -> alt.Chart:
    known = funding[funding["sek_per_month"].notna()].sort_values("sek_per_month",
                                                                  ascending=False)
    shown = known.head(TOP_N)
    frame = pd.DataFrame({
        "project": [f"{label} ({funder})" for label, funder in
                    zip(_axis_labels(shown["title_en"], shown["project_id"]),
                        shown["funder"].fillna("no funder named"))],
        "title": shown["title_en"].astype(str),
        "funder": shown["funder"].fillna("none named").astype(str),
        "programme": shown["programme"].fillna("none named").astype(str),
        "per_month": shown["sek_per_month"].astype(float),
        "amount": shown["amount_sek"].astype(float),
        "months": shown["duration_months"].astype(float),
        "basis": shown["amount_basis"].astype(str),
    })
    domain = _log_domain(frame["per_month"])
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("programme:N", title="Programme"),
               alt.Tooltip("per_month:Q", title="SEK per month", format=SEK_FORMAT),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("months:Q", title="Months"),
               alt.Tooltip("basis:N", title="Amount is")]
    y = alt.Y("project:N", sort=frame["project"].tolist(), title=None,
              axis=alt.Axis(labelLimit=330, labelExpr=WRAPPED_LABELS))
    x = alt.X("per_month:Q", scale=alt.Scale(type="log", domain=domain),
              title="SEK per project-month (logarithmic axis)", axis=alt.Axis(format="~s"))
    points = alt.Chart(frame).mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=x, **_basis_encodings(), tooltip=tooltip)
    labels = alt.Chart(frame).mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=x, text=alt.Text("per_month:Q", format=SEK_FORMAT), tooltip=tooltip)
    left_out = len(funding) - len(known)
    return alt.layer(points, labels).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("SEK per project-month (funder in brackets)",
                     _cut_note(len(shown), len(known), "projects"),
                     _count_note(left_out, *LACK_AMOUNT_OR_DURATION),
                     "Per month of a total budget is not per month of a grant."))


# --- durations -----------------------------------------------------------------------------

def _month_start(month: pd.Series) -> pd.Series:
    return pd.to_datetime(month + "-01", format="%Y-%m-%d")


def timeline_chart(projects: pd.DataFrame) -> alt.Chart:
    """Gantt of all projects and initiatives; for a large table, active projects per month."""
    dated = projects[projects["start_month"].notna() & projects["end_month"].notna()]
    undated = projects[~projects.index.isin(dated.index)]
    if len(projects) > MAX_GANTT_ROWS:
        return _active_per_month_chart(dated, len(undated))
    dated = dated.sort_values(["start_month", "end_month"])
    frame = pd.DataFrame({
        "item": _axis_labels(dated["title_en"], dated["project_id"]),
        "title": dated["title_en"].astype(str),
        "kind": dated["kind"].astype(str),
        "start": _month_start(dated["start_month"]).dt.strftime("%Y-%m-%d"),
        # Bars end where the end month ends: the first day of the following month.
        "end": (_month_start(dated["end_month"]) + pd.offsets.MonthBegin(1))
        .dt.strftime("%Y-%m-%d"),
        "start_month": dated["start_month"], "end_month": dated["end_month"],
        "months": dated["duration_months"].astype(int),
    })
    undated_items = _axis_labels(undated["title_en"], undated["project_id"])
    order = frame["item"].tolist() + undated_items
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS))
    tooltip = [alt.Tooltip("title:N", title="Project or initiative"),
               alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("start_month:N", title="Start"),
               alt.Tooltip("end_month:N", title="End"), alt.Tooltip("months:Q", title="Months")]
    bars = alt.Chart(frame).mark_bar(cornerRadius=2, height=14).encode(
        # UTC: month boundaries stay on the first of the month in every viewer's time zone.
        y=y, x=alt.X("start:T", title="Month", scale=alt.Scale(type="utc"),
                     axis=alt.Axis(format="%Y", tickCount="year")),
        x2="end:T", color=alt.Color("kind:N", title="Kind",
                                    scale=_fixed_colours(KIND_COLOURS, projects["kind"])),
        tooltip=tooltip)
    layers = [bars]
    if len(undated):
        first = frame["start"].min() if len(frame) else "2000-01-01"
        notes = pd.DataFrame({"item": undated_items,
                              "title": undated["title_en"].astype(str),
                              "kind": undated["kind"].astype(str), "at": first})
        layers.append(alt.Chart(notes).mark_text(
            align="left", fontStyle="italic", color="#555555", fontSize=11).encode(
            y=y, x="at:T", text=alt.value("dates not stated"),
            tooltip=[alt.Tooltip("title:N", title="Project or initiative"),
                     alt.Tooltip("kind:N", title="Kind")]))
    return alt.layer(*layers).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("Projects and initiatives over time",
                     "Month precision: a bar covers its first and last month in full."))


def _active_per_month_chart(dated: pd.DataFrame, n_undated: int) -> alt.Chart:
    start = month_index(dated["start_month"]).to_numpy(dtype="int64")
    end = month_index(dated["end_month"]).to_numpy(dtype="int64")
    months = np.arange(start.min(), end.max() + 1)
    rows = []
    for kind in sorted(dated["kind"].unique()):
        mask = (dated["kind"] == kind).to_numpy()
        # Active in month m: started at or before m and ended at or after m.
        active = (np.searchsorted(np.sort(start[mask]), months, side="right")
                  - np.searchsorted(np.sort(end[mask]), months, side="left"))
        rows += [{"month": f"{m // 12}-{m % 12 + 1:02d}-01",
                  "month_label": f"{m // 12}-{m % 12 + 1:02d}", "kind": kind, "active": int(a)}
                 for m, a in zip(months, active)]
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_area(opacity=0.85).encode(
        x=alt.X("month:T", title="Month", scale=alt.Scale(type="utc")),
        y=alt.Y("active:Q", title="Projects running", stack=True),
        color=alt.Color("kind:N", title="Kind",
                        scale=_fixed_colours(KIND_COLOURS, dated["kind"])),
        tooltip=[alt.Tooltip("month_label:N", title="Month"),
                 alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("active:Q", title="Running")]).properties(
        width=WIDTH, height=260,
        title=_title("Projects running per month",
                     _count_note(len(dated), "projects are too many for one bar each."),
                     _count_note(n_undated, "without dates are not shown.")))


def duration_amount_chart(funding: pd.DataFrame) -> alt.Chart:
    both = funding[funding["amount_sek"].notna() & funding["duration_months"].notna()]
    left_out = len(funding) - len(both)
    note = _count_note(left_out, *LACK_AMOUNT_OR_DURATION)
    domain = _log_domain(both["amount_sek"])
    if len(both) > MAX_SCATTER_POINTS:
        return _binned_duration_amount(both, domain, note)
    frame = pd.DataFrame({
        "title": both["title_en"].astype(str), "months": both["duration_months"].astype(int),
        "amount": both["amount_sek"].astype(float), "basis": both["amount_basis"].astype(str),
        "label": [_wrap(title, 26) for title in both["title_en"]]})
    # Axes fitted to the data (a little room either side), not to whole powers of ten.
    months = [max(0, int(frame["months"].min()) - 2), int(frame["months"].max()) + 2] \
        if len(frame) else [0, 12]
    amounts = [float(frame["amount"].min()) / 1.6, float(frame["amount"].max()) * 1.6] \
        if len(frame) else domain
    x = alt.X("months:Q", title="Duration (months)",
              scale=alt.Scale(domain=months, nice=False, zero=False))
    y = alt.Y("amount:Q", title="Amount (SEK, logarithmic axis)",
              scale=alt.Scale(type="log", domain=amounts, nice=False), axis=alt.Axis(format="~s"))
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("months:Q", title="Months"),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("basis:N", title="Amount is")]
    points = alt.Chart(frame).mark_point(filled=True, size=110, opacity=1).encode(
        x=x, y=y, **_basis_encodings(), tooltip=tooltip)
    layers = [points]
    if len(frame) <= MAX_NAMED_POINTS:  # every dot named in the static image too
        layers.append(alt.Chart(frame).mark_text(
            align="left", baseline="bottom", dx=8, dy=-4, fontSize=10, lineBreak="\n").encode(
            x=x, y=y, text="label:N", tooltip=tooltip))
    else:
        note = " ".join(filter(None, [note, "Names in the tooltips only: too many to label."]))
    return alt.layer(*layers).properties(
        width=WIDTH, height=320, title=_title("Duration and amount", note))


MONTH_BIN = 3  # months per bin in the binned scatter
AMOUNT_BINS_PER_DECADE = 4  # amount bins per power of ten


def _binned_duration_amount(both: pd.DataFrame, domain: list[float], note: str) -> alt.Chart:
    """Counts per (duration, amount) bin instead of one point per project."""
    log_amount = np.log10(both["amount_sek"].astype(float))
    frame = pd.DataFrame({
        "months": (both["duration_months"].astype(int) - 1) // MONTH_BIN * MONTH_BIN + 1,
        "log_amount": np.floor(log_amount * AMOUNT_BINS_PER_DECADE) / AMOUNT_BINS_PER_DECADE,
        "basis": both["amount_basis"].astype(str)})
    counts = frame.groupby(["months", "log_amount", "basis"]).size().rename("projects")
    counts = counts.reset_index()
    counts["amount_from"] = (10 ** counts["log_amount"]).round()
    counts["amount_to"] = (10 ** (counts["log_amount"] + 1 / AMOUNT_BINS_PER_DECADE)).round()
    counts["months_to"] = counts["months"] + MONTH_BIN
    counts["months_label"] = [f"{m}–{m + MONTH_BIN - 1}" for m in counts["months"]]
    return alt.Chart(counts).mark_rect().encode(
        x=alt.X("months:Q", title="Duration (months)"), x2="months_to:Q",
        y=alt.Y("amount_from:Q", title="Amount (SEK, logarithmic axis)",
                scale=alt.Scale(type="log", domain=domain), axis=alt.Axis(format="~s")),
        y2="amount_to:Q",
        color=alt.Color("projects:Q", title="Projects", scale=alt.Scale(scheme="blues")),
        facet=alt.Facet("basis:N", title="Amount is"),
        tooltip=[alt.Tooltip("basis:N", title="Amount is"),
                 alt.Tooltip("months_label:N", title="Months"),
                 alt.Tooltip("amount_from:Q", title="Amount from (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("amount_to:Q", title="Amount below (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("projects:Q", title="Projects")]).properties(
        width=WIDTH // 2, height=260,
        title=_title("Duration and amount: projects per cell", note,
                     f"Too many projects for one point each: {MONTH_BIN}-month bins, "
                     f"{AMOUNT_BINS_PER_DECADE} amount bins per power of ten."))


# --- partner networks ----------------------------------------------------------------------

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


def _bars_by_role(frame: pd.DataFrame, category: str, order: list[str], value: str,
                  value_title: str, tooltip_category: tuple[str, str], step: int,
                  title: alt.TitleParams) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None,
                axis=alt.Axis(labelExpr=WRAPPED_LABELS)),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("role:N", title="Role", scale=_fixed_colours(ROLE_COLOURS, frame["role"])),
        tooltip=[alt.Tooltip(f"{tooltip_category[0]}:N", title=tooltip_category[1]),
                 alt.Tooltip("role:N", title="Role"),
                 alt.Tooltip(f"{value}:Q", title=value_title)]).properties(
        width=WIDTH, height=alt.Step(step), title=title)


def org_types_chart(data: Dataset) -> alt.Chart:
    joined = data.participations.merge(data.organisations[["org_id", "type"]], on="org_id")
    counts = joined.groupby(["type", "role"]).size().rename("participations").reset_index()
    order = counts.groupby("type")["participations"].sum().sort_values(ascending=False)
    return _bars_by_role(counts, "type", order.index.tolist(), "participations",
                         "Participations", ("type", "Organisation type"), 26,
                         _title("Participations by organisation type and role",
                                "An organisation counts once for each project it is in."))


def roles_chart(data: Dataset) -> alt.Chart:
    per_project = metrics.participants_per_project(data)
    totals = per_project.groupby("project_id")["organisations"].sum().sort_values(
        ascending=False, kind="stable")
    kept = totals.head(TOP_N).index
    labels = dict(zip(kept, _axis_labels(
        data.projects.set_index("project_id").loc[kept, "title_en"], pd.Series(kept))))
    frame = per_project[per_project["project_id"].isin(kept)].copy()
    frame["project"] = frame["project_id"].map(labels)
    order = [labels[project] for project in kept]
    return _bars_by_role(frame, "project", order, "organisations", "Organisations",
                         ("title_en", "Project or initiative"), ROW_STEP,
                         _title("Organisations per project, by role",
                                _cut_note(len(kept), len(totals), "projects")))


# --- regional coverage ---------------------------------------------------------------------

# SWEREF 99 TM, Sweden's national grid: transverse Mercator around 15° E. Plain Mercator
# stretches the north, at 69° N more than twice as much as in Skåne.
SWEDEN_PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0, 0]}


def county_map_chart(coverage: pd.DataFrame) -> alt.LayerChart:
    """Choropleth of the 21 counties; the boundaries are inlined, nothing is fetched."""
    by_code = coverage.set_index("county_code")
    features = []
    for feature in geography.county_features():
        code = feature["properties"]["county_code"]
        properties = dict(feature["properties"],
                          projects=int(by_code.at[code, "projects"]),
                          organisations=int(by_code.at[code, "organisations"]),
                          municipalities=int(by_code.at[code, "municipalities"]),
                          other_roles_projects=int(by_code.at[code, "other_roles_projects"]))
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": properties})
    highest = int(coverage["projects"].max())
    tooltip = [alt.Tooltip("properties.county_name:N", title="County"),
               alt.Tooltip("properties.projects:Q", title="Projects and initiatives reached"),
               alt.Tooltip("properties.organisations:Q",
                           title="Organisations (coordinator or partner)"),
               alt.Tooltip("properties.municipalities:Q", title="Municipalities"),
               alt.Tooltip("properties.other_roles_projects:Q",
                           title="Only supporting, speaking or follow-up roles")]
    base = alt.Chart(alt.Data(values=features)).project(**SWEDEN_PROJECTION)
    outline = {"stroke": "white", "strokeWidth": 0.7}
    # The blues start at a mid tone at 1 project, so that "one" never looks like the grey of
    # "none"; a county without projects gets its own legend entry rather than a blue of 0.
    reached = base.transform_filter("datum.properties.projects > 0").mark_geoshape(
        **outline).encode(
        color=alt.Color("properties.projects:Q", title="Projects and initiatives",
                        scale=alt.Scale(scheme=alt.SchemeParams("blues", extent=[0.3, 1]),
                                        domain=[1, max(highest, 2)], nice=False),
                        legend=alt.Legend(tickMinStep=1, format=",d", gradientLength=180,
                                          orient="bottom")),
        tooltip=tooltip)
    not_reached = base.transform_filter("datum.properties.projects == 0").transform_calculate(
        reach="'none (0 projects)'").mark_geoshape(**outline).encode(
        color=alt.Color("reach:N", title=" ",
                        scale=alt.Scale(domain=["none (0 projects)"], range=[NO_DATA_GREY]),
                        legend=alt.Legend(orient="bottom", symbolType="square")),
        tooltip=tooltip)
    covered = int((coverage["projects"] > 0).sum())
    return alt.layer(not_reached, reached).resolve_scale(color="independent").properties(
        width=300, height=600,
        title=_title("Projects and initiatives reaching each county",
                     f"{covered} of {len(coverage)} counties: where a coordinator,",
                     "partner or co-financer is based (national bodies aside)."))


# --- registry and files --------------------------------------------------------------------

FIGURES: dict[str, Callable[[Dataset], alt.TopLevelMixin]] = {
    "grants": lambda data: grants_chart(metrics.funding(data.projects)),
    "sek-per-month": lambda data: sek_per_month_chart(metrics.funding(data.projects)),
    "timeline": lambda data: timeline_chart(data.projects),
    "duration-amount": lambda data: duration_amount_chart(metrics.funding(data.projects)),
    "network": network_chart,
    "org-types": org_types_chart,
    "roles": roles_chart,
    "county-map": lambda data: county_map_chart(metrics.county_coverage(data)),
}


def figure(name: str, data: Dataset) -> alt.TopLevelMixin:
    return FIGURES[name](data)


def save_figure(chart: alt.TopLevelMixin, name: str, directory: Path) -> list[Path]:
    setup()
    directory.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict()
    svg_path, png_path = directory / f"{name}.svg", directory / f"{name}.png"
    svg_path.write_text(render.chart_svg(spec), encoding="utf-8")
    png_path.write_bytes(render.chart_png(spec))
    return [svg_path, png_path]


def write_figures(data: Dataset, directory: Path) -> list[Path]:
    paths: list[Path] = []
    for name in FIGURES:
        paths += save_figure(figure(name, data), name, directory)
    return paths
