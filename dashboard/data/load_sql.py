"""The SQL that builds a store's tables from the contract's (see dashboard.data.store for the tables)."""

from __future__ import annotations

from dashboard.data.filters import CODE_BITS


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
