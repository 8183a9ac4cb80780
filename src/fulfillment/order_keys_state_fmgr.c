/*-------------------------------------------------------------------------
 *
 * order_keys_state_fmgr.c
 *	  perfect_order_rate and order_fill_rate with a bigint order key on a
 *	  real state type, logistics.order_keys_state, so that Citus splits
 *	  them into worker partials and a coordinator combine (doc/citus.md):
 *	  each worker sends its distinct order keys, a few characters per order
 *	  in the delta-encoded text form, instead of every order line.
 *
 * The state keeps two key lists, as the internal state of order_keys_fmgr.c
 * does: every order, and every order with a failing line; the rate is
 * |distinct all| - |distinct failing| over |distinct all|.  A key equal to
 * the last one added is not stored again, so when an order's lines arrive
 * together (the usual case) a list holds one key per order; a full list is
 * sorted and deduplicated in place, and only when that does not free half
 * of it does the state grow.
 *
 * The state is a varlena: the header, then the slots of the list of every
 * order, then those of the failing orders.  Growth allocates a new, larger
 * state in the current (per-row) memory context and returns it: nodeAgg
 * (and Citus's worker_partial_agg) then copy it into the aggregate context
 * and free the old state, which therefore must never be repalloc'd here.
 *
 * Text form, sorted and unique, each list delta-encoded:
 *
 *	(na,nb,a1,a2-a1,...,a(na)-a(na-1),b1,b2-b1,...)
 *
 * first keys as signed integers, the differences (>= 1) as unsigned ones;
 * the binary form has na, nb and the keys themselves (int8).  The input of
 * either accepts what rows can produce: at least one order, both lists
 * sorted and unique, the failing orders among all orders.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

#define OK_TYPE "logistics.order_keys_state"

typedef struct FfOk
{
	int32		vl_len_;		/* varlena header (SET_VARSIZE) */
	int32		flags;			/* OK_LAST_ALL, OK_LAST_BAD */
	int64		last_all;		/* the last key added to each list */
	int64		last_bad;
	int64		nall;			/* keys stored in each list */
	int64		nbad;
	int64		capall;			/* slots of each list */
	int64		capbad;
	int64		keys[FLEXIBLE_ARRAY_MEMBER];	/* all, then bad */
} FfOk;

#define OK_LAST_ALL 1
#define OK_LAST_BAD 2
#define OK_MIN_CAP 16
/* keys of both lists together in one allocation */
#define OK_MAX_KEYS ((int64) ((MaxAllocSize - offsetof(FfOk, keys)) / sizeof(int64)))

static inline int64 *
OkAll(FfOk *s)
{
	return s->keys;
}

static inline int64 *
OkBad(FfOk *s)
{
	return s->keys + s->capall;
}

static void
OkTooMany(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("too many distinct orders in one group (at most %lld)",
					(long long) (OK_MAX_KEYS / 2))));
}

/* A state with the given capacities, in the current memory context. */
static FfOk *
OkNew(int64 capall, int64 capbad)
{
	Size		bytes;
	FfOk	   *s;

	if (capall > OK_MAX_KEYS - capbad)
		OkTooMany();
	bytes = offsetof(FfOk, keys) + (Size) (capall + capbad) * sizeof(int64);
	s = (FfOk *) palloc(bytes);
	memset(s, 0, offsetof(FfOk, keys));
	SET_VARSIZE(s, bytes);
	s->capall = capall;
	s->capbad = capbad;
	return s;
}

/* A copy of s with room for at least the given numbers of keys. */
static FfOk *
OkGrow(const FfOk *s, int64 needall, int64 needbad)
{
	int64		capall = Max(s->capall, OK_MIN_CAP);
	int64		capbad = Max(s->capbad, OK_MIN_CAP);
	FfOk	   *t;

	while (capall < needall)
		capall = capall > OK_MAX_KEYS / 2 ? OK_MAX_KEYS : 2 * capall;
	while (capbad < needbad)
		capbad = capbad > OK_MAX_KEYS / 2 ? OK_MAX_KEYS : 2 * capbad;
	t = OkNew(capall, capbad);
	t->flags = s->flags;
	t->last_all = s->last_all;
	t->last_bad = s->last_bad;
	t->nall = s->nall;
	t->nbad = s->nbad;
	memcpy(OkAll(t), s->keys, s->nall * sizeof(int64));
	memcpy(OkBad(t), s->keys + s->capall, s->nbad * sizeof(int64));
	return t;
}

/* Sort and deduplicate both lists in place (the set they hold is kept). */
static void
OkCompact(FfOk *s)
{
	s->nall = (int64) ff_sort_unique_int64(OkAll(s), (size_t) s->nall,
										   lg_interrupt_callback, NULL);
	s->nbad = (int64) ff_sort_unique_int64(OkBad(s), (size_t) s->nbad,
										   lg_interrupt_callback, NULL);
}

/*
 * Add a line of order key with a failing line or not; returns the state
 * to keep (s itself, or a larger copy).
 */
static FfOk *
OkAdd(FfOk *s, int64 key, bool good)
{
	bool		add_all = !((s->flags & OK_LAST_ALL) && s->last_all == key);
	bool		add_bad = !good && !((s->flags & OK_LAST_BAD) && s->last_bad == key);

	if ((add_all && s->nall == s->capall) || (add_bad && s->nbad == s->capbad))
	{
		OkCompact(s);
		/* keep at least half free after a compaction, or grow */
		if (2 * (s->nall + 1) > s->capall || 2 * (s->nbad + 1) > s->capbad)
			s = OkGrow(s, 2 * (s->nall + 1), 2 * (s->nbad + 1));
	}
	if (add_all)
	{
		OkAll(s)[s->nall++] = key;
		s->last_all = key;
		s->flags |= OK_LAST_ALL;
	}
	if (add_bad)
	{
		OkBad(s)[s->nbad++] = key;
		s->last_bad = key;
		s->flags |= OK_LAST_BAD;
	}
	return s;
}

/* The state of a transition: NULL gives a new one, else the one passed. */
static FfOk *
OkState(FunctionCallInfo fcinfo, const char *fn)
{
	(void) ff_aggcontext(fcinfo, fn);
	if (PG_ARGISNULL(0))
		return OkNew(OK_MIN_CAP, OK_MIN_CAP);
	return (FfOk *) PG_GETARG_POINTER(0);
}

/*
 * perfect_order_rate(order_key bigint, on_time, in_full, damage_free,
 * documents_ok): an order is perfect when all four hold on all its lines.
 */
PG_FUNCTION_INFO_V1(logistics_ff_okeys_perfect_trans);
Datum
logistics_ff_okeys_perfect_trans(PG_FUNCTION_ARGS)
{
	FfOk	   *s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		FF_SKIP();
	s = OkState(fcinfo, "ff_okeys_perfect_trans");
	PG_RETURN_POINTER(OkAdd(s, PG_GETARG_INT64(1),
							PG_GETARG_BOOL(2) && PG_GETARG_BOOL(3) &&
							PG_GETARG_BOOL(4) && PG_GETARG_BOOL(5)));
}

/* order_fill_rate(order_key bigint, qty_ordered, qty_shipped) */
PG_FUNCTION_INFO_V1(logistics_ff_okeys_fill_trans);
Datum
logistics_ff_okeys_fill_trans(PG_FUNCTION_ARGS)
{
	FfOk	   *s;
	int			full = ff_fill_line(fcinfo);

	if (full < 0)
		FF_SKIP();
	s = OkState(fcinfo, "ff_okeys_fill_trans");
	PG_RETURN_POINTER(OkAdd(s, PG_GETARG_INT64(1), full));
}

/* The sorted union of a[0..na) and b[0..nb) (each sorted, unique) in out. */
static int64
OkUnion(const int64 *a, int64 na, const int64 *b, int64 nb, int64 *out)
{
	int64		i = 0;
	int64		j = 0;
	int64		n = 0;

	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && a[i] < b[j]))
			out[n++] = a[i++];
		else if (i >= na || b[j] < a[i])
			out[n++] = b[j++];
		else
		{
			out[n++] = a[i++];
			j++;
		}
	}
	return n;
}

/*
 * The union of two states, in a new state of the current memory context.
 * b may be read-only (a tuple of a parallel worker): it is compacted in a
 * copy.
 */
PG_FUNCTION_INFO_V1(logistics_ff_okeys_combine);
Datum
logistics_ff_okeys_combine(PG_FUNCTION_ARGS)
{
	FfOk	   *a;
	FfOk	   *b;
	FfOk	   *t;

	(void) ff_aggcontext(fcinfo, "ff_okeys_combine");
	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (FfOk *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1));
	OkCompact(b);
	b->flags = 0;
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(b);
	a = (FfOk *) PG_GETARG_POINTER(0);
	OkCompact(a);
	t = OkNew(Max(a->nall + b->nall, OK_MIN_CAP), Max(a->nbad + b->nbad, OK_MIN_CAP));
	t->nall = OkUnion(OkAll(a), a->nall, OkAll(b), b->nall, OkAll(t));
	t->nbad = OkUnion(OkBad(a), a->nbad, OkBad(b), b->nbad, OkBad(t));
	pfree(b);
	PG_RETURN_POINTER(t);
}

/* distinct good and all orders of s (compacted in a copy: s is read-only) */
static bool
OkCounts(FunctionCallInfo fcinfo, double *good, double *all)
{
	FfOk	   *s = (FfOk *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	OkCompact(s);
	*good = (double) (s->nall - s->nbad);
	*all = (double) s->nall;
	return s->nall > 0;
}

PG_FUNCTION_INFO_V1(logistics_ff_okeys_final);
Datum
logistics_ff_okeys_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!OkCounts(fcinfo, &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(good / all);
}

PG_FUNCTION_INFO_V1(logistics_ff_okeys_ci_final);
Datum
logistics_ff_okeys_ci_final(PG_FUNCTION_ARGS)
{
	double		good;
	double		all;

	if (!OkCounts(fcinfo, &good, &all))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ff_rate_ci_datum(fcinfo, good, all));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O
 * ---------------------------------------------------------------------
 */

/* What rows can produce (both lists as read: sorted, unique, a subset). */
static const char *
OkCheck(FfOk *s)
{
	if (s->nall < 1)
		return "a state holds at least one order";
	if (!ff_int64_keys_valid(OkAll(s), (size_t) s->nall,
							 OkBad(s), (size_t) s->nbad))
		return "the keys must be sorted, unique, and the failing orders among all orders";
	return NULL;
}

/* The counts na, nb of a state read from outside, as a new state. */
static FfOk *
OkForCounts(int64 na, int64 nb, const char **why)
{
	*why = NULL;
	if (na < 0 || nb < 0 || nb > na)
		*why = "the counts must be 0 <= failing orders <= orders";
	else if (na > OK_MAX_KEYS / 2)
		*why = "too many orders";
	if (*why != NULL)
		return NULL;
	return OkNew(Max(na, 1), Max(nb, 1));
}

/*
 * A delta-encoded sorted list: the first key signed, each next one as an
 * unsigned difference >= 1 that must not pass INT64_MAX.
 */
static void
OkReadList(LgTextReader *ps, int64 *v, int64 n, bool last)
{
	int64		i;

	for (i = 0; i < n; i++)
	{
		bool		end = last && i + 1 == n;

		if (i == 0)
			v[0] = lg_text_int64(ps, end);
		else
		{
			uint64		d;

			if (*ps->p == '-' || *ps->p == '+')
				lg_text_error(ps, "a key difference must be an unsigned integer");
			d = lg_text_uint64(ps, end);
			/* INT64_MAX - v[i - 1] in modular arithmetic is its true value */
			if (d == 0 || d > (uint64) PG_INT64_MAX - (uint64) v[i - 1])
				lg_text_error(ps, "the keys must be sorted, unique and within bigint");
			v[i] = (int64) ((uint64) v[i - 1] + d);
		}
	}
}

PG_FUNCTION_INFO_V1(logistics_order_keys_state_in);
Datum
logistics_order_keys_state_in(PG_FUNCTION_ARGS)
{
	LgTextReader ps;
	const char *why;
	FfOk	   *s;
	int64		na;
	int64		nb;

	lg_text_begin(&ps, OK_TYPE, PG_GETARG_CSTRING(0));
	na = lg_text_int64(&ps, false);
	if (na < 1)
		lg_text_error(&ps, "a state holds at least one order");
	nb = lg_text_int64(&ps, false);
	/* each key takes at least 2 characters: allocate no more than that */
	if (na > (int64) (strlen(ps.str) / 2) || nb > (int64) (strlen(ps.str) / 2))
		lg_text_error(&ps, "more keys than the text holds");
	if ((s = OkForCounts(na, nb, &why)) == NULL)
		lg_text_error(&ps, why);
	OkReadList(&ps, OkAll(s), na, nb == 0);
	OkReadList(&ps, OkBad(s), nb, true);
	s->nall = na;
	s->nbad = nb;
	if ((why = OkCheck(s)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(s);
}

static void
OkWriteList(StringInfo buf, const int64 *v, int64 n)
{
	int64		i;

	for (i = 0; i < n; i++)
	{
		if (i == 0)
			appendStringInfo(buf, "," INT64_FORMAT, v[0]);
		else
			appendStringInfo(buf, "," UINT64_FORMAT,
							 (uint64) v[i] - (uint64) v[i - 1]);
	}
}

PG_FUNCTION_INFO_V1(logistics_order_keys_state_out);
Datum
logistics_order_keys_state_out(PG_FUNCTION_ARGS)
{
	FfOk	   *s = (FfOk *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	StringInfoData buf;

	OkCompact(s);
	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT "," INT64_FORMAT, s->nall, s->nbad);
	OkWriteList(&buf, OkAll(s), s->nall);
	OkWriteList(&buf, OkBad(s), s->nbad);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

static void
OkBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type " OK_TYPE ": %s", why)));
}

PG_FUNCTION_INFO_V1(logistics_order_keys_state_recv);
Datum
logistics_order_keys_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const char *why;
	FfOk	   *s;
	int64		na;
	int64		nb;
	int64		i;

	/* pq_getmsg* raise 08P01 on a short message */
	na = pq_getmsgint64(msg);
	nb = pq_getmsgint64(msg);
	/* the length first, so that no allocation follows made-up counts */
	if (na < 0 || nb < 0 || na > (msg->len - msg->cursor) / 8 ||
		nb > (msg->len - msg->cursor) / 8 ||
		(Size) (msg->len - msg->cursor) != (Size) (na + nb) * sizeof(int64))
		OkBadBinary("the length does not match the counts");
	if ((s = OkForCounts(na, nb, &why)) == NULL)
		OkBadBinary(why);
	for (i = 0; i < na; i++)
		OkAll(s)[i] = pq_getmsgint64(msg);
	for (i = 0; i < nb; i++)
		OkBad(s)[i] = pq_getmsgint64(msg);
	s->nall = na;
	s->nbad = nb;
	if ((why = OkCheck(s)) != NULL)
		OkBadBinary(why);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_order_keys_state_send);
Datum
logistics_order_keys_state_send(PG_FUNCTION_ARGS)
{
	FfOk	   *s = (FfOk *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	OkCompact(s);
	pq_begintypsend(&buf);
	pq_sendint64(&buf, s->nall);
	pq_sendint64(&buf, s->nbad);
	for (i = 0; i < s->nall; i++)
		pq_sendint64(&buf, OkAll(s)[i]);
	for (i = 0; i < s->nbad; i++)
		pq_sendint64(&buf, OkBad(s)[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
