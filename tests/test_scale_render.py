"""A 10 000-record import rendered by Quarto, as an analyst would: each edition's PDF a summary
of at most 30 pages, its HTML at most 10 MB, with interactive tables that work offline (headless
Chromium loads the page with every network request refused and the tables draw).

Needs quarto, pdfinfo and (for the browser check) chromium on PATH; slow (a whole build).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from project_copy import copy_project, run_analysis
from vinnova_export import record, write_export

QUARTO, PDFINFO = shutil.which("quarto"), shutil.which("pdfinfo")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(QUARTO is None or PDFINFO is None,
                                 reason="rendering needs quarto and pdfinfo on PATH")]

MAX_PAGES = 30
MAX_HTML_BYTES = 10_000_000
RECORDS = 10_000
# Attributes that make a browser fetch something (a link's href is only followed on a click).
FETCHING = re.compile(r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=\"([^\"]+)\""
                      r"|<link\b[^>]*\bhref=\"([^\"]+)\"|url\(\s*['\"]?([^'\")]+)", re.I)


def export_records(n: int) -> list[dict]:
    """Coordinators only, as Vinnova's export names them: municipalities, regions, companies."""
    from analysis import geography
    from analysis.importers.organisations import REGION_NAMES
    municipalities = list(geography.municipality_names().values())
    regions = list(REGION_NAMES.values())
    records = []
    for index in range(n):
        if index % 10 < 6:
            coordinator = f"{geography.municipality_genitive(municipalities[index * 7 % 290])} kommun"
        elif index % 10 < 8:
            coordinator = regions[index % len(regions)]
        else:
            coordinator = f"Innovationsbolaget {index % 1500} AB"
        year = 2012 + index % 13
        records.append(record(f"{year}-{index:05d}", f"Samverkansprojekt {index} <script>x</script>",
                              coordinator, grant=None if index % 31 == 0
                              else 100_000 + index * 7919 % 12_000_000,
                              start=f"{year}-{1 + index % 12:02d}-01T00:00:00",
                              end=f"{year + 1 + index % 3}-{1 + index % 12:02d}-28T00:00:00",
                              DiarienummerUtlysning=f"20{12 + index % 13}-{index % 40:05d}"))
    return records


@pytest.fixture(scope="module")
def rendered_10k(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("render-10k")
    project = copy_project(root)
    export = write_export(root / "export.json", export_records(RECORDS))
    run_analysis(project, "import", "vinnova", str(export), "--retrieved", "2026-11-30",
                 timeout=3600)
    run_analysis(project, "build", timeout=3600)
    return project / "_output"


def pages(pdf: Path) -> int:
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def remote_resources(html: str) -> list[str]:
    found = [next(group for group in match.groups() if group) for match in FETCHING.finditer(html)]
    return [url for url in found if re.match(r"(https?:)?//", url.strip())]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_10_000_record_import_renders_as_a_summary(rendered_10k, language):
    edition = rendered_10k if language == "en" else rendered_10k / language
    pdf, html_path = edition / "report.pdf", edition / "report.html"
    assert pages(pdf) <= MAX_PAGES, f"{pages(pdf)} pages"
    assert html_path.stat().st_size <= MAX_HTML_BYTES, f"{html_path.stat().st_size} bytes"
    html = html_path.read_text(encoding="utf-8")
    assert remote_resources(html) == []
    assert "new ITable(" in html and "<script>x</script>" not in html


# The browser's own background requests (updates, accounts, dictionaries), not the page's.
BROWSER_OWN = re.compile(r"^https?://(accounts\.google\.com|clients\d*\.google\.com|"
                         r"update\.googleapis\.com|optimizationguide-pa\.googleapis\.com|"
                         r"[\w.-]*\.gvt1\.com)/")


def requested_urls(netlog: Path) -> set[str]:
    """Every URL in a Chromium net log (one left unfinished by the browser is closed)."""
    text = netlog.read_text(encoding="utf-8").rstrip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:
        log = json.loads(text.rstrip(",") + "]}")
    return {event.get("params", {}).get("url", "") for event in log.get("events", [])} - {""}


@pytest.mark.skipif(CHROMIUM is None, reason="the browser check needs chromium")
def test_the_rendered_page_makes_no_request_and_its_tables_work_offline(rendered_10k,
                                                                       tmp_path):
    netlog = tmp_path / "net.json"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--log-net-log={netlog}", "--virtual-time-budget=20000", "--dump-dom",
         (rendered_10k / "report.html").as_uri()],
        capture_output=True, text=True, timeout=300)
    dom = result.stdout
    # DataTables drew the tables (its wrapper and the page info in the edition's words).
    assert dom.count("dt-container") >= 5, dom[-2000:]
    assert re.search(r"Rows 1 to 10 of [\d\u202f\u00a0 ,]+", dom)
    remote = [url for url in requested_urls(netlog)
              if re.match(r"(https?|wss?):", url) and not BROWSER_OWN.match(url)]
    assert remote == []
