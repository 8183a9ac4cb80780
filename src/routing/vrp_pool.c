/*-------------------------------------------------------------------------
 *
 * vrp_pool.c
 *	  Fleet routing: a pool of routes met during the search and a set
 *	  partitioning step over it.
 *
 * The independent annealing runs of the last phase (vrp_search.c,
 * AnnealRuns) each end in a local optimum of their own; a plan that takes
 * some routes from one run and the rest from another can be better than
 * all of them.  The routes of the plans that improve on their run's best,
 * and the changed routes of accepted plans close to it, go into a pool
 * (one entry per set of jobs, with the cheapest order met), and a set
 * partitioning problem over the pool picks the cheapest set of routes
 * that serves every job exactly once, with at most as many routes as
 * vehicles.  The plan found is never worse than the best plan, whose
 * routes are in the pool.  This is the set partitioning step of A.
 * Subramanian, E. Uchoa and L. S. Ochi, "A hybrid algorithm for a class
 * of vehicle routing problems", Computers & Operations Research 40 (2013)
 * 2519-2531, with a small branch and bound of our own in place of their
 * MIP solver.
 *
 * The branch and bound (VrpSetPartition) works on reduced costs.  Dual
 * values u (one per job) with the sum of u over each column's jobs at
 * most its cost bound the cost of serving any set of jobs from below by
 * the sum of their u, and taking a column raises that bound by its
 * reduced cost, cost minus the u of its jobs.  u comes from a Lagrangian
 * relaxation of the covering constraints (subgradient steps), lowered
 * until no column's u exceeds its cost, then raised job by job as far as
 * that allows (coordinate ascent).  Columns whose reduced cost alone
 * closes the gap to the best plan are dropped; the search branches on the
 * uncovered job with the fewest columns left, tries them by increasing
 * reduced cost, raises the bound at each node by the same ascent over the
 * columns still possible, and stops after a budget of steps (then the
 * best plan found so far stands).
 *
 *-------------------------------------------------------------------------
 */
#include "vrp_int.h"

#include <string.h>

extern void VrpSortByKey(int *idx, int n, const double *key);

/* ------------------------------------------------------ set partitioning */

typedef struct SpState
{
	Ctx		   *c;
	const VrpSetPart *sp;
	int		   *cstart;			/* per job: its columns, by reduced cost */
	int		   *cols;
	double	   *rc;				/* reduced cost per column */
	unsigned char *covered;		/* per job */
	int		   *stack;			/* columns chosen on the current path */
	int		   *best;
	int			nbest;
	double	   *res;			/* residual reduced costs at a node */
	long	   *stamp;			/* per column: the node res[] is for */
	int		   *fit;			/* scratch: one job's columns that fit */
	int		   *arena_i;		/* the branching job's columns, per node */
	double	   *arena_d;
	int			top;
	double		ub;				/* cost to beat */
	double		eps;
	long		nodes;
	double		steps;			/* jobs of columns looked at */
	double		step_limit;
	int			found;
} SpState;

/* Does column k share a job with the covered ones? */
static int
SpClash(const SpState *st, int k)
{
	const VrpSetPart *sp = st->sp;
	int			q;

	for (q = sp->start[k]; q < sp->start[k + 1]; q++)
		if (st->covered[sp->item[q]])
			return 1;
	return 0;
}

static void
SpMark(SpState *st, int k, unsigned char v)
{
	const VrpSetPart *sp = st->sp;
	int			q;

	for (q = sp->start[k]; q < sp->start[k + 1]; q++)
		st->covered[sp->item[q]] = v;
}

/*
 * Depth-first search below a node: depth columns chosen, cost so far
 * plus the root duals of the uncovered jobs is bound, left jobs
 * uncovered.  At the node the duals of the uncovered jobs rise further,
 * one job at a time, by the least residual reduced cost of the columns
 * that still fit (the same coordinate ascent as at the root, on the
 * columns left): their sum, lift, tightens the node's bound, and a child
 * that takes column k is bounded by bound + lift + k's residual.  Columns
 * with bound + reduced cost at or above the cost to beat are out of every
 * better plan below the node and are ignored throughout.
 */
static void
SpSearch(SpState *st, int depth, double bound, int left)
{
	const VrpSetPart *sp = st->sp;
	int			j,
				i,
				bj = -1,
				bcount = 0,
				nmine = 0,
				q;
	long		id;
	double		lift = 0;
	int		   *mine;
	double	   *mres;

	if (left == 0)
	{
		/* bound is the cost of the chosen columns here */
		if (bound < st->ub - st->eps)
		{
			st->ub = bound;
			st->nbest = depth;
			memcpy(st->best, st->stack, sizeof(int) * depth);
			st->found = 1;
		}
		return;
	}
	id = ++st->nodes;
	if (CheckPoint(st->c) || st->steps > st->step_limit ||
		(sp->max_cols > 0 && depth >= sp->max_cols))
		return;

	/* ascent over the uncovered jobs; the one with the fewest columns */
	for (j = 0; j < sp->nj; j++)
	{
		int			n = 0;
		double		dmin = VRP_INF;

		if (st->covered[j])
			continue;
		for (q = st->cstart[j]; q < st->cstart[j + 1]; q++)
		{
			int			k = st->cols[q];

			if (bound + st->rc[k] >= st->ub - st->eps)
				break;
			st->steps += sp->start[k + 1] - sp->start[k];
			if (SpClash(st, k))
				continue;
			if (st->stamp[k] != id)
			{
				st->stamp[k] = id;
				st->res[k] = st->rc[k];
			}
			st->fit[n++] = k;
			dmin = fmin(dmin, st->res[k]);
		}
		if (n == 0)
			return;				/* job j cannot be served any more */
		if (dmin > 0)
		{
			lift += dmin;
			for (i = 0; i < n; i++)
				st->res[st->fit[i]] -= dmin;
			if (bound + lift >= st->ub - st->eps)
				return;
		}
		if (bj < 0 || n < bcount)
		{
			bj = j;
			bcount = n;
		}
	}

	/* bj's columns that fit, with their residuals (the children reuse res) */
	mine = st->arena_i + st->top;
	mres = st->arena_d + st->top;
	for (q = st->cstart[bj]; q < st->cstart[bj + 1]; q++)
	{
		int			k = st->cols[q];

		if (bound + st->rc[k] >= st->ub - st->eps)
			break;
		if (SpClash(st, k))
			continue;
		mine[nmine] = k;
		mres[nmine++] = st->res[k];
	}
	st->top += nmine;
	for (i = 0; i < nmine; i++)
	{
		int			k = mine[i];

		if (bound + st->rc[k] >= st->ub - st->eps)
			break;
		if (bound + lift + mres[i] >= st->ub - st->eps)
			continue;
		SpMark(st, k, 1);
		st->stack[depth] = k;
		SpSearch(st, depth + 1, bound + st->rc[k],
				 left - (sp->start[k + 1] - sp->start[k]));
		SpMark(st, k, 0);
		if (st->steps > st->step_limit || st->c->stop)
			break;
	}
	st->top -= nmine;
}

/*
 * Coordinate ascent: each job in turn raises its dual by the least
 * reduced cost of its columns (cstart/cols: the columns of each job).
 */
static void
SpAscent(const VrpSetPart *sp, const int *cstart, const int *cols,
		 double *u, double *sum)
{
	int			j,
				q;

	for (j = 0; j < sp->nj; j++)
	{
		double		slack = VRP_INF;

		for (q = cstart[j]; q < cstart[j + 1]; q++)
			slack = fmin(slack, sp->cost[cols[q]] - sum[cols[q]]);
		if (slack > 0)
		{
			u[j] += slack;
			for (q = cstart[j]; q < cstart[j + 1]; q++)
				sum[cols[q]] += slack;
		}
	}
}

/* sum[k]: the duals of column k's jobs */
static void
SpSums(const VrpSetPart *sp, const double *u, double *sum)
{
	int			k,
				q;

	for (k = 0; k < sp->ncol; k++)
	{
		sum[k] = 0;
		for (q = sp->start[k]; q < sp->start[k + 1]; q++)
			sum[k] += u[sp->item[q]];
	}
}

/*
 * Lagrangian relaxation of the covering constraints, by subgradient
 * optimisation (M. Held, P. Wolfe and H. P. Crowder, Mathematical
 * Programming 6 (1974) 62-88): L(u) = sum of u + the sum of the negative
 * reduced costs bounds every partition from below; u moves along 1 minus
 * the number of negative columns covering each job, by a step (ub - L) /
 * |g|^2 times a factor that halves after SP_STALL steps without a better
 * L.  u ends as the best found; sum is left stale.
 */
#define SP_SUBGRAD	300
#define SP_STALL	15

static void
SpSubgradient(Ctx *c, const VrpSetPart *sp, double *u, double *sum,
			  double *g, double *ubest, double ub)
{
	int			nj = sp->nj,
				it,
				j,
				k,
				q,
				stall = 0;
	double		f = 2.0,
				best = -VRP_INF;

	memcpy(ubest, u, sizeof(double) * nj);
	for (it = 0; it < SP_SUBGRAD && f > 1e-4 && !CheckPoint(c); it++)
	{
		double		lag = 0,
					norm = 0;

		SpSums(sp, u, sum);
		for (j = 0; j < nj; j++)
		{
			lag += u[j];
			g[j] = 1;
		}
		for (k = 0; k < sp->ncol; k++)
			if (sp->cost[k] - sum[k] < 0)
			{
				lag += sp->cost[k] - sum[k];
				for (q = sp->start[k]; q < sp->start[k + 1]; q++)
					g[sp->item[q]] -= 1;
			}
		if (lag > best + 1e-12 * (1.0 + fabs(best)))
		{
			best = lag;
			memcpy(ubest, u, sizeof(double) * nj);
			stall = 0;
		}
		else if (++stall >= SP_STALL)
		{
			f /= 2;
			stall = 0;
		}
		for (j = 0; j < nj; j++)
			norm += g[j] * g[j];
		if (norm == 0 || lag >= ub)
			break;
		for (j = 0; j < nj; j++)
			u[j] += f * (ub - lag) / norm * g[j];
	}
	memcpy(u, ubest, sizeof(double) * nj);
}

/*
 * Make u feasible for the dual (no column's jobs' duals above its cost):
 * each job gives up the largest share, excess / length, of the columns
 * over their cost that cover it.  Then sum is up to date.
 */
static void
SpProject(const VrpSetPart *sp, double *u, double *sum, double *g)
{
	int			k,
				q,
				j;

	SpSums(sp, u, sum);
	for (j = 0; j < sp->nj; j++)
		g[j] = 0;
	for (k = 0; k < sp->ncol; k++)
		if (sum[k] > sp->cost[k])
		{
			double		d = (sum[k] - sp->cost[k]) /
				(sp->start[k + 1] - sp->start[k]);

			for (q = sp->start[k]; q < sp->start[k + 1]; q++)
				g[sp->item[q]] = fmax(g[sp->item[q]], d);
		}
	for (j = 0; j < sp->nj; j++)
		u[j] -= g[j];
	SpSums(sp, u, sum);
}

/* Each job's columns (cstart, cols: CSR), in column order */
static void
SpColumns(const VrpSetPart *sp, int *cstart, int *cols, int *fill)
{
	int			j,
				k,
				q;

	memset(cstart, 0, sizeof(int) * (sp->nj + 1));
	for (k = 0; k < sp->ncol; k++)
		for (q = sp->start[k]; q < sp->start[k + 1]; q++)
			cstart[sp->item[q] + 1]++;
	for (j = 0; j < sp->nj; j++)
		cstart[j + 1] += cstart[j];
	memcpy(fill, cstart, sizeof(int) * sp->nj);
	for (k = 0; k < sp->ncol; k++)
		for (q = sp->start[k]; q < sp->start[k + 1]; q++)
			cols[fill[sp->item[q]]++] = k;
}

/*
 * Feasible duals u (sum: per column, the duals of its jobs): each job's
 * least share of a column's cost, coordinate ascent, the Lagrangian by
 * subgradient steps made feasible, and ascent again.  Returns 0 when a
 * job has no column.
 */
static int
SpDuals(SpState *st, double *u, double *sum, double *g, double *ubest)
{
	const VrpSetPart *sp = st->sp;
	int			j,
				k,
				q;

	for (j = 0; j < sp->nj; j++)
		u[j] = VRP_INF;
	for (k = 0; k < sp->ncol; k++)
	{
		int			len = sp->start[k + 1] - sp->start[k];

		for (q = sp->start[k]; q < sp->start[k + 1]; q++)
			u[sp->item[q]] = fmin(u[sp->item[q]], sp->cost[k] / len);
	}
	for (j = 0; j < sp->nj; j++)
		if (u[j] >= VRP_INF)
			return 0;
	SpSums(sp, u, sum);
	SpAscent(sp, st->cstart, st->cols, u, sum);
	SpSubgradient(st->c, sp, u, sum, g, ubest, st->ub);
	SpProject(sp, u, sum, g);
	SpAscent(sp, st->cstart, st->cols, u, sum);
	return 1;
}

/*
 * Reduced costs from the duals (sum); drop the columns with lb + reduced
 * cost at or above the cost to beat, and sort each job's list of the
 * others by reduced cost (ties by column number).
 */
static void
SpPrune(SpState *st, const double *sum, double lb)
{
	const VrpSetPart *sp = st->sp;
	int			j,
				k,
				q,
				w = 0;

	for (k = 0; k < sp->ncol; k++)
		st->rc[k] = fmax(0.0, sp->cost[k] - sum[k]);
	for (j = 0; j < sp->nj; j++)
	{
		int			from = st->cstart[j],
					n = 0;

		for (q = from; q < st->cstart[j + 1]; q++)
			if (lb + st->rc[st->cols[q]] < st->ub - st->eps)
				st->cols[w + n++] = st->cols[q];
		VrpSortByKey(st->cols + w, n, st->rc);
		st->cstart[j] = w;
		w += n;
	}
	st->cstart[sp->nj] = w;
}

/*
 * Cheapest set of columns of sp covering each of its jobs exactly once,
 * with at most sp->max_cols columns (0: any number), if its cost is below
 * ub less a relative 1e-9.  Returns the number of columns, stored in
 * pick (room for sp->nj), with their cost in *val; 0 when none beats ub
 * within step_limit steps (one per job of a column looked at when
 * choosing the job to branch on; *nodes: the nodes visited) or the
 * search was stopped (Ctx.stop); -1 out of memory.  Columns must not
 * repeat a job and must have at least one.
 */
int
VrpSetPartition(Ctx *c, const VrpSetPart *sp, double ub, double step_limit,
				int *pick, double *val, long *nodes)
{
	SpState		st;
	int			nj = sp->nj,
				ncol = sp->ncol,
				nnz = ncol > 0 ? sp->start[ncol] : 0,
				j,
				k,
				rc = 0;
	double	   *u,
			   *sum,
			   *g,
			   *ubest,
				lb = 0;

	memset(&st, 0, sizeof(st));
	*nodes = 0;
	st.c = c;
	st.sp = sp;
	st.ub = ub;
	st.eps = 1e-9 * (1.0 + fabs(ub));
	st.step_limit = step_limit;
	st.cstart = VrpAlloc(c, sizeof(int) * (nj + 1));
	st.cols = VrpAlloc(c, sizeof(int) * (nnz + 1));
	st.rc = VrpAlloc(c, sizeof(double) * (ncol + 1));
	st.covered = VrpAlloc(c, nj + 1);
	st.stack = VrpAlloc(c, sizeof(int) * (nj + 1));
	st.best = VrpAlloc(c, sizeof(int) * (nj + 1));
	u = VrpAlloc(c, sizeof(double) * (nj + 1));
	sum = VrpAlloc(c, sizeof(double) * (ncol + 1));
	g = VrpAlloc(c, sizeof(double) * (nj + 1));
	ubest = VrpAlloc(c, sizeof(double) * (nj + 1));
	st.res = VrpAlloc(c, sizeof(double) * (ncol + 1));
	st.stamp = VrpAlloc(c, sizeof(long) * (ncol + 1));
	st.fit = VrpAlloc(c, sizeof(int) * (nnz + 1));
	st.arena_i = VrpAlloc(c, sizeof(int) * (nnz + 1));
	st.arena_d = VrpAlloc(c, sizeof(double) * (nnz + 1));
	if (!st.cstart || !st.cols || !st.rc || !st.covered || !st.stack ||
		!st.best || !u || !sum || !g || !ubest || !st.res || !st.stamp ||
		!st.fit || !st.arena_i || !st.arena_d)
	{
		rc = -1;
		goto done;
	}
	SpColumns(sp, st.cstart, st.cols, st.stack);	/* stack: scratch here */
	if (!SpDuals(&st, u, sum, g, ubest) || c->stop)
		goto done;				/* a job no column serves; or stopped */
	for (j = 0; j < nj; j++)
		lb += u[j];
	if (lb >= st.ub - st.eps)
		goto done;				/* nothing in the pool beats ub */
	SpPrune(&st, sum, lb);
	memset(st.covered, 0, nj + 1);
	memset(st.stamp, 0, sizeof(long) * (ncol + 1));
	SpSearch(&st, 0, lb, nj);
	*nodes = st.nodes;
	if (st.found)
	{
		memcpy(pick, st.best, sizeof(int) * st.nbest);
		*val = 0;
		for (k = 0; k < st.nbest; k++)
			*val += sp->cost[st.best[k]];
		rc = st.nbest;
	}
done:
	VrpFree(c, st.cstart);
	VrpFree(c, st.cols);
	VrpFree(c, st.rc);
	VrpFree(c, st.covered);
	VrpFree(c, st.stack);
	VrpFree(c, st.best);
	VrpFree(c, u);
	VrpFree(c, sum);
	VrpFree(c, g);
	VrpFree(c, ubest);
	VrpFree(c, st.res);
	VrpFree(c, st.stamp);
	VrpFree(c, st.fit);
	VrpFree(c, st.arena_i);
	VrpFree(c, st.arena_d);
	return rc;
}

/* ------------------------------------------------------------ route pool */

/*
 * Most routes the pool keeps, and the node budget of the set partitioning
 * step, per solve (bounds the memory and the time of the step whatever
 * the size of the problem).
 */
#define POOL_MAX_COLS	20000
#define POOL_STEPS		2e7

static uint64_t
PoolKeyOf(const VrpPool *pool, const int *jobs, int n)
{
	uint64_t	k = 0;
	int			q;

	for (q = 0; q < n; q++)
		k += pool->zob[jobs[q]];
	return k;
}

int
PoolInit(Ctx *c, VrpPool *pool)
{
	Rng			g;
	int			j;

	memset(pool, 0, sizeof(*pool));
	pool->capcol = POOL_MAX_COLS;
	pool->tsize = 1;
	while (pool->tsize < 2 * pool->capcol)
		pool->tsize *= 2;
	pool->capent = 16 * 1024;
	pool->start = VrpAlloc(c, sizeof(int) * (pool->capcol + 1));
	pool->item = VrpAlloc(c, sizeof(int) * pool->capent);
	pool->cost = VrpAlloc(c, sizeof(double) * pool->capcol);
	pool->key = VrpAlloc(c, sizeof(uint64_t) * pool->capcol);
	pool->table = VrpAlloc(c, sizeof(int) * pool->tsize);
	pool->zob = VrpAlloc(c, sizeof(uint64_t) * (c->nj + 1));
	pool->mark = VrpAlloc(c, c->nj + 1);
	if (!pool->start || !pool->item || !pool->cost || !pool->key ||
		!pool->table || !pool->zob || !pool->mark)
	{
		PoolFree(c, pool);
		return VRP_ENOMEM;
	}
	pool->start[0] = 0;
	memset(pool->table, 0xff, sizeof(int) * pool->tsize);
	memset(pool->mark, 0, c->nj + 1);
	/* keys of their own: the search's random stream stays untouched */
	g.s = UINT64_C(0x5DEECE66D);
	for (j = 0; j < c->nj; j++)
		pool->zob[j] = RngNext(&g);
	return VRP_OK;
}

void
PoolFree(Ctx *c, VrpPool *pool)
{
	VrpFree(c, pool->start);
	VrpFree(c, pool->item);
	VrpFree(c, pool->cost);
	VrpFree(c, pool->key);
	VrpFree(c, pool->table);
	VrpFree(c, pool->zob);
	VrpFree(c, pool->mark);
	memset(pool, 0, sizeof(*pool));
}

/* Is column k the same set of jobs as jobs[0..n-1]? */
static int
PoolSameSet(VrpPool *pool, int k, const int *jobs, int n)
{
	int			q,
				same = 1;

	if (pool->start[k + 1] - pool->start[k] != n)
		return 0;
	for (q = 0; q < n; q++)
		pool->mark[jobs[q]] = 1;
	for (q = pool->start[k]; q < pool->start[k + 1]; q++)
		same &= pool->mark[pool->item[q]];
	for (q = 0; q < n; q++)
		pool->mark[jobs[q]] = 0;
	return same;
}

/* Add one route (its jobs in order and its cost); keep the cheaper order */
void
PoolAdd(Ctx *c, VrpPool *pool, const int *jobs, int n, double cost)
{
	uint64_t	key = PoolKeyOf(pool, jobs, n);
	size_t		h = (size_t) (key ^ (key >> 29)) & (pool->tsize - 1);
	int			k,
				end;

	while ((k = pool->table[h]) >= 0)
	{
		if (pool->key[k] == key && PoolSameSet(pool, k, jobs, n))
		{
			if (cost < pool->cost[k] - 1e-9 * (1.0 + fabs(cost)))
			{
				memcpy(pool->item + pool->start[k], jobs, sizeof(int) * n);
				pool->cost[k] = cost;
			}
			return;
		}
		h = (h + 1) & (pool->tsize - 1);
	}
	if (pool->ncol >= pool->capcol)
		return;
	end = pool->start[pool->ncol];
	if (end + n > pool->capent)
	{
		int			cap = pool->capent;
		int		   *item;

		while (cap < end + n)
			cap *= 2;
		if (!(item = VrpAlloc(c, sizeof(int) * cap)))
			return;
		memcpy(item, pool->item, sizeof(int) * end);
		VrpFree(c, pool->item);
		pool->item = item;
		pool->capent = cap;
	}
	k = pool->ncol++;
	memcpy(pool->item + end, jobs, sizeof(int) * n);
	pool->start[k + 1] = end + n;
	pool->cost[k] = cost;
	pool->key[k] = key;
	pool->table[h] = k;
}

/* Add every route of plan s */
void
PoolAddSol(Ctx *c, VrpPool *pool, const Sol *s)
{
	int			i;

	for (i = 0; i < s->nused; i++)
	{
		const Route *r = &s->r[s->used[i]];

		PoolAdd(c, pool, r->jobs, r->n, r->cost);
	}
}

/*
 * Replace plan s (every job served, all vehicles alike) by the cheapest
 * plan made of pooled routes, if that is cheaper.  Returns 1 if s
 * changed.
 */
int
PoolCombine(Ctx *c, VrpPool *pool, Sol *s)
{
	VrpSetPart	sp;
	int		   *pick;
	int			n,
				i,
				k;
	double		val;
	long		nodes;

	if (s->n_unas > 0 || pool->ncol == 0)
		return 0;
	if (!(pick = VrpAlloc(c, sizeof(int) * (c->nj + 1))))
		return 0;
	sp.nj = c->nj;
	sp.ncol = pool->ncol;
	sp.start = pool->start;
	sp.item = pool->item;
	sp.cost = pool->cost;
	sp.max_cols = c->nv;
	n = VrpSetPartition(c, &sp, s->cost, POOL_STEPS, pick, &val, &nodes);
	c->work += nodes;
	pool->nodes += nodes;
	if (n > 0)
	{
		int			v = 0;

		/* empty every route, then the chosen routes on vehicles 0, 1, ... */
		while (s->nused > 0)
		{
			int			ri = s->used[s->nused - 1];

			Touch(c, ri);
			s->r[ri].n = 0;
			RouteUpdate(c, &s->r[ri]);
			SolNote(s, ri);
		}
		for (i = 0; i < n; i++, v++)
		{
			Route	   *r = &s->r[v];
			int			len = pool->start[pick[i] + 1] - pool->start[pick[i]];

			Touch(c, v);
			RouteReserve(c, r, len);
			memcpy(r->jobs, pool->item + pool->start[pick[i]], sizeof(int) * len);
			r->n = len;
			RouteUpdate(c, r);
			SolNote(s, v);
			for (k = 0; k < len; k++)
				s->route_of[r->jobs[k]] = v;
		}
		SolRecount(c, s);
		pool->gains++;
	}
	VrpFree(c, pick);
	return n > 0;
}
