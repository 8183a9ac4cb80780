/*-------------------------------------------------------------------------
 *
 * cycle_time_state_fmgr.c
 *	  cycle_time and cycle_time_days on a real state type,
 *	  logistics.cycle_time_state, so that Citus splits them into worker
 *	  partials and a coordinator combine (doc/citus.md).
 *
 * The mean needs only the number of durations and their exact sum (128
 * bits of microseconds, as in durations_fmgr.c), 24 bytes.  The other
 * duration aggregates (percentiles, summaries) keep every value and stay
 * on the internal state of durations_fmgr.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

typedef struct FfDurAvg
{
	int64		n;				/* durations counted */
	int64		sum_hi;			/* their sum in microseconds, high word */
	int64		sum_lo;			/* low word (the bits of an unsigned word) */
} FfDurAvg;

StaticAssertDecl(sizeof(FfDurAvg) == 24, "cycle_time_state is INTERNALLENGTH 24");

static inline FfSum128
DurAvgSum(const FfDurAvg *s)
{
	FfSum128	sum;

	sum.lo = (uint64) s->sum_lo;
	sum.hi = s->sum_hi;
	return sum;
}

static inline void
DurAvgSetSum(FfDurAvg *s, const FfSum128 *sum)
{
	s->sum_lo = (int64) sum->lo;
	s->sum_hi = sum->hi;
}

/*
 * Rows add start and finish (timestamps or dates, in microseconds); a row
 * with either NULL is skipped, as in cycle_time before (durations_fmgr.c).
 * The state is updated in place in the aggregate context, like int8inc's.
 */
static Datum
DurAvgTrans(FunctionCallInfo fcinfo, bool dates)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_dur_avg_trans");
	FfDurAvg   *s;
	FfSum128	sum;
	int64		a;
	int64		b;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		FF_SKIP();
	ff_span_args(fcinfo, dates, &a, &b);
	if (PG_ARGISNULL(0))
		s = (FfDurAvg *) MemoryContextAllocZero(agg, sizeof(FfDurAvg));
	else
		s = (FfDurAvg *) PG_GETARG_POINTER(0);
	sum = DurAvgSum(s);
	ff_sum128_add(&sum, ff_diff(b, a));
	DurAvgSetSum(s, &sum);
	s->n++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_avg_trans);
Datum
logistics_ff_dur_avg_trans(PG_FUNCTION_ARGS)
{
	return DurAvgTrans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_avg_date_trans);
Datum
logistics_ff_dur_avg_date_trans(PG_FUNCTION_ARGS)
{
	return DurAvgTrans(fcinfo, true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_avg_combine);
Datum
logistics_ff_dur_avg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_dur_avg_combine");
	FfDurAvg   *a;
	FfDurAvg   *b;
	FfSum128	sa;
	FfSum128	sb;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfDurAvg *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = (FfDurAvg *) MemoryContextAlloc(agg, sizeof(FfDurAvg));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	a = (FfDurAvg *) PG_GETARG_POINTER(0);
	sa = DurAvgSum(a);
	sb = DurAvgSum(b);
	ff_sum128_merge(&sa, &sb);
	DurAvgSetSum(a, &sa);
	a->n = ff_add_counts(a->n, b->n);
	PG_RETURN_POINTER(a);
}

/* cycle_time: the mean as an interval (days and time, like t2 - t1) */
PG_FUNCTION_INFO_V1(logistics_ff_dur_avg_interval_final);
Datum
logistics_ff_dur_avg_interval_final(PG_FUNCTION_ARGS)
{
	FfDurAvg   *s = (FfDurAvg *) PG_GETARG_POINTER(0);
	FfSum128	sum = DurAvgSum(s);
	int64		us;

	if (s->n == 0)
		PG_RETURN_NULL();
	us = ff_sum128_mean_int64(&sum, s->n);
	PG_RETURN_INTERVAL_P(ff_interval_from_us(us));
}

/* cycle_time_days: the mean in days */
PG_FUNCTION_INFO_V1(logistics_ff_dur_avg_days_final);
Datum
logistics_ff_dur_avg_days_final(PG_FUNCTION_ARGS)
{
	FfDurAvg   *s = (FfDurAvg *) PG_GETARG_POINTER(0);
	FfSum128	sum = DurAvgSum(s);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ff_sum_days(&sum, s->n));
}

/*
 * What rows can produce, as the internal deserializer checked it for the
 * mean (durations_fmgr.c): a count >= 0, an all-zero sum without
 * durations, and a sum whose mean is a duration (each value fits an int64
 * of microseconds, so n * INT64_MIN <= sum <= n * INT64_MAX).  The last
 * keeps the finals' int64 mean and int32 day count in range.
 */
static const char *
DurAvgStateCheck(const void *state)
{
	const FfDurAvg *s = (const FfDurAvg *) state;

	if (s->n < 0)
		return "the count must not be negative";
	if (s->n == 0)
		return (s->sum_hi == 0 && s->sum_lo == 0) ? NULL :
			"the sum must be 0 when the count is 0";
#ifdef HAVE_INT128
	{
		int128		sum = (int128) ((uint128) (uint64) s->sum_hi << 64 |
									(uint128) (uint64) s->sum_lo);

		if (sum > (int128) s->n * PG_INT64_MAX ||
			sum < (int128) s->n * PG_INT64_MIN)
			return "the mean of the sum is not a duration";
	}
#else
	{
		FfSum128	sum = DurAvgSum(s);
		double		mean = ff_sum128_to_double(&sum) / (double) s->n;

		if (!(mean >= -9.2e18 && mean <= 9.2e18))
			return "the mean of the sum is not a duration";
	}
#endif
	return NULL;
}

static const LgStateField dur_avg_fields[] = {
	LG_FIELD_I(FfDurAvg, n),
	LG_FIELD_I(FfDurAvg, sum_hi),
	LG_FIELD_I(FfDurAvg, sum_lo)
};

static const LgStateType dur_avg_type = {
	"logistics.cycle_time_state", sizeof(FfDurAvg), lengthof(dur_avg_fields),
	dur_avg_fields, DurAvgStateCheck
};

PG_FUNCTION_INFO_V1(logistics_cycle_time_state_in);
Datum
logistics_cycle_time_state_in(PG_FUNCTION_ARGS)
{
	return lg_state_in(fcinfo, &dur_avg_type);
}

PG_FUNCTION_INFO_V1(logistics_cycle_time_state_out);
Datum
logistics_cycle_time_state_out(PG_FUNCTION_ARGS)
{
	return lg_state_out(fcinfo, &dur_avg_type);
}

PG_FUNCTION_INFO_V1(logistics_cycle_time_state_recv);
Datum
logistics_cycle_time_state_recv(PG_FUNCTION_ARGS)
{
	return lg_state_recv(fcinfo, &dur_avg_type);
}

PG_FUNCTION_INFO_V1(logistics_cycle_time_state_send);
Datum
logistics_cycle_time_state_send(PG_FUNCTION_ARGS)
{
	return lg_state_send(fcinfo, &dur_avg_type);
}
