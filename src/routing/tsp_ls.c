/*-------------------------------------------------------------------------
 *
 * tsp_ls.c
 *	  The local search of the TSP solver (tsp.c): Lin-Kernighan as a chain
 *	  of 2-opt moves, Or-opt, the orientation-preserving moves of directed
 *	  problems, and the double-bridge kick of chained LK.  Plain C.
 *
 *-------------------------------------------------------------------------
 */
#include "tsp_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Breadth of the search at levels 1, 2, 3, ...; 1 below. */
static const int LK_BREADTH[] = {3, 2, 1};

/* splitmix64 (S. Vigna), a fixed-seed generator */
static unsigned long long
NextRandom(Solver *S)
{
	unsigned long long z;

	S->rng += UINT64_C(0x9E3779B97F4A7C15);
	z = S->rng;
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* uniform in [0, k) (the modulo bias is irrelevant here) */
static int
RandomInt(Solver *S, int k)
{
	return (int) ((NextRandom(S) >> 11) % (unsigned long long) k);
}

/* ---------------------------------------------------------------------- */
/*
 * Reverse the path from..to (in tour order); reverses the complementary
 * path instead when that is shorter, which gives the same cycle.
 */
static void
ReversePath(Solver *S, int from, int to)
{
	int			m = S->m;
	int		   *tour = S->tour;
	int		   *pos = S->pos;
	int			i = pos[from];
	int			j = pos[to];
	int			len;
	int			k;

	len = j - i;
	if (len < 0)
		len += m;
	len += 1;
	if (2 * len > m)
	{
		int			ni = j + 1;
		int			nj = i - 1;

		i = (ni == m) ? 0 : ni;
		j = (nj < 0) ? m - 1 : nj;
		len = m - len;
	}
	for (k = 0; k < len / 2; k++)
	{
		int			a = tour[i];
		int			b = tour[j];

		tour[i] = b;
		pos[b] = i;
		tour[j] = a;
		pos[a] = j;
		if (++i == m)
			i = 0;
		if (--j < 0)
			j = m - 1;
	}
}

/*
 * Remove edges (p,q) and (r,s), add (p,r) and (q,s).  Requires q = Succ(p)
 * and s = Succ(r), or q = Pred(p) and s = Pred(r).
 */
static void
Flip(Solver *S, int p, int q, int r, int s)
{
	if (Succ(S, p) == q)
		ReversePath(S, q, r);
	else
		ReversePath(S, p, s);
}

static int
Pop(Solver *S)
{
	int			v = S->queue[S->qhead];

	if (++S->qhead == S->m)
		S->qhead = 0;
	S->qcount--;
	S->inq[v] = 0;
	return v;
}

/* ---------------------------------------------------------------------- */
/* Lin-Kernighan */

/*
 * Edges added and removed by the current LK chain, as up to two partners
 * per node: an edge added by the chain is never removed again, so a node
 * has at most two; removed edges are edges of the tour the chain started
 * from, also at most two per node.
 */
static inline int
Marked(const int *mark, int a, int b)
{
	return mark[2 * a] == b || mark[2 * a + 1] == b;
}

static inline void
Mark(int *mark, int a, int b)
{
	mark[2 * a + (mark[2 * a] < 0 ? 0 : 1)] = b;
	mark[2 * b + (mark[2 * b] < 0 ? 0 : 1)] = a;
}

static inline void
Unmark(int *mark, int a, int b)
{
	mark[2 * a + (mark[2 * a + 1] == b ? 1 : 0)] = -1;
	mark[2 * b + (mark[2 * b + 1] == a ? 1 : 0)] = -1;
}

/*
 * One level of the LK chain.  t1 and t2 are adjacent in the current tour;
 * g is the gain so far with the edge t1-t2 still to be removed (its cost
 * is included in g).  Each step picks t3 from t2's candidates, removes the
 * tour edge t3-t4 that lets the chain close with t4-t1 into a tour, and
 * applies the flip at once, so the tour is always a tour.  The best
 * closing gain and depth are recorded; once a gain is found the search
 * does not backtrack.
 */
static void
LkStep(Solver *S, int level, int t1, int t2, double g)
{
	int			c3[LK_MAX_BREADTH];
	int			c4[LK_MAX_BREADTH];
	double		cv[LK_MAX_BREADTH];
	int			nc = 0;
	int			breadth;
	int			fwd = (Succ(S, t1) == t2);
	int			st2 = Succ(S, t2);
	int			pt2 = Pred(S, t2);
	int			K = S->K;
	const int  *list = S->nbr + (size_t) t2 * K;
	const double *lcost = S->nbr_cost + (size_t) t2 * K;
	int			k,
				i;

	breadth = (level <= (int) (sizeof(LK_BREADTH) / sizeof(LK_BREADTH[0])))
		? LK_BREADTH[level - 1] : 1;

	for (k = 0; k < K; k++)
	{
		int			t3 = list[k];
		int			t4;
		double		g1,
					v;
		int			j;

		if (t3 < 0)
			break;
		g1 = g - lcost[k];
		if (g1 <= S->eps)
			break;				/* the list is sorted by cost */
		if (t3 == st2 || t3 == pt2)
			continue;
		if (Marked(S->removed, t2, t3))
			continue;
		t4 = fwd ? Pred(S, t3) : Succ(S, t3);
		if (IsFixed(S, t3, t4) || Marked(S->added, t3, t4))
			continue;
		v = g1 + Cost(S, t3, t4);
		/* keep the best `breadth' by v, earlier first on ties */
		if (nc == breadth && !(v > cv[nc - 1]))
			continue;
		j = (nc < breadth) ? nc++ : nc - 1;
		while (j > 0 && v > cv[j - 1])
		{
			cv[j] = cv[j - 1];
			c3[j] = c3[j - 1];
			c4[j] = c4[j - 1];
			j--;
		}
		cv[j] = v;
		c3[j] = t3;
		c4[j] = t4;
	}

	for (i = 0; i < nc; i++)
	{
		int			t3 = c3[i];
		int			t4 = c4[i];
		double		v = cv[i];
		double		gc;
		int		   *mv = S->moves + 4 * S->nmoves;

		Flip(S, t1, t2, t4, t3);
		mv[0] = t1;
		mv[1] = t2;
		mv[2] = t3;
		mv[3] = t4;
		S->nmoves++;
		Mark(S->added, t2, t3);
		Mark(S->removed, t3, t4);

		gc = v - Cost(S, t4, t1);
		if (gc > S->best_gain)
		{
			S->best_gain = gc;
			S->best_depth = S->nmoves;
		}
		if (level < LK_MAX_DEPTH)
			LkStep(S, level + 1, t1, t4, v);
		if (S->best_gain > S->eps)
			return;
		/* undo: remove (t1,t4),(t2,t3), add back (t1,t2),(t4,t3) */
		Flip(S, t1, t4, t2, t3);
		S->nmoves--;
		Unmark(S->added, t2, t3);
		Unmark(S->removed, t3, t4);
	}
}

static void
UndoMove(Solver *S, const int *mv)
{
	Flip(S, mv[0], mv[3], mv[1], mv[2]);
}

/* LK from t1 in both directions; returns the gain (0: none) */
static double
LkFrom(Solver *S, int t1)
{
	int			dir;

	for (dir = 0; dir < 2; dir++)
	{
		int			t2 = dir == 0 ? Succ(S, t1) : Pred(S, t1);

		if (IsFixed(S, t1, t2))
			continue;
		S->nmoves = 0;
		S->best_gain = S->eps;
		S->best_depth = 0;
		Mark(S->removed, t1, t2);
		LkStep(S, 1, t1, t2, Cost(S, t1, t2));
		if (S->best_gain > S->eps)
		{
			int			i;

			/* clear the chain's marks, then undo the moves past the best */
			for (i = 0; i < S->nmoves; i++)
			{
				int		   *mv = S->moves + 4 * i;

				Unmark(S->added, mv[1], mv[2]);
				Unmark(S->removed, mv[2], mv[3]);
			}
			Unmark(S->removed, t1, t2);
			while (S->nmoves > S->best_depth)
			{
				S->nmoves--;
				UndoMove(S, S->moves + 4 * S->nmoves);
			}
			for (i = 0; i < 4 * S->nmoves; i++)
				Push(S, S->moves[i]);
			return S->best_gain;
		}
		Unmark(S->removed, t1, t2);
	}
	return 0.0;
}

/* ---------------------------------------------------------------------- */
/* Or-opt: move the segment s1..s2 (1 to 3 nodes starting at t1, in either
 * direction) between a candidate neighbour c of an end and c's tour
 * neighbour, possibly reversed. */

/*
 * Move segment [s1..s2] (s1 first in tour order, prev p = Pred(s1), next
 * nx = Succ(s2)) between c and d = Succ(c) (c, d outside the segment).
 * reversed: insert as c s2..s1 d, else c s1..s2 d.  Done as flips.
 */
static void
MoveSegment(Solver *S, int s1, int s2, int c, int d, int reversed)
{
	int			p = Pred(S, s1);
	int			nx = Succ(S, s2);

	/*
	 * Tour: p [s1..s2] nx ... c d ...  First flip (p,s1),(c,d) -> (p,c),
	 * (s1,d): reverses s1..c, giving p c ... nx s2..s1 d.  Second flip
	 * (p,c),(nx,s2) -> (p,nx),(c,s2): gives p nx ... c s2..s1 d.
	 */
	Flip(S, p, s1, c, d);
	Flip(S, p, c, nx, s2);
	if (!reversed)
		Flip(S, c, s2, s1, d);
}

static double
OrOpt(Solver *S, int t1)
{
	int			K = S->K;
	int			len;

	for (len = 1; len <= 3; len++)
	{
		int			dir;

		for (dir = 0; dir < 2; dir++)
		{
			int			s1,
						s2,
						p,
						nx,
						i,
						k,
						e;
			double		gain_remove;

			/* segment of len nodes from t1 forwards or backwards */
			if (len == 1 && dir == 1)
				continue;
			s1 = s2 = t1;
			for (i = 1; i < len; i++)
			{
				if (dir == 0)
					s2 = Succ(S, s2);
				else
					s1 = Pred(S, s1);
			}
			p = Pred(S, s1);
			nx = Succ(S, s2);
			if (nx == p || Succ(S, nx) == p)
				return 0.0;		/* too few nodes */
			if (IsFixed(S, p, s1) || IsFixed(S, s2, nx))
				continue;
			/* inner edges must not matter: they are kept */
			gain_remove = Cost(S, p, s1) + Cost(S, s2, nx) - Cost(S, p, nx);
			if (gain_remove <= S->eps)
				continue;

			/* try the candidates of both segment ends */
			for (e = 0; e < 2; e++)
			{
				int			end = e == 0 ? s1 : s2;
				const int  *list = S->nbr + (size_t) end * K;
				const double *lcost = S->nbr_cost + (size_t) end * K;

				for (k = 0; k < K; k++)
				{
					int			c = list[k];
					double		dc = (c < 0) ? 0.0 : lcost[k];
					int			side;

					if (c < 0 || dc >= gain_remove)
						break;
					/* c must lie outside the segment */
					if (S->pos[s1] <= S->pos[s2])
					{
						if (S->pos[c] >= S->pos[s1] && S->pos[c] <= S->pos[s2])
							continue;
					}
					else if (S->pos[c] >= S->pos[s1] || S->pos[c] <= S->pos[s2])
						continue;
					/* insert between c and its successor or predecessor */
					for (side = 0; side < 2; side++)
					{
						int			x = side == 0 ? c : Pred(S, c);
						int			y = side == 0 ? Succ(S, c) : c;
						int			other = (end == s1) ? s2 : s1;
						double		add;
						int			rev;

						/*
						 * x-y must not touch the segment; next to it (x = nx
						 * or y = p) the move is a 2-opt move, left to LK
						 */
						if (x == s2 || y == s1 || x == nx || y == p)
							continue;
						if (IsFixed(S, x, y))
							continue;
						/* end goes next to c, other next to the other one */
						if (c == x)
						{
							/* x end ... other y */
							add = dc + Cost(S, other, y) - Cost(S, x, y);
							rev = (end == s2);	/* x s2..s1 y */
						}
						else
						{
							/* x other ... end y */
							add = dc + Cost(S, x, other) - Cost(S, x, y);
							rev = (end == s1);	/* x s2..s1 y */
						}
						if (gain_remove - add > S->eps)
						{
							int			np = p,
										nn = nx;

							MoveSegment(S, s1, s2, x, y, rev);
							Push(S, np);
							Push(S, nn);
							Push(S, s1);
							Push(S, s2);
							Push(S, x);
							Push(S, y);
							return gain_remove - add;
						}
					}
				}
			}
		}
	}
	return 0.0;
}

/* ---------------------------------------------------------------------- */
/* Directed local search (asymmetric costs): no move reverses a segment */

/* 1 if b lies on the path from a forwards to c (a, c included) */
static inline int
Between(const Solver *S, int a, int b, int c)
{
	int			m = S->m;
	int			pa = S->pos[a];
	int			db = S->pos[b] - pa;
	int			dc = S->pos[c] - pa;

	if (db < 0)
		db += m;
	if (dc < 0)
		dc += m;
	return db <= dc;
}

/* Swap the adjacent blocks U (lu nodes from position p) and V (lv after) */
static void
SwapBlocks(Solver *S, int p, int lu, int lv, int *buf)
{
	int			m = S->m;
	int		   *tour = S->tour;
	int		   *pos = S->pos;
	int			i,
				q,
				r;

	for (i = 0, q = p; i < lu; i++)
	{
		buf[i] = tour[q];
		if (++q == m)
			q = 0;
	}
	/* q is now the first position of V */
	for (i = 0, r = p; i < lv; i++)
	{
		tour[r] = tour[q];
		pos[tour[r]] = r;
		if (++q == m)
			q = 0;
		if (++r == m)
			r = 0;
	}
	for (i = 0; i < lu; i++)
	{
		tour[r] = buf[i];
		pos[buf[i]] = r;
		if (++r == m)
			r = 0;
	}
}

/*
 * a [X = a+ .. b] [Y = b+ .. c] [Z = c+ .. a] -> a [Y] [X] [Z].  On a cycle
 * swapping any two adjacent blocks of the three gives this, so swap the
 * pair with the fewest nodes.
 */
static void
ExchangeSegments(Solver *S, int a, int b, int c, int *buf)
{
	int			m = S->m;
	int			lx = S->pos[b] - S->pos[a];
	int			ly = S->pos[c] - S->pos[b];
	int			lz;

	if (lx < 0)
		lx += m;
	if (ly < 0)
		ly += m;
	lz = m - lx - ly;
	if (lx + ly <= ly + lz && lx + ly <= lz + lx)
		SwapBlocks(S, (S->pos[a] + 1) % m, lx, ly, buf);
	else if (ly + lz <= lz + lx)
		SwapBlocks(S, (S->pos[b] + 1) % m, ly, lz, buf);
	else
		SwapBlocks(S, (S->pos[c] + 1) % m, lz, lx, buf);
}

/* sequential segment exchange from a; returns the gain (0: none) */
static double
SegmentExchange(Solver *S, int a, int *buf)
{
	int			K = S->K;
	int			a1 = Succ(S, a);
	double		daa1 = Cost(S, a, a1);
	const int  *la = S->nbr + (size_t) a * K;
	const double *lca = S->nbr_cost + (size_t) a * K;
	int			k,
				k2;

	if (IsFixed(S, a, a1))
		return 0.0;
	for (k = 0; k < K; k++)
	{
		int			bp = la[k];
		int			b;
		double		g1;
		const int  *lb;
		const double *lcb;
		double		dbbp;

		if (bp < 0)
			break;
		g1 = daa1 - lca[k];
		if (g1 <= S->eps)
			break;
		if (bp == a1)
			continue;
		b = Pred(S, bp);
		if (IsFixed(S, b, bp))
			continue;
		lb = S->nbr + (size_t) b * K;
		lcb = S->nbr_cost + (size_t) b * K;
		dbbp = Cost(S, b, bp);
		for (k2 = 0; k2 < K; k2++)
		{
			int			cp = lb[k2];
			int			c;
			double		g2,
						gain;

			if (cp < 0)
				break;
			g2 = g1 + dbbp - lcb[k2];
			if (g2 <= S->eps)
				break;
			c = Pred(S, cp);
			/* c on the path bp .. a, not a itself */
			if (c == a || !Between(S, bp, c, a) || IsFixed(S, c, cp))
				continue;
			gain = g2 + Cost(S, c, cp) - Cost(S, c, a1);
			if (gain > S->eps)
			{
				ExchangeSegments(S, a, b, c, buf);
				Push(S, a);
				Push(S, a1);
				Push(S, b);
				Push(S, bp);
				Push(S, c);
				Push(S, cp);
				return gain;
			}
		}
	}
	return 0.0;
}

/*
 * Directed Or-opt: the segment s1..s2 (up to 3 stops, t1 at one end) moves
 * between x and y = Succ(x), x a candidate predecessor of s1 or y a
 * candidate successor of s2.
 */
static double
OrOptDirected(Solver *S, int t1, int *buf)
{
	int			K = S->K;
	int			len,
				dir;

	for (len = 1; len <= 3; len++)
		for (dir = 0; dir < 2; dir++)
		{
			int			s1 = t1,
						s2 = t1,
						p,
						nx,
						i,
						k,
						side;
			double		gain_remove;

			for (i = 1; i < len; i++)
			{
				if (dir == 0)
					s2 = Succ(S, s2);
				else
					s1 = Pred(S, s1);
			}
			if (len == 1 && dir == 1)
				continue;
			p = Pred(S, s1);
			nx = Succ(S, s2);
			if (nx == p || Between(S, s1, p, s2))
				continue;		/* too few nodes */
			if (IsFixed(S, p, s1) || IsFixed(S, s2, nx))
				continue;
			gain_remove = Cost(S, p, s1) + Cost(S, s2, nx) - Cost(S, p, nx);
			if (gain_remove <= S->eps)
				continue;
			for (side = 0; side < 2; side++)
			{
				const int  *list = side == 0 ? S->nbr_in + (size_t) s1 * K
				: S->nbr + (size_t) s2 * K;
				const double *lcost = side == 0 ? S->nbr_in_cost + (size_t) s1 * K
				: S->nbr_cost + (size_t) s2 * K;

				for (k = 0; k < K; k++)
				{
					int			w = list[k];
					int			x,
								y;
					double		dw,
								add;

					if (w < 0)
						break;
					dw = lcost[k];
					if (dw >= gain_remove)
						break;
					x = side == 0 ? w : Pred(S, w);
					y = side == 0 ? Succ(S, w) : w;
					/* x on nx .. p, and not p (that would be no move) */
					if (x == p || !Between(S, nx, x, p) || IsFixed(S, x, y))
						continue;
					add = Cost(S, x, s1) + Cost(S, s2, y) - Cost(S, x, y);
					if (gain_remove - add > S->eps)
					{
						/* p [s1..s2] [nx..x] [y..p] -> p [nx..x] [s1..s2] */
						ExchangeSegments(S, p, s2, x, buf);
						Push(S, p);
						Push(S, s1);
						Push(S, s2);
						Push(S, nx);
						Push(S, x);
						Push(S, y);
						return gain_remove - add;
					}
				}
			}
		}
	return 0.0;
}

/* Run the local search until no node is active; returns the total gain. */
double
TspLocalSearch(Solver *S, int *buf)
{
	double		total = 0.0;

	while (S->qcount > 0)
	{
		int			t1 = Pop(S);
		double		g;

		if ((++S->work & 255) == 0)
			Interrupt(S);
		if (S->mode == MODE_DIRECTED)
		{
			g = SegmentExchange(S, t1, buf);
			if (g <= 0.0)
				g = OrOptDirected(S, t1, buf);
		}
		else
		{
			g = LkFrom(S, t1);
			if (g <= 0.0)
				g = OrOpt(S, t1);
		}
		if (g > 0.0)
		{
			total += g;
			Push(S, t1);
		}
	}
	return total;
}
/* ---------------------------------------------------------------------- */
/* Double-bridge kick on short segments: A B C D -> A C B D */

static int
NextCut(const Solver *S, int p)
{
	/* advance p until the edge tour[p] - tour[p+1] is not fixed */
	int			m = S->m;
	int			i;

	for (i = 0; i < m; i++)
	{
		int			q = (p + 1 == m) ? 0 : p + 1;

		if (!IsFixed(S, S->tour[p], S->tour[q]))
			return p;
		p = q;
	}
	return -1;
}

/*
 * Apply a kick; returns its cost change, or NAN when none was possible.
 * The tour A S1 S2 .. Sk (k = nseg short segments after a random node)
 * becomes A Sk .. S2 S1, each segment kept in its direction.  With k = 2
 * this is the "double bridge" A C B D as usually coded, but on a cycle
 * that changes only three edges (a segment exchange), and both LK and the
 * directed search often undo it at once: on 1000 random points the
 * search stopped improving after about 2000 kicks, every later kick
 * repaired to the same tour.  k = 3 changes four edges and is not undone
 * by one sequential move.
 */
double
TspKick(Solver *S, int nseg, int *buf)
{
	int			m = S->m;
	int			maxlen = (m - 2) / nseg;
	int			cut[4];			/* cut[i]: position before segment i+1 */
	int			first[4];		/* first node after cut i */
	int			last[4];		/* node at cut i */
	int			i,
				j,
				k,
				total;
	double		delta = 0.0;

	if (maxlen > 50)
		maxlen = 50;
	if (maxlen < 1)
		return NAN;
	cut[0] = NextCut(S, RandomInt(S, m));
	if (cut[0] < 0)
		return NAN;
	total = 0;
	for (i = 1; i <= nseg; i++)
	{
		int			len = 1 + RandomInt(S, maxlen);

		cut[i] = NextCut(S, (cut[i - 1] + len) % m);
		len = (cut[i] - cut[i - 1] + m) % m;
		if (len == 0)
			return NAN;
		total += len;
	}
	if (total >= m - 1)
		return NAN;
	for (i = 0; i <= nseg; i++)
	{
		last[i] = S->tour[cut[i]];
		first[i] = S->tour[(cut[i] + 1) % m];
		delta -= Cost(S, last[i], first[i]);
	}
	/* new links: A -> Sk, S(i+1) -> Si, S1 -> rest */
	delta += Cost(S, last[0], first[nseg - 1]);
	for (i = nseg - 1; i >= 1; i--)
		delta += Cost(S, last[i + 1], first[i - 1]);
	delta += Cost(S, last[1], first[nseg]);

	/* rewrite the positions after cut[0] as Sk .. S1 */
	j = 0;
	for (i = nseg; i >= 1; i--)
		for (k = (cut[i - 1] + 1) % m;; k = (k + 1) % m)
		{
			buf[j++] = S->tour[k];
			if (k == cut[i])
				break;
		}
	for (i = 0; i < j; i++)
	{
		int			q = (cut[0] + 1 + i) % m;

		S->tour[q] = buf[i];
		S->pos[buf[i]] = q;
	}
	for (i = 0; i <= nseg; i++)
	{
		Push(S, last[i]);
		Push(S, first[i]);
	}
	return delta;
}
