"""A portfolio from Vinnova's open data: import and build time, and peak memory.

    python benchmarks/vinnova_import.py                  # 50 000 records
    python benchmarks/vinnova_import.py --records 5000

Writes a synthetic export in the shape of Vinnova's project API (long Swedish and English
texts in every record, as the real ones have), imports it into a copy of data/ with
`python -m analysis import vinnova`, then runs `python -m analysis build --no-quarto` on the
result, each as its own process, and prints each step beside its floor (reading the export;
reading, parsing and writing back the imported CSVs) and the peak memory of each process tree.
With Quarto: `python benchmarks/render.py --records N`.
Nothing reaches data/: everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import geography  # noqa: E402
from analysis.importers.organisations import REGION_NAMES  # noqa: E402
from analysis.paths import DATA_DIR  # noqa: E402
from benchmarks.floor import calibration_loop, data_floor, run_measured, times_floor  # noqa: E402
from benchmarks.run import markdown_table, step_times  # noqa: E402

TEXT = ("Projektet prövar nya arbetssätt för samverkan mellan kommun, region och civilsamhälle "
        "och följer upp dem med invånarna. ") * 12  # ~1 400 characters, like a real record


# Coordinators beside the municipalities, regions and county boards, in the forms Vinnova's
# exports write them: agencies, universities, institutes, companies, associations and a few
# whose names show no kind (a foundation, a science park, a network).
AGENCIES = ["Tillväxtverket", "Trafikverket", "Naturvårdsverket", "Försäkringskassan",
            "Arbetsförmedlingen", "Energimyndigheten", "Myndigheten för digital förvaltning",
            "Skatteverket", "Boverket", "Lantmäteriet", "Folkhälsomyndigheten",
            "Statens servicecenter", "Socialstyrelsen", "Upphandlingsmyndigheten"]
UNIVERSITIES = ["Linköpings universitet", "Uppsala universitet", "Lunds universitet",
                "Umeå universitet", "Luleå tekniska universitet", "Mittuniversitetet",
                "Karlstads universitet", "Malmö universitet", "Högskolan i Borås",
                "Högskolan Väst", "Mälardalens universitet", "Kungliga Tekniska högskolan",
                "Chalmers tekniska högskola AB", "Karolinska Institutet", "Södertörns högskola",
                "Högskolan i Gävle", "Linnéuniversitetet", "Göteborgs universitet"]
INSTITUTES = ["RISE Research Institutes of Sweden AB", "IVL Svenska Miljöinstitutet AB",
              "Skogforsk", "Stockholm Environment Institute"]
COMPANY_WORDS = ["Innovationsbyrån", "Vårdteknik", "Mobilitetslabbet", "Energitjänst",
                 "Digitalbyrån", "Samhällsbyggarna", "Välfärdsteknik", "Fastighetsutveckling"]
ASSOCIATIONS = ["Coompanion {county} ek. för.", "Hushållningssällskapet {county}",
                "Hela Sverige ska leva {county}", "Studieförbundet Vuxenskolan {county}",
                "Föreningen Framtidsbygd {county}", "Riksförbundet Attention"]
UNCLASSIFIED = ["Stiftelsen Innovation {place}", "{place} Science Park", "Leader {county}",
                "Mötesplats Social Innovation", "Fryshuset"]
# Municipalities that call themselves "stad", written so by exports (one organisation each).
STAD = {"Stockholm": "Stockholms stad", "Göteborg": "Göteborgs Stad", "Malmö": "Malmö stad",
        "Västerås": "Västerås stad", "Helsingborg": "Helsingborgs stad"}


def _coordinator(rng: np.random.Generator, municipalities: list[str],
                 counties: list[str]) -> str:
    """One coordinator: about 78 % public bodies (municipalities 50 %, regions 15 %, county
    boards 8 %, state agencies 5 %), then universities 7 %, companies 6 %, research institutes,
    associations and names that show no kind 3 % each."""
    pick = rng.random()
    place = municipalities[int(rng.integers(len(municipalities)))]
    county = counties[int(rng.integers(len(counties)))].removesuffix(" län").removesuffix("s")

    def one_of(names: list[str]) -> str:
        return names[int(rng.integers(len(names)))].format(place=place, county=county)

    if pick < 0.50:
        coordinator = STAD.get(place) or f"{geography.municipality_genitive(place)} kommun"
        return coordinator.upper() if rng.random() < 0.1 else coordinator
    if pick < 0.65:
        return list(REGION_NAMES.values())[int(rng.integers(len(REGION_NAMES)))]
    if pick < 0.73:
        return f"Länsstyrelsen i {counties[int(rng.integers(len(counties)))]}"
    if pick < 0.78:
        return one_of(AGENCIES)
    if pick < 0.85:
        return one_of(UNIVERSITIES)
    if pick < 0.91:
        return f"{one_of(COMPANY_WORDS)} {place} AB"
    if pick < 0.94:
        return one_of(INSTITUTES)
    if pick < 0.97:
        return one_of(ASSOCIATIONS)
    return one_of(UNCLASSIFIED)


def synthetic_export(n_records: int, seed: int = 0) -> list[dict]:
    """Records with coordinators in the forms exports write them (see _coordinator): most
    from SCB's lists, some in capitals, the rest agencies, universities, institutes,
    companies, associations and a few whose kind no name shows."""
    rng = np.random.default_rng(seed)
    municipalities = list(geography.municipality_names().values())
    counties = list(geography.county_names().values())
    calls = [f"20{year}-0{number:04d}" for year in range(15, 26) for number in range(1, 21)]
    records = []
    for index in range(n_records):
        coordinator = _coordinator(rng, municipalities, counties)
        year = int(rng.integers(2012, 2026))
        month = int(rng.integers(1, 13))
        months = int(rng.integers(3, 48))
        end_year, end_month = divmod(year * 12 + month - 1 + months - 1, 12)
        grant = int(np.clip(rng.lognormal(13.5, 0.9), 50_000, 30_000_000))
        records.append({
            "Diarienummer": f"{year}-{index % 100000:05d}",
            "Ärenderubrik": f"Samverkansprojekt {index} för offentlig sektor",
            "ÄrenderubrikEngelska": f"Collaboration project {index} for the public sector"
            if rng.random() < 0.7 else "",
            "DiarienummerAnsokningsomgang": calls[int(rng.integers(len(calls)))],
            "DiarienummerUtlysning": calls[int(rng.integers(len(calls)))],
            "DiarienummerProgram": f"2017-0{int(rng.integers(10, 40)):04d}",
            "MalSvenska": TEXT, "ResultatSvenska": TEXT, "ImplementationSvenska": TEXT,
            "MalEngelska": TEXT, "ResultatEngelska": "", "ImplementationEngelska": "",
            "Projektreferat": "", "BeviljatBidrag": grant if rng.random() > 0.03 else None,
            "ProjektStart": f"{year}-{month:02d}-01T00:00:00",
            "ProjektSlut": f"{end_year}-{end_month + 1:02d}-28T00:00:00",
            "KoordinatorOrg": coordinator, "KoordinatorArb": "Förvaltningen",
            "LankLista": [], "Status": "Avslutat" if end_year < 2025 else "Pågående"})
    # Reference numbers must be unique: the index makes them so within a year's range.
    seen = set()
    for number, item in enumerate(records):
        while item["Diarienummer"] in seen:
            item["Diarienummer"] = f"{item['Diarienummer'][:4]}-{(number * 7) % 100000:05d}"
            number += 1
        seen.add(item["Diarienummer"])
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args(argv)
    calibration = calibration_loop()
    with tempfile.TemporaryDirectory(prefix="vinnova-bench-") as folder:
        folder = Path(folder)
        export = folder / "export.json"
        export.write_text(json.dumps(synthetic_export(args.records), ensure_ascii=False),
                          encoding="utf-8")
        # The import's floor: read the export and parse it as JSON.
        began = time.perf_counter()
        json.loads(export.read_text(encoding="utf-8"))
        export_floor = time.perf_counter() - began
        data = folder / "data"
        shutil.copytree(DATA_DIR, data)
        python = sys.executable
        imported, import_s, import_mb = run_measured(
            [python, "-m", "analysis", "import", "vinnova", str(export), "--data", str(data),
             "--coordinator-kind", "all"],  # every record: the benchmark measures N records
            cwd=ROOT)
        if imported.returncode != 0:
            raise SystemExit(f"import failed:\n{imported.stderr}")
        floor = data_floor(data)
        built, build_s, build_mb = run_measured(
            [python, "-m", "analysis", "build", "--no-quarto", "--data", str(data),
             "--output", str(folder / "out"), "--figures", str(folder / "figures")], cwd=ROOT)
        if built.returncode != 0:
            raise SystemExit(f"build failed:\n{built.stderr}")
        info = json.loads((folder / "out" / "build-info.json").read_text())
        appendix = (folder / "out" / "appendix.xlsx").stat().st_size / 1e6
        rows = [["read and parse the export (the import's floor)", f"{export_floor:.1f}", "1×",
                 ""],
                ["import", f"{import_s:.1f}", times_floor(import_s, export_floor),
                 f"{import_mb:.0f} MB"]]
        rows += [[f"build: {name}", "–" if s is None else f"{s:.1f}", times_floor(s, floor), ""]
                 for name, s in step_times(info).items()]
        rows += [["**build, total (no Quarto)**", f"{build_s:.1f}", times_floor(build_s, floor),
                  f"{build_mb:.0f} MB"],
                 ["read, parse and write back the imported CSVs (the build's floor)",
                  f"{floor:.2f}", "1×", ""]]
        print(f"{args.records:,} records: export {export.stat().st_size / 1e6:.0f} MB, "
              f"appendix {appendix:.1f} MB\n")
        print(markdown_table(["step", "s", "× floor", "peak memory (process tree)"], rows))
        print(f"\nCalibration loop (10 million additions in pure Python): {calibration:.2f} s; "
              f"{os.cpu_count()} cores; load average "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
