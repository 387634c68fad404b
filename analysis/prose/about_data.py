"""'About the data': the sources, how the table was curated, field-level provenance, imported
records and what stays unknown ([data])."""

from __future__ import annotations

import pandas as pd

from .. import metrics
from ..fields import EXPORT_KIND, PUBLIC_BODY_TYPES
from ..metrics.scope import ImportScope, import_scopes
from ..text import Markdown, fill, unknown
from ..text.labels import table_name, value_label
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    key = w.key
    check = w.build_info.get("provenance_check")
    if check:
        provenance_check = w.text("data.provenance_checked", n_checked=w.count(check["checked"]))
    else:
        provenance_check = w.text("data.provenance_not_checked")
    renames = _renames(w)
    cites = "data.cites_both" if key["n_exports"] else "data.cites_documents"
    return {
        "data_sources": w.text("data.sources", origin=Markdown(w.origin("data")),
                               source_kinds=_source_kinds(w)),
        "data_curation": w.text("data.curation", renames=Markdown(w.text(
            "data.renames", renames=w.named(renames, "aliases", separator="; ")) if renames else "")),
        "data_provenance": w.text("data.provenance", n_facts=w.count(key["n_facts"]),
                                  cites=Markdown(w.text(cites)),
                                  provenance_check=Markdown(provenance_check))
        + _left_out(w),
        "data_imports": _imports(w),
        "data_unknowns": w.text("data.unknowns", n_gaps=w.count(key["n_fields_with_gaps"]),
                                n_full=w.count(key["n_fields_complete"])),
    }


def _source_kinds(w: Writer) -> Markdown:
    """'3 Vinnova project pages (2 in Swedish, 1 in English), one project page and …'."""
    parts = []
    for kind, languages in metrics.sources_by_kind(w.data).groupby("kind", sort=False):
        total = languages["kind_sources"].iloc[0]
        if total == 1:  # "one project page (in Swedish)"
            detail = w.words["languages"][languages["language"].iloc[0]]
        else:
            detail = ", ".join(f"{w.count(n)} {w.words['languages'][language]}"
                               for language, n in zip(languages["language"],
                                                      languages["sources"]))
        parts.append(fill(w.words["source_kinds"][kind], n=w.count(total)) + f" ({detail})")
    return Markdown(w.join(parts))


def _renames(w: Writer) -> list[str]:
    """'SKL, renamed SKR in 2019': the former names of renamed organisations."""
    renamed = w.data.aliases[w.data.aliases["kind"] == "former name"].merge(
        w.data.organisations[["org_id", "name"]], on="org_id")
    return [w.text("data.rename", alias=r.alias, name=r.name,
                   year=Markdown(str(int(r.renamed_in_year))))
            for r in renamed.itertuples() if not pd.isna(r.renamed_in_year)]


def _left_out(w: Writer) -> str:
    """' 83 facts … are left out on purpose (36 out of scope, 20 duplicate, …)'."""
    if not w.key["n_left_out"]:
        return ""
    parts = [f"{w.count(n)} {value_label('reason', reason, w.language)}"
             for reason, n in metrics.left_out_by_reason(w.data).items()]
    return w.text("data.left_out", n_left_out=w.count(w.key["n_left_out"]),
                  reasons=Markdown(", ".join(parts)),
                  sheet=table_name("not_recorded", w.language))


def _imports(w: Writer) -> str:
    """The paragraph on imported records, or that there are none."""
    if not w.key["n_exports"]:
        return w.text("data.imports_none")
    exports = w.data.sources[w.data.sources["kind"] == EXPORT_KIND]
    unknown_word = unknown(w.language)
    described = [w.text("data.export", retrieved=retrieved, licence=licence)
                 for retrieved, licence in zip(exports["retrieved"].fillna(unknown_word),
                                               exports["licence"].fillna(unknown_word))]
    return w.text("data.imports", n_imported=w.count(w.key["n_imported_projects"]),
                  exports=Markdown(w.join(described)),
                  n_conflicts=w.count(w.key["n_conflicts"]),
                  n_open=w.count(w.key["n_open_conflicts"])) + "".join(
        _scope(w, scope) for scope in import_scopes(w.data))


def _scope(w: Writer, scope: ImportScope) -> str:
    """' Of the export's 10 000 records, 7 812 are in the scope chosen at import (…)'."""
    chosen = scope.chosen
    if not chosen:
        return w.text("data.scope_whole")
    parts = []
    kinds = chosen.get("coordinator kind", "").split("; ")
    if kinds == [""]:
        pass
    elif tuple(kinds) == PUBLIC_BODY_TYPES:
        parts.append(w.text("data.scope_public"))
    else:
        named = [value_label("type", kind, w.language) for kind in kinds]
        either = w.text("data.scope_or")
        parts.append(w.text("data.scope_kinds", kinds=", ".join(named[:-1]) + (
            f" {either} " if len(named) > 1 else "") + named[-1]))
    for criterion, key in (("programme", "data.scope_programmes"), ("call", "data.scope_calls")):
        if criterion in chosen:
            numbers = chosen[criterion].split("; ")
            parts.append(w.text(key, n=w.count(len(numbers)), numbers=", ".join(numbers)))
    for criterion, key in (("started from", "data.scope_started_from"),
                           ("started to", "data.scope_started_to")):
        if criterion in chosen:
            parts.append(w.text(key, month=w.month(chosen[criterion])))
    left = scope.left_out
    reasons = [w.text(key, n=w.count(n)) for key, n in (
        ("data.scope_left_kind", left.get("coordinator kind", 0)),
        ("data.scope_left_programme", left.get("programme", 0)),
        ("data.scope_left_call", left.get("call", 0)),
        ("data.scope_left_start", left.get("started from", 0) + left.get("started to", 0)))
        if n]
    return w.text("data.scope", n_read=w.count(scope.read), n_kept=w.count(scope.n_kept),
                  scope=Markdown("; ".join(parts)), n_left_out=w.count(scope.n_left_out),
                  reasons=Markdown(w.text("data.scope_reasons", reasons=Markdown(
                      w.join(reasons))) if reasons else ""))
