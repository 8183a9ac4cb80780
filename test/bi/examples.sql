-- Calls of the user-facing overloads that the reference (doc/*.md,
-- README.md) shows no runnable example of, for test/bi/test_drivers.sh.
-- The driver checks take every example of the reference first and this
-- file after it; an overload that neither calls fails the catalog check
-- there.  Better still: give the overload an example in doc/ and drop its
-- line here.

SELECT logistics.normal_pdf(0) AS pdf_0, logistics.normal_pdf(10, 10, 2) AS pdf_mean,
       logistics.normal_sf(1.96) AS sf, logistics.normal_cdf(12, 10, 2) AS cdf,
       logistics.normal_loss(12, 10, 2) AS loss, logistics.normal_loss2(0.5) AS loss2;

SELECT logistics.eoq_backorder_cost(1300, 8, 0.225, 5, 300, 0.04) AS backorder_cost,
       logistics.epq_cost(1300, 8, 0.225, 5000, 350) AS epq_cost,
       logistics.newsvendor_poisson_cost(6, 4, 1, 7) AS poisson_cost,
       logistics.newsvendor_profit(100, 30, 3, 1, 0.2, 110) AS profit,
       logistics.ss_policy_poisson_cost(6, 1, 4, 5, 5, 12) AS ss_cost,
       logistics.wagner_whitin_cost('{90,120,80,70}', 500, 2, '{1,1.1,1.2,1.3}') AS ww_cost;

SELECT logistics.wagner_whitin('{90,120,80,70}', 500, 2, '{1,1.1,1.2,1.3}') AS plan;

SELECT logistics.rmse(a, f) AS rmse, logistics.mape(a, f) AS mape, logistics.smape(a, f) AS smape,
       logistics.wape(a, f) AS wape, logistics.bias(a, f) AS bias,
       logistics.pinball_loss(a, f, 0.9) AS pinball,
       logistics.coverage(a, f, ARRAY[13, 22, 35, 41]::float8[]) AS coverage
FROM (VALUES (ARRAY[10, 20, 30, 40]::float8[], ARRAY[12, 18, 33, 40]::float8[])) v(a, f);

SELECT * FROM logistics.accuracy(ARRAY[10, 20, 30, 40]::float8[], ARRAY[12, 18, 33, 40]::float8[]);

SELECT (logistics.accuracy(y, f, 1.5)).* FROM (VALUES (10, 12), (20, 18), (30, 33), (40, 40)) v(y, f);

SELECT * FROM logistics.forecast_table('{0,0,3,0,1,0,0,2,0,0,4,0}', 3, 'tsb', 1, 0.9,
                                       '{"alpha": 0.1, "beta": 0.1}');

SELECT logistics.cycle_time_percentile(s, f, 0.5) AS median_days,
       (logistics.lateness_summary(s::timestamptz, f::timestamptz)).*
FROM (VALUES (date '2024-01-10', date '2024-01-12'), ('2024-01-11', '2024-01-18'),
             ('2024-01-12', '2024-01-13')) v(s, f);

SELECT logistics.order_fill_rate(o::text, q, s) AS order_fill,
       logistics.perfect_order_rate(o::text, q = s, true, true, true) AS perfect,
       (logistics.order_fill_rate_ci(o, q, s)).*
FROM (VALUES (1::bigint, 10.0::float8, 10.0::float8), (1, 4, 3), (2, 5, 5)) v(o, q, s);

SELECT (logistics.perfect_order_rate_ci(o, t, f, true, true)).* AS by_order
FROM (VALUES (1::bigint, true, true), (1, true, false), (2, true, true)) v(o, t, f);

SELECT (logistics.perfect_order_rate_ci(t, f, true, true)).*
FROM (VALUES (true, true), (true, false), (false, true)) v(t, f);

SELECT (logistics.otif_ci(p, d, 10, 10, interval '1 day', interval '1 hour', 0.1)).*
FROM (VALUES (timestamptz '2024-05-02 12:00+00', timestamptz '2024-05-02 12:30+00'),
             ('2024-05-02 12:00+00', '2024-05-04 12:00+00')) v(p, d);

SELECT logistics.geodesic_distance('POINT(-73.7781 40.6413)'::geography,
                                   'POINT(2.5479 49.0097)'::geography) AS geodesic_m,
       logistics.haversine_distance('POINT(-73.7781 40.6413)'::geography,
                                    'POINT(2.5479 49.0097)'::geography) AS haversine_m,
       logistics.haversine_distance('SRID=4326;POINT(-73.7781 40.6413)'::geometry,
                                    'SRID=4326;POINT(2.5479 49.0097)'::geometry) AS haversine_geom_m;

SELECT logistics.distance_matrix(ARRAY['SRID=4326;POINT(-74.1724 40.7357)'::geometry,
                                       'SRID=4326;POINT(-74.0060 40.7128)']) AS by_geometry,
       logistics.distance_matrix(ARRAY['POINT(-74.1724 40.7357)'::geography,
                                       'POINT(-74.0060 40.7128)']) AS by_geography;

SELECT route_id, logistics.route_length(geom ORDER BY seq) AS metres,
       (logistics.route_cost(lat, lon, logistics.cost_model() ORDER BY seq)).*
FROM (VALUES (1, 1, 40.7357, -74.1724), (1, 2, 40.7128, -74.0060), (1, 3, 40.7282, -73.7949))
     s(route_id, seq, lat, lon),
     LATERAL (SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom) g
GROUP BY route_id;

SELECT * FROM logistics.rebalance(
    ARRAY[1, 2]::bigint[], ARRAY[40.7357, 41.8781]::float8[], ARRAY[-74.1724, -87.6298]::float8[],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[10, 0]::float8[], ARRAY[4, 4]::float8[]);

SELECT vehicle_id, route_step, kind, job_id, arrival_s, distance_m
FROM logistics.vrp_routes('{
  "vehicles": [{"id": 7, "start_index": 0, "end_index": 0, "capacity": [10]}],
  "jobs": [{"id": 101, "location_index": 1, "delivery": [3]},
           {"id": 102, "location_index": 2, "delivery": [3]}],
  "matrices": {"car": {"durations": [[0, 10, 20], [10, 0, 10], [20, 10, 0]]}}
}');

SELECT logistics.vrp_solve('{
  "vehicles": [{"id": 7, "start_index": 0, "end_index": 0}],
  "jobs": [{"id": 101, "location_index": 1}],
  "matrices": {"car": {"durations": [[0, 10], [10, 0]]}}
}') -> 'summary' -> 'cost' AS cost;

CREATE TABLE bi_movement (movement_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL,
                          warehouse_id int NOT NULL, qty float8);
INSERT INTO bi_movement VALUES (1, '2026-03-02 06:10+00', 1, 120), (2, '2026-03-02 12:30+00', 1, -20);
SELECT logistics.ledger_enable('bi_movement', 'warehouse_id', recorded_at => 'moved_at');
SELECT v.*
FROM logistics.ledger_digest('bi_movement') d,
     logistics.ledger_verify_digest('bi_movement', d.chain_key, d.tree_size, d.root_hash) v;

-- cycle_time_days, the flat form of cycle_time (an interval), alone
SELECT logistics.cycle_time_days(ordered_at, delivered_at) AS cycle_days
FROM (VALUES (timestamptz '2024-05-01 08:00+00', timestamptz '2024-05-03 14:00+00'),
             ('2024-05-01 09:00+00', '2024-05-02 09:00+00')) v(ordered_at, delivered_at);

-- The flat companions of issue 16 (doc/bi.md), several in one SELECT: their
-- column names must not collide.
SELECT a.*, p.*, t.*, l.*, o.*, r.*
FROM (SELECT logistics.order_accuracy_ci(q = s) AS a_ci,
             logistics.perfect_order_rate_ci(d <= p, q = s, true, true) AS p_ci,
             logistics.on_time_rate_ci(p, d) AS t_ci,
             logistics.line_fill_rate_ci(q, s) AS l_ci,
             logistics.order_fill_rate_ci(o, q, s) AS o_ci,
             logistics.return_rate_ci(s, ret) AS r_ci
      FROM (VALUES (1::bigint, timestamptz '2024-05-02 12:00+00', timestamptz '2024-05-02 11:00+00',
                    10.0::float8, 10.0::float8, 1.0::float8),
                   (1, '2024-05-02 12:00+00', '2024-05-02 13:00+00', 4, 3, 0),
                   (2, '2024-05-03 12:00+00', '2024-05-03 09:00+00', 5, 5, 0)) v(o, p, d, q, s, ret)) x,
     logistics.order_accuracy_flat(x.a_ci) a, logistics.perfect_order_flat(x.p_ci) p,
     logistics.on_time_flat(x.t_ci) t, logistics.line_fill_flat(x.l_ci) l,
     logistics.order_fill_flat(x.o_ci) o, logistics.return_flat(x.r_ci) r;

SELECT c.*, l.*
FROM (SELECT logistics.cycle_time_summary(o, d) AS cs, logistics.lateness_summary(p, d) AS ls
      FROM (VALUES (timestamptz '2024-05-01 08:00+00', timestamptz '2024-05-03 12:00+00',
                    timestamptz '2024-05-03 14:00+00'),
                   ('2024-05-01 09:00+00', '2024-05-03 12:00+00', '2024-05-02 09:00+00')) v(o, p, d)) x,
     logistics.cycle_time_flat(x.cs) c, logistics.lateness_flat(x.ls) l;

-- fulfillment_kpis_flat shares no name with lateness_flat and cycle_time_flat
SELECT k.*, l.*, c.*
FROM (SELECT logistics.fulfillment_kpis(o, p, d, 10, 10, 0, true, true) AS ks,
             logistics.lateness_summary(p, d) AS ls, logistics.cycle_time_summary(o, d) AS cs
      FROM (VALUES (timestamptz '2024-05-01 08:00+00', timestamptz '2024-05-03 12:00+00',
                    timestamptz '2024-05-03 14:00+00'),
                   ('2024-05-01 09:00+00', '2024-05-03 12:00+00', '2024-05-02 09:00+00')) v(o, p, d)) x,
     logistics.fulfillment_kpis_flat(x.ks) k, logistics.lateness_flat(x.ls) l,
     logistics.cycle_time_flat(x.cs) c;

SELECT a.*, m.*
FROM logistics.accuracy_flat(logistics.accuracy(ARRAY[10, 20, 30, 40]::float8[],
                                                ARRAY[12, 18, 33, 40]::float8[])) a,
     logistics.cost_model_flat(logistics.cost_model(cost_per_km => 0.5)) m;

SELECT c.*
FROM (SELECT logistics.route_cost(lat, lon, logistics.cost_model() ORDER BY seq) AS rc
      FROM (VALUES (0, 40.7357, -74.1724), (1, 40.7128, -74.0060), (2, 40.7357, -74.1724))
           s(seq, lat, lon)) x,
     logistics.route_cost_flat(x.rc) c;

SELECT * FROM logistics.distance_matrix_table(ARRAY['SRID=4326;POINT(-74.1724 40.7357)'::geometry,
                                                    'SRID=4326;POINT(-74.0060 40.7128)']);

SELECT * FROM logistics.distance_matrix_table(ARRAY['POINT(-74.1724 40.7357)'::geography,
                                                    'POINT(-74.0060 40.7128)']);

SELECT * FROM logistics.forecast_predict_series(
    logistics.forecast_fit('{12,15,14,18,21,20,24,27,26,30}', 'theta', 1),
    '2025-01-01 00:00+00', '1 day', 3, 0.9);

SELECT p.*
FROM (SELECT logistics.cycle_time_percentile(s, f, ARRAY[0.5, 0.9]) AS v
      FROM (VALUES (date '2024-01-10', date '2024-01-12'), ('2024-01-11', '2024-01-18'),
                   ('2024-01-12', '2024-01-13')) v(s, f)) x,
     logistics.percentile_table(ARRAY[0.5, 0.9], x.v) p;

-- rebalance with min/max bands, and its geography overloads
SELECT * FROM logistics.rebalance(
    ARRAY[1, 2]::bigint[], ARRAY[40.7357, 41.8781]::float8[], ARRAY[-74.1724, -87.6298]::float8[],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[10, 0]::float8[],
    ARRAY[2, 3]::float8[], ARRAY[8, 6]::float8[]);

SELECT * FROM logistics.rebalance(
    ARRAY[1, 2]::bigint[], ARRAY['SRID=4326;POINT(-74.1724 40.7357)'::geometry, 'SRID=4326;POINT(-87.6298 41.8781)'],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[10, 0]::float8[],
    ARRAY[2, 3]::float8[], ARRAY[8, 6]::float8[]);

SELECT * FROM logistics.rebalance(
    ARRAY[1, 2]::bigint[], ARRAY['POINT(-74.1724 40.7357)'::geography, 'POINT(-87.6298 41.8781)'],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[10, 0]::float8[], ARRAY[4, 4]::float8[]);

SELECT * FROM logistics.rebalance(
    ARRAY[1, 2]::bigint[], ARRAY['POINT(-74.1724 40.7357)'::geography, 'POINT(-87.6298 41.8781)'],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[10, 0]::float8[],
    ARRAY[2, 3]::float8[], ARRAY[8, 6]::float8[]);

SELECT order_id, line_no, warehouse_id, ship_units, distance_km, on_time, plan_cost
FROM logistics.allocate_orders(
    ARRAY[10, 11]::bigint[], ARRAY[1, 1], ARRAY[7, 7]::bigint[], ARRAY[1, 2]::float8[],
    ARRAY['POINT(-74.0060 40.7128)'::geography, 'POINT(-87.6298 41.8781)'],
    ARRAY['2025-01-05 00:00+00', '2025-01-05 00:00+00']::timestamptz[],
    ARRAY[1, 2]::bigint[], ARRAY['POINT(-74.1724 40.7357)'::geography, 'POINT(-87.9 41.9)'],
    ARRAY[1, 2]::bigint[], ARRAY[7, 7]::bigint[], ARRAY[5, 5]::float8[],
    decided_at => '2025-01-01 00:00+00');
SELECT (logistics.forecast_model_json(
            logistics.forecast_fit(ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t),
                                   'mstl', ARRAY[7, 14]))) ->> 'method' AS method;

SELECT array_length(logistics.forecast_residuals(
           ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t), 'mstl', ARRAY[7, 14]), 1)
       AS residuals;

SELECT logistics.forecast(ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t), 7,
                          'mstl', ARRAY[7, 14]) AS forecast;

-- the float8[] overloads (non-integer season lengths, e.g. 365.25)
SELECT logistics.forecast(ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t), 7,
                          'mstl', ARRAY[7, 14.5]) AS forecast;
SELECT (logistics.forecast_model_json(
            logistics.forecast_fit(ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t),
                                   'mstl', ARRAY[7, 14.5]))) ->> 'method' AS method;
SELECT array_length(logistics.forecast_residuals(
           ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t), 'mstl', ARRAY[7, 14.5]), 1)
       AS residuals;
SELECT t, component, season_length, value
FROM logistics.mstl(ARRAY(SELECT 10 + sin(t) + t % 7 FROM generate_series(1, 60) t), ARRAY[7, 14.5])
WHERE t <= 2;
