/*-------------------------------------------------------------------------
 *
 * kll.c
 *	  The KLL quantile sketch (kll.h): add, merge, compact, quantiles,
 *	  and the check of a state read from outside.
 *
 * Karnin, Lang and Liberty (2016), "Optimal quantile approximation in
 * streams": compactors with capacities shrinking geometrically (factor
 * 2/3) from the top level down, each compaction keeping the odd or even
 * positions of a sorted level by a fair coin.  Level 0 keeps capacity k
 * (the sketch is exact up to k values, and its compactions, of weight 1,
 * add next to no error), as the lowest levels of Apache DataSketches'
 * KllSketch keep a minimum width.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/kll.h"

typedef struct KllPoint
{
	double		v;
	double		w;
} KllPoint;

#define LG_SORT_PREFIX kll_dbl
#define LG_SORT_TYPE double
#define LG_SORT_CTX void *
#define LG_SORT_LT(ctx, a, b) ((void) (ctx), (a) < (b))
#include "common/lg_sort_template.h"

#define LG_SORT_PREFIX kll_pt
#define LG_SORT_TYPE KllPoint
#define LG_SORT_CTX void *
#define LG_SORT_LT(ctx, a, b) ((void) (ctx), (a).v < (b).v)
#include "common/lg_sort_template.h"

/* lg_kll_slots(LG_KLL_K) as a constant */
#define KLL_SLOTS_K (4 * LG_KLL_K + (LG_KLL_MIN_WIDTH + 1) * LG_KLL_MAX_LEVELS)

static double kll_scratch[3 * KLL_SLOTS_K];

double *
lg_kll_scratch(void)
{
	return kll_scratch;
}

size_t
lg_kll_slots(int k)
{
	/*
	 * Level 0 holds at most k values, level h >= 1 at most its capacity,
	 * and the capacities above level 0 add up to less than
	 * k (1 + 2/3 + 4/9 + ...) = 3k plus one per level for the rounding up
	 * and LG_KLL_MIN_WIDTH per level for the minimum width.  Compaction
	 * only ever lowers the number of values, so this holds at any time.
	 */
	return (size_t) 4 * k + (LG_KLL_MIN_WIDTH + 1) * LG_KLL_MAX_LEVELS;
}

size_t
lg_kll_bytes(int k, int nextra)
{
	return offsetof(LgKll, items) + (lg_kll_slots(k) + nextra) * sizeof(double);
}

int32_t
lg_kll_capacity(int k, int h, int nlevels)
{
	int64_t		c = k;
	int			depth;

	if (h == 0)
		return k;
	/* ceil(k (2/3)^depth) in integers: the same on every platform */
	for (depth = nlevels - 1 - h; depth > 0 && c > LG_KLL_MIN_WIDTH; depth--)
		c = (2 * c + 2) / 3;
	return (int32_t) (c < LG_KLL_MIN_WIDTH ? LG_KLL_MIN_WIDTH : c);
}

void
lg_kll_init(LgKll *sk, int k, int nextra)
{
	lg_kll_init_slots(sk, k, lg_kll_slots(k) + nextra);
	sk->nextra = nextra;
}

size_t
lg_kll_bytes_slots(size_t slots)
{
	return offsetof(LgKll, items) + slots * sizeof(double);
}

void
lg_kll_init_slots(LgKll *sk, int k, size_t slots)
{
	memset(sk, 0, lg_kll_bytes_slots(slots));
	sk->k = k;
	sk->nlevels = 1;
	sk->rng = UINT64_C(0x9E3779B97F4A7C15);
}

size_t
lg_kll_retained(const LgKll *sk)
{
	size_t		t = 0;
	int			h;

	for (h = 0; h < sk->nlevels; h++)
		t += (size_t) sk->size[h];
	return t;
}

/* splitmix64 (Steele, Lea and Flood 2014): one fair bit */
static int
KllCoin(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return (int) (z >> 63);
}

/* Index of the first value of level h (levels packed top first). */
static size_t
KllStart(const int32_t *size, int nlevels, int h)
{
	size_t		s = 0;
	int			l;

	for (l = nlevels - 1; l > h; l--)
		s += (size_t) size[l];
	return s;
}

/*
 * Compact level h of the packed levels in items: sort it (level 0 is
 * unsorted), keep its first value if it has an odd count, and move the
 * values at odd or even positions of the rest (by the coin) up into level
 * h + 1, merged in order; the levels below h move down to close the gap.
 * A compaction of the top level opens a new, empty top level first.
 * work: room for the new level h + 1.
 */
static void
KllCompact(double *items, int32_t *size, int *nlevels, int h,
		   uint64_t *rng, double *work)
{
	size_t		total;
	size_t		a0;
	size_t		b0;
	double	   *a;
	int32_t		s = size[h];
	int32_t		odd = s & 1;
	int32_t		p = (s - odd) / 2;
	int32_t		m;
	int32_t		i;
	int32_t		j;
	int32_t		w;
	int			off;
	double		left = 0.0;

	if (h + 1 == *nlevels)
	{
		size[h + 1] = 0;		/* at items[0]: nothing moves */
		(*nlevels)++;
	}
	total = KllStart(size, *nlevels, -1);
	a0 = KllStart(size, *nlevels, h);
	b0 = KllStart(size, *nlevels, h + 1);
	a = items + a0;
	m = size[h + 1];
	if (h == 0)
		kll_dbl_sort(NULL, a, (size_t) s, NULL, NULL);
	off = KllCoin(rng);
	if (odd)
		left = a[0];
	/* merge level h + 1 with the promoted values a[odd + off + 2j] */
	i = 0;
	j = 0;
	w = 0;
	while (i < m || j < p)
	{
		if (j >= p || (i < m && items[b0 + i] <= a[odd + off + 2 * j]))
			work[w++] = items[b0 + i++];
		else
		{
			work[w++] = a[odd + off + 2 * j];
			j++;
		}
	}
	memcpy(items + b0, work, (size_t) w * sizeof(double));
	if (odd)
		items[b0 + w] = left;
	/* the levels below h: from a0 + s to b0 + w + odd */
	memmove(items + b0 + w + odd, items + a0 + s,
			(total - a0 - (size_t) s) * sizeof(double));
	size[h + 1] = m + p;
	size[h] = odd;
}

/* Compact the lowest full level until no level is full. */
static void
KllCompress(LgKll *sk, double *items, double *work)
{
	for (;;)
	{
		int			h;

		for (h = 0; h < sk->nlevels; h++)
			if (sk->size[h] >= lg_kll_capacity(sk->k, h, sk->nlevels))
				break;
		if (h == sk->nlevels || h + 1 >= LG_KLL_MAX_LEVELS)
			return;
		KllCompact(items, sk->size, &sk->nlevels, h, &sk->rng, work);
	}
}

void
lg_kll_add(LgKll *sk, double v, double *work)
{
	(void) lg_kll_add_within(sk, v, work, SIZE_MAX);
}

bool
lg_kll_add_within(LgKll *sk, double v, double *work, size_t slots)
{
	size_t		total = lg_kll_retained(sk);

	if (total >= slots)
		return false;
	if (sk->n == 0)
		sk->min = sk->max = v;
	else if (v < sk->min)
		sk->min = v;
	else if (v > sk->max)
		sk->max = v;
	sk->items[total] = v;
	sk->size[0]++;
	sk->n++;
	if (sk->size[0] >= sk->k)
		KllCompress(sk, sk->items, work);
	return true;
}

/*
 * Level by level concatenation into work (sorted merges above level 0),
 * compression there, and the result copied back into a: after the
 * compression every level is below its capacity, so it fits a's slots.
 */
void
lg_kll_merge(LgKll *a, const LgKll *b, double *work)
{
	size_t		slots = lg_kll_slots(a->k);
	double	   *dst = work;
	double	   *scratch = work + 2 * slots;
	int			nl = a->nlevels > b->nlevels ? a->nlevels : b->nlevels;
	int32_t		size[LG_KLL_MAX_LEVELS];
	size_t		pos = 0;
	int			h;

	if (b->n == 0)
		return;
	for (h = nl - 1; h >= 0; h--)
	{
		int32_t		na = h < a->nlevels ? a->size[h] : 0;
		int32_t		nb = h < b->nlevels ? b->size[h] : 0;
		const double *x = a->items + (h < a->nlevels ? KllStart(a->size, a->nlevels, h) : 0);
		const double *y = b->items + (h < b->nlevels ? KllStart(b->size, b->nlevels, h) : 0);
		int32_t		i = 0;
		int32_t		j = 0;

		while (i < na || j < nb)
		{
			if (j >= nb || (i < na && x[i] <= y[j]))
				dst[pos++] = x[i++];
			else
				dst[pos++] = y[j++];
		}
		size[h] = na + nb;
	}
	if (a->n == 0 || b->min < a->min)
		a->min = b->min;
	if (a->n == 0 || b->max > a->max)
		a->max = b->max;
	a->n += b->n;
	a->rng ^= b->rng * UINT64_C(0xD1342543DE82EF95);
	memcpy(a->size, size, sizeof(int32_t) * nl);
	a->nlevels = nl;
	KllCompress(a, dst, scratch);
	memcpy(a->items, dst, lg_kll_retained(a) * sizeof(double));
}

void
lg_kll_quantiles(const LgKll *sk, const double *fractions, int nf,
				 double *out, double *work)
{
	KllPoint   *pt = (KllPoint *) work;
	size_t		np = 0;
	size_t		pos = 0;
	double		cum = 0.0;
	double		last = (double) (sk->n - 1);
	int			h;
	int			f;

	for (h = sk->nlevels - 1; h >= 0; h--)
	{
		double		w = ldexp(1.0, h);
		int32_t		i;

		for (i = 0; i < sk->size[h]; i++)
		{
			pt[np].v = sk->items[pos++];
			pt[np++].w = w;
		}
	}
	kll_pt_sort(NULL, pt, np, NULL, NULL);
	/* each value at the middle of the ranks it stands for */
	for (pos = 0; pos < np; pos++)
	{
		double		w = pt[pos].w;

		pt[pos].w = cum + (w - 1.0) / 2.0;
		cum += w;
	}
	for (f = 0; f < nf; f++)
	{
		double		r = fractions[f] * last;
		double		lo_r = 0.0;
		double		lo_v = sk->min;
		size_t		i;

		out[f] = sk->max;
		for (i = 0; i <= np; i++)
		{
			double		hi_r = i < np ? pt[i].w : last;
			double		hi_v = i < np ? pt[i].v : sk->max;

			if (hi_r >= r)
			{
				if (hi_r == r || hi_r == lo_r)
					out[f] = hi_v;
				else			/* as percentile_cont between neighbours */
					out[f] = lo_v + (hi_v - lo_v) * ((r - lo_r) / (hi_r - lo_r));
				break;
			}
			lo_r = hi_r;
			lo_v = hi_v;
		}
	}
}

const char *
lg_kll_check(const LgKll *sk)
{
	size_t		total = 0;
	uint64_t	weight = 0;
	size_t		pos = 0;
	int			h;

	if (sk->k != LG_KLL_K)
		return "unsupported sketch parameter k";
	if (sk->nlevels < 1 || sk->nlevels > LG_KLL_MAX_LEVELS)
		return "level count out of range";
	if (sk->n < 0)
		return "the count must not be negative";
	for (h = 0; h < sk->nlevels; h++)
	{
		if (sk->size[h] < 0 ||
			sk->size[h] >= lg_kll_capacity(sk->k, h, sk->nlevels))
			return "a level is over its capacity";
		total += (size_t) sk->size[h];
		/* 2^h * size < 2^62 * 2^9: no overflow of the sum in 64 bits */
		if (h >= 62 || (uint64_t) sk->size[h] > (UINT64_MAX >> h) ||
			weight > UINT64_MAX - ((uint64_t) sk->size[h] << h))
			return "the weights do not add up to the count";
		weight += (uint64_t) sk->size[h] << h;
	}
	for (; h < LG_KLL_MAX_LEVELS; h++)
		if (sk->size[h] != 0)
			return "a level above the top is not empty";
	if (total > lg_kll_slots(sk->k) || weight != (uint64_t) sk->n)
		return "the weights do not add up to the count";
	if (sk->n == 0)
		return NULL;
	if (!isfinite(sk->min) || !isfinite(sk->max) || sk->min > sk->max)
		return "min and max must be finite, min <= max";
	for (h = sk->nlevels - 1; h >= 0; h--)
	{
		int32_t		i;

		for (i = 0; i < sk->size[h]; i++, pos++)
		{
			double		v = sk->items[pos];

			if (!(v >= sk->min && v <= sk->max))
				return "a value is outside [min, max]";
			if (h > 0 && i > 0 && v < sk->items[pos - 1])
				return "a level above 0 is not sorted";
		}
	}
	return NULL;
}
