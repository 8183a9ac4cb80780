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
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

/* ---------------------------------------------------------------------
 * fulfillment_kpis(ordered_at, promised_at, delivered_at, qty_ordered,
 *					qty_shipped, qty_returned, damage_free, documents_ok)
 *
 * Every KPI of a group of order lines in one pass.  Fixed counters
 * (FfKpiCounts, shared with fulfillment_kpis_approx in kpis_approx_fmgr.c)
 * plus the cycle times and lateness of delivered lines for exact
 * percentiles: 16 bytes per delivered line (see FfDur).
 * ---------------------------------------------------------------------
 */
typedef struct FfKpi
{
	FfKpiCounts c;
	int64		capcyc;
	int64		caplat;			/* lateness values: c.delivered of them */
	int64	   *cyc;
	int64	   *lat;
} FfKpi;

static inline void
kpi_check_sums(const FfKpiCounts *s)
{
	ff_check_sum(s->units_ordered, "fulfillment_kpis");
	ff_check_sum(s->units_shipped, "fulfillment_kpis");
	ff_check_sum(s->units_returned, "fulfillment_kpis");
}

/*
 * Read one order line (arguments 1..8 of the transition) into r; false
 * when the line is skipped (no promised time, no or zero ordered quantity).
 */
bool
ff_kpi_row(FunctionCallInfo fcinfo, FfKpiRow *r)
{
	int64		promised;

	if (PG_ARGISNULL(2) || PG_ARGISNULL(4))
		return false;
	promised = ff_ts(PG_GETARG_TIMESTAMPTZ(2), "promised_at");
	r->qo = ff_qty(PG_GETARG_FLOAT8(4), "qty_ordered");
	r->qs = PG_ARGISNULL(5) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(5), "qty_shipped");
	if (r->qo == 0.0)
		return false;
	r->qr = PG_ARGISNULL(6) ? 0.0 : ff_qty(PG_GETARG_FLOAT8(6), "qty_returned");
	r->has_lat = r->has_cyc = false;
	if (!PG_ARGISNULL(3))
	{
		int64		delivered = ff_ts(PG_GETARG_TIMESTAMPTZ(3), "delivered_at");

		r->has_lat = true;
		r->lat = ff_diff(delivered, promised);
		if (!PG_ARGISNULL(1))
		{
			r->has_cyc = true;
			r->cyc = ff_diff(delivered,
							 ff_ts(PG_GETARG_TIMESTAMPTZ(1), "ordered_at"));
		}
	}
	r->has_flags = !PG_ARGISNULL(7) && !PG_ARGISNULL(8);
	r->flags_ok = r->has_flags && PG_GETARG_BOOL(7) && PG_GETARG_BOOL(8);
	return true;
}

/* Count a line read by ff_kpi_row (its values are the caller's to keep). */
void
ff_kpi_count(FfKpiCounts *s, const FfKpiRow *r)
{
	bool		on_time = false;
	bool		in_full = r->qs >= r->qo;

	s->lines++;
	s->units_ordered += r->qo;
	s->units_filled += Min(r->qs, r->qo);
	s->units_shipped += r->qs;
	s->units_returned += r->qr;
	kpi_check_sums(s);
	if (r->has_lat)
	{
		s->delivered++;
		ff_sum128_add(&s->lat_sum, r->lat);
		on_time = r->lat <= 0;
		if (r->lat > 0)
		{
			s->late++;
			ff_sum128_add(&s->late_sum, r->lat);
		}
		if (r->has_cyc)
		{
			s->ncyc++;
			ff_sum128_add(&s->cyc_sum, r->cyc);
		}
	}
	s->on_time += on_time;
	s->in_full += in_full;
	s->otif += on_time && in_full;
	if (r->has_flags)
	{
		s->perfect_lines++;
		s->perfect += on_time && in_full && r->flags_ok;
	}
}

/* a += b (counts with 22003 on overflow, sums checked) */
void
ff_kpi_merge(FfKpiCounts *a, const FfKpiCounts *b)
{
	a->lines = ff_add_counts(a->lines, b->lines);
	a->delivered = ff_add_counts(a->delivered, b->delivered);
	a->on_time = ff_add_counts(a->on_time, b->on_time);
	a->in_full = ff_add_counts(a->in_full, b->in_full);
	a->otif = ff_add_counts(a->otif, b->otif);
	a->perfect_lines = ff_add_counts(a->perfect_lines, b->perfect_lines);
	a->perfect = ff_add_counts(a->perfect, b->perfect);
	a->late = ff_add_counts(a->late, b->late);
	a->ncyc = ff_add_counts(a->ncyc, b->ncyc);
	a->units_ordered += b->units_ordered;
	a->units_filled += b->units_filled;
	a->units_shipped += b->units_shipped;
	a->units_returned += b->units_returned;
	kpi_check_sums(a);
	ff_sum128_merge(&a->cyc_sum, &b->cyc_sum);
	ff_sum128_merge(&a->lat_sum, &b->lat_sum);
	ff_sum128_merge(&a->late_sum, &b->late_sum);
}

/*
 * NULL when the counts are ones that order lines can produce, else what is
 * wrong (the relations between the counts; the sums are checked by the
 * callers against the values they keep).
 */
const char *
ff_kpi_counts_check(const FfKpiCounts *s)
{
	if (s->lines < 0 || s->delivered < 0 || s->on_time < 0 || s->in_full < 0 ||
		s->otif < 0 || s->perfect_lines < 0 || s->perfect < 0 || s->late < 0 ||
		s->ncyc < 0)
		return "a count is negative";
	if (!(s->units_ordered >= 0.0 && s->units_ordered < HUGE_VAL) ||
		!(s->units_filled >= 0.0 && s->units_filled < HUGE_VAL) ||
		!(s->units_shipped >= 0.0 && s->units_shipped < HUGE_VAL) ||
		!(s->units_returned >= 0.0 && s->units_returned < HUGE_VAL))
		return "a unit sum is negative or not finite";
	if (s->delivered > s->lines || s->on_time > s->delivered ||
		s->in_full > s->lines || s->otif > s->on_time ||
		s->otif > s->in_full || s->perfect_lines > s->lines ||
		s->perfect > s->perfect_lines || s->perfect > s->otif ||
		s->late > s->delivered || s->late + s->on_time != s->delivered ||
		s->ncyc > s->delivered || s->units_filled > s->units_ordered ||
		s->units_filled > s->units_shipped)
		return "the counts do not fit together";
	if ((s->lines == 0) != (s->units_ordered == 0.0))
		return "lines and units ordered must be both 0 or both positive";
	return NULL;
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_trans);
Datum
logistics_ff_kpi_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg;
	FfKpi	   *s;
	FfKpiRow	r;

	if (!ff_kpi_row(fcinfo, &r))
		FF_SKIP();
	agg = ff_aggcontext(fcinfo, "ff_kpi_trans");
	if (PG_ARGISNULL(0))
		s = (FfKpi *) MemoryContextAllocZero(agg, sizeof(FfKpi));
	else
		s = (FfKpi *) PG_GETARG_POINTER(0);

	if (r.has_lat)
	{
		if (unlikely(s->c.delivered >= s->caplat))
			s->lat = ff_values_reserve(s->lat, &s->caplat, s->c.delivered + 1, agg);
		s->lat[s->c.delivered] = r.lat;
		if (r.has_cyc)
		{
			if (unlikely(s->c.ncyc >= s->capcyc))
				s->cyc = ff_values_reserve(s->cyc, &s->capcyc, s->c.ncyc + 1, agg);
			s->cyc[s->c.ncyc] = r.cyc;
		}
	}
	ff_kpi_count(&s->c, &r);
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

	if (b->c.delivered > 0)
	{
		if (a->c.delivered + b->c.delivered > a->caplat)
			a->lat = ff_values_reserve(a->lat, &a->caplat,
									   a->c.delivered + b->c.delivered, agg);
		memcpy(a->lat + a->c.delivered, b->lat, b->c.delivered * sizeof(int64));
	}
	if (b->c.ncyc > 0)
	{
		if (a->c.ncyc + b->c.ncyc > a->capcyc)
			a->cyc = ff_values_reserve(a->cyc, &a->capcyc,
									   a->c.ncyc + b->c.ncyc, agg);
		memcpy(a->cyc + a->c.ncyc, b->cyc, b->c.ncyc * sizeof(int64));
	}
	ff_kpi_merge(&a->c, &b->c);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_serial);
Datum
logistics_ff_kpi_serial(PG_FUNCTION_ARGS)
{
	FfKpi	   *s = (FfKpi *) PG_GETARG_POINTER(0);
	const FfKpiCounts *c = &s->c;
	uint32		tag = FF_TAG_KPI;
	char	   *w;
	bytea	   *b;

	b = ff_bytea(sizeof(tag) + 9 * sizeof(int64) + 4 * sizeof(double) +
				 3 * sizeof(FfSum128) +
				 (Size) (c->delivered + c->ncyc) * sizeof(int64), &w);
	FF_PUT(w, tag);
	FF_PUT(w, c->lines);
	FF_PUT(w, c->delivered);
	FF_PUT(w, c->on_time);
	FF_PUT(w, c->in_full);
	FF_PUT(w, c->otif);
	FF_PUT(w, c->perfect_lines);
	FF_PUT(w, c->perfect);
	FF_PUT(w, c->late);
	FF_PUT(w, c->ncyc);
	FF_PUT(w, c->units_ordered);
	FF_PUT(w, c->units_filled);
	FF_PUT(w, c->units_shipped);
	FF_PUT(w, c->units_returned);
	FF_PUT(w, c->cyc_sum);
	FF_PUT(w, c->lat_sum);
	FF_PUT(w, c->late_sum);
	if (c->delivered > 0)
		memcpy(w, s->lat, c->delivered * sizeof(int64));
	w += c->delivered * sizeof(int64);
	if (c->ncyc > 0)
		memcpy(w, s->cyc, c->ncyc * sizeof(int64));
	PG_RETURN_BYTEA_P(b);
}

/*
 * NULL when the sums and the late count of c are exactly those of its
 * values (c->delivered lateness values, c->ncyc cycle times), else what is
 * wrong: a state read from outside must not report made-up means or counts.
 */
const char *
ff_kpi_values_check(const FfKpiCounts *c, const int64 *lat, const int64 *cyc)
{
	FfSum128	sl = {0, 0};
	FfSum128	sp = {0, 0};
	FfSum128	sc = {0, 0};
	int64		nlate = 0;
	int64		i;

	for (i = 0; i < c->delivered; i++)
	{
		ff_sum128_add(&sl, lat[i]);
		if (lat[i] > 0)
		{
			ff_sum128_add(&sp, lat[i]);
			nlate++;
		}
	}
	for (i = 0; i < c->ncyc; i++)
		ff_sum128_add(&sc, cyc[i]);
	if (nlate != c->late)
		return "the late count is not that of the lateness values";
	if (sl.lo != c->lat_sum.lo || sl.hi != c->lat_sum.hi ||
		sp.lo != c->late_sum.lo || sp.hi != c->late_sum.hi ||
		sc.lo != c->cyc_sum.lo || sc.hi != c->cyc_sum.hi)
		return "the sums are not those of the values";
	return NULL;
}

/* The sums and the late count of a deserialized state must be its values'. */
static void
kpi_check_values(const FfKpi *s)
{
	if (ff_kpi_values_check(&s->c, s->lat, s->cyc) != NULL)
		ff_malformed();
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_deserial);
Datum
logistics_ff_kpi_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_KPI);
	FfKpi	   *s = (FfKpi *) palloc0(sizeof(FfKpi));
	FfKpiCounts *c = &s->c;

	c->lines = ff_read_count(&r);
	c->delivered = ff_read_count(&r);
	c->on_time = ff_read_count(&r);
	c->in_full = ff_read_count(&r);
	c->otif = ff_read_count(&r);
	c->perfect_lines = ff_read_count(&r);
	c->perfect = ff_read_count(&r);
	c->late = ff_read_count(&r);
	c->ncyc = ff_read_count(&r);
	c->units_ordered = ff_read_amount(&r);
	c->units_filled = ff_read_amount(&r);
	c->units_shipped = ff_read_amount(&r);
	c->units_returned = ff_read_amount(&r);
	ff_read(&r, &c->cyc_sum, sizeof(c->cyc_sum));
	ff_read(&r, &c->lat_sum, sizeof(c->lat_sum));
	ff_read(&r, &c->late_sum, sizeof(c->late_sum));
	if (ff_kpi_counts_check(c) != NULL)
		ff_malformed();
	/* sizes by division inside ff_read_values: counts near 2^61 cannot wrap */
	s->lat = ff_read_values(&r, c->delivered);
	s->caplat = c->delivered;
	s->cyc = ff_read_values(&r, c->ncyc);
	s->capcyc = c->ncyc;
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

/*
 * The 40 columns of the fulfillment_kpis row of the counts s into v and
 * nulls, with cyc_p and lat_p the p50, p90 and p95 of the cycle times and
 * lateness in days (read only when there are any); NULL cyc_p and lat_p:
 * the six percentile columns NULL (fulfillment_rates keeps no values).
 */
void
ff_kpi_values(const FfKpiCounts *s, const double *cyc_p, const double *lat_p,
			  Datum *v, bool *nulls)
{
	int			i;

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
		v[30] = Float8GetDatum(ff_sum_days(&s->cyc_sum, s->ncyc));
	else
		nulls[30] = true;
	for (i = 0; i < 3; i++)
	{
		if (s->ncyc > 0 && cyc_p != NULL)
			v[31 + i] = Float8GetDatum(cyc_p[i]);
		else
			nulls[31 + i] = true;
	}
	/* lateness in days: late lines, mean, p50, p90, p95, mean days late */
	v[34] = Int64GetDatum(s->late);
	if (s->delivered > 0)
		v[35] = Float8GetDatum(ff_sum_days(&s->lat_sum, s->delivered));
	else
		nulls[35] = true;
	for (i = 0; i < 3; i++)
	{
		if (s->delivered > 0 && lat_p != NULL)
			v[36 + i] = Float8GetDatum(lat_p[i]);
		else
			nulls[36 + i] = true;
	}
	if (s->late > 0)
		v[39] = Float8GetDatum(ff_sum_days(&s->late_sum, s->late));
	else
		nulls[39] = true;
}

/*
 * The fulfillment_kpis row of the counts s, with cyc_p and lat_p the p50,
 * p90 and p95 of the cycle times and lateness in days (read only when
 * there are any).
 */
Datum
ff_kpi_form(FunctionCallInfo fcinfo, const FfKpiCounts *s,
			const double *cyc_p, const double *lat_p)
{
	TupleDesc	td = ff_result_desc(fcinfo);
	Datum		v[FF_KPI_NATTS];
	bool		nulls[FF_KPI_NATTS];

	if (td->natts != FF_KPI_NATTS)
		elog(ERROR, "fulfillment_kpis has %d attributes, expected %d",
			 td->natts, FF_KPI_NATTS);
	ff_kpi_values(s, cyc_p, lat_p, v, nulls);
	return HeapTupleGetDatum(heap_form_tuple(td, v, nulls));
}

/* ---------------------------------------------------------------------
 * The counts in the text and binary forms of the state types that hold
 * them (kpis_state, fulfillment_kpis_state):
 *
 *	(lines,delivered,on_time,in_full,otif,perfect_lines,perfect,late,ncyc,
 *	 units_ordered,units_filled,units_shipped,units_returned,
 *	 cyc_hi,cyc_lo,lat_hi,lat_lo,late_hi,late_lo
 *
 * each 128-bit sum of microseconds as its high (signed) and low (unsigned,
 * written as signed) words.
 * ---------------------------------------------------------------------
 */
static void
KpiReadSum(LgTextReader *ps, FfSum128 *sum, bool last)
{
	sum->hi = lg_text_int64(ps, false);
	sum->lo = (uint64) lg_text_int64(ps, last);
}

/*
 * Read the counts; end_if_undelivered: the text ends after them when there
 * is no delivered line (else more fields always follow).  The caller checks
 * them (ff_kpi_counts_check).
 */
void
ff_kpi_counts_text_in(LgTextReader *ps, FfKpiCounts *c, bool end_if_undelivered)
{
	c->lines = lg_text_int64(ps, false);
	c->delivered = lg_text_int64(ps, false);
	c->on_time = lg_text_int64(ps, false);
	c->in_full = lg_text_int64(ps, false);
	c->otif = lg_text_int64(ps, false);
	c->perfect_lines = lg_text_int64(ps, false);
	c->perfect = lg_text_int64(ps, false);
	c->late = lg_text_int64(ps, false);
	c->ncyc = lg_text_int64(ps, false);
	c->units_ordered = lg_text_double(ps, false);
	c->units_filled = lg_text_double(ps, false);
	c->units_shipped = lg_text_double(ps, false);
	c->units_returned = lg_text_double(ps, false);
	KpiReadSum(ps, &c->cyc_sum, false);
	KpiReadSum(ps, &c->lat_sum, false);
	KpiReadSum(ps, &c->late_sum, end_if_undelivered && c->delivered == 0);
}

static void
KpiWriteSum(StringInfo buf, const FfSum128 *sum)
{
	appendStringInfo(buf, "," INT64_FORMAT "," INT64_FORMAT,
					 sum->hi, (int64) sum->lo);
}

/* "(" and the counts, without a separator after them */
void
ff_kpi_counts_text_out(StringInfo buf, const FfKpiCounts *c)
{
	appendStringInfo(buf, "(" INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT
					 "," INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT
					 "," INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT,
					 c->lines, c->delivered, c->on_time, c->in_full, c->otif,
					 c->perfect_lines, c->perfect, c->late, c->ncyc);
	appendStringInfoChar(buf, ',');
	lg_text_append_double(buf, c->units_ordered);
	appendStringInfoChar(buf, ',');
	lg_text_append_double(buf, c->units_filled);
	appendStringInfoChar(buf, ',');
	lg_text_append_double(buf, c->units_shipped);
	appendStringInfoChar(buf, ',');
	lg_text_append_double(buf, c->units_returned);
	KpiWriteSum(buf, &c->cyc_sum);
	KpiWriteSum(buf, &c->lat_sum);
	KpiWriteSum(buf, &c->late_sum);
}

/* The binary form: the same fields, int8 and float8 in network order. */
void
ff_kpi_counts_recv(StringInfo msg, FfKpiCounts *c)
{
	/* pq_getmsg* raise 08P01 on a short message */
	c->lines = pq_getmsgint64(msg);
	c->delivered = pq_getmsgint64(msg);
	c->on_time = pq_getmsgint64(msg);
	c->in_full = pq_getmsgint64(msg);
	c->otif = pq_getmsgint64(msg);
	c->perfect_lines = pq_getmsgint64(msg);
	c->perfect = pq_getmsgint64(msg);
	c->late = pq_getmsgint64(msg);
	c->ncyc = pq_getmsgint64(msg);
	c->units_ordered = pq_getmsgfloat8(msg);
	c->units_filled = pq_getmsgfloat8(msg);
	c->units_shipped = pq_getmsgfloat8(msg);
	c->units_returned = pq_getmsgfloat8(msg);
	c->cyc_sum.hi = pq_getmsgint64(msg);
	c->cyc_sum.lo = (uint64) pq_getmsgint64(msg);
	c->lat_sum.hi = pq_getmsgint64(msg);
	c->lat_sum.lo = (uint64) pq_getmsgint64(msg);
	c->late_sum.hi = pq_getmsgint64(msg);
	c->late_sum.lo = (uint64) pq_getmsgint64(msg);
}

void
ff_kpi_counts_send(StringInfo buf, const FfKpiCounts *c)
{
	pq_sendint64(buf, c->lines);
	pq_sendint64(buf, c->delivered);
	pq_sendint64(buf, c->on_time);
	pq_sendint64(buf, c->in_full);
	pq_sendint64(buf, c->otif);
	pq_sendint64(buf, c->perfect_lines);
	pq_sendint64(buf, c->perfect);
	pq_sendint64(buf, c->late);
	pq_sendint64(buf, c->ncyc);
	pq_sendfloat8(buf, c->units_ordered);
	pq_sendfloat8(buf, c->units_filled);
	pq_sendfloat8(buf, c->units_shipped);
	pq_sendfloat8(buf, c->units_returned);
	pq_sendint64(buf, c->cyc_sum.hi);
	pq_sendint64(buf, (int64) c->cyc_sum.lo);
	pq_sendint64(buf, c->lat_sum.hi);
	pq_sendint64(buf, (int64) c->lat_sum.lo);
	pq_sendint64(buf, c->late_sum.hi);
	pq_sendint64(buf, (int64) c->late_sum.lo);
}

/*
 * n * lo <= sum <= n * hi, i.e. the sum is one of n values within [lo, hi]
 * (n = 0: the sum is 0).  Exact in int128; without it, in double with a
 * margin (the checks are of made-up states, not of rounding).
 */
bool
ff_sum128_within(const FfSum128 *sum, int64 n, int64 lo, int64 hi)
{
	if (n == 0)
		return sum->lo == 0 && sum->hi == 0;
#ifdef HAVE_INT128
	{
		/* shift as unsigned: hi is negative for negative sums */
		int128		s = (int128) (((uint128) (uint64) sum->hi << 64) |
								  (uint128) sum->lo);

		return s >= (int128) n * lo && s <= (int128) n * hi;
	}
#else
	{
		/*
		 * The double of a 128-bit sum near 0 but negative loses up to 2^11
		 * of the low word (hi * 2^64 + lo): allow that much and more.
		 */
		double		mean = ff_sum128_to_double(sum) / (double) n;
		double		dlo = (double) lo;
		double		dhi = (double) hi;

		return mean >= dlo - fabs(dlo) * 1e-9 - 4096.0 &&
			mean <= dhi + fabs(dhi) * 1e-9 + 4096.0;
	}
#endif
}

PG_FUNCTION_INFO_V1(logistics_ff_kpi_final);
Datum
logistics_ff_kpi_final(PG_FUNCTION_ARGS)
{
	FfKpi	   *s = (FfKpi *) PG_GETARG_POINTER(0);
	double		day = (double) FF_USECS_PER_DAY;
	double		cyc_p[3];
	double		lat_p[3];

	if (s->c.ncyc > 0)
		ff_percentiles(s->cyc, (size_t) s->c.ncyc, ff_summary_fractions, 3,
					   day, cyc_p, lg_interrupt_callback, NULL);
	if (s->c.delivered > 0)
		ff_percentiles(s->lat, (size_t) s->c.delivered, ff_summary_fractions,
					   3, day, lat_p, lg_interrupt_callback, NULL);
	PG_RETURN_DATUM(ff_kpi_form(fcinfo, &s->c, cyc_p, lat_p));
}
