/*-------------------------------------------------------------------------
 *
 * lg_sort_template.h
 *	  The introsort of lg_sort.h for one element type and order, in the
 *	  manner of PostgreSQL's lib/sort_template.h.  Define before including:
 *
 *	LG_SORT_PREFIX		prefix of the generated static functions
 *	LG_SORT_TYPE		the element type
 *	LG_SORT_CTX			the type of a context passed to every comparison
 *	LG_SORT_LT(ctx, a, b)	nonzero when a sorts before b (a strict weak
 *						order)
 *
 * It defines PREFIX_introsort(ctx, v, n, depth, cb, cbarg) and
 * PREFIX_sort(ctx, v, n, cb, cbarg), and undefines the parameters.
 *
 *-------------------------------------------------------------------------
 */
#include "common/lg_sort.h"

#define LG_SORT_NAME_(a, b) a##_##b
#define LG_SORT_NAME__(a, b) LG_SORT_NAME_(a, b)
#define LG_SORT_NAME(x) LG_SORT_NAME__(LG_SORT_PREFIX, x)

static inline void
LG_SORT_NAME(insertion) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		LG_SORT_TYPE x = v[i];
		size_t		j = i;

		while (j > 0 && LG_SORT_LT(ctx, x, v[j - 1]))
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static inline void
LG_SORT_NAME(sift) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t root, size_t n)
{
	LG_SORT_TYPE x = v[root];

	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && LG_SORT_LT(ctx, v[child], v[child + 1]))
			child++;
		if (!LG_SORT_LT(ctx, x, v[child]))
			break;
		v[root] = v[child];
		root = child;
	}
	v[root] = x;
}

static inline void
LG_SORT_NAME(heapsort) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t n)
{
	size_t		i;

	for (i = n / 2; i-- > 0;)
		LG_SORT_NAME(sift) (ctx, v, i, n);
	for (i = n; i-- > 1;)
	{
		LG_SORT_TYPE t = v[0];

		v[0] = v[i];
		v[i] = t;
		LG_SORT_NAME(sift) (ctx, v, 0, i);
	}
}

/*
 * Hoare partition of v[0..n) (n > LG_SORT_SMALL) around the median of
 * three; returns p with v[0..p) <= pivot <= v[p..n), 0 < p < n.
 */
static inline size_t
LG_SORT_NAME(partition) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t n)
{
	LG_SORT_TYPE a = v[0];
	LG_SORT_TYPE b = v[n / 2];
	LG_SORT_TYPE c = v[n - 1];
	LG_SORT_TYPE pivot;
	size_t		i = 0;
	size_t		j = n - 1;

	if (LG_SORT_LT(ctx, a, b))
		pivot = LG_SORT_LT(ctx, b, c) ? b : LG_SORT_LT(ctx, a, c) ? c : a;
	else
		pivot = LG_SORT_LT(ctx, a, c) ? a : LG_SORT_LT(ctx, b, c) ? c : b;

	for (;;)
	{
		LG_SORT_TYPE t;

		while (LG_SORT_LT(ctx, v[i], pivot))
			i++;
		while (LG_SORT_LT(ctx, pivot, v[j]))
			j--;
		if (i >= j)
			return j + 1;
		t = v[i];
		v[i] = v[j];
		v[j] = t;
		i++;
		j--;
	}
}

/* The introsort of v[0..n) with depth quicksort levels left. */
static inline void
LG_SORT_NAME(introsort) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t n,
						 int depth, lg_sort_cb cb, void *cbarg)
{
	while (n > LG_SORT_SMALL)
	{
		size_t		p;

		if (cb && n >= LG_SORT_CB_STRIDE)
			cb(cbarg);
		if (depth-- <= 0)
		{
			LG_SORT_NAME(heapsort) (ctx, v, n);
			return;
		}
		p = LG_SORT_NAME(partition) (ctx, v, n);
		/* recurse into the smaller part, loop on the larger */
		if (p < n - p)
		{
			LG_SORT_NAME(introsort) (ctx, v, p, depth, cb, cbarg);
			v += p;
			n -= p;
		}
		else
		{
			LG_SORT_NAME(introsort) (ctx, v + p, n - p, depth, cb, cbarg);
			n = p;
		}
	}
	LG_SORT_NAME(insertion) (ctx, v, n);
}

static inline void
LG_SORT_NAME(sort) (LG_SORT_CTX ctx, LG_SORT_TYPE *v, size_t n,
					lg_sort_cb cb, void *cbarg)
{
	LG_SORT_NAME(introsort) (ctx, v, n, lg_sort_depth_limit(n), cb, cbarg);
}

#undef LG_SORT_NAME
#undef LG_SORT_NAME__
#undef LG_SORT_NAME_
#undef LG_SORT_PREFIX
#undef LG_SORT_TYPE
#undef LG_SORT_CTX
#undef LG_SORT_LT
