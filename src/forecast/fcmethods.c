/*-------------------------------------------------------------------------
 *
 * fcmethods.c
 *	  Forecasting methods other than the ETS engine, and the dispatch of
 *	  every method of the SQL interface (see fcmethods.h).
 *
 * Prediction intervals, where the method has them, are those of R's
 * forecast package 8.20:
 *	naive, snaive	(rwf/lagwalk) y +- z sqrt(sigma2 ceil(h / m)), sigma2 the
 *					mean squared (seasonal) difference;
 *	mean			(meanf) ybar +- t_{n-1} s sqrt(1 + 1/n);
 *	naive2			naive's interval on the seasonally adjusted series,
 *					multiplied by the seasonal index (as the point);
 *	theta			(thetaf) f +- z sqrt(sigma2) sqrt(1 + (h - 1) alpha^2),
 *					sigma2 of the SES fit on the adjusted series;
 *	ses, holt, damped, ets, auto	those of the ETS model (ets.h).
 * comb, croston, sba, tsb and adida have none (R has none either).
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arima.h"
#include "fcmethods.h"
#include "intermittent.h"
#include "mstl.h"
#include "common/normal.h"

/* Name, parameter names and state names of every method */
typedef struct FcMethodInfo
{
	const char *name;
	const char *par[FC_MAX_PAR + 1];
	const char *st[FC_MAX_ST + 1];
	int			nets;			/* ETS models it holds */
	int			intervals;		/* gives prediction intervals */
	int			fixable;		/* FC_FIX_* parameters that may be fixed */
} FcMethodInfo;

#define FC_FIX_ALPHA	1
#define FC_FIX_BETA		2
#define FC_FIX_GAMMA	4
#define FC_FIX_PHI		8
#define FC_FIX_K		16

static const FcMethodInfo method_info[FC_NMETHODS] = {
	{NULL, {NULL}, {NULL}, 0, 0, 0},
	{"naive", {NULL}, {NULL}, 0, 1, 0},
	{"snaive", {NULL}, {NULL}, 0, 1, 0},
	{"naive2", {NULL}, {NULL}, 0, 1, 0},
	{"mean", {"mean", "sd", NULL}, {NULL}, 0, 1, 0},
	{"ses", {NULL}, {NULL}, 1, 1, FC_FIX_ALPHA},
	{"holt", {NULL}, {NULL}, 1, 1, FC_FIX_ALPHA | FC_FIX_BETA},
	{"damped", {NULL}, {NULL}, 1, 1, FC_FIX_ALPHA | FC_FIX_BETA | FC_FIX_PHI},
	{"comb", {NULL}, {NULL}, 3, 0, FC_FIX_ALPHA | FC_FIX_BETA | FC_FIX_PHI},
	{"theta", {"alpha", "drift", NULL}, {NULL}, 1, 1, FC_FIX_ALPHA},
	{"ets", {NULL}, {NULL}, 1, 1,
	FC_FIX_ALPHA | FC_FIX_BETA | FC_FIX_GAMMA | FC_FIX_PHI},
	{"croston", {"alpha", NULL}, {"demand", "interval", NULL}, 0, 0,
	FC_FIX_ALPHA},
	{"sba", {"alpha", NULL}, {"demand", "interval", NULL}, 0, 0,
	FC_FIX_ALPHA},
	{"tsb", {"alpha", "beta", NULL}, {"demand", "probability", NULL}, 0, 0,
	FC_FIX_ALPHA | FC_FIX_BETA},
	{"adida", {"alpha", "k", NULL}, {"level", NULL}, 0, 0,
	FC_FIX_ALPHA | FC_FIX_K},
	{"auto", {NULL}, {NULL}, 1, 1,
	FC_FIX_ALPHA | FC_FIX_BETA | FC_FIX_GAMMA | FC_FIX_PHI},
	{"arima", {NULL}, {NULL}, 0, 1, 0},
	{"ensemble", {"theta_alpha", "theta_drift", NULL}, {NULL}, 2, 1, 0},
	{"mstl", {NULL}, {NULL}, 1, 1, FC_FIX_ALPHA | FC_FIX_BETA | FC_FIX_PHI},
	{"mstl:arima", {NULL}, {NULL}, 0, 1, 0},
};

static const char *const fallback_text[FC_NFALLBACKS] = {
	"none",
	"series shorter than one season: naive",
	"theta needs two observations: naive",
	"a trend needs two observations: naive",
	"seasonal adjustment skipped: data not positive",
	"seasonal adjustment skipped: seasonal index near zero",
	"ets model fell back to a simpler one",
	"fewer than two demands",
	"no season length below half the series: non-seasonal ETS",
};

/* Seasonal index below which thetaf does not adjust (R: 1e-4) */
#define FC_MIN_SEASONAL_INDEX 1e-4

const char *
fc_method_name(int method)
{
	if (method < 1 || method >= FC_NMETHODS)
		return "unknown";
	return method_info[method].name;
}

const char *
fc_fallback_text(int fallback)
{
	if (fallback < 0 || fallback >= FC_NFALLBACKS)
		return "unknown";
	return fallback_text[fallback];
}

const char *
fc_par_name(int method, int i)
{
	if (method < 1 || method >= FC_NMETHODS || i < 0 || i >= FC_MAX_PAR)
		return NULL;
	return method_info[method].par[i];
}

const char *
fc_state_name(int method, int i)
{
	if (method < 1 || method >= FC_NMETHODS || i < 0 || i >= FC_MAX_ST)
		return NULL;
	return method_info[method].st[i];
}

int
fc_npar(int method)
{
	int			i = 0;

	while (fc_par_name(method, i) != NULL)
		i++;
	return i;
}

int
fc_nstate(int method)
{
	int			i = 0;

	while (fc_state_name(method, i) != NULL)
		i++;
	return i;
}

int
fc_has_intervals(const FcModel *model)
{
	return model->method >= 1 && model->method < FC_NMETHODS &&
		method_info[model->method].intervals;
}

void
fc_params_init(FcParams *p)
{
	p->alpha = p->beta = p->gamma = p->phi = NAN;
	p->k = 0;
}

static int
SetError(char *errbuf, size_t errlen, int status, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
	return status;
}

/* Is s an ETS model string: [AMZ][NAMZ]d?[NAMZ] */
static int
IsEtsModelString(const char *s)
{
	size_t		len = strlen(s);

	if (len != 3 && len != 4)
		return 0;
	if (strchr("AMZ", s[0]) == NULL || strchr("NAMZ", s[1]) == NULL)
		return 0;
	if (len == 4 && s[2] != 'd')
		return 0;
	return strchr("NAMZ", s[len - 1]) != NULL;
}

int
fc_method_parse(const char *name, int *method, char *etsmodel,
				char *errbuf, size_t errlen)
{
	char		low[16];
	size_t		len = strlen(name);
	size_t		i;
	int			mth;

	strcpy(etsmodel, "ZZZ");
	if (len >= 4 && len <= 8 && strncmp(name, "ets:", 4) == 0 &&
		IsEtsModelString(name + 4))
	{
		*method = FC_ETS;
		strcpy(etsmodel, name + 4);
		return FC_OK;
	}
	if (IsEtsModelString(name))
	{
		*method = FC_ETS;
		strcpy(etsmodel, name);
		return FC_OK;
	}
	if (len < sizeof(low))
	{
		for (i = 0; i <= len; i++)
			low[i] = (char) tolower((unsigned char) name[i]);
		for (mth = 1; mth < FC_NMETHODS; mth++)
			if (strcmp(low, method_info[mth].name) == 0)
			{
				*method = mth;
				return FC_OK;
			}
	}
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "unknown forecasting method \"%.40s\"",
				 name);
	return FC_EINVAL;
}

/* Allocation through the environment (malloc by default) */
static void *
FcAlloc(const EtsEnv *env, size_t size)
{
	if (env != NULL && env->alloc != NULL)
		return env->alloc(size, env->alloc_arg);
	return malloc(size);
}

static void
FcRelease(const EtsEnv *env, void *p)
{
	if (p == NULL)
		return;
	if (env != NULL && env->alloc != NULL)
	{
		if (env->release != NULL)
			env->release(p, env->alloc_arg);
		return;
	}
	free(p);
}

static int
EtsStatusToFc(int status)
{
	switch (status)
	{
		case ETS_OK:
			return FC_OK;
		case ETS_ENOMEM:
			return FC_ENOMEM;
		case ETS_EINTERRUPTED:
			return FC_EINTERRUPTED;
		case ETS_ERANGE:
			return FC_ERANGE;
		case ETS_EMODEL:
			return FC_EMODEL;
		default:
			return FC_EINVAL;
	}
}

/*
 * Fit one ETS model: model string, season length, fixed parameters, and
 * whether to minimise the one-step MSE (R's ses() and holt()) instead of
 * the likelihood (R's ets()).
 */
static int
FitEts(const double *y, int n, const char *spec_str, int m, int mse,
	   const FcParams *fixed, EtsModel *out, const EtsEnv *env,
	   char *errbuf, size_t errlen)
{
	EtsSpec		spec;
	int			rc;

	rc = ets_spec_init(&spec, spec_str, m, errbuf, errlen);
	if (rc != ETS_OK)
		return EtsStatusToFc(rc);
	if (mse)
		spec.opt_crit = ETS_OPT_MSE;
	if (fixed != NULL)
	{
		spec.alpha = fixed->alpha;
		if (spec.trend != 'N')
			spec.beta = fixed->beta;
		if (spec.season != 'N')
			spec.gamma = fixed->gamma;
		if (spec.damped != ETS_DAMPED_NO)
			spec.phi = fixed->phi;
	}
	rc = ets_fit(y, n, &spec, out, env, errbuf, errlen);
	return EtsStatusToFc(rc);
}

/* Point forecasts of an ETS model (R's forecast.ets()$mean) */
static int
EtsPoints(const EtsModel *e, int h, double *mean, const EtsEnv *env,
		  char *errbuf, size_t errlen)
{
	return EtsStatusToFc(ets_forecast(e, h, mean, env, errbuf, errlen));
}

/* Copy the criteria of an ETS model into the FcModel summary fields */
static void
TakeEtsSummary(FcModel *model, const EtsModel *e)
{
	model->sigma2 = e->sigma2;
	model->loglik = e->loglik;
	model->aic = e->aic;
	model->aicc = e->aicc;
	model->bic = e->bic;
	model->mse = e->mse;
	if (e->fallback != ETS_FB_NONE && model->fallback == FC_FB_NONE)
		model->fallback = FC_FB_ETS;
}

/*
 * Seasonal adjustment for naive2, theta and comb: test (M4 rule, or R's
 * thetaf rule), decompose, keep the last m indices in model->seas and
 * write the adjusted series to adj (a copy of y when not seasonal).
 */
static int
SeasonalAdjust(const double *y, int n, int m, int thetaf_rule,
			   FcModel *model, double *adj, const EtsEnv *env)
{
	double	   *seas;
	double	   *work;
	int			t;
	int			rc;

	memcpy(adj, y, sizeof(double) * n);
	model->seasonal = fc_seasonality_test_env(y, n, m, thetaf_rule, env);
	if (!model->seasonal)
		return FC_OK;
	for (t = 0; t < n; t++)
		if (!(y[t] > 0.0))
		{
			model->fallback = FC_FB_NONPOSITIVE;
			return FC_OK;
		}
	seas = FcAlloc(env, sizeof(double) * n * 2);
	if (seas == NULL)
		return FC_ENOMEM;
	work = seas + n;
	rc = fc_decompose_mult_env(y, n, m, seas, work, env);
	if (rc == FC_OK)
	{
		for (t = 0; t < m; t++)
			if (fabs(seas[t]) < FC_MIN_SEASONAL_INDEX)
				rc = FC_EINVAL;
	}
	if (rc != FC_OK)
	{
		FcRelease(env, seas);
		model->fallback = FC_FB_SMALL_INDEX;
		return FC_OK;
	}
	model->seas = FcAlloc(env, sizeof(double) * m);
	if (model->seas == NULL)
	{
		FcRelease(env, seas);
		return FC_ENOMEM;
	}
	for (t = 0; t < n; t++)
		adj[t] = y[t] / seas[t];
	memcpy(model->seas, seas + (n - m), sizeof(double) * m);
	model->nseas = m;
	model->flags |= FC_FLAG_SEASADJ;
	FcRelease(env, seas);
	return FC_OK;
}

/* naive on y: last value, sigma2 = mean squared first difference */
static int
FitLagWalk(const double *y, int n, int lag, FcModel *model,
		   const EtsEnv *env)
{
	double		sse = 0.0;
	int			t;

	model->last = FcAlloc(env, sizeof(double) * lag);
	if (model->last == NULL)
		return FC_ENOMEM;
	model->nlast = lag;
	memcpy(model->last, y + (n - lag), sizeof(double) * lag);
	for (t = lag; t < n; t++)
		sse += (y[t] - y[t - lag]) * (y[t] - y[t - lag]);
	model->sigma2 = n > lag ? sse / (n - lag) : NAN;
	model->mse = model->sigma2;
	return FC_OK;
}

static int
FitMean(const double *y, int n, FcModel *model)
{
	double		mean = 0.0;
	double		ss = 0.0;
	double		scale = 1.0;
	int			t;

	for (t = 0; t < n; t++)
		mean += y[t];
	mean /= n;
	for (t = 0; t < n; t++)
		ss += (y[t] - mean) * (y[t] - mean);

	/*
	 * Values near the top of the double range (1e300) overflow the sums:
	 * then a running mean, and squares of deviations scaled by the largest
	 * one, which give a finite mean and standard deviation.
	 */
	if (!isfinite(mean) || !isfinite(ss))
	{
		mean = 0.0;
		for (t = 0; t < n; t++)
			mean += (y[t] - mean) / (t + 1);
		scale = 0.0;
		for (t = 0; t < n; t++)
			scale = fmax(scale, fabs(y[t] - mean));
		ss = 0.0;
		if (scale > 0.0)
			for (t = 0; t < n; t++)
				ss += ((y[t] - mean) / scale) * ((y[t] - mean) / scale);
	}
	model->par[0] = mean;
	model->par[1] = n > 1 ? scale * sqrt(ss / (n - 1)) : NAN;
	model->sigma2 = n > 1 ? scale * scale * (ss / (n - 1)) : NAN;
	model->mse = scale * scale * (ss / n);
	return FC_OK;
}

/* Least-squares slope of x on 0..n-1 (R's lsfit coefficient 2) */
static double
Slope(const double *x, int n)
{
	double		tbar = (n - 1) / 2.0;
	double		xbar = 0.0;
	double		sxy = 0.0;
	double		stt = 0.0;
	int			t;

	for (t = 0; t < n; t++)
		xbar += x[t];
	xbar /= n;
	for (t = 0; t < n; t++)
	{
		sxy += (t - tbar) * (x[t] - xbar);
		stt += (t - tbar) * (t - tbar);
	}
	return sxy / stt;
}

static int
FitIntermittent(const double *y, int n, int method, const FcParams *fixed,
				FcModel *model, const EtsEnv *env, char *errbuf,
				size_t errlen)
{
	ImFit		fit;
	int			im;

	im = method == FC_CROSTON ? IM_CROSTON :
		method == FC_SBA ? IM_SBA :
		method == FC_TSB ? IM_TSB : IM_ADIDA;
	if (im_fit_interruptible(im, y, n, fixed->alpha,
							 method == FC_TSB ? fixed->beta : NAN,
							 method == FC_ADIDA ? fixed->k : 0, &fit,
							 env != NULL ? env->interrupt : NULL,
							 env != NULL ? env->interrupt_arg : NULL,
							 errbuf, errlen) != 0)
		return FC_EINVAL;
	model->par[0] = fit.alpha;
	switch (method)
	{
		case FC_CROSTON:
		case FC_SBA:
			model->st[0] = fit.z;
			model->st[1] = fit.p;
			break;
		case FC_TSB:
			model->par[1] = fit.beta;
			model->st[0] = fit.z;
			model->st[1] = fit.p;
			break;
		case FC_ADIDA:
			model->par[1] = fit.k;
			model->st[0] = fit.z;
			break;
	}
	if (fit.ndemand < 2 && method != FC_TSB)
		model->fallback = FC_FB_FEW_DEMANDS;
	model->mse = fit.mse;
	return FC_OK;
}

/* An information criterion that is not a number is undefined: NaN */
static double
Criterion(double x)
{
	return isfinite(x) ? x : NAN;
}

/*
 * The fitted model as it will be stored, checked by the same validation
 * that reading it back applies, so that forecast_fit never returns a model
 * the extension then rejects.  A perfect fit (a constant or exactly linear
 * series) has an unbounded likelihood: its criteria are undefined (NaN,
 * null in JSON), not infinite.  Anything else that fails is a result out
 * of range.
 */
static int
FinishModel(FcModel *model, char *errbuf, size_t errlen)
{
	char		why[200];
	int			i;

	model->loglik = Criterion(model->loglik);
	model->aic = Criterion(model->aic);
	model->aicc = Criterion(model->aicc);
	model->bic = Criterion(model->bic);
	model->mse = Criterion(model->mse);
	if (!(model->sigma2 >= 0.0 && isfinite(model->sigma2)))
		model->sigma2 = NAN;
	for (i = 0; i < model->nets; i++)
	{
		EtsModel   *e = &model->ets[i];

		e->loglik = Criterion(e->loglik);
		e->aic = Criterion(e->aic);
		e->aicc = Criterion(e->aicc);
		e->bic = Criterion(e->bic);
		e->mse = Criterion(e->mse);
		e->amse = Criterion(e->amse);
	}
	if (fc_model_validate(model, why, sizeof(why)) != FC_OK)
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "the fitted model is out of range (%s): the series values are too large or too few for the method",
					 why);
		return FC_ERANGE;
	}
	return FC_OK;
}

int
fc_fit(const double *y, int n, int method, const char *etsmodel, int m,
	   const FcParams *fixed, FcModel *model, const EtsEnv *env,
	   char *errbuf, size_t errlen)
{
	FcRequest	req;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.arima_auto = 1;
	if (etsmodel != NULL)
		snprintf(req.etsmodel, sizeof(req.etsmodel), "%s", etsmodel);
	return fc_fit_request(y, n, &req, m, fixed, model, env, errbuf, errlen);
}

void
fc_model_init(FcModel *model, int method, int m, int n)
{
	int			i;

	memset(model, 0, sizeof(*model));
	model->version = FC_MODEL_VERSION;
	model->method = method;
	model->requested = method;
	model->m = m;
	model->n = n;
	model->sigma2 = model->loglik = model->aic = model->aicc =
		model->bic = model->mse = NAN;
	for (i = 0; i < FC_MAX_PAR; i++)
		model->par[i] = NAN;
	for (i = 0; i < FC_MAX_ST; i++)
		model->st[i] = NAN;
}

/*
 * The checks every single-season method shares: season length in range and
 * every value finite.
 */
static int
CheckSeries(const double *y, int n, int m, char *errbuf, size_t errlen)
{
	int			t;

	if (m < 1)
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "season length must be at least 1, got %d", m);
		return FC_EINVAL;
	}
	if (m > FC_MAX_SEASON)
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "season length must be at most %d, got %d",
					 FC_MAX_SEASON, m);
		return FC_ERANGE;
	}
	for (t = 0; t < n; t++)
		if (!isfinite(y[t]))
		{
			if (errbuf != NULL)
				snprintf(errbuf, errlen,
						 "series values must be finite, got y[%d] = %g",
						 t + 1, y[t]);
			return FC_EINVAL;
		}
	return FC_OK;
}

/*
 * Record which smoothing parameters the caller fixed, and refuse the ones
 * the method has no use for (naming the first of them).
 */
static int
SetFixedMask(FcModel *model, const FcParams *fixed, int method,
			 char *errbuf, size_t errlen)
{
	static const char *const names[5] = {"alpha", "beta", "gamma", "phi", "k"};
	int			extra;
	int			i;

	if (!isnan(fixed->alpha))
		model->fixedmask |= 1;
	if (!isnan(fixed->beta))
		model->fixedmask |= 2;
	if (!isnan(fixed->gamma))
		model->fixedmask |= 4;
	if (!isnan(fixed->phi))
		model->fixedmask |= 8;
	if (fixed->k != 0)
		model->fixedmask |= 16;
	if (model->fixedmask != 0)
		model->flags |= FC_FLAG_FIXED;
	extra = model->fixedmask & ~method_info[method].fixable;
	if (extra == 0)
		return FC_OK;
	for (i = 0; i < 5; i++)
		if (extra & (1 << i))
			break;
	if (errbuf != NULL)
		snprintf(errbuf, errlen, "parameter %s does not apply to method %s",
				 names[i], method_info[method].name);
	return FC_EINVAL;
}

/*
 * The methods fitted on the seasonally adjusted series (M4's Naive2, R's
 * thetaf and M4's Comb); adj has room for n values.
 */
static int
FitAdjusted(const double *y, int n, int method, int m, const FcParams *fixed,
			FcModel *model, double *adj, const EtsEnv *env,
			char *errbuf, size_t errlen)
{
	/* M4's Comb: ses(), holt(), holt(damped = TRUE) */
	static const char *const specs[3] = {"ANN", "AAN", "AAdN"};
	int			rc;
	int			i;

	rc = SeasonalAdjust(y, n, m, method == FC_THETA, model, adj, env);
	if (rc != FC_OK)
		return rc;
	if (method == FC_NAIVE2)
		return FitLagWalk(adj, n, 1, model, env);
	if (method == FC_THETA)
	{
		/* R's thetaf: ses() on the adjusted series plus drift */
		rc = FitEts(adj, n, "ANN", 1, 1, fixed, &model->ets[0],
					env, errbuf, errlen);
		if (rc != FC_OK)
			return rc;
		model->nets = 1;
		TakeEtsSummary(model, &model->ets[0]);
		model->par[0] = model->ets[0].alpha > 1e-10 ?
			model->ets[0].alpha : 1e-10;
		model->par[1] = Slope(adj, n) / 2.0;
		return FC_OK;
	}
	for (i = 0; i < 3 && rc == FC_OK; i++)
		rc = FitEts(adj, n, specs[i], 1, 1, fixed,
					&model->ets[i], env, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	model->nets = 3;
	for (i = 0; i < 3; i++)
		if (model->ets[i].fallback != ETS_FB_NONE &&
			model->fallback == FC_FB_NONE)
			model->fallback = FC_FB_ETS;
	return FC_OK;
}

/* One ETS model (given by its spec) as the whole fit */
static int
FitOneEts(const double *y, int n, const char *spec, int m, int fixed_season,
		  const FcParams *fixed, FcModel *model, const EtsEnv *env,
		  char *errbuf, size_t errlen)
{
	int			rc;

	rc = FitEts(y, n, spec, m, fixed_season, fixed, &model->ets[0],
				env, errbuf, errlen);
	if (rc == FC_OK)
	{
		model->nets = 1;
		TakeEtsSummary(model, &model->ets[0]);
	}
	return rc;
}

int
fc_fit_request(const double *y, int n, const FcRequest *req, int m,
			   const FcParams *fixed, FcModel *model, const EtsEnv *env,
			   char *errbuf, size_t errlen)
{
	int			method = req->method;
	const char *etsmodel = req->etsmodel[0] != '\0' ? req->etsmodel : NULL;
	FcParams	nofix;
	double	   *adj = NULL;
	int			rc = FC_OK;

	fc_model_init(model, method, m, n);
	if (fixed == NULL)
	{
		fc_params_init(&nofix);
		fixed = &nofix;
	}

	if (method < 1 || method >= FC_NMETHODS)
		return SetError(errbuf, errlen, FC_EINVAL, "unknown method");
	if (n < 1)
		return SetError(errbuf, errlen, FC_ELENGTH, "series is empty");
	if (method == FC_MSTL || method == FC_MSTL_ARIMA)
	{
		double		dm = m;

		return fc_fit_mstl(y, n, method, &dm, 1, fixed, model, NULL, env,
						   errbuf, errlen);
	}
	rc = CheckSeries(y, n, m, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	if (method == FC_ETS)
		snprintf(model->ets_model, sizeof(model->ets_model), "%s",
				 etsmodel != NULL ? etsmodel : "ZZZ");
	else if (method == FC_AUTO)
		strcpy(model->ets_model, "ZZZ");
	rc = SetFixedMask(model, fixed, method, errbuf, errlen);
	if (rc != FC_OK)
		return rc;

	/* falls back to naive as R cannot do them */
	if ((method == FC_SNAIVE && n < m) ||
		(method == FC_THETA && n < 2) ||
		((method == FC_HOLT || method == FC_DAMPED || method == FC_COMB) &&
		 n < 2))
	{
		model->fallback = method == FC_SNAIVE ? FC_FB_SHORT_SEASON :
			method == FC_THETA ? FC_FB_THETA_SHORT : FC_FB_HOLT_SHORT;
		model->method = method = FC_NAIVE;
	}

	switch (method)
	{
		case FC_NAIVE:
			rc = FitLagWalk(y, n, 1, model, env);
			break;
		case FC_SNAIVE:
			rc = FitLagWalk(y, n, m, model, env);
			break;
		case FC_MEAN:
			rc = FitMean(y, n, model);
			break;
		case FC_NAIVE2:
		case FC_THETA:
		case FC_COMB:
			adj = FcAlloc(env, sizeof(double) * n);
			if (adj == NULL)
				return FC_ENOMEM;
			rc = FitAdjusted(y, n, method, m, fixed, model, adj, env,
							 errbuf, errlen);
			break;
		case FC_SES:
		case FC_HOLT:
		case FC_DAMPED:
			rc = FitOneEts(y, n, method == FC_SES ? "ANN" :
						   method == FC_HOLT ? "AAN" : "AAdN", 1, 1, fixed,
						   model, env, errbuf, errlen);
			break;
		case FC_ETS:
		case FC_AUTO:
			rc = FitOneEts(y, n, model->ets_model, m, 0, fixed, model, env,
						   errbuf, errlen);
			break;
		case FC_CROSTON:
		case FC_SBA:
		case FC_TSB:
		case FC_ADIDA:
			rc = FitIntermittent(y, n, method, fixed, model, env, errbuf,
								 errlen);
			break;
		case FC_ARIMA:
			rc = fc_arima_fit(y, n, req, m, model, env, errbuf, errlen);
			break;
		case FC_ENSEMBLE:
			rc = fc_ensemble_fit(y, n, m, model, env, errbuf, errlen);
			break;
	}
	FcRelease(env, adj);
	if (rc == FC_OK)
		rc = FinishModel(model, errbuf, errlen);
	return rc;
}

/*
 * mstl: add the seasonal naive projections (summed over the periods) to
 * the points and bounds of the adjusted series' forecast, as R's
 * forecast.stl shifts its mean, lower and upper by lastseas
 */
static void
AddSeasonalProjection(const FcModel *model, int h, double *mean,
					  double *lower, double *upper)
{
	int			i;

	if (!(model->flags & FC_FLAG_SEASADD))
		return;
	for (i = 0; i < h; i++)
	{
		double		sv = model->seas[i % model->nseas];

		mean[i] += sv;
		if (lower != NULL)
			lower[i] += sv;
		if (upper != NULL)
			upper[i] += sv;
	}
}

/* Multiply forecast step h (0-based) by its seasonal index */
static double
SeasonalIndex(const FcModel *model, int h)
{
	if (!(model->flags & FC_FLAG_SEASADJ) || model->nseas < 1)
		return 1.0;
	return model->seas[h % model->nseas];
}

/*
 * Naive, seasonal naive and Naive2: the last value (of the season) with the
 * random walk's widening interval; z is NaN when no bounds are wanted.
 */
static void
ForecastLagWalk(const FcModel *model, int h, double z, double *mean,
				double *lower, double *upper)
{
	int			i;

	for (i = 0; i < h; i++)
	{
		double		si = SeasonalIndex(model, i);
		double		f = model->last[i % model->nlast];
		double		se = sqrt(model->sigma2 * (i / model->nlast + 1));

		mean[i] = f * si;
		if (!isnan(z) && !isnan(se))
		{
			if (lower != NULL)
				lower[i] = (f - z * se) * si;
			if (upper != NULL)
				upper[i] = (f + z * se) * si;
		}
	}
}

/* The mean with R's meanf() t interval; tail is the upper tail area */
static void
ForecastMean(const FcModel *model, int h, int want, double tail,
			 double *mean, double *lower, double *upper)
{
	int			n = model->n;
	double		w = NAN;
	int			i;

	if (want && n > 1)
		w = fc_t_quantile_upper(tail, n - 1) *
			model->par[1] * sqrt(1.0 + 1.0 / n);
	for (i = 0; i < h; i++)
	{
		mean[i] = model->par[0];
		if (!isnan(w))
		{
			if (lower != NULL)
				lower[i] = mean[i] - w;
			if (upper != NULL)
				upper[i] = mean[i] + w;
		}
	}
}

/* R's thetaf(): ses() points plus half the slope, reseasonalised */
static int
ForecastTheta(const FcModel *model, int h, double z, double *mean,
			  double *lower, double *upper, const EtsEnv *env,
			  char *errbuf, size_t errlen)
{
	double		alpha = model->par[0];
	double		drift = model->par[1];
	double		c = (1.0 - pow(1.0 - alpha, model->n)) / alpha;
	double		sd = sqrt(model->ets[0].sigma2);
	int			rc;
	int			i;

	rc = EtsPoints(&model->ets[0], h, mean, env, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	for (i = 0; i < h; i++)
	{
		double		se = sd * sqrt(i * alpha * alpha + 1.0);

		mean[i] = (mean[i] + drift * (i + c)) * SeasonalIndex(model, i);
		if (!isnan(z) && !isnan(se))
		{
			if (lower != NULL)
				lower[i] = mean[i] - z * se;
			if (upper != NULL)
				upper[i] = mean[i] + z * se;
		}
	}
	return FC_OK;
}

/* M4's Comb: the mean of the three ETS point forecasts, reseasonalised */
static int
ForecastComb(const FcModel *model, int h, double *mean, const EtsEnv *env,
			 char *errbuf, size_t errlen)
{
	double	   *tmp;
	int			rc = FC_OK;
	int			i;
	int			j;

	tmp = FcAlloc(env, sizeof(double) * h);
	if (tmp == NULL)
		return FC_ENOMEM;
	for (i = 0; i < h; i++)
		mean[i] = 0.0;
	for (j = 0; j < 3 && rc == FC_OK; j++)
	{
		rc = EtsPoints(&model->ets[j], h, tmp, env, errbuf, errlen);
		for (i = 0; i < h && rc == FC_OK; i++)
			mean[i] += tmp[i] / 3.0;
	}
	for (i = 0; i < h; i++)
		mean[i] *= SeasonalIndex(model, i);
	FcRelease(env, tmp);
	return rc;
}

/* Croston, SBA, TSB and ADIDA: one flat forecast from the stored states */
static void
ForecastIntermittent(const FcModel *model, int h, double *mean)
{
	ImFit		fit;
	double		f;
	int			im;
	int			i;

	im = model->method == FC_CROSTON ? IM_CROSTON :
		model->method == FC_SBA ? IM_SBA :
		model->method == FC_TSB ? IM_TSB : IM_ADIDA;
	fit.alpha = model->par[0];
	fit.beta = model->method == FC_TSB ? model->par[1] : NAN;
	fit.k = model->method == FC_ADIDA ? (int) model->par[1] : 0;
	fit.z = model->st[0];
	fit.p = model->st[1];
	/* a demand level of zero means no demand was seen */
	fit.ndemand = model->st[0] > 0.0 ? 1 : 0;
	f = im_forecast(im, &fit);
	for (i = 0; i < h; i++)
		mean[i] = f;
}

int
fc_forecast(const FcModel *model, int h, double level, double *mean,
			double *lower, double *upper, const EtsEnv *env,
			char *errbuf, size_t errlen)
{
	double		z;
	double		tail;
	int			want = lower != NULL || upper != NULL;
	int			rc = FC_OK;
	int			i;

	if (h < 1 || h > FC_MAX_HORIZON)
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "horizon must be between 1 and %d, got %d",
					 FC_MAX_HORIZON, h);
		return h < 1 ? FC_EINVAL : FC_ERANGE;
	}
	if (want && !(level > 0.0 && level < 100.0))
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "level must be between 0 and 100 percent, got %g",
					 level);
		return FC_EINVAL;
	}
	/* the upper tail, for fc_t_quantile_upper (see lg_interval_z) */
	tail = (100.0 - level) / 200.0;
	z = lg_interval_z(level, 100.0);
	for (i = 0; i < h; i++)
	{
		if (lower != NULL)
			lower[i] = NAN;
		if (upper != NULL)
			upper[i] = NAN;
	}

	switch (model->method)
	{
		case FC_NAIVE:
		case FC_SNAIVE:
		case FC_NAIVE2:
			ForecastLagWalk(model, h, want ? z : NAN, mean, lower, upper);
			break;
		case FC_MEAN:
			ForecastMean(model, h, want, tail, mean, lower, upper);
			break;
		case FC_SES:
		case FC_HOLT:
		case FC_DAMPED:
		case FC_ETS:
		case FC_AUTO:
		case FC_MSTL:
			if (want)
				rc = EtsStatusToFc(ets_forecast_interval(&model->ets[0], h,
														 level, mean, lower,
														 upper, env, errbuf,
														 errlen));
			else
				rc = EtsPoints(&model->ets[0], h, mean, env, errbuf, errlen);
			if (rc == FC_OK)
				AddSeasonalProjection(model, h, mean, lower, upper);
			break;
		case FC_MSTL_ARIMA:
			rc = fc_arima_forecast(model, h, level, mean, lower, upper, env,
								   errbuf, errlen);
			if (rc == FC_OK)
				AddSeasonalProjection(model, h, mean, lower, upper);
			break;
		case FC_THETA:
			rc = ForecastTheta(model, h, want ? z : NAN, mean, lower, upper,
							   env, errbuf, errlen);
			break;
		case FC_COMB:
			rc = ForecastComb(model, h, mean, env, errbuf, errlen);
			break;
		case FC_CROSTON:
		case FC_SBA:
		case FC_TSB:
		case FC_ADIDA:
			ForecastIntermittent(model, h, mean);
			break;
		case FC_ARIMA:
			rc = fc_arima_forecast(model, h, level, mean, lower, upper, env,
								   errbuf, errlen);
			break;
		case FC_ENSEMBLE:
			rc = fc_ensemble_forecast(model, h, level, mean, lower, upper,
									  env, errbuf, errlen);
			break;
		default:
			return SetError(errbuf, errlen, FC_EMODEL, "unknown method");
	}
	if (rc != FC_OK)
		return rc;
	for (i = 0; i < h; i++)
		if (!isfinite(mean[i]))
			return SetError(errbuf, errlen, FC_ERANGE,
							"forecast is not finite");
	return FC_OK;
}

static int
ValidateNumber(double x, int may_be_nan)
{
	return isfinite(x) || (may_be_nan && isnan(x));
}

/* The seasonal indices (Naive2, thetaf, Comb) or projections (mstl) */
static int
ValidateSeasonFields(const FcModel *model, char *errbuf, size_t errlen)
{
	int			method = model->method;
	int			i;

	if (model->flags & FC_FLAG_SEASADJ)
	{
		if (model->nseas != model->m || model->m < 2 ||
			(method != FC_NAIVE2 && method != FC_THETA &&
			 method != FC_COMB && method != FC_ENSEMBLE))
			return SetError(errbuf, errlen, FC_EMODEL,
							"bad seasonal indices");
		for (i = 0; i < model->nseas; i++)
			if (!isfinite(model->seas[i]) || !(model->seas[i] > 0.0))
				return SetError(errbuf, errlen, FC_EMODEL,
								"bad seasonal index");
	}
	else if (model->flags & FC_FLAG_SEASADD)
	{
		/* mstl: the periods kept (ascending, below n / 2) in last[] */
		if ((method != FC_MSTL && method != FC_MSTL_ARIMA) ||
			(model->flags & FC_FLAG_SEASADJ) ||
			model->nlast < 1 || model->nlast > FC_MSTL_MAX_PERIODS ||
			model->nseas < 1 || model->nseas > FC_MAX_HORIZON)
			return SetError(errbuf, errlen, FC_EMODEL,
							"bad seasonal projection");
		for (i = 0; i < model->nlast; i++)
			if (!(model->last[i] >= 2.0 && isfinite(model->last[i]) &&
				  floor(model->last[i]) <= model->m &&
				  2.0 * model->last[i] < model->n &&
				  (i == 0 || model->last[i] > model->last[i - 1])))
				return SetError(errbuf, errlen, FC_EMODEL,
								"bad season lengths");
		for (i = 0; i < model->nseas; i++)
			if (!isfinite(model->seas[i]))
				return SetError(errbuf, errlen, FC_EMODEL,
								"bad seasonal projection");
	}
	else if (model->nseas != 0)
		return SetError(errbuf, errlen, FC_EMODEL, "bad seasonal indices");
	return FC_OK;
}

/* The ranges of the parameters and states particular to each method */
static int
ValidateMethodFields(const FcModel *model, char *errbuf, size_t errlen)
{
	int			method = model->method;

	switch (method)
	{
		case FC_CROSTON:
		case FC_SBA:
		case FC_TSB:
		case FC_ADIDA:
			if (!(model->par[0] >= 0.0 && model->par[0] <= 1.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad alpha");
			if (method == FC_TSB &&
				!(model->par[1] >= 0.0 && model->par[1] <= 1.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad beta");
			if (method == FC_TSB &&
				!(model->st[1] >= 0.0 && model->st[1] <= 1.0))
				return SetError(errbuf, errlen, FC_EMODEL,
								"demand probability outside [0, 1]");
			if (model->st[0] < 0.0)
				return SetError(errbuf, errlen, FC_EMODEL,
								"negative demand level");
			if ((method == FC_CROSTON || method == FC_SBA) &&
				model->st[0] > 0.0 && !(model->st[1] >= 1.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad interval");
			if (method == FC_ADIDA &&
				!(model->par[1] >= 1.0 && model->par[1] <= model->n &&
				  model->par[1] == floor(model->par[1])))
				return SetError(errbuf, errlen, FC_EMODEL, "bad k");
			break;
		case FC_THETA:
		case FC_ENSEMBLE:
			if (!(model->par[0] > 0.0 && model->par[0] <= 1.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad alpha");
			break;
		case FC_NAIVE:
		case FC_SNAIVE:
		case FC_NAIVE2:
			if (!(isnan(model->sigma2) || model->sigma2 >= 0.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad sigma2");
			break;
		case FC_MEAN:
			if (!isfinite(model->par[0]) ||
				!(isnan(model->par[1]) || model->par[1] >= 0.0))
				return SetError(errbuf, errlen, FC_EMODEL, "bad mean");
			break;
	}
	return FC_OK;
}

int
fc_model_validate(const FcModel *model, char *errbuf, size_t errlen)
{
	int			method = model->method;
	int			nlast_expected = 0;
	int			i;
	int			has_arima = method == FC_ARIMA || method == FC_ENSEMBLE ||
		method == FC_MSTL_ARIMA;

	if (model->version != (has_arima ?
						   FC_MODEL_VERSION_ARIMA : FC_MODEL_VERSION))
		return SetError(errbuf, errlen, FC_EMODEL, "unsupported version");
	if (has_arima)
	{
		struct ArimaModel am;

		if (fc_arima_view(model, &am, errbuf, errlen) != FC_OK)
			return FC_EMODEL;
	}
	else if (model->narima != 0)
		return SetError(errbuf, errlen, FC_EMODEL, "unexpected arima model");
	if (method < 1 || method >= FC_NMETHODS ||
		model->requested < 1 || model->requested >= FC_NMETHODS)
		return SetError(errbuf, errlen, FC_EMODEL, "unknown method");
	if (model->m < 1 || model->m > FC_MAX_SEASON || model->n < 1)
		return SetError(errbuf, errlen, FC_EMODEL,
						"season length or length out of range");
	if (model->fallback < 0 || model->fallback >= FC_NFALLBACKS ||
		(model->flags & ~(FC_FLAG_SEASADJ | FC_FLAG_SEASADD | FC_FLAG_FIXED)) != 0 ||
		(model->fixedmask & ~31) != 0 ||
		(model->seasonal != 0 && model->seasonal != 1))
		return SetError(errbuf, errlen, FC_EMODEL, "bad flags");
	if (method != model->requested && method != FC_NAIVE)
		return SetError(errbuf, errlen, FC_EMODEL,
						"only a fallback to naive changes the method");
	if (ValidateSeasonFields(model, errbuf, errlen) != FC_OK)
		return FC_EMODEL;
	if (method == FC_NAIVE || method == FC_NAIVE2)
		nlast_expected = 1;
	else if (method == FC_SNAIVE)
		nlast_expected = model->m;
	else if (method == FC_MSTL || method == FC_MSTL_ARIMA)
		nlast_expected = model->nlast;
	if (model->nlast != nlast_expected || model->nlast > model->n)
		return SetError(errbuf, errlen, FC_EMODEL, "bad final values");
	for (i = 0; i < model->nlast; i++)
		if (!isfinite(model->last[i]))
			return SetError(errbuf, errlen, FC_EMODEL, "bad final value");
	if (model->nets != method_info[method].nets)
		return SetError(errbuf, errlen, FC_EMODEL,
						"wrong number of ets models");
	for (i = 0; i < model->nets; i++)
	{
		if (ets_model_validate(&model->ets[i], errbuf, errlen) != ETS_OK)
			return FC_EMODEL;
	}
	for (i = 0; i < fc_npar(method); i++)
		if (!ValidateNumber(model->par[i], method == FC_MEAN))
			return SetError(errbuf, errlen, FC_EMODEL, "bad parameter");
	for (i = 0; i < fc_nstate(method); i++)
		if (!ValidateNumber(model->st[i], 0))
			return SetError(errbuf, errlen, FC_EMODEL, "bad state");
	if (ValidateMethodFields(model, errbuf, errlen) != FC_OK)
		return FC_EMODEL;
	if (!ValidateNumber(model->sigma2, 1) || !ValidateNumber(model->loglik, 1) ||
		!ValidateNumber(model->aic, 1) || !ValidateNumber(model->aicc, 1) ||
		!ValidateNumber(model->bic, 1) || !ValidateNumber(model->mse, 1))
		return SetError(errbuf, errlen, FC_EMODEL, "bad criteria");
	if ((method == FC_MSTL || method == FC_MSTL_ARIMA) &&
		model->fallback != FC_FB_MSTL_NOSEASON &&
		!(model->flags & FC_FLAG_SEASADD))
		return SetError(errbuf, errlen, FC_EMODEL, "mstl without seasons");
	if (method == FC_ETS || method == FC_AUTO || method == FC_MSTL)
	{
		if (memchr(model->ets_model, '\0', sizeof(model->ets_model)) == NULL ||
			!IsEtsModelString(model->ets_model))
			return SetError(errbuf, errlen, FC_EMODEL, "bad ets model");
	}
	return FC_OK;
}

/*
 * In-sample one-step residuals y - fitted of a model fitted to y, as R's
 * residuals(type = "response"): naive y_t - y_{t-1} and snaive y_t -
 * y_{t-m} from the first observation that has a predecessor (n - 1 and
 * n - m values), mean y_t - mean, the ETS based methods and mstl one per
 * observation.  Other methods have no such residuals (FC_EINVAL).
 *
 * h >= 2: the h-step in-sample errors y_t - yhat_{t|t-h}, the errors whose
 * covariance W_h is in MinT's formula (Wickramasuriya, Athanasopoulos and
 * Hyndman 2019, eq. 4): naive y_t - y_{t-h}, snaive y_t - y_{t-k} with k
 * = m ceil(h/m), mean unchanged, ETS based methods and mstl from t = h on
 * with R's fitted(model, h) (n - h values); arima as fc_residuals_x.
 */
int
fc_residuals(const double *y, int n, const FcModel *model, int h,
			 double *resid, int *nres, const EtsEnv *env, char *errbuf,
			 size_t errlen)
{
	double	   *fitted;
	int			lag = 0;
	int			t,
				t0,
				rc;

	*nres = 0;
	if (h < 1 || h >= n)
	{
		if (errbuf != NULL)
			snprintf(errbuf, errlen,
					 "horizon must be between 1 and %d (one less than the %d values), got %d",
					 n - 1, n, h);
		return FC_EINVAL;
	}
	switch (model->method)
	{
		case FC_NAIVE:
		case FC_SNAIVE:

			/*
			 * The h-step forecast from origin t repeats y[t] (naive) or the
			 * value of the last season that holds step h: the lag is m
			 * times ceil(h / m).
			 */
			lag = model->method == FC_NAIVE ? h :
				model->m * ((h - 1) / model->m + 1);
			for (t = lag; t < n; t++)
				resid[t - lag] = y[t] - y[t - lag];
			*nres = n > lag ? n - lag : 0;
			return FC_OK;
		case FC_MEAN:
			/* the same forecast at every step: h does not matter */
			for (t = 0; t < n; t++)
				resid[t] = y[t] - model->par[0];
			*nres = n;
			return FC_OK;
		case FC_SES:
		case FC_HOLT:
		case FC_DAMPED:
		case FC_ETS:
		case FC_AUTO:
			fitted = FcAlloc(env, sizeof(double) * n);
			if (fitted == NULL)
				return SetError(errbuf, errlen, FC_ENOMEM, "out of memory");
			rc = ets_fitted_h(y, n, &model->ets[0], h, fitted, errbuf,
							  errlen);
			if (rc == ETS_OK)
			{
				/* R's fitted(model, h) is NA before t = h (h >= 2) */
				t0 = h == 1 ? 0 : h;
				for (t = t0; t < n; t++)
					resid[t - t0] = y[t] - fitted[t];
				*nres = n - t0;
			}
			FcRelease(env, fitted);
			return rc == ETS_OK ? FC_OK : FC_EINVAL;
		case FC_MSTL:
			return fc_mstl_residuals(y, n, model, h, resid, nres, env,
									 errbuf, errlen);
		case FC_ARIMA:
			return fc_residuals_x(y, n, model, NULL, 0, h, resid, nres, env,
								  errbuf, errlen);
		default:
			if (errbuf != NULL)
				snprintf(errbuf, errlen,
						 "in-sample residuals are not available for method %s",
						 fc_method_name(model->method));
			return FC_EINVAL;
	}
}
