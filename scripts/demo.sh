#!/usr/bin/env bash
# make demo: set up what is missing, build, install, start a throwaway
# cluster, load the sample company and the SCMS data set, and print the
# headline analytics of every area (scripts/demo/*.sql, in order).
# KEEP=1 keeps the cluster running in /tmp/logistics-demo.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1)
export PG_CONFIG
make -s PG_CONFIG="$PG_CONFIG" all

exec 9>/tmp/logistics-install.lock
flock 9
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

if [ "${KEEP:-}" = 1 ]; then
	dir=/tmp/logistics-demo
	bash scripts/cluster.sh stop "$dir" 2>/dev/null || true
	eval "$(bash scripts/cluster.sh start "$dir")"
else
	eval "$(bash scripts/cluster.sh start)"
	trap 'bash scripts/cluster.sh stop "$PGHOST"' EXIT
fi
export PGDATABASE=logistics_demo
createdb logistics_demo

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

echo "== Loading the sample data"
# the safe install: PostGIS first, into an explicit schema (not CASCADE,
# which would put it into "$user" if a role has created such a schema)
psql -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public' -c 'CREATE EXTENSION logistics'
for f in scripts/data/*.sql; do
	[ -e "$f" ] && psql -f "$f"
done

# Each step: SQL through psql, or a shell script (outside the database)
for f in scripts/demo/*.sql scripts/demo/*.sh; do
	[ -e "$f" ] && echo "$f"
done | sort | while read -r f; do
	echo
	case "$f" in
	*.sql) psql -f "$f" ;;
	*.sh) PGDATABASE=logistics_demo bash "$f" ;;
	esac
done

if [ "${KEEP:-}" = 1 ]; then
	echo
	echo "The demo cluster is still running. Connect with:"
	echo "  psql -h $PGHOST -p $PGPORT -U $PGUSER logistics_demo"
	echo "Stop it with: scripts/cluster.sh stop $PGHOST"
fi
