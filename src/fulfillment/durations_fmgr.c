/*-------------------------------------------------------------------------
 *
 * durations_fmgr.c
 *	  Durations: cycle times and lateness (means, exact percentiles,
 *	  summaries).
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
#include "fulfillment_fmgr.h"

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
			s->v = ff_values_reserve(s->v, &s->cap, s->n, agg);
		s->v[s->n - 1] = d;
	}
}

/*
 * The percentile fractions are parameters of the group: the same in every
 * row (22023), or the answer would depend on which row came first.
 */
static void
dur_same_fractions(FunctionCallInfo fcinfo, const FfDur *s, char kind)
{
	bool		same;

	if (kind == 'p')
		same = s->nfractions == 1 && PG_GETARG_FLOAT8(3) == s->fractions[0];
	else
	{
		int			n;
		double	   *f = lg_float8_array(PG_GETARG_ARRAYTYPE_P(3), &n, "fractions");

		same = n == s->nfractions &&
			memcmp(f, s->fractions, n * sizeof(double)) == 0;
	}
	if (!same)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the percentile fractions must be the same in every row of a group")));
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

	else if (kind == 'p' || kind == 'a')
		dur_same_fractions(fcinfo, s, kind);

	s->rows++;
	if (has_b)
		dur_add(s, ff_diff(b, a), agg);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_mean_trans);
Datum
logistics_ff_dur_mean_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'm', false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_mean_date_trans);
Datum
logistics_ff_dur_mean_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'm', true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_trans);
Datum
logistics_ff_dur_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'v', false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_date_trans);
Datum
logistics_ff_dur_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'v', true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_pct_trans);
Datum
logistics_ff_dur_pct_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'p', false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_pct_date_trans);
Datum
logistics_ff_dur_pct_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'p', true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_pcts_trans);
Datum
logistics_ff_dur_pcts_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'a', false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_pcts_date_trans);
Datum
logistics_ff_dur_pcts_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'a', true);
}

PG_FUNCTION_INFO_V1(logistics_ff_late_trans);
Datum
logistics_ff_late_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'l', false);
}

PG_FUNCTION_INFO_V1(logistics_ff_late_date_trans);
Datum
logistics_ff_late_date_trans(PG_FUNCTION_ARGS)
{
	return dur_trans(fcinfo, 'l', true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_combine);
Datum
logistics_ff_dur_combine(PG_FUNCTION_ARGS)
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

	if (a->nfractions > 0 && b->nfractions > 0 &&
		(a->nfractions != b->nfractions ||
		 memcmp(a->fractions, b->fractions,
				a->nfractions * sizeof(double)) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the percentile fractions must be the same in every row of a group")));
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
			a->v = ff_values_reserve(a->v, &a->cap, a->n + b->n, agg);
		memcpy(a->v + a->n, b->v, b->n * sizeof(int64));
	}
	a->rows = ff_add_counts(a->rows, b->rows);
	a->n = ff_add_counts(a->n, b->n);
	a->negative = ff_add_counts(a->negative, b->negative);
	a->zero = ff_add_counts(a->zero, b->zero);
	a->min = Min(a->min, b->min);
	a->max = Max(a->max, b->max);
	ff_sum128_merge(&a->sum, &b->sum);
	ff_sum128_merge(&a->pos_sum, &b->pos_sum);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_serial);
Datum
logistics_ff_dur_serial(PG_FUNCTION_ARGS)
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

/*
 * A deserialized duration state must be one that rows can produce: with
 * its values, every count, the extremes and both sums are recomputed and
 * compared; without, an empty state is all zero and the counts fit.
 */
static void
dur_check_state(const FfDur *s)
{
	FfSum128	sum = {0, 0};
	FfSum128	pos = {0, 0};
	int64		neg = 0;
	int64		zero = 0;
	int64		mn = PG_INT64_MAX;
	int64		mx = PG_INT64_MIN;
	int64		i;

	if (s->n == 0)
	{
		if (s->negative != 0 || s->zero != 0 || s->sum.lo != 0 ||
			s->sum.hi != 0 || s->pos_sum.lo != 0 || s->pos_sum.hi != 0)
			ff_malformed();
		return;
	}
	if (!s->keep)
		return;
	for (i = 0; i < s->n; i++)
	{
		int64		d = s->v[i];

		ff_sum128_add(&sum, d);
		if (d < 0)
			neg++;
		else if (d == 0)
			zero++;
		else
			ff_sum128_add(&pos, d);
		mn = Min(mn, d);
		mx = Max(mx, d);
	}
	if (neg != s->negative || zero != s->zero || mn != s->min ||
		mx != s->max || sum.lo != s->sum.lo || sum.hi != s->sum.hi ||
		pos.lo != s->pos_sum.lo || pos.hi != s->pos_sum.hi)
		ff_malformed();
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_deserial);
Datum
logistics_ff_dur_deserial(PG_FUNCTION_ARGS)
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
		s->v = ff_read_values(&r, s->n);
		s->cap = s->n;
	}
	ff_reader_done(&r);
	dur_check_state(s);
	PG_RETURN_POINTER(s);
}


/* cycle_time: the mean as an interval (days and time, like t2 - t1) */
PG_FUNCTION_INFO_V1(logistics_ff_dur_interval_final);
Datum
logistics_ff_dur_interval_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	int64		us;

	if (s->n == 0)
		PG_RETURN_NULL();
	us = ff_sum128_mean_int64(&s->sum, s->n);
	PG_RETURN_INTERVAL_P(ff_interval_from_us(us));
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_days_final);
Datum
logistics_ff_dur_days_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ff_sum_days(&s->sum, s->n));
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

PG_FUNCTION_INFO_V1(logistics_ff_dur_pct_final);
Datum
logistics_ff_dur_pct_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	double		out;

	if (s->n == 0 || s->nfractions != 1)
		PG_RETURN_NULL();
	dur_percentiles(s, s->fractions, 1, &out);
	PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_pcts_final);
Datum
logistics_ff_dur_pcts_final(PG_FUNCTION_ARGS)
{
	FfDur	   *s = (FfDur *) PG_GETARG_POINTER(0);
	double	   *out;

	if (s->n == 0 || s->nfractions == 0)
		PG_RETURN_NULL();
	out = (double *) palloc(s->nfractions * sizeof(double));
	dur_percentiles(s, s->fractions, s->nfractions, out);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(out, s->nfractions));
}

/* duration_summary: (n, mean_days, min_days, p50, p90, p95, max_days, negative) */
PG_FUNCTION_INFO_V1(logistics_ff_dur_summary_final);
Datum
logistics_ff_dur_summary_final(PG_FUNCTION_ARGS)
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
	v[1] = Float8GetDatum(ff_sum_days(&s->sum, s->n));
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
PG_FUNCTION_INFO_V1(logistics_ff_late_summary_final);
Datum
logistics_ff_late_summary_final(PG_FUNCTION_ARGS)
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
		v[6] = Float8GetDatum(ff_sum_days(&s->sum, s->n));
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
		v[12] = Float8GetDatum(ff_sum_days(&s->pos_sum, late));
	else
		nulls[12] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}
