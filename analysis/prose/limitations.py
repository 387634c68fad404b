"""The limitations, one bullet point each ([limitations])."""

from __future__ import annotations

from .. import metrics
from .writer import Writer

HANDFUL = 30  # items up to which the data is "a handful", not a portfolio


def sentences(w: Writer) -> dict[str, str]:
    """One bullet per entry of [limitations]; `sample` has two forms, for a handful of items
    and for a portfolio (`sample_portfolio`, read in its place)."""
    items = sum(metrics.kind_counts(w.data).values())
    sample = "limitations.sample" if items <= HANDFUL else "limitations.sample_portfolio"
    return {f"limitations_{name}": w.text(sample, items=w.items())
            if name == "sample" else w.text(f"limitations.{name}")
            for name in w.words["limitations"] if name != "sample_portfolio"}
