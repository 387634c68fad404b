"""Ids of the elements a notebook output puts on a page (a chart's container, an interactive
table): unique on the report page, where the outputs of several notebooks meet, as a content
hash and a count.

The count starts at 1 for each notebook. The build runs an edition's notebooks one after the
other on one kernel (build/notebooks.py) and restarts it between them, so that a notebook's
outputs are the same bytes whichever notebooks ran before it on that kernel.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

_counts: defaultdict[str, itertools.count] = defaultdict(lambda: itertools.count(1))


def element_id(kind: str, digest: str) -> str:
    """'<kind>-<digest>-<n>': n counts the elements of this kind made since the notebook
    started."""
    return f"{kind}-{digest}-{next(_counts[kind])}"


def restart() -> None:
    """Count from 1 again: a new notebook starts."""
    _counts.clear()
