/*-------------------------------------------------------------------------
 *
 * movement_fmgr.c
 *	  Aggregates over stock movement ledgers: ledger_avg_level (with its
 *	  state type logistics.ledger_avg_state) and inventory_aging.
 *
 * Ledger aggregates are order-free with fixed-size states: a movement of
 * delta at t raises the level from t to the end of the period, so the
 * time-weighted level is opening + sum delta (end - t) / (end - start); and
 * under first-in-first-out the units on hand are the newest receipts,
 * whatever the order of the issues, so aging needs only receipts summed by
 * age bucket and the total issued.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "inventory.h"
#include "inventory_agg_fmgr.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "aging_state.h"

/* ------------------------------------------------------ ledger_avg_level */

typedef struct LedgerState
{
	int64		n;
	double		weighted;		/* sum delta (end - ts), in microseconds */
	double		opening;
	TimestampTz start;
	TimestampTz end;
} LedgerState;

#define LEDGER_MAGIC	0x4c474c31	/* "LGL1" */

/* inv_ledger_trans(state, ts, delta, opening_level, period_start, period_end) */
PG_FUNCTION_INFO_V1(logistics_inv_ledger_trans);
Datum
logistics_inv_ledger_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	LedgerState *s;
	TimestampTz ts,
				start,
				end;
	double		delta,
				opening;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_ledger_trans can only be called as an aggregate support function")));
	s = PG_ARGISNULL(0) ? NULL : (LedgerState *) PG_GETARG_POINTER(0);
	for (i = 1; i <= 5; i++)
		if (PG_ARGISNULL(i))
		{
			if (s == NULL)
				PG_RETURN_NULL();
			PG_RETURN_POINTER(s);
		}
	ts = PG_GETARG_TIMESTAMPTZ(1);
	delta = PG_GETARG_FLOAT8(2);
	opening = PG_GETARG_FLOAT8(3);
	start = PG_GETARG_TIMESTAMPTZ(4);
	end = PG_GETARG_TIMESTAMPTZ(5);

	if (s == NULL)
	{
		lg_check_finite(opening, "opening_level");
		inv_check_timestamp(start, "period_start");
		inv_check_timestamp(end, "period_end");
		if (end < start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period_end %s is before period_start %s",
							inv_ts_str(end),
							inv_ts_str(start))));
		s = MemoryContextAllocZero(aggcxt, sizeof(LedgerState));
		s->opening = opening;
		s->start = start;
		s->end = end;
	}
	else if (start != s->start || end != s->end || opening != s->opening)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("opening_level, period_start and period_end must be the same in every row of a group")));
	if (unlikely(isnan(delta) || isinf(delta)))
		lg_check_finite(delta, "delta");
	if (unlikely(ts < start || ts > end))
	{
		inv_check_timestamp(ts, "ts");
		if (ts > end)
			inv_error_after_end(ts, end);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("movement at %s is before period_start %s: fold earlier movements into opening_level",
						inv_ts_str(ts), inv_ts_str(start))));
	}
	s->weighted += delta * inv_ts_span(ts, end);
	inv_check_sum(s->weighted, "ledger_avg_level");
	s->n++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_inv_ledger_combine);
Datum
logistics_inv_ledger_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	LedgerState *a,
			   *b;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_ledger_combine can only be called as an aggregate support function")));
	a = PG_ARGISNULL(0) ? NULL : (LedgerState *) PG_GETARG_POINTER(0);
	b = PG_ARGISNULL(1) ? NULL : (LedgerState *) PG_GETARG_POINTER(1);
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = MemoryContextAlloc(aggcxt, sizeof(LedgerState));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	if (a->start != b->start || a->end != b->end || a->opening != b->opening)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("opening_level, period_start and period_end must be the same in every row of a group")));
	a->weighted += b->weighted;
	inv_check_sum(a->weighted, "ledger_avg_level");
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_inv_ledger_serial);
Datum
logistics_inv_ledger_serial(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_ledger_serial called in non-aggregate context");
	PG_RETURN_BYTEA_P(inv_fixed_serial(PG_GETARG_POINTER(0), sizeof(LedgerState),
								  LEDGER_MAGIC));
}

PG_FUNCTION_INFO_V1(logistics_inv_ledger_deserial);
Datum
logistics_inv_ledger_deserial(PG_FUNCTION_ARGS)
{
	LedgerState *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_ledger_deserial called in non-aggregate context");
	s = inv_fixed_deserial(PG_GETARG_BYTEA_PP(0), sizeof(LedgerState),
					  LEDGER_MAGIC, "ledger_avg_level");
	if (s->n < 1 || isnan(s->weighted) || isinf(s->weighted) ||
		isnan(s->opening) || isinf(s->opening) ||
		!IS_VALID_TIMESTAMP(s->start) || !IS_VALID_TIMESTAMP(s->end) ||
		s->end < s->start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized ledger_avg_level state: bad field")));
	PG_RETURN_POINTER(s);
}

/* opening + sum delta (end - ts) / (end - start); NULL if start = end */
PG_FUNCTION_INFO_V1(logistics_inv_ledger_final);
Datum
logistics_inv_ledger_final(PG_FUNCTION_ARGS)
{
	LedgerState *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (LedgerState *) PG_GETARG_POINTER(0);
	if (s->end == s->start)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lg_check_result(s->opening +
									 s->weighted / inv_ts_span(s->start, s->end),
									 "ledger_avg_level"));
}

/* ---------------------------------- state type of Citus (issue 17) */

/*
 * ledger_avg_level keeps a fixed-size state, so it has a real state type
 * (logistics.ledger_avg_state) rather than internal: Citus ships it between
 * nodes as text and splits the aggregate into worker partials and a
 * coordinator combine.  The input checks what the deserializer of the
 * internal state checked.
 */
static const char *
LedgerStateCheck(const void *state)
{
	const LedgerState *s = (const LedgerState *) state;

	if (s->n < 1)
		return "the count must be at least 1";
	if (!IS_VALID_TIMESTAMP(s->start) || !IS_VALID_TIMESTAMP(s->end))
		return "the period bounds must be valid timestamps";
	if (s->end < s->start)
		return "the period must not end before it starts";
	return NULL;
}

static const LgStateField ledger_state_fields[] = {
	LG_FIELD_I(LedgerState, n),
	LG_FIELD_D(LedgerState, weighted),
	LG_FIELD_D(LedgerState, opening),
	LG_FIELD_I(LedgerState, start),
	LG_FIELD_I(LedgerState, end)
};

static const LgStateType ledger_state_type = {
	"logistics.ledger_avg_state", sizeof(LedgerState),
	lengthof(ledger_state_fields), ledger_state_fields, LedgerStateCheck
};

StaticAssertDecl(sizeof(LedgerState) == 40,
				 "ledger_avg_state is INTERNALLENGTH 40");

STATE_IO(ledger_avg_state, ledger_state_type)

/* ------------------------------------------------------- inventory_aging */

#define AGING_MAGIC		0x4c474131	/* "LGA1" */
#define USECS_PER_DAY_F 86400000000.0

/* AgingState: aging_state.h (also the state type logistics.aging_state) */

static const double aging_default_bounds[3] = {30.0, 60.0, 90.0};

/* Read and check bucket_days. */
static void
AgingBounds(ArrayType *arr, double *bounds, int *nb)
{
	int			n,
				i;
	double	   *b = lg_float8_array(arr, &n, "bucket_days");

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("bucket_days must not be empty")));
	if (n > AGING_MAXBOUNDS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("at most %d bucket boundaries are supported, got %d",
						AGING_MAXBOUNDS, n)));
	for (i = 0; i < n; i++)
	{
		lg_check_finite(b[i], "bucket_days element");
		if (b[i] <= (i == 0 ? 0.0 : b[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bucket_days must be positive and increasing, got %g after %g",
							b[i], i == 0 ? 0.0 : b[i - 1])));
		bounds[i] = b[i];
	}
	*nb = n;
}

/* inv_aging_trans(state, ts, qty, as_of [, bucket_days]) */
PG_FUNCTION_INFO_V1(logistics_inv_aging_trans);
Datum
logistics_inv_aging_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AgingState *s;
	TimestampTz ts,
				as_of;
	double		qty;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_aging_trans can only be called as an aggregate support function")));
	s = PG_ARGISNULL(0) ? NULL : (AgingState *) PG_GETARG_POINTER(0);
	for (i = 1; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
		{
			if (s == NULL)
				PG_RETURN_NULL();
			PG_RETURN_POINTER(s);
		}
	ts = PG_GETARG_TIMESTAMPTZ(1);
	qty = PG_GETARG_FLOAT8(2);
	as_of = PG_GETARG_TIMESTAMPTZ(3);

	if (s == NULL)
	{
		inv_check_timestamp(as_of, "as_of");
		s = MemoryContextAllocZero(aggcxt, sizeof(AgingState));
		s->as_of = as_of;
		if (PG_NARGS() > 4)
		{
			int			nb;

			AgingBounds(PG_GETARG_ARRAYTYPE_P(4), s->bounds, &nb);
			s->nbounds = nb;
		}
		else
		{
			memcpy(s->bounds, aging_default_bounds, sizeof(aging_default_bounds));
			s->nbounds = lengthof(aging_default_bounds);
		}
	}
	else
	{
		if (as_of != s->as_of)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("as_of must be the same in every row of a group")));
		if (PG_NARGS() > 4)
		{
			double		b[AGING_MAXBOUNDS];
			int			nb;

			AgingBounds(PG_GETARG_ARRAYTYPE_P(4), b, &nb);
			if (nb != s->nbounds ||
				memcmp(b, s->bounds, nb * sizeof(double)) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("bucket_days must be the same in every row of a group")));
		}
	}
	lg_check_finite(qty, "qty");
	inv_check_timestamp(ts, "ts");
	if (ts > as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("movement at %s is after as_of %s",
						inv_ts_str(ts), inv_ts_str(as_of))));
	if (qty > 0.0)
	{
		double		age = inv_ts_span(ts, as_of) / USECS_PER_DAY_F;

		for (i = 0; i < s->nbounds && age >= s->bounds[i]; i++)
			;
		s->recv[i] += qty;
		inv_check_sum(s->recv[i], "inventory_aging");
	}
	else
	{
		s->issued -= qty;
		inv_check_sum(s->issued, "inventory_aging");
	}
	s->n++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_inv_aging_combine);
Datum
logistics_inv_aging_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AgingState *a,
			   *b;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_aging_combine can only be called as an aggregate support function")));
	a = PG_ARGISNULL(0) ? NULL : (AgingState *) PG_GETARG_POINTER(0);
	b = PG_ARGISNULL(1) ? NULL : (AgingState *) PG_GETARG_POINTER(1);
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = MemoryContextAlloc(aggcxt, sizeof(AgingState));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	if (a->as_of != b->as_of || a->nbounds != b->nbounds ||
		memcmp(a->bounds, b->bounds, a->nbounds * sizeof(double)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of and bucket_days must be the same in every row of a group")));
	for (i = 0; i <= a->nbounds; i++)
	{
		a->recv[i] += b->recv[i];
		inv_check_sum(a->recv[i], "inventory_aging");
	}
	a->issued += b->issued;
	inv_check_sum(a->issued, "inventory_aging");
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_inv_aging_serial);
Datum
logistics_inv_aging_serial(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_aging_serial called in non-aggregate context");
	PG_RETURN_BYTEA_P(inv_fixed_serial(PG_GETARG_POINTER(0), sizeof(AgingState),
								  AGING_MAGIC));
}

PG_FUNCTION_INFO_V1(logistics_inv_aging_deserial);
Datum
logistics_inv_aging_deserial(PG_FUNCTION_ARGS)
{
	AgingState *s;
	int			i;
	bool		ok;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_aging_deserial called in non-aggregate context");
	s = inv_fixed_deserial(PG_GETARG_BYTEA_PP(0), sizeof(AgingState),
					  AGING_MAGIC, "inventory_aging");
	ok = s->n >= 1 && s->nbounds >= 1 && s->nbounds <= AGING_MAXBOUNDS &&
		IS_VALID_TIMESTAMP(s->as_of) && isfinite(s->issued) &&
		s->issued >= 0.0;
	for (i = 0; ok && i < s->nbounds; i++)
		ok = isfinite(s->bounds[i]) &&
			s->bounds[i] > (i == 0 ? 0.0 : s->bounds[i - 1]);
	for (i = 0; ok && i <= s->nbounds; i++)
		ok = isfinite(s->recv[i]) && s->recv[i] >= 0.0;
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized inventory_aging state: bad field")));
	PG_RETURN_POINTER(s);
}

/*
 * Units on hand by age bucket, youngest first: the on-hand units (receipts
 * minus issues) are the newest receipts under first-in-first-out.
 */
PG_FUNCTION_INFO_V1(logistics_inv_aging_final);
Datum
logistics_inv_aging_final(PG_FUNCTION_ARGS)
{
	AgingState *s;
	double		out[AGING_MAXBOUNDS + 1];
	double		total = 0.0;
	int			i;

	/* a real state type: callable from SQL on a typed state too */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (AgingState *) PG_GETARG_POINTER(0);
	for (i = 0; i <= s->nbounds; i++)
		total += s->recv[i];
	inv_check_sum(total, "inventory_aging");
	lg_fifo_age(s->recv, s->nbounds + 1, total - s->issued, out);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(out, s->nbounds + 1));
}
