"""The grants section: the largest grant against the smallest, total budgets apart, amounts
not stated, and grants per project-month ([grants])."""

from __future__ import annotations

from ..text import Markdown
from ..text.labels import table_name
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    key, grants = w.key, w.grants  # grants: smallest first
    if key["n_grants"] >= 2:
        ratio = w.text("grants.ratio", largest=w.sek(key["grant_max_sek"]),
                       largest_title=grants.iloc[-1][w.title],
                       smallest=w.sek(key["grant_min_sek"]),
                       smallest_title=grants.iloc[0][w.title],
                       ratio=w.count(key["grant_ratio"]))
    elif key["n_grants"] == 1:
        ratio = w.text("grants.ratio_one", largest=w.sek(key["grant_max_sek"]),
                       largest_title=grants.iloc[0][w.title])
    else:
        ratio = w.text("grants.ratio_none")
    # A handful is named; of a portfolio, the paragraph counts them (the appendix names all).
    budget, unknown = "", ""
    if key["n_budgets"]:
        budget = w.text("grants.budget", budget_titles=w.titles_of(w.budgets)) \
            if w.few(key["n_budgets"]) else w.text("grants.budget_many",
                                                   n_budgets=w.count(key["n_budgets"]),
                                                   sheet=table_name("projects", w.language))
    if key["n_amount_unknown"]:
        unknown = w.text("grants.unknown", unknown_titles=w.titles_of(w.unknown_amount),
                         n_unknown=w.count(key["n_amount_unknown"])) \
            if w.few(key["n_amount_unknown"]) else w.text(
                "grants.unknown_many", n_unknown=w.count(key["n_amount_unknown"]))
    if key["grant_per_month_min_sek"] is not None:
        per_month = w.text("grants.per_month",
                           per_month_min=w.sek(key["grant_per_month_min_sek"]),
                           per_month_max=w.sek(key["grant_per_month_max_sek"]))
    else:
        per_month = w.text("grants.per_month_none")
    return {"grants_intro": w.text("grants.intro", ratio_sentence=Markdown(ratio),
                                   budget_sentence=Markdown(budget),
                                   unknown_sentence=Markdown(unknown)),
            "grants_per_month": per_month}
