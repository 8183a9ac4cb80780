#!/usr/bin/env bash
# The upgrade test: every released version, installed from its frozen script
# and brought up with ALTER EXTENSION logistics UPDATE, must leave the same
# catalog (test/upgrade/catalog.sql) as a fresh install of the current
# version.  Prints TAP.  Needs PGHOST etc. of a running cluster with the
# extension installed (scripts/test.sh provides one).
set -uo pipefail
cd "$(dirname "$0")/../.."

current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" logistics.control)
olds=$(ls logistics--*.sql | grep -v -- '--.*--' | sed -n 's/^logistics--\(.*\)\.sql$/\1/p' |
	grep -vx "$current" | sort -V)
n=$(($(echo "$olds" | grep -c .) + 1))
echo "1..$n"
i=0
out=$(mktemp -d /tmp/logistics-upgrade.XXXXXX)
trap 'rm -rf "$out"' EXIT

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# A fresh install, the reference.
dropdb --if-exists logistics_upgrade_fresh >/dev/null 2>&1
createdb logistics_upgrade_fresh
psql_q -d logistics_upgrade_fresh -c "CREATE EXTENSION postgis SCHEMA public" \
	-c "CREATE EXTENSION logistics" >/dev/null &&
	psql_q -d logistics_upgrade_fresh -f test/upgrade/catalog.sql >"$out/fresh.txt"
i=$((i + 1))
if [ -s "$out/fresh.txt" ] && grep -q "extension logistics => version $current " "$out/fresh.txt"; then
	echo "ok $i - fresh install of $current: $(wc -l <"$out/fresh.txt") catalog lines"
else
	echo "not ok $i - fresh install of $current"
fi

for v in $olds; do
	i=$((i + 1))
	db=logistics_upgrade_from_${v//./_}
	dropdb --if-exists "$db" >/dev/null 2>&1
	createdb "$db"
	if psql_q -d "$db" -c "CREATE EXTENSION postgis SCHEMA public" \
		-c "CREATE EXTENSION logistics VERSION '$v'" \
		-c "ALTER EXTENSION logistics UPDATE" >"$out/$v.log" 2>&1 &&
		psql_q -d "$db" -f test/upgrade/catalog.sql >"$out/$v.txt" 2>>"$out/$v.log" &&
		diff -u "$out/fresh.txt" "$out/$v.txt" >"$out/$v.diff"; then
		echo "ok $i - $v + ALTER EXTENSION UPDATE = fresh $current"
	else
		echo "not ok $i - $v + ALTER EXTENSION UPDATE = fresh $current"
		sed 's/^/# /' "$out/$v.log" | head -n 20
		sed 's/^/# /' "$out/$v.diff" | head -n 80
	fi
	dropdb "$db" >/dev/null 2>&1
done
dropdb logistics_upgrade_fresh >/dev/null 2>&1
