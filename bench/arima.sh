#!/usr/bin/env bash
# ARIMA and ensemble benchmark on M3, R measured in the same run.
#
#   bash bench/arima.sh            (BENCH_ARIMA_STEP=10: every 10th series)
#
# 1. The ARIMA kernel (src/forecast/arima*.c) with auto.arima's defaults on
#    every BENCH_ARIMA_STEP-th M3 series (season length 12/4/1/1, official
#    horizons) and, when R with the forecast package is installed, R's
#    auto.arima() + forecast() on the same series in the same run: share of
#    series with the same orders and constant, the largest relative
#    log-likelihood and forecast differences where they agree, sMAPE and MASE
#    of both, CPU time of both (one core each) and their ratio.
# 2. The 'ensemble' method (mean of auto ETS, auto ARIMA and theta) on every
#    BENCH_ENSEMBLE_STEP-th series (default 1: all 3003): sMAPE, MASE and 95%
#    interval coverage per category and overall, and its ARIMA member's;
#    BENCH_JOBS=2 splits the series between 2 processes run at once (the
#    issue's "on 2 cores"): CPU is their sum, wall the elapsed time.
# BENCH_R=0 skips R.  Needs cc, awk and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=${M3_DIR:-/work/shared/data/forecast/m3}
if [ -e data/forecast/m3_train.csv.gz ]; then
	for f in m3_info m3_train m3_test; do
		gzip -dc "data/forecast/$f.csv.gz" >"$tmp/$f.csv"
	done
	dir=$tmp
fi
step=${BENCH_ARIMA_STEP:-10}
estep=${BENCH_ENSEMBLE_STEP:-1}
jobs=${BENCH_JOBS:-1}
awk -F, -f bench/m3_flat.awk "$dir/m3_info.csv" "$dir/m3_train.csv" \
	"$dir/m3_test.csv" >"$tmp/m3.txt"
# the likelihood's two files at -O3, as the Makefile builds them
for f in arima_kalman arima_filter; do
	cc -O3 -ffp-contract=off -Isrc -Isrc/forecast -c -o "$tmp/$f.o" "src/forecast/$f.c"
done
arima_srcs="$tmp/arima_kalman.o $tmp/arima_filter.o src/forecast/arima_optim.c
	src/forecast/arima_fit.c src/forecast/arima_auto.c src/forecast/stl.c"
cc -O2 -Isrc -Isrc/forecast -o "$tmp/m3_arima" bench/m3_arima.c $arima_srcs -lm
cc -O2 -Isrc -o "$tmp/m3_ensemble" bench/m3_ensemble.c $arima_srcs \
	src/forecast/fcmethods.c src/forecast/fc_season.c src/forecast/fc_tdist.c src/forecast/fcarima.c src/forecast/arima_resid.c \
	src/forecast/intermittent.c \
	src/forecast/mstl.c \
	src/forecast/ets*.c src/common/normal.c -lm

echo "ARIMA kernel, auto.arima defaults, every ${step}th M3 series:"
"$tmp/m3_arima" "$tmp/m3.txt" "$step" >"$tmp/c.csv"
have_r=0
if [ "${BENCH_R:-1}" != 0 ] && command -v Rscript >/dev/null &&
	Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
	echo "R $(Rscript -e 'cat(as.character(getRversion()))' 2>/dev/null), forecast" \
		"$(Rscript -e 'cat(as.character(packageVersion("forecast")))' 2>/dev/null):" \
		"auto.arima() on the same series, now"
	Rscript bench/m3_arima_r.R "$tmp/m3.txt" "$step" "$tmp/r.csv" 2>/dev/null
	have_r=1
fi
python3 - "$tmp/c.csv" "$tmp/r.csv" "$have_r" <<'PY'
import csv, sys
def load(f):
    return {r['id']: r for r in csv.DictReader(open(f))}
c = load(sys.argv[1])
r = load(sys.argv[2]) if sys.argv[3] == '1' else {}
cats = ['YEARLY', 'QUARTERLY', 'MONTHLY', 'OTHER']
def summary(d, ids, name):
    out = []
    for cat in cats + ['ALL']:
        sel = [i for i in ids if (cat == 'ALL' or d[i]['category'] == cat) and d[i]['p'] != '']
        if not sel:
            continue
        sm = sum(float(d[i]['smape']) for i in sel) / len(sel)
        ms = sum(float(d[i]['mase']) for i in sel) / len(sel)
        out.append('%s %d: sMAPE %.2f MASE %.3f' % (cat.lower(), len(sel), sm, ms))
    print('  %s: %s' % (name, '; '.join(out)))
ids = list(c)
tc = sum(float(c[i]['cpu']) for i in ids)
summary(c, ids, 'ours')
if r:
    ids = [i for i in ids if i in r]
    summary(r, ids, 'R   ')
    key = 'p d q P D Q constant'.split()
    same = [i for i in ids if c[i]['p'] != '' and all(c[i][k] == r[i][k] for k in key)]
    dl = df = 0.0
    for i in same:
        dl = max(dl, abs(float(c[i]['loglik']) - float(r[i]['loglik'])) / abs(float(r[i]['loglik'])))
        fa = [float(x) for x in c[i]['forecasts'].split(';')]
        fb = [float(x) for x in r[i]['forecasts'].split(';')]
        df = max([df] + [abs(x - y) / max(abs(y), 1e-300) for x, y in zip(fa, fb)])
    within = sum(1 for i in same if max(abs(float(x) - float(y)) / max(abs(float(y)), 1e-300)
                 for x, y in zip(c[i]['forecasts'].split(';'), r[i]['forecasts'].split(';'))) <= 1e-6)
    tr = sum(float(r[i]['cpu']) for i in ids)
    print('  same orders and constant as R: %d of %d series (%.1f%%)' % (len(same), len(ids), 100.0 * len(same) / len(ids)))
    print('  where they agree: largest relative loglik difference %.1e, largest relative forecast difference %.1e; forecasts within 1e-6 on %d of %d' % (dl, df, within, len(same)))
    print('  CPU: ours %.1f s, R %.1f s (%.2f s per series), R/ours = %.1f' % (tc, tr, tr / len(ids), tr / tc))
else:
    print('  CPU: ours %.1f s' % tc)
PY

echo
echo "'ensemble' (auto ETS + auto ARIMA + theta) on every ${estep}th M3 series," \
	"$jobs process(es):"
t0=$(date +%s.%N)
for ((k = 0; k < jobs; k++)); do
	"$tmp/m3_ensemble" "$tmp/m3.txt" "$estep" "$jobs" "$k" >"$tmp/e$k.csv" &
done
wait
t1=$(date +%s.%N)
cat "$tmp"/e[0-9]*.csv >"$tmp/e.csv"
awk -F, 'NR > 1 {
	k = $2; n[k]++; s[k] += $3; m[k] += $4; cv[k] += $5; h[k] += $6
	as[k] += $7; am[k] += $8; t += $9
	N++; S += $3; M += $4; CV += $5; H += $6; AS += $7; AM += $8 }
	END {
		for (k in n)
			printf "  %-9s %4d series: sMAPE %.2f MASE %.3f 95%% coverage %.3f (arima member: sMAPE %.2f MASE %.3f)\n",
				tolower(k), n[k], s[k] / n[k], m[k] / n[k], cv[k] / h[k], as[k] / n[k], am[k] / n[k]
		printf "  all       %4d series: sMAPE %.2f MASE %.3f 95%% coverage %.3f (arima member: sMAPE %.2f MASE %.3f); CPU %.0f s\n",
			N, S / N, M / N, CV / H, AS / N, AM / N, t
		printf "  CPU %.0f s in %d process(es), wall %.0f s (wall depends on the machine'"'"'s load)\n",
			t, jobs, t1 - t0
	}' jobs="$jobs" t0="$t0" t1="$t1" "$tmp/e.csv"
