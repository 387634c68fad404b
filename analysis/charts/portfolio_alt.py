"""Alt text of the portfolio charts, written from the frames each draws (Drawn.frames), in
the edition's language ([charts.portfolio.alt])."""

from __future__ import annotations

from ..text import Count, fill_plain, format_amount
from .drawn import Drawn
from .theme import chart_words


def _words(language: str) -> dict:
    return chart_words(language)["portfolio"]["alt"]


def _flat(text: object) -> str:
    return " ".join(str(text).split())


def _with_notes(text: str, drawn: Drawn) -> str:
    return " ".join([text] + ([drawn.notes] if drawn.notes else []))


def _note(drawn: Drawn) -> str | None:
    rows = drawn.rows("note")
    return " ".join(row["note"] for row in rows) if rows else None


def years_alt(drawn: Drawn, language: str) -> str:
    words = _words(language)
    rows = drawn.rows("years")
    if not rows:
        return _with_notes(_note(drawn) or "", drawn)
    started = max(rows, key=lambda r: r["started"])
    running = max(rows, key=lambda r: r["running"])
    granted = [r for r in rows if r["granted"] == r["granted"]]  # NaN: none stated
    text = fill_plain(words["years"], first=str(rows[0]["year"]), last=str(rows[-1]["year"]),
                      n=Count(sum(r["started"] for r in rows), language),
                      peak_year=str(started["year"]), peak=Count(started["started"], language),
                      busy_year=str(running["year"]), busy=Count(running["running"], language))
    if granted:
        top = max(granted, key=lambda r: r["granted"])
        text += " " + fill_plain(words["years_granted"], year=str(top["year"]),
                                 amount=format_amount(round(top["granted"]), language))
    return _with_notes(text, drawn)


def kinds_alt(drawn: Drawn, language: str) -> str:
    words = _words(language)
    rows = drawn.rows("kinds")
    if not rows:
        return _with_notes(_note(drawn) or "", drawn)
    tally = ", ".join(f"{r['kind']} {Count(r['projects'], language)} ({r['share']})"
                      for r in sorted(rows, key=lambda r: -r["projects"]))
    text = fill_plain(words["kinds"], n=Count(len(rows), language), tally=tally)
    granted = [r for r in rows if r["granted"] == r["granted"]]  # NaN: none stated
    if granted:
        top = max(granted, key=lambda r: r["granted"])
        text += " " + fill_plain(words["kinds_granted"], kind=top["kind"],
                                 amount=format_amount(round(top["granted"]), language))
    return _with_notes(text, drawn)


def programmes_alt(drawn: Drawn, language: str) -> str:
    words = _words(language)
    rows = drawn.rows("shares")
    if not rows:
        return _with_notes(_note(drawn) or "", drawn)
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    described = []
    for group, kinds in list(groups.items())[:3]:
        lead = max(kinds, key=lambda r: (r["share"], -r["kind_order"]))
        described.append(fill_plain(words["programme"], group=_flat(group), kind=lead["kind"],
                                     share=lead["share_text"]))
    text = fill_plain(words["programmes"], n=Count(len(groups), language),
                      kinds=Count(len({r["kind"] for r in rows}), language))
    return _with_notes(" ".join([text, *described]), drawn)


def municipalities_alt(drawn: Drawn, language: str) -> str:
    words = _words(language)
    rows = drawn.rows("municipalities")
    if not rows:
        return _with_notes(_note(drawn) or "", drawn)
    top = rows[0]
    text = fill_plain(words["municipalities"], n=Count(len(rows), language),
                      top=top["municipality"], top_n=Count(top["projects"], language),
                      names=", ".join(f"{r['municipality']} {Count(r['projects'], language)}"
                                      for r in rows[1:5]))
    return _with_notes(text, drawn)


def distributions_alt(drawn: Drawn, language: str) -> str:
    words = _words(language)
    note = _note(drawn)
    if note:
        return note
    leads, sentences = [], []
    for part, dotted in (("grants", "grant_dots"), ("durations", "duration_dots")):
        value = (lambda v: format_amount(round(v), language)) if part == "grants" \
            else (lambda v: fill_plain(words["months"], n=Count(round(v), language)))
        rows, dots = drawn.rows(part), drawn.rows(f"{part}_dots")
        if rows:
            widest = max(rows, key=lambda r: r["high"] / max(r["low"], 1))
            highest = max(rows, key=lambda r: r["median"])
            leads.append(words["boxes"])
            sentences.append(fill_plain(
                words[part], n=Count(len(rows), language),
                values=Count(sum(r["n"] for r in rows), language),
                top=_flat(highest["group"]), top_median=value(highest["median"]),
                wide=_flat(widest["group"]), wide_low=value(widest["low"]),
                wide_high=value(widest["high"])))
        elif dots:
            medians = drawn.rows(f"{part}_medians")
            highest = max(medians, key=lambda r: r["median"])
            leads.append(words["dots"])
            sentences.append(fill_plain(
                words[dotted], n=Count(len(medians), language),
                values=Count(len(dots), language),
                low=value(min(r["value"] for r in dots)),
                high=value(max(r["value"] for r in dots)),
                top=_flat(highest["group"]), top_median=value(highest["median"])))
        else:
            sentences += [r["note"] for r in drawn.rows(f"{part}_none")]
    return _with_notes(" ".join([*dict.fromkeys(leads), *sentences]), drawn)
