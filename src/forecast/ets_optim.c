/*-------------------------------------------------------------------------
 *
 * ets_optim.c
 *	  ETS estimation: the parameter region, the objective, the Nelder-Mead
 *	  simplex method and the lockstep optimisation of several candidate
 *	  models ("lanes").  Plain C.
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
 * Parameter region
 * ----------------------------------------------------------------------
 */

/*
 * 1 if all roots of z^d + c[1] z^(d-1) + ... + c[d] have modulus at most
 * 1 + 1e-10 (R: max(abs(polyroot(P))) <= 1 + 1e-10).  Instead of computing
 * the roots, scale z by 1 + 1e-10 and run the Schur-Cohn step-down
 * recursion: the roots lie strictly inside the unit circle iff every
 * reflection coefficient has modulus below 1.
 */
static int
roots_inside(const double *c, int d)
{
	double		a[ETS_MAX_SEASON + 2];
	double		rinv = 1.0 / (1.0 + 1e-10),
				scale = 1.0;
	int			i,
				j;

	for (i = 1; i <= d; i++)
	{
		scale *= rinv;
		a[i] = c[i] * scale;
	}
	for (i = d; i >= 1; i--)
	{
		double		k = a[i];
		double		inv;

		if (!(fabs(k) < 1.0))
			return 0;
		inv = 1.0 / (1.0 - k * k);
		/* a[j] <- (a[j] - k a[i-j]) / (1 - k^2), in place by pairs */
		for (j = 1; 2 * j < i; j++)
		{
			double		lo = a[j],
						hi = a[i - j];

			a[j] = (lo - k * hi) * inv;
			a[i - j] = (hi - k * lo) * inv;
		}
		if (2 * j == i)
			a[j] = (a[j] - k * a[j]) * inv;
	}
	return 1;
}

/*
 * The admissible region of the parameters (R: admissible() in ets.R and
 * etsTargetFunction.cpp), up to the test of the characteristic polynomial
 * of seasonal models: returns 0 (outside), 1 (inside) or 2 (inside if the
 * roots of c[0..d] pass roots_inside(); c is filled in).  has_beta /
 * has_gamma: the model has a trend / a season.
 */
static int
admissible_pre(double alpha, double beta, double gamma, double phi, int m,
			   int has_beta, int has_gamma, double *c, int *d)
{
	if (phi < 0 || phi > 1 + 1e-8)
		return 0;
	if (!has_gamma)
	{
		if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi)
			return 0;
		if (has_beta)
		{
			if (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))
				return 0;
		}
	}
	else if (m > 1)
	{
		double		dd = 1 - 1 / phi - alpha;
		int			i;

		if (!has_beta)
			beta = 0;
		if (gamma < (dd > 0 ? dd : 0) || gamma > 1 + 1 / phi - alpha)
			return 0;
		if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) /
			(2 * phi * m))
			return 0;
		if (beta < -(1 - phi) * (gamma / m + alpha))
			return 0;
		/* characteristic polynomial, highest power first */
		c[0] = 1;
		c[1] = alpha + beta - phi;
		for (i = 2; i <= m - 1; i++)
			c[i] = alpha + beta - alpha * phi;
		c[m] = alpha + beta - alpha * phi + gamma - 1;
		c[m + 1] = phi * (1 - alpha - gamma);
		*d = m + 1;
		if (beta == 0 && phi == 1)
		{
			/*
			 * P(1) = m alpha (1 - phi) + m beta + gamma (1 - phi) = 0: z = 1
			 * is a root, which R's test always accepts (its computed modulus
			 * is 1 up to rounding).  Divide it out, so the test is not
			 * decided by rounding at a root on the circle; the quotient is
			 * padded with a zero constant term (a root at 0), which leaves
			 * the step-down recursion unchanged and the degree at m + 1.
			 */
			for (i = 1; i <= m; i++)
				c[i] += c[i - 1];
			c[m + 1] = 0.0;
		}
		return 2;
	}
	return 1;
}

int
ets_admissible(double alpha, double beta, double gamma, double phi, int m,
			   int has_beta, int has_gamma)
{
	double		c[ETS_MAX_SEASON + 2];
	int			d = 0;
	int			rc = admissible_pre(alpha, beta, gamma, phi, m, has_beta,
									has_gamma, c, &d);

	if (rc == 2)
		return roots_inside(c, d);
	return rc;
}

/* ----------------------------------------------------------------------
 * Several models at once
 *
 * The likelihood recursion and the root test are chains of dependent
 * operations, so one evaluation leaves most of the processor idle.  The
 * candidate models of a selection are independent: their Nelder-Mead runs
 * advance in lockstep and the evaluations of one round run interleaved, in
 * "lanes".  Each lane computes exactly what the one-model code computes.
 * ----------------------------------------------------------------------
 */
/*
 * roots_inside() for nl polynomials of the same degree d; c[l] holds lane
 * l's coefficients; ok[l] receives the answer.
 */
static void
roots_inside_lanes(double (*c)[ETS_MAX_SEASON + 2], int d, int nl, int *ok)
{
	double		a[ETS_MAX_SEASON + 2][LANE_MAX];
	double		k[LANE_MAX],
				inv[LANE_MAX];
	double		rinv = 1.0 / (1.0 + 1e-10),
				scale = 1.0;
	int			i,
				j,
				l;

	for (l = 0; l < nl; l++)
		ok[l] = 1;
	for (i = 1; i <= d; i++)
	{
		scale *= rinv;
		for (l = 0; l < nl; l++)
			a[i][l] = c[l][i] * scale;
	}
	for (i = d; i >= 1; i--)
	{
		for (l = 0; l < nl; l++)
		{
			k[l] = a[i][l];
			if (!(fabs(k[l]) < 1.0))
			{
				ok[l] = 0;
				k[l] = 0.0;		/* carry on harmlessly */
			}
			inv[l] = 1.0 / (1.0 - k[l] * k[l]);
		}
		for (j = 1; 2 * j < i; j++)
		{
			for (l = 0; l < nl; l++)
			{
				double		lo = a[j][l],
							hi = a[i - j][l];

				a[j][l] = (lo - k[l] * hi) * inv[l];
				a[i - j][l] = (hi - k[l] * lo) * inv[l];
			}
		}
		if (2 * j == i)
			for (l = 0; l < nl; l++)
				a[j][l] = (a[j][l] - k[l] * a[j][l]) * inv[l];
	}
}

/* ----------------------------------------------------------------------
 * The objective
 * ----------------------------------------------------------------------
 */

/*
 * The parameter checks of the optimiser (R: check_params() in
 * etsTargetFunction.cpp): 0 (fails), 1 (passes) or 2 (passes if the
 * polynomial c[0..d] passes roots_inside()).
 */
static int
target_params_ok(const Target *t, double alpha, double beta, double gamma,
				 double phi, double *c, int *d)
{
	if (t->bounds != ETS_BOUNDS_ADMISSIBLE)
	{
		if (t->opt[0] && (alpha < t->lower[0] || alpha > t->upper[0]))
			return 0;
		if (t->opt[1] && (beta < t->lower[1] || beta > alpha ||
						  beta > t->upper[1]))
			return 0;
		if (t->opt[3] && (phi < t->lower[3] || phi > t->upper[3]))
			return 0;
		if (t->opt[2] && (gamma < t->lower[2] || gamma > 1 - alpha ||
						  gamma > t->upper[2]))
			return 0;
	}
	if (t->bounds != ETS_BOUNDS_USUAL)
		return admissible_pre(alpha, beta, gamma, phi, t->run.m,
							  t->opt[1] || t->given[1],
							  t->opt[2] || t->given[2], c, d);
	return 1;
}

/*
 * Complete the initial state from the free states: the last seasonal
 * state makes the seasonal states sum to 0 (additive) or m (multiplicative).
 * Returns 0 if a multiplicative seasonal state is negative.
 */
int
ets_complete_state(const EtsRun *r, const double *free_states, int nfree,
				   double *x)
{
	int			j;

	memcpy(x, free_states, nfree * sizeof(double));
	if (r->season != NONE)
	{
		int			start = 1 + (r->trend != NONE);
		double		sum = 0.0;

		for (j = start; j < nfree; j++)
			sum += x[j];
		x[nfree] = ((r->season == MULT) ? r->m : 0) - sum;
		if (r->season == MULT)
		{
			for (j = start; j <= nfree; j++)
				if (x[j] < 0)
					return 0;
		}
	}
	return 1;
}

/* R: avoid perfect fits; an undefined likelihood is infinite */
static double
clamp_lik(double lik)
{
	if (lik < -1e10)
		return -1e10;
	if (isnan(lik))
		return INFINITY;
	return lik;
}

/*
 * The first part of the objective: the model run r and its complete
 * initial state x from par, which holds the estimated parameters (alpha,
 * beta, gamma, phi, those estimated, in that order) then the free initial
 * states.  Returns 0 when the objective is infinite, 1 when it is to be
 * computed, 2 when it is to be computed if the polynomial c[0..d] passes
 * roots_inside().
 */
static int
target_setup(const Target *t, const double *par, EtsRun *r, double *x,
			 double *c, int *d)
{
	int			j = 0,
				rc;

	*r = t->run;
	if (t->opt[0])
		r->alpha = par[j++];
	if (t->opt[1])
		r->beta = par[j++];
	if (t->opt[2])
		r->gamma = par[j++];
	if (t->opt[3])
		r->phi = par[j++];
	rc = target_params_ok(t, r->alpha, r->beta, r->gamma, r->phi, c, d);
	if (rc == 0)
		return 0;
	if (!ets_complete_state(r, par + j, t->nfree, x))
		return 0;
	return rc;
}

/* 1 if the objective of t is computed by the lane kernels */
int
ets_target_lanes_ok(const Target *t)
{
	return t->opt_crit == ETS_OPT_LIK && t->run.trend != MULT;
}

/*
 * The objective (R: EtsTargetFunction::eval()), one evaluation.
 */
static double
target_eval(const double *par, void *arg)
{
	Target	   *t = (Target *) arg;
	EtsRun		r;
	EtsSums		sums;
	double		x[ETS_MAX_STATES];
	double		c[ETS_MAX_SEASON + 2];
	double		lik,
				obj;
	int			d = 0,
				j,
				rc;

	if (++t->nfeval % ets_interrupt_stride(t->n) == 0)
		ets_env_interrupt(t->env);

	rc = target_setup(t, par, &r, x, c, &d);
	if (rc == 0 || (rc == 2 && !roots_inside(c, d)))
		return INFINITY;

	if (ets_target_lanes_ok(t))
		return clamp_lik(ets_lik_kernel(&r) (&r, t->y, t->n, x));
	ets_run_model(&r, t->y, t->n, x,
				  t->opt_crit == ETS_OPT_AMSE || t->opt_crit == ETS_OPT_MSE ?
				  t->nmse : 0, &sums, NULL, NULL, NULL);
	lik = clamp_lik(ets_run_lik(&r, t->n, &sums));
	switch (t->opt_crit)
	{
		case ETS_OPT_LIK:
			obj = lik;
			break;
		case ETS_OPT_MSE:
			obj = sums.amse[0];
			break;
		case ETS_OPT_AMSE:
			obj = 0.0;
			for (j = 0; j < t->nmse; j++)
				obj += sums.amse[j] / t->nmse;
			break;
		case ETS_OPT_SIGMA:
			obj = sums.sse / t->n;
			break;
		default:
			obj = sums.sumabs / t->n;
			break;
	}
	return obj;
}

/* ----------------------------------------------------------------------
 * Nelder-Mead
 * ----------------------------------------------------------------------
 */

typedef enum NmPhase
{
	NM_START,					/* x is the starting point */
	NM_VERTEX,					/* x is vertex j of a new simplex */
	NM_REFLECT,					/* x is the reflected point */
	NM_EXPAND,					/* x is the expanded point */
	NM_CONTRACT,				/* x is the contracted point */
	NM_DONE
} NmPhase;

/*
 * A Nelder-Mead minimisation that hands out the points to evaluate, so
 * that several can advance together: nm_begin(), then as long as
 * nm_advance(s, f(s->x)) returns 1, evaluate the new s->x.
 *
 * The method is the variant of Nash (1990, "Compact numerical methods",
 * Algorithm 19) in R's optim(method = "Nelder-Mead"): initial simplex
 * from steps of 10% of the largest coordinate, reflection 1, contraction
 * 0.5, expansion 2, shrinking when a contraction fails, convergence when
 * the spread of the function values is within reltol * (|f0| + reltol),
 * at most maxit evaluations; non-finite values count as 1e35.  When done,
 * best holds the best vertex and fmin its value (INFINITY if f was not
 * finite at the start: R's "function cannot be evaluated at initial
 * parameters").
 *
 * P holds the simplex column-wise: P[i][j] is coordinate i of vertex j,
 * P[n][j] its value; column n + 1 is the centroid.  L and H (1-based, as
 * in Nash) are the lowest and highest vertices.
 */
typedef struct NmState
{
	int			n;
	int			maxit;
	int			phase;
	int			funcount;
	int			L;
	int			H;
	int			j;
	int			calcvert;
	double		reltol;
	double		convtol;
	double		size;
	double		oldsize;
	double		VH;
	double		VL;
	double		VR;
	double		fmin;
	double		x[MAX_FREE];
	double		best[MAX_FREE];
	double		P[MAX_FREE + 1][MAX_FREE + 2];
} NmState;

#define NM_ALPHA	1.0
#define NM_BETA		0.5
#define NM_GAMMA	2.0

static void
nm_begin(NmState *s, int n, const double *x0, double reltol, int maxit)
{
	s->n = n;
	s->maxit = maxit;
	s->reltol = reltol;
	s->phase = NM_START;
	s->funcount = 0;
	memcpy(s->x, x0, n * sizeof(double));
}

static int
nm_finish(NmState *s)
{
	int			i;

	for (i = 0; i < s->n; i++)
		s->best[i] = s->P[i][s->L - 1];
	s->fmin = s->P[s->n][s->L - 1];
	s->phase = NM_DONE;
	return 0;
}

/* request vertex j or the next one after it that is not L; 0 if none */
static int
nm_request_vertex(NmState *s, int j)
{
	int			i;

	while (j < s->n + 1 && j + 1 == s->L)
		j++;
	if (j >= s->n + 1)
		return 0;
	for (i = 0; i < s->n; i++)
		s->x[i] = s->P[i][j];
	s->j = j;
	s->phase = NM_VERTEX;
	return 1;
}

/*
 * The top of an iteration, once all vertices have values: find L and H,
 * stop on convergence, else request the reflection of H.
 */
static int
nm_iterate(NmState *s)
{
	int			n = s->n,
				n1 = n + 1,
				C = n + 2,
				i,
				j;
	double		f;
	double		temp[MAX_FREE];

	s->VL = s->P[n1 - 1][s->L - 1];
	s->VH = s->VL;
	s->H = s->L;
	for (j = 1; j <= n1; j++)
	{
		if (j != s->L)
		{
			f = s->P[n1 - 1][j - 1];
			if (f < s->VL)
			{
				s->L = j;
				s->VL = f;
			}
			if (f > s->VH)
			{
				s->H = j;
				s->VH = f;
			}
		}
	}
	if (s->VH <= s->VL + s->convtol)
		return nm_finish(s);

	/*
	 * centroid of all but the highest vertex; summed vertex by vertex so
	 * the coordinates accumulate side by side (each in the order of R's
	 * loop, so the sums are the same)
	 */
	for (i = 0; i < n; i++)
		temp[i] = -s->P[i][s->H - 1];
	for (j = 0; j < n1; j++)
		for (i = 0; i < n; i++)
			temp[i] += s->P[i][j];
	for (i = 0; i < n; i++)
		s->P[i][C - 1] = temp[i] / n;
	for (i = 0; i < n; i++)
		s->x[i] = (1.0 + NM_ALPHA) * s->P[i][C - 1] -
			NM_ALPHA * s->P[i][s->H - 1];
	s->phase = NM_REFLECT;
	return 1;
}

/* the end of an iteration: stop at maxit, else start the next one */
static int
nm_next(NmState *s)
{
	if (!(s->funcount <= s->maxit))
		return nm_finish(s);
	if (s->calcvert)
	{
		if (nm_request_vertex(s, 0))
			return 1;
		s->calcvert = 0;
	}
	return nm_iterate(s);
}

/*
 * Take the value f of the point s->x; returns 1 with the next point to
 * evaluate in s->x, or 0 when the minimisation is over.
 */
static int
nm_advance(NmState *s, double f)
{
	int			n = s->n,
				n1 = n + 1,
				C = n + 2,
				i,
				j;
	double		step,
				trystep;

	if (!isfinite(f))
		f = (s->phase == NM_START) ? INFINITY : NM_BIG;

	switch (s->phase)
	{
		case NM_START:
			if (!isfinite(f))
			{
				s->funcount = 1;
				s->fmin = INFINITY;
				memcpy(s->best, s->x, n * sizeof(double));
				s->phase = NM_DONE;
				return 0;
			}
			s->funcount = 1;
			s->convtol = s->reltol * (fabs(f) + s->reltol);
			s->P[n1 - 1][0] = f;
			for (i = 0; i < n; i++)
				s->P[i][0] = s->x[i];
			s->L = 1;
			s->size = 0.0;
			step = 0.0;
			for (i = 0; i < n; i++)
				if (0.1 * fabs(s->x[i]) > step)
					step = 0.1 * fabs(s->x[i]);
			if (step == 0.0)
				step = 0.1;
			for (j = 2; j <= n1; j++)
			{
				for (i = 0; i < n; i++)
					s->P[i][j - 1] = s->x[i];
				trystep = step;
				while (s->P[j - 2][j - 1] == s->x[j - 2])
				{
					s->P[j - 2][j - 1] = s->x[j - 2] + trystep;
					trystep *= 10;
				}
				s->size += trystep;
			}
			s->oldsize = s->size;
			s->calcvert = 1;
			if (nm_request_vertex(s, 0))
				return 1;
			s->calcvert = 0;
			return nm_iterate(s);

		case NM_VERTEX:
			s->funcount++;
			s->P[n1 - 1][s->j] = f;
			if (nm_request_vertex(s, s->j + 1))
				return 1;
			s->calcvert = 0;
			return nm_iterate(s);

		case NM_REFLECT:
			s->funcount++;
			s->VR = f;
			if (s->VR < s->VL)
			{
				/* try an expansion */
				s->P[n1 - 1][C - 1] = f;
				for (i = 0; i < n; i++)
				{
					double		v = NM_GAMMA * s->x[i] +
						(1 - NM_GAMMA) * s->P[i][C - 1];

					s->P[i][C - 1] = s->x[i];
					s->x[i] = v;
				}
				s->phase = NM_EXPAND;
				return 1;
			}
			if (s->VR < s->VH)
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = s->VR;
			}
			/* contraction towards the centroid */
			for (i = 0; i < n; i++)
				s->x[i] = (1 - NM_BETA) * s->P[i][s->H - 1] +
					NM_BETA * s->P[i][C - 1];
			s->phase = NM_CONTRACT;
			return 1;

		case NM_EXPAND:
			s->funcount++;
			if (f < s->VR)
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = f;
			}
			else
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->P[i][C - 1];
				s->P[n1 - 1][s->H - 1] = s->VR;
			}
			return nm_next(s);

		case NM_CONTRACT:
			s->funcount++;
			if (f < s->P[n1 - 1][s->H - 1])
			{
				for (i = 0; i < n; i++)
					s->P[i][s->H - 1] = s->x[i];
				s->P[n1 - 1][s->H - 1] = f;
			}
			else if (s->VR >= s->VH)
			{
				/* shrink towards the lowest vertex */
				int			L = s->L;

				s->calcvert = 1;
				s->size = 0.0;
				for (j = 0; j < n1; j++)
				{
					if (j + 1 != L)
					{
						for (i = 0; i < n; i++)
						{
							s->P[i][j] = NM_BETA * (s->P[i][j] - s->P[i][L - 1]) +
								s->P[i][L - 1];
							s->size += fabs(s->P[i][j] - s->P[i][L - 1]);
						}
					}
				}
				if (s->size < s->oldsize)
					s->oldsize = s->size;
				else
					return nm_finish(s);	/* polytope no longer shrinks */
			}
			return nm_next(s);

		default:
			return 0;
	}
}

/*
 * Minimise fn from x (n <= MAX_FREE coordinates); on return x is the best
 * point.  Returns its value (INFINITY if fn was not finite at the start).
 */
double
ets_nelder_mead(int n, double *x, NmFn fn, void *arg, double reltol, int maxit,
				int *fncount)
{
	NmState		s;

	nm_begin(&s, n, x, reltol, maxit);
	while (nm_advance(&s, fn(s.x, arg)))
		;
	memcpy(x, s.best, n * sizeof(double));
	*fncount = s.funcount;
	return s.fmin;
}

/* Optimise one candidate on its own. */
void
ets_cand_optimise(const EtsSpec *spec, Cand *c)
{
	c->best = ets_nelder_mead(c->np, c->par, target_eval, &c->t,
							  sqrt(DBL_EPSILON), spec->maxit, &c->fncount);
}

/*
 * Optimise up to LANE_MAX candidates together: all with the same season
 * type and period, no multiplicative trend and the likelihood criterion
 * (ets_target_lanes_ok()).  Their Nelder-Mead runs advance in lockstep; each
 * round evaluates the pending point of every unfinished run, with the
 * root tests and the likelihood recursions interleaved across runs.  The
 * result of every run is the one ets_cand_optimise() gives.
 */
void
ets_fit_lanes(Cand **cs, int nc, const EtsSpec *spec, const EtsEnv *env)
{
	NmState		nm[LANE_MAX];
	int			active[LANE_MAX];
	double		poly[LANE_MAX][ETS_MAX_SEASON + 2];
	int			deg[LANE_MAX],
				st[LANE_MAX],
				rok[LANE_MAX];
	double		xs[LANE_MAX][ETS_MAX_STATES];
	EtsRun		runs[LANE_MAX];
	double		lik[LANE_MAX],
				obj[LANE_MAX];
	int			order[LANE_MAX],
				rl[LANE_MAX];
	int			nactive = nc,
				round = 0,
				k;
	const double *y = cs[0]->t.y;
	int			n = cs[0]->t.n;

	for (k = 0; k < nc; k++)
	{
		nm_begin(&nm[k], cs[k]->np, cs[k]->par, sqrt(DBL_EPSILON),
				 spec->maxit);
		active[k] = 1;
	}
	while (nactive > 0)
	{
		int			npoly = 0,
					nrun = 0,
					i;

		if (++round % ets_interrupt_stride((long) nc * cs[0]->t.n) == 0)
			ets_env_interrupt(env);

		/* parameters, bounds and the polynomials of the root test */
		for (k = 0; k < nc; k++)
		{
			if (!active[k])
				continue;
			deg[k] = 0;
			st[k] = target_setup(&cs[k]->t, nm[k].x, &runs[k], xs[k],
								 poly[npoly], &deg[k]);
			if (st[k] == 2)
				rl[npoly++] = k;
		}
		if (npoly > 0)
		{
			roots_inside_lanes(poly, deg[rl[0]], npoly, rok);
			for (i = 0; i < npoly; i++)
				st[rl[i]] = rok[i] ? 1 : 0;
		}

		/* the likelihoods, additive errors first */
		for (k = 0; k < nc; k++)
			if (active[k] && st[k] == 1 && runs[k].error == ADD)
				order[nrun++] = k;
		for (k = 0; k < nc; k++)
			if (active[k] && st[k] == 1 && runs[k].error == MULT)
				order[nrun++] = k;
		for (i = 0; i + 1 < nrun; i += 2)
		{
			const EtsRun *r0 = &runs[order[i]],
					   *r1 = &runs[order[i + 1]];

			ets_pair_kernel(r0, r1) (r0, xs[order[i]], r1, xs[order[i + 1]],
									 y, n, lik + i);
		}
		if (i < nrun)
			lik[i] = ets_lik_kernel(&runs[order[i]]) (&runs[order[i]], y, n,
												   xs[order[i]]);
		for (k = 0; k < nc; k++)
			obj[k] = INFINITY;
		for (i = 0; i < nrun; i++)
			obj[order[i]] = clamp_lik(lik[i]);

		/* hand the values back */
		for (k = 0; k < nc; k++)
		{
			if (active[k] && !nm_advance(&nm[k], obj[k]))
			{
				active[k] = 0;
				nactive--;
			}
		}
	}
	for (k = 0; k < nc; k++)
	{
		memcpy(cs[k]->par, nm[k].best, cs[k]->np * sizeof(double));
		cs[k]->best = nm[k].fmin;
		cs[k]->fncount = nm[k].funcount;
	}
}
