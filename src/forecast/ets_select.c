/*-------------------------------------------------------------------------
 *
 * ets_select.c
 *	  ETS model selection (R's ets() and etsmodel()): one candidate
 *	  set up, optimised and scored; the fallbacks for constant and
 *	  short series (Holt-Winters by least squares); ets_fit().  Plain C.
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
void
ets_model_statistics(const double *y, int n, EtsModel *model, int k, int nmse,
					 double *fitted, double *resid)
{
	EtsRun		r;
	EtsSums		sums;
	double		lik;
	int			j;

	ets_model_run(model, &r);
	ets_run_model(&r, y, n, model->init_state, nmse, &sums, fitted, resid,
				  model->final_state);
	lik = ets_run_lik(&r, n, &sums);
	model->n = n;
	model->loglik = -0.5 * lik;
	k += 1;
	model->aic = lik + 2.0 * k;
	model->bic = lik + log((double) n) * k;
	/*
	 * R divides by n - k - 1 and n - npar regardless; where that is zero or
	 * negative its criterion is infinite (the model cannot be chosen by
	 * AICc) and sigma2 undefined.  Say so here rather than divide by zero:
	 * fc_fit stores non-finite criteria as NaN (JSON null).
	 */
	if (n - k - 1 > 0)
		model->aicc = model->aic + 2.0 * k * (k + 1) / (double) (n - k - 1);
	else
		model->aicc = INFINITY;
	model->mse = sums.amse[0];
	model->amse = 0.0;
	for (j = 0; j < nmse; j++)
		model->amse += sums.amse[j];
	model->amse /= nmse;
	if (n - model->npar > 0)
		model->sigma2 = sums.sse / (double) (n - model->npar);
	else
		model->sigma2 = NAN;
}


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
		!ets_admissible(val[0], c->present[1] ? val[1] : 0.0,
						c->present[2] ? val[2] : 0.0,
						c->present[3] ? val[3] : 1.0,
						m, c->present[1], c->present[2]))
		return 0;

	c->nfree = ets_init_states(y, n, c->trend, c->season, m, c->par + nopt);
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
	model->error = ets_component_char(c->error);
	model->trend = ets_component_char(c->trend);
	model->season = ets_component_char(c->season);
	model->damped = (char) c->damped;
	model->m = c->t.run.m;
	model->period = spec->m;
	model->nstate = 1 + (c->trend != NONE) +
		(c->season != NONE ? model->m : 0);
	model->alpha = c->t.opt[0] ? c->par[j++] : c->val[0];
	model->beta = !c->present[1] ? 0.0 : c->t.opt[1] ? c->par[j++] : c->val[1];
	model->gamma = !c->present[2] ? 0.0 : c->t.opt[2] ? c->par[j++] : c->val[2];
	model->phi = !c->present[3] ? 1.0 : c->t.opt[3] ? c->par[j++] : c->val[3];
	ets_complete_state(&c->t.run, c->par + j, c->nfree, model->init_state);
	model->npar = c->np + c->nfixed;
	model->ncandidates = 1;
	model->nfeval = c->fncount;
	ets_model_statistics(y, n, model, c->np, spec->nmse, NULL, NULL);
	c->ok = 1;
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

	if (++h->nfeval % ets_interrupt_stride(h->n) == 0)
		ets_env_interrupt(h->env);
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
	ets_run_model(&r, h->y, h->n, h->x0, 0, &sums, NULL, NULL, NULL);
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
		sse = ets_nelder_mead(np, par, hw_sse, &h, 1e-10, 1000, &fncount);
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
	model->trend = ets_component_char(trend);
	model->season = ets_component_char(season);
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
	ets_model_statistics(y, n, model, model->npar, 1, NULL, NULL);
	/* R: sigma2 = mean(e^2), no likelihood for these fits */
	{
		EtsRun		r;
		EtsSums		sums;

		r.error = ets_component_code(model->error);
		r.trend = trend;
		r.season = season;
		r.m = m;
		r.alpha = model->alpha;
		r.beta = model->beta;
		r.gamma = model->gamma;
		r.phi = model->phi;
		ets_run_model(&r, y, n, model->init_state, 0, &sums, NULL, NULL, NULL);
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
	ets_model_statistics(y, n, model, 2, 1, NULL, NULL);
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
		ets_run_model(&r, y, n, model->init_state, 0, &sums, NULL, NULL, NULL);
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

/*
 * The checks of the series: finite values; *nonpos receives the position
 * of the first value <= 0, or -1 when all are positive.
 */
static int
check_series(const double *y, int n, int *nonpos, char *errbuf,
			 size_t errlen)
{
	int			i;

	*nonpos = -1;
	if (y == NULL || n < 1)
	{
		ets_error(errbuf, errlen, "cannot fit an empty series");
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
		if (y[i] <= 0 && *nonpos < 0)
			*nonpos = i;
	}
	return ETS_OK;
}

/*
 * The components to search, *e, *t, *s (each a letter or 'Z'), after R's
 * rules: no season for a series of at most m values or for m == 1 (an
 * error if one was asked for), none either above ETS_MAX_SEASON; forbidden
 * combinations and multiplicative models of non-positive data are errors.
 * Sets *fallback when the season is dropped.
 */
static int
resolve_components(const EtsSpec *spec, const double *y, int n, int nonpos,
				   const char *requested, char *e, char *t, char *s,
				   int *fallback, char *errbuf, size_t errlen)
{
	int			m = spec->m;

	if (n <= m && *s != 'N')
	{
		*s = 'N';
		if (m > 1)
			*fallback = ETS_FB_NO_SEASON;
	}
	if (m == 1)
	{
		if (*s == 'A' || *s == 'M')
		{
			ets_error(errbuf, errlen,
					  "seasonal ets model \"%s\" needs a season length above 1",
					  requested);
			return ETS_EFORBIDDEN;
		}
		*s = 'N';
	}
	if (m > ETS_MAX_SEASON && *s != 'N')
	{
		if (*s == 'A' || *s == 'M')
		{
			ets_error(errbuf, errlen,
					  "seasonal ets models support season lengths up to %d, "
					  "got %d", ETS_MAX_SEASON, m);
			return ETS_EFORBIDDEN;
		}
		*s = 'N';
		*fallback = ETS_FB_NO_SEASON;
	}
	if (spec->restrict_models &&
		((*e == 'A' && (*t == 'M' || *s == 'M')) ||
		 (*e == 'M' && *t == 'M' && *s == 'A') ||
		 (spec->additive_only && (*e == 'M' || *t == 'M' || *s == 'M'))))
	{
		ets_error(errbuf, errlen,
				  "ets model \"%s\" is a forbidden combination (infinite "
				  "forecast variance or not additive)", requested);
		return ETS_EFORBIDDEN;
	}
	if (nonpos >= 0 && (*e == 'M' || *t == 'M' || *s == 'M'))
	{
		ets_error(errbuf, errlen,
				  "multiplicative ets model \"%s\" needs positive data, got "
				  "%g at position %d", requested, y[nonpos], nonpos + 1);
		return ETS_ENONPOS;
	}
	if (spec->damped == ETS_DAMPED_YES && *t == 'N')
	{
		ets_error(errbuf, errlen,
				  "ets model \"%s\" damps a trend it does not have",
				  requested);
		return ETS_EFORBIDDEN;
	}
	return ETS_OK;
}

/*
 * A series too short to estimate (R: n <= npars + 4): Holt-Winters by
 * least squares with the requested trend and season, else with fewer
 * components, as R.
 */
static int
short_series_fit(const double *y, int n, char t, char s, const EtsSpec *spec,
				 const EtsEnv *env, EtsModel *model, char *errbuf,
				 size_t errlen)
{
	EtsModel	fit1,
				fit2;
	int			ok1,
				ok2;
	int			tc = (t == 'M') ? MULT : ADD;

	ets_env_interrupt(env);
	if ((s == 'A' || s == 'M') &&
		hw_fit(y, n, tc, ets_component_code(s), spec, env, model))
		return ETS_OK;
	if ((t == 'A' || t == 'M') && hw_fit(y, n, tc, NONE, spec, env, model))
		return ETS_OK;
	if (t == 'N' && s == 'N' && hw_fit(y, n, NONE, NONE, spec, env, model))
		return ETS_OK;
	ok1 = hw_fit(y, n, tc, NONE, spec, env, &fit1);
	ok2 = hw_fit(y, n, NONE, NONE, spec, env, &fit2);
	if (ok1 && (!ok2 || fit1.sigma2 < fit2.sigma2))
		*model = fit1;
	else if (ok2)
		*model = fit2;
	else
	{
		ets_error(errbuf, errlen,
				  "unable to estimate a model for a series of %d values", n);
		return ETS_ENOFIT;
	}
	return ETS_OK;
}

/*
 * Set up the candidate models of components e, t, s ('Z': all that R
 * tries) in R's order; returns how many, at most 2 * 3 * 3 * 2.
 */
static int
setup_candidates(const double *y, int n, char e, char t, char s,
				 int positive, const EtsSpec *spec, const EtsEnv *env,
				 Cand *cands)
{
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

	if (e == 'Z')
	{
		elist[ne++] = ADD;
		elist[ne++] = MULT;
	}
	else
		elist[ne++] = ets_component_code(e);
	if (t == 'Z')
	{
		tlist[nt++] = NONE;
		tlist[nt++] = ADD;
		if (spec->allow_multiplicative_trend)
			tlist[nt++] = MULT;
	}
	else
		tlist[nt++] = ets_component_code(t);
	if (s == 'Z')
	{
		slist[ns++] = NONE;
		slist[ns++] = ADD;
		slist[ns++] = MULT;
	}
	else
		slist[ns++] = ets_component_code(s);
	if (spec->damped == ETS_DAMPED_AUTO)
	{
		dlist[nd++] = 1;
		dlist[nd++] = 0;
	}
	else
		dlist[nd++] = spec->damped;

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
					ets_env_interrupt(env);
					cand_setup(y, n, spec, env, c);
				}
	return ncand;
}

/*
 * Optimise the candidates: together those the lane kernels handle,
 * grouped by season, the others one by one.
 */
static void
optimise_candidates(Cand *cands, int ncand, const EtsSpec *spec,
					const EtsEnv *env)
{
	int			is,
				i;

	for (is = NONE; is <= MULT; is++)
	{
		Cand	   *group[LANE_MAX];
		int			ng = 0;

		for (i = 0; i < ncand; i++)
		{
			Cand	   *c = &cands[i];

			if (!c->ready || c->season != is || !ets_target_lanes_ok(&c->t))
				continue;
			group[ng++] = c;
			if (ng == LANE_MAX)
			{
				ets_fit_lanes(group, ng, spec, env);
				ng = 0;
			}
		}
		if (ng > 0)
			ets_fit_lanes(group, ng, spec, env);
	}
	for (i = 0; i < ncand; i++)
	{
		Cand	   *c = &cands[i];

		if (c->ready && !ets_target_lanes_ok(&c->t))
		{
			ets_env_interrupt(env);
			ets_cand_optimise(spec, c);
		}
	}
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
				nonpos,
				npars,
				ncand,
				i,
				rc;
	double		best_ic = INFINITY;
	Cand		cands[2 * 3 * 3 * 2];

	if (spec == NULL || model == NULL)
	{
		ets_error(errbuf, errlen, "missing specification or model");
		return ETS_EINVAL;
	}
	rc = check_series(y, n, &nonpos, errbuf, errlen);
	if (rc != ETS_OK)
		return rc;
	rc = ets_check_spec(spec, errbuf, errlen);
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
	rc = resolve_components(spec, y, n, nonpos, requested, &e, &t, &s,
							&fallback, errbuf, errlen);
	if (rc != ETS_OK)
		return rc;

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
		rc = short_series_fit(y, n, t, s, spec, env, model, errbuf, errlen);
		if (rc == ETS_OK)
			strcpy(model->requested, requested);
		return rc;
	}

	ncand = setup_candidates(y, n, e, t, s, nonpos < 0, spec, env, cands);
	optimise_candidates(cands, ncand, spec, env);

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
		ets_error(errbuf, errlen,
				  "no ets model could be fitted to the %d values (model "
				  "\"%s\")", n, requested);
		return ETS_ENOFIT;
	}
	model->fallback = fallback;
	model->ncandidates = ncand;
	strcpy(model->requested, requested);
	return ETS_OK;
}
