-- logistics: supply-chain analytics inside PostgreSQL
-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION logistics CASCADE" to load this file. \quit

-- Install only into a schema that nobody but a superuser could have filled
-- (the CVE-2022-2625 pattern).  PostgreSQL installs an extension with a
-- fixed schema into an existing schema of that name whoever owns it, so a
-- role with CREATE on the database could otherwise create schema logistics
-- first and plant overloads or domains named like PostGIS's types there,
-- which this script and its callers would then resolve to and run as
-- themselves.  Likewise PostGIS must live in a schema that only a superuser
-- or the database owner controls: CASCADE puts it in the first schema of
-- the search_path, which is "$user" when a role has created one of that
-- name.  Every name below is qualified with pg_catalog, so the checks
-- themselves run nothing planted.
DO $guard$
DECLARE
	nsp			oid := pg_catalog.to_regnamespace('@extschema@');
	owner_name	name;
	owner_super boolean;
	planted		text;
	grantee		text;
	gis_nsp		name;
	gis_owner	name;
BEGIN
	SELECT r.rolname, r.rolsuper INTO owner_name, owner_super
	FROM pg_catalog.pg_namespace n
	JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
	WHERE n.oid OPERATOR(pg_catalog.=) nsp;
	IF NOT owner_super THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('schema %I exists already and belongs to role %I, who is not a superuser: drop that schema (or rename it), then run CREATE EXTENSION logistics again; only a superuser may prepare the schema logistics installs into',
				'@extschema@', owner_name);
	END IF;

	SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
	INTO planted
	FROM pg_catalog.pg_depend d
	WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
	  AND d.refobjid OPERATOR(pg_catalog.=) nsp
	  AND NOT (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
			   AND d.objid OPERATOR(pg_catalog.=)
			   (SELECT x.oid FROM pg_catalog.pg_extension x
				WHERE x.extname OPERATOR(pg_catalog.=) 'logistics'))
	ORDER BY 1 LIMIT 1;
	IF planted IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'duplicate_schema',
			MESSAGE = pg_catalog.format('schema %I exists already and is not empty (it holds %s): logistics installs only into an empty schema; drop that schema (or move its objects), then run CREATE EXTENSION logistics again',
				'@extschema@', planted);
	END IF;

	SELECT CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
				ELSE pg_catalog.quote_ident(r.rolname) END
	INTO grantee
	FROM pg_catalog.pg_namespace n,
		 LATERAL pg_catalog.aclexplode(n.nspacl) a
	LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee
	WHERE n.oid OPERATOR(pg_catalog.=) nsp
	  AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
	  AND NOT COALESCE(r.rolsuper, false)
	LIMIT 1;
	IF grantee IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('schema %I grants CREATE to %s, who is not a superuser: revoke it (REVOKE CREATE ON SCHEMA %I FROM %s), then run CREATE EXTENSION logistics again',
				'@extschema@', grantee, '@extschema@', grantee);
	END IF;

	SELECT n.nspname, r.rolname INTO gis_nsp, gis_owner
	FROM pg_catalog.pg_extension e
	JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
	JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
	WHERE e.extname OPERATOR(pg_catalog.=) 'postgis'
	  AND NOT r.rolsuper
	  AND r.rolname OPERATOR(pg_catalog.<>) 'pg_database_owner'
	  AND r.oid OPERATOR(pg_catalog.<>) (SELECT d.datdba FROM pg_catalog.pg_database d
					 WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database());
	IF gis_nsp IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('PostGIS is installed in schema %I, which belongs to role %I (not a superuser nor the database owner), who could replace its functions: install PostGIS first, into a schema that only a superuser controls (CREATE EXTENSION postgis SCHEMA public), then CREATE EXTENSION logistics without CASCADE',
				gis_nsp, gis_owner);
	END IF;
END
$guard$;

COMMENT ON SCHEMA @extschema@ IS
	'logistics: inventory, fulfilment, forecasting and route-cost analytics';

CREATE FUNCTION @extschema@.version() RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_version'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
	'version of the loaded logistics shared library';

