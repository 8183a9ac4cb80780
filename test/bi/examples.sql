-- What test/bi/test_drivers.sh runs besides the examples of the reference
-- (doc/*.md, README.md), which it takes first:
--  - SELECTs that put several flat forms side by side, to check that their
--    column names do not collide in one result;
--  - calls of user-facing overloads that the reference shows no runnable
--    example of yet (at the end).  Better: give the overload an example in
--    doc/ and drop its call here, as was done for the rest of this file
--    (issue 16; the rebalance, allocate_orders and ledger_verify_digest
--    calls are examples in doc/bi.md now).

-- several flat forms in one SELECT (doc/bi.md): no two columns share a name
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

-- calls the reference has no example of yet (doc/forecast.md, mstl3's):
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
