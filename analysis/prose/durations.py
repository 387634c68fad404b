"""The durations section: the time axis, items without dates, duration against amount
([durations])."""

from __future__ import annotations

from .. import metrics
from ..text import Markdown
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    n_undated, n_pairs = w.key["n_undated"], w.key["n_amount_and_duration"]
    undated = w.text("durations.undated", n_undated=w.count(n_undated),
                     undated_titles=w.titles_of(metrics.undated_projects(w.data))) \
        if n_undated else ""
    return {"durations_intro": w.text("durations.intro", period=w.period("durations.period"),
                                      undated=Markdown(undated)),
            "durations_amount": w.text("durations.amount" if w.few(n_pairs)
                                       else "durations.amount_many", n_pairs=w.count(n_pairs))}
