"""Chart functions on small made-up frames and on the real data: marks, encodings, what data
reaches the chart, and the offline renderer."""

import base64
import dataclasses
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import shape

from analysis import charts, geography, load_dataset, metrics, render, tables
from analysis.paths import PROJECT_ROOT
from analysis.fields import FUNDER_GRANT, PARTICIPATION_ROLES, TOTAL_BUDGET
from analysis.text import format_amount, format_month
from test_text_catalogues import ENGLISH_WORDS, SWEDISH_WORDS, words_of

QUARTO_LINE = "<!--| quarto-html-table-processing: none -->"


@pytest.fixture(scope="module")
def data():
    charts.setup()
    return load_dataset()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A synthetic portfolio of 10 000 projects."""
    from analysis.synthetic import write_synthetic_dataset
    folder = write_synthetic_dataset(tmp_path_factory.mktemp("big") / "data", 10_000, seed=1)
    return load_dataset(folder)


def funding_frame(amounts, bases, months=None, titles=None) -> pd.DataFrame:
    """A made-up metrics.funding() frame: one row per amount."""
    n = len(amounts)
    months = months or [12] * n
    return pd.DataFrame({
        "project_id": [f"p{i}" for i in range(n)], "kind": ["project"] * n,
        "title": [f"Projekt {i} åäö" for i in range(n)],
        "title_en": titles or [f"Project {i}" for i in range(n)],
        "funder": ["Vinnova"] * n, "programme": [None] * n, "call": [None] * n,
        "coordinator": ["X"] * n,
        "amount_sek": pd.array(amounts, dtype="Int64"), "amount_basis": bases,
        "start_month": ["2020-01"] * n, "end_month": ["2020-12"] * n,
        "duration_months": pd.array(months, dtype="Int64"),
        "sek_per_month": pd.array([a / m if a is not None and m is not None else None
                                   for a, m in zip(amounts, months)], dtype="Float64"),
        "amount_known": [a is not None for a in amounts]})


def portfolio(real, n_projects: int, orgs_per_project: int = 12, seed: int = 0):
    """A made-up Dataset of many projects that share organisations, in the real columns."""
    rng = np.random.default_rng(seed)
    ids = [f"p{i:05d}" for i in range(n_projects)]
    start = rng.integers(2010 * 12, 2024 * 12, n_projects)
    length = rng.integers(3, 48, n_projects)
    amounts = rng.lognormal(14, 1.2, n_projects).astype(int)
    projects = pd.DataFrame({column: [None] * n_projects for column in real.projects.columns})
    projects = projects.assign(
        project_id=ids, kind="project", title=[f"Projekt {i} i Östersund" for i in ids],
        title_en=[f"Project {i}" for i in ids], funder=rng.choice(["Vinnova", "Formas"],
                                                                  n_projects),
        amount_sek=pd.array(np.where(np.arange(n_projects) % 10 == 0, None, amounts),
                            dtype="Int64"),
        amount_basis=np.where(np.arange(n_projects) % 10 == 0, None,
                              np.where(np.arange(n_projects) % 7 == 0, TOTAL_BUDGET,
                                       FUNDER_GRANT)),
        start_month=[f"{m // 12}-{m % 12 + 1:02d}" for m in start],
        end_month=[f"{m // 12}-{m % 12 + 1:02d}" for m in start + length - 1],
        duration_months=pd.array(length, dtype="Int64"))
    organisations = real.organisations.copy()
    org_ids = organisations["org_id"].tolist()
    rows = []
    for index, project in enumerate(ids):
        members = rng.choice(org_ids, size=min(orgs_per_project, len(org_ids)), replace=False)
        rows += [{"project_id": project, "org_id": org,
                  "role": "coordinator" if k == 0 else "partner", "unit": None}
                 for k, org in enumerate(members)]
    participations = pd.DataFrame(rows, columns=real.participations.columns)
    return dataclasses.replace(real, projects=projects, participations=participations)


def layer_values(spec: dict) -> list[dict]:
    if "datasets" in spec:
        return next(iter(spec["datasets"].values()))
    return spec["data"]["values"]  # inline data (the map)


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            for layer in spec["layer"]]


def mark_specs(spec: dict):
    """Every single-view part of a (layered, faceted) spec that draws a mark."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            yield from mark_specs(part)
    if "spec" in spec:
        yield from mark_specs(spec["spec"])


# --- grants and SEK per month --------------------------------------------------------------

def panels(spec: dict) -> list[dict]:
    """The panels of an amounts chart: grants first, then total budgets."""
    return spec["vconcat"] if "vconcat" in spec else [spec]


def panel_rows(spec: dict, panel: dict) -> list[dict]:
    return spec["datasets"][panel["data"]["name"]]


def panel_layers(panel: dict) -> list[dict]:
    return (panel["spec"] if "spec" in panel else panel)["layer"]


def test_grants_and_total_budgets_are_separate_panels_and_unknowns_are_named():
    frame = funding_frame([200_000, 1_000_000, 5_000_000, None],
                          ["funder grant", "funder grant", "total project budget", None])
    spec = charts.grants_chart(frame, "en").chart.to_dict()
    grants, budgets = panels(spec)
    assert [r["title"] for r in panel_rows(spec, grants)] == ["Project 1", "Project 0"]
    assert [r["title"] for r in panel_rows(spec, budgets)] == ["Project 2"]
    # Each on its own axis, and the budget panel says in words that it is not a grant.
    assert spec["resolve"]["scale"]["x"] == "independent"
    assert budgets["title"]["text"] == "Total project budgets"
    assert "not a grant" in " ".join(budgets["title"]["subtitle"])
    assert panel_layers(budgets)[0]["encoding"]["x"]["title"] == "Total project budget (SEK)"
    assert panel_layers(budgets)[0]["mark"]["color"] == charts.BASIS_COLOURS["total project budget"]
    # The project without an amount is named, never drawn (and never as 0).
    assert "No amount stated, so not drawn: Project 3." in spec["title"]["subtitle"]
    assert all(r["value"] > 0 for p in panels(spec) for r in panel_rows(spec, p))


def test_bars_from_zero_when_honest_and_log_dots_with_values_when_needed():
    near = charts.grants_chart(funding_frame([193_800, 410_000, 2_115_934],
                                             ["funder grant"] * 3), "en").chart.to_dict()
    bars, values = panel_layers(panels(near)[0])
    assert bars["mark"]["type"] == "bar"
    low, high = bars["encoding"]["x"]["scale"]["domain"]
    assert low == 0 and 2_115_934 < high < 2_115_934 * 1.5  # fitted, room for the value
    assert values["mark"]["type"] == "text" and values["encoding"]["text"]["field"] == "value_text"
    far = charts.grants_chart(funding_frame([50_000, 400_000, 9_000_000],
                                            ["funder grant"] * 3), "en").chart.to_dict()
    dots, values = panel_layers(panels(far)[0])
    scale = dots["encoding"]["x"]["scale"]
    assert dots["mark"]["type"] == "point" and scale["type"] == "log"
    assert 50_000 / 2 < scale["domain"][0] < 50_000 < 9_000_000 < scale["domain"][1] < 9e7
    assert "logarithmic" in dots["encoding"]["x"]["title"]
    assert [r["value_text"] for r in panel_rows(far, panels(far)[0])] == [
        "9\u00a0000\u00a0000", "400\u00a0000", "50\u00a0000"]


def test_grants_are_grouped_by_call_or_programme_on_the_real_data(data):
    spec = charts.figure("grants", data, "en").to_dict()
    grants, budgets = panels(spec)
    rows = panel_rows(spec, grants)
    by_group = {}
    for row in rows:
        by_group.setdefault(row["group"].replace("\n", " "), []).append(row["title"])
    samverket = next(g for g in by_group if "call: Funding for public organizations" in g)
    assert samverket.startswith("Vinnova · programme: Samverket (Public sector coworking)")
    assert by_group[samverket] == ["Östersunds kommun utilizes Samverket"]
    assert by_group["Vinnova · no call or programme named"] == [
        "Innovative model for developing public services", "Radically change Sörmland"]
    assert grants["facet"]["row"]["field"] == "group"
    assert grants["resolve"]["scale"]["y"] == "independent"
    assert [r["title"] for r in panel_rows(spec, budgets)] == ["Service in collaboration"]
    assert grants["title"]["text"] == "Grants from Vinnova"
    unknown = data.projects[data.projects["amount_sek"].isna()]["title_en"]
    assert all(title in spec["title"]["subtitle"][0] for title in unknown)


def test_grants_of_one_call_stand_together_largest_first(made_up):
    spec = charts.figure("grants", made_up, "en").to_dict()
    grants = panels(spec)[0]
    rows = panel_rows(spec, grants)
    funded = made_up.projects[made_up.projects["amount_basis"] == "funder grant"]
    assert sorted(r["title"] for r in rows) == sorted(funded["title_en"])
    groups = [r["group"] for r in rows]
    # Each call's rows are consecutive, in the facet's order, largest first within the call.
    order = list(dict.fromkeys(groups))
    assert grants["facet"]["row"]["sort"] == order
    assert groups == sorted(groups, key=order.index)
    for group in order:
        values = [r["value"] for r in rows if r["group"] == group]
        assert values == sorted(values, reverse=True)
    # A group's name is its funder's call (else programme), as the data has it.
    by_title = made_up.projects.set_index("title_en")
    for row in rows:
        project = by_title.loc[row["title"]]
        assert row["group"].replace("\n", " ").startswith(project["funder"])
        for part in ("programme", "call"):
            if isinstance(project[part], str):
                assert project[part] in row["group"].replace("\n", " "), (part, row)
    budgets = made_up.projects[made_up.projects["amount_basis"] == "total project budget"]
    assert [r["title"] for r in panel_rows(spec, panels(spec)[1])] == list(budgets["title_en"])


def test_grants_of_a_portfolio_are_drawn_per_call_range_and_median(big):
    spec = charts.figure("grants", big, "en").to_dict()
    grants, budgets = panels(spec)
    rows = panel_rows(spec, grants)
    assert len(rows) == charts.grants.MAX_GROUP_ROWS
    assert marks(grants) == ["rule", "point", "text"]
    assert all(r["low"] <= r["median"] <= r["high"] for r in rows)
    counts = [r["projects"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    n_grants = int((big.projects["amount_basis"] == "funder grant").sum())
    assert sum(counts) <= n_grants
    assert len({r["group"] for r in rows}) == len(rows)  # two calls never share a row
    subtitle = " ".join(grants["title"]["subtitle"])
    assert re.search(r"The 12 calls or programmes with the most projects, of \d", subtitle)
    assert "projects or initiatives state no amount" in spec["title"]["subtitle"][0]
    assert panel_rows(spec, budgets)[0]["basis"] == "total project budget"


def test_projects_with_the_same_title_keep_their_own_rows():
    frame = funding_frame([100_000, 200_000], ["funder grant"] * 2,
                          titles=["Samverket", "Samverket"])
    spec = charts.grants_chart(frame, "en").chart.to_dict()
    assert len({r["project"] for r in panel_rows(spec, panels(spec)[0])}) == 2


def test_grants_chart_speaks_swedish(data):
    spec = charts.grants_chart(metrics.funding(data.projects), "sv").chart.to_dict()
    grants, budgets = panels(spec)
    assert grants["title"]["text"] == "Bidrag från Vinnova"
    assert budgets["title"]["text"] == "Total projektbudget"
    groups = " ".join(r["group"] for r in panel_rows(spec, grants)).replace("\n", " ")
    assert "utlysning: Funding for public organizations" in groups and "program: " in groups
    assert "Innovativ modell för utveckling av offentlig verksamhet" in {
        r["title"] for r in panel_rows(spec, grants)}


def test_sek_per_month_only_where_both_known_budgets_apart_and_left_out_named():
    frame = funding_frame([120_000, 2_400_000, None], ["funder grant", "total project budget",
                                                       None], months=[12, 24, 6])
    spec = charts.sek_per_month_chart(frame, "en").chart.to_dict()
    grants, budgets = panels(spec)
    assert [r["value"] for r in panel_rows(spec, grants)] == [10_000]
    assert [r["value"] for r in panel_rows(spec, budgets)] == [100_000]
    assert {r["basis"] for r in panel_rows(spec, budgets)} == {"total project budget"}
    assert "Lacking an amount or a duration, so left out: Project 2." in spec["title"]["subtitle"]
    assert "not a grant" in " ".join(budgets["title"]["subtitle"])
    tooltip_fields = {t["field"] for t in panel_layers(grants)[0]["encoding"]["tooltip"]}
    assert {"funder_name", "programme_name", "call_name", "basis", "amount_text",
            "months"} <= tooltip_fields


def test_sek_per_month_groups_by_call_and_cuts_no_name(data, made_up):
    """The chart used to say 'funder in brackets' and group nothing: now each row stands
    under its call or programme, and its name is whole (wrapped, never cut)."""
    for dataset in (data, made_up):
        spec = charts.figure("sek-per-month", dataset, "en").to_dict()
        assert "funder in brackets" not in json.dumps(spec)
        assert spec["title"]["text"] == \
            "SEK per project-month, compared within each call or programme"
        rows = panel_rows(spec, panels(spec)[0])
        known = dataset.projects[dataset.projects["amount_basis"].eq("funder grant")
                                 & dataset.projects["duration_months"].notna()]
        assert sorted(r["title"] for r in rows) == sorted(known["title_en"])
        groups = [r["group"] for r in rows]
        assert groups == sorted(groups, key=list(dict.fromkeys(groups)).index)
        for row in rows:
            assert "…" not in row["project"] and \
                row["project"].replace("\n", " ") == row["title"], row
    long_title = ("Collaborative development of digital welfare services for elderly people "
                  "in the sparsely populated municipalities of inland Norrland")
    spec = charts.sek_per_month_chart(funding_frame([300_000], ["funder grant"],
                                                    titles=[long_title]), "en").chart.to_dict()
    row = panel_rows(spec, panels(spec)[0])[0]
    assert row["project"].replace("\n", " ") == long_title and row["project"].count("\n") >= 3
    assert panels(spec)[0]["spec"]["height"]["step"] >= 14 * (row["project"].count("\n") + 1)
    rows = panel_rows(charts.figure("sek-per-month", data, "en").to_dict(),
                      panels(charts.figure("sek-per-month", data, "en").to_dict())[0])
    assert {r["title"]: r["value"] for r in rows} == {
        "Östersunds kommun utilizes Samverket": 11_400,
        "Innovative model for developing public services": 91_997,
        "Radically change Sörmland": 45_556}


# --- time ----------------------------------------------------------------------------------

def test_timeline_lists_undated_items_and_spans_whole_months(data):
    spec = charts.timeline_chart(data.projects, "en").chart.to_dict()
    bars, events, notes = spec["layer"]
    bar_rows, event_rows, note_rows = (spec["datasets"][layer["data"]["name"]]
                                       for layer in (bars, events, notes))
    samverket = next(r for r in bar_rows if r["title"] == "Östersunds kommun utilizes Samverket")
    # 2022-01 to 2023-05: from the first of the first month to the end of the last.
    assert (samverket["start"], samverket["end"]) == ("2022-01-01", "2023-06-01")
    assert bars["encoding"]["x"]["scale"]["type"] == "utc"
    assert notes["encoding"]["text"] == {"value": "dates not stated"}
    undated = data.projects[data.projects["start_month"].isna()]["title_en"].tolist()
    assert [r["title"] for r in note_rows] == undated
    assert len(bar_rows) + len(event_rows) + len(note_rows) == len(data.projects)


def test_an_event_is_a_date_not_a_duration(data):
    """The one-day workshop: a mark at its month in the timeline, no duration anywhere."""
    workshop = data.projects.set_index("project_id").loc["kreativa-byrakrater"]
    assert workshop["kind"] == "event" and pd.isna(workshop["duration_months"])
    spec = charts.timeline_chart(data.projects, "en").chart.to_dict()
    bars, events = spec["layer"][0], spec["layer"][1]
    assert events["mark"]["shape"] == "diamond"
    assert [r["title"] for r in spec["datasets"][events["data"]["name"]]] == \
        ["Ideas workshop on creative bureaucrats"]
    assert "Ideas workshop on creative bureaucrats" not in {
        r["title"] for r in spec["datasets"][bars["data"]["name"]]}
    durations = tables.durations_table(data, "en")._repr_markdown_()
    assert "| an event |" in durations.replace("  ", " ")
    assert "not drawn as a bar" in charts.alt_texts(charts.draw_edition(data, "en"))["fig-timeline"]


def test_timeline_of_many_projects_aggregates_to_counts_per_month():
    n = 200
    projects = pd.DataFrame({"project_id": [f"p{i}" for i in range(n)],
                             "title_en": [f"P{i}" for i in range(n)], "kind": ["project"] * n,
                             "start_month": ["2020-01"] * (n - 1) + [None],
                             "end_month": ["2020-03"] * (n - 1) + [None],
                             "duration_months": [3] * (n - 1) + [None]})
    spec = charts.timeline_chart(projects, "en").chart.to_dict()
    values = layer_values(spec)
    assert spec["mark"]["type"] == "area"
    assert [(v["month_label"], v["active"]) for v in values] == [
        ("Jan 2020", n - 1), ("Feb 2020", n - 1), ("Mar 2020", n - 1)]
    assert "One without dates is not shown." in " ".join(spec["title"]["subtitle"])
    swedish = charts.timeline_chart(projects, "sv").chart.to_dict()
    assert [v["month_label"] for v in layer_values(swedish)] == ["jan 2020", "feb 2020",
                                                                "mar 2020"]
    assert swedish["title"]["text"] == "Pågående projekt och initiativ per månad"
    assert "Ett utan datum visas inte." in swedish["title"]["subtitle"]


def test_duration_amount_leaves_out_unknowns_and_bins_when_many():
    frame = funding_frame([100_000, None], ["funder grant", None])
    spec = charts.duration_amount_chart(frame, "en").chart.to_dict()
    assert len(layer_values(spec)) == 1
    assert spec["title"]["subtitle"][0].startswith("One project or initiative lacks")
    points, labels = spec["layer"]
    assert points["encoding"]["y"]["scale"]["type"] == "log"
    # Every dot named in the static image; axes fitted to the data.
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "label"
    assert points["encoding"]["y"]["scale"]["domain"] == [100_000 / 1.6, 100_000 * 1.6]
    many = funding_frame(list(range(100_000, 100_000 + 1000)), ["funder grant"] * 1000,
                         months=[int(m) for m in np.arange(1000) % 48 + 1])
    binned = charts.duration_amount_chart(many, "en").chart.to_dict()
    assert binned["mark"]["type"] == "rect" and binned["encoding"]["facet"]["field"] == "basis"
    assert sum(v["projects"] for v in layer_values(binned)) == 1000
    assert len(layer_values(binned)) < 100  # bins, not projects


# --- partner networks ----------------------------------------------------------------------

def test_network_layout_is_repeatable_and_covers_every_node(data, made_up):
    first = charts.network_layout(data.participations)
    second = charts.network_layout(data.participations.sample(frac=1, random_state=3))
    assert first == second
    spread = charts.network_layout(made_up.participations)
    assert spread == charts.network_layout(made_up.participations.sample(frac=1, random_state=1))
    assert len(first) == data.projects.shape[0] + data.participations["org_id"].nunique()


def test_network_layout_is_the_same_in_another_process(data):
    """Set order differs between processes (hash seed): the layout must not."""
    code = ("import json; from analysis import load_dataset, charts; "
            "print(json.dumps(charts.network_layout(load_dataset().participations)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=PROJECT_ROOT,
                            env={**os.environ, "PYTHONHASHSEED": "12345"})
    there = {node: tuple(xy) for node, xy in json.loads(result.stdout).items()}
    assert there == charts.network_layout(data.participations)


def network_data(spec: dict) -> dict[str, list[dict]]:
    """The network's layers' rows by mark: edges, leaders, organisations, projects, labels."""
    names = ["edges", "leaders", "organisations", "projects", "labels"]
    return {name: spec["datasets"][layer["data"]["name"]]
            for name, layer in zip(names, spec["layer"])}


def network_clashes(spec: dict) -> list[str]:
    """Every way a drawn name touches something else: a dot (circle or square), a line, a
    leader line of another name, another name, or the plot's edge. Boxes are measured with
    the font's advance widths, in the plot's px (the scales map data one to one)."""
    from analysis.charts.network_placement import PROJECT_SIDE
    from analysis.charts.label_geometry import (box_hits_circle, box_hits_segment,
                                                boxes_overlap, label_box)
    rows = network_data(spec)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, spec["width"]]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, spec["height"]]
    org_radius = (spec["layer"][2]["mark"]["size"] / np.pi) ** 0.5
    circles = [((r["x"], r["y"]), org_radius) for r in rows["organisations"]]
    circles += [((r["x"], r["y"]), PROJECT_SIDE / 2 ** 0.5) for r in rows["projects"]]
    edges = [((r["x"], r["y"]), (r["x2"], r["y2"])) for r in rows["edges"]]
    leaders = [(r["label"], ((r["x"], r["y"]), (r["x2"], r["y2"]))) for r in rows["leaders"]]
    boxes = [(r["label"], label_box(r["x"], r["y"], r["label"], r["weight"], r["align"],
                                    r["baseline"])) for r in rows["labels"]]
    clashes = []
    for index, (name, box) in enumerate(boxes):
        clashes += [f"{name!r} on a dot" for centre, radius in circles
                    if box_hits_circle(box, centre, radius)]
        clashes += [f"{name!r} on a line" for a, b in edges if box_hits_segment(box, a, b)]
        clashes += [f"{name!r} on the leader of {other!r}" for other, segment in leaders
                    if other != name and box_hits_segment(box, *segment)]
        clashes += [f"{name!r} on {other!r}" for other, box2 in boxes[index + 1:]
                    if boxes_overlap(box, box2)]
        if not (-0.01 <= box[0] and box[2] <= spec["width"] + 0.01 and -0.01 <= box[1]
                and box[3] <= spec["height"] + 0.01):
            clashes.append(f"{name!r} outside the plot")
    return clashes


def test_network_names_every_organisation_and_project_clear_of_dots_and_lines(data):
    spec = charts.network_chart(data, "en").chart.to_dict()
    rows = network_data(spec)
    named = {r["label"].replace("\n", " ") for r in rows["labels"]}
    assert set(data.organisations["name"]) <= named
    assert set(data.projects["title_en"]) <= named
    assert len(rows["labels"]) == len(data.projects) + len(data.organisations)
    assert network_clashes(spec) == []
    assert spec["title"]["subtitle"][0] == ("Every project and organisation is named (6 projects,"
                                            " 33 organisations).")
    assert marks(spec) == ["rule", "rule", "circle", "square", "text"]
    assert spec["layer"][2]["encoding"]["color"]["field"] == "type"


def test_network_labels_are_drawn_where_the_layout_put_them(data):
    """The SVG vl-convert draws puts each name at the px the layout chose (the check above
    measures the layout), first line placed by its baseline as the layout assumes."""
    spec = charts.network_chart(data, "en").chart.to_dict()
    svg = render.chart_svg(spec)
    start = svg.index("layer_4_marks")
    labels_group = svg[start:svg.index("</g>", start)]
    drawn = re.findall(r'<text[^>]*?text-anchor="(\w+)"[^>]*?transform="translate\(([-\d.]+),'
                       r'([-\d.]+)\)"[^>]*>(?:<tspan>)?([^<]*)', labels_group)
    rows = {r["label"].split("\n")[0]: r for r in network_data(spec)["labels"]}
    assert len(drawn) == len(rows)
    first = rows[drawn[0][3]]
    origin = (float(drawn[0][1]) - first["x"], float(drawn[0][2]))
    shift = {"top": 0.8, "middle": 0.3, "bottom": -0.2}  # baseline offset in em, DejaVu-ish
    for anchor, x, y, text in drawn:
        row = rows[text.replace("&apos;", "'")]
        assert anchor == {"left": "start", "center": "middle", "right": "end"}[row["align"]]
        assert float(x) - origin[0] == pytest.approx(row["x"], abs=0.01)
        expected = row["y"] + shift[row["baseline"]] * 11
        assert float(y) - origin[1] + rows[drawn[0][3]]["y"] + shift[first["baseline"]] * 11 \
            == pytest.approx(expected, abs=1.5)


def test_network_of_a_made_up_copy_keeps_calls_together_and_names_what_it_leaves_out(made_up):
    drawn, left_out = charts.network_projects(made_up)
    assert len(drawn) == charts.MAX_NETWORK_PROJECTS and len(left_out) == 2
    projects = made_up.projects.set_index("project_id")
    calls = metrics.call_group_key(projects)
    sizes = made_up.participations.groupby("project_id").size()
    split = [call for call in set(calls) if 0 < sum(calls[p] == call for p in drawn)
             < (calls == call).sum()]
    assert len(split) <= 1, "at most one call is split"
    for call in split:  # its largest projects are the ones drawn
        ours = [p for p in drawn if calls[p] == call]
        rest = [p for p in left_out if calls[p] == call]
        assert min(sizes[ours]) >= max(sizes[rest])
    assert drawn != sorted(drawn)[:12] or True  # (order is by call and size, not by id)
    spec = charts.network_chart(made_up, "en").chart.to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    titles = [projects.at[p, "title_en"] for p in left_out]
    assert f"Not shown: {titles[0]} and {titles[1]}." in subtitle
    assert "12 of 14 projects with organisations" in subtitle
    assert network_clashes(spec) == []
    # Every project named that has room, and what has no room is counted in the subtitle.
    rows = network_data(spec)
    named_orgs = sum(r["node"].startswith("o:") for r in rows["labels"])
    named_projects = sum(r["node"].startswith("p:") for r in rows["labels"])
    assert f"{named_projects} of 12 projects and {named_orgs} of " \
        f"{len(rows['organisations'])} organisations" in subtitle
    # The names go first to the organisations in the most drawn projects.
    degree = {r["name"]: r["projects"] for r in rows["organisations"]}
    named = [degree[r["label"]] for r in rows["labels"] if r["node"].startswith("o:")]
    unnamed = [d for name, d in degree.items()
               if name not in {r["label"] for r in rows["labels"]}]
    assert np.mean(named) > np.mean(unnamed)


def test_network_project_choice_is_by_the_organisations_taking_part_most(data):
    """All of a handful are drawn, largest first. Beyond the cap: the projects joining the
    most of the organisations that take part most, then the larger; a project naming one
    organisation only (a single edge) is never drawn then."""
    projects = pd.DataFrame({column: [None] * 6 for column in data.projects.columns}).assign(
        project_id=["a1", "a2", "b1", "b2", "b3", "c1"], kind="project",
        title=["A1", "A2", "B1", "B2", "B3", "C1"], title_en=["A1", "A2", "B1", "B2", "B3", "C1"],
        funder="Vinnova")
    orgs = data.organisations["org_id"].tolist()
    # orgs[0] and orgs[1] take part most; b2 is the largest but joins only one of them.
    members = {"a1": [0, 1], "a2": [0, 1, 5], "b1": [0, 2, 3], "b2": [1, 6, 7, 8, 9, 10],
               "b3": [0, 1, 11, 12], "c1": [13]}
    participations = pd.DataFrame(
        [{"project_id": p, "org_id": orgs[i], "role": "partner", "unit": None}
         for p, ids in members.items() for i in ids], columns=data.participations.columns)
    made = dataclasses.replace(data, projects=projects, participations=participations)
    assert charts.network_projects(made, cap=6) == (["b2", "b3", "a2", "b1", "a1", "c1"], [])
    from analysis.charts import network
    top = network.TOP_ORGANISATIONS
    try:
        network.TOP_ORGANISATIONS = 2
        assert charts.network_projects(made, cap=3) == (["b3", "a2", "a1"],
                                                        ["b2", "b1", "c1"])
        drawn, left_out = charts.network_projects(made, cap=5)
        assert "c1" not in drawn and drawn[:3] == ["b3", "a2", "a1"]
    finally:
        network.TOP_ORGANISATIONS = top


def test_network_of_a_portfolio_is_cut_and_its_names_clash_with_nothing(data, big):
    for dataset in (portfolio(data, 200), big):
        spec = charts.network_chart(dataset, "en").chart.to_dict()
        rows = network_data(spec)
        assert len(rows["projects"]) == charts.MAX_NETWORK_PROJECTS
        subtitle = " ".join(spec["title"]["subtitle"])
        assert re.search(r"12 of [\d\u202f]+ projects with organisations", subtitle)
        assert re.search(r"Not shown: .+ and [\d\u202f]+ more\.", subtitle)
        # Nearly every project is named, or numbered and named in the subtitle.
        identified = [r for r in rows["labels"] if r["node"].startswith("p:")]
        assert len(identified) >= charts.MAX_NETWORK_PROJECTS - 2
        for row in identified:
            if row["key"]:
                assert f'{row["label"]} {row["name"]}' in subtitle.replace("\n", " ")
        assert network_clashes(spec) == []
        _, metadata = render.offline_mimebundle(spec)
        assert metadata["image/png"]["width"] >= 0.9 * render.MAX_PRINT_WIDTH  # legible


def test_network_roles_differ_in_weight_and_dash_as_well_as_colour(data):
    from analysis.charts.network import ROLE_STROKES
    assert set(ROLE_STROKES) == set(PARTICIPATION_ROLES)
    assert len(set((w, tuple(d)) for w, d in ROLE_STROKES.values())) == len(ROLE_STROKES)
    # In greyscale, a partner or co-financer and a follow-up partner differ by line weight,
    # not only by dash.
    assert ROLE_STROKES["partner or co-financer"][0] - ROLE_STROKES["follow-up partner"][0] >= 0.5
    spec = charts.network_chart(data, "en").chart.to_dict()
    encoding = spec["layer"][0]["encoding"]
    domains = {channel: encoding[channel]["scale"]["domain"]
               for channel in ("color", "strokeWidth", "strokeDash")}
    assert domains["color"] == domains["strokeWidth"] == domains["strokeDash"]
    assert {channel: encoding[channel]["field"] for channel in domains} == {
        "color": "role", "strokeWidth": "role", "strokeDash": "role"}
    widths = dict(zip(domains["strokeWidth"], encoding["strokeWidth"]["scale"]["range"]))
    assert widths["partner or co-financer"] > widths["follow-up partner"]
    assert len({encoding[c]["title"] for c in domains}) == 1  # one legend for the role


def test_network_speaks_swedish(data):
    spec = charts.network_chart(data, "sv").chart.to_dict()
    assert spec["title"]["text"] == "Projekt (svarta rutor) och deras organisationer"
    roles = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert "partner eller medfinansiär" in roles and "partner i uppföljningen" in roles
    labels = {r["label"].replace("\n", " ") for r in network_data(spec)["labels"]}
    assert "Innovativ modell för utveckling av offentlig verksamhet" in labels


# --- alt text ------------------------------------------------------------------------------

def plain_spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_alt_text_of_the_grants_says_chart_type_axes_and_extremes(data):
    spec = charts.figure("grants", data, "en").to_dict()
    text = plain_spaces(spec["description"])
    assert text == plain_spaces(charts.describe("grants", charts.draw("grants", data, "en"), "en"))
    for words in ("bars along Grant (SEK), a linear axis from zero",
                  "3 projects in 2 calls or programmes",
                  "Largest 2 115 934 kr (Innovative model for developing public services)",
                  "smallest 193 800 kr (Östersunds kommun utilizes Samverket)",
                  "Total project budgets: one project, Service in collaboration, 16 095 000 kr",
                  "No amount stated, so not drawn: MORE Östersund and Ideas workshop"):
        assert words in text, words
    per_month = plain_spaces(charts.figure("sek-per-month", data, "en").to_dict()["description"])
    assert "Largest 91 997 kr" in per_month and "smallest 11 400 kr" in per_month


def test_alt_text_follows_the_chart_to_log_axes_and_portfolios(made_up, big):
    spec = charts.figure("grants", made_up, "en").to_dict()
    rows = panel_rows(spec, panels(spec)[0])
    text = plain_spaces(spec["description"])
    assert "dots along Grant (SEK), a logarithmic axis" in text
    top = max(rows, key=lambda r: r["value"])
    assert f"Largest {plain_spaces(format_amount(top['value'], 'en'))} ({top['title']})" in text
    for group in {r["group"].replace("\n", " ") for r in rows}:
        assert " ".join(group.split()) in text
    spec = charts.figure("grants", big, "en").to_dict()
    text = plain_spaces(spec["description"])
    rows = panel_rows(spec, panels(spec)[0])
    assert "one row per call or programme along Grant (SEK), a logarithmic axis" in text
    assert f"Smallest of all {plain_spaces(format_amount(min(r['low'] for r in rows), 'en'))}" \
        in text


def test_alt_text_of_the_network_counts_what_is_drawn(data):
    spec = charts.figure("network", data, "en").to_dict()
    text = spec["description"]
    assert text.startswith("Network diagram of 6 projects and initiatives (black squares) and "
                           "33 organisations (dots coloured by type: municipality 15,")
    assert "joined by 34 lines whose colour, weight and dash show the organisation's role " \
        "(partner or co-financer 22, coordinator 6," in text
    assert "The largest network is Service in collaboration, with 24 organisations." in text
    assert "One organisation takes part in more than one of the projects drawn: " \
        "Östersunds kommun." in text
    swedish = charts.describe("network", charts.network_chart(data, "sv"), "sv")
    assert swedish.startswith("Nätverksdiagram med 6 projekt och initiativ")


def _drawn_datasets(spec: dict) -> list[list[dict]]:
    """Every set of rows a spec draws: its named datasets and any values inlined in it."""
    found = [rows for rows in spec.get("datasets", {}).values()]

    def inline(part):
        if isinstance(part, dict):
            values = (part.get("data") or {}).get("values") if isinstance(part.get("data"),
                                                                          dict) else None
            if values is not None:
                found.append(values)
            for value in part.values():
                inline(value)
        elif isinstance(part, list):
            for value in part:
                inline(value)
    inline({key: value for key, value in spec.items() if key != "datasets"})
    # A map draws GeoJSON features: its rows are their properties.
    return found + [[row["properties"] for row in rows] for rows in found
                    if rows and all(isinstance(r, dict) and "properties" in r for r in rows)]


@pytest.mark.parametrize("name", list(charts.FIGURES_BY_NAME))
def test_alt_text_is_written_from_the_frames_the_chart_draws(name, data, made_up, big):
    """Every frame the alt text reads is one the chart embeds, row for row: the words
    describe the picture's own data."""
    for dataset in (data, made_up, big):
        drawn = charts.draw(name, dataset, "en")
        embedded = [json.dumps(rows, sort_keys=True) for rows in
                    _drawn_datasets(drawn.chart.to_dict())]
        for part, frame in drawn.frames.items():
            rows = json.loads(frame.to_json(orient="records", date_format="iso",
                                             double_precision=15))
            if not rows:
                continue
            assert any(_same_rows(rows, json.loads(other)) for other in embedded), \
                f"{name}: part {part!r} is not drawn by the chart"


def _same_rows(ours: list[dict], drawn: list[dict]) -> bool:
    if len(ours) != len(drawn):
        return False
    return all({k: v for k, v in mine.items() if k in theirs} ==
               {k: theirs[k] for k in mine if k in theirs} and set(mine) <= set(theirs)
               for mine, theirs in zip(ours, drawn))


@pytest.mark.parametrize("name", ["network", "timeline", "duration-amount"])
def test_alt_text_stays_right_when_the_layers_are_reordered(name, data):
    """The alt text reads the parts by name: the same chart with its layers in another
    order is described the same, and says what the reordered picture shows."""
    drawn = charts.draw(name, data, "en")
    chart = drawn.chart.copy()
    chart.layer = list(reversed(chart.layer))
    reordered = charts.Drawn(chart, drawn.frames, drawn.panels)
    text = charts.describe(name, reordered, "en")
    assert text == drawn.chart.description
    if name == "network":
        assert "6 projects and initiatives (black squares) and 33 organisations" in text
        assert "joined by 34 lines" in text


# --- organisations and roles ---------------------------------------------------------------

def test_role_bars_stack_by_role_with_one_colour_per_role_everywhere(data):
    roles = charts.roles_chart(data, "en").chart.to_dict()
    types = charts.org_types_chart(data, "en").chart.to_dict()
    for spec in (roles, types):
        assert spec["mark"]["type"] == "bar"
        assert spec["encoding"]["color"]["field"] == "role"
        scale = spec["encoding"]["color"]["scale"]
        for role, colour in zip(scale["domain"], scale["range"]):
            assert charts.ROLE_COLOURS[role] == colour
    assert set(charts.ROLE_COLOURS) == set(PARTICIPATION_ROLES)
    assert len(set(charts.ROLE_COLOURS.values())) == len(PARTICIPATION_ROLES)
    counts = layer_values(roles)
    assert sum(r["organisations"] for r in counts) == len(data.participations)
    assert sum(r["participations"] for r in layer_values(types)) == len(data.participations)


def test_roles_chart_of_a_portfolio_shows_the_largest_that_print_legibly(data):
    spec = charts.roles_chart(portfolio(data, 300), "en").chart.to_dict()
    assert len({r["project_id"] for r in layer_values(spec)}) == \
        charts.organisations.MAX_ROLE_ROWS == 15
    assert "Showing the 15 largest of 300 projects and initiatives." in \
        spec["title"]["subtitle"][0]


# --- regional coverage ---------------------------------------------------------------------

def test_county_map_has_21_inlined_counties_with_counts(data):
    coverage = metrics.county_coverage(data)
    spec = charts.county_map_chart(coverage, "en").chart.to_dict()
    features = layer_values(spec)
    assert len(features) == 21
    by_name = {f["properties"]["county_name"]: f["properties"] for f in features}
    expected = coverage.set_index("county_name")
    for name, properties in by_name.items():
        assert properties["projects"] == expected.at[name, "projects"]
        assert properties["organisations"] == expected.at[name, "organisations"]
    assert by_name["Skåne län"]["projects"] == 0
    assert "url" not in spec["data"]
    assert len(json.dumps(features)) < 150_000
    assert {layer["projection"]["type"] for layer in spec["layer"]} == {"transverseMercator"}
    # Counties without projects: a grey of their own with a legend entry, not a pale blue.
    grey = spec["layer"][0]["encoding"]["color"]
    assert grey["scale"]["range"] == [charts.NO_DATA_GREY] and grey["legend"] is not None
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"][0] == 1


def test_county_rings_are_wound_for_d3():
    """Counter-clockwise outer rings make d3 fill the whole globe instead of the county."""
    for feature in geography.county_features():
        for polygon in getattr(shape(feature["geometry"]), "geoms", []):
            assert not polygon.exterior.is_ccw
            assert all(ring.is_ccw for ring in polygon.interiors)


# --- editions: every figure in its edition's language, described from its own data -------

EDITION_DATASETS = ("data", "made_up", "big")
# Words of each edition's fixed vocabulary that the other edition must not show.
OTHER_WORDS = {"en": SWEDISH_WORDS, "sv": ENGLISH_WORDS}
SKIPPED_KEYS = {"datasets", "data", "config", "usermeta", "description", "projection"}


def _field_values(rows: list[dict], field: str) -> list[str]:
    values = []
    for row in rows:
        for part in field.split("."):  # "properties.county_name" in the map's features
            row = row.get(part) if isinstance(row, dict) else None
        if isinstance(row, str):
            values.append(row)
    return values


def visible_strings(spec: dict) -> list[str]:
    """Every string a reader can see in a chart or its tooltips: titles and subtitles, axis,
    legend and header titles, tooltip titles, fixed texts, legend entries (scale domains) and
    the values of every field an encoding draws (labels, tooltip values, facet headers)."""
    found: list[str] = []

    def rows_of(node: dict, rows: list[dict]) -> list[dict]:
        data = node.get("data")
        if isinstance(data, dict):
            if "name" in data:
                return spec["datasets"][data["name"]]
            if "values" in data:
                return data["values"]
        return rows

    def walk(node, rows):
        if isinstance(node, list):
            for item in node:
                walk(item, rows)
            return
        if not isinstance(node, dict):
            return
        rows = rows_of(node, rows)
        for key, value in node.items():
            if key in SKIPPED_KEYS:
                continue
            if key in ("title", "text", "subtitle", "value") and isinstance(value, str):
                found.append(value)
            elif key in ("subtitle", "domain", "sort") and isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
            elif key == "field" and isinstance(value, str):
                found.extend(_field_values(rows, value))
            walk(value, rows)
    walk(spec, [])
    return found


def data_names(dataset) -> set[str]:
    """Names from the data (titles, funders, calls, organisations, places): in their own
    language in either edition."""
    names = set(geography.counties()["county_name"])
    for column in ("title", "title_en", "funder", "programme", "call"):
        names |= set(dataset.projects[column].dropna().astype(str))
    for column in ("name", "county_name", "municipality_name"):
        names |= set(dataset.organisations[column].dropna().astype(str))
    names |= set(dataset.aliases["alias"].astype(str))
    return {" ".join(name.split()) for name in names if len(name) > 2}


def foreign_words(strings: list[str], names: set[str], language: str) -> set[str]:
    """Words of the other edition's fixed vocabulary in `strings`, once every name from the
    data is taken out (whole names; for a name cut with "…", the words of every name)."""
    ordered = sorted(names, key=len, reverse=True)
    name_words = {word for name in names for word in words_of(name)}
    found = set()
    for text in {" ".join(s.split()) for s in strings}:
        if text in names:
            continue
        for name in ordered:
            if name in text:
                text = text.replace(name, " ")
        words = words_of(text)
        if "…" in text:
            words -= name_words
        found |= words & OTHER_WORDS[language]
    return found


@pytest.mark.parametrize("name", list(charts.FIGURES_BY_NAME))
@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("dataset", EDITION_DATASETS)
def test_every_figure_speaks_its_editions_language(request, dataset, language, name):
    """No word of the other edition's fixed vocabulary in what a figure shows or says about
    itself, on the real data, the made-up copy and a portfolio of 10 000 projects; and the
    edition's locale (months from its catalogue) in the spec."""
    data = request.getfixturevalue(dataset)
    spec = charts.figure(name, data, language).to_dict()
    strings = visible_strings(spec)
    assert spec["title"]["text"] in strings and len(strings) > 5
    names = data_names(data)
    assert foreign_words(strings, names, language) == set(), strings
    assert foreign_words([spec["description"]], names, language) == set(), \
        spec["description"]
    assert spec["config"]["locale"] == render.locale(language)


def test_the_vocabulary_check_finds_what_it_should(data):
    """The check above is not blind: an English word left in a Swedish chart is caught, a name
    from the data is not."""
    spec = charts.figure("timeline", data, "sv").to_dict()
    spec["layer"][0]["encoding"]["x"]["title"] = "Months"
    assert foreign_words(visible_strings(spec), data_names(data), "sv") == {"months"}
    spec = charts.figure("grants", data, "sv").to_dict()  # English call names stay names
    assert "Funding for public organizations for using coworking spaces and hybrid work" in \
        " ".join(" ".join(s.split()) for s in visible_strings(spec))
    assert foreign_words(visible_strings(spec), data_names(data), "sv") == set()


def test_swedish_charts_use_the_swedish_words_and_month_names(data):
    words = {name: visible_strings(charts.figure(name, data, "sv").to_dict())
             for name in charts.FIGURES_BY_NAME}
    assert {"Projekt och initiativ över tid", "projekt", "initiativ", "datum anges inte",
            "Slag", "År", "Förändra radikalt Sörmland", "okt 2015"} <= set(words["timeline"])
    assert {"Löptid och belopp", "Löptid (månader)", "Belopp (kr, logaritmisk axel)",
            "bidrag från finansiär", "total projektbudget", "Beloppet är"} <= \
        set(words["duration-amount"])
    assert {"kommun", "länsstyrelse", "förening", "samordnare",
            "partner eller medfinansiär", "Roll", "Deltaganden"} <= set(words["org-types"])
    assert {"Organisationer per projekt, efter roll", "stödjande myndighet",
            "Service i samverkan"} <= set(words["roles"])
    assert {"Projekt och initiativ som når varje län", "Län", "inga (0 projekt)",
            "Kommuner", "Jämtlands län"} <= set(words["county-map"])
    locale = render.locale("sv")["time"]
    assert locale["months"][0] == "januari" and locale["shortMonths"][9] == "okt"


def test_swedish_month_names_reach_the_drawn_axis():
    """The running-per-month chart's time axis, drawn by vl-convert: Swedish month names
    from the spec's locale, English ones in the English edition."""
    charts.setup()
    n = 50
    projects = pd.DataFrame({"project_id": [f"p{i}" for i in range(n)],
                             "title": [f"P{i}" for i in range(n)],
                             "title_en": [f"P{i}" for i in range(n)], "kind": ["project"] * n,
                             "start_month": ["2020-01"] * n, "end_month": ["2020-10"] * n,
                             "duration_months": [10] * n})
    drawn = {language: re.findall(r">([^<>]+)</text>", render.chart_svg(
        charts.timeline_chart(projects, language).chart.to_dict())) for language in ("en", "sv")}
    assert {"mars", "maj", "juli", "september"} <= set(drawn["sv"])
    assert {"March", "May", "July", "September"} <= set(drawn["en"])
    assert not {"March", "May", "July"} & set(drawn["sv"])
    snippet = render.html_snippet(charts.timeline_chart(projects, "sv").chart.to_dict(), "vega-t")
    assert '"timeFormatLocale": {' in snippet and '"augusti"' in snippet


def _expected_months(row: pd.Series, language: str) -> str:
    first, last = (format_month(row[c], language) for c in ("start_month", "end_month"))
    if first == last:
        return first
    return f"{first} {'to' if language == 'en' else 'till'} {last}"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_alt_text_of_the_timeline_names_the_longest_and_shortest(data, made_up, language):
    from analysis.text import title_field
    unit = {"en": ("one month", "months"), "sv": ("en månad", "månader")}[language]
    for dataset in (data, made_up):
        projects = dataset.projects
        text = plain_spaces(charts.figure("timeline", dataset, language).to_dict()
                            ["description"])
        dated = projects.dropna(subset=["start_month", "end_month", "duration_months"])
        for row in (dated.loc[dated["duration_months"].idxmax()],
                    dated.loc[dated["duration_months"].idxmin()]):
            months = int(row["duration_months"])
            length = unit[0] if months == 1 else f"{months} {unit[1]}"
            assert f"{row[title_field(language)]}, {length} " \
                f"({_expected_months(row, language)})" in text, (row["project_id"], text)
        for title in projects[projects["start_month"].isna()][title_field(language)]:
            assert title in text
    english = charts.figure("timeline", data, "en").to_dict()["description"]
    assert english.startswith("Gantt chart of 4 projects and initiatives along a time axis "
                              "from April 2016 to May 2023")
    assert "The longest is Service in collaboration, 39 months (September 2017 to November " \
        "2020); the shortest is Radically change Sörmland, 9 months (April 2016 to December " \
        "2016)." in english
    assert "One event is marked at its month, not drawn as a bar: Ideas workshop on creative " \
        "bureaucrats (Oct 2015)." in english
    assert "One item states no dates and is listed without a bar: MORE Östersund." in english


def test_alt_text_of_a_portfolios_timeline_names_the_busiest_month(big):
    from analysis.derived import month_index
    dated = big.projects.dropna(subset=["start_month", "end_month"])
    start = month_index(dated["start_month"]).to_numpy()
    end = month_index(dated["end_month"]).to_numpy()
    running = np.zeros(end.max() - start.min() + 2, dtype=int)
    np.add.at(running, start - start.min(), 1)
    np.add.at(running, end - start.min() + 1, -1)
    running = np.cumsum(running)[:-1]
    peak = int(running.argmax()) + start.min()
    peak_month = f"{peak // 12}-{peak % 12 + 1:02d}"
    for language, words in (("en", "The most at once: {n} in {month}"),
                            ("sv", "Flest samtidigt: {n} i {month}")):
        text = plain_spaces(charts.figure("timeline", big, language).to_dict()["description"])
        assert words.format(n=f"{running.max():,}".replace(",", " "),
                            month=format_month(peak_month, language)) in text, text


@pytest.mark.parametrize("language", ["en", "sv"])
def test_alt_text_of_duration_and_amount_names_the_extremes(data, made_up, language):
    from analysis.text import title_field
    for dataset in (data, made_up):
        funding = metrics.funding(dataset.projects)
        both = funding.dropna(subset=["amount_sek", "duration_months"])
        text = plain_spaces(charts.figure("duration-amount", dataset, language).to_dict()
                            ["description"])
        largest = both.loc[both["amount_sek"].idxmax()]
        smallest = both.loc[both["amount_sek"].idxmin()]
        longest = both.loc[both["duration_months"].idxmax()]
        labels = {"en": ("Largest amount: ", "Smallest amount: ", "Longest: "),
                  "sv": ("Störst belopp: ", "Minst belopp: ", "Längst: ")}[language]
        for label, row in zip(labels, (largest, smallest, longest)):
            assert f"{label}{row[title_field(language)]} ({int(row['duration_months'])} " in text
            assert plain_spaces(format_amount(row["amount_sek"], language)) in text
    english = plain_spaces(charts.figure("duration-amount", data, "en").to_dict()["description"])
    assert english.startswith("Scatter plot of 4 projects: duration across, from 9 to 39 "
                              "months, against amount up a logarithmic axis, from 193 800 kr to "
                              "16 095 000 kr")
    assert "Largest amount: Service in collaboration (39 months, 16 095 000 kr, total project " \
        "budget)." in english


def test_alt_text_of_binned_duration_and_amount_counts_every_project(big):
    funding = metrics.funding(big.projects)
    n = len(funding.dropna(subset=["amount_sek", "duration_months"]))
    spec = charts.figure("duration-amount", big, "sv").to_dict()
    cells = layer_values(spec)
    fullest = max(r["projects"] for r in cells)
    text = plain_spaces(spec["description"])
    assert text.startswith(f"Värmekarta över {n:,} projekt".replace(",", " "))
    assert f"Flest projekt, {fullest}, har rutan" in text


@pytest.mark.parametrize("language", ["en", "sv"])
def test_alt_text_of_the_organisation_charts_names_the_largest(data, language):
    from analysis.text.labels import value_label
    from analysis.text import title_field
    joined = data.participations.merge(data.organisations[["org_id", "type"]], on="org_id")
    by_type = joined["type"].value_counts()
    text = charts.figure("org-types", data, language).to_dict()["description"]
    most = {"en": "Most: {} ({})", "sv": "Flest: {} ({})"}[language]
    assert most.format(value_label("type", by_type.index[0], language), by_type.iloc[0]) in text
    assert f" {len(data.participations)} " in text  # every participation counted
    per_project = data.participations["project_id"].value_counts()
    top = data.projects.set_index("project_id").at[per_project.index[0], title_field(language)]
    text = charts.figure("roles", data, language).to_dict()["description"]
    most = {"en": "Most: {}, with {} organisations", "sv": "Flest: {}, med {} organisationer"}
    assert most[language].format(top, per_project.iloc[0]) in text


@pytest.mark.parametrize("language", ["en", "sv"])
def test_alt_text_of_the_county_map_names_the_most_reached_county(data, big, language):
    for dataset in (data, big):
        coverage = metrics.county_coverage(dataset)
        top = coverage.sort_values("projects", ascending=False, kind="stable").iloc[0]
        text = plain_spaces(charts.figure("county-map", dataset, language).to_dict()
                            ["description"])
        most = {"en": "Most: {}, {} projects", "sv": "Flest: {}, {} projekt"}[language]
        assert most.format(top["county_name"], f"{top['projects']:,}".replace(",", " ")) \
            in text, text
        reached = int(coverage["covered"].sum())
        assert {"en": f"{reached} counties are reached",
                "sv": f"{reached} län nås"}[language] in text
    english = charts.figure("county-map", data, "en").to_dict()["description"]
    assert "In 2 further counties organisations take part only in other roles" in english


@pytest.mark.parametrize("dataset", ["made_up", "big"])
@pytest.mark.parametrize("language", ["en", "sv"])
def test_copies_and_portfolios_give_aggregated_readable_charts(request, dataset, language):
    """The 14-project copy and 10 000 projects: little data in each page, and every chart prints
    at three quarters of its size or more (the map keeps its one size whatever the data)."""
    charts.setup()
    data = request.getfixturevalue(dataset)
    for name in ("timeline", "duration-amount", "org-types", "roles", "county-map"):
        spec = charts.figure(name, data, language).to_dict()
        rows = sum(len(values) for values in spec.get("datasets", {}).values())
        assert rows < 1500 and len(json.dumps(spec)) < 200_000, (name, rows)
        png = render.chart_png(spec)
        css_width = struct.unpack(">I", png[16:20])[0] // render.PNG_SCALE
        printed = render.offline_mimebundle(spec)[1]["image/png"]
        assert printed["width"] <= render.MAX_PRINT_WIDTH, name
        if name == "county-map":
            assert (spec["width"], spec["height"]) == (300, 600)
        else:
            assert printed["width"] / css_width >= 0.75, (name, printed, css_width)
    # The amounts charts: a row per call of a portfolio prints at more than half its size.
    for name in ("grants", "sek-per-month"):
        spec = charts.figure(name, data, language).to_dict()
        png = render.chart_png(spec)
        css_width = struct.unpack(">I", png[16:20])[0] // render.PNG_SCALE
        printed = render.offline_mimebundle(spec)[1]["image/png"]
        assert printed["width"] / css_width >= 0.55, (name, printed, css_width)
    if dataset == "big":  # too many for a bar or a dot each: counted
        assert charts.figure("timeline", data, language).to_dict()["mark"]["type"] == "area"
        assert charts.figure("duration-amount", data, language).to_dict()["mark"]["type"] == \
            "rect"


# --- renderer and theme --------------------------------------------------------------------

def test_renderer_bundle_is_offline_and_carries_a_sized_png(data):
    spec = charts.figure("grants", data, "en").to_dict()
    bundle, metadata = render.offline_mimebundle(spec)
    html = bundle["text/html"]
    assert "window.vegaEmbed(el" in html and '"actions": false' in html
    assert "<script src" not in html and "cdn" not in html and "http" not in html.split(
        "window.vegaEmbed")[0]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", png[16:24])
    # CSS px: half the pixels of the scale-2 image, scaled down to the print caps.
    expected = render.print_size(width // render.PNG_SCALE, height // render.PNG_SCALE)
    assert metadata["image/png"] == {"width": expected[0], "height": expected[1]}
    other = render.offline_mimebundle(spec)[0]["text/html"]
    assert html.split('"')[1] != other.split('"')[1]  # a fresh element id each time


def test_script_tags_in_data_cannot_close_the_chart_script(data):
    projects = data.projects.copy()
    projects.loc[0, "title_en"] = "</script><!--<script>alert(1)</script>"
    spec = charts.figure("grants", dataclasses.replace(data, projects=projects), "en").to_dict()
    html = render.offline_mimebundle(spec)[0]["text/html"]
    assert html.count("</script>") == 1 and "<!--" not in html


def test_vega_header_is_quarto_safe_and_defines_vega_embed():
    header = render.vega_header_html()
    assert header.startswith(QUARTO_LINE + "\n<script>")
    assert "window.vegaEmbed=" in header and header.rstrip().endswith("</script>")
    # Two scripts: Vega's bundle (its own "</script" escaped inside), then the interactive
    # tables' DataTables bundle; every script opened is closed.
    vega, tables = header.split("</script>\n", 1)
    assert vega.count("<script") == 1 and "</script" not in vega.split("<script>", 1)[1]
    assert "itables" in tables and tables.count("<script") == tables.count("</script")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_vega_header_sets_window_vega_embed_beside_other_scripts(tmp_path):
    """Run the header's script after a page script that declares the bundle's short names."""
    header = render.vega_header_html()
    start = header.index("<script>") + len("<script>")
    script = header[start:header.index("</script>", start)]  # Vega's (the tables' follows)
    (tmp_path / "bundle.js").write_text(script, encoding="utf-8")
    runner = tmp_path / "run.js"
    runner.write_text(
        "const vm = require('vm'); const fs = require('fs');\n"
        "globalThis.window = globalThis;\n"
        "vm.runInThisContext('let n = 1; const t = 2;');\n"
        f"vm.runInThisContext(fs.readFileSync({json.dumps(str(tmp_path / 'bundle.js'))}, "
        "'utf8'));\n"
        "console.log(typeof window.vegaEmbed, typeof window.vega);\n", encoding="utf-8")
    result = subprocess.run(["node", str(runner)], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["function", "object"], result.stderr


def test_theme_uses_a_concrete_font_and_space_separated_thousands(data):
    spec = charts.figure("roles", data, "en").to_dict()
    assert spec["config"]["font"].startswith(charts.FONT + ",")
    assert spec["config"]["numberFormat"] == ",.0f"
    assert spec["config"]["locale"]["number"]["thousands"] in ("\u00a0", " ", "\u202f")
    svg = render.chart_svg(charts.figure("grants", data, "en").to_dict())
    assert "16\u00a0095\u00a0000" in svg  # the total budget, written the Swedish way
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {charts.FONT_FAMILY}  # DejaVu Sans first, for Typst and vl-convert


def test_vl_convert_draws_the_theme_font_not_a_fallback(data):
    """The same chart in DejaVu Sans alone and in the font list: the same pixels, and not
    those of a font that is not there."""
    spec = charts.figure("roles", data, "en").to_dict()

    def png_with(family: str) -> bytes:
        return render.chart_png(json.loads(json.dumps(spec).replace(
            json.dumps(charts.FONT_FAMILY), json.dumps(family))))
    assert png_with(charts.FONT) != png_with("No Such Font"), \
        "vl-convert cannot find DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core)"
    assert png_with(charts.FONT_FAMILY) == png_with(charts.FONT)


def test_setup_is_idempotent():
    charts.setup()
    charts.setup()
    import altair as alt
    assert alt.theme.active == charts.THEME_NAME
    assert alt.renderers.active == render.RENDERER_NAME


def test_every_mark_has_a_tooltip_and_every_figure_a_title(data):
    for name in charts.FIGURES_BY_NAME:
        spec = charts.figure(name, data, "en").to_dict()
        assert spec["title"]["text"], name
        for part in mark_specs(spec):
            assert "tooltip" in part.get("encoding", {}), (name, part["mark"])


def test_portfolio_charts_embed_little_data(data):
    big = portfolio(data, 3000, orgs_per_project=6)
    for name in charts.FIGURES_BY_NAME:
        spec = charts.figure(name, big, "en").to_dict()
        rows = sum(len(values) for values in spec.get("datasets", {}).values())
        assert rows < 1500, (name, rows)
        assert len(json.dumps(spec)) < 200_000, name


# --- files ---------------------------------------------------------------------------------

def test_saved_figures_are_identical_across_runs(data, tmp_path):
    chart = charts.figure("county-map", data, "en")
    first = charts.save_figure(chart, "county-map", tmp_path / "a")
    second = charts.save_figure(chart, "county-map", tmp_path / "b")
    assert [p.name for p in first] == ["county-map.svg", "county-map.png"]
    assert first[0].read_bytes() == second[0].read_bytes()
    timeline = charts.save_figure(charts.figure("timeline", data, "en"), "timeline", tmp_path)
    assert "Östersund" in timeline[0].read_text(encoding="utf-8")
    png = timeline[1].read_bytes()
    assert png.startswith(b"\x89PNG")


def test_write_figures_writes_every_figure(data, tmp_path):
    paths = charts.write_figures(charts.draw_edition(data, "en"), tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        f"{name}.{ext}" for name in charts.FIGURES_BY_NAME for ext in ("svg", "png"))
    assert list(charts.FIGURES_BY_NAME) == ["grants", "sek-per-month", "timeline", "duration-amount",
                                    "network", "org-types", "roles", "county-map",
                                    "portfolio-programmes", "portfolio-years", "portfolio-kinds",
                                    "portfolio-municipalities", "portfolio-distributions"]


def test_every_figure_fits_the_pdf_text_width_and_half_a_page(data):
    """A third of a page at most, so that a chart, its caption and text share a page; the
    network and the charts with a row per project may take three quarters, so that their
    names print at their size, and the map (Sweden is tall) a little more than half."""
    from analysis.charts.coverage import MAP_PRINT_HEIGHT
    for name in charts.FIGURES_BY_NAME:
        spec = charts.figure(name, data, "en").to_dict()
        _, metadata = render.offline_mimebundle(spec)
        size = metadata["image/png"]
        assert 130 < size["width"] <= render.MAX_PRINT_WIDTH, name
        allowed = {"network": 700, "timeline": 700, "roles": 700,
                   "county-map": MAP_PRINT_HEIGHT, "portfolio-years": 480,
                   "portfolio-municipalities": 480}.get(name, render.MAX_PRINT_HEIGHT)
        assert size["height"] <= allowed, name
    # The map (Sweden is tall) prints at two thirds of its size or more: a readable title.
    spec = charts.figure("county-map", data, "en").to_dict()
    png = render.chart_png(spec)
    printed = render.offline_mimebundle(spec)[1]["image/png"]
    assert printed["height"] / (struct.unpack(">I", png[20:24])[0] // render.PNG_SCALE) >= 0.62
    network = charts.figure("network", data, "en").to_dict()
    png = render.chart_png(network)
    css = (struct.unpack(">I", png[16:20])[0] // render.PNG_SCALE,
           struct.unpack(">I", png[20:24])[0] // render.PNG_SCALE)
    printed = render.offline_mimebundle(network)[1]["image/png"]
    assert printed["width"] / css[0] >= 0.9, "the network's names print at 90 % or more"


def test_print_size_keeps_proportions():
    assert render.print_size(500, 300) == (500, 300)
    assert render.print_size(1280, 400) == (640, 200)
    assert render.print_size(400, 680) == (200, 340)


def test_remote_scripts_quarto_adds_are_removed_and_local_ones_kept(tmp_path):
    from analysis.build.quarto import tidy_rendered_html, without_remote_scripts
    page = ('<head><script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/'
            'require.min.js" integrity="x" crossorigin="anonymous"></script>\n'
            '<script type="application/javascript">define(\'jquery\', [],function() '
            '{return window.jQuery;})</script>\n<script src="data:text/javascript;base64,AA">'
            '</script><script>window.vegaEmbed = 1;</script></head>')
    tidy = without_remote_scripts(page)
    assert "cdnjs" not in tidy and "define('jquery'" not in tidy
    assert "data:text/javascript" in tidy and "window.vegaEmbed" in tidy
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    assert tidy_rendered_html([report, tmp_path / "report.pdf"]) == [report]
    assert report.read_text(encoding="utf-8") == tidy


def test_web_charts_take_their_columns_width_and_print_charts_keep_theirs(data):
    single = charts.figure("roles", data, "en").to_dict()
    assert render.responsive(single)["width"] == "container"
    assert isinstance(single["width"], int)  # the PNG keeps the print width
    snippet = render.html_snippet(single, "vega-x")
    assert '"width": "container"' in snippet and 'style="width: 100%"' in snippet
    county_map = charts.figure("county-map", data, "en").to_dict()
    assert render.responsive(county_map) == county_map  # projection fitted to its size
    facet = {"width": 300, "mark": "bar", "encoding": {"column": {"field": "a"}}}
    assert render.responsive(facet) == facet
    assert render.responsive({"hconcat": [single]}) == {"hconcat": [single]}
    panelled = charts.figure("grants", data, "en").to_dict()  # panels keep their print width
    assert render.responsive(panelled) == panelled


def test_a_colour_means_one_thing_roles_never_take_an_organisation_types_colour():
    assert not set(charts.ROLE_COLOURS.values()) & set(charts.ORGANISATION_TYPE_COLOURS.values())


def test_names_are_wrapped_over_two_lines_not_cut(data):
    assert charts.theme._wrap("Innovative model for developing public services") == \
        "Innovative model for developing\npublic services"
    cut = charts.theme._wrap("x " * 60)
    assert cut.endswith("…") and cut.count("\n") == 1
    spec = charts.figure("timeline", data, "en").to_dict()
    labels = {row["item"] for layer in spec["datasets"].values() for row in layer
              if "item" in row}
    for title in data.projects["title_en"]:
        assert title.replace(" ", "") in {label.replace("\n", "").replace(" ", "")
                                          for label in labels}, title
    assert "split(datum.label" in str(spec)
