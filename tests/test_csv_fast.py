"""The fast reader (analysis/csv_fast.py) gives exactly the exact reader's frame, or leaves
the file to it: odd files by hand, then random ones."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.csv_fast import plain_text_frame
from analysis.csv_tables import read_table, read_text
from analysis.fields import ALIASES, PROJECTS, TABLES
from analysis.paths import DATA_DIR
from analysis.problems import Findings

HEADER = "org_id,alias,kind,renamed_in_year"  # aliases.csv: four columns


def exact(raw: bytes, spec=ALIASES):
    findings = Findings()
    text = raw.decode("utf-8").removeprefix("\ufeff")
    return read_text(text, spec, f"data/{spec.file}", findings), findings.problems


def assert_same_frame(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.index.name == slow.index.name == "line"
    assert fast.index.dtype == slow.index.dtype and list(fast.dtypes) == list(slow.dtypes)
    # None, never NaN or '', and text as str: the same Python values
    assert fast.map(type).equals(slow.map(type))


# Files the fast reader reads: each must be the exact reader's frame.
FAST = {
    "plain": f"{HEADER}\na,A,abbreviation,2019\nb,B,former name,\n",
    "no final newline": f"{HEADER}\na,A,abbreviation,2019",
    "CRLF line ends": f"{HEADER}\r\na,A,abbreviation,2019\r\nb,B,former name,\r\n",
    "byte-order mark": f"\ufeff{HEADER}\na,A,abbreviation,2019\n",
    "spaces around values": f"{HEADER}\n a , A\t,abbreviation ,  2019  \n",
    "unicode blanks around values": f"{HEADER}\n\xa0a\u2003,\x1cA\x85,\u3000x,\u2028\n",
    "a row of empty values": f"{HEADER}\na,A,abbreviation,2019\n,,,\n , ,\t,\n",
    "a value of blanks only": f"{HEADER}\na,   ,abbreviation,\n",
    "quoted values": f'{HEADER}\n"a","A, the ""first""",abbreviation,"2019"\n',
    "quoted empty and blank": f'{HEADER}\na,"",abbreviation," "\n',
    "a quote inside an unquoted value": f'{HEADER}\na,A"B,abbreviation,\n',
    "a BOM inside a value": f"{HEADER}\na,\ufeffA,abbreviation,\n",
    "control characters": f"{HEADER}\na,A\x07B\x0bC\x0c,abbreviation,\n",
    "header only": f"{HEADER}\n",
}

# Files the fast reader leaves to the exact reader (a problem, or a case it cannot be sure of).
EXACT = {
    "a blank line": f"{HEADER}\na,A,abbreviation,2019\n\nb,B,former name,\n",
    "a line of spaces": f"{HEADER}\na,A,abbreviation,2019\n   \n",
    "a ragged row": f"{HEADER}\na,A,abbreviation\n",
    "a row with an extra field": f"{HEADER}\na,A,abbreviation,2019,x\n",
    "a line break in a quoted value": f'{HEADER}\na,"A\nB",abbreviation,\n',
    "a text after a closing quote": f'{HEADER}\na,"A"B,abbreviation,\n',
    "an unterminated quote": f'{HEADER}\na,"A,abbreviation,\nb,B,former name,\n',
    "a lone carriage return": f"{HEADER}\na,A\rB,abbreviation,\n",
    "old Mac line ends": f"{HEADER}\ra,A,abbreviation,\r",
    "a NUL character": f"{HEADER}\na,A\x00,abbreviation,\n",
    "a quoted header": f'"org_id",alias,kind,renamed_in_year\na,A,abbreviation,\n',
    "another header": "org_id,alias,kind\na,A,abbreviation\n",
    "a header with a space": "org_id, alias,kind,renamed_in_year\na,A,abbreviation,\n",
    "two byte-order marks": f"\ufeff\ufeff{HEADER}\na,A,abbreviation,\n",
    "an empty file": "",
    "header only, no newline": HEADER,
    "a value past the field size limit": f"{HEADER}\na,{'x' * 131_073},abbreviation,\n",
}


@pytest.mark.parametrize("text", FAST.values(), ids=FAST.keys())
def test_a_plain_file_reads_as_the_exact_reader_reads_it(text):
    raw = text.encode("utf-8").removeprefix(b"\xef\xbb\xbf")
    fast = plain_text_frame(raw, ALIASES)
    assert fast is not None
    slow, problems = exact(raw)
    assert problems == []
    assert_same_frame(fast, slow)


@pytest.mark.parametrize("text", EXACT.values(), ids=EXACT.keys())
def test_any_other_file_is_left_to_the_exact_reader(text):
    assert plain_text_frame(text.encode("utf-8").removeprefix(b"\xef\xbb\xbf"), ALIASES) is None


@pytest.mark.parametrize("text", [*FAST.values(), *EXACT.values()],
                         ids=[*FAST.keys(), *EXACT.keys()])
def test_read_table_gives_the_exact_readers_frame_and_problems(tmp_path, text):
    raw = text.encode("utf-8")
    (tmp_path / ALIASES.file).write_bytes(raw)
    findings = Findings()
    frame = read_table(tmp_path, ALIASES, findings)
    slow, problems = exact(raw)
    assert findings.problems == problems
    assert (frame is None) == (slow is None)
    if frame is not None:
        assert_same_frame(frame, slow)


def test_a_file_not_in_utf8_is_still_named_with_its_line(tmp_path):
    (tmp_path / ALIASES.file).write_bytes(f"{HEADER}\na,Å,abbreviation,\n".encode("latin-1"))
    findings = Findings()
    assert read_table(tmp_path, ALIASES, findings) is None
    assert [(p.record, p.value) for p in findings.problems] == [("at line 2", b"\xc5")]


def test_the_real_tables_take_the_fast_path_and_read_as_before():
    for spec in TABLES:
        path = DATA_DIR / spec.file
        if not path.exists():
            continue
        raw = path.read_bytes()
        fast = plain_text_frame(raw.removeprefix(b"\xef\xbb\xbf"), spec)
        assert fast is not None, spec.file
        slow, problems = exact(raw, spec)
        assert problems == []
        assert_same_frame(fast, slow)


def test_a_large_table_reads_as_before(tmp_path):
    """Many rows: pyarrow reads in blocks, several chunks per column."""
    lines = [",".join(PROJECTS.columns)]
    for number in range(60_000):
        row = [""] * len(PROJECTS.columns)
        row[0], row[2], row[9] = f"p-{number}", f" title {number % 97} ", str(number)
        if number % 1000 == 0:
            row[3] = '"a, quoted"" title"'
        lines.append(",".join(row))
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    fast = plain_text_frame(raw, PROJECTS)
    assert fast is not None and len(fast) == 60_000
    slow, problems = exact(raw, PROJECTS)
    assert problems == []
    assert_same_frame(fast, slow)


# Random files from the pieces that make CSV readers differ.
PIECES = st.sampled_from([",", '"', '""', "\n", "\r\n", "\r", " ", "\t", "\x00", "\x1c", "\xa0",
                          "\u2028", "\x85", "\ufeff", "a", "b", "é", "1", ",,"])
CELLS = st.lists(st.text(alphabet=st.sampled_from(["a", " ", "\t", "\xa0", "é", '"', ","]),
                         max_size=4), min_size=4, max_size=4)


@st.composite
def csv_texts(draw):
    lines = [HEADER + draw(st.sampled_from(["\n", "\r\n"]))]
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):  # a well-formed row, values quoted or not
            cells = [f'"{c.replace(chr(34), chr(34) * 2)}"' if draw(st.booleans()) and c else
                     c.replace('"', "").replace(",", "") for c in draw(CELLS)]
            lines.append(",".join(cells) + draw(st.sampled_from(["\n", "\r\n", ""])))
        else:  # anything
            lines.append("".join(draw(st.lists(PIECES, max_size=10))))
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_random_files_read_as_the_exact_reader_reads_them(text):
    raw = text.encode("utf-8")
    fast = plain_text_frame(raw, ALIASES)
    if fast is None:
        return
    slow, problems = exact(raw)
    assert problems == []
    assert_same_frame(fast, slow)

