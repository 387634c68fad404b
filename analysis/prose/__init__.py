"""The report's sentences, filled with numbers and names computed from the data.

report.qmd's setup cell calls `prepared_report_text()` once: the text the build wrote for the
edition (`save_report_text`, from the data and metrics it had at hand), or `report_text()` from
data/ when there is none for data/ as it is; the text then reads `` `{python} t.name` ``.
Every value is a `Prose` object: Quarto shows its Markdown as is (a plain string would reach the
page as its repr, with U+202F written as "\\u202f"). The words come from the language's
catalogue in analysis/text/, the numbers from analysis.metrics; these modules only decide which
sentence fits the data (none, one, many, unknown) and fill it. Text from the data is escaped,
so it can never become markup.

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

from ..dataset import Dataset, data_version, load_dataset
from ..editions import Edition
from ..paths import data_folder
from . import (about_data, document, durations, grants, limitations, networks, portfolio,
               regions, reproducibility, summary)
from .writer import Writer

# In the order report.qmd reads them.
SECTIONS = (document, summary, about_data, grants, durations, networks, regions, portfolio,
            limitations, reproducibility)


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
    """The build's record; for a report rendered without a prepared build, today's date and
    the installed package versions."""
    from datetime import date

    from ..build.info import package_versions, read_build_info
    return read_build_info(output_dir) or {"build_date": date.today().isoformat(),
                                           "package_versions": package_versions()}


def report_text(data: Dataset, build_info: dict | None, language: str) -> SimpleNamespace:
    """Every heading and paragraph of report.qmd, as Markdown `Prose` objects."""
    writer = Writer(data, build_info or {}, language)
    values: dict[str, str] = {}
    for section in SECTIONS:
        values.update(section.sentences(writer))
    return SimpleNamespace(**{name: Prose(text) for name, text in values.items()})


def save_report_text(text: SimpleNamespace, version: str, path: Path) -> None:
    """The report's text as the build wrote it, with the data version it was written from."""
    paragraphs = {name: prose.markdown for name, prose in vars(text).items()}
    path.write_text(json.dumps({"data_version": version, "paragraphs": paragraphs},
                               ensure_ascii=False), encoding="utf-8")


def prepared_report_text(output_dir: Path, edition: Edition,
                         data_dir: Path | None = None) -> SimpleNamespace:
    """The edition's text as the build wrote it (Edition.report_text_file) while
    data/ has the content it was written from — Quarto's kernel then neither validates the
    data nor computes a metric again (at 50 000 projects over a minute per edition) —; else
    written here from data/."""
    try:
        saved = json.loads((output_dir / edition.report_text_file).read_text("utf-8"))
    except (OSError, ValueError):
        saved = None
    if isinstance(saved, dict) and isinstance(saved.get("paragraphs"), dict) and \
            saved.get("data_version") == data_version(data_folder(data_dir)):
        return SimpleNamespace(**{name: Prose(text)
                                  for name, text in saved["paragraphs"].items()})
    return report_text(load_dataset(data_dir), load_build_info(output_dir), edition.language)
