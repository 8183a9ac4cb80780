/*-------------------------------------------------------------------------
 *
 * arima.h
 *	  Seasonal ARIMA models with regressors: exact maximum likelihood by
 *	  the Kalman filter, forecasts with analytic intervals, and the
 *	  automatic order selection of Hyndman & Khandakar (2008).  Plain C (no
 *	  postgres.h).
 *
 * The definitions follow R 4.2 (stats::arima, "CSS-ML") and the forecast
 * package 8.20 (Arima, auto.arima, ndiffs, nsdiffs), so that fitted
 * coefficients, likelihoods, chosen orders and forecasts agree with R's:
 *
 *	- the model phi(B) Phi(B^m) (1-B)^d (1-B^m)^D (y_t - x_t' beta) =
 *	  theta(B) Theta(B^m) e_t, written in the state-space form of Harvey
 *	  (1989) / Durbin & Koopman (2001, sec. 3.4) with the differencing in
 *	  the state (R's makeARIMA); the stationary part starts from its
 *	  unconditional covariance computed as Gardner, Harvey & Phillips
 *	  (1980, Applied Statistics 29:311-322, algorithm AS 154), the
 *	  differenced part from a diffuse prior of variance 1e6 whose
 *	  observations (one-step variance >= 1e4) are left out of the
 *	  likelihood, as R does;
 *	- estimation: conditional sum of squares first, then the exact
 *	  Gaussian likelihood (concentrated in sigma2), both minimised by a
 *	  variable-metric (BFGS) method with a central-difference gradient,
 *	  the algorithm of Nash (1990, "Compact Numerical Methods", alg. 21)
 *	  that R's optim(method = "BFGS") uses, with R's settings (step 1e-3,
 *	  relative tolerance 1.49e-8, 100 iterations, parameter scales 1 for
 *	  the ARMA part and 10 standard errors for regression coefficients);
 *	  AR parts are mapped to the stationary region through partial
 *	  autocorrelations (Jones 1980, Monahan 1984), MA parts made
 *	  invertible by reflecting roots inside the unit circle;
 *	- standard errors from the numerical Hessian of the likelihood;
 *	- forecasts by the Kalman prediction recursions (R's KalmanForecast),
 *	  intervals mean +- z sqrt(v_h sigma2) with sigma2 = sum(e^2) /
 *	  (n - d - mD - k) as forecast::Arima.
 *
 * Memory: every scratch array comes from env->alloc and goes back through
 * env->release (malloc/free by default); with an interrupt callback that
 * can longjmp (the server), alloc must be a pool the caller frees.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_ARIMA_H
#define LOGISTICS_ARIMA_H

#include <stddef.h>
#include <stdint.h>

#include "ets.h"				/* EtsEnv: allocator and interrupt hook */

/* Limits (R's: AR or MA polynomials of degree up to 350) */
#define ARIMA_MAX_ORDER		10	/* p, q, P, Q each */
#define ARIMA_MAX_DIFF		2	/* d and D each */
#define ARIMA_MAX_LAG		350 /* p + mP and q + mQ */
/*
 * Regressor columns.  R has no limit; 40 holds a daily calendar (trend,
 * a yearly Fourier pair or two, six day-of-week dummies, a column per
 * holiday name of two years of a retail calendar, promotions) with room to
 * spare, and keeps the fixed-size scratch arrays of the fit (coefficient
 * Hessians of (4 * ARIMA_MAX_ORDER + ARIMA_MAX_XREG + 2)^2 doubles) near
 * 50 kB each.
 */
#define ARIMA_MAX_XREG		40

/* Return codes, as FcStatus (the fmgr layer maps them to SQLSTATEs) */
#define ARIMA_OK			0
#define ARIMA_EINVAL		(-1)	/* bad argument or data */
#define ARIMA_ELENGTH		(-2)	/* series too short */
#define ARIMA_ERANGE		(-3)	/* order out of range */
#define ARIMA_ENOMEM		(-4)
#define ARIMA_EINTERRUPTED	(-5)
#define ARIMA_EMODEL		(-6)	/* stored model fails validation */
#define ARIMA_ENOFIT		(-7)	/* the fit failed (R: an error) */

/* Estimation methods (R's method argument) */
#define ARIMA_CSS_ML		0
#define ARIMA_ML			1
#define ARIMA_CSS			2

/* What to fit.  Initialise with arima_spec_init. */
typedef struct ArimaSpec
{
	int			p,
				d,
				q;
	int			P,
				D,
				Q;
	int			m;				/* season length (1: no season) */
	int			constant;		/* R's include.constant: a mean if d + D
								 * = 0, a drift if d + D = 1, nothing
								 * otherwise */
	int			method;			/* ARIMA_CSS_ML (R's default) */
	int			nx;				/* regressor columns */
	const double *xreg;			/* n x nx, column-major (NULL if nx = 0) */
	double		fixed_mean;		/* NaN: estimate; else the mean/drift is
								 * fixed to this value (auto.arima's
								 * constant-series case) */

	/*
	 * Optional: asked, after the likelihood is maximised (method
	 * ARIMA_CSS_ML or ARIMA_ML) and before the numerical Hessian, whether
	 * the standard errors are wanted, given the model's AIC and its number
	 * of parameters (free coefficients + 1).  When it returns 0 the Hessian
	 * is not computed and every se is NaN; nothing else changes.
	 */
	int			(*want_se) (double aic, int npar, void *arg);
	void	   *want_se_arg;
	int			exact_filter;	/* the full-state filter on every step (R's) */
} ArimaSpec;

/*
 * Options of the automatic selection; arima_auto_init sets R's
 * defaults.
 */
typedef struct ArimaAutoSpec
{
	int			m;
	int			d,
				D;				/* -1: chosen by the tests */
	int			max_p,
				max_q,
				max_P,
				max_Q,
				max_order,
				max_d,
				max_D;
	int			start_p,
				start_q,
				start_P,
				start_Q;
	int			ic;				/* 0 aicc, 1 aic, 2 bic */
	int			approximation;	/* -1: R's rule n > 150 or m > 12 */
	int			refit_ml;		/* with approximation: 1 (R) refits the
								 * best CSS candidates by maximum
								 * likelihood; 0 returns the best CSS fit
								 * itself (the ensemble's fast member) */
	int			allow_drift,
				allow_mean;
	int			nmodels;
	int			nx;
	const double *xreg;
} ArimaAutoSpec;

/*
 * A fitted model: one block of doubles (blob) so that it can be stored and
 * read back as it is.  The header fields are copies of blob[0..] (see
 * arima.c for the layout); the arrays point into blob.
 */
typedef struct ArimaModel
{
	int			p,
				d,
				q,
				P,
				D,
				Q,
				m;
	int			intercept;		/* 1: coefficient "intercept" */
	int			drift;			/* 1: coefficient "drift" */
	int			nx;				/* user regressors */
	int			method;			/* ARIMA_* used */
	int			n;				/* observations */
	int			nused;			/* n - d - mD */
	int			ncoef;			/* p+q+P+Q + intercept + drift + nx */
	int			nphi,
				ntheta,
				ndelta,
				rd;
	int			converged;		/* 0 if the optimiser hit its limit */
	int			nmodels;		/* models fitted by the search (1) */
	int			fixed;			/* the mean/drift was fixed */
	double		sigma2;			/* forecast::Arima's unbiased variance */
	double		sigma2_ml;		/* R's arima() sigma2 (ML) */
	double		loglik;
	double		aic,
				aicc,
				bic;
	double	   *coef;			/* ncoef: ar, ma, sar, sma, intercept,
								 * drift, xreg */
	double	   *se;				/* ncoef standard errors (NaN if the
								 * Hessian was not positive definite) */
	double	   *phi;			/* expanded AR polynomial, nphi */
	double	   *theta;			/* expanded MA polynomial, ntheta */
	double	   *delta;			/* differencing polynomial, ndelta */
	double	   *a;				/* filtered state after the data, rd */
	double	   *Pm;				/* its covariance, rd x rd */
	double	   *blob;
	int			nblob;
} ArimaModel;

extern void arima_spec_init(ArimaSpec *spec);
extern void arima_auto_init(ArimaAutoSpec *spec, int m);

/* Fit y[0..n-1] with the orders of spec (R's forecast::Arima). */
extern int	arima_fit(const double *y, int n, const ArimaSpec *spec,
					  ArimaModel *model, const EtsEnv *env,
					  char *errbuf, size_t errlen);

/* Choose and fit a model as forecast::auto.arima (stepwise). */
extern int	arima_auto(const double *y, int n, const ArimaAutoSpec *spec,
					   ArimaModel *model, const EtsEnv *env,
					   char *errbuf, size_t errlen);

/*
 * Forecasts mean[0..h-1] and their variances var[0..h-1] (var may be
 * NULL); xfuture (h x nx column-major) must be given when the model has
 * user regressors.
 */
extern int	arima_forecast(const ArimaModel *model, int h,
						   const double *xfuture, double *mean, double *var,
						   const EtsEnv *env, char *errbuf, size_t errlen);

/*
 * In-sample errors of a model fitted to y[0..n-1] (with its regressors
 * xreg, n x nx column-major, or NULL): h = 1 the one-step residuals (R's
 * residuals(fit), n values), h >= 2 the h-step errors y_t - yhat_{t|t-h}
 * for t = h+d+mD+1..n (R's y - fitted(fit, h), n - h - d - mD values).
 * arima_resid.c.
 */
extern int	arima_residuals(const ArimaModel *model, const double *y, int n,
							const double *xreg, int h, double *resid,
							int *nres, const EtsEnv *env, char *errbuf,
							size_t errlen);

/* Free the blob of a model made by arima_fit / arima_auto */
extern void arima_free(ArimaModel *model, const EtsEnv *env);

/*
 * Point the fields of *model at a stored blob (nblob doubles) and check it.
 * The blob is not copied.
 */
extern int	arima_from_blob(double *blob, int nblob, ArimaModel *model,
							char *errbuf, size_t errlen);

/* Coefficient name i of a model ("ar1", "sma2", "drift", "xreg3") */
extern void arima_coef_name(const ArimaModel *model, int i, char *buf,
							size_t len);

/* "ARIMA(1,1,1)(0,1,1)[12] with drift" */
extern void arima_model_name(const ArimaModel *model, char *buf, size_t len);

/*
 * Building blocks, exported for the unit tests.
 */

/* KPSS level statistic with R's lag trunc(3 sqrt(n) / 13) (urca) */
extern double arima_kpss_stat(const double *x, int n);

/* forecast::ndiffs (KPSS, alpha 0.05) and nsdiffs (seasonal strength) */
extern int	arima_ndiffs(const double *x, int n, int max_d,
						 const EtsEnv *env);
extern int	arima_nsdiffs(const double *x, int n, int m, int max_D,
						  const EtsEnv *env);

/* Seasonal strength of forecast:::seas.heuristic (STL by mstl) */
extern double arima_seas_strength(const double *x, int n, int m,
								  const EtsEnv *env);

/* Stationary state covariance by AS 154 (R's getQ0), r x r into q0 */
extern int	arima_q0(const double *phi, int p, const double *theta, int q,
					 double *q0, const EtsEnv *env);

/*
 * Complex roots of 1 + c[0] z + ... + c[k-1] z^k (re, im of length k);
 * returns the number found (k) or -1.
 */
extern int	arima_polyroot(const double *c, int k, double *re, double *im);

#endif							/* LOGISTICS_ARIMA_H */
