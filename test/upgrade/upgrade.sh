#!/usr/bin/env bash
# The upgrade test: every released version, installed from its frozen script
# with its own released library, and then brought up with the current
# library and ALTER EXTENSION logistics UPDATE, must leave the same catalog
# (test/upgrade/catalog.sql, which includes each function's library and
# link symbol) as a fresh install of the current version.  Prints TAP.
# Needs PGHOST etc. of a running cluster whose installation (PG_CONFIG) has
# the current version installed (scripts/test.sh provides both).
#
# The released library is built from the commit named in releases.txt (git
# history is needed) and installed beside the current one as
# $libdir/logistics-<version>, with a secondary control file
# logistics--<version>.control pointing the released script at it; both are
# removed again at the end.  This is the path a user takes: the old
# functions run on the old library until the update re-links them.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
PG_CONFIG=${PG_CONFIG:-pg_config}

current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" logistics.control)
olds=$(ls logistics--*.sql | grep -v -- '--.*--' | sed -n 's/^logistics--\(.*\)\.sql$/\1/p' |
	grep -vx "$current" | sort -V)
n=$(($(echo "$olds" | grep -c .) * 3 + 1))
echo "1..$n"
i=0
out=$(mktemp -d /tmp/logistics-upgrade.XXXXXX)
libdir=$("$PG_CONFIG" --pkglibdir)
extdir=$("$PG_CONFIG" --sharedir)/extension
cleanup() {
	for v in $olds; do
		rm -f "$libdir/logistics-$v.so" "$extdir/logistics--$v.control"
	done
	rm -rf "$out"
}
cleanup
out=$(mktemp -d /tmp/logistics-upgrade.XXXXXX)
trap cleanup EXIT

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# Builds the library of released version $1 (cached by commit); prints the
# path of the .so.
build_release() {
	local v=$1 commit dir
	commit=$(awk -v v="$v" '$1 == v { print $2 }' test/upgrade/releases.txt)
	[ -n "$commit" ] || { echo "no commit for $v in test/upgrade/releases.txt" >&2; return 1; }
	dir=/tmp/logistics-release-$v-$commit
	if [ ! -f "$dir/logistics.so" ]; then
		git -C "$top" cat-file -e "$commit^{commit}" 2>/dev/null ||
			{ echo "commit $commit of $v is not in this clone's history (shallow clone?)" >&2; return 1; }
		rm -rf "$dir" && mkdir -p "$dir" &&
			git -C "$top" archive "$commit" | tar -x -C "$dir" &&
			make -s -C "$dir" -j2 PG_CONFIG="$PG_CONFIG" >"$dir.log" 2>&1 ||
			{ tail -n 20 "$dir.log" >&2; return 1; }
		cmp -s "$dir/logistics--$v.sql" "logistics--$v.sql" ||
			{ echo "$commit does not build the frozen logistics--$v.sql" >&2; return 1; }
	fi
	echo "$dir/logistics.so"
}

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

# Exercises functions of every area on whichever library they are linked
# to: the same answers before and after the update, to 12 significant
# digits (0.2.0 computes Wilson's upper bound in a more exact form, which
# moves the last bit).  route_cost's row type loses a field in the update
# (0.1.0's duration interval), so the fields both versions have are read.
smoke="SELECT logistics.eoq(1200, 50, 2)::numeric(12,6),
	logistics.normal_cdf(1.5)::numeric(12,10),
	(SELECT lower::numeric(14,12) || ' ' || upper::numeric(14,12)
	 FROM logistics.wilson_interval(45, 50, 0.95)),
	(SELECT logistics.otif(d, d, q, q)::numeric(8,6)
	 FROM (VALUES ('2026-01-01'::timestamptz, 3.0::float8)) AS t(d, q)),
	logistics.forecast(ARRAY[1,2,3,4,5,6,7,8]::float8[], 2, 'ses')::numeric(12,6)[]::text,
	logistics.geodesic_distance(52.2, 21.0, 48.85, 2.35)::numeric(14,3),
	(SELECT (r).distance_m::numeric(14,3) || ' ' || (r).cost::numeric(14,6) || ' ' ||
			(r).co2_kg::numeric(14,6) || ' ' || (r).stops
	 FROM (SELECT logistics.route_cost(lat, lon, logistics.cost_model() ORDER BY s) AS r
		   FROM (VALUES (1, 52.2, 21.0), (2, 48.85, 2.35)) AS v(s, lat, lon)) AS q)"

for v in $olds; do
	db=logistics_upgrade_from_${v//./_}
	dropdb --if-exists "$db" >/dev/null 2>&1
	createdb "$db"
	i=$((i + 1))
	if so=$(build_release "$v" 2>"$out/$v.build") &&
		install -m 755 "$so" "$libdir/logistics-$v.so" &&
		printf "module_pathname = '\$libdir/logistics-%s'\n" "$v" >"$extdir/logistics--$v.control" &&
		psql_q -d "$db" -c "CREATE EXTENSION postgis SCHEMA public" \
			-c "CREATE EXTENSION logistics VERSION '$v'" >"$out/$v.log" 2>&1 &&
		psql_q -At -d "$db" -c "$smoke" >"$out/$v.before" 2>>"$out/$v.log"; then
		echo "ok $i - $v installed with its released library ($(git -C "$top" rev-parse --short "$(awk -v v="$v" '$1 == v { print $2 }' test/upgrade/releases.txt)"))"
	else
		echo "not ok $i - $v installed with its released library"
		sed 's/^/# /' "$out/$v.build" "$out/$v.log" | head -n 30
	fi
	i=$((i + 1))
	if psql_q -d "$db" -c "ALTER EXTENSION logistics UPDATE" >>"$out/$v.log" 2>&1 &&
		psql_q -d "$db" -f test/upgrade/catalog.sql >"$out/$v.txt" 2>>"$out/$v.log" &&
		diff -u "$out/fresh.txt" "$out/$v.txt" >"$out/$v.diff"; then
		echo "ok $i - $v + ALTER EXTENSION UPDATE = fresh $current"
	else
		echo "not ok $i - $v + ALTER EXTENSION UPDATE = fresh $current"
		sed 's/^/# /' "$out/$v.log" | head -n 20
		sed 's/^/# /' "$out/$v.diff" | head -n 80
	fi
	# a new session, so nothing of the released library is loaded
	i=$((i + 1))
	if psql_q -At -d "$db" -c "$smoke" >"$out/$v.after" 2>>"$out/$v.log" &&
		[ -s "$out/$v.before" ] && cmp -s "$out/$v.before" "$out/$v.after" &&
		psql_q -At -d "$db" -c "SELECT count(*) FROM pg_proc WHERE probin LIKE '%logistics-$v%'" |
		grep -qx 0; then
		echo "ok $i - $v: the same answers on the released and the updated library, nothing linked to the old one"
	else
		echo "not ok $i - $v: answers before and after the update"
		diff "$out/$v.before" "$out/$v.after" | sed 's/^/# /' | head -n 20
		tail -n 5 "$out/$v.log" | sed 's/^/# /'
	fi
	dropdb "$db" >/dev/null 2>&1
done
dropdb logistics_upgrade_fresh >/dev/null 2>&1
