#!/usr/bin/env bash
# make test: set up what is missing, build with -Werror, install, run every
# pg_regress test, every pgTAP file and every plain-C unit test against a
# throwaway cluster, and end with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD

PG_CONFIG=$(bash scripts/setup.sh | tail -n 1) || exit 1
export PG_CONFIG
make -s PG_CONFIG="$PG_CONFIG" WERROR=1 all || { echo "0 passed, 1 failed"; exit 1; }
# clang must stay clean too (compiles only; the gcc build is what installs)
make -s PG_CONFIG="$PG_CONFIG" check-clang || { echo "0 passed, 1 failed"; exit 1; }

# Every worktree on this machine installs into the same PostgreSQL
# directories: hold a lock from install to the end of the run.  With
# LOGISTICS_PRIVATE_PG=1 (for several worktrees testing at once) the run
# installs into a private copy of the PostgreSQL installation instead
# (PostgreSQL finds its share and lib directories relative to its binaries)
# and needs no lock.
if [ -n "${LOGISTICS_PRIVATE_PG:-}" ]; then
	root=/tmp/logistics-pgroot-$(printf '%s' "$top" | md5sum | cut -c1-8)
	bindir=$("$PG_CONFIG" --bindir)
	major=$(basename "$(dirname "$bindir")")
	rm -rf "$root"
	mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql" \
		"$root/usr/include/postgresql"
	cp -a "/usr/lib/postgresql/$major" "$root/usr/lib/postgresql/" &&
		cp -a "/usr/share/postgresql/$major" "$root/usr/share/postgresql/" &&
		ln -s "/usr/include/postgresql/$major" "$root/usr/include/postgresql/$major" ||
		{ echo "0 passed, 1 failed"; exit 1; }
	PG_CONFIG=$root/usr/lib/postgresql/$major/bin/pg_config
	export PG_CONFIG
	trap 'rm -rf "$root"' EXIT
else
	exec 9>/tmp/logistics-install.lock
	flock 9
fi
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
# the test-only module of the state fuzzer (test/fuzz/subset.sh)
make -s -C scripts/fuzz PG_CONFIG="$PG_CONFIG" install >/dev/null 2>&1 ||
	echo "scripts/fuzz/logistics_statefuzz.c did not build: the state fuzzer is skipped"

env=$(bash scripts/cluster.sh start) || { echo "0 passed, 1 failed"; exit 1; }
eval "$env"
trap 'bash scripts/cluster.sh stop "$PGHOST"; [ -n "${root:-}" ] && rm -rf "$root"' EXIT

pass=0
fail=0
log=$(mktemp /tmp/logistics-test.XXXXXX)

# Count TAP-style and pg_regress-style result lines in $log.  "not ok ...
# # TODO" lines (known gaps, e.g. test/bi/forms.txt) count as neither:
# they are added up in $todo and reported before the last line.
todo=0
count() {
	local p f t
	p=$(grep -cE '^ok [0-9]+|^ *(test )?[A-Za-z0-9_-]+ +\.\.\. ok' "$log")
	f=$(grep -E '^not ok [0-9]+|\.\.\. FAILED|\.\.\. failed' "$log" |
		grep -cvE '^not ok [0-9]+.*# TODO')
	t=$(grep -cE '^not ok [0-9]+.*# TODO' "$log")
	echo "$p $f $t"
}

echo "== pg_regress"
tests=$(ls sql/*.sql 2>/dev/null | sed -e 's|sql/||' -e 's|\.sql$||' | tr '\n' ' ')
if [ -n "$tests" ]; then
	"$(dirname "$($PG_CONFIG --pgxs)")/../test/regress/pg_regress" \
		--inputdir=. --bindir="$($PG_CONFIG --bindir)" \
		--dbname=logistics_regression $tests >"$log" 2>&1
	rc=$?
	cat "$log"
	read -r p f td < <(count)
	todo=$((todo + td))
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
	[ -s regression.diffs ] && head -n 200 regression.diffs
fi

echo "== pgTAP"
createdb logistics_tap
for t in test/*.sql; do
	[ -e "$t" ] || continue
	pg_prove --verbose --dbname logistics_tap "$t" >"$log" 2>&1
	rc=$?
	grep -vE '^ok [0-9]+' "$log"
	read -r p f td < <(count)
	todo=$((todo + td))
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$t: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done

echo "== upgrade"
bash test/upgrade/upgrade.sh >"$log" 2>&1
rc=$?
cat "$log"
read -r p f td < <(count)
todo=$((todo + td))
[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
pass=$((pass + p))
fail=$((fail + f))

echo "== security and fuzzing"
for t in test/security/*.sh test/fuzz/*.sh; do
	[ -e "$t" ] || continue
	bash "$t" >"$log" 2>&1
	rc=$?
	grep -vE '^ok [0-9]+' "$log"
	read -r p f td < <(count)
	todo=$((todo + td))
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$t: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done

# Tests that need several sessions or programs outside the database:
# test/<area>/test_*.sh, each printing TAP against this cluster.
echo "== scripts"
for t in test/*/test_*.sh; do
	[ -e "$t" ] || continue
	bash "$t" >"$log" 2>&1
	rc=$?
	grep -vE '^ok [0-9]+' "$log"
	read -r p f td < <(count)
	todo=$((todo + td))
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$t: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done

echo "== unit"
san_cc=$(command -v clang || echo cc)
for t in test/unit/test_*.c; do
	[ -e "$t" ] || continue
	srcs=$(sed -n '1s|^/\* *unit: *\(.*\)\*/.*|\1|p' "$t")
	bin=${t%.c}.bin
	if cc -O2 -g -Wall -Wextra -Werror -Isrc -o "$bin" "$t" $srcs -lm >"$log" 2>&1; then
		"./$bin" >"$log" 2>&1
		rc=$?
	else
		rc=1
	fi
	grep -vE '^ok [0-9]+' "$log"
	read -r p f td < <(count)
	todo=$((todo + td))
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$t: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
	# the same program again under AddressSanitizer and UBSan: any report
	# aborts it (-fno-sanitize-recover), so it counts as one result.  clang
	# (installed by setup.sh) when there is one: its UBSan also checks
	# pointer arithmetic on null pointers, which gcc's does not.
	san=${t%.c}.san.bin
	if $san_cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Wall -Wextra -Werror -Isrc -o "$san" "$t" $srcs -lm \
		>"$log" 2>&1 &&
		ASAN_OPTIONS=detect_leaks=1 "./$san" >"$log" 2>&1 &&
		! grep -qE '^not ok' "$log"; then
		echo "ok - $t under ASan+UBSan"
		pass=$((pass + 1))
	else
		grep -vE '^ok [0-9]+' "$log" | head -n 30
		echo "not ok - $t under ASan+UBSan"
		fail=$((fail + 1))
	fi
done

rm -f "$log"
[ "$todo" -gt 0 ] && echo "$todo todo (not ok # TODO: known gaps, not counted)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
