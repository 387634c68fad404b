import dataclasses

from analysis import load_dataset, tables
from analysis.tables import ReportTable


def test_data_text_is_escaped_in_html_and_markdown():
    data = load_dataset()
    projects = data.projects.copy()
    projects.loc[0, "title_en"] = "<script>alert('x')</script> | *bold*"
    table = tables.grants_table(dataclasses.replace(data, projects=projects), "en")
    html = table._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
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


def test_long_tables_are_cut_with_a_note():
    import pandas as pd
    frame = pd.DataFrame({"n": range(100)})
    table = ReportTable(frame, {"n": "Number"}, max_rows=10, language="en")
    assert table._repr_html_().count("<tr>") == 11
    assert "Showing the first 10 of 100 rows." in table._repr_markdown_()


def test_counties_table_lists_all_21():
    markdown = tables.counties_table(load_dataset(), "en")._repr_markdown_()
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 22
