\echo '== logistics' `date -u +%Y-%m-%d`
SELECT logistics.version() AS logistics_version,
       (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS postgis_version,
       current_setting('server_version') AS postgresql_version;
