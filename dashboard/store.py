"""Load a dataset directory into an in-process DuckDB database, once per process.

Tables (rid is a dense integer row key, node a small integer for a country or an M49 area):
- nodes(node, code, kind, name, region): every country (kind 'country'), every M49 area name (kind 'region';
  "World" stands for a partner the source does not place), then every Southern-led multilateral provider
  (kind 'organisation', region schema.SOUTHERN_MULTILATERAL, code org_code(name): a slug links can carry).
- initiatives: the contract's columns plus reported_usd, has_unreported, search_text and the
  bit sets dashboard.filters tests (code_bits, theme_bits (themes; SDGs above bit 31), source_bits, provider_bits and
  receiver_bits: every M49 area a side lies in or names).
- participation(rid, node, as_provider, as_receiver): one row per initiative and place.
- pairs(rid, p, r, p_bits, r_bits, weight, value_usd, two_way): the allocation rule's provider→receiver
  pairs (country self-pairs excluded), with the area bits of each end (place filters test pairs); an
  initiative's weights sum to 1, value_usd = reported_usd × weight.
- node_groups(node, grp): every place's M49 sub-region node; subregion_pairs(rid, p, r, value_usd, weight,
  two_way): the pairs between sub-regions, one row per initiative and pair (p = r within one).
- facilitation(facilitator, rid, node, grp, as_provider, as_receiver, facilitator_first, group_first):
  each facilitator an initiative names, once per place taking part.
- funders(funder_key, funder, source_type, funder_iso3);
  funding(fid, rid, source_type, ..., anchor, funder_key, funder_first, cooperation_type,
  lead_actor): anchor marks a multilateral contribution or one from a facilitator the initiative
  names, funder_first a funder's first contribution to an initiative; funding_regions: each
  contribution once per side ('provider', 'receiver') and M49 region of that side, with the
  weight of the initiative's pairs that start or end there.
- leverage(rid, anchor_usd, cofinancing_usd, cofinancing_rows, status, ratio, bin): per initiative
  with an anchor contribution, co-financing per US$ of anchor and its band (see queries.leverage).
- participation, pairs, subregion_pairs, facilitation, funding, funding_regions and leverage also carry
  FILTER_COLUMNS, so a filter runs on the table a query reads, without a join.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import prices, schema
from dashboard.filters import CODE_BITS, SOURCE_BITS, THEME_BITS, Places
from dashboard.i18n import N_
from dashboard.validate import DEFAULT_COUNTRIES, DatasetError, check_tables, load_reference, read_tables

DUCKDB_THREADS = int(os.environ.get("SSC_DUCKDB_THREADS", "2"))
DUCKDB_MEMORY = os.environ.get("SSC_DUCKDB_MEMORY", "3GB")
# Leverage: co-financing per US$ of anchor contribution, in these bands (upper bound, label).
LEVERAGE_STATUSES = ("measured", "anchor not reported", "anchor of zero", "co-financing not reported",
                     "joint funding, not split")
# Bands of co-financing per US$ of anchor: data values (English, N_-marked), translated where shown.
LEVERAGE_BINS = ((0.5, N_("under 0.5")), (1, N_("0.5 to 1")), (2, N_("1 to 2")), (5, N_("2 to 5")),
                 (10, N_("5 to 10")))
NO_COFINANCING = N_("none recorded")
OPEN_BIN = N_("10 or more")
FILTER_COLUMNS = ("start_year", "code_bits", "theme_bits", "source_bits", "provider_bits", "receiver_bits",
                  "has_unreported")


@dataclass
class Store:
    """One loaded dataset. Share the Store; give every caller (thread, session) its own cursor()."""

    directory: Path
    connection: duckdb.DuckDBPyConnection = field(repr=False)
    places: Places = field(repr=False)
    synthetic: bool
    version: str  # a fingerprint of the dataset's files (see fingerprint)
    prices: prices.Prices = field(default_factory=prices.Prices)  # what its amounts are: current or constant US$
    memo: dict = field(default_factory=dict, repr=False)  # small intermediates queries share (see queries)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.connection.cursor()


def _literal(text: str) -> str:
    """A SQL string literal for operator-supplied text (paths, codelists), never for user input."""
    return "'" + text.replace("'", "''") + "'"


def _bit_table(name: str, bits: dict[str, int]) -> str:
    rows = ", ".join(f"({_literal(code)}, {bit})" for code, bit in bits.items())
    return f"CREATE TABLE {name} AS SELECT code, bit::BIGINT AS bit FROM (VALUES {rows}) t(code, bit);"


def _code_bits_sql() -> str:
    """The expression that sets one bit per scalar codelist column (see filters.CODE_BITS)."""
    cases = []
    for column, bits in CODE_BITS.items():
        whens = " ".join(f"WHEN {_literal(code)} THEN {bit}" for code, bit in bits.items())
        cases.append(f"(CASE i.{column}::VARCHAR {whens} ELSE 0 END)")
    return "(" + " | ".join(cases) + ")::BIGINT"


# SDG n is bit 31 + n of theme_bits (filters.SDG_BITS); a dataset without the optional sdgs column lists none.
GOALS = """SELECT rid, bit_or(1::BIGINT << (goal + 31)) AS sdg_bits
    FROM (SELECT rid, unnest(sdgs) AS goal FROM arrow_initiatives) g WHERE goal BETWEEN 1 AND 17 GROUP BY rid"""
NO_GOALS = "SELECT NULL::INTEGER AS rid, 0::BIGINT AS sdg_bits WHERE FALSE"

LOAD_SQL = """
-- ENUMs, so grouping by source type or theme is grouping small integers (queries cast back to VARCHAR).
CREATE TYPE source_type_code AS ENUM ({source_types});

CREATE TABLE countries AS
SELECT iso3, name, official_name, region, subregion, intermediate_region, income_group,
       ldc, lldc, sids, lon, lat
FROM read_parquet({countries});

-- A Southern-led multilateral's code: its name in lower case, ASCII letters and digits, words joined by '-'.
CREATE MACRO org_code(name) AS trim(regexp_replace(strip_accents(lower(name)), '[^a-z0-9]+', '-', 'g'), '-');

CREATE TABLE nodes AS
WITH places AS (
    SELECT iso3 AS code, 'country' AS kind, name, coalesce(region, 'World') AS region FROM countries
    UNION SELECT region, 'region', region, region FROM countries WHERE region IS NOT NULL
    UNION SELECT subregion, 'region', subregion, region FROM countries WHERE subregion IS NOT NULL
    UNION SELECT intermediate_region, 'region', intermediate_region, region
          FROM countries WHERE intermediate_region IS NOT NULL
    UNION SELECT 'World', 'region', 'World', 'World'
    UNION SELECT org_code(name), 'organisation', min(name), {southern}
          FROM (SELECT unnest(provider_orgs) AS name FROM arrow_initiatives) GROUP BY org_code(name)
)
-- Countries, then areas, then organisations (a node below the first area's is a country).
SELECT (row_number() OVER (ORDER BY kind = 'organisation', kind, code) - 1)::SMALLINT AS node, * FROM places;

CREATE TABLE area_codes AS
SELECT code, (1::BIGINT << (row_number() OVER (ORDER BY code) - 1)::INTEGER) AS bit
FROM nodes WHERE kind = 'region';

-- The area bits of every place: the areas it lies in, itself included.
CREATE TABLE node_bits AS
WITH ancestors AS (
    SELECT iso3 AS code, unnest([intermediate_region, subregion, region]) AS area FROM countries
    UNION ALL SELECT intermediate_region, unnest([intermediate_region, subregion, region])
          FROM countries WHERE intermediate_region IS NOT NULL
    UNION ALL SELECT subregion, unnest([subregion, region]) FROM countries WHERE subregion IS NOT NULL
    UNION ALL SELECT region, region FROM countries WHERE region IS NOT NULL
    UNION ALL SELECT 'World', 'World'
)
SELECT n.node, coalesce(bit_or(a.bit), 0) AS bits
FROM nodes n LEFT JOIN ancestors USING (code) LEFT JOIN area_codes a ON a.code = ancestors.area
GROUP BY n.node;

CREATE TEMP TABLE participation_base AS
WITH named AS (
    SELECT rid, unnest(providers) AS code, true AS p, false AS r FROM arrow_initiatives
    UNION ALL SELECT rid, unnest(provider_regions), true, false FROM arrow_initiatives
    UNION ALL SELECT rid, org_code(unnest(provider_orgs)), true, false FROM arrow_initiatives
    UNION ALL SELECT rid, unnest(receivers), false, true FROM arrow_initiatives
    UNION ALL SELECT rid, unnest(receiver_regions), false, true FROM arrow_initiatives
)
SELECT rid, node, bool_or(p) AS as_provider, bool_or(r) AS as_receiver
FROM named JOIN nodes USING (code) GROUP BY rid, node;

CREATE TABLE initiatives AS
WITH money AS (
    SELECT rid, sum(amount_usd) AS reported_usd, bool_or(amount_usd IS NULL AND NOT joint) AS any_null,
           bool_or(unconverted) AS any_unconverted, bit_or(s.bit) AS source_bits
    FROM arrow_funding f JOIN source_codes s ON s.code = f.source_type::VARCHAR GROUP BY rid
),
sides AS (
    SELECT rid, bit_or(CASE WHEN as_provider THEN bits ELSE 0 END) AS provider_bits,
           bit_or(CASE WHEN as_receiver THEN bits ELSE 0 END) AS receiver_bits
    FROM participation_base JOIN node_bits USING (node) GROUP BY rid
),
topics AS (
    SELECT rid, bit_or(c.bit) AS theme_bits
    FROM (SELECT rid, unnest(themes) AS theme FROM arrow_initiatives) t JOIN theme_codes c ON c.code = t.theme
    GROUP BY rid
),
goals AS ({goals})
SELECT i.rid, i.initiative_id, i.title, i.description,
       i.start_year::SMALLINT AS start_year, i.end_year::SMALLINT AS end_year,
       i.status::VARCHAR AS status, i.cooperation_type::VARCHAR AS cooperation_type,
       i.lead_actor::VARCHAR AS lead_actor, i.activity_type::VARCHAR AS activity_type,
       i.themes, i.providers, i.receivers, i.provider_regions, i.receiver_regions, i.provider_orgs, i.two_way,
       i.facilitators, i.evidence::VARCHAR AS evidence, i.source, i.synthetic,
       m.reported_usd, (m.rid IS NULL OR m.any_null) AS has_unreported,
       coalesce(m.any_unconverted, false) AS has_unconverted,
       {code_bits} AS code_bits, coalesce(t.theme_bits, 0) | coalesce(g.sdg_bits, 0) AS theme_bits,
       coalesce(m.source_bits, 0) AS source_bits,
       coalesce(s.provider_bits, 0) AS provider_bits, coalesce(s.receiver_bits, 0) AS receiver_bits,
       lower(i.title || ' ' || coalesce(i.description, '')) AS search_text
FROM arrow_initiatives i
LEFT JOIN money m USING (rid) LEFT JOIN sides s USING (rid) LEFT JOIN topics t USING (rid)
LEFT JOIN goals g USING (rid);

-- The filter columns travel with every large table, so a filter never needs a join.
-- Sorted by place, so "the initiatives of one country" (a filter, the Country profile) reads a few
-- row groups, not the whole table.
CREATE TABLE participation AS
SELECT pa.rid, pa.node, pa.as_provider, pa.as_receiver, {filter_columns}
FROM participation_base pa JOIN initiatives i USING (rid) ORDER BY pa.node, pa.rid;

CREATE TABLE funders AS
SELECT (row_number() OVER (ORDER BY funder, source_type))::INTEGER AS funder_key, funder, source_type,
       funder_iso3
FROM (SELECT funder, source_type::VARCHAR AS source_type, min(funder_iso3::VARCHAR) AS funder_iso3
      FROM arrow_funding GROUP BY ALL);

CREATE TABLE funding AS
SELECT g.fid, g.rid, g.source_type::VARCHAR::source_type_code AS source_type, g.funder,
       g.funder_iso3::VARCHAR AS funder_iso3, g.amount_usd::DOUBLE AS amount_usd, g.in_kind,
       g.year::SMALLINT AS year, g.joint,
       (g.source_type::VARCHAR = 'multilateral' OR list_contains(i.facilitators, g.funder)) AND NOT g.joint AS anchor,
       (g.source_type::VARCHAR = 'multilateral' OR list_contains(i.facilitators, g.funder)) AND g.joint AS joint_anchor,
       k.funder_key,
       row_number() OVER (PARTITION BY g.rid, k.funder_key ORDER BY g.fid) = 1 AS funder_first,
       i.cooperation_type, i.lead_actor, {filter_columns}
FROM arrow_funding g JOIN initiatives i USING (rid)
JOIN funders k ON k.funder = g.funder AND k.source_type = g.source_type::VARCHAR
ORDER BY g.fid;

-- Leverage per initiative with an anchor contribution (all its contributions count, so it does not
-- depend on the filters): the reported parts of anchor and co-financing, the ratio when every amount
-- is known, and its band (ENUMs, so the page's grouping is grouping small integers).
CREATE TYPE leverage_status AS ENUM ({statuses});
CREATE TYPE leverage_bin AS ENUM ({bins});
CREATE TABLE leverage AS
WITH per AS (
    SELECT rid, sum(amount_usd) FILTER (WHERE anchor) AS anchor_usd,
           bool_or(anchor AND amount_usd IS NULL) AS anchor_gap,
           CASE WHEN count(*) FILTER (WHERE NOT anchor AND NOT joint) = 0 THEN 0  -- none recorded: a true 0
                ELSE sum(amount_usd) FILTER (WHERE NOT anchor AND NOT joint) END AS cofinancing_usd,
           bool_or(NOT anchor AND NOT joint AND amount_usd IS NULL) AS cofinancing_gap,
           count(*) FILTER (WHERE NOT anchor AND NOT joint) AS cofinancing_rows,
           bool_or(source_type::VARCHAR = 'joint') AS joint_funding
    FROM funding GROUP BY rid
    HAVING bool_or(anchor OR joint_anchor)
),
rated AS (
    SELECT *, CASE WHEN joint_funding THEN 'joint funding, not split'
                   WHEN anchor_gap THEN 'anchor not reported' WHEN anchor_usd = 0 THEN 'anchor of zero'
                   WHEN cofinancing_gap THEN 'co-financing not reported' ELSE 'measured' END AS status,
           CASE WHEN NOT (joint_funding OR anchor_gap OR cofinancing_gap) AND anchor_usd > 0
                THEN cofinancing_usd / anchor_usd END AS ratio
    FROM per
)
SELECT p.rid, p.anchor_usd, p.cofinancing_usd, p.cofinancing_rows, p.status::leverage_status AS status, p.ratio,
       (CASE WHEN p.status <> 'measured' THEN NULL WHEN p.cofinancing_rows = 0 THEN {none_recorded}
             {bin_cases} ELSE {open_bin} END)::leverage_bin AS bin,
       {filter_columns}
FROM rated p JOIN initiatives i USING (rid) ORDER BY p.rid;

CREATE TABLE pairs AS
WITH x AS (
    SELECT p.rid, p.node AS p, r.node AS r, count(*) OVER (PARTITION BY p.rid) AS n
    FROM participation_base p JOIN participation_base r ON p.rid = r.rid
    WHERE p.as_provider AND r.as_receiver
      AND NOT (p.node = r.node AND p.node < (SELECT min(node) FROM nodes WHERE kind = 'region'))
)
SELECT x.rid, x.p, x.r, bp.bits AS p_bits, br.bits AS r_bits, 1.0 / x.n AS weight,
       i.reported_usd / x.n AS value_usd, i.two_way, {filter_columns}
FROM x JOIN initiatives i USING (rid) JOIN node_bits bp ON bp.node = x.p JOIN node_bits br ON br.node = x.r;

-- Every place's sub-region (a node too): a country's M49 intermediate region where M49 has one (Western
-- Africa, South America), else its sub-region; an area named as a partner stays that area.
CREATE TABLE node_groups AS
SELECT n.node, coalesce(g.node, n.node) AS grp
FROM nodes n LEFT JOIN countries c ON n.kind = 'country' AND c.iso3 = n.code
LEFT JOIN nodes g ON n.kind = 'country' AND g.kind = 'region'
     AND g.code = coalesce(c.intermediate_region, c.subregion, c.region, 'World');

-- The pairs between sub-regions: one row per initiative and pair of sub-regions (so a count of rows is a
-- count of initiatives), worth the sum of its pairs; p = r for pairs within one sub-region.
CREATE TABLE subregion_pairs AS
SELECT x.rid, gp.grp AS p, gr.grp AS r, sum(x.value_usd) AS value_usd, sum(x.weight) AS weight,
       any_value(x.two_way) AS two_way,
       {x_filter_columns}
FROM pairs x JOIN node_groups gp ON gp.node = x.p JOIN node_groups gr ON gr.node = x.r
GROUP BY x.rid, gp.grp, gr.grp;

-- Triangular cooperation: each facilitator an initiative names, once per place taking part, with flags
-- for its first row per initiative (and per initiative and sub-region), so counts need no DISTINCT.
CREATE TABLE facilitation AS
WITH named AS (SELECT DISTINCT rid, unnest(facilitators) AS facilitator FROM initiatives WHERE len(facilitators) > 0)
SELECT f.facilitator, pa.rid, pa.node, g.grp, pa.as_provider, pa.as_receiver,
       row_number() OVER (PARTITION BY f.rid, f.facilitator ORDER BY pa.node) = 1 AS facilitator_first,
       row_number() OVER (PARTITION BY f.rid, f.facilitator, g.grp ORDER BY pa.node) = 1 AS group_first,
       {pa_filter_columns}
FROM named f JOIN participation pa USING (rid) JOIN node_groups g ON g.node = pa.node;

-- Each contribution once per side and M49 region of that side, with the share of its value that
-- starts (provider) or ends (receiver) there; sorted by side, so a scan of one side skips the other.
CREATE TABLE funding_regions AS
WITH rr AS (
    SELECT p.rid, 'provider' AS side, n.region, sum(p.weight) AS weight
    FROM pairs p JOIN nodes n ON n.node = p.p GROUP BY ALL
    UNION ALL
    SELECT p.rid, 'receiver', n.region, sum(p.weight) FROM pairs p JOIN nodes n ON n.node = p.r GROUP BY ALL
)
SELECT rr.side, g.fid, g.rid, g.source_type, g.amount_usd, g.in_kind, g.joint, rr.region, rr.weight,
       {g_filter_columns}
FROM funding g JOIN rr USING (rid) ORDER BY rr.side;

DROP TABLE participation_base;
"""


def _with_rids(initiatives: pa.Table, funding: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Number initiatives (rid) and funding rows (fid) in file order; give funding rows their rid."""
    rid = pa.array(range(1, initiatives.num_rows + 1), pa.int32())
    fid = pa.array(range(1, funding.num_rows + 1), pa.int32())
    ids = initiatives.column("initiative_id").combine_chunks()
    position = pc.index_in(funding.column("initiative_id"), value_set=ids)
    parent = pc.add(position, pa.scalar(1, pa.int32())).cast(pa.int32())
    return initiatives.append_column("rid", rid), funding.append_column("rid", parent).append_column("fid", fid)


def _priced(funding: pa.Table, amounts: pa.Array | None) -> pa.Table:
    """The funding rows with amount_usd in the view's prices (amounts, when constant), `joint` (false where the
    dataset has no such column) and `unconverted`: an amount the source reports that these prices cannot state
    (a currency with no rate, or a year the deflator does not reach)."""
    rows = funding.num_rows
    nominal = funding.column("amount_usd")
    if "joint" not in funding.column_names:
        funding = funding.append_column("joint", pa.array([False] * rows, pa.bool_()))
    else:
        funding = funding.set_column(funding.column_names.index("joint"), "joint",
                                     pc.fill_null(funding.column("joint"), False))
    if amounts is not None:
        funding = funding.set_column(funding.column_names.index("amount_usd"), "amount_usd", amounts)
    reported = pc.is_valid(nominal)
    if "amount_original" in funding.column_names:
        reported = pc.or_(reported, pc.is_valid(funding.column("amount_original")))
    unconverted = pc.and_(reported, pc.is_null(funding.column("amount_usd")))
    return funding.append_column("unconverted", unconverted)


def _load(initiatives: pa.Table, funding: pa.Table, countries: Path, amounts: pa.Array | None = None
          ) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:", config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY})
    connection.execute("SET enable_progress_bar = false")
    if "provider_orgs" not in initiatives.column_names:  # optional: a dataset without it names none
        initiatives = initiatives.append_column("provider_orgs", pa.array([[]] * initiatives.num_rows,
                                                                          pa.list_(pa.string())))
    arrow_initiatives, arrow_funding = _with_rids(initiatives, _priced(funding, amounts))
    connection.register("arrow_initiatives", arrow_initiatives)
    connection.register("arrow_funding", arrow_funding)
    connection.execute(_bit_table("theme_codes", THEME_BITS))
    connection.execute(_bit_table("source_codes", SOURCE_BITS))
    connection.execute(
        LOAD_SQL.format(
            countries=_literal(str(countries)),
            code_bits=_code_bits_sql(),
            goals=GOALS if "sdgs" in initiatives.column_names else NO_GOALS,
            southern=_literal(schema.SOUTHERN_MULTILATERAL),
            source_types=", ".join(_literal(code) for code in SOURCE_BITS),
            statuses=", ".join(_literal(status) for status in LEVERAGE_STATUSES),
            bins=", ".join(_literal(label) for label in (NO_COFINANCING, *(b for _, b in LEVERAGE_BINS), OPEN_BIN)),
            none_recorded=_literal(NO_COFINANCING), open_bin=_literal(OPEN_BIN),
            bin_cases=" ".join(f"WHEN p.ratio < {upper} THEN {_literal(label)}" for upper, label in LEVERAGE_BINS),
            filter_columns=", ".join(f"i.{c}" for c in FILTER_COLUMNS),
            g_filter_columns=", ".join(f"g.{c}" for c in FILTER_COLUMNS),
            pa_filter_columns=", ".join(f"pa.{c}" for c in FILTER_COLUMNS),
            x_filter_columns=", ".join(f"any_value(x.{c}) AS {c}" for c in FILTER_COLUMNS),
        )
    )
    connection.unregister("arrow_initiatives")
    connection.unregister("arrow_funding")
    return connection


def open_store(directory: Path, countries: Path = DEFAULT_COUNTRIES, basis: str = prices.CURRENT) -> Store:
    """Validate a dataset directory and load it, its amounts in current or constant US$ (basis); raise
    DatasetError with every problem if it is broken.

    The files are read once; the contract is checked in a second thread while DuckDB loads the
    same Arrow tables, and the database is thrown away if any rule is broken.
    """
    directory = Path(directory)
    initiatives, funding, problems = read_tables(directory)
    if problems:
        raise DatasetError(directory, problems)
    amounts, priced = None, prices.Prices()
    if basis == prices.CONSTANT:
        amounts, priced = prices.constant(funding, prices.stated(directory))
    with ThreadPoolExecutor(max_workers=1) as pool:
        checking = pool.submit(check_tables, initiatives, funding, load_reference(countries))
        try:
            connection, load_error = _load(initiatives, funding, countries, amounts), None
        except (duckdb.Error, pa.ArrowException) as error:  # a broken file; the checker names the rule
            connection, load_error = None, error
        problems = checking.result()
    if problems or load_error is not None:
        if connection is not None:
            connection.close()
        if problems:
            raise DatasetError(directory, problems)
        raise load_error
    places = Places(
        area_bits=dict(connection.execute("SELECT code, bit FROM area_codes").fetchall()),
        country_nodes=dict(connection.execute("SELECT code, node FROM nodes WHERE kind = 'country'").fetchall()),
        org_nodes=dict(connection.execute("SELECT code, node FROM nodes WHERE kind = 'organisation'").fetchall()),
        first_region_node=connection.execute("SELECT min(node) FROM nodes WHERE kind = 'region'").fetchone()[0],
    )
    synthetic = bool(connection.execute("SELECT coalesce(bool_or(synthetic), false) FROM initiatives").fetchone()[0])
    return Store(directory=directory, connection=connection, places=places, synthetic=synthetic,
                 version=fingerprint(directory), prices=priced)


def fingerprint(directory: Path) -> str:
    """The dataset's version: the first 12 hex digits of a SHA-256 over its two files, so any change to the
    data gives a new version and the same files give the same one on every machine."""
    digest = hashlib.sha256()
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        with open(Path(directory) / name, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()[:12]


# The process's stores, most recently used last. _SLOTS_LOCK is held only to find a slot or to evict, never while a
# dataset loads: each dataset path (and basis) loads under its own lock, so one slow or broken dataset keeps no one
# else waiting.
CACHE_MB = int(os.environ.get("SSC_STORE_CACHE_MB", "4096"))  # the stores' memory the process keeps (see shared)


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    stamp: tuple | None = None  # the files' sizes and modification times the store or the failure is of
    store: Store | None = None
    failure: BaseException | None = None  # the last load's error, until the files change
    megabytes: float = 0.0


_SLOTS: OrderedDict[str, _Slot] = OrderedDict()
_SLOTS_LOCK = threading.Lock()


def stamp(directory: Path) -> tuple:
    """The dataset files' sizes and modification times (None for a file that is missing): what says they changed
    (a new title in dataset.yaml changes nothing a store holds)."""
    out = []
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        try:
            info = (Path(directory) / name).stat()
            out.append((info.st_size, info.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def memory_mb(store: Store) -> float:
    """The memory a store's database holds (DuckDB's own accounting), in MB."""
    used = store.cursor().execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchone()[0]
    return float(used) / 1e6


def shared(path: str, basis: str = prices.CURRENT) -> Store:
    """The process's one Store of a dataset directory in current or constant US$ (the app's pages and the API share
    it), opened again when its files change. A dataset that fails to load raises the same error again, without
    loading, until its files change. The most recently used stores stay open while their memory is within
    SSC_STORE_CACHE_MB (the one just used always stays)."""
    key = f"{path}\0{basis}"
    now = stamp(Path(path))
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault(key, _Slot())
        _SLOTS.move_to_end(key)
    with slot.lock:
        if slot.stamp == now and slot.store is not None:
            return slot.store
        if slot.stamp == now and slot.failure is not None:
            raise slot.failure
        slot.store, slot.failure, slot.stamp = None, None, now
        try:
            slot.store = open_store(Path(path), basis=basis)
        except Exception as error:  # remembered (a DatasetError names every problem; anything else, its cause)
            slot.failure = error
            raise
        slot.megabytes = memory_mb(slot.store)
        store = slot.store
    _evict(key)
    return store


def _evict(keep: str) -> None:
    """Drop the least recently used stores while the open ones hold more than CACHE_MB (never `keep`). A dropped
    store closes when the last query using it ends."""
    with _SLOTS_LOCK:
        total = sum(s.megabytes for s in _SLOTS.values() if s.store is not None)
        for key in list(_SLOTS):
            if total <= CACHE_MB:
                break
            slot = _SLOTS[key]
            if key != keep and slot.store is not None:
                total -= slot.megabytes
                del _SLOTS[key]


def loaded() -> dict[str, float]:
    """The open stores (path and basis) and their memory in MB, least recently used first."""
    with _SLOTS_LOCK:
        return {key: slot.megabytes for key, slot in _SLOTS.items() if slot.store is not None}


def forget(path: str) -> None:
    """Drop a dataset's stores (every basis), as when it is deleted: its memory goes back at once, not when the
    cache next needs room."""
    with _SLOTS_LOCK:
        for key in [k for k in _SLOTS if k.split("\0")[0] == path]:
            del _SLOTS[key]
