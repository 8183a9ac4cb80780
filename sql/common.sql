--
-- The extension installs with its dependency, in its fixed schema, and the
-- shared library it loads is the version the SQL declares.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;

SELECT e.extname, n.nspname, e.extrelocatable,
       CASE WHEN e.extname = 'logistics' THEN e.extversion END AS version
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname IN ('logistics', 'postgis')
ORDER BY 1;

-- library and script agree
SELECT logistics.version() = extversion AS version_matches
FROM pg_extension WHERE extname = 'logistics';

-- the schema is fixed: installing elsewhere is refused
CREATE SCHEMA elsewhere;
DROP EXTENSION logistics;
CREATE EXTENSION logistics SCHEMA elsewhere;
CREATE EXTENSION logistics;
DROP SCHEMA elsewhere;

-- a schema logistics that another role prepared is refused, empty or not
-- (the CVE-2022-2625 pattern; test/security/hostile.sh plants objects)
CREATE ROLE regress_logistics_other;
DROP EXTENSION logistics;
DROP SCHEMA logistics;
CREATE SCHEMA logistics AUTHORIZATION regress_logistics_other;
CREATE EXTENSION logistics;
ALTER SCHEMA logistics OWNER TO CURRENT_USER;
GRANT CREATE ON SCHEMA logistics TO regress_logistics_other;
CREATE EXTENSION logistics;
REVOKE CREATE ON SCHEMA logistics FROM regress_logistics_other;
CREATE TABLE logistics.left_over (x int);
CREATE EXTENSION logistics;
DROP TABLE logistics.left_over;
-- a superuser's empty schema is fine
CREATE EXTENSION logistics;
DROP ROLE regress_logistics_other;
SELECT logistics.version() = extversion AS version_matches
FROM pg_extension WHERE extname = 'logistics';
