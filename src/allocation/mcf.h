/*
 * mcf.h
 *		Minimum-cost flow by the primal network simplex method.
 *
 * Plain C kernel: no PostgreSQL headers.  Every exported name starts with
 * "lmcf_" (PostgreSQL loads libraries with RTLD_GLOBAL; see geodesic.h).
 *
 * Problem: nodes 0..n-1 with supplies b[i] (positive: supply, negative:
 * demand, summing to zero), arcs (src, dst) with integer capacity
 * cap >= 0 (LMCF_INF for none) and a real cost per unit; find integer
 * flows 0 <= x <= cap with inflow - outflow = -b at every node minimising
 * sum cost * x.  Flows and supplies are exact 64-bit integers; callers
 * with fractional quantities scale them to integers first (see
 * lmcf_decimal_scale).  Costs are doubles: the optimum is exact up to the
 * rounding of the cost sums (a tolerance of 1e-12 times the largest cost
 * decides whether an arc prices out).
 *
 * Method: the primal network simplex of R. K. Ahuja, T. L. Magnanti and
 * J. B. Orlin, "Network Flows" (1993), ch. 11, started from an artificial
 * tree with big-M arcs, kept strongly feasible (W. H. Cunningham, "A
 * network simplex method", Math. Programming 11 (1976) 105-116: the
 * leaving arc is the last blocking arc of the cycle met from its apex,
 * which rules out cycling), with the block-search pricing rule of M. D.
 * Grigoriadis, "An efficient implementation of the network simplex
 * method", Math. Programming Study 26 (1986) 83-111.
 *
 * Size limits: n <= LMCF_MAX_NODES, m <= LMCF_MAX_ARCS, the sum of the
 * positive supplies <= LMCF_MAX_FLOW, finite capacities <= LMCF_MAX_FLOW,
 * |cost| <= LMCF_MAX_COST.  Memory is about 40 bytes a node and 40 bytes
 * an arc.
 */
#ifndef LOGISTICS_MCF_H
#define LOGISTICS_MCF_H

#include <stdint.h>

#define LMCF_INF		((int64_t) 1 << 62)
#define LMCF_MAX_NODES	(1 << 26)
#define LMCF_MAX_ARCS	(1 << 28)
#define LMCF_MAX_FLOW	((int64_t) 1 << 52)
#define LMCF_MAX_COST	1e15

typedef enum LmcfStatus
{
	LMCF_OPTIMAL = 0,
	LMCF_INFEASIBLE,			/* supplies cannot be routed */
	LMCF_UNBOUNDED,				/* a negative cycle of infinite capacity */
	LMCF_BAD_INPUT,				/* limits above exceeded, unbalanced, ... */
	LMCF_NO_MEMORY
} LmcfStatus;

/*
 * Called now and then (about every 2^16 arcs priced) with the caller's
 * argument; may longjmp out (PostgreSQL's CHECK_FOR_INTERRUPTS does).
 * Memory the solver holds is then the caller's to free: pass a workspace
 * allocated with lmcf_create and free it with lmcf_free on both paths.
 */
typedef void (*LmcfInterrupt) (void *arg);

typedef struct LmcfProblem LmcfProblem;

/* A problem with room for n nodes and m arcs, or NULL without memory. */
extern LmcfProblem *lmcf_create(int n, int m);
extern void lmcf_free(LmcfProblem *p);

/*
 * Empty p for a new problem of n nodes and m arcs, no more than it was
 * created for (returns -1 otherwise): supplies zero, no arcs.
 */
extern int	lmcf_reset(LmcfProblem *p, int n, int m);

/* Set the supply of node i (negative for a demand). */
extern void lmcf_set_supply(LmcfProblem *p, int i, int64_t b);

/* Add an arc; returns its index (0, 1, ... in call order) or -1. */
extern int	lmcf_add_arc(LmcfProblem *p, int src, int dst, int64_t cap,
						 double cost);

/*
 * Add the arcs of a complete bipartite grid as the first arcs of p: arc
 * r * ncol + c from node r (r < nrow) to node nrow + c (c < ncol),
 * uncapacitated, of cost cost[r * ncol + c] (row-major); +INFINITY for a
 * missing arc (capacity 0).  The grid is priced row by row without the
 * node lookups of general arcs (a transportation problem's lanes).
 * Returns 0, or -1 when arcs were added before or the grid does not fit.
 */
extern int	lmcf_add_grid(LmcfProblem *p, int nrow, int ncol,
						  const double *cost);

/* Solve; interrupt may be NULL. */
extern LmcfStatus lmcf_solve(LmcfProblem *p, LmcfInterrupt interrupt,
							 void *arg);

/*
 * Solve from a feasible flow x0[0..m) (bounds and supplies met) whose arcs
 * strictly between their bounds form a forest, e.g. a greedy plan: each
 * tree of the forest hangs from the root by a zero-flow artificial arc,
 * which keeps the start strongly feasible and saves the pivots of the
 * big-M start.  An x0 that is not such a flow is ignored (the solve starts
 * as lmcf_solve does).
 */
extern LmcfStatus lmcf_solve_from(LmcfProblem *p, const int64_t *x0,
								  LmcfInterrupt interrupt, void *arg);

/*
 * The same from the flow of the k arcs arc[0..k) (flows flow[0..k)),
 * every other arc empty: no O(m) pass over a dense x0.
 */
extern LmcfStatus lmcf_solve_from_list(LmcfProblem *p, int k,
									   const int *arc, const int64_t *flow,
									   LmcfInterrupt interrupt, void *arg);

/*
 * After LMCF_OPTIMAL: the real arcs of the final spanning tree (at most n)
 * into arcs[], in no particular order; returns their number.  Every other
 * arc carries zero or its capacity, so with uncapacitated arcs these are
 * the only ones that may carry flow.
 */
extern int	lmcf_tree_arcs(const LmcfProblem *p, int *arcs);

/* After LMCF_OPTIMAL: flow on arc a, the objective, node potential. */
extern int64_t lmcf_flow(const LmcfProblem *p, int a);
/* ... and every arc's flow, indexed by arc (valid until the next reset) */
extern const int64_t *lmcf_flows(const LmcfProblem *p);
extern double lmcf_objective(const LmcfProblem *p);

/*
 * Node potential (dual) pi with reduced costs cost + pi[src] - pi[dst]
 * >= 0 on arcs below capacity and <= 0 on arcs with flow, after
 * LMCF_OPTIMAL.
 */
extern double lmcf_potential(const LmcfProblem *p, int i);

/* Number of pivots of the last solve. */
extern long lmcf_pivots(const LmcfProblem *p);

/*
 * The smallest k in 0..max_digits such that every v[i] * 10^k is an
 * integer (to within 1e-9 of a unit of the last digit), or -1 if there is
 * none.  v must be finite and non-negative.
 */
extern int	lmcf_decimal_scale(const double *v, int n, int max_digits);

#endif							/* LOGISTICS_MCF_H */
