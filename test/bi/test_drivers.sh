#!/usr/bin/env bash
# Every user-facing function of logistics through real client drivers, as BI
# tools receive it (issue 16): psycopg2 (Debian's python3-psycopg2) and node
# pg (npm "pg", pinned in test/bi/package-lock.json; scripts/setup.sh
# installs both).  Run by make test against its throwaway cluster; prints
# TAP.  The calls are the examples of the reference (doc/*.md, README.md),
# plus test/bi/examples.sql for overloads the reference shows no example of;
# the catalog decides what must be called, so a new function needs no entry
# here, only its example in doc/.  Results that are not flat yet are
# "not ok ... # TODO" lines, listed in test/bi/forms.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."
db=logistics_bi_$$
tmp=$(mktemp -d /tmp/logistics-bi.XXXXXX)
py=/usr/bin/python3    # Debian's, where python3-psycopg2 lives

createdb "$db" || exit 1
trap 'dropdb --if-exists "$db"; rm -rf "$tmp"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public' \
	-c 'CREATE EXTENSION logistics' || exit 1

# The data sets the examples and the views use: the sample company, small
# (20 SKUs, 5,000 order lines: seconds instead of half a minute), and every
# other data script but the SCMS one (a minute and a half; its examples
# are skipped).
for f in scripts/data/*.sql; do
	case "$f" in */20-scms.sql) continue ;; esac
	sed 's/^SELECT sample\.generate() \\gset/SELECT sample.generate(20, 5000) \\gset/' "$f" |
		psql -X -q -v ON_ERROR_STOP=1 -d "$db" >"$tmp/load.log" 2>&1 ||
		{ cat "$tmp/load.log"; echo "not ok 1 - $f loads"; exit 1; }
done

"$py" test/bi/harvest.py >"$tmp/examples.json" || { echo "not ok 1 - test/bi/harvest.py"; exit 1; }

rc=0
if "$py" -c 'import psycopg2' 2>/dev/null; then
	PGDATABASE=$db "$py" test/bi/check_psycopg2.py "$tmp/examples.json" "$tmp/checked.json" || rc=1
else
	echo "not ok 1 - psycopg2 is installed (scripts/setup.sh as root installs python3-psycopg2)"
	exit 1
fi

if [ -f test/bi/node_modules/pg/package.json ] && command -v node >/dev/null; then
	PGDATABASE=$db node test/bi/check_node_pg.js "$tmp/checked.json" || rc=1
else
	echo "not ok 1 - node pg is installed (scripts/setup.sh as root runs npm ci in test/bi)"
	rc=1
fi
exit $rc
