/*
 * vrp_driver: run the fleet routing solver (src/routing/vrp*.c) on the
 * benchmark instances of data/routing, check every solution with a
 * checker written here (independent of the solver: it reads the instance
 * files itself and recomputes loads, times and costs from the
 * definitions in data/routing/README.md), and print one line per run.
 * Also writes VROOM's JSON for the same instance and checks VROOM's
 * answer with the same checker.  For bench/vrp.sh.
 *
 *   vrp_driver [-i iters] [-t secs] [-s seed] SET FILE BKS [BKS_VEHICLES]
 *   -b N adds N breaks per vehicle, together 5% of the depot's horizon,
 *   break q starting within 10% of the horizon around (q + 1) / (N + 1)
 *   of it (-b 1: as bench/vrp_breaks.sh, between 40% and 60%), to time
 *   the solver with breaks; the checker here ignores breaks (they only delay
 *   arrivals, so it stays a necessary check): bench/vrp_breaks.sh checks
 *   schedules with breaks.
 *   vrp_driver -j out.json SET FILE      VROOM input (integer matrices)
 *   vrp_driver -c vroom.json SET FILE BKS [BKS_VEHICLES]   check VROOM
 *   vrp_driver -P dir SET FILE           pgr_vrpOneDepot input (TSV files)
 *   (pgr_vrpOneDepot's answer is checked with -c after bench/vrp_pgr.sh
 *   has turned it into VROOM's route shape)
 *
 * SET and its conventions (data/routing/README.md):
 *   A      Augerat A: EUC_2D nint, fleet = trucks of the COMMENT
 *   X      Uchoa X: EUC_2D nint, unlimited fleet
 *   CMT    EXACT_2D double, fleet = VEHICLES
 *   TW, HG Solomon / Homberger: EXACT_2D, time = distance, vehicles first
 *          (unlimited fleet, a fixed cost that dominates), then distance
 *   HF     heterogeneous fleet: EUC_2D double, cost = sum of (fixed +
 *          unit * length) / 100 over used vehicles, one route per vehicle
 *   MD     multi-depot VRPTW: arc = round(1000 d), times x 1000, route
 *          duration (departure as late as useful) <= max duration
 *
 * Output line: name set customers routes cost bks gap% seconds feasible
 * iterations
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "routing/vrp.h"

enum
{
	SET_A, SET_X, SET_CMT, SET_TW, SET_HF, SET_MD
};

typedef struct Inst
{
	char		name[128];
	int			set;
	int			dim;			/* nodes, depots first */
	int			ndepots;
	double	   *x,
			   *y,
			   *demand,
			   *ready,
			   *due,
			   *service;
	int			nveh;			/* fleet (limited or one per customer) */
	int			limited;		/* the fleet is a hard limit */
	int		   *vdepot;
	double	   *vcap,
			   *vfixed,
			   *vunit;
	double		maxdur;
	double	   *d;				/* dim x dim, natural units */
} Inst;

#define TW_FIXED 1e5

static int	fleet_min = -1;		/* -f: the solver's fleet_min option */
static double effort = 1;		/* -e: the solver's effort option */
static int	runs = 0;			/* -r: the solver's runs option */
static int	with_breaks = 0;	/* -b 1: a break per vehicle (timing only) */

static double
Now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int
SetOf(const char *s)
{
	const char *names[] = {"A", "X", "CMT", "TW", "HF", "MD"};
	int			i;

	for (i = 0; i < 6; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	if (strcmp(s, "HG") == 0)	/* Homberger: TW, reported apart */
		return SET_TW;
	fprintf(stderr, "unknown set %s\n", s);
	exit(2);
}

static void *
Calloc(size_t n, size_t s)
{
	void	   *p = calloc(n ? n : 1, s);

	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

/* Value after "KEY" and a colon on a header line, else NULL */
static const char *
Header(const char *line, const char *key)
{
	size_t		k = strlen(key);
	const char *p = line;

	if (strncmp(p, key, k) != 0)
		return NULL;
	p += k;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != ':')
		return NULL;
	return p + 1;
}

/* Read a whole section of "id v1 v2 ..." lines into arrays of width w */
static void
ReadRows(FILE *f, int rows, int w, double *out)
{
	int			i,
				k;

	for (i = 0; i < rows; i++)
	{
		int			id;

		if (fscanf(f, "%d", &id) != 1)
		{
			fprintf(stderr, "short section\n");
			exit(2);
		}
		for (k = 0; k < w; k++)
			if (fscanf(f, "%lf", &out[(size_t) (id - 1) * w + k]) != 1)
			{
				fprintf(stderr, "short section row\n");
				exit(2);
			}
	}
}

static void
ReadInstance(const char *path, int set, Inst *in)
{
	FILE	   *f = fopen(path, "r");
	char		line[4096];
	int			trucks = 0;
	double		cap = 0,
				st = 0;
	int			i,
				j;
	const char *h;

	if (!f)
	{
		perror(path);
		exit(2);
	}
	memset(in, 0, sizeof(*in));
	in->set = set;
	in->ndepots = 1;
	{
		const char *b = strrchr(path, '/');

		snprintf(in->name, sizeof(in->name), "%s", b ? b + 1 : path);
		if (strchr(in->name, '.'))
			*strchr(in->name, '.') = 0;
	}
	while (fgets(line, sizeof(line), f))
	{
		if ((h = Header(line, "DIMENSION")))
		{
			in->dim = atoi(h);
			in->x = Calloc(in->dim, sizeof(double));
			in->y = Calloc(in->dim, sizeof(double));
			in->demand = Calloc(in->dim, sizeof(double));
			in->ready = Calloc(in->dim, sizeof(double));
			in->due = Calloc(in->dim, sizeof(double));
			in->service = Calloc(in->dim, sizeof(double));
			for (i = 0; i < in->dim; i++)
				in->due[i] = 1e18;
		}
		else if ((h = Header(line, "VEHICLES")))
			in->nveh = atoi(h);
		else if ((h = Header(line, "CAPACITY")))
			cap = atof(h);
		else if ((h = Header(line, "SERVICE_TIME")))
			st = atof(h);
		else if ((h = Header(line, "VEHICLES_MAX_DURATION")))
			in->maxdur = atof(h);
		else if ((h = Header(line, "COMMENT")) && strstr(h, "No of trucks:"))
			trucks = atoi(strstr(h, "No of trucks:") + 13);
		else if (strncmp(line, "NODE_COORD_SECTION", 18) == 0)
		{
			double	   *xy = Calloc(2 * in->dim, sizeof(double));

			ReadRows(f, in->dim, 2, xy);
			for (i = 0; i < in->dim; i++)
			{
				in->x[i] = xy[2 * i];
				in->y[i] = xy[2 * i + 1];
			}
			free(xy);
		}
		else if (strncmp(line, "DEMAND_SECTION", 14) == 0)
			ReadRows(f, in->dim, 1, in->demand);
		else if (strncmp(line, "SERVICE_TIME_SECTION", 20) == 0)
			ReadRows(f, in->dim, 1, in->service);
		else if (strncmp(line, "TIME_WINDOW_SECTION", 19) == 0)
		{
			double	   *tw = Calloc(2 * in->dim, sizeof(double));

			ReadRows(f, in->dim, 2, tw);
			for (i = 0; i < in->dim; i++)
			{
				in->ready[i] = tw[2 * i];
				in->due[i] = tw[2 * i + 1];
			}
			free(tw);
		}
		else if (strncmp(line, "CAPACITY_SECTION", 16) == 0)
		{
			in->vcap = Calloc(in->nveh, sizeof(double));
			ReadRows(f, in->nveh, 1, in->vcap);
		}
		else if (strncmp(line, "VEHICLES_FIXED_COST_SECTION", 27) == 0)
		{
			in->vfixed = Calloc(in->nveh, sizeof(double));
			ReadRows(f, in->nveh, 1, in->vfixed);
		}
		else if (strncmp(line, "VEHICLES_UNIT_DISTANCE_COST_SECTION", 35) == 0)
		{
			in->vunit = Calloc(in->nveh, sizeof(double));
			ReadRows(f, in->nveh, 1, in->vunit);
		}
		else if (strncmp(line, "VEHICLES_DEPOT_SECTION", 22) == 0)
		{
			double	   *dep = Calloc(in->nveh, sizeof(double));

			ReadRows(f, in->nveh, 1, dep);
			in->vdepot = Calloc(in->nveh, sizeof(int));
			for (i = 0; i < in->nveh; i++)
				in->vdepot[i] = (int) dep[i] - 1;
			free(dep);
		}
		else if (strncmp(line, "DEPOT_SECTION", 13) == 0)
		{
			int			id,
						nd = 0;

			while (fscanf(f, "%d", &id) == 1 && id > 0)
				nd++;
			in->ndepots = nd > 0 ? nd : 1;
		}
	}
	fclose(f);

	/* service time for every customer in the LKH VRPTW files */
	if (set == SET_TW)
		for (i = 1; i < in->dim; i++)
			in->service[i] = st;
	if (set == SET_MD)
		for (i = 0; i < in->dim; i++)
		{
			in->ready[i] *= 1000;
			in->due[i] *= 1000;
			in->service[i] *= 1000;
		}
	if (set == SET_MD)
		in->maxdur *= 1000;

	/* fleet */
	in->limited = 1;
	if (set == SET_A)
		in->nveh = trucks;
	else if (set == SET_X || set == SET_TW)
	{
		in->nveh = in->dim - 1;
		in->limited = 0;
	}
	if (set == SET_HF && !in->vfixed)
		in->vfixed = Calloc(in->nveh, sizeof(double));
	if (!in->vcap)
	{
		in->vcap = Calloc(in->nveh, sizeof(double));
		for (i = 0; i < in->nveh; i++)
			in->vcap[i] = cap;
	}
	if (!in->vdepot)
		in->vdepot = Calloc(in->nveh, sizeof(int));
	if (!in->vfixed)
	{
		in->vfixed = Calloc(in->nveh, sizeof(double));
		for (i = 0; set == SET_TW && i < in->nveh; i++)
			in->vfixed[i] = TW_FIXED;
	}
	if (!in->vunit)
	{
		in->vunit = Calloc(in->nveh, sizeof(double));
		for (i = 0; i < in->nveh; i++)
			in->vunit[i] = 1;
	}
	if (set != SET_MD)
		in->maxdur = 1e18;

	/* distances, the convention of each set */
	in->d = Calloc((size_t) in->dim * in->dim, sizeof(double));
	for (i = 0; i < in->dim; i++)
		for (j = 0; j < in->dim; j++)
		{
			double		dx = in->x[i] - in->x[j],
						dy = in->y[i] - in->y[j];
			double		e = sqrt(dx * dx + dy * dy);

			if (set == SET_A || set == SET_X)
				e = (int) (e + 0.5);
			else if (set == SET_MD)
				e = floor(1000 * e + 0.5);
			in->d[(size_t) i * in->dim + j] = e;
		}
}

/* ------------------------------------------------------------ the checker */

typedef struct Routes
{
	int			n;				/* routes */
	int		   *veh;			/* vehicle of route k (0-based) */
	int		   *start;			/* route k: node[start[k] .. start[k+1]-1] */
	int		   *node;			/* 0-based node ids */
} Routes;

/*
 * Check routes against the instance: every customer once, fleet,
 * capacity, time windows, duration; returns the cost in the set's units
 * (vehicles first for TW: the distance) and sets *feasible.  Written
 * from the README's rules, without the solver's code.
 */
static double
Check(const Inst *in, const Routes *R, int *feasible, char *why, size_t wl)
{
	int		   *seen = Calloc(in->dim, sizeof(int));
	int		   *vused = Calloc(in->nveh, sizeof(int));
	double		total = 0;
	int			k,
				i,
				ok = 1;

	why[0] = 0;
#define FAIL(...) do { if (ok) snprintf(why, wl, __VA_ARGS__); ok = 0; } while (0)
	for (k = 0; k < R->n; k++)
	{
		int			v = R->veh[k];
		int			dep,
					prev;
		double		load = 0,
					len = 0,
					t,
					wait = 0,
					slack = 1e300,
					t0;

		if (R->start[k + 1] == R->start[k])
			continue;
		if (v < 0 || v >= in->nveh)
		{
			FAIL("route %d: no vehicle %d", k, v);
			continue;
		}
		if (vused[v]++)
			FAIL("vehicle %d drives two routes", v);
		dep = in->vdepot[v];
		prev = dep;
		t0 = t = in->ready[dep];
		for (i = R->start[k]; i <= R->start[k + 1]; i++)
		{
			int			nd = i < R->start[k + 1] ? R->node[i] : dep;
			double		a;

			if (i < R->start[k + 1])
			{
				if (nd < in->ndepots || nd >= in->dim)
					FAIL("route %d visits node %d", k, nd + 1);
				else if (seen[nd]++)
					FAIL("node %d served twice", nd + 1);
				load += in->demand[nd];
			}
			len += in->d[(size_t) prev * in->dim + nd];
			a = t + in->d[(size_t) prev * in->dim + nd];
			if (a > in->due[nd] + 1e-6)
				FAIL("route %d late at node %d (%.6f > %.6f)", k, nd + 1, a,
					 in->due[nd]);
			/*
			 * forward slack (Savelsbergh): leaving d later arrives here
			 * max(0, d - waits so far) later, which must stay <= due
			 */
			if (in->due[nd] - a + wait < slack)
				slack = in->due[nd] - a + wait;
			if (a < in->ready[nd])
			{
				wait += in->ready[nd] - a;
				a = in->ready[nd];
			}
			t = a + (i < R->start[k + 1] ? in->service[nd] : 0);
			prev = nd;
		}
		if (load > in->vcap[v] + 1e-9)
			FAIL("route %d load %g > %g", k, load, in->vcap[v]);
		/* least duration: leave later by min(slack, total wait) */
		if (t - t0 - fmin(slack, wait) > in->maxdur + 1e-6)
			FAIL("route %d duration %.3f > %.3f", k,
				 t - t0 - fmin(slack, wait), in->maxdur);
		if (in->set == SET_HF)
			total += (in->vfixed[v] + in->vunit[v] * len) / 100.0;
		else
			total += len;
	}
	for (i = in->ndepots; i < in->dim; i++)
		if (!seen[i])
			FAIL("node %d not served", i + 1);
#undef FAIL
	free(seen);
	free(vused);
	*feasible = ok;
	return total;
}

static int
CountRoutes(const Routes *R)
{
	int			k,
				m = 0;

	for (k = 0; k < R->n; k++)
		m += R->start[k + 1] > R->start[k];
	return m;
}

/* ------------------------------------------------------------ our solver */

static void
Solve(const Inst *in, long iters, double tl, unsigned long long seed,
	  Routes *R, double *secs, long *its)
{
	VrpProblem	p;
	VrpMatrix	m;
	VrpVehicle *veh = Calloc(in->nveh, sizeof(VrpVehicle));
	VrpJob	   *jobs = Calloc(in->dim, sizeof(VrpJob));
	double	   *tw = Calloc(2 * in->dim, sizeof(double));
	VrpOptions	opt;
	VrpSolution sol;
	VrpStats	st;
	VrpBreak   *brk = Calloc(in->nveh * (with_breaks + 1), sizeof(VrpBreak));
	double	   *btw = Calloc(2 * in->nveh * (with_breaks + 1), sizeof(double));
	int			i,
				k,
				nj = in->dim - in->ndepots,
				rc;
	double		t0;

	memset(&p, 0, sizeof(p));
	m.duration = in->d;
	m.distance = in->d;
	m.cost = NULL;
	for (i = 0; i < in->nveh; i++)
	{
		VrpVehicle *v = &veh[i];
		int			dp = in->vdepot[i];

		v->start = v->end = dp;
		v->capacity = &in->vcap[i];
		v->tw_start = in->ready[dp];
		v->tw_end = in->due[dp];
		v->fixed_cost = in->vfixed[i];
		v->cost_per_distance = in->vunit[i];
		v->speed_factor = 1;
		v->max_travel_time = VRP_INF;
		v->max_distance = VRP_INF;
		v->max_duration = in->maxdur;
		v->max_tasks = -1;
		if (with_breaks > 0)
		{
			double		h = in->due[dp] - in->ready[dp];
			int			q,
						nb = with_breaks;

			for (q = 0; q < nb; q++)
			{
				double		mid = (q + 1.0) / (nb + 1.0);
				VrpBreak   *br = &brk[i * nb + q];

				btw[2 * (i * nb + q)] = in->ready[dp] + (mid - 0.1) * h;
				btw[2 * (i * nb + q) + 1] = in->ready[dp] + (mid + 0.1) * h;
				br->service = 0.05 * h / nb;
				br->n_tw = 1;
				br->tw = &btw[2 * (i * nb + q)];
			}
			v->n_breaks = nb;
			v->breaks = &brk[i * nb];
		}
	}
	for (k = 0; k < nj; k++)
	{
		int			nd = k + in->ndepots;
		VrpJob	   *j = &jobs[k];

		j->location = nd;
		j->service = in->service[nd];
		j->delivery = &in->demand[nd];
		if (in->due[nd] < 1e17)
		{
			tw[2 * k] = in->ready[nd];
			tw[2 * k + 1] = in->due[nd];
			j->n_tw = 1;
			j->tw = &tw[2 * k];
		}
	}
	p.n_locations = in->dim;
	p.n_profiles = 1;
	p.matrices = &m;
	p.n_dims = 1;
	p.n_vehicles = in->nveh;
	p.vehicles = veh;
	p.n_jobs = nj;
	p.jobs = jobs;

	lgvrp_default_options(&opt);
	opt.iterations = iters;
	opt.time_limit = tl;
	opt.fleet_min = fleet_min;
	opt.effort = effort;
	opt.runs = runs;
	if (seed)
		opt.seed = seed;
	t0 = Now();
	rc = lgvrp_solve(&p, &opt, &sol, &st);
	*secs = Now() - t0;
	if (rc != VRP_OK)
	{
		fprintf(stderr, "%s: solver returned %d\n", in->name, rc);
		exit(1);
	}
	*its = st.iterations;
	if (getenv("VRP_DEBUG"))
		fprintf(stderr, "%s: %ld iterations, work %.0f, %.2f s, best at %ld, "
				"pool %d routes, gain %d\n",
				in->name, st.iterations, st.work, st.seconds, st.best_iteration,
				st.pool_routes, st.pool_gain);
	R->n = in->nveh;
	R->veh = Calloc(in->nveh, sizeof(int));
	R->start = Calloc(in->nveh + 1, sizeof(int));
	R->node = Calloc(in->dim, sizeof(int));
	for (i = 0; i < in->nveh; i++)
	{
		R->veh[i] = i;
		R->start[i] = sol.route_start[i];
		for (k = sol.route_start[i]; k < sol.route_start[i + 1]; k++)
			R->node[k] = jobs[sol.jobs[k]].location;
	}
	R->start[in->nveh] = sol.route_start[in->nveh];
	lgvrp_free_solution(&sol, &opt);
	free(veh);
	free(jobs);
	free(tw);
	free(brk);
	free(btw);
}

/* ------------------------------------------------------------ VROOM */

/*
 * VROOM takes integers: distances x 1000 rounded for costs, travel times
 * x 1000 rounded up (so that a schedule VROOM finds feasible is feasible
 * with the exact times too), times x 1000.  MD is already integer.
 */
static void
WriteVroom(const Inst *in, const char *path)
{
	FILE	   *f = fopen(path, "w");
	double		sc = in->set == SET_MD ? 1 : 1000;
	int			i,
				j,
				pass;

	if (!f)
	{
		perror(path);
		exit(2);
	}
	fprintf(f, "{\"vehicles\":[");
	for (i = 0; i < in->nveh; i++)
	{
		int			dp = in->vdepot[i];

		fprintf(f, "%s{\"id\":%d,\"start_index\":%d,\"end_index\":%d,"
				"\"capacity\":[%.0f]", i ? "," : "", i + 1, dp, dp,
				in->vcap[i]);
		if (in->due[dp] < 1e17)
			fprintf(f, ",\"time_window\":[%.0f,%.0f]", in->ready[dp] * sc,
					in->due[dp] * sc);
		if (in->set == SET_HF)
			fprintf(f, ",\"costs\":{\"fixed\":%.0f,\"per_hour\":0,\"per_km\":%.0f}",
					in->vfixed[i], in->vunit[i]);
		else if (in->set == SET_TW)
			fprintf(f, ",\"costs\":{\"fixed\":%.0f}", TW_FIXED * sc);
		if (in->set == SET_MD)
			fprintf(f, ",\"max_travel_time\":%.0f", in->maxdur);
		fprintf(f, "}");
	}
	fprintf(f, "],\"jobs\":[");
	for (i = in->ndepots; i < in->dim; i++)
	{
		fprintf(f, "%s{\"id\":%d,\"location_index\":%d,\"delivery\":[%.0f]",
				i > in->ndepots ? "," : "", i + 1, i, in->demand[i]);
		if (in->service[i] > 0)
			fprintf(f, ",\"service\":%.0f", in->service[i] * sc);
		if (in->due[i] < 1e17)
			fprintf(f, ",\"time_windows\":[[%.0f,%.0f]]", in->ready[i] * sc,
					in->due[i] * sc);
		fprintf(f, "}");
	}
	fprintf(f, "],\"matrices\":{\"car\":{");
	/* durations (rounded up), distances (rounded); costs only without per_km */
	for (pass = 0; pass < 3; pass++)
	{
		const char *key[] = {"durations", "distances", "costs"};

		if (pass == 2 && in->set == SET_HF)
			break;
		fprintf(f, "%s\"%s\":[", pass ? "," : "", key[pass]);
		for (i = 0; i < in->dim; i++)
		{
			fprintf(f, "%s[", i ? "," : "");
			for (j = 0; j < in->dim; j++)
			{
				double		e = in->d[(size_t) i * in->dim + j] * sc;

				e = pass == 0 ? ceil(e - 1e-9) : floor(e + 0.5);
				fprintf(f, "%s%.0f", j ? "," : "", e);
			}
			fprintf(f, "]");
		}
		fprintf(f, "]");
	}
	fprintf(f, "}}}\n");
	fclose(f);
}

/*
 * pgRouting's pgr_vrpOneDepot (bench/vrp_pgr.sh): orders, vehicles and
 * the matrix as tab-separated files in natural units (doubles, travel
 * time = distance for TW).  Ids are node + 1, so the depot is 1 and
 * pgr's order ids read back like VROOM's job ids.  One depot only.
 */
static void
WritePgr(const Inst *in, const char *dir)
{
	char		path[1024];
	FILE	   *f;
	int			i,
				j;

	if (in->ndepots != 1)
	{
		fprintf(stderr, "pgr_vrpOneDepot: one depot only\n");
		exit(2);
	}
	snprintf(path, sizeof(path), "%s/orders.tsv", dir);
	if (!(f = fopen(path, "w")))
	{
		perror(path);
		exit(2);
	}
	for (i = 0; i < in->dim; i++)
		fprintf(f, "%d\t%.6f\t%.6f\t%.0f\t%.6f\t%.6f\t%.6f\n", i + 1,
				in->x[i], in->y[i], in->demand[i], in->ready[i],
				in->due[i] < 1e17 ? in->due[i] : 1e9, in->service[i]);
	fclose(f);
	snprintf(path, sizeof(path), "%s/vehicles.tsv", dir);
	if (!(f = fopen(path, "w")))
	{
		perror(path);
		exit(2);
	}
	for (i = 0; i < in->nveh; i++)
		fprintf(f, "%d\t%.0f\t1\n", i + 1, in->vcap[i]);
	fclose(f);
	snprintf(path, sizeof(path), "%s/matrix.tsv", dir);
	if (!(f = fopen(path, "w")))
	{
		perror(path);
		exit(2);
	}
	for (i = 0; i < in->dim; i++)
		for (j = 0; j < in->dim; j++)
			if (i != j)
			{
				double		d = in->d[(size_t) i * in->dim + j];

				fprintf(f, "%d\t%d\t%.6f\t%.6f\t%.6f\n", i + 1, j + 1, d, d, d);
			}
	fclose(f);
}

/* Read VROOM's answer: routes (vehicle id, job ids) by scanning the JSON */
static void
ReadVroom(const Inst *in, const char *path, Routes *R, double *secs)
{
	FILE	   *f = fopen(path, "r");
	char	   *txt,
			   *p;
	long		len;
	int			nr = 0,
				nn = 0;

	if (!f)
	{
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	txt = Calloc(len + 1, 1);
	if (fread(txt, 1, len, f) != (size_t) len)
		exit(2);
	fclose(f);
	R->veh = Calloc(in->nveh + 1, sizeof(int));
	R->start = Calloc(in->nveh + 2, sizeof(int));
	R->node = Calloc(in->dim + 1, sizeof(int));
	*secs = 0;
	if ((p = strstr(txt, "\"computing_times\"")) && (p = strstr(p, "\"solving\":")))
		*secs = atof(p + 10) / 1000.0;
	p = strstr(txt, "\"routes\":");
	while (p && (p = strstr(p, "\"vehicle\":")))
	{
		char	   *next = strstr(p + 10, "\"vehicle\":");
		char	   *q = p;

		R->veh[nr] = atoi(p + 10) - 1;
		R->start[nr] = nn;
		while ((q = strstr(q, "\"type\":\"job\"")) && (!next || q < next))
		{
			char	   *obj_end = strchr(q, '}');
			char	   *idp = strstr(q, "\"id\":");
			char	   *idb = q;

			/* the id may come before the type inside the same object */
			while (idb > txt && *idb != '{')
				idb--;
			idp = strstr(idb, "\"id\":");
			if (idp && idp < obj_end)
				R->node[nn++] = atoi(idp + 5) - 1;
			q = obj_end;
		}
		nr++;
		p = next;
	}
	R->start[nr] = nn;
	R->n = nr;
	free(txt);
}

int
main(int argc, char **argv)
{
	long		iters = -1;
	double		tl = 0,
				cpu = -1,
				secs = 0,
				bks,
				cost;
	unsigned long long seed = 0;
	const char *json = NULL,
			   *pgr = NULL,
			   *vroom = NULL;
	int			a = 1,
				feasible,
				bks_veh = 0,
				routes;
	long		its = 0;
	Inst		in;
	Routes		R;
	char		why[256];

	while (a < argc && argv[a][0] == '-')
	{
		if (a + 1 >= argc)
			break;
		if (strcmp(argv[a], "-i") == 0)
			iters = atol(argv[a + 1]);
		else if (strcmp(argv[a], "-t") == 0)
			tl = atof(argv[a + 1]);
		else if (strcmp(argv[a], "-s") == 0)
			seed = strtoull(argv[a + 1], NULL, 10);
		else if (strcmp(argv[a], "-j") == 0)
			json = argv[a + 1];
		else if (strcmp(argv[a], "-c") == 0)
			vroom = argv[a + 1];
		else if (strcmp(argv[a], "-P") == 0)
			pgr = argv[a + 1];
		else if (strcmp(argv[a], "-f") == 0)
			fleet_min = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "-e") == 0)
			effort = atof(argv[a + 1]);
		else if (strcmp(argv[a], "-r") == 0)
			runs = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "-b") == 0)
			with_breaks = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "-T") == 0)
			cpu = atof(argv[a + 1]);
		a += 2;
	}
	if (argc - a < 2)
	{
		fprintf(stderr, "usage: vrp_driver [-i iters] [-t secs] [-s seed] [-r runs] "
				"[-j out.json | -c vroom.json] SET FILE [BKS [BKS_VEHICLES]]\n");
		return 2;
	}
	ReadInstance(argv[a + 1], SetOf(argv[a]), &in);
	if (json)
	{
		WriteVroom(&in, json);
		return 0;
	}
	if (pgr)
	{
		WritePgr(&in, pgr);
		return 0;
	}
	bks = argc - a > 2 ? atof(argv[a + 2]) : 0;
	bks_veh = argc - a > 3 ? atoi(argv[a + 3]) : 0;
	if (vroom)
	{
		ReadVroom(&in, vroom, &R, &secs);
		if (cpu >= 0)
			secs = cpu;
	}
	else
		Solve(&in, iters, tl, seed, &R, &secs, &its);
	cost = Check(&in, &R, &feasible, why, sizeof(why));
	if (in.set == SET_MD)
	{
		cost /= 1000.0;
		bks /= 1000.0;
	}
	routes = CountRoutes(&R);
	/* VRP_PLAN=file: the routes, one a line, to compare plans across builds */
	if (getenv("VRP_PLAN") && !vroom)
	{
		FILE	   *f = fopen(getenv("VRP_PLAN"), "w");
		int			k,
					q;

		for (k = 0; f && k < R.n; k++)
		{
			fprintf(f, "%d:", R.veh[k]);
			for (q = R.start[k]; q < R.start[k + 1]; q++)
				fprintf(f, " %d", R.node[q]);
			fprintf(f, "\n");
		}
		if (f)
			fprintf(f, "cost %.17g iterations %ld\n", cost, its), fclose(f);
	}
	printf("%s\t%s\t%d\t%d\t%.3f\t%.2f\t%.2f\t%.2f\t%d\t%ld\t%d\t%s\n",
		   in.name, argv[a], in.dim - in.ndepots, routes, cost, bks,
		   bks > 0 ? 100.0 * (cost - bks) / bks : 0.0, secs, feasible, its,
		   bks_veh, why);
	return 0;
}
