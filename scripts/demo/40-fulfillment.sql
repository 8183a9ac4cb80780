-- make demo: fulfilment scorecards (read-only).  Rates in percent with their
-- 95% Wilson intervals; times in days.
\echo '== Fulfilment: the sample company (sample.order_line)'

\echo 'Scorecard per warehouse, 2024-2025 (OTIF: on time and in full per line; perfect: orders'
\echo 'whose lines were all on time, complete, undamaged and documented)'
SELECT w.code AS warehouse,
       k.lines,
       round(100 * k.on_time_rate::numeric, 1) AS on_time_pct,
       round(100 * k.otif_rate::numeric, 1) AS otif_pct,
       format('[%s, %s]', round(100 * k.otif_lower::numeric, 1), round(100 * k.otif_upper::numeric, 1)) AS otif_95ci,
       round(100 * o.perfect::numeric, 1) AS perfect_order_pct,
       round(100 * k.fill_rate::numeric, 2) AS unit_fill_pct,
       round(100 * k.in_full_rate::numeric, 1) AS line_fill_pct,
       round(100 * o.order_fill::numeric, 1) AS order_fill_pct,
       round(100 * k.return_rate::numeric, 2) AS return_pct,
       round(k.cycle_days_p50::numeric, 2) AS cycle_p50_d,
       round(k.cycle_days_p90::numeric, 2) AS cycle_p90_d,
       round(k.days_late_mean::numeric, 2) AS days_late
  FROM (SELECT warehouse_id,
               logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
                                          qty_shipped, qty_returned, NOT damaged,
                                          documents_ok) AS kpis
          FROM sample.order_line
         GROUP BY warehouse_id) s
 CROSS JOIN LATERAL (SELECT (s.kpis).*) k
  JOIN (SELECT warehouse_id,
               logistics.perfect_order_rate(order_id,
                                            coalesce(delivered_at <= promised_at, false),
                                            qty_shipped >= qty_ordered, NOT damaged,
                                            documents_ok) AS perfect,
               logistics.order_fill_rate(order_id, qty_ordered, qty_shipped) AS order_fill
          FROM sample.order_line
         GROUP BY warehouse_id) o USING (warehouse_id)
  JOIN sample.warehouse w USING (warehouse_id)
 ORDER BY w.warehouse_id;

\echo 'The last eight weeks, all warehouses (weeks start on Monday, UTC; in the last week, which'
\echo 'the data end in, most lines are not delivered yet and so count as not on time)'
SELECT week, k.lines, k.delivered,
       round(100 * k.otif_rate::numeric, 1) AS otif_pct,
       format('[%s, %s]', round(100 * k.otif_lower::numeric, 1), round(100 * k.otif_upper::numeric, 1)) AS otif_95ci,
       round(100 * k.perfect_rate::numeric, 1) AS perfect_line_pct,
       round(100 * k.fill_rate::numeric, 2) AS unit_fill_pct,
       round(k.cycle_days_mean::numeric, 2) AS cycle_mean_d,
       round(k.cycle_days_p95::numeric, 2) AS cycle_p95_d,
       k.late,
       round(k.lateness_days_p95::numeric, 2) AS lateness_p95_d
  FROM (SELECT (date_trunc('week', ordered_at AT TIME ZONE 'UTC'))::date AS week,
               logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
                                          qty_shipped, qty_returned, NOT damaged,
                                          documents_ok) AS kpis
          FROM sample.order_line
         WHERE ordered_at >= (SELECT date_trunc('week', max(ordered_at) AT TIME ZONE 'UTC')
                                     - interval '7 weeks'
                                FROM sample.order_line) AT TIME ZONE 'UTC'
         GROUP BY 1) s
 CROSS JOIN LATERAL (SELECT (s.kpis).*) k
 ORDER BY week;

\echo 'OTIF percent per warehouse and week, the last eight weeks'
SELECT week,
       round(100 * max(otif) FILTER (WHERE code = 'EWR')::numeric, 1) AS "EWR",
       round(100 * max(otif) FILTER (WHERE code = 'ATL')::numeric, 1) AS "ATL",
       round(100 * max(otif) FILTER (WHERE code = 'CHI')::numeric, 1) AS "CHI",
       round(100 * max(otif) FILTER (WHERE code = 'DFW')::numeric, 1) AS "DFW",
       round(100 * max(otif) FILTER (WHERE code = 'LAX')::numeric, 1) AS "LAX",
       round(100 * max(otif) FILTER (WHERE code = 'SEA')::numeric, 1) AS "SEA"
  FROM (SELECT (date_trunc('week', l.ordered_at AT TIME ZONE 'UTC'))::date AS week, w.code,
               logistics.otif(l.promised_at, l.delivered_at, l.qty_ordered,
                              l.qty_shipped) AS otif
          FROM sample.order_line l
          JOIN sample.warehouse w USING (warehouse_id)
         WHERE l.ordered_at >= (SELECT date_trunc('week', max(ordered_at) AT TIME ZONE 'UTC')
                                       - interval '7 weeks'
                                  FROM sample.order_line) AT TIME ZONE 'UTC'
         GROUP BY 1, 2) s
 GROUP BY week
 ORDER BY week;

\echo 'Carriers: on time, lateness, and OTIF with a delivery window (at most 1 day early and'
\echo '2 hours late) and a 5% in-full tolerance'
SELECT carrier, k.lines,
       round(100 * k.on_time_rate::numeric, 1) AS on_time_pct,
       round(100 * t.otif_window::numeric, 1) AS otif_window_pct,
       round(k.lateness_days_p90::numeric, 2) AS lateness_p90_d,
       round(k.days_late_mean::numeric, 2) AS days_late
  FROM (SELECT carrier,
               logistics.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
                                          qty_shipped, qty_returned, NOT damaged,
                                          documents_ok) AS kpis,
               logistics.otif(promised_at, delivered_at, qty_ordered, qty_shipped,
                              interval '1 day', interval '2 hours', 0.05) AS otif_window
          FROM sample.order_line
         GROUP BY carrier) t
 CROSS JOIN LATERAL (SELECT (t.kpis).*) k
 ORDER BY carrier;

\echo
\echo '== Fulfilment: USAID SCMS delivery history (scms.delivery_history)'
\echo 'On time (delivered on or before the scheduled date) and lead times per shipment mode;'
\echo 'shipments: all lines of an ASN/DN on time; lead time: PO sent to vendor -> delivered'
SELECT CASE WHEN grouping(h.shipment_mode) = 1 THEN 'all modes'
            ELSE coalesce(h.shipment_mode, 'N/A') END AS shipment_mode,
       count(*) AS lines,
       round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).rate::numeric, 1)
           AS on_time_pct,
       format('[%s, %s]',
              round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).lower::numeric, 1),
              round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).upper::numeric, 1))
           AS on_time_95ci,
       round(100 * logistics.perfect_order_rate(h.asn_dn,
                                                h.delivered_to_client <= h.scheduled_delivery,
                                                true, true, true)::numeric, 1) AS shipments_on_time_pct,
       round((logistics.lateness_summary(h.scheduled_delivery, h.delivered_to_client)).mean_days_late::numeric, 1)
           AS days_late,
       (logistics.cycle_time_summary(h.po_sent_to_vendor, h.delivered_to_client)).n AS lead_n,
       round(logistics.cycle_time_days(h.po_sent_to_vendor, h.delivered_to_client)::numeric, 1) AS lead_mean_d,
       (logistics.cycle_time_percentile(h.po_sent_to_vendor, h.delivered_to_client,
                                        ARRAY[0.5, 0.9]))::numeric(8,1)[] AS lead_p50_p90_d
  FROM scms.delivery_history h
 GROUP BY ROLLUP (h.shipment_mode)
 ORDER BY grouping(h.shipment_mode), count(*) DESC;

\echo 'The eight countries with most lines, per shipment mode (at least 20 lines; lead times'
\echo 'blank where no PO date is recorded, as for deliveries from regional centres)'
SELECT h.country, coalesce(h.shipment_mode, 'N/A') AS shipment_mode,
       count(*) AS lines,
       round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).rate::numeric, 1)
           AS on_time_pct,
       format('[%s, %s]',
              round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).lower::numeric, 1),
              round(100 * (logistics.on_time_rate_ci(h.scheduled_delivery, h.delivered_to_client)).upper::numeric, 1))
           AS on_time_95ci,
       round((logistics.lateness_summary(h.scheduled_delivery, h.delivered_to_client)).p90_days::numeric, 1)
           AS delay_p90_d,
       round((logistics.cycle_time_summary(h.po_sent_to_vendor, h.delivered_to_client)).p50_days::numeric, 1)
           AS lead_p50_d,
       round((logistics.cycle_time_summary(h.pq_first_sent_to_client, h.delivered_to_client)).p50_days::numeric, 1)
           AS pq_lead_p50_d
  FROM scms.delivery_history h
 WHERE h.country IN (SELECT country FROM scms.delivery_history
                      GROUP BY country ORDER BY count(*) DESC, country LIMIT 8)
 GROUP BY h.country, h.shipment_mode
HAVING count(*) >= 20
 ORDER BY sum(count(*)) OVER (PARTITION BY h.country) DESC, h.country, count(*) DESC;
