#!/usr/bin/env bash
# Fleet routing against pgRouting's pgr_vrpOneDepot (Debian
# postgresql-15-pgrouting, experimental in pgRouting 3.4), in the same run,
# on Solomon's VRPTW instances: our solver through bench/vrp_driver.c
# (default effort, one core) and pgr_vrpOneDepot on the same orders and
# the same Euclidean distances (travel time = distance).  Both answers go
# through the checker of bench/vrp_driver.c (feasibility, recomputed
# distance), not through the solvers' own accounts.
#
#   bash bench/vrp_pgr.sh      (PG* env of a superuser: see make bench;
#                               needs a C compiler and pgrouting installed)
#   VRP_PGR_MATCH='C101|R101'  instances: an extended regex that must match
#                              the whole instance name (R201 does not select
#                              RC201); the default is the first of each
#                              Solomon class
#   VRP_PGR_TIMEOUT=900s       statement_timeout per pgr_vrpOneDepot call
#
# pgr_vrpOneDepot gets one vehicle per customer (as our solver and VROOM
# in bench/vrp.sh).  It solves the problem as pickup-and-delivery, with
# every pickup at the depot, and may bring a vehicle back to the depot to
# reload in the middle of its route (several trips): each trip is counted
# as one route here, which is a feasible Solomon route (leaving the depot
# earlier only adds waiting).  Times are CPU seconds of one process: ours
# from the driver, pgr's from the backend's /proc/self/stat (user + sys).
set -euo pipefail
cd "$(dirname "$0")/.."

q() { command psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

match=${VRP_PGR_MATCH:-'C101|C201|R101|R201|RC101|RC201'}
timeout=${VRP_PGR_TIMEOUT:-900s}
tmp=$(mktemp -d /tmp/logistics-vrp-pgr.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Isrc -o "$tmp/vrp_driver" bench/vrp_driver.c src/routing/vrp.c \
	src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c -lm

if ! q -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE' 2>"$tmp/err"; then
	echo "pgrouting not available ($(head -n 1 "$tmp/err")): skipped"
	exit 0
fi

d=data/routing/vrp
printf '%-8s | %6s %9s %7s %8s %3s | %6s %9s %7s %8s %3s %s\n' instance \
	routes distance gap% cpu_s ok routes distance gap% cpu_s ok '(ours | pgr_vrpOneDepot)'
grep -E '^TW ' bench/vrp.sh | while read -r set file bks veh; do
	name=${file##*/}
	grep -qxE "($match)" <<<"${name%%.*}" || continue
	ours=$("$tmp/vrp_driver" "$set" "$d/$file" "$bks" "$veh")
	"$tmp/vrp_driver" -P "$tmp" "$set" "$d/$file"
	chmod 644 "$tmp"/*.tsv
	# stop rows (vehicle, position, order, arrival); order -1 / 1: the depot
	q -F ' ' >"$tmp/pgr.txt" 2>"$tmp/err" <<SQL || true
SET client_min_messages = warning;
SET statement_timeout = '$timeout';
CREATE TEMP TABLE o (id int, x float8, y float8, order_unit float8,
	open_time float8, close_time float8, service_time float8);
CREATE TEMP TABLE v (vehicle_id int, capacity float8, case_no int);
CREATE TEMP TABLE m (src_id int, dest_id int, cost float8, distance float8,
	traveltime float8);
\copy o FROM '$tmp/orders.tsv'
\copy v FROM '$tmp/vehicles.tsv'
\copy m FROM '$tmp/matrix.tsv'
CREATE TEMP TABLE t0 AS
SELECT split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint AS ticks
FROM pg_read_file('/proc/self/stat') s;
CREATE TEMP TABLE r AS
SELECT * FROM pgr_vrpOneDepot('SELECT * FROM o', 'SELECT * FROM v',
							  'SELECT * FROM m', 1);
SELECT 'cpu', (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint
			   - ticks) / 100.0
FROM pg_read_file('/proc/self/stat') s, t0;
SELECT vid, opos, oid FROM r ORDER BY vid, opos;
SQL
	cpu=$(awk '$1 == "cpu" { print $2 }' "$tmp/pgr.txt")
	if [ -z "$cpu" ]; then
		pgr="-"
		why=$(head -n 1 "$tmp/err")
	else
		# VROOM's route shape for the checker: the first visit of an order
		# is its pickup at the depot, the second its delivery; a pickup
		# after a delivery starts a new trip (= a new route)
		awk '$1 != "cpu" && $3 > 1 {
			if ($1 != vid) { vid = $1; last = "" }
			if (!seen[$3]++) {
				if (last != "pickup") { nt++; printf("%s{\"vehicle\":%d,\"steps\":[", (nt > 1) ? "]}," : "{\"routes\":[", nt); first = 1 }
				last = "pickup"
			} else {
				printf("%s{\"type\":\"job\",\"id\":%d}", first ? "" : ",", $3); first = 0
				last = "delivery"
			}
		} END { printf "%s\n", nt ? "]}]}" : "{\"routes\":[]}" }' "$tmp/pgr.txt" >"$tmp/pgr.json"
		pgr=$("$tmp/vrp_driver" -T "$cpu" -c "$tmp/pgr.json" "$set" "$d/$file" "$bks" "$veh")
		why=""
	fi
	awk -F'\t' -v o="$ours" -v p="$pgr" -v why="$why" 'BEGIN {
		split(o, a, "\t"); n = split(p, b, "\t");
		printf "%-8s | %6d %9.2f %7.2f %8.2f %3s", a[1], a[4], a[5], a[7], a[8], a[9] ? "yes" : "NO";
		if (n > 1) printf " | %6d %9.2f %7.2f %8.2f %3s %s", b[4], b[5], b[7], b[8], b[9] ? "yes" : "NO", b[12];
		else printf " | pgr_vrpOneDepot failed: %s", why;
		printf "\n" }'
done
