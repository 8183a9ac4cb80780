/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of driver breaks in the fleet routing solver
 * (src/routing/vrp_break.c), printing TAP.
 *
 * Independent of the solver's dynamic programme: the reference optimum of
 * each small instance enumerates every assignment of jobs to vehicles,
 * every order of a vehicle's jobs and every placement of its breaks in
 * the gaps of the route (before the first job, between two jobs, after
 * the last), each simulated forward from the start of the working hours
 * with the rule of VROOM 1.14: a break may start as soon as the vehicle
 * leaves a stop, the drive not done before it follows it.  The schedule
 * the solver reports (lgvrp_schedule) is replayed step by step with the
 * same rule: every break once and in order, inside one of its windows,
 * not before the previous step, under its load limit; every job in its
 * window; the return within the working hours.
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

#define MAXL 8
#define MAXJ 6
#define MAXV 2
#define MAXB 2

typedef struct Inst
{
	int			nl,
				nj,
				nv;
	double		dur[MAXL * MAXL];
	double		cap[MAXV];
	double		del[MAXJ];
	double		tw[MAXJ][2];
	double		btw[MAXV][MAXB][2];
	double		bmax[MAXV][MAXB];
	VrpBreak	brk[MAXV][MAXB];
	VrpVehicle	veh[MAXV];
	VrpJob		job[MAXJ];
	VrpMatrix	m;
	VrpProblem	p;
} Inst;

/*
 * Random instance: depot 0, jobs at 1..nj, both vehicles with breaks;
 * with two_depots, vehicle 1 starts and ends at location nj + 1 (drawn
 * last, so the one-depot instances stay as they were).
 */
static void
Random(Inst *t, int nj, int loadlimit, int two_depots)
{
	double		x[MAXL],
				y[MAXL];
	int			i,
				j,
				b;

	memset(t, 0, sizeof(*t));
	t->nj = nj;
	t->nv = MAXV;
	t->nl = nj + 1;
	for (i = 0; i < t->nl; i++)
	{
		x[i] = floor(Uniform() * 100);
		y[i] = floor(Uniform() * 100);
	}
	for (i = 0; i < MAXV; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->start = v->end = 0;
		t->cap[i] = 10 + 4 * i;
		v->capacity = &t->cap[i];
		v->tw_start = 0;
		v->tw_end = 420;
		v->fixed_cost = 15;
		v->cost_per_time = 1;
		v->speed_factor = 1;
		v->max_travel_time = v->max_distance = v->max_duration = VRP_INF;
		v->max_tasks = -1;
		v->n_breaks = i + 1;
		v->breaks = t->brk[i];
		for (b = 0; b <= i; b++)
		{
			double		a = 60 + 120 * b + floor(Uniform() * 80);

			t->btw[i][b][0] = a;
			t->btw[i][b][1] = a + 20 + floor(Uniform() * 40);
			t->brk[i][b].service = 20 + floor(Uniform() * 20);
			t->brk[i][b].n_tw = 1;
			t->brk[i][b].tw = t->btw[i][b];
			t->bmax[i][b] = floor(Uniform() * 8);
			if (loadlimit && b == 0)
				t->brk[i][b].max_load = &t->bmax[i][b];
		}
	}
	for (i = 0; i < nj; i++)
	{
		VrpJob	   *jb = &t->job[i];

		jb->location = i + 1;
		jb->service = floor(Uniform() * 15);
		t->del[i] = 1 + floor(Uniform() * 5);
		jb->delivery = &t->del[i];
		if (Uniform() < 0.6)
		{
			double		a = floor(Uniform() * 250);

			t->tw[i][0] = a;
			t->tw[i][1] = a + 30 + floor(Uniform() * 90);
			jb->n_tw = 1;
			jb->tw = t->tw[i];
		}
	}
	if (two_depots)
	{
		x[t->nl] = floor(Uniform() * 100);
		y[t->nl] = floor(Uniform() * 100);
		t->veh[1].start = t->veh[1].end = t->nl++;
	}
	for (i = 0; i < t->nl; i++)
		for (j = 0; j < t->nl; j++)
			t->dur[i * t->nl + j] = floor(sqrt((x[i] - x[j]) * (x[i] - x[j]) +
											   (y[i] - y[j]) * (y[i] - y[j])));
	t->m.duration = t->dur;
	t->p.n_locations = t->nl;
	t->p.n_profiles = 1;
	t->p.matrices = &t->m;
	t->p.n_dims = 1;
	t->p.n_vehicles = t->nv;
	t->p.vehicles = t->veh;
	t->p.n_jobs = nj;
	t->p.jobs = t->job;
}

/* ---------------------------------------------------------------- checker */

/* First window start >= c in [lo, hi], or -1 */
static double
Open(double c, double lo, double hi)
{
	if (c > hi + 1e-9)
		return -1;
	return c > lo ? c : lo;
}

/*
 * Vehicle v serving seq[0..n-1] with its breaks in the gaps gap[0..nb-1]
 * (non-decreasing): feasible?  Earliest schedule from the start of the
 * working hours (no route duration limit here, so that is enough).
 */
static int
SimPlaced(const Inst *t, int v, const int *seq, int n, const int *gap)
{
	const VrpVehicle *veh = &t->veh[v];
	double		c = veh->tw_start,
				load = 0;
	int			g,
				b = 0,
				prev = veh->start;

	for (g = 0; g < n; g++)
		load += t->del[seq[g]];
	if (load > t->cap[v] + 1e-9)
		return 0;
	for (g = 0; g <= n; g++)
	{
		int			to = g < n ? t->job[seq[g]].location : veh->end;
		double		r = t->dur[prev * t->nl + to];

		for (; b < veh->n_breaks && gap[b] == g; b++)
		{
			const VrpBreak *br = &veh->breaks[b];
			double		s = Open(c, br->tw[0], br->tw[1]),
						done;

			if (s < 0 || (br->max_load && load > *br->max_load + 1e-9))
				return 0;
			done = s - c < r ? s - c : r;
			r -= done;
			c = s + br->service;
		}
		c += r;
		if (g < n)
		{
			const VrpJob *j = &t->job[seq[g]];

			if (j->n_tw)
			{
				c = Open(c, j->tw[0], j->tw[1]);
				if (c < 0)
					return 0;
			}
			c += j->service;
			load -= t->del[seq[g]];
		}
		else if (c > veh->tw_end + 1e-9)
			return 0;
		prev = to;
	}
	return 1;
}

/* Some placement of v's breaks makes seq feasible? */
static int
PlaceAny(const Inst *t, int v, const int *seq, int n, int *gap, int b)
{
	int			g;

	if (b == t->veh[v].n_breaks)
		return SimPlaced(t, v, seq, n, gap);
	for (g = b == 0 ? 0 : gap[b - 1]; g <= n; g++)
	{
		gap[b] = g;
		if (PlaceAny(t, v, seq, n, gap, b + 1))
			return 1;
	}
	return 0;
}

static double
RouteCost(const Inst *t, int v, const int *seq, int n)
{
	double		c = 0;
	int			g,
				prev = t->veh[v].start;

	if (n == 0)
		return 0;
	for (g = 0; g <= n; g++)
	{
		int			to = g < n ? t->job[seq[g]].location : t->veh[v].end;

		c += t->dur[prev * t->nl + to];
		prev = to;
	}
	return c + t->veh[v].fixed_cost;
}

static double best_route;

static void
Perm(const Inst *t, int v, int *seq, int k, int n)
{
	int			i,
				gap[MAXB];

	if (k == n)
	{
		double		c = RouteCost(t, v, seq, n);

		if (c < best_route && (n == 0 || PlaceAny(t, v, seq, n, gap, 0)))
			best_route = c;
		return;
	}
	for (i = k; i < n; i++)
	{
		int			x = seq[k];

		seq[k] = seq[i];
		seq[i] = x;
		Perm(t, v, seq, k + 1, n);
		seq[i] = seq[k];
		seq[k] = x;
	}
}

/* Optimum with every job served; 1e300 if none */
static double
Enumerate(const Inst *t)
{
	double		best = 1e300;
	int			mask,
				v,
				j;

	for (mask = 0; mask < (1 << t->nj); mask++)
	{
		double		total = 0;

		for (v = 0; v < 2 && total < 1e299; v++)
		{
			int			seq[MAXJ],
						n = 0;

			for (j = 0; j < t->nj; j++)
				if (((mask >> j) & 1) == v)
					seq[n++] = j;
			best_route = 1e300;
			Perm(t, v, seq, 0, n);
			total += best_route;
		}
		if (total < best)
			best = total;
	}
	return best;
}

/*
 * Replay the solver's schedule of vehicle v: the order of breaks and
 * jobs it reports, its break starts, checked with the rule above.
 */
static int
Replay(const Inst *t, int v, const int *seq, int n, const VrpStep *st,
	   char *why, size_t len)
{
	const VrpVehicle *veh = &t->veh[v];
	int			ns = n + 2 + veh->n_breaks,
				k,
				nj = 0,
				nb = 0,
				prev = veh->start;
	double		c,
				r = 0,
				load = 0;

	for (k = 0; k < n; k++)
		load += t->del[seq[k]];
	if (st[0].kind != VRP_STEP_START || st[ns - 1].kind != VRP_STEP_END)
		return snprintf(why, len, "first/last step"), 0;
	c = st[0].departure;
	if (c < veh->tw_start - 1e-9)
		return snprintf(why, len, "departs before the shift"), 0;
	for (k = 1; k < ns; k++)
	{
		const VrpStep *s = &st[k];

		if (s->kind == VRP_STEP_BREAK)
		{
			const VrpBreak *br = &veh->breaks[nb];
			double		done;

			if (s->index != nb)
				return snprintf(why, len, "break %d out of order", s->index), 0;
			if (k == 1 || st[k - 1].kind != VRP_STEP_BREAK)
			{
				int			to = nj < n ? t->job[seq[nj]].location : veh->end;

				r = t->dur[prev * t->nl + to];
			}
			if (s->start < c - 1e-6 || s->start < br->tw[0] - 1e-6 ||
				s->start > br->tw[1] + 1e-6)
				return snprintf(why, len, "break %d starts at %g", nb, s->start), 0;
			if (br->max_load && load > *br->max_load + 1e-9)
				return snprintf(why, len, "break %d with load %g", nb, load), 0;
			done = s->start - c < r ? s->start - c : r;
			r -= done;
			c = s->start + br->service;
			nb++;
			continue;
		}
		{
			int			to = s->kind == VRP_STEP_JOB ? t->job[seq[nj]].location :
				veh->end;

			if (k == 1 || st[k - 1].kind != VRP_STEP_BREAK)
				r = t->dur[prev * t->nl + to];
			c += r;
			r = 0;
			if (fabs(s->arrival - c) > 1e-6)
				return snprintf(why, len, "arrival %g, expected %g", s->arrival, c), 0;
			if (s->kind == VRP_STEP_JOB)
			{
				const VrpJob *j = &t->job[seq[nj]];

				if (s->index != nj)
					return snprintf(why, len, "job order"), 0;
				c = s->start;
				if (c < s->arrival - 1e-9 ||
					(j->n_tw && (c < j->tw[0] - 1e-6 || c > j->tw[1] + 1e-6)))
					return snprintf(why, len, "job %d starts at %g", seq[nj], c), 0;
				c += j->service;
				load -= t->del[seq[nj]];
				nj++;
			}
			else if (c > veh->tw_end + 1e-6)
				return snprintf(why, len, "returns at %g", c), 0;
			prev = to;
		}
	}
	if (nj != n || nb != veh->n_breaks)
		return snprintf(why, len, "%d jobs, %d breaks", nj, nb), 0;
	return 1;
}

/* ---------------------------------------------------------------- tests */

/*
 * VROOM 1.14 on the same problem (run in this session, b6 in the notes):
 * start 20, job 1 at 60, break at 100 after 30 of the 40 time units of
 * the drive, job 2 reached at 140 and waits 60, return at 310.
 */
static void
TestVroomCase(void)
{
	double		dur[9] = {0, 40, 100, 40, 0, 40, 100, 40, 0};
	double		jtw[2][2] = {{0, 60}, {200, 300}};
	double		btw[2] = {100, 110};
	VrpBreak	br = {30, 1, btw, NULL};
	VrpVehicle	veh;
	VrpJob		job[2];
	VrpMatrix	m = {dur, NULL, NULL};
	VrpProblem	p;
	VrpStep		st[5];
	int			seq[2] = {0, 1},
				feas;
	char		msg[160];

	memset(&veh, 0, sizeof(veh));
	veh.tw_end = VRP_INF;
	veh.speed_factor = 1;
	veh.cost_per_time = 1;
	veh.max_travel_time = veh.max_distance = veh.max_duration = VRP_INF;
	veh.max_tasks = -1;
	veh.n_breaks = 1;
	veh.breaks = &br;
	memset(job, 0, sizeof(job));
	job[0].location = 1;
	job[1].location = 2;
	job[0].service = job[1].service = 10;
	job[0].n_tw = job[1].n_tw = 1;
	job[0].tw = jtw[0];
	job[1].tw = jtw[1];
	memset(&p, 0, sizeof(p));
	p.n_locations = 3;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_vehicles = 1;
	p.vehicles = &veh;
	p.n_jobs = 2;
	p.jobs = job;
	feas = lgvrp_schedule(&p, 0, seq, 2, st);
	snprintf(msg, sizeof(msg), "kinds %d %d %d %d %d, times %g %g %g/%g %g+%g %g",
			 st[0].kind, st[1].kind, st[2].kind, st[3].kind, st[4].kind,
			 st[0].departure, st[1].arrival, st[2].start, st[2].travel_time,
			 st[3].arrival, st[3].waiting, st[4].arrival);
	ok(feas && st[2].kind == VRP_STEP_BREAK && st[0].departure == 20 &&
	   st[1].arrival == 60 && st[2].start == 100 && st[2].travel_time == 70 &&
	   st[3].arrival == 140 && st[3].waiting == 60 && st[4].arrival == 310,
	   "schedule with a break equals VROOM's", msg);
	/* the break cannot start after 110: with job 1 not before 105, none */
	jtw[0][0] = 105;
	jtw[0][1] = 200;
	jtw[1][0] = 0;
	ok(lgvrp_schedule(&p, 0, seq, 2, st) == 1 && st[1].kind == VRP_STEP_BREAK,
	   "break before the first job when later is too late", NULL);
	btw[0] = 0;
	btw[1] = 5;
	jtw[0][0] = 0;
	jtw[0][1] = 45;
	/*
	 * break at 0..5 for 30: job 1 (window to 45, 40 away) is reached at 40
	 * without it, at 70 after it, and after job 1 it is too late
	 */
	ok(lgvrp_schedule(&p, 0, seq, 2, st) == 0, "infeasible placement detected",
	   NULL);
}

/* Solver optimum against enumeration; its schedules replayed */
static void
TestEnumerate(int loadlimit)
{
	int			cs,
				match = 0,
				valid = 0,
				cases = 10,
				nj = loadlimit ? 5 : 6;
	char		msg[200] = "";

	for (cs = 0; cs < cases; cs++)
	{
		Inst		t;
		VrpSolution s;
		VrpOptions	o;
		double		ref;
		int			v,
					bad = 0;

		lcg = 500 + cs + 100 * loadlimit;
		Random(&t, nj, loadlimit, 0);
		ref = Enumerate(&t);
		lgvrp_default_options(&o);
		o.iterations = 2000;
		if (lgvrp_solve(&t.p, &o, &s, NULL) != VRP_OK)
		{
			snprintf(msg, sizeof(msg), "case %d: solver failed", cs);
			continue;
		}
		for (v = 0; v < t.nv && !bad; v++)
		{
			int			n = s.route_start[v + 1] - s.route_start[v];
			VrpStep		st[MAXJ + 2 + MAXB];
			char		why[120];

			if (n == 0)
				continue;
			if (!lgvrp_schedule(&t.p, v, s.jobs + s.route_start[v], n, st) ||
				!Replay(&t, v, s.jobs + s.route_start[v], n, st, why, sizeof(why)))
			{
				bad = 1;
				snprintf(msg, sizeof(msg), "case %d vehicle %d: %s", cs, v,
						 lgvrp_schedule(&t.p, v, s.jobs + s.route_start[v], n, st) ?
						 why : "solver says infeasible");
			}
		}
		if (!bad)
			valid++;
		if (ref >= 1e299 ? s.n_unassigned > 0 :
			(s.n_unassigned == 0 && fabs(s.cost - ref) < 1e-6))
			match++;
		else if (!msg[0])
			snprintf(msg, sizeof(msg), "case %d: solver %g (%d out), optimum %g",
					 cs, s.cost, s.n_unassigned, ref);
		lgvrp_free_solution(&s, &o);
	}
	ok(valid == cases, loadlimit ?
	   "breaks with load limits: every schedule replays" :
	   "breaks: every schedule replays", msg[0] ? msg : NULL);
	ok(match == cases, loadlimit ?
	   "breaks with load limits: optimum by enumeration" :
	   "breaks: optimum by enumeration", msg[0] ? msg : NULL);
}

/*
 * Does vehicle v serve seq[0..n-1] within its capacity with some placement
 * of its breaks (the enumeration above, independent of the solver)?
 */
static int
RouteOk(const Inst *t, int v, const int *seq, int n)
{
	int			gap[MAXB];

	return n == 0 || PlaceAny(t, v, seq, n, gap, 0);
}

/*
 * Regression test of the lead's fix db1f958 (ApplyTails in vrp_ls.c): the
 * 2-opt* between vehicles of different classes (here: two depots, and
 * capacities 10 and 14) exchanged the routes' tails after checking them
 * with the segment summaries alone, which know no breaks, so it could
 * apply an exchange after which a vehicle can no longer take a break in
 * its window.  Two vehicles with breaks, vehicle 1 at a second depot, six
 * jobs; a start plan built at random with every route feasible by the
 * enumeration of break placements (RouteOk); then the descent
 * (LocalSearch); every route must still be feasible by the same
 * enumeration, and no job lost.  On db1f958's parent (f784d64) this test
 * FAILS: 8 of the 300 plans end with a route that no placement of the
 * breaks makes feasible (the first: case 13); with the fix none does.
 * The descent must also have changed some plans (else the test could not
 * fail).
 */
static void
TestTwoDepotTails(void)
{
	int			cs,
				cases = 300,
				bad = 0,
				changed = 0,
				first = -1;
	char		msg[160];

	for (cs = 0; cs < cases; cs++)
	{
		Inst		t;
		Ctx			c;
		Sol			s;
		VrpOptions	o;
		int			j,
					v,
					k,
					seen = 0,
					before[MAXV][MAXJ + 1],
					same = 1,
					fail = 0;

		lcg = 9000 + cs;
		Random(&t, MAXJ, 0, 1);
		lgvrp_default_options(&o);
		if (VrpSetup(&c, &t.p, &o) != VRP_OK || SolInit(&c, &s) != VRP_OK)
		{
			bad++;
			continue;
		}
		/* each job on a random vehicle at a random place, if that fits */
		for (j = 0; j < t.nj; j++)
			for (k = 0; k < 2 && s.route_of[j] < 0; k++)
			{
				int			w = (int) (Uniform() * 2) ^ k,
							n = s.r[w].n,
							pos = (int) (Uniform() * (n + 1)),
							seq[MAXJ];

				memcpy(seq, s.r[w].jobs, sizeof(int) * pos);
				seq[pos] = j;
				memcpy(seq + pos + 1, s.r[w].jobs + pos, sizeof(int) * (n - pos));
				if (RouteOk(&t, w, seq, n + 1))
					RouteInsert(&c, &s, w, pos, j);
			}
		s.n_unas = 0;
		for (j = 0; j < t.nj; j++)
			if (s.route_of[j] < 0)
				s.unas[s.n_unas++] = j;
		SolRecount(&c, &s);
		for (v = 0; v < MAXV; v++)
		{
			before[v][0] = s.r[v].n;
			memcpy(before[v] + 1, s.r[v].jobs, sizeof(int) * s.r[v].n);
		}
		LocalSearch(&c, &s);
		for (v = 0; v < MAXV; v++)
		{
			seen += s.r[v].n;
			if (!RouteOk(&t, v, s.r[v].jobs, s.r[v].n))
				fail = 1;
			if (before[v][0] != s.r[v].n ||
				memcmp(before[v] + 1, s.r[v].jobs, sizeof(int) * s.r[v].n) != 0)
				same = 0;
		}
		if (seen != t.nj - s.n_unas)
			fail = 1;
		changed += !same;
		if (fail && first < 0)
			first = cs;
		bad += fail;
		SolFree(&c, &s);
		VrpTeardown(&c);
	}
	snprintf(msg, sizeof(msg), "%d of %d plans break a break window or lose "
			 "a job (first: case %d), %d changed", bad, cases, first, changed);
	ok(bad == 0 && changed > 0, "2-opt* between two depots keeps the breaks "
	   "feasible (fix db1f958)", msg);
}

/* Bad break input: the message names the vehicle, the break and the key */
static void
TestCheck(void)
{
	Inst		t;
	char		err[200];
	int			rc;

	lcg = 3;
	Random(&t, 3, 0, 0);
	t.btw[1][1][0] = 90;
	t.btw[1][1][1] = 80;
	rc = lgvrp_check(&t.p, err, sizeof(err));
	ok(rc == VRP_EBADARG && strstr(err, "vehicles[1].breaks[1].time_windows"),
	   "break window start after end", err);
	t.btw[1][1][1] = 100;
	t.brk[0][0].service = -1;
	rc = lgvrp_check(&t.p, err, sizeof(err));
	ok(rc == VRP_EBADARG && strstr(err, "vehicles[0].breaks[0].service"),
	   "negative break service", err);
	t.brk[0][0].service = NAN;
	rc = lgvrp_check(&t.p, err, sizeof(err));
	ok(rc == VRP_EBADARG && strstr(err, "vehicles[0].breaks[0].service"),
	   "NaN break service", err);
	t.brk[0][0].service = 10;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_OK, "valid breaks pass",
	   NULL);
}

int
main(void)
{
	TestVroomCase();
	TestEnumerate(0);
	TestEnumerate(1);
	TestCheck();
	TestTwoDepotTails();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
