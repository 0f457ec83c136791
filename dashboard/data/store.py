"""Load a dataset directory into an in-process DuckDB database, once per process.

Tables (rid is a dense integer row key, node a small integer for a country or an M49 area):
- nodes(node, code, kind, name, region): every country (kind 'country'), every M49 area name (kind 'region';
  "World" stands for a partner the source does not place), then every Southern-led multilateral provider
  (kind 'organisation', region schema.SOUTHERN_MULTILATERAL, code org_code(name): a slug links can carry).
- initiatives: the contract's columns plus reported_usd, has_unreported, search_text and the
  bit sets dashboard.data.filters tests (code_bits, theme_bits (themes; SDGs above bit 31), source_bits, provider_bits
  and receiver_bits: every M49 area a side lies in or names).
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
  with an anchor contribution, co-financing per US$ of anchor and its band (see questions.leverage).
- participation, pairs, subregion_pairs, facilitation, funding, funding_regions and leverage also carry
  FILTER_COLUMNS, so a filter runs on the table a query reads, without a join.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.data import prices, schema
from dashboard.data.filters import SOURCE_BITS, THEME_BITS, Places
from dashboard.data.load_sql import GOALS, LOAD_SQL, NO_GOALS, _bit_table, _code_bits_sql, _literal
from dashboard.data.reading import DEFAULT_COUNTRIES, DatasetError, load_reference, read_tables
from dashboard.data.validate import check_tables
from dashboard.words.languages import N_

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
    memo: dict = field(default_factory=dict, repr=False)  # intermediates questions share (dashboard.questions.sql)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.connection.cursor()


def aggregate(connection: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    """The one row an aggregate query returns (DuckDB's types allow fetchone no row)."""
    row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return row


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


def connect(database: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the app's threads and memory limit."""
    connection = duckdb.connect(database, read_only=read_only,
                                config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY})
    connection.execute("SET enable_progress_bar = false")
    return connection


def _load(initiatives: pa.Table, funding: pa.Table, countries: Path, amounts: pa.Array | None = None,
          database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    connection = connect(database)
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


def open_store(directory: Path, countries: Path = DEFAULT_COUNTRIES, basis: str = prices.CURRENT,
               database: str = ":memory:") -> Store:
    """Validate a dataset directory and load it, its amounts in current or constant US$ (basis), into a database
    in memory (or in the file `database`); raise DatasetError with every problem if it is broken.

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
            connection, load_error = _load(initiatives, funding, countries, amounts, database), None
        except (duckdb.Error, pa.ArrowException) as error:  # a broken file; the checker names the rule
            connection, load_error = None, error
        problems = checking.result()
    if problems or load_error is not None:
        if connection is not None:
            connection.close()
        if problems:
            raise DatasetError(directory, problems)
        assert load_error is not None
        raise load_error
    assert connection is not None  # loaded: no problem and no load error
    connection.execute("CREATE TABLE prices AS SELECT ? AS basis, ?::INTEGER AS base_year, ? AS method",
                       [priced.basis, priced.base_year, priced.method])
    return made(directory, connection)


def made(directory: Path, connection: duckdb.DuckDBPyConnection) -> Store:
    """The Store of a loaded database (just built, or a built one opened from disk)."""
    places = Places(
        area_bits=dict(connection.execute("SELECT code, bit FROM area_codes").fetchall()),
        country_nodes=dict(connection.execute("SELECT code, node FROM nodes WHERE kind = 'country'").fetchall()),
        org_nodes=dict(connection.execute("SELECT code, node FROM nodes WHERE kind = 'organisation'").fetchall()),
        first_region_node=aggregate(connection, "SELECT min(node) FROM nodes WHERE kind = 'region'")[0],
    )
    synthetic = bool(aggregate(connection, "SELECT coalesce(bool_or(synthetic), false) FROM initiatives")[0])
    basis, base_year, method = aggregate(connection, "SELECT basis, base_year, method FROM prices")
    return Store(directory=directory, connection=connection, places=places, synthetic=synthetic,
                 version=fingerprint(directory), prices=prices.Prices(basis, base_year, method))


def fingerprint(directory: Path) -> str:
    """The dataset's version: the first 12 hex digits of a SHA-256 over its two files, so any change to the
    data gives a new version and the same files give the same one on every machine."""
    digest = hashlib.sha256()
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        with open(Path(directory) / name, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()[:12]
