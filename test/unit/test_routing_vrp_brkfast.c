/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the search's fast insertion check for vehicles with
 * driver breaks (the break tables of src/routing/vrp_break.c, used by
 * EvalInsert in vrp.c), and of initial routes (vrp_steps.c), printing
 * TAP.
 *
 * The reference is the exact simulation of the whole route with the job
 * inserted (lgvrp_schedule: the dynamic programme over break placements,
 * itself checked against an enumeration of every placement in
 * test_routing_vrp_breaks.c).  On many random routes of random instances
 * (several breaks per vehicle, breaks with one or two windows, jobs with
 * or without a window, loads, vehicles without an end, speed factors,
 * break load limits above and below the capacity) every job is tried at
 * every position: the fast answer must equal the simulation's, and the
 * cost change must equal the difference of the two routes' costs.
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

static int
Pick(int n)
{
	return (int) (Uniform() * n);
}

#define NL 13
#define NJ 12
#define NV 4
#define NB 3

typedef struct Inst
{
	double		dur[NL * NL];
	double		cap[NV];
	double		del[NJ],
				pick[NJ];
	double		tw[NJ][2];
	double		btw[NV][NB][4];
	double		bmax[NV][NB];
	VrpBreak	brk[NV][NB];
	VrpVehicle	veh[NV];
	VrpJob		job[NJ];
	VrpMatrix	m;
	VrpProblem	p;
} Inst;

/*
 * Random instance on a 100 x 100 square (travel time = rounded distance,
 * plus up to 5 in one direction: asymmetric), a working day of 600.
 * Vehicle v has v % 3 + 1 breaks; vehicle 1 has no end of its working
 * hours, vehicle 2 no end location, vehicle 3 drives at 1.5 times the
 * matrix speed.  Break load limits: vehicle 1's first
 * break at the capacity (the tables still apply), vehicle 3's below it
 * (the simulation decides).
 */
static void
Random(Inst *t)
{
	double		x[NL],
				y[NL];
	int			i,
				j,
				b;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NL; i++)
	{
		x[i] = floor(Uniform() * 100);
		y[i] = floor(Uniform() * 100);
	}
	for (i = 0; i < NL; i++)
		for (j = 0; j < NL; j++)
			t->dur[i * NL + j] = floor(hypot(x[i] - x[j], y[i] - y[j])) +
				(i < j ? floor(Uniform() * 6) : 0);
	for (i = 0; i < NV; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->start = 0;
		v->end = i == 2 ? -1 : 0;
		t->cap[i] = 12 + 3 * i;
		v->capacity = &t->cap[i];
		v->tw_start = 20 * i;
		v->tw_end = i == 1 ? VRP_INF : 600;
		v->fixed_cost = 10;
		v->cost_per_time = 1;
		v->speed_factor = i == 3 ? 1.5 : 1;
		v->max_travel_time = v->max_distance = v->max_duration = VRP_INF;
		v->max_tasks = -1;
		v->n_breaks = i % 3 + 1;
		v->breaks = t->brk[i];
		for (b = 0; b < v->n_breaks; b++)
		{
			double		a = 80 + 150 * b + floor(Uniform() * 100);
			VrpBreak   *br = &t->brk[i][b];

			br->service = 15 + floor(Uniform() * 30);
			br->tw = t->btw[i][b];
			br->n_tw = Uniform() < 0.3 ? 2 : 1;
			t->btw[i][b][0] = a;
			t->btw[i][b][1] = a + 10 + floor(Uniform() * 60);
			t->btw[i][b][2] = t->btw[i][b][1] + 30 + floor(Uniform() * 60);
			t->btw[i][b][3] = t->btw[i][b][2] + 10 + floor(Uniform() * 40);
		}
		if (i == 1)
		{
			t->bmax[i][0] = t->cap[i];
			t->brk[i][0].max_load = &t->bmax[i][0];
		}
		if (i == 3)
		{
			t->bmax[i][0] = 5;
			t->brk[i][0].max_load = &t->bmax[i][0];
		}
	}
	for (i = 0; i < NJ; i++)
	{
		VrpJob	   *jb = &t->job[i];

		jb->location = i + 1;
		jb->service = floor(Uniform() * 20);
		t->del[i] = floor(Uniform() * 4);
		t->pick[i] = Uniform() < 0.3 ? floor(Uniform() * 4) : 0;
		jb->delivery = &t->del[i];
		jb->pickup = &t->pick[i];
		if (Uniform() < 0.7)
		{
			double		a = floor(Uniform() * 400);

			t->tw[i][0] = a;
			t->tw[i][1] = a + 20 + floor(Uniform() * 150);
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

typedef struct Counts
{
	long		checks;
	long		feasible;
	long		fast;			/* routes that used the tables */
	long		wrong;
	long		wrong_cost;
	char		first[160];
} Counts;

/* Route of vehicle v := seq[0..n-1]; then every job at every position */
static void
TryRoute(Ctx *c, Sol *s, const Inst *t, int v, const int *seq, int n,
		 Counts *k)
{
	Route	   *r = &s->r[v];
	int			j,
				pos,
				in[NJ];
	int			buf[NJ + 1];
	VrpStep		steps[NJ + 3 + NB];

	RouteReserve(c, r, n + 1);
	memcpy(r->jobs, seq, sizeof(int) * n);
	r->n = n;
	RouteUpdate(c, r);
	k->fast += r->bfast;
	memset(in, 0, sizeof(in));
	for (pos = 0; pos < n; pos++)
		in[seq[pos]] = 1;
	for (j = 0; j < NJ; j++)
	{
		if (in[j])
			continue;
		for (pos = 0; pos <= n; pos++)
		{
			double		delta = 0,
						want;
			int			fast,
						slow;

			memcpy(buf, seq, sizeof(int) * pos);
			buf[pos] = j;
			memcpy(buf + pos + 1, seq + pos, sizeof(int) * (n - pos));
			fast = EvalInsert(c, r, pos, j, &delta);
			slow = lgvrp_schedule(&t->p, v, buf, n + 1, steps);
			want = lgvrp_route_cost(&t->p, v, buf, n + 1) -
				lgvrp_route_cost(&t->p, v, seq, n);
			k->checks++;
			k->feasible += slow;
			if (fast != slow || (fast && fabs(delta - want) > 1e-9))
			{
				if (fast != slow)
					k->wrong++;
				else
					k->wrong_cost++;
				if (!k->first[0])
					snprintf(k->first, sizeof(k->first),
							 "vehicle %d, %d jobs, job %d at %d: fast %d "
							 "(delta %g) simulation %d (delta %g)",
							 v, n, j, pos, fast, delta, slow, want);
			}
		}
	}
}

/*
 * The fast check against the simulation on ntrials random routes of
 * ninst random instances.
 */
static void
TestRandom(int ninst, int ntrials)
{
	Counts		k;
	int			inst,
				trial;
	char		msg[256];

	memset(&k, 0, sizeof(k));
	for (inst = 0; inst < ninst; inst++)
	{
		Inst	   *t = malloc(sizeof(Inst));
		Ctx			c;
		Sol			s;
		VrpOptions	opt;

		Random(t);
		lgvrp_default_options(&opt);
		if (VrpSetup(&c, &t->p, &opt) != VRP_OK || SolInit(&c, &s) != VRP_OK)
		{
			ok(0, "set-up", NULL);
			free(t);
			return;
		}
		for (trial = 0; trial < ntrials; trial++)
		{
			int			v = Pick(NV),
						n = Pick(7),
						seq[NJ],
						q;

			/* a random sequence of n distinct jobs */
			for (q = 0; q < NJ; q++)
				seq[q] = q;
			for (q = 0; q < n; q++)
			{
				int			x = q + Pick(NJ - q),
							y = seq[q];

				seq[q] = seq[x];
				seq[x] = y;
			}
			TryRoute(&c, &s, t, v, seq, n, &k);
			/* the vehicle's route empty again for the next trial */
			s.r[v].n = 0;
			RouteUpdate(&c, &s.r[v]);
		}
		SolFree(&c, &s);
		VrpTeardown(&c);
		free(t);
	}
	snprintf(msg, sizeof(msg), "%ld checks, %ld feasible, %ld routes on the "
			 "tables, %ld wrong answers, %ld wrong costs%s%s", k.checks,
			 k.feasible, k.fast, k.wrong, k.wrong_cost,
			 k.first[0] ? "; first: " : "", k.first);
	ok(k.wrong == 0, "fast break check = simulation on random routes", msg);
	ok(k.wrong_cost == 0, "cost change = simulated cost difference", NULL);
	/* the comparison means something only with both answers common */
	ok(k.feasible > k.checks / 10 && k.feasible < k.checks * 9 / 10,
	   "random cases mix feasible and infeasible insertions", msg);
	ok(k.fast > 0 && k.fast < ninst * (long) ntrials,
	   "both the tables and the simulation were used", NULL);
}

/*
 * Hand case: one break of 30 in [100, 110], start and end at 0, job A at
 * location 1 (60 away) with window [0, 70] and service 10, already on the
 * route.  Inserting B (location 2, 50 from 1 and 40 from 0, window
 * [100, 200], service 10) after A: leave 0 at 0, A at 60-70, then the
 * break must start by 110 on the way to B: start at 100 (drive 30 of 50
 * done), end 130, B at 150, back at 200 <= 250.  With the day ending at
 * 190 the return at 200 is too late, and no other placement helps (the
 * break's window is over before B, before A it is not yet open).
 */
static void
TestHand(void)
{
	double		dur[9] = {0, 60, 40, 60, 0, 50, 40, 50, 0};
	double		btw[2] = {100, 110},
				jtw[2][2] = {{0, 70}, {100, 200}};
	VrpBreak	br = {30, 1, btw, NULL};
	VrpVehicle	veh;
	VrpJob		jobs[2];
	VrpMatrix	m = {dur, NULL, NULL};
	VrpProblem	p;
	VrpOptions	opt;
	Ctx			c;
	Sol			s;
	double		delta = 0;
	int			a,
				b;

	memset(&veh, 0, sizeof(veh));
	veh.tw_end = 250;
	veh.cost_per_time = 1;
	veh.speed_factor = 1;
	veh.max_travel_time = veh.max_distance = veh.max_duration = VRP_INF;
	veh.max_tasks = -1;
	veh.n_breaks = 1;
	veh.breaks = &br;
	memset(jobs, 0, sizeof(jobs));
	jobs[0].location = 1;
	jobs[1].location = 2;
	jobs[0].service = jobs[1].service = 10;
	jobs[0].n_tw = jobs[1].n_tw = 1;
	jobs[0].tw = jtw[0];
	jobs[1].tw = jtw[1];
	memset(&p, 0, sizeof(p));
	p.n_locations = 3;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_vehicles = 1;
	p.vehicles = &veh;
	p.n_jobs = 2;
	p.jobs = jobs;
	lgvrp_default_options(&opt);
	if (VrpSetup(&c, &p, &opt) != VRP_OK || SolInit(&c, &s) != VRP_OK)
	{
		ok(0, "hand case set-up", NULL);
		return;
	}
	RouteInsert(&c, &s, 0, 0, 0);
	a = EvalInsert(&c, &s.r[0], 1, 1, &delta);
	/* cost: 60 + 50 + 40 - (60 + 60) = 30 */
	ok(s.r[0].bfast && a == 1 && fabs(delta - 30) < 1e-9,
	   "hand case: the break on the way to B fits, cost change 30", NULL);
	veh.tw_end = 190;
	RouteUpdate(&c, &s.r[0]);
	b = EvalInsert(&c, &s.r[0], 1, 1, &delta);
	ok(b == 0, "hand case: back at 200 > 190 does not fit", NULL);
	SolFree(&c, &s);
	VrpTeardown(&c);
}

/*
 * Initial routes (VrpVehicle.init, vrp_steps.c) through the C API: the
 * hand case's van with jobs B then A (B opens at 100, A closes at 70:
 * too late) is a time violation; A then B is kept as given with no
 * iterations; an index out of range and a job twice are rejected.
 */
static void
TestInit(void)
{
	double		dur[9] = {0, 60, 40, 60, 0, 50, 40, 50, 0};
	double		jtw[2][2] = {{0, 70}, {100, 200}};
	VrpVehicle	veh;
	VrpJob		jobs[2];
	VrpMatrix	m = {dur, NULL, NULL};
	VrpProblem	p;
	VrpOptions	opt;
	VrpSolution sol;
	VrpStats	st;
	char		err[200];
	int			ba[2] = {1, 0},
				ab[2] = {0, 1},
				bad[2] = {0, 2},
				twice[2] = {0, 0},
				at,
				rc;

	memset(&veh, 0, sizeof(veh));
	veh.tw_end = 250;
	veh.cost_per_time = 1;
	veh.speed_factor = 1;
	veh.max_travel_time = veh.max_distance = veh.max_duration = VRP_INF;
	veh.max_tasks = -1;
	memset(jobs, 0, sizeof(jobs));
	jobs[0].location = 1;
	jobs[1].location = 2;
	jobs[0].service = jobs[1].service = 10;
	jobs[0].n_tw = jobs[1].n_tw = 1;
	jobs[0].tw = jtw[0];
	jobs[1].tw = jtw[1];
	memset(&p, 0, sizeof(p));
	p.n_locations = 3;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_vehicles = 1;
	p.vehicles = &veh;
	p.n_jobs = 2;
	p.jobs = jobs;
	ok(lgvrp_route_violation(&p, 0, ba, 2, &at) == VRP_VIOL_TIME &&
	   lgvrp_route_violation(&p, 0, ab, 2, &at) == VRP_VIOL_NONE,
	   "initial route B, A misses A's window; A, B fits", NULL);
	veh.n_init = 2;
	veh.init = bad;
	ok(lgvrp_check(&p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "out of range") != NULL, "initial route: index out of range", err);
	veh.init = twice;
	ok(lgvrp_check(&p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "twice") != NULL, "initial route: a job twice", err);
	veh.init = ba;
	ok(lgvrp_check(&p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "time window") != NULL, "initial route: a violation", err);
	veh.init = ab;
	lgvrp_default_options(&opt);
	opt.iterations = 0;
	rc = lgvrp_solve(&p, &opt, &sol, &st);
	/* cost 60 + 50 + 40 = 150: the route as given */
	ok(rc == VRP_OK && sol.route_start[1] == 2 && sol.jobs[0] == 0 &&
	   sol.jobs[1] == 1 && fabs(sol.cost - 150) < 1e-9,
	   "initial route A, B kept with no iterations, cost 150", NULL);
	if (rc == VRP_OK)
		lgvrp_free_solution(&sol, &opt);
}

int
main(void)
{
	TestHand();
	TestInit();
	TestRandom(40, 150);
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
