-- scripts/fuzz/statefuzz.sql: mutated serialized states of every
-- aggregate with an internal state (scripts/fuzz/logistics_statefuzz.c),
-- logged in logistics_fuzz.statelog.  psql variables: seed, iterations
-- (default 500 per aggregate).
\if :{?iterations}
\else
\set iterations 500
\endif
\if :{?seed}
\else
\set seed 1
\endif
SET client_min_messages = warning;
\ir statefuzz_functions.sql
CREATE TABLE IF NOT EXISTS logistics_fuzz.statelog (sig text, outcome text);

-- the rows of each aggregate: arguments 1 and 2 vary with g, the others
-- are one plain value (group parameters)
CREATE TEMP TABLE statefuzz_plan AS
SELECT t.sig, t.fn,
	   format('SELECT %s FROM generate_series(1, 200) g',
			  string_agg(coalesce(CASE WHEN a.j <= 2 THEN logistics_fuzz.gen(a.typ, a.j::int)
								  -- period bounds around the generated times (2024-2026)
								  WHEN a.typ = 'timestamptz'::regtype AND a.j = t.ntz THEN '''2030-01-01 00:00+00''::timestamptz'
								  WHEN a.typ = 'timestamptz'::regtype THEN '''2020-01-01 00:00+00''::timestamptz'
								  WHEN a.typ = 'int8'::regtype THEN '1000::int8' END,
								  logistics_fuzz.pick(a.typ, 'plain', 1 + 3 * a.j::int)),
						 ', ' ORDER BY a.j)) AS rows
FROM (SELECT x.*, (SELECT max(o) FROM unnest(x.args) WITH ORDINALITY u(ty, o)
				   WHERE ty = 'timestamptz'::regtype) AS ntz
	  FROM logistics_fuzz.target x) t
JOIN pg_catalog.pg_aggregate g ON g.aggfnoid = t.fn
CROSS JOIN LATERAL unnest(t.args) WITH ORDINALITY a(typ, j)
WHERE t.kind = 'a' AND g.aggtranstype = 'internal'::regtype AND g.aggserialfn <> 0
GROUP BY t.sig, t.fn, t.ntz;

-- an aggregate whose sample rows it rejects is logged as 'no state'
SELECT set_config('statefuzz.iterations', :'iterations', false),
	   set_config('statefuzz.seed', :'seed', false) \gset statefuzz_ignored_
DO $$
DECLARE
	p		record;
	r		text[];
BEGIN
	FOR p IN SELECT * FROM statefuzz_plan ORDER BY sig LOOP
		BEGIN
			r := logistics_fuzz.statefuzz(p.fn, p.rows,
										  current_setting('statefuzz.iterations')::int,
										  current_setting('statefuzz.seed')::bigint);
		EXCEPTION WHEN OTHERS THEN
			r := NULL;
		END;
		IF r IS NULL THEN
			INSERT INTO logistics_fuzz.statelog VALUES (p.sig, 'no state');
		ELSE
			INSERT INTO logistics_fuzz.statelog SELECT p.sig, unnest(r);
		END IF;
	END LOOP;
END
$$;
SELECT outcome, count(*) FROM logistics_fuzz.statelog GROUP BY 1 ORDER BY 2 DESC;
