import dataclasses

from analysis import load_dataset, tables
from analysis.tables import ReportTable


def test_data_text_is_escaped_in_html_and_markdown():
    data = load_dataset()
    projects = data.projects.copy()
    projects.loc[0, "title_en"] = "<script>alert('x')</script> | *bold*"
    table = tables.grants_table(dataclasses.replace(data, projects=projects), "en")
    html = table._repr_html_()  # an interactive table: its data in a script, HTML-escaped
    assert "new ITable(" in html
    assert "<script>alert" not in html and "</script> |" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt; | *bold*" in html
    markdown = table._repr_markdown_()
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\| \\*bold\\*" in markdown  # a pipe in data cannot break the table


def test_unknown_amount_is_shown_as_unknown_not_zero():
    table = tables.grants_table(load_dataset(), "en")
    markdown = table._repr_markdown_()
    row = next(line for line in markdown.splitlines() if "MORE Östersund" in line)
    assert "unknown" in row and " 0\u00a0kr" not in row


def test_total_budget_row_says_so():
    markdown = tables.grants_table(load_dataset(), "en")._repr_markdown_()
    row = next(line for line in markdown.splitlines() if "Service in collaboration" in line)
    assert "total project budget" in row and "16\u202f095\u202f000\u00a0kr" in row


def grant_rows(table) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split(" | ")]
            for line in table._repr_markdown_().splitlines()[2:] if line.startswith("| ")]


def test_grants_table_groups_grants_by_call_then_budgets_then_unknown_amounts(made_up):
    for data in (load_dataset(), made_up):
        table = tables.grants_table(data, "en")
        headers = list(table.columns.values())
        assert headers[:3] == ["Project", "Funder", "Call or programme"]
        rows = grant_rows(table)
        bases = [row[4] for row in rows]
        # Grants, then total budgets, then rows without an amount: never mixed.
        order = {"funder grant": 0, "total project budget": 1, "": 2}
        assert [order[b] for b in bases] == sorted(order[b] for b in bases)
        grants = [row for row in rows if row[4] == "funder grant"]
        groups = [(row[1], row[2]) for row in grants]
        seen = list(dict.fromkeys(groups))
        assert groups == sorted(groups, key=seen.index), "a call's grants stand together"
        for group in seen:
            amounts = [int(row[3].replace("\u202f", "").replace("\u00a0kr", ""))
                       for row in grants if (row[1], row[2]) == group]
            assert amounts == sorted(amounts, reverse=True)
    real = grant_rows(tables.grants_table(load_dataset(), "en"))
    assert real[0][2] == ("programme: Samverket \\(Public sector coworking\\); call: Funding for "
                          "public organizations for using coworking spaces and hybrid work")
    assert [row[2] for row in real[1:3]] == ["no call or programme named"] * 2
    swedish = grant_rows(tables.grants_table(load_dataset(), "sv"))
    assert swedish[0][2].startswith("program: Samverket") and "utlysning: " in swedish[0][2]


def interactive_rows(html: str) -> list[list]:
    """The rows an interactive table (itables) holds: its data, as DataTables gets it."""
    import json
    import re
    found = re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', html)
    return json.loads(json.loads(found.group(1)))


def test_long_tables_print_their_top_rows_by_a_stated_order_and_say_where_the_rest_are():
    import pandas as pd
    frame = pd.DataFrame({"n": range(100), "name": [f"item {i}" for i in range(100)]})
    table = ReportTable(frame, {"name": "Name", "n": "Number"}, max_rows=10, numeric=("n",),
                        language="en", top_by=(("n", False),), order="largest_amount",
                        sheet="organisations")
    markdown = table._repr_markdown_()
    printed = [line for line in markdown.splitlines() if line.startswith("| item")]
    assert [line.split(" | ")[0] for line in printed] == [f"| item {i}" for i in range(99, 89, -1)]
    assert ("10 of 100 rows shown, the largest amounts first; 90 more in the HTML edition and "
            "the appendix (sheet Organisations).") in markdown.replace("\\", "")
    # The HTML edition has every row, in the table's order, and sorts Number by the number.
    html = table._repr_html_()
    rows = interactive_rows(html)
    assert len(rows) == 100 and rows[0][:2] == ["item 0", "0"] and rows[42][2] == 42
    assert '"orderData": 2' in html and "Showing" not in html


def test_a_table_longer_than_an_interactive_table_holds_its_top_rows_and_says_where_the_rest_are(
        monkeypatch):
    """50 000 projects made the grants table 12.5 MB of page data; the HTML edition holds the
    top INTERACTIVE_MAX_ROWS (here 40) by the table's order, and both editions say so."""
    import pandas as pd

    from analysis.tables import report_table
    monkeypatch.setattr(report_table, "INTERACTIVE_MAX_ROWS", 40)
    frame = pd.DataFrame({"n": range(100), "name": [f"<i>item {i}</i>" for i in range(100)]})
    for language, html_note, pdf_note in [
            ("en", "The first 40 of 100 rows, the largest amounts first; 60 more in the "
                   "appendix (sheet Organisations).",
             "10 of 100 rows shown, the largest amounts first; 90 more in the appendix "
             "(sheet Organisations), the first 40 also in the HTML edition."),
            ("sv", "De första 40 av 100 rader, de största beloppen först; 60 till i bilagan "
                   "(fliken Organisationer).",
             "10 av 100 rader visas, de största beloppen först; 90 till i bilagan (fliken "
             "Organisationer), de första 40 även i HTML-utgåvan.")]:
        table = ReportTable(frame, {"name": "Name", "n": "Number"}, max_rows=10,
                            numeric=("n",), language=language, top_by=(("n", False),),
                            order="largest_amount", sheet="organisations")
        html = table._repr_html_()
        rows = interactive_rows(html)
        assert [row[1] for row in rows] == [str(n) for n in range(99, 59, -1)]
        assert f'<p class="table-cut-note"><em>{html_note}</em></p>' in html
        assert "<i>" not in html  # data text stays escaped
        assert pdf_note in table._repr_markdown_().replace("\\", "")


def test_a_short_table_prints_every_row_and_no_note():
    import pandas as pd
    table = ReportTable(pd.DataFrame({"n": range(5)}), {"n": "Number"}, language="en",
                        top_by=(("n", False),))
    markdown = table._repr_markdown_()
    assert markdown.count("\n| ") == 5 and "rows shown" not in markdown
    assert [line for line in markdown.splitlines()][2] == "| 0 |"  # its own order


def test_counties_table_lists_all_21():
    markdown = tables.counties_table(load_dataset(), "en")._repr_markdown_()
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 22


def test_numbers_keep_their_width_when_the_words_of_a_wide_table_do_not_fit():
    """Eight columns whose longest words alone pass the PDF's line: the widths are relative,
    so the numbers would shrink with everything else and run into each other (seen: "2/255 209
    852 kr27 604 926 kr" in the calls table). The numbers keep their whole width; the text
    columns share what is left."""
    import pandas as pd

    from analysis.tables.report_table import PRINT_LINE_CHARACTERS
    amount = "55\u202f209\u202f852\u00a0kr"
    frame = pd.DataFrame([{"call": "Regionalfondsprogrammet Småland och öarna " * 2,
                           "projects": 2, "granted": amount, "median": amount,
                           "budgets": "1 × 1\u202f100\u202f039\u00a0kr",
                           "months": 22, "kinds": "municipalityandregion 50%, universitetet 50%",
                           "note": "Samverkan"}])
    table = ReportTable(frame, {c: c.title() for c in frame.columns},
                        numeric=("projects", "granted", "median", "months"), language="en")
    rows, _ = table._cells()
    widths = table.column_widths(rows)
    assert sum(widths) <= PRINT_LINE_CHARACTERS
    share = {column: width / sum(widths) * PRINT_LINE_CHARACTERS
             for column, width in zip(frame.columns, widths)}
    assert share["granted"] >= len(amount) and share["median"] >= len(amount)
    assert share["call"] > share["note"] >= 8  # text shares the rest by its longest word


def test_an_interactive_table_speaks_the_editions_language_until_its_script_runs():
    """itables writes an English 'Loading ITables … (need help?)' line and a static preview
    (English notes, the hidden sort columns) for pages whose scripts do not run; the report
    shows its own placeholder instead, in the edition's words, saying where every row is."""
    import pandas as pd

    frame = pd.DataFrame({"name": ["Åre <b>kommun</b>", "Lund"], "projects": [3, 1]})
    for language, sheet in (("en", "Organisations"), ("sv", "Organisationer")):
        table = ReportTable(frame, {"name": "Name", "projects": "Projects"},
                            numeric=("projects",), language=language, sheet="organisations")
        html = table._repr_html_()
        for itables_own in ("Loading ITables", "itables.org", "_fallback", 'hidden="hidden"'):
            assert itables_own not in html, (language, itables_own)
        placeholder = html.split("<td", 1)[1].split("</td>", 1)[0]
        assert f"({'sheet' if language == 'en' else 'blad'} {sheet})" in placeholder
        assert "<b>kommun</b>" not in html  # data text stays text


def test_a_title_column_beside_many_counts_keeps_room_for_its_words():
    """Counts under long headers (the organisations-per-project table): the headers' words
    alone pass the line, but the counts need two digits; the title column keeps a readable
    width instead of one word per line."""
    import pandas as pd

    headers = {"title": "Project or initiative", "a": "Co-financer", "b": "Contributor",
               "c": "Coordinator", "d": "Follow-up partner", "e": "Partner",
               "f": "Partner or co-financer", "g": "Supporting authority", "h": "Organisations"}
    frame = pd.DataFrame([{"title": "Collaboration on citizen dialogue in Söderköping",
                           **{key: 12 for key in "abcdefgh"}}])
    table = ReportTable(frame, headers, numeric=tuple("abcdefgh"), language="en")
    rows, _ = table._cells()
    widths = table.column_widths(rows)
    assert widths[0] / sum(widths) * 100 >= 20  # characters of the title per line, at least
