/*-------------------------------------------------------------------------
 *
 * arima_auto.c
 *	  Automatic ARIMA order selection as forecast::auto.arima (forecast
 *	  8.20; Hyndman & Khandakar 2008, J. Stat. Software 27(3)), stepwise:
 *
 *	- D by the seasonal-strength heuristic (nsdiffs, test "seas": STL
 *	  seasonal strength above 0.64), only when n > 2m; d by repeated KPSS
 *	  tests at the 5% level (ndiffs) on the seasonally differenced data;
 *	- a drift is allowed when d + D = 1, a mean when d + D = 0;
 *	- starting models (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0),
 *	  (0,d,1)(0,D,1) and the null model without constant, then moves of
 *	  +-1 in P, Q, then p, q, then the constant, restarting from every
 *	  improvement, at most 94 models;
 *	- AICc with the number of estimated coefficients plus one; a model is
 *	  rejected when a root of its AR or MA polynomial has modulus below
 *	  1.01, or a variance from its Hessian is negative, or R's fit fails;
 *	- with approximation (n > 150 or m > 12) models are compared by their
 *	  CSS fit (AIC offset by the null model's), and the best ones refitted
 *	  by maximum likelihood until one fits; with refit_ml = 0 (not an R
 *	  option: the ensemble's ARIMA member) the best CSS fit is the result.
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arima_int.h"
#include "stl.h"

#define MAXMODELS 200

void
arima_auto_init(ArimaAutoSpec *spec, int m)
{
	memset(spec, 0, sizeof(*spec));
	spec->m = m < 1 ? 1 : m;
	spec->d = -1;
	spec->D = -1;
	spec->max_p = 5;
	spec->max_q = 5;
	spec->max_P = 2;
	spec->max_Q = 2;
	spec->max_order = 5;
	spec->max_d = 2;
	spec->max_D = 1;
	spec->start_p = 2;
	spec->start_q = 2;
	spec->start_P = 1;
	spec->start_Q = 1;
	spec->ic = 0;
	spec->approximation = -1;
	spec->refit_ml = 1;
	spec->allow_drift = 1;
	spec->allow_mean = 1;
	spec->nmodels = 94;
}

/*
 * KPSS level-stationarity statistic (Kwiatkowski et al. 1992) as urca's
 * ur.kpss(type = "mu", use.lag = trunc(3 sqrt(n) / 13)): partial sums of
 * the demeaned series over n^2 times the Bartlett-weighted long-run
 * variance.
 */
double
arima_kpss_stat(const double *x, int n)
{
	int			lmax = (int) trunc(3.0 * sqrt((double) n) / 13.0);
	double		mean = 0.0,
				s = 0.0,
				num = 0.0,
				s2 = 0.0,
				den;
	int			i,
				l;

	for (i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	for (i = 0; i < n; i++)
	{
		double		e = x[i] - mean;

		s += e;
		num += s * s;
		s2 += e * e;
	}
	num /= (double) n * n;
	s2 /= n;
	den = s2;
	for (l = 1; l <= lmax; l++)
	{
		double		c = 0.0;

		for (i = l; i < n; i++)
			c += (x[i] - mean) * (x[i - l] - mean);
		den += 2.0 / n * (1.0 - l / (lmax + 1.0)) * c;
	}
	return num / den;
}

/*
 * forecast::ndiffs(test = "kpss", alpha = 0.05): difference while the
 * KPSS p-value (interpolated in urca's table 0.347/0.463/0.574/0.739 for
 * 10/5/2.5/1%) is below 0.05, i.e. the statistic exceeds 0.463.
 */
int
arima_ndiffs(const double *x, int n, int max_d, const EtsEnv *env)
{
	double	   *w;
	int			d = 0,
				len = n,
				i;

	if (n < 1 || arima_is_constant(x, n))
		return 0;
	w = arima_alloc(env, sizeof(double) * n);
	if (w == NULL)
		return 0;
	memcpy(w, x, sizeof(double) * n);
	for (;;)
	{
		double		stat;

		arima_interrupt(env);	/* O(n^1.5) per statistic */
		stat = arima_kpss_stat(w, len);

		if (isnan(stat) || !(stat > 0.463) || d >= max_d)
			break;
		d++;
		for (i = 0; i + 1 < len; i++)
			w[i] = w[i + 1] - w[i];
		len--;
		if (len < 1 || arima_is_constant(w, len))
			break;
	}
	arima_release(env, w);
	return d;
}

static double
Variance(const double *x, int n)
{
	double		mean = 0.0,
				s = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	for (i = 0; i < n; i++)
		s += (x[i] - mean) * (x[i] - mean);
	return s / (n - 1);
}

/*
 * forecast:::seas.heuristic: with the STL decomposition of mstl (R's
 * stl(s.window = 11), stl.c) into season S and remainder R,
 * max(0, min(1, 1 - var(R) / var(R + S))).  NaN when the series is too
 * short for STL (R's test then fails and no seasonal difference is taken).
 */
double
arima_seas_strength(const double *x, int n, int m, const EtsEnv *env)
{
	StlParams	sp;
	double	   *s,
			   *t,
			   *r,
			   *work;
	double		v,
				res;
	int			i;

	if (m < 2 || n <= 2 * m)
		return NAN;
	s = arima_alloc(env, sizeof(double) * (3 * (size_t) n +
										   5 * ((size_t) n + 2 * m)));
	if (s == NULL)
		return NAN;
	t = s + n;
	r = t + n;
	work = r + n;
	stl_params_default(&sp, m, 11);
	if (env != NULL)
	{
		sp.interrupt = env->interrupt;
		sp.interrupt_arg = env->interrupt_arg;
	}
	if (stl_decompose(x, n, &sp, s, t, work, NULL, 0) != STL_OK)
	{
		arima_release(env, s);
		return NAN;
	}
	for (i = 0; i < n; i++)
		r[i] = x[i] - s[i] - t[i];
	v = Variance(r, n);
	for (i = 0; i < n; i++)
		r[i] += s[i];
	res = 1.0 - v / Variance(r, n);
	arima_release(env, s);
	if (isnan(res))
		return res;
	return res < 0 ? 0 : res > 1 ? 1 : res;
}

/* forecast::nsdiffs(test = "seas", max.D): seasonal strength above 0.64 */
int
arima_nsdiffs(const double *x, int n, int m, int max_D, const EtsEnv *env)
{
	double	   *w;
	int			D = 0,
				len = n,
				i;

	if (m < 2 || max_D <= 0 || arima_is_constant(x, n))
		return 0;
	w = arima_alloc(env, sizeof(double) * n);
	if (w == NULL)
		return 0;
	memcpy(w, x, sizeof(double) * n);
	while (D < max_D)
	{
		double		s;

		arima_interrupt(env);
		s = arima_seas_strength(w, len, m, env);

		if (!(s > 0.64))
			break;
		D++;
		for (i = 0; i + m < len; i++)
			w[i] = w[i + m] - w[i];
		len -= m;
		if (arima_is_constant(w, len))
			break;
	}
	arima_release(env, w);
	return D;
}

/* State of the search */
typedef struct AutoCtx
{
	const double *y;
	int			n;
	const ArimaAutoSpec *spec;
	int			m;
	int			d,
				D;
	int			approx;
	double		offset;
	int			nres;
	int			res[MAXMODELS][7];	/* p q P Q constant fitted-ok */
	double		ic[MAXMODELS];
	ArimaModel	best;
	double		best_ic;
	const EtsEnv *env;
	int			interrupted;
	int			crit;			/* criterion in use */
	int			se_skipped;		/* the last fit's Hessian was not needed */
	int			exact;			/* fit with R's full-state filter throughout */
} AutoCtx;

/* Modulus of the smallest root of 1 + sgn c[0] z + ... (trailing < 1e-8 cut) */
static double
MinRoot(const double *c, int k, double sgn)
{
	double		cc[2 * ARIMA_MAX_LAG + 2] = {0},
				re[2 * ARIMA_MAX_LAG + 2],
				im[2 * ARIMA_MAX_LAG + 2];
	double		mn = 2.0;
	int			last = 0,
				i;

	for (i = 0; i < k; i++)
		if (fabs(c[i]) > 1e-8)
			last = i + 1;
	if (last == 0)
		return mn;
	for (i = 0; i < last; i++)
		cc[i] = sgn * c[i];
	if (arima_polyroot(cc, last, re, im) != last)
		return 0.0;
	for (i = 0; i < last; i++)
	{
		double		r = hypot(re[i], im[i]);

		if (r < mn)
			mn = r;
	}
	return mn;
}

/*
 * The criterion in use from the AIC and the number of parameters (Inf when
 * not a number), as forecast:::myarima; *bic and *aicc get the others.
 */
static double
Criterion(const AutoCtx *c, double aic, int npar, double *bic, double *aicc)
{
	int			nstar = c->n - c->d - c->D * c->m;
	double		ic;

	if (isnan(aic))
		return INFINITY;
	*bic = aic + npar * (log((double) nstar) - 2);
	*aicc = aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1);
	ic = c->crit == 1 ? aic : c->crit == 2 ? *bic : *aicc;
	return isnan(ic) ? INFINITY : ic;
}

/*
 * ArimaSpec.want_se of a search candidate.  myarima rejects a model whose
 * var.coef has a negative diagonal (checkarima), and arima() fails when
 * the Hessian is singular; both only turn the criterion into Inf.  A
 * candidate whose criterion is already no better than the best so far is
 * not kept either way, so its Hessian (about a quarter of a fit's
 * likelihood evaluations) is not needed: the search and the chosen model
 * are the same, bit for bit.
 */
static int
WantSe(double aic, int npar, void *arg)
{
	AutoCtx    *c = arg;
	double		bic,
				aicc;

	if (Criterion(c, aic, npar, &bic, &aicc) < c->best_ic)
		return 1;
	c->se_skipped = 1;
	return 0;
}

/*
 * forecast:::myarima: fit, compute the criterion, reject bad models.
 * Returns the criterion (Inf for rejected or failed fits); *out gets the
 * model when keep is set and the fit worked.
 */
static double
MyArima(AutoCtx *c, int p, int q, int P, int Q, int constant, int approx,
		int lazy_se, ArimaModel *out, int *rc_out)
{
	ArimaSpec	s;
	ArimaModel	fit;
	double		ic,
				mr;
	int			nstar = c->n - c->d - c->D * c->m;
	int			npar,
				rc,
				i;

	arima_spec_init(&s);
	s.p = p;
	s.d = c->d;
	s.q = q;
	s.P = P;
	s.D = c->D;
	s.Q = Q;
	s.m = c->m;
	s.constant = constant;
	s.method = approx ? ARIMA_CSS : ARIMA_CSS_ML;
	s.nx = c->spec->nx;
	s.xreg = c->spec->xreg;
	s.exact_filter = c->exact;
	if (lazy_se)
	{
		s.want_se = WantSe;
		s.want_se_arg = c;
	}
	c->se_skipped = 0;
	*rc_out = ARIMA_OK;
	rc = arima_fit(c->y, c->n, &s, &fit, c->env, NULL, 0);
	if (rc != ARIMA_OK)
	{
		*rc_out = rc;
		return INFINITY;
	}
	npar = 0;
	for (i = 0; i < fit.ncoef; i++)
		npar++;
	npar = npar - fit.fixed + 1;
	if (approx)
		fit.aic = c->offset + nstar * log(fit.sigma2_ml) + 2 * npar;
	ic = Criterion(c, fit.aic, npar, &fit.bic, &fit.aicc);
	mr = 2.0;
	if (p + P > 0)
		mr = fmin(mr, MinRoot(fit.phi, fit.nphi, -1.0));
	if (q + Q > 0 && ic < INFINITY)
		mr = fmin(mr, MinRoot(fit.theta, fit.ntheta, 1.0));
	if (mr < 1.01)
		ic = INFINITY;
	for (i = 0; i < fit.ncoef && !c->se_skipped; i++)
		if (!(i == fit.ncoef - 1 - fit.nx && fit.fixed) && isnan(fit.se[i]))
			ic = INFINITY;
	/* keep the criterion in the stored header */
	fit.blob[25] = fit.aic;
	fit.blob[26] = fit.aicc;
	fit.blob[27] = fit.bic;
	if (out != NULL)
		*out = fit;
	else
		arima_free(&fit, c->env);
	return ic;
}

static int
Seen(const AutoCtx *c, int p, int q, int P, int Q, int k)
{
	int			i;

	for (i = 0; i < c->nres; i++)
		if (c->res[i][0] == p && c->res[i][1] == q && c->res[i][2] == P &&
			c->res[i][3] == Q && c->res[i][4] == k)
			return 1;
	return 0;
}

/* Fit a candidate, record it, keep it if best.  Returns 1 if better. */
static int
Try(AutoCtx *c, int p, int q, int P, int Q, int k)
{
	ArimaModel fit;
	double		ic;
	int			rc;

	memset(&fit, 0, sizeof(fit));
	ic = MyArima(c, p, q, P, Q, k, c->approx, !c->approx, &fit, &rc);
	if (rc == ARIMA_EINTERRUPTED || rc == ARIMA_ENOMEM)
		c->interrupted = rc;
	if (c->nres < MAXMODELS)
	{
		c->res[c->nres][0] = p;
		c->res[c->nres][1] = q;
		c->res[c->nres][2] = P;
		c->res[c->nres][3] = Q;
		c->res[c->nres][4] = k;
		c->ic[c->nres] = ic;
		c->nres++;
	}
	if (ic < c->best_ic)
	{
		if (c->best.blob != NULL)
			arima_free(&c->best, c->env);
		c->best = fit;
		c->best_ic = ic;
		return 1;
	}
	if (fit.blob != NULL)
		arima_free(&fit, c->env);
	return 0;
}

static int
SetErr(char *errbuf, size_t errlen, int rc, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
	return rc;
}

/*
 * The stepwise loop of auto.arima: moves tried in R's order, restarting
 * from the top after each improvement, until no move improves or the
 * model budget is spent.
 */
static void
Stepwise(AutoCtx *c, int *pp, int *pq, int *pP, int *pQ, int *pk,
		 int max_p, int max_q, int max_P, int max_Q, int allow_const)
{
	int			p = *pp,
				q = *pq,
				P = *pP,
				Q = *pQ,
				k = *pk;
	int			nmodels = c->spec->nmodels;
	int			startk = 0;

	while (startk < c->nres && c->nres < nmodels && !c->interrupted)
	{
		static const int moves[16][4] = {
			{0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1},
			{0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
			{-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
			{-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}
		};
		int			improved = 0;
		int			i;

		startk = c->nres;
		arima_interrupt(c->env);
		for (i = 0; i < 17 && !improved; i++)
		{
			int			np = p,
						nq = q,
						nP = P,
						nQ = Q,
						nk = k;

			if (i < 16)
			{
				np += moves[i][0];
				nq += moves[i][1];
				nP += moves[i][2];
				nQ += moves[i][3];
				if (np < 0 || nq < 0 || nP < 0 || nQ < 0 ||
					np > max_p || nq > max_q || nP > max_P || nQ > max_Q)
					continue;
			}
			else
			{
				if (!allow_const)
					continue;
				nk = !k;
			}
			if (Seen(c, np, nq, nP, nQ, nk))
				continue;
			if (c->nres >= nmodels)
				break;
			if (Try(c, np, nq, nP, nQ, nk))
			{
				p = np;
				q = nq;
				P = nP;
				Q = nQ;
				k = nk;
				improved = 1;
			}
		}
	}
	*pp = p;
	*pq = q;
	*pP = P;
	*pQ = Q;
	*pk = k;
}

/*
 * The regressors' share of auto.arima (forecast 8.20): every value finite,
 * no constant column and no column a linear combination of the intercept
 * and the columns before it (R drops a constant column and stops with
 * "xreg is rank deficient"; here both are errors that name the column),
 * then xx = the residuals of lm(x ~ xreg) with an intercept, the series
 * the differencing tests look at.
 */
static int
XregResiduals(const double *y, int n, const ArimaAutoSpec *spec, double *xx,
			  const EtsEnv *env, char *errbuf, size_t errlen)
{
	int			nx = spec->nx;
	double	   *Z = arima_alloc(env, sizeof(double) * (size_t) n * (nx + 1));
	double		b[ARIMA_MAX_XREG + 2],
				se[ARIMA_MAX_XREG + 2];
	int			i,
				j,
				bad,
				rc;

	if (Z == NULL)
		return ARIMA_ENOMEM;
	for (i = 0; i < n * nx; i++)
		if (!isfinite(spec->xreg[i]))
		{
			arima_release(env, Z);
			if (errbuf != NULL && errlen > 0)
				snprintf(errbuf, errlen,
						 "regressor column %d has a value that is not a finite number at row %d",
						 i / n + 1, i % n + 1);
			return ARIMA_EINVAL;
		}
	for (j = 0; j < nx; j++)
		if (arima_is_constant(spec->xreg + (size_t) j * n, n))
		{
			arima_release(env, Z);
			if (errbuf != NULL && errlen > 0)
				snprintf(errbuf, errlen,
						 "regressor column %d is constant: the model's mean or drift already plays its part; leave the column out",
						 j + 1);
			return ARIMA_EINVAL;
		}
	for (i = 0; i < n; i++)
		Z[i] = 1.0;
	memcpy(Z + n, spec->xreg, sizeof(double) * n * nx);
	bad = arima_first_dependent(Z, n, nx + 1, 1e-7, env);
	if (bad > 0)
	{
		arima_release(env, Z);
		if (errbuf != NULL && errlen > 0)
			snprintf(errbuf, errlen,
					 "regressor column %d is a linear combination of the intercept%s: its coefficient cannot be estimated",
					 bad, bad > 1 ? " and the columns before it" : "");
		return ARIMA_EINVAL;
	}
	/* lm's residuals as dqrsl forms them (the callers pass a finite y) */
	rc = bad == -2 ? ARIMA_ENOMEM :
		n > nx + 1 ? arima_lm(Z, n, nx + 1, y, b, se, xx, env) : ARIMA_ELENGTH;
	arima_release(env, Z);
	if (rc == ARIMA_ELENGTH)
		return SetErr(errbuf, errlen, ARIMA_ELENGTH,
					  "the series needs more observations than regressor columns plus one");
	return rc;
}

/*
 * 1 if a regressor column differenced D times at lag m and d times at lag
 * 1 is constant (auto.arima then takes one difference fewer).
 */
static int
XregDiffConstant(const ArimaAutoSpec *spec, int n, int m, int D, int d,
				 const EtsEnv *env)
{
	double	   *w;
	int			found = 0,
				j;

	if (spec->nx == 0)
		return 0;
	w = arima_alloc(env, sizeof(double) * n);
	if (w == NULL)
		return 0;
	for (j = 0; j < spec->nx && !found; j++)
	{
		int			len = n,
					k,
					t;

		memcpy(w, spec->xreg + (size_t) j * n, sizeof(double) * n);
		for (k = 0; k < D + d; k++)
		{
			int			lag = k < D ? m : 1;

			for (t = 0; t + lag < len; t++)
				w[t] = w[t + lag] - w[t];
			len -= lag;
		}
		found = len > 0 && arima_is_constant(w, len);
	}
	arima_release(env, w);
	return found;
}

/*
 * auto.arima's choice of D (nsdiffs, on the residuals of lm(x ~ xreg) when
 * there are regressors) and then of d (ndiffs on the seasonally differenced
 * series), one fewer when a regressor differenced so is constant.  Sets
 * c->d, c->D, c->m; *dconst is 1 when the differenced series is constant,
 * *dmean then its mean.
 */
static int
AutoDifferencing(AutoCtx *c, int D, int *dconst, double *dmean,
				 char *errbuf, size_t errlen)
{
	const ArimaAutoSpec *spec = c->spec;
	const EtsEnv *env = c->env;
	int			n = c->n,
				m = c->m,
				d,
				len,
				i,
				rc;
	double	   *dx,
			   *xx;

	if (spec->nx > 0 && (spec->nx > ARIMA_MAX_XREG || spec->xreg == NULL))
		return SetErr(errbuf, errlen, ARIMA_ERANGE,
					  "too many regressor columns");
	dx = arima_alloc(env, sizeof(double) * n * (spec->nx > 0 ? 2 : 1));
	if (dx == NULL)
		return ARIMA_ENOMEM;
	xx = dx + n;
	if (spec->nx > 0)
	{
		/* forecast: the tests look at the residuals of lm(x ~ xreg) */
		rc = XregResiduals(c->y, n, spec, xx, env, errbuf, errlen);
		if (rc != ARIMA_OK)
		{
			arima_release(env, dx);
			return rc;
		}
	}
	else
		xx = (double *) c->y;
	if (D < 0 && m > 1)
	{
		D = arima_nsdiffs(xx, n, m, spec->max_D, env);
		if (D > 0 && XregDiffConstant(spec, n, m, D, 0, env))
			D--;
	}
	memcpy(dx, xx, sizeof(double) * n);
	len = n;
	for (i = 0; i < D; i++)
	{
		int			t;

		for (t = 0; t + m < len; t++)
			dx[t] = dx[t + m] - dx[t];
		len -= m;
	}
	d = spec->d;
	if (d < 0)
	{
		d = arima_ndiffs(dx, len, spec->max_d, env);
		if (d > 0 && XregDiffConstant(spec, n, m, D, d, env))
			d--;
	}
	for (i = 0; i < d; i++)
	{
		int			t;

		for (t = 0; t + 1 < len; t++)
			dx[t] = dx[t + 1] - dx[t];
		len--;
	}
	c->d = d;
	c->D = D;
	if (len <= 0)
	{
		arima_release(env, dx);
		return SetErr(errbuf, errlen, ARIMA_ELENGTH,
					  "not enough data to proceed");
	}
	*dconst = arima_is_constant(dx, len);
	if (*dconst)
	{
		double		mean = 0.0;

		for (i = 0; i < len; i++)
			mean += dx[i];
		*dmean = mean / len;
	}
	arima_release(env, dx);
	return ARIMA_OK;
}

/*
 * auto.arima's special cases for a constant differenced series (mean its
 * mean): the model without ARMA terms, its constant as R sets it.
 */
static int
ConstantDiffFit(const AutoCtx *c, double mean, ArimaModel *model,
				char *errbuf, size_t errlen)
{
	const ArimaAutoSpec *spec = c->spec;
	ArimaSpec	s;
	int			d = c->d,
				D = c->D;

	arima_spec_init(&s);
	s.d = d;
	s.D = D;
	s.m = c->m;
	if (spec->nx > 0)
	{
		/* R: Arima(x, order = c(0, d, 0), ..., xreg = xreg) */
		s.constant = d + D == 0;
		s.nx = spec->nx;
		s.xreg = spec->xreg;
	}
	else if (D > 0 && d == 0)
	{
		s.constant = 1;
		s.fixed_mean = mean / c->m;
	}
	else if (D > 0 && d > 0)
		s.constant = 0;
	else if (d == 2)
		s.constant = 0;
	else
	{
		s.constant = 1;
		s.fixed_mean = mean;
	}
	return arima_fit(c->y, c->n, &s, model, c->env, errbuf, errlen);
}

/*
 * With the approximation, auto.arima's offset: -2 loglik - n log(sigma2)
 * of the model with the differencing alone (stats::arima(x, order = c(0,
 * d, 0)), include.mean TRUE), so that CSS criteria compare with ML ones.
 */
static void
ApproxOffset(AutoCtx *c)
{
	ArimaSpec	s;
	ArimaModel	f;

	arima_spec_init(&s);
	s.d = c->d;
	s.D = c->D;
	s.m = c->m;
	s.constant = c->d + c->D == 0;
	s.nx = c->spec->nx;
	s.xreg = c->spec->xreg;
	if (arima_fit(c->y, c->n, &s, &f, c->env, NULL, 0) == ARIMA_OK)
	{
		c->offset = -2 * f.loglik - c->n * log(f.sigma2_ml);
		arima_free(&f, c->env);
	}
}

/*
 * auto.arima's first models: the start orders (at most 1 each for n <
 * 10), the null model, AR(1)/SAR(1), MA(1)/SMA(1) and the null model
 * without the constant; the orders of the best so far in *p .. *Q.
 */
static void
StartModels(AutoCtx *c, int *pp, int *pq, int *pP, int *pQ, int constant,
			int max_p, int max_q, int max_P, int max_Q)
{
	const ArimaAutoSpec *spec = c->spec;
	int			p = spec->start_p,
				q = spec->start_q,
				P = spec->start_P,
				Q = spec->start_Q;

	if (c->n < 10)
	{
		p = p < 1 ? p : 1;
		q = q < 1 ? q : 1;
		P = Q = 0;
	}
	p = p < max_p ? p : max_p;
	q = q < max_q ? q : max_q;
	P = P < max_P ? P : max_P;
	Q = Q < max_Q ? Q : max_Q;

	Try(c, p, q, P, Q, constant);
	if (Try(c, 0, 0, 0, 0, constant))
		p = q = P = Q = 0;
	if (max_p > 0 || max_P > 0)
	{
		int			np = max_p > 0,
					nP = c->m > 1 && max_P > 0;

		if (Try(c, np, 0, nP, 0, constant))
		{
			p = np;
			P = nP;
			q = Q = 0;
		}
	}
	if (max_q > 0 || max_Q > 0)
	{
		int			nq = max_q > 0,
					nQ = c->m > 1 && max_Q > 0;

		if (Try(c, 0, nq, 0, nQ, constant))
		{
			p = P = 0;
			q = nq;
			Q = nQ;
		}
	}
	if (constant)
	{
		if (Try(c, 0, 0, 0, 0, 0))
			p = q = P = Q = 0;
	}
	*pp = p;
	*pq = q;
	*pP = P;
	*pQ = Q;
}

/*
 * With the approximation: refit the candidates by maximum likelihood, best
 * CSS criterion first, until one is acceptable (R's auto.arima); the ones
 * with differencing by R's arithmetic, as the final refit.
 */
static void
RefitBest(AutoCtx *c)
{
	int			order[MAXMODELS];
	int			i,
				j,
				rc;

	for (i = 0; i < c->nres; i++)
		order[i] = i;
	for (i = 1; i < c->nres; i++)
		for (j = i; j > 0 && c->ic[order[j]] < c->ic[order[j - 1]]; j--)
		{
			int			t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	arima_free(&c->best, c->env);
	c->best_ic = INFINITY;
	c->exact = c->d + c->D > 0;
	for (i = 0; i < c->nres; i++)
	{
		int			k = order[i];
		ArimaModel	f;
		double		ic;

		if (isnan(c->ic[k]))
			continue;
		memset(&f, 0, sizeof(f));
		ic = MyArima(c, c->res[k][0], c->res[k][1], c->res[k][2],
					 c->res[k][3], c->res[k][4], 0, 0, &f, &rc);
		if (ic < INFINITY)
		{
			c->best = f;
			c->best_ic = ic;
			break;
		}
		if (f.blob != NULL)
			arima_free(&f, c->env);
	}
	c->exact = 0;
}

/*
 * The search's filter drops the differencing states once their variance is
 * zero; R keeps them, with rounding noise that moves its likelihood in the
 * 12th digit and, on a flat likelihood, the optimiser's end point.  So the
 * chosen model with differencing is fitted once more with the full-state
 * filter on every observation, R's arithmetic (with R's least-squares
 * start, its forecasts then agree with R's to 1e-6 on all 300 M3 series
 * of a sample of 301 where the orders agree, against 296 without, at about
 * 7 % more CPU).  A refit that fails keeps the search's fit.  With the
 * approximation the ML refits of RefitBest already used that filter.
 */
static void
ExactRefit(AutoCtx *c)
{
	ArimaModel	f;
	double		ic;
	int			rc;

	memset(&f, 0, sizeof(f));
	c->exact = 1;
	ic = MyArima(c, c->best.p, c->best.q, c->best.P, c->best.Q,
				 c->best.intercept || c->best.drift, 0, 0, &f, &rc);
	c->exact = 0;
	if (ic < INFINITY)
	{
		arima_free(&c->best, c->env);
		c->best = f;
	}
	else if (f.blob != NULL)
		arima_free(&f, c->env);
}

int
arima_auto(const double *y, int n, const ArimaAutoSpec *spec,
		   ArimaModel *model, const EtsEnv *env, char *errbuf, size_t errlen)
{
	AutoCtx		c;
	int			m = spec->m;
	int			max_p = spec->max_p,
				max_q = spec->max_q,
				max_P = spec->max_P,
				max_Q = spec->max_Q;
	int			D,
				constant,
				allow_drift,
				allow_mean,
				dconst = 0;
	int			p,
				q,
				P,
				Q,
				i,
				rc;
	double		dmean = 0.0;

	memset(model, 0, sizeof(*model));
	memset(&c, 0, sizeof(c));
	c.y = y;
	c.n = n;
	c.spec = spec;
	c.env = env;
	c.best_ic = INFINITY;
	if (n < 1)
		return SetErr(errbuf, errlen, ARIMA_ELENGTH, "series is empty");

	/* a constant series: a mean with nothing to estimate */
	if (arima_is_constant(y, n))
	{
		ArimaSpec	s;
		double		mean = 0.0;

		for (i = 0; i < n; i++)
			mean += y[i];
		arima_spec_init(&s);
		s.fixed_mean = mean / n;
		rc = arima_fit(y, n, &s, model, env, errbuf, errlen);
		return rc;
	}
	if (m < 1)
		m = 1;
	max_p = max_p < n / 3 ? max_p : n / 3;
	max_q = max_q < n / 3 ? max_q : n / 3;
	max_P = max_P < n / 3 / m ? max_P : n / 3 / m;
	max_Q = max_Q < n / 3 / m ? max_Q : n / 3 / m;
	/* AICc cannot be computed for tiny samples: R uses AIC for n <= 3 */
	c.crit = n <= 3 ? 1 : spec->ic;
	c.approx = spec->approximation >= 0 ? spec->approximation :
		(n > 150 || m > 12);

	/* differencing */
	D = spec->D;
	if (m == 1)
	{
		D = 0;
		max_P = max_Q = 0;
	}
	else if (D < 0 && n <= 2 * m)
		D = 0;
	c.m = m;
	rc = AutoDifferencing(&c, D, &dconst, &dmean, errbuf, errlen);
	if (rc != ARIMA_OK)
		return rc;
	if (dconst)
		return ConstantDiffFit(&c, dmean, model, errbuf, errlen);
	if (m > 1)
	{
		if (max_P > 0)
			max_p = max_p < m - 1 ? max_p : m - 1;
		if (max_Q > 0)
			max_q = max_q < m - 1 ? max_q : m - 1;
	}
	if (c.approx)
		ApproxOffset(&c);
	allow_drift = spec->allow_drift && c.d + c.D == 1;
	allow_mean = spec->allow_mean && c.d + c.D == 0;
	constant = allow_drift || allow_mean;

	StartModels(&c, &p, &q, &P, &Q, constant, max_p, max_q, max_P, max_Q);
	Stepwise(&c, &p, &q, &P, &Q, &constant, max_p, max_q, max_P, max_Q,
			 allow_drift || allow_mean);
	if (c.interrupted)
	{
		arima_free(&c.best, env);
		return SetErr(errbuf, errlen, c.interrupted, "interrupted");
	}
	if (c.approx && c.best.blob != NULL && spec->refit_ml)
		RefitBest(&c);
	if (c.best.blob == NULL || !(c.best_ic < INFINITY))
	{
		if (c.best.blob != NULL)
			arima_free(&c.best, env);
		return SetErr(errbuf, errlen, ARIMA_ENOFIT,
					  "no suitable ARIMA model found");
	}
	if (!c.approx && c.best.d + c.best.D > 0)
		ExactRefit(&c);
	*model = c.best;
	model->nmodels = c.nres;
	model->blob[20] = c.nres;
	return ARIMA_OK;
}
