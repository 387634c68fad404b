"""The regional coverage section: counties reached, organisations not placed, municipalities
([regions])."""

from __future__ import annotations

from .. import metrics
from ..text import Markdown
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    key = w.key
    top = ""
    if key["n_counties_covered"]:
        reached = metrics.reached_counties(w.data)  # the most projects first
        top = w.text("regions.top", top_county=reached["county_name"].iloc[0],
                     top_count=w.count(reached["projects"].iloc[0]))
    reach = w.text("regions.reach", n_covered=w.count(key["n_counties_covered"]),
                   n_counties=w.count(key["n_counties"]),
                   n_not_covered=w.count(key["n_counties_not_covered"]), top=Markdown(top))
    n_other = key["n_counties_other_roles_only"]
    other_roles = w.text("regions.other_roles", n_other=w.count(n_other)) if n_other else ""
    n_not_placed = w.count(key["n_not_placed"])
    not_placed_detail = w.text("regions.not_placed_detail", n_not_placed=n_not_placed) \
        if n_not_placed.value else ""
    return {"regions_intro": w.text("regions.intro", reach_sentence=Markdown(reach),
                                    other_roles=Markdown(other_roles)),
            "regions_not_placed": w.text("regions.not_placed", n_not_placed=n_not_placed,
                                         placed_detail=Markdown(not_placed_detail)),
            "regions_municipalities": w.text(
                "regions.municipalities", n_located=w.count(key["n_municipalities_located"]),
                n_municipal=w.count(key["n_municipalities_taking_part"]))}
