/* unit: src/routing/vrp.c src/routing/vrp_search.c src/routing/vrp_ruin.c src/routing/vrp_ls.c src/routing/vrp_break.c src/routing/vrp_steps.c src/routing/vrp_pool.c */
/*
 * Unit tests of the fleet routing solver (src/routing/vrp*.c), printing
 * TAP.
 *
 * The reference optimum of each small instance comes from code written
 * here, independently of the solver: every assignment of jobs to vehicles
 * (k^n of them) and, per vehicle, every order of its jobs, each route
 * checked by a plain forward simulation (Simulate below: earliest service
 * in the first window that is still open, load after every stop, and the
 * least route duration by delaying the departure by min(forward slack,
 * total waiting), M. W. P. Savelsbergh, ORSA J. Computing 4 (1992)
 * 146-154).  Every solution the solver returns is checked with the same
 * simulation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/vrp.h"
#include "tap.h"

static unsigned long long lcg = 7;

static double
Uniform(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (lcg >> 11) / 9007199254740992.0;
}

#define MAXL 12
#define MAXJ 8
#define MAXV 4

typedef struct Tiny
{
	int			nl,
				nj,
				nv,
				nd;
	double		dur[MAXL * MAXL];
	double		dist[MAXL * MAXL];
	double		cap[MAXV][2];
	double		del[MAXJ][2],
				pick[MAXJ][2];
	double		tw[MAXJ][4];
	int			ntw[MAXJ];
	int			jskill[MAXJ];	/* 0: none, else one skill */
	int			vskill[MAXV];
	int			kind[MAXJ];		/* VRP_JOB, VRP_PICKUP, VRP_DELIVERY */
	int			partner[MAXJ];
	VrpVehicle	veh[MAXV];
	VrpJob		job[MAXJ];
	VrpMatrix	m;
	VrpProblem	p;
} Tiny;

static void
TinyLink(Tiny *t)
{
	int			i;

	for (i = 0; i < t->nv; i++)
	{
		t->veh[i].capacity = t->cap[i];
		t->veh[i].skills = &t->vskill[i];
		t->veh[i].n_skills = t->vskill[i] != 0;
	}
	for (i = 0; i < t->nj; i++)
	{
		t->job[i].delivery = t->del[i];
		t->job[i].pickup = t->pick[i];
		t->job[i].tw = t->tw[i];
		t->job[i].n_tw = t->ntw[i];
		t->job[i].skills = &t->jskill[i];
		t->job[i].n_skills = t->jskill[i] != 0;
		t->job[i].kind = t->kind[i];
		t->job[i].partner = t->partner[i];
	}
	t->m.duration = t->dur;
	t->m.distance = t->dist;
	t->m.cost = NULL;
	memset(&t->p, 0, sizeof(t->p));
	t->p.n_locations = t->nl;
	t->p.n_profiles = 1;
	t->p.matrices = &t->m;
	t->p.n_dims = t->nd;
	t->p.n_vehicles = t->nv;
	t->p.vehicles = t->veh;
	t->p.n_jobs = t->nj;
	t->p.jobs = t->job;
}

/* Random tiny instance: location 0 and 1 are depots, jobs at 2.. */
static void
TinyRandom(Tiny *t, int nj, int nv, int asym, int windows, int extras)
{
	double		x[MAXL],
				y[MAXL];
	int			i,
				j;

	memset(t, 0, sizeof(*t));
	t->nj = nj;
	t->nv = nv;
	t->nl = nj + 2;
	t->nd = 2;
	for (i = 0; i < t->nl; i++)
	{
		x[i] = floor(Uniform() * 100);
		y[i] = floor(Uniform() * 100);
	}
	for (i = 0; i < t->nl; i++)
		for (j = 0; j < t->nl; j++)
		{
			double		d = sqrt((x[i] - x[j]) * (x[i] - x[j]) +
								 (y[i] - y[j]) * (y[i] - y[j]));

			if (asym && i != j)
				d = floor(d * (0.8 + 0.5 * Uniform()) + 1);
			t->dur[i * t->nl + j] = d;
			t->dist[i * t->nl + j] = floor(d * 1.3);
		}
	for (i = 0; i < nv; i++)
	{
		VrpVehicle *v = &t->veh[i];

		v->profile = 0;
		v->start = i % 2;
		v->end = (extras && i == 1) ? -1 : i % 2;
		t->cap[i][0] = 10 + 5 * i;
		t->cap[i][1] = 12;
		v->tw_start = 0;
		v->tw_end = windows ? 400 : VRP_INF;
		v->fixed_cost = extras ? 20 + 10 * i : 0;
		v->cost_per_time = 1;
		v->cost_per_distance = extras ? 0.5 : 0;
		v->speed_factor = (extras && i == 2) ? 1.25 : 1;
		v->max_travel_time = VRP_INF;
		v->max_distance = VRP_INF;
		v->max_duration = (extras && i == 0) ? 260 : VRP_INF;
		v->max_tasks = (extras && i == 1) ? 3 : -1;
	}
	for (i = 0; i < nj; i++)
	{
		VrpJob	   *jb = &t->job[i];

		jb->location = i + 2;
		jb->service = floor(Uniform() * 10);
		t->del[i][0] = floor(Uniform() * 6);
		t->del[i][1] = floor(Uniform() * 4);
		if (extras)
			t->pick[i][0] = floor(Uniform() * 4);
		if (windows)
		{
			double		a = floor(Uniform() * 250);

			t->tw[i][0] = a;
			t->tw[i][1] = a + 40 + floor(Uniform() * 80);
			t->ntw[i] = 1;
			if (extras && i % 3 == 0)
			{
				t->tw[i][2] = t->tw[i][1] + 50;
				t->tw[i][3] = t->tw[i][2] + 30;
				t->ntw[i] = 2;
			}
		}
		if (extras && i == 0)
			t->jskill[i] = 7;
	}
	if (extras)
		t->vskill[nv - 1] = 7;
	TinyLink(t);
}

/* ---------------------------------------------------------------- checker */

/*
 * Feasibility and cost of vehicle v serving seq[0..n-1], from the
 * definitions.  Returns 1 if feasible; *cost includes the fixed cost.
 */
static int
Simulate(const Tiny *t, int v, const int *seq, int n, double *cost)
{
	const VrpVehicle *veh = &t->veh[v];
	double		load[2] = {0, 0};
	double		tm = veh->tw_start,
				wait = 0,
				slack = 1e300,
				tt = 0,
				dist = 0,
				c = 0;
	int			prev = veh->start,
				k,
				d,
				w;

	*cost = 0;
	if (n == 0)
		return 1;
	if (veh->max_tasks >= 0 && n > veh->max_tasks)
		return 0;
	/* on board at the start: the deliveries of plain jobs */
	for (k = 0; k < n; k++)
		for (d = 0; d < t->nd && t->kind[seq[k]] == VRP_JOB; d++)
			load[d] += t->del[seq[k]][d];
	/* a shipment: both halves here, the pickup first */
	for (k = 0; k < n; k++)
		if (t->kind[seq[k]] != VRP_JOB)
		{
			int			q;

			for (q = 0; q < n; q++)
				if (seq[q] == t->partner[seq[k]])
					break;
			if (q == n || (t->kind[seq[k]] == VRP_PICKUP) != (q > k))
				return 0;
		}
	for (d = 0; d < t->nd; d++)
		if (load[d] > t->cap[v][d] + 1e-9)
			return 0;
	for (k = 0; k <= n; k++)
	{
		int			to = k < n ? t->job[seq[k]].location : veh->end;
		double		a = tm,
					due,
					st;

		if (k == n && to < 0)
			break;
		if (prev >= 0)
		{
			double		dd = t->dur[prev * t->nl + to] / veh->speed_factor;

			a = tm + dd;
			tt += dd;
			dist += t->dist[prev * t->nl + to];
			c += veh->cost_per_time * dd +
				veh->cost_per_distance * t->dist[prev * t->nl + to];
		}
		st = a;
		due = veh->tw_end;
		if (k < n)
		{
			const VrpJob *j = &t->job[seq[k]];

			if (j->n_skills && !(veh->n_skills && veh->skills[0] == j->skills[0]))
				return 0;
			if (j->n_tw)
			{
				for (w = 0; w < j->n_tw; w++)
					if (a <= j->tw[2 * w + 1] + 1e-9)
						break;
				if (w == j->n_tw)
					return 0;
				st = fmax(a, j->tw[2 * w]);
				due = j->tw[2 * w + 1];
			}
			for (d = 0; d < t->nd; d++)
			{
				load[d] += t->pick[seq[k]][d] - t->del[seq[k]][d];
				if (load[d] > t->cap[v][d] + 1e-9)
					return 0;
			}
		}
		else if (a > veh->tw_end + 1e-9)
			return 0;
		/*
		 * Forward slack: a later departure is absorbed by the waiting up
		 * to and including this stop's own, then limited by its window
		 */
		wait += st - a;
		if (due - st + wait < slack)
			slack = due - st + wait;
		tm = st + (k < n ? t->job[seq[k]].service : 0);
		if (to >= 0)
			prev = to;
	}
	if (tm - veh->tw_start - fmin(slack, wait) > veh->max_duration + 1e-9)
		return 0;
	if (tt > veh->max_travel_time + 1e-9 || dist > veh->max_distance + 1e-9)
		return 0;
	*cost = c + veh->fixed_cost;
	return 1;
}

/* Best route of vehicle v over all orders of set[0..n-1] (Heap-free DFS) */
static double best_route;

static void
Perm(const Tiny *t, int v, int *seq, int k, int n)
{
	int			i;

	if (k == n)
	{
		double		c;

		if (Simulate(t, v, seq, n, &c) && c < best_route)
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

/* Optimum over all assignments (every job served); 1e300 if none */
static double
Enumerate(const Tiny *t)
{
	int			assign[MAXJ];
	double		best = 1e300;
	long		total = 1,
				a;
	int			i,
				v;

	for (i = 0; i < t->nj; i++)
		total *= t->nv;
	for (a = 0; a < total; a++)
	{
		long		x = a;
		double		sum = 0;

		for (i = 0; i < t->nj; i++)
		{
			assign[i] = (int) (x % t->nv);
			x /= t->nv;
		}
		for (v = 0; v < t->nv && sum < best; v++)
		{
			int			seq[MAXJ],
						n = 0;

			for (i = 0; i < t->nj; i++)
				if (assign[i] == v)
					seq[n++] = i;
			best_route = 1e300;
			Perm(t, v, seq, 0, n);
			sum += best_route;
		}
		if (sum < best)
			best = sum;
	}
	return best;
}

/* Check a solution with Simulate; returns its cost or -1 if infeasible */
static double
CheckSolution(const Tiny *t, const VrpSolution *s)
{
	int			seen[MAXJ] = {0};
	double		total = 0;
	int			v,
				k;

	for (v = 0; v < t->nv; v++)
	{
		double		c;
		int			n = s->route_start[v + 1] - s->route_start[v];

		for (k = 0; k < n; k++)
			seen[s->jobs[s->route_start[v] + k]]++;
		if (!Simulate(t, v, s->jobs + s->route_start[v], n, &c))
			return -1;
		total += c;
	}
	for (k = 0; k < s->n_unassigned; k++)
		seen[s->unassigned[k]]++;
	for (k = 0; k < t->nj; k++)
		if (seen[k] != 1)
			return -1;
	return total;
}

/*
 * Shipments: jobs 0/1 and 2/3 become pickup/delivery pairs carrying the
 * pickup's first random delivery amount (+1) and second; the rest as in
 * TinyRandom (with extras: job 0 needs a skill, two windows on 0, 3, 6).
 */
static void
TinyShipments(Tiny *t, int nj, int nv, int extras)
{
	int			i,
				d;

	TinyRandom(t, nj, nv, 1, 1, extras);
	for (i = 0; i < 4; i += 2)
	{
		t->kind[i] = VRP_PICKUP;
		t->kind[i + 1] = VRP_DELIVERY;
		t->partner[i] = i + 1;
		t->partner[i + 1] = i;
		for (d = 0; d < t->nd; d++)
		{
			t->pick[i][d] = t->del[i][d] + (d == 0);
			t->del[i + 1][d] = t->pick[i][d];
			t->del[i][d] = t->pick[i + 1][d] = 0;
		}
	}
	TinyLink(t);
}

/* ship: jobs 0-3 are two shipments (TinyShipments: asymmetric, windows) */
static void
TestOptimum(const char *name, int nj, int nv, int asym, int windows,
			int extras, int cases, int ship)
{
	int			c,
				good = 0,
				feasible = 0;
	char		msg[256] = "";

	for (c = 0; c < cases; c++)
	{
		Tiny		t;
		VrpSolution s;
		VrpOptions	o;
		double		opt,
					got;

		if (ship)
			TinyShipments(&t, nj, nv, extras);
		else
			TinyRandom(&t, nj, nv, asym, windows, extras);
		opt = Enumerate(&t);
		lgvrp_default_options(&o);
		o.iterations = 10000;
		if (lgvrp_solve(&t.p, &o, &s, NULL) != VRP_OK)
			continue;
		got = CheckSolution(&t, &s);
		if (got >= 0)
			feasible++;
		if (opt >= 1e300)
			good += got >= 0 && s.n_unassigned > 0;
		else if (got >= 0 && s.n_unassigned == 0 &&
				 fabs(got - opt) <= 1e-6 * (1 + opt) &&
				 fabs(got - s.cost) <= 1e-6 * (1 + opt))
			good++;
		else if (!msg[0])
			snprintf(msg, sizeof(msg), "case %d: optimum %.4f, got %.4f "
					 "(solver says %.4f, %d unassigned)", c, opt, got, s.cost,
					 s.n_unassigned);
		lgvrp_free_solution(&s, &o);
	}
	ok(feasible == cases, name, feasible == cases ? NULL : "infeasible solution");
	ok(good == cases, name, msg[0] ? msg : NULL);
}

/* A shipment too heavy for every vehicle: both halves unassigned, reason */
static void
TestShipmentErrors(void)
{
	Tiny		t;
	VrpSolution s;
	VrpOptions	o;
	char		err[256];
	int			r0,
				r1,
				k,
				heavy = 0;

	TinyShipments(&t, 6, 2, 0);
	t.partner[1] = 2;
	TinyLink(&t);
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "jobs[0].partner must be the other half") != NULL,
	   "shipment halves must name each other", err);
	TinyShipments(&t, 6, 2, 0);
	t.del[1][1] += 1;
	TinyLink(&t);
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "pickup amounts must equal its delivery's, dimension 1") != NULL,
	   "shipment amounts must match", err);
	TinyShipments(&t, 6, 2, 0);
	t.pick[2][0] = t.del[3][0] = 1000;
	TinyLink(&t);
	lgvrp_default_options(&o);
	o.iterations = 500;
	lgvrp_solve(&t.p, &o, &s, NULL);
	r0 = lgvrp_unassigned_reason(&t.p, 2);
	r1 = lgvrp_unassigned_reason(&t.p, 3);
	for (k = 0; k < s.n_unassigned; k++)
		heavy += s.unassigned[k] == 2 || s.unassigned[k] == 3;
	ok(heavy == 2 && r0 == VRP_REASON_CAPACITY && r1 == VRP_REASON_CAPACITY &&
	   CheckSolution(&t, &s) >= 0,
	   "too heavy shipment: both halves unassigned, reason capacity", NULL);
	lgvrp_free_solution(&s, &o);
}

/* ---------------------------------------------------------------- errors */

static void
TestErrors(void)
{
	Tiny		t;
	char		err[256];
	double		nan_cap[2] = {NAN, 1};
	double		badtw[2] = {10, 5};

	TinyRandom(&t, 4, 2, 0, 1, 0);
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_OK, "valid problem passes", NULL);
	t.veh[1].capacity = nan_cap;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strcmp(err, "vehicles[1].capacity[0] must be finite and >= 0") == 0,
	   "NaN capacity named with its index", err);
	TinyLink(&t);
	t.job[2].tw = badtw;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strcmp(err, "jobs[2].time_windows[0] must have start <= end") == 0,
	   "window start after end", err);
	TinyLink(&t);
	t.job[3].location = 99;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "jobs[3].location_index") != NULL, "location out of range", err);
	TinyLink(&t);
	t.dur[5] = -1;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "matrices[0] entry 5") != NULL, "negative duration", err);
	TinyRandom(&t, 4, 2, 0, 1, 0);
	t.job[1].priority = 101;
	ok(lgvrp_check(&t.p, err, sizeof(err)) == VRP_EBADARG &&
	   strstr(err, "jobs[1].priority") != NULL, "priority above 100", err);
}

/* ---------------------------------------------------------------- reasons */

static void
TestUnassigned(void)
{
	Tiny		t;
	VrpSolution s;
	VrpOptions	o;
	int			k,
				n_ok = 0;

	TinyRandom(&t, 5, 2, 0, 1, 0);
	t.jskill[0] = 99;			/* nobody has it */
	t.del[1][0] = 1000;			/* too heavy */
	t.tw[2][0] = 900;			/* after the vehicles' day (end 400) */
	t.tw[2][1] = 950;
	TinyLink(&t);
	lgvrp_default_options(&o);
	o.iterations = 500;
	ok(lgvrp_solve(&t.p, &o, &s, NULL) == VRP_OK, "solve with impossible jobs", NULL);
	ok(s.n_unassigned == 3, "three jobs unassigned", NULL);
	for (k = 0; k < s.n_unassigned; k++)
	{
		int			j = s.unassigned[k],
					r = lgvrp_unassigned_reason(&t.p, j);

		n_ok += (j == 0 && r == VRP_REASON_SKILLS) ||
			(j == 1 && r == VRP_REASON_CAPACITY) ||
			(j == 2 && r == VRP_REASON_TIME);
	}
	ok(n_ok == 3, "reasons: skills, capacity, time", NULL);
	ok(CheckSolution(&t, &s) >= 0, "the rest is feasible", NULL);
	lgvrp_free_solution(&s, &o);
}

/* ---------------------------------------------------------------- tight fleet */

/*
 * A limited fleet that must be used fully: six vehicles of different
 * capacities (cost per time in proportion, no fixed cost) and jobs made
 * by cutting 99% of each vehicle's capacity into pieces of 8-40 (the
 * last one what is left), shuffled and scattered on a 100 x 100 square,
 * so a plan serving every job exists by construction; no windows, so any
 * order of a vehicle's pieces is feasible.  The solver must find such a
 * plan.  Without the repair phase (vrp_search.c) 3 of these 16 cases
 * left one job out (and X115-HVRP in bench/vrp.sh on 3 seeds of 4); at
 * 100% fill (an exact bin packing) it still misses some, so 99%.
 */
#define TF_NV	6
#define TF_NJ	(TF_NV * 8)
#define TF_FILL	99				/* percent of each vehicle's capacity */

/* Capacities 40, 70, 100, 130, 40, 70; the cost per time follows */
static double
TfCap(int v)
{
	return 40 + 30 * (v % 4);
}

static void
TestTightFleet(void)
{
	static double x[TF_NJ + 1],
				y[TF_NJ + 1],
				dur[(TF_NJ + 1) * (TF_NJ + 1)],
				del[TF_NJ],
				cap[TF_NV];
	VrpVehicle	veh[TF_NV];
	VrpJob		job[TF_NJ];
	VrpMatrix	m;
	VrpProblem	p;
	int			cs,
				full = 0,
				valid = 0,
				cases = 16;
	char		msg[128] = "";

	for (cs = 0; cs < cases; cs++)
	{
		VrpSolution s;
		VrpOptions	o;
		int			nj = 0,
					nl,
					v,
					i,
					j,
					seen[TF_NJ] = {0},
					bad = 0;

		lcg = 1000 + cs;
		/* each vehicle's 100 cut into pieces of 8..40 */
		for (v = 0; v < TF_NV; v++)
		{
			double		left = TF_FILL * TfCap(v) / 100.0;

			while (left > 0 && nj < TF_NJ)
			{
				double		a = 8 + floor(Uniform() * 33);

				if (left - a < 8)
					a = left;
				del[nj++] = a;
				left -= a;
			}
		}
		for (i = nj - 1; i > 0; i--)
		{
			int			k = (int) (Uniform() * (i + 1));
			double		tmp = del[i];

			del[i] = del[k];
			del[k] = tmp;
		}
		nl = nj + 1;
		for (i = 0; i < nl; i++)
		{
			x[i] = Uniform() * 100;
			y[i] = Uniform() * 100;
		}
		for (i = 0; i < nl; i++)
			for (j = 0; j < nl; j++)
				dur[i * nl + j] = sqrt((x[i] - x[j]) * (x[i] - x[j]) +
									   (y[i] - y[j]) * (y[i] - y[j]));
		memset(veh, 0, sizeof(veh));
		memset(job, 0, sizeof(job));
		for (v = 0; v < TF_NV; v++)
		{
			cap[v] = TfCap(v);
			veh[v].start = veh[v].end = 0;
			veh[v].capacity = &cap[v];
			veh[v].tw_end = VRP_INF;
			veh[v].cost_per_time = TfCap(v) / 100.0;
			veh[v].speed_factor = 1;
			veh[v].max_travel_time = veh[v].max_distance = VRP_INF;
			veh[v].max_duration = VRP_INF;
			veh[v].max_tasks = -1;
		}
		for (i = 0; i < nj; i++)
		{
			job[i].location = i + 1;
			job[i].delivery = &del[i];
		}
		m.duration = dur;
		m.distance = NULL;
		m.cost = NULL;
		memset(&p, 0, sizeof(p));
		p.n_locations = nl;
		p.n_profiles = 1;
		p.matrices = &m;
		p.n_dims = 1;
		p.n_vehicles = TF_NV;
		p.vehicles = veh;
		p.n_jobs = nj;
		p.jobs = job;
		lgvrp_default_options(&o);
		o.iterations = 3000;
		if (lgvrp_solve(&p, &o, &s, NULL) != VRP_OK)
			continue;
		/* independent check: each job once, loads within capacity */
		for (v = 0; v < TF_NV; v++)
		{
			double		load = 0;

			for (i = s.route_start[v]; i < s.route_start[v + 1]; i++)
			{
				load += del[s.jobs[i]];
				seen[s.jobs[i]]++;
			}
			bad |= load > cap[v] + 1e-9;
		}
		for (i = 0; i < s.n_unassigned; i++)
			seen[s.unassigned[i]]++;
		for (i = 0; i < nj; i++)
			bad |= seen[i] != 1;
		valid += !bad;
		if (!bad && s.n_unassigned == 0)
			full++;
		else
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					 " case %d: %d of %d out;", cs, s.n_unassigned, nj);
		lgvrp_free_solution(&s, &o);
	}
	ok(valid == cases, "tight fleet: every plan valid", NULL);
	ok(full == cases, "tight fleet (sizes add up to 99% of each vehicle's capacity): "
	   "every job assigned", msg[0] ? msg : NULL);
}

/* ---------------------------------------------------------------- misc */

static int	calls = 0;

static void
CountCalls(void *arg)
{
	(void) arg;
	calls++;
}

static void
TestDeterminism(void)
{
	Tiny		t;
	VrpSolution a,
				b;
	VrpOptions	o;
	VrpStats	st;
	int			same;

	lcg = 99;
	TinyRandom(&t, 8, 3, 1, 1, 1);
	lgvrp_default_options(&o);
	o.iterations = 2000;
	o.interrupt = CountCalls;
	lgvrp_solve(&t.p, &o, &a, &st);
	lgvrp_solve(&t.p, &o, &b, NULL);
	same = a.cost == b.cost && a.n_unassigned == b.n_unassigned &&
		memcmp(a.jobs, b.jobs, sizeof(int) * (t.nj - a.n_unassigned)) == 0 &&
		memcmp(a.route_start, b.route_start, sizeof(int) * (t.nv + 1)) == 0;
	ok(same, "same seed, same solution", NULL);
	ok(calls > 0 && st.iterations == 2000, "interrupt callback called, budget kept", NULL);
	lgvrp_free_solution(&a, &o);
	lgvrp_free_solution(&b, &o);
}

/*
 * Independent annealing runs (VrpOptions.runs): with a budget of 3N
 * iterations and three runs, the first run is exactly the single run with
 * a budget of N (same first plan, same random stream, same temperature
 * schedule over its N iterations), so the plan returned can never be worse
 * than that single run's, and the later runs, started again from the first
 * plan, must sometimes find a better one.  Capacities are large so that
 * the first plan serves every job (no repair phase, whose length depends
 * on the budget), no fixed costs (no fleet phase); a short N, so that one
 * run often stops short of the optimum.  Costs rechecked by Simulate.
 */
static void
TestRuns(void)
{
	int			cs,
				cases = 60,
				never_worse = 0,
				better = 0,
				later = 0,
				valid = 0;
	char		msg[200] = "";

	for (cs = 0; cs < cases; cs++)
	{
		Tiny		t;
		VrpSolution one,
					three;
		VrpOptions	o;
		VrpStats	st1,
					st3;
		double		c1,
					c3;
		int			i;

		lcg = 5000 + cs;
		TinyRandom(&t, 8, 3, 1, 0, 0);
		for (i = 0; i < t.nv; i++)
			t.cap[i][0] = t.cap[i][1] = 1000;
		TinyLink(&t);
		lgvrp_default_options(&o);
		o.fleet_min = 0;
		o.local_search = 0;
		o.iterations = 15;
		o.runs = 1;
		lgvrp_solve(&t.p, &o, &one, &st1);
		o.iterations = 45;
		o.runs = 3;
		lgvrp_solve(&t.p, &o, &three, &st3);
		c1 = CheckSolution(&t, &one);
		c3 = CheckSolution(&t, &three);
		if (c1 >= 0 && c3 >= 0 && one.n_unassigned == 0 &&
			three.n_unassigned == 0 && fabs(c1 - one.cost) < 1e-6 &&
			fabs(c3 - three.cost) < 1e-6 && st1.runs == 1 && st3.runs == 3 &&
			st3.iterations == 45)
			valid++;
		if (c3 <= c1 + 1e-9)
			never_worse++;
		else if (!msg[0])
			snprintf(msg, sizeof(msg), "case %d: one run %.4f, three %.4f",
					 cs, c1, c3);
		better += c3 < c1 - 1e-9;
		later += st3.best_run > 1;
		lgvrp_free_solution(&one, &o);
		lgvrp_free_solution(&three, &o);
	}
	ok(valid == cases, "runs: every plan feasible, cost rechecked, 3 runs of 45 iterations", NULL);
	ok(never_worse == cases, "runs: three runs never worse than the first alone",
	   msg[0] ? msg : NULL);
	snprintf(msg, sizeof(msg), "%d of %d better, best from a later run in %d",
			 better, cases, later);
	ok(better > 0 && later >= better, "runs: the later runs find better plans", msg);
}

/* The schedule of a route agrees with the hand calculation */
static void
TestSchedule(void)
{
	Tiny		t;
	VrpStep		st[4];
	int			seq[2] = {0, 1};
	int			f;

	TinyRandom(&t, 2, 1, 0, 0, 0);
	/* depot 0 -> job 0 (location 2) -> job 1 (location 3) -> depot 0 */
	memset(t.dur, 0, sizeof(t.dur));
	memset(t.dist, 0, sizeof(t.dist));
	t.nl = 4;
	t.dur[0 * 4 + 2] = 10;
	t.dur[2 * 4 + 3] = 5;
	t.dur[3 * 4 + 0] = 7;
	t.dist[0 * 4 + 2] = 1000;
	t.job[0].service = 3;
	t.job[1].service = 2;
	t.tw[0][0] = 20;
	t.tw[0][1] = 30;
	t.ntw[0] = 1;
	t.ntw[1] = 0;
	t.del[0][0] = 4;
	t.del[1][0] = 2;
	t.pick[0][0] = 0;
	t.pick[1][0] = 5;
	TinyLink(&t);
	t.p.n_locations = 4;
	f = lgvrp_schedule(&t.p, 0, seq, 2, st);

	/*
	 * By hand: leave at 10 (arrive 20 exactly at the window, no wait),
	 * serve 20-23, arrive 28, serve 28-30, back at 37.  Loads: 6 at the
	 * start, 2 after job 0, 5 after job 1.
	 */
	ok(f && st[0].departure == 10 && st[1].arrival == 20 && st[1].waiting == 0 &&
	   st[2].arrival == 28 && st[3].arrival == 37 && st[3].travel_time == 22 &&
	   st[3].distance == 1000 && st[0].load[0] == 6 && st[1].load[0] == 2 &&
	   st[2].load[0] == 5, "schedule by hand", NULL);
}

/* ---------------------------------------------------------------- fleet */

/*
 * The end of the fleet phase (FleetMin, vrp_search.c).  Vehicles first (a
 * fixed cost of 10,000 against arcs of at most 400), no capacity (so the
 * lower bound on the routes is 1), windows [0, 60], no service, a budget
 * of 1,000 iterations.  Job locations on a line, the depot at 0:
 * (a) one job at +50 and one at -50: the second is reached at 150 at the
 *     earliest from the first, so each needs a route of its own; once the
 *     smallest route is dissolved exactly one job is out for good, and the
 *     phase goes on to half the budget plus VRP_FLEET_EXTRA;
 * (b) two jobs at +50 and +51, two at -50 and -51: two routes of two, and
 *     dissolving one leaves two jobs out for good (no third job fits in
 *     the other route, for the same reason): the phase ends at half;
 * (c) the two jobs of (a) both at +50: one route serves both, the lower
 *     bound, so the phase ends once it is found, before half the budget;
 * (d) (a) with the fleet phase off: no fleet phase.
 * In (a) to (c) every job must be served at the end, by 2, 2 and 1 routes.
 */
static void
TestFleetEnd(void)
{
	static const double pos[4][4] = {
		{50, -50}, {50, 51, -50, -51}, {50, 50}, {50, -50}
	};
	static const int njobs[4] = {2, 4, 2, 2},
				want_routes[4] = {2, 2, 1, 2};
	double		lo[4] = {0.5 + VRP_FLEET_EXTRA, 0.5, 0.2, 0},
				hi[4] = {0.5 + VRP_FLEET_EXTRA + 0.003, 0.503, 0.5, 0};
	int			cs,
				good = 0;
	char		msg[256] = "";

	for (cs = 0; cs < 4; cs++)
	{
		double		x[5],
					dur[25],
					tw[2] = {0, 60};
		VrpVehicle	veh[3];
		VrpJob		job[4];
		VrpMatrix	m;
		VrpProblem	p;
		VrpOptions	o;
		VrpSolution s;
		VrpStats	st;
		int			nj = njobs[cs],
					nl = nj + 1,
					i,
					j,
					routes = 0;

		x[0] = 0;
		for (i = 0; i < nj; i++)
			x[i + 1] = pos[cs][i];
		for (i = 0; i < nl; i++)
			for (j = 0; j < nl; j++)
				dur[i * nl + j] = fabs(x[i] - x[j]);
		memset(veh, 0, sizeof(veh));
		memset(job, 0, sizeof(job));
		for (i = 0; i < 3; i++)
		{
			veh[i].tw_end = VRP_INF;
			veh[i].fixed_cost = 1e4;
			veh[i].cost_per_time = 1;
			veh[i].speed_factor = 1;
			veh[i].max_travel_time = veh[i].max_distance = VRP_INF;
			veh[i].max_duration = VRP_INF;
			veh[i].max_tasks = -1;
		}
		for (i = 0; i < nj; i++)
		{
			job[i].location = i + 1;
			job[i].n_tw = 1;
			job[i].tw = tw;
		}
		m.duration = dur;
		m.distance = NULL;
		m.cost = NULL;
		memset(&p, 0, sizeof(p));
		p.n_locations = nl;
		p.n_profiles = 1;
		p.matrices = &m;
		p.n_vehicles = 3;
		p.vehicles = veh;
		p.n_jobs = nj;
		p.jobs = job;
		lgvrp_default_options(&o);
		o.iterations = 1000;
		o.fleet_min = cs == 3 ? 0 : -1;
		if (lgvrp_solve(&p, &o, &s, &st) != VRP_OK)
		{
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					 " case %d: no solution;", cs);
			continue;
		}
		for (i = 0; i < 3; i++)
			routes += s.route_start[i + 1] > s.route_start[i];
		if (st.fleet_end >= lo[cs] - 1e-9 && st.fleet_end <= hi[cs] &&
			s.n_unassigned == 0 && routes == want_routes[cs] &&
			st.iterations == 1000)
			good++;
		else
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					 " case %d: ended at %.4f, %d routes, %d out;", cs,
					 st.fleet_end, routes, s.n_unassigned);
		lgvrp_free_solution(&s, &o);
	}
	ok(good == 4, "fleet phase: longer while exactly one job is out",
	   msg[0] ? msg : NULL);
}

int
main(void)
{
	TestErrors();
	TestSchedule();
	TestRuns();
	TestOptimum("CVRP, 6 jobs, 2 vehicles: optimum by enumeration", 6, 2, 0, 0, 0, 12, 0);
	TestOptimum("asymmetric, windows, 7 jobs, 3 vehicles", 7, 3, 1, 1, 0, 8, 0);
	TestOptimum("pickups, fixed costs, open end, skills, max tasks, "
				"max duration, two windows, speed factor", 7, 3, 1, 1, 1, 8, 0);
	TestOptimum("shipments, windows, asymmetric, 7 jobs, 3 vehicles",
				7, 3, 1, 1, 0, 8, 1);
	TestOptimum("shipments with pickups, fixed costs, skills, limits, "
				"two windows", 7, 3, 1, 1, 1, 8, 1);
	TestShipmentErrors();
	TestUnassigned();
	TestTightFleet();
	TestDeterminism();
	TestFleetEnd();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
