"""Made-up exports in the shape of Vinnova's project API (no network in tests)."""

from __future__ import annotations

import json
from pathlib import Path

# Formula-like text inside a title (at its start the import refuses it: importers/formulas.py).
FORMULA_TITLE = 'Testprojekt =HYPERLINK("http://example.org","klicka") <b>Testprojekt</b>'


def record(reference: str, title: str, coordinator: str, grant=1_000_000,
           start="2021-03-01T00:00:00", end="2022-08-31T00:00:00", **more) -> dict:
    item = {"Diarienummer": reference, "Ärenderubrik": title, "ÄrenderubrikEngelska": "",
            "DiarienummerAnsokningsomgang": "2020-04100", "DiarienummerUtlysning": "2020-03720",
            "DiarienummerProgram": "2017-00025", "MalSvenska": "Syftet är att pröva nya "
            "arbetssätt.", "ResultatSvenska": "", "ImplementationSvenska": None,
            "MalEngelska": "", "ResultatEngelska": "", "ImplementationEngelska": "",
            "Projektreferat": "", "BeviljatBidrag": grant, "ProjektStart": start,
            "ProjektSlut": end, "KoordinatorOrg": coordinator, "KoordinatorArb": "",
            "LankLista": [], "Status": "Avslutat"}
    item.update(more)
    return item


def ten_records() -> list[dict]:
    """Two seed projects (Ljusdal by its number, with another amount; Östersund, which has no
    number in the curated table, by coordinator and title) and eight new ones: coordinators
    placed from the curated table, from SCB's lists, and two that cannot be placed."""
    return [
        record("2016-03001", "Innovativ modell för utveckling av offentlig verksamhet",
               "Ljusdals kommun", grant=2_215_934, start="2016-10-01T00:00:00",
               end="2018-08-31T00:00:00", KoordinatorArb="Kommunledningskontoret"),
        record("2021-04567", "Östersunds kommun använder Samverket", "Östersunds kommun",
               grant=193_800, start="2022-01-01T00:00:00", end="2023-05-31T00:00:00",
               ÄrenderubrikEngelska="Östersunds kommun utilizes Samverket"),
        record("2021-01001", "Samverkansyta för offentlig sektor i Stockholm", "Stockholms stad",
               grant=300_000, KoordinatorArb="Stadsledningskontoret",
               ÄrenderubrikEngelska="Coworking space for the public sector in Stockholm"),
        record("2021-01002", "Gemensam servicepunkt i skärgården", "OXELÖSUNDS KOMMUN",
               grant=250_000),
        record("2021-01003", "Digital tillsyn i fjällen", "Länsstyrelsen i Jämtlands län",
               grant=1_500_000, Status="Pågående", ProjektSlut="2026-12-31T00:00:00"),
        record("2021-01004", "Vård nära glesbygd", "Region Västerbotten", grant=2_750_000),
        record("2021-01005", "Hälsodata i samverkan", "Jämtlands läns landsting", grant=800_000,
               DiarienummerUtlysning="2020-01111"),
        record("2021-01006", FORMULA_TITLE, "Innovationsbyrån Nord AB", grant=120_000,
               MalSvenska="x" * 40_000),
        record("2021-01007", "Bygdens digitala mötesplats", "Föreningen Framtidsbygd",
               grant=None, DiarienummerUtlysning="", ProjektStart=None, ProjektSlut=None,
               Status="Beviljat"),
        record("2021-01008", "Samverkansyta i Västerås", "Västerås stad", grant=410_000),
    ]


def write_export(path: Path, records: list[dict] | object) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
