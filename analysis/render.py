"""An Altair renderer whose output works offline in HTML and as a static image in the PDF.

Altair's default renderer loads Vega from a CDN when the page is viewed (blank offline) and
gives Typst nothing to print. This renderer returns one mimebundle with
  text/html  a div plus a small script calling window.vegaEmbed — no CDN; the Vega bundle is
             put on the page once (see `vega_header_html`), by Quarto's include-in-header or by
             the build for nbconvert pages;
  image/png  drawn by vl-convert at twice the CSS size, with width/height metadata so that
             Quarto/Typst place it at its natural size, sharp.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
from pathlib import Path

import altair as alt
import vl_convert

from . import element_ids
from .handover import PNG_CACHE_ENV
from .tables.report_table import interactive_header_html
from .text import catalogue

RENDERER_NAME = "offline"
PNG_SCALE = 2
# A4 minus 2 cm margins each side is 17 cm: 642 CSS px at 96 px per inch.
MAX_PRINT_WIDTH = 640
# About 35 % of A4's 25.3 cm text height (2.2 cm margins), so that a chart, its caption and
# a paragraph or two share a page.
MAX_PRINT_HEIGHT = 340
FORMAT_LOCALE = "sv-SE"  # decimal comma, space as thousands separator, "kr"
# d3 time-format locale an edition's month names are put into (days, date order and so on).
TIME_LOCALES = {"en": "en-US", "sv": "sv-SE"}


def number_locale() -> dict:
    """d3 number format locale: decimal comma, space as thousands separator."""
    return vl_convert.get_format_locale(FORMAT_LOCALE)


def time_locale(language: str) -> dict:
    """d3 time-format locale of an edition: its month names from its catalogue's [grammar]
    (Swedish ones in lower case, "jan 2016"), the rest from d3's locale for the language."""
    grammar = catalogue(language)["grammar"]
    base = vl_convert.get_time_format_locale(TIME_LOCALES.get(language, "en-US"))
    return {**base, "months": list(grammar["months"]),
            "shortMonths": list(grammar["short_months"])}


def locale(language: str) -> dict:
    """Vega's locale config of an edition: numbers with a space between thousands, months in
    the edition's language. A chart carries it in its spec (config.locale), so that every
    renderer draws it alike; the renderers below also pass it explicitly."""
    return {"number": number_locale(), "time": time_locale(language)}


def spec_time_locale(spec: dict) -> dict | None:
    """The time-format locale a spec carries in its config, if any."""
    return ((spec.get("config") or {}).get("locale") or {}).get("time")


def _locales(spec: dict) -> dict:
    time = spec_time_locale(spec)
    return {"format_locale": FORMAT_LOCALE, **({"time_format_locale": time} if time else {})}


def vega_header_html() -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript, and the interactive tables' DataTables
    bundle (tables/report_table.py), once per page.

    The bundle ends by setting window.vega, window.vegaLite and window.vegaEmbed. It is wrapped
    in a function because its top level declares short names (const n, function t, …) that
    would otherwise clash with any other script on the page declaring the same names.
    """
    bundle = vl_convert.javascript_bundle()
    # The first line stops Quarto parsing "<table" inside the JavaScript as an HTML table.
    return ("<!--| quarto-html-table-processing: none -->\n"
            "<script>\n(function () {\n" + bundle.replace("</script", "<\\/script")
            + "\n})();\n</script>\n" + interactive_header_html())


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def chart_png(spec: dict, cache: Path | str | None = None) -> bytes:
    """The chart drawn as PNG at PNG_SCALE. With a `cache` folder, a spec drawn before (by
    any process sharing the folder) is read from it, byte for byte what vl-convert drew."""
    if cache is None:
        return _draw_png(spec)
    path = Path(cache) / f"{png_key(spec)}.png"
    if path.is_file():
        return path.read_bytes()
    png = _draw_png(spec)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
    partial.write_bytes(png)
    partial.replace(path)  # whole or not at all, whoever reads it meanwhile
    return png


def _draw_png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE, **_locales(spec))


def png_key(spec: dict) -> str:
    """What a chart's PNG depends on: its spec (its locales included), the scale and the
    version of vl-convert that draws it."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{vl_convert.__version__}\0{PNG_SCALE}\0{text}".encode()
                          ).hexdigest()[:32]


_GRADIENT_ID = re.compile(r"gradient_\d+")


def chart_svg(spec: dict) -> str:
    svg = vl_convert.vegalite_to_svg(spec, **_locales(spec))
    # vl-convert numbers gradients with a counter that lives as long as the process; number
    # them per file so the same chart always gives the same SVG.
    numbering: dict[str, str] = {}
    return _GRADIENT_ID.sub(
        lambda m: numbering.setdefault(m.group(0), f"gradient_{len(numbering)}"), svg)


_MULTI_VIEW = ("hconcat", "vconcat", "concat", "facet", "repeat")


def responsive(spec: dict) -> dict:
    """The spec for a web page: a single (or layered) view takes the width of its column
    ("container"); the print width stays for the PNG. Maps keep their size (the projection is
    fitted to it) and so do composed views, whose parts Vega-Lite cannot fit to a container."""
    encodings = [spec.get("encoding", {})] + [layer.get("encoding", {})
                                              for layer in spec.get("layer", [])]
    if not isinstance(spec.get("width"), (int, float)) or any(k in spec for k in _MULTI_VIEW) \
            or any(k in e for e in encodings for k in ("row", "column", "facet")) \
            or "projection" in spec or '"projection"' in json.dumps(spec.get("layer", [])):
        return spec
    return {**spec, "width": "container"}


def html_snippet(spec: dict, element_id: str) -> str:
    spec = responsive(spec)
    # "</script" or "<!--" from the data inside a <script> would end or derail it; "\u003c" is
    # the same "<" to JSON and JavaScript but not to the HTML parser.
    spec_json = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")
    options = {"actions": False, "formatLocale": number_locale()}
    if spec_time_locale(spec):  # month names in the chart's language (its config has them too)
        options["timeFormatLocale"] = spec_time_locale(spec)
    options_json = json.dumps(options, ensure_ascii=False).replace("<", "\\u003c")
    return (f'<div id="{element_id}" class="vega-chart" style="width: 100%"></div>\n'
            f"<script>(function() {{\n"
            f'  var el = document.getElementById("{element_id}");\n'
            f"  if (window.vegaEmbed) {{\n"
            f"    window.vegaEmbed(el, {spec_json}, "
            f"{options_json})\n"
            f"      .catch(function (error) {{ el.textContent = String(error); }});\n"
            f"  }} else {{\n"
            f'    el.textContent = "Chart needs the Vega bundle in the page header.";\n'
            f"  }}\n"
            f"}})();</script>")


def print_size(css_width: int, css_height: int,
               max_height: int = MAX_PRINT_HEIGHT) -> tuple[int, int]:
    """The chart's size on the PDF page: natural size, scaled down (proportions kept) to the
    text width and to at most `max_height` (a third of a page unless the chart asks for more
    in its usermeta, as the network does so that its names print legibly)."""
    scale = min(1.0, MAX_PRINT_WIDTH / css_width, max_height / css_height)
    return round(css_width * scale), round(css_height * scale)


def offline_mimebundle(spec: dict, **_: object) -> tuple[dict, dict]:
    png = chart_png(spec, os.environ.get(PNG_CACHE_ENV) or None)
    width, height = _png_size(png)
    # Unique on the report page, where outputs of several kernels meet: content hash + count.
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    element_id = element_ids.element_id("vega", digest)
    data = {
        "text/html": html_snippet(spec, element_id),
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": "<Altair chart>",
    }
    max_height = (spec.get("usermeta") or {}).get("print_max_height", MAX_PRINT_HEIGHT)
    css_width, css_height = print_size(width // PNG_SCALE, height // PNG_SCALE, max_height)
    metadata = {"image/png": {"width": css_width, "height": css_height}}
    return data, metadata


def enable_offline_renderer() -> None:
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, offline_mimebundle)
    alt.renderers.enable(RENDERER_NAME)
