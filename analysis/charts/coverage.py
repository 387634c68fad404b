"""Regional coverage: the county map."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .. import geography
from ..text import Count, fill_plain
from .font_metrics import text_width
from .theme import NO_DATA_GREY, _lines_within, _title, chart_words, localised

# SWEREF 99 TM, Sweden's national grid: transverse Mercator around 15° E. Plain Mercator
# stretches the north, at 69° N more than twice as much as in Skåne.
SWEDEN_PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0, 0]}
MAP_WIDTH = 300
TITLE_FONT_SIZE = 15  # px, bold, as in the theme


MAP_PRINT_HEIGHT = 470  # px: the map prints at about two thirds of its size

def county_map_chart(coverage: pd.DataFrame,
                     language: str) -> alt.LayerChart:
    """Choropleth of the 21 counties; the boundaries are inlined, nothing is fetched."""
    words = chart_words(language)["county_map"]
    by_code = coverage.set_index("county_code")
    features = []
    for feature in geography.county_features():
        code = feature["properties"]["county_code"]
        properties = dict(feature["properties"],
                          projects=int(by_code.at[code, "projects"]),
                          organisations=int(by_code.at[code, "organisations"]),
                          municipalities=int(by_code.at[code, "municipalities"]),
                          other_roles_projects=int(by_code.at[code, "other_roles_projects"]))
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": properties})
    highest = int(coverage["projects"].max())
    tooltip = [alt.Tooltip("properties.county_name:N", title=words["tip_county"]),
               alt.Tooltip("properties.projects:Q", title=words["tip_projects"]),
               alt.Tooltip("properties.organisations:Q", title=words["tip_organisations"]),
               alt.Tooltip("properties.municipalities:Q", title=words["tip_municipalities"]),
               alt.Tooltip("properties.other_roles_projects:Q", title=words["tip_other"])]
    base = alt.Chart(alt.Data(values=features)).project(**SWEDEN_PROJECTION)
    outline = {"stroke": "white", "strokeWidth": 0.7}
    # The blues start at a mid tone at 1 project, so that "one" never looks like the grey of
    # "none"; a county without projects gets its own legend entry rather than a blue of 0.
    reached = base.transform_filter("datum.properties.projects > 0").mark_geoshape(
        **outline).encode(
        color=alt.Color("properties.projects:Q", title=words["legend"],
                        scale=alt.Scale(scheme=alt.SchemeParams("blues", extent=[0.3, 1]),
                                        domain=[1, max(highest, 2)], nice=False),
                        legend=alt.Legend(tickMinStep=1, format=",d", gradientLength=180,
                                          orient="bottom")),
        tooltip=tooltip)
    none = fill_plain(words["none"], n=Count(0, language))  # "none (0 projects)"
    not_reached = base.transform_filter("datum.properties.projects == 0").transform_calculate(
        reach=json.dumps(none)).mark_geoshape(**outline).encode(  # a string literal
        color=alt.Color("reach:N", title=" ",
                        scale=alt.Scale(domain=[none], range=[NO_DATA_GREY]),
                        legend=alt.Legend(orient="bottom", symbolType="square")),
        tooltip=tooltip)
    covered = int((coverage["projects"] > 0).sum())
    note = fill_plain(words["note"], covered=Count(covered, language),
                      counties=Count(len(coverage), language))
    # The note's lines no wider than the map or its title, whichever is wider.
    room = max(MAP_WIDTH, text_width(words["title"], TITLE_FONT_SIZE, "bold"))
    return localised(alt.layer(not_reached, reached).resolve_scale(color="independent")
                     .properties(width=MAP_WIDTH, height=600,
                                 # Sweden is tall: in print the map may take most of a page,
                                 # so that its title and legend keep a readable size.
                                 usermeta={"print_max_height": MAP_PRINT_HEIGHT},
                                 title=_title(words["title"], *_lines_within(note, room))),
                     language)

