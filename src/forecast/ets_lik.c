/*-------------------------------------------------------------------------
 *
 * ets_lik.c
 *	  ETS state recursions: the likelihood kernels (one model, and two
 *	  models interleaved), the full run with fitted values and multi-step
 *	  errors, and the point forecasts from a state.  Plain C.
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
 * The point forecast from the level l and slope b, with the trend damped to
 * phistar steps and the seasonal state ring[k] (not read without a season).
 * A multiplicative trend needs b >= 0 (the callers check).
 */
static inline double
EtsPointAt(const EtsRun *r, double l, double b, double phistar,
		   const double *ring, int k)
{
	double		v;

	if (r->trend == NONE)
		v = l;
	else if (r->trend == ADD)
		v = l + phistar * b;
	else
		v = l * pow(b, phistar);
	if (r->season == ADD)
		v += ring[k];
	else if (r->season == MULT)
		v *= ring[k];
	return v;
}

/*
 * The point forecasts f[0..h-1] from the state (l, b, seasonal ring):
 * ring[(p + i) % m] is the seasonal state used i + 1 steps ahead.  A
 * multiplicative trend with a negative slope has no forecast: returns 0
 * then, else 1.  R: forecast() in etscalc.c, except that the damped trend
 * of step h is phi + phi^2 + ... + phi^h: R's routine adds phi^(i+1)
 * after step i, so from step 2 on it counts phi twice and misses phi^h
 * (forecast 8.20; it affects R's point forecasts of the simulated classes,
 * e.g. ETS(M,Md,N), and its in-sample multi-step MSEs of damped models,
 * not the analytic classes, whose means R takes from the state space
 * formulas, which agree with this sum).
 */
int
ets_point_forecast(const EtsRun *r, double l, double b, const double *ring,
				   int p, double *f, int h)
{
	double		phistar = r->phi;
	int			i,
				j;

	if (r->trend == MULT && b < 0)
		return 0;
	j = p;
	for (i = 0; i < h; i++)
	{
		f[i] = EtsPointAt(r, l, b, phistar, ring, j);
		if (r->season != NONE && ++j == r->m)
			j = 0;
		if (i < h - 1)
		{
			if (fabs(r->phi - 1.0) < ETS_TOL)
				phistar += 1.0;
			else
				phistar += pow(r->phi, (double) (i + 2));
		}
	}
	return 1;
}

/*
 * Load the state vector x = (l, b, s[0..m-1]) (s[0] newest) into the
 * running variables; ring[0] is the oldest seasonal state s[m-1].
 */
void
ets_load_state(const EtsRun *r, const double *x, double *l, double *b,
			   double *ring)
{
	int			j;
	int			off = 1 + (r->trend != NONE);

	*l = x[0];
	*b = (r->trend != NONE) ? x[1] : 0.0;
	if (r->season != NONE)
		for (j = 0; j < r->m; j++)
			ring[j] = x[off + r->m - 1 - j];
}

/* The inverse of ets_load_state, ring starting (oldest) at index p. */
static void
store_state(const EtsRun *r, double l, double b, const double *ring, int p,
			double *x)
{
	int			j;
	int			off = 1 + (r->trend != NONE);

	x[0] = l;
	if (r->trend != NONE)
		x[1] = b;
	if (r->season != NONE)
		for (j = 0; j < r->m; j++)
			x[off + j] = ring[(p + r->m - 1 - j) % r->m];
}

/*
 * One step of the likelihood recursion for the state (q, b, ring) of one
 * model, with yi and p (the seasonal index) from the caller: the body of
 * both kernels below.  TR is NONE or ADD; the pair kernel runs a model
 * without trend as ADD with b = 0, beta = 0, phi = 1, which gives the same
 * numbers.  al, be, ga, ph, ph2 and cc are alpha, beta, gamma, phi, phi^2
 * and alpha + phi beta.
 */
#define LIK_STEP(ERR, TR, SE, q, b, sse, prod, expo, ring, al, be, ga, ph, \
				 ph2, cc) \
{ \
	double		so = (SE != NONE) ? ring[p] : 0.0; \
	double		f, pp, d, e, t, rq; \
 \
	(void) rq; \
	f = (SE == ADD) ? q + so : (SE == MULT) ? q * so : q; \
	pp = (SE == NONE) ? yi : (SE == ADD) ? yi - so : \
		(fabs(so) < ETS_TOL ? ETS_HUGE : yi / so); \
	d = pp - q; \
	if (ERR == MULT && SE == MULT && fabs(q) >= ETS_TOL && \
		fabs(so) >= ETS_TOL) \
	{ \
		/* (y - q s) / (q s) = (y / s - q) / q and y / q: one division */ \
		rq = 1.0 / q; \
		e = d * rq; \
		t = yi * rq; \
	} \
	else \
	{ \
		e = (ERR == ADD) ? yi - f : (yi - f) / f; \
		t = (SE == ADD) ? yi - q : \
			(fabs(q) < ETS_TOL ? ETS_HUGE : yi / q); \
	} \
	sse += e * e; \
	if (ERR == MULT) \
	{ \
		prod *= fabs(f); \
		if (prod > 1e150 || prod < 1e-150) \
		{ \
			int			ex; \
 \
			prod = frexp(prod, &ex); \
			expo += ex; \
		} \
	} \
	if (SE != NONE) \
		ring[p] = so + ga * (t - so); \
	if (TR == ADD) \
	{ \
		double		u = q + ph2 * b; \
 \
		b = ph * b + be * d; \
		q = u + cc * d; \
	} \
	else \
		q = q + al * d; \
}

/*
 * The likelihood term of R (n log(sum e^2) + 2 sum log|f| for 'M' errors)
 * for a model without multiplicative trend: the hot loop of estimation,
 * instantiated for each structure so the compiler drops the branches.
 *
 * Two rearrangements keep it short; both give R's values up to rounding:
 * the level-trend forecast q = l + phi b is carried from step to step as
 * q' = q + phi^2 b + (alpha + phi beta) d with d = p - q (l' = q + alpha
 * d, b' = phi b + beta d), which halves the chain of dependent operations;
 * and sum log|f| is accumulated as a product, renormalised by frexp(), so
 * that there is one log() per run instead of one per step.  With both
 * error and season multiplicative, e = (y / s - q) / q and y / q share
 * one division (the recursion is division-bound there).
 */
#define LIK_KERNEL(NAME, ERR, TR, SE) \
static double \
NAME(const EtsRun *r, const double *y, int n, const double *x0) \
{ \
	double		ring[ETS_MAX_SEASON]; \
	double		l, b, q, sse = 0.0, prod = 1.0, lik; \
	const double alpha = r->alpha, beta = r->beta, gamma = r->gamma; \
	const double phi = r->phi, c = alpha + phi * beta, phi2 = phi * phi; \
	const int	m = r->m; \
	int			expo = 0, p = 0, i; \
 \
	(void) beta; (void) gamma; (void) c; (void) phi2; (void) m; \
	ets_load_state(r, x0, &l, &b, ring); \
	q = (TR == ADD) ? l + phi * b : l; \
	for (i = 0; i < n; i++) \
	{ \
		const double yi = y[i]; \
 \
		LIK_STEP(ERR, TR, SE, q, b, sse, prod, expo, ring, alpha, beta, \
				 gamma, phi, phi2, c) \
		if (SE != NONE && ++p == m) \
			p = 0; \
	} \
	lik = n * log(sse); \
	if (ERR == MULT) \
		lik += 2.0 * (log(prod) + expo * M_LN2); \
	return lik; \
}

LIK_KERNEL(lik_ANN, ADD, NONE, NONE)
LIK_KERNEL(lik_AAN, ADD, ADD, NONE)
LIK_KERNEL(lik_ANA, ADD, NONE, ADD)
LIK_KERNEL(lik_AAA, ADD, ADD, ADD)
LIK_KERNEL(lik_ANM, ADD, NONE, MULT)
LIK_KERNEL(lik_AAM, ADD, ADD, MULT)
LIK_KERNEL(lik_MNN, MULT, NONE, NONE)
LIK_KERNEL(lik_MAN, MULT, ADD, NONE)
LIK_KERNEL(lik_MNA, MULT, NONE, ADD)
LIK_KERNEL(lik_MAA, MULT, ADD, ADD)
LIK_KERNEL(lik_MNM, MULT, NONE, MULT)
LIK_KERNEL(lik_MAM, MULT, ADD, MULT)

/* The kernel for a model without multiplicative trend. */
LikKernel
ets_lik_kernel(const EtsRun *r)
{
	static const LikKernel k[2][2][3] = {
		{{lik_ANN, lik_ANA, lik_ANM}, {lik_AAN, lik_AAA, lik_AAM}},
		{{lik_MNN, lik_MNA, lik_MNM}, {lik_MAN, lik_MAA, lik_MAM}}
	};

	return k[r->error == MULT][r->trend == ADD][r->season];
}

/*
 * Run the model over y from the initial state x0: R's etscalc().  Fills
 * sums; with nmse > 0 also the multi-step MSEs; fitted/resid/xfinal when
 * not NULL.  This is the hot loop of estimation (nmse = 0, no outputs).
 */
void
ets_run_model(const EtsRun *r, const double *y, int n, const double *x0,
			  int nmse, EtsSums *sums, double *fitted, double *resid,
			  double *xfinal)
{
	double		l,
				b,
				ring[ETS_MAX_SEASON];
	double		sse = 0.0,
				sumlog = 0.0,
				sumabs = 0.0;
	double		denom[30];
	int			p = 0,
				i,
				j;
	const int	m = r->m;
	const int	error = r->error,
				trend = r->trend,
				season = r->season;
	const double phi = r->phi;

	ets_load_state(r, x0, &l, &b, ring);
	sums->bad = 0;
	for (j = 0; j < nmse; j++)
	{
		sums->amse[j] = 0.0;
		denom[j] = 0.0;
	}

	for (i = 0; i < n; i++)
	{
		double		so = (season != NONE) ? ring[p] : 0.0;
		double		f,
					e,
					snew = 0.0;

		/* one-step forecast, as ets_point_forecast() with h = 1 */
		if (trend == NONE)
			f = l;
		else if (trend == ADD)
			f = l + phi * b;
		else
		{
			if (b < 0)
			{
				sums->bad = 1;
				break;
			}
			f = l * pow(b, phi);
		}
		if (season == ADD)
			f += so;
		else if (season == MULT)
			f *= so;

		if (error == ADD)
			e = y[i] - f;
		else
			e = (y[i] - f) / f;
		if (fitted)
			fitted[i] = f;
		if (resid)
			resid[i] = e;
		sse += e * e;
		if (error == MULT)
			sumlog += log(fabs(f));
		sumabs += fabs(e);

		if (nmse > 0)
		{
			double		fh[30];

			if (ets_point_forecast(r, l, b, ring, p, fh, nmse))
			{
				for (j = 0; j < nmse && i + j < n; j++)
				{
					double		tmp = y[i + j] - fh[j];

					denom[j] += 1.0;
					sums->amse[j] = (sums->amse[j] * (denom[j] - 1.0) +
									 tmp * tmp) / denom[j];
				}
			}
		}

		ets_state_update(r, y[i], &l, &b, so, &snew);
		if (season != NONE)
		{
			ring[p] = snew;
			if (++p == m)
				p = 0;
		}
	}
	sums->sse = sse;
	sums->sumlog = sumlog;
	sums->sumabs = sumabs;
	if (xfinal)
		store_state(r, l, b, ring, p, xfinal);
}

/*
 * h-step in-sample forecasts (h >= 1): fh[t] for t = h .. n-1 is the point
 * forecast of y[t] made from the state after y[0..t-h] (origin t-h+1,
 * counted from 1), as R forecast's fitted(model, h) for ets (hfitted():
 * the model re-run with its parameters and initial states on y[1..i],
 * forecast h steps, i = 1 .. n-h); fh[0..h-1] are NaN.  The forecast is
 * ets_point_forecast's (the recursion without noise).  The running state
 * is the one ets_run_model builds, so one pass costs O(n) whatever h.
 * Returns 0 where a multiplicative trend turned negative.
 */
int
ets_run_hstep(const EtsRun *r, const double *y, int n, const double *x0,
			  int h, double *fh)
{
	double		l,
				b,
				ring[ETS_MAX_SEASON];
	double		phistar = r->phi;
	int			p = 0,
				i;

	/* phi + phi^2 + ... + phi^h, as ets_point_forecast's step h */
	for (i = 2; i <= h; i++)
		phistar += (fabs(r->phi - 1.0) < ETS_TOL) ? 1.0 : pow(r->phi, i);
	for (i = 0; i < h && i < n; i++)
		fh[i] = NAN;
	ets_load_state(r, x0, &l, &b, ring);
	for (i = 0; i < n; i++)
	{
		double		so = (r->season != NONE) ? ring[p] : 0.0;
		double		snew = 0.0;

		if (i >= 1 && i + h - 1 < n)
		{
			if (r->trend == MULT && b < 0)
				return 0;
			fh[i + h - 1] = EtsPointAt(r, l, b, phistar, ring,
									   r->season != NONE ? (p + h - 1) % r->m : 0);
		}
		ets_state_update(r, y[i], &l, &b, so, &snew);
		if (r->season != NONE)
		{
			ring[p] = snew;
			if (++p == r->m)
				p = 0;
		}
	}
	return 1;
}

/*
 * R's likelihood term: n log(sum e^2) (+ 2 sum log|f| for 'M' errors);
 * NaN when undefined.
 */
double
ets_run_lik(const EtsRun *r, int n, const EtsSums *sums)
{
	double		lik;

	if (sums->bad)
		return NAN;
	lik = n * log(sums->sse);
	if (r->error == MULT)
		lik += 2.0 * sums->sumlog;
	return lik;
}

/*
 * Two models' likelihood recursions interleaved (LIK_STEP twice,
 * with the state of both in registers).
 */
#define PAIR_KERNEL(NAME, E0, E1, SE) \
static void \
NAME(const EtsRun *r0, const double *x0, const EtsRun *r1, \
	 const double *x1, const double *y, int n, double *lik) \
{ \
	double		ring0[ETS_MAX_SEASON], ring1[ETS_MAX_SEASON]; \
	double		q0, b0, sse0 = 0.0, prod0 = 1.0, ga0, be0, ph0, ph20, cc0; \
	double		q1, b1, sse1 = 0.0, prod1 = 1.0, ga1, be1, ph1, ph21, cc1; \
	int			expo0 = 0, expo1 = 0, t0 = (r0->trend != NONE), \
				t1 = (r1->trend != NONE); \
	const int	m = r0->m; \
	int			i, j, p = 0; \
 \
	b0 = t0 ? x0[1] : 0.0; \
	be0 = t0 ? r0->beta : 0.0; \
	ph0 = t0 ? r0->phi : 1.0; \
	ph20 = ph0 * ph0; \
	cc0 = r0->alpha + ph0 * be0; \
	ga0 = r0->gamma; \
	q0 = t0 ? x0[0] + ph0 * b0 : x0[0]; \
	b1 = t1 ? x1[1] : 0.0; \
	be1 = t1 ? r1->beta : 0.0; \
	ph1 = t1 ? r1->phi : 1.0; \
	ph21 = ph1 * ph1; \
	cc1 = r1->alpha + ph1 * be1; \
	ga1 = r1->gamma; \
	q1 = t1 ? x1[0] + ph1 * b1 : x1[0]; \
	if (SE != NONE) \
		for (j = 0; j < m; j++) \
		{ \
			ring0[j] = x0[1 + t0 + m - 1 - j]; \
			ring1[j] = x1[1 + t1 + m - 1 - j]; \
		} \
	for (i = 0; i < n; i++) \
	{ \
		const double yi = y[i]; \
 \
		LIK_STEP(E0, ADD, SE, q0, b0, sse0, prod0, expo0, ring0, 0.0, be0, \
				 ga0, ph0, ph20, cc0) \
		LIK_STEP(E1, ADD, SE, q1, b1, sse1, prod1, expo1, ring1, 0.0, be1, \
				 ga1, ph1, ph21, cc1) \
		if (SE != NONE && ++p == m) \
			p = 0; \
	} \
	lik[0] = n * log(sse0); \
	if (E0 == MULT) \
		lik[0] += 2.0 * (log(prod0) + expo0 * M_LN2); \
	lik[1] = n * log(sse1); \
	if (E1 == MULT) \
		lik[1] += 2.0 * (log(prod1) + expo1 * M_LN2); \
}

PAIR_KERNEL(pair_AA_N, ADD, ADD, NONE)
PAIR_KERNEL(pair_AM_N, ADD, MULT, NONE)
PAIR_KERNEL(pair_MM_N, MULT, MULT, NONE)
PAIR_KERNEL(pair_AA_A, ADD, ADD, ADD)
PAIR_KERNEL(pair_AM_A, ADD, MULT, ADD)
PAIR_KERNEL(pair_MM_A, MULT, MULT, ADD)
PAIR_KERNEL(pair_AA_M, ADD, ADD, MULT)
PAIR_KERNEL(pair_AM_M, ADD, MULT, MULT)
PAIR_KERNEL(pair_MM_M, MULT, MULT, MULT)

/* the pair kernel for r0, r1 (same season; r0 additive error if either) */
PairKernel
ets_pair_kernel(const EtsRun *r0, const EtsRun *r1)
{
	static const PairKernel k[3][3] = {
		{pair_AA_N, pair_AM_N, pair_MM_N},
		{pair_AA_A, pair_AM_A, pair_MM_A},
		{pair_AA_M, pair_AM_M, pair_MM_M}
	};

	return k[r0->season][(r0->error == MULT) + (r1->error == MULT)];
}
