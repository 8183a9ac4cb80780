/*-------------------------------------------------------------------------
 *
 * geodesic_fmgr.c
 *	  SQL interface of the geodesic kernel: distances between two points
 *	  (float8 coordinates, PostGIS geometry and geography) and distance
 *	  matrices.  PostGIS points are read by point_fmgr.c.
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

/* largest number of points distance_matrix accepts (25 million entries) */
#define GEOD_MATRIX_MAX_POINTS 5000

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
 * The distance between the two points of a PostGIS overload (geometry or
 * geography, both in SRID 4326) by dist, the geodesic or the haversine.
 */
static double
PointPairDistance(FunctionCallInfo fcinfo, const char *type,
				  double (*dist) (double, double, double, double))
{
	double		lat1,
				lon1,
				lat2,
				lon2;

	lg_point_lat_lon(PG_GETARG_DATUM(0), type, &lat1, &lon1);
	lg_point_lat_lon(PG_GETARG_DATUM(1), type, &lat2, &lon2);
	return dist(lat1, lon1, lat2, lon2);
}

/*
 * geodesic_distance(geometry, geometry): both points in SRID 4326.
 */
PG_FUNCTION_INFO_V1(logistics_geodesic_distance_geometry);
Datum
logistics_geodesic_distance_geometry(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PointPairDistance(fcinfo, "geometry", lgeod_distance));
}

/*
 * geodesic_distance(geography, geography): both points in SRID 4326.
 */
PG_FUNCTION_INFO_V1(logistics_geodesic_distance_geography);
Datum
logistics_geodesic_distance_geography(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PointPairDistance(fcinfo, "geography", lgeod_distance));
}

/*
 * haversine_distance(geometry, geometry)
 */
PG_FUNCTION_INFO_V1(logistics_haversine_distance_geometry);
Datum
logistics_haversine_distance_geometry(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PointPairDistance(fcinfo, "geometry", lgeod_haversine));
}

/*
 * haversine_distance(geography, geography)
 */
PG_FUNCTION_INFO_V1(logistics_haversine_distance_geography);
Datum
logistics_haversine_distance_geography(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PointPairDistance(fcinfo, "geography", lgeod_haversine));
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
				 errmsg("distance_matrix takes at most %d points, got %d: split the points into blocks, or use geodesic_distance a pair at a time",
						GEOD_MATRIX_MAX_POINTS, n)));
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
		lg_point_lat_lon(elems[i], what, &lat[i], &lon[i]);
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
