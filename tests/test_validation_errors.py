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


# (test id, file, text, replaced by, whether it is the only problem, what the message says).
# With only=True the one problem must say every part; else some problem must say every part.
ONE_EDIT = [
    ("negative_amount", "projects.csv", ",410000,", ",-410000,", True,
     ["data/projects.csv", "'forandra-radikalt-sormland'", "field 'amount_sek'",
      "value -410000:", "at least 1"]),
    ("amount_that_is_not_a_number", "projects.csv", ",410000,", ",410 000 kr,", True,
     ["amount_sek", "'410 000 kr'", "whole number"]),
    ("end_before_start", "projects.csv", "2016-04,2016-12", "2016-04,2015-12", True,
     ["end_month", "'2015-12'", "before it starts"]),
    ("month_in_wrong_format", "projects.csv", "2016-04,2016-12", "april 2016,2016-12", True,
     ["start_month", "'april 2016'"]),
    ("unknown_county_code", "organisations.csv", "Region Norrbotten,region,regional,,25",
     "Region Norrbotten,region,regional,,26", True,
     ["data/organisations.csv", "'region-norrbotten'", "county_code", "'26'", "SCB"]),
    ("unknown_municipality_code", "organisations.csv", "local,2161,21", "local,2199,21", False,
     ["municipality_code", "'2199'", "SCB"]),
    ("municipality_in_wrong_county", "organisations.csv", "local,2161,21", "local,2161,22",
     True, ["'ljusdals-kommun'", "county 21"]),
    ("duplicate_ids", "projects.csv", "mer-ostersund,initiative",
     "kreativa-byrakrater,initiative", False, ["duplicate", "'kreativa-byrakrater'"]),
    ("dangling_reference", "participations.csv", "service-i-samverkan,motala-kommun",
     "service-i-samverkan,motala-kommunn", False,
     ["data/participations.csv", "'motala-kommunn'", "no such org_id"]),
    ("project_without_coordinator", "participations.csv", "oxelosunds-kommun,coordinator",
     "oxelosunds-kommun,partner", True, ["'forandra-radikalt-sormland'", "0 coordinators"]),
    ("amount_without_basis", "projects.csv", ",410000,funder grant,", ",410000,,", False,
     ["amount_basis", "required when amount_sek"]),
    ("value_outside_allowed_list", "projects.csv", "2016-12,completed", "2016-12,finished",
     True, ["status", "'finished'", "allowed values"]),
    ("missing_required_field", "organisations.csv", "Tillväxtverket,state agency",
     "Tillväxtverket,", False, ["'tillvaxtverket'", "field 'type'", "required"]),
    ("text_with_control_character", "projects.csv", "Radically change Sörmland",
     "Radically\x07 change Sörmland", True, ["title_en", "control character", "\\x07"]),
    ("personal_contact_data_is_refused", "organisations.csv",
     "Swedish Agency for Economic and Regional Growth.",
     "Contact someone@example.se or 070-123 45 67.", True,
     ["personal contact data", "'tillvaxtverket'"]),
    ("broken_csv_row_with_extra_field", "aliases.csv", "skr,SKR,abbreviation,",
     "skr,SKR,abbreviation,,extra", True, ["data/aliases.csv", "line 4", "5 fields"]),
    ("missing_and_unknown_columns", "aliases.csv", "org_id,alias,kind,renamed_in_year",
     "org_id,alias,kind,until_year", True,
     ["missing column renamed_in_year", "unknown column until_year"]),
    ("document_fact_without_provenance", "provenance.csv",
     "projects,forandra-radikalt-sormland,status,doc002,7,,,\n", "", True,
     ["status", "without a provenance row"]),
    ("amount_of_zero_is_refused", "projects.csv", ",410000,", ",0,", True,
     ["value 0:", "at least 1"]),
]


@pytest.mark.parametrize("file, old, new, only, parts",
                         [case[1:] for case in ONE_EDIT], ids=[case[0] for case in ONE_EDIT])
def test_one_edit_gives_its_problem(data_copy, file, old, new, only, parts):
    edit(data_copy / file, old, new)
    if only:
        message = only_problem(data_copy)
        assert all(part in message for part in parts), (message, parts)
    else:
        found = problems(data_copy)
        assert any(all(part in p for part in parts) for p in found), (found, parts)


def test_file_in_wrong_encoding(data_copy):
    path = data_copy / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    message = only_problem(data_copy)
    assert "data/organisations.csv" in message and "UTF-8" in message and "line 2" in message


def test_unterminated_quote(data_copy):
    edit(data_copy / "sources.csv", '"Vinnova\'s English', '"Vinnova\'s English"x"')
    message = only_problem(data_copy)
    assert message.startswith(str(data_copy / "sources.csv") + ", record at line 2:")
    assert "not readable as CSV" in message and "must be doubled" in message


def test_missing_file(data_copy):
    (data_copy / "aliases.csv").unlink()
    assert only_problem(data_copy) == f"{data_copy / 'aliases.csv'}: file is missing"


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


def test_an_amount_beyond_any_grant_is_refused_by_name(data_copy):
    """Digits beyond 64 bits once gave a traceback; anything above the stated maximum is a
    problem naming the file, record, field and value."""
    from analysis import load_dataset
    from analysis.dataset import DataValidationError
    from analysis.fields import MAX_AMOUNT_SEK

    path = data_copy / "projects.csv"
    text = path.read_text(encoding="utf-8")
    for amount, words in ((f"'{2**70}'", "is too large (at most 1 000 000 000 000)"),
                          (str(MAX_AMOUNT_SEK + 1), "must be at most 1 000 000 000 000")):
        path.write_text(text.replace("2115934", amount.strip("'"), 1), encoding="utf-8")
        with pytest.raises(DataValidationError) as error:
            load_dataset(data_copy)
        assert f"field 'amount_sek', value {amount}: {words}" in str(error.value)
