"""Text a spreadsheet would run as a formula, in what the tool writes into data/.

Curators open the CSV files of data/ in a spreadsheet, which runs a cell starting with = + - @
(also after a tab or a line break, where a cell may be split) as a formula: a hyperlink that
sends data away, or a command. The tool refuses such text rather than altering it: an imported
value is a fact cited to its source and checked against it by every build, so a changed value
(a leading apostrophe) would no longer be the source's, and no quoting in a CSV file stops a
spreadsheet from running it. No title, name or unit really starts so; a lone "-" (a
placeholder) is no formula and passes.
"""

from __future__ import annotations

import re

FORMULA_START = re.compile(r"(?:^|[\t\r\n])[ \t\r\n]*[=+\-@](?=\S)")


def formula_problem(text: object) -> str | None:
    """Why a spreadsheet would run `text` as a formula, or None when it would not."""
    if not isinstance(text, str):
        return None
    match = FORMULA_START.search(text)
    if match is None:
        return None
    sign = match.group(0).strip()
    where = "starts" if match.start() == 0 else "has a line or tab followed by a value that starts"
    return (f"{where} with '{sign}', which a spreadsheet would run as a formula when a curator "
            "opens the CSV file; it is refused, not altered (an imported value must stay the "
            "source's)")
