/*-------------------------------------------------------------------------
 *
 * lg_sort.h
 *	  The one sort of the kernels, plain C: an introsort (median-of-three
 *	  quicksort that falls back to heapsort past 2 log2 n + 2 levels, and
 *	  finishes ranges of at most LG_SORT_SMALL elements by insertion sort;
 *	  Musser 1997, "Introspective sorting and selection algorithms").
 *
 * lg_sort_int64() sorts int64 values.  Other element types or orders
 * instantiate the same algorithm from lg_sort_template.h, so that the
 * comparison is inlined rather than called through a pointer.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LG_SORT_H
#define LG_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Ranges at most this long are finished by insertion sort. */
#define LG_SORT_SMALL 16

/* A range at least this long calls the interrupt callback first. */
#define LG_SORT_CB_STRIDE 65536

/* Long loops call cb(arg) now and then (may longjmp out; NULL = none). */
typedef void (*lg_sort_cb) (void *arg);

/* The depth at which the quicksort gives way to heapsort: 2 log2 n + 2. */
extern int	lg_sort_depth_limit(size_t n);

/* Sort v[0..n) ascending. */
extern void lg_sort_int64(int64_t *v, size_t n, lg_sort_cb cb, void *cbarg);

#endif							/* LG_SORT_H */
