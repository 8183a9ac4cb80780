/*-------------------------------------------------------------------------
 *
 * route_fmgr.c
 *	  SQL interface of the stop-order solver (src/tsp.c): tsp_tour and
 *	  tour_length.
 *
 * Stops are numbered 1..n by their position in the cost matrix (or in the
 * lat/lon arrays); the arrays' lower bounds are ignored.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "geodesic.h"
#include "common/logistics.h"
#include "tsp.h"

/*
 * Largest number of stops tsp_tour accepts.  The cost matrix then has 25
 * million entries (200 MB); the solve takes a few seconds.
 */
#define TSP_MAX_STOPS 5000

/* ------------------------------------------------------------------------
 * Argument checks
 * ------------------------------------------------------------------------
 */

/*
 * The n x n cost matrix in a float8[][]: checks shape, NULLs and values,
 * returns a pointer to the (detoasted) data.  An empty array gives n = 0.
 */
static const double *
GetCostMatrix(ArrayType *a, int *n)
{
	int			ndim = ARR_NDIM(a);
	const double *c;
	int			rows,
				cols;
	Size		i,
				cnt;

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "cost matrix: expected a float8 array");
	if (ndim == 0)
	{
		*n = 0;
		return NULL;
	}
	if (ndim != 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cost matrix must be a two-dimensional n x n array such as '{{0,5},{7,0}}' (distance_matrix gives one), got %d dimension%s",
						ndim, ndim == 1 ? "" : "s")));
	rows = ARR_DIMS(a)[0];
	cols = ARR_DIMS(a)[1];
	if (rows > TSP_MAX_STOPS || cols > TSP_MAX_STOPS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cost matrix may have at most %d stops, got %d",
						TSP_MAX_STOPS, rows > cols ? rows : cols)));
	if (rows != cols)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cost matrix must be square, got %d x %d", rows, cols)));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cost matrix must not contain NULL elements")));
	c = (const double *) ARR_DATA_PTR(a);
	cnt = (Size) rows * rows;
	for (i = 0; i < cnt; i++)
	{
		double		v = c[i];

		if (isnan(v) || isinf(v) || v < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 (isnan(v) || isinf(v))
					 ? errmsg("cost matrix entry [%d][%d] must be a finite number, got %g",
							  (int) (i / rows) + 1, (int) (i % rows) + 1, v)
					 : errmsg("cost matrix entry [%d][%d] must not be negative, got %g",
							  (int) (i / rows) + 1, (int) (i % rows) + 1, v)));
	}
	*n = rows;
	return c;
}

static void
CheckStopIndex(int idx, int n, const char *what)
{
	if (idx < 1 || idx > n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s %d is out of range for %d stops (stops are numbered 1 to n by their position)",
						what, idx, n)));
}

/* ------------------------------------------------------------------------
 * Calling the solver
 * ------------------------------------------------------------------------
 */

static void *
TspAlloc(size_t size, void *arg)
{
	return MemoryContextAllocExtended((MemoryContext) arg, size,
									  MCXT_ALLOC_HUGE);
}

static void
TspRelease(void *ptr, void *arg)
{
	(void) arg;
	pfree(ptr);
}

/*
 * Solve and return the tour as int[] of 1-based stop numbers.  All the
 * solver's memory lives in a child context of the caller's, so an error or
 * a cancel (through the interrupt callback) frees it with the query.
 */
static ArrayType *
SolveTour(const double *cost, int n, bool closed, int start, bool has_end,
		  int end)
{
	MemoryContext ctx;
	TspOptions	opt;
	int		   *tour;
	Datum	   *elems;
	int			rc;
	int			i;

	if (n == 0)
		return construct_empty_array(INT4OID);
	CheckStopIndex(start, n, "start_index");
	if (has_end)
	{
		CheckStopIndex(end, n, "end_index");
		if (end == start && n > 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("end_index must differ from start_index, both are %d: for a round trip back to the start leave end_index NULL and set closed to true",
							start)));
	}

	ctx = AllocSetContextCreate(CurrentMemoryContext, "tsp_tour",
								ALLOCSET_DEFAULT_SIZES);
	lgtsp_default_options(&opt);
	opt.alloc = TspAlloc;
	opt.release = TspRelease;
	opt.interrupt = lg_interrupt_callback;
	opt.arg = ctx;

	tour = MemoryContextAlloc(ctx, sizeof(int) * n);
	rc = lgtsp_solve(n, cost, closed ? 1 : 0, start - 1,
					 has_end ? end - 1 : -1, tour, &opt, NULL);
	if (rc != TSP_OK)
		elog(ERROR, "tsp solver failed with code %d", rc);

	elems = palloc(sizeof(Datum) * n);
	for (i = 0; i < n; i++)
		elems[i] = Int32GetDatum(tour[i] + 1);
	MemoryContextDelete(ctx);
	return construct_array(elems, n, INT4OID, sizeof(int32), true,
						   TYPALIGN_INT);
}

/*
 * tsp_tour(dist float8[], closed boolean, start_index int, end_index int)
 *	 -> int[]
 *
 * Not STRICT: a NULL end_index means a free end; NULL in any other argument
 * gives NULL.
 */
PG_FUNCTION_INFO_V1(logistics_tsp_tour);
Datum
logistics_tsp_tour(PG_FUNCTION_ARGS)
{
	ArrayType  *dist;
	const double *cost;
	int			n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	dist = PG_GETARG_ARRAYTYPE_P(0);
	cost = GetCostMatrix(dist, &n);
	PG_RETURN_ARRAYTYPE_P(SolveTour(cost, n, PG_GETARG_BOOL(1),
									PG_GETARG_INT32(2), !PG_ARGISNULL(3),
									PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3)));
}

/*
 * tsp_tour(lat float8[], lon float8[], closed, start_index, end_index)
 *	 -> int[]: the same on geodesic distances (WGS84, metres).
 */
PG_FUNCTION_INFO_V1(logistics_tsp_tour_latlon);
Datum
logistics_tsp_tour_latlon(PG_FUNCTION_ARGS)
{
	double	   *lat,
			   *lon,
			   *cost;
	int			n,
				nlon,
				i,
				j;
	ArrayType  *result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(3))
		PG_RETURN_NULL();
	lat = lg_float8_array(PG_GETARG_ARRAYTYPE_P(0), &n, "lat");
	lon = lg_float8_array(PG_GETARG_ARRAYTYPE_P(1), &nlon, "lon");
	if (n != nlon)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("lat and lon must have the same length, got %d and %d",
						n, nlon)));
	if (n > TSP_MAX_STOPS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("tsp_tour takes at most %d points, got %d",
						TSP_MAX_STOPS, n)));
	for (i = 0; i < n; i++)
		lg_check_lat_lon(lat[i], lon[i]);

	/* the geodesic matrix, each pair solved once */
	cost = (n > 0) ? MemoryContextAllocExtended(CurrentMemoryContext,
												sizeof(double) * (Size) n * n,
												MCXT_ALLOC_HUGE) : NULL;
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		cost[(Size) i * n + i] = 0.0;
		for (j = i + 1; j < n; j++)
		{
			double		d = lgeod_distance(lat[i], lon[i], lat[j], lon[j]);

			cost[(Size) i * n + j] = d;
			cost[(Size) j * n + i] = d;
		}
	}
	result = SolveTour(cost, n, PG_GETARG_BOOL(2), PG_GETARG_INT32(3),
					   !PG_ARGISNULL(4),
					   PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));
	if (cost)
		pfree(cost);
	PG_RETURN_ARRAYTYPE_P(result);
}

/*
 * tour_length(dist float8[], tour int[], closed boolean) -> float8
 *
 * The tour lists every stop once, optionally followed by its first stop
 * again (as pgr_TSP returns it); closed adds the leg back to the first
 * stop unless the tour already ends there.
 */
PG_FUNCTION_INFO_V1(logistics_tour_length);
Datum
logistics_tour_length(PG_FUNCTION_ARGS)
{
	ArrayType  *dist = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *tarr = PG_GETARG_ARRAYTYPE_P(1);
	bool		closed = PG_GETARG_BOOL(2);
	const double *cost;
	const int32 *tour;
	bool	   *seen;
	bool		back = closed;
	int			n,
				len,
				i;
	double		sum = 0.0;

	cost = GetCostMatrix(dist, &n);
	if (ARR_ELEMTYPE(tarr) != INT4OID)
		elog(ERROR, "tour: expected an int4 array");
	if (ARR_NDIM(tarr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("tour must be a one-dimensional array, got %d dimensions",
						ARR_NDIM(tarr))));
	if (ARR_HASNULL(tarr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("tour must not contain NULL elements")));
	len = ARR_NDIM(tarr) == 0 ? 0 : ARR_DIMS(tarr)[0];
	tour = (const int32 *) ARR_DATA_PTR(tarr);

	/* a trailing repeat of the first stop closes the tour explicitly */
	if (len == n + 1 && n > 0 && tour[n] == tour[0])
	{
		len = n;
		back = true;
	}
	else if (len != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("tour must list each of the %d stops once (the first may be repeated at the end), got %d element%s",
						n, len, len == 1 ? "" : "s")));

	seen = palloc0(sizeof(bool) * (n > 0 ? n : 1));
	for (i = 0; i < len; i++)
	{
		int			s = tour[i];

		CheckStopIndex(s, n, "tour stop");
		if (seen[s - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("tour visits stop %d twice: list each stop once, only the first may be repeated at the end",
							s)));
		seen[s - 1] = true;
		if (i > 0)
			sum += cost[(Size) (tour[i - 1] - 1) * n + (s - 1)];
	}
	pfree(seen);
	if (n > 1 && back)
		sum += cost[(Size) (tour[n - 1] - 1) * n + (tour[0] - 1)];
	PG_RETURN_FLOAT8(sum);
}
