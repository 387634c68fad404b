"""Valid but sparse data sets build: no dates, no amounts, one project, only coordinators.

Each variant is made from a copy of the real data (provenance rows of removed facts removed
too), validated, and taken through everything the notebooks call: every table, every chart (as
PNG), the Excel appendix and the report's prose. Unknown stays unknown: no "0 kr", no "ran 0".
"""

import re
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import charts, load_dataset, render, tables
from analysis.appendix import write_appendix
from analysis.paths import DATA_DIR
from analysis.prose import report_text

ZERO_KRONOR = re.compile(r"(?<![\d\u202f])0\u00a0kr")
TABLES = [tables.grants_table, tables.durations_table, tables.partners_table,
          tables.shared_organisations_table, tables.counties_table, tables.municipalities_table,
          tables.completeness_table, tables.sources_table]


def _read(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _write(folder, name, frame):
    frame.to_csv(folder / f"{name}.csv", index=False)


def _keep_provenance(folder, keep):
    provenance = _read(folder, "provenance")
    _write(folder, "provenance", provenance[provenance.apply(keep, axis=1)])


def _blank(folder, fields):
    projects = _read(folder, "projects")
    projects[fields] = ""
    _write(folder, "projects", projects)
    _keep_provenance(folder, lambda row: not (row["table"] == "projects"
                                              and row["field"] in fields))


def _keep_participations(folder, participations, project_ids=None):
    _write(folder, "participations", participations)
    used = set(participations["org_id"])
    for name in ("organisations", "aliases"):
        frame = _read(folder, name)
        _write(folder, name, frame[frame["org_id"].isin(used)])
    projects = _read(folder, "projects")
    if project_ids is not None:
        projects = projects[projects["project_id"].isin(project_ids)]
        _write(folder, "projects", projects)
        sources = _read(folder, "sources")
        _write(folder, "sources", sources[sources["source_id"].isin(projects["source_id"])])
        left_out = _read(folder, "not_recorded")
        _write(folder, "not_recorded",
               left_out[left_out["source_id"].isin(projects["source_id"])])
    ids, sources = set(projects["project_id"]), set(projects["source_id"])

    def keep(row):
        record = row["record_id"].split("/")
        if row["table"] == "projects":
            return record[0] in ids
        if row["table"] == "participations":
            return record[0] in ids and record[1] in used
        if row["table"] in ("organisations", "aliases"):
            return record[0] in used
        return row["source_id"] in sources
    _keep_provenance(folder, keep)


def no_dates(folder):
    _blank(folder, ["start_month", "end_month"])


def no_amounts(folder):
    _blank(folder, ["amount_sek", "amount_basis"])


def only_coordinators(folder):
    participations = _read(folder, "participations")
    _keep_participations(folder, participations[participations["role"] == "coordinator"])


def one_project(folder):
    projects = _read(folder, "projects")
    chosen = projects.loc[projects["kind"] == "project", "project_id"].iloc[0]
    participations = _read(folder, "participations")
    _keep_participations(folder, participations[participations["project_id"] == chosen],
                         {chosen})


VARIANTS = {"no dates": no_dates, "no amounts": no_amounts,
            "only coordinators": only_coordinators, "one project": one_project}


@pytest.fixture(params=list(VARIANTS))
def sparse(request, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    VARIANTS[request.param](folder)
    return request.param, load_dataset(folder), tmp_path


def test_sparse_data_builds_every_output_and_keeps_unknowns_unknown(sparse):
    name, data, tmp_path = sparse
    charts.setup()
    for table in TABLES:
        markdown = table(data, "en")._repr_markdown_()
        assert not re.search(r"\b(nan|None|NaT|<NA>)\b", markdown), (name, table.__name__)
    for figure in charts.FIGURES_BY_NAME:
        spec = charts.figure(figure, data, "en").to_dict()
        assert render.chart_png(spec).startswith(b"\x89PNG"), (name, figure)
    appendix = write_appendix(data, tmp_path / "appendix.xlsx", {}, "en")
    assert load_workbook(appendix, read_only=True).sheetnames
    prose = " ".join(value.markdown for value in vars(report_text(data, {}, "en")).values())
    assert not ZERO_KRONOR.search(prose) and "ran 0" not in prose, name
    assert not re.search(r"\b(nan|None|NaT|<NA>)\b", prose), name
    if name == "no dates":
        assert "No project states both its start and its end month" in prose
    if name == "no amounts":
        assert "No project states a grant from its funder" in prose
        grants = tables.grants_table(data, "en")._repr_markdown_()
        assert "unknown" in grants and not ZERO_KRONOR.search(grants)
    if name == "one project":
        assert "one funded project" in prose
