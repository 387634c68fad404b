"""The report's figures, each declared once: its name, the notebook (section) that shows it,
the function that draws it from the data in an edition's language, and the function that
writes its alt text from what it draws.

Everything else is derived from FIGURES: the notebook label (`fig-<name>`), the catalogues'
caption key ([captions.fig-<name>]), the embed in report.qmd and the figure files; tests
check the notebooks, report.qmd and the catalogues against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import altair as alt

from .. import metrics, render
from ..dataset import Dataset
from . import alt as alt_text
from .coverage import county_map_chart
from .drawn import Drawn
from .duration import duration_amount_chart
from .grants import grants_chart, sek_per_month_chart
from .network import network_chart
from .organisations import org_types_chart, roles_chart
from . import portfolio, portfolio_alt
from .portfolio_distributions import distributions_chart
from .theme import localised, setup
from .timeline import timeline_chart


@dataclass(frozen=True)
class Figure:
    name: str
    section: str  # the notebook in analysis/ that shows it (without .ipynb)
    draw: Callable[[Dataset, str], Drawn]
    describe: Callable[[Drawn, str], str]

    @property
    def label(self) -> str:
        """Its label in the notebook, its caption's key and its cross-reference (@fig-…)."""
        return f"fig-{self.name}"


FIGURES: tuple[Figure, ...] = (
    Figure("grants", "grants",
           lambda data, language: grants_chart(metrics.funding(data.projects), language),
           alt_text.amounts_alt),
    Figure("sek-per-month", "grants",
           lambda data, language: sek_per_month_chart(metrics.funding(data.projects), language),
           alt_text.amounts_alt),
    Figure("timeline", "durations",
           lambda data, language: timeline_chart(data.projects, language),
           alt_text.timeline_alt),
    Figure("duration-amount", "durations",
           lambda data, language: duration_amount_chart(metrics.funding(data.projects),
                                                        language),
           alt_text.duration_alt),
    Figure("network", "networks", network_chart, alt_text.network_alt),
    Figure("org-types", "networks", org_types_chart, alt_text.org_types_alt),
    Figure("roles", "networks", roles_chart, alt_text.roles_alt),
    Figure("county-map", "coverage",
           lambda data, language: county_map_chart(metrics.county_coverage(data), language),
           alt_text.county_map_alt),
    Figure("portfolio-programmes", "portfolio", portfolio.programmes_chart,
           portfolio_alt.programmes_alt),
    Figure("portfolio-years", "portfolio", portfolio.years_chart, portfolio_alt.years_alt),
    Figure("portfolio-kinds", "portfolio", portfolio.kinds_chart, portfolio_alt.kinds_alt),
    Figure("portfolio-municipalities", "portfolio", portfolio.municipalities_chart,
           portfolio_alt.municipalities_alt),
    Figure("portfolio-distributions", "portfolio", distributions_chart,
           portfolio_alt.distributions_alt),
)
FIGURES_BY_NAME = {figure.name: figure for figure in FIGURES}


def describe(name: str, drawn: Drawn, language: str) -> str:
    """The alt text of figure `name`, written from the frames it draws."""
    return " ".join(FIGURES_BY_NAME[name].describe(drawn, language).split())


def draw(name: str, data: Dataset, language: str) -> Drawn:
    """A figure in the edition's language, drawn once: its words from the edition's
    catalogue, its numbers and month names in the edition's locale, and its alt text
    (written from the frames it draws) as its description, which Vega gives screen readers
    as the chart's label."""
    drawn = FIGURES_BY_NAME[name].draw(data, language)
    chart = localised(drawn.chart, language).properties(
        description=describe(name, drawn, language))
    return Drawn(chart, drawn.frames, drawn.panels)


def figure(name: str, data: Dataset, language: str) -> alt.TopLevelMixin:
    """The chart of figure `name`, as a notebook shows it."""
    return draw(name, data, language).chart


def draw_edition(data: Dataset, language: str) -> dict[str, Drawn]:
    """Every figure of an edition, each drawn once: the build takes the alt texts and the
    figure files from these."""
    return {figure.name: draw(figure.name, data, language) for figure in FIGURES}


def alt_texts(drawn: dict[str, Drawn]) -> dict[str, str]:
    """The alt text of every drawn figure, by notebook label (fig-<name>): the build writes
    them into the executed notebooks' fig-alt options."""
    return {FIGURES_BY_NAME[name].label: chart.chart.description
            for name, chart in drawn.items()}


def save_figure(chart: alt.TopLevelMixin, name: str, directory: Path,
                png_cache: Path | None = None) -> list[Path]:
    """The figure's SVG and PNG files; its PNG is taken from `png_cache` (render.chart_png)
    when a notebook has drawn the same spec there."""
    setup()
    directory.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict()
    svg_path, png_path = directory / f"{name}.svg", directory / f"{name}.png"
    svg_path.write_text(render.chart_svg(spec), encoding="utf-8")
    png_path.write_bytes(render.chart_png(spec, png_cache))
    return [svg_path, png_path]


def write_figures(drawn: dict[str, Drawn], directory: Path,
                  png_cache: Path | None = None) -> list[Path]:
    paths: list[Path] = []
    for name, chart in drawn.items():
        paths += save_figure(chart.chart, name, directory, png_cache)
    return paths
