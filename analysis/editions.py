"""The report's editions, one per language of analysis/text/: where each one's files go and
the captions its notebooks carry.

The notebooks are executed once per edition (the language reaches their kernels through
ANALYSIS_LANGUAGE); each edition's executed notebooks are kept in _output/notebooks/<language>/,
and the edition Quarto renders next is copied to _output/notebooks/, where report.qmd embeds
from. English is written to _output/, every other edition to _output/<language>/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .text import LANGUAGE_ENV, LANGUAGES, catalogue, edition_language

__all__ = ["LANGUAGES", "LANGUAGE_ENV", "edition_language", "report_folder", "quarto_command",
           "with_captions", "select_edition"]

CAPTION_OPTIONS = {"cap": ("fig-cap", "tbl-cap"), "alt": ("fig-alt",)}
_CAPTION_LINE = re.compile(r"^#\|\s*(fig-cap|fig-alt|tbl-cap)\s*:")
_LABEL_LINE = re.compile(r"^#\|\s*label\s*:\s*(\S+)\s*$")


def report_folder(output_dir: Path, language: str) -> Path:
    """Where Quarto writes an edition (its profile's output-dir)."""
    return output_dir if language == "en" else output_dir / language


def report_files(language: str) -> list[str]:
    """An edition's report, relative to the output folder."""
    folder = "" if language == "en" else f"{language}/"
    return [f"{folder}report.html", f"{folder}report.pdf"]


def appendix_file(language: str) -> str:
    """An edition's Excel appendix, relative to the output folder (beside its report)."""
    return "appendix.xlsx" if language == "en" else f"{language}/appendix.xlsx"


def quarto_command(quarto: str, language: str) -> list[str]:
    return [quarto, "render"] + ([] if language == "en" else ["--profile", language])


def captions(label: str, language: str, alt: str | None = None) -> list[str]:
    """The `#|` lines a labelled cell carries in this edition: its caption from the language's
    catalogue and, for a figure, its text alternative `alt`, written from the chart's data
    (charts.alt_texts); a figure without one has none to fall back on."""
    entry = catalogue(language).get("captions", {}).get(label)
    if entry is None:
        raise KeyError(f"no caption for {label!r} in analysis/text/{language}.toml [captions]")
    kind = label.split("-", 1)[0]  # fig or tbl
    lines = [f"#| {kind}-cap: {json.dumps(entry['cap'], ensure_ascii=False)}"]
    if kind == "fig":
        if not alt:
            raise KeyError(f"no alt text for {label!r}: a figure's alt text is written from "
                           "its data (analysis.charts.alt_texts); is it in charts.FIGURES?")
        lines.append(f"#| fig-alt: {json.dumps(alt, ensure_ascii=False)}")
    return lines


def with_captions(notebook, language: str, alt_texts: dict[str, str] | None = None):
    """The notebook with each labelled cell's captions in the edition's language, placed after
    its label (Quarto reads them from there when it embeds the cell's output). A figure's
    alternative is its alt text in `alt_texts` (label -> text, written from the chart's own
    data); without `alt_texts`, the alt texts of the project's data (load_dataset())."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        labels = [match.group(1) for line in lines if (match := _LABEL_LINE.match(line))]
        if not labels or not labels[0].startswith(("fig-", "tbl-")):
            continue
        if alt_texts is None and labels[0].startswith("fig-"):
            from . import charts
            from .dataset import load_dataset
            alt_texts = charts.alt_texts(charts.draw_edition(load_dataset(), language))
        kept = [line for line in lines if not _CAPTION_LINE.match(line)]
        at = next(i for i, line in enumerate(kept) if _LABEL_LINE.match(line)) + 1
        alt = (alt_texts or {}).get(labels[0])
        cell.source = "\n".join(kept[:at] + captions(labels[0], language, alt) + kept[at:])
    return notebook


def select_edition(output_dir: Path, language: str) -> None:
    """Put the edition's executed notebooks where report.qmd embeds from."""
    source = output_dir / "notebooks" / language
    target = output_dir / "notebooks"
    for notebook in source.glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


def assert_known(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"no edition {language!r}; the editions are {', '.join(LANGUAGES)}")
    return language
