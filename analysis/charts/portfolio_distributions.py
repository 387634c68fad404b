"""Grant size and duration as distributions per programme: one box per programme (smallest
to largest, the middle half as a box, the median as a tick), computed in
analysis.metrics.portfolio.distributions. Below a few dozen known values
(metrics.DISTRIBUTION_FROM) there is no shape to show: the chart says so in words instead
of drawing a box of three values."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..dataset import Dataset
from ..metrics import portfolio as metrics
from ..text import Count, fill_plain
from .drawn import Drawn
from .portfolio import GRANT, _nothing, _words, group_label
from .theme import WIDTH, WRAPPED_LABELS, _title, localised

PANELS = (("grant_sek", "grants"), ("duration_months", "durations"))
DURATION_COLOUR = "#009E73"


def _boxes(stats: pd.DataFrame, language: str) -> pd.DataFrame:
    shown = stats[stats["drawn"]]
    return pd.DataFrame({
        "group": [group_label(f, p, None, language) for f, p in
                  zip(shown["funder"], shown["programme"])],
        "n": shown["n"].astype(int).to_numpy(),
        **{column: shown[column].astype(float).round(3).to_numpy()
           for column in ("low", "q1", "median", "q3", "high")}})


def _panel(frame: pd.DataFrame, axis_title: str, colour: str, log: bool, words: dict,
           order: list[str], labels: bool) -> alt.LayerChart:
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    axis = alt.Axis(labelExpr=WRAPPED_LABELS, labelLimit=220) if labels else None
    y = alt.Y("group:N", sort=order, title=None, axis=axis)
    tooltip = [alt.Tooltip("group:N", title=words["tip_programme"]),
               alt.Tooltip("n:Q", title=words["tip_values"]),
               *[alt.Tooltip(f"{column}:Q", title=words[key], format=",.0f")
                 for column, key in (("low", "tip_low"), ("q1", "tip_q1"),
                                     ("median", "tip_median"), ("q3", "tip_q3"),
                                     ("high", "tip_high"))]]
    x = alt.X("low:Q", title=axis_title, scale=scale, axis=alt.Axis(format="~s"))
    base = alt.Chart(frame).properties(width=WIDTH // 2 - 30, height=alt.Step(34))
    whisker = base.mark_rule(color=colour).encode(y=y, x=x, x2="high:Q", tooltip=tooltip)
    box = base.mark_bar(color=colour, opacity=0.45, size=16).encode(
        y=y, x=alt.X("q1:Q", scale=scale), x2="q3:Q", tooltip=tooltip)
    median = base.mark_tick(color="#111111", thickness=2, size=18).encode(
        y=y, x=alt.X("median:Q", scale=scale), tooltip=tooltip)
    return alt.layer(whisker, box, median)


def distributions_chart(data: Dataset, language: str) -> Drawn:
    """Parts `grants` and `durations`: per programme with enough values, n, smallest, lower
    quartile, median, upper quartile and largest; or `note` where there are too few."""
    words = _words(language)
    stats = {part: metrics.distributions(data, value) for value, part in PANELS}
    frames = {part: _boxes(stats[part], language) for _, part in PANELS}
    known = {part: int(stats[part]["n"].sum()) for _, part in PANELS}
    if all(frame.empty for frame in frames.values()):
        text = fill_plain(words["too_few"], grants=Count(known["grants"], language),
                          durations=Count(known["durations"], language),
                          least=Count(metrics.DISTRIBUTION_FROM, language))
        return _nothing([text, words["too_few_where"]],
                        _title(words["distributions_title"], words["distributions_note"]),
                        frames, words["tip_note"])
    programmes = list(dict.fromkeys(frames["grants"]["group"].tolist()
                                    + frames["durations"]["group"].tolist()))
    left_out = {part: known[part] - int(frames[part]["n"].sum()) for _, part in PANELS}
    notes = [words["box_note"],
             fill_plain(words["box_left_out"], grants=Count(left_out["grants"], language),
                        durations=Count(left_out["durations"], language),
                        least=Count(metrics.MIN_BOX_VALUES, language),
                        shown=Count(metrics.MAX_BOXES, language))]
    grants = _panel(frames["grants"], words["grant_axis_log"], GRANT, True, words, programmes,
                    True)
    durations = _panel(frames["durations"], words["duration_axis"], DURATION_COLOUR, False,
                       words, programmes, False)
    chart = alt.hconcat(grants, durations, spacing=10).properties(
        title=_title(words["distributions_title"], *notes),
        usermeta={"print_max_height": 480} if len(programmes) > 6 else {})
    return Drawn(localised(chart, language), frames)
