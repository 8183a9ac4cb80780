/*-------------------------------------------------------------------------
 *
 * tsp.h
 *	  Stop order: a travelling-salesman solver for a dense cost matrix.
 *
 * Plain C, no PostgreSQL headers.  The matrix is n x n, row-major,
 * cost[i * n + j] = cost of going from stop i to stop j (0-based).  It may
 * be symmetric or not; the diagonal is ignored.  Costs must be finite and
 * non-negative (the caller checks).
 *
 * Exported names start with "lgtsp_": PostgreSQL loads extension
 * libraries with RTLD_GLOBAL, where a generic name could interpose with
 * another library's.
 *
 * The solver is exact (Held-Karp dynamic programming) for n <= 12 and a
 * chained Lin-Kernighan local search above that (see tsp.c).  It is
 * deterministic: the work is bounded by a count that depends on n only,
 * never by time, and the random choices come from a fixed-seed generator,
 * so the same input gives the same tour on every machine with IEEE double
 * arithmetic.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_TSP_H
#define LOGISTICS_TSP_H

#include <stddef.h>

/* Largest n solved exactly by dynamic programming (by default). */
#define TSP_EXACT_MAX_N 12

/* Return codes of lgtsp_solve */
#define TSP_OK			0
#define TSP_EBADARG		(-1)
#define TSP_ENOMEM		(-2)

typedef struct TspOptions
{
	/*
	 * Memory: alloc(size, arg) must return zeroed or uninitialised memory
	 * or NULL; release(ptr, arg) frees it.  Both NULL: malloc/free.  An
	 * allocator that never returns NULL (it raises an error instead) is
	 * fine; so is an interrupt callback that does not return: everything the
	 * solver holds then belongs to the caller's allocator.
	 */
	void	   *(*alloc) (size_t size, void *arg);
	void		(*release) (void *ptr, void *arg);
	/* Called now and then during long loops; may not return. */
	void		(*interrupt) (void *arg);
	void	   *arg;

	/* Tuning; lgtsp_default_options() fills in the defaults. */
	long		kicks;			/* < 0: default budget, a function of n */
	int			exact_max_n;	/* DP up to this n (<= TSP_EXACT_MAX_N) */
	int			neighbours;		/* candidate list length */
	unsigned long long seed;
} TspOptions;

typedef struct TspStats
{
	int			exact;			/* solved by dynamic programming */
	int			asymmetric;		/* matrix was not symmetric */
	long		kicks;			/* perturbations tried */
	long		accepted;		/* of which kept */
	double		cost;			/* cost of the returned tour */
} TspStats;

extern void lgtsp_default_options(TspOptions *opt);

/*
 * Find a short tour through all n stops.
 *
 * closed: 1 = the tour returns from the last stop to the first (its cost
 * includes that leg), 0 = an open path.  start: the first stop.  end: the
 * last stop before returning (closed) or the end of the path (open), or -1
 * for a free choice.  On success tour[0..n-1] lists every stop once,
 * tour[0] = start and, when end >= 0, tour[n-1] = end.
 *
 * Of the two directions of a symmetric closed tour without a fixed end,
 * the one whose second stop has the lower index is returned.
 *
 * opt and stats may be NULL.  Returns TSP_OK, TSP_EBADARG (n < 1, start or
 * end out of range, end == start with n > 1) or TSP_ENOMEM.
 */
extern int	lgtsp_solve(int n, const double *cost, int closed, int start,
					  int end, int *tour, const TspOptions *opt,
					  TspStats *stats);

/*
 * Cost of visiting tour[0..len-1] in order (plus the leg back to tour[0]
 * when closed).
 */
extern double lgtsp_tour_cost(int n, const double *cost, const int *tour,
							int len, int closed);

/* 1 if cost[i][j] == cost[j][i] for all i != j. */
extern int	lgtsp_is_symmetric(int n, const double *cost);

#endif							/* LOGISTICS_TSP_H */
