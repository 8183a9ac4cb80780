/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the route pool and its set partitioning step
 * (src/routing/vrp_pool.c), printing TAP.
 *
 * 1. VrpSetPartition against a dynamic programme written here: on small
 *    random pools (up to 11 jobs, up to 60 columns of 1-5 jobs, with and
 *    without a limit on the number of columns), the least cost of an exact
 *    cover is f(all jobs, k), f(S, k) = min over columns c within S that
 *    hold the lowest job of S of cost(c) + f(S \ c, k - 1).  The branch and
 *    bound must find that cost when the bound to beat is above it (and a
 *    pick that is an exact cover of that cost, within the limit), and
 *    report nothing when the bound is the optimum itself or when no cover
 *    exists.
 * 2. The pool on a small CVRP set up by VrpSetup: the same set of jobs
 *    in two orders is one entry with the cheaper order; two hand-made
 *    plans whose best combination is known by construction (see the
 *    case) give that combination.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/vrp_int.h"
#include "tap.h"

static unsigned long long lcg = 7;

static double
Uniform(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (lcg >> 11) / 9007199254740992.0;
}

#define MAXJ 11
#define MAXC 60
#define BIG 1e300

/* ------------------------------------------------- 1. against the DP */

typedef struct Pool
{
	int			nj;
	int			ncol;
	int			start[MAXC + 1];
	int			item[MAXC * 5];
	double		cost[MAXC];
	unsigned	mask[MAXC];
} Pool;

static void
RandomPool(Pool *p, int nj, int ncol)
{
	int			k;

	p->nj = nj;
	p->ncol = ncol;
	p->start[0] = 0;
	for (k = 0; k < ncol; k++)
	{
		int			len = 1 + (int) (Uniform() * 5),
					q,
					n = p->start[k];

		if (len > nj)
			len = nj;
		p->mask[k] = 0;
		for (q = 0; q < len; q++)
		{
			int			j = (int) (Uniform() * nj);

			if (p->mask[k] & (1u << j))
				continue;		/* a repeat: the column is shorter */
			p->mask[k] |= 1u << j;
			p->item[n++] = j;
		}
		p->start[k + 1] = n;
		/* integers, with ties between covers on purpose */
		p->cost[k] = floor(1 + Uniform() * 10 * (n - p->start[k]));
	}
}

/* f(S, k) above, by memoised recursion; BIG: no cover */
static double memo[1 << MAXJ][MAXJ + 2];

static double
Dp(const Pool *p, unsigned s, int k)
{
	double		best = BIG;
	int			low,
				c;

	if (s == 0)
		return 0;
	if (k == 0)
		return BIG;
	if (memo[s][k] >= 0)
		return memo[s][k];
	for (low = 0; !(s & (1u << low)); low++)
		;
	for (c = 0; c < p->ncol; c++)
		if ((p->mask[c] & (1u << low)) && (p->mask[c] & ~s) == 0)
		{
			double		rest = Dp(p, s & ~p->mask[c], k - 1);

			if (rest < BIG && p->cost[c] + rest < best)
				best = p->cost[c] + rest;
		}
	memo[s][k] = best;
	return best;
}

static double
DpSolve(const Pool *p, int maxk)
{
	unsigned	s;
	int			k;

	for (s = 0; s < (1u << p->nj); s++)
		for (k = 0; k <= MAXJ + 1; k++)
			memo[s][k] = -1;
	return Dp(p, (1u << p->nj) - 1, maxk > 0 ? maxk : p->nj);
}

/* Is pick an exact cover of cost val with at most maxk columns? */
static int
IsCover(const Pool *p, const int *pick, int n, int maxk, double val)
{
	unsigned	seen = 0;
	double		cost = 0;
	int			i;

	if (maxk > 0 && n > maxk)
		return 0;
	for (i = 0; i < n; i++)
	{
		if (pick[i] < 0 || pick[i] >= p->ncol || (seen & p->mask[pick[i]]))
			return 0;
		seen |= p->mask[pick[i]];
		cost += p->cost[pick[i]];
	}
	return seen == (1u << p->nj) - 1 && fabs(cost - val) < 1e-9;
}

static void
TestAgainstDp(void)
{
	Ctx			c;
	int			t,
				bad_opt = 0,
				bad_cover = 0,
				bad_tie = 0,
				bad_none = 0,
				covers = 0,
				limited = 0,
				none = 0;
	char		msg[200];

	memset(&c, 0, sizeof(c));
	for (t = 0; t < 3000; t++)
	{
		Pool		p;
		VrpSetPart	sp;
		int			pick[MAXJ + 1],
					n,
					maxk;
		double		opt,
					val = -1;
		long		nodes;

		RandomPool(&p, 2 + t % (MAXJ - 1), 4 + (int) (Uniform() * (MAXC - 4)));
		maxk = (t % 3 == 0) ? 1 + (int) (Uniform() * 4) : 0;
		sp.nj = p.nj;
		sp.ncol = p.ncol;
		sp.start = p.start;
		sp.item = p.item;
		sp.cost = p.cost;
		sp.max_cols = maxk;
		opt = DpSolve(&p, maxk);
		n = VrpSetPartition(&c, &sp, opt < BIG ? opt + 0.5 : 1e9, 1e12,
							pick, &val, &nodes);
		if (opt >= BIG)
		{
			none++;
			bad_none += n != 0;
			continue;
		}
		covers++;
		limited += maxk > 0;
		if (n <= 0 || fabs(val - opt) > 1e-9)
		{
			if (bad_opt++ == 0)
				fprintf(stderr, "# case %d: %d jobs, %d columns, limit %d: "
						"DP %g, got %d columns of cost %g\n",
						t, p.nj, p.ncol, maxk, opt, n, val);
		}
		else if (!IsCover(&p, pick, n, maxk, val))
			bad_cover++;
		/* the optimum itself is not beaten */
		n = VrpSetPartition(&c, &sp, opt, 1e12, pick, &val, &nodes);
		bad_tie += n != 0;
	}
	snprintf(msg, sizeof(msg), "%d pools with a cover (%d with a limit on "
			 "columns), %d without", covers, limited, none);
	ok(bad_opt == 0, "set partitioning finds the DP's optimum", msg);
	ok(bad_cover == 0, "its pick is an exact cover of that cost", NULL);
	ok(bad_tie == 0, "nothing reported when the bound is the optimum", NULL);
	ok(bad_none == 0 && none > 0, "nothing reported without a cover", NULL);
	ok(covers > 1000 && limited > 200, "enough cases of each kind", msg);
}

/* ---------------------------------------- 2. the pool on a small CVRP */

/*
 * Depot at 0 and six customers on a line at 1, 2, 3 (west: x = -1, -2,
 * -3) and east at 1, 2, 3, unit demands, capacity 3, three vehicles,
 * distances |x - y|.  The optimum is {west}, {east}: 6 + 6 = 12.  Plan A
 * has west optimal and the east split badly, plan B the reverse; the
 * pool of both must give 12 where each plan costs more.
 */
#define PJ 6

static void
TestPoolCombine(void)
{
	double		x[PJ + 1] = {0, -1, -2, -3, 1, 2, 3};
	double		dur[(PJ + 1) * (PJ + 1)];
	double		cap[3] = {3, 3, 3},
				del[PJ];
	VrpVehicle	veh[3];
	VrpJob		job[PJ];
	VrpMatrix	m;
	VrpProblem	p;
	VrpOptions	opt;
	Ctx			c;
	Sol			a,
				b;
	VrpPool		pool;
	int			i,
				j,
				rc;
	char		msg[200];

	for (i = 0; i <= PJ; i++)
		for (j = 0; j <= PJ; j++)
			dur[i * (PJ + 1) + j] = fabs(x[i] - x[j]);
	memset(veh, 0, sizeof(veh));
	memset(job, 0, sizeof(job));
	for (i = 0; i < 3; i++)
	{
		veh[i].start = veh[i].end = 0;
		veh[i].capacity = &cap[i];
		veh[i].tw_start = 0;
		veh[i].tw_end = VRP_INF;
		veh[i].cost_per_distance = 1;
		veh[i].speed_factor = 1;
		veh[i].max_travel_time = VRP_INF;
		veh[i].max_distance = VRP_INF;
		veh[i].max_duration = VRP_INF;
		veh[i].max_tasks = -1;
	}
	for (j = 0; j < PJ; j++)
	{
		del[j] = 1;
		job[j].location = j + 1;
		job[j].delivery = &del[j];
	}
	memset(&m, 0, sizeof(m));
	m.duration = dur;
	m.distance = dur;
	memset(&p, 0, sizeof(p));
	p.n_locations = PJ + 1;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_dims = 1;
	p.n_vehicles = 3;
	p.vehicles = veh;
	p.n_jobs = PJ;
	p.jobs = job;
	lgvrp_default_options(&opt);
	rc = VrpSetup(&c, &p, &opt);
	ok(rc == VRP_OK, "set-up of the six-job line", NULL);
	if (rc != VRP_OK)
		return;
	SolInit(&c, &a);
	SolInit(&c, &b);
	/* A: west 0,1,2 (cost 6); east 3 and 5 (1 to 3 and back: 6), 4 (4) */
	RouteInsert(&c, &a, 0, 0, 0);
	RouteInsert(&c, &a, 0, 1, 1);
	RouteInsert(&c, &a, 0, 2, 2);
	RouteInsert(&c, &a, 1, 0, 3);
	RouteInsert(&c, &a, 1, 1, 5);
	RouteInsert(&c, &a, 2, 0, 4);
	/* B: east 3,4,5 (6); west 0 and 2 (6), 1 (4) */
	RouteInsert(&c, &b, 0, 0, 3);
	RouteInsert(&c, &b, 0, 1, 4);
	RouteInsert(&c, &b, 0, 2, 5);
	RouteInsert(&c, &b, 1, 0, 0);
	RouteInsert(&c, &b, 1, 1, 2);
	RouteInsert(&c, &b, 2, 0, 1);
	a.n_unas = b.n_unas = 0;	/* SolInit starts with every job out */
	SolRecount(&c, &a);
	SolRecount(&c, &b);
	snprintf(msg, sizeof(msg), "A %g, B %g", a.cost, b.cost);
	ok(fabs(a.cost - 16) < 1e-9 && fabs(b.cost - 16) < 1e-9,
	   "hand-made plans cost 16 each", msg);

	PoolInit(&c, &pool);
	PoolAddSol(&c, &pool, &a);
	PoolAddSol(&c, &pool, &b);
	ok(pool.ncol == 6, "six distinct routes pooled", NULL);
	{
		int			west_bad[3] = {2, 1, 0},	/* west in a worse order */
					west_good[3] = {0, 1, 2},
					k,
					found = -1;

		PoolAdd(&c, &pool, west_bad, 3, 8);
		for (k = 0; k < pool.ncol; k++)
			if (pool.start[k + 1] - pool.start[k] == 3 &&
				pool.item[pool.start[k]] == 0 && pool.item[pool.start[k] + 1] == 1)
				found = k;
		ok(pool.ncol == 6 && found >= 0 && pool.cost[found] == 6,
		   "the same jobs in a costlier order: one entry, the cheaper kept",
		   NULL);
		PoolAdd(&c, &pool, west_good, 3, 6);
		ok(pool.ncol == 6, "the same route again: no new entry", NULL);
		/* a new set, first in a costlier order (costs as given) */
		{
			int			r43[2] = {4, 3},
						r34[2] = {3, 4};

			PoolAdd(&c, &pool, r43, 2, 9);
			PoolAdd(&c, &pool, r34, 2, 4);
			k = pool.ncol - 1;
			ok(pool.ncol == 7 && pool.cost[k] == 4 &&
			   pool.item[pool.start[k]] == 3 && pool.item[pool.start[k] + 1] == 4,
			   "a cheaper order replaces the one pooled", NULL);
		}
	}
	rc = PoolCombine(&c, &pool, &a);
	snprintf(msg, sizeof(msg), "cost %g, %d routes", a.cost, a.nused);
	ok(rc == 1 && fabs(a.cost - 12) < 1e-9 && a.nused == 2 &&
	   a.n_unas == 0, "combined plan is west + east, 12", msg);
	{
		int			seen = 0;

		for (i = 0; i < a.nused; i++)
		{
			const Route *r = &a.r[a.used[i]];

			for (j = 0; j < r->n; j++)
			{
				seen |= 1 << r->jobs[j];
				if (a.route_of[r->jobs[j]] != a.used[i])
					seen = -1000;
			}
		}
		ok(seen == (1 << PJ) - 1, "every job once, route_of right", NULL);
	}
	rc = PoolCombine(&c, &pool, &a);
	ok(rc == 0 && fabs(a.cost - 12) < 1e-9, "the optimum is kept", NULL);
	PoolFree(&c, &pool);
	SolFree(&c, &a);
	SolFree(&c, &b);
	VrpTeardown(&c);
}

int
main(void)
{
	TestAgainstDp();
	TestPoolCombine();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
