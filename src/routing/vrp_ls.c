/*-------------------------------------------------------------------------
 *
 * vrp_ls.c
 *	  Fleet routing: local search, run on every new best solution.
 *
 * First-improvement descent over granular neighbourhoods (P. Toth and D.
 * Vigo, "The granular tabu search and its application to the vehicle
 * routing problem", INFORMS J. Computing 15 (2003) 333-346): for each job
 * u and each of its LS_NEIGHBOURS nearest jobs v,
 *
 *	- relocate: u just before or just after v (any two routes, or inside
 *	  one route);
 *	- swap: u and v trade places;
 *	- 2-opt*: the routes of u and v exchange their tails after u and v
 *	  (only between vehicles of the same class, since a tail carries its
 *	  vehicle's end and speed).
 *
 * Moves between two routes are evaluated in O(1) by concatenating the
 * routes' prefix and suffix summaries (vrp_int.h); moves inside a route
 * rebuild the route summary in O(length).  Routes with jobs that have
 * several time windows are left alone here (the ruin-and-recreate search
 * handles them through the exact slow path), and so are routes with
 * shipments in the job moves (a move could put a delivery before its
 * pickup or on another route; ruin and recreate moves the pairs).
 *
 *-------------------------------------------------------------------------
 */
#include "vrp_int.h"

#include <string.h>

#define LS_NEIGHBOURS	16
#define LS_FULL			200		/* jobs: up to this, the first pass sees all */
#define LS_MAX_PASSES	30

/* Summary of vehicle v driving seq[0..n-1]: seg and loads (3 * nd) */
static void
EvalSeq(Ctx *c, int v, const int *seq, int n, Seg *out, double *ld)
{
	const VrpVehicle *veh = &c->p->vehicles[v];
	int			nd3 = 3 * c->nd;
	double		tmp[3 * VRP_MAX_DIMS];
	Seg			acc,
				end;
	int			k,
				prev = veh->start;

	memset(&acc, 0, sizeof(acc));
	acc.e = veh->tw_start;
	acc.l = veh->tw_end;
	memset(ld, 0, sizeof(double) * nd3);
	for (k = 0; k < n; k++)
	{
		int			j = seq[k],
					u = c->loc[j];

		SegCat(&acc, &acc, &c->jseg[j], ArcTime(c, v, prev, u),
			   ArcDist(c, v, prev, u), ArcCost(c, v, prev, u));
		LoadCat(c->nd, tmp, ld, c->jload + nd3 * j);
		memcpy(ld, tmp, sizeof(double) * nd3);
		prev = u;
	}
	memset(&end, 0, sizeof(end));
	end.e = -VRP_INF;
	end.l = veh->tw_end;
	SegCat(out, &acc, &end, ArcTime(c, v, prev, veh->end),
		   ArcDist(c, v, prev, veh->end), ArcCost(c, v, prev, veh->end));
}

static double
SegRouteCost(Ctx *c, int v, const Seg *s)
{
	return s->ntasks > 0 ? s->cost + c->p->vehicles[v].fixed_cost : 0.0;
}

/* Replace route ri's jobs by seq[0..n-1] */
static void
SetRoute(Ctx *c, Sol *s, int ri, const int *seq, int n)
{
	Route	   *r = &s->r[ri];
	int			k;

	Touch(c, ri);
	if (c->lsmark)
		c->lsmark[ri] = 1;
	RouteReserve(c, r, n);
	s->cost -= r->cost;
	r->n = n;
	SolNote(s, ri);
	memmove(r->jobs, seq, sizeof(int) * n);
	RouteUpdate(c, r);
	s->cost += r->cost;
	for (k = 0; k < n; k++)
		s->route_of[seq[k]] = ri;
}

static int
PosOf(const Route *r, int j)
{
	int			k;

	for (k = 0; k < r->n; k++)
		if (r->jobs[k] == j)
			return k;
	return -1;
}

/*
 * Routes the job moves skip: shipments, and jobs with several windows
 * (the segments are not exact for them).  A vehicle's breaks alone do not
 * count: the segments without breaks are a necessary condition, and
 * BreaksOk checks a move exactly before it is applied.
 */
static inline int
LsSkip(const Ctx *c, const Route *r)
{
	return r->nship > 0 || r->multi > (c->p->vehicles[r->v].n_breaks > 0);
}

/* seq[0..n-1] on vehicle v, exactly, when v has breaks */
static int
BreaksOk(Ctx *c, int v, const int *seq, int n)
{
	double		cost;

	return c->p->vehicles[v].n_breaks == 0 ||
		RouteSeqFeasible(c, v, seq, n, &cost);
}

/*
 * Route ri without the job at position p plus, optionally, job j inserted
 * at position q of the remaining sequence (j < 0: none).  O(1).
 */
static int
EvalRemoveInsert(Ctx *c, const Route *r, int p, int j, double *cost)
{
	int			v = r->v,
				nd3 = 3 * c->nd;
	int			a = PrevLoc(c, r, p),
				b = NextLoc(c, r, p + 1);
	double		ld[3 * VRP_MAX_DIMS],
				ld1[3 * VRP_MAX_DIMS];
	Seg			s,
				s1;

	if (j < 0)
	{
		SegCat(&s, &r->pre[p], &r->suf[p + 1], ArcTime(c, v, a, b),
			   ArcDist(c, v, a, b), ArcCost(c, v, a, b));
		LoadCat(c->nd, ld, r->lpre + nd3 * p, r->lsuf + nd3 * (p + 1));
	}
	else
	{
		int			u = c->loc[j];

		SegCat(&s1, &r->pre[p], &c->jseg[j], ArcTimeTo(c, v, a, u),
			   ArcDistTo(c, v, a, u), ArcCostTo(c, v, a, u));
		SegCat(&s, &s1, &r->suf[p + 1], ArcTimeFrom(c, v, u, b),
			   ArcDistFrom(c, v, u, b), ArcCostFrom(c, v, u, b));
		LoadCat(c->nd, ld1, r->lpre + nd3 * p, c->jload + nd3 * j);
		LoadCat(c->nd, ld, ld1, r->lsuf + nd3 * (p + 1));
	}
	if (!SegFits(c, v, &s, ld))
		return 0;
	*cost = SegRouteCost(c, v, &s);
	return 1;
}

/* Route r with job j inserted before position q.  O(1). */
static int
EvalIns(Ctx *c, const Route *r, int q, int j, double *cost)
{
	double		d;

	if (!c->compat[(size_t) c->vclass[r->v] * c->nj + j])
		return 0;
	if (!EvalInsert(c, r, q, j, &d))
		return 0;
	*cost = r->cost + d;
	return 1;
}

static int
TryInterRelocate(Ctx *c, Sol *s, int u, int v)
{
	int			ru = s->route_of[u],
				rv = s->route_of[v];
	Route	   *a = &s->r[ru],
			   *b = &s->r[rv];
	int			pu = PosOf(a, u),
				pv = PosOf(b, v),
				side;
	double		ca,
				cb;

	if (LsSkip(c, b) || !EvalRemoveInsert(c, a, pu, -1, &ca))
		return 0;
	for (side = 0; side < 2; side++)
	{
		int			q = pv + side;

		if (EvalIns(c, b, q, u, &cb) &&
			ca + cb < a->cost + b->cost - 1e-7 * (1 + a->cost + b->cost))
		{
			int		   *seq = c->buf,
					   *seq2 = c->buf2;

			memcpy(seq, a->jobs, sizeof(int) * pu);
			memcpy(seq + pu, a->jobs + pu + 1, sizeof(int) * (a->n - pu - 1));
			memcpy(seq2, b->jobs, sizeof(int) * q);
			seq2[q] = u;
			memcpy(seq2 + q + 1, b->jobs + q, sizeof(int) * (b->n - q));
			/* b's insertion was exact (EvalInsert); a's removal only for breaks */
			if (!BreaksOk(c, a->v, seq, a->n - 1))
				return 0;
			SetRoute(c, s, ru, seq, a->n - 1);
			SetRoute(c, s, rv, seq2, b->n + 1);
			return 1;
		}
	}
	return 0;
}

static int
TryInterSwap(Ctx *c, Sol *s, int u, int v)
{
	int			ru = s->route_of[u],
				rv = s->route_of[v];
	Route	   *a = &s->r[ru],
			   *b = &s->r[rv];
	int			pu = PosOf(a, u),
				pv = PosOf(b, v);
	double		ca,
				cb;

	if (!c->compat[(size_t) c->vclass[a->v] * c->nj + v] ||
		!c->compat[(size_t) c->vclass[b->v] * c->nj + u])
		return 0;
	if (!EvalRemoveInsert(c, a, pu, v, &ca) ||
		!EvalRemoveInsert(c, b, pv, u, &cb))
		return 0;
	if (ca + cb < a->cost + b->cost - 1e-7 * (1 + a->cost + b->cost))
	{
		int		   *seq = c->buf,
				   *seq2 = c->buf2;

		memcpy(seq, a->jobs, sizeof(int) * a->n);
		seq[pu] = v;
		memcpy(seq2, b->jobs, sizeof(int) * b->n);
		seq2[pv] = u;
		if (!BreaksOk(c, a->v, seq, a->n) || !BreaksOk(c, b->v, seq2, b->n))
			return 0;
		SetRoute(c, s, ru, seq, a->n);
		SetRoute(c, s, rv, seq2, b->n);
		return 1;
	}
	return 0;
}

/*
 * Summed arc cost of route r from position k to its end, with the last
 * arc to vehicle w's end instead of r's own: exact when w's arcs cost as
 * r's vehicle's (several depots, one kind of vehicle), an estimate
 * otherwise.  O(1).
 */
static double
TailCostTo(Ctx *c, const Route *r, int k, int w, int from)
{
	int			last;

	if (k == r->n)
		return ArcCost(c, w, from, VLoc(c, w, 1));
	last = c->loc[r->jobs[r->n - 1]];
	return ArcCost(c, w, from, c->loc[r->jobs[k]]) +
		r->suf[k].cost - ArcCost(c, r->v, last, VLoc(c, r->v, 1)) +
		ArcCost(c, w, last, VLoc(c, w, 1));
}

/*
 * Apply a 2-opt* move, both routes given whole: checked exactly against the
 * vehicles' breaks first (the segments know none), for the same-class and
 * the cross-class move alike.
 */
static int
ApplyTails(Ctx *c, Sol *s, int ru, int *seq, int n1, int rv, int *seq2,
		   int n2)
{
	int			k;

	if (!BreaksOk(c, s->r[ru].v, seq, n1) || !BreaksOk(c, s->r[rv].v, seq2, n2))
		return 0;
	SetRoute(c, s, ru, seq, n1);
	SetRoute(c, s, rv, seq2, n2);
	for (k = 0; k < n2; k++)
		s->route_of[seq2[k]] = rv;
	return 1;
}

/*
 * 2-opt* between vehicles of different classes (several depots: each tail
 * then returns to the other depot).  The suffix summaries end at the
 * other vehicle's depot, so the new routes are rebuilt in O(length), and
 * only when an O(1) estimate of their arc costs promises a saving.
 */
static int
TryTwoOptStarX(Ctx *c, Sol *s, int u, int v)
{
	int			ru = s->route_of[u],
				rv = s->route_of[v];
	Route	   *a = &s->r[ru],
			   *b = &s->r[rv];
	int			pu = PosOf(a, u) + 1,
				pv = PosOf(b, v) + 1,
				n1 = pu + (b->n - pv),
				n2 = pv + (a->n - pu),
				k;
	int		   *seq = c->buf,
			   *seq2 = c->buf2;
	double		ld[3 * VRP_MAX_DIMS],
				old = a->cost + b->cost,
				ca,
				cb;
	Seg			sg;

	if (pu == a->n && pv == b->n)
		return 0;
	ca = a->pre[pu].cost + TailCostTo(c, b, pv, a->v, c->loc[u]);
	cb = b->pre[pv].cost + TailCostTo(c, a, pu, b->v, c->loc[v]);
	if (ca + cb + (n1 > 0 ? c->p->vehicles[a->v].fixed_cost : 0) +
		(n2 > 0 ? c->p->vehicles[b->v].fixed_cost : 0) >= old)
		return 0;
	for (k = pv; k < b->n; k++)
		if (!c->compat[(size_t) c->vclass[a->v] * c->nj + b->jobs[k]])
			return 0;
	for (k = pu; k < a->n; k++)
		if (!c->compat[(size_t) c->vclass[b->v] * c->nj + a->jobs[k]])
			return 0;
	c->work += n1 + n2;
	memcpy(seq, a->jobs, sizeof(int) * pu);
	memcpy(seq + pu, b->jobs + pv, sizeof(int) * (b->n - pv));
	EvalSeq(c, a->v, seq, n1, &sg, ld);
	if (!SegFits(c, a->v, &sg, ld))
		return 0;
	ca = SegRouteCost(c, a->v, &sg);
	memcpy(seq2, b->jobs, sizeof(int) * pv);
	memcpy(seq2 + pv, a->jobs + pu, sizeof(int) * (a->n - pu));
	EvalSeq(c, b->v, seq2, n2, &sg, ld);
	if (!SegFits(c, b->v, &sg, ld))
		return 0;
	cb = SegRouteCost(c, b->v, &sg);
	if (ca + cb >= old - 1e-7 * (1 + old))
		return 0;
	return ApplyTails(c, s, ru, seq, n1, rv, seq2, n2);
}

/* Tails after u and after v change routes (same vehicle class only) */
static int
TryTwoOptStar(Ctx *c, Sol *s, int u, int v)
{
	int			ru = s->route_of[u],
				rv = s->route_of[v];
	Route	   *a = &s->r[ru],
			   *b = &s->r[rv];
	int			pu = PosOf(a, u) + 1,
				pv = PosOf(b, v) + 1,
				nd3 = 3 * c->nd;
	int			la = c->loc[u],
				lb = c->loc[v];
	int			na = NextLoc(c, a, pu),
				nb = NextLoc(c, b, pv);
	double		ld[3 * VRP_MAX_DIMS],
				ca,
				cb;
	Seg			sa,
				sb;

	if (c->vclass[a->v] != c->vclass[b->v])
		return TryTwoOptStarX(c, s, u, v);
	/* tails must be allowed on the other vehicle: same class, so yes */
	SegCat(&sa, &a->pre[pu], &b->suf[pv], ArcTime(c, a->v, la, nb),
		   ArcDist(c, a->v, la, nb), ArcCost(c, a->v, la, nb));
	LoadCat(c->nd, ld, a->lpre + nd3 * pu, b->lsuf + nd3 * pv);
	if (!SegFits(c, a->v, &sa, ld))
		return 0;
	SegCat(&sb, &b->pre[pv], &a->suf[pu], ArcTime(c, b->v, lb, na),
		   ArcDist(c, b->v, lb, na), ArcCost(c, b->v, lb, na));
	LoadCat(c->nd, ld, b->lpre + nd3 * pv, a->lsuf + nd3 * pu);
	if (!SegFits(c, b->v, &sb, ld))
		return 0;
	ca = SegRouteCost(c, a->v, &sa);
	cb = SegRouteCost(c, b->v, &sb);
	if (ca + cb < a->cost + b->cost - 1e-7 * (1 + a->cost + b->cost))
	{
		int		   *seq = c->buf,
				   *seq2 = c->buf2;
		int			n1 = pu + (b->n - pv),
					n2 = pv + (a->n - pu);

		memcpy(seq, a->jobs, sizeof(int) * pu);
		memcpy(seq + pu, b->jobs + pv, sizeof(int) * (b->n - pv));
		memcpy(seq2, b->jobs, sizeof(int) * pv);
		memcpy(seq2 + pv, a->jobs + pu, sizeof(int) * (a->n - pu));
		return ApplyTails(c, s, ru, seq, n1, rv, seq2, n2);
	}
	return 0;
}

/* Inside one route: u before/after v, or u and v swapped.  O(length). */
static int
TryIntra(Ctx *c, Sol *s, int u, int v)
{
	int			ri = s->route_of[u];
	Route	   *r = &s->r[ri];
	int			pu = PosOf(r, u),
				pv = PosOf(r, v),
				n = r->n,
				mv,
				k;
	int		   *seq = c->buf;
	double		ld[3 * VRP_MAX_DIMS];
	Seg			sg;

	for (mv = 0; mv < 3; mv++)
	{
		int			w = 0;

		if (mv < 2)
		{
			/* relocate u before v (mv 0) or after v (mv 1) */
			if ((mv == 0 && pv == pu + 1) || (mv == 1 && pv == pu - 1))
				continue;
			for (k = 0; k < n; k++)
			{
				if (k == pu)
					continue;
				if (k == pv && mv == 0)
					seq[w++] = u;
				seq[w++] = r->jobs[k];
				if (k == pv && mv == 1)
					seq[w++] = u;
			}
		}
		else
		{
			memcpy(seq, r->jobs, sizeof(int) * n);
			seq[pu] = v;
			seq[pv] = u;
		}
		EvalSeq(c, r->v, seq, n, &sg, ld);
		if (SegFits(c, r->v, &sg, ld) &&
			SegRouteCost(c, r->v, &sg) < r->cost - 1e-7 * (1 + r->cost) &&
			BreaksOk(c, r->v, seq, n))
		{
			memcpy(c->buf2, seq, sizeof(int) * n);
			SetRoute(c, s, ri, c->buf2, n);
			return 1;
		}
	}
	return 0;
}

/*
 * Can vehicle v carry routes a and b (b may be NULL) in one route, as far
 * as their totals go?  The load at the start is the sum of the
 * deliveries, the load at the end the sum of the net pickups, and the
 * peak is at least both, in any order of the jobs.  A necessary check
 * that costs O(dimensions) before an O(length) or O(length^3) try: with
 * several depots nearly every pair of routes fails it (PR11A, 20,000
 * iterations: 180,119 of 195,772 absorb tries).
 */
static int
TotalsFit(Ctx *c, int v, const Route *a, const Route *b)
{
	const double *cap = c->p->vehicles[v].capacity;
	int			nd = c->nd,
				k;
	const double *ta = a->lpre + 3 * nd * a->n,
			   *tb = b ? b->lpre + 3 * nd * b->n : NULL;

	for (k = 0; cap && k < nd; k++)
		if (ta[k] + (tb ? tb[k] : 0) > cap[k] + VRP_TOL ||
			ta[nd + k] + (tb ? tb[nd + k] : 0) > cap[k] + VRP_TOL)
			return 0;
	return 1;
}

/*
 * Whole routes: give route ri to an empty vehicle of another class, or
 * join route ri and route rj (either order) on an empty vehicle of any
 * class, when that is cheaper (a mixed fleet: SISR moves jobs, never the
 * vehicle under them).  O(length) per try.
 */
static int
TryVehicles(Ctx *c, Sol *s, int ri, int rj)
{
	Route	   *a = &s->r[ri];
	int		   *seq = c->buf2;
	double		ld[3 * VRP_MAX_DIMS];
	int			n,
				ord,
				k,
				e;
	Seg			sg;

	for (ord = 0; ord < (rj < 0 ? 1 : 2); ord++)
	{
		const Route *x = ord == 0 ? a : &s->r[rj];
		const Route *y = rj < 0 ? NULL : ord == 0 ? &s->r[rj] : a;
		double		old = a->cost + (rj < 0 ? 0 : s->r[rj].cost);

		n = 0;
		memcpy(seq, x->jobs, sizeof(int) * x->n);
		n = x->n;
		if (y)
		{
			memcpy(seq + n, y->jobs, sizeof(int) * y->n);
			n += y->n;
		}
		/* the first empty vehicle of each class (one per class) */
		for (k = 0; k < c->ncand; k++)
		{
			int			v = c->cand[k],
						ok = 1;

			/* EvalSeq knows no breaks: such vehicles are the exact path's */
			if (s->r[v].n > 0 || c->vclass[v] == c->vclass[a->v] ||
				s->r[v].multi || !TotalsFit(c, v, x, y))
				continue;
			for (e = 0; e < n && ok; e++)
				ok = c->compat[(size_t) c->vclass[v] * c->nj + seq[e]];
			if (!ok)
				continue;
			EvalSeq(c, v, seq, n, &sg, ld);
			if (SegFits(c, v, &sg, ld) &&
				SegRouteCost(c, v, &sg) < old - 1e-7 * (1 + old))
			{
				int			save[1];

				(void) save;
				memcpy(c->buf, seq, sizeof(int) * n);
				SetRoute(c, s, ri, c->buf, 0);
				if (rj >= 0)
					SetRoute(c, s, rj, c->buf, 0);
				SetRoute(c, s, v, c->buf, n);
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Route rj absorbed by route ri: rj's jobs, one by one, at their cheapest
 * feasible positions among ri's, on ri's vehicle or on an empty vehicle
 * of another class (one per class in c->cand), when the result costs less
 * than the two routes.  Joining end to end (TryVehicles) seldom fits time
 * windows or short routes; this is the move that trades two small
 * vehicles for one larger one, which the job moves cannot do one job at a
 * time (each step would pay a fixed cost first).  O(|rj| |ri + rj|^2).
 */
static int
TryAbsorb(Ctx *c, Sol *s, int ri, int rj)
{
	const Route *a = &s->r[ri],
			   *b = &s->r[rj];
	int		   *seq = c->buf2,
			   *tmp = c->buf;
	double		old = a->cost + b->cost,
				ld[3 * VRP_MAX_DIMS];
	int			k,
				t,
				e;
	Seg			sg;

	if (a->nship || b->nship || b->n > 2 * LS_NEIGHBOURS)
		return 0;
	for (k = -1; k < c->ncand; k++)
	{
		int			v = k < 0 ? ri : c->cand[k],
					n = a->n,
					ok = 1;
		size_t		cl = (size_t) c->vclass[v] * c->nj;

		if (k >= 0 && (s->r[v].n > 0 || c->vclass[v] == c->vclass[a->v] ||
					   s->r[v].multi))
			continue;
		if (c->p->vehicles[v].fixed_cost >= old || !TotalsFit(c, v, a, b))
			continue;
		for (e = 0; e < a->n && ok; e++)
			ok = c->compat[cl + a->jobs[e]];
		for (e = 0; e < b->n && ok; e++)
			ok = c->compat[cl + b->jobs[e]];
		if (!ok)
			continue;
		memcpy(seq, a->jobs, sizeof(int) * n);
		for (e = 0; e < b->n && ok; e++)
		{
			int			j = b->jobs[e],
						bp = -1;
			double		bc = VRP_INF;

			for (t = 0; t <= n; t++)
			{
				memcpy(tmp, seq, sizeof(int) * t);
				tmp[t] = j;
				memcpy(tmp + t + 1, seq + t, sizeof(int) * (n - t));
				c->work += 3 + n;
				EvalSeq(c, v, tmp, n + 1, &sg, ld);
				if (SegFits(c, v, &sg, ld) && sg.cost < bc)
				{
					bc = sg.cost;
					bp = t;
				}
			}
			if (bp < 0)
				ok = 0;
			else
			{
				memmove(seq + bp + 1, seq + bp, sizeof(int) * (n - bp));
				seq[bp] = j;
				n++;
			}
		}
		if (!ok)
			continue;
		EvalSeq(c, v, seq, n, &sg, ld);
		if (SegFits(c, v, &sg, ld) &&
			SegRouteCost(c, v, &sg) < old - 1e-7 * (1 + old))
		{
			memcpy(tmp, seq, sizeof(int) * n);
			if (v != ri)
				SetRoute(c, s, ri, seq, 0);
			SetRoute(c, s, rj, seq, 0);
			SetRoute(c, s, v, tmp, n);
			return 1;
		}
	}
	return 0;
}

/*
 * Summaries of vehicle w driving a prefix (pre[k]: start + seq[0..k-1])
 * or a suffix (suf[k]: seq[k..n-1] + end) of seq, with their loads;
 * ok[k] = 0 once a job of the part is not allowed on w.
 */
#define SPLIT_MAXLEN	(2 * LS_NEIGHBOURS)

static void
PartSummaries(Ctx *c, int w, const int *seq, int n, int suffix, Seg *sg,
			  double *ld, unsigned char *ok)
{
	const VrpVehicle *veh = &c->p->vehicles[w];
	size_t		cl = (size_t) c->vclass[w] * c->nj;
	int			nd3 = 3 * c->nd,
				k;
	Seg			dep;

	memset(&dep, 0, sizeof(dep));
	dep.e = suffix ? -VRP_INF : veh->tw_start;
	dep.l = veh->tw_end;
	if (!suffix)
	{
		sg[0] = dep;
		memset(ld, 0, sizeof(double) * nd3);
		ok[0] = 1;
		for (k = 0; k < n; k++)
		{
			int			a = k == 0 ? veh->start : c->loc[seq[k - 1]],
						u = c->loc[seq[k]];

			SegCat(&sg[k + 1], &sg[k], &c->jseg[seq[k]], ArcTime(c, w, a, u),
				   ArcDist(c, w, a, u), ArcCost(c, w, a, u));
			LoadCat(c->nd, ld + nd3 * (k + 1), ld + nd3 * k,
					c->jload + nd3 * seq[k]);
			ok[k + 1] = ok[k] && c->compat[cl + seq[k]];
		}
		return;
	}
	sg[n] = dep;
	memset(ld + nd3 * n, 0, sizeof(double) * nd3);
	ok[n] = 1;
	for (k = n - 1; k >= 0; k--)
	{
		int			u = c->loc[seq[k]],
					b = k == n - 1 ? veh->end : c->loc[seq[k + 1]];

		SegCat(&sg[k], &c->jseg[seq[k]], &sg[k + 1], ArcTime(c, w, u, b),
			   ArcDist(c, w, u, b), ArcCost(c, w, u, b));
		LoadCat(c->nd, ld + nd3 * k, c->jload + nd3 * seq[k],
				ld + nd3 * (k + 1));
		ok[k] = ok[k + 1] && c->compat[cl + seq[k]];
	}
}

/* An empty vehicle of w's class other than w, or -1 */
static int
OtherEmpty(Ctx *c, const Sol *s, int w)
{
	int			vi;

	for (vi = 0; vi < c->nv; vi++)
		if (vi != w && s->r[vi].n == 0 && c->vclass[vi] == c->vclass[w])
			return vi;
	return -1;
}

/*
 * Route ri split in two: its first k jobs stay on its vehicle or go to an
 * empty vehicle of any class, the others go to another empty vehicle, when
 * that costs less (the converse of TryAbsorb: one large vehicle traded
 * for two smaller ones, or one of them of the same class, which the job
 * moves cannot reach one job at a time: the first job moved would pay
 * the whole fixed cost).  The pieces keep the route's order, so the cut
 * is where the tour is closest to its depot, as in the route-first
 * cluster-second split of C. Prins, "Two memetic algorithms for
 * heterogeneous fleet vehicle routing problems", Engineering Applications
 * of Artificial Intelligence 22 (2009) 916-928.  Prefix and suffix
 * summaries per vehicle make each cut O(1): O(m^2 n) for m candidate
 * vehicles (one per class, c->cand).
 */
static int
TrySplit(Ctx *c, Sol *s, int ri)
{
	const Route *r = &s->r[ri];
	int			n = r->n,
				nd3 = 3 * c->nd,
				m = c->ncand + 1,
				x,
				y,
				k,
				bx = -1,
				by = -1,
				bk = -1;
	double		best = r->cost - 1e-7 * (1 + r->cost);
	Seg			pre[SPLIT_MAXLEN + 1],
				suf[SPLIT_MAXLEN + 1],
				sg;
	double		lpre[3 * VRP_MAX_DIMS * (SPLIT_MAXLEN + 1)],
				lsuf[3 * VRP_MAX_DIMS * (SPLIT_MAXLEN + 1)];
	unsigned char okp[SPLIT_MAXLEN + 1],
				oks[SPLIT_MAXLEN + 1];

	if (n < 2 || n > SPLIT_MAXLEN || r->nship || r->multi || c->ncand == 0)
		return 0;
	for (x = 0; x < m; x++)
	{
		int			vx = x == 0 ? ri : c->cand[x - 1];

		/* EvalSeq knows no breaks: such vehicles are the exact path's */
		if (s->r[vx].multi || c->p->vehicles[vx].fixed_cost >= best)
			continue;
		PartSummaries(c, vx, r->jobs, n, 0, pre, lpre, okp);
		for (y = 1; y < m; y++)
		{
			int			vy = y == x ? OtherEmpty(c, s, vx) : c->cand[y - 1];

			if (vy < 0 || vy == ri || s->r[vy].multi ||
				c->p->vehicles[vx].fixed_cost +
				c->p->vehicles[vy].fixed_cost >= best)
				continue;
			PartSummaries(c, vy, r->jobs, n, 1, suf, lsuf, oks);
			for (k = 1; k < n; k++)
			{
				Seg			end,
							beg;
				double		cost;

				if (!okp[k] || !oks[k])
					continue;
				c->work += 2;
				/* the prefix closed at vx's end, the suffix opened at vy's start */
				memset(&end, 0, sizeof(end));
				end.e = -VRP_INF;
				end.l = c->p->vehicles[vx].tw_end;
				SegCat(&sg, &pre[k], &end,
					   ArcTime(c, vx, c->loc[r->jobs[k - 1]], VLoc(c, vx, 1)),
					   ArcDist(c, vx, c->loc[r->jobs[k - 1]], VLoc(c, vx, 1)),
					   ArcCost(c, vx, c->loc[r->jobs[k - 1]], VLoc(c, vx, 1)));
				if (!SegFits(c, vx, &sg, lpre + nd3 * k))
					continue;
				cost = SegRouteCost(c, vx, &sg);
				if (cost >= best)
					continue;
				memset(&beg, 0, sizeof(beg));
				beg.e = c->p->vehicles[vy].tw_start;
				beg.l = c->p->vehicles[vy].tw_end;
				SegCat(&sg, &beg, &suf[k],
					   ArcTime(c, vy, VLoc(c, vy, 0), c->loc[r->jobs[k]]),
					   ArcDist(c, vy, VLoc(c, vy, 0), c->loc[r->jobs[k]]),
					   ArcCost(c, vy, VLoc(c, vy, 0), c->loc[r->jobs[k]]));
				if (!SegFits(c, vy, &sg, lsuf + nd3 * k))
					continue;
				cost += SegRouteCost(c, vy, &sg);
				if (cost < best)
				{
					best = cost;
					bx = vx;
					by = vy;
					bk = k;
				}
			}
		}
	}
	if (bk < 0)
		return 0;
	{
		int		   *seq = c->buf,
				   *tail = c->buf2;

		memcpy(seq, r->jobs, sizeof(int) * bk);
		memcpy(tail, r->jobs + bk, sizeof(int) * (n - bk));
		if (bx != ri)
			SetRoute(c, s, ri, seq, 0);
		SetRoute(c, s, bx, seq, bk);
		SetRoute(c, s, by, tail, n - bk);
	}
	return 1;
}

/*
 * Assignment of n rows to m >= n columns of minimum total cost a[i * m +
 * j]: the Hungarian method (H. W. Kuhn, "The Hungarian method for the
 * assignment problem", Naval Research Logistics Quarterly 2 (1955) 83-97)
 * in its shortest augmenting path form with dual potentials (R. Jonker
 * and A. Volgenant, "A shortest augmenting path algorithm for dense and
 * sparse linear assignment problems", Computing 38 (1987) 325-340): each
 * row in turn joins through a Dijkstra-like search over reduced costs.
 * O(n^2 m).  col[i] gets row i's column.  w holds 4 (m + 1) + n + 1
 * doubles.
 */
void
VrpAssign(int n, int m, const double *a, int *col, double *w)
{
	double	   *u = w,
			   *v = u + n + 1,
			   *minv = v + m + 1;
	int		   *p = (int *) (minv + m + 1),
			   *way = p + m + 1,
			   *done = way + m + 1;
	int			i,
				j;

	memset(w, 0, sizeof(double) * (4 * (m + 1) + n + 1));
	for (i = 1; i <= n; i++)
	{
		int			j0 = 0;

		p[0] = i;
		for (j = 0; j <= m; j++)
		{
			minv[j] = VRP_INF;
			done[j] = 0;
		}
		do
		{
			int			i0 = p[j0],
						j1 = 0;
			double		delta = VRP_INF;

			done[j0] = 1;
			for (j = 1; j <= m; j++)
				if (!done[j])
				{
					double		cur = a[(size_t) (i0 - 1) * m + j - 1] - u[i0] - v[j];

					if (cur < minv[j])
					{
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta)
					{
						delta = minv[j];
						j1 = j;
					}
				}
			for (j = 0; j <= m; j++)
				if (done[j])
				{
					u[p[j]] += delta;
					v[j] -= delta;
				}
				else
					minv[j] -= delta;
			j0 = j1;
		} while (p[j0] != 0);
		do
		{
			int			j1 = way[j0];

			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	for (j = 1; j <= m; j++)
		if (p[j] > 0)
			col[p[j] - 1] = j - 1;
}

/*
 * A limited mixed fleet (every vehicle its own route or none): the routes
 * as they are given back to the vehicles in the cheapest way, an
 * assignment problem over routes x vehicles solved exactly (Assign).  The
 * job moves change routes, never the vehicle under them; TryVehicles
 * moves one route to an empty vehicle, but when every large vehicle is in
 * use no single move exchanges the vehicles of two or more routes.  Cost
 * of a route on another class: its sequence driven by that vehicle
 * (EvalSeq, exact with loads, windows and limits; breaks checked
 * exactly); routes the segments do not cover (several windows, breaks,
 * shipments) stay on their vehicle.  Only with several classes and at
 * most ASSIGN_MAXV vehicles: the unlimited fleets of the fleet size and
 * mix problems have an empty vehicle of every class, which TryVehicles
 * already reaches.  With several depots a class is a depot's vehicles,
 * and a route given to another depot is costed exactly from that
 * depot's start to its end (EvalSeq): the routes of a region swap
 * depots even when no vehicle is free.  Six seeds of the three
 * multi-depot instances of bench/vrp.sh: 2.59% above the BKS before,
 * 2.35% after (12 of 18 runs better, 5 worse).
 */
#define ASSIGN_MAXV		64

static int
TryAssign(Ctx *c, Sol *s)
{
	int			n = s->nused,
				m = c->nv,
				i,
				k,
				e,
				moved = 0;
	double		old = 0,
				total = 0,
				big;
	double	   *a,
			   *w;
	int		   *col,
			   *seq,
			   *at;

	if (c->nclass_used < 2 || m > ASSIGN_MAXV || n == 0)
		return 0;
	a = VrpAlloc(c, sizeof(double) * ((size_t) n * m + 4 * (m + 1) + n + 1));
	col = VrpAlloc(c, sizeof(int) * (2 * n + m + c->nj + 2));
	if (!a || !col)
	{
		VrpFree(c, a);
		VrpFree(c, col);
		return 0;
	}
	w = a + (size_t) n * m;
	at = col + n;				/* route i's jobs: seq[at[i] .. at[i + 1]) */
	seq = at + n + 1;
	for (i = 0; i < n; i++)
		old += s->r[s->used[i]].cost;
	big = 1e3 * (1.0 + fabs(old));
	for (i = 0; i < n; i++)
	{
		const Route *r = &s->r[s->used[i]];
		int			fixed = r->multi || r->nship;

		for (k = 0; k < m; k++)
		{
			int			v = c->vclass[k];
			double		ld[3 * VRP_MAX_DIMS];
			Seg			sg;
			int			ok = 1;

			a[(size_t) i * m + k] = big;
			if (k == r->v || (!fixed && v == c->vclass[r->v]))
			{
				a[(size_t) i * m + k] = r->cost;
				continue;
			}
			if (fixed || v != k)
			{
				/* another vehicle of a class already evaluated: the same */
				if (!fixed && v != k)
					a[(size_t) i * m + k] = a[(size_t) i * m + v];
				continue;
			}
			for (e = 0; e < r->n && ok; e++)
				ok = c->compat[(size_t) v * c->nj + r->jobs[e]];
			if (!ok)
				continue;
			c->work += 3 + r->n;
			EvalSeq(c, k, r->jobs, r->n, &sg, ld);
			if (SegFits(c, k, &sg, ld) && BreaksOk(c, k, r->jobs, r->n))
				a[(size_t) i * m + k] = SegRouteCost(c, k, &sg);
		}
	}
	VrpAssign(n, m, a, col, w);
	for (i = 0; i < n; i++)
		total += a[(size_t) i * m + col[i]];
	if (total < old - 1e-7 * (1 + old))
	{
		/* the sequences first: a route may go to a vehicle now in use */
		for (i = 0, at[0] = 0; i < n; i++)
		{
			const Route *r = &s->r[s->used[i]];

			memcpy(seq + at[i], r->jobs, sizeof(int) * r->n);
			at[i + 1] = at[i] + r->n;
		}
		for (i = 0; i < n; i++)
			if (col[i] != s->used[i])
				moved = 1;
		if (moved)
		{
			int			from[ASSIGN_MAXV];

			for (i = 0; i < n; i++)
				from[i] = s->used[i];
			for (i = 0; i < n; i++)
				if (col[i] != from[i])
					SetRoute(c, s, from[i], seq, 0);
			for (i = 0; i < n; i++)
				if (col[i] != from[i])
					SetRoute(c, s, col[i], seq + at[i], at[i + 1] - at[i]);
		}
	}
	VrpFree(c, a);
	VrpFree(c, col);
	return moved;
}

/* Empty vehicles, one per class, into c->cand */
static void
EmptyPerClass(Ctx *c, const Sol *s)
{
	unsigned char *cls = c->mark;
	int			vi;

	c->ncand = 0;
	for (vi = 0; vi < c->nv; vi++)
		if (s->r[vi].n == 0 && !cls[c->vclass[vi]])
		{
			cls[c->vclass[vi]] = 1;
			c->cand[c->ncand++] = vi;
		}
	for (vi = 0; vi < c->nv; vi++)
		cls[c->vclass[vi]] = 0;
}

static int
RoutePass(Ctx *c, Sol *s)
{
	int			ri,
				k,
				improved = 0;

	if (c->nclass_used < 2)
		return 0;
	improved = TryAssign(c, s);
	for (ri = 0; ri < c->nv; ri++)
	{
		Route	   *r = &s->r[ri];
		int			moved = 0;

		if (r->n == 0 || r->multi)
			continue;
		EmptyPerClass(c, s);
		if (TryVehicles(c, s, ri, -1) || TrySplit(c, s, ri))
		{
			improved = 1;
			continue;
		}
		/* join with the route of one of the first job's neighbours */
		for (k = 1; k < c->nbr_k && k < LS_NEIGHBOURS && !moved; k++)
		{
			int			rj = s->route_of[c->nbr[(size_t) r->jobs[0] * c->nbr_k + k]];

			if (rj < 0 || rj == ri || s->r[rj].multi)
				continue;
			if (TryVehicles(c, s, ri, rj) || TryAbsorb(c, s, ri, rj))
				moved = improved = 1;
		}
	}
	return improved;
}

/*
 * Descent on the jobs of "active" routes: at first the routes changed
 * since the last sync (the ones the ruin and recreate step rebuilt: the
 * rest of the plan was already examined) and the routes of their jobs'
 * nearest neighbours (moves from those into the changed routes; all
 * routes on small instances), then those a move changed in
 * the previous pass (the don't-look idea of J. L. Bentley, "Fast
 * algorithms for geometric traveling salesman problems", ORSA J. Comput.
 * 4 (1992) 387-411, per route).  Without it every new best solution cost
 * a pass over all jobs, which dominated the time on large instances.
 */

void
LocalSearch(Ctx *c, Sol *s)
{
	int			pass,
				i,
				k,
				kmax = c->nbr_k < LS_NEIGHBOURS ? c->nbr_k : LS_NEIGHBOURS;
	int			improved = 1;
	unsigned char *act = c->lsact,
			   *next = c->lsnext;

	memset(act, 0, c->nv);
	memset(next, 0, c->nv);
	/*
	 * The changed routes and the routes of their jobs' neighbours; every
	 * route up to LS_FULL jobs, where a full pass costs about as much as
	 * one ruin and recreate step.
	 */
	if (c->nj <= LS_FULL)
		memset(act, 1, c->nv);
	for (i = 0; i < c->ntouched && c->nj > LS_FULL; i++)
	{
		const Route *r = &s->r[c->touched[i]];
		int			q;

		act[c->touched[i]] = 1;
		for (q = 0; q < r->n; q++)
			for (k = 1; k < kmax; k++)
			{
				int			rv = s->route_of[c->nbr[(size_t) r->jobs[q] * c->nbr_k + k]];

				if (rv >= 0)
					act[rv] = 1;
			}
	}
	c->lsmark = next;
	for (pass = 0; pass < LS_MAX_PASSES && improved && !c->stop; pass++)
	{
		improved = RoutePass(c, s);
		for (i = 0; i < c->nj; i++)
		{
			int			u = i;

			if (s->route_of[u] < 0 || !act[s->route_of[u]] ||
				LsSkip(c, &s->r[s->route_of[u]]))
				continue;
			/*
			 * Every job: CheckPoint looks for interrupts at every 16th
			 * call, and on routes of 250 jobs a job's moves take about
			 * 0.5 ms (every 8th job gave 73 ms between checks).
			 */
			if (CheckPoint(c))
				break;
			for (k = 1; k < kmax; k++)
			{
				int			v = c->nbr[(size_t) u * c->nbr_k + k];
				int			ru = s->route_of[u],
							rv = s->route_of[v];

				if (rv < 0 || LsSkip(c, &s->r[rv]))
					continue;
				if (ru == rv ? TryIntra(c, s, u, v) :
					(TryInterRelocate(c, s, u, v) ||
					 TryInterSwap(c, s, u, v) ||
					 TryTwoOptStar(c, s, u, v)))
				{
					improved = 1;
					break;
				}
			}
		}
		/* the routes changed in this pass are the next pass's */
		{
			unsigned char *t = act;

			act = next;
			next = t;
			memset(next, 0, c->nv);
			c->lsmark = next;
			improved = 0;
			for (i = 0; i < c->nv; i++)
				improved |= act[i];
		}
	}
	c->lsmark = NULL;
}
