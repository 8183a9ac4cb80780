/*-------------------------------------------------------------------------
 *
 * kpi_rates_fmgr.c
 *	  fulfillment_rates(): every column of fulfillment_kpis that needs no
 *	  list of values (counts, rates with their Wilson intervals, unit fill
 *	  and return rates, mean cycle time and lateness) in one aggregate
 *	  call, on a fixed-size real state type, logistics.fulfillment_rates_state.
 *
 * Why it exists: Citus splits an aggregate into worker partials and a
 * coordinator combine only when its state is a real type, and then wraps
 * every call in its own per-row code (about 2,000 instructions per row and
 * aggregate: doc/citus.md, "Where the distributed time goes").  A query that
 * asks for nine rates as nine aggregates pays that nine times; this one
 * aggregate gives them all for one.  The state is the counts and sums that
 * fulfillment_kpis keeps besides its values (FfKpiCounts, 152 bytes),
 * counted by the same code (kpis_fmgr.c), so every column equals the one
 * fulfillment_kpis gives for the same lines.
 *
 * Text form, as kpis_state's without the sketches:
 *
 *	(lines,delivered,on_time,in_full,otif,perfect_lines,perfect,late,ncyc,
 *	 units_ordered,units_filled,units_shipped,units_returned,
 *	 cyc_hi,cyc_lo,lat_hi,lat_lo,late_hi,late_lo)
 *
 * the three sums of microseconds as the high (signed) and low (unsigned,
 * written as signed) words of a 128-bit integer.  Input from text or binary
 * is checked by KrCheck: what order lines can produce.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

/* the fulfillment_rates row: fulfillment_kpis without its 6 percentiles */
#define KR_NATTS (FF_KPI_NATTS - 6)

StaticAssertDecl(sizeof(FfKpiCounts) == 152,
				 "fulfillment_rates_state is INTERNALLENGTH 152");

/* The state of a new group, in the per-row context (nodeAgg copies it). */
static inline FfKpiCounts *
KrNew(void)
{
	return (FfKpiCounts *) palloc0(sizeof(FfKpiCounts));
}

/* The same arguments as fulfillment_kpis (ff_kpi_row). */
PG_FUNCTION_INFO_V1(logistics_ff_rates_trans);
Datum
logistics_ff_rates_trans(PG_FUNCTION_ARGS)
{
	FfKpiCounts *s;
	FfKpiRow	r;

	(void) ff_aggcontext(fcinfo, "ff_rates_trans");
	if (!ff_kpi_row(fcinfo, &r))
		FF_SKIP();
	/* a fixed-size state: updated in place once nodeAgg holds it */
	s = PG_ARGISNULL(0) ? KrNew() : (FfKpiCounts *) PG_GETARG_POINTER(0);
	ff_kpi_count(s, &r);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_rates_combine);
Datum
logistics_ff_rates_combine(PG_FUNCTION_ARGS)
{
	FfKpiCounts *a;
	const FfKpiCounts *b;

	(void) ff_aggcontext(fcinfo, "ff_rates_combine");
	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (const FfKpiCounts *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		/* a copy (b may be a worker's tuple): nodeAgg adopts it */
		a = KrNew();
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	a = (FfKpiCounts *) PG_GETARG_POINTER(0);
	ff_kpi_merge(a, b);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_ff_rates_final);
Datum
logistics_ff_rates_final(PG_FUNCTION_ARGS)
{
	const FfKpiCounts *s = (const FfKpiCounts *) PG_GETARG_POINTER(0);
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		kv[FF_KPI_NATTS];
	bool		kn[FF_KPI_NATTS];
	Datum		v[KR_NATTS];
	bool		nulls[KR_NATTS];
	int			i;
	int			j = 0;

	if (td->natts != KR_NATTS)
		elog(ERROR, "fulfillment_rates has %d attributes, expected %d",
			 td->natts, KR_NATTS);
	ff_kpi_values(s, NULL, NULL, kv, kn);
	/* every column but cycle_days_p50..p95 (31-33), lateness_days_p* (36-38) */
	for (i = 0; i < FF_KPI_NATTS; i++)
	{
		if ((i >= 31 && i <= 33) || (i >= 36 && i <= 38))
			continue;
		v[j] = kv[i];
		nulls[j] = kn[i];
		j++;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O (common/state_io.h)
 * ---------------------------------------------------------------------
 */

/* a < b: -1, a = b: 0, a > b: 1 (signed 128-bit) */
static int
KrCompare(const FfSum128 *a, const FfSum128 *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

/*
 * What order lines can produce, as far as counts and sums let one tell:
 * counts that fit together (ff_kpi_counts_check, as the deserializer of
 * fulfillment_kpis's state checks them), at least one line, each sum one of
 * its count of int64 durations (0 for none), the late lines' lateness at
 * least 1 us each, and the lateness of all delivered lines at most that of
 * the late ones (the others are <= 0), equal when every one is late.
 */
static const char *
KrCheck(const void *state)
{
	const FfKpiCounts *c = (const FfKpiCounts *) state;
	const char *why;
	int			cmp;

	if ((why = ff_kpi_counts_check(c)) != NULL)
		return why;
	if (c->lines == 0)
		return "a state holds at least one line";
	if (!ff_sum128_within(&c->cyc_sum, c->ncyc, PG_INT64_MIN, PG_INT64_MAX) ||
		!ff_sum128_within(&c->lat_sum, c->delivered, PG_INT64_MIN, PG_INT64_MAX) ||
		!ff_sum128_within(&c->late_sum, c->late, 1, PG_INT64_MAX))
		return "a sum is not one of as many durations as its count";
	cmp = KrCompare(&c->lat_sum, &c->late_sum);
	if (cmp > 0 || (c->late == c->delivered && cmp != 0))
		return "the lateness sums do not fit the late count";
	return NULL;
}

static const LgStateField kr_fields[] = {
	LG_FIELD_I(FfKpiCounts, lines),
	LG_FIELD_I(FfKpiCounts, delivered),
	LG_FIELD_I(FfKpiCounts, on_time),
	LG_FIELD_I(FfKpiCounts, in_full),
	LG_FIELD_I(FfKpiCounts, otif),
	LG_FIELD_I(FfKpiCounts, perfect_lines),
	LG_FIELD_I(FfKpiCounts, perfect),
	LG_FIELD_I(FfKpiCounts, late),
	LG_FIELD_I(FfKpiCounts, ncyc),
	LG_FIELD_D(FfKpiCounts, units_ordered),
	LG_FIELD_D(FfKpiCounts, units_filled),
	LG_FIELD_D(FfKpiCounts, units_shipped),
	LG_FIELD_D(FfKpiCounts, units_returned),
	LG_FIELD_I(FfKpiCounts, cyc_sum.hi),
	LG_FIELD_I(FfKpiCounts, cyc_sum.lo),
	LG_FIELD_I(FfKpiCounts, lat_sum.hi),
	LG_FIELD_I(FfKpiCounts, lat_sum.lo),
	LG_FIELD_I(FfKpiCounts, late_sum.hi),
	LG_FIELD_I(FfKpiCounts, late_sum.lo)
};

static const LgStateType kr_state_type = {
	"logistics.fulfillment_rates_state", sizeof(FfKpiCounts),
	lengthof(kr_fields), kr_fields, KrCheck
};

PG_FUNCTION_INFO_V1(logistics_fulfillment_rates_state_in);
Datum
logistics_fulfillment_rates_state_in(PG_FUNCTION_ARGS)
{
	return lg_state_in(fcinfo, &kr_state_type);
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_rates_state_out);
Datum
logistics_fulfillment_rates_state_out(PG_FUNCTION_ARGS)
{
	return lg_state_out(fcinfo, &kr_state_type);
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_rates_state_recv);
Datum
logistics_fulfillment_rates_state_recv(PG_FUNCTION_ARGS)
{
	return lg_state_recv(fcinfo, &kr_state_type);
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_rates_state_send);
Datum
logistics_fulfillment_rates_state_send(PG_FUNCTION_ARGS)
{
	return lg_state_send(fcinfo, &kr_state_type);
}
