"""Every number and name the report's prose quotes, computed from the data.

report.qmd's setup cell calls `report_values()` once; the text then reads `v.name`. Values are
plain strings: Quarto escapes inline results as ordinary text, so text from the data cannot
become Markdown or HTML.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from . import metrics
from .dataset import Dataset

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def month_name(month: str | None) -> str:
    if month is None or pd.isna(month):
        return "unknown"
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def _count(number: int) -> str:
    return f"{int(number):,}".replace(",", "\u202f")


def _names(values) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items) or "none"
    return ", ".join(items[:-1]) + " and " + items[-1]


LANGUAGES = {"sv": "Swedish", "en": "English"}


def _source_kinds(sources: pd.DataFrame) -> str:
    """'3 Vinnova project pages (2 in Swedish, 1 in English), 1 project page and 1 blog post'."""
    parts = []
    for kind, group in sources.groupby("kind", sort=False):
        languages = group["language"].value_counts()
        label = kind if len(group) == 1 else f"{kind}s"
        detail = ", ".join(f"{n} in {LANGUAGES.get(lang, lang)}" for lang, n in languages.items())
        parts.append(f"{len(group)} {label} ({detail})")
    return _names(parts)


def load_build_info(output_dir: Path) -> dict:
    path = output_dir / "build-info.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from .build import package_versions  # report rendered without a prepared build
    from datetime import date
    return {"build_date": date.today().isoformat(), "package_versions": package_versions()}


def report_values(data: Dataset, build_info: dict | None = None) -> SimpleNamespace:
    key = metrics.key_numbers(data)
    funding = metrics.funding(data.projects)
    grants = funding[funding["amount_basis"] == metrics.FUNDER_GRANT].sort_values("amount_sek")
    budgets = funding[funding["amount_basis"] == metrics.TOTAL_BUDGET]
    unknown_amount = funding[funding["amount_sek"].isna()]
    coverage = metrics.county_coverage(data)
    covered = coverage[coverage["covered"]].sort_values("projects", ascending=False)
    shared = metrics.shared_organisations(data)
    sizes = data.participations.groupby("project_id").size().sort_values(ascending=False)
    titles = dict(zip(data.projects["project_id"], data.projects["title_en"]))
    funded = funding[funding["kind"] == "project"]
    longest = funded.sort_values("duration_months", ascending=False).iloc[0] \
        if funded["duration_months"].notna().any() else None
    no_dates = data.projects[data.projects["start_month"].isna()]
    coordinator_only = data.participations.groupby("project_id")["role"].agg(
        lambda roles: set(roles) == {"coordinator"})
    renamed = data.aliases[data.aliases["kind"] == "former name"].merge(
        data.organisations[["org_id", "name"]], on="org_id")
    build_info = build_info or {}
    versions = build_info.get("package_versions", {})

    values = dict(
        n_sources=_count(key["n_sources"]),
        n_projects=_count(key["n_projects"]),
        n_initiatives=_count(key["n_initiatives"]),
        n_organisations=_count(key["n_organisations"]),
        n_participations=_count(key["n_participations"]),
        n_national=_count(key["n_national_organisations"]),
        n_facts=_count(len(data.provenance)),
        source_kinds=_source_kinds(data.sources),
        renames=_names(f"{r.alias} is now {r.name} (since {r.renamed_in_year})"
                       for r in renamed.itertuples()),
        n_coordinator_only=_count(int(coordinator_only.sum())),
        n_grants=_count(key["n_grants"]),
        grant_total=metrics.format_sek(key["grant_total_sek"]),
        grant_min=metrics.format_sek(key["grant_min_sek"]),
        grant_max=metrics.format_sek(key["grant_max_sek"]),
        grant_min_project=_names(grants["title_en"].head(1)),
        grant_max_project=_names(grants["title_en"].tail(1)),
        grant_ratio=_count(round(key["grant_max_sek"] / key["grant_min_sek"]))
        if key["grant_min_sek"] else "unknown",
        n_budgets=_count(key["n_budgets"]),
        budget_total=metrics.format_sek(key["budget_total_sek"]),
        budget_projects=_names(budgets["title_en"]),
        n_amount_unknown=_count(key["n_amount_unknown"]),
        amount_unknown_projects=_names(unknown_amount["title_en"]),
        grant_per_month_max=metrics.format_sek(grants["sek_per_month"].max())
        if len(grants) else "unknown",
        grant_per_month_min=metrics.format_sek(grants["sek_per_month"].min())
        if len(grants) else "unknown",
        duration_min=_count(key["duration_min_months"] or 0),
        duration_max=_count(key["duration_max_months"] or 0),
        longest_project=_names([longest["title_en"]]) if longest is not None else "none",
        first_month=month_name(key["first_month"]),
        last_month=month_name(key["last_month"]),
        n_no_dates=_count(len(no_dates)),
        no_dates_projects=_names(no_dates["title_en"]),
        largest_network_project=_names([titles[sizes.index[0]]]),
        largest_network_size=_count(sizes.iloc[0]),
        n_shared=_count(len(shared)),
        shared_names=_names(shared["name"]),
        n_counties=_count(key["n_counties"]),
        n_counties_covered=_count(key["n_counties_covered"]),
        n_counties_not_covered=_count(key["n_counties"] - key["n_counties_covered"]),
        top_county=_names(covered["county_name"].head(1)),
        top_county_projects=_count(covered["projects"].iloc[0]) if len(covered) else "0",
        n_municipalities=_count(key["n_municipalities"]),
        data_version=data.data_version,
        build_date=build_info.get("build_date", "unknown"),
        python_version=versions.get("python", "unknown"),
        package_list=", ".join(f"{name} {version}" for name, version in versions.items()
                               if name != "python") or "unknown",
    )
    return SimpleNamespace(**values)
