#!/usr/bin/env bash
# Fleet routing: our solver (src/routing/vrp*.c, default effort, one core)
# against VROOM 1.14 (../shared/peers/vroom, -t 1, default exploration) on
# the same instances, in the same run.  Every solution of both is checked
# by the checker in bench/vrp_driver.c (feasibility and recomputed cost,
# written from data/routing/vrp/README.md, not from the solver).
#
#   bash bench/vrp.sh                 every set
#   VRP_SETS="A TW" bash bench/vrp.sh only some sets (A X CMT TW HG HF MD)
#   VRP_VROOM=0                       skip VROOM
#   VRP_MATCH='X-n1[0-9]'             only the files matching (grep -E)
#   VROOM_LIMIT=600                   VROOM's time limit per instance (-l, s)
#
# Times are CPU seconds (user + sys) of one process, because the bench
# machine may be shared; VROOM's are measured the same way.
# Solomon / Homberger: vehicles first.  Both solvers get one vehicle per
# customer with a fixed cost that outweighs any distance (1e5; VROOM: the
# scaled integers below); the gap is reported on the instances where the
# BKS vehicle count is reached.
set -euo pipefail
cd "$(dirname "$0")/.."

sets=${VRP_SETS:-"A X CMT TW HG HF MD"}
vroom_on=${VRP_VROOM:-1}
vroom_limit=${VROOM_LIMIT:-600}
vroom=${VROOM:-../shared/peers/vroom/vroom}
[ -x "$vroom" ] || vroom=/work/shared/peers/vroom/vroom
if [ "$vroom_on" = 1 ] && [ ! -x "$vroom" ]; then
	echo "VROOM not found at $vroom: running without it" >&2
	vroom_on=0
fi

tmp=$(mktemp -d /tmp/logistics-vrp-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Isrc -o "$tmp/vrp_driver" bench/vrp_driver.c src/routing/vrp.c \
	src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c -lm

d=data/routing/vrp
# set file BKS BKS-vehicles (data/routing/vrp/README.md)
instances() {
	cat <<EOF
A cvrp/A-n32-k5.vrp 784 5
A cvrp/A-n33-k5.vrp 661 5
A cvrp/A-n37-k6.vrp 949 6
A cvrp/A-n39-k6.vrp 831 6
A cvrp/A-n45-k7.vrp 1146 7
A cvrp/A-n48-k7.vrp 1073 7
A cvrp/A-n53-k7.vrp 1010 7
A cvrp/A-n60-k9.vrp 1354 9
A cvrp/A-n65-k9.vrp 1174 9
A cvrp/A-n69-k9.vrp 1159 9
A cvrp/A-n80-k10.vrp 1763 10
CMT cvrp/CMT1.vrp 524.61 5
CMT cvrp/CMT2.vrp 835.26 10
CMT cvrp/CMT3.vrp 826.14 8
CMT cvrp/CMT4.vrp 1028.42 12
CMT cvrp/CMT11.vrp 1042.11 7
CMT cvrp/CMT12.vrp 819.56 10
X cvrp/X-n101-k25.vrp 27591 26
X cvrp/X-n106-k14.vrp 26362 14
X cvrp/X-n110-k13.vrp 14971 13
X cvrp/X-n125-k30.vrp 55539 30
X cvrp/X-n148-k46.vrp 43448 47
X cvrp/X-n162-k11.vrp 14138 11
X cvrp/X-n181-k23.vrp 25569 23
X cvrp/X-n200-k36.vrp 58578 36
X cvrp/X-n214-k11.vrp 10856 11
X cvrp/X-n251-k28.vrp 38684 28
X cvrp/X-n298-k31.vrp 34231 31
X cvrp/X-n351-k40.vrp 25896 40
X cvrp/X-n449-k29.vrp 55233 29
X cvrp/X-n766-k71.vrp 114417 71
TW vrptw/C101.100.10.vrptw 828.94 10
TW vrptw/C102.100.10.vrptw 828.94 10
TW vrptw/C103.100.10.vrptw 828.06 10
TW vrptw/C104.100.10.vrptw 824.78 10
TW vrptw/C201.100.3.vrptw 591.56 3
TW vrptw/C202.100.3.vrptw 591.56 3
TW vrptw/C203.100.3.vrptw 591.17 3
TW vrptw/R101.100.19.vrptw 1650.80 19
TW vrptw/R102.100.17.vrptw 1486.12 17
TW vrptw/R103.100.13.vrptw 1292.68 13
TW vrptw/R104.100.9.vrptw 1007.31 9
TW vrptw/R201.100.4.vrptw 1252.37 4
TW vrptw/R202.100.3.vrptw 1191.70 3
TW vrptw/R203.100.3.vrptw 939.50 3
TW vrptw/R204.100.2.vrptw 825.52 2
TW vrptw/RC101.100.14.vrptw 1696.95 14
TW vrptw/RC102.100.12.vrptw 1554.75 12
TW vrptw/RC103.100.11.vrptw 1261.67 11
TW vrptw/RC104.100.10.vrptw 1135.48 10
TW vrptw/RC201.100.4.vrptw 1406.94 4
TW vrptw/RC202.100.3.vrptw 1365.65 3
TW vrptw/RC203.100.3.vrptw 1049.62 3
TW vrptw/RC204.100.3.vrptw 798.46 3
HG vrptw/C1_2_1.200.20.vrptw 2704.57 20
HG vrptw/C2_2_1.200.6.vrptw 1931.44 6
HG vrptw/R1_2_1.200.20.vrptw 4784.11 20
HG vrptw/R2_2_1.200.4.vrptw 4483.16 4
HG vrptw/RC1_2_1.200.18.vrptw 3602.80 18
HG vrptw/RC2_2_1.200.6.vrptw 3099.53 6
HF hfvrp/X101-FSMFD.vrp 35170.24 20
HF hfvrp/X106-FSMD.vrp 31566.26 32
HF hfvrp/X110-HD.vrp 15859.34 12
HF hfvrp/X115-HVRP.vrp 19412.56 14
HF hfvrp/X120-FSMF.vrp 26778.84 4
MD mdvrptw/PR11A.vrp 6655548 30
MD mdvrptw/PR11B.vrp 4814803 25
MD mdvrptw/PR17A.vrp 6292594 30
EOF
}

# driver line: name set n routes cost bks gap secs feasible iters bksveh why
printf '%-14s %-3s %4s | %6s %11s %7s %7s %3s | %6s %11s %7s %7s %3s\n' \
	instance set n routes cost gap% cpu_s ok routes cost gap% cpu_s ok
instances | while read -r set file bks veh; do
	grep -qw "$set" <<<"$sets" || continue
	[ -z "${VRP_MATCH:-}" ] || grep -qE "$VRP_MATCH" <<<"$file" || continue
	ours=$("$tmp/vrp_driver" "$set" "$d/$file" "$bks" "$veh")
	echo "ours $ours" >>"$tmp/all"
	vr="-"
	if [ "$vroom_on" = 1 ]; then
		"$tmp/vrp_driver" -j "$tmp/in.json" "$set" "$d/$file"
		TIMEFORMAT=%3U+%3S
		t=$({ time "$vroom" -i "$tmp/in.json" -t 1 -l "$vroom_limit" \
			-o "$tmp/out.json" >/dev/null 2>&1; } 2>&1 | tail -n 1)
		cpu=$(echo "$t" | bc -l)
		vr=$("$tmp/vrp_driver" -T "$cpu" -c "$tmp/out.json" "$set" "$d/$file" "$bks" "$veh")
		echo "vroom $vr" >>"$tmp/all"
	fi
	awk -F'\t' -v o="$ours" -v v="$vr" 'BEGIN {
		split(o, a, "\t"); n = split(v, b, "\t");
		printf "%-14s %-3s %4d | %6d %11.2f %7.2f %7.2f %3s", a[1], a[2], a[3], a[4], a[5], a[7], a[8], a[9] ? "yes" : "NO";
		if (n > 1) printf " | %6d %11.2f %7.2f %7.2f %3s", b[4], b[5], b[7], b[8], b[9] ? "yes" : "NO";
		printf "\n" }'
done

# Summary per set: mean gap (TW: share of instances at the BKS vehicle
# count, mean gap on those), infeasible solutions, CPU time.
echo
echo "summary (mean over the instances; TW gap only where the BKS vehicle count is reached)"
awk -F'\t' '
{
	split($1, h, " "); who = h[1]; name = h[2];
	set = $2; key = who SUBSEP set;
	n[key]++; cpu[key] += $8; if (!$9) bad[key]++;
	if (set == "TW" || set == "HG") {
		if ($4 <= $11) { hit[key]++; gap[key] += $7; gn[key]++ }
	} else { gap[key] += $7; gn[key]++ }
	if ($8 > maxcpu[key]) maxcpu[key] = $8;
	sets[set] = 1; whos[who] = 1
}
END {
	for (s in sets) for (w in whos) {
		k = w SUBSEP s; if (!n[k]) continue;
		printf "%-5s %-3s instances %2d", w, s, n[k];
		if (s == "TW" || s == "HG") printf "  BKS vehicles %2d/%2d", hit[k], n[k];
		printf "  mean gap %6.2f%%  infeasible %d  mean cpu %6.2f s  max cpu %6.2f s\n",
			gn[k] ? gap[k] / gn[k] : 0, bad[k], cpu[k] / n[k], maxcpu[k]
	}
}' "$tmp/all" | sort -k2,2 -k1,1
