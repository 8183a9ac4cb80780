/* unit: src/common/lg_sort.c */
/*
 * Unit tests of the shared introsort (common/lg_sort.h).  Expected orders
 * come from the C library's qsort() on a copy of the same input; inputs
 * cover the quicksort's bad cases (sorted, reversed, organ pipe, all
 * equal, few distinct values), the insertion-sort sizes and the heapsort
 * fallback, forced by a depth of 0 through the template.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lg_sort.h"

/* the template with a descending order and a context, as the keys use it */
#define LG_SORT_PREFIX desc
#define LG_SORT_TYPE int64_t
#define LG_SORT_CTX const int *
#define LG_SORT_LT(sign, a, b) (*(sign) < 0 ? (b) < (a) : (a) < (b))
#include "common/lg_sort_template.h"

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

static int
cmp_asc(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

static int
cmp_desc(const void *a, const void *b)
{
	return cmp_asc(b, a);
}

/* splitmix64: a fixed, portable sequence */
static uint64_t
next_rand(uint64_t *x)
{
	uint64_t	z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

enum
{
	RANDOM, SORTED, REVERSED, ORGAN, EQUAL, FEW, NKINDS
};
static const char *const kind_name[NKINDS] = {
	"random", "sorted", "reversed", "organ pipe", "all equal", "few distinct"
};

static void
fill(int64_t *v, size_t n, int kind, uint64_t *seed)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		switch (kind)
		{
			case RANDOM:
				v[i] = (int64_t) next_rand(seed);
				break;
			case SORTED:
				v[i] = (int64_t) i - 7;
				break;
			case REVERSED:
				v[i] = (int64_t) (n - i);
				break;
			case ORGAN:
				v[i] = (int64_t) (i < n / 2 ? i : n - i);
				break;
			case EQUAL:
				v[i] = 42;
				break;
			default:
				v[i] = (int64_t) (next_rand(seed) % 3) - 1;
				break;
		}
	}
}

static int	ncalls = 0;

static void
count_call(void *arg)
{
	(void) arg;
	ncalls++;
}

int
main(void)
{
	static const size_t sizes[] = {0, 1, 2, 15, 16, 17, 100, 1000, 100000};
	size_t		nsizes = sizeof(sizes) / sizeof(sizes[0]);
	size_t		maxn = 100000;
	int64_t    *v = malloc(maxn * sizeof(int64_t));
	int64_t    *w = malloc(maxn * sizeof(int64_t));
	uint64_t	seed = 20261206;
	const int	minus = -1;
	char		what[128];
	size_t		s;
	int			k;

	for (s = 0; s < nsizes; s++)
	{
		size_t		n = sizes[s];

		for (k = 0; k < NKINDS; k++)
		{
			fill(v, n, k, &seed);
			memcpy(w, v, n * sizeof(int64_t));
			lg_sort_int64(v, n, NULL, NULL);
			if (n > 0)
				qsort(w, n, sizeof(int64_t), cmp_asc);
			snprintf(what, sizeof(what), "lg_sort_int64, %s, n = %zu",
					 kind_name[k], n);
			check(what, n == 0 || memcmp(v, w, n * sizeof(int64_t)) == 0);

			/* heapsort only (depth 0), descending through the context */
			fill(v, n, k, &seed);
			memcpy(w, v, n * sizeof(int64_t));
			desc_introsort(&minus, v, n, 0, NULL, NULL);
			if (n > 0)
				qsort(w, n, sizeof(int64_t), cmp_desc);
			snprintf(what, sizeof(what), "heapsort fallback, descending, %s, n = %zu",
					 kind_name[k], n);
			check(what, n == 0 || memcmp(v, w, n * sizeof(int64_t)) == 0);
		}
	}

	/* the interrupt callback: once per range of LG_SORT_CB_STRIDE or more */
	fill(v, maxn, RANDOM, &seed);
	ncalls = 0;
	lg_sort_int64(v, maxn, count_call, NULL);
	check("interrupt callback called on 100000 values", ncalls >= 1);
	ncalls = 0;
	lg_sort_int64(v, LG_SORT_CB_STRIDE - 1, count_call, NULL);
	check("no interrupt callback below the stride", ncalls == 0);

	/* the depth limit: 2 floor(log2 n) + 2 */
	check("depth limit of 1 is 2", lg_sort_depth_limit(1) == 2);
	check("depth limit of 16 is 10", lg_sort_depth_limit(16) == 10);
	check("depth limit of 17 is 10", lg_sort_depth_limit(17) == 10);

	free(v);
	free(w);
	printf("1..%d\n", n_test);
	return n_fail > 0;
}
