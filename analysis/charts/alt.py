"""Alt text written from a chart's own spec: what kind of chart, its axes, what it holds and its
extremes, and the notes of its subtitle, read from the data the chart embeds (so the words
cannot disagree with the picture).

`figure()` puts the text in the spec's `description` (Vega gives it to screen readers as the
chart's label) and the build writes it into the notebook cell's `fig-alt` option, which Quarto
uses for the figure in the report.
"""

from __future__ import annotations

from collections import Counter

from ..metrics import format_sek
from ..text import Count, fill_plain
from .theme import chart_words


def _datasets(spec: dict, part: dict) -> list[dict]:
    return spec["datasets"][part["data"]["name"]]


def _layers(part: dict) -> list[dict]:
    return (part["spec"] if "spec" in part else part)["layer"]


def _subtitle(title: dict) -> str:
    lines = title.get("subtitle", [])
    return " ".join([lines] if isinstance(lines, str) else lines)


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _title_text(title: dict | str) -> str:
    return title["text"] if isinstance(title, dict) else str(title)


def amounts_alt(spec: dict, language: str = "en") -> str:
    """The grants chart and the SEK per project-month chart: one sentence per panel."""
    words = chart_words(language)["alt"]
    sentences = [fill_plain(words["amounts"], title=_title_text(spec["title"]))]
    for part in spec.get("vconcat", [spec]):
        if "facet" not in part and "layer" not in part:  # a note that there is nothing to draw
            continue
        rows = _datasets(spec, part)
        first = _layers(part)[0]
        x = first["encoding"]["x"]
        log = x["scale"].get("type") == "log"
        what = x.get("axis", {}).get("description") or x["title"]  # the quantity alone
        axis = fill_plain(words["log_axis" if log else "linear_axis"], axis=_flat(what))
        title = _title_text(part["title"])
        if "facet" in part:  # one mark per project, under its call's name
            groups = Counter(_flat(r["group"]) for r in rows)
            largest = max(rows, key=lambda r: r["value"])
            smallest = min(rows, key=lambda r: r["value"])
            mark = words["bars"] if first["mark"]["type"] == "bar" else words["dots"]
            values = dict(
                title=title, n=Count(len(rows), language),
                groups=Count(len(groups), language), marks=mark, axis=axis,
                group_names="; ".join(f"{group} ({Count(n, language)})"
                                      for group, n in groups.items()),
                largest=format_sek(largest["value"]), largest_title=largest["title"],
                smallest=format_sek(smallest["value"]), smallest_title=smallest["title"])
            key = "panel_one" if len(rows) == 1 else "panel_items"
            sentences.append(fill_plain(words[key], **values))
        else:  # one row per call or programme: range and median
            sentences.append(fill_plain(
                words["panel_spread"], title=title, axis=axis,
                n=Count(sum(r["projects"] for r in rows), language),
                groups=Count(len(rows), language),
                smallest=format_sek(min(r["low"] for r in rows)),
                largest=format_sek(max(r["high"] for r in rows)),
                notes=_subtitle(part["title"])))
    notes = _subtitle(spec["title"])
    return " ".join(sentences + ([notes] if notes else []))


def network_alt(spec: dict, language: str = "en") -> str:
    words = chart_words(language)["alt"]
    names = ["edges", "leaders", "organisations", "projects", "labels"]
    rows = {name: _datasets(spec, layer) for name, layer in zip(names, spec["layer"])}
    types = Counter(r["type"] for r in rows["organisations"])
    roles = Counter(r["role"] for r in rows["edges"])
    largest = max(rows["projects"], key=lambda r: r["organisations"]) if rows["projects"] \
        else None
    shared = [r for r in rows["organisations"] if r["projects"] > 1]
    text = fill_plain(
        words["network"], projects=Count(len(rows["projects"]), language),
        organisations=Count(len(rows["organisations"]), language),
        types=", ".join(f"{t} {Count(n, language)}" for t, n in types.most_common()),
        lines=Count(len(rows["edges"]), language),
        roles=", ".join(f"{r} {Count(n, language)}" for r, n in roles.most_common()))
    if largest:
        text += " " + fill_plain(words["network_largest"], title=largest["title"],
                                 size=Count(largest["organisations"], language))
    if shared:
        names_shared = ", ".join(r["name"] for r in sorted(
            shared, key=lambda r: (-r["projects"], r["name"]))[:5])
        text += " " + fill_plain(words["network_shared"], n=Count(len(shared), language),
                                 names=names_shared)
    notes = _subtitle(spec["title"])
    return " ".join([text] + ([notes] if notes else []))


ALT_TEXTS = {"grants": amounts_alt, "sek-per-month": amounts_alt, "network": network_alt}


def alt_text(name: str, spec: dict, language: str = "en") -> str | None:
    """The alt text of figure `name` from its spec; None for a figure without a generator."""
    writer = ALT_TEXTS.get(name)
    return _flat(writer(spec, language)) if writer else None
