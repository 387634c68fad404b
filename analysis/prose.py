"""The report's sentences, filled with numbers and names computed from the data.

report.qmd's setup cell calls `report_text()` once; the text then reads `` `{python} t.name` ``.
Every value is a `Prose` object: Quarto shows its Markdown as is (a plain string would reach the
page as its repr, with U+202F written as "\\u202f"). The words come from the language's
catalogue in analysis/text/; this module only decides which sentence fits the data (none, one,
many, unknown) and fills it. Text from the data is escaped, so it can never become markup.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from . import metrics
from .dataset import Dataset
from .fields import EXPORT_KIND, FUNDER_GRANT, PROJECTS, TOTAL_BUDGET
from .text import (DEFAULT_LANGUAGE, Count, Markdown, catalogue, escape_markdown, fill, join,
                   title_field)


class Prose:
    """Markdown for Quarto's inline expressions and notebook outputs."""

    def __init__(self, markdown: str):
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:  # text/plain: the same text, never Python's escaped repr
        return self.markdown

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prose) and other.markdown == self.markdown

    def __hash__(self) -> int:
        return hash(self.markdown)


def month_name(month: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    words = catalogue(language)["grammar"]
    if month is None or pd.isna(month):
        return words["unknown"]
    year, number = str(month).split("-")[:2]
    return f"{words['months'][int(number) - 1]} {year}"


def load_build_info(output_dir: Path) -> dict:
    path = output_dir / "build-info.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from .build import package_versions  # report rendered without a prepared build
    from datetime import date
    return {"build_date": date.today().isoformat(), "package_versions": package_versions()}


def _italic_titles(titles, language: str) -> Markdown:
    return Markdown(join([f"*{escape_markdown(t)}*" for t in titles], language))


class _Writer:
    """Fills the catalogue's templates for one data set in one language."""

    def __init__(self, data: Dataset, build_info: dict, language: str):
        self.data, self.build_info, self.language = data, build_info, language
        self.words = catalogue(language)
        self.key = metrics.key_numbers(data)
        funding = metrics.funding(data.projects)
        self.grants = funding[funding["amount_basis"] == FUNDER_GRANT] \
            .sort_values("amount_sek")
        self.budgets = funding[funding["amount_basis"] == TOTAL_BUDGET]
        self.unknown_amount = funding[funding["amount_sek"].isna()]
        self.title = title_field(language)
        self.titles = dict(zip(data.projects["project_id"], data.projects[self.title]))

    # --- helpers -------------------------------------------------------------------------
    def count(self, number: int) -> Count:
        return Count(int(number), self.language)

    def text(self, key: str, **values) -> str:
        section, name = key.split(".")
        return fill(self.words[section][name], **values)

    def sek(self, amount) -> Markdown:
        return Markdown(metrics.format_sek(amount) if amount is not None and not pd.isna(amount)
                        else self.words["grammar"]["unknown"])

    def month(self, month) -> Markdown:
        return Markdown(month_name(month, self.language))

    def titles_of(self, frame: pd.DataFrame) -> Markdown:
        return _italic_titles(frame[self.title], self.language)

    def items(self) -> Markdown:
        """'4 funded projects and 2 initiatives': every kind the data holds, in field order."""
        kinds = self.data.projects["kind"].value_counts()
        phrases = [fill(self.words["kinds"][kind], n=self.count(kinds[kind]))
                   for kind in PROJECTS.field("kind").allowed_values if kinds.get(kind, 0)]
        return Markdown(join(phrases, self.language))

    def source_kinds(self) -> Markdown:
        """'3 Vinnova project pages (2 in Swedish, 1 in English), one project page and …'."""
        parts = []
        for kind, group in self.data.sources.groupby("kind", sort=False):
            languages = group["language"].value_counts()
            if len(group) == 1:  # "one project page (in Swedish)"
                detail = self.words["languages"][languages.index[0]]
            else:
                detail = ", ".join(f"{self.count(n)} {self.words['languages'][lang]}"
                                   for lang, n in languages.items())
            parts.append(fill(self.words["source_kinds"][kind], n=self.count(len(group)))
                         + f" ({detail})")
        return Markdown(join(parts, self.language))

    def period(self, key: str) -> Markdown:
        first, last = self.key["first_month"], self.key["last_month"]
        if pd.isna(first) or pd.isna(last):
            return Markdown("")
        return Markdown(self.text(key, first=self.month(first), last=self.month(last)))

    # --- sections ------------------------------------------------------------------------
    def summary(self) -> dict[str, str]:
        key, c = self.key, self.count
        grant_range = ""
        if len(self.grants) == 1:
            grant_range = self.text("summary.grant_range_one",
                                    only=self.sek(key["grant_max_sek"]))
        elif len(self.grants) > 1:
            grant_range = self.text("summary.grant_range_many",
                                    total=self.sek(key["grant_total_sek"]),
                                    smallest=self.sek(key["grant_min_sek"]),
                                    largest=self.sek(key["grant_max_sek"]))
        grants = self.text("summary.grants", n_grants=c(len(self.grants)),
                           grant_range=Markdown(grant_range))
        if len(self.budgets):
            grants += " " + self.text("summary.budgets", n_budgets=c(len(self.budgets)),
                                      budgets=Markdown(join(
                                          [f"{metrics.format_sek(a)}" for a in
                                           self.budgets["amount_sek"]], self.language)))
        if len(self.unknown_amount):
            grants += " " + self.text("summary.amount_unknown",
                                      n_unknown=c(len(self.unknown_amount)))
        return {
            "summary_intro": self.text(
                "summary.intro", items=self.items(), origin=Markdown(self.origin()),
                n_organisations=c(key["n_organisations"]),
                n_participations=c(key["n_participations"]),
                period=self.period("summary.period")),
            "summary_grants": grants,
            "summary_durations": self.durations_sentence(),
            "summary_partners": self.text("summary.partners", **self.largest_network(),
                                          shared_sentence=Markdown(self.shared_sentence())),
            "summary_regions": self.text("summary.regions",
                                         reach_sentence=Markdown(self.summary_reach())),
        }

    def durations_sentence(self) -> str:
        funded = self.data.projects[self.data.projects["kind"] == "project"]
        dated = funded[funded["duration_months"].notna()]
        if dated.empty:
            return self.text("summary.durations_none")
        shortest, longest = int(dated["duration_months"].min()), \
            int(dated["duration_months"].max())
        if shortest == longest:
            duration_range = self.text("summary.duration_range_same",
                                       n_dated=self.count(len(dated)),
                                       shortest=self.count(shortest))
        else:
            longest_title = dated.sort_values(["duration_months", self.title],
                                              ascending=[False, True]).iloc[0][self.title]
            duration_range = self.text("summary.duration_range", shortest=self.count(shortest),
                                       longest=self.count(longest), longest_title=longest_title)
        return self.text("summary.durations", n_dated=self.count(len(dated)),
                         duration_range=Markdown(duration_range))

    def largest_network(self) -> dict:
        sizes = self.data.participations.groupby("project_id").size()
        top = sizes.sort_values(ascending=False, kind="stable")
        return {"largest_title": self.titles[top.index[0]], "largest_size": self.count(top.iloc[0])}

    def shared_sentence(self) -> str:
        shared = metrics.shared_organisations(self.data)
        names = Markdown(": " + join([escape_markdown(n) for n in shared["name"]],
                                     self.language)) if len(shared) else Markdown("")
        return self.text("summary.shared", n_shared=self.count(len(shared)), shared_names=names)

    def coverage(self) -> dict:
        coverage = metrics.county_coverage(self.data)
        covered = coverage[coverage["covered"]].sort_values(["projects", "county_name"],
                                                            ascending=[False, True])
        return {"n_covered": self.count(len(covered)), "n_counties": self.count(len(coverage)),
                "n_not_covered": self.count(len(coverage) - len(covered)), "covered": covered}

    def summary_reach(self) -> str:
        cover = self.coverage()
        reached_municipalities = int(metrics.county_coverage(self.data)["municipalities"].sum())
        return self.text("regions.summary_reach", n_covered=cover["n_covered"],
                         n_counties=cover["n_counties"],
                         n_municipalities=self.count(reached_municipalities),
                         n_national=self.count(self.key["n_national_organisations"]))

    def origin(self, section: str = "summary") -> str:
        """'curated by hand from 5 public documents and imported from one export …'."""
        exports = self.data.sources["kind"].eq(EXPORT_KIND)
        keys = {"summary": ("summary.from_documents", "summary.from_exports"),
                "data": ("data.origin_documents", "data.origin_exports")}[section]
        parts = [self.text(key, n=self.count(int(count)))
                 for key, count in zip(keys, ((~exports).sum(), exports.sum())) if count]
        return join(parts, self.language)

    @property
    def unknown_word(self) -> str:
        return self.words["grammar"]["unknown"]

    def imports(self) -> str:
        """The paragraph on imported records; empty when nothing was imported."""
        exports = self.data.sources[self.data.sources["kind"] == EXPORT_KIND]
        if exports.empty:
            return self.text("data.imports_none")
        imported = self.data.projects["source_id"].isin(exports["source_id"])
        conflicts = self.data.conflicts
        return self.text(
            "data.imports", n_imported=self.count(int(imported.sum())),
            exports=Markdown(join([self.text("data.export", retrieved=retrieved, licence=licence)
                                   for retrieved, licence in zip(
                                       exports["retrieved"].fillna(self.unknown_word),
                                       exports["licence"].fillna(self.unknown_word))],
                                  self.language)),
            n_conflicts=self.count(len(conflicts)),
            n_open=self.count(int(conflicts["resolution"].isna().sum())))

    def data_section(self) -> dict[str, str]:
        renamed = self.data.aliases[self.data.aliases["kind"] == "former name"].merge(
            self.data.organisations[["org_id", "name"]], on="org_id")
        renames = [self.text("data.rename", alias=r.alias, name=r.name,
                             year=Markdown(str(int(r.renamed_in_year))))
                   for r in renamed.itertuples() if not pd.isna(r.renamed_in_year)]
        completeness = metrics.completeness(self.data)
        gaps = int((completeness["filled"] < completeness["records"]).sum())
        check = self.build_info.get("provenance_check")
        if check:
            provenance_check = self.text("data.provenance_checked",
                                         n_checked=self.count(check["checked"]))
        else:
            provenance_check = self.text("data.provenance_not_checked")
        return {
            "data_sources": self.text("data.sources", origin=Markdown(self.origin("data")),
                                      source_kinds=self.source_kinds()),
            "data_curation": self.text(
                "data.curation", renames=Markdown(self.text(
                    "data.renames", renames=Markdown("; ".join(renames)))
                    if renames else "")),
            "data_provenance": self.text("data.provenance",
                                         n_facts=self.count(len(self.data.provenance)),
                                         cites=Markdown(self.text(
                                             "data.cites_both" if self.data.sources["kind"]
                                             .eq(EXPORT_KIND).any() else "data.cites_documents")),
                                         provenance_check=Markdown(provenance_check))
            + self.left_out(),
            "data_imports": self.imports(),
            "data_unknowns": self.text("data.unknowns", n_gaps=self.count(gaps),
                                       n_full=self.count(len(completeness) - gaps)),
        }

    def left_out(self) -> str:
        """' 83 facts … are left out on purpose (36 out of scope, 20 duplicate, …)'."""
        from .tables import table_name, value_label

        reasons = self.data.not_recorded["reason"].value_counts()
        if reasons.empty:
            return ""
        parts = [f"{self.count(n)} {value_label('reason', reason, self.language)}"
                 for reason, n in reasons.items()]
        return self.text("data.left_out", n_left_out=self.count(int(reasons.sum())),
                         reasons=Markdown(", ".join(parts)),
                         sheet=table_name("not_recorded", self.language))

    def grants_section(self) -> dict[str, str]:
        grants = self.grants
        if len(grants) >= 2:
            smallest, largest = grants.iloc[0], grants.iloc[-1]
            ratio = self.text("grants.ratio", largest=self.sek(largest["amount_sek"]),
                              largest_title=largest[self.title],
                              smallest=self.sek(smallest["amount_sek"]),
                              smallest_title=smallest[self.title],
                              ratio=self.count(round(largest["amount_sek"]
                                                     / smallest["amount_sek"])))
        elif len(grants) == 1:
            ratio = self.text("grants.ratio_one", largest=self.sek(grants.iloc[0]["amount_sek"]),
                              largest_title=grants.iloc[0][self.title])
        else:
            ratio = self.text("grants.ratio_none")
        budget = self.text("grants.budget", budget_titles=self.titles_of(self.budgets)) \
            if len(self.budgets) else ""
        unknown = self.text("grants.unknown", unknown_titles=self.titles_of(self.unknown_amount),
                            n_unknown=self.count(len(self.unknown_amount))) \
            if len(self.unknown_amount) else ""
        per_month = grants["sek_per_month"].dropna()
        if len(per_month):
            per_month_text = self.text("grants.per_month",
                                       per_month_min=self.sek(per_month.min()),
                                       per_month_max=self.sek(per_month.max()))
        else:
            per_month_text = self.text("grants.per_month_none")
        return {"grants_intro": self.text("grants.intro", ratio_sentence=Markdown(ratio),
                                          budget_sentence=Markdown(budget),
                                          unknown_sentence=Markdown(unknown)),
                "grants_per_month": per_month_text}

    def durations_section(self) -> dict[str, str]:
        undated = self.data.projects[self.data.projects["start_month"].isna()]
        undated_text = self.text("durations.undated", n_undated=self.count(len(undated)),
                                 undated_titles=self.titles_of(undated)) if len(undated) else ""
        pairs = self.data.projects[self.data.projects["amount_sek"].notna()
                                   & self.data.projects["duration_months"].notna()]
        return {"durations_intro": self.text("durations.intro",
                                             period=self.period("durations.period"),
                                             undated=Markdown(undated_text)),
                "durations_amount": self.text("durations.amount", n_pairs=self.count(len(pairs)))}

    def networks_section(self) -> dict[str, str]:
        roles = self.data.participations.groupby("project_id")["role"].agg(set)
        only = int((roles.map(lambda r: r == {"coordinator"})).sum())
        coordinator_only = self.text("networks.coordinator_only",
                                     n_coordinator_only=self.count(only)) if only else ""
        return {"networks_intro": self.text("networks.intro", **self.largest_network(),
                                            coordinator_only=Markdown(coordinator_only)),
                "networks_roles": self.text("networks.roles")}

    def regions_section(self) -> dict[str, str]:
        cover = self.coverage()
        covered = cover["covered"]
        top = self.text("regions.top", top_county=covered["county_name"].iloc[0],
                        top_count=self.count(covered["projects"].iloc[0])) if len(covered) else ""
        reach = self.text("regions.reach", n_covered=cover["n_covered"],
                          n_counties=cover["n_counties"], n_not_covered=cover["n_not_covered"],
                          top=Markdown(top))
        coverage = metrics.county_coverage(self.data)
        n_other = int(((coverage["other_roles_projects"] > 0) & ~coverage["covered"]).sum())
        other_roles = self.text("regions.other_roles", n_other=self.count(n_other)) \
            if n_other else ""
        return {"regions_intro": self.text("regions.intro", reach_sentence=Markdown(reach),
                                           other_roles=Markdown(other_roles)),
                "regions_not_placed": self.not_placed(),
                "regions_municipalities": self.municipalities()}

    def municipalities(self) -> str:
        located = metrics.municipalities_involved(self.data, self.title)
        return self.text("regions.municipalities", n_located=self.count(len(located)),
                         n_municipal=self.count(int(located["municipality_takes_part"].sum())))

    def not_placed(self) -> str:
        count = int((self.data.organisations["scope"] == "unknown").sum())
        detail = self.text("regions.not_placed_detail", n_not_placed=self.count(count)) \
            if count else ""
        return self.text("regions.not_placed", n_not_placed=self.count(count),
                         placed_detail=Markdown(detail))

    def other_sections(self) -> dict[str, str]:
        versions = self.build_info.get("package_versions", {})
        unknown = self.words["grammar"]["unknown"]
        packages = ", ".join(f"{name} {version}" for name, version in versions.items()
                             if name != "python") or unknown
        values = {f"limitations_{name}": self.text(f"limitations.{name}", items=self.items())
                  if name == "sample" else self.text(f"limitations.{name}")
                  for name in self.words["limitations"]}
        values.update(
            reproducibility_build_date=self.text("reproducibility.build_date", build_date=
                                                 self.build_info.get("build_date", unknown)),
            reproducibility_data_version=self.text("reproducibility.data_version",
                                                   data_version=self.data.data_version),
            reproducibility_software=self.text("reproducibility.software",
                                               python_version=versions.get("python", unknown),
                                               package_list=packages),
            reproducibility_rebuild=self.text("reproducibility.rebuild"))
        return values

    def document(self) -> dict[str, str]:
        values = {"downloads_html": self.words["document"]["downloads_html"],
                  "downloads_pdf": self.words["document"]["downloads_pdf"]}
        values.update({f"h_{name}": heading for name, heading in self.words["headings"].items()})
        return values


def report_text(data: Dataset, build_info: dict | None = None,
                language: str = DEFAULT_LANGUAGE) -> SimpleNamespace:
    """Every heading and paragraph of report.qmd, as Markdown `Prose` objects."""
    writer = _Writer(data, build_info or {}, language)
    values: dict[str, str] = {}
    for section in (writer.document, writer.summary, writer.data_section, writer.grants_section,
                    writer.durations_section, writer.networks_section, writer.regions_section,
                    writer.other_sections):
        values.update(section())
    return SimpleNamespace(**{name: Prose(text) for name, text in values.items()})
