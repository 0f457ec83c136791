"""Network: who works with whom — provider→receiver flows as a network, with who brokers and where
exchanges run both ways; the matrix, corridors and metrics beside it."""

import streamlit as st

from dashboard.network import page as network_page
from dashboard.network import years
from dashboard.shell import furniture, state
from dashboard.words.languages import _
from dashboard.words.markup import no_maths

v = state.view()
furniture.header(_("Cooperation network"), v)
c = network_page.controls(v)
net = network_page.build(v, c)
if net.drawn.empty:
    network_page.no_edges(c, net)
    st.stop()
st.markdown(no_maths(network_page.summary(net, c)))
played = years.control(v, c.level)
if played is None:
    network_page.drawing(v, net, c)
else:
    years.show(v, net, *played)
network_page.tables(v, net, c)
