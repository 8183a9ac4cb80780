/*-------------------------------------------------------------------------
 *
 * inventory.c
 *	  Inventory-theory formulas in plain C.
 *
 * Sources of the formulas (standard results; no code taken from anywhere):
 * L. V. Snyder and Z.-J. M. Shen, Fundamentals of Supply Chain Theory, 2nd
 * ed., Wiley 2019 (EOQ, EOQ with backorders, EPQ, all-units discounts,
 * newsvendor); E. A. Silver, D. F. Pyke and R. Peterson, Inventory
 * Management and Production Planning and Scheduling, 3rd ed., Wiley 1998
 * (safety stock with lead-time variability, fill-rate safety factor).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>

#include "inventory.h"
#include "common/normal.h"

void
lg_locf_points(const LgPoint *p, int64_t n, int64_t end,
			   double *integral, double *zero_time)
{
	double		sum = 0.0;
	double		zero = 0.0;
	int64_t		i;

	for (i = 0; i < n; i++)
	{
		int64_t		next = (i + 1 < n) ? p[i + 1].ts : end;
		/* as unsigned: the span of two valid timestamps may pass INT64_MAX */
		double		dt = (double) ((uint64_t) next - (uint64_t) p[i].ts);

		sum += p[i].level * dt;
		if (p[i].level <= 0.0)
			zero += dt;
	}
	*integral = sum;
	*zero_time = zero;
}

/*
 * The LOCF integrals of a regular series (points at t0, t0 + step, ...)
 * from the sum of the levels of every point but the last, which hold for
 * exactly one step, the number nzero of those at or below zero, and the
 * last level, which holds from its time to end.
 */
static void
LocfRegularEnd(double sum, int64_t nzero, double last, int64_t n, int64_t t0,
			   int64_t step, int64_t end, double *integral, double *zero_time)
{
	double		tail = (double) ((uint64_t) end -
								 (uint64_t) (t0 + (n - 1) * step));

	*integral = sum * (double) step + last * tail;
	*zero_time = (double) nzero * (double) step + (last <= 0.0 ? tail : 0.0);
}

void
lg_locf_regular(const double *level, int64_t n, int64_t t0, int64_t step,
				int64_t end, double *integral, double *zero_time)
{
	double		sum = 0.0;
	int64_t		nzero = 0;
	int64_t		i;

	for (i = 0; i < n - 1; i++)
	{
		sum += level[i];
		nzero += (level[i] <= 0.0);
	}
	LocfRegularEnd(sum, nzero, level[n - 1], n, t0, step, end, integral,
				   zero_time);
}

/* The same for float levels (the narrow state). */
void
lg_locf_regular4(const float *level, int64_t n, int64_t t0, int64_t step,
				 int64_t end, double *integral, double *zero_time)
{
	double		sum = 0.0;
	int64_t		nzero = 0;
	int64_t		i;

	for (i = 0; i < n - 1; i++)
	{
		sum += level[i];
		nzero += (level[i] <= 0.0f);
	}
	LocfRegularEnd(sum, nzero, level[n - 1], n, t0, step, end, integral,
				   zero_time);
}

double
lg_trapezoid_points(const LgPoint *p, int64_t n)
{
	double		sum = 0.0;
	int64_t		i;

	for (i = 0; i + 1 < n; i++)
		sum += 0.5 * (p[i].level + p[i + 1].level) *
			(double) ((uint64_t) p[i + 1].ts - (uint64_t) p[i].ts);
	return sum;
}

/* step (l_0/2 + l_1 + ... + l_{n-2} + l_{n-1}/2) */
double
lg_trapezoid_regular(const double *level, int64_t n, int64_t step)
{
	double		sum = 0.0;
	int64_t		i;

	for (i = 1; i + 1 < n; i++)
		sum += level[i];
	return (sum + 0.5 * (level[0] + level[n - 1])) * (double) step;
}

double
lg_trapezoid_regular4(const float *level, int64_t n, int64_t step)
{
	double		sum = 0.0;
	int64_t		i;

	for (i = 1; i + 1 < n; i++)
		sum += level[i];
	return (sum + 0.5 * ((double) level[0] + level[n - 1])) * (double) step;
}

int
lg_point_cmp(const void *a, const void *b)
{
	const LgPoint *pa = (const LgPoint *) a;
	const LgPoint *pb = (const LgPoint *) b;

	if (pa->ts != pb->ts)
		return pa->ts < pb->ts ? -1 : 1;
	if (pa->level != pb->level)
		return pa->level < pb->level ? -1 : 1;
	return 0;
}

double
lg_eoq(double demand, double order_cost, double holding_cost)
{
	return sqrt(2.0 * demand * order_cost / holding_cost);
}

double
lg_eoq_cost(double demand, double order_cost, double holding_cost, double q)
{
	return order_cost * demand / q + holding_cost * q / 2.0;
}

double
lg_eoq_backorder(double demand, double order_cost, double holding_cost,
				 double backorder_cost)
{
	return sqrt(2.0 * order_cost * demand *
				(holding_cost + backorder_cost) /
				(holding_cost * backorder_cost));
}

double
lg_eoq_backorder_cost(double demand, double order_cost, double holding_cost,
					  double backorder_cost, double q, double x)
{
	double		held = q * (1.0 - x);
	double		short_ = q * x;

	return holding_cost * held * held / (2.0 * q) +
		backorder_cost * short_ * short_ / (2.0 * q) +
		order_cost * demand / q;
}

double
lg_epq(double demand, double order_cost, double holding_cost, double rate)
{
	return sqrt(2.0 * order_cost * demand /
				(holding_cost * (1.0 - demand / rate)));
}

double
lg_epq_cost(double demand, double order_cost, double holding_cost,
			double rate, double q)
{
	return order_cost * demand / q +
		holding_cost * (1.0 - demand / rate) * q / 2.0;
}

double
lg_eoq_all_units(double demand, double order_cost, double holding_rate,
				 const double *b, const double *c, int n, double *cost,
				 int *tier)
{
	double		best_q = 0.0;
	double		best_g = INFINITY;
	int			best_j = 0;
	int			j;

	for (j = 0; j < n; j++)
	{
		double		q = sqrt(2.0 * order_cost * demand / (holding_rate * c[j]));
		double		g;

		if (q < b[j])
			q = b[j];
		/* tier j's optimum lies beyond it: the next tier's is no worse */
		if (j + 1 < n && q >= b[j + 1])
			continue;
		g = c[j] * demand + holding_rate * c[j] * q / 2.0;
		if (order_cost * demand > 0.0)
			g += order_cost * demand / q;
		if (g < best_g)
		{
			best_g = g;
			best_q = q;
			best_j = j;
		}
	}
	*cost = best_g;
	*tier = best_j;
	return best_q;
}

/*
 * Annual cost of order quantity q in incremental tier j (cbar = purchase
 * cost of the first b_j units): purchase D (cbar + c (q - b)) / q,
 * ordering K D / q, holding i (cbar + c (q - b)) / 2.
 */
static double
IncrementalCost(double demand, double order_cost, double rate, double cbar,
				double b, double c, double q)
{
	double		purchase = cbar + c * (q - b);	/* cost of one order */

	return demand * purchase / q + order_cost * demand / q +
		rate * purchase / 2.0;
}

double
lg_eoq_incremental(double demand, double order_cost, double holding_rate,
				   const double *b, const double *c, int n, double *cost,
				   int *tier)
{
	double		best_q = 0.0;
	double		best_g = INFINITY;
	int			best_j = 0;
	double		cbar = 0.0;
	int			j;

	for (j = 0; j < n; j++)
	{
		/* fixed part of the order cost in this tier: K + cbar - c b >= K */
		double		kj;
		double		q;
		double		g;

		if (j > 0)
			cbar += c[j - 1] * (b[j] - b[j - 1]);
		kj = order_cost + cbar - c[j] * b[j];
		q = sqrt(2.0 * demand * kj / (holding_rate * c[j]));

		/* the stationary point, if it lies in the tier */
		if (q >= b[j] && (j + 1 == n || q < b[j + 1]))
		{
			g = IncrementalCost(demand, order_cost, holding_rate, cbar,
								b[j], c[j], q);
			if (g < best_g)
			{
				best_g = g;
				best_q = q;
				best_j = j;
			}
		}
		/* the tier's first quantity (the cost is continuous there) */
		if (j > 0)
		{
			g = IncrementalCost(demand, order_cost, holding_rate, cbar,
								b[j], c[j], b[j]);
			if (g < best_g)
			{
				best_g = g;
				best_q = b[j];
				best_j = j;
			}
		}
	}
	*cost = best_g;
	*tier = best_j;
	return best_q;
}

double
lg_lead_time_sd(double demand_mean, double demand_sd, double lead_time,
				double lead_time_sd)
{
	return sqrt(lead_time * demand_sd * demand_sd +
				demand_mean * demand_mean * lead_time_sd * lead_time_sd);
}

double
lg_newsvendor_cost(double mean, double sd, double underage, double overage,
				   double s)
{
	double		z = (s - mean) / sd;

	/* E[(D-S)+] = sd L(z), E[(S-D)+] = sd L(-z) (no cancellation) */
	return underage * sd * lg_norm_loss(z) + overage * sd * lg_norm_loss(-z);
}

double
lg_wagner_whitin(const double *d, int n, double k, double h, const double *c,
				 double *q, double *f, int *prev, void (*cb) (void *),
				 void *arg)
{
	int			i,
				j;

	/*
	 * f[j]: least cost of periods 1..j; the last order, in period i, covers
	 * i..j at k + c_i D(i..j) + h sum (t - i) d_t (nothing if D(i..j) = 0).
	 * Scanning i downwards, D and the holding sum grow incrementally.
	 */
	f[0] = 0.0;
	for (j = 1; j <= n; j++)
	{
		double		dsum = 0.0;
		double		hold = 0.0;

		if (cb && (j & 255) == 0)
			cb(arg);
		f[j] = INFINITY;
		prev[j] = j;
		for (i = j; i >= 1; i--)
		{
			double		cost;

			hold += dsum;		/* the units of i+1..j wait one period more */
			dsum += d[i - 1];
			cost = dsum > 0.0 ?
				k + (c ? c[i - 1] * dsum : 0.0) + h * hold : 0.0;
			/* ties go to the earlier order (fewer, larger lots) */
			if (f[i - 1] + cost <= f[j])
			{
				f[j] = f[i - 1] + cost;
				prev[j] = i;
			}
		}
	}
	for (j = 0; j < n; j++)
		q[j] = 0.0;
	for (j = n; j > 0; j = prev[j] - 1)
	{
		double		dsum = 0.0;

		for (i = prev[j]; i <= j; i++)
			dsum += d[i - 1];
		q[prev[j] - 1] = dsum;
	}
	return f[n];
}

/*
 * Poisson probabilities after C. Loader, "Fast and accurate computation of
 * binomial probabilities" (2000): p(d) = exp(-stirlerr(d) - bd0(d, lambda))
 * / sqrt(2 pi d), with the Stirling-series error term and a deviance term
 * that is summed as a series when d is near lambda, so no large terms
 * cancel.
 */
static double
StirlErr(double n)
{
	const double s0 = 1.0 / 12,
				s1 = 1.0 / 360,
				s2 = 1.0 / 1260,
				s3 = 1.0 / 1680,
				s4 = 1.0 / 1188;
	double		nn = n * n;

	if (n > 15.0)
		return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
	return lgamma(n + 1.0) - (n + 0.5) * log(n) + n - 0.5 * log(2.0 * M_PI);
}

/* x log(x / m) + m - x */
static double
Bd0(double x, double m)
{
	if (fabs(x - m) < 0.1 * (x + m))
	{
		double		v = (x - m) / (x + m);
		double		s = (x - m) * v;
		double		ej = 2.0 * x * v;
		int			j;

		v = v * v;
		for (j = 1; j < 1000; j++)
		{
			double		s1;

			ej *= v;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
		return s;
	}
	return x * log(x / m) + m - x;
}

double
lg_poisson_pmf(double lambda, int64_t d)
{
	double		x = (double) d;

	if (d < 0)
		return 0.0;
	if (lambda == 0.0)
		return d == 0 ? 1.0 : 0.0;
	if (d == 0)
		return exp(-lambda);
	return exp(-StirlErr(x) - Bd0(x, lambda)) / sqrt(2.0 * M_PI * x);
}

/* the range of d outside which Poisson(lambda) terms are below 1e-300 */
static void
PoissonRange(double lambda, int64_t *lo, int64_t *hi)
{
	double		sd = sqrt(lambda);
	double		l = floor(lambda - 40.0 * sd - 40.0);

	*lo = l > 0.0 ? (int64_t) l : 0;
	*hi = (int64_t) ceil(lambda + 40.0 * sd + 40.0);
}

int
lg_poisson_losses(double lambda, int64_t s, double *below, double *above)
{
	int64_t		lo,
				hi,
				d;
	double		sum = 0.0;

	if (lambda > LG_POISSON_MAX)
		return -1;
	if (s <= 0 || lambda == 0.0)
	{
		/* D >= 0: nothing below s <= 0; E[(D - s)+] = lambda - s */
		*below = s > 0 ? (double) s : 0.0;
		*above = lambda - (double) s + *below;
		return 0;
	}
	PoissonRange(lambda, &lo, &hi);
	if ((double) s < lambda)
	{
		for (d = lo; d <= s; d++)
			sum += (double) (s - d) * lg_poisson_pmf(lambda, d);
		*below = sum;
		*above = lambda - (double) s + sum;
	}
	else
	{
		for (d = hi; d > s; d--)
			sum += (double) (d - s) * lg_poisson_pmf(lambda, d);
		*above = sum;
		*below = (double) s - lambda + sum;
	}
	return 0;
}

int64_t
lg_poisson_quantile(double lambda, double alpha)
{
	int64_t		lo,
				hi,
				d;
	double		cum = 0.0;

	if (lambda == 0.0)
		return 0;
	PoissonRange(lambda, &lo, &hi);
	for (d = lo; d < hi; d++)
	{
		cum += lg_poisson_pmf(lambda, d);
		if (cum >= alpha)
			return d;
	}
	return hi;
}

/* one-period expected holding and backorder cost at level y */
static double
PoissonG(double lambda, double h, double p, int64_t y)
{
	double		below,
				above;

	(void) lg_poisson_losses(lambda, y, &below, &above);
	return h * below + p * above;
}

/*
 * Renewal quantities of the (s, S) model: m[j] the expected number of
 * periods the inventory position spends at S - j before the next order,
 * M[n] = m[0] + ... + m[n-1] the expected length of a cycle with S - s = n
 * (Zheng and Federgruen 1991, eqs. (2a)-(2b)).
 */
static void
Renewal(const double *pmf, int n, double *m, double *cm,
		void (*cb) (void *), void *arg)
{
	int			j,
				l;
	int64_t		since_cb = 0;

	m[0] = 1.0 / (1.0 - pmf[0]);
	for (j = 1; j < n; j++)
	{
		double		sum = 0.0;

		for (l = 1; l <= j; l++)
			sum += pmf[l] * m[j - l];
		m[j] = m[0] * sum;
		/* O(n^2) in all: let the caller cancel every million steps */
		since_cb += j;
		if (cb != NULL && since_cb >= 1000000)
		{
			cb(arg);
			since_cb = 0;
		}
	}
	cm[0] = 0.0;
	for (j = 1; j <= n; j++)
		cm[j] = cm[j - 1] + m[j - 1];
}

double
lg_ss_poisson_cost(double lambda, double h, double p, double k, int64_t s,
				   int64_t big_s, double *work, void (*cb) (void *), void *arg)
{
	int64_t		since_cb = 0;
	int			n = (int) (big_s - s);
	double	   *pmf = work;
	double	   *m = work + n + 1;
	double	   *cm = work;		/* reuses pmf after m is known */
	double		sum = k;
	int			j;

	for (j = 0; j <= n; j++)
		pmf[j] = lg_poisson_pmf(lambda, j);
	/* m needs pmf[0..n-1]; the cumulative sums overwrite pmf afterwards */
	{
		double		m0 = 1.0 / (1.0 - pmf[0]);
		int			l;

		m[0] = m0;
		for (j = 1; j < n; j++)
		{
			double		t = 0.0;

			for (l = 1; l <= j; l++)
				t += pmf[l] * m[j - l];
			m[j] = m0 * t;
			/* the renewal sums are O(n^2): let the caller cancel */
			since_cb += j;
			if (cb != NULL && since_cb >= 1000000)
			{
				cb(arg);
				since_cb = 0;
			}
		}
	}
	cm[0] = 0.0;
	for (j = 1; j <= n; j++)
		cm[j] = cm[j - 1] + m[j - 1];
	for (j = 0; j < n; j++)
		sum += m[j] * PoissonG(lambda, h, p, big_s - j);
	return sum / cm[n];
}

/* c(s, S) = [K + sum_{j < S-s} m[j] G(S - j)] / M[S - s], G on a window */
static double
CostOf(double k, const double *m, const double *cm, const double *g,
	   int64_t gbase, int64_t s, int64_t big_s)
{
	int64_t		n = big_s - s;
	int64_t		j;
	double		sum = k;

	for (j = 0; j < n; j++)
		sum += m[j] * g[big_s - j - gbase];
	return sum / cm[n];
}

size_t
lg_ss_poisson_work(double lambda, int nmax)
{
	int64_t		lo,
				hi;

	PoissonRange(lambda, &lo, &hi);
	/* pmf over [0, hi + nmax], G over a window of 2 nmax + 1, m, M */
	return (size_t) (hi + nmax + 1) + (size_t) (2 * nmax + 1) +
		(size_t) (nmax + 1) + (size_t) (nmax + 2);
}

int
lg_ss_poisson(double lambda, double h, double p, double k, int nmax,
			  double *work, int64_t *s_out, int64_t *big_s_out,
			  double *cost_out, void (*cb) (void *), void *arg)
{
	int64_t		lo,
				hi,
				npmf,
				y,
				ystar,
				s,
				big_s,
				big_s0;
	double	   *pmf,
			   *g,
			   *m,
			   *cm,
				cum,
				c0;

	PoissonRange(lambda, &lo, &hi);
	npmf = hi + nmax + 1;
	pmf = work;
	g = pmf + npmf;
	m = g + 2 * nmax + 1;
	cm = m + nmax + 1;
	for (y = 0; y < npmf; y++)
	{
		if (cb && (y & 4095) == 0)
			cb(arg);
		pmf[y] = lg_poisson_pmf(lambda, y);
	}
	Renewal(pmf, nmax, m, cm, cb, arg);

	/* y*: the smallest y with F(y) >= p / (p + h), the minimum of G */
	cum = 0.0;
	for (ystar = 0; ystar < npmf - 1; ystar++)
	{
		cum += pmf[ystar];
		if (cum >= p / (p + h))
			break;
	}

	/*
	 * G on the window ystar - nmax .. ystar + nmax: G(ystar) directly, then
	 * G(y + 1) - G(y) = (h + p) F(y) - p both ways.
	 */
#define GW(yy) g[(yy) - (ystar - nmax)]
	GW(ystar) = PoissonG(lambda, h, p, ystar);
	cum = 0.0;
	for (y = 0; y < ystar; y++)
		cum += pmf[y];
	/* cum = F(ystar - 1) */
	{
		double		fy = cum;

		for (y = ystar - 1; y >= ystar - nmax; y--)
		{
			/* G(y) = G(y + 1) - ((h + p) F(y) - p) */
			GW(y) = GW(y + 1) - ((h + p) * fy - p);
			if (y >= 0)
				fy -= pmf[y];
			if (fy < 0.0 || y <= 0)
				fy = y > 0 ? fy : 0.0;
		}
		fy = cum + pmf[ystar];	/* F(ystar) */
		for (y = ystar; y < ystar + nmax; y++)
		{
			GW(y + 1) = GW(y) + ((h + p) * fy - p);
			fy += pmf[y + 1];
		}
	}

#define CCOST(ss, SS) CostOf(k, m, cm, g, ystar - nmax, (ss), (SS))

	/* step 0: s from y* down until c(s, y*) <= G(s) */
	s = ystar;
	do
	{
		s--;
		if (ystar - s > nmax || s < ystar - nmax)
			return -1;
	} while (CCOST(s, ystar) > GW(s));
	big_s0 = ystar;
	c0 = CCOST(s, big_s0);

	/* step 1: raise S while G(S) <= c0; improve, then raise s */
	for (big_s = big_s0 + 1; GW(big_s) <= c0; big_s++)
	{
		if (cb)
			cb(arg);
		if (big_s - ystar >= nmax || big_s - s > nmax)
			return -1;
		if (CCOST(s, big_s) < c0)
		{
			big_s0 = big_s;
			while (CCOST(s, big_s0) <= GW(s + 1))
			{
				s++;
				if (s >= big_s0)
					return -1;
			}
			c0 = CCOST(s, big_s0);
		}
	}
#undef GW
#undef CCOST
	*s_out = s;
	*big_s_out = big_s0;
	*cost_out = c0;
	return 0;
}

/*
 * The integral over [a, b] of h E[(y-D)+] + p E[(D-y)+] for D ~ N(mu, sd^2):
 * with the second-order loss L2 (L2' = -L), the integral of E[(D-y)+] =
 * sd L((y-mu)/sd) is sd^2 (L2(za) - L2(zb)) and that of E[(y-D)+] =
 * sd L(-(y-mu)/sd) is sd^2 (L2(-zb) - L2(-za)).  sd = 0 is integrated
 * piecewise.
 */
static double
NewsvendorIntegral(double h, double p, double mu, double sd, double a,
				   double b)
{
	if (sd == 0.0)
	{
		/* h (y - mu) above mu, p (mu - y) below */
		double		lo = a < mu ? a : mu,
					hi = b < mu ? b : mu,
					below = 0.0,
					above = 0.0;

		if (a < mu)
			below = 0.5 * p * ((mu - lo) * (mu - lo) - (mu - hi) * (mu - hi));
		lo = a > mu ? a : mu;
		hi = b > mu ? b : mu;
		if (b > mu)
			above = 0.5 * h * ((hi - mu) * (hi - mu) - (lo - mu) * (lo - mu));
		return below + above;
	}
	else
	{
		double		za = (a - mu) / sd,
					zb = (b - mu) / sd;

		return sd * sd * (h * (lg_norm_loss2(-zb) - lg_norm_loss2(-za)) +
						  p * (lg_norm_loss2(za) - lg_norm_loss2(zb)));
	}
}

double
lg_rq_cost(double h, double p, double k, double lambda, double mu, double sd,
		   double r, double q)
{
	return (k * lambda + NewsvendorIntegral(h, p, mu, sd, r, r + q)) / q;
}

int
lg_rq_eil(double h, double p, double k, double lambda, double mu, double sd,
		  double *r_out, double *q_out, double *cost_out)
{
	double		q = sqrt(2.0 * k * lambda / h);
	double		r = 0.0;
	int			it;

	for (it = 0; it < 10000; it++)
	{
		double		alpha = 1.0 - q * h / (p * lambda);
		double		r2,
					q2;

		if (!(alpha > 0.0 && alpha < 1.0))
			return -1;
		r2 = mu + sd * lg_norm_quantile(alpha);
		q2 = sqrt(2.0 * lambda *
				  (k + p * (sd > 0.0 ? sd * lg_norm_loss((r2 - mu) / sd) : 0.0)) / h);
		if (fabs(r2 - r) <= 1e-13 * (1.0 + fabs(r2)) &&
			fabs(q2 - q) <= 1e-13 * (1.0 + q2))
		{
			double		n = sd > 0.0 ? sd * lg_norm_loss((r2 - mu) / sd) : 0.0;

			*r_out = r2;
			*q_out = q2;
			*cost_out = h * (r2 - mu + q2 / 2.0) + k * lambda / q2 +
				p * lambda * n / q2;
			return 0;
		}
		r = r2;
		q = q2;
	}
	return -1;
}

void
lg_fifo_age(const double *recv, int nb, double on_hand, double *out)
{
	double		left = on_hand > 0.0 ? on_hand : 0.0;
	int			j;

	for (j = 0; j < nb; j++)
	{
		double		take = recv[j] < left ? recv[j] : left;

		out[j] = take;
		left -= take;
	}
}
