"""The limitations, one bullet point each ([limitations])."""

from __future__ import annotations

from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    return {f"limitations_{name}": w.text(f"limitations.{name}", items=w.items())
            if name == "sample" else w.text(f"limitations.{name}")
            for name in w.words["limitations"]}
