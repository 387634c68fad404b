"""The report's charts: one function per figure, a project theme and figure files.

Every chart aggregates before it charts, so the data embedded in a page stays small when the
table grows to a whole funder's portfolio: at most TOP_N rows per bar chart (fewer where a row
is a project's name, so that it prints at its size), binned points and active-project counts
instead of raw rows. Every chart speaks its edition's language (analysis/text/<language>.toml,
[charts.*] and [values.*]) and describes itself in alt text written from its own data (`alt`).

One module per figure family (grants, timeline, duration, network, organisations, coverage),
the shared look in `theme`; this module names the figures and writes their files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import altair as alt

from .. import metrics, render
from ..dataset import Dataset
from .alt import alt_text
from .coverage import SWEDEN_PROJECTION, county_map_chart
from .duration import MAX_NAMED_POINTS, MAX_SCATTER_POINTS, duration_amount_chart
from .grants import grants_chart, sek_per_month_chart
from .network import MAX_NETWORK_PROJECTS, network_chart, network_layout, network_projects
from .organisations import org_types_chart, roles_chart
from .theme import (BASIS_COLOURS, BASIS_SHAPES, FONT, FONT_FAMILY, KIND_COLOURS, NO_DATA_GREY,
                    ORGANISATION_TYPE_COLOURS, PALETTE, ROLE_COLOURS, ROLE_PALETTE, SEK_FORMAT,
                    THEME_NAME, TOP_N, WIDTH, localised, setup)
from .timeline import MAX_GANTT_ROWS, timeline_chart

__all__ = [
    "BASIS_COLOURS", "BASIS_SHAPES", "FIGURES", "FONT", "FONT_FAMILY", "KIND_COLOURS",
    "MAX_GANTT_ROWS", "MAX_NAMED_POINTS", "MAX_NETWORK_PROJECTS", "MAX_SCATTER_POINTS",
    "NO_DATA_GREY",
    "ORGANISATION_TYPE_COLOURS", "PALETTE", "ROLE_COLOURS", "ROLE_PALETTE", "SEK_FORMAT",
    "SWEDEN_PROJECTION", "THEME_NAME", "TOP_N", "WIDTH", "alt_text", "alt_texts",
    "county_map_chart",
    "duration_amount_chart", "figure", "grants_chart", "localised", "network_chart",
    "network_layout",
    "network_projects",
    "org_types_chart", "roles_chart", "save_figure", "sek_per_month_chart", "setup",
    "timeline_chart", "write_figures"]


# --- registry and files --------------------------------------------------------------------

# name -> chart of (data, language).
FIGURES: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "grants": lambda data, language: grants_chart(metrics.funding(data.projects), language),
    "sek-per-month": lambda data, language: sek_per_month_chart(metrics.funding(data.projects),
                                                                language),
    "timeline": lambda data, language: timeline_chart(data.projects, language),
    "duration-amount": lambda data, language: duration_amount_chart(
        metrics.funding(data.projects), language),
    "network": lambda data, language: network_chart(data, language),
    "org-types": lambda data, language: org_types_chart(data, language),
    "roles": lambda data, language: roles_chart(data, language),
    "county-map": lambda data, language: county_map_chart(metrics.county_coverage(data),
                                                          language),
}


def figure(name: str, data: Dataset, language: str) -> alt.TopLevelMixin:
    """A figure in the edition's language: its words from the edition's catalogue, its
    numbers and month names in the edition's locale, and its alt text (written from its own
    data) as its description, which Vega gives screen readers as the chart's label."""
    chart = localised(FIGURES[name](data, language), language)
    return chart.properties(description=alt_text(name, chart.to_dict(), language))


def alt_texts(data: Dataset, language: str) -> dict[str, str]:
    """The alt text of every figure, written from its data, by notebook label (fig-<name>):
    the build writes them into the executed notebooks' fig-alt options."""
    return {f"fig-{name}": alt_text(name, FIGURES[name](data, language).to_dict(), language)
            for name in FIGURES}


def save_figure(chart: alt.TopLevelMixin, name: str, directory: Path) -> list[Path]:
    setup()
    directory.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict()
    svg_path, png_path = directory / f"{name}.svg", directory / f"{name}.png"
    svg_path.write_text(render.chart_svg(spec), encoding="utf-8")
    png_path.write_bytes(render.chart_png(spec))
    return [svg_path, png_path]


def write_figures(data: Dataset, directory: Path, language: str) -> list[Path]:
    paths: list[Path] = []
    for name in FIGURES:
        paths += save_figure(figure(name, data, language), name, directory)
    return paths
