--
-- The extension installs with its dependency, in its fixed schema, and the
-- shared library it loads is the version the SQL declares.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS logistics CASCADE;
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
