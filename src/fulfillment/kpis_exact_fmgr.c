/*-------------------------------------------------------------------------
 *
 * kpis_exact_fmgr.c
 *	  fulfillment_kpis() on a real state type,
 *	  logistics.fulfillment_kpis_state, so that Citus splits it into worker
 *	  partials and a coordinator combine (doc/citus.md) instead of shipping
 *	  every order line to the coordinator.
 *
 * The exact percentiles need every cycle time and every lateness, so the
 * state keeps them, and nothing else besides the counts and sums of
 * fulfillment_rates (FfKpiCounts, counted by the same code as before:
 * kpis_fmgr.c).  Each value list carries a flag saying it is sorted; the
 * transition keeps the flag while values arrive in order (one comparison),
 * the combine merges two sorted lists in place and appends otherwise, and
 * the final reads sorted lists at their positions and selects in a copy of
 * the others (ff_percentiles_sorted, ff_percentiles: the same arithmetic,
 * so the same bits as the internal state gave).
 *
 * The state is a varlena: the header, then room for cap lateness values,
 * then room for cap cycle times (a line with a cycle time is delivered, so
 * ncyc <= delivered <= cap).  A full state is never enlarged in place: a
 * new one with twice the room is returned from the per-row context, and
 * nodeAgg (or Citus's worker_partial_agg, HandleTransition) copies it into
 * the aggregate context and frees the old one, as for kpis_state.  The
 * whole state is one allocation, so a group holds at most KPX_MAX_CAP
 * (about 67 million) delivered lines.
 *
 * Text form (what Citus ships from each worker): the counts as kpis_state
 * writes them, then each list sorted ascending and delta-encoded,
 *
 *	(lines,...,late_lo,l1,unit,(l2-l1)/unit,...,c1,unit,(c2-c1)/unit,...)
 *
 * lateness first (delivered values), then cycle times (ncyc values), in
 * microseconds: the first value signed, then a unit >= 1 that divides every
 * difference (the writer uses their greatest common divisor, so times kept
 * to the second cost a few characters per line), then the differences
 * divided by it.  The binary form is the counts, then the values of both
 * lists sorted (int8).  Input of either is checked as the internal
 * deserializer checks it: counts that fit together, lists sorted, sums and
 * the late count exactly those of the values (a state type with text input
 * is reachable from SQL).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

#define KPX_TYPE "logistics.fulfillment_kpis_state"

typedef struct FfKpx
{
	int32		vl_len_;		/* varlena header (SET_VARSIZE) */
	int32		flags;			/* KPX_LAT_SORTED, KPX_CYC_SORTED */
	int64		cap;			/* value slots of each list */
	FfKpiCounts c;
	int64		vals[FLEXIBLE_ARRAY_MEMBER];	/* lateness, then cycle times */
} FfKpx;

#define KPX_LAT_SORTED 1
#define KPX_CYC_SORTED 2
#define KPX_MIN_CAP 16
#define KPX_MAX_CAP ((int64) ((MaxAllocSize - offsetof(FfKpx, vals)) / (2 * sizeof(int64))))

static inline int64 *
KpxLat(FfKpx *s)
{
	return s->vals;
}

static inline int64 *
KpxCyc(FfKpx *s)
{
	return s->vals + s->cap;
}

static void
KpxTooMany(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("fulfillment_kpis holds at most %lld delivered lines in one group; use fulfillment_kpis_approx for bigger groups",
					(long long) KPX_MAX_CAP)));
}

/* An empty state (sorted lists) with cap slots, in the current context. */
static FfKpx *
KpxNew(int64 cap)
{
	Size		bytes;
	FfKpx	   *s;

	if (cap > KPX_MAX_CAP)
		KpxTooMany();
	bytes = offsetof(FfKpx, vals) + (Size) cap * 2 * sizeof(int64);
	s = (FfKpx *) palloc(bytes);
	memset(s, 0, offsetof(FfKpx, vals));
	SET_VARSIZE(s, bytes);
	s->cap = cap;
	s->flags = KPX_LAT_SORTED | KPX_CYC_SORTED;
	return s;
}

/*
 * A copy of s in a new state of the current (per-row) context with room for
 * at least need values: the room doubled until it fits.
 */
static FfKpx *
KpxGrow(FfKpx *s, int64 need)
{
	int64		cap = Max(s->cap, KPX_MIN_CAP);
	FfKpx	   *t;

	if (need > KPX_MAX_CAP)
		KpxTooMany();
	while (cap < need)
		cap = cap > KPX_MAX_CAP / 2 ? KPX_MAX_CAP : 2 * cap;
	t = KpxNew(cap);
	t->flags = s->flags;
	t->c = s->c;
	memcpy(KpxLat(t), KpxLat(s), s->c.delivered * sizeof(int64));
	memcpy(KpxCyc(t), KpxCyc(s), s->c.ncyc * sizeof(int64));
	return t;
}

/* Append v to list[0..n), clearing flag when it breaks the order. */
static inline void
KpxAppend(FfKpx *s, int64 *list, int64 n, int64 v, int32 flag)
{
	if (n > 0 && v < list[n - 1])
		s->flags &= ~flag;
	list[n] = v;
}

/* The same arguments as fulfillment_kpis before (ff_kpi_row). */
PG_FUNCTION_INFO_V1(logistics_ff_kpis_trans);
Datum
logistics_ff_kpis_trans(PG_FUNCTION_ARGS)
{
	FfKpx	   *s;
	FfKpiRow	r;

	(void) ff_aggcontext(fcinfo, "ff_kpis_trans");
	if (!ff_kpi_row(fcinfo, &r))
		FF_SKIP();
	if (PG_ARGISNULL(0))
		s = KpxNew(KPX_MIN_CAP);
	else
		s = (FfKpx *) PG_GETARG_POINTER(0);
	if (r.has_lat)
	{
		if (unlikely(s->c.delivered >= s->cap))
			s = KpxGrow(s, s->c.delivered + 1);
		KpxAppend(s, KpxLat(s), s->c.delivered, r.lat, KPX_LAT_SORTED);
		if (r.has_cyc)
			KpxAppend(s, KpxCyc(s), s->c.ncyc, r.cyc, KPX_CYC_SORTED);
	}
	ff_kpi_count(&s->c, &r);
	PG_RETURN_POINTER(s);
}

/*
 * a[0..na) += b[0..nb) (a has room for both): merged from the back when
 * both are sorted (so a stays sorted), else appended and flag cleared.
 */
static void
KpxMergeList(FfKpx *s, int64 *a, int64 na, const int64 *b, int64 nb,
			 bool b_sorted, int32 flag)
{
	int64		i = na - 1;
	int64		j = nb - 1;
	int64		k = na + nb - 1;

	if (nb == 0)
		return;
	if (!(s->flags & flag) || !b_sorted)
	{
		memcpy(a + na, b, nb * sizeof(int64));
		s->flags &= ~flag;
		return;
	}
	while (j >= 0)
	{
		if (i >= 0 && a[i] > b[j])
			a[k--] = a[i--];
		else
			a[k--] = b[j--];
	}
}

PG_FUNCTION_INFO_V1(logistics_ff_kpis_combine);
Datum
logistics_ff_kpis_combine(PG_FUNCTION_ARGS)
{
	FfKpx	   *a;
	FfKpx	   *b;

	(void) ff_aggcontext(fcinfo, "ff_kpis_combine");
	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfKpx *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
		/* a copy (b may be a worker's tuple): nodeAgg adopts it */
		PG_RETURN_POINTER(KpxGrow(b, b->c.delivered));
	a = (FfKpx *) PG_GETARG_POINTER(0);
	/* counts <= KPX_MAX_CAP each: the sum cannot wrap */
	if (a->c.delivered + b->c.delivered > a->cap)
		a = KpxGrow(a, a->c.delivered + b->c.delivered);
	KpxMergeList(a, KpxLat(a), a->c.delivered, KpxLat(b), b->c.delivered,
				 (b->flags & KPX_LAT_SORTED) != 0, KPX_LAT_SORTED);
	KpxMergeList(a, KpxCyc(a), a->c.ncyc, KpxCyc(b), b->c.ncyc,
				 (b->flags & KPX_CYC_SORTED) != 0, KPX_CYC_SORTED);
	ff_kpi_merge(&a->c, &b->c);
	PG_RETURN_POINTER(a);
}

/*
 * p50, p90, p95 in days of v[0..n) (n >= 1): read in place when sorted,
 * else selected in a copy (the state is read-only here).
 */
static void
KpxPercentiles(const int64 *v, int64 n, bool sorted, double *out)
{
	double		day = (double) FF_USECS_PER_DAY;
	int64	   *w;

	if (sorted)
	{
		ff_percentiles_sorted(v, (size_t) n, ff_summary_fractions, 3, day, out);
		return;
	}
	w = (int64 *) palloc(n * sizeof(int64));
	memcpy(w, v, n * sizeof(int64));
	ff_percentiles(w, (size_t) n, ff_summary_fractions, 3, day, out,
				   lg_interrupt_callback, NULL);
	pfree(w);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpis_final);
Datum
logistics_ff_kpis_final(PG_FUNCTION_ARGS)
{
	FfKpx	   *s = (FfKpx *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double		cyc_p[3];
	double		lat_p[3];

	if (s->c.ncyc > 0)
		KpxPercentiles(KpxCyc(s), s->c.ncyc, (s->flags & KPX_CYC_SORTED) != 0,
					   cyc_p);
	if (s->c.delivered > 0)
		KpxPercentiles(KpxLat(s), s->c.delivered,
					   (s->flags & KPX_LAT_SORTED) != 0, lat_p);
	PG_RETURN_DATUM(ff_kpi_form(fcinfo, &s->c, cyc_p, lat_p));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O
 * ---------------------------------------------------------------------
 */

/* The lists of s sorted: s itself, or a sorted copy (s is read-only). */
static FfKpx *
KpxSorted(FfKpx *s)
{
	if ((s->flags & (KPX_LAT_SORTED | KPX_CYC_SORTED)) ==
		(KPX_LAT_SORTED | KPX_CYC_SORTED))
		return s;
	s = KpxGrow(s, s->c.delivered);
	ff_sort_int64(KpxLat(s), (size_t) s->c.delivered, lg_interrupt_callback, NULL);
	ff_sort_int64(KpxCyc(s), (size_t) s->c.ncyc, lg_interrupt_callback, NULL);
	s->flags |= KPX_LAT_SORTED | KPX_CYC_SORTED;
	return s;
}

/*
 * What rows can produce, for a state read with its lists sorted: counts
 * that fit together, at least one line, sums and late count of the values.
 */
static const char *
KpxCheck(const FfKpx *s)
{
	const char *why;

	if ((why = ff_kpi_counts_check(&s->c)) != NULL)
		return why;
	if (s->c.lines < 1)
		return "a state holds at least one line";
	return ff_kpi_values_check(&s->c, s->vals, s->vals + s->cap);
}

/* A state for the counts c read from outside, or NULL with *why. */
static FfKpx *
KpxForCounts(const FfKpiCounts *c, const char **why)
{
	FfKpx	   *s;

	if ((*why = ff_kpi_counts_check(c)) != NULL)
		return NULL;
	if (c->delivered > KPX_MAX_CAP)
	{
		*why = "too many delivered lines";
		return NULL;
	}
	s = KpxNew(Max(c->delivered, 1));
	s->c = *c;
	return s;
}

static uint64
KpxGcd(uint64 a, uint64 b)
{
	while (b != 0)
	{
		uint64		t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* ",first,unit,differences / unit..." of a sorted list (n >= 1) */
static void
KpxWriteList(StringInfo buf, const int64 *v, int64 n)
{
	uint64		unit = 0;
	int64		i;

	for (i = 1; i < n && unit != 1; i++)
		unit = KpxGcd(unit, (uint64) v[i] - (uint64) v[i - 1]);
	if (unit == 0)
		unit = 1;
	appendStringInfo(buf, "," INT64_FORMAT "," UINT64_FORMAT, v[0], unit);
	for (i = 1; i < n; i++)
	{
		/* 20 digits and a comma at most */
		enlargeStringInfo(buf, 22);
		buf->data[buf->len++] = ',';
		buf->len += pg_ulltoa_n(((uint64) v[i] - (uint64) v[i - 1]) / unit,
								buf->data + buf->len);
	}
	buf->data[buf->len] = '\0';
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_kpis_state_out);
Datum
logistics_fulfillment_kpis_state_out(PG_FUNCTION_ARGS)
{
	FfKpx	   *s = KpxSorted((FfKpx *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0)));
	StringInfoData buf;

	initStringInfo(&buf);
	ff_kpi_counts_text_out(&buf, &s->c);
	if (s->c.delivered > 0)
		KpxWriteList(&buf, KpxLat(s), s->c.delivered);
	if (s->c.ncyc > 0)
		KpxWriteList(&buf, KpxCyc(s), s->c.ncyc);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * A list of n >= 1 values written by KpxWriteList; last: it ends the text.
 * Each difference is a multiple of the unit that must not pass INT64_MAX.
 */
static void
KpxReadList(LgTextReader *ps, int64 *v, int64 n, bool last)
{
	uint64		unit;
	int64		i;

	v[0] = lg_text_int64(ps, false);
	unit = lg_text_uint64(ps, last && n == 1);
	if (unit == 0)
		lg_text_error(ps, "the unit of the differences must be at least 1");
	for (i = 1; i < n; i++)
	{
		uint64		q = lg_text_uint64(ps, last && i + 1 == n);

		/* INT64_MAX - v[i - 1] in modular arithmetic is its true value */
		if (q > ((uint64) PG_INT64_MAX - (uint64) v[i - 1]) / unit)
			lg_text_error(ps, "a value is out of range for bigint microseconds");
		v[i] = (int64) ((uint64) v[i - 1] + q * unit);
	}
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_kpis_state_in);
Datum
logistics_fulfillment_kpis_state_in(PG_FUNCTION_ARGS)
{
	LgTextReader ps;
	FfKpiCounts c;
	const char *why;
	FfKpx	   *s;

	lg_text_begin(&ps, KPX_TYPE, PG_GETARG_CSTRING(0));
	ff_kpi_counts_text_in(&ps, &c, true);
	/* each value takes at least 2 characters: allocate no more than that */
	if (c.delivered > (int64) (strlen(ps.str) / 2))
		lg_text_error(&ps, "more values than the text holds");
	if ((s = KpxForCounts(&c, &why)) == NULL)
		lg_text_error(&ps, why);
	if (c.delivered > 0)
		KpxReadList(&ps, KpxLat(s), c.delivered, c.ncyc == 0);
	if (c.ncyc > 0)
		KpxReadList(&ps, KpxCyc(s), c.ncyc, true);
	if ((why = KpxCheck(s)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(s);
}

static void
KpxBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type " KPX_TYPE ": %s", why)));
}

/* n values (int8) that must not decrease */
static void
KpxRecvList(StringInfo msg, int64 *v, int64 n)
{
	int64		i;

	for (i = 0; i < n; i++)
	{
		v[i] = pq_getmsgint64(msg);
		if (i > 0 && v[i] < v[i - 1])
			KpxBadBinary("the values must be sorted");
	}
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_kpis_state_recv);
Datum
logistics_fulfillment_kpis_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	FfKpiCounts c;
	const char *why;
	FfKpx	   *s;
	int64		left;

	ff_kpi_counts_recv(msg, &c);
	/* the length first, so that no allocation follows made-up counts */
	left = (msg->len - msg->cursor) / (int64) sizeof(int64);
	if (c.delivered < 0 || c.ncyc < 0 || c.delivered > left ||
		c.ncyc > left - c.delivered ||
		(int64) (msg->len - msg->cursor) !=
		(c.delivered + c.ncyc) * (int64) sizeof(int64))
		KpxBadBinary("the length does not match the counts");
	if ((s = KpxForCounts(&c, &why)) == NULL)
		KpxBadBinary(why);
	KpxRecvList(msg, KpxLat(s), c.delivered);
	KpxRecvList(msg, KpxCyc(s), c.ncyc);
	if ((why = KpxCheck(s)) != NULL)
		KpxBadBinary(why);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_kpis_state_send);
Datum
logistics_fulfillment_kpis_state_send(PG_FUNCTION_ARGS)
{
	FfKpx	   *s = KpxSorted((FfKpx *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0)));
	StringInfoData buf;
	int64		i;

	pq_begintypsend(&buf);
	ff_kpi_counts_send(&buf, &s->c);
	for (i = 0; i < s->c.delivered; i++)
		pq_sendint64(&buf, KpxLat(s)[i]);
	for (i = 0; i < s->c.ncyc; i++)
		pq_sendint64(&buf, KpxCyc(s)[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
