--
-- Fulfilment metrics on the USAID SCMS delivery history (10,324 line items,
-- data/scms), loaded here by scripts/data/20-scms.sql.  Expected values:
-- the reference figures J2-J8 of shared/data/inventory/golden.md (computed
-- independently with a documented procedure), re-derived here with Python
-- from the CSV file (same figures); Wilson intervals from R prop.test(x, n,
-- correct = FALSE).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
\set ECHO none
\i scripts/data/20-scms.sql
\set ECHO all
RESET client_min_messages;
SET extra_float_digits = 0;
SET IntervalStyle = 'postgres';

SELECT count(*) AS lines, count(DISTINCT asn_dn) AS shipments, count(DISTINCT po_so) AS orders
FROM scms.delivery_history;

--
-- J2: line on-time rate, delivered to client on or before the scheduled
-- date: 9138 / 10324 = 0.8851220457 (late 1186, early 2814, on the date
-- 6324); Wilson (R): 0.878827299 0.891130299.  Through on_time_rate, otif
-- with unit quantities, and lateness_summary.
--
SELECT (c).successes, (c).trials, round((c).rate::numeric, 6) AS rate,
	   round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper
FROM (SELECT logistics.on_time_rate_ci(scheduled_delivery, delivered_to_client) AS c
	  FROM scms.delivery_history) s;
SELECT round(logistics.otif(scheduled_delivery, delivered_to_client, 1, 1)::numeric, 10) AS otif
FROM scms.delivery_history;

--
-- J5: delay = delivered - scheduled in days over all lines: mean
-- -6.0235373886, min -372, max 192, percentile_cont p50 0, p90 3, p95 14;
-- mean delay of the late lines 21.3693086.
--
SELECT lines, delivered, early, on_schedule, late, round(on_time_rate::numeric, 6) AS on_time_rate,
	   round(mean_days::numeric, 10) AS mean_days, min_days, p50_days, p90_days, p95_days,
	   max_days, round(mean_days_late::numeric, 7) AS mean_days_late
FROM (SELECT (logistics.lateness_summary(scheduled_delivery, delivered_to_client)).*
	  FROM scms.delivery_history) s;

--
-- J3: shipment-level on time (all lines of an ASN/DN on time): 6225 / 7030
-- = 0.8854907539; Wilson (R): 0.877835683 0.892724762.
-- J4: PO-level on time (all lines of a PO/SO on time): 5549 / 6233 =
-- 0.8902615113; Wilson (R): 0.882260231 0.897782044.
-- Both through the order-key form of perfect_order_rate (on time as the
-- only condition), with the rows in table order and in reverse.
--
SELECT 'shipment' AS level, (c).successes, (c).trials, round((c).rate::numeric, 10) AS rate,
	   round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper
FROM (SELECT logistics.perfect_order_rate_ci(asn_dn, delivered_to_client <= scheduled_delivery,
											 true, true, true) AS c
	  FROM scms.delivery_history) s
UNION ALL
SELECT 'order', (c).successes, (c).trials, round((c).rate::numeric, 10),
	   round((c).lower::numeric, 9), round((c).upper::numeric, 9)
FROM (SELECT logistics.perfect_order_rate_ci(po_so, delivered_to_client <= scheduled_delivery,
											 true, true, true ORDER BY id DESC) AS c
	  FROM scms.delivery_history) s;

--
-- J6: on time by shipment mode: Air 5526 / 6113 = 0.903975, Air Charter
-- 575 / 650 = 0.884615, Ocean 306 / 371 = 0.824798, Truck 2375 / 2830 =
-- 0.839223, N/A (NULL) 356 / 360 = 0.988889.
--
SELECT shipment_mode, (c).successes, (c).trials, round((c).rate::numeric, 6) AS rate
FROM (SELECT shipment_mode,
			 logistics.on_time_rate_ci(scheduled_delivery, delivered_to_client) AS c
	  FROM scms.delivery_history GROUP BY shipment_mode) s
ORDER BY shipment_mode NULLS LAST;

--
-- J7: lead time PO sent to vendor -> delivered to client, days, rows with
-- both dates: n 4592, mean 105.55858, min -292, max 616, percentile_cont
-- p50 92, p90 208, p95 270.45; 5 negative values (data errors, kept).
-- J8: PQ first sent to client -> delivered: n 7643, mean 167.05927, p50
-- 154, p90 294, p95 347, 10 negative values.
--
SELECT 'po_to_delivery' AS lead_time, n, round(mean_days::numeric, 5) AS mean_days, min_days,
	   p50_days, p90_days, round(p95_days::numeric, 6) AS p95_days, max_days, negative
FROM (SELECT (logistics.cycle_time_summary(po_sent_to_vendor, delivered_to_client)).*
	  FROM scms.delivery_history) s
UNION ALL
SELECT 'pq_to_delivery', n, round(mean_days::numeric, 5), min_days, p50_days, p90_days,
	   round(p95_days::numeric, 6), max_days, negative
FROM (SELECT (logistics.cycle_time_summary(pq_first_sent_to_client, delivered_to_client)).*
	  FROM scms.delivery_history) s;
-- the same percentiles one by one, and the mean lead time as an interval
SELECT logistics.cycle_time_percentile(po_sent_to_vendor, delivered_to_client,
									   ARRAY[0.5, 0.9, 0.95]) AS po_p50_p90_p95,
	   logistics.cycle_time(po_sent_to_vendor, delivered_to_client) AS po_mean,
	   round(logistics.cycle_time_days(pq_first_sent_to_client, delivered_to_client)::numeric, 5)
		   AS pq_mean_days
FROM scms.delivery_history;

--
-- The same answers with parallel workers.
--
ALTER TABLE scms.delivery_history SET (parallel_workers = 2);
CREATE TEMP VIEW scms_all AS
SELECT logistics.on_time_rate_ci(scheduled_delivery, delivered_to_client) AS j2,
	   logistics.perfect_order_rate_ci(asn_dn, delivered_to_client <= scheduled_delivery,
									   true, true, true) AS j3,
	   logistics.perfect_order_rate_ci(po_so, delivered_to_client <= scheduled_delivery,
									   true, true, true) AS j4,
	   logistics.lateness_summary(scheduled_delivery, delivered_to_client) AS j5,
	   logistics.cycle_time_summary(po_sent_to_vendor, delivered_to_client) AS j7,
	   logistics.cycle_time_summary(pq_first_sent_to_client, delivered_to_client) AS j8
FROM scms.delivery_history;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE scms_serial AS SELECT * FROM scms_all;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT * FROM scms_all;
CREATE TEMP TABLE scms_parallel AS SELECT * FROM scms_all;
SET extra_float_digits = 3;
SELECT (s.*)::text = (p.*)::text AS identical FROM scms_serial s, scms_parallel p;
DROP VIEW scms_all;
SET client_min_messages = warning;
DROP SCHEMA scms CASCADE;
