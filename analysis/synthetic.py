"""Synthetic but valid datasets of N projects, in the project's own data format.

For benchmarks and tests only: the output never goes into data/ and never reaches the report.

    python -m analysis.synthetic --projects 10000 --out /tmp/bench-data [--seed 0]

Writes the six CSV files exactly as data/ has them (headers from analysis.fields), so that
`load_dataset(directory)` validates them without error. The spread imitates the real table:

- amounts log-normal, clipped to 50 000–50 000 000 SEK; about 80 % funder grants, 15 % total
  project budgets and 5 % unknown (empty, never 0);
- 1–30 organisations per project (uniform, about 15.5 on average: ~155 000 participations for
  10 000 projects), exactly one coordinator; partners come mostly from the coordinator's
  county: real SCB municipality and county codes, municipalities named after SCB
  ("Ljusdals kommun"), the 21 regions and county administrative boards under their real
  names, some universities and a few national bodies (scope national, no county);
- 3–48 months starting 2010–2025 (a few projects without dates), a few initiatives
  without funding; funders Vinnova, Tillväxtverket, Formas, the EU Regional Development Fund,
  Landsbygdsprogrammet and Forte, with programmes, calls and Vinnova reference numbers;
- one made-up source document per 100 projects, and a provenance row (document and line)
  for every document fact, as analysis.dataset requires.

Deterministic: the same (n_projects, seed) gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

import numpy as np

from . import geography
from .fields import FUNDER_GRANT, PROJECTS, TABLES, TOTAL_BUDGET, TableSpec, record_id
from .importers.organisations import REGION_NAMES
from .paths import DATA_DIR

PROJECTS_PER_SOURCE = 100
REFERENCE_MONTH = 2025 * 12 + 5  # 2025-06: the synthetic sources' "now" for status
FIRST_YEAR, LAST_YEAR = 2010, 2025
MIN_AMOUNT, MAX_AMOUNT = 50_000, 50_000_000

# funder -> (weight, programmes; None = not named)
FUNDERS: dict[str, tuple[float, list[str | None]]] = {
    "Vinnova": (0.40, ["Innovation i offentlig sektor", "Utmaningsdriven innovation",
                       "Samverket (Public sector coworking)", None]),
    "Tillväxtverket": (0.20, ["Serviceutveckling på landsbygden", "Regional utveckling", None]),
    "Formas": (0.10, ["Hållbart samhällsbyggande", None]),
    "EU Regional Development Fund": (0.15, ["Regionalfondsprogram Övre Norrland",
                                            "Regionalfondsprogram Mellersta Norrland",
                                            "Regionalfondsprogram Småland och öarna", None]),
    "Landsbygdsprogrammet": (0.10, ["Leader", None]),
    "Forte": (0.05, [None]),
}

UNIVERSITIES = [("Uppsala universitet", "0380"), ("Linköpings universitet", "0580"),
                ("Linnéuniversitetet", "0780"), ("Lunds universitet", "1281"),
                ("Malmö universitet", "1280"), ("Göteborgs universitet", "1480"),
                ("Karlstads universitet", "1780"), ("Örebro universitet", "1880"),
                ("Mälardalens universitet", "1980"), ("Högskolan Dalarna", "2080"),
                ("Högskolan i Gävle", "2180"), ("Mittuniversitetet", "2281"),
                ("Umeå universitet", "2480"), ("Luleå tekniska universitet", "2580")]
NATIONAL_BODIES = [("Vinnova", "state agency"), ("Tillväxtverket", "state agency"),
                   ("Formas", "state agency"),
                   ("Myndigheten för digital förvaltning", "state agency"),
                   ("Sveriges Kommuner och Regioner", "association of local authorities"),
                   ("Riksorganisationen Hela Sverige ska leva", "association"),
                   ("Sveriges lantbruksuniversitet", "university or college"),
                   ("RISE Research Institutes of Sweden", "research institute")]
ALIAS_ROWS = [("Sveriges Kommuner och Regioner", "Sveriges Kommuner och Landsting",
               "former name", 2019),
              ("Sveriges Kommuner och Regioner", "SKL", "abbreviation", 2019),
              ("Sveriges lantbruksuniversitet", "SLU", "abbreviation", None),
              ("Region Sörmland", "Landstinget Sörmland", "former name", 2019),
              ("Region Östergötland", "Landstinget i Östergötland", "former name", 2019)]

TOPICS = [("äldreomsorg", "elderly care"), ("skolan", "schools"),
          ("kollektivtrafik", "public transport"), ("landsbygdsservice", "rural services"),
          ("digital förvaltning", "digital administration"),
          ("energiomställning", "the energy transition"), ("vård och omsorg", "health care"),
          ("bostadsförsörjning", "housing"), ("integration", "integration"),
          ("medborgardialog", "citizen dialogue"), ("innovationsupphandling",
                                                     "innovation procurement"),
          ("vatten och avlopp", "water and sewerage"), ("krisberedskap", "crisis preparedness")]
APPROACHES = [("Samverkan för", "Collaboration on"), ("Ny modell för", "A new model for"),
              ("Tjänstedesign för", "Service design for"), ("Framtidens", "Tomorrow's"),
              ("Medskapande kring", "Co-creating"), ("Test och lärande inom",
                                                      "Testing and learning in")]
UNITS = ["Kommunledningsförvaltningen", "Socialförvaltningen", "Samhällsbyggnadsförvaltningen",
         "Barn- och utbildningsförvaltningen", "Regional utveckling", "Näringslivsenheten",
         "Institutionen för informatik", "Avdelningen för hållbar utveckling"]
ROLES = {"partner": 0.60, "partner or co-financer": 0.12, "contributor": 0.10,
         "co-financer": 0.08, "supporting authority": 0.05, "follow-up partner": 0.05}
# Coordinator types and their weights; partners come from the coordinator's county this often.
COORDINATOR_TYPES = {"municipality": 0.60, "region": 0.18, "university or college": 0.10,
                     "county administrative board": 0.05, "national": 0.07}
HOME_COUNTY_SHARE = 0.75


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _organisations() -> list[dict]:
    """All candidate organisations, each with its county (None for national bodies)."""
    municipalities = geography.municipalities()
    names = dict(zip(municipalities["municipality_code"], municipalities["municipality_name"]))
    rows = []
    for code, name in names.items():
        rows.append({"name": f"{geography.municipality_genitive(name)} kommun",
                     "type": "municipality",
                     "scope": "local", "municipality_code": code, "county_code": code[:2],
                     "place": name})
    for code, county in zip(geography.counties()["county_code"],
                            geography.counties()["county_name"]):
        short = county.removesuffix(" län")  # 'Dalarnas län' -> 'Dalarna'
        short = short.removesuffix("s")
        rows.append({"name": REGION_NAMES[code], "type": "region", "scope": "regional",
                     "municipality_code": None, "county_code": code, "place": short})
        rows.append({"name": f"Länsstyrelsen i {county}", "type": "county administrative board",
                     "scope": "regional", "municipality_code": None, "county_code": code,
                     "place": short})
    for name, code in UNIVERSITIES:
        rows.append({"name": name, "type": "university or college", "scope": "regional",
                     "municipality_code": code, "county_code": code[:2], "place": names[code]})
    for name, kind in NATIONAL_BODIES:
        rows.append({"name": name, "type": kind, "scope": "national", "municipality_code": None,
                     "county_code": None, "place": "Sverige"})
    slugs = [_slug(row["name"]) for row in rows]
    for row, slug in zip(rows, slugs):
        # Håbo and Habo, say, share a slug: those get their SCB code appended.
        row["org_id"] = f"{slug}-{row['municipality_code']}" if slugs.count(slug) > 1 else slug
    assert len({row["org_id"] for row in rows}) == len(rows), "organisation ids must be unique"
    return rows


def _add_lines(rows: list[dict], rng: np.random.Generator) -> None:
    """Cite a line (one in ten: two lines) of the document for every provenance row."""
    firsts = rng.integers(1, 300, len(rows))
    pairs = rng.random(len(rows)) < 0.1
    for row, first, pair in zip(rows, firsts.tolist(), pairs.tolist()):
        row["lines"] = f"{first};{first + 1}" if pair else str(first)


def _write(directory: Path, spec: TableSpec, rows: list[dict]) -> None:
    columns = spec.columns
    with (directory / spec.file).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if row.get(c) is None else row[c] for c in columns]
                         for row in rows)


def write_synthetic_dataset(directory: Path, n_projects: int, seed: int = 0) -> Path:
    """Write the six CSVs of a valid synthetic dataset with `n_projects` projects."""
    if n_projects < 1:
        raise ValueError("n_projects must be at least 1")
    directory = Path(directory)
    if directory.resolve() == DATA_DIR.resolve():
        raise ValueError("synthetic data must never be written into data/")
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)

    candidates = _organisations()
    county = np.array([o["county_code"] or "" for o in candidates])
    by_type = {kind: np.flatnonzero([o["type"] == kind and o["scope"] != "national"
                                     for o in candidates])
               for kind in COORDINATOR_TYPES if kind != "national"}
    by_type["national"] = np.flatnonzero([o["scope"] == "national" for o in candidates])

    n_sources = -(-n_projects // PROJECTS_PER_SOURCE)
    sources = []
    for i in range(n_sources):
        kind = rng.choice(["Vinnova project page", "project page", "blog post"], p=[.5, .35, .15])
        as_of = (_month(int(rng.integers(2018 * 12, REFERENCE_MONTH + 1)))
                 if rng.random() < 0.6 else None)
        sources.append({
            "source_id": f"synthetic-{i:05d}", "file": f"synthetic_{i:05d}.txt",
            "language": "sv" if rng.random() < 0.8 else "en", "kind": kind,
            "publisher": "Vinnova" if kind == "Vinnova project page" else (
                "Tillväxtverket" if rng.random() < 0.5 else None),
            "url": f"https://example.org/synthetic/{i:05d}" if rng.random() < 0.5 else None,
            "as_of_month": as_of,
            "description": f"Made-up document {i} listing up to {PROJECTS_PER_SOURCE} synthetic "
                           "projects, for benchmarking only."})

    funder_names = list(FUNDERS)
    funder_weights = np.array([w for w, _ in FUNDERS.values()])
    amounts = np.clip(np.exp(rng.normal(np.log(1_500_000), 1.3, n_projects)),
                      MIN_AMOUNT, MAX_AMOUNT).round().astype(np.int64)
    basis_draw = rng.random(n_projects)
    durations = rng.integers(3, 49, n_projects)
    starts = rng.integers(FIRST_YEAR * 12, (LAST_YEAR + 1) * 12, n_projects)
    team_sizes = rng.integers(1, 31, n_projects)
    kind_draw = rng.random(n_projects)
    coordinator_kinds = rng.choice(list(COORDINATOR_TYPES), size=n_projects,
                                   p=list(COORDINATOR_TYPES.values()))
    # Partner draw: HOME_COUNTY_SHARE spread over the home county, the rest over everyone.
    partner_weights = {}
    for code in sorted(set(county)):
        home = (county == code) if code else np.zeros(len(candidates), dtype=bool)
        weights = np.full(len(candidates), (1 - HOME_COUNTY_SHARE * home.any()) / len(candidates))
        weights[home] += HOME_COUNTY_SHARE / max(1, home.sum())
        partner_weights[code] = weights
    role_names, role_weights = list(ROLES), np.array(list(ROLES.values()))

    document_fields = [f.name for f in PROJECTS.stored_fields if f.origin == "document"]
    projects, participations, provenance = [], [], []
    used: set[int] = set()
    for i in range(n_projects):
        project_id = f"synthetic-project-{i:06d}"
        source = sources[i // PROJECTS_PER_SOURCE]
        source_id = source["source_id"]
        coordinator = int(rng.choice(by_type[coordinator_kinds[i]]))
        weights = partner_weights[county[coordinator]].copy()
        weights[coordinator] = 0.0
        size = min(int(team_sizes[i]), len(candidates))
        partners = rng.choice(len(candidates), size=size - 1, replace=False,
                              p=weights / weights.sum()) if size > 1 else []
        members = [coordinator, *map(int, partners)]
        used.update(members)
        place = candidates[coordinator]["place"]
        topic_sv, topic_en = TOPICS[int(rng.integers(len(TOPICS)))]
        approach_sv, approach_en = APPROACHES[int(rng.integers(len(APPROACHES)))]

        row = {"project_id": project_id, "source_id": source_id,
               "title": f"{approach_sv} {topic_sv} i {place}",
               "title_en": f"{approach_en} {topic_en} in {place}"}
        if kind_draw[i] < 0.03:  # an initiative: a one-month event, no funding
            row.update(kind="initiative", start_month=_month(int(starts[i])),
                       end_month=_month(int(starts[i])))
        else:
            row["kind"] = "project"
            funder = funder_names[int(rng.choice(len(funder_names), p=funder_weights
                                                 / funder_weights.sum()))]
            programmes = FUNDERS[funder][1]
            row["funder"] = funder
            row["programme"] = programmes[int(rng.integers(len(programmes)))]
            if rng.random() < 0.3:
                row["call"] = f"Utlysning {int(starts[i]) // 12 - 1}: {topic_sv}"
            if funder == "Vinnova" and rng.random() < 0.8:
                row["reference_number"] = (f"{int(starts[i]) // 12 - 1}-"
                                           f"{int(rng.integers(0, 100_000)):05d}")
            if basis_draw[i] >= 0.05:
                row["amount_sek"] = int(amounts[i])
                row["amount_basis"] = (TOTAL_BUDGET if basis_draw[i] < 0.20
                                       else FUNDER_GRANT)
            if kind_draw[i] >= 0.06:  # a few projects without dates
                start, end = int(starts[i]), int(starts[i] + durations[i] - 1)
                row["start_month"], row["end_month"] = _month(start), _month(end)
                if rng.random() < 0.9 and start <= REFERENCE_MONTH:
                    row["status"] = "completed" if end < REFERENCE_MONTH else "ongoing"
        if rng.random() < 0.85:
            row["places"] = place if rng.random() < 0.6 else f"{place}; Sverige"
        row["summary_en"] = (f"{candidates[coordinator]['name']} and {size - 1} partner(s) "
                             f"worked on {topic_en} in {place}.")
        projects.append(row)
        for field in document_fields:
            if row.get(field) is not None:
                provenance.append({"table": "projects", "record_id": project_id,
                                   "field": field, "source_id": source_id})

        roles = rng.choice(len(role_names), size=len(members), p=role_weights).tolist()
        units = np.where(rng.random(len(members)) < 0.2,
                         rng.integers(len(UNITS), size=len(members)), -1).tolist()
        for position, member in enumerate(members):
            org_id = candidates[member]["org_id"]
            record = record_id(project_id, org_id)
            unit = UNITS[units[position]] if units[position] >= 0 else None
            participations.append({"project_id": project_id, "org_id": org_id,
                                   "role": "coordinator" if position == 0
                                   else role_names[roles[position]], "unit": unit})
            provenance.append({"table": "participations", "record_id": record,
                               "field": "role", "source_id": source_id})
            if unit:
                provenance.append({"table": "participations", "record_id": record,
                                   "field": "unit", "source_id": source_id})

    # Only organisations some project names; each name is cited from a document.
    organisations = [candidates[i] for i in sorted(used)]
    for org in organisations:
        provenance.append({"table": "organisations", "record_id": org["org_id"], "field": "name",
                           "source_id": sources[int(rng.integers(n_sources))]["source_id"]})
    for source in sources:
        if source["as_of_month"]:
            provenance.append({"table": "sources", "record_id": source["source_id"],
                               "field": "as_of_month", "source_id": source["source_id"],
                               "note": "Page last updated."})
    _add_lines(provenance, rng)
    ids = {org["name"]: org["org_id"] for org in organisations}
    aliases = [{"org_id": ids[name], "alias": alias, "kind": kind, "renamed_in_year": year}
               for name, alias, kind, year in ALIAS_ROWS if name in ids]

    tables = {"sources": sources, "projects": projects, "organisations": organisations,
              "aliases": aliases, "participations": participations, "provenance": provenance,
              "not_recorded": [], "conflicts": [], "import_scope": []}
    for spec in TABLES:
        _write(directory, spec, tables[spec.name])
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.synthetic", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, required=True, help="number of projects")
    parser.add_argument("--out", type=Path, required=True,
                        help="folder to write the CSVs into (never data/)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.out.resolve() == DATA_DIR.resolve():
        parser.error("synthetic data must never be written into data/")
    write_synthetic_dataset(args.out, args.projects, args.seed)
    print(f"wrote {args.projects} synthetic projects to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
