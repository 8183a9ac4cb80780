/*-------------------------------------------------------------------------
 *
 * arima_kalman.c
 *	  The numerical core of the ARIMA kernel: parameter transformations,
 *	  the stationary initial covariance (AS 154), the exact likelihood by
 *	  the Kalman filter, the conditional sum of squares, polynomial roots.
 *
 * State space form (Harvey 1989, sec. 3.3; Durbin & Koopman 2001, sec.
 * 3.4), as R's makeARIMA builds it: with r = max(p, q + 1) and the
 * differencing polynomial 1 - delta_1 B - ... - delta_nd B^nd, the state is
 * (alpha_1..alpha_r, y_{t-1}..y_{t-nd}), the observation y_t = alpha_1 +
 * sum delta_i y_{t-i}, the transition has phi in the first column of the
 * ARMA block, ones on its superdiagonal, and the disturbance loads on
 * (1, theta_1, ..., theta_{r-1}).
 *
 *-------------------------------------------------------------------------
 */
#include <complex.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arima_int.h"

void *
arima_alloc(const EtsEnv *env, size_t size)
{
	if (size == 0)
		size = 1;
	if (env != NULL && env->alloc != NULL)
		return env->alloc(size, env->alloc_arg);
	return malloc(size);
}

void
arima_release(const EtsEnv *env, void *p)
{
	if (p == NULL)
		return;
	if (env != NULL && env->release != NULL)
		env->release(p, env->alloc_arg);
	else if (env == NULL || env->alloc == NULL)
		free(p);
}

void
arima_interrupt(const EtsEnv *env)
{
	if (env != NULL && env->interrupt != NULL)
		env->interrupt(env->interrupt_arg);
}

/* ---------------------------------------------------------------------
 * Parameter transformations
 * ---------------------------------------------------------------------
 */

/*
 * Map p unconstrained values to the coefficients of a stationary AR
 * polynomial: tanh gives partial autocorrelations in (-1, 1), the
 * Durbin-Levinson recursion turns them into AR coefficients (Jones 1980;
 * Monahan 1984).  R's partrans.
 */
void
arima_partrans(int p, const double *raw, double *out)
{
	double		work[ARIMA_MAX_LAG];
	int			j,
				k;

	for (j = 0; j < p; j++)
		work[j] = out[j] = tanh(raw[j]);
	for (j = 1; j < p; j++)
	{
		double		a = out[j];

		for (k = 0; k < j; k++)
			work[k] -= a * out[j - k - 1];
		for (k = 0; k < j; k++)
			out[k] = work[k];
	}
}

/* The inverse of arima_partrans: the recursion run backwards, then atanh */
void
arima_invpartrans(int p, const double *phi, double *out)
{
	double		work[ARIMA_MAX_LAG];
	int			j,
				k;

	for (j = 0; j < p; j++)
		work[j] = out[j] = phi[j];
	for (j = p - 1; j > 0; j--)
	{
		double		a = out[j];

		for (k = 0; k < j; k++)
			work[k] = (out[k] + a * out[j - k - 1]) / (1.0 - a * a);
		for (k = 0; k < j; k++)
			out[k] = work[k];
	}
	for (j = 0; j < p; j++)
		out[j] = atanh(out[j]);
}

/*
 * Expand (ar, ma, sar, sma) into the full polynomials phi (p + m P) and
 * theta (q + m Q), transforming the AR parts first if trans.  R's
 * ARIMA_transPars.
 */
void
arima_trans_pars(const double *par, const ArimaArma *arma, int trans,
				 double *phi, double *theta)
{
	int			mp = arma->p,
				mq = arma->q,
				msp = arma->P,
				msq = arma->Q,
				ns = arma->m;
	int			np = mp + ns * msp,
				nq = mq + ns * msq;
	double		w[4 * ARIMA_MAX_ORDER];
	const double *pr = par;
	int			i,
				j;

	if (trans)
	{
		int			nn = mp + mq + msp + msq;

		for (i = 0; i < nn; i++)
			w[i] = par[i];
		if (mp > 0)
			arima_partrans(mp, par, w);
		if (msp > 0)
			arima_partrans(msp, par + mp + mq, w + mp + mq);
		pr = w;
	}
	for (i = 0; i < np; i++)
		phi[i] = i < mp ? pr[i] : 0.0;
	for (i = 0; i < nq; i++)
		theta[i] = i < mq ? pr[mp + i] : 0.0;
	for (j = 0; j < msp; j++)
	{
		double		s = pr[mp + mq + j];

		phi[(j + 1) * ns - 1] += s;
		for (i = 0; i < mp; i++)
			phi[(j + 1) * ns + i] -= pr[i] * s;
	}
	for (j = 0; j < msq; j++)
	{
		double		s = pr[mp + mq + msp + j];

		theta[(j + 1) * ns - 1] += s;
		for (i = 0; i < mq; i++)
			theta[(j + 1) * ns + i] += pr[mp + i] * s;
	}
}

/* Transformed parameters back to coefficients (R's ARIMA_undoPars) */
void
arima_undo_pars(const double *par, int npar, const ArimaArma *arma,
				double *out)
{
	int			i;

	for (i = 0; i < npar; i++)
		out[i] = par[i];
	if (arma->p > 0)
		arima_partrans(arma->p, par, out);
	if (arma->P > 0)
		arima_partrans(arma->P, par + arma->p + arma->q,
					   out + arma->p + arma->q);
}

/* Coefficients to transformed parameters (R's ARIMA_Invtrans) */
void
arima_inv_trans(const double *par, int npar, const ArimaArma *arma,
				double *out)
{
	int			i;

	for (i = 0; i < npar; i++)
		out[i] = par[i];
	if (arma->p > 0)
		arima_invpartrans(arma->p, par, out);
	if (arma->P > 0)
		arima_invpartrans(arma->P, par + arma->p + arma->q,
						  out + arma->p + arma->q);
}

/*
 * Jacobian of the transformation by forward differences of step 1e-3
 * (R's ARIMA_Gradtrans): A[i + j npar] = d coef_j / d par_i; the identity
 * outside the AR blocks.
 */
void
arima_grad_trans(const double *par, int npar, const ArimaArma *arma,
				 double *A)
{
	const double eps = 1e-3;
	double		w1[ARIMA_MAX_ORDER],
				w2[ARIMA_MAX_ORDER],
				w3[ARIMA_MAX_ORDER];
	int			blk;
	int			i,
				j;

	for (i = 0; i < npar; i++)
		for (j = 0; j < npar; j++)
			A[i + j * npar] = i == j ? 1.0 : 0.0;
	for (blk = 0; blk < 2; blk++)
	{
		int			k = blk == 0 ? arma->p : arma->P;
		int			off = blk == 0 ? 0 : arma->p + arma->q;

		if (k == 0)
			continue;
		for (i = 0; i < k; i++)
			w1[i] = par[off + i];
		arima_partrans(k, w1, w2);
		for (i = 0; i < k; i++)
		{
			w1[i] += eps;
			arima_partrans(k, w1, w3);
			for (j = 0; j < k; j++)
				A[off + i + (off + j) * npar] = (w3[j] - w2[j]) / eps;
			w1[i] -= eps;
		}
	}
}

/* ---------------------------------------------------------------------
 * Polynomial roots
 * ---------------------------------------------------------------------
 */

/*
 * Roots of 1 + c[0] z + ... + c[k-1] z^k by the Aberth-Ehrlich
 * simultaneous iteration, then Newton polishing.  Leading zero
 * coefficients must have been trimmed (c[k-1] != 0).  Accuracy near
 * machine precision for simple roots is all the callers need (unit-circle
 * tests with a margin, root reflection).
 */
int
arima_polyroot(const double *c, int k, double *re, double *im)
{
	double complex z[2 * ARIMA_MAX_LAG + 2];
	double		a[2 * ARIMA_MAX_LAG + 2];	/* monic, a[i] coef of z^i */
	double		rad = 0.0;
	int			it,
				i,
				j;

	if (k < 1 || k > 2 * ARIMA_MAX_LAG + 1 || c[k - 1] == 0.0)
		return -1;
	a[0] = 1.0 / c[k - 1];
	for (i = 1; i < k; i++)
		a[i] = c[i - 1] / c[k - 1];
	a[k] = 1.0;
	/* starting points on a circle of the Cauchy-bound radius */
	for (i = 0; i < k; i++)
		if (fabs(a[i]) > rad)
			rad = fabs(a[i]);
	rad = pow(fabs(a[0]), 1.0 / k);
	if (!(rad > 0.0) || !isfinite(rad))
		rad = 1.0;
	for (i = 0; i < k; i++)
	{
		double		ang = 2.0 * M_PI * i / k + 0.4;

		z[i] = rad * (cos(ang) + I * sin(ang));
	}
	for (it = 0; it < 500; it++)
	{
		double		maxstep = 0.0;

		for (i = 0; i < k; i++)
		{
			double complex pv = a[k],
						dp = 0.0,
						ratio,
						s = 0.0,
						w;

			for (j = k - 1; j >= 0; j--)
			{
				dp = dp * z[i] + pv;
				pv = pv * z[i] + a[j];
			}
			if (pv == 0.0)
				continue;
			ratio = pv / dp;
			for (j = 0; j < k; j++)
				if (j != i)
					s += 1.0 / (z[i] - z[j]);
			w = ratio / (1.0 - ratio * s);
			z[i] -= w;
			if (cabs(w) > maxstep * (cabs(z[i]) + 1e-300))
				maxstep = cabs(w) / (cabs(z[i]) + 1e-300);
		}
		if (maxstep < 1e-15)
			break;
	}
	for (i = 0; i < k; i++)
	{
		re[i] = creal(z[i]);
		im[i] = cimag(z[i]);
	}
	return k;
}

/*
 * Make an MA polynomial 1 + ma[0] B + ... invertible by replacing each
 * root inside the unit circle by its reciprocal (R's maInvert).
 */
void
arima_ma_invert(double *ma, int q)
{
	double		re[2 * ARIMA_MAX_LAG + 1],
				im[2 * ARIMA_MAX_LAG + 1];
	double complex x[2 * ARIMA_MAX_LAG + 2];
	int			q0 = 0;
	int			any = 0;
	int			i,
				j;

	for (i = 0; i < q; i++)
		if (ma[i] != 0.0)
			q0 = i + 1;
	if (q0 == 0)
		return;
	if (arima_polyroot(ma, q0, re, im) != q0)
		return;
	for (i = 0; i < q0; i++)
		if (hypot(re[i], im[i]) < 1.0)
			any = 1;
	if (!any)
		return;
	if (q0 == 1)
	{
		ma[0] = 1.0 / ma[0];
		for (i = 1; i < q; i++)
			ma[i] = 0.0;
		return;
	}
	/* rebuild prod (1 - z / root) with the reflected roots */
	x[0] = 1.0;
	for (i = 1; i <= q0; i++)
		x[i] = 0.0;
	for (i = 0; i < q0; i++)
	{
		double complex root = re[i] + I * im[i];

		if (cabs(root) < 1.0)
			root = 1.0 / root;
		for (j = i + 1; j >= 1; j--)
			x[j] = x[j] - x[j - 1] / root;
	}
	for (i = 0; i < q0; i++)
		ma[i] = creal(x[i + 1]);
	for (i = q0; i < q; i++)
		ma[i] = 0.0;
}

/* 1 if every root of 1 - ar[0] z - ... lies outside the unit circle */
int
arima_ar_check(const double *ar, int p)
{
	double		c[ARIMA_MAX_LAG + 1] = {0},
				re[ARIMA_MAX_LAG + 1],
				im[ARIMA_MAX_LAG + 1];
	int			p0 = 0;
	int			i;

	for (i = 0; i < p; i++)
		if (ar[i] != 0.0)
			p0 = i + 1;
	if (p0 == 0)
		return 1;
	for (i = 0; i < p0; i++)
		c[i] = -ar[i];
	if (arima_polyroot(c, p0, re, im) != p0)
		return 0;
	for (i = 0; i < p0; i++)
		if (!(hypot(re[i], im[i]) > 1.0))
			return 0;
	return 1;
}

/* ---------------------------------------------------------------------
 * Initial covariance of the stationary part (AS 154)
 * ---------------------------------------------------------------------
 */

/*
 * AS 154 in two halves, so that its work can be kept across likelihood
 * evaluations.  The rows of AS 154's system depend on phi only and the
 * right-hand side on theta only, so the Givens factor (d, rbar) and the
 * rotations applied to each row's right-hand side are a function of phi;
 * replaying the logged rotations on a new right-hand side repeats, in the
 * same order, the very floating-point operations of the full algorithm
 * (the result is bit for bit the same).  The optimiser's numerical
 * gradient perturbs one parameter at a time, so MA, seasonal MA, drift and
 * regression perturbations keep phi (and the last two also theta): for
 * them the factor (or Q0 itself) is taken from the cache.
 */

/*
 * Append a rotation (row i, the eliminated x_i, cbar, sbar) to the log of
 * slot s, growing it when full.
 */
static int
LogRotation(ArimaQ0Slot *s, int i, double xi, double cbar, double sbar,
			const EtsEnv *env)
{
	if (s->nrot == s->caprot)
	{
		size_t		cap = s->caprot * 2 + 64;
		double	   *buf = arima_alloc(env, cap * (3 * sizeof(double) + sizeof(int)));

		if (buf == NULL)
			return ARIMA_ENOMEM;
		if (s->nrot > 0)
		{
			memcpy(buf, s->rx, s->nrot * sizeof(double));
			memcpy(buf + cap, s->rc, s->nrot * sizeof(double));
			memcpy(buf + 2 * cap, s->rs, s->nrot * sizeof(double));
			memcpy(buf + 3 * cap, s->ri, s->nrot * sizeof(int));
		}
		arima_release(env, s->rx);
		s->rx = buf;
		s->rc = buf + cap;
		s->rs = buf + 2 * cap;
		s->ri = (int *) (buf + 3 * cap);
		s->caprot = cap;
	}
	s->ri[s->nrot] = i;
	s->rx[s->nrot] = xi;
	s->rc[s->nrot] = cbar;
	s->rs[s->nrot] = sbar;
	s->nrot++;
	return ARIMA_OK;
}

/*
 * Room for k more ints in the factor's program, or NULL (recording then
 * stops: the program is an optimisation, its absence is no error).
 */
static int *
ProgRoom(ArimaQ0Cache *c, size_t k, const EtsEnv *env)
{
	if (!c->recording)
		return NULL;
	if (c->nprog + k > c->capprog)
	{
		size_t		cap = (c->nprog + k) * 2 + 1024;
		int		   *buf = arima_alloc(env, cap * sizeof(int));

		if (buf == NULL)
		{
			c->recording = 0;
			return NULL;
		}
		if (c->nprog > 0)
			memcpy(buf, c->prog, c->nprog * sizeof(int));
		arima_release(env, c->prog);
		c->prog = buf;
		c->capprog = cap;
	}
	return c->prog + c->nprog;
}

/* Append one int to the program */
static void
ProgPut(ArimaQ0Cache *c, int v, const EtsEnv *env)
{
	int		   *at = ProgRoom(c, 1, env);

	if (at != NULL)
	{
		*at = v;
		c->nprog++;
	}
}

/*
 * Add the row xnext of AS 154's regression to the square-root-free Givens
 * QR factor (d, rbar) of slot s (Gentleman's AS 75 update without the
 * weight, as R's inclu2) and log the rotations for the right-hand side.
 *
 * The rows of AS 154 have at most six non-zeros and the factor stays
 * sparse (~90% of the products of R's dense loop are 0 * 0), so each row
 * of rbar is kept as its list of non-zero columns (ascending, with their
 * values) and the row being eliminated as a dense vector with the list of
 * its possibly non-zero columns.  A rotation updates the union of the two
 * lists with R's very expressions; leaving out 0 * 0 terms changes no
 * value (at most the sign of a zero).
 */
static int
GivensFactorRow(ArimaQ0Cache *c, ArimaQ0Slot *s, int nx, int px0,
				const EtsEnv *env)
{
	size_t		np = c->np;
	double	   *xrow = c->xrow,
			   *d = s->d;
	int		   *xl = c->xl,
			   *ul = c->ul;
	int			px,
				rc = ARIMA_OK;
	int		   *ops;

	for (px = px0; px < nx; px++)
	{
		int			i = xl[px];
		double		xi = xrow[i];
		double		di,
					dpi,
					cbar,
					sbar;
		size_t		off = (size_t) i * np - (size_t) i * (i + 1) / 2;
		int		   *rcol = s->rcol + off;
		double	   *rval = s->rbar + off;
		int			nr = s->rnnz[i],
					a = 0,
					b = px + 1,
					nu = 0,
					*tmp;

		if (xi == 0.0)
		{
			ProgPut(c, i * 4, env);
			continue;
		}
		di = d[i];
		dpi = di + xi * xi;
		d[i] = dpi;
		cbar = di / dpi;
		sbar = xi / dpi;
		/* the program: the decision, then (column, source) per entry */
		ops = ProgRoom(c, 2 + 2 * ((size_t) nr + nx - b), env);
		if (ops != NULL)
		{
			ops[0] = i * 4 + (di == 0.0 ? 2 : 1);
			ops += 2;
		}
		/* merge the row's columns and the remaining columns of xrow */
		while (a < nr || b < nx)
		{
			int			kr = a < nr ? rcol[a] : INT_MAX,
						kx = b < nx ? xl[b] : INT_MAX;
			int			kk = kr < kx ? kr : kx;
			double		xk = xrow[kk];

			if (ops != NULL)
			{
				ops[2 * nu] = kk;
				ops[2 * nu + 1] = kr == kk ? a : -1;
			}
			if (kr == kk)
			{
				double		rb = rval[a++];

				xrow[kk] = xk - xi * rb;
				c->uval[nu] = cbar * rb + sbar * xk;
			}
			else
				c->uval[nu] = cbar * 0.0 + sbar * xk;
			if (kx == kk)
				b++;
			ul[nu++] = kk;
		}
		if (ops != NULL)
		{
			ops[-1] = nu;
			c->nprog += 2 + 2 * (size_t) nu;
		}
		memcpy(rcol, ul, nu * sizeof(int));
		memcpy(rval, c->uval, nu * sizeof(double));
		s->rnnz[i] = nu;
		/* xrow's columns past i are now the union */
		tmp = xl;
		xl = ul;
		ul = tmp;
		nx = nu;
		px = -1;
		xrow[i] = 0.0;
		rc = LogRotation(s, i, xi, cbar, sbar, env);
		if (rc != ARIMA_OK || di == 0.0)
			break;
	}
	/* leave xrow all zero for the next row */
	for (px = 0; px < nx; px++)
		xrow[xl[px]] = 0.0;
	ProgPut(c, -1, env);
	ops = ProgRoom(c, 1 + (size_t) nx, env);
	if (ops != NULL)
	{
		ops[0] = nx;
		memcpy(ops + 1, xl, nx * sizeof(int));
		c->nprog += 1 + (size_t) nx;
	}
	return rc;
}

/*
 * A rotation of the program whose x_i is zero for this phi (a value zero
 * by cancellation), d_i not: the general code skips it.  Rotating by a
 * zero x_i (cbar = 1, sbar = 0) would leave every value as it is; so the
 * row's entries are kept (rval[t] = rval[src]) and the columns the
 * rotation would have added get explicit zeros, xrow is not touched and
 * nothing is logged for the right-hand side.  The values are the general
 * code's; only the structure carries the zeros, which the later
 * rotations and the back-substitution combine as the general code
 * combines an absent entry (cbar * 0.0 + sbar * x_k; x_k - x_i * 0 is x_k
 * and b - 0 * P is b, up to the sign of a zero), so the result is the
 * general code's to the last bit of every non-zero value.  Returns 0, or
 * -1 without changing anything when a value is not finite (0 * Inf).
 */
static int
ZeroRotation(const int *pg, int nu, const double *xrow, double di,
			 int *rcol, double *rval)
{
	int			t;

	if (!isfinite(di))
		return -1;
	for (t = 0; t < nu; t++)
		if (!isfinite(xrow[pg[2 * t]]) ||
			(pg[2 * t + 1] >= 0 && !isfinite(rval[pg[2 * t + 1]])))
			return -1;
	for (t = nu; t-- > 0;)
	{
		int			src = pg[2 * t + 1];

		rval[t] = src >= 0 ? rval[src] : 0.0;
		rcol[t] = pg[2 * t];
	}
	return 0;
}

/*
 * GivensFactorRow for the next row of the program: the same rotations with
 * the same expressions, in the same order, on the same columns (each
 * rotation's merged entries are written back to front, so that rbar's row
 * can grow in place).  The program holds every decision the general code
 * took on its values (a zero x_i skipped, a zero d_i ending the row); they
 * are checked against the new values, so the result is that of
 * GivensFactorRow (a rotation whose x_i is zero now is kept as a no-op:
 * ZeroRotation).  Returns ARIMA_OK, ARIMA_ENOMEM, or 1 when a decision
 * differs: the state is then the general code's at that decision, and
 * c->xl (*nx columns) and *px0 are its list of columns and its place in it,
 * from where GivensFactorRow goes on; *pos is then the place of that
 * decision in the program.
 */
static int
ReplayRow(ArimaQ0Cache *c, ArimaQ0Slot *s, size_t *pos, int *nx, int *px0,
		  const EtsEnv *env)
{
	const int  *pg = c->prog + *pos;
	size_t		np = c->np;
	double	   *xrow = c->xrow,
			   *d = s->d;
	int			n = *pg++,
				k;
	const int  *lst = pg;		/* the current list of columns, */
	int			nlst = n,
				stride = 1,		/* its step in the program, */
				at = 0;			/* and the place in it */

	for (k = 0; k < n; k++)
		xrow[pg[k]] = c->xnext[pg[k]];
	pg += n;
	for (;;)
	{
		int			code = *pg++,
					i,
					nu,
					t;
		double		xi,
					di,
					dpi,
					cbar,
					sbar;
		size_t		off;
		int		   *rcol;
		double	   *rval;

		if (code < 0)
			break;
		i = code >> 2;
		xi = xrow[i];
		di = d[i];
		off = (size_t) i * np - (size_t) i * (i + 1) / 2;
		rcol = s->rcol + off;
		rval = s->rbar + off;
		if ((code & 3) == 1 && xi == 0.0 && di != 0.0 &&
			ZeroRotation(pg + 1, pg[0], xrow, di, rcol, rval) == 0)
		{
			nu = *pg++;
			lst = pg;
			nlst = nu;
			stride = 2;
			at = 0;
			pg += 2 * nu;
			s->rnnz[i] = nu;
			xrow[i] = 0.0;
			c->nzerorot++;
			continue;
		}
		if ((code & 3) == 0 ? xi != 0.0 :
			xi == 0.0 || (di == 0.0) != ((code & 3) == 2))
		{
			for (k = 0; k < nlst; k++)
				c->xl[k] = lst[k * stride];
			*nx = nlst;
			*px0 = at;
			*pos = pg - 1 - c->prog;
			return 1;
		}
		if ((code & 3) == 0)
		{
			at++;
			continue;
		}
		dpi = di + xi * xi;
		d[i] = dpi;
		cbar = di / dpi;
		sbar = xi / dpi;
		nu = *pg++;
		for (t = nu; t-- > 0;)
		{
			int			kk = pg[2 * t],
						src = pg[2 * t + 1];
			double		xk = xrow[kk];

			if (src >= 0)
			{
				double		rb = rval[src];

				xrow[kk] = xk - xi * rb;
				rval[t] = cbar * rb + sbar * xk;
			}
			else
				rval[t] = cbar * 0.0 + sbar * xk;
			rcol[t] = kk;
		}
		lst = pg;
		nlst = nu;
		stride = 2;
		at = 0;
		pg += 2 * nu;
		s->rnnz[i] = nu;
		xrow[i] = 0.0;
		if (LogRotation(s, i, xi, cbar, sbar, env) != ARIMA_OK)
			return ARIMA_ENOMEM;
	}
	n = *pg++;
	for (k = 0; k < n; k++)
		xrow[pg[k]] = 0.0;
	*pos = pg + n - c->prog;
	return ARIMA_OK;
}

/*
 * Load the row being generated into xrow and its list of columns: the
 * (at most five) places AS154Factor writes, ascending, without repeats.
 */
static int
LoadRow(ArimaQ0Cache *c, const size_t *at, int nat)
{
	int			n = 0,
				k,
				m;

	for (k = 0; k < nat; k++)
	{
		int			col = (int) at[k],
					dup = 0;

		for (m = 0; m < n; m++)
			dup |= c->xl[m] == col;
		if (dup)
			continue;
		for (m = n; m > 0 && c->xl[m - 1] > col; m--)
			c->xl[m] = c->xl[m - 1];
		c->xl[m] = col;
		n++;
	}
	for (k = 0; k < n; k++)
		c->xrow[c->xl[k]] = c->xnext[c->xl[k]];
	return n;
}

/*
 * The phi half of AS 154 into slot s: the rows of S vec(Q0) = vec(V)
 * (ordered so that rows start with many zeros) and their Givens factor.
 * With replay, by the program of the last general factorization until
 * one of its decisions does not hold for phi, and from there on by the
 * general code; else by the general code, recording a new program.
 */
static int
AS154Factor(ArimaQ0Cache *c, ArimaQ0Slot *s, const double *phi, int replay,
			const EtsEnv *env)
{
	int			r = c->r,
				p = c->p;
	size_t		np = c->np,
				npr = np - r,
				indj = npr,
				ind2 = npr - 1,
				indi,
				i,
				j;
	double	   *xnext = c->xnext;
	int		   *ops;
	int			nx;
	long		ind1 = -1;
	size_t		at[5],
				pos = 0;
	int			nat,
				px0,
				record = !replay,
				rc;

	s->valid = s->has_q0 = 0;
	s->nrot = 0;
	s->nrow = 0;
	memcpy(s->phi, phi, p * sizeof(double));
	memset(s->d, 0, np * sizeof(double));
	memset(xnext, 0, np * sizeof(double));
	memset(c->xrow, 0, np * sizeof(double));
	memset(s->rnnz, 0, np * sizeof(int));
	c->recording = record;
	if (record)
	{
		c->nprog = 0;
		c->prog_valid = 0;
	}
	for (j = 0; j < (size_t) r; j++)
	{
		double		phij = j < (size_t) p ? phi[j] : 0.0;

		xnext[indj++] = 0.0;
		indi = npr + 1 + j;
		for (i = j; i < (size_t) r; i++)
		{
			double		phii = i < (size_t) p ? phi[i] : 0.0;

			if (j != (size_t) r - 1)
			{
				xnext[indj] = -phii;
				if (i != (size_t) r - 1)
				{
					xnext[indi] -= phij;
					xnext[++ind1] = -1.0;
				}
			}
			xnext[npr] = -phii * phij;
			if (++ind2 >= np)
				ind2 = 0;
			xnext[ind2] += 1.0;
			s->rowend[s->nrow++] = s->nrot;
			at[0] = npr;
			at[1] = ind2;
			nat = 2;
			if (j != (size_t) r - 1)
			{
				at[nat++] = indj;
				if (i != (size_t) r - 1)
				{
					at[nat++] = indi;
					at[nat++] = (size_t) ind1;
				}
			}
			if (replay)
			{
				rc = ReplayRow(c, s, &pos, &nx, &px0, env);
				if (rc == 1)
				{
					/*
					 * the rest by the general code, recorded in place of
					 * the program's rest: the next factorization replays
					 * this one's decisions from here on
					 */
					replay = 0;
					c->npartial++;
					c->nprog = pos;
					c->prog_valid = 0;
					c->recording = record = 1;
					rc = GivensFactorRow(c, s, nx, px0, env);
				}
			}
			else
			{
				nx = LoadRow(c, at, nat);
				ProgPut(c, nx, env);
				ops = ProgRoom(c, nx, env);
				if (ops != NULL)
				{
					memcpy(ops, c->xl, nx * sizeof(int));
					c->nprog += nx;
				}
				rc = GivensFactorRow(c, s, nx, 0, env);
			}
			if (rc != ARIMA_OK)
				return rc;
			xnext[ind2] = 0.0;
			if (i != (size_t) r - 1)
			{
				xnext[indi++] = 0.0;
				xnext[ind1] = 0.0;
			}
		}
		if ((j & 7) == 7)
			arima_interrupt(env);
	}
	s->rowend[s->nrow] = s->nrot;
	s->valid = 1;
	if (record)
		c->prog_valid = c->recording;
	else if (replay)
		c->nreplay++;
	c->recording = 0;
	return ARIMA_OK;
}

/*
 * V = R R' packed by columns of the upper triangle: the right-hand side of
 * AS 154 (and the whole of it for a pure MA model).
 */
static void
AS154Rhs(int r, const double *theta, int q, double *V)
{
	size_t		i,
				j,
				ind = 0;

	for (j = 0; j < (size_t) r; j++)
	{
		double		vj = j == 0 ? 1.0 : (j - 1 < (size_t) q ? theta[j - 1] : 0.0);

		for (i = j; i < (size_t) r; i++)
		{
			double		vi = i == 0 ? 1.0 : (i - 1 < (size_t) q ? theta[i - 1] : 0.0);

			V[ind++] = vi * vj;
		}
	}
}

/* Unpack the packed upper triangle at the start of P into r x r in place */
static void
Unpack(int r, double *P)
{
	size_t		i,
				j,
				ind = (size_t) r * (r + 1) / 2;

	for (i = r - 1; i > 0; i--)
		for (j = r; j-- > i;)
			P[r * i + j] = P[--ind];
	for (i = 0; i + 1 < (size_t) r; i++)
		for (j = i + 1; j < (size_t) r; j++)
			P[i + r * j] = P[j + r * i];
}

/*
 * The theta half of AS 154 with the factor of slot s: rotate the
 * right-hand side as logged, back-substitute, undo the reordering and
 * unpack the triangle into the full r x r matrix q0.
 */
static void
AS154Solve(ArimaQ0Cache *c, const ArimaQ0Slot *s, const double *theta,
		   int q, double *q0)
{
	int			r = c->r;
	size_t		np = c->np,
				npr = np - r,
				i,
				im,
				ind;
	double	   *V = c->V,
			   *thetab = c->thetab,
			   *P = q0;

	AS154Rhs(r, theta, q, V);
	memset(thetab, 0, np * sizeof(double));
	for (ind = 0; ind < np; ind++)
	{
		double		ynext = V[ind];
		int			t;

		for (t = s->rowend[ind]; t < s->rowend[ind + 1]; t++)
		{
			int			k = s->ri[t];
			double		yk = ynext;

			ynext = yk - s->rx[t] * thetab[k];
			thetab[k] = s->rc[t] * thetab[k] + s->rs[t] * yk;
		}
	}

	/*
	 * Back-substitution through the triangular factor, the non-zero terms
	 * of each row in R's order (descending column).  Each row's sum is a
	 * chain of dependent subtractions, so two rows run side by side: row
	 * im - 1's terms in columns past im do not need row im's result.
	 */
	for (im = np; im-- > 0;)
	{
		size_t		pa = im * np - im * (im + 1) / 2,
					pb;
		const double *ra = s->rbar + pa,
				   *rb;
		const int  *ca = s->rcol + pa,
				   *cb;
		double		ba = thetab[im],
					bb;
		int			ta = s->rnnz[im],
					tb,
					nlow = 0;

		if (im == 0)
		{
			while (ta-- > 0)
				ba -= ra[ta] * P[ca[ta]];
			P[im] = ba;
			break;
		}
		pb = (im - 1) * np - (im - 1) * im / 2;
		rb = s->rbar + pb;
		cb = s->rcol + pb;
		bb = thetab[im - 1];
		tb = s->rnnz[im - 1];
		/* row im - 1's terms in columns up to im come last (ascending) */
		while (nlow < tb && cb[nlow] <= (int) im)
			nlow++;
		while (ta > 0 && tb > nlow)
		{
			ta--;
			tb--;
			ba -= ra[ta] * P[ca[ta]];
			bb -= rb[tb] * P[cb[tb]];
		}
		while (ta-- > 0)
			ba -= ra[ta] * P[ca[ta]];
		P[im] = ba;
		while (tb-- > 0)
			bb -= rb[tb] * P[cb[tb]];
		P[--im] = bb;
	}
	/* undo the reordering: the last r elements go first */
	for (i = 0; i < (size_t) r; i++)
		c->xnext[i] = P[npr + i];
	for (i = np; i-- > (size_t) r;)
		P[i] = P[i - r];
	for (i = 0; i < (size_t) r; i++)
		P[i] = c->xnext[i];
	Unpack(r, P);
}

/* Bytes of one cache slot, rounded up to keep the next slot aligned */
static size_t
SlotBytes(int p, int q, int r, size_t np)
{
	size_t		nrbar = np * (np - 1) / 2;
	size_t		b = sizeof(double) * ((size_t) p + q + (size_t) r * r + np +
									  nrbar) +
		sizeof(int) * (nrbar + 2 * np + 1);

	return (b + sizeof(double) - 1) / sizeof(double) * sizeof(double);
}

/*
 * Set up an empty AS 154 cache for models with expanded AR and MA
 * polynomials of lengths p and q.
 */
int
arima_q0_cache_init(ArimaQ0Cache *c, int p, int q, const EtsEnv *env)
{
	int			r = p > q + 1 ? p : q + 1;
	size_t		np = (size_t) r * (r + 1) / 2;
	size_t		sb = SlotBytes(p, q, r, np),
				shared;
	char	   *buf;
	int			k;

	memset(c, 0, sizeof(*c));
	if (r > ARIMA_MAX_LAG)
		return ARIMA_ERANGE;
	/* V, thetab, xnext, xrow, uval; then xl, ul; then the slots */
	shared = (sizeof(double) * 5 + sizeof(int) * 2) * np;
	shared = (shared + sizeof(double) - 1) / sizeof(double) * sizeof(double);
	buf = arima_alloc(env, shared + 2 * sb);
	if (buf == NULL)
		return ARIMA_ENOMEM;
	c->p = p;
	c->q = q;
	c->r = r;
	c->np = np;
	c->V = (double *) buf;
	c->thetab = c->V + np;
	c->xnext = c->thetab + np;
	c->xrow = c->xnext + np;
	c->uval = c->xrow + np;
	c->xl = (int *) (c->uval + np);
	c->ul = c->xl + np;
	buf += shared;
	for (k = 0; k < 2; k++)
	{
		ArimaQ0Slot *s = &c->slot[k];

		s->phi = (double *) buf;
		s->theta = s->phi + p;
		s->q0 = s->theta + q;
		s->d = s->q0 + (size_t) r * r;
		s->rbar = s->d + np;
		s->rcol = (int *) (s->rbar + np * (np - 1) / 2);
		s->rnnz = s->rcol + np * (np - 1) / 2;
		s->rowend = s->rnnz + np;
		buf += sb;
	}
	return ARIMA_OK;
}

void
arima_q0_cache_free(ArimaQ0Cache *c, const EtsEnv *env)
{
	arima_release(env, c->slot[0].rx);
	arima_release(env, c->slot[1].rx);
	arima_release(env, c->prog);
	arima_release(env, c->V);
	memset(c, 0, sizeof(*c));
}

/*
 * Keep the factor of the most recent call: the optimiser calls this before
 * the perturbations of its numerical gradient, whose centre that call was.
 */
void
arima_q0_cache_pin(ArimaQ0Cache *c)
{
	c->base = c->last;
}

/*
 * Unconditional covariance Q0 (r x r, column-major) of the ARMA state,
 * the solution of Q0 = T Q0 T' + R R', by Gardner, Harvey & Phillips
 * (1980), algorithm AS 154: the r(r+1)/2 distinct elements solve a linear
 * system whose rows are generated one at a time (ordered so that rows
 * start with many zeros) and absorbed by Givens rotations; a pure MA
 * model is solved by back-substitution.  This is the method of R's
 * arima(SSinit = "Gardner1980"), the default, reproduced step for step
 * because its rounding (large near the unit circle) and its error for
 * seasonal AR models are part of R's likelihood.  phi has c->p values,
 * theta c->q.  Of the cache's two slots, the pinned one is kept and the
 * other takes a new phi.
 */
int
arima_q0_cached(ArimaQ0Cache *c, const double *phi, const double *theta,
				double *q0, const EtsEnv *env)
{
	int			r = c->r,
				p = c->p,
				q = c->q;
	ArimaQ0Slot *s = NULL;
	int			k;

	if (r == 1)
	{
		q0[0] = p == 0 ? 1.0 : 1.0 / (1.0 - phi[0] * phi[0]);
		return ARIMA_OK;
	}
	if (p == 0)
	{
		/* pure MA: back-substitution */
		size_t		indn = c->np,
					ind = c->np,
					i,
					j;

		AS154Rhs(r, theta, q, c->V);
		for (i = 0; i < (size_t) r; i++)
			for (j = 0; j <= i; j++)
			{
				--ind;
				q0[ind] = c->V[ind];
				if (j != 0)
					q0[ind] += q0[--indn];
			}
		Unpack(r, q0);
		return ARIMA_OK;
	}
	for (k = 0; k < 2 && s == NULL; k++)
	{
		int			sl = k == 0 ? c->base : 1 - c->base;

		if (c->slot[sl].valid &&
			memcmp(c->slot[sl].phi, phi, p * sizeof(double)) == 0)
		{
			s = &c->slot[sl];
			c->last = sl;
		}
	}
	if (s == NULL)
	{
		c->last = c->slot[c->base].valid ? 1 - c->base : c->base;
		s = &c->slot[c->last];
		if (AS154Factor(c, s, phi, c->prog_valid, env) != ARIMA_OK)
		{
			s->valid = 0;
			return ARIMA_ENOMEM;
		}
	}
	if (!s->has_q0 || memcmp(s->theta, theta, q * sizeof(double)) != 0)
	{
		AS154Solve(c, s, theta, q, s->q0);
		memcpy(s->theta, theta, q * sizeof(double));
		s->has_q0 = 1;
	}
	memcpy(q0, s->q0, sizeof(double) * r * r);
	return ARIMA_OK;
}

/* arima_q0_cached with a cache of its own */
int
arima_q0(const double *phi, int p, const double *theta, int q, double *q0,
		 const EtsEnv *env)
{
	ArimaQ0Cache c;
	int			rc = arima_q0_cache_init(&c, p, q, env);

	if (rc != ARIMA_OK)
		return rc;
	rc = arima_q0_cached(&c, phi, theta, q0, env);
	arima_q0_cache_free(&c, env);
	return rc;
}

/* ---------------------------------------------------------------------
 * State-space model and Kalman filter
 * ---------------------------------------------------------------------
 */

int
arima_ss_alloc(ArimaSS *ss, int p, int q, int d, const EtsEnv *env)
{
	int			r = p > q + 1 ? p : q + 1;
	int			rd = r + d;
	size_t		np = (size_t) r * (r + 1) / 2;
	size_t		nd = (size_t) p + r + d + 5 * rd + 2 + 4 * (size_t) rd * rd;
	double	   *buf;

	memset(ss, 0, sizeof(*ss));
	if (r > ARIMA_MAX_LAG)
		return ARIMA_ERANGE;
	/* the Q0 scratch must hold r x r */
	if (np < (size_t) r * r)
		np = (size_t) r * r;
	buf = arima_alloc(env, (nd + np) * sizeof(double));
	if (buf == NULL)
		return ARIMA_ENOMEM;
	memset(buf, 0, (nd + np) * sizeof(double));
	ss->p = p;
	ss->q = q;
	ss->r = r;
	ss->d = d;
	ss->rd = rd;
	ss->phi = buf;
	ss->theta = ss->phi + p;
	ss->delta = ss->theta + r;
	ss->a = ss->delta + d;
	ss->anew = ss->a + rd;
	ss->M = ss->anew + rd;
	ss->P = ss->M + rd;
	ss->Pn = ss->P + (size_t) rd * rd;
	ss->mm = ss->Pn + (size_t) rd * rd;
	ss->mm2 = ss->mm + (size_t) rd * rd;
	ss->w = ss->mm2 + (size_t) rd * rd;
	ss->q0work = ss->w + 2 * (size_t) rd + 2;
	ss->q0worklen = np;
	return ARIMA_OK;
}

/* Keep the AS 154 factor of the last arima_ss_init (see arima_q0_cache_pin) */
void
arima_ss_pin(ArimaSS *ss)
{
	if (ss->q0c != NULL)
		arima_q0_cache_pin(ss->q0c);
}

void
arima_ss_free(ArimaSS *ss, const EtsEnv *env)
{
	arima_release(env, ss->phi);
	if (ss->q0c != NULL)
	{
		arima_q0_cache_free(ss->q0c, env);
		arima_release(env, ss->q0c);
	}
	memset(ss, 0, sizeof(*ss));
}

/*
 * Load phi, theta and delta and the initial state: a = 0, Pn = Q0 for the
 * ARMA block and 1e6 I (diffuse) for the differencing block (R's
 * makeARIMA with kappa = 1e6).
 */
int
arima_ss_init(ArimaSS *ss, const double *phi, const double *theta,
			  const double *delta, const EtsEnv *env)
{
	int			r = ss->r,
				rd = ss->rd;
	int			i,
				j,
				rc;

	for (i = 0; i < ss->p; i++)
		ss->phi[i] = phi[i];
	for (i = 0; i < r; i++)
		ss->theta[i] = i < ss->q ? theta[i] : 0.0;
	for (i = 0; i < ss->d; i++)
		ss->delta[i] = delta[i];
	memset(ss->a, 0, rd * sizeof(double));
	memset(ss->Pn, 0, (size_t) rd * rd * sizeof(double));
	/*
	 * R's AS 154 is far from the solution of the Lyapunov equation for
	 * some seasonal AR models (relative errors up to 1 for P = 2, m = 12;
	 * see arima_filter.c), and R's likelihood includes that error, so it
	 * is reproduced there; elsewhere the two methods agree to ~1e-14.
	 */
	rc = ARIMA_EINVAL;
	if (ss->q0_acov)
		rc = arima_q0_acov(ss->phi, ss->p, ss->theta, ss->q, ss->q0work, env);
	if (rc != ARIMA_OK && ss->q0c == NULL)
	{
		ss->q0c = arima_alloc(env, sizeof(ArimaQ0Cache));
		if (ss->q0c == NULL)
			return ARIMA_ENOMEM;
		rc = arima_q0_cache_init(ss->q0c, ss->p, ss->q, env);
		if (rc != ARIMA_OK)
		{
			arima_release(env, ss->q0c);
			ss->q0c = NULL;
			return rc;
		}
		rc = ARIMA_EINVAL;
	}
	if (rc != ARIMA_OK)
		rc = arima_q0_cached(ss->q0c, ss->phi, ss->theta, ss->q0work, env);
	if (rc != ARIMA_OK)
		return rc;
	for (j = 0; j < r; j++)
		for (i = 0; i < r; i++)
			ss->Pn[i + rd * j] = ss->q0work[i + r * j];
	for (i = r; i < rd; i++)
		ss->Pn[i + rd * i] = 1e6;
	return ARIMA_OK;
}

/*
 * Conditional sum of squares (R's ARIMA_CSS): difference y (w, n values
 * of scratch), then run the ARMA recursion from observation ncond with
 * earlier innovations taken as zero.  Returns the mean square of the
 * innovations; resid (may be NULL) gets them (0 before ncond).
 */
double
arima_css(const double *y, int n, const ArimaArma *arma, const double *phi,
		  int p, const double *theta, int q, int ncond, double *w,
		  double *resid)
{
	double		ssq = 0.0;
	int			nu = 0;
	int			l,
				i,
				j;
	double	   *e = resid;

	memcpy(w, y, n * sizeof(double));
	for (i = 0; i < arma->d; i++)
		for (l = n - 1; l > 0; l--)
			w[l] -= w[l - 1];
	for (i = 0; i < arma->D; i++)
		for (l = n - 1; l >= arma->m; l--)
			w[l] -= w[l - arma->m];
	for (l = 0; l < ncond && l < n; l++)
		e[l] = 0.0;
	for (l = ncond; l < n; l++)
	{
		double		s = w[l];
		int			qq = l - ncond < q ? l - ncond : q;

		for (j = 0; j < p; j++)
			s -= phi[j] * w[l - j - 1];
		for (j = 0; j < qq; j++)
			s -= theta[j] * e[l - j - 1];
		e[l] = s;
		if (!isnan(s))
		{
			nu++;
			ssq += s * s;
		}
	}
	return ssq / nu;
}
