/*-------------------------------------------------------------------------
 *
 * kll.h
 *	  A mergeable quantile sketch, plain C: the KLL sketch of Karnin, Lang
 *	  and Liberty (2016), "Optimal quantile approximation in streams",
 *	  FOCS 2016, arXiv:1603.05346.
 *
 * The sketch keeps levels of values; a value at level h stands for 2^h of
 * the values added.  When a level is full it is sorted and every other
 * value (odd or even positions, by a coin) moves up one level with twice
 * the weight.  Level h holds at most cap(h) values: k at level 0 (so up to
 * k values the sketch is exact), and ceil(k (2/3)^(H-1-h)), at least 8,
 * above it (H levels in use), the geometric capacities of KLL.  With
 * k = 200 the rank error of a quantile is at most about 1.65% of n with
 * 99% confidence (doc/fulfillment.md; test/unit/test_common_kll.c measures
 * it against exact quantiles).  Two sketches merge level by level and then
 * compact the same way, so partial sketches of parallel workers or Citus
 * nodes combine into a sketch of the union with the same error bound.
 *
 * The struct is one flat block (no pointers), so that the SQL glue can use
 * it as the body of a varlena: vl_len_ is left to the caller.  The values
 * live in items[0 .. lg_kll_slots(k)), levels packed top first (level H-1
 * at items[0], level 0 last), so that adding a value appends to level 0.
 * The caller may keep data of its own after the slots (nextra doubles).
 *
 *-------------------------------------------------------------------------
 */
#ifndef LG_KLL_H
#define LG_KLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LG_KLL_K 200
#define LG_KLL_MAX_LEVELS 62	/* n < 2^62 values */
#define LG_KLL_MIN_WIDTH 8

typedef struct LgKll
{
	int32_t		vl_len_;		/* the caller's (varlena header) */
	int32_t		k;
	int32_t		nlevels;		/* H >= 1 */
	int32_t		nextra;			/* doubles of the caller after the slots */
	int64_t		n;				/* values added */
	uint64_t	rng;			/* state of the coin (splitmix64) */
	double		min;			/* exact extremes (n > 0) */
	double		max;
	int32_t		size[LG_KLL_MAX_LEVELS];	/* values at each level */
	double		items[];
} LgKll;

/* Value slots of a sketch with parameter k (enough for any state). */
extern size_t lg_kll_slots(int k);

/*
 * Scratch space for lg_kll_add and lg_kll_merge on sketches with k =
 * LG_KLL_K: 3 * lg_kll_slots(LG_KLL_K) doubles, one block per process
 * (nothing in it outlives a call).  The SQL glue used to keep such a block
 * with the call site (fn_extra), but Citus's worker_partial_agg_sfunc
 * (aggregate_utils.c) builds a new FmgrInfo for every row, so that block
 * was allocated again for every value added on a Citus worker.
 */
extern double *lg_kll_scratch(void);

/* Bytes of a sketch with parameter k and nextra doubles of the caller. */
extern size_t lg_kll_bytes(int k, int nextra);

/* Capacity of level h when H levels are in use. */
extern int32_t lg_kll_capacity(int k, int h, int nlevels);

/* Make an empty sketch in sk (lg_kll_bytes(k, nextra) bytes, zeroed). */
extern void lg_kll_init(LgKll *sk, int k, int nextra);

/*
 * A sketch that grows with the values it retains: the caller keeps it in a
 * block of lg_kll_bytes_slots(slots) bytes (room for slots values, none of
 * the caller's after them), makes it with lg_kll_init_slots, and moves it
 * to a bigger block (header and the lg_kll_retained values) before an add
 * finds lg_kll_retained(sk) == slots, and before a merge into it when the
 * two retained counts add up to more than its slots.  Adding and merging
 * never need more than lg_kll_slots(k) slots.
 */
extern size_t lg_kll_bytes_slots(size_t slots);
extern void lg_kll_init_slots(LgKll *sk, int k, size_t slots);

/* Values in the sketch (sum of the level sizes). */
extern size_t lg_kll_retained(const LgKll *sk);

/*
 * Add a finite value.  work: lg_kll_slots(k) doubles of scratch space.
 */
extern void lg_kll_add(LgKll *sk, double v, double *work);

/*
 * lg_kll_add on a sketch with room for slots values: false, and nothing
 * added, when all of them are in use (the caller moves the sketch to a
 * bigger block and adds again).
 */
extern bool lg_kll_add_within(LgKll *sk, double v, double *work,
							  size_t slots);

/*
 * Merge b into a (same k).  work: 3 * lg_kll_slots(k) doubles.  The
 * caller checks that a->n + b->n does not overflow.  a receives at most
 * the smaller of lg_kll_slots(k) and the sum of the two retained counts.
 */
extern void lg_kll_merge(LgKll *a, const LgKll *b, double *work);

/*
 * Quantiles: for each fraction p in [0, 1], the value at rank p (n - 1)
 * (0-based), interpolated linearly between the retained values placed at
 * the middle of the ranks they stand for, and the exact min and max at
 * ranks 0 and n - 1.  A sketch that never compacted (n <= k) gives the
 * exact percentile_cont.  work: 2 * lg_kll_slots(k) doubles.  n > 0.
 */
extern void lg_kll_quantiles(const LgKll *sk, const double *fractions,
							 int nf, double *out, double *work);

/*
 * NULL when sk is a state that adding and merging can produce (sizes
 * within the capacities, weights adding up to n, levels above 0 sorted,
 * every value finite and within [min, max]); else what is wrong with it.
 * Checks the header before the values: retained values are read only
 * when the sizes fit the slots.
 */
extern const char *lg_kll_check(const LgKll *sk);

#endif							/* LG_KLL_H */
