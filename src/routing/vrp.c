/*-------------------------------------------------------------------------
 *
 * vrp.c
 *	  Fleet routing: problem checks, route bookkeeping, O(1) move
 *	  evaluation, schedules.  The search itself is in vrp_search.c and
 *	  vrp_ls.c.
 *
 *-------------------------------------------------------------------------
 */
#include "vrp_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NBR_MAX 64				/* neighbours kept per job */

/* ---------------------------------------------------------------- memory */

void *
VrpAlloc(Ctx *c, size_t size)
{
	if (size == 0)
		size = 1;
	if (c->opt.alloc)
		return c->opt.alloc(size, c->opt.arg);
	return malloc(size);
}

void
VrpFree(Ctx *c, void *ptr)
{
	if (!ptr)
		return;
	if (c->opt.release)
		c->opt.release(ptr, c->opt.arg);
	else if (!c->opt.alloc)
		free(ptr);
}

double
VrpNow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

void
lgvrp_default_options(VrpOptions *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->iterations = -1;
	opt->effort = 1;
	opt->time_limit = 0;
	opt->seed = UINT64_C(0x5DEECE66D2025);
	opt->fleet_min = -1;
	opt->local_search = 1;
	opt->runs = 0;
}

/* ---------------------------------------------------------------- checks */

static int
Bad(char *err, size_t len, const char *fmt, const char *what, int i, int k)
{
	if (err && len > 0)
		snprintf(err, len, fmt, what, i, k);
	return VRP_EBADARG;
}

static int
BadAmounts(const double *a, int nd)
{
	int			d;

	if (!a)
		return -1;
	for (d = 0; d < nd; d++)
		if (!isfinite(a[d]) || a[d] < 0)
			return d;
	return -1;
}

static int
CheckJob(const VrpProblem *p, const VrpJob *j, const char *what, int i,
		 char *err, size_t len)
{
	int			k;

	if (j->location < 0 || j->location >= p->n_locations)
		return Bad(err, len, "%s[%d].location_index is out of range", what, i, 0);
	if (!isfinite(j->service) || j->service < 0)
		return Bad(err, len, "%s[%d].service must be finite and >= 0", what, i, 0);
	if ((k = BadAmounts(j->delivery, p->n_dims)) >= 0)
		return Bad(err, len, "%s[%d].delivery[%d] must be finite and >= 0", what, i, k);
	if ((k = BadAmounts(j->pickup, p->n_dims)) >= 0)
		return Bad(err, len, "%s[%d].pickup[%d] must be finite and >= 0", what, i, k);
	if (j->n_tw < 0 || (j->n_tw > 0 && !j->tw))
		return Bad(err, len, "%s[%d].time_windows is missing", what, i, 0);
	for (k = 0; k < j->n_tw; k++)
	{
		double		a = j->tw[2 * k],
					b = j->tw[2 * k + 1];

		if (isnan(a) || isnan(b) || a > b)
			return Bad(err, len, "%s[%d].time_windows[%d] must have start <= end", what, i, k);
		if (k > 0 && a <= j->tw[2 * k - 1])
			return Bad(err, len, "%s[%d].time_windows[%d] must start after the end of the previous window", what, i, k);
	}
	if (j->n_skills < 0 || (j->n_skills > 0 && !j->skills))
		return Bad(err, len, "%s[%d].skills is missing", what, i, 0);
	if (j->priority < 0 || j->priority > 100)
		return Bad(err, len, "%s[%d].priority must be between 0 and 100", what, i, 0);
	return VRP_OK;
}

static double
Amount(const double *a, int d)
{
	return a ? a[d] : 0.0;
}

/* A shipment's halves: kinds, partners, amounts (pickup's = delivery's) */
static int
CheckPair(const VrpProblem *p, int i, char *err, size_t len)
{
	const VrpJob *j = &p->jobs[i],
			   *o;
	const VrpJob *pu,
			   *de;
	int			d;

	if (j->kind == VRP_JOB)
		return VRP_OK;
	if (j->kind != VRP_PICKUP && j->kind != VRP_DELIVERY)
		return Bad(err, len, "%s[%d].kind must be 0, 1 or 2%.0d", "jobs", i, 0);
	if (j->partner < 0 || j->partner >= p->n_jobs)
		return Bad(err, len, "%s[%d].partner is out of range%.0d", "jobs", i, 0);
	o = &p->jobs[j->partner];
	if (o->kind + j->kind != VRP_PICKUP + VRP_DELIVERY || o->partner != i)
		return Bad(err, len, "%s[%d].partner must be the other half of its shipment, naming it back (job %d)",
				   "jobs", i, j->partner);
	pu = j->kind == VRP_PICKUP ? j : o;
	de = j->kind == VRP_PICKUP ? o : j;
	for (d = 0; d < p->n_dims; d++)
		if (Amount(pu->delivery, d) != 0 || Amount(de->pickup, d) != 0 ||
			Amount(pu->pickup, d) != Amount(de->delivery, d))
			return Bad(err, len, "%s[%d]: a shipment's pickup amounts must equal its delivery's, dimension %d",
					   "jobs", i, d);
	return VRP_OK;
}

static int
CheckVehicle(const VrpProblem *p, const VrpVehicle *v, int i, char *err,
			 size_t len)
{
	const char *w = "vehicles";
	int			k;

	if (v->profile < 0 || v->profile >= p->n_profiles)
		return Bad(err, len, "%s[%d].profile has no matrices", w, i, 0);
	if (v->start < -1 || v->start >= p->n_locations)
		return Bad(err, len, "%s[%d].start_index is out of range", w, i, 0);
	if (v->end < -1 || v->end >= p->n_locations)
		return Bad(err, len, "%s[%d].end_index is out of range", w, i, 0);
	if (v->start < 0 && v->end < 0)
		return Bad(err, len, "%s[%d] needs a start or an end", w, i, 0);
	if ((k = BadAmounts(v->capacity, p->n_dims)) >= 0)
		return Bad(err, len, "%s[%d].capacity[%d] must be finite and >= 0", w, i, k);
	if (isnan(v->tw_start) || isnan(v->tw_end) || v->tw_start > v->tw_end)
		return Bad(err, len, "%s[%d].time_window must have start <= end", w, i, 0);
	if (!isfinite(v->fixed_cost) || v->fixed_cost < 0 ||
		!isfinite(v->cost_per_time) || v->cost_per_time < 0 ||
		!isfinite(v->cost_per_distance) || v->cost_per_distance < 0)
		return Bad(err, len, "%s[%d].costs must be finite and >= 0", w, i, 0);
	if (!isfinite(v->speed_factor) || v->speed_factor <= 0)
		return Bad(err, len, "%s[%d].speed_factor must be > 0", w, i, 0);
	if (isnan(v->max_travel_time) || v->max_travel_time < 0)
		return Bad(err, len, "%s[%d].max_travel_time must be >= 0", w, i, 0);
	if (isnan(v->max_distance) || v->max_distance < 0)
		return Bad(err, len, "%s[%d].max_distance must be >= 0", w, i, 0);
	if (isnan(v->max_duration) || v->max_duration < 0)
		return Bad(err, len, "%s[%d].max_duration must be >= 0", w, i, 0);
	if (v->n_skills < 0 || (v->n_skills > 0 && !v->skills))
		return Bad(err, len, "%s[%d].skills is missing", w, i, 0);
	if (v->n_breaks < 0 || v->n_breaks > VRP_MAX_BREAKS ||
		(v->n_breaks > 0 && !v->breaks))
		return Bad(err, len, "%s[%d].breaks: at most %d breaks", w, i,
				   VRP_MAX_BREAKS);
	for (k = 0; k < v->n_breaks; k++)
	{
		const VrpBreak *b = &v->breaks[k];
		int			q;

		if (!isfinite(b->service) || b->service < 0)
			return Bad(err, len, "%s[%d].breaks[%d].service must be finite and >= 0", w, i, k);
		if (BadAmounts(b->max_load, p->n_dims) >= 0)
			return Bad(err, len, "%s[%d].breaks[%d].max_load must be finite and >= 0", w, i, k);
		if (b->n_tw < 0 || (b->n_tw > 0 && !b->tw))
			return Bad(err, len, "%s[%d].breaks[%d].time_windows is missing", w, i, k);
		for (q = 0; q < b->n_tw; q++)
			if (isnan(b->tw[2 * q]) || isnan(b->tw[2 * q + 1]) ||
				b->tw[2 * q] > b->tw[2 * q + 1] ||
				(q > 0 && b->tw[2 * q] <= b->tw[2 * q - 1]))
				return Bad(err, len, "%s[%d].breaks[%d].time_windows must be sorted, disjoint, with start <= end", w, i, k);
	}
	return VRP_OK;
}

int
lgvrp_check(const VrpProblem *p, char *err, size_t len)
{
	int			i,
				rc;
	size_t		nn,
				k;

	if (!p || p->n_locations < 0 || p->n_vehicles < 0 || p->n_jobs < 0 ||
		p->n_dims < 0 || p->n_dims > VRP_MAX_DIMS || p->n_profiles < 0)
		return Bad(err, len, "%s: sizes out of range%.0d%.0d", "problem", 0, 0);
	if ((p->n_vehicles > 0 && !p->vehicles) || (p->n_jobs > 0 && !p->jobs) ||
		(p->n_profiles > 0 && !p->matrices))
		return Bad(err, len, "%s: missing arrays%.0d%.0d", "problem", 0, 0);
	nn = (size_t) p->n_locations * (size_t) p->n_locations;
	for (i = 0; i < p->n_profiles; i++)
	{
		const VrpMatrix *m = &p->matrices[i];

		if (!m->duration)
			return Bad(err, len, "%s[%d].durations is missing%.0d", "matrices", i, 0);
		for (k = 0; k < nn; k++)
		{
			if (!isfinite(m->duration[k]) || m->duration[k] < 0 ||
				(m->distance && (!isfinite(m->distance[k]) || m->distance[k] < 0)) ||
				(m->cost && (!isfinite(m->cost[k]) || m->cost[k] < 0)))
				return Bad(err, len, "%s[%d] entry %d must be finite and >= 0",
						   "matrices", i, (int) k);
		}
	}
	for (i = 0; i < p->n_vehicles; i++)
		if ((rc = CheckVehicle(p, &p->vehicles[i], i, err, len)) != VRP_OK)
			return rc;
	for (i = 0; i < p->n_jobs; i++)
		if ((rc = CheckJob(p, &p->jobs[i], "jobs", i, err, len)) != VRP_OK ||
			(rc = CheckPair(p, i, err, len)) != VRP_OK)
			return rc;
	return VrpCheckInit(p, err, len);
}

/* ---------------------------------------------------------------- segments */

static void
TerminalSeg(const VrpVehicle *v, int end, Seg *s)
{
	memset(s, 0, sizeof(*s));
	s->e = end ? -VRP_INF : v->tw_start;
	s->l = v->tw_end;
}

/* Does a whole route (summarised by s and its loads ld) fit vehicle v? */
int
SegFits(Ctx *c, int v, const Seg *s, const double *ld)
{
	const VrpVehicle *veh = &c->p->vehicles[v];
	int			k;

	if (s->tw > VRP_TOL || s->dur > veh->max_duration + VRP_TOL ||
		s->ttime > veh->max_travel_time + VRP_TOL ||
		s->dist > veh->max_distance + VRP_TOL ||
		(veh->max_tasks >= 0 && s->ntasks > veh->max_tasks))
		return 0;
	if (veh->capacity)
		for (k = 0; k < c->nd; k++)
			if (ld[2 * c->nd + k] > veh->capacity[k] + VRP_TOL)
				return 0;
	return 1;
}

/* ---------------------------------------------------------------- routes */

void
RouteReserve(Ctx *c, Route *r, int n)
{
	int			cap = r->cap;
	int			nd3 = 3 * c->nd;

	if (n <= cap && r->jobs)
		return;
	if (cap < 8)
		cap = 8;
	while (cap < n)
		cap *= 2;
	{
		int		   *jobs = VrpAlloc(c, sizeof(int) * cap);
		Seg		   *pre = VrpAlloc(c, sizeof(Seg) * (cap + 1));
		Seg		   *suf = VrpAlloc(c, sizeof(Seg) * (cap + 1));
		double	   *lpre = VrpAlloc(c, sizeof(double) * (nd3 * (cap + 1) + 1));
		double	   *lsuf = VrpAlloc(c, sizeof(double) * (nd3 * (cap + 1) + 1));

		if (r->jobs)
		{
			/* the summaries too: RouteUpdatePart keeps the valid ones */
			memcpy(jobs, r->jobs, sizeof(int) * r->n);
			memcpy(pre, r->pre, sizeof(Seg) * (r->n + 1));
			memcpy(suf, r->suf, sizeof(Seg) * (r->n + 1));
			memcpy(lpre, r->lpre, sizeof(double) * nd3 * (r->n + 1));
			memcpy(lsuf, r->lsuf, sizeof(double) * nd3 * (r->n + 1));
			VrpFree(c, r->jobs);
			VrpFree(c, r->pre);
			VrpFree(c, r->suf);
			VrpFree(c, r->lpre);
			VrpFree(c, r->lsuf);
			VrpFree(c, r->bE);
			VrpFree(c, r->bL);
		}
		r->jobs = jobs;
		r->pre = pre;
		r->suf = suf;
		r->lpre = lpre;
		r->lsuf = lsuf;
		r->cap = cap;
		r->bE = r->bL = NULL;
		if (c->bw > 0)
		{
			r->bE = VrpAlloc(c, sizeof(double) * c->bw * (cap + 2));
			r->bL = VrpAlloc(c, sizeof(double) * c->bw * (cap + 2));
		}
	}
}

/*
 * Summaries and cost of route r after its jobs [lo, hi) changed and the
 * jobs from hi on moved by shift places (they were at hi - shift, ...):
 * a prefix summary ends at a job's service and a suffix summary starts at
 * one, so pre[0..lo] and the suffixes of the moved jobs are still valid
 * and only the others are recomputed.  For one insertion or removal that
 * is about half the work of a full update, which took 38% of the CPU time
 * on R204 (perf); the values are the same bits as a full update's, since
 * every summary is concatenated from the same operands in the same order.
 * The arrays must hold max(old, new length) + 1 entries.
 */
void
RouteUpdatePart(Ctx *c, Route *r, int lo, int hi, int shift)
{
	const VrpVehicle *veh = &c->p->vehicles[r->v];
	int			nd3 = 3 * c->nd;
	int			n = r->n;
	int			k,
				v = r->v;

	if (shift != 0)
	{
		memmove(r->suf + hi, r->suf + hi - shift, sizeof(Seg) * (n - hi + 1));
		memmove(r->lsuf + nd3 * hi, r->lsuf + nd3 * (hi - shift),
				sizeof(double) * nd3 * (n - hi + 1));
	}
	TerminalSeg(veh, 0, &r->pre[0]);
	memset(r->lpre, 0, sizeof(double) * nd3);
	for (k = lo; k < n; k++)
	{
		int			j = r->jobs[k];
		int			a = PrevLoc(c, r, k),
					b = c->loc[j];

		SegCat(&r->pre[k + 1], &r->pre[k], &c->jseg[j],
			   ArcTimeFrom(c, v, a, b), ArcDistFrom(c, v, a, b),
			   ArcCostFrom(c, v, a, b));
		LoadCat(c->nd, r->lpre + nd3 * (k + 1), r->lpre + nd3 * k,
				c->jload + nd3 * j);
	}
	TerminalSeg(veh, 1, &r->suf[n]);
	memset(r->lsuf + nd3 * n, 0, sizeof(double) * nd3);
	for (k = hi - 1; k >= 0; k--)
	{
		int			j = r->jobs[k];
		int			a = c->loc[j],
					b = NextLoc(c, r, k + 1);

		SegCat(&r->suf[k], &c->jseg[j], &r->suf[k + 1],
			   ArcTimeFrom(c, v, a, b), ArcDistFrom(c, v, a, b),
			   ArcCostFrom(c, v, a, b));
		LoadCat(c->nd, r->lsuf + nd3 * k, c->jload + nd3 * j,
				r->lsuf + nd3 * (k + 1));
	}
	/* breaks: every move of this route takes the exact path (Simulate) */
	r->multi = veh->n_breaks > 0;
	r->nship = 0;
	for (k = 0; k < n; k++)
	{
		const VrpJob *job = &c->p->jobs[r->jobs[k]];

		r->multi += job->n_tw > 1;
		r->nship += job->kind != VRP_JOB;
	}
	if (n == 0)
		r->cost = 0;
	else
		r->cost = veh->fixed_cost + r->pre[n].cost +
			ArcCost(c, v, c->loc[r->jobs[n - 1]], VLoc(c, v, 1));
	r->bfast = c->bw > 0 && VrpBreakFast(c->p, v);
	r->bdirty = 1;
}

/* Recompute the prefix and suffix summaries and the cost of route r. */
void
RouteUpdate(Ctx *c, Route *r)
{
	RouteReserve(c, r, r->n);
	RouteUpdatePart(c, r, 0, r->n, 0);
}

void
RouteCopy(Ctx *c, Route *dst, const Route *src)
{
	int			nd3 = 3 * c->nd;
	int			n = src->n;

	RouteReserve(c, dst, n);
	dst->v = src->v;
	dst->n = n;
	dst->multi = src->multi;
	dst->nship = src->nship;
	dst->cost = src->cost;
	memcpy(dst->jobs, src->jobs, sizeof(int) * n);
	memcpy(dst->pre, src->pre, sizeof(Seg) * (n + 1));
	memcpy(dst->suf, src->suf, sizeof(Seg) * (n + 1));
	memcpy(dst->lpre, src->lpre, sizeof(double) * nd3 * (n + 1));
	memcpy(dst->lsuf, src->lsuf, sizeof(double) * nd3 * (n + 1));
	dst->bfast = src->bfast;
	dst->bdirty = src->bdirty;
	if (src->bfast && !src->bdirty)
	{
		memcpy(dst->bE, src->bE, sizeof(double) * c->bw * (n + 2));
		memcpy(dst->bL, src->bL, sizeof(double) * c->bw * (n + 2));
	}
}

int
SolInit(Ctx *c, Sol *s)
{
	int			i;

	memset(s, 0, sizeof(*s));
	s->r = VrpAlloc(c, sizeof(Route) * c->nv);
	s->used = VrpAlloc(c, sizeof(int) * (c->nv + 1));
	s->route_of = VrpAlloc(c, sizeof(int) * (c->nj + 1));
	s->unas = VrpAlloc(c, sizeof(int) * (c->nj + 1));
	if (!s->r || !s->used || !s->route_of || !s->unas)
		return VRP_ENOMEM;
	memset(s->r, 0, sizeof(Route) * c->nv);
	for (i = 0; i < c->nv; i++)
	{
		s->r[i].v = i;
		RouteUpdate(c, &s->r[i]);
	}
	for (i = 0; i < c->nj; i++)
	{
		s->route_of[i] = -1;
		s->unas[i] = i;
	}
	s->n_unas = c->nj;
	SolRecount(c, s);
	return VRP_OK;
}

void
SolFree(Ctx *c, Sol *s)
{
	int			i;

	if (s->r)
		for (i = 0; i < c->nv; i++)
		{
			VrpFree(c, s->r[i].jobs);
			VrpFree(c, s->r[i].pre);
			VrpFree(c, s->r[i].suf);
			VrpFree(c, s->r[i].lpre);
			VrpFree(c, s->r[i].lsuf);
			VrpFree(c, s->r[i].bE);
			VrpFree(c, s->r[i].bL);
		}
	VrpFree(c, s->r);
	VrpFree(c, s->used);
	VrpFree(c, s->route_of);
	VrpFree(c, s->unas);
	memset(s, 0, sizeof(*s));
}

void
SolCopy(Ctx *c, Sol *dst, const Sol *src)
{
	int			i;

	for (i = 0; i < c->nv; i++)
		RouteCopy(c, &dst->r[i], &src->r[i]);
	memcpy(dst->used, src->used, sizeof(int) * src->nused);
	dst->nused = src->nused;
	memcpy(dst->route_of, src->route_of, sizeof(int) * c->nj);
	memcpy(dst->unas, src->unas, sizeof(int) * src->n_unas);
	dst->n_unas = src->n_unas;
	dst->cost = src->cost;
	dst->uw = src->uw;
}

/*
 * Total cost and unassigned weight.  Over the routes with jobs only, in
 * the order of the vehicles as before (an empty route costs exactly 0, so
 * the sum has the same bits): with 500 vehicles of which 30 drive, the
 * loop over all of them was about 2% of the CPU (X106-FSMD, callgrind).
 */
void
SolRecount(Ctx *c, Sol *s)
{
	int			i;

	s->cost = 0;
	s->uw = 0;
	for (i = 0; i < s->nused; i++)
		s->cost += s->r[s->used[i]].cost;
	for (i = 0; i < s->n_unas; i++)
		s->uw += c->weight[s->unas[i]];
}

/*
 * Route ri's number of jobs may have changed to or from zero: keep the
 * list of routes with jobs (ascending, binary search) right.  O(routes
 * used) at worst, and only when a route opens or closes.
 */
void
SolNote(Sol *s, int ri)
{
	int			lo = 0,
				hi = s->nused,
				in;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (s->used[mid] < ri)
			lo = mid + 1;
		else
			hi = mid;
	}
	in = lo < s->nused && s->used[lo] == ri;
	if (s->r[ri].n > 0 && !in)
	{
		memmove(s->used + lo + 1, s->used + lo, sizeof(int) * (s->nused - lo));
		s->used[lo] = ri;
		s->nused++;
	}
	else if (s->r[ri].n == 0 && in)
	{
		memmove(s->used + lo, s->used + lo + 1,
				sizeof(int) * (s->nused - lo - 1));
		s->nused--;
	}
}

void
RouteInsert(Ctx *c, Sol *s, int ri, int pos, int j)
{
	Route	   *r = &s->r[ri];

	Touch(c, ri);
	RouteReserve(c, r, r->n + 1);
	memmove(r->jobs + pos + 1, r->jobs + pos, sizeof(int) * (r->n - pos));
	r->jobs[pos] = j;
	r->n++;
	if (r->n == 1)
		SolNote(s, ri);
	s->cost -= r->cost;
	RouteUpdatePart(c, r, pos, pos + 1, 1);
	s->cost += r->cost;
	s->route_of[j] = ri;
}

void
RouteRemoveAt(Ctx *c, Sol *s, int ri, int pos)
{
	Route	   *r = &s->r[ri];

	Touch(c, ri);
	s->route_of[r->jobs[pos]] = -1;
	memmove(r->jobs + pos, r->jobs + pos + 1, sizeof(int) * (r->n - pos - 1));
	r->n--;
	if (r->n == 0)
		SolNote(s, ri);
	s->cost -= r->cost;
	RouteUpdatePart(c, r, pos, pos, -1);
	s->cost += r->cost;
}

/* ---------------------------------------------------------------- schedules */

int
VrpSkillsOk(const VrpVehicle *v, const VrpJob *j)
{
	int			a,
				b;

	for (a = 0; a < j->n_skills; a++)
	{
		for (b = 0; b < v->n_skills; b++)
			if (v->skills[b] == j->skills[a])
				break;
		if (b == v->n_skills)
			return 0;
	}
	return 1;
}

/*
 * Departure time of vehicle v for jobs[0..n-1]: with at most one window
 * per job, the earliest start of the least duration (Vidal et al. 2013);
 * with several windows, the start of the working hours moved forward by
 * the wait before the first job (a feasible, not always least, duration).
 */
static double
Departure(const VrpProblem *p, int v, const int *jobs, int n)
{
	const VrpVehicle *veh = &p->vehicles[v];
	const VrpMatrix *m = &p->matrices[veh->profile];
	double		tf = 1.0 / veh->speed_factor;
	Seg			acc,
				node,
				end;
	int			k,
				prev = veh->start,
				multi = 0;
	double		dep;

	TerminalSeg(veh, 0, &acc);
	for (k = 0; k < n && !multi; k++)
	{
		const VrpJob *j = &p->jobs[jobs[k]];
		double		t = prev < 0 ? 0 :
			m->duration[(size_t) prev * p->n_locations + j->location] * tf;

		memset(&node, 0, sizeof(node));
		node.dur = j->service;
		node.e = j->n_tw ? j->tw[0] : -VRP_INF;
		node.l = j->n_tw ? j->tw[1] : VRP_INF;
		multi = j->n_tw > 1;
		SegCat(&acc, &acc, &node, t, 0, 0);
		prev = j->location;
	}
	if (!multi)
	{
		double		t = (prev < 0 || veh->end < 0) ? 0 :
			m->duration[(size_t) prev * p->n_locations + veh->end] * tf;

		TerminalSeg(veh, 1, &end);
		SegCat(&acc, &acc, &end, t, 0, 0);
		dep = acc.e;
	}
	else
	{
		dep = veh->tw_start;
		if (n > 0 && dep > -VRP_INF / 2)
		{
			const VrpJob *j = &p->jobs[jobs[0]];
			double		t = veh->start < 0 ? 0 :
				m->duration[(size_t) veh->start * p->n_locations + j->location] * tf;
			double		st = VrpEarliestStart(j, dep + t);

			if (st > dep + t)
				dep = st - t;
		}
	}
	if (dep < -VRP_INF / 2)
		dep = 0;
	return dep;
}

/* Is the other half of shipment half j (at position k) on the right side? */
int
VrpPartnerOk(const int *jobs, int n, int k, const VrpJob *j)
{
	int			q;

	if (j->kind == VRP_PICKUP)
	{
		for (q = k + 1; q < n; q++)
			if (jobs[q] == j->partner)
				return 1;
	}
	else
		for (q = 0; q < k; q++)
			if (jobs[q] == j->partner)
				return 1;
	return 0;
}

/*
 * Simulate vehicle v serving jobs[0..n-1]: fills steps (n + 2, may be
 * NULL) and *cost, returns 1 if every constraint holds.  Straight from
 * the definitions, O(n): the reference for the O(1) evaluations and the
 * slow path for jobs with several time windows.  Vehicles with breaks:
 * VrpSimulateBreaks (vrp_break.c).
 */
static int
Simulate(const VrpProblem *p, int v, const int *jobs, int n, VrpStep *steps,
		 double *cost_out)
{
	const VrpVehicle *veh = &p->vehicles[v];
	const VrpMatrix *m = &p->matrices[veh->profile];
	int			nl = p->n_locations,
				nd = p->n_dims;
	double		tf = 1.0 / veh->speed_factor;
	double		load[VRP_MAX_DIMS];
	double		t,
				dep,
				tt = 0,
				dist = 0,
				cost = 0;
	int			ok = 1,
				k,
				d,
				prev = veh->start;

	if (veh->n_breaks > 0 && n > 0)
		return VrpSimulateBreaks(p, v, jobs, n, steps, cost_out);
	memset(load, 0, sizeof(load));
	for (k = 0; k < n; k++)
		if (p->jobs[jobs[k]].delivery && p->jobs[jobs[k]].kind == VRP_JOB)
			for (d = 0; d < nd; d++)
				load[d] += p->jobs[jobs[k]].delivery[d];
	dep = t = Departure(p, v, jobs, n);
	if (dep < veh->tw_start - VRP_TOL || dep > veh->tw_end + VRP_TOL)
		ok = 0;
	for (k = 0; k <= n + 1; k++)
	{
		int			to = k == 0 ? veh->start : k <= n ?
			p->jobs[jobs[k - 1]].location : veh->end;
		double		arr = t,
					st;

		if (k > 0 && prev >= 0 && to >= 0)
		{
			size_t		a = (size_t) prev * nl + to;
			double		ta = m->duration[a] * tf;
			double		da = m->distance ? m->distance[a] : 0;

			arr = t + ta;
			tt += ta;
			dist += da;
			cost += m->cost ? m->cost[a] :
				veh->cost_per_time * ta + veh->cost_per_distance * da;
		}
		st = arr;
		if (k >= 1 && k <= n)
		{
			const VrpJob *j = &p->jobs[jobs[k - 1]];

			st = VrpEarliestStart(j, arr);
			if (st < -VRP_INF / 2)
			{
				ok = 0;
				st = arr;
			}
			if (!VrpSkillsOk(veh, j))
				ok = 0;
			if (j->kind != VRP_JOB && !VrpPartnerOk(jobs, n, k - 1, j))
				ok = 0;
			for (d = 0; d < nd; d++)
			{
				load[d] += (j->pickup ? j->pickup[d] : 0) -
					(j->delivery ? j->delivery[d] : 0);
			}
		}
		if (veh->capacity)
			for (d = 0; d < nd; d++)
				if (load[d] > veh->capacity[d] + VRP_TOL)
					ok = 0;
		if (steps)
		{
			VrpStep    *s = &steps[k];

			s->kind = k == 0 ? VRP_STEP_START : k <= n ? VRP_STEP_JOB :
				VRP_STEP_END;
			s->index = (k >= 1 && k <= n) ? k - 1 : -1;
			s->arrival = arr;
			s->start = st;
			s->waiting = st - arr;
			s->travel_time = tt;
			s->distance = dist;
			s->cost = cost;
			memcpy(s->load, load, sizeof(double) * nd);
		}
		t = st + ((k >= 1 && k <= n) ? p->jobs[jobs[k - 1]].service : 0);
		if (steps)
			steps[k].departure = t;
		if (to >= 0)
			prev = to;
	}
	/* t: arrival at the end (or end of the last service without an end) */
	if (t > veh->tw_end + VRP_TOL || t - dep > veh->max_duration + VRP_TOL ||
		tt > veh->max_travel_time + VRP_TOL ||
		dist > veh->max_distance + VRP_TOL ||
		(veh->max_tasks >= 0 && n > veh->max_tasks))
		ok = 0;
	if (cost_out)
		*cost_out = cost + (n > 0 ? veh->fixed_cost : 0);
	return ok;
}

int
lgvrp_schedule(const VrpProblem *p, int v, const int *jobs, int n,
			   VrpStep *steps)
{
	return Simulate(p, v, jobs, n, steps, NULL);
}

/* Does vehicle v serving jobs[0..n-1] keep every constraint? */
int
VrpRouteFits(const VrpProblem *p, int v, const int *jobs, int n)
{
	return Simulate(p, v, jobs, n, NULL, NULL);
}

double
lgvrp_route_cost(const VrpProblem *p, int v, const int *jobs, int n)
{
	double		cost;

	Simulate(p, v, jobs, n, NULL, &cost);
	return cost;
}

/* Work between two interrupt calls from RouteSeqFeasible (a few ms) */
#define VRP_CHECK_WORK	2e5
/*
 * Work per job of an exact simulation with breaks, in units of one
 * evaluated insertion position (vrp_search.c).  On Solomon's instances
 * with a break per vehicle (bench/vrp_breaks.sh), 3 took the CPU time
 * from 2.49 to 2.03 s on average but lost a vehicle on C101 and R101; 1
 * keeps them.
 */
#define VRP_BREAK_WORK	1
/*
 * Work of one insertion check with the break tables (vrp_break.c), and of
 * their rebuild per job of the route: on R201 with a break per vehicle
 * (3,000 iterations, callgrind) a unit then costs about as many
 * instructions as without breaks (175 against 170; 191 when a rebuild
 * counted 1 per job), so the default budget takes about the same CPU.
 */
#define VRP_BREAK_FAST_WORK	1
#define VRP_BREAK_TABLE_WORK 2

/*
 * Count work that is O(route length) for routes with breaks: the callers
 * evaluate many positions between their own interrupt checks, so the
 * budget stays close to CPU time and interrupts are looked for here.
 */
static void
BreakWork(Ctx *c, int n)
{
	c->work += VRP_BREAK_WORK * n;
	if (c->work >= c->next_check)
	{
		c->next_check = c->work + VRP_CHECK_WORK;
		if (c->opt.interrupt)
			c->opt.interrupt(c->opt.arg);
		if (c->opt.time_limit > 0 && VrpNow() - c->t0 > c->opt.time_limit)
			c->stop = 1;
	}
}

int
RouteSeqFeasible(Ctx *c, int v, const int *jobs, int n, double *cost)
{
	if (c->p->vehicles[v].n_breaks > 0)
		BreakWork(c, n);
	return Simulate(c->p, v, jobs, n, NULL, cost);
}

/*
 * The route with job j inserted before position pos, as the concatenation
 * of its prefix, the job and its suffix (O(1), exact when every job of the
 * route has at most one window and the vehicle no breaks): whether it fits
 * (windows, duration, loads at every point), with its summary in *s.
 */
static inline int
InsertSegFits(Ctx *c, const Route *r, int pos, int j, Seg *s)
{
	int			v = r->v;
	int			a = PrevLoc(c, r, pos),
				b = NextLoc(c, r, pos),
				u = c->loc[j];
	double		ld1[3 * VRP_MAX_DIMS],
				ld2[3 * VRP_MAX_DIMS];
	int			nd3 = 3 * c->nd;
	Seg			s1;

	SegCat(&s1, &r->pre[pos], &c->jseg[j], ArcTimeTo(c, v, a, u),
		   ArcDistTo(c, v, a, u), ArcCostTo(c, v, a, u));
	SegCat(s, &s1, &r->suf[pos], ArcTimeFrom(c, v, u, b),
		   ArcDistFrom(c, v, u, b), ArcCostFrom(c, v, u, b));
	LoadCat(c->nd, ld1, r->lpre + nd3 * pos, c->jload + nd3 * j);
	LoadCat(c->nd, ld2, ld1, r->lsuf + nd3 * pos);
	return SegFits(c, v, s, ld2);
}

/*
 * Insert job j before position pos of route r: feasible?  *delta: the
 * change in cost, fixed cost included when r is empty.
 */
int
EvalInsert(Ctx *c, const Route *r, int pos, int j, double *delta)
{
	int			v = r->v;
	Seg			s;

	if (r->multi || c->p->jobs[j].n_tw > 1)
	{
		int		   *seq = c->buf2;
		double		newcost;

		/*
		 * Breaks only make arrivals later: when the route without them
		 * (the segments, exact with at most one window per job) does not
		 * fit, neither does it with them.  When it does, the break tables
		 * (vrp_break.c) decide the times in O(1) for most vehicles.
		 */
		if (c->p->vehicles[v].n_breaks > 0 && r->multi == 1 &&
			c->p->jobs[j].n_tw <= 1)
		{
			if (!InsertSegFits(c, r, pos, j, &s))
				return 0;
			if (r->bfast && c->p->jobs[j].kind == VRP_JOB)
			{
				c->work += VRP_BREAK_FAST_WORK;
				/* the tables are a cache of r: built here when stale */
				if (r->bdirty)
				{
					VrpBreakTables(c, (Route *) r);
					BreakWork(c, VRP_BREAK_TABLE_WORK * r->n);
				}
				if (!VrpBreakInsertOk(c, r, pos, j))
					return 0;
				*delta = s.cost + c->p->vehicles[v].fixed_cost - r->cost;
				return 1;
			}
		}

		memcpy(seq, r->jobs, sizeof(int) * pos);
		seq[pos] = j;
		memcpy(seq + pos + 1, r->jobs + pos, sizeof(int) * (r->n - pos));
		if (!RouteSeqFeasible(c, v, seq, r->n + 1, &newcost))
			return 0;
		*delta = newcost - r->cost;
		return 1;
	}
	if (!InsertSegFits(c, r, pos, j, &s))
		return 0;
	*delta = s.cost + c->p->vehicles[v].fixed_cost - r->cost;
	return 1;
}

/* ---------------------------------------------------------------- set-up */

/* Same breaks (same order, durations, windows, load limits)? */
static int
SameBreaks(const VrpProblem *p, const VrpVehicle *a, const VrpVehicle *b)
{
	int			k,
				d;

	if (a->n_breaks != b->n_breaks)
		return 0;
	for (k = 0; k < a->n_breaks; k++)
	{
		const VrpBreak *x = &a->breaks[k],
				   *y = &b->breaks[k];

		if (x->service != y->service || x->n_tw != y->n_tw ||
			(!x->max_load) != (!y->max_load))
			return 0;
		for (d = 0; d < 2 * x->n_tw; d++)
			if (x->tw[d] != y->tw[d])
				return 0;
		for (d = 0; x->max_load && d < p->n_dims; d++)
			if (x->max_load[d] != y->max_load[d])
				return 0;
	}
	return 1;
}

static int
SameVehicle(const VrpProblem *p, const VrpVehicle *a, const VrpVehicle *b)
{
	int			d;

	if (!SameBreaks(p, a, b))
		return 0;

	if (a->profile != b->profile || a->start != b->start || a->end != b->end ||
		a->tw_start != b->tw_start || a->tw_end != b->tw_end ||
		a->fixed_cost != b->fixed_cost || a->cost_per_time != b->cost_per_time ||
		a->cost_per_distance != b->cost_per_distance ||
		a->speed_factor != b->speed_factor ||
		a->max_travel_time != b->max_travel_time ||
		a->max_distance != b->max_distance ||
		a->max_duration != b->max_duration || a->max_tasks != b->max_tasks ||
		a->n_skills != b->n_skills || (!a->capacity) != (!b->capacity))
		return 0;
	for (d = 0; a->capacity && d < p->n_dims; d++)
		if (a->capacity[d] != b->capacity[d])
			return 0;
	for (d = 0; d < a->n_skills; d++)
		if (a->skills[d] != b->skills[d])
			return 0;
	return 1;
}

static int
CmpKey(const void *x, const void *y, const double *key)
{
	int			a = *(const int *) x,
				b = *(const int *) y;

	if (key[a] != key[b])
		return key[a] < key[b] ? -1 : 1;
	return a - b;
}

static const double *sort_key;

static int
CmpSortKey(const void *x, const void *y)
{
	return CmpKey(x, y, sort_key);
}

/* Sort idx[0..n-1] by key[idx[.]] ascending, ties by index (deterministic) */
void		VrpSortByKey(int *idx, int n, const double *key);
void
VrpSortByKey(int *idx, int n, const double *key)
{
	sort_key = key;
	qsort(idx, n, sizeof(int), CmpSortKey);
	sort_key = NULL;
}

/* k-th smallest of x[0..n-1] (0-based), reordering x: Hoare's selection */
static double
Select(double *x, int n, int k)
{
	int			lo = 0,
				hi = n - 1;

	while (lo < hi)
	{
		double		pivot = x[lo + (hi - lo) / 2];
		int			i = lo,
					j = hi;

		while (i <= j)
		{
			while (x[i] < pivot)
				i++;
			while (x[j] > pivot)
				j--;
			if (i <= j)
			{
				double		t = x[i];

				x[i++] = x[j];
				x[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return x[k];
}

static int
SetupNeighbours(Ctx *c)
{
	const VrpMatrix *m = &c->p->matrices[c->p->vehicles[0].profile];
	int			nj = c->nj,
				i,
				j;
	double	   *key = c->key;
	int		   *idx = c->buf;

	c->nbr_k = nj < NBR_MAX ? nj : NBR_MAX;
	c->nbr = VrpAlloc(c, sizeof(int) * (size_t) nj * c->nbr_k + 1);
	if (!c->nbr)
		return VRP_ENOMEM;
	for (i = 0; i < nj; i++)
	{
		int			cnt = 0;
		double		cut;

		if ((i & 63) == 0 && c->opt.interrupt)
			c->opt.interrupt(c->opt.arg);

		for (j = 0; j < nj; j++)
		{
			size_t		ab = (size_t) c->loc[i] * c->nl + c->loc[j];
			size_t		ba = (size_t) c->loc[j] * c->nl + c->loc[i];

			key[j] = m->duration[ab] + m->duration[ba] +
				(m->distance ? m->distance[ab] + m->distance[ba] : 0);
		}
		key[i] = -1;			/* itself first */
		/* the nbr_k-th smallest key by selection, then sort those below */
		cut = VRP_INF;
		if (nj > c->nbr_k)
		{
			double	   *tmp = (double *) c->buf2;

			memcpy(tmp, key, sizeof(double) * nj);
			cut = Select(tmp, nj, c->nbr_k - 1);
		}
		for (j = 0; j < nj; j++)
			if (key[j] <= cut)
				idx[cnt++] = j;
		VrpSortByKey(idx, cnt, key);
		memcpy(c->nbr + (size_t) i * c->nbr_k, idx, sizeof(int) * c->nbr_k);
	}
	return VRP_OK;
}

/*
 * Arc costs from per-time and per-distance rates, precomputed once per
 * distinct (profile, rates) while they take less than COST_MEMORY bytes
 * in all; other vehicles compute them on the fly.  Then, in what memory
 * is left, the transposes of the cost matrices: an insertion of job u
 * reads the costs a -> u for many a, a column of the matrix, one cache
 * miss each on large instances; the transpose makes that a row.
 */
#define COST_MEMORY ((size_t) 128 << 20)

/*
 * *t = the transpose of matrix m (NULL: none), shared with any transpose
 * of m made before, or made now while the memory allows (*used).
 */
static int
Transpose(Ctx *c, const double *m, const double **t, size_t *used)
{
	size_t		nl = (size_t) c->nl,
				nn = nl * nl,
				a,
				b;
	double	   *out;
	int			k;

	*t = NULL;
	if (!m)
		return VRP_OK;
	for (k = 0; k < c->ntrans; k++)
		if (c->tsrc[k] == m)
		{
			*t = c->tdst[k];
			return VRP_OK;
		}
	if (*used + nn * sizeof(double) > COST_MEMORY)
		return VRP_OK;
	out = VrpAlloc(c, sizeof(double) * (nn + 1));
	if (!out)
		return VRP_ENOMEM;
	for (a = 0; a < nl; a++)
	{
		if ((a & 63) == 0 && c->opt.interrupt)
			c->opt.interrupt(c->opt.arg);
		for (b = 0; b < nl; b++)
			out[b * nl + a] = m[a * nl + b];
	}
	c->tsrc[c->ntrans] = m;
	c->tdst[c->ntrans++] = out;
	c->owned[c->nowned++] = out;
	*used += nn * sizeof(double);
	*t = out;
	return VRP_OK;
}

/*
 * The star matrix of vehicle i (Star in vrp_int.h), shared with the
 * vehicles before it that have the same cost and duration matrices, or
 * made now while the memory allows (*used).
 */
static int
MakeStar(Ctx *c, int i, size_t *used)
{
	const double *m = c->vcost[i] ? c->vcost[i] : c->ccost[i],
			   *t = c->vdur[i];
	size_t		nl = (size_t) c->nl,
				nn = nl * nl,
				u,
				x;
	Star	   *out;
	int			k;

	if (!m)
		return VRP_OK;
	for (k = 0; k < i; k++)
		if (c->star[k] && c->vdur[k] == t &&
			(c->vcost[k] ? c->vcost[k] : c->ccost[k]) == m)
		{
			c->star[i] = c->star[k];
			c->sdist[i] = c->vdist[i] == t;
			return VRP_OK;
		}
	if (*used + nn * sizeof(Star) > COST_MEMORY)
		return VRP_OK;
	out = VrpAlloc(c, sizeof(Star) * (nn + 1));
	if (!out)
		return VRP_ENOMEM;
	for (u = 0; u < nl; u++)
	{
		Star	   *row = out + u * nl;

		if ((u & 63) == 0 && c->opt.interrupt)
			c->opt.interrupt(c->opt.arg);
		for (x = 0; x < nl; x++)
		{
			row[x].cto = m[x * nl + u];
			row[x].cfrom = m[u * nl + x];
			row[x].tto = t[x * nl + u];
			row[x].tfrom = t[u * nl + x];
		}
	}
	c->owned[c->nowned++] = (double *) out;
	*used += nn * sizeof(Star);
	c->star[i] = out;
	c->sdist[i] = c->vdist[i] == t;
	return VRP_OK;
}

static int
PrecomputeCosts(Ctx *c)
{
	size_t		nn = (size_t) c->nl * c->nl,
				used = 0;
	int			i,
				k;

	for (i = 0; i < c->nv; i++)
	{
		c->ccost[i] = NULL;
		if (c->vcost[i])
			continue;
		for (k = 0; k < i; k++)
			if (c->ccost[k] && !c->vcost[k] && c->vdur[k] == c->vdur[i] &&
				c->vdist[k] == c->vdist[i] && c->cpt[k] == c->cpt[i] &&
				c->cpd[k] == c->cpd[i])
			{
				c->ccost[i] = c->ccost[k];
				break;
			}
		if (c->ccost[i] || used + nn * sizeof(double) > COST_MEMORY)
			continue;
		{
			double	   *m = VrpAlloc(c, sizeof(double) * (nn + 1));
			size_t		q;

			if (!m)
				return VRP_ENOMEM;
			for (q = 0; q < nn; q++)
			{
				/* a 5,000-location matrix takes a while: stay cancellable */
				if ((q & 0x3FFFF) == 0 && c->opt.interrupt)
					c->opt.interrupt(c->opt.arg);
				m[q] = c->cpt[i] * c->vdur[i][q] +
					(c->vdist[i] ? c->cpd[i] * c->vdist[i][q] : 0.0);
			}
			c->owned[c->nowned++] = m;
			c->ccost[i] = m;
			used += nn * sizeof(double);
		}
	}
	for (i = 0; i < c->nv; i++)
	{
		c->tcost[i] = c->tdur[i] = c->tdist[i] = NULL;
		c->star[i] = NULL;
		c->sdist[i] = 0;
	}
	for (i = 0; i < c->nv; i++)
		if (MakeStar(c, i, &used) != VRP_OK)
			return VRP_ENOMEM;
	/* then transposes for the vehicles without a star */
	for (i = 0; i < c->nv; i++)
	{
		int			rc = VRP_OK;

		if (!c->star[i])
			rc = Transpose(c, c->vcost[i] ? c->vcost[i] : c->ccost[i],
						   &c->tcost[i], &used);
		if (rc == VRP_OK && !c->star[i])
			rc = Transpose(c, c->vdur[i], &c->tdur[i], &used);
		if (rc == VRP_OK && !c->sdist[i])
			rc = Transpose(c, c->vdist[i], &c->tdist[i], &used);
		if (rc != VRP_OK)
			return rc;
	}
	return VRP_OK;
}

/*
 * VrpSetup's arrays: per vehicle, per job and the scratch of the search
 * (nj + nv + 2 entries), each with one entry to spare so that no request
 * is for zero bytes.
 */
static int
SetupArrays(Ctx *c)
{
	int			nj = c->nj,
				nv = c->nv,
				nd = c->nd;
	size_t		scratch;

	c->vdur = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->vdist = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->vcost = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->ccost = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->owned = VrpAlloc(c, sizeof(double *) * (5 * nv + 1));
	c->tcost = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->tdur = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->tdist = VrpAlloc(c, sizeof(double *) * (nv + 1));
	c->tsrc = VrpAlloc(c, sizeof(double *) * (3 * nv + 1));
	c->tdst = VrpAlloc(c, sizeof(double *) * (3 * nv + 1));
	c->star = VrpAlloc(c, sizeof(Star *) * (nv + 1));
	c->sdist = VrpAlloc(c, nv + 1);
	if (!c->ccost || !c->owned || !c->tcost || !c->tdur || !c->tdist ||
		!c->tsrc || !c->tdst || !c->star || !c->sdist)
		return VRP_ENOMEM;
	c->tfac = VrpAlloc(c, sizeof(double) * (nv + 1));
	c->cpt = VrpAlloc(c, sizeof(double) * (nv + 1));
	c->cpd = VrpAlloc(c, sizeof(double) * (nv + 1));
	c->vclass = VrpAlloc(c, sizeof(int) * (nv + 1));
	c->cnext = VrpAlloc(c, sizeof(int) * (nv + 1));
	c->leaders = VrpAlloc(c, sizeof(int) * (nv + 1));
	c->loc = VrpAlloc(c, sizeof(int) * (nj + 1));
	c->jseg = VrpAlloc(c, sizeof(Seg) * (nj + 1));
	c->jload = VrpAlloc(c, sizeof(double) * (3 * nd * nj + 1));
	c->weight = VrpAlloc(c, sizeof(double) * (nj + 1));
	c->size = VrpAlloc(c, sizeof(double) * (nj + 1));
	c->far = VrpAlloc(c, sizeof(double) * (nj + 1));
	scratch = (size_t) (nj + nv + 2);
	c->buf = VrpAlloc(c, sizeof(int) * scratch);
	c->buf2 = VrpAlloc(c, sizeof(double) * scratch);	/* also doubles */
	c->key = VrpAlloc(c, sizeof(double) * scratch);
	c->mark = VrpAlloc(c, scratch);
	c->touched = VrpAlloc(c, sizeof(int) * (nv + 1));
	c->tmark = VrpAlloc(c, nv + 1);
	c->cand = VrpAlloc(c, sizeof(int) * (nv + 1));
	c->rseen = VrpAlloc(c, sizeof(unsigned int) * (nv + 1));
	c->rmjob = VrpAlloc(c, nj + 1);
	c->lsact = VrpAlloc(c, nv + 1);
	c->lsnext = VrpAlloc(c, nv + 1);
	c->tri = VrpAlloc(c, nv + 1);
	if (!c->tri || !c->touched || !c->tmark || !c->cand || !c->rseen || !c->lsact ||
		!c->lsnext || !c->rmjob)
		return VRP_ENOMEM;
	memset(c->rseen, 0, sizeof(unsigned int) * (nv + 1));
	memset(c->rmjob, 0, nj + 1);
	memset(c->tmark, 0, nv + 1);
	memset(c->mark, 0, scratch);
	if (!c->vdur || !c->vdist || !c->vcost || !c->tfac || !c->cpt ||
		!c->cpd || !c->vclass || !c->cnext || !c->leaders || !c->loc || !c->jseg || !c->jload ||
		!c->weight || !c->size || !c->far || !c->buf || !c->buf2 ||
		!c->key || !c->mark)
		return VRP_ENOMEM;
	return VRP_OK;
}

/*
 * Per vehicle: its matrices, time factor and per-unit costs, and its class
 * (vehicles the search cannot tell apart, numbered by their first vehicle;
 * leaders lists the first of each, cnext chains each class's vehicles in
 * ascending order).
 */
static void
SetupVehicles(Ctx *c)
{
	const VrpProblem *p = c->p;
	int			nv = c->nv,
				i,
				k;

	for (i = 0; i < nv; i++)
	{
		const VrpVehicle *v = &p->vehicles[i];
		const VrpMatrix *m = &p->matrices[v->profile];

		c->vdur[i] = m->duration;
		c->vdist[i] = m->distance;
		c->vcost[i] = m->cost;
		c->tfac[i] = 1.0 / v->speed_factor;
		c->cpt[i] = v->cost_per_time * c->tfac[i];
		c->cpd[i] = v->cost_per_distance;
		c->vclass[i] = -1;
		for (k = 0; k < i; k++)
			if (c->vclass[k] == k && SameVehicle(p, v, &p->vehicles[k]))
			{
				c->vclass[i] = k;
				break;
			}
		if (c->vclass[i] < 0)
		{
			c->vclass[i] = i;
			c->leaders[c->nclass_used++] = i;
		}
	}
	/* each class's vehicles as a chain, ascending (buf: the last so far) */
	for (i = 0; i < nv; i++)
	{
		k = c->vclass[i];
		c->cnext[i] = -1;
		if (k != i)
			c->cnext[c->buf[k]] = i;
		c->buf[k] = i;
	}
}

/*
 * compat[class * nj + job]: the class's vehicles have the job's skills and
 * room for its delivery and its pickup on their own (classes are numbered
 * by their first vehicle, so compat is nv x nj).
 */
static int
SetupCompat(Ctx *c)
{
	const VrpProblem *p = c->p;
	int			nj = c->nj,
				nv = c->nv,
				nd = c->nd,
				i,
				k,
				d;

	c->nclass = nv;
	c->compat = VrpAlloc(c, (size_t) nv * nj + 1);
	if (!c->compat)
		return VRP_ENOMEM;
	for (i = 0; i < nv; i++)
	{
		const VrpVehicle *v = &p->vehicles[i];

		if (c->vclass[i] != i)
			continue;
		for (k = 0; k < nj; k++)
		{
			const VrpJob *j = &p->jobs[k];
			int			okk = VrpSkillsOk(v, j);

			for (d = 0; okk && v->capacity && d < nd; d++)
				if ((j->delivery && j->delivery[d] > v->capacity[d] + VRP_TOL) ||
					(j->pickup && j->pickup[d] > v->capacity[d] + VRP_TOL))
					okk = 0;
			c->compat[(size_t) i * nj + k] = (unsigned char) okk;
		}
	}
	return VRP_OK;
}

/*
 * Per job: its location, its one-job segment (service, first opening,
 * last closing), its load changes (delivered, picked up, the larger of
 * the two), its size (the sum of its amounts), its priority weight, and
 * how far it is from the first vehicle's start (SISR's "far" order).
 */
static void
SetupJobs(Ctx *c)
{
	const VrpProblem *p = c->p;
	int			nj = c->nj,
				nd = c->nd,
				k,
				d;

	for (k = 0; k < nj; k++)
	{
		const VrpJob *j = &p->jobs[k];
		Seg		   *s = &c->jseg[k];
		double	   *ld = c->jload + 3 * nd * k;
		int			st = p->vehicles[0].start >= 0 ? p->vehicles[0].start :
			p->vehicles[0].end;

		c->loc[k] = j->location;
		memset(s, 0, sizeof(*s));
		s->dur = j->service;
		s->e = j->n_tw ? j->tw[0] : -VRP_INF;
		s->l = j->n_tw ? j->tw[2 * j->n_tw - 1] : VRP_INF;
		s->ntasks = 1;
		c->size[k] = 0;
		for (d = 0; d < nd; d++)
		{
			/* a shipment's delivery: unloads what its pickup loaded */
			ld[d] = j->kind == VRP_JOB ? Amount(j->delivery, d) : 0;
			ld[nd + d] = Amount(j->pickup, d) -
				(j->kind == VRP_DELIVERY ? Amount(j->delivery, d) : 0);
			ld[2 * nd + d] = fmax(ld[d], ld[nd + d]);
			c->size[k] += Amount(j->delivery, d) + Amount(j->pickup, d);
		}
		c->weight[k] = VRP_PRIORITY_WEIGHT(j->priority, nj);
		c->far[k] = st < 0 ? 0 :
			p->matrices[p->vehicles[0].profile].duration[(size_t) st * c->nl + j->location];
	}
}

int
VrpSetup(Ctx *c, const VrpProblem *p, const VrpOptions *opt)
{
	int			nv = p->n_vehicles,
				i,
				k;

	memset(c, 0, sizeof(*c));
	c->p = p;
	if (opt)
		c->opt = *opt;
	else
		lgvrp_default_options(&c->opt);
	c->nj = p->n_jobs;
	c->nv = nv;
	c->nd = p->n_dims;
	c->nl = p->n_locations;
	c->rng.s = c->opt.seed;
	c->t0 = VrpNow();

	if (SetupArrays(c) != VRP_OK)
		return VRP_ENOMEM;
	SetupVehicles(c);
	for (i = 0; i < nv; i++)
		if (VrpBreakFast(p, i) && p->vehicles[i].n_breaks + 1 > c->bw)
			c->bw = p->vehicles[i].n_breaks + 1;
	if (PrecomputeCosts(c) != VRP_OK)
		return VRP_ENOMEM;
	/* several depots: vehicles that start (or end) at different places */
	for (i = 0, k = -1; i < nv; i++)
	{
		int			at = VLoc(c, i, 0) >= 0 ? VLoc(c, i, 0) : VLoc(c, i, 1);

		if (k < 0)
			k = at;
		else if (at >= 0 && at != k)
			c->multi_depot = 1;
	}
	if (SetupCompat(c) != VRP_OK)
		return VRP_ENOMEM;
	SetupJobs(c);
	VrpSetupTriangle(c);
	return c->nj > 0 && nv > 0 ? SetupNeighbours(c) : VRP_OK;
}

void
VrpTeardown(Ctx *c)
{
	VrpFree(c, c->vdur);
	VrpFree(c, c->vdist);
	VrpFree(c, c->vcost);
	while (c->nowned > 0)
		VrpFree(c, c->owned[--c->nowned]);
	VrpFree(c, c->owned);
	VrpFree(c, c->ccost);
	VrpFree(c, c->tcost);
	VrpFree(c, c->tdur);
	VrpFree(c, c->tdist);
	VrpFree(c, c->tsrc);
	VrpFree(c, c->tdst);
	VrpFree(c, c->star);
	VrpFree(c, c->sdist);
	VrpFree(c, c->tfac);
	VrpFree(c, c->cpt);
	VrpFree(c, c->cpd);
	VrpFree(c, c->vclass);
	VrpFree(c, c->cnext);
	VrpFree(c, c->leaders);
	VrpFree(c, c->compat);
	VrpFree(c, c->loc);
	VrpFree(c, c->jseg);
	VrpFree(c, c->jload);
	VrpFree(c, c->weight);
	VrpFree(c, c->size);
	VrpFree(c, c->far);
	VrpFree(c, c->nbr);
	VrpFree(c, c->buf);
	VrpFree(c, c->buf2);
	VrpFree(c, c->key);
	VrpFree(c, c->mark);
	VrpFree(c, c->touched);
	VrpFree(c, c->tmark);
	VrpFree(c, c->cand);
	VrpFree(c, c->rseen);
	VrpFree(c, c->lsact);
	VrpFree(c, c->rmjob);
	VrpFree(c, c->lsnext);
	VrpFree(c, c->tri);
}

/* ---------------------------------------------------------------- reasons */

int
lgvrp_unassigned_reason(const VrpProblem *p, int j)
{
	const VrpJob *job = &p->jobs[j];
	int			v,
				d,
				skills = 0,
				cap = 0;

	int			pair[2],
				np = 1;

	/* a shipment's half: the pair alone, pickup first */
	pair[0] = j;
	if (job->kind != VRP_JOB)
	{
		pair[0] = job->kind == VRP_PICKUP ? j : job->partner;
		pair[1] = job->kind == VRP_PICKUP ? job->partner : j;
		np = 2;
	}
	for (v = 0; v < p->n_vehicles; v++)
	{
		const VrpVehicle *veh = &p->vehicles[v];
		int			fits = 1,
					h;

		for (h = 0; h < np; h++)
			if (!VrpSkillsOk(veh, &p->jobs[pair[h]]))
				break;
		if (h < np)
			continue;
		skills = 1;
		for (h = 0; h < np; h++)
		{
			const VrpJob *x = &p->jobs[pair[h]];

			for (d = 0; veh->capacity && d < p->n_dims; d++)
				if ((x->delivery && x->delivery[d] > veh->capacity[d] + VRP_TOL) ||
					(x->pickup && x->pickup[d] > veh->capacity[d] + VRP_TOL))
					fits = 0;
		}
		if (!fits)
			continue;
		cap = 1;
		if (Simulate(p, v, pair, np, NULL, NULL))
			return VRP_REASON_ROOM;
	}
	return !skills ? VRP_REASON_SKILLS : !cap ? VRP_REASON_CAPACITY :
		VRP_REASON_TIME;
}
