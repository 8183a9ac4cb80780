/*-------------------------------------------------------------------------
 *
 * allocation_fmgr.c
 *	  SQL glue of rebalance() and allocate_orders(): reads the parallel
 *	  arrays, checks them, maps keys to dense indices, scales quantities to
 *	  integers and returns the kernels' plans as rows.
 *
 * Errors: a NULL element 22004, arrays of different lengths or more than
 * one dimension 2202E, negative or non-finite numbers and bad options
 * 22023, duplicate keys 23505, keys that refer to nothing 23503, sizes
 * beyond the documented limits 54000.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "common/logistics.h"
#include "routing/geodesic.h"
#include "routing/point_fmgr.h"
#include "allocation/allocation.h"

/* decimal places kept in quantities (see lmcf_decimal_scale) */
#define QTY_DIGITS		6
/* warehouses of the dense lane-cost matrix of rebalance */
#define MAX_WAREHOUSES	4000
/* lines and stock rows of allocate_orders */
#define MAX_ROWS		20000000

/* ------------------------------------------------------------------------
 * Reading arguments
 * ------------------------------------------------------------------------
 */

/* Number of elements of a one-dimensional array without NULLs. */
static int
ArrayLength(ArrayType *a, const char *what)
{
	if (ARR_NDIM(a) == 0)
		return 0;
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array, got %d dimensions",
						what, ARR_NDIM(a))));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", what)));
	return ARR_DIMS(a)[0];
}

static void
CheckLength(int n, int expected, const char *what, const char *like)
{
	if (n != expected)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s has %d elements but %s has %d", what, n, like,
						expected),
				 errhint("Build the arrays with array_agg over the same rows.")));
}

static int64 *
Int8Array(ArrayType *a, int *n, const char *what)
{
	if (ARR_ELEMTYPE(a) != INT8OID)
		elog(ERROR, "%s: expected a bigint array", what);
	*n = ArrayLength(a, what);
	return *n > 0 ? (int64 *) ARR_DATA_PTR(a) : NULL;
}

static int32 *
Int4Array(ArrayType *a, int *n, const char *what)
{
	if (ARR_ELEMTYPE(a) != INT4OID)
		elog(ERROR, "%s: expected an integer array", what);
	*n = ArrayLength(a, what);
	return *n > 0 ? (int32 *) ARR_DATA_PTR(a) : NULL;
}

static double *
Float8Array(ArrayType *a, int *n, const char *what)
{
	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "%s: expected a float8 array", what);
	*n = ArrayLength(a, what);
	return *n > 0 ? (double *) ARR_DATA_PTR(a) : NULL;
}

/* Latitudes and longitudes of an array of PostGIS points. */
static void
PointArray(ArrayType *a, int *n, double **lat, double **lon, const char *what)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *d;
	bool	   *isnull;
	int			i;

	*n = ArrayLength(a, what);
	*lat = palloc(sizeof(double) * (*n + 1));
	*lon = palloc(sizeof(double) * (*n + 1));
	if (*n == 0)
		return;
	get_typlenbyvalalign(ARR_ELEMTYPE(a), &typlen, &typbyval, &typalign);
	deconstruct_array(a, ARR_ELEMTYPE(a), typlen, typbyval, typalign,
					  &d, &isnull, n);
	for (i = 0; i < *n; i++)
		lg_point_lat_lon(d[i], what, &(*lat)[i], &(*lon)[i]);
}

static void
CheckQuantities(const double *v, int n, const char *what)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (isnan(v[i]) || isinf(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be finite, got %g at element %d",
							what, v[i], i + 1)));
		if (v[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be negative, got %g at element %d",
							what, v[i], i + 1)));
	}
}

/*
 * The power of ten that makes every quantity of a, b an integer, and the
 * check that the scaled total fits the solver's 64-bit flows.
 */
static double
QuantityScale(const double *a, int na, const double *b, int nb)
{
	int			ka = lmcf_decimal_scale(a, na, QTY_DIGITS),
				kb = lmcf_decimal_scale(b, nb, QTY_DIGITS),
				k,
				i;
	double		scale,
				total = 0.0;

	if (ka < 0 || kb < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantities must have at most %d decimal places",
						QTY_DIGITS),
				 errhint("Round the quantities, e.g. round(qty::numeric, 3)::float8.")));
	k = ka > kb ? ka : kb;
	scale = pow(10.0, k);
	for (i = 0; i < na; i++)
		total += a[i] * scale;
	for (i = 0; i < nb; i++)
		total += b[i] * scale;
	if (total > (double) LMCF_MAX_FLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("total quantity %g times 10^%d exceeds 2^52", total / scale, k),
				 errhint("Use fewer decimal places or a larger unit.")));
	return scale;
}

static int64_t
Scaled(double v, double scale)
{
	return (int64_t) rint(v * scale);
}

/* ------------------------------------------------------------------------
 * Keys: a sorted copy, binary search
 * ------------------------------------------------------------------------
 */
typedef struct KeyPos
{
	int64		key;
	int64		key2;
	int			pos;
} KeyPos;

/*
 * The shared introsort (common/lg_sort_template.h) with the comparison
 * inlined and no scratch copy: (key, key2, pos) is a total order, so the
 * result is the one any sort gives.
 */
#define LG_SORT_PREFIX keypos
#define LG_SORT_TYPE KeyPos
#define LG_SORT_CTX void *
#define LG_SORT_LT(ctx, a, b) \
	((void) (ctx), (a).key != (b).key ? (a).key < (b).key : \
	 (a).key2 != (b).key2 ? (a).key2 < (b).key2 : (a).pos < (b).pos)
#include "common/lg_sort_template.h"

static void
SortKeyPos(KeyPos *k, int n)
{
	keypos_sort(NULL, k, (size_t) n, lg_interrupt_callback, NULL);
}

/* Sorted (key, key2, pos) of n rows; error on a duplicate pair. */
static KeyPos *
SortKeys(const int64 *key, const int64 *key2, int n, const char *what)
{
	KeyPos	   *k = palloc(sizeof(KeyPos) * (n + 1));
	int			i;

	for (i = 0; i < n; i++)
	{
		k[i].key = key[i];
		k[i].key2 = key2 ? key2[i] : 0;
		k[i].pos = i;
	}
	SortKeyPos(k, n);
	for (i = 1; i < n; i++)
		if (k[i].key == k[i - 1].key && k[i].key2 == k[i - 1].key2)
		{
			if (key2)
				ereport(ERROR,
						(errcode(ERRCODE_UNIQUE_VIOLATION),
						 errmsg("duplicate %s (" INT64_FORMAT ", " INT64_FORMAT ") at elements %d and %d",
								what, k[i].key, k[i].key2, k[i - 1].pos + 1,
								k[i].pos + 1)));
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("duplicate %s " INT64_FORMAT " at elements %d and %d",
							what, k[i].key, k[i - 1].pos + 1, k[i].pos + 1)));
		}
	return k;
}

/* Position of key among the sorted keys (key2 ignored), or -1. */
static int
FindKey(const KeyPos *k, int n, int64 key)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (k[mid].key == key)
			return k[mid].pos;
		if (k[mid].key < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int
WarehouseIndex(const KeyPos *wk, int nwh, int64 key, const char *what, int row)
{
	int			w = FindKey(wk, nwh, key);

	if (w < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("%s element %d: warehouse " INT64_FORMAT " is not in the warehouse list",
						what, row + 1, key)));
	return w;
}

static void
CheckStatus(LmcfStatus s)
{
	if (s == LMCF_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory in the allocation solver")));
	if (s == LMCF_BAD_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("problem exceeds the solver's limits (2^26 nodes, 2^28 arcs a SKU)")));
	if (s != LMCF_OPTIMAL)
		elog(ERROR, "allocation solver failed with status %d", (int) s);
}

/* ------------------------------------------------------------------------
 * rebalance
 * ------------------------------------------------------------------------
 */

typedef struct StockArgs
{
	int			n;
	int64	   *wh;
	int64	   *sku;
	double	   *on_hand;
	double	   *target;			/* the band's minimum with max */
	double	   *max;			/* NULL, or the band's maximum */
} StockArgs;

/*
 * The stock arguments from position first: warehouse ids, SKU ids, on hand,
 * then target, or (band) min and max.
 */
static void
ReadStock(FunctionCallInfo fcinfo, int first, bool band, StockArgs *s)
{
	int			n2,
				n3,
				n4,
				i;
	const char *tname = band ? "min_units" : "target_units";

	s->wh = Int8Array(PG_GETARG_ARRAYTYPE_P(first), &s->n, "stock_warehouse_ids");
	s->sku = Int8Array(PG_GETARG_ARRAYTYPE_P(first + 1), &n2, "stock_sku_ids");
	s->on_hand = Float8Array(PG_GETARG_ARRAYTYPE_P(first + 2), &n3, "on_hand_units");
	s->target = Float8Array(PG_GETARG_ARRAYTYPE_P(first + 3), &n4, tname);
	CheckLength(n2, s->n, "stock_sku_ids", "stock_warehouse_ids");
	CheckLength(n3, s->n, "on_hand_units", "stock_warehouse_ids");
	CheckLength(n4, s->n, tname, "stock_warehouse_ids");
	CheckQuantities(s->on_hand, s->n, "on_hand_units");
	CheckQuantities(s->target, s->n, tname);
	s->max = NULL;
	if (!band)
		return;
	s->max = Float8Array(PG_GETARG_ARRAYTYPE_P(first + 4), &n4, "max_units");
	CheckLength(n4, s->n, "max_units", "stock_warehouse_ids");
	CheckQuantities(s->max, s->n, "max_units");
	for (i = 0; i < s->n; i++)
		if (s->target[i] > s->max[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("min_units must not exceed max_units, got %g > %g at element %d",
							s->target[i], s->max[i], i + 1)));
}

/* What EmitTransfers needs to turn the kernel's transfers into rows. */
typedef struct EmitContext
{
	ReturnSetInfo *rsinfo;
	const int64 *sku_key;
	const int64 *wh_key;
	int			nwh;
	const double *lane_cost;
	const double *lane_km;		/* NULL without geodesic distances */
	double		scale;
} EmitContext;

/*
 * The rows of n transfers, called by the kernel batch by batch (so the
 * transfers of 2,000,000 rows are never all held at once).
 */
static void
EmitTransfers(void *arg, const LalTransfer *t, int n)
{
	const EmitContext *e = arg;
	int			i;

	for (i = 0; i < n; i++, t++)
	{
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};
		double		q = (double) t->qty / e->scale;

		values[0] = Int64GetDatum(e->sku_key[t->sku]);
		values[7] = Float8GetDatum(0.0);
		if (t->to < 0)
		{
			/* excess over the band's max left at "from" */
			values[1] = Int64GetDatum(e->wh_key[t->from]);
			nulls[2] = nulls[4] = true;
			values[3] = values[5] = values[6] = Float8GetDatum(0.0);
			values[7] = Float8GetDatum(q);
		}
		else if (t->from >= 0)
		{
			size_t		lane = (size_t) t->from * e->nwh + t->to;

			values[2] = Int64GetDatum(e->wh_key[t->to]);
			values[1] = Int64GetDatum(e->wh_key[t->from]);
			values[3] = Float8GetDatum(q);
			if (e->lane_km)
				values[4] = Float8GetDatum(e->lane_km[lane]);
			else
				nulls[4] = true;
			values[5] = Float8GetDatum(q * e->lane_cost[lane]);
			values[6] = Float8GetDatum(0.0);
		}
		else
		{
			values[2] = Int64GetDatum(e->wh_key[t->to]);
			nulls[1] = nulls[4] = true;
			values[3] = Float8GetDatum(0.0);
			values[5] = Float8GetDatum(0.0);
			values[6] = Float8GetDatum(q);
		}
		tuplestore_putvalues(e->rsinfo->setResult, e->rsinfo->setDesc,
							 values, nulls);
	}
}

/*
 * Solve and emit the rows of rebalance.  lane_km is NULL without
 * geodesic distances.
 */
static void
RebalanceRows(FunctionCallInfo fcinfo, const int64 *wh_key, int nwh,
			  const KeyPos *wk, const double *lane_cost,
			  const double *lane_km, const StockArgs *st)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KeyPos	   *rk;
	int		   *row_sku,
			   *row_wh;
	int64_t    *on_hand,
			   *target,
			   *max = NULL;
	int64	   *sku_key;
	double		scale;
	int			i,
				nsku = 0;
	LalRebalanceInput in;
	LalRebalanceResult out;
	EmitContext emit;

	lg_materialized_srf(fcinfo);
	if (st->n == 0)
		return;
	scale = QuantityScale(st->on_hand, st->n, st->target, st->n);
	if (st->max)
	{
		/* both powers of ten: the larger makes every quantity whole */
		double		s2 = QuantityScale(st->on_hand, st->n, st->max, st->n);

		if (s2 > scale)
			scale = s2;
		max = palloc(sizeof(int64_t) * st->n);
	}

	/* rows by SKU key, then warehouse key: one run per SKU */
	rk = SortKeys(st->sku, st->wh, st->n, "stock row (sku, warehouse)");
	row_sku = palloc(sizeof(int) * st->n);
	row_wh = palloc(sizeof(int) * st->n);
	on_hand = palloc(sizeof(int64_t) * st->n);
	target = palloc(sizeof(int64_t) * st->n);
	sku_key = palloc(sizeof(int64) * st->n);
	for (i = 0; i < st->n; i++)
	{
		int			r = rk[i].pos;

		if (i == 0 || rk[i].key != rk[i - 1].key)
			sku_key[nsku++] = rk[i].key;
		row_sku[i] = nsku - 1;
		row_wh[i] = WarehouseIndex(wk, nwh, st->wh[r], "stock_warehouse_ids", r);
		on_hand[i] = Scaled(st->on_hand[r], scale);
		target[i] = Scaled(st->target[r], scale);
		if (max)
			max[i] = Scaled(st->max[r], scale);
	}
	pfree(rk);
	emit.rsinfo = rsinfo;
	emit.sku_key = sku_key;
	emit.wh_key = wh_key;
	emit.nwh = nwh;
	emit.lane_cost = lane_cost;
	emit.lane_km = lane_km;
	emit.scale = scale;
	in.nwh = nwh;
	in.lane_cost = lane_cost;
	in.nrows = st->n;
	in.row_sku = row_sku;
	in.row_wh = row_wh;
	in.on_hand = on_hand;
	in.target = target;
	in.max_units = max;
	in.emit = EmitTransfers;
	in.emit_arg = &emit;

	memset(&out, 0, sizeof(out));
	PG_TRY();
	{
		CheckStatus(lal_rebalance(&in, &out, lg_interrupt_callback, NULL));
	}
	PG_FINALLY();
	{
		lal_rebalance_free(&out);
	}
	PG_END_TRY();
}

/* Geodesic lane costs between warehouses, cost_per_km a unit and km. */
static void
GeodesicLanes(const double *lat, const double *lon, int nwh, double per_km,
			  double **cost, double **km)
{
	int			i,
				j;

	if (nwh > MAX_WAREHOUSES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d warehouses, got %d", MAX_WAREHOUSES, nwh)));
	lg_check_nonneg(per_km, "cost_per_km_unit");
	for (i = 0; i < nwh; i++)
		lg_check_lat_lon(lat[i], lon[i]);
	*cost = palloc(sizeof(double) * ((size_t) nwh * nwh + 1));
	*km = palloc(sizeof(double) * ((size_t) nwh * nwh + 1));
	for (i = 0; i < nwh; i++)
	{
		CHECK_FOR_INTERRUPTS();
		(*km)[(size_t) i * nwh + i] = 0.0;
		for (j = i + 1; j < nwh; j++)
		{
			double		d = lgeod_distance(lat[i], lon[i], lat[j], lon[j]) / 1000.0;

			(*km)[(size_t) i * nwh + j] = (*km)[(size_t) j * nwh + i] = d;
		}
	}
	for (i = 0; i < nwh * nwh; i++)
		(*cost)[i] = per_km * (*km)[i];
}

static void
RebalancePoints(FunctionCallInfo fcinfo, const int64 *wh_key, int nwh,
				const double *lat, const double *lon, int stock_arg,
				bool band, double per_km)
{
	StockArgs	st;
	KeyPos	   *wk;
	double	   *cost,
			   *km;

	wk = SortKeys(wh_key, NULL, nwh, "warehouse id");
	ReadStock(fcinfo, stock_arg, band, &st);
	GeodesicLanes(lat, lon, nwh, per_km, &cost, &km);
	RebalanceRows(fcinfo, wh_key, nwh, wk, cost, km, &st);
}

/*
 * rebalance(warehouse_ids, warehouse_lat, warehouse_lon, stock_warehouse_ids,
 * stock_sku_ids, on_hand_units, target_units | min_units, max_units,
 * cost_per_km_unit)
 */
static void
RebalanceLatLon(FunctionCallInfo fcinfo, bool band)
{
	int			nwh,
				n1,
				n2;
	int64	   *wh = Int8Array(PG_GETARG_ARRAYTYPE_P(0), &nwh, "warehouse_ids");
	double	   *lat = Float8Array(PG_GETARG_ARRAYTYPE_P(1), &n1, "warehouse_lat");
	double	   *lon = Float8Array(PG_GETARG_ARRAYTYPE_P(2), &n2, "warehouse_lon");

	CheckLength(n1, nwh, "warehouse_lat", "warehouse_ids");
	CheckLength(n2, nwh, "warehouse_lon", "warehouse_ids");
	RebalancePoints(fcinfo, wh, nwh, lat, lon, 3, band, PG_GETARG_FLOAT8(band ? 8 : 7));
}

/*
 * rebalance(warehouse_ids, warehouse_locations geometry[] or geography[],
 * stock..., cost_per_km_unit)
 */
static void
RebalanceGeometry(FunctionCallInfo fcinfo, bool band)
{
	int			nwh,
				n1;
	int64	   *wh = Int8Array(PG_GETARG_ARRAYTYPE_P(0), &nwh, "warehouse_ids");
	double	   *lat,
			   *lon;

	PointArray(PG_GETARG_ARRAYTYPE_P(1), &n1, &lat, &lon, "warehouse_locations");
	CheckLength(n1, nwh, "warehouse_locations", "warehouse_ids");
	RebalancePoints(fcinfo, wh, nwh, lat, lon, 2, band, PG_GETARG_FLOAT8(band ? 7 : 6));
}

/*
 * rebalance(lane_from_ids, lane_to_ids, lane_cost_per_unit, stock...):
 * transfers only on the lanes given.  The warehouses are those of the
 * stock rows and the lanes.
 */
static void
RebalanceLanes(FunctionCallInfo fcinfo, bool band)
{
	int			nl,
				n1,
				n2,
				nwh = 0,
				i;
	int64	   *from = Int8Array(PG_GETARG_ARRAYTYPE_P(0), &nl, "lane_from_ids");
	int64	   *to = Int8Array(PG_GETARG_ARRAYTYPE_P(1), &n1, "lane_to_ids");
	double	   *c = Float8Array(PG_GETARG_ARRAYTYPE_P(2), &n2, "lane_cost_per_unit");
	int64	   *all,
			   *wh_key;
	KeyPos	   *wk;
	double	   *cost;
	StockArgs	st;

	CheckLength(n1, nl, "lane_to_ids", "lane_from_ids");
	CheckLength(n2, nl, "lane_cost_per_unit", "lane_from_ids");
	for (i = 0; i < nl; i++)
	{
		if (isnan(c[i]) || isinf(c[i]) || c[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lane_cost_per_unit must be finite and not negative, got %g at element %d",
							c[i], i + 1)));
	}
	(void) SortKeys(from, to, nl, "lane (from, to)");
	ReadStock(fcinfo, 3, band, &st);

	/* the warehouses: every key of the lanes and the stock, sorted */
	all = palloc(sizeof(int64) * ((size_t) 2 * nl + st.n + 1));
	memcpy(all, from, sizeof(int64) * nl);
	memcpy(all + nl, to, sizeof(int64) * nl);
	memcpy(all + 2 * nl, st.wh, sizeof(int64) * st.n);
	{
		KeyPos	   *k = palloc(sizeof(KeyPos) * ((size_t) 2 * nl + st.n + 1));
		int			n = 2 * nl + st.n;

		for (i = 0; i < n; i++)
		{
			k[i].key = all[i];
			k[i].key2 = 0;
			k[i].pos = i;
		}
		SortKeyPos(k, n);
		wh_key = palloc(sizeof(int64) * (n + 1));
		for (i = 0; i < n; i++)
			if (i == 0 || k[i].key != k[i - 1].key)
				wh_key[nwh++] = k[i].key;
	}
	if (nwh > MAX_WAREHOUSES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d warehouses, got %d", MAX_WAREHOUSES, nwh)));
	wk = SortKeys(wh_key, NULL, nwh, "warehouse id");
	cost = palloc(sizeof(double) * ((size_t) nwh * nwh + 1));
	for (i = 0; i < nwh * nwh; i++)
		cost[i] = INFINITY;
	for (i = 0; i < nl; i++)
		cost[(size_t) FindKey(wk, nwh, from[i]) * nwh + FindKey(wk, nwh, to[i])] = c[i];
	RebalanceRows(fcinfo, wh_key, nwh, wk, cost, NULL, &st);
}

/*
 * The SQL entry points: target_units, or (band) min_units and max_units;
 * warehouses as lat/lon, geometry, geography or lanes.
 */
PG_FUNCTION_INFO_V1(logistics_rebalance);
Datum
logistics_rebalance(PG_FUNCTION_ARGS)
{
	RebalanceLatLon(fcinfo, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_geometry);
Datum
logistics_rebalance_geometry(PG_FUNCTION_ARGS)
{
	RebalanceGeometry(fcinfo, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_geography);
Datum
logistics_rebalance_geography(PG_FUNCTION_ARGS)
{
	RebalanceGeometry(fcinfo, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_lanes);
Datum
logistics_rebalance_lanes(PG_FUNCTION_ARGS)
{
	RebalanceLanes(fcinfo, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_band);
Datum
logistics_rebalance_band(PG_FUNCTION_ARGS)
{
	RebalanceLatLon(fcinfo, true);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_band_geometry);
Datum
logistics_rebalance_band_geometry(PG_FUNCTION_ARGS)
{
	RebalanceGeometry(fcinfo, true);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_band_geography);
Datum
logistics_rebalance_band_geography(PG_FUNCTION_ARGS)
{
	RebalanceGeometry(fcinfo, true);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(logistics_rebalance_band_lanes);
Datum
logistics_rebalance_band_lanes(PG_FUNCTION_ARGS)
{
	RebalanceLanes(fcinfo, true);
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * allocate_orders
 * ------------------------------------------------------------------------
 */

typedef struct AllocArgs
{
	int			nlines;
	int64	   *order_id;
	int32	   *line_no;
	int64	   *sku;
	double	   *qty;
	double	   *lat;
	double	   *lon;
	ArrayType  *promised;
	int			nwh;
	int64	   *wh;
	double	   *wh_lat;
	double	   *wh_lon;
	int			nstock;
	int64	   *stock_wh;
	int64	   *stock_sku;
	double	   *stock_qty;
	TimestampTz decided_at;
	double		cost_per_km;
	double		split_penalty;
	double		dispatch_days;
	double		speed;
	text	   *method;
	bool		split_lines;	/* false: each line from one warehouse */
} AllocArgs;

static const char *const reason_names[] = {
	"", "no_stock", "promise_impossible", "stock_short"
};

/* Seconds from the decision to each line's promise (NAN: none). */
static double *
PromiseSeconds(const AllocArgs *a)
{
	double	   *p = palloc(sizeof(double) * (a->nlines + 1));
	Datum	   *d;
	bool	   *isnull;
	int			n,
				i;

	if (ARR_NDIM(a->promised) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("promised_at must be a one-dimensional array")));
	deconstruct_array(a->promised, TIMESTAMPTZOID, sizeof(TimestampTz), true,
					  TYPALIGN_DOUBLE, &d, &isnull, &n);
	CheckLength(n, a->nlines, "promised_at", "order_ids");
	for (i = 0; i < n; i++)
	{
		TimestampTz t = DatumGetTimestampTz(d[i]);

		if (isnull[i] || TIMESTAMP_IS_NOEND(t))
			p[i] = NAN;
		else if (TIMESTAMP_IS_NOBEGIN(t))
			p[i] = -INFINITY;
		else
			p[i] = (double) (t - a->decided_at) / USECS_PER_SEC;
	}
	return p;
}

static void
CheckAllocOptions(const AllocArgs *a, LalMethod *method)
{
	char	   *m = text_to_cstring(a->method);

	lg_check_nonneg(a->cost_per_km, "cost_per_km_unit");
	lg_check_nonneg(a->split_penalty, "split_penalty");
	lg_check_nonneg(a->dispatch_days, "dispatch_days");
	lg_check_finite(a->speed, "speed_km_per_day");
	if (a->speed <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("speed_km_per_day must be positive, got %g", a->speed)));
	if (TIMESTAMP_NOT_FINITE(a->decided_at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("decided_at must be a finite timestamp")));
	if (strcmp(m, "optimal") == 0)
		*method = LAL_OPTIMAL;
	else if (strcmp(m, "nearest") == 0)
		*method = LAL_NEAREST;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("method must be 'optimal' or 'nearest', got '%s'", m)));
}

/* Dense SKU indices over the keys of the lines and the stock. */
static KeyPos *
SkuIndex(const AllocArgs *a, int *nsku)
{
	int			n = a->nlines + a->nstock,
				i,
				u = 0;
	KeyPos	   *k = palloc(sizeof(KeyPos) * (n + 1));

	for (i = 0; i < n; i++)
	{
		k[i].key = i < a->nlines ? a->sku[i] : a->stock_sku[i - a->nlines];
		k[i].key2 = 0;
		k[i].pos = 0;
	}
	SortKeyPos(k, n);
	for (i = 0; i < n; i++)
		if (i == 0 || k[i].key != k[i - 1].key)
		{
			k[u].key = k[i].key;
			k[u].pos = u;
			u++;
		}
	*nsku = u;
	return k;
}

/*
 * One row per part of the plan: where each line (or part of it) ships from,
 * when it arrives and at what cost, or why it cannot ship.
 */
static void
EmitAllocation(ReturnSetInfo *rsinfo, const AllocArgs *a,
			   const LalAllocResult *out, const KeyPos *lk,
			   const int *line_order, const double *line_promise,
			   double qty_scale, LalMethod method)
{
	double		plan,
				gap;
	int			i;

	plan = out->ship_cost + out->penalty_cost;
	gap = plan > 0 ? (plan - out->lower_bound) / plan : 0.0;
	if (gap < 0)
		gap = 0.0;			/* rounding of an exact plan */
	for (i = 0; i < out->n; i++)
	{
		const LalPart *p = &out->part[i];
		int			r = lk[p->line].pos;
		Datum		values[15];
		bool		nulls[15];
		double		q = (double) p->qty / qty_scale;

		memset(nulls, 0, sizeof(nulls));
		values[0] = Int64GetDatum(a->order_id[r]);
		values[1] = Int32GetDatum(a->line_no[r]);
		values[2] = Int64GetDatum(a->sku[r]);
		if (p->wh >= 0)
		{
			TimestampTz eta = a->decided_at +
				(TimestampTz) rint(p->eta_days * 86400.0 * USECS_PER_SEC);

			values[3] = Int64GetDatum(a->wh[p->wh]);
			values[4] = Float8GetDatum(q);
			values[5] = Float8GetDatum(0.0);
			values[6] = Float8GetDatum(p->km);
			values[7] = Float8GetDatum(q * p->km * a->cost_per_km);
			values[8] = TimestampTzGetDatum(eta);
			if (isnan(line_promise[p->line]))
				nulls[9] = true;
			else
				values[9] = BoolGetDatum(p->eta_days * 86400.0 <=
										 line_promise[p->line]);
			nulls[11] = true;
		}
		else
		{
			nulls[3] = nulls[6] = nulls[7] = nulls[8] = nulls[9] = true;
			values[4] = Float8GetDatum(0.0);
			values[5] = Float8GetDatum(q);
			values[11] = CStringGetTextDatum(reason_names[p->reason]);
		}
		values[10] = Int32GetDatum(out->order_parcels[line_order[p->line]]);
		values[12] = Float8GetDatum(plan);
		/* no bound: nearest, or whole lines serving fewer units */
		if (method == LAL_NEAREST || isnan(out->lower_bound))
			nulls[13] = nulls[14] = true;
		else
		{
			values[13] = Float8GetDatum(out->lower_bound);
			values[14] = Float8GetDatum(gap);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
}

static void
AllocateRows(FunctionCallInfo fcinfo, AllocArgs *a)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LalAllocInput in;
	LalAllocResult out;
	KeyPos	   *lk,
			   *wk,
			   *sk;
	double	   *promise,
			   *line_lat,
			   *line_lon,
			   *line_promise;
	int		   *line_order,
			   *line_sku,
			   *stock_wh,
			   *stock_sku;
	int64_t    *line_qty,
			   *stock_qty;
	int			i,
				nsku;
	LalMethod	method;

	lg_materialized_srf(fcinfo);
	CheckAllocOptions(a, &method);
	CheckQuantities(a->qty, a->nlines, "line_units");
	CheckQuantities(a->stock_qty, a->nstock, "stock_units");
	for (i = 0; i < a->nlines; i++)
		lg_check_lat_lon(a->lat[i], a->lon[i]);
	for (i = 0; i < a->nwh; i++)
		lg_check_lat_lon(a->wh_lat[i], a->wh_lon[i]);
	if (a->nlines > MAX_ROWS || a->nstock > MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d order lines and stock rows", MAX_ROWS)));
	promise = PromiseSeconds(a);
	wk = SortKeys(a->wh, NULL, a->nwh, "warehouse id");
	(void) SortKeys(a->stock_wh, a->stock_sku, a->nstock,
					"stock row (warehouse, sku)");
	if (a->nlines == 0)
		return;
	in.qty_scale = QuantityScale(a->qty, a->nlines, a->stock_qty, a->nstock);

	/* lines in (order, line) order; orders numbered densely */
	{
		int64	   *ln = palloc(sizeof(int64) * a->nlines);

		for (i = 0; i < a->nlines; i++)
			ln[i] = a->line_no[i];
		lk = SortKeys(a->order_id, ln, a->nlines, "order line (order, line)");
	}
	sk = SkuIndex(a, &nsku);
	line_order = palloc(sizeof(int) * a->nlines);
	line_sku = palloc(sizeof(int) * a->nlines);
	line_qty = palloc(sizeof(int64_t) * a->nlines);
	line_lat = palloc(sizeof(double) * a->nlines);
	line_lon = palloc(sizeof(double) * a->nlines);
	line_promise = palloc(sizeof(double) * a->nlines);
	for (i = 0; i < a->nlines; i++)
	{
		int			r = lk[i].pos;

		line_order[i] = i == 0 ? 0 :
			line_order[i - 1] + (lk[i].key != lk[i - 1].key);
		line_sku[i] = FindKey(sk, nsku, a->sku[r]);
		line_qty[i] = Scaled(a->qty[r], in.qty_scale);
		line_lat[i] = a->lat[r];
		line_lon[i] = a->lon[r];
		line_promise[i] = promise[r];
	}
	stock_wh = palloc(sizeof(int) * (a->nstock + 1));
	stock_sku = palloc(sizeof(int) * (a->nstock + 1));
	stock_qty = palloc(sizeof(int64_t) * (a->nstock + 1));
	for (i = 0; i < a->nstock; i++)
	{
		stock_wh[i] = WarehouseIndex(wk, a->nwh, a->stock_wh[i],
									 "stock_warehouse_ids", i);
		stock_sku[i] = FindKey(sk, nsku, a->stock_sku[i]);
		stock_qty[i] = Scaled(a->stock_qty[i], in.qty_scale);
	}

	in.nwh = a->nwh;
	in.wh_lat = a->wh_lat;
	in.wh_lon = a->wh_lon;
	in.nlines = a->nlines;
	in.line_order = line_order;
	in.line_sku = line_sku;
	in.line_qty = line_qty;
	in.line_lat = line_lat;
	in.line_lon = line_lon;
	in.line_promise = line_promise;
	in.nstock = a->nstock;
	in.stock_wh = stock_wh;
	in.stock_sku = stock_sku;
	in.stock_qty = stock_qty;
	in.nsku = nsku;
	in.cost_per_km = a->cost_per_km;
	in.split_penalty = a->split_penalty;
	in.dispatch_days = a->dispatch_days;
	in.speed_km_per_day = a->speed;
	in.method = method;
	in.whole_lines = !a->split_lines;

	memset(&out, 0, sizeof(out));
	PG_TRY();
	{
		CheckStatus(lal_allocate(&in, &out, lg_interrupt_callback, NULL));
		EmitAllocation(rsinfo, a, &out, lk, line_order, line_promise,
					   in.qty_scale, method);
	}
	PG_FINALLY();
	{
		lal_allocation_free(&out);
	}
	PG_END_TRY();
}

static void
ReadAllocCommon(FunctionCallInfo fcinfo, AllocArgs *a)
{
	int			n1,
				n2,
				n3;

	a->order_id = Int8Array(PG_GETARG_ARRAYTYPE_P(0), &a->nlines, "order_ids");
	a->line_no = Int4Array(PG_GETARG_ARRAYTYPE_P(1), &n1, "line_nos");
	a->sku = Int8Array(PG_GETARG_ARRAYTYPE_P(2), &n2, "line_sku_ids");
	a->qty = Float8Array(PG_GETARG_ARRAYTYPE_P(3), &n3, "line_units");
	CheckLength(n1, a->nlines, "line_nos", "order_ids");
	CheckLength(n2, a->nlines, "line_sku_ids", "order_ids");
	CheckLength(n3, a->nlines, "line_units", "order_ids");
}

/* The arguments after the warehouses, from argument number first on. */
static void
ReadAllocTail(FunctionCallInfo fcinfo, AllocArgs *a, int first)
{
	int			n1,
				n2;

	a->stock_wh = Int8Array(PG_GETARG_ARRAYTYPE_P(first), &a->nstock,
							"stock_warehouse_ids");
	a->stock_sku = Int8Array(PG_GETARG_ARRAYTYPE_P(first + 1), &n1,
							 "stock_sku_ids");
	a->stock_qty = Float8Array(PG_GETARG_ARRAYTYPE_P(first + 2), &n2,
							   "stock_units");
	CheckLength(n1, a->nstock, "stock_sku_ids", "stock_warehouse_ids");
	CheckLength(n2, a->nstock, "stock_units", "stock_warehouse_ids");
	a->decided_at = PG_GETARG_TIMESTAMPTZ(first + 3);
	a->cost_per_km = PG_GETARG_FLOAT8(first + 4);
	a->split_penalty = PG_GETARG_FLOAT8(first + 5);
	a->dispatch_days = PG_GETARG_FLOAT8(first + 6);
	a->speed = PG_GETARG_FLOAT8(first + 7);
	a->method = PG_GETARG_TEXT_PP(first + 8);
	a->split_lines = PG_GETARG_BOOL(first + 9);
}

/*
 * allocate_orders(order_ids, line_nos, line_sku_ids, line_units,
 * customer_lat, customer_lon, promised_at, warehouse_ids, warehouse_lat,
 * warehouse_lon, stock_warehouse_ids, stock_sku_ids, stock_units,
 * decided_at, cost_per_km_unit, split_penalty, dispatch_days,
 * speed_km_per_day, method, split_lines)
 */
PG_FUNCTION_INFO_V1(logistics_allocate_orders);
Datum
logistics_allocate_orders(PG_FUNCTION_ARGS)
{
	AllocArgs	a;
	int			n1,
				n2;

	ReadAllocCommon(fcinfo, &a);
	a.lat = Float8Array(PG_GETARG_ARRAYTYPE_P(4), &n1, "customer_lat");
	a.lon = Float8Array(PG_GETARG_ARRAYTYPE_P(5), &n2, "customer_lon");
	CheckLength(n1, a.nlines, "customer_lat", "order_ids");
	CheckLength(n2, a.nlines, "customer_lon", "order_ids");
	a.promised = PG_GETARG_ARRAYTYPE_P(6);
	a.wh = Int8Array(PG_GETARG_ARRAYTYPE_P(7), &a.nwh, "warehouse_ids");
	a.wh_lat = Float8Array(PG_GETARG_ARRAYTYPE_P(8), &n1, "warehouse_lat");
	a.wh_lon = Float8Array(PG_GETARG_ARRAYTYPE_P(9), &n2, "warehouse_lon");
	CheckLength(n1, a.nwh, "warehouse_lat", "warehouse_ids");
	CheckLength(n2, a.nwh, "warehouse_lon", "warehouse_ids");
	ReadAllocTail(fcinfo, &a, 10);
	AllocateRows(fcinfo, &a);
	return (Datum) 0;
}

/* the same with customer_locations and warehouse_locations geometry[] */
PG_FUNCTION_INFO_V1(logistics_allocate_orders_geometry);
Datum
logistics_allocate_orders_geometry(PG_FUNCTION_ARGS)
{
	AllocArgs	a;
	int			n1;

	ReadAllocCommon(fcinfo, &a);
	PointArray(PG_GETARG_ARRAYTYPE_P(4), &n1, &a.lat, &a.lon,
			   "customer_locations");
	CheckLength(n1, a.nlines, "customer_locations", "order_ids");
	a.promised = PG_GETARG_ARRAYTYPE_P(5);
	a.wh = Int8Array(PG_GETARG_ARRAYTYPE_P(6), &a.nwh, "warehouse_ids");
	PointArray(PG_GETARG_ARRAYTYPE_P(7), &n1, &a.wh_lat, &a.wh_lon,
			   "warehouse_locations");
	CheckLength(n1, a.nwh, "warehouse_locations", "warehouse_ids");
	ReadAllocTail(fcinfo, &a, 8);
	AllocateRows(fcinfo, &a);
	return (Datum) 0;
}

/* the same with customer_locations and warehouse_locations geography[] */
PG_FUNCTION_INFO_V1(logistics_allocate_orders_geography);
Datum
logistics_allocate_orders_geography(PG_FUNCTION_ARGS)
{
	return logistics_allocate_orders_geometry(fcinfo);
}
