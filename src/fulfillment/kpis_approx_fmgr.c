/*-------------------------------------------------------------------------
 *
 * kpis_approx_fmgr.c
 *	  fulfillment_kpis_approx(): the fulfillment_kpis row with the cycle
 *	  time and lateness percentiles read from two KLL sketches
 *	  (common/kll.h) instead of every value, on a real state type,
 *	  logistics.kpis_state, so that parallel workers and Citus nodes ship a
 *	  fixed-size partial state per group rather than every order line
 *	  (doc/citus.md, doc/fulfillment.md).
 *
 * Every count, sum, rate, interval and mean is the one fulfillment_kpis
 * gives (the same code counts them: kpis_fmgr.c); only the six percentile
 * columns are approximate, with the rank error of the sketch (at most about
 * 1.65% of the lines with 99% confidence; exact up to 200 delivered lines).
 *
 * The state is a varlena: the counts (FfKpiCounts), then the cycle-time
 * sketch and the lateness sketch, each an LgKll block with room for the
 * values it retains (common/kll.h: at most lg_kll_slots, about 11 kB).  It
 * is updated in place in the aggregate context while a sketch has room; when
 * one needs more, the transition or combine returns a new, bigger state
 * (KpaResize), as nodeAgg expects: it copies a new state into its own
 * context and frees the old one.  So a group of 10 lines holds about 1 kB,
 * not 22 kB, in memory, in a parallel worker's partial state and in the
 * tuples that carry it.  The text form lists the counts and only the
 * retained values of each sketch:
 *
 *	(lines,delivered,on_time,in_full,otif,perfect_lines,perfect,late,ncyc,
 *	 units_ordered,units_filled,units_shipped,units_returned,
 *	 cyc_hi,cyc_lo,lat_hi,lat_lo,late_hi,late_lo,
 *	 coin,min,max,H,s0..s(H-1),values...,	(cycle times, ncyc of them)
 *	 coin,min,max,H,s0..s(H-1),values...)	(lateness, delivered of them)
 *
 * values in microseconds, top level first; the binary form has the same
 * fields.  Input from either is checked by KpaCheck: what order lines can
 * produce, as far as a sketch lets one tell (a state type with text input
 * is reachable from SQL).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/kll.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

#define KPA_TYPE "logistics.kpis_state"

typedef struct FfKpa
{
	int32		vl_len_;		/* varlena header (SET_VARSIZE) */
	int32		cyc_slots;		/* value slots of the cycle-time sketch */
	int32		lat_slots;		/* value slots of the lateness sketch */
	int32		pad;
	FfKpiCounts c;
	/* then the cycle-time and the lateness sketch (lg_kll_bytes_slots) */
} FfKpa;

#define KPA_HEAD MAXALIGN(sizeof(FfKpa))
#define KPA_SLOTS lg_kll_slots(LG_KLL_K)
#define KPA_FIRST_SLOTS 16		/* of each sketch in a new group's state */

static inline size_t
KpaBytes(size_t cyc_slots, size_t lat_slots)
{
	return KPA_HEAD + lg_kll_bytes_slots(cyc_slots) +
		lg_kll_bytes_slots(lat_slots);
}

static inline LgKll *
KpaCyc(FfKpa *s)
{
	return (LgKll *) ((char *) s + KPA_HEAD);
}

static inline LgKll *
KpaLat(FfKpa *s)
{
	return (LgKll *) ((char *) s + KPA_HEAD + lg_kll_bytes_slots(s->cyc_slots));
}

/* An empty state with room for cyc_slots and lat_slots values. */
static FfKpa *
KpaNew(MemoryContext cxt, size_t cyc_slots, size_t lat_slots)
{
	Size		bytes = KpaBytes(cyc_slots, lat_slots);
	FfKpa	   *s = (FfKpa *) MemoryContextAllocZero(cxt, bytes);

	SET_VARSIZE(s, bytes);
	s->cyc_slots = (int32) cyc_slots;
	s->lat_slots = (int32) lat_slots;
	lg_kll_init_slots(KpaCyc(s), LG_KLL_K, cyc_slots);
	lg_kll_init_slots(KpaLat(s), LG_KLL_K, lat_slots);
	return s;
}

/*
 * A new state in the current (per-row) memory context with the counts and
 * sketches of s and room for cyc_slots and lat_slots values (at least
 * those s retains).  A state the aggregate owns is never enlarged in
 * place: nodeAgg, its window form and Citus's worker_partial_agg_sfunc
 * (aggregate_utils.c, HandleTransition) all copy a new state returned by
 * the transition or combine into the aggregate context and free the old
 * one.
 */
static FfKpa *
KpaResize(FfKpa *s, size_t cyc_slots, size_t lat_slots)
{
	FfKpa	   *t = KpaNew(CurrentMemoryContext, cyc_slots, lat_slots);
	LgKll	   *cyc = KpaCyc(s);
	LgKll	   *lat = KpaLat(s);

	t->c = s->c;
	memcpy(KpaCyc(t), cyc, lg_kll_bytes_slots(lg_kll_retained(cyc)));
	memcpy(KpaLat(t), lat, lg_kll_bytes_slots(lg_kll_retained(lat)));
	return t;
}

/* Slots for need values: have doubled until they fit, at most KPA_SLOTS. */
static size_t
KpaGrow(size_t have, size_t need)
{
	size_t		n = have > 0 ? have : KPA_FIRST_SLOTS;

	if (need > KPA_SLOTS)		/* adding and merging never need more */
		elog(ERROR, "kpis_state: a sketch needs %zu value slots", need);
	while (n < need)
		n *= 2;
	return n < KPA_SLOTS ? n : KPA_SLOTS;
}

/* The same arguments as fulfillment_kpis (ff_kpi_row). */
PG_FUNCTION_INFO_V1(logistics_ff_kpa_trans);
Datum
logistics_ff_kpa_trans(PG_FUNCTION_ARGS)
{
	FfKpa	   *s;
	FfKpiRow	r;

	(void) ff_aggcontext(fcinfo, "ff_kpa_trans");
	if (!ff_kpi_row(fcinfo, &r))
		FF_SKIP();
	if (PG_ARGISNULL(0))
		s = KpaNew(CurrentMemoryContext, KPA_FIRST_SLOTS, KPA_FIRST_SLOTS);
	else
		s = (FfKpa *) PG_GETARG_POINTER(0);
	/* a sketch without room for its value: a new state with more room */
	if (r.has_lat &&
		!lg_kll_add_within(KpaLat(s), (double) r.lat, lg_kll_scratch(),
						   (size_t) s->lat_slots))
	{
		s = KpaResize(s, (size_t) s->cyc_slots,
					  KpaGrow(s->lat_slots, (size_t) s->lat_slots + 1));
		lg_kll_add(KpaLat(s), (double) r.lat, lg_kll_scratch());
	}
	if (r.has_cyc &&
		!lg_kll_add_within(KpaCyc(s), (double) r.cyc, lg_kll_scratch(),
						   (size_t) s->cyc_slots))
	{
		s = KpaResize(s, KpaGrow(s->cyc_slots, (size_t) s->cyc_slots + 1),
					  (size_t) s->lat_slots);
		lg_kll_add(KpaCyc(s), (double) r.cyc, lg_kll_scratch());
	}
	ff_kpi_count(&s->c, &r);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpa_combine);
Datum
logistics_ff_kpa_combine(PG_FUNCTION_ARGS)
{
	FfKpa	   *a;
	FfKpa	   *b;
	size_t		ncyc;
	size_t		nlat;

	(void) ff_aggcontext(fcinfo, "ff_kpa_combine");
	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfKpa *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		/* a copy (b may be a worker's tuple): nodeAgg adopts it */
		a = (FfKpa *) palloc(VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		PG_RETURN_POINTER(a);
	}
	a = (FfKpa *) PG_GETARG_POINTER(0);
	/* the merged sketches retain at most the values of both */
	ncyc = Min(lg_kll_retained(KpaCyc(a)) + lg_kll_retained(KpaCyc(b)), KPA_SLOTS);
	nlat = Min(lg_kll_retained(KpaLat(a)) + lg_kll_retained(KpaLat(b)), KPA_SLOTS);
	if (ncyc > (size_t) a->cyc_slots || nlat > (size_t) a->lat_slots)
		a = KpaResize(a, Max(ncyc, (size_t) a->cyc_slots),
					  Max(nlat, (size_t) a->lat_slots));
	ff_kpi_merge(&a->c, &b->c);
	lg_kll_merge(KpaCyc(a), KpaCyc(b), lg_kll_scratch());
	lg_kll_merge(KpaLat(a), KpaLat(b), lg_kll_scratch());
	PG_RETURN_POINTER(a);
}

/* p50, p90, p95 of a sketch of microseconds, in days */
static void
KpaDays(const LgKll *sk, double *out)
{
	double	   *work = (double *) palloc(2 * KPA_SLOTS * sizeof(double));
	int			i;

	lg_kll_quantiles(sk, ff_summary_fractions, 3, out, work);
	for (i = 0; i < 3; i++)
		out[i] /= (double) FF_USECS_PER_DAY;
	pfree(work);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpa_final);
Datum
logistics_ff_kpa_final(PG_FUNCTION_ARGS)
{
	FfKpa	   *s = (FfKpa *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double		cyc_p[3];
	double		lat_p[3];

	if (s->c.ncyc > 0)
		KpaDays(KpaCyc(s), cyc_p);
	if (s->c.delivered > 0)
		KpaDays(KpaLat(s), lat_p);
	PG_RETURN_DATUM(ff_kpi_form(fcinfo, &s->c, cyc_p, lat_p));
}

/* ---------------------------------------------------------------------
 * Checks of a state read from outside
 * ---------------------------------------------------------------------
 */

/* The header of a sketch read from outside, before its values are read. */
static const char *
KpaCheckLevels(const LgKll *sk)
{
	int			h;

	if (sk->nlevels < 1 || sk->nlevels > LG_KLL_MAX_LEVELS)
		return "level count out of range";
	for (h = 0; h < sk->nlevels; h++)
		if (sk->size[h] < 0 ||
			sk->size[h] >= lg_kll_capacity(LG_KLL_K, h, sk->nlevels))
			return "a level is over its capacity";
	return NULL;
}

/*
 * A sketch of n durations: the KLL invariants (lg_kll_check), whole
 * microseconds, and for an empty one the state lg_kll_init makes.
 */
static const char *
KpaCheckSketch(const LgKll *sk, int64 n)
{
	const char *why;
	size_t		i;
	size_t		total;

	if (sk->n != n)
		return "a sketch does not hold one value per line";
	if ((why = lg_kll_check(sk)) != NULL)
		return why;
	if (n == 0)
	{
		LgKll		fresh;		/* its header: no value slots */

		lg_kll_init_slots(&fresh, LG_KLL_K, 0);
		return sk->rng == fresh.rng && sk->min == 0.0 && sk->max == 0.0 &&
			sk->nlevels == 1 ? NULL :
			"an empty sketch must have the initial coin, min and max 0 and one level";
	}
	if (sk->min != rint(sk->min) || sk->max != rint(sk->max) ||
		!(sk->min >= -9.2233720368547758e18 && sk->max < 9.2233720368547758e18))
		return "durations must be whole microseconds";
	total = lg_kll_retained(sk);
	for (i = 0; i < total; i++)
		if (sk->items[i] != rint(sk->items[i]))
			return "durations must be whole microseconds";
	return NULL;
}

/*
 * What order lines can produce: counts that fit together
 * (ff_kpi_counts_check), one sketch value per delivered line (lateness)
 * and per line with a cycle time, sums whose means lie between the
 * sketches' exact extremes, late lines only with a positive lateness.  A
 * sketch that never compacted (one level) holds every value, and then the
 * sums and the late count must be exactly theirs, as the internal state's
 * deserializer checks them.
 */
static const char *
KpaCheck(FfKpa *s)
{
	const FfKpiCounts *c = &s->c;
	LgKll	   *cyc = KpaCyc(s);
	LgKll	   *lat = KpaLat(s);
	const char *why;

	if ((why = ff_kpi_counts_check(c)) != NULL)
		return why;
	if (c->lines == 0)
		return "a state holds at least one line";
	if ((why = KpaCheckSketch(cyc, c->ncyc)) != NULL ||
		(why = KpaCheckSketch(lat, c->delivered)) != NULL)
		return why;
	/* min and max: whole microseconds in the int64 range (KpaCheckSketch) */
	if (!ff_sum128_within(&c->cyc_sum, c->ncyc, (int64) cyc->min, (int64) cyc->max) ||
		!ff_sum128_within(&c->lat_sum, c->delivered, (int64) lat->min, (int64) lat->max) ||
		!ff_sum128_within(&c->late_sum, c->late, 1, (int64) lat->max))
		return "a sum is not one of its durations";
	if ((c->late > 0 && !(lat->max > 0.0)) ||
		(c->delivered > 0 && lat->min > 0.0 && c->late != c->delivered))
		return "the late count does not fit the lateness";
	if (cyc->nlevels == 1 && lat->nlevels == 1)
	{
		FfSum128	sc = {0, 0};
		FfSum128	sl = {0, 0};
		FfSum128	sp = {0, 0};
		int64		nlate = 0;
		int32		i;

		for (i = 0; i < cyc->size[0]; i++)
			ff_sum128_add(&sc, (int64) cyc->items[i]);
		for (i = 0; i < lat->size[0]; i++)
		{
			int64		v = (int64) lat->items[i];

			ff_sum128_add(&sl, v);
			if (v > 0)
			{
				ff_sum128_add(&sp, v);
				nlate++;
			}
		}
		if (sc.lo != c->cyc_sum.lo || sc.hi != c->cyc_sum.hi ||
			sl.lo != c->lat_sum.lo || sl.hi != c->lat_sum.hi ||
			sp.lo != c->late_sum.lo || sp.hi != c->late_sum.hi ||
			nlate != c->late)
			return "the sums are not those of the values";
	}
	return NULL;
}

/* ---------------------------------------------------------------------
 * Text I/O
 * ---------------------------------------------------------------------
 */

/*
 * A state read (into all the slots) with room for just the values it
 * retains: what the transition or combine would ship for it.
 */
static FfKpa *
KpaFit(FfKpa *s)
{
	FfKpa	   *t = KpaResize(s, lg_kll_retained(KpaCyc(s)),
							  lg_kll_retained(KpaLat(s)));

	pfree(s);
	return t;
}

/*
 * coin,min,max,H,sizes,values of a sketch of n values; last: the sketch
 * ends the text (an empty one, n = 0, ends with its level size)
 */
static void
KpaReadSketch(LgTextReader *ps, LgKll *sk, int64 n, bool last)
{
	const char *why;
	size_t		total = 0;
	size_t		i;
	int64		h;

	sk->n = n;
	sk->rng = lg_text_uint64(ps, false);
	sk->min = lg_text_double(ps, false);
	sk->max = lg_text_double(ps, false);
	h = lg_text_int64(ps, false);
	if (h < 1 || h > LG_KLL_MAX_LEVELS)
		lg_text_error(ps, "level count out of range");
	sk->nlevels = (int32) h;
	for (h = 0; h < sk->nlevels; h++)
	{
		int64		v = lg_text_int64(ps, last && n == 0 &&
									  h + 1 == sk->nlevels);

		if (v < 0 || v > PG_INT32_MAX)
			lg_text_error(ps, "a level is over its capacity");
		sk->size[h] = (int32) v;
	}
	if ((why = KpaCheckLevels(sk)) != NULL)
		lg_text_error(ps, why);
	for (h = 0; h < sk->nlevels; h++)
		total += sk->size[h];
	if (total > KPA_SLOTS || (n == 0) != (total == 0))
		lg_text_error(ps, "the weights do not add up to the count");
	for (i = 0; i < total; i++)
		sk->items[i] = lg_text_double(ps, last && i + 1 == total);
}

PG_FUNCTION_INFO_V1(logistics_kpis_state_in);
Datum
logistics_kpis_state_in(PG_FUNCTION_ARGS)
{
	LgTextReader ps;
	FfKpa	   *s = KpaNew(CurrentMemoryContext, KPA_SLOTS, KPA_SLOTS);
	FfKpiCounts *c = &s->c;
	const char *why;

	lg_text_begin(&ps, KPA_TYPE, PG_GETARG_CSTRING(0));
	ff_kpi_counts_text_in(&ps, c, false);
	if ((why = ff_kpi_counts_check(c)) != NULL)
		lg_text_error(&ps, why);
	KpaReadSketch(&ps, KpaCyc(s), c->ncyc, false);
	KpaReadSketch(&ps, KpaLat(s), c->delivered, true);
	if ((why = KpaCheck(s)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(KpaFit(s));
}

static void
KpaWriteSketch(StringInfo buf, const LgKll *sk)
{
	size_t		total = lg_kll_retained(sk);
	size_t		i;
	int			h;

	appendStringInfo(buf, "," UINT64_FORMAT ",", sk->rng);
	lg_text_append_double(buf, sk->min);
	appendStringInfoChar(buf, ',');
	lg_text_append_double(buf, sk->max);
	appendStringInfo(buf, ",%d", sk->nlevels);
	for (h = 0; h < sk->nlevels; h++)
		appendStringInfo(buf, ",%d", sk->size[h]);
	for (i = 0; i < total; i++)
	{
		appendStringInfoChar(buf, ',');
		lg_text_append_double(buf, sk->items[i]);
	}
}

PG_FUNCTION_INFO_V1(logistics_kpis_state_out);
Datum
logistics_kpis_state_out(PG_FUNCTION_ARGS)
{
	FfKpa	   *s = (FfKpa *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const FfKpiCounts *c = &s->c;
	StringInfoData buf;

	initStringInfo(&buf);
	ff_kpi_counts_text_out(&buf, c);
	KpaWriteSketch(&buf, KpaCyc(s));
	KpaWriteSketch(&buf, KpaLat(s));
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

/* ---------------------------------------------------------------------
 * Binary I/O: the fields of the text form, in network byte order (counts
 * and sum words int8, amounts and values float8, level count and sizes
 * int4)
 * ---------------------------------------------------------------------
 */

static void
KpaBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type " KPA_TYPE ": %s", why)));
}

static void
KpaRecvSketch(StringInfo msg, LgKll *sk, int64 n)
{
	const char *why;
	size_t		total = 0;
	size_t		i;
	int			h;

	sk->n = n;
	sk->rng = (uint64) pq_getmsgint64(msg);
	sk->min = pq_getmsgfloat8(msg);
	sk->max = pq_getmsgfloat8(msg);
	sk->nlevels = (int32) pq_getmsgint(msg, 4);
	if (sk->nlevels < 1 || sk->nlevels > LG_KLL_MAX_LEVELS)
		KpaBadBinary("level count out of range");
	for (h = 0; h < sk->nlevels; h++)
		sk->size[h] = (int32) pq_getmsgint(msg, 4);
	if ((why = KpaCheckLevels(sk)) != NULL)
		KpaBadBinary(why);
	for (h = 0; h < sk->nlevels; h++)
		total += sk->size[h];
	if (total > KPA_SLOTS)
		KpaBadBinary("the weights do not add up to the count");
	for (i = 0; i < total; i++)
		sk->items[i] = pq_getmsgfloat8(msg);
}

PG_FUNCTION_INFO_V1(logistics_kpis_state_recv);
Datum
logistics_kpis_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	FfKpa	   *s = KpaNew(CurrentMemoryContext, KPA_SLOTS, KPA_SLOTS);
	FfKpiCounts *c = &s->c;
	const char *why;

	ff_kpi_counts_recv(msg, c);
	if ((why = ff_kpi_counts_check(c)) != NULL)
		KpaBadBinary(why);
	KpaRecvSketch(msg, KpaCyc(s), c->ncyc);
	KpaRecvSketch(msg, KpaLat(s), c->delivered);
	if (msg->cursor != msg->len)
		KpaBadBinary("bytes after the last value");
	if ((why = KpaCheck(s)) != NULL)
		KpaBadBinary(why);
	PG_RETURN_POINTER(KpaFit(s));
}

static void
KpaSendSketch(StringInfo buf, const LgKll *sk)
{
	size_t		total = lg_kll_retained(sk);
	size_t		i;
	int			h;

	pq_sendint64(buf, (int64) sk->rng);
	pq_sendfloat8(buf, sk->min);
	pq_sendfloat8(buf, sk->max);
	pq_sendint32(buf, sk->nlevels);
	for (h = 0; h < sk->nlevels; h++)
		pq_sendint32(buf, sk->size[h]);
	for (i = 0; i < total; i++)
		pq_sendfloat8(buf, sk->items[i]);
}

PG_FUNCTION_INFO_V1(logistics_kpis_state_send);
Datum
logistics_kpis_state_send(PG_FUNCTION_ARGS)
{
	FfKpa	   *s = (FfKpa *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const FfKpiCounts *c = &s->c;
	StringInfoData buf;

	pq_begintypsend(&buf);
	ff_kpi_counts_send(&buf, c);
	KpaSendSketch(&buf, KpaCyc(s));
	KpaSendSketch(&buf, KpaLat(s));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
