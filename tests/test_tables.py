import dataclasses

from analysis import load_dataset, tables
from analysis.tables import ReportTable


def test_data_text_is_escaped_in_html_and_markdown():
    data = load_dataset()
    projects = data.projects.copy()
    projects.loc[0, "title_en"] = "<script>alert('x')</script> | *bold*"
    table = tables.grants_table(dataclasses.replace(data, projects=projects))
    html = table._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    markdown = table._repr_markdown_()
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\| \\*bold\\*" in markdown  # a pipe in data cannot break the table


def test_unknown_amount_is_shown_as_unknown_not_zero():
    table = tables.grants_table(load_dataset())
    markdown = table._repr_markdown_()
    row = next(line for line in markdown.splitlines() if "MORE Östersund" in line)
    assert "unknown" in row and " 0\u00a0kr" not in row


def test_total_budget_row_says_so():
    markdown = tables.grants_table(load_dataset())._repr_markdown_()
    row = next(line for line in markdown.splitlines() if "Service in collaboration" in line)
    assert "total project budget" in row and "16\u202f095\u202f000\u00a0kr" in row


def test_long_tables_are_cut_with_a_note():
    import pandas as pd
    frame = pd.DataFrame({"n": range(100)})
    table = ReportTable(frame, {"n": "Number"}, max_rows=10)
    assert table._repr_html_().count("<tr>") == 11
    assert "Showing the first 10 of 100 rows." in table._repr_markdown_()


def test_counties_table_lists_all_21():
    markdown = tables.counties_table(load_dataset())._repr_markdown_()
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 22
