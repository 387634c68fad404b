"""Each figure's PNG drawn once (render.chart_png): the kernel that shows a figure draws it
into a folder it shares with the build, whose figure files take it from there, byte for byte
what vl-convert draws from the same spec."""

import base64

import vl_convert

from analysis import charts, load_dataset, render
from analysis.handover import PNG_CACHE_ENV


def test_a_figure_file_takes_the_png_its_notebook_drew(tmp_path, monkeypatch):
    data = load_dataset()
    charts.setup()
    drawings = []
    draw = render._draw_png

    def counted(spec):
        drawings.append(spec)
        return draw(spec)
    monkeypatch.setattr(render, "_draw_png", counted)
    cache = tmp_path / "png"
    cache.mkdir()
    # The kernel: the notebook shows the chart (render.offline_mimebundle draws its PNG).
    monkeypatch.setenv(PNG_CACHE_ENV, str(cache))
    render.enable_offline_renderer()
    shown = charts.figure("grants", data, "en")._repr_mimebundle_()
    bundle = shown[0] if isinstance(shown, tuple) else shown
    assert len(drawings) == 1
    # The build: the figure files, from the chart it drew itself for the alt texts.
    drawn = charts.draw_edition(data, "en")
    charts.write_figures({"grants": drawn["grants"]}, tmp_path / "figures", cache)
    assert len(drawings) == 1  # taken, not drawn again
    png = (tmp_path / "figures" / "grants.png").read_bytes()
    assert png == base64.b64decode(bundle["image/png"])
    spec = drawn["grants"].chart.to_dict()
    assert png == vl_convert.vegalite_to_png(spec, scale=render.PNG_SCALE,
                                             **render._locales(spec))
    # Without a drawing to take (a notebook reused from an earlier build), it is drawn.
    charts.write_figures({"timeline": drawn["timeline"]}, tmp_path / "figures", cache)
    assert len(drawings) == 2


def test_a_png_is_taken_only_for_the_same_spec(tmp_path):
    spec = {"data": {"values": [{"a": 1}, {"a": 2}]}, "mark": "bar",
            "encoding": {"x": {"field": "a", "type": "ordinal"}}, "width": 100}
    other = {**spec, "width": 120}
    assert render.png_key(spec) != render.png_key(other)
    first = render.chart_png(spec, tmp_path)
    assert render.chart_png(other, tmp_path) != first
    assert render.chart_png(spec, tmp_path) == first == render.chart_png(spec)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".png", ".png"]
