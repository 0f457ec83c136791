"""Every query against a plain-Python computation of the same question, over random Filters."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import questions
from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import NO_COFINANCING, OPEN_BIN

REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania", "World"]
SUBREGIONS = ["Sub-Saharan Africa", "Latin America and the Caribbean", "South-eastern Asia", "Southern Asia",
              "Western Asia", "Eastern Africa", "Caribbean", "South America", "Melanesia"]
COUNTRY_CODES = ["BRA", "CHN", "IND", "ZAF", "MEX", "HTI", "KHM", "PER", "MOZ", "LAO", "BGD", "NPL", "FRA", "XXX"]
ORG_CODES = ["islamic-development-bank", "new-development-bank", "nowhere-bank"]  # Southern-led (synth's), and none
# Letters and the characters SQL injection and LIKE patterns are made of.
SEARCH = st.text(alphabet="abcdeghilnortuy ;'\"%_-\\*()", max_size=6)


# Funders of the generated data, one that funds nothing, and one made of SQL.
FUNDERS = ["Other contributors", "Civil society organisations", "Government of Brazil", "Government of India",
           "Nobody at all", "x'); DROP TABLE funding; --"]


def codes(values, max_size=3):
    return st.lists(st.sampled_from(list(values)), max_size=max_size).map(tuple)


@st.composite
def filters(draw) -> Filters:
    years = draw(st.none() | st.tuples(st.integers(1985, 2030), st.integers(1985, 2030)))
    return Filters(
        years=years,
        provider_regions=draw(codes(REGIONS, 2)),
        provider_subregions=draw(codes(SUBREGIONS, 2)),
        provider_countries=draw(codes(COUNTRY_CODES, 3)),
        provider_orgs=draw(codes(ORG_CODES, 2)),
        receiver_regions=draw(codes(REGIONS, 2)),
        receiver_subregions=draw(codes(SUBREGIONS, 2)),
        receiver_countries=draw(codes(COUNTRY_CODES, 3)),
        themes=draw(codes(schema.THEMES, 3)),
        cooperation_types=draw(codes(schema.COOPERATION_TYPES, 2)),
        lead_actors=draw(codes(schema.LEAD_ACTORS, 2)),
        activity_types=draw(codes(schema.ACTIVITY_TYPES, 3)),
        source_types=draw(codes(schema.SOURCE_TYPES, 2)),
        funders=draw(codes(FUNDERS, 2)),
        search=draw(st.sampled_from(["", "", "", "train", "to haiti", "gender"]) | SEARCH),
        include_unreported=draw(st.booleans()),
        involving=draw(st.none() | st.sampled_from(COUNTRY_CODES)),
    )


# Most random combinations select nothing; half the examples narrow only one or two fields.
@st.composite
def light_filters(draw) -> Filters:
    full = draw(filters())
    keep = draw(st.sets(st.sampled_from(full.changed() or ["years"]), max_size=2))
    return Filters(**{name: getattr(full, name) for name in keep})


FILTERS = light_filters() | filters()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])



def close(a: float | None, b: float | None) -> bool:
    """Equal numbers, or both unknown (None from the oracle, null/NaN from a query)."""
    if b is None or a is None or a != a:
        return b is None and (a is None or a != a)
    return a == pytest.approx(b, rel=1e-9, abs=1e-6)


def assert_same(actual: dict, expected: dict) -> None:
    assert actual.keys() == expected.keys()
    for key, values in expected.items():
        got = actual[key]
        assert len(got) == len(values), key
        for g, e in zip(got, values, strict=True):
            assert close(g, e), (key, got, values)


@SETTINGS
@given(f=FILTERS)
def test_kpis(generated_store, oracle, f):
    got = questions.kpis(generated_store, f).iloc[0]
    want = oracle.kpis(f)
    for name, value in want.items():
        assert close(got[name], value), name
    if want["initiatives"]:
        assert close(got["unreported_share"], want["unreported"] / want["initiatives"])


@SETTINGS
@given(f=FILTERS)
def test_per_year(generated_store, oracle, f):
    df = questions.per_year(generated_store, f)
    got = {(None if y != y or y is None else int(y)): (a, b, c) for y, a, b, c in
           df[["year", "initiatives", "reported_usd", "unreported"]].itertuples(index=False)}
    assert_same(got, oracle.per_year(f))


@SETTINGS
@given(f=FILTERS)
def test_flows(generated_store, oracle, f):
    df = questions.flows(generated_store, f)
    got = {(r.provider, r.receiver): (r.value_usd, r.initiatives, r.two_way_initiatives, r.unreported, r.reverse)
           for r in df.itertuples()}
    assert_same(got, oracle.flows(f))


@SETTINGS
@given(f=FILTERS)
def test_per_country(generated_store, oracle, f):
    df = questions.per_country(generated_store, f)
    columns = ["provided_usd", "received_usd", "net_usd", "initiatives_as_provider", "initiatives_as_receiver",
               "initiatives", "unreported", "unreported_as_provider", "unreported_as_receiver", "partners"]
    got = {r[0]: tuple(r[1:]) for r in df[["code", *columns]].itertuples(index=False)}
    assert_same(got, oracle.per_country(f))


@SETTINGS
@given(f=FILTERS)
def test_top_partners(generated_store, oracle, f):
    df = questions.per_country(generated_store, f).dropna(subset=["top_partners"])
    places = questions.place_options(generated_store)
    names = {**questions.country_names(generated_store),  # a Southern-led multilateral is named too
             **dict(places.loc[places["kind"] == "organisation", ["code", "name"]].itertuples(index=False))}
    flows = oracle.flows(f)
    want = oracle.top_partners(f, 3)
    every = oracle.top_partners(f, 10_000)
    assert set(df["code"]) == set(want)
    for code, line in zip(df["code"], df["top_partners"], strict=True):
        def shown(partner: str) -> str:
            if partner in names:
                return names[partner]
            return "partners not named" if partner == "World" else f"partners in {partner} not named"
        by_name = {shown(partner): (value, count) for value, count, partner in every[code]}
        got = [by_name[name] for name in line.split(", ")]
        assert_same(dict(enumerate(got)), {i: (v, c) for i, (v, c, _) in enumerate(want[code])})
    assert flows or df.empty


@SETTINGS
@given(f=FILTERS, code=st.sampled_from(COUNTRY_CODES))
def test_roles_per_year(generated_store, oracle, f, code):
    df = questions.roles_per_year(generated_store, f, code)
    got = {(None if pd.isna(y) else int(y), role): (n,) for y, role, n in df.itertuples(index=False)}
    assert_same(got, {k: (v,) for k, v in oracle.roles_per_year(f, code).items()})


@SETTINGS
@given(f=FILTERS, column=st.sampled_from(["cooperation_type", "lead_actor", "activity_type"]))
def test_per_code(generated_store, oracle, f, column):
    df = questions.per_code(generated_store, f, column)
    got = {r[0]: (r[1], r[2], r[3]) for r in df[[column, "initiatives", "reported_usd", "unreported"]].itertuples(
        index=False)}
    assert_same(got, oracle.per_code(f, column))
    assert list(df["initiatives"]) == sorted(df["initiatives"], reverse=True)


@SETTINGS
@given(f=FILTERS)
def test_per_theme(generated_store, oracle, f):
    df = questions.per_theme(generated_store, f)
    got = {r.theme: (r.initiatives, r.reported_usd, r.unreported) for r in df.itertuples()}
    assert_same(got, oracle.per_theme(f))
    assert all(df["label"] == df["theme"].map(schema.THEMES))


@SETTINGS
@given(f=FILTERS, by=st.sampled_from([None, *questions.MIX_DIMENSIONS]))
def test_funding_mix(generated_store, oracle, f, by):
    df = questions.funding_mix(generated_store, f, by)
    key = (lambda r: None) if by is None else (lambda r: getattr(r, by))
    got = {}
    for r in df.itertuples():
        k = key(r)
        k = None if k != k else (int(k) if by == "year" and k is not None else k)  # NaN year → None
        got[(k, r.source_type)] = (r.amount_usd, r.in_kind_usd, r.contributions, r.not_reported, r.in_kind)
    assert_same(got, oracle.funding_mix(f, by))


@SETTINGS
@given(f=FILTERS)
def test_funding_coverage(generated_store, oracle, f):
    row = questions.funding_coverage(generated_store, f).iloc[0].to_dict()
    expected = oracle.funding_coverage(f)
    assert all(close(row[k], v) for k, v in expected.items()), (row, expected)
    assert row["initiatives"] == row["all_reported"] + row["partly_reported"] + row["none_reported"] + row["no_funding"]


@SETTINGS
@given(f=FILTERS)
def test_top_funders(generated_store, oracle, f):
    df = questions.top_funders(generated_store, f)
    got = {(r.funder, r.source_type): (r.reported_usd, r.initiatives, r.contributions, r.not_reported, r.in_kind)
           for r in df.itertuples()}
    assert_same(got, oracle.top_funders(f))
    known = df["reported_usd"].dropna()
    assert list(known) == sorted(known, reverse=True) and df["reported_usd"].notna().is_monotonic_decreasing
    assert (df["all_funders"] == len(df)).all()
    assert (df["distinct_funders"] == df["funder"].nunique()).all()  # a name under two source types counts once


@SETTINGS
@given(f=FILTERS)
def test_leverage(generated_store, oracle, f):
    expected = oracle.leverage(f)
    rows = questions.leverage_initiatives(generated_store, f, limit=100_000)
    def known(x):
        return None if pd.isna(x) else x

    got = {r.initiative_id: (known(r.anchor_usd), known(r.cofinancing_usd), known(r.ratio), r.status)
           for r in rows.itertuples()}
    assert got.keys() == expected.keys()
    for key, (anchor, cofinancing, ratio, status, _others) in expected.items():
        assert got[key][:2] == pytest.approx((anchor, cofinancing)) and got[key][3] == status
        assert (got[key][2] is None) == (ratio is None) and (ratio is None or got[key][2] == pytest.approx(ratio))
    bins = questions.leverage(generated_store, f)
    summary = {(s, b): n for s, b, n in zip(bins["status"], bins["bin"].fillna(""), bins["initiatives"],
                                           strict=True)}
    measured = [v for v in expected.values() if v[3] == "measured"]
    assert sum(bins["initiatives"]) == len(expected)
    assert sum(bins["with_cofinancing"]) == sum(v[4] > 0 for v in expected.values())
    assert summary.get(("measured", NO_COFINANCING), 0) == sum(v[4] == 0 for v in measured)
    assert summary.get(("measured", OPEN_BIN), 0) == sum(v[4] > 0 and v[2] >= 10 for v in measured)
    if measured:
        ratios = sorted(v[2] for v in measured)
        assert bins["median"].iloc[0] == pytest.approx(float(pd.Series(ratios).median()))
        mine = bins[bins["status"] == "measured"]
        assert mine["cofinancing_usd"].sum() == pytest.approx(sum(v[1] for v in measured))


@SETTINGS
@given(f=FILTERS, sort=st.sampled_from(["start_year", "title", "reported_usd", "initiative_id"]),
       descending=st.booleans(), offset=st.integers(0, 60))
def test_initiatives_page(generated_store, oracle, f, sort, descending, offset):
    page = questions.initiatives_page(generated_store, f, sort=sort, descending=descending, limit=25, offset=offset)
    assert list(page["initiative_id"]) == oracle.page_ids(f, sort, descending, 25, offset)


def test_reconciliation(generated_store):
    """Flows, provided and received totals all add up to the reported total."""
    for f in (Filters(), Filters(receiver_regions=("Africa",)), Filters(themes=("gender", "health"))):
        total = questions.kpis(generated_store, f).at[0, "reported_usd"]
        countries = questions.per_country(generated_store, f)
        assert total > 0
        assert close(questions.flows(generated_store, f)["value_usd"].sum(), total)
        assert close(countries["provided_usd"].sum(), total)
        assert close(countries["received_usd"].sum(), total)
        assert close((countries["provided_usd"].fillna(0) - countries["received_usd"].fillna(0)).sum(), 0)
        unknown = countries["provided_usd"].isna() | countries["received_usd"].isna()
        assert list(countries["net_usd"].isna()) == list(unknown)  # unknown on either side: the net is unknown
        mix = questions.funding_mix(generated_store, f)
        assert close(mix["amount_usd"].sum(), total)  # the Funding mix page's total is the Overview's
        assert close(questions.funding_coverage(generated_store, f).at[0, "reported_usd"], total)
        for by in questions.MIX_DIMENSIONS:
            if by != "theme":  # by theme, a contribution counts in each of its initiative's themes
                assert close(questions.funding_mix(generated_store, f, by)["amount_usd"].sum(), total), by
        assert close(questions.top_funders(generated_store, f)["reported_usd"].sum(), total)


def test_reference_reconciles_to_its_documents(reference_store):
    kpis = questions.kpis(reference_store, Filters()).iloc[0]
    countries = questions.per_country(reference_store, Filters())
    # 16 annex-table contributions (US$6,544,000) plus the others the boxes report.
    assert kpis["reported_usd"] == 6_544_000 + 1_500_000 + 560_000 + 142_000 + 130_000
    assert countries["provided_usd"].sum() == pytest.approx(kpis["reported_usd"])
    brazil = countries.set_index("code").loc["BRA"]
    assert brazil["name"] == "Brazil" and brazil["initiatives_as_provider"] >= 5


@pytest.mark.parametrize("text", ["'", "%", "_", ";", "--", "' OR 1=1 --", "'; DROP TABLE initiatives; --",
                                  "\\", "%'--", "IFAD's", "(a)"])
def test_injection_like_search_is_literal(reference_store, generated_store, text):
    for store in (reference_store, generated_store):
        frame = pd.read_parquet(store.directory / "initiatives.parquet")
        texts = (frame["title"] + " " + frame["description"].fillna("")).str.lower()
        expected = int(texts.str.contains(text.lower(), regex=False).sum())
        f = Filters(search=text)
        assert questions.kpis(store, f).at[0, "initiatives"] == expected
        assert len(questions.initiatives_page(store, f, limit=1000)) == expected
    assert questions.kpis(reference_store, Filters()).at[0, "initiatives"] == 36  # the table is still there


def test_search_matches_literally_and_case_insensitively(reference_store):
    ids = set(questions.initiatives_page(reference_store, Filters(search="SEED BANK"))["initiative_id"])
    assert ids == {"CSO-01"}
    percent = questions.initiatives_page(reference_store, Filters(search="35 per cent"))["initiative_id"]
    assert list(percent) == ["IFAD-03"]


def test_top_flows_and_ranking(generated_store):
    top = questions.flows(generated_store, Filters(), top=10)
    every = questions.flows(generated_store, Filters())
    assert len(top) == 10
    assert list(top["value_usd"]) == sorted(every["value_usd"], reverse=True)[:10]
    by_count = questions.flows(generated_store, Filters(), top=5, by="count")
    assert list(by_count["initiatives"]) == sorted(every["initiatives"], reverse=True)[:5]
    with pytest.raises(ValueError):
        questions.flows(generated_store, Filters(), by="colour")


def test_bad_arguments_are_refused(generated_store):
    with pytest.raises(ValueError):
        questions.funding_mix(generated_store, Filters(), by="favourite_colour")
    with pytest.raises(ValueError):
        questions.initiatives_page(generated_store, Filters(), sort="title; DROP TABLE initiatives")


def test_initiative_detail(reference_store):
    detail = questions.initiative_detail(reference_store, "IFAD-13")
    assert detail.record["title"] == "Africa-Brazil Agricultural Innovation Marketplace"
    assert list(detail.funding["amount_usd"]) == [500_000, 1_500_000]
    assert list(detail.funding["label"]) == ["Multilateral organisation", "Other contributors (type not stated)"]
    unreported = questions.initiative_detail(reference_store, "CSO-04")
    assert unreported.funding["amount_usd"].isna().all()
    assert questions.initiative_detail(reference_store, "NOPE") is None
    assert questions.initiative_detail(reference_store, "' OR 1=1 --") is None


def test_page_names_countries(reference_store):
    page = questions.initiatives_page(reference_store, Filters(search="Terra Madre"))
    assert page.at[0, "providers_names"] == "Brazil, India"
    assert "Nepal" in page.at[0, "receivers_names"]


def test_exports(reference_store, tmp_path):
    rows = questions.export_rows(reference_store, Filters(themes=("housing_urban",)), limit=10)
    assert list(rows["initiative_id"]) == ["CSO-04"]
    assert rows.at[0, "providers"] == "India, South Africa" and rows.at[0, "amounts_not_reported"]
    assert questions.export_rows(reference_store, Filters(), limit=5).shape[0] == 5
    path = tmp_path / "all.parquet"
    questions.export_parquet(reference_store, Filters(search="learning route"), str(path))
    exported = pd.read_parquet(path)
    source = pd.read_parquet(reference_store.directory / "initiatives.parquet")
    texts = (source["title"] + " " + source["description"].fillna("")).str.lower()
    expected = sorted(source.loc[texts.str.contains("learning route", regex=False), "initiative_id"])
    assert sorted(exported["initiative_id"]) == expected and "IFAD-03" in expected


@SETTINGS
@given(f=FILTERS, level=st.sampled_from(list(questions.NETWORK_LEVELS)), by=st.sampled_from(["value", "count"]))
def test_network_edges(generated_store, oracle, f, level, by):
    df = questions.network_edges(generated_store, f, level, by)
    got = {(r.provider, r.receiver): (r.value_usd, r.initiatives) for r in df.itertuples()}
    assert_same(got, oracle.network_edges(f, level))
    key = ["value_usd", "initiatives"] if by == "value" else ["initiatives", "value_usd"]
    ranked = [tuple(-1 if v != v else v for v in row) for row in df[key].itertuples(index=False)]  # unknown last
    assert ranked == sorted(ranked, reverse=True)
    assert set(df["provider_kind"]) | set(df["receiver_kind"]) <= (
        {"country", "region", "organisation"} if level == "country" else {"subregion", "region", "organisation"})


@SETTINGS
@given(f=FILTERS, level=st.sampled_from(list(questions.NETWORK_LEVELS)), top=st.sampled_from([1, 5, 40]))
def test_corridors(generated_store, oracle, f, level, top):
    df = questions.corridors(generated_store, f, level, top)
    edges = questions.network_edges(generated_store, f, level)
    between = edges[edges["provider"] != edges["receiver"]]
    assert list(zip(df["provider"], df["receiver"], strict=True)) == list(
        zip(between["provider"], between["receiver"], strict=True))[:top]
    details = oracle.corridor_details(f, level, list(zip(df["provider"], df["receiver"], strict=True)))
    for row in df.itertuples():
        first, last, themes = details[(row.provider, row.receiver)]
        assert (row.first_year, row.last_year) == (first, last)
        counts = sorted(themes.values(), reverse=True)
        assert len(row.main_themes) == min(3, len(themes))
        # the most frequent first: their counts are the top counts, in order
        assert [themes[t] for t in row.main_themes] == counts[:len(row.main_themes)]


@SETTINGS
@given(f=FILTERS, level=st.sampled_from(list(questions.NETWORK_LEVELS)))
def test_facilitator_links(generated_store, oracle, f, level):
    df = questions.facilitator_links(generated_store, f, level)
    links, totals = oracle.facilitator_links(f, level)
    assert {(r.facilitator, r.code): (r.initiatives, r.role) for r in df.itertuples()} == links
    assert dict(zip(df["facilitator"], df["facilitated"], strict=True)) == totals


def test_the_sdg_filter_selects_the_initiatives_that_list_the_goal(tmp_path):
    """A dataset with sdgs: the filter's count equals a plain count of the rows that list the goal."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from paths import REFERENCE

    from dashboard.data import schema, validate
    from dashboard.data.store import open_store

    table = pq.read_table(REFERENCE / schema.INITIATIVES_FILE)
    goals = [[(i % 17) + 1, ((i * 7) % 17) + 1] if i % 3 else [] for i in range(table.num_rows)]
    listed = table.append_column("sdgs", pa.array(goals, pa.list_(pa.int8())))
    pq.write_table(listed, tmp_path / schema.INITIATIVES_FILE)
    pq.write_table(pq.read_table(REFERENCE / schema.FUNDING_FILE), tmp_path / schema.FUNDING_FILE)
    assert validate.validate_dataset(tmp_path) == []
    store = open_store(tmp_path)
    assert questions.vocabulary(store).sdgs == {str(g) for row in goals for g in row}
    for wanted in (("3",), ("1", "8"), ("17",)):
        expected = sum(1 for row in goals if {int(g) for g in wanted} & set(row))
        assert questions.kpis(store, Filters(sdgs=wanted))["initiatives"].iloc[0] == expected
    assert questions.vocabulary(open_store(REFERENCE)).sdgs == frozenset()  # no column: no SDG listed
