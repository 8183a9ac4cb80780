#!/usr/bin/env bash
# Cancel latency of vrp_solve (issue 11: a 1,000-job problem cancels within
# 100 ms of statement_timeout), as bench/cancel.sh does for forecast(): a
# latency is a property of the machine's load, so this is a bench, not a
# test; run it on an idle machine.
#
#   make bench BENCH=vrp_cancel    (or PG* env of a cluster with logistics)
set -euo pipefail
cd "$(dirname "$0")/.."

reps=${REPS:-5}
q() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -c "CREATE EXTENSION IF NOT EXISTS logistics CASCADE" >/dev/null 2>&1
trap 'q -c "DROP TABLE IF EXISTS public.logistics_cancel_vrp" >/dev/null' EXIT
# vrp_solve on 1,000 jobs around Zurich ([lon, lat],
# geodesic distances), 60 vans of capacity 100 with shifts, without and with
# a 30-minute break per van, and 1,000 jobs on 4 vans without capacity
# (routes of 250 jobs: the exact break simulation is O(length) per check).
# statement_timeout VRP_TIMEOUT_MS (default 1500 ms, so that the search has
# started); the figure is psql's time minus the timeout.
vt=${VRP_TIMEOUT_MS:-1500}
vrp_problem() {
	# $1 vans, $2 capacity, $3 breaks (jsonb)
	echo "SELECT jsonb_build_object(
	  'vehicles', (SELECT jsonb_agg(jsonb_build_object('id', k,
		'start', '[8.5, 47.4]'::jsonb, 'end', '[8.5, 47.4]'::jsonb,
		'capacity', jsonb_build_array($2), 'time_window', '[0, 360000]'::jsonb,
		'breaks', '$3'::jsonb)) FROM generate_series(1, $1) k),
	  'jobs', (SELECT jsonb_agg(jsonb_build_object('id', i,
		'location', jsonb_build_array(8.5 + 0.2 * sin(i * 1.7), 47.4 + 0.15 * cos(i * 2.3)),
		'delivery', '[5]'::jsonb, 'service', 300)) FROM generate_series(1, 1000) i))"
}
brk='[{"id": 1, "service": 1800, "time_windows": [[10800, 18000]]}]'
printf '%-22s %8s %8s %s\n' vrp_solve worst_ms mean_ms "(ms after the $vt ms timeout, $reps tries, 1,000 jobs)"
for c in "60 vans|60|100|[]" "60 vans, breaks|60|100|$brk" "4 vans, breaks|4|5000|$brk"; do
	IFS="|" read -r label nv cap b <<<"$c"
	q -c "DROP TABLE IF EXISTS public.logistics_cancel_vrp" \
	  -c "CREATE TABLE public.logistics_cancel_vrp AS $(vrp_problem "$nv" "$cap" "$b") AS p" >/dev/null
	worst=0; sum=0; notcancelled=0
	for r in $(seq "$reps"); do
		out=$(command psql -X -d "${PGDATABASE:-postgres}" -c "SET statement_timeout = '${vt}ms'" -c '\timing on' \
			-c "SELECT logistics.vrp_solve(p) IS NULL FROM public.logistics_cancel_vrp" 2>&1 || true)
		ms=$(printf '%s\n' "$out" | grep -o 'Time: [0-9.]*' | tail -n 1 | awk '{ print $2 }')
		grep -q 'canceling statement due to statement timeout' <<<"$out" || notcancelled=$((notcancelled + 1))
		late=$(awk -v t="$ms" -v v="$vt" 'BEGIN { d = t - v; printf "%.1f", d < 0 ? 0 : d }')
		worst=$(awk -v a="$worst" -v b="$late" 'BEGIN { print (b > a ? b : a) }')
		sum=$(awk -v a="$sum" -v b="$late" 'BEGIN { print a + b }')
	done
	printf '%-22s %8s %8.1f %s\n' "$label" "$worst" "$(awk -v s="$sum" -v r="$reps" 'BEGIN { print s / r }')" \
		"$([ "$notcancelled" -gt 0 ] && echo "($notcancelled finished before the timeout)")"
done
