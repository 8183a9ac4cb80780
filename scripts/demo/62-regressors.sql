-- make demo: forecasts told about promotions and holidays.  Per demand
-- pattern the first 10 SKUs by id (no selection on promotions); daily
-- units of the SKU over both warehouses, fitted on 2024-01-01 ..
-- 2025-11-05 (675 days), the 56 days 2025-11-06 .. 2025-12-31 held back
-- (Thanksgiving, Black Friday, Cyber Monday, Christmas).  Regressors, what a
-- planner knows in advance: the promotion's discount that day
-- (sample.promotion; 0 outside promotions) and one 0/1 column per holiday
-- name of sample.holiday (built by include/regressor-series.sql with
-- logistics.holiday_indicator).  'arima' with them (regression with ARIMA
-- errors) against 'arima' without, scored by MASE.  A chart of one promoted
-- SKU (history, promotions marked, both forecasts, actuals) is written as
-- SVG (to :svg_x, default demo-out/regressors.svg under the project root).
-- bench/sample_regressors.sh compares the same with Prophet.
-- Only temporary tables are created; the sample data is read, not changed.
\if :{?svg_x}
\else
\set svg_x demo-out/regressors.svg
\! mkdir -p demo-out
\endif
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo '== Forecasting with promotions and holidays as regressors (scripts/demo/62-regressors.sql)'
SELECT to_regclass('sample.promotion') IS NOT NULL AS have_promotions \gset
\if :have_promotions

-- the 40 series and their regressors, built as bench/sample_regressors.sh
-- builds them (temporary tables rx_pick, rx_cal, rx_day, rx_series)
\set rx_schema pg_temp
\set rx_n 10
\ir include/regressor-series.sql

\echo 'Fitting arima with and without the regressors to 40 SKUs:'
\timing on
CREATE TEMP TABLE rx_result AS
SELECT s.sku_id, m.method,
       CASE m.method
            WHEN 'with regressors' THEN logistics.forecast(s.history, 56, 'arima', 7, s.xreg,
                                                           s.xreg_future)
            ELSE logistics.forecast(s.history, 56, 'arima', 7) END AS point
  FROM rx_series AS s
 CROSS JOIN (VALUES ('with regressors'), ('without')) AS m(method);
\timing off

\echo 'MASE on the 56 held-back days (scale: in-sample weekly naive; lower is better), per pattern,'
\echo 'and for the SKUs with a promotion in those days'
SELECT coalesce(s.pattern, 'all') AS pattern, count(*) / 2 AS skus,
       round(avg(logistics.mase(s.actual, r.point, s.history, 7))
             FILTER (WHERE r.method = 'with regressors')::numeric, 3) AS mase_with_regressors,
       round(avg(logistics.mase(s.actual, r.point, s.history, 7))
             FILTER (WHERE r.method = 'without')::numeric, 3) AS mase_without,
       round(avg(logistics.mase(s.actual, r.point, s.history, 7))
             FILTER (WHERE r.method = 'with regressors' AND s.promoted_in_holdout)::numeric, 3)
           AS promoted_with,
       round(avg(logistics.mase(s.actual, r.point, s.history, 7))
             FILTER (WHERE r.method = 'without' AND s.promoted_in_holdout)::numeric, 3)
           AS promoted_without
  FROM rx_series AS s
  JOIN rx_result AS r USING (sku_id)
 GROUP BY ROLLUP (s.pattern)
 ORDER BY s.pattern NULLS LAST;

\echo 'Black Friday 2025 (all 40 SKUs, units): actual against both forecasts'
SELECT round(sum(s.actual[23])) AS actual,
       round(sum(r.point[23]) FILTER (WHERE r.method = 'with regressors')) AS with_regressors,
       round(sum(r.point[23]) FILTER (WHERE r.method = 'without')) AS without
  FROM rx_series AS s JOIN rx_result AS r USING (sku_id);

-- The chart: of the SKUs that are not intermittent, the one with the most
-- promotion days among the held-back days (then the most units sold); the
-- last 8 weeks of history and the 56 held-back days; promotion days
-- shaded, holidays marked, both forecasts, actuals.
\echo 'Chart of one promoted SKU (history, promotions, both forecasts, actuals):' :svg_x
\pset format unaligned
\pset tuples_only on
\o :svg_x
WITH pick AS (
    SELECT s.* FROM rx_series AS s
     WHERE s.promoted_in_holdout AND s.pattern <> 'intermittent'
     ORDER BY s.promo_days_held_back DESC, (SELECT sum(v) FROM unnest(s.history) AS v) DESC,
              s.sku_id
     LIMIT 1
), d AS (
    -- t = -55 .. 56 (1 = 2025-11-06), x from 60 to 900
    SELECT p.sku, p.pattern, p.sku_id, g.t, date '2025-11-05' + g.t AS day,
           CASE WHEN g.t <= 0 THEN p.history[675 + g.t] ELSE p.actual[g.t] END AS qty,
           CASE WHEN g.t > 0 THEN w.point[g.t] END AS fw,
           CASE WHEN g.t > 0 THEN o.point[g.t] END AS fo,
           round((60 + (g.t + 55) * 840.0 / 111)::numeric, 1) AS x
      FROM pick AS p
      JOIN rx_result AS w ON w.sku_id = p.sku_id AND w.method = 'with regressors'
      JOIN rx_result AS o ON o.sku_id = p.sku_id AND o.method = 'without'
     CROSS JOIN generate_series(-55, 56) AS g(t)
), sc AS (
    SELECT 1.1 * greatest(1, max(greatest(qty, fw, fo))) AS ymax FROM d
), pt AS (
    SELECT d.*, round((60 + 340 - greatest(0, least(v.v, sc.ymax)) / sc.ymax * 340)::numeric, 1) AS y,
           v.series
      FROM d CROSS JOIN sc
     CROSS JOIN LATERAL (VALUES ('qty', d.qty), ('fw', d.fw), ('fo', d.fo)) AS v(series, v)
     WHERE v.v IS NOT NULL
), promo AS (
    SELECT string_agg(format('<rect x="%s" y="60" width="%s" height="340" fill="#f39c12" fill-opacity="0.18"/>',
                             round((60 + (greatest(pr.start_day, date '2025-09-11') - date '2025-11-05' + 55)
                                        * 840.0 / 111 - 3.8)::numeric, 1),
                             round(((least(pr.end_day, date '2025-12-31')
                                     - greatest(pr.start_day, date '2025-09-11') + 1)
                                    * 840.0 / 111)::numeric, 1)), '') AS svg,
           string_agg(format('%s-%s %s%% off', to_char(pr.start_day, 'Mon FMDD'),
                             to_char(pr.end_day, 'Mon FMDD'), round(100 * pr.discount)), ', ') AS label
      FROM sample.promotion AS pr, pick AS p
     WHERE pr.sku_id = p.sku_id AND pr.end_day >= date '2025-09-11' AND pr.start_day <= date '2025-12-31'
), hol AS (
    SELECT string_agg(format('<line x1="%1$s" y1="60" x2="%1$s" y2="400" stroke="#8e44ad" stroke-dasharray="2,3"/>'
                             '<text x="%1$s" y="414" font-size="9" text-anchor="middle" fill="#8e44ad">%2$s</text>',
                             round((60 + (h.day - date '2025-11-05' + 55) * 840.0 / 111)::numeric, 1),
                             CASE h.name WHEN 'Thanksgiving Day' THEN 'TG' WHEN 'Black Friday' THEN 'BF'
                                         WHEN 'Cyber Monday' THEN 'CM' WHEN 'Christmas Day' THEN 'Xmas'
                                         WHEN 'Veterans Day' THEN 'Vet' WHEN 'Labor Day' THEN 'Labor'
                                         WHEN 'Columbus Day' THEN 'Col' ELSE '' END), '') AS svg
      FROM sample.holiday AS h
     WHERE h.day BETWEEN date '2025-09-11' AND date '2025-12-31' AND h.name <> 'Christmas shopping'
), lines AS (
    SELECT string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'qty' AND t <= 0) AS hist,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'qty' AND t > 0) AS actual,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'fw') AS fw,
           string_agg(x || ',' || y, ' ' ORDER BY t) FILTER (WHERE series = 'fo') AS fo
      FROM pt
), m AS (
    SELECT logistics.mase(s.actual, w.point, s.history, 7) AS mw,
           logistics.mase(s.actual, o.point, s.history, 7) AS mo
      FROM pick AS s
      JOIN rx_result AS w ON w.sku_id = s.sku_id AND w.method = 'with regressors'
      JOIN rx_result AS o ON o.sku_id = s.sku_id AND o.method = 'without'
)
SELECT format(
    '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="480" viewBox="0 0 960 480" font-family="sans-serif">' || E'\n'
    '<rect width="960" height="480" fill="white"/>' || E'\n'
    '<text x="480" y="22" font-size="16" text-anchor="middle">%s (%s): daily units, 56 days held back; promotions: %s</text>' || E'\n'
    '<text x="480" y="42" font-size="13" text-anchor="middle">MASE with regressors %s, without %s</text>' || E'\n'
    '%s%s' || E'\n'
    '<rect x="60" y="60" width="840" height="340" fill="none" stroke="#999"/>'
    '<line x1="%s" y1="60" x2="%s" y2="400" stroke="#999" stroke-dasharray="3,3"/>' || E'\n'
    '<polyline points="%s" fill="none" stroke="#333" stroke-width="1.2"/>' || E'\n'
    '<polyline points="%s" fill="none" stroke="#333" stroke-width="1.2" stroke-dasharray="4,2"/>' || E'\n'
    '<polyline points="%s" fill="none" stroke="#999" stroke-width="1.5"/>' || E'\n'
    '<polyline points="%s" fill="none" stroke="#1f5fbf" stroke-width="2"/>' || E'\n'
    '<text x="56" y="70" font-size="11" text-anchor="end">%s</text><text x="56" y="400" font-size="11" text-anchor="end">0</text>'
    '<text x="60" y="430" font-size="11">Sep 11</text><text x="%s" y="430" font-size="11" text-anchor="middle">Nov 6</text>'
    '<text x="900" y="430" font-size="11" text-anchor="end">Dec 31</text>' || E'\n'
    '<g font-size="12"><line x1="150" y1="460" x2="175" y2="460" stroke="#333"/><text x="180" y="464">history</text>'
    '<line x1="250" y1="460" x2="275" y2="460" stroke="#333" stroke-dasharray="4,2"/><text x="280" y="464">actual</text>'
    '<line x1="340" y1="460" x2="365" y2="460" stroke="#1f5fbf" stroke-width="2"/><text x="370" y="464">arima with regressors</text>'
    '<line x1="530" y1="460" x2="555" y2="460" stroke="#999" stroke-width="1.5"/><text x="560" y="464">arima without</text>'
    '<rect x="670" y="454" width="25" height="12" fill="#f39c12" fill-opacity="0.18"/><text x="700" y="464">promotion</text>'
    '<line x1="780" y1="452" x2="780" y2="468" stroke="#8e44ad" stroke-dasharray="2,3"/><text x="785" y="464">holiday</text></g>' || E'\n'
    '</svg>',
    (SELECT sku FROM pick), (SELECT pattern FROM pick), coalesce((SELECT label FROM promo), 'none'),
    (SELECT round(mw::numeric, 2) FROM m), (SELECT round(mo::numeric, 2) FROM m),
    coalesce((SELECT svg FROM promo), ''), coalesce((SELECT svg FROM hol), ''),
    round(60 + 55.5 * 840.0 / 111, 1), round(60 + 55.5 * 840.0 / 111, 1),
    l.hist, l.actual, l.fo, l.fw,
    (SELECT round(ymax::numeric, 1) FROM sc),
    round(60 + 56 * 840.0 / 111))
  FROM lines AS l;
\o
\pset format aligned
\pset tuples_only off

DROP TABLE rx_result, rx_series, rx_day, rx_cal, rx_pick;
RESET client_min_messages;
\else
\echo 'the sample data with promotions (schema sample, scripts/data/10-sample.sql) is not loaded: skipped'
\endif
