-- Properties of everything the extension installs: documented (COMMENT ON
-- and the reference in doc/*.md), inside its schema, aggregates splittable for
-- parallel and distributed execution, nothing SECURITY DEFINER.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;

SELECT plan(8);

-- The reference pages, read client-side from the project root (pg_prove
-- runs there).
CREATE TEMP TABLE readme (line text);
\copy readme FROM PROGRAM 'cat doc/*.md' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')

-- Every object of the extension: functions, aggregates, types (no arrays,
-- no table row types), with whether it is a support function (transition,
-- I/O, ...) that users do not call by name.
CREATE TEMP VIEW ext_objects AS
SELECT 'function' AS kind, p.proname::text AS name,
	   p.oid::regprocedure::text AS ident,
	   obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
WHERE p.pronamespace = 'logistics'::regnamespace
UNION ALL
SELECT 'type', t.typname::text, t.oid::regtype::text,
	   obj_description(t.oid, 'pg_type')
FROM pg_type t
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typnamespace = 'logistics'::regnamespace
  AND t.typcategory <> 'A'
  AND (t.typrelid = 0 OR c.relkind = 'c');

CREATE TEMP VIEW ext_public_objects AS
SELECT * FROM ext_objects
WHERE name !~ '^_'
  AND name !~ '_(in|out|recv|send|sfunc|ffunc|combine|serial|deserial|final|trans|accum|state)$';

SELECT cmp_ok((SELECT count(*) FROM ext_public_objects), '>', 0::bigint,
			  'the extension installs user-facing objects');

SELECT is_empty(
	$$SELECT kind || ' ' || ident FROM ext_objects WHERE comment IS NULL$$,
	'every function, aggregate and type has a COMMENT');

SELECT is_empty(
	$$SELECT kind || ' ' || ident FROM ext_public_objects
	  WHERE position('logistics.' || lower(name) IN
					 (SELECT lower(string_agg(line, E'\n')) FROM readme)) = 0$$,
	'every user-facing function, aggregate and type is in the reference (doc/*.md)');

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
