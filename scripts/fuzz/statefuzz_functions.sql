-- The SQL functions of the test-only module logistics_statefuzz (make fuzz,
-- test/fuzz/subset.sh); schema logistics_fuzz comes from engine.sql.
CREATE OR REPLACE FUNCTION logistics_fuzz.statefuzz(agg regprocedure, rows text,
													  iterations int, seed bigint)
	RETURNS text[] AS '$libdir/logistics_statefuzz', 'logistics_statefuzz'
	LANGUAGE C STRICT;
CREATE OR REPLACE FUNCTION logistics_fuzz.state_serial(agg regprocedure, rows text)
	RETURNS bytea AS '$libdir/logistics_statefuzz', 'logistics_statefuzz_serial'
	LANGUAGE C STRICT;
CREATE OR REPLACE FUNCTION logistics_fuzz.state_feed(agg regprocedure, state bytea)
	RETURNS text AS '$libdir/logistics_statefuzz', 'logistics_statefuzz_feed'
	LANGUAGE C STRICT;
