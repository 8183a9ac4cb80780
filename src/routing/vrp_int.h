/*-------------------------------------------------------------------------
 *
 * vrp_int.h
 *	  Internals of the fleet routing solver (vrp.c, vrp_search.c,
 *	  vrp_ls.c).  Not part of the API.
 *
 * Time windows and route duration are checked in O(1) per move with the
 * segment concatenation of T. Vidal, T. G. Crainic, M. Gendreau and C.
 * Prins, "A hybrid genetic algorithm with adaptive diversity management
 * for a large class of vehicle routing problems with time-windows",
 * Computers & Operations Research 40 (2013) 475-489, section 4 (the hard
 * window case: a segment is infeasible as soon as its time warp is
 * positive).  Loads use the same idea: per segment the amount loaded at
 * the start (deliveries), the net change after it (pickups) and the peak
 * load inside it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_VRP_INT_H
#define LOGISTICS_VRP_INT_H

#include <math.h>
#include <stdint.h>

#include "vrp.h"

#define VRP_TOL			1e-6	/* slack on times and amounts */

/* A sequence of visits, summarised for concatenation (Vidal et al. 2013) */
typedef struct Seg
{
	double		dur;			/* least duration, service and waiting incl. */
	double		e;				/* earliest start of its first service */
	double		l;				/* latest start */
	double		tw;				/* time warp: > 0 means infeasible */
	double		dist;			/* travel distance inside */
	double		ttime;			/* travel time inside */
	double		cost;			/* arc costs inside */
	int			ntasks;
} Seg;

typedef struct Route
{
	int			v;				/* vehicle */
	int			n;				/* jobs */
	int			cap;			/* allocated jobs */
	int		   *jobs;
	Seg		   *pre;			/* pre[k]: start + jobs[0..k-1], k = 0..n */
	Seg		   *suf;			/* suf[k]: jobs[k..n-1] + end */
	double	   *lpre;			/* loads of pre[k]: 3 * nd per k */
	double	   *lsuf;
	int			multi;			/* jobs with several windows */
	int			nship;			/* halves of shipments */
	double		cost;			/* arc costs + fixed cost when n > 0 */

	/*
	 * Vehicles with breaks (vrp_break.c), when bfast: per stop k (0 the
	 * start, k the job at k - 1, n + 1 the end) and per number b of breaks
	 * taken before it, bE[k * bw + b] the earliest departure from stop k
	 * (k = 0..n) and bL[k * bw + b] the latest arrival at stop k from
	 * which the rest still fits (k = 1..n + 1); bw = Ctx.bw.  Built when
	 * first needed after a change (bdirty): a ruin removes several jobs
	 * of a route before anything is inserted into it.
	 */
	int			bfast;
	int			bdirty;
	double	   *bE;
	double	   *bL;
} Route;

typedef struct Sol
{
	Route	   *r;				/* one per vehicle */
	int		   *used;			/* the routes with jobs, ascending (SolNote) */
	int			nused;
	int		   *route_of;		/* per job, -1: unassigned */
	int		   *unas;			/* unassigned jobs */
	int			n_unas;
	double		cost;
	double		uw;				/* weight of the unassigned jobs */
} Sol;

typedef struct Rng
{
	uint64_t	s;
} Rng;

/*
 * Row u of a star matrix: for every place x, the arcs x -> u and u -> x
 * (cost, and the duration before the speed factor), side by side, so
 * that an insertion of the job at u finds all four in one cache line
 * (PrecomputeCosts).
 */
typedef struct Star
{
	double		cto;
	double		cfrom;
	double		tto;
	double		tfrom;
} Star;

typedef struct Ctx
{
	const VrpProblem *p;
	VrpOptions	opt;
	int			nj;
	int			nv;
	int			nd;
	int			nl;

	/* per vehicle */
	const double **vdur;
	const double **vdist;
	const double **vcost;
	const double **ccost;		/* precomputed cost matrices, or NULL */
	const double **tcost;		/* transposed cost matrices, or NULL */
	const double **tdur;		/* transposed durations, or NULL */
	const double **tdist;		/* transposed distances, or NULL */
	const Star **star;			/* star matrices, or NULL */
	unsigned char *sdist;		/* the star's durations are the distances */
	double	  **owned;			/* those we allocated */
	int			nowned;
	const double **tsrc;		/* matrices transposed (PrecomputeCosts) */
	const double **tdst;		/* and their transposes */
	int			ntrans;
	double	   *tfac;			/* 1 / speed factor */
	double	   *cpt;			/* cost per unit of matrix duration */
	double	   *cpd;
	int		   *vclass;			/* identical vehicles share a class */
	int		   *cnext;			/* per vehicle: the next one of its class, -1 */
	int		   *leaders;		/* the classes (their first vehicles), ascending */
	int			nclass;
	int			nclass_used;	/* distinct classes */
	int			multi_depot;	/* vehicles start at several places */
	unsigned char *tri;			/* per vehicle: InsertRoute may stop at the
								 * first late position (VrpSetupTriangle) */
	int			bw;				/* 1 + most breaks of a vehicle with the
								 * break tables (Route.bE), 0: none */
	int			amortise;		/* vehicles differ in capacity: InsertNew */
	int			amort_now;
	double		nkey;			/* InsertNew's best so far: key, */
	int			nvi;			/* vehicle */
	double		ndelta;			/* and cost */
	unsigned char *compat;		/* nclass x nj: skills and capacity */

	/* per job */
	int		   *loc;
	Seg		   *jseg;			/* the job alone */
	double	   *jload;			/* 3 * nd per job: delivery, pickup, peak */
	double	   *weight;			/* unassigned weight */
	int		   *nbr;			/* nj x nbr_k, nearest first, self first */
	int			nbr_k;
	double	   *size;			/* total amount (insertion order) */
	double	   *far;			/* distance from the first start */

	Rng			rng;
	double		t0;				/* wall clock at the start */
	int			stop;			/* time limit reached */
	double		work;			/* insertion positions evaluated */
	int		   *cand;			/* routes an insertion looks at */
	unsigned int *rseen;		/* per vehicle: == gen when looked at */
	unsigned int gen;
	unsigned char *rmjob;		/* per job: being removed (all 0 between) */
	unsigned char *lsact;		/* local search: routes to look at */
	unsigned char *lsnext;
	unsigned char *lsmark;		/* NULL or where SetRoute marks */
	int			ncand;
	long		ticks;
	double		next_check;		/* work at which RouteSeqFeasible next
								 * calls the interrupt callback */

	/* routes changed since the last sync (vrp_search.c) */
	int		   *touched;
	int			ntouched;
	unsigned char *tmark;

	/* scratch */
	int		   *buf;
	int		   *buf2;
	double	   *key;
	unsigned char *mark;
} Ctx;

/* vrp.c */
extern void *VrpAlloc(Ctx *c, size_t size);
extern void VrpFree(Ctx *c, void *ptr);
extern double VrpNow(void);
extern int	VrpSetup(Ctx *c, const VrpProblem *p, const VrpOptions *opt);
extern void VrpTeardown(Ctx *c);
extern int	SolInit(Ctx *c, Sol *s);
extern void SolFree(Ctx *c, Sol *s);
extern void SolCopy(Ctx *c, Sol *dst, const Sol *src);
extern void RouteCopy(Ctx *c, Route *dst, const Route *src);
extern void RouteReserve(Ctx *c, Route *r, int n);
extern void RouteUpdate(Ctx *c, Route *r);
extern void RouteUpdatePart(Ctx *c, Route *r, int lo, int hi, int shift);
extern void RouteInsert(Ctx *c, Sol *s, int ri, int pos, int j);
extern void RouteRemoveAt(Ctx *c, Sol *s, int ri, int pos);
extern void SolRecount(Ctx *c, Sol *s);
extern void SolNote(Sol *s, int ri);
extern int	EvalInsert(Ctx *c, const Route *r, int pos, int j, double *delta);
extern int	RouteSeqFeasible(Ctx *c, int v, const int *jobs, int n,
							 double *cost);
extern int	SegFits(Ctx *c, int v, const Seg *s, const double *ld);
extern int	VrpSkillsOk(const VrpVehicle *v, const VrpJob *j);
extern int	VrpPartnerOk(const int *jobs, int n, int k, const VrpJob *j);
extern int	VrpRouteFits(const VrpProblem *p, int v, const int *jobs, int n);

/* vrp_break.c */
extern int	VrpSimulateBreaks(const VrpProblem *p, int v, const int *jobs,
							  int n, VrpStep *steps, double *cost);
extern int	VrpBreakFast(const VrpProblem *p, int v);
extern void VrpBreakTables(Ctx *c, Route *r);
extern int	VrpBreakInsertOk(Ctx *c, const Route *r, int pos, int j);

/* vrp_steps.c */
extern int	VrpCheckInit(const VrpProblem *p, char *err, size_t len);
extern void VrpSeedRoutes(Ctx *c, Sol *s);

/* vrp_search.c */
extern int	CheckPoint(Ctx *c);

/* vrp_ruin.c: SISR's ruin and recreate */
extern void RemoveRange(Ctx *c, Sol *s, int ri, int from, int to, int keep0,
						int keep1);
extern void Ruin(Ctx *c, Sol *s, int seed);
extern void Recreate(Ctx *c, Sol *s, double blink, int allow_new);
extern void VrpSetupTriangle(Ctx *c);

/* vrp_pool.c: pooled routes and set partitioning */
typedef struct VrpSetPart
{
	int			nj;				/* jobs 0..nj-1, each covered once */
	int			ncol;
	const int  *start;			/* column k: item[start[k] .. start[k + 1]) */
	const int  *item;
	const double *cost;
	int			max_cols;		/* at most this many columns; 0: any */
} VrpSetPart;

typedef struct VrpPool
{
	int			ncol;
	int			capcol;
	int		   *start;			/* routes as columns, jobs in route order */
	int		   *item;
	int			capent;
	double	   *cost;
	uint64_t   *key;			/* sum of the jobs' keys: order-free */
	int		   *table;			/* open addressing, -1: empty */
	int			tsize;
	uint64_t   *zob;			/* per job */
	unsigned char *mark;
	long		nodes;			/* set partitioning nodes, all calls */
	int			gains;			/* calls that found a better plan */
} VrpPool;

extern int	VrpSetPartition(Ctx *c, const VrpSetPart *sp, double ub,
							double step_limit, int *pick, double *val,
							long *nodes);
extern int	PoolInit(Ctx *c, VrpPool *pool);
extern void PoolFree(Ctx *c, VrpPool *pool);
extern void PoolAddSol(Ctx *c, VrpPool *pool, const Sol *s);
extern void PoolAdd(Ctx *c, VrpPool *pool, const int *jobs, int n,
					 double cost);
extern int	PoolCombine(Ctx *c, VrpPool *pool, Sol *s);

/* vrp_ls.c */
extern void LocalSearch(Ctx *c, Sol *s);
extern void VrpAssign(int n, int m, const double *a, int *col, double *w);

static inline void
Touch(Ctx *c, int ri)
{
	if (!c->tmark[ri])
	{
		c->tmark[ri] = 1;
		c->touched[c->ntouched++] = ri;
	}
}

static inline uint64_t
RngNext(Rng *r)
{
	/* splitmix64 (S. Vigna, public domain reference) */
	uint64_t	z = (r->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* The state after k more draws: splitmix64's state is a counter */
static inline void
RngSkip(Rng *r, uint64_t k)
{
	r->s += k * UINT64_C(0x9E3779B97F4A7C15);
}

static inline double
RngU(Rng *r)
{
	return (double) (RngNext(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int
RngInt(Rng *r, int n)
{
	return (int) (RngU(r) * n);
}

static inline int
VLoc(const Ctx *c, int v, int which)
{
	return which ? c->p->vehicles[v].end : c->p->vehicles[v].start;
}

/* Travel time, distance and cost of vehicle v from location a to b */
static inline double
ArcTime(const Ctx *c, int v, int a, int b)
{
	if (a < 0 || b < 0)
		return 0.0;
	return c->vdur[v][(size_t) a * c->nl + b] * c->tfac[v];
}

static inline double
ArcDist(const Ctx *c, int v, int a, int b)
{
	if (a < 0 || b < 0 || !c->vdist[v])
		return 0.0;
	return c->vdist[v][(size_t) a * c->nl + b];
}

static inline double
ArcCost(const Ctx *c, int v, int a, int b)
{
	size_t		k;

	if (a < 0 || b < 0)
		return 0.0;
	k = (size_t) a * c->nl + b;
	if (c->vcost[v])
		return c->vcost[v][k];
	if (c->ccost[v])
		return c->ccost[v][k];
	return c->cpt[v] * c->vdur[v][k] +
		(c->vdist[v] ? c->cpd[v] * c->vdist[v][k] : 0.0);
}

/*
 * The same for the arcs from a to u and from u to b when an insertion of
 * the job at u asks: read from the star matrix or the transposed matrices
 * when there are (PrecomputeCosts).  Same values as ArcTime, ArcDist and
 * ArcCost.
 */
static inline double
ArcTimeTo(const Ctx *c, int v, int a, int u)
{
	if (a < 0 || u < 0)
		return 0.0;
	if (c->star[v])
		return c->star[v][(size_t) u * c->nl + a].tto * c->tfac[v];
	if (c->tdur[v])
		return c->tdur[v][(size_t) u * c->nl + a] * c->tfac[v];
	return c->vdur[v][(size_t) a * c->nl + u] * c->tfac[v];
}

static inline double
ArcDistTo(const Ctx *c, int v, int a, int u)
{
	if (a < 0 || u < 0 || !c->vdist[v])
		return 0.0;
	if (c->sdist[v])
		return c->star[v][(size_t) u * c->nl + a].tto;
	if (c->tdist[v])
		return c->tdist[v][(size_t) u * c->nl + a];
	return c->vdist[v][(size_t) a * c->nl + u];
}

static inline double
ArcCostTo(const Ctx *c, int v, int a, int u)
{
	if (a >= 0 && u >= 0 && c->star[v])
		return c->star[v][(size_t) u * c->nl + a].cto;
	if (a >= 0 && u >= 0 && c->tcost[v])
		return c->tcost[v][(size_t) u * c->nl + a];
	return ArcCost(c, v, a, u);
}

static inline double
ArcTimeFrom(const Ctx *c, int v, int u, int b)
{
	if (u >= 0 && b >= 0 && c->star[v])
		return c->star[v][(size_t) u * c->nl + b].tfrom * c->tfac[v];
	return ArcTime(c, v, u, b);
}

static inline double
ArcDistFrom(const Ctx *c, int v, int u, int b)
{
	if (u >= 0 && b >= 0 && c->sdist[v] && c->vdist[v])
		return c->star[v][(size_t) u * c->nl + b].tfrom;
	return ArcDist(c, v, u, b);
}

static inline double
ArcCostFrom(const Ctx *c, int v, int u, int b)
{
	if (u >= 0 && b >= 0 && c->star[v])
		return c->star[v][(size_t) u * c->nl + b].cfrom;
	return ArcCost(c, v, u, b);
}

/*
 * Concatenate segment a, an arc (travel time t, distance d, cost cost),
 * and segment b: Vidal et al. (2013), equations (5)-(9).
 */
static inline void
SegCat(Seg *out, const Seg *a, const Seg *b, double t, double d, double cost)
{
	double		delta = a->dur - a->tw + t;
	double		wt = b->e - delta - a->l;
	double		tw = a->e + delta - b->l;
	Seg			r;

	if (wt < 0)
		wt = 0;
	if (tw < 0)
		tw = 0;
	r.dur = a->dur + b->dur + t + wt;
	r.tw = a->tw + b->tw + tw;
	r.e = (b->e - delta > a->e ? b->e - delta : a->e) - wt;
	r.l = (b->l - delta < a->l ? b->l - delta : a->l) + tw;
	r.dist = a->dist + b->dist + d;
	r.ttime = a->ttime + b->ttime + t;
	r.cost = a->cost + b->cost + cost;
	r.ntasks = a->ntasks + b->ntasks;
	*out = r;
}

/* Loads: [0, nd) loaded at the start, [nd, 2nd) net after, [2nd, 3nd) peak */
static inline void
LoadCat(int nd, double *out, const double *a, const double *b)
{
	int			k;

	for (k = 0; k < nd; k++)
	{
		double		p1 = a[2 * nd + k] + b[k];
		double		p2 = a[nd + k] + b[2 * nd + k];

		out[k] = a[k] + b[k];
		out[nd + k] = a[nd + k] + b[nd + k];
		out[2 * nd + k] = p1 > p2 ? p1 : p2;
	}
}

/*
 * Earliest start at or after time t in windows tw[0..n_tw); -VRP_INF:
 * none.  Inline: the break tables (vrp_break.c) call it per position.
 */
static inline double
VrpWindowStart(int n_tw, const double *tw, double t)
{
	int			k;

	if (n_tw == 0)
		return t;
	for (k = 0; k < n_tw; k++)
		if (t <= tw[2 * k + 1] + VRP_TOL)
			return t > tw[2 * k] ? t : tw[2 * k];
	return -VRP_INF;
}

/* Earliest service start at or after time t for job j; -VRP_INF: none. */
static inline double
VrpEarliestStart(const VrpJob *j, double t)
{
	return VrpWindowStart(j->n_tw, j->tw, t);
}

/* Routes in use (the search's vehicle count) */
static inline int
UsedRoutes(const Ctx *c, const Sol *s)
{
	(void) c;
	return s->nused;
}

/* Location before position pos / at position pos of a route */
static inline int
PrevLoc(const Ctx *c, const Route *r, int pos)
{
	return pos == 0 ? VLoc(c, r->v, 0) : c->loc[r->jobs[pos - 1]];
}

static inline int
NextLoc(const Ctx *c, const Route *r, int pos)
{
	return pos == r->n ? VLoc(c, r->v, 1) : c->loc[r->jobs[pos]];
}

#endif							/* LOGISTICS_VRP_INT_H */
