/*-------------------------------------------------------------------------
 *
 * fcmethods.h
 *	  Forecasting methods other than the ETS engine itself, in plain C (no
 *	  postgres.h): naive, seasonal naive, naive2, mean, Theta, the M4
 *	  combination, the intermittent-demand methods (Croston, SBA, TSB,
 *	  ADIDA), and the dispatch of every method name of the SQL interface
 *	  (ses, holt, damped, ets and auto go to the ETS engine, ets.h).
 *
 * A fit produces an FcModel: the method used, its parameters, the final
 * states, the residual variance and (for ETS based methods) the fitted ETS
 * models.  Forecasts and prediction intervals are computed from the model
 * alone, so it can be stored and reused.
 *
 * Sources of the definitions (each function says which it follows):
 *	- R package forecast 8.20 (Hyndman et al.): naive(), snaive(), meanf(),
 *	  ses(), holt(), thetaf(), croston(), ets(); stats::decompose(),
 *	  stats::acf().
 *	- M4 competition benchmarks (Makridakis, Spiliotis & Assimakopoulos
 *	  2020, IJF 36:54-74, and the published R code of the benchmarks):
 *	  the 90% seasonality test, Naive2 and Comb (SES, Holt, damped).
 *	- Croston (1972), Syntetos & Boylan (2005, SBA), Teunter, Syntetos &
 *	  Babai (2011, TSB), Nikolopoulos et al. (2011, ADIDA).
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_FCMETHODS_H
#define LOGISTICS_FCMETHODS_H

#include <stddef.h>
#include <stdint.h>

#include "ets.h"

/* Limits checked by fc_fit / fc_forecast (documented in the README) */
#define FC_MAX_HORIZON		10000
/* longest series fitted: one likelihood pass stays far below 100 ms */
#define FC_MAX_LENGTH		250000
#define FC_MAX_SEASON		10000
/*
 * Layout version of FcModel as stored: 1 for every method of 0.1.0, 2 for
 * models holding an ARIMA model (arima, ensemble), whose stored form ends
 * with the ARIMA model's numbers (see forecast_model_fmgr.c).
 */
#define FC_MODEL_VERSION	1
#define FC_MODEL_VERSION_ARIMA	2
/* Parameter and state slots of an FcModel */
#define FC_MAX_PAR			4
#define FC_MAX_ST			4
/* ETS models inside an FcModel (comb has three) */
#define FC_MAX_ETS			3

typedef enum FcMethod
{
	FC_NAIVE = 1,
	FC_SNAIVE,
	FC_NAIVE2,
	FC_MEAN,
	FC_SES,
	FC_HOLT,
	FC_DAMPED,
	FC_COMB,
	FC_THETA,
	FC_ETS,
	FC_CROSTON,
	FC_SBA,
	FC_TSB,
	FC_ADIDA,
	FC_AUTO,
	FC_ARIMA,					/* automatic or explicit ARIMA (arima.h) */
	FC_ENSEMBLE,				/* mean of auto ETS, auto ARIMA and theta */
	FC_MSTL,					/* several seasonal periods: mstl.c */
	FC_MSTL_ARIMA,				/* the same, ARIMA for the adjusted series */
	FC_NMETHODS					/* one past the last */
} FcMethod;

/* Return codes (the SQLSTATE the fmgr layer uses is in brackets) */
typedef enum FcStatus
{
	FC_OK = 0,
	FC_EINVAL = -1,				/* bad argument or data [22023] */
	FC_ELENGTH = -2,			/* empty series [2202E] */
	FC_ERANGE = -3,				/* horizon or season above the maximum, or
								 * a result that overflows [22003] */
	FC_ENOMEM = -4,				/* allocator failed [53200] */
	FC_EINTERRUPTED = -5,		/* interrupt callback asked to stop */
	FC_EMODEL = -6				/* stored model fails validation [22P02] */
} FcStatus;

/* Why the model differs from the request (FcModel.fallback) */
typedef enum FcFallback
{
	FC_FB_NONE = 0,
	FC_FB_SHORT_SEASON,			/* snaive with n < m: naive */
	FC_FB_THETA_SHORT,			/* theta with n < 2: naive */
	FC_FB_HOLT_SHORT,			/* holt/damped with n < 2: naive */
	FC_FB_NONPOSITIVE,			/* seasonal adjustment skipped: data has a
								 * value <= 0 (multiplicative decomposition
								 * undefined) */
	FC_FB_SMALL_INDEX,			/* seasonal adjustment skipped: a seasonal
								 * index below 1e-4 (as R's thetaf) */
	FC_FB_ETS,					/* an ETS component fell back (see its own
								 * fallback) */
	FC_FB_FEW_DEMANDS,			/* intermittent method with fewer than two
								 * demands: see fc_fit */
	FC_FB_MSTL_NOSEASON,		/* mstl: no season length below half the
								 * series, non-seasonal ETS */
	FC_NFALLBACKS
} FcFallback;

/* FcModel.flags */
#define FC_FLAG_SEASADD		0x04	/* forecasts add seas[] (mstl) */
#define FC_FLAG_SEASADJ		0x01	/* forecasts are multiplied by seas[] */
#define FC_FLAG_FIXED		0x02	/* some parameters were fixed by the
									 * caller (fixedmask says which) */

/*
 * Fixed parameters for a fit; NaN (or k = 0) means "estimate".  Which apply
 * depends on the method: alpha (ses, holt, damped, ets, theta, comb,
 * croston, sba, tsb, adida), beta (holt, damped, ets, comb, tsb), gamma
 * (ets), phi (damped, ets, comb), k (adida aggregation level).
 */
typedef struct FcParams
{
	double		alpha;
	double		beta;
	double		gamma;
	double		phi;
	int			k;
} FcParams;

/*
 * A fitted model.
 *	method, requested	FcMethod used / asked for (they differ after a
 *						fallback to naive)
 *	m					season length asked for
 *	n					observations fitted
 *	fallback			FcFallback
 *	flags, fixedmask	FC_FLAG_*; bit i of fixedmask: par[i] was fixed
 *	seasonal			1 if the seasonality test found seasonality (naive2,
 *						theta, comb), else 0
 *	par, st				parameters and states, named by fc_par_name and
 *						fc_state_name for the method
 *	nseas, seas			seasonal indices of the last nseas periods, oldest
 *						first; forecast step h (1-based) is multiplied by
 *						seas[(h - 1) % nseas] when FC_FLAG_SEASADJ
 *	nlast, last			final values used by naive (1) and snaive (m);
 *						for mstl the season lengths kept, ascending
 *						(forecast step h adds seas[(h - 1) % nseas],
 *						the summed seasonal projections, FC_FLAG_SEASADD)
 *	sigma2				residual variance behind the intervals (NaN: no
 *						interval)
 *	loglik, aic, aicc, bic	information criteria (NaN when not defined)
 *	mse					in-sample mean squared one-step error (NaN if none)
 *	nets, ets			ETS models (ses/holt/damped/ets/auto: 1; theta: the
 *						SES fit; comb: SES, Holt, damped)
 *	ets_model			model string requested for method ets ("ZZZ", "MAdM")
 */
typedef struct FcModel
{
	int32_t		version;
	int32_t		method;
	int32_t		requested;
	int32_t		m;
	int32_t		n;
	int32_t		fallback;
	int32_t		flags;
	int32_t		fixedmask;
	int32_t		seasonal;
	int32_t		nseas;
	int32_t		nlast;
	int32_t		nets;
	char		ets_model[8];
	double		par[FC_MAX_PAR];
	double		st[FC_MAX_ST];
	double		sigma2;
	double		loglik;
	double		aic;
	double		aicc;
	double		bic;
	double		mse;
	EtsModel	ets[FC_MAX_ETS];
	double	   *seas;			/* nseas values */
	double	   *last;			/* nlast values */
	/* version 2 only: the ARIMA model's numbers (arima.h, ArimaModel) */
	int32_t		narima;
	double	   *arima;
} FcModel;

/*
 * What to fit, as parsed from a method name by fc_request_parse: the
 * method, the ETS model string (FC_ETS), the ARIMA orders (FC_ARIMA:
 * arima_auto 1 for 'arima', 0 for 'arima(p,d,q)(P,D,Q)' with the orders in
 * arima_order = p, d, q, P, D, Q) and regressors (n x nx, column-major;
 * arima only).
 */
typedef struct FcRequest
{
	int			method;
	char		etsmodel[8];
	int			arima_auto;
	int			arima_order[6];
	int			arima_css;		/* automatic: CSS search, CSS fit kept
								 * (the ensemble's member) */
	int			nx;
	const double *xreg;
	const double *xfuture;		/* h x nx, for forecasting */
} FcRequest;

/* Parse a method name (as fc_method_parse, plus arima(...)) */
extern int	fc_request_parse(const char *name, FcRequest *req,
							 char *errbuf, size_t errlen);

/* fc_fit for a parsed request */
extern int	fc_fit_request(const double *y, int n, const FcRequest *req,
						   int m, const FcParams *fixed, FcModel *model,
						   const EtsEnv *env, char *errbuf, size_t errlen);

/*
 * Parse a method name: "naive", "snaive", "naive2", "mean", "ses", "holt",
 * "damped", "comb", "theta", "ets" (= "ets:ZZZ"), "ets:<model>" or a bare
 * ETS model string such as "MAdM", "croston", "sba", "tsb", "adida",
 * "auto".  Names are case-insensitive, model strings are not (as in R).
 * etsmodel (8 bytes) receives the ETS model string for FC_ETS.
 */
extern int	fc_method_parse(const char *name, int *method, char *etsmodel,
							char *errbuf, size_t errlen);

/* The name of a method (as fc_method_parse accepts), a fallback text. */
extern const char *fc_method_name(int method);
extern const char *fc_fallback_text(int fallback);

/* Names of par[i] / st[i] for a method, NULL past the last one. */
extern const char *fc_par_name(int method, int i);
extern const char *fc_state_name(int method, int i);
extern int	fc_npar(int method);
extern int	fc_nstate(int method);

/* 1 if the method gives prediction intervals */
extern int	fc_has_intervals(const FcModel *model);

/* Parameters with nothing fixed. */
extern void fc_params_init(FcParams *p);

/* An empty model of a method: no parameters, states or criteria (NaN) */
extern void fc_model_init(FcModel *model, int method, int m, int n);

/*
 * Fit y[0..n-1] (oldest first; finite values) with a method.  etsmodel is
 * used for FC_ETS (NULL means "ZZZ").  The seas/last arrays of *model come
 * from env->alloc (malloc by default).
 */
extern int	fc_fit(const double *y, int n, int method, const char *etsmodel,
				   int m, const FcParams *fixed, FcModel *model,
				   const EtsEnv *env, char *errbuf, size_t errlen);

/*
 * Point forecasts mean[0..h-1] and, if lower/upper are not NULL, a central
 * prediction interval at level percent (0 < level < 100).  Bounds are NaN
 * where the method gives no interval.
 */
extern int	fc_forecast(const FcModel *model, int h, double level,
						double *mean, double *lower, double *upper,
						const EtsEnv *env, char *errbuf, size_t errlen);

/*
 * In-sample residuals of a model fitted to y: h = 1 the one-step residuals
 * y - fitted (resid has room for n; *nres receives the count: n - 1 for
 * naive, n - m for snaive, n otherwise); h >= 2 the h-step errors y_t -
 * yhat_{t|t-h} (n - h for naive, n - m ceil(h/m) for snaive, n for mean,
 * n - h for ETS based methods, mstl and arima).  1 <= h < n.  Methods
 * naive, snaive, mean, ses, holt, damped, ets, auto, mstl and arima (fitted
 * without regressors; see fc_residuals_x); others give FC_EINVAL.
 */
extern int	fc_residuals(const double *y, int n, const FcModel *model, int h,
						 double *resid, int *nres, const EtsEnv *env,
						 char *errbuf, size_t errlen);

/*
 * fc_residuals with the regressors the model was fitted with (xreg, n x nx
 * column-major; nx = 0 and NULL for none): the arima methods only (one-step
 * residuals n values, h-step errors n - h values, as R's residuals(fit) and
 * y - fitted(fit, h)); other methods with nx = 0 as fc_residuals.
 */
extern int	fc_residuals_x(const double *y, int n, const FcModel *model,
						   const double *xreg, int nx, int h, double *resid,
						   int *nres, const EtsEnv *env, char *errbuf,
						   size_t errlen);

/*
 * Check a model read back from storage (after the caller pointed seas and
 * last at its values): codes, counts, finiteness, the ETS models.
 */
extern int	fc_model_validate(const FcModel *model, char *errbuf,
							  size_t errlen);

/*
 * The ARIMA and ensemble methods (fcarima.c), called by fc_fit_request and
 * fc_forecast.
 */
struct ArimaModel;
extern int	fc_arima_fit(const double *y, int n, const FcRequest *req, int m,
						 FcModel *model, const EtsEnv *env, char *errbuf,
						 size_t errlen);
extern int	fc_arima_forecast(const FcModel *model, int h, double level,
							  double *mean, double *lower, double *upper,
							  const EtsEnv *env, char *errbuf, size_t errlen);
extern int	fc_arima_view(const FcModel *model, struct ArimaModel *am,
						  char *errbuf, size_t errlen);
extern int	fc_arima_forecast_x(const FcModel *model, int h, double level,
								const double *xfuture, int nx, double *mean,
								double *lower, double *upper,
								const EtsEnv *env, char *errbuf,
								size_t errlen);
/* fc_forecast with future regressors (h x nx; the arima methods only) */
extern int	fc_forecast_x(const FcModel *model, int h, double level,
						  const double *xfuture, int nx, double *mean,
						  double *lower, double *upper, const EtsEnv *env,
						  char *errbuf, size_t errlen);
extern int	fc_ensemble_fit(const double *y, int n, int m, FcModel *model,
							const EtsEnv *env, char *errbuf, size_t errlen);
extern int	fc_ensemble_forecast(const FcModel *model, int h, double level,
								 double *mean, double *lower, double *upper,
								 const EtsEnv *env, char *errbuf,
								 size_t errlen);

/*
 * Building blocks, exported for the unit tests.
 */

/*
 * The 90% seasonality test at lag m on the autocorrelations r_k of y:
 * seasonal if |r_m| > z sqrt((1 + 2 sum_{k<m} r_k^2) / n).  thetaf_rule
 * selects R's thetaf (needs n > 2m and a non-constant series, z =
 * qnorm(0.95)); otherwise the M4 benchmarks' SeasonalityTest (n >= 3m,
 * z = 1.645).  m < 2 is never seasonal.
 */
extern int	fc_seasonality_test(const double *y, int n, int m,
								int thetaf_rule);

/*
 * Classical multiplicative decomposition (R's decompose(type =
 * "multiplicative")): the seasonal index of every period, seas[0..n-1].
 * Needs n >= 2m and m >= 2; work holds n doubles.  Returns FC_EINVAL when
 * an index is not finite and positive.
 */
extern int	fc_decompose_mult(const double *y, int n, int m, double *seas,
							  double *work);

/* The same two, calling env's interrupt callback as they go (env may be NULL) */
extern int	fc_seasonality_test_env(const double *y, int n, int m,
									int thetaf_rule, const EtsEnv *env);
extern int	fc_decompose_mult_env(const double *y, int n, int m, double *seas,
								  double *work, const EtsEnv *env);

/* Student t quantile (df > 0), accurate to about 1e-12 relative */
extern double fc_t_quantile(double p, double df);
extern double fc_t_quantile_upper(double q, double df);

#endif							/* LOGISTICS_FCMETHODS_H */
