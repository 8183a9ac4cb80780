/*-------------------------------------------------------------------------
 *
 * rates_fmgr.c
 *	  Fulfilment rates (successes over trials: lines, orders or units) and
 *	  wilson_interval().
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
#include "common/fraction.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

/* ---------------------------------------------------------------------
 * Rates: successes over trials (lines, orders or units)
 * ---------------------------------------------------------------------
 */
typedef struct FfRate
{
	double		succ;
	double		trials;
	int64		bounded;		/* 1: succ <= trials (every rate but returns) */
} FfRate;

static inline FfRate *
rate_state(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext agg = ff_aggcontext(fcinfo, fn);
	FfRate	   *s;

	if (!PG_ARGISNULL(0))
		return (FfRate *) PG_GETARG_POINTER(0);
	s = (FfRate *) MemoryContextAllocZero(agg, sizeof(FfRate));
	s->bounded = 1;
	return s;
}

/* The sums of a rate state after adding a row, checked (22003). */
static inline void
rate_check(const FfRate *s, const char *agg)
{
	ff_check_sum(s->succ, agg);
	ff_check_sum(s->trials, agg);
}

PG_FUNCTION_INFO_V1(logistics_ff_accuracy_trans);
Datum
logistics_ff_accuracy_trans(PG_FUNCTION_ARGS)
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
PG_FUNCTION_INFO_V1(logistics_ff_perfect_trans);
Datum
logistics_ff_perfect_trans(PG_FUNCTION_ARGS)
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
PG_FUNCTION_INFO_V1(logistics_ff_on_time_trans);
Datum
logistics_ff_on_time_trans(PG_FUNCTION_ARGS)
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
		int64		d = ff_diff(ff_ts(PG_GETARG_TIMESTAMPTZ(2), "delivered"),
								promised);

		ok = d <= late && d >= -early;
	}
	/* the shortfall as a fraction, so 7 of 10 is within 0.3 exactly */
	if (ok && (qd >= qo || (qo - qd) / qo <= ftol))
		s->succ += 1.0;
	s->trials += 1.0;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_otif_trans);
Datum
logistics_ff_otif_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 4);
}

PG_FUNCTION_INFO_V1(logistics_ff_otif_tol_trans);
Datum
logistics_ff_otif_tol_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 6);
}

PG_FUNCTION_INFO_V1(logistics_ff_otif_window_trans);
Datum
logistics_ff_otif_window_trans(PG_FUNCTION_ARGS)
{
	return otif_trans(fcinfo, 7);
}

/* fill_rate: sum(min(shipped, ordered)) / sum(ordered) */
PG_FUNCTION_INFO_V1(logistics_ff_fill_trans);
Datum
logistics_ff_fill_trans(PG_FUNCTION_ARGS)
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
	rate_check(s, "fill_rate");
	PG_RETURN_POINTER(s);
}

/* line_fill_rate: share of lines with shipped >= ordered */
PG_FUNCTION_INFO_V1(logistics_ff_line_fill_trans);
Datum
logistics_ff_line_fill_trans(PG_FUNCTION_ARGS)
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
PG_FUNCTION_INFO_V1(logistics_ff_return_trans);
Datum
logistics_ff_return_trans(PG_FUNCTION_ARGS)
{
	FfRate	   *s;
	double		sold;
	double		ret;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	sold = ff_qty(PG_GETARG_FLOAT8(1), "qty_sold");
	ret = PG_ARGISNULL(2) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(2), "qty_returned");
	s = rate_state(fcinfo, "ff_return_trans");
	s->bounded = 0;				/* more can come back than was sold */
	s->succ += ret;
	s->trials += sold;
	rate_check(s, "return_rate");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_rate_combine);
Datum
logistics_ff_rate_combine(PG_FUNCTION_ARGS)
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
	a->bounded = a->bounded && b->bounded;
	rate_check(a, "rate aggregate");
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_ff_rate_serial);
Datum
logistics_ff_rate_serial(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_RATE;
	char	   *w;
	bytea	   *b = ff_bytea(sizeof(tag) + 2 * sizeof(double) + sizeof(int64),
							 &w);

	FF_PUT(w, tag);
	FF_PUT(w, s->succ);
	FF_PUT(w, s->trials);
	FF_PUT(w, s->bounded);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(logistics_ff_rate_deserial);
Datum
logistics_ff_rate_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_RATE);
	FfRate	   *s = (FfRate *) palloc(sizeof(FfRate));

	s->succ = ff_read_amount(&r);
	s->trials = ff_read_amount(&r);
	s->bounded = ff_read_count(&r);
	ff_reader_done(&r);
	/* successes never exceed trials, but returns may exceed sales */
	if (s->bounded > 1 || (s->bounded && s->succ > s->trials))
		ff_malformed();
	PG_RETURN_POINTER(s);
}

/* ---------------------------------------------------------------------
 * The state type logistics.rate_state: a real type (not internal), so
 * that Citus can ship it as text and split a rate into worker partials and
 * a coordinator combine.  Its input checks what the deserializer of the
 * internal state checked: finite non-negative sums, bounded 0 or 1, and
 * successes <= trials when bounded.
 * ---------------------------------------------------------------------
 */
static const char *
RateStateCheck(const void *state)
{
	const FfRate *s = (const FfRate *) state;

	if (!(s->succ >= 0.0) || !(s->trials >= 0.0) ||
		isinf(s->succ) || isinf(s->trials))
		return "the sums must be finite and not negative";
	if (s->bounded != 0 && s->bounded != 1)
		return "the third field must be 0 or 1";
	if (s->bounded && s->succ > s->trials)
		return "successes exceed trials";
	return NULL;
}

static const LgStateField rate_state_fields[] = {
	LG_FIELD_D(FfRate, succ),
	LG_FIELD_D(FfRate, trials),
	LG_FIELD_I(FfRate, bounded)
};

static const LgStateType rate_state_type = {
	"logistics.rate_state", sizeof(FfRate), lengthof(rate_state_fields),
	rate_state_fields, RateStateCheck
};

StaticAssertDecl(sizeof(FfRate) == 24, "rate_state is INTERNALLENGTH 24");

PG_FUNCTION_INFO_V1(logistics_rate_state_in);
Datum
logistics_rate_state_in(PG_FUNCTION_ARGS)
{
	return lg_state_in(fcinfo, &rate_state_type);
}

PG_FUNCTION_INFO_V1(logistics_rate_state_out);
Datum
logistics_rate_state_out(PG_FUNCTION_ARGS)
{
	return lg_state_out(fcinfo, &rate_state_type);
}

PG_FUNCTION_INFO_V1(logistics_rate_state_recv);
Datum
logistics_rate_state_recv(PG_FUNCTION_ARGS)
{
	return lg_state_recv(fcinfo, &rate_state_type);
}

PG_FUNCTION_INFO_V1(logistics_rate_state_send);
Datum
logistics_rate_state_send(PG_FUNCTION_ARGS)
{
	return lg_state_send(fcinfo, &rate_state_type);
}

/* A rate_ci row: (rate, lower, upper, successes, trials); NULL if no trials. */
Datum
ff_rate_ci_datum(FunctionCallInfo fcinfo, double succ, double trials)
{
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[5];
	bool		nulls[5] = {false, false, false, false, false};
	double		lo;
	double		hi;

	v[0] = Float8GetDatum(LG_RESULT(succ / trials));
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

PG_FUNCTION_INFO_V1(logistics_ff_rate_final);
Datum
logistics_ff_rate_final(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);

	if (!(s->trials > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(LG_RESULT(s->succ / s->trials));
}

PG_FUNCTION_INFO_V1(logistics_ff_rate_ci_final);
Datum
logistics_ff_rate_ci_final(PG_FUNCTION_ARGS)
{
	FfRate	   *s = (FfRate *) PG_GETARG_POINTER(0);

	if (!(s->trials > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ff_rate_ci_datum(fcinfo, s->succ, s->trials));
}


/* ---------------------------------------------------------------------
 * wilson_interval(successes, trials, confidence) -> (lower, upper)
 * ---------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(logistics_wilson_interval);
Datum
logistics_wilson_interval(PG_FUNCTION_ARGS)
{
	int64		s = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	double		conf = PG_GETARG_FLOAT8(2);
	TupleDesc	td;
	Datum		v[2];
	bool		nulls[2] = {false, false};
	double		lo;
	double		hi;

	lg_check_not_percent(conf, "confidence");
	if (isnan(conf) || !(conf > 0.0 && conf < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 (exclusive; 0.95 for the usual 95%% interval), got %g",
						conf)));
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
