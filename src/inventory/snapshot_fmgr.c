/*-------------------------------------------------------------------------
 *
 * snapshot_fmgr.c
 *	  Aggregates over stock snapshots: time_weighted_avg, stockout_rate,
 *	  inventory_turnover and time_weighted_avg_linear.
 *
 * Snapshot aggregates (last observation carried forward).  The integral of
 * a step function needs each observation's successor, so no fixed-size
 * state can take rows in any order and stay exact: the state keeps the
 * observations.  It is built for what stock snapshots look like, a regular
 * series arriving in time order: while every time is the previous one plus
 * a constant step, only the levels are stored (8 bytes a row, appended, no
 * search, no sort) and the final function sums them in one pass.  The first
 * row that breaks the pattern turns the state into explicit (time, level)
 * pairs, still appended; the final function sorts them only if they did not
 * arrive in order.  Combining two regular states that continue each other
 * (what parallel workers produce when each scans a run of a series) keeps
 * the regular form; anything else concatenates pairs.  Equal times with
 * equal levels count once; equal times with different levels are an error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "inventory.h"
#include "inventory_agg_fmgr.h"
#include "common/logistics.h"

/* ------------------------------------------------------- snapshot state */

typedef struct SeriesState
{
	int64		n;				/* observations */
	int64		cap;			/* allocated elements of vals or pts */
	TimestampTz end;			/* period_end, the same in every row */
	TimestampTz tmin;			/* earliest time */
	TimestampTz tmax;			/* latest time */
	TimestampTz step;			/* regular: spacing (0 while n = 1) */
	bool		regular;		/* times are tmin + i step; levels in vals */
	bool		narrow;			/* regular: levels as float4 in vals4 */
	bool		sorted;			/* irregular: pts in increasing time */
	double		sum2;			/* inventory_turnover: sum of cogs */
	double	   *vals;			/* regular, not narrow: levels in time order */
	float	   *vals4;			/* regular, narrow: the same as float4 */
	LgPoint    *pts;			/* irregular: observations */
} SeriesState;

#define SERIES_MAGIC	0x4c475331	/* "LGS1" */
#define SERIES_REGULAR	0x1
#define SERIES_SORTED	0x2
#define SERIES_NARROW	0x4
#define SERIES_INITCAP	16
#define SERIES_MAXN		((int64) (MaxAllocHugeSize / sizeof(LgPoint) / 2))

/* wire format of SeriesState, followed by n floats, doubles or LgPoints */
typedef struct SeriesWire
{
	uint32		magic;
	uint32		flags;
	int64		n;
	TimestampTz end;
	TimestampTz tmin;
	TimestampTz tmax;
	TimestampTz step;
	double		sum2;
} SeriesWire;

/*
 * Whether a level survives a round trip through float4.  Stock levels are
 * mostly whole units, so a regular series usually needs 4 bytes a row.
 */
static inline bool
FitsFloat4(double x)
{
	return fabs(x) <= FLT_MAX && (double) (float) x == x;
}

/* level i of a regular state */
static inline double
SeriesLevel(const SeriesState *s, int64 i)
{
	return s->narrow ? (double) s->vals4[i] : s->vals[i];
}

/* bytes per stored element of s */
static inline Size
SeriesElem(const SeriesState *s)
{
	return !s->regular ? sizeof(LgPoint) :
		s->narrow ? sizeof(float) : sizeof(double);
}

/* the storage of s, whichever form it has */
static inline void **
SeriesData(SeriesState *s)
{
	return !s->regular ? (void **) &s->pts :
		s->narrow ? (void **) &s->vals4 : (void **) &s->vals;
}

/* Store a regular state's levels as float8 from now on. */
static void
SeriesWiden(SeriesState *s)
{
	double	   *v;
	int64		i;

	if (!s->narrow)
		return;
	v = MemoryContextAllocHuge(GetMemoryChunkContext(s), s->cap * sizeof(double));
	for (i = 0; i < s->n; i++)
		v[i] = s->vals4[i];
	pfree(s->vals4);
	s->vals4 = NULL;
	s->vals = v;
	s->narrow = false;
}

static void
ErrorEndChanged(TimestampTz a, TimestampTz b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("period_end must be the same in every row of a group, got %s and %s",
					inv_ts_str(a), inv_ts_str(b))));
}

/* Make room for one more element (levels or points). */
static void
SeriesGrow(SeriesState *s)
{
	int64		newcap;

	if (s->n < s->cap)
		return;
	if (s->cap >= SERIES_MAXN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many observations in one group")));
	newcap = Min(s->cap * 2, SERIES_MAXN);
	*SeriesData(s) = repalloc_huge(*SeriesData(s), newcap * SeriesElem(s));
	s->cap = newcap;
}

/* Turn a regular state into explicit points (in its own context). */
static void
SeriesToPoints(SeriesState *s)
{
	LgPoint    *pts;
	int64		cap = Max(s->cap, SERIES_INITCAP);
	int64		i;

	if (!s->regular)
		return;
	pts = MemoryContextAllocHuge(GetMemoryChunkContext(s),
								 cap * sizeof(LgPoint));
	for (i = 0; i < s->n; i++)
	{
		pts[i].ts = s->tmin + i * s->step;
		pts[i].level = SeriesLevel(s, i);
	}
	pfree(*SeriesData(s));
	s->vals = NULL;
	s->vals4 = NULL;
	s->narrow = false;
	s->pts = pts;
	s->cap = cap;
	s->regular = false;
	s->sorted = true;
}

static SeriesState *
SeriesNew(MemoryContext cxt, TimestampTz ts, double level, TimestampTz end)
{
	SeriesState *s = MemoryContextAllocZero(cxt, sizeof(SeriesState));

	s->cap = SERIES_INITCAP;
	s->regular = true;
	s->narrow = FitsFloat4(level);
	if (s->narrow)
	{
		s->vals4 = MemoryContextAlloc(cxt, SERIES_INITCAP * sizeof(float));
		s->vals4[0] = (float) level;
	}
	else
	{
		s->vals = MemoryContextAlloc(cxt, SERIES_INITCAP * sizeof(double));
		s->vals[0] = level;
	}
	s->n = 1;
	s->end = end;
	s->tmin = s->tmax = ts;
	s->regular = true;
	s->sorted = true;
	return s;
}

/* Add one observation; the caller has checked ts, level and end. */
static inline void
SeriesAdd(SeriesState *s, TimestampTz ts, double level)
{
	if (s->regular)
	{
		TimestampTz next;

		if (s->n == 1 && ts > s->tmax &&
			pg_sub_s64_overflow(ts, s->tmax, &s->step))
			s->step = 0;
		if (s->step > 0 && !pg_add_s64_overflow(s->tmax, s->step, &next) &&
			ts == next)
		{
			if (s->n == s->cap)
				SeriesGrow(s);
			s->tmax = ts;
			if (s->narrow)
			{
				if (likely(FitsFloat4(level)))
				{
					s->vals4[s->n++] = (float) level;
					return;
				}
				SeriesWiden(s);
			}
			s->vals[s->n++] = level;
			return;
		}
		SeriesToPoints(s);
	}
	if (s->n == s->cap)
		SeriesGrow(s);
	s->pts[s->n].ts = ts;
	s->pts[s->n].level = level;
	s->n++;
	if (ts <= s->tmax)
		s->sorted = false;
	if (ts > s->tmax)
		s->tmax = ts;
	if (ts < s->tmin)
		s->tmin = ts;
}

/*
 * The shared part of the snapshot transition functions: arguments ts,
 * level and period_end at positions its, ilevel, iend.  Returns the state
 * (NULL while no row has counted) and sets *added if this row counted.
 */
static inline SeriesState *
SeriesTrans(FunctionCallInfo fcinfo, int its, int ilevel, int iend,
			const char *levelname, bool nonneg, bool *added)
{
	MemoryContext aggcxt;
	SeriesState *s;
	TimestampTz ts,
				end;
	double		level;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "snapshot aggregate transition called in non-aggregate context");
	s = PG_ARGISNULL(0) ? NULL : (SeriesState *) PG_GETARG_POINTER(0);
	*added = false;
	if (PG_ARGISNULL(its) || PG_ARGISNULL(ilevel) ||
		(iend >= 0 && PG_ARGISNULL(iend)))
		return s;

	ts = PG_GETARG_TIMESTAMPTZ(its);
	level = PG_GETARG_FLOAT8(ilevel);
	/* without a period_end argument (iend < 0) the series has no end */
	end = iend >= 0 ? PG_GETARG_TIMESTAMPTZ(iend) : DT_NOEND;

	if (unlikely(isnan(level) || isinf(level) || (nonneg && level < 0.0)))
	{
		if (nonneg)
			lg_check_nonneg(level, levelname);
		lg_check_finite(level, levelname);
	}
	if (unlikely(ts > end || TIMESTAMP_NOT_FINITE(ts) ||
				 (iend >= 0 && TIMESTAMP_NOT_FINITE(end))))
	{
		inv_check_timestamp(ts, "ts");
		inv_check_timestamp(end, "period_end");
		inv_error_after_end(ts, end);
	}

	*added = true;
	if (s == NULL)
		return SeriesNew(aggcxt, ts, level, end);
	if (unlikely(end != s->end))
		ErrorEndChanged(s->end, end);
	SeriesAdd(s, ts, level);
	return s;
}

/* inv_series_trans(state, ts, level, period_end) */
PG_FUNCTION_INFO_V1(logistics_inv_series_trans);
Datum
logistics_inv_series_trans(PG_FUNCTION_ARGS)
{
	bool		added;
	SeriesState *s = SeriesTrans(fcinfo, 1, 2, 3, "level", false, &added);

	if (s == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

/* inv_series_trans_noend(state, ts, level): time_weighted_avg_linear */
PG_FUNCTION_INFO_V1(logistics_inv_series_trans_noend);
Datum
logistics_inv_series_trans_noend(PG_FUNCTION_ARGS)
{
	bool		added;
	SeriesState *s = SeriesTrans(fcinfo, 1, 2, -1, "level", false, &added);

	if (s == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

/* inv_turnover_trans(state, ts, inventory_value, cogs, period_end) */
PG_FUNCTION_INFO_V1(logistics_inv_turnover_trans);
Datum
logistics_inv_turnover_trans(PG_FUNCTION_ARGS)
{
	bool		added;
	SeriesState *s;

	if (PG_ARGISNULL(3))
	{
		/* a row without cogs is skipped like any row with a NULL */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	s = SeriesTrans(fcinfo, 1, 2, 4, "inventory_value", true, &added);
	if (added)
	{
		double		cogs = PG_GETARG_FLOAT8(3);

		if (unlikely(isnan(cogs) || isinf(cogs) || cogs < 0.0))
			lg_check_nonneg(cogs, "cogs");
		s->sum2 += cogs;
		inv_check_sum(s->sum2, "inventory_turnover");
	}
	if (s == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

/* A deep copy of s in cxt. */
static SeriesState *
SeriesCopy(MemoryContext cxt, const SeriesState *s)
{
	SeriesState *c = MemoryContextAlloc(cxt, sizeof(SeriesState));
	int64		cap = Max(s->n, SERIES_INITCAP);

	*c = *s;
	c->cap = cap;
	c->vals = NULL;
	c->vals4 = NULL;
	c->pts = NULL;
	*SeriesData(c) = MemoryContextAllocHuge(cxt, cap * SeriesElem(s));
	memcpy(*SeriesData(c), *SeriesData((SeriesState *) s), s->n * SeriesElem(s));
	return c;
}

/*
 * Can regular b continue regular a (b's first time one step after a's
 * last)?  Sets *step to the common spacing.
 */
static bool
RegularFollows(const SeriesState *a, const SeriesState *b, TimestampTz *step)
{
	TimestampTz gap;

	if (!a->regular || !b->regular || b->tmin <= a->tmax ||
		pg_sub_s64_overflow(b->tmin, a->tmax, &gap))
		return false;
	if (a->n > 1 && gap != a->step)
		return false;
	if (b->n > 1 && gap != b->step)
		return false;
	*step = gap;
	return true;
}

/* Make room for extra more elements. */
static void
SeriesReserve(SeriesState *s, int64 extra)
{
	int64		need = s->n + extra;
	int64		newcap = s->cap;

	if (need > SERIES_MAXN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many observations in one group")));
	if (need <= s->cap)
		return;
	while (newcap < need)
		newcap *= 2;
	newcap = Min(newcap, SERIES_MAXN);
	*SeriesData(s) = repalloc_huge(*SeriesData(s), newcap * SeriesElem(s));
	s->cap = newcap;
}

/*
 * Insert regular b's levels into regular a at position at (0 or a->n),
 * widening a first if b's levels need float8.  a->n is not updated.
 */
static void
CopyLevels(SeriesState *a, int64 at, const SeriesState *b)
{
	int64		i;

	if (a->narrow && !b->narrow)
		SeriesWiden(a);
	SeriesReserve(a, b->n);
	if (at < a->n)
		memmove((char *) *SeriesData(a) + (at + b->n) * SeriesElem(a),
				(char *) *SeriesData(a) + at * SeriesElem(a),
				(a->n - at) * SeriesElem(a));
	if (a->narrow)
		memcpy(a->vals4 + at, b->vals4, b->n * sizeof(float));
	else if (!b->narrow)
		memcpy(a->vals + at, b->vals, b->n * sizeof(double));
	else
		for (i = 0; i < b->n; i++)
			a->vals[at + i] = b->vals4[i];
}

/* inv_series_combine(a, b): a gains b's observations (b is not modified) */
PG_FUNCTION_INFO_V1(logistics_inv_series_combine);
Datum
logistics_inv_series_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SeriesState *a;
	SeriesState *b;
	TimestampTz step;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "inv_series_combine called in non-aggregate context");
	a = PG_ARGISNULL(0) ? NULL : (SeriesState *) PG_GETARG_POINTER(0);
	b = PG_ARGISNULL(1) ? NULL : (SeriesState *) PG_GETARG_POINTER(1);
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		PG_RETURN_POINTER(SeriesCopy(aggcxt, b));
	if (a->end != b->end)
		ErrorEndChanged(a->end, b->end);

	if (RegularFollows(a, b, &step))
	{
		/* b continues a */
		CopyLevels(a, a->n, b);
		a->step = step;
		a->tmax = b->tmax;
	}
	else if (RegularFollows(b, a, &step))
	{
		/* a continues b: b's levels go first */
		CopyLevels(a, 0, b);
		a->step = step;
		a->tmin = b->tmin;
	}
	else
	{
		int64		i;
		LgPoint    *dst;
		bool		bsorted = b->regular || b->sorted;

		SeriesToPoints(a);
		SeriesReserve(a, b->n);
		if (a->sorted && bsorted && b->tmax < a->tmin)
		{
			/* b entirely before a: keep the order */
			memmove(a->pts + b->n, a->pts, a->n * sizeof(LgPoint));
			dst = a->pts;
		}
		else
		{
			if (!(a->sorted && bsorted && b->tmin > a->tmax))
				a->sorted = false;
			dst = a->pts + a->n;
		}
		if (b->regular)
		{
			for (i = 0; i < b->n; i++)
			{
				dst[i].ts = b->tmin + i * b->step;
				dst[i].level = SeriesLevel(b, i);
			}
		}
		else
			memcpy(dst, b->pts, b->n * sizeof(LgPoint));
		a->tmin = Min(a->tmin, b->tmin);
		a->tmax = Max(a->tmax, b->tmax);
	}
	a->n += b->n;
	a->sum2 += b->sum2;
	inv_check_sum(a->sum2, "inventory_turnover");
	PG_RETURN_POINTER(a);
}

/* inv_series_serial(state) -> bytea */
PG_FUNCTION_INFO_V1(logistics_inv_series_serial);
Datum
logistics_inv_series_serial(PG_FUNCTION_ARGS)
{
	SeriesState *s;
	SeriesWire	w;
	Size		datalen;
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_series_serial called in non-aggregate context");
	s = (SeriesState *) PG_GETARG_POINTER(0);
	memset(&w, 0, sizeof(w));
	w.magic = SERIES_MAGIC;
	w.flags = (s->regular ? SERIES_REGULAR : 0) |
		(s->sorted ? SERIES_SORTED : 0) |
		(s->regular && s->narrow ? SERIES_NARROW : 0);
	w.n = s->n;
	w.end = s->end;
	w.tmin = s->tmin;
	w.tmax = s->tmax;
	w.step = s->step;
	w.sum2 = s->sum2;
	datalen = s->n * SeriesElem(s);
	out = palloc_extended(VARHDRSZ + sizeof(w) + datalen, MCXT_ALLOC_HUGE);
	SET_VARSIZE(out, VARHDRSZ + sizeof(w) + datalen);
	memcpy(VARDATA(out), &w, sizeof(w));
	memcpy(VARDATA(out) + sizeof(w), *SeriesData(s), datalen);
	PG_RETURN_BYTEA_P(out);
}

static void
ErrorBadState(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized snapshot aggregate state: %s", why)));
}

/*
 * inv_series_deserial(bytea, internal) -> state.  Every field is checked
 * against the data before use; a malformed value is an error.
 */
PG_FUNCTION_INFO_V1(logistics_inv_series_deserial);
Datum
logistics_inv_series_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	SeriesWire	w;
	SeriesState *s;
	Size		len;
	Size		elem;
	int64		i;
	const char *data;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_series_deserial called in non-aggregate context");
	in = PG_GETARG_BYTEA_PP(0);
	len = VARSIZE_ANY_EXHDR(in);
	if (len < sizeof(w))
		ErrorBadState("too short");
	memcpy(&w, VARDATA_ANY(in), sizeof(w));
	if (w.magic != SERIES_MAGIC)
		ErrorBadState("unknown version");
	if ((w.flags & ~(SERIES_REGULAR | SERIES_SORTED | SERIES_NARROW)) != 0 ||
		((w.flags & SERIES_NARROW) && !(w.flags & SERIES_REGULAR)))
		ErrorBadState("unknown flags");
	if (w.n < 1 || w.n > SERIES_MAXN)
		ErrorBadState("bad number of observations");
	elem = !(w.flags & SERIES_REGULAR) ? sizeof(LgPoint) :
		(w.flags & SERIES_NARROW) ? sizeof(float) : sizeof(double);
	if (len != sizeof(w) + (Size) w.n * elem)
		ErrorBadState("length does not match the number of observations");
	if ((!IS_VALID_TIMESTAMP(w.end) && w.end != DT_NOEND) ||
		isnan(w.sum2) || isinf(w.sum2) || w.sum2 < 0)
		ErrorBadState("bad header");
	data = VARDATA_ANY(in) + sizeof(w);

	s = palloc0(sizeof(SeriesState));
	s->n = w.n;
	s->cap = w.n;
	s->end = w.end;
	s->sum2 = w.sum2;
	if (w.flags & SERIES_REGULAR)
	{
		/* times tmin, tmin + step, ... must be finite and not after end */
		if (!IS_VALID_TIMESTAMP(w.tmin) || w.step < 0 ||
			(w.n > 1 && w.step == 0) || (w.n == 1 && w.step != 0) ||
			w.tmin > w.end ||
			(w.n > 1 && ((uint64) w.end - (uint64) w.tmin) / (uint64) w.step <
			 (uint64) (w.n - 1)) ||
			w.tmax != w.tmin + (w.n - 1) * w.step)
			ErrorBadState("bad regular series");
		s->regular = true;
		s->sorted = true;
		s->tmin = w.tmin;
		s->tmax = w.tmax;
		s->step = w.step;
		s->narrow = (w.flags & SERIES_NARROW) != 0;
		*SeriesData(s) = palloc_extended(w.n * elem, MCXT_ALLOC_HUGE);
		memcpy(*SeriesData(s), data, w.n * elem);
		for (i = 0; i < w.n; i++)
			if (!isfinite(SeriesLevel(s, i)))
				ErrorBadState("non-finite level");
	}
	else
	{
		s->regular = false;
		s->pts = palloc_extended(w.n * sizeof(LgPoint), MCXT_ALLOC_HUGE);
		memcpy(s->pts, data, w.n * sizeof(LgPoint));
		/* recompute the bounds and the order rather than trust them */
		s->sorted = true;
		s->tmin = s->tmax = s->pts[0].ts;
		for (i = 0; i < w.n; i++)
		{
			TimestampTz t = s->pts[i].ts;

			if (!IS_VALID_TIMESTAMP(t) || t > w.end ||
				isnan(s->pts[i].level) || isinf(s->pts[i].level))
				ErrorBadState("bad observation");
			if (i > 0 && t <= s->tmax)
				s->sorted = false;
			s->tmin = Min(s->tmin, t);
			s->tmax = Max(s->tmax, t);
		}
	}
	PG_RETURN_POINTER(s);
}

/*
 * Sort an unsorted state by time and drop exact duplicates.  This does not
 * change what the state represents, so the final functions that call it
 * stay READ_ONLY in the sense PostgreSQL needs (and a state shared between
 * aggregates of the same query is fine).
 */
static void
SeriesSort(SeriesState *s)
{
	if (!s->regular && !s->sorted)
	{
		int64		i,
					m;

		CHECK_FOR_INTERRUPTS();
		qsort(s->pts, s->n, sizeof(LgPoint), lg_point_cmp);
		for (i = 1, m = 1; i < s->n; i++)
		{
			if (s->pts[i].ts == s->pts[m - 1].ts)
			{
				if (s->pts[i].level != s->pts[m - 1].level)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("two observations at %s with different levels %g and %g",
									inv_ts_str(s->pts[i].ts),
									s->pts[m - 1].level, s->pts[i].level)));
				continue;
			}
			s->pts[m++] = s->pts[i];
		}
		s->n = m;
		s->sorted = true;
	}
}

/* The integral of the level and the time at or below zero, over [tmin, end]. */
static void
SeriesIntegrate(SeriesState *s, double *integral, double *zero_time)
{
	if (s->regular)
	{
		if (s->narrow)
			lg_locf_regular4(s->vals4, s->n, s->tmin, s->step, s->end,
							 integral, zero_time);
		else
			lg_locf_regular(s->vals, s->n, s->tmin, s->step, s->end,
							integral, zero_time);
		return;
	}
	SeriesSort(s);
	lg_locf_points(s->pts, s->n, s->end, integral, zero_time);
}

/*
 * The common part of the LOCF finals (time_weighted_avg, stockout_rate,
 * inventory_turnover): sort the observations, then integrate the level and
 * the time at or below zero from the first observation to period_end.
 * Returns NULL when there is no state or the period has no length.
 */
static SeriesState *
SeriesFinalIntegrate(FunctionCallInfo fcinfo, const char *fname,
					 double *integral, double *zero)
{
	SeriesState *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "%s called in non-aggregate context", fname);
	if (PG_ARGISNULL(0))
		return NULL;
	s = (SeriesState *) PG_GETARG_POINTER(0);
	SeriesSort(s);				/* reports conflicting duplicates */
	if (s->end == s->tmin)
		return NULL;
	SeriesIntegrate(s, integral, zero);
	return s;
}

/* time_weighted_avg final: integral / (end - first time), NULL if 0 */
PG_FUNCTION_INFO_V1(logistics_inv_twa_final);
Datum
logistics_inv_twa_final(PG_FUNCTION_ARGS)
{
	SeriesState *s;
	double		integral,
				zero;

	s = SeriesFinalIntegrate(fcinfo, "inv_twa_final", &integral, &zero);
	if (s == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lg_check_result(integral / inv_ts_span(s->tmin, s->end),
									 "time_weighted_avg"));
}

/*
 * time_weighted_avg_linear final: the trapezoid integral between the first
 * and the last observation over their distance; NULL if they coincide.
 */
PG_FUNCTION_INFO_V1(logistics_inv_twa_linear_final);
Datum
logistics_inv_twa_linear_final(PG_FUNCTION_ARGS)
{
	SeriesState *s;
	double		integral;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_twa_linear_final called in non-aggregate context");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (SeriesState *) PG_GETARG_POINTER(0);
	SeriesSort(s);				/* reports conflicting duplicates */
	if (s->tmax == s->tmin)
		PG_RETURN_NULL();
	if (s->regular)
		integral = s->narrow ?
			lg_trapezoid_regular4(s->vals4, s->n, s->step) :
			lg_trapezoid_regular(s->vals, s->n, s->step);
	else
		integral = lg_trapezoid_points(s->pts, s->n);
	PG_RETURN_FLOAT8(lg_check_result(integral / inv_ts_span(s->tmin, s->tmax),
									 "time_weighted_avg_linear"));
}

/* stockout_rate final: time at or below zero / (end - first time) */
PG_FUNCTION_INFO_V1(logistics_inv_stockout_final);
Datum
logistics_inv_stockout_final(PG_FUNCTION_ARGS)
{
	SeriesState *s;
	double		integral,
				zero;

	s = SeriesFinalIntegrate(fcinfo, "inv_stockout_final", &integral, &zero);
	if (s == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(zero / inv_ts_span(s->tmin, s->end));
}

/* inventory_turnover final: sum of cogs / time-weighted average value */
PG_FUNCTION_INFO_V1(logistics_inv_turnover_final);
Datum
logistics_inv_turnover_final(PG_FUNCTION_ARGS)
{
	SeriesState *s;
	double		integral,
				zero;

	s = SeriesFinalIntegrate(fcinfo, "inv_turnover_final", &integral, &zero);
	if (s == NULL)
		PG_RETURN_NULL();
	if (integral <= 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lg_check_result(s->sum2 / (integral / inv_ts_span(s->tmin, s->end)),
									 "inventory_turnover"));
}
