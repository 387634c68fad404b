"""Regional coverage: the county map."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import geography
from .theme import NO_DATA_GREY, _title

# SWEREF 99 TM, Sweden's national grid: transverse Mercator around 15° E. Plain Mercator
# stretches the north, at 69° N more than twice as much as in Skåne.
SWEDEN_PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0, 0]}


def county_map_chart(coverage: pd.DataFrame) -> alt.LayerChart:
    """Choropleth of the 21 counties; the boundaries are inlined, nothing is fetched."""
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
    tooltip = [alt.Tooltip("properties.county_name:N", title="County"),
               alt.Tooltip("properties.projects:Q", title="Projects and initiatives reached"),
               alt.Tooltip("properties.organisations:Q",
                           title="Organisations (coordinator or partner)"),
               alt.Tooltip("properties.municipalities:Q", title="Municipalities"),
               alt.Tooltip("properties.other_roles_projects:Q",
                           title="Only supporting, speaking or follow-up roles")]
    base = alt.Chart(alt.Data(values=features)).project(**SWEDEN_PROJECTION)
    outline = {"stroke": "white", "strokeWidth": 0.7}
    # The blues start at a mid tone at 1 project, so that "one" never looks like the grey of
    # "none"; a county without projects gets its own legend entry rather than a blue of 0.
    reached = base.transform_filter("datum.properties.projects > 0").mark_geoshape(
        **outline).encode(
        color=alt.Color("properties.projects:Q", title="Projects and initiatives",
                        scale=alt.Scale(scheme=alt.SchemeParams("blues", extent=[0.3, 1]),
                                        domain=[1, max(highest, 2)], nice=False),
                        legend=alt.Legend(tickMinStep=1, format=",d", gradientLength=180,
                                          orient="bottom")),
        tooltip=tooltip)
    not_reached = base.transform_filter("datum.properties.projects == 0").transform_calculate(
        reach="'none (0 projects)'").mark_geoshape(**outline).encode(
        color=alt.Color("reach:N", title=" ",
                        scale=alt.Scale(domain=["none (0 projects)"], range=[NO_DATA_GREY]),
                        legend=alt.Legend(orient="bottom", symbolType="square")),
        tooltip=tooltip)
    covered = int((coverage["projects"] > 0).sum())
    return alt.layer(not_reached, reached).resolve_scale(color="independent").properties(
        width=300, height=600,
        title=_title("Projects and initiatives reaching each county",
                     f"{covered} of {len(coverage)} counties: where a coordinator,",
                     "partner or co-financer is based (national bodies aside)."))

