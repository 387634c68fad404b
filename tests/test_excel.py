"""Read the appendix back: sheets, headers, types, formats, tables, counts and safety."""

import dataclasses
from datetime import datetime

import pytest
from openpyxl import load_workbook

from analysis import excel, load_dataset
from analysis.fields import PROJECTS


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def workbook(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "appendix.xlsx"
    excel.write_appendix(data, path, {"build_date": "2026-11-23",
                                      "data_version": data.data_version})
    return load_workbook(path)


def rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_sheets_in_reading_order(workbook):
    assert workbook.sheetnames == ["About", "Projects", "Organisations", "Participations",
                                   "Not placed", "Counties", "Sources", "Provenance",
                                   "Conflicts", "Not recorded", "Former names",
                                   "Data dictionary"]


def test_not_recorded_sheet_lists_left_out_facts_with_reasons(workbook, data):
    sheet = rows(workbook["Not recorded"])
    header, body = list(sheet[0]), [list(r) for r in sheet[1:]]
    assert header[:4] == ["Source id", "Line", "Words", "Reason"]
    assert len(body) == len(data.not_recorded)
    assert ["doc003", 31, "a phone number", "personal data"] in [r[:4] for r in body]
    dictionary = [list(r[:3]) for r in rows(workbook["Data dictionary"])]
    assert ["Not recorded", "Reason", "reason"] in dictionary
    assert ["Projects", "Measures adopted", "measures_adopted"] in dictionary


def test_about_sheet_says_version_citation_licence_and_unknowns(workbook, data):
    text = " ".join(str(v) for row in rows(workbook["About"]) for v in row if v)
    assert data.data_version in text and "2026-11-23" in text
    assert "How to cite" in text and "CC BY 4.0" in text and "CC0" in text
    assert "never zero" in text and "total budget" in text
    for sheet in workbook.sheetnames[1:]:
        assert sheet in text


def test_every_data_sheet_is_a_table_with_frozen_header(workbook):
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        (table,) = sheet.tables.values()
        # An Excel table has at least one row below its header, empty if nothing to list.
        assert table.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                            f"{max(sheet.max_row, 2)}", name
        assert [c.name for c in table.tableColumns] == list(rows(sheet)[0])
        assert all(sheet.column_dimensions[c].width >= 6 for c in "AB")


def test_counts_equal_the_curated_data(workbook, data):
    assert len(rows(workbook["Projects"])) - 1 == len(data.projects)
    assert len(rows(workbook["Organisations"])) - 1 == len(data.organisations)
    assert len(rows(workbook["Participations"])) - 1 == len(data.participations)
    assert len(rows(workbook["Provenance"])) - 1 == len(data.provenance)
    assert len(rows(workbook["Sources"])) - 1 == len(data.sources)
    assert len(rows(workbook["Counties"])) - 1 == 21


def test_types_and_number_formats(workbook):
    sheet = workbook["Projects"]
    header = [c.value for c in sheet[1]]
    amount = header.index(PROJECTS.field("amount_sek").label) + 1
    start = header.index("Start month") + 1
    months = header.index("Duration (months)") + 1
    row = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    ljusdal = row["ljusdal-rural-service-model"]
    assert sheet.cell(ljusdal, amount).value == 2115934
    assert sheet.cell(ljusdal, amount).number_format == "#,##0"
    assert sheet.cell(ljusdal, start).value == datetime(2016, 10, 1)
    assert sheet.cell(ljusdal, start).number_format == "yyyy-mm"
    assert sheet.cell(ljusdal, months).value == 23
    # Unknown stays empty, never 0.
    assert sheet.cell(row["mer-ostersund"], amount).value is None
    assert sheet.cell(row["mer-ostersund"], start).value is None


def test_swedish_characters_intact(workbook):
    names = [r[1] for r in rows(workbook["Organisations"])[1:]]
    assert "Älmhults kommun" in names and "Region Östergötland" in names
    assert any(r[1] == "Jämtlands län" for r in rows(workbook["Counties"]))


def test_data_dictionary_covers_every_column_of_every_sheet(workbook):
    dictionary = {(r[0], r[1]) for r in rows(workbook["Data dictionary"])[1:]}
    for name in workbook.sheetnames[1:-1]:
        for header in rows(workbook[name])[0]:
            assert (name, header) in dictionary, (name, header)
    described = [r for r in rows(workbook["Data dictionary"])[1:] if r[0] == "Projects"]
    basis = next(r for r in described if r[2] == "amount_basis")
    assert basis[6] == "funder grant, total project budget"
    # The limits fields.py states are in the dictionary, in words.
    limits = {r[2]: r[7] for r in described}
    assert limits["amount_sek"] == "at least 1"
    assert limits["start_month"] == "format: a month written YYYY-MM, e.g. 2016-10"
    assert limits["summary_en"] == "at most 600 characters"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)",
                                  "\tTab", "#N/A"])
def test_formula_like_text_stays_text(data, tmp_path, text):
    projects = data.projects.copy()
    projects.loc[0, "title"] = text
    path = excel.write_appendix(dataclasses.replace(data, projects=projects),
                                tmp_path / "a.xlsx")
    cell = load_workbook(path)["Projects"]["C2"]
    assert cell.value == text and cell.data_type == "s"


def test_control_characters_are_removed_and_noted(data, tmp_path):
    projects = data.projects.copy()
    projects.loc[0, "title"] = "Bell\x07 title"
    book = load_workbook(excel.write_appendix(dataclasses.replace(data, projects=projects),
                                              tmp_path / "a.xlsx"))
    assert book["Projects"]["C2"].value == "Bell title"
    about = " ".join(str(v) for row in rows(book["About"]) for v in row if v)
    # The title is in Projects and, as a cited value, in Provenance.
    assert "2 text value(s) contained control characters" in about


def test_contact_data_is_refused(data, tmp_path):
    projects = data.projects.copy()
    projects.loc[0, "summary_en"] = "Write to someone@example.se"
    with pytest.raises(ValueError, match="personal contact data"):
        excel.write_appendix(dataclasses.replace(data, projects=projects), tmp_path / "a.xlsx")
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_the_previous_appendix_and_no_temp_file(data, tmp_path,
                                                                    monkeypatch):
    target = tmp_path / "appendix.xlsx"
    target.write_text("previous appendix")

    def broken_save(self, filename):
        open(filename, "w").write("half")
        raise OSError("disk full")
    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    with pytest.raises(OSError):
        excel.write_appendix(data, target)
    assert target.read_text() == "previous appendix"
    assert [p.name for p in tmp_path.iterdir()] == ["appendix.xlsx"]


# --- navigating and printing ----------------------------------------------------------------

def test_every_sheet_prints_on_a4_fitted_with_repeated_header_and_footer(workbook):
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage, \
            sheet.title
        assert setup.fitToHeight == 0 and setup.fitToWidth >= 1, sheet.title
        assert sheet.oddFooter.center.text == "&A — page &P of &N", sheet.title
        widths = sum(d.width for d in sheet.column_dimensions.values())
        assert setup.orientation == ("landscape" if widths > 95 else "portrait"), sheet.title
        if sheet.title != "About":
            assert sheet.print_title_rows == "$1:$1", sheet.title
    # The widest sheet prints on pages side by side, each with the record's id column.
    projects = workbook["Projects"]
    assert projects.page_setup.fitToWidth > 1 and projects.print_title_cols == "$A:$A"


def test_about_lists_every_sheet_with_a_link_to_it(workbook):
    links = {cell.value: cell.hyperlink.location for row in workbook["About"].iter_rows()
             for cell in row if cell.hyperlink}
    assert links == {name: f"'{name}'!A1" for name in workbook.sheetnames[1:]}


def test_each_project_links_to_its_provenance_and_participation_rows(workbook, data):
    projects = workbook["Projects"]
    header = [cell.value for cell in projects[1]]
    facts_at = header.index("Facts (Provenance)")
    orgs_at = header.index("Organisations (Participations)")
    provenance, participations = workbook["Provenance"], workbook["Participations"]
    prov_header = [cell.value for cell in provenance[1]]
    for row in projects.iter_rows(min_row=2):
        project_id = row[0].value
        facts, orgs = row[facts_at], row[orgs_at]
        # The fact link lands on the first of the project's block of facts …
        sheet, cell = facts.hyperlink.location.split("!")
        assert sheet == "'Provenance'" and cell.startswith("A")
        first = int(cell[1:])
        count = int(facts.value.split()[0])
        record = prov_header.index("Record id") + 1
        block = [provenance.cell(first + i, record).value for i in range(count)]
        assert all(r.split("/")[0] == project_id for r in block), project_id
        if first > 2:  # the block starts there: the row above is about something else
            assert provenance.cell(first - 1, record).value.split("/")[0] != project_id
        # … and the organisations link on the project's first participation.
        target = int(orgs.hyperlink.location.split("!A")[1])
        assert participations.cell(target, 1).value == project_id
        expected = int((data.participations["project_id"] == project_id).sum())
        assert orgs.value == f"{expected} organisation{'s' if expected != 1 else ''}"
        assert facts.data_type == "s" and not str(facts.value).startswith("=")


def test_reference_numbers_say_where_to_look_the_project_up_and_nothing_is_invented(
        workbook, data):
    projects = workbook["Projects"]
    header = [cell.value for cell in projects[1]]
    numbers = dict(zip(data.projects["project_id"], data.projects["reference_number"]))
    for row in projects.iter_rows(min_row=2, values_only=True):
        hint, number = row[header.index("Where to look it up")], numbers[row[0]]
        if number is None or number != number:
            assert hint is None, row[0]
        else:
            assert hint.endswith(f"search for {number}") and "vinnova.se" in hint


def test_long_text_wraps_and_its_row_is_tall_enough(workbook):
    about = workbook["About"]
    for row in about.iter_rows(min_row=2):
        if len(row) > 1 and row[1].value and len(str(row[1].value)) > 100:
            assert row[1].alignment.wrap_text
            assert about.row_dimensions[row[1].row].height >= 30, row[1].value
    projects = workbook["Projects"]
    header = [cell.value for cell in projects[1]]
    summary_at = header.index(PROJECTS.field("summary_en").label)
    for row in projects.iter_rows(min_row=2):
        cell = row[summary_at]
        letter = cell.column_letter
        if len(cell.value) > projects.column_dimensions[letter].width:
            assert cell.alignment.wrap_text
            assert projects.row_dimensions[cell.row].height > 15
