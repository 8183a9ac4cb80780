/*
 * allocate.c
 *		Order sourcing: which warehouse ships each order line.
 *
 * Costs.  Line l shipped from warehouse w costs cost_per_km * km(w, l) a
 * unit (km: geodesic on WGS84, Karney 2013); its transit time is
 * dispatch_days + km / speed_km_per_day.  A holder (a warehouse with stock
 * of the line's SKU) is a candidate of the line when that transit time
 * meets the line's promise.  An order shipped from k warehouses pays
 * split_penalty (k - 1).
 *
 * 1. The relaxation.  Without the split penalty the lines of different SKUs
 *    do not interact: per SKU a transportation problem (holders with their
 *    stock, lines with their quantity, big-M "unmet" arcs from a source U,
 *    leftover stock to a sink Z, as in rebalance.c) gives the plan serving
 *    the most units and, among those, the cheapest.  Solved exactly by the
 *    network simplex (mcf.c).  This is the answer when split_penalty = 0.
 *
 * 2. The heuristic (split_penalty > 0, an NP-hard problem: it contains
 *    uncapacitated facility location per order).  Starting from the
 *    relaxation, each order in turn gives back its stock and is re-planned
 *    over every subset S of its candidate warehouses (up to 12): lines
 *    take the cheapest stock left in S, and the plan with the least
 *    shipping + penalty serving as many units as before is kept.  When no
 *    order alone improves, pair moves let a split order and an order
 *    holding stock it ran out of be re-planned together (PairPass).
 *    Passes repeat while they improve.  The served quantity never drops,
 *    so the plan still serves the maximum.
 *
 * 3. The lower bound: Lagrangian relaxation of the stock shared between
 *    orders, at prices lambda >= 0 started from the relaxation's duals (the
 *    simplex potentials) and improved by subgradient steps:
 *
 *      L(lambda) = sum_orders min_S [ sum_l fill_l(S, lambda)
 *                  + penalty (|S| - 1)+ ] - sum_w lambda_w stock_w
 *
 *    where fill_l is the cheapest way for line l alone to take its units at
 *    c + lambda from the stock rows in S (each up to its whole stock, the
 *    rest at M; an order's lines of one SKU with the same candidates count
 *    as one line, MergeLines).  Each order's subproblem keeps constraints
 *    every plan meets, so L is at most min (cost + M unserved), and L - M U*
 *    bounds every plan serving the most units.  M exceeds any path's cost
 *    plus one split penalty, so no subproblem trades a parcel for an
 *    unserved unit.  With the optimal duals and no penalty, L equals the
 *    relaxation (LP duality).  Each order's minimum is exact by enumeration
 *    of S (up to 12 candidate warehouses; beyond, the penalty is left out of
 *    that order's term, which keeps the bound valid).  See M. L. Fisher,
 *    "The Lagrangian relaxation method for solving integer programming
 *    problems", Management Science 27 (1981) 1-18.
 *
 * 4. A steered plan (Fisher's Lagrangian heuristic): while the gap is open,
 *    the relaxation is solved again with candidates outside the warehouse
 *    set each order chose in the bound's subproblem made dearer by the
 *    penalty, then the local search; the cheaper of the two plans is kept.
 *
 * 5. Branch and bound on the bound, for batches small enough (BB_MAX_WORK):
 *    the Lagrangian dual is no stronger than the linear relaxation of the
 *    usual formulation where an order may be partly served, so the search
 *    branches on "order o uses warehouse w" until the bound meets the plan
 *    or the budget ends (BranchBound, allocate_bound.c).
 */
#include "allocation/allocation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "routing/geodesic.h"

#include "allocation/allocate_int.h"

#define MAX_PASSES		8
#define MAX_PARTNERS	16
#define MAX_PAIR_PASSES	2

static void
FreeWork(AllocWork *w)
{
	if (w == NULL)
		return;
	free(w->sku_first);
	free(w->srow);
	free(w->res);
	free(w->lambda);
	free(w->sku_big);
	free(w->sku_unmet);
	free(w->cand_first);
	free(w->cand_row);
	free(w->cand_cost);
	free(w->cand_km);
	free(w->cand_eta);
	free(w->x);
	free(w->x_save);
	free(w->line_reason);
	free(w->order_first);
	free(w->sku_line_first);
	free(w->sku_line);
	free(w->acc);
	free(w->mqty);
	free(w->allow);
	free(w->force);
	free(w->lb_mask);
	free(w->lines);
	free(w->hnode);
	lmcf_free(w->mcf);
	free(w);
}

void
lal_allocation_free(LalAllocResult *out)
{
	FreeWork(out->work);
	free(out->part);
	free(out->order_parcels);
	out->work = NULL;
	out->part = NULL;
	out->order_parcels = NULL;
	out->n = out->cap = 0;
}

/* Counting sort of keys[0..n) in 0..nk-1: first[nk + 1], idx[n]. */
static int
Bucket(const int *keys, int n, int nk, int **first, int **idx,
	   const unsigned char *skip)
{
	int		   *f = calloc((size_t) nk + 2, sizeof(int));
	int		   *x = malloc(sizeof(int) * ((size_t) n + 1));
	int			i;

	*first = f;
	*idx = x;
	if (f == NULL || x == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (skip == NULL || !skip[i])
			f[keys[i] + 1]++;
	for (i = 0; i < nk; i++)
		f[i + 1] += f[i];
	for (i = 0; i < n; i++)
		if (skip == NULL || !skip[i])
			x[f[keys[i]]++] = i;
	/* f[k] now holds the end of bucket k: shift back */
	for (i = nk; i > 0; i--)
		f[i] = f[i - 1];
	f[0] = 0;
	return 0;
}

/*
 * Candidates of every line: the holders of its SKU (all of them for
 * NEAREST, those meeting the promise otherwise), sorted by cost.
 */
static int
BuildCandidates(const LalAllocInput *in, AllocWork *w)
{
	int			l,
				k,
				total = 0,
				pos = 0;
	double	   *km_wh = malloc(sizeof(double) * ((size_t) in->nwh + 1));
	double		last_lat = NAN,
				last_lon = NAN;

	if (km_wh == NULL)
		return -1;
	w->cand_first = malloc(sizeof(int) * ((size_t) in->nlines + 1));
	w->line_reason = calloc((size_t) in->nlines + 1, 1);
	if (w->cand_first == NULL || w->line_reason == NULL)
	{
		free(km_wh);
		return -1;
	}
	for (l = 0; l < in->nlines; l++)
	{
		int			s = in->line_sku[l];

		total += w->sku_first[s + 1] - w->sku_first[s];
	}
	w->cand_row = malloc(sizeof(int) * ((size_t) total + 1));
	w->cand_cost = malloc(sizeof(double) * ((size_t) total + 1));
	w->cand_km = malloc(sizeof(double) * ((size_t) total + 1));
	w->cand_eta = malloc(sizeof(double) * ((size_t) total + 1));
	w->x = calloc((size_t) total + 1, sizeof(int64_t));
	w->x_save = calloc((size_t) total + 1, sizeof(int64_t));
	if (!w->cand_row || !w->cand_cost || !w->cand_km || !w->cand_eta ||
		!w->x || !w->x_save)
	{
		free(km_wh);
		return -1;
	}

	for (l = 0; l < in->nlines; l++)
	{
		int			s = in->line_sku[l],
					first = pos,
					i,
					j;

		w->cand_first[l] = pos;
		/* consecutive lines of one order usually share the point */
		if (in->line_lat[l] != last_lat || in->line_lon[l] != last_lon)
		{
			last_lat = in->line_lat[l];
			last_lon = in->line_lon[l];
			for (k = 0; k < in->nwh; k++)
				km_wh[k] = -1.0;
		}
		if (w->sku_first[s + 1] == w->sku_first[s])
		{
			w->line_reason[l] = LAL_NO_STOCK;
			continue;
		}
		w->line_reason[l] = LAL_PROMISE;
		for (k = w->sku_first[s]; k < w->sku_first[s + 1]; k++)
		{
			int			r = w->srow[k],
						wh = in->stock_wh[r];
			double		eta;

			if (km_wh[wh] < 0.0)
				km_wh[wh] = lgeod_distance(in->wh_lat[wh], in->wh_lon[wh],
										   last_lat, last_lon) / 1000.0;
			eta = in->dispatch_days + km_wh[wh] / in->speed_km_per_day;
			if (in->method == LAL_OPTIMAL && !isnan(in->line_promise[l]) &&
				eta * 86400.0 > in->line_promise[l])
				continue;
			w->line_reason[l] = LAL_SHORT;
			w->cand_row[pos] = r;
			w->cand_km[pos] = km_wh[wh];
			w->cand_eta[pos] = eta;
			w->cand_cost[pos] = in->cost_per_km * km_wh[wh];
			pos++;
		}
		/* insertion sort by cost, then warehouse: a few holders a line */
		for (i = first + 1; i < pos; i++)
			for (j = i; j > first &&
				 (w->cand_km[j] < w->cand_km[j - 1] ||
				  (w->cand_km[j] == w->cand_km[j - 1] &&
				   in->stock_wh[w->cand_row[j]] < in->stock_wh[w->cand_row[j - 1]]));
				 j--)
			{
				int			tr = w->cand_row[j];
				double		tc = w->cand_cost[j],
							tk = w->cand_km[j],
							te = w->cand_eta[j];

				w->cand_row[j] = w->cand_row[j - 1];
				w->cand_cost[j] = w->cand_cost[j - 1];
				w->cand_km[j] = w->cand_km[j - 1];
				w->cand_eta[j] = w->cand_eta[j - 1];
				w->cand_row[j - 1] = tr;
				w->cand_cost[j - 1] = tc;
				w->cand_km[j - 1] = tk;
				w->cand_eta[j - 1] = te;
			}
	}
	w->cand_first[in->nlines] = pos;
	free(km_wh);
	return 0;
}

/*
 * The relaxation of one SKU: holders h = 0..nh-1, lines with candidates
 * j = 0..nl-1, then Z, U.  Sets x, res, lambda, sku_big, sku_unmet.
 */
static LmcfStatus
SolveSku(const LalAllocInput *in, AllocWork *w, int s, int *lines,
		 int *hnode, LmcfInterrupt interrupt, void *arg)
{
	int			h0 = w->sku_first[s],
				nh = w->sku_first[s + 1] - h0,
				nl = 0,
				narcs = 0,
				i,
				j,
				k,
				z,
				u;
	int64_t		demand = 0,
				stock = 0;
	double		cmax = 0.0,
				big;
	LmcfStatus	st;

	for (k = w->sku_line_first[s]; k < w->sku_line_first[s + 1]; k++)
	{
		int			l = w->sku_line[k];

		if (w->cand_first[l + 1] > w->cand_first[l])
		{
			lines[nl++] = l;
			demand += in->line_qty[l];
			narcs += w->cand_first[l + 1] - w->cand_first[l];
			for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
				if (w->cand_cost[i] > cmax)
					cmax = w->cand_cost[i];
		}
	}
	if (nl == 0 || nh == 0)
		return LMCF_OPTIMAL;
	z = nh + nl;
	u = z + 1;
	if (lmcf_reset(w->mcf, nh + nl + 2, narcs + nh + nl + 1) != 0)
		return LMCF_BAD_INPUT;
	for (i = 0; i < nh; i++)
	{
		int			r = w->srow[h0 + i];

		hnode[r] = i;
		lmcf_set_supply(w->mcf, i, in->stock_qty[r]);
		stock += in->stock_qty[r];
	}
	for (j = 0; j < nl; j++)
		lmcf_set_supply(w->mcf, nh + j, -in->line_qty[lines[j]]);
	lmcf_set_supply(w->mcf, u, demand);
	lmcf_set_supply(w->mcf, z, -stock);
	/*
	 * More than any path costs, so units go unserved only when no path
	 * can carry them; plus one split penalty, which is the most that
	 * leaving a unit unserved can save a plan, so that the bound's
	 * subproblems (which price unserved units at big) do not trade a
	 * parcel for an unserved unit either.
	 */
	big = ((double) nh + nl + 3.0) * (cmax + 1.0) +
		in->split_penalty * in->qty_scale;
	/* candidate arcs first, in candidate order */
	for (j = 0; j < nl; j++)
	{
		int			l = lines[j];

		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			lmcf_add_arc(w->mcf, hnode[w->cand_row[i]], nh + j, LMCF_INF,
						 w->cand_cost[i]);
	}
	for (i = 0; i < nh; i++)
		lmcf_add_arc(w->mcf, i, z, LMCF_INF, 0.0);
	for (j = 0; j < nl; j++)
		lmcf_add_arc(w->mcf, u, nh + j, LMCF_INF, big);
	lmcf_add_arc(w->mcf, u, z, LMCF_INF, 0.0);

	st = lmcf_solve(w->mcf, interrupt, arg);
	if (st != LMCF_OPTIMAL)
		return st;

	k = 0;
	for (j = 0; j < nl; j++)
	{
		int			l = lines[j];

		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++, k++)
		{
			w->x[i] = lmcf_flow(w->mcf, k);
			w->res[w->cand_row[i]] -= w->x[i];
		}
	}
	w->sku_big[s] = big;
	w->sku_unmet[s] = 0;
	for (j = 0; j < nl; j++)
		w->sku_unmet[s] += lmcf_flow(w->mcf, narcs + nh + j);
	/* price of stock at holder i: pi_i - pi_Z >= 0 (see the header) */
	for (i = 0; i < nh; i++)
	{
		double		p = lmcf_potential(w->mcf, i) - lmcf_potential(w->mcf, z);

		w->lambda[w->srow[h0 + i]] = p > 0.0 ? p : 0.0;
	}
	return LMCF_OPTIMAL;
}

/* Shipping + penalty cost of order o as planned, in scaled units. */
static double
OrderCost(const LalAllocInput *in, const AllocWork *w, int o, int *parcels)
{
	int			l,
				i,
				nused = 0;
	int			used[MAX_ENUM_WH * 4];
	double		c = 0.0;
	int			overflow = 0;

	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			if (w->x[i] > 0)
			{
				int			wh = in->stock_wh[w->cand_row[i]],
							k;

				c += (double) w->x[i] * w->cand_cost[i];
				for (k = 0; k < nused && used[k] != wh; k++)
					;
				if (k == nused)
				{
					if (nused < MAX_ENUM_WH * 4)
						used[nused++] = wh;
					else
						overflow++;
				}
			}
	nused += overflow;
	*parcels = nused;
	if (nused > 1)
		c += in->split_penalty * in->qty_scale * (nused - 1);
	return c;
}

/*
 * The warehouses of order o's candidates (at most MAX_ENUM_WH, else
 * returns -1) into wh[]; bit[i] = position of candidate i's warehouse.
 */
int
lal_order_warehouses(const LalAllocInput *in, const AllocWork *w, int o, int *wh,
				unsigned char *bit)
{
	int			l,
				i,
				k,
				n = 0;

	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
		{
			int			h = in->stock_wh[w->cand_row[i]];

			for (k = 0; k < n && wh[k] != h; k++)
				;
			if (k == n)
			{
				if (n == MAX_ENUM_WH)
					return -1;
				wh[n++] = h;
			}
			bit[i - w->cand_first[w->order_first[o]]] = (unsigned char) k;
		}
	return n;
}

/*
 * Plan order o's lines over the warehouses in mask, cheapest stock first;
 * commit = 0 leaves res and x as they were.  Returns the cost (scaled) and
 * the units served.
 */
static double
PlanMask(const LalAllocInput *in, AllocWork *w, int o,
		 const unsigned char *bit, unsigned mask, int commit,
		 int64_t *served)
{
	int			c0 = w->cand_first[w->order_first[o]],
				l,
				i;
	unsigned	used = 0;
	double		c = 0.0;
	int			np = 0;

	*served = 0;
	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
	{
		int64_t		rem = in->line_qty[l];

		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
		{
			int64_t		take = 0;

			if (rem > 0 && (mask >> bit[i - c0] & 1u) &&
				(!in->whole_lines || w->res[w->cand_row[i]] >= rem))
			{
				take = w->res[w->cand_row[i]];
				if (take > rem)
					take = rem;
				if (take > 0)
				{
					w->res[w->cand_row[i]] -= take;
					rem -= take;
					c += (double) take * w->cand_cost[i];
					used |= 1u << bit[i - c0];
					*served += take;
				}
			}
			w->x_save[i] = take;
		}
	}
	/* roll back, or move the plan into x */
	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
		{
			if (commit)
				w->x[i] = w->x_save[i];
			else
				w->res[w->cand_row[i]] += w->x_save[i];
		}
	while (used)
	{
		np++;
		used &= used - 1;
	}
	if (np > 1)
		c += in->split_penalty * in->qty_scale * (np - 1);
	return c;
}

/* Re-plan order o; returns 1 if its cost went down. */
static int
Reopt(const LalAllocInput *in, AllocWork *w, int o)
{
	int			whs[MAX_ENUM_WH],
				nw,
				parcels,
				l,
				i,
				c0 = w->cand_first[w->order_first[o]],
				c1 = w->cand_first[w->order_first[o + 1]];
	unsigned char bit[4096];
	unsigned	mask,
				best_mask = 0;
	int64_t		before = 0,
				served;
	double		current,
				best;

	if (c1 - c0 > (int) sizeof(bit))
		return 0;
	nw = lal_order_warehouses(in, w, o, whs, bit);
	if (nw < 2)
		return 0;
	current = OrderCost(in, w, o, &parcels);

	/*
	 * One parcel with every line whole at its cheapest candidate: the
	 * order's own optimum, nothing to gain
	 */
	if (parcels <= 1)
	{
		int			at_best = 1;

		for (l = w->order_first[o]; at_best && l < w->order_first[o + 1]; l++)
			if (w->cand_first[l + 1] > w->cand_first[l] &&
				w->x[w->cand_first[l]] != in->line_qty[l])
				at_best = 0;
		if (at_best)
			return 0;
	}
	/* give the order's stock back */
	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
		{
			w->res[w->cand_row[i]] += w->x[i];
			before += w->x[i];
		}
	best = current;
	for (mask = 1; mask < (1u << nw); mask++)
	{
		int			k = __builtin_popcount(mask);
		double		c;

		if (k > 1 && in->split_penalty * in->qty_scale * (k - 1) >= best)
			continue;
		c = PlanMask(in, w, o, bit, mask, 0, &served);
		if (served == before && c < best - 1e-12 * (1.0 + best))
		{
			best = c;
			best_mask = mask;
		}
	}
	if (best_mask != 0)
	{
		PlanMask(in, w, o, bit, best_mask, 1, &served);
		return 1;
	}
	/* keep the plan: take its stock again */
	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			w->res[w->cand_row[i]] -= w->x[i];
	return 0;
}

/* Give order o's stock back (add = 1) or take it again (add = -1). */
static int64_t
Release(const LalAllocInput *in, AllocWork *w, int o, int add)
{
	int			l,
				i;
	int64_t		served = 0;

	for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
		{
			w->res[w->cand_row[i]] += add * w->x[i];
			served += w->x[i];
		}
	(void) in;
	return served;
}

/*
 * Plan order o (its stock released) over the subset of its warehouses that
 * serves the most units from the stock left, then costs least, and commit
 * it.  Returns the cost (scaled); *served gets the units.
 */
static double
PlanBest(const LalAllocInput *in, AllocWork *w, int o, int64_t *served)
{
	int			whs[MAX_ENUM_WH],
				nw,
				c0 = w->cand_first[w->order_first[o]],
				c1 = w->cand_first[w->order_first[o + 1]];
	unsigned char bit[4096];
	unsigned	mask,
				best_mask = 0;
	int64_t		best_served = -1,
				sv;
	double		best = INFINITY;

	*served = 0;
	if (c1 == c0)
		return 0.0;
	if (c1 - c0 > (int) sizeof(bit) ||
		(nw = lal_order_warehouses(in, w, o, whs, bit)) < 0)
		return NAN;
	for (mask = 1; mask < (1u << nw); mask++)
	{
		double		c = PlanMask(in, w, o, bit, mask, 0, &sv);

		if (sv > best_served || (sv == best_served && c < best))
		{
			best = c;
			best_served = sv;
			best_mask = mask;
		}
	}
	return PlanMask(in, w, o, bit, best_mask, 1, served);
}

/*
 * Re-plan a split order o together with another order holding stock it can
 * use, o first then the other, and the other way round; keep the better if
 * it lowers the pair's cost serving as many units.  An order alone cannot
 * take stock another holds (Reopt), so this is the move that lets two
 * orders trade units.  save[] holds both orders' candidates.
 */
static int
PairMove(const LalAllocInput *in, AllocWork *w, int o, int o2, int64_t *save)
{
	int			a0 = w->cand_first[w->order_first[o]],
				a1 = w->cand_first[w->order_first[o + 1]],
				b0 = w->cand_first[w->order_first[o2]],
				b1 = w->cand_first[w->order_first[o2 + 1]],
				parcels,
				seq;
	double		before;
	int64_t		served_before;

	if ((a1 - a0) + (b1 - b0) > 8192)
		return 0;
	before = OrderCost(in, w, o, &parcels) + OrderCost(in, w, o2, &parcels);
	memcpy(save, w->x + a0, sizeof(int64_t) * (a1 - a0));
	memcpy(save + (a1 - a0), w->x + b0, sizeof(int64_t) * (b1 - b0));
	served_before = Release(in, w, o, 1) + Release(in, w, o2, 1);
	for (seq = 0; seq < 2; seq++)
	{
		int			first = seq == 0 ? o : o2,
					second = seq == 0 ? o2 : o;
		int64_t		s1,
					s2;
		double		c = PlanBest(in, w, first, &s1) + PlanBest(in, w, second, &s2);

		if (s1 + s2 == served_before && c < before - 1e-9 * (1.0 + before))
			return 1;
		Release(in, w, o, 1);
		Release(in, w, o2, 1);
	}
	memcpy(w->x + a0, save, sizeof(int64_t) * (a1 - a0));
	memcpy(w->x + b0, save + (a1 - a0), sizeof(int64_t) * (b1 - b0));
	Release(in, w, o, -1);
	Release(in, w, o2, -1);
	return 0;
}

/*
 * One pass of pair moves over the split orders, each with up to
 * MAX_PARTNERS orders that hold stock of its candidate rows that ran out.  Returns the
 * number of moves made.
 */
static long
PairPass(const LalAllocInput *in, AllocWork *w, LmcfInterrupt interrupt,
		 void *arg)
{
	int			nrow = in->nstock,
				ncand = w->cand_first[in->nlines],
				o,
				i;
	int		   *first = calloc((size_t) nrow + 2, sizeof(int));
	int		   *users = malloc(sizeof(int) * ((size_t) ncand + 1));
	int		   *cand_order = malloc(sizeof(int) * ((size_t) ncand + 1));
	int64_t    *save = malloc(sizeof(int64_t) * 8192);
	long		moves = 0;

	if (!first || !users || !cand_order || !save)
	{
		free(first);
		free(users);
		free(cand_order);
		free(save);
		return 0;
	}
	/* the orders using each stock row, from the plan at the pass start */
	for (o = 0; o < w->norders; o++)
		for (i = w->cand_first[w->order_first[o]];
			 i < w->cand_first[w->order_first[o + 1]]; i++)
			cand_order[i] = o;
	for (i = 0; i < ncand; i++)
		if (w->x[i] > 0)
			first[w->cand_row[i] + 1]++;
	for (i = 0; i < nrow; i++)
		first[i + 1] += first[i];
	for (i = 0; i < ncand; i++)
		if (w->x[i] > 0)
			users[first[w->cand_row[i]]++] = cand_order[i];
	for (i = nrow; i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;

	for (o = 0; o < w->norders; o++)
	{
		int			parcels,
					tried[MAX_PARTNERS],
					ntried = 0,
					done = 0;

		if (interrupt != NULL && (o & 1023) == 0)
			interrupt(arg);
		(void) OrderCost(in, w, o, &parcels);
		if (parcels < 2)
			continue;
		for (i = w->cand_first[w->order_first[o]];
			 !done && ntried < MAX_PARTNERS &&
			 i < w->cand_first[w->order_first[o + 1]]; i++)
		{
			int			r = w->cand_row[i],
						k;

			/* only stock that ran out is worth trading for */
			if (w->res[r] > 0)
				continue;
			for (k = first[r]; !done && k < first[r + 1] &&
				 ntried < MAX_PARTNERS; k++)
			{
				int			o2 = users[k],
							j;

				if (o2 == o)
					continue;
				for (j = 0; j < ntried && tried[j] != o2; j++)
					;
				if (j < ntried)
					continue;
				tried[ntried++] = o2;
				if (PairMove(in, w, o, o2, save))
				{
					moves++;
					done = 1;
				}
			}
		}
	}
	free(first);
	free(users);
	free(cand_order);
	free(save);
	return moves;
}

/* Each line from its nearest holders, in line order. */
static void
Nearest(const LalAllocInput *in, AllocWork *w)
{
	int			l,
				i;

	for (l = 0; l < in->nlines; l++)
	{
		int64_t		rem = in->line_qty[l];

		for (i = w->cand_first[l]; i < w->cand_first[l + 1] && rem > 0; i++)
		{
			int64_t		take = w->res[w->cand_row[i]];

			if (in->whole_lines && take < rem)
				continue;
			if (take > rem)
				take = rem;
			w->x[i] = take;
			w->res[w->cand_row[i]] -= take;
			rem -= take;
		}
	}
}

static int
AppendPart(LalAllocResult *out, int line, int wh, int64_t qty, double km,
		   double eta, LalReason reason)
{
	LalPart    *p;

	if (out->n == out->cap)
	{
		int			cap = out->cap ? 2 * out->cap : 1024;

		p = realloc(out->part, sizeof(LalPart) * cap);
		if (p == NULL)
			return -1;
		out->part = p;
		out->cap = cap;
	}
	p = &out->part[out->n++];
	p->line = line;
	p->wh = wh;
	p->qty = qty;
	p->km = km;
	p->eta_days = eta;
	p->reason = reason;
	return 0;
}

/* The parts of every line, parcels and costs. */
static int
Collect(const LalAllocInput *in, AllocWork *w, LalAllocResult *out)
{
	int			o,
				l,
				i;
	double		ship = 0.0;
	long		extra = 0;

	out->norders = w->norders;
	out->order_parcels = calloc((size_t) w->norders + 1, sizeof(int));
	if (out->order_parcels == NULL)
		return -1;
	for (o = 0; o < w->norders; o++)
	{
		int			parcels;

		ship += OrderCost(in, w, o, &parcels) -
			(parcels > 1 ? in->split_penalty * in->qty_scale * (parcels - 1) : 0.0);
		out->order_parcels[o] = parcels;
		if (parcels > 1)
			extra += parcels - 1;
		for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		{
			int64_t		rem = in->line_qty[l];

			for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
				if (w->x[i] > 0)
				{
					if (AppendPart(out, l, in->stock_wh[w->cand_row[i]], w->x[i],
								   w->cand_km[i], w->cand_eta[i],
								   LAL_ASSIGNED) != 0)
						return -1;
					rem -= w->x[i];
				}
			if (rem > 0 &&
				AppendPart(out, l, -1, rem, NAN, NAN,
						   (LalReason) w->line_reason[l]) != 0)
				return -1;
		}
	}
	out->ship_cost = ship / in->qty_scale;
	out->penalty_cost = in->split_penalty * (double) extra;
	return 0;
}

/* Workspace for the relaxation: the largest SKU network. */
static int
PrepareRelaxation(const LalAllocInput *in, AllocWork *w)
{
	int			s,
				max_n = 0,
				max_m = 0;

	if (Bucket(in->line_sku, in->nlines, in->nsku, &w->sku_line_first,
			   &w->sku_line, NULL) != 0)
		return -1;
	for (s = 0; s < in->nsku; s++)
	{
		int			nh = w->sku_first[s + 1] - w->sku_first[s],
					nl = 0,
					k;
		int64_t		na = 0;

		for (k = w->sku_line_first[s]; k < w->sku_line_first[s + 1]; k++)
		{
			int			l = w->sku_line[k];

			if (w->cand_first[l + 1] > w->cand_first[l])
			{
				nl++;
				na += w->cand_first[l + 1] - w->cand_first[l];
			}
		}
		if (nh + nl + 2 > max_n)
			max_n = nh + nl + 2;
		if (na + nh + nl + 1 > max_m)
			max_m = (int) (na + nh + nl + 1);
	}
	w->mcf = lmcf_create(max_n, max_m);
	w->sku_big = calloc((size_t) in->nsku + 1, sizeof(double));
	w->sku_unmet = calloc((size_t) in->nsku + 1, sizeof(int64_t));
	w->acc = malloc(sizeof(double) << MAX_ENUM_WH);
	w->mqty = malloc(sizeof(int64_t) * ((size_t) in->nlines + 1));
	if (!w->mcf || !w->sku_big || !w->sku_unmet || !w->acc || !w->mqty)
		return -1;
	return 0;
}

/*
 * Lines kept whole (whole_lines): every line the relaxation split between
 * warehouses or served in part gives its units back, then takes its whole
 * quantity from its cheapest candidate that still holds it, in line order;
 * a line no single warehouse can fill stays unassigned (stock_short).
 * Serving the most units with whole lines is a bin-packing problem, so this
 * plan may serve fewer units than the relaxation: see lal_allocate.
 */
static void
WholeLines(const LalAllocInput *in, AllocWork *w)
{
	int			l,
				i;

	for (l = 0; l < in->nlines; l++)
	{
		int			parts = 0;
		int64_t		got = 0;

		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			if (w->x[i] > 0)
			{
				parts++;
				got += w->x[i];
			}
		if (parts > 1 || (parts == 1 && got < in->line_qty[l]))
			for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			{
				w->res[w->cand_row[i]] += w->x[i];
				w->x[i] = 0;
			}
	}
	for (l = 0; l < in->nlines; l++)
	{
		int64_t		got = 0;

		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			got += w->x[i];
		if (got > 0)
			continue;
		for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			if (w->res[w->cand_row[i]] >= in->line_qty[l])
			{
				w->x[i] = in->line_qty[l];
				w->res[w->cand_row[i]] -= in->line_qty[l];
				break;
			}
	}
}

/* Units the plan in x serves. */
static int64_t
Served(const LalAllocInput *in, const AllocWork *w)
{
	int64_t		n = 0;
	int			i;

	for (i = 0; i < w->cand_first[in->nlines]; i++)
		n += w->x[i];
	return n;
}

/*
 * The local search (see the header): single-order re-plans, then pair
 * moves when no single order improves.  Returns the moves made.
 */
static long
LocalSearch(const LalAllocInput *in, AllocWork *w, LmcfInterrupt interrupt,
			void *arg)
{
	int			pass,
				pair_passes = 0,
				o;
	long		moved = 1,
				total = 0;

	for (pass = 0; pass < MAX_PASSES && moved; pass++)
	{
		moved = 0;
		for (o = 0; o < w->norders; o++)
		{
			if (interrupt != NULL && (o & 1023) == 0)
				interrupt(arg);
			if (Reopt(in, w, o))
				moved++;
		}
		/* when single orders are stuck, let pairs trade units */
		if (moved == 0 && pair_passes++ < MAX_PAIR_PASSES)
			moved = PairPass(in, w, interrupt, arg);
		total += moved;
	}
	return total;
}

/* Shipping + penalties of the plan in x, scaled. */
static double
PlanCost(const LalAllocInput *in, const AllocWork *w)
{
	double		c = 0.0;
	int			o,
				parcels;

	for (o = 0; o < w->norders; o++)
		c += OrderCost(in, w, o, &parcels);
	return c;
}

/*
 * A second plan, steered by the bound (a Lagrangian heuristic, Fisher 1981
 * section 5): the relaxation solved again with every candidate outside the
 * warehouses its order chose in the bound's subproblem made dearer by the
 * split penalty spread over the line's units, then the local search.  The
 * bound's choices see every order's parcels at once, where the local search
 * moves one or two orders at a time.  Kept if cheaper; *ub is updated.  The
 * relaxation's prices and M are restored for the branch and bound.
 */
static LmcfStatus
SteeredPlan(const LalAllocInput *in, AllocWork *w, double *ub,
			LmcfInterrupt interrupt, void *arg)
{
	int			ncand = w->cand_first[in->nlines],
				nrow = in->nstock,
				o,
				l,
				i,
				s;
	double	   *real = w->cand_cost,
			   *steer = malloc(sizeof(double) * ((size_t) ncand + 1)),
			   *lam = malloc(sizeof(double) * ((size_t) nrow + 1)),
			   *big = malloc(sizeof(double) * ((size_t) in->nsku + 1));
	int64_t    *x = malloc(sizeof(int64_t) * ((size_t) ncand + 1)),
			   *res = malloc(sizeof(int64_t) * ((size_t) nrow + 1));
	LmcfStatus	st = LMCF_OPTIMAL;
	double		pen = in->split_penalty * in->qty_scale,
				c;
	int64_t		served;

	if (!steer || !lam || !big || !x || !res)
	{
		free(steer);
		free(lam);
		free(big);
		free(x);
		free(res);
		return LMCF_NO_MEMORY;
	}
	served = Served(in, w);
	memcpy(x, w->x, sizeof(int64_t) * ncand);
	memcpy(res, w->res, sizeof(int64_t) * nrow);
	memcpy(lam, w->lambda, sizeof(double) * nrow);
	memcpy(big, w->sku_big, sizeof(double) * in->nsku);
	for (o = 0; o < w->norders; o++)
	{
		int			whs[MAX_ENUM_WH],
					c0 = w->cand_first[w->order_first[o]],
					nw = -1;
		unsigned char bit[4096];

		if (w->cand_first[w->order_first[o + 1]] - c0 <= (int) sizeof(bit))
			nw = lal_order_warehouses(in, w, o, whs, bit);
		for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
			for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
				steer[i] = real[i] +
					((nw >= 0 && !(w->lb_mask[o] >> bit[i - c0] & 1u)) ?
					 pen / (double) in->line_qty[l] : 0.0);
	}
	for (i = 0; i < nrow; i++)
		w->res[i] = in->stock_qty[i];
	memset(w->x, 0, sizeof(int64_t) * ncand);
	w->cand_cost = steer;
	for (s = 0; s < in->nsku && st == LMCF_OPTIMAL; s++)
	{
		if (interrupt != NULL && (s & 255) == 0)
			interrupt(arg);
		st = SolveSku(in, w, s, w->lines, w->hnode, interrupt, arg);
	}
	w->cand_cost = real;
	if (st == LMCF_OPTIMAL)
	{
		if (in->whole_lines)
			WholeLines(in, w);
		(void) LocalSearch(in, w, interrupt, arg);
		c = PlanCost(in, w);
	}
	if (st == LMCF_OPTIMAL && Served(in, w) >= served &&
		(Served(in, w) > served || c < *ub - 1e-9 * (1.0 + fabs(*ub))))
		*ub = c;
	else
	{
		memcpy(w->x, x, sizeof(int64_t) * ncand);
		memcpy(w->res, res, sizeof(int64_t) * nrow);
	}
	memcpy(w->lambda, lam, sizeof(double) * nrow);
	memcpy(w->sku_big, big, sizeof(double) * in->nsku);
	free(steer);
	free(lam);
	free(big);
	free(x);
	free(res);
	return st;
}

LmcfStatus
lal_allocate(const LalAllocInput *in, LalAllocResult *out,
			 LmcfInterrupt interrupt, void *arg)
{
	AllocWork  *w;
	unsigned char *skip;
	int			r,
				l,
				s,
				o;
	int		   *lines,
			   *hnode;
	int64_t		most;
	LmcfStatus	st = LMCF_OPTIMAL;

	memset(out, 0, sizeof(*out));
	out->lower_bound = NAN;
	w = calloc(1, sizeof(AllocWork));
	if (w == NULL)
		return LMCF_NO_MEMORY;
	out->work = w;

	/* stock rows with stock, by SKU */
	skip = malloc((size_t) in->nstock + 1);
	w->res = malloc(sizeof(int64_t) * ((size_t) in->nstock + 1));
	w->lambda = calloc((size_t) in->nstock + 1, sizeof(double));
	if (skip == NULL || w->res == NULL || w->lambda == NULL)
	{
		free(skip);
		return LMCF_NO_MEMORY;
	}
	for (r = 0; r < in->nstock; r++)
	{
		skip[r] = in->stock_qty[r] <= 0;
		w->res[r] = in->stock_qty[r];
	}
	r = Bucket(in->stock_sku, in->nstock, in->nsku, &w->sku_first, &w->srow,
			   skip);
	free(skip);
	if (r != 0 || BuildCandidates(in, w) != 0)
		return LMCF_NO_MEMORY;

	/* orders: line_order is non-decreasing from 0 */
	w->norders = in->nlines > 0 ? in->line_order[in->nlines - 1] + 1 : 0;
	w->order_first = malloc(sizeof(int) * ((size_t) w->norders + 1));
	if (w->order_first == NULL)
		return LMCF_NO_MEMORY;
	for (o = 0, l = 0; o <= w->norders; o++)
	{
		while (l < in->nlines && in->line_order[l] < o)
			l++;
		w->order_first[o] = l;
	}

	if (in->method == LAL_NEAREST)
	{
		Nearest(in, w);
		return Collect(in, w, out) == 0 ? LMCF_OPTIMAL : LMCF_NO_MEMORY;
	}

	if (PrepareRelaxation(in, w) != 0)
		return LMCF_NO_MEMORY;
	lines = w->lines = malloc(sizeof(int) * ((size_t) in->nlines + 1));
	hnode = w->hnode = malloc(sizeof(int) * ((size_t) in->nstock + 1));
	if (lines == NULL || hnode == NULL)
		return LMCF_NO_MEMORY;
	for (s = 0; s < in->nsku && st == LMCF_OPTIMAL; s++)
	{
		if (interrupt != NULL && (s & 255) == 0)
			interrupt(arg);
		st = SolveSku(in, w, s, lines, hnode, interrupt, arg);
	}
	if (st != LMCF_OPTIMAL)
		return st;

	{
		double		relax = 0.0;
		int			i;

		for (i = 0; i < w->cand_first[in->nlines]; i++)
			relax += (double) w->x[i] * w->cand_cost[i];
		out->relaxation_cost = relax / in->qty_scale;
	}
	out->lower_bound = out->relaxation_cost;
	most = Served(in, w);
	if (in->whole_lines)
		WholeLines(in, w);

	if (in->split_penalty > 0.0 || in->whole_lines)
	{
		double		ub,
					lb;

		out->improvements += LocalSearch(in, w, interrupt, arg);
		lal_merge_lines(in, w);
		if (lal_prepare_bound(w) != 0)
			return LMCF_NO_MEMORY;
		ub = PlanCost(in, w);
		lb = lal_root_bound(in, w, ub, interrupt, arg);
		if (!(lb >= ub - 1e-9 * (1.0 + fabs(ub))))
		{
			st = SteeredPlan(in, w, &ub, interrupt, arg);
			if (st != LMCF_OPTIMAL)
				return st;
		}
		/* branch and bound where the budget allows a search */
		if (!(lb >= ub - 1e-9 * (1.0 + fabs(ub))))
		{
			double		b = lal_plan_bound(in, w, ub, interrupt, arg);

			if (b > lb)
				lb = b;
		}
		lb /= in->qty_scale;
		if (lb > out->lower_bound)
			out->lower_bound = lb;
	}

	/*
	 * The bound holds for plans serving the most units; whole lines may
	 * serve fewer, and then cost less than any such plan: no bound.
	 */
	if (Served(in, w) < most)
		out->lower_bound = NAN;
	return Collect(in, w, out) == 0 ? LMCF_OPTIMAL : LMCF_NO_MEMORY;
}
