/*-------------------------------------------------------------------------
 *
 * tsp_int.h
 *	  What the files of the TSP solver share: the solver state and its
 *	  small inline helpers (costs, tour order, the active-node queue).  Not
 *	  part of the API (tsp.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef TSP_INT_H
#define TSP_INT_H

#include "tsp.h"

#include <stdint.h>

#define LK_MAX_DEPTH	50
#define LK_MAX_BREADTH	8
#define DEFAULT_NEIGHBOURS 10
#define DEFAULT_SEED	UINT64_C(0x9E3779B97F4A7C15)


enum
{
	MODE_SYM,					/* symmetric matrix: LK */
	MODE_SYM_AVG,				/* LK on (cost + cost^T) / 2 */
	MODE_DIRECTED				/* asymmetric: orientation-preserving moves */
};

typedef struct Solver
{
	/* problem */
	int			n;
	const double *c;
	int			mode;
	int			dummy;			/* node n: cost 0 to every node */
	int			m;
	int			start;
	int			zero_into_start;	/* directed open path, free end */
	int			fixed_arc_from; /* directed, fixed end: the arc end -> start */

	/* tour */
	int		   *tour;
	int		   *pos;
	int		   *fix;			/* 2 fixed partners per node, or -1 */

	/* candidates (directed: nbr by cost from, nbr_in by cost to the node) */
	int		   *nbr;
	int		   *nbr_in;
	double	   *nbr_cost;		/* cost(a, nbr[a][k]), cached */
	double	   *nbr_in_cost;	/* cost(nbr_in[a][k], a) */
	int			K;

	/* active-node queue */
	int		   *queue;
	unsigned char *inq;
	int			qhead;
	int			qcount;

	/* LK chain */
	int			moves[LK_MAX_DEPTH * 4];
	int			nmoves;
	int		   *added;			/* 2 per node: partners by added edges */
	int		   *removed;		/* 2 per node: partners by removed edges */
	double		best_gain;
	int			best_depth;

	double		eps;
	unsigned long long rng;
	unsigned long work;
	const TspOptions *opt;
} Solver;

static inline void
Interrupt(Solver *S)
{
	if (S->opt->interrupt)
		S->opt->interrupt(S->opt->arg);
}

/* ---------------------------------------------------------------------- */
/* Costs of the transformed problem */

static inline double
Cost(const Solver *S, int a, int b)
{
	int			n = S->n;

	if (S->dummy && (a == n || b == n))
		return 0.0;
	switch (S->mode)
	{
		case MODE_SYM:
			return S->c[(size_t) a * n + b];
		case MODE_SYM_AVG:
			return 0.5 * (S->c[(size_t) a * n + b] + S->c[(size_t) b * n + a]);
		default:
			if (S->zero_into_start && b == S->start)
				return 0.0;
			return S->c[(size_t) a * n + b];
	}
}

static inline int
IsFixed(const Solver *S, int a, int b)
{
	return S->fix[2 * a] == b || S->fix[2 * a + 1] == b;
}

/* ---------------------------------------------------------------------- */
/* Tour as an array */

static inline int
Succ(const Solver *S, int v)
{
	int			p = S->pos[v] + 1;

	return S->tour[p == S->m ? 0 : p];
}

static inline int
Pred(const Solver *S, int v)
{
	int			p = S->pos[v] - 1;

	return S->tour[p < 0 ? S->m - 1 : p];
}

/* ---------------------------------------------------------------------- */
/* Queue of active nodes (the nodes whose don't-look bit is off) */

static inline void
Push(Solver *S, int v)
{
	int			t;

	if (S->inq[v])
		return;
	S->inq[v] = 1;
	t = S->qhead + S->qcount;
	if (t >= S->m)
		t -= S->m;
	S->queue[t] = v;
	S->qcount++;
}

/* tsp_ls.c: the local search and the kick */
extern double TspLocalSearch(Solver *S, int *buf);
extern double TspKick(Solver *S, int nseg, int *buf);

#endif							/* TSP_INT_H */
