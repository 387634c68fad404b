"""The report's sentences, filled with numbers and names computed from the data.

The build writes each edition's text once (`report_text`, then `save_report_text` to the
edition's report-text.json); report.qmd places each heading and paragraph as `[name]{.text}`,
which `report-text.lua` (beside this file, a filter Quarto runs first) reads from there, so
rendering runs no Python. Every value is a `Prose` object holding Markdown. The words come from
the language's catalogue in analysis/text/, the numbers from analysis.metrics; these modules
only decide which sentence fits the data (none, one, many, unknown) and fill it. Text from the
data is escaped, so it can never become markup.

One module per section of the report, named as its catalogue section:

    document         the downloads line and the headings ([document], [headings])
    summary          the summary's bullet points ([summary])
    about_data       "About the data": sources, curation, provenance, imports ([data])
    grants           [grants]
    durations        [durations]
    networks         "Partner networks" ([networks])
    regions          "Regional coverage" ([regions])
    portfolio        "The projects as a portfolio" ([portfolio])
    limitations      [limitations]
    reproducibility  [reproducibility]

`writer.Writer` holds what they share: the data, its key numbers and the template helpers.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from ..dataset import Dataset
from . import (about_data, document, durations, grants, limitations, networks, portfolio,
               regions, reproducibility, summary)
from .writer import Writer

# In the order report.qmd reads them.
SECTIONS = (document, summary, about_data, grants, durations, networks, regions, portfolio,
            limitations, reproducibility)


class Prose:
    """A heading or paragraph of the report, in Markdown."""

    def __init__(self, markdown: str):
        self.markdown = markdown

    def __str__(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return f"Prose({self.markdown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prose) and other.markdown == self.markdown

    def __hash__(self) -> int:
        return hash(self.markdown)


def report_text(data: Dataset, build_info: dict | None, language: str) -> SimpleNamespace:
    """Every heading and paragraph of report.qmd, as Markdown `Prose` objects."""
    writer = Writer(data, build_info or {}, language)
    values: dict[str, str] = {}
    for section in SECTIONS:
        values.update(section.sentences(writer))
    return SimpleNamespace(**{name: Prose(text) for name, text in values.items()})


def save_report_text(text: SimpleNamespace, version: str, path: Path) -> None:
    """The report's text for Quarto (report-text.lua), with the data version it was written
    from."""
    paragraphs = {name: prose.markdown for name, prose in vars(text).items()}
    path.write_text(json.dumps({"data_version": version, "paragraphs": paragraphs},
                               ensure_ascii=False), encoding="utf-8")
