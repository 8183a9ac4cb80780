/*-------------------------------------------------------------------------
 *
 * intermittent.c
 *	  Croston, SBA, TSB and ADIDA for intermittent demand (see
 *	  intermittent.h for the definitions and their sources).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>

#include "intermittent.h"

/* Grid points of the first stage of a parameter search */
#define IM_GRID			30
/* Golden-section iterations of the second stage (bracket shrinks 0.618^n) */
#define IM_GOLDEN		40
/* Alternating passes over alpha and beta for TSB */
#define IM_TSB_PASSES	4

typedef double (*ImCost) (const double *y, int n, double a, double b,
						  int k, ImFit *fit);

/* The cost function being searched and the interrupt callback */
typedef struct ImSearch
{
	ImCost		cost;
	void		(*interrupt) (void *);
	void	   *interrupt_arg;
} ImSearch;

static double
Cost(const ImSearch *s, const double *y, int n, double a, double b, int k,
	 ImFit *fit)
{
	if (s->interrupt != NULL)
		s->interrupt(s->interrupt_arg);
	return s->cost(y, n, a, b, k, fit);
}

/*
 * Croston and SBA: one pass over the data.  The one-step forecast of a
 * period exists once a demand has been seen; mse averages over those.
 */
static double
CrostonRun(const double *y, int n, double alpha, double factor, ImFit *fit)
{
	double		z = 0.0;
	double		p = 0.0;
	double		sse = 0.0;
	int			nf = 0;
	int			last = 0;
	int			nd = 0;
	int			t;

	for (t = 0; t < n; t++)
	{
		if (nd > 0)
		{
			double		e = y[t] - factor * z / p;

			sse += e * e;
			nf++;
		}
		if (y[t] > 0)
		{
			double		tt = (double) (t + 1 - last);

			if (nd == 0)
			{
				z = y[t];
				p = tt;
			}
			else
			{
				z += alpha * (y[t] - z);
				p += alpha * (tt - p);
			}
			last = t + 1;
			nd++;
		}
	}
	fit->alpha = alpha;
	fit->z = z;
	fit->p = p;
	fit->ndemand = nd;
	fit->mse = nf > 0 ? sse / nf : NAN;
	return fit->mse;
}

static double
CrostonCost(const double *y, int n, double a, double b, int k, ImFit *fit)
{
	(void) b;
	(void) k;
	return CrostonRun(y, n, a, 1.0, fit);
}

static double
SbaCost(const double *y, int n, double a, double b, int k, ImFit *fit)
{
	(void) b;
	(void) k;
	return CrostonRun(y, n, a, 1.0 - a / 2.0, fit);
}

/*
 * TSB: the demand probability d is updated every period, the size z only
 * with demand.  The forecast of every period is d z (before its update).
 */
static double
TsbCost(const double *y, int n, double alpha, double beta, int k,
		ImFit *fit)
{
	double		z = 0.0;
	double		d;
	double		sse = 0.0;
	int			nd = 0;
	int			t;

	(void) k;
	for (t = 0; t < n; t++)
	{
		if (y[t] > 0)
		{
			if (nd == 0)
				z = y[t];
			nd++;
		}
	}
	d = (double) nd / n;
	for (t = 0; t < n; t++)
	{
		double		e = y[t] - d * z;

		sse += e * e;
		if (y[t] > 0)
		{
			z += alpha * (y[t] - z);
			d += beta * (1.0 - d);
		}
		else
			d += beta * (0.0 - d);
	}
	fit->alpha = alpha;
	fit->beta = beta;
	fit->z = z;
	fit->p = d;
	fit->ndemand = nd;
	fit->mse = sse / n;
	return fit->mse;
}

/* Default ADIDA bucket: the mean interval between demands, rounded */
static int
AdidaDefaultK(const double *y, int n)
{
	int			nd = 0;
	int			last = 0;
	int			t;

	for (t = 0; t < n; t++)
		if (y[t] > 0)
		{
			nd++;
			last = t + 1;
		}
	if (nd == 0)
		return 1;
	/* the intervals sum to the position of the last demand */
	t = (int) floor((double) last / nd + 0.5);
	return t < 1 ? 1 : t;
}

/*
 * ADIDA: SES over the totals of complete buckets of k periods aligned on
 * the last period, level starting at the first total; errors are those of
 * the bucket totals from the second bucket on.  z is the level of the
 * totals.
 */
static double
AdidaCost(const double *y, int n, double alpha, double b, int k,
		  ImFit *fit)
{
	int			nb = n / k;
	int			start = n - nb * k;
	double		level = 0.0;
	double		sse = 0.0;
	int			nd = 0;
	int			j;
	int			t;

	(void) b;
	for (t = 0; t < n; t++)
		if (y[t] > 0)
			nd++;
	for (j = 0; j < nb; j++)
	{
		double		tot = 0.0;

		for (t = start + j * k; t < start + (j + 1) * k; t++)
			tot += y[t];
		if (j == 0)
			level = tot;
		else
		{
			double		e = tot - level;

			sse += e * e;
			level += alpha * e;
		}
	}
	fit->alpha = alpha;
	fit->k = k;
	fit->z = level;
	fit->p = 0.0;
	fit->ndemand = nd;
	fit->mse = nb > 1 ? sse / (nb - 1) : NAN;
	return fit->mse;
}

/*
 * Minimise cost over one parameter (which = 0: a, 1: b) in [lo, hi] with
 * the other fixed: a grid, then golden sections around the best grid point.
 * NaN costs (nothing to score) count as worst; the smallest parameter wins
 * ties, so the result is deterministic.
 */
static double
Search1(const ImSearch *cs, const double *y, int n, double a, double b,
		int k, int which, double lo, double hi, ImFit *fit)
{
	double		best = INFINITY;
	double		bestx = lo;
	double		step = (hi - lo) / (IM_GRID - 1);
	double		gl,
				gh,
				x1,
				x2,
				f1,
				f2;
	const double r = 0.6180339887498949;	/* (sqrt(5) - 1) / 2 */
	int			i;

	for (i = 0; i < IM_GRID; i++)
	{
		double		x = lo + i * step;
		double		c = which == 0 ? Cost(cs, y, n, x, b, k, fit)
			: Cost(cs, y, n, a, x, k, fit);

		if (!isnan(c) && c < best)
		{
			best = c;
			bestx = x;
		}
	}
	gl = bestx - step > lo ? bestx - step : lo;
	gh = bestx + step < hi ? bestx + step : hi;
	x1 = gh - r * (gh - gl);
	x2 = gl + r * (gh - gl);
	f1 = which == 0 ? Cost(cs, y, n, x1, b, k, fit) : Cost(cs, y, n, a, x1, k, fit);
	f2 = which == 0 ? Cost(cs, y, n, x2, b, k, fit) : Cost(cs, y, n, a, x2, k, fit);
	for (i = 0; i < IM_GOLDEN; i++)
	{
		if (!(f2 < f1))
		{
			gh = x2;
			x2 = x1;
			f2 = f1;
			x1 = gh - r * (gh - gl);
			f1 = which == 0 ? Cost(cs, y, n, x1, b, k, fit)
				: Cost(cs, y, n, a, x1, k, fit);
		}
		else
		{
			gl = x1;
			x1 = x2;
			f1 = f2;
			x2 = gl + r * (gh - gl);
			f2 = which == 0 ? Cost(cs, y, n, x2, b, k, fit)
				: Cost(cs, y, n, a, x2, k, fit);
		}
	}
	if (f1 < best)
	{
		best = f1;
		bestx = x1;
	}
	if (f2 < best)
		bestx = x2;
	return bestx;
}

int
im_fit(int method, const double *y, int n, double alpha, double beta,
	   int k, ImFit *fit, char *errbuf, size_t errlen)
{
	return im_fit_interruptible(method, y, n, alpha, beta, k, fit, NULL, NULL,
								errbuf, errlen);
}

int
im_fit_interruptible(int method, const double *y, int n, double alpha,
					 double beta, int k, ImFit *fit,
					 void (*interrupt) (void *), void *interrupt_arg,
					 char *errbuf, size_t errlen)
{
	ImSearch	cs;
	ImCost		cost;
	int			t;

	if (n < 1)
	{
		snprintf(errbuf, errlen, "series is empty");
		return -1;
	}
	for (t = 0; t < n; t++)
		if (!(y[t] >= 0) || isinf(y[t]))
		{
			snprintf(errbuf, errlen,
					 "demand must not be negative for intermittent methods, got %g at position %d",
					 y[t], t + 1);
			return -1;
		}
	if (!isnan(alpha) && !(alpha >= 0 && alpha <= 1))
	{
		snprintf(errbuf, errlen, "alpha must be between 0 and 1, got %g",
				 alpha);
		return -1;
	}
	if (!isnan(beta) && !(beta >= 0 && beta <= 1))
	{
		snprintf(errbuf, errlen, "beta must be between 0 and 1, got %g",
				 beta);
		return -1;
	}
	if (k < 0)
	{
		snprintf(errbuf, errlen,
				 "aggregation level k must be positive, got %d", k);
		return -1;
	}
	fit->alpha = fit->beta = NAN;
	fit->k = 0;

	switch (method)
	{
		case IM_CROSTON:
			cost = CrostonCost;
			break;
		case IM_SBA:
			cost = SbaCost;
			break;
		case IM_TSB:
			cost = TsbCost;
			break;
		case IM_ADIDA:
			cost = AdidaCost;
			if (k == 0)
				k = AdidaDefaultK(y, n);
			if (k > n)
				k = n;
			break;
		default:
			snprintf(errbuf, errlen, "unknown intermittent method %d",
					 method);
			return -1;
	}

	cs.cost = cost;
	cs.interrupt = interrupt;
	cs.interrupt_arg = interrupt_arg;
	if (method == IM_TSB)
	{
		double		a = isnan(alpha) ? 0.1 : alpha;
		double		b = isnan(beta) ? 0.1 : beta;
		int			pass;

		for (pass = 0; pass < IM_TSB_PASSES; pass++)
		{
			if (!isnan(alpha) && !isnan(beta))
				break;
			if (isnan(alpha))
				a = Search1(&cs, y, n, a, b, k, 0, IM_ALPHA_MIN,
							IM_ALPHA_MAX, fit);
			if (isnan(beta))
				b = Search1(&cs, y, n, a, b, k, 1, IM_ALPHA_MIN,
							IM_ALPHA_MAX, fit);
		}
		cost(y, n, a, b, k, fit);
	}
	else
	{
		double		a = alpha;

		if (isnan(a))
			a = Search1(&cs, y, n, 0.0, 0.0, k, 0, IM_ALPHA_MIN,
						IM_ALPHA_MAX, fit);
		cost(y, n, a, 0.0, k, fit);
		fit->beta = NAN;
	}
	fit->k = method == IM_ADIDA ? k : 0;
	return 0;
}

double
im_forecast(int method, const ImFit *fit)
{
	switch (method)
	{
		case IM_CROSTON:
			return fit->ndemand > 0 ? fit->z / fit->p : 0.0;
		case IM_SBA:
			return fit->ndemand > 0 ?
				(1.0 - fit->alpha / 2.0) * fit->z / fit->p : 0.0;
		case IM_TSB:
			return fit->p * fit->z;
		case IM_ADIDA:
			return fit->z / fit->k;
	}
	return NAN;
}
