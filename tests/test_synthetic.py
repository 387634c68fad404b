"""The synthetic benchmark data: valid, in the project's own format, realistic, deterministic."""

import csv

import pytest

from analysis import load_dataset
from analysis.fields import TABLES
from analysis.paths import DATA_DIR
from analysis.synthetic import MAX_AMOUNT, MIN_AMOUNT, write_synthetic_dataset

N = 50


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_synthetic_dataset(tmp_path_factory.mktemp("synthetic") / "data", N, seed=7)


@pytest.fixture(scope="module")
def data(folder):
    return load_dataset(folder)  # raises DataValidationError if anything is invalid


def test_same_files_and_headers_as_data(folder):
    assert sorted(p.name for p in folder.iterdir()) == sorted(spec.file for spec in TABLES)
    for spec in TABLES:
        with (folder / spec.file).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == spec.columns, spec.file


def test_validates_and_counts_match(data):
    assert len(data.projects) == N
    assert data.projects["project_id"].is_unique
    assert len(data.sources) == 1  # one made-up document per 100 projects
    coordinators = data.participations[data.participations["role"] == "coordinator"]
    assert sorted(coordinators["project_id"]) == sorted(data.projects["project_id"])
    per_project = data.participations.groupby("project_id").size()
    assert per_project.min() >= 1 and per_project.max() <= 30
    assert set(data.participations["org_id"]) == set(data.organisations["org_id"])


def test_realistic_spread(data):
    amounts = data.projects["amount_sek"].dropna()
    assert amounts.between(MIN_AMOUNT, MAX_AMOUNT).all()
    basis = data.projects["amount_basis"]
    assert basis.isna().equals(data.projects["amount_sek"].isna())
    assert (basis == "funder grant").sum() > (basis == "total project budget").sum()
    funded = data.projects[data.projects["kind"] == "project"]
    durations = funded["duration_months"].dropna()
    assert durations.between(3, 48).all()
    assert funded["start_month"].dropna().str[:4].astype(int).between(2010, 2025).all()
    assert data.projects["funder"].nunique() >= 3
    organisations = data.organisations
    national = organisations[organisations["scope"] == "national"]
    assert national["county_code"].isna().all()
    municipal = organisations[organisations["type"] == "municipality"]
    assert len(municipal) > 0 and municipal["municipality_name"].notna().all()
    assert (municipal["name"].str.endswith(" kommun")).all()


def test_deterministic(folder, tmp_path):
    again = write_synthetic_dataset(tmp_path / "again", N, seed=7)
    for spec in TABLES:
        assert (again / spec.file).read_bytes() == (folder / spec.file).read_bytes(), spec.file
    other = write_synthetic_dataset(tmp_path / "other", N, seed=8)
    assert (other / "projects.csv").read_bytes() != (folder / "projects.csv").read_bytes()


def test_never_writes_into_data():
    with pytest.raises(ValueError, match="never"):
        write_synthetic_dataset(DATA_DIR, 1)
