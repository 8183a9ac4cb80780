#!/usr/bin/env bash
# Fleet routing at 1,000 customers: the issue's time bar (at most 60 s of
# CPU on one core at the default effort).  The project's data has no CVRP
# instance of that size (Uchoa's X set stops at X-n766-k71 here), so this
# script generates one in the style of Uchoa et al. 2017's random-position
# instances: the depot in the centre of a 1000 x 1000 square, 1,000
# customers uniform in it (integer coordinates), demands uniform in 1..100,
# capacity 1,250 (about 41 routes), TSPLIB EUC_2D (rounded distances), from
# Python's Mersenne Twister with a fixed seed (VRP_LARGE_SEED, default
# 1000), so every run solves the same instance.  There is no best-known
# solution: the figures are our CPU time, the routes and the cost, checked
# by the bench's own checker (bench/vrp_driver.c), and VROOM's in the same
# run when VRP_VROOM=1 (it needs over 20 minutes on such sizes; its limit is
# VROOM_LIMIT seconds, default 1800).
set -euo pipefail
cd "$(dirname "$0")/.."

seed=${VRP_LARGE_SEED:-1000}
n=${VRP_LARGE_N:-1000}
vroom_on=${VRP_VROOM:-0}
vroom_limit=${VROOM_LIMIT:-1800}
vroom=${VROOM:-../shared/peers/vroom/vroom}
[ -x "$vroom" ] || vroom=/work/shared/peers/vroom/vroom

tmp=$(mktemp -d /tmp/logistics-vrp-large.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Isrc -o "$tmp/vrp_driver" bench/vrp_driver.c src/routing/vrp.c \
	src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c -lm

python3 - "$seed" "$n" >"$tmp/R-n$((n + 1)).vrp" <<'PY'
import random, sys
seed, n = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
print(f"NAME : R-n{n + 1}-s{seed}\nTYPE : CVRP\nDIMENSION : {n + 1}")
print("EDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 1250\nNODE_COORD_SECTION\n1 500 500")
for i in range(n):
    print(i + 2, rng.randint(0, 1000), rng.randint(0, 1000))
print("DEMAND_SECTION\n1 0")
for i in range(n):
    print(i + 2, rng.randint(1, 100))
print("DEPOT_SECTION\n1\n-1\nEOF")
PY

f="$tmp/R-n$((n + 1)).vrp"
# driver line: name set n routes cost bks gap cpu_s feasible iterations
# bks-vehicles why (a BKS of 1 and the X set's open fleet: the gap column
# means nothing here)
show() {
	awk -F'\t' -v who="$1" '{ printf "%-10s %5d customers: %3d routes, cost %.0f, %.2f s CPU, checker: %s\n",
		who, $3, $4, $5, $8, $9 ? "feasible" : "INFEASIBLE" }'
}
echo "instance: $n customers, seed $seed (generated; no best-known solution)"
nice -n 5 "$tmp/vrp_driver" X "$f" 1 1000 | show ours
if [ "$vroom_on" = 1 ] && [ -x "$vroom" ]; then
	"$tmp/vrp_driver" -j "$tmp/in.json" X "$f"
	TIMEFORMAT=%3U+%3S
	t=$({ time nice -n 5 "$vroom" -i "$tmp/in.json" -t 1 -l "$vroom_limit" \
		-o "$tmp/out.json" >/dev/null 2>&1; } 2>&1 | tail -n 1)
	cpu=$(echo "$t" | bc -l)
	"$tmp/vrp_driver" -T "$cpu" -c "$tmp/out.json" X "$f" 1 1000 | show "VROOM 1.14"
fi
