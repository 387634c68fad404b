"""Grants: the amount per project and SEK per project-month."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import (LACK_AMOUNT_OR_DURATION, ROW_STEP, SEK_FORMAT, TOP_N, WIDTH, WRAPPED_LABELS,
                    _axis_labels, _basis_encodings, _count_note, _cut_note, _log_domain, _title)


def grants_chart(funding: pd.DataFrame) -> alt.LayerChart:
    """Amount per project on a log axis; basis as colour; unknown amounts named, not zero."""
    known = funding[funding["amount_sek"].notna()].sort_values("amount_sek", ascending=False)
    unknown = funding[funding["amount_sek"].isna()]
    shown = known.head(TOP_N)
    show_unknown = len(funding) <= TOP_N
    rows = pd.concat([shown, unknown]) if show_unknown else shown
    frame = pd.DataFrame({
        "project": _axis_labels(rows["title_en"], rows["project_id"]),
        "title": rows["title_en"].astype(str),
        "kind": rows["kind"].astype(str),
        "funder": rows["funder"].fillna("none named").astype(str),
        # Plain floats: Altair writes NaN as null (an unknown), never as 0.
        "amount": rows["amount_sek"].astype(float),
        "basis": rows["amount_basis"].fillna("amount unknown").astype(str),
        "months": rows["duration_months"].astype(float),
    })
    domain = _log_domain(known["amount_sek"])
    frame["baseline"] = domain[0]
    order = frame["project"].tolist()
    y = alt.Y("project:N", sort=order, title=None, axis=alt.Axis(labelExpr=WRAPPED_LABELS))
    x_scale = alt.Scale(type="log", domain=domain)
    tooltip = [alt.Tooltip("title:N", title="Project or initiative"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("basis:N", title="Amount is"),
               alt.Tooltip("months:Q", title="Months")]
    basis = _basis_encodings()
    base = alt.Chart(frame)
    with_amount = base.transform_filter("isValid(datum.amount)")
    rules = with_amount.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale, title="Amount (SEK, logarithmic axis)",
                     axis=alt.Axis(format="~s")),
        x2="amount:Q", color=basis["color"], tooltip=tooltip)
    points = with_amount.mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale), **basis, tooltip=tooltip)
    labels = with_amount.mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=alt.X("amount:Q", scale=x_scale), text=alt.Text("amount:Q", format=SEK_FORMAT),
        tooltip=tooltip)
    unknown_marks = base.transform_filter("!isValid(datum.amount)").mark_text(
        align="left", dx=4, fontStyle="italic", color="#555555", fontSize=11).encode(
        y=y, x=alt.X("baseline:Q", scale=x_scale), text=alt.value("amount unknown"),
        tooltip=tooltip)
    notes = [_cut_note(len(shown), len(known), "projects with a stated amount")]
    if not show_unknown:
        notes.append(_count_note(len(unknown), "projects state no amount and are not shown.",
                                 "project states no amount and is not shown."))
    notes.append("A total project budget is not a grant: compare colours with care.")
    return alt.layer(rules, points, labels, unknown_marks).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("Amount per project or initiative", *notes))



def sek_per_month_chart(funding: pd.DataFrame) -> alt.Chart:
    known = funding[funding["sek_per_month"].notna()].sort_values("sek_per_month",
                                                                  ascending=False)
    shown = known.head(TOP_N)
    frame = pd.DataFrame({
        "project": [f"{label} ({funder})" for label, funder in
                    zip(_axis_labels(shown["title_en"], shown["project_id"]),
                        shown["funder"].fillna("no funder named"))],
        "title": shown["title_en"].astype(str),
        "funder": shown["funder"].fillna("none named").astype(str),
        "programme": shown["programme"].fillna("none named").astype(str),
        "per_month": shown["sek_per_month"].astype(float),
        "amount": shown["amount_sek"].astype(float),
        "months": shown["duration_months"].astype(float),
        "basis": shown["amount_basis"].astype(str),
    })
    domain = _log_domain(frame["per_month"])
    tooltip = [alt.Tooltip("title:N", title="Project"), alt.Tooltip("funder:N", title="Funder"),
               alt.Tooltip("programme:N", title="Programme"),
               alt.Tooltip("per_month:Q", title="SEK per month", format=SEK_FORMAT),
               alt.Tooltip("amount:Q", title="Amount (SEK)", format=SEK_FORMAT),
               alt.Tooltip("months:Q", title="Months"),
               alt.Tooltip("basis:N", title="Amount is")]
    y = alt.Y("project:N", sort=frame["project"].tolist(), title=None,
              axis=alt.Axis(labelLimit=330, labelExpr=WRAPPED_LABELS))
    x = alt.X("per_month:Q", scale=alt.Scale(type="log", domain=domain),
              title="SEK per project-month (logarithmic axis)", axis=alt.Axis(format="~s"))
    points = alt.Chart(frame).mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=x, **_basis_encodings(), tooltip=tooltip)
    labels = alt.Chart(frame).mark_text(align="left", dx=8, fontSize=11).encode(
        y=y, x=x, text=alt.Text("per_month:Q", format=SEK_FORMAT), tooltip=tooltip)
    left_out = len(funding) - len(known)
    return alt.layer(points, labels).properties(
        width=WIDTH, height=alt.Step(ROW_STEP),
        title=_title("SEK per project-month (funder in brackets)",
                     _cut_note(len(shown), len(known), "projects"),
                     _count_note(left_out, *LACK_AMOUNT_OR_DURATION),
                     "Per month of a total budget is not per month of a grant."))

