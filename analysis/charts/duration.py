"""Duration against amount: one named dot per project, or binned counts for many."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..fields import FUNDER_GRANT, TOTAL_BUDGET
from ..text import Count, fill_plain, title_field
from ..text.labels import value_label
from .drawn import Drawn
from .font_metrics import text_width
from .theme import (SEK_FORMAT, WIDTH, _basis_encodings, _log_domain, _title, _wrap, chart_words,
                    localised)

MAX_SCATTER_POINTS = 400
MAX_NAMED_POINTS = 15  # beyond this, dot labels would cover each other
DOT_LABEL_WIDTH = 26  # characters per line of a dot's name
DOT_LABEL_LINES = 3
DOT_LABEL_SIZE = 10  # px
DOT_LABEL_GAP = 8  # px between a dot and its name


def duration_amount_chart(funding: pd.DataFrame, language: str) -> Drawn:
    """Parts: `dots` (one per project with both an amount and a duration), or `cells`
    (projects per duration and amount bin) for a portfolio."""
    words = {**chart_words(language), **chart_words(language)["duration"]}
    both = funding[funding["amount_sek"].notna() & funding["duration_months"].notna()]
    left_out = len(funding) - len(both)
    note = fill_plain(words["left_out"], n=Count(left_out, language)) if left_out else ""
    domain = _log_domain(both["amount_sek"])
    if len(both) > MAX_SCATTER_POINTS:
        return _binned_duration_amount(both, domain, note, words, language)
    titles = both[title_field(language)].astype(str)
    frame = pd.DataFrame({
        "title": titles, "months": both["duration_months"].astype(int),
        "amount": both["amount_sek"].astype(float),
        "basis": [value_label("amount_basis", b, language) for b in both["amount_basis"]],
        "label": [_wrap(title, DOT_LABEL_WIDTH, DOT_LABEL_LINES) for title in titles]})
    # Axes fitted to the data (a little room either side), not to whole powers of ten.
    months = [max(0, int(frame["months"].min()) - 2), int(frame["months"].max()) + 2] \
        if len(frame) else [0, 12]
    amounts = [float(frame["amount"].min()) / 1.6, float(frame["amount"].max()) * 1.6] \
        if len(frame) else domain
    # A name goes to the right of its dot, or to the left where it would run out of the plot.
    right = [(m - months[0]) / (months[1] - months[0]) * WIDTH + DOT_LABEL_GAP
             + max(text_width(line, DOT_LABEL_SIZE) for line in label.split("\n")) > WIDTH
             for m, label in zip(frame["months"], frame["label"])]
    frame["align"] = ["right" if r else "left" for r in right]
    x = alt.X("months:Q", title=words["months_axis"],
              scale=alt.Scale(domain=months, nice=False, zero=False))
    y = alt.Y("amount:Q", title=words["amount_axis"],
              scale=alt.Scale(type="log", domain=amounts, nice=False), axis=alt.Axis(format="~s"))
    tooltip = [alt.Tooltip("title:N", title=words["tip_project"]),
               alt.Tooltip("months:Q", title=words["tip_months"]),
               alt.Tooltip("amount:Q", title=words["tip_amount"], format=SEK_FORMAT),
               alt.Tooltip("basis:N", title=words["tip_basis"])]
    points = alt.Chart(frame).mark_point(filled=True, size=110, opacity=1).encode(
        x=x, y=y, **_basis_encodings(language), tooltip=tooltip)
    layers = [points]
    if len(frame) <= MAX_NAMED_POINTS:  # every dot named in the static image too
        layers.append(alt.Chart(frame).mark_text(
            align=alt.ExprRef("datum.align"), baseline="bottom", fontSize=DOT_LABEL_SIZE,
            dx=alt.ExprRef(f"datum.align == 'right' ? {-DOT_LABEL_GAP} : {DOT_LABEL_GAP}"),
            dy=-4, lineBreak="\n").encode(x=x, y=y, text="label:N", tooltip=tooltip))
    else:
        note = " ".join(filter(None, [note, words["names_in_tooltips"]]))
    return Drawn(localised(alt.layer(*layers).properties(
        width=WIDTH, height=320, title=_title(words["title"], note)), language), {"dots": frame})


MONTH_BIN = 3  # months per bin in the binned scatter
AMOUNT_BINS_PER_DECADE = 4  # amount bins per power of ten


def _binned_duration_amount(both: pd.DataFrame, domain: list[float], note: str, words: dict,
                            language: str) -> Drawn:
    """Counts per (duration, amount) bin instead of one point per project."""
    log_amount = np.log10(both["amount_sek"].astype(float))
    frame = pd.DataFrame({
        "months": (both["duration_months"].astype(int) - 1) // MONTH_BIN * MONTH_BIN + 1,
        "log_amount": np.floor(log_amount * AMOUNT_BINS_PER_DECADE) / AMOUNT_BINS_PER_DECADE,
        "basis": [value_label("amount_basis", b, language) for b in both["amount_basis"]]})
    counts = frame.groupby(["months", "log_amount", "basis"]).size().rename("projects")
    counts = counts.reset_index()
    counts["amount_from"] = (10 ** counts["log_amount"]).round()
    counts["amount_to"] = (10 ** (counts["log_amount"] + 1 / AMOUNT_BINS_PER_DECADE)).round()
    counts["months_to"] = counts["months"] + MONTH_BIN
    counts["months_label"] = [f"{m}–{m + MONTH_BIN - 1}" for m in counts["months"]]
    # Panels in the bases' fixed order (grants first), whatever the data's order.
    order = [value_label("amount_basis", b, language)
             for b in (FUNDER_GRANT, TOTAL_BUDGET)]
    binned_note = fill_plain(words["binned_note"], months=Count(MONTH_BIN, language),
                             bins=Count(AMOUNT_BINS_PER_DECADE, language))
    return Drawn(localised(alt.Chart(counts).mark_rect().encode(
        x=alt.X("months:Q", title=words["months_axis"]), x2="months_to:Q",
        y=alt.Y("amount_from:Q", title=words["amount_axis"],
                scale=alt.Scale(type="log", domain=domain), axis=alt.Axis(format="~s")),
        y2="amount_to:Q",
        color=alt.Color("projects:Q", title=words["count_legend"],
                        scale=alt.Scale(scheme="blues")),
        facet=alt.Facet("basis:N", title=words["tip_basis"],
                        sort=[b for b in order if b in set(counts["basis"])]),
        tooltip=[alt.Tooltip("basis:N", title=words["tip_basis"]),
                 alt.Tooltip("months_label:N", title=words["tip_month_range"]),
                 alt.Tooltip("amount_from:Q", title=words["tip_amount_from"], format=SEK_FORMAT),
                 alt.Tooltip("amount_to:Q", title=words["tip_amount_below"], format=SEK_FORMAT),
                 alt.Tooltip("projects:Q", title=words["count_legend"])]).properties(
        width=WIDTH // 2, height=230,  # with titles, header and legend: a third of a page
        title=_title(words["binned_title"], note, binned_note)), language), {"cells": counts})
