-- Helpers of make test-citus (scripts/citus_test.sh), in the schema
-- citus_check of the coordinator's database.

CREATE SCHEMA citus_check;

-- Two results as text are the same when equal, or when they differ only in
-- numbers within 1e-12 relative (sums added in another order: the
-- accuracy sums are compensated, so the difference is in the last bits).
CREATE FUNCTION citus_check.same(a text, b text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	re constant text := '-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?';
	x float8[];
	y float8[];
BEGIN
	IF a IS NOT DISTINCT FROM b THEN
		RETURN true;
	END IF;
	IF a IS NULL OR b IS NULL
	   OR regexp_replace(a, re, '#', 'g') <> regexp_replace(b, re, '#', 'g') THEN
		RETURN false;
	END IF;
	x := ARRAY(SELECT m[1]::float8 FROM regexp_matches(a, '(' || re || ')', 'g') m);
	y := ARRAY(SELECT m[1]::float8 FROM regexp_matches(b, '(' || re || ')', 'g') m);
	RETURN cardinality(x) = cardinality(y) AND NOT EXISTS (
		SELECT 1 FROM unnest(x, y) u(p, q)
		WHERE abs(p - q) > 1e-12 * greatest(1, abs(p), abs(q)));
END $$;
