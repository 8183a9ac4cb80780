/*-------------------------------------------------------------------------
 *
 * order_keys_fmgr.c
 *	  Order-level rates from order lines with an order key (bigint or text).
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
 * Order-level rates from order lines with an order key.  An order is
 * perfect (complete) only when all its lines are.  The state keeps two key
 * lists, every order and every order with a failing line; the answer is
 * |distinct all| - |distinct failing| over |distinct all|, whatever the
 * order of the rows.  Consecutive lines of one order are stored once, so
 * when the lines of an order arrive together (the usual case) the lists
 * hold one key per order; otherwise duplicates are removed by sorting when
 * a list fills up.  Memory: 8 bytes per stored bigint key (4 + length for
 * text keys), at most twice that while a list grows.
 * ---------------------------------------------------------------------
 */
/*
 * A list of order keys, behind one interface for both key types: bigint
 * keys in an array, or text keys packed in an arena (see fulfillment.h)
 * and compared bytewise, so two text keys are the same order when their
 * bytes are equal (as with any deterministic collation).
 */
typedef struct FfKeyList
{
	int64		n;				/* keys stored (with duplicates) */
	bool		has_last;		/* the last key added is known ... */
	/* bigint keys */
	int64	   *v;
	int64		cap;
	int64		last;			/* ... and is this one */
	/* text keys */
	char	   *arena;
	Size		len;
	Size		acap;
	Size		lastoff;		/* ... and is at this offset */
} FfKeyList;

typedef struct FfKeys
{
	bool		text;			/* text keys, else bigint keys */
	FfKeyList	all;
	FfKeyList	bad;
} FfKeys;

#define FF_KEYS_MAX ((int64) (MaxAllocSize / sizeof(int64)))

static void
too_many_orders(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("too many distinct orders in one group (at most %lld)",
					(long long) FF_KEYS_MAX)));
}

/* ---------------------------------------------------------------------
 * bigint keys
 * ---------------------------------------------------------------------
 */

/* Make room for extra more keys: remove duplicates, then grow if needed. */
static void
keylist_reserve(FfKeyList *l, int64 extra, MemoryContext cxt)
{
	int64		cap;

	if (l->n + extra <= l->cap)
		return;
	if (l->n > 0)
		l->n = (int64) ff_sort_unique_int64(l->v, (size_t) l->n,
											lg_interrupt_callback, NULL);
	/* after a compaction keep at least half free, so the next is far off */
	if (2 * (l->n + extra) <= l->cap)
		return;
	cap = Max(l->cap, 16);
	while (cap < 2 * (l->n + extra) && cap < FF_KEYS_MAX)
		cap *= 2;
	cap = Min(cap, FF_KEYS_MAX);
	if (l->n + extra > cap)
		too_many_orders();
	if (l->v == NULL)
		l->v = (int64 *) MemoryContextAlloc(cxt, cap * sizeof(int64));
	else
		l->v = (int64 *) repalloc(l->v, cap * sizeof(int64));
	l->cap = cap;
}

static inline void
keylist_add(FfKeyList *l, int64 key, MemoryContext cxt)
{
	if (l->has_last && l->last == key)
		return;
	if (l->n == l->cap)
		keylist_reserve(l, 1, cxt);
	l->v[l->n++] = key;
	l->last = key;
	l->has_last = true;
}

static void
keylist_append(FfKeyList *l, const int64 *v, int64 n, MemoryContext cxt)
{
	if (n == 0)
		return;
	keylist_reserve(l, n, cxt);
	memcpy(l->v + l->n, v, n * sizeof(int64));
	l->n += n;
	if (!l->has_last)
	{
		l->last = v[n - 1];
		l->has_last = true;
	}
}

static int64
keylist_distinct(FfKeyList *l)
{
	l->n = (int64) ff_sort_unique_int64(l->v, (size_t) l->n,
										lg_interrupt_callback, NULL);
	return l->n;
}

static void
keylist_read(FfReader *r, FfKeyList *l, int64 n)
{
	if (n > FF_KEYS_MAX || (Size) (r->end - r->p) / sizeof(int64) < (Size) n)
		ff_malformed();
	l->n = l->cap = n;
	l->has_last = false;
	l->v = NULL;
	if (n > 0)
	{
		l->v = (int64 *) palloc(n * sizeof(int64));
		ff_read(r, l->v, n * sizeof(int64));
	}
}

/* ---------------------------------------------------------------------
 * text keys
 * ---------------------------------------------------------------------
 */

/* Sort the keys, drop duplicates, and rewrite the arena in that order. */
static void
tkeylist_compact(FfKeyList *l)
{
	uint64	   *off;
	char	   *arena;
	Size		pos = 0;
	size_t		u;
	size_t		i;

	if (l->n <= 1)
		return;
	off = (uint64 *) palloc_extended(l->n * sizeof(uint64), MCXT_ALLOC_HUGE);
	ff_key_offsets(l->arena, (size_t) l->n, off);
	u = ff_sort_unique_keys(l->arena, off, (size_t) l->n,
							lg_interrupt_callback, NULL);
	arena = (char *) MemoryContextAlloc(GetMemoryChunkContext(l->arena), l->acap);
	for (i = 0; i < u; i++)
	{
		uint32		klen;
		Size		sz;

		memcpy(&klen, l->arena + off[i], sizeof(klen));
		sz = FF_KEY_HEADER + klen;
		memcpy(arena + pos, l->arena + off[i], sz);
		pos += sz;
	}
	pfree(off);
	pfree(l->arena);
	l->arena = arena;
	l->len = pos;
	l->n = (int64) u;
	/* the arena was rewritten: forget where the last key was */
	l->has_last = false;
}

static void
tkeylist_reserve(FfKeyList *l, Size extra, MemoryContext cxt)
{
	Size		cap;

	if (l->len + extra <= l->acap)
		return;
	tkeylist_compact(l);
	if (2 * (l->len + extra) <= l->acap)
		return;
	cap = Max(l->acap, 256);
	while (cap < 2 * (l->len + extra) && cap < MaxAllocSize)
		cap *= 2;
	cap = Min(cap, MaxAllocSize);
	if (l->len + extra > cap)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("too many distinct orders in one group (the keys exceed %zu bytes)",
						(Size) MaxAllocSize)));
	if (l->arena == NULL)
		l->arena = (char *) MemoryContextAlloc(cxt, cap);
	else
		l->arena = (char *) repalloc(l->arena, cap);
	l->acap = cap;
}

static void
tkeylist_add(FfKeyList *l, const char *key, uint32 klen, MemoryContext cxt)
{
	if (l->has_last)
	{
		uint32		llen;

		memcpy(&llen, l->arena + l->lastoff, sizeof(llen));
		if (llen == klen &&
			memcmp(l->arena + l->lastoff + FF_KEY_HEADER, key, klen) == 0)
			return;
	}
	tkeylist_reserve(l, FF_KEY_HEADER + (Size) klen, cxt);
	l->lastoff = l->len;
	l->has_last = true;
	memcpy(l->arena + l->len, &klen, sizeof(klen));
	memcpy(l->arena + l->len + FF_KEY_HEADER, key, klen);
	l->len += FF_KEY_HEADER + klen;
	l->n++;
}

static void
tkeylist_append(FfKeyList *l, const FfKeyList *src, MemoryContext cxt)
{
	if (src->n == 0)
		return;
	tkeylist_reserve(l, src->len, cxt);
	memcpy(l->arena + l->len, src->arena, src->len);
	l->len += src->len;
	l->n += src->n;
}

static void
tkeylist_read(FfReader *r, FfKeyList *l, int64 n, int64 len)
{
	if ((Size) (r->end - r->p) < (Size) len)
		ff_malformed();
	memset(l, 0, sizeof(*l));
	if (len > 0)
	{
		l->arena = (char *) palloc(len);
		ff_read(r, l->arena, len);
	}
	if (ff_key_arena_check(l->arena, (size_t) len) != (size_t) n)
		ff_malformed();
	l->len = l->acap = (Size) len;
	l->n = n;
}

/* ---------------------------------------------------------------------
 * The interface: a state of two lists, every order and every order with
 * a failing line, of either key type.
 * ---------------------------------------------------------------------
 */
static inline FfKeys *
KeysState(FunctionCallInfo fcinfo, MemoryContext *agg, bool text,
		  const char *fn)
{
	FfKeys	   *s;

	*agg = ff_aggcontext(fcinfo, fn);
	if (!PG_ARGISNULL(0))
		return (FfKeys *) PG_GETARG_POINTER(0);
	s = (FfKeys *) MemoryContextAllocZero(*agg, sizeof(FfKeys));
	s->text = text;
	return s;
}

/* Add the order of a line (argument 1), failing unless good. */
static inline void
KeysAdd(FfKeys *s, FunctionCallInfo fcinfo, bool good, MemoryContext agg)
{
	if (s->text)
	{
		text	   *key = PG_GETARG_TEXT_PP(1);
		const char *k = VARDATA_ANY(key);
		uint32		klen = VARSIZE_ANY_EXHDR(key);

		tkeylist_add(&s->all, k, klen, agg);
		if (!good)
			tkeylist_add(&s->bad, k, klen, agg);
	}
	else
	{
		int64		key = PG_GETARG_INT64(1);

		keylist_add(&s->all, key, agg);
		if (!good)
			keylist_add(&s->bad, key, agg);
	}
}

/* The number of distinct keys in l (duplicates removed in place). */
static int64
KeysDistinct(FfKeys *s, FfKeyList *l)
{
	if (!s->text)
		return keylist_distinct(l);
	tkeylist_compact(l);
	return l->n;
}

/*
 * perfect_order_rate(order_key, on_time, in_full, damage_free,
 * documents_ok): an order is perfect when all four hold on all its lines.
 */
static Datum
PerfectKeyTrans(FunctionCallInfo fcinfo, bool text, const char *fn)
{
	MemoryContext agg;
	FfKeys	   *s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		FF_SKIP();
	s = KeysState(fcinfo, &agg, text, fn);
	KeysAdd(s, fcinfo,
			PG_GETARG_BOOL(2) && PG_GETARG_BOOL(3) &&
			PG_GETARG_BOOL(4) && PG_GETARG_BOOL(5), agg);
	PG_RETURN_POINTER(s);
}

/* order_fill_rate(order_key, qty_ordered, qty_shipped) */
static Datum
OrderFillKeyTrans(FunctionCallInfo fcinfo, bool text, const char *fn)
{
	MemoryContext agg;
	FfKeys	   *s;
	int			full = ff_fill_line(fcinfo);

	if (full < 0)
		FF_SKIP();
	s = KeysState(fcinfo, &agg, text, fn);
	KeysAdd(s, fcinfo, full, agg);
	PG_RETURN_POINTER(s);
}

static Datum
KeysCombine(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext agg = ff_aggcontext(fcinfo, fn);
	FfKeys	   *a;
	FfKeys	   *b;

	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfKeys *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = (FfKeys *) MemoryContextAllocZero(agg, sizeof(FfKeys));
		a->text = b->text;
	}
	else
		a = (FfKeys *) PG_GETARG_POINTER(0);
	if (a->text != b->text)
		elog(ERROR, "order key states of different key types");
	if (a->text)
	{
		tkeylist_append(&a->all, &b->all, agg);
		tkeylist_append(&a->bad, &b->bad, agg);
	}
	else
	{
		keylist_append(&a->all, b->all.v, b->all.n, agg);
		keylist_append(&a->bad, b->bad.v, b->bad.n, agg);
	}
	PG_RETURN_POINTER(a);
}

/* perfect orders and all orders; false if there is none */
static bool
KeysCounts(FfKeys *s, double *good, double *all)
{
	int64		na = KeysDistinct(s, &s->all);
	int64		nb = KeysDistinct(s, &s->bad);

	if (nb > na)
		ff_malformed();			/* the deserializer makes this impossible */
	*good = (double) (na - nb);
	*all = (double) na;
	return na > 0;
}

static Datum
KeysFinal(FunctionCallInfo fcinfo)
{
	double		good;
	double		all;

	if (!KeysCounts((FfKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(good / all);
}

static Datum
KeysCiFinal(FunctionCallInfo fcinfo)
{
	double		good;
	double		all;

	if (!KeysCounts((FfKeys *) PG_GETARG_POINTER(0), &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ff_rate_ci_datum(fcinfo, good, all));
}

/* ---------------------------------------------------------------------
 * The SQL-callable functions: bigint keys (ff_*_key_*, ff_keys_*) and
 * text keys (ff_*_tkey_*, ff_tkeys_*).  The two serialized forms differ.
 * ---------------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(logistics_ff_perfect_key_trans);
Datum
logistics_ff_perfect_key_trans(PG_FUNCTION_ARGS)
{
	return PerfectKeyTrans(fcinfo, false, "ff_perfect_key_trans");
}

PG_FUNCTION_INFO_V1(logistics_ff_order_fill_key_trans);
Datum
logistics_ff_order_fill_key_trans(PG_FUNCTION_ARGS)
{
	return OrderFillKeyTrans(fcinfo, false, "ff_order_fill_key_trans");
}

PG_FUNCTION_INFO_V1(logistics_ff_keys_combine);
Datum
logistics_ff_keys_combine(PG_FUNCTION_ARGS)
{
	return KeysCombine(fcinfo, "ff_keys_combine");
}

PG_FUNCTION_INFO_V1(logistics_ff_keys_serial);
Datum
logistics_ff_keys_serial(PG_FUNCTION_ARGS)
{
	FfKeys	   *s = (FfKeys *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_KEYS;
	int64		na = keylist_distinct(&s->all);
	int64		nb = keylist_distinct(&s->bad);
	char	   *w;
	bytea	   *b = ff_bytea(sizeof(tag) + 2 * sizeof(int64) +
							 (Size) (na + nb) * sizeof(int64), &w);

	FF_PUT(w, tag);
	FF_PUT(w, na);
	FF_PUT(w, nb);
	if (na > 0)
		memcpy(w, s->all.v, na * sizeof(int64));
	w += na * sizeof(int64);
	if (nb > 0)
		memcpy(w, s->bad.v, nb * sizeof(int64));
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(logistics_ff_keys_deserial);
Datum
logistics_ff_keys_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_KEYS);
	FfKeys	   *s = (FfKeys *) palloc0(sizeof(FfKeys));
	int64		na = ff_read_count(&r);
	int64		nb = ff_read_count(&r);

	if (nb > na)
		ff_malformed();
	keylist_read(&r, &s->all, na);
	keylist_read(&r, &s->bad, nb);
	ff_reader_done(&r);
	/* as serialized: sorted, unique, failing orders among all orders */
	if (!ff_int64_keys_valid(s->all.v, (size_t) na, s->bad.v, (size_t) nb))
		ff_malformed();
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_keys_final);
Datum
logistics_ff_keys_final(PG_FUNCTION_ARGS)
{
	return KeysFinal(fcinfo);
}

PG_FUNCTION_INFO_V1(logistics_ff_keys_ci_final);
Datum
logistics_ff_keys_ci_final(PG_FUNCTION_ARGS)
{
	return KeysCiFinal(fcinfo);
}

PG_FUNCTION_INFO_V1(logistics_ff_perfect_tkey_trans);
Datum
logistics_ff_perfect_tkey_trans(PG_FUNCTION_ARGS)
{
	return PerfectKeyTrans(fcinfo, true, "ff_perfect_tkey_trans");
}

PG_FUNCTION_INFO_V1(logistics_ff_order_fill_tkey_trans);
Datum
logistics_ff_order_fill_tkey_trans(PG_FUNCTION_ARGS)
{
	return OrderFillKeyTrans(fcinfo, true, "ff_order_fill_tkey_trans");
}

PG_FUNCTION_INFO_V1(logistics_ff_tkeys_combine);
Datum
logistics_ff_tkeys_combine(PG_FUNCTION_ARGS)
{
	return KeysCombine(fcinfo, "ff_tkeys_combine");
}

PG_FUNCTION_INFO_V1(logistics_ff_tkeys_serial);
Datum
logistics_ff_tkeys_serial(PG_FUNCTION_ARGS)
{
	FfKeys	   *s = (FfKeys *) PG_GETARG_POINTER(0);
	uint32		tag = FF_TAG_TKEYS;
	int64		la;
	int64		lb;
	char	   *w;
	bytea	   *b;

	tkeylist_compact(&s->all);
	tkeylist_compact(&s->bad);
	la = (int64) s->all.len;
	lb = (int64) s->bad.len;
	b = ff_bytea(sizeof(tag) + 4 * sizeof(int64) + (Size) (la + lb), &w);
	FF_PUT(w, tag);
	FF_PUT(w, s->all.n);
	FF_PUT(w, la);
	FF_PUT(w, s->bad.n);
	FF_PUT(w, lb);
	if (la > 0)
		memcpy(w, s->all.arena, la);
	w += la;
	if (lb > 0)
		memcpy(w, s->bad.arena, lb);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(logistics_ff_tkeys_deserial);
Datum
logistics_ff_tkeys_deserial(PG_FUNCTION_ARGS)
{
	FfReader	r = ff_reader(PG_GETARG_BYTEA_PP(0), FF_TAG_TKEYS);
	FfKeys	   *s = (FfKeys *) palloc0(sizeof(FfKeys));
	int64		na = ff_read_count(&r);
	int64		la = ff_read_count(&r);
	int64		nb = ff_read_count(&r);
	int64		lb = ff_read_count(&r);

	s->text = true;
	if (nb > na)
		ff_malformed();
	tkeylist_read(&r, &s->all, na, la);
	tkeylist_read(&r, &s->bad, nb, lb);
	ff_reader_done(&r);
	if (!ff_key_arenas_valid(s->all.arena, (size_t) la, s->bad.arena,
							 (size_t) lb))
		ff_malformed();
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_ff_tkeys_final);
Datum
logistics_ff_tkeys_final(PG_FUNCTION_ARGS)
{
	return KeysFinal(fcinfo);
}

PG_FUNCTION_INFO_V1(logistics_ff_tkeys_ci_final);
Datum
logistics_ff_tkeys_ci_final(PG_FUNCTION_ARGS)
{
	return KeysCiFinal(fcinfo);
}
