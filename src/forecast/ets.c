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
 *	  ets_admissible region of Hyndman, Akram & Archibald 2008, AISM 60:407);
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
 * The kernel is split by concern; what the files share is in ets_int.h:
 *	ets.c			specifications, models read back, errors, callbacks
 *	ets_lik.c		state recursions and likelihood kernels
 *	ets_optim.c		parameter region, objective, Nelder-Mead, lanes
 *	ets_init.c		initial states
 *	ets_select.c	candidate models, fallbacks, ets_fit()
 *	ets_forecast.c	point forecasts, variances, simulated intervals
 *
 *-------------------------------------------------------------------------
 */
#include "ets_int.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Write an error message into the caller's buffer, if any.
 */
void
ets_error(char *errbuf, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (errbuf == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
}

int
ets_component_code(char c)
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

char
ets_component_char(int code)
{
	return code == ADD ? 'A' : code == MULT ? 'M' : 'N';
}

void
ets_env_interrupt(const EtsEnv *env)
{
	if (env != NULL && env->interrupt != NULL)
		env->interrupt(env->interrupt_arg);
}

void *
ets_env_alloc(const EtsEnv *env, size_t size)
{
	if (env != NULL && env->alloc != NULL)
		return env->alloc(size, env->alloc_arg);
	return malloc(size);
}

void
ets_env_release(const EtsEnv *env, void *ptr)
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
		ets_error(errbuf, errlen,
				  "invalid ets model \"%s\": expected three letters for "
				  "error, trend and season, with an optional 'd' after the "
				  "trend, such as \"ZZZ\", \"ANN\" or \"MAdM\"", model);
		return ETS_EINVAL;
	}
	if (e != 'A' && e != 'M' && e != 'Z')
	{
		ets_error(errbuf, errlen,
				  "invalid error type '%c' in ets model \"%s\": use A, M or Z",
				  e, model);
		return ETS_EINVAL;
	}
	if (t != 'N' && t != 'A' && t != 'M' && t != 'Z')
	{
		ets_error(errbuf, errlen,
				  "invalid trend type '%c' in ets model \"%s\": use N, A, M or Z",
				  t, model);
		return ETS_EINVAL;
	}
	if (s != 'N' && s != 'A' && s != 'M' && s != 'Z')
	{
		ets_error(errbuf, errlen,
				  "invalid season type '%c' in ets model \"%s\": use N, A, M or Z",
				  s, model);
		return ETS_EINVAL;
	}
	if (damped == ETS_DAMPED_YES && t == 'N')
	{
		ets_error(errbuf, errlen,
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
		ets_error(errbuf, errlen, "season length must be at least 1, got %d",
				  m);
		return ETS_EINVAL;
	}
	return ets_spec_parse(spec, model, errbuf, errlen);
}

/*
 * Check the fields of a spec a caller may have set by hand.
 */
int
ets_check_spec(const EtsSpec *spec, char *errbuf, size_t errlen)
{
	static const char *const names[4] = {"alpha", "beta", "gamma", "phi"};
	double		fixed[4];
	int			i;

	if ((spec->error != 'A' && spec->error != 'M' && spec->error != 'Z') ||
		(ets_component_code(spec->trend) < 0 && spec->trend != 'Z') ||
		(ets_component_code(spec->season) < 0 && spec->season != 'Z'))
	{
		ets_error(errbuf, errlen, "invalid ets model components '%c%c%c'",
				  spec->error, spec->trend, spec->season);
		return ETS_EINVAL;
	}
	if (spec->damped != ETS_DAMPED_NO && spec->damped != ETS_DAMPED_YES &&
		spec->damped != ETS_DAMPED_AUTO)
	{
		ets_error(errbuf, errlen, "invalid damped setting %d", spec->damped);
		return ETS_EINVAL;
	}
	if (spec->m < 1)
	{
		ets_error(errbuf, errlen, "season length must be at least 1, got %d",
				  spec->m);
		return ETS_EINVAL;
	}
	if (spec->nmse < 1 || spec->nmse > 30)
	{
		ets_error(errbuf, errlen, "nmse must be between 1 and 30, got %d",
				  spec->nmse);
		return ETS_EINVAL;
	}
	if (spec->opt_crit < ETS_OPT_LIK || spec->opt_crit > ETS_OPT_MAE ||
		spec->bounds < ETS_BOUNDS_BOTH ||
		spec->bounds > ETS_BOUNDS_ADMISSIBLE ||
		spec->ic < ETS_IC_AICC || spec->ic > ETS_IC_BIC)
	{
		ets_error(errbuf, errlen,
				  "invalid optimisation criterion, bounds or information "
				  "criterion code");
		return ETS_EINVAL;
	}
	if (spec->maxit < 1)
	{
		ets_error(errbuf, errlen,
				  "maximum number of iterations must be at least 1, got %d",
				  spec->maxit);
		return ETS_EINVAL;
	}
	for (i = 0; i < 4; i++)
	{
		if (!isfinite(spec->lower[i]) || !isfinite(spec->upper[i]) ||
			spec->lower[i] > spec->upper[i])
		{
			ets_error(errbuf, errlen,
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
			ets_error(errbuf, errlen, "%s must be finite, got %g", names[i],
					  fixed[i]);
			return ETS_EINVAL;
		}
		if (spec->bounds != ETS_BOUNDS_ADMISSIBLE &&
			(fixed[i] < spec->lower[i] || fixed[i] > spec->upper[i]))
		{
			ets_error(errbuf, errlen,
					  "%s must be between %g and %g, got %g", names[i],
					  spec->lower[i], spec->upper[i], fixed[i]);
			return ETS_EINVAL;
		}
	}
	if (spec->bounds != ETS_BOUNDS_ADMISSIBLE && !isnan(spec->alpha))
	{
		if (!isnan(spec->beta) && spec->beta > spec->alpha)
		{
			ets_error(errbuf, errlen,
					  "beta must not exceed alpha, got beta %g and alpha %g",
					  spec->beta, spec->alpha);
			return ETS_EINVAL;
		}
		if (!isnan(spec->gamma) && spec->gamma > 1 - spec->alpha)
		{
			ets_error(errbuf, errlen,
					  "gamma must not exceed 1 - alpha, got gamma %g and "
					  "alpha %g", spec->gamma, spec->alpha);
			return ETS_EINVAL;
		}
	}
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
		ets_error(errbuf, errlen, "missing ets model");
		return ETS_EMODEL;
	}
	if (model->version != ETS_MODEL_VERSION)
	{
		ets_error(errbuf, errlen, "unsupported ets model version %d",
				  (int) model->version);
		return ETS_EMODEL;
	}
	trend = ets_component_code(model->trend);
	season = ets_component_code(model->season);
	if ((model->error != 'A' && model->error != 'M') || trend < 0 ||
		season < 0 || (model->damped != 0 && model->damped != 1) ||
		(model->damped && trend == NONE))
	{
		ets_error(errbuf, errlen, "invalid ets model components");
		return ETS_EMODEL;
	}
	if ((season == NONE && model->m != 1) ||
		(season != NONE && (model->m < 2 || model->m > ETS_MAX_SEASON)) ||
		model->period < 1 ||
		model->nstate != 1 + (trend != NONE) + (season != NONE ? model->m : 0))
	{
		ets_error(errbuf, errlen, "invalid ets model dimensions");
		return ETS_EMODEL;
	}
	if (model->n < 0 || model->npar < 0 || model->fallback < ETS_FB_NONE ||
		model->fallback > ETS_FB_NO_SEASON ||
		memchr(model->requested, '\0', sizeof(model->requested)) == NULL)
	{
		ets_error(errbuf, errlen, "invalid ets model header");
		return ETS_EMODEL;
	}
	if (!isfinite(model->alpha) || !(model->alpha > 0) ||
		!isfinite(model->beta) || !isfinite(model->gamma) ||
		!isfinite(model->phi) || !isfinite(model->sigma2) ||
		model->sigma2 < 0)
	{
		ets_error(errbuf, errlen, "invalid ets model parameters");
		return ETS_EMODEL;
	}
	for (i = 0; i < model->nstate; i++)
	{
		if (!isfinite(model->init_state[i]) ||
			!isfinite(model->final_state[i]))
		{
			ets_error(errbuf, errlen, "invalid ets model states");
			return ETS_EMODEL;
		}
	}
	return ETS_OK;
}

void
ets_model_run(const EtsModel *model, EtsRun *r)
{
	r->error = ets_component_code(model->error);
	r->trend = ets_component_code(model->trend);
	r->season = ets_component_code(model->season);
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
		ets_error(errbuf, errlen, "cannot evaluate a model on an empty series");
		return ETS_EINVAL;
	}
	for (i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
		{
			ets_error(errbuf, errlen,
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
		ets_error(errbuf, errlen,
				  "%d values are too few for a model with %d parameters", n,
				  (int) model->npar);
		return ETS_EINVAL;
	}
	ets_model_statistics(y, n, model, model->npar, 3, fitted, resid);
	return ETS_OK;
}

int
ets_fitted_h(const double *y, int n, const EtsModel *model, int h,
			 double *fitted, char *errbuf, size_t errlen)
{
	EtsModel	copy = *model;
	EtsRun		r;
	int			rc;

	if (h < 1 || h >= n)
	{
		ets_error(errbuf, errlen,
				  "horizon must be between 1 and %d (one less than the %d values), got %d",
				  n - 1, n, h);
		return ETS_EINVAL;
	}
	/* validation and the one-step pass of ets_evaluate, on a copy */
	rc = ets_evaluate(y, n, &copy, h == 1 ? fitted : NULL, NULL, errbuf,
					  errlen);
	if (rc != ETS_OK || h == 1)
		return rc;
	ets_model_run(&copy, &r);
	if (!ets_run_hstep(&r, y, n, copy.init_state, h, fitted))
	{
		ets_error(errbuf, errlen,
				  "the multiplicative trend of the model turned negative: no %d-step forecasts",
				  h);
		return ETS_EINVAL;
	}
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
