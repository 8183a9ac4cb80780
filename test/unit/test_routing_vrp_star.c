/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the star and transposed matrices (src/routing/vrp.c:
 * PrecomputeCosts, MakeStar, Transpose; vrp_int.h: ArcTimeTo ...
 * ArcCostFrom), printing TAP.  They are copies of the caller's matrices
 * laid out for the insertion scan, so they may only save time:
 *
 * 1. Every accessor gives bit for bit the value of ArcTime, ArcDist and
 *    ArcCost (read from the caller's matrices) for every pair of places,
 *    and for a vehicle without a start or end (place -1: 0), on three
 *    asymmetric profiles: durations only; durations and distances
 *    apart, with a cost per km; distances that are the durations (same
 *    array) with a cost matrix.  Speed factors and cost rates differ per
 *    vehicle.
 * 2. Vehicles with the same matrices share one star; the profiles with
 *    distances of their own get them transposed.
 * 3. Same plans: the same ruin and recreate steps (with blinks) and local
 *    searches in two set-ups of one problem, one with the copies and one
 *    with them switched off (every read from the caller's matrices), give
 *    the same routes, work count and random stream after every step.
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

#define ND 2					/* depots: locations 0 .. ND - 1 */
#define NJ 40
#define NL (ND + NJ)
#define NV 8
#define NP 3

typedef struct Inst
{
	double		dur[NP][NL * NL];
	double		dist[NL * NL];
	double		cost[NL * NL];
	double		cap[NV];
	double		del[NJ];
	double		tw[NJ][2];
	VrpVehicle	veh[NV];
	VrpJob		job[NJ];
	VrpMatrix	m[NP];
	VrpProblem	p;
} Inst;

/*
 * Random instance on a 100 x 100 square: ND depots, vehicle i on profile
 * i % NP, with its own speed factor and cost rates; the last vehicle has
 * no start and no end.  Matrices asymmetric (up to 20 more one way), so
 * that an exchanged "to" and "from" shows.
 */
static void
Random(Inst *t)
{
	double		x[NL],
				y[NL];
	int			i,
				j,
				q;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NL; i++)
	{
		x[i] = Uniform() * 100;
		y[i] = Uniform() * 100;
	}
	for (i = 0; i < NL; i++)
		for (j = 0; j < NL; j++)
		{
			double		e = hypot(x[i] - x[j], y[i] - y[j]);

			for (q = 0; q < NP; q++)
				t->dur[q][i * NL + j] = e * (1 + 0.1 * q) +
					(i < j ? Uniform() * 20 : 0);
			t->dist[i * NL + j] = e + (i > j ? Uniform() * 20 : 0);
			t->cost[i * NL + j] = 2 * e + (i < j ? Uniform() * 20 : 0);
		}
	t->m[0].duration = t->dur[0];
	t->m[1].duration = t->dur[1];
	t->m[1].distance = t->dist;
	t->m[2].duration = t->dur[2];
	t->m[2].distance = t->dur[2];
	t->m[2].cost = t->cost;
	for (i = 0; i < NV; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->profile = i % NP;
		v->start = v->end = i == NV - 1 ? -1 : i % ND;
		t->cap[i] = 60;
		v->capacity = &t->cap[i];
		v->tw_start = 0;
		v->tw_end = 2000;
		v->cost_per_time = 1 + 0.25 * (i % 3);
		v->cost_per_distance = v->profile == 1 ? 0.5 + 0.1 * i : 0;
		v->speed_factor = 0.8 + 0.1 * (i % 4);
		v->max_travel_time = v->max_distance = VRP_INF;
		v->max_duration = VRP_INF;
		v->max_tasks = -1;
	}
	for (i = 0; i < NJ; i++)
	{
		VrpJob	   *jb = &t->job[i];

		jb->location = ND + i;
		jb->service = 1 + floor(Uniform() * 10);
		t->del[i] = 1 + floor(Uniform() * 9);
		jb->delivery = &t->del[i];
		jb->kind = VRP_JOB;
		if (Uniform() < 0.7)
		{
			double		a = floor(Uniform() * 1500);

			t->tw[i][0] = a;
			t->tw[i][1] = a + 50 + floor(Uniform() * 300);
			jb->n_tw = 1;
			jb->tw = t->tw[i];
		}
	}
	t->p.n_locations = NL;
	t->p.n_profiles = NP;
	t->p.matrices = t->m;
	t->p.n_dims = 1;
	t->p.n_vehicles = NV;
	t->p.vehicles = t->veh;
	t->p.n_jobs = NJ;
	t->p.jobs = t->job;
}

/* Bitwise equality (the copies must not round differently) */
static int
Same(double a, double b)
{
	return memcmp(&a, &b, sizeof(double)) == 0;
}

static void
TestAccessors(void)
{
	Inst	   *t = malloc(sizeof(Inst));
	Ctx			c;
	int			v,
				a,
				u,
				bad = 0,
				stars = 1;
	char		detail[160] = "";

	Random(t);
	if (VrpSetup(&c, &t->p, NULL) != VRP_OK)
	{
		printf("# set-up failed\n");
		exit(1);
	}
	for (v = 0; v < NV; v++)
		stars &= c.star[v] != NULL;
	ok(stars, "every vehicle has a star matrix", NULL);
	for (v = 0; v < NV && !bad; v++)
		for (a = -1; a < NL && !bad; a++)
			for (u = -1; u < NL && !bad; u++)
			{
				const char *what = NULL;

				if (!Same(ArcTimeTo(&c, v, a, u), ArcTime(&c, v, a, u)))
					what = "ArcTimeTo";
				else if (!Same(ArcDistTo(&c, v, a, u), ArcDist(&c, v, a, u)))
					what = "ArcDistTo";
				else if (!Same(ArcCostTo(&c, v, a, u), ArcCost(&c, v, a, u)))
					what = "ArcCostTo";
				else if (!Same(ArcTimeFrom(&c, v, u, a), ArcTime(&c, v, u, a)))
					what = "ArcTimeFrom";
				else if (!Same(ArcDistFrom(&c, v, u, a), ArcDist(&c, v, u, a)))
					what = "ArcDistFrom";
				else if (!Same(ArcCostFrom(&c, v, u, a), ArcCost(&c, v, u, a)))
					what = "ArcCostFrom";
				if (what)
				{
					bad = 1;
					snprintf(detail, sizeof(detail),
							 "%s, vehicle %d, places %d and %d", what, v, a, u);
				}
			}
	ok(!bad, "star and transposes give the matrices' values bit for bit",
	   bad ? detail : NULL);
	/*
	 * vehicles 2 and 2 + NP share profile 2 and its cost matrix, so a
	 * star; vehicles 0 and NP share profile 0, but their costs (per hour
	 * over the speed factor) differ
	 */
	ok(c.star[2] == c.star[2 + NP] && c.star[0] != c.star[NP] &&
	   c.star[0] != c.star[1] && c.star[1] != c.star[2],
	   "one star per cost and duration matrix", NULL);
	/* profile 2's distances are its durations: in the star */
	ok(c.sdist[2] && !c.sdist[1] && c.tdist[1] && !c.tdist[2] &&
	   !c.tcost[0] && !c.tdur[0],
	   "distances apart are transposed, the others read from the star",
	   NULL);
	VrpTeardown(&c);
	free(t);
}

static int
SameSol(const Ctx *c, const Sol *a, const Sol *b)
{
	int			v;

	if (a->n_unas != b->n_unas || a->cost != b->cost)
		return 0;
	for (v = 0; v < c->nv; v++)
		if (a->r[v].n != b->r[v].n ||
			memcmp(a->r[v].jobs, b->r[v].jobs, sizeof(int) * a->r[v].n) != 0)
			return 0;
	return 1;
}

/* Switch the copies off: every accessor then reads the caller's matrices */
static void
NoCopies(Ctx *c)
{
	int			v;

	for (v = 0; v < c->nv; v++)
	{
		c->star[v] = NULL;
		c->sdist[v] = 0;
		c->tcost[v] = c->tdur[v] = c->tdist[v] = NULL;
	}
}

static void
TestSamePlans(int ninst, int steps)
{
	int			inst,
				bad = -1;
	char		detail[160] = "";

	for (inst = 0; inst < ninst && bad < 0; inst++)
	{
		Inst	   *t = malloc(sizeof(Inst));
		Ctx			a,
					b;
		Sol			sa,
					sb;
		VrpOptions	opt;
		int			step;

		Random(t);
		lgvrp_default_options(&opt);
		opt.seed = 500 + inst;
		if (VrpSetup(&a, &t->p, &opt) != VRP_OK ||
			VrpSetup(&b, &t->p, &opt) != VRP_OK ||
			SolInit(&a, &sa) != VRP_OK || SolInit(&b, &sb) != VRP_OK)
		{
			printf("# set-up failed\n");
			exit(1);
		}
		NoCopies(&b);
		Recreate(&a, &sa, 0.0, 1);
		Recreate(&b, &sb, 0.0, 1);
		for (step = 0; step <= steps; step++)
		{
			if (!SameSol(&a, &sa, &sb) || a.work != b.work ||
				a.rng.s != b.rng.s)
			{
				bad = inst;
				snprintf(detail, sizeof(detail),
						 "instance %d step %d: work %.0f / %.0f, cost %.6f / %.6f",
						 inst, step, a.work, b.work, sa.cost, sb.cost);
				break;
			}
			if (step == steps)
				break;
			Ruin(&a, &sa, -1);
			Ruin(&b, &sb, -1);
			Recreate(&a, &sa, 0.01, 1);
			Recreate(&b, &sb, 0.01, 1);
			if (step % 10 == 9)
			{
				LocalSearch(&a, &sa);
				LocalSearch(&b, &sb);
			}
		}
		SolFree(&a, &sa);
		SolFree(&b, &sb);
		VrpTeardown(&a);
		VrpTeardown(&b);
		free(t);
	}
	ok(bad < 0, "same plans with and without the copies",
	   bad < 0 ? NULL : detail);
}

int
main(void)
{
	TestAccessors();
	TestSamePlans(20, 200);
	printf("1..%d\n", test_no);
	return failures > 0;
}
