/* unit: src/forecast/reconcile.c src/forecast/reconcile_graph.c */
/*
 * Unit tests of the reconciliation kernel (src/forecast/reconcile.c).
 *
 * Every least-squares method is checked against a direct dense
 * computation of its formula, y~ = S (S'W^-1 S)^-1 S'W^-1 y^, with S and W
 * built explicitly and the systems solved by Gaussian elimination (below,
 * independent of the kernel's tree algorithm), to 1e-9 relative.  The
 * shrinkage intensity is checked against R's hts::shrink.estim() formula
 * written out over all node pairs.  test/unit/reconcile_reference.R does
 * the same computation with R's solve() for the 8-node example; its
 * printed values are the R_* constants below.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/reconcile.h"
#include "tap.h"

/* printed by reconcile_reference.R */
#define R_MINT_TOTAL_1 32.584182153532147
#define R_MINT_A1_3 -1.5043872811813452
#define R_LAMBDA 0.21557698651376811
#define R_OLS_TOTAL_1 33.136359670857473
#define R_OLS_B_2 10.808000537515905

static int
close_rel(double x, double ref, double tol)
{
	return fabs(x - ref) <= tol * (fabs(ref) > 1.0 ? fabs(ref) : 1.0);
}

/* Solve A X = B (A m x m, B m x k, both row-major, destroyed) into B */
static int
gauss(double *a, double *b, int m, int k)
{
	int			i,
				j,
				c,
				p;

	for (c = 0; c < m; c++)
	{
		p = c;
		for (i = c + 1; i < m; i++)
			if (fabs(a[i * m + c]) > fabs(a[p * m + c]))
				p = i;
		if (a[p * m + c] == 0.0)
			return -1;
		for (j = 0; j < m; j++)
		{
			double		t = a[c * m + j];

			a[c * m + j] = a[p * m + j];
			a[p * m + j] = t;
		}
		for (j = 0; j < k; j++)
		{
			double		t = b[c * k + j];

			b[c * k + j] = b[p * k + j];
			b[p * k + j] = t;
		}
		for (i = 0; i < m; i++)
		{
			double		f;

			if (i == c)
				continue;
			f = a[i * m + c] / a[c * m + c];
			for (j = c; j < m; j++)
				a[i * m + j] -= f * a[c * m + j];
			for (j = 0; j < k; j++)
				b[i * k + j] -= f * b[c * k + j];
		}
	}
	for (i = 0; i < m; i++)
		for (j = 0; j < k; j++)
			b[i * k + j] /= a[i * m + i];
	return 0;
}

/* Is node v under (or equal to) node u? */
static int
under(const int *parent, int v, int u)
{
	for (; v >= 0; v = parent[v])
		if (v == u)
			return 1;
	return 0;
}

/*
 * Dense GLS with the summing matrix Sm (n x nb, row-major): out[n*h] =
 * S (S'W^-1 S)^-1 S'W^-1 base, var[n] = diag of S (S'W^-1 S)^-1 S'.
 */
static void
dense_gls_s(const double *Sm, int n, int nb, const double *w,
			const double *base, int h, double *out, double *var)
{
	int			i,
				j,
				k,
				s;
	double	   *S,
			   *X,
			   *W,
			   *A,
			   *B,
			   *Ai;

	S = calloc((size_t) n * nb, sizeof(double));
	X = calloc((size_t) n * nb, sizeof(double));
	W = calloc((size_t) n * n, sizeof(double));
	A = calloc((size_t) nb * nb, sizeof(double));
	Ai = calloc((size_t) nb * nb, sizeof(double));
	B = calloc((size_t) nb * h, sizeof(double));
	memcpy(S, Sm, sizeof(double) * n * nb);
	memcpy(X, Sm, sizeof(double) * n * nb);
	memcpy(W, w, sizeof(double) * n * n);
	gauss(W, X, n, nb);			/* X = W^-1 S */
	for (k = 0; k < nb; k++)
		for (j = 0; j < nb; j++)
		{
			A[k * nb + j] = 0;
			for (i = 0; i < n; i++)
				A[k * nb + j] += S[i * nb + k] * X[i * nb + j];
			Ai[k * nb + j] = (k == j);
		}
	for (k = 0; k < nb; k++)
		for (s = 0; s < h; s++)
		{
			B[k * h + s] = 0;
			for (i = 0; i < n; i++)
				B[k * h + s] += X[i * nb + k] * base[i * h + s];
		}
	memcpy(W, A, sizeof(double) * nb * nb);
	gauss(W, Ai, nb, nb);		/* Ai = A^-1 */
	gauss(A, B, nb, h);			/* B = A^-1 X'y */
	for (i = 0; i < n; i++)
	{
		for (s = 0; s < h; s++)
		{
			out[i * h + s] = 0;
			for (k = 0; k < nb; k++)
				out[i * h + s] += S[i * nb + k] * B[k * h + s];
		}
		var[i] = 0;
		for (k = 0; k < nb; k++)
			for (j = 0; j < nb; j++)
				var[i] += S[i * nb + k] * Ai[k * nb + j] * S[i * nb + j];
	}
	free(S);
	free(X);
	free(W);
	free(A);
	free(Ai);
	free(B);
}

/* dense_gls_s for a tree given by parent[]; leaves in index order */
static void
dense_gls(const int *parent, int n, const double *w, const double *base,
		  int h, double *out, double *var)
{
	int			leaf[64],
				nb = 0,
				i,
				j,
				k;
	double	   *S;

	for (i = 0; i < n; i++)
	{
		int			has = 0;

		for (j = 0; j < n; j++)
			if (parent[j] == i)
				has = 1;
		if (!has)
			leaf[nb++] = i;
	}
	S = calloc((size_t) n * nb, sizeof(double));
	for (i = 0; i < n; i++)
		for (k = 0; k < nb; k++)
			S[i * nb + k] = under(parent, leaf[k], i);
	dense_gls_s(S, n, nb, w, base, h, out, var);
	free(S);
}

/* R's shrink.estim() written out over node pairs; W receives the shrunk matrix */
static double
dense_shrink(const double *e, int n, int T, double *W)
{
	double	   *cov = calloc((size_t) n * n, sizeof(double));
	double		sv = 0,
				sd = 0,
				lambda;
	int			i,
				j,
				t;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			for (t = 0; t < T; t++)
				cov[i * n + j] += e[i * T + t] * e[j * T + t] / T;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		a = 0,
						b = 0,
						r;

			if (i == j)
				continue;
			for (t = 0; t < T; t++)
			{
				double		xi = e[i * T + t] / sqrt(cov[i * n + i]);
				double		xj = e[j * T + t] / sqrt(cov[j * n + j]);

				a += xi * xi * xj * xj;
				b += xi * xj;
			}
			sv += (a - b * b / T) / ((double) T * (T - 1));
			r = cov[i * n + j] / sqrt(cov[i * n + i] * cov[j * n + j]);
			sd += r * r;
		}
	lambda = sv / sd;
	lambda = lambda > 1 ? 1 : (lambda < 0 ? 0 : lambda);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			W[i * n + j] = (i == j) ? cov[i * n + j] : (1 - lambda) * cov[i * n + j];
	free(cov);
	return lambda;
}

/*
 * The 8-node example: total(4) -> A(0), B(6); A -> a1(2), a2(5), a3(7);
 * B -> b1(1), b2(3).  Numbering deliberately not parents-first.
 */
static const int par8[8] = {4, 6, 0, 6, -1, 0, 4, 0};
#define H8 3
#define T8 12

static void
example(double *base, double *resid, double *hist)
{
	int			i,
				t;

	/* same formulas in reconcile_reference.R */
	for (i = 0; i < 8; i++)
	{
		for (t = 0; t < H8; t++)
			base[i * H8 + t] = 10.0 * (1 + (i % 3)) + 3.0 * sin(i + 2.0 * t) + t;
		for (t = 0; t < T8; t++)
			resid[i * T8 + t] = sin(1.3 * i + 0.7 * t * t) + 0.5 * cos(0.9 * t + i * i)
				+ 0.4 * sin(2.1 * t);	/* a shared component: correlation */
		for (t = 0; t < T8; t++)
			hist[i * T8 + t] = 5.0 + (i % 4) + sin(0.5 * t + i);
	}
	/* make the aggregate base forecasts incoherent on purpose */
	base[4 * H8] += 7.0;
}

static int
coherent(const int *parent, int n, const double *x, int h)
{
	int			i,
				j,
				s;

	for (i = 0; i < n; i++)
	{
		int			has = 0;

		for (s = 0; s < h; s++)
		{
			double		sum = 0;

			for (j = 0; j < n; j++)
				if (parent[j] == i)
				{
					sum += x[j * h + s];
					has = 1;
				}
			if (has && !close_rel(sum, x[i * h + s], 1e-9))
				return 0;
		}
	}
	return 1;
}

static void
test_methods(void)
{
	double		base[8 * H8],
				resid[8 * T8],
				hist[8 * T8],
				out[8 * H8],
				lo[8 * H8],
				hi[8 * H8],
				ref[8 * H8],
				var[8],
				W[64],
				lambda,
				lref;
	char		err[256],
				name[64];
	RcTree		tree;
	int			bad,
				rc,
				i,
				j,
				m,
				ok;

	example(base, resid, hist);
	rc = rc_tree_build(par8, 8, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_OK && tree.nb == 5 && tree.root == 4,
		  "8-node tree: 5 leaves, root 4");

	for (m = RC_OLS; m <= RC_MINT_SHRINK; m++)
	{
		memset(W, 0, sizeof(W));
		lref = NAN;
		for (i = 0; i < 8; i++)
		{
			double		ss = 0;
			int			leaves = 0;

			for (j = 0; j < T8; j++)
				ss += resid[i * T8 + j] * resid[i * T8 + j];
			for (j = 0; j < 8; j++)
			{
				int			isleaf = 1,
							k;

				for (k = 0; k < 8; k++)
					if (par8[k] == j)
						isleaf = 0;
				if (isleaf && under(par8, j, i))
					leaves++;
			}
			W[i * 8 + i] = m == RC_OLS ? 1.0 : m == RC_WLS_STRUCT ? leaves : ss / T8;
		}
		if (m == RC_MINT_SHRINK)
			lref = dense_shrink(resid, 8, T8, W);
		dense_gls(par8, 8, W, base, H8, ref, var);
		rc = rc_reconcile(&tree, m, H8, base, resid, T8, NULL, 0, 1.959963984540054,
						  out, lo, hi, &lambda, NULL, err, sizeof(err));
		ok = rc == RC_OK;
		for (i = 0; ok && i < 8 * H8; i++)
			ok = close_rel(out[i], ref[i], 1e-9);
		snprintf(name, sizeof(name), "%s equals the dense formula", rc_method_name(m));
		check(ok, name);
		if (!ok)
			printf("# rc %d %s: %.15g vs %.15g\n", rc, err, out[0], ref[0]);
		snprintf(name, sizeof(name), "%s is coherent", rc_method_name(m));
		check(coherent(par8, 8, out, H8), name);
		if (m == RC_WLS_VAR || m == RC_MINT_SHRINK)
		{
			/* step s (1-based) half-width z sqrt(s var) */
			ok = 1;
			for (i = 0; i < 8; i++)
				ok = ok && close_rel(hi[i * H8 + 2] - out[i * H8 + 2],
									 1.959963984540054 * sqrt(3 * var[i]), 1e-9);
			snprintf(name, sizeof(name),
					 "%s interval: variance diag S (S'W^-1 S)^-1 S'", rc_method_name(m));
			check(ok, name);
		}
		if (m == RC_MINT_SHRINK)
			check(close_rel(lambda, lref, 1e-12) && lambda > 0 && lambda < 1,
				  "shrinkage intensity equals hts::shrink.estim");
	}

	/* bottom-up: parents are sums of the base bottom forecasts */
	rc = rc_reconcile(&tree, RC_BOTTOM_UP, H8, base, NULL, 0, NULL, 0, 0,
					  out, NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_OK && out[2 * H8] == base[2 * H8] &&
		  close_rel(out[4 * H8 + 1], base[2 * H8 + 1] + base[5 * H8 + 1] +
					base[7 * H8 + 1] + base[1 * H8 + 1] + base[3 * H8 + 1], 1e-15),
		  "bottom_up sums the leaves");

	/* top-down, proportions of averages: leaf a1 gets sum(a1)/sum(leaves) */
	{
		double		num = 0,
					den = 0;
		static const int leaves[5] = {2, 5, 7, 1, 3};

		for (j = 0; j < T8; j++)
		{
			num += hist[2 * T8 + j];
			for (i = 0; i < 5; i++)
				den += hist[leaves[i] * T8 + j];
		}
		rc = rc_reconcile(&tree, RC_TOP_DOWN, H8, base, NULL, 0, hist, T8, 0,
						  out, NULL, NULL, &lambda, NULL, err, sizeof(err));
		check(rc == RC_OK && close_rel(out[2 * H8 + 1], base[4 * H8 + 1] * num / den, 1e-14)
			  && close_rel(out[4 * H8], base[4 * H8], 1e-14) &&
			  coherent(par8, 8, out, H8),
			  "top_down: proportions of the historical averages, total kept");
		num = 0;
		for (j = 0; j < T8; j++)
		{
			double		tot = 0;

			for (i = 0; i < 5; i++)
				tot += hist[leaves[i] * T8 + j];
			num += hist[2 * T8 + j] / tot;
		}
		rc = rc_reconcile(&tree, RC_TOP_DOWN_GSA, H8, base, NULL, 0, hist, T8, 0,
						  out, NULL, NULL, &lambda, NULL, err, sizeof(err));
		check(rc == RC_OK && close_rel(out[2 * H8 + 1], base[4 * H8 + 1] * num / T8, 1e-14),
			  "top_down_gsa: average of the historical proportions");
	}

	/* values printed by reconcile_reference.R (R 4.2, solve()) */
	rc = rc_reconcile(&tree, RC_MINT_SHRINK, H8, base, resid, T8, NULL, 0, 0,
					  out, NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_OK && close_rel(out[4 * H8 + 0], R_MINT_TOTAL_1, 1e-9) &&
		  close_rel(out[2 * H8 + 2], R_MINT_A1_3, 1e-9) &&
		  close_rel(lambda, R_LAMBDA, 1e-9),
		  "mint_shrink equals R solve() on the 8-node example");
	rc = rc_reconcile(&tree, RC_OLS, H8, base, resid, T8, NULL, 0, 0,
					  out, NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_OK && close_rel(out[4 * H8 + 0], R_OLS_TOTAL_1, 1e-9) &&
		  close_rel(out[6 * H8 + 1], R_OLS_B_2, 1e-9),
		  "ols equals R solve() on the 8-node example");
	rc_tree_free(&tree, NULL);
}


/*
 * Grouped example (9 nodes): SKUs A, B at warehouses X, Y.  Leaves AX(0),
 * AY(5), BX(8), BY(3) each under its SKU and its warehouse; A(2), B(6),
 * X(4), Y(7) under the total (1).  Parents as CSR lists.
 */
static const int g9_pstart[10] = {0, 2, 2, 3, 5, 6, 8, 9, 10, 12};
static const int g9_plist[12] = {2, 4, 1, 6, 7, 1, 2, 7, 1, 1, 6, 4};
/* summing matrix, leaves in index order 0, 3, 5, 8 (AX, BY, AY, BX) */
static const double g9_S[9 * 4] = {
	1, 0, 0, 0,					/* AX */
	1, 1, 1, 1,					/* total */
	1, 0, 1, 0,					/* A = AX + AY */
	0, 1, 0, 0,					/* BY */
	1, 0, 0, 1,					/* X = AX + BX */
	0, 0, 1, 0,					/* AY */
	0, 1, 0, 1,					/* B = BY + BX */
	0, 1, 1, 0,					/* Y = BY + AY */
	0, 0, 0, 1					/* BX */
};

static int
coherent_s(const double *Sm, int n, int nb, const int *leaf, const double *x,
		   int h)
{
	int			i,
				k,
				s;

	for (i = 0; i < n; i++)
		for (s = 0; s < h; s++)
		{
			double		sum = 0;

			for (k = 0; k < nb; k++)
				sum += Sm[i * nb + k] * x[leaf[k] * h + s];
			if (!close_rel(sum, x[i * h + s], 1e-9))
				return 0;
		}
	return 1;
}

static void
test_graph(void)
{
	static const int leaf9[4] = {0, 3, 5, 8};
	double		base[9 * H8],
				resid[9 * T8],
				hist[9 * T8],
				out[9 * H8],
				lo[9 * H8],
				hi[9 * H8],
				out2[9 * H8],
				lo2[9 * H8],
				hi2[9 * H8],
				ref[9 * H8],
				var[9],
				W[81],
				lambda,
				lambda2,
				lref;
	int			pstart[9],
				plist[8];
	char		err[256],
				name[96];
	RcGraph		g;
	RcTree		tree;
	int			bad,
				rc,
				i,
				j,
				m,
				ok;

	/* the 8-node tree as a graph: every method as on the tree */
	example(base, resid, hist);
	for (i = 0, j = 0; i < 8; i++)
	{
		pstart[i] = j;
		if (par8[i] >= 0)
			plist[j++] = par8[i];
	}
	pstart[8] = j;
	rc = rc_graph_build(pstart, plist, 8, &g, &bad, NULL, err, sizeof(err));
	check(rc == RC_OK && g.nb == 5 && g.na == 3 && g.root == 4,
		  "8-node tree as a graph: 5 leaves, 3 aggregates, root 4");
	rc_tree_build(par8, 8, &tree, &bad, NULL, err, sizeof(err));
	ok = 1;
	for (m = RC_BOTTOM_UP; m <= RC_MINT_SHRINK; m++)
	{
		rc = rc_graph_reconcile(&g, m, H8, base, resid, T8, hist, T8,
								1.959963984540054, out, lo, hi, &lambda,
								NULL, err, sizeof(err));
		ok = ok && rc == RC_OK;
		rc = rc_reconcile(&tree, m, H8, base, resid, T8, hist, T8,
						  1.959963984540054, out2, lo2, hi2, &lambda2,
						  NULL, err, sizeof(err));
		ok = ok && rc == RC_OK;
		for (i = 0; ok && i < 8 * H8; i++)
			ok = close_rel(out[i], out2[i], 1e-9) &&
				(isnan(lo2[i]) ? isnan(lo[i]) && isnan(hi[i]) :
				 close_rel(lo[i], lo2[i], 1e-9) && close_rel(hi[i], hi2[i], 1e-9));
		if (!ok)
		{
			printf("# %s: rc %d %s\n", rc_method_name(m), rc, err);
			break;
		}
	}
	check(ok, "every method on a tree: graph and tree algorithms agree (points, bounds)");
	rc_tree_free(&tree, NULL);
	rc_graph_free(&g, NULL);

	/* the grouped example against the dense formula */
	for (i = 0; i < 9; i++)
	{
		for (j = 0; j < H8; j++)
			base[i * H8 + j] = 10.0 * (1 + (i % 3)) + 3.0 * sin(i + 2.0 * j) + j;
		for (j = 0; j < T8; j++)
			resid[i * T8 + j] = sin(1.3 * i + 0.7 * j * j) + 0.5 * cos(0.9 * j + i * i)
				+ 0.4 * sin(2.1 * j);
		for (j = 0; j < T8; j++)
			hist[i * T8 + j] = 5.0 + (i % 4) + sin(0.5 * j + i);
	}
	rc = rc_graph_build(g9_pstart, g9_plist, 9, &g, &bad, NULL, err, sizeof(err));
	check(rc == RC_OK && g.nb == 4 && g.na == 5 && g.root == 1 &&
		  g.cstart[g.na] == 4 + 2 * 4,
		  "grouped 9 nodes: 4 leaves, 5 aggregates, total covers each leaf once");
	for (m = RC_OLS; m <= RC_MINT_SHRINK; m++)
	{
		memset(W, 0, sizeof(W));
		lref = NAN;
		for (i = 0; i < 9; i++)
		{
			double		ss = 0,
						leaves = 0;

			for (j = 0; j < T8; j++)
				ss += resid[i * T8 + j] * resid[i * T8 + j];
			for (j = 0; j < 4; j++)
				leaves += g9_S[i * 4 + j];
			W[i * 9 + i] = m == RC_OLS ? 1.0 : m == RC_WLS_STRUCT ? leaves : ss / T8;
		}
		if (m == RC_MINT_SHRINK)
			lref = dense_shrink(resid, 9, T8, W);
		dense_gls_s(g9_S, 9, 4, W, base, H8, ref, var);
		rc = rc_graph_reconcile(&g, m, H8, base, resid, T8, NULL, 0,
								1.959963984540054, out, lo, hi, &lambda,
								NULL, err, sizeof(err));
		ok = rc == RC_OK;
		for (i = 0; ok && i < 9 * H8; i++)
			ok = close_rel(out[i], ref[i], 1e-9);
		snprintf(name, sizeof(name), "grouped %s equals the dense formula",
				 rc_method_name(m));
		check(ok, name);
		if (!ok)
			printf("# rc %d %s: %.15g vs %.15g\n", rc, err, out[0], ref[0]);
		snprintf(name, sizeof(name), "grouped %s is coherent", rc_method_name(m));
		check(coherent_s(g9_S, 9, 4, leaf9, out, H8), name);
		if (m == RC_WLS_VAR || m == RC_MINT_SHRINK)
		{
			ok = 1;
			for (i = 0; i < 9; i++)
				ok = ok && close_rel(hi[i * H8 + 2] - out[i * H8 + 2],
									 1.959963984540054 * sqrt(3 * var[i]), 1e-9);
			snprintf(name, sizeof(name),
					 "grouped %s interval: variance diag S (S'W^-1 S)^-1 S'",
					 rc_method_name(m));
			check(ok, name);
		}
		if (m == RC_MINT_SHRINK)
			check(close_rel(lambda, lref, 1e-12),
				  "grouped shrinkage intensity equals hts::shrink.estim");
	}
	rc = rc_graph_reconcile(&g, RC_BOTTOM_UP, H8, base, NULL, 0, NULL, 0, 0,
							out, NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_OK && close_rel(out[1 * H8], base[0] + base[3 * H8] +
								   base[5 * H8] + base[8 * H8], 1e-15) &&
		  close_rel(out[7 * H8 + 2], base[3 * H8 + 2] + base[5 * H8 + 2], 1e-15),
		  "grouped bottom_up: total and warehouse Y sum their leaves");
	rc_graph_free(&g, NULL);

	/* errors */
	{
		/* 0 top; 1 under 0 and 2; 2 under 1: a cycle 1 -> 2 -> 1 */
		static const int cyc_start[4] = {0, 0, 2, 3};
		static const int cyc_list[3] = {0, 2, 1};
		/* 0 top, 1 top too, 2 under both */
		static const int two_start[4] = {0, 0, 0, 2};
		static const int two_list[2] = {0, 1};
		/* node 2 lists parent 0 twice */
		static const int dup_start[4] = {0, 0, 1, 3};
		static const int dup_list[3] = {0, 0, 0};

		rc = rc_graph_build(cyc_start, cyc_list, 3, &g, &bad, NULL, err, sizeof(err));
		check(rc == RC_ECYCLE && (bad == 1 || bad == 2), "graph cycle: RC_ECYCLE on the cycle");
		rc = rc_graph_build(two_start, two_list, 3, &g, &bad, NULL, err, sizeof(err));
		check(rc == RC_EROOT && bad == 1, "graph with two tops: RC_EROOT naming the second");
		rc = rc_graph_build(dup_start, dup_list, 3, &g, &bad, NULL, err, sizeof(err));
		check(rc == RC_EINVAL && bad == 2, "parent listed twice: RC_EINVAL");
	}
}

static void
test_errors(void)
{
	static const int two_roots[4] = {-1, 0, -1, 2};
	static const int cycle[5] = {-1, 0, 3, 4, 2};
	static const int loop_all[3] = {1, 2, 0};
	static const int self[3] = {-1, 1, 0};
	static const int chain[3] = {-1, 0, 1};
	double		base[6] = {1, 2, 3, 4, 5, NAN};
	double		out[6],
				lambda;
	double		resid[3] = {1, 2, 3};
	char		err[256];
	RcTree		tree;
	int			bad,
				rc;

	rc = rc_tree_build(two_roots, 4, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_EROOT && bad == 2, "two roots: RC_EROOT naming the second");
	rc = rc_tree_build(cycle, 5, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_ECYCLE && bad >= 2, "cycle below the root: RC_ECYCLE");
	rc = rc_tree_build(loop_all, 3, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_ECYCLE, "no root at all: RC_ECYCLE");
	rc = rc_tree_build(self, 3, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_ECYCLE && bad == 1, "own parent: RC_ECYCLE");

	rc = rc_tree_build(chain, 3, &tree, &bad, NULL, err, sizeof(err));
	check(rc == RC_OK && tree.nb == 1, "a chain has one leaf");
	rc = rc_reconcile(&tree, RC_OLS, 2, base, NULL, 0, NULL, 0, 0, out,
					  NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_ENAN && strstr(err, "node 2") != NULL, "NaN forecast: RC_ENAN naming the node");
	base[5] = 6;
	rc = rc_reconcile(&tree, RC_MINT_SHRINK, 2, base, resid, 1, NULL, 0, 0, out,
					  NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_ELENGTH, "one residual per node: RC_ELENGTH");
	rc = rc_reconcile(&tree, RC_TOP_DOWN, 2, base, NULL, 0, NULL, 0, 0, out,
					  NULL, NULL, &lambda, NULL, err, sizeof(err));
	check(rc == RC_ELENGTH, "top_down without history: RC_ELENGTH");
	rc_tree_free(&tree, NULL);
}

int
main(void)
{
	printf("1..43\n");
	test_methods();
	test_graph();
	test_errors();
	return failures ? 1 : 0;
}
