/*-------------------------------------------------------------------------
 *
 * reconcile.c
 *	  Forecast reconciliation on a tree of series (see reconcile.h).
 *
 * Every method returns y~ = S b for bottom-level values b, where S is the
 * summing matrix (node i covers the leaves lo[i] .. hi[i]-1).  The
 * least-squares methods choose
 *
 *		b = argmin (y^ - S b)' W^-1 (y^ - S b) = (S'W^-1 S)^-1 S'W^-1 y^
 *
 * (Wickramasuriya, Athanasopoulos & Hyndman 2019, eq. 9) for
 *		ols          W = I
 *		wls_struct   W = diag(S 1), the number of leaves under each node
 *		wls_var      W = diag of the residual second moments
 *		mint_shrink  W = lambda diag(Sigma) + (1 - lambda) Sigma, with
 *		             Sigma = E'E / T and the Schaefer-Strimmer intensity
 *		             lambda of R hts / fable.
 *
 * Nothing here forms S or an n x n matrix.  For a diagonal W the problem
 * is a Gaussian model on a tree: node i's base forecast observes
 * x_i = sum of its children's x with precision 1/W_ii.  One pass from the
 * leaves up summarises each subtree as a quadratic a_i (x - m_i)^2 (the
 * cost of the subtree as a function of its total); a pass down splits each
 * total among the children in proportion to 1/a_c.  That is O(n) per step
 * and exact, and the same passes give the posterior variance of each x_i.
 *
 * For mint_shrink W = D + V V' with D = lambda diag(Sigma) and the n x T
 * matrix V = sqrt((1 - lambda) / T) E (E = residuals).  The GLS problem
 * with this W equals min over b and z of
 * |y^ - S b - V z|^2_{D^-1} + |z|^2 (integrating out a latent z ~ N(0, I)),
 * so with f() the diagonal-W fit above and R = V - f(V):
 *
 *		(I + R'D^-1 R) z = R'D^-1 (y^ - f(y^)),		y~ = f(y^) - f(V) z
 *
 * which costs T tree passes and O(n T^2) for the T x T system.  The
 * intensity lambda needs sums over all node pairs; they are computed from
 * the T x T Gram matrix of the scaled residuals, also O(n T^2).
 *
 *-------------------------------------------------------------------------
 */
#include "reconcile.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Interrupt checks every so many nodes in the O(n T^2) loops */
#define RC_CHECK_EVERY	64

static const char *const method_names[] = {
	"bottom_up", "top_down", "top_down_gsa", "ols", "wls_struct",
	"wls_var", "mint_shrink"
};

int
rc_method_parse(const char *name)
{
	int			i;

	for (i = 0; i < (int) (sizeof(method_names) / sizeof(method_names[0])); i++)
		if (strcmp(name, method_names[i]) == 0)
			return i;
	return -1;
}

const char *
rc_method_name(int method)
{
	if (method < 0 || method > RC_MINT_SHRINK)
		return "?";
	return method_names[method];
}

int
rc_method_needs_residuals(int method)
{
	return method == RC_WLS_VAR || method == RC_MINT_SHRINK;
}

int
rc_method_needs_history(int method)
{
	return method == RC_TOP_DOWN || method == RC_TOP_DOWN_GSA;
}

void *
rc_alloc(const RcEnv *env, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	if (count == 0)
		count = 1;
	if (env && env->alloc)
		return env->alloc(count * size, env->alloc_arg);
	return malloc(count * size);
}

void
rc_free(const RcEnv *env, void *p)
{
	if (p == NULL)
		return;
	if (env && env->release)
		env->release(p, env->alloc_arg);
	else
		free(p);
}

void
rc_interrupt(const RcEnv *env)
{
	if (env && env->interrupt)
		env->interrupt(env->interrupt_arg);
}

void
rc_tree_free(RcTree *tree, const RcEnv *env)
{
	rc_free(env, tree->order);
	rc_free(env, tree->lo);
	rc_free(env, tree->hi);
	rc_free(env, tree->bottom);
	rc_free(env, tree->first_child);
	rc_free(env, tree->next_sibling);
	memset(tree, 0, sizeof(*tree));
}

/* A node on a cycle, found by walking up from a node the root never reached */
static int
NodeOnCycle(const int *parent, int n, int start, int *mark)
{
	int			v = start;

	memset(mark, 0, sizeof(int) * (size_t) n);
	while (v >= 0 && !mark[v])
	{
		mark[v] = 1;
		v = parent[v];
	}
	return v >= 0 ? v : start;
}

/*
 * Check the parent indexes and find the root: RC_OK with *root (-1 when
 * every node has a parent, i.e. the links form a cycle), or an error with
 * the offending node in *bad.
 */
static int
TreeCheckParents(const int *parent, int n, int *root, int *bad,
				 char *errbuf, size_t errlen)
{
	int			i;

	*root = -1;
	for (i = 0; i < n; i++)
	{
		if (parent[i] < -1 || parent[i] >= n)
		{
			*bad = i;
			snprintf(errbuf, errlen, "node %d has a parent index out of range", i);
			return RC_EINVAL;
		}
		if (parent[i] == i)
		{
			*bad = i;
			snprintf(errbuf, errlen, "node %d is its own parent (a cycle)", i);
			return RC_ECYCLE;
		}
		if (parent[i] == -1)
		{
			if (*root >= 0)
			{
				*bad = i;
				snprintf(errbuf, errlen,
						 "the hierarchy has two roots (nodes without parent): %d and %d",
						 *root, i);
				return RC_EROOT;
			}
			*root = i;
		}
	}
	return RC_OK;
}

/*
 * Children lists in input order, then the preorder from the root by an
 * explicit stack (children pushed in reverse so that they come out in
 * input order); leaves are numbered as met.  Returns the number of nodes
 * reached; tree->nb gets the number of leaves.
 */
static int
TreePreorder(RcTree *tree, int *stack)
{
	const int  *parent = tree->parent;
	int			n = tree->n,
				i,
				top = 0,
				count = 0,
				leaves = 0;

	for (i = 0; i < n; i++)
		tree->first_child[i] = tree->next_sibling[i] = -1;
	for (i = n - 1; i >= 0; i--)
	{
		if (parent[i] < 0)
			continue;
		tree->next_sibling[i] = tree->first_child[parent[i]];
		tree->first_child[parent[i]] = i;
	}

	stack[top++] = tree->root;
	while (top > 0)
	{
		int			v = stack[--top];
		int			c,
					k,
					nc = 0;

		tree->order[count++] = v;
		if (tree->first_child[v] < 0)
		{
			tree->lo[v] = leaves;
			tree->hi[v] = leaves + 1;
			tree->bottom[leaves++] = v;
			continue;
		}
		tree->lo[v] = n;
		tree->hi[v] = -1;
		for (c = tree->first_child[v]; c >= 0; c = tree->next_sibling[c])
			nc++;
		/* push in reverse: place them, then reverse the slice */
		k = top;
		for (c = tree->first_child[v]; c >= 0; c = tree->next_sibling[c])
			stack[top++] = c;
		for (c = 0; c < nc / 2; c++)
		{
			int			t = stack[k + c];

			stack[k + c] = stack[k + nc - 1 - c];
			stack[k + nc - 1 - c] = t;
		}
	}
	tree->nb = leaves;
	return count;
}

int
rc_tree_build(const int *parent, int n, RcTree *tree, int *bad,
			  const RcEnv *env, char *errbuf, size_t errlen)
{
	int			i,
				root,
				count,
				rc;
	int		   *stack;

	memset(tree, 0, sizeof(*tree));
	*bad = -1;
	if (n < 1)
	{
		snprintf(errbuf, errlen, "the hierarchy has no nodes");
		return RC_ELENGTH;
	}
	rc = TreeCheckParents(parent, n, &root, bad, errbuf, errlen);
	if (rc != RC_OK)
		return rc;

	tree->n = n;
	tree->parent = parent;
	tree->order = rc_alloc(env, n, sizeof(int));
	tree->lo = rc_alloc(env, n, sizeof(int));
	tree->hi = rc_alloc(env, n, sizeof(int));
	tree->bottom = rc_alloc(env, n, sizeof(int));
	tree->first_child = rc_alloc(env, n, sizeof(int));
	tree->next_sibling = rc_alloc(env, n, sizeof(int));
	stack = rc_alloc(env, n, sizeof(int));
	if (!tree->order || !tree->lo || !tree->hi || !tree->bottom ||
		!tree->first_child || !tree->next_sibling || !stack)
	{
		rc_free(env, stack);
		rc_tree_free(tree, env);
		snprintf(errbuf, errlen, "out of memory for a hierarchy of %d nodes", n);
		return RC_ENOMEM;
	}

	if (root < 0)
	{
		*bad = NodeOnCycle(parent, n, 0, stack);
		rc_free(env, stack);
		rc_tree_free(tree, env);
		snprintf(errbuf, errlen,
				 "the hierarchy has no root: the parent links form a cycle through node %d",
				 *bad);
		return RC_ECYCLE;
	}
	tree->root = root;

	count = TreePreorder(tree, stack);
	if (count < n)
	{
		int			start = 0;

		/* nodes the root did not reach hang off a cycle */
		memset(tree->lo, 0, sizeof(int) * (size_t) n);
		for (i = 0; i < count; i++)
			tree->lo[tree->order[i]] = 1;
		for (i = 0; i < n; i++)
			if (!tree->lo[i])
			{
				start = i;
				break;
			}
		*bad = NodeOnCycle(parent, n, start, stack);
		rc_free(env, stack);
		rc_tree_free(tree, env);
		snprintf(errbuf, errlen,
				 "the parent links form a cycle through node %d", *bad);
		return RC_ECYCLE;
	}
	rc_free(env, stack);

	/* leaf ranges of internal nodes, children before parents */
	for (i = n - 1; i > 0; i--)
	{
		int			v = tree->order[i];
		int			p = parent[v];

		if (tree->lo[v] < tree->lo[p])
			tree->lo[p] = tree->lo[v];
		if (tree->hi[v] > tree->hi[p])
			tree->hi[p] = tree->hi[v];
	}
	return RC_OK;
}

/* ----------------------------------------------------------------------
 * Diagonal-W least squares on the tree
 * ----------------------------------------------------------------------
 */
typedef struct TreeLs
{
	const RcTree *tree;
	const double *lam;			/* n: precisions 1/W_ii */
	double	   *a;				/* n: precision of the subtree summary */
	double	   *suminv;			/* n: sum over children of 1/a_c */
	double	   *m;				/* n: scratch, subtree means */
	double	   *msum;			/* n: scratch, sum of children's m */
} TreeLs;

/* Precompute a[] and suminv[] (they depend on the weights only) */
static void
TreeLsPrepare(TreeLs *ls)
{
	const RcTree *t = ls->tree;
	int			i;

	for (i = 0; i < t->n; i++)
		ls->suminv[i] = 0.0;
	for (i = t->n - 1; i >= 0; i--)
	{
		int			v = t->order[i];

		ls->a[v] = ls->lam[v];
		if (t->first_child[v] >= 0)
			ls->a[v] += 1.0 / ls->suminv[v];
		if (v != t->root)
			ls->suminv[t->parent[v]] += 1.0 / ls->a[v];
	}
}

/*
 * x = S b for the b minimising |y - S b|^2 with weights lam: y and x are
 * n-vectors with stride 'stride' (x may not alias y).
 */
static void
TreeLsFit(TreeLs *ls, const double *y, size_t ystride, double *x,
		  size_t xstride)
{
	const RcTree *t = ls->tree;
	int			i;

	for (i = 0; i < t->n; i++)
		ls->msum[i] = 0.0;
	for (i = t->n - 1; i >= 0; i--)
	{
		int			v = t->order[i];
		double		yv = y[(size_t) v * ystride];

		if (t->first_child[v] < 0)
			ls->m[v] = yv;
		else
			ls->m[v] = (ls->lam[v] * yv + ls->msum[v] / ls->suminv[v]) /
				ls->a[v];
		if (v != t->root)
			ls->msum[t->parent[v]] += ls->m[v];
	}
	x[(size_t) t->root * xstride] = ls->m[t->root];
	for (i = 1; i < t->n; i++)
	{
		int			v = t->order[i];
		int			p = t->parent[v];

		x[(size_t) v * xstride] = ls->m[v] +
			(1.0 / ls->a[v]) / ls->suminv[p] *
			(x[(size_t) p * xstride] - ls->msum[p]);
	}
}

/*
 * Posterior variance of each node's total under the model that made the
 * weights: the diagonal of S (S' Lam S)^-1 S'.  out[n]; uses ls->m as
 * scratch for the precision reaching each node from outside its subtree.
 */
static void
TreeLsVariance(TreeLs *ls, double *out)
{
	const RcTree *t = ls->tree;
	double	   *o = ls->m;
	int			i;

	o[t->root] = 0.0;
	for (i = 0; i < t->n; i++)
	{
		int			v = t->order[i];

		if (v != t->root)
		{
			int			p = t->parent[v];
			double		others = ls->suminv[p] - 1.0 / ls->a[v];

			if (others < 0.0)
				others = 0.0;
			o[v] = 1.0 / (1.0 / (ls->lam[p] + o[p]) + others);
		}
		out[v] = 1.0 / (ls->a[v] + o[v]);
	}
}

/* x[n] from bottom values: leaves take b, parents the sums */
static void
Aggregate(const RcTree *t, const double *b, double *x, size_t xstride)
{
	int			i;

	for (i = 0; i < t->n; i++)
		x[(size_t) i * xstride] = 0.0;
	for (i = 0; i < t->nb; i++)
		x[(size_t) t->bottom[i] * xstride] = b[i];
	for (i = t->n - 1; i > 0; i--)
	{
		int			v = t->order[i];

		x[(size_t) t->parent[v] * xstride] += x[(size_t) v * xstride];
	}
}

static int
CheckFinite(const double *x, size_t count, const char *what,
			int width, char *errbuf, size_t errlen)
{
	size_t		i;

	for (i = 0; i < count; i++)
		if (!isfinite(x[i]))
		{
			snprintf(errbuf, errlen,
					 "%s of node %zu, element %zu, is not a finite number",
					 what, i / (size_t) width, i % (size_t) width + 1);
			return RC_ENAN;
		}
	return RC_OK;
}

int
rc_top_down_proportions(int nb, const int *bottom, int method,
						const double *hist, int nhist, double *p,
						char *errbuf, size_t errlen)
{
	int			j,
				k;

	for (j = 0; j < nb; j++)
		p[j] = 0.0;
	if (method == RC_TOP_DOWN)
	{
		/* p_j = sum_t y_jt / sum_t sum_k y_kt (proportions of averages) */
		double		total = 0.0;

		for (j = 0; j < nb; j++)
		{
			const double *y = hist + (size_t) bottom[j] * nhist;

			for (k = 0; k < nhist; k++)
				p[j] += y[k];
			total += p[j];
		}
		if (total == 0.0)
		{
			snprintf(errbuf, errlen,
					 "top_down needs history whose bottom-level total is not zero");
			return RC_EINVAL;
		}
		for (j = 0; j < nb; j++)
			p[j] /= total;
		return RC_OK;
	}

	/* p_j = mean_t (y_jt / total_t) (average of proportions) */
	for (k = 0; k < nhist; k++)
	{
		double		total = 0.0;

		for (j = 0; j < nb; j++)
			total += hist[(size_t) bottom[j] * nhist + k];
		if (total == 0.0)
		{
			snprintf(errbuf, errlen,
					 "top_down_gsa needs a non-zero bottom-level total in every period, period %d is zero",
					 k + 1);
			return RC_EINVAL;
		}
		for (j = 0; j < nb; j++)
			p[j] += hist[(size_t) bottom[j] * nhist + k] / total;
	}
	for (j = 0; j < nb; j++)
		p[j] /= nhist;
	return RC_OK;
}

int
rc_cholesky(double *a, int T)
{
	int			i,
				j,
				k;

	for (j = 0; j < T; j++)
	{
		double		d = a[(size_t) j * T + j];

		for (k = 0; k < j; k++)
			d -= a[(size_t) j * T + k] * a[(size_t) j * T + k];
		if (!(d > 0.0))
			return -1;
		d = sqrt(d);
		a[(size_t) j * T + j] = d;
		for (i = j + 1; i < T; i++)
		{
			double		s = a[(size_t) i * T + j];

			for (k = 0; k < j; k++)
				s -= a[(size_t) i * T + k] * a[(size_t) j * T + k];
			a[(size_t) i * T + j] = s / d;
		}
	}
	return 0;
}

void
rc_forward_solve(const double *l, int T, double *b)
{
	int			i,
				k;

	for (i = 0; i < T; i++)
	{
		double		s = b[i];

		for (k = 0; k < i; k++)
			s -= l[(size_t) i * T + k] * b[k];
		b[i] = s / l[(size_t) i * T + i];
	}
}

void
rc_back_solve(const double *l, int T, double *b)
{
	int			i,
				k;

	for (i = T - 1; i >= 0; i--)
	{
		double		s = b[i];

		for (k = i + 1; k < T; k++)
			s -= l[(size_t) k * T + i] * b[k];
		b[i] = s / l[(size_t) i * T + i];
	}
}

/*
 * Schaefer-Strimmer shrinkage intensity of R hts::shrink.estim() and
 * fable's mint_shrink for the residuals e[n*T] with second moments s2[n]
 * (target: the diagonal).  With xs = e / sqrt(s2) and C = xs xs' (n x n,
 * C_ii = T):
 *		sum_{i!=j} v_ij = (sum_t (sum_i xs_it^2)^2 - sum_it xs_it^4
 *						   - (|C|_F^2 - n T^2) / T) / (T (T - 1))
 *		sum_{i!=j} r_ij^2 = (|C|_F^2 - n T^2) / T^2
 * and |C|_F^2 = |G|_F^2 for the T x T Gram matrix G = xs' xs.  g must have
 * room for T*T + 2T doubles.
 */
double
rc_shrink_intensity(const double *e, const double *s2, int n, int T,
					double *g, const RcEnv *env)
{
	double	   *col = g + (size_t) T * T;
	double	   *xs = col + T;
	double		sum4 = 0.0,
				sumsq = 0.0,
				g2 = 0.0,
				cross,
				sum_v,
				sum_d,
				lambda;
	int			i,
				t,
				u;

	memset(g, 0, sizeof(double) * ((size_t) T * T + T));
	for (i = 0; i < n; i++)
	{
		const double *ei = e + (size_t) i * T;
		double		sc = 1.0 / sqrt(s2[i]);

		if (i % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		for (t = 0; t < T; t++)
		{
			double		x = ei[t] * sc;

			xs[t] = x;
			col[t] += x * x;
			sum4 += x * x * x * x;
		}
		/* rank-one update of the upper triangle of G */
		for (t = 0; t < T; t++)
		{
			double	   *row = g + (size_t) t * T;
			double		x = xs[t];

			for (u = t; u < T; u++)
				row[u] += x * xs[u];
		}
	}
	for (t = 0; t < T; t++)
	{
		sumsq += col[t] * col[t];
		g2 += g[(size_t) t * T + t] * g[(size_t) t * T + t];
		for (u = t + 1; u < T; u++)
			g2 += 2.0 * g[(size_t) t * T + u] * g[(size_t) t * T + u];
	}
	/* sum over i != j of C_ij^2 */
	cross = g2 - (double) n * T * T;
	sum_d = cross / ((double) T * T);
	sum_v = (sumsq - sum4 - cross / T) / ((double) T * (T - 1));
	if (!(sum_d > 0.0))
		return 1.0;				/* uncorrelated: R gets Inf, clipped to 1 */
	lambda = sum_v / sum_d;
	if (lambda > 1.0)
		lambda = 1.0;
	if (lambda < 0.0)
		lambda = 0.0;
	return lambda;
}

typedef struct Work
{
	double	   *lam,
			   *a,
			   *suminv,
			   *m,
			   *msum,
			   *x,
			   *y,
			   *var,
			   *s2;
} Work;

/*
 * MinT with the shrunk covariance; out, lower, upper as rc_reconcile().
 * ls has been prepared with lam = 1 / D.
 */
static int
MintShrink(const RcTree *t, TreeLs *ls, Work *w, int h, const double *base,
		   const double *e, int T, double lambda,
		   double *out, double *lower, double *upper,
		   const RcEnv *env, char *errbuf, size_t errlen)
{
	int			n = t->n;
	double		c = sqrt((1.0 - lambda) / T);
	double	   *fv,
			   *rv,
			   *mm,
			   *zv;
	int			i,
				s,
				tt,
				u;

	fv = rc_alloc(env, (size_t) n * T, sizeof(double));
	rv = rc_alloc(env, (size_t) n * T, sizeof(double));
	mm = rc_alloc(env, (size_t) T * T, sizeof(double));
	zv = rc_alloc(env, T, sizeof(double));
	if (!fv || !rv || !mm || !zv)
	{
		rc_free(env, fv);
		rc_free(env, rv);
		rc_free(env, mm);
		rc_free(env, zv);
		snprintf(errbuf, errlen,
				 "out of memory for mint_shrink with %d nodes and %d residuals each",
				 n, T);
		return RC_ENOMEM;
	}
	/* V = c E; F = f(V) column by column; R = V - F */
	for (i = 0; i < n * T; i++)
		rv[i] = c * e[i];
	for (tt = 0; tt < T; tt++)
	{
		if (tt % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		TreeLsFit(ls, rv + tt, T, fv + tt, T);
	}
	for (i = 0; i < n * T; i++)
		rv[i] -= fv[i];

	/* M = I + R' D^-1 R (upper triangle, then mirrored) */
	memset(mm, 0, sizeof(double) * (size_t) T * T);
	for (i = 0; i < n; i++)
	{
		const double *ri = rv + (size_t) i * T;
		double		di = w->lam[i];

		if (i % RC_CHECK_EVERY == 0)
			rc_interrupt(env);
		for (tt = 0; tt < T; tt++)
		{
			double		x = ri[tt] * di;
			double	   *row = mm + (size_t) tt * T;

			if (x == 0.0)
				continue;
			for (u = tt; u < T; u++)
				row[u] += x * ri[u];
		}
	}
	for (tt = 0; tt < T; tt++)
	{
		mm[(size_t) tt * T + tt] += 1.0;
		for (u = 0; u < tt; u++)
			mm[(size_t) tt * T + u] = mm[(size_t) u * T + tt];
	}
	if (rc_cholesky(mm, T) != 0)
	{
		rc_free(env, fv);
		rc_free(env, rv);
		rc_free(env, mm);
		rc_free(env, zv);
		snprintf(errbuf, errlen, "mint_shrink: the reduced system is not positive definite");
		return RC_ESINGULAR;
	}

	for (s = 0; s < h; s++)
	{
		rc_interrupt(env);
		TreeLsFit(ls, base + s, h, w->x, 1);
		for (tt = 0; tt < T; tt++)
			zv[tt] = 0.0;
		for (i = 0; i < n; i++)
		{
			double		r = (base[(size_t) i * h + s] - w->x[i]) * w->lam[i];
			const double *ri = rv + (size_t) i * T;

			if (r == 0.0)
				continue;
			for (tt = 0; tt < T; tt++)
				zv[tt] += ri[tt] * r;
		}
		rc_forward_solve(mm, T, zv);
		rc_back_solve(mm, T, zv);
		for (i = 0; i < n; i++)
		{
			const double *fi = fv + (size_t) i * T;
			double		acc = w->x[i];

			for (tt = 0; tt < T; tt++)
				acc -= fi[tt] * zv[tt];
			out[(size_t) i * h + s] = acc;
		}
	}

	if (lower && upper)
	{
		/* var_i = tree posterior variance + f(V)_i M^-1 f(V)_i' */
		TreeLsVariance(ls, w->var);
		for (i = 0; i < n; i++)
		{
			double		q2 = 0.0;

			if (i % RC_CHECK_EVERY == 0)
				rc_interrupt(env);
			memcpy(zv, fv + (size_t) i * T, sizeof(double) * (size_t) T);
			rc_forward_solve(mm, T, zv);
			for (tt = 0; tt < T; tt++)
				q2 += zv[tt] * zv[tt];
			w->var[i] += q2;
		}
	}
	rc_free(env, fv);
	rc_free(env, rv);
	rc_free(env, mm);
	rc_free(env, zv);
	return RC_OK;
}

static void
WorkFree(Work *w, const RcEnv *env)
{
	rc_free(env, w->lam);
	rc_free(env, w->a);
	rc_free(env, w->suminv);
	rc_free(env, w->m);
	rc_free(env, w->msum);
	rc_free(env, w->x);
	rc_free(env, w->y);
	rc_free(env, w->var);
	rc_free(env, w->s2);
}

int
rc_check_inputs(int method, int n, int h, const double *base,
				const double *resid, int nres, const double *hist, int nhist,
				char *errbuf, size_t errlen)
{
	int			rc;

	if (method < RC_BOTTOM_UP || method > RC_MINT_SHRINK)
	{
		snprintf(errbuf, errlen, "unknown reconciliation method %d", method);
		return RC_EINVAL;
	}
	if (h < 1)
	{
		snprintf(errbuf, errlen, "the forecasts are empty");
		return RC_ELENGTH;
	}
	if ((rc = CheckFinite(base, (size_t) n * h, "the forecast", h,
						  errbuf, errlen)) != RC_OK)
		return rc;
	if (rc_method_needs_residuals(method))
	{
		if (resid == NULL || nres < 2)
		{
			snprintf(errbuf, errlen,
					 "%s needs at least 2 residuals per node for the covariance estimate, got %d",
					 rc_method_name(method), resid ? nres : 0);
			return RC_ELENGTH;
		}
		if ((rc = CheckFinite(resid, (size_t) n * nres, "the residuals",
							  nres, errbuf, errlen)) != RC_OK)
			return rc;
	}
	if (rc_method_needs_history(method))
	{
		if (hist == NULL || nhist < 1)
		{
			snprintf(errbuf, errlen, "%s needs the history of every node",
					 rc_method_name(method));
			return RC_ELENGTH;
		}
		if ((rc = CheckFinite(hist, (size_t) n * nhist, "the history",
							  nhist, errbuf, errlen)) != RC_OK)
			return rc;
	}
	return RC_OK;
}

int
rc_second_moments(int method, const double *resid, int n, int nres,
				  double *s2, char *errbuf, size_t errlen)
{
	int			i,
				k;

	for (i = 0; i < n; i++)
	{
		double		ss = 0.0;

		for (k = 0; k < nres; k++)
			ss += resid[(size_t) i * nres + k] * resid[(size_t) i * nres + k];
		if (!(ss > 0.0))
		{
			snprintf(errbuf, errlen,
					 method == RC_WLS_VAR ?
					 "wls_var: the residuals of node %d are all zero, so its weight is infinite" :
					 "mint_shrink: the residuals of node %d are all zero, so the covariance is singular",
					 i);
			return RC_ESINGULAR;
		}
		s2[i] = ss / nres;
	}
	return RC_OK;
}

void
rc_bounds(int n, int h, const double *out, const double *var, double z,
		  double *lower, double *upper)
{
	int			i,
				s;

	/*
	 * The variance is that of one-step forecasts; step s is scaled by k_s
	 * = s (W_s = s W_1, see doc/forecast.md).  No variance: NaN bounds.
	 */
	for (i = 0; i < n; i++)
		for (s = 0; s < h; s++)
		{
			size_t		j = (size_t) i * h + s;

			if (var != NULL)
			{
				double		half = z * sqrt(var[i] * (s + 1));

				lower[j] = out[j] - half;
				upper[j] = out[j] + half;
			}
			else
				lower[j] = upper[j] = NAN;
		}
}

int
rc_reconcile(const RcTree *t, int method, int h, const double *base,
			 const double *resid, int nres, const double *hist, int nhist,
			 double z, double *out, double *lower, double *upper,
			 double *lambda, const RcEnv *env, char *errbuf, size_t errlen)
{
	int			n = t->n;
	int			i,
				s,
				k,
				rc = RC_OK;
	int			has_var = 0;
	Work		w;
	TreeLs		ls;

	*lambda = NAN;
	rc = rc_check_inputs(method, n, h, base, resid, nres, hist, nhist,
						 errbuf, errlen);
	if (rc != RC_OK)
		return rc;

	memset(&w, 0, sizeof(w));
	w.lam = rc_alloc(env, n, sizeof(double));
	w.a = rc_alloc(env, n, sizeof(double));
	w.suminv = rc_alloc(env, n, sizeof(double));
	w.m = rc_alloc(env, n, sizeof(double));
	w.msum = rc_alloc(env, n, sizeof(double));
	w.x = rc_alloc(env, n, sizeof(double));
	w.y = rc_alloc(env, n, sizeof(double));
	w.var = rc_alloc(env, n, sizeof(double));
	w.s2 = rc_alloc(env, n, sizeof(double));
	if (!w.lam || !w.a || !w.suminv || !w.m || !w.msum || !w.x || !w.y ||
		!w.var || !w.s2)
	{
		WorkFree(&w, env);
		snprintf(errbuf, errlen, "out of memory for %d nodes", n);
		return RC_ENOMEM;
	}
	ls.tree = t;
	ls.lam = w.lam;
	ls.a = w.a;
	ls.suminv = w.suminv;
	ls.m = w.m;
	ls.msum = w.msum;

	switch (method)
	{
		case RC_BOTTOM_UP:
			for (s = 0; s < h; s++)
			{
				for (k = 0; k < t->nb; k++)
					w.y[k] = base[(size_t) t->bottom[k] * h + s];
				Aggregate(t, w.y, out + s, h);
			}
			break;
		case RC_TOP_DOWN:
		case RC_TOP_DOWN_GSA:
			rc = rc_top_down_proportions(t->nb, t->bottom, method, hist,
										 nhist, w.var, errbuf, errlen);
			if (rc != RC_OK)
				break;
			for (s = 0; s < h; s++)
			{
				double		top = base[(size_t) t->root * h + s];

				for (k = 0; k < t->nb; k++)
					w.y[k] = w.var[k] * top;
				Aggregate(t, w.y, out + s, h);
			}
			break;
		case RC_OLS:
		case RC_WLS_STRUCT:
		case RC_WLS_VAR:
			if (method == RC_WLS_VAR &&
				(rc = rc_second_moments(method, resid, n, nres, w.s2,
										errbuf, errlen)) != RC_OK)
				break;
			for (i = 0; i < n; i++)
			{
				if (method == RC_OLS)
					w.lam[i] = 1.0;
				else if (method == RC_WLS_STRUCT)
					w.lam[i] = 1.0 / (t->hi[i] - t->lo[i]);
				else
					w.lam[i] = 1.0 / w.s2[i];
			}
			TreeLsPrepare(&ls);
			for (s = 0; s < h; s++)
			{
				rc_interrupt(env);
				TreeLsFit(&ls, base + s, h, out + s, h);
			}
			if (method == RC_WLS_VAR)
			{
				TreeLsVariance(&ls, w.var);
				has_var = 1;
			}
			break;
		case RC_MINT_SHRINK:
			{
				double	   *g;

				rc = rc_second_moments(method, resid, n, nres, w.s2, errbuf,
									   errlen);
				if (rc != RC_OK)
					break;
				g = rc_alloc(env, (size_t) nres * nres + 2 * (size_t) nres,
								sizeof(double));
				if (g == NULL)
				{
					snprintf(errbuf, errlen,
							 "out of memory for %d residuals per node", nres);
					rc = RC_ENOMEM;
					break;
				}
				*lambda = rc_shrink_intensity(resid, w.s2, n, nres, g, env);
				rc_free(env, g);
				if (!(*lambda > 0.0))
				{
					snprintf(errbuf, errlen,
							 "mint_shrink: the shrinkage intensity is 0, so the covariance of %d residuals per node is singular for %d nodes",
							 nres, n);
					rc = RC_ESINGULAR;
					break;
				}
				for (i = 0; i < n; i++)
					w.lam[i] = 1.0 / (*lambda * w.s2[i]);
				TreeLsPrepare(&ls);
				rc = MintShrink(t, &ls, &w, h, base, resid, nres,
								*lambda, out, lower, upper, env,
								errbuf, errlen);
				has_var = 1;
			}
			break;
	}

	if (rc == RC_OK && lower && upper)
		rc_bounds(n, h, out, has_var ? w.var : NULL, z, lower, upper);
	WorkFree(&w, env);
	return rc;
}
