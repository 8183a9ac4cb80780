/*-------------------------------------------------------------------------
 *
 * geodesic_fmgr.c
 *	  SQL interface of the geodesic kernel: distances between two points
 *	  (float8 coordinates, PostGIS geometry and geography), distance
 *	  matrices, and the route_length / route_cost aggregates.
 *
 * PostGIS points are read straight from their serialized form (GSERIALIZED
 * v1 of PostGIS 2 and v2 of PostGIS 3; layout documented in PostGIS's
 * liblwgeom/gserialized.txt and gserialized2.c), which avoids a call into
 * PostGIS per value.  Every length, flag and type word is checked before it
 * is trusted.
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
#include "logistics.h"

/* largest number of points distance_matrix accepts (25 million entries) */
#define GEOD_MATRIX_MAX_POINTS 5000

/* ------------------------------------------------------------------------
 * Reading PostGIS points
 * ------------------------------------------------------------------------
 */

#define GS_FLAG_Z			0x01
#define GS_FLAG_M			0x02
#define GS_FLAG_BBOX		0x04
#define GS_FLAG_GEODETIC	0x08
#define GS_FLAG_EXTENDED	0x10	/* v2 only; "read-only" in v1 */
#define GS_FLAG_VERSION		0x40	/* set in v2 */
#define GS_FLAG_FUTURE		0x80	/* a later version: refuse */

#define GS_POINTTYPE		1
#define GS_SRID_WGS84		4326

static const char *const gs_type_names[] = {
	"unknown", "Point", "LineString", "Polygon", "MultiPoint",
	"MultiLineString", "MultiPolygon", "GeometryCollection", "CircularString",
	"CompoundCurve", "CurvePolygon", "MultiCurve", "MultiSurface",
	"PolyhedralSurface", "Triangle", "TIN"
};

static uint32
gs_read_u32(const char *p)
{
	uint32		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static double
gs_read_f8(const char *p)
{
	double		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Latitude and longitude (degrees) of a serialized PostGIS point in SRID
 * 4326.  "what" names the argument in messages ("geometry", "geography").
 * The datum may be in short-header or compressed form; only compressed or
 * external values are copied, so reading a column costs no allocation.
 */
static void
gs_point_lat_lon(Datum d, const char *what, double *lat, double *lon)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	const char *p = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint8		flags;
	int32		srid;
	Size		off;
	uint32		type,
				npoints;
	int			ndims;

	/* srid[3], flags, then optional elements, then <type><npoints> */
	if (len < 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s value: %zu bytes", what, len)));
	flags = (uint8) p[3];
	if (flags & GS_FLAG_FUTURE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported %s serialization (flags 0x%02x)",
						what, flags)));

	/* 21-bit signed SRID, big-endian in srid[3]; 0 means unknown */
	srid = ((int32) (uint8) p[0] << 16) | ((int32) (uint8) p[1] << 8) |
		(int32) (uint8) p[2];
	if (srid & 0x100000)
		srid -= 0x200000;

	ndims = 2 + ((flags & GS_FLAG_Z) ? 1 : 0) + ((flags & GS_FLAG_M) ? 1 : 0);
	off = 4;
	if ((flags & GS_FLAG_VERSION) && (flags & GS_FLAG_EXTENDED))
		off += 8;				/* v2 extended flags */
	if (flags & GS_FLAG_BBOX)
		off += ((flags & GS_FLAG_GEODETIC) ? 6 : 2 * ndims) * sizeof(float);
	if (len < off + 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s value: %zu bytes", what, len)));
	type = gs_read_u32(p + off);
	npoints = gs_read_u32(p + off + 4);

	if (type != GS_POINTTYPE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a point, got %s", what,
						type < lengthof(gs_type_names) ?
						gs_type_names[type] : "an unknown type"),
				 errhint("Use ST_Centroid or ST_PointOnSurface to get a point.")));
	if (npoints == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be an empty point", what)));
	if (npoints != 1 || len < off + 8 + ndims * sizeof(double))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s point value", what)));
	if (srid != GS_SRID_WGS84)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be in SRID 4326 (WGS 84 longitude, latitude), got SRID %d",
						what, srid),
				 errhint("Transform it with ST_Transform(%s, 4326), or set the SRID with ST_SetSRID if the coordinates are WGS 84 degrees.",
						 what)));

	/* x is the longitude, y the latitude */
	*lon = gs_read_f8(p + off + 8);
	*lat = gs_read_f8(p + off + 16);
	lg_check_lat_lon(*lat, *lon);

	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
}

/* ------------------------------------------------------------------------
 * Distances between two points
 * ------------------------------------------------------------------------
 */

/*
 * geodesic_distance(lat1, lon1, lat2, lon2): metres on WGS84 (Karney).
 */
PG_FUNCTION_INFO_V1(logistics_geodesic_distance);
Datum
logistics_geodesic_distance(PG_FUNCTION_ARGS)
{
	double		lat1 = PG_GETARG_FLOAT8(0);
	double		lon1 = PG_GETARG_FLOAT8(1);
	double		lat2 = PG_GETARG_FLOAT8(2);
	double		lon2 = PG_GETARG_FLOAT8(3);

	lg_check_lat_lon(lat1, lon1);
	lg_check_lat_lon(lat2, lon2);
	PG_RETURN_FLOAT8(lgeod_distance(lat1, lon1, lat2, lon2));
}

/*
 * haversine_distance(lat1, lon1, lat2, lon2): metres on the sphere of
 * radius 6371008.8 m.
 */
PG_FUNCTION_INFO_V1(logistics_haversine_distance);
Datum
logistics_haversine_distance(PG_FUNCTION_ARGS)
{
	double		lat1 = PG_GETARG_FLOAT8(0);
	double		lon1 = PG_GETARG_FLOAT8(1);
	double		lat2 = PG_GETARG_FLOAT8(2);
	double		lon2 = PG_GETARG_FLOAT8(3);

	lg_check_lat_lon(lat1, lon1);
	lg_check_lat_lon(lat2, lon2);
	PG_RETURN_FLOAT8(lgeod_haversine(lat1, lon1, lat2, lon2));
}

/*
 * geodesic_distance(geometry, geometry): both points in SRID 4326.
 */
PG_FUNCTION_INFO_V1(logistics_geodesic_distance_geometry);
Datum
logistics_geodesic_distance_geometry(PG_FUNCTION_ARGS)
{
	double		lat1,
				lon1,
				lat2,
				lon2;

	gs_point_lat_lon(PG_GETARG_DATUM(0), "geometry", &lat1, &lon1);
	gs_point_lat_lon(PG_GETARG_DATUM(1), "geometry", &lat2, &lon2);
	PG_RETURN_FLOAT8(lgeod_distance(lat1, lon1, lat2, lon2));
}

/*
 * geodesic_distance(geography, geography): both points in SRID 4326.
 */
PG_FUNCTION_INFO_V1(logistics_geodesic_distance_geography);
Datum
logistics_geodesic_distance_geography(PG_FUNCTION_ARGS)
{
	double		lat1,
				lon1,
				lat2,
				lon2;

	gs_point_lat_lon(PG_GETARG_DATUM(0), "geography", &lat1, &lon1);
	gs_point_lat_lon(PG_GETARG_DATUM(1), "geography", &lat2, &lon2);
	PG_RETURN_FLOAT8(lgeod_distance(lat1, lon1, lat2, lon2));
}

/*
 * haversine_distance(geometry, geometry)
 */
PG_FUNCTION_INFO_V1(logistics_haversine_distance_geometry);
Datum
logistics_haversine_distance_geometry(PG_FUNCTION_ARGS)
{
	double		lat1,
				lon1,
				lat2,
				lon2;

	gs_point_lat_lon(PG_GETARG_DATUM(0), "geometry", &lat1, &lon1);
	gs_point_lat_lon(PG_GETARG_DATUM(1), "geometry", &lat2, &lon2);
	PG_RETURN_FLOAT8(lgeod_haversine(lat1, lon1, lat2, lon2));
}

/*
 * haversine_distance(geography, geography)
 */
PG_FUNCTION_INFO_V1(logistics_haversine_distance_geography);
Datum
logistics_haversine_distance_geography(PG_FUNCTION_ARGS)
{
	double		lat1,
				lon1,
				lat2,
				lon2;

	gs_point_lat_lon(PG_GETARG_DATUM(0), "geography", &lat1, &lon1);
	gs_point_lat_lon(PG_GETARG_DATUM(1), "geography", &lat2, &lon2);
	PG_RETURN_FLOAT8(lgeod_haversine(lat1, lon1, lat2, lon2));
}

/* ------------------------------------------------------------------------
 * Distance matrices
 * ------------------------------------------------------------------------
 */

static void
check_matrix_size(int n)
{
	if (n > GEOD_MATRIX_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("distance_matrix takes at most %d points, got %d",
						GEOD_MATRIX_MAX_POINTS, n),
				 errhint("Split the points into blocks, or compute the distances a pair at a time with geodesic_distance.")));
}

/*
 * The n x n matrix of geodesic distances between the points, as a
 * two-dimensional float8 array built in place (no per-entry Datum).  The
 * matrix is symmetric, so each pair is solved once.
 */
static ArrayType *
geodesic_matrix(const double *lat, const double *lon, int n)
{
	ArrayType  *r;
	double	   *m;
	Size		nbytes;
	int			i,
				j;

	if (n == 0)
		return construct_empty_array(FLOAT8OID);

	nbytes = ARR_OVERHEAD_NONULLS(2) + (Size) n * n * sizeof(double);
	r = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(r, nbytes);
	r->ndim = 2;
	r->dataoffset = 0;
	r->elemtype = FLOAT8OID;
	ARR_DIMS(r)[0] = n;
	ARR_DIMS(r)[1] = n;
	ARR_LBOUND(r)[0] = 1;
	ARR_LBOUND(r)[1] = 1;
	m = (double *) ARR_DATA_PTR(r);

	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		m[(Size) i * n + i] = 0;
		for (j = i + 1; j < n; j++)
		{
			double		d = lgeod_distance(lat[i], lon[i],
													lat[j], lon[j]);

			m[(Size) i * n + j] = d;
			m[(Size) j * n + i] = d;
		}
	}
	return r;
}

/*
 * distance_matrix(lat float8[], lon float8[]) -> float8[][]
 */
PG_FUNCTION_INFO_V1(logistics_distance_matrix);
Datum
logistics_distance_matrix(PG_FUNCTION_ARGS)
{
	ArrayType  *alat = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *alon = PG_GETARG_ARRAYTYPE_P(1);
	double	   *lat,
			   *lon;
	int			n,
				nlon,
				i;

	lat = lg_float8_array(alat, &n, "lat");
	lon = lg_float8_array(alon, &nlon, "lon");
	if (n != nlon)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("lat and lon must have the same length, got %d and %d",
						n, nlon)));
	check_matrix_size(n);
	for (i = 0; i < n; i++)
		lg_check_lat_lon(lat[i], lon[i]);
	PG_RETURN_ARRAYTYPE_P(geodesic_matrix(lat, lon, n));
}

/*
 * distance_matrix(points geometry[]) and distance_matrix(points
 * geography[]) -> float8[][]
 */
static Datum
distance_matrix_points(FunctionCallInfo fcinfo, const char *what)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	Oid			elemtype = ARR_ELEMTYPE(a);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	double	   *lat,
			   *lon;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("points must be a one-dimensional array, got %d dimensions",
						ARR_NDIM(a))));
	n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	check_matrix_size(n);
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elemtype, typlen, typbyval, typalign,
					  &elems, &nulls, &n);
	lat = palloc(sizeof(double) * (n > 0 ? n : 1));
	lon = palloc(sizeof(double) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("points must not contain NULL elements")));
		gs_point_lat_lon(elems[i], what, &lat[i], &lon[i]);
	}
	PG_RETURN_ARRAYTYPE_P(geodesic_matrix(lat, lon, n));
}

PG_FUNCTION_INFO_V1(logistics_distance_matrix_geometry);
Datum
logistics_distance_matrix_geometry(PG_FUNCTION_ARGS)
{
	return distance_matrix_points(fcinfo, "geometry");
}

PG_FUNCTION_INFO_V1(logistics_distance_matrix_geography);
Datum
logistics_distance_matrix_geography(PG_FUNCTION_ARGS)
{
	return distance_matrix_points(fcinfo, "geography");
}

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

	gs_point_lat_lon(PG_GETARG_DATUM(1), "geometry", &lat, &lon);
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
 * route_cost_final(state) -> route_cost_result: distance, driving plus
 * service time, cost and CO2 of the path.
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
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	Interval   *dur;
	double		km,
				hours,
				stops,
				usec;

	if (s[RS_NPOINTS] == 0)
		PG_RETURN_NULL();
	cost_model_check(m);
	stops = s[RS_NSTOPS];
	if (!(stops >= 0 && stops <= s[RS_NPOINTS]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid route aggregate state: stop count %g", stops)));

	km = s[RS_LENGTH] / 1000.0;
	hours = km / m[CM_SPEED] + stops * m[CM_SERVICE_MIN] / 60.0;
	usec = rint(hours * (double) USECS_PER_HOUR);
	if (!(usec < 9.2e18))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("route duration out of range: %g hours", hours)));

	dur = (Interval *) palloc(sizeof(Interval));
	dur->month = 0;
	dur->day = 0;
	dur->time = (TimeOffset) usec;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "route_cost_final: return type must be a row type");
	desc = BlessTupleDesc(desc);
	values[0] = Float8GetDatum(s[RS_LENGTH]);
	values[1] = IntervalPGetDatum(dur);
	values[2] = Float8GetDatum(m[CM_FIXED] + m[CM_PER_KM] * km +
							   m[CM_PER_HOUR] * hours +
							   m[CM_PER_STOP] * stops);
	values[3] = Float8GetDatum(m[CM_CO2_PER_KM] * km / 1000.0);
	if (stops > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("route has too many stops: %g", stops)));
	values[4] = Int32GetDatum((int32) stops);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
