#!/usr/bin/env bash
# Route minimisation over several seeds: Solomon 100 (TW) and Homberger
# 200 (HG), our solver at the default effort with each seed, and VROOM 1.14
# (deterministic: once per instance, -t 1, as in bench/vrp.sh) in the same
# run; every solution checked by bench/vrp_driver.c's checker.  For
# judging a change of the search over seeds rather than on one lucky or
# unlucky run.
#
#   bash bench/vrptw_seeds.sh                  seeds "0 1 2", TW and HG
#   VRP_VROOM=0                                without VROOM
#   VRP_SEEDS="0 1 2 3" VRP_SETS=TW bash bench/vrptw_seeds.sh
#   VRP_SRC=/other/tree/src                    solver sources to build
#   VRP_CFLAGS="-DNAME=1"                      extra compiler flags
#   VRP_ARGS="-e 2"                            extra vrp_driver options (effort)
#
# Prints one line per instance and seed (routes, BKS routes, gap, CPU s)
# and per set and seed (and over all seeds): instances at the BKS vehicle
# count, the mean gap on those, mean and max CPU seconds.  Seed 0 is the solver's default.
# Then per class (C1 ... RC2, C1_2 ... RC2_2) over all seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${VRP_SEEDS:-"0 1 2"}
sets=${VRP_SETS:-"TW HG"}
src=${VRP_SRC:-src}
vroom_on=${VRP_VROOM:-1}
vroom=${VROOM:-../shared/peers/vroom/vroom}
[ -x "$vroom" ] || vroom=/work/shared/peers/vroom/vroom
if [ "$vroom_on" = 1 ] && [ ! -x "$vroom" ]; then
	echo "VROOM not found at $vroom: running without it" >&2
	vroom_on=0
fi
tmp=$(mktemp -d /tmp/logistics-vrptw.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# every plain-C part of the solver (not the fmgr glue)
mapfile -t parts < <(ls "$src"/routing/vrp*.c | grep -v _fmgr)
# shellcheck disable=SC2086
cc -O2 ${VRP_CFLAGS:-} -I"$src" -o "$tmp/drv" bench/vrp_driver.c "${parts[@]}" -lm
d=data/routing/vrp
grep -E '^(TW|HG) ' bench/vrp.sh | while read -r set file bks veh; do
	grep -qw "$set" <<<"$sets" || continue
	[ -z "${VRP_MATCH:-}" ] || grep -qE "$VRP_MATCH" <<<"$file" || continue
	for s in $seeds; do
		if [ "$s" = 0 ]; then o=""; else o="-s $s"; fi
		# shellcheck disable=SC2086
		line=$("$tmp/drv" $o ${VRP_ARGS:-} "$set" "$d/$file" "$bks" "$veh")
		printf '%s\t%s\n' "$s" "$line" | tee -a "$tmp/all" |
			awk -F'\t' '{ split($2, h, " "); printf "seed %-3s %-14s %s routes %3d/%-3d gap %6.2f%% cpu %5.2f s %s\n",
				$1, h[1], $3, $5, $12, $8, $9, $10 ? "" : "INFEASIBLE" }'
	done
	[ "$vroom_on" = 1 ] || continue
	"$tmp/drv" -j "$tmp/in.json" "$set" "$d/$file"
	TIMEFORMAT=%3U+%3S
	t=$({ time "$vroom" -i "$tmp/in.json" -t 1 -o "$tmp/out.json" \
		>/dev/null 2>&1; } 2>&1 | tail -n 1)
	cpu=$(echo "$t" | bc -l)
	line=$("$tmp/drv" -T "$cpu" -c "$tmp/out.json" "$set" "$d/$file" "$bks" "$veh")
	printf 'vroom\t%s\n' "$line" | tee -a "$tmp/all" |
		awk -F'\t' '{ split($2, h, " "); printf "VROOM    %-14s %s routes %3d/%-3d gap %6.2f%% cpu %5.2f s %s\n",
			h[1], $3, $5, $12, $8, $9, $10 ? "" : "INFEASIBLE" }'
done
echo
awk -F'\t' '{
	k = $3 ($1 == "vroom" ? " VROOM" : " seed " $1); n[k]++; cpu[k] += $9; if ($9 > mx[k]) mx[k] = $9;
	if (!$10) bad[k]++;
	if ($5 <= $12) { hit[k]++; gap[k] += $8 }
	ks[k] = 1; set[$3] = 1
	if ($1 == "vroom") next
	K = $3 " all"; n[K]++; cpu[K] += $9; if ($9 > mx[K]) mx[K] = $9;
	if (!$10) bad[K]++; if ($5 <= $12) { hit[K]++; gap[K] += $8 }; ks[K] = 1
}
END {
	for (k in ks)
		printf "%-12s BKS vehicles %3d/%-3d mean gap on those %5.2f%%  infeasible %d  cpu mean %5.2f max %5.2f s\n",
			k, hit[k], n[k], hit[k] ? gap[k] / hit[k] : 0, bad[k], cpu[k] / n[k], mx[k]
}' "$tmp/all" | sort
# per class over all seeds (C1, C2, R1, R2, RC1, RC2 and their Homberger
# counterparts): where the gap is, for judging a change of the distance
# phase (the long routes of R2 and RC2 hold most of it)
echo
awk -F'\t' '$1 != "vroom" {
	split($2, h, " "); cl = h[1]; sub(/^.*\//, "", cl);
	if (cl ~ /_/) cl = substr(cl, 1, index(cl, "_") - 1) "_" substr(cl, index(cl, "_") + 1, 1);
	else { d = match(cl, /[0-9]/); cl = substr(cl, 1, d); }
	k = $3 " " cl; n[k]++; if ($5 <= $12) { hit[k]++; gap[k] += $8 }
}
END {
	for (k in n)
		printf "%-10s BKS vehicles %3d/%-3d mean gap on those %5.2f%%\n", k, hit[k], n[k], hit[k] ? gap[k] / hit[k] : 0
}' "$tmp/all" | sort
