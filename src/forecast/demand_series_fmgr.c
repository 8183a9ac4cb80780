/*-------------------------------------------------------------------------
 *
 * demand_series_fmgr.c
 *	  The demand_series aggregate: order lines to an equally spaced demand
 *	  series (one sum per bucket).
 *
 * Its state is a real type, logistics.demand_series_state (a varlena: the
 * parameters and one float8 sum per bucket), so that Citus splits it into
 * worker partials and a coordinator combine (issue 17, doc/citus.md): a
 * partial is one sum per bucket, whatever the number of rows.  The entry
 * points of 0.1.0's internal state (logistics_demand_series_trans ...)
 * stay for the 0.1.0 install script, which must still load against this
 * library.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "common/logistics.h"
#include "common/state_io.h"

/* True when ts, qty, bucket, from_ts or to_ts (arguments 1..5) is NULL. */
static bool
DsAnyParamIsNull(FunctionCallInfo fcinfo)
{
	int			i;

	for (i = 1; i <= 5; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/* The row's state unchanged (a row with a NULL argument is skipped). */
#define DS_SKIP_ROW() \
	do { \
		if (PG_ARGISNULL(0)) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} while (0)

/* ------------------------------------------------------------------------
 * demand_series(ts, qty, bucket, from_ts, to_ts)
 *
 * Bucket k is [b_k, b_{k+1}) with b_k = from_ts + k * bucket computed as
 * PostgreSQL's timestamp + interval does in UTC: month and day parts follow
 * the UTC calendar, the time part is elapsed time.  Never the session
 * TimeZone: Citus does not pass it to its workers, so a bucketing that
 * followed it would give a different series when the aggregate runs on
 * the workers (grouped by the distribution column) than on the
 * coordinator (issue 17).  The
 * first K buckets with b_K >= to_ts are kept; rows before from_ts or at or
 * after to_ts are ignored, so a last bucket that extends past to_ts only
 * holds the rows before to_ts.
 *
 * When every bucket has the same length (a time-only or day bucket) the
 * bucket of a
 * row is one division.  Otherwise the bucket starts are computed once per
 * (bucket, from_ts, to_ts) and cached with the transition function, and a
 * row's bucket is found from its estimate by stepping at most a bucket or
 * two.
 * ------------------------------------------------------------------------
 */

#define DS_MAX_BUCKETS	100000
#define DS_WIRE_MAGIC	0x4C445331	/* "LDS1" */
#define DS_CACHE_MAX	8
/* mean Gregorian month in microseconds, for first estimates only */
#define DS_USECS_PER_MONTH	((double) USECS_PER_DAY * 365.2425 / 12.0)

typedef struct DsLayout
{
	TimestampTz from_ts;
	TimestampTz to_ts;
	Interval	bucket;
	int32		nbuckets;
	int64		step;			/* bucket length when all are equal, else 0 */
	double		nominal;		/* approximate bucket length (estimates) */
	TimestampTz *start;			/* b_0 .. b_K when step == 0, else NULL */
} DsLayout;

typedef struct DsCache
{
	struct DsCache *next;
	DsLayout	layout;
} DsCache;

typedef struct DsState
{
	DsLayout	layout;
	double		sum[FLEXIBLE_ARRAY_MEMBER];
} DsState;

/* The serialized state: this header, then nbuckets float8 sums. */
typedef struct DsWire
{
	uint32		magic;
	int32		nbuckets;
	int64		from_ts;
	int64		to_ts;
	int64		time;
	int32		day;
	int32		month;
} DsWire;

#define DS_STATE_SIZE(k)	(offsetof(DsState, sum) + sizeof(double) * (k))

static bool
DsBucketIsValid(const Interval *b)
{
	if (b->month > 0)
		return b->day == 0 && b->time == 0;
	return b->month == 0 && b->day >= 0 && b->time >= 0 &&
		(b->day > 0 || b->time > 0);
}

static bool
DsSameParams(const DsLayout *l, const Interval *b, TimestampTz from,
			 TimestampTz to)
{
	return l->from_ts == from && l->to_ts == to &&
		l->bucket.month == b->month && l->bucket.day == b->day &&
		l->bucket.time == b->time;
}

static void
DsCheckParams(const Interval *b, TimestampTz from, TimestampTz to)
{
	if (!DsBucketIsValid(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bucket must be a positive fixed length such as '1 day', '7 days' or '1 hour', or a positive number of months such as '1 month' (not months with days or hours), got %s",
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(b))))));
	if (TIMESTAMP_NOT_FINITE(from) || TIMESTAMP_NOT_FINITE(to))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_ts and to_ts must be finite")));
	if (from >= to)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_ts must be before to_ts, got %s and %s",
						pstrdup(timestamptz_to_str(from)),
						pstrdup(timestamptz_to_str(to)))));
}

static void
DsTooManyBuckets(double k)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("demand_series would have %.0f buckets, more than the maximum %d: use a longer bucket or a shorter range from_ts .. to_ts",
					k, DS_MAX_BUCKETS)));
}

static void
DsTimestampOutOfRange(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range")));
}

/* b_k = from + k * bucket, as timestamp + interval computes it (UTC). */
static TimestampTz
DsBucketStart(const DsLayout *l, int32 k)
{
	Interval	iv;

	if (pg_mul_s32_overflow(l->bucket.month, k, &iv.month) ||
		pg_mul_s32_overflow(l->bucket.day, k, &iv.day) ||
		pg_mul_s64_overflow(l->bucket.time, (int64) k, &iv.time))
		DsTimestampOutOfRange();
	return DatumGetTimestamp(DirectFunctionCall2(timestamp_pl_interval,
												 TimestampGetDatum(l->from_ts),
												 IntervalPGetDatum(&iv)));
}

/*
 * Fill in nbuckets, step, nominal and start of l (whose parameters are set
 * and checked); start is allocated in cxt.
 */
static void
DsComputeLayout(DsLayout *l, MemoryContext cxt)
{
	double		span = (double) l->to_ts - (double) l->from_ts;
	const Interval *b = &l->bucket;
	int32		k;
	int64		diff;

	l->start = NULL;
	l->nominal = b->month * DS_USECS_PER_MONTH +
		(double) b->day * USECS_PER_DAY + (double) b->time;

	/* fast reject, before any multiplication can overflow */
	if (span / l->nominal > DS_MAX_BUCKETS + 2.0)
		DsTooManyBuckets(ceil(span / l->nominal));

	if (b->month == 0)
	{
		/*
		 * Days and time only: every bucket has the same length, as a day of
		 * the UTC calendar is always 24 hours (timestamp + interval adds
		 * whole days to the date and keeps the time of day).  With days,
		 * the last bucket's end must be a timestamp, as when the starts are
		 * computed with timestamp + interval.
		 */
		int64		end;

		if (pg_sub_s64_overflow(l->to_ts, l->from_ts, &diff))
			DsTooManyBuckets(ceil(span / l->nominal));
		if (pg_mul_s64_overflow((int64) b->day, USECS_PER_DAY, &l->step) ||
			pg_add_s64_overflow(l->step, b->time, &l->step))
			DsTimestampOutOfRange();
		l->nbuckets = (int32) (diff / l->step + (diff % l->step != 0));
		if (l->nbuckets > DS_MAX_BUCKETS)
			DsTooManyBuckets(l->nbuckets);
		if (b->day != 0 &&
			(pg_mul_s64_overflow(l->step, (int64) l->nbuckets, &end) ||
			 pg_add_s64_overflow(end, l->from_ts, &end) ||
			 !IS_VALID_TIMESTAMP(end)))
			DsTimestampOutOfRange();
		return;
	}

	/* calendar buckets: their starts, up to the first at or after to_ts */
	{
		int32		cap = (int32) (span / l->nominal) + 3;
		TimestampTz *start;
		bool		equal = true;

		if (cap > DS_MAX_BUCKETS + 1)
			cap = DS_MAX_BUCKETS + 1;
		start = (TimestampTz *) MemoryContextAlloc(cxt,
												   sizeof(TimestampTz) * (cap + 1));
		start[0] = l->from_ts;
		k = 0;
		while (start[k] < l->to_ts)
		{
			if (k >= cap)
			{
				/* the estimate was short (it never is by more than 2) */
				if (k >= DS_MAX_BUCKETS)
					DsTooManyBuckets(k + 1.0);
				cap = Min(2 * cap, DS_MAX_BUCKETS + 1);
				start = (TimestampTz *) repalloc(start,
												 sizeof(TimestampTz) * (cap + 1));
			}
			k++;
			start[k] = DsBucketStart(l, k);
			if (start[k] <= start[k - 1])
				elog(ERROR, "demand_series bucket starts are not increasing");
			if (start[k] - start[k - 1] != start[1] - start[0])
				equal = false;
		}
		if (k > DS_MAX_BUCKETS)
			DsTooManyBuckets(k);
		l->nbuckets = k;
		if (equal)
		{
			/* no daylight-saving change (or a single bucket): divide */
			l->step = start[1] - start[0];
			pfree(start);
		}
		else
		{
			l->step = 0;
			l->start = start;
		}
	}
}

/*
 * The layout for these parameters: from the cache kept with the transition
 * function when there, else computed (and cached while the cache has room,
 * else kept in the aggregate context with the group's state).
 */
static void
DsGetLayout(FunctionCallInfo fcinfo, MemoryContext aggcxt, DsLayout *l,
			const Interval *b, TimestampTz from, TimestampTz to)
{
	DsCache    *c;
	int			ncached = 0;

	for (c = (DsCache *) fcinfo->flinfo->fn_extra; c != NULL; c = c->next)
	{
		if (DsSameParams(&c->layout, b, from, to))
		{
			*l = c->layout;
			return;
		}
		ncached++;
	}

	l->from_ts = from;
	l->to_ts = to;
	l->bucket = *b;
	if (ncached < DS_CACHE_MAX)
	{
		c = (DsCache *) MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
										   sizeof(DsCache));
		DsComputeLayout(l, fcinfo->flinfo->fn_mcxt);
		c->layout = *l;
		c->next = (DsCache *) fcinfo->flinfo->fn_extra;
		fcinfo->flinfo->fn_extra = c;
	}
	else
		DsComputeLayout(l, aggcxt);
}

/* The bucket of ts in [from_ts, to_ts). */
static inline int32
DsBucketOf(const DsLayout *l, TimestampTz ts)
{
	int32		k;
	int32		last = l->nbuckets - 1;

	if (l->step > 0)
		return (int32) ((ts - l->from_ts) / l->step);
	if (l->start == NULL)
		elog(ERROR, "demand_series state has no bucket starts");
	k = (int32) ((double) (ts - l->from_ts) / l->nominal);
	if (k > last)
		k = last;
	if (k < 0)
		k = 0;
	while (k > 0 && ts < l->start[k])
		k--;
	while (k < last && ts >= l->start[k + 1])
		k++;
	return k;
}

static void
DsSumOverflow(int32 k)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("demand in bucket %d is out of the range of float8",
					k + 1)));
}

/* One row: qty checked, then added to its bucket when ts is in range. */
static inline void
DsAddRow(const DsLayout *l, double *sum, TimestampTz ts, double qty)
{
	if (isnan(qty) || isinf(qty))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("qty must be a finite number, got %g", qty)));
	if (qty < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("qty must not be negative, got %g: demand is what was ordered, so leave returns out or net them per bucket after aggregating",
						qty)));

	if (ts >= l->from_ts && ts < l->to_ts)
	{
		int32		k = DsBucketOf(l, ts);

		sum[k] += qty;
		if (isinf(sum[k]))
			DsSumOverflow(k);
	}
}

/* dst += src, bucket by bucket (a combine). */
static void
DsAddSums(double *dst, const double *src, int32 nbuckets)
{
	int32		k;

	for (k = 0; k < nbuckets; k++)
	{
		dst[k] += src[k];
		if (isinf(dst[k]))
			DsSumOverflow(k);
	}
}

PG_FUNCTION_INFO_V1(logistics_demand_series_trans);
Datum
logistics_demand_series_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	DsState    *st;
	TimestampTz ts,
				from,
				to;
	Interval   *b;
	double		qty;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "logistics_demand_series_trans called in non-aggregate context");
	if (DsAnyParamIsNull(fcinfo))
		DS_SKIP_ROW();

	ts = PG_GETARG_TIMESTAMPTZ(1);
	qty = PG_GETARG_FLOAT8(2);
	b = PG_GETARG_INTERVAL_P(3);
	from = PG_GETARG_TIMESTAMPTZ(4);
	to = PG_GETARG_TIMESTAMPTZ(5);

	if (PG_ARGISNULL(0))
	{
		DsLayout	l;

		DsCheckParams(b, from, to);
		DsGetLayout(fcinfo, aggcxt, &l, b, from, to);
		st = (DsState *) MemoryContextAllocZero(aggcxt,
												DS_STATE_SIZE(l.nbuckets));
		st->layout = l;
	}
	else
	{
		st = (DsState *) PG_GETARG_POINTER(0);
		if (!DsSameParams(&st->layout, b, from, to))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bucket, from_ts and to_ts of demand_series must be the same for every row of a group")));
	}

	DsAddRow(&st->layout, st->sum, ts, qty);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_combine);
Datum
logistics_demand_series_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	DsState    *dst;
	DsState    *src;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "logistics_demand_series_combine called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	src = (DsState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		dst = (DsState *) MemoryContextAlloc(aggcxt,
											 DS_STATE_SIZE(src->layout.nbuckets));
		memcpy(dst, src, DS_STATE_SIZE(src->layout.nbuckets));
		/* combined states are only summed and finished: no starts needed */
		dst->layout.start = NULL;
		PG_RETURN_POINTER(dst);
	}
	dst = (DsState *) PG_GETARG_POINTER(0);
	if (!DsSameParams(&dst->layout, &src->layout.bucket, src->layout.from_ts,
					  src->layout.to_ts) ||
		dst->layout.nbuckets != src->layout.nbuckets)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bucket, from_ts and to_ts of demand_series must be the same for every row of a group")));
	DsAddSums(dst->sum, src->sum, dst->layout.nbuckets);
	PG_RETURN_POINTER(dst);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_serial);
Datum
logistics_demand_series_serial(PG_FUNCTION_ARGS)
{
	DsState    *st;
	DsWire		w;
	bytea	   *out;
	Size		len;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "logistics_demand_series_serial called in non-aggregate context");
	st = (DsState *) PG_GETARG_POINTER(0);
	memset(&w, 0, sizeof(w));
	w.magic = DS_WIRE_MAGIC;
	w.nbuckets = st->layout.nbuckets;
	w.from_ts = st->layout.from_ts;
	w.to_ts = st->layout.to_ts;
	w.time = st->layout.bucket.time;
	w.day = st->layout.bucket.day;
	w.month = st->layout.bucket.month;
	len = sizeof(DsWire) + sizeof(double) * w.nbuckets;
	out = (bytea *) palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	memcpy(VARDATA(out), &w, sizeof(DsWire));
	memcpy(VARDATA(out) + sizeof(DsWire), st->sum,
		   sizeof(double) * w.nbuckets);
	PG_RETURN_BYTEA_P(out);
}

static void
DsMalformed(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed demand_series aggregate state: %s", detail)));
}

PG_FUNCTION_INFO_V1(logistics_demand_series_deserial);
Datum
logistics_demand_series_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	DsWire		w;
	DsState    *st;
	Size		len;
	int32		k;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "logistics_demand_series_deserial called in non-aggregate context");
	in = PG_GETARG_BYTEA_PP(0);
	len = VARSIZE_ANY_EXHDR(in);
	if (len < sizeof(DsWire))
		DsMalformed("too short");
	memcpy(&w, VARDATA_ANY(in), sizeof(DsWire));
	if (w.magic != DS_WIRE_MAGIC)
		DsMalformed("unknown format");
	if (w.nbuckets < 1 || w.nbuckets > DS_MAX_BUCKETS)
		DsMalformed("bucket count out of range");
	if (len != sizeof(DsWire) + sizeof(double) * w.nbuckets)
		DsMalformed("length does not match the bucket count");

	st = (DsState *) palloc(DS_STATE_SIZE(w.nbuckets));
	st->layout.from_ts = w.from_ts;
	st->layout.to_ts = w.to_ts;
	st->layout.bucket.time = w.time;
	st->layout.bucket.day = w.day;
	st->layout.bucket.month = w.month;
	st->layout.nbuckets = w.nbuckets;
	st->layout.step = 0;
	st->layout.nominal = 0;
	st->layout.start = NULL;
	if (!DsBucketIsValid(&st->layout.bucket) ||
		TIMESTAMP_NOT_FINITE(w.from_ts) || TIMESTAMP_NOT_FINITE(w.to_ts) ||
		w.from_ts >= w.to_ts)
		DsMalformed("invalid parameters");
	memcpy(st->sum, VARDATA_ANY(in) + sizeof(DsWire),
		   sizeof(double) * w.nbuckets);
	for (k = 0; k < w.nbuckets; k++)
		if (!(st->sum[k] >= 0.0) || isinf(st->sum[k]))
			DsMalformed("invalid bucket sum");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_final);
Datum
logistics_demand_series_final(PG_FUNCTION_ARGS)
{
	DsState    *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (DsState *) PG_GETARG_POINTER(0);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(st->sum, st->layout.nbuckets));
}


/* ------------------------------------------------------------------------
 * demand_series on logistics.demand_series_state
 *
 * The state is a varlena: the parameters, then one float8 sum per bucket.
 * The transition updates it in place in the aggregate context.  The bucket
 * layout (the starts of calendar buckets) is not in the state, which holds
 * no pointers, but in a small cache kept with the call site and looked up
 * by the parameters.  The text form is
 *
 *	(from_us,to_us,months,days,time_us,K,s1,...,sK)
 *
 * with from_ts and to_ts as PostgreSQL stores a timestamptz (microseconds
 * since 2000-01-01 00:00 UTC), so the text does not depend on the session
 * TimeZone or DateStyle of the node that writes or reads it, and the sums
 * in their shortest exact form, so a state shipped as text (Citus ships
 * partial aggregates that way) comes back bit for bit.  Input from text or
 * binary checks what rows can produce: valid parameters, K equal to the
 * bucket count they give, sums finite and not negative.
 * ------------------------------------------------------------------------
 */
typedef struct DsVar
{
	int32		vl_len_;
	int32		nbuckets;
	int64		from_ts;
	int64		to_ts;
	int64		time;			/* the bucket interval's three parts */
	int32		day;
	int32		month;
	double		sum[FLEXIBLE_ARRAY_MEMBER];
} DsVar;

#define DS_VAR_SIZE(k)	(offsetof(DsVar, sum) + sizeof(double) * (k))
#define DS_TYPE_NAME	"logistics.demand_series_state"

static MemoryContext
DsAggContext(FunctionCallInfo fcinfo, const char *caller)
{
	MemoryContext aggcxt;

	/* a real state type: callable from SQL, so a user error (0A000) */
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as an aggregate support function",
						caller)));
	return aggcxt;
}

static void
DsVarBucket(const DsVar *v, Interval *b)
{
	b->time = v->time;
	b->day = v->day;
	b->month = v->month;
}

static void
DsDifferentParams(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("bucket, from_ts and to_ts of demand_series must be the same for every row of a group")));
}

/*
 * The layouts of the last DS_CACHE_MAX parameter sets used in this
 * process, most recently used first, in TopMemoryContext.  A layout is a
 * function of the parameters alone (UTC calendar), so it can outlive the
 * query.  It is not kept with the call site (fn_extra): Citus's
 * worker_partial_agg_sfunc (aggregate_utils.c) builds a new FmgrInfo for
 * every row, so such a cache was empty at every row on a Citus worker, and
 * month buckets computed their starts for every order line (7x the
 * transition's time, measured).
 */
static DsCache *ds_cache = NULL;

/*
 * The layout for these (checked) parameters from the cache; on a miss it
 * is computed (in the current context, so that an error leaves nothing
 * behind), copied into TopMemoryContext and put first, replacing the least
 * recently used entry when the cache is full.  No state points into these
 * entries.
 */
static const DsLayout *
DsCachedLayout(const Interval *b, TimestampTz from, TimestampTz to)
{
	DsCache   **link = &ds_cache;
	DsCache   **lastlink = NULL;
	DsCache    *c;
	DsLayout	l;
	int			n = 0;

	while ((c = *link) != NULL)
	{
		if (DsSameParams(&c->layout, b, from, to))
		{
			if (link != &ds_cache)
			{
				*link = c->next;
				c->next = ds_cache;
				ds_cache = c;
			}
			return &c->layout;
		}
		n++;
		lastlink = link;
		link = &c->next;
	}
	l.from_ts = from;
	l.to_ts = to;
	l.bucket = *b;
	DsComputeLayout(&l, CurrentMemoryContext);
	if (n >= DS_CACHE_MAX)
	{
		c = *lastlink;
		*lastlink = NULL;
		if (c->layout.start != NULL)
			pfree(c->layout.start);
	}
	else
		c = (DsCache *) MemoryContextAlloc(TopMemoryContext, sizeof(DsCache));
	c->layout = l;
	if (l.start != NULL)
	{
		size_t		bytes = sizeof(TimestampTz) * ((size_t) l.nbuckets + 1);

		c->layout.start = (TimestampTz *) MemoryContextAlloc(TopMemoryContext, bytes);
		memcpy(c->layout.start, l.start, bytes);
	}
	c->next = ds_cache;
	ds_cache = c;
	return &c->layout;
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_trans);
Datum
logistics_demand_series_state_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = DsAggContext(fcinfo, "_demand_series_state_trans");
	const DsLayout *l;
	DsVar	   *st;
	TimestampTz ts,
				from,
				to;
	Interval   *b;

	if (DsAnyParamIsNull(fcinfo))
		DS_SKIP_ROW();
	ts = PG_GETARG_TIMESTAMPTZ(1);
	b = PG_GETARG_INTERVAL_P(3);
	from = PG_GETARG_TIMESTAMPTZ(4);
	to = PG_GETARG_TIMESTAMPTZ(5);

	if (PG_ARGISNULL(0))
	{
		DsCheckParams(b, from, to);
		l = DsCachedLayout(b, from, to);
		st = (DsVar *) MemoryContextAllocZero(aggcxt,
											  DS_VAR_SIZE(l->nbuckets));
		SET_VARSIZE(st, DS_VAR_SIZE(l->nbuckets));
		st->nbuckets = l->nbuckets;
		st->from_ts = from;
		st->to_ts = to;
		st->time = b->time;
		st->day = b->day;
		st->month = b->month;
	}
	else
	{
		/* a plain 4-byte-header value is updated in place */
		st = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		if (st->from_ts != from || st->to_ts != to || st->time != b->time ||
			st->day != b->day || st->month != b->month)
			DsDifferentParams();
		/* equal to the parameters of a checked state: valid */
		l = DsCachedLayout(b, from, to);
		if (l->nbuckets != st->nbuckets)
			elog(ERROR, "demand_series state has %d buckets, its parameters %d",
				 st->nbuckets, l->nbuckets);
	}
	DsAddRow(l, st->sum, ts, PG_GETARG_FLOAT8(2));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_combine);
Datum
logistics_demand_series_state_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = DsAggContext(fcinfo, "_demand_series_state_combine");
	DsVar	   *dst;
	DsVar	   *src;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	src = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		dst = (DsVar *) MemoryContextAlloc(aggcxt, DS_VAR_SIZE(src->nbuckets));
		memcpy(dst, src, DS_VAR_SIZE(src->nbuckets));
		SET_VARSIZE(dst, DS_VAR_SIZE(src->nbuckets));
		PG_RETURN_POINTER(dst);
	}
	dst = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	if (dst->from_ts != src->from_ts || dst->to_ts != src->to_ts ||
		dst->time != src->time || dst->day != src->day ||
		dst->month != src->month || dst->nbuckets != src->nbuckets)
		DsDifferentParams();
	DsAddSums(dst->sum, src->sum, dst->nbuckets);
	PG_RETURN_POINTER(dst);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_final);
Datum
logistics_demand_series_state_final(PG_FUNCTION_ARGS)
{
	DsVar	   *st = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));

	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(st->sum, st->nbuckets));
}

/*
 * NULL when the parameters of v are valid and give v->nbuckets buckets
 * (the sums are checked as they are read), else what is wrong.
 */
static const char *
DsVarCheckParams(const DsVar *v)
{
	DsLayout	l;

	DsVarBucket(v, &l.bucket);
	if (!DsBucketIsValid(&l.bucket))
		return "invalid bucket";
	if (!IS_VALID_TIMESTAMP(v->from_ts) || !IS_VALID_TIMESTAMP(v->to_ts) ||
		v->from_ts >= v->to_ts)
		return "from_ts and to_ts must be finite timestamps, from_ts before to_ts";
	if (v->nbuckets < 1 || v->nbuckets > DS_MAX_BUCKETS)
		return "bucket count out of range";
	l.from_ts = v->from_ts;
	l.to_ts = v->to_ts;
	DsComputeLayout(&l, CurrentMemoryContext);
	if (l.start != NULL)
		pfree(l.start);
	if (l.nbuckets != v->nbuckets)
		return "the bucket count does not match from_ts, to_ts and bucket";
	return NULL;
}

static bool
DsSumIsValid(double s)
{
	return s >= 0.0 && !isinf(s);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_in);
Datum
logistics_demand_series_state_in(PG_FUNCTION_ARGS)
{
	LgTextReader r;
	DsVar		hdr;
	DsVar	   *st;
	const char *why;
	int64		k;
	int32		i;

	lg_text_begin(&r, DS_TYPE_NAME, PG_GETARG_CSTRING(0));
	memset(&hdr, 0, sizeof(hdr));
	hdr.from_ts = lg_text_int64(&r, false);
	hdr.to_ts = lg_text_int64(&r, false);
	k = lg_text_int64(&r, false);
	if (k < PG_INT32_MIN || k > PG_INT32_MAX)
		lg_text_error(&r, "months out of range");
	hdr.month = (int32) k;
	k = lg_text_int64(&r, false);
	if (k < PG_INT32_MIN || k > PG_INT32_MAX)
		lg_text_error(&r, "days out of range");
	hdr.day = (int32) k;
	hdr.time = lg_text_int64(&r, false);
	k = lg_text_int64(&r, false);
	if (k < 1 || k > DS_MAX_BUCKETS)
		lg_text_error(&r, "bucket count out of range");
	hdr.nbuckets = (int32) k;
	if ((why = DsVarCheckParams(&hdr)) != NULL)
		lg_text_error(&r, why);
	st = (DsVar *) palloc(DS_VAR_SIZE(hdr.nbuckets));
	memcpy(st, &hdr, offsetof(DsVar, sum));
	SET_VARSIZE(st, DS_VAR_SIZE(hdr.nbuckets));
	for (i = 0; i < hdr.nbuckets; i++)
	{
		st->sum[i] = lg_text_double(&r, i + 1 == hdr.nbuckets);
		if (!DsSumIsValid(st->sum[i]))
			lg_text_error(&r, "bucket sums must not be negative");
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_out);
Datum
logistics_demand_series_state_out(PG_FUNCTION_ARGS)
{
	DsVar	   *st = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int32		i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT "," INT64_FORMAT ",%d,%d," INT64_FORMAT ",%d",
					 st->from_ts, st->to_ts, st->month, st->day, st->time,
					 st->nbuckets);
	for (i = 0; i < st->nbuckets; i++)
	{
		appendStringInfoChar(&buf, ',');
		lg_text_append_double(&buf, st->sum[i]);
	}
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

static void
DsBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type " DS_TYPE_NAME ": %s", why)));
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_recv);
Datum
logistics_demand_series_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	DsVar		hdr;
	DsVar	   *st;
	const char *why;
	int32		i;

	/* pq_getmsg* raise 08P01 on a short message */
	memset(&hdr, 0, sizeof(hdr));
	hdr.from_ts = pq_getmsgint64(msg);
	hdr.to_ts = pq_getmsgint64(msg);
	hdr.month = (int32) pq_getmsgint(msg, 4);
	hdr.day = (int32) pq_getmsgint(msg, 4);
	hdr.time = pq_getmsgint64(msg);
	hdr.nbuckets = (int32) pq_getmsgint(msg, 4);
	if (hdr.nbuckets < 1 || hdr.nbuckets > DS_MAX_BUCKETS)
		DsBadBinary("bucket count out of range");
	if ((why = DsVarCheckParams(&hdr)) != NULL)
		DsBadBinary(why);
	if ((Size) (msg->len - msg->cursor) != sizeof(double) * hdr.nbuckets)
		DsBadBinary("length does not match the bucket count");
	st = (DsVar *) palloc(DS_VAR_SIZE(hdr.nbuckets));
	memcpy(st, &hdr, offsetof(DsVar, sum));
	SET_VARSIZE(st, DS_VAR_SIZE(hdr.nbuckets));
	for (i = 0; i < hdr.nbuckets; i++)
	{
		st->sum[i] = pq_getmsgfloat8(msg);
		if (!DsSumIsValid(st->sum[i]))
			DsBadBinary("bucket sums must be finite and not negative");
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(logistics_demand_series_state_send);
Datum
logistics_demand_series_state_send(PG_FUNCTION_ARGS)
{
	DsVar	   *st = (DsVar *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int32		i;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, st->from_ts);
	pq_sendint64(&buf, st->to_ts);
	pq_sendint32(&buf, st->month);
	pq_sendint32(&buf, st->day);
	pq_sendint64(&buf, st->time);
	pq_sendint32(&buf, st->nbuckets);
	for (i = 0; i < st->nbuckets; i++)
		pq_sendfloat8(&buf, st->sum[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
