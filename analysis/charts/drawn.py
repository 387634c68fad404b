"""A chart together with the data it draws.

Every figure function returns a `Drawn`: the Altair chart and, by name, each frame one of its
parts draws (the exact frames handed to `alt.Chart`). The alt text is written from these
frames, never from the serialised spec, so reordering or adding layers cannot make the words
describe other data than the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import altair as alt
import pandas as pd


@dataclass(frozen=True)
class Panel:
    """One panel of an amounts chart (grants, SEK per project-month)."""
    frame: str  # the key of its rows in Drawn.frames
    title: str
    quantity: str  # what the axis measures, without words about the axis's scale
    log: bool  # a logarithmic axis
    one_by_one: bool  # a row per project (else a row per call or programme)
    notes: str = ""  # the panel's subtitle


@dataclass(frozen=True)
class Drawn:
    chart: alt.TopLevelMixin
    frames: Mapping[str, pd.DataFrame]
    panels: tuple[Panel, ...] = field(default_factory=tuple)

    def rows(self, name: str) -> list[dict]:
        """The rows of a part as records ([] where the chart has no such part)."""
        frame = self.frames.get(name)
        return [] if frame is None else frame.to_dict("records")

    @property
    def title(self) -> str:
        title = self.chart.title
        return str(getattr(title, "text", title))

    @property
    def notes(self) -> str:
        """The chart's subtitle, its lines joined."""
        subtitle = getattr(self.chart.title, "subtitle", alt.Undefined)
        if subtitle is alt.Undefined:
            return ""
        return " ".join([subtitle] if isinstance(subtitle, str) else subtitle)
