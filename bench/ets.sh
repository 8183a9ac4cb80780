#!/usr/bin/env bash
# The ETS kernel (src/forecast/ets*.c) alone, without the server, on all 3003 M3
# series: the automatic model (R's ets() defaults) fitted to the training
# part of every series, season length 12/4/1/1, official horizons, 95%
# intervals.  Prints sMAPE, MASE and coverage per category next to R's
# figures (data README), and CPU time.  When R with the forecast package is
# installed, R's ets() runs on every BENCH_R_STEP-th series (default 30:
# 101 series in the category mix of M3) in the same run: its CPU time per
# series against ours on the same series, and the agreement of the two
# (same model, log-likelihood, smoothing parameters).  BENCH_R=0 skips R.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -e data/forecast/m3_train.csv.gz ]; then
	for f in m3_info m3_train m3_test; do
		gzip -dc "data/forecast/$f.csv.gz" >"$tmp/$f.csv"
	done
	dir=$tmp
else
	dir=${M3_DIR:-/work/shared/data/forecast/m3}
fi
cc -O2 -Isrc -o "$tmp/m3_ets" bench/m3_ets.c src/forecast/ets*.c -lm

echo "ETS kernel, all M3 series:"
"$tmp/m3_ets" -d "$dir"

if [ "${BENCH_R:-1}" != 0 ] && command -v Rscript >/dev/null &&
	Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
	step=${BENCH_R_STEP:-30}
	echo
	echo "R forecast::ets() on every ${step}th series, measured now:"
	Rscript bench/m3_ets_r.R "$dir" "$step" "$tmp/r.csv" 2>/dev/null
	"$tmp/m3_ets" -d "$dir" -s "$step" -o "$tmp/c.csv" | tail -n 1 |
		sed 's/^/ETS kernel, same series: /'
	# join on id: model, loglik, parameters
	awk -F, '
		NR == FNR { if (FNR > 1) { gsub(/"/, ""); m[$1] = $2; ll[$1] = $7;
			a[$1] = $3 }; next }
		FNR > 1 && ($1 in m) {
			n++
			if ($2 == m[$1]) {
				same++
				d = $7 - ll[$1]; if (d < 0) d = -d; if (d > dl) dl = d
				d = $3 - a[$1]; if (d < 0) d = -d; if (d > da) da = d
			}
		}
		END { printf "agreement with R: same model on %d of %d series; " \
			"largest |loglik difference| %.2g, |alpha difference| %.2g\n",
			same, n, dl, da }' "$tmp/r.csv" "$tmp/c.csv"
fi
