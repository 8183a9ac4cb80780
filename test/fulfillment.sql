-- Properties of the fulfilment aggregates on deterministic pseudo-random
-- order lines: agreement with built-in SQL formulations (independent
-- implementations), consistency between the aggregates and their _ci
-- companions and fulfillment_kpis, Wilson interval properties, and
-- independence from the order of the rows.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
SET LOCAL TimeZone = 'UTC';

SELECT plan(22);

-- 20000 lines of about 6700 orders; h is a hash of the line number.
CREATE TEMP TABLE pl AS
SELECT i AS line_id, (i * 7) % 6700 AS order_id, h,
       timestamptz '2024-01-01' + (h % 100000) * interval '1 minute' AS ordered_at,
       timestamptz '2024-01-01' + (h % 100000) * interval '1 minute'
           + (1 + h % 5) * interval '1 day' AS promised_at,
       CASE WHEN h % 41 = 0 THEN NULL
            ELSE timestamptz '2024-01-01' + (h % 100000) * interval '1 minute'
                 + ((h / 7) % 9000) * interval '1 minute' END AS delivered_at,
       date '2024-01-01' + (h % 300)::int AS d0,
       date '2024-01-01' + (h % 300)::int + ((h / 11) % 90)::int - 5 AS d1,
       ((h / 3) % 12)::float8 AS qo,
       greatest(((h / 3) % 12) - (h / 5) % 3 + (h / 13) % 2, 0)::float8 AS qs,
       ((h / 17) % 4 = 0)::int::float8 AS ret,
       (h / 19) % 37 <> 0 AS damage_free,
       (h / 23) % 29 <> 0 AS documents_ok
FROM generate_series(1, 20000) i,
     LATERAL (SELECT ((i::bigint * 2654435761) % 4294967291) AS h) x;

-- percentiles against percentile_cont
SELECT ok(bool_and(abs(a - b) <= 1e-12 * greatest(1, abs(b))),
          'cycle_time_percentile (timestamptz) equals percentile_cont at 7 fractions')
FROM (SELECT unnest(logistics.cycle_time_percentile(ordered_at, delivered_at,
                        ARRAY[0, 0.01, 0.25, 0.5, 0.9, 0.999, 1])) AS a,
             unnest(percentile_cont(ARRAY[0, 0.01, 0.25, 0.5, 0.9, 0.999, 1]) WITHIN GROUP (
                        ORDER BY extract(epoch FROM delivered_at - ordered_at) / 86400)) AS b
      FROM pl) s;

SELECT is(logistics.cycle_time_percentile(d0, d1, ARRAY[0, 0.1, 0.5, 0.95, 1]),
          (SELECT percentile_cont(ARRAY[0, 0.1, 0.5, 0.95, 1]) WITHIN GROUP (ORDER BY d1 - d0)
             FROM pl),
          'cycle_time_percentile (date) equals percentile_cont of the day differences')
FROM pl;

SELECT ok(bool_and(a = b), 'one fraction at a time gives the same as the array form')
FROM (SELECT logistics.cycle_time_percentile(d0, d1, p) AS a,
             (logistics.cycle_time_percentile(d0, d1, ARRAY[p]))[1] AS b
      FROM pl, (VALUES (0.0), (0.37), (0.5), (0.95)) v(p) GROUP BY p) s;

SELECT ok(abs(logistics.cycle_time_days(ordered_at, delivered_at)
              - avg(extract(epoch FROM delivered_at - ordered_at)) / 86400) < 1e-12,
          'cycle_time_days equals the mean of the epoch differences')
FROM pl;

SELECT ok(abs(extract(epoch FROM logistics.cycle_time(ordered_at, delivered_at)
                                 - avg(delivered_at - ordered_at))) <= 1e-6,
          'cycle_time equals avg(interval) to the microsecond')
FROM pl;

SELECT is((logistics.cycle_time_summary(d0, d1)).negative, count(*) FILTER (WHERE d1 < d0),
          'cycle_time_summary counts the negative durations')
FROM pl;

-- order-level rates against bool_and per order
SELECT is(logistics.perfect_order_rate(order_id, coalesce(delivered_at <= promised_at, false),
                                       qs >= qo, damage_free, documents_ok),
          (SELECT avg(ok::int)::float8 FROM (
               SELECT bool_and(coalesce(delivered_at <= promised_at, false) AND qs >= qo
                               AND damage_free AND documents_ok) AS ok
               FROM pl GROUP BY order_id) o),
          'perfect_order_rate by order key equals bool_and per order')
FROM pl;

SELECT is(logistics.order_fill_rate('SO-' || order_id, qo, qs ORDER BY h),
          (SELECT avg(ok::int)::float8 FROM (
               SELECT bool_and(qs >= qo) AS ok FROM pl WHERE qo > 0 GROUP BY order_id) o),
          'order_fill_rate with text keys, rows shuffled, equals bool_and per order')
FROM pl;

SELECT ok(bool_and(a.r = b.r), 'order-level rates per group equal bool_and per group and order')
FROM (SELECT line_id % 7 AS g,
             logistics.perfect_order_rate(order_id, delivered_at <= promised_at, true, true, true) AS r
      FROM pl WHERE delivered_at IS NOT NULL GROUP BY 1) a
JOIN (SELECT g, avg(ok::int)::float8 AS r FROM (
          SELECT line_id % 7 AS g, order_id, bool_and(delivered_at <= promised_at) AS ok
          FROM pl WHERE delivered_at IS NOT NULL GROUP BY 1, 2) o GROUP BY g) b USING (g);

-- line and unit rates against sums
SELECT is(logistics.fill_rate(qo, qs), sum(least(qs, qo)) / sum(qo),
          'fill_rate equals sum(least(shipped, ordered)) / sum(ordered)')
FROM pl;

SELECT ok(abs(logistics.line_fill_rate(qo, qs)
              - avg((qs >= qo)::int) FILTER (WHERE qo > 0)) < 1e-15,
          'line_fill_rate equals the share of complete lines')
FROM pl;

SELECT is(logistics.return_rate(qs, ret), sum(ret) / sum(qs),
          'return_rate equals sum(returned) / sum(sold)')
FROM pl;

SELECT ok(abs(logistics.otif(promised_at, delivered_at, qo, qs, interval '6 hours',
                             interval '1 day', 0.25)
              - avg((coalesce(delivered_at BETWEEN promised_at - interval '6 hours'
                                              AND promised_at + interval '1 day', false)
                     AND (qs >= qo OR (qo - qs) / qo <= 0.25))::int) FILTER (WHERE qo > 0)) < 1e-15,
          'otif with a window equals the CASE formulation')
FROM pl;

-- companions and the all-KPIs aggregate agree with the single aggregates
SELECT ok((c).rate = r
          AND ((c).lower, (c).upper) = (SELECT lower, upper FROM logistics.wilson_interval(
                                            (c).successes::bigint, (c).trials::bigint)),
          'otif_ci: rate as otif, interval as wilson_interval of its counts')
FROM (SELECT logistics.otif_ci(promised_at, delivered_at, qo, qs) AS c,
             logistics.otif(promised_at, delivered_at, qo, qs) AS r
      FROM pl) s;

SELECT ok(k.otif_rate = r.otif AND k.fill_rate = r.fill AND k.in_full_rate = r.line_fill
          AND k.return_rate = r.ret AND k.cycle_days_p90 = r.cycle_p90
          AND k.lateness_days_p95 = r.late_p95 AND k.cycle_days_mean = r.cycle_mean,
          'fulfillment_kpis fields equal otif, fill_rate, line_fill_rate, return_rate and the duration aggregates')
FROM (SELECT (logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qo, qs, ret,
                                         damage_free, documents_ok)).* FROM pl) k,
     (SELECT logistics.otif(promised_at, delivered_at, qo, qs) AS otif,
             logistics.fill_rate(qo, qs) AS fill,
             logistics.line_fill_rate(qo, qs) AS line_fill,
             logistics.return_rate(qs, ret) FILTER (WHERE qo > 0) AS ret,
             logistics.cycle_time_percentile(ordered_at, delivered_at, 0.9) FILTER (WHERE qo > 0) AS cycle_p90,
             logistics.cycle_time_days(ordered_at, delivered_at) FILTER (WHERE qo > 0) AS cycle_mean,
             (logistics.lateness_summary(promised_at, delivered_at) FILTER (WHERE qo > 0)).p95_days AS late_p95
      FROM pl) r;

SELECT ok(l.late = k.late AND l.delivered = k.delivered AND l.mean_days_late = k.days_late_mean,
          'lateness_summary agrees with fulfillment_kpis')
FROM (SELECT (logistics.lateness_summary(promised_at, delivered_at)).* FROM pl WHERE qo > 0) l,
     (SELECT (logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qo, qs, ret,
                                         damage_free, documents_ok)).* FROM pl) k;

-- order of the rows
SELECT ok(a.k::text = b.k::text, 'fulfillment_kpis does not depend on the order of the rows')
FROM (SELECT logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qo, qs, ret,
                                        damage_free, documents_ok ORDER BY line_id) AS k FROM pl) a,
     (SELECT logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qo, qs, ret,
                                        damage_free, documents_ok ORDER BY h DESC) AS k FROM pl) b;

-- Wilson interval properties over a grid of (s, n)
CREATE TEMP TABLE w AS
SELECT s, n, c, (logistics.wilson_interval(s, n, c)).*
FROM generate_series(1, 60) n, generate_series(0, 60) s, (VALUES (0.8), (0.95), (0.99)) v(c)
WHERE s <= n;

SELECT ok(bool_and(0 <= lower AND lower <= s::float8 / n AND s::float8 / n <= upper AND upper <= 1),
          'Wilson bounds lie in [0, 1] around the observed rate')
FROM w;

SELECT ok(bool_and(abs(a.lower - (1 - b.upper)) < 1e-15 AND abs(a.upper - (1 - b.lower)) < 1e-15),
          'Wilson interval of failures mirrors that of successes')
FROM w a JOIN w b ON b.n = a.n AND b.s = a.n - a.s AND b.c = a.c;

SELECT ok(bool_and(a.lower > b.lower AND a.upper < b.upper),
          'a higher confidence gives a strictly wider interval (0 < s < n)')
FROM w a JOIN w b ON b.n = a.n AND b.s = a.s AND a.c = 0.8 AND b.c = 0.99
WHERE a.s BETWEEN 1 AND a.n - 1;

SELECT ok(bool_and(lower = 0) FILTER (WHERE s = 0) AND bool_and(upper = 1) FILTER (WHERE s = n),
          'no successes: lower bound 0; all successes: upper bound 1')
FROM w;

SELECT is((logistics.fill_rate_ci(qo, qs)).successes, sum(least(qs, qo)),
          'fill_rate_ci counts units')
FROM pl;

SELECT * FROM finish();
ROLLBACK;
