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
#include "normal.h"

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

void
lg_locf_regular(const double *level, int64_t n, int64_t t0, int64_t step,
				int64_t end, double *integral, double *zero_time)
{
	double		sum = 0.0;
	int64_t		nzero = 0;
	int64_t		i;
	double		tail = (double) ((uint64_t) end -
								 (uint64_t) (t0 + (n - 1) * step));
	double		last = level[n - 1];

	/* every point but the last holds for exactly one step */
	for (i = 0; i < n - 1; i++)
	{
		sum += level[i];
		nzero += (level[i] <= 0.0);
	}
	*integral = sum * (double) step + last * tail;
	*zero_time = (double) nzero * (double) step + (last <= 0.0 ? tail : 0.0);
}

void
lg_locf_regular4(const float *level, int64_t n, int64_t t0, int64_t step,
				 int64_t end, double *integral, double *zero_time)
{
	double		sum = 0.0;
	int64_t		nzero = 0;
	int64_t		i;
	double		tail = (double) ((uint64_t) end -
								 (uint64_t) (t0 + (n - 1) * step));
	double		last = level[n - 1];

	for (i = 0; i < n - 1; i++)
	{
		sum += level[i];
		nzero += (level[i] <= 0.0f);
	}
	*integral = sum * (double) step + last * tail;
	*zero_time = (double) nzero * (double) step + (last <= 0.0 ? tail : 0.0);
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
lg_norm_loss_inverse(double g)
{
	double		lo = -g - 1.0;	/* L(z) >= -z, so L(lo) > g */
	double		hi = 1.0;
	double		k;
	int			it;

	while (lg_norm_loss(hi) >= g && hi < 64.0)
		hi *= 2.0;

	/*
	 * Newton on log L(k) - log g (L is log-concave, so this converges fast
	 * from both sides in the far tails too), kept inside [lo, hi] where
	 * L(lo) > g > L(hi), bisecting when a step leaves the bracket.
	 */
	k = g >= 0.4 ? -g : 0.0;
	if (k <= lo || k >= hi)
		k = 0.5 * (lo + hi);
	for (it = 0; it < 200; it++)
	{
		double		l = lg_norm_loss(k);
		double		step,
					next;

		if (l > g)
			lo = k;
		else if (l < g)
			hi = k;
		else
			return k;
		if (l > 0.0)
			step = (log(l) - log(g)) * l / lg_norm_sf(k);
		else
			step = INFINITY;
		next = k + step;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - k) <= 4e-16 * fmax(1.0, fabs(k)))
			return next;
		k = next;
	}
	return k;
}

double
lg_newsvendor_cost(double mean, double sd, double underage, double overage,
				   double s)
{
	double		z = (s - mean) / sd;

	/* E[(D-S)+] = sd L(z), E[(S-D)+] = sd L(-z) (no cancellation) */
	return underage * sd * lg_norm_loss(z) + overage * sd * lg_norm_loss(-z);
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
