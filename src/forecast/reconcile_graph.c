/*-------------------------------------------------------------------------
 *
 * reconcile_graph.c
 *	  Forecast reconciliation for grouped hierarchies: a node may have
 *	  several parents (SKU x warehouse under its warehouse and under its
 *	  SKU), so the nodes form a directed acyclic graph rather than a tree.
 *
 * Each aggregate is the sum of the distinct leaves below it; with the
 * summing matrix S (n x nb) that is y = S b.  The least-squares methods
 * give the same y~ = S (S'W^-1 S)^-1 S'W^-1 y^ as on a tree (reconcile.c,
 * Wickramasuriya, Athanasopoulos & Hyndman 2019, eq. 9), computed here in
 * the equivalent constraint form (the same paper, section 2.3; Hyndman &
 * Athanasopoulos, "Forecasting: principles and practice", 3rd ed.,
 * section 11.3): with C (na x n) the constraints "aggregate a minus the
 * sum of its leaves is zero",
 *
 *		y~ = y^ - W C' (C W C')^-1 C y^
 *		Var(y~) = W - W C' (C W C')^-1 C W	(= S (S'W^-1 S)^-1 S')
 *
 * W is diag(d) + V V' (V = 0 except for mint_shrink, whose
 * V = sqrt((1 - lambda) / T) E).  C W C' is na x na, so the cost is
 * O(na^3 + na^2 T + na T^2 + sum over leaves of (aggregates above it)^2)
 * once and O(na^2 + n T) per step, O(T^2) per node for the variances;
 * fine for grouped structures, whose aggregates (warehouses, SKUs,
 * categories) are few next to the bottom series.
 * Trees go through the O(n) tree elimination of reconcile.c instead.
 *
 *-------------------------------------------------------------------------
 */
#include "reconcile.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RC_CHECK_EVERY	64

void
rc_graph_free(RcGraph *g, const RcEnv *env)
{
	rc_free(env, g->bottom);
	rc_free(env, g->agg);
	rc_free(env, g->cstart);
	rc_free(env, g->cover);
	memset(g, 0, sizeof(*g));
}

/*
 * A node on a cycle, from a node that is not done: every such node has a
 * child that is not done, so following them must come back to a node
 * already seen.
 */
static int
GraphNodeOnCycle(const int *cstart, const int *child, const int *done,
				 int *seen, int start)
{
	int			v = start;

	while (!seen[v])
	{
		int			k;

		seen[v] = 1;
		for (k = cstart[v]; k < cstart[v + 1]; k++)
			if (!done[child[k]])
				break;
		v = child[k];
	}
	return v;
}

/* Scratch arrays of rc_graph_build, n (+ 1) ints each */
typedef struct GraphScratch
{
	int		   *nchild;			/* children per node; later a fill cursor */
	int		   *cstart;			/* children lists (CSR) */
	int		   *child;
	int		   *order;			/* a queue of nodes */
	int		   *done;
	int		   *stamp;
	int		   *leafidx;		/* index among the leaves, or -1 */
	int		   *aggidx;			/* index among the aggregates, or -1 */
} GraphScratch;

/*
 * Parents in range and not repeated, exactly one node without parents
 * (g->root); counts the children of each node in w->nchild.
 */
static int
GraphCheckParents(const int *pstart, const int *plist, int n, RcGraph *g,
				  GraphScratch *w, int *bad, char *errbuf, size_t errlen)
{
	int			i,
				k;

	memset(w->nchild, 0, sizeof(int) * ((size_t) n + 1));
	for (i = 0; i < n; i++)
		w->stamp[i] = -1;
	for (i = 0; i < n; i++)
	{
		if (pstart[i] == pstart[i + 1])
		{
			if (g->root >= 0)
			{
				*bad = i;
				snprintf(errbuf, errlen,
						 "nodes %d and %d both have no parent", g->root, i);
				return RC_EROOT;
			}
			g->root = i;
		}
		for (k = pstart[i]; k < pstart[i + 1]; k++)
		{
			int			p = plist[k];

			if (p < 0 || p >= n)
			{
				*bad = i;
				snprintf(errbuf, errlen,
						 "parent %d of node %d is out of range", p, i);
				return RC_EINVAL;
			}
			if (p == i)
			{
				*bad = i;
				snprintf(errbuf, errlen, "node %d is its own parent", i);
				return RC_ECYCLE;
			}
			if (w->stamp[p] == i)
			{
				*bad = i;
				snprintf(errbuf, errlen,
						 "node %d lists parent %d more than once", i, p);
				return RC_EINVAL;
			}
			w->stamp[p] = i;
			w->nchild[p]++;
		}
	}
	if (g->root < 0)
	{
		/* every node has a parent: there is a cycle somewhere */
		*bad = 0;
		snprintf(errbuf, errlen, "every node has a parent, so the links form a cycle");
		return RC_ECYCLE;
	}
	return RC_OK;
}

/*
 * The children lists (CSR in w->cstart, w->child) from the child counts,
 * and a check that the links have no cycle: children before parents
 * (Kahn's algorithm on the reversed links), w->nchild[i] counting the
 * children of i not yet ordered.
 */
static int
GraphOrder(const int *pstart, const int *plist, int n, GraphScratch *w,
		   int *bad, char *errbuf, size_t errlen)
{
	int			i,
				k,
				head,
				tail;

	w->cstart[0] = 0;
	for (i = 0; i < n; i++)
		w->cstart[i + 1] = w->cstart[i] + w->nchild[i];
	for (i = 0; i < n; i++)
		w->nchild[i] = w->cstart[i];
	for (i = 0; i < n; i++)
		for (k = pstart[i]; k < pstart[i + 1]; k++)
			w->child[w->nchild[plist[k]]++] = i;

	head = tail = 0;
	for (i = 0; i < n; i++)
	{
		w->nchild[i] = w->cstart[i + 1] - w->cstart[i];
		w->done[i] = 0;
		if (w->nchild[i] == 0)
			w->order[tail++] = i;
	}
	while (head < tail)
	{
		int			v = w->order[head++];

		w->done[v] = 1;
		for (k = pstart[v]; k < pstart[v + 1]; k++)
			if (--w->nchild[plist[k]] == 0)
				w->order[tail++] = plist[k];
	}
	if (tail < n)
	{
		for (i = 0; i < n && w->done[i]; i++)
			;
		memset(w->stamp, 0, sizeof(int) * (size_t) n);
		*bad = GraphNodeOnCycle(w->cstart, w->child, w->done, w->stamp, i);
		snprintf(errbuf, errlen, "the links form a cycle through node %d",
				 *bad);
		return RC_ECYCLE;
	}
	return RC_OK;
}

/*
 * Leaves under each aggregate (g->cstart, g->cover): from each leaf, a
 * walk up through all its ancestors (stamp[] marks those reached from
 * this leaf, so a diamond counts once).  First pass counts, second fills;
 * leaves are visited in order, so each cover comes out ascending.
 */
static int
GraphCover(const int *pstart, const int *plist, int n, RcGraph *g,
		   GraphScratch *w, const RcEnv *env, char *errbuf, size_t errlen)
{
	size_t		total;
	int			i,
				j,
				k,
				pass,
				head,
				tail;

	for (pass = 0; pass < 2; pass++)
	{
		for (i = 0; i < n; i++)
			w->stamp[i] = -1;
		if (pass == 1)
		{
			for (k = 0; k < g->na; k++)
				g->cstart[k + 1] += g->cstart[k];
			total = (size_t) g->cstart[g->na];
			g->cover = rc_alloc(env, total, sizeof(int));
			if (g->cover == NULL)
			{
				snprintf(errbuf, errlen, "out of memory for %zu leaf links",
						 total);
				return RC_ENOMEM;
			}
			/* nchild[a]: next free slot of aggregate a */
			for (k = 0; k < g->na; k++)
				w->nchild[k] = g->cstart[k];
		}
		else
			memset(g->cstart, 0, sizeof(int) * ((size_t) g->na + 1));
		for (j = 0; j < g->nb; j++)
		{
			if (j % RC_CHECK_EVERY == 0)
				rc_interrupt(env);
			head = tail = 0;
			w->order[tail++] = g->bottom[j];
			w->stamp[g->bottom[j]] = j;
			while (head < tail)
			{
				int			v = w->order[head++];

				for (k = pstart[v]; k < pstart[v + 1]; k++)
				{
					int			p = plist[k];

					if (w->stamp[p] == j)
						continue;
					w->stamp[p] = j;
					w->order[tail++] = p;
					if (pass == 0)
					{
						if (g->cstart[w->aggidx[p] + 1] == INT_MAX)
						{
							snprintf(errbuf, errlen, "too many leaf links");
							return RC_ELENGTH;
						}
						g->cstart[w->aggidx[p] + 1]++;
					}
					else
						g->cover[w->nchild[w->aggidx[p]]++] = j;
				}
			}
		}
		if (pass == 0)
		{
			/* the running total must fit an int */
			total = 0;
			for (k = 0; k < g->na; k++)
				total += (size_t) g->cstart[k + 1];
			if (total > INT_MAX)
			{
				snprintf(errbuf, errlen,
						 "the hierarchy has %zu leaf links, more than %d",
						 total, INT_MAX);
				return RC_ELENGTH;
			}
		}
	}
	return RC_OK;
}

int
rc_graph_build(const int *pstart, const int *plist, int n, RcGraph *g,
			   int *bad, const RcEnv *env, char *errbuf, size_t errlen)
{
	GraphScratch w;
	int			i,
				rc;

	memset(g, 0, sizeof(*g));
	*bad = -1;
	g->n = n;
	g->root = -1;
	w.nchild = rc_alloc(env, (size_t) n + 1, sizeof(int));
	w.cstart = rc_alloc(env, (size_t) n + 1, sizeof(int));
	w.child = rc_alloc(env, (size_t) pstart[n], sizeof(int));
	w.order = rc_alloc(env, n, sizeof(int));
	w.done = rc_alloc(env, n, sizeof(int));
	w.stamp = rc_alloc(env, n, sizeof(int));
	w.leafidx = rc_alloc(env, n, sizeof(int));
	w.aggidx = rc_alloc(env, n, sizeof(int));
	if (!w.nchild || !w.cstart || !w.child || !w.order || !w.done ||
		!w.stamp || !w.leafidx || !w.aggidx)
	{
		snprintf(errbuf, errlen, "out of memory for %d nodes", n);
		rc = RC_ENOMEM;
		goto out;
	}

	rc = GraphCheckParents(pstart, plist, n, g, &w, bad, errbuf, errlen);
	if (rc == RC_OK)
		rc = GraphOrder(pstart, plist, n, &w, bad, errbuf, errlen);
	if (rc != RC_OK)
		goto out;

	/* leaves and aggregates in node order */
	for (i = 0; i < n; i++)
	{
		if (w.cstart[i + 1] == w.cstart[i])
		{
			w.leafidx[i] = g->nb++;
			w.aggidx[i] = -1;
		}
		else
		{
			w.leafidx[i] = -1;
			w.aggidx[i] = g->na++;
		}
	}
	g->bottom = rc_alloc(env, g->nb, sizeof(int));
	g->agg = rc_alloc(env, g->na, sizeof(int));
	g->cstart = rc_alloc(env, (size_t) g->na + 1, sizeof(int));
	if (!g->bottom || !g->agg || !g->cstart)
	{
		snprintf(errbuf, errlen, "out of memory for %d nodes", n);
		rc = RC_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
	{
		if (w.leafidx[i] >= 0)
			g->bottom[w.leafidx[i]] = i;
		else
			g->agg[w.aggidx[i]] = i;
	}
	rc = GraphCover(pstart, plist, n, g, &w, env, errbuf, errlen);
out:
	rc_free(env, w.nchild);
	rc_free(env, w.cstart);
	rc_free(env, w.child);
	rc_free(env, w.order);
	rc_free(env, w.done);
	rc_free(env, w.stamp);
	rc_free(env, w.leafidx);
	rc_free(env, w.aggidx);
	if (rc != RC_OK)
		rc_graph_free(g, env);
	return rc;
}

/* x[n] (stride xstride) from bottom values b[nb]: leaves b, aggregates sums */
static void
GraphAggregate(const RcGraph *g, const double *b, double *x, size_t xstride)
{
	int			a,
				j,
				k;

	for (j = 0; j < g->nb; j++)
		x[(size_t) g->bottom[j] * xstride] = b[j];
	for (a = 0; a < g->na; a++)
	{
		double		sum = 0.0;

		for (k = g->cstart[a]; k < g->cstart[a + 1]; k++)
			sum += b[g->cover[k]];
		x[(size_t) g->agg[a] * xstride] = sum;
	}
}

/* The least-squares methods' working set */
typedef struct GraphLs
{
	int			T;				/* columns of V (0: W diagonal) */
	double	   *d;				/* n: diagonal part of W */
	double	   *v;				/* n x T: W = diag(d) + V V' */
	double	   *cv;				/* na x T: C V */
	double	   *m;				/* na x na: C W C', then its Cholesky factor */
	int		   *astart;			/* nb + 1: aggregates above each leaf */
	int		   *anc;			/* cstart[na] of them */
	double	   *u;				/* na */
	double	   *w;				/* n */
	double	   *tv;				/* T */
} GraphLs;

static void
GraphLsFree(GraphLs *ls, const RcEnv *env)
{
	rc_free(env, ls->d);
	rc_free(env, ls->v);
	rc_free(env, ls->cv);
	rc_free(env, ls->m);
	rc_free(env, ls->astart);
	rc_free(env, ls->anc);
	rc_free(env, ls->u);
	rc_free(env, ls->w);
	rc_free(env, ls->tv);
}

/*
 * C W C' = diag(d_agg) + sum over leaves j of d_j 1_{anc(j)} 1_{anc(j)}'
 * + (C V)(C V)', factored.  ls->d, ls->v, ls->T are set.
 */
static int
GraphLsPrepare(const RcGraph *g, GraphLs *ls, const RcEnv *env,
			   char *errbuf, size_t errlen)
{
	int			na = g->na,
				nb = g->nb,
				T = ls->T;
	int			a,
				b,
				j,
				k,
				q,
				t;

	ls->cv = rc_alloc(env, (size_t) na * (T > 0 ? T : 1), sizeof(double));
	ls->m = rc_alloc(env, (size_t) na * na, sizeof(double));
	ls->astart = rc_alloc(env, (size_t) nb + 1, sizeof(int));
	ls->anc = rc_alloc(env, (size_t) g->cstart[na], sizeof(int));
	ls->u = rc_alloc(env, na, sizeof(double));
	ls->w = rc_alloc(env, g->n, sizeof(double));
	ls->tv = rc_alloc(env, T > 0 ? T : 1, sizeof(double));
	if (!ls->cv || !ls->m || !ls->astart || !ls->anc || !ls->u || !ls->w ||
		!ls->tv)
	{
		snprintf(errbuf, errlen,
				 "out of memory for a grouped hierarchy with %d aggregates",
				 na);
		return RC_ENOMEM;
	}

	/* aggregates above each leaf (the transpose of the covers) */
	memset(ls->astart, 0, sizeof(int) * ((size_t) nb + 1));
	for (k = 0; k < g->cstart[na]; k++)
		ls->astart[g->cover[k] + 1]++;
	for (j = 0; j < nb; j++)
		ls->astart[j + 1] += ls->astart[j];
	for (j = 0; j < nb; j++)
		ls->w[j] = ls->astart[j];	/* next free slot (w as scratch) */
	for (a = 0; a < na; a++)
		for (k = g->cstart[a]; k < g->cstart[a + 1]; k++)
			ls->anc[(int) ls->w[g->cover[k]]++] = a;

	memset(ls->m, 0, sizeof(double) * (size_t) na * na);
	for (a = 0; a < na; a++)
		ls->m[(size_t) a * na + a] = ls->d[g->agg[a]];
	for (j = 0; j < nb; j++)
	{
		double		dj = ls->d[g->bottom[j]];

		if (j % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		for (k = ls->astart[j]; k < ls->astart[j + 1]; k++)
			for (q = ls->astart[j]; q < ls->astart[j + 1]; q++)
				ls->m[(size_t) ls->anc[k] * na + ls->anc[q]] += dj;
	}
	if (T > 0)
	{
		for (a = 0; a < na; a++)
		{
			double	   *row = ls->cv + (size_t) a * T;

			if (a % RC_CHECK_EVERY == 0)
				rc_interrupt(env);
			memcpy(row, ls->v + (size_t) g->agg[a] * T, sizeof(double) * T);
			for (k = g->cstart[a]; k < g->cstart[a + 1]; k++)
			{
				const double *vj = ls->v + (size_t) g->bottom[g->cover[k]] * T;

				for (t = 0; t < T; t++)
					row[t] -= vj[t];
			}
		}
		for (a = 0; a < na; a++)
		{
			const double *ra = ls->cv + (size_t) a * T;

			if (a % RC_CHECK_EVERY == 0)
				rc_interrupt(env);
			for (b = 0; b <= a; b++)
			{
				const double *rb = ls->cv + (size_t) b * T;
				double		sum = 0.0;

				for (t = 0; t < T; t++)
					sum += ra[t] * rb[t];
				ls->m[(size_t) a * na + b] += sum;
				if (b != a)
					ls->m[(size_t) b * na + a] += sum;
			}
		}
	}
	if (rc_cholesky(ls->m, na) != 0)
	{
		snprintf(errbuf, errlen,
				 "the weight matrix of the grouped hierarchy is not positive definite");
		return RC_ESINGULAR;
	}
	return RC_OK;
}

/* y~ = y^ - W C' (C W C')^-1 C y^ for one step (stride h) */
static void
GraphLsFit(const RcGraph *g, GraphLs *ls, const double *y, size_t stride,
		   double *out)
{
	int			na = g->na,
				T = ls->T;
	int			a,
				i,
				j,
				k,
				t;

	for (a = 0; a < na; a++)
	{
		double		r = y[(size_t) g->agg[a] * stride];

		for (k = g->cstart[a]; k < g->cstart[a + 1]; k++)
			r -= y[(size_t) g->bottom[g->cover[k]] * stride];
		ls->u[a] = r;
	}
	rc_forward_solve(ls->m, na, ls->u);
	rc_back_solve(ls->m, na, ls->u);
	/* w = C' u */
	for (a = 0; a < na; a++)
		ls->w[g->agg[a]] = ls->u[a];
	for (j = 0; j < g->nb; j++)
	{
		double		sum = 0.0;

		for (k = ls->astart[j]; k < ls->astart[j + 1]; k++)
			sum += ls->u[ls->anc[k]];
		ls->w[g->bottom[j]] = -sum;
	}
	/* V' w */
	for (t = 0; t < T; t++)
		ls->tv[t] = 0.0;
	for (i = 0; i < g->n && T > 0; i++)
	{
		const double *vi = ls->v + (size_t) i * T;

		if (ls->w[i] != 0.0)
			for (t = 0; t < T; t++)
				ls->tv[t] += vi[t] * ls->w[i];
	}
	for (i = 0; i < g->n; i++)
	{
		double		corr = ls->d[i] * ls->w[i];

		for (t = 0; t < T; t++)
			corr += ls->v[(size_t) i * T + t] * ls->tv[t];
		out[(size_t) i * stride] = y[(size_t) i * stride] - corr;
	}
}

/*
 * var_i = W_ii - (C W)_{:,i}' M^-1 (C W)_{:,i}, M = C W C', with
 * (C W)_{:,i} = d_i c_i + (C V) v_i (c_i: column i of C, sparse; v_i: row
 * i of V).  Expanded with Minv = M^-1, P = Minv (C V) and G = (C V)' P:
 *
 *		d_i^2 c_i' Minv c_i + 2 d_i (c_i' P) v_i + v_i' G v_i
 *
 * which costs O(na^3 + na^2 T) once and O((aggregates above i)^2 + T^2)
 * per node, instead of a dense triangular solve per node.
 */
static int
GraphLsVariance(const RcGraph *g, GraphLs *ls, const int *aggof,
				const int *leafof, double *var, const RcEnv *env,
				char *errbuf, size_t errlen)
{
	int			na = g->na,
				T = ls->T;
	double	   *minv,
			   *p = NULL,
			   *gm = NULL;
	int			a,
				b,
				i,
				k,
				q,
				t,
				u;

	minv = rc_alloc(env, (size_t) na * na, sizeof(double));
	if (T > 0)
	{
		p = rc_alloc(env, (size_t) na * T, sizeof(double));
		gm = rc_alloc(env, (size_t) T * T, sizeof(double));
	}
	if (minv == NULL || (T > 0 && (p == NULL || gm == NULL)))
	{
		rc_free(env, minv);
		rc_free(env, p);
		rc_free(env, gm);
		snprintf(errbuf, errlen,
				 "out of memory for the variances of %d aggregates", na);
		return RC_ENOMEM;
	}
	/* Minv column by column from the Cholesky factor (symmetric) */
	for (a = 0; a < na; a++)
	{
		if (a % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		for (b = 0; b < na; b++)
			ls->u[b] = (b == a);
		rc_forward_solve(ls->m, na, ls->u);
		rc_back_solve(ls->m, na, ls->u);
		for (b = 0; b < na; b++)
			minv[(size_t) b * na + a] = ls->u[b];
	}
	if (T > 0)
	{
		memset(p, 0, sizeof(double) * (size_t) na * T);
		for (a = 0; a < na; a++)
		{
			double	   *pa = p + (size_t) a * T;

			if (a % RC_CHECK_EVERY == 0)
				rc_interrupt(env);
			for (b = 0; b < na; b++)
			{
				double		mab = minv[(size_t) a * na + b];
				const double *cb = ls->cv + (size_t) b * T;

				for (t = 0; t < T; t++)
					pa[t] += mab * cb[t];
			}
		}
		memset(gm, 0, sizeof(double) * (size_t) T * T);
		for (a = 0; a < na; a++)
		{
			const double *ca = ls->cv + (size_t) a * T;
			const double *pa = p + (size_t) a * T;

			for (t = 0; t < T; t++)
				for (u = 0; u < T; u++)
					gm[(size_t) t * T + u] += ca[t] * pa[u];
		}
	}

	for (i = 0; i < g->n; i++)
	{
		const double *vi = T > 0 ? ls->v + (size_t) i * T : NULL;
		double		di = ls->d[i],
					wii = di,
					quad = 0.0;

		if (i % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		/* c_i' Minv c_i and c_i' P (into ls->tv) */
		for (t = 0; t < T; t++)
			ls->tv[t] = 0.0;
		if (aggof[i] >= 0)
		{
			a = aggof[i];
			quad = di * di * minv[(size_t) a * na + a];
			for (t = 0; t < T; t++)
				ls->tv[t] = p[(size_t) a * T + t];
		}
		else
		{
			int			j = leafof[i];
			double		s = 0.0;

			for (k = ls->astart[j]; k < ls->astart[j + 1]; k++)
			{
				a = ls->anc[k];
				for (q = ls->astart[j]; q < ls->astart[j + 1]; q++)
					s += minv[(size_t) a * na + ls->anc[q]];
				for (t = 0; t < T; t++)
					ls->tv[t] -= p[(size_t) a * T + t];
			}
			quad = di * di * s;
		}
		for (t = 0; t < T; t++)
		{
			double		gv = 0.0;

			for (u = 0; u < T; u++)
				gv += gm[(size_t) t * T + u] * vi[u];
			wii += vi[t] * vi[t];
			quad += (2.0 * di * ls->tv[t] + gv) * vi[t];
		}
		var[i] = wii - quad;
		if (var[i] < 0.0)
			var[i] = 0.0;		/* rounding of a (near) exact forecast */
	}
	rc_free(env, minv);
	rc_free(env, p);
	rc_free(env, gm);
	return RC_OK;
}

int
rc_graph_reconcile(const RcGraph *g, int method, int h, const double *base,
				   const double *resid, int nres, const double *hist,
				   int nhist, double z, double *out, double *lower,
				   double *upper, double *lambda, const RcEnv *env,
				   char *errbuf, size_t errlen)
{
	int			n = g->n;
	int			i,
				j,
				s,
				rc;
	double	   *b = NULL,
			   *var = NULL,
			   *s2 = NULL,
			   *gram = NULL;
	int		   *aggof = NULL,
			   *leafof = NULL;
	GraphLs		ls;

	*lambda = NAN;
	memset(&ls, 0, sizeof(ls));
	rc = rc_check_inputs(method, n, h, base, resid, nres, hist, nhist,
						 errbuf, errlen);
	if (rc != RC_OK)
		return rc;
	b = rc_alloc(env, (size_t) n, sizeof(double));
	var = rc_alloc(env, (size_t) n, sizeof(double));
	s2 = rc_alloc(env, (size_t) n, sizeof(double));
	aggof = rc_alloc(env, (size_t) n, sizeof(int));
	leafof = rc_alloc(env, (size_t) n, sizeof(int));
	if (!b || !var || !s2 || !aggof || !leafof)
	{
		snprintf(errbuf, errlen, "out of memory for %d nodes", n);
		rc = RC_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		aggof[i] = leafof[i] = -1;
	for (i = 0; i < g->na; i++)
		aggof[g->agg[i]] = i;
	for (j = 0; j < g->nb; j++)
		leafof[g->bottom[j]] = j;

	switch (method)
	{
		case RC_BOTTOM_UP:
			for (s = 0; s < h; s++)
			{
				for (j = 0; j < g->nb; j++)
					b[j] = base[(size_t) g->bottom[j] * h + s];
				GraphAggregate(g, b, out + s, h);
			}
			break;
		case RC_TOP_DOWN:
		case RC_TOP_DOWN_GSA:
			rc = rc_top_down_proportions(g->nb, g->bottom, method, hist,
										 nhist, var, errbuf, errlen);
			if (rc != RC_OK)
				break;
			for (s = 0; s < h; s++)
			{
				double		top = base[(size_t) g->root * h + s];

				for (j = 0; j < g->nb; j++)
					b[j] = var[j] * top;
				GraphAggregate(g, b, out + s, h);
			}
			break;
		default:
			/* the least-squares methods: W = diag(d) + V V' */
			ls.d = rc_alloc(env, (size_t) n, sizeof(double));
			if (ls.d == NULL)
			{
				snprintf(errbuf, errlen, "out of memory for %d nodes", n);
				rc = RC_ENOMEM;
				break;
			}
			if (method == RC_WLS_VAR || method == RC_MINT_SHRINK)
			{
				rc = rc_second_moments(method, resid, n, nres, s2, errbuf,
									   errlen);
				if (rc != RC_OK)
					break;
			}
			for (i = 0; i < n; i++)
				ls.d[i] = method == RC_OLS ? 1.0 :
					method == RC_WLS_STRUCT ?
					(aggof[i] >= 0 ? g->cstart[aggof[i] + 1] -
					 g->cstart[aggof[i]] : 1.0) :
					s2[i];
			if (method == RC_MINT_SHRINK)
			{
				double		c;

				gram = rc_alloc(env, (size_t) nres * nres + 2 * (size_t) nres,
								sizeof(double));
				ls.v = rc_alloc(env, (size_t) n * nres, sizeof(double));
				if (gram == NULL || ls.v == NULL)
				{
					snprintf(errbuf, errlen,
							 "out of memory for %d residuals per node", nres);
					rc = RC_ENOMEM;
					break;
				}
				*lambda = rc_shrink_intensity(resid, s2, n, nres, gram, env);
				if (!(*lambda > 0.0))
				{
					snprintf(errbuf, errlen,
							 "mint_shrink: the shrinkage intensity is 0, so the covariance of %d residuals per node is singular for %d nodes",
							 nres, n);
					rc = RC_ESINGULAR;
					break;
				}
				c = sqrt((1.0 - *lambda) / nres);
				for (i = 0; i < n; i++)
					ls.d[i] = *lambda * s2[i];
				for (j = 0; j < n * nres; j++)
					ls.v[j] = c * resid[j];
				ls.T = nres;
			}
			rc = GraphLsPrepare(g, &ls, env, errbuf, errlen);
			if (rc != RC_OK)
				break;
			for (s = 0; s < h; s++)
			{
				rc_interrupt(env);
				GraphLsFit(g, &ls, base + s, h, out + s);
			}
			if ((method == RC_WLS_VAR || method == RC_MINT_SHRINK) &&
				lower && upper)
				rc = GraphLsVariance(g, &ls, aggof, leafof, var, env, errbuf,
									 errlen);
			break;
	}
	if (rc == RC_OK && lower && upper)
		rc_bounds(n, h, out,
				  method == RC_WLS_VAR || method == RC_MINT_SHRINK ?
				  var : NULL, z, lower, upper);
out:
	GraphLsFree(&ls, env);
	rc_free(env, b);
	rc_free(env, var);
	rc_free(env, s2);
	rc_free(env, gram);
	rc_free(env, aggof);
	rc_free(env, leafof);
	return rc;
}
