"""The downloads line and every heading ([document], [headings])."""

from __future__ import annotations

from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    values = {"downloads_html": w.words["document"]["downloads_html"],
              "downloads_pdf": w.words["document"]["downloads_pdf"]}
    values.update({f"h_{name}": heading for name, heading in w.words["headings"].items()})
    return values
