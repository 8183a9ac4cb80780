/*
 * mcf.c
 *		Minimum-cost flow by the primal network simplex method.
 *
 * See mcf.h for the problem, the sources of the method and the limits.
 *
 * The spanning tree is kept as parent pointers with the arc to the parent
 * (pred), the depth, and doubly linked child lists.  A pivot walks the
 * cycle by depth, moves the flow, and when the tree changes re-hangs the
 * cut-off subtree at the entering arc: the parents along the stem from the
 * entering endpoint to the old subtree root are reversed, and a depth-first
 * walk of that subtree recomputes depths and potentials.  This costs
 * O(subtree) a pivot, as the thread-index implementations do, with simpler
 * bookkeeping.
 *
 * The artificial root is node n; node i starts attached to it by an
 * artificial arc of cost M = (n + 1) (max |cost| + 1) pointing up (i to
 * root) when b[i] >= 0 and down otherwise, so that zero-flow arcs point to
 * the root: a strongly feasible start (Ahuja et al. 1993, sec. 11.5).  An
 * optimum with flow left on an artificial arc proves infeasibility.
 */
#include "allocation/mcf.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STATE_UPPER		(-1)
#define STATE_TREE		0
#define STATE_LOWER		1

struct LmcfProblem
{
	int			n;				/* real nodes; node n is the root */
	int			m;				/* real arcs added so far */
	int			m_max;
	int			n_cap;			/* room allocated by lmcf_create */
	int			m_cap;
	int64_t    *supply;			/* n */

	/* arcs: m real ones, then n artificial ones */
	int		   *src;
	int		   *dst;
	int64_t    *cap;
	int64_t    *flow;
	double	   *cost;
	signed char *state;

	/* tree, n + 1 nodes */
	int		   *parent;
	int		   *pred;
	int		   *depth;
	int		   *child;			/* first child */
	int		   *next;			/* next sibling */
	int		   *prev;			/* previous sibling */
	int		   *stack;			/* walk workspace */
	double	   *pi;
	double	   *pcost;			/* pi[v] - pi[parent[v]]: the pred arc's
								 * cost, negated when it points up */

	/* StartFromFlow's workspace, allocated on first use */
	int		   *deg;			/* n + 2 */
	int		   *adj;			/* 2 m */
	int		   *seen;			/* n + 1 */
	int64_t    *excess;			/* n + 1 */

	int		   *list;			/* lmcf_solve_from's nonzero arcs, m */
	int64_t    *list_flow;		/* ... and their flows */

	/* the grid of lmcf_add_grid: arcs 0 .. grid_rows * grid_cols - 1 */
	int			grid_rows;
	int			grid_cols;
	int			grid_full;		/* every grid arc uncapacitated */

	long		pivots;
	double		cmax;			/* largest |cost| of the arcs added */
	int			bad_arc;		/* an arc beyond the limits was added */
};

LmcfProblem *
lmcf_create(int n, int m)
{
	LmcfProblem *p;
	size_t		na,
				nn;

	if (n < 0 || m < 0 || n > LMCF_MAX_NODES || m > LMCF_MAX_ARCS)
		return NULL;
	p = calloc(1, sizeof(LmcfProblem));
	if (p == NULL)
		return NULL;
	p->n = p->n_cap = n;
	p->m_max = p->m_cap = m;
	na = (size_t) m + n;
	nn = (size_t) n + 1;
	p->supply = calloc(nn, sizeof(int64_t));
	p->src = malloc(na * sizeof(int) + 1);
	p->dst = malloc(na * sizeof(int) + 1);
	p->cap = malloc(na * sizeof(int64_t) + 1);
	p->flow = malloc(na * sizeof(int64_t) + 1);
	p->cost = malloc(na * sizeof(double) + 1);
	p->state = malloc(na + 1);
	p->parent = malloc(nn * sizeof(int));
	p->pred = malloc(nn * sizeof(int));
	p->depth = malloc(nn * sizeof(int));
	p->child = malloc(nn * sizeof(int));
	p->next = malloc(nn * sizeof(int));
	p->prev = malloc(nn * sizeof(int));
	p->stack = malloc(nn * sizeof(int));
	p->pi = malloc(nn * sizeof(double));
	p->pcost = malloc(nn * sizeof(double));
	if (!p->supply || !p->src || !p->dst || !p->cap || !p->flow ||
		!p->cost || !p->state || !p->parent || !p->pred || !p->depth ||
		!p->child || !p->next || !p->prev || !p->stack || !p->pi ||
		!p->pcost)
	{
		lmcf_free(p);
		return NULL;
	}
	return p;
}

void
lmcf_free(LmcfProblem *p)
{
	if (p == NULL)
		return;
	free(p->supply);
	free(p->src);
	free(p->dst);
	free(p->cap);
	free(p->flow);
	free(p->cost);
	free(p->state);
	free(p->parent);
	free(p->pred);
	free(p->depth);
	free(p->child);
	free(p->next);
	free(p->prev);
	free(p->stack);
	free(p->pi);
	free(p->pcost);
	free(p->deg);
	free(p->adj);
	free(p->seen);
	free(p->excess);
	free(p->list);
	free(p->list_flow);
	free(p);
}

int
lmcf_reset(LmcfProblem *p, int n, int m)
{
	if (n < 0 || m < 0 || n > p->n_cap || m > p->m_cap)
		return -1;
	p->n = n;
	p->m = 0;
	p->m_max = m;
	p->cmax = 0.0;
	p->bad_arc = 0;
	p->grid_rows = p->grid_cols = 0;
	p->grid_full = 0;
	memset(p->supply, 0, sizeof(int64_t) * ((size_t) n + 1));
	return 0;
}

void
lmcf_set_supply(LmcfProblem *p, int i, int64_t b)
{
	if (i >= 0 && i < p->n)
		p->supply[i] = b;
}

int
lmcf_add_arc(LmcfProblem *p, int src, int dst, int64_t cap, double cost)
{
	int			a = p->m;

	if (a >= p->m_max || (unsigned) src >= (unsigned) p->n ||
		(unsigned) dst >= (unsigned) p->n)
		return -1;
	p->src[a] = src;
	p->dst[a] = dst;
	p->cap[a] = cap;
	p->cost[a] = cost;
	/* the limits, checked here rather than in a pass of every solve */
	if (!(fabs(cost) <= LMCF_MAX_COST) || cap < 0 ||
		(cap > LMCF_MAX_FLOW && cap != LMCF_INF))
		p->bad_arc = 1;
	else if (fabs(cost) > p->cmax)
		p->cmax = fabs(cost);
	p->m++;
	return a;
}

int
lmcf_add_grid(LmcfProblem *p, int nrow, int ncol, const double *cost)
{
	size_t		g = (size_t) nrow * ncol,
				a;
	int			r,
				full = 1;

	if (p->m != 0 || nrow < 0 || ncol < 0 || g > (size_t) p->m_max ||
		nrow + ncol > p->n)
		return -1;
	memcpy(p->cost, cost, sizeof(double) * g);
	for (r = 0, a = 0; r < nrow; r++)
	{
		int			c;

		for (c = 0; c < ncol; c++, a++)
		{
			double		x = cost[a];

			p->src[a] = r;
			p->dst[a] = nrow + c;
			p->cap[a] = LMCF_INF;
			if (isinf(x) && x > 0)
			{
				/* no lane: an arc that cannot carry flow */
				p->cap[a] = 0;
				p->cost[a] = 0.0;
				full = 0;
			}
			else if (!(fabs(x) <= LMCF_MAX_COST))
				p->bad_arc = 1;
			else if (fabs(x) > p->cmax)
				p->cmax = fabs(x);
		}
	}
	p->m = (int) g;
	p->grid_rows = nrow;
	p->grid_cols = ncol;
	p->grid_full = full;
	return 0;
}

/* Unlink node v from its parent's child list. */
static void
ChildRemove(LmcfProblem *p, int v)
{
	int			u = p->parent[v];

	if (p->prev[v] >= 0)
		p->next[p->prev[v]] = p->next[v];
	else
		p->child[u] = p->next[v];
	if (p->next[v] >= 0)
		p->prev[p->next[v]] = p->prev[v];
}

/* Make v the first child of u. */
static void
ChildAdd(LmcfProblem *p, int u, int v)
{
	p->parent[v] = u;
	p->prev[v] = -1;
	p->next[v] = p->child[u];
	if (p->child[u] >= 0)
		p->prev[p->child[u]] = v;
	p->child[u] = v;
}

/*
 * Depth and potential of every node of the subtree rooted at r, from r's
 * parent (tree arcs have zero reduced cost: pi[dst] = pi[src] + cost).
 * The pred arc's signed cost is kept by node (pcost), so the walk reads
 * node arrays only.
 */
static void
SubtreeUpdate(LmcfProblem *p, int r)
{
	int			top = 0;

	p->stack[top++] = r;
	while (top > 0)
	{
		int			v = p->stack[--top];
		int			u = p->parent[v];
		int			c;

		p->depth[v] = p->depth[u] + 1;
		p->pi[v] = p->pi[u] + p->pcost[v];
		for (c = p->child[v]; c >= 0; c = p->next[c])
			p->stack[top++] = c;
	}
}

/* Residual capacity of tree arc pred[v] when flow goes up from v. */
static inline int64_t
ResidualUp(const LmcfProblem *p, int v)
{
	int			a = p->pred[v];

	return p->src[a] == v ? p->cap[a] - p->flow[a] : p->flow[a];
}

/* ... and when flow goes down from parent[v] to v. */
static inline int64_t
ResidualDown(const LmcfProblem *p, int v)
{
	int			a = p->pred[v];

	return p->src[a] == v ? p->flow[a] : p->cap[a] - p->flow[a];
}

/*
 * One pivot on entering arc e.  Returns 0, or 1 if the cycle has no
 * blocking arc (unbounded).
 */
static int
Pivot(LmcfProblem *p, int e)
{
	int			first,
				second,
				u,
				v,
				join,
				out_node = -1,	/* node whose pred leaves; -1: e leaves */
				out_first = 0;	/* the leaving arc is on first's side */
	int64_t		delta,
				d;

	if (p->state[e] == STATE_LOWER)
	{
		first = p->src[e];
		second = p->dst[e];
	}
	else
	{
		first = p->dst[e];
		second = p->src[e];
	}
	/* the apex of the cycle */
	u = first;
	v = second;
	while (u != v)
	{
		if (p->depth[u] >= p->depth[v])
			u = p->parent[u];
		else
			v = p->parent[v];
	}
	join = u;

	/*
	 * Cunningham's rule: the last blocking arc met going round the cycle
	 * from the apex in the direction of the flow, that is down to first,
	 * across e, up from second.  Hence strict comparisons on first's side
	 * (the arc nearest first wins ties) and non-strict on second's.
	 */
	delta = p->cap[e];
	for (u = first; u != join; u = p->parent[u])
	{
		d = ResidualDown(p, u);
		if (d < delta)
		{
			delta = d;
			out_node = u;
			out_first = 1;
		}
	}
	for (u = second; u != join; u = p->parent[u])
	{
		d = ResidualUp(p, u);
		if (d <= delta)
		{
			delta = d;
			out_node = u;
			out_first = 0;
		}
	}
	if (delta >= LMCF_INF)
		return 1;

	/* move the flow */
	if (delta > 0)
	{
		p->flow[e] += p->state[e] == STATE_LOWER ? delta : -delta;
		for (u = first; u != join; u = p->parent[u])
		{
			int			a = p->pred[u];

			p->flow[a] += p->src[a] == u ? -delta : delta;
		}
		for (u = second; u != join; u = p->parent[u])
		{
			int			a = p->pred[u];

			p->flow[a] += p->src[a] == u ? delta : -delta;
		}
	}

	if (out_node < 0)
	{
		/* e goes from one bound to the other; the tree stays */
		p->state[e] = p->state[e] == STATE_LOWER ? STATE_UPPER : STATE_LOWER;
		return 0;
	}

	/*
	 * The subtree under out_node is cut off; the endpoint of e inside it
	 * (u_in) becomes its new root, hung from the other endpoint.
	 */
	{
		int			out_arc = p->pred[out_node];
		int			u_in = out_first ? first : second;
		int			v_in = out_first ? second : first;
		int			x = u_in,
					new_parent = v_in,
					new_pred = e;

		p->state[out_arc] = p->flow[out_arc] == 0 ? STATE_LOWER : STATE_UPPER;
		p->state[e] = STATE_TREE;
		/* reverse the stem u_in .. out_node */
		for (;;)
		{
			int			old_parent = p->parent[x];
			int			old_pred = p->pred[x];
			int			done = (x == out_node);

			ChildRemove(p, x);
			ChildAdd(p, new_parent, x);
			p->pred[x] = new_pred;
			p->pcost[x] = p->src[new_pred] == x ? -p->cost[new_pred]
				: p->cost[new_pred];
			if (done)
				break;
			new_parent = x;
			new_pred = old_pred;
			x = old_parent;
		}
		SubtreeUpdate(p, u_in);
	}
	return 0;
}

/*
 * Replace the artificial start by the forest of the flow given as k arcs
 * arc[0..k) with flows x[0..k), every other arc empty (see
 * lmcf_solve_from); returns 0, or -1 when the flow does not qualify (the
 * tree may then be half rebuilt: the caller starts over).  Work is O(m)
 * only in two memsets, otherwise O(n + k).  The scratch arrays belong to p
 * (freed by lmcf_free), so an interrupt that longjmps out leaks nothing.
 */
static int
StartFromFlow(LmcfProblem *p, int k, const int *arc, const int64_t *x,
			  double big)
{
	int			n = p->n,
				m = p->m,
				root = n,
				a,
				i,
				t;
	int		   *deg,
			   *adj,
			   *queue = p->stack,	/* free until the pivots */
			   *seen;
	int64_t    *excess;

	/* sized for the largest problem p was created for, on first use */
	if (p->deg == NULL)
	{
		p->deg = malloc(sizeof(int) * ((size_t) p->n_cap + 2));
		p->adj = malloc(sizeof(int) * (2 * (size_t) p->m_cap + 1));
		p->seen = malloc(sizeof(int) * ((size_t) p->n_cap + 1));
		p->excess = malloc(sizeof(int64_t) * ((size_t) p->n_cap + 1));
		if (!p->deg || !p->adj || !p->seen || !p->excess)
			return -1;
	}
	deg = p->deg;
	adj = p->adj;
	seen = p->seen;
	excess = p->excess;
	memset(deg, 0, sizeof(int) * ((size_t) n + 2));
	memset(seen, 0, sizeof(int) * ((size_t) n + 1));
	memset(p->flow, 0, sizeof(int64_t) * (size_t) m);
	memset(p->state, STATE_LOWER, (size_t) m);

	/* a feasible flow? (an arc listed twice does not qualify) */
	for (i = 0; i < n; i++)
		excess[i] = p->supply[i];
	for (t = 0; t < k; t++)
	{
		a = arc[t];
		if (a < 0 || a >= m || x[t] < 0 || x[t] > p->cap[a] ||
			(x[t] > 0 && p->flow[a] != 0))
			return -1;
		p->flow[a] = x[t];
		excess[p->src[a]] -= x[t];
		excess[p->dst[a]] += x[t];
		if (x[t] > 0 && x[t] < p->cap[a])
		{
			deg[p->src[a] + 1]++;
			deg[p->dst[a] + 1]++;
		}
		else if (x[t] > 0)
			p->state[a] = STATE_UPPER;
	}
	for (i = 0; i < n; i++)
		if (excess[i] != 0)
			return -1;
	for (i = 0; i < n; i++)
		deg[i + 1] += deg[i];
	for (t = 0; t < k; t++)
	{
		a = arc[t];
		if (x[t] > 0 && x[t] < p->cap[a])
		{
			adj[deg[p->src[a]]++] = a;
			adj[deg[p->dst[a]]++] = a;
		}
	}
	for (i = n; i > 0; i--)
		deg[i] = deg[i - 1];
	deg[0] = 0;

	/* the forest by breadth-first search; a cycle disqualifies the flow */
	p->child[root] = -1;
	for (i = 0; i < n; i++)
	{
		int			head = 0,
					tail = 0;

		if (seen[i])
			continue;
		/* i hangs from the root by its artificial arc, up, no flow */
		a = m + i;
		p->src[a] = i;
		p->dst[a] = root;
		p->state[a] = STATE_TREE;
		p->pred[i] = a;
		p->depth[i] = 1;
		p->pi[i] = -big;
		p->pcost[i] = -big;
		p->child[i] = -1;
		ChildAdd(p, root, i);
		seen[i] = 1;
		queue[tail++] = i;
		while (head < tail)
		{
			int			u = queue[head++],
						j;

			for (j = deg[u]; j < deg[u + 1]; j++)
			{
				int			e = adj[j],
							w = p->src[e] == u ? p->dst[e] : p->src[e];

				if (e == p->pred[u])
					continue;
				if (seen[w])
					return -1;	/* a cycle */
				seen[w] = 1;
				p->pred[w] = e;
				p->pcost[w] = p->src[e] == w ? -p->cost[e] : p->cost[e];
				p->depth[w] = p->depth[u] + 1;
				p->pi[w] = p->src[e] == w ? p->pi[u] - p->cost[e]
					: p->pi[u] + p->cost[e];
				p->child[w] = -1;
				ChildAdd(p, u, w);
				p->state[e] = STATE_TREE;
				queue[tail++] = w;
			}
		}
	}
	for (i = 0; i < n; i++)
	{
		p->flow[m + i] = 0;
		if (p->pred[i] != m + i)
		{
			p->state[m + i] = STATE_LOWER;
			p->src[m + i] = i;
			p->dst[m + i] = root;
		}
	}
	return 0;
}

/*
 * Pricing of grid arcs from .. to-1 (lmcf_add_grid, every one
 * uncapacitated, so out of the tree an arc is at its lower bound): the
 * reduced costs of a row are cost + pi[row] - pi[nrow + col], read
 * contiguously, with the same arithmetic as the general loop.  Tree arcs
 * (reduced cost zero up to rounding) are skipped by their state.
 */
static inline void
PriceGrid(const LmcfProblem *p, int from, int to, double *best_v, int *best)
{
	int			ncol = p->grid_cols,
				r = from / ncol,
				a = from;
	const double *pc = p->pi + p->grid_rows;
	double		bv = *best_v;
	int			b = *best;

	while (a < to)
	{
		int			row_end = (r + 1) * ncol,
					end = row_end < to ? row_end : to;
		const double *c = p->cost;
		const double *pcr = pc - (size_t) r * ncol;	/* pcr[a]: column's pi */
		double		pr = p->pi[r];

		for (; a < end; a++)
		{
			double		v = c[a] + pr - pcr[a];

			if (v < bv && p->state[a] != STATE_TREE)
			{
				bv = v;
				b = a;
			}
		}
		r++;
	}
	*best_v = bv;
	*best = b;
}

/*
 * The network simplex from the artificial start, or from the flow of k
 * arcs (StartFromFlow) when arc is not NULL.
 */
static LmcfStatus
Solve(LmcfProblem *p, int k, const int *arc, const int64_t *x,
	  LmcfInterrupt interrupt, void *arg)
{
	int			n = p->n,
				m = p->m,
				na = m + n,
				root = n,
				i,
				a,
				block,
				gblock,
				grid,
				next_arc = 0;
	double		cmax = 0.0,
				big,
				eps;
	int64_t		total = 0;
	long		priced = 0;

	/* check the limits */
	for (i = 0; i < n; i++)
	{
		if (p->supply[i] > LMCF_MAX_FLOW || p->supply[i] < -LMCF_MAX_FLOW)
			return LMCF_BAD_INPUT;
		total += p->supply[i];
	}
	if (total != 0)
		return LMCF_BAD_INPUT;
	if (p->bad_arc)
		return LMCF_BAD_INPUT;
	cmax = p->cmax;
	big = ((double) n + 1.0) * (cmax + 1.0);
	eps = 1e-12 * (cmax + 1.0);

	/* the artificial start (StartFromFlow sets every real arc itself) */
	if (arc == NULL)
		for (a = 0; a < m; a++)
		{
			p->flow[a] = 0;
			p->state[a] = STATE_LOWER;
		}
	p->parent[root] = -1;
	p->pred[root] = -1;
	p->depth[root] = 0;
	p->pi[root] = 0.0;
	p->child[root] = -1;
	for (i = 0; i < n; i++)
	{
		a = m + i;
		p->cap[a] = LMCF_INF;
		p->cost[a] = big;
		p->state[a] = STATE_TREE;
		if (p->supply[i] >= 0)
		{
			p->src[a] = i;
			p->dst[a] = root;
			p->flow[a] = p->supply[i];
			p->pi[i] = -big;
			p->pcost[i] = -big;
		}
		else
		{
			p->src[a] = root;
			p->dst[a] = i;
			p->flow[a] = -p->supply[i];
			p->pi[i] = big;
			p->pcost[i] = big;
		}
		p->pred[i] = a;
		p->depth[i] = 1;
		p->child[i] = -1;
		ChildAdd(p, root, i);
	}

	if (arc != NULL && StartFromFlow(p, k, arc, x, big) != 0)
	{
		/* no such start: StartFromFlow may have half-built a tree */
		return Solve(p, 0, NULL, NULL, interrupt, arg);
	}

	/*
	 * Block search over all arcs, artificial ones included.  Tree arcs
	 * have state 0, so state * reduced cost never beats -eps for them.
	 * The grid of an lmcf_add_grid without missing arcs is priced in
	 * blocks of whole rows, about as long as the others.
	 */
	block = (int) sqrt((double) na);
	if (block < 10)
		block = 10;
	grid = p->grid_full ? p->grid_rows * p->grid_cols : 0;
	gblock = p->grid_cols > 0 ? (block / p->grid_cols + (block < p->grid_cols)) * p->grid_cols : 0;
	p->pivots = 0;
	for (;;)
	{
		const int  *src = p->src,
				   *dst = p->dst;
		const double *cost = p->cost,
				   *pi = p->pi;
		const signed char *state = p->state;
		int			best = -1,
					scanned = 0;
		double		best_v = -eps;

		while (scanned < na)
		{
			int			end;

			if (next_arc < grid)
				end = next_arc + gblock < grid ? next_arc + gblock : grid;
			else
				end = next_arc + block < na ? next_arc + block : na;
			if (end - next_arc > na - scanned)
				end = next_arc + (na - scanned);
			scanned += end - next_arc;
			if (next_arc < grid)
				PriceGrid(p, next_arc, end, &best_v, &best);
			else
				for (a = next_arc; a < end; a++)
				{
					double		v = state[a] * (cost[a] + pi[src[a]] - pi[dst[a]]);

					if (v < best_v)
					{
						best_v = v;
						best = a;
					}
				}
			next_arc = end == na ? 0 : end;
			if (best >= 0)
				break;
		}
		priced += scanned;
		if (interrupt != NULL && priced >= 65536)
		{
			interrupt(arg);
			priced = 0;
		}
		if (best < 0)
			break;
		if (Pivot(p, best))
			return LMCF_UNBOUNDED;
		p->pivots++;
	}

	for (i = 0; i < n; i++)
		if (p->flow[m + i] != 0)
			return LMCF_INFEASIBLE;

	return LMCF_OPTIMAL;
}

LmcfStatus
lmcf_solve(LmcfProblem *p, LmcfInterrupt interrupt, void *arg)
{
	return Solve(p, 0, NULL, NULL, interrupt, arg);
}

LmcfStatus
lmcf_solve_from_list(LmcfProblem *p, int k, const int *arc,
					 const int64_t *flow, LmcfInterrupt interrupt, void *arg)
{
	return Solve(p, k, arc, flow, interrupt, arg);
}

LmcfStatus
lmcf_solve_from(LmcfProblem *p, const int64_t *x0, LmcfInterrupt interrupt,
				void *arg)
{
	int			a,
				k = 0;

	if (x0 == NULL)
		return Solve(p, 0, NULL, NULL, interrupt, arg);
	/* the nonzero arcs as a list, with their flows, on first use */
	if (p->list == NULL)
	{
		p->list = malloc(sizeof(int) * ((size_t) p->m_cap + 1));
		p->list_flow = malloc(sizeof(int64_t) * ((size_t) p->m_cap + 1));
		if (p->list == NULL || p->list_flow == NULL)
			return LMCF_NO_MEMORY;
	}
	for (a = 0; a < p->m; a++)
		if (x0[a] != 0)
		{
			p->list[k] = a;
			p->list_flow[k++] = x0[a];
		}
	return Solve(p, k, p->list, p->list_flow, interrupt, arg);
}

int
lmcf_tree_arcs(const LmcfProblem *p, int *arcs)
{
	int			i,
				k = 0;

	for (i = 0; i < p->n; i++)
		if (p->pred[i] < p->m)
			arcs[k++] = p->pred[i];
	return k;
}

int64_t
lmcf_flow(const LmcfProblem *p, int a)
{
	return p->flow[a];
}

const int64_t *
lmcf_flows(const LmcfProblem *p)
{
	return p->flow;
}

/* The objective, with a compensated sum. */
double
lmcf_objective(const LmcfProblem *p)
{
	double		s = 0.0,
				comp = 0.0;
	int			a;

	for (a = 0; a < p->m; a++)
	{
		if (p->flow[a] != 0)
		{
			double		t = (double) p->flow[a] * p->cost[a] - comp;
			double		z = s + t;

			comp = (z - s) - t;
			s = z;
		}
	}
	return s;
}

double
lmcf_potential(const LmcfProblem *p, int i)
{
	return p->pi[i];
}

long
lmcf_pivots(const LmcfProblem *p)
{
	return p->pivots;
}

int
lmcf_decimal_scale(const double *v, int n, int max_digits)
{
	int			k,
				i;
	double		f = 1.0;

	for (k = 0; k <= max_digits; k++, f *= 10.0)
	{
		for (i = 0; i < n; i++)
		{
			double		x = v[i] * f;
			double		tol = 8.0 * DBL_EPSILON * fabs(x);

			if (tol < 1e-9)
				tol = 1e-9;
			if (fabs(x - rint(x)) > tol)
				break;
		}
		if (i == n)
			return k;
	}
	return -1;
}
