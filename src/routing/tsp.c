/*-------------------------------------------------------------------------
 *
 * tsp.c
 *	  Stop order: exact dynamic programming for small n, chained
 *	  Lin-Kernighan above.
 *
 * Up to TSP_EXACT_MAX_N stops: Held-Karp dynamic programming over subsets
 * (M. Held and R. M. Karp, J. SIAM 10 (1962) 196-210), exact for every
 * variant below.  Above, a local search:
 *
 * Every variant (closed tour or open path, fixed start, optional fixed
 * end) is turned into a closed tour on m nodes in which some edges are
 * fixed (they must stay in the tour):
 *
 *	- closed, no end: the matrix itself (m = n);
 *	- a fixed end e: the edge (arc) e-start is fixed; the tour minus that
 *	  edge is the path start .. e;
 *	- symmetric, open, free end: a dummy node at cost 0 from every stop,
 *	  its edge to the start fixed (m = n + 1); the dummy sits between the
 *	  end of the path and the start;
 *	- asymmetric, open, free end: every arc into the start costs 0.
 *
 * Symmetric matrices: Lin-Kernighan as a chain of 2-opt moves (S. Lin and
 * B. W. Kernighan, Oper. Res. 21 (1973) 498-516; the variant with
 * sequential flips described by D. S. Johnson and L. A. McGeoch, "The
 * traveling salesman problem: a case study in local optimization", 1997),
 * depth up to LK_MAX_DEPTH, breadth LK_BREADTH at the first levels, on
 * candidate lists of the nearest neighbours, with a queue of "active"
 * nodes (don't-look bits), followed by an Or-opt pass (moving a segment of
 * up to three stops, either way round, next to one of its neighbours).
 *
 * Asymmetric matrices: LK on the symmetrised costs (c + c^T) / 2 gives the
 * start (road networks are nearly symmetric, so it is often close), then a
 * search on the true costs.  A 2-opt move reverses a segment, which
 * changes its cost, so that search uses only moves that keep every
 * segment's direction:
 * the sequential 3-opt "segment exchange" a [X] [Y] [Z] -> a [Y] [X] [Z]
 * (the one pure 3-opt move that preserves orientation; found from a with
 * the out-candidate lists, every partial gain positive) and Or-opt
 * (a segment of up to three stops moved between a candidate predecessor
 * and its successor, or a candidate successor and its predecessor).  (The
 * Jonker-Volgenant transformation to a symmetric problem on 2n nodes was
 * tried first: in it every 2-opt move joins two "in" or two "out" nodes,
 * a forbidden edge, so a 2-opt-based LK finds no move at all.)
 *
 * Perturbation: chained LK (O. Martin, S. W. Otto and E. W. Felten,
 * Complex Systems 5 (1991) 299-326; D. Applegate, W. Cook and A. Rohe,
 * "Chained Lin-Kernighan for large traveling salesman problems", INFORMS
 * J. Computing 15 (2003) 82-92): a kick that reorders three short segments
 * after a random node (a 4-change, see Kick()), local search around its
 * ends, keep the result if it is no longer, else go back (after a long
 * stall, keep it anyway; the best tour seen is returned).  The number of
 * kicks is a function of n, and the random numbers come from a fixed-seed
 * splitmix64 generator, so the result does not depend on the machine's
 * speed.
 *
 * The tour is an array with positions (flips reverse the shorter side),
 * which is fast up to a few thousand nodes.
 *
 *-------------------------------------------------------------------------
 */
#include "tsp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LK_MAX_DEPTH	50
#define LK_MAX_BREADTH	8
#define DEFAULT_NEIGHBOURS 10
#define DEFAULT_SEED	UINT64_C(0x9E3779B97F4A7C15)


/* Breadth of the search at levels 1, 2, 3, ...; 1 below. */
static const int LK_BREADTH[] = {3, 2, 1};

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

/* ---------------------------------------------------------------------- */
/* Memory */

static void *
Alloc(const TspOptions *opt, size_t size)
{
	if (size == 0)
		size = 1;
	if (opt->alloc)
		return opt->alloc(size, opt->arg);
	return malloc(size);
}

static void
Release(const TspOptions *opt, void *p)
{
	if (p == NULL)
		return;
	if (opt->alloc)
	{
		if (opt->release)
			opt->release(p, opt->arg);
	}
	else
		free(p);
}

static void
Interrupt(Solver *S)
{
	if (S->opt->interrupt)
		S->opt->interrupt(S->opt->arg);
}

/* splitmix64 (S. Vigna), a fixed-seed generator */
static unsigned long long
NextRandom(Solver *S)
{
	unsigned long long z;

	S->rng += UINT64_C(0x9E3779B97F4A7C15);
	z = S->rng;
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* uniform in [0, k) (the modulo bias is irrelevant here) */
static int
RandomInt(Solver *S, int k)
{
	return (int) ((NextRandom(S) >> 11) % (unsigned long long) k);
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

static void
AddFixed(Solver *S, int a, int b)
{
	if (S->fix[2 * a] < 0)
		S->fix[2 * a] = b;
	else
		S->fix[2 * a + 1] = b;
	if (S->fix[2 * b] < 0)
		S->fix[2 * b] = a;
	else
		S->fix[2 * b + 1] = a;
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

/*
 * Reverse the path from..to (in tour order); reverses the complementary
 * path instead when that is shorter, which gives the same cycle.
 */
static void
ReversePath(Solver *S, int from, int to)
{
	int			m = S->m;
	int		   *tour = S->tour;
	int		   *pos = S->pos;
	int			i = pos[from];
	int			j = pos[to];
	int			len;
	int			k;

	len = j - i;
	if (len < 0)
		len += m;
	len += 1;
	if (2 * len > m)
	{
		int			ni = j + 1;
		int			nj = i - 1;

		i = (ni == m) ? 0 : ni;
		j = (nj < 0) ? m - 1 : nj;
		len = m - len;
	}
	for (k = 0; k < len / 2; k++)
	{
		int			a = tour[i];
		int			b = tour[j];

		tour[i] = b;
		pos[b] = i;
		tour[j] = a;
		pos[a] = j;
		if (++i == m)
			i = 0;
		if (--j < 0)
			j = m - 1;
	}
}

/*
 * Remove edges (p,q) and (r,s), add (p,r) and (q,s).  Requires q = Succ(p)
 * and s = Succ(r), or q = Pred(p) and s = Pred(r).
 */
static void
Flip(Solver *S, int p, int q, int r, int s)
{
	if (Succ(S, p) == q)
		ReversePath(S, q, r);
	else
		ReversePath(S, p, s);
}

/* ---------------------------------------------------------------------- */
/* Queue of active nodes (the nodes whose don't-look bit is off) */

static void
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

static int
Pop(Solver *S)
{
	int			v = S->queue[S->qhead];

	if (++S->qhead == S->m)
		S->qhead = 0;
	S->qcount--;
	S->inq[v] = 0;
	return v;
}

/* ---------------------------------------------------------------------- */
/* Candidate lists: the K cheapest allowed, non-fixed partners of each node */

/* the K cheapest partners b of a by cost(a, b) (into = 0) or cost(b, a) */
static void
NearestList(Solver *S, int a, int into, int *list, double *lc)
{
	int			m = S->m;
	int			K = S->K;
	int			cnt = 0;
	int			b;

	for (b = 0; b < m; b++)
	{
		double		d;
		int			k;

		if (b == a || IsFixed(S, a, b))
			continue;
		d = into ? Cost(S, b, a) : Cost(S, a, b);
		/* ties go to the lower index: b increases, so strict < */
		if (cnt == K && !(d < lc[K - 1]))
			continue;
		k = (cnt < K) ? cnt++ : K - 1;
		while (k > 0 && d < lc[k - 1])
		{
			lc[k] = lc[k - 1];
			list[k] = list[k - 1];
			k--;
		}
		lc[k] = d;
		list[k] = b;
	}
	/* pad short lists (tiny m) with -1 */
	for (b = cnt; b < K; b++)
		list[b] = -1;
}

static void
BuildNeighbours(Solver *S)
{
	int			a;

	for (a = 0; a < S->m; a++)
	{
		size_t		off = (size_t) a * S->K;

		NearestList(S, a, 0, S->nbr + off, S->nbr_cost + off);
		if (S->mode == MODE_DIRECTED)
			NearestList(S, a, 1, S->nbr_in + off, S->nbr_in_cost + off);
		if ((a & 127) == 127)
			Interrupt(S);
	}
}

/* ---------------------------------------------------------------------- */
/* Initial tour: greedy matching on candidate edges, fragments joined by
 * nearest neighbour */

typedef struct CandEdge
{
	double		d;
	int			a;
	int			b;
} CandEdge;

static int
CompareEdges(const void *x, const void *y)
{
	const CandEdge *e = x;
	const CandEdge *f = y;

	if (e->d < f->d)
		return -1;
	if (e->d > f->d)
		return 1;
	if (e->a != f->a)
		return e->a < f->a ? -1 : 1;
	if (e->b != f->b)
		return e->b < f->b ? -1 : 1;
	return 0;
}

static int
FindRoot(int *uf, int v)
{
	while (uf[v] != v)
	{
		uf[v] = uf[uf[v]];
		v = uf[v];
	}
	return v;
}

static void
Link(int *adj, int *uf, int a, int b)
{
	if (adj[2 * a] < 0)
		adj[2 * a] = b;
	else
		adj[2 * a + 1] = b;
	if (adj[2 * b] < 0)
		adj[2 * b] = a;
	else
		adj[2 * b + 1] = a;
	uf[FindRoot(uf, a)] = FindRoot(uf, b);
}

/* the other end of the fragment that has end v */
static int
OtherEnd(const int *adj, int v)
{
	int			prev = -1;
	int			cur = v;

	for (;;)
	{
		int			next = (adj[2 * cur] == prev) ? adj[2 * cur + 1] : adj[2 * cur];

		if (next < 0)
			return cur;
		prev = cur;
		cur = next;
	}
}

static int
GreedyTour(Solver *S)
{
	const TspOptions *opt = S->opt;
	int			m = S->m;
	int			K = S->K;
	int		   *adj = Alloc(opt, sizeof(int) * 2 * m);
	int		   *uf = Alloc(opt, sizeof(int) * m);
	int		   *ends = Alloc(opt, sizeof(int) * m);
	CandEdge   *edges = Alloc(opt, sizeof(CandEdge) * ((size_t) m * K + 1));
	int			nedges = 0;
	int			nends;
	int			a,
				k,
				i;
	int			first,
				cur,
				prev;

	if (!adj || !uf || !ends || !edges)
	{
		Release(opt, adj);
		Release(opt, uf);
		Release(opt, ends);
		Release(opt, edges);
		return TSP_ENOMEM;
	}
	for (a = 0; a < m; a++)
	{
		adj[2 * a] = adj[2 * a + 1] = -1;
		uf[a] = a;
	}
	/* fixed edges first (they form paths, never a cycle) */
	for (a = 0; a < m; a++)
		for (k = 0; k < 2; k++)
		{
			int			b = S->fix[2 * a + k];

			if (b > a)
				Link(adj, uf, a, b);
		}
	for (a = 0; a < m; a++)
		for (k = 0; k < K; k++)
		{
			int			b = S->nbr[(size_t) a * K + k];

			if (b < 0)
				break;
			edges[nedges].d = Cost(S, a, b);
			edges[nedges].a = a < b ? a : b;
			edges[nedges].b = a < b ? b : a;
			nedges++;
		}
	qsort(edges, nedges, sizeof(CandEdge), CompareEdges);
	for (i = 0; i < nedges; i++)
	{
		int			x = edges[i].a;
		int			y = edges[i].b;

		if (adj[2 * x + 1] >= 0 || adj[2 * y + 1] >= 0)
			continue;
		if (FindRoot(uf, x) == FindRoot(uf, y))
			continue;
		Link(adj, uf, x, y);
	}
	Interrupt(S);

	/*
	 * Join the fragments: from the far end of the current fragment go to the
	 * cheapest end of a fragment not yet used.  A node of degree 0 is a
	 * fragment of its own with both ends at it.
	 */
	nends = 0;
	for (a = 0; a < m; a++)
		if (adj[2 * a + 1] < 0)
			ends[nends++] = a;
	if (nends > 0)
	{
		int			cnt = nends;
		int			j;

		first = ends[0];
		cur = OtherEnd(adj, first);
		/* mark used ends by -1 */
		for (j = 0; j < nends; j++)
			if (ends[j] == first || ends[j] == cur)
				ends[j] = -1, cnt--;
		while (cnt > 0)
		{
			int			bestj = -1;
			double		bestd = 0.0;
			int			w,
						far;

			for (j = 0; j < nends; j++)
			{
				double		d;

				if (ends[j] < 0)
					continue;
				d = Cost(S, cur, ends[j]);
				if (bestj < 0 || d < bestd)
				{
					bestj = j;
					bestd = d;
				}
			}
			w = ends[bestj];
			far = OtherEnd(adj, w);
			for (j = 0; j < nends; j++)
				if (ends[j] == w || ends[j] == far)
					ends[j] = -1, cnt--;
			/* link cur - w directly (no union-find needed any more) */
			if (adj[2 * cur] < 0)
				adj[2 * cur] = w;
			else
				adj[2 * cur + 1] = w;
			if (adj[2 * w] < 0)
				adj[2 * w] = cur;
			else
				adj[2 * w + 1] = cur;
			cur = far;
			if ((++S->work & 63) == 0)
				Interrupt(S);
		}
		if (adj[2 * cur] < 0)
			adj[2 * cur] = first;
		else
			adj[2 * cur + 1] = first;
		if (adj[2 * first] < 0)
			adj[2 * first] = cur;
		else
			adj[2 * first + 1] = cur;
	}

	/* walk the cycle */
	prev = -1;
	cur = 0;
	for (i = 0; i < m; i++)
	{
		int			next;

		S->tour[i] = cur;
		S->pos[cur] = i;
		next = (adj[2 * cur] != prev) ? adj[2 * cur] : adj[2 * cur + 1];
		/* a 2-cycle (m == 2) has both entries equal */
		prev = cur;
		cur = next;
	}
	Release(opt, adj);
	Release(opt, uf);
	Release(opt, ends);
	Release(opt, edges);
	return TSP_OK;
}

/*
 * Directed greedy: arcs from the candidate lists by increasing cost, each
 * node with at most one arc out and one in, no cycle; then the paths are
 * joined from the tail of one to the cheapest head of another.
 */
static int
GreedyTourDirected(Solver *S)
{
	const TspOptions *opt = S->opt;
	int			m = S->m;
	int			K = S->K;
	int		   *next = Alloc(opt, sizeof(int) * m);
	int		   *prev = Alloc(opt, sizeof(int) * m);
	int		   *uf = Alloc(opt, sizeof(int) * m);
	int		   *heads = Alloc(opt, sizeof(int) * m);
	CandEdge   *arcs = Alloc(opt, sizeof(CandEdge) * ((size_t) m * K + 1));
	int			narcs = 0;
	int			nheads = 0;
	int			a,
				k,
				i,
				first,
				cur,
				left;

	if (!next || !prev || !uf || !heads || !arcs)
	{
		Release(opt, next);
		Release(opt, prev);
		Release(opt, uf);
		Release(opt, heads);
		Release(opt, arcs);
		return TSP_ENOMEM;
	}
	for (a = 0; a < m; a++)
	{
		next[a] = prev[a] = -1;
		uf[a] = a;
	}
	for (a = 0; a < m; a++)
	{
		int			b = S->fix[2 * a];

		/* the one fixed arc (end -> start) is stored as fix[2 * end] */
		if (b >= 0 && S->fixed_arc_from == a)
		{
			next[a] = b;
			prev[b] = a;
			uf[FindRoot(uf, a)] = FindRoot(uf, b);
		}
		for (k = 0; k < K; k++)
		{
			b = S->nbr[(size_t) a * K + k];
			if (b < 0)
				break;
			arcs[narcs].d = Cost(S, a, b);
			arcs[narcs].a = a;
			arcs[narcs].b = b;
			narcs++;
		}
	}
	qsort(arcs, narcs, sizeof(CandEdge), CompareEdges);
	for (i = 0; i < narcs; i++)
	{
		int			x = arcs[i].a;
		int			y = arcs[i].b;

		if (next[x] >= 0 || prev[y] >= 0 || FindRoot(uf, x) == FindRoot(uf, y))
			continue;
		next[x] = y;
		prev[y] = x;
		uf[FindRoot(uf, x)] = FindRoot(uf, y);
	}
	Interrupt(S);

	for (a = 0; a < m; a++)
		if (prev[a] < 0)
			heads[nheads++] = a;
	first = heads[0];
	heads[0] = -1;
	left = nheads - 1;
	cur = first;
	for (;;)
	{
		int			bestj = -1;
		double		bestd = 0.0;
		int			j;

		while (next[cur] >= 0)
			cur = next[cur];
		if (left == 0)
			break;
		for (j = 0; j < nheads; j++)
		{
			double		d;

			if (heads[j] < 0)
				continue;
			d = Cost(S, cur, heads[j]);
			if (bestj < 0 || d < bestd)
			{
				bestj = j;
				bestd = d;
			}
		}
		next[cur] = heads[bestj];
		prev[heads[bestj]] = cur;
		cur = heads[bestj];
		heads[bestj] = -1;
		left--;
		if ((++S->work & 63) == 0)
			Interrupt(S);
	}
	next[cur] = first;
	prev[first] = cur;

	cur = 0;
	for (i = 0; i < m; i++)
	{
		S->tour[i] = cur;
		S->pos[cur] = i;
		cur = next[cur];
	}
	Release(opt, next);
	Release(opt, prev);
	Release(opt, uf);
	Release(opt, heads);
	Release(opt, arcs);
	return TSP_OK;
}

/* ---------------------------------------------------------------------- */
/* Lin-Kernighan */

/*
 * Edges added and removed by the current LK chain, as up to two partners
 * per node: an edge added by the chain is never removed again, so a node
 * has at most two; removed edges are edges of the tour the chain started
 * from, also at most two per node.
 */
static inline int
Marked(const int *mark, int a, int b)
{
	return mark[2 * a] == b || mark[2 * a + 1] == b;
}

static inline void
Mark(int *mark, int a, int b)
{
	mark[2 * a + (mark[2 * a] < 0 ? 0 : 1)] = b;
	mark[2 * b + (mark[2 * b] < 0 ? 0 : 1)] = a;
}

static inline void
Unmark(int *mark, int a, int b)
{
	mark[2 * a + (mark[2 * a + 1] == b ? 1 : 0)] = -1;
	mark[2 * b + (mark[2 * b + 1] == a ? 1 : 0)] = -1;
}

/*
 * One level of the LK chain.  t1 and t2 are adjacent in the current tour;
 * g is the gain so far with the edge t1-t2 still to be removed (its cost
 * is included in g).  Each step picks t3 from t2's candidates, removes the
 * tour edge t3-t4 that lets the chain close with t4-t1 into a tour, and
 * applies the flip at once, so the tour is always a tour.  The best
 * closing gain and depth are recorded; once a gain is found the search
 * does not backtrack.
 */
static void
LkStep(Solver *S, int level, int t1, int t2, double g)
{
	int			c3[LK_MAX_BREADTH];
	int			c4[LK_MAX_BREADTH];
	double		cv[LK_MAX_BREADTH];
	int			nc = 0;
	int			breadth;
	int			fwd = (Succ(S, t1) == t2);
	int			st2 = Succ(S, t2);
	int			pt2 = Pred(S, t2);
	int			K = S->K;
	const int  *list = S->nbr + (size_t) t2 * K;
	const double *lcost = S->nbr_cost + (size_t) t2 * K;
	int			k,
				i;

	breadth = (level <= (int) (sizeof(LK_BREADTH) / sizeof(LK_BREADTH[0])))
		? LK_BREADTH[level - 1] : 1;

	for (k = 0; k < K; k++)
	{
		int			t3 = list[k];
		int			t4;
		double		g1,
					v;
		int			j;

		if (t3 < 0)
			break;
		g1 = g - lcost[k];
		if (g1 <= S->eps)
			break;				/* the list is sorted by cost */
		if (t3 == st2 || t3 == pt2)
			continue;
		if (Marked(S->removed, t2, t3))
			continue;
		t4 = fwd ? Pred(S, t3) : Succ(S, t3);
		if (IsFixed(S, t3, t4) || Marked(S->added, t3, t4))
			continue;
		v = g1 + Cost(S, t3, t4);
		/* keep the best `breadth' by v, earlier first on ties */
		if (nc == breadth && !(v > cv[nc - 1]))
			continue;
		j = (nc < breadth) ? nc++ : nc - 1;
		while (j > 0 && v > cv[j - 1])
		{
			cv[j] = cv[j - 1];
			c3[j] = c3[j - 1];
			c4[j] = c4[j - 1];
			j--;
		}
		cv[j] = v;
		c3[j] = t3;
		c4[j] = t4;
	}

	for (i = 0; i < nc; i++)
	{
		int			t3 = c3[i];
		int			t4 = c4[i];
		double		v = cv[i];
		double		gc;
		int		   *mv = S->moves + 4 * S->nmoves;

		Flip(S, t1, t2, t4, t3);
		mv[0] = t1;
		mv[1] = t2;
		mv[2] = t3;
		mv[3] = t4;
		S->nmoves++;
		Mark(S->added, t2, t3);
		Mark(S->removed, t3, t4);

		gc = v - Cost(S, t4, t1);
		if (gc > S->best_gain)
		{
			S->best_gain = gc;
			S->best_depth = S->nmoves;
		}
		if (level < LK_MAX_DEPTH)
			LkStep(S, level + 1, t1, t4, v);
		if (S->best_gain > S->eps)
			return;
		/* undo: remove (t1,t4),(t2,t3), add back (t1,t2),(t4,t3) */
		Flip(S, t1, t4, t2, t3);
		S->nmoves--;
		Unmark(S->added, t2, t3);
		Unmark(S->removed, t3, t4);
	}
}

static void
UndoMove(Solver *S, const int *mv)
{
	Flip(S, mv[0], mv[3], mv[1], mv[2]);
}

/* LK from t1 in both directions; returns the gain (0: none) */
static double
LkFrom(Solver *S, int t1)
{
	int			dir;

	for (dir = 0; dir < 2; dir++)
	{
		int			t2 = dir == 0 ? Succ(S, t1) : Pred(S, t1);

		if (IsFixed(S, t1, t2))
			continue;
		S->nmoves = 0;
		S->best_gain = S->eps;
		S->best_depth = 0;
		Mark(S->removed, t1, t2);
		LkStep(S, 1, t1, t2, Cost(S, t1, t2));
		if (S->best_gain > S->eps)
		{
			int			i;

			/* clear the chain's marks, then undo the moves past the best */
			for (i = 0; i < S->nmoves; i++)
			{
				int		   *mv = S->moves + 4 * i;

				Unmark(S->added, mv[1], mv[2]);
				Unmark(S->removed, mv[2], mv[3]);
			}
			Unmark(S->removed, t1, t2);
			while (S->nmoves > S->best_depth)
			{
				S->nmoves--;
				UndoMove(S, S->moves + 4 * S->nmoves);
			}
			for (i = 0; i < 4 * S->nmoves; i++)
				Push(S, S->moves[i]);
			return S->best_gain;
		}
		Unmark(S->removed, t1, t2);
	}
	return 0.0;
}

/* ---------------------------------------------------------------------- */
/* Or-opt: move the segment s1..s2 (1 to 3 nodes starting at t1, in either
 * direction) between a candidate neighbour c of an end and c's tour
 * neighbour, possibly reversed. */

/*
 * Move segment [s1..s2] (s1 first in tour order, prev p = Pred(s1), next
 * nx = Succ(s2)) between c and d = Succ(c) (c, d outside the segment).
 * reversed: insert as c s2..s1 d, else c s1..s2 d.  Done as flips.
 */
static void
MoveSegment(Solver *S, int s1, int s2, int c, int d, int reversed)
{
	int			p = Pred(S, s1);
	int			nx = Succ(S, s2);

	/*
	 * Tour: p [s1..s2] nx ... c d ...  First flip (p,s1),(c,d) -> (p,c),
	 * (s1,d): reverses s1..c, giving p c ... nx s2..s1 d.  Second flip
	 * (p,c),(nx,s2) -> (p,nx),(c,s2): gives p nx ... c s2..s1 d.
	 */
	Flip(S, p, s1, c, d);
	Flip(S, p, c, nx, s2);
	if (!reversed)
		Flip(S, c, s2, s1, d);
}

static double
OrOpt(Solver *S, int t1)
{
	int			K = S->K;
	int			len;

	for (len = 1; len <= 3; len++)
	{
		int			dir;

		for (dir = 0; dir < 2; dir++)
		{
			int			s1,
						s2,
						p,
						nx,
						i,
						k,
						e;
			double		gain_remove;

			/* segment of len nodes from t1 forwards or backwards */
			if (len == 1 && dir == 1)
				continue;
			s1 = s2 = t1;
			for (i = 1; i < len; i++)
			{
				if (dir == 0)
					s2 = Succ(S, s2);
				else
					s1 = Pred(S, s1);
			}
			p = Pred(S, s1);
			nx = Succ(S, s2);
			if (nx == p || Succ(S, nx) == p)
				return 0.0;		/* too few nodes */
			if (IsFixed(S, p, s1) || IsFixed(S, s2, nx))
				continue;
			/* inner edges must not matter: they are kept */
			gain_remove = Cost(S, p, s1) + Cost(S, s2, nx) - Cost(S, p, nx);
			if (gain_remove <= S->eps)
				continue;

			/* try the candidates of both segment ends */
			for (e = 0; e < 2; e++)
			{
				int			end = e == 0 ? s1 : s2;
				const int  *list = S->nbr + (size_t) end * K;
				const double *lcost = S->nbr_cost + (size_t) end * K;

				for (k = 0; k < K; k++)
				{
					int			c = list[k];
					double		dc = (c < 0) ? 0.0 : lcost[k];
					int			side;

					if (c < 0 || dc >= gain_remove)
						break;
					/* c must lie outside the segment */
					if (S->pos[s1] <= S->pos[s2])
					{
						if (S->pos[c] >= S->pos[s1] && S->pos[c] <= S->pos[s2])
							continue;
					}
					else if (S->pos[c] >= S->pos[s1] || S->pos[c] <= S->pos[s2])
						continue;
					/* insert between c and its successor or predecessor */
					for (side = 0; side < 2; side++)
					{
						int			x = side == 0 ? c : Pred(S, c);
						int			y = side == 0 ? Succ(S, c) : c;
						int			other = (end == s1) ? s2 : s1;
						double		add;
						int			rev;

						/*
						 * x-y must not touch the segment; next to it (x = nx
						 * or y = p) the move is a 2-opt move, left to LK
						 */
						if (x == s2 || y == s1 || x == nx || y == p)
							continue;
						if (IsFixed(S, x, y))
							continue;
						/* end goes next to c, other next to the other one */
						if (c == x)
						{
							/* x end ... other y */
							add = dc + Cost(S, other, y) - Cost(S, x, y);
							rev = (end == s2);	/* x s2..s1 y */
						}
						else
						{
							/* x other ... end y */
							add = dc + Cost(S, x, other) - Cost(S, x, y);
							rev = (end == s1);	/* x s2..s1 y */
						}
						if (gain_remove - add > S->eps)
						{
							int			np = p,
										nn = nx;

							MoveSegment(S, s1, s2, x, y, rev);
							Push(S, np);
							Push(S, nn);
							Push(S, s1);
							Push(S, s2);
							Push(S, x);
							Push(S, y);
							return gain_remove - add;
						}
					}
				}
			}
		}
	}
	return 0.0;
}

/* ---------------------------------------------------------------------- */
/* Directed local search (asymmetric costs): no move reverses a segment */

/* 1 if b lies on the path from a forwards to c (a, c included) */
static inline int
Between(const Solver *S, int a, int b, int c)
{
	int			m = S->m;
	int			pa = S->pos[a];
	int			db = S->pos[b] - pa;
	int			dc = S->pos[c] - pa;

	if (db < 0)
		db += m;
	if (dc < 0)
		dc += m;
	return db <= dc;
}

/* Swap the adjacent blocks U (lu nodes from position p) and V (lv after) */
static void
SwapBlocks(Solver *S, int p, int lu, int lv, int *buf)
{
	int			m = S->m;
	int		   *tour = S->tour;
	int		   *pos = S->pos;
	int			i,
				q,
				r;

	for (i = 0, q = p; i < lu; i++)
	{
		buf[i] = tour[q];
		if (++q == m)
			q = 0;
	}
	/* q is now the first position of V */
	for (i = 0, r = p; i < lv; i++)
	{
		tour[r] = tour[q];
		pos[tour[r]] = r;
		if (++q == m)
			q = 0;
		if (++r == m)
			r = 0;
	}
	for (i = 0; i < lu; i++)
	{
		tour[r] = buf[i];
		pos[buf[i]] = r;
		if (++r == m)
			r = 0;
	}
}

/*
 * a [X = a+ .. b] [Y = b+ .. c] [Z = c+ .. a] -> a [Y] [X] [Z].  On a cycle
 * swapping any two adjacent blocks of the three gives this, so swap the
 * pair with the fewest nodes.
 */
static void
ExchangeSegments(Solver *S, int a, int b, int c, int *buf)
{
	int			m = S->m;
	int			lx = S->pos[b] - S->pos[a];
	int			ly = S->pos[c] - S->pos[b];
	int			lz;

	if (lx < 0)
		lx += m;
	if (ly < 0)
		ly += m;
	lz = m - lx - ly;
	if (lx + ly <= ly + lz && lx + ly <= lz + lx)
		SwapBlocks(S, (S->pos[a] + 1) % m, lx, ly, buf);
	else if (ly + lz <= lz + lx)
		SwapBlocks(S, (S->pos[b] + 1) % m, ly, lz, buf);
	else
		SwapBlocks(S, (S->pos[c] + 1) % m, lz, lx, buf);
}

/* sequential segment exchange from a; returns the gain (0: none) */
static double
SegmentExchange(Solver *S, int a, int *buf)
{
	int			K = S->K;
	int			a1 = Succ(S, a);
	double		daa1 = Cost(S, a, a1);
	const int  *la = S->nbr + (size_t) a * K;
	const double *lca = S->nbr_cost + (size_t) a * K;
	int			k,
				k2;

	if (IsFixed(S, a, a1))
		return 0.0;
	for (k = 0; k < K; k++)
	{
		int			bp = la[k];
		int			b;
		double		g1;
		const int  *lb;
		const double *lcb;
		double		dbbp;

		if (bp < 0)
			break;
		g1 = daa1 - lca[k];
		if (g1 <= S->eps)
			break;
		if (bp == a1)
			continue;
		b = Pred(S, bp);
		if (IsFixed(S, b, bp))
			continue;
		lb = S->nbr + (size_t) b * K;
		lcb = S->nbr_cost + (size_t) b * K;
		dbbp = Cost(S, b, bp);
		for (k2 = 0; k2 < K; k2++)
		{
			int			cp = lb[k2];
			int			c;
			double		g2,
						gain;

			if (cp < 0)
				break;
			g2 = g1 + dbbp - lcb[k2];
			if (g2 <= S->eps)
				break;
			c = Pred(S, cp);
			/* c on the path bp .. a, not a itself */
			if (c == a || !Between(S, bp, c, a) || IsFixed(S, c, cp))
				continue;
			gain = g2 + Cost(S, c, cp) - Cost(S, c, a1);
			if (gain > S->eps)
			{
				ExchangeSegments(S, a, b, c, buf);
				Push(S, a);
				Push(S, a1);
				Push(S, b);
				Push(S, bp);
				Push(S, c);
				Push(S, cp);
				return gain;
			}
		}
	}
	return 0.0;
}

/*
 * Directed Or-opt: the segment s1..s2 (up to 3 stops, t1 at one end) moves
 * between x and y = Succ(x), x a candidate predecessor of s1 or y a
 * candidate successor of s2.
 */
static double
OrOptDirected(Solver *S, int t1, int *buf)
{
	int			K = S->K;
	int			len,
				dir;

	for (len = 1; len <= 3; len++)
		for (dir = 0; dir < 2; dir++)
		{
			int			s1 = t1,
						s2 = t1,
						p,
						nx,
						i,
						k,
						side;
			double		gain_remove;

			for (i = 1; i < len; i++)
			{
				if (dir == 0)
					s2 = Succ(S, s2);
				else
					s1 = Pred(S, s1);
			}
			if (len == 1 && dir == 1)
				continue;
			p = Pred(S, s1);
			nx = Succ(S, s2);
			if (nx == p || Between(S, s1, p, s2))
				continue;		/* too few nodes */
			if (IsFixed(S, p, s1) || IsFixed(S, s2, nx))
				continue;
			gain_remove = Cost(S, p, s1) + Cost(S, s2, nx) - Cost(S, p, nx);
			if (gain_remove <= S->eps)
				continue;
			for (side = 0; side < 2; side++)
			{
				const int  *list = side == 0 ? S->nbr_in + (size_t) s1 * K
				: S->nbr + (size_t) s2 * K;
				const double *lcost = side == 0 ? S->nbr_in_cost + (size_t) s1 * K
				: S->nbr_cost + (size_t) s2 * K;

				for (k = 0; k < K; k++)
				{
					int			w = list[k];
					int			x,
								y;
					double		dw,
								add;

					if (w < 0)
						break;
					dw = lcost[k];
					if (dw >= gain_remove)
						break;
					x = side == 0 ? w : Pred(S, w);
					y = side == 0 ? Succ(S, w) : w;
					/* x on nx .. p, and not p (that would be no move) */
					if (x == p || !Between(S, nx, x, p) || IsFixed(S, x, y))
						continue;
					add = Cost(S, x, s1) + Cost(S, s2, y) - Cost(S, x, y);
					if (gain_remove - add > S->eps)
					{
						/* p [s1..s2] [nx..x] [y..p] -> p [nx..x] [s1..s2] */
						ExchangeSegments(S, p, s2, x, buf);
						Push(S, p);
						Push(S, s1);
						Push(S, s2);
						Push(S, nx);
						Push(S, x);
						Push(S, y);
						return gain_remove - add;
					}
				}
			}
		}
	return 0.0;
}

/* Run the local search until no node is active; returns the total gain. */
static double
LocalSearch(Solver *S, int *buf)
{
	double		total = 0.0;

	while (S->qcount > 0)
	{
		int			t1 = Pop(S);
		double		g;

		if ((++S->work & 255) == 0)
			Interrupt(S);
		if (S->mode == MODE_DIRECTED)
		{
			g = SegmentExchange(S, t1, buf);
			if (g <= 0.0)
				g = OrOptDirected(S, t1, buf);
		}
		else
		{
			g = LkFrom(S, t1);
			if (g <= 0.0)
				g = OrOpt(S, t1);
		}
		if (g > 0.0)
		{
			total += g;
			Push(S, t1);
		}
	}
	return total;
}
/* ---------------------------------------------------------------------- */
/* Double-bridge kick on short segments: A B C D -> A C B D */

static int
NextCut(const Solver *S, int p)
{
	/* advance p until the edge tour[p] - tour[p+1] is not fixed */
	int			m = S->m;
	int			i;

	for (i = 0; i < m; i++)
	{
		int			q = (p + 1 == m) ? 0 : p + 1;

		if (!IsFixed(S, S->tour[p], S->tour[q]))
			return p;
		p = q;
	}
	return -1;
}

/*
 * Apply a kick; returns its cost change, or NAN when none was possible.
 * The tour A S1 S2 .. Sk (k = nseg short segments after a random node)
 * becomes A Sk .. S2 S1, each segment kept in its direction.  With k = 2
 * this is the "double bridge" A C B D as usually coded, but on a cycle
 * that changes only three edges (a segment exchange), and both LK and the
 * directed search often undo it at once: on 1000 random points the
 * search stopped improving after about 2000 kicks, every later kick
 * repaired to the same tour.  k = 3 changes four edges and is not undone
 * by one sequential move.
 */
static double
Kick(Solver *S, int nseg, int *buf)
{
	int			m = S->m;
	int			maxlen = (m - 2) / nseg;
	int			cut[4];			/* cut[i]: position before segment i+1 */
	int			first[4];		/* first node after cut i */
	int			last[4];		/* node at cut i */
	int			i,
				j,
				k,
				total;
	double		delta = 0.0;

	if (maxlen > 50)
		maxlen = 50;
	if (maxlen < 1)
		return NAN;
	cut[0] = NextCut(S, RandomInt(S, m));
	if (cut[0] < 0)
		return NAN;
	total = 0;
	for (i = 1; i <= nseg; i++)
	{
		int			len = 1 + RandomInt(S, maxlen);

		cut[i] = NextCut(S, (cut[i - 1] + len) % m);
		len = (cut[i] - cut[i - 1] + m) % m;
		if (len == 0)
			return NAN;
		total += len;
	}
	if (total >= m - 1)
		return NAN;
	for (i = 0; i <= nseg; i++)
	{
		last[i] = S->tour[cut[i]];
		first[i] = S->tour[(cut[i] + 1) % m];
		delta -= Cost(S, last[i], first[i]);
	}
	/* new links: A -> Sk, S(i+1) -> Si, S1 -> rest */
	delta += Cost(S, last[0], first[nseg - 1]);
	for (i = nseg - 1; i >= 1; i--)
		delta += Cost(S, last[i + 1], first[i - 1]);
	delta += Cost(S, last[1], first[nseg]);

	/* rewrite the positions after cut[0] as Sk .. S1 */
	j = 0;
	for (i = nseg; i >= 1; i--)
		for (k = (cut[i - 1] + 1) % m;; k = (k + 1) % m)
		{
			buf[j++] = S->tour[k];
			if (k == cut[i])
				break;
		}
	for (i = 0; i < j; i++)
	{
		int			q = (cut[0] + 1 + i) % m;

		S->tour[q] = buf[i];
		S->pos[buf[i]] = q;
	}
	for (i = 0; i <= nseg; i++)
	{
		Push(S, last[i]);
		Push(S, first[i]);
	}
	return delta;
}

/* ---------------------------------------------------------------------- */
/* Exact: Held-Karp over subsets of the stops other than the start */

static int
SolveExact(int n, const double *c, int closed, int start, int end,
		   int *tour, const TspOptions *opt)
{
	int			k = n - 1;
	int			full = (1 << k) - 1;
	int			node[TSP_EXACT_MAX_N];
	double	   *dp;
	signed char *par;
	int			set,
				i,
				j,
				last;
	double		best;

	for (i = 0, j = 0; i < n; i++)
		if (i != start)
			node[j++] = i;
	dp = Alloc(opt, sizeof(double) * ((size_t) full + 1) * k);
	par = Alloc(opt, ((size_t) full + 1) * k);
	if (!dp || !par)
	{
		Release(opt, dp);
		Release(opt, par);
		return TSP_ENOMEM;
	}
	/* dp[set * k + j]: cheapest path start -> set (in any order) ending at j */
	for (set = 1; set <= full; set++)
	{
		for (j = 0; j < k; j++)
		{
			int			rest;
			double		bestv = 0.0;
			int			bestp = -1;

			if (!(set & (1 << j)))
				continue;
			rest = set & ~(1 << j);
			if (rest == 0)
			{
				dp[(size_t) set * k + j] = c[(size_t) start * n + node[j]];
				par[(size_t) set * k + j] = -1;
				continue;
			}
			for (i = 0; i < k; i++)
			{
				double		v;

				if (!(rest & (1 << i)))
					continue;
				v = dp[(size_t) rest * k + i] + c[(size_t) node[i] * n + node[j]];
				if (bestp < 0 || v < bestv)
				{
					bestv = v;
					bestp = i;
				}
			}
			dp[(size_t) set * k + j] = bestv;
			par[(size_t) set * k + j] = (signed char) bestp;
		}
	}
	last = -1;
	best = 0.0;
	for (j = 0; j < k; j++)
	{
		double		v;

		if (end >= 0 && node[j] != end)
			continue;
		v = dp[(size_t) full * k + j];
		if (closed)
			v += c[(size_t) node[j] * n + start];
		if (last < 0 || v < best)
		{
			best = v;
			last = j;
		}
	}
	tour[0] = start;
	set = full;
	for (i = n - 1; i >= 1; i--)
	{
		int			p = par[(size_t) set * k + last];

		tour[i] = node[last];
		set &= ~(1 << last);
		last = p;
	}
	Release(opt, dp);
	Release(opt, par);
	return TSP_OK;
}

/* ---------------------------------------------------------------------- */

void
lgtsp_default_options(TspOptions *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->kicks = -1;
	opt->exact_max_n = TSP_EXACT_MAX_N;
	opt->neighbours = DEFAULT_NEIGHBOURS;
	opt->seed = DEFAULT_SEED;
}

int
lgtsp_is_symmetric(int n, const double *cost)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (cost[(size_t) i * n + j] != cost[(size_t) j * n + i])
				return 0;
	return 1;
}

double
lgtsp_tour_cost(int n, const double *cost, const int *tour, int len, int closed)
{
	double		sum = 0.0;
	int			i;

	for (i = 0; i + 1 < len; i++)
		sum += cost[(size_t) tour[i] * n + tour[i + 1]];
	if (closed && len > 1)
		sum += cost[(size_t) tour[len - 1] * n + tour[0]];
	return sum;
}

/* default kick budget */
static long
DefaultKicks(int mode, int m)
{
	long		k;

	if (mode == MODE_DIRECTED)
	{
		/*
		 * Directed kicks are cheap (no flips); small instances need a fair
		 * number of them to leave stalls (see test/unit/test_tsp.c).
		 */
		k = 5L * m;
		if (k < 1000)
			k = 1000;
		if (k > 10000)
			k = 10000;
		return k;
	}

	/*
	 * LK: 10 kicks per stop, at most 2000 (about a quarter of a second at
	 * 1000 stops).  With 500 kicks att48, eil51, berlin52 and eil76 reached
	 * their optimum for 30 seeds out of 30; with 3n kicks eil51 missed it
	 * (by one unit) for 3 seeds of 30.  bench/tsp.sh shows the quality and
	 * time.
	 */
	k = 10L * m;
	if (k > 2000)
		k = 2000;
	if (mode == MODE_SYM_AVG)
		k = k / 2 + 1;			/* the start of a directed search */
	return k;
}

/*
 * Early stop for the symmetric search with the default budget: end the
 * kicks after max(50, n) in a row that find no shorter tour (the budget
 * above stays the maximum).  Like the budget it depends on n only, so the
 * result stays deterministic.  Over the 14 TSPLIB instances of
 * data/routing/tsplib and seeds 1..5 plus the default seed the mean gap to
 * the optimum was 0.03% and the largest 0.83% (gr202, one seed), against
 * 0% with the full budget; the default seed still reaches every optimum,
 * in 3 to 12 times less time below 250 stops.  max(30, n) missed ulysses22
 * with the default seed; 2n halved the mean gap for half again the time.
 */
static long
StallStop(int m)
{
	return m > 50 ? m : 50;
}

/* Read the tour of the transformed problem back as stops. */
static void
ExtractTour(Solver *S, int end, int *out)
{
	int			n = S->n;
	int			m = S->m;
	int			s = S->start;
	int			p = S->pos[s];
	int			step;
	int			i,
				j;

	if (S->mode == MODE_DIRECTED)
		step = 1;				/* the array is in the direction of travel */
	else if (S->dummy)
		step = (Pred(S, s) == n) ? 1 : -1;	/* the dummy just before s */
	else if (end >= 0)
		step = (Pred(S, s) == end) ? 1 : -1;
	else
		step = (Succ(S, s) < Pred(S, s)) ? 1 : -1;
	for (i = 0, j = 0; i < m; i++, p = (p + step + m) % m)
		if (S->tour[p] < n)
			out[j++] = S->tour[p];
}

/*
 * Chained local search for the problem of the given mode, from a greedy
 * tour or from the stop order init; kicks < 0: default budget.  The tour
 * is written to out (n stops from start).
 */
static int
RunSearch(const TspOptions *opt, int n, const double *cost, int mode,
		  int closed, int start, int end, const int *init, long kicks,
		  int *out, TspStats *stats)
{
	Solver		S;
	int		   *best_tour = NULL;
	int		   *best_pos = NULL;
	int		   *best_order = NULL;
	int		   *buf = NULL;
	double		avg;
	double		cur_len = 0.0;	/* relative to the first local optimum */
	double		best_len = 0.0;
	long		kk,
				stall,
				last_best = 0,
				last_improve = 0,
				stop = 0;
	int			rc = TSP_ENOMEM;
	int			i;

	memset(&S, 0, sizeof(S));
	S.n = n;
	S.c = cost;
	S.start = start;
	S.opt = opt;
	S.rng = opt->seed;
	S.fixed_arc_from = -1;
	S.mode = mode;
	if (mode == MODE_DIRECTED)
		S.zero_into_start = (!closed && end < 0);
	else
		S.dummy = (!closed && end < 0);
	S.m = n + S.dummy;
	S.K = opt->neighbours > 0 ? opt->neighbours : DEFAULT_NEIGHBOURS;
	if (S.K > S.m - 1)
		S.K = S.m - 1;

	S.tour = Alloc(opt, sizeof(int) * S.m);
	S.pos = Alloc(opt, sizeof(int) * S.m);
	S.fix = Alloc(opt, sizeof(int) * 2 * S.m);
	S.nbr = Alloc(opt, sizeof(int) * (size_t) S.m * S.K);
	S.nbr_cost = Alloc(opt, sizeof(double) * (size_t) S.m * S.K);
	if (mode == MODE_DIRECTED)
	{
		S.nbr_in = Alloc(opt, sizeof(int) * (size_t) S.m * S.K);
		S.nbr_in_cost = Alloc(opt, sizeof(double) * (size_t) S.m * S.K);
	}
	S.queue = Alloc(opt, sizeof(int) * S.m);
	S.inq = Alloc(opt, S.m);
	S.added = Alloc(opt, sizeof(int) * 2 * S.m);
	S.removed = Alloc(opt, sizeof(int) * 2 * S.m);
	best_tour = Alloc(opt, sizeof(int) * S.m);
	best_pos = Alloc(opt, sizeof(int) * S.m);
	best_order = Alloc(opt, sizeof(int) * S.m);
	buf = Alloc(opt, sizeof(int) * S.m);
	if (!S.tour || !S.pos || !S.fix || !S.nbr || !S.nbr_cost ||
		(mode == MODE_DIRECTED && (!S.nbr_in || !S.nbr_in_cost)) ||
		!S.queue || !S.inq || !S.added || !S.removed ||
		!best_tour || !best_pos || !best_order || !buf)
		goto done;

	for (i = 0; i < 2 * S.m; i++)
		S.fix[i] = S.added[i] = S.removed[i] = -1;
	memset(S.inq, 0, S.m);
	if (mode == MODE_DIRECTED)
	{
		if (end >= 0)
		{
			AddFixed(&S, end, start);
			S.fixed_arc_from = end;
		}
	}
	else if (S.dummy)
		AddFixed(&S, n, start);
	else if (end >= 0)
		AddFixed(&S, start, end);

	BuildNeighbours(&S);
	if (init)
	{
		/* the stop order, then the dummy (between the end and the start) */
		for (i = 0; i < n; i++)
		{
			S.tour[i] = init[i];
			S.pos[init[i]] = i;
		}
		if (S.dummy)
		{
			S.tour[n] = n;
			S.pos[n] = n;
		}
	}
	else
	{
		rc = (mode == MODE_DIRECTED) ? GreedyTourDirected(&S) : GreedyTour(&S);
		if (rc != TSP_OK)
			goto done;
	}

	/* improvements below eps (relative to the mean edge) do not count */
	avg = 0.0;
	for (i = 0; i < S.m; i++)
		avg += Cost(&S, S.tour[i], S.tour[(i + 1) % S.m]) / S.m;
	S.eps = avg * 1e-9;

	for (i = 0; i < S.m; i++)
		Push(&S, S.tour[i]);
	LocalSearch(&S, buf);
	memcpy(best_tour, S.tour, sizeof(int) * S.m);
	memcpy(best_pos, S.pos, sizeof(int) * S.m);

	memcpy(best_order, S.tour, sizeof(int) * S.m);

	/*
	 * Keep a kick when the tour gets no longer.  After `stall' kicks without
	 * a new best, keep the next one whatever it costs, so the search leaves
	 * a local optimum that no kick improves (this matters on small
	 * instances, where there are few different kicks).  The best tour seen
	 * is returned.  With the default budget the symmetric search ends
	 * after `stop' kicks in a row without a new best (StallStop); as stop
	 * <= stall there, the forced kick is then for the directed search and
	 * for explicit budgets.
	 */
	if (kicks < 0)
	{
		kicks = DefaultKicks(mode, S.m);
		if (mode == MODE_SYM)
			stop = StallStop(S.m);
	}
	stall = S.m > 100 ? S.m : 100;
	for (kk = 0; kk < kicks && (stop == 0 || kk - last_improve < stop); kk++)
	{
		double		delta = Kick(&S, 3, buf);
		int			force;

		if (isnan(delta))
			continue;
		delta -= LocalSearch(&S, buf);
		if (stats)
			stats->kicks++;
		force = (kk - last_best >= stall);
		if (delta <= 0.0 || force)
		{
			cur_len += delta;
			memcpy(best_tour, S.tour, sizeof(int) * S.m);
			memcpy(best_pos, S.pos, sizeof(int) * S.m);
			if (stats)
				stats->accepted++;
			if (cur_len < best_len - S.eps)
			{
				best_len = cur_len;
				memcpy(best_order, S.tour, sizeof(int) * S.m);
				last_best = kk;
				last_improve = kk + 1;
			}
			else if (force)
				last_best = kk;
		}
		else
		{
			memcpy(S.tour, best_tour, sizeof(int) * S.m);
			memcpy(S.pos, best_pos, sizeof(int) * S.m);
		}
		if ((kk & 63) == 63)
			Interrupt(&S);
	}
	for (i = 0; i < S.m; i++)
	{
		S.tour[i] = best_order[i];
		S.pos[best_order[i]] = i;
	}
	ExtractTour(&S, end, out);
	rc = TSP_OK;

done:
	Release(opt, S.tour);
	Release(opt, S.pos);
	Release(opt, S.fix);
	Release(opt, S.nbr);
	Release(opt, S.nbr_in);
	Release(opt, S.nbr_cost);
	Release(opt, S.nbr_in_cost);
	Release(opt, S.queue);
	Release(opt, S.inq);
	Release(opt, S.added);
	Release(opt, S.removed);
	Release(opt, best_tour);
	Release(opt, best_pos);
	Release(opt, best_order);
	Release(opt, buf);
	return rc;
}

static void
ReverseStops(int *tour, int n)
{
	int			i;

	/* keep tour[0], reverse the rest */
	for (i = 1; i < n - i; i++)
	{
		int			t = tour[i];

		tour[i] = tour[n - i];
		tour[n - i] = t;
	}
}

int
lgtsp_solve(int n, const double *cost, int closed, int start, int end,
		  int *tour, const TspOptions *optin, TspStats *stats)
{
	TspOptions	defopt;
	const TspOptions *opt;
	int			symmetric;
	int			exact_max;
	int			rc;

	if (optin == NULL)
	{
		lgtsp_default_options(&defopt);
		opt = &defopt;
	}
	else
		opt = optin;
	if (n < 1 || start < 0 || start >= n || end >= n || end < -1 ||
		(end == start && n > 1))
		return TSP_EBADARG;
	symmetric = lgtsp_is_symmetric(n, cost);
	if (stats)
	{
		memset(stats, 0, sizeof(*stats));
		stats->asymmetric = !symmetric;
	}

	exact_max = opt->exact_max_n;
	if (exact_max > TSP_EXACT_MAX_N)
		exact_max = TSP_EXACT_MAX_N;
	if (n <= 2)
	{
		tour[0] = start;
		if (n == 2)
			tour[1] = 1 - start;
		rc = TSP_OK;
	}
	else if (n <= exact_max || n <= 4)
		rc = SolveExact(n, cost, closed, start, end, tour, opt);
	else if (symmetric)
		rc = RunSearch(opt, n, cost, MODE_SYM, closed, start, end, NULL,
					   opt->kicks, tour, stats);
	else
	{
		/*
		 * Asymmetric: first LK on the symmetrised costs, whose tour (in the
		 * cheaper direction where that is free) starts the directed search.
		 * Road networks are nearly symmetric, so this start is often close;
		 * the directed search then fixes what the direction costs.
		 */
		rc = RunSearch(opt, n, cost, MODE_SYM_AVG, closed, start, end, NULL,
					   opt->kicks < 0 ? -1 : opt->kicks / 2, tour, NULL);
		if (rc == TSP_OK && closed && end < 0)
		{
			double		fwd = lgtsp_tour_cost(n, cost, tour, n, 1);

			ReverseStops(tour, n);
			if (!(lgtsp_tour_cost(n, cost, tour, n, 1) < fwd))
				ReverseStops(tour, n);
		}
		if (rc == TSP_OK)
			rc = RunSearch(opt, n, cost, MODE_DIRECTED, closed, start, end,
						   tour, opt->kicks, tour, stats);
	}
	if (rc != TSP_OK)
		return rc;
	if (n > 2 && symmetric && closed && end < 0 && tour[1] > tour[n - 1])
		ReverseStops(tour, n);	/* the canonical direction */
	if (stats)
	{
		stats->exact = (n <= exact_max || n <= 4);
		stats->cost = lgtsp_tour_cost(n, cost, tour, n, closed);
	}
	return TSP_OK;
}
