/* unit: src/allocation/mcf.c */
/*
 * Unit tests of the network simplex (src/allocation/mcf.c), printing TAP.
 *
 * References independent of the solver: a hand-solved transportation
 * problem, exhaustive enumeration of all integer flows on tiny networks,
 * and successive shortest paths with Bellman-Ford (a different algorithm,
 * written here) on random networks of a few dozen arcs.  The duals are
 * checked by complementary slackness.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocation/mcf.h"
#include "tap.h"

/* a fixed-seed LCG, independent of anything in the solver */
static unsigned long long lcg = 7;

static int
Rand(int k)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int) ((lcg >> 33) % (unsigned long long) k);
}

typedef struct Net
{
	int			n,
				m;
	int			src[64],
				dst[64];
	long long	cap[64];
	double		cost[64];
	long long	b[16];
} Net;

static LmcfStatus
SolveNet(const Net *g, double *obj, long long *flow, double *pi)
{
	LmcfProblem *p = lmcf_create(g->n, g->m);
	LmcfStatus	s;
	int			i;

	for (i = 0; i < g->n; i++)
		lmcf_set_supply(p, i, g->b[i]);
	for (i = 0; i < g->m; i++)
		lmcf_add_arc(p, g->src[i], g->dst[i], g->cap[i], g->cost[i]);
	s = lmcf_solve(p, NULL, NULL);
	if (s == LMCF_OPTIMAL)
	{
		*obj = lmcf_objective(p);
		for (i = 0; i < g->m; i++)
			flow[i] = lmcf_flow(p, i);
		for (i = 0; i < g->n; i++)
			pi[i] = lmcf_potential(p, i);
	}
	lmcf_free(p);
	return s;
}

/* exhaustive search over all flows 0..cap on every arc (tiny nets only) */
static double brute_best;
static long long brute_x[64];

static void
Brute(const Net *g, int a, long long *excess)
{
	long long	x;
	int			i;

	if (a == g->m)
	{
		double		c = 0;

		for (i = 0; i < g->n; i++)
			if (excess[i] != 0)
				return;
		for (i = 0; i < g->m; i++)
			c += brute_x[i] * g->cost[i];
		if (c < brute_best)
			brute_best = c;
		return;
	}
	for (x = 0; x <= g->cap[a]; x++)
	{
		brute_x[a] = x;
		excess[g->src[a]] -= x;
		excess[g->dst[a]] += x;
		Brute(g, a + 1, excess);
		excess[g->src[a]] += x;
		excess[g->dst[a]] -= x;
	}
}

/*
 * Successive shortest paths with Bellman-Ford on the residual network
 * (non-negative costs, so no negative cycle at the start).  Returns the
 * optimum, or INFINITY when the supplies cannot be routed.
 */
static double
Ssp(const Net *g)
{
	int			n = g->n + 2,
				s = g->n,
				t = g->n + 1,
				m = 0,
				i;
	int			from[256],
				to[256];
	long long	rcap[256];
	double		c[256],
				total = 0;
	long long	need = 0;

	for (i = 0; i < g->m; i++)
	{
		from[m] = g->src[i]; to[m] = g->dst[i];
		rcap[m] = g->cap[i]; c[m++] = g->cost[i];
		from[m] = g->dst[i]; to[m] = g->src[i];
		rcap[m] = 0; c[m++] = -g->cost[i];
	}
	for (i = 0; i < g->n; i++)
	{
		if (g->b[i] > 0)
		{
			from[m] = s; to[m] = i; rcap[m] = g->b[i]; c[m++] = 0;
			from[m] = i; to[m] = s; rcap[m] = 0; c[m++] = 0;
			need += g->b[i];
		}
		else if (g->b[i] < 0)
		{
			from[m] = i; to[m] = t; rcap[m] = -g->b[i]; c[m++] = 0;
			from[m] = t; to[m] = i; rcap[m] = 0; c[m++] = 0;
		}
	}
	while (need > 0)
	{
		double		d[32];
		int			pa[32],
					it,
					v;
		long long	f = need;

		for (i = 0; i < n; i++)
		{
			d[i] = INFINITY;
			pa[i] = -1;
		}
		d[s] = 0;
		for (it = 0; it < n; it++)
			for (i = 0; i < m; i++)
				if (rcap[i] > 0 && d[from[i]] + c[i] < d[to[i]] - 1e-12)
				{
					d[to[i]] = d[from[i]] + c[i];
					pa[to[i]] = i;
				}
		if (isinf(d[t]))
			return INFINITY;
		for (v = t; v != s; v = from[pa[v]])
			if (rcap[pa[v]] < f)
				f = rcap[pa[v]];
		for (v = t; v != s; v = from[pa[v]])
		{
			rcap[pa[v]] -= f;
			rcap[pa[v] ^ 1] += f;
		}
		total += f * d[t];
		need -= f;
	}
	return total;
}

/* flows respect bounds and conservation; duals satisfy slackness */
static int
Certificate(const Net *g, const long long *x, const double *pi)
{
	long long	ex[16] = {0};
	int			i;

	for (i = 0; i < g->m; i++)
	{
		double		rc = g->cost[i] + pi[g->src[i]] - pi[g->dst[i]];

		if (x[i] < 0 || x[i] > g->cap[i])
			return 0;
		if (x[i] < g->cap[i] && rc < -1e-9)
			return 0;
		if (x[i] > 0 && rc > 1e-9)
			return 0;
		ex[g->src[i]] -= x[i];
		ex[g->dst[i]] += x[i];
	}
	for (i = 0; i < g->n; i++)
		if (ex[i] != -g->b[i])
			return 0;
	return 1;
}

static void
RandomNet(Net *g, int n, int m, int maxcap, int maxb)
{
	int			i;

	memset(g, 0, sizeof(*g));
	g->n = n;
	g->m = m;
	for (i = 0; i < m; i++)
	{
		g->src[i] = Rand(n);
		g->dst[i] = Rand(n);
		g->cap[i] = Rand(maxcap + 1);
		/* costs with two decimals, as money per unit */
		g->cost[i] = Rand(1000) / 100.0;
	}
	/* random supplies summing to zero */
	for (i = 0; i < n - 1; i++)
		g->b[i] = Rand(2 * maxb + 1) - maxb;
	g->b[n - 1] = 0;
	for (i = 0; i < n - 1; i++)
		g->b[n - 1] -= g->b[i];
}

static int	interrupts = 0;

static void
CountInterrupt(void *arg)
{
	(void) arg;
	interrupts++;
}

int
main(void)
{
	Net			g;
	double		obj,
				pi[16];
	long long	x[64];
	char		msg[200];
	int			k,
				agree,
				certified,
				infeasible;

	/*
	 * By hand: sources A (3 units), B (2); sinks X (2), Y (3); unit costs
	 * A-X 1, A-Y 2, B-X 3, B-Y 5.  With t = A-X flow the plan is A-Y 3 - t,
	 * B-X 2 - t, B-Y t and costs t + 2(3 - t) + 3(2 - t) + 5t = 12 + t:
	 * optimum 12 at t = 0 (A-Y 3, B-X 2).
	 */
	memset(&g, 0, sizeof(g));
	g.n = 4;
	g.m = 4;
	g.b[0] = 3; g.b[1] = 2; g.b[2] = -2; g.b[3] = -3;
	g.src[0] = 0; g.dst[0] = 2; g.cost[0] = 1; g.cap[0] = LMCF_INF;
	g.src[1] = 0; g.dst[1] = 3; g.cost[1] = 2; g.cap[1] = LMCF_INF;
	g.src[2] = 1; g.dst[2] = 2; g.cost[2] = 3; g.cap[2] = LMCF_INF;
	g.src[3] = 1; g.dst[3] = 3; g.cost[3] = 5; g.cap[3] = LMCF_INF;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_OPTIMAL && obj == 12.0 &&
	   x[0] == 0 && x[1] == 3 && x[2] == 2 && x[3] == 0,
	   "hand transportation problem: optimum 12 (A-Y 3, B-X 2)", NULL);
	ok(Certificate(&g, x, pi), "hand problem: duals certify optimality",
	   NULL);

	/* the same with a capacity of 1 on A-Y: A-Y 1, A-X 2, B-Y 2 = 2+2+10 */
	g.cap[1] = 1;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_OPTIMAL && obj == 14.0,
	   "hand problem with A-Y capacity 1: optimum 14", NULL);

	/* supplies that cannot reach the demand */
	g.cap[1] = 0;
	g.cap[3] = 0;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_INFEASIBLE,
	   "no route for Y's demand: infeasible", NULL);

	/* unbalanced supplies are bad input */
	g.cap[1] = g.cap[3] = LMCF_INF;
	g.b[0] = 4;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_BAD_INPUT,
	   "supplies not summing to zero: bad input", NULL);

	/* a negative cycle of infinite capacity */
	memset(&g, 0, sizeof(g));
	g.n = 2;
	g.m = 2;
	g.src[0] = 0; g.dst[0] = 1; g.cost[0] = -2; g.cap[0] = LMCF_INF;
	g.src[1] = 1; g.dst[1] = 0; g.cost[1] = 1; g.cap[1] = LMCF_INF;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_UNBOUNDED,
	   "negative cycle of infinite capacity: unbounded", NULL);
	/* ... and of capacity 5: the cycle saturates, cost -5 */
	g.cap[0] = 5;
	ok(SolveNet(&g, &obj, x, pi) == LMCF_OPTIMAL && obj == -5.0,
	   "negative cycle of capacity 5: optimum -5", NULL);

	/* tiny random networks against enumeration of every flow */
	agree = certified = 0;
	infeasible = 0;
	for (k = 0; k < 1000; k++)
	{
		long long	ex[16];
		LmcfStatus	s;
		int			i;

		RandomNet(&g, 2 + Rand(3), 2 + Rand(5), 3, 3);
		/* Brute wants every excess (supply - out + in) back at zero */
		for (i = 0; i < 16; i++)
			ex[i] = g.b[i];
		brute_best = INFINITY;
		Brute(&g, 0, ex);
		s = SolveNet(&g, &obj, x, pi);
		if (isinf(brute_best))
		{
			agree += (s == LMCF_INFEASIBLE);
			certified++;
			infeasible++;
		}
		else
		{
			agree += (s == LMCF_OPTIMAL &&
					  fabs(obj - brute_best) <= 1e-9 * (1 + fabs(obj)));
			certified += (s == LMCF_OPTIMAL && Certificate(&g, x, pi));
		}
	}
	snprintf(msg, sizeof(msg), "%d of 1000 agree (%d infeasible)", agree,
			 infeasible);
	ok(agree == 1000, "tiny random networks: optimum equals enumeration", msg);
	ok(certified == 1000, "tiny random networks: duals certify the flows",
	   NULL);

	/* larger random networks against successive shortest paths */
	agree = certified = 0;
	infeasible = 0;
	for (k = 0; k < 300; k++)
	{
		double		ref;
		LmcfStatus	s;

		RandomNet(&g, 4 + Rand(9), 20 + Rand(40), 1 + Rand(20), 6);
		ref = Ssp(&g);
		s = SolveNet(&g, &obj, x, pi);
		if (isinf(ref))
		{
			agree += (s == LMCF_INFEASIBLE);
			certified++;
			infeasible++;
		}
		else
		{
			agree += (s == LMCF_OPTIMAL &&
					  fabs(obj - ref) <= 1e-9 * (1 + fabs(ref)));
			certified += (s == LMCF_OPTIMAL && Certificate(&g, x, pi));
		}
	}
	snprintf(msg, sizeof(msg), "%d of 300 agree (%d infeasible)", agree,
			 infeasible);
	ok(agree == 300, "random networks: optimum equals successive shortest paths",
	   msg);
	ok(certified == 300, "random networks: duals certify the flows", NULL);

	/*
	 * Warm starts: from the optimal flow of a first solve (a basic
	 * solution: its free arcs form a forest), from an infeasible flow (all
	 * zero: ignored), and from the hand problem's worst plan (A-X 2, A-Y 1,
	 * B-Y 2, a spanning tree, cost 2 + 2 + 10 = 14) to 12.
	 */
	{
		int			same = 0;

		for (k = 0; k < 200; k++)
		{
			LmcfProblem *p;
			double		obj2 = NAN,
						obj3 = NAN;
			long long	zero[64] = {0};
			int64_t		x0[64];
			int			i;

			RandomNet(&g, 4 + Rand(9), 20 + Rand(40), 1 + Rand(20), 6);
			if (SolveNet(&g, &obj, x, pi) != LMCF_OPTIMAL)
			{
				same++;
				continue;
			}
			p = lmcf_create(g.n, g.m);
			for (i = 0; i < g.n; i++)
				lmcf_set_supply(p, i, g.b[i]);
			for (i = 0; i < g.m; i++)
				lmcf_add_arc(p, g.src[i], g.dst[i], g.cap[i], g.cost[i]);
			for (i = 0; i < g.m; i++)
				x0[i] = x[i];
			if (lmcf_solve_from(p, x0, NULL, NULL) == LMCF_OPTIMAL)
				obj2 = lmcf_objective(p);
			for (i = 0; i < g.m; i++)
				x0[i] = zero[i];
			if (lmcf_solve_from(p, x0, NULL, NULL) == LMCF_OPTIMAL)
				obj3 = lmcf_objective(p);
			same += fabs(obj2 - obj) <= 1e-9 * (1 + fabs(obj)) &&
				fabs(obj3 - obj) <= 1e-9 * (1 + fabs(obj));
			lmcf_free(p);
		}
		ok(same == 200, "warm starts from an optimum and from a non-flow",
		   NULL);
	}
	{
		LmcfProblem *p = lmcf_create(4, 4);
		int64_t		x0[4] = {2, 1, 0, 2};
		long		pivots;

		lmcf_set_supply(p, 0, 3);
		lmcf_set_supply(p, 1, 2);
		lmcf_set_supply(p, 2, -2);
		lmcf_set_supply(p, 3, -3);
		lmcf_add_arc(p, 0, 2, LMCF_INF, 1);
		lmcf_add_arc(p, 0, 3, LMCF_INF, 2);
		lmcf_add_arc(p, 1, 2, LMCF_INF, 3);
		lmcf_add_arc(p, 1, 3, LMCF_INF, 5);
		ok(lmcf_solve_from(p, x0, NULL, NULL) == LMCF_OPTIMAL &&
		   lmcf_objective(p) == 12.0 && lmcf_flow(p, 1) == 3 &&
		   lmcf_flow(p, 2) == 2, "warm start from the plan of cost 14 to 12",
		   NULL);
		pivots = lmcf_pivots(p);
		ok(pivots >= 1 && pivots <= 3, "... in at most 3 pivots", NULL);
		lmcf_free(p);
	}

	/*
	 * Grids (lmcf_add_grid): random transportation problems of up to 5 x
	 * 5 lanes, some lanes missing (INFINITY), plus a few capacitated arcs
	 * between the receivers after the grid, against successive shortest
	 * paths on the same network written arc by arc (a missing lane is an
	 * arc of capacity 0; an uncapacitated one gets the total supply, which
	 * no flow exceeds).  The flows and duals must also certify optimality,
	 * and every arc with flow must be a tree arc (lmcf_tree_arcs).
	 */
	{
		int			same = 0,
					cert = 0,
					inside = 0,
					nmissing = 0,
					ninfeasible = 0;

		for (k = 0; k < 300; k++)
		{
			int			nr = 1 + Rand(5),
						nc = 1 + Rand(5),
						i,
						j,
						extra = Rand(4),
						missing = Rand(3) == 0;
			double		gc[25];
			long long	total = 0;
			LmcfProblem *p;
			LmcfStatus	s;
			double		ref;

			memset(&g, 0, sizeof(g));
			g.n = nr + nc;
			for (i = 0; i < nr; i++)
			{
				g.b[i] = Rand(7);
				total += g.b[i];
			}
			/* the demands split the total at random */
			for (i = 0; i < total; i++)
				g.b[nr + Rand(nc)]--;
			for (i = 0; i < nr; i++)
				for (j = 0; j < nc; j++)
				{
					int			a = i * nc + j;

					gc[a] = Rand(1000) / 100.0;
					g.src[a] = i;
					g.dst[a] = nr + j;
					g.cost[a] = gc[a];
					g.cap[a] = total;
					if (missing && Rand(3) == 0)
					{
						gc[a] = INFINITY;
						g.cost[a] = 0.0;
						g.cap[a] = 0;
						nmissing++;
					}
				}
			g.m = nr * nc + extra;
			for (i = nr * nc; i < g.m; i++)
			{
				g.src[i] = nr + Rand(nc);
				g.dst[i] = nr + Rand(nc);
				g.cap[i] = Rand(4);
				g.cost[i] = Rand(300) / 100.0;
			}
			ref = Ssp(&g);
			p = lmcf_create(g.n, g.m);
			for (i = 0; i < g.n; i++)
				lmcf_set_supply(p, i, g.b[i]);
			lmcf_add_grid(p, nr, nc, gc);
			for (i = nr * nc; i < g.m; i++)
				lmcf_add_arc(p, g.src[i], g.dst[i], g.cap[i], g.cost[i]);
			s = lmcf_solve(p, NULL, NULL);
			if (isinf(ref))
			{
				ninfeasible++;
				same += s == LMCF_INFEASIBLE;
				cert++;
				inside++;
			}
			else if (s == LMCF_OPTIMAL)
			{
				int			tree[16],
							nt = lmcf_tree_arcs(p, tree),
							all = nt <= g.n;

				same += fabs(lmcf_objective(p) - ref) <= 1e-9 * (1 + fabs(ref));
				for (i = 0; i < g.m; i++)
					x[i] = lmcf_flow(p, i);
				for (i = 0; i < g.n; i++)
					pi[i] = lmcf_potential(p, i);
				cert += Certificate(&g, x, pi);
				/* grid arcs with flow are in the tree (no upper bound) */
				for (i = 0; i < nr * nc; i++)
					if (x[i] > 0)
					{
						int			t,
									found = 0;

						for (t = 0; t < nt; t++)
							found |= tree[t] == i;
						all &= found;
					}
				inside += all;
			}
			lmcf_free(p);
		}
		snprintf(msg, sizeof(msg), "%d of 300 agree (%d infeasible, %d lanes missing)",
				 same, ninfeasible, nmissing);
		ok(same == 300 && ninfeasible > 0 && nmissing > 0,
		   "grids: optimum equals successive shortest paths", msg);
		ok(cert == 300, "grids: duals certify the flows", NULL);
		ok(inside == 300, "grids: lanes with flow are tree arcs", NULL);
	}

	/*
	 * A start given as a list (lmcf_solve_from_list): the hand problem's
	 * plan of cost 14 as a grid, then lists that do not qualify (an arc
	 * twice, an arc out of range, flows that do not balance), which the
	 * solver ignores: all end at the optimum 12 (A-Y 3, B-X 2).
	 */
	{
		LmcfProblem *p = lmcf_create(4, 4);
		double		gc[4] = {1, 2, 3, 5};
		int			arc14[3] = {0, 1, 3},
					twice[4] = {0, 1, 3, 3},
					range[3] = {0, 1, 4},
					tree[4];
		int64_t		x14[4] = {2, 1, 2, 1},
					half[3] = {1, 1, 1};
		int			good = 0;

		lmcf_set_supply(p, 0, 3);
		lmcf_set_supply(p, 1, 2);
		lmcf_set_supply(p, 2, -2);
		lmcf_set_supply(p, 3, -3);
		ok(lmcf_add_grid(p, 2, 2, gc) == 0 && lmcf_add_grid(p, 2, 2, gc) == -1,
		   "a grid goes first, once", NULL);
		ok(lmcf_solve_from_list(p, 3, arc14, x14, NULL, NULL) == LMCF_OPTIMAL &&
		   lmcf_objective(p) == 12.0 && lmcf_flow(p, 1) == 3 &&
		   lmcf_flow(p, 2) == 2 && lmcf_pivots(p) >= 1 &&
		   lmcf_pivots(p) <= 3,
		   "list start from the plan of cost 14 to 12 in at most 3 pivots",
		   NULL);
		ok(lmcf_tree_arcs(p, tree) == 3, "3 tree arcs for 4 nodes", NULL);
		good += lmcf_solve_from_list(p, 4, twice, x14, NULL, NULL) == LMCF_OPTIMAL &&
			lmcf_objective(p) == 12.0;
		good += lmcf_solve_from_list(p, 3, range, x14, NULL, NULL) == LMCF_OPTIMAL &&
			lmcf_objective(p) == 12.0;
		good += lmcf_solve_from_list(p, 3, arc14, half, NULL, NULL) == LMCF_OPTIMAL &&
			lmcf_objective(p) == 12.0;
		ok(good == 3, "lists that are no flow are ignored", NULL);
		lmcf_free(p);
	}

	/* decimal scaling of fractional quantities */
	{
		double		a[] = {1, 2.5, 0.25, 7};
		double		b[] = {3, 4};
		double		c[] = {0.1, 0.7, 1234567.891};
		double		d[] = {1.0 / 3.0};
		double		e[] = {0.0000001};

		ok(lmcf_decimal_scale(a, 4, 6) == 2, "1, 2.5, 0.25, 7 need 2 decimals",
		   NULL);
		ok(lmcf_decimal_scale(b, 2, 6) == 0, "integers need none", NULL);
		ok(lmcf_decimal_scale(c, 3, 6) == 3, "0.1, 0.7, 1234567.891 need 3",
		   NULL);
		ok(lmcf_decimal_scale(d, 1, 6) == -1, "1/3 has no finite decimals",
		   NULL);
		ok(lmcf_decimal_scale(e, 1, 6) == -1, "1e-7 needs more than 6", NULL);
	}

	/* a 300 x 300 transportation problem: the callback runs */
	{
		int			ns = 300,
					i,
					j;
		LmcfProblem *p = lmcf_create(2 * ns, ns * ns);
		LmcfStatus	s;

		/* sink j takes exactly source j's supply, so the total balances */
		for (i = 0; i < ns; i++)
		{
			long long	b = 10 + Rand(20);

			lmcf_set_supply(p, i, b);
			lmcf_set_supply(p, ns + i, -b);
		}
		for (i = 0; i < ns; i++)
			for (j = 0; j < ns; j++)
				lmcf_add_arc(p, i, ns + j, LMCF_INF, Rand(10000) / 10.0);
		interrupts = 0;
		s = lmcf_solve(p, CountInterrupt, NULL);
		snprintf(msg, sizeof(msg), "%ld pivots, %d calls", lmcf_pivots(p),
				 interrupts);
		ok(s == LMCF_OPTIMAL && interrupts > 0,
		   "300 x 300 transportation: optimal and the interrupt callback ran",
		   msg);
		lmcf_free(p);
	}

	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
