"""Duration against amount: one named dot per project, or binned counts for many."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .theme import (LACK_AMOUNT_OR_DURATION, SEK_FORMAT, WIDTH, _basis_encodings, _count_note,
                    _log_domain, _title, _wrap)

MAX_SCATTER_POINTS = 400
MAX_NAMED_POINTS = 15  # beyond this, dot labels would cover each other


def duration_amount_chart(funding: pd.DataFrame) -> alt.Chart:
    both = funding[funding["amount_sek"].notna() & funding["duration_months"].notna()]
    left_out = len(funding) - len(both)
    note = _count_note(left_out, *LACK_AMOUNT_OR_DURATION)
    domain = _log_domain(both["amount_sek"])
    if len(both) > MAX_SCATTER_POINTS:
        return _binned_duration_amount(both, domain, note)
    frame = pd.DataFrame({
        "title": both["title_en"].astype(str), "months": both["duration_months"].astype(int),
        "amount": both["amount_sek"].astype(float), "basis": both["amount_basis"].astype(str),
        "label": [_wrap(title, 26) for title in both["title_en"]]})
    # Axes fitted to the data (a little room either side), not to whole powers of ten.
    months = [max(0, int(frame["months"].min()) - 2), int(frame["months"].max()) + 2] \
        if len(frame) else [0, 12]
    amounts = [float(frame["amount"].min()) / 1.6, float(frame["amount"].max()) * 1.6] \
        if len(frame) else domain
    x = alt.X("months:Q", title="Duration (months)",
              scale=alt.Scale(domain=months, nice=False, zero=False))
    y = alt.Y("amount:Q", title="Amount (SEK, logarithmic axis)",
              scale=alt.Scale(type="log", domain=amounts, nice=False), axis=alt.Axis(format="~s"))
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("months:Q", title="Months"),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("basis:N", title="Amount is")]
    points = alt.Chart(frame).mark_point(filled=True, size=110, opacity=1).encode(
        x=x, y=y, **_basis_encodings(), tooltip=tooltip)
    layers = [points]
    if len(frame) <= MAX_NAMED_POINTS:  # every dot named in the static image too
        layers.append(alt.Chart(frame).mark_text(
            align="left", baseline="bottom", dx=8, dy=-4, fontSize=10, lineBreak="\n").encode(
            x=x, y=y, text="label:N", tooltip=tooltip))
    else:
        note = " ".join(filter(None, [note, "Names in the tooltips only: too many to label."]))
    return alt.layer(*layers).properties(
        width=WIDTH, height=320, title=_title("Duration and amount", note))


MONTH_BIN = 3  # months per bin in the binned scatter
AMOUNT_BINS_PER_DECADE = 4  # amount bins per power of ten


def _binned_duration_amount(both: pd.DataFrame, domain: list[float], note: str) -> alt.Chart:
    """Counts per (duration, amount) bin instead of one point per project."""
    log_amount = np.log10(both["amount_sek"].astype(float))
    frame = pd.DataFrame({
        "months": (both["duration_months"].astype(int) - 1) // MONTH_BIN * MONTH_BIN + 1,
        "log_amount": np.floor(log_amount * AMOUNT_BINS_PER_DECADE) / AMOUNT_BINS_PER_DECADE,
        "basis": both["amount_basis"].astype(str)})
    counts = frame.groupby(["months", "log_amount", "basis"]).size().rename("projects")
    counts = counts.reset_index()
    counts["amount_from"] = (10 ** counts["log_amount"]).round()
    counts["amount_to"] = (10 ** (counts["log_amount"] + 1 / AMOUNT_BINS_PER_DECADE)).round()
    counts["months_to"] = counts["months"] + MONTH_BIN
    counts["months_label"] = [f"{m}–{m + MONTH_BIN - 1}" for m in counts["months"]]
    return alt.Chart(counts).mark_rect().encode(
        x=alt.X("months:Q", title="Duration (months)"), x2="months_to:Q",
        y=alt.Y("amount_from:Q", title="Amount (SEK, logarithmic axis)",
                scale=alt.Scale(type="log", domain=domain), axis=alt.Axis(format="~s")),
        y2="amount_to:Q",
        color=alt.Color("projects:Q", title="Projects", scale=alt.Scale(scheme="blues")),
        facet=alt.Facet("basis:N", title="Amount is"),
        tooltip=[alt.Tooltip("basis:N", title="Amount is"),
                 alt.Tooltip("months_label:N", title="Months"),
                 alt.Tooltip("amount_from:Q", title="Amount from (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("amount_to:Q", title="Amount below (SEK)", format=SEK_FORMAT),
                 alt.Tooltip("projects:Q", title="Projects")]).properties(
        width=WIDTH // 2, height=260,
        title=_title("Duration and amount: projects per cell", note,
                     f"Too many projects for one point each: {MONTH_BIN}-month bins, "
                     f"{AMOUNT_BINS_PER_DECADE} amount bins per power of ten."))

