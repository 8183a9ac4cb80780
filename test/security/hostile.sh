#!/usr/bin/env bash
# The install and every function against a hostile role (issue 10, items
# 1-4): a role with CREATE on the database plants operators and functions
# in the installing superuser's "$user" schema, in public, and in a schema
# named logistics created before the extension; every planted object, when
# run, advances a sequence.  Then:
#   - CREATE EXTENSION logistics refuses the pre-created schema (whoever
#     owns it, unless a superuser owns it, it is empty and only superusers
#     may create in it), and refuses to use a PostGIS that CASCADE put into
#     the hostile "$user" schema;
#   - the safe install (PostGIS first, into public; then logistics), every
#     user-facing function and aggregate called (scripts/fuzz/engine.sql,
#     plausible values, five aggregate forms) with the default search_path,
#     and the sample-data scripts loaded and run: the sequence has not moved.
# Prints TAP.  Needs PGHOST etc. of a running cluster with the extension
# installed (scripts/test.sh provides one), as a superuser.
set -uo pipefail
cd "$(dirname "$0")/../.."

db=logistics_hostile
role=logistics_hostile_role
su=$(psql -X -At -d postgres -c 'SELECT current_user')
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = "$2" ]; then ok "$3"; else notok "$3 (got '$1', want '$2')"; fi; }

q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
# the SQLSTATE of a failing statement, or "ok"
state() {
	local out
	if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" "$@" 2>&1); then
		echo ok
	else
		echo "$out" | sed -n 's/^.*ERROR: *\([0-9A-Z]\{5\}\):.*$/\1/p' | head -n 1
	fi
}
# how often a planted object ran (our own queries pin pg_catalog: the
# planted operators would capture them too)
ran() { q -c 'SET search_path = pg_catalog' -c 'SELECT CASE WHEN is_called THEN last_value + 1 ELSE 0 END FROM hostile_own.ran'; }

dropdb --if-exists "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
CREATE ROLE $role NOLOGIN;
GRANT CREATE ON DATABASE $db TO $role;
GRANT CREATE ON SCHEMA public TO $role;   -- as in a database from before PostgreSQL 15
SET ROLE $role;
CREATE SCHEMA hostile_own;
GRANT USAGE ON SCHEMA hostile_own TO PUBLIC;
CREATE SEQUENCE hostile_own.ran MINVALUE 0 START 0;
GRANT USAGE, UPDATE, SELECT ON SEQUENCE hostile_own.ran TO PUBLIC;
-- every planted object calls this; it returns true
CREATE FUNCTION hostile_own.pwn() RETURNS boolean LANGUAGE sql VOLATILE
	AS \$\$ SELECT pg_catalog.nextval('hostile_own.ran') >= 0 \$\$;
GRANT EXECUTE ON FUNCTION hostile_own.pwn() TO PUBLIC;
CREATE SCHEMA "$su";                 -- the superuser's "\$user"
CREATE SCHEMA logistics;             -- before the extension
CREATE FUNCTION logistics.eoq(int, int, int) RETURNS float8 LANGUAGE sql
	AS \$\$ SELECT CASE WHEN hostile_own.pwn() THEN 42::float8 END \$\$;
CREATE FUNCTION logistics.hostile_check(bytea) RETURNS boolean LANGUAGE sql
	AS \$\$ SELECT hostile_own.pwn() \$\$;
CREATE DOMAIN logistics.geometry AS bytea CHECK (logistics.hostile_check(VALUE));
CREATE DOMAIN logistics.geography AS bytea CHECK (logistics.hostile_check(VALUE));
-- In "\$user", public and logistics: an operator for every pair of common
-- types that pg_catalog lacks an exact one for (so it would win over
-- pg_catalog's after an implicit cast), and overloads of common functions.
DO \$\$
DECLARE
	s text;
	op text;
	l regtype;
	r regtype;
	k int := 0;
	tys regtype[] := ARRAY['int2', 'int4', 'int8', 'numeric', 'float4', 'float8',
						   'text', 'date', 'timestamptz', 'interval', 'boolean']::regtype[];
BEGIN
	FOREACH s IN ARRAY ARRAY['$su', 'public', 'logistics'] LOOP
		FOREACH op IN ARRAY ARRAY['=', '<>', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '^', '||'] LOOP
			FOREACH l IN ARRAY tys LOOP
				FOREACH r IN ARRAY tys LOOP
					CONTINUE WHEN EXISTS (SELECT FROM pg_operator
						WHERE oprname = op AND oprleft = l AND oprright = r
						  AND oprnamespace = 'pg_catalog'::regnamespace);
					k := k + 1;
					EXECUTE format('CREATE FUNCTION %I.hostile_op_%s(%s, %s) RETURNS %s LANGUAGE sql AS %L',
						s, k, l, r,
						CASE WHEN op IN ('=', '<>', '<', '>', '<=', '>=') THEN 'boolean' ELSE 'float8' END,
						CASE WHEN op IN ('=', '<>', '<', '>', '<=', '>=') THEN 'SELECT hostile_own.pwn()'
							 ELSE 'SELECT CASE WHEN hostile_own.pwn() THEN 1::float8 END' END);
					EXECUTE format('CREATE OPERATOR %I.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %I.hostile_op_%s)',
						s, op, l, r, s, k);
				END LOOP;
			END LOOP;
		END LOOP;
		FOREACH op IN ARRAY ARRAY['sqrt', 'ln', 'exp', 'floor', 'ceil', 'abs', 'round', 'power',
								  'greatest', 'least', 'array_length', 'hashint8extended', 'make_date'] LOOP
			EXECUTE format('CREATE FUNCTION %I.%I(int) RETURNS float8 LANGUAGE sql AS %L',
						   s, op, 'SELECT CASE WHEN hostile_own.pwn() THEN 1::float8 END');
			EXECUTE format('CREATE FUNCTION %I.%I(float8, int) RETURNS float8 LANGUAGE sql AS %L',
						   s, op, 'SELECT CASE WHEN hostile_own.pwn() THEN 1::float8 END');
		END LOOP;
	END LOOP;
END
\$\$;
SQL
check "$(ran)" 0 "the planted objects have not run yet"

# 1. the pre-created schema logistics is refused, CASCADE or not
check "$(state -c 'CREATE EXTENSION logistics CASCADE')" 42501 \
	"CREATE EXTENSION refuses a schema logistics owned by another role (42501)"

# 2. CASCADE would put PostGIS into the hostile "$user" schema: refused, and
#    nothing stays installed
check "$(state -c "ALTER SCHEMA logistics RENAME TO hostile_logistics" \
	-c 'CREATE EXTENSION logistics CASCADE')" 42501 \
	"CREATE EXTENSION ... CASCADE refuses a PostGIS that lands in a \$user schema of another role (42501)"
check "$(q -c "SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'logistics')")" 0 \
	"and neither PostGIS nor logistics is left installed"

# 3. a superuser's schema logistics that another role may create in, or did
check "$(state -c 'CREATE SCHEMA logistics' -c "GRANT CREATE ON SCHEMA logistics TO $role" \
	-c 'CREATE EXTENSION postgis SCHEMA public' -c 'CREATE EXTENSION logistics')" 42501 \
	"a superuser's schema logistics where another role may CREATE is refused (42501)"
q -c 'DROP EXTENSION postgis' >/dev/null 2>&1
check "$(state -c "SET ROLE $role" -c 'CREATE FUNCTION logistics.eoq(int, int, int) RETURNS float8
	LANGUAGE sql AS $$ SELECT CASE WHEN hostile_own.pwn() THEN 42::float8 END $$' -c 'RESET ROLE' \
	-c "REVOKE CREATE ON SCHEMA logistics FROM $role" \
	-c 'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public' -c 'CREATE EXTENSION logistics')" 42P06 \
	"a superuser's schema logistics holding another role's function is refused (42P06)"

# 4. the safe install: PostGIS into public first, then logistics into a
#    schema it creates; the hostile "$user" and public objects stay
q -c 'DROP SCHEMA logistics CASCADE' >/dev/null 2>&1
check "$(state -c 'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public')" ok "PostGIS installs into public"
before=$(ran)
check "$(state -c 'CREATE EXTENSION logistics')" ok "logistics installs beside the planted objects"
check "$(ran)" "$before" "no planted object ran during the install"

# 5. every function, with the default search_path ("$user", public)
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/fuzz/engine.sql >/dev/null
calls=$(q -c "SELECT logistics_fuzz.run_plain(3, ARRAY['plain', 'orderby', 'groupby', 'window', 'filter'])")
res=$(q -c 'SET search_path = pg_catalog' -c "SELECT format('%s signatures, %s calls ok, %s XX000, %s skipped',
	count(DISTINCT sig), count(*) FILTER (WHERE outcome = 'ok'),
	count(*) FILTER (WHERE outcome = 'XX000'), count(*) FILTER (WHERE outcome = 'skipped'))
	FROM logistics_fuzz.log")
echo "# $calls calls: $res"
check "$(ran)" "$before" "no planted object ran while every function was called ($calls calls)"

# 6. the sample data (the generator runs its CHECKs and bodies per row)
if psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/data/10-sample.sql >/dev/null 2>&1 &&
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/data/20-scms.sql >/dev/null 2>&1 &&
	q -c 'SELECT sample.generate(20, 2000, 7)' >/dev/null 2>&1; then
	check "$(ran)" "$before" "no planted object ran while the sample data loaded and regenerated"
else
	notok "the sample-data scripts load beside the planted objects"
fi

# the detector works: a query that does resolve through the search_path
# (float8 > numeric has no exact pg_catalog operator) runs a planted one
q -c 'SELECT 1::float8 > 1::numeric' >/dev/null 2>&1
after=$(ran)
if [ "$after" -gt "$before" ]; then
	ok "control: an unqualified float8 > numeric in a plain query runs a planted operator"
else
	notok "control: the planted operators are never reached, the checks above prove nothing"
fi

dropdb "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP ROLE $role" >/dev/null 2>&1
echo "1..$n"
