/*-------------------------------------------------------------------------
 *
 * arima_optim.c
 *	  Optimiser and small dense linear algebra of the ARIMA kernel.
 *
 * The optimiser is the variable-metric method of Nash (1990, "Compact
 * Numerical Methods for Computers", 2nd ed., algorithm 21): BFGS updates
 * of an inverse Hessian approximation, a backtracking line search with
 * step reduction 0.2 and acceptance tolerance 1e-4, restarts when the
 * update would lose positive definiteness, and convergence when the
 * relative change of the function falls below reltol.  R's optim(method =
 * "BFGS") implements the same algorithm; with the same settings (step 1e-3
 * central differences on the scaled parameters, reltol = sqrt(machine
 * epsilon), 100 iterations) the iterates agree with R's, which is what
 * makes coefficients and chosen orders agree.
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef ARIMA_TRACE
#include <stdio.h>
#endif

#include "arima_int.h"

#define MAXPAR (4 * ARIMA_MAX_ORDER + ARIMA_MAX_XREG + 2)

/* f at scaled parameters x (par = x * parscale) */
static double
ScaledFn(int n, const double *x, ArimaFn fn, void *arg, const double *scale)
{
	double		par[MAXPAR];
	int			i;

	par[0] = 0.0;
	for (i = 0; i < n; i++)
		par[i] = x[i] * scale[i];
	return fn(par, arg);
}

/*
 * Values of f already computed at bit-identical points (the numerical
 * Hessian reaches x + e_i + e_j from both i and j): cap points of n
 * coordinates and their values.
 */
typedef struct FnMemo
{
	int			n,
				cap,
				used;
	double	   *pts;
	double	   *val;
} FnMemo;

/* f at scaled x, from the memo when x was evaluated before */
static double
MemoFn(int n, const double *x, ArimaFn fn, void *arg, const double *scale,
	   FnMemo *memo)
{
	double		f;
	int			k;

	if (memo == NULL)
		return ScaledFn(n, x, fn, arg, scale);
	for (k = 0; k < memo->used; k++)
		if (memcmp(memo->pts + (size_t) k * n, x, n * sizeof(double)) == 0)
			return memo->val[k];
	f = ScaledFn(n, x, fn, arg, scale);
	if (memo->used < memo->cap)
	{
		memcpy(memo->pts + (size_t) memo->used * n, x, n * sizeof(double));
		memo->val[memo->used++] = f;
	}
	return f;
}

/* Central-difference gradient in the scaled coordinates */
static void
ScaledGrad(int n, const double *x, double *g, ArimaFn fn, void *arg,
		   const ArimaOptim *opt, FnMemo *memo)
{
	const double *scale = opt->parscale;
	double		h = opt->ndeps;
	double		w[MAXPAR];
	int			i;

	/* the last evaluation was usually at x: let fn keep what it cached */
	if (opt->pin != NULL)
		opt->pin(arg);
	memcpy(w, x, n * sizeof(double));
	for (i = 0; i < n; i++)
	{
		double		f1,
					f2;

		w[i] = x[i] + h;
		f1 = MemoFn(n, w, fn, arg, scale, memo);
		w[i] = x[i] - h;
		f2 = MemoFn(n, w, fn, arg, scale, memo);
		g[i] = (f1 - f2) / (2.0 * h);
		w[i] = x[i];
	}
}

/* The state of arima_bfgs between its steps (Nash's names) */
typedef struct Bfgs
{
	int			n;
	double		b[MAXPAR],		/* the point, scaled */
				g[MAXPAR],		/* its gradient */
				t[MAXPAR],		/* the search direction, then the step */
				X[MAXPAR],		/* the point before the step */
				c[MAXPAR];		/* its gradient, then the change */
	double		B[MAXPAR][MAXPAR];	/* inverse Hessian, lower triangle */
} Bfgs;

/* B = I (a restart) */
static void
BfgsReset(Bfgs *s)
{
	int			i,
				j;

	for (i = 0; i < s->n; i++)
	{
		for (j = 0; j < i; j++)
			s->B[i][j] = 0.0;
		s->B[i][i] = 1.0;
	}
}

/* t = -B g; returns the slope t'g along it */
static double
BfgsDirection(Bfgs *s)
{
	double		gradproj = 0.0;
	int			i,
				j;

	for (i = 0; i < s->n; i++)
	{
		double		sum = 0.0;

		for (j = 0; j <= i; j++)
			sum -= s->B[i][j] * s->g[j];
		for (j = i + 1; j < s->n; j++)
			sum -= s->B[j][i] * s->g[j];
		s->t[i] = sum;
		gradproj += sum * s->g[i];
	}
	return gradproj;
}

/*
 * Backtracking from X along t (steps 1, 0.2, 0.04, ...) until f decreases
 * by acctol of the slope or the step no longer moves any coordinate.
 * Leaves b at the last point tried, *f its value, *steplength the step;
 * returns the number of coordinates that did not move (n: no progress).
 */
static int
BfgsLineSearch(Bfgs *s, double gradproj, double fbest, double *f,
			   double *steplength, int *funcount, ArimaFn fn, void *arg,
			   const double *scale)
{
	const double stepredn = 0.2,
				acctol = 0.0001,
				reltest = 10.0;
	int			n = s->n,
				accpoint = 0,
				count,
				i;

	*steplength = 1.0;
	do
	{
		count = 0;
		for (i = 0; i < n; i++)
		{
			s->b[i] = s->X[i] + *steplength * s->t[i];
			if (reltest + s->X[i] == reltest + s->b[i])
				count++;
		}
		if (count < n)
		{
			*f = ScaledFn(n, s->b, fn, arg, scale);
			(*funcount)++;
			accpoint = isfinite(*f) &&
				(*f <= fbest + gradproj * *steplength * acctol);
			if (!accpoint)
				*steplength *= stepredn;
		}
	} while (!(count == n || accpoint));
	return count;
}

/*
 * The BFGS update of B from the step t (scaled by steplength) and the
 * gradient change c = g - c; returns 0 when t'c <= 0 (the update would
 * lose positive definiteness: the caller restarts)
 */
static int
BfgsUpdate(Bfgs *s, double steplength)
{
	double		D1 = 0.0,
				D2 = 0.0;
	int			n = s->n,
				i,
				j;

	for (i = 0; i < n; i++)
	{
		s->t[i] = steplength * s->t[i];
		s->c[i] = s->g[i] - s->c[i];
		D1 += s->t[i] * s->c[i];
	}
	if (!(D1 > 0))
		return 0;
	for (i = 0; i < n; i++)
	{
		double		sum = 0.0;

		for (j = 0; j <= i; j++)
			sum += s->B[i][j] * s->c[j];
		for (j = i + 1; j < n; j++)
			sum += s->B[j][i] * s->c[j];
		s->X[i] = sum;
		D2 += sum * s->c[i];
	}
	D2 = 1.0 + D2 / D1;
	for (i = 0; i < n; i++)
		for (j = 0; j <= i; j++)
			s->B[i][j] += (D2 * s->t[i] * s->t[j] -
						   s->X[i] * s->t[j] - s->t[i] * s->X[j]) / D1;
	return 1;
}

/*
 * Minimise fn from par (updated in place); *fmin gets the minimum, *fail 1
 * if the iteration limit was reached.  maxit overrides opt->maxit (0:
 * only evaluate).  Returns ARIMA_EINVAL when the starting value is not
 * finite or a gradient is not (R: an error).  R's vmmin step for step:
 * direction -B g, backtracking line search, BFGS update, restarts.
 */
int
arima_bfgs(int n, double *par, double *fmin, ArimaFn fn, void *arg,
		   const ArimaOptim *opt, int maxit, int *fail, const EtsEnv *env)
{
	Bfgs		s;
	const double *scale = opt->parscale;
	double		reltol = opt->reltol;
	double		f,
				fbest;
	int			count,
				funcount,
				gradcount,
				ilast,
				iter = 0;
	int			i;

	*fail = 0;
	s.n = n;
	for (i = 0; i < n; i++)
		s.b[i] = par[i] / scale[i];
	if (maxit <= 0 || n == 0)
	{
		*fmin = ScaledFn(n, s.b, fn, arg, scale);
		return ARIMA_OK;
	}
	f = ScaledFn(n, s.b, fn, arg, scale);
	if (!isfinite(f))
		return ARIMA_EINVAL;
	fbest = f;
	funcount = gradcount = 1;
	ScaledGrad(n, s.b, s.g, fn, arg, opt, NULL);
	for (i = 0; i < n; i++)
		if (!isfinite(s.g[i]))
			return ARIMA_EINVAL;
	iter++;
	ilast = gradcount;
	do
	{
		double		gradproj;

		arima_interrupt(env);
		if (ilast == gradcount)
			BfgsReset(&s);
		memcpy(s.X, s.b, n * sizeof(double));
		memcpy(s.c, s.g, n * sizeof(double));
		gradproj = BfgsDirection(&s);
		if (gradproj < 0.0)
		{
			double		steplength;

			count = BfgsLineSearch(&s, gradproj, fbest, &f, &steplength,
								   &funcount, fn, arg, scale);
			if (!(f > -INFINITY) ||
				!(fabs(f - fbest) > reltol * (fabs(fbest) + reltol)))
			{
				/* relative change too small: stop */
				count = n;
				fbest = f;
			}
			if (count < n)
			{
				fbest = f;
				ScaledGrad(n, s.b, s.g, fn, arg, opt, NULL);
				for (i = 0; i < n; i++)
					if (!isfinite(s.g[i]))
						return ARIMA_EINVAL;
				gradcount++;
				iter++;
				if (!BfgsUpdate(&s, steplength))
					ilast = gradcount;
			}
			else
			{
				/* no progress: restart unless just restarted */
				if (ilast < gradcount)
				{
					count = 0;
					ilast = gradcount;
				}
			}
		}
		else
		{
			/* uphill direction: restart unless just restarted */
			count = 0;
			if (ilast == gradcount)
				count = n;
			else
				ilast = gradcount;
		}
#ifdef ARIMA_TRACE
		fprintf(stderr, "iter %d value %.10f\n", iter, f);
#endif
		if (iter >= maxit)
			break;
		if (gradcount - ilast > 2 * n)
			ilast = gradcount;	/* periodic restart */
	} while (count != n || ilast != gradcount);
	(void) funcount;
	*fail = iter < maxit ? 0 : 1;
	*fmin = fbest;
	for (i = 0; i < n; i++)
		par[i] = s.b[i] * scale[i];
	return ARIMA_OK;
}

/*
 * Numerical Hessian as R's optimhess: central differences (step ndeps in
 * the unscaled coordinates) of the central-difference gradient (step ndeps
 * in the scaled ones), then symmetrised.  H is n x n.
 */
int
arima_hessian(int n, const double *par, ArimaFn fn, void *arg,
			  const ArimaOptim *opt, double *H, const EtsEnv *env)
{
	const double *scale = opt->parscale;
	double		x[MAXPAR],
				g1[MAXPAR],
				g2[MAXPAR];
	FnMemo		memo,
			   *mp = NULL;
	int			i,
				j;

	/* 4 n^2 evaluations, up to half of them at points met twice */
	memo.n = n;
	memo.cap = 4 * n * n;
	memo.used = 0;
	memo.pts = arima_alloc(env, sizeof(double) * (size_t) memo.cap * (n + 1));
	if (memo.pts != NULL)
	{
		memo.val = memo.pts + (size_t) memo.cap * n;
		mp = &memo;
	}
	for (i = 0; i < n; i++)
		x[i] = par[i] / scale[i];
	for (i = 0; i < n; i++)
	{
		double		eps = opt->ndeps / scale[i];

		arima_interrupt(env);
		x[i] = x[i] + eps;
		ScaledGrad(n, x, g1, fn, arg, opt, mp);
		x[i] = x[i] - 2 * eps;
		ScaledGrad(n, x, g2, fn, arg, opt, mp);
		for (j = 0; j < n; j++)
			H[i * n + j] = (g1[j] - g2[j]) / (2 * eps * scale[i] * scale[j]);
		x[i] = x[i] + eps;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
		{
			double		s = 0.5 * (H[i * n + j] + H[j * n + i]);

			H[i * n + j] = H[j * n + i] = s;
		}
	arima_release(env, memo.pts);
	return ARIMA_OK;
}

/*
 * Solve A X = B (A n x n column-major, B n x nrhs) by LU with partial
 * pivoting, in place (A is destroyed, B becomes X).  Returns ARIMA_EINVAL
 * when A is singular to working precision: reciprocal 1-norm condition
 * number below machine epsilon, R's solve() test.
 */
int
arima_solve_spd(int n, double *A, double *B, int nrhs)
{
	int			piv[MAXPAR];
	double		Ainv[MAXPAR * MAXPAR];
	double		anorm = 0.0,
				inorm = 0.0;
	int			i,
				j,
				k;

	if (n > MAXPAR)
		return ARIMA_ERANGE;
	for (j = 0; j < n; j++)
	{
		double		s = 0.0;

		for (i = 0; i < n; i++)
			s += fabs(A[i + j * n]);
		if (s > anorm)
			anorm = s;
	}
	for (k = 0; k < n; k++)
	{
		int			pk = k;
		double		big = fabs(A[k + k * n]);

		for (i = k + 1; i < n; i++)
			if (fabs(A[i + k * n]) > big)
			{
				big = fabs(A[i + k * n]);
				pk = i;
			}
		piv[k] = pk;
		if (big == 0.0 || !isfinite(big))
			return ARIMA_EINVAL;
		if (pk != k)
			for (j = 0; j < n; j++)
			{
				double		tmp = A[k + j * n];

				A[k + j * n] = A[pk + j * n];
				A[pk + j * n] = tmp;
			}
		for (i = k + 1; i < n; i++)
		{
			double		l = A[i + k * n] / A[k + k * n];

			A[i + k * n] = l;
			for (j = k + 1; j < n; j++)
				A[i + j * n] -= l * A[k + j * n];
		}
	}
	/* the inverse, for the condition number */
	for (j = 0; j < n; j++)
		for (i = 0; i < n; i++)
			Ainv[i + j * n] = i == j ? 1.0 : 0.0;
	for (k = 0; k < 2; k++)
	{
		double	   *X = k == 0 ? Ainv : B;
		int			m = k == 0 ? n : nrhs;
		int			c;

		for (c = 0; c < m; c++)
		{
			double	   *x = X + c * n;

			for (i = 0; i < n; i++)
				if (piv[i] != i)
				{
					double		tmp = x[i];

					x[i] = x[piv[i]];
					x[piv[i]] = tmp;
				}
			for (i = 0; i < n; i++)
				for (j = 0; j < i; j++)
					x[i] -= A[i + j * n] * x[j];
			for (i = n - 1; i >= 0; i--)
			{
				for (j = i + 1; j < n; j++)
					x[i] -= A[i + j * n] * x[j];
				x[i] /= A[i + i * n];
			}
		}
	}
	for (j = 0; j < n; j++)
	{
		double		s = 0.0;

		for (i = 0; i < n; i++)
			s += fabs(Ainv[i + j * n]);
		if (s > inorm)
			inorm = s;
	}
	if (!(1.0 / (anorm * inorm) >= DBL_EPSILON))
		return ARIMA_EINVAL;
	return ARIMA_OK;
}

/*
 * The Euclidean norm as the reference BLAS's dnrm2 (LAPACK 3.10 and later,
 * Anderson 2017, after Blue 1978) computes it for values between its
 * underflow and overflow thresholds 2^-511 and 2^486: the squares summed
 * in order, then one square root.  Zeros add nothing there either.  When
 * a value lies outside that range the sum is scaled by the largest
 * magnitude instead, which only guards against under- and overflow.
 */
static double
Nrm2(const double *x, int n)
{
	const double tsml = 0x1p-511,
				tbig = 0x1p486;
	double		s = 0.0,
				big = 0.0;
	int			i,
				mid = 1;

	for (i = 0; i < n; i++)
	{
		double		a = fabs(x[i]);

		if (a > big)
			big = a;
		if (a != 0.0 && (a < tsml || a > tbig))
			mid = 0;
		s += a * a;
	}
	if (mid || big == 0.0 || !isfinite(big))
		return mid ? sqrt(s) : big;
	s = 0.0;
	for (i = 0; i < n; i++)
		s += (x[i] / big) * (x[i] / big);
	return big * sqrt(s);
}

/* BLAS ddot with unit strides: the products summed in order from 0 */
static double
Dot(const double *x, const double *y, int n)
{
	double		s = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		s += x[i] * y[i];
	return s;
}

/* BLAS daxpy: y += a x, element by element (nothing to do for a = 0) */
static void
Axpy(double a, const double *x, double *y, int n)
{
	int			i;

	if (a == 0.0)
		return;
	for (i = 0; i < n; i++)
		y[i] += a * x[i];
}

/*
 * Apply the Householder reflections of columns 0..ju-1 of the factored x
 * (n rows, column-major) to v: forward (Q'v, reverse = 0) or backward (Q v,
 * reverse = 1), as LINPACK's dqrsl does with the scaled vector stored below
 * the diagonal and its first element in qraux.
 */
static void
QrApply(double *x, int n, const double *qraux, int ju, double *v,
		int reverse)
{
	int			jj;

	for (jj = 0; jj < ju; jj++)
	{
		int			j = reverse ? ju - 1 - jj : jj;
		double	   *xj = x + (size_t) j * n + j;
		double		temp,
					t;

		if (qraux[j] == 0.0)
			continue;
		temp = *xj;
		*xj = qraux[j];
		t = -Dot(xj, v + j, n - j) / *xj;
		Axpy(t, xj, v + j, n - j);
		*xj = temp;
	}
}

/*
 * Least squares y ~ X - 1 (X n x k column-major, finite) as R's lm()
 * computes it, so that arima()'s starting values and parameter scales are
 * R's doubles: the QR factorisation of LINPACK's dqrdc (Dongarra, Bunch,
 * Moler and Stewart 1979, "LINPACK Users' Guide", ch. 9) with R's change
 * dqrdc2 (a column whose norm falls below 1e-7 of its original norm is
 * negligible; norms recomputed when they shrink by more than 1e-6 in
 * square), solved as dqrsl does (Q'y by the stored reflections, back
 * substitution column by column, residuals by reflecting back), then
 * summary.lm's standard errors sqrt(diag(chol2inv(R)) * rss / (n - k))
 * with rss summed in long double as R's sum() does and chol2inv as
 * LAPACK's dtrti2 and dlauu2 order it.  The BLAS operations are written
 * out in the reference BLAS's order.
 *
 * R would move a negligible column to the end and report a lower rank;
 * every caller here treats that as an error, so the first negligible
 * column returns ARIMA_EINVAL.  resid (may be NULL) gets lm's residuals.
 */
int
arima_lm(const double *X, int n, int k, const double *y, double *coef,
		 double *se, double *resid, const EtsEnv *env)
{
	double	   *x = arima_alloc(env, ((size_t) n * k + 2 * (size_t) n) *
								sizeof(double));
	double	   *qty,
			   *rsd;
	double		qraux[ARIMA_MAX_XREG + 2],
				norm0[ARIMA_MAX_XREG + 2],
				Ri[ARIMA_MAX_XREG + 2][ARIMA_MAX_XREG + 2];
	long double rss = 0.0;
	int			i,
				j,
				l,
				ju;

	if (x == NULL)
		return ARIMA_ENOMEM;
	if (k < 1 || k > ARIMA_MAX_XREG + 2 || n < k)
	{
		arima_release(env, x);
		return ARIMA_EINVAL;
	}
	qty = x + (size_t) n * k;
	rsd = qty + n;
	memcpy(x, X, (size_t) n * k * sizeof(double));

	/* dqrdc2: column norms, then one reflection per column */
	for (j = 0; j < k; j++)
	{
		qraux[j] = Nrm2(x + (size_t) j * n, n);
		norm0[j] = qraux[j] == 0.0 ? 1.0 : qraux[j];
	}
	for (l = 0; l < k; l++)
	{
		double	   *xl = x + (size_t) l * n + l;
		double		nrmxl;

		if (!(qraux[l] >= norm0[l] * 1e-7))
		{
			arima_release(env, x);
			return ARIMA_EINVAL;
		}
		if (l == n - 1)
			break;
		nrmxl = Nrm2(xl, n - l);
		if (nrmxl == 0.0)
			continue;
		if (*xl != 0.0)
			nrmxl = copysign(nrmxl, *xl);
		{
			double		r = 1.0 / nrmxl;

			for (i = 0; i < n - l; i++)
				xl[i] = r * xl[i];
		}
		*xl = 1.0 + *xl;
		for (j = l + 1; j < k; j++)
		{
			double	   *xj = x + (size_t) j * n + l;
			double		t = -Dot(xl, xj, n - l) / *xl;

			Axpy(t, xl, xj, n - l);
			if (qraux[j] != 0.0)
			{
				double		a = fabs(*xj) / qraux[j];
				double		tt = 1.0 - a * a;

				if (tt < 0.0)
					tt = 0.0;
				if (fabs(tt) >= 1e-6)
					qraux[j] = qraux[j] * sqrt(tt);
				else
					qraux[j] = Nrm2(xj + 1, n - l - 1);
			}
		}
		qraux[l] = *xl;
		*xl = -nrmxl;
	}

	/* dqrsl, job 1110: Q'y, the coefficients and the residuals */
	ju = k < n - 1 ? k : n - 1;
	memcpy(qty, y, n * sizeof(double));
	if (ju > 0)
		QrApply(x, n, qraux, ju, qty, 0);
	memcpy(coef, qty, k * sizeof(double));
	for (j = k - 1; j >= 0; j--)
	{
		coef[j] = coef[j] / x[(size_t) j * n + j];
		if (j > 0)
			Axpy(-coef[j], x + (size_t) j * n, coef, j);
	}
	for (i = 0; i < n; i++)
		rsd[i] = i < k ? 0.0 : qty[i];
	if (ju > 0)
		QrApply(x, n, qraux, ju, rsd, 1);
	for (i = 0; i < n; i++)
		rss += rsd[i] * rsd[i];
	if (resid != NULL)
		memcpy(resid, rsd, n * sizeof(double));

	/* chol2inv(R): R^-1 in place as dtrti2, then diag(R^-1 R^-T) */
	for (i = 0; i < k; i++)
		for (j = i; j < k; j++)
			Ri[i][j] = x[(size_t) j * n + i];
	for (j = 0; j < k; j++)
	{
		double		ajj;

		Ri[j][j] = 1.0 / Ri[j][j];
		ajj = -Ri[j][j];
		/* dtrmv: column j above the diagonal := Ri[0..j-1][0..j-1] times it */
		for (l = 0; l < j; l++)
			if (Ri[l][j] != 0.0)
			{
				double		temp = Ri[l][j];

				for (i = 0; i < l; i++)
					Ri[i][j] += temp * Ri[i][l];
				Ri[l][j] = Ri[l][j] * Ri[l][l];
			}
		for (i = 0; i < j; i++)
			Ri[i][j] = ajj * Ri[i][j];
	}
	for (i = 0; i < k; i++)
	{
		double		s = 0.0,
					resvar = (double) rss / (n - k);

		for (j = i; j < k; j++)
			s += Ri[i][j] * Ri[i][j];
		se[i] = n > k ? sqrt(s * resvar) : NAN;
	}
	arima_release(env, x);
	return ARIMA_OK;
}

/*
 * forecast:::is.constant: all.equal(x, rep(x[1], n)), i.e. the mean
 * absolute difference from x[1], relative to the mean absolute value when
 * that exceeds 1.5e-8, is at most 1.5e-8.
 */
int
arima_is_constant(const double *x, int n)
{
	const double tol = 1.5e-8;
	double		sd = 0.0,
				sa = 0.0;
	int			i;

	if (n < 1)
		return 1;
	for (i = 0; i < n; i++)
	{
		sd += fabs(x[i] - x[0]);
		sa += fabs(x[i]);
	}
	sd /= n;
	sa /= n;
	if (isfinite(sa) && sa > tol)
		sd /= sa;
	return sd <= tol;
}

/*
 * Right singular vectors V (k x k, column-major) of X (n x k), ordered by
 * decreasing singular value as R's svd() orders them, by one-sided Jacobi
 * rotations (Hestenes 1958; Demmel & Veselic 1992 for its accuracy):
 * pairs of columns are rotated until all are orthogonal, the rotations
 * accumulated in V.  The sign of each column is fixed so that its entry of
 * largest modulus is positive (the fit does not depend on the signs: see
 * arima_fit).  sv (may be NULL) gets the singular values.
 */
int
arima_svd_v(const double *X, int n, int k, double *V, double *sv,
			const EtsEnv *env)
{
	double	   *U = arima_alloc(env, sizeof(double) * ((size_t) n * k + 2 * k));
	double	   *s,
			   *tmp;
	int			order[ARIMA_MAX_XREG + 2];
	int			sweep,
				i,
				j,
				r;

	if (U == NULL)
		return ARIMA_ENOMEM;
	if (k > ARIMA_MAX_XREG + 2)
	{
		arima_release(env, U);
		return ARIMA_EINVAL;
	}
	s = U + (size_t) n * k;
	tmp = s + k;
	memcpy(U, X, sizeof(double) * n * k);
	for (i = 0; i < k * k; i++)
		V[i] = i % (k + 1) == 0 ? 1.0 : 0.0;
	for (sweep = 0; sweep < 60; sweep++)
	{
		int			rotated = 0;

		for (i = 0; i < k; i++)
			for (j = i + 1; j < k; j++)
			{
				double	   *ui = U + (size_t) n * i,
						   *uj = U + (size_t) n * j;
				double		a = 0.0,
							b = 0.0,
							c = 0.0,
							zeta,
							t,
							cs,
							sn;

				for (r = 0; r < n; r++)
				{
					a += ui[r] * ui[r];
					b += uj[r] * uj[r];
					c += ui[r] * uj[r];
				}
				if (c == 0.0 || fabs(c) <= DBL_EPSILON * sqrt(a * b))
					continue;
				rotated = 1;
				zeta = (b - a) / (2.0 * c);
				t = (zeta >= 0 ? 1.0 : -1.0) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
				cs = 1.0 / sqrt(1.0 + t * t);
				sn = cs * t;
				for (r = 0; r < n; r++)
				{
					double		x = ui[r],
								y = uj[r];

					ui[r] = cs * x - sn * y;
					uj[r] = sn * x + cs * y;
				}
				for (r = 0; r < k; r++)
				{
					double		x = V[r + k * i],
								y = V[r + k * j];

					V[r + k * i] = cs * x - sn * y;
					V[r + k * j] = sn * x + cs * y;
				}
			}
		if (!rotated)
			break;
	}
	for (i = 0; i < k; i++)
	{
		double		a = 0.0;

		for (r = 0; r < n; r++)
			a += U[r + (size_t) n * i] * U[r + (size_t) n * i];
		s[i] = sqrt(a);
		order[i] = i;
	}
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && s[order[j]] > s[order[j - 1]]; j--)
		{
			int			t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	/* permute the columns of V (through U's space, no longer needed) */
	memcpy(U, V, sizeof(double) * k * k);
	for (j = 0; j < k; j++)
	{
		double		big = 0.0,
					sign = 1.0;

		for (r = 0; r < k; r++)
		{
			tmp[r] = U[r + k * order[j]];
			if (fabs(tmp[r]) > big)
			{
				big = fabs(tmp[r]);
				sign = tmp[r] < 0 ? -1.0 : 1.0;
			}
		}
		for (r = 0; r < k; r++)
			V[r + k * j] = sign * tmp[r];
		if (sv != NULL)
			sv[j] = s[order[j]];
	}
	arima_release(env, U);
	return ARIMA_OK;
}

/*
 * The first column of X (n x k) that is, to the relative tolerance tol, a
 * linear combination of the columns before it (a zero column counts), by
 * Gram-Schmidt with re-orthogonalisation; -1 if there is none.  The
 * tolerance plays the part of lm()'s 1e-7 in its pivoted QR.
 */
int
arima_first_dependent(const double *X, int n, int k, double tol,
					  const EtsEnv *env)
{
	double	   *Q = arima_alloc(env, sizeof(double) * ((size_t) n * k + 1));
	int			i,
				j,
				r,
				pass,
				found = -1;

	if (Q == NULL)
		return -2;
	memcpy(Q, X, sizeof(double) * n * k);
	for (j = 0; j < k && found < 0; j++)
	{
		double	   *q = Q + (size_t) n * j;
		double		norm0 = 0.0,
					norm = 0.0;

		for (r = 0; r < n; r++)
			norm0 += q[r] * q[r];
		norm0 = sqrt(norm0);
		for (pass = 0; pass < 2; pass++)
			for (i = 0; i < j; i++)
			{
				const double *qi = Q + (size_t) n * i;
				double		dot = 0.0;

				for (r = 0; r < n; r++)
					dot += qi[r] * q[r];
				for (r = 0; r < n; r++)
					q[r] -= dot * qi[r];
			}
		for (r = 0; r < n; r++)
			norm += q[r] * q[r];
		norm = sqrt(norm);
		if (!(norm > tol * norm0) || norm0 == 0.0)
		{
			found = j;
			break;
		}
		for (r = 0; r < n; r++)
			q[r] /= norm;
	}
	arima_release(env, Q);
	return found;
}
