#!/usr/bin/env bash
# make test-citus (issue 17): the extension on Citus.  Builds Citus 13.2.2
# from ../shared/peers/citus/ when it is not installed, starts a
# coordinator and two workers on local sockets, loads the sample company
# (CITUS_SKUS SKUs, CITUS_LINES order lines: 100 and 20000 by default;
# CITUS_SHARDS shards per distributed table, 32 by default),
# keeps a local copy of it on the coordinator and distributes the original
# by SKU, order and route.  Then for every aggregate family:
#   (a) the distributed result equals the local copy's, with TimeZone UTC
#       and America/New_York (numbers within 1e-12 relative);
#   (b) for the aggregates with a real state type, EXPLAIN of a query
#       grouped by a non-distribution column (warehouse) shows worker
#       partials (worker_partial_agg) and a coordinator combine
#       (coord_combine_agg).
# Prints TAP and ends with one line "N passed, N failed".
# LOGISTICS_PRIVATE_PG=1 installs into a private copy of PostgreSQL, as
# make test does.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD

die() { echo "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1) || die "setup failed"
export PG_CONFIG
make -s PG_CONFIG="$PG_CONFIG" all || die "build failed"
if [ -n "${LOGISTICS_PRIVATE_PG:-}" ]; then
	# one per run: a bench and a test of the same worktree may run at once
	root=/tmp/logistics-citusroot-$(printf '%s' "$top" | md5sum | cut -c1-8)-$$
	bindir=$("$PG_CONFIG" --bindir)
	major=$(basename "$(dirname "$bindir")")
	rm -rf "$root"
	mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql" \
		"$root/usr/include/postgresql"
	cp -a "/usr/lib/postgresql/$major" "$root/usr/lib/postgresql/" &&
		cp -a "/usr/share/postgresql/$major" "$root/usr/share/postgresql/" &&
		ln -s "/usr/include/postgresql/$major" "$root/usr/include/postgresql/$major" ||
		die "private copy failed"
	PG_CONFIG=$root/usr/lib/postgresql/$major/bin/pg_config
	export PG_CONFIG
	trap 'rm -rf "$root"' EXIT
else
	exec 9>/tmp/logistics-install.lock
	flock 9
fi
bash scripts/citus_build.sh || die "Citus is not installed and did not build"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || die "install failed"
bindir=$("$PG_CONFIG" --bindir)

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Three clusters: n0 the coordinator, n1 and n2 the workers.
port0=${LOGISTICS_CITUS_PORT:-54411}
base=$(mktemp -d /tmp/logistics-citus.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$base"
stop_all() {
	for i in 0 1 2; do
		[ -f "$base/n$i/data/postmaster.pid" ] &&
			as_owner "$bindir/pg_ctl" -D "$base/n$i/data" -m immediate -w stop >/dev/null 2>&1
	done
	rm -rf "$base"
	[ -n "${root:-}" ] && rm -rf "$root"
}
trap stop_all EXIT
for i in 0 1 2; do
	LOGISTICS_PGPORT=$((port0 + i)) bash scripts/cluster.sh start "$base/n$i" >/dev/null ||
		die "cluster n$i did not start"
	as_owner "$bindir/pg_ctl" -D "$base/n$i/data" -m fast -w stop >/dev/null
	cat >>"$base/n$i/data/postgresql.conf" <<CONF
shared_preload_libraries = 'citus'
shared_buffers = 128MB
max_connections = 100
max_worker_processes = 16
listen_addresses = 'localhost'
CONF
	as_owner "$bindir/pg_ctl" -D "$base/n$i/data" -l "$base/n$i/server.log" -w -t 120 start \
		>/dev/null || { cat "$base/n$i/server.log" >&2; die "cluster n$i did not restart with Citus"; }
done
export PGUSER=postgres PGDATABASE=logistics_citus
psql_n() { local i=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -h "$base/n$i" -p $((port0 + i)) "$@"; }
q0() { psql_n 0 -At "$@"; }
for i in 0 1 2; do
	psql_n "$i" -d postgres -c "CREATE DATABASE logistics_citus" >/dev/null &&
		psql_n "$i" -c "SET client_min_messages = warning" -c "CREATE EXTENSION citus" >/dev/null ||
		die "CREATE EXTENSION citus failed on n$i"
done
# The nodes talk over TCP on localhost, as Citus does by default (its
# citus.local_hostname is 'localhost'), so that bench/citus.sh can count
# the bytes on the coordinator's connections (ss).
q0 -c "SELECT citus_set_coordinator_host('localhost', $port0)" \
	-c "SELECT citus_add_node('localhost', $((port0 + 1)))" \
	-c "SELECT citus_add_node('localhost', $((port0 + 2)))" >/dev/null || die "citus_add_node failed"
# propagated to the workers by Citus
q0 -c "SET client_min_messages = warning" -c "CREATE EXTENSION postgis SCHEMA public" \
	-c "CREATE EXTENSION logistics" >/dev/null || die "CREATE EXTENSION logistics failed"

skus=${CITUS_SKUS:-100}
lines=${CITUS_LINES:-20000}
sed "s/^SELECT sample.generate() /SELECT sample.generate($skus, $lines) /" scripts/data/10-sample.sql |
	q0 -f - >/dev/null 2>"$base/load.log" || { cat "$base/load.log" >&2; die "sample data did not load"; }
q0 -f test/citus/compare.sql >/dev/null || die "test/citus/compare.sql failed"

# The local copy, then the original distributed: by order (orders, order
# lines), by SKU (stock, sales, movements), by route (routes, stops);
# warehouses, SKUs and customers are reference tables.
tables="warehouse sku sku_location daily_sales stock_snapshot stock_movement customer orders order_line delivery_route delivery_stop"
{
	echo "CREATE SCHEMA loc;"
	for t in $tables; do echo "CREATE TABLE loc.$t AS TABLE sample.$t;"; done
	echo "SET client_min_messages = warning;"
	# CITUS_SHARDS: shards per distributed table (Citus's default 32)
	echo "SET citus.shard_count = ${CITUS_SHARDS:-32};"
	for t in warehouse sku customer; do echo "SELECT create_reference_table('sample.$t');"; done
	for t in orders order_line; do echo "SELECT create_distributed_table('sample.$t', 'order_id');"; done
	# movement ids are the primary key, which must hold the distribution column
	echo "ALTER TABLE sample.stock_movement DROP CONSTRAINT stock_movement_pkey;"
	for t in sku_location daily_sales stock_snapshot stock_movement; do
		echo "SELECT create_distributed_table('sample.$t', 'sku_id');"
	done
	for t in delivery_route delivery_stop; do echo "SELECT create_distributed_table('sample.$t', 'route_id');"; done
	for t in $tables; do echo "SELECT truncate_local_data_after_distributing_table('sample.$t');"; done
	echo "ANALYZE;"
} | q0 -f - >/dev/null 2>"$base/dist.log" || { cat "$base/dist.log" >&2; die "distributing failed"; }

n=0
pass=0
fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

# name | query over schema S returning (k, r); "split" marks the families
# whose state is a real type (EXPLAIN must show worker partials).
L=logistics
queries=(
"rates|split|SELECT warehouse_id::text, row($L.otif(promised_at, delivered_at, qty_ordered, qty_shipped), $L.otif_ci(promised_at, delivered_at, qty_ordered, qty_shipped), $L.otif(promised_at, delivered_at, qty_ordered, qty_shipped, '1 day', 0.1), $L.on_time_rate(promised_at, delivered_at), $L.fill_rate_ci(qty_ordered, qty_shipped), $L.line_fill_rate(qty_ordered, qty_shipped), $L.return_rate(qty_shipped, qty_returned), $L.order_accuracy(documents_ok), $L.perfect_order_rate_ci(delivered_at <= promised_at, qty_shipped >= qty_ordered, NOT damaged, documents_ok))::text FROM S.order_line GROUP BY 1"
"rates by week (UTC weeks)|split|SELECT extract(epoch FROM date_trunc('week', promised_at, 'UTC'))::text, $L.otif_ci(promised_at, delivered_at, qty_ordered, qty_shipped)::text FROM S.order_line GROUP BY 1"
"accuracy|split|SELECT warehouse_id::text, row($L.mae(qty_shipped, qty_ordered), $L.rmse(qty_shipped, qty_ordered), $L.mape(qty_shipped, qty_ordered), $L.smape(qty_shipped, qty_ordered), $L.wape(qty_shipped, qty_ordered), $L.bias(qty_shipped, qty_ordered), $L.mase(qty_shipped, qty_ordered, 2), $L.pinball_loss(qty_shipped, qty_ordered, 0.9), $L.coverage(qty_shipped, qty_ordered - 1, qty_ordered + 1), $L.msis(qty_shipped, qty_ordered - 1, qty_ordered + 1, 2, 0.05), $L.accuracy(qty_shipped, qty_ordered), $L.accuracy(qty_shipped, qty_ordered, 2))::text FROM S.order_line GROUP BY 1"
"cycle time means|split|SELECT warehouse_id::text, row($L.cycle_time(ordered_at, delivered_at), $L.cycle_time_days(ordered_at, delivered_at), $L.cycle_time_days(promised_at, delivered_at))::text FROM S.order_line GROUP BY 1"
"durations|internal|SELECT warehouse_id::text, row($L.cycle_time_percentile(ordered_at, delivered_at, 0.9), $L.cycle_time_summary(ordered_at, delivered_at), $L.lateness_summary(promised_at, delivered_at))::text FROM S.order_line GROUP BY 1"
"fulfillment_kpis (exact percentiles; subquery, expanded outside)|split|SELECT w::text, k::text FROM (SELECT warehouse_id AS w, $L.fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered, qty_shipped, qty_returned, NOT damaged, documents_ok) AS k FROM S.order_line GROUP BY 1) s"
"fulfillment_rates (1 aggregate, 8 arguments: the rate columns of fulfillment_kpis)|split|SELECT warehouse_id::text, $L.fulfillment_rates(ordered_at, promised_at, delivered_at, qty_ordered, qty_shipped, qty_returned, NOT damaged, documents_ok)::text FROM S.order_line GROUP BY 1"
"fulfillment_kpis_approx by warehouse and UTC week (at most 200 lines a group: exact)|split|SELECT warehouse_id || '/' || extract(epoch FROM date_trunc('week', promised_at, 'UTC')), $L.fulfillment_kpis_approx(ordered_at, promised_at, delivered_at, qty_ordered, qty_shipped, qty_returned, NOT damaged, documents_ok)::text FROM S.order_line GROUP BY warehouse_id, date_trunc('week', promised_at, 'UTC')"
"order-key rates|split|SELECT warehouse_id::text, row($L.order_fill_rate(order_id, qty_ordered, qty_shipped), $L.perfect_order_rate_ci(order_id, delivered_at <= promised_at, qty_shipped >= qty_ordered, NOT damaged, documents_ok))::text FROM S.order_line GROUP BY 1"
"order-key rates, text keys|split|SELECT warehouse_id::text, row($L.order_fill_rate('SO-' || order_id, qty_ordered, qty_shipped), $L.perfect_order_rate_ci('SO-' || order_id, delivered_at <= promised_at, qty_shipped >= qty_ordered, NOT damaged, documents_ok), $L.order_fill_rate_ci(customer_id || '/' || order_id, qty_ordered, qty_shipped))::text FROM S.order_line GROUP BY 1"
"order-key rates, two levels (orders grouped on the workers)|split|SELECT w::text, row($L.order_accuracy(filled), $L.order_accuracy_ci(perfect))::text FROM (SELECT warehouse_id AS w, order_id, bool_and(coalesce(qty_shipped, 0) >= qty_ordered) FILTER (WHERE qty_ordered <> 0) AS filled, bool_and(delivered_at <= promised_at AND qty_shipped >= qty_ordered AND NOT damaged AND documents_ok) FILTER (WHERE delivered_at IS NOT NULL AND promised_at IS NOT NULL AND qty_shipped IS NOT NULL AND qty_ordered IS NOT NULL AND damaged IS NOT NULL AND documents_ok IS NOT NULL) AS perfect FROM S.order_line WHERE order_id IS NOT NULL GROUP BY 1, 2) o GROUP BY 1"
"order-key rates by order (distribution column)|split|SELECT order_id::text, $L.order_fill_rate(order_id, qty_ordered, qty_shipped)::text FROM S.order_line GROUP BY 1"
"time-weighted stock by SKU-location (distribution column)|internal|SELECT warehouse_id || '/' || sku_id, row($L.time_weighted_avg(snapshot_at, on_hand, '2026-01-01 00:00+00'), $L.stockout_rate(snapshot_at, on_hand, '2026-01-01 00:00+00'))::text FROM S.stock_snapshot GROUP BY warehouse_id, sku_id"
"demand_cv|split|SELECT warehouse_id::text, $L.demand_cv(qty)::text FROM S.daily_sales GROUP BY 1"
"demand_cv over 731 days by SKU-location (distribution column)|split|SELECT warehouse_id || '/' || sku_id, $L.demand_cv(qty, 731)::text FROM S.daily_sales GROUP BY warehouse_id, sku_id"
"ledger_avg_level|split|SELECT warehouse_id::text, $L.ledger_avg_level(moved_at, qty, 0, '2024-01-01 00:00+00', '2026-01-01 00:00+00')::text FROM S.stock_movement GROUP BY 1"
"inventory_aging|split|SELECT warehouse_id::text, row($L.inventory_aging(moved_at, qty, '2026-06-01 00:00+00'), $L.inventory_aging(moved_at, qty, '2026-06-01 00:00+00', ARRAY[7, 30, 365]))::text FROM S.stock_movement GROUP BY 1"
"demand_series by SKU (distribution column)|split|SELECT sku_id::text, $L.demand_series(ordered_at, qty_ordered, '1 day', '2025-10-01 00:00+00', '2026-01-01 00:00+00')::text FROM S.order_line GROUP BY 1"
"demand_series by warehouse, month buckets|split|SELECT warehouse_id::text, $L.demand_series(ordered_at, qty_ordered, '1 month', '2024-01-31 00:00+00', '2026-01-01 00:00+00')::text FROM S.order_line GROUP BY 1"
"demand_series by warehouse, day buckets|split|SELECT warehouse_id::text, $L.demand_series(ordered_at, qty_ordered, '1 day', '2024-01-01 00:00+00', '2026-01-01 00:00+00')::text FROM S.order_line GROUP BY 1"
"route_length by route (distribution column)|internal|SELECT route_id::text, round($L.route_length(lat, lon ORDER BY seq)::numeric, 6)::text FROM S.delivery_stop GROUP BY 1"
)

# the query of the entry named $1
entry_query() {
	local entry
	for entry in "${queries[@]}"; do
		if [ "${entry%%|*}" = "$1" ]; then
			entry=${entry#*|}
			echo "${entry#*|}"
			return
		fi
	done
}

# CITUS_SKIP_CHECKS=1 (a bench at a big size): no equality checks
checks_tz="UTC America/New_York"
[ -n "${CITUS_SKIP_CHECKS:-}" ] && checks_tz=""
for tz in $checks_tz; do
	for entry in "${queries[@]}"; do
		name=${entry%%|*}
		rest=${entry#*|}
		query=${rest#*|}
		ql=${query//S./loc.}
		qd=${query//S./sample.}
		res=$(q0 -c "SET TimeZone = '$tz'" -c "
			CREATE TEMP TABLE r_loc AS SELECT * FROM ($ql) q(k, r);
			CREATE TEMP TABLE r_dist AS SELECT * FROM ($qd) q(k, r);
			SELECT (SELECT count(*) FROM r_loc) || ' ' ||
				   count(*) FILTER (WHERE l.k IS NULL OR d.k IS NULL OR NOT citus_check.same(l.r, d.r))
			FROM r_loc l FULL JOIN r_dist d USING (k);
			DROP TABLE r_loc, r_dist;" 2>&1)
		read -r groups bad <<<"$(echo "$res" | tail -n 1)"
		if [ "${bad:-x}" = "0" ] && [ "${groups:-0}" -gt 0 ]; then
			ok "$name: distributed = local in $tz ($groups groups)"
		else
			notok "$name: distributed = local in $tz"
			echo "$res" | head -n 5 | sed 's/^/# /'
		fi
	done
done

for entry in "${queries[@]}"; do
	name=${entry%%|*}
	rest=${entry#*|}
	kind=${rest%%|*}
	query=${rest#*|}
	[ "$kind" = split ] || continue
	case "$name" in *"(distribution column)"*) continue ;; esac
	plan=$(q0 -c "EXPLAIN (VERBOSE, COSTS OFF) ${query//S./sample.}" 2>&1)
	if grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan"; then
		ok "$name: EXPLAIN shows worker partials and a coordinator combine"
	else
		notok "$name: EXPLAIN shows worker partials and a coordinator combine"
		echo "$plan" | head -n 30 | sed 's/^/# /'
	fi
done

# The two-level form of the order-key rates (one row per order, grouped by
# the distribution column on the workers, then a rate over the orders, which
# splits) must give what the keyed aggregates give on one node: a check of
# the recipe in doc/citus.md against the aggregates, on the local copy.
keyed=$(entry_query "order-key rates")
twolevel=$(entry_query "order-key rates, two levels (orders grouped on the workers)")
res=$(q0 -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE a.k IS NULL OR b.k IS NULL OR NOT citus_check.same(a.r, b.r))
	FROM (${keyed//S./loc.}) a(k, r) FULL JOIN (${twolevel//S./loc.}) b(k, r) USING (k)" 2>&1)
read -r groups bad <<<"$(echo "$res" | tail -n 1)"
if [ "${bad:-x}" = "0" ] && [ "${groups:-0}" -gt 0 ]; then
	ok "order-key rates: the two-level form equals the keyed aggregates on one node ($groups groups)"
else
	notok "order-key rates: the two-level form equals the keyed aggregates on one node"
	echo "$res" | head -n 5 | sed 's/^/# /'
fi

# cycle_time_percentile_approx (a KLL sketch): partial sketches merged in
# another order than one node's scan give another answer within the
# documented bound, so instead of equality (a) is: every distributed answer
# has a rank within 1.65% of the rows of the requested one in the local
# copy (independent count), in both time zones; and (b) worker partials.
fr="ARRAY[0.1, 0.5, 0.9, 0.95]"
aq="SELECT warehouse_id AS w, $L.cycle_time_percentile_approx(ordered_at, delivered_at, $fr) AS v FROM sample.order_line GROUP BY 1"
for tz in $checks_tz; do
	res=$(q0 -c "SET TimeZone = '$tz'" -c "
		CREATE TEMP TABLE r_approx AS $aq;
		SELECT count(*) || ' ' || count(*) FILTER (WHERE NOT (err <= 0.0165))
		FROM (SELECT greatest(0, c.lt - 1 - u.p * (c.n - 1), u.p * (c.n - 1) - c.le) / c.n AS err
			  FROM r_approx a
			  CROSS JOIN LATERAL unnest($fr, a.v) u(p, v)
			  CROSS JOIN LATERAL (
				  SELECT count(*) FILTER (WHERE d < u.v - 1e-9)::float8 AS lt,
						 count(*) FILTER (WHERE d <= u.v + 1e-9)::float8 AS le,
						 count(*)::float8 AS n
				  FROM (SELECT extract(epoch FROM l.delivered_at - l.ordered_at) / 86400 AS d
						FROM loc.order_line l
						WHERE l.warehouse_id = a.w AND l.delivered_at IS NOT NULL
						  AND l.ordered_at IS NOT NULL) x) c) z;
		DROP TABLE r_approx;" 2>&1)
	read -r checked over <<<"$(echo "$res" | tail -n 1)"
	if [ "${over:-x}" = "0" ] && [ "${checked:-0}" -gt 0 ]; then
		ok "approximate percentiles: $checked distributed answers within the rank bound of the local data in $tz"
	else
		notok "approximate percentiles: distributed answers within the rank bound of the local data in $tz"
		echo "$res" | head -n 5 | sed 's/^/# /'
	fi
done
plan=$(q0 -c "EXPLAIN (VERBOSE, COSTS OFF) $aq" 2>&1)
if grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan"; then
	ok "approximate percentiles: EXPLAIN shows worker partials and a coordinator combine"
else
	notok "approximate percentiles: EXPLAIN shows worker partials and a coordinator combine"
	echo "$plan" | head -n 30 | sed 's/^/# /'
fi

# fulfillment_kpis_approx by warehouse (groups of thousands of lines, so
# the sketches compact): (a) every column but the six percentiles equals
# the exact fulfillment_kpis of the local copy (numbers within 1e-12), and
# every percentile has a rank within 1.65% of the lines of the requested
# one in the local data (independent count), in both time zones; (b)
# worker partials.  The week family above checks the groups small enough
# for the sketches to be exact (equal to the local result); this checks
# that they are small enough there.
kargs="ordered_at, promised_at, delivered_at, qty_ordered, qty_shipped, qty_returned, NOT damaged, documents_ok"
kq="SELECT warehouse_id AS w, $L.fulfillment_kpis_approx($kargs) AS a FROM sample.order_line GROUP BY 1"
pcols="{cycle_days_p50,cycle_days_p90,cycle_days_p95,lateness_days_p50,lateness_days_p90,lateness_days_p95}"
for tz in $checks_tz; do
	res=$(q0 -c "SET TimeZone = '$tz'" -c "
		CREATE TEMP TABLE r_kpa AS $kq;
		CREATE TEMP TABLE r_kp AS SELECT warehouse_id AS w, $L.fulfillment_kpis($kargs) AS e FROM loc.order_line GROUP BY 1;
		WITH pct AS (
			SELECT greatest(0, c.lt - 1 - u.p * (c.n - 1), u.p * (c.n - 1) - c.le) / c.n <= 0.0165 AS ok
			FROM r_kpa k
			CROSS JOIN LATERAL (VALUES (false, 0.5, (k.a).cycle_days_p50), (false, 0.9, (k.a).cycle_days_p90),
									   (false, 0.95, (k.a).cycle_days_p95), (true, 0.5, (k.a).lateness_days_p50),
									   (true, 0.9, (k.a).lateness_days_p90), (true, 0.95, (k.a).lateness_days_p95)) u(late, p, v)
			CROSS JOIN LATERAL (
				SELECT count(*) FILTER (WHERE d < u.v - 1e-9)::float8 AS lt,
					   count(*) FILTER (WHERE d <= u.v + 1e-9)::float8 AS le,
					   count(*)::float8 AS n
				FROM (SELECT extract(epoch FROM l.delivered_at - CASE WHEN u.late THEN l.promised_at ELSE l.ordered_at END) / 86400 AS d
					  FROM loc.order_line l
					  WHERE l.warehouse_id = k.w AND l.delivered_at IS NOT NULL AND l.promised_at IS NOT NULL
						AND l.qty_ordered > 0 AND (u.late OR l.ordered_at IS NOT NULL)) x) c),
		ex AS (
			SELECT citus_check.same((to_jsonb(k.a) - '$pcols'::text[])::text, (to_jsonb(e.e) - '$pcols'::text[])::text) AS ok
			FROM r_kpa k FULL JOIN r_kp e USING (w))
		SELECT (SELECT count(*) FROM ex) || ' ' || (SELECT count(*) FROM ex WHERE ok IS NOT TRUE) || ' ' ||
			   (SELECT count(*) FROM pct) || ' ' || (SELECT count(*) FROM pct WHERE ok IS NOT TRUE) || ' ' ||
			   (SELECT max(c) FROM (SELECT count(*) AS c FROM loc.order_line
									GROUP BY warehouse_id, date_trunc('week', promised_at, 'UTC')) g);
		DROP TABLE r_kpa, r_kp;" 2>&1)
	read -r groups bad checked over weekmax <<<"$(echo "$res" | tail -n 1)"
	if [ "${bad:-x}" = "0" ] && [ "${over:-x}" = "0" ] && [ "${groups:-0}" -gt 0 ] && [ "${checked:-0}" -gt 0 ]; then
		ok "fulfillment_kpis_approx: $groups warehouses equal to the local fulfillment_kpis but the percentiles, $checked percentiles within the rank bound in $tz"
	else
		notok "fulfillment_kpis_approx: equal to the local fulfillment_kpis but the percentiles, which are within the rank bound, in $tz"
		echo "$res" | head -n 5 | sed 's/^/# /'
	fi
	if [ "${weekmax:-999}" -le 200 ] 2>/dev/null; then
		ok "fulfillment_kpis_approx: the week groups hold at most 200 lines ($weekmax), so their equality above is that of exact sketches"
	else
		notok "fulfillment_kpis_approx: the week groups hold at most 200 lines (${weekmax:-?})"
	fi
done
plan=$(q0 -c "EXPLAIN (VERBOSE, COSTS OFF) $kq" 2>&1)
if grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan"; then
	ok "fulfillment_kpis_approx by warehouse: EXPLAIN shows worker partials and a coordinator combine"
else
	notok "fulfillment_kpis_approx by warehouse: EXPLAIN shows worker partials and a coordinator combine"
	echo "$plan" | head -n 30 | sed 's/^/# /'
fi

# fulfillment_rates by warehouse, distributed, against the exact
# fulfillment_kpis of the local copy: every column of fulfillment_rates is
# the same-named column of fulfillment_kpis (numbers within 1e-12), in both
# time zones (the family above compares it with itself on one node)
rq="SELECT warehouse_id AS w, $L.fulfillment_rates($kargs) AS a FROM sample.order_line GROUP BY 1"
for tz in $checks_tz; do
	res=$(q0 -c "SET TimeZone = '$tz'" -c "
		CREATE TEMP TABLE r_kr AS $rq;
		CREATE TEMP TABLE r_kp AS SELECT warehouse_id AS w, $L.fulfillment_kpis($kargs) AS e FROM loc.order_line GROUP BY 1;
		SELECT count(*) || ' ' || count(*) FILTER (WHERE NOT coalesce(citus_check.same(to_jsonb(k.a)::text,
				(SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(e.e)) WHERE to_jsonb(k.a) ? key)::text), false))
		FROM r_kr k FULL JOIN r_kp e USING (w);
		DROP TABLE r_kr, r_kp;" 2>&1)
	read -r groups bad <<<"$(echo "$res" | tail -n 1)"
	if [ "${bad:-x}" = "0" ] && [ "${groups:-0}" -gt 0 ]; then
		ok "fulfillment_rates: $groups warehouses equal to the columns of the local fulfillment_kpis in $tz"
	else
		notok "fulfillment_rates: equal to the columns of the local fulfillment_kpis in $tz"
		echo "$res" | head -n 5 | sed 's/^/# /'
	fi
done

# CITUS_BENCH=1 (bench/citus.sh): every family grouped by warehouse, the
# distributed query against the same query on the local copy (one node),
# best of 3 each, and the bytes the coordinator received from the workers,
# measured two ways:
#   - "received": the bytes received on the coordinator's TCP connections
#     to the workers while running the query once more (ss's
#     bytes_received, summed over the connections before and after, in one
#     session that keeps every connection open).  That is the workers'
#     protocol messages, row and message headers included, for every
#     plan, split ones included;
#   - "tuple data": EXPLAIN ANALYZE's "Tuple data received from nodes", for
#     the row-gather families only (below).
if [ -n "${CITUS_BENCH:-}" ]; then
	best_ms() {
		local best="" t i
		for i in 1 2 3; do
			t=$(q0 -c '\timing on' -c "SELECT count(*) FROM ($1) x" |
				sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
			if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
				best=$t
			fi
		done
		echo "$best"
	}
	# bytes received by the coordinator from the workers for one run of
	# $1 (warmed up first, so no connection set-up is counted; the
	# session keeps every connection it opened, so none is lost)
	cat >"$base/rx.sh" <<RX
ss -tinH state established '( dport = :$((port0 + 1)) or dport = :$((port0 + 2)) )' |
	grep -o 'bytes_received:[0-9]*' | cut -d: -f2 | awk '{ s += \$1 } END { print "rx", s + 0 }'
RX
	rx_bytes() {
		q0 -f - <<SQL | awk '$1 == "rx" { v[++n] = $2 } END { print v[2] - v[1] }'
SET citus.max_cached_conns_per_worker = 100;
SELECT count(*) FROM ($1) x;
\\! bash $base/rx.sh
SELECT count(*) FROM ($1) x;
\\! bash $base/rx.sh
SQL
	}
	if [ -n "${CITUS_BENCH_SHARDS:-}" ]; then
		q0 -c "SET client_min_messages = warning" -c "CREATE SCHEMA s2" \
			-c "CREATE TABLE s2.order_line AS TABLE loc.order_line" \
			-c "SELECT create_distributed_table('s2.order_line', 'order_id', shard_count => ${CITUS_BENCH_SHARDS}, colocate_with => 'none')" \
			-c "ANALYZE s2.order_line" >/dev/null || die "s2.order_line did not distribute"
	fi
	echo "# bench: $(q0 -c "SELECT count(*) FROM loc.order_line") order lines," \
		"$(q0 -c "SELECT count(*) FROM loc.stock_snapshot") snapshots; ratio = distributed / one node (target <= 2)"
	# the approximate percentiles: compared on both sides (their result
	# differs within the rank bound, checked above)
	# and fulfillment_kpis computed as its splitting parts (doc/citus.md):
	# the rates with their intervals, mean cycle time and lateness, and
	# approximate p50/p90/p95 of both
	bench_only=("approx percentiles (KLL sketch)|split|SELECT warehouse_id::text, $L.cycle_time_percentile_approx(ordered_at, delivered_at, ARRAY[0.5, 0.9, 0.95])::text FROM S.order_line GROUP BY 1"
		"fulfillment_kpis_approx (one aggregate, 8 arguments)|split|SELECT warehouse_id::text, $L.fulfillment_kpis_approx(ordered_at, promised_at, delivered_at, qty_ordered, qty_shipped, qty_returned, NOT damaged, documents_ok)::text FROM S.order_line GROUP BY 1"
		"built-in count and avg (2 aggregates: the Citus floor)|split|SELECT warehouse_id::text, row(count(*), avg(qty_ordered))::text FROM S.order_line GROUP BY 1"
		"otif alone (1 aggregate)|split|SELECT warehouse_id::text, $L.otif(promised_at, delivered_at, qty_ordered, qty_shipped)::text FROM S.order_line GROUP BY 1"
		"rates, 3 aggregates|split|SELECT warehouse_id::text, row($L.otif(promised_at, delivered_at, qty_ordered, qty_shipped), $L.on_time_rate(promised_at, delivered_at), $L.line_fill_rate(qty_ordered, qty_shipped))::text FROM S.order_line GROUP BY 1"
		"fulfillment_kpis as splitting parts|split|SELECT warehouse_id::text, row($L.on_time_rate_ci(promised_at, delivered_at), $L.fill_rate_ci(qty_ordered, qty_shipped), $L.otif_ci(promised_at, delivered_at, qty_ordered, qty_shipped), $L.perfect_order_rate_ci(delivered_at <= promised_at, qty_shipped >= qty_ordered, NOT damaged, documents_ok), $L.return_rate_ci(qty_shipped, qty_returned), $L.cycle_time_days(ordered_at, delivered_at), $L.cycle_time_days(promised_at, delivered_at), $L.cycle_time_percentile_approx(ordered_at, delivered_at, ARRAY[0.5, 0.9, 0.95]), $L.cycle_time_percentile_approx(promised_at, delivered_at, ARRAY[0.5, 0.9, 0.95]))::text FROM S.order_line GROUP BY 1")
	for entry in "${queries[@]}" "${bench_only[@]}"; do
		name=${entry%%|*}
		rest=${entry#*|}
		kind=${rest%%|*}
		query=${rest#*|}
		case "$name" in *"(distribution column)"* | *"by week"* | *"UTC week"*) continue ;; esac
		# CITUS_BENCH_CASES: a regex of the family names to run
		[[ "$name" =~ ${CITUS_BENCH_CASES:-.} ]] || continue
		tl=$(best_ms "${query//S./loc.}")
		td=$(best_ms "${query//S./sample.}")
		# Citus 13.2's EXPLAIN ANALYZE wraps each task in
		# worker_save_query_explain_analyze(...) AS (field_0 <type>, ...),
		# with the types of the task's columns; worker_partial_agg returns
		# cstring, which a column definition list refuses ("column
		# field_1 has pseudo-type cstring"), so the split families have no
		# figure (multi_explain.c, WrapQueryForExplainAnalyze)
		if [ "$kind" = split ]; then
			bytes="n/a (split)"
		else
			bytes=$(q0 -c "EXPLAIN (ANALYZE, FORMAT TEXT) ${query//S./sample.}" |
				sed -n 's/.*Tuple data received from nodes: \(.*\)$/\1/p' | head -n 1)
		fi
		rx=$(rx_bytes "${query//S./sample.}")
		awk -v n="$name" -v a="$td" -v b="$tl" -v by="${bytes:-?}" -v rx="$rx" 'BEGIN {
			printf "# %-45s one node %9.1f ms, distributed %9.1f ms, ratio %5.2f %s, received %.0f kB, tuple data %s\n",
				n, b, a, a / b, (a / b <= 2 ? "ok" : "OVER"), rx / 1024, by }'
		# the same on the order lines distributed over CITUS_BENCH_SHARDS
		# shards (schema s2), in the same run, for the families that read
		# the order lines only
		if [ -n "${CITUS_BENCH_SHARDS:-}" ] && [[ "$query" != *S.[a-np-z]* ]]; then
			t2=$(best_ms "${query//S./s2.}")
			rx2=$(rx_bytes "${query//S./s2.}")
			awk -v n="$name" -v a="$t2" -v b="$tl" -v rx="$rx2" -v sh="$CITUS_BENCH_SHARDS" 'BEGIN {
				printf "# %-45s %d shards: distributed %9.1f ms, ratio %5.2f %s, received %.0f kB\n",
					n, sh, a, a / b, (a / b <= 2 ? "ok" : "OVER"), rx / 1024 }'
		fi
	done
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
