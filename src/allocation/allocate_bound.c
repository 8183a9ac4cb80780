/*
 * allocate_bound.c
 *		The lower bound of allocate_orders with split penalties (see
 *		allocate.c, steps 3 and 5): Lagrangian relaxation of the stock that
 *		orders share, subgradient steps, and a branch and bound on it.
 */
#include "allocation/allocate_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Lines of one order with the same SKU and the same candidates (rows and
 * unit costs: the same point and promise) draw on the same stock rows, so
 * the bound's subproblem must see them as one line: two lines wanting 1 and
 * 2 units from a warehouse that holds 2 cannot both be filled there, and
 * pricing them apart would let the bound skip the split the plan pays for.
 * mqty[l] gets the order's units of l's SKU on the first such line, 0 on
 * the others.  Lines are compared with the MERGE_WINDOW lines before them
 * (an order of thousands of lines merges less; the bound stays valid).
 */
#define MERGE_WINDOW	64

void
lal_merge_lines(const LalAllocInput *in, AllocWork *w)
{
	int			o,
				l,
				k;

	for (o = 0; o < w->norders; o++)
		for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
		{
			int			n = w->cand_first[l + 1] - w->cand_first[l];

			w->mqty[l] = in->line_qty[l];
			for (k = l - 1; n > 0 && k >= w->order_first[o] && k >= l - MERGE_WINDOW; k--)
			{
				int			i;

				if (w->mqty[k] == 0 || in->line_sku[k] != in->line_sku[l] ||
					w->cand_first[k + 1] - w->cand_first[k] != n)
					continue;
				for (i = 0; i < n; i++)
					if (w->cand_row[w->cand_first[k] + i] != w->cand_row[w->cand_first[l] + i] ||
						w->cand_cost[w->cand_first[k] + i] != w->cand_cost[w->cand_first[l] + i])
						break;
				if (i == n)
				{
					w->mqty[k] += in->line_qty[l];
					w->mqty[l] = 0;
					break;
				}
			}
		}
}

/* A line's candidates by price c + lambda (see LineFill). */
typedef struct Priced
{
	double		v;
	int			row;
	int			bit;
} Priced;

/*
 * Line l's candidates sorted by price c + lambda into p[]; returns how
 * many.  bit[] as lal_order_warehouses sets it (NULL: all bit 0).
 */
static int
LinePrices(const AllocWork *w, int l, int c0, const unsigned char *bit,
		   Priced *p)
{
	int			i,
				j,
				n = 0;

	for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
	{
		Priced		x;

		x.v = w->cand_cost[i] + w->lambda[w->cand_row[i]];
		x.row = w->cand_row[i];
		x.bit = bit ? bit[i - c0] : 0;
		for (j = n; j > 0 && p[j - 1].v > x.v; j--)
			p[j] = p[j - 1];
		p[j] = x;
		n++;
	}
	return n;
}

/*
 * The cheapest way for qty units of one line (or of several merged by
 * MergeLines) to come from the warehouses of mask at prices p[] (sorted),
 * each stock row up to its whole stock, the rest unserved at big a unit;
 * usage[] (if not NULL) gets the units taken.  Lines of different SKUs
 * never share a stock row; lines of one SKU that MergeLines could not merge
 * are priced as if each had the rows to itself, a relaxation: the bound
 * stays valid.
 */
static double
LineFill(const LalAllocInput *in, int64_t qty, const Priced *p, int np,
		 unsigned mask, double big, double *usage)
{
	int64_t		rem = qty;
	double		c = 0.0;
	int			i;

	for (i = 0; i < np && rem > 0; i++)
	{
		int64_t		take;

		if (!(mask >> p[i].bit & 1u) || p[i].v >= big)
			continue;
		take = in->stock_qty[p[i].row] < rem ? in->stock_qty[p[i].row] : rem;
		c += (double) take * p[i].v;
		rem -= take;
		if (usage)
			usage[p[i].row] += (double) take;
	}
	return c + (double) rem * big;
}

/*
 * The Lagrangian bound L(lambda) (see the header), in scaled units, at the
 * prices in w->lambda.  Each order's subproblem keeps the stock limits as
 * if the order were alone (a constraint every plan meets), so an order
 * that no single warehouse can fill pays its split penalty in the bound.
 * usage[] (if not NULL) gets the units each stock row gives in the
 * minimising plan, for the subgradient.
 */
static double
LowerBound(const LalAllocInput *in, AllocWork *w, double *usage)
{
	double		total = 0.0;
	int			o,
				r,
				s;
	double		pen = in->split_penalty * in->qty_scale;
	Priced		p[MAX_ENUM_WH * 8];

	w->lb_calls++;
	if (usage)
		memset(usage, 0, sizeof(double) * in->nstock);
	for (o = 0; o < w->norders; o++)
	{
		int			whs[MAX_ENUM_WH],
					c0 = w->cand_first[w->order_first[o]],
					nw,
					l;
		unsigned char bit[4096];

		nw = (w->cand_first[w->order_first[o + 1]] - c0 <= (int) sizeof(bit))
			? lal_order_warehouses(in, w, o, whs, bit) : -1;
		if (nw >= 0)
		{
			unsigned	nm = 1u << nw,
						mask,
						best_mask = 0;
			double		best = INFINITY;

			for (mask = 0; mask < nm; mask++)
				w->acc[mask] = 0.0;
			for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
			{
				double		big = w->sku_big[in->line_sku[l]];
				int			np;

				if (w->cand_first[l + 1] == w->cand_first[l] || w->mqty[l] == 0)
					continue;	/* never served, or merged into another */
				/* a line's candidates are distinct warehouses: <= nw */
				np = LinePrices(w, l, c0, bit, p);
				for (mask = 0; mask < nm; mask++)
					w->acc[mask] += LineFill(in, w->mqty[l], p, np, mask, big, NULL);
			}
			for (mask = 0; mask < nm; mask++)
			{
				int			k = __builtin_popcount(mask);
				double		c = w->acc[mask] + (k > 1 ? pen * (k - 1) : 0.0);

				if ((mask & ~w->allow[o]) != 0 ||
					(mask & w->force[o]) != w->force[o])
					continue;	/* excluded by the branch */
				if (c < best)
				{
					best = c;
					best_mask = mask;
				}
			}
			total += best;
			w->lb_mask[o] = best_mask;
			if (usage)
				for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
					if (w->cand_first[l + 1] > w->cand_first[l] && w->mqty[l] > 0)
					{
						int			np = LinePrices(w, l, c0, bit, p);

						LineFill(in, w->mqty[l], p, np, best_mask,
								 w->sku_big[in->line_sku[l]], usage);
					}
		}
		else
		{
			/* too many warehouses to enumerate: no penalty in the bound */
			for (l = w->order_first[o]; l < w->order_first[o + 1]; l++)
			{
				int			np;

				if (w->cand_first[l + 1] == w->cand_first[l] || w->mqty[l] == 0 ||
					w->cand_first[l + 1] - w->cand_first[l] > MAX_ENUM_WH * 8)
					continue;
				np = LinePrices(w, l, 0, NULL, p);
				total += LineFill(in, w->mqty[l], p, np, 1u, w->sku_big[in->line_sku[l]],
								  usage);
			}
		}
	}
	for (r = 0; r < in->nstock; r++)
		total -= w->lambda[r] * (double) in->stock_qty[r];
	for (s = 0; s < in->nsku; s++)
		total -= w->sku_big[s] * (double) w->sku_unmet[s];
	return total;
}

/*
 * The best bound of a few subgradient steps from the relaxation's prices
 * (Held, Wolfe and Crowder, "Validation of subgradient optimization", Math.
 * Programming 6 (1974) 62-88: step theta (ub - L) / |g|^2, theta halved
 * after 3 steps without progress).  ub: the plan's cost, scaled (L has its
 * M terms subtracted already).  Every L(lambda >= 0) is a valid bound.
 */
static double
SubgradientBound(const LalAllocInput *in, AllocWork *w, double ub,
				 double *usage, double *best_lambda,
				 LmcfInterrupt interrupt, void *arg)
{
	double		best,
				cur,
				theta = 1.0;
	int			it,
				stall = 0;

	best = cur = LowerBound(in, w, usage);
	memcpy(best_lambda, w->lambda, sizeof(double) * in->nstock);
	for (it = 0; it < MAX_SUBGRADIENT && ub - best > 1e-5 * fabs(ub); it++)
	{
		double		norm = 0.0,
					t;
		int			r;

		if (interrupt != NULL)
			interrupt(arg);
		for (r = 0; r < in->nstock; r++)
		{
			double		g = usage[r] - (double) in->stock_qty[r];

			/* a price at zero cannot go lower */
			if (g > 0 || w->lambda[r] > 0)
				norm += g * g;
		}
		if (norm == 0.0)
			break;
		/* the last L, not the best, sets the step (Polyak) */
		t = theta * (ub - cur) / norm;
		for (r = 0; r < in->nstock; r++)
		{
			double		x = w->lambda[r] + t * (usage[r] - (double) in->stock_qty[r]);

			w->lambda[r] = x > 0.0 ? x : 0.0;
		}
		cur = LowerBound(in, w, usage);
		if (cur > best + 1e-12 * fabs(best))
		{
			best = cur;
			stall = 0;
			memcpy(best_lambda, w->lambda, sizeof(double) * in->nstock);
		}
		else if (++stall >= 3)
		{
			theta /= 2;
			stall = 0;
		}
	}
	/* back to the best prices, with usage and lb_mask of that bound */
	if (cur != best)
	{
		memcpy(w->lambda, best_lambda, sizeof(double) * in->nstock);
		(void) LowerBound(in, w, usage);
	}
	return best;
}

/*
 * Branch and bound on the bound: the Lagrangian dual above is as strong as
 * the linear relaxation of the usual formulation (x_lw <= q_l y_ow), and
 * that relaxation has an integrality gap where an order may be partly
 * served (a short SKU): mixing "the order's units from w1" with "none of
 * them, the rest from w3" lets it pay a fraction of a parcel.  Branching on
 * y_ow (order o may not use w | o pays a parcel at w) removes such
 * mixtures: each node's Lagrangian bound is valid for the plans of its
 * branch, so min over the leaves is a valid bound on every plan, higher than
 * the root's when the branching bites.  Depth first; the order to branch on
 * is one whose choice at the node's best prices uses stock that the node's
 * solution over- or under-uses while it is priced (where the relaxation
 * and the plans disagree); the warehouse is one of its choice's.  Stops at
 * BB_MAX_NODES nodes or BB_MAX_WORK line evaluations; a node left
 * unexplored counts with its own bound, so the result is always valid.
 * Only the bound is searched: the plan is the heuristic's.
 */
#define BB_MAX_NODES	256
#define BB_MAX_DEPTH	32
#define BB_MAX_WORK		((long) 1 << 22)
#define BB_MIN_NODES	8

typedef struct BbState
{
	double		ub;				/* the plan's cost, scaled */
	double		tol;
	long		nodes;
	long		budget;			/* LowerBound calls allowed */
	double	   *usage;
} BbState;

static int
BranchOrder(const LalAllocInput *in, AllocWork *w, const double *usage,
			unsigned *bit_out)
{
	int			o;

	for (o = 0; o < w->norders; o++)
	{
		int			whs[MAX_ENUM_WH],
					c0 = w->cand_first[w->order_first[o]],
					nw,
					l,
					i;
		unsigned char bit[4096];
		unsigned	free_bits,
					m;
		int			conflict = 0;

		if (w->cand_first[w->order_first[o + 1]] - c0 > (int) sizeof(bit))
			continue;
		nw = lal_order_warehouses(in, w, o, whs, bit);
		if (nw < 2)
			continue;
		free_bits = w->allow[o] & ~w->force[o] & ((1u << nw) - 1);
		if (free_bits == 0)
			continue;
		for (l = w->order_first[o]; !conflict && l < w->order_first[o + 1]; l++)
			for (i = w->cand_first[l]; i < w->cand_first[l + 1]; i++)
			{
				int			r = w->cand_row[i];

				if (usage[r] > (double) in->stock_qty[r] ||
					(w->lambda[r] > 0.0 && usage[r] < (double) in->stock_qty[r]))
				{
					conflict = 1;
					break;
				}
			}
		if (!conflict)
			continue;
		m = w->lb_mask[o] & free_bits;
		if (m == 0)
			m = free_bits;
		*bit_out = m & (~m + 1);	/* the lowest */
		return o;
	}
	return -1;
}

static double
BranchBound(const LalAllocInput *in, AllocWork *w, BbState *bb, int depth,
			LmcfInterrupt interrupt, void *arg)
{
	double	   *lam = malloc(sizeof(double) * ((size_t) in->nstock + 1));
	double		lb,
				v0,
				v1;
	unsigned	bit,
				allow,
				force;
	int			o;

	if (lam == NULL)
		return -INFINITY;
	bb->nodes++;
	lb = SubgradientBound(in, w, bb->ub, bb->usage, lam, interrupt, arg);
	if (lb >= bb->ub - bb->tol || depth >= BB_MAX_DEPTH ||
		bb->nodes >= BB_MAX_NODES || w->lb_calls >= bb->budget ||
		(o = BranchOrder(in, w, bb->usage, &bit)) < 0)
	{
		free(lam);
		return lb;
	}
	/* lam = this node's best prices, the children's start */
	memcpy(lam, w->lambda, sizeof(double) * in->nstock);
	allow = w->allow[o];
	force = w->force[o];
	w->allow[o] = allow & ~bit;
	v0 = BranchBound(in, w, bb, depth + 1, interrupt, arg);
	w->allow[o] = allow;
	memcpy(w->lambda, lam, sizeof(double) * in->nstock);
	if (v0 > lb)
	{
		w->force[o] = force | bit;
		v1 = BranchBound(in, w, bb, depth + 1, interrupt, arg);
		w->force[o] = force;
		memcpy(w->lambda, lam, sizeof(double) * in->nstock);
		if (v1 < v0)
			v0 = v1;
	}
	free(lam);
	return v0 > lb ? v0 : lb;
}

/* Per-order state of the bound's branch and bound: nothing fixed. */
int
lal_prepare_bound(AllocWork *w)
{
	int			o;

	w->allow = malloc(sizeof(unsigned) * ((size_t) w->norders + 1));
	w->force = calloc((size_t) w->norders + 1, sizeof(unsigned));
	w->lb_mask = calloc((size_t) w->norders + 1, sizeof(unsigned));
	if (!w->allow || !w->force || !w->lb_mask)
		return -1;
	for (o = 0; o < w->norders; o++)
		w->allow[o] = ~0u;
	return 0;
}

/*
 * The root's bound alone: subgradient steps from the relaxation's prices,
 * leaving the best prices in lambda and the subproblems' choices in
 * lb_mask.  Scaled units.
 */
double
lal_root_bound(const LalAllocInput *in, AllocWork *w, double ub,
		  LmcfInterrupt interrupt, void *arg)
{
	double	   *usage = malloc(sizeof(double) * ((size_t) in->nstock + 1)),
			   *lam = malloc(sizeof(double) * ((size_t) in->nstock + 1)),
				lb = -INFINITY;

	if (usage && lam)
		lb = SubgradientBound(in, w, ub, usage, lam, interrupt, arg);
	free(usage);
	free(lam);
	return lb;
}

/*
 * The lower bound: subgradient steps at the root (again, from the best
 * prices so far), then branch and bound while the gap is open and the
 * budget lasts; -INFINITY when the batch is too large to search (fewer
 * than BB_MIN_NODES nodes' work in BB_MAX_WORK).  Scaled units.
 */
double
lal_plan_bound(const LalAllocInput *in, AllocWork *w, double ub,
		  LmcfInterrupt interrupt, void *arg)
{
	BbState		bb;
	double		lb;
	long		ncand = w->cand_first[in->nlines] + 1;

	if (BB_MAX_WORK / ncand < BB_MIN_NODES * (2 * MAX_SUBGRADIENT + 2))
		return -INFINITY;		/* too large to search */
	bb.usage = malloc(sizeof(double) * ((size_t) in->nstock + 1));
	if (bb.usage == NULL)
		return -INFINITY;
	bb.ub = ub;
	bb.tol = 1e-9 * (1.0 + fabs(ub));
	bb.nodes = 0;
	w->lb_calls = 0;
	bb.budget = BB_MAX_WORK / ncand;
	if (bb.budget < 2 * MAX_SUBGRADIENT + 4)
		bb.budget = 2 * MAX_SUBGRADIENT + 4;	/* the root's steps */
	lb = BranchBound(in, w, &bb, 0, interrupt, arg);
	free(bb.usage);
	return lb;
}

