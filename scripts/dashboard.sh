#!/usr/bin/env bash
# make dashboard: a BI dashboard of the sample company through Cube 0.33
# (doc/dashboard.md).  Set up what is missing, build, install, start a
# throwaway cluster with the sample company and its BI views
# (scripts/data/30-views.sql), start Cube over them (npm
# packages pinned in dashboard/package-lock.json, installed with
# --ignore-scripts; offline after the first install), render the dashboard
# page from Cube's REST API and screenshot it with headless Chromium.
#
# Output in dashboard/out/ (or $DASHBOARD_OUT): index.html, data.json,
# dashboard.png.  SKUS and ORDER_LINES size the sample company (defaults:
# the sample's own, 500 and 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=${DASHBOARD_OUT:-$top/dashboard/out}
mkdir -p "$out"

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1)
export PG_CONFIG
if ! command -v chromium >/dev/null; then
	[ "$(id -u)" -eq 0 ] || { echo "dashboard: chromium is missing; run as root" >&2; exit 1; }
	echo "dashboard: installing chromium" >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends chromium fonts-dejavu-core >&2
fi
if [ ! -f dashboard/node_modules/.package-lock.json ] ||
	[ dashboard/package-lock.json -nt dashboard/node_modules/.package-lock.json ]; then
	echo "dashboard: npm ci in dashboard/ (Cube, --ignore-scripts)" >&2
	(cd dashboard && npm ci --ignore-scripts --no-audit --no-fund >&2)
fi
make -s PG_CONFIG="$PG_CONFIG" all

exec 9>/tmp/logistics-install.lock
flock 9
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

eval "$(bash scripts/cluster.sh start)"
cube_pid=
profile=$(mktemp -d /tmp/logistics-chromium.XXXXXX)
cleanup() {
	if [ -n "$cube_pid" ]; then
		kill "$cube_pid" 2>/dev/null || true
		wait "$cube_pid" 2>/dev/null || true   # 143: ended by that SIGTERM
	fi
	rm -rf "$profile"
	bash scripts/cluster.sh stop "$PGHOST"
}
trap cleanup EXIT
export PGDATABASE=logistics_dashboard
createdb "$PGDATABASE"

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
echo "== Loading the sample company" >&2
psql -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public' -c 'CREATE EXTENSION logistics'
for f in scripts/data/*.sql; do
	case "$f" in */20-scms.sql) continue ;; esac   # not on the dashboard
	sed "s/^SELECT sample\.generate() \\\\gset/SELECT sample.generate(${SKUS:-500}, ${ORDER_LINES:-100000}) \\\\gset/" "$f" |
		psql >/dev/null
done

# the BI views of the sample company (scripts/data/30-views.sql), if this
# tree has them: the page is built on them; else on the sample tables
if [ "$(psql -Atc "SELECT to_regclass('sample.kpi_scorecard_weekly') IS NOT NULL")" = t ]; then
	export DASHBOARD_VIEWS=1
else
	echo "dashboard: no sample.kpi_scorecard_weekly: the page on the sample tables" >&2
fi

echo "== Starting Cube" >&2
export CUBEJS_API_SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export CUBE_PORT=${CUBE_PORT:-$((40000 + $$ % 10000))}
export CUBEJS_TELEMETRY=false CUBEJS_LOG_LEVEL=warn NODE_ENV=production
(cd dashboard && exec node server.js) >"$out/cube.log" 2>&1 &
cube_pid=$!
for _ in $(seq 1 120); do
	grep -q 'listening' "$out/cube.log" && break
	kill -0 "$cube_pid" 2>/dev/null || { cat "$out/cube.log" >&2; exit 1; }
	sleep 0.5
done

echo "== Rendering" >&2
(cd dashboard && node render.js "$out")

# Cube's figures (data.json) against plain SQL on the sample tables, while
# the cluster is up: the page on the views only (dashboard/check.py)
if [ -n "${DASHBOARD_VIEWS:-}" ]; then
	echo "== Checking the figures against SQL" >&2
	/usr/bin/python3 dashboard/check.py "$out" | tee "$out/check.tap" | grep -v '^ok ' >&2
	[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "dashboard: figures differ from SQL ($out/check.tap)" >&2; exit 1; }
fi

echo "== Screenshot" >&2
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --hide-scrollbars --window-size=1500,1400 \
	--screenshot="$out/dashboard.png" "file://$out/index.html" >"$out/chromium.log" 2>&1 ||
	{ cat "$out/chromium.log" >&2; exit 1; }
echo "dashboard: $out/dashboard.png"
