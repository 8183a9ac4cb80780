#!/usr/bin/env bash
# Ledger tests that need more than one session or a program outside the
# database (run by make test against its throwaway cluster; prints TAP):
#   - test/ledger/reference.py, an independent Python implementation of
#     doc/ledger.md, rebuilds every row_hash, the RFC 6962 tree heads, and
#     checks the audit paths and consistency proofs with RFC 9162;
#   - 8 sessions insert concurrently into the same chains: all verify;
#   - ON CONFLICT DO NOTHING in a session that has not loaded the library;
#   - pg_dump and restore into another database: the ledger still verifies
#     and its digests are unchanged.
set -uo pipefail
cd "$(dirname "$0")/../.."
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
db=logistics_ledger_$$
n=0
fail=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }

createdb "$db" || exit 1
trap 'dropdb --if-exists "$db"; dropdb --if-exists "${db}_r"' EXIT
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION logistics CASCADE' || exit 1

# Every encoding the reference implements, NULLs, UTF-8, NaN, signed zero,
# numerics of every shape; 2 chains; then rows added through the trigger.
q <<'SQL' >/dev/null || exit 1
CREATE TABLE mv (
	id bigint PRIMARY KEY, at timestamptz NOT NULL, wh int NOT NULL,
	small int2, kind text, qty numeric, cost float8, ok boolean, day date);
INSERT INTO mv
SELECT i, '2026-03-01 00:00:00.123456+00'::timestamptz + i * interval '97 minutes 3.5 seconds',
	   i % 2, (i * 37 % 200 - 100)::int2,
	   CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN 'pick' WHEN 2 THEN 'Überweisung' WHEN 3 THEN '' ELSE '出荷 ✓' END,
	   (ARRAY[0, -0.5, 12345678.9012, 1e-7, -99999, 10000, 0.00])[1 + i % 7]::numeric,
	   CASE i % 6 WHEN 0 THEN 'NaN' WHEN 1 THEN '-0' WHEN 2 THEN '1e-300' ELSE (i / 7.0)::float8 END,
	   CASE i % 3 WHEN 0 THEN NULL ELSE i % 2 = 0 END,
	   '2026-03-01'::date + i
FROM generate_series(1, 45) i;
SELECT logistics.ledger_enable('mv', 'wh', recorded_at => 'at');
INSERT INTO mv SELECT i, now(), i % 2, 1, 'late', i * 0.25, 1.5, true, NULL FROM generate_series(46, 60) i;
CREATE TABLE solo (id int PRIMARY KEY, note text);
INSERT INTO solo SELECT i, 'n' || i FROM generate_series(1, 33) i;
SELECT logistics.ledger_enable('solo');
SQL

PGDATABASE=$db python3 test/ledger/reference.py mv wh id:int8 at:timestamptz wh:int4 small:int2 \
	kind:text qty:numeric cost:float8 ok:bool day:date
ok $? "reference.py: chained table with every reference type"
PGDATABASE=$db python3 test/ledger/reference.py solo - id:int4 note:text
ok $? "reference.py: one-chain table"

# 8 sessions, each 60 single-row transactions and one 40-row statement,
# into the 2 chains of conc at the same time
q -c "CREATE TABLE conc (id bigint PRIMARY KEY, wh int NOT NULL, qty int)" \
	-c "SELECT logistics.ledger_enable('conc', 'wh')" >/dev/null
for s in 1 2 3 4 5 6 7 8; do
	{
		for i in $(seq 1 60); do
			echo "INSERT INTO conc VALUES ($s * 1000 + $i, $i % 2, $s);"
		done
		echo "INSERT INTO conc SELECT $s * 1000 + 100 + g, g % 2, -$s FROM generate_series(1, 40) g;"
	} | q >/dev/null &
done
wait
q -c "SELECT count(*) FROM conc" | grep -qx 800
ok $? "8 concurrent sessions inserted their 800 rows"
res=$(q -c "SELECT string_agg(chain_key || ':' || rows_checked || ':' || ok, ' ' ORDER BY chain_key)
            FROM logistics.ledger_verify('conc')")
[ "$res" = "0:400:true 1:400:true" ]
ok $? "both chains verify after concurrent inserts ($res)"
PGDATABASE=$db python3 test/ledger/reference.py conc wh id:int8 wh:int4 qty:int4 >/dev/null
ok $? "reference.py agrees on the concurrently built chains"

# INSERT ... ON CONFLICT DO NOTHING as the first statement of a new
# session: the library is loaded in the middle of it, after the statement
# started without the library's ExecutorRun hook, so the trigger cannot
# know the statement and checks every row it stamped (ids 1 and 2 are
# skipped, 3, 4, 5 become ledger_seq 3, 4, 5)
q -c "CREATE TABLE ocf (id int PRIMARY KEY, wh int NOT NULL)" \
	-c "SELECT logistics.ledger_enable('ocf', 'wh')" \
	-c "INSERT INTO ocf VALUES (1, 1), (2, 1)" >/dev/null
q -c "INSERT INTO ocf VALUES (3, 1), (1, 1), (4, 1), (2, 1), (5, 1) ON CONFLICT DO NOTHING" >/dev/null
res=$(q -c "SELECT rows_checked || ':' || ok FROM logistics.ledger_verify('ocf')")
[ "$res" = "5:true" ]
ok $? "ON CONFLICT DO NOTHING as a new session's first statement leaves a valid chain ($res)"

# The backend's one SHA-256 context (src/ledger/ledger_hash.c) outlives
# statements and transactions: created by a new session's first statement
# that then fails (duplicate key after the row was stamped), it must still
# work after the rollback, after a rolled-back savepoint and in the next
# transactions, and no statement may warn of a leaked context at commit.
# Row 34 must then be ledger_seq 34 of solo (1..33 from the set-up).
out=$(psql -X -q -At -d "$db" 2>&1 <<'SQL'
INSERT INTO solo VALUES (1, 'duplicate');
BEGIN;
INSERT INTO solo VALUES (34, 'kept');
SAVEPOINT s;
INSERT INTO solo VALUES (2, 'duplicate');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT 'seq=' || ledger_seq FROM solo WHERE id = 34;
SELECT 'ok=' || ok FROM logistics.ledger_verify('solo');
SQL
)
! grep -qi "warning\|leak" <<<"$out" && grep -qx "seq=34" <<<"$out" && grep -qx "ok=true" <<<"$out"
ok $? "the SHA-256 context survives a failed first statement and a rolled-back savepoint, no leak warning ($(tr '\n' ' ' <<<"$out" | cut -c1-160))"

# dump and restore
before=$(q -c "SELECT string_agg(coalesce(chain_key, '-') || tree_size || encode(root_hash, 'hex'), ',' ORDER BY chain_key)
               FROM (SELECT * FROM logistics.ledger_digest('mv') UNION ALL
                     SELECT * FROM logistics.ledger_digest('solo')) d")
createdb "${db}_r" && "$bindir/pg_dump" -d "$db" -Fc -f "/tmp/$db.dump" &&
	"$bindir/pg_restore" -d "${db}_r" "/tmp/$db.dump" 2>/dev/null
rm -f "/tmp/$db.dump"
after=$(psql -X -At -d "${db}_r" -c "SELECT string_agg(coalesce(chain_key, '-') || tree_size || encode(root_hash, 'hex'), ',' ORDER BY chain_key)
               FROM (SELECT * FROM logistics.ledger_digest('mv') UNION ALL
                     SELECT * FROM logistics.ledger_digest('solo')) d")
[ -n "$before" ] && [ "$before" = "$after" ]
ok $? "digests are unchanged after pg_dump and pg_restore"
res=$(psql -X -At -d "${db}_r" -c "SELECT bool_and(ok) FROM (SELECT ok FROM logistics.ledger_verify('mv')
                                   UNION ALL SELECT ok FROM logistics.ledger_verify('solo')
                                   UNION ALL SELECT ok FROM logistics.ledger_verify('conc')) v")
[ "$res" = t ]
ok $? "every chain verifies after pg_dump and pg_restore"
psql -X -q -At -d "${db}_r" -c "INSERT INTO solo VALUES (35, 'after restore')" \
	-c "SELECT ok FROM logistics.ledger_verify('solo')" 2>&1 | grep -qx t
ok $? "the restored ledger keeps stamping and its triggers work"
echo "1..$n"
exit $fail
