"""The portfolio section: calls and programmes, years, kinds of coordinator, places and
distributions ([portfolio]). Every number from analysis.metrics.portfolio; with few projects
the paragraphs say plainly that the groups are too small to show patterns."""

from __future__ import annotations

from ..metrics import portfolio as metrics
from ..text import Markdown, escape_markdown, format_share, is_missing, join
from ..text.labels import value_label
from ..tables import funding_group_lines
from .writer import Writer

# Fewer projects than this: the comparisons describe single projects, and the text says so.
FEW_PROJECTS = metrics.DISTRIBUTION_FROM
MAX_NAMED = 3  # kinds or places named in a sentence; the rest are counted


def sentences(w: Writer) -> dict[str, str]:
    numbers = metrics.portfolio_numbers(w.data)
    values = {"h_portfolio": w.words["portfolio"]["h"],
              "h_portfolio_calls": w.words["portfolio"]["h_calls"],
              "h_portfolio_years": w.words["portfolio"]["h_years"],
              "h_portfolio_kinds": w.words["portfolio"]["h_kinds"],
              "h_portfolio_places": w.words["portfolio"]["h_places"],
              "h_portfolio_distributions": w.words["portfolio"]["h_distributions"]}
    values.update({
        "portfolio_intro": _intro(w, numbers),
        "portfolio_calls": _calls(w, numbers),
        "portfolio_years": _years(w, numbers),
        "portfolio_kinds": _kinds(w, numbers),
        "portfolio_places": _places(w, numbers),
        "portfolio_distributions": _distributions(w, numbers)})
    return values


def _share(w: Writer, share: float) -> Markdown:
    return Markdown(format_share(share, w.language))


def _intro(w: Writer, n: dict) -> str:
    c = w.count
    others = w.text("portfolio.others", n=c(n["n_other_items"])) if n["n_other_items"] else ""
    few = w.text("portfolio.few", n=c(n["n_projects"])) \
        if 0 < n["n_projects"] < FEW_PROJECTS else ""
    return w.text("portfolio.intro", n=c(n["n_projects"]), others=Markdown(others),
                  n_grants=c(n["n_grants"]), n_budgets=c(n["n_budgets"]),
                  n_unknown=c(n["n_amount_unknown"]), few=Markdown(few))


def _calls(w: Writer, n: dict) -> str:
    c = w.count
    calls = metrics.by_group(w.data, "call")
    top = ""
    if len(calls) and n["n_calls"] > 1:
        first = calls.iloc[0]
        name = "; ".join(funding_group_lines(first["funder"], first["programme"],
                                             first["call"], w.language))
        granted = first["granted_sek"]
        top = w.text("portfolio.calls_top", name=name, projects=c(first["projects"]),
                     granted=w.sek(None if is_missing(granted) else int(granted)))
    return w.text("portfolio.calls", n_calls=c(n["n_calls"]),
                  n_programmes=c(n["n_programmes"]), top=Markdown(top))


def _years(w: Writer, n: dict) -> str:
    c = w.count
    if n["first_year"] is None:
        return w.text("portfolio.years_none")
    undated = w.text("portfolio.undated", n=c(n["n_undated"])) if n["n_undated"] else ""
    return w.text("portfolio.years", first=str(n["first_year"]), last=str(n["last_year"]),
                  peak_year=str(n["peak_start_year"]), peak=c(n["peak_started"]),
                  busy_year=str(n["busiest_year"]), busy=c(n["busiest_running"]),
                  undated=Markdown(undated))


def _kinds(w: Writer, n: dict) -> str:
    c = w.count
    kinds = metrics.by_coordinator_kind(w.data)
    if not n["top_kind"]:
        return w.text("portfolio.kinds_none")
    absent = [value_label("type", k, w.language) for k in kinds.loc[kinds["projects"] == 0,
                                                                       "kind"]]
    none = w.text("portfolio.kinds_absent", kinds=join(absent, w.language),
                  n=c(len(absent))) if absent else ""
    return w.text("portfolio.kinds", kind=value_label("type", n["top_kind"], w.language),
                  top=c(n["top_kind_projects"]), n=c(n["n_projects"]),
                  share=_share(w, n["top_kind_share"]), present=c(n["n_kinds_present"]),
                  kinds=c(n["n_kinds"]), absent=Markdown(none))


def _places(w: Writer, n: dict) -> str:
    c = w.count
    municipalities = metrics.places(w.data, "municipality")
    top = ""
    if len(municipalities):
        most = municipalities["projects"].iloc[0]
        leaders = municipalities[municipalities["projects"] == most]
        names = [escape_markdown(m) for m in leaders["municipality_name"].head(MAX_NAMED)]
        more = len(leaders) - len(names)
        if more:
            names.append(w.text("portfolio.more", n=c(more)))
        top = w.text("portfolio.places_top", names=Markdown(join(names, w.language)),
                     n=c(most), tied=c(len(leaders)))
    source = metrics.population_source(w.data)
    if source:
        people = w.text("portfolio.population", source=source["source"],
                        year=str(source["year"]), retrieved=source["retrieved"],
                        n=c(source["municipalities"]))
    else:
        people = w.text("portfolio.no_population")
    return w.text("portfolio.places", counties=c(n["n_counties_reached"]),
                  all_counties=c(n["n_counties"]), county_share=_share(w, n["share_counties"]),
                  municipalities=c(n["n_municipalities_reached"]),
                  all_municipalities=c(n["n_municipalities"]),
                  municipality_share=_share(w, n["share_municipalities"]),
                  top=Markdown(top), population=Markdown(people))


def _distributions(w: Writer, n: dict) -> str:
    c = w.count
    if not n["n_grants"] and not n["n_dated"]:
        return w.text("portfolio.distributions_none")
    if not n["distributions_drawn"]:  # every quantity known is drawn as dots
        left = n["grant_values_left_out"] + n["duration_values_left_out"]
        left_out = w.text("portfolio.distributions_left_out",
                          shown=c(metrics.MAX_BOXES), grants=c(n["grant_values_left_out"]),
                          durations=c(n["duration_values_left_out"])) if left else ""
        values = dict(n_grants=c(n["n_grants"]), n_dated=c(n["n_dated"]),
                      programmes=c(n["dot_programmes"]), left_out=Markdown(left_out))
        if max(n["n_grants"], n["n_dated"]) < metrics.DISTRIBUTION_FROM:
            return w.text("portfolio.distributions_few", least=c(metrics.DISTRIBUTION_FROM),
                          **values)
        return w.text("portfolio.distributions_thin", per=c(metrics.MIN_BOX_VALUES), **values)
    dots = (w.text("portfolio.distributions_grant_dots") if n["grant_dots"] else "") \
        + (w.text("portfolio.distributions_duration_dots") if n["duration_dots"] else "")
    return w.text("portfolio.distributions", n=c(n["box_programmes"]),
                  least=c(metrics.MIN_BOX_VALUES),
                  median=w.sek(None if n["grant_median_sek"] is None
                               else round(n["grant_median_sek"])),
                  months=c(round(n["duration_median_months"] or 0)), dots=Markdown(dots))
