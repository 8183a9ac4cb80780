#!/usr/bin/env bash
# Paired comparison of two builds' distance phase (vehicles first: Solomon
# 100).  Each build is compiled with -DVRP_PAIRED: after the fleet phase
# it runs the distance phase once per distance seed 0 .. VRP_DSEEDS - 1
# from the plan the fleet phase left (vrp_search.c, PairedDistance).  When
# the two builds differ only in the distance phase, that plan is the same
# for both, so each (instance, fleet seed, distance seed) gives one pair,
# and the spread between seeds (up to 10% on R2 and RC2) cancels out.
# The figures are the solver's own arc costs (for judging a change; the
# whole-run figures with the independent checker come from
# bench/vrptw_seeds.sh).
#
#   bash bench/vrptw_paired.sh BASE_SRC [NEW_SRC]     NEW_SRC: src
#   (both trees need PairedDistance, e.g. a copy of src with one change)
#   VRP_HEATS="3 4 5:300 3@2" bash bench/vrptw_paired.sh -h [SRC]
#                           one build, the distance phase once per listed
#                           start heat (x 0.45 x mean arc cost; ":k" sets
#                           T0 / Tf = k, default 100; "@r" runs it as r
#                           independent runs) from the same plan; the
#                           first listed is the base of the pairs
#   VRP_MATCH="R2|RC2"      instances (regular expression on the file name)
#   VRP_SEEDS="0 1"         fleet seeds
#   VRP_DSEEDS=5            distance seeds per fleet seed
#
# Prints per build (or heat) the runs at the BKS vehicle count and the
# mean gap on those, and per class the mean paired difference
# (new - base) / base in percent, with how many pairs new is better and
# worse.
set -euo pipefail
cd "$(dirname "$0")/.."
heats=""
if [ "${1:-}" = -h ]; then
	heats=${VRP_HEATS:?-h needs VRP_HEATS, e.g. "3 4"}
	base=${2:-src}
	new=$base
	builds=base
else
	base=${1:?usage: vrptw_paired.sh BASE_SRC [NEW_SRC] | -h [SRC]}
	new=${2:-src}
	builds="base new"
	unset VRP_HEATS
fi
match=${VRP_MATCH:-R2|RC2}
seeds=${VRP_SEEDS:-"0 1"}
export VRP_DSEEDS=${VRP_DSEEDS:-5}
tmp=$(mktemp -d /tmp/logistics-paired.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for b in $builds; do
	if [ $b = base ]; then s=$base; else s=$new; fi
	parts=()
	for f in "$s"/routing/vrp*.c; do
		[[ $f == *_fmgr.c ]] || parts+=("$f")
	done
	cc -O2 -DVRP_PAIRED -I"$s" -o "$tmp/$b" bench/vrp_driver.c "${parts[@]}" -lm
done
# with -h the heat of each line names its variant, the first one is "base"
first=${heats%% *}
grep -E '^TW ' bench/vrp.sh | while read -r set file bks veh; do
	grep -qE "$match" <<<"$file" || continue
	for s in $seeds; do
		if [ "$s" = 0 ]; then o=""; else o="-s $s"; fi
		for b in $builds; do
			# shellcheck disable=SC2086
			"$tmp/$b" $o "$set" "data/routing/vrp/$file" "$bks" "$veh" 2>&1 >/dev/null |
				awk -v b=$b -v f="$file" -v s="$s" -v k="$bks" -v v="$veh" \
					-v h="$heats" -v first="$first" \
					'$1 == "PAIRED" {
						if (h != "") { b = $7; sub(/:100$/, "", b); if (b == first) b = "base" }
						print b, f, s, k, v, $2, $3, $4, $5, $6 }'
		done
	done
done >"$tmp/all"
for b in $builds; do
	if ! grep -q "^$b " "$tmp/all"; then
		echo "the $b build printed no PAIRED lines: its vrp_search.c has no" \
			"PairedDistance (main before session 9)" >&2
		exit 1
	fi
done
# build file seed bks bks_veh dseed routes cost start_cost seconds
awk '{
	cl = $2; sub(/^.*\//, "", cl); sub(/\..*/, "", cl); sub(/[0-9][0-9]$/, "", cl);
	n[$1]++; t[$1] += $10
	if ($7 <= $5) { h[$1]++; g[$1] += 100 * ($8 - $4) / $4 }
	k = $2 " " $3 " " $6; c[$1 " " k] = $8; r[$1 " " k] = $7; K[k] = cl
}
END {
	for (b in n)
		printf "%-5s runs %d, at the BKS vehicle count %d, mean gap on those %.3f%%, %.3f s per run\n",
			b, n[b], h[b], h[b] ? g[b] / h[b] : 0, t[b] / n[b]
	for (b in n) {
		if (b == "base")
			continue
		for (k in K)
			if (("base " k) in c && (b " " k) in c && r["base " k] == r[b " " k]) {
				d = 100 * (c[b " " k] - c["base " k]) / c["base " k]
				cl = b " " K[k]; m[cl]++; sd[cl] += d
				if (d < -1e-9) w[cl]++
				if (d > 1e-9) l[cl]++
				cl = b " all"; m[cl]++; sd[cl] += d
				if (d < -1e-9) w[cl]++
				if (d > 1e-9) l[cl]++
			}
	}
	for (cl in m)
		printf "paired %-12s %3d pairs: - base %+.3f%%, better %d, worse %d\n",
			cl, m[cl], sd[cl] / m[cl], w[cl], l[cl]
}' "$tmp/all" | sort
