/*-------------------------------------------------------------------------
 *
 * vrp_ruin.c
 *	  Fleet routing search: the ruin and recreate operators of SISR.
 *
 * J. Christiaens and G. Vanden Berghe, "Slack induction by string
 * removals for vehicle routing problems", Transportation Science 54
 * (2020) 417-433.  Ruin: strings (consecutive jobs) are removed from
 * routes near a random seed job, sometimes with a block of jobs kept in
 * the middle (split string); recreate: the removed jobs, sorted randomly,
 * by size or by distance from the depot, go one by one to their cheapest
 * feasible position, each position skipped with a small probability
 * ("blinks").  The search that drives them is in vrp_search.c.
 *
 *-------------------------------------------------------------------------
 */
#include "vrp_int.h"

#include <math.h>
#include <string.h>

#define SISR_CBAR		10.0
#define SISR_LMAX		10.0
#define SISR_ALPHA		0.5
#define SISR_BETA		0.01

#define AMORTISE_SHARE	0.25	/* of the recreates, see InsertNew */

extern void VrpSortByKey(int *idx, int n, const double *key);

/* ---------------------------------------------------------------- ruin */

/*
 * Remove the jobs at positions [from, to) of route ri except [keep0,
 * keep1), and the other halves of the shipments among them.
 */
void
RemoveRange(Ctx *c, Sol *s, int ri, int from, int to, int keep0, int keep1)
{
	Route	   *r = &s->r[ri];
	unsigned char *rm = c->rmjob;
	int			k,
				w = 0;

	Touch(c, ri);
	for (k = from; k < to; k++)
		if (!(k >= keep0 && k < keep1))
		{
			int			j = r->jobs[k];

			rm[j] = 1;
			if (r->nship > 0 && c->p->jobs[j].kind != VRP_JOB)
				rm[c->p->jobs[j].partner] = 1;
		}
	for (k = 0; k < r->n; k++)
	{
		int			j = r->jobs[k];

		if (rm[j])
		{
			rm[j] = 0;
			s->route_of[j] = -1;
			s->unas[s->n_unas++] = j;
		}
		else
			r->jobs[w++] = j;
	}
	s->cost -= r->cost;
	/* a shipment's other half may have left from anywhere in the route */
	if (r->nship > 0)
	{
		r->n = w;
		RouteUpdate(c, r);
	}
	else
	{
		int			gone = r->n - w;

		r->n = w;
		RouteUpdatePart(c, r, from, to - gone, -gone);
	}
	if (w == 0)
		SolNote(s, ri);
	s->cost += r->cost;
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

void
Ruin(Ctx *c, Sol *s, int seed)
{
	int			assigned = c->nj - s->n_unas;
	int			used = UsedRoutes(c, s);
	double		ls_max,
				ks_max;
	int			ks,
				i,
				ruined = 0,
				hit[64];		/* ks <= 4 SISR_CBAR / 2 routes */
	unsigned char *done = c->mark;

	if (assigned <= 0 || used == 0)
		return;
	ls_max = fmin(SISR_LMAX, (double) assigned / used);
	ks_max = 4.0 * SISR_CBAR / (1.0 + ls_max) - 1.0;
	ks = (int) (RngU(&c->rng) * ks_max) + 1;
	while (seed < 0 || seed >= c->nj)
	{
		seed = RngInt(&c->rng, c->nj);
		if (s->route_of[seed] < 0)
			seed = -1;
	}

	for (i = 0; i < c->nbr_k && ruined < ks; i++)
	{
		int			j = c->nbr[(size_t) seed * c->nbr_k + i];
		int			ri = s->route_of[j];
		Route	   *r;
		int			lt,
					pos,
					len,
					m = 0,
					lo,
					hi,
					from;

		if (ri < 0 || done[ri])
			continue;
		r = &s->r[ri];
		lt = (int) (RngU(&c->rng) * fmin((double) r->n, ls_max)) + 1;
		if (lt > r->n)
			lt = r->n;
		pos = PosOf(r, j);
		if (r->n > lt && RngU(&c->rng) < SISR_ALPHA)
		{
			m = 1;
			while (lt + m < r->n && RngU(&c->rng) >= SISR_BETA)
				m++;
		}
		len = lt + m;
		lo = pos - len + 1 > 0 ? pos - len + 1 : 0;
		hi = pos < r->n - len ? pos : r->n - len;
		from = lo + RngInt(&c->rng, hi - lo + 1);
		if (m > 0)
		{
			int			off = RngInt(&c->rng, lt + 1);

			RemoveRange(c, s, ri, from, from + len, from + off,
						from + off + m);
		}
		else
			RemoveRange(c, s, ri, from, from + len, 0, 0);
		done[ri] = 1;
		hit[ruined++] = ri;
	}
	/* only the marks set (a loop over every vehicle: 4% of the CPU, HF) */
	for (i = 0; i < ruined; i++)
		done[hit[i]] = 0;
}

/* ---------------------------------------------------------------- recreate */

/* Can the totals loaded at the start and picked up fit with job j? */
static inline int
LoadsFit(Ctx *c, const Route *r, int j, const double *cap)
{
	int			nd = c->nd,
				k;
	const double *tot = r->lpre + 3 * nd * r->n;
	const double *ld = c->jload + 3 * nd * j;

	for (k = 0; k < nd; k++)
		if (tot[k] + ld[k] > cap[k] + VRP_TOL ||
			tot[nd + k] + ld[nd + k] > cap[k] + VRP_TOL)
			return 0;
	return 1;
}

/* Route bri is about to get its first job: another empty one of its class */
static void
NewRoute(Ctx *c, Sol *s, int bri)
{
	int			vi;

	if (s->r[bri].n > 0)
		return;
	for (vi = c->cnext[bri]; vi >= 0; vi = c->cnext[vi])
		if (s->r[vi].n == 0)
		{
			c->cand[c->ncand++] = vi;
			break;
		}
}

/*
 * Job j alone on empty vehicle r, in a fleet size and mix problem
 * (FleetSizeAndMix): the class of a new route is chosen by its cost per
 * unit of capacity, i.e. (fixed cost + round trip to j) / capacity, times
 * j's share of the capacity: what the route would cost j if the vehicle
 * went out full (in the spirit of the savings of B. Golden, A. Assad, L.
 * Levy and F. Gheysens, "The fleet size and mix vehicle routing problem",
 * Computers & Operations Research 11 (1984) 49-66, which count what a
 * vehicle's unused capacity is worth).  Only the class is chosen so; InsertBest compares the true cost
 * of that new route with the existing routes.  Without it a new route
 * goes to the class cheapest for j alone, nearly always the smallest, and
 * the plans are built of small vehicles.  After the first plan, only one
 * recreate in four (AMORTISE_SHARE) uses this rule, the others the plain
 * one: six seeds, X101-FSMFD 6.74% above the BKS without the rule, 0.70%
 * with it in one recreate of four, 1.12% in one of two, 0.98% in all;
 * X120-FSMF 0.21% without, 0.55%, 0.63%, 0.69%.
 */
static void
InsertNew(Ctx *c, const Route *r, int j, double blink, double fixed)
{
	int			vi = r->v;
	const VrpVehicle *veh = &c->p->vehicles[vi];
	const double *ld = c->jload + 3 * c->nd * j;
	int			a = VLoc(c, vi, 0),
				b = VLoc(c, vi, 1),
				u = c->loc[j],
				k;
	double		d,
				share = 0,
				key;

	c->work++;
	if (blink > 0 && RngU(&c->rng) < blink)
		return;
	d = fixed + ArcCost(c, vi, a, u) + ArcCost(c, vi, u, b) -
		ArcCost(c, vi, a, b);
	for (k = 0; veh->capacity && k < c->nd; k++)
		if (veh->capacity[k] > 0)
			share = fmax(share, ld[2 * c->nd + k] / veh->capacity[k]);
	key = d * (veh->capacity ? fmax(share, 1e-6) : 1.0);
	if (key >= c->nkey)
		return;
	c->work += 3;
	if (EvalInsert(c, r, 0, j, &d))
	{
		c->nkey = key;
		c->nvi = vi;
		c->ndelta = d;
	}
}

/*
 * Travel times that keep the order of arrivals (c->tri[v]): for every job
 * x and all places a (a job's or a start) and u (a job's),
 * t(a, u) <= t(a, x) + service(x) + t(x, u).  Then the earliest time j at
 * u can be reached from the prefix of a route before position pos,
 * E(pos) = earliest departure after the prefix + t(prefix's last place,
 * u), does not fall as pos grows: E(pos + 1) >= E(pos) - t(a, u) + t(a,
 * x) + service(x) + t(x, u) >= E(pos) when the route has no time warp
 * (waiting only delays; Vidal et al. 2013, eq. (5)-(9)).  So once a
 * position is too late for j, so is every later one, and InsertRoute
 * finds the first late position by bisection instead of testing each.
 * Euclidean times with service at least the rounding (the MD and Solomon
 * sets) qualify; road matrices often do not, and then nothing changes.
 * The check is O(jobs (jobs + starts) places) per matrix and speed, so
 * it is skipped (no early stop) once the checks of all the vehicles'
 * matrices and speeds together would pass TRIANGLE_MAX such steps (a
 * fleet with many speed factors must not multiply the set-up time), and
 * when no job has a latest start.
 */
#define TRIANGLE_MAX	2e9

static int
TriangleHolds(Ctx *c, int v, const int *xs, int nx, const int *as, int na,
			  const double *smin)
{
	const double *t = c->vdur[v];
	double		f = c->tfac[v];
	size_t		nl = (size_t) c->nl;
	int			xi,
				ai,
				u;

	for (xi = 0; xi < nx; xi++)
	{
		int			x = xs[xi];
		const double *tx = t + x * nl;

		if (c->opt.interrupt && (xi & 15) == 0)
			c->opt.interrupt(c->opt.arg);
		for (ai = 0; ai < na; ai++)
		{
			const double *ta = t + as[ai] * nl;
			double		base = ta[x] * f + smin[x];
			int			b0 = 0,
						b1 = 0,
						b2 = 0,
						b3 = 0;

			/*
			 * every place as u, not only the jobs' (stricter), in a loop
			 * without branches: this check takes O(n^3)
			 */
			for (u = 0; u + 4 <= (int) nl; u += 4)
			{
				b0 |= ta[u] * f > base + tx[u] * f;
				b1 |= ta[u + 1] * f > base + tx[u + 1] * f;
				b2 |= ta[u + 2] * f > base + tx[u + 2] * f;
				b3 |= ta[u + 3] * f > base + tx[u + 3] * f;
			}
			for (; u < (int) nl; u++)
				b0 |= ta[u] * f > base + tx[u] * f;
			if (b0 | b1 | b2 | b3)
				return 0;
		}
	}
	return 1;
}

void
VrpSetupTriangle(Ctx *c)
{
	const VrpProblem *p = c->p;
	int		   *as = c->buf;	/* places: the jobs' first, then starts */
	double	   *smin = NULL,
				spent = 0;
	int			nx = 0,
				na,
				v,
				w,
				k,
				any = 0;

	memset(c->tri, 0, c->nv + 1);
	for (k = 0; k < c->nj; k++)
		if (c->jseg[k].l < VRP_INF / 2)
			any = 1;
	if (!any || c->nv == 0)
		return;
	smin = VrpAlloc(c, sizeof(double) * (c->nl + 1));
	if (!smin)
		return;
	for (k = 0; k < c->nl; k++)
		smin[k] = -1;
	for (k = 0; k < c->nj; k++)
	{
		int			l = c->loc[k];

		if (smin[l] < 0)
			as[nx++] = l;
		if (smin[l] < 0 || c->jseg[k].dur < smin[l])
			smin[l] = c->jseg[k].dur;
	}
	na = nx;
	for (v = 0; v < c->nv; v++)
	{
		int			l = p->vehicles[v].start;

		if (l >= 0 && smin[l] < 0)
		{
			smin[l] = -2;		/* a start that is no job's place */
			as[na++] = l;
		}
	}
	for (v = 0; v < c->nv; v++)
	{
		/* vehicles with the same matrix and speed share the answer */
		for (w = 0; w < v; w++)
			if (c->vdur[w] == c->vdur[v] && c->tfac[w] == c->tfac[v])
				break;
		if (w < v)
			c->tri[v] = c->tri[w];
		else if ((spent += (double) nx * na * c->nl) <= TRIANGLE_MAX)
			c->tri[v] = (unsigned char) TriangleHolds(c, v, as, nx, as, na,
													  smin);
	}
	VrpFree(c, smin);
}

/*
 * First position of route r (0 .. r->n; r->n + 1: none) from which job j
 * at place u cannot start service by late, by bisection: see above.
 */
static int
FirstLate(Ctx *c, const Route *r, int u, double late)
{
	int			lo = 0,
				hi = r->n + 1;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const Seg  *pre = &r->pre[mid];

		if (pre->e + pre->dur - pre->tw +
			ArcTimeTo(c, r->v, PrevLoc(c, r, mid), u) > late)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * Best feasible position of job j in route vi, improving *best; positions
 * skipped with probability blink.
 */
static void
InsertRoute(Ctx *c, Sol *s, int vi, int j, double blink, int allow_new,
			double *best, int *bri, int *bpos)
{
	const Route *r = &s->r[vi];
	const VrpVehicle *veh = &c->p->vehicles[vi];
	int			pos,
				end,
				u = c->loc[j];
	double		fixed = 0;
	const double *to_u = NULL,
			   *from_u = NULL;
	const Star *su = NULL;
	double		late = c->jseg[j].l + VRP_TOL;

	c->rseen[vi] = c->gen;
	if (!c->compat[(size_t) c->vclass[vi] * c->nj + j])
		return;
	if (veh->max_tasks >= 0 && r->n >= veh->max_tasks)
		return;
	if (r->n == 0)
	{
		if (!allow_new)
			return;
		fixed = veh->fixed_cost;
	}
	else if (veh->capacity && !LoadsFit(c, r, j, veh->capacity))
		return;
	/* row u of the star matrix, or of the cost matrix and its transpose */
	if (c->star[vi])
		su = c->star[vi] + (size_t) u * c->nl;
	else if (c->tcost[vi])
	{
		to_u = c->tcost[vi] + (size_t) u * c->nl;
		from_u = (c->vcost[vi] ? c->vcost[vi] : c->ccost[vi]) +
			(size_t) u * c->nl;
	}
	if (r->n == 0 && c->amort_now)
	{
		InsertNew(c, r, j, blink, fixed);
		return;
	}
	end = r->n + 1;
#if defined(__GNUC__)

	/*
	 * the star entries of the route's places, asked for all at once: the
	 * bisection below would otherwise wait for its misses one by one
	 * (about a quarter less CPU on the multi-depot instances)
	 */
	if (su)
	{
		int			k;

		for (k = 0; k < r->n; k++)
			__builtin_prefetch(&su[c->loc[r->jobs[k]]]);
	}
#endif
	if (late < VRP_INF / 2 && c->tri[vi] && r->pre[r->n].tw <= 0)
	{
		end = FirstLate(c, r, u, late);
		late = VRP_INF;
	}
	for (pos = 0; pos < end; pos++)
	{
		int			a = PrevLoc(c, r, pos),
					b = NextLoc(c, r, pos);
		const Seg  *pre = &r->pre[pos];
		double		d;

		c->work++;
		if (blink > 0 && RngU(&c->rng) < blink)
			continue;
		if (su && a >= 0 && b >= 0)
			d = fixed + su[a].cto + su[b].cfrom -
				(pos < r->n ? r->pre[pos + 1].cost - pre->cost :
				 ArcCost(c, vi, a, b));
		else if (to_u && a >= 0 && b >= 0)
		{
			/* the arc a -> b is in the prefix summaries for pos < n */
			d = fixed + to_u[a] + from_u[b] -
				(pos < r->n ? r->pre[pos + 1].cost - pre->cost :
				 ArcCost(c, vi, a, b));
		}
		else
			d = fixed + ArcCost(c, vi, a, u) + ArcCost(c, vi, u, b) -
				ArcCost(c, vi, a, b);
		if (d >= *best)
			continue;
		/* too late at j even leaving the prefix as early as possible */
		if (late < VRP_INF / 2 &&
			pre->e + pre->dur - pre->tw + ArcTimeTo(c, vi, a, u) > late)
			continue;
		c->work += 3;
		if (EvalInsert(c, r, pos, j, &d) && d < *best)
		{
			*best = d;
			*bri = vi;
			*bpos = pos;
		}
	}
	/* the positions from end on: counted and blinked as if looked at */
	if (end <= r->n)
	{
		c->work += r->n + 1 - end;
		if (blink > 0)
			RngSkip(&c->rng, (uint64_t) (r->n + 1 - end));
	}
}

/*
 * Cheapest feasible insertion of job j; positions skipped with
 * probability blink; empty vehicles only if allow_new (one per class).
 *
 * Granular: first the routes that serve one of j's INSERT_NEIGHBOURS
 * nearest jobs, and the empty vehicles; only when that finds no place or
 * only a new route are the other routes looked at, so the result is the
 * cheapest insertion except when a far route would beat a near one.
 * Without this an insertion costs O(jobs) and the iterations of large
 * instances become slow (X-n766: 60% of the time in insertions over
 * ~70 routes); the idea is the granular neighbourhood of Toth and Vigo
 * (2003), applied to insertions as in Vidal et al. (2013).
 *
 * With one depot this starts above 2 * INSERT_NEIGHBOURS routes: every
 * route passes by the depot, and below that looking at all of them costs
 * little next to the rest of an iteration.  With several depots it starts
 * above INSERT_GRANULAR_MD routes, since most routes then belong to other
 * depots' regions and never take the job: on the three multi-depot
 * instances of bench/vrp.sh (about 35 routes and empty vehicles) an
 * iteration became about three times cheaper and the mean gap over three
 * seeds went from 3.90% to 2.75% (CPU about 10-25% higher: the budget
 * counts insertion positions, and the rest of an iteration is now a larger
 * share).
 */
#define INSERT_NEIGHBOURS	32
#define INSERT_GRANULAR_MD	24

static int
InsertBest(Ctx *c, Sol *s, int j, double blink, int allow_new)
{
	double		best = VRP_INF;
	int			bri = -1,
				bpos = -1,
				ci,
				k,
				kmax = c->nbr_k < INSERT_NEIGHBOURS ? c->nbr_k : INSERT_NEIGHBOURS;

	if (++c->gen == 0)
	{
		memset(c->rseen, 0, sizeof(unsigned int) * c->nv);
		c->gen = 1;
	}
	c->nkey = VRP_INF;
	c->nvi = -1;
	if (c->ncand > (c->multi_depot ? INSERT_GRANULAR_MD : 2 * kmax))
	{
		for (k = 1; k < kmax; k++)
		{
			int			ri = s->route_of[c->nbr[(size_t) j * c->nbr_k + k]];

			if (ri >= 0 && c->rseen[ri] != c->gen)
				InsertRoute(c, s, ri, j, blink, allow_new, &best, &bri, &bpos);
		}
		for (ci = 0; ci < c->ncand; ci++)
		{
			int			vi = c->cand[ci];

			if (s->r[vi].n == 0 && c->rseen[vi] != c->gen)
				InsertRoute(c, s, vi, j, blink, allow_new, &best, &bri, &bpos);
		}
	}
	if (bri < 0 || s->r[bri].n == 0)
		for (ci = 0; ci < c->ncand; ci++)
		{
			int			vi = c->cand[ci];

			if (c->rseen[vi] != c->gen)
				InsertRoute(c, s, vi, j, blink, allow_new, &best, &bri, &bpos);
		}
	if (c->amort_now && c->nvi >= 0 && c->ndelta < best)
	{
		bri = c->nvi;
		bpos = 0;
	}
	if (bri < 0)
		return 0;
	NewRoute(c, s, bri);
	RouteInsert(c, s, bri, bpos, j);
	return 1;
}

/*
 * Best feasible positions i <= k of shipment (jp, jd) in route vi: the
 * pickup before jobs[i], the delivery before jobs[k] (right after the
 * pickup when k = i).  O(length^2) per route with a running summary of
 * the jobs between the two halves, cut short once that part is late or
 * overloaded; routes with several-window jobs take the exact slow path.
 */
static void
InsertPairRoute(Ctx *c, Sol *s, int vi, int jp, int jd, double blink,
				int allow_new, double *best, int *bri, int *bi, int *bk)
{
	const Route *r = &s->r[vi];
	const VrpVehicle *veh = &c->p->vehicles[vi];
	size_t		cl = (size_t) c->vclass[vi] * c->nj;
	int			nd = c->nd,
				nd3 = 3 * nd,
				up = c->loc[jp],
				ud = c->loc[jd],
				n = r->n,
				i,
				k,
				d;
	double		lacc[3 * VRP_MAX_DIMS],
				l1[3 * VRP_MAX_DIMS],
				l2[3 * VRP_MAX_DIMS];

	if (!c->compat[cl + jp] || !c->compat[cl + jd])
		return;
	if (veh->max_tasks >= 0 && n + 2 > veh->max_tasks)
		return;
	if (n == 0 && !allow_new)
		return;
	for (i = 0; i <= n; i++)
	{
		int			a = PrevLoc(c, r, i);
		Seg			acc;

		c->work++;
		if (blink > 0 && RngU(&c->rng) < blink)
			continue;
		if (r->multi || c->p->jobs[jp].n_tw > 1 || c->p->jobs[jd].n_tw > 1)
		{
			int		   *seq = c->buf2;
			double		cost;

			for (k = i; k <= n; k++)
			{
				memcpy(seq, r->jobs, sizeof(int) * i);
				seq[i] = jp;
				memcpy(seq + i + 1, r->jobs + i, sizeof(int) * (k - i));
				seq[k + 1] = jd;
				memcpy(seq + k + 2, r->jobs + k, sizeof(int) * (n - k));
				c->work += 3 + n;
				if (RouteSeqFeasible(c, vi, seq, n + 2, &cost) &&
					cost - r->cost < *best)
				{
					*best = cost - r->cost;
					*bri = vi;
					*bi = i;
					*bk = k;
				}
			}
			continue;
		}
		SegCat(&acc, &r->pre[i], &c->jseg[jp], ArcTime(c, vi, a, up),
			   ArcDist(c, vi, a, up), ArcCost(c, vi, a, up));
		if (acc.tw > VRP_TOL)
			continue;
		LoadCat(nd, lacc, r->lpre + nd3 * i, c->jload + nd3 * jp);
		for (k = i;; k++)
		{
			int			prev = k == i ? up : c->loc[r->jobs[k - 1]],
						b = NextLoc(c, r, k),
						j;
			Seg			s1,
						s2;

			c->work += 3;
			SegCat(&s1, &acc, &c->jseg[jd], ArcTime(c, vi, prev, ud),
				   ArcDist(c, vi, prev, ud), ArcCost(c, vi, prev, ud));
			SegCat(&s2, &s1, &r->suf[k], ArcTime(c, vi, ud, b),
				   ArcDist(c, vi, ud, b), ArcCost(c, vi, ud, b));
			LoadCat(nd, l1, lacc, c->jload + nd3 * jd);
			LoadCat(nd, l2, l1, r->lsuf + nd3 * k);
			if (SegFits(c, vi, &s2, l2) &&
				s2.cost + veh->fixed_cost - r->cost < *best)
			{
				*best = s2.cost + veh->fixed_cost - r->cost;
				*bri = vi;
				*bi = i;
				*bk = k;
			}
			if (k == n)
				break;
			/* the delivery one job later: the part in between grows */
			j = r->jobs[k];
			SegCat(&acc, &acc, &c->jseg[j], ArcTime(c, vi, prev, c->loc[j]),
				   ArcDist(c, vi, prev, c->loc[j]),
				   ArcCost(c, vi, prev, c->loc[j]));
			LoadCat(nd, l1, lacc, c->jload + nd3 * j);
			memcpy(lacc, l1, sizeof(double) * nd3);
			if (acc.tw > VRP_TOL)
				break;
			for (d = 0; veh->capacity && d < nd; d++)
				if (lacc[2 * nd + d] > veh->capacity[d] + VRP_TOL)
					break;
			if (veh->capacity && d < nd)
				break;
		}
	}
}

/* Cheapest feasible insertion of the shipment whose pickup is jp */
static int
InsertPair(Ctx *c, Sol *s, int jp, double blink, int allow_new)
{
	double		best = VRP_INF;
	int			jd = c->p->jobs[jp].partner,
				bri = -1,
				bi = -1,
				bk = -1,
				ci;

	for (ci = 0; ci < c->ncand; ci++)
		InsertPairRoute(c, s, c->cand[ci], jp, jd, blink, allow_new,
						&best, &bri, &bi, &bk);
	if (bri < 0)
		return 0;
	NewRoute(c, s, bri);
	RouteInsert(c, s, bri, bk, jd);
	RouteInsert(c, s, bri, bi, jp);
	return 1;
}

/*
 * The routes an insertion looks at: every route with jobs and, per class
 * of identical vehicles, the first one without (empty vehicles of a class
 * are interchangeable), in the order of the vehicles.  Up to CAND_CLASSES
 * classes, from the list of routes with jobs and the classes' chains of
 * vehicles: with 500 vehicles of which 30 drive (X106-FSMD) the loop over
 * all of them took about 5% of the CPU (callgrind).  The same list either
 * way, so the same plans.
 */
#define CAND_CLASSES	32

static void
Candidates(Ctx *c, const Sol *s)
{
	unsigned char *cls = c->mark;
	int			vi;

	c->ncand = 0;
	if (c->nclass_used <= CAND_CLASSES)
	{
		int			empty[CAND_CLASSES],
					ne = 0,
					i,
					k;

		/* each class's first empty vehicle, sorted (insertion: few) */
		for (i = 0; i < c->nclass_used; i++)
		{
			for (vi = c->leaders[i]; vi >= 0 && s->r[vi].n > 0; vi = c->cnext[vi])
				;
			if (vi < 0)
				continue;
			for (k = ne++; k > 0 && empty[k - 1] > vi; k--)
				empty[k] = empty[k - 1];
			empty[k] = vi;
		}
		/* merged with the routes with jobs */
		for (i = 0, k = 0; i < s->nused || k < ne;)
			c->cand[c->ncand++] = k == ne ||
				(i < s->nused && s->used[i] < empty[k]) ?
				s->used[i++] : empty[k++];
		return;
	}
	for (vi = 0; vi < c->nv; vi++)
	{
		if (s->r[vi].n > 0)
			c->cand[c->ncand++] = vi;
		else if (!cls[c->vclass[vi]])
		{
			cls[c->vclass[vi]] = 1;
			c->cand[c->ncand++] = vi;
		}
	}
	/* the marks set, of the empty vehicles among the candidates */
	for (vi = 0; vi < c->ncand; vi++)
		cls[c->vclass[c->cand[vi]]] = 0;
}

/*
 * SISR's recreate: put the absent jobs back one at a time, each at its
 * cheapest feasible position with blinks (a position is skipped with
 * probability blink), in one of four orders drawn with the paper's weights:
 * random 4, largest demand first 4, farthest first 2, closest first 1
 * (J. Christiaens and G. Vanden Berghe, "Slack induction by string removals
 * for vehicle routing problems", Transportation Science 54 (2020) 417-433).
 * A shipment's pickup goes in with its delivery; jobs that fit nowhere stay
 * absent.
 * allow_new lets a job open an empty vehicle.  (The ejection of the fleet
 * phase is EjectStep in vrp_search.c.)
 */
void
Recreate(Ctx *c, Sol *s, double blink, int allow_new)
{
	int			n = s->n_unas,
				i,
				k = 0;
	int		   *order = c->buf;
	double	   *key = c->key;
	double		u = RngU(&c->rng) * 11.0;

	memcpy(order, s->unas, sizeof(int) * n);
	/* the first plan always, then one recreate in four (InsertNew) */
	if (c->amortise && blink > 0)
		c->amort_now = RngU(&c->rng) < AMORTISE_SHARE;
	/* the paper's weights: random 4, demand 4, far 2, close 1 */
	for (i = 0; i < n; i++)
	{
		int			j = order[i];

		key[j] = u < 4 ? RngU(&c->rng) : u < 8 ? -c->size[j] :
			u < 10 ? -c->far[j] : c->far[j];
	}
	VrpSortByKey(order, n, key);
	Candidates(c, s);
	s->n_unas = 0;
	for (i = 0; i < n; i++)
	{
		int			j = order[i],
					kind = c->p->jobs[j].kind;

		if (kind == VRP_DELIVERY)
			continue;			/* with its pickup */
		if (kind == VRP_PICKUP ? !InsertPair(c, s, j, blink, allow_new) :
			!InsertBest(c, s, j, blink, allow_new))
		{
			s->unas[s->n_unas++] = j;
			if (kind == VRP_PICKUP)
				s->unas[s->n_unas++] = c->p->jobs[j].partner;
		}
		if ((++k & 31) == 0)
			CheckPoint(c);
	}
	SolRecount(c, s);
}
