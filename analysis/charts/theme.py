"""The charts' shared look and helpers: font, palettes, the Altair theme and the edition's
locale, setup, and the small text helpers every figure uses (wrapped labels, titles, months)."""

from __future__ import annotations

import textwrap

import altair as alt
import numpy as np
import pandas as pd

from .. import render
from ..fields import FUNDER_GRANT, PARTICIPATION_ROLES, TOTAL_BUDGET
from ..text import catalogue
from ..text.labels import value_label
from .font_metrics import text_width

# DejaVu Sans: in Debian's fonts-dejavu-core, carries å ä ö, and both vl-convert and Typst
# find it (a generic "sans-serif" in an SVG becomes a serif in Typst). Browsers without it
# take the next font in the list rather than their default, which is often a serif.
FONT = "DejaVu Sans"
FONT_FAMILY = f"{FONT}, Liberation Sans, Arial, sans-serif"
# Okabe & Ito's colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
BASIS_COLOURS = {FUNDER_GRANT: "#0072B2", TOTAL_BUDGET: "#E69F00"}
BASIS_SHAPES = {FUNDER_GRANT: "circle", TOTAL_BUDGET: "square"}
KIND_COLOURS = {"project": "#0072B2", "initiative": "#CC79A7", "event": "#000000"}
NO_DATA_GREY = "#d9d9d9"
# Fixed colour per organisation type and per role, so that a category keeps its colour
# whatever the data holds and in every chart.
ORGANISATION_TYPE_COLOURS = {
    "municipality": "#0072B2", "region": "#E69F00", "county administrative board": "#009E73",
    "state agency": "#D55E00", "association of local authorities": "#CC79A7",
    "university or college": "#56B4E9", "research institute": "#1B9E77",
    "association": "#F0E442", "company": "#999999",
    "other public body": "#8C6D31", "not classified": "#E7298A"}
# Roles take other hues than organisation types (from Paul Tol's palettes), so that on one
# page a colour means one thing: in the network a colour is a type, in the role charts a role.
ROLE_PALETTE = ["#332288", "#44AA99", "#999933", "#882255", "#AA4499", "#DDCC77", "#117733"]
ROLE_COLOURS = {role: ROLE_PALETTE[index % len(ROLE_PALETTE)]
                for index, role in enumerate(PARTICIPATION_ROLES)}

TOP_N = 25
# Plot width in CSS px, chosen so that a whole chart (labels and legend included) fits the
# 17 cm text width of the A4 PDF at natural size; the renderer caps the rest.
WIDTH = 380
SEK_FORMAT = ",.0f"
THEME_NAME = "analysis"


def chart_words(language: str) -> dict:
    """The words drawn in the charts, from the language's catalogue ([charts])."""
    return catalogue(language)["charts"]


def _fixed_colours(colours: dict[str, str], present, field: str | None,
                   language: str) -> alt.Scale:
    """Only the categories present (a legend lists nothing absent), each in its fixed colour;
    with `field`, the scale's domain holds the words a reader sees for the codes
    ([values.<field>] of the edition's catalogue), which the chart's data must hold too."""
    present = set(present)
    domain = [category for category in colours if category in present]
    return alt.Scale(domain=[value_label(field, c, language) if field else c for c in domain],
                     range=[colours[category] for category in domain])


def _basis_encodings(language: str) -> dict[str, alt.Color | alt.Shape]:
    """Colour and shape both say the amount's basis, so it survives greyscale printing; the
    data's `basis` holds the edition's words for it (value_label)."""
    title = chart_words(language)["tip_basis"]
    domain = [value_label("amount_basis", basis, language) for basis in BASIS_COLOURS]
    return {
        "color": alt.Color("basis:N", title=title,
                           scale=alt.Scale(domain=domain, range=list(BASIS_COLOURS.values()))),
        "shape": alt.Shape("basis:N", title=title,
                           scale=alt.Scale(domain=domain, range=list(BASIS_SHAPES.values())))}


def localised(chart: alt.TopLevelMixin, language: str) -> alt.TopLevelMixin:
    """The chart with the edition's locale in its config: numbers with a space between
    thousands, month names in the edition's language on time axes."""
    return chart.configure(locale=render.locale(language))


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
# A chart with a row per project may take three quarters of a page in print (others a third,
# render.MAX_PRINT_HEIGHT), so that its names print at about their size.
LIST_PRINT_HEIGHT = 700


def _wrap(text: object, width: int = LABEL_LINE_WIDTH, lines: int = LABEL_LINES) -> str:
    """A title over at most `lines` lines of `width` characters; only a title longer than
    that is cut, at the end of its last line."""
    parts = textwrap.wrap(str(text), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = _short(parts[-1] + " …", width)
    return "\n".join(parts)


def _axis_labels(titles: pd.Series, ids: pd.Series, width: int = LABEL_LINE_WIDTH,
                 lines: int = LABEL_LINES) -> list[str]:
    """Titles wrapped for a category axis, made unique: two projects with the same title
    would otherwise share one row and draw over each other."""
    labels = [_wrap(title, width, lines) for title in titles]
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


SUBTITLE_LINE_WIDTH = 100  # characters: a longer note goes on over more lines
SUBTITLE_FONT_SIZE = 12  # px, as in the theme


def _lines_within(text: str, px: float, font_size: float = SUBTITLE_FONT_SIZE) -> list[str]:
    """`text` broken between words into lines of at most `px` drawn in the charts' font (a
    single word wider than that keeps a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _title(text: str, *subtitles: str, width: int = SUBTITLE_LINE_WIDTH) -> alt.TitleParams:
    """A title, and under it the notes, each wrapped at `width` characters."""
    lines = [line for s in subtitles if s for line in textwrap.wrap(s, width)]
    return alt.TitleParams(text, subtitle=lines) if lines else alt.TitleParams(text)

