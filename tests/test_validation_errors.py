"""Malformed input gives ONE error listing every problem with file, record, field and value."""

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import DataValidationError, load_dataset


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def only_problem(data_dir: Path) -> str:
    found = problems(data_dir)
    assert len(found) == 1, found
    return found[0]


def test_negative_amount(data_copy):
    edit(data_copy / "projects.csv", ",410000,", ",-410000,")
    message = only_problem(data_copy)
    assert "data/projects.csv" in message and "'forandra-radikalt-sormland'" in message
    assert "field 'amount_sek'" in message and "value -410000:" in message
    assert "at least 1" in message


def test_amount_that_is_not_a_number(data_copy):
    edit(data_copy / "projects.csv", ",410000,", ",410 000 kr,")
    message = only_problem(data_copy)
    assert "amount_sek" in message and "'410 000 kr'" in message and "whole number" in message


def test_end_before_start(data_copy):
    edit(data_copy / "projects.csv", "2016-04,2016-12", "2016-04,2015-12")
    message = only_problem(data_copy)
    assert "end_month" in message and "'2015-12'" in message and "before it starts" in message


def test_month_in_wrong_format(data_copy):
    edit(data_copy / "projects.csv", "2016-04,2016-12", "april 2016,2016-12")
    message = only_problem(data_copy)
    assert "start_month" in message and "'april 2016'" in message


def test_unknown_county_code(data_copy):
    edit(data_copy / "organisations.csv", "Region Norrbotten,region,regional,,25",
         "Region Norrbotten,region,regional,,26")
    message = only_problem(data_copy)
    assert "data/organisations.csv" in message and "'region-norrbotten'" in message
    assert "county_code" in message and "'26'" in message and "SCB" in message


def test_unknown_municipality_code(data_copy):
    edit(data_copy / "organisations.csv", "local,2161,21", "local,2199,21")
    found = problems(data_copy)
    assert any("municipality_code" in p and "'2199'" in p and "SCB" in p for p in found)


def test_municipality_in_wrong_county(data_copy):
    edit(data_copy / "organisations.csv", "local,2161,21", "local,2161,22")
    message = only_problem(data_copy)
    assert "'ljusdals-kommun'" in message and "county 21" in message


def test_duplicate_ids(data_copy):
    edit(data_copy / "projects.csv", "mer-ostersund,initiative", "kreativa-byrakrater,initiative")
    found = problems(data_copy)
    assert any("duplicate" in p and "'kreativa-byrakrater'" in p for p in found)


def test_dangling_reference(data_copy):
    edit(data_copy / "participations.csv", "service-i-samverkan,motala-kommun",
         "service-i-samverkan,motala-kommunn")
    found = problems(data_copy)
    assert any("data/participations.csv" in p and "'motala-kommunn'" in p
               and "no such org_id" in p for p in found)


def test_project_without_coordinator(data_copy):
    edit(data_copy / "participations.csv", "oxelosunds-kommun,coordinator",
         "oxelosunds-kommun,partner")
    message = only_problem(data_copy)
    assert "'forandra-radikalt-sormland'" in message and "0 coordinators" in message


def test_amount_without_basis(data_copy):
    edit(data_copy / "projects.csv", ",410000,funder grant,", ",410000,,")
    found = problems(data_copy)
    assert any("amount_basis" in p and "required when amount_sek" in p for p in found)


def test_value_outside_allowed_list(data_copy):
    edit(data_copy / "projects.csv", "2016-12,completed", "2016-12,finished")
    message = only_problem(data_copy)
    assert "status" in message and "'finished'" in message and "allowed values" in message


def test_missing_required_field(data_copy):
    edit(data_copy / "organisations.csv", "Tillväxtverket,state agency", "Tillväxtverket,")
    found = problems(data_copy)
    assert any("'tillvaxtverket'" in p and "field 'type'" in p and "required" in p
               for p in found)


def test_text_with_control_character(data_copy):
    edit(data_copy / "projects.csv", "Radically change Sörmland", "Radically\x07 change Sörmland")
    message = only_problem(data_copy)
    assert "title_en" in message and "control character" in message and "\\x07" in message


def test_personal_contact_data_is_refused(data_copy):
    edit(data_copy / "organisations.csv", "Swedish Agency for Economic and Regional Growth.",
         "Contact someone@example.se or 070-123 45 67.")
    message = only_problem(data_copy)
    assert "personal contact data" in message and "'tillvaxtverket'" in message


def test_file_in_wrong_encoding(data_copy):
    path = data_copy / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    message = only_problem(data_copy)
    assert "data/organisations.csv" in message and "UTF-8" in message and "line 2" in message


def test_broken_csv_row_with_extra_field(data_copy):
    edit(data_copy / "aliases.csv", "skr,SKR,abbreviation,", "skr,SKR,abbreviation,,extra")
    message = only_problem(data_copy)
    assert "data/aliases.csv" in message and "line 4" in message and "5 fields" in message


def test_unterminated_quote(data_copy):
    edit(data_copy / "sources.csv", '"Vinnova\'s English', '"Vinnova\'s English"x"')
    message = only_problem(data_copy)
    assert message.startswith(str(data_copy / "sources.csv") + ", record at line 2:")
    assert "not readable as CSV" in message and "must be doubled" in message


def test_missing_and_unknown_columns(data_copy):
    edit(data_copy / "aliases.csv", "org_id,alias,kind,renamed_in_year",
         "org_id,alias,kind,until_year")
    message = only_problem(data_copy)
    assert "missing column renamed_in_year" in message
    assert "unknown column until_year" in message


def test_missing_file(data_copy):
    (data_copy / "aliases.csv").unlink()
    assert only_problem(data_copy) == f"{data_copy / 'aliases.csv'}: file is missing"


def test_document_fact_without_provenance(data_copy):
    edit(data_copy / "provenance.csv", "projects,forandra-radikalt-sormland,status,doc002,7,,,\n",
         "")
    message = only_problem(data_copy)
    assert "status" in message and "without a provenance row" in message


def test_provenance_for_unknown_record(data_copy):
    with (data_copy / "provenance.csv").open("a", encoding="utf-8") as f:
        f.write("projects,no-such-project,title,doc000,1,,,\n")
    message = only_problem(data_copy)
    assert message.startswith(str(data_copy / "provenance.csv"))
    assert "record 'projects/no-such-project/title'" in message
    assert "field 'record_id', value 'no-such-project': no such record in" in message


def test_many_problems_are_reported_together(data_copy):
    edit(data_copy / "projects.csv", ",410000,", ",-410000,")
    edit(data_copy / "organisations.csv", ",25,\n", ",99,\n")
    edit(data_copy / "participations.csv", "ljusdals-kommun,coordinator", "ljusdals-kommun,boss")
    found = problems(data_copy)
    assert len(found) >= 3
    files = {p.split(",")[0] for p in found}
    # Each names the folder actually read, not "data/".
    assert files >= {str(data_copy / name) for name in
                     ("projects.csv", "organisations.csv", "participations.csv")}


def test_command_line_reports_without_traceback_and_fails(data_copy):
    edit(data_copy / "projects.csv", ",410000,", ",-410000,")
    result = subprocess.run([sys.executable, "-m", "analysis", "validate", "--data",
                             str(data_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "amount_sek" in result.stderr and "-410000" in result.stderr


def test_amount_of_zero_is_refused(data_copy):
    edit(data_copy / "projects.csv", ",410000,", ",0,")
    message = only_problem(data_copy)
    assert "value 0:" in message and "at least 1" in message


def test_month_error_says_the_format_in_words(data_copy):
    edit(data_copy / "projects.csv", ",2016-10,", ",2016-13,")
    message = only_problem(data_copy)
    assert "is not a month written YYYY-MM" in message and "^" not in message


def test_empty_file_is_the_one_problem(data_copy):
    (data_copy / "projects.csv").write_text("", encoding="utf-8")
    message = only_problem(data_copy)
    assert message.startswith(str(data_copy / "projects.csv")) and "file is empty" in message


def test_header_only_main_table_is_the_one_problem(data_copy):
    path = data_copy / "projects.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert only_problem(data_copy).endswith("has no rows (only its header line); "
                                            "at least one is needed")


def test_text_longer_than_its_limit_is_refused_not_cut(data_copy):
    from analysis.fields import EXCEL_CELL_LIMIT, PROJECTS, SHORT_TEXT
    assert PROJECTS.field("summary_en").max_characters == SHORT_TEXT
    assert PROJECTS.field("title").max_characters == EXCEL_CELL_LIMIT
    long_summary = "word " * (SHORT_TEXT // 5 + 1)
    edit(data_copy / "projects.csv", "Östersund municipality let its staff",
         long_summary.strip())
    message = only_problem(data_copy)
    assert "field 'summary_en'" in message and "longer than 600 characters" in message
    assert "…" in message  # the value itself is shortened in the message


def test_numbers_in_messages_are_plain():
    from analysis.problems import plain_value
    import numpy as np
    assert plain_value(np.int64(-1)) == "-1" and plain_value("x") == "'x'" \
        and plain_value(2.5) == "2.5"
