/* unit: src/fulfillment/fulfillment.c src/common/lg_sort.c src/common/normal.c */
/*
 * Unit tests of the fulfilment kernels.  Reference values:
 *	- Wilson intervals: R prop.test(x, n, correct = FALSE)$conf.int, and
 *	  the closed form evaluated with mpmath at 50 digits for extreme n;
 *	- percentiles and distinct counts: brute force with libc qsort here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fulfillment/fulfillment.h"

static int	ntest = 0;
static int	nfail = 0;

static void
ok(int cond, const char *what)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", ntest, what);
}

static int
close_to(double a, double b, double tol)
{
	return fabs(a - b) <= tol * (1.0 + fabs(b));
}

/* relative agreement, for values far below 1 */
static int
rel_close(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fabs(b);
}

/* xorshift64*: deterministic pseudo-random numbers */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

/* percentile_cont by the definition, on sorted values c */
static double
brute_pct(const int64_t *c, size_t n, double p, double scale)
{
	double		r = p * (double) (n - 1);
	size_t		a = (size_t) floor(r);
	size_t		b = (size_t) ceil(r);
	double		va = (double) c[a] / scale;
	double		vb = (double) c[b] / scale;

	return va + (vb - va) * (r - (double) a);
}

static size_t
brute_distinct(const int64_t *v, size_t n)
{
	int64_t    *c = malloc(n * sizeof(int64_t));
	size_t		i;
	size_t		u = 0;

	memcpy(c, v, n * sizeof(int64_t));
	qsort(c, n, sizeof(int64_t), cmp_i64);
	for (i = 0; i < n; i++)
		if (i == 0 || c[i] != c[i - 1])
			u++;
	free(c);
	return u;
}

static void
test_wilson(void)
{
	double		lo = -1;
	double		hi = -1;

	/* R: prop.test(81, 263, correct = FALSE)$conf.int */
	ok(ff_wilson(81, 263, 0.95, &lo, &hi) &&
	   close_to(lo, 0.25528851987827428, 1e-14) &&
	   close_to(hi, 0.36620957698280016, 1e-14), "wilson 81/263");
	ok(ff_wilson(2, 3, 0.95, &lo, &hi) &&
	   close_to(lo, 0.20765960080204782, 1e-14) &&
	   close_to(hi, 0.93850805527960379, 1e-14), "wilson 2/3");
	ok(ff_wilson(25, 30, 0.95, &lo, &hi) &&
	   close_to(lo, 0.66435649493583981, 1e-14) &&
	   close_to(hi, 0.92663457628151447, 1e-14), "wilson 25/30");
	ok(ff_wilson(0, 10, 0.95, &lo, &hi) && lo == 0.0 &&
	   close_to(hi, 0.27753279986288915, 1e-14), "wilson 0/10: lower exactly 0");
	ok(ff_wilson(10, 10, 0.95, &lo, &hi) && hi == 1.0 &&
	   close_to(lo, 0.72246720013711085, 1e-14), "wilson 10/10: upper exactly 1");
	/* far from 1/2: reference by the formula in 50-digit arithmetic (mpmath) */
	ok(ff_wilson(1, 1e12, 0.95, &lo, &hi) &&
	   close_to(lo, 1.7652455493517472888e-13, 1e-13) &&
	   close_to(hi, 5.664934265736511506e-12, 1e-13),
	   "wilson 1 of 1e12: the lower bound keeps its digits");
	ok(ff_wilson(3, 1e9, 0.95, &lo, &hi) &&
	   close_to(lo, 1.0202707288769235635e-9, 1e-13) &&
	   close_to(hi, 8.8211880540116437448e-9, 1e-13), "wilson 3 of 1e9");
	ok(ff_wilson(999999999997.0, 1e12, 0.95, &lo, &hi) &&
	   fabs(lo - 0.99999999999117881191) < 3e-16 &&
	   fabs(hi - 0.99999999999897972927) < 3e-16, "wilson near 1 (to 2 ulps)");
	/*
	 * issue 10 item 11: the upper bound of a small rate in the direct form;
	 * 1 - lower(n - s) was 0.4% off here.  mpmath, 50 digits, z from
	 * erfinv.
	 */
	ok(ff_wilson(5, 1e15, 0.95, &lo, &hi) &&
	   rel_close(lo, 2.1357011375734542431e-15, 1e-12) &&
	   rel_close(hi, 1.1705757683120617055e-14, 1e-12),
	   "wilson 5 of 1e15: the upper bound keeps its digits");
	/* confidence whose (1 + conf) / 2 rounds to 1 in double (mpmath) */
	ok(ff_wilson(3, 45, 0.9999999999999999, &lo, &hi) &&
	   rel_close(lo, 0.0026860898216407999345, 1e-12) &&
	   rel_close(hi, 0.65449670654008392426, 1e-12),
	   "wilson at confidence 1 - 1.1e-16: finite bounds");
	/* sums near the top of the double range do not overflow */
	ok(ff_wilson(1e300, 2e300, 0.95, &lo, &hi) &&
	   close_to(lo, 0.5, 1e-14) && close_to(hi, 0.5, 1e-14),
	   "wilson 1e300 of 2e300: 0.5 and 0.5, no overflow");
	ok(!ff_wilson(0, 0, 0.95, &lo, &hi), "wilson undefined without trials");
	ok(!ff_wilson(3, 2, 0.95, &lo, &hi), "wilson undefined above 1");
	ok(!ff_wilson(1, 2, 1.0, &lo, &hi), "wilson undefined at confidence 1");
}

/* 128-bit sums of negative values (issue 10 item 13: a left shift of a
 * negative high word was undefined; UBSan run of make test) */
static void
test_sum128_negative(void)
{
	FfSum128	a = {0, 0};
	FfSum128	b = {0, 0};

	ff_sum128_add(&a, -5);
	ff_sum128_add(&a, -3);
	ok(ff_sum128_mean_int64(&a, 2) == -4, "mean of -5 and -3 is -4");
	ff_sum128_add(&b, INT64_MIN);
	ff_sum128_add(&b, INT64_MIN);
	ff_sum128_merge(&a, &b);
	/* (2 * -2^63 - 8) / 4 = -2^62 - 2 */
	ok(ff_sum128_mean_int64(&a, 4) == -(INT64_C(1) << 62) - 2,
	   "mean of a sum below -2^64 (two words)");
	ok(ff_sum128_to_double(&a) == -18446744073709551616.0 - 8.0,
	   "that sum as a double");
}

/*
 * Negative sums near 0 as doubles: exact, as the int64 they are (one line
 * an hour early, -3,600,000,000 us, came out as -3,599,998,976 when the
 * words were added as doubles: -2^64 + (2^64 - 3.6e9) with the low word
 * rounded to a multiple of 4,096).
 */
static void
test_sum128_to_double_small(void)
{
	FfSum128	a = {0, 0};
	FfSum128	b = {0, 0};
	FfSum128	c = {0, 0};

	ff_sum128_add(&a, INT64_C(-3600000000));
	ok(ff_sum128_to_double(&a) == -3600000000.0, "-3.6e9 as a double, exactly");
	ff_sum128_add(&b, -1);
	ok(ff_sum128_to_double(&b) == -1.0, "-1 as a double");
	/* -2^63 twice and +1: -2^64 + 1, whose nearest double is -2^64 */
	ff_sum128_add(&c, INT64_MIN);
	ff_sum128_add(&c, INT64_MIN);
	ff_sum128_add(&c, 1);
	ok(ff_sum128_to_double(&c) == -18446744073709551616.0,
	   "-2^64 + 1 rounds to -2^64");
}

/* validation of deserialized order-key lists (issue 10 item 5) */
static void
test_keys_valid(void)
{
	int64_t		all[4] = {1, 2, 5, 9};
	int64_t		bad[2] = {2, 9};
	int64_t		dup[3] = {1, 1, 2};
	int64_t		stray[1] = {3};
	char		a[64];
	char		b[64];
	size_t		alen = 0;
	size_t		blen = 0;
	const char *ka[3] = {"x", "ab", "ac"};	/* shorter first, then bytes */
	int			i;

	ok(ff_int64_keys_valid(all, 4, bad, 2), "int keys: sorted, failing among all");
	ok(!ff_int64_keys_valid(dup, 3, bad, 0), "int keys: a duplicate is refused");
	ok(!ff_int64_keys_valid(all, 4, stray, 1), "int keys: a failing key not among all is refused");
	ok(!ff_int64_keys_valid(bad, 2, all, 4), "int keys: more failing than all is refused");
	for (i = 0; i < 3; i++)
	{
		uint32_t	len = (uint32_t) strlen(ka[i]);

		memcpy(a + alen, &len, 4);
		memcpy(a + alen + 4, ka[i], len);
		alen += 4 + len;
	}
	memcpy(b, a + 5, 6);		/* the key "ab" alone */
	blen = 6;
	ok(ff_key_arena_check(a, alen) == 3 && ff_key_arenas_valid(a, alen, b, blen),
	   "text keys: sorted, failing among all");
	ok(!ff_key_arenas_valid(b, blen, a, alen), "text keys: failing not among all is refused");
	memcpy(a + 9, "ac", 2);		/* {x, ac, ac}: a duplicate */
	ok(!ff_key_arenas_valid(a, alen, b, 0), "text keys: a duplicate is refused");
}

static void
test_percentiles(void)
{
	int64_t		v[5] = {5, 1, 4, 2, 3};
	double		f[3] = {0.5, 0.9, 0.95};
	double		out[3];
	double		f7[7] = {0, 0.1, 0.25, 0.5, 0.75, 0.99, 1};
	double		out7[7];
	double		outs[3];
	int			trial;
	int			okall = 1;
	int			oksorted = 1;

	/* 1..5: positions 2, 3.6, 3.8 -> 3, 4.6, 4.8 */
	ff_percentiles(v, 5, f, 3, 1.0, out, NULL, NULL);
	ok(out[0] == 3.0 && close_to(out[1], 4.6, 1e-15) &&
	   close_to(out[2], 4.8, 1e-15), "percentiles of 1..5 by hand");

	for (trial = 0; trial < 60; trial++)
	{
		size_t		n = 1 + (size_t) (rng() % (trial < 30 ? 50 : 200000));
		int64_t    *a = malloc(n * sizeof(int64_t));
		int64_t    *b = malloc(n * sizeof(int64_t));
		int64_t    *c = malloc(n * sizeof(int64_t));
		size_t		i;
		int			k;
		int			mod = (trial % 3 == 0) ? 7 : 1000000007;

		for (i = 0; i < n; i++)
		{
			/* random, few distinct values, sorted, reversed */
			a[i] = (int64_t) (rng() % (uint64_t) mod) - mod / 2;
			if (trial % 5 == 1)
				a[i] = (int64_t) i;
			if (trial % 5 == 2)
				a[i] = -(int64_t) i;
			if (trial % 10 == 3)
				a[i] = 42;		/* all equal */
		}
		memcpy(c, a, n * sizeof(int64_t));
		qsort(c, n, sizeof(int64_t), cmp_i64);
		memcpy(b, a, n * sizeof(int64_t));
		ff_percentiles(b, n, f, 3, 86400e6, out, NULL, NULL);
		for (k = 0; k < 3; k++)
			okall &= out[k] == brute_pct(c, n, f[k], 86400e6);
		/* read at positions in the sorted copy: the same bits */
		ff_percentiles_sorted(c, n, f, 3, 86400e6, outs);
		for (k = 0; k < 3; k++)
			oksorted &= memcmp(&outs[k], &out[k], sizeof(double)) == 0;
		memcpy(b, a, n * sizeof(int64_t));
		ff_percentiles(b, n, f7, 7, 1.0, out7, NULL, NULL);
		for (k = 0; k < 7; k++)
			okall &= out7[k] == brute_pct(c, n, f7[k], 1.0);
		free(a);
		free(b);
		free(c);
	}
	ok(okall, "percentiles equal the sorted definition on 60 arrays");
	ok(oksorted, "percentiles of sorted values read in place: the bits of selection on 60 arrays");
	{
		/* duplicate and equal fractions share their order statistics */
		int64_t		w[6] = {6, 5, 4, 3, 2, 1};
		double		fd[4] = {0.5, 0.5, 0.9, 0.5};
		double		od[4];

		ff_percentiles(w, 6, fd, 4, 1.0, od, NULL, NULL);
		ok(od[0] == 3.5 && od[1] == 3.5 && od[3] == 3.5 &&
		   close_to(od[2], 5.5, 1e-15), "repeated fractions");
	}
}

static void
test_sort_unique(void)
{
	int			trial;
	int			okall = 1;

	for (trial = 0; trial < 40; trial++)
	{
		size_t		n = (size_t) (rng() % 300000);
		int64_t    *a = malloc((n + 1) * sizeof(int64_t));
		int64_t    *b = malloc((n + 1) * sizeof(int64_t));
		size_t		i;
		size_t		u;

		for (i = 0; i < n; i++)
		{
			a[i] = (int64_t) (rng() % (uint64_t) (1 + trial * 1000));
			if (trial % 4 == 1)
				a[i] = (int64_t) (n - i);	/* reversed */
			if (trial % 4 == 2)
				a[i] = (int64_t) (i < n / 2 ? i : n - i);	/* organ pipe */
		}
		memcpy(b, a, n * sizeof(int64_t));
		u = ff_sort_unique_int64(b, n, NULL, NULL);
		okall &= u == brute_distinct(a, n);
		for (i = 1; i < u; i++)
			okall &= b[i - 1] < b[i];
		free(a);
		free(b);
	}
	ok(okall, "sort_unique_int64 agrees with qsort on 40 arrays");
}

static void
put_key(char *arena, size_t *len, const char *k)
{
	uint32_t	l = (uint32_t) strlen(k);

	memcpy(arena + *len, &l, 4);
	memcpy(arena + *len + 4, k, l);
	*len += 4 + l;
}

static void
test_keys(void)
{
	char		arena[256];
	size_t		len = 0;
	uint64_t	off[16];
	const char *keys[] = {"SCMS-4", "ASN-8", "SCMS-4", "", "SCMS-40", "ASN-8", "", "b"};
	size_t		i;
	size_t		u;
	uint32_t	huge = 1000;

	for (i = 0; i < 8; i++)
		put_key(arena, &len, keys[i]);
	ok(ff_key_arena_check(arena, len) == 8, "arena of 8 keys is well formed");
	ff_key_offsets(arena, 8, off);
	u = ff_sort_unique_keys(arena, off, 8, NULL, NULL);
	ok(u == 5, "5 distinct keys among 8 (empty key included)");
	ok(ff_key_arena_check(arena, len - 1) == (size_t) -1,
	   "truncated arena is rejected");
	memcpy(arena + len, &huge, 4);
	ok(ff_key_arena_check(arena, len + 4) == (size_t) -1,
	   "length past the end is rejected");
	ok(ff_key_arena_check(arena, 2) == (size_t) -1,
	   "partial length header is rejected");
	/* sorted: "", "b", "ASN-8", "SCMS-4", "SCMS-40" (shorter first, then bytes) */
	ok(u == 5 && ff_key_len(arena + off[0]) == 0 &&
	   ff_key_len(arena + off[1]) == 1 && arena[off[1] + 4] == 'b' &&
	   memcmp(arena + off[2] + 4, "ASN-8", 5) == 0 &&
	   memcmp(arena + off[3] + 4, "SCMS-4", 6) == 0 &&
	   ff_key_len(arena + off[4]) == 7,
	   "distinct keys sorted shorter first, then bytewise");
	len = 0;
	put_key(arena, &len, "ab");
	put_key(arena, &len, "b");
	put_key(arena, &len, "ac");
	put_key(arena, &len, "ab");
	ok(ff_key_cmp(arena, arena + 6) > 0 && ff_key_cmp(arena + 6, arena) < 0 &&
	   ff_key_cmp(arena, arena + 11) < 0 && ff_key_cmp(arena, arena + 17) == 0,
	   "ff_key_cmp: a longer key after a shorter one, bytewise at equal length");
}

/* many random keys: distinct count as for their int64 values */
static void
test_keys_random(void)
{
	size_t		n = 50000;
	char	   *arena = malloc(n * 24);
	uint64_t   *off = malloc(n * sizeof(uint64_t));
	int64_t    *vals = malloc(n * sizeof(int64_t));
	size_t		len = 0;
	size_t		i;
	char		buf[32];

	for (i = 0; i < n; i++)
	{
		vals[i] = (int64_t) (rng() % 20000);
		snprintf(buf, sizeof(buf), "PO-%lld", (long long) vals[i]);
		put_key(arena, &len, buf);
	}
	ff_key_offsets(arena, n, off);
	ok(ff_key_arena_check(arena, len) == n &&
	   ff_sort_unique_keys(arena, off, n, NULL, NULL) == brute_distinct(vals, n),
	   "50000 random text keys: distinct count as for their numbers");
	free(arena);
	free(off);
	free(vals);
}

static void
test_sum128(void)
{
	FfSum128	s = {0, 0};
	FfSum128	t = {0, 0};
	int			i;
	int64_t		big = INT64_C(9000000000000000000);

	for (i = 0; i < 10; i++)
		ff_sum128_add(&s, big);
	/* 9e19 exactly */
	ok(ff_sum128_to_double(&s) == 9.0e19, "sum of ten 9e18 is 9e19");
	for (i = 0; i < 10; i++)
		ff_sum128_add(&t, -big);
	ff_sum128_merge(&s, &t);
	ok(s.lo == 0 && s.hi == 0, "adding the negatives gives exactly 0");
	ff_sum128_add(&s, -7);
	ff_sum128_add(&s, 2);
	ok(ff_sum128_mean_int64(&s, 2) == -3, "mean -5/2 rounds away from zero to -3");
	ok(ff_sum128_mean_int64(&s, 3) == -2, "mean -5/3 rounds to -2");
}

int
main(void)
{
	printf("1..44\n");
	test_wilson();
	test_sum128_negative();
	test_sum128_to_double_small();
	test_keys_valid();
	test_percentiles();
	test_sort_unique();
	test_keys();
	test_keys_random();
	test_sum128();
	return nfail ? 1 : 0;
}
