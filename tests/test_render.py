"""The report as a reader gets it: rendered by Quarto to HTML and PDF, read back as text.

Needs `quarto` on PATH (and `pdftotext` for the PDF); skips cleanly without them. The project
is copied to a temporary folder and built there once per test run, so the working tree's
_output/ and figures/ are never touched.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis import load_dataset, metrics
from analysis.paths import PROJECT_ROOT, SEEDS_DIR
from analysis.build.info import read_build_info
from analysis.prose import report_text
from analysis.text import catalogue, format_amount

from project_copy import copy_project, run_analysis

QUARTO = shutil.which("quarto")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(QUARTO is None or PDFTOTEXT is None,
                                reason="rendering needs quarto and pdftotext on PATH")

# Words of the English edition's fixed vocabulary that must not appear in the Swedish one
# (outside data text such as English project titles, which stay as the source wrote them).
ENGLISH_WORDS = {"the", "and", "of", "project", "projects", "grant", "grants", "funder",
                 "county", "counties", "municipality", "unknown", "months", "organisations",
                 "coordinator", "initiative", "initiatives", "none", "figure", "table", "amount",
                 "summary", "sources"}
NUMBERED = {"en": ("Figure", "Table"), "sv": ("Figur", "Tabell")}
LEFTOVERS = {
    "escaped character": re.compile(r"\\u[0-9a-fA-F]{4}|\\x[0-9a-f]{2}"),
    "'(s)' plural": re.compile(r"\w\(s\)"),
    "nan/None": re.compile(r"\b(nan|None|NaN|NaT|<NA>)\b"),
    "unresolved cross-reference": re.compile(r"\?@(fig|tbl|sec)-"),
    "inline code left as code": re.compile(r"\{python\}"),
    "Python repr": re.compile(r"<analysis\.|Prose object|SimpleNamespace"),
}


class _Text(HTMLParser):
    """The visible text of an HTML page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def normalise(text: str) -> str:
    """Spaces as a reader sees them: pdftotext and HTML keep U+202F and U+00A0 as they are."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("render")
    project = copy_project(root)
    if SEEDS_DIR.is_dir():  # the build re-checks the citations against ../shared/seeds
        (root / "shared").mkdir()
        (root / "shared" / "seeds").symlink_to(SEEDS_DIR)
    run_analysis(project, "build", timeout=900)
    return project / "_output"


@pytest.fixture(scope="session", params=["en", "sv"])
def language(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def edition(rendered, language) -> Path:
    return rendered if language == "en" else rendered / language


@pytest.fixture(scope="session")
def html(edition) -> str:
    return (edition / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def html_text(html) -> str:
    return normalise(visible_text(html))


@pytest.fixture(scope="session")
def pdf_text(edition) -> str:
    result = subprocess.run([PDFTOTEXT, "-layout", str(edition / "report.pdf"), "-"],
                            capture_output=True, text=True, check=True)
    return normalise(result.stdout)


@pytest.fixture(scope="session")
def expected(rendered, language):
    data = load_dataset()
    return data, metrics.key_numbers(data), report_text(data, read_build_info(rendered), language)


def test_no_leftovers_in_either_format(html_text, pdf_text):
    for name, text in (("HTML", html_text), ("PDF", pdf_text)):
        for problem, pattern in LEFTOVERS.items():
            match = pattern.search(text)
            assert not match, f"{name}: {problem}: …{text[max(0, match.start() - 60):match.end() + 60]}…"


def test_amounts_in_prose_are_formatted_as_in_the_tables(html_text, pdf_text, expected):
    _, key, _ = expected
    for amount in ("grant_total_sek", "grant_min_sek", "grant_max_sek"):
        formatted = normalise(format_amount(key[amount], "en"))
        assert formatted.count(" ") >= 1  # thousands grouped: "193 800 kr"
        assert formatted in html_text and formatted in pdf_text, formatted
    smallest = normalise(format_amount(key["grant_min_sek"], "en"))
    # In the summary sentence and again in the grants table.
    assert html_text.count(smallest) >= 2 and pdf_text.count(smallest) >= 2


def test_every_heading_and_paragraph_is_there(html_text, pdf_text, expected, language):
    _, _, prose = expected
    for heading in catalogue(language)["headings"].values():
        assert heading in html_text and heading in pdf_text, heading
    # A paragraph's first words, with Markdown removed, appear in both formats.
    for name, value in vars(prose).items():
        # The longest stretch without a cross-reference (those become "Figure 2").
        stretch = max(re.split(r"@(?:fig|tbl|sec)-[\w-]+", value.markdown), key=len)
        plain = normalise(re.sub(r"[*`]|\\(?=\W)", "", stretch))
        start = " ".join(plain.split()[:6])
        if name.startswith("downloads_"):
            continue  # one per format
        assert start in html_text, f"{name}: {start!r} not in the HTML"


def test_all_figures_and_tables_are_numbered_and_referenced(html, html_text, pdf_text,
                                                           language):
    figure, table = NUMBERED[language]
    qmd = (PROJECT_ROOT / "report.qmd").read_text(encoding="utf-8")
    labels = re.findall(r"\{\{<\s*embed\s+\S+?#(\S+)\s*>\}\}", qmd)
    n_figures = sum(label.startswith("fig-") for label in labels)
    n_tables = sum(label.startswith("tbl-") for label in labels)
    for name, text in (("HTML", html_text), ("PDF", pdf_text)):
        assert f"{figure} {n_figures}" in text and f"{figure} {n_figures + 1}" not in text, name
        assert f"{table} {n_tables}" in text and f"{table} {n_tables + 1}" not in text, name
    for label in labels:
        assert f'id="{label}"' in html, label
        assert f'href="#{label}"' in html, f"{label} is never referenced"


def test_html_is_self_contained_and_links_the_pdf(html):
    assert not re.search(r"<script[^>]+src=\"https?://", html)
    assert 'href="report.pdf"' in html
    assert ">Typst<" not in html  # Quarto's own format link would say "Typst"
    assert html.count('class="vega-chart"') >= 1


def _without_data_text(text: str) -> str:
    """The report's own words: every text that comes from the data (titles, names, calls,
    places, descriptions, notes) taken out."""
    data = load_dataset()
    texts = set()
    for frame in (data.projects, data.organisations, data.sources, data.aliases,
                  data.participations):
        for column in frame.columns:
            if frame[column].dtype == object:
                texts |= {normalise(str(v)) for v in frame[column].dropna()}
    for value in sorted(texts, key=len, reverse=True):
        if len(value) > 3:
            text = text.replace(value, " ")
    # A long text wrapped in a table cell of the PDF may come out of pdftotext in pieces,
    # between other cells' text: runs of three or more of its words are its text too.
    runs = set()
    for value in texts:
        words = value.split()
        runs |= {" ".join(words[i:j]) for i in range(len(words))
                 for j in range(i + 3, len(words) + 1)}
    for run in sorted(runs, key=len, reverse=True):
        text = text.replace(run, " ")
    return text


def test_the_swedish_edition_holds_no_english_words_of_its_own(rendered):
    html = normalise(visible_text((rendered / "sv" / "report.html").read_text("utf-8")))
    pdf = normalise(subprocess.run([PDFTOTEXT, "-layout", str(rendered / "sv" / "report.pdf"),
                                    "-"], capture_output=True, text=True, check=True).stdout)
    for name, text in (("HTML", html), ("PDF", pdf)):
        own = _without_data_text(text)
        words = set(re.findall(r"[A-Za-z]+", own.casefold()))
        assert not words & ENGLISH_WORDS, f"{name}: {sorted(words & ENGLISH_WORDS)}"


def test_every_figure_is_placed_before_the_limitations(pdf_text, language):
    """Figures float (placement auto), but never past the next section's heading; every one
    belongs to a section before Limitations (seen: the last figure printed under '8
    Limitations' at the real data, and after 'Reproducibility' at 14 projects)."""
    heading = catalogue(language)["headings"]["limitations"]
    body = [m.start() for m in re.finditer(rf"\d+ {heading}\b", pdf_text)][-1]  # not contents
    captions = [m.start() for m in re.finditer(rf"{NUMBERED[language][0]} \d+:", pdf_text)]
    assert captions and max(captions) < body
