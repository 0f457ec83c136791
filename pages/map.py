"""Map: where cooperation comes from and goes to — a choropleth of one measure, the largest flows
drawn on top, and the tables behind both."""

import streamlit as st

from dashboard.map import page as map_page
from dashboard.map import years
from dashboard.shell import furniture, periods, state
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Map of cooperation flows"), v)
places = v.query("per_country")  # every initiative has a place, so none means no initiatives
if places.empty:
    furniture.empty_state()
    st.stop()
measure, by, top, once = map_page.controls(v)
second = periods.control(v)
played = years.control(v) if second is None else None
if second is not None:
    map_page.compare(v, places, measure, second)
elif played is not None:
    years.show(v, measure, *played)
else:
    map_page.show(v, places, measure, by, top, once)
