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
 * the final reads sorted lists at their positions and selects in the
 * others (ff_percentiles_sorted, ff_percentiles: the same arithmetic, so
 * the same bits as the internal state gave).
 *
 * In memory the state is an expanded object (utils/expandeddatum.h) in its
 * own memory context under the aggregate's: the counts and two value arrays
 * grown in place by repalloc, as the internal state's were, so a group of a
 * million lines is never copied while it grows.  nodeAgg, its window form
 * and Citus's worker_partial_agg (HandleTransition) keep a read-write
 * expanded state that lives in a child of the aggregate context as it is.
 * Flattened (a parallel worker's tuple, a stored value) it is a varlena:
 * the header, the counts, then the lateness and the cycle times, at most
 * 1 GB.  Every reader takes either form without copying (KpxViewOf).
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
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

#define KPX_TYPE "logistics.fulfillment_kpis_state"

/* The flat form: a varlena. */
typedef struct FfKpx
{
	int32		vl_len_;		/* varlena header (SET_VARSIZE) */
	int32		flags;			/* KPX_LAT_SORTED, KPX_CYC_SORTED */
	FfKpiCounts c;
	int64		vals[FLEXIBLE_ARRAY_MEMBER];	/* lateness, then cycle times */
} FfKpx;

/* The expanded form, in its own memory context. */
typedef struct FfKpxX
{
	ExpandedObjectHeader hdr;
	int32		flags;
	FfKpiCounts c;
	int64		caplat;			/* slots of lat and cyc */
	int64		capcyc;
	int64	   *lat;
	int64	   *cyc;
} FfKpxX;

/* Either form, read-only. */
typedef struct KpxView
{
	int32		flags;
	const FfKpiCounts *c;
	const int64 *lat;
	const int64 *cyc;
} KpxView;

#define KPX_LAT_SORTED 1
#define KPX_CYC_SORTED 2
#define KPX_SORTED (KPX_LAT_SORTED | KPX_CYC_SORTED)
#define KPX_MIN_CAP 16
/* values of a flat state: at most 1 GB in all */
#define KPX_FLAT_MAX ((int64) ((MaxAllocSize - offsetof(FfKpx, vals)) / sizeof(int64)))

static Size KpxFlatSize(ExpandedObjectHeader *eohptr);
static void KpxFlatten(ExpandedObjectHeader *eohptr, void *result,
					   Size allocated_size);

static const ExpandedObjectMethods kpx_methods = {
	KpxFlatSize,
	KpxFlatten
};

static Size
KpxFlatSize(ExpandedObjectHeader *eohptr)
{
	FfKpxX	   *x = (FfKpxX *) eohptr;

	/* counts <= FF_VALUES_MAX each: the sum cannot wrap */
	if (x->c.delivered + x->c.ncyc > KPX_FLAT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("fulfillment_kpis: a state of %lld values is over 1 GB and cannot leave this process (a parallel worker or a Citus node); use fulfillment_kpis_approx for such groups",
						(long long) (x->c.delivered + x->c.ncyc))));
	return offsetof(FfKpx, vals) +
		(Size) (x->c.delivered + x->c.ncyc) * sizeof(int64);
}

static void
KpxFlatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	FfKpxX	   *x = (FfKpxX *) eohptr;
	FfKpx	   *f = (FfKpx *) result;

	memset(f, 0, offsetof(FfKpx, vals));
	SET_VARSIZE(f, allocated_size);
	f->flags = x->flags;
	f->c = x->c;
	memcpy(f->vals, x->lat, x->c.delivered * sizeof(int64));
	memcpy(f->vals + x->c.delivered, x->cyc, x->c.ncyc * sizeof(int64));
}

/*
 * A state of either form, without a copy (a flat one is detoasted if
 * stored so); a flat state's size must be that of its counts.
 */
static KpxView
KpxViewOf(Datum d)
{
	KpxView		v;

	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		FfKpxX	   *x = (FfKpxX *) DatumGetEOHP(d);

		if (x->hdr.eoh_methods != &kpx_methods)
			elog(ERROR, "fulfillment_kpis_state: not an expanded state of this type");
		v.flags = x->flags;
		v.c = &x->c;
		v.lat = x->lat;
		v.cyc = x->cyc;
	}
	else
	{
		FfKpx	   *f = (FfKpx *) PG_DETOAST_DATUM(d);

		if (VARSIZE(f) < offsetof(FfKpx, vals) ||
			f->c.delivered < 0 || f->c.ncyc < 0 ||
			f->c.delivered + f->c.ncyc > KPX_FLAT_MAX ||
			VARSIZE(f) != offsetof(FfKpx, vals) +
			(Size) (f->c.delivered + f->c.ncyc) * sizeof(int64))
			elog(ERROR, "fulfillment_kpis_state: the size does not match the counts");
		v.flags = f->flags;
		v.c = &f->c;
		v.lat = f->vals;
		v.cyc = f->vals + f->c.delivered;
	}
	return v;
}

/*
 * Room for need values in *list: doubled from KPX_MIN_CAP (a group of a
 * few lines stays within the context's first 1 kB block), at most
 * FF_VALUES_MAX as before (ff_values_reserve reports more).
 */
static int64 *
KpxReserve(int64 *list, int64 *cap, int64 need, MemoryContext cxt)
{
	int64		c = *cap > 0 ? *cap : KPX_MIN_CAP;

	if (need > FF_VALUES_MAX)
		return ff_values_reserve(list, cap, need, cxt);
	while (c < need)
		c = Min(2 * c, FF_VALUES_MAX);
	if (list == NULL)
		list = (int64 *) MemoryContextAlloc(cxt, c * sizeof(int64));
	else
		list = (int64 *) repalloc(list, c * sizeof(int64));
	*cap = c;
	return list;
}

/* An empty expanded state (sorted lists) in a new child context of parent. */
static FfKpxX *
KpxXNew(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "fulfillment_kpis state",
											  ALLOCSET_SMALL_SIZES);
	FfKpxX	   *x = (FfKpxX *) MemoryContextAllocZero(cxt, sizeof(FfKpxX));

	EOH_init_header(&x->hdr, &kpx_methods, cxt);
	x->flags = KPX_SORTED;
	return x;
}

/*
 * Append v[0..n) to list[0..*len) (room for them made here), merging from
 * the back when both are sorted (so the list stays sorted), else clearing
 * flag.
 */
static void
KpxMergeList(FfKpxX *x, int64 **list, int64 *cap, int64 len,
			 const int64 *v, int64 n, bool v_sorted, int32 flag)
{
	int64	   *a;
	int64		i = len - 1;
	int64		j = n - 1;
	int64		k = len + n - 1;

	if (n == 0)
		return;
	if (len + n > *cap)
		*list = KpxReserve(*list, cap, len + n, x->hdr.eoh_context);
	a = *list;
	if (!(x->flags & flag) || !v_sorted)
	{
		memcpy(a + len, v, n * sizeof(int64));
		x->flags &= ~flag;
		return;
	}
	while (j >= 0)
	{
		if (i >= 0 && a[i] > v[j])
			a[k--] = a[i--];
		else
			a[k--] = v[j--];
	}
}

/* x += the values and counts of v */
static void
KpxAdd(FfKpxX *x, const KpxView *v)
{
	KpxMergeList(x, &x->lat, &x->caplat, x->c.delivered, v->lat,
				 v->c->delivered, (v->flags & KPX_LAT_SORTED) != 0,
				 KPX_LAT_SORTED);
	KpxMergeList(x, &x->cyc, &x->capcyc, x->c.ncyc, v->cyc, v->c->ncyc,
				 (v->flags & KPX_CYC_SORTED) != 0, KPX_CYC_SORTED);
	ff_kpi_merge(&x->c, v->c);
}

/*
 * The state of a transition or combine (argument 0) to update in place: a
 * new one for NULL, the read-write expanded state the aggregate keeps, or
 * an expanded copy of anything else (a flat or read-only state).
 */
static FfKpxX *
KpxState(FunctionCallInfo fcinfo, MemoryContext agg)
{
	Datum		d;
	FfKpxX	   *x;
	KpxView		v;

	if (PG_ARGISNULL(0))
		return KpxXNew(agg);
	d = PG_GETARG_DATUM(0);
	if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
	{
		x = (FfKpxX *) DatumGetEOHP(d);
		if (x->hdr.eoh_methods == &kpx_methods)
			return x;
	}
	v = KpxViewOf(d);
	x = KpxXNew(agg);
	KpxAdd(x, &v);
	return x;
}

/* Append value to list[0..n), clearing flag when it breaks the order. */
static inline void
KpxAppend(FfKpxX *x, int64 **list, int64 *cap, int64 n, int64 value,
		  int32 flag)
{
	if (unlikely(n >= *cap))
		*list = KpxReserve(*list, cap, n + 1, x->hdr.eoh_context);
	if (n > 0 && value < (*list)[n - 1])
		x->flags &= ~flag;
	(*list)[n] = value;
}

/* The same arguments as fulfillment_kpis before (ff_kpi_row). */
PG_FUNCTION_INFO_V1(logistics_ff_kpis_trans);
Datum
logistics_ff_kpis_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_kpis_trans");
	FfKpxX	   *x;
	FfKpiRow	r;

	if (!ff_kpi_row(fcinfo, &r))
		FF_SKIP();
	x = KpxState(fcinfo, agg);
	if (r.has_lat)
	{
		KpxAppend(x, &x->lat, &x->caplat, x->c.delivered, r.lat, KPX_LAT_SORTED);
		if (r.has_cyc)
			KpxAppend(x, &x->cyc, &x->capcyc, x->c.ncyc, r.cyc, KPX_CYC_SORTED);
	}
	ff_kpi_count(&x->c, &r);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

PG_FUNCTION_INFO_V1(logistics_ff_kpis_combine);
Datum
logistics_ff_kpis_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_kpis_combine");
	FfKpxX	   *x;
	KpxView		b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = KpxViewOf(PG_GETARG_DATUM(1));
	x = KpxState(fcinfo, agg);
	KpxAdd(x, &b);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/*
 * p50, p90, p95 in days of v[0..n) (n >= 1): read in place when sorted;
 * else selected in place when v is the aggregate's own expanded state (a
 * reordering of an unsorted list leaves the state what it was, as the
 * internal state's final did), in a copy when it is a flat value.
 */
static void
KpxPercentiles(const int64 *v, int64 n, bool sorted, bool own, double *out)
{
	double		day = (double) FF_USECS_PER_DAY;
	int64	   *w;

	if (sorted)
	{
		ff_percentiles_sorted(v, (size_t) n, ff_summary_fractions, 3, day, out);
		return;
	}
	if (own)
		w = unconstify(int64 *, v);
	else
	{
		w = (int64 *) palloc(n * sizeof(int64));
		memcpy(w, v, n * sizeof(int64));
	}
	ff_percentiles(w, (size_t) n, ff_summary_fractions, 3, day, out,
				   lg_interrupt_callback, NULL);
	if (!own)
		pfree(w);
}

PG_FUNCTION_INFO_V1(logistics_ff_kpis_final);
Datum
logistics_ff_kpis_final(PG_FUNCTION_ARGS)
{
	Datum		d = PG_GETARG_DATUM(0);
	bool		own = VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d));
	KpxView		s = KpxViewOf(d);
	double		cyc_p[3];
	double		lat_p[3];

	if (s.c->ncyc > 0)
		KpxPercentiles(s.cyc, s.c->ncyc, (s.flags & KPX_CYC_SORTED) != 0, own,
					   cyc_p);
	if (s.c->delivered > 0)
		KpxPercentiles(s.lat, s.c->delivered, (s.flags & KPX_LAT_SORTED) != 0,
					   own, lat_p);
	PG_RETURN_DATUM(ff_kpi_form(fcinfo, s.c, cyc_p, lat_p));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O
 * ---------------------------------------------------------------------
 */

/* list[0..n) sorted: itself when it is, else a sorted copy (read-only) */
static const int64 *
KpxSortedList(const int64 *list, int64 n, bool sorted)
{
	int64	   *w;

	if (sorted || n < 2)
		return list;
	w = (int64 *) palloc(n * sizeof(int64));
	memcpy(w, list, n * sizeof(int64));
	ff_sort_int64(w, (size_t) n, lg_interrupt_callback, NULL);
	return w;
}

/*
 * A flat state for the counts c read from outside (its values to be read
 * into vals), or NULL with *why.
 */
static FfKpx *
KpxForCounts(const FfKpiCounts *c, const char **why)
{
	Size		bytes;
	FfKpx	   *f;

	if ((*why = ff_kpi_counts_check(c)) != NULL)
		return NULL;
	if (c->lines < 1)
	{
		*why = "a state holds at least one line";
		return NULL;
	}
	/* ncyc <= delivered (checked): the sum cannot wrap */
	if (c->delivered + c->ncyc > KPX_FLAT_MAX)
	{
		*why = "too many values";
		return NULL;
	}
	bytes = offsetof(FfKpx, vals) + (Size) (c->delivered + c->ncyc) * sizeof(int64);
	f = (FfKpx *) palloc(bytes);
	memset(f, 0, offsetof(FfKpx, vals));
	SET_VARSIZE(f, bytes);
	f->flags = KPX_SORTED;
	f->c = *c;
	return f;
}

/* What rows can produce (the lists sorted as read): sums and late count. */
static const char *
KpxCheck(const FfKpx *f)
{
	return ff_kpi_values_check(&f->c, f->vals, f->vals + f->c.delivered);
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
	KpxView		s = KpxViewOf(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	ff_kpi_counts_text_out(&buf, s.c);
	if (s.c->delivered > 0)
		KpxWriteList(&buf, KpxSortedList(s.lat, s.c->delivered,
										 (s.flags & KPX_LAT_SORTED) != 0),
					 s.c->delivered);
	if (s.c->ncyc > 0)
		KpxWriteList(&buf, KpxSortedList(s.cyc, s.c->ncyc,
										 (s.flags & KPX_CYC_SORTED) != 0),
					 s.c->ncyc);
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
	FfKpx	   *f;

	lg_text_begin(&ps, KPX_TYPE, PG_GETARG_CSTRING(0));
	ff_kpi_counts_text_in(&ps, &c, true);
	/* each value takes at least 2 characters: allocate no more than that */
	if (c.delivered > (int64) (strlen(ps.str) / 2))
		lg_text_error(&ps, "more values than the text holds");
	if ((f = KpxForCounts(&c, &why)) == NULL)
		lg_text_error(&ps, why);
	if (c.delivered > 0)
		KpxReadList(&ps, f->vals, c.delivered, c.ncyc == 0);
	if (c.ncyc > 0)
		KpxReadList(&ps, f->vals + c.delivered, c.ncyc, true);
	if ((why = KpxCheck(f)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(f);
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
	FfKpx	   *f;
	int64		left;

	ff_kpi_counts_recv(msg, &c);
	/* the length first, so that no allocation follows made-up counts */
	left = (msg->len - msg->cursor) / (int64) sizeof(int64);
	if (c.delivered < 0 || c.ncyc < 0 || c.delivered > left ||
		c.ncyc > left - c.delivered ||
		(int64) (msg->len - msg->cursor) !=
		(c.delivered + c.ncyc) * (int64) sizeof(int64))
		KpxBadBinary("the length does not match the counts");
	if ((f = KpxForCounts(&c, &why)) == NULL)
		KpxBadBinary(why);
	KpxRecvList(msg, f->vals, c.delivered);
	KpxRecvList(msg, f->vals + c.delivered, c.ncyc);
	if ((why = KpxCheck(f)) != NULL)
		KpxBadBinary(why);
	PG_RETURN_POINTER(f);
}

PG_FUNCTION_INFO_V1(logistics_fulfillment_kpis_state_send);
Datum
logistics_fulfillment_kpis_state_send(PG_FUNCTION_ARGS)
{
	KpxView		s = KpxViewOf(PG_GETARG_DATUM(0));
	const int64 *lat = KpxSortedList(s.lat, s.c->delivered,
									 (s.flags & KPX_LAT_SORTED) != 0);
	const int64 *cyc = KpxSortedList(s.cyc, s.c->ncyc,
									 (s.flags & KPX_CYC_SORTED) != 0);
	StringInfoData buf;
	int64		i;

	pq_begintypsend(&buf);
	ff_kpi_counts_send(&buf, s.c);
	for (i = 0; i < s.c->delivered; i++)
		pq_sendint64(&buf, lat[i]);
	for (i = 0; i < s.c->ncyc; i++)
		pq_sendint64(&buf, cyc[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
