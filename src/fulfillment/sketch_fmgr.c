/*-------------------------------------------------------------------------
 *
 * sketch_fmgr.c
 *	  cycle_time_percentile_approx: percentiles of durations from a KLL
 *	  sketch (common/kll.h) on a real state type, logistics.quantile_sketch,
 *	  so that parallel workers and Citus nodes ship a few hundred values per
 *	  group rather than every duration (doc/fulfillment.md, doc/citus.md).
 *
 * The state is a varlena whose body is the LgKll block with room for the
 * values it retains, then the requested fractions; the room is what the
 * varlena's size leaves after the header and the fractions (SketchSlots).
 * The transition updates it in place in the aggregate context while there
 * is room; when the sketch needs more, the transition or combine returns a
 * new state with the room doubled (from 16 values up to lg_kll_slots, about
 * 11 kB), as kpis_state does (kpis_approx_fmgr.c, KpaResize: nodeAgg and
 * Citus copy a new state into their context and free the old one).  So a
 * group of 10 rows holds about 0.5 kB, not 11 kB, in memory and in a
 * parallel worker's partial state.  Its text and binary forms list only
 * the retained values:
 *
 *	(k,n,coin,min,max,F,f1,...,fF,H,s0,...,s(H-1),values top level first)
 *
 * and their input checks what adding and merging can produce (lg_kll_check
 * and the fractions), since a state type with text input is reachable from
 * SQL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "fulfillment.h"
#include "common/kll.h"
#include "common/logistics.h"
#include "common/state_io.h"
#include "fulfillment_fmgr.h"

/* At most this many fractions per call (one array argument). */
#define SKETCH_MAX_FRACTIONS 100

/* Most value slots a sketch needs (adding and merging never need more). */
#define SKETCH_MAX_SLOTS lg_kll_slots(LG_KLL_K)
#define SKETCH_FIRST_SLOTS 16	/* in a new group's state */

/* The value slots of sk: its size less the header and the fractions. */
static inline size_t
SketchSlots(const LgKll *sk)
{
	return (VARSIZE(sk) - lg_kll_bytes_slots(0)) / sizeof(double) -
		(size_t) sk->nextra;
}

static inline double *
SketchFractions(LgKll *sk)
{
	return sk->items + SketchSlots(sk);
}

/* An empty sketch in cxt with room for slots values and nf fractions. */
static LgKll *
SketchNew(MemoryContext cxt, int nf, size_t slots)
{
	Size		bytes = lg_kll_bytes_slots(slots + (size_t) nf);
	LgKll	   *sk = (LgKll *) MemoryContextAlloc(cxt, bytes);

	lg_kll_init_slots(sk, LG_KLL_K, slots + (size_t) nf);
	sk->nextra = nf;
	SET_VARSIZE(sk, bytes);
	return sk;
}

/*
 * A new sketch in the current (per-row) memory context with the values and
 * fractions of sk and room for slots values (at least those sk retains).
 * The state the aggregate owns is never enlarged in place (see above).
 */
static LgKll *
SketchResize(LgKll *sk, size_t slots)
{
	LgKll	   *t = SketchNew(CurrentMemoryContext, sk->nextra, slots);
	int32		vl = *(int32 *) t;	/* the new varlena header */

	memcpy(t, sk, lg_kll_bytes_slots(lg_kll_retained(sk)));
	*(int32 *) t = vl;
	memcpy(SketchFractions(t), SketchFractions(sk),
		   (size_t) sk->nextra * sizeof(double));
	return t;
}

/* Slots for need values: have doubled until they fit, at most all. */
static size_t
SketchGrow(size_t have, size_t need)
{
	size_t		n = have > 0 ? have : SKETCH_FIRST_SLOTS;

	if (need > SKETCH_MAX_SLOTS)
		elog(ERROR, "quantile_sketch: a sketch needs %zu value slots", need);
	while (n < need)
		n *= 2;
	return n < SKETCH_MAX_SLOTS ? n : SKETCH_MAX_SLOTS;
}

static void
SketchDifferentFractions(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the percentile fractions must be the same in every row of a group")));
}

/*
 * The transitions: start and finish (timestamps or dates; a row with
 * either NULL is skipped), then one fraction (multi false) or an array.
 */
static Datum
SketchTrans(FunctionCallInfo fcinfo, bool dates, bool multi)
{
	LgKll	   *sk;
	double		one;
	double	   *f;
	double		v;
	int			nf;
	int64		a;
	int64		b;

	(void) ff_aggcontext(fcinfo, "ff_dur_sketch_trans");

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		FF_SKIP();
	ff_span_args(fcinfo, dates, &a, &b);
	if (multi)
		f = lg_float8_array(PG_GETARG_ARRAYTYPE_P(3), &nf, "fractions");
	else
	{
		one = PG_GETARG_FLOAT8(3);
		f = &one;
		nf = 1;
	}

	if (PG_ARGISNULL(0))
	{
		int			i;

		if (nf == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("fractions must not be empty")));
		if (nf > SKETCH_MAX_FRACTIONS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("at most %d fractions, got %d",
							SKETCH_MAX_FRACTIONS, nf)));
		for (i = 0; i < nf; i++)
			ff_check_fraction(f[i]);
		sk = SketchNew(CurrentMemoryContext, nf, SKETCH_FIRST_SLOTS);
		memcpy(SketchFractions(sk), f, nf * sizeof(double));
	}
	else
	{
		sk = (LgKll *) PG_GETARG_POINTER(0);
		if (nf != sk->nextra ||
			memcmp(f, SketchFractions(sk), nf * sizeof(double)) != 0)
			SketchDifferentFractions();
	}
	v = (double) ff_diff(b, a);
	if (!lg_kll_add_within(sk, v, lg_kll_scratch(), SketchSlots(sk)))
	{
		/* no room for the value: a new state with more */
		sk = SketchResize(sk, SketchGrow(SketchSlots(sk), SketchSlots(sk) + 1));
		lg_kll_add(sk, v, lg_kll_scratch());
	}
	PG_RETURN_POINTER(sk);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketch_trans);
Datum
logistics_ff_dur_sketch_trans(PG_FUNCTION_ARGS)
{
	return SketchTrans(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketches_trans);
Datum
logistics_ff_dur_sketches_trans(PG_FUNCTION_ARGS)
{
	return SketchTrans(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketch_date_trans);
Datum
logistics_ff_dur_sketch_date_trans(PG_FUNCTION_ARGS)
{
	return SketchTrans(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketches_date_trans);
Datum
logistics_ff_dur_sketches_date_trans(PG_FUNCTION_ARGS)
{
	return SketchTrans(fcinfo, true, true);
}

PG_FUNCTION_INFO_V1(logistics_ff_sketch_combine);
Datum
logistics_ff_sketch_combine(PG_FUNCTION_ARGS)
{
	LgKll	   *a;
	LgKll	   *b;
	size_t		need;

	(void) ff_aggcontext(fcinfo, "ff_sketch_combine");
	if (PG_ARGISNULL(1))
		FF_SKIP();
	b = (LgKll *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		/* a copy (b may be a worker's tuple): nodeAgg adopts it */
		a = (LgKll *) palloc(VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		PG_RETURN_POINTER(a);
	}
	a = (LgKll *) PG_GETARG_POINTER(0);
	if (a->nextra != b->nextra ||
		memcmp(SketchFractions(a), SketchFractions(b),
			   a->nextra * sizeof(double)) != 0)
		SketchDifferentFractions();
	(void) ff_add_counts(a->n, b->n);	/* 22003 on overflow */
	/* the merged sketch retains at most the values of both */
	need = Min(lg_kll_retained(a) + lg_kll_retained(b), SKETCH_MAX_SLOTS);
	if (need > SketchSlots(a))
		a = SketchResize(a, need);
	lg_kll_merge(a, b, lg_kll_scratch());
	PG_RETURN_POINTER(a);
}

/* The percentiles of the durations, in days. */
static void
SketchDays(LgKll *sk, double *out)
{
	double	   *work = (double *) palloc(2 * SKETCH_MAX_SLOTS * sizeof(double));
	int			i;

	lg_kll_quantiles(sk, SketchFractions(sk), sk->nextra, out, work);
	for (i = 0; i < sk->nextra; i++)
		out[i] /= (double) FF_USECS_PER_DAY;
	pfree(work);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketch_final);
Datum
logistics_ff_dur_sketch_final(PG_FUNCTION_ARGS)
{
	LgKll	   *sk = (LgKll *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double		out;

	if (sk->n == 0 || sk->nextra != 1)
		PG_RETURN_NULL();
	SketchDays(sk, &out);
	PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(logistics_ff_dur_sketches_final);
Datum
logistics_ff_dur_sketches_final(PG_FUNCTION_ARGS)
{
	LgKll	   *sk = (LgKll *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double	   *out;

	if (sk->n == 0)
		PG_RETURN_NULL();
	out = (double *) palloc(sk->nextra * sizeof(double));
	SketchDays(sk, out);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(out, sk->nextra));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O of logistics.quantile_sketch
 * ---------------------------------------------------------------------
 */

/* Whole sketch but the values: the fractions and the level sizes. */
static const char *
SketchCheckHeader(const LgKll *sk)
{
	int			i;

	if (sk->k != LG_KLL_K)
		return "unsupported sketch parameter k";
	if (sk->nextra < 1 || sk->nextra > SKETCH_MAX_FRACTIONS)
		return "the fraction count must be between 1 and 100";
	if (sk->nlevels < 1 || sk->nlevels > LG_KLL_MAX_LEVELS)
		return "level count out of range";
	for (i = 0; i < sk->nlevels; i++)
		if (sk->size[i] < 0 ||
			sk->size[i] >= lg_kll_capacity(sk->k, i, sk->nlevels))
			return "a level is over its capacity";
	/* the capacities add up to less (lg_kll_slots): a guard of the sizing */
	if (lg_kll_retained(sk) > SKETCH_MAX_SLOTS)
		return "a level is over its capacity";
	return NULL;
}

static const char *
SketchCheckAll(LgKll *sk)
{
	const double *f = SketchFractions(sk);
	int			i;

	for (i = 0; i < sk->nextra; i++)
		if (!(f[i] >= 0.0 && f[i] <= 1.0))
			return "fractions must be between 0 and 1";
	if (sk->n < 1)
		return "a sketch holds at least one value";
	return lg_kll_check(sk);
}

static int32
SketchInt32(LgTextReader *ps, bool last)
{
	int64		v = lg_text_int64(ps, last);

	if (v < 0 || v > PG_INT32_MAX)
		lg_text_error(ps, "a count is out of range");
	return (int32) v;
}

/*
 * A sketch with the header hdr (checked by SketchCheckHeader), the
 * fractions f and room for just the values it retains (at least one: they
 * are read into it next); as the transition would have shipped it.
 */
static LgKll *
SketchFromHeader(const LgKll *hdr, const double *f, size_t *total)
{
	LgKll	   *sk;
	int			h;

	*total = 0;
	for (h = 0; h < hdr->nlevels; h++)
		*total += hdr->size[h];
	sk = SketchNew(CurrentMemoryContext, hdr->nextra,
				   Max(*total, 1));
	/* the struct but vl_len_ and the slots */
	sk->k = hdr->k;
	sk->n = hdr->n;
	sk->rng = hdr->rng;
	sk->min = hdr->min;
	sk->max = hdr->max;
	sk->nlevels = hdr->nlevels;
	memcpy(sk->size, hdr->size, sizeof(hdr->size));
	memcpy(SketchFractions(sk), f, (size_t) hdr->nextra * sizeof(double));
	return sk;
}

PG_FUNCTION_INFO_V1(logistics_quantile_sketch_in);
Datum
logistics_quantile_sketch_in(PG_FUNCTION_ARGS)
{
	LgTextReader ps;
	LgKll		hdr;
	LgKll	   *sk;
	double		f[SKETCH_MAX_FRACTIONS];
	const char *why;
	size_t		total;
	size_t		i;
	int			h;

	lg_text_begin(&ps, "logistics.quantile_sketch", PG_GETARG_CSTRING(0));
	memset(&hdr, 0, sizeof(hdr));
	hdr.k = SketchInt32(&ps, false);
	hdr.n = lg_text_int64(&ps, false);
	if (*ps.p == '-' || *ps.p == '+')
		lg_text_error(&ps, "the coin state must be an unsigned integer");
	hdr.rng = lg_text_uint64(&ps, false);
	hdr.min = lg_text_double(&ps, false);
	hdr.max = lg_text_double(&ps, false);
	hdr.nextra = SketchInt32(&ps, false);
	hdr.nlevels = 1;
	if ((why = SketchCheckHeader(&hdr)) != NULL)
		lg_text_error(&ps, why);
	for (h = 0; h < hdr.nextra; h++)
		f[h] = lg_text_double(&ps, false);
	hdr.nlevels = SketchInt32(&ps, false);
	if (hdr.nlevels < 1 || hdr.nlevels > LG_KLL_MAX_LEVELS)
		lg_text_error(&ps, "level count out of range");
	for (h = 0; h < hdr.nlevels; h++)
		hdr.size[h] = SketchInt32(&ps, false);
	if ((why = SketchCheckHeader(&hdr)) != NULL)
		lg_text_error(&ps, why);
	sk = SketchFromHeader(&hdr, f, &total);
	if (total == 0)
		lg_text_error(&ps, "a sketch holds at least one value");
	for (i = 0; i < total; i++)
		sk->items[i] = lg_text_double(&ps, i + 1 == total);
	if ((why = SketchCheckAll(sk)) != NULL)
		lg_text_error(&ps, why);
	PG_RETURN_POINTER(sk);
}

PG_FUNCTION_INFO_V1(logistics_quantile_sketch_out);
Datum
logistics_quantile_sketch_out(PG_FUNCTION_ARGS)
{
	LgKll	   *sk = (LgKll *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	size_t		total = lg_kll_retained(sk);
	StringInfoData buf;
	size_t		i;
	int			h;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(%d," INT64_FORMAT "," UINT64_FORMAT ",",
					 sk->k, sk->n, sk->rng);
	lg_text_append_double(&buf, sk->min);
	appendStringInfoChar(&buf, ',');
	lg_text_append_double(&buf, sk->max);
	appendStringInfo(&buf, ",%d", sk->nextra);
	for (h = 0; h < sk->nextra; h++)
	{
		appendStringInfoChar(&buf, ',');
		lg_text_append_double(&buf, SketchFractions(sk)[h]);
	}
	appendStringInfo(&buf, ",%d", sk->nlevels);
	for (h = 0; h < sk->nlevels; h++)
		appendStringInfo(&buf, ",%d", sk->size[h]);
	for (i = 0; i < total; i++)
	{
		appendStringInfoChar(&buf, ',');
		lg_text_append_double(&buf, sk->items[i]);
	}
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

static void
SketchBadBinary(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type logistics.quantile_sketch: %s",
					why)));
}

PG_FUNCTION_INFO_V1(logistics_quantile_sketch_recv);
Datum
logistics_quantile_sketch_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	LgKll		hdr;
	LgKll	   *sk;
	double		f[SKETCH_MAX_FRACTIONS];
	const char *why;
	size_t		total;
	size_t		i;
	int			h;

	/* pq_getmsg* raise 08P01 on a short message */
	memset(&hdr, 0, sizeof(hdr));
	hdr.k = pq_getmsgint(msg, 4);
	hdr.n = pq_getmsgint64(msg);
	hdr.rng = (uint64) pq_getmsgint64(msg);
	hdr.min = pq_getmsgfloat8(msg);
	hdr.max = pq_getmsgfloat8(msg);
	hdr.nextra = pq_getmsgint(msg, 4);
	hdr.nlevels = pq_getmsgint(msg, 4);
	if (hdr.nlevels < 1 || hdr.nlevels > LG_KLL_MAX_LEVELS)
		SketchBadBinary("level count out of range");
	for (h = 0; h < hdr.nlevels; h++)
		hdr.size[h] = pq_getmsgint(msg, 4);
	if ((why = SketchCheckHeader(&hdr)) != NULL)
		SketchBadBinary(why);
	for (h = 0; h < hdr.nextra; h++)
		f[h] = pq_getmsgfloat8(msg);
	sk = SketchFromHeader(&hdr, f, &total);
	for (i = 0; i < total; i++)
		sk->items[i] = pq_getmsgfloat8(msg);
	if (msg->cursor != msg->len)
		SketchBadBinary("bytes after the last value");
	if ((why = SketchCheckAll(sk)) != NULL)
		SketchBadBinary(why);
	PG_RETURN_POINTER(sk);
}

PG_FUNCTION_INFO_V1(logistics_quantile_sketch_send);
Datum
logistics_quantile_sketch_send(PG_FUNCTION_ARGS)
{
	LgKll	   *sk = (LgKll *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	size_t		total = lg_kll_retained(sk);
	StringInfoData buf;
	size_t		i;
	int			h;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, sk->k);
	pq_sendint64(&buf, sk->n);
	pq_sendint64(&buf, (int64) sk->rng);
	pq_sendfloat8(&buf, sk->min);
	pq_sendfloat8(&buf, sk->max);
	pq_sendint32(&buf, sk->nextra);
	pq_sendint32(&buf, sk->nlevels);
	for (h = 0; h < sk->nlevels; h++)
		pq_sendint32(&buf, sk->size[h]);
	for (h = 0; h < sk->nextra; h++)
		pq_sendfloat8(&buf, SketchFractions(sk)[h]);
	for (i = 0; i < total; i++)
		pq_sendfloat8(&buf, sk->items[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
