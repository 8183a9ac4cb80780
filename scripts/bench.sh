#!/usr/bin/env bash
# make bench: build, install, start a throwaway cluster and run every
# bench/*.sh against it (or only those named in BENCH="a b").  Each script
# prints its figures next to a reference measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1)
export PG_CONFIG
make -s PG_CONFIG="$PG_CONFIG" all

exec 9>/tmp/logistics-install.lock
flock 9
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

eval "$(bash scripts/cluster.sh start)"
trap 'bash scripts/cluster.sh stop "$PGHOST"' EXIT
export PGDATABASE=logistics_bench
createdb logistics_bench
command psql -X -q -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION logistics CASCADE'

for f in bench/*.sh; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .sh)
	if [ -n "${BENCH:-}" ] && ! grep -qw "$name" <<<"$BENCH"; then
		continue
	fi
	echo "== bench/$name"
	bash "$f"
done
