/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the early stop of the insertion scan at the first
 * position too late for the job (src/routing/vrp_ruin.c: VrpSetupTriangle,
 * FirstLate), printing TAP.
 *
 * 1. The triangle test itself on hand-made matrices, where the answer is
 *    known by construction (see each case).
 * 2. Same plans bit for bit: on random instances with time windows,
 *    several depots, loads and speed factors, the same ruin and recreate
 *    steps are run in two set-ups of the same problem, one with the early
 *    stop and one with it switched off (tri = 0: the old scan of every
 *    position).  After every step the routes, the work count and the
 *    random stream must be equal: the stop may only save time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/vrp_int.h"
#include "tap.h"

static unsigned long long lcg = 11;

static double
Uniform(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (lcg >> 11) / 9007199254740992.0;
}

#define ND 3					/* depots: locations 0 .. ND - 1 */
#define NJ 60
#define NL (ND + NJ)
#define NV 9

typedef struct Inst
{
	double		dur[NL * NL];
	double		cap[NV];
	double		del[NJ];
	double		tw[NJ][2];
	VrpVehicle	veh[NV];
	VrpJob		job[NJ];
	VrpMatrix	m;
	VrpProblem	p;
} Inst;

/*
 * Random instance on a 100 x 100 square, ND depots, three vehicles per
 * depot (the last of each depot 1.5 times as fast), a day of 1000;
 * service 1-10, most jobs with a window of width 30-230.  Travel time =
 * distance (Euclidean: the triangle holds with the service as margin), or
 * with asym, up to 30 more in one direction (it may fail).
 */
static void
Random(Inst *t, int asym)
{
	double		x[NL],
				y[NL];
	int			i,
				j;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NL; i++)
	{
		x[i] = Uniform() * 100;
		y[i] = Uniform() * 100;
	}
	for (i = 0; i < NL; i++)
		for (j = 0; j < NL; j++)
			t->dur[i * NL + j] = hypot(x[i] - x[j], y[i] - y[j]) +
				(asym && i < j ? floor(Uniform() * 31) : 0);
	for (i = 0; i < NV; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->start = v->end = i % ND;
		t->cap[i] = 40;
		v->capacity = &t->cap[i];
		v->tw_start = 0;
		v->tw_end = 1000;
		v->cost_per_time = 1;
		v->speed_factor = i >= 2 * ND ? 1.5 : 1;
		v->max_travel_time = v->max_distance = VRP_INF;
		v->max_duration = 600;
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
		if (Uniform() < 0.85)
		{
			double		a = floor(Uniform() * 800);

			t->tw[i][0] = a;
			t->tw[i][1] = a + 30 + floor(Uniform() * 200);
			jb->n_tw = 1;
			jb->tw = t->tw[i];
		}
	}
	t->m.duration = t->dur;
	t->p.n_locations = NL;
	t->p.n_profiles = 1;
	t->p.matrices = &t->m;
	t->p.n_dims = 1;
	t->p.n_vehicles = NV;
	t->p.vehicles = t->veh;
	t->p.n_jobs = NJ;
	t->p.jobs = t->job;
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

/*
 * ninst random instances, steps ruin and recreate steps each: both
 * set-ups must stay equal (the first instance that differs is named).
 * On Euclidean instances the early stop must be on for every vehicle.
 */
static void
TestSamePlans(int ninst, int steps, int asym, const char *name)
{
	int			inst,
				on = 0,
				bad = -1;
	char		detail[160] = "";

	for (inst = 0; inst < ninst; inst++)
	{
		Inst		t;
		Ctx			a,
					b;
		Sol			sa,
					sb;
		VrpOptions	opt;
		int			step,
					v,
					all = 1;

		Random(&t, asym);
		lgvrp_default_options(&opt);
		opt.seed = 1000 + inst;
		if (VrpSetup(&a, &t.p, &opt) != VRP_OK ||
			VrpSetup(&b, &t.p, &opt) != VRP_OK ||
			SolInit(&a, &sa) != VRP_OK || SolInit(&b, &sb) != VRP_OK)
		{
			printf("# set-up failed\n");
			exit(1);
		}
		for (v = 0; v < NV; v++)
			all &= a.tri[v];
		on += all;
		memset(b.tri, 0, NV);
		Recreate(&a, &sa, 0.0, 1);
		Recreate(&b, &sb, 0.0, 1);
		for (step = 0; step <= steps; step++)
		{
			if (!SameSol(&a, &sa, &sb) || a.work != b.work ||
				a.rng.s != b.rng.s)
			{
				if (bad >= 0)
					break;
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
			/* blinks too: the stop must keep the random stream in step */
			Recreate(&a, &sa, 0.01, 1);
			Recreate(&b, &sb, 0.01, 1);
		}
		SolFree(&a, &sa);
		SolFree(&b, &sb);
		VrpTeardown(&a);
		VrpTeardown(&b);
	}
	ok(bad < 0, name, bad < 0 ? NULL : detail);
	if (!asym)
	{
		snprintf(detail, sizeof(detail), "%d of %d", on, ninst);
		ok(on == ninst, "Euclidean instances have the early stop on",
		   detail);
	}
}

/*
 * Hand-made: depot 0, jobs at places 1 and 2 with service s and windows.
 * t(0,2) = 25, t(0,1) = 10, t(1,2) = 10 and the rest symmetric (t(1,0) =
 * 10, t(2,0) = 25, t(2,1) = 10): for x = 1, t(0,2) <= t(0,1) + s + t(1,2)
 * iff 25 <= 20 + s.  Every other triple holds (t(0,1) = 10 <= 25 + s +
 * 10; t(1,2) = 10 <= t(1,0) + s + t(0,2) is not asked: 0 is no job).
 * s = 6: holds at speed 1 (25 <= 26); a vehicle with speed factor 0.5
 * doubles the times: 50 <= 40 + 6 fails.  s = 4: fails at speed 1.
 * Without any window the test is skipped (no job can be late): 0.
 */
static void
TestHand(void)
{
	double		dur[9] = {0, 10, 25, 10, 0, 10, 25, 10, 0};
	double		cap[2] = {10, 10},
				del[2] = {1, 1},
				tw[2][2] = {{0, 100}, {0, 100}};
	VrpVehicle	veh[2];
	VrpJob		job[2];
	VrpMatrix	m;
	VrpProblem	p;
	Ctx			c;
	int			i,
				rc;
	char		detail[96];

	memset(veh, 0, sizeof(veh));
	memset(job, 0, sizeof(job));
	memset(&m, 0, sizeof(m));
	memset(&p, 0, sizeof(p));
	for (i = 0; i < 2; i++)
	{
		veh[i].start = veh[i].end = 0;
		veh[i].capacity = &cap[i];
		veh[i].tw_end = VRP_INF;
		veh[i].cost_per_time = 1;
		veh[i].speed_factor = i == 0 ? 1 : 0.5;
		veh[i].max_travel_time = veh[i].max_distance = VRP_INF;
		veh[i].max_duration = VRP_INF;
		veh[i].max_tasks = -1;
		job[i].location = i + 1;
		job[i].service = 6;
		job[i].delivery = &del[i];
		job[i].n_tw = 1;
		job[i].tw = tw[i];
	}
	m.duration = dur;
	p.n_locations = 3;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_dims = 1;
	p.n_vehicles = 2;
	p.vehicles = veh;
	p.n_jobs = 2;
	p.jobs = job;

	rc = VrpSetup(&c, &p, NULL);
	snprintf(detail, sizeof(detail), "rc %d, speed 1: %d, speed 0.5: %d",
			 rc, c.tri[0], c.tri[1]);
	ok(rc == VRP_OK && c.tri[0] == 1 && c.tri[1] == 0,
	   "service 6: holds at speed 1, fails at speed 0.5", detail);
	VrpTeardown(&c);

	job[0].service = job[1].service = 4;
	rc = VrpSetup(&c, &p, NULL);
	snprintf(detail, sizeof(detail), "rc %d, %d %d", rc, c.tri[0], c.tri[1]);
	ok(rc == VRP_OK && c.tri[0] == 0 && c.tri[1] == 0,
	   "service 4: fails (25 > 10 + 4 + 10)", detail);
	VrpTeardown(&c);

	job[0].service = job[1].service = 6;
	job[0].n_tw = job[1].n_tw = 0;
	rc = VrpSetup(&c, &p, NULL);
	snprintf(detail, sizeof(detail), "rc %d, %d %d", rc, c.tri[0], c.tri[1]);
	ok(rc == VRP_OK && c.tri[0] == 0 && c.tri[1] == 0,
	   "no windows: not checked", detail);
	VrpTeardown(&c);
}

int
main(void)
{
	TestHand();
	TestSamePlans(12, 300, 0, "Euclidean: same plans, work and random stream");
	TestSamePlans(6, 150, 1, "asymmetric: same plans, work and random stream");
	printf("1..%d\n", test_no);
	return failures > 0;
}
