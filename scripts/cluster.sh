#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a unix socket, for tests, the demo and
# benchmarks.
#
#   scripts/cluster.sh start [DIR]   initdb + start; prints "export PG...=..." lines
#   scripts/cluster.sh stop DIR      stop and remove DIR
#
# DIR defaults to a new directory under /tmp.  As root the server runs as the
# postgres user (initdb refuses root); clients connect as PGUSER=postgres.
set -euo pipefail
# The callers hold /tmp/logistics-install.lock on fd 9 (scripts/test.sh,
# bench.sh, demo.sh, ...).  The server must not inherit it: a cluster left
# running by a killed run would hold the lock, and every later run would
# wait for it forever.
exec 9>&-

pg_config=${PG_CONFIG:-pg_config}
bindir=$("$pg_config" --bindir)
port=${LOGISTICS_PGPORT:-54329}

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "${1:-}" in
start)
	dir=${2:-$(mktemp -d /tmp/logistics-pg.XXXXXX)}
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir"
		chmod 755 "$dir"
		user=postgres
	else
		user=$(id -un)
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_owner "$bindir/initdb" -D "$dir/data" -U "$user" -A trust \
			--no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
		cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 256MB
max_parallel_workers_per_gather = 2
max_wal_size = 4GB
wal_level = minimal
max_wal_senders = 0
jit = off
CONF
	fi
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "export PGHOST=$dir PGPORT=$port PGUSER=$user PGDATABASE=postgres"
	;;
stop)
	dir=${2:?usage: cluster.sh stop DIR}
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	case "$dir" in /tmp/logistics-*) rm -rf "$dir" ;; esac
	;;
*)
	echo "usage: $0 start [DIR] | stop DIR" >&2
	exit 2
	;;
esac
