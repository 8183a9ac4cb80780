/*-------------------------------------------------------------------------
 *
 * inventory.h
 *	  Inventory-theory formulas in plain C (no postgres.h): time-weighted
 *	  levels, EOQ family, safety stock, newsvendor, ABC shares, FIFO aging.
 *
 * Callers check their arguments (finite, signs, domains); these functions
 * assume valid input and document what they need.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LG_INVENTORY_H
#define LG_INVENTORY_H

#include <stdint.h>

/* one observation of a level: time (any integer unit) and value */
typedef struct LgPoint
{
	int64_t		ts;
	double		level;
} LgPoint;

/*
 * Integrals of the last-observation-carried-forward step function through
 * n >= 1 points sorted by strictly increasing time, the last one held until
 * end (>= last time): *integral = sum level_i (t_{i+1} - t_i), *zero_time =
 * the time during which level <= 0.  Times are differences of ts, as double.
 */
extern void lg_locf_points(const LgPoint *p, int64_t n, int64_t end,
						   double *integral, double *zero_time);

/* The same for points at t0, t0 + step, ..., t0 + (n-1) step. */
extern void lg_locf_regular(const double *level, int64_t n, int64_t t0,
							int64_t step, int64_t end,
							double *integral, double *zero_time);

/* The same with the levels stored as float. */
extern void lg_locf_regular4(const float *level, int64_t n, int64_t t0,
							 int64_t step, int64_t end,
							 double *integral, double *zero_time);

/*
 * Trapezoid integrals (linear interpolation between observations) from the
 * first to the last point: sorted points, or levels at t0 + i step.
 */
extern double lg_trapezoid_points(const LgPoint *p, int64_t n);
extern double lg_trapezoid_regular(const double *level, int64_t n,
								   int64_t step);
extern double lg_trapezoid_regular4(const float *level, int64_t n,
									int64_t step);

/* qsort comparator: by time, then by level (so duplicates are adjacent) */
extern int	lg_point_cmp(const void *a, const void *b);

/* EOQ: sqrt(2 D K / h); annual cost K D / Q + h Q / 2 */
extern double lg_eoq(double demand, double order_cost, double holding_cost);
extern double lg_eoq_cost(double demand, double order_cost,
						  double holding_cost, double q);

/*
 * EOQ with planned backorders (cost p per unit backordered per year):
 * Q* = sqrt(2 K D (h + p) / (h p)); cost with order quantity q and a
 * fraction x of each cycle's demand backordered:
 * h (q (1 - x))^2 / (2 q) + p (q x)^2 / (2 q) + K D / q.
 */
extern double lg_eoq_backorder(double demand, double order_cost,
							   double holding_cost, double backorder_cost);
extern double lg_eoq_backorder_cost(double demand, double order_cost,
									double holding_cost,
									double backorder_cost, double q,
									double x);

/*
 * Economic production quantity (finite production rate P > D):
 * h' = h (1 - D/P), Q* = sqrt(2 K D / h'), cost K D / Q + h' Q / 2.
 */
extern double lg_epq(double demand, double order_cost, double holding_cost,
					 double rate);
extern double lg_epq_cost(double demand, double order_cost,
						  double holding_cost, double rate, double q);

/*
 * All-units quantity discount: breakpoints b[0] = 0 < b[1] < ... < b[n-1],
 * unit cost c[j] for order quantities in [b[j], b[j+1]), non-increasing.
 * Holding cost is rate * unit cost.  Returns the optimal order quantity;
 * *cost gets the annual cost including purchase, c D + K D/Q + i c Q / 2,
 * *tier the index of its price tier.
 */
extern double lg_eoq_all_units(double demand, double order_cost,
							   double holding_rate, const double *b,
							   const double *c, int n, double *cost,
							   int *tier);

/*
 * Incremental quantity discount: unit cost c[j] applies to the units of an
 * order beyond b[j] (b[0] = 0 < b[1] < ...), so an order of Q in
 * [b[j], b[j+1]) costs cbar_j + c[j] (Q - b[j]), cbar_j the cost of the
 * first b[j] units.  Holding cost is rate times the average unit cost.
 * Returns the optimal Q; *cost the annual cost with purchase, *tier its
 * tier.  Needs order_cost > 0 and non-increasing c.
 */
extern double lg_eoq_incremental(double demand, double order_cost,
								 double holding_rate, const double *b,
								 const double *c, int n, double *cost,
								 int *tier);

/* sigma of lead-time demand sqrt(L sd^2 + d^2 sdL^2) */
extern double lg_lead_time_sd(double demand_mean, double demand_sd,
							  double lead_time, double lead_time_sd);

/* newsvendor cost with normal demand: h E[(S-D)+] + p E[(D-S)+] */
extern double lg_newsvendor_cost(double mean, double sd, double underage,
								 double overage, double s);

/*
 * Wagner-Whitin dynamic lot sizing over n periods: demand d[t] >= 0, fixed
 * cost k per order, holding h per unit per period carried, optional unit
 * purchase costs c[t] (NULL: none).  Fills q[t] with the order quantities
 * and returns the total cost.  work_f holds n + 1 doubles, work_i n + 1
 * ints.  cb(arg) is called now and then (may be NULL).
 */
extern double lg_wagner_whitin(const double *d, int n, double k, double h,
							   const double *c, double *q, double *work_f,
							   int *work_i, void (*cb) (void *), void *arg);

/*
 * Poisson(lambda) demand: *below = E[(s - D)+] and *above = E[(D - s)+]
 * for any integer s (negative too).  Returns 0, or -1 if lambda is too large
 * (above LG_POISSON_MAX).
 */
#define LG_POISSON_MAX 1e9
extern int	lg_poisson_losses(double lambda, int64_t s, double *below,
							  double *above);

/* the smallest s with P(D <= s) >= alpha for Poisson(lambda) demand */
extern int64_t lg_poisson_quantile(double lambda, double alpha);

/* Poisson(lambda) probability of d, accurate to about 1e-14 relative */
extern double lg_poisson_pmf(double lambda, int64_t d);

/*
 * (s, S) policy with Poisson(lambda) period demand, zero lead time, fixed
 * order cost k, holding h and backorder p per unit per period (Zheng and
 * Federgruen 1991): the optimal s, S and average cost per period.  The
 * search keeps S - s <= nmax and both within nmax of the newsvendor level;
 * work must hold lg_ss_poisson_work(lambda, nmax) doubles.  Returns 0, or
 * -1 if the search would leave those bounds.
 */
extern size_t lg_ss_poisson_work(double lambda, int nmax);
extern int	lg_ss_poisson(double lambda, double h, double p, double k,
						  int nmax, double *work, int64_t *s,
						  int64_t *big_s, double *cost,
						  void (*cb) (void *), void *arg);

/*
 * The average cost per period of a given (s, S), s < S, in that model;
 * work holds 2 (S - s) + 2 doubles.  cb(arg), if not NULL, is called every
 * million inner steps (the work is quadratic in S - s).
 */
extern double lg_ss_poisson_cost(double lambda, double h, double p, double k,
								 int64_t s, int64_t big_s, double *work,
								 void (*cb) (void *), void *arg);

/*
 * (r, Q) continuous review with normal lead-time demand N(mu, sd^2):
 * average cost per time of reorder point r and order quantity q, demand
 * rate lambda, holding h, backorder p per unit per time, order cost k:
 * (k lambda + integral over [r, r + q] of (h E[(y-D)+] + p E[(D-y)+]) dy) / q.
 */
extern double lg_rq_cost(double h, double p, double k, double lambda,
						 double mu, double sd, double r, double q);

/*
 * The expected-inventory-level approximation of the optimal (r, Q):
 * r = F^-1(1 - Q h / (p lambda)), Q = sqrt(2 lambda (k + p n(r)) / h) from
 * Q = EOQ until both settle.  Returns 0, or -1 if Q h >= p lambda (no
 * such r) or the iteration does not settle.
 */
extern int	lg_rq_eil(double h, double p, double k, double lambda, double mu,
					  double sd, double *r, double *q, double *cost);

/*
 * FIFO aging: receipts summed by age bucket (recv[0] newest bucket ...
 * recv[nb-1] oldest), on_hand the units left after all issues.  The units
 * on hand are the newest receipts; out[j] gets the units of bucket j.
 */
extern void lg_fifo_age(const double *recv, int nb, double on_hand,
						double *out);

#endif							/* LG_INVENTORY_H */
