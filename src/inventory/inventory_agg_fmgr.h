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
#include "utils/timestamp.h"

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

/*
 * The checks of the transition functions' timestamps, inline (as they were
 * static in the file they came from): an out-of-line call on the per-row
 * path changes how the compiler allocates registers there.
 */

/* timestamptz_to_str returns a static buffer: copy for two in a message */
static inline char *
inv_ts_str(TimestampTz t)
{
	return pstrdup(timestamptz_to_str(t));
}

static inline void
inv_error_after_end(TimestampTz ts, TimestampTz end)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("observation at %s is after period_end %s",
					inv_ts_str(ts), inv_ts_str(end))));
}

static inline void
inv_check_timestamp(TimestampTz ts, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite, got %s", what,
						inv_ts_str(ts))));
}

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
