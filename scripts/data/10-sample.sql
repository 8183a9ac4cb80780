-- scripts/data/10-sample.sql: the sample company (schema "sample").
--
-- Run with psql from the project root:  psql -f scripts/data/10-sample.sql
-- It (re)creates schema "sample", its tables, and the deterministic generator
--
--     sample.generate(skus int DEFAULT 500, order_lines bigint DEFAULT 100000,
--                     seed int DEFAULT 1)
--
-- and calls it once with the defaults.  The contract with the analytics is
-- SAMPLE_SCHEMA.md; doc/sample-data.md describes the model.
--
-- Every pseudo-random number is a hash of (seed, stream, row keys), never
-- random(): the same arguments give the same rows on any machine and under
-- any plan.  The sample schema is not part of the extension; it needs PostGIS
-- only for its geometry columns.

SELECT pg_catalog.current_setting('client_min_messages') AS sample_saved_client_min_messages \gset
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;

-- Every name below resolves in pg_catalog alone while this script runs, and
-- PostGIS's types and functions are named with PostGIS's schema (:"gis"),
-- so no operator or function another role planted in "$user" or public
-- can be captured by a CHECK, a generated column or a SQL-standard body
-- (those are bound now, at creation); the plpgsql functions pin their own
-- search_path.  The caller's search_path is restored at the end.
SELECT pg_catalog.current_setting('search_path') AS sample_saved_search_path \gset
SELECT n.nspname AS gis
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
 WHERE e.extname OPERATOR(pg_catalog.=) 'postgis' \gset
SET search_path = pg_catalog, pg_temp;

DROP SCHEMA IF EXISTS sample CASCADE;
CREATE SCHEMA sample;
COMMENT ON SCHEMA sample IS
  'generated sample e-commerce company (scripts/data/10-sample.sql); not part of the extension';

------------------------------------------------------------------------------
-- Tables.  Column names and meanings follow SAMPLE_SCHEMA.md; columns marked
-- "extra" are additions of the generator.  No foreign keys (they would slow
-- the 10-million-row loads); the regression test checks referential
-- integrity instead.
------------------------------------------------------------------------------

CREATE TABLE sample.warehouse (
    warehouse_id int PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    city         text NOT NULL,
    state        text NOT NULL,                          -- extra
    country      text NOT NULL,
    time_zone    text NOT NULL,                          -- extra: IANA zone
    lat          float8 NOT NULL,
    lon          float8 NOT NULL,
    geom         :"gis".geometry(Point, 4326)
                 GENERATED ALWAYS AS (:"gis".ST_SetSRID(:"gis".ST_MakePoint(lon, lat), 4326)) STORED
);

CREATE TABLE sample.sku (
    sku_id           int PRIMARY KEY,
    sku              text NOT NULL UNIQUE,
    category         text NOT NULL,
    pattern          text NOT NULL
                     CHECK (pattern IN ('smooth', 'seasonal', 'trending', 'intermittent')),
    unit_cost        float8 NOT NULL,     -- per unit
    unit_price       float8 NOT NULL,     -- per unit
    order_cost       float8 NOT NULL,     -- fixed cost per replenishment order
    holding_rate     float8 NOT NULL,     -- annual holding cost / unit_cost
    -- extra: the demand model's true parameters (for checking forecasts);
    -- mean units/day = base_demand * (1 + weekly) * (1 + yearly) * trend
    demand_cv        float8,              -- day-to-day coefficient of variation (NULL if intermittent)
    weekly_amplitude float8 NOT NULL,     -- weekly = a * cos(2 pi (isodow - weekly_peak_dow) / 7); 0 unless seasonal
    weekly_peak_dow  int,                 -- ISO day of week of the weekly peak (NULL unless seasonal)
    yearly_amplitude float8 NOT NULL,     -- yearly = a * cos(2 pi (days since 2024-01-01 + 1 - yearly_peak_day) / 365.25)
    yearly_peak_day  int,                 -- day of the year of the yearly peak (NULL unless seasonal)
    trend_per_year   float8 NOT NULL,     -- trend = max(0.05, 1 + trend_per_year * years since 2024-01-01); 0 unless trending
    demand_size      float8,              -- intermittent: mean units on a day with demand (geometric); else NULL
    return_rate      float8 NOT NULL      -- share of sold units returned
);

CREATE TABLE sample.sku_location (
    warehouse_id      int NOT NULL,
    sku_id            int NOT NULL,
    base_demand       float8 NOT NULL,    -- mean units/day at the start (deseasonalised)
    lead_time_days    float8 NOT NULL,
    lead_time_sd_days float8 NOT NULL,
    review_days       int NOT NULL,
    safety_z          float8 NOT NULL,    -- extra: safety factor of the reorder policy
    PRIMARY KEY (warehouse_id, sku_id)
);

CREATE TABLE sample.daily_sales (
    day          date NOT NULL,
    warehouse_id int NOT NULL,
    sku_id       int NOT NULL,
    qty          float8 NOT NULL CHECK (qty > 0),   -- units sold
    PRIMARY KEY (warehouse_id, sku_id, day)
);

CREATE TABLE sample.stock_snapshot (
    snapshot_at  timestamptz NOT NULL,  -- daily, 00:00 UTC, start-of-day level
    warehouse_id int NOT NULL,
    sku_id       int NOT NULL,
    on_hand      float8 NOT NULL,       -- units; <= 0 means stocked out
    unit_cost    float8 NOT NULL,
    PRIMARY KEY (warehouse_id, sku_id, snapshot_at)
);

CREATE TABLE sample.stock_movement (
    movement_id  bigint PRIMARY KEY,
    moved_at     timestamptz NOT NULL,
    warehouse_id int NOT NULL,
    sku_id       int NOT NULL,
    kind         text NOT NULL
                 CHECK (kind IN ('opening', 'receipt', 'pick', 'return', 'adjustment')),
    qty          float8 NOT NULL,       -- signed change of on-hand units (picks < 0)
    unit_cost    float8 NOT NULL
);
CREATE INDEX stock_movement_location_time
    ON sample.stock_movement (warehouse_id, sku_id, moved_at);

CREATE TABLE sample.customer (
    customer_id  int PRIMARY KEY,
    warehouse_id int NOT NULL,
    city         text NOT NULL,
    lat          float8 NOT NULL,
    lon          float8 NOT NULL,
    geom         :"gis".geometry(Point, 4326)
                 GENERATED ALWAYS AS (:"gis".ST_SetSRID(:"gis".ST_MakePoint(lon, lat), 4326)) STORED
);

CREATE TABLE sample.orders (
    order_id     bigint PRIMARY KEY,
    customer_id  int NOT NULL,
    warehouse_id int NOT NULL,
    carrier      text NOT NULL,
    ordered_at   timestamptz NOT NULL,
    promised_at  timestamptz NOT NULL,
    shipped_at   timestamptz,           -- NULL = not (yet) shipped
    delivered_at timestamptz,           -- NULL = not (yet) delivered
    damage_free  boolean,               -- NULL until delivered
    documents_ok boolean,               -- NULL until shipped
    route_id     bigint,                -- delivery route, NULL if none
    line_count   int NOT NULL           -- extra
);
CREATE INDEX orders_ordered_at ON sample.orders USING brin (ordered_at);

CREATE TABLE sample.order_line (
    order_id     bigint NOT NULL,
    line_no      int NOT NULL,
    warehouse_id int NOT NULL,
    customer_id  int NOT NULL,
    carrier      text NOT NULL,
    sku_id       int NOT NULL,
    ordered_at   timestamptz NOT NULL,
    promised_at  timestamptz NOT NULL,
    delivered_at timestamptz,           -- NULL = not delivered
    qty_ordered  float8 NOT NULL,
    qty_shipped  float8 NOT NULL,       -- may be short, rarely over
    qty_returned float8 NOT NULL,
    unit_price   float8 NOT NULL,
    damaged      boolean,               -- NULL unless delivered
    documents_ok boolean,               -- NULL until shipped
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_line_ordered_at ON sample.order_line USING brin (ordered_at);

CREATE TABLE sample.delivery_route (
    route_id     bigint PRIMARY KEY,
    warehouse_id int NOT NULL,
    route_date   date NOT NULL,
    vehicle      text NOT NULL,
    departed_at  timestamptz NOT NULL   -- extra: leaves the warehouse
);
CREATE INDEX delivery_route_warehouse_date ON sample.delivery_route (warehouse_id, route_date);

CREATE TABLE sample.delivery_stop (
    route_id     bigint NOT NULL,
    seq          int NOT NULL,          -- stored dispatch order (by order id, not optimised)
    order_id     bigint NOT NULL,
    customer_id  int NOT NULL,
    lat          float8 NOT NULL,
    lon          float8 NOT NULL,
    geom         :"gis".geometry(Point, 4326)
                 GENERATED ALWAYS AS (:"gis".ST_SetSRID(:"gis".ST_MakePoint(lon, lat), 4326)) STORED,
    PRIMARY KEY (route_id, seq)
);

-- Fleet data (what a dispatcher has; filled by sample.generate_fleet at the
-- end of sample.generate): each SKU's unit weight and volume, the van fleet
-- of each warehouse, delivery windows on own-fleet orders, and the pickups
-- of returned goods that the vans collect from customers.
CREATE TABLE sample.sku_size (
    sku_id         int PRIMARY KEY,
    unit_weight_kg float8 NOT NULL CHECK (unit_weight_kg > 0),
    unit_volume_m3 float8 NOT NULL CHECK (unit_volume_m3 > 0)
);

CREATE TABLE sample.van (
    van_id        int PRIMARY KEY,
    warehouse_id  int NOT NULL,
    vehicle       text NOT NULL UNIQUE,  -- as delivery_route.vehicle: 'VAN-ATL-01'
    size          text NOT NULL CHECK (size IN ('large', 'small')),
    capacity_kg   float8 NOT NULL,
    capacity_m3   float8 NOT NULL,
    shift_start   time NOT NULL,         -- local time of the warehouse
    shift_end     time NOT NULL,
    fixed_cost    float8 NOT NULL,       -- per day the van is used
    cost_per_km   float8 NOT NULL,
    cost_per_hour float8 NOT NULL,
    co2_g_per_km  float8 NOT NULL
);

CREATE TABLE sample.delivery_window (
    order_id     bigint PRIMARY KEY,     -- own-fleet orders whose customer chose a slot
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL CHECK (window_end > window_start)
);

CREATE TABLE sample.return_pickup (
    pickup_id    bigint PRIMARY KEY,
    order_id     bigint NOT NULL UNIQUE,  -- the delivered own-fleet order with returned units
    warehouse_id int NOT NULL,
    customer_id  int NOT NULL,
    pickup_date  date NOT NULL,           -- local date of the warehouse
    weight_kg    float8 NOT NULL CHECK (weight_kg > 0),
    volume_m3    float8 NOT NULL CHECK (volume_m3 > 0),
    lat          float8 NOT NULL,
    lon          float8 NOT NULL
);

------------------------------------------------------------------------------
-- Pseudo-random numbers.  hashint8extended(key, seed) mixes a 32-bit fold of
-- its key with a 64-bit seed, so keys are chained: hash(b, hash(a, seed)).
-- Callers keep each key below 2^31.
------------------------------------------------------------------------------

CREATE FUNCTION sample.rand_hash(seed bigint, a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.hashint8extended(b, pg_catalog.hashint8extended(a, seed));
COMMENT ON FUNCTION sample.rand_hash(bigint, bigint, bigint) IS
  'deterministic 64-bit hash of the keys a, b under seed';

-- uniform in (0, 1): 53 random bits, never exactly 0 or 1
CREATE FUNCTION sample.rand_u(seed bigint, a bigint, b bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (((sample.rand_hash(seed, a, b) >> 11) & 9007199254740991)::float8 + 0.5)
           / 9007199254740992.0;
COMMENT ON FUNCTION sample.rand_u(bigint, bigint, bigint) IS
  'deterministic uniform pseudo-random number in (0, 1) keyed on (seed, a, b)';

-- standard normal by Box-Muller from the two 32-bit halves of one hash
CREATE FUNCTION sample.normal_of_hash(h bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.sqrt(-2.0 * pg_catalog.ln(((h & 4294967295)::float8 + 0.5) / 4294967296.0))
           * pg_catalog.cos(2.0 * pg_catalog.pi()
                            * (((h >> 32) & 4294967295)::float8 + 0.5) / 4294967296.0);
COMMENT ON FUNCTION sample.normal_of_hash(bigint) IS
  'standard normal deviate from a 64-bit hash (Box-Muller on its two 32-bit halves)';

-- uniform in (0, 1) from the k-th 16-bit slice (k = 0..3) of a hash
CREATE FUNCTION sample.u16_of_hash(h bigint, k int) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (((h >> (16 * k)) & 65535)::float8 + 0.5) / 65536.0;
COMMENT ON FUNCTION sample.u16_of_hash(bigint, int) IS
  'uniform number in (0, 1) from the k-th 16-bit slice (k = 0..3) of a 64-bit hash';

CREATE FUNCTION sample.rand_z(seed bigint, a bigint, b bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN sample.normal_of_hash(sample.rand_hash(seed, a, b));
COMMENT ON FUNCTION sample.rand_z(bigint, bigint, bigint) IS
  'deterministic standard normal pseudo-random number keyed on (seed, a, b)';

------------------------------------------------------------------------------
-- Stock simulation of one SKU-location over the history (path-dependent, so
-- a loop over arrays).  Day d (1-based) runs: start-of-day snapshot, receipt
-- of the replenishment orders due, customer returns (return_rate of the
-- units sold return_lag days before), sales (lost when stock is short),
-- inventory adjustment (never below zero), then on review days a periodic
-- (s, S) review: forecast mu = exponentially smoothed uncensored sales
-- (weight 0.05), reorder point
--     s = mu (L + R) + z sqrt((L + R) (cv mu)^2 + (mu sd_L)^2),
-- and when on hand + on order <= s an order up to s + Q, where
-- Q = max(EOQ = sqrt(2 * 365 mu K / (h c)), mu R, 1); it arrives after
-- lead_days[d] days.  The opening stock is ceil(s + Q / 2) at mu = base.
-- Output: start-of-day on hand and sales per day, and the movements in time
-- order as parallel arrays: code = 8 * day + kind (0 opening, 1 receipt,
-- 2 return, 3 pick, 4 adjustment) and the signed quantity.
------------------------------------------------------------------------------

CREATE FUNCTION sample.simulate_stock(
        demand float8[], lead_days int[], return_u float8[], adjust float8[],
        base_demand float8, demand_cv float8,
        lead_time_days float8, lead_time_sd_days float8,
        review_days int, review_offset int, safety_z float8,
        order_cost float8, holding_rate float8, unit_cost float8,
        return_rate float8, return_lag int,
        OUT on_hand float8[], OUT sold float8[],
        OUT mv_code int[], OUT mv_qty float8[])
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n     int := pg_catalog.array_length(demand, 1);
    pipe  float8[] := pg_catalog.array_fill(0::float8, ARRAY[n]);
    nm    int := 1;          -- movements so far
    oh    float8;            -- on hand now
    onord float8 := 0;       -- on order (due within the history)
    mu    float8 := base_demand;
    lr    float8 := lead_time_days + review_days;
    rp    float8;            -- reorder point
    q     float8;            -- order quantity
    s     float8;
    a     float8;
    r     float8;
    due   int;
BEGIN
    on_hand := pipe;
    sold := pipe;
    rp := mu * lr + safety_z * pg_catalog.sqrt(lr * (demand_cv * mu) ^ 2
                                                + (mu * lead_time_sd_days) ^ 2);
    q := GREATEST(pg_catalog.sqrt(730.0 * mu * order_cost / (holding_rate * unit_cost)),
                  mu * review_days, 1.0);
    oh := pg_catalog.ceil(rp + q / 2);
    mv_code := ARRAY[8];
    mv_qty := ARRAY[oh];

    FOR d IN 1 .. n LOOP
        on_hand[d] := oh;
        r := pipe[d];
        IF r > 0 THEN
            oh := oh + r;
            onord := onord - r;
            nm := nm + 1;
            mv_code[nm] := 8 * d + 1;
            mv_qty[nm] := r;
        END IF;
        IF d > return_lag THEN
            r := pg_catalog.floor(sold[d - return_lag] * return_rate + return_u[d]);
            IF r > 0 THEN
                oh := oh + r;
                nm := nm + 1;
                mv_code[nm] := 8 * d + 2;
                mv_qty[nm] := r;
            END IF;
        END IF;
        s := LEAST(demand[d], oh);
        IF s > 0 THEN
            oh := oh - s;
            sold[d] := s;
            nm := nm + 1;
            mv_code[nm] := 8 * d + 3;
            mv_qty[nm] := -s;
        END IF;
        a := GREATEST(adjust[d], -oh);
        IF a <> 0 THEN
            oh := oh + a;
            nm := nm + 1;
            mv_code[nm] := 8 * d + 4;
            mv_qty[nm] := a;
        END IF;
        -- the forecast learns from days without a stockout only
        IF s >= demand[d] THEN
            mu := mu + 0.05 * (s - mu);
        END IF;
        IF (d + review_offset) % review_days = 0 THEN
            rp := mu * lr + safety_z * pg_catalog.sqrt(lr * (demand_cv * mu) ^ 2
                                                        + (mu * lead_time_sd_days) ^ 2);
            IF oh + onord <= rp THEN
                q := GREATEST(pg_catalog.sqrt(730.0 * mu * order_cost
                                              / (holding_rate * unit_cost)),
                              mu * review_days, 1.0);
                q := pg_catalog.ceil(rp + q - oh - onord);
                due := d + lead_days[d];
                IF due <= n THEN
                    pipe[due] := pipe[due] + q;
                    onord := onord + q;
                END IF;
            END IF;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION sample.simulate_stock(float8[], int[], float8[], float8[], float8, float8,
    float8, float8, int, int, float8, float8, float8, float8, float8, int) IS
  'stock simulation of one SKU-location of the sample company: daily start-of-day on hand and sales, and the movements';

------------------------------------------------------------------------------
-- Order-line quantities, shared by the orders and order_line inserts so that
-- an order's damage flag agrees with its lines.  Not STRICT: a STRICT SQL
-- function whose body has a CASE is not inlined, and these run per row.
-- Callers pass plain columns (not expressions) where a parameter is used
-- more than once, or the planner would repeat the expression.
------------------------------------------------------------------------------

CREATE FUNCTION sample.qty_of_u(u float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN u < 0.62 THEN 1
                WHEN u < 0.82 THEN 2
                WHEN u < 0.90 THEN 3
                WHEN u < 0.97 THEN 4 + pg_catalog.floor((u - 0.90) / 0.07 * 5)
                ELSE 10 + pg_catalog.floor((u - 0.97) / 0.03 * 41) END;
COMMENT ON FUNCTION sample.qty_of_u(float8) IS
  'units ordered on an order line of the sample company, from a uniform number: 1 (62%), 2 (20%), 3 (8%), 4-8 (7%), 10-50 (3%)';

-- 3% of shipped lines are short (possibly zero), 0.3% over by one unit
CREATE FUNCTION sample.shipped_of(ordered float8, u_kind float8, u_short float8,
                                  shipped boolean)
    RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN NOT shipped THEN 0
                WHEN u_kind < 0.03 THEN pg_catalog.floor(ordered * u_short)
                WHEN u_kind >= 0.997 THEN ordered + 1
                ELSE ordered END;
COMMENT ON FUNCTION sample.shipped_of(float8, float8, float8, boolean) IS
  'units shipped on an order line of the sample company: 3% short (possibly none), 0.3% one over';

-- the same for line line_no of a shipped order, from the line stream's
-- seed (not inlined: for the few rows that need it)
CREATE FUNCTION sample.line_qty_shipped(seed bigint, order_id bigint, line_no int)
    RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sample.shipped_of(sample.qty_of_u(sample.rand_u(seed, order_id, 8 * line_no + 1)),
                             sample.rand_u(seed, order_id, 8 * line_no + 2),
                             sample.rand_u(seed, order_id, 8 * line_no + 3), true);
COMMENT ON FUNCTION sample.line_qty_shipped(bigint, bigint, int) IS
  'units shipped on line line_no of a shipped order of the sample company';

-- the line number of an order's damaged line, 0 if none (1.2% per line)
CREATE FUNCTION sample.order_damaged_line(seed bigint, order_id bigint, line_count int)
    RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN sample.rand_u(seed, order_id, 5) < 0.012 * line_count
                THEN 1 + pg_catalog.floor(line_count * sample.rand_u(seed, order_id, 6))::int
                ELSE 0 END;
COMMENT ON FUNCTION sample.order_damaged_line(bigint, bigint, int) IS
  'the damaged line of a delivered order of the sample company, 0 if none';

------------------------------------------------------------------------------
-- The generator.
------------------------------------------------------------------------------

------------------------------------------------------------------------------
-- Fleet data, derived from the generated orders (called at the end of
-- sample.generate; deterministic in seed).
--   sku_size: unit weight log-normal around 1.2 kg (factor e^0.8 either
--     way, 0.05-20 kg), density 120-400 kg/m3.
--   van: per warehouse as many vans as its busiest day had stored routes,
--     plus one spare, at least 2; odd numbers large (1,000 kg, 10 m3,
--     fixed 60, 0.40/km, 32/h, 250 g CO2/km), even numbers small (600 kg,
--     6 m3, fixed 45, 0.30/km, 30/h, 190 g/km); shifts 08:00-20:00 local.
--   delivery_window: by customer, 40% any time, 25% 08-12, 20% 12-16 and
--     15% 16-20 local on the route's day (the stored routes ignore them).
--   return_pickup: each delivered own-fleet order with returned units, 2-7
--     days after delivery (inside the history), weight and volume of the
--     returned units.
------------------------------------------------------------------------------
CREATE FUNCTION sample.generate_fleet(seed int DEFAULT 1)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
AS $$
DECLARE
    s_fleet bigint := hashint8extended(10, seed);
    horizon constant timestamptz := timestamptz '2026-01-01 00:00:00+00';
BEGIN
    IF seed IS NULL THEN
        RAISE EXCEPTION 'sample.generate_fleet: seed must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    TRUNCATE sample.sku_size, sample.van, sample.delivery_window, sample.return_pickup;

    INSERT INTO sample.sku_size (sku_id, unit_weight_kg, unit_volume_m3)
    SELECT k.sku_id, w.kg,
           w.kg / (120 + 280 * sample.rand_u(s_fleet, k.sku_id, 2))
      FROM sample.sku AS k
     CROSS JOIN LATERAL
           (SELECT round(least(20, greatest(0.05,
                       1.2 * exp(0.8 * sample.rand_z(s_fleet, k.sku_id, 1))))::numeric, 2)::float8
                   AS kg) AS w;

    INSERT INTO sample.van (van_id, warehouse_id, vehicle, size, capacity_kg, capacity_m3,
                            shift_start, shift_end, fixed_cost, cost_per_km, cost_per_hour,
                            co2_g_per_km)
    SELECT row_number() OVER (ORDER BY w.warehouse_id, v.n)::int, w.warehouse_id,
           'VAN-' || w.code || '-' || lpad(v.n::text, 2, '0'),
           CASE WHEN v.n % 2 = 1 THEN 'large' ELSE 'small' END,
           CASE WHEN v.n % 2 = 1 THEN 1000 ELSE 600 END,
           CASE WHEN v.n % 2 = 1 THEN 10 ELSE 6 END,
           time '08:00', time '20:00',
           CASE WHEN v.n % 2 = 1 THEN 60 ELSE 45 END,
           CASE WHEN v.n % 2 = 1 THEN 0.40 ELSE 0.30 END,
           CASE WHEN v.n % 2 = 1 THEN 32 ELSE 30 END,
           CASE WHEN v.n % 2 = 1 THEN 250 ELSE 190 END
      FROM sample.warehouse AS w
     CROSS JOIN LATERAL
           generate_series(1, greatest(2, 1 + coalesce(
               (SELECT max(n) FROM (SELECT count(*) AS n FROM sample.delivery_route AS r
                                     WHERE r.warehouse_id = w.warehouse_id
                                     GROUP BY r.route_date) AS d), 0))) AS v(n);

    INSERT INTO sample.delivery_window (order_id, window_start, window_end)
    SELECT o.order_id,
           (r.route_date + make_time(sl.h, 0, 0)) AT TIME ZONE w.time_zone,
           (r.route_date + make_time(sl.h + 4, 0, 0)) AT TIME ZONE w.time_zone
      FROM sample.orders AS o
      JOIN sample.delivery_route AS r ON r.route_id = o.route_id
      JOIN sample.warehouse AS w ON w.warehouse_id = r.warehouse_id
     CROSS JOIN LATERAL (SELECT sample.rand_u(s_fleet, o.customer_id, 3) AS u) AS c
     CROSS JOIN LATERAL
           (SELECT CASE WHEN c.u < 0.40 THEN NULL WHEN c.u < 0.65 THEN 8
                        WHEN c.u < 0.85 THEN 12 ELSE 16 END AS h) AS sl
     WHERE sl.h IS NOT NULL
     ORDER BY o.order_id;

    INSERT INTO sample.return_pickup (pickup_id, order_id, warehouse_id, customer_id,
                                      pickup_date, weight_kg, volume_m3, lat, lon)
    SELECT row_number() OVER (ORDER BY x.order_id), x.order_id, x.warehouse_id, x.customer_id,
           x.pickup_date, x.kg, x.m3, c.lat, c.lon
      FROM (SELECT o.order_id, o.warehouse_id, o.customer_id,
                   (o.delivered_at AT TIME ZONE w.time_zone)::date
                   + 2 + floor(6 * sample.rand_u(s_fleet, o.order_id, 4))::int AS pickup_date,
                   w.time_zone,
                   sum(l.qty_returned * z.unit_weight_kg) AS kg,
                   sum(l.qty_returned * z.unit_volume_m3) AS m3
              FROM sample.orders AS o
              JOIN sample.warehouse AS w ON w.warehouse_id = o.warehouse_id
              JOIN sample.order_line AS l ON l.order_id = o.order_id
              JOIN sample.sku_size AS z ON z.sku_id = l.sku_id
             WHERE o.route_id IS NOT NULL AND o.delivered_at IS NOT NULL
               AND l.qty_returned > 0
             GROUP BY o.order_id, o.warehouse_id, o.customer_id, o.delivered_at, w.time_zone
           ) AS x
      JOIN sample.customer AS c ON c.customer_id = x.customer_id
     WHERE (x.pickup_date + time '20:00') AT TIME ZONE x.time_zone < horizon;

    ANALYZE sample.sku_size, sample.van, sample.delivery_window, sample.return_pickup;
END
$$;
COMMENT ON FUNCTION sample.generate_fleet(int) IS
  'refill the sample company''s fleet data (sku_size, van, delivery_window, return_pickup) from its orders and routes, deterministically in seed; sample.generate calls it';

CREATE FUNCTION sample.generate(skus int DEFAULT 500, order_lines bigint DEFAULT 100000,
                                seed int DEFAULT 1)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET work_mem = '128MB'
    SET maintenance_work_mem = '512MB'
AS $$
DECLARE
    ndays     constant int := 731;                    -- 2024-01-01 .. 2025-12-31
    first_day constant date := date '2024-01-01';
    first_epoch constant float8 := 1704067200;        -- 2024-01-01 00:00:00 UTC
    horizon   constant timestamptz := timestamptz '2026-01-01 00:00:00+00';
    fleet     constant text := 'Own fleet';
    -- one seed per stream of pseudo-random numbers
    s_sku   bigint := hashint8extended(1, seed);
    s_loc   bigint := hashint8extended(2, seed);
    s_dem   bigint := hashint8extended(3, seed);
    s_sim   bigint := hashint8extended(4, seed);
    s_mov   bigint := hashint8extended(5, seed);
    s_cust  bigint := hashint8extended(6, seed);
    s_ord   bigint := hashint8extended(7, seed);
    s_line  bigint := hashint8extended(8, seed);
    s_route bigint := hashint8extended(9, seed);
    ncust   int;
    norders bigint;
    nlines  bigint;
    day_lows float8[];
    t0       timestamptz := clock_timestamp();
BEGIN
    IF skus IS NULL OR order_lines IS NULL OR seed IS NULL THEN
        RAISE EXCEPTION 'sample.generate arguments must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF skus < 6 THEN
        RAISE EXCEPTION 'number of SKUs must be at least 6, got %', skus
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Every one of the 6 warehouses stocks at least one SKU.';
    END IF;
    IF skus > 100000 THEN
        RAISE EXCEPTION 'number of SKUs must be at most 100000, got %', skus
            USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    IF order_lines < 0 THEN
        RAISE EXCEPTION 'number of order lines must not be negative, got %', order_lines
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF order_lines > 100000000 THEN
        RAISE EXCEPTION 'number of order lines must be at most 100000000, got %', order_lines
            USING ERRCODE = 'numeric_value_out_of_range';
    END IF;

    TRUNCATE sample.warehouse, sample.sku, sample.sku_location, sample.daily_sales,
             sample.stock_snapshot, sample.stock_movement, sample.customer,
             sample.orders, sample.order_line, sample.delivery_route,
             sample.delivery_stop;

    -- Bulk loads run about twice as fast when the big tables' indexes are
    -- built afterwards (re-created at the end, under the same names).
    ALTER TABLE sample.daily_sales DROP CONSTRAINT daily_sales_pkey;
    ALTER TABLE sample.stock_snapshot DROP CONSTRAINT stock_snapshot_pkey;
    ALTER TABLE sample.stock_movement DROP CONSTRAINT stock_movement_pkey;
    DROP INDEX sample.stock_movement_location_time;
    ALTER TABLE sample.orders DROP CONSTRAINT orders_pkey;
    DROP INDEX sample.orders_ordered_at;
    ALTER TABLE sample.order_line DROP CONSTRAINT order_line_pkey;
    DROP INDEX sample.order_line_ordered_at;
    ALTER TABLE sample.delivery_stop DROP CONSTRAINT delivery_stop_pkey;

    -- Warehouses at city-centre coordinates.
    INSERT INTO sample.warehouse (warehouse_id, code, city, state, country, time_zone, lat, lon)
    VALUES (1, 'EWR', 'Newark',      'NJ', 'US', 'America/New_York',    40.7357,  -74.1724),
           (2, 'ATL', 'Atlanta',     'GA', 'US', 'America/New_York',    33.7490,  -84.3880),
           (3, 'CHI', 'Chicago',     'IL', 'US', 'America/Chicago',     41.8781,  -87.6298),
           (4, 'DFW', 'Dallas',      'TX', 'US', 'America/Chicago',     32.7767,  -96.7970),
           (5, 'LAX', 'Los Angeles', 'CA', 'US', 'America/Los_Angeles', 34.0522, -118.2437),
           (6, 'SEA', 'Seattle',     'WA', 'US', 'America/Los_Angeles', 47.6062, -122.3321);

    -- SKUs.  The demand pattern goes by the rank of a hash, so the mix is
    -- exact: 35% smooth, 30% seasonal, 15% trending, 20% intermittent.
    -- Categories: median unit cost, yearly peak (day of year), return rate.
    INSERT INTO sample.sku (sku_id, sku, category, pattern, unit_cost, unit_price, order_cost,
                            holding_rate, demand_cv, weekly_amplitude, weekly_peak_dow,
                            yearly_amplitude, yearly_peak_day, trend_per_year, demand_size,
                            return_rate)
    SELECT x.i, 'SKU-' || lpad(x.i::text, 5, '0'), c.name, p.pattern,
           k.cost,
           round(ceil(k.cost * (1.35 + 0.9 * sample.rand_u(s_sku, x.i, 3)))::numeric - 0.01, 2),
           25 + 5 * floor(26 * sample.rand_u(s_sku, x.i, 4)),
           round((0.15 + 0.20 * sample.rand_u(s_sku, x.i, 5))::numeric, 2),
           CASE WHEN p.pattern <> 'intermittent'
                THEN round((0.15 + 0.25 * sample.rand_u(s_sku, x.i, 6))::numeric, 3) END,
           CASE WHEN p.pattern = 'seasonal'
                THEN round((0.15 + 0.25 * sample.rand_u(s_sku, x.i, 7))::numeric, 3)
                ELSE 0 END,
           CASE WHEN p.pattern = 'seasonal'
                THEN 1 + floor(7 * sample.rand_u(s_sku, x.i, 8)) END,
           CASE WHEN p.pattern = 'seasonal'
                THEN round((0.25 + 0.35 * sample.rand_u(s_sku, x.i, 9))::numeric, 3)
                ELSE 0 END,
           CASE WHEN p.pattern = 'seasonal'
                THEN (c.peak_day + 344 + floor(41 * sample.rand_u(s_sku, x.i, 10))::int) % 365 + 1
           END,
           CASE WHEN p.pattern <> 'trending' THEN 0
                WHEN sample.rand_u(s_sku, x.i, 11) < 0.75
                THEN round((0.15 + 0.85 * sample.rand_u(s_sku, x.i, 12))::numeric, 3)
                ELSE round((-0.10 - 0.30 * sample.rand_u(s_sku, x.i, 12))::numeric, 3) END,
           CASE WHEN p.pattern = 'intermittent'
                THEN round((1.5 + 4.5 * sample.rand_u(s_sku, x.i, 13))::numeric, 2) END,
           c.return_rate
      FROM (SELECT g.i,
                   row_number() OVER (ORDER BY sample.rand_hash(s_sku, g.i, 1), g.i) AS r,
                   1 + floor(8 * sample.rand_u(s_sku, g.i, 2))::int AS cat
              FROM generate_series(1, skus) AS g(i)) AS x
      JOIN (VALUES (1, 'Electronics',       60.0, 340, 0.06),
                   (2, 'Home & Kitchen',    25.0, 330, 0.04),
                   (3, 'Apparel',           20.0, 120, 0.15),
                   (4, 'Toys & Games',      15.0, 345, 0.03),
                   (5, 'Sports & Outdoors', 30.0, 170, 0.04),
                   (6, 'Beauty & Health',   12.0,  40, 0.03),
                   (7, 'Garden',            22.0, 135, 0.03),
                   (8, 'Office',            10.0, 230, 0.02))
           AS c(id, name, median_cost, peak_day, return_rate) ON c.id = x.cat
     CROSS JOIN LATERAL
           (SELECT CASE WHEN x.r <= floor(0.35 * skus + 0.5) THEN 'smooth'
                        WHEN x.r <= floor(0.65 * skus + 0.5) THEN 'seasonal'
                        WHEN x.r <= floor(0.80 * skus + 0.5) THEN 'trending'
                        ELSE 'intermittent' END AS pattern) AS p
     CROSS JOIN LATERAL
           (SELECT greatest(0.5, round((c.median_cost
                                        * exp(0.6 * sample.rand_z(s_sku, x.i, 14)))::numeric,
                                       2))::float8 AS cost) AS k
     ORDER BY x.i;
    RAISE DEBUG 'sample.generate: % done after %', 'sku', clock_timestamp() - t0;

    -- Each SKU at 2 warehouses: the first round-robin (so every warehouse
    -- stocks some), the second at random.  SKU-location key: 8 * sku + wh.
    INSERT INTO sample.sku_location (warehouse_id, sku_id, base_demand, lead_time_days,
                                     lead_time_sd_days, review_days, safety_z)
    SELECT l.warehouse_id, s.sku_id,
           round(CASE WHEN s.pattern = 'intermittent'
                      THEN s.demand_size
                           * least(0.5, (0.04 + 0.26 * sample.rand_u(s_sku, s.sku_id, 15))
                                        * exp(0.3 * sample.rand_z(s_loc, l.key, 1)))
                      ELSE least(400, greatest(0.3,
                               8 * exp(0.9 * sample.rand_z(s_sku, s.sku_id, 16)
                                       + 0.35 * sample.rand_z(s_loc, l.key, 1))))
                 END::numeric, 3),
           t.lead, round((t.lead * (0.1 + 0.25 * sample.rand_u(s_loc, l.key, 3)))::numeric, 1),
           CASE WHEN sample.rand_u(s_loc, l.key, 4) < 0.3 THEN 1
                WHEN sample.rand_u(s_loc, l.key, 4) < 0.9 THEN 7
                ELSE 14 END,
           round((1.5 * sample.rand_u(s_loc, l.key, 5))::numeric, 2)
      FROM sample.sku AS s
     CROSS JOIN LATERAL
           (SELECT 1 + (s.sku_id - 1) % 6 AS a,
                   floor(5 * sample.rand_u(s_loc, s.sku_id, 1))::int AS b) AS w
     CROSS JOIN LATERAL
           (VALUES (w.a, 8 * s.sku_id + w.a),
                   (1 + (w.a + w.b) % 6, 8 * s.sku_id + 1 + (w.a + w.b) % 6))
           AS l(warehouse_id, key)
     CROSS JOIN LATERAL
           (SELECT 3 + floor(16 * sample.rand_u(s_loc, l.key, 2)) AS lead) AS t
     ORDER BY l.warehouse_id, s.sku_id;
    RAISE DEBUG 'sample.generate: % done after %', 'sku_location', clock_timestamp() - t0;

    -- Daily demand of each SKU-location, then the stock simulation.
    IF to_regclass('pg_temp.sample_sim') IS NOT NULL THEN
        DROP TABLE pg_temp.sample_sim;
    END IF;
    CREATE TEMP TABLE sample_sim (
        sl_no        int,
        warehouse_id int,
        sku_id       int,
        unit_cost    float8,
        on_hand      float8[],
        sold         float8[],
        mv_code      int[],
        mv_qty       float8[]
    );
    -- the arrays are written once and read once: do not compress them
    ALTER TABLE pg_temp.sample_sim
        ALTER on_hand SET STORAGE EXTERNAL, ALTER sold SET STORAGE EXTERNAL,
        ALTER mv_code SET STORAGE EXTERNAL, ALTER mv_qty SET STORAGE EXTERNAL;

    INSERT INTO pg_temp.sample_sim
    SELECT l.sl_no, l.warehouse_id, l.sku_id, s.unit_cost,
           r.on_hand, r.sold, r.mv_code, r.mv_qty
      FROM (SELECT row_number() OVER (ORDER BY warehouse_id, sku_id) AS sl_no, *,
                   8 * sku_id + warehouse_id AS key
              FROM sample.sku_location
             ORDER BY warehouse_id, sku_id) AS l
      JOIN sample.sku AS s ON s.sku_id = l.sku_id
     CROSS JOIN LATERAL
           -- intermittent: Bernoulli(p) days times a geometric size with mean S
           (SELECT CASE WHEN s.pattern = 'intermittent'
                        THEN sqrt(p * (2 * s.demand_size ^ 2 - s.demand_size)
                                  - (p * s.demand_size) ^ 2) / (p * s.demand_size)
                        ELSE s.demand_cv END AS cv,
                   p
              FROM (SELECT l.base_demand / s.demand_size AS p) AS pp) AS k
     CROSS JOIN LATERAL
           -- (a function scan of generate_series feeds the aggregates in day order)
           (SELECT array_agg(d.demand) AS demand, array_agg(d.lead_days) AS lead_days,
                   array_agg(d.return_u) AS return_u, array_agg(d.adjust) AS adjust
              FROM (SELECT g.t,
                           -- h1: demand noise (normal from both halves; intermittent:
                           -- occurrence from the low half, size from the high half);
                           -- h2: 16-bit uniforms for rounding, returns, adjustments
                           -- and the lead time (logistic with unit variance)
                           CASE WHEN s.pattern = 'intermittent'
                                THEN CASE WHEN ((h.h1 & 4294967295)::float8 + 0.5) / 4294967296.0
                                               < k.p
                                          THEN 1 + floor(ln((((h.h1 >> 32) & 4294967295)::float8 + 0.5)
                                                            / 4294967296.0)
                                                         / ln(1 - 1 / s.demand_size))
                                          ELSE 0 END
                                ELSE floor(greatest(0, l.base_demand
                                        -- ISO day of week: g.t % 7 + 1 (2024-01-01 is a Monday)
                                        * (1 + s.weekly_amplitude
                                               * cos(2 * pi() * (g.t % 7 + 1 - coalesce(s.weekly_peak_dow, 1))
                                                     / 7))
                                        * (1 + s.yearly_amplitude
                                               * cos(2 * pi() * (g.t + 1 - coalesce(s.yearly_peak_day, 1))
                                                     / 365.25))
                                        * greatest(0.05, 1 + s.trend_per_year * g.t / 365.25)
                                        * (1 + s.demand_cv * sample.normal_of_hash(h.h1)))
                                           + sample.u16_of_hash(h.h2, 0))
                           END AS demand,
                           -- (8% of orders: supplier delay of another 0.5 to 1.5 lead times)
                           greatest(1, round(l.lead_time_days + l.lead_time_sd_days * 0.5513
                                             * ln(sample.u16_of_hash(h.h2, 3)
                                                  / (1 - sample.u16_of_hash(h.h2, 3)))
                                             + CASE WHEN sample.u16_of_hash(h.h2, 3) > 0.92
                                                    THEN (sample.u16_of_hash(h.h2, 3) - 0.92)
                                                         / 0.08 * l.lead_time_days
                                                         + 0.5 * l.lead_time_days
                                                    ELSE 0 END))::int
                               AS lead_days,
                           sample.u16_of_hash(h.h2, 1) AS return_u,
                           CASE WHEN sample.u16_of_hash(h.h2, 2) < 1.0 / 60
                                THEN (ARRAY[-3, -2, -1, -1, -1, 1, 1, 2])
                                     [1 + floor(sample.u16_of_hash(h.h2, 2) * 480)::int]
                                ELSE 0 END AS adjust
                      FROM generate_series(0, ndays - 1) AS g(t)
                     CROSS JOIN LATERAL
                           (SELECT sample.rand_hash(s_dem, l.key, g.t) AS h1,
                                   sample.rand_hash(s_sim, l.key, g.t + 1000) AS h2) AS h) AS d
           ) AS a
     CROSS JOIN LATERAL
           sample.simulate_stock(a.demand, a.lead_days, a.return_u, a.adjust,
                                 l.base_demand, k.cv, l.lead_time_days, l.lead_time_sd_days,
                                 l.review_days,
                                 floor(l.review_days * sample.rand_u(s_sim, l.key, 1))::int,
                                 l.safety_z, s.order_cost, s.holding_rate, s.unit_cost,
                                 s.return_rate,
                                 5 + floor(10 * sample.rand_u(s_sim, l.key, 2))::int) AS r;
    RAISE DEBUG 'sample.generate: % done after %', 'simulation', clock_timestamp() - t0;

    INSERT INTO sample.stock_snapshot (snapshot_at, warehouse_id, sku_id, on_hand, unit_cost)
    SELECT to_timestamp(first_epoch + 86400 * (u.t - 1)),
           m.warehouse_id, m.sku_id, u.on_hand, m.unit_cost
      FROM pg_temp.sample_sim AS m
     CROSS JOIN LATERAL unnest(m.on_hand) WITH ORDINALITY AS u(on_hand, t);
    RAISE DEBUG 'sample.generate: % done after %', 'stock_snapshot', clock_timestamp() - t0;

    INSERT INTO sample.daily_sales (day, warehouse_id, sku_id, qty)
    SELECT first_day + (u.t - 1)::int, m.warehouse_id, m.sku_id, u.qty
      FROM pg_temp.sample_sim AS m
     CROSS JOIN LATERAL unnest(m.sold) WITH ORDINALITY AS u(qty, t)
     WHERE u.qty > 0;
    RAISE DEBUG 'sample.generate: % done after %', 'daily_sales', clock_timestamp() - t0;

    -- Movements in simulation order within a day (UTC): receipt 06:00-08:59,
    -- returns 10:00-10:59, picks 12:00-19:59, adjustment 20:00-21:59.  The
    -- id grows with time within a SKU-location:
    -- ((sl_no - 1) * 731 + day - 1) * 5 + kind + 1.
    INSERT INTO sample.stock_movement (movement_id, moved_at, warehouse_id, sku_id, kind, qty,
                                       unit_cost)
    SELECT ((m.sl_no - 1) * ndays::bigint + u.day - 1) * 5 + u.kind + 1,
           to_timestamp(first_epoch + 86400 * (u.day - 1)
                        + CASE u.kind WHEN 0 THEN 0
                                      WHEN 1 THEN 21600 + floor(10800 * x.u)
                                      WHEN 2 THEN 36000 + floor(3600 * x.u)
                                      WHEN 3 THEN 43200 + floor(28800 * x.u)
                                      ELSE 72000 + floor(7200 * x.u) END),
           m.warehouse_id, m.sku_id,
           CASE u.kind WHEN 0 THEN 'opening' WHEN 1 THEN 'receipt' WHEN 2 THEN 'return'
                       WHEN 3 THEN 'pick' ELSE 'adjustment' END,
           u.qty, m.unit_cost
      FROM pg_temp.sample_sim AS m
     CROSS JOIN LATERAL unnest(m.mv_code, m.mv_qty) AS v(code, qty)
     CROSS JOIN LATERAL (SELECT v.code / 8 AS day, v.code % 8 AS kind, v.qty) AS u
     CROSS JOIN LATERAL
           (SELECT sample.rand_u(s_mov, 8 * m.sku_id + m.warehouse_id, v.code) AS u)
           AS x;
    RAISE DEBUG 'sample.generate: % done after %', 'stock_movement', clock_timestamp() - t0;

    DROP TABLE pg_temp.sample_sim;

    -- Customers around their warehouse's city: distance Rayleigh (sigma
    -- 14 km, at most 60 km), bearing within the warehouse's land sector.
    ncust := greatest(100, least(order_lines / 20, 2000000));
    INSERT INTO sample.customer (customer_id, warehouse_id, city, lat, lon)
    SELECT c.i, w.warehouse_id, w.city,
           round((w.lat + g.r * cos(radians(g.b)) / 111.32)::numeric, 6),
           round((w.lon + g.r * sin(radians(g.b)) / (111.32 * cos(radians(w.lat))))::numeric, 6)
      FROM generate_series(1, ncust) AS c(i)
     CROSS JOIN LATERAL
           (SELECT width_bucket(sample.rand_u(s_cust, c.i, 1),
                                ARRAY[0, 0.24, 0.38, 0.55, 0.70, 0.88]::float8[]) AS wid) AS p
      JOIN (VALUES (1, 210.0, 250.0), (2, 0.0, 360.0), (3, 170.0, 170.0),
                   (4, 0.0, 360.0), (5, 300.0, 240.0), (6, 345.0, 215.0))
           AS sec(wid, first_bearing, width) ON sec.wid = p.wid
      JOIN sample.warehouse AS w ON w.warehouse_id = p.wid
     CROSS JOIN LATERAL
           (SELECT least(60, 14 * sqrt(-2 * ln(sample.rand_u(s_cust, c.i, 2)))) AS r,
                   sec.first_bearing + sec.width * sample.rand_u(s_cust, c.i, 3) AS b) AS g
     ORDER BY c.i;
    RAISE DEBUG 'sample.generate: % done after %', 'customer', clock_timestamp() - t0;

    -- Orders: line counts 1-6 (mean 2.1), the last order cut so that the
    -- lines add up to order_lines exactly.
    IF to_regclass('pg_temp.sample_ord') IS NOT NULL THEN
        DROP TABLE pg_temp.sample_ord;
    END IF;
    CREATE TEMP TABLE sample_ord AS
    SELECT b.k AS order_id, least(b.n, order_lines - (b.cum - b.n))::int AS line_count
      FROM (SELECT a.k, a.n, sum(a.n) OVER (ORDER BY a.k) AS cum
              FROM (SELECT g.k,
                           CASE WHEN q.u < 0.45 THEN 1 WHEN q.u < 0.70 THEN 2
                                WHEN q.u < 0.85 THEN 3 WHEN q.u < 0.93 THEN 4
                                WHEN q.u < 0.97 THEN 5 ELSE 6 END AS n
                      FROM generate_series(1, ceil(order_lines / 2.1 * 1.05)::bigint + 20) AS g(k)
                     CROSS JOIN LATERAL (SELECT sample.rand_u(s_ord, g.k, 1) AS u) AS q) AS a
           ) AS b
     WHERE b.cum - b.n < order_lines;
    RAISE DEBUG 'sample.generate: % done after %', 'order counts', clock_timestamp() - t0;
    SELECT count(*), coalesce(sum(line_count), 0) INTO norders, nlines FROM pg_temp.sample_ord;
    IF nlines <> order_lines THEN
        RAISE EXCEPTION 'sample.generate made % order lines instead of %', nlines, order_lines;
    END IF;

    -- Order dates: day weights with growth, a yearly peak in late November,
    -- a weekly cycle, day-to-day noise and Black Friday / Cyber Monday; the
    -- order ids are stratified over the cumulative weights, so ordered_at
    -- grows with order_id.  Fewest orders near 09:00 UTC, most near 21:00 UTC.
    SELECT array_agg(b.lo ORDER BY b.t) || ARRAY[1::float8] INTO day_lows
      FROM (SELECT a.t, (sum(a.w) OVER (ORDER BY a.t) - a.w) / sum(a.w) OVER () AS lo
              FROM (SELECT g.t,
                           (1 + 0.3 * g.t / 730.0)
                           * (1 + 0.25 * cos(2 * pi() * (g.t - 333) / 365.25))
                           * (1 + 0.08 * cos(2 * pi() * (g.t % 7) / 7))
                           * exp(0.1 * sample.rand_z(s_ord, 0, g.t))
                           * CASE WHEN first_day + g.t IN (date '2024-11-29', date '2024-12-02',
                                                           date '2025-11-28', date '2025-12-01')
                                  THEN 2.2 ELSE 1 END AS w
                      FROM generate_series(0, ndays - 1) AS g(t)) AS a) AS b;

    -- Nested subqueries with OFFSET 0 stop the planner from pulling them up
    -- and repeating their expressions wherever a column is used.
    IF to_regclass('pg_temp.sample_o1') IS NOT NULL THEN
        DROP TABLE pg_temp.sample_o1;
    END IF;
    CREATE TEMP TABLE sample_o1 AS
    SELECT l5.*,
           (l5.p_date + time '21:00') AT TIME ZONE l5.time_zone AS promised_at,
           -- carriers collect at 17:00-19:00 local on the shipping day and
           -- deliver 10:00-19:30 local around the promised day
           (l5.ship_date + time '17:00') AT TIME ZONE l5.time_zone
               + floor(7200 * l5.u6) * interval '1 second' AS carrier_shipped_at,
           (greatest(l5.ship_date + 1, l5.p_date + l5.delta) + time '10:00')
               AT TIME ZONE l5.time_zone
               + floor(34200 * l5.u8) * interval '1 second' AS carrier_delivered_at,
           -- own fleet: routes leave at 08:00 local on the promised day
           (l5.p_date + time '08:00') AT TIME ZONE l5.time_zone AS departure
      FROM (SELECT l4.*, l4.ship_date + l4.days AS p_date
              FROM (SELECT l3.*,
                           -- orders after 15:00 local ship the next day
                           l3.local_at::date
                           + CASE WHEN l3.local_at::time >= time '15:00' THEN 1 ELSE 0 END
                               AS ship_date
                      FROM (SELECT l2.order_id, l2.line_count, c.customer_id, c.warehouse_id,
                                   c.lat, c.lon, w.code, w.time_zone,
                                   l2.carrier, l2.days, l2.status, l2.delta, l2.u6, l2.u8,
                                   l2.ordered_at, l2.ordered_at AT TIME ZONE w.time_zone AS local_at,
                                   degrees(atan2((c.lon - w.lon) * cos(radians(w.lat)),
                                                 c.lat - w.lat)) AS bearing
                              FROM (SELECT l1.*,
                                           -- time of day: a monotone warp of the position f in
                                           -- the day, x = f + 0.6 (sin(2 pi (f - 7/24)) + sin(2 pi 7/24)) / (2 pi),
                                           -- fewest orders near 09:00 UTC, most near 21:00 UTC
                                           (first_day + l1.b - 1)::timestamp AT TIME ZONE 'UTC'
                                           + round(86400 * (l1.f + 0.6 * (sin(2 * pi() * (l1.f - 7 / 24.0))
                                                                          + sin(2 * pi() * 7 / 24.0))
                                                                   / (2 * pi())))
                                             * interval '1 second' AS ordered_at,
                                           CASE WHEN l1.u4 < 0.55 THEN fleet WHEN l1.u4 < 0.75 THEN 'UPS'
                                                WHEN l1.u4 < 0.90 THEN 'FedEx' ELSE 'USPS' END AS carrier,
                                           CASE WHEN l1.u4 < 0.55 THEN 1 WHEN l1.u4 < 0.75 THEN 3
                                                WHEN l1.u4 < 0.90 THEN 2 ELSE 4 END AS days,
                                           -- cancelled: 0.3%, and the orders none of whose
                                           -- lines can ship (short shipments of zero units)
                                           CASE WHEN l1.u5 < 0.003 THEN 'cancelled'
                                                WHEN sample.shipped_of(l1.q1, l1.q1_u2, l1.q1_u3, true) = 0
                                                     AND NOT EXISTS
                                                         (SELECT FROM generate_series(2, l1.line_count) AS j(n)
                                                           WHERE sample.line_qty_shipped(s_line, l1.order_id,
                                                                                         j.n) > 0)
                                                THEN 'cancelled'
                                                WHEN l1.u5 < 0.006 THEN 'lost' ELSE 'ok' END AS status,
                                           -- carrier delivery day relative to the promised day
                                           CASE WHEN l1.u7 < 0.12 THEN -1 WHEN l1.u7 < 0.87 THEN 0
                                                WHEN l1.u7 < 0.96 THEN 1 WHEN l1.u7 < 0.99 THEN 2
                                                ELSE 3 + floor((l1.u7 - 0.99) * 400)::int END AS delta
                                      FROM (SELECT l0.*,
                                                   (l0.u - day_lows[l0.b])
                                                   / (day_lows[l0.b + 1] - day_lows[l0.b]) AS f,
                                                   sample.qty_of_u(l0.q1_u1) AS q1
                                              FROM (SELECT o.order_id, o.line_count,
                                                           (o.order_id - 1 + sample.rand_u(s_ord, o.order_id, 2))
                                                           / norders AS u,
                                                           width_bucket((o.order_id - 1
                                                                         + sample.rand_u(s_ord, o.order_id, 2))
                                                                        / norders, day_lows) AS b,
                                                           1 + floor(ncust * sample.rand_u(s_ord, o.order_id, 3)
                                                                     ^ 1.4)::int AS customer_id,
                                                           sample.rand_u(s_ord, o.order_id, 4) AS u4,
                                                           sample.rand_u(s_ord, o.order_id, 5) AS u5,
                                                           sample.rand_u(s_ord, o.order_id, 6) AS u6,
                                                           sample.rand_u(s_ord, o.order_id, 7) AS u7,
                                                           sample.rand_u(s_ord, o.order_id, 8) AS u8,
                                                           -- line 1's quantities (as in order_line)
                                                           sample.rand_u(s_line, o.order_id, 9) AS q1_u1,
                                                           sample.rand_u(s_line, o.order_id, 10) AS q1_u2,
                                                           sample.rand_u(s_line, o.order_id, 11) AS q1_u3
                                                      FROM pg_temp.sample_ord AS o
                                                    OFFSET 0) AS l0
                                            OFFSET 0) AS l1
                                    OFFSET 0) AS l2
                              JOIN sample.customer AS c ON c.customer_id = l2.customer_id
                              JOIN sample.warehouse AS w ON w.warehouse_id = c.warehouse_id
                            OFFSET 0) AS l3
                    OFFSET 0) AS l4
            OFFSET 0) AS l5;
    RAISE DEBUG 'sample.generate: % done after %', 'order staging', clock_timestamp() - t0;

    -- Own-fleet routes: per warehouse and day, at most 16 stops a route; the
    -- stops are split into routes by bearing from the warehouse (compact
    -- zones), but each route's stored stop order is by order id.
    IF to_regclass('pg_temp.sample_stop') IS NOT NULL THEN
        DROP TABLE pg_temp.sample_stop;
    END IF;
    CREATE TEMP TABLE sample_stop AS
    SELECT z.order_id, z.warehouse_id, z.code, z.time_zone, z.p_date AS route_date,
           z.customer_id, z.lat, z.lon, z.departure, z.zone,
           dense_rank() OVER (ORDER BY z.p_date, z.warehouse_id, z.zone) AS route_id,
           row_number() OVER (PARTITION BY z.p_date, z.warehouse_id, z.zone
                              ORDER BY z.order_id)::int AS seq
      FROM (SELECT o.*,
                   floor((row_number() OVER wd - 1)
                         * ceil(count(*) OVER wa / 16.0) / count(*) OVER wa)::int AS zone
              FROM pg_temp.sample_o1 AS o
             WHERE o.carrier = fleet AND o.status <> 'cancelled' AND o.departure < horizon
            WINDOW wa AS (PARTITION BY o.p_date, o.warehouse_id),
                   wd AS (PARTITION BY o.p_date, o.warehouse_id ORDER BY o.bearing, o.order_id)
           ) AS z;
    RAISE DEBUG 'sample.generate: % done after %', 'route staging', clock_timestamp() - t0;

    INSERT INTO sample.delivery_route (route_id, warehouse_id, route_date, vehicle, departed_at)
    SELECT DISTINCT route_id, warehouse_id, route_date,
           'VAN-' || code || '-' || lpad((zone + 1)::text, 2, '0'), departure
      FROM pg_temp.sample_stop
     ORDER BY route_id;

    INSERT INTO sample.delivery_stop (route_id, seq, order_id, customer_id, lat, lon)
    SELECT route_id, seq, order_id, customer_id, lat, lon
      FROM pg_temp.sample_stop
     ORDER BY route_id, seq;
    RAISE DEBUG 'sample.generate: % done after %', 'delivery_route, delivery_stop', clock_timestamp() - t0;

    -- Order headers.  Own fleet: 25 minutes a stop; 3% of routes break down
    -- and deliver a day late.  0.3% of orders are cancelled (never shipped),
    -- 0.3% lost (shipped, never delivered); nothing happens after the
    -- history ends (2026-01-01 00:00 UTC).
    INSERT INTO sample.orders (order_id, customer_id, warehouse_id, carrier, ordered_at,
                               promised_at, shipped_at, delivered_at, damage_free,
                               documents_ok, route_id, line_count)
    SELECT o.order_id, o.customer_id, o.warehouse_id, o.carrier, o.ordered_at, o.promised_at,
           sh.shipped_at, dl.delivered_at,
           CASE WHEN dl.delivered_at IS NULL THEN NULL
                WHEN dm.line = 0 THEN true
                ELSE sample.line_qty_shipped(s_line, o.order_id, dm.line) = 0 END,
           CASE WHEN sh.shipped_at IS NOT NULL
                THEN sample.rand_u(s_ord, o.order_id, 9) >= 0.02 END,
           st.route_id, o.line_count
      FROM pg_temp.sample_o1 AS o
      LEFT JOIN pg_temp.sample_stop AS st ON st.order_id = o.order_id
     CROSS JOIN LATERAL
           (SELECT CASE WHEN o.status = 'cancelled' THEN NULL
                        WHEN o.carrier = fleet THEN st.departure
                        WHEN o.carrier_shipped_at < horizon THEN o.carrier_shipped_at
                   END AS shipped_at) AS sh
     CROSS JOIN LATERAL
           (SELECT CASE WHEN o.carrier = fleet
                        THEN st.departure
                             + floor(1500 * st.seq + 600 * sample.rand_u(s_route, st.route_id, st.seq))
                               * interval '1 second'
                             + CASE WHEN sample.rand_u(s_route, st.route_id, 0) < 0.03
                                    THEN interval '1 day' ELSE interval '0' END
                        ELSE o.carrier_delivered_at END AS at) AS da
     CROSS JOIN LATERAL
           (SELECT CASE WHEN sh.shipped_at IS NOT NULL AND o.status = 'ok' AND da.at < horizon
                        THEN da.at END AS delivered_at) AS dl
     CROSS JOIN LATERAL
           (SELECT sample.order_damaged_line(s_line, o.order_id, o.line_count) AS line) AS dm
     ORDER BY o.order_id;
    RAISE DEBUG 'sample.generate: % done after %', 'orders', clock_timestamp() - t0;

    DROP TABLE pg_temp.sample_stop;
    DROP TABLE pg_temp.sample_o1;
    DROP TABLE pg_temp.sample_ord;

    -- Order lines: the SKU is drawn among those stocked at the order's
    -- warehouse, weighted by their base demand; 10% of lines at a 10%
    -- discount; returns: the damaged line's units 80% of the time, other
    -- lines with the SKU's return rate (1 to all units shipped).
    INSERT INTO sample.order_line (order_id, line_no, warehouse_id, customer_id, carrier,
                                   sku_id, ordered_at, promised_at, delivered_at,
                                   qty_ordered, qty_shipped, qty_returned, unit_price,
                                   damaged, documents_ok)
    SELECT x.order_id, x.line_no, x.warehouse_id, x.customer_id, x.carrier, x.sku_id,
           x.ordered_at, x.promised_at, x.line_delivered_at,
           x.ordered, x.shipped,
           CASE WHEN x.line_delivered_at IS NULL THEN 0
                WHEN x.line_no = x.damaged_line
                THEN CASE WHEN x.u5 < 0.8 THEN x.shipped ELSE 0 END
                WHEN x.u5 < s.return_rate THEN 1 + floor(x.shipped * x.u6)
                ELSE 0 END,
           round((s.unit_price * CASE WHEN x.u7 < 0.1 THEN 0.9 ELSE 1 END)::numeric, 2),
           CASE WHEN x.line_delivered_at IS NOT NULL THEN x.line_no = x.damaged_line END,
           x.documents_ok
      FROM (SELECT y.*,
                   CASE WHEN y.shipped > 0 THEN y.delivered_at END AS line_delivered_at
              FROM (SELECT z.*,
                           sample.shipped_of(z.ordered, z.u2, z.u3, z.shipped_at IS NOT NULL)
                               AS shipped,
                           ws.skus[width_bucket(z.u4, ws.lows)] AS sku_id
                      FROM (SELECT w.*, sample.qty_of_u(w.u1) AS ordered
                              FROM (SELECT o.order_id, j.line_no, o.warehouse_id, o.customer_id,
                                           o.carrier, o.ordered_at, o.promised_at, o.shipped_at,
                                           o.delivered_at, o.documents_ok,
                                           sample.order_damaged_line(s_line, o.order_id,
                                                                     o.line_count) AS damaged_line,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 1) AS u1,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 2) AS u2,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 3) AS u3,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 4) AS u4,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 5) AS u5,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 6) AS u6,
                                           sample.rand_u(s_line, o.order_id, 8 * j.line_no + 7) AS u7
                                      FROM sample.orders AS o
                                     CROSS JOIN LATERAL generate_series(1, o.line_count) AS j(line_no)
                                    OFFSET 0) AS w
                            OFFSET 0) AS z
                      JOIN (SELECT a.warehouse_id, array_agg(a.sku_id ORDER BY a.sku_id) AS skus,
                                   array_agg(a.lo ORDER BY a.sku_id) AS lows
                              FROM (SELECT warehouse_id, sku_id,
                                           (sum(base_demand) OVER (PARTITION BY warehouse_id
                                                                   ORDER BY sku_id)
                                            - base_demand)
                                           / sum(base_demand) OVER (PARTITION BY warehouse_id) AS lo
                                      FROM sample.sku_location) AS a
                             GROUP BY a.warehouse_id) AS ws ON ws.warehouse_id = z.warehouse_id
                    OFFSET 0) AS y
            OFFSET 0) AS x
      JOIN sample.sku AS s ON s.sku_id = x.sku_id;
    RAISE DEBUG 'sample.generate: % done after %', 'order_line', clock_timestamp() - t0;

    ALTER TABLE sample.daily_sales ADD PRIMARY KEY (warehouse_id, sku_id, day);
    ALTER TABLE sample.stock_snapshot ADD PRIMARY KEY (warehouse_id, sku_id, snapshot_at);
    ALTER TABLE sample.stock_movement ADD PRIMARY KEY (movement_id);
    CREATE INDEX stock_movement_location_time
        ON sample.stock_movement (warehouse_id, sku_id, moved_at);
    ALTER TABLE sample.orders ADD PRIMARY KEY (order_id);
    CREATE INDEX orders_ordered_at ON sample.orders USING brin (ordered_at);
    ALTER TABLE sample.order_line ADD PRIMARY KEY (order_id, line_no);
    CREATE INDEX order_line_ordered_at ON sample.order_line USING brin (ordered_at);
    ALTER TABLE sample.delivery_stop ADD PRIMARY KEY (route_id, seq);
    RAISE DEBUG 'sample.generate: % done after %', 'indexes', clock_timestamp() - t0;

    ANALYZE sample.warehouse, sample.sku, sample.sku_location, sample.daily_sales,
            sample.stock_snapshot, sample.stock_movement, sample.customer, sample.orders,
            sample.order_line, sample.delivery_route, sample.delivery_stop;
    RAISE DEBUG 'sample.generate: % done after %', 'analyze', clock_timestamp() - t0;

    PERFORM sample.generate_fleet(seed);
    RAISE DEBUG 'sample.generate: % done after %', 'fleet', clock_timestamp() - t0;
END
$$;
COMMENT ON FUNCTION sample.generate(int, bigint, int) IS
  'truncate and refill the sample company deterministically: skus SKUs (each at 2 of 6 warehouses), order_lines order lines, pseudo-random numbers keyed on seed';

-- (\gset: no output; the row is empty)
SELECT sample.generate() \gset sample_ignored_

SELECT pg_catalog.set_config('search_path', :'sample_saved_search_path', false),
       pg_catalog.set_config('client_min_messages', :'sample_saved_client_min_messages', false)
\gset sample_ignored_
