/*-------------------------------------------------------------------------
 *
 * fulfillment.c
 *	  Plain-C kernels of the fulfilment metrics (see fulfillment.h).
 *
 * Nothing here allocates memory or reports errors: the callers in
 * the *_fmgr.c files pass buffers they own and check arguments first.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "fulfillment.h"
#include "common/lg_sort.h"
#include "common/normal.h"

/* Check for interrupts once per this many elements of work. */
#define FF_CB_STRIDE 65536

/*
 * The magnitude is converted, then the sign applied: hi * 2^64 + lo with a
 * negative hi cancels (for a sum of -3,600,000,000, -2^64 + (2^64 -
 * 3.6e9)), and the low word, rounded to the 4,096 of a double near 2^64,
 * lost up to 2,048 of the sum.  Two non-negative terms round to within an
 * ulp of the result, and a sum within 2^64 converts correctly rounded.
 */
double
ff_sum128_to_double(const FfSum128 *a)
{
	uint64_t	hi = (uint64_t) a->hi;
	uint64_t	lo = a->lo;
	double		mag;

	if (a->hi < 0)
	{
		/* two's complement negation in unsigned words (never UB) */
		lo = ~lo + 1;
		hi = ~hi + (lo == 0 ? 1 : 0);
	}
	mag = (double) hi * 18446744073709551616.0 + (double) lo;
	return a->hi < 0 ? -mag : mag;
}

int64_t
ff_sum128_mean_int64(const FfSum128 *a, int64_t n)
{
#ifdef __SIZEOF_INT128__
	/* shift as unsigned: hi is negative for negative sums (UB as signed) */
	__int128	s = (__int128) (((unsigned __int128) (uint64_t) a->hi << 64) |
								(unsigned __int128) a->lo);
	__int128	q = s / n;
	__int128	r = s % n;

	/* round half away from zero */
	if (r < 0)
		r = -r;
	if (2 * r >= n)
		q += (s < 0) ? -1 : 1;
	return (int64_t) q;
#else
	return (int64_t) llround(ff_sum128_to_double(a) / (double) n);
#endif
}

/*
 * ff_wilson: the score interval of Wilson (1927),
 *
 *	 (2s + z^2 -+ z sqrt(z^2 + 4 s (n - s) / n)) / (2 (n + z^2)),
 *
 * z the standard normal quantile at (1 + conf) / 2 (lg_norm_quantile, taken
 * as minus the quantile at (1 - conf) / 2, which stays exact for conf near 1);
 * algebraically the textbook (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) /
 * (1 + z^2/n), which is R's prop.test(s, n, correct = FALSE)$conf.int.
 * The upper bound is evaluated in that direct form, a sum of positive
 * terms (1 minus the lower bound of the failures, as before, lost the
 * relative precision of small rates: 0.4% at 5 / 1e15).  The lower bound
 * is the difference times its conjugate over the conjugate,
 *
 *	 4 s^2 (1 + z^2/n) / (2 (n + z^2) (2s + z^2 + root))
 *	   = s (s/n) / (s + (z^2 + root) / 2),
 *
 * which does not cancel when s is small.  Both are written with s/n and
 * (n - s)/n so that sums of quantities near the top of the double range
 * (fill_rate_ci) do not overflow on the way.
 */
static double
wilson_root(double s, double n, double z2)
{
	return sqrt(z2 * (z2 + 4.0 * s * ((n - s) / n)));
}

int
ff_wilson(double s, double n, double conf, double *lower, double *upper)
{
	double		z;
	double		z2;
	double		root;

	if (!(n > 0.0) || !(s >= 0.0) || s > n || !(conf > 0.0 && conf < 1.0))
		return 0;
	/* from the lower tail: 0.5 + conf / 2 rounds to 1 for conf near 1 */
	z = -lg_norm_quantile((1.0 - conf) / 2.0);
	z2 = z * z;
	root = wilson_root(s, n, z2);
	*lower = (s == 0.0) ? 0.0 : s * (s / n) / (s + (z2 + root) / 2.0);
	*upper = (s + (z2 + root) / 2.0) / (n + z2);
	/* at s = n the upper bound is 1 exactly; rounding may pass it */
	if (*upper > 1.0)
		*upper = 1.0;
	return isfinite(*lower) && isfinite(*upper);
}

/* ---------------------------------------------------------------------
 * Sorting int64 values: the shared introsort (common/lg_sort.h).
 * ---------------------------------------------------------------------
 */
void
ff_sort_int64(int64_t *v, size_t n, ff_interrupt_cb cb, void *cbarg)
{
	lg_sort_int64(v, n, cb, cbarg);
}

size_t
ff_sort_unique_int64(int64_t *v, size_t n, ff_interrupt_cb cb, void *cbarg)
{
	size_t		i;
	size_t		u;

	if (n == 0)
		return 0;
	ff_sort_int64(v, n, cb, cbarg);
	u = 1;
	for (i = 1; i < n; i++)
		if (v[i] != v[u - 1])
			v[u++] = v[i];
	return u;
}

/*
 * Branch-free Lomuto partitions of v[0..n) around pivot (every element is
 * swapped, the boundary advances by the comparison result, so the loop has
 * no unpredictable branch).  partition_lt: v[0..i) < pivot <= v[i..n);
 * partition_le: v[0..i) <= pivot < v[i..n).
 */
static size_t
partition_lt(int64_t *v, size_t n, int64_t pivot)
{
	size_t		i = 0;
	size_t		j;

	for (j = 0; j < n; j++)
	{
		int64_t		x = v[j];

		v[j] = v[i];
		v[i] = x;
		i += (x < pivot);
	}
	return i;
}

static size_t
partition_le(int64_t *v, size_t n, int64_t pivot)
{
	size_t		i = 0;
	size_t		j;

	for (j = 0; j < n; j++)
	{
		int64_t		x = v[j];

		v[j] = v[i];
		v[i] = x;
		i += (x <= pivot);
	}
	return i;
}

/*
 * Put the k-th smallest of v[0..n) at v[k], smaller-or-equal values before
 * it and greater-or-equal after (quickselect with a median-of-three pivot
 * and a three-way split, so runs of equal values end it early; if it has
 * not converged after 2 log2 n rounds the rest is sorted: O(n log n) worst).
 */
static void
select_int64(int64_t *v, size_t n, size_t k, ff_interrupt_cb cb, void *cbarg)
{
	int			depth = lg_sort_depth_limit(n);
	size_t		lo = 0;
	size_t		hi = n;

	while (hi - lo > LG_SORT_SMALL)
	{
		int64_t		a = v[lo];
		int64_t		b = v[lo + (hi - lo) / 2];
		int64_t		c = v[hi - 1];
		int64_t		pivot;
		size_t		p;
		size_t		q;

		if (cb && hi - lo >= FF_CB_STRIDE)
			cb(cbarg);
		if (depth-- <= 0)
		{
			lg_sort_int64(v + lo, hi - lo, cb, cbarg);
			return;
		}
		if (a < b)
			pivot = (b < c) ? b : (a < c) ? c : a;
		else
			pivot = (a < c) ? a : (b < c) ? c : b;
		/* [lo, p) < pivot <= [p, hi) */
		p = lo + partition_lt(v + lo, hi - lo, pivot);
		if (k < p)
		{
			hi = p;
			continue;
		}
		/* [p, q) == pivot < [q, hi); q > p as the pivot is in [p, hi) */
		q = p + partition_le(v + p, hi - p, pivot);
		if (k < q)
			return;
		lo = q;
	}
	/* at most LG_SORT_SMALL values: the sort is an insertion sort */
	lg_sort_int64(v + lo, hi - lo, cb, cbarg);
}

/*
 * ff_percentiles: order statistics by repeated selection, highest position
 * first: after selecting position a in v[0..end), v[0..a) holds the a
 * smallest values, so lower positions are selected within v[0..a), and the
 * next order statistic a + 1 (for the interpolation) is the minimum of
 * v[a+1..end), or v[end] itself.  With at most four fractions this costs a
 * few linear passes; more fractions sort the values once.
 */
typedef struct FfStat
{
	size_t		pos;
	double		val;
} FfStat;

static int
stat_find(const FfStat *st, int nst, size_t pos, double *val)
{
	int			i;

	for (i = 0; i < nst; i++)
		if (st[i].pos == pos)
		{
			*val = st[i].val;
			return 1;
		}
	return 0;
}

/*
 * The same percentiles of values already sorted ascending, read at their
 * positions: the arithmetic of ff_percentiles, so the results are the same
 * bits.
 */
void
ff_percentiles_sorted(const int64_t *v, size_t n, const double *fractions,
					  int nfractions, double scale, double *out)
{
	int			i;

	for (i = 0; i < nfractions; i++)
	{
		double		r = fractions[i] * (double) (n - 1);
		size_t		a = (size_t) floor(r);
		size_t		b = (size_t) ceil(r);
		double		va = (double) v[a] / scale;
		double		vb = (double) v[b] / scale;

		out[i] = (a == b) ? va : va + (vb - va) * (r - (double) a);
	}
}

void
ff_percentiles(int64_t *v, size_t n, const double *fractions, int nfractions,
			   double scale, double *out, ff_interrupt_cb cb, void *cbarg)
{
	FfStat		st[8];
	int			nst = 0;
	int			order[4];
	size_t		end = n;
	int			i;
	int			j;

	if (nfractions > 4)
	{
		ff_sort_int64(v, n, cb, cbarg);
		ff_percentiles_sorted(v, n, fractions, nfractions, scale, out);
		return;
	}

	/* fractions by decreasing position */
	for (i = 0; i < nfractions; i++)
	{
		for (j = i; j > 0 && fractions[order[j - 1]] < fractions[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}

	for (i = 0; i < nfractions; i++)
	{
		double		r = fractions[order[i]] * (double) (n - 1);
		size_t		a = (size_t) floor(r);
		size_t		b = (size_t) ceil(r);
		double		va;
		double		vb;

		if (!stat_find(st, nst, a, &va))
		{
			select_int64(v, end, a, cb, cbarg);
			va = (double) v[a] / scale;
			st[nst].pos = a;
			st[nst++].val = va;
		}
		if (b != a && !stat_find(st, nst, b, &vb))
		{
			/* b < end here: position end, when < n, is already known */
			int64_t		m = v[b];
			size_t		k;

			for (k = b + 1; k < end; k++)
				if (v[k] < m)
					m = v[k];
			vb = (double) m / scale;
			st[nst].pos = b;
			st[nst++].val = vb;
		}
		else if (b == a)
			vb = va;
		out[order[i]] = (b == a) ? va : va + (vb - va) * (r - (double) a);
		end = a;
	}
}

/* ---------------------------------------------------------------------
 * Byte-string keys in an arena.
 * ---------------------------------------------------------------------
 */
static inline uint32_t
key_len(const char *arena, uint64_t off)
{
	return ff_key_len(arena + off);
}

size_t
ff_key_arena_check(const char *arena, size_t len)
{
	size_t		pos = 0;
	size_t		n = 0;

	while (pos < len)
	{
		uint32_t	klen;

		if (len - pos < FF_KEY_HEADER)
			return (size_t) -1;
		klen = key_len(arena, pos);
		pos += FF_KEY_HEADER;
		if (len - pos < klen)
			return (size_t) -1;
		pos += klen;
		n++;
	}
	return n;
}

void
ff_key_offsets(const char *arena, size_t n, uint64_t *off)
{
	uint64_t	pos = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		off[i] = pos;
		pos += FF_KEY_HEADER + key_len(arena, pos);
	}
}

/* Order of keys (ff_key_cmp) at offsets a and b of one arena. */
static inline int
key_cmp(const char *arena, uint64_t a, uint64_t b)
{
	return ff_key_cmp(arena + a, arena + b);
}

int
ff_key_arenas_valid(const char *a, size_t alen, const char *b, size_t blen)
{
	uint64_t	pa = 0;
	uint64_t	pb = 0;
	uint64_t	prev = 0;
	int			first = 1;

	/* a strictly increasing */
	for (pa = 0; pa < alen; pa += FF_KEY_HEADER + key_len(a, pa))
	{
		if (!first && key_cmp(a, prev, pa) >= 0)
			return 0;
		prev = pa;
		first = 0;
	}
	/* b strictly increasing and each of its keys in a (a merge walk) */
	first = 1;
	pa = 0;
	for (pb = 0; pb < blen; pb += FF_KEY_HEADER + key_len(b, pb))
	{
		int			c = 1;

		if (!first && key_cmp(b, prev, pb) >= 0)
			return 0;
		prev = pb;
		first = 0;
		while (pa < alen && (c = ff_key_cmp(a + pa, b + pb)) < 0)
			pa += FF_KEY_HEADER + key_len(a, pa);
		if (pa >= alen || c != 0)
			return 0;
	}
	return 1;
}

int
ff_int64_keys_valid(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	size_t		i;
	size_t		j = 0;

	for (i = 1; i < na; i++)
		if (a[i - 1] >= a[i])
			return 0;
	for (i = 0; i < nb; i++)
	{
		if (i > 0 && b[i - 1] >= b[i])
			return 0;
		while (j < na && a[j] < b[i])
			j++;
		if (j >= na || a[j] != b[i])
			return 0;
	}
	return 1;
}

/* keys by key_cmp(), through the arena */
#define LG_SORT_PREFIX keys
#define LG_SORT_TYPE uint64_t
#define LG_SORT_CTX const char *
#define LG_SORT_LT(arena, a, b) (key_cmp((arena), (a), (b)) < 0)
#include "common/lg_sort_template.h"

size_t
ff_sort_unique_keys(const char *arena, uint64_t *off, size_t n,
					ff_interrupt_cb cb, void *cbarg)
{
	size_t		i;
	size_t		u;

	if (n == 0)
		return 0;
	keys_sort(arena, off, n, cb, cbarg);
	u = 1;
	for (i = 1; i < n; i++)
		if (key_cmp(arena, off[i], off[u - 1]) != 0)
			off[u++] = off[i];
	return u;
}
