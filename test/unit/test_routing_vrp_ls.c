/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the fleet routing local search moves for mixed fleets
 * (src/routing/vrp_ls.c) and of the choice of vehicle class for a new
 * route (src/routing/vrp_ruin.c), printing TAP.  Each move case starts the descent
 * (LocalSearch) from a plan that only the move under test can improve,
 * and compares the result with the optimum computed by hand in the
 * comment (points on a line or a grid, so every distance is exact), and
 * the routes with a plain recomputation of their cost from the
 * definitions (not from the solver's summaries).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/vrp_int.h"
#include "tap.h"

#define MAXL 12
#define MAXV 8

typedef struct Case
{
	int			nl,
				nj,
				nv;
	double		x[MAXL],
				y[MAXL];
	double		dur[MAXL * MAXL];
	double		cap[MAXV];
	double		dem[MAXL];
	VrpVehicle	veh[MAXV];
	VrpJob		job[MAXL];
	VrpMatrix	m;
	VrpProblem	p;
} Case;

/* Euclidean travel times; vehicles pay 1 per unit of time plus fixed */
static void
CaseLink(Case *t)
{
	int			i,
				j;

	for (i = 0; i < t->nl; i++)
		for (j = 0; j < t->nl; j++)
			t->dur[i * t->nl + j] = hypot(t->x[i] - t->x[j],
										  t->y[i] - t->y[j]);
	for (i = 0; i < t->nv; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->capacity = &t->cap[i];
		v->tw_start = 0;
		v->tw_end = VRP_INF;
		v->cost_per_time = 1;
		v->speed_factor = 1;
		v->max_travel_time = VRP_INF;
		v->max_distance = VRP_INF;
		v->max_duration = VRP_INF;
		v->max_tasks = -1;
	}
	for (i = 0; i < t->nj; i++)
	{
		t->job[i].delivery = &t->dem[i];
		t->job[i].kind = VRP_JOB;
	}
	t->m.duration = t->dur;
	t->m.distance = NULL;
	t->m.cost = NULL;
	memset(&t->p, 0, sizeof(t->p));
	t->p.n_locations = t->nl;
	t->p.n_profiles = 1;
	t->p.matrices = &t->m;
	t->p.n_dims = 1;
	t->p.n_vehicles = t->nv;
	t->p.vehicles = t->veh;
	t->p.n_jobs = t->nj;
	t->p.jobs = t->job;
}

/*
 * Cost of a route from the definitions: arcs times the vehicle's cost per
 * unit of time, plus its fixed cost; load check
 */
static double
PlainCost(const Case *t, int v, const int *seq, int n)
{
	double		c = 0,
				load = 0;
	int			prev = t->veh[v].start,
				k;

	if (n == 0)
		return 0;
	for (k = 0; k < n; k++)
	{
		c += t->dur[prev * t->nl + t->job[seq[k]].location];
		prev = t->job[seq[k]].location;
		load += t->dem[seq[k]];
	}
	c += t->dur[prev * t->nl + t->veh[v].end];
	if (load > t->cap[v] + 1e-9)
		return 1e300;
	return c * t->veh[v].cost_per_time + t->veh[v].fixed_cost;
}

/*
 * Load the plan (routes[v] = jobs, -1 terminated), run the descent,
 * return the plan's cost recomputed by PlainCost (1e300 if a job is lost
 * or a route overloaded) and the number of routes used.
 */
static double
RunLocalSearch(Case *t, const int routes[MAXV][MAXL], int *used,
			   double *solver_cost)
{
	Ctx			c;
	Sol			s;
	VrpOptions	o;
	double		total = 0;
	int			seen[MAXL] = {0};
	int			v,
				k;

	lgvrp_default_options(&o);
	*used = 0;
	if (VrpSetup(&c, &t->p, &o) != VRP_OK || SolInit(&c, &s) != VRP_OK)
		return 1e300;
	for (v = 0; v < t->nv; v++)
		for (k = 0; routes[v][k] >= 0; k++)
			RouteInsert(&c, &s, v, k, routes[v][k]);
	s.n_unas = 0;
	SolRecount(&c, &s);
	LocalSearch(&c, &s);
	SolRecount(&c, &s);
	*solver_cost = s.cost;
	for (v = 0; v < t->nv; v++)
	{
		total += PlainCost(t, v, s.r[v].jobs, s.r[v].n);
		*used += s.r[v].n > 0;
		for (k = 0; k < s.r[v].n; k++)
			seen[s.r[v].jobs[k]]++;
	}
	for (k = 0; k < t->nj; k++)
		if (seen[k] != 1)
			total = 1e300;
	SolFree(&c, &s);
	VrpTeardown(&c);
	return total;
}

/*
 * Split: depot at (0,0), jobs of 1 at (3,4), (3,-4), (-3,-4), (-3,4): 5
 * from the depot, 6 apart across x = 0 and 8 across y = 0.  One large
 * vehicle (capacity 4, fixed cost 100) serves them all: the start order
 * costs 5 + 8 + 6 + 8 + 5 = 32 + 100 = 132.  Two small vehicles
 * (capacity 2, fixed cost 10) each serve one pair 6 apart: 5 + 6 + 5 =
 * 16 each, 2 * (16 + 10) = 52, the optimum (anything on the large one
 * costs >= 100).  No job move gets there (each small route would pay its
 * fixed cost for one job, and the whole route does not fit a small
 * vehicle): only the split of the route.
 */
static void
TestSplit(void)
{
	Case		t;
	int			routes[MAXV][MAXL];
	int			used;
	double		got,
				solver;
	char		msg[128];

	memset(&t, 0, sizeof(t));
	t.nl = 5;
	t.nj = 4;
	t.nv = 3;
	t.x[1] = 3, t.y[1] = 4;
	t.x[2] = 3, t.y[2] = -4;
	t.x[3] = -3, t.y[3] = -4;
	t.x[4] = -3, t.y[4] = 4;
	t.cap[0] = 4;
	t.veh[0].fixed_cost = 100;
	t.cap[1] = t.cap[2] = 2;
	t.veh[1].fixed_cost = t.veh[2].fixed_cost = 10;
	for (int j = 0; j < 4; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 1;
	}
	CaseLink(&t);
	memset(routes, -1, sizeof(routes));
	routes[0][0] = 0, routes[0][1] = 1, routes[0][2] = 2, routes[0][3] = 3;
	ok(fabs(PlainCost(&t, 0, routes[0], 4) - 132) < 1e-9,
	   "split: the start plan costs 132 (by hand)", NULL);
	got = RunLocalSearch(&t, routes, &used, &solver);
	snprintf(msg, sizeof(msg), "cost %.6f (solver %.6f), %d routes",
			 got, solver, used);
	ok(fabs(got - 52) < 1e-9 && used == 2 && fabs(solver - got) < 1e-9,
	   "split: one large route becomes two small ones, cost 52", msg);
}

/*
 * 2-opt* between depots: depot A at 0, depot B at 100 on a line, one
 * vehicle each (capacity 3, so no job can move alone).  Jobs a1, a2, a3
 * at 10, b1, b2, b3 at 90.  Start: A serves a1, b1, b2 (10 + 80 + 0 +
 * 90 = 180), B serves b3, a2, a3 (180).  Every swap of two jobs and
 * every order inside a route also costs 180 + 180 (each route still
 * crosses once), so only exchanging the tails after a1 and after b3
 * helps: A serves the a's (10 + 10 = 20), B the b's (20), total 40, the
 * optimum (each job is 10 from the nearer depot and each route goes
 * there and back).
 */
static void
TestTwoOptDepots(void)
{
	Case		t;
	int			routes[MAXV][MAXL];
	int			used;
	double		got,
				solver,
				start;
	char		msg[128];
	static const double px[] = {0, 100, 10, 90, 90, 90, 10, 10};

	memset(&t, 0, sizeof(t));
	t.nl = 8;
	t.nj = 6;
	t.nv = 2;
	for (int i = 0; i < 8; i++)
		t.x[i] = px[i];
	t.cap[0] = t.cap[1] = 3;
	t.veh[0].start = t.veh[0].end = 0;
	t.veh[1].start = t.veh[1].end = 1;
	for (int j = 0; j < 6; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 2;
	}
	CaseLink(&t);
	memset(routes, -1, sizeof(routes));
	/* A: a1 b1 b2 (jobs 0 1 2); B: b3 a2 a3 (jobs 3 4 5) */
	routes[0][0] = 0, routes[0][1] = 1, routes[0][2] = 2;
	routes[1][0] = 3, routes[1][1] = 4, routes[1][2] = 5;
	start = PlainCost(&t, 0, routes[0], 3) + PlainCost(&t, 1, routes[1], 3);
	ok(fabs(start - 360) < 1e-9, "2-opt* between depots: the start plan "
	   "costs 360 (by hand)", NULL);
	got = RunLocalSearch(&t, routes, &used, &solver);
	snprintf(msg, sizeof(msg), "got %.6f (solver %.6f), %d routes",
			 got, solver, used);
	ok(fabs(got - 40) < 1e-9 && used == 2 && fabs(solver - got) < 1e-9,
	   "2-opt* between two depots: the tails change depots, cost 40", msg);
}

/* The same bits in every field (not memcmp: a Seg has padding) */
static int
SameSeg(const Seg *a, const Seg *b)
{
	return memcmp(&a->dur, &b->dur, sizeof(double)) == 0 &&
		memcmp(&a->e, &b->e, sizeof(double)) == 0 &&
		memcmp(&a->l, &b->l, sizeof(double)) == 0 &&
		memcmp(&a->tw, &b->tw, sizeof(double)) == 0 &&
		memcmp(&a->dist, &b->dist, sizeof(double)) == 0 &&
		memcmp(&a->ttime, &b->ttime, sizeof(double)) == 0 &&
		memcmp(&a->cost, &b->cost, sizeof(double)) == 0 &&
		a->ntasks == b->ntasks;
}

/* Are two routes' summaries and cost the same bits? */
static int
SameSummaries(const Route *a, const Route *b, int nd3)
{
	int			k;

	for (k = 0; k <= a->n && a->n == b->n; k++)
		if (!SameSeg(&a->pre[k], &b->pre[k]) || !SameSeg(&a->suf[k], &b->suf[k]))
			return 0;
	return a->n == b->n && a->multi == b->multi && a->nship == b->nship &&
		memcmp(&a->cost, &b->cost, sizeof(double)) == 0 &&
		memcmp(a->jobs, b->jobs, sizeof(int) * a->n) == 0 &&
		memcmp(a->lpre, b->lpre, sizeof(double) * nd3 * (a->n + 1)) == 0 &&
		memcmp(a->lsuf, b->lsuf, sizeof(double) * nd3 * (a->n + 1)) == 0;
}

/*
 * The partial update of a route's summaries (RouteUpdatePart, through
 * RouteInsert and RouteRemoveAt) against a full recomputation of the same
 * job sequence in a fresh route: 2,000 random insertions and removals on
 * one route of up to 11 jobs with random windows, services and amounts
 * (many sequences infeasible, so time warp and waiting both occur), every
 * summary compared bit for bit after each step.  The reference route
 * is built from scratch each time; the solver's route starts with room
 * for 8 jobs, so growing the arrays beyond that must keep the summaries
 * the partial update relies on.
 */
static void
TestPartialUpdate(void)
{
	Case		t;
	Ctx			c;
	Sol			s;
	Route		ref;
	VrpOptions	o;
	double		tw[2 * MAXL];
	unsigned	rng = 12345;
	int			steps = 0,
				same = 0,
				k;

	memset(&t, 0, sizeof(t));
	t.nl = 12;
	t.nj = 11;
	t.nv = 1;
	t.cap[0] = 20;
	for (k = 0; k < t.nl; k++)
	{
		rng = rng * 1103515245u + 12345u;
		t.x[k] = (rng >> 16) % 50;
		rng = rng * 1103515245u + 12345u;
		t.y[k] = (rng >> 16) % 50;
	}
	for (k = 0; k < t.nj; k++)
	{
		rng = rng * 1103515245u + 12345u;
		t.job[k].location = k + 1;
		t.dem[k] = 1 + (rng >> 16) % 3;
		t.job[k].service = (rng >> 20) % 10;
		tw[2 * k] = (rng >> 8) % 120;
		tw[2 * k + 1] = tw[2 * k] + 10 + (rng >> 12) % 60;
	}
	CaseLink(&t);
	for (k = 0; k < t.nj; k++)
	{
		t.job[k].n_tw = 1;
		t.job[k].tw = tw + 2 * k;
	}
	lgvrp_default_options(&o);
	if (VrpSetup(&c, &t.p, &o) != VRP_OK || SolInit(&c, &s) != VRP_OK)
	{
		ok(0, "partial update: set-up", NULL);
		return;
	}
	for (steps = 0; steps < 2000; steps++)
	{
		Route	   *r = &s.r[0];

		rng = rng * 1103515245u + 12345u;
		if (r->n > 0 && (r->n == t.nj || (rng >> 16) % 2))
			RouteRemoveAt(&c, &s, 0, (rng >> 8) % r->n);
		else
		{
			int			j;

			for (j = 0; s.route_of[j] >= 0; j++)
				;
			RouteInsert(&c, &s, 0, (rng >> 8) % (r->n + 1), j);
		}
		memset(&ref, 0, sizeof(ref));
		ref.v = 0;
		RouteReserve(&c, &ref, r->n);
		memcpy(ref.jobs, r->jobs, sizeof(int) * r->n);
		ref.n = r->n;
		RouteUpdate(&c, &ref);
		same += SameSummaries(r, &ref, 3 * c.nd);
		VrpFree(&c, ref.jobs);
		VrpFree(&c, ref.pre);
		VrpFree(&c, ref.suf);
		VrpFree(&c, ref.lpre);
		VrpFree(&c, ref.lsuf);
	}
	ok(same == steps, "partial summary update equals a full one after each "
	   "of 2000 random insertions and removals", NULL);
	SolFree(&c, &s);
	VrpTeardown(&c);
}

/*
 * Solve with the given iteration budget (0: the first plan only); the
 * plan's cost recomputed by PlainCost (1e300 if a job is lost), the
 * routes used and how many of them use vehicle class big (vehicles
 * [big_from, nv)).
 */
static double
RunSolve(Case *t, long iterations, int big_from, int *used, int *big)
{
	VrpOptions	o;
	VrpSolution sol;
	double		total = 0;
	int			seen[MAXL] = {0};
	int			v,
				k;

	lgvrp_default_options(&o);
	o.iterations = iterations;
	*used = *big = 0;
	if (lgvrp_solve(&t->p, &o, &sol, NULL) != VRP_OK)
		return 1e300;
	for (v = 0; v < t->nv; v++)
	{
		int			n = sol.route_start[v + 1] - sol.route_start[v];

		total += PlainCost(t, v, sol.jobs + sol.route_start[v], n);
		*used += n > 0;
		*big += n > 0 && v >= big_from;
		for (k = 0; k < n; k++)
			seen[sol.jobs[sol.route_start[v] + k]]++;
	}
	for (k = 0; k < t->nj; k++)
		if (seen[k] != 1)
			total = 1e300;
	lgvrp_free_solution(&sol, &o);
	return total;
}

/*
 * Class of a new route in a fleet size and mix problem: depot at (0,0),
 * four jobs of 1 at (30,40), 50 from the depot.  Four small vehicles
 * (capacity 1, fixed cost 10) and four large ones (capacity 4, fixed cost
 * 30): of each class enough to carry everything.  One job alone is
 * cheaper on a small vehicle (10 + 100 = 110) than on a large one (30 +
 * 100 = 130), so choosing by that cost opens four small routes, 440.  Per
 * unit of capacity the large one costs 130 / 4 = 32.5 against 110: one
 * large route for all four, 130, the optimum (every route pays 100 for
 * the round trip, and the fixed costs of any other mix exceed 30).  The
 * first plan (no iterations) must already be that one.
 */
static void
TestFleetMix(void)
{
	Case		t;
	int			used,
				big;
	double		got;
	char		msg[128];

	memset(&t, 0, sizeof(t));
	t.nl = 5;
	t.nj = 4;
	t.nv = 8;
	for (int i = 1; i < 5; i++)
		t.x[i] = 30, t.y[i] = 40;
	for (int v = 0; v < 8; v++)
	{
		t.cap[v] = v < 4 ? 1 : 4;
		t.veh[v].fixed_cost = v < 4 ? 10 : 30;
	}
	for (int j = 0; j < 4; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 1;
	}
	CaseLink(&t);
	got = RunSolve(&t, 0, 4, &used, &big);
	snprintf(msg, sizeof(msg), "cost %.6f, %d routes, %d large", got, used,
			 big);
	ok(fabs(got - 130) < 1e-9 && used == 1 && big == 1,
	   "fleet mix: the first plan opens the large vehicle, cost 130", msg);
	got = RunSolve(&t, 2000, 4, &used, &big);
	snprintf(msg, sizeof(msg), "cost %.6f, %d routes, %d large", got, used,
			 big);
	ok(fabs(got - 130) < 1e-9 && used == 1 && big == 1,
	   "fleet mix: 2000 iterations end at the optimum, cost 130", msg);
}

/* Least total cost of rows k..n-1 on columns not in taken (enumeration) */
static double
AssignEnum(int n, int m, const double *a, int k, unsigned taken)
{
	double		best = 1e300;
	int			j;

	if (k == n)
		return 0;
	for (j = 0; j < m; j++)
		if (!(taken & (1u << j)))
		{
			double		c = a[k * m + j] + AssignEnum(n, m, a, k + 1,
													  taken | (1u << j));

			if (c < best)
				best = c;
		}
	return best;
}

/*
 * The assignment solver (VrpAssign, Hungarian method) against the
 * enumeration of every injective map of rows to columns: 500 random
 * matrices of 1-6 rows and up to 7 columns, integer costs 0-19 (many
 * ties) or, one in four, with entries of 1e6 for forbidden pairs as
 * TryAssign uses them.  The columns returned must be distinct and their
 * total the enumerated optimum.
 */
static void
TestAssignSolver(void)
{
	unsigned	rng = 777;
	int			cs,
				good = 0;
	char		msg[128] = "";

	for (cs = 0; cs < 500; cs++)
	{
		double		a[6 * 7],
					w[4 * 8 + 7];
		int			col[6],
					n,
					m,
					i,
					distinct = 1;
		double		total = 0,
					ref;

		rng = rng * 1103515245u + 12345u;
		n = 1 + (rng >> 16) % 6;
		rng = rng * 1103515245u + 12345u;
		m = n + (rng >> 16) % (8 - n);
		for (i = 0; i < n * m; i++)
		{
			rng = rng * 1103515245u + 12345u;
			a[i] = (rng >> 16) % 20;
			if (cs % 4 == 0 && (rng >> 8) % 3 == 0)
				a[i] = 1e6;
		}
		VrpAssign(n, m, a, col, w);
		for (i = 0; i < n; i++)
		{
			total += a[i * m + col[i]];
			for (int k = 0; k < i; k++)
				distinct &= col[k] != col[i];
		}
		ref = AssignEnum(n, m, a, 0, 0);
		if (distinct && fabs(total - ref) < 1e-9)
			good++;
		else if (!msg[0])
			snprintf(msg, sizeof(msg), "case %d (%d x %d): %g, optimum %g%s",
					 cs, n, m, total, ref, distinct ? "" : ", a column twice");
	}
	ok(good == 500, "assignment solver = enumeration on 500 random matrices",
	   msg[0] ? msg : NULL);
}

/*
 * Vehicles of a limited fleet exchanged (TryAssign): depot at 0 on a
 * line, jobs n1, n2 at 10 and f1, f2 at 100, demand 1 each; vehicle 0
 * costs 1 per unit of time, vehicle 1 costs 3, both capacity 2, no other
 * vehicle.  Start: vehicle 0 serves the near jobs (20), vehicle 1 the far
 * ones (3 x 200 = 600), 620.  Each vehicle must carry exactly two jobs;
 * a mixed pair costs 10 + 90 + 100 = 200 per route (200 + 600 = 800), so
 * the optimum is the far pair on vehicle 0 and the near pair on vehicle
 * 1: 200 + 3 x 20 = 260.  No job move reaches it (the vehicles are full,
 * a swap of two jobs gives the mixed routes, 2-opt* keeps each route's
 * first job, and there is no empty vehicle to move a route to): only the
 * exchange of the two routes' vehicles.
 */
static void
TestAssign(void)
{
	Case		t;
	int			routes[MAXV][MAXL];
	int			used;
	double		got,
				solver,
				start;
	char		msg[128];
	static const double px[] = {0, 10, 10, 100, 100};

	memset(&t, 0, sizeof(t));
	t.nl = 5;
	t.nj = 4;
	t.nv = 2;
	for (int i = 0; i < 5; i++)
		t.x[i] = px[i];
	t.cap[0] = t.cap[1] = 2;
	for (int j = 0; j < 4; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 1;
	}
	CaseLink(&t);
	t.veh[1].cost_per_time = 3;
	memset(routes, -1, sizeof(routes));
	routes[0][0] = 0, routes[0][1] = 1;
	routes[1][0] = 2, routes[1][1] = 3;
	start = PlainCost(&t, 0, routes[0], 2) + PlainCost(&t, 1, routes[1], 2);
	ok(fabs(start - 620) < 1e-9, "assignment: the start plan costs 620 "
	   "(by hand)", NULL);
	got = RunLocalSearch(&t, routes, &used, &solver);
	snprintf(msg, sizeof(msg), "got %.6f (solver %.6f), %d routes",
			 got, solver, used);
	ok(fabs(got - 260) < 1e-9 && used == 2 && fabs(solver - got) < 1e-9,
	   "assignment: the two routes exchange vehicles, cost 260", msg);
}

/*
 * Assignment with two depots: depot A at x = 0 (vehicle 0), depot B at x
 * = 100 (vehicle 1), capacity 2 each; jobs of 1 at 10 and 12 (near A)
 * and at 88 and 90 (near B), every window [85, 95], no service.  A route
 * with one job of each pair is infeasible (the second one is reached 76
 * or more after the first, past 95), so no job move, swap or 2-opt*
 * improves, and there is no empty vehicle for TryVehicles.  Start: A
 * serves 88, 90 (88 + 2 + 90 = 180; arrivals 88 and 90), B serves 12,
 * 10 (88 + 2 + 90 = 180): 360.  Exchanged: A serves 10, 12 (10 + 2 +
 * 12 = 24, waiting at 10 until 85), B serves 90, 88 (10 + 2 + 12 =
 * 24): 48, the optimum (each pair on its own depot's vehicle).
 */
static void
TestAssignDepots(void)
{
	Case		t;
	int			routes[MAXV][MAXL];
	int			used;
	double		got,
				solver,
				start,
				tw[2] = {85, 95};
	char		msg[128];
	static const double px[] = {0, 100, 10, 12, 88, 90};

	memset(&t, 0, sizeof(t));
	t.nl = 6;
	t.nj = 4;
	t.nv = 2;
	for (int i = 0; i < 6; i++)
		t.x[i] = px[i];
	t.cap[0] = t.cap[1] = 2;
	for (int j = 0; j < 4; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 2;
	}
	CaseLink(&t);
	for (int j = 0; j < 4; j++)
	{
		t.job[j].n_tw = 1;
		t.job[j].tw = tw;
	}
	t.veh[1].start = t.veh[1].end = 1;
	memset(routes, -1, sizeof(routes));
	routes[0][0] = 2, routes[0][1] = 3;
	routes[1][0] = 1, routes[1][1] = 0;
	start = PlainCost(&t, 0, routes[0], 2) + PlainCost(&t, 1, routes[1], 2);
	ok(fabs(start - 360) < 1e-9, "assignment, two depots: the start plan "
	   "costs 360 (by hand)", NULL);
	got = RunLocalSearch(&t, routes, &used, &solver);
	snprintf(msg, sizeof(msg), "got %.6f (solver %.6f), %d routes",
			 got, solver, used);
	ok(fabs(got - 48) < 1e-9 && used == 2 && fabs(solver - got) < 1e-9,
	   "assignment, two depots: the routes exchange depots, cost 48", msg);
}

/*
 * Two routes merged onto a larger vehicle with the load exactly at its
 * capacity (TotalsFit must let that through).  Depot at (0,0), jobs of 1
 * at (3,4), (-3,4), (-3,-4), (3,-4): 5 from the depot, 6 apart across x =
 * 0, 8 across y = 0.  Two small vehicles (capacity 2, fixed cost 50)
 * serve the pairs 6 apart: 5 + 6 + 5 = 16 each, 2 * 66 = 132 (the best
 * with two small ones).  One large vehicle (capacity 4, fixed cost 60)
 * serving all four around the square: 5 + 6 + 8 + 6 + 5 = 30, cost 90,
 * the optimum (a large and a small one pay 110 in fixed costs alone).
 * No job move gets there (the small routes are full, a job alone on the
 * large vehicle pays 60): only merging the two routes, 2 + 2 = 4 = its
 * capacity.
 */
static void
TestMergeAtCapacity(void)
{
	Case		t;
	int			routes[MAXV][MAXL];
	int			used;
	double		got,
				solver;
	char		msg[128];

	memset(&t, 0, sizeof(t));
	t.nl = 5;
	t.nj = 4;
	t.nv = 3;
	t.x[1] = 3, t.y[1] = 4;
	t.x[2] = -3, t.y[2] = 4;
	t.x[3] = -3, t.y[3] = -4;
	t.x[4] = 3, t.y[4] = -4;
	t.cap[0] = 4;
	t.veh[0].fixed_cost = 60;
	t.cap[1] = t.cap[2] = 2;
	t.veh[1].fixed_cost = t.veh[2].fixed_cost = 50;
	for (int j = 0; j < 4; j++)
	{
		t.dem[j] = 1;
		t.job[j].location = j + 1;
	}
	CaseLink(&t);
	memset(routes, -1, sizeof(routes));
	routes[1][0] = 0, routes[1][1] = 1;
	routes[2][0] = 2, routes[2][1] = 3;
	ok(fabs(PlainCost(&t, 1, routes[1], 2) + PlainCost(&t, 2, routes[2], 2) -
			132) < 1e-9, "merge at capacity: the start plan costs 132 (by hand)",
	   NULL);
	got = RunLocalSearch(&t, routes, &used, &solver);
	snprintf(msg, sizeof(msg), "cost %.6f (solver %.6f), %d routes",
			 got, solver, used);
	ok(fabs(got - 90) < 1e-9 && used == 1 && fabs(solver - got) < 1e-9,
	   "merge at capacity: two full small routes become one large, cost 90",
	   msg);
}

int
main(void)
{
	TestSplit();
	TestPartialUpdate();
	TestTwoOptDepots();
	TestFleetMix();
	TestAssignSolver();
	TestAssign();
	TestAssignDepots();
	TestMergeAtCapacity();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
