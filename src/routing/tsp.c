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
 * This file holds the construction, the exact solver and the search loop;
 * the local search and the kick are in tsp_ls.c, what both share in
 * tsp_int.h.
 *
 *-------------------------------------------------------------------------
 */
#include "tsp_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* add the edge a-b to the adjacency of both ends (no union-find) */
static void
AddAdj(int *adj, int a, int b)
{
	if (adj[2 * a] < 0)
		adj[2 * a] = b;
	else
		adj[2 * a + 1] = b;
	if (adj[2 * b] < 0)
		adj[2 * b] = a;
	else
		adj[2 * b + 1] = a;
}

static void
Link(int *adj, int *uf, int a, int b)
{
	AddAdj(adj, a, b);
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

/*
 * Join the greedy fragments into one cycle: from the far end of the current
 * fragment go to the cheapest end of a fragment not yet used.  A node of
 * degree 0 is a fragment of its own with both ends at it.  ends is scratch
 * space for m nodes.
 */
static void
JoinFragments(Solver *S, int *adj, int *ends)
{
	int			m = S->m;
	int			nends = 0;
	int			first,
				cur,
				a;

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
			AddAdj(adj, cur, w);
			cur = far;
			if ((++S->work & 63) == 0)
				Interrupt(S);
		}
		AddAdj(adj, cur, first);
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
	int			a,
				k,
				i;
	int			cur,
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

	JoinFragments(S, adj, ends);

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
 * Set up the solver for the problem of the given mode: sizes, the arrays,
 * the fixed edges (the start-end arc, or the dummy node of an open path)
 * and the candidate lists.  Returns 0 when an allocation failed (what was
 * allocated is released by SolverFree()).
 */
static int
SolverSetup(Solver *S, const TspOptions *opt, int n, const double *cost,
			int mode, int closed, int start, int end)
{
	int			i;

	memset(S, 0, sizeof(*S));
	S->n = n;
	S->c = cost;
	S->start = start;
	S->opt = opt;
	S->rng = opt->seed;
	S->fixed_arc_from = -1;
	S->mode = mode;
	if (mode == MODE_DIRECTED)
		S->zero_into_start = (!closed && end < 0);
	else
		S->dummy = (!closed && end < 0);
	S->m = n + S->dummy;
	S->K = opt->neighbours > 0 ? opt->neighbours : DEFAULT_NEIGHBOURS;
	if (S->K > S->m - 1)
		S->K = S->m - 1;

	S->tour = Alloc(opt, sizeof(int) * S->m);
	S->pos = Alloc(opt, sizeof(int) * S->m);
	S->fix = Alloc(opt, sizeof(int) * 2 * S->m);
	S->nbr = Alloc(opt, sizeof(int) * (size_t) S->m * S->K);
	S->nbr_cost = Alloc(opt, sizeof(double) * (size_t) S->m * S->K);
	if (mode == MODE_DIRECTED)
	{
		S->nbr_in = Alloc(opt, sizeof(int) * (size_t) S->m * S->K);
		S->nbr_in_cost = Alloc(opt, sizeof(double) * (size_t) S->m * S->K);
	}
	S->queue = Alloc(opt, sizeof(int) * S->m);
	S->inq = Alloc(opt, S->m);
	S->added = Alloc(opt, sizeof(int) * 2 * S->m);
	S->removed = Alloc(opt, sizeof(int) * 2 * S->m);
	if (!S->tour || !S->pos || !S->fix || !S->nbr || !S->nbr_cost ||
		(mode == MODE_DIRECTED && (!S->nbr_in || !S->nbr_in_cost)) ||
		!S->queue || !S->inq || !S->added || !S->removed)
		return 0;

	for (i = 0; i < 2 * S->m; i++)
		S->fix[i] = S->added[i] = S->removed[i] = -1;
	memset(S->inq, 0, S->m);
	if (mode == MODE_DIRECTED)
	{
		if (end >= 0)
		{
			AddFixed(S, end, start);
			S->fixed_arc_from = end;
		}
	}
	else if (S->dummy)
		AddFixed(S, n, start);
	else if (end >= 0)
		AddFixed(S, start, end);

	BuildNeighbours(S);
	return 1;
}

static void
SolverFree(Solver *S)
{
	const TspOptions *opt = S->opt;

	Release(opt, S->tour);
	Release(opt, S->pos);
	Release(opt, S->fix);
	Release(opt, S->nbr);
	Release(opt, S->nbr_in);
	Release(opt, S->nbr_cost);
	Release(opt, S->nbr_in_cost);
	Release(opt, S->queue);
	Release(opt, S->inq);
	Release(opt, S->added);
	Release(opt, S->removed);
}

/*
 * The kicks of chained LK from the local optimum in S (also in best_tour,
 * best_pos and best_order); leaves the best tour seen in best_order.
 *
 * Keep a kick when the tour gets no longer.  After `stall' kicks without a
 * new best, keep the next one whatever it costs, so the search leaves a
 * local optimum that no kick improves (this matters on small instances,
 * where there are few different kicks).  With the default budget (kicks <
 * 0) the symmetric search ends after `stop' kicks in a row without a new
 * best (StallStop); as stop <= stall there, the forced kick is then for
 * the directed search and for explicit budgets.
 */
static void
KickLoop(Solver *S, int mode, long kicks, int *best_tour, int *best_pos,
		 int *best_order, int *buf, TspStats *stats)
{
	double		cur_len = 0.0;	/* relative to the first local optimum */
	double		best_len = 0.0;
	long		kk,
				stall,
				last_best = 0,
				last_improve = 0,
				stop = 0;

	if (kicks < 0)
	{
		kicks = DefaultKicks(mode, S->m);
		if (mode == MODE_SYM)
			stop = StallStop(S->m);
	}
	stall = S->m > 100 ? S->m : 100;
	for (kk = 0; kk < kicks && (stop == 0 || kk - last_improve < stop); kk++)
	{
		double		delta = TspKick(S, 3, buf);
		int			force;

		if (isnan(delta))
			continue;
		delta -= TspLocalSearch(S, buf);
		if (stats)
			stats->kicks++;
		force = (kk - last_best >= stall);
		if (delta <= 0.0 || force)
		{
			cur_len += delta;
			memcpy(best_tour, S->tour, sizeof(int) * S->m);
			memcpy(best_pos, S->pos, sizeof(int) * S->m);
			if (stats)
				stats->accepted++;
			if (cur_len < best_len - S->eps)
			{
				best_len = cur_len;
				memcpy(best_order, S->tour, sizeof(int) * S->m);
				last_best = kk;
				last_improve = kk + 1;
			}
			else if (force)
				last_best = kk;
		}
		else
		{
			memcpy(S->tour, best_tour, sizeof(int) * S->m);
			memcpy(S->pos, best_pos, sizeof(int) * S->m);
		}
		if ((kk & 63) == 63)
			Interrupt(S);
	}
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
	int			rc = TSP_ENOMEM;
	int			i;

	if (!SolverSetup(&S, opt, n, cost, mode, closed, start, end))
		goto done;
	best_tour = Alloc(opt, sizeof(int) * S.m);
	best_pos = Alloc(opt, sizeof(int) * S.m);
	best_order = Alloc(opt, sizeof(int) * S.m);
	buf = Alloc(opt, sizeof(int) * S.m);
	if (!best_tour || !best_pos || !best_order || !buf)
		goto done;

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
	TspLocalSearch(&S, buf);
	memcpy(best_tour, S.tour, sizeof(int) * S.m);
	memcpy(best_pos, S.pos, sizeof(int) * S.m);
	memcpy(best_order, S.tour, sizeof(int) * S.m);

	KickLoop(&S, mode, kicks, best_tour, best_pos, best_order, buf, stats);

	for (i = 0; i < S.m; i++)
	{
		S.tour[i] = best_order[i];
		S.pos[best_order[i]] = i;
	}
	ExtractTour(&S, end, out);
	rc = TSP_OK;

done:
	SolverFree(&S);
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

