/*-------------------------------------------------------------------------
 *
 * ets_int.h
 *	  What the files of the ETS kernel share: not part of its API (ets.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ETS_INT_H
#define ETS_INT_H

#include "ets.h"

#include <math.h>
#include <stddef.h>

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

/*
 * ... or sooner on long series: every ETS_INTERRUPT_POINTS points of
 * recursion (a few milliseconds), so that a cancel is honoured within
 * 100 ms even for the longest series allowed (one evaluation of
 * FC_MAX_LENGTH points is itself well under that).
 */
#define ETS_INTERRUPT_POINTS 1000000L

static inline long
ets_interrupt_stride(long points_per_eval)
{
	long		k = points_per_eval > 0 ? ETS_INTERRUPT_POINTS / points_per_eval : INTERRUPT_EVERY;

	return k < 1 ? 1 : (k > INTERRUPT_EVERY ? INTERRUPT_EVERY : k);
}

#ifdef __GNUC__
#define ETS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ETS_PRINTF(a, b)
#endif

extern void ets_error(char *errbuf, size_t errlen, const char *fmt,...)
			ETS_PRINTF(3, 4);

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
 * One step of the state update given the observation y: R's update() in
 * etscalc.c.  so is the oldest seasonal state (the one for this period);
 * the new seasonal state is returned in *snew.  q is the level-trend part
 * of the one-step forecast, phib the damped slope.
 */
static inline void
ets_state_update(const EtsRun *r, double y, double *l, double *b, double so,
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
 * One candidate model fitted by estimation, as R's etsmodel(): set up by
 * cand_setup(), optimised (alone by ets_nelder_mead() or with others by
 * ets_fit_lanes()), completed by cand_finish().
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

/* at most this many candidate models optimised together (ets_optim.c) */
#define LANE_MAX	8

typedef double (*LikKernel) (const EtsRun *r, const double *y, int n,
							 const double *x0);
typedef void (*PairKernel) (const EtsRun *r0, const double *x0,
							const EtsRun *r1, const double *x1,
							const double *y, int n, double *lik);
typedef double (*NmFn) (const double *x, void *arg);

/* ets.c: errors, component codes, the environment's callbacks */
extern int	ets_component_code(char c);
extern char ets_component_char(int code);
extern void ets_env_interrupt(const EtsEnv *env);
extern void *ets_env_alloc(const EtsEnv *env, size_t size);
extern void ets_env_release(const EtsEnv *env, void *ptr);
extern int	ets_check_spec(const EtsSpec *spec, char *errbuf, size_t errlen);
extern void ets_model_run(const EtsModel *model, EtsRun *r);

/* ets_lik.c: the recursions */
extern int	ets_point_forecast(const EtsRun *r, double l, double b,
							   const double *ring, int p, double *f, int h);
extern void ets_load_state(const EtsRun *r, const double *x, double *l,
						   double *b, double *ring);
extern LikKernel ets_lik_kernel(const EtsRun *r);
extern PairKernel ets_pair_kernel(const EtsRun *r0, const EtsRun *r1);
extern void ets_run_model(const EtsRun *r, const double *y, int n,
						  const double *x0, int nmse, EtsSums *sums,
						  double *fitted, double *resid, double *xfinal);
extern double ets_run_lik(const EtsRun *r, int n, const EtsSums *sums);
extern int	ets_run_hstep(const EtsRun *r, const double *y, int n,
						  const double *x0, int h, double *fh);

/* ets_optim.c: parameter region and optimisation */
extern int	ets_admissible(double alpha, double beta, double gamma,
						   double phi, int m, int has_beta, int has_gamma);
extern int	ets_complete_state(const EtsRun *r, const double *free_states,
							   int nfree, double *x);
extern int	ets_target_lanes_ok(const Target *t);
extern double ets_nelder_mead(int n, double *x, NmFn fn, void *arg,
							  double reltol, int maxit, int *fncount);
extern void ets_cand_optimise(const EtsSpec *spec, Cand *c);
extern void ets_fit_lanes(Cand **cs, int nc, const EtsSpec *spec,
						  const EtsEnv *env);

/* ets_init.c: initial states */
extern int	ets_init_states(const double *y, int n, int trend, int season,
							int m, double *x);

/* ets_select.c: fit statistics of a model */
extern void ets_model_statistics(const double *y, int n, EtsModel *model,
								 int k, int nmse, double *fitted,
								 double *resid);

#endif							/* ETS_INT_H */
