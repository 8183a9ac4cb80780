/* unit: src/allocation/mcf.c src/allocation/rebalance.c src/allocation/allocate.c src/allocation/allocate_bound.c src/routing/geodesic.c */
/*
 * The rebalancing and split-free order-sourcing kernels against GLPK
 * (glpsol, Debian glpk-utils, installed by scripts/setup.sh) on 50
 * generated instances: the optimal objectives must agree to 1e-9 relative.
 *
 * Each instance is written as a plain LP in CPLEX format from the problem's
 * textbook formulation (a transportation problem: supply rows <=, demand
 * rows =), independently of the network built by the kernels; glpsol's
 * simplex solves it and its solution file (-w) gives the objective with
 * 15 significant digits.  When stock is short in an order-sourcing
 * instance, GLPK first maximises the units served, then minimises the
 * cost with that many served (the kernel's documented priority).
 * Rebalancing instances with a shortfall fix each receiver's quota by the
 * largest-remainder rule, computed here with a plain loop.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocation/allocation.h"
#include "routing/geodesic.h"
#include "tap.h"

static unsigned long long lcg = 12345;

static double
U01(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (lcg >> 11) / 9007199254740992.0;
}

static int
RandInt(int k)
{
	return (int) (U01() * k);
}

/*
 * A file name of this process under /tmp: several worktrees run this test
 * at the same time on one machine, and shared names made them read each
 * other's solutions.
 */
static const char *
TmpPath(const char *name)
{
	static char buf[4][128];
	static int	k = 0;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "/tmp/logistics_alloc_%ld_%s",
			 (long) getpid(), name);
	return buf[k];
}

/* ------------------------------------------------------------------ */
/* A transportation LP: sources with supply (<=), sinks with demand (=) */

typedef struct Lp
{
	int			ns,
				nt;
	double	   *supply;
	double	   *demand;
	double	   *cost;			/* ns * nt, NAN: no arc */
} Lp;

static void
WriteTerms(FILE *f, const Lp *lp, int which, int idx, int objective)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < lp->ns; i++)
		for (j = 0; j < lp->nt; j++)
		{
			double		c = lp->cost[i * lp->nt + j];

			if (isnan(c))
				continue;
			if ((which == 0 && i != idx) || (which == 1 && j != idx))
				continue;
			if (objective)
				fprintf(f, " + %.17g x%d_%d", c, i, j);
			else
				fprintf(f, " + x%d_%d", i, j);
			if (++k % 6 == 0)
				fprintf(f, "\n");
		}
	if (k == 0)
		fprintf(f, " 0 x0_0");
}

/*
 * (which: 0 the terms of source idx, 1 of sink idx, 2 all)
 *
 * Solve with glpsol: phase 1 (maximise the flow, sinks <=) when
 * max_first, then minimise the cost with the flow fixed.  Returns the
 * optimal cost, NAN on failure.
 */
static double
Glpk(const Lp *lp, int max_first)
{
	char		cmd[512];
	FILE	   *f;
	int			i,
				phase;
	double		flow = NAN,
				obj = NAN;

	for (phase = max_first ? 0 : 1; phase < 2; phase++)
	{
		f = fopen(TmpPath("glpk.lp"), "w");
		if (f == NULL)
			return NAN;
		fprintf(f, phase == 0 ? "Maximize\n obj:" : "Minimize\n obj:");
		if (phase == 0)
			WriteTerms(f, lp, 2, 0, 0);
		else
			WriteTerms(f, lp, 2, 0, 1);
		fprintf(f, "\nSubject To\n");
		for (i = 0; i < lp->ns; i++)
		{
			fprintf(f, " s%d:", i);
			WriteTerms(f, lp, 0, i, 0);
			fprintf(f, " <= %.17g\n", lp->supply[i]);
		}
		for (i = 0; i < lp->nt; i++)
		{
			fprintf(f, " t%d:", i);
			WriteTerms(f, lp, 1, i, 0);
			fprintf(f, " %s %.17g\n", max_first ? "<=" : "=", lp->demand[i]);
		}
		if (phase == 1 && max_first)
		{
			fprintf(f, " total:");
			WriteTerms(f, lp, 2, 0, 0);
			/* the maximum flow, a multiple of 1e-6 (quantities have 1 decimal) */
			fprintf(f, " >= %.17g\n", rint(flow * 1e6) / 1e6);
		}
		fprintf(f, "End\n");
		fclose(f);
		snprintf(cmd, sizeof(cmd), "glpsol --lp %s", TmpPath("glpk.lp"));
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
				 " -w %s >/dev/null 2>&1", TmpPath("glpk.sol"));
		if (system(cmd) != 0)
			return NAN;
		f = fopen(TmpPath("glpk.sol"), "r");
		if (f == NULL)
			return NAN;
		{
			char		line[512];
			double		v = NAN;

			while (fgets(line, sizeof(line), f))
			{
				int			r,
							c;
				char		pf,
							df;

				if (sscanf(line, "s bas %d %d %c %c %lf", &r, &c, &pf, &df, &v) == 5)
					break;
			}
			fclose(f);
			if (phase == 0)
				flow = v;
			else
				obj = v;
		}
	}
	return obj;
}

/* ------------------------------------------------------------------ */
/* Rebalancing instances */

/* largest remainder quotas, the plain way: one unit at a time */
static void
Quotas(const int64_t *d, int n, int64_t supply, int64_t *q)
{
	int64_t		total = 0,
				given = 0;
	int			i;
	char	   *got = calloc(n + 1, 1);

	for (i = 0; i < n; i++)
		total += d[i];
	for (i = 0; i < n; i++)
	{
		q[i] = total <= supply ? d[i] : (int64_t) ((long double) d[i] * supply / total);
		/* guard against long double rounding at the boundary */
		while (total > supply && (q[i] + 1) * total <= d[i] * supply)
			q[i]++;
		while (total > supply && q[i] * total > d[i] * supply)
			q[i]--;
		given += q[i];
	}
	while (total > supply && given < supply)
	{
		int			best = -1;
		int64_t		best_rem = -1;

		for (i = 0; i < n; i++)
		{
			int64_t		rem = d[i] * supply - q[i] * total;

			if (!got[i] && rem > best_rem)
			{
				best_rem = rem;
				best = i;
			}
		}
		got[best] = 1;
		q[best]++;
		given++;
	}
	free(got);
}

static int
RebalanceInstance(int k, double *ours, double *theirs)
{
	int			nwh = 3 + RandInt(k < 10 ? 8 : 40),
				nsku = 1 + RandInt(4),
				nrows = nwh * nsku,
				s,
				i,
				j,
				r;
	int			shortfall = k % 2;
	double		dec = (k % 3 == 0) ? 100.0 : 1.0;	/* 2 decimals or none */
	double	   *cost = malloc(sizeof(double) * nwh * nwh);
	int		   *row_sku = malloc(sizeof(int) * nrows);
	int		   *row_wh = malloc(sizeof(int) * nrows);
	int64_t    *on_hand = malloc(sizeof(int64_t) * nrows);
	int64_t    *target = malloc(sizeof(int64_t) * nrows);
	LalRebalanceInput in;
	LalRebalanceResult out;
	LmcfStatus	st;

	for (i = 0; i < nwh * nwh; i++)
		cost[i] = RandInt(100000) / 100.0;
	for (i = 0; i < nwh; i++)
		cost[i * nwh + i] = 0.0;
	for (s = 0, r = 0; s < nsku; s++)
		for (i = 0; i < nwh; i++, r++)
		{
			row_sku[r] = s;
			row_wh[r] = i;
			on_hand[r] = RandInt(200 * (int) dec);
			target[r] = RandInt((shortfall ? 260 : 140) * (int) dec);
		}
	memset(&in, 0, sizeof(in));
	in.nwh = nwh;
	in.lane_cost = cost;
	in.nrows = nrows;
	in.row_sku = row_sku;
	in.row_wh = row_wh;
	in.on_hand = on_hand;
	in.target = target;
	in.max_units = NULL;
	st = lal_rebalance(&in, &out, NULL, NULL);
	*ours = out.cost / dec;
	lal_rebalance_free(&out);
	if (st != LMCF_OPTIMAL)
		return 0;

	/* GLPK: one LP over all SKUs (block diagonal) */
	*theirs = 0.0;
	for (s = 0; s < nsku; s++)
	{
		int			nd = 0,
					nr = 0;
		int64_t		sup = 0;
		int64_t    *def = malloc(sizeof(int64_t) * nwh);
		int64_t    *q = malloc(sizeof(int64_t) * nwh);
		int		   *don = malloc(sizeof(int) * nwh),
				   *rec = malloc(sizeof(int) * nwh);
		Lp			lp;
		double		v;

		for (i = 0; i < nwh; i++)
		{
			r = s * nwh + i;
			if (on_hand[r] > target[r])
			{
				don[nd++] = i;
				sup += on_hand[r] - target[r];
			}
			else if (on_hand[r] < target[r])
			{
				def[nr] = target[r] - on_hand[r];
				rec[nr++] = i;
			}
		}
		if (nd > 0 && nr > 0)
		{
			Quotas(def, nr, sup, q);
			lp.ns = nd;
			lp.nt = nr;
			lp.supply = malloc(sizeof(double) * nd);
			lp.demand = malloc(sizeof(double) * nr);
			lp.cost = malloc(sizeof(double) * nd * nr);
			for (i = 0; i < nd; i++)
				lp.supply[i] = (on_hand[s * nwh + don[i]] - target[s * nwh + don[i]]) / dec;
			for (j = 0; j < nr; j++)
				lp.demand[j] = q[j] / dec;
			for (i = 0; i < nd; i++)
				for (j = 0; j < nr; j++)
					lp.cost[i * nr + j] = cost[don[i] * nwh + rec[j]];
			v = Glpk(&lp, 0);
			*theirs += v;
			free(lp.supply);
			free(lp.demand);
			free(lp.cost);
		}
		free(def);
		free(q);
		free(don);
		free(rec);
	}
	free(cost);
	free(row_sku);
	free(row_wh);
	free(on_hand);
	free(target);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Split-free order sourcing instances */

static int
AllocInstance(int k, double *ours, double *theirs)
{
	int			nwh = 2 + RandInt(8),
				nsku = 1 + RandInt(6),
				nlines = 10 + RandInt(k < 10 ? 30 : 150),
				norders = 1 + nlines / 2,
				nstock = 0,
				i,
				s;
	int			short_stock = k % 2;
	double		dec = (k % 3 == 0) ? 10.0 : 1.0;
	double	   *wh_lat = malloc(sizeof(double) * nwh),
			   *wh_lon = malloc(sizeof(double) * nwh);
	int		   *line_order = malloc(sizeof(int) * nlines),
			   *line_sku = malloc(sizeof(int) * nlines);
	int64_t    *line_qty = malloc(sizeof(int64_t) * nlines);
	double	   *line_lat = malloc(sizeof(double) * nlines),
			   *line_lon = malloc(sizeof(double) * nlines),
			   *line_promise = malloc(sizeof(double) * nlines);
	int		   *stock_wh = malloc(sizeof(int) * nwh * nsku),
			   *stock_sku = malloc(sizeof(int) * nwh * nsku);
	int64_t    *stock_qty = malloc(sizeof(int64_t) * nwh * nsku);
	LalAllocInput in;
	LalAllocResult out;
	LmcfStatus	st;
	double		per_km = 0.01 + RandInt(100) / 100.0;

	for (i = 0; i < nwh; i++)
	{
		wh_lat[i] = 30.0 + 18.0 * U01();
		wh_lon[i] = -120.0 + 45.0 * U01();
	}
	for (i = 0; i < nlines; i++)
	{
		line_order[i] = (int) ((long) i * norders / nlines);
		line_sku[i] = RandInt(nsku);
		line_qty[i] = 1 + RandInt(5 * (int) dec);
		if (i > 0 && line_order[i] == line_order[i - 1])
		{
			line_lat[i] = line_lat[i - 1];
			line_lon[i] = line_lon[i - 1];
		}
		else
		{
			line_lat[i] = 30.0 + 18.0 * U01();
			line_lon[i] = -120.0 + 45.0 * U01();
		}
		/* a third of the lines promise within 1 to 4 days */
		line_promise[i] = RandInt(3) == 0 ? 86400.0 * (1.0 + 3.0 * U01()) : NAN;
	}
	for (s = 0; s < nsku; s++)
		for (i = 0; i < nwh; i++)
			if (RandInt(3) > 0)
			{
				stock_wh[nstock] = i;
				stock_sku[nstock] = s;
				stock_qty[nstock] = RandInt((short_stock ? 8 : 60) * (int) dec);
				nstock++;
			}
	in.nwh = nwh;
	in.wh_lat = wh_lat;
	in.wh_lon = wh_lon;
	in.nlines = nlines;
	in.line_order = line_order;
	in.line_sku = line_sku;
	in.line_qty = line_qty;
	in.line_lat = line_lat;
	in.line_lon = line_lon;
	in.line_promise = line_promise;
	in.nstock = nstock;
	in.stock_wh = stock_wh;
	in.stock_sku = stock_sku;
	in.stock_qty = stock_qty;
	in.nsku = nsku;
	in.cost_per_km = per_km;
	in.split_penalty = 0.0;
	in.qty_scale = dec;
	in.dispatch_days = 1.0;
	in.speed_km_per_day = 800.0;
	in.method = LAL_OPTIMAL;
	in.whole_lines = 0;
	st = lal_allocate(&in, &out, NULL, NULL);
	*ours = out.ship_cost;
	lal_allocation_free(&out);

	/* GLPK: stock rows -> lines, arcs where the promise can be met */
	{
		Lp			lp;
		int			j;

		lp.ns = nstock;
		lp.nt = nlines;
		lp.supply = malloc(sizeof(double) * (nstock + 1));
		lp.demand = malloc(sizeof(double) * nlines);
		lp.cost = malloc(sizeof(double) * (nstock * nlines + 1));
		for (i = 0; i < nstock; i++)
			lp.supply[i] = stock_qty[i] / dec;
		for (j = 0; j < nlines; j++)
			lp.demand[j] = line_qty[j] / dec;
		for (i = 0; i < nstock; i++)
			for (j = 0; j < nlines; j++)
			{
				double		km = lgeod_distance(wh_lat[stock_wh[i]], wh_lon[stock_wh[i]],
												line_lat[j], line_lon[j]) / 1000.0;
				double		eta = 1.0 + km / 800.0;

				lp.cost[i * nlines + j] =
					(stock_sku[i] != line_sku[j] || stock_qty[i] == 0 ||
					 (!isnan(line_promise[j]) && eta * 86400.0 > line_promise[j]))
					? NAN : per_km * km;
			}
		*theirs = Glpk(&lp, 1);
		free(lp.supply);
		free(lp.demand);
		free(lp.cost);
	}
	free(wh_lat);
	free(wh_lon);
	free(line_order);
	free(line_sku);
	free(line_qty);
	free(line_lat);
	free(line_lon);
	free(line_promise);
	free(stock_wh);
	free(stock_sku);
	free(stock_qty);
	return st == LMCF_OPTIMAL;
}

/* ------------------------------------------------------------------ */
/*
 * Band instances (rebalance with min/max): one SKU, warehouses at random
 * points with geodesic costs (a metric, so passing stock through a third
 * warehouse never pays and the textbook LP below has the kernel's
 * optimum).  The LP: x_ij >= 0 for every ordered pair, minimise
 * sum c_ij x_ij subject to min_i <= on_hand_i - sum_j x_ij + sum_j x_ji
 * <= max_i.  Instances are drawn until sum min <= sum on_hand <= sum max
 * (no shortfall or overflow: the LP is feasible).
 */
static int
BandInstance(double *ours, double *theirs)
{
	int			nwh = 3 + RandInt(12),
				i,
				j;
	double		lat[16],
				lon[16],
				cost[16 * 16];
	int			row_sku[16],
				row_wh[16];
	int64_t		on_hand[16],
				mn[16],
				mx[16],
				sh,
				smin,
				smax;
	LalRebalanceInput in;
	LalRebalanceResult out;
	LmcfStatus	st;
	FILE	   *f;

	do
	{
		sh = smin = smax = 0;
		for (i = 0; i < nwh; i++)
		{
			on_hand[i] = RandInt(100);
			mn[i] = RandInt(60);
			mx[i] = mn[i] + RandInt(40);
			sh += on_hand[i];
			smin += mn[i];
			smax += mx[i];
		}
	} while (sh < smin || sh > smax);
	for (i = 0; i < nwh; i++)
	{
		lat[i] = 30.0 + RandInt(1800) / 100.0;
		lon[i] = -120.0 + RandInt(4500) / 100.0;
		row_sku[i] = 0;
		row_wh[i] = i;
	}
	for (i = 0; i < nwh; i++)
		for (j = 0; j < nwh; j++)
			cost[i * nwh + j] = i == j ? 0.0 :
				0.01 * lgeod_distance(lat[i], lon[i], lat[j], lon[j]) / 1000.0;
	memset(&in, 0, sizeof(in));
	in.nwh = nwh;
	in.lane_cost = cost;
	in.nrows = nwh;
	in.row_sku = row_sku;
	in.row_wh = row_wh;
	in.on_hand = on_hand;
	in.target = mn;
	in.max_units = mx;
	st = lal_rebalance(&in, &out, NULL, NULL);
	*ours = out.cost;
	/* no shortfall or excess rows: every warehouse ends inside its band */
	for (i = 0; i < out.n; i++)
		if (out.t[i].from < 0 || out.t[i].to < 0)
			st = LMCF_BAD_INPUT;
	lal_rebalance_free(&out);
	if (st != LMCF_OPTIMAL)
		return 0;

	f = fopen(TmpPath("band.lp"), "w");
	if (f == NULL)
		return 0;
	fprintf(f, "Minimize\n obj: 0 x0_0");
	for (i = 0; i < nwh; i++)
		for (j = 0; j < nwh; j++)
			if (i != j)
				fprintf(f, "\n + %.17g x%d_%d", cost[i * nwh + j], i, j);
	fprintf(f, "\nSubject To\n");
	for (i = 0; i < nwh; i++)
	{
		fprintf(f, " b%d:", i);
		for (j = 0; j < nwh; j++)
			if (i != j)
				fprintf(f, " - x%d_%d + x%d_%d", i, j, j, i);
		fprintf(f, " >= %lld\n", (long long) (mn[i] - on_hand[i]));
		fprintf(f, " c%d:", i);
		for (j = 0; j < nwh; j++)
			if (i != j)
				fprintf(f, " - x%d_%d + x%d_%d", i, j, j, i);
		fprintf(f, " <= %lld\n", (long long) (mx[i] - on_hand[i]));
	}
	fprintf(f, "Bounds\n x0_0 = 0\nEnd\n");
	fclose(f);
	{
		char		cmd[512];

		snprintf(cmd, sizeof(cmd), "glpsol --lp %s", TmpPath("band.lp"));
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
				 " -w %s >/dev/null 2>&1", TmpPath("band.sol"));
		if (system(cmd) != 0)
			return 0;
	}
	f = fopen(TmpPath("band.sol"), "r");
	if (f == NULL)
		return 0;
	{
		char		line[512];
		int			r,
					c;
		char		pf,
					df;

		*theirs = NAN;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "s bas %d %d %c %c %lf", &r, &c, &pf, &df, theirs) == 5)
				break;
		fclose(f);
	}
	return !isnan(*theirs);
}

int
main(void)
{
	int			k,
				agree = 0,
				worst_k = -1;
	double		worst = 0.0;
	char		msg[256];

	if (system("glpsol --version >/dev/null 2>&1") != 0)
	{
		ok(0, "glpsol (glpk-utils) is installed", "run scripts/setup.sh");
		printf("1..%d\n", test_no);
		return 1;
	}
	for (k = 0; k < 50; k++)
	{
		double		ours = NAN,
					theirs = NAN,
					rel;
		int			solved = (k < 25) ? RebalanceInstance(k, &ours, &theirs)
			: AllocInstance(k - 25, &ours, &theirs);

		rel = fabs(ours - theirs) / (fabs(theirs) > 1.0 ? fabs(theirs) : 1.0);
		if (solved && !isnan(theirs) && rel <= 1e-9)
			agree++;
		else
			printf("# instance %d: ours %.17g, glpsol %.17g\n", k, ours, theirs);
		if (!(rel <= worst))
		{
			worst = rel;
			worst_k = k;
		}
	}
	snprintf(msg, sizeof(msg),
			 "%d of 50 within 1e-9 (largest relative difference %.3g, instance %d)",
			 agree, worst, worst_k);
	ok(agree == 50,
	   "rebalance (25) and split-free allocation (25) equal glpsol's optimum",
	   msg);
	agree = 0;
	worst = 0.0;
	for (k = 0; k < 20; k++)
	{
		double		ours = NAN,
					theirs = NAN,
					rel;
		int			solved = BandInstance(&ours, &theirs);

		rel = fabs(ours - theirs) / (fabs(theirs) > 1.0 ? fabs(theirs) : 1.0);
		if (solved && rel <= 1e-9)
			agree++;
		else
			printf("# band instance %d: ours %.17g, glpsol %.17g\n", k, ours, theirs);
		if (!(rel <= worst))
			worst = rel;
	}
	snprintf(msg, sizeof(msg), "%d of 20 within 1e-9 (largest relative difference %.3g)",
			 agree, worst);
	ok(agree == 20, "rebalance with min/max bands equals glpsol's optimum", msg);
	remove(TmpPath("glpk.lp"));
	remove(TmpPath("glpk.sol"));
	remove(TmpPath("band.lp"));
	remove(TmpPath("band.sol"));
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
