/*-------------------------------------------------------------------------
 *
 * fulfillment_fmgr.c
 *	  SQL interface of the fulfilment metrics: order accuracy, perfect order
 *	  rate, on-time and OTIF, fill rates, return rate, Wilson intervals,
 *	  cycle times and lateness, and the all-KPIs aggregate.  This file
 *	  holds what they share (fulfillment_fmgr.h); the aggregates are in
 *	  rates_fmgr.c, order_keys_fmgr.c, durations_fmgr.c and kpis_fmgr.c.
 *
 * Every aggregate has an internal state allocated in the aggregate memory
 * context, a combine function that copies rather than aliases, and
 * serialize/deserialize functions whose input is validated before use, so
 * they run in parallel query and in distributed engines.  The rules shared
 * by all of them (README "Fulfilment"):
 *
 *	- a row with a NULL in a required argument is skipped; a group with no
 *	  counted row gives NULL;
 *	- the first quantity of a pair (ordered, sold) is required; a NULL second
 *	  quantity (shipped, delivered, returned) counts as zero;
 *	- a line with zero ordered quantity is not an order line: line and order
 *	  rates skip it and it adds nothing to unit rates;
 *	- a NULL delivery time means not delivered: not on time;
 *	- quantities must be finite and >= 0, timestamps finite.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/fraction.h"
#include "fulfillment_fmgr.h"

/*
 * A tolerance interval in microseconds: a day is 24 hours and a month 30
 * days (PostgreSQL's own convention when it compares intervals), so the
 * result does not depend on the calendar or the time zone.
 */
int64
ff_tolerance(Interval *iv, const char *what)
{
	double		us;

#if PG_VERSION_NUM >= 170000
	/* PostgreSQL 17 has infinite intervals: '+infinity' is no limit */
	if (INTERVAL_IS_NOEND(iv))
		return PG_INT64_MAX;
#endif
	us = (double) iv->time +
		(double) iv->day * (double) FF_USECS_PER_DAY +
		(double) iv->month * 30.0 * (double) FF_USECS_PER_DAY;

	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, got %s", what,
						DatumGetCString(DirectFunctionCall1(interval_out,
															IntervalPGetDatum(iv))))));
	if (us > 9.0e18)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is too large", what)));
	return (int64) iv->time + (int64) iv->day * FF_USECS_PER_DAY +
		(int64) iv->month * 30 * FF_USECS_PER_DAY;
}

double
ff_fraction_tolerance(double f)
{
	lg_check_not_percent(f, "in_full_tolerance");
	if (isnan(f) || f < 0.0 || f > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("in_full_tolerance must be between 0 and 1 (0.02 accepts lines delivered at least 98%% complete), got %g",
						f)));
	return f;
}

void
ff_check_fraction(double p)
{
	lg_check_not_percent(p, "percentile");
	if (isnan(p) || p < 0.0 || p > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile fraction must be between 0 and 1, got %g", p)));
}

/* The composite result type of the calling function, blessed, cached. */
TupleDesc
ff_result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	td;
	MemoryContext old;

	if (fcinfo->flinfo->fn_extra != NULL)
		return (TupleDesc) fcinfo->flinfo->fn_extra;
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	td = BlessTupleDesc(CreateTupleDescCopy(td));
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = td;
	return td;
}


/* ---------------------------------------------------------------------
 * Serialization helpers: native byte order (states never leave the server
 * that made them), every read bounds-checked.
 * ---------------------------------------------------------------------
 */

void
ff_malformed(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed fulfilment aggregate state")));
}

void
ff_read(FfReader *r, void *dst, Size len)
{
	if ((Size) (r->end - r->p) < len)
		ff_malformed();
	memcpy(dst, r->p, len);
	r->p += len;
}

FfReader
ff_reader(bytea *b, uint32 tag)
{
	FfReader	r;
	uint32		t;

	r.p = VARDATA_ANY(b);
	r.end = r.p + VARSIZE_ANY_EXHDR(b);
	ff_read(&r, &t, sizeof(t));
	if (t != tag)
		ff_malformed();
	return r;
}

void
ff_reader_done(FfReader *r)
{
	if (r->p != r->end)
		ff_malformed();
}

int64
ff_read_count(FfReader *r)
{
	int64		n;

	ff_read(r, &n, sizeof(n));
	if (n < 0)
		ff_malformed();
	return n;
}

double
ff_read_amount(FfReader *r)
{
	double		x;

	ff_read(r, &x, sizeof(x));
	if (!(x >= 0.0) || isinf(x))
		ff_malformed();
	return x;
}

/*
 * n int64 values, palloc'd, after checking that n is a possible count and
 * that the state holds exactly that many bytes more; the size is compared
 * by division, so no count (2^61, say) can wrap the arithmetic around.
 */
int64 *
ff_read_values(FfReader *r, int64 n)
{
	int64	   *v;

	if (n < 0 || n > FF_VALUES_MAX ||
		(Size) (r->end - r->p) / sizeof(int64) < (Size) n)
		ff_malformed();
	if (n == 0)
		return NULL;
	v = (int64 *) palloc(n * sizeof(int64));
	ff_read(r, v, n * sizeof(int64));
	return v;
}

/*
 * A running sum that left the double range is an error where it happens,
 * in the transition or the combine function, so a serial and a parallel
 * plan raise the same 22003 (a parallel plan used to fail with 22P03 in
 * the deserializer, a serial one returned Infinity or 0).
 */
void
ff_check_sum(double x, const char *agg)
{
	if (unlikely(isnan(x) || isinf(x)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: a running sum is out of range (the values are too large to add up)",
						agg)));
}

/* a + b for counts of combined states, 22003 rather than wrapping */
int64
ff_add_counts(int64 a, int64 b)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(a, b, &r)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("fulfilment aggregate count out of range")));
	return r;
}

/* A bytea of len payload bytes; *w is where to write. */
bytea *
ff_bytea(Size len, char **w)
{
	bytea	   *b;

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("fulfilment aggregate state too large to pass between parallel workers (%zu bytes)",
						len),
				 errhint("Aggregate fewer rows per group, or disable parallel aggregation with max_parallel_workers_per_gather = 0.")));
	b = palloc(VARHDRSZ + len);
	SET_VARSIZE(b, VARHDRSZ + len);
	*w = VARDATA(b);
	return b;
}

/* ---------------------------------------------------------------------
 * Value arrays of the exact percentiles (durations and KPIs)
 * ---------------------------------------------------------------------
 */
static void
too_many_values(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("too many values in one group for exact percentiles (at most %lld)",
					(long long) FF_VALUES_MAX)));
}

/* Grow a value array to hold need values (doubling). */
int64 *
ff_values_reserve(int64 *v, int64 *cap, int64 need, MemoryContext cxt)
{
	int64		c = Max(*cap, 64);

	if (need > FF_VALUES_MAX)
		too_many_values();
	while (c < need)
		c = Min(2 * c, FF_VALUES_MAX);
	if (v == NULL)
		v = (int64 *) MemoryContextAlloc(cxt, c * sizeof(int64));
	else
		v = (int64 *) repalloc(v, c * sizeof(int64));
	*cap = c;
	return v;
}

/* The percentiles that the duration and KPI summaries report. */
const double ff_summary_fractions[3] = {0.5, 0.9, 0.95};
