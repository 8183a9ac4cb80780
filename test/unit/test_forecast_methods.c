/* unit: src/forecast/fcmethods.c src/forecast/fc_season.c src/forecast/fc_tdist.c src/forecast/intermittent.c src/forecast/ets.c src/forecast/ets_lik.c src/forecast/ets_optim.c src/forecast/ets_init.c src/forecast/ets_select.c src/forecast/ets_forecast.c src/common/normal.c src/forecast/fcarima.c src/forecast/arima_resid.c src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c src/forecast/arima_fit.c src/forecast/arima_auto.c src/forecast/stl.c src/forecast/mstl.c */
/*
 * Unit tests of the forecasting kernels (fcmethods.c, intermittent.c):
 * quantiles against R 4.2 (qt, qnorm printed with digits = 17), the
 * seasonality test and classical decomposition against R's acf() and
 * decompose(), and the intermittent recursions against hand calculations.
 */
#include <math.h>
#include <stdio.h>

#include "forecast/fcmethods.h"
#include "forecast/intermittent.h"
#include "common/normal.h"
#include "tap.h"

static int
close_rel(double x, double ref, double tol)
{
	return fabs(x - ref) <= tol * fabs(ref);
}

int
main(void)
{
	/* quarterly series C of sql/forecast.sql */
	static const double c[16] = {10, 20, 30, 15, 12, 23, 33, 17, 13, 25, 36,
	19, 15, 27, 39, 21};
	/* R: decompose(ts(C, frequency = 4), "multiplicative")$figure */
	static const double figure[4] = {0.591902194821787, 1.081766752633719,
	1.548614796095465, 0.777716256449029};
	static const double e[12] = {0, 0, 3, 0, 1, 0, 0, 2, 0, 0, 4, 0};
	double		seas[16];
	double		work[16];
	ImFit		fit;
	char		err[256];
	int			i;
	int			ok;

	printf("1..25\n");

	/* R: qt(0.975, 4), qt(0.995, 29), qt(0.9, 1000), qt(0.975, 3), ... */
	check(close_rel(fc_t_quantile(0.975, 4), 2.7764451051977934, 1e-13),
		  "t quantile 0.975, df 4");
	check(close_rel(fc_t_quantile(0.995, 29), 2.7563859036706049, 1e-13),
		  "t quantile 0.995, df 29");
	check(close_rel(fc_t_quantile(0.9, 1000), 1.2823987214609247, 1e-11),
		  "t quantile 0.9, df 1000");
	check(close_rel(fc_t_quantile(0.975, 3), 3.1824463052837078, 1e-13),
		  "t quantile 0.975, df 3");
	check(close_rel(fc_t_quantile(0.975, 7.5), 2.3330396268649736, 1e-13),
		  "t quantile 0.975, df 7.5");
	check(close_rel(fc_t_quantile(0.025, 100), -1.9839715185235516, 1e-13),
		  "t quantile 0.025, df 100 (lower tail)");
	check(fc_t_quantile(0.75, 1) == tan(M_PI / 4) &&
		  close_rel(fc_t_quantile(0.75, 2), 0.816496580927726, 1e-15),
		  "t quantile closed forms df 1 and 2");
	/*
	 * Upper tails below 1e-6 (intervals of level 1 - 1e-16, where
	 * 0.5 + level / 2 rounds to 1): mpmath, 50 digits, bisection on
	 * P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2.
	 */
	check(close_rel(fc_t_quantile_upper(1e-20, 5), 15683.925454365775858, 1e-12) &&
		  close_rel(fc_t_quantile_upper(5e-17, 3), 280429.42532119065502, 1e-12) &&
		  close_rel(fc_t_quantile_upper(1e-7, 29), 6.7651601932769703448, 1e-12) &&
		  close_rel(fc_t_quantile_upper(5.551115123125783e-17, 2),
					94906265.624251544987, 1e-12) &&
		  close_rel(fc_t_quantile_upper(3e-12, 1), 106103295394.5968855, 1e-12),
		  "t quantile of a tiny upper tail");
	check(fc_t_quantile_upper(0.025, 4) == fc_t_quantile(0.975, 4) &&
		  lg_interval_z(0.95, 1.0) == lg_norm_quantile(0.975) &&
		  lg_interval_z(95.0, 100.0) == lg_norm_quantile(0.975),
		  "ordinary levels: the classic forms, to the bit");
	/*
	 * mpmath: sqrt(2) erfinv(1 - 2 tail), tail 5.551115123125783e-17 for
	 * the fraction, (100 - 99.99999999999999) / 200 = 7.105427357601002e-17
	 * for the same level in percent (0.9999999999999999 * 100)
	 */
	check(close_rel(lg_interval_z(0.9999999999999999, 1.0),
					8.2923610758135955, 1e-13) &&
		  close_rel(lg_interval_z(99.99999999999999, 100.0),
					8.2629560719365438, 1e-13),
		  "interval z of level 1 - 1e-16 finite");
	check(close_rel(lg_norm_quantile(0.975), 1.9599639845400536, 1e-15) &&
		  close_rel(lg_norm_quantile(1e-10), -6.3613409024040557, 1e-15),
		  "normal quantile");

	/*
	 * R's acf(C)$acf[5] = 0.704267802604083; M4 limit 1.645/sqrt(16)
	 * sqrt(1 + 2 sum r_1..3^2) = 0.56417731586952: seasonal.
	 */
	check(fc_seasonality_test(c, 16, 4, 0) == 1, "M4 seasonality test on C");
	check(fc_seasonality_test(c, 16, 4, 1) == 1,
		  "thetaf seasonality test on C");
	check(fc_seasonality_test(c, 11, 4, 0) == 0 &&
		  fc_seasonality_test(c, 8, 4, 1) == 0,
		  "too short for the seasonality test (M4: n < 3m, thetaf: n <= 2m)");
	check(fc_seasonality_test(c, 16, 1, 0) == 0, "m = 1 is never seasonal");

	ok = fc_decompose_mult(c, 16, 4, seas, work) == FC_OK;
	for (i = 0; i < 16; i++)
		ok = ok && close_rel(seas[i], figure[i % 4], 1e-14);
	check(ok, "multiplicative decomposition = R decompose()$figure");
	check(fc_decompose_mult(c, 7, 4, seas, work) == FC_EINVAL,
		  "decomposition needs two seasons");

	/* Croston, alpha 0.1: 2.848 / 2.919 (see sql/forecast.sql) */
	check(im_fit(IM_CROSTON, e, 12, 0.1, NAN, 0, &fit, err, sizeof(err)) == 0 &&
		  close_rel(fit.z, 2.848, 1e-15) && close_rel(fit.p, 2.919, 1e-15) &&
		  close_rel(im_forecast(IM_CROSTON, &fit), 0.975676601575882, 1e-14),
		  "croston alpha 0.1");
	check(close_rel(im_forecast(IM_SBA, &fit), 0.95 * 0.975676601575882, 1e-14),
		  "sba = 0.95 croston at alpha 0.1");
	check(im_fit(IM_TSB, e, 12, 0.1, 0.1, 0, &fit, err, sizeof(err)) == 0 &&
		  close_rel(fit.p, 0.336324917727, 1e-12) &&
		  close_rel(im_forecast(IM_TSB, &fit), 0.957853365686496, 1e-13),
		  "tsb alpha = beta = 0.1");
	check(im_fit(IM_ADIDA, e, 12, 0.2, NAN, 0, &fit, err, sizeof(err)) == 0 &&
		  fit.k == 3 && close_rel(im_forecast(IM_ADIDA, &fit), 0.928, 1e-14),
		  "adida default k = 3, alpha 0.2");

	/* a single demand: Croston uses it and its interval (R's croston) */
	{
		static const double one[5] = {0, 0, 6, 0, 0};

		check(im_fit(IM_CROSTON, one, 5, 0.1, NAN, 0, &fit, err, sizeof(err)) == 0 &&
			  im_forecast(IM_CROSTON, &fit) == 2.0,
			  "croston with one demand: 6 / 3");
	}
	check(im_fit(IM_TSB, e, 12, 1.5, NAN, 0, &fit, err, sizeof(err)) == -1,
		  "alpha outside [0, 1] is refused");

	/* estimated parameters stay inside the search range */
	check(im_fit(IM_TSB, e, 12, NAN, NAN, 0, &fit, err, sizeof(err)) == 0 &&
		  fit.alpha >= IM_ALPHA_MIN && fit.alpha <= IM_ALPHA_MAX &&
		  fit.beta >= IM_ALPHA_MIN && fit.beta <= IM_ALPHA_MAX,
		  "tsb estimates alpha and beta in range");

	/* the search finds the grid optimum or better */
	{
		ImFit		g;
		double		best = INFINITY;

		im_fit(IM_SBA, e, 12, NAN, NAN, 0, &fit, err, sizeof(err));
		for (i = 0; i <= 290; i++)
		{
			im_fit(IM_SBA, e, 12, 0.01 + i * 0.001, NAN, 0, &g, err,
				   sizeof(err));
			if (g.mse < best)
				best = g.mse;
		}
		check(fit.mse <= best + 1e-12, "sba estimate is at least as good as a fine grid");
	}
	return failures > 0;
}
