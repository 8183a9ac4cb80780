/*-------------------------------------------------------------------------
 *
 * inventory_agg_fmgr.h
 *	  Private to the aggregate glue of src/inventory (inventory_agg_fmgr.c,
 *	  snapshot_fmgr.c, movement_fmgr.c, demand_cv_fmgr.c).  Include after
 *	  postgres.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef INVENTORY_AGG_FMGR_H
#define INVENTORY_AGG_FMGR_H

#include <math.h>

#include "datatype/timestamp.h"

/*
 * A running sum that left the double range is an error (22003) where it
 * happens, in the transition or the combine function, so that a serial and
 * a parallel plan fail alike (a parallel plan used to stop at the
 * deserializer with 22P03, a serial one returned Infinity or 0).
 */
static inline void
inv_check_sum(double x, const char *agg)
{
	if (unlikely(isnan(x) || isinf(x)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: a running sum is out of range (the values are too large to add up)",
						agg)));
}

/*
 * b - a as a double for b >= a.  The difference of two valid timestamps can
 * exceed the int64 range; as unsigned it cannot.
 */
static inline double
inv_ts_span(TimestampTz a, TimestampTz b)
{
	return (double) ((uint64) b - (uint64) a);
}

extern char *inv_ts_str(TimestampTz t);
extern void inv_error_after_end(TimestampTz ts, TimestampTz end);
extern void inv_check_timestamp(TimestampTz ts, const char *what);
extern bytea *inv_fixed_serial(const void *state, Size size, uint32 magic);
extern void *inv_fixed_deserial(bytea *in, Size size, uint32 magic,
								const char *what);

/*
 * The four I/O functions of a state type described by an LgStateType
 * (common/state_io.h): <sqlname>_in, _out, _recv, _send.
 */
#define STATE_IO(sqlname, type) \
PG_FUNCTION_INFO_V1(logistics_##sqlname##_in); \
Datum \
logistics_##sqlname##_in(PG_FUNCTION_ARGS) \
{ \
	return lg_state_in(fcinfo, &type); \
} \
PG_FUNCTION_INFO_V1(logistics_##sqlname##_out); \
Datum \
logistics_##sqlname##_out(PG_FUNCTION_ARGS) \
{ \
	return lg_state_out(fcinfo, &type); \
} \
PG_FUNCTION_INFO_V1(logistics_##sqlname##_recv); \
Datum \
logistics_##sqlname##_recv(PG_FUNCTION_ARGS) \
{ \
	return lg_state_recv(fcinfo, &type); \
} \
PG_FUNCTION_INFO_V1(logistics_##sqlname##_send); \
Datum \
logistics_##sqlname##_send(PG_FUNCTION_ARGS) \
{ \
	return lg_state_send(fcinfo, &type); \
}

#endif							/* INVENTORY_AGG_FMGR_H */
