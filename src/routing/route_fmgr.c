/*-------------------------------------------------------------------------
 *
 * route_fmgr.c
 *	  The route_length and route_cost aggregates and the cost_model
 *	  constructor.
 *
 * The route aggregates keep a fixed-size float8[] state (no serialize or
 * deserialize functions needed): the number of points, the first and the
 * last point and the length so far (plus, for route_cost, the stop count
 * and the cost model).  Two such states of consecutive stretches of a path
 * combine exactly: the lengths add, plus the geodesic from the last point
 * of the first stretch to the first point of the second.  The combine
 * function therefore assumes its first argument precedes its second.
 * PostgreSQL never runs partial aggregation for an aggregate called with
 * ORDER BY (the sort happens inside the Agg node), so with ORDER BY seq the
 * combine function is never used and the result is exact; without ORDER BY
 * the order of a path is undefined anyway.  An engine that combines chunks
 * in path order (e.g. a distributed plan over ranges of seq) gets the exact
 * length too.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>
#include <string.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "geodesic.h"
#include "common/logistics.h"

#include "point_fmgr.h"

/* ------------------------------------------------------------------------
 * Route aggregates
 * ------------------------------------------------------------------------
 */

/*
 * State layout (float8[]).  route_length uses the first RS_LEN_SIZE
 * entries; route_cost adds the stop count and the cost model.
 */
#define RS_NPOINTS	0			/* points seen */
#define RS_LAT0		1			/* first point */
#define RS_LON0		2
#define RS_LAT1		3			/* last point */
#define RS_LON1		4
#define RS_LENGTH	5			/* metres along the path so far */
#define RS_LEN_SIZE	6
#define RS_NSTOPS	6			/* points that are stops */
#define RS_MODEL	7			/* the CM_NFIELDS cost model fields */

/* fields of logistics.cost_model, in declaration order */
#define CM_PER_KM		0
#define CM_PER_HOUR		1
#define CM_PER_STOP		2
#define CM_FIXED		3
#define CM_SPEED		4
#define CM_SERVICE_MIN	5
#define CM_CO2_PER_KM	6
#define CM_NFIELDS		7

#define RS_COST_SIZE	(RS_MODEL + CM_NFIELDS)

static const char *const cm_field_names[CM_NFIELDS] = {
	"cost_per_km", "cost_per_hour", "cost_per_stop", "fixed_cost",
	"speed_kmh", "service_min", "co2_g_per_km"
};

static void cost_model_check(const double *m);

/*
 * The invariants of a route state whose point count is checked: what the
 * transition functions can produce, nothing else.  An empty state is the
 * INITCOND (all zero); a non-empty one has valid first and last points
 * and a finite length >= 0 (0 for one point; at most half the equator per
 * leg); a route_cost state also an integral stop count <= the points and,
 * once it has points, a valid cost model.
 */
static void
route_state_check(const double *s, int size)
{
	double		n = s[RS_NPOINTS];
	int			k;

	if (n == 0)
	{
		for (k = 1; k < size; k++)
			if (s[k] != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid route aggregate state: element %d is %g without points",
								k + 1, s[k])));
		return;
	}
	if (!(s[RS_LAT0] >= -90 && s[RS_LAT0] <= 90 && s[RS_LAT1] >= -90 &&
		  s[RS_LAT1] <= 90 && s[RS_LON0] >= -180 && s[RS_LON0] <= 180 &&
		  s[RS_LON1] >= -180 && s[RS_LON1] <= 180))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid route aggregate state: points (%g, %g) and (%g, %g) out of range",
						s[RS_LAT0], s[RS_LON0], s[RS_LAT1], s[RS_LON1])));
	/* no geodesic is longer than half the WGS84 meridian, 20003.93 km */
	if (!(s[RS_LENGTH] >= 0 && s[RS_LENGTH] <= (n - 1) * 2.0004e7 &&
		  (n > 1 || s[RS_LENGTH] == 0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid route aggregate state: length %g m for %g points",
						s[RS_LENGTH], n)));
	if (size == RS_COST_SIZE)
	{
		double		stops = s[RS_NSTOPS];

		if (!(stops >= 0 && stops <= n && stops == floor(stops)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid route aggregate state: stop count %g for %g points",
							stops, n)));
		cost_model_check(s + RS_MODEL);
	}
}

/*
 * The state array of a route aggregate, checked: one-dimensional float8
 * without NULLs and of the expected size, with a sane point count.  The
 * state is an ordinary float8[] that SQL can pass in, so nothing about it
 * is trusted.
 */
static double *
route_state(ArrayType *a, int size)
{
	double	   *s;

	if (ARR_NDIM(a) != 1 || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_HASNULL(a) || ARR_DIMS(a)[0] != size)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("route aggregate state must be a float8 array of %d elements",
						size)));
	s = (double *) ARR_DATA_PTR(a);
	if (!(s[RS_NPOINTS] >= 0 && s[RS_NPOINTS] <= 9.0e15 &&
		  s[RS_NPOINTS] == floor(s[RS_NPOINTS])))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid route aggregate state: point count %g",
						s[RS_NPOINTS])));
	route_state_check(s, size);
	return s;
}

/*
 * The state to update: in an aggregate the input array is the state owned
 * by the aggregate and is modified in place (as float8_accum does);
 * called directly from SQL, a copy.
 */
static ArrayType *
route_state_arg(FunctionCallInfo fcinfo, int argno)
{
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}

/* Append the point (lat, lon) to the path of state s. */
static void
route_add_point(double *s, double lat, double lon)
{
	if (s[RS_NPOINTS] == 0)
	{
		s[RS_LAT0] = lat;
		s[RS_LON0] = lon;
	}
	else
		s[RS_LENGTH] += lgeod_distance(s[RS_LAT1], s[RS_LON1],
												lat, lon);
	s[RS_LAT1] = lat;
	s[RS_LON1] = lon;
	s[RS_NPOINTS] += 1;
}

/*
 * Join the path of state b after the path of state a, into a.  Both states
 * must be checked already.
 */
static void
route_join(double *a, const double *b)
{
	if (b[RS_NPOINTS] == 0)
		return;
	if (a[RS_NPOINTS] == 0)
	{
		a[RS_LAT0] = b[RS_LAT0];
		a[RS_LON0] = b[RS_LON0];
		a[RS_LENGTH] = b[RS_LENGTH];
	}
	else
		a[RS_LENGTH] += lgeod_distance(a[RS_LAT1], a[RS_LON1],
												b[RS_LAT0], b[RS_LON0]) +
			b[RS_LENGTH];
	a[RS_LAT1] = b[RS_LAT1];
	a[RS_LON1] = b[RS_LON1];
	a[RS_NPOINTS] += b[RS_NPOINTS];
}

/*
 * route_length_trans(state, lat, lon)
 */
PG_FUNCTION_INFO_V1(logistics_route_length_trans);
Datum
logistics_route_length_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *a = route_state_arg(fcinfo, 0);
	double	   *s = route_state(a, RS_LEN_SIZE);
	double		lat = PG_GETARG_FLOAT8(1);
	double		lon = PG_GETARG_FLOAT8(2);

	lg_check_lat_lon(lat, lon);
	route_add_point(s, lat, lon);
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * route_length_geom_trans(state, geometry)
 */
PG_FUNCTION_INFO_V1(logistics_route_length_geom_trans);
Datum
logistics_route_length_geom_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *a = route_state_arg(fcinfo, 0);
	double	   *s = route_state(a, RS_LEN_SIZE);
	double		lat,
				lon;

	lg_point_lat_lon(PG_GETARG_DATUM(1), "geometry", &lat, &lon);
	route_add_point(s, lat, lon);
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * Combine two route states of either size (route_length or route_cost):
 * the path of the second follows the path of the first.  Not strict; a
 * NULL state counts as empty.  The result is a new array unless called as
 * a combine function, where the first state is updated in place.
 */
static Datum
route_combine_common(FunctionCallInfo fcinfo, int size)
{
	ArrayType  *a,
			   *b;
	double	   *sa,
			   *sb;
	int			k;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
	{
		b = PG_GETARG_ARRAYTYPE_P_COPY(1);
		(void) route_state(b, size);
		PG_RETURN_ARRAYTYPE_P(b);
	}
	a = route_state_arg(fcinfo, 0);
	sa = route_state(a, size);
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(a);
	b = PG_GETARG_ARRAYTYPE_P(1);
	sb = route_state(b, size);

	if (size == RS_COST_SIZE && sa[RS_NPOINTS] > 0 && sb[RS_NPOINTS] > 0)
	{
		for (k = 0; k < CM_NFIELDS; k++)
			if (sa[RS_MODEL + k] != sb[RS_MODEL + k])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("route_cost needs the same cost model on every row of a route")));
	}
	if (size == RS_COST_SIZE)
	{
		if (sa[RS_NPOINTS] == 0)
			for (k = 0; k < CM_NFIELDS; k++)
				sa[RS_MODEL + k] = sb[RS_MODEL + k];
		sa[RS_NSTOPS] += sb[RS_NSTOPS];
	}
	route_join(sa, sb);
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * route_length_combine(state, state)
 */
PG_FUNCTION_INFO_V1(logistics_route_length_combine);
Datum
logistics_route_length_combine(PG_FUNCTION_ARGS)
{
	return route_combine_common(fcinfo, RS_LEN_SIZE);
}

/*
 * route_length_final(state): metres, NULL for no points.
 */
PG_FUNCTION_INFO_V1(logistics_route_length_final);
Datum
logistics_route_length_final(PG_FUNCTION_ARGS)
{
	double	   *s = route_state(PG_GETARG_ARRAYTYPE_P(0), RS_LEN_SIZE);

	if (s[RS_NPOINTS] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s[RS_LENGTH]);
}

/* ------------------------------------------------------------------------
 * Cost model
 * ------------------------------------------------------------------------
 */

/*
 * Check the seven cost model values: finite, not negative, speed > 0.
 */
static void
cost_model_check(const double *m)
{
	int			k;

	for (k = 0; k < CM_NFIELDS; k++)
		lg_check_nonneg(m[k], cm_field_names[k]);
	if (m[CM_SPEED] <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("speed_kmh must be positive, got %g", m[CM_SPEED])));
}

/*
 * The fields of a logistics.cost_model value, checked.
 */
static void
cost_model_read(HeapTupleHeader t, double *m)
{
	Oid			typid = HeapTupleHeaderGetTypeId(t);
	int32		typmod = HeapTupleHeaderGetTypMod(t);
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);
	HeapTupleData tuple;
	int			k;

	if (desc->natts != CM_NFIELDS)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cost model must have %d fields, got %d",
						CM_NFIELDS, desc->natts)));
	tuple.t_len = HeapTupleHeaderGetDatumLength(t);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = t;
	for (k = 0; k < CM_NFIELDS; k++)
	{
		bool		isnull;
		Datum		d;

		if (TupleDescAttr(desc, k)->atttypid != FLOAT8OID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("cost model field %d must be float8", k + 1)));
		d = heap_getattr(&tuple, k + 1, desc, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("cost model field %s must not be NULL",
							cm_field_names[k])));
		m[k] = DatumGetFloat8(d);
	}
	ReleaseTupleDesc(desc);
	cost_model_check(m);
}

/*
 * cost_model(cost_per_km, cost_per_hour, cost_per_stop, fixed_cost,
 *			  speed_kmh, service_min, co2_g_per_km): the checked composite.
 */
PG_FUNCTION_INFO_V1(logistics_cost_model_make);
Datum
logistics_cost_model_make(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[CM_NFIELDS];
	bool		nulls[CM_NFIELDS];
	double		m[CM_NFIELDS];
	int			k;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cost_model: return type must be a row type");
	desc = BlessTupleDesc(desc);
	for (k = 0; k < CM_NFIELDS; k++)
	{
		m[k] = PG_GETARG_FLOAT8(k);
		values[k] = Float8GetDatum(m[k]);
		nulls[k] = false;
	}
	cost_model_check(m);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * Transition of route_cost: add the point; is_stop says whether it counts
 * as a stop (service time and per-stop cost) or only as a waypoint such as
 * the depot at the start and end of a tour.
 */
static Datum
route_cost_trans_common(FunctionCallInfo fcinfo, bool is_stop)
{
	ArrayType  *a = route_state_arg(fcinfo, 0);
	double	   *s = route_state(a, RS_COST_SIZE);
	double		lat = PG_GETARG_FLOAT8(1);
	double		lon = PG_GETARG_FLOAT8(2);
	double		m[CM_NFIELDS];
	int			k;

	lg_check_lat_lon(lat, lon);
	cost_model_read(PG_GETARG_HEAPTUPLEHEADER(3), m);
	if (s[RS_NPOINTS] == 0)
	{
		for (k = 0; k < CM_NFIELDS; k++)
			s[RS_MODEL + k] = m[k];
	}
	else
	{
		for (k = 0; k < CM_NFIELDS; k++)
			if (s[RS_MODEL + k] != m[k])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("route_cost needs the same cost model on every row of a route, got a different %s",
								cm_field_names[k])));
	}
	route_add_point(s, lat, lon);
	if (is_stop)
		s[RS_NSTOPS] += 1;
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * route_cost_trans(state, lat, lon, model): every point is a stop.
 */
PG_FUNCTION_INFO_V1(logistics_route_cost_trans);
Datum
logistics_route_cost_trans(PG_FUNCTION_ARGS)
{
	return route_cost_trans_common(fcinfo, true);
}

/*
 * route_cost_stop_trans(state, lat, lon, model, is_stop)
 */
PG_FUNCTION_INFO_V1(logistics_route_cost_stop_trans);
Datum
logistics_route_cost_stop_trans(PG_FUNCTION_ARGS)
{
	return route_cost_trans_common(fcinfo, PG_GETARG_BOOL(4));
}

/*
 * route_cost_combine(state, state)
 */
PG_FUNCTION_INFO_V1(logistics_route_cost_combine);
Datum
logistics_route_cost_combine(PG_FUNCTION_ARGS)
{
	return route_combine_common(fcinfo, RS_COST_SIZE);
}

/*
 * The datum of route_cost_result's field "name" (type "typid"), or false
 * when the name is not one this library knows.  The result is built by
 * field name from the call's own row type, not by position: the type is
 * (distance_m, cost, co2_kg, stops, duration_h) when installed fresh in
 * 0.2.0; an update from 0.1.0 leaves a dropped attribute where 0.1.0 had
 * "duration interval" (issue 16 removed it: BI tools cannot show an
 * interval); and a 0.1.0 catalog still has that field (and no duration_h)
 * until ALTER EXTENSION UPDATE.  The interval is only built when asked.
 */
static bool
RouteCostField(const char *name, Oid typid, const double *f, Datum *d)
{
	if (strcmp(name, "distance_m") == 0 && typid == FLOAT8OID)
		*d = Float8GetDatum(f[0]);
	else if (strcmp(name, "cost") == 0 && typid == FLOAT8OID)
		*d = Float8GetDatum(f[1]);
	else if (strcmp(name, "co2_kg") == 0 && typid == FLOAT8OID)
		*d = Float8GetDatum(f[2]);
	else if (strcmp(name, "stops") == 0 && typid == INT4OID)
		*d = Int32GetDatum((int32) f[3]);
	else if (strcmp(name, "duration_h") == 0 && typid == FLOAT8OID)
		*d = Float8GetDatum(f[4]);
	else if (strcmp(name, "duration") == 0 && typid == INTERVALOID)
	{
		Interval   *dur = (Interval *) palloc(sizeof(Interval));

		dur->month = 0;
		dur->day = 0;
		dur->time = (TimeOffset) rint(f[4] * (double) USECS_PER_HOUR);
		*d = IntervalPGetDatum(dur);
	}
	else
		return false;
	return true;
}

/*
 * route_cost_final(state) -> route_cost_result: distance, driving plus
 * service time in hours (duration_h), cost and CO2 of the path.
 *
 *	 km = distance_m / 1000
 *	 hours = km / speed_kmh + stops * service_min / 60
 *	 cost = fixed_cost + cost_per_km * km + cost_per_hour * hours
 *			+ cost_per_stop * stops
 *	 co2_kg = co2_g_per_km * km / 1000
 */
PG_FUNCTION_INFO_V1(logistics_route_cost_final);
Datum
logistics_route_cost_final(PG_FUNCTION_ARGS)
{
	double	   *s = route_state(PG_GETARG_ARRAYTYPE_P(0), RS_COST_SIZE);
	const double *m = s + RS_MODEL;
	TupleDesc	desc;
	Datum	   *values;
	bool	   *nulls;
	double		f[5];
	double		km,
				hours,
				stops;
	int			k;

	if (s[RS_NPOINTS] == 0)
		PG_RETURN_NULL();
	cost_model_check(m);
	stops = s[RS_NSTOPS];
	if (!(stops >= 0 && stops <= s[RS_NPOINTS]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid route aggregate state: stop count %g", stops)));
	if (stops > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("route has too many stops: %g", stops)));

	km = s[RS_LENGTH] / 1000.0;
	hours = km / m[CM_SPEED] + stops * m[CM_SERVICE_MIN] / 60.0;
	/* the bound of an interval in microseconds, kept for every shape */
	if (!(hours >= 0 && hours * (double) USECS_PER_HOUR < 9.2e18))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("route duration out of range: %g hours", hours)));
	f[0] = s[RS_LENGTH];
	f[1] = LG_RESULT(m[CM_FIXED] + m[CM_PER_KM] * km +
					 m[CM_PER_HOUR] * hours + m[CM_PER_STOP] * stops);
	f[2] = LG_RESULT(m[CM_CO2_PER_KM] * km / 1000.0);
	f[3] = stops;
	f[4] = hours;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "route_cost_final: return type must be a row type");
	desc = BlessTupleDesc(desc);
	values = (Datum *) palloc(desc->natts * sizeof(Datum));
	nulls = (bool *) palloc(desc->natts * sizeof(bool));
	for (k = 0; k < desc->natts; k++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, k);

		values[k] = (Datum) 0;
		nulls[k] = true;
		if (att->attisdropped)
			continue;
		if (!RouteCostField(NameStr(att->attname), att->atttypid, f,
							&values[k]))
			elog(ERROR, "route_cost_final: unexpected field %s of type %u in route_cost_result",
				 NameStr(att->attname), att->atttypid);
		nulls[k] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
