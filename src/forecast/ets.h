/*-------------------------------------------------------------------------
 *
 * ets.h
 *	  Exponential smoothing state space models (ETS): fitting by maximum
 *	  likelihood, automatic model selection, point forecasts and
 *	  prediction intervals.  Plain C (no postgres.h), used by the fmgr
 *	  layer of the forecasting area.
 *
 * The model family and the algorithm follow R's forecast::ets() (forecast
 * 8.20, Hyndman & Khandakar 2008, J. Stat. Software 27(3)) and the book
 * Hyndman, Koehler, Ord & Snyder (2008), "Forecasting with Exponential
 * Smoothing: the State Space Approach", Springer:
 *
 *	- 30 models: error A/M x trend N/A/Ad/M/Md x season N/A/M;
 *	- initial states by R's heuristic (classical decomposition or a
 *	  Fourier regression for the season, a regression on the first
 *	  max(10, 2m) seasonally adjusted values for level and slope);
 *	- parameters and initial states estimated together by Nelder-Mead on
 *	  the (concentrated) likelihood, inside R's default bounds "both":
 *	  0.0001 <= alpha, beta, gamma <= 0.9999, 0.8 <= phi <= 0.98,
 *	  beta <= alpha, gamma <= 1 - alpha, and the admissible (forecastable)
 *	  region of the state space model;
 *	- for model 'Z' components, every allowed combination is fitted and
 *	  the one with the smallest AICc (by default) kept; by default no
 *	  multiplicative trend, no additive error with a multiplicative
 *	  component, and multiplicative components only for positive data;
 *	- series too short for the requested model fall back to a simpler one
 *	  exactly where R does (see EtsFallback), and the result says so;
 *	- prediction intervals are analytic for the classes where R's are
 *	  (Hyndman et al. 2008, ch. 6, classes 1-3: all models without a
 *	  multiplicative trend whose multiplicative components, if any, come
 *	  with a multiplicative error) and simulated otherwise, with a fixed
 *	  seed, so the same model always gives the same interval.
 *
 * Conventions
 *	- Parameters use R's parameterisation (the error-correction form of
 *	  Hyndman et al. 2008): for an additive trend the slope update is
 *	  b[t] = phi b[t-1] + (beta / alpha) (l[t] - l[t-1] - phi b[t-1]), so
 *	  R's beta is alpha times the beta* of the Holt recursions and
 *	  0 < beta < alpha.
 *	- The state vector is (l, b, s[0], ..., s[m-1]): b only when there is a
 *	  trend, the s only when there is a season.  s[0] is the most recent
 *	  seasonal state and s[m-1] the oldest, the one used for the next
 *	  period (R's order; see ets_forecast).
 *	- Nothing is allocated during a fit.  The only allocations are the
 *	  scratch arrays of interval computations, made through EtsEnv (palloc
 *	  in the server, malloc by default) and freed before returning.
 *	- Every function returns ETS_OK (0) or a negative EtsStatus, and on an
 *	  error writes a lower-case message without a final period into errbuf
 *	  (if errbuf is not NULL), e.g. "multiplicative error needs positive
 *	  data, got y[3] = 0".
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_ETS_H
#define LOGISTICS_ETS_H

#include <stddef.h>
#include <stdint.h>

/* Seasonal models are fitted for 2 <= m <= ETS_MAX_SEASON only (as R). */
#define ETS_MAX_SEASON		24
/* Length of a state vector: level, slope, ETS_MAX_SEASON seasonal states */
#define ETS_MAX_STATES		(2 + ETS_MAX_SEASON)
/* Version of the EtsModel layout (stored models carry it) */
#define ETS_MODEL_VERSION	1
/* Defaults of the simulated intervals */
#define ETS_DEFAULT_NPATHS	5000
#define ETS_DEFAULT_SEED	20080101u

/*
 * Return codes.  The SQLSTATE the fmgr layer should use is in brackets.
 */
typedef enum EtsStatus
{
	ETS_OK = 0,
	ETS_EINVAL = -1,			/* bad argument: model string, m < 1, level,
								 * fixed parameter out of bounds, NaN or
								 * infinite y, empty series, h < 1 [22023] */
	ETS_ENONPOS = -2,			/* a multiplicative component was requested
								 * explicitly for data with a value <= 0
								 * [22023] */
	ETS_EFORBIDDEN = -3,		/* forbidden combination requested explicitly
								 * (e.g. 'AAM' with restrict on, damped 'N'
								 * trend, seasonal model with m = 1 or
								 * m > 24) [22023] */
	ETS_ENOFIT = -4,			/* no candidate model could be fitted [22023
								 * or XX000; R: "No model able to be
								 * fitted"] */
	ETS_ENOMEM = -5,			/* the allocator returned NULL [53200] */
	ETS_EINTERRUPTED = -6,		/* the interrupt callback asked to stop
								 * [57014] */
	ETS_ERANGE = -7,			/* result not finite, e.g. forecasts that
								 * overflow [22003] */
	ETS_EMODEL = -8				/* an EtsModel fails validation (corrupt or
								 * other version) [22P02 / XX000] */
} EtsStatus;

/* Values of EtsSpec.damped */
#define ETS_DAMPED_NO		0
#define ETS_DAMPED_YES		1
#define ETS_DAMPED_AUTO		(-1)	/* try both, keep the better (R's NULL) */

/* Information criterion for selection (EtsSpec.ic) */
typedef enum EtsIc
{
	ETS_IC_AICC = 0,			/* R's default */
	ETS_IC_AIC = 1,
	ETS_IC_BIC = 2
} EtsIc;

/* Optimisation criterion (EtsSpec.opt_crit), as R's opt.crit */
typedef enum EtsOptCrit
{
	ETS_OPT_LIK = 0,			/* likelihood, R's default (ets()) */
	ETS_OPT_MSE = 1,			/* in-sample one-step MSE (R's ses(),
								 * holt() use this) */
	ETS_OPT_AMSE = 2,			/* mean of the 1..nmse step MSEs */
	ETS_OPT_SIGMA = 3,			/* mean squared residual (relative for M) */
	ETS_OPT_MAE = 4				/* mean absolute residual */
} EtsOptCrit;

/* Parameter bounds used in estimation (EtsSpec.bounds), as R's bounds */
typedef enum EtsBounds
{
	ETS_BOUNDS_BOTH = 0,		/* usual and admissible, R's default */
	ETS_BOUNDS_USUAL = 1,		/* lower/upper and beta<=alpha, gamma<=1-alpha */
	ETS_BOUNDS_ADMISSIBLE = 2	/* forecastable region only */
} EtsBounds;

/*
 * What to fit.  Initialise with ets_spec_init() (R's defaults), then
 * change fields.
 *
 *	error, trend, season
 *		'A' additive, 'M' multiplicative, 'N' none (trend and season only),
 *		'Z' chosen automatically.  ets_spec_parse() sets them from a model
 *		string such as "ZZZ", "ANN", "MAdM".
 *	damped
 *		ETS_DAMPED_NO, _YES or _AUTO.  R's default damped = NULL is AUTO,
 *		also for an explicit trend ('AAN' in R may return 'AAdN');
 *		ets_spec_parse() sets NO for an explicit 'A'/'M' trend without 'd',
 *		YES with 'd', AUTO for a 'Z' trend.  Set AUTO after parsing to get
 *		R's behaviour for explicit trends.
 *	m
 *		season length (R's frequency), >= 1.  Seasonal models are only
 *		considered when 2 <= m <= 24 and n > m (otherwise 'Z' season means
 *		'N', and an explicit 'A'/'M' season with m == 1 or m > 24 is
 *		ETS_EFORBIDDEN; with n <= m it is dropped, as R does, and recorded).
 *	alpha, beta, gamma, phi
 *		fixed values, or NaN (the default) to estimate them.  A fixed phi
 *		with a non-damped trend is ignored.
 *	lower[4], upper[4]
 *		bounds of (alpha, beta, gamma, phi) for estimation; R's defaults
 *		(1e-4, 1e-4, 1e-4, 0.8) and (0.9999, 0.9999, 0.9999, 0.98).
 *	opt_crit, nmse
 *		what the optimiser minimises (EtsOptCrit); nmse (1..30, default 3)
 *		is the number of steps of ETS_OPT_AMSE.
 *	bounds
 *		EtsBounds, default ETS_BOUNDS_BOTH.
 *	ic
 *		criterion for choosing among candidates (EtsIc), default AICc.
 *	allow_multiplicative_trend
 *		let a 'Z' trend be 'M' (default 0, as R).
 *	additive_only
 *		only additive models (default 0).
 *	restrict_models
 *		forbid the models with infinite variance: additive error with a
 *		multiplicative trend or season, and 'MMA' (default 1, as R).
 *	maxit
 *		Nelder-Mead budget of function evaluations (default 2000, as R).
 */
typedef struct EtsSpec
{
	char		error;
	char		trend;
	char		season;
	int			damped;
	int			m;
	double		alpha;
	double		beta;
	double		gamma;
	double		phi;
	double		lower[4];
	double		upper[4];
	int			opt_crit;
	int			nmse;
	int			bounds;
	int			ic;
	int			allow_multiplicative_trend;
	int			additive_only;
	int			restrict_models;
	int			maxit;
} EtsSpec;

/*
 * How the returned model relates to the request (EtsModel.fallback).
 */
typedef enum EtsFallback
{
	ETS_FB_NONE = 0,			/* fitted as requested (or chosen among the
								 * requested candidates) */
	ETS_FB_CONSTANT = 1,		/* constant series: R's ses(alpha = 0.99999,
								 * initial = "simple"), an 'ANN' model with
								 * l0 = y[0] and no estimation */
	ETS_FB_SHORT_HW = 2,		/* n <= (number of parameters) + 4: R fits a
								 * Holt-Winters model by least squares with
								 * simple initial values instead of the ETS
								 * likelihood (HoltWintersZZ); components
								 * may be simpler than requested (season
								 * then trend dropped when they could not be
								 * estimated); no likelihood or AIC */
	ETS_FB_NO_SEASON = 3		/* a season was requested or allowed ('Z')
								 * but n <= m, or m > 24 with a 'Z' season:
								 * R then fits non-seasonal models only */
} EtsFallback;

/*
 * A fitted model.  Flat (no pointers): it can be copied with memcpy and
 * stored as bytes; ets_model_validate() checks one read back from storage.
 *
 *	version		ETS_MODEL_VERSION.
 *	error, trend, season
 *				the fitted components: 'A'/'M' error, 'N'/'A'/'M' trend and
 *				season.
 *	damped		1 if the trend is damped (phi < 1 in use), else 0.
 *	m			season length of the seasonal states (1 if season 'N').
 *	period		the season length the caller asked for (spec.m).
 *	n			number of observations fitted.
 *	nstate		length of the state vectors: 1 + (trend != 'N') +
 *				(season != 'N' ? m : 0).
 *	npar		number of parameters as R counts them (length(model$par)):
 *				smoothing parameters (estimated or fixed) plus the initial
 *				states l0, b0 and m - 1 seasonal states (the last one is
 *				implied: seasonal states sum to 0, or to m for 'M').  sigma2
 *				divides by n - npar; the information criteria count the
 *				estimated ones (npar minus fixed parameters) plus 1 for
 *				sigma, as R.  For ETS_FB_SHORT_HW models: parameters plus
 *				all nstate initial states, as R's HoltWintersZZ().
 *	fallback	EtsFallback: why the model is not the one requested.
 *	requested	the model as requested, e.g. "ZZZ", "AAdN" (NUL-terminated).
 *	alpha, beta, gamma, phi
 *				smoothing parameters; beta = 0 without trend, gamma = 0
 *				without season, phi = 1 without damping.
 *	init_state	(l0, b0, s0..s_{m-1}) at time 0, before y[0].
 *	final_state	the state after the last observation: forecasts start here.
 *	sigma2		residual variance, sum(e^2) / (n - npar) as R (e relative
 *				errors (y - f) / f for multiplicative error); mean(e^2) for
 *				ETS_FB_SHORT_HW and _CONSTANT models, as R.
 *	loglik		R's log-likelihood -0.5 * (n log(sum e^2) + 2 sum log|f|)
 *				(the last term for multiplicative error only; constants
 *				omitted as in R).  NaN for ETS_FB_SHORT_HW / _CONSTANT;
 *				+Infinity for a perfect fit (sum e^2 = 0), as R.
 *	aic, aicc, bic
 *				-2 loglik + 2k, AIC + 2k(k+1)/(n-k-1), -2 loglik + k log n,
 *				with k the number of estimated quantities plus 1 (see npar).
 *				NaN when loglik is NaN, -Infinity for a perfect fit.
 *	mse			in-sample mean squared one-step error (y - f)^2, absolute
 *				scale for both error types.
 *	amse		mean of the 1..nmse-step in-sample MSEs (R's amse; for
 *				damped trends R's value differs, see ets_forecast).  NaN
 *				for ETS_FB_SHORT_HW / _CONSTANT.
 *	ncandidates	number of models fitted during selection (1 if the model
 *				was fully specified).
 *	nfeval		function evaluations of the optimiser for the kept model.
 */
typedef struct EtsModel
{
	int32_t		version;
	char		error;
	char		trend;
	char		season;
	char		damped;
	int32_t		m;
	int32_t		period;
	int32_t		n;
	int32_t		nstate;
	int32_t		npar;
	int32_t		fallback;
	char		requested[8];
	double		alpha;
	double		beta;
	double		gamma;
	double		phi;
	double		init_state[ETS_MAX_STATES];
	double		final_state[ETS_MAX_STATES];
	double		sigma2;
	double		loglik;
	double		aic;
	double		aicc;
	double		bic;
	double		mse;
	double		amse;
	int32_t		ncandidates;
	int32_t		nfeval;
} EtsModel;

/*
 * Run-time environment; a NULL pointer to it means all defaults.
 *
 *	interrupt	called now and then during long loops (every candidate
 *				model and every few hundred likelihood evaluations, every
 *				simulated step); NULL for none.  It may longjmp out (the
 *				server's CHECK_FOR_INTERRUPTS): the fit allocates nothing,
 *				and interval scratch comes from alloc, which must then be a
 *				pool the caller frees (palloc).
 *	interrupt_arg	passed to interrupt.
 *	alloc, release	allocator for scratch memory (NULL: malloc / free);
 *				arg is alloc_arg.
 *	npaths		simulated paths for intervals of non-analytic classes
 *				(0: ETS_DEFAULT_NPATHS, as R).
 *	seed		seed of the simulation (0: ETS_DEFAULT_SEED).  Same model,
 *				horizon, level and seed give the same interval everywhere.
 */
typedef struct EtsEnv
{
	void		(*interrupt) (void *arg);
	void	   *interrupt_arg;
	void	   *(*alloc) (size_t size, void *arg);
	void		(*release) (void *ptr, void *arg);
	void	   *alloc_arg;
	int			npaths;
	uint64_t	seed;
} EtsEnv;

/* R's defaults for a model string like "ZZZ" (NULL means "ZZZ"). */
extern int	ets_spec_init(EtsSpec *spec, const char *model, int m,
						  char *errbuf, size_t errlen);

/*
 * Set spec->error/trend/season/damped from a model string: three letters
 * (error, trend, season), with a 'd' after the trend for a damped trend:
 * "ZZZ", "ANN", "AAdN", "MAdM", "MNM", "ZZN" ...  Case-sensitive as R.
 */
extern int	ets_spec_parse(EtsSpec *spec, const char *model,
						   char *errbuf, size_t errlen);

/*
 * Fit y[0..n-1] (oldest first, finite values, n >= 1) as specified.  On
 * success *model holds the fitted (or chosen) model.
 */
extern int	ets_fit(const double *y, int n, const EtsSpec *spec,
					EtsModel *model, const EtsEnv *env,
					char *errbuf, size_t errlen);

/*
 * Point forecasts mean[0..h-1] for the h periods after the data, as R's
 * forecast.ets()$mean: the state recursion without noise, except for
 * multiplicative error with multiplicative season (class 3), where it is
 * the conditional mean including its sigma2 term.  A damped trend
 * contributes (phi + phi^2 + ... + phi^h) b, as in R's analytic classes;
 * R 8.20's recursion for the simulated classes (e.g. ETS(M,Md,N)) counts
 * phi twice from step 2 on, a bug not reproduced here.
 */
extern int	ets_forecast(const EtsModel *model, int h, double *mean,
						 const EtsEnv *env, char *errbuf, size_t errlen);

/*
 * Forecast variances var[0..h-1] for the analytic classes 1-3 (mean as
 * ets_forecast).  Returns ETS_EINVAL for models without analytic variance
 * (multiplicative trend, or a multiplicative component with an additive
 * error): use ets_forecast_interval.
 */
extern int	ets_forecast_variance(const EtsModel *model, int h,
								  double *mean, double *var,
								  const EtsEnv *env,
								  char *errbuf, size_t errlen);

/* 1 if ets_forecast_variance works for this model (classes 1-3). */
extern int	ets_has_analytic_variance(const EtsModel *model);

/*
 * Point forecasts and a central prediction interval at level percent
 * (0 < level < 100): mean +- z * sqrt(var) for the analytic classes, else
 * the type-8 quantiles of npaths simulated sample paths (as R's
 * forecast.ets), seeded by env->seed.  lower/upper may be NULL.
 */
extern int	ets_forecast_interval(const EtsModel *model, int h, double level,
								  double *mean, double *lower, double *upper,
								  const EtsEnv *env,
								  char *errbuf, size_t errlen);

/*
 * Run the model with its parameters and init_state (as set in *model:
 * version, components, m, period, nstate, npar, alpha..phi, init_state)
 * over y and fill in n, final_state, loglik, aic, aicc, bic (counting
 * npar + 1 quantities), mse, amse (3 steps) and sigma2 (n - npar must be
 * positive).  fitted/resid (n values each) may be NULL; resid are e
 * (relative for 'M' error).  For residuals of a stored model and for
 * checking likelihoods.
 */
extern int	ets_evaluate(const double *y, int n, EtsModel *model,
						 double *fitted, double *resid,
						 char *errbuf, size_t errlen);

/*
 * h-step in-sample fitted values of a fitted model on its series y, as R
 * forecast's fitted(model, h = h): fitted[t] (t = h .. n-1) is the point
 * forecast of y[t] from the state after y[0..t-h]; fitted[0..h-1] are NaN
 * for h >= 2, and h = 1 gives ets_evaluate's fitted values.  1 <= h < n.
 */
extern int	ets_fitted_h(const double *y, int n, const EtsModel *model, int h,
						 double *fitted, char *errbuf, size_t errlen);

/* Check a model read back from storage: version, codes, ranges, finite. */
extern int	ets_model_validate(const EtsModel *model,
							   char *errbuf, size_t errlen);

/*
 * The model's name as R prints it, e.g. "ETS(M,Ad,N)" (buf of at least 16
 * bytes), and its short code, e.g. "MAdN" (at least 5 bytes).
 */
extern void ets_model_name(const EtsModel *model, char *buf, size_t len);
extern void ets_model_code(const EtsModel *model, char *buf, size_t len);

/* A static description of a fallback code, e.g. "series too short ..." */
extern const char *ets_fallback_text(int fallback);

/* A static description of a status code. */
extern const char *ets_strerror(int status);

#endif							/* LOGISTICS_ETS_H */
