"""Synthetic but valid datasets of N projects, in the project's own data format.

For benchmarks only: the output never goes into data/ and never reaches the report.

    python benchmarks/synthetic.py --projects 10000 --out /tmp/bench-data

Spread: amounts log-normal, clipped to 50 000–50 000 000 SEK (mostly funder grants, some total
budgets, some unknown); 1–30 organisations per project drawn from real SCB municipality and
county codes plus a few national bodies; 3–48 months starting 2010–2025; several funders.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import geography  # noqa: E402
from analysis.fields import (ORGANISATIONS, PARTICIPATIONS, PROJECTS, PROVENANCE,  # noqa: E402
                             SOURCES, ALIASES, TableSpec)

FUNDERS = ["Vinnova", "Tillväxtverket", "Formas", "Europeiska regionala utvecklingsfonden",
           "Landsbygdsprogrammet", "Forte"]
NATIONAL_BODIES = [("vinnova", "Vinnova", "state agency"),
                   ("tillvaxtverket", "Tillväxtverket", "state agency"),
                   ("skr", "Sveriges Kommuner och Regioner", "association of local authorities"),
                   ("hela-sverige-ska-leva", "Riksorganisationen Hela Sverige ska leva", "NGO")]
PROJECTS_PER_SOURCE = 100


def _write(directory: Path, spec: TableSpec, rows: list[list[object]]) -> None:
    with (directory / spec.file).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(spec.columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _organisations() -> list[list[object]]:
    rows = []
    for code, name in zip(geography.municipalities()["municipality_code"],
                          geography.municipalities()["municipality_name"]):
        rows.append([f"kommun-{code}", f"{name} kommun", "municipality", "local", code,
                     code[:2], None])
    for code, name in zip(geography.counties()["county_code"], geography.counties()["county_name"]):
        rows.append([f"region-{code}", f"Region {name.removesuffix(' län')}", "region",
                     "regional", None, code, None])
    for org_id, name, kind in NATIONAL_BODIES:
        rows.append([org_id, name, kind, "national", None, None, None])
    return rows


def write_synthetic_dataset(directory: Path, n_projects: int, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    organisations = _organisations()
    org_ids = [row[0] for row in organisations]

    n_sources = max(1, -(-n_projects // PROJECTS_PER_SOURCE))
    sources = [[f"synthetic-{i:05d}", f"synthetic_{i:05d}.txt", "sv", "project page", None,
                None, None, "Synthetic document for benchmarking."] for i in range(n_sources)]

    amounts = np.clip(np.exp(rng.normal(np.log(1_500_000), 1.3, n_projects)), 50_000,
                      50_000_000).round().astype(int)
    basis_draw = rng.random(n_projects)
    durations = rng.integers(3, 49, n_projects)
    start_year = rng.integers(2010, 2026, n_projects)
    start_month0 = rng.integers(0, 12, n_projects)
    team_sizes = rng.integers(1, 31, n_projects)
    funders = rng.integers(0, len(FUNDERS), n_projects)

    projects, participations, provenance = [], [], []
    for i in range(n_projects):
        project_id = f"synthetic-project-{i:06d}"
        source_id = sources[i // PROJECTS_PER_SOURCE][0]
        start = start_year[i] * 12 + start_month0[i]
        end = start + durations[i] - 1
        start_month = f"{start // 12}-{start % 12 + 1:02d}"
        end_month = f"{end // 12}-{end % 12 + 1:02d}"
        if basis_draw[i] < 0.05:
            amount, basis = None, None  # unknown amount
        elif basis_draw[i] < 0.20:
            amount, basis = int(amounts[i]), "total project budget"
        else:
            amount, basis = int(amounts[i]), "funder grant"
        projects.append([project_id, "project", f"Syntetiskt projekt {i} för Östersund",
                         f"Synthetic project {i}", source_id, FUNDERS[funders[i]], None, None,
                         None, amount, basis, start_month, end_month, "completed", None,
                         "Synthetic project for benchmarking."])
        facts = ["title", "funder", "start_month", "end_month", "status"]
        if amount is not None:
            facts += ["amount_sek", "amount_basis"]
        provenance += [["projects", project_id, fact, source_id, 1, None] for fact in facts]
        members = rng.choice(len(org_ids), size=team_sizes[i], replace=False)
        for position, member in enumerate(members):
            org_id = org_ids[member]
            role = "coordinator" if position == 0 else "partner"
            participations.append([project_id, org_id, role, None])
            provenance.append(["participations", f"{project_id}/{org_id}", "role", source_id,
                               1, None])
    provenance += [["organisations", row[0], "name", sources[0][0], 1, None]
                   for row in organisations]

    _write(directory, SOURCES, sources)
    _write(directory, PROJECTS, projects)
    _write(directory, ORGANISATIONS, organisations)
    _write(directory, ALIASES, [])
    _write(directory, PARTICIPATIONS, participations)
    _write(directory, PROVENANCE, provenance)
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_synthetic_dataset(args.out, args.projects, args.seed)
    print(f"wrote {args.projects} synthetic projects to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
