"""The report's charts: one function per figure, a project theme and figure files.

Every chart aggregates before it charts, so the data embedded in a page stays small when the
table grows to a whole funder's portfolio: at most TOP_N rows per bar chart, binned points and
active-project counts instead of raw rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from . import geography, metrics, render
from .dataset import Dataset, month_index
from .fields import PARTICIPATION_ROLES

FONT = "DejaVu Sans"  # in Debian's fonts-dejavu-core; carries å ä ö; vl-convert finds it
# Okabe & Ito's colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
BASIS_COLOURS = alt.Scale(domain=[metrics.FUNDER_GRANT, metrics.TOTAL_BUDGET],
                          range=["#0072B2", "#E69F00"])
KIND_COLOURS = alt.Scale(domain=["project", "initiative"], range=["#0072B2", "#CC79A7"])
NO_DATA_GREY = "#d9d9d9"
# Fixed colour per organisation type, so a type keeps its colour whatever the data holds.
ORGANISATION_TYPE_COLOURS = {
    "municipality": "#0072B2", "region": "#E69F00", "county administrative board": "#009E73",
    "state agency": "#D55E00", "association of local authorities": "#CC79A7",
    "university": "#56B4E9", "NGO": "#F0E442", "company": "#999999",
    "other public body": "#8C6D31"}


def _type_scale(types) -> alt.Scale:
    """Only the types present, each in its fixed colour."""
    present = [t for t in ORGANISATION_TYPE_COLOURS if t in set(types)]
    return alt.Scale(domain=present, range=[ORGANISATION_TYPE_COLOURS[t] for t in present])
TOP_N = 25
MAX_GANTT_ROWS = 40
MAX_SCATTER_POINTS = 400
MAX_NETWORK_PROJECTS = 12
NETWORK_COLUMNS = 2  # parts side by side; more and the project names collide
# Plot width in CSS px, chosen so that a whole chart (labels and legend included) fits the
# 17 cm text width of the A4 PDF at natural size; the renderer caps the rest.
WIDTH = 380
SEK_FORMAT = ",.0f"
THEME_NAME = "analysis"


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig({
        "config": {
            "font": FONT,
            "title": {"font": FONT, "fontSize": 15, "anchor": "start", "subtitleFontSize": 12,
                      "subtitleColor": "#444444"},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11,
                     "titleFontSize": 12, "labelLimit": 260},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11,
                       "titleFontSize": 12, "labelLimit": 320, "orient": "bottom",
                       "columns": 3},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {"font": FONT},
            "range": {"category": PALETTE},
            "numberFormat": SEK_FORMAT,
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


def _log_domain(values: pd.Series) -> list[float]:
    """Whole powers of ten around the values, so small grants stay readable on a log axis."""
    known = values.dropna().astype(float)
    if known.empty:
        return [1e4, 1e8]
    return [10 ** np.floor(np.log10(known.min())), 10 ** np.ceil(np.log10(known.max()))]


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
        "project": [_short(t) for t in rows["title_en"]],
        "title": rows["title_en"].astype(str),
        "funder": rows["funder"].fillna("none named").astype(str),
        # Plain floats: Altair writes NaN as null (an unknown), never as 0.
        "amount": rows["amount_sek"].astype(float),
        "basis": rows["amount_basis"].fillna("amount unknown").astype(str),
        "months": rows["duration_months"].astype(float),
    })
    domain = _log_domain(known["amount_sek"])
    frame["baseline"] = domain[0]
    order = frame["project"].tolist()
    y = alt.Y("project:N", sort=order, title=None)
    x_scale = alt.Scale(type="log", domain=domain)
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("basis:N", title="Amount is"),
               alt.Tooltip("months:Q", title="Months")]
    base = alt.Chart(frame)
    with_amount = base.transform_filter("isValid(datum.amount)")
    rules = with_amount.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale, title="Amount (SEK, logarithmic axis)",
                     axis=alt.Axis(format="~s")),
        x2="amount:Q",
        color=alt.Color("basis:N", scale=BASIS_COLOURS, title="Amount is"), tooltip=tooltip)
    points = with_amount.mark_point(filled=True, size=90).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale),
        color=alt.Color("basis:N", scale=BASIS_COLOURS, title="Amount is"),
        shape=alt.Shape("basis:N", title="Amount is",
                        scale=alt.Scale(domain=[metrics.FUNDER_GRANT, metrics.TOTAL_BUDGET],
                                        range=["circle", "square"])),
        tooltip=tooltip)
    labels = with_amount.mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale), text=alt.Text("amount:Q", format=SEK_FORMAT),
        tooltip=tooltip)
    unknown_marks = base.transform_filter("!isValid(datum.amount)").mark_text(
        align="left", fontStyle="italic", color="#555555", fontSize=11).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale), text=alt.value("amount unknown"),
        tooltip=tooltip)
    notes = [_cut_note(len(shown), len(known), "projects with a stated amount")]
    if not show_unknown and len(unknown):
        notes.append(f"{len(unknown):,} projects state no amount and are not shown."
                     .replace(",", "\u202f"))
    notes.append("A total project budget is not a grant: compare colours with care.")
    return alt.layer(rules, points, labels, unknown_marks).properties(
        width=WIDTH, height=alt.Step(28),
        title=_title("Amount per project", *notes))


def sek_per_month_chart(funding: pd.DataFrame) -> alt.Chart:
    known = funding[funding["sek_per_month"].notna()].sort_values("sek_per_month",
                                                                  ascending=False)
    shown = known.head(TOP_N)
    frame = pd.DataFrame({
        "project": [f"{_short(t, 26)} ({f})" for t, f in
                    zip(shown["title_en"], shown["funder"].fillna("no funder named"))],
        "title": shown["title_en"].astype(str),
        "funder": shown["funder"].fillna("none named").astype(str),
        "per_month": shown["sek_per_month"].astype(float),
        "amount": shown["amount_sek"].astype(float),
        "months": shown["duration_months"].astype(float),
        "basis": shown["amount_basis"].astype(str),
    })
    domain = _log_domain(frame["per_month"])
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("per_month:Q", title="SEK per month", format=SEK_FORMAT),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("months:Q", title="Months"),
               alt.Tooltip("basis:N", title="Amount is")]
    y = alt.Y("project:N", sort=frame["project"].tolist(), title=None,
              axis=alt.Axis(labelLimit=330))  # room for the funder's name
    x = alt.X("per_month:Q", scale=alt.Scale(type="log", domain=domain),
              title="SEK per project-month (logarithmic axis)", axis=alt.Axis(format="~s"))
    bars = alt.Chart(frame).mark_point(filled=True, size=90).encode(
        y=y, x=x, color=alt.Color("basis:N", scale=BASIS_COLOURS, title="Amount is"),
        shape=alt.Shape("basis:N", title="Amount is",
                        scale=alt.Scale(domain=[metrics.FUNDER_GRANT, metrics.TOTAL_BUDGET],
                                        range=["circle", "square"])),
        tooltip=tooltip)
    labels = alt.Chart(frame).mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=x, text=alt.Text("per_month:Q", format=SEK_FORMAT), tooltip=tooltip)
    left_out = len(funding) - len(known)
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=alt.Step(28),
        title=_title("SEK per project-month, by funder",
                     _cut_note(len(shown), len(known), "projects"),
                     f"{left_out:,} without a known amount or duration are left out."
                     .replace(",", "\u202f") if left_out else ""))


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
        "item": [_short(t) for t in dated["title_en"]],
        "title": dated["title_en"].astype(str),
        "kind": dated["kind"].astype(str),
        "start": _month_start(dated["start_month"]).dt.strftime("%Y-%m-%d"),
        # Bars end where the end month ends: the first day of the following month.
        "end": (_month_start(dated["end_month"]) + pd.offsets.MonthBegin(1))
        .dt.strftime("%Y-%m-%d"),
        "start_month": dated["start_month"], "end_month": dated["end_month"],
        "months": dated["duration_months"].astype(int),
    })
    order = frame["item"].tolist() + [_short(t) for t in undated["title_en"]]
    y = alt.Y("item:N", sort=order, title=None)
    tooltip = [alt.Tooltip("title:N", title="Project or initiative"),
               alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("start_month:N", title="Start"),
               alt.Tooltip("end_month:N", title="End"), alt.Tooltip("months:Q", title="Months")]
    bars = alt.Chart(frame).mark_bar(cornerRadius=2, height=14).encode(
        y=y, x=alt.X("start:T", title="Month", axis=alt.Axis(format="%Y", tickCount="year")),
        x2="end:T", color=alt.Color("kind:N", scale=KIND_COLOURS, title="Kind"),
        tooltip=tooltip)
    layers = [bars]
    if len(undated):
        first = frame["start"].min() if len(frame) else "2000-01-01"
        notes = pd.DataFrame({"item": [_short(t) for t in undated["title_en"]],
                              "title": undated["title_en"].astype(str),
                              "kind": undated["kind"].astype(str), "at": first})
        layers.append(alt.Chart(notes).mark_text(
            align="left", fontStyle="italic", color="#555555", fontSize=11).encode(
            y=y, x="at:T", text=alt.value("dates not stated"),
            tooltip=[alt.Tooltip("title:N", title="Project or initiative"),
                     alt.Tooltip("kind:N", title="Kind")]))
    return alt.layer(*layers).properties(
        width=WIDTH, height=alt.Step(26),
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
        rows += [{"month": f"{m // 12}-{m % 12 + 1:02d}-01", "kind": kind, "active": int(a)}
                 for m, a in zip(months, active)]
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_area(opacity=0.85).encode(
        x=alt.X("month:T", title="Month"),
        y=alt.Y("active:Q", title="Projects running", stack=True),
        color=alt.Color("kind:N", scale=KIND_COLOURS, title="Kind"),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m", title="Month"),
                 alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("active:Q", title="Running")]).properties(
        width=WIDTH, height=260,
        title=_title("Projects running per month",
                     f"{len(dated):,} projects are too many for one bar each; "
                     f"{n_undated:,} without dates are not shown.".replace(",", "\u202f")))


def duration_amount_chart(funding: pd.DataFrame) -> alt.Chart:
    both = funding[funding["amount_sek"].notna() & funding["duration_months"].notna()]
    left_out = len(funding) - len(both)
    note = (f"{left_out:,} without a known amount or duration are left out."
            .replace(",", "\u202f") if left_out else "")
    domain = _log_domain(both["amount_sek"])
    if len(both) > MAX_SCATTER_POINTS:
        return _binned_duration_amount(both, domain, note)
    frame = pd.DataFrame({
        "title": both["title_en"].astype(str), "months": both["duration_months"].astype(int),
        "amount": both["amount_sek"].astype(float), "basis": both["amount_basis"].astype(str)})
    return alt.Chart(frame).mark_point(filled=True, size=110).encode(
        x=alt.X("months:Q", title="Duration (months)", scale=alt.Scale(zero=False, nice=True)),
        y=alt.Y("amount:Q", title="Amount (SEK, logarithmic axis)",
                scale=alt.Scale(type="log", domain=domain), axis=alt.Axis(format="~s")),
        color=alt.Color("basis:N", scale=BASIS_COLOURS, title="Amount is"),
        shape=alt.Shape("basis:N", title="Amount is",
                        scale=alt.Scale(domain=[metrics.FUNDER_GRANT, metrics.TOTAL_BUDGET],
                                        range=["circle", "square"])),
        tooltip=[alt.Tooltip("title:N", title="Project"), alt.Tooltip("months:Q", title="Months"),
                 alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("basis:N", title="Amount is")]).properties(
        width=WIDTH, height=320, title=_title("Duration and amount", note))


def _binned_duration_amount(both: pd.DataFrame, domain: list[float], note: str) -> alt.Chart:
    log_amount = np.log10(both["amount_sek"].astype(float))
    frame = pd.DataFrame({
        "months": (both["duration_months"].astype(int) - 1) // 3 * 3 + 1,
        "log_amount": np.floor(log_amount * 4) / 4,
        "basis": both["amount_basis"].astype(str)})
    counts = frame.groupby(["months", "log_amount", "basis"]).size().rename("projects")
    counts = counts.reset_index()
    counts["amount_from"] = 10 ** counts["log_amount"]
    counts["amount_to"] = 10 ** (counts["log_amount"] + 0.25)
    counts["months_to"] = counts["months"] + 3
    return alt.Chart(counts).mark_rect().encode(
        x=alt.X("months:Q", title="Duration (months, 3-month bins)"), x2="months_to:Q",
        y=alt.Y("amount_from:Q", title="Amount (SEK, logarithmic axis)",
                scale=alt.Scale(type="log", domain=domain), axis=alt.Axis(format="~s")),
        y2="amount_to:Q",
        color=alt.Color("projects:Q", title="Projects", scale=alt.Scale(scheme="blues")),
        facet=alt.Facet("basis:N", title="Amount is"),
        tooltip=[alt.Tooltip("months:Q", title="From month"),
                 alt.Tooltip("amount_from:Q", title="Amount from (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("projects:Q", title="Projects")]).properties(
        width=WIDTH // 2, height=260, title=_title("Duration and amount (binned)", note))


# --- partner networks ----------------------------------------------------------------------

def network_layout(participations: pd.DataFrame, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Layout of the project–organisation graph, repeatable (fixed seed, sorted input).

    Each connected part gets its own spring layout, and the parts are packed in a grid
    largest first: one spring layout of the whole graph pushes separate parts to the edges
    and squeezes each into a dot.
    """
    graph = nx.Graph()
    for row in participations.sort_values(["project_id", "org_id"]).itertuples():
        graph.add_edge(f"p:{row.project_id}", f"o:{row.org_id}")
    parts = sorted((sorted(part) for part in nx.connected_components(graph)),
                   key=lambda nodes: (-len(nodes), nodes[0]))
    columns = min(NETWORK_COLUMNS, len(parts)) or 1
    positions: dict[str, tuple[float, float]] = {}
    for index, nodes in enumerate(parts):
        # A fresh graph in sorted order: subgraph views iterate a set, whose order changes
        # from one Python process to the next, and spring_layout follows node order.
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.edges(nodes)))
        local = nx.spring_layout(sub, seed=seed, iterations=200) if len(nodes) > 1 \
            else {nodes[0]: np.zeros(2)}
        # Bigger parts get more room; every part is centred in its grid cell.
        radius = 0.25 + 0.12 * np.sqrt(len(nodes))
        centre = np.array([index % columns * 3.0, -(index // columns) * 2.4])
        for node, xy in local.items():
            x, y = centre + np.asarray(xy) * radius
            positions[node] = (round(float(x), 4), round(float(y), 4))
    return positions


def network_chart(data: Dataset) -> alt.LayerChart:
    sizes = data.participations.groupby("project_id").size().sort_values(ascending=False)
    kept = sizes.head(MAX_NETWORK_PROJECTS).index
    links = data.participations[data.participations["project_id"].isin(kept)]
    positions = network_layout(links)
    rows = -(-len(kept) // NETWORK_COLUMNS) if len(kept) else 1
    orgs = data.organisations.set_index("org_id")
    titles = data.projects.set_index("project_id")["title_en"]
    shared = links.groupby("org_id")["project_id"].nunique()

    edges = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in links["project_id"]],
        "y": [positions[f"p:{p}"][1] for p in links["project_id"]],
        "x2": [positions[f"o:{o}"][0] for o in links["org_id"]],
        "y2": [positions[f"o:{o}"][1] for o in links["org_id"]],
        "role": links["role"].astype(str).to_numpy()})
    project_nodes = pd.DataFrame({
        "x": [positions[f"p:{p}"][0] for p in kept], "y": [positions[f"p:{p}"][1] for p in kept],
        "label": [_short(titles[p], 30) for p in kept], "title": [titles[p] for p in kept],
        "organisations": sizes[kept].astype(int).to_numpy()})
    org_ids = sorted(links["org_id"].unique())
    org_nodes = pd.DataFrame({
        "x": [positions[f"o:{o}"][0] for o in org_ids],
        "y": [positions[f"o:{o}"][1] for o in org_ids],
        "name": [orgs.at[o, "name"] for o in org_ids],
        "type": [orgs.at[o, "type"] for o in org_ids],
        "projects": [int(shared[o]) for o in org_ids]})
    org_nodes["label"] = np.where(org_nodes["projects"] > 1, org_nodes["name"], "")

    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(zero=False, padding=30))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(zero=False, padding=20))
    edge_layer = alt.Chart(edges).mark_rule(color="#9a9a9a", opacity=0.6).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        strokeDash=alt.StrokeDash("role:N", title="Role", legend=alt.Legend(symbolType="stroke")),
        tooltip=[alt.Tooltip("role:N", title="Role")])
    org_layer = alt.Chart(org_nodes).mark_circle(size=120, opacity=1, stroke="#555555",
                                                 strokeWidth=0.6).encode(
        x=x, y=y, color=alt.Color("type:N", title="Organisation type",
                                  scale=_type_scale(org_nodes["type"])),
        tooltip=[alt.Tooltip("name:N", title="Organisation"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("projects:Q", title="Projects")])
    project_layer = alt.Chart(project_nodes).mark_square(size=300, color="#222222").encode(
        x=x, y=y, tooltip=[alt.Tooltip("title:N", title="Project or initiative"),
                           alt.Tooltip("organisations:Q", title="Organisations")])
    project_labels = alt.Chart(project_nodes).mark_text(
        dy=-16, fontSize=11, fontWeight="bold").encode(x=x, y=y, text="label:N")
    shared_labels = alt.Chart(org_nodes).mark_text(dy=14, fontSize=11, color="#333333").encode(
        x=x, y=y, text="label:N")
    note = _cut_note(len(kept), len(sizes), "projects (by number of organisations)")
    return alt.layer(edge_layer, org_layer, project_layer, project_labels,
                     shared_labels).properties(
        width=WIDTH + 80, height=max(260, 190 * rows),
        title=_title("Projects (black squares) and their organisations",
                     "Organisations in more than one project are named.", note))


def _role_colours(roles) -> alt.Scale:
    """Each role keeps one colour in every chart (order of the field metadata)."""
    present = [r for r in PARTICIPATION_ROLES if r in set(roles)]
    return alt.Scale(domain=present, range=[PALETTE[i % len(PALETTE)]
                                            for i, _ in enumerate(present)])


def _bars_by_role(frame: pd.DataFrame, category: str, order: list[str], value: str,
                  value_title: str, tooltip_category: tuple[str, str], step: int,
                  title: alt.TitleParams) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("role:N", title="Role", scale=_role_colours(frame["role"])),
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
                         _title("Participating organisations by type and role"))


def roles_chart(data: Dataset) -> alt.Chart:
    per_project = metrics.participants_per_project(data)
    totals = per_project.groupby("project_id")["organisations"].sum().sort_values(
        ascending=False)
    kept = totals.head(TOP_N).index
    frame = per_project[per_project["project_id"].isin(kept)].copy()
    frame["project"] = [_short(t) for t in frame["title_en"]]
    order = [_short(t) for t in data.projects.set_index("project_id").loc[kept, "title_en"]]
    return _bars_by_role(frame, "project", order, "organisations", "Organisations",
                         ("title_en", "Project or initiative"), 28,
                         _title("Organisations per project, by role",
                                _cut_note(len(kept), len(totals), "projects")))


# --- regional coverage ---------------------------------------------------------------------

def county_map_chart(coverage: pd.DataFrame) -> alt.Chart:
    """Choropleth of the 21 counties; the boundaries are inlined, nothing is fetched."""
    by_code = coverage.set_index("county_code")
    features = []
    for feature in geography.county_features():
        code = feature["properties"]["county_code"]
        properties = dict(feature["properties"],
                          projects=int(by_code.at[code, "projects"]),
                          organisations=int(by_code.at[code, "organisations"]),
                          municipalities=int(by_code.at[code, "municipalities"]))
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": properties})
    highest = max(1, int(coverage["projects"].max()))
    tooltip = [alt.Tooltip("properties.county_name:N", title="County"),
               alt.Tooltip("properties.projects:Q", title="Projects"),
               alt.Tooltip("properties.organisations:Q", title="Organisations"),
               alt.Tooltip("properties.municipalities:Q", title="Municipalities")]
    base = alt.Chart(alt.Data(values=features)).project(type="mercator")
    reached = base.transform_filter("datum.properties.projects > 0").mark_geoshape(
        stroke="white", strokeWidth=0.7).encode(
        color=alt.Color("properties.projects:Q", title="Projects",
                        scale=alt.Scale(scheme="blues", domain=[0, highest], nice=False),
                        legend=alt.Legend(tickMinStep=1, format="d")),
        tooltip=tooltip)
    not_reached = base.transform_filter("datum.properties.projects == 0").mark_geoshape(
        fill=NO_DATA_GREY, stroke="white", strokeWidth=0.7).encode(tooltip=tooltip)
    covered = int((coverage["projects"] > 0).sum())
    return alt.layer(not_reached, reached).properties(
        width=300, height=560,
        title=_title("Projects reaching each county",
                     f"{covered} of {len(coverage)} counties; grey: none.",
                     "Counted by where organisations are based."))


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
