"""The provider→receiver network: graph metrics (with networkx) and a deterministic layout.

Pure functions on the edge list questions.network_edges returns (sorted largest first). Counts,
weights and reciprocity describe the whole network under the filters; betweenness, communities and
the layout are computed on the drawn network (the top N edges), whose structure the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.words import charts
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _

WEIGHTS = {"value": N_("Reported value"), "count": N_("Initiatives")}
LEVELS = {"country": N_("Countries"), "subregion": N_("Sub-regions")}
FACILITATOR = "facilitator"
SEED = 7  # one fixed seed: the same filters always give the same drawing
OFFSET = 0.025  # how far the two directions of a two-way pair are drawn apart (layout units)
METRIC_COLUMNS = ["code", "name", "kind", "region", "partners", "partners_out", "partners_in", "provided_usd",
                  "received_usd", "links_out", "links_in", "reciprocity", "betweenness", "community", "drawn"]


@dataclass(frozen=True)
class Network:
    """What the page draws and tabulates.

    nodes: the drawn places (and facilitators): code, name, label, kind, region, x, y, weight, plus
      their metrics; edges: the drawn edges, two rows each (step 0 at the provider, 1 at the
      receiver) with x, y and a width that tapers to the receiver; links: facilitator links (x, y,
      x2, y2); metrics: every place of the whole network; loops: flows from a place to itself.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    links: pd.DataFrame
    metrics: pd.DataFrame
    loops: pd.DataFrame
    drawn: pd.DataFrame  # the drawn edges, one row each, as network_edges gives them, plus reverse
    # (whether the opposite flow exists in the whole network)
    all_edges: int
    facilitators: pd.DataFrame = field(default_factory=pd.DataFrame)  # facilitator, facilitated, places, places_drawn


def weight_column(by: str) -> str:
    if by not in WEIGHTS:
        raise ValueError(f"edges are weighted by {tuple(WEIGHTS)}, not {by!r}")
    return "value_usd" if by == "value" else "initiatives"


def display_name(name: str, kind: str) -> str:
    """A place as people read it (name in the language of the run): an area named for unnamed partners says so."""
    if kind != "region":
        return name
    return _("Partners not named") if name == i18n.region(schema.WORLD) else _("{region} (partners not named)").format(
        region=name)


def split_loops(edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges between different places, flows from a place to itself)."""
    self_loop = edges["p"].to_numpy() == edges["r"].to_numpy()
    return edges[~self_loop].reset_index(drop=True), edges[self_loop].reset_index(drop=True)


def places(edges: pd.DataFrame) -> pd.DataFrame:
    """One row per place in the edges: node, code, name, kind, region (by node id)."""
    sides = []
    for side, node in (("provider", "p"), ("receiver", "r")):
        _unique, first = np.unique(edges[node].to_numpy(), return_index=True)
        sides.append(edges.iloc[first][[node, side, f"{side}_name", f"{side}_kind", f"{side}_region"]].set_axis(
            ["node", "code", "name", "kind", "region"], axis=1))
    return pd.concat(sides).drop_duplicates("node").sort_values("node", ignore_index=True)


def graph(edges: pd.DataFrame) -> nx.DiGraph:
    """The directed graph of the edges (codes as nodes), with value and initiatives on each edge (a value not
    reported weighs 0 in the graph's algorithms: the edge still holds its places together)."""
    g = nx.DiGraph()
    g.add_nodes_from(places(edges)["code"])
    g.add_edges_from((p, r, {"value": float(v) if v == v else 0.0, "initiatives": int(n)}) for p, r, v, n in zip(
        edges["provider"].tolist(), edges["receiver"].tolist(), edges["value_usd"].tolist(),
        edges["initiatives"].tolist(), strict=True))
    return g


def _strength(g: nx.DiGraph, by: str) -> nx.Graph:
    """The undirected graph of g, each pair's strength from its weight in both directions: 0.2 to 1 with
    the square root of the weight (an edge with no reported value still holds its places together)."""
    key = "value" if by == "value" else "initiatives"
    h = nx.Graph()
    h.add_nodes_from(g)
    for u, v, data in g.edges(data=True):
        previous = h.get_edge_data(u, v, {"w": 0.0})["w"]
        h.add_edge(u, v, w=previous + data[key])
    top = max((d["w"] for _, _, d in h.edges(data=True)), default=0.0) or 1.0
    for _u, _v, d in h.edges(data=True):
        d["strength"] = 0.2 + 0.8 * float(np.sqrt(max(d["w"], 0.0) / top))
    return h


def communities(h: nx.Graph) -> dict[str, int]:
    """Louvain communities (fixed seed), numbered 1, 2, … from the strongest."""
    found = nx.community.louvain_communities(h, weight="strength", seed=SEED)
    ranked = sorted(found, key=lambda c: (-sum(d for _, d in h.degree(c, weight="strength")), min(c)))
    return {node: number for number, members in enumerate(ranked, start=1) for node in members}


def metrics(edges: pd.DataFrame, drawn: pd.DataFrame, by: str) -> pd.DataFrame:
    """Every place of the network (edges between different places): partners and weights each way and
    reciprocity (the share of its partners it has flows with in both directions) on all edges;
    betweenness and community on the drawn edges (null for places not drawn).

    Counts and sums over all edges (tens of thousands at scale) are numpy on the node ids; the graph
    algorithms run in networkx on the drawn edges.
    """
    out = places(edges)
    nodes = out["node"].to_numpy()  # sorted: a node's position is its searchsorted index
    p, r = np.searchsorted(nodes, edges["p"].to_numpy()), np.searchsorted(nodes, edges["r"].to_numpy())
    size = len(out)
    value, initiatives = edges["value_usd"].to_numpy(float), edges["initiatives"].to_numpy(float)
    both_ways = np.isin(p * size + r, r * size + p)  # (p, r) whose (r, p) exists too

    def count(at: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(at, weights=weights, minlength=size)

    out["partners_out"], out["partners_in"] = count(p), count(r)
    known = ~np.isnan(value)  # a place whose every flow's value is unknown has an unknown total, not 0
    for column, at in (("provided_usd", p), ("received_usd", r)):
        out[column] = np.where((count(at, known) == 0) & (count(at) > 0), np.nan, count(at, np.where(known, value, 0)))
    # Whole numbers, unless initiatives are counted once (shares of one: see questions.flows).
    whole = bool(np.all(initiatives == np.round(initiatives)))
    out["links_out"], out["links_in"] = ((count(at, initiatives).astype(np.int64) if whole else count(at, initiatives))
                                         for at in (p, r))
    reciprocal = count(p[both_ways])
    out["partners"] = out["partners_out"] + out["partners_in"] - reciprocal
    out["reciprocity"] = reciprocal / out["partners"].to_numpy()
    d = graph(drawn)
    between = nx.betweenness_centrality(d, normalized=True) if d.number_of_edges() else {}
    community = communities(_strength(d, by)) if d.number_of_edges() else {}
    codes = out["code"].tolist()
    out["betweenness"] = [between.get(c) for c in codes]
    out["community"] = pd.array([community.get(c) for c in codes], dtype="Int64")
    out["drawn"] = [c in d for c in codes]
    total = ["provided_usd", "received_usd"] if by == "value" else ["links_out", "links_in"]
    out["weight"] = out[total[0]].fillna(0) + out[total[1]].fillna(0)  # for ranking and drawing
    out = out.sort_values(["weight", "partners_out", "code"], ascending=[False, False, True], ignore_index=True)
    return out[[*METRIC_COLUMNS, "weight"]]


def _spring(h: nx.Graph) -> dict:
    """Force-directed positions (fixed seed) of one connected graph; a pair side by side."""
    nodes = sorted(h)
    if len(nodes) <= 2:
        return {n: (float(i), 0.0) for i, n in enumerate(nodes)}
    return nx.spring_layout(h, k=1.8 / np.sqrt(len(nodes)), weight="strength", seed=SEED, iterations=50)


def _fit(pos: dict, xs: tuple[float, float], ys: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """Positions stretched to fill a box (each axis on its own: the drawing is wider than tall)."""
    points = np.array([pos[n] for n in pos], dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    unit = np.where(high - low > 0, (points - low) / span, 0.5)
    x = xs[0] + unit[:, 0] * (xs[1] - xs[0])
    y = ys[0] + unit[:, 1] * (ys[1] - ys[0])
    return {n: (float(a), float(b)) for n, a, b in zip(pos, x, y, strict=True)}


def layout(h: nx.Graph, per_row: int = 6) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]²: the largest connected part fills the top, the smaller parts (say, a pair
    that only works with each other) sit in rows below it, each as wide as its size asks, so none
    pushes the rest aside."""
    parts = sorted(nx.connected_components(h), key=lambda c: (-len(c), min(c)))
    if len(parts) == 1:
        return _fit(_spring(h), (-1, 1), (-1, 1))
    rest = parts[1:]
    rows = [rest[i:i + per_row] for i in range(0, len(rest), per_row)]
    share = sum(len(p) for p in rest) / h.number_of_nodes()
    strip = min(max(0.35 * len(rows) ** 0.5, 2.2 * share), 1.1)  # the height the small parts take, of 2
    pos = _fit(_spring(h.subgraph(parts[0])), (-1, 1), (-1 + strip + 0.15, 1))
    height = strip / len(rows)
    for r, row in enumerate(rows):
        sizes = np.sqrt([len(p) for p in row])
        widths = 2 * sizes / max(sizes.sum(), 4.0)  # a lone pair takes a third of the row, not all of it
        x0, y0 = -1.0, -1 + strip - (r + 1) * height
        for part, width in zip(row, widths, strict=True):
            pos.update(_fit(_spring(h.subgraph(part)), (x0 + 0.15 * width, x0 + 0.85 * width),
                            (y0 + 0.15 * height, y0 + 0.85 * height)))
            x0 += width
    return pos


def facilitator_edges(links: pd.DataFrame, drawn_codes: set[str], most: int) -> pd.DataFrame:
    """The facilitator links to drawn places, the `most` with most initiatives."""
    if links.empty:
        return links
    return links[links["code"].isin(drawn_codes)].head(most).reset_index(drop=True)


def _edge_geometry(drawn: pd.DataFrame, pos: dict, widths: pd.Series) -> pd.DataFrame:
    """Two rows per edge (provider end, receiver end), the two directions of a pair set apart."""
    pairs = set(zip(drawn["provider"], drawn["receiver"], strict=True))
    rows = []
    for i, (p, r, width) in enumerate(zip(drawn["provider"], drawn["receiver"], widths, strict=True)):
        (x0, y0), (x1, y1) = pos[p], pos[r]
        dx, dy = x1 - x0, y1 - y0
        length = float(np.hypot(dx, dy)) or 1.0
        shift = OFFSET if (r, p) in pairs else 0.0  # each direction to its own right
        ox, oy = dy / length * shift, -dx / length * shift
        rows.append({"edge": i, "step": 0, "x": x0 + ox, "y": y0 + oy, "size": float(width)})
        rows.append({"edge": i, "step": 1, "x": x1 + ox, "y": y1 + oy, "size": 0.6})
    return pd.DataFrame(rows, columns=["edge", "step", "x", "y", "size"])


def build(edges: pd.DataFrame, by: str, top: int, links: pd.DataFrame | None = None) -> Network:
    """The network of network_edges' rows (sorted by `by`): the top N edges between different places
    drawn, with facilitators (facilitator_links' rows) when links is given."""
    weight = weight_column(by)
    between, loops = split_loops(edges)
    ends = set(zip(between["provider"].tolist(), between["receiver"].tolist(), strict=True))
    drawn = between.head(top).reset_index(drop=True)
    drawn["reverse"] = [(r, p) in ends for p, r in zip(drawn["provider"].tolist(), drawn["receiver"].tolist(),
                                                        strict=True)]
    table = metrics(between, drawn, by)
    if drawn.empty:
        empty = pd.DataFrame()
        return Network(empty, empty, empty, table, loops, drawn, 0)
    facilitators = pd.DataFrame()
    d = graph(drawn)
    h = _strength(d, by)
    shown = pd.DataFrame()
    if links is not None:
        shown = facilitator_edges(links, set(d.nodes), top // 2)
        facilitators = links.assign(on=links["code"].isin(list(d.nodes))).groupby("facilitator", sort=False).agg(
            facilitated=("facilitated", "first"), places=("code", "size"), places_drawn=("on", "sum"),
        ).reset_index()
    for fac, code, n in zip(shown.get("facilitator", []), shown.get("code", []), shown.get("initiatives", []),
                            strict=True):
        h.add_edge(f"{FACILITATOR}:{fac}", code, strength=0.3, initiatives=int(n))
    pos = layout(h)
    nodes = table[table["drawn"]].copy()
    if len(shown):
        facs = shown.groupby("facilitator", sort=False).agg(
            weight=("initiatives", "sum"), facilitated=("facilitated", "first"), partners=("code", "nunique")
        ).reset_index()
        nodes = pd.concat([nodes, pd.DataFrame({
            "code": FACILITATOR + ":" + facs["facilitator"], "name": facs["facilitator"], "kind": FACILITATOR,
            "region": FACILITATOR, "weight": facs["weight"], "facilitated": facs["facilitated"],
            "partners_out": facs["partners"]})], ignore_index=True)
    nodes["label"] = [display_name(n, k) for n, k in zip(nodes["name"], nodes["kind"], strict=True)]
    nodes["x"] = [pos[c][0] for c in nodes["code"]]
    nodes["y"] = [pos[c][1] for c in nodes["code"]]
    geometry = _edge_geometry(drawn, pos, charts.line_widths(drawn[weight], thickest=10.0, thinnest=1.5))
    link_rows = pd.DataFrame({
        "facilitator": shown.get("facilitator", []), "code": shown.get("code", []),
        "initiatives": shown.get("initiatives", []),
    })
    if len(link_rows):
        link_rows["x"] = [pos[f"{FACILITATOR}:{f}"][0] for f in link_rows["facilitator"]]
        link_rows["y"] = [pos[f"{FACILITATOR}:{f}"][1] for f in link_rows["facilitator"]]
        link_rows["x2"] = [pos[c][0] for c in link_rows["code"]]
        link_rows["y2"] = [pos[c][1] for c in link_rows["code"]]
    return Network(nodes.reset_index(drop=True), geometry, link_rows, table, loops, drawn, len(between), facilitators)


def metrics_for_people(table: pd.DataFrame) -> pd.DataFrame:
    """The metrics table with the words people read (and a CSV keeps)."""
    return pd.DataFrame({
        _("Place"): [display_name(n, k) for n, k in zip(table["name"], table["kind"], strict=True)],
        _("Code"): table["code"], _("Region"): [None if pd.isna(r) else i18n.region(r) for r in table["region"]],
        _("Partners (either way)"): table["partners"],
        _("Provides to (partners)"): table["partners_out"], _("Receives from (partners)"): table["partners_in"],
        _("Provided (US$)"): table["provided_usd"], _("Received (US$)"): table["received_usd"],
        _("Initiative links out"): table["links_out"], _("Initiative links in"): table["links_in"],
        _("Reciprocity"): table["reciprocity"], _("Betweenness (drawn network)"): table["betweenness"],
        _("Community (drawn network)"): table["community"], _("Drawn"): table["drawn"],
    })


def corridors_for_people(corridors: pd.DataFrame) -> pd.DataFrame:
    """The corridor table with the words people read (and a CSV keeps)."""
    return pd.DataFrame({
        _("Provider"): [display_name(n, k) for n, k in zip(corridors["provider_name"], corridors["provider_kind"],
                                                          strict=True)],
        _("Receiver"): [display_name(n, k) for n, k in zip(corridors["receiver_name"], corridors["receiver_kind"],
                                                          strict=True)],
        _("Value (US$)"): corridors["value_usd"], _("Initiatives"): corridors["initiatives"],
        _("Two-way initiatives"): corridors["two_way_initiatives"],
        _("With amounts not reported"): corridors["unreported"],
        _("First year"): corridors["first_year"].astype("Int64"),
        _("Last year"): corridors["last_year"].astype("Int64"),
        _("Main themes"): ["; ".join(schema.label("themes", t) for t in themes) for themes in corridors["main_themes"]],
    })
