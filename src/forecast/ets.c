/*-------------------------------------------------------------------------
 *
 * ets.c
 *	  Exponential smoothing state space models (ETS), plain C.
 *
 * The algorithm is the one of R's forecast::ets() (forecast 8.20; Hyndman,
 * Koehler, Snyder & Grose 2002, IJF 18:439-454; Hyndman & Khandakar 2008,
 * JSS 27(3)), re-implemented here from its published description and the
 * package's documented behaviour, so that the same series gives the same
 * model, parameters and likelihood:
 *
 *	- the state recursions in error-correction form with R's guards
 *	  (divisions by |x| < 1e-10 give 1e10);
 *	- the concentrated likelihood n log(sum e^2) + 2 sum log|f| (the second
 *	  term for multiplicative errors), minimised over the smoothing
 *	  parameters and the initial states together by the Nelder-Mead simplex
 *	  method of Nash (1990, "Compact numerical methods", Algorithm 19), the
 *	  variant R's optim() uses, with R's settings (reflection 1, contraction
 *	  0.5, expansion 2, relative tolerance sqrt(DBL_EPSILON), 2000
 *	  evaluations);
 *	- R's starting values and its parameter region ("usual" bounds and the
 *	  admissible region of Hyndman, Akram & Archibald 2008, AISM 60:407);
 *	- model selection by AICc over the allowed models, and R's fallbacks
 *	  for constant and very short series.
 *
 * Forecast variances follow Hyndman et al. (2008, "Forecasting with
 * exponential smoothing", ch. 6): class 1 (linear models), class 2
 * (multiplicative error, additive components) and class 3 (multiplicative
 * error and season).  Other models get simulated intervals.
 *
 * Performance notes: a fit allocates nothing; the seasonal states are kept
 * in a ring buffer so one step of the recursion costs O(1) whatever m is;
 * the likelihood evaluations used during optimisation skip the multi-step
 * errors that only the final model reports.
 *
 *-------------------------------------------------------------------------
 */
#include "ets.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI	3.14159265358979323846
#endif
#ifndef M_LN2
#define M_LN2	0.69314718055994530942
#endif
#ifndef M_SQRT2
#define M_SQRT2 1.41421356237309504880
#endif

#define NONE	0
#define ADD		1
#define MULT	2

/* R's guards in the state update (etscalc.c) */
#define ETS_TOL		1.0e-10
#define ETS_HUGE	1.0e10

/* Value Nelder-Mead uses for a non-finite objective (R's optim "big") */
#define NM_BIG		1.0e35

/* free parameters: alpha, beta, gamma, phi and 1 + 1 + 23 initial states */
#define MAX_FREE	(4 + ETS_MAX_STATES)

/* call the interrupt callback every this many likelihood evaluations */
#define INTERRUPT_EVERY 256

#ifdef __GNUC__
#define ETS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ETS_PRINTF(a, b)
#endif

static void set_error(char *errbuf, size_t errlen, const char *fmt,...)
			ETS_PRINTF(3, 4);

/*
 * Write an error message into the caller's buffer, if any.
 */
static void
set_error(char *errbuf, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (errbuf == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
}

static int
component_code(char c)
{
	switch (c)
	{
		case 'N':
			return NONE;
		case 'A':
			return ADD;
		case 'M':
			return MULT;
		default:
			return -1;
	}
}

static char
component_char(int code)
{
	return code == ADD ? 'A' : code == MULT ? 'M' : 'N';
}

static void
env_interrupt(const EtsEnv *env)
{
	if (env != NULL && env->interrupt != NULL)
		env->interrupt(env->interrupt_arg);
}

static void *
env_alloc(const EtsEnv *env, size_t size)
{
	if (env != NULL && env->alloc != NULL)
		return env->alloc(size, env->alloc_arg);
	return malloc(size);
}

static void
env_release(const EtsEnv *env, void *ptr)
{
	if (ptr == NULL)
		return;
	if (env != NULL && env->alloc != NULL)
	{
		if (env->release != NULL)
			env->release(ptr, env->alloc_arg);
		return;
	}
	free(ptr);
}

/* ----------------------------------------------------------------------
 * Specification
 * ----------------------------------------------------------------------
 */

int
ets_spec_parse(EtsSpec *spec, const char *model, char *errbuf, size_t errlen)
{
	size_t		len;
	char		e,
				t,
				s;
	int			damped;

	if (model == NULL)
		model = "ZZZ";
	len = strlen(model);
	if (len == 3)
	{
		e = model[0];
		t = model[1];
		s = model[2];
		damped = (t == 'Z') ? ETS_DAMPED_AUTO : ETS_DAMPED_NO;
	}
	else if (len == 4 && model[2] == 'd')
	{
		e = model[0];
		t = model[1];
		s = model[3];
		damped = ETS_DAMPED_YES;
	}
	else
	{
		set_error(errbuf, errlen,
				  "invalid ets model \"%s\": expected three letters for "
				  "error, trend and season, with an optional 'd' after the "
				  "trend, such as \"ZZZ\", \"ANN\" or \"MAdM\"", model);
		return ETS_EINVAL;
	}
	if (e != 'A' && e != 'M' && e != 'Z')
	{
		set_error(errbuf, errlen,
				  "invalid error type '%c' in ets model \"%s\": use A, M or Z",
				  e, model);
		return ETS_EINVAL;
	}
	if (t != 'N' && t != 'A' && t != 'M' && t != 'Z')
	{
		set_error(errbuf, errlen,
				  "invalid trend type '%c' in ets model \"%s\": use N, A, M or Z",
				  t, model);
		return ETS_EINVAL;
	}
	if (s != 'N' && s != 'A' && s != 'M' && s != 'Z')
	{
		set_error(errbuf, errlen,
				  "invalid season type '%c' in ets model \"%s\": use N, A, M or Z",
				  s, model);
		return ETS_EINVAL;
	}
	if (damped == ETS_DAMPED_YES && t == 'N')
	{
		set_error(errbuf, errlen,
				  "ets model \"%s\" damps a trend it does not have", model);
		return ETS_EFORBIDDEN;
	}
	spec->error = e;
	spec->trend = t;
	spec->season = s;
	spec->damped = damped;
	return ETS_OK;
}

int
ets_spec_init(EtsSpec *spec, const char *model, int m,
			  char *errbuf, size_t errlen)
{
	memset(spec, 0, sizeof(*spec));
	spec->error = spec->trend = spec->season = 'Z';
	spec->damped = ETS_DAMPED_AUTO;
	spec->m = m;
	spec->alpha = spec->beta = spec->gamma = spec->phi = NAN;
	spec->lower[0] = spec->lower[1] = spec->lower[2] = 1e-4;
	spec->lower[3] = 0.8;
	spec->upper[0] = spec->upper[1] = spec->upper[2] = 0.9999;
	spec->upper[3] = 0.98;
	spec->opt_crit = ETS_OPT_LIK;
	spec->nmse = 3;
	spec->bounds = ETS_BOUNDS_BOTH;
	spec->ic = ETS_IC_AICC;
	spec->allow_multiplicative_trend = 0;
	spec->additive_only = 0;
	spec->restrict_models = 1;
	spec->maxit = 2000;
	if (m < 1)
	{
		set_error(errbuf, errlen, "season length must be at least 1, got %d",
				  m);
		return ETS_EINVAL;
	}
	return ets_spec_parse(spec, model, errbuf, errlen);
}

/*
 * Check the fields of a spec a caller may have set by hand.
 */
static int
check_spec(const EtsSpec *spec, char *errbuf, size_t errlen)
{
	static const char *const names[4] = {"alpha", "beta", "gamma", "phi"};
	double		fixed[4];
	int			i;

	if ((spec->error != 'A' && spec->error != 'M' && spec->error != 'Z') ||
		(component_code(spec->trend) < 0 && spec->trend != 'Z') ||
		(component_code(spec->season) < 0 && spec->season != 'Z'))
	{
		set_error(errbuf, errlen, "invalid ets model components '%c%c%c'",
				  spec->error, spec->trend, spec->season);
		return ETS_EINVAL;
	}
	if (spec->damped != ETS_DAMPED_NO && spec->damped != ETS_DAMPED_YES &&
		spec->damped != ETS_DAMPED_AUTO)
	{
		set_error(errbuf, errlen, "invalid damped setting %d", spec->damped);
		return ETS_EINVAL;
	}
	if (spec->m < 1)
	{
		set_error(errbuf, errlen, "season length must be at least 1, got %d",
				  spec->m);
		return ETS_EINVAL;
	}
	if (spec->nmse < 1 || spec->nmse > 30)
	{
		set_error(errbuf, errlen, "nmse must be between 1 and 30, got %d",
				  spec->nmse);
		return ETS_EINVAL;
	}
	if (spec->opt_crit < ETS_OPT_LIK || spec->opt_crit > ETS_OPT_MAE ||
		spec->bounds < ETS_BOUNDS_BOTH ||
		spec->bounds > ETS_BOUNDS_ADMISSIBLE ||
		spec->ic < ETS_IC_AICC || spec->ic > ETS_IC_BIC)
	{
		set_error(errbuf, errlen,
				  "invalid optimisation criterion, bounds or information "
				  "criterion code");
		return ETS_EINVAL;
	}
	if (spec->maxit < 1)
	{
		set_error(errbuf, errlen,
				  "maximum number of iterations must be at least 1, got %d",
				  spec->maxit);
		return ETS_EINVAL;
	}
	for (i = 0; i < 4; i++)
	{
		if (!isfinite(spec->lower[i]) || !isfinite(spec->upper[i]) ||
			spec->lower[i] > spec->upper[i])
		{
			set_error(errbuf, errlen,
					  "bounds of %s must be finite with lower <= upper, got "
					  "[%g, %g]", names[i], spec->lower[i], spec->upper[i]);
			return ETS_EINVAL;
		}
	}

	/*
	 * Fixed parameters: R rejects values outside the usual region ("Parameters
	 * out of range"); report it here, with the value, instead of failing
	 * every candidate model.
	 */
	fixed[0] = spec->alpha;
	fixed[1] = spec->beta;
	fixed[2] = spec->gamma;
	fixed[3] = spec->phi;
	for (i = 0; i < 4; i++)
	{
		if (isnan(fixed[i]))
			continue;
		if (!isfinite(fixed[i]))
		{
			set_error(errbuf, errlen, "%s must be finite, got %g", names[i],
					  fixed[i]);
			return ETS_EINVAL;
		}
		if (spec->bounds != ETS_BOUNDS_ADMISSIBLE &&
			(fixed[i] < spec->lower[i] || fixed[i] > spec->upper[i]))
		{
			set_error(errbuf, errlen,
					  "%s must be between %g and %g, got %g", names[i],
					  spec->lower[i], spec->upper[i], fixed[i]);
			return ETS_EINVAL;
		}
	}
	if (spec->bounds != ETS_BOUNDS_ADMISSIBLE && !isnan(spec->alpha))
	{
		if (!isnan(spec->beta) && spec->beta > spec->alpha)
		{
			set_error(errbuf, errlen,
					  "beta must not exceed alpha, got beta %g and alpha %g",
					  spec->beta, spec->alpha);
			return ETS_EINVAL;
		}
		if (!isnan(spec->gamma) && spec->gamma > 1 - spec->alpha)
		{
			set_error(errbuf, errlen,
					  "gamma must not exceed 1 - alpha, got gamma %g and "
					  "alpha %g", spec->gamma, spec->alpha);
			return ETS_EINVAL;
		}
	}
	return ETS_OK;
}

/* ----------------------------------------------------------------------
 * The state recursions
 * ----------------------------------------------------------------------
 */

/*
 * Components and parameters of one model during a run.
 */
typedef struct EtsRun
{
	int			error;
	int			trend;
	int			season;
	int			m;				/* seasonal period, 1 without season */
	double		alpha;
	double		beta;
	double		gamma;
	double		phi;			/* 1 without damping */
} EtsRun;

/*
 * Sums collected over a run.
 */
typedef struct EtsSums
{
	double		sse;			/* sum of e^2 (relative e for 'M') */
	double		sumlog;			/* sum of log|f| */
	double		sumabs;			/* sum of |e| */
	double		amse[30];		/* 1..nmse step-ahead MSE, absolute */
	int			bad;			/* a forecast was undefined (b < 0) */
} EtsSums;

/*
 * The point forecasts f[0..h-1] from the state (l, b, seasonal ring):
 * ring[(p + i) % m] is the seasonal state used i + 1 steps ahead.  A
 * multiplicative trend with a negative slope has no forecast: returns 0
 * then, else 1.  R: forecast() in etscalc.c, except that the damped trend
 * of step h is phi + phi^2 + ... + phi^h: R's routine adds phi^(i+1)
 * after step i, so from step 2 on it counts phi twice and misses phi^h
 * (forecast 8.20; it affects R's point forecasts of the simulated classes,
 * e.g. ETS(M,Md,N), and its in-sample multi-step MSEs of damped models,
 * not the analytic classes, whose means R takes from the state space
 * formulas, which agree with this sum).
 */
static int
point_forecast(const EtsRun *r, double l, double b, const double *ring,
			   int p, double *f, int h)
{
	double		phistar = r->phi;
	int			i,
				j;

	if (r->trend == MULT && b < 0)
		return 0;
	j = p;
	for (i = 0; i < h; i++)
	{
		double		v;

		if (r->trend == NONE)
			v = l;
		else if (r->trend == ADD)
			v = l + phistar * b;
		else
			v = l * pow(b, phistar);
		if (r->season == ADD)
			v += ring[j];
		else if (r->season == MULT)
			v *= ring[j];
		f[i] = v;
		if (r->season != NONE && ++j == r->m)
			j = 0;
		if (i < h - 1)
		{
			if (fabs(r->phi - 1.0) < ETS_TOL)
				phistar += 1.0;
			else
				phistar += pow(r->phi, (double) (i + 2));
		}
	}
	return 1;
}

/*
 * Load the state vector x = (l, b, s[0..m-1]) (s[0] newest) into the
 * running variables; ring[0] is the oldest seasonal state s[m-1].
 */
static void
load_state(const EtsRun *r, const double *x, double *l, double *b,
		   double *ring)
{
	int			j;
	int			off = 1 + (r->trend != NONE);

	*l = x[0];
	*b = (r->trend != NONE) ? x[1] : 0.0;
	if (r->season != NONE)
		for (j = 0; j < r->m; j++)
			ring[j] = x[off + r->m - 1 - j];
}

/* The inverse of load_state, ring starting (oldest) at index p. */
static void
store_state(const EtsRun *r, double l, double b, const double *ring, int p,
			double *x)
{
	int			j;
	int			off = 1 + (r->trend != NONE);

	x[0] = l;
	if (r->trend != NONE)
		x[1] = b;
	if (r->season != NONE)
		for (j = 0; j < r->m; j++)
			x[off + j] = ring[(p + r->m - 1 - j) % r->m];
}

/*
 * One step of the state update given the observation y: R's update() in
 * etscalc.c.  so is the oldest seasonal state (the one for this period);
 * the new seasonal state is returned in *snew.  q is the level-trend part
 * of the one-step forecast, phib the damped slope.
 */
static inline void
state_update(const EtsRun *r, double y, double *l, double *b, double so,
			 double *snew)
{
	double		q,
				phib,
				pp,
				lnew;

	if (r->trend == NONE)
	{
		phib = 0.0;
		q = *l;
	}
	else if (r->trend == ADD)
	{
		phib = r->phi * (*b);
		q = *l + phib;
	}
	else
	{
		phib = (fabs(r->phi - 1.0) < ETS_TOL) ? *b : pow(*b, r->phi);
		q = *l * phib;
	}
	if (r->season == NONE)
		pp = y;
	else if (r->season == ADD)
		pp = y - so;
	else
		pp = (fabs(so) < ETS_TOL) ? ETS_HUGE : y / so;
	lnew = q + r->alpha * (pp - q);
	if (r->trend == ADD)
	{
		/*
		 * R: b = phib + (beta / alpha) (lnew - l - phib), and lnew - l -
		 * phib = alpha (pp - q): the same value without the cancellation.
		 */
		*b = phib + r->beta * (pp - q);
	}
	else if (r->trend == MULT)
	{
		double		rr = (fabs(*l) < ETS_TOL) ? ETS_HUGE : lnew / *l;

		*b = phib + (r->beta / r->alpha) * (rr - phib);
	}
	if (r->season != NONE)
	{
		double		t;

		if (r->season == ADD)
			t = y - q;
		else
			t = (fabs(q) < ETS_TOL) ? ETS_HUGE : y / q;
		*snew = so + r->gamma * (t - so);
	}
	*l = lnew;
}

/*
 * The likelihood term of R (n log(sum e^2) + 2 sum log|f| for 'M' errors)
 * for a model without multiplicative trend: the hot loop of estimation,
 * instantiated for each structure so the compiler drops the branches.
 *
 * Two rearrangements keep it short; both give R's values up to rounding:
 * the level-trend forecast q = l + phi b is carried from step to step as
 * q' = q + phi^2 b + (alpha + phi beta) d with d = p - q (l' = q + alpha
 * d, b' = phi b + beta d), which halves the chain of dependent operations;
 * and sum log|f| is accumulated as a product, renormalised by frexp(), so
 * that there is one log() per run instead of one per step.  With both
 * error and season multiplicative, e = (y / s - q) / q and y / q share
 * one division (the recursion is division-bound there).
 */
#define LIK_KERNEL(NAME, ERR, TR, SE) \
static double \
NAME(const EtsRun *r, const double *y, int n, const double *x0) \
{ \
	double		ring[ETS_MAX_SEASON]; \
	double		l, b, q, sse = 0.0, prod = 1.0, lik; \
	const double alpha = r->alpha, beta = r->beta, gamma = r->gamma; \
	const double phi = r->phi, c = alpha + phi * beta, phi2 = phi * phi; \
	const int	m = r->m; \
	int			expo = 0, p = 0, i; \
 \
	(void) beta; (void) gamma; (void) c; (void) phi2; (void) m; \
	load_state(r, x0, &l, &b, ring); \
	q = (TR == ADD) ? l + phi * b : l; \
	for (i = 0; i < n; i++) \
	{ \
		const double yi = y[i]; \
		double		so = (SE != NONE) ? ring[p] : 0.0; \
		double		f, pp, d, e, t, rq; \
 \
		(void) rq; \
		f = (SE == ADD) ? q + so : (SE == MULT) ? q * so : q; \
		pp = (SE == NONE) ? yi : (SE == ADD) ? yi - so : \
			(fabs(so) < ETS_TOL ? ETS_HUGE : yi / so); \
		d = pp - q; \
		if (ERR == MULT && SE == MULT && fabs(q) >= ETS_TOL && \
			fabs(so) >= ETS_TOL) \
		{ \
			/* (y - q s) / (q s) = (y / s - q) / q and y / q: one division */ \
			rq = 1.0 / q; \
			e = d * rq; \
			t = yi * rq; \
		} \
		else \
		{ \
			e = (ERR == ADD) ? yi - f : (yi - f) / f; \
			t = (SE == ADD) ? yi - q : \
				(fabs(q) < ETS_TOL ? ETS_HUGE : yi / q); \
		} \
		sse += e * e; \
		if (ERR == MULT) \
		{ \
			prod *= fabs(f); \
			if (prod > 1e150 || prod < 1e-150) \
			{ \
				int			ex; \
 \
				prod = frexp(prod, &ex); \
				expo += ex; \
			} \
		} \
		if (SE != NONE) \
		{ \
			ring[p] = so + gamma * (t - so); \
			if (++p == m) \
				p = 0; \
		} \
		if (TR == ADD) \
		{ \
			double		u = q + phi2 * b; \
 \
			b = phi * b + beta * d; \
			q = u + c * d; \
		} \
		else \
			q = q + alpha * d; \
	} \
	lik = n * log(sse); \
	if (ERR == MULT) \
		lik += 2.0 * (log(prod) + expo * M_LN2); \
	return lik; \
}

LIK_KERNEL(lik_ANN, ADD, NONE, NONE)
LIK_KERNEL(lik_AAN, ADD, ADD, NONE)
LIK_KERNEL(lik_ANA, ADD, NONE, ADD)
LIK_KERNEL(lik_AAA, ADD, ADD, ADD)
LIK_KERNEL(lik_ANM, ADD, NONE, MULT)
LIK_KERNEL(lik_AAM, ADD, ADD, MULT)
LIK_KERNEL(lik_MNN, MULT, NONE, NONE)
LIK_KERNEL(lik_MAN, MULT, ADD, NONE)
LIK_KERNEL(lik_MNA, MULT, NONE, ADD)
LIK_KERNEL(lik_MAA, MULT, ADD, ADD)
LIK_KERNEL(lik_MNM, MULT, NONE, MULT)
LIK_KERNEL(lik_MAM, MULT, ADD, MULT)

typedef double (*LikKernel) (const EtsRun *r, const double *y, int n,
							 const double *x0);

/* The kernel for a model without multiplicative trend. */
static LikKernel
lik_kernel(const EtsRun *r)
{
	static const LikKernel k[2][2][3] = {
		{{lik_ANN, lik_ANA, lik_ANM}, {lik_AAN, lik_AAA, lik_AAM}},
		{{lik_MNN, lik_MNA, lik_MNM}, {lik_MAN, lik_MAA, lik_MAM}}
	};

	return k[r->error == MULT][r->trend == ADD][r->season];
}

/*
 * Run the model over y from the initial state x0: R's etscalc().  Fills
 * sums; with nmse > 0 also the multi-step MSEs; fitted/resid/xfinal when
 * not NULL.  This is the hot loop of estimation (nmse = 0, no outputs).
 */
static void
run_model(const EtsRun *r, const double *y, int n, const double *x0,
		  int nmse, EtsSums *sums, double *fitted, double *resid,
		  double *xfinal)
{
	double		l,
				b,
				ring[ETS_MAX_SEASON];
	double		sse = 0.0,
				sumlog = 0.0,
				sumabs = 0.0;
	double		denom[30];
	int			p = 0,
				i,
				j;
	const int	m = r->m;
	const int	error = r->error,
				trend = r->trend,
				season = r->season;
	const double phi = r->phi;

	load_state(r, x0, &l, &b, ring);
	sums->bad = 0;
	for (j = 0; j < nmse; j++)
	{
		sums->amse[j] = 0.0;
		denom[j] = 0.0;
	}

	for (i = 0; i < n; i++)
	{
		double		so = (season != NONE) ? ring[p] : 0.0;
		double		f,
					e,
					snew = 0.0;

		/* one-step forecast, as point_forecast() with h = 1 */
		if (trend == NONE)
			f = l;
		else if (trend == ADD)
			f = l + phi * b;
		else
		{
			if (b < 0)
			{
				sums->bad = 1;
				break;
			}
			f = l * pow(b, phi);
		}
		if (season == ADD)
			f += so;
		else if (season == MULT)
			f *= so;

		if (error == ADD)
			e = y[i] - f;
		else
			e = (y[i] - f) / f;
		if (fitted)
			fitted[i] = f;
		if (resid)
			resid[i] = e;
		sse += e * e;
		if (error == MULT)
			sumlog += log(fabs(f));
		sumabs += fabs(e);

		if (nmse > 0)
		{
			double		fh[30];

			if (point_forecast(r, l, b, ring, p, fh, nmse))
			{
				for (j = 0; j < nmse && i + j < n; j++)
				{
					double		tmp = y[i + j] - fh[j];

					denom[j] += 1.0;
					sums->amse[j] = (sums->amse[j] * (denom[j] - 1.0) +
									 tmp * tmp) / denom[j];
				}
			}
		}

		state_update(r, y[i], &l, &b, so, &snew);
		if (season != NONE)
		{
			ring[p] = snew;
			if (++p == m)
				p = 0;
		}
	}
	sums->sse = sse;
	sums->sumlog = sumlog;
	sums->sumabs = sumabs;
	if (xfinal)
		store_state(r, l, b, ring, p, xfinal);
}

/*
 * R's likelihood term: n log(sum e^2) (+ 2 sum log|f| for 'M' errors);
 * NaN when undefined.
 */
static double
run_lik(const EtsRun *r, int n, const EtsSums *sums)
{
	double		lik;

	if (sums->bad)
		return NAN;
	lik = n * log(sums->sse);
	if (r->error == MULT)
		lik += 2.0 * sums->sumlog;
	return lik;
}

/* ----------------------------------------------------------------------
 * Parameter region
 * ----------------------------------------------------------------------
 */

/*
 * 1 if all roots of z^d + c[1] z^(d-1) + ... + c[d] have modulus at most
 * 1 + 1e-10 (R: max(abs(polyroot(P))) <= 1 + 1e-10).  Instead of computing
 * the roots, scale z by 1 + 1e-10 and run the Schur-Cohn step-down
 * recursion: the roots lie strictly inside the unit circle iff every
 * reflection coefficient has modulus below 1.
 */
static int
roots_inside(const double *c, int d)
{
	double		a[ETS_MAX_SEASON + 2];
	double		rinv = 1.0 / (1.0 + 1e-10),
				scale = 1.0;
	int			i,
				j;

	for (i = 1; i <= d; i++)
	{
		scale *= rinv;
		a[i] = c[i] * scale;
	}
	for (i = d; i >= 1; i--)
	{
		double		k = a[i];
		double		inv;

		if (!(fabs(k) < 1.0))
			return 0;
		inv = 1.0 / (1.0 - k * k);
		/* a[j] <- (a[j] - k a[i-j]) / (1 - k^2), in place by pairs */
		for (j = 1; 2 * j < i; j++)
		{
			double		lo = a[j],
						hi = a[i - j];

			a[j] = (lo - k * hi) * inv;
			a[i - j] = (hi - k * lo) * inv;
		}
		if (2 * j == i)
			a[j] = (a[j] - k * a[j]) * inv;
	}
	return 1;
}

/*
 * The admissible region of the parameters (R: admissible() in ets.R and
 * etsTargetFunction.cpp), up to the test of the characteristic polynomial
 * of seasonal models: returns 0 (outside), 1 (inside) or 2 (inside if the
 * roots of c[0..d] pass roots_inside(); c is filled in).  has_beta /
 * has_gamma: the model has a trend / a season.
 */
static int
admissible_pre(double alpha, double beta, double gamma, double phi, int m,
			   int has_beta, int has_gamma, double *c, int *d)
{
	if (phi < 0 || phi > 1 + 1e-8)
		return 0;
	if (!has_gamma)
	{
		if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi)
			return 0;
		if (has_beta)
		{
			if (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))
				return 0;
		}
	}
	else if (m > 1)
	{
		double		dd = 1 - 1 / phi - alpha;
		int			i;

		if (!has_beta)
			beta = 0;
		if (gamma < (dd > 0 ? dd : 0) || gamma > 1 + 1 / phi - alpha)
			return 0;
		if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) /
			(2 * phi * m))
			return 0;
		if (beta < -(1 - phi) * (gamma / m + alpha))
			return 0;
		/* characteristic polynomial, highest power first */
		c[0] = 1;
		c[1] = alpha + beta - phi;
		for (i = 2; i <= m - 1; i++)
			c[i] = alpha + beta - alpha * phi;
		c[m] = alpha + beta - alpha * phi + gamma - 1;
		c[m + 1] = phi * (1 - alpha - gamma);
		*d = m + 1;
		if (beta == 0 && phi == 1)
		{
			/*
			 * P(1) = m alpha (1 - phi) + m beta + gamma (1 - phi) = 0: z = 1
			 * is a root, which R's test always accepts (its computed modulus
			 * is 1 up to rounding).  Divide it out, so the test is not
			 * decided by rounding at a root on the circle; the quotient is
			 * padded with a zero constant term (a root at 0), which leaves
			 * the step-down recursion unchanged and the degree at m + 1.
			 */
			for (i = 1; i <= m; i++)
				c[i] += c[i - 1];
			c[m + 1] = 0.0;
		}
		return 2;
	}
	return 1;
}

static int
admissible(double alpha, double beta, double gamma, double phi, int m,
		   int has_beta, int has_gamma)
{
	double		c[ETS_MAX_SEASON + 2];
	int			d = 0;
	int			rc = admissible_pre(alpha, beta, gamma, phi, m, has_beta,
									has_gamma, c, &d);

	if (rc == 2)
		return roots_inside(c, d);
	return rc;
}

/* ----------------------------------------------------------------------
 * Several models at once
 *
 * The likelihood recursion and the root test are chains of dependent
 * operations, so one evaluation leaves most of the processor idle.  The
 * candidate models of a selection are independent: their Nelder-Mead runs
 * advance in lockstep and the evaluations of one round run interleaved, in
 * "lanes".  Each lane computes exactly what the one-model code computes.
 * ----------------------------------------------------------------------
 */

#define LANE_MAX	8

/*
 * roots_inside() for nl polynomials of the same degree d; c[l] holds lane
 * l's coefficients; ok[l] receives the answer.
 */
static void
roots_inside_lanes(double (*c)[ETS_MAX_SEASON + 2], int d, int nl, int *ok)
{
	double		a[ETS_MAX_SEASON + 2][LANE_MAX];
	double		k[LANE_MAX],
				inv[LANE_MAX];
	double		rinv = 1.0 / (1.0 + 1e-10),
				scale = 1.0;
	int			i,
				j,
				l;

	for (l = 0; l < nl; l++)
		ok[l] = 1;
	for (i = 1; i <= d; i++)
	{
		scale *= rinv;
		for (l = 0; l < nl; l++)
			a[i][l] = c[l][i] * scale;
	}
	for (i = d; i >= 1; i--)
	{
		for (l = 0; l < nl; l++)
		{
			k[l] = a[i][l];
			if (!(fabs(k[l]) < 1.0))
			{
				ok[l] = 0;
				k[l] = 0.0;		/* carry on harmlessly */
			}
			inv[l] = 1.0 / (1.0 - k[l] * k[l]);
		}
		for (j = 1; 2 * j < i; j++)
		{
			for (l = 0; l < nl; l++)
			{
				double		lo = a[j][l],
							hi = a[i - j][l];

				a[j][l] = (lo - k[l] * hi) * inv[l];
				a[i - j][l] = (hi - k[l] * lo) * inv[l];
			}
		}
		if (2 * j == i)
			for (l = 0; l < nl; l++)
				a[j][l] = (a[j][l] - k[l] * a[j][l]) * inv[l];
	}
}

/*
 * Two models' likelihood recursions interleaved (the body of LIK_KERNEL
 * twice, with the state of both in registers).  A model without trend
 * runs with b = 0, beta = 0, phi = 1, which gives the same numbers.
 */
#define PAIR_STEP(ERR, SE, q, b, sse, prod, expo, ring, ga, be, ph, ph2, cc) \
{ \
	double		so = (SE != NONE) ? ring[p] : 0.0; \
	double		f, pp, d, e, t, rq; \
 \
	(void) rq; \
	f = (SE == ADD) ? q + so : (SE == MULT) ? q * so : q; \
	pp = (SE == NONE) ? yi : (SE == ADD) ? yi - so : \
		(fabs(so) < ETS_TOL ? ETS_HUGE : yi / so); \
	d = pp - q; \
	if (ERR == MULT && SE == MULT && fabs(q) >= ETS_TOL && \
		fabs(so) >= ETS_TOL) \
	{ \
		rq = 1.0 / q; \
		e = d * rq; \
		t = yi * rq; \
	} \
	else \
	{ \
		e = (ERR == ADD) ? yi - f : (yi - f) / f; \
		t = (SE == ADD) ? yi - q : \
			(fabs(q) < ETS_TOL ? ETS_HUGE : yi / q); \
	} \
	sse += e * e; \
	if (ERR == MULT) \
	{ \
		prod *= fabs(f); \
		if (prod > 1e150 || prod < 1e-150) \
		{ \
			int			ex; \
 \
			prod = frexp(prod, &ex); \
			expo += ex; \
		} \
	} \
	if (SE != NONE) \
		ring[p] = so + ga * (t - so); \
	{ \
		double		u = q + ph2 * b; \
 \
		b = ph * b + be * d; \
		q = u + cc * d; \
	} \
}

#define PAIR_KERNEL(NAME, E0, E1, SE) \
static void \
NAME(const EtsRun *r0, const double *x0, const EtsRun *r1, \
	 const double *x1, const double *y, int n, double *lik) \
{ \
	double		ring0[ETS_MAX_SEASON], ring1[ETS_MAX_SEASON]; \
	double		q0, b0, sse0 = 0.0, prod0 = 1.0, ga0, be0, ph0, ph20, cc0; \
	double		q1, b1, sse1 = 0.0, prod1 = 1.0, ga1, be1, ph1, ph21, cc1; \
	int			expo0 = 0, expo1 = 0, t0 = (r0->trend != NONE), \
				t1 = (r1->trend != NONE); \
	const int	m = r0->m; \
	int			i, j, p = 0; \
 \
	b0 = t0 ? x0[1] : 0.0; \
	be0 = t0 ? r0->beta : 0.0; \
	ph0 = t0 ? r0->phi : 1.0; \
	ph20 = ph0 * ph0; \
	cc0 = r0->alpha + ph0 * be0; \
	ga0 = r0->gamma; \
	q0 = t0 ? x0[0] + ph0 * b0 : x0[0]; \
	b1 = t1 ? x1[1] : 0.0; \
	be1 = t1 ? r1->beta : 0.0; \
	ph1 = t1 ? r1->phi : 1.0; \
	ph21 = ph1 * ph1; \
	cc1 = r1->alpha + ph1 * be1; \
	ga1 = r1->gamma; \
	q1 = t1 ? x1[0] + ph1 * b1 : x1[0]; \
	if (SE != NONE) \
		for (j = 0; j < m; j++) \
		{ \
			ring0[j] = x0[1 + t0 + m - 1 - j]; \
			ring1[j] = x1[1 + t1 + m - 1 - j]; \
		} \
	for (i = 0; i < n; i++) \
	{ \
		const double yi = y[i]; \
 \
		PAIR_STEP(E0, SE, q0, b0, sse0, prod0, expo0, ring0, ga0, be0, \
				  ph0, ph20, cc0) \
		PAIR_STEP(E1, SE, q1, b1, sse1, prod1, expo1, ring1, ga1, be1, \
				  ph1, ph21, cc1) \
		if (SE != NONE && ++p == m) \
			p = 0; \
	} \
	lik[0] = n * log(sse0); \
	if (E0 == MULT) \
		lik[0] += 2.0 * (log(prod0) + expo0 * M_LN2); \
	lik[1] = n * log(sse1); \
	if (E1 == MULT) \
		lik[1] += 2.0 * (log(prod1) + expo1 * M_LN2); \
}

PAIR_KERNEL(pair_AA_N, ADD, ADD, NONE)
PAIR_KERNEL(pair_AM_N, ADD, MULT, NONE)
PAIR_KERNEL(pair_MM_N, MULT, MULT, NONE)
PAIR_KERNEL(pair_AA_A, ADD, ADD, ADD)
PAIR_KERNEL(pair_AM_A, ADD, MULT, ADD)
PAIR_KERNEL(pair_MM_A, MULT, MULT, ADD)
PAIR_KERNEL(pair_AA_M, ADD, ADD, MULT)
PAIR_KERNEL(pair_AM_M, ADD, MULT, MULT)
PAIR_KERNEL(pair_MM_M, MULT, MULT, MULT)

typedef void (*PairKernel) (const EtsRun *r0, const double *x0,
							const EtsRun *r1, const double *x1,
							const double *y, int n, double *lik);

/* the pair kernel for r0, r1 (same season; r0 additive error if either) */
static PairKernel
pair_kernel(const EtsRun *r0, const EtsRun *r1)
{
	static const PairKernel k[3][3] = {
		{pair_AA_N, pair_AM_N, pair_MM_N},
		{pair_AA_A, pair_AM_A, pair_MM_A},
		{pair_AA_M, pair_AM_M, pair_MM_M}
	};

	return k[r0->season][(r0->error == MULT) + (r1->error == MULT)];
}

/* ----------------------------------------------------------------------
 * The objective
 * ----------------------------------------------------------------------
 */

typedef struct Target
{
	const double *y;
	int			n;
	EtsRun		run;			/* components; parameters are overwritten */
	int			nfree;			/* free initial states */
	int			opt[4];			/* alpha, beta, gamma, phi estimated? */
	int			given[4];		/* ... or fixed by the caller? */
	double		lower[4];
	double		upper[4];
	int			opt_crit;
	int			nmse;
	int			bounds;
	long		nfeval;
	const EtsEnv *env;
} Target;

/*
 * The parameter checks of the optimiser (R: check_params() in
 * etsTargetFunction.cpp): 0 (fails), 1 (passes) or 2 (passes if the
 * polynomial c[0..d] passes roots_inside()).
 */
static int
target_params_ok(const Target *t, double alpha, double beta, double gamma,
				 double phi, double *c, int *d)
{
	if (t->bounds != ETS_BOUNDS_ADMISSIBLE)
	{
		if (t->opt[0] && (alpha < t->lower[0] || alpha > t->upper[0]))
			return 0;
		if (t->opt[1] && (beta < t->lower[1] || beta > alpha ||
						  beta > t->upper[1]))
			return 0;
		if (t->opt[3] && (phi < t->lower[3] || phi > t->upper[3]))
			return 0;
		if (t->opt[2] && (gamma < t->lower[2] || gamma > 1 - alpha ||
						  gamma > t->upper[2]))
			return 0;
	}
	if (t->bounds != ETS_BOUNDS_USUAL)
		return admissible_pre(alpha, beta, gamma, phi, t->run.m,
							  t->opt[1] || t->given[1],
							  t->opt[2] || t->given[2], c, d);
	return 1;
}

/*
 * Complete the initial state from the free states: the last seasonal
 * state makes the seasonal states sum to 0 (additive) or m (multiplicative).
 * Returns 0 if a multiplicative seasonal state is negative.
 */
static int
complete_state(const EtsRun *r, const double *free_states, int nfree,
			   double *x)
{
	int			j;

	memcpy(x, free_states, nfree * sizeof(double));
	if (r->season != NONE)
	{
		int			start = 1 + (r->trend != NONE);
		double		sum = 0.0;

		for (j = start; j < nfree; j++)
			sum += x[j];
		x[nfree] = ((r->season == MULT) ? r->m : 0) - sum;
		if (r->season == MULT)
		{
			for (j = start; j <= nfree; j++)
				if (x[j] < 0)
					return 0;
		}
	}
	return 1;
}

/* R: avoid perfect fits; an undefined likelihood is infinite */
static double
clamp_lik(double lik)
{
	if (lik < -1e10)
		return -1e10;
	if (isnan(lik))
		return INFINITY;
	return lik;
}

/*
 * The first part of the objective: the model run r and its complete
 * initial state x from par, which holds the estimated parameters (alpha,
 * beta, gamma, phi, those estimated, in that order) then the free initial
 * states.  Returns 0 when the objective is infinite, 1 when it is to be
 * computed, 2 when it is to be computed if the polynomial c[0..d] passes
 * roots_inside().
 */
static int
target_setup(const Target *t, const double *par, EtsRun *r, double *x,
			 double *c, int *d)
{
	int			j = 0,
				rc;

	*r = t->run;
	if (t->opt[0])
		r->alpha = par[j++];
	if (t->opt[1])
		r->beta = par[j++];
	if (t->opt[2])
		r->gamma = par[j++];
	if (t->opt[3])
		r->phi = par[j++];
	rc = target_params_ok(t, r->alpha, r->beta, r->gamma, r->phi, c, d);
	if (rc == 0)
		return 0;
	if (!complete_state(r, par + j, t->nfree, x))
		return 0;
	return rc;
}

/* 1 if the objective of t is computed by the lane kernels */
static int
target_lanes_ok(const Target *t)
{
	return t->opt_crit == ETS_OPT_LIK && t->run.trend != MULT;
}

/*
 * The objective (R: EtsTargetFunction::eval()), one evaluation.
 */
static double
target_eval(const double *par, void *arg)
{
	Target	   *t = (Target *) arg;
	EtsRun		r;
	EtsSums		sums;
	double		x[ETS_MAX_STATES];
	double		c[ETS_MAX_SEASON + 2];
	double		lik,
				obj;
	int			d = 0,
				j,
				rc;

	if (++t->nfeval % INTERRUPT_EVERY == 0)
		env_interrupt(t->env);

	rc = target_setup(t, par, &r, x, c, &d);
	if (rc == 0 || (rc == 2 && !roots_inside(c, d)))
		return INFINITY;

	if (target_lanes_ok(t))
		return clamp_lik(lik_kernel(&r) (&r, t->y, t->n, x));
	run_model(&r, t->y, t->n, x,
			  t->opt_crit == ETS_OPT_AMSE || t->opt_crit == ETS_OPT_MSE ?
			  t->nmse : 0, &sums, NULL, NULL, NULL);
	lik = clamp_lik(run_lik(&r, t->n, &sums));
	switch (t->opt_crit)
	{
		case ETS_OPT_LIK:
			obj = lik;
			break;
		case ETS_OPT_MSE:
			obj = sums.amse[0];
			break;
		case ETS_OPT_AMSE:
			obj = 0.0;
			for (j = 0; j < t->nmse; j++)
				obj += sums.amse[j] / t->nmse;
			break;
		case ETS_OPT_SIGMA:
			obj = sums.sse / t->n;
			break;
		default:
			obj = sums.sumabs / t->n;
			break;
	}
	return obj;
}

/* ----------------------------------------------------------------------
 * Nelder-Mead
 * ----------------------------------------------------------------------
 */

typedef double (*NmFn) (const double *x, void *arg);

typedef enum NmPhase
{
	NM_START,					/* x is the starting point */
	NM_VERTEX,					/* x is vertex j of a new simplex */
	NM_REFLECT,					/* x is the reflected point */
	NM_EXPAND,					/* x is the expanded point */
	NM_CONTRACT,				/* x is the contracted point */
	NM_DONE
} NmPhase;

/*
 * A Nelder-Mead minimisation that hands out the points to evaluate, so
 * that several can advance together: nm_begin(), then as long as
 * nm_advance(s, f(s->x)) returns 1, evaluate the new s->x.
 *
 * The method is the variant of Nash (1990, "Compact numerical methods",
 * Algorithm 19) in R's optim(method = "Nelder-Mead"): initial simplex
 * from steps of 10% of the largest coordinate, reflection 1, contraction
 * 0.5, expansion 2, shrinking when a contraction fails, convergence when
 * the spread of the function values is within reltol * (|f0| + reltol),
 * at most maxit evaluations; non-finite values count as 1e35.  When done,
 * best holds the best vertex and fmin its value (INFINITY if f was not
 * finite at the start: R's "function cannot be evaluated at initial
 * parameters").
 *
 * P holds the simplex column-wise: P[i][j] is coordinate i of vertex j,
 * P[n][j] its value; column n + 1 is the centroid.  L and H (1-based, as
 * in Nash) are the lowest and highest vertices.
 */
typedef struct NmState
{
	int			n;
	int			maxit;
	int			phase;
	int			funcount;
	int			L;
	int			H;
	int			j;
	int			calcvert;
	double		reltol;
	double		convtol;
	double		size;
	double		oldsize;
	double		VH;
	double		VL;
	double		VR;
	double		fmin;
	double		x[MAX_FREE];
	double		best[MAX_FREE];
	double		P[MAX_FREE + 1][MAX_FREE + 2];
} NmState;

#define NM_ALPHA	1.0
#define NM_BETA		0.5
#define NM_GAMMA	2.0

static void
nm_begin(NmState *s, int n, const double *x0, double reltol, int maxit)
{
	s->n = n;
	s->maxit = maxit;
	s->reltol = reltol;
	s->phase = NM_START;
	s->funcount = 0;
	memcpy(s->x, x0, n * sizeof(double));
}

static int
nm_finish(NmState *s)
{
	int			i;

	for (i = 0; i < s->n; i++)
		s->best[i] = s->P[i][s->L - 1];
	s->fmin = s->P[s->n][s->L - 1];
	s->phase = NM_DONE;
	return 0;
}

/* request vertex j or the next one after it that is not L; 0 if none */
static int
nm_request_vertex(NmState *s, int j)
{
	int			i;

	while (j < s->n + 1 && j + 1 == s->L)
		j++;
	if (j >= s->n + 1)
		return 0;
	for (i = 0; i < s->n; i++)
		s->x[i] = s->P[i][j];
	s->j = j;
	s->phase = NM_VERTEX;
	return 1;
}

/*
 * The top of an iteration, once all vertices have values: find L and H,
 * stop on convergence, else request the reflection of H.
 */
static int
nm_iterate(NmState *s)
{
	int			n = s->n,
				n1 = n + 1,
				C = n + 2,
				i,
				j;
	double		f;
	double		temp[MAX_FREE];

	s->VL = s->P[n1 - 1][s->L - 1];
	s->VH = s->VL;
	s->H = s->L;
	for (j = 1; j <= n1; j++)
	{
		if (j != s->L)
		{
			f = s->P[n1 - 1][j - 1];
			if (f < s->VL)
			{
				s->L = j;
				s->VL = f;
			}
			if (f > s->VH)
			{
				s->H = j;
				s->VH = f;
			}
		}
	}
	if (s->VH <= s->VL + s->convtol)
		return nm_finish(s);

	/*
	 * centroid of all but the highest vertex; summed vertex by vertex so
	 * the coordinates accumulate side by side (each in the order of R's
	 * loop, so the sums are the same)
	 */
	for (i = 0; i < n; i++)
		temp[i] = -s->P[i][s->H - 1];
	for (j = 0; j < n1; j++)
		for (i = 0; i < n; i++)
			temp[i] += s->P[i][j];
	for (i = 0; i < n; i++)
		s->P[i][C - 1] = temp[i] / n;
	for (i = 0; i < n; i++)
		s->x[i] = (1.0 + NM_ALPHA) * s->P[i][C - 1] -
			NM_ALPHA * s->P[i][s->H - 1];
	s->phase = NM_REFLECT;
	return 1;
}

/* the end of an iteration: stop at maxit, else start the next one */
static int
nm_next(NmState *s)
{
	if (!(s->funcount <= s->maxit))
		return nm_finish(s);
	if (s->calcvert)
	{
		if (nm_request_vertex(s, 0))
			return 1;
		s->calcvert = 0;
	}
	return nm_iterate(s);
}

/*
 * Take the value f of the point s->x; returns 1 with the next point to
 * evaluate in s->x, or 0 when the minimisation is over.
 */
static int
nm_advance(NmState *s, double f)
{
	int			n = s->n,
				n1 = n + 1,
				C = n + 2,
				i,
				j;
	double		step,
				trystep;

	if (!isfinite(f))
		f = (s->phase == NM_START) ? INFINITY : NM_BIG;

	switch (s->phase)
	{
		case NM_START:
			if (!isfinite(f))
			{
				s->funcount = 1;
				s->fmin = INFINITY;
				memcpy(s->best, s->x, n * sizeof(double));
				s->phase = NM_DONE;
				return 0;
			}
			s->funcount = 1;
			s->convtol = s->reltol * (fabs(f) + s->reltol);
			s->P[n1 - 1][0] = f;
			for (i = 0; i < n; i++)
				s->P[i][0] = s->x[i];
			s->L = 1;
			s->size = 0.0;
			step = 0.0;
			for (i = 0; i < n; i++)
				if (0.1 * fabs(s->x[i]) > step)
					step = 0.1 * fabs(s->x[i]);
			if (step == 0.0)
				step = 0.1;
			for (j = 2; j <= n1; j++)
			{
				for (i = 0; i < n; i++)
					s->P[i][j - 1] = s->x[i];
				trystep = step;
				while (s->P[j - 2][j - 1] == s->x[j - 2])
				{
					s->P[j - 2][j - 1] = s->x[j - 2] + trystep;
					trystep *= 10;
				}
				s->size += trystep;
			}
			s->oldsize = s->size;
			s->calcvert = 1;
			if (nm_request_vertex(s, 0))
				return 1;
			s->calcvert = 0;
			return nm_iterate(s);

		case NM_VERTEX:
			s->funcount++;
			s->P[n1 - 1][s->j] = f;
			if (nm_request_vertex(s, s->j + 1))
				return 1;
			s->calcvert = 0;
			return nm_iterate(s);

		case NM_REFLECT:
			s->funcount++;
			s->VR = f;
			if (s->VR < s->VL)
			{
				/* try an expansion */
				s->P[n1 - 1][C - 1] = f;
				for (i = 0; i < n; i++)
				{
					double		v = NM_GAMMA * s->x[i] +
						(1 - NM_GAMMA) * s->P[i][C - 1];

					s->P[i][C - 1] = s->x[i];
					s->x[i] = v;
				}
				s->phase = NM_EXPAND;
				return 1;
			}
			if (s->VR < s->VH)
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = s->VR;
			}
			/* contraction towards the centroid */
			for (i = 0; i < n; i++)
				s->x[i] = (1 - NM_BETA) * s->P[i][s->H - 1] +
					NM_BETA * s->P[i][C - 1];
			s->phase = NM_CONTRACT;
			return 1;

		case NM_EXPAND:
			s->funcount++;
			if (f < s->VR)
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = f;
			}
			else
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->P[i][C - 1];
				s->P[n1 - 1][s->H - 1] = s->VR;
			}
			return nm_next(s);

		case NM_CONTRACT:
			s->funcount++;
			if (f < s->P[n1 - 1][s->H - 1])
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = f;
			}
			else if (s->VR >= s->VH)
			{
				/* shrink towards the lowest vertex */
				int			L = s->L;

				s->calcvert = 1;
				s->size = 0.0;
				for (j = 0; j < n1; j++)
				{
					if (j + 1 != L)
					{
						for (i = 0; i < n; i++)
						{
							s->P[i][j] = NM_BETA * (s->P[i][j] - s->P[i][L - 1]) +
								s->P[i][L - 1];
							s->size += fabs(s->P[i][j] - s->P[i][L - 1]);
						}
					}
				}
				if (s->size < s->oldsize)
					s->oldsize = s->size;
				else
					return nm_finish(s);	/* polytope no longer shrinks */
			}
			return nm_next(s);

		default:
			return 0;
	}
}

/*
 * Minimise fn from x (n <= MAX_FREE coordinates); on return x is the best
 * point.  Returns its value (INFINITY if fn was not finite at the start).
 */
static double
nelder_mead(int n, double *x, NmFn fn, void *arg, double reltol, int maxit,
			int *fncount)
{
	NmState		s;

	nm_begin(&s, n, x, reltol, maxit);
	while (nm_advance(&s, fn(s.x, arg)))
		;
	memcpy(x, s.best, n * sizeof(double));
	*fncount = s.funcount;
	return s.fmin;
}

/* ----------------------------------------------------------------------
 * Initial states (R: initstate() in ets.R)
 * ----------------------------------------------------------------------
 */

/*
 * Least squares coefficients of y on the p <= 4 columns of X (n x p,
 * column-major) by Householder QR.  A column that is numerically
 * dependent on the previous ones gets coefficient 0 (as lm() drops it).
 */
static void
least_squares(double *X, int n, int p, double *yy, double *coef)
{
	double		diag[4];
	int			dropped[4] = {0, 0, 0, 0};
	int			i,
				j,
				k;

	for (k = 0; k < p; k++)
	{
		double	   *a = X + (size_t) k * n;
		double		norm = 0.0,
					colnorm = 0.0,
					alpha,
					vnorm2;

		for (i = 0; i < n; i++)
			colnorm += a[i] * a[i];
		for (i = k; i < n; i++)
			norm += a[i] * a[i];
		norm = sqrt(norm);
		if (norm <= 1e-7 * sqrt(colnorm) || norm == 0.0)
		{
			dropped[k] = 1;
			diag[k] = 0.0;
			continue;
		}
		alpha = (a[k] > 0) ? -norm : norm;
		/* v = a[k:] - alpha e1, stored in a[k:] */
		a[k] -= alpha;
		vnorm2 = 0.0;
		for (i = k; i < n; i++)
			vnorm2 += a[i] * a[i];
		for (j = k + 1; j <= p; j++)
		{
			double	   *c = (j < p) ? X + (size_t) j * n : yy;
			double		dot = 0.0;

			for (i = k; i < n; i++)
				dot += a[i] * c[i];
			dot = 2.0 * dot / vnorm2;
			for (i = k; i < n; i++)
				c[i] -= dot * a[i];
		}
		diag[k] = alpha;
	}
	/* back substitution with R (upper triangle; diagonal in diag[]) */
	for (k = p - 1; k >= 0; k--)
	{
		double		s = yy[k];

		if (dropped[k])
		{
			coef[k] = 0.0;
			continue;
		}
		for (j = k + 1; j < p; j++)
			s -= X[(size_t) j * n + k] * coef[j];
		coef[k] = s / diag[k];
	}
}

/*
 * Intercept and slope of y[0..n-1] on t = 1..n (R: lsfit(1:n, y)).
 */
static void
line_fit(const double *y, int n, double *a, double *b)
{
	double		tbar = (n + 1) / 2.0,
				ybar = 0.0,
				sxy = 0.0,
				sxx = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		ybar += y[i];
	ybar /= n;
	for (i = 0; i < n; i++)
	{
		double		dt = (i + 1) - tbar;

		sxy += dt * (y[i] - ybar);
		sxx += dt * dt;
	}
	*b = (sxx > 0) ? sxy / sxx : 0.0;
	*a = ybar - *b * tbar;
}

/*
 * Classical decomposition's seasonal figure (R: decompose()): a centred
 * moving average of order m (2 x m for even m) as trend, the detrended
 * series averaged by position in the cycle, normalised to mean 0 (or 1).
 * figure[k] belongs to times k, k + m, ... (0-based).  Needs n >= 2m.
 */
static void
decompose_figure(const double *y, int n, int m, int mult, double *figure)
{
	double		w[ETS_MAX_SEASON + 1];
	double		sum[ETS_MAX_SEASON],
				mean;
	int			cnt[ETS_MAX_SEASON];
	int			nf,
				shift,
				i,
				j,
				k;

	if (m % 2 == 0)
	{
		nf = m + 1;
		w[0] = w[m] = 0.5 / m;
		for (j = 1; j < m; j++)
			w[j] = 1.0 / m;
	}
	else
	{
		nf = m;
		for (j = 0; j < m; j++)
			w[j] = 1.0 / m;
	}
	shift = nf / 2;
	for (k = 0; k < m; k++)
	{
		sum[k] = 0.0;
		cnt[k] = 0;
	}
	for (i = 0; i < n; i++)
	{
		double		tr = 0.0;

		if (i + shift - (nf - 1) < 0 || i + shift >= n)
			continue;
		for (j = 0; j < nf; j++)
			tr += w[j] * y[i + shift - j];
		sum[i % m] += mult ? y[i] / tr : y[i] - tr;
		cnt[i % m]++;
	}
	mean = 0.0;
	for (k = 0; k < m; k++)
	{
		figure[k] = cnt[k] > 0 ? sum[k] / cnt[k] : 0.0;
		mean += figure[k];
	}
	mean /= m;
	for (k = 0; k < m; k++)
		figure[k] = mult ? figure[k] / mean : figure[k] - mean;
}

/*
 * The starting values of the free initial states: l0, b0 (with a trend)
 * and s0..s[m-2] (with a season; the last one is implied), as R's
 * initstate().  Returns their number, or -1 when the data cannot give
 * them (fewer than 4 values for a seasonal model).
 */
static int
init_states(const double *y, int n, int trend, int season, int m, double *x)
{
	double		ysa[2 * ETS_MAX_SEASON + 10];
	double		figure[ETS_MAX_SEASON];
	double		c0 = 0.0,
				c1 = 0.0;
	int			use_fourier = 0;
	int			maxn,
				nx = 0,
				i,
				j;

	if (season != NONE)
	{
		double		seas_m[ETS_MAX_SEASON];

		if (n < 4)
			return -1;
		if (n < 3 * m)
		{
			/* regression on trend and one pair of Fourier terms */
			double		X[4 * 3 * ETS_MAX_SEASON];
			double		yy[3 * ETS_MAX_SEASON];
			double		coef[4];
			int			p = (m > 2) ? 4 : 3;

			for (i = 0; i < n; i++)
			{
				int			t = i + 1;
				double		ang = 2.0 * M_PI * (double) (t % m) / m;

				X[i] = 1.0;
				X[n + i] = t;
				if (p == 4)
				{
					X[2 * n + i] = sin(ang);
					X[3 * n + i] = cos(ang);
				}
				else
					X[2 * n + i] = cos(ang);
				yy[i] = y[i];
			}
			least_squares(X, n, p, yy, coef);
			c0 = coef[0];
			c1 = coef[1];
			use_fourier = 1;
		}
		else
			decompose_figure(y, n, m, season == MULT, figure);

		/* seasonal values at times 1..m (index t - 1) */
		for (i = 0; i < m; i++)
		{
			if (!use_fourier)
				seas_m[i] = figure[i];
			else if (season == ADD)
				seas_m[i] = y[i] - c0 - c1 * (i + 1);
			else
				seas_m[i] = y[i] / (c0 + c1 * (i + 1));
		}
		/* s0..s[m-2] are the seasonal values of times m, m-1, ..., 2 */
		nx = 1 + (trend != NONE);
		for (j = 0; j < m - 1; j++)
			x[nx + j] = seas_m[m - 1 - j];
		if (season == MULT)
		{
			double		sum = 0.0;

			for (j = 0; j < m - 1; j++)
			{
				if (x[nx + j] < 1e-2)
					x[nx + j] = 1e-2;
				sum += x[nx + j];
			}
			if (sum > m)
			{
				double		den = sum + 1e-2 * (m - 1);

				for (j = 0; j < m - 1; j++)
					x[nx + j] /= den;
			}
		}

		/* seasonally adjusted data, as far as the level needs it */
		maxn = 2 * m > 10 ? 2 * m : 10;
		if (maxn > n)
			maxn = n;
		for (i = 0; i < maxn; i++)
		{
			double		s;

			if (!use_fourier)
				s = figure[i % m];
			else if (season == ADD)
				s = y[i] - c0 - c1 * (i + 1);
			else
				s = y[i] / (c0 + c1 * (i + 1));
			if (season == ADD)
				ysa[i] = y[i] - s;
			else
				ysa[i] = y[i] / (s > 1e-2 ? s : 1e-2);
		}
		nx += m - 1;
	}
	else
	{
		maxn = n < 10 ? n : 10;
		for (i = 0; i < maxn; i++)
			ysa[i] = y[i];
		nx = 1 + (trend != NONE);
	}

	if (trend == NONE)
	{
		double		s = 0.0;

		for (i = 0; i < maxn; i++)
			s += ysa[i];
		x[0] = s / maxn;
	}
	else
	{
		double		a,
					b;

		line_fit(ysa, maxn, &a, &b);
		if (trend == ADD)
		{
			double		l0 = a,
						b0 = b;

			/* an 'M' error must not start with l0 + b0 = 0 */
			if (fabs(l0 + b0) < 1e-8)
			{
				l0 *= 1 + 1e-3;
				b0 *= 1 - 1e-3;
			}
			x[0] = l0;
			x[1] = b0;
		}
		else
		{
			double		l0 = a + b,
						b0;

			if (fabs(l0) < 1e-8)
				l0 = 1e-7;
			b0 = (a + 2 * b) / l0;
			l0 = l0 / b0;
			if (fabs(b0) > 1e10)
				b0 = (b0 > 0 ? 1 : -1) * 1e10;
			if (l0 < 1e-8 || b0 < 1e-8)
			{
				l0 = ysa[0] > 1e-3 ? ysa[0] : 1e-3;
				b0 = (maxn > 1) ? ysa[1] / ysa[0] : 1.0;
				if (!(b0 > 1e-3))
					b0 = 1e-3;
			}
			x[0] = l0;
			x[1] = b0;
		}
	}
	return nx;
}

/* ----------------------------------------------------------------------
 * Fitting one model (R: etsmodel())
 * ----------------------------------------------------------------------
 */

static double
ic_value(const EtsModel *model, int ic)
{
	switch (ic)
	{
		case ETS_IC_AIC:
			return model->aic;
		case ETS_IC_BIC:
			return model->bic;
		default:
			return model->aicc;
	}
}

/*
 * Fill in the fit statistics of a model whose components, parameters,
 * init_state and npar are set: final state, likelihood, criteria, MSEs,
 * sigma2.  k is the number of estimated quantities (without sigma).
 */
static void
model_statistics(const double *y, int n, EtsModel *model, int k, int nmse,
				 double *fitted, double *resid)
{
	EtsRun		r;
	EtsSums		sums;
	double		lik;
	int			j;

	r.error = component_code(model->error);
	r.trend = component_code(model->trend);
	r.season = component_code(model->season);
	r.m = model->m;
	r.alpha = model->alpha;
	r.beta = model->beta;
	r.gamma = model->gamma;
	r.phi = model->phi;
	run_model(&r, y, n, model->init_state, nmse, &sums, fitted, resid,
			  model->final_state);
	lik = run_lik(&r, n, &sums);
	model->n = n;
	model->loglik = -0.5 * lik;
	k += 1;
	model->aic = lik + 2.0 * k;
	model->bic = lik + log((double) n) * k;
	model->aicc = model->aic + 2.0 * k * (k + 1) / (double) (n - k - 1);
	model->mse = sums.amse[0];
	model->amse = 0.0;
	for (j = 0; j < nmse; j++)
		model->amse += sums.amse[j];
	model->amse /= nmse;
	model->sigma2 = sums.sse / (double) (n - model->npar);
}

/*
 * One candidate model fitted by estimation, as R's etsmodel(): set up by
 * cand_setup(), optimised (alone by nelder_mead() or with others by
 * fit_lanes()), completed by cand_finish().
 */
typedef struct Cand
{
	int			error;
	int			trend;
	int			season;
	int			damped;
	int			ready;			/* set up for optimisation */
	int			ok;				/* fitted: model is valid */
	Target		t;
	double		par[MAX_FREE];	/* starting point, then the optimum */
	double		val[4];			/* alpha, beta, gamma, phi: start/fixed */
	int			present[4];
	int			fixed[4];
	int			nfixed;
	int			np;
	int			nfree;
	int			fncount;
	double		best;
	EtsModel	model;
} Cand;

/*
 * Everything of R's etsmodel() before the optimisation.  Returns 1 with c
 * ready, or 0 when R would give this model an infinite criterion (too few
 * data, start outside the parameter region).
 */
static int
cand_setup(const double *y, int n, const EtsSpec *spec, const EtsEnv *env,
		   Cand *c)
{
	Target	   *t = &c->t;
	double		lower[4],
				upper[4],
				lo[4],
				up[4];
	double	   *val = c->val;
	int			m = (c->season != NONE) ? spec->m : 1;
	int			nopt = 0,
				i;

	c->ready = c->ok = 0;
	c->present[0] = 1;
	c->present[1] = (c->trend != NONE);
	c->present[2] = (c->season != NONE);
	c->present[3] = c->damped;
	val[0] = spec->alpha;
	val[1] = spec->beta;
	val[2] = spec->gamma;
	val[3] = spec->phi;
	c->nfixed = 0;
	for (i = 0; i < 4; i++)
	{
		c->fixed[i] = c->present[i] && !isnan(val[i]);
		c->nfixed += c->fixed[i];
	}

	/* limits narrowed by fixed parameters */
	memcpy(lower, spec->lower, sizeof(lower));
	memcpy(upper, spec->upper, sizeof(upper));
	if (c->fixed[0])
	{
		upper[1] = fmin(val[0], upper[1]);
		upper[2] = fmin(1 - val[0], upper[2]);
	}
	if (c->fixed[1])
		lower[0] = fmax(val[1], lower[0]);
	if (c->fixed[2])
		upper[0] = fmin(1 - val[2], upper[0]);

	/* starting values (R: initparam()) */
	memcpy(lo, lower, sizeof(lo));
	memcpy(up, upper, sizeof(up));
	if (spec->bounds == ETS_BOUNDS_ADMISSIBLE)
	{
		for (i = 0; i < 3; i++)
		{
			lo[i] = 0.0;
			up[i] = 1e-3;
		}
	}
	else
	{
		for (i = 0; i < 4; i++)
			if (lo[i] > up[i])
				return 0;
	}
	if (!c->fixed[0])
	{
		val[0] = lo[0] + 0.2 * (up[0] - lo[0]) / m;
		if (val[0] > 1 || val[0] < 0)
			val[0] = lo[0] + 2e-3;
		c->par[nopt++] = val[0];
	}
	if (c->present[1] && !c->fixed[1])
	{
		up[1] = fmin(up[1], val[0]);
		val[1] = lo[1] + 0.1 * (up[1] - lo[1]);
		if (val[1] < 0 || val[1] > val[0])
			val[1] = val[0] - 1e-3;
		c->par[nopt++] = val[1];
	}
	if (c->present[2] && !c->fixed[2])
	{
		up[2] = fmin(up[2], 1 - val[0]);
		val[2] = lo[2] + 0.05 * (up[2] - lo[2]);
		if (val[2] < 0 || val[2] > 1 - val[0])
			val[2] = 1 - val[0] - 1e-3;
		c->par[nopt++] = val[2];
	}
	if (c->present[3] && !c->fixed[3])
	{
		val[3] = lo[3] + 0.99 * (up[3] - lo[3]);
		if (val[3] < 0 || val[3] > 1)
			val[3] = up[3] - 1e-3;
		c->par[nopt++] = val[3];
	}

	/* R: check.param() on the starting values */
	if (spec->bounds != ETS_BOUNDS_ADMISSIBLE)
	{
		if (val[0] < lower[0] || val[0] > upper[0])
			return 0;
		if (c->present[1] && (val[1] < lower[1] || val[1] > val[0] ||
							  val[1] > upper[1]))
			return 0;
		if (c->present[3] && (val[3] < lower[3] || val[3] > upper[3]))
			return 0;
		if (c->present[2] && (val[2] < lower[2] || val[2] > 1 - val[0] ||
							  val[2] > upper[2]))
			return 0;
	}
	if (spec->bounds != ETS_BOUNDS_USUAL &&
		!admissible(val[0], c->present[1] ? val[1] : 0.0,
					c->present[2] ? val[2] : 0.0,
					c->present[3] ? val[3] : 1.0,
					m, c->present[1], c->present[2]))
		return 0;

	c->nfree = init_states(y, n, c->trend, c->season, m, c->par + nopt);
	if (c->nfree < 0)
		return 0;
	c->np = nopt + c->nfree;
	if (c->np >= n - 1)
		return 0;

	memset(t, 0, sizeof(*t));
	t->y = y;
	t->n = n;
	t->run.error = c->error;
	t->run.trend = c->trend;
	t->run.season = c->season;
	t->run.m = m;
	t->run.alpha = val[0];
	t->run.beta = c->present[1] ? val[1] : 0.0;
	t->run.gamma = c->present[2] ? val[2] : 0.0;
	t->run.phi = c->present[3] ? val[3] : 1.0;
	t->nfree = c->nfree;
	for (i = 0; i < 4; i++)
	{
		t->opt[i] = c->present[i] && !c->fixed[i];
		t->given[i] = c->fixed[i];
	}
	memcpy(t->lower, lower, sizeof(lower));
	memcpy(t->upper, upper, sizeof(upper));
	t->opt_crit = spec->opt_crit;
	t->nmse = spec->nmse;
	t->bounds = spec->bounds;
	t->env = env;
	c->ready = 1;
	return 1;
}

/*
 * Everything of R's etsmodel() after the optimisation, which left the
 * optimum in c->par, its value in c->best.  Sets c->ok.
 */
static void
cand_finish(const double *y, int n, const EtsSpec *spec, Cand *c)
{
	EtsModel   *model = &c->model;
	int			j = 0;

	if (!c->ready || (!isfinite(c->best) && c->best > 0))
	{
		c->ok = 0;
		return;
	}
	memset(model, 0, sizeof(*model));
	model->version = ETS_MODEL_VERSION;
	model->error = component_char(c->error);
	model->trend = component_char(c->trend);
	model->season = component_char(c->season);
	model->damped = (char) c->damped;
	model->m = c->t.run.m;
	model->period = spec->m;
	model->nstate = 1 + (c->trend != NONE) +
		(c->season != NONE ? model->m : 0);
	model->alpha = c->t.opt[0] ? c->par[j++] : c->val[0];
	model->beta = !c->present[1] ? 0.0 : c->t.opt[1] ? c->par[j++] : c->val[1];
	model->gamma = !c->present[2] ? 0.0 : c->t.opt[2] ? c->par[j++] : c->val[2];
	model->phi = !c->present[3] ? 1.0 : c->t.opt[3] ? c->par[j++] : c->val[3];
	complete_state(&c->t.run, c->par + j, c->nfree, model->init_state);
	model->npar = c->np + c->nfixed;
	model->ncandidates = 1;
	model->nfeval = c->fncount;
	model_statistics(y, n, model, c->np, spec->nmse, NULL, NULL);
	c->ok = 1;
}

/* Optimise one candidate on its own. */
static void
cand_optimise(const EtsSpec *spec, Cand *c)
{
	c->best = nelder_mead(c->np, c->par, target_eval, &c->t,
						  sqrt(DBL_EPSILON), spec->maxit, &c->fncount);
}

/*
 * Optimise up to LANE_MAX candidates together: all with the same season
 * type and period, no multiplicative trend and the likelihood criterion
 * (target_lanes_ok()).  Their Nelder-Mead runs advance in lockstep; each
 * round evaluates the pending point of every unfinished run, with the
 * root tests and the likelihood recursions interleaved across runs.  The
 * result of every run is the one cand_optimise() gives.
 */
static void
fit_lanes(Cand **cs, int nc, const EtsSpec *spec, const EtsEnv *env)
{
	NmState		nm[LANE_MAX];
	int			active[LANE_MAX];
	double		poly[LANE_MAX][ETS_MAX_SEASON + 2];
	int			deg[LANE_MAX],
				st[LANE_MAX],
				rok[LANE_MAX];
	double		xs[LANE_MAX][ETS_MAX_STATES];
	EtsRun		runs[LANE_MAX];
	double		lik[LANE_MAX],
				obj[LANE_MAX];
	int			order[LANE_MAX],
				rl[LANE_MAX];
	int			nactive = nc,
				round = 0,
				k;
	const double *y = cs[0]->t.y;
	int			n = cs[0]->t.n;

	for (k = 0; k < nc; k++)
	{
		nm_begin(&nm[k], cs[k]->np, cs[k]->par, sqrt(DBL_EPSILON),
				 spec->maxit);
		active[k] = 1;
	}
	while (nactive > 0)
	{
		int			npoly = 0,
					nrun = 0,
					i;

		if (++round % INTERRUPT_EVERY == 0)
			env_interrupt(env);

		/* parameters, bounds and the polynomials of the root test */
		for (k = 0; k < nc; k++)
		{
			if (!active[k])
				continue;
			deg[k] = 0;
			st[k] = target_setup(&cs[k]->t, nm[k].x, &runs[k], xs[k],
								 poly[npoly], &deg[k]);
			if (st[k] == 2)
				rl[npoly++] = k;
		}
		if (npoly > 0)
		{
			roots_inside_lanes(poly, deg[rl[0]], npoly, rok);
			for (i = 0; i < npoly; i++)
				st[rl[i]] = rok[i] ? 1 : 0;
		}

		/* the likelihoods, additive errors first */
		for (k = 0; k < nc; k++)
			if (active[k] && st[k] == 1 && runs[k].error == ADD)
				order[nrun++] = k;
		for (k = 0; k < nc; k++)
			if (active[k] && st[k] == 1 && runs[k].error == MULT)
				order[nrun++] = k;
		for (i = 0; i + 1 < nrun; i += 2)
		{
			const EtsRun *r0 = &runs[order[i]],
					   *r1 = &runs[order[i + 1]];

			pair_kernel(r0, r1) (r0, xs[order[i]], r1, xs[order[i + 1]],
								 y, n, lik + i);
		}
		if (i < nrun)
			lik[i] = lik_kernel(&runs[order[i]]) (&runs[order[i]], y, n,
												   xs[order[i]]);
		for (k = 0; k < nc; k++)
			obj[k] = INFINITY;
		for (i = 0; i < nrun; i++)
			obj[order[i]] = clamp_lik(lik[i]);

		/* hand the values back */
		for (k = 0; k < nc; k++)
		{
			if (active[k] && !nm_advance(&nm[k], obj[k]))
			{
				active[k] = 0;
				nactive--;
			}
		}
	}
	for (k = 0; k < nc; k++)
	{
		memcpy(cs[k]->par, nm[k].best, cs[k]->np * sizeof(double));
		cs[k]->best = nm[k].fmin;
		cs[k]->fncount = nm[k].funcount;
	}
}

/* ----------------------------------------------------------------------
 * Short series: Holt-Winters by least squares (R: HoltWintersZZ())
 * ----------------------------------------------------------------------
 */

typedef struct HwTarget
{
	const double *y;
	int			n;
	EtsRun		run;
	double		x0[ETS_MAX_STATES];
	int			sel[3];			/* alpha, beta, gamma estimated? */
	double		fixed[3];
	long		nfeval;
	const EtsEnv *env;
} HwTarget;

/*
 * Sum of squared one-step errors of Holt-Winters with (alpha, beta*,
 * gamma) from the simple starting values.  The Holt-Winters recursions are
 * the ETS ones with beta = alpha * beta*.
 */
static double
hw_sse(const double *par, void *arg)
{
	HwTarget   *h = (HwTarget *) arg;
	EtsRun		r = h->run;
	EtsSums		sums;
	double		p[3];
	int			i,
				j = 0;

	if (++h->nfeval % INTERRUPT_EVERY == 0)
		env_interrupt(h->env);
	for (i = 0; i < 3; i++)
	{
		p[i] = h->sel[i] ? par[j++] : h->fixed[i];
		/* R's box [0, 1]; alpha kept above 0 so beta* = beta / alpha */
		if (!(p[i] >= (i == 0 ? 1e-8 : 0.0) && p[i] <= 1.0))
			return INFINITY;
	}
	r.error = ADD;
	r.alpha = p[0];
	r.beta = p[0] * p[1];
	r.gamma = p[2];
	run_model(&r, h->y, h->n, h->x0, 0, &sums, NULL, NULL, NULL);
	if (sums.bad || !isfinite(sums.sse))
		return INFINITY;
	return sums.sse;
}

/*
 * Holt-Winters fallback for series too short for estimation: trend and
 * season as given (trend N/A/M, season N/A/M).  Returns 1 and fills *model,
 * or 0 when R's HoltWintersZZ() fails (not enough data for the starting
 * values, non-positive data for a multiplicative season, non-finite
 * errors).
 */
static int
hw_fit(const double *y, int n, int trend, int season, const EtsSpec *spec,
	   const EtsEnv *env, EtsModel *model)
{
	HwTarget	h;
	double		par[3];
	double		start[3];
	int			freq = spec->m;
	int			m,
				np = 0,
				fncount,
				i,
				j;
	double		phi = isnan(spec->phi) ? 1.0 : spec->phi;
	double		sse;

	if (freq <= 1)
		season = NONE;
	m = (season != NONE) ? freq : 1;
	if (season == MULT)
		for (i = 0; i < n; i++)
			if (y[i] <= 0)
				return 0;

	memset(&h, 0, sizeof(h));
	h.y = y;
	h.n = n;
	h.env = env;
	h.run.trend = trend;
	h.run.season = season;
	h.run.m = m;
	h.run.phi = (trend != NONE) ? phi : 1.0;

	/* simple starting values */
	if (season == NONE)
	{
		h.x0[0] = y[0];
		if (trend != NONE)
		{
			if (n < 2)
				return 0;
			h.x0[1] = (trend == MULT) ? y[1] / y[0] : y[1] - y[0];
		}
	}
	else
	{
		double		l0 = 0.0,
					l1 = 0.0;
		int			off = 1 + (trend != NONE);

		if (n < 2 * m)
			return 0;
		for (i = 0; i < m; i++)
		{
			l0 += y[i];
			l1 += y[m + i];
		}
		l0 /= m;
		l1 /= m;
		h.x0[0] = l0;
		if (trend != NONE)
			h.x0[1] = (l1 - l0) / m;
		/* s.start[i] belongs to time i + 1; s[0] is the newest */
		for (i = 0; i < m; i++)
			h.x0[off + m - 1 - i] = (season == ADD) ? y[i] - l0 : y[i] / l0;
	}
	if (!isfinite(h.x0[0]) || (trend != NONE && !isfinite(h.x0[1])))
		return 0;

	/* R: initparam() with bounds [0, 1] and m the data frequency */
	start[0] = 0.2 / freq;
	start[1] = 0.1 * start[0];
	start[2] = 0.05 * (1 - start[0]);
	h.sel[0] = isnan(spec->alpha);
	h.sel[1] = (trend != NONE) && isnan(spec->beta);
	h.sel[2] = (season != NONE) && isnan(spec->gamma);
	h.fixed[0] = h.sel[0] ? 0.0 : spec->alpha;
	h.fixed[1] = (trend == NONE) ? 0.0 : h.sel[1] ? 0.0 : spec->beta;
	h.fixed[2] = (season == NONE) ? 0.0 : h.sel[2] ? 0.0 : spec->gamma;
	for (i = 0; i < 3; i++)
		if (h.sel[i])
			par[np++] = start[i];
	if (np > 0)
	{
		sse = nelder_mead(np, par, hw_sse, &h, 1e-10, 1000, &fncount);
		if (!isfinite(sse))
			return 0;
	}
	else
	{
		sse = hw_sse(par, &h);
		fncount = 1;
		if (!isfinite(sse))
			return 0;
	}

	memset(model, 0, sizeof(*model));
	model->version = ETS_MODEL_VERSION;
	model->error = (season == MULT || (season == NONE && trend == MULT)) ?
		'M' : 'A';
	model->trend = component_char(trend);
	model->season = component_char(season);
	model->damped = (trend != NONE && phi < 1);
	model->m = m;
	model->period = freq;
	model->nstate = 1 + (trend != NONE) + (season != NONE ? m : 0);
	j = 0;
	model->alpha = h.sel[0] ? par[j++] : h.fixed[0];
	model->beta = (trend == NONE) ? 0.0 :
		model->alpha * (h.sel[1] ? par[j++] : h.fixed[1]);
	model->gamma = (season == NONE) ? 0.0 : h.sel[2] ? par[j++] : h.fixed[2];
	model->phi = h.run.phi;
	memcpy(model->init_state, h.x0, sizeof(h.x0));
	model->npar = 1 + (trend != NONE) + (season != NONE) + model->damped +
		model->nstate;
	model->fallback = ETS_FB_SHORT_HW;
	model->ncandidates = 1;
	model->nfeval = fncount;
	model_statistics(y, n, model, model->npar, 1, NULL, NULL);
	/* R: sigma2 = mean(e^2), no likelihood for these fits */
	{
		EtsRun		r;
		EtsSums		sums;

		r.error = component_code(model->error);
		r.trend = trend;
		r.season = season;
		r.m = m;
		r.alpha = model->alpha;
		r.beta = model->beta;
		r.gamma = model->gamma;
		r.phi = model->phi;
		run_model(&r, y, n, model->init_state, 0, &sums, NULL, NULL, NULL);
		model->sigma2 = sums.sse / n;
	}
	model->loglik = model->aic = model->aicc = model->bic = NAN;
	model->amse = NAN;
	return 1;
}

/* ----------------------------------------------------------------------
 * Automatic fitting (R: ets())
 * ----------------------------------------------------------------------
 */

/*
 * R's is.constant(): all.equal(x, rep(x[1], n)), i.e. the mean absolute
 * difference to x[0] of the values that differ from it, relative to their
 * mean absolute value, is at most sqrt(DBL_EPSILON).
 */
static int
is_constant(const double *y, int n)
{
	double		sd = 0.0,
				sa = 0.0;
	double		tol = sqrt(DBL_EPSILON);
	int			k = 0,
				i;

	for (i = 0; i < n; i++)
	{
		if (y[i] == y[0])
			continue;
		sd += fabs(y[i] - y[0]);
		sa += fabs(y[i]);
		k++;
	}
	if (k == 0)
		return 1;
	sd /= k;
	sa /= k;
	if (isfinite(sa) && sa > tol)
		sd /= sa;
	return sd <= tol;
}

/* A constant series: R returns ses(y, alpha = 0.99999, initial = "simple") */
static void
constant_model(const double *y, int n, const EtsSpec *spec, EtsModel *model)
{
	memset(model, 0, sizeof(*model));
	model->version = ETS_MODEL_VERSION;
	model->error = 'A';
	model->trend = 'N';
	model->season = 'N';
	model->damped = 0;
	model->m = 1;
	model->period = spec->m;
	model->nstate = 1;
	model->alpha = 0.99999;
	model->beta = 0.0;
	model->gamma = 0.0;
	model->phi = 1.0;
	model->init_state[0] = y[0];
	model->npar = 2;
	model->fallback = ETS_FB_CONSTANT;
	model->ncandidates = 0;
	model->nfeval = 0;
	model_statistics(y, n, model, 2, 1, NULL, NULL);
	{
		EtsRun		r;
		EtsSums		sums;

		r.error = ADD;
		r.trend = NONE;
		r.season = NONE;
		r.m = 1;
		r.alpha = model->alpha;
		r.beta = r.gamma = 0.0;
		r.phi = 1.0;
		run_model(&r, y, n, model->init_state, 0, &sums, NULL, NULL, NULL);
		model->sigma2 = sums.sse / n;
	}
	model->loglik = model->aic = model->aicc = model->bic = NAN;
	model->amse = NAN;
}

static void
requested_string(const EtsSpec *spec, char *buf)
{
	int			i = 0;

	buf[i++] = spec->error;
	buf[i++] = spec->trend;
	if (spec->damped == ETS_DAMPED_YES)
		buf[i++] = 'd';
	buf[i++] = spec->season;
	buf[i] = '\0';
}

int
ets_fit(const double *y, int n, const EtsSpec *spec, EtsModel *model,
		const EtsEnv *env, char *errbuf, size_t errlen)
{
	char		e,
				t,
				s;
	char		requested[8];
	int			m,
				fallback = ETS_FB_NONE,
				positive = 1,
				nonpos = -1,
				npars,
				i,
				rc;
	int			elist[2],
				tlist[3],
				slist[3],
				dlist[2];
	int			ne = 0,
				nt = 0,
				ns = 0,
				nd = 0,
				ie,
				it,
				is,
				id,
				ncand = 0;
	double		best_ic = INFINITY;
	Cand		cands[2 * 3 * 3 * 2];

	if (spec == NULL || model == NULL)
	{
		set_error(errbuf, errlen, "missing specification or model");
		return ETS_EINVAL;
	}
	if (y == NULL || n < 1)
	{
		set_error(errbuf, errlen, "cannot fit an empty series");
		return ETS_EINVAL;
	}
	for (i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
		{
			set_error(errbuf, errlen,
					  "series values must be finite, got %g at position %d",
					  y[i], i + 1);
			return ETS_EINVAL;
		}
		if (y[i] <= 0 && positive)
		{
			positive = 0;
			nonpos = i;
		}
	}
	rc = check_spec(spec, errbuf, errlen);
	if (rc != ETS_OK)
		return rc;

	requested_string(spec, requested);
	e = spec->error;
	t = spec->trend;
	s = spec->season;
	m = spec->m;

	if (e == 'Z' && t == 'Z' && s == 'Z' && is_constant(y, n))
	{
		constant_model(y, n, spec, model);
		strcpy(model->requested, requested);
		return ETS_OK;
	}

	if (n <= m && s != 'N')
	{
		s = 'N';
		if (m > 1)
			fallback = ETS_FB_NO_SEASON;
	}
	if (m == 1)
	{
		if (s == 'A' || s == 'M')
		{
			set_error(errbuf, errlen,
					  "seasonal ets model \"%s\" needs a season length above 1",
					  requested);
			return ETS_EFORBIDDEN;
		}
		s = 'N';
	}
	if (m > ETS_MAX_SEASON && s != 'N')
	{
		if (s == 'A' || s == 'M')
		{
			set_error(errbuf, errlen,
					  "seasonal ets models support season lengths up to %d, "
					  "got %d", ETS_MAX_SEASON, m);
			return ETS_EFORBIDDEN;
		}
		s = 'N';
		fallback = ETS_FB_NO_SEASON;
	}
	if (spec->restrict_models &&
		((e == 'A' && (t == 'M' || s == 'M')) ||
		 (e == 'M' && t == 'M' && s == 'A') ||
		 (spec->additive_only && (e == 'M' || t == 'M' || s == 'M'))))
	{
		set_error(errbuf, errlen,
				  "ets model \"%s\" is a forbidden combination (infinite "
				  "forecast variance or not additive)", requested);
		return ETS_EFORBIDDEN;
	}
	if (!positive && (e == 'M' || t == 'M' || s == 'M'))
	{
		set_error(errbuf, errlen,
				  "multiplicative ets model \"%s\" needs positive data, got "
				  "%g at position %d", requested, y[nonpos], nonpos + 1);
		return ETS_ENONPOS;
	}
	if (spec->damped == ETS_DAMPED_YES && t == 'N')
	{
		set_error(errbuf, errlen,
				  "ets model \"%s\" damps a trend it does not have",
				  requested);
		return ETS_EFORBIDDEN;
	}

	/* too short to estimate: Holt-Winters by least squares, as R */
	npars = 2;
	if (t == 'A' || t == 'M')
		npars += 2;
	if (s == 'A' || s == 'M')
		npars += m;
	if (spec->damped != ETS_DAMPED_AUTO)
		npars += spec->damped;
	if (n <= npars + 4)
	{
		EtsModel	fit1,
					fit2;
		int			ok1,
					ok2;
		int			tc = (t == 'M') ? MULT : ADD;

		env_interrupt(env);
		if ((s == 'A' || s == 'M') &&
			hw_fit(y, n, tc, component_code(s), spec, env, model))
			goto hw_done;
		if ((t == 'A' || t == 'M') && hw_fit(y, n, tc, NONE, spec, env, model))
			goto hw_done;
		if (t == 'N' && s == 'N' && hw_fit(y, n, NONE, NONE, spec, env, model))
			goto hw_done;
		ok1 = hw_fit(y, n, tc, NONE, spec, env, &fit1);
		ok2 = hw_fit(y, n, NONE, NONE, spec, env, &fit2);
		if (ok1 && (!ok2 || fit1.sigma2 < fit2.sigma2))
			*model = fit1;
		else if (ok2)
			*model = fit2;
		else
		{
			set_error(errbuf, errlen,
					  "unable to estimate a model for a series of %d values",
					  n);
			return ETS_ENOFIT;
		}
hw_done:
		strcpy(model->requested, requested);
		return ETS_OK;
	}

	/* the candidate models, in R's order */
	if (e == 'Z')
	{
		elist[ne++] = ADD;
		elist[ne++] = MULT;
	}
	else
		elist[ne++] = component_code(e);
	if (t == 'Z')
	{
		tlist[nt++] = NONE;
		tlist[nt++] = ADD;
		if (spec->allow_multiplicative_trend)
			tlist[nt++] = MULT;
	}
	else
		tlist[nt++] = component_code(t);
	if (s == 'Z')
	{
		slist[ns++] = NONE;
		slist[ns++] = ADD;
		slist[ns++] = MULT;
	}
	else
		slist[ns++] = component_code(s);
	if (spec->damped == ETS_DAMPED_AUTO)
	{
		dlist[nd++] = 1;
		dlist[nd++] = 0;
	}
	else
		dlist[nd++] = spec->damped;

	/* set up every candidate, in R's order */
	for (ie = 0; ie < ne; ie++)
		for (it = 0; it < nt; it++)
			for (is = 0; is < ns; is++)
				for (id = 0; id < nd; id++)
				{
					int			ce = elist[ie],
								ct = tlist[it],
								cs = slist[is],
								cd = dlist[id];
					Cand	   *c;

					if (ct == NONE && cd)
						continue;
					if (spec->restrict_models)
					{
						if (ce == ADD && (ct == MULT || cs == MULT))
							continue;
						if (ce == MULT && ct == MULT && cs == ADD)
							continue;
						if (spec->additive_only &&
							(ce == MULT || ct == MULT || cs == MULT))
							continue;
					}
					if (!positive && (ce == MULT || ct == MULT || cs == MULT))
						continue;
					c = &cands[ncand++];
					c->error = ce;
					c->trend = ct;
					c->season = cs;
					c->damped = cd;
					env_interrupt(env);
					cand_setup(y, n, spec, env, c);
				}

	/*
	 * Optimise: together those the lane kernels handle, grouped by season,
	 * the others one by one.
	 */
	for (is = NONE; is <= MULT; is++)
	{
		Cand	   *group[LANE_MAX];
		int			ng = 0;

		for (i = 0; i < ncand; i++)
		{
			Cand	   *c = &cands[i];

			if (!c->ready || c->season != is || !target_lanes_ok(&c->t))
				continue;
			group[ng++] = c;
			if (ng == LANE_MAX)
			{
				fit_lanes(group, ng, spec, env);
				ng = 0;
			}
		}
		if (ng > 0)
			fit_lanes(group, ng, spec, env);
	}
	for (i = 0; i < ncand; i++)
	{
		Cand	   *c = &cands[i];

		if (c->ready && !target_lanes_ok(&c->t))
		{
			env_interrupt(env);
			cand_optimise(spec, c);
		}
	}

	/* choose, in R's order (the first of equal criteria wins) */
	for (i = 0; i < ncand; i++)
	{
		Cand	   *c = &cands[i];
		double		ic;

		cand_finish(y, n, spec, c);
		if (!c->ok)
			continue;
		ic = ic_value(&c->model, spec->ic);
		if (!isnan(ic) && ic < best_ic)
		{
			best_ic = ic;
			*model = c->model;
		}
	}
	if (best_ic == INFINITY)
	{
		set_error(errbuf, errlen,
				  "no ets model could be fitted to the %d values (model "
				  "\"%s\")", n, requested);
		return ETS_ENOFIT;
	}
	model->fallback = fallback;
	model->ncandidates = ncand;
	strcpy(model->requested, requested);
	return ETS_OK;
}

/* ----------------------------------------------------------------------
 * Models read back from storage
 * ----------------------------------------------------------------------
 */

int
ets_model_validate(const EtsModel *model, char *errbuf, size_t errlen)
{
	int			trend,
				season,
				i;

	if (model == NULL)
	{
		set_error(errbuf, errlen, "missing ets model");
		return ETS_EMODEL;
	}
	if (model->version != ETS_MODEL_VERSION)
	{
		set_error(errbuf, errlen, "unsupported ets model version %d",
				  (int) model->version);
		return ETS_EMODEL;
	}
	trend = component_code(model->trend);
	season = component_code(model->season);
	if ((model->error != 'A' && model->error != 'M') || trend < 0 ||
		season < 0 || (model->damped != 0 && model->damped != 1) ||
		(model->damped && trend == NONE))
	{
		set_error(errbuf, errlen, "invalid ets model components");
		return ETS_EMODEL;
	}
	if ((season == NONE && model->m != 1) ||
		(season != NONE && (model->m < 2 || model->m > ETS_MAX_SEASON)) ||
		model->period < 1 ||
		model->nstate != 1 + (trend != NONE) + (season != NONE ? model->m : 0))
	{
		set_error(errbuf, errlen, "invalid ets model dimensions");
		return ETS_EMODEL;
	}
	if (model->n < 0 || model->npar < 0 || model->fallback < ETS_FB_NONE ||
		model->fallback > ETS_FB_NO_SEASON ||
		memchr(model->requested, '\0', sizeof(model->requested)) == NULL)
	{
		set_error(errbuf, errlen, "invalid ets model header");
		return ETS_EMODEL;
	}
	if (!isfinite(model->alpha) || !(model->alpha > 0) ||
		!isfinite(model->beta) || !isfinite(model->gamma) ||
		!isfinite(model->phi) || !isfinite(model->sigma2) ||
		model->sigma2 < 0)
	{
		set_error(errbuf, errlen, "invalid ets model parameters");
		return ETS_EMODEL;
	}
	for (i = 0; i < model->nstate; i++)
	{
		if (!isfinite(model->init_state[i]) ||
			!isfinite(model->final_state[i]))
		{
			set_error(errbuf, errlen, "invalid ets model states");
			return ETS_EMODEL;
		}
	}
	return ETS_OK;
}

static void
model_run(const EtsModel *model, EtsRun *r)
{
	r->error = component_code(model->error);
	r->trend = component_code(model->trend);
	r->season = component_code(model->season);
	r->m = model->m;
	r->alpha = model->alpha;
	r->beta = model->beta;
	r->gamma = model->gamma;
	r->phi = model->phi;
}

int
ets_evaluate(const double *y, int n, EtsModel *model, double *fitted,
			 double *resid, char *errbuf, size_t errlen)
{
	int			i;

	if (y == NULL || n < 1)
	{
		set_error(errbuf, errlen, "cannot evaluate a model on an empty series");
		return ETS_EINVAL;
	}
	for (i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
		{
			set_error(errbuf, errlen,
					  "series values must be finite, got %g at position %d",
					  y[i], i + 1);
			return ETS_EINVAL;
		}
	}
	/* the final state is an output: do not let validation look at it */
	for (i = 0; i < model->nstate && i < ETS_MAX_STATES; i++)
		model->final_state[i] = 0.0;
	if (ets_model_validate(model, errbuf, errlen) != ETS_OK)
		return ETS_EMODEL;
	if (n - model->npar <= 0)
	{
		set_error(errbuf, errlen,
				  "%d values are too few for a model with %d parameters", n,
				  (int) model->npar);
		return ETS_EINVAL;
	}
	model_statistics(y, n, model, model->npar, 3, fitted, resid);
	return ETS_OK;
}

void
ets_model_code(const EtsModel *model, char *buf, size_t len)
{
	snprintf(buf, len, "%c%c%s%c", model->error, model->trend,
			 model->damped ? "d" : "", model->season);
}

void
ets_model_name(const EtsModel *model, char *buf, size_t len)
{
	snprintf(buf, len, "ETS(%c,%c%s,%c)", model->error, model->trend,
			 model->damped ? "d" : "", model->season);
}

const char *
ets_fallback_text(int fallback)
{
	switch (fallback)
	{
		case ETS_FB_NONE:
			return "none";
		case ETS_FB_CONSTANT:
			return "constant series: simple exponential smoothing with "
				"alpha 0.99999 started at the first value";
		case ETS_FB_SHORT_HW:
			return "series too short to estimate the model: Holt-Winters "
				"fitted by least squares from simple starting values";
		case ETS_FB_NO_SEASON:
			return "season not fitted: series not longer than the season "
				"length, or season length above 24";
		default:
			return "unknown";
	}
}

const char *
ets_strerror(int status)
{
	switch (status)
	{
		case ETS_OK:
			return "success";
		case ETS_EINVAL:
			return "invalid argument";
		case ETS_ENONPOS:
			return "multiplicative model needs positive data";
		case ETS_EFORBIDDEN:
			return "forbidden model combination";
		case ETS_ENOFIT:
			return "no model could be fitted";
		case ETS_ENOMEM:
			return "out of memory";
		case ETS_EINTERRUPTED:
			return "interrupted";
		case ETS_ERANGE:
			return "result out of range";
		case ETS_EMODEL:
			return "invalid stored model";
		default:
			return "unknown error";
	}
}

/* ----------------------------------------------------------------------
 * Forecasts
 * ----------------------------------------------------------------------
 */

int
ets_has_analytic_variance(const EtsModel *model)
{
	if (model->trend == 'M')
		return 0;
	if (model->error == 'A' && model->season != 'M')
		return 1;
	if (model->error == 'M' && model->season != 'M')
		return 2;
	if (model->error == 'M' && model->season == 'M')
		return 3;
	return 0;
}

/*
 * Class 1 and 2 (Hyndman et al. 2008, ch. 6): the linear state space
 * model x[t] = F x[t-1] + g e[t], mu = w' x.  mu[j] = w' F^j x,
 * c[j] = w' F^j g (j = 0..h-1).  The state (l, b, s[0..m-1]) is shifted
 * in place: F moves s[m-1] to s[0].
 */
static void
linear_moments(const EtsModel *model, int h, double *mu, double *c)
{
	double		x[ETS_MAX_STATES],
				g[ETS_MAX_STATES],
				tmp[ETS_MAX_STATES];
	int			trend = component_code(model->trend);
	int			season = component_code(model->season);
	int			m = model->m,
				p = model->nstate,
				off = 1 + (trend != NONE),
				i,
				j;
	double		phi = model->damped ? model->phi : 1.0;

	memcpy(x, model->final_state, p * sizeof(double));
	memset(g, 0, sizeof(g));
	g[0] = model->alpha;
	if (trend != NONE)
		g[1] = model->beta;
	if (season != NONE)
		g[off] = model->gamma;

	for (i = 0; i < h; i++)
	{
		int			k;

		for (k = 0; k < 2; k++)
		{
			double	   *v = (k == 0) ? x : g;
			double		w = v[0];

			if (trend != NONE)
				w += phi * v[1];
			if (season != NONE)
				w += v[off + m - 1];
			if (k == 0)
				mu[i] = w;
			else if (c != NULL)
				c[i] = w;

			/* v = F v */
			if (trend != NONE)
			{
				v[0] += phi * v[1];
				v[1] *= phi;
			}
			if (season != NONE)
			{
				memcpy(tmp, v + off, m * sizeof(double));
				v[off] = tmp[m - 1];
				for (j = 1; j < m; j++)
					v[off + j] = tmp[j - 1];
			}
		}
	}
}

/*
 * The vec-operators of class 3 on a q x m matrix X (column-major vector
 * of length q m; q = 1 level or 2 level and slope):
 *	op 0: F1 X F2'		op 1: G1 X G2'		op 2: F1 X G2' + G1 X F2'
 * F2 rotates the seasonal columns, G2 = gamma e1 e_m', F1 = [1 1; 0 phi],
 * G1 = [alpha alpha; beta beta] (1 x 1 [1] and [alpha] without trend).
 */
typedef struct Class3
{
	int			q;
	int			m;
	double		F1[2][2];
	double		G1[2][2];
	double		gamma;
} Class3;

static void
class3_apply(const Class3 *c3, int op, const double *X, double *Y)
{
	int			q = c3->q,
				m = c3->m,
				i,
				j,
				k;

	for (j = 0; j < m; j++)
	{
		int			jp = (j == 0) ? m - 1 : j - 1;
		const double *src = X + q * jp;
		const double *last = X + q * (m - 1);

		for (i = 0; i < q; i++)
		{
			double		v = 0.0;

			for (k = 0; k < q; k++)
			{
				switch (op)
				{
					case 0:
						v += c3->F1[i][k] * src[k];
						break;
					case 1:
						if (j == 0)
							v += c3->gamma * c3->G1[i][k] * last[k];
						break;
					default:
						if (j == 0)
							v += c3->gamma * c3->F1[i][k] * last[k];
						v += c3->G1[i][k] * src[k];
						break;
				}
			}
			Y[q * j + i] = v;
		}
	}
}

/*
 * R = A V B' for vec-operators A (opa) and B (opb), V and R d x d
 * row-major; W is scratch.
 */
static void
class3_two_sided(const Class3 *c3, int opa, int opb, const double *V,
				 double *W, double *R)
{
	int			d = c3->q * c3->m,
				r,
				c;
	double		in[2 * ETS_MAX_SEASON],
				out[2 * ETS_MAX_SEASON];

	for (c = 0; c < d; c++)
	{
		for (r = 0; r < d; r++)
			in[r] = V[r * d + c];
		class3_apply(c3, opa, in, out);
		for (r = 0; r < d; r++)
			W[r * d + c] = out[r];
	}
	for (r = 0; r < d; r++)
		class3_apply(c3, opb, W + r * d, R + r * d);
}

#define C3_D	(2 * ETS_MAX_SEASON)

/*
 * Class 3 (multiplicative error and season, no multiplicative trend):
 * mean and variance of the forecasts by the recursions of Hyndman et al.
 * (2008, sec. 6.5), with M = E[(l, b)' s'] and V its covariance (as R's
 * class3()).  var may be NULL for the means only.
 */
static void
class3_moments(const EtsModel *model, int h, double *mu, double *var)
{
	static const double zero = 0.0;
	Class3		c3;
	double		M[C3_D],
				Mn[C3_D],
				v1[C3_D],
				v2[C3_D];
	double		V[C3_D * C3_D],
				W[C3_D * C3_D],
				T[C3_D * C3_D],
				Vn[C3_D * C3_D];
	double		s2 = model->sigma2;
	int			q = (model->trend != 'N') ? 2 : 1,
				m = model->m,
				d = q * m,
				i,
				j,
				a,
				b;

	c3.q = q;
	c3.m = m;
	c3.gamma = model->gamma;
	if (q == 1)
	{
		c3.F1[0][0] = 1.0;
		c3.G1[0][0] = model->alpha;
	}
	else
	{
		c3.F1[0][0] = 1.0;
		c3.F1[0][1] = 1.0;
		c3.F1[1][0] = 0.0;
		c3.F1[1][1] = model->damped ? model->phi : 1.0;
		c3.G1[0][0] = c3.G1[0][1] = model->alpha;
		c3.G1[1][0] = c3.G1[1][1] = model->beta;
	}
	/* M = (l, b)' (s[0..m-1]) */
	for (j = 0; j < m; j++)
		for (i = 0; i < q; i++)
			M[q * j + i] = model->final_state[i] * model->final_state[q + j];
	if (var != NULL)
		for (a = 0; a < d * d; a++)
			V[a] = zero;

	for (i = 0; i < h; i++)
	{
		double		mui = 0.0;

		for (a = 0; a < q; a++)
			mui += M[q * (m - 1) + a];
		mu[i] = mui;
		if (var != NULL)
		{
			double		hv = 0.0;

			for (a = 0; a < q; a++)
				for (b = 0; b < q; b++)
					hv += V[(q * (m - 1) + a) * d + q * (m - 1) + b];
			var[i] = (1 + s2) * hv + s2 * mui * mui;

			if (i < h - 1)
			{
				/* Vn = F V F' */
				class3_two_sided(&c3, 0, 0, V, W, Vn);
				/* + s2 (F V G' + G V F') */
				class3_two_sided(&c3, 0, 1, V, W, T);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * (T[a * d + b] + T[b * d + a]);
				/* + s2 K (V + M M') K' */
				class3_two_sided(&c3, 2, 2, V, W, T);
				class3_apply(&c3, 2, M, v1);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * (T[a * d + b] + v1[a] * v1[b]);
				/* + s2^2 G (3 V + 2 M M') G' */
				class3_two_sided(&c3, 1, 1, V, W, T);
				class3_apply(&c3, 1, M, v2);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * s2 *
							(3 * T[a * d + b] + 2 * v2[a] * v2[b]);
				memcpy(V, Vn, d * d * sizeof(double));
			}
		}
		/* M = F1 M F2' + s2 G1 M G2' */
		class3_apply(&c3, 0, M, Mn);
		class3_apply(&c3, 1, M, v2);
		for (a = 0; a < d; a++)
			M[a] = Mn[a] + s2 * v2[a];
	}
}

/* The deterministic point forecasts (R: etsforecast()). */
static int
recursion_forecast(const EtsModel *model, int h, double *mean)
{
	EtsRun		r;
	double		l,
				b,
				ring[ETS_MAX_SEASON];

	model_run(model, &r);
	load_state(&r, model->final_state, &l, &b, ring);
	return point_forecast(&r, l, b, ring, 0, mean, h);
}

static int
check_forecast_args(const EtsModel *model, int h, const double *out,
					char *errbuf, size_t errlen)
{
	int			rc = ets_model_validate(model, errbuf, errlen);

	if (rc != ETS_OK)
		return rc;
	if (h < 1)
	{
		set_error(errbuf, errlen, "forecast horizon must be at least 1, got %d",
				  h);
		return ETS_EINVAL;
	}
	if (out == NULL)
	{
		set_error(errbuf, errlen, "missing output array");
		return ETS_EINVAL;
	}
	return ETS_OK;
}

static int
check_finite_output(const double *v, int h, char *errbuf, size_t errlen)
{
	int			i;

	for (i = 0; i < h; i++)
	{
		if (!isfinite(v[i]))
		{
			set_error(errbuf, errlen,
					  "forecast %d is not finite (%g): the model's forecasts "
					  "overflow", i + 1, v[i]);
			return ETS_ERANGE;
		}
	}
	return ETS_OK;
}

int
ets_forecast(const EtsModel *model, int h, double *mean, const EtsEnv *env,
			 char *errbuf, size_t errlen)
{
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);

	if (rc != ETS_OK)
		return rc;
	env_interrupt(env);
	if (ets_has_analytic_variance(model) == 3)
		class3_moments(model, h, mean, NULL);
	else if (!recursion_forecast(model, h, mean))
	{
		set_error(errbuf, errlen,
				  "multiplicative trend with a negative slope has no forecast");
		return ETS_ERANGE;
	}
	return check_finite_output(mean, h, errbuf, errlen);
}

int
ets_forecast_variance(const EtsModel *model, int h, double *mean,
					  double *var, const EtsEnv *env,
					  char *errbuf, size_t errlen)
{
	int			cls;
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);
	double		s2 = model->sigma2;
	int			i,
				j;

	if (rc != ETS_OK)
		return rc;
	if (var == NULL)
	{
		set_error(errbuf, errlen, "missing output array");
		return ETS_EINVAL;
	}
	cls = ets_has_analytic_variance(model);
	if (cls == 0)
	{
		set_error(errbuf, errlen,
				  "model ETS(%c,%c%s,%c) has no analytic forecast variance",
				  model->error, model->trend, model->damped ? "d" : "",
				  model->season);
		return ETS_EINVAL;
	}
	env_interrupt(env);
	if (cls == 3)
		class3_moments(model, h, mean, var);
	else
	{
		/* c[j] is kept in var[] until it is overwritten */
		double	   *c2 = NULL;

		if (cls == 2)
		{
			c2 = env_alloc(env, 2 * (size_t) h * sizeof(double));
			if (c2 == NULL)
			{
				set_error(errbuf, errlen, "out of memory");
				return ETS_ENOMEM;
			}
		}
		linear_moments(model, h, mean, var);
		if (cls == 1)
		{
			double		cum = 0.0;

			for (i = 0; i < h; i++)
			{
				double		c = var[i];

				var[i] = s2 * (1.0 + cum);
				cum += c * c;
			}
		}
		else
		{
			/* theta[j] = mu[j]^2 + s2 sum_{i<j} c[i]^2 theta[j-1-i] */
			double	   *theta = c2 + h;

			for (i = 0; i < h; i++)
				c2[i] = var[i] * var[i];
			for (j = 0; j < h; j++)
			{
				double		sum = 0.0;

				if (j % 64 == 63)
					env_interrupt(env);
				for (i = 0; i < j; i++)
					sum += c2[i] * theta[j - 1 - i];
				theta[j] = mean[j] * mean[j] + s2 * sum;
			}
			for (j = 0; j < h; j++)
				var[j] = (1 + s2) * theta[j] - mean[j] * mean[j];
			env_release(env, c2);
		}
	}
	rc = check_finite_output(mean, h, errbuf, errlen);
	if (rc == ETS_OK)
		rc = check_finite_output(var, h, errbuf, errlen);
	return rc;
}

/*
 * The standard normal quantile: a rational start (Abramowitz & Stegun
 * 26.2.23, |error| < 4.5e-4) polished by Halley steps on erfc(), which
 * gives full double precision.
 */
static double
normal_quantile(double p)
{
	double		q = (p < 0.5) ? p : 1.0 - p;
	double		t = sqrt(-2.0 * log(q));
	double		z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		(1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
	int			i;

	z = -z;						/* the lower-tail quantile of q */
	for (i = 0; i < 4; i++)
	{
		double		cdf = 0.5 * erfc(-z / M_SQRT2);
		double		pdf = exp(-0.5 * z * z) / sqrt(2.0 * M_PI);
		double		u = (cdf - q) / pdf;

		z = z - u / (1.0 + 0.5 * z * u);
	}
	return (p < 0.5) ? z : -z;
}

/* xoshiro256** seeded by splitmix64: deterministic everywhere */
typedef struct Rng
{
	uint64_t	s[4];
	int			have;
	double		next;
} Rng;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static void
rng_seed(Rng *rng, uint64_t seed)
{
	int			i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
	rng->have = 0;
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static double
rng_uniform(Rng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return (double) (result >> 11) * (1.0 / 9007199254740992.0);
}

/* standard normal by the Marsaglia polar method */
static double
rng_normal(Rng *rng)
{
	double		u,
				v,
				s,
				f;

	if (rng->have)
	{
		rng->have = 0;
		return rng->next;
	}
	do
	{
		u = 2.0 * rng_uniform(rng) - 1.0;
		v = 2.0 * rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	f = sqrt(-2.0 * log(s) / s);
	rng->next = v * f;
	rng->have = 1;
	return u * f;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* R's quantile(type = 8) of sorted x[0..n-1] */
static double
quantile8(const double *x, int n, double p)
{
	double		nppm = 1.0 / 3.0 + p * (n + 1.0 / 3.0);
	double		fuzz = 4.0 * DBL_EPSILON;
	int			j = (int) floor(nppm + fuzz);
	double		h = nppm - j;
	double		lo,
				hi;

	if (fabs(h) < fuzz)
		h = 0.0;
	lo = x[j < 1 ? 0 : j > n ? n - 1 : j - 1];
	hi = x[j + 1 < 1 ? 0 : j + 1 > n ? n - 1 : j];
	if (h == 0.0 || lo == hi)
		return lo;
	return (1.0 - h) * lo + h * hi;
}

/*
 * Simulated intervals (R: pegelsfcast.C()): npaths sample paths from the
 * final state with N(0, sigma2) errors (relative errors floored at -1),
 * advanced together one period at a time; the interval at each step is
 * made of the type-8 quantiles of the simulated values.
 */
static int
simulate_interval(const EtsModel *model, int h, double level,
				  double *lower, double *upper, const EtsEnv *env,
				  char *errbuf, size_t errlen)
{
	int			npaths = (env != NULL && env->npaths > 0) ?
		env->npaths : ETS_DEFAULT_NPATHS;
	uint64_t	seed = (env != NULL && env->seed != 0) ?
		env->seed : ETS_DEFAULT_SEED;
	EtsRun		r;
	Rng			rng;
	int			m = model->m,
				width = 2 + m,
				p = 0,
				i,
				k;
	double	   *st,
			   *vals;
	double		sd = sqrt(model->sigma2);
	double		l0,
				b0,
				ring0[ETS_MAX_SEASON];

	st = env_alloc(env, ((size_t) npaths * width + npaths) * sizeof(double));
	if (st == NULL)
	{
		set_error(errbuf, errlen, "out of memory");
		return ETS_ENOMEM;
	}
	vals = st + (size_t) npaths * width;
	model_run(model, &r);
	load_state(&r, model->final_state, &l0, &b0, ring0);
	for (k = 0; k < npaths; k++)
	{
		double	   *x = st + (size_t) k * width;

		x[0] = l0;
		x[1] = b0;
		memcpy(x + 2, ring0, m * sizeof(double));
	}
	rng_seed(&rng, seed);

	for (i = 0; i < h; i++)
	{
		int			nok = 0;

		env_interrupt(env);
		for (k = 0; k < npaths; k++)
		{
			double	   *x = st + (size_t) k * width;
			double		so = (r.season != NONE) ? x[2 + p] : 0.0;
			double		f,
						e,
						yv,
						snew = 0.0;

			e = sd * rng_normal(&rng);
			if (isnan(x[0]))
				continue;
			if (r.trend == NONE)
				f = x[0];
			else if (r.trend == ADD)
				f = x[0] + r.phi * x[1];
			else if (x[1] < 0)
			{
				x[0] = NAN;		/* R: "problem with multiplicative damped trend" */
				continue;
			}
			else
				f = x[0] * pow(x[1], r.phi);
			if (r.season == ADD)
				f += so;
			else if (r.season == MULT)
				f *= so;
			if (r.error == ADD)
				yv = f + e;
			else
				yv = f * (1.0 + (e < -1.0 ? -1.0 : e));
			state_update(&r, yv, &x[0], &x[1], so, &snew);
			if (r.season != NONE)
				x[2 + p] = snew;
			if (isfinite(yv))
				vals[nok++] = yv;
		}
		if (r.season != NONE && ++p == m)
			p = 0;
		if (nok == 0)
		{
			env_release(env, st);
			set_error(errbuf, errlen,
					  "no simulated path of the model has a forecast at "
					  "step %d", i + 1);
			return ETS_ERANGE;
		}
		qsort(vals, nok, sizeof(double), cmp_double);
		if (lower)
			lower[i] = quantile8(vals, nok, 0.5 - level / 200.0);
		if (upper)
			upper[i] = quantile8(vals, nok, 0.5 + level / 200.0);
	}
	env_release(env, st);
	return ETS_OK;
}

int
ets_forecast_interval(const EtsModel *model, int h, double level,
					  double *mean, double *lower, double *upper,
					  const EtsEnv *env, char *errbuf, size_t errlen)
{
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);
	int			i;

	if (rc != ETS_OK)
		return rc;
	if (!(level > 0.0 && level < 100.0))
	{
		set_error(errbuf, errlen,
				  "interval level must be between 0 and 100 percent, got %g",
				  level);
		return ETS_EINVAL;
	}
	if (ets_has_analytic_variance(model))
	{
		double	   *var;
		double		z = normal_quantile(0.5 + level / 200.0);

		var = env_alloc(env, (size_t) h * sizeof(double));
		if (var == NULL)
		{
			set_error(errbuf, errlen, "out of memory");
			return ETS_ENOMEM;
		}
		rc = ets_forecast_variance(model, h, mean, var, env, errbuf, errlen);
		if (rc == ETS_OK)
		{
			for (i = 0; i < h; i++)
			{
				double		half = z * sqrt(var[i] > 0 ? var[i] : 0.0);

				if (lower)
					lower[i] = mean[i] - half;
				if (upper)
					upper[i] = mean[i] + half;
			}
		}
		env_release(env, var);
		return rc;
	}
	rc = ets_forecast(model, h, mean, env, errbuf, errlen);
	if (rc != ETS_OK)
		return rc;
	if (lower == NULL && upper == NULL)
		return ETS_OK;
	return simulate_interval(model, h, level, lower, upper, env, errbuf,
							 errlen);
}
