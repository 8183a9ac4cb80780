/*-------------------------------------------------------------------------
 *
 * fulfillment_fmgr.c
 *	  SQL interface of the fulfilment metrics: order accuracy, perfect order
 *	  rate, on-time and OTIF, fill rates, return rate, Wilson intervals,
 *	  cycle times and lateness, and the all-KPIs aggregate.
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
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"

/* Confidence level of the intervals that the *_ci aggregates report. */
#define FF_CI_LEVEL 0.95

/* Serialized-state tags: kind in the high bytes, format version last. */
#define FF_TAG_RATE		0x46465201
#define FF_TAG_KEYS		0x46464B01
#define FF_TAG_TKEYS	0x46465401
#define FF_TAG_DUR		0x46464401
#define FF_TAG_KPI		0x46464101

/* ---------------------------------------------------------------------
 * Argument checks
 * ---------------------------------------------------------------------
 */
static MemoryContext
ff_aggcontext(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext agg;

	if (!AggCheckCallContext(fcinfo, &agg))
		elog(ERROR, "%s called in non-aggregate context", fn);
	return agg;
}

/* A quantity: finite and >= 0 (the test is cheap; the error path is not). */
static inline double
ff_qty(double x, const char *what)
{
	if (unlikely(!(x >= 0.0) || isinf(x)))
		lg_check_nonneg(x, what);
	return x;
}

static inline int64
ff_ts(TimestampTz t, const char *what)
{
	if (unlikely(TIMESTAMP_NOT_FINITE(t)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite timestamp, got %s",
						what, TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
	return (int64) t;
}

/* A date as microseconds since 2000-01-01: dates share the timestamp states. */
static inline int64
ff_date(DateADT d, const char *what)
{
	if (unlikely(DATE_NOT_FINITE(d)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite date, got %s",
						what, DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity")));
	return (int64) d * FF_USECS_PER_DAY;
}

/*
 * A tolerance interval in microseconds: a day is 24 hours and a month 30
 * days (PostgreSQL's own convention when it compares intervals), so the
 * result does not depend on the calendar or the time zone.
 */
static int64
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

static double
ff_fraction_tolerance(double f)
{
	if (isnan(f) || f < 0.0 || f > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("in_full_tolerance must be between 0 and 1, got %g", f),
				 errhint("0.02 accepts lines delivered at least 98%% complete.")));
	return f;
}

static void
ff_check_fraction(double p)
{
	if (isnan(p) || p < 0.0 || p > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile fraction must be between 0 and 1, got %g", p)));
}

/* The composite result type of the calling function, blessed, cached. */
static TupleDesc
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
typedef struct FfReader
{
	const char *p;
	const char *end;
} FfReader;

static void
ff_malformed(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed fulfilment aggregate state")));
}

static void
ff_read(FfReader *r, void *dst, Size len)
{
	if ((Size) (r->end - r->p) < len)
		ff_malformed();
	memcpy(dst, r->p, len);
	r->p += len;
}

static FfReader
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

static void
ff_reader_done(FfReader *r)
{
	if (r->p != r->end)
		ff_malformed();
}

static int64
ff_read_count(FfReader *r)
{
	int64		n;

	ff_read(r, &n, sizeof(n));
	if (n < 0)
		ff_malformed();
	return n;
}

static double
ff_read_amount(FfReader *r)
{
	double		x;

	ff_read(r, &x, sizeof(x));
	if (!(x >= 0.0) || isinf(x))
		ff_malformed();
	return x;
}

/* A bytea of len payload bytes; *w is where to write. */
static bytea *
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

#define FF_PUT(w, x) (memcpy((w), &(x), sizeof(x)), (w) += sizeof(x))

/* ---------------------------------------------------------------------
 * Rates: successes over trials (lines, orders or units)
 * ---------------------------------------------------------------------
 */
typedef struct FfRate
{
	double		succ;
	double		trials;
} FfRate;

static inline FfRate *
rate_state(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext agg = ff_aggcontext(fcinfo, fn);

	if (PG_ARGISNULL(0))
		return (FfRate *) MemoryContextAllocZero(agg, sizeof(FfRate));
	return (FfRate *) PG_GETARG_POINTER(0);
}

/* Return the state unchanged (skipped row): NULL stays NULL. */
#define FF_SKIP() \
	do { \
		if (PG_ARGISNULL(0)) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} while (0)

PG_FUNCTION_INFO_V1(ff_accuracy_trans);
Datum
ff_accuracy_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	s = rate_state(fcinfo, "ff_accuracy_trans");
	s->succ += PG_GETARG_BOOL(1) ? 1.0 : 0.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

/* perfect_order_rate(on_time, in_full, damage_free, documents_ok) */
PG_FUNCTION_INFO_V1(ff_perfect_trans);
Datum
ff_perfect_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		FF_SKIP();
	s = rate_state(fcinfo, "ff_perfect_trans");
	if (PG_GETARG_BOOL(1) && PG_GETARG_BOOL(2) &&
		PG_GETARG_BOOL(3) && PG_GETARG_BOOL(4))
		s->succ += 1.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

/* on_time_rate(promised, delivered): delivered at or before the promise */
PG_FUNCTION_INFO_V1(ff_on_time_trans);
Datum
ff_on_time_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;
	int64		promised;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	promised = ff_ts(PG_GETARG_TIMESTAMPTZ(1), "promised");
	s = rate_state(fcinfo, "ff_on_time_trans");
	if (!PG_ARGISNULL(2) &&
		ff_ts(PG_GETARG_TIMESTAMPTZ(2), "delivered") <= promised)
		s->succ += 1.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

/*
 * The OTIF transitions.  A line is on time when delivered within
 * [promised - early, promised + late] (default: early unlimited, late 0)
 * and in full when the shortfall (qty_ordered - qty_delivered) / qty_ordered
 * is at most in_full_tolerance (default 0).
 * nargs 4: defaults; 6: symmetric tolerance; 7: early and late tolerances.
 */
static Datum
otif_trans(FunctionCallInfo fcinfo, int nargs)
{
	FfRate	   *s;
	int64		promised;
	double		qo;
	double		qd;
	int64		early = PG_INT64_MAX;
	int64		late = 0;
	double		ftol = 0.0;
	bool		ok;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		FF_SKIP();
	if (nargs >= 6 && (PG_ARGISNULL(5) || PG_ARGISNULL(6)))
		FF_SKIP();
	if (nargs == 7 && PG_ARGISNULL(7))
		FF_SKIP();

	promised = ff_ts(PG_GETARG_TIMESTAMPTZ(1), "promised");
	qo = ff_qty(PG_GETARG_FLOAT8(3), "qty_ordered");
	qd = PG_ARGISNULL(4) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(4), "qty_delivered");
	if (nargs == 6)
	{
		early = late = ff_tolerance(PG_GETARG_INTERVAL_P(5), "tolerance");
		ftol = ff_fraction_tolerance(PG_GETARG_FLOAT8(6));
	}
	else if (nargs == 7)
	{
		early = ff_tolerance(PG_GETARG_INTERVAL_P(5), "early_tolerance");
		late = ff_tolerance(PG_GETARG_INTERVAL_P(6), "late_tolerance");
		ftol = ff_fraction_tolerance(PG_GETARG_FLOAT8(7));
	}
	if (qo == 0.0)
		FF_SKIP();

	s = rate_state(fcinfo, "otif_trans");
	ok = !PG_ARGISNULL(2);
	if (ok)
	{
		int64		d = ff_ts(PG_GETARG_TIMESTAMPTZ(2), "delivered") - promised;

		ok = d <= late && (d >= 0 || -d <= early);
	}
	/* the shortfall as a fraction, so 7 of 10 is within 0.3 exactly */
	if (ok && (qd >= qo || (qo - qd) / qo <= ftol))
		s->succ += 1.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_otif_trans);
Datum
ff_otif_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 4);
}

PG_FUNCTION_INFO_V1(ff_otif_tol_trans);
Datum
ff_otif_tol_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 6);
}

PG_FUNCTION_INFO_V1(ff_otif_window_trans);
Datum
ff_otif_window_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 7);
}

/* fill_rate: sum(min(shipped, ordered)) / sum(ordered) */
PG_FUNCTION_INFO_V1(ff_fill_trans);
Datum
ff_fill_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;
	double		qo;
	double		qs;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	qo = ff_qty(PG_GETARG_FLOAT8(1), "qty_ordered");
	qs = PG_ARGISNULL(2) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(2), "qty_shipped");
	s = rate_state(fcinfo, "ff_fill_trans");
	s->succ += Min(qs, qo);
	s->trials += qo;
	PG_RETURN_POINTER(s);
}

/* line_fill_rate: share of lines with shipped >= ordered */
PG_FUNCTION_INFO_V1(ff_line_fill_trans);
Datum
ff_line_fill_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;
	double		qo;
	double		qs;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	qo = ff_qty(PG_GETARG_FLOAT8(1), "qty_ordered");
	qs = PG_ARGISNULL(2) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(2), "qty_shipped");
	if (qo == 0.0)
		FF_SKIP();
	s = rate_state(fcinfo, "ff_line_fill_trans");
	if (qs >= qo)
		s->succ += 1.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

/* return_rate: sum(returned) / sum(sold) */
PG_FUNCTION_INFO_V1(ff_return_trans);
Datum
ff_return_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;
	double		sold;
	double		ret;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	sold = ff_qty(PG_GETARG_FLOAT8(1), "qty_sold");
	ret = PG_ARGISNULL(2) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(2), "qty_returned");
	s = rate_state(fcinfo, "ff_return_trans");
	s->succ += ret;
	s->trials += sold;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_rate_combine);
Datum
ff_rate_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_rate_combine");
	FfRate	   *a;
	FfRate	   *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfRate *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = (FfRate *) MemoryContextAlloc(agg, sizeof(FfRate));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	a = (FfRate *) PG_GETARG_POINTER(0);
	a->succ += b->succ;
	a->trials += b->trials;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ff_rate_serial);
Datum
ff_rate_serial(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_RATE;
	char	   *w;
	bytea	   *b = ff_bytea(sizeof(tag) + 2 * sizeof(double), &w);

	FF_PUT(w, tag);
	FF_PUT(w, s->succ);
	FF_PUT(w, s->trials);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(ff_rate_deserial);
Datum
ff_rate_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_RATE);
	FfRate	   *s = (FfRate *) palloc(sizeof(FfRate));

	s->succ = ff_read_amount(&r);
	s->trials = ff_read_amount(&r);
	ff_reader_done(&r);
	PG_RETURN_POINTER(s);
}

/* A rate_ci row: (rate, lower, upper, successes, trials); NULL if no trials. */
static Datum
rate_ci_datum(FunctionCallInfo fcinfo, double succ, double trials)
{
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[5];
	bool		nulls[5] = {false, false, false, false, false};
	double		lo;
	double		hi;

	v[0] = Float8GetDatum(succ / trials);
	if (ff_wilson(succ, trials, FF_CI_LEVEL, &lo, &hi))
	{
		v[1] = Float8GetDatum(lo);
		v[2] = Float8GetDatum(hi);
	}
	else
		nulls[1] = nulls[2] = true;
	v[3] = Float8GetDatum(succ);
	v[4] = Float8GetDatum(trials);
	return HeapTupleGetDatum(heap_form_tuple(td, v, nulls));
}

PG_FUNCTION_INFO_V1(ff_rate_final);
Datum
ff_rate_final(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);

	if (!(s->trials > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->succ / s->trials);
}

PG_FUNCTION_INFO_V1(ff_rate_ci_final);
Datum
ff_rate_ci_final(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);

	if (!(s->trials > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(rate_ci_datum(fcinfo, s->succ, s->trials));
}

/* ---------------------------------------------------------------------
 * wilson_interval(successes, trials, confidence) -> (lower, upper)
 * ---------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(wilson_interval);
Datum
wilson_interval(PG_FUNCTION_ARGS)
{
	int64		s = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	double		conf = PG_GETARG_FLOAT8(2);
	TupleDesc	td;
	Datum		v[2];
	bool		nulls[2] = {false, false};
	double		lo;
	double		hi;

	if (isnan(conf) || !(conf > 0.0 && conf < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 (exclusive), got %g", conf),
				 errhint("0.95 gives the usual 95%% interval.")));
	if (n < 0 || s < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes and trials must not be negative, got %lld and %lld",
						(long long) s, (long long) n)));
	if (s > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes must not exceed trials, got %lld of %lld",
						(long long) s, (long long) n)));
	if (n == 0)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	td = BlessTupleDesc(td);
	if (!ff_wilson((double) s, (double) n, conf, &lo, &hi))
		elog(ERROR, "wilson interval undefined for %lld of %lld",
			 (long long) s, (long long) n);
	v[0] = Float8GetDatum(lo);
	v[1] = Float8GetDatum(hi);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* ---------------------------------------------------------------------
 * Order-level rates from order lines with an order key.  An order is
 * perfect (complete) only when all its lines are.  The state keeps two key
 * lists, every order and every order with a failing line; the answer is
 * |distinct all| - |distinct failing| over |distinct all|, whatever the
 * order of the rows.  Consecutive lines of one order are stored once, so
 * when the lines of an order arrive together (the usual case) the lists
 * hold one key per order; otherwise duplicates are removed by sorting when
 * a list fills up.  Memory: 8 bytes per stored bigint key (4 + length for
 * text keys), at most twice that while a list grows.
 * ---------------------------------------------------------------------
 */
typedef struct FfKeyList
{
	int64	   *v;
	int64		n;
	int64		cap;
	int64		last;			/* a key known to be in v, if has_last */
	bool		has_last;
} FfKeyList;

typedef struct FfKeys
{
	FfKeyList	all;
	FfKeyList	bad;
} FfKeys;

#define FF_KEYS_MAX ((int64) (MaxAllocSize / sizeof(int64)))

static void
too_many_orders(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("too many distinct orders in one group (at most %lld)",
					(long long) FF_KEYS_MAX)));
}

/* Make room for extra more keys: remove duplicates, then grow if needed. */
static void
keylist_reserve(FfKeyList *l, int64 extra, MemoryContext cxt)
{
	int64		cap;

	if (l->n + extra <= l->cap)
		return;
	if (l->n > 0)
		l->n = (int64) ff_sort_unique_int64(l->v, (size_t) l->n,
											lg_interrupt_callback, NULL);
	/* after a compaction keep at least half free, so the next is far off */
	if (2 * (l->n + extra) <= l->cap)
		return;
	cap = Max(l->cap, 16);
	while (cap < 2 * (l->n + extra) && cap < FF_KEYS_MAX)
		cap *= 2;
	cap = Min(cap, FF_KEYS_MAX);
	if (l->n + extra > cap)
		too_many_orders();
	if (l->v == NULL)
		l->v = (int64 *) MemoryContextAlloc(cxt, cap * sizeof(int64));
	else
		l->v = (int64 *) repalloc(l->v, cap * sizeof(int64));
	l->cap = cap;
}

static inline void
keylist_add(FfKeyList *l, int64 key, MemoryContext cxt)
{
	if (l->has_last && l->last == key)
		return;
	if (l->n == l->cap)
		keylist_reserve(l, 1, cxt);
	l->v[l->n++] = key;
	l->last = key;
	l->has_last = true;
}

static void
keylist_append(FfKeyList *l, const int64 *v, int64 n, MemoryContext cxt)
{
	if (n == 0)
		return;
	keylist_reserve(l, n, cxt);
	memcpy(l->v + l->n, v, n * sizeof(int64));
	l->n += n;
	if (!l->has_last)
	{
		l->last = v[n - 1];
		l->has_last = true;
	}
}

static int64
keylist_distinct(FfKeyList *l)
{
	l->n = (int64) ff_sort_unique_int64(l->v, (size_t) l->n,
										lg_interrupt_callback, NULL);
	return l->n;
}

static inline FfKeys *
keys_state(FunctionCallInfo fcinfo, MemoryContext *agg, const char *fn)
{
	*agg = ff_aggcontext(fcinfo, fn);
	if (PG_ARGISNULL(0))
		return (FfKeys *) MemoryContextAllocZero(*agg, sizeof(FfKeys));
	return (FfKeys *) PG_GETARG_POINTER(0);
}

/* perfect_order_rate(order_key bigint, on_time, in_full, damage_free, documents_ok) */
PG_FUNCTION_INFO_V1(ff_perfect_key_trans);
Datum
ff_perfect_key_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfKeys	   *s;
	int64		key;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		FF_SKIP();
	s = keys_state(fcinfo, &agg, "ff_perfect_key_trans");
	key = PG_GETARG_INT64(1);
	keylist_add(&s->all, key, agg);
	if (!(PG_GETARG_BOOL(2) && PG_GETARG_BOOL(3) &&
		  PG_GETARG_BOOL(4) && PG_GETARG_BOOL(5)))
		keylist_add(&s->bad, key, agg);
	PG_RETURN_POINTER(s);
}

/* order_fill_rate(order_key bigint, qty_ordered, qty_shipped) */
PG_FUNCTION_INFO_V1(ff_order_fill_key_trans);
Datum
ff_order_fill_key_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfKeys	   *s;
	int64		key;
	double		qo;
	double		qs;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		FF_SKIP();
	qo = ff_qty(PG_GETARG_FLOAT8(2), "qty_ordered");
	qs = PG_ARGISNULL(3) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(3), "qty_shipped");
	if (qo == 0.0)
		FF_SKIP();
	s = keys_state(fcinfo, &agg, "ff_order_fill_key_trans");
	key = PG_GETARG_INT64(1);
	keylist_add(&s->all, key, agg);
	if (qs < qo)
		keylist_add(&s->bad, key, agg);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_keys_combine);
Datum
ff_keys_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_keys_combine");
	FfKeys	   *a;
	FfKeys	   *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfKeys *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = (FfKeys *) MemoryContextAllocZero(agg, sizeof(FfKeys));
	else
		a = (FfKeys *) PG_GETARG_POINTER(0);
	keylist_append(&a->all, b->all.v, b->all.n, agg);
	keylist_append(&a->bad, b->bad.v, b->bad.n, agg);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ff_keys_serial);
Datum
ff_keys_serial(PG_FUNCTION_ARGS)
{
	FfKeys	   *s = (FfKeys *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_KEYS;
	int64		na = keylist_distinct(&s->all);
	int64		nb = keylist_distinct(&s->bad);
	char	   *w;
	bytea	   *b = ff_bytea(sizeof(tag) + 2 * sizeof(int64) +
							 (Size) (na + nb) * sizeof(int64), &w);

	FF_PUT(w, tag);
	FF_PUT(w, na);
	FF_PUT(w, nb);
	if (na > 0)
		memcpy(w, s->all.v, na * sizeof(int64));
	w += na * sizeof(int64);
	if (nb > 0)
		memcpy(w, s->bad.v, nb * sizeof(int64));
	PG_RETURN_BYTEA_P(b);
}

static void
keylist_read(FfReader *r, FfKeyList *l, int64 n)
{
	if (n > FF_KEYS_MAX || (Size) (r->end - r->p) < (Size) n * sizeof(int64))
		ff_malformed();
	l->n = l->cap = n;
	l->has_last = false;
	l->v = NULL;
	if (n > 0)
	{
		l->v = (int64 *) palloc(n * sizeof(int64));
		ff_read(r, l->v, n * sizeof(int64));
	}
}

PG_FUNCTION_INFO_V1(ff_keys_deserial);
Datum
ff_keys_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_KEYS);
	FfKeys	   *s = (FfKeys *) palloc0(sizeof(FfKeys));
	int64		na = ff_read_count(&r);
	int64		nb = ff_read_count(&r);

	if (nb > na)
		ff_malformed();
	keylist_read(&r, &s->all, na);
	keylist_read(&r, &s->bad, nb);
	ff_reader_done(&r);
	PG_RETURN_POINTER(s);
}

/* perfect orders and all orders; false if there is none */
static bool
keys_counts(FfKeys *s, double *good, double *all)
{
	int64		na = keylist_distinct(&s->all);
	int64		nb = keylist_distinct(&s->bad);

	if (nb > na)
		elog(ERROR, "order key state inconsistent: %lld failing of %lld orders",
			 (long long) nb, (long long) na);
	*good = (double) (na - nb);
	*all = (double) na;
	return na > 0;
}

PG_FUNCTION_INFO_V1(ff_keys_final);
Datum
ff_keys_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!keys_counts((FfKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(good / all);
}

PG_FUNCTION_INFO_V1(ff_keys_ci_final);
Datum
ff_keys_ci_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!keys_counts((FfKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(rate_ci_datum(fcinfo, good, all));
}

/*
 * Text order keys: the same with keys packed in an arena (see
 * fulfillment.h), compared bytewise, so two keys are the same order when
 * their bytes are equal (as with any deterministic collation).
 */
typedef struct FfTextKeyList
{
	char	   *arena;
	Size		len;
	Size		cap;
	int64		n;
	Size		last;			/* offset of a key known to be in the arena */
	bool		has_last;
} FfTextKeyList;

typedef struct FfTextKeys
{
	FfTextKeyList all;
	FfTextKeyList bad;
} FfTextKeys;

/* Sort the keys, drop duplicates, and rewrite the arena in that order. */
static void
tkeylist_compact(FfTextKeyList *l)
{
	uint64	   *off;
	char	   *arena;
	Size		pos = 0;
	size_t		u;
	size_t		i;

	if (l->n <= 1)
		return;
	off = (uint64 *) palloc_extended(l->n * sizeof(uint64), MCXT_ALLOC_HUGE);
	ff_key_offsets(l->arena, (size_t) l->n, off);
	u = ff_sort_unique_keys(l->arena, off, (size_t) l->n,
							lg_interrupt_callback, NULL);
	arena = (char *) MemoryContextAlloc(GetMemoryChunkContext(l->arena), l->cap);
	for (i = 0; i < u; i++)
	{
		uint32		klen;
		Size		sz;

		memcpy(&klen, l->arena + off[i], sizeof(klen));
		sz = FF_KEY_HEADER + klen;
		memcpy(arena + pos, l->arena + off[i], sz);
		pos += sz;
	}
	pfree(off);
	pfree(l->arena);
	l->arena = arena;
	l->len = pos;
	l->n = (int64) u;
	/* the arena was rewritten: forget where the last key was */
	l->has_last = false;
}

static void
tkeylist_reserve(FfTextKeyList *l, Size extra, MemoryContext cxt)
{
	Size		cap;

	if (l->len + extra <= l->cap)
		return;
	tkeylist_compact(l);
	if (2 * (l->len + extra) <= l->cap)
		return;
	cap = Max(l->cap, 256);
	while (cap < 2 * (l->len + extra) && cap < MaxAllocSize)
		cap *= 2;
	cap = Min(cap, MaxAllocSize);
	if (l->len + extra > cap)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("too many distinct orders in one group (the keys exceed %zu bytes)",
						(Size) MaxAllocSize)));
	if (l->arena == NULL)
		l->arena = (char *) MemoryContextAlloc(cxt, cap);
	else
		l->arena = (char *) repalloc(l->arena, cap);
	l->cap = cap;
}

static void
tkeylist_add(FfTextKeyList *l, const char *key, uint32 klen, MemoryContext cxt)
{
	if (l->has_last)
	{
		uint32		llen;

		memcpy(&llen, l->arena + l->last, sizeof(llen));
		if (llen == klen &&
			memcmp(l->arena + l->last + FF_KEY_HEADER, key, klen) == 0)
			return;
	}
	tkeylist_reserve(l, FF_KEY_HEADER + (Size) klen, cxt);
	l->last = l->len;
	l->has_last = true;
	memcpy(l->arena + l->len, &klen, sizeof(klen));
	memcpy(l->arena + l->len + FF_KEY_HEADER, key, klen);
	l->len += FF_KEY_HEADER + klen;
	l->n++;
}

static void
tkeylist_append(FfTextKeyList *l, const FfTextKeyList *src, MemoryContext cxt)
{
	if (src->n == 0)
		return;
	tkeylist_reserve(l, src->len, cxt);
	memcpy(l->arena + l->len, src->arena, src->len);
	l->len += src->len;
	l->n += src->n;
}

static inline FfTextKeys *
tkeys_state(FunctionCallInfo fcinfo, MemoryContext *agg, const char *fn)
{
	*agg = ff_aggcontext(fcinfo, fn);
	if (PG_ARGISNULL(0))
		return (FfTextKeys *) MemoryContextAllocZero(*agg, sizeof(FfTextKeys));
	return (FfTextKeys *) PG_GETARG_POINTER(0);
}

static void
tkeys_add(FfTextKeys *s, text *key, bool good, MemoryContext agg)
{
	const char *k = VARDATA_ANY(key);
	uint32		klen = VARSIZE_ANY_EXHDR(key);

	tkeylist_add(&s->all, k, klen, agg);
	if (!good)
		tkeylist_add(&s->bad, k, klen, agg);
}

PG_FUNCTION_INFO_V1(ff_perfect_tkey_trans);
Datum
ff_perfect_tkey_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfTextKeys *s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		FF_SKIP();
	s = tkeys_state(fcinfo, &agg, "ff_perfect_tkey_trans");
	tkeys_add(s, PG_GETARG_TEXT_PP(1),
			  PG_GETARG_BOOL(2) && PG_GETARG_BOOL(3) &&
			  PG_GETARG_BOOL(4) && PG_GETARG_BOOL(5), agg);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_order_fill_tkey_trans);
Datum
ff_order_fill_tkey_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfTextKeys *s;
	double		qo;
	double		qs;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		FF_SKIP();
	qo = ff_qty(PG_GETARG_FLOAT8(2), "qty_ordered");
	qs = PG_ARGISNULL(3) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(3), "qty_shipped");
	if (qo == 0.0)
		FF_SKIP();
	s = tkeys_state(fcinfo, &agg, "ff_order_fill_tkey_trans");
	tkeys_add(s, PG_GETARG_TEXT_PP(1), qs >= qo, agg);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_tkeys_combine);
Datum
ff_tkeys_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_tkeys_combine");
	FfTextKeys *a;
	FfTextKeys *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfTextKeys *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = (FfTextKeys *) MemoryContextAllocZero(agg, sizeof(FfTextKeys));
	else
		a = (FfTextKeys *) PG_GETARG_POINTER(0);
	tkeylist_append(&a->all, &b->all, agg);
	tkeylist_append(&a->bad, &b->bad, agg);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ff_tkeys_serial);
Datum
ff_tkeys_serial(PG_FUNCTION_ARGS)
{
	FfTextKeys *s = (FfTextKeys *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_TKEYS;
	int64		la;
	int64		lb;
	char	   *w;
	bytea	   *b;

	tkeylist_compact(&s->all);
	tkeylist_compact(&s->bad);
	la = (int64) s->all.len;
	lb = (int64) s->bad.len;
	b = ff_bytea(sizeof(tag) + 4 * sizeof(int64) + (Size) (la + lb), &w);
	FF_PUT(w, tag);
	FF_PUT(w, s->all.n);
	FF_PUT(w, la);
	FF_PUT(w, s->bad.n);
	FF_PUT(w, lb);
	if (la > 0)
		memcpy(w, s->all.arena, la);
	w += la;
	if (lb > 0)
		memcpy(w, s->bad.arena, lb);
	PG_RETURN_BYTEA_P(b);
}

static void
tkeylist_read(FfReader *r, FfTextKeyList *l, int64 n, int64 len)
{
	if ((Size) (r->end - r->p) < (Size) len)
		ff_malformed();
	memset(l, 0, sizeof(*l));
	if (len > 0)
	{
		l->arena = (char *) palloc(len);
		ff_read(r, l->arena, len);
	}
	if (ff_key_arena_check(l->arena, (size_t) len) != (size_t) n)
		ff_malformed();
	l->len = l->cap = (Size) len;
	l->n = n;
}

PG_FUNCTION_INFO_V1(ff_tkeys_deserial);
Datum
ff_tkeys_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_TKEYS);
	FfTextKeys *s = (FfTextKeys *) palloc0(sizeof(FfTextKeys));
	int64		na = ff_read_count(&r);
	int64		la = ff_read_count(&r);
	int64		nb = ff_read_count(&r);
	int64		lb = ff_read_count(&r);

	if (nb > na)
		ff_malformed();
	tkeylist_read(&r, &s->all, na, la);
	tkeylist_read(&r, &s->bad, nb, lb);
	ff_reader_done(&r);
	PG_RETURN_POINTER(s);
}

static bool
tkeys_counts(FfTextKeys *s, double *good, double *all)
{
	tkeylist_compact(&s->all);
	tkeylist_compact(&s->bad);
	if (s->bad.n > s->all.n)
		elog(ERROR, "order key state inconsistent: %lld failing of %lld orders",
			 (long long) s->bad.n, (long long) s->all.n);
	*good = (double) (s->all.n - s->bad.n);
	*all = (double) s->all.n;
	return s->all.n > 0;
}

PG_FUNCTION_INFO_V1(ff_tkeys_final);
Datum
ff_tkeys_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!tkeys_counts((FfTextKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(good / all);
}

PG_FUNCTION_INFO_V1(ff_tkeys_ci_final);
Datum
ff_tkeys_ci_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!tkeys_counts((FfTextKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(rate_ci_datum(fcinfo, good, all));
}

/* ---------------------------------------------------------------------
 * Durations: cycle times (finish - start) and lateness (delivered -
 * promised), in microseconds.  Means are exact (128-bit sums).  Exact
 * percentiles keep every value: 8 bytes per row, at most twice that while
 * the array grows, and a copy when a parallel worker ships its state.
 * ---------------------------------------------------------------------
 */
typedef struct FfDur
{
	int64		rows;			/* rows counted, with or without a value */
	int64		n;				/* values */
	int64		negative;		/* values < 0 */
	int64		zero;			/* values == 0 */
	int64		min;
	int64		max;
	FfSum128	sum;			/* of all values */
	FfSum128	pos_sum;		/* of values > 0 */
	bool		keep;			/* keep the values (percentiles needed) */
	int32		nfractions;		/* requested percentiles, 0 until known */
	double	   *fractions;
	int64	   *v;
	int64		cap;
} FfDur;

#define FF_VALUES_MAX ((int64) ((MaxAllocSize - 256) / sizeof(int64)))

static void
too_many_values(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("too many values in one group for exact percentiles (at most %lld)",
					(long long) FF_VALUES_MAX)));
}

/* Grow a value array to hold need values (doubling). */
static int64 *
values_reserve(int64 *v, int64 *cap, int64 need, MemoryContext cxt)
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

static FfDur *
dur_state(FunctionCallInfo fcinfo, MemoryContext *agg, bool keep,
		  const char *fn)
{
	FfDur	   *s;

	*agg = ff_aggcontext(fcinfo, fn);
	if (!PG_ARGISNULL(0))
		return (FfDur *) PG_GETARG_POINTER(0);
	s = (FfDur *) MemoryContextAllocZero(*agg, sizeof(FfDur));
	s->keep = keep;
	s->min = PG_INT64_MAX;
	s->max = PG_INT64_MIN;
	return s;
}

static inline void
dur_add(FfDur *s, int64 d, MemoryContext agg)
{
	s->n++;
	if (d < 0)
		s->negative++;
	else if (d == 0)
		s->zero++;
	else
		ff_sum128_add(&s->pos_sum, d);
	ff_sum128_add(&s->sum, d);
	if (d < s->min)
		s->min = d;
	if (d > s->max)
		s->max = d;
	if (s->keep)
	{
		if (unlikely(s->n > s->cap))
			s->v = values_reserve(s->v, &s->cap, s->n, agg);
		s->v[s->n - 1] = d;
	}
}

/*
 * The duration transitions.  kind: 'm' mean only, 'v' keep values, 'p' one
 * percentile fraction (arg 3), 'a' an array of fractions (arg 3), 'l'
 * lateness (rows without a delivery are counted, not skipped).  dates:
 * arguments 1 and 2 are date rather than timestamptz.
 */
static Datum
dur_trans(FunctionCallInfo fcinfo, char kind, bool dates)
{
	MemoryContext agg;
	FfDur	   *s;
	int64		a;
	int64		b = 0;
	bool		has_b;

	if (PG_ARGISNULL(1) || (kind != 'l' && PG_ARGISNULL(2)) ||
		((kind == 'p' || kind == 'a') && PG_ARGISNULL(3)))
		FF_SKIP();
	has_b = !PG_ARGISNULL(2);
	if (dates)
	{
		a = ff_date(PG_GETARG_DATEADT(1), kind == 'l' ? "promised" : "start");
		if (has_b)
			b = ff_date(PG_GETARG_DATEADT(2), kind == 'l' ? "delivered" : "finish");
	}
	else
	{
		a = ff_ts(PG_GETARG_TIMESTAMPTZ(1), kind == 'l' ? "promised" : "start");
		if (has_b)
			b = ff_ts(PG_GETARG_TIMESTAMPTZ(2), kind == 'l' ? "delivered" : "finish");
	}

	s = dur_state(fcinfo, &agg, kind != 'm', "dur_trans");
	if (s->nfractions == 0 && kind == 'p')
	{
		double		p = PG_GETARG_FLOAT8(3);

		ff_check_fraction(p);
		s->fractions = (double *) MemoryContextAlloc(agg, sizeof(double));
		s->fractions[0] = p;
		s->nfractions = 1;
	}
	else if (s->nfractions == 0 && kind == 'a')
	{
		int			n;
		double	   *f = lg_float8_array(PG_GETARG_ARRAYTYPE_P(3), &n, "fractions");
		int			i;

		if (n == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("fractions must not be empty")));
		for (i = 0; i < n; i++)
			ff_check_fraction(f[i]);
		s->fractions = (double *) MemoryContextAlloc(agg, n * sizeof(double));
		memcpy(s->fractions, f, n * sizeof(double));
		s->nfractions = n;
	}

	s->rows++;
	if (has_b)
		dur_add(s, b - a, agg);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_dur_mean_trans);
Datum
ff_dur_mean_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'm', false);
}

PG_FUNCTION_INFO_V1(ff_dur_mean_date_trans);
Datum
ff_dur_mean_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'm', true);
}

PG_FUNCTION_INFO_V1(ff_dur_trans);
Datum
ff_dur_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'v', false);
}

PG_FUNCTION_INFO_V1(ff_dur_date_trans);
Datum
ff_dur_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'v', true);
}

PG_FUNCTION_INFO_V1(ff_dur_pct_trans);
Datum
ff_dur_pct_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'p', false);
}

PG_FUNCTION_INFO_V1(ff_dur_pct_date_trans);
Datum
ff_dur_pct_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'p', true);
}

PG_FUNCTION_INFO_V1(ff_dur_pcts_trans);
Datum
ff_dur_pcts_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'a', false);
}

PG_FUNCTION_INFO_V1(ff_dur_pcts_date_trans);
Datum
ff_dur_pcts_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'a', true);
}

PG_FUNCTION_INFO_V1(ff_late_trans);
Datum
ff_late_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'l', false);
}

PG_FUNCTION_INFO_V1(ff_late_date_trans);
Datum
ff_late_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'l', true);
}

PG_FUNCTION_INFO_V1(ff_dur_combine);
Datum
ff_dur_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_dur_combine");
	FfDur	   *a;
	FfDur	   *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfDur *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = (FfDur *) MemoryContextAllocZero(agg, sizeof(FfDur));
		a->keep = b->keep;
		a->min = PG_INT64_MAX;
		a->max = PG_INT64_MIN;
	}
	else
		a = (FfDur *) PG_GETARG_POINTER(0);

	if (a->nfractions == 0 && b->nfractions > 0)
	{
		a->fractions = (double *) MemoryContextAlloc(agg,
													 b->nfractions * sizeof(double));
		memcpy(a->fractions, b->fractions, b->nfractions * sizeof(double));
		a->nfractions = b->nfractions;
	}
	if (a->keep && b->n > 0)
	{
		if (a->n + b->n > a->cap)
			a->v = values_reserve(a->v, &a->cap, a->n + b->n, agg);
		memcpy(a->v + a->n, b->v, b->n * sizeof(int64));
	}
	a->rows += b->rows;
	a->n += b->n;
	a->negative += b->negative;
	a->zero += b->zero;
	a->min = Min(a->min, b->min);
	a->max = Max(a->max, b->max);
	ff_sum128_merge(&a->sum, &b->sum);
	ff_sum128_merge(&a->pos_sum, &b->pos_sum);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ff_dur_serial);
Datum
ff_dur_serial(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_DUR;
	int32		keep = s->keep ? 1 : 0;
	int64		nv = s->keep ? s->n : 0;
	char	   *w;
	bytea	   *b;

	b = ff_bytea(sizeof(tag) + 2 * sizeof(int32) + 6 * sizeof(int64) +
				 2 * sizeof(FfSum128) + s->nfractions * sizeof(double) +
				 (Size) nv * sizeof(int64), &w);
	FF_PUT(w, tag);
	FF_PUT(w, keep);
	FF_PUT(w, s->nfractions);
	FF_PUT(w, s->rows);
	FF_PUT(w, s->n);
	FF_PUT(w, s->negative);
	FF_PUT(w, s->zero);
	FF_PUT(w, s->min);
	FF_PUT(w, s->max);
	FF_PUT(w, s->sum);
	FF_PUT(w, s->pos_sum);
	if (s->nfractions > 0)
		memcpy(w, s->fractions, s->nfractions * sizeof(double));
	w += s->nfractions * sizeof(double);
	if (nv > 0)
		memcpy(w, s->v, nv * sizeof(int64));
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(ff_dur_deserial);
Datum
ff_dur_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_DUR);
	FfDur	   *s = (FfDur *) palloc0(sizeof(FfDur));
	int32		keep;
	int32		i;

	ff_read(&r, &keep, sizeof(keep));
	ff_read(&r, &s->nfractions, sizeof(s->nfractions));
	if ((keep != 0 && keep != 1) || s->nfractions < 0 ||
		(Size) s->nfractions > (Size) (r.end - r.p) / sizeof(double))
		ff_malformed();
	s->keep = keep;
	s->rows = ff_read_count(&r);
	s->n = ff_read_count(&r);
	s->negative = ff_read_count(&r);
	s->zero = ff_read_count(&r);
	ff_read(&r, &s->min, sizeof(s->min));
	ff_read(&r, &s->max, sizeof(s->max));
	ff_read(&r, &s->sum, sizeof(s->sum));
	ff_read(&r, &s->pos_sum, sizeof(s->pos_sum));
	if (s->n > s->rows || s->negative + s->zero > s->n ||
		(s->n > 0 && s->min > s->max) || s->n > FF_VALUES_MAX)
		ff_malformed();
	if (s->nfractions > 0)
	{
		s->fractions = (double *) palloc(s->nfractions * sizeof(double));
		ff_read(&r, s->fractions, s->nfractions * sizeof(double));
		for (i = 0; i < s->nfractions; i++)
			if (!(s->fractions[i] >= 0.0 && s->fractions[i] <= 1.0))
				ff_malformed();
	}
	if (s->keep && s->n > 0)
	{
		if ((Size) (r.end - r.p) != (Size) s->n * sizeof(int64))
			ff_malformed();
		s->v = (int64 *) palloc(s->n * sizeof(int64));
		ff_read(&r, s->v, s->n * sizeof(int64));
		s->cap = s->n;
	}
	ff_reader_done(&r);
	PG_RETURN_POINTER(s);
}

static double
sum_days(const FfSum128 *sum, int64 n)
{
	return ff_sum128_to_double(sum) / (double) n / (double) FF_USECS_PER_DAY;
}

/* cycle_time: the mean as an interval (days and time, like t2 - t1) */
PG_FUNCTION_INFO_V1(ff_dur_interval_final);
Datum
ff_dur_interval_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	Interval   *iv;
	int64		us;

	if (s->n == 0)
		PG_RETURN_NULL();
	us = ff_sum128_mean_int64(&s->sum, s->n);
	iv = (Interval *) palloc(sizeof(Interval));
	iv->month = 0;
	iv->day = (int32) (us / FF_USECS_PER_DAY);
	iv->time = us % FF_USECS_PER_DAY;
	PG_RETURN_INTERVAL_P(iv);
}

PG_FUNCTION_INFO_V1(ff_dur_days_final);
Datum
ff_dur_days_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sum_days(&s->sum, s->n));
}

/*
 * Percentiles of the kept values, in days.  The final functions reorder
 * the values in place, which leaves the multiset the state stands for as
 * it was, so the state stays valid for further rows or a second final
 * call.
 */
static void
dur_percentiles(FfDur *s, const double *fractions, int nf, double *out)
{
	ff_percentiles(s->v, (size_t) s->n, fractions, nf,
				   (double) FF_USECS_PER_DAY, out, lg_interrupt_callback, NULL);
}

PG_FUNCTION_INFO_V1(ff_dur_pct_final);
Datum
ff_dur_pct_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	double		out;

	if (s->n == 0 || s->nfractions != 1)
		PG_RETURN_NULL();
	dur_percentiles(s, s->fractions, 1, &out);
	PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(ff_dur_pcts_final);
Datum
ff_dur_pcts_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	double	   *out;

	if (s->n == 0 || s->nfractions == 0)
		PG_RETURN_NULL();
	out = (double *) palloc(s->nfractions * sizeof(double));
	dur_percentiles(s, s->fractions, s->nfractions, out);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(out, s->nfractions));
}

static const double ff_summary_fractions[3] = {0.5, 0.9, 0.95};

/* duration_summary: (n, mean_days, min_days, p50, p90, p95, max_days, negative) */
PG_FUNCTION_INFO_V1(ff_dur_summary_final);
Datum
ff_dur_summary_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[8];
	bool		nulls[8] = {false, false, false, false, false, false, false, false};
	double		p[3];
	double		day = (double) FF_USECS_PER_DAY;

	if (s->n == 0)
		PG_RETURN_NULL();
	dur_percentiles(s, ff_summary_fractions, 3, p);
	v[0] = Int64GetDatum(s->n);
	v[1] = Float8GetDatum(sum_days(&s->sum, s->n));
	v[2] = Float8GetDatum((double) s->min / day);
	v[3] = Float8GetDatum(p[0]);
	v[4] = Float8GetDatum(p[1]);
	v[5] = Float8GetDatum(p[2]);
	v[6] = Float8GetDatum((double) s->max / day);
	v[7] = Int64GetDatum(s->negative);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/*
 * lateness_summary: (lines, delivered, early, on_schedule, late,
 * on_time_rate, mean_days, min_days, p50, p90, p95, max_days,
 * mean_days_late); the distribution fields are NULL without deliveries.
 */
PG_FUNCTION_INFO_V1(ff_late_summary_final);
Datum
ff_late_summary_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[13];
	bool		nulls[13];
	double		p[3];
	double		day = (double) FF_USECS_PER_DAY;
	int64		late = s->n - s->negative - s->zero;
	int			i;

	for (i = 0; i < 13; i++)
		nulls[i] = false;
	v[0] = Int64GetDatum(s->rows);
	v[1] = Int64GetDatum(s->n);
	v[2] = Int64GetDatum(s->negative);
	v[3] = Int64GetDatum(s->zero);
	v[4] = Int64GetDatum(late);
	v[5] = Float8GetDatum((double) (s->negative + s->zero) / (double) s->rows);
	if (s->n > 0)
	{
		dur_percentiles(s, ff_summary_fractions, 3, p);
		v[6] = Float8GetDatum(sum_days(&s->sum, s->n));
		v[7] = Float8GetDatum((double) s->min / day);
		v[8] = Float8GetDatum(p[0]);
		v[9] = Float8GetDatum(p[1]);
		v[10] = Float8GetDatum(p[2]);
		v[11] = Float8GetDatum((double) s->max / day);
	}
	else
		for (i = 6; i <= 11; i++)
			nulls[i] = true;
	if (late > 0)
		v[12] = Float8GetDatum(sum_days(&s->pos_sum, late));
	else
		nulls[12] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* ---------------------------------------------------------------------
 * fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
 *					qty_shipped, qty_returned, damage_free, documents_ok)
 *
 * Every KPI of a group of order lines in one pass.  Fixed counters plus
 * the cycle times and lateness of delivered lines for exact percentiles:
 * 16 bytes per delivered line (see FfDur).
 * ---------------------------------------------------------------------
 */
typedef struct FfKpi
{
	int64		lines;
	int64		delivered;
	int64		on_time;
	int64		in_full;
	int64		otif;
	int64		perfect_lines;	/* lines with both flags known */
	int64		perfect;
	int64		late;
	double		units_ordered;
	double		units_filled;	/* sum of min(shipped, ordered) */
	double		units_shipped;
	double		units_returned;
	FfSum128	cyc_sum;
	FfSum128	lat_sum;
	FfSum128	late_sum;		/* of positive lateness */
	int64		ncyc;
	int64		capcyc;
	int64		caplat;			/* lateness values: delivered of them */
	int64	   *cyc;
	int64	   *lat;
} FfKpi;

PG_FUNCTION_INFO_V1(ff_kpi_trans);
Datum
ff_kpi_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfKpi	   *s;
	int64		promised;
	double		qo;
	double		qs;
	bool		on_time = false;
	bool		in_full;

	if (PG_ARGISNULL(2) || PG_ARGISNULL(4))
		FF_SKIP();
	promised = ff_ts(PG_GETARG_TIMESTAMPTZ(2), "promised_at");
	qo = ff_qty(PG_GETARG_FLOAT8(4), "qty_ordered");
	qs = PG_ARGISNULL(5) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(5), "qty_shipped");
	if (qo == 0.0)
		FF_SKIP();

	agg = ff_aggcontext(fcinfo, "ff_kpi_trans");
	if (PG_ARGISNULL(0))
		s = (FfKpi *) MemoryContextAllocZero(agg, sizeof(FfKpi));
	else
		s = (FfKpi *) PG_GETARG_POINTER(0);

	s->lines++;
	s->units_ordered += qo;
	s->units_filled += Min(qs, qo);
	s->units_shipped += qs;
	if (!PG_ARGISNULL(6))
		s->units_returned += ff_qty(PG_GETARG_FLOAT8(6), "qty_returned");
	in_full = qs >= qo;

	if (!PG_ARGISNULL(3))
	{
		int64		delivered = ff_ts(PG_GETARG_TIMESTAMPTZ(3), "delivered_at");
		int64		d = delivered - promised;

		if (unlikely(s->delivered >= s->caplat))
			s->lat = values_reserve(s->lat, &s->caplat, s->delivered + 1, agg);
		s->lat[s->delivered++] = d;
		ff_sum128_add(&s->lat_sum, d);
		on_time = d <= 0;
		if (d > 0)
		{
			s->late++;
			ff_sum128_add(&s->late_sum, d);
		}
		if (!PG_ARGISNULL(1))
		{
			int64		c = delivered - ff_ts(PG_GETARG_TIMESTAMPTZ(1), "ordered_at");

			if (unlikely(s->ncyc >= s->capcyc))
				s->cyc = values_reserve(s->cyc, &s->capcyc, s->ncyc + 1, agg);
			s->cyc[s->ncyc++] = c;
			ff_sum128_add(&s->cyc_sum, c);
		}
	}
	s->on_time += on_time;
	s->in_full += in_full;
	s->otif += on_time && in_full;
	if (!PG_ARGISNULL(7) && !PG_ARGISNULL(8))
	{
		s->perfect_lines++;
		s->perfect += on_time && in_full &&
			PG_GETARG_BOOL(7) && PG_GETARG_BOOL(8);
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ff_kpi_combine);
Datum
ff_kpi_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_kpi_combine");
	FfKpi	   *a;
	FfKpi	   *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfKpi *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = (FfKpi *) MemoryContextAllocZero(agg, sizeof(FfKpi));
	else
		a = (FfKpi *) PG_GETARG_POINTER(0);

	if (b->delivered > 0)
	{
		if (a->delivered + b->delivered > a->caplat)
			a->lat = values_reserve(a->lat, &a->caplat,
									a->delivered + b->delivered, agg);
		memcpy(a->lat + a->delivered, b->lat, b->delivered * sizeof(int64));
	}
	if (b->ncyc > 0)
	{
		if (a->ncyc + b->ncyc > a->capcyc)
			a->cyc = values_reserve(a->cyc, &a->capcyc, a->ncyc + b->ncyc, agg);
		memcpy(a->cyc + a->ncyc, b->cyc, b->ncyc * sizeof(int64));
	}
	a->lines += b->lines;
	a->delivered += b->delivered;
	a->on_time += b->on_time;
	a->in_full += b->in_full;
	a->otif += b->otif;
	a->perfect_lines += b->perfect_lines;
	a->perfect += b->perfect;
	a->late += b->late;
	a->units_ordered += b->units_ordered;
	a->units_filled += b->units_filled;
	a->units_shipped += b->units_shipped;
	a->units_returned += b->units_returned;
	ff_sum128_merge(&a->cyc_sum, &b->cyc_sum);
	ff_sum128_merge(&a->lat_sum, &b->lat_sum);
	ff_sum128_merge(&a->late_sum, &b->late_sum);
	a->ncyc += b->ncyc;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ff_kpi_serial);
Datum
ff_kpi_serial(PG_FUNCTION_ARGS)
{
	FfKpi	   *s = (FfKpi *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_KPI;
	char	   *w;
	bytea	   *b;

	b = ff_bytea(sizeof(tag) + 9 * sizeof(int64) + 4 * sizeof(double) +
				 3 * sizeof(FfSum128) +
				 (Size) (s->delivered + s->ncyc) * sizeof(int64), &w);
	FF_PUT(w, tag);
	FF_PUT(w, s->lines);
	FF_PUT(w, s->delivered);
	FF_PUT(w, s->on_time);
	FF_PUT(w, s->in_full);
	FF_PUT(w, s->otif);
	FF_PUT(w, s->perfect_lines);
	FF_PUT(w, s->perfect);
	FF_PUT(w, s->late);
	FF_PUT(w, s->ncyc);
	FF_PUT(w, s->units_ordered);
	FF_PUT(w, s->units_filled);
	FF_PUT(w, s->units_shipped);
	FF_PUT(w, s->units_returned);
	FF_PUT(w, s->cyc_sum);
	FF_PUT(w, s->lat_sum);
	FF_PUT(w, s->late_sum);
	if (s->delivered > 0)
		memcpy(w, s->lat, s->delivered * sizeof(int64));
	w += s->delivered * sizeof(int64);
	if (s->ncyc > 0)
		memcpy(w, s->cyc, s->ncyc * sizeof(int64));
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(ff_kpi_deserial);
Datum
ff_kpi_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_KPI);
	FfKpi	   *s = (FfKpi *) palloc0(sizeof(FfKpi));

	s->lines = ff_read_count(&r);
	s->delivered = ff_read_count(&r);
	s->on_time = ff_read_count(&r);
	s->in_full = ff_read_count(&r);
	s->otif = ff_read_count(&r);
	s->perfect_lines = ff_read_count(&r);
	s->perfect = ff_read_count(&r);
	s->late = ff_read_count(&r);
	s->ncyc = ff_read_count(&r);
	s->units_ordered = ff_read_amount(&r);
	s->units_filled = ff_read_amount(&r);
	s->units_shipped = ff_read_amount(&r);
	s->units_returned = ff_read_amount(&r);
	ff_read(&r, &s->cyc_sum, sizeof(s->cyc_sum));
	ff_read(&r, &s->lat_sum, sizeof(s->lat_sum));
	ff_read(&r, &s->late_sum, sizeof(s->late_sum));
	if (s->delivered > s->lines || s->on_time > s->delivered ||
		s->in_full > s->lines || s->otif > s->on_time ||
		s->otif > s->in_full || s->perfect_lines > s->lines ||
		s->perfect > s->perfect_lines || s->perfect > s->otif ||
		s->late + s->on_time > s->delivered || s->ncyc > s->delivered ||
		(Size) (r.end - r.p) != (Size) (s->delivered + s->ncyc) * sizeof(int64))
		ff_malformed();
	if (s->delivered > 0)
	{
		s->lat = (int64 *) palloc(s->delivered * sizeof(int64));
		ff_read(&r, s->lat, s->delivered * sizeof(int64));
		s->caplat = s->delivered;
	}
	if (s->ncyc > 0)
	{
		s->cyc = (int64 *) palloc(s->ncyc * sizeof(int64));
		ff_read(&r, s->cyc, s->ncyc * sizeof(int64));
		s->capcyc = s->ncyc;
	}
	ff_reader_done(&r);
	PG_RETURN_POINTER(s);
}

/* Write rate, lower, upper of succ / trials at v[0..2] (NULLs if undefined). */
static void
put_rate(Datum *v, bool *nulls, double succ, double trials)
{
	double		lo;
	double		hi;

	if (!(trials > 0.0))
	{
		nulls[0] = nulls[1] = nulls[2] = true;
		return;
	}
	v[0] = Float8GetDatum(succ / trials);
	if (ff_wilson(succ, trials, FF_CI_LEVEL, &lo, &hi))
	{
		v[1] = Float8GetDatum(lo);
		v[2] = Float8GetDatum(hi);
	}
	else
		nulls[1] = nulls[2] = true;
}

#define FF_KPI_NATTS 40

PG_FUNCTION_INFO_V1(ff_kpi_final);
Datum
ff_kpi_final(PG_FUNCTION_ARGS)
{
	FfKpi	   *s = (FfKpi *) PG_GETARG_POINTER(0);
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[FF_KPI_NATTS];
	bool		nulls[FF_KPI_NATTS];
	double		day = (double) FF_USECS_PER_DAY;
	double		p[3];
	int			i;

	if (td->natts != FF_KPI_NATTS)
		elog(ERROR, "fulfillment_kpis has %d attributes, expected %d",
			 td->natts, FF_KPI_NATTS);
	for (i = 0; i < FF_KPI_NATTS; i++)
	{
		v[i] = (Datum) 0;
		nulls[i] = false;
	}
	v[0] = Int64GetDatum(s->lines);
	v[1] = Int64GetDatum(s->delivered);
	v[2] = Int64GetDatum(s->on_time);
	put_rate(v + 3, nulls + 3, (double) s->on_time, (double) s->lines);
	v[6] = Int64GetDatum(s->in_full);
	put_rate(v + 7, nulls + 7, (double) s->in_full, (double) s->lines);
	v[10] = Int64GetDatum(s->otif);
	put_rate(v + 11, nulls + 11, (double) s->otif, (double) s->lines);
	v[14] = Int64GetDatum(s->perfect_lines);
	v[15] = Int64GetDatum(s->perfect);
	put_rate(v + 16, nulls + 16, (double) s->perfect, (double) s->perfect_lines);
	v[19] = Float8GetDatum(s->units_ordered);
	v[20] = Float8GetDatum(s->units_filled);
	put_rate(v + 21, nulls + 21, s->units_filled, s->units_ordered);
	v[24] = Float8GetDatum(s->units_shipped);
	v[25] = Float8GetDatum(s->units_returned);
	put_rate(v + 26, nulls + 26, s->units_returned, s->units_shipped);
	/* cycle time in days: lines, mean, p50, p90, p95 */
	v[29] = Int64GetDatum(s->ncyc);
	if (s->ncyc > 0)
	{
		ff_percentiles(s->cyc, (size_t) s->ncyc, ff_summary_fractions, 3, day,
					   p, lg_interrupt_callback, NULL);
		v[30] = Float8GetDatum(sum_days(&s->cyc_sum, s->ncyc));
		v[31] = Float8GetDatum(p[0]);
		v[32] = Float8GetDatum(p[1]);
		v[33] = Float8GetDatum(p[2]);
	}
	else
		nulls[30] = nulls[31] = nulls[32] = nulls[33] = true;
	/* lateness in days: late lines, mean, p50, p90, p95, mean days late */
	v[34] = Int64GetDatum(s->late);
	if (s->delivered > 0)
	{
		ff_percentiles(s->lat, (size_t) s->delivered, ff_summary_fractions, 3,
					   day, p, lg_interrupt_callback, NULL);
		v[35] = Float8GetDatum(sum_days(&s->lat_sum, s->delivered));
		v[36] = Float8GetDatum(p[0]);
		v[37] = Float8GetDatum(p[1]);
		v[38] = Float8GetDatum(p[2]);
	}
	else
		nulls[35] = nulls[36] = nulls[37] = nulls[38] = true;
	if (s->late > 0)
		v[39] = Float8GetDatum(sum_days(&s->late_sum, s->late));
	else
		nulls[39] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}
