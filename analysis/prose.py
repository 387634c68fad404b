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
from .fields import EXPORT_KIND
from .text import (Count, Markdown, catalogue, escape_markdown, fill,
                   format_amount, format_month, join, title_field)


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
        self.grants = metrics.amounts(data, metrics.FUNDER_GRANT)
        self.budgets = metrics.amounts(data, metrics.TOTAL_BUDGET)
        self.unknown_amount = metrics.amounts(data, None)
        self.title = title_field(language)
        self.titles = dict(zip(data.projects["project_id"], data.projects[self.title]))

    # --- helpers -------------------------------------------------------------------------
    def count(self, number: int) -> Count:
        return Count(int(number), self.language)

    def text(self, key: str, **values) -> str:
        section, name = key.split(".")
        return fill(self.words[section][name], **values)

    def sek(self, amount) -> Markdown:
        return Markdown(format_amount(amount, self.language))

    def month(self, month) -> Markdown:
        return Markdown(format_month(month, self.language))

    def titles_of(self, frame: pd.DataFrame) -> Markdown:
        return _italic_titles(frame[self.title], self.language)

    def items(self) -> Markdown:
        """'4 funded projects and 2 initiatives': every kind the data holds, in field order."""
        phrases = [fill(self.words["kinds"][kind], n=self.count(n))
                   for kind, n in metrics.kind_counts(self.data).items() if n]
        return Markdown(join(phrases, self.language))

    def source_kinds(self) -> Markdown:
        """'3 Vinnova project pages (2 in Swedish, 1 in English), one project page and …'."""
        parts = []
        for kind, languages in metrics.sources_by_kind(self.data).groupby("kind", sort=False):
            total = languages["kind_sources"].iloc[0]
            if total == 1:  # "one project page (in Swedish)"
                detail = self.words["languages"][languages["language"].iloc[0]]
            else:
                detail = ", ".join(f"{self.count(n)} {self.words['languages'][lang]}"
                                   for lang, n in zip(languages["language"],
                                                      languages["sources"]))
            parts.append(fill(self.words["source_kinds"][kind], n=self.count(total))
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
        if key["n_grants"] == 1:
            grant_range = self.text("summary.grant_range_one",
                                    only=self.sek(key["grant_max_sek"]))
        elif key["n_grants"] > 1:
            grant_range = self.text("summary.grant_range_many",
                                    total=self.sek(key["grant_total_sek"]),
                                    smallest=self.sek(key["grant_min_sek"]),
                                    largest=self.sek(key["grant_max_sek"]))
        grants = self.text("summary.grants", n_grants=c(key["n_grants"]),
                           grant_range=Markdown(grant_range))
        if key["n_budgets"]:
            grants += " " + self.text("summary.budgets", n_budgets=c(key["n_budgets"]),
                                      budgets=Markdown(join(
                                          [format_amount(a, self.language) for a in
                                           self.budgets["amount_sek"]], self.language)))
        if key["n_amount_unknown"]:
            grants += " " + self.text("summary.amount_unknown",
                                      n_unknown=c(key["n_amount_unknown"]))
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
        n_dated = self.count(self.key["n_dated_projects"])
        if not n_dated.value:
            return self.text("summary.durations_none")
        shortest, longest = self.key["duration_min_months"], self.key["duration_max_months"]
        if shortest == longest:
            duration_range = self.text("summary.duration_range_same", n_dated=n_dated,
                                       shortest=self.count(shortest))
        else:
            longest_title = metrics.dated_projects(self.data, self.title).iloc[0][self.title]
            duration_range = self.text("summary.duration_range", shortest=self.count(shortest),
                                       longest=self.count(longest), longest_title=longest_title)
        return self.text("summary.durations", n_dated=n_dated,
                         duration_range=Markdown(duration_range))

    def largest_network(self) -> dict:
        largest = metrics.network_sizes(self.data).index[0]
        return {"largest_title": self.titles[largest],
                "largest_size": self.count(self.key["largest_network_size"])}

    def shared_sentence(self) -> str:
        n_shared = self.key["n_shared_organisations"]
        shared = metrics.shared_organisations(self.data, self.title)
        names = Markdown(": " + join([escape_markdown(n) for n in shared["name"]],
                                     self.language)) if n_shared else Markdown("")
        return self.text("summary.shared", n_shared=self.count(n_shared), shared_names=names)

    def summary_reach(self) -> str:
        key = self.key
        return self.text("regions.summary_reach", n_covered=self.count(key["n_counties_covered"]),
                         n_counties=self.count(key["n_counties"]),
                         n_municipalities=self.count(key["n_municipalities_reached"]),
                         n_national=self.count(key["n_national_organisations"]))

    def origin(self, section: str = "summary") -> str:
        """'curated by hand from 5 public documents and imported from one export …'."""
        keys = {"summary": ("summary.from_documents", "summary.from_exports"),
                "data": ("data.origin_documents", "data.origin_exports")}[section]
        counts = (self.key["n_documents"], self.key["n_exports"])
        parts = [self.text(key, n=self.count(count)) for key, count in zip(keys, counts) if count]
        return join(parts, self.language)

    @property
    def unknown_word(self) -> str:
        return self.words["grammar"]["unknown"]

    def imports(self) -> str:
        """The paragraph on imported records; empty when nothing was imported."""
        if not self.key["n_exports"]:
            return self.text("data.imports_none")
        exports = self.data.sources[self.data.sources["kind"] == EXPORT_KIND]
        return self.text(
            "data.imports", n_imported=self.count(self.key["n_imported_projects"]),
            exports=Markdown(join([self.text("data.export", retrieved=retrieved, licence=licence)
                                   for retrieved, licence in zip(
                                       exports["retrieved"].fillna(self.unknown_word),
                                       exports["licence"].fillna(self.unknown_word))],
                                  self.language)),
            n_conflicts=self.count(self.key["n_conflicts"]),
            n_open=self.count(self.key["n_open_conflicts"]))

    def data_section(self) -> dict[str, str]:
        renamed = self.data.aliases[self.data.aliases["kind"] == "former name"].merge(
            self.data.organisations[["org_id", "name"]], on="org_id")
        renames = [self.text("data.rename", alias=r.alias, name=r.name,
                             year=Markdown(str(int(r.renamed_in_year))))
                   for r in renamed.itertuples() if not pd.isna(r.renamed_in_year)]
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
                                         n_facts=self.count(self.key["n_facts"]),
                                         cites=Markdown(self.text(
                                             "data.cites_both" if self.key["n_exports"]
                                             else "data.cites_documents")),
                                         provenance_check=Markdown(provenance_check))
            + self.left_out(),
            "data_imports": self.imports(),
            "data_unknowns": self.text("data.unknowns",
                                       n_gaps=self.count(self.key["n_fields_with_gaps"]),
                                       n_full=self.count(self.key["n_fields_complete"])),
        }

    def left_out(self) -> str:
        """' 83 facts … are left out on purpose (36 out of scope, 20 duplicate, …)'."""
        from .text.labels import table_name, value_label

        if not self.key["n_left_out"]:
            return ""
        parts = [f"{self.count(n)} {value_label('reason', reason, self.language)}"
                 for reason, n in metrics.left_out_by_reason(self.data).items()]
        return self.text("data.left_out", n_left_out=self.count(self.key["n_left_out"]),
                         reasons=Markdown(", ".join(parts)),
                         sheet=table_name("not_recorded", self.language))

    def grants_section(self) -> dict[str, str]:
        key, grants = self.key, self.grants
        if key["n_grants"] >= 2:
            ratio = self.text("grants.ratio", largest=self.sek(key["grant_max_sek"]),
                              largest_title=grants.iloc[-1][self.title],
                              smallest=self.sek(key["grant_min_sek"]),
                              smallest_title=grants.iloc[0][self.title],
                              ratio=self.count(key["grant_ratio"]))
        elif key["n_grants"] == 1:
            ratio = self.text("grants.ratio_one", largest=self.sek(key["grant_max_sek"]),
                              largest_title=grants.iloc[0][self.title])
        else:
            ratio = self.text("grants.ratio_none")
        budget = self.text("grants.budget", budget_titles=self.titles_of(self.budgets)) \
            if key["n_budgets"] else ""
        unknown = self.text("grants.unknown", unknown_titles=self.titles_of(self.unknown_amount),
                            n_unknown=self.count(key["n_amount_unknown"])) \
            if key["n_amount_unknown"] else ""
        if key["grant_per_month_min_sek"] is not None:
            per_month_text = self.text("grants.per_month",
                                       per_month_min=self.sek(key["grant_per_month_min_sek"]),
                                       per_month_max=self.sek(key["grant_per_month_max_sek"]))
        else:
            per_month_text = self.text("grants.per_month_none")
        return {"grants_intro": self.text("grants.intro", ratio_sentence=Markdown(ratio),
                                          budget_sentence=Markdown(budget),
                                          unknown_sentence=Markdown(unknown)),
                "grants_per_month": per_month_text}

    def durations_section(self) -> dict[str, str]:
        n_undated = self.key["n_undated"]
        undated_text = self.text("durations.undated", n_undated=self.count(n_undated),
                                 undated_titles=self.titles_of(metrics.undated_projects(
                                     self.data))) if n_undated else ""
        n_pairs = self.count(self.key["n_amount_and_duration"])
        return {"durations_intro": self.text("durations.intro",
                                             period=self.period("durations.period"),
                                             undated=Markdown(undated_text)),
                "durations_amount": self.text("durations.amount", n_pairs=n_pairs)}

    def networks_section(self) -> dict[str, str]:
        only = self.key["n_coordinator_only"]
        coordinator_only = self.text("networks.coordinator_only",
                                     n_coordinator_only=self.count(only)) if only else ""
        return {"networks_intro": self.text("networks.intro", **self.largest_network(),
                                            coordinator_only=Markdown(coordinator_only)),
                "networks_roles": self.text("networks.roles")}

    def regions_section(self) -> dict[str, str]:
        key, reached = self.key, metrics.reached_counties(self.data)
        top = self.text("regions.top", top_county=reached["county_name"].iloc[0],
                        top_count=self.count(reached["projects"].iloc[0])) \
            if key["n_counties_covered"] else ""
        reach = self.text("regions.reach", n_covered=self.count(key["n_counties_covered"]),
                          n_counties=self.count(key["n_counties"]),
                          n_not_covered=self.count(key["n_counties_not_covered"]),
                          top=Markdown(top))
        n_other = key["n_counties_other_roles_only"]
        other_roles = self.text("regions.other_roles", n_other=self.count(n_other)) \
            if n_other else ""
        return {"regions_intro": self.text("regions.intro", reach_sentence=Markdown(reach),
                                           other_roles=Markdown(other_roles)),
                "regions_not_placed": self.not_placed(),
                "regions_municipalities": self.municipalities()}

    def municipalities(self) -> str:
        return self.text("regions.municipalities",
                         n_located=self.count(self.key["n_municipalities_located"]),
                         n_municipal=self.count(self.key["n_municipalities_taking_part"]))

    def not_placed(self) -> str:
        count = self.key["n_not_placed"]
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


def report_text(data: Dataset, build_info: dict | None, language: str) -> SimpleNamespace:
    """Every heading and paragraph of report.qmd, as Markdown `Prose` objects."""
    writer = _Writer(data, build_info or {}, language)
    values: dict[str, str] = {}
    for section in (writer.document, writer.summary, writer.data_section, writer.grants_section,
                    writer.durations_section, writer.networks_section, writer.regions_section,
                    writer.other_sections):
        values.update(section())
    return SimpleNamespace(**{name: Prose(text) for name, text in values.items()})
