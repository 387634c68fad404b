"""The summary's bullet points: what the report compares, grants, durations, partners and
regions ([summary])."""

from __future__ import annotations

from .. import metrics
from ..text import Markdown, escape_markdown, format_amount
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    key, c = w.key, w.count
    return {
        "summary_intro": w.text(
            "summary.intro", items=w.items(), origin=Markdown(w.origin("summary")),
            n_organisations=c(key["n_organisations"]),
            n_participations=c(key["n_participations"]),
            period=w.period("summary.period")),
        "summary_grants": _grants(w),
        "summary_durations": _durations(w),
        "summary_partners": w.text("summary.partners", **w.largest_network(),
                                   shared_sentence=Markdown(_shared(w))),
        "summary_regions": w.text("summary.regions", reach_sentence=Markdown(_reach(w))),
    }


def _grants(w: Writer) -> str:
    key, c = w.key, w.count
    grant_range = ""
    if key["n_grants"] == 1:
        grant_range = w.text("summary.grant_range_one", only=w.sek(key["grant_max_sek"]))
    elif key["n_grants"] > 1:
        grant_range = w.text("summary.grant_range_many", total=w.sek(key["grant_total_sek"]),
                             smallest=w.sek(key["grant_min_sek"]),
                             largest=w.sek(key["grant_max_sek"]))
    text = w.text("summary.grants", n_grants=c(key["n_grants"]),
                  grant_range=Markdown(grant_range))
    if key["n_budgets"] and w.few(key["n_budgets"]):
        budgets = w.join([format_amount(a, w.language) for a in w.budgets["amount_sek"]])
        text += " " + w.text("summary.budgets", n_budgets=c(key["n_budgets"]),
                             budgets=Markdown(budgets))
    elif key["n_budgets"]:  # a portfolio: their sum, never added to the grants
        text += " " + w.text("summary.budgets_many", n_budgets=c(key["n_budgets"]),
                             total=w.sek(key["budget_total_sek"]))
    if key["n_amount_unknown"]:
        text += " " + w.text("summary.amount_unknown", n_unknown=c(key["n_amount_unknown"]))
    return text


def _durations(w: Writer) -> str:
    n_dated = w.count(w.key["n_dated_projects"])
    if not n_dated.value:
        return w.text("summary.durations_none")
    shortest, longest = w.key["duration_min_months"], w.key["duration_max_months"]
    if shortest == longest:
        duration_range = w.text("summary.duration_range_same", n_dated=n_dated,
                                shortest=w.count(shortest))
    else:
        longest_title = metrics.dated_projects(w.data, w.title).iloc[0][w.title]
        duration_range = w.text("summary.duration_range", shortest=w.count(shortest),
                                longest=w.count(longest), longest_title=longest_title)
    return w.text("summary.durations", n_dated=n_dated, duration_range=Markdown(duration_range))


def _shared(w: Writer) -> str:
    """Organisations that take part in more than one project or initiative, by name."""
    n_shared = w.key["n_shared_organisations"]
    shared = metrics.shared_organisations(w.data, w.title).sort_values(
        "projects", ascending=False, kind="stable")  # the most projects first
    names = Markdown(": " + str(w.named([escape_markdown(n) for n in shared["name"]],
                                        "organisations"))) if n_shared else Markdown("")
    return w.text("summary.shared", n_shared=w.count(n_shared), shared_names=names)


def _reach(w: Writer) -> str:
    key = w.key
    return w.text("regions.summary_reach", n_covered=w.count(key["n_counties_covered"]),
                  n_counties=w.count(key["n_counties"]),
                  n_municipalities=w.count(key["n_municipalities_reached"]),
                  n_national=w.count(key["n_national_organisations"]))
