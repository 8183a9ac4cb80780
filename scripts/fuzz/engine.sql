-- scripts/fuzz/engine.sql: call every user-facing function and aggregate of
-- the logistics extension with generated arguments and record what happened.
--
-- Loaded with psql into a database where logistics is installed; creates
-- schema logistics_fuzz (not part of the extension).  Used by
--   test/security/hostile.sh   every function once with plausible values,
--                              with hostile objects planted in the path
--   scripts/fuzz/run.sh        (make fuzz) edge values, random mixes,
--                              aggregate forms, serial against parallel
--   test/fuzz.sql (pgTAP)      a short deterministic subset in make test
--
-- Signatures come from the catalog (members of extension logistics that
-- neither take nor return internal, support functions "_..." and the
-- cstring type I/O left out), so a function added later is fuzzed without
-- editing this file.  A value pool per argument type gives the literals;
-- an argument type without a pool is skipped and counted.
--
-- Outcome of one call: 'ok', 'nonfinite' (NaN or Infinity in the result
-- although every argument was finite), or the SQLSTATE it raised.  XX000
-- (internal error) and a lost connection are what make fuzz fails on.

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS logistics_fuzz CASCADE;
CREATE SCHEMA logistics_fuzz;
SET search_path = pg_catalog, pg_temp;

-- kind 'plain': values a caller would plausibly pass; 'edge': the boundary
-- and hostile ones.  Several plain values per type so that some combination
-- of them satisfies each function's domain checks.
CREATE TABLE logistics_fuzz.pool (
	typ		regtype NOT NULL,
	kind	text NOT NULL CHECK (kind IN ('plain', 'edge')),
	expr	text NOT NULL
);

INSERT INTO logistics_fuzz.pool
SELECT 'float8'::regtype, 'plain', v FROM unnest(ARRAY[
	'0.95', '2', '10', '100', '0.5', '1', '25', '0.1']) v
UNION ALL
SELECT 'float8'::regtype, 'edge', v FROM unnest(ARRAY[
	'0', '-1', '1e308', '-1e308', '5e-324', '1e-300', '''NaN''::float8',
	'''Infinity''::float8', '''-Infinity''::float8', 'NULL::float8', '1e15',
	'0.9999999999999999', '1e200', '-0.0']) v
UNION ALL
SELECT 'int4'::regtype, 'plain', v FROM unnest(ARRAY['1', '4', '12', '7', '3']) v
UNION ALL
SELECT 'int4'::regtype, 'edge', v FROM unnest(ARRAY[
	'0', '-1', '2147483647', '(-2147483647 - 1)', 'NULL::int4', '100000']) v
UNION ALL
SELECT 'int8'::regtype, 'plain', v FROM unnest(ARRAY['50', '45', '1', '3', '1000']) v
UNION ALL
SELECT 'int8'::regtype, 'edge', v FROM unnest(ARRAY[
	'0', '-1', '9223372036854775807', '(-9223372036854775807 - 1)',
	'NULL::int8', '4611686018427387904']) v
UNION ALL
SELECT 'bool'::regtype, 'plain', v FROM unnest(ARRAY['true', 'false', 'true']) v
UNION ALL
SELECT 'bool'::regtype, 'edge', 'NULL::bool'
UNION ALL
SELECT 'text'::regtype, 'plain', v FROM unnest(ARRAY[
	'''auto''', '''ses''', '''holt''', '''croston''', '''a''', '''mean''',
	'''naive''', '''tsb''']) v
UNION ALL
SELECT 'text'::regtype, 'edge', v FROM unnest(ARRAY[
	'''''', 'repeat(''x'', 5000)', 'NULL::text', '''all''', '''ZZZ''',
	'''MAdM''', '''ets''', '''snaive''', E'''\\u00e9''']) v
UNION ALL
SELECT 'timestamptz'::regtype, 'plain', v FROM unnest(ARRAY[
	'''2024-01-03 10:00+00''::timestamptz', '''2024-01-05 12:00+00''::timestamptz',
	'''2024-01-01 00:00+00''::timestamptz', '''2024-02-01 00:00+00''::timestamptz']) v
UNION ALL
SELECT 'timestamptz'::regtype, 'edge', v FROM unnest(ARRAY[
	'''-infinity''::timestamptz', '''infinity''::timestamptz',
	'''4713-01-01 00:00+00 BC''::timestamptz', '''294276-12-31 00:00+00''::timestamptz',
	'NULL::timestamptz']) v
UNION ALL
SELECT 'date'::regtype, 'plain', v FROM unnest(ARRAY[
	'''2024-01-03''::date', '''2024-01-09''::date', '''2024-01-01''::date']) v
UNION ALL
SELECT 'date'::regtype, 'edge', v FROM unnest(ARRAY[
	'''-infinity''::date', '''infinity''::date', '''4713-01-01 BC''::date',
	'''5874897-12-31''::date', 'NULL::date']) v
UNION ALL
SELECT 'interval'::regtype, 'plain', v FROM unnest(ARRAY[
	'''1 day''::interval', '''2 hours''::interval', '''7 days''::interval']) v
UNION ALL
SELECT 'interval'::regtype, 'edge', v FROM unnest(ARRAY[
	'''0''::interval', '''-1 day''::interval', '''178000000 years''::interval',
	'''1 microsecond''::interval', '''1 month''::interval', 'NULL::interval']) v
UNION ALL
SELECT 'float8[]'::regtype, 'plain', v FROM unnest(ARRAY[
	'''{12,15,11,18,14,16,13,17,15,19,14,18,16,20,15,21}''::float8[]',
	'''{0,100,500}''::float8[]', '''{10,9.5,9}''::float8[]',
	'''{0,3,0,0,5,0,2,0,0,4,0,1,0,0,2,0}''::float8[]',
	'''{0.5,0.9}''::float8[]',
	'''{0,5,9,4,5,0,3,7,9,3,0,2,4,7,2,0}''::float8[]',
	'''{11,14,12,17,15,15,12,18,14,20,13,19,17,19,16,20}''::float8[]']) v
UNION ALL
SELECT 'float8[]'::regtype, 'edge', v FROM unnest(ARRAY[
	'''{}''::float8[]', '''{NULL}''::float8[]', 'NULL::float8[]',
	'''{1e308,1e308,1e308}''::float8[]', '''{0,0,0,0,0,0,0,0,0,0,0,0}''::float8[]',
	'''{5,5,5,5,5,5,5,5,5,5,5,5}''::float8[]', '''{1,2,3,4,5,6,7,8,9,10,11,12}''::float8[]',
	'''{NaN,1,2}''::float8[]', '''{{1,2},{3,4}}''::float8[]', '''{-1,-2,-3}''::float8[]',
	'''[0:2]={1,2,3}''::float8[]', '''{1e300,-1e300,1e300,-1e300,1e300,-1e300}''::float8[]',
	'array_fill(1e-300::float8, ARRAY[20])']) v
UNION ALL
SELECT 'int4[]'::regtype, 'plain', v FROM unnest(ARRAY['''{1,2,3}''::int4[]', '''{0,1,2}''::int4[]']) v
UNION ALL
SELECT 'int4[]'::regtype, 'edge', v FROM unnest(ARRAY[
	'''{}''::int4[]', '''{NULL}''::int4[]', '''{3,3,3}''::int4[]', '''{-1,2147483647}''::int4[]']) v
UNION ALL
SELECT 'jsonb'::regtype, 'plain', v FROM unnest(ARRAY['''{}''::jsonb', '''{"alpha": 0.3}''::jsonb']) v
UNION ALL
SELECT 'jsonb'::regtype, 'edge', v FROM unnest(ARRAY[
	'''null''::jsonb', '''[]''::jsonb', '''{"alpha": 2}''::jsonb', '''{"phi": 3}''::jsonb',
	'''{"alpha": "x"}''::jsonb', 'NULL::jsonb', '''{"alpha": 1e308}''::jsonb']) v
UNION ALL
SELECT 'bytea'::regtype, 'plain', v FROM unnest(ARRAY[
	'sha256(''a'')', 'sha256(''b'')', 'sha256(''\x00''::bytea || sha256(''a'') || sha256(''b''))']) v
UNION ALL
SELECT 'bytea'::regtype, 'edge', v FROM unnest(ARRAY[
	'''\x''::bytea', '''\x00''::bytea', 'NULL::bytea', 'decode(repeat(''ff'', 33), ''hex'')']) v
UNION ALL
SELECT 'bytea[]'::regtype, 'plain', v FROM unnest(ARRAY[
	'ARRAY[sha256(''b'')]', 'ARRAY[sha256(''a''), sha256(''c'')]']) v
UNION ALL
SELECT 'bytea[]'::regtype, 'edge', v FROM unnest(ARRAY[
	'''{}''::bytea[]', 'ARRAY[NULL::bytea]', 'ARRAY[''\x01''::bytea]',
	'array_fill(sha256(''a''), ARRAY[70])']) v
UNION ALL
SELECT 'text[]'::regtype, 'plain', v FROM unnest(ARRAY['ARRAY[''id'']', 'ARRAY[''moved_at'', ''id'']']) v
UNION ALL
SELECT 'text[]'::regtype, 'edge', v FROM unnest(ARRAY[
	'''{}''::text[]', 'ARRAY[NULL::text]', 'ARRAY[''no such column'']', 'NULL::text[]',
	'ARRAY[''id'', ''id'']']) v
UNION ALL
-- tables for the ledger functions: a ledgered one with rows, a plain one,
-- and edge cases (a catalog, a view, a table without rows, OID 0, NULL)
SELECT 'regclass'::regtype, 'plain', v FROM unnest(ARRAY[
	'''logistics_fuzz.moves''::regclass', '''logistics_fuzz.moves_plain''::regclass']) v
UNION ALL
SELECT 'regclass'::regtype, 'edge', v FROM unnest(ARRAY[
	'''pg_catalog.pg_class''::regclass', '''logistics_fuzz.moves_view''::regclass',
	'''logistics_fuzz.empty''::regclass', '0::oid::regclass', 'NULL::regclass']) v;

CREATE TABLE logistics_fuzz.moves (id bigint PRIMARY KEY, warehouse_id int NOT NULL, qty numeric,
								   moved_at timestamptz, note text);
INSERT INTO logistics_fuzz.moves
SELECT g, g % 3, g * 1.5 - 20, '2026-01-01'::timestamptz + g * interval '1 hour', 'm' || g
FROM generate_series(1, 40) g;
CREATE TABLE logistics_fuzz.moves_plain (LIKE logistics_fuzz.moves);
INSERT INTO logistics_fuzz.moves_plain SELECT * FROM logistics_fuzz.moves;
CREATE TABLE logistics_fuzz.empty (id bigint PRIMARY KEY);
CREATE VIEW logistics_fuzz.moves_view AS SELECT * FROM logistics_fuzz.moves;
DO $$
DECLARE
	ext		name;
BEGIN
	SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'logistics';
	EXECUTE format('SELECT %I.ledger_enable(''logistics_fuzz.moves'', ''warehouse_id'', recorded_at => ''moved_at'')', ext);
END
$$;

-- Types of the extension and of PostGIS, whose names depend on where they
-- are installed: added here by name lookup.
DO $$
DECLARE
	ext		name;
	gis		name;
BEGIN
	SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'logistics';
	SELECT n.nspname INTO gis FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'postgis';
	INSERT INTO logistics_fuzz.pool
	SELECT format('%I.cost_model', ext)::regtype, k, format(v, ext)
	FROM (VALUES ('plain', '%I.cost_model()'),
				 ('plain', '%I.cost_model(1, 40, 2, 10, 50, 3, 250)'),
				 ('edge', 'ROW(-1, 1, 1, 1, 0, 1, 1)::%I.cost_model'),
				 ('edge', 'ROW(1e308, 1e308, 1e308, 1e308, 1e-300, 1e308, 1e308)::%I.cost_model'),
				 ('edge', 'ROW(NULL, 1, 1, 1, 1, 1, 1)::%I.cost_model'),
				 ('edge', 'NULL::%I.cost_model')) p(k, v);
	INSERT INTO logistics_fuzz.pool
	SELECT format('%I.forecast_model', ext)::regtype, k, format(v, ext)
	FROM (VALUES ('plain', '%1$I.forecast_fit(''{12,15,11,18,14,16,13,17,15,19,14,18}'', ''ses'', 1)'),
				 ('plain', '%1$I.forecast_fit(''{12,15,11,18,14,16,13,17,15,19,14,18,16,20,15,21}'', ''auto'', 4)'),
				 ('edge', '%1$I.forecast_fit(''{5,5,5,5,5,5,5,5,5,5,5,5}'', ''ses'', 1)'),
				 ('edge', '%1$I.forecast_fit(''{1,2,3,4,5,6,7,8,9,10,11,12}'', ''auto'', 1)'),
				 ('edge', '%1$I.forecast_fit(''{1e300,1e300,2e300,1e300}'', ''mean'', 1)'),
				 ('edge', '%1$I.forecast_fit(''{0,3,0,0,5,0,2,0,0,4,0,1}'', ''croston'', 1)'),
				 ('edge', 'NULL::%1$I.forecast_model')) p(k, v);
	IF gis IS NOT NULL THEN
		INSERT INTO logistics_fuzz.pool
		SELECT format('%I.%I', gis, t)::regtype, k, format(v, gis, t)
		FROM (VALUES ('geometry'), ('geography')) g(t),
			 (VALUES ('plain', '%1$I.ST_SetSRID(%1$I.ST_MakePoint(13.4, 52.5), 4326)::%1$I.%2$I'),
					 ('plain', '%1$I.ST_SetSRID(%1$I.ST_MakePoint(2.35, 48.86), 4326)::%1$I.%2$I'),
					 ('edge', '%1$I.ST_SetSRID(%1$I.ST_MakePoint(500000, 5000000), 3857)::%1$I.geometry::%1$I.%2$I'),
					 ('edge', '''SRID=4326;POINT EMPTY''::%1$I.%2$I'),
					 ('edge', '''SRID=4326;LINESTRING(0 0, 1 1)''::%1$I.%2$I'),
					 ('edge', 'NULL::%1$I.%2$I')) p(k, v)
		WHERE NOT (t = 'geography' AND v LIKE '%3857%');
		INSERT INTO logistics_fuzz.pool
		SELECT format('%I.%I[]', gis, t)::regtype, k, format(v, gis, t)
		FROM (VALUES ('geometry'), ('geography')) g(t),
			 (VALUES ('plain', format('ARRAY[%1$s, %2$s, %3$s]::%%1$I.%%2$I[]',
							'%1$I.ST_SetSRID(%1$I.ST_MakePoint(13.4, 52.5), 4326)::%1$I.%2$I',
							'%1$I.ST_SetSRID(%1$I.ST_MakePoint(2.35, 48.86), 4326)::%1$I.%2$I',
							'%1$I.ST_SetSRID(%1$I.ST_MakePoint(4.9, 52.37), 4326)::%1$I.%2$I')),
					 ('edge', '''{}''::%1$I.%2$I[]'),
					 ('edge', 'NULL::%1$I.%2$I[]')) p(k, v);
	END IF;
END
$$;

-- The signatures to call.
CREATE VIEW logistics_fuzz.target AS
SELECT p.oid AS fn, p.oid::regprocedure::text AS sig, p.prokind AS kind, p.proretset AS retset,
	   ARRAY(SELECT unnest(p.proargtypes::oid[])) AS args,
	   format('%I.%I', n.nspname, p.proname) AS qname
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'logistics'
JOIN pg_proc p ON p.oid = d.objid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.deptype = 'e'
  -- internal functions too, where SQL can call them (array states of the
  -- route aggregates, for one), but not trigger functions
  AND p.prorettype NOT IN ('internal'::regtype, 'cstring'::regtype, 'trigger'::regtype)
  AND NOT 'internal'::regtype = ANY (p.proargtypes::oid[])
  AND NOT 'cstring'::regtype = ANY (p.proargtypes::oid[]);

-- One call.  "q" is a complete query returning one text value.
CREATE FUNCTION logistics_fuzz.try(q text, finite boolean) RETURNS text
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r		text;
BEGIN
	EXECUTE q INTO r;
	IF finite AND r ~* '(^|[^a-z])(nan|-?infinity)([^a-z]|$)' THEN
		RETURN 'nonfinite';
	END IF;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END
$$;

-- The query text that calls fn once with argument expressions a[] (for an
-- aggregate or window function: rows[i][j] is argument j of row i, and
-- form chooses how it is called).
CREATE FUNCTION logistics_fuzz.query(t logistics_fuzz.target, rows text[], form text)
	RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	nargs	int := coalesce(array_length(t.args, 1), 0);
	cols	text := '';
	vals	text := '';
	call	text;
	i		int;
	j		int;
BEGIN
	IF t.kind = 'f' THEN
		call := t.qname || '(' || coalesce(array_to_string(rows[1:1][1:nargs], ', '), '') || ')';
		IF nargs = 0 THEN
			call := t.qname || '()';
		END IF;
		IF t.retset THEN
			RETURN format('SELECT string_agg(r::text, '';'') FROM %s r', call);
		END IF;
		RETURN format('SELECT (%s)::text', call);
	END IF;
	-- aggregate or window function over a VALUES list, column cJ of row i
	FOR j IN 1 .. nargs LOOP
		cols := cols || format(', c%s', j);
	END LOOP;
	FOR i IN 1 .. array_length(rows, 1) LOOP
		vals := vals || CASE WHEN i > 1 THEN ', ' ELSE '' END || '(' || i;
		FOR j IN 1 .. nargs LOOP
			vals := vals || ', ' || rows[i][j];
		END LOOP;
		vals := vals || ')';
	END LOOP;
	call := t.qname || '(' || substr(cols, 3);
	IF t.kind = 'w' THEN
		RETURN format('SELECT string_agg(x::text, '';'' ORDER BY i) FROM (SELECT i, %s) OVER () AS x FROM (VALUES %s) v(i%s)) s',
					  call, vals, cols);
	END IF;
	RETURN CASE form
		WHEN 'orderby' THEN format('SELECT (%s ORDER BY i))::text FROM (VALUES %s) v(i%s)', call, vals, cols)
		WHEN 'groupby' THEN format('SELECT string_agg(x::text, '';'' ORDER BY g) FROM (SELECT i %% 2 AS g, %s ORDER BY i) AS x FROM (VALUES %s) v(i%s) GROUP BY 1) s', call, vals, cols)
		WHEN 'window' THEN format('SELECT string_agg(x::text, '';'' ORDER BY i) FROM (SELECT i, %s) OVER (ORDER BY i) AS x FROM (VALUES %s) v(i%s)) s', call, vals, cols)
		WHEN 'filter' THEN format('SELECT (%s ORDER BY i) FILTER (WHERE i <> 2))::text FROM (VALUES %s) v(i%s)', call, vals, cols)
		ELSE format('SELECT (%s))::text FROM (VALUES %s) v(i%s)', call, vals, cols)
	END;
END
$$;

-- Pool entry k (1-based, wrapping) of a type and kind, or NULL when the
-- type has no pool.
CREATE FUNCTION logistics_fuzz.pick(typ oid, pkind text, k int) RETURNS text
	LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$
	SELECT expr FROM (
		SELECT expr, row_number() OVER () AS r, count(*) OVER () AS c
		FROM logistics_fuzz.pool WHERE pool.typ = $1 AND pool.kind = $2) s
	WHERE r = 1 + ((($3 - 1) % c) + c) % c
$$;

-- Log of the run.
CREATE TABLE logistics_fuzz.log (
	sig		text,
	form	text,
	outcome	text,
	q		text
);

-- Every signature called with plausible values: for each, "combos" rows of
-- argument choices (argument j of combo c is plain value c + j * stride of
-- its type), for aggregates three such rows per call in each of the forms.
-- Returns the number of calls made.
CREATE FUNCTION logistics_fuzz.run_plain(combos int, forms text[] DEFAULT ARRAY['plain'])
	RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t		logistics_fuzz.target;
	c		int;
	i		int;
	j		int;
	n		int;
	rows	text[];
	f		text;
	calls	bigint := 0;
	q		text;
	missing boolean;
BEGIN
	FOR t IN SELECT * FROM logistics_fuzz.target ORDER BY sig LOOP
		n := coalesce(array_length(t.args, 1), 0);
		FOR c IN 1 .. combos LOOP
			rows := array_fill(NULL::text, ARRAY[3, greatest(n, 1)]);
			missing := false;
			FOR i IN 1 .. 3 LOOP
				FOR j IN 1 .. n LOOP
					rows[i][j] := logistics_fuzz.pick(t.args[j], 'plain', c + 3 * j + (i - 1) * (CASE WHEN t.kind = 'f' OR j > 2 THEN 0 ELSE 1 END));
					missing := missing OR rows[i][j] IS NULL;
				END LOOP;
			END LOOP;
			IF missing THEN
				INSERT INTO logistics_fuzz.log VALUES (t.sig, 'untyped', 'skipped', NULL);
				EXIT;
			END IF;
			FOREACH f IN ARRAY CASE WHEN t.kind = 'a' THEN forms ELSE ARRAY['plain'] END LOOP
				q := logistics_fuzz.query(t, rows, f);
				INSERT INTO logistics_fuzz.log VALUES (t.sig, f, logistics_fuzz.try(q, true), q);
				calls := calls + 1;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN calls;
END
$$;

-- Every signature with one argument at a time replaced by each edge value
-- of its type (the others plain).  Aggregates: the edge value in the
-- middle row of three.  Returns the number of calls made.
CREATE FUNCTION logistics_fuzz.run_edges(forms text[] DEFAULT ARRAY['plain'], max_edges int DEFAULT 1000)
	RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t		logistics_fuzz.target;
	i		int;
	j		int;
	e		int;
	n		int;
	ne		int;
	base	text[];
	rows	text[];
	f		text;
	q		text;
	calls	bigint := 0;
	ev		text;
BEGIN
	FOR t IN SELECT * FROM logistics_fuzz.target ORDER BY sig LOOP
		n := coalesce(array_length(t.args, 1), 0);
		base := array_fill(NULL::text, ARRAY[3, greatest(n, 1)]);
		FOR i IN 1 .. 3 LOOP
			FOR j IN 1 .. n LOOP
				base[i][j] := logistics_fuzz.pick(t.args[j], 'plain', 1 + 3 * j + (i - 1) * (CASE WHEN t.kind = 'f' OR j > 2 THEN 0 ELSE 1 END));
			END LOOP;
		END LOOP;
		CONTINUE WHEN n > 0 AND EXISTS (SELECT FROM unnest(base) x WHERE x IS NULL);
		FOR j IN 1 .. n LOOP
			SELECT count(*) INTO ne FROM logistics_fuzz.pool WHERE typ = t.args[j] AND kind = 'edge';
			FOR e IN 1 .. least(ne, max_edges) LOOP
				ev := logistics_fuzz.pick(t.args[j], 'edge', e);
				rows := base;
				IF t.kind = 'f' THEN
					rows[1][j] := ev;
				ELSE
					rows[2][j] := ev;
				END IF;
				FOREACH f IN ARRAY CASE WHEN t.kind = 'a' THEN forms ELSE ARRAY['plain'] END LOOP
					q := logistics_fuzz.query(t, rows, f);
					INSERT INTO logistics_fuzz.log VALUES (t.sig, 'edge:' || f,
						logistics_fuzz.try(q, ev !~* 'nan|infinity'), q);
					calls := calls + 1;
				END LOOP;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN calls;
END
$$;


-- Random mixes: n calls, each signature drawn at random and each argument
-- from the plain or the edge pool of its type (one in three edge), with
-- setseed(seed) so that a run can be repeated.  Returns the calls made.
CREATE FUNCTION logistics_fuzz.run_random(n int, seed float8,
										  forms text[] DEFAULT ARRAY['plain', 'orderby', 'groupby', 'window', 'filter'])
	RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	targets logistics_fuzz.target[];
	t		logistics_fuzz.target;
	i		int;
	j		int;
	r		int;
	na		int;
	rows	text[];
	finite	boolean;
	f		text;
	q		text;
	calls	bigint := 0;
	pk		text;
	cnt		int;
BEGIN
	PERFORM setseed(seed);
	SELECT array_agg(x ORDER BY x.sig) INTO targets FROM logistics_fuzz.target x;
	FOR i IN 1 .. n LOOP
		t := targets[1 + floor(random() * array_length(targets, 1))::int];
		na := coalesce(array_length(t.args, 1), 0);
		rows := array_fill(NULL::text, ARRAY[3, greatest(na, 1)]);
		finite := true;
		FOR r IN 1 .. 3 LOOP
			FOR j IN 1 .. na LOOP
				IF r > 1 AND (t.kind = 'f' OR (j > 2 AND random() < 0.9)) THEN
					rows[r][j] := rows[1][j];
					CONTINUE;
				END IF;
				pk := CASE WHEN random() < 0.33 THEN 'edge' ELSE 'plain' END;
				SELECT count(*) INTO cnt FROM logistics_fuzz.pool p WHERE p.typ = t.args[j] AND p.kind = pk;
				IF cnt = 0 THEN
					pk := 'plain';
					SELECT count(*) INTO cnt FROM logistics_fuzz.pool p WHERE p.typ = t.args[j] AND p.kind = pk;
				END IF;
				rows[r][j] := logistics_fuzz.pick(t.args[j], pk, 1 + floor(random() * greatest(cnt, 1))::int);
				finite := finite AND coalesce(rows[r][j] !~* 'nan|infinity', true);
			END LOOP;
		END LOOP;
		CONTINUE WHEN na > 0 AND EXISTS (SELECT FROM unnest(rows) x WHERE x IS NULL);
		f := CASE WHEN t.kind = 'a' THEN forms[1 + floor(random() * array_length(forms, 1))::int] ELSE 'plain' END;
		q := logistics_fuzz.query(t, rows, f);
		INSERT INTO logistics_fuzz.log VALUES (t.sig, 'random:' || f, logistics_fuzz.try(q, finite), q);
		calls := calls + 1;
	END LOOP;
	RETURN calls;
END
$$;

-- A column expression of type typ over the row number g, for the parallel
-- comparison; NULL when the type has none.
CREATE FUNCTION logistics_fuzz.gen(typ oid, j int) RETURNS text
	LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	gis		name;
BEGIN
	SELECT n.nspname INTO gis FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'postgis';
	-- argument j = 2 differs from argument 1 (a forecast from an actual,
	-- a delivery from a promise)
	RETURN replace(CASE (SELECT t.typname FROM pg_type t WHERE t.oid = typ)
		WHEN 'float8' THEN '((g * 7919 + J) % 1000)::float8 / 8'
		WHEN 'int8' THEN '((g * 31 + J) % 997)::int8'
		WHEN 'int4' THEN '((g * 31 + J) % 997)::int4'
		WHEN 'bool' THEN '((g + J) % 3 <> 0)'
		WHEN 'text' THEN '(''k'' || ((g * 13) % 101))'
		WHEN 'timestamptz' THEN '(''2024-01-01 00:00+00''::timestamptz + ((g * 7919 + J) % 20000) * interval ''1 hour'')'
		WHEN 'date' THEN '(''2024-01-01''::date + (g * 7919 + J) % 700)'
		WHEN 'geometry' THEN format('%1$I.ST_SetSRID(%1$I.ST_MakePoint((g %% 360) - 179.5, (g %% 170) - 84.5), 4326)', gis)
		ELSE NULL END, 'J', ((j - 1) * 104729)::text);
END
$$;

-- Every aggregate over a table of nrows rows, once with a serial plan and
-- once with a forced parallel plan (two workers, partial aggregation),
-- whole-table and grouped: the results must agree (to 1e-9 relative for
-- each number in them) or fail with the same SQLSTATE.  The first two
-- arguments vary with the row, the others are one plain value (group
-- parameters).  Logs form 'parallel' with outcome 'ok' or 'mismatch'.
CREATE FUNCTION logistics_fuzz.run_parallel(nrows int)
	RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t		logistics_fuzz.target;
	j		int;
	na		int;
	args	text[];
	q		text;
	grouped text;
	serial	text;
	par		text;
	ord		text;
	calls	bigint := 0;
	e		text;
BEGIN
	DROP TABLE IF EXISTS logistics_fuzz.prows;
	EXECUTE format('CREATE TABLE logistics_fuzz.prows AS SELECT g FROM generate_series(1, %s) g', nrows);
	ALTER TABLE logistics_fuzz.prows SET (parallel_workers = 2);
	ANALYZE logistics_fuzz.prows;
	FOR t IN SELECT * FROM logistics_fuzz.target WHERE kind = 'a' ORDER BY sig LOOP
		-- approximate aggregates (*_approx, a KLL sketch): the order of the
		-- merges changes which values a compaction keeps, so a parallel
		-- plan differs within the documented rank error, never bit for bit
		-- (sql/fulfillment_sketch.sql checks the bound on both plans)
		CONTINUE WHEN t.qname LIKE '%\_approx';
		-- the route aggregates add up legs between consecutive rows: without
		-- ORDER BY their answer depends on the scan order, which a parallel
		-- scan does not keep (doc/routing.md), so they are called in g order
		ord := CASE WHEN t.qname LIKE '%.route\_%' THEN ' ORDER BY g' ELSE '' END;
		na := array_length(t.args, 1);
		args := ARRAY[]::text[];
		FOR j IN 1 .. na LOOP
			e := CASE WHEN j <= 2 THEN logistics_fuzz.gen(t.args[j], j) END;
			IF e IS NULL THEN
				e := logistics_fuzz.pick(t.args[j], 'plain', 1 + 3 * j);
			END IF;
			args := args || e;
		END LOOP;
		CONTINUE WHEN EXISTS (SELECT FROM unnest(args) x WHERE x IS NULL);
		FOREACH grouped IN ARRAY ARRAY['', 'g % 7'] LOOP
			IF grouped = '' THEN
				q := format('SELECT (%s(%s%s))::text FROM logistics_fuzz.prows', t.qname, array_to_string(args, ', '), ord);
			ELSE
				q := format('SELECT string_agg(x, '';'' ORDER BY k) FROM (SELECT %s AS k, (%s(%s%s))::text AS x FROM logistics_fuzz.prows GROUP BY 1) s',
							grouped, t.qname, array_to_string(args, ', '), ord);
			END IF;
			PERFORM set_config('max_parallel_workers_per_gather', '0', true);
			PERFORM set_config('force_parallel_mode', 'off', true);
			serial := logistics_fuzz.try_value(q);
			PERFORM set_config('max_parallel_workers_per_gather', '2', true);
			PERFORM set_config('parallel_setup_cost', '0', true);
			PERFORM set_config('parallel_tuple_cost', '0', true);
			PERFORM set_config('min_parallel_table_scan_size', '0', true);
			PERFORM set_config('force_parallel_mode', 'on', true);
			par := logistics_fuzz.try_value(q);
			PERFORM set_config('max_parallel_workers_per_gather', '0', true);
			PERFORM set_config('force_parallel_mode', 'off', true);
			INSERT INTO logistics_fuzz.log VALUES (t.sig, 'parallel',
				CASE WHEN logistics_fuzz.same(serial, par) THEN 'ok' ELSE 'mismatch' END,
				q || ' -- serial: ' || left(coalesce(serial, 'NULL'), 200) || ' parallel: ' || left(coalesce(par, 'NULL'), 200));
			calls := calls + 2;
		END LOOP;
	END LOOP;
	RETURN calls;
END
$$;

-- The result as text, or 'ERROR sqlstate'.
CREATE FUNCTION logistics_fuzz.try_value(q text) RETURNS text
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r		text;
BEGIN
	EXECUTE q INTO r;
	RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
	RETURN 'ERROR ' || SQLSTATE;
END
$$;

-- Two results agree: equal text, or the same text once every number in
-- them is replaced, and the numbers pairwise within 1e-9 relative.
CREATE FUNCTION logistics_fuzz.same(a text, b text) RETURNS boolean
	LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a = b OR (
		regexp_replace(a, '-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?', '#', 'g') =
		regexp_replace(b, '-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?', '#', 'g')
		AND NOT EXISTS (
			SELECT FROM (
				SELECT x[1]::float8 AS x, row_number() OVER () AS i
				FROM regexp_matches(a, '-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?', 'g') x) p
			FULL JOIN (
				SELECT y[1]::float8 AS y, row_number() OVER () AS i
				FROM regexp_matches(b, '-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?', 'g') y) r
			USING (i)
			WHERE x IS NULL OR y IS NULL OR abs(x - y) > 1e-9 * greatest(abs(x), abs(y), 1e-300)))
$$;

-- The closing counts of a run.
CREATE VIEW logistics_fuzz.summary AS
SELECT count(*) FILTER (WHERE outcome <> 'skipped') AS queries,
	   count(*) FILTER (WHERE outcome = 'XX000') AS xx000,
	   count(*) FILTER (WHERE outcome = 'nonfinite') AS nonfinite,
	   count(*) FILTER (WHERE outcome = 'mismatch') AS mismatches,
	   count(*) FILTER (WHERE outcome IN ('08000', '08003', '08006', '57P01', '57P02', '57P03')) AS lost,
	   count(*) FILTER (WHERE outcome = 'ok') AS ok,
	   count(*) FILTER (WHERE outcome ~ '^[0-9A-Z]{5}$') AS errors
FROM logistics_fuzz.log;

RESET search_path;
RESET client_min_messages;
