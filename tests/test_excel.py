"""Read the appendix back, in each edition's language: sheets, headers, types, formats,
tables, counts, links and safety."""

import dataclasses
import re
import shutil
from datetime import datetime

import pytest
from openpyxl import load_workbook

from analysis import load_dataset
from analysis.appendix import sheets, write_appendix
from analysis.appendix.cells import MAX_COLUMN_WIDTH, check_sheet_title
from analysis.appendix.columns import EXTRA_COLUMNS, appendix_words, extra_column, field_column
from analysis.paths import DATA_DIR
from analysis.fields import TABLES_BY_NAME
from analysis.importers import import_vinnova
from analysis.text.labels import value_label
from analysis.text import LANGUAGES, Count, fill_plain
from vinnova_export import ten_records, write_export


def write(data, path, language="en"):
    return write_appendix(data, path, {"build_date": "2026-11-23",
                                             "data_version": data.data_version},
                                language=language)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def books(data, tmp_path_factory):
    """The appendix of the curated data in every language."""
    folder = tmp_path_factory.mktemp("xlsx")
    return {language: load_workbook(write(data, folder / f"appendix-{language}.xlsx", language))
            for language in LANGUAGES}


@pytest.fixture(scope="module")
def workbook(books):
    return books["en"]


@pytest.fixture(scope="module")
def imported_books(tmp_path_factory):
    """The appendix after an import (imported facts, conflicts, organisations not placed)."""
    folder = tmp_path_factory.mktemp("imported")
    shutil.copytree(DATA_DIR, folder / "data")
    import_vinnova(write_export(folder / "export.json", ten_records()), folder / "data",
                   retrieved="2026-11-30")
    data = load_dataset(folder / "data")
    return {language: load_workbook(write(data, folder / f"appendix-{language}.xlsx", language))
            for language in LANGUAGES}


def rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def sheet_of(book, key, language):
    """A sheet by its table's name or the appendix's own key, whatever its language."""
    return book[{spec.key: spec.title for spec in sheets(language)}[key]]


def label(table, field, language):
    return field_column(TABLES_BY_NAME[table], field, language).label


def header(sheet):
    return [cell.value for cell in sheet[1]]


def test_sheets_in_reading_order(workbook):
    assert workbook.sheetnames == ["About", "Projects", "Organisations", "Participations",
                                   "Not placed", "Counties", "Sources", "Provenance",
                                   "Conflicts", "Not recorded", "Former names",
                                   "Data dictionary"]


# The English appendix as it was before the Swedish one existed: its headers must not move.
ENGLISH_HEADERS = {
    "Projects": ["Project id", "Kind", "Title", "Title (English)", "Source id", "Funder",
                 "Programme", "Call", "Reference number", "Amount (SEK)", "Amount basis",
                 "Start month", "End month", "Status", "Measures adopted",
                 "Participants registered", "Meetings held approx", "Places",
                 "Summary (English)", "Source language", "Duration (months)", "Coordinator",
                 "Facts (Provenance)", "Organisations (Participations)", "Where to look it up"],
    "Organisations": ["Organisation id", "Name", "Type", "Scope", "Municipality code",
                      "County code", "Note", "Municipality name", "County name"],
    "Participations": ["Project id", "Project title (English)", "Organisation id",
                       "Organisation", "Role", "Unit"],
    "Not placed": ["Organisation id", "Name", "Type", "Note"],
    "Counties": ["County code", "County name", "Projects reached", "Organisations",
                 "Municipalities", "Other roles only", "Reached"],
    "Sources": ["Source id", "File", "Language", "Kind", "Publisher", "URL", "Licence",
                "Retrieved", "As of month", "Description", "Description sv"],
    "Provenance": ["Table", "Record id", "Field", "Value", "Source id", "Document file", "Lines",
                   "Source record", "Source field", "Note"],
    "Conflicts": ["Project id", "Field", "Curated value", "Imported value",
                  "Imported source id", "Imported record", "Imported field", "Matched by",
                  "Resolution", "Note"],
    "Not recorded": ["Source id", "Line", "Words", "Reason", "Duplicate of line", "Note"],
    "Former names": ["Organisation id", "Alias", "Kind", "Renamed in year"],
    "Data dictionary": ["Sheet", "Column", "Field name", "Description", "Type", "Unit",
                        "Allowed values", "Limits"],
}


def test_english_appendix_keeps_its_headers_codes_and_words(workbook, imported_books):
    for name, expected in ENGLISH_HEADERS.items():
        assert header(workbook[name]) == expected, name
    about = [list(r) for r in rows(workbook["About"])]
    assert about[0][0] == "Swedish public-sector innovation projects — data appendix"
    assert ["Unknown values", "Left empty. An empty cell means the source does not state the "
            "value; it is never zero."] in about
    # Codes are shown as they are in data/, and the cells' own words are English.
    projects = [dict(zip(ENGLISH_HEADERS["Projects"], r)) for r in rows(workbook["Projects"])[1:]]
    ljusdal = next(p for p in projects if p["Project id"] == "ljusdal-rural-service-model")
    assert (ljusdal["Kind"], ljusdal["Amount basis"], ljusdal["Status"]) == \
        ("project", "funder grant", "completed")
    assert ljusdal["Organisations (Participations)"] == "1 organisation"
    assert {r[6] for r in rows(workbook["Counties"])[1:]} == {"yes", "no"}
    provenance = rows(imported_books["en"]["Provenance"])
    assert any(r[1] == "each of 8 imported records" and r[7] == "the record's Diarienummer"
               for r in provenance)


SWEDISH_SHEETS = ["Om bilagan", "Projekt", "Organisationer", "Deltaganden", "Ej placerade",
                  "Län", "Källor", "Proveniens", "Skillnader", "Ej införda", "Andra namn",
                  "Datakatalog"]


def test_swedish_appendix_has_swedish_sheet_names_headers_and_words(books, imported_books):
    book = books["sv"]
    assert book.sheetnames == SWEDISH_SHEETS
    assert header(book["Projekt"])[:4] == ["Projekt-id", "Slag", "Titel", "Titel (engelska)"]
    assert header(book["Projekt"])[-3:] == ["Uppgifter (Proveniens)",
                                            "Organisationer (Deltaganden)", "Här finns projektet"]
    assert header(book["Län"]) == ["Länskod", "Län", "Projekt som når länet", "Organisationer",
                                   "Kommuner", "Bara andra roller", "Nås"]
    assert header(book["Datakatalog"]) == ["Flik", "Kolumn", "Fältnamn", "Beskrivning", "Typ",
                                           "Enhet", "Tillåtna värden", "Gränser"]
    projects = [dict(zip(header(book["Projekt"]), r)) for r in rows(book["Projekt"])[1:]]
    ljusdal = next(p for p in projects if p["Projekt-id"] == "ljusdal-rural-service-model")
    assert (ljusdal["Slag"], ljusdal["Beloppet avser"], ljusdal["Status"]) == \
        ("projekt", "bidrag från finansiär", "avslutat")
    assert ljusdal["Organisationer (Deltaganden)"] == "1 organisation"
    assert ljusdal["Här finns projektet"].endswith("sök på 2016-03001")
    assert {r[6] for r in rows(book["Län"])[1:]} == {"ja", "nej"}
    # Data text stays as written: the curated title, the source's Swedish title repeated.
    assert ljusdal["Titel"] == "Innovativ modell för utveckling av offentlig verksamhet"
    participations = rows(book["Deltaganden"])
    assert ("ljusdal-rural-service-model", ljusdal["Titel"], "ljusdals-kommun",
            "Ljusdals kommun", "samordnare") in [r[:5] for r in participations]
    dictionary = [list(r) for r in rows(book["Datakatalog"])]
    basis = next(r for r in dictionary if r[0] == "Projekt" and r[2] == "amount_basis")
    assert basis[1] == "Beloppet avser" and basis[4] == "text"
    assert basis[6] == "bidrag från finansiär, total projektbudget"
    limits = {r[2]: r[7] for r in dictionary if r[0] == "Projekt"}
    assert limits["amount_sek"] == "minst 1"
    assert limits["start_month"] == "format: en månad skriven ÅÅÅÅ-MM, t.ex. 2016-10"
    assert limits["summary_en"] == "högst 600 tecken"
    units = {r[2]: r[5] for r in dictionary if r[0] == "Projekt"}
    assert units["amount_sek"] == "kr" and units["duration_months"] == "månader"
    about = [list(r) for r in rows(book["Om bilagan"])]
    assert about[0][0] == "Innovationsprojekt i svensk offentlig sektor – databilaga"
    assert book["Projekt"].oddFooter.center.text == "&A – sida &P av &N"
    provenance = rows(imported_books["sv"]["Proveniens"])
    assert any(r[1] == "var och en av 8 importerade poster" and r[0] == "Deltaganden"
               for r in provenance)
    conflicts = rows(imported_books["sv"]["Skillnader"])
    assert ("ljusdal-rural-service-model", "belopp (kr)") in [r[:2] for r in conflicts]


# A small English vocabulary that has no place in the Swedish appendix's own words.
ENGLISH_WORDS = {"the", "and", "of", "for", "to", "is", "project", "projects", "grant",
                 "grants", "funder", "unknown", "county", "counties", "municipality",
                 "municipalities", "coordinator", "initiative", "initiatives",
                 "facts", "fact", "record", "records", "sheet", "yes", "no", "none", "months",
                 "month", "search", "reference", "value", "field", "source", "document",
                 "imported", "each", "kind", "role", "title", "description", "allowed",
                 "limits", "unit", "integer", "string", "boolean", "least", "most",
                 "characters", "page", "about", "contents", "licence", "amount", "amounts",
                 "completed", "ongoing", "local", "national", "name", "reached"}


def words_of(text) -> set[str]:
    # Paths, file names and field names (exports/vinnova-projects.json, amount_sek) are codes.
    text = re.sub(r"\S*[/_.]\S*", " ", str(text))
    return {word.lower() for word in re.findall(r"[A-Za-zÅÄÖåäöÉé]+", text)}


def code_written_cells(book, language):
    """Every cell whose words the appendix writes, not the data: sheet names, headers, the
    data dictionary (but field names), the About sheet (but the source documents' rows), the
    coded columns, links, hints, yes/no, and the rows summing up imported facts."""
    specs = {spec.title: spec for spec in sheets(language)}
    words = appendix_words(language)
    yield from book.sheetnames
    for title in book.sheetnames[1:]:
        yield from header(book[title])
    for row in rows(book[words["sheets"]["dictionary"]])[1:]:
        yield from (value for position, value in enumerate(row) if position != 2 and value)
    about = rows(book[words["sheets"]["about"]])
    sources = [r[0] for r in about].index(words["about"]["sources"])
    yield from (value for row in about[:sources + 1] for value in row if value)
    own = {"facts", "organisations_taking_part", "look_up", "covered"}
    for title, spec in specs.items():
        body = rows(book[title])[1:]
        for position, column in enumerate(spec.columns):
            if column.labels or column.name in own:
                yield from (row[position] for row in body if row[position] is not None)
    provenance = sheet_of(book, "provenance", language)
    lines = header(provenance).index(label("provenance", "lines", language))
    for row in rows(provenance)[1:]:
        if row[lines] is None:  # a summary of imported facts: its record, source record, note
            yield from (row[1], row[7], row[9])


def test_swedish_appendix_holds_no_english_words_of_its_own(books, imported_books):
    for book in (books["sv"], imported_books["sv"]):
        leaks = {(text, word) for text in code_written_cells(book, "sv")
                 for word in words_of(text) & ENGLISH_WORDS}
        assert not leaks
    # The check itself finds English where it is: in the English appendix.
    found = set().union(*(words_of(t) for t in code_written_cells(imported_books["en"], "en")))
    assert {"projects", "facts", "the", "of", "yes", "record"} <= found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_lands_on_a_row_of_an_existing_sheet(books, imported_books,
                                                                 language):
    for book in (books[language], imported_books[language]):
        links = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.hyperlink is None:
                        continue
                    target, _, place = cell.hyperlink.location.rpartition("!")
                    assert target.startswith("'") and target.endswith("'"), target
                    name = target[1:-1].replace("''", "'")
                    assert name in book.sheetnames, (sheet.title, cell.value, name)
                    number = int(re.fullmatch(r"A(\d+)", place).group(1))
                    assert 1 <= number <= book[name].max_row, (sheet.title, cell.value)
                    links += 1
        assert links > len(book.sheetnames)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sheet_names_are_valid_in_excel(books, language):
    for name in books[language].sheetnames:
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
    for table in books[language].worksheets[1:]:
        (spec,) = table.tables.values()
        assert re.fullmatch(r"T\d+_[A-Za-z0-9_]+", spec.displayName), spec.displayName
    with pytest.raises(ValueError, match="sheet name"):
        check_sheet_title("Projects: all [2026]")
    with pytest.raises(ValueError, match="sheet name"):
        check_sheet_title("x" * 32)


def test_an_unknown_language_writes_nothing(data, tmp_path):
    with pytest.raises(ValueError, match="no text catalogue"):
        write_appendix(data, tmp_path / "a.xlsx", {}, language="de")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_recorded_sheet_lists_left_out_facts_with_reasons(books, data, language):
    book = books[language]
    sheet = rows(sheet_of(book, "not_recorded", language))
    head, body = list(sheet[0]), [list(r) for r in sheet[1:]]
    assert head[:4] == [label("not_recorded", f, language)
                        for f in ("source_id", "line", "words", "reason")]
    assert len(body) == len(data.not_recorded)
    reason = value_label("reason", "personal data", language) if language != "en" \
        else "personal data"
    assert ["doc003", 31, "a phone number", reason] in [r[:4] for r in body]
    dictionary = [list(r[:3]) for r in rows(book.worksheets[-1])]
    assert [sheet_of(book, "not_recorded", language).title,
            label("not_recorded", "reason", language), "reason"] in dictionary
    assert [sheet_of(book, "projects", language).title,
            label("projects", "measures_adopted", language), "measures_adopted"] in dictionary
    if language == "en":
        assert head[:4] == ["Source id", "Line", "Words", "Reason"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_sheet_says_version_citation_licence_and_unknowns(books, data, language):
    book = books[language]
    about = appendix_words(language)["about"]
    text = " ".join(str(v) for row in rows(book.worksheets[0]) for v in row if v)
    assert data.data_version in text and "2026-11-23" in text
    assert about["cite"] in text and "CC BY 4.0" in text and "CC0" in text
    assert about["unknown_text"] in text
    assert label("projects", "amount_basis", language) in text
    for sheet in book.sheetnames[1:]:
        assert sheet in text
    if language == "en":
        assert "How to cite" in text and "never zero" in text and "total budget" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_data_sheet_is_a_table_with_frozen_header(books, language):
    workbook = books[language]
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        (table,) = sheet.tables.values()
        # An Excel table has at least one row below its header, empty if nothing to list.
        assert table.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                            f"{max(sheet.max_row, 2)}", name
        assert [c.name for c in table.tableColumns] == list(rows(sheet)[0])
        # Every header's words fit its column (a longer header wraps at spaces).
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            longest = max(len(word) for word in cell.value.split())
            assert width >= min(MAX_COLUMN_WIDTH, longest + 2), (name, cell.value)


@pytest.mark.parametrize("language", LANGUAGES)
def test_counts_equal_the_curated_data(books, data, language):
    book = books[language]
    for key, table in (("projects", data.projects), ("organisations", data.organisations),
                       ("participations", data.participations),
                       ("provenance", data.provenance), ("sources", data.sources)):
        assert len(rows(sheet_of(book, key, language))) - 1 == len(table), key
    assert len(rows(sheet_of(book, "counties", language))) - 1 == 21


@pytest.mark.parametrize("language", LANGUAGES)
def test_types_and_number_formats(books, language):
    sheet = sheet_of(books[language], "projects", language)
    columns = header(sheet)
    amount = columns.index(label("projects", "amount_sek", language)) + 1
    start = columns.index(label("projects", "start_month", language)) + 1
    months = columns.index(label("projects", "duration_months", language)) + 1
    if language == "en":
        assert (columns[start - 1], columns[months - 1]) == ("Start month", "Duration (months)")
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_swedish_characters_intact(books, language):
    names = [r[1] for r in rows(sheet_of(books[language], "organisations", language))[1:]]
    assert "Älmhults kommun" in names and "Region Östergötland" in names
    assert any(r[1] == "Jämtlands län" for r in rows(sheet_of(books[language], "counties",
                                                              language)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_dictionary_covers_every_column_of_every_sheet(books, language):
    workbook = books[language]
    dictionary = {(r[0], r[1]) for r in rows(workbook.worksheets[-1])[1:]}
    for name in workbook.sheetnames[1:-1]:
        for column in rows(workbook[name])[0]:
            assert (name, column) in dictionary, (name, column)
    projects = sheet_of(workbook, "projects", language).title
    described = [r for r in rows(workbook.worksheets[-1])[1:] if r[0] == projects]
    basis = next(r for r in described if r[2] == "amount_basis")
    # Allowed values as the cells show them: the codes in English, the labels elsewhere.
    assert basis[6] == ", ".join(label_of("amount_basis", code, language)
                                 for code in ("funder grant", "total project budget"))
    limits = {r[2]: r[7] for r in described}
    assert all(limits[name] for name in ("amount_sek", "start_month", "summary_en"))
    if language == "en":
        # The limits fields.py states are in the dictionary, in words.
        assert basis[6] == "funder grant, total project budget"
        assert limits["amount_sek"] == "at least 1"
        assert limits["start_month"] == "format: a month written YYYY-MM, e.g. 2016-10"
        assert limits["summary_en"] == "at most 600 characters"


def label_of(field, code, language):
    return code if language == "en" else value_label(field, code, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)",
                                  "\tTab", "#N/A"])
def test_formula_like_text_stays_text(data, tmp_path, text, language):
    projects = data.projects.copy()
    projects.loc[0, "title"] = text
    path = write_appendix(dataclasses.replace(data, projects=projects),
                                tmp_path / "a.xlsx", {}, language=language)
    book = load_workbook(path)
    cell = sheet_of(book, "projects", language)["C2"]
    assert cell.value == text and cell.data_type == "s"
    if language != "en":  # the title repeated beside the participations is text too
        titles = [c for c in sheet_of(book, "participations", language)["B"] if c.value == text]
        assert titles and all(c.data_type == "s" for c in titles)


@pytest.mark.parametrize("language, note", [("en", "2 text value(s) contained control characters"),
                                            ("sv", "3 textvärden innehöll styrtecken")])
def test_control_characters_are_removed_and_noted(data, tmp_path, language, note):
    projects = data.projects.copy()
    projects.loc[0, "title"] = "Bell\x07 title"
    book = load_workbook(write_appendix(dataclasses.replace(data, projects=projects),
                                              tmp_path / "a.xlsx", {}, language=language))
    assert sheet_of(book, "projects", language)["C2"].value == "Bell title"
    about = " ".join(str(v) for row in rows(book.worksheets[0]) for v in row if v)
    # The title is in Projects and, as a cited value, in Provenance; in Swedish, whose
    # edition shows the source's title, also beside the project's participation.
    assert note in about


def test_contact_data_is_refused(data, tmp_path):
    projects = data.projects.copy()
    projects.loc[0, "summary_en"] = "Write to someone@example.se"
    with pytest.raises(ValueError, match="personal contact data"):
        write_appendix(dataclasses.replace(data, projects=projects), tmp_path / "a.xlsx",
                             {}, "en")
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_the_previous_appendix_and_no_temp_file(data, tmp_path,
                                                                    monkeypatch):
    target = tmp_path / "appendix.xlsx"
    target.write_text("previous appendix")

    def broken_package(skeleton, sheets, filename):
        open(filename, "w").write("half")
        raise OSError("disk full")
    monkeypatch.setattr("analysis.appendix.write_package", broken_package)
    with pytest.raises(OSError):
        write_appendix(data, target, {}, "en")
    assert target.read_text() == "previous appendix"
    # Neither a temporary file nor the CSV beside the workbook is left.
    assert [p.name for p in tmp_path.iterdir()] == ["appendix.xlsx"]


# --- navigating and printing ----------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sheet_prints_on_a4_fitted_with_repeated_header_and_footer(books, language):
    workbook = books[language]
    footer = appendix_words(language)["footer"]
    assert footer == {"en": "&A — page &P of &N", "sv": "&A – sida &P av &N"}[language]
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage, \
            sheet.title
        assert setup.fitToHeight == 0 and setup.fitToWidth >= 1, sheet.title
        assert sheet.oddFooter.center.text == footer, sheet.title
        widths = sum(d.width for d in sheet.column_dimensions.values())
        assert setup.orientation == ("landscape" if widths > 95 else "portrait"), sheet.title
        if sheet is not workbook.worksheets[0]:
            assert sheet.print_title_rows == "$1:$1", sheet.title
    # The widest sheet prints on pages side by side, each with the record's id column.
    projects = sheet_of(workbook, "projects", language)
    assert projects.page_setup.fitToWidth > 1 and projects.print_title_cols == "$A:$A"


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_lists_every_sheet_with_a_link_to_it(books, language):
    workbook = books[language]
    links = {cell.value: cell.hyperlink.location for row in workbook.worksheets[0].iter_rows()
             for cell in row if cell.hyperlink}
    assert links == {name: f"'{name}'!A1" for name in workbook.sheetnames[1:]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_project_links_to_its_provenance_and_participation_rows(books, data, language):
    workbook = books[language]
    projects = sheet_of(workbook, "projects", language)
    columns = header(projects)
    facts_at = columns.index(extra_column("facts", language).label)
    orgs_at = columns.index(extra_column("organisations_taking_part", language).label)
    provenance = sheet_of(workbook, "provenance", language)
    participations = sheet_of(workbook, "participations", language)
    record = header(provenance).index(label("provenance", "record_id", language)) + 1
    organisations = appendix_words(language)["organisations"]
    for row in projects.iter_rows(min_row=2):
        project_id = row[0].value
        facts, orgs = row[facts_at], row[orgs_at]
        # The fact link lands on the first of the project's block of facts …
        sheet, cell = facts.hyperlink.location.split("!")
        assert sheet == f"'{provenance.title}'" and cell.startswith("A")
        first = int(cell[1:])
        count = int(facts.value.split()[0])
        block = [provenance.cell(first + i, record).value for i in range(count)]
        assert all(r.split("/")[0] == project_id for r in block), project_id
        if first > 2:  # the block starts there: the row above is about something else
            assert provenance.cell(first - 1, record).value.split("/")[0] != project_id
        # … and the organisations link on the project's first participation.
        sheet, cell = orgs.hyperlink.location.split("!")
        assert sheet == f"'{participations.title}'"
        assert participations.cell(int(cell[1:]), 1).value == project_id
        expected = int((data.participations["project_id"] == project_id).sum())
        assert orgs.value == fill_plain(organisations, n=Count(expected, language))
        if language == "en":
            assert orgs.value == f"{expected} organisation{'s' if expected != 1 else ''}"
        assert facts.data_type == "s" and not str(facts.value).startswith("=")


@pytest.mark.parametrize("language", LANGUAGES)
def test_reference_numbers_say_where_to_look_the_project_up_and_nothing_is_invented(
        books, data, language):
    projects = sheet_of(books[language], "projects", language)
    at = header(projects).index(extra_column("look_up", language).label)
    numbers = dict(zip(data.projects["project_id"], data.projects["reference_number"]))
    for row in projects.iter_rows(min_row=2, values_only=True):
        hint, number = row[at], numbers[row[0]]
        if number is None or number != number:
            assert hint is None, row[0]
        else:
            assert hint.endswith({"en": f"search for {number}",
                                  "sv": f"sök på {number}"}[language]) and "vinnova.se" in hint


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_text_wraps_and_its_row_is_tall_enough(books, language):
    workbook = books[language]
    about = workbook.worksheets[0]
    for row in about.iter_rows(min_row=2):
        if len(row) > 1 and row[1].value and len(str(row[1].value)) > 100:
            assert row[1].alignment.wrap_text
            assert about.row_dimensions[row[1].row].height >= 30, row[1].value
    projects = sheet_of(workbook, "projects", language)
    summary_at = header(projects).index(label("projects", "summary_en", language))
    for row in projects.iter_rows(min_row=2):
        cell = row[summary_at]
        letter = cell.column_letter
        if len(cell.value) > projects.column_dimensions[letter].width:
            assert cell.alignment.wrap_text
            assert projects.row_dimensions[cell.row].height > 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_unit_and_type_has_words(language):
    from analysis.fields import TABLES
    words = appendix_words(language)
    units = {f.unit for t in TABLES for f in t.fields if f.unit} \
        | {unit for _, unit, _ in EXTRA_COLUMNS.values() if unit}
    assert set(words["units"]) == units
    types = {f.dtype for t in TABLES for f in t.fields} \
        | {dtype for dtype, _, _ in EXTRA_COLUMNS.values()}
    assert set(words["types"]) == types
