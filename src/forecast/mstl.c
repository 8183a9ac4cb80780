/*-------------------------------------------------------------------------
 *
 * mstl.c
 *	  Method 'mstl': R forecast 8.20's forecast(mstl(y)).
 *
 * mstl() (stl.c) splits y into trend, one seasonal component per period
 * and a remainder.  The forecast is that of ETS (model "ZZN", chosen by
 * AICc among the non-seasonal models, R's forecast.stl default) fitted to
 * the seasonally adjusted series y - sum of the seasonal components, plus
 * for every component the seasonal naive projection of its last period;
 * the interval bounds of the ETS forecast are shifted by the same amount.
 *
 * Method 'mstl:arima' (R: forecast(mstl(y), method = "arima")) forecasts
 * the adjusted series with auto.arima(seasonal = FALSE) instead (arima.h);
 * R decides on the approximation by the series' frequency, which for an
 * msts series is its longest period.
 *
 * The model stores the sum of the projections over lcm(periods) steps,
 * cut at FC_MAX_HORIZON (the longest horizon ever asked for), in seas[],
 * and the periods kept in last[].
 *
 * A non-integer period p (365.25) is handled as R handles it: stl() runs
 * with frequency p (cycle-subseries of trunc(p) values, windows from p),
 * and forecast.stl() projects the last trunc(p) values of the component
 * (seq_len(p)), repeated every trunc(p) steps.  (R's repetition count
 * trunc(1 + (h - 1) / p) falls one cycle short for some h, giving NA
 * forecasts there; we simply keep repeating.)
 *
 *-------------------------------------------------------------------------
 */
#include "mstl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arima.h"
#include "stl.h"

static void *
MstlAlloc(const EtsEnv *env, size_t count)
{
	if (count > ((size_t) -1) / sizeof(double) / 2)
		return NULL;
	if (env != NULL && env->alloc != NULL)
		return env->alloc(count * sizeof(double), env->alloc_arg);
	return malloc(count * sizeof(double));
}

static void
MstlFree(const EtsEnv *env, void *p)
{
	if (p == NULL)
		return;
	if (env != NULL && env->release != NULL)
		env->release(p, env->alloc_arg);
	else
		free(p);
}

int
fc_mstl_check_periods(const double *periods, int np, char *errbuf,
					  size_t errlen)
{
	int			i,
				j;

	if (np < 1)
	{
		snprintf(errbuf, errlen, "at least one season length is needed");
		return FC_EINVAL;
	}
	if (np > FC_MSTL_MAX_PERIODS)
	{
		snprintf(errbuf, errlen, "at most %d season lengths are allowed, got %d",
				 FC_MSTL_MAX_PERIODS, np);
		return FC_ERANGE;
	}
	for (i = 0; i < np; i++)
	{
		if (!isfinite(periods[i]))
		{
			snprintf(errbuf, errlen,
					 "season lengths must be finite numbers, got %g",
					 periods[i]);
			return FC_EINVAL;
		}
		if (periods[i] < 2)
		{
			snprintf(errbuf, errlen,
					 "season lengths must be at least 2, got %g", periods[i]);
			return FC_EINVAL;
		}
		if (periods[i] > FC_MAX_SEASON)
		{
			snprintf(errbuf, errlen,
					 "season lengths must be at most %d, got %g",
					 FC_MAX_SEASON, periods[i]);
			return FC_ERANGE;
		}
		for (j = 0; j < i; j++)
			if (periods[j] == periods[i])
			{
				snprintf(errbuf, errlen,
						 "season length %g is given twice", periods[i]);
				return FC_EINVAL;
			}
	}
	return FC_OK;
}

/* lcm of the truncated periods, or cap if it is larger */
static int
LcmCapped(const double *p, int k, int cap)
{
	long long	l = 1;
	int			i;

	for (i = 0; i < k; i++)
	{
		long long	a = l,
					b = (long long) p[i];

		while (b != 0)
		{
			long long	t = a % b;

			a = b;
			b = t;
		}
		l = l / a * (long long) p[i];
		if (l >= cap)
			return cap;
	}
	return (int) l;
}

static void
MstlInterrupt(void *arg)
{
	const EtsEnv *env = arg;

	if (env != NULL && env->interrupt != NULL)
		env->interrupt(env->interrupt_arg);
}

/*
 * Decompose y with the kept periods: *buf (to free) holds the seasonally
 * adjusted series *sa (y minus the sum of the seasonal components, summed
 * left to right as R's rowSums) and the components *seasonal (k x n).
 */
static int
Adjust(const double *y, int n, const double *kept, int k,
	   const EtsEnv *env, double **buf, double **sa, double **seasonal,
	   char *errbuf, size_t errlen)
{
	int			len = n + 2 * (int) kept[k - 1];
	double	   *trend,
			   *remainder,
			   *work;
	int			i,
				t,
				rc;

	*buf = MstlAlloc(env, (size_t) n * (k + 3) + (size_t) n + (size_t) len * 5);
	if (*buf == NULL)
	{
		snprintf(errbuf, errlen, "out of memory for a series of %d values", n);
		return FC_ENOMEM;
	}
	trend = *buf;
	remainder = trend + n;
	*sa = remainder + n;
	*seasonal = *sa + n;
	work = *seasonal + (size_t) n * k;
	rc = mstl_decompose(y, n, kept, k, FC_MSTL_ITERATE, trend, *seasonal,
						remainder, work, MstlInterrupt, (void *) env,
						errbuf, errlen);
	if (rc != STL_OK)
	{
		MstlFree(env, *buf);
		*buf = NULL;
		return rc == STL_ENOMEM ? FC_ENOMEM :
			rc == STL_ELENGTH ? FC_ELENGTH : FC_EINVAL;
	}
	for (t = 0; t < n; t++)
	{
		double		sum = 0.0;

		for (i = 0; i < k; i++)
			sum += (*seasonal)[(size_t) i * n + t];
		(*sa)[t] = y[t] - sum;
	}
	return FC_OK;
}

/*
 * The non-seasonal model of the adjusted series (or of y itself when no
 * period is kept): ETS "ZZN", or auto.arima(seasonal = FALSE) with R's
 * approximation rule n > 150 or frequency (the longest period asked for)
 * > 12.
 */
static int
FitAdjusted(const double *x, int n, int method, int maxp,
			const FcParams *fixed, FcModel *model, const EtsEnv *env,
			char *errbuf, size_t errlen)
{
	ArimaAutoSpec spec;
	ArimaModel	am;
	int			rc;

	if (method == FC_MSTL)
		return fc_fit(x, n, FC_ETS, "ZZN", 1, fixed, model, env, errbuf,
					  errlen);

	fc_model_init(model, method, maxp, n);
	arima_auto_init(&spec, 1);
	spec.approximation = n > 150 || maxp > 12;
	rc = arima_auto(x, n, &spec, &am, env, errbuf, errlen);
	if (rc != ARIMA_OK)
		return rc == ARIMA_ENOMEM ? FC_ENOMEM :
			rc == ARIMA_EINTERRUPTED ? FC_EINTERRUPTED :
			rc == ARIMA_ELENGTH ? FC_ELENGTH :
			rc == ARIMA_ERANGE ? FC_ERANGE : FC_EINVAL;
	model->version = FC_MODEL_VERSION_ARIMA;
	model->narima = am.nblob;
	model->arima = am.blob;
	model->sigma2 = am.sigma2;
	model->loglik = am.loglik;
	model->aic = am.aic;
	model->aicc = am.aicc;
	model->bic = am.bic;
	return FC_OK;
}

int
fc_fit_mstl(const double *y, int n, int method, const double *periods,
			int np, const FcParams *fixed, FcModel *model, int *dropped,
			const EtsEnv *env, char *errbuf, size_t errlen)
{
	double		kept[FC_MSTL_MAX_PERIODS];
	int			k,
				i,
				s,
				maxp,
				rc,
				len;
	double	   *buf,
			   *seasonal,
			   *sa,
			   *seas,
			   *last;

	rc = fc_mstl_check_periods(periods, np, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	if (method != FC_MSTL && method != FC_MSTL_ARIMA)
	{
		snprintf(errbuf, errlen, "not an mstl method");
		return FC_EINVAL;
	}
	if (method == FC_MSTL_ARIMA && fixed != NULL &&
		(!isnan(fixed->alpha) || !isnan(fixed->beta) ||
		 !isnan(fixed->gamma) || !isnan(fixed->phi) || fixed->k != 0))
	{
		snprintf(errbuf, errlen,
				 "mstl:arima has no parameters that can be fixed");
		return FC_EINVAL;
	}
	if (fixed != NULL && (!isnan(fixed->gamma) || fixed->k != 0))
	{
		snprintf(errbuf, errlen,
				 "mstl fits a non-seasonal ETS model: only alpha, beta and phi can be fixed");
		return FC_EINVAL;
	}
	if (n < 1)
	{
		snprintf(errbuf, errlen, "series is empty");
		return FC_ELENGTH;
	}
	k = mstl_periods(periods, np, n, kept);
	if (dropped != NULL)
		*dropped = np - k;
	/* R's msts frequency: floor(max(periods)) */
	maxp = 2;
	for (i = 0; i < np; i++)
		if ((int) periods[i] > maxp)
			maxp = (int) periods[i];

	if (k == 0)
	{
		/* no period fits twice: the non-seasonal model of the series */
		rc = FitAdjusted(y, n, method, maxp, fixed, model, env, errbuf,
						 errlen);
		if (rc != FC_OK)
			return rc;
		model->method = model->requested = method;
		model->m = maxp;
		model->fallback = FC_FB_MSTL_NOSEASON;
		return FC_OK;
	}

	rc = Adjust(y, n, kept, k, env, &buf, &sa, &seasonal, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	rc = FitAdjusted(sa, n, method, maxp, fixed, model, env, errbuf, errlen);
	if (rc != FC_OK)
	{
		MstlFree(env, buf);
		return rc;
	}

	/* the summed seasonal naive projections, and the periods */
	len = LcmCapped(kept, k, FC_MAX_HORIZON);
	seas = MstlAlloc(env, len);
	last = MstlAlloc(env, k);
	if (seas == NULL || last == NULL)
	{
		MstlFree(env, seas);
		MstlFree(env, last);
		MstlFree(env, buf);
		snprintf(errbuf, errlen, "out of memory for the seasonal projection");
		return FC_ENOMEM;
	}
	for (s = 0; s < len; s++)
	{
		double		sum = 0.0;

		for (i = 0; i < k; i++)
		{
			int			p = (int) kept[i];

			sum += seasonal[(size_t) i * n + n - p + s % p];
		}
		seas[s] = sum;
	}
	for (i = 0; i < k; i++)
		last[i] = kept[i];
	MstlFree(env, buf);

	model->method = model->requested = method;
	model->m = (int) kept[k - 1];
	model->seas = seas;
	model->nseas = len;
	model->last = last;
	model->nlast = k;
	model->flags |= FC_FLAG_SEASADD;
	return FC_OK;
}

/*
 * In-sample residuals of a fitted mstl model on its series y: the
 * seasonally adjusted series minus the ETS fitted values (R's
 * residuals(forecast(mstl(y))): the seasonal parts cancel).  h = 1: the
 * one-step residuals, resid[0..n-1]; h >= 2: the h-step errors sa[t] -
 * fitted(ets, h)[t] for t = h .. n-1 (ets_fitted_h), resid[0..n-h-1].
 * *nres receives the count.
 */
int
fc_mstl_residuals(const double *y, int n, const FcModel *model, int h,
				  double *resid, int *nres, const EtsEnv *env, char *errbuf,
				  size_t errlen)
{
	double		kept[FC_MSTL_MAX_PERIODS];
	int			k = model->nlast,
				i,
				t,
				rc;
	double	   *buf = NULL,
			   *sa = NULL,
			   *seasonal,
			   *fitted;
	const double *x;

	*nres = 0;
	for (i = 0; i < k; i++)
		kept[i] = model->last[i];
	fitted = MstlAlloc(env, n);
	if (fitted == NULL)
	{
		snprintf(errbuf, errlen, "out of memory for a series of %d values", n);
		return FC_ENOMEM;
	}
	if (k > 0)
	{
		rc = Adjust(y, n, kept, k, env, &buf, &sa, &seasonal, errbuf, errlen);
		if (rc != FC_OK)
		{
			MstlFree(env, fitted);
			return rc;
		}
	}
	x = k > 0 ? sa : y;
	rc = ets_fitted_h(x, n, &model->ets[0], h, fitted, errbuf, errlen);
	if (rc == ETS_OK)
	{
		/* h = 1 keeps t = 0 (the forecast from the initial state), as R */
		int			t0 = h == 1 ? 0 : h;

		for (t = t0; t < n; t++)
			resid[t - t0] = x[t] - fitted[t];
		*nres = n - t0;
	}
	MstlFree(env, buf);
	MstlFree(env, fitted);
	return rc == ETS_OK ? FC_OK : FC_EINVAL;
}
