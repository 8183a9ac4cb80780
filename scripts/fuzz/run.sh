#!/usr/bin/env bash
# make fuzz: the fuzzing campaign of issue 10, against a throwaway cluster.
#
#   make fuzz [FUZZ_SECONDS=300] [FUZZ_SEED=1] [FUZZ_CALLS=20000]
#
# 1. the targeted SQL fuzzer (scripts/fuzz/engine.sql): every user-facing
#    signature with plausible values and with each edge value of each
#    argument, FUZZ_CALLS random mixes, aggregates in plain, ORDER BY,
#    GROUP BY, window and FILTER forms, and every aggregate serial against a
#    forced parallel plan;
# 2. the aggregate-state fuzzer (scripts/fuzz/statefuzz.sql): real
#    serialized states of every aggregate with an internal state, mutated
#    and fed to deserialize, combine and final (through the test-only
#    module scripts/fuzz/logistics_statefuzz.c), when it builds;
# 3. sqlsmith (Debian's package) for FUZZ_SECONDS against a database with
#    the extension and a small table of its argument types.
# Ends with one line of counts and fails (exit 1) on any server crash or
# XX000 raised in a query that calls logistics.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
seconds=${FUZZ_SECONDS:-300}
seed=${FUZZ_SEED:-1}
ncalls=${FUZZ_CALLS:-20000}

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1) || exit 1
export PG_CONFIG
if ! command -v sqlsmith >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq sqlsmith >&2 || true
fi
make -s PG_CONFIG="$PG_CONFIG" all || exit 1
make -s -C scripts/fuzz PG_CONFIG="$PG_CONFIG" >/dev/null 2>&1 && statefuzz=1 || statefuzz=0

# (before the install lock: it needs no server)
vgdir=$(mktemp -d /tmp/logistics-fuzz-vg.XXXXXX)
# the plain-C unit tests under valgrind (memcheck, leaks included)
vg_bad=0
if command -v valgrind >/dev/null 2>&1 && [ "${FUZZ_VALGRIND:-1}" != 0 ]; then
	echo "== unit tests under valgrind" >&2
	for t in test/unit/test_*.c; do
		srcs=$(sed -n '1s|^/\* *unit: *\(.*\)\*/.*|\1|p' "$t")
		bin=$vgdir/$(basename "${t%.c}")
		if cc -O1 -g -Isrc -o "$bin" "$t" $srcs -lm 2>/dev/null &&
			valgrind -q --error-exitcode=99 --leak-check=full "$bin" >"$bin.log" 2>&1 &&
			! grep -q '^not ok' "$bin.log"; then
			echo "valgrind: $t clean" >&2
		else
			vg_bad=$((vg_bad + 1))
			echo "valgrind: $t NOT clean" >&2
			grep -v '^ok' "$bin.log" | head -n 20 >&2
		fi
	done
fi

rm -rf "$vgdir"

# FUZZ_PG_CONFIG: the pg_config of a private copy of the PostgreSQL tree
# to install into and run (no shared install lock needed); else the
# system's, under the lock that make test takes too.
if [ -n "${FUZZ_PG_CONFIG:-}" ]; then
	PG_CONFIG=$FUZZ_PG_CONFIG
	export PG_CONFIG
else
	exec 9>/tmp/logistics-install.lock
	flock 9
fi
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || exit 1
[ $statefuzz = 1 ] && { make -s -C scripts/fuzz PG_CONFIG="$PG_CONFIG" install >/dev/null || statefuzz=0; }

env=$(bash scripts/cluster.sh start) || exit 1
eval "$env"
trap 'bash scripts/cluster.sh stop "$PGHOST"' EXIT
out=$(mktemp -d /tmp/logistics-fuzz.XXXXXX)
db=logistics_fuzz

psql -X -q -c "ALTER SYSTEM SET log_line_prefix = '%e '" \
	-c "ALTER SYSTEM SET log_error_verbosity = verbose" -c 'SELECT pg_reload_conf()' >/dev/null
createdb "$db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
q -c 'SET client_min_messages = warning' \
	-c 'CREATE EXTENSION postgis SCHEMA public' -c 'CREATE EXTENSION logistics' || exit 1
q -f scripts/fuzz/engine.sql >/dev/null || exit 1

crashes=0
alive() { psql -X -q -At -d "$db" -c 'SELECT 1' >/dev/null 2>&1; }
step() {
	local what=$1
	shift
	local t0=$SECONDS
	if ! q "$@" >"$out/step.txt" 2>&1; then
		if ! alive || grep -q 'terminated by signal' "$PGHOST/server.log"; then
			crashes=$((crashes + 1))
			echo "fuzz: $what: the server crashed" >&2
			sleep 5
		else
			echo "fuzz: $what: $(tail -n 1 "$out/step.txt")" >&2
		fi
	fi
	echo "fuzz: $what done in $((SECONDS - t0)) s" >&2
}

echo "== targeted SQL fuzzer" >&2
step "plausible values" -c "SELECT logistics_fuzz.run_plain(8, ARRAY['plain', 'orderby', 'groupby', 'window', 'filter'])"
step "edge values" -c "SELECT logistics_fuzz.run_edges(ARRAY['plain', 'orderby', 'groupby', 'window', 'filter'])"
step "random mixes" -c "SELECT logistics_fuzz.run_random($ncalls, $seed / 1000.0)"
step "serial against parallel" -c 'SELECT logistics_fuzz.run_parallel(20000)'

if [ $statefuzz = 1 ]; then
	echo "== aggregate-state fuzzer" >&2
	step "mutated states" -v seed="$seed" -f scripts/fuzz/statefuzz.sql
fi

read -r tq txx tnf tmm < <(q -F ' ' -c 'SELECT queries, xx000, nonfinite, mismatches FROM logistics_fuzz.summary')
q -c "SELECT outcome, sig, left(q, 300) FROM logistics_fuzz.log
	WHERE outcome IN ('XX000', 'nonfinite', 'mismatch') ORDER BY 1, 2" >"$out/findings.txt"
if [ -s "$out/findings.txt" ]; then
	echo "== findings of the targeted fuzzer (first 40)" >&2
	head -n 40 "$out/findings.txt" >&2
fi
sq=0
sxx=0
sfq=0
sfxx=0
if [ $statefuzz = 1 ]; then
	read -r sfq sfxx < <(q -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE outcome = 'XX000') FROM logistics_fuzz.statelog" 2>/dev/null || echo "0 0")
fi

if command -v sqlsmith >/dev/null 2>&1 && [ "$seconds" -gt 0 ]; then
	echo "== sqlsmith for $seconds s" >&2
	# columns of the extension's argument types, for sqlsmith to draw on
	q -c "CREATE TABLE fuzz_rows AS SELECT g AS id, g::float8 / 7 AS x, (g % 5)::float8 AS y,
		'2024-01-01'::timestamptz + g * interval '5 hours' AS ts, '2024-01-01'::date + g AS d,
		g % 3 = 0 AS ok, 'k' || g % 11 AS k, ARRAY[g, g + 1, g * 2]::float8[] AS arr,
		public.ST_SetSRID(public.ST_MakePoint(g % 50, g % 40), 4326) AS geom,
		logistics.cost_model() AS cm FROM generate_series(1, 200) g" >/dev/null
	# a generated query that runs long (a cross join of catalog-sized
	# tables) must not eat the time budget
	q -c "ALTER DATABASE $db SET statement_timeout = '2s'" >/dev/null
	before=$(grep -c . "$PGHOST/server.log")
	timeout "$seconds" sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$db user=$PGUSER" \
		--seed="$seed" --exclude-catalog --verbose --dump-all-queries \
		>"$out/sqlsmith.out" 2>"$out/sqlsmith.err"
	sq=$(tr -cd '.eCtS' <"$out/sqlsmith.err" | wc -c)
	# how many of the generated statements call the extension at all
	read -r sgen slg < <(awk 'BEGIN { RS = ";\n" } NF { n++; if ($0 ~ /logistics\./) l++ }
		END { print n + 0, l + 0 }' "$out/sqlsmith.out")
	echo "sqlsmith: $slg of $sgen generated statements call logistics.*" \
		"($(awk -v a="$slg" -v b="$sgen" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }')%)" >&2
	# XX000 errors of statements that call logistics (log_line_prefix '%e ')
	tail -n +"$before" "$PGHOST/server.log" >"$out/server.log"
	# errors by SQLSTATE of the statements that call logistics: an ERROR
	# line, its LOCATION line (log_error_verbosity = verbose: the C function
	# and file that raised it), then its STATEMENT line and the statement's
	# continuation lines (which start with a tab).  An XX000 raised in one
	# of our source files counts as ours (XX000); one raised by PostgreSQL
	# or PostGIS in a statement that merely also calls logistics.* (say
	# st_linefrommultipoint on a point) is listed as XX000-other.  The
	# first ten of these, and the first ten PL/pgSQL (P0xxx) and file (58xxx)
	# errors, are printed with their message and location: neither class
	# should come from the extension, whose errors carry SQLSTATEs of their
	# own.
	ours=$(ls src/*/*.c | sed 's|.*/||' | paste -sd'|' | sed 's/\./\\./g')
	awk -v ours="^($ours):" -v details="$out/xx000.txt" '
		function done() {
			if (st != "" && stmt ~ /logistics\./) {
				if (st == "XX000" && !(file ~ ours))
					st = "XX000-other"
				n[st]++
				if ((st ~ /^XX000/ && k++ < 10) || (st ~ /^(P0|58)/ && m++ < 10))
					print st " " msg "\n    at " loc "\n    " substr(stmt, 1, 400) >details
			}
			st = ""; stmt = ""; loc = ""; file = ""; msg = ""; instmt = 0
		}
		/^\t/ { if (instmt) stmt = stmt " " $0; next }
		/^[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z] ERROR:/ { done(); st = $1; msg = $0; next }
		st != "" && / LOCATION:/ { loc = $0; sub(/.* LOCATION: */, "", loc); file = loc; sub(/^[^,]*, */, "", file); next }
		st != "" && / STATEMENT:/ { stmt = $0; instmt = 1; next }
		instmt { done() }
		END { done(); for (s in n) print s, n[s] }' "$out/server.log" | sort >"$out/sqlstates.txt"
	echo "sqlsmith: errors of statements that call logistics.*, by SQLSTATE:" \
		"$(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' "$out/sqlstates.txt")" >&2
	sxx=$(awk '$1 == "XX000" { print $2 }' "$out/sqlstates.txt")
	sxx=${sxx:-0}
	if [ -s "$out/xx000.txt" ]; then
		echo "== XX000 (first 10), P0xxx and 58xxx (first 10) errors of sqlsmith statements that call logistics.*" >&2
		cat "$out/xx000.txt" >&2
	fi
	if grep -q 'terminated by signal' "$out/server.log"; then
		crashes=$((crashes + $(grep -c 'terminated by signal' "$out/server.log")))
		grep -B2 -A2 'terminated by signal' "$out/server.log" | head -n 20 >&2
	fi
else
	echo "== sqlsmith not installed or FUZZ_SECONDS=0: skipped" >&2
fi

queries=$((tq + sfq + sq))
xx=$((txx + sfxx + sxx))
rm -rf "$out"
echo "fuzz: $queries queries ($tq targeted, $sfq mutated states, $sq sqlsmith), $crashes crashes, $xx XX000, $tnf non-finite results, $tmm parallel/serial mismatches, $vg_bad unit programs not clean under valgrind"
[ "$crashes" -eq 0 ] && [ "$xx" -eq 0 ] && [ "$vg_bad" -eq 0 ]
