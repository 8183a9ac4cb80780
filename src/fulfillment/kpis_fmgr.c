/*-------------------------------------------------------------------------
 *
 * kpis_fmgr.c
 *	  fulfillment_kpis(): every KPI of a group of order lines in one pass.
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

static inline void
kpi_check_sums(const FfKpi *s)
{
	ff_check_sum(s->units_ordered, "fulfillment_kpis");
	ff_check_sum(s->units_shipped, "fulfillment_kpis");
	ff_check_sum(s->units_returned, "fulfillment_kpis");
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_trans);
Datum
logistics_ff_kpi_trans(PG_FUNCTION_ARGS)
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
	kpi_check_sums(s);
	in_full = qs >= qo;

	if (!PG_ARGISNULL(3))
	{
		int64		delivered = ff_ts(PG_GETARG_TIMESTAMPTZ(3), "delivered_at");
		int64		d = ff_diff(delivered, promised);

		if (unlikely(s->delivered >= s->caplat))
			s->lat = ff_values_reserve(s->lat, &s->caplat, s->delivered + 1, agg);
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
			int64		c = ff_diff(delivered, ff_ts(PG_GETARG_TIMESTAMPTZ(1), "ordered_at"));

			if (unlikely(s->ncyc >= s->capcyc))
				s->cyc = ff_values_reserve(s->cyc, &s->capcyc, s->ncyc + 1, agg);
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

PG_FUNCTION_INFO_V1(logistics_ff_kpi_combine);
Datum
logistics_ff_kpi_combine(PG_FUNCTION_ARGS)
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
			a->lat = ff_values_reserve(a->lat, &a->caplat,
									a->delivered + b->delivered, agg);
		memcpy(a->lat + a->delivered, b->lat, b->delivered * sizeof(int64));
	}
	if (b->ncyc > 0)
	{
		if (a->ncyc + b->ncyc > a->capcyc)
			a->cyc = ff_values_reserve(a->cyc, &a->capcyc, a->ncyc + b->ncyc, agg);
		memcpy(a->cyc + a->ncyc, b->cyc, b->ncyc * sizeof(int64));
	}
	a->lines = ff_add_counts(a->lines, b->lines);
	a->delivered = ff_add_counts(a->delivered, b->delivered);
	a->on_time = ff_add_counts(a->on_time, b->on_time);
	a->in_full = ff_add_counts(a->in_full, b->in_full);
	a->otif = ff_add_counts(a->otif, b->otif);
	a->perfect_lines = ff_add_counts(a->perfect_lines, b->perfect_lines);
	a->perfect = ff_add_counts(a->perfect, b->perfect);
	a->late = ff_add_counts(a->late, b->late);
	a->units_ordered += b->units_ordered;
	a->units_filled += b->units_filled;
	a->units_shipped += b->units_shipped;
	a->units_returned += b->units_returned;
	kpi_check_sums(a);
	ff_sum128_merge(&a->cyc_sum, &b->cyc_sum);
	ff_sum128_merge(&a->lat_sum, &b->lat_sum);
	ff_sum128_merge(&a->late_sum, &b->late_sum);
	a->ncyc += b->ncyc;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_serial);
Datum
logistics_ff_kpi_serial(PG_FUNCTION_ARGS)
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

/*
 * The sums and the late count of a deserialized state must be those of its
 * values, or the means and counts it reports would be made up.
 */
static void
kpi_check_values(const FfKpi *s)
{
	FfSum128	lat = {0, 0};
	FfSum128	late = {0, 0};
	FfSum128	cyc = {0, 0};
	int64		nlate = 0;
	int64		i;

	for (i = 0; i < s->delivered; i++)
	{
		ff_sum128_add(&lat, s->lat[i]);
		if (s->lat[i] > 0)
		{
			ff_sum128_add(&late, s->lat[i]);
			nlate++;
		}
	}
	for (i = 0; i < s->ncyc; i++)
		ff_sum128_add(&cyc, s->cyc[i]);
	if (nlate != s->late ||
		lat.lo != s->lat_sum.lo || lat.hi != s->lat_sum.hi ||
		late.lo != s->late_sum.lo || late.hi != s->late_sum.hi ||
		cyc.lo != s->cyc_sum.lo || cyc.hi != s->cyc_sum.hi)
		ff_malformed();
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_deserial);
Datum
logistics_ff_kpi_deserial(PG_FUNCTION_ARGS)
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
		s->late > s->delivered || s->late + s->on_time != s->delivered ||
		s->ncyc > s->delivered || s->units_filled > s->units_ordered ||
		s->units_filled > s->units_shipped)
		ff_malformed();
	/* sizes by division inside ff_read_values: counts near 2^61 cannot wrap */
	s->lat = ff_read_values(&r, s->delivered);
	s->caplat = s->delivered;
	s->cyc = ff_read_values(&r, s->ncyc);
	s->capcyc = s->ncyc;
	kpi_check_values(s);
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
	v[0] = Float8GetDatum(lg_check_result(succ / trials, "fulfillment_kpis"));
	if (ff_wilson(succ, trials, FF_CI_LEVEL, &lo, &hi))
	{
		v[1] = Float8GetDatum(lo);
		v[2] = Float8GetDatum(hi);
	}
	else
		nulls[1] = nulls[2] = true;
}

#define FF_KPI_NATTS 40

PG_FUNCTION_INFO_V1(logistics_ff_kpi_final);
Datum
logistics_ff_kpi_final(PG_FUNCTION_ARGS)
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
		v[30] = Float8GetDatum(ff_sum_days(&s->cyc_sum, s->ncyc));
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
		v[35] = Float8GetDatum(ff_sum_days(&s->lat_sum, s->delivered));
		v[36] = Float8GetDatum(p[0]);
		v[37] = Float8GetDatum(p[1]);
		v[38] = Float8GetDatum(p[2]);
	}
	else
		nulls[35] = nulls[36] = nulls[37] = nulls[38] = true;
	if (s->late > 0)
		v[39] = Float8GetDatum(ff_sum_days(&s->late_sum, s->late));
	else
		nulls[39] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}
