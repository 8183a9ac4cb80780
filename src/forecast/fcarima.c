/*-------------------------------------------------------------------------
 *
 * fcarima.c
 *	  The ARIMA and ensemble methods of the forecasting interface
 *	  (fcmethods.h): parsing 'arima(p,d,q)(P,D,Q)', fitting through the
 *	  ARIMA kernel (arima.h) into an FcModel, forecasting from it, and the
 *	  equal-weight ensemble of the automatic ETS, ARIMA and theta methods.
 *
 * Ensemble intervals: the bounds at each step are the equal-weight means
 * of the three methods' bounds at the same level.  This is the interval
 * of the combined forecast when the three errors are perfectly
 * correlated, and errs on the wide side otherwise; it is the rule of
 * statsforecast's and fable's combinations of quantiles (Hyndman &
 * Athanasopoulos 2021, sec. 13.4 discuss the alternatives).
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
#include "common/normal.h"

static int
Err(char *errbuf, size_t errlen, int status, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
	return status;
}

static int
ArimaStatusToFc(int rc)
{
	switch (rc)
	{
		case ARIMA_OK:
			return FC_OK;
		case ARIMA_ELENGTH:
			return FC_ELENGTH;
		case ARIMA_ERANGE:
			return FC_ERANGE;
		case ARIMA_ENOMEM:
			return FC_ENOMEM;
		case ARIMA_EINTERRUPTED:
			return FC_EINTERRUPTED;
		case ARIMA_EMODEL:
			return FC_EMODEL;
		default:
			return FC_EINVAL;
	}
}

/* Read "(a,b,c)" at *p into v[0..2]; advances *p */
static int
ParseTriple(const char **p, int *v)
{
	const char *s = *p;
	int			i;

	while (isspace((unsigned char) *s))
		s++;
	if (*s++ != '(')
		return 0;
	for (i = 0; i < 3; i++)
	{
		char	   *end;
		long		x;

		while (isspace((unsigned char) *s))
			s++;
		if (!isdigit((unsigned char) *s))
			return 0;
		x = strtol(s, &end, 10);
		if (x < 0 || x > 99)
			return 0;
		v[i] = (int) x;
		s = end;
		while (isspace((unsigned char) *s))
			s++;
		if (*s++ != (i < 2 ? ',' : ')'))
			return 0;
	}
	*p = s;
	return 1;
}

int
fc_request_parse(const char *name, FcRequest *req, char *errbuf,
				 size_t errlen)
{
	memset(req, 0, sizeof(*req));
	if (name != NULL && strncasecmp(name, "arima", 5) == 0 && name[5] != '\0')
	{
		const char *p = name + 5;
		char		msg[200];

		req->method = FC_ARIMA;
		req->arima_auto = 0;
		if (!ParseTriple(&p, req->arima_order))
			goto bad;
		while (isspace((unsigned char) *p))
			p++;
		if (*p != '\0' && !ParseTriple(&p, req->arima_order + 3))
			goto bad;
		while (isspace((unsigned char) *p))
			p++;
		if (*p != '\0')
			goto bad;
		if (req->arima_order[0] > ARIMA_MAX_ORDER ||
			req->arima_order[2] > ARIMA_MAX_ORDER ||
			req->arima_order[3] > ARIMA_MAX_ORDER ||
			req->arima_order[5] > ARIMA_MAX_ORDER ||
			req->arima_order[1] > ARIMA_MAX_DIFF ||
			req->arima_order[4] > ARIMA_MAX_DIFF)
		{
			snprintf(msg, sizeof(msg),
					 "arima orders out of range in \"%.40s\": p, q, P, Q must be at most %d and d, D at most %d",
					 name, ARIMA_MAX_ORDER, ARIMA_MAX_DIFF);
			return Err(errbuf, errlen, FC_ERANGE, msg);
		}
		return FC_OK;
bad:
		snprintf(msg, sizeof(msg),
				 "bad arima specification \"%.40s\": write arima(p,d,q) or arima(p,d,q)(P,D,Q), e.g. arima(1,1,1)(0,1,1)",
				 name);
		return Err(errbuf, errlen, FC_EINVAL, msg);
	}
	if (fc_method_parse(name, &req->method, req->etsmodel, errbuf,
						errlen) != FC_OK)
		return FC_EINVAL;
	req->arima_auto = 1;
	return FC_OK;
}

/* The stored ARIMA model of an FcModel as an ArimaModel (no copy) */
int
fc_arima_view(const FcModel *model, ArimaModel *am, char *errbuf,
			  size_t errlen)
{
	if (model->arima == NULL || model->narima < 1)
		return Err(errbuf, errlen, FC_EMODEL, "arima model missing");
	if (arima_from_blob(model->arima, model->narima, am, errbuf,
						errlen) != ARIMA_OK)
		return FC_EMODEL;
	return FC_OK;
}

/*
 * Fit the ARIMA part of a request into model (whose common fields the
 * caller set): the automatic search or the explicit orders, with R's
 * constant rule (a mean for d + D = 0, a drift for d + D = 1).
 */
int
fc_arima_fit(const double *y, int n, const FcRequest *req, int m,
			 FcModel *model, const EtsEnv *env, char *errbuf, size_t errlen)
{
	ArimaModel	am;
	int			rc;

	if (m > ARIMA_MAX_LAG)
	{
		char		msg[128];

		snprintf(msg, sizeof(msg),
				 "arima needs a season length of at most %d, got %d",
				 ARIMA_MAX_LAG, m);
		return Err(errbuf, errlen, FC_ERANGE, msg);
	}
	if (req->arima_auto)
	{
		ArimaAutoSpec spec;

		arima_auto_init(&spec, m);
		if (req->arima_css)
		{
			spec.approximation = 1;
			spec.refit_ml = 0;
		}
		spec.nx = req->nx;
		spec.xreg = req->xreg;
		rc = arima_auto(y, n, &spec, &am, env, errbuf, errlen);
	}
	else
	{
		ArimaSpec	spec;
		const int  *o = req->arima_order;
		int			seasonal = o[3] + o[4] + o[5] > 0;
		int			need;

		if (seasonal && m < 2)
			return Err(errbuf, errlen, FC_EINVAL,
					   "seasonal arima orders need a season length of at least 2");
		need = o[1] + o[4] * m + o[0] + o[3] * m +
			o[0] + o[2] + o[3] + o[5] + 2;
		if (n < need)
		{
			char		msg[160];

			snprintf(msg, sizeof(msg),
					 "arima(%d,%d,%d)(%d,%d,%d) with season length %d needs at least %d observations, got %d",
					 o[0], o[1], o[2], o[3], o[4], o[5], m, need, n);
			return Err(errbuf, errlen, FC_ELENGTH, msg);
		}
		arima_spec_init(&spec);
		spec.p = o[0];
		spec.d = o[1];
		spec.q = o[2];
		spec.P = o[3];
		spec.D = o[4];
		spec.Q = o[5];
		spec.m = seasonal ? m : 1;
		spec.nx = req->nx;
		spec.xreg = req->xreg;
		rc = arima_fit(y, n, &spec, &am, env, errbuf, errlen);
		if (rc == ARIMA_ENOFIT)
		{
			char		msg[200];

			snprintf(msg, sizeof(msg), "arima(%d,%d,%d)(%d,%d,%d) could not be fitted: %s",
					 o[0], o[1], o[2], o[3], o[4], o[5],
					 errbuf != NULL ? errbuf : "");
			return Err(errbuf, errlen, FC_EINVAL, msg);
		}
	}
	if (rc != ARIMA_OK)
		return ArimaStatusToFc(rc);
	model->narima = am.nblob;
	model->arima = am.blob;
	model->version = FC_MODEL_VERSION_ARIMA;
	if (model->method == FC_ARIMA)
	{
		model->sigma2 = am.sigma2;
		model->loglik = am.loglik;
		model->aic = am.aic;
		model->aicc = am.aicc;
		model->bic = am.bic;
	}
	return FC_OK;
}

/* Forecasts of the ARIMA part: mean +- z sqrt(variance) */
int
fc_arima_forecast(const FcModel *model, int h, double level, double *mean,
				  double *lower, double *upper, const EtsEnv *env,
				  char *errbuf, size_t errlen)
{
	return fc_arima_forecast_x(model, h, level, NULL, 0, mean, lower, upper,
							   env, errbuf, errlen);
}

/*
 * fc_forecast with the future values of the regressors (xfuture, h x nx
 * column-major; nx = 0 for none): a model fitted with regressors needs
 * them, the same number of columns, and only the ARIMA methods take them.
 */
int
fc_forecast_x(const FcModel *model, int h, double level,
			  const double *xfuture, int nx, double *mean, double *lower,
			  double *upper, const EtsEnv *env, char *errbuf, size_t errlen)
{
	if (model->method == FC_ARIMA)
		return fc_arima_forecast_x(model, h, level, xfuture, nx, mean, lower,
								   upper, env, errbuf, errlen);
	if (nx > 0)
		return Err(errbuf, errlen, FC_EINVAL,
				   "future regressors were given but the model has none: regressors need method arima or arima(p,d,q)(P,D,Q)");
	return fc_forecast(model, h, level, mean, lower, upper, env, errbuf,
					   errlen);
}

int
fc_arima_forecast_x(const FcModel *model, int h, double level,
					const double *xfuture, int nx, double *mean,
					double *lower, double *upper, const EtsEnv *env,
					char *errbuf, size_t errlen)
{
	ArimaModel	am;
	double	   *var = NULL;
	double		z = lg_interval_z(level, 100.0);
	int			want = lower != NULL || upper != NULL;
	int			rc,
				i;

	rc = fc_arima_view(model, &am, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	if (am.nx != nx && (am.nx > 0 || xfuture != NULL))
	{
		char		msg[200];

		if (am.nx == 0)
			snprintf(msg, sizeof(msg),
					 "future regressors were given but the model was fitted without regressors");
		else if (xfuture == NULL)
			snprintf(msg, sizeof(msg),
					 "the model was fitted with %d regressor column%s: give their future values (xreg_future, one row per forecast step)",
					 am.nx, am.nx == 1 ? "" : "s");
		else
			snprintf(msg, sizeof(msg),
					 "xreg_future has %d column%s, the model was fitted with %d",
					 nx, nx == 1 ? "" : "s", am.nx);
		return Err(errbuf, errlen, FC_EINVAL, msg);
	}
	if (want)
	{
		var = env != NULL && env->alloc != NULL ?
			env->alloc(sizeof(double) * h, env->alloc_arg) :
			malloc(sizeof(double) * h);
		if (var == NULL)
			return FC_ENOMEM;
	}
	rc = arima_forecast(&am, h, am.nx > 0 ? xfuture : NULL, mean, var, env,
						errbuf, errlen);
	if (rc == ARIMA_OK && want)
		for (i = 0; i < h; i++)
		{
			double		se = sqrt(var[i]);

			if (lower != NULL)
				lower[i] = mean[i] - z * se;
			if (upper != NULL)
				upper[i] = mean[i] + z * se;
		}
	if (var != NULL)
	{
		if (env != NULL && env->alloc != NULL)
		{
			if (env->release != NULL)
				env->release(var, env->alloc_arg);
		}
		else
			free(var);
	}
	return ArimaStatusToFc(rc);
}

/*
 * In-sample errors of an arima model fitted to y with the regressors xreg
 * (n x nx; nx must be the model's): arima_residuals; other methods go to
 * fc_residuals, without regressors.
 */
int
fc_residuals_x(const double *y, int n, const FcModel *model,
			   const double *xreg, int nx, int h, double *resid, int *nres,
			   const EtsEnv *env, char *errbuf, size_t errlen)
{
	ArimaModel	am;
	char		msg[200];
	int			rc;

	*nres = 0;
	if (model->method != FC_ARIMA)
	{
		if (nx > 0)
			return Err(errbuf, errlen, FC_EINVAL,
					   "regressors were given but only the arima methods take them");
		return fc_residuals(y, n, model, h, resid, nres, env, errbuf, errlen);
	}
	rc = fc_arima_view(model, &am, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	/* h-step errors start after the d + mD observations lost to differencing */
	if (h < 1 || (h > 1 && h >= n - am.ndelta) || h >= n)
	{
		if (am.ndelta == 0)
			snprintf(msg, sizeof(msg),
					 "horizon must be between 1 and %d (one less than the %d values), got %d",
					 n - 1, n, h);
		else
			snprintf(msg, sizeof(msg),
					 "horizon must be between 1 and %d (one less than the %d values less the %d lost to differencing), got %d",
					 n - 1 - am.ndelta, n, am.ndelta, h);
		return Err(errbuf, errlen, FC_EINVAL, msg);
	}
	if (am.nx != nx)
	{
		snprintf(msg, sizeof(msg),
				 "the model was fitted with %d regressor column%s, got %d: pass the xreg it was fitted with",
				 am.nx, am.nx == 1 ? "" : "s", nx);
		return Err(errbuf, errlen, FC_EINVAL, msg);
	}
	rc = arima_residuals(&am, y, n, nx > 0 ? xreg : NULL, h, resid, nres, env,
						 errbuf, errlen);
	return ArimaStatusToFc(rc);
}

/*
 * The ensemble: theta (stored as the 0.1.0 theta model is: ets[0], par,
 * seasonal indices), the automatic ETS model (ets[1]) and an automatic
 * ARIMA model.  That member is not 'arima' itself: the stepwise search
 * compares conditional-sum-of-squares fits (auto.arima's approximation)
 * and the best CSS fit is kept, with no maximum-likelihood refit.  The
 * exact likelihood was ~90% of the ensemble's CPU; on all 3003 M3 series
 * the CSS member cuts the ensemble's CPU about 7-fold at the same accuracy
 * (sMAPE 12.46 against 12.39, MASE 1.346 against 1.344; doc/forecast.md).
 */
int
fc_ensemble_fit(const double *y, int n, int m, FcModel *model,
				const EtsEnv *env, char *errbuf, size_t errlen)
{
	FcModel		th,
				et;
	FcRequest	req;
	int			rc;

	if (n < 4)
	{
		char		msg[96];

		snprintf(msg, sizeof(msg),
				 "ensemble needs at least 4 observations, got %d", n);
		return Err(errbuf, errlen, FC_ELENGTH, msg);
	}
	rc = fc_fit(y, n, FC_THETA, NULL, m, NULL, &th, env, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	rc = fc_fit(y, n, FC_AUTO, NULL, m, NULL, &et, env, errbuf, errlen);
	if (rc != FC_OK)
		return rc;
	model->ets[0] = th.ets[0];
	model->ets[1] = et.ets[0];
	model->nets = 2;
	model->par[0] = th.par[0];
	model->par[1] = th.par[1];
	model->flags |= th.flags & FC_FLAG_SEASADJ;
	model->seasonal = th.seasonal;
	model->nseas = th.nseas;
	model->seas = th.seas;
	model->fallback = th.fallback != FC_FB_NONE ? th.fallback :
		et.ets[0].fallback != ETS_FB_NONE ? FC_FB_ETS : FC_FB_NONE;
	memset(&req, 0, sizeof(req));
	req.method = FC_ARIMA;
	req.arima_auto = 1;
	req.arima_css = 1;
	return fc_arima_fit(y, n, &req, m, model, env, errbuf, errlen);
}

int
fc_ensemble_forecast(const FcModel *model, int h, double level, double *mean,
					 double *lower, double *upper, const EtsEnv *env,
					 char *errbuf, size_t errlen)
{
	FcModel		part[3];
	double	   *buf;
	int			want = lower != NULL || upper != NULL;
	int			rc = FC_OK,
				k,
				i;

	buf = env != NULL && env->alloc != NULL ?
		env->alloc(sizeof(double) * 3 * h, env->alloc_arg) :
		malloc(sizeof(double) * 3 * h);
	if (buf == NULL)
		return FC_ENOMEM;
	for (k = 0; k < 3; k++)
		part[k] = *model;
	part[0].method = part[0].requested = FC_THETA;
	part[0].nets = 1;
	part[1].method = part[1].requested = FC_AUTO;
	part[1].ets[0] = model->ets[1];
	part[1].nets = 1;
	part[1].flags = 0;
	part[1].nseas = 0;
	part[2].method = part[2].requested = FC_ARIMA;
	for (i = 0; i < h; i++)
	{
		mean[i] = 0.0;
		if (lower != NULL)
			lower[i] = 0.0;
		if (upper != NULL)
			upper[i] = 0.0;
	}
	for (k = 0; k < 3 && rc == FC_OK; k++)
	{
		double	   *mk = buf,
				   *lk = buf + h,
				   *uk = buf + 2 * h;

		rc = k == 2 ?
			fc_arima_forecast(&part[k], h, level, mk, want ? lk : NULL,
							  want ? uk : NULL, env, errbuf, errlen) :
			fc_forecast(&part[k], h, level, mk, want ? lk : NULL,
						want ? uk : NULL, env, errbuf, errlen);
		for (i = 0; i < h && rc == FC_OK; i++)
		{
			mean[i] += mk[i] / 3.0;
			if (lower != NULL)
				lower[i] += lk[i] / 3.0;
			if (upper != NULL)
				upper[i] += uk[i] / 3.0;
		}
	}
	if (env != NULL && env->alloc != NULL)
	{
		if (env->release != NULL)
			env->release(buf, env->alloc_arg);
	}
	else
		free(buf);
	return rc;
}
