
-- ---------------------------------------------------------------------------
-- BI companions (issue 16): what Metabase, Grafana, Superset, Cube and their
-- drivers can show without help.  Every composite result gets a flat form, a
-- function with OUT arguments over the composite, whose column names are
-- unique across the flat forms and carry the measure and the unit; array
-- results get row forms, with a time column where the rows are a series.
-- The composite and array forms stay for SQL users.  doc/bi.md says which
-- to use from a BI tool.  Everything here is a thin SQL layer over the C
-- functions: SQL-standard bodies (bound when created, so search_path-safe)
-- where nothing needs checking, PL/pgSQL with a fixed search_path where an
-- argument must be checked first.
-- ---------------------------------------------------------------------------

-- Flat forms of rate_ci, one per measure, so that two rates in one SELECT
-- do not both arrive as "rate, lower, upper".
CREATE FUNCTION @extschema@.order_accuracy_flat(r @extschema@.rate_ci,
		OUT order_accuracy_rate float8, OUT order_accuracy_lower float8, OUT order_accuracy_upper float8,
		OUT order_accuracy_successes float8, OUT order_accuracy_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.order_accuracy_flat(@extschema@.rate_ci) IS
	'the rate_ci of order_accuracy_ci as flat columns: order_accuracy_rate (fraction), its 95% Wilson interval order_accuracy_lower and order_accuracy_upper, order_accuracy_successes (accurate orders) and order_accuracy_trials (orders)';

CREATE FUNCTION @extschema@.perfect_order_flat(r @extschema@.rate_ci,
		OUT perfect_order_rate float8, OUT perfect_order_lower float8, OUT perfect_order_upper float8,
		OUT perfect_order_successes float8, OUT perfect_order_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.perfect_order_flat(@extschema@.rate_ci) IS
	'the rate_ci of perfect_order_rate_ci as flat columns: perfect_order_rate (fraction), its 95% Wilson interval perfect_order_lower and perfect_order_upper, perfect_order_successes (perfect orders) and perfect_order_trials (orders)';

CREATE FUNCTION @extschema@.on_time_flat(r @extschema@.rate_ci,
		OUT on_time_rate float8, OUT on_time_lower float8, OUT on_time_upper float8,
		OUT on_time_successes float8, OUT on_time_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.on_time_flat(@extschema@.rate_ci) IS
	'the rate_ci of on_time_rate_ci as flat columns: on_time_rate (fraction), its 95% Wilson interval on_time_lower and on_time_upper, on_time_successes (lines delivered on time) and on_time_trials (lines)';

CREATE FUNCTION @extschema@.otif_flat(r @extschema@.rate_ci,
		OUT otif_rate float8, OUT otif_lower float8, OUT otif_upper float8,
		OUT otif_successes float8, OUT otif_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.otif_flat(@extschema@.rate_ci) IS
	'the rate_ci of otif_ci as flat columns: otif_rate (fraction), its 95% Wilson interval otif_lower and otif_upper, otif_successes (lines on time and in full) and otif_trials (lines)';

CREATE FUNCTION @extschema@.fill_rate_flat(r @extschema@.rate_ci,
		OUT fill_rate float8, OUT fill_lower float8, OUT fill_upper float8,
		OUT fill_successes float8, OUT fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.fill_rate_flat(@extschema@.rate_ci) IS
	'the rate_ci of fill_rate_ci as flat columns: fill_rate (fraction), its 95% Wilson interval fill_lower and fill_upper, fill_successes (units filled) and fill_trials (units ordered)';

CREATE FUNCTION @extschema@.line_fill_flat(r @extschema@.rate_ci,
		OUT line_fill_rate float8, OUT line_fill_lower float8, OUT line_fill_upper float8,
		OUT line_fill_successes float8, OUT line_fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.line_fill_flat(@extschema@.rate_ci) IS
	'the rate_ci of line_fill_rate_ci as flat columns: line_fill_rate (fraction), its 95% Wilson interval line_fill_lower and line_fill_upper, line_fill_successes (lines filled in full) and line_fill_trials (lines)';

CREATE FUNCTION @extschema@.order_fill_flat(r @extschema@.rate_ci,
		OUT order_fill_rate float8, OUT order_fill_lower float8, OUT order_fill_upper float8,
		OUT order_fill_successes float8, OUT order_fill_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.order_fill_flat(@extschema@.rate_ci) IS
	'the rate_ci of order_fill_rate_ci as flat columns: order_fill_rate (fraction), its 95% Wilson interval order_fill_lower and order_fill_upper, order_fill_successes (orders filled in full) and order_fill_trials (orders)';

CREATE FUNCTION @extschema@.return_flat(r @extschema@.rate_ci,
		OUT return_rate float8, OUT return_lower float8, OUT return_upper float8,
		OUT return_successes float8, OUT return_trials float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.rate, r.lower, r.upper, r.successes, r.trials;
END;
COMMENT ON FUNCTION @extschema@.return_flat(@extschema@.rate_ci) IS
	'the rate_ci of return_rate_ci as flat columns: return_rate (fraction), its 95% Wilson interval return_lower and return_upper, return_successes (units returned) and return_trials (units sold)';

-- Flat forms of the summaries.  Durations stay in days (float8), as the
-- composites have them; counts say what they count.

CREATE FUNCTION @extschema@.cycle_time_flat(s @extschema@.duration_summary,
		OUT cycle_time_lines bigint, OUT cycle_time_days_mean float8,
		OUT cycle_time_days_min float8, OUT cycle_time_days_p50 float8,
		OUT cycle_time_days_p90 float8, OUT cycle_time_days_p95 float8,
		OUT cycle_time_days_max float8, OUT cycle_time_negative_lines bigint)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT s.n, s.mean_days, s.min_days, s.p50_days, s.p90_days, s.p95_days,
		   s.max_days, s.negative;
END;
COMMENT ON FUNCTION @extschema@.cycle_time_flat(@extschema@.duration_summary) IS
	'the duration_summary of cycle_time_summary as flat columns: lines, mean, min, exact p50/p90/p95 and max in days, lines with a negative duration';

CREATE FUNCTION @extschema@.lateness_flat(s @extschema@.lateness_summary,
		OUT lateness_lines bigint, OUT lateness_delivered_lines bigint,
		OUT lateness_early_lines bigint, OUT lateness_on_schedule_lines bigint,
		OUT lateness_late_lines bigint, OUT lateness_on_time_rate float8,
		OUT lateness_mean_days float8, OUT lateness_min_days float8,
		OUT lateness_p50_days float8, OUT lateness_p90_days float8,
		OUT lateness_p95_days float8, OUT lateness_max_days float8,
		OUT lateness_late_mean_days float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT s.lines, s.delivered, s.early, s.on_schedule, s.late, s.on_time_rate,
		   s.mean_days, s.min_days, s.p50_days, s.p90_days, s.p95_days,
		   s.max_days, s.mean_days_late;
END;
COMMENT ON FUNCTION @extschema@.lateness_flat(@extschema@.lateness_summary) IS
	'the lateness_summary of lateness_summary() as flat columns, each named lateness_ and the field (counts with _lines): line counts (all, delivered, early, on schedule, late), on-time rate (fraction), lateness (delivered - promised) in days: mean, min, exact p50/p90/p95, max, and mean days late of late lines; no name is shared with fulfillment_kpis_flat, so both fit in one SELECT';

CREATE FUNCTION @extschema@.fulfillment_kpis_flat(k @extschema@.fulfillment_kpis,
		OUT order_lines bigint, OUT delivered_lines bigint,
		OUT on_time_lines bigint, OUT on_time_rate float8,
		OUT on_time_lower float8, OUT on_time_upper float8,
		OUT in_full_lines bigint, OUT in_full_rate float8,
		OUT in_full_lower float8, OUT in_full_upper float8,
		OUT otif_lines bigint, OUT otif_rate float8,
		OUT otif_lower float8, OUT otif_upper float8,
		OUT perfect_known_lines bigint, OUT perfect_lines bigint,
		OUT perfect_rate float8, OUT perfect_lower float8,
		OUT perfect_upper float8,
		OUT units_ordered float8, OUT units_filled float8,
		OUT fill_rate float8, OUT fill_lower float8, OUT fill_upper float8,
		OUT units_shipped float8, OUT units_returned float8,
		OUT return_rate float8, OUT return_lower float8,
		OUT return_upper float8,
		OUT cycle_lines bigint, OUT cycle_days_mean float8,
		OUT cycle_days_p50 float8, OUT cycle_days_p90 float8,
		OUT cycle_days_p95 float8,
		OUT late_lines bigint, OUT lateness_days_mean float8,
		OUT lateness_days_p50 float8, OUT lateness_days_p90 float8,
		OUT lateness_days_p95 float8, OUT days_late_mean float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT k.lines, k.delivered, k.on_time, k.on_time_rate, k.on_time_lower,
		   k.on_time_upper, k.in_full, k.in_full_rate, k.in_full_lower,
		   k.in_full_upper, k.otif, k.otif_rate, k.otif_lower, k.otif_upper,
		   k.perfect_lines, k.perfect, k.perfect_rate, k.perfect_lower,
		   k.perfect_upper, k.units_ordered, k.units_filled, k.fill_rate,
		   k.fill_lower, k.fill_upper, k.units_shipped, k.units_returned,
		   k.return_rate, k.return_lower, k.return_upper, k.cycle_lines,
		   k.cycle_days_mean, k.cycle_days_p50, k.cycle_days_p90,
		   k.cycle_days_p95, k.late, k.lateness_days_mean, k.lateness_days_p50,
		   k.lateness_days_p90, k.lateness_days_p95, k.days_late_mean;
END;
COMMENT ON FUNCTION @extschema@.fulfillment_kpis_flat(@extschema@.fulfillment_kpis) IS
	'all fields of fulfillment_kpis as flat columns, the bare counts renamed to say what they count (order_lines, delivered_lines, on_time_lines, in_full_lines, otif_lines, perfect_known_lines, perfect_lines, late_lines)';

CREATE FUNCTION @extschema@.accuracy_flat(a @extschema@.accuracy_measures,
		OUT forecast_pairs bigint, OUT mae float8, OUT rmse float8,
		OUT mape_pct float8, OUT smape_pct float8, OUT wape_pct float8,
		OUT bias float8, OUT mase float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT a.n, a.mae, a.rmse, a.mape, a.smape, a.wape, a.bias, a.mase;
END;
COMMENT ON FUNCTION @extschema@.accuracy_flat(@extschema@.accuracy_measures) IS
	'accuracy_measures as flat columns: pairs, MAE and RMSE (units of the series), MAPE, sMAPE and WAPE in percent (_pct), bias (forecast - actual), MASE';

CREATE FUNCTION @extschema@.route_cost_flat(r @extschema@.route_cost_result,
		OUT distance_km float8, OUT duration_h float8, OUT route_cost float8,
		OUT co2_kg float8, OUT stops int)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT r.distance_m OPERATOR(pg_catalog./) 1000.0::float8, r.duration_h,
		   r.cost, r.co2_kg, r.stops;
END;
COMMENT ON FUNCTION @extschema@.route_cost_flat(@extschema@.route_cost_result) IS
	'route_cost_result as flat columns: geodesic distance in km, driving plus service time in hours, cost (currency of the cost model), CO2 in kg, stops';

CREATE FUNCTION @extschema@.cost_model_flat(m @extschema@.cost_model,
		OUT cost_per_km float8, OUT cost_per_hour float8,
		OUT cost_per_stop float8, OUT fixed_cost float8, OUT speed_kmh float8,
		OUT service_min float8, OUT co2_g_per_km float8)
	RETURNS record
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT m.cost_per_km, m.cost_per_hour, m.cost_per_stop, m.fixed_cost,
		   m.speed_kmh, m.service_min, m.co2_g_per_km;
END;
COMMENT ON FUNCTION @extschema@.cost_model_flat(@extschema@.cost_model) IS
	'cost_model as flat columns: cost per km, per hour, per stop, fixed per route, speed in km/h, service minutes per stop, CO2 grams per km';

-- Row forms.  Time-indexed series get a timestamptz column.  Bucket k
-- starts at (start AT TIME ZONE 'UTC' + k * bucket) AT TIME ZONE 'UTC': the
-- UTC calendar, exactly as demand_series makes its buckets (issue 17), so
-- that labels match its buckets in any session TimeZone, and on Citus
-- workers, which do not get the session TimeZone.  Nothing here reads the
-- TimeZone, so the functions are IMMUTABLE (the error message is built with
-- ||, not format(), which is STABLE).

CREATE FUNCTION @extschema@.forecast_series(y float8[],
		series_start timestamptz, bucket interval, horizon int,
		method text DEFAULT 'auto', season_length int DEFAULT 1,
		level float8 DEFAULT 0.95, params jsonb DEFAULT NULL)
	RETURNS TABLE (ts timestamptz, step int, forecast float8,
				   forecast_lower float8, forecast_upper float8)
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000 ROWS 28
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'bucket must be a positive interval such as ''1 day'' or ''1 month'', got ' || bucket::text;
	END IF;
	RETURN QUERY
	SELECT (series_start AT TIME ZONE 'UTC'
			+ bucket * (cardinality(y) + f.step - 1)) AT TIME ZONE 'UTC',
		   f.step, f.point, f.lower, f.upper
	FROM @extschema@.forecast_table(y, horizon, method, season_length,
									level, params) AS f
	WHERE series_start IS NOT NULL AND bucket IS NOT NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.forecast_series(float8[], timestamptz, interval, int, text, int, float8, jsonb) IS
	'forecast_table with a time column: y[1] is the bucket starting at series_start, step h is the bucket starting at series_start + (cardinality(y) + h - 1) * bucket on the UTC calendar (as demand_series); interval at level, a fraction (0.95)';

CREATE FUNCTION @extschema@.forecast_predict_series(model @extschema@.forecast_model,
		series_start timestamptz, bucket interval, horizon int,
		level float8 DEFAULT 0.95)
	RETURNS TABLE (ts timestamptz, step int, forecast float8,
				   forecast_lower float8, forecast_upper float8)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 100 ROWS 28
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'bucket must be a positive interval such as ''1 day'' or ''1 month'', got ' || bucket::text;
	END IF;
	RETURN QUERY
	SELECT (series_start AT TIME ZONE 'UTC'
			+ bucket * (n.n + f.step - 1)) AT TIME ZONE 'UTC',
		   f.step, f.point, f.lower, f.upper
	FROM (SELECT (@extschema@.forecast_model_json(model) ->> 'n')::int AS n) AS n,
		 @extschema@.forecast_predict(model, horizon, level) AS f;
END
$$;
COMMENT ON FUNCTION @extschema@.forecast_predict_series(@extschema@.forecast_model, timestamptz, interval, int, float8) IS
	'forecast_predict with a time column: the fitted series started at series_start in buckets of bucket, so step h starts at series_start + (n + h - 1) * bucket on the UTC calendar (as demand_series), n the observations fitted; interval at level, a fraction (0.95)';

CREATE FUNCTION @extschema@.demand_series_table(series float8[],
		from_ts timestamptz, bucket interval)
	RETURNS TABLE (bucket_start timestamptz, qty float8)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 100
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF bucket <= interval '0' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'bucket must be a positive interval such as ''1 day'' or ''1 month'', got ' || bucket::text;
	END IF;
	IF array_ndims(series) > 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'array_subscript_error',
			MESSAGE = 'series must be a one-dimensional array (the result of demand_series)';
	END IF;
	RETURN QUERY
	SELECT (from_ts AT TIME ZONE 'UTC' + bucket * (u.k - 1)) AT TIME ZONE 'UTC',
		   u.q
	FROM unnest(series) WITH ORDINALITY AS u(q, k);
END
$$;
COMMENT ON FUNCTION @extschema@.demand_series_table(float8[], timestamptz, interval) IS
	'the array of demand_series as rows (bucket_start, qty): element k starts at from_ts + (k - 1) * bucket on the UTC calendar, as demand_series cuts its buckets; pass the from_ts and bucket given to demand_series';

CREATE FUNCTION @extschema@.percentile_table(fractions float8[],
											 percentiles float8[])
	RETURNS TABLE (fraction float8, value float8)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 5
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF array_ndims(fractions) > 1 OR array_ndims(percentiles) > 1
		OR cardinality(fractions) <> cardinality(percentiles) THEN
		RAISE EXCEPTION USING ERRCODE = 'array_subscript_error',
			MESSAGE = 'fractions and percentiles must be one-dimensional arrays of the same length, got '
				|| cardinality(fractions)::text || ' and ' || cardinality(percentiles)::text || ' elements';
	END IF;
	RETURN QUERY
	SELECT u.f, u.v FROM unnest(fractions, percentiles) AS u(f, v);
END
$$;
COMMENT ON FUNCTION @extschema@.percentile_table(float8[], float8[]) IS
	'an array of percentiles (cycle_time_percentile with fractions[]) as rows (fraction, value), next to the fractions asked for';

CREATE FUNCTION @extschema@.distance_matrix_table(lat float8[], lon float8[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(lat, lon) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(float8[], float8[]) IS
	'distance_matrix(lat, lon) as rows (from_index, to_index, distance_m): geodesic metres on WGS84 between points from_index and to_index (1-based positions in the arrays)';

CREATE FUNCTION @extschema@.distance_matrix_table(points geometry[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(points) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(geometry[]) IS
	'distance_matrix(points) of SRID 4326 geometry points as rows (from_index, to_index, distance_m), geodesic metres';

CREATE FUNCTION @extschema@.distance_matrix_table(points geography[])
	RETURNS TABLE (from_index int, to_index int, distance_m float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 100
BEGIN ATOMIC
	SELECT i, j, d.m[i][j]
	FROM (SELECT @extschema@.distance_matrix(points) AS m) AS d,
		 pg_catalog.generate_subscripts(d.m, 1) AS i,
		 pg_catalog.generate_subscripts(d.m, 2) AS j
	ORDER BY i, j;
END;
COMMENT ON FUNCTION @extschema@.distance_matrix_table(geography[]) IS
	'distance_matrix(points) of geography points as rows (from_index, to_index, distance_m), geodesic metres';

-- Row forms of the other array results: one row per element, with the
-- position and what it means as columns.

CREATE FUNCTION @extschema@.inventory_aging_table(aging float8[],
		bucket_days float8[])
	RETURNS TABLE (age_bucket int, age_from_days float8, age_to_days float8,
				   units_on_hand float8)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 4
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF array_ndims(aging) > 1 OR array_ndims(bucket_days) > 1
		OR cardinality(aging) <> cardinality(bucket_days) + 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'array_subscript_error',
			MESSAGE = 'aging must have one element more than bucket_days (the buckets between and around the boundaries), got '
				|| cardinality(aging)::text || ' and ' || cardinality(bucket_days)::text
				|| ' elements; pass the bucket_days given to inventory_aging';
	END IF;
	RETURN QUERY
	SELECT u.k::int,
		   CASE WHEN u.k = 1 THEN 0::float8 ELSE bucket_days[u.k - 1] END,
		   bucket_days[u.k], u.units
	FROM unnest(aging) WITH ORDINALITY AS u(units, k);
END
$$;
COMMENT ON FUNCTION @extschema@.inventory_aging_table(float8[], float8[]) IS
	'the array of inventory_aging(ts, qty, as_of, bucket_days) as rows (age_bucket, age_from_days, age_to_days, units_on_hand), youngest first; age_to_days NULL for the open last bucket; pass the bucket_days given to inventory_aging';

-- two overloads, as inventory_aging has: the default boundaries are the
-- aggregate's
CREATE FUNCTION @extschema@.inventory_aging_table(aging float8[])
	RETURNS TABLE (age_bucket int, age_from_days float8, age_to_days float8,
				   units_on_hand float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 4
BEGIN ATOMIC
	SELECT * FROM @extschema@.inventory_aging_table(aging, '{30,60,90}'::float8[]);
END;
COMMENT ON FUNCTION @extschema@.inventory_aging_table(float8[]) IS
	'the array of inventory_aging(ts, qty, as_of) as rows (age_bucket, age_from_days, age_to_days, units_on_hand) for its default buckets 0-30, 30-60, 60-90 and 90+ days';

CREATE FUNCTION @extschema@.wagner_whitin_table(demand float8[],
		order_cost float8, holding_cost float8)
	RETURNS TABLE (period int, demand_qty float8, order_qty float8,
				   ending_inventory_qty float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 12
BEGIN ATOMIC
	SELECT u.k::int, u.d, u.q,
		   sum(u.q OPERATOR(pg_catalog.-) u.d) OVER (ORDER BY u.k)
	FROM (SELECT @extschema@.wagner_whitin(demand, order_cost, holding_cost) AS p) AS w,
		 unnest(demand, w.p) WITH ORDINALITY AS u(d, q, k)
	ORDER BY u.k;
END;
COMMENT ON FUNCTION @extschema@.wagner_whitin_table(float8[], float8, float8) IS
	'the Wagner-Whitin plan as rows (period, demand_qty, order_qty, ending_inventory_qty): ending inventory is the orders minus the demand of periods 1..period';

CREATE FUNCTION @extschema@.wagner_whitin_table(demand float8[],
		order_cost float8, holding_cost float8, unit_costs float8[])
	RETURNS TABLE (period int, demand_qty float8, order_qty float8,
				   ending_inventory_qty float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 12
BEGIN ATOMIC
	SELECT u.k::int, u.d, u.q,
		   sum(u.q OPERATOR(pg_catalog.-) u.d) OVER (ORDER BY u.k)
	FROM (SELECT @extschema@.wagner_whitin(demand, order_cost, holding_cost,
										  unit_costs) AS p) AS w,
		 unnest(demand, w.p) WITH ORDINALITY AS u(d, q, k)
	ORDER BY u.k;
END;
COMMENT ON FUNCTION @extschema@.wagner_whitin_table(float8[], float8, float8, float8[]) IS
	'the Wagner-Whitin plan with period unit costs as rows (period, demand_qty, order_qty, ending_inventory_qty)';

CREATE FUNCTION @extschema@.tsp_tour_table(dist float8[], closed boolean DEFAULT true,
		start_index int DEFAULT 1, end_index int DEFAULT NULL)
	RETURNS TABLE (stop_seq int, stop_index int)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 ROWS 20
BEGIN ATOMIC
	SELECT t.k::int, t.i
	FROM unnest(@extschema@.tsp_tour(dist, closed, start_index, end_index))
		 WITH ORDINALITY AS t(i, k)
	ORDER BY t.k;
END;
COMMENT ON FUNCTION @extschema@.tsp_tour_table(float8[], boolean, int, int) IS
	'the tour of tsp_tour(dist, ...) as rows (stop_seq, stop_index): the stop_seq-th stop visited is row and column stop_index of dist';

CREATE FUNCTION @extschema@.tsp_tour_table(lat float8[], lon float8[],
		closed boolean DEFAULT true, start_index int DEFAULT 1,
		end_index int DEFAULT NULL)
	RETURNS TABLE (stop_seq int, stop_index int, stop_lat float8, stop_lon float8)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 ROWS 20
BEGIN ATOMIC
	SELECT t.k::int, t.i, lat[t.i], lon[t.i]
	FROM unnest(@extschema@.tsp_tour(lat, lon, closed, start_index, end_index))
		 WITH ORDINALITY AS t(i, k)
	ORDER BY t.k;
END;
COMMENT ON FUNCTION @extschema@.tsp_tour_table(float8[], float8[], boolean, int, int) IS
	'the tour of tsp_tour(lat, lon, ...) as rows (stop_seq, stop_index, stop_lat, stop_lon), in visiting order: ready for a map layer';

-- vrp_routes with its load array as columns: VROOM's capacity dimensions
-- are few (one or two in practice), so the first three are columns and
-- load_dimensions says how many there are (vrp_routes has them all).
CREATE FUNCTION @extschema@.vrp_routes_flat(problem jsonb, options jsonb DEFAULT '{}')
	RETURNS TABLE (vehicle_id bigint, route_step int, kind text, job_id bigint,
				   location_index int, lon float8, lat float8,
				   arrival_s float8, departure_s float8, waiting_s float8,
				   service_s float8, load_1 float8, load_2 float8,
				   load_3 float8, load_dimensions int, distance_m float8,
				   travel_s float8, cost float8, unassigned_reason text)
	LANGUAGE sql VOLATILE STRICT PARALLEL SAFE COST 100000 ROWS 50
BEGIN ATOMIC
	SELECT r.vehicle_id, r.route_step, r.kind, r.job_id, r.location_index,
		   r.lon, r.lat, r.arrival_s, r.departure_s, r.waiting_s, r.service_s,
		   r.load[1], r.load[2], r.load[3], pg_catalog.cardinality(r.load),
		   r.distance_m, r.travel_s, r.cost, r.unassigned_reason
	FROM @extschema@.vrp_routes(problem, options) AS r;
END;
COMMENT ON FUNCTION @extschema@.vrp_routes_flat(jsonb, jsonb) IS
	'vrp_routes with the load after each step as columns load_1, load_2, load_3 (the first three capacity dimensions, NULL beyond the problem''s) and load_dimensions, their number (vrp_routes''s load array has every dimension)';

-- Ledger hashes as lower-case hex text (encode(h, 'hex')), which every
-- driver shows as a string; bytea arrives as a Buffer or memoryview.
CREATE FUNCTION @extschema@.ledger_verify_flat(tbl regclass, check_merkle boolean DEFAULT true)
	RETURNS TABLE (chain_key text, rows_checked bigint, ok boolean, problem text,
				   broken_seq bigint, broken_pk text, expected_hash_hex text,
				   stored_hash_hex text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT v.chain_key, v.rows_checked, v.ok, v.problem, v.broken_seq,
		   v.broken_pk, pg_catalog.encode(v.expected_hash, 'hex'),
		   pg_catalog.encode(v.stored_hash, 'hex')
	FROM @extschema@.ledger_verify(tbl, check_merkle) AS v;
END;
COMMENT ON FUNCTION @extschema@.ledger_verify_flat(regclass, boolean) IS
	'ledger_verify with the hashes as hex text: one row per chain, ok or its first problem, expected_hash_hex and stored_hash_hex';

CREATE FUNCTION @extschema@.ledger_digest_flat(tbl regclass, at timestamptz DEFAULT NULL)
	RETURNS TABLE (chain_key text, tree_size bigint, root_hash_hex text,
				   last_at timestamptz)
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT d.chain_key, d.tree_size, pg_catalog.encode(d.root_hash, 'hex'),
		   d.last_at
	FROM @extschema@.ledger_digest(tbl, at) AS d;
END;
COMMENT ON FUNCTION @extschema@.ledger_digest_flat(regclass, timestamptz) IS
	'ledger_digest with root_hash as hex text: per chain the RFC 6962 tree head (tree_size, root_hash_hex) of the rows with ledger_at <= at (all when NULL)';

CREATE FUNCTION @extschema@.ledger_inclusion_proof_flat(tbl regclass, chain_key text,
		ledger_seq bigint, tree_size bigint DEFAULT NULL,
		OUT leaf_index bigint, OUT tree_size bigint, OUT leaf_hash_hex text,
		OUT root_hash_hex text, OUT audit_path_hex text)
	RETURNS record
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT p.leaf_index, p.tree_size, pg_catalog.encode(p.leaf_hash, 'hex'),
		   pg_catalog.encode(p.root_hash, 'hex'),
		   (SELECT pg_catalog.string_agg(pg_catalog.encode(a.h, 'hex'), ' ' ORDER BY a.k)
			FROM unnest(p.audit_path) WITH ORDINALITY AS a(h, k))
	FROM @extschema@.ledger_inclusion_proof(tbl, chain_key, ledger_seq, tree_size) AS p;
END;
COMMENT ON FUNCTION @extschema@.ledger_inclusion_proof_flat(regclass, text, bigint, bigint) IS
	'ledger_inclusion_proof with the hashes as hex text: the audit path is its hashes in order, in hex, separated by spaces (NULL when the path is empty)';

CREATE FUNCTION @extschema@.ledger_consistency_proof_flat(tbl regclass, chain_key text,
		first_size bigint, second_size bigint DEFAULT NULL,
		OUT first_size bigint, OUT second_size bigint,
		OUT first_root_hex text, OUT second_root_hex text, OUT proof_hex text)
	RETURNS record
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT p.first_size, p.second_size, pg_catalog.encode(p.first_root, 'hex'),
		   pg_catalog.encode(p.second_root, 'hex'),
		   (SELECT pg_catalog.string_agg(pg_catalog.encode(a.h, 'hex'), ' ' ORDER BY a.k)
			FROM unnest(p.proof) WITH ORDINALITY AS a(h, k))
	FROM @extschema@.ledger_consistency_proof(tbl, chain_key, first_size, second_size) AS p;
END;
COMMENT ON FUNCTION @extschema@.ledger_consistency_proof_flat(regclass, text, bigint, bigint) IS
	'ledger_consistency_proof with the hashes as hex text: the proof is its hashes in order, in hex, separated by spaces (NULL when the proof is empty)';

-- NaN policy (doc/bi.md): aggregates reject NaN and infinite inputs with
-- 22023, as a wrong number on a dashboard is worse than an error.  To skip
-- such rows instead, filter with is_finite and count what was skipped:
--   otif_ci(...) FILTER (WHERE is_finite(qty_ordered) AND is_finite(qty_shipped)),
--   count(*) FILTER (WHERE NOT (is_finite(qty_ordered) AND is_finite(qty_shipped)))
CREATE FUNCTION @extschema@.is_finite(x float8)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN x OPERATOR(pg_catalog.>) '-Infinity'::float8
		AND x OPERATOR(pg_catalog.<) 'Infinity'::float8;
COMMENT ON FUNCTION @extschema@.is_finite(float8) IS
	'true when x is neither NaN nor infinite, NULL for NULL: the FILTER of the skip-and-count NaN policy';
