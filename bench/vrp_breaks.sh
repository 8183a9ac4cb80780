#!/usr/bin/env bash
# Fleet routing with driver breaks, against VROOM 1.14 in the same run:
# Solomon VRPTW instances (VROOM's JSON from bench/vrp_driver.c -j: times
# and distances x 1000, a fixed cost per vehicle that puts vehicles first)
# with one break per vehicle added: BRK_SERVICE (default 5%) of the
# depot's horizon, to start between BRK_FROM and BRK_TO (default 40% and
# 60%) of it.  Both solvers get the same JSON: ours through vrp_solve
# (default effort, one backend), VROOM with -t 1 at its default
# exploration.  Both answers go through bench/vrp_breaks_check.py, which
# replays every route from the matrices (breaks in their windows and in
# order, job windows, capacity, working hours) and recomputes distance and
# cost.  CPU seconds of one process: ours from the backend's
# /proc/self/stat (user + sys), VROOM's from bash's time.
#
#   bash bench/vrp_breaks.sh    (PG* env of a superuser with logistics;
#                                needs a C compiler, python3 and jq)
#   VRP_BRK_MATCH='C101|R101'   instances (grep -E on the file name)
set -euo pipefail
cd "$(dirname "$0")/.."

match=${VRP_BRK_MATCH:-'C101|C201|R101|R201|RC101|RC201'}
from=${BRK_FROM:-0.4}
to=${BRK_TO:-0.6}
serv=${BRK_SERVICE:-0.05}
vroom=${VROOM:-../shared/peers/vroom/vroom}
[ -x "$vroom" ] || vroom=/work/shared/peers/vroom/vroom
q() { command psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

tmp=$(mktemp -d /tmp/logistics-vrp-brk.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Isrc -o "$tmp/vrp_driver" bench/vrp_driver.c src/routing/vrp.c \
	src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c -lm
q -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS logistics CASCADE' >/dev/null

d=data/routing/vrp
printf '%-8s | %6s %9s %3s %3s %7s | %6s %9s %3s %3s %7s %s\n' instance \
	routes distance out ok cpu_s routes distance out ok cpu_s '(ours | VROOM 1.14)'
grep -E '^TW ' bench/vrp.sh | while read -r set file bks veh; do
	grep -qE "$match" <<<"$file" || continue
	name=$(basename "$file" | cut -d. -f1)
	"$tmp/vrp_driver" -j "$tmp/plain.json" "$set" "$d/$file"
	jq --argjson f "$from" --argjson t "$to" --argjson s "$serv" \
		'.vehicles |= map(. + {breaks: [{id: 1, description: "break",
			service: ((.time_window[1] - .time_window[0]) * $s | floor),
			time_windows: [[(.time_window[0] + (.time_window[1] - .time_window[0]) * $f | floor),
							(.time_window[0] + (.time_window[1] - .time_window[0]) * $t | floor)]]}]})' \
		"$tmp/plain.json" >"$tmp/in.json"
	chmod 644 "$tmp/in.json"
	# ours
	q >"$tmp/ours.txt" <<SQL
\set p \`cat $tmp/in.json\`
CREATE TEMP TABLE t0 AS
SELECT split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint AS ticks
FROM pg_read_file('/proc/self/stat') s;
CREATE TEMP TABLE r AS SELECT logistics.vrp_solve(:'p'::jsonb) AS r;
SELECT (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint
		- ticks) / 100.0
FROM pg_read_file('/proc/self/stat') s, t0;
SELECT r FROM r;
SQL
	ocpu=$(sed -n 1p "$tmp/ours.txt")
	sed -n 2p "$tmp/ours.txt" >"$tmp/ours.json"
	ours=$(python3 bench/vrp_breaks_check.py "$tmp/in.json" "$tmp/ours.json" 1000)
	# VROOM
	t=$({ time "$vroom" -i "$tmp/in.json" -t 1 -o "$tmp/vroom.json" >/dev/null 2>&1; } 2>&1 |
		awk '/^user|^sys/ { split($2, a, "m"); s += a[1] * 60 + a[2] } END { print s }')
	vr=$(python3 bench/vrp_breaks_check.py "$tmp/in.json" "$tmp/vroom.json" 1000)
	read -r or od oc ou ook owhy <<<"$ours"
	read -r vr_ vd vc vu vok vwhy <<<"$vr"
	printf '%-8s | %6s %9s %3s %3s %7.2f | %6s %9s %3s %3s %7.2f %s\n' "$name" \
		"$or" "$od" "$ou" "$ook" "$ocpu" "$vr_" "$vd" "$vu" "$vok" "$t" "${owhy:-}${vwhy:+ vroom: $vwhy}"
done
