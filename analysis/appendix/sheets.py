"""The appendix's sheets in reading order, each declared once: its name and description in
the edition's language, its columns and the rows it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from .. import geography, metrics
from ..dataset import Dataset
from ..fields import (ALIASES, CONFLICTS, NOT_RECORDED, ORGANISATIONS, PARTICIPATIONS, PROJECTS,
                      PROVENANCE, SOURCES, TableSpec)
from ..text import Count, title_field
from ..text.labels import table_description, table_name
from .columns import Column, appendix_words, extra_column, field_column, plain_text, yes_no
from .facts import project_order, provenance_rows


@dataclass
class SheetSpec:
    """A sheet: its name and description for readers, its columns and the rows it shows."""
    title: str
    description: str
    columns: list[Column]
    frame: Callable[[Dataset], pd.DataFrame]
    key: str = ""  # the sheet whatever its language: a table's name, or the appendix's own


def participation_rows(data: Dataset, language: str) -> pd.DataFrame:
    """Grouped by project, in the order of the Projects sheet, so links land on a block; with
    the title the edition shows (English, or the source's own)."""
    participations = data.participations
    project = project_order(data, participations["project_id"]).to_numpy()
    organisation = pd.Index(data.organisations["org_id"]).get_indexer(participations["org_id"])
    # Rows of a project and an organisation the tables have (validated: every row), by
    # position, not by merging: a merge of 770 000 rows took a second per edition.
    known = np.flatnonzero((project < len(data.projects)) & (organisation >= 0))
    rows = known[np.argsort(project[known], kind="stable")]
    return participations.iloc[rows].reset_index(drop=True).assign(
        project_title=data.projects[title_field(language)].to_numpy()[project[rows]],
        organisation_name=data.organisations["name"].to_numpy()[organisation[rows]])


def county_rows(data: Dataset, language: str) -> pd.DataFrame:
    """Every county with its projects and organisations; reached in the edition's yes/no."""
    coverage = metrics.county_coverage(data)
    return coverage.assign(covered=coverage["covered"].map(yes_no(language)))


def sheets(language: str) -> list[SheetSpec]:
    """The appendix's table sheets in reading order, in a language."""
    words = appendix_words(language)

    def table(spec: TableSpec, columns: list[Column], frame) -> SheetSpec:
        return SheetSpec(table_name(spec.name, language), table_description(spec.name, language),
                         columns, frame, spec.name)

    def fields(spec: TableSpec, *names: str) -> list[Column]:
        """The table's fields as columns: those named, else all of them."""
        return [field_column(spec, name, language)
                for name in names or [f.name for f in spec.fields]]

    def extra(*names: str) -> list[Column]:
        return [extra_column(name, language) for name in names]

    return [
        table(PROJECTS, fields(PROJECTS) + extra("facts", "organisations_taking_part", "look_up"),
              lambda d: d.projects),
        table(ORGANISATIONS, fields(ORGANISATIONS), lambda d: d.organisations),
        table(PARTICIPATIONS,
              fields(PARTICIPATIONS, "project_id") + extra("project_title")
              + fields(PARTICIPATIONS, "org_id") + extra("organisation_name")
              + fields(PARTICIPATIONS, "role", "unit"),
              lambda d: participation_rows(d, language)),
        SheetSpec(words["sheets"]["not_placed"], words["sheet_descriptions"]["not_placed"],
                  fields(ORGANISATIONS, "org_id", "name", "type", "note"),
                  lambda d: d.organisations[d.organisations["scope"] == "unknown"],
                  "not_placed"),
        SheetSpec(words["sheets"]["counties"],
                  plain_text(words["sheet_descriptions"]["counties"],
                             n=Count(len(geography.counties()), language)),
                  fields(ORGANISATIONS, "county_code", "county_name")
                  + extra("projects", "organisations", "municipalities",
                          "other_roles_projects", "covered"),
                  lambda d: county_rows(d, language), "counties"),
        table(SOURCES, fields(SOURCES), lambda d: d.sources),
        table(PROVENANCE,
              fields(PROVENANCE, "table", "record_id", "field") + extra("value")
              + fields(PROVENANCE, "source_id") + extra("file")
              + fields(PROVENANCE, "lines", "source_record", "source_field", "note"),
              lambda d: provenance_rows(d, language)),
        # Beside Provenance: where an imported record and a curated project differ.
        table(CONFLICTS, fields(CONFLICTS), lambda d: d.conflicts),
        # Beside Provenance: what the sources state but the tables deliberately leave out.
        table(NOT_RECORDED, fields(NOT_RECORDED), lambda d: d.not_recorded),
        table(ALIASES, fields(ALIASES), lambda d: d.aliases),
    ]
