"""The hand-over to the notebooks' kernels (handover.py): each table read when first used, and
every metric the notebooks show computed by the build before it (build/steps.py), so that no
kernel computes one."""

import dataclasses
import pickle

import nbformat
import pandas as pd
import pytest

import analysis
from analysis import load_dataset
from analysis.build.steps import compute_for_kernels, notebook_paths
from analysis.dataset import Dataset
from analysis.editions import LANGUAGE_ENV
from analysis.handover import (VALIDATED_DATA_ENV, VALIDATED_METRICS_ENV, computed_here,
                               read_metrics_when_used, read_when_used, save_metrics,
                               save_validated, table_names, tables_read)


@pytest.fixture(scope="module")
def validated():
    return load_dataset()


@pytest.fixture
def handed_over(validated, tmp_path, monkeypatch):
    """Set up as the build sets up its kernels: the data and what it computed before."""
    data = dataclasses.replace(validated)  # nothing computed yet
    monkeypatch.setenv(VALIDATED_DATA_ENV, str(save_validated(data, tmp_path)))
    compute_for_kernels(data)
    monkeypatch.setenv(VALIDATED_METRICS_ENV, str(save_metrics(data, tmp_path)))
    return data


def test_a_handed_over_dataset_reads_each_table_when_first_used(validated, handed_over):
    data = load_dataset()
    assert isinstance(data, Dataset) and dataclasses.is_dataclass(data)
    assert tables_read(data) == set()
    assert data.memo.keys() == handed_over.memo.keys()
    assert dict.__len__(data.memo) == 0  # each metric is read when first used
    key = next(iter(handed_over.memo))
    assert key in data.memo and dict.__len__(data.memo) == 0
    assert str(data.memo[key]) == str(handed_over.memo[key]) and dict.__len__(data.memo) == 1
    assert computed_here(data) == []
    pd.testing.assert_frame_equal(data.projects, validated.projects)
    pd.testing.assert_frame_equal(data.table("sources"), validated.sources)
    assert tables_read(data) == {"projects", "sources"}
    assert data.data_version == validated.data_version and data.data_dir == validated.data_dir
    with pytest.raises(AttributeError):
        data.no_such_table  # noqa: B018
    # A dataset made from it has every table, and no metrics yet.
    smaller = dataclasses.replace(data, projects=data.projects.iloc[:3])
    assert len(smaller.projects) == 3 and smaller.memo == {}
    pd.testing.assert_frame_equal(smaller.provenance, validated.provenance)
    # Pickled, it is a plain dataset holding every table and its metrics.
    copied = pickle.loads(pickle.dumps(data))
    assert type(copied) is Dataset and copied.memo.keys() == data.memo.keys()
    for name in table_names(validated):
        pd.testing.assert_frame_equal(copied.table(name), validated.table(name))


def test_the_build_reads_back_only_the_tables_it_uses_and_keeps_its_metrics(validated,
                                                                          tmp_path):
    """Once the tables are handed over, the build's own dataset is one that reads each back
    when first used (the provenance, which no step of the build reads after its metrics,
    is freed) and shares the metrics computed so far."""
    from analysis import metrics
    from analysis.build.steps import compute_provenance_metrics
    data = dataclasses.replace(validated)
    compute_provenance_metrics(data)
    lazy = read_when_used(data, save_validated(data, tmp_path))
    assert tables_read(lazy) == set() and lazy.memo is data.memo
    assert metrics.key_numbers(lazy) == metrics.key_numbers(validated)
    pd.testing.assert_series_equal(metrics.facts_per_source(lazy),
                                   validated.provenance.groupby("source_id").size())
    assert tables_read(lazy) == set()
    pd.testing.assert_frame_equal(lazy.participations, validated.participations)
    assert tables_read(lazy) == {"participations"}
    assert lazy.data_version == validated.data_version and lazy.data_dir == validated.data_dir


def test_once_the_metrics_are_handed_over_the_build_reads_them_back_when_used(validated,
                                                                             tmp_path):
    """The build's own memo, once saved for the kernels, is one that holds no metric until it
    is used again, and then the same one; what it computes afterwards it keeps."""
    from analysis import metrics
    data = dataclasses.replace(validated)
    compute_for_kernels(data)
    computed = {key: str(value) for key, value in data.memo.items()}
    read_metrics_when_used(data, save_metrics(data, tmp_path))
    assert dict.__len__(data.memo) == 0 and set(data.memo.keys()) == set(computed)
    assert str(metrics.key_numbers(data)) == computed[next(
        key for key in computed if key[0].endswith(".key_numbers"))]
    assert dict.__len__(data.memo) == 1 and computed_here(data) == []
    metrics.dated_projects(data, "title_en")  # not handed over: computed and kept
    assert computed_here(data) == [("analysis.metrics.dated_projects", ("title_en",), ())]
    assert dict.__len__(data.memo) == 2


def _run_notebook(path, language, monkeypatch) -> tuple[list, set[str]]:
    """Run a notebook's code as its kernel does (without drawing the outputs): the metrics
    it computed itself and the tables it read."""
    loaded: list = []

    def load(*args, **kwargs):
        loaded.append(load_dataset(*args, **kwargs))
        return loaded[-1]
    monkeypatch.setenv(LANGUAGE_ENV, language)
    monkeypatch.setattr(analysis, "load_dataset", load)
    namespace: dict = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{path.name}", "exec"), namespace)  # noqa: S102
    assert len(loaded) == 1, "the notebook loads the data once"
    return computed_here(loaded[0]), tables_read(loaded[0])


@pytest.mark.parametrize("language", ["en", "sv"])
def test_no_kernel_computes_a_metric_or_reads_a_table_it_does_not_show(
        handed_over, language, monkeypatch):
    read = {}
    for path in notebook_paths():
        computed, read[path.stem] = _run_notebook(path, language, monkeypatch)
        assert computed == [], f"{path.name} ({language}) computed {computed}"
    # Each kernel holds only the tables its notebook reads itself: the grants and durations
    # the projects alone; none the provenance (the largest: the build counts its facts).
    assert read["grants"] == read["durations"] == {"projects"}
    assert all("provenance" not in tables for tables in read.values()), read
