/*-------------------------------------------------------------------------
 *
 * lg_sort.c
 *	  The introsort of lg_sort.h for int64 values, plain C.
 *
 *-------------------------------------------------------------------------
 */
#include "common/lg_sort.h"

int
lg_sort_depth_limit(size_t n)
{
	int			d = 0;

	while (n > 1)
	{
		n >>= 1;
		d++;
	}
	return 2 * d + 2;
}

#define LG_SORT_PREFIX int64_asc
#define LG_SORT_TYPE int64_t
#define LG_SORT_CTX const void *
#define LG_SORT_LT(ctx, a, b) ((void) (ctx), (a) < (b))
#include "common/lg_sort_template.h"

void
lg_sort_int64(int64_t *v, size_t n, lg_sort_cb cb, void *cbarg)
{
	int64_asc_sort(NULL, v, n, cb, cbarg);
}
