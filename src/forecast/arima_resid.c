/*-------------------------------------------------------------------------
 *
 * arima_resid.c
 *	  In-sample errors of a fitted ARIMA model (with or without
 *	  regressors): the one-step residuals and the h-step errors y_t -
 *	  yhat_{t|t-h}, as R's residuals(fit) and y - fitted(fit, h = h)
 *	  (forecast 8.20).
 *
 * One-step (h = 1): R's arima() residuals are the Kalman innovations of
 * y - x'beta divided by the square root of their variance in units of
 * sigma2 (ARIMA_Like: resid0 / sqrt(gain)), for every observation; the
 * first d + mD ones, whose variance holds the diffuse prior (1e6), are
 * therefore near zero.  fitted(fit) is y - residuals(fit), so y - fitted
 * is the same.  Models fitted by conditional sum of squares give the CSS
 * innovations instead (0 before the conditioning observations), as R.
 *
 * h-step (h >= 2): forecast:::hfitted refits the model with all its
 * coefficients fixed on each prefix y[1..i], i = 1..n-h (Arima(model =)),
 * which runs the exact Kalman filter of those coefficients over the
 * prefix, and takes the h-th forecast (with the regressors of rows
 * i+1..i+h, a drift continuing i+1, i+2, ...).  The filter is causal, so
 * we do the same: the filter from the model's initial state over each
 * prefix, then the Kalman forecast h steps on.  O(n^2) filter steps, like
 * R's refits.  Prefixes with no differenced observation (i <= d + mD) are
 * left out: their forecasts rest on the diffuse prior alone, and R's
 * refit of them fails (NA); so n - h - d - mD values, the errors at t = h
 * + d + mD + 1 .. n.  (R also gives NA where its refit fails for other
 * reasons, e.g. at i = 1 with a mean and two regressors; we give the
 * filter's value there.)
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arima_int.h"

static int
ResidErr(char *errbuf, size_t errlen, int rc, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
	return rc;
}

/* y minus the regression part (intercept, drift 1..n, user columns) */
static void
RegressionAdjust(const ArimaModel *m, const double *y, int n,
				 const double *xreg, double *xa)
{
	int			narma = m->p + m->q + m->P + m->Q;
	int			t,
				j,
				k;

	for (t = 0; t < n; t++)
	{
		double		s = y[t];

		k = narma;
		if (m->intercept)
			s -= m->coef[k++];
		if (m->drift)
			s -= m->coef[k++] * (double) (t + 1);
		for (j = 0; j < m->nx; j++)
			s -= m->coef[k++] * xreg[t + (size_t) j * n];
		xa[t] = s;
	}
}

/*
 * The h-step errors y_{i+h} - yhat_{i+h|i}, i = i0..n-h with i0 = d + mD +
 * 1, into resid[0..n-h-i0] (ss initialised with the model's polynomials;
 * xa = y minus regression).
 */
static int
HStepErrors(const ArimaModel *model, const double *y, const double *xa,
			int n, const double *xreg, int h, ArimaSS *ss, double *resid,
			const EtsEnv *env, char *errbuf, size_t errlen)
{
	int			rd = ss->rd;
	double	   *a0,
			   *Pn0,
			   *xf,
			   *fc;
	ArimaModel	at;
	int			i,
				l,
				j,
				rc = ARIMA_OK;

	a0 = arima_alloc(env, sizeof(double) *
					 (rd + (size_t) rd * rd + (size_t) h * (model->nx + 1)));
	if (a0 == NULL)
		return ARIMA_ENOMEM;
	Pn0 = a0 + rd;
	xf = Pn0 + (size_t) rd * rd;
	fc = xf + (size_t) h * model->nx;
	memcpy(a0, ss->a, sizeof(double) * rd);
	memcpy(Pn0, ss->Pn, sizeof(double) * rd * rd);
	/* a model whose filtered state is that of the prefix y[1..i] */
	at = *model;
	for (i = model->ndelta + 1; i <= n - h && rc == ARIMA_OK; i++)
	{
		double		ssq,
					sumlog;
		int			nu;

		arima_interrupt(env);
		memcpy(ss->a, a0, sizeof(double) * rd);
		memcpy(ss->Pn, Pn0, sizeof(double) * rd * rd);
		arima_like(ss, xa, i, &ssq, &sumlog, &nu, NULL);
		at.n = i;
		at.a = ss->a;
		at.Pm = ss->P;
		for (j = 0; j < model->nx; j++)
			for (l = 0; l < h; l++)
				xf[l + (size_t) j * h] = xreg[i + l + (size_t) j * n];
		rc = arima_forecast(&at, h, model->nx > 0 ? xf : NULL, fc, NULL,
							env, errbuf, errlen);
		if (rc == ARIMA_OK)
			resid[i - model->ndelta - 1] = y[i + h - 1] - fc[h - 1];
	}
	arima_release(env, a0);
	return rc;
}

/*
 * In-sample errors of model, fitted to y[0..n-1] with the regressors xreg
 * (n x model->nx, column-major; NULL when the model has none): h = 1 the
 * one-step residuals (n values), h >= 2 the h-step errors from t = h + d +
 * mD + 1 on (n - h - d - mD values).  *nres gets the count.
 */
int
arima_residuals(const ArimaModel *model, const double *y, int n,
				const double *xreg, int h, double *resid, int *nres,
				const EtsEnv *env, char *errbuf, size_t errlen)
{
	ArimaSS		ss;
	double	   *xa;
	int			rc,
				t;

	*nres = 0;
	if (n != model->n)
		return ResidErr(errbuf, errlen, ARIMA_EINVAL,
						"the series is not the one the model was fitted to");
	if (h < 1 || h >= n || (h > 1 && h + model->ndelta >= n))
		return ResidErr(errbuf, errlen, ARIMA_EINVAL, "horizon out of range");
	if (model->nx > 0 && xreg == NULL)
		return ResidErr(errbuf, errlen, ARIMA_EINVAL,
						"the model has regressors: give their values");
	xa = arima_alloc(env, sizeof(double) * ((size_t) n + 2 * (size_t) n + 2));
	if (xa == NULL)
		return ARIMA_ENOMEM;
	RegressionAdjust(model, y, n, xreg, xa);
	rc = arima_ss_alloc(&ss, model->nphi, model->ntheta, model->ndelta, env);
	if (rc != ARIMA_OK)
	{
		arima_release(env, xa);
		return ResidErr(errbuf, errlen, rc, "arima model too large");
	}
	/* the initial covariance as the fit computed it (arima_fit) */
	ss.q0_acov = model->P == 0;
	rc = arima_ss_init(&ss, model->phi, model->theta, model->delta, env);
	if (rc != ARIMA_OK)
		rc = ResidErr(errbuf, errlen, rc, "initial covariance failed");
	else if (h == 1 && model->method == ARIMA_CSS)
	{
		ArimaArma	arma = {model->p, model->q, model->P, model->Q,
		model->m, model->d, model->D};
		int			ncond = model->d + model->D * model->m +
			model->p + model->m * model->P;

		arima_css(xa, n, &arma, model->phi, model->nphi, model->theta,
				  model->ntheta, ncond, xa + n, resid);
		*nres = n;
	}
	else if (h == 1)
	{
		double		ssq,
					sumlog;
		int			nu;

		arima_like(&ss, xa, n, &ssq, &sumlog, &nu, resid);
		*nres = n;
	}
	else
	{
		rc = HStepErrors(model, y, xa, n, xreg, h, &ss, resid, env, errbuf,
						 errlen);
		if (rc == ARIMA_OK)
			*nres = n - h - model->ndelta;
	}
	arima_ss_free(&ss, env);
	arima_release(env, xa);
	if (rc == ARIMA_OK)
		for (t = 0; t < *nres; t++)
			if (!isfinite(resid[t]))
			{
				*nres = 0;
				return ResidErr(errbuf, errlen, ARIMA_ERANGE,
								"an in-sample error is not finite");
			}
	return rc;
}
