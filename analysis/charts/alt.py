"""Alt text written from the data a chart draws: what kind of chart, its axes, what it holds
and its extremes, and the notes of its subtitle. Each function reads the frames the figure
function handed to Altair (`Drawn.frames`, by part name), so the words cannot disagree with
the picture, whatever the order of the chart's layers.

`registry.figure()` puts the text in the spec's `description` (Vega gives it to screen
readers as the chart's label) and the build writes it into the notebook cell's `fig-alt`
option, which Quarto uses for the figure in the report.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..text import Count, fill_plain, format_amount, format_month, join
from .drawn import Drawn
from .theme import chart_words


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _with_notes(text: str, drawn: Drawn) -> str:
    return " ".join([text] + ([drawn.notes] if drawn.notes else []))


def _totals(rows: list[dict], by: str, value: str) -> Counter:
    """The sum of `value` per distinct `by`, in the order the rows first name them."""
    totals: Counter = Counter()
    for row in rows:
        totals[row[by]] += row[value]
    return totals


def _tally(counts: Counter, language: str) -> str:
    """'partner 22, coordinator 6': each category with its count, the largest first."""
    return ", ".join(f"{name} {Count(n, language)}" for name, n in counts.most_common())


def _names(names: list[str], language: str, limit: int = 3) -> str:
    """'A', 'A and B', 'A, B and C', or 'A, B, C and 4 more'."""
    names = [_flat(name) for name in names]
    if len(names) <= limit:
        return join(names, language)
    more = fill_plain(chart_words(language)["alt"]["more"], n=Count(len(names) - limit,
                                                                     language))
    return join(names[:limit] + [more], language)


def _extreme(rows: list[dict], key: str, title: str, language: str, largest: bool) -> tuple:
    """The extreme value of `key` and the names of every row that has it (ties named)."""
    value = (max if largest else min)(r[key] for r in rows)
    return value, _names([r[title] for r in rows if r[key] == value], language)


def _month(date: str, language: str, last: bool = False) -> str:
    """'2016-01-01' as 'January 2016'; with `last`, the month before (a bar's end is the first
    day of the month after its last)."""
    month = pd.Timestamp(date)
    if last:
        month -= pd.offsets.MonthBegin(1)
    return format_month(month.strftime("%Y-%m"), language)


def amounts_alt(drawn: Drawn, language: str) -> str:
    """The grants chart and the SEK per project-month chart: one sentence per panel."""
    words = chart_words(language)["alt"]
    sentences = [fill_plain(words["amounts"], title=drawn.title)]
    for panel in drawn.panels:
        rows = drawn.rows(panel.frame)
        axis = fill_plain(words["log_axis" if panel.log else "linear_axis"],
                          axis=_flat(panel.quantity))
        if panel.one_by_one:  # one mark per project, under its call's name
            groups = Counter(_flat(r["group"]) for r in rows)
            largest = max(rows, key=lambda r: r["value"])
            smallest = min(rows, key=lambda r: r["value"])
            values = dict(
                title=panel.title, n=Count(len(rows), language),
                groups=Count(len(groups), language),
                marks=words["dots"] if panel.log else words["bars"], axis=axis,
                group_names="; ".join(f"{group} ({Count(n, language)})"
                                      for group, n in groups.items()),
                largest=format_amount(largest["value"], language),
                largest_title=largest["title"],
                smallest=format_amount(smallest["value"], language),
                smallest_title=smallest["title"])
            key = "panel_one" if len(rows) == 1 else "panel_items"
            sentences.append(fill_plain(words[key], **values))
        else:  # one row per call or programme: range and median
            sentences.append(fill_plain(
                words["panel_spread"], title=panel.title, axis=axis,
                n=Count(sum(r["projects"] for r in rows), language),
                groups=Count(len(rows), language),
                smallest=format_amount(min(r["low"] for r in rows), language),
                largest=format_amount(max(r["high"] for r in rows), language),
                notes=panel.notes))
    return " ".join(sentences + ([drawn.notes] if drawn.notes else []))


def network_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    rows = {name: drawn.rows(name) for name in ("edges", "organisations", "projects")}
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
    return _with_notes(text, drawn)


def _span(bar: dict, language: str) -> str:
    """A bar's months: 'October 2015', or 'September 2017 to November 2020'."""
    start, end = _month(bar["start"], language), _month(bar["end"], language, last=True)
    if start == end:
        return start
    return fill_plain(chart_words(language)["alt"]["span"], start=start, end=end)


def timeline_alt(drawn: Drawn, language: str) -> str:
    """The Gantt chart (bars, events and the undated items' notes), or the projects running
    per month for a large table."""
    if "active" in drawn.frames:
        return _active_alt(drawn, language)
    words = chart_words(language)["alt"]
    bars, events, undated = drawn.rows("bars"), drawn.rows("events"), drawn.rows("undated")
    sentences = []
    if bars:
        sentences.append(fill_plain(
            words["timeline"], n=Count(len(bars), language),
            first=_month(min(r["start"] for r in bars), language),
            last=_month(max(r["end"] for r in bars), language, last=True),
            kinds=_tally(Counter(r["kind"] for r in bars), language)))
        longest = max(bars, key=lambda r: r["months"])
        shortest = min(bars, key=lambda r: r["months"])
        sentences.append(fill_plain(
            words["timeline_extremes" if len(bars) > 1 else "timeline_one"],
            longest_title=longest["title"], longest=Count(longest["months"], language),
            longest_span=_span(longest, language),
            shortest_title=shortest["title"], shortest=Count(shortest["months"], language),
            shortest_span=_span(shortest, language)))
    else:
        sentences.append(fill_plain(words["timeline_none"]))
    if events:
        sentences.append(fill_plain(
            words["timeline_events"], n=Count(len(events), language),
            events=_names([f"{r['title']} ({r['month']})" for r in events], language, 5)))
    if undated:
        sentences.append(fill_plain(words["timeline_undated"], n=Count(len(undated), language),
                                    titles=_names([r["title"] for r in undated], language, 5)))
    return _with_notes(" ".join(sentences), drawn)


def _active_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    rows = drawn.rows("active")
    running = _totals(rows, "month", "active")
    months = sorted(running)
    peak = max(months, key=lambda m: running[m])  # the first month with the most
    low = min(months, key=lambda m: running[m])
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    text = fill_plain(words["active"], first=_month(months[0], language),
                      last=_month(months[-1], language), kinds=join(kinds, language),
                      peak=Count(running[peak], language), peak_month=_month(peak, language),
                      low=Count(running[low], language), low_month=_month(low, language))
    return _with_notes(text, drawn)


def duration_alt(drawn: Drawn, language: str) -> str:
    """The scatter of duration against amount (one dot per project), or its binned variant."""
    if "cells" in drawn.frames:
        return _binned_duration_alt(drawn, language)
    words = chart_words(language)["alt"]
    rows = drawn.rows("dots")
    if not rows:
        return _with_notes(fill_plain(words["duration_none"]), drawn)

    def point(row: dict) -> str:
        return fill_plain(words["duration_point"], months=Count(row["months"], language),
                          amount=format_amount(row["amount"], language), basis=row["basis"])
    bases = _tally(Counter(r["basis"] for r in rows), language)
    if len(rows) == 1:
        text = fill_plain(words["duration_one"], title=rows[0]["title"], point=point(rows[0]))
        return _with_notes(text, drawn)
    longest = max(rows, key=lambda r: r["months"])
    shortest = min(rows, key=lambda r: r["months"])
    largest = max(rows, key=lambda r: r["amount"])
    smallest = min(rows, key=lambda r: r["amount"])
    text = " ".join([
        fill_plain(words["duration"], n=Count(len(rows), language),
                   shortest=Count(shortest["months"], language),
                   longest=Count(longest["months"], language),
                   smallest=format_amount(smallest["amount"], language),
                   largest=format_amount(largest["amount"], language),
                   bases=bases),
        fill_plain(words["duration_extremes"],
                   longest_title=longest["title"], longest_point=point(longest),
                   shortest_title=shortest["title"], shortest_point=point(shortest),
                   largest_title=largest["title"], largest_point=point(largest),
                   smallest_title=smallest["title"], smallest_point=point(smallest))])
    return _with_notes(text, drawn)


def _binned_duration_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    rows = drawn.rows("cells")
    bases = _totals(rows, "basis", "projects")
    peak = max(rows, key=lambda r: r["projects"])
    text = fill_plain(
        words["duration_binned"], n=Count(sum(bases.values()), language),
        bases=_tally(bases, language),
        shortest=Count(min(r["months"] for r in rows), language),
        longest=Count(max(r["months_to"] for r in rows) - 1, language),
        smallest=format_amount(min(r["amount_from"] for r in rows), language),
        largest=format_amount(max(r["amount_to"] for r in rows), language),
        peak=Count(peak["projects"], language), peak_months=peak["months_label"],
        peak_from=format_amount(peak["amount_from"], language),
        peak_to=format_amount(peak["amount_to"], language),
        peak_basis=peak["basis"])
    return _with_notes(text, drawn)


def org_types_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    rows = drawn.rows("bars")
    types, roles = _totals(rows, "type", "participations"), _totals(rows, "role", "participations")
    text = fill_plain(words["org_types"], n=Count(sum(types.values()), language),
                      groups=Count(len(types), language), roles=_tally(roles, language))
    counts = [{"n": n, "type": name} for name, n in types.items()]
    most, most_names = _extreme(counts, "n", "type", language, largest=True)
    fewest, fewest_names = _extreme(counts, "n", "type", language, largest=False)
    if most == fewest:
        text += " " + fill_plain(words["org_types_equal"], n=Count(most, language),
                                 types=join(list(types), language))
    else:
        text += " " + fill_plain(words["org_types_extremes"], top=most_names,
                                 top_n=Count(most, language), bottom=fewest_names,
                                 bottom_n=Count(fewest, language), types=_tally(types, language))
    return _with_notes(text, drawn)


def roles_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    rows = drawn.rows("bars")
    sizes = _totals(rows, "project_id", "organisations")
    roles = _totals(rows, "role", "organisations")
    titles = {row["project_id"]: row["title"] for row in rows}
    projects = [{"title": titles[p], "n": n} for p, n in sizes.items()]
    text = fill_plain(words["roles"], n=Count(len(projects), language),
                      roles=_tally(roles, language))
    most, most_names = _extreme(projects, "n", "title", language, largest=True)
    fewest, fewest_names = _extreme(projects, "n", "title", language, largest=False)
    if most == fewest:
        text += " " + fill_plain(words["roles_equal"], n=Count(most, language))
    else:
        text += " " + fill_plain(words["roles_extremes"], top_title=most_names,
                                 top_n=Count(most, language), bottom_title=fewest_names,
                                 bottom_n=Count(fewest, language))
    return _with_notes(text, drawn)


def county_map_alt(drawn: Drawn, language: str) -> str:
    words = chart_words(language)["alt"]
    counties = drawn.rows("counties")
    reached = sorted((c for c in counties if c["projects"] > 0),
                     key=lambda c: (-c["projects"], c["county_name"]))
    others = [c["county_name"] for c in counties
              if c["projects"] == 0 and c["other_roles_projects"] > 0]
    sentences = [fill_plain(words["county_map"], counties=Count(len(counties), language),
                            covered=Count(len(reached), language))]
    if len(reached) < len(counties):
        sentences.append(fill_plain(words["county_map_grey"],
                                    n=Count(len(counties) - len(reached), language)))
    if reached:
        most, most_names = _extreme(reached, "projects", "county_name", language, largest=True)
        sentences.append(fill_plain(
            words["county_map_reached"], top=most_names, top_n=Count(most, language),
            reached=", ".join(f"{c['county_name']} {Count(c['projects'], language)}"
                              for c in reached)))
    if others:
        sentences.append(fill_plain(words["county_map_other_roles"],
                                    n=Count(len(others), language), names=join(others, language)))
    return " ".join(sentences)
