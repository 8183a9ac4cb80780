#!/usr/bin/python3
"""Check the figures of the dashboard (OUT_DIR/data.json, Cube's answers on
the BI views) against plain SQL on the sample tables, in the database the
dashboard was built from (PG* environment).  The SQL here uses no function
of the extension: counts and sums for the fulfilment rates, PostGIS's
geodesic ST_Distance for the route lengths, the daily sales for the weekly
actuals, and the textbook reorder point for inventory health.  Prints TAP;
exits 1 when a figure differs.

    check.py OUT_DIR
"""

import json
import os
import subprocess
import sys

out = sys.argv[1]
with open(os.path.join(out, 'data.json'), encoding='utf-8') as f:
    data = json.load(f)

n = 0
failed = 0


def sql(query):
    """Rows of a query as lists of strings (psql -At, fields split on |)."""
    res = subprocess.run(['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query],
                         check=True, capture_output=True, text=True)
    return [line.split('|') for line in res.stdout.splitlines() if line]


def check(what, cube, ours, tol=1e-9):
    """ok when Cube's value and the SQL value agree to a relative tol."""
    global n, failed
    n += 1
    a = float(cube)
    b = float(ours)
    good = abs(a - b) <= tol * max(1.0, abs(b))
    if not good:
        failed += 1
    print('%s %d - %s: cube %.10g, sql %.10g' % ('ok' if good else 'not ok', n, what, a, b))


# Order lines whose promise falls in an ISO week (UTC) starting in 2025, as
# kpi_weekly's dateRange on week_start selects them.  Rates are over all
# lines: a line not delivered is neither on time nor OTIF.
LINES_2025 = """
    FROM sample.order_line AS l
    WHERE date_trunc('week', l.promised_at, 'UTC') >= '2025-01-01 00:00+00'
      AND date_trunc('week', l.promised_at, 'UTC') < '2026-01-01 00:00+00'"""

kpi = data['kpi']
lines, otif, on_time, fill = sql("""
    SELECT count(*),
           avg(coalesce(l.delivered_at <= l.promised_at AND l.qty_shipped >= l.qty_ordered, false)::int),
           avg(coalesce(l.delivered_at <= l.promised_at, false)::int),
           sum(least(l.qty_shipped, l.qty_ordered)) / sum(l.qty_ordered)""" + LINES_2025)[0]
check('order lines, ISO weeks of 2025', kpi['kpi_weekly.order_lines'], lines, 0)
check('OTIF rate, 2025', kpi['kpi_weekly.otif_rate'], otif)
check('on-time rate, 2025', kpi['kpi_weekly.on_time_rate'], on_time)
check('fill rate (units), 2025', kpi['kpi_weekly.fill_rate'], fill)

by_city = {r[0]: r[1:] for r in sql("""
    SELECT w.city, sum(least(l.qty_shipped, l.qty_ordered)) / sum(l.qty_ordered),
           avg(coalesce(l.delivered_at <= l.promised_at, false)::int)""" +
    LINES_2025.replace('FROM sample.order_line AS l',
                       'FROM sample.order_line AS l JOIN sample.warehouse AS w USING (warehouse_id)') +
    ' GROUP BY w.city')}
for r in data['byCity']:
    city = r['warehouses.city']
    check('fill rate, %s' % city, r['kpi_weekly.fill_rate'], by_city[city][0])
    check('on-time rate, %s' % city, r['kpi_weekly.on_time_rate'], by_city[city][1])

# Routes of 2025: warehouse -> stops in stored order -> warehouse, geodesic
# legs by PostGIS (WGS84 spheroid; agrees with GeographicLib-based geodesics
# to about 1e-9 relative); default cost model 35 km/h, 5 min per stop,
# 210 g CO2 per km.
routes = {r[0]: r[1:] for r in sql("""
    WITH p AS (
        SELECT r.route_id, r.warehouse_id, 0 AS k, w.lat, w.lon
        FROM sample.delivery_route r JOIN sample.warehouse w USING (warehouse_id)
        UNION ALL
        SELECT s.route_id, r.warehouse_id, s.seq, s.lat, s.lon
        FROM sample.delivery_stop s JOIN sample.delivery_route r USING (route_id)
        UNION ALL
        SELECT r.route_id, r.warehouse_id, 2147483647, w.lat, w.lon
        FROM sample.delivery_route r JOIN sample.warehouse w USING (warehouse_id)),
    leg AS (
        SELECT route_id, warehouse_id,
               public.ST_Distance(public.ST_MakePoint(lon, lat)::public.geography,
                                  lag(public.ST_MakePoint(lon, lat)::public.geography)
                                      OVER (PARTITION BY route_id ORDER BY k)) AS m
        FROM p),
    route AS (
        SELECT l.route_id, l.warehouse_id, sum(l.m) / 1000 AS km,
               (SELECT count(*) FROM sample.delivery_stop s WHERE s.route_id = l.route_id) AS stops
        FROM leg l GROUP BY l.route_id, l.warehouse_id)
    SELECT w.city, count(*), sum(km), sum(km / 35 + stops * 5 / 60.0), sum(0.21 * km)
    FROM route JOIN sample.delivery_route r USING (route_id) JOIN sample.warehouse w ON w.warehouse_id = r.warehouse_id
    WHERE r.route_date >= '2025-01-01' AND r.route_date <= '2025-12-31'
    GROUP BY w.city""")}
for r in data['routes']:
    city = r['warehouses.city']
    check('routes, %s' % city, r['route_plan.routes'], routes[city][0], 0)
    check('route km, %s' % city, r['route_plan.distance_km'], routes[city][1], 1e-8)
    check('route hours, %s' % city, r['route_plan.duration_h'], routes[city][2], 1e-8)
    check('route kg CO2, %s' % city, r['route_plan.co2_kg'], routes[city][3], 1e-8)

# Units sold per week (168 hours from Monday 2024-01-01 00:00 UTC) over all
# SKU-locations, from the daily sales.
weekly = {r[0]: r[1] for r in sql("""
    SELECT to_char(date_trunc('week', d.day::timestamp), 'YYYY-MM-DD'), sum(d.qty)
    FROM sample.daily_sales d
    WHERE d.day >= '2025-09-08' AND d.day < '2025-12-29'
    GROUP BY 1""")}
for r in data['fcWeekly']:
    week = r['forecast_vs_actual.week_start.week'][:10]
    check('units sold, week of %s' % week, r['forecast_vs_actual.actual_units'], weekly.get(week, 0), 1e-12)

# Inventory health: SKU-locations per warehouse, and those below the
# reorder point at 95% (mean demand over the lead time plus
# z sqrt(L sd^2 + mean^2 sdL^2), demand per day over all 731 days with the
# days without sales as 0), from the last snapshot.
health = {r[0]: r[1:] for r in sql("""
    WITH d AS (
        SELECT l.warehouse_id, l.sku_id, l.lead_time_days AS lt, l.lead_time_sd_days AS ltsd,
               coalesce(sum(s.qty), 0) / 731.0 AS mu,
               greatest(coalesce(sum(s.qty ^ 2), 0) - coalesce(sum(s.qty), 0) ^ 2 / 731.0, 0) / 730.0 AS var
        FROM sample.sku_location l LEFT JOIN sample.daily_sales s USING (warehouse_id, sku_id)
        GROUP BY 1, 2, 3, 4),
    oh AS (
        SELECT warehouse_id, sku_id,
               max(on_hand) FILTER (WHERE snapshot_at = '2025-12-31 00:00+00') AS on_hand
        FROM sample.stock_snapshot WHERE snapshot_at > '2025-10-02 00:00+00'
        GROUP BY 1, 2)
    SELECT w.city, count(*),
           count(*) FILTER (WHERE oh.on_hand <
               d.mu * d.lt + 1.6448536269514722 * sqrt(d.lt * d.var + d.mu ^ 2 * d.ltsd ^ 2))
    FROM d JOIN oh USING (warehouse_id, sku_id) JOIN sample.warehouse w USING (warehouse_id)
    GROUP BY w.city""")}
for r in data['stockCity']:
    city = r['warehouses.city']
    check('SKU-locations, %s' % city, r['inventory_health.sku_locations'], health[city][0], 0)
    check('below reorder point, %s' % city, r['inventory_health.below_reorder_point'], health[city][1], 0)

print('1..%d' % n)
print('# dashboard figures against SQL: %d ok, %d differ' % (n - failed, failed))
sys.exit(1 if failed else 0)
