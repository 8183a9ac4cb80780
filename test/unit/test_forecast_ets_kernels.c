/* unit: src/forecast/ets.c src/forecast/ets_lik.c src/forecast/ets_optim.c src/forecast/ets_init.c src/forecast/ets_select.c src/forecast/ets_forecast.c */
/*
 * The specialised likelihood kernels of estimation (ets_lik_kernel: one
 * model, the components fixed at compile time; ets_pair_kernel: two
 * models interleaved) against the reference recursion ets_run_model() +
 * ets_run_lik(), which is R's etscalc() and is itself checked against R in
 * test_forecast_ets.c (issue 10, test gaps).  Every combination of error,
 * trend (none, additive, damped) and season (none, additive,
 * multiplicative) runs on 200 pseudo-random positive series with
 * parameters drawn inside the usual region; the kernels must agree with
 * the reference to 1e-12 relative, or both be undefined.  TAP.
 */
#include "forecast/ets.h"
#include "forecast/ets_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ntest = 0;
static int nfail = 0;

static void
ok(int cond, const char *name)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", ntest, name);
}

/* xorshift64*: deterministic */
static unsigned long long rng = 88172645463325252ULL;

static double
unif(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double) ((rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* the reference: R's likelihood term from the full recursion */
static double
reference(const EtsRun *r, const double *y, int n, const double *x0)
{
	EtsSums		sums;

	memset(&sums, 0, sizeof(sums));
	ets_run_model(r, y, n, x0, 0, &sums, NULL, NULL, NULL);
	return ets_run_lik(r, n, &sums);
}

static int
agree(double a, double b)
{
	if (!isfinite(a) || !isfinite(b))
		return !isfinite(a) && !isfinite(b);
	return fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b));
}

/* a random model of the given components, its initial state in x0 */
static void
draw(EtsRun *r, int error, int trend, int damped, int season, int m,
	 double *x0)
{
	int			i;
	int			k = 0;

	r->error = error;
	r->trend = trend;
	r->season = season;
	r->m = season ? m : 1;
	r->alpha = 0.05 + 0.9 * unif();
	r->beta = trend ? r->alpha * unif() : 0.0;
	r->gamma = season ? (1.0 - r->alpha) * unif() : 0.0;
	r->phi = damped ? 0.8 + 0.18 * unif() : 1.0;
	x0[k++] = 80.0 + 40.0 * unif();
	if (trend)
		x0[k++] = -1.0 + 2.0 * unif();
	for (i = 0; season && i < m; i++)
		x0[k++] = season == 2 ? 0.7 + 0.6 * unif() : -10.0 + 20.0 * unif();
}

int
main(void)
{
	const int	m = 4;
	const int	n = 60;
	double		y[60];
	int			error,
				trend,
				damped,
				season,
				i,
				s;

	/* 2 errors x 3 trends (N, A, Ad) x 3 seasons; pairs: 3 seasons x 2 */
	printf("1..24\n");
	for (error = 1; error <= 2; error++)
		for (trend = 0; trend <= 1; trend++)
			for (damped = 0; damped <= trend; damped++)
				for (season = 0; season <= 2; season++)
				{
					int			bad = 0;
					char		name[96];

					for (s = 0; s < 200; s++)
					{
						EtsRun		r;
						double		x0[ETS_MAX_STATES];
						double		kern,
									ref;

						draw(&r, error, trend, damped, season, m, x0);
						for (i = 0; i < n; i++)
							y[i] = 100.0 + 10.0 * sin(i * 1.3) + 20.0 * unif();
						kern = ets_lik_kernel(&r) (&r, y, n, x0);
						ref = reference(&r, y, n, x0);
						bad += !agree(kern, ref);
					}
					snprintf(name, sizeof(name),
							 "lik kernel %c%c%s%c = reference recursion (200 series)",
							 "?AM"[error], "NA"[trend], damped ? "d" : "",
							 "NAM"[season]);
					ok(bad == 0, name);
				}
	/* pairs of models interleaved, as the lanes of estimation run them */
	for (season = 0; season <= 2; season++)
		for (error = 1; error <= 2; error++)
		{
			int			bad = 0;
			char		name[96];

			for (s = 0; s < 200; s++)
			{
				EtsRun		r0,
							r1;
				double		x0[ETS_MAX_STATES],
							x1[ETS_MAX_STATES];
				double		lik[2];

				/* r0 additive error when either is, as the lanes pair them */
				int			t0 = (int) (unif() * 2);
				int			t1 = (int) (unif() * 2);

				draw(&r0, 1, t0, t0 && unif() < 0.5, season, m, x0);
				draw(&r1, error, t1, t1 && unif() < 0.5, season, m, x1);
				for (i = 0; i < n; i++)
					y[i] = 100.0 + 10.0 * sin(i * 0.7) + 20.0 * unif();
				ets_pair_kernel(&r0, &r1) (&r0, x0, &r1, x1, y, n, lik);
				bad += !agree(lik[0], reference(&r0, y, n, x0)) ||
					!agree(lik[1], reference(&r1, y, n, x1));
			}
			snprintf(name, sizeof(name),
					 "pair kernel A?%c with %c?%c = reference recursion (200 pairs)",
					 "NAM"[season], "?AM"[error], "NAM"[season]);
			ok(bad == 0, name);
		}
	return nfail ? 1 : 0;
}
