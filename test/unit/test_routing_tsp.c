/* unit: src/routing/tsp.c src/routing/tsp_ls.c */
/*
 * Unit tests of the stop-order solver (src/routing/tsp.c), printing TAP.
 *
 * The reference optimum of every small case comes from code written here,
 * independently of the solver: a plain enumeration of permutations
 * (n <= 9) and a textbook Held-Karp recursion over subsets (n <= 16).
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/tsp.h"
#include "tap.h"

/* a fixed-seed LCG, independent of the solver's generator */
static unsigned long long lcg = 1;

static double
Uniform(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (lcg >> 11) / 9007199254740992.0;
}

/* Random matrix: Euclidean on integer points, optionally with asymmetry */
static void
RandomMatrix(int n, double *c, int asym)
{
	static double x[1024],
				y[1024];
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		x[i] = floor(Uniform() * 1000);
		y[i] = floor(Uniform() * 1000);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		d = floor(sqrt((x[i] - x[j]) * (x[i] - x[j]) +
									   (y[i] - y[j]) * (y[i] - y[j])) + 0.5);

			if (asym && i != j)
				d = floor(d * (1.0 + 0.5 * Uniform()));
			c[i * n + j] = (i == j) ? 0 : d;
		}
}

static double
PathCost(int n, const double *c, const int *t, int closed)
{
	double		s = 0;
	int			i;

	for (i = 0; i + 1 < n; i++)
		s += c[t[i] * n + t[i + 1]];
	if (closed)
		s += c[t[n - 1] * n + t[0]];
	return s;
}

/* ---- reference 1: enumerate every order of the stops other than start */

static double brute_best;

static void
Enumerate(int n, const double *c, int closed, int end, int *perm, int k,
		  int *used)
{
	int			v;

	if (k == n)
	{
		double		cost;

		if (end >= 0 && perm[n - 1] != end)
			return;
		cost = PathCost(n, c, perm, closed);
		if (cost < brute_best)
			brute_best = cost;
		return;
	}
	for (v = 0; v < n; v++)
		if (!used[v])
		{
			used[v] = 1;
			perm[k] = v;
			Enumerate(n, c, closed, end, perm, k + 1, used);
			used[v] = 0;
		}
}

static double
BruteForce(int n, const double *c, int closed, int start, int end)
{
	int			perm[16];
	int			used[16] = {0};

	brute_best = INFINITY;
	perm[0] = start;
	used[start] = 1;
	Enumerate(n, c, closed, end, perm, 1, used);
	return brute_best;
}

/* ---- reference 2: Held-Karp, f(S, j) = min cost start -> S ending at j */

static double
HeldKarp(int n, const double *c, int closed, int start, int end)
{
	int			N = 1 << n;
	double	   *f = malloc(sizeof(double) * N * n);
	int			S,
				j,
				i;
	double		best = INFINITY;

	for (i = 0; i < N * n; i++)
		f[i] = INFINITY;
	f[(1 << start) * n + start] = 0;
	for (S = 0; S < N; S++)
	{
		if (!(S & (1 << start)))
			continue;
		for (j = 0; j < n; j++)
		{
			double		v = f[S * n + j];

			if (v == INFINITY)
				continue;
			for (i = 0; i < n; i++)
			{
				double		w;

				if (S & (1 << i))
					continue;
				w = v + c[j * n + i];
				if (w < f[(S | (1 << i)) * n + i])
					f[(S | (1 << i)) * n + i] = w;
			}
		}
	}
	for (j = 0; j < n; j++)
	{
		double		v;

		if (j == start && n > 1)
			continue;
		if (end >= 0 && j != end)
			continue;
		v = f[(N - 1) * n + j] + (closed ? c[j * n + start] : 0);
		if (v < best)
			best = v;
	}
	free(f);
	return best;
}

/* tour is a permutation beginning at start and ending at end (if >= 0) */
static int
ValidTour(int n, const int *t, int start, int end)
{
	int			seen[1024] = {0};
	int			i;

	if (t[0] != start || (end >= 0 && t[n - 1] != end))
		return 0;
	for (i = 0; i < n; i++)
	{
		if (t[i] < 0 || t[i] >= n || seen[t[i]])
			return 0;
		seen[t[i]] = 1;
	}
	return 1;
}

/* ---- interrupt by longjmp, with an arena allocator like a memory context */

typedef struct Arena
{
	void	   *blocks[256];
	int			nblocks;
	int			calls;
	int			limit;
	jmp_buf		jb;
} Arena;

static void *
ArenaAlloc(size_t size, void *arg)
{
	Arena	   *a = arg;
	void	   *p = malloc(size);

	if (a->nblocks < 256)
		a->blocks[a->nblocks++] = p;
	return p;
}

static void
ArenaRelease(void *p, void *arg)
{
	Arena	   *a = arg;
	int			i;

	for (i = 0; i < a->nblocks; i++)
		if (a->blocks[i] == p)
		{
			free(p);
			a->blocks[i] = NULL;
			return;
		}
}

static void
ArenaInterrupt(void *arg)
{
	Arena	   *a = arg;

	a->calls++;
	if (a->limit > 0 && a->calls >= a->limit)
		longjmp(a->jb, 1);
}

static void
ArenaFreeAll(Arena *a)
{
	int			i;

	for (i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	a->nblocks = 0;
}

int
main(void)
{
	static double c[1024 * 1024];
	int			tour[1024];
	int			tour2[1024];
	char		msg[256];
	TspOptions	opt;
	TspStats	st;
	int			n,
				asym,
				closed,
				withend,
				rep,
				i;

	printf("1..24\n");

	/* 1: tiny cases */
	{
		int			good = 1;

		c[0] = 0;
		good &= lgtsp_solve(1, c, 1, 0, -1, tour, NULL, NULL) == TSP_OK && tour[0] == 0;
		c[0] = 0; c[1] = 5; c[2] = 7; c[3] = 0;
		good &= lgtsp_solve(2, c, 1, 1, -1, tour, NULL, &st) == TSP_OK &&
			tour[0] == 1 && tour[1] == 0 && st.cost == 12;
		good &= lgtsp_solve(2, c, 0, 0, 1, tour, NULL, &st) == TSP_OK &&
			tour[0] == 0 && tour[1] == 1 && st.cost == 5;
		ok(good, "n = 1 and n = 2", NULL);
	}

	/* 2: n = 3, asymmetric: 0->1->2->0 = 1+1+1 = 3, 0->2->1->0 = 10+10+10 */
	{
		double		m3[9] = {0, 1, 10, 10, 0, 1, 1, 10, 0};

		ok(lgtsp_solve(3, m3, 1, 0, -1, tour, NULL, &st) == TSP_OK &&
		   tour[0] == 0 && tour[1] == 1 && tour[2] == 2 && st.cost == 3,
		   "n = 3 asymmetric closed takes the cheap direction", NULL);
		/* from 1: 1->2->0 = 2 */
		ok(lgtsp_solve(3, m3, 0, 1, -1, tour, NULL, &st) == TSP_OK &&
		   tour[0] == 1 && tour[1] == 2 && tour[2] == 0 && st.cost == 2,
		   "n = 3 open path from stop 2", NULL);
	}

	/* 4: bad arguments */
	ok(lgtsp_solve(0, c, 1, 0, -1, tour, NULL, NULL) == TSP_EBADARG &&
	   lgtsp_solve(3, c, 1, 3, -1, tour, NULL, NULL) == TSP_EBADARG &&
	   lgtsp_solve(3, c, 1, 0, 0, tour, NULL, NULL) == TSP_EBADARG &&
	   lgtsp_solve(3, c, 1, 0, 5, tour, NULL, NULL) == TSP_EBADARG,
	   "bad n, start or end are refused", NULL);

	/*
	 * 5-12: exact path (n <= 12) against enumeration, every mode, symmetric
	 * and not, every start
	 */
	for (asym = 0; asym < 2; asym++)
		for (closed = 1; closed >= 0; closed--)
			for (withend = 0; withend < 2; withend++)
			{
				int			good = 1;
				int			cases = 0;

				for (n = 3; n <= 8; n++)
					for (rep = 0; rep < 3; rep++)
					{
						int			start = rep % n;
						int			end = withend ? (start + 1 + rep) % n : -1;
						double		ref;

						if (end == start)
							end = (start + 1) % n;
						RandomMatrix(n, c, asym);
						ref = BruteForce(n, c, closed, start, end);
						if (lgtsp_solve(n, c, closed, start, end, tour, NULL, &st) != TSP_OK ||
							!ValidTour(n, tour, start, end) ||
							st.cost != ref || PathCost(n, c, tour, closed) != ref)
							good = 0;
						cases++;
					}
				snprintf(msg, sizeof(msg), "%s, %s, %s: %d cases",
						 asym ? "asymmetric" : "symmetric",
						 closed ? "closed" : "open",
						 withend ? "fixed end" : "free end", cases);
				ok(good, "exact solver equals enumeration", msg);
			}

	/*
	 * 13-20: the local search (DP switched off) on n = 9..16 against
	 * Held-Karp, every mode; at this size it must find the optimum
	 */
	lgtsp_default_options(&opt);
	opt.exact_max_n = 0;
	for (asym = 0; asym < 2; asym++)
		for (closed = 1; closed >= 0; closed--)
			for (withend = 0; withend < 2; withend++)
			{
				int			good = 1;
				int			cases = 0;
				double		worst = 0;

				for (n = 9; n <= 16; n++)
					for (rep = 0; rep < 2; rep++)
					{
						int			start = (3 * rep + n) % n;
						int			end = withend ? (start + 5) % n : -1;
						double		ref;

						RandomMatrix(n, c, asym);
						ref = HeldKarp(n, c, closed, start, end);
						if (lgtsp_solve(n, c, closed, start, end, tour, &opt, &st) != TSP_OK ||
							!ValidTour(n, tour, start, end) ||
							PathCost(n, c, tour, closed) != st.cost)
							good = 0;
						else if (st.cost > ref)
						{
							good = 0;
							if (st.cost / ref - 1 > worst)
								worst = st.cost / ref - 1;
						}
						cases++;
					}
				snprintf(msg, sizeof(msg), "%s, %s, %s: %d cases, worst gap %.4f",
						 asym ? "asymmetric" : "symmetric",
						 closed ? "closed" : "open",
						 withend ? "fixed end" : "free end", cases, worst);
				ok(good, "local search finds the Held-Karp optimum", msg);
			}

	/* 21: larger instances: valid tours in every mode, deterministic */
	{
		int			good = 1;

		for (asym = 0; asym < 2; asym++)
			for (closed = 0; closed < 2; closed++)
				for (withend = 0; withend < 2; withend++)
				{
					int			end = withend ? 17 : -1;

					n = 60;
					RandomMatrix(n, c, asym);
					if (lgtsp_solve(n, c, closed, 7, end, tour, NULL, NULL) != TSP_OK ||
						lgtsp_solve(n, c, closed, 7, end, tour2, NULL, NULL) != TSP_OK ||
						!ValidTour(n, tour, 7, end) ||
						memcmp(tour, tour2, sizeof(int) * n) != 0)
						good = 0;
				}
		ok(good, "60 stops: valid and identical tours on repeated runs, every mode", NULL);
	}

	/* 22: degenerate costs: all zero, and all stops at one point but one */
	{
		int			good = 1;

		n = 40;
		memset(c, 0, sizeof(double) * n * n);
		good &= lgtsp_solve(n, c, 1, 3, -1, tour, NULL, &st) == TSP_OK &&
			ValidTour(n, tour, 3, -1) && st.cost == 0;
		good &= lgtsp_solve(n, c, 0, 3, 9, tour, NULL, &st) == TSP_OK &&
			ValidTour(n, tour, 3, 9) && st.cost == 0;
		for (i = 0; i < n; i++)
		{
			c[i * n + 0] = (i == 0) ? 0 : 10;
			c[0 * n + i] = (i == 0) ? 0 : 10;
		}
		good &= lgtsp_solve(n, c, 1, 0, -1, tour, NULL, &st) == TSP_OK &&
			ValidTour(n, tour, 0, -1) && st.cost == 20;
		c[0 * n + 5] = 11;		/* asymmetric now */
		good &= lgtsp_solve(n, c, 1, 0, -1, tour, NULL, &st) == TSP_OK &&
			ValidTour(n, tour, 0, -1) && st.cost == 20;
		ok(good, "zero and near-zero costs give valid optimal tours", NULL);
	}

	/* 23: the interrupt callback is called, and may jump out */
	{
		Arena		arena;
		volatile int jumped = 0;

		n = 300;
		RandomMatrix(n, c, 0);
		memset(&arena, 0, sizeof(arena));
		lgtsp_default_options(&opt);
		opt.alloc = ArenaAlloc;
		opt.release = ArenaRelease;
		opt.interrupt = ArenaInterrupt;
		opt.arg = &arena;
		if (setjmp(arena.jb) == 0)
			lgtsp_solve(n, c, 1, 0, -1, tour, &opt, NULL);
		else
			jumped = 1;
		snprintf(msg, sizeof(msg), "%d calls", arena.calls);
		ok(!jumped && arena.calls >= 10, "interrupt callback runs during the search", msg);
		ArenaFreeAll(&arena);

		memset(&arena, 0, sizeof(arena));
		arena.limit = 5;
		if (setjmp(arena.jb) == 0)
			lgtsp_solve(n, c, 1, 0, -1, tour, &opt, NULL);
		else
			jumped = 1;
		ok(jumped && arena.calls == 5, "a callback that does not return ends the solve", NULL);
		ArenaFreeAll(&arena);
	}

	return failures ? 1 : 0;
}
