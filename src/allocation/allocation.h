/*
 * allocation.h
 *		Multi-warehouse decisions on top of the network simplex (mcf.h):
 *		stock rebalancing between warehouses and order sourcing.
 *
 * Plain C kernel: no PostgreSQL headers; exported names start with "lal_".
 * Callers map their keys to dense indices, validate every number (finite,
 * non-negative) and scale quantities to integers (lmcf_decimal_scale);
 * quantities here are those integers.  Functions return an LmcfStatus;
 * LMCF_NO_MEMORY when malloc fails.  Results are malloc'd: free them with
 * lal_rebalance_free / lal_allocation_free, also after an interrupt
 * callback longjmp'd out (the caller keeps the result struct).
 */
#ifndef LOGISTICS_ALLOCATION_H
#define LOGISTICS_ALLOCATION_H

#include <stdint.h>

#include "allocation/mcf.h"

/* ---------------------------------------------------------------------
 * Rebalancing: per SKU, a transportation problem from the warehouses
 * above their target to those below.
 * ---------------------------------------------------------------------
 */
struct LalTransfer;

typedef struct LalRebalanceInput
{
	int			nwh;			/* warehouses */
	const double *lane_cost;	/* nwh * nwh cost per unit from i to j
								 * (row i), INFINITY: no lane */
	int			nrows;			/* warehouse x SKU rows */
	const int  *row_sku;		/* SKU index, rows sorted by SKU */
	const int  *row_wh;			/* warehouse index */
	const int64_t *on_hand;		/* >= 0 */
	const int64_t *target;		/* >= 0; the band's minimum with max_units */
	const int64_t *max_units;	/* NULL, or the band's maximum (>= target) */

	/*
	 * Optional: called with the transfers of whole SKUs found so far, at
	 * least every LAL_EMIT_BATCH of them and at the end; they are then
	 * dropped from the result (out->n back to 0), so a caller that streams
	 * rows out never holds every transfer at once.  May longjmp (free the
	 * result then, as after an interrupt).
	 */
	void		(*emit) (void *arg, const struct LalTransfer *t, int n);
	void	   *emit_arg;
} LalRebalanceInput;

#define LAL_EMIT_BATCH	8192

/*
 * One transfer, or (from = -1) the shortfall left at warehouse "to", or
 * (to = -1, bands only) the excess over the maximum left at "from".
 */
typedef struct LalTransfer
{
	int			sku;
	int			from;
	int			to;
	int64_t		qty;
} LalTransfer;

typedef struct LalRebalanceResult
{
	int			n;
	int			cap;
	LalTransfer *t;
	double		cost;			/* sum of qty * lane cost (unscaled qty) */
	long		pivots;
	LmcfProblem *work;			/* internal */
	void	   *scratch;		/* internal */
	int64_t    *x0;				/* internal: greedy start */
	int		   *arcs;			/* internal: its arcs */
	double	   *grid;			/* internal: lane costs of a SKU */
} LalRebalanceResult;

extern LmcfStatus lal_rebalance(const LalRebalanceInput *in,
								LalRebalanceResult *out,
								LmcfInterrupt interrupt, void *arg);
extern void lal_rebalance_free(LalRebalanceResult *out);

/*
 * Shortfall sharing of lal_rebalance: when the SKU's surplus S is below the
 * deficits D, receiver r is given the quota floor(d_r S / D), and the units
 * still unassigned go one each to the receivers with the largest remainders
 * (d_r S mod D), ties to the lower warehouse index (Hamilton's
 * largest-remainder method).  quota[] gets the result for deficits d[0..n).
 */
extern void lal_share_shortfall(const int64_t *d, int n, int64_t supply,
								int64_t *quota);

/* ---------------------------------------------------------------------
 * Order sourcing.
 * ---------------------------------------------------------------------
 */
typedef enum LalMethod
{
	LAL_OPTIMAL = 0,			/* exact relaxation + split heuristic */
	LAL_NEAREST					/* each line from the nearest holder */
} LalMethod;

typedef struct LalAllocInput
{
	int			nwh;
	const double *wh_lat;		/* degrees */
	const double *wh_lon;
	int			nlines;			/* lines grouped by order (contiguous) */
	const int  *line_order;		/* order index, non-decreasing */
	const int  *line_sku;		/* SKU index */
	const int64_t *line_qty;	/* > 0 */
	const double *line_lat;
	const double *line_lon;
	const double *line_promise; /* seconds since the decision; NAN: none */
	int			nstock;			/* warehouse x SKU stock rows */
	const int  *stock_wh;
	const int  *stock_sku;
	const int64_t *stock_qty;
	int			nsku;			/* SKU indices are 0..nsku-1 */
	double		cost_per_km;	/* per unscaled unit */
	double		split_penalty;	/* per parcel after the first of an order */
	double		qty_scale;		/* 10^k: scaled units per unit */
	double		dispatch_days;	/* transit = dispatch + km / speed */
	double		speed_km_per_day;
	LalMethod	method;
	int			whole_lines;	/* each line from one warehouse or none */
} LalAllocInput;

typedef enum LalReason
{
	LAL_ASSIGNED = 0,
	LAL_NO_STOCK,				/* no warehouse holds the SKU */
	LAL_PROMISE,				/* no holder can deliver by the promise */
	LAL_SHORT					/* stock taken by other lines */
} LalReason;

/* One part of a line: from warehouse wh (or unassigned, wh = -1). */
typedef struct LalPart
{
	int			line;
	int			wh;
	int64_t		qty;
	double		km;				/* NAN when unassigned */
	double		eta_days;		/* transit time, NAN when unassigned */
	LalReason	reason;
} LalPart;

typedef struct LalAllocResult
{
	int			n;
	int			cap;
	LalPart    *part;			/* by line; a line's parts by distance */
	int		   *order_parcels;	/* per order index: warehouses used */
	int			norders;
	double		ship_cost;		/* sum of qty * km * cost_per_km */
	double		penalty_cost;	/* split_penalty * extra parcels */
	double		relaxation_cost;	/* the split-free optimum */
	double		lower_bound;	/* on ship + penalty; NAN for NEAREST */
	long		improvements;	/* heuristic moves made */
	/* internal */
	void	   *work;
} LalAllocResult;

extern LmcfStatus lal_allocate(const LalAllocInput *in, LalAllocResult *out,
							   LmcfInterrupt interrupt, void *arg);
extern void lal_allocation_free(LalAllocResult *out);

#endif							/* LOGISTICS_ALLOCATION_H */
