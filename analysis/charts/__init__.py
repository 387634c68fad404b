"""The report's charts: one function per figure, a project theme and figure files.

Every chart aggregates before it charts, so the data embedded in a page stays small when the
table grows to a whole funder's portfolio: at most TOP_N rows per bar chart (fewer where a row
is a project's name, so that it prints at its size), binned points and active-project counts
instead of raw rows. Every chart speaks its edition's language (analysis/text/<language>.toml,
[charts.*] and [values.*]) and describes itself in alt text written from its own data (`alt`).

One module per figure family (grants, timeline, duration, network, organisations, coverage),
the shared look in `theme`, the alt texts in `alt`; `registry` declares each figure once and
writes their files.
"""

from __future__ import annotations

from .coverage import SWEDEN_PROJECTION, county_map_chart
from .drawn import Drawn, Panel
from .duration import MAX_NAMED_POINTS, MAX_SCATTER_POINTS, duration_amount_chart
from .grants import grants_chart, sek_per_month_chart
from .network import MAX_NETWORK_PROJECTS, network_chart, network_projects
from .network_placement import network_layout
from .organisations import org_types_chart, roles_chart
from .registry import (FIGURES, FIGURES_BY_NAME, Figure, alt_texts, describe, draw,
                       draw_edition, figure, save_figure, write_figures)
from .theme import (BASIS_COLOURS, BASIS_SHAPES, FONT, FONT_FAMILY, KIND_COLOURS, NO_DATA_GREY,
                    ORGANISATION_TYPE_COLOURS, PALETTE, ROLE_COLOURS, ROLE_PALETTE, SEK_FORMAT,
                    THEME_NAME, TOP_N, WIDTH, localised, setup)
from .timeline import MAX_GANTT_ROWS, timeline_chart

__all__ = [
    "BASIS_COLOURS", "BASIS_SHAPES", "Drawn", "FIGURES", "FIGURES_BY_NAME", "FONT",
    "FONT_FAMILY", "Figure", "KIND_COLOURS", "MAX_GANTT_ROWS", "MAX_NAMED_POINTS",
    "MAX_NETWORK_PROJECTS", "MAX_SCATTER_POINTS", "NO_DATA_GREY", "ORGANISATION_TYPE_COLOURS",
    "PALETTE", "Panel", "ROLE_COLOURS", "ROLE_PALETTE", "SEK_FORMAT", "SWEDEN_PROJECTION",
    "THEME_NAME", "TOP_N", "WIDTH", "alt_texts", "county_map_chart", "describe", "draw",
    "draw_edition", "duration_amount_chart", "figure", "grants_chart", "localised",
    "network_chart", "network_layout", "network_projects", "org_types_chart", "roles_chart",
    "save_figure", "sek_per_month_chart", "setup", "timeline_chart", "write_figures"]
