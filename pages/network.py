"""Network: who works with whom — provider→receiver flows as a network, with who brokers and where
exchanges run both ways; the matrix, corridors and metrics beside it."""

import streamlit as st

from dashboard import ui_network
from dashboard.shell import furniture, state
from dashboard.words.languages import _
from dashboard.words.markup import no_maths

v = state.view()
furniture.header(_("Cooperation network"), v)
c = ui_network.controls(v)
net = ui_network.build(v, c)
if net.drawn.empty:
    ui_network.no_edges(c, net)
    st.stop()
st.markdown(no_maths(ui_network.summary(net, c)))
ui_network.drawing(v, net, c)
ui_network.tables(v, net, c)
