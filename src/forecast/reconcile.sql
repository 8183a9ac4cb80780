
-- ---------------------------------------------------------------------
-- Forecast reconciliation (src/forecast/reconcile.c, reconcile_fmgr.c)
--
-- One call reconciles a whole hierarchy; the arrays come from array_agg
-- over the rows of a GROUP BY ROLLUP / GROUPING SETS query (doc/forecast.md).
-- The work is O(n h) for the structural methods and O(n T^2) for
-- mint_shrink (T residuals per node): COST 100000.
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.reconcile(nodes text[], parents text[],
									  base_forecasts float8[],
									  method text DEFAULT 'mint_shrink',
									  residuals float8[] DEFAULT NULL,
									  history float8[] DEFAULT NULL,
									  level float8 DEFAULT NULL)
	RETURNS TABLE (node text, step int, base_forecast float8,
				   forecast float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_reconcile'
	LANGUAGE C IMMUTABLE PARALLEL SAFE COST 100000 ROWS 1000;
COMMENT ON FUNCTION @extschema@.reconcile(text[], text[], float8[], text, float8[], float8[], float8) IS
	'coherent forecasts for a hierarchy: nodes[i] has parent parents[i] (NULL for the top; for grouped hierarchies parents is a 2-D array, one row of parent keys per node, NULL-padded) and base forecasts in row i of the 2-D array base_forecasts; method bottom_up, top_down, top_down_gsa (need history), ols, wls_struct, wls_var or mint_shrink (need residuals); one row per node and step, interval at level, a fraction (0.95 for 95%), for wls_var and mint_shrink';
