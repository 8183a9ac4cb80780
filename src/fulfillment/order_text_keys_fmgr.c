/*-------------------------------------------------------------------------
 *
 * order_text_keys_fmgr.c
 *	  perfect_order_rate and order_fill_rate with a text order key on a real
 *	  state type, logistics.order_text_keys_state, so that Citus splits them
 *	  into worker partials and a coordinator combine (doc/citus.md): each
 *	  worker sends its distinct order keys, front-coded, instead of every
 *	  order line.  The bigint-key forms have order_keys_state
 *	  (order_keys_state_fmgr.c); the 0.1.0 internal state of both is in
 *	  order_keys_fmgr.c, whose C entry points stay for the 0.1.0 script.
 *
 * The state keeps two key lists, as the internal state did: every order,
 * and every order with a failing line; the rate is |distinct all| -
 * |distinct failing| over |distinct all|.  Keys are byte strings packed in
 * an arena (a 4-byte native length, then the bytes: fulfillment.h) and are
 * the same order when their bytes are equal, as before.  A key equal to the
 * last one stored is not stored again, so when an order's lines arrive
 * together a list holds one key per order.  Each list carries a flag saying
 * it is strictly increasing (ff_key_cmp: shorter first, then bytewise);
 * the flag stays set while keys arrive in that order (one comparison a row,
 * the one that finds repeats anyway).  A full list that is not sorted is
 * sorted and deduplicated in place and grows only when that does not free
 * half of it, as before; a sorted one grows at once.  The combine merges
 * two sorted lists and appends otherwise.
 *
 * In memory the state is an expanded object (utils/expandeddatum.h) in its
 * own memory context under the aggregate's, as fulfillment_kpis_state is
 * (kpis_exact_fmgr.c): the arenas grow in place by repalloc, and nodeAgg,
 * its window form and Citus's worker_partial_agg keep the read-write
 * expanded state as it is.  Flattened (a parallel worker's tuple, a stored
 * value) it is a varlena: the counts and lengths, then both arenas, sorted
 * and unique, at most 1 GB.
 *
 * Text form (what Citus ships from each worker), each list sorted:
 *
 *	(orders,failing,k1,k2,...,f1,f2,...)
 *
 * each key as [p]"suffix": p (left out when 0) is the number of leading
 * bytes the key shares with the previous key of its list, which must end
 * just after an ASCII byte so that every key stays whole characters in any
 * server encoding; the suffix is the rest of the key in double quotes, with
 * \" and \\ for a quote and a backslash.  ("SO-1001" then "SO-1002" is
 * ,"SO-1001",6"2".)  The binary form has the two counts (int8), then each
 * key as its length (int4) and bytes, in the server encoding.  The input of
 * either accepts what rows can produce, as the internal deserializer did:
 * at least one order, both lists sorted and unique, the failing orders
 * among all orders; binary keys must also be valid in the server encoding.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

#define OT_TYPE "logistics.order_text_keys_state"

/* A key list: the arena and what is known of it. */
typedef struct OtList
{
	char	   *arena;
	Size		len;			/* bytes used */
	Size		cap;			/* bytes allocated */
	int64		n;				/* keys stored (repeats while not sorted) */
	Size		last;			/* offset of the last key stored, if n > 0 */
	bool		sorted;			/* strictly increasing: sorted and unique */
} OtList;

/* The expanded form, in its own memory context. */
typedef struct FfOtX
{
	ExpandedObjectHeader hdr;
	OtList		all;
	OtList		bad;
} FfOtX;

/* The flat form: a varlena, both lists sorted and unique. */
typedef struct FfOt
{
	int32		vl_len_;		/* varlena header (SET_VARSIZE) */
	int32		pad;
	int64		nall;			/* keys of each list */
	int64		nbad;
	int64		lenall;			/* bytes of each arena */
	int64		lenbad;
	char		data[FLEXIBLE_ARRAY_MEMBER];	/* all, then bad */
} FfOt;

/* Either form, read-only: the lists (last unknown for a flat state). */
typedef struct OtView
{
	OtList		all;
	OtList		bad;
} OtView;

#define OT_MIN_CAP 256
#define OT_NO_LAST ((Size) -1)
/* both arenas of a flat state: at most 1 GB in all */
#define OT_FLAT_MAX ((Size) (MaxAllocSize - offsetof(FfOt, data)))

static Size OtFlatSize(ExpandedObjectHeader *eohptr);
static void OtFlatten(ExpandedObjectHeader *eohptr, void *result,
					  Size allocated_size);

static const ExpandedObjectMethods ot_methods = {
	OtFlatSize,
	OtFlatten
};

static void
OtTooBig(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("too many distinct orders in one group: the text order keys exceed 1 GB (group by the order first: doc/citus.md)")));
}

/* ---------------------------------------------------------------------
 * Key lists
 * ---------------------------------------------------------------------
 */

/* The offset of the last key of arena[0..len), len > 0 (a walk). */
static Size
OtLastOf(const char *arena, Size len)
{
	Size		pos = 0;
	Size		last = 0;

	while (pos < len)
	{
		last = pos;
		pos += FF_KEY_HEADER + ff_key_len(arena + pos);
	}
	return last;
}

/* Sort the keys of l, drop repeats, and rewrite its arena in that order. */
static void
OtCompact(OtList *l, MemoryContext cxt)
{
	uint64	   *off;
	char	   *arena;
	Size		pos = 0;
	size_t		u;
	size_t		i;

	if (l->sorted)
		return;
	if (l->n > 1)
	{
		off = (uint64 *) palloc_extended(l->n * sizeof(uint64), MCXT_ALLOC_HUGE);
		ff_key_offsets(l->arena, (size_t) l->n, off);
		u = ff_sort_unique_keys(l->arena, off, (size_t) l->n,
								lg_interrupt_callback, NULL);
		arena = (char *) MemoryContextAlloc(cxt, l->cap);
		for (i = 0; i < u; i++)
		{
			Size		sz = FF_KEY_HEADER + ff_key_len(l->arena + off[i]);

			l->last = pos;
			memcpy(arena + pos, l->arena + off[i], sz);
			pos += sz;
		}
		pfree(off);
		pfree(l->arena);
		l->arena = arena;
		l->len = pos;
		l->n = (int64) u;
	}
	l->sorted = true;
}

/*
 * Room for extra more bytes in l: an unsorted list is compacted first and
 * grows only when that leaves less than half free, a sorted one (nothing
 * to remove) grows at once, doubling from OT_MIN_CAP.
 */
static void
OtReserve(OtList *l, Size extra, MemoryContext cxt)
{
	Size		cap;

	if (extra <= l->cap - l->len)
		return;
	if (!l->sorted)
	{
		OtCompact(l, cxt);
		if (2 * (l->len + extra) <= l->cap)
			return;
	}
	if (extra > MaxAllocSize - l->len)
		OtTooBig();
	cap = Max(l->cap, OT_MIN_CAP);
	while (cap < 2 * (l->len + extra) && cap < MaxAllocSize)
		cap *= 2;
	cap = Min(cap, MaxAllocSize);
	if (l->arena == NULL)
		l->arena = (char *) MemoryContextAlloc(cxt, cap);
	else
		l->arena = (char *) repalloc(l->arena, cap);
	l->cap = cap;
}

/* ff_key_cmp of the last key of l (l->n > 0) and key[0..klen) */
static inline int
OtCmpLast(const OtList *l, const char *key, uint32 klen)
{
	const char *last = l->arena + l->last;
	uint32		llen = ff_key_len(last);

	if (llen != klen)
		return (llen < klen) ? -1 : 1;
	return memcmp(last + FF_KEY_HEADER, key, klen);
}

/* Add a key (unless it is the last one stored) to l. */
static inline void
OtAdd(OtList *l, const char *key, uint32 klen, MemoryContext cxt)
{
	Size		need = FF_KEY_HEADER + (Size) klen;
	int			c = (l->n > 0) ? OtCmpLast(l, key, klen) : -1;

	if (c == 0)
		return;
	if (unlikely(need > l->cap - l->len))
	{
		OtReserve(l, need, cxt);
		/* a compaction may have moved another key to the end */
		c = (l->n > 0) ? OtCmpLast(l, key, klen) : -1;
		if (c == 0)
			return;
	}
	if (c > 0)
		l->sorted = false;
	l->last = l->len;
	memcpy(l->arena + l->len, &klen, sizeof(klen));
	memcpy(l->arena + l->len + FF_KEY_HEADER, key, klen);
	l->len += need;
	l->n++;
}

/*
 * The sorted union of two sorted lists a and b in a new arena of cxt (a's,
 * which is freed).
 */
static void
OtMergeSorted(OtList *a, const OtList *b, MemoryContext cxt)
{
	Size		cap = Max(a->len + b->len, OT_MIN_CAP);
	char	   *out = (char *) MemoryContextAlloc(cxt, cap);
	Size		pa = 0;
	Size		pb = 0;
	Size		pos = 0;
	int64		n = 0;

	while (pa < a->len || pb < b->len)
	{
		const char *k;
		Size		sz;
		int			c;

		if (pa >= a->len)
			c = 1;
		else if (pb >= b->len)
			c = -1;
		else
			c = ff_key_cmp(a->arena + pa, b->arena + pb);
		k = (c <= 0) ? a->arena + pa : b->arena + pb;
		sz = FF_KEY_HEADER + ff_key_len(k);
		memcpy(out + pos, k, sz);
		a->last = pos;
		pos += sz;
		n++;
		if (c <= 0)
			pa += sz;
		if (c >= 0)
			pb += sz;
		if ((n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (a->arena != NULL)
		pfree(a->arena);
	a->arena = out;
	a->len = pos;
	a->cap = cap;
	a->n = n;
}

/* a += the keys of b (read-only) */
static void
OtAddList(OtList *a, const OtList *b, MemoryContext cxt)
{
	Size		at;

	if (b->n == 0)
		return;
	if (a->n > 0 && a->sorted && b->sorted &&
		b->len <= MaxAllocSize - a->len)
	{
		OtMergeSorted(a, b, cxt);
		return;
	}
	OtReserve(a, b->len, cxt);
	at = a->len;
	memcpy(a->arena + at, b->arena, b->len);
	a->len += b->len;
	a->sorted = (a->n == 0) && b->sorted;
	a->n += b->n;
	a->last = at + (b->last != OT_NO_LAST ? b->last : OtLastOf(b->arena, b->len));
}

/* ---------------------------------------------------------------------
 * The two forms
 * ---------------------------------------------------------------------
 */
static Size
OtFlatSize(ExpandedObjectHeader *eohptr)
{
	FfOtX	   *x = (FfOtX *) eohptr;

	/* the flat form is sorted (the set the state holds is unchanged) */
	OtCompact(&x->all, x->hdr.eoh_context);
	OtCompact(&x->bad, x->hdr.eoh_context);
	if (x->all.len > OT_FLAT_MAX || x->bad.len > OT_FLAT_MAX - x->all.len)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("order rates with a text key: a state of %zu bytes of keys is over 1 GB and cannot leave this process (a parallel worker or a Citus node); group by the order first (doc/citus.md)",
						x->all.len + x->bad.len)));
	return offsetof(FfOt, data) + x->all.len + x->bad.len;
}

static void
OtFlatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	FfOtX	   *x = (FfOtX *) eohptr;
	FfOt	   *f = (FfOt *) result;

	memset(f, 0, offsetof(FfOt, data));
	SET_VARSIZE(f, allocated_size);
	f->nall = x->all.n;
	f->nbad = x->bad.n;
	f->lenall = (int64) x->all.len;
	f->lenbad = (int64) x->bad.len;
	if (x->all.len > 0)
		memcpy(f->data, x->all.arena, x->all.len);
	if (x->bad.len > 0)
		memcpy(f->data + x->all.len, x->bad.arena, x->bad.len);
}

/* The lists of a flat state (its size must be that of its lengths). */
static OtView
OtViewOfFlat(FfOt *f)
{
	OtView		v;

	if (VARSIZE(f) < offsetof(FfOt, data) ||
		f->nall < 0 || f->nbad < 0 || f->lenall < 0 || f->lenbad < 0 ||
		(Size) f->lenall > OT_FLAT_MAX ||
		(Size) f->lenbad > OT_FLAT_MAX - (Size) f->lenall ||
		VARSIZE(f) != offsetof(FfOt, data) + (Size) (f->lenall + f->lenbad))
		elog(ERROR, "order_text_keys_state: the size does not match the lengths");
	memset(&v, 0, sizeof(v));
	v.all.arena = f->data;
	v.all.len = v.all.cap = (Size) f->lenall;
	v.all.n = f->nall;
	v.bad.arena = f->data + f->lenall;
	v.bad.len = v.bad.cap = (Size) f->lenbad;
	v.bad.n = f->nbad;
	v.all.sorted = v.bad.sorted = true;
	v.all.last = v.bad.last = OT_NO_LAST;
	return v;
}

/*
 * A state of either form, without a copy.  compact: sort the lists of an
 * expanded state first (its set is unchanged), so that both are sorted.
 */
static OtView
OtViewOf(Datum d, bool compact)
{
	OtView		v;

	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		FfOtX	   *x = (FfOtX *) DatumGetEOHP(d);

		if (x->hdr.eoh_methods != &ot_methods)
			elog(ERROR, "order_text_keys_state: not an expanded state of this type");
		if (compact)
		{
			OtCompact(&x->all, x->hdr.eoh_context);
			OtCompact(&x->bad, x->hdr.eoh_context);
		}
		v.all = x->all;
		v.bad = x->bad;
		return v;
	}
	return OtViewOfFlat((FfOt *) PG_DETOAST_DATUM(d));
}

/* An empty expanded state in a new child context of parent. */
static FfOtX *
OtXNew(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "order_text_keys state",
											  ALLOCSET_SMALL_SIZES);
	FfOtX	   *x = (FfOtX *) MemoryContextAllocZero(cxt, sizeof(FfOtX));

	EOH_init_header(&x->hdr, &ot_methods, cxt);
	x->all.sorted = x->bad.sorted = true;
	return x;
}

/*
 * The state of a transition or combine (argument 0) to update in place: a
 * new one for NULL, the read-write expanded state the aggregate keeps, or
 * an expanded copy of anything else (a flat or read-only state).
 */
static FfOtX *
OtState(FunctionCallInfo fcinfo, MemoryContext agg)
{
	Datum		d;
	FfOtX	   *x;
	OtView		v;

	if (PG_ARGISNULL(0))
		return OtXNew(agg);
	d = PG_GETARG_DATUM(0);
	if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
	{
		x = (FfOtX *) DatumGetEOHP(d);
		if (x->hdr.eoh_methods == &ot_methods)
			return x;
	}
	v = OtViewOf(d, false);
	x = OtXNew(agg);
	OtAddList(&x->all, &v.all, x->hdr.eoh_context);
	OtAddList(&x->bad, &v.bad, x->hdr.eoh_context);
	return x;
}

/* ---------------------------------------------------------------------
 * Aggregate support
 * ---------------------------------------------------------------------
 */

/* Add the order of a line (argument 1 of fcinfo), failing unless good. */
static Datum
OtTrans(FunctionCallInfo fcinfo, MemoryContext agg, bool good)
{
	FfOtX	   *x = OtState(fcinfo, agg);
	text	   *key = PG_GETARG_TEXT_PP(1);
	const char *k = VARDATA_ANY(key);
	uint32		klen = VARSIZE_ANY_EXHDR(key);

	OtAdd(&x->all, k, klen, x->hdr.eoh_context);
	if (!good)
		OtAdd(&x->bad, k, klen, x->hdr.eoh_context);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/*
 * perfect_order_rate(order_key text, on_time, in_full, damage_free,
 * documents_ok): an order is perfect when all four hold on all its lines.
 */
PG_FUNCTION_INFO_V1(logistics_ff_otkeys_perfect_trans);
Datum
logistics_ff_otkeys_perfect_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_otkeys_perfect_trans");

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		FF_SKIP();
	return OtTrans(fcinfo, agg,
				   PG_GETARG_BOOL(2) && PG_GETARG_BOOL(3) &&
				   PG_GETARG_BOOL(4) && PG_GETARG_BOOL(5));
}

/* order_fill_rate(order_key text, qty_ordered, qty_shipped) */
PG_FUNCTION_INFO_V1(logistics_ff_otkeys_fill_trans);
Datum
logistics_ff_otkeys_fill_trans(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_otkeys_fill_trans");
	int			full = ff_fill_line(fcinfo);

	if (full < 0)
		FF_SKIP();
	return OtTrans(fcinfo, agg, full);
}

PG_FUNCTION_INFO_V1(logistics_ff_otkeys_combine);
Datum
logistics_ff_otkeys_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = ff_aggcontext(fcinfo, "ff_otkeys_combine");
	FfOtX	   *x;
	OtView		b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = OtViewOf(PG_GETARG_DATUM(1), false);
	x = OtState(fcinfo, agg);
	OtAddList(&x->all, &b.all, x->hdr.eoh_context);
	OtAddList(&x->bad, &b.bad, x->hdr.eoh_context);
	PG_RETURN_DATUM(EOHPGetRWDatum(&x->hdr));
}

/* distinct good and all orders; false if there is none */
static bool
OtCounts(FunctionCallInfo fcinfo, double *good, double *all)
{
	OtView		v = OtViewOf(PG_GETARG_DATUM(0), true);

	if (v.bad.n > v.all.n)
		elog(ERROR, "order_text_keys_state: more failing orders than orders");
	*good = (double) (v.all.n - v.bad.n);
	*all = (double) v.all.n;
	return v.all.n > 0;
}

PG_FUNCTION_INFO_V1(logistics_ff_otkeys_final);
Datum
logistics_ff_otkeys_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!OtCounts(fcinfo, &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(good / all);
}

PG_FUNCTION_INFO_V1(logistics_ff_otkeys_ci_final);
Datum
logistics_ff_otkeys_ci_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!OtCounts(fcinfo, &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ff_rate_ci_datum(fcinfo, good, all));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O
 * ---------------------------------------------------------------------
 */

/* What rows can produce, of the flat state f read from outside. */
static const char *
OtCheck(const FfOt *f)
{
	if (f->nall < 1)
		return "a state holds at least one order";
	if (f->nbad > f->nall)
		return "more failing orders than orders";
	if (!ff_key_arenas_valid(f->data, (size_t) f->lenall,
							 f->data + f->lenall, (size_t) f->lenbad))
		return "the keys must be sorted (shorter first, then bytewise), unique, and the failing orders among all orders";
	return NULL;
}

/* The shared prefix to write for key k after key p (NULL: the first). */
static uint32
OtPrefix(const char *p, const char *k)
{
	uint32		lp;
	uint32		lk;
	uint32		m;
	uint32		s = 0;

	if (p == NULL)
		return 0;
	lp = ff_key_len(p);
	lk = ff_key_len(k);
	m = Min(lp, lk);
	p += FF_KEY_HEADER;
	k += FF_KEY_HEADER;
	while (s < m && p[s] == k[s])
		s++;
	/* end after an ASCII byte: never inside a multibyte character */
	while (s > 0 && IS_HIGHBIT_SET(k[s - 1]))
		s--;
	return s;
}

/* ,[p]"suffix" for each key of a sorted list */
static void
OtWriteList(StringInfo buf, const OtList *l)
{
	const char *prev = NULL;
	Size		pos = 0;

	while (pos < l->len)
	{
		const char *k = l->arena + pos;
		uint32		klen = ff_key_len(k);
		uint32		s = OtPrefix(prev, k);
		uint32		i;
		char	   *w;

		/* a comma, 10 digits, two quotes, each byte escaped at most */
		enlargeStringInfo(buf, 13 + 2 * (int) (klen - s));
		w = buf->data + buf->len;
		*w++ = ',';
		if (s > 0)
			w += pg_ultoa_n(s, w);
		*w++ = '"';
		for (i = s; i < klen; i++)
		{
			char		ch = k[FF_KEY_HEADER + i];

			if (ch == '"' || ch == '\\')
				*w++ = '\\';
			*w++ = ch;
		}
		*w++ = '"';
		buf->len = w - buf->data;
		prev = k;
		pos += FF_KEY_HEADER + klen;
	}
	buf->data[buf->len] = '\0';
}

PG_FUNCTION_INFO_V1(logistics_order_text_keys_state_out);
Datum
logistics_order_text_keys_state_out(PG_FUNCTION_ARGS)
{
	OtView		v = OtViewOf(PG_GETARG_DATUM(0), true);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT "," INT64_FORMAT, v.all.n, v.bad.n);
	OtWriteList(&buf, &v.all);
	OtWriteList(&buf, &v.bad);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

/* A flat state being read: grown as keys arrive (the text bounds no size). */
typedef struct OtBuild
{
	FfOt	   *f;
	Size		cap;			/* bytes allocated for f */
	Size		len;			/* bytes of keys in f->data */
} OtBuild;

static void
OtBuildReserve(OtBuild *b, Size extra)
{
	Size		cap = b->cap;

	if (extra <= b->cap - offsetof(FfOt, data) - b->len)
		return;
	if (extra > OT_FLAT_MAX - b->len)
		OtTooBig();
	while (cap - offsetof(FfOt, data) - b->len < extra)
		cap = Min(2 * cap, MaxAllocSize);
	b->f = (FfOt *) repalloc(b->f, cap);
	b->cap = cap;
}

/*
 * One key written by OtWriteList, appended to b; prev is the offset in
 * f->data of the previous key of its list, or OT_NO_LAST.  Returns its
 * offset.
 */
static Size
OtReadKey(LgTextReader *ps, OtBuild *b, Size prev, bool last)
{
	const char *p = ps->p;
	uint64		s = 0;
	Size		at = b->len;
	Size		klen;

	if (*p == ',' || *p == ')' || *p == '\0')
		lg_text_error(ps, "a key is missing");
	while (*p >= '0' && *p <= '9')
	{
		s = 10 * s + (uint64) (*p++ - '0');
		if (s > PG_UINT32_MAX)
			lg_text_error(ps, "a shared prefix is longer than the previous key");
	}
	if (*p++ != '"')
		lg_text_error(ps, "a key must be [shared prefix length]\"rest of the key\"");
	if (s > 0)
	{
		const char *pk;

		if (prev == OT_NO_LAST)
			lg_text_error(ps, "the first key of a list shares no prefix");
		pk = b->f->data + prev;
		if (s > ff_key_len(pk))
			lg_text_error(ps, "a shared prefix is longer than the previous key");
		if (IS_HIGHBIT_SET(pk[FF_KEY_HEADER + s - 1]))
			lg_text_error(ps, "a shared prefix must end after an ASCII character");
	}
	OtBuildReserve(b, FF_KEY_HEADER + s);
	/* the previous key may have moved: copy its prefix now */
	if (s > 0)
		memcpy(b->f->data + at + FF_KEY_HEADER,
			   b->f->data + prev + FF_KEY_HEADER, s);
	b->len += FF_KEY_HEADER + s;
	for (;;)
	{
		size_t		run = strcspn(p, "\"\\");

		OtBuildReserve(b, run + 1);
		memcpy(b->f->data + b->len, p, run);
		b->len += run;
		p += run;
		if (*p == '"')
			break;
		if (*p == '\0')
			lg_text_error(ps, "a key has no closing quote");
		/* a backslash: \" or \\ */
		if (p[1] != '"' && p[1] != '\\')
			lg_text_error(ps, "only \\\" and \\\\ are escapes in a key");
		b->f->data[b->len++] = p[1];
		p += 2;
	}
	p++;
	klen = b->len - at - FF_KEY_HEADER;
	if (klen > PG_UINT32_MAX)
		OtTooBig();
	{
		uint32		k32 = (uint32) klen;

		memcpy(b->f->data + at, &k32, sizeof(k32));
	}
	if (*p++ != (last ? ')' : ','))
		lg_text_error(ps, last ? "expected \")\" after the last key" :
					  "expected \",\"");
	if (last && *p != '\0')
		lg_text_error(ps, "text after \")\"");
	ps->p = p;
	return at;
}

/* n >= 0 keys of one list; the list's length in bytes */
static Size
OtReadList(LgTextReader *ps, OtBuild *b, int64 n, bool last)
{
	Size		start = b->len;
	Size		prev = OT_NO_LAST;
	int64		i;

	for (i = 0; i < n; i++)
	{
		prev = OtReadKey(ps, b, prev, last && i + 1 == n);
		if ((i & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
	}
	return b->len - start;
}

PG_FUNCTION_INFO_V1(logistics_order_text_keys_state_in);
Datum
logistics_order_text_keys_state_in(PG_FUNCTION_ARGS)
{
	LgTextReader ps;
	OtBuild		b;
	const char *why;
	int64		na;
	int64		nb;
	int64		keys_max;
	Size		lenall;

	lg_text_begin(&ps, OT_TYPE, PG_GETARG_CSTRING(0));
	na = lg_text_int64(&ps, false);
	if (na < 1)
		lg_text_error(&ps, "a state holds at least one order");
	/* at least one key follows */
	nb = lg_text_int64(&ps, false);
	if (nb < 0 || nb > na)
		lg_text_error(&ps, "the counts must be 0 <= failing orders <= orders");
	/* each key takes at least 3 characters ("" and a separator) */
	keys_max = (int64) (strlen(ps.str) / 3);
	if (na > keys_max || nb > keys_max - na)
		lg_text_error(&ps, "more keys than the text holds");
	b.cap = offsetof(FfOt, data) + OT_MIN_CAP;
	b.f = (FfOt *) palloc(b.cap);
	b.len = 0;
	lenall = OtReadList(&ps, &b, na, nb == 0);
	(void) OtReadList(&ps, &b, nb, true);
	memset(b.f, 0, offsetof(FfOt, data));
	SET_VARSIZE(b.f, offsetof(FfOt, data) + b.len);
	b.f->nall = na;
	b.f->nbad = nb;
	b.f->lenall = (int64) lenall;
	b.f->lenbad = (int64) (b.len - lenall);
	if ((why = OtCheck(b.f)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(b.f);
}

static void
OtBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type " OT_TYPE ": %s", why)));
}

/* n keys (int4 length, bytes) from msg into data; their bytes */
static Size
OtRecvList(StringInfo msg, char *data, int64 n)
{
	Size		pos = 0;
	int64		i;

	for (i = 0; i < n; i++)
	{
		int32		len = pq_getmsgint(msg, 4);
		uint32		klen = (uint32) len;

		if (len < 0 || len > msg->len - msg->cursor)
			OtBadBinary("a key length does not match the message");
		memcpy(data + pos, &klen, sizeof(klen));
		pq_copymsgbytes(msg, data + pos + FF_KEY_HEADER, len);
		/* keys are text: whole characters of the server encoding, no NUL */
		if (!pg_verifymbstr(data + pos + FF_KEY_HEADER, len, true))
			OtBadBinary("a key is not valid text in the server encoding");
		pos += FF_KEY_HEADER + klen;
	}
	return pos;
}

PG_FUNCTION_INFO_V1(logistics_order_text_keys_state_recv);
Datum
logistics_order_text_keys_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const char *why;
	FfOt	   *f;
	int64		na;
	int64		nb;
	int64		keys_max;
	Size		rest;

	/* pq_getmsg* raise 08P01 on a short message */
	na = pq_getmsgint64(msg);
	nb = pq_getmsgint64(msg);
	/*
	 * Each key takes 4 bytes or more, and the arenas take exactly the rest
	 * of the message (a 4-byte length and the bytes of each key): check
	 * before allocating.
	 */
	rest = (Size) (msg->len - msg->cursor);
	keys_max = (int64) (rest / FF_KEY_HEADER);
	if (na < 0 || nb < 0 || na > keys_max || nb > keys_max - na)
		OtBadBinary("the length does not match the counts");
	if (rest > OT_FLAT_MAX)
		OtBadBinary("the keys exceed 1 GB");
	f = (FfOt *) palloc(offsetof(FfOt, data) + rest);
	memset(f, 0, offsetof(FfOt, data));
	SET_VARSIZE(f, offsetof(FfOt, data) + rest);
	f->nall = na;
	f->nbad = nb;
	f->lenall = (int64) OtRecvList(msg, f->data, na);
	f->lenbad = (int64) OtRecvList(msg, f->data + f->lenall, nb);
	if (msg->cursor != msg->len)
		OtBadBinary("the length does not match the counts");
	if ((why = OtCheck(f)) != NULL)
		OtBadBinary(why);
	PG_RETURN_POINTER(f);
}

static void
OtSendList(StringInfo buf, const OtList *l)
{
	Size		pos = 0;

	while (pos < l->len)
	{
		uint32		klen = ff_key_len(l->arena + pos);

		pq_sendint32(buf, klen);
		pq_sendbytes(buf, l->arena + pos + FF_KEY_HEADER, (int) klen);
		pos += FF_KEY_HEADER + klen;
	}
}

PG_FUNCTION_INFO_V1(logistics_order_text_keys_state_send);
Datum
logistics_order_text_keys_state_send(PG_FUNCTION_ARGS)
{
	OtView		v = OtViewOf(PG_GETARG_DATUM(0), true);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, v.all.n);
	pq_sendint64(&buf, v.bad.n);
	OtSendList(&buf, &v.all);
	OtSendList(&buf, &v.bad);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
