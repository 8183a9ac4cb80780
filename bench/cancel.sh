#!/usr/bin/env bash
# Cancel latency (issue 10, item 14: everything cancels within 100 ms of
# statement_timeout).  forecast() on a series at the documented length limit
# (250,000 values), each method REPS times, statement_timeout 100 ms; the
# figure is psql's time for the cancelled statement minus 100 ms.  A latency
# is a property of the machine's load, so this is a bench, not a test:
# run it on an idle machine.
#
#   make bench BENCH=cancel        (or PG* env of a cluster with logistics)
set -euo pipefail
cd "$(dirname "$0")/.."

reps=${REPS:-5}
n=${CANCEL_N:-250000}
q() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -c "CREATE EXTENSION IF NOT EXISTS logistics CASCADE" >/dev/null 2>&1
q -c "DROP TABLE IF EXISTS public.logistics_cancel_series" \
  -c "CREATE TABLE public.logistics_cancel_series AS
      SELECT array_agg(100 + 10 * sin(i / 7.0) + (i % 13) ORDER BY i)::float8[] AS y
      FROM generate_series(1, $n) i" >/dev/null
trap 'q -c "DROP TABLE IF EXISTS public.logistics_cancel_series" >/dev/null' EXIT

printf '%-12s %8s %8s %s\n' method worst_ms mean_ms "(ms after the 100 ms timeout, $reps tries, n = $n)"
for m in ses holt damped auto theta ets:MAM arima ensemble mstl croston; do
	worst=0; sum=0; notcancelled=0
	for r in $(seq "$reps"); do
		out=$(command psql -X -d "${PGDATABASE:-postgres}" -c "SET statement_timeout = '100ms'" -c '\timing on' \
			-c "SELECT logistics.forecast(y, 7, '$m', 7) IS NULL FROM public.logistics_cancel_series" 2>&1 || true)
		ms=$(printf '%s\n' "$out" | grep -o 'Time: [0-9.]*' | tail -n 1 | awk '{ print $2 }')
		grep -q 'canceling statement due to statement timeout' <<<"$out" || notcancelled=$((notcancelled + 1))
		late=$(awk -v t="$ms" 'BEGIN { d = t - 100; printf "%.1f", d < 0 ? 0 : d }')
		worst=$(awk -v a="$worst" -v b="$late" 'BEGIN { print (b > a ? b : a) }')
		sum=$(awk -v a="$sum" -v b="$late" 'BEGIN { print a + b }')
	done
	printf '%-12s %8s %8.1f %s\n' "$m" "$worst" "$(awk -v s="$sum" -v r="$reps" 'BEGIN { print s / r }')" \
		"$([ "$notcancelled" -gt 0 ] && echo "($notcancelled finished before the timeout)")"
done
