"""Chart functions on small made-up frames and on the real data: marks, encodings, and what
data reaches the chart."""

import base64
import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from analysis import charts, load_dataset, metrics, render


@pytest.fixture(scope="module")
def data():
    charts.setup()
    return load_dataset()


def funding_frame(amounts, bases, months=None) -> pd.DataFrame:
    n = len(amounts)
    return pd.DataFrame({
        "project_id": [f"p{i}" for i in range(n)], "kind": ["project"] * n,
        "title": [f"Projekt {i} åäö" for i in range(n)],
        "title_en": [f"Project {i}" for i in range(n)], "funder": ["Vinnova"] * n,
        "programme": [None] * n, "coordinator": ["X"] * n,
        "amount_sek": pd.array(amounts, dtype="Int64"), "amount_basis": bases,
        "start_month": ["2020-01"] * n, "end_month": ["2020-12"] * n,
        "duration_months": pd.array(months or [12] * n, dtype="Int64"),
        "sek_per_month": pd.array([a / 12 if a is not None else None for a in amounts],
                                  dtype="Float64"),
        "amount_known": [a is not None for a in amounts]})


def layer_values(spec: dict) -> list[dict]:
    if "datasets" in spec:
        return list(spec["datasets"].values())[0]
    return spec["data"]["values"]  # inline data (the map)


def test_grants_chart_keeps_unknown_amounts_unknown_and_basis_visible():
    frame = funding_frame([200_000, 5_000_000, None], ["funder grant", "total project budget",
                                                       None])
    spec = charts.grants_chart(frame).to_dict()
    rows = layer_values(spec)
    unknown = [r for r in rows if r["title"] == "Project 2"][0]
    assert unknown["amount"] is None and unknown["basis"] == "amount unknown"
    assert {r["basis"] for r in rows} == {"funder grant", "total project budget",
                                          "amount unknown"}
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]]
    assert marks == ["rule", "point", "text", "text"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    assert spec["layer"][3]["encoding"]["text"] == {"value": "amount unknown"}
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == [
        "funder grant", "total project budget"]


def test_grants_chart_log_domain_covers_small_and_large_amounts():
    spec = charts.grants_chart(funding_frame([193_800, 16_095_000],
                                             ["funder grant"] * 2)).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [1e5, 1e8]


def test_grants_chart_shows_top_25_of_many_and_says_so():
    rng = np.random.default_rng(1)
    amounts = [int(a) for a in rng.lognormal(13, 1, 300)]
    spec = charts.grants_chart(funding_frame(amounts, ["funder grant"] * 300)).to_dict()
    rows = layer_values(spec)
    assert len(rows) == 25
    assert min(r["amount"] for r in rows) == sorted(amounts)[-25]
    assert any("25 largest of 300" in s for s in spec["title"]["subtitle"])


def test_timeline_lists_undated_items_and_spans_whole_months(data):
    spec = charts.timeline_chart(data.projects).to_dict()
    bars, notes = spec["layer"]
    rows = list(spec["datasets"].values())
    bar_rows = [r for r in rows[0]]
    samverket = [r for r in bar_rows if r["title"] == "Östersunds kommun utilizes Samverket"][0]
    assert (samverket["start"], samverket["end"]) == ("2022-01-01", "2023-06-01")
    assert notes["encoding"]["text"] == {"value": "dates not stated"}
    assert [r["title"] for r in rows[1]] == ["MORE Östersund"]


def test_timeline_of_many_projects_aggregates_to_counts_per_month():
    n = 200
    projects = pd.DataFrame({"title_en": [f"P{i}" for i in range(n)], "kind": ["project"] * n,
                             "start_month": ["2020-01"] * n, "end_month": ["2020-03"] * n,
                             "duration_months": [3] * n})
    spec = charts.timeline_chart(projects).to_dict()
    values = layer_values(spec)
    assert spec["mark"]["type"] == "area"
    assert [v["active"] for v in values] == [n, n, n]


def test_duration_amount_leaves_out_unknowns_and_bins_when_many():
    frame = funding_frame([100_000, None], ["funder grant", None])
    spec = charts.duration_amount_chart(frame).to_dict()
    assert len(layer_values(spec)) == 1 and "1 without" in spec["title"]["subtitle"][0]
    many = funding_frame(list(range(100_000, 100_000 + 1000)), ["funder grant"] * 1000,
                         months=[int(m) for m in np.arange(1000) % 48 + 1])
    binned = charts.duration_amount_chart(many).to_dict()
    assert binned["mark"]["type"] == "rect" and binned["encoding"]["facet"]["field"] == "basis"
    assert sum(v["projects"] for v in layer_values(binned)) == 1000


def test_network_layout_is_repeatable_and_covers_every_node(data):
    first = charts.network_layout(data.participations)
    second = charts.network_layout(data.participations.sample(frac=1, random_state=3))
    assert first == second
    assert len(first) == data.projects.shape[0] + data.participations["org_id"].nunique()


def test_network_names_only_shared_organisations(data):
    spec = charts.network_chart(data).to_dict()
    datasets = list(spec["datasets"].values())
    org_nodes = [d for d in datasets if d and "type" in d[0]][0]
    assert [n["label"] for n in org_nodes if n["label"]] == ["Östersunds kommun"]
    assert len(org_nodes) == data.participations["org_id"].nunique()


def test_county_map_has_21_inlined_counties_with_counts(data):
    coverage = metrics.county_coverage(data)
    spec = charts.county_map_chart(coverage).to_dict()
    features = layer_values(spec)
    assert len(features) == 21
    by_name = {f["properties"]["county_name"]: f["properties"] for f in features}
    assert by_name["Jämtlands län"]["projects"] == 3
    assert by_name["Skåne län"]["projects"] == 0
    assert "url" not in spec["data"]
    assert len(json.dumps(features)) < 150_000


def test_renderer_bundle_is_offline_and_carries_a_sized_png(data):
    spec = charts.figure("grants", data).to_dict()
    bundle, metadata = render.offline_mimebundle(spec)
    assert "window.vegaEmbed" in bundle["text/html"]
    assert "<script src" not in bundle["text/html"] and "cdn" not in bundle["text/html"]
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    width, height = metadata["image/png"]["width"], metadata["image/png"]["height"]
    assert 300 < width < 1200 and 100 < height < 1200


def test_script_tags_in_data_cannot_close_the_chart_script(data):
    projects = data.projects.copy()
    projects.loc[0, "title_en"] = "</script><script>alert(1)</script>"
    spec = charts.figure("grants", dataclasses.replace(data, projects=projects)).to_dict()
    html = render.offline_mimebundle(spec)[0]["text/html"]
    assert html.count("</script>") == 1


def test_vega_header_is_quarto_safe_and_defines_vega_embed():
    header = render.vega_header_html()
    assert header.startswith("<!--| quarto-html-table-processing: none -->\n<script>")
    assert "vegaEmbed" in header and header.rstrip().endswith("</script>")
    assert header.count("</script>") == 1


def test_theme_uses_a_concrete_font_and_thousands_separators(data):
    spec = charts.figure("roles", data).to_dict()
    assert spec["config"]["font"] == charts.FONT != "sans-serif"
    assert spec["config"]["numberFormat"] == ",.0f"


def test_saved_figures_are_identical_across_runs(data, tmp_path):
    chart = charts.figure("timeline", data)
    first = charts.save_figure(chart, "timeline", tmp_path / "a")
    second = charts.save_figure(chart, "timeline", tmp_path / "b")
    assert first[0].read_bytes() == second[0].read_bytes()
    assert "Östersund" in first[0].read_text(encoding="utf-8")


def test_every_figure_fits_the_pdf_text_width_at_natural_size(data):
    for name in charts.FIGURES:
        _, metadata = render.offline_mimebundle(charts.figure(name, data).to_dict())
        assert 200 < metadata["image/png"]["width"] <= render.MAX_PRINT_WIDTH, name
