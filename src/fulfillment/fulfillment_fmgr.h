/*-------------------------------------------------------------------------
 *
 * fulfillment_fmgr.h
 *	  What the fmgr files of the fulfilment area share: argument checks,
 *	  the serialization helpers, growth of value arrays.  Include after
 *	  postgres.h, fmgr.h and fulfillment.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef FULFILLMENT_FMGR_H
#define FULFILLMENT_FMGR_H

#include "common/int.h"

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/timestamp.h"

/* Confidence level of the intervals that the *_ci aggregates report. */
#define FF_CI_LEVEL 0.95

/* Serialized-state tags: kind in the high bytes, format version last. */
#define FF_TAG_RATE		0x46465201
#define FF_TAG_KEYS		0x46464B01
#define FF_TAG_TKEYS	0x46465401
#define FF_TAG_DUR		0x46464401
#define FF_TAG_KPI		0x46464101

/* Most values one exact-percentile array holds. */
#define FF_VALUES_MAX ((int64) ((MaxAllocSize - 256) / sizeof(int64)))

/* ---------------------------------------------------------------------
 * Argument checks
 * ---------------------------------------------------------------------
 */
static inline MemoryContext
ff_aggcontext(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext agg;

	/*
	 * The rate states are a real type, so their support functions can be
	 * called from SQL: a user error, not an internal one.
	 */
	if (!AggCheckCallContext(fcinfo, &agg))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as an aggregate support function",
						fn)));
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
	if (unlikely((int64) d > PG_INT64_MAX / FF_USECS_PER_DAY ||
				 (int64) d < PG_INT64_MIN / FF_USECS_PER_DAY))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s date is out of range for durations: they are counted in microseconds, which covers 292,000 years either side of 2000 (the timestamp range)",
						what)));
	return (int64) d * FF_USECS_PER_DAY;
}

/*
 * Arguments 1 and 2 of a duration transition (start, finish) as
 * microseconds: the date and the timestamptz overloads share one state.
 */
static inline void
ff_span_args(FunctionCallInfo fcinfo, bool dates, int64 *a, int64 *b)
{
	if (dates)
	{
		*a = ff_date(PG_GETARG_DATEADT(1), "start");
		*b = ff_date(PG_GETARG_DATEADT(2), "finish");
	}
	else
	{
		*a = ff_ts(PG_GETARG_TIMESTAMPTZ(1), "start");
		*b = ff_ts(PG_GETARG_TIMESTAMPTZ(2), "finish");
	}
}

/* A mean duration in microseconds as an interval of days and time (t2 - t1) */
static inline Interval *
ff_interval_from_us(int64 us)
{
	Interval   *iv = (Interval *) palloc(sizeof(Interval));

	iv->month = 0;
	iv->day = (int32) (us / FF_USECS_PER_DAY);
	iv->time = us % FF_USECS_PER_DAY;
	return iv;
}

/*
 * b - a in microseconds, or 22008: two valid timestamps can be further
 * apart than an int64 of microseconds holds (4713 BC to 294276 AD).
 */
static inline int64
ff_diff(int64 b, int64 a)
{
	int64		d;

	if (unlikely(pg_sub_s64_overflow(b, a, &d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("duration out of range: more than 292,000 years between the two times")));
	return d;
}

/* The mean of n values summed in microseconds, in days. */
static inline double
ff_sum_days(const FfSum128 *sum, int64 n)
{
	return ff_sum128_to_double(sum) / (double) n / (double) FF_USECS_PER_DAY;
}

/* Return the state unchanged (skipped row): NULL stays NULL. */
/*
 * One row of order_fill_rate(order_key, qty_ordered, qty_shipped), keys
 * kept as text or as bigint: -1 when the row does not count (NULL key or
 * quantity ordered, or nothing ordered; a NULL quantity shipped is 0), else
 * 1 when the line shipped in full and 0 when not.
 */
static inline int
ff_fill_line(FunctionCallInfo fcinfo)
{
	double		qo;
	double		qs;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return -1;
	qo = ff_qty(PG_GETARG_FLOAT8(2), "qty_ordered");
	qs = PG_ARGISNULL(3) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(3), "qty_shipped");
	if (qo == 0.0)
		return -1;
	return qs >= qo;
}

#define FF_SKIP() \
	do { \
		if (PG_ARGISNULL(0)) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} while (0)

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

#define FF_PUT(w, x) (memcpy((w), &(x), sizeof(x)), (w) += sizeof(x))

extern int64 ff_tolerance(Interval *iv, const char *what);
extern double ff_fraction_tolerance(double f);
extern void ff_check_fraction(double p);
extern TupleDesc ff_result_desc(FunctionCallInfo fcinfo);
extern void ff_malformed(void);
extern void ff_read(FfReader *r, void *dst, Size len);
extern FfReader ff_reader(bytea *b, uint32 tag);
extern void ff_reader_done(FfReader *r);
extern int64 ff_read_count(FfReader *r);
extern double ff_read_amount(FfReader *r);
extern bytea *ff_bytea(Size len, char **w);
extern int64 *ff_read_values(FfReader *r, int64 n);
extern void ff_check_sum(double x, const char *agg);
extern int64 ff_add_counts(int64 a, int64 b);
extern int64 *ff_values_reserve(int64 *v, int64 *cap, int64 need,
								MemoryContext cxt);

extern const double ff_summary_fractions[3];

/* rates_fmgr.c: a rate_ci row */
extern Datum ff_rate_ci_datum(FunctionCallInfo fcinfo, double succ,
							  double trials);

/* ---------------------------------------------------------------------
 * kpis_fmgr.c: what fulfillment_kpis and fulfillment_kpis_approx share
 * ---------------------------------------------------------------------
 */
typedef struct FfKpiCounts
{
	int64		lines;
	int64		delivered;
	int64		on_time;
	int64		in_full;
	int64		otif;
	int64		perfect_lines;	/* lines with both flags known */
	int64		perfect;
	int64		late;
	int64		ncyc;			/* delivered lines with ordered_at */
	double		units_ordered;
	double		units_filled;	/* sum of min(shipped, ordered) */
	double		units_shipped;
	double		units_returned;
	FfSum128	cyc_sum;
	FfSum128	lat_sum;
	FfSum128	late_sum;		/* of positive lateness */
} FfKpiCounts;

/* One order line as the transitions read it. */
typedef struct FfKpiRow
{
	double		qo;
	double		qs;
	double		qr;
	bool		has_lat;		/* delivered */
	bool		has_cyc;		/* delivered, ordered_at known */
	bool		has_flags;		/* damage_free and documents_ok known */
	bool		flags_ok;		/* both true */
	int64		lat;			/* delivered - promised, us */
	int64		cyc;			/* delivered - ordered, us */
} FfKpiRow;

extern bool ff_kpi_row(FunctionCallInfo fcinfo, FfKpiRow *r);
extern void ff_kpi_count(FfKpiCounts *s, const FfKpiRow *r);
extern void ff_kpi_merge(FfKpiCounts *a, const FfKpiCounts *b);
extern const char *ff_kpi_counts_check(const FfKpiCounts *s);
extern Datum ff_kpi_form(FunctionCallInfo fcinfo, const FfKpiCounts *s,
						 const double *cyc_p, const double *lat_p);

/* The columns of the fulfillment_kpis row (ff_kpi_values fills them). */
#define FF_KPI_NATTS 40
extern void ff_kpi_values(const FfKpiCounts *s, const double *cyc_p,
						  const double *lat_p, Datum *v, bool *nulls);
extern bool ff_sum128_within(const FfSum128 *sum, int64 n, int64 lo,
							 int64 hi);
extern const char *ff_kpi_values_check(const FfKpiCounts *c, const int64 *lat,
									   const int64 *cyc);

/* The counts in text and binary state forms (kpis_fmgr.c). */
struct LgTextReader;
extern void ff_kpi_counts_text_in(struct LgTextReader *ps, FfKpiCounts *c,
								  bool end_if_undelivered);
extern void ff_kpi_counts_text_out(StringInfo buf, const FfKpiCounts *c);
extern void ff_kpi_counts_recv(StringInfo msg, FfKpiCounts *c);
extern void ff_kpi_counts_send(StringInfo buf, const FfKpiCounts *c);

#endif							/* FULFILLMENT_FMGR_H */
