import shutil
from pathlib import Path

import pytest

from analysis.paths import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real curated data, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def made_up(tmp_path_factory):
    """A made-up copy of 14 projects (analysis/synthetic.py), in the project's own format:
    funders, programmes and calls, grants and total budgets, projects without an amount,
    organisations taking part in several projects."""
    from analysis import load_dataset
    from analysis.synthetic import write_synthetic_dataset
    folder = write_synthetic_dataset(tmp_path_factory.mktemp("made-up") / "data", 14, seed=3)
    return load_dataset(folder)


# --- the quick run -------------------------------------------------------------------------
# `python -m pytest -m "not slow"` skips the tests below; CI (`bash .ci/run`) runs them all.
# A test is slow when it uses one of these fixtures (whole builds, Quarto renders, 10 000
# synthetic projects) or is named here; new slow tests may also carry @pytest.mark.slow.
SLOW_FIXTURES = {
    "built",  # test_build.py: a whole build of both editions
    "rendered",  # test_render.py: a build with Quarto
    "big",  # test_charts.py: 10 000 synthetic projects
    "sparse",  # test_sparse_data.py: a whole build per kind of sparse data
}
SLOW_TESTS = {
    "test_build.py::test_a_second_build_reuses_what_did_not_change_and_reruns_what_did",
    "test_build.py::test_two_builds_give_the_same_figures",
    "test_build.py::test_failing_notebook_stops_the_build_and_keeps_previous_outputs",
    "test_build.py::test_a_kernel_that_dies_is_named_with_its_notebook_and_cell",
    "test_import.py::test_a_build_on_the_imported_data_reports_both_values_and_the_unplaced",
    "test_interrupt.py::test_finished_build_leaves_nothing_in_the_temp_folder",
    "test_interrupt.py::test_interrupted_build_says_so_in_one_line_and_leaves_nothing_behind",
    "test_fuzz.py::test_random_edits_validate_or_fail_with_one_validation_error",
    "test_charts.py::test_write_figures_writes_every_figure",
}


def pytest_collection_modifyitems(config, items):
    collected_files = {Path(str(item.fspath)).name for item in items}
    found = set()
    for item in items:
        name = f"{Path(str(item.fspath)).name}::{item.originalname}"
        if name in SLOW_TESTS:
            found.add(name)
        if name in SLOW_TESTS or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    # A renamed test must not silently join the quick run.
    missing = {name for name in SLOW_TESTS - found if name.split("::")[0] in collected_files
               and not config.getoption("keyword") and not config.getoption("markexpr")}
    if missing and len(collected_files) > 1:
        raise pytest.UsageError(f"conftest.SLOW_TESTS names tests that do not exist: {sorted(missing)}")
