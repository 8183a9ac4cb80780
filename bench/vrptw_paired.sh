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
#   VRP_MATCH="R2|RC2"      instances (regular expression on the file name)
#   VRP_SEEDS="0 1"         fleet seeds
#   VRP_DSEEDS=5            distance seeds per fleet seed
#
# Prints per build the runs at the BKS vehicle count and the mean gap on
# those, and per class the mean paired difference (new - base) / base in
# percent, with how many pairs new is better and worse.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: vrptw_paired.sh BASE_SRC [NEW_SRC]}
new=${2:-src}
match=${VRP_MATCH:-R2|RC2}
seeds=${VRP_SEEDS:-"0 1"}
export VRP_DSEEDS=${VRP_DSEEDS:-5}
tmp=$(mktemp -d /tmp/logistics-paired.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for b in base new; do
	if [ $b = base ]; then s=$base; else s=$new; fi
	parts=()
	for f in "$s"/routing/vrp*.c; do
		[[ $f == *_fmgr.c ]] || parts+=("$f")
	done
	cc -O2 -DVRP_PAIRED -I"$s" -o "$tmp/$b" bench/vrp_driver.c "${parts[@]}" -lm
done
grep -E '^TW ' bench/vrp.sh | while read -r set file bks veh; do
	grep -qE "$match" <<<"$file" || continue
	for s in $seeds; do
		if [ "$s" = 0 ]; then o=""; else o="-s $s"; fi
		for b in base new; do
			# shellcheck disable=SC2086
			"$tmp/$b" $o "$set" "data/routing/vrp/$file" "$bks" "$veh" 2>&1 >/dev/null |
				awk -v b=$b -v f="$file" -v s="$s" -v k="$bks" -v v="$veh" \
					'$1 == "PAIRED" { print b, f, s, k, v, $2, $3, $4, $5, $6 }'
		done
	done
done >"$tmp/all"
for b in base new; do
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
	for (k in K)
		if (("base " k) in c && ("new " k) in c && r["base " k] == r["new " k]) {
			d = 100 * (c["new " k] - c["base " k]) / c["base " k]
			cl = K[k]; m[cl]++; sd[cl] += d; m["all"]++; sd["all"] += d
			if (d < -1e-9) { w[cl]++; w["all"]++ }
			if (d > 1e-9) { l[cl]++; l["all"]++ }
		}
	for (cl in m)
		printf "paired %-4s %3d pairs: new - base %+.3f%%, new better %d, worse %d\n",
			cl, m[cl], sd[cl] / m[cl], w[cl], l[cl]
}' "$tmp/all" | sort
