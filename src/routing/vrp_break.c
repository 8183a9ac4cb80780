/*-------------------------------------------------------------------------
 *
 * vrp_break.c
 *	  Driver breaks: the schedule of a route whose vehicle has breaks.
 *
 * A break has no location.  As in VROOM 1.14, a break taken between two
 * stops may start as soon as the vehicle leaves the first one: the part
 * of the drive not done before the break follows it, and when the drive
 * is over before the break may start, the vehicle waits at the next stop.
 * With c the clock and r the drive left, a break with earliest allowed
 * start s >= c (its first window still open at c) and duration b gives
 *
 *		r' = r - min(r, s - c),  c' = s + b,  arrival = c' + r'
 *
 * so arrival = b + max(s, c + r): later departures never arrive earlier.
 * Breaks are taken in the order given.  Which gap (before the first job,
 * between two jobs, after the last) takes which breaks is chosen by a
 * dynamic programme over (stop, breaks taken so far) keeping the earliest
 * departure: with waiting allowed everywhere an earlier clock is never
 * worse, so this finds a feasible placement whenever one exists, in
 * O(n nb^2) for n jobs and nb breaks.  The departure from the start is
 * then delayed as far as the idle times and the window ends allow without
 * a later return (M. W. P. Savelsbergh, ORSA J. Computing 4 (1992)
 * 146-154, forward time slack), with the placement kept.
 *
 * The search treats a route of a vehicle with breaks like a route with
 * multi-window jobs: every move is checked with this exact simulation.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vrp_int.h"

#define BRK_STACK	1024		/* DP cells kept on the stack */

typedef struct BrkRoute
{
	const VrpProblem *p;
	const VrpVehicle *veh;
	const int  *jobs;
	int			n;
	int			nb;
	int			nd;
} BrkRoute;

/* Location of stop g: 0 the start, 1..n the jobs, n + 1 the end */
static int
StopLoc(const BrkRoute *R, int g)
{
	if (g == 0)
		return R->veh->start;
	if (g <= R->n)
		return R->p->jobs[R->jobs[g - 1]].location;
	return R->veh->end;
}

/* Travel time, distance and cost of gap g (stop g to stop g + 1) */
static void
GapArc(const BrkRoute *R, int g, double *t, double *d, double *cost)
{
	const VrpMatrix *m = &R->p->matrices[R->veh->profile];
	int			a = StopLoc(R, g),
				b = StopLoc(R, g + 1);
	size_t		k;

	*t = *d = *cost = 0;
	if (a < 0 || b < 0)
		return;
	k = (size_t) a * R->p->n_locations + b;
	*t = m->duration[k] / R->veh->speed_factor;
	*d = m->distance ? m->distance[k] : 0;
	*cost = m->cost ? m->cost[k] :
		R->veh->cost_per_time * *t + R->veh->cost_per_distance * *d;
}

/* Load on board in gap 0 (the deliveries of plain jobs) into ld */
static void
LoadStart(const BrkRoute *R, double *ld)
{
	int			k,
				d;

	memset(ld, 0, sizeof(double) * VRP_MAX_DIMS);
	for (k = 0; k < R->n; k++)
	{
		const VrpJob *j = &R->p->jobs[R->jobs[k]];

		for (d = 0; j->kind == VRP_JOB && j->delivery && d < R->nd; d++)
			ld[d] += j->delivery[d];
	}
}

/* Load on board in gap g + 1 from the load in gap g (g < n) */
static void
LoadNext(const BrkRoute *R, int g, double *ld)
{
	const VrpJob *j = &R->p->jobs[R->jobs[g]];
	int			d;

	for (d = 0; d < R->nd; d++)
		ld[d] += (j->pickup ? j->pickup[d] : 0) -
			(j->delivery ? j->delivery[d] : 0);
}

static int
LoadOk(const VrpBreak *b, const double *ld, int nd)
{
	int			d;

	for (d = 0; b->max_load && d < nd; d++)
		if (ld[d] > b->max_load[d] + VRP_TOL)
			return 0;
	return 1;
}

/*
 * Breaks b..b+k-1 in gap g (drive t), leaving the previous stop at clock
 * c with load ld: *arr the arrival at the next stop; per break its start,
 * the drive done before it and the idle time before it (may be NULL).
 * Returns 0 when a break's windows are all over or its load limit is
 * exceeded (the times are still filled).
 */
static int
GapRun(const BrkRoute *R, int b, int k, double t, const double *ld,
	   double c, double *arr, double *bs, double *bdone, double *bidle)
{
	double		r = t;
	int			q,
				ok = 1;

	for (q = 0; q < k; q++)
	{
		const VrpBreak *br = &R->veh->breaks[b + q];
		double		s = VrpWindowStart(br->n_tw, br->tw, c),
					mv;

		if (!LoadOk(br, ld, R->nd))
			ok = 0;
		if (s < -VRP_INF / 2)
		{
			/* too late for every window: go on as if it started now */
			ok = 0;
			s = c;
		}
		mv = fmin(r, fmax(0, s - c));
		if (bs)
		{
			bs[q] = s;
			bdone[q] = t - r + mv;
			bidle[q] = fmax(0, s - (c + r));
		}
		r -= mv;
		c = s + br->service;
	}
	*arr = c + r;
	return ok;
}

/*
 * Breaks per gap (nbrk[0..n]) with the earliest return, departing at d0.
 * Returns 1 if found, 0 if no placement is feasible, -1 out of memory.
 */
static int
Place(const BrkRoute *R, double d0, int *nbrk)
{
	int			n = R->n,
				nb = R->nb,
				w = nb + 1,
				g,
				b,
				k,
				found = -1;
	size_t		cells = (size_t) (n + 1) * w;
	double		stack_e[BRK_STACK];
	int			stack_f[BRK_STACK];
	double	   *E = stack_e,
				best = VRP_INF,
				ld[VRP_MAX_DIMS];
	int		   *from = stack_f;

	if (cells > BRK_STACK)
	{
		E = malloc(sizeof(double) * cells);
		from = malloc(sizeof(int) * cells);
		if (!E || !from)
		{
			free(E);
			free(from);
			return -1;
		}
	}
	for (k = 0; k < (int) cells; k++)
		E[k] = VRP_INF;
	E[0] = d0;
	LoadStart(R, ld);
	for (g = 0; g <= n; g++)
	{
		double		t,
					dd,
					cc;

		GapArc(R, g, &t, &dd, &cc);
		if (g > 0)
			LoadNext(R, g - 1, ld);
		for (b = 0; b <= nb; b++)
		{
			double		c = E[(size_t) g * w + b];

			if (c >= VRP_INF / 2)
				continue;
			for (k = g == n ? nb - b : 0; k <= nb - b; k++)
			{
				double		a;

				if (!GapRun(R, b, k, t, ld, c, &a, NULL, NULL, NULL))
					break;
				if (g < n)
				{
					const VrpJob *j = &R->p->jobs[R->jobs[g]];
					double		st = VrpEarliestStart(j, a);
					size_t		x = (size_t) (g + 1) * w + b + k;

					if (st > -VRP_INF / 2 && st + j->service < E[x])
					{
						E[x] = st + j->service;
						from[x] = k;
					}
				}
				else if (a <= R->veh->tw_end + VRP_TOL && a < best)
				{
					best = a;
					found = b;
				}
			}
		}
	}
	if (found >= 0)
	{
		/* back from the end: nbrk[n] breaks after the last job, ... */
		nbrk[n] = nb - found;
		b = found;
		for (g = n; g > 0; g--)
		{
			k = from[(size_t) g * w + b];
			nbrk[g - 1] = k;
			b -= k;
		}
	}
	if (E != stack_e)
	{
		free(E);
		free(from);
	}
	return found >= 0 ? 1 : 0;
}

/*
 * Forward schedule departing at d with nbrk breaks per gap: fills steps
 * (may be NULL), *end (return time), *travel, *dist, *cost, and the
 * largest delay of the departure that keeps every window and the return
 * time (*shift).  Returns 0 if a window or a load limit of a break is
 * missed (steps still filled).
 */
static int
Forward(const BrkRoute *R, double d, const int *nbrk, VrpStep *steps,
		double *end, double *shift)
{
	double		c = d,
				tt = 0,
				dist = 0,
				cost = 0,
				idle = 0,
				bound = VRP_INF,
				ld[VRP_MAX_DIMS],
				bs[VRP_MAX_BREAKS],
				bdone[VRP_MAX_BREAKS],
				bidle[VRP_MAX_BREAKS];
	int			g,
				q,
				bi = 0,
				ok = 1,
				ns = 0;

	LoadStart(R, ld);
	if (steps)
	{
		VrpStep    *s = &steps[ns++];

		memset(s, 0, sizeof(*s));
		s->kind = VRP_STEP_START;
		s->index = -1;
		s->arrival = s->start = s->departure = d;
		memcpy(s->load, ld, sizeof(double) * R->nd);
	}
	for (g = 0; g <= R->n; g++)
	{
		double		t,
					gd,
					gc,
					a,
					st,
					due,
					wc;

		GapArc(R, g, &t, &gd, &gc);
		if (!GapRun(R, bi, nbrk[g], t, ld, c, &a, bs, bdone, bidle))
			ok = 0;
		/* wc: how much of a later departure the break starts absorb */
		wc = idle;
		for (q = 0; q < nbrk[g]; q++)
		{
			const VrpBreak *br = &R->veh->breaks[bi + q];
			double		f = t > 0 ? bdone[q] / t : 0;
			int			w;

			/* a later departure must not push the break past its window */
			wc += bs[q] - (q == 0 ? c : bs[q - 1] +
						   R->veh->breaks[bi + q - 1].service);
			for (w = 0; w < br->n_tw; w++)
				if (bs[q] <= br->tw[2 * w + 1] + VRP_TOL)
				{
					bound = fmin(bound, wc + br->tw[2 * w + 1] - bs[q]);
					break;
				}
			idle += bidle[q];
			if (steps)
			{
				VrpStep    *s = &steps[ns++];

				s->kind = VRP_STEP_BREAK;
				s->index = bi + q;
				s->start = bs[q];
				s->waiting = bidle[q];
				s->arrival = bs[q] - bidle[q];
				s->departure = bs[q] + br->service;
				s->travel_time = tt + bdone[q];
				s->distance = dist + f * gd;
				s->cost = cost + f * gc;
				memcpy(s->load, ld, sizeof(double) * R->nd);
			}
		}
		bi += nbrk[g];
		tt += t;
		dist += gd;
		cost += gc;
		st = a;
		due = g < R->n ? VRP_INF : R->veh->tw_end;
		if (g < R->n)
		{
			const VrpJob *j = &R->p->jobs[R->jobs[g]];
			int			w;

			st = VrpEarliestStart(j, a);
			if (st < -VRP_INF / 2)
			{
				ok = 0;
				st = a;
			}
			for (w = 0; w < j->n_tw; w++)
				if (st <= j->tw[2 * w + 1] + VRP_TOL)
				{
					due = j->tw[2 * w + 1];
					break;
				}
			LoadNext(R, g, ld);
		}
		else if (a > R->veh->tw_end + VRP_TOL)
			ok = 0;
		idle += st - a;
		bound = fmin(bound, idle + due - st);
		c = st + (g < R->n ? R->p->jobs[R->jobs[g]].service : 0);
		if (steps)
		{
			VrpStep    *s = &steps[ns++];

			s->kind = g < R->n ? VRP_STEP_JOB : VRP_STEP_END;
			s->index = g < R->n ? g : -1;
			s->arrival = a;
			s->start = st;
			s->waiting = st - a;
			s->departure = c;
			s->travel_time = tt;
			s->distance = dist;
			s->cost = cost;
			memcpy(s->load, ld, sizeof(double) * R->nd);
		}
	}
	*end = c;
	*shift = fmax(0, fmin(bound, idle));
	return ok;
}

/*
 * Simulate vehicle v (with breaks) serving jobs[0..n-1], n > 0: as
 * Simulate in vrp.c, steps has n + 2 + n_breaks entries.
 */
int
VrpSimulateBreaks(const VrpProblem *p, int v, const int *jobs, int n,
				  VrpStep *steps, double *cost_out)
{
	const VrpVehicle *veh = &p->vehicles[v];
	BrkRoute	R;
	int			nbrk_stack[BRK_STACK],
			   *nbrk = nbrk_stack,
				ok = 1,
				k,
				g,
				d;
	double		d0 = veh->tw_start,
				end,
				shift,
				tt = 0,
				dist = 0,
				cost = 0,
				ld[VRP_MAX_DIMS];

	R.p = p;
	R.veh = veh;
	R.jobs = jobs;
	R.n = n;
	R.nb = veh->n_breaks;
	R.nd = p->n_dims;
	if (n + 1 > BRK_STACK && !(nbrk = calloc(n + 1, sizeof(int))))
		return 0;
	memset(nbrk, 0, sizeof(int) * (n + 1));
	for (g = 0; g <= n; g++)
	{
		double		t,
					gd,
					gc;

		GapArc(&R, g, &t, &gd, &gc);
		tt += t;
		dist += gd;
		cost += gc;
		/* loads on board and the jobs' own rules, as in Simulate */
		if (g == 0)
			LoadStart(&R, ld);
		else
			LoadNext(&R, g - 1, ld);
		for (d = 0; veh->capacity && d < R.nd; d++)
			if (ld[d] > veh->capacity[d] + VRP_TOL)
				ok = 0;
		if (g < n)
		{
			const VrpJob *j = &p->jobs[jobs[g]];

			if (!VrpSkillsOk(veh, j) ||
				(j->kind != VRP_JOB && !VrpPartnerOk(jobs, n, g, j)))
				ok = 0;
		}
	}
	if (tt > veh->max_travel_time + VRP_TOL ||
		dist > veh->max_distance + VRP_TOL ||
		(veh->max_tasks >= 0 && n > veh->max_tasks))
		ok = 0;
	if (d0 < -VRP_INF / 2)
	{
		/* no start of working hours: before every window that matters */
		double		span = tt;

		d0 = 0;
		for (k = 0; k < n; k++)
		{
			const VrpJob *j = &p->jobs[jobs[k]];

			span += j->service;
			if (j->n_tw > 0)
				d0 = fmin(d0, j->tw[0]);
		}
		for (k = 0; k < R.nb; k++)
		{
			span += veh->breaks[k].service;
			if (veh->breaks[k].n_tw > 0)
				d0 = fmin(d0, veh->breaks[k].tw[0]);
		}
		d0 -= span;
	}
	if (ok && Place(&R, d0, nbrk) != 1)
		ok = 0;
	if (ok && !steps && veh->max_duration >= VRP_INF / 2)
	{
		/*
		 * The search only asks whether the route fits: the placement found
		 * is feasible from d0, and without a duration limit the later
		 * departure below changes nothing of that.
		 */
		if (nbrk != nbrk_stack)
			free(nbrk);
		if (cost_out)
			*cost_out = cost + veh->fixed_cost;
		return 1;
	}
	if (!ok)
	{
		/* no feasible placement: report the breaks at the end */
		memset(nbrk, 0, sizeof(int) * (n + 1));
		nbrk[n] = R.nb;
	}
	/* the earliest schedule, then the departure delayed by its slack */
	if (!Forward(&R, d0, nbrk, NULL, &end, &shift))
	{
		ok = 0;
		shift = 0;
	}
	if (!Forward(&R, d0 + shift, nbrk, steps, &end, &shift))
	{
		ok = 0;
		if (steps)
			(void) Forward(&R, d0, nbrk, steps, &end, &shift);
		shift = 0;
	}
	if (ok && end - (d0 + shift) > veh->max_duration + VRP_TOL)
		ok = 0;
	if (nbrk != nbrk_stack)
		free(nbrk);
	if (cost_out)
		*cost_out = cost + veh->fixed_cost;
	return ok;
}

/* ---------------------------------------------------------------- tables */

/*
 * The search's insertion check for routes of vehicles with breaks, in
 * O(nb^2) per position instead of a simulation of the whole route.
 *
 * Within one gap (drive t) whose breaks b..m-1 form a chain, leaving the
 * previous stop at d, the rule above gives the arrival in closed form:
 * break q starts at s_q = WindowStart_q(end of the previous break, or d),
 * the vehicle drives whenever it is not on a break, so
 *
 *		arrival = max(s_{m-1} + service_{m-1}, d + t + service_b..m-1)
 *
 * Every step (a window start, a max, a sum) is non-decreasing in d, so a
 * later departure never arrives earlier and feasibility only needs the
 * earliest departure per (stop, breaks taken) forward (bE, the DP of Place
 * kept for every prefix) and the latest arrival per (stop, breaks taken)
 * backward (bL: the inverse of each step, LatestIn below, a window's end
 * where WindowStart has its tolerance).  Inserting job j between stops
 * pos and pos + 1 then fits iff some split of breaks b <= m <= q gives,
 * from bE[pos][b], an arrival at the next stop no later than
 * bL[pos + 1][q]: the segment idea of Vidal et al. (2013) with the break
 * count as the extra state (s3's design, vrp_int.h).
 *
 * The tables hold when the departure is fixed (the working hours start),
 * there is no route duration limit (which would need the departure as
 * late as useful) and no break has a load limit below the capacity (the
 * loads in a gap change with an insertion); other vehicles keep the
 * simulation.  Loads, skills and the other limits are the segments' part
 * (InsertSegFits in vrp.c).
 */
#define BRK_FAST_MAX	8		/* breaks per vehicle for the tables */

int
VrpBreakFast(const VrpProblem *p, int v)
{
	const VrpVehicle *veh = &p->vehicles[v];
	int			k,
				d;

	if (veh->n_breaks == 0 || veh->n_breaks > BRK_FAST_MAX ||
		veh->tw_start < -VRP_INF / 2 || veh->max_duration < VRP_INF / 2)
		return 0;
	for (k = 0; k < veh->n_breaks; k++)
		for (d = 0; veh->breaks[k].max_load && d < p->n_dims; d++)
			if (!veh->capacity ||
				veh->breaks[k].max_load[d] < veh->capacity[d])
				return 0;
	return 1;
}

/* Latest time <= x from which WindowStart stays <= x; -VRP_INF: none */
static double
LatestIn(int n_tw, const double *tw, double x)
{
	int			k;

	if (n_tw == 0)
		return x;
	for (k = n_tw - 1; k >= 0; k--)
		if (tw[2 * k] <= x)
			return x < tw[2 * k + 1] + VRP_TOL ? x : tw[2 * k + 1] + VRP_TOL;
	return -VRP_INF;
}

/*
 * Forward over one gap: leaving at d with b breaks taken, drive t, then
 * the job (jb, NULL at the end of the route): out[m], m = b..nb, becomes
 * the smaller of itself and the departure from the job (the arrival when
 * jb is NULL) with breaks b..m-1 taken in the gap.
 */
static void
GapForward(const VrpVehicle *veh, int b, double d, double t,
		   const VrpJob *jb, double *out)
{
	double		cl = d,
				sb = 0;
	int			m;

	for (m = b; m <= veh->n_breaks; m++)
	{
		double		a;

		if (m > b)
		{
			const VrpBreak *br = &veh->breaks[m - 1];
			double		s = VrpWindowStart(br->n_tw, br->tw, cl);

			if (s < -VRP_INF / 2)
				return;
			cl = s + br->service;
			sb += br->service;
		}
		a = d + t + sb;
		if (cl > a)
			a = cl;
		if (jb)
		{
			a = VrpEarliestStart(jb, a);
			if (a < -VRP_INF / 2)
				return;			/* later for every larger m too */
			a += jb->service;
		}
		if (a < out[m])
			out[m] = a;
	}
}

/*
 * Backward over one gap: arriving at the next stop no later than y with m
 * breaks taken, drive t: out[b], b = 0..m, becomes the larger of itself
 * and the latest departure from the previous stop with breaks b..m-1 in
 * the gap.
 */
static void
GapBackward(const VrpVehicle *veh, int m, double y, double t, double *out)
{
	double		x = y,
				sb = 0;
	int			b;

	for (b = m; b >= 0; b--)
	{
		double		d;

		if (b < m)
		{
			const VrpBreak *br = &veh->breaks[b];

			x = LatestIn(br->n_tw, br->tw, x - br->service);
			if (x < -VRP_INF / 2)
				return;
			sb += br->service;
		}
		d = y - t - sb;
		if (x < d)
			d = x;
		if (d > out[b])
			out[b] = d;
	}
}

/* Fill r->bE and r->bL (see Route; r->bfast must be set) */
void
VrpBreakTables(Ctx *c, Route *r)
{
	const VrpVehicle *veh = &c->p->vehicles[r->v];
	int			n = r->n,
				nb = veh->n_breaks,
				w = c->bw,
				k,
				b;
	double	   *E = r->bE,
			   *L = r->bL;

	for (k = 0; k < (n + 2) * w; k++)
	{
		E[k] = VRP_INF;
		L[k] = -VRP_INF;
	}
	r->bdirty = 0;
	E[0] = veh->tw_start;
	for (k = 0; k < n; k++)
	{
		int			j = r->jobs[k];
		double		t = ArcTime(c, r->v, PrevLoc(c, r, k), c->loc[j]);

		for (b = 0; b <= nb; b++)
			if (E[k * w + b] < VRP_INF / 2)
				GapForward(veh, b, E[k * w + b], t, &c->p->jobs[j],
						   E + (k + 1) * w);
	}
	L[(n + 1) * w + nb] = veh->tw_end + VRP_TOL;
	for (k = n; k >= 1; k--)
	{
		const VrpJob *jb = &c->p->jobs[r->jobs[k - 1]];
		double		t = ArcTime(c, r->v, c->loc[r->jobs[k - 1]],
								NextLoc(c, r, k)),
					dep[VRP_MAX_BREAKS + 1];

		for (b = 0; b <= nb; b++)
			dep[b] = -VRP_INF;
		for (b = 0; b <= nb; b++)
			if (L[(k + 1) * w + b] > -VRP_INF / 2)
				GapBackward(veh, b, L[(k + 1) * w + b], t, dep);
		for (b = 0; b <= nb; b++)
			if (dep[b] > -VRP_INF / 2)
				L[k * w + b] = LatestIn(jb->n_tw, jb->tw,
										dep[b] - jb->service);
	}
}

/*
 * Do the windows of route r (bfast) and of its breaks still hold with job
 * j inserted before position pos?  Times only: loads and limits are
 * InsertSegFits's.
 */
int
VrpBreakInsertOk(Ctx *c, const Route *r, int pos, int j)
{
	const VrpVehicle *veh = &c->p->vehicles[r->v];
	int			nb = veh->n_breaks,
				w = c->bw,
				u = c->loc[j],
				b,
				q;
	double		t1 = ArcTime(c, r->v, PrevLoc(c, r, pos), u),
				t2 = ArcTime(c, r->v, u, NextLoc(c, r, pos)),
				dj[VRP_MAX_BREAKS + 1],
				arr[VRP_MAX_BREAKS + 1];
	const double *E = r->bE + pos * w,
			   *L = r->bL + (pos + 1) * w;

	for (b = 0; b <= nb; b++)
		dj[b] = VRP_INF;
	for (b = 0; b <= nb; b++)
		if (E[b] < VRP_INF / 2)
			GapForward(veh, b, E[b], t1, &c->p->jobs[j], dj);
	for (b = 0; b <= nb; b++)
	{
		if (dj[b] >= VRP_INF / 2)
			continue;
		for (q = b; q <= nb; q++)
			arr[q] = VRP_INF;
		GapForward(veh, b, dj[b], t2, NULL, arr);
		/* VRP_INF: not reached (a latest arrival may be VRP_INF too) */
		for (q = b; q <= nb; q++)
			if (arr[q] < VRP_INF / 2 && arr[q] <= L[q])
				return 1;
	}
	return 0;
}
