/* unit: src/common/kll.c src/common/lg_sort.c */
/*
 * Unit tests of the KLL quantile sketch (common/kll.h).  Expected values
 * are computed here independently of the sketch: exact percentiles
 * (percentile_cont: sort, then interpolate at p (n - 1)) and exact ranks
 * (binary search in the sorted data).  The rank error of a returned value
 * v for fraction p is how far p (n - 1) lies outside [#(x < v) - 1,
 * #(x <= v)], over n; the documented bound for k = 200 is 1.65% of n
 * (99% confidence; doc/fulfillment.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/kll.h"

static int	n_test = 0;
static int	n_fail = 0;

static void
check(const char *what, int ok)
{
	n_test++;
	if (ok)
		printf("ok %d - %s\n", n_test, what);
	else
	{
		n_fail++;
		printf("not ok %d - %s\n", n_test, what);
	}
}

/* splitmix64: a fixed, portable sequence for the data */
static uint64_t
next_rand(uint64_t *x)
{
	uint64_t	z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static double
uniform(uint64_t *x)
{
	return (double) (next_rand(x) >> 11) / 9007199254740992.0;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

static LgKll *
new_sketch(void)
{
	LgKll	   *sk = malloc(lg_kll_bytes(LG_KLL_K, 0));

	lg_kll_init(sk, LG_KLL_K, 0);
	return sk;
}

/* #(x < v) and #(x <= v) in sorted s[0..n) */
static void
ranks(const double *s, size_t n, double v, size_t *lt, size_t *le)
{
	size_t		lo = 0;
	size_t		hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (s[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	*lt = lo;
	hi = n;
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (s[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	*le = lo;
}

/*
 * A sketch in a block with room for just *slots values, moved to a block
 * twice as big (header and retained values) when an add finds it full, as
 * a growing SQL state does (kll.h): under ASan a write past the block is
 * caught.
 */
static LgKll *
grow_to(LgKll *sk, size_t *slots, size_t need)
{
	LgKll	   *t;
	size_t		n = *slots;

	if (need <= n)
		return sk;
	while (n < need)
		n *= 2;
	if (n > lg_kll_slots(LG_KLL_K))
		n = lg_kll_slots(LG_KLL_K);
	t = malloc(lg_kll_bytes_slots(n));
	lg_kll_init_slots(t, LG_KLL_K, n);
	memcpy(t, sk, lg_kll_bytes_slots(lg_kll_retained(sk)));
	free(sk);
	*slots = n;
	return t;
}

static LgKll *
grow_add(LgKll *sk, size_t *slots, double v, double *work)
{
	sk = grow_to(sk, slots, lg_kll_retained(sk) + 1);
	lg_kll_add(sk, v, work);
	return sk;
}

/* The same header and retained values. */
static int
same_sketch(const LgKll *a, const LgKll *b)
{
	return lg_kll_retained(a) == lg_kll_retained(b) &&
		memcmp(a, b, lg_kll_bytes_slots(lg_kll_retained(a))) == 0;
}

/* The largest rank error over the fractions 0.01 .. 0.99, over n. */
static double
max_rank_error(const LgKll *sk, const double *sorted, size_t n, double *work)
{
	double		fr[99];
	double		out[99];
	double		worst = 0.0;
	int			i;

	for (i = 0; i < 99; i++)
		fr[i] = (i + 1) / 100.0;
	lg_kll_quantiles(sk, fr, 99, out, work);
	for (i = 0; i < 99; i++)
	{
		size_t		lt;
		size_t		le;
		double		r = fr[i] * (double) (n - 1);
		double		e = 0.0;

		ranks(sorted, n, out[i], &lt, &le);
		if ((double) lt - 1.0 > r)
			e = (double) lt - 1.0 - r;
		if (r > (double) le)
			e = r - (double) le;
		if (e / (double) n > worst)
			worst = e / (double) n;
	}
	return worst;
}

enum
{
	UNIFORM, SORTED, REVERSED, FEW_VALUES, SKEWED, NKINDS
};

static void
fill(double *v, size_t n, int kind, uint64_t *seed)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		u = uniform(seed);

		switch (kind)
		{
			case SORTED:
				v[i] = (double) i;
				break;
			case REVERSED:
				v[i] = (double) (n - i);
				break;
			case FEW_VALUES:
				v[i] = (double) (next_rand(seed) % 10);
				break;
			case SKEWED:		/* exponential, like cycle times */
				v[i] = -log(1.0 - u) * 86400e6;
				break;
			default:
				v[i] = u;
		}
	}
}

int
main(void)
{
	size_t		slots = lg_kll_slots(LG_KLL_K);
	double	   *work = malloc(3 * slots * sizeof(double));
	size_t		maxn = 1000000;
	double	   *v = malloc(maxn * sizeof(double));
	double	   *s = malloc(maxn * sizeof(double));
	uint64_t	seed = 42;
	LgKll	   *sk;
	LgKll	   *part;
	double		worst_single = 0.0;
	double		worst_merged = 0.0;
	int			all_valid = 1;
	int			kind;
	int			rep;
	size_t		i;
	char		msg[200];

	/* 1. up to k values the sketch is exact: percentile_cont by hand */
	{
		double		fr[6] = {0.0, 0.1, 0.5, 0.9, 0.95, 1.0};
		double		out[6];
		size_t		n = 150;
		int			exact = 1;
		int			f;

		sk = new_sketch();
		fill(v, n, UNIFORM, &seed);
		for (i = 0; i < n; i++)
			lg_kll_add(sk, v[i], work);
		memcpy(s, v, n * sizeof(double));
		qsort(s, n, sizeof(double), cmp_dbl);
		lg_kll_quantiles(sk, fr, 6, out, work);
		for (f = 0; f < 6; f++)
		{
			double		idx = fr[f] * (double) (n - 1);
			size_t		lo = (size_t) floor(idx);
			size_t		hi = (size_t) ceil(idx);
			double		want = s[lo] + (s[hi] - s[lo]) * (idx - (double) lo);

			if (out[f] != want)
				exact = 0;
		}
		check("150 values: exact percentile_cont at 0, .1, .5, .9, .95, 1", exact);
		check("150 values: one level, nothing compacted",
			  sk->nlevels == 1 && lg_kll_retained(sk) == 150 && sk->n == 150);
		check("150 values: a valid state", lg_kll_check(sk) == NULL);
		/* the simplest case by hand: 1, 2, 3, 4 -> median 2.5, p90 3.7 */
		lg_kll_init(sk, LG_KLL_K, 0);
		for (i = 1; i <= 4; i++)
			lg_kll_add(sk, (double) i, work);
		fr[0] = 0.5;
		fr[1] = 0.9;
		lg_kll_quantiles(sk, fr, 2, out, work);
		check("1, 2, 3, 4: median 2.5 and p90 3.7 (percentile_cont by hand)",
			  out[0] == 2.5 && fabs(out[1] - 3.7) < 1e-15);
		free(sk);
	}

	/* 2. rank error of single sketches: five kinds of data, 3 sizes */
	for (kind = 0; kind < NKINDS; kind++)
	{
		size_t		sizes[3] = {1000, 100000, 1000000};
		int			z;

		for (z = 0; z < 3; z++)
		{
			size_t		n = sizes[z];
			double		e;

			sk = new_sketch();
			fill(v, n, kind, &seed);
			for (i = 0; i < n; i++)
				lg_kll_add(sk, v[i], work);
			memcpy(s, v, n * sizeof(double));
			qsort(s, n, sizeof(double), cmp_dbl);
			e = max_rank_error(sk, s, n, work);
			if (e > worst_single)
				worst_single = e;
			if (lg_kll_check(sk) != NULL)
				all_valid = 0;
			snprintf(msg, sizeof(msg),
					 "kind %d, n %zu: rank error %.5f <= 0.0165, %zu of %zu slots, min and max exact",
					 kind, n, e, lg_kll_retained(sk), slots);
			{
				double		fr[2] = {0.0, 1.0};
				double		out[2];

				lg_kll_quantiles(sk, fr, 2, out, work);
				check(msg, e <= 0.0165 && sk->n == (int64_t) n &&
					  lg_kll_retained(sk) <= slots &&
					  out[0] == s[0] && out[1] == s[n - 1]);
			}
			free(sk);
		}
	}
	printf("# largest rank error of a single sketch: %.5f of n\n", worst_single);

	/*
	 * 3. merged sketches: n values split in 2 to 13 parts (as parallel
	 * workers or Citus nodes), each sketched and merged in order
	 */
	for (rep = 0; rep < 12; rep++)
	{
		size_t		n = 200000;
		int			parts = 2 + rep;
		int			p;
		double		e;

		kind = rep % NKINDS;
		fill(v, n, kind, &seed);
		sk = new_sketch();
		part = new_sketch();
		for (p = 0; p < parts; p++)
		{
			lg_kll_init(part, LG_KLL_K, 0);
			for (i = (size_t) p * n / parts; i < (size_t) (p + 1) * n / parts; i++)
				lg_kll_add(part, v[i], work);
			if (lg_kll_check(part) != NULL)
				all_valid = 0;
			lg_kll_merge(sk, part, work);
		}
		memcpy(s, v, n * sizeof(double));
		qsort(s, n, sizeof(double), cmp_dbl);
		e = max_rank_error(sk, s, n, work);
		if (e > worst_merged)
			worst_merged = e;
		if (lg_kll_check(sk) != NULL)
			all_valid = 0;
		snprintf(msg, sizeof(msg),
				 "kind %d, %d parts merged: n %lld, rank error %.5f <= 0.0165",
				 kind, parts, (long long) sk->n, e);
		check(msg, sk->n == (int64_t) n && e <= 0.0165);
		free(sk);
		free(part);
	}
	printf("# largest rank error of a merged sketch: %.5f of n\n", worst_merged);
	check("every sketch made by adding and merging passes lg_kll_check", all_valid);

	/* 4. merging an empty sketch changes nothing; into an empty one copies */
	{
		LgKll	   *a = new_sketch();
		LgKll	   *b = new_sketch();
		LgKll	   *c = new_sketch();

		for (i = 0; i < 5000; i++)
			lg_kll_add(a, (double) (i * 7 % 5000), work);
		memcpy(c, a, lg_kll_bytes(LG_KLL_K, 0));
		lg_kll_merge(a, b, work);
		check("merging an empty sketch leaves the sketch as it was",
			  memcmp(a, c, lg_kll_bytes(LG_KLL_K, 0)) == 0);
		lg_kll_merge(b, a, work);
		check("merging into an empty sketch keeps n, min and max",
			  b->n == 5000 && b->min == 0.0 && b->max == 4999.0 &&
			  lg_kll_check(b) == NULL);
		free(a);
		free(b);
		free(c);
	}

	/* 5. lg_kll_check rejects states that rows cannot produce */
	{
		LgKll	   *a = new_sketch();
		LgKll	   *b = malloc(lg_kll_bytes(LG_KLL_K, 0));
		size_t		bytes = lg_kll_bytes(LG_KLL_K, 0);
		size_t		top;

		for (i = 0; i < 3000; i++)
			lg_kll_add(a, (double) i, work);
		check("3000 values: more than one level", a->nlevels > 1);
		memcpy(b, a, bytes);
		b->n++;
		check("check: a count that the weights do not give", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->k = 100;
		check("check: another k", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->size[0] = LG_KLL_K;
		b->n += LG_KLL_K - a->size[0];
		check("check: level 0 at its capacity", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		top = 0;				/* the top level is first */
		b->items[top] = b->min - 1.0;
		check("check: a value below min", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->items[top] = NAN;
		check("check: a NaN value", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		if (b->size[b->nlevels - 1] >= 2)
		{
			double		t = b->items[0];

			b->items[0] = b->items[1];
			b->items[1] = t;
		}
		check("check: an unsorted level above 0",
			  a->size[a->nlevels - 1] >= 2 && lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->nlevels = 0;
		check("check: no level", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->size[LG_KLL_MAX_LEVELS - 1] = 1;
		check("check: a value above the top level", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->size[1] = -2;
		check("check: a negative size", lg_kll_check(b) != NULL);
		memcpy(b, a, bytes);
		b->max = INFINITY;
		check("check: an infinite max", lg_kll_check(b) != NULL);
		free(a);
		free(b);
	}

	/*
	 * Growing sketches (blocks sized to the values retained, doubled from
	 * 16) hold exactly what full-size ones hold, through adds and a merge
	 * that grows its target to the two retained counts (at most all the
	 * slots).
	 */
	{
		LgKll	   *fa = new_sketch();
		LgKll	   *fb = new_sketch();
		size_t		sa = 16;
		size_t		sb = 16;
		LgKll	   *ga = malloc(lg_kll_bytes_slots(sa));
		LgKll	   *gb = malloc(lg_kll_bytes_slots(sb));
		uint64_t	x = 99;
		int			same = 1;
		size_t		need;

		lg_kll_init_slots(ga, LG_KLL_K, sa);
		lg_kll_init_slots(gb, LG_KLL_K, sb);
		for (i = 0; i < 100000; i++)
		{
			double		va = uniform(&x);

			lg_kll_add(fa, va, work);
			ga = grow_add(ga, &sa, va, work);
			same &= same_sketch(fa, ga);
			if (i % 7 == 0)
			{
				lg_kll_add(fb, -va, work);
				gb = grow_add(gb, &sb, -va, work);
			}
		}
		check("growing sketch: the same values as a full-size one", same);
		check("growing sketch: fewer slots than all of them",
			  sa < lg_kll_slots(LG_KLL_K));
		need = lg_kll_retained(ga) + lg_kll_retained(gb);
		ga = grow_to(ga, &sa, need < lg_kll_slots(LG_KLL_K) ? need : lg_kll_slots(LG_KLL_K));
		lg_kll_merge(fa, fb, work);
		lg_kll_merge(ga, gb, work);
		check("growing sketch: merged, the same values as full-size ones",
			  same_sketch(fa, ga) && lg_kll_check(ga) == NULL);

		/*
		 * lg_kll_add_within on a block with room for 4 values: 4 adds
		 * succeed, the fifth is refused and changes nothing
		 */
		{
			LgKll	   *f = malloc(lg_kll_bytes_slots(4));
			LgKll	   *g = malloc(lg_kll_bytes_slots(4));
			int			added = 1;

			lg_kll_init_slots(f, LG_KLL_K, 4);
			for (i = 0; i < 4; i++)
				added &= lg_kll_add_within(f, (double) i, work, 4);
			memcpy(g, f, lg_kll_bytes_slots(4));
			check("add within 4 slots: 4 values added", added && f->n == 4);
			check("add within 4 slots: a fifth refused, nothing changed",
				  !lg_kll_add_within(f, 9.0, work, 4) &&
				  memcmp(f, g, lg_kll_bytes_slots(4)) == 0);
			free(f);
			free(g);
		}
		free(fa);
		free(fb);
		free(ga);
		free(gb);
	}

	free(work);
	free(v);
	free(s);
	printf("1..%d\n", n_test);
	return n_fail > 0;
}
