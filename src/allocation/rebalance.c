/*
 * rebalance.c
 *		Stock rebalancing: per SKU, a transportation problem from the
 *		warehouses above their target (donors, surplus on_hand - target) to
 *		those below it (receivers, deficit target - on_hand).
 *
 * The network of one SKU: donor d with supply s_d, receiver r with demand
 * q_r (its quota, below), a sink Z taking the surplus not shipped (arcs
 * d -> Z of cost 0) and a source U of "unmet" units (arcs U -> r of cost
 * M, U -> Z of cost 0) so that every instance is feasible:
 *
 *		supply(U) = sum q_r,  demand(Z) = sum s_d.
 *
 * M = (nodes + 1) (max lane cost + 1) exceeds the cost of any path, so U
 * serves a receiver only when no lane can: the optimum moves as many units
 * as the lanes allow and among those plans the cheapest.  With all lanes
 * present (geodesic costs) every quota is met.  Stock is never moved into a
 * warehouse beyond its target nor out of one below it.
 *
 * Shortfall rule (when the surplus S is below the deficits D): each
 * receiver's quota is its deficit scaled by S / D, rounded by the largest
 * remainder method (lal_share_shortfall), so every short warehouse ends with
 * the same fraction of its deficit covered, to one unit.  Without a
 * shortfall quotas are the deficits.  Whatever a receiver still lacks is
 * reported as its shortfall.
 *
 * Bands (max_units given; target is then the band's minimum): every
 * warehouse x SKU should end within [min, max].  Below min it must receive
 * min - on_hand and may receive up to max - on_hand; above max it must give
 * on_hand - max and may give down to min; inside the band it may do either
 * (SolveBandSku).  The least-cost plan meeting every obligation moves only
 * what the obligations need.  A shortfall (obligations to receive above
 * all that can be given) is shared as above; an overflow (obligations to
 * give above all the room below the maxima) likewise, each warehouse above
 * its max shipping the same share of its excess, and what stays is
 * reported as excess.
 */
#include "allocation/allocation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Remainder
{
	int64_t		rem;
	int			idx;
} Remainder;

static int
RemainderCmp(const void *a, const void *b)
{
	const Remainder *x = a;
	const Remainder *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->idx - y->idx;
}

void
lal_share_shortfall(const int64_t *d, int n, int64_t supply, int64_t *quota)
{
	__int128	total = 0;
	int64_t		given = 0;
	int			i;
	Remainder  *r;

	for (i = 0; i < n; i++)
		total += d[i];
	if (total <= supply)
	{
		memcpy(quota, d, sizeof(int64_t) * n);
		return;
	}
	r = malloc(sizeof(Remainder) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		__int128	x = (__int128) d[i] * supply;

		quota[i] = (int64_t) (x / total);
		given += quota[i];
		if (r != NULL)
		{
			r[i].rem = (int64_t) (x % total);
			r[i].idx = i;
		}
	}
	/* fewer than n units remain, one each by the largest remainders */
	if (r != NULL)
	{
		qsort(r, n, sizeof(Remainder), RemainderCmp);
		for (i = 0; i < n && given < supply; i++, given++)
			quota[r[i].idx]++;
		free(r);
	}
	else
	{
		for (i = 0; i < n && given < supply; i++)
			if (quota[i] < d[i])
			{
				quota[i]++;
				given++;
			}
	}
}

static int
Append(LalRebalanceResult *out, int sku, int from, int to, int64_t qty)
{
	if (out->n == out->cap)
	{
		int			cap = out->cap ? 2 * out->cap : 256;
		LalTransfer *t = realloc(out->t, sizeof(LalTransfer) * cap);

		if (t == NULL)
			return -1;
		out->t = t;
		out->cap = cap;
	}
	out->t[out->n].sku = sku;
	out->t[out->n].from = from;
	out->t[out->n].to = to;
	out->t[out->n].qty = qty;
	out->n++;
	return 0;
}

/*
 * A first plan by the row minimum rule for transportation problems: each
 * receiver in turn takes from the cheapest donors with stock left (lane
 * costs gc, donors by rows; the first of equal costs), U covers what no
 * lane can, Z takes what is left.  Every receiver's donors but its last
 * end empty, so the arcs with flow form a forest, as lmcf_solve_from_list
 * wants (it checks).  The plan goes to arc[], x[] as the arcs of SolveSku's
 * network with their flows; returns their number.  left and live are
 * workspaces of nd entries: the donors with stock left, in order, so that
 * the search skips the empty ones.
 */
static int
GreedyStart(const int64_t *supply, int nd, const int64_t *quota, int nr,
			const double *gc, int64_t *left, int *live, int *arc, int64_t *x)
{
	int			i,
				j,
				t,
				nlive = 0,
				k = 0;
	int64_t		unmet = 0,
				qsum = 0;

	memcpy(left, supply, sizeof(int64_t) * nd);
	for (i = 0; i < nd; i++)
		if (left[i] > 0)
			live[nlive++] = i;
	for (j = 0; j < nr; j++)
	{
		int64_t		need = quota[j];
		const double *cj = gc + j;

		qsum += need;
		while (need > 0)
		{
			int			best = -1;
			double		bc = INFINITY;
			int64_t		take;

			for (t = 0; t < nlive; t++)
			{
				double		c = cj[(size_t) live[t] * nr];

				if (c < bc)
				{
					bc = c;
					best = t;
				}
			}
			if (best < 0)
				break;
			i = live[best];
			take = left[i] < need ? left[i] : need;
			arc[k] = i * nr + j;
			x[k++] = take;
			left[i] -= take;
			need -= take;
			if (left[i] == 0)
			{
				/* drop the donor, keeping the others in order */
				memmove(live + best, live + best + 1,
						sizeof(int) * (nlive - best - 1));
				nlive--;
			}
		}
		if (need > 0)
		{
			arc[k] = nd * nr + nd + j;	/* U -> receiver */
			x[k++] = need;
			unmet += need;
		}
	}
	for (i = 0; i < nd; i++)
		if (left[i] > 0)
		{
			arc[k] = nd * nr + i;	/* donor -> Z */
			x[k++] = left[i];
		}
	/* U's supply is the quotas' sum; what it did not send goes to Z */
	if (qsum > unmet)
	{
		arc[k] = nd * nr + nd + nr;
		x[k++] = qsum - unmet;
	}
	return k;
}

/*
 * The k lanes (arcs r * ncol + c of a grid with nrow rows) of arc[] into
 * out[] in ascending order: a counting sort by row, then an insertion sort
 * that only has to order each row's few lanes.  cnt has nrow + 1 entries.
 */
static void
SortLanes(const int *arc, int k, int nrow, int ncol, int *cnt, int *out)
{
	int			i,
				r;

	memset(cnt, 0, sizeof(int) * (nrow + 1));
	for (i = 0; i < k; i++)
		cnt[arc[i] / ncol + 1]++;
	for (r = 0; r < nrow; r++)
		cnt[r + 1] += cnt[r];
	for (i = 0; i < k; i++)
		out[cnt[arc[i] / ncol]++] = arc[i];
	for (i = 1; i < k; i++)
	{
		int			a = out[i],
					p = i;

		while (p > 0 && out[p - 1] > a)
		{
			out[p] = out[p - 1];
			p--;
		}
		out[p] = a;
	}
}

/*
 * Solve the SKU whose rows are lo..hi-1.  don/rec/quota are workspaces of
 * nwh entries.
 */
static LmcfStatus
SolveSku(const LalRebalanceInput *in, int lo, int hi, int *don, int *rec,
		 int64_t *def, int64_t *quota, LalRebalanceResult *out,
		 LmcfInterrupt interrupt, void *arg)
{
	LmcfProblem *p = out->work;
	int			nd = 0,
				nr = 0,
				i,
				j,
				k,
				nn,
				na,
				z,
				u,
				sku = in->row_sku[lo];
	int64_t		surplus = 0,
				need = 0;
	const int64_t *flow;
	LmcfStatus	s;

	for (i = lo; i < hi; i++)
	{
		if (in->on_hand[i] > in->target[i])
		{
			don[nd++] = i;
			surplus += in->on_hand[i] - in->target[i];
		}
		else if (in->on_hand[i] < in->target[i])
		{
			def[nr] = in->target[i] - in->on_hand[i];
			rec[nr++] = i;
		}
	}
	if (nr == 0)
		return LMCF_OPTIMAL;
	lal_share_shortfall(def, nr, surplus, quota);
	for (j = 0; j < nr; j++)
		need += quota[j];

	if (nd > 0 && need > 0)
	{
		double	   *gc = out->grid,
					cmax = 0.0,
					big;
		int64_t    *supply = out->x0,
				   *left = supply + nd,
				   *x = left + nd;
		/* arcs: the start's (2 (nd + nr) + 1), col, live, cnt, lanes */
		int		   *arc = out->arcs,
				   *col = arc + nd + nr + nd + nr + 1,
				   *live = col + nr,
				   *cnt = live + nd,
				   *lanes = cnt + nd + 1;

		nn = nd + nr + 2;
		na = nd * nr + nd + nr + 1;
		z = nd + nr;
		u = z + 1;
		if (lmcf_reset(p, nn, na) != 0)
			return LMCF_BAD_INPUT;
		for (i = 0; i < nd; i++)
		{
			supply[i] = in->on_hand[don[i]] - in->target[don[i]];
			lmcf_set_supply(p, i, supply[i]);
		}
		for (j = 0; j < nr; j++)
			lmcf_set_supply(p, nd + j, -quota[j]);
		lmcf_set_supply(p, u, need);
		lmcf_set_supply(p, z, -surplus);

		/* lanes first, a grid of arcs i * nr + j */
		for (j = 0; j < nr; j++)
			col[j] = in->row_wh[rec[j]];
		for (i = 0; i < nd; i++)
		{
			const double *row = in->lane_cost +
				(size_t) in->row_wh[don[i]] * in->nwh;
			double	   *g = gc + (size_t) i * nr;

			for (j = 0; j < nr; j++)
			{
				double		c = row[col[j]];

				g[j] = c;
				if (c > cmax && !isinf(c))
					cmax = c;
			}
		}
		if (lmcf_add_grid(p, nd, nr, gc) != 0)
			return LMCF_BAD_INPUT;
		big = ((double) nn + 1.0) * (cmax + 1.0);
		for (i = 0; i < nd; i++)
			lmcf_add_arc(p, i, z, LMCF_INF, 0.0);
		for (j = 0; j < nr; j++)
			lmcf_add_arc(p, u, nd + j, LMCF_INF, big);
		lmcf_add_arc(p, u, z, LMCF_INF, 0.0);

		k = GreedyStart(supply, nd, quota, nr, gc, left, live, arc, x);
		s = lmcf_solve_from_list(p, k, arc, x, interrupt, arg);
		if (s != LMCF_OPTIMAL)
			return s;
		out->pivots += lmcf_pivots(p);

		/*
		 * Lanes are uncapacitated (or closed), so only tree arcs carry
		 * flow: read those, in arc order as a scan of the grid would.
		 */
		flow = lmcf_flows(p);
		{
			int			nt = lmcf_tree_arcs(p, arc);

			for (i = 0, k = 0; i < nt; i++)
				if (arc[i] < nd * nr && flow[arc[i]] > 0)
					arc[k++] = arc[i];
		}
		SortLanes(arc, k, nd, nr, cnt, lanes);
		for (i = 0; i < k; i++)
		{
			int			a = lanes[i],
						from = in->row_wh[don[a / nr]],
						to = col[a % nr];
			int64_t		f = flow[a];

			if (Append(out, sku, from, to, f) != 0)
				return LMCF_NO_MEMORY;
			out->cost += (double) f * in->lane_cost[(size_t) from * in->nwh + to];
			def[a % nr] -= f;
		}
	}
	/* what each receiver still lacks */
	for (j = 0; j < nr; j++)
		if (def[j] > 0 &&
			Append(out, sku, -1, in->row_wh[rec[j]], def[j]) != 0)
			return LMCF_NO_MEMORY;
	return LMCF_OPTIMAL;
}

/*
 * The transfers of a solved band problem, appended to out, then what must
 * still come from outside (rows left below min) or leave (rows left above
 * max).  give and room are reused as shipped and received per row.
 */
static LmcfStatus
TakeBandFlows(const LalRebalanceInput *in, LmcfProblem *p,
			  LalRebalanceResult *out, int sku, const int *don, int nd,
			  const int *rec, int nr, int64_t *give, int64_t *room)
{
	int			i,
				j;

	/* what each row ends with: give/room reused as shipped/received */
	for (i = 0; i < nd; i++)
		give[i] = 0;
	for (j = 0; j < nr; j++)
		room[j] = 0;
	for (i = 0; i < nd; i++)
		for (j = 0; j < nr; j++)
		{
			int64_t		f = lmcf_flow(p, i * nr + j);

			if (f > 0)
			{
				int			from = in->row_wh[don[i]],
							to = in->row_wh[rec[j]];

				if (Append(out, sku, from, to, f) != 0)
					return LMCF_NO_MEMORY;
				out->cost += (double) f * in->lane_cost[(size_t) from * in->nwh + to];
				give[i] += f;
				room[j] += f;
			}
		}
	/* rows still below min or above max (a row is one donor or receiver
	 * with an obligation, never both) */
	for (j = 0; j < nr; j++)
	{
		int			r = rec[j];
		int64_t		end = in->on_hand[r] + room[j];

		for (i = 0; i < nd; i++)
			if (don[i] == r)
				end -= give[i];
		if (end < in->target[r] &&
			Append(out, sku, -1, in->row_wh[r], in->target[r] - end) != 0)
			return LMCF_NO_MEMORY;
	}
	for (i = 0; i < nd; i++)
	{
		int			r = don[i];
		int64_t		end = in->on_hand[r] - give[i];

		for (j = 0; j < nr; j++)
			if (rec[j] == r)
				end += room[j];
		if (end > in->max_units[r] &&
			Append(out, sku, in->row_wh[r], -1, end - in->max_units[r]) != 0)
			return LMCF_NO_MEMORY;
	}
	return LMCF_OPTIMAL;
}

/*
 * The band network of one SKU: every row that may give (on hand above min)
 * is a donor node, every row that may receive (on hand below max) a
 * receiver node; a row inside its band is both.  Donor d supplies give_d =
 * on_hand - min, of which excess_d = on_hand - max (if positive) must
 * leave: the rest may go to the sink Z free (arc of capacity give - excess),
 * the obligation only at M (an arc without lanes to carry it).  Receiver r
 * takes room_r = max - on_hand, of which need_r = min - on_hand must come
 * from donors: the rest may come from the source U free, the need only at
 * M.  U supplies the rooms' sum and may pass it to Z free.  Lanes d -> r
 * between different warehouses at their cost.  need and excess are the
 * quotas after sharing a shortfall or an overflow.
 */
static LmcfStatus
SolveBandSku(const LalRebalanceInput *in, int lo, int hi, int *don, int *rec,
			 int64_t *def, int64_t *quota, LalRebalanceResult *out,
			 LmcfInterrupt interrupt, void *arg)
{
	LmcfProblem *p = out->work;
	int			n = hi - lo,
				nd = 0,
				nr = 0,
				i,
				j,
				z,
				u,
				nlanes,
				sku = in->row_sku[lo];
	int64_t    *need = def,
			   *excess = quota,
			   *give = out->x0,
			   *room = out->x0 + n,
				sum_give = 0,
				sum_room = 0,
				sum_need = 0,
				sum_excess = 0;
	double		cmax = 0.0,
				big;
	LmcfStatus	s;

	for (i = lo; i < hi; i++)
	{
		int64_t		h = in->on_hand[i],
					mn = in->target[i],
					mx = in->max_units[i];

		if (h > mn)
		{
			give[nd] = h - mn;
			excess[nd] = h > mx ? h - mx : 0;
			sum_give += give[nd];
			sum_excess += excess[nd];
			don[nd++] = i;
		}
		if (h < mx)
		{
			room[nr] = mx - h;
			need[nr] = h < mn ? mn - h : 0;
			sum_room += room[nr];
			sum_need += need[nr];
			rec[nr++] = i;
		}
	}
	if (sum_need == 0 && sum_excess == 0)
		return LMCF_OPTIMAL;	/* every row inside its band */
	/* share a shortfall or an overflow (at most one: see below) */
	if (sum_need > sum_give)
	{
		int64_t    *q = room + n;

		lal_share_shortfall(need, nr, sum_give, q);
		memcpy(need, q, sizeof(int64_t) * nr);
	}
	if (sum_excess > sum_room)
	{
		int64_t    *q = room + n;

		lal_share_shortfall(excess, nd, sum_room, q);
		memcpy(excess, q, sizeof(int64_t) * nd);
	}

	/*
	 * (A shortfall means every donor gives all it can, so nothing is above
	 * max and sum_excess <= sum_give < sum_need <= sum_room: never both.)
	 */
	nlanes = nd * nr;
	z = nd + nr;
	u = z + 1;
	if (lmcf_reset(p, nd + nr + 2, nlanes + 2 * nd + 2 * nr + 1) != 0)
		return LMCF_BAD_INPUT;
	for (i = 0; i < nd; i++)
		lmcf_set_supply(p, i, give[i]);
	for (j = 0; j < nr; j++)
		lmcf_set_supply(p, nd + j, -room[j]);
	lmcf_set_supply(p, u, sum_room);
	lmcf_set_supply(p, z, -sum_give);
	for (i = 0; i < nd; i++)
		for (j = 0; j < nr; j++)
		{
			int			a = in->row_wh[don[i]],
						b = in->row_wh[rec[j]];
			double		c = in->lane_cost[(size_t) a * in->nwh + b];

			if (a == b || isinf(c))
				lmcf_add_arc(p, i, nd + j, 0, 0.0);
			else
			{
				lmcf_add_arc(p, i, nd + j, LMCF_INF, c);
				if (c > cmax)
					cmax = c;
			}
		}
	big = ((double) nd + nr + 3.0) * (cmax + 1.0);
	for (i = 0; i < nd; i++)
	{
		lmcf_add_arc(p, i, z, give[i] - excess[i], 0.0);
		lmcf_add_arc(p, i, z, LMCF_INF, big);
	}
	for (j = 0; j < nr; j++)
	{
		lmcf_add_arc(p, u, nd + j, room[j] - need[j], 0.0);
		lmcf_add_arc(p, u, nd + j, LMCF_INF, big);
	}
	lmcf_add_arc(p, u, z, LMCF_INF, 0.0);
	s = lmcf_solve(p, interrupt, arg);
	if (s != LMCF_OPTIMAL)
		return s;
	out->pivots += lmcf_pivots(p);

	return TakeBandFlows(in, p, out, sku, don, nd, rec, nr, give, room);
}

LmcfStatus
lal_rebalance(const LalRebalanceInput *in, LalRebalanceResult *out,
			  LmcfInterrupt interrupt, void *arg)
{
	int			lo,
				hi,
				nsku = 0,
				max_rows = 0,
				max_d = 0,
				max_r = 0;
	int		   *don,
			   *rec;
	int64_t    *def,
			   *quota;
	LmcfStatus	s = LMCF_OPTIMAL;

	memset(out, 0, sizeof(*out));

	/* the largest network of any SKU sizes the one workspace */
	for (lo = 0; lo < in->nrows; lo = hi)
	{
		int			nd = 0,
					nr = 0;

		for (hi = lo; hi < in->nrows && in->row_sku[hi] == in->row_sku[lo]; hi++)
		{
			if (in->on_hand[hi] > in->target[hi])
				nd++;
			if (in->max_units != NULL ? in->on_hand[hi] < in->max_units[hi] :
				in->on_hand[hi] < in->target[hi])
				nr++;
		}
		if ((int64_t) nd * nr > (int64_t) max_d * max_r)
		{
			max_d = nd;
			max_r = nr;
		}
		if (hi - lo > max_rows)
			max_rows = hi - lo;
	}
	/*
	 * a band network has up to two nodes (donor, receiver) and four arcs
	 * besides lanes a row (SolveSku: one node, at most two arcs)
	 */
	if ((int64_t) max_d * max_r + 4 * (int64_t) max_rows + 1 > LMCF_MAX_ARCS)
		return LMCF_BAD_INPUT;
	out->work = lmcf_create(2 * max_rows + 2,
							max_d * max_r + 4 * max_rows + 1);
	/* one block, freed by lal_rebalance_free even after a longjmp */
	out->scratch = malloc((sizeof(int) * 2 + sizeof(int64_t) * 2) *
						  ((size_t) max_rows + 1));
	/*
	 * SolveSku: supplies, units left and the start's flows (at most 2 a
	 * row and 1); bands: 3 a row
	 */
	out->x0 = malloc(sizeof(int64_t) * (4 * (size_t) max_rows + 4));
	/* the start's arcs, then the receivers' warehouses */
	out->arcs = malloc(sizeof(int) * (6 * (size_t) max_rows + 8));
	out->grid = malloc(sizeof(double) * ((size_t) max_d * max_r + 1));
	if (out->work == NULL || out->scratch == NULL || out->x0 == NULL ||
		out->arcs == NULL || out->grid == NULL)
		return LMCF_NO_MEMORY;
	def = out->scratch;
	quota = def + max_rows + 1;
	don = (int *) (quota + max_rows + 1);
	rec = don + max_rows + 1;

	for (lo = 0; s == LMCF_OPTIMAL && lo < in->nrows; lo = hi)
	{
		for (hi = lo; hi < in->nrows && in->row_sku[hi] == in->row_sku[lo]; hi++)
			;
		if (interrupt != NULL && (++nsku & 255) == 0)
			interrupt(arg);
		if (in->max_units != NULL)
			s = SolveBandSku(in, lo, hi, don, rec, def, quota, out,
							 interrupt, arg);
		else
			s = SolveSku(in, lo, hi, don, rec, def, quota, out, interrupt, arg);
		if (in->emit != NULL && s == LMCF_OPTIMAL &&
			(out->n >= LAL_EMIT_BATCH || hi == in->nrows) && out->n > 0)
		{
			int			n = out->n;

			out->n = 0;			/* dropped even if emit longjmps */
			in->emit(in->emit_arg, out->t, n);
		}
	}
	return s;
}

void
lal_rebalance_free(LalRebalanceResult *out)
{
	free(out->t);
	lmcf_free(out->work);
	free(out->scratch);
	free(out->x0);
	free(out->arcs);
	free(out->grid);
	out->x0 = NULL;
	out->arcs = NULL;
	out->grid = NULL;
	out->t = NULL;
	out->work = NULL;
	out->scratch = NULL;
	out->n = out->cap = 0;
}
