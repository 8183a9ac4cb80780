#!/usr/bin/env bash
# The deterministic part of make fuzz that make test runs (issue 10): every
# user-facing signature with each edge value of each argument (plain and
# GROUP BY forms of aggregates), every aggregate serial against a forced
# parallel plan, and mutated serialized states of every aggregate with an
# internal state (when scripts/fuzz/logistics_statefuzz.so is installed).
# Prints TAP.  Needs PGHOST etc. of a running cluster with the extension
# installed (scripts/test.sh provides one).
set -uo pipefail
cd "$(dirname "$0")/../.."

db=logistics_fuzz_subset
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
q -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION postgis SCHEMA public' -c 'CREATE EXTENSION logistics' >/dev/null
q -f scripts/fuzz/engine.sql >/dev/null

if q -c "SELECT logistics_fuzz.run_edges(ARRAY['plain', 'groupby'])" \
	-c 'SELECT logistics_fuzz.run_parallel(5000)' >/dev/null 2>&1; then
	ok "the edge-value and parallel runs complete (no crash)"
else
	notok "the edge-value and parallel runs complete (no crash)"
fi
read -r calls xx nf mm < <(q -F ' ' -c 'SELECT queries, xx000, nonfinite, mismatches FROM logistics_fuzz.summary')
list() { q -c "SELECT '#   ' || sig || ': ' || left(q, 200) FROM logistics_fuzz.log WHERE outcome = '$1' ORDER BY 1 LIMIT 10"; }
if [ "${xx:-1}" -eq 0 ]; then ok "$calls calls: no XX000"; else notok "$calls calls: $xx raised XX000"; list XX000; fi
if [ "${mm:-1}" -eq 0 ]; then
	ok "every aggregate: serial and parallel plans agree"
else
	notok "$mm aggregate queries differ between serial and parallel plans"
	list mismatch
fi
if [ "${nf:-1}" -eq 0 ]; then
	ok "no NaN or Infinity from finite arguments"
else
	notok "$nf calls returned NaN or Infinity from finite arguments"
	list nonfinite
fi

if [ -f "$(pg_config --pkglibdir 2>/dev/null)/logistics_statefuzz.so" ] ||
	[ -f "$("${PG_CONFIG:-pg_config}" --pkglibdir)/logistics_statefuzz.so" ]; then
	if q -v iterations=60 -v seed=1 -f scripts/fuzz/statefuzz.sql >/dev/null 2>&1; then
		read -r sn sxx < <(q -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE outcome = 'XX000') FROM logistics_fuzz.statelog")
		if [ "$sxx" -eq 0 ]; then
			ok "$sn mutated aggregate states: no crash, no XX000"
		else
			notok "$sn mutated aggregate states: $sxx raised XX000"
			q -c "SELECT '#   ' || sig || ': ' || count(*) FROM logistics_fuzz.statelog WHERE outcome = 'XX000' GROUP BY sig"
		fi
	else
		notok "mutated aggregate states: the run died (crash?)"
	fi
	# crafted states (item 5): renumbered into this file's TAP
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "${line#ok * - }" ;;
		"not ok "*) notok "${line#not ok * - }" ;;
		esac
	done < <(q -f test/fuzz/crafted.sql 2>&1 || echo "not ok 0 - crafted states: the run died")
fi
dropdb "$db" >/dev/null 2>&1
echo "1..$n"
