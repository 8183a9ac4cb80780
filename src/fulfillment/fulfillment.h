/*-------------------------------------------------------------------------
 *
 * fulfillment.h
 *	  Plain-C kernels of the fulfilment metrics: the Wilson score interval,
 *	  exact percentiles of durations, sorting and de-duplicating order keys,
 *	  and an exact 128-bit sum.  No PostgreSQL headers: the fmgr wrappers in
 *	  *_fmgr.c files own memory and errors.
 *
 *-------------------------------------------------------------------------
 */
#ifndef FULFILLMENT_H
#define FULFILLMENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Long loops call cb(arg) now and then (may longjmp out; NULL = none). */
typedef void (*ff_interrupt_cb) (void *arg);

/* Microseconds per day: durations are kept in microseconds. */
#define FF_USECS_PER_DAY INT64_C(86400000000)

/*
 * An exact signed 128-bit sum of int64 values (two's complement, lo word
 * unsigned).  Sums of microsecond durations over millions of rows overflow
 * int64; this keeps means exact and independent of the order in which
 * parallel workers combine their parts.
 */
typedef struct FfSum128
{
	uint64_t	lo;
	int64_t		hi;
} FfSum128;

static inline void
ff_sum128_add(FfSum128 *a, int64_t v)
{
	uint64_t	old = a->lo;

	/* hi in unsigned arithmetic: wraps (never UB) on a crafted state */
	a->lo += (uint64_t) v;
	a->hi = (int64_t) ((uint64_t) a->hi + (v < 0 ? UINT64_MAX : 0) +
					   (a->lo < old ? 1 : 0));
}

static inline void
ff_sum128_merge(FfSum128 *a, const FfSum128 *b)
{
	uint64_t	old = a->lo;

	a->lo += b->lo;
	a->hi = (int64_t) ((uint64_t) a->hi + (uint64_t) b->hi +
					   (a->lo < old ? 1 : 0));
}

/* The sum as a double (correctly rounded to within one ulp). */
extern double ff_sum128_to_double(const FfSum128 *a);

/* The sum divided by n > 0, rounded to the nearest int64 (ties away). */
extern int64_t ff_sum128_mean_int64(const FfSum128 *a, int64_t n);

/*
 * Wilson score interval for a binomial proportion (Wilson 1927): successes
 * s out of n trials at two-sided confidence level conf (0 < conf < 1).
 * s and n may be non-integral (unit counts).  Returns 0 and leaves the
 * bounds alone when undefined (n <= 0, s < 0 or s > n), 1 otherwise.
 */
extern int	ff_wilson(double s, double n, double conf,
					  double *lower, double *upper);

/*
 * Exact percentiles with linear interpolation between closest ranks, as
 * PostgreSQL's percentile_cont: for fraction p the value at 0-based
 * position p * (n - 1).  v (n >= 1 values) is reordered in place.  Results
 * are the values divided by scale (e.g. FF_USECS_PER_DAY for days).
 */
extern void ff_percentiles(int64_t *v, size_t n, const double *fractions,
						   int nfractions, double scale, double *out,
						   ff_interrupt_cb cb, void *cbarg);

/* ff_percentiles of values sorted ascending (v is not changed). */
extern void ff_percentiles_sorted(const int64_t *v, size_t n,
								  const double *fractions, int nfractions,
								  double scale, double *out);

/* Sort v ascending (introsort; O(n log n) worst case). */
extern void ff_sort_int64(int64_t *v, size_t n,
						  ff_interrupt_cb cb, void *cbarg);

/* Sort v and drop duplicates; returns the number of distinct values. */
extern size_t ff_sort_unique_int64(int64_t *v, size_t n,
								   ff_interrupt_cb cb, void *cbarg);

/*
 * Byte-string keys packed in an arena, each as a 4-byte native-endian
 * length followed by that many bytes.  ff_key_offsets fills off[] with the
 * start of each of the n entries (the arena must be well formed: see
 * ff_key_arena_check).  ff_sort_unique_keys sorts off[] by key (length,
 * then bytes) and removes duplicates, returning the distinct count.
 */
#define FF_KEY_HEADER 4
extern size_t ff_key_arena_check(const char *arena, size_t len);

/* The length of the key entry at a. */
static inline uint32_t
ff_key_len(const char *a)
{
	uint32_t	len;

	memcpy(&len, a, sizeof(len));
	return len;
}

/*
 * The order of the keys: shorter first, then bytewise (only equality
 * matters to the rates; the order is that of the sorted lists), of the
 * entries at a and b.
 */
static inline int
ff_key_cmp(const char *a, const char *b)
{
	uint32_t	la = ff_key_len(a);
	uint32_t	lb = ff_key_len(b);

	if (la != lb)
		return (la < lb) ? -1 : 1;
	return memcmp(a + FF_KEY_HEADER, b + FF_KEY_HEADER, la);
}

/*
 * The key lists of a deserialized order-key state (every order, the
 * failing orders): 1 when each list is strictly increasing (sorted, no
 * duplicates) and every failing order is among all orders.  The arenas
 * must have passed ff_key_arena_check.
 */
extern int	ff_key_arenas_valid(const char *a, size_t alen,
								const char *b, size_t blen);
extern int	ff_int64_keys_valid(const int64_t *a, size_t na,
								const int64_t *b, size_t nb);
extern void ff_key_offsets(const char *arena, size_t n, uint64_t *off);
extern size_t ff_sort_unique_keys(const char *arena, uint64_t *off, size_t n,
								  ff_interrupt_cb cb, void *cbarg);

#endif							/* FULFILLMENT_H */
