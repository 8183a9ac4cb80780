-- make demo: demand forecasting for every SKU of the sample company.
-- December 2025 is held back: every method is fitted on the daily demand of
-- 2024-01-01 .. 2025-11-30 (700 days, both warehouses together), forecasts
-- the 31 days of December, and is scored against what was sold.  A chart of
-- history, forecast and 95% interval of one SKU per demand pattern is
-- written as SVG (to :svg, default demo-out/forecast.svg under the project root).
-- Only temporary tables are created; the sample data is read, not changed.
\if :{?svg}
\else
\set svg demo-out/forecast.svg
\! mkdir -p demo-out
\endif
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo '== Forecasting: every SKU, December 2025 held back (scripts/demo/60-forecast.sql)'
SELECT to_regclass('sample.daily_sales') IS NOT NULL AS have_sample \gset
\if :have_sample

-- One daily series per SKU: history (700 days) and December (31 days)
CREATE TEMP TABLE fc_sku AS
SELECT k.sku_id, k.sku, k.pattern,
       coalesce(logistics.demand_series(d.day::timestamptz, d.qty, '1 day',
                                        '2024-01-01', '2025-12-01'),
                array_fill(0::float8, ARRAY[700])) AS history,
       coalesce(logistics.demand_series(d.day::timestamptz, d.qty, '1 day',
                                        '2025-12-01', '2026-01-01'),
                array_fill(0::float8, ARRAY[31])) AS actual
  FROM sample.sku AS k
  LEFT JOIN sample.daily_sales AS d USING (sku_id)
 GROUP BY k.sku_id, k.sku, k.pattern;

\echo 'Demand class of each SKU''s history (logistics.demand_class), by the generator''s pattern'
SELECT pattern,
       count(*) FILTER (WHERE c = 'smooth') AS smooth,
       count(*) FILTER (WHERE c = 'erratic') AS erratic,
       count(*) FILTER (WHERE c = 'intermittent') AS intermittent,
       count(*) FILTER (WHERE c = 'lumpy') AS lumpy,
       count(*) AS skus
  FROM fc_sku, logistics.demand_class(history) AS c
 GROUP BY pattern
 ORDER BY pattern;

-- Every SKU through four methods, with weekly seasonality (season_length 7):
-- the fitted models are stored (forecast_fit), then forecast from
-- (forecast_predict); plus the rule "ETS for smooth and erratic demand, TSB
-- for intermittent and lumpy demand".
\echo 'Fitting snaive, theta, auto (ETS) and tsb to every SKU:'
\timing on
CREATE TEMP TABLE fc_model AS
SELECT s.sku_id, m.method, logistics.forecast_fit(s.history, m.method, 7) AS model
  FROM fc_sku AS s
 CROSS JOIN (VALUES ('snaive'), ('theta'), ('auto'), ('tsb')) AS m(method);
\timing off
CREATE TEMP TABLE fc_result AS
SELECT x.sku_id, x.method,
       array_agg((x.f).point ORDER BY (x.f).step) AS point,
       array_agg((x.f).lower ORDER BY (x.f).step) AS lower,
       array_agg((x.f).upper ORDER BY (x.f).step) AS upper
  FROM (SELECT sku_id, method, logistics.forecast_predict(model, 31, 0.95) AS f
          FROM fc_model) AS x
 GROUP BY x.sku_id, x.method;
INSERT INTO fc_result
SELECT r.sku_id, 'by class', r.point, r.lower, r.upper
  FROM fc_sku AS s
  JOIN fc_result AS r USING (sku_id)
 WHERE r.method = CASE WHEN logistics.demand_class(s.history) IN ('intermittent', 'lumpy')
                       THEN 'tsb' ELSE 'auto' END;

\echo 'Accuracy on December 2025 (31 days): MASE (scale: in-sample weekly naive), WAPE %,'
\echo 'bias (units/day, forecast - actual), share of days inside the 95% interval'
SELECT s.pattern, r.method,
       round(avg(logistics.mase(s.actual, r.point, s.history, 7))::numeric, 3) AS mase,
       round((100 * sum(abs(d.f - d.a)) / nullif(sum(d.a), 0))::numeric, 1) AS wape,
       round(avg(d.f - d.a)::numeric, 3) AS bias,
       round(avg(CASE WHEN d.lo IS NULL THEN NULL
                      WHEN d.a BETWEEN d.lo AND d.hi THEN 1.0 ELSE 0.0 END), 3) AS coverage
  FROM fc_sku AS s
  JOIN fc_result AS r USING (sku_id)
 CROSS JOIN LATERAL unnest(s.actual, r.point, r.lower, r.upper) AS d(a, f, lo, hi)
 GROUP BY GROUPING SETS ((s.pattern, r.method), (r.method))
 ORDER BY s.pattern NULLS LAST,
          array_position(ARRAY['snaive', 'theta', 'auto', 'tsb', 'by class'], r.method);

\echo 'December totals, all SKUs (units): actual against each method''s forecast'
SELECT r.method,
       round(sum((SELECT sum(v) FROM unnest(r.point) AS v))) AS forecast,
       (SELECT round(sum((SELECT sum(v) FROM unnest(actual) AS v))) FROM fc_sku) AS actual
  FROM fc_result AS r
 GROUP BY r.method
 ORDER BY array_position(ARRAY['snaive', 'theta', 'auto', 'tsb', 'by class'], r.method);

\echo 'Models chosen by auto (ETS by AICc), read from the stored models'
SELECT j->'ets'->0->>'model' AS ets_model, count(*) AS skus,
       count(*) FILTER (WHERE s.pattern = 'seasonal') AS seasonal_pattern,
       round(avg((j->'parameters'->>'alpha')::float8)::numeric, 3) AS mean_alpha,
       round(avg(pg_column_size(m.model))) AS model_bytes
  FROM fc_sku AS s
  JOIN fc_model AS m USING (sku_id),
       logistics.forecast_model_json(m.model) AS j
 WHERE m.method = 'auto'
 GROUP BY 1
 ORDER BY 2 DESC, 1;

-- The chart: one SKU per pattern (the one with the most units sold), the
-- last 12 weeks of history, the 31-day forecast of the "by class" rule with
-- its 95% band, and what was actually sold in December.
\echo 'Chart of history, forecast, 95% interval and actuals for one SKU per pattern:' :svg
\pset format unaligned
\pset tuples_only on
\o :svg
WITH pick AS (
    SELECT DISTINCT ON (pattern) sku_id, sku, pattern, history, actual
      FROM fc_sku
     ORDER BY pattern, (SELECT sum(v) FROM unnest(history) AS v) DESC, sku_id
), panel AS (
    SELECT row_number() OVER (ORDER BY p.pattern)::int - 1 AS k, p.sku, p.pattern,
           p.history[617:700] AS hist, p.actual, r.point, r.lower, r.upper,
           CASE WHEN logistics.demand_class(p.history) IN ('intermittent', 'lumpy')
                THEN 'TSB' ELSE 'ETS (auto)' END AS method,
           logistics.mase(p.actual, r.point, p.history, 7) AS mase
      FROM pick AS p
      JOIN fc_result AS r ON r.sku_id = p.sku_id AND r.method = 'by class'
), geo AS (
    -- panel origin and scales: day t = -83 .. 31 (0 = 2025-11-30)
    SELECT panel.*, 70 + (k % 2) * 470 AS x0, 50 + (k / 2) * 300 AS y0,
           round(70 + (k % 2) * 470 + 83 * 380.0 / 114, 1) AS xnow,
           1.1 * greatest(1, (SELECT max(v) FROM unnest(hist || actual || point
                                    || coalesce(upper, point)) AS v)) AS ymax
      FROM panel
), pts AS (
    SELECT g.k, s.series, s.t, round((g.x0 + (s.t + 83) * 380.0 / 114)::numeric, 1) AS x,
           round((g.y0 + 220 - least(s.v, g.ymax) / g.ymax * 220)::numeric, 1) AS y
      FROM geo AS g
     CROSS JOIN LATERAL (
           SELECT 'hist' AS series, i - 84 AS t, v FROM unnest(g.hist) WITH ORDINALITY AS u(v, i)
           UNION ALL
           SELECT 'actual', i::int, v FROM unnest(g.actual) WITH ORDINALITY AS u(v, i)
           UNION ALL
           SELECT 'point', i::int, v FROM unnest(g.point) WITH ORDINALITY AS u(v, i)
           UNION ALL
           SELECT 'upper', i::int, v FROM unnest(g.upper) WITH ORDINALITY AS u(v, i)
            WHERE v IS NOT NULL
           UNION ALL
           SELECT 'lower', i::int, greatest(v, 0) FROM unnest(g.lower) WITH ORDINALITY AS u(v, i)
            WHERE v IS NOT NULL) AS s
), lines AS (
    SELECT k,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'hist') AS hist,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'actual') AS actual,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'point') AS point,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'upper') AS upper,
           string_agg(x || ',' || y, ' ' ORDER BY t DESC) FILTER (WHERE series = 'lower') AS lower
      FROM pts
     GROUP BY k
), svg_panel AS (
    SELECT g.k, format(
        '<g>'
        '<text x="%s" y="%s" font-size="14" font-weight="bold">%s (%s): %s, MASE %s%s</text>'
        '<rect x="%s" y="%s" width="380" height="220" fill="none" stroke="#999"/>'
        '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-dasharray="3,3"/>'
        '%s'
        '<polyline points="%s" fill="none" stroke="#333" stroke-width="1.2"/>'
        '<polyline points="%s" fill="none" stroke="#e67e22" stroke-width="1.2"/>'
        '<polyline points="%s" fill="none" stroke="#1f5fbf" stroke-width="2"/>'
        '<text x="%s" y="%s" font-size="11" text-anchor="end">%s</text>'
        '<text x="%s" y="%s" font-size="11" text-anchor="end">0</text>'
        '<text x="%s" y="%s" font-size="11">Sep 8</text>'
        '<text x="%s" y="%s" font-size="11" text-anchor="middle">Dec 1</text>'
        '<text x="%s" y="%s" font-size="11" text-anchor="end">Dec 31</text>'
        '</g>',
        g.x0, g.y0 - 8, g.sku, g.pattern, g.method, round(g.mase::numeric, 2),
        CASE WHEN l.upper IS NULL THEN ' (no interval)' ELSE '' END,
        g.x0, g.y0,
        g.xnow, g.y0, g.xnow, g.y0 + 220,
        CASE WHEN l.upper IS NULL THEN ''
             ELSE format('<polygon points="%s %s" fill="#1f5fbf" fill-opacity="0.18" stroke="none"/>',
                         l.upper, l.lower) END,
        l.hist, l.actual, l.point,
        g.x0 - 4, g.y0 + 10, round(g.ymax::numeric, 1),
        g.x0 - 4, g.y0 + 220,
        g.x0, g.y0 + 236,
        round(g.x0 + 84 * 380.0 / 114), g.y0 + 236,
        g.x0 + 380, g.y0 + 236) AS body
      FROM geo AS g
      JOIN lines AS l USING (k)
)
SELECT '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="660" '
       'viewBox="0 0 960 660" font-family="sans-serif">' || E'\n'
       || '<rect width="960" height="660" fill="white"/>' || E'\n'
       || '<text x="480" y="22" font-size="16" text-anchor="middle">Daily demand of the '
       || 'sample company: last 12 weeks, December 2025 forecast with 95% interval</text>'
       || E'\n' || string_agg(body, E'\n' ORDER BY k) || E'\n'
       || '<g font-size="12"><line x1="250" y1="640" x2="275" y2="640" stroke="#333"/>'
       || '<text x="280" y="644">history</text>'
       || '<line x1="350" y1="640" x2="375" y2="640" stroke="#1f5fbf" stroke-width="2"/>'
       || '<text x="380" y="644">forecast</text>'
       || '<rect x="450" y="634" width="25" height="12" fill="#1f5fbf" fill-opacity="0.18"/>'
       || '<text x="480" y="644">95% interval</text>'
       || '<line x1="575" y1="640" x2="600" y2="640" stroke="#e67e22"/>'
       || '<text x="605" y="644">actual December</text></g>' || E'\n'
       || '</svg>'
  FROM svg_panel;
\o
\pset format aligned
\pset tuples_only off

DROP TABLE fc_result, fc_model, fc_sku;
RESET client_min_messages;
\else
\echo 'the sample data (schema sample, scripts/data/10-sample.sql) is not loaded: skipped'
\endif
