-- META.json is valid PGXN meta-spec 1.0.0 (the required keys and their
-- shapes, https://pgxn.org/spec/) and agrees with the control file and the
-- installed extension.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
SELECT plan(11);

CREATE TEMP TABLE meta_lines (n serial, line text);
\copy meta_lines (line) FROM 'META.json' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
CREATE TEMP TABLE meta AS
SELECT string_agg(line, E'\n' ORDER BY n)::jsonb AS j FROM meta_lines;

SELECT is((SELECT j->>'name' FROM meta), 'logistics', 'name');
SELECT ok((SELECT j->>'abstract' <> '' FROM meta), 'abstract');
SELECT ok((SELECT jsonb_typeof(j->'maintainer') IN ('string', 'array') FROM meta),
		  'maintainer');
SELECT ok((SELECT j->>'license' = ANY (ARRAY['agpl_3', 'apache_1_1', 'apache_2_0',
		  'artistic_1', 'artistic_2', 'bsd', 'freebsd', 'gfdl_1_2', 'gfdl_1_3',
		  'gpl_1', 'gpl_2', 'gpl_3', 'lgpl_2_1', 'lgpl_3_0', 'mit', 'mozilla_1_0',
		  'mozilla_1_1', 'openssl', 'perl_5', 'postgresql', 'qpl_1_0', 'ssleay',
		  'sun', 'zlib', 'open_source', 'restricted', 'unrestricted', 'unknown'])
		  FROM meta), 'license is a meta-spec licence name');
SELECT matches((SELECT j->>'version' FROM meta),
			   '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$',
			   'version is SemVer');
SELECT is((SELECT j->>'version' FROM meta),
		  (SELECT extversion::text FROM pg_extension WHERE extname = 'logistics'),
		  'version is the installed extension version');
SELECT is((SELECT j->'provides'->'logistics'->>'version' FROM meta),
		  (SELECT j->>'version' FROM meta), 'provides.logistics.version');
SELECT ok((SELECT j->'provides'->'logistics' ? 'file' FROM meta), 'provides.logistics.file');
SELECT is((SELECT j->'meta-spec'->>'version' FROM meta), '1.0.0', 'meta-spec version');
SELECT ok((SELECT j->'prereqs'->'runtime'->'requires' ? 'PostgreSQL'
			  AND j->'prereqs'->'runtime'->'requires' ? 'PostGIS' FROM meta),
		  'runtime prereqs name PostgreSQL and PostGIS');
SELECT ok((SELECT jsonb_typeof(j->'tags') = 'array' FROM meta), 'tags');

SELECT * FROM finish();
ROLLBACK;
