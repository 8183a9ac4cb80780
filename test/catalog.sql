-- Properties of everything the extension installs: documented (COMMENT ON,
-- and every user-facing function's signature in the reference doc/*.md),
-- inside its schema, aggregates splittable for parallel and distributed
-- execution, nothing SECURITY DEFINER.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;

SELECT plan(11);

-- Type names in signatures resolve against the extension's schema, PostGIS's
-- and pg_catalog, on both sides of the comparison below.
SELECT set_config('search_path', 'logistics, ' || quote_ident(n.nspname) || ', pg_catalog', true)
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis' \gset

-- The reference pages, read client-side from the project root (pg_prove
-- runs there): file, line number, text.
CREATE TEMP TABLE doc_lines (file text, n int, line text);
\copy doc_lines FROM PROGRAM 'awk ''{ printf "%s\001%d\001%s\n", FILENAME, FNR, $0 }'' doc/*.md' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')

-- Every object of the extension: functions, aggregates, types (no arrays,
-- no table row types).
CREATE TEMP VIEW ext_objects AS
SELECT 'function' AS kind, p.proname::text AS name,
	   p.oid::regprocedure::text AS ident, p.oid,
	   obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
WHERE p.pronamespace = 'logistics'::regnamespace
UNION ALL
SELECT 'type', t.typname::text, t.oid::regtype::text, t.oid,
	   obj_description(t.oid, 'pg_type')
FROM pg_type t
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typnamespace = 'logistics'::regnamespace
  AND t.typcategory <> 'A'
  AND (t.typrelid = 0 OR c.relkind = 'c');

-- Internal functions, which users do not call by name: a leading "_", type
-- I/O, and every support function of an aggregate (of any schema).
CREATE TEMP VIEW internal_functions AS
SELECT p.oid FROM pg_proc p
WHERE p.pronamespace = 'logistics'::regnamespace
  AND (p.proname ~ '^_'
	   OR p.oid IN (SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend,
										typmodin, typmodout, typanalyze])::oid
					FROM pg_type)
	   OR p.oid IN (SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn,
										aggserialfn, aggdeserialfn, aggmtransfn,
										aggminvtransfn, aggmfinalfn])::oid
					FROM pg_aggregate));

CREATE TEMP VIEW ext_public_objects AS
SELECT * FROM ext_objects
WHERE kind = 'type' OR oid NOT IN (SELECT oid FROM internal_functions);

-- A function's signature as a comparable string, from the catalog:
-- "kind name(mode name type, ...) defaults N -> result", modes i(n), o(ut),
-- b(oth), v(ariadic), t(able column); types as regtype text.
CREATE FUNCTION pg_temp.catalog_signature(f oid) RETURNS text
LANGUAGE sql STABLE AS $$
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window'
					  WHEN 'p' THEN 'procedure' ELSE 'function' END
	   || ' ' || p.proname || '('
	   || coalesce((SELECT string_agg(concat_ws(' ', coalesce(p.proargmodes[i], 'i'),
												 coalesce(nullif(p.proargnames[i], ''), '-'),
												 t.typ::regtype::text), ', ' ORDER BY i)
					FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
						 WITH ORDINALITY AS t(typ, i)), '')
	   || ') defaults ' || p.pronargdefaults || ' -> '
	   || CASE WHEN p.proretset THEN 'setof ' ELSE '' END || p.prorettype::regtype::text
FROM pg_proc p WHERE p.oid = f
$$;

-- The same string from a signature line of the reference:
--   [aggregate |window ]logistics.name(arg, ...)[ → result]
-- arg: [IN |OUT |INOUT |VARIADIC ][name ]type[ DEFAULT expr]; result: a type,
-- SETOF type or TABLE (name type, ...); no result: OUT arguments (record).
-- Type names go through to_regtype, so aliases (float8, int, timestamptz)
-- and PostgreSQL's spellings both work; an unknown type stays "?type".
CREATE FUNCTION pg_temp.doc_signature(line text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	head text := split_part(line, ' → ', 1);
	res text := nullif(substr(line, length(split_part(line, ' → ', 1)) + 4), '');
	m text[];
	a text[];
	args text[] := '{}';
	ndef int := 0;
	arg text;
	ret text;
	md text;
BEGIN
	m := regexp_match(head, '^(?:(aggregate|window) )?logistics\.([a-z_][a-z0-9_]*)\((.*)\)\s*$');
	IF m IS NULL THEN
		RETURN 'unparsable: ' || line;
	END IF;
	FOREACH arg IN ARRAY CASE WHEN btrim(m[3]) = '' THEN '{}'::text[]
							  ELSE regexp_split_to_array(m[3], '\s*,\s*') END
	LOOP
		a := regexp_match(btrim(arg), '^(?:(IN|OUT|INOUT|VARIADIC)\s+)?(?:([a-z_][a-z0-9_]*)\s+)?(\S.*?)(?:\s+DEFAULT\s+(.*))?$');
		IF a IS NULL THEN
			RETURN 'unparsable argument "' || arg || '": ' || line;
		END IF;
		md := CASE a[1] WHEN 'OUT' THEN 'o' WHEN 'INOUT' THEN 'b'
						WHEN 'VARIADIC' THEN 'v' ELSE 'i' END;
		ndef := ndef + (a[4] IS NOT NULL)::int;
		args := args || concat_ws(' ', md, coalesce(a[2], '-'),
								  coalesce(to_regtype(a[3])::text, '?' || a[3]));
	END LOOP;
	IF res IS NULL THEN
		ret := 'record';
	ELSIF res ~ '^TABLE\s*\(.*\)$' THEN
		FOREACH arg IN ARRAY regexp_split_to_array(
			substring(res FROM '^TABLE\s*\((.*)\)$'), '\s*,\s*')
		LOOP
			a := regexp_match(btrim(arg), '^([a-z_][a-z0-9_]*)\s+(\S.*)$');
			args := args || concat_ws(' ', 't', coalesce(a[1], '-'),
									  coalesce(to_regtype(a[2])::text, '?' || arg));
		END LOOP;
		ret := 'setof record';
	ELSIF res ~ '^SETOF ' THEN
		ret := 'setof ' || coalesce(to_regtype(substr(res, 7))::text, '?' || substr(res, 7));
	ELSE
		ret := coalesce(to_regtype(res)::text, '?' || res);
	END IF;
	RETURN coalesce(m[1], 'function') || ' ' || m[2] || '('
		   || array_to_string(args, ', ') || ') defaults ' || ndef || ' -> ' || ret;
END
$$;

-- Signature lines: inside fenced code blocks (``` or ~~~, closed by a fence
-- at least as long), beginning with "logistics." or "aggregate/window
-- logistics.".
CREATE FUNCTION pg_temp.doc_signature_lines()
RETURNS TABLE (file text, n int, line text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	r record;
	cur text;
	fence text;
	f text;
BEGIN
	FOR r IN SELECT * FROM doc_lines d ORDER BY d.file, d.n LOOP
		IF r.file IS DISTINCT FROM cur THEN
			cur := r.file;
			fence := NULL;
		END IF;
		f := substring(r.line FROM '^ {0,3}(`{3,}|~{3,})');
		IF fence IS NULL AND f IS NOT NULL THEN
			fence := f;
		ELSIF fence IS NOT NULL AND f IS NOT NULL AND left(f, 1) = left(fence, 1)
			  AND length(f) >= length(fence) AND r.line ~ '^ {0,3}[`~]+\s*$' THEN
			fence := NULL;
		ELSIF fence IS NOT NULL
			  AND r.line ~ '^(aggregate |window )?logistics\.[a-z_][a-z0-9_]*\(' THEN
			file := r.file;
			n := r.n;
			line := btrim(r.line);
			RETURN NEXT;
		END IF;
	END LOOP;
END
$$;

-- (doc/CONTRIBUTING.md's example lines must be real signatures too, but do
-- not document anything.)
CREATE TEMP TABLE doc_signatures AS
SELECT file, n, line, pg_temp.doc_signature(line) AS sig
FROM pg_temp.doc_signature_lines();

CREATE TEMP TABLE catalog_signatures AS
SELECT o.ident, pg_temp.catalog_signature(o.oid) AS sig
FROM ext_public_objects o WHERE o.kind = 'function';

SELECT cmp_ok((SELECT count(*) FROM ext_public_objects), '>', 0::bigint,
			  'the extension installs user-facing objects');

SELECT is_empty(
	$$SELECT kind || ' ' || ident FROM ext_objects WHERE comment IS NULL$$,
	'every function, aggregate and type has a COMMENT');

SELECT is_empty(
	$$SELECT sig FROM catalog_signatures
	  WHERE sig NOT IN (SELECT sig FROM doc_signatures
						WHERE file <> 'doc/CONTRIBUTING.md')$$,
	'every user-facing function has its signature (names, types, defaults, result) in doc/*.md');

SELECT is_empty(
	$$SELECT file || ':' || n || ': ' || sig FROM doc_signatures
	  WHERE sig NOT IN (SELECT sig FROM catalog_signatures)$$,
	'every signature in doc/*.md is a user-facing function of the catalog');

SELECT is_empty(
	$$SELECT ident FROM ext_public_objects
	  WHERE kind = 'type'
		AND NOT EXISTS (SELECT FROM doc_lines
						WHERE position('logistics.' || name IN line) > 0)$$,
	'every user-facing type is named in doc/*.md');

SELECT is_empty(
	$$SELECT DISTINCT f.oid::regprocedure::text
	  FROM pg_aggregate a
	  CROSS JOIN LATERAL unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
									  a.aggserialfn, a.aggdeserialfn, a.aggmtransfn,
									  a.aggminvtransfn, a.aggmfinalfn]::oid[]) AS s(fn)
	  JOIN pg_proc f ON f.oid = s.fn
	  WHERE f.pronamespace = 'logistics'::regnamespace AND f.proname !~ '^_'$$,
	'every aggregate support function of the extension starts with "_"');

-- Nothing outside the schema: every member of the extension that lives in
-- a namespace lives in logistics; no casts, operators elsewhere, etc.
SELECT is_empty(
	$$SELECT pg_describe_object(d.classid, d.objid, 0)
	  FROM pg_depend d
	  WHERE d.refclassid = 'pg_extension'::regclass
		AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'logistics')
		AND d.deptype = 'e'
		AND CASE d.classid
			WHEN 'pg_proc'::regclass THEN
				(SELECT pronamespace FROM pg_proc WHERE oid = d.objid)
			WHEN 'pg_type'::regclass THEN
				(SELECT typnamespace FROM pg_type WHERE oid = d.objid)
			WHEN 'pg_class'::regclass THEN
				(SELECT relnamespace FROM pg_class WHERE oid = d.objid)
			WHEN 'pg_operator'::regclass THEN
				(SELECT oprnamespace FROM pg_operator WHERE oid = d.objid)
			WHEN 'pg_opclass'::regclass THEN
				(SELECT opcnamespace FROM pg_opclass WHERE oid = d.objid)
			WHEN 'pg_opfamily'::regclass THEN
				(SELECT opfnamespace FROM pg_opfamily WHERE oid = d.objid)
			WHEN 'pg_namespace'::regclass THEN d.objid
			-- the ledger's DDL guard (doc/ledger.md): event triggers have no schema
			WHEN 'pg_event_trigger'::regclass THEN
				(SELECT CASE WHEN evtname = 'logistics_ledger_guard'
							 THEN 'logistics'::regnamespace::oid END
				 FROM pg_event_trigger WHERE oid = d.objid)
			ELSE 0::oid
		END IS DISTINCT FROM 'logistics'::regnamespace::oid$$,
	'the install script leaves no object outside the logistics schema');

SELECT is_empty(
	$$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a
	  JOIN pg_proc p ON p.oid = a.aggfnoid
	  WHERE p.pronamespace = 'logistics'::regnamespace
		AND a.aggkind = 'n'
		AND (p.proparallel <> 's' OR a.aggcombinefn = 0)$$,
	'every aggregate is PARALLEL SAFE with a combine function');

SELECT is_empty(
	$$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a
	  JOIN pg_proc p ON p.oid = a.aggfnoid
	  WHERE p.pronamespace = 'logistics'::regnamespace
		AND a.aggtranstype = 'internal'::regtype
		AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)$$,
	'every aggregate with an internal state can be serialized');

SELECT is_empty(
	$$SELECT p.oid::regprocedure::text FROM pg_proc p
	  WHERE p.pronamespace = 'logistics'::regnamespace AND p.prosecdef$$,
	'no function is SECURITY DEFINER');

SELECT is(
	(SELECT logistics.version()),
	(SELECT extversion::text FROM pg_extension WHERE extname = 'logistics'),
	'the shared library and the install script are the same version');

SELECT * FROM finish();
ROLLBACK;
