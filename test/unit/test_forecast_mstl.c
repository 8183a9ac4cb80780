/* unit: src/forecast/fcmethods.c src/forecast/fc_season.c src/forecast/fc_tdist.c src/forecast/intermittent.c src/forecast/ets.c src/forecast/ets_lik.c src/forecast/ets_optim.c src/forecast/ets_init.c src/forecast/ets_select.c src/forecast/ets_forecast.c src/forecast/mstl.c src/forecast/stl.c src/common/normal.c src/forecast/fcarima.c src/forecast/arima_resid.c src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c src/forecast/arima_fit.c src/forecast/arima_auto.c */
/*
 * Unit tests of method 'mstl' (src/forecast/mstl.c through fc_fit,
 * fc_forecast, fc_residuals) against R 4.2 / forecast 8.20:
 *
 *	x <- sapply(1:22, function(t) 3*sin(2*pi*t/4) + t/10 + cos(t))
 *	f <- forecast(mstl(msts(x, seasonal.periods = c(2, 4))), h = 5, level = 95)
 *	f$mean[c(1, 5)]; f$lower[3]; f$upper[3]; residuals(f)[c(1, 22)]
 *	(STL + ETS(A,N,N)); with method = "arima" (mstl:arima, ARIMA(2,0,0)):
 *	f$mean[c(1, 5)] -1.4195507758068471, -1.2007658028298089,
 *	f$lower[3] 5.045427267982717, f$upper[3] 6.8176242462893502
 *
 * A non-integer period (R: stl() with frequency 5.5, i.e. cycle-subseries
 * of 5 values but t.window nextodd(ceiling(1.5 * 5.5 / (1 - 1.5 / 15))) =
 * 11 rather than frequency 5's 9; projection of the last 5 values):
 *
 *	z <- sapply(1:30, function(t) 3*sin(2*pi*t/5.5) + 2*sin(2*pi*t/3) +
 *				t/10 + cos(t))
 *	m <- mstl(msts(z, seasonal.periods = c(5.5, 3)))
 *	m[c(1, 30), "Seasonal5.5"] -0.14388482297837574, -1.6195374420444621
 *	f <- forecast(m, h = 9, level = 95)		(STL + ETS(A,N,N))
 *	f$mean[c(1, 5, 6, 9)] 3.4610038283809663, -0.60473172098903349,
 *		1.6418320790225831, 2.6846698108709242
 *	f$lower[3], f$upper[3] -0.5190519219375711, 8.680200468049966
 *	residuals(f)[c(1, 30)] 2.4208079278875347, 3.5188399820340521
 *
 * h-step in-sample errors (fc_residuals with h >= 2, ets_fitted_h), R's
 * fitted(model, h) (hfitted: the model re-run with its parameters and
 * initial states on y[1..i], forecast h steps):
 *
 *	e <- forecast(mstl(msts(x, seasonal.periods = c(2, 4))), h = 5)$model
 *	r3 <- seasadj(mstl(...)) - fitted(e, h = 3)	(19 values from t = 4)
 *	r3[c(4, 22)] -0.73496661462654633, -1.7528565950578663
 *
 * and two models with set parameters and initial states (R: fit, then
 * f$par[] <- ...; f$initstate[] <- ...; fitted(f, h = h)):
 *
 *	y <- c(10,12,11,13,12,14,13,15,16,15,17,18,17,19,21,20)
 *	ETS(A,Ad,N) alpha 0.125, beta 0.1, phi 0.95, l 9.9, b 0.5; h = 3:
 *	fitted[c(4, 16)] 11.5136953125, 19.3318402587762 (NA before t = 4)
 *	y2 <- c(12,15,11,9,13,17,12,10,15,19,14,11,16,21,15,12,18,23,17,13)
 *	ETS(A,A,A) m = 4, alpha 0.3, beta 0.05, gamma 0.2, l 11.5, b 0.3,
 *	s 1..4 = -1.8, 3.9, 0.8, -2.9 (s1 newest): h = 2 fitted[c(3, 20)]
 *	17.54, 16.0683228160154; h = 6 fitted[c(7, 20)] 19.36, 16.8186471246675
 *
 * The long series (taylor) is compared in sql/forecast_mstl.sql.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "forecast/fcmethods.h"
#include "forecast/mstl.h"
#include "forecast/ets.h"
#include "tap.h"

static int
close_rel(double x, double ref, double tol)
{
	return fabs(x - ref) <= tol * fabs(ref);
}

/* An additive-error ETS model with set parameters and initial states */
static EtsModel
SetModel(char trend, int damped, char season, int m, double alpha,
		 double beta, double gamma, double phi, const double *x0, int nx)
{
	EtsModel	e = {0};
	int			i;

	e.version = ETS_MODEL_VERSION;
	e.error = 'A';
	e.trend = trend;
	e.season = season;
	e.damped = (char) damped;
	e.m = m;
	e.period = m;
	e.nstate = nx;
	e.npar = 2;
	e.alpha = alpha;
	e.beta = beta;
	e.gamma = gamma;
	e.phi = phi;
	for (i = 0; i < nx; i++)
		e.init_state[i] = x0[i];
	return e;
}

/* ETS(A,Ad,N), values from R in the comment at the top */
static int
HstepEts(void)
{
	double		y[16] = {10, 12, 11, 13, 12, 14, 13, 15, 16, 15, 17, 18, 17,
	19, 21, 20},
				x0[2] = {9.9, 0.5},
				f[16];
	char		err[256];
	EtsModel	e = SetModel('A', 1, 'N', 1, 0.125, 0.1, 0, 0.95, x0, 2);

	return ets_fitted_h(y, 16, &e, 3, f, err, sizeof(err)) == ETS_OK &&
		isnan(f[0]) && isnan(f[2]) &&
		close_rel(f[3], 11.5136953125, 1e-12) &&
		close_rel(f[15], 19.3318402587762, 1e-12) &&
		ets_fitted_h(y, 16, &e, 16, f, err, sizeof(err)) == ETS_EINVAL;
}

/* ETS(A,A,A) with m = 4: the seasonal state of step h, not of step 1 */
static int
HstepSeasonal(void)
{
	double		y[20] = {12, 15, 11, 9, 13, 17, 12, 10, 15, 19, 14, 11, 16,
	21, 15, 12, 18, 23, 17, 13},
				x0[6] = {11.5, 0.3, -1.8, 3.9, 0.8, -2.9},
				f2[20],
				f6[20];
	char		err[256];
	EtsModel	e = SetModel('A', 0, 'A', 4, 0.3, 0.05, 0.2, 1, x0, 6);

	return ets_fitted_h(y, 20, &e, 2, f2, err, sizeof(err)) == ETS_OK &&
		ets_fitted_h(y, 20, &e, 6, f6, err, sizeof(err)) == ETS_OK &&
		isnan(f2[1]) && close_rel(f2[2], 17.54, 1e-12) &&
		close_rel(f2[19], 16.0683228160154, 1e-12) &&
		isnan(f6[5]) && close_rel(f6[6], 19.36, 1e-12) &&
		close_rel(f6[19], 16.8186471246675, 1e-12);
}

/*
 * naive: y_t - y_{t-h}; snaive m = 3, h = 4: the forecast repeats the
 * value 6 = 3 * ceil(4 / 3) steps back (hand computation)
 */
static int
HstepNaive(void)
{
	double		y[8] = {1, 2, 4, 7, 11, 16, 22, 29},
				r[8];
	int			nres,
				ok;
	char		err[256];
	FcModel		model = {0};

	model.method = FC_NAIVE;
	model.m = 1;
	ok = fc_residuals(y, 8, &model, 3, r, &nres, NULL, err,
					  sizeof(err)) == FC_OK &&
		nres == 5 && r[0] == 7 - 1 && r[4] == 29 - 11;
	model.method = FC_SNAIVE;
	model.m = 3;
	return ok && fc_residuals(y, 8, &model, 4, r, &nres, NULL, err,
							  sizeof(err)) == FC_OK &&
		nres == 2 && r[0] == 22 - 1 && r[1] == 29 - 2;
}

int
main(void)
{
	double		x[22],
				z[30],
				mean[9],
				lo[9],
				hi[9],
				resid[30];
	double		periods[2] = {4, 2},
				bad[2] = {2, 2};
	int			nres,
				dropped,
				t,
				rc;
	char		err[256];
	FcModel		model;

	printf("1..17\n");
	for (t = 1; t <= 22; t++)
		x[t - 1] = 3 * sin(2 * M_PI * t / 4) + t / 10.0 + cos(t);

	rc = fc_fit_mstl(x, 22, FC_MSTL, periods, 2, NULL, &model, &dropped,
					 NULL, err, sizeof(err));
	check(rc == FC_OK && model.method == FC_MSTL && dropped == 0 &&
		  model.nlast == 2 && model.last[0] == 2 && model.last[1] == 4 &&
		  model.nseas == 4 && model.ets[0].error == 'A' &&
		  model.ets[0].trend == 'N',
		  "mstl fit: periods sorted, projection over lcm 4, ETS(A,N,N) as R");
	check(fc_model_validate(&model, err, sizeof(err)) == FC_OK,
		  "the model validates");
	rc = fc_forecast(&model, 5, 95, mean, lo, hi, NULL, err, sizeof(err));
	check(rc == FC_OK && close_rel(mean[0], -1.8651174150362575, 1e-9) &&
		  close_rel(mean[4], -1.8651174150362575, 1e-9),
		  "forecast equals R at h = 1 and 5");
	check(close_rel(lo[2], 1.8211542188747871, 1e-9) &&
		  close_rel(hi[2], 6.5333070086751395, 1e-9),
		  "95% interval equals R at h = 3");
	rc = fc_residuals(x, 22, &model, 1, resid, &nres, NULL, err, sizeof(err));
	check(rc == FC_OK && nres == 22 &&
		  fabs(resid[0] - 0.0001439346138889519) < 1e-12 &&
		  close_rel(resid[21], -0.37516547739091211, 1e-9),
		  "residuals equal R at t = 1 and 22");
	rc = fc_residuals(x, 22, &model, 3, resid, &nres, NULL, err,
					  sizeof(err));
	check(rc == FC_OK && nres == 19 &&
		  close_rel(resid[0], -0.73496661462654633, 1e-9) &&
		  close_rel(resid[18], -1.7528565950578663, 1e-9),
		  "3-step errors equal R's seasadj - fitted(ets, h = 3) at t = 4, 22");
	check(fc_residuals(x, 22, &model, 22, resid, &nres, NULL, err,
					   sizeof(err)) == FC_EINVAL &&
		  fc_residuals(x, 22, &model, 0, resid, &nres, NULL, err,
					   sizeof(err)) == FC_EINVAL,
		  "horizon 0 or n: FC_EINVAL");
	free(model.seas);
	free(model.last);

	rc = fc_fit_mstl(x, 22, FC_MSTL_ARIMA, periods, 2, NULL, &model,
					 &dropped, NULL, err, sizeof(err));
	check(rc == FC_OK && model.method == FC_MSTL_ARIMA && model.nets == 0 &&
		  model.narima > 0 && model.version == FC_MODEL_VERSION_ARIMA &&
		  fc_model_validate(&model, err, sizeof(err)) == FC_OK,
		  "mstl:arima fit: an ARIMA model in place of ETS, validates");
	/*
	 * Equal to R within the optimiser's stopping point: with the ARMA-only
	 * Kalman filter (arima_filter.c) the likelihood rounds differently and
	 * the optimum moves by up to 1.05e-6 relative here (mean[4]); the
	 * project's ARIMA agreement bar is forecasts within about 1e-6 where the
	 * orders agree (bench/arima.sh: at most 1.0e-6 on 96 M3 series).
	 */
	rc = fc_forecast(&model, 5, 95, mean, lo, hi, NULL, err, sizeof(err));
	check(rc == FC_OK && close_rel(mean[0], -1.4195507758068471, 2e-6) &&
		  close_rel(mean[4], -1.2007658028298089, 2e-6) &&
		  close_rel(lo[2], 5.045427267982717, 2e-6) &&
		  close_rel(hi[2], 6.8176242462893502, 2e-6),
		  "mstl:arima forecast and 95% interval equal R");
	free(model.seas);
	free(model.last);
	free(model.arima);

	rc = fc_fit_mstl(x, 22, FC_MSTL, bad, 2, NULL, &model, &dropped, NULL,
					 err, sizeof(err));
	check(rc == FC_EINVAL, "duplicate period: FC_EINVAL");
	periods[0] = 11;
	periods[1] = 12;
	rc = fc_fit_mstl(x, 22, FC_MSTL, periods, 2, NULL, &model, &dropped,
					 NULL, err, sizeof(err));
	check(rc == FC_OK && dropped == 2 && model.fallback == FC_FB_MSTL_NOSEASON &&
		  model.nseas == 0 && fc_model_validate(&model, err, sizeof(err)) == FC_OK,
		  "no period below n/2: non-seasonal ETS, fallback recorded");
	periods[0] = 1;
	rc = fc_fit_mstl(x, 22, FC_MSTL, periods, 1, NULL, &model, &dropped,
					 NULL, err, sizeof(err));
	check(rc == FC_EINVAL, "period 1: FC_EINVAL");
	periods[0] = NAN;
	rc = fc_fit_mstl(x, 22, FC_MSTL, periods, 1, NULL, &model, &dropped,
					 NULL, err, sizeof(err));
	check(rc == FC_EINVAL, "period NaN: FC_EINVAL");

	/* non-integer period 5.5 (values from R in the comment at the top) */
	for (t = 1; t <= 30; t++)
		z[t - 1] = 3 * sin(2 * M_PI * t / 5.5) + 2 * sin(2 * M_PI * t / 3) +
			t / 10.0 + cos(t);
	periods[0] = 5.5;
	periods[1] = 3;
	rc = fc_fit_mstl(z, 30, FC_MSTL, periods, 2, NULL, &model, &dropped,
					 NULL, err, sizeof(err));
	check(rc == FC_OK && model.nlast == 2 && model.last[0] == 3 &&
		  model.last[1] == 5.5 && model.m == 5 && model.nseas == 15 &&
		  fc_model_validate(&model, err, sizeof(err)) == FC_OK,
		  "period 5.5 kept as given, projection over lcm(3, 5) = 15");
	rc = fc_forecast(&model, 9, 95, mean, lo, hi, NULL, err, sizeof(err));
	check(rc == FC_OK && close_rel(mean[0], 3.4610038283809663, 1e-9) &&
		  close_rel(mean[4], -0.60473172098903349, 1e-9) &&
		  close_rel(mean[5], 1.6418320790225831, 1e-9) &&
		  close_rel(mean[8], 2.6846698108709242, 1e-9) &&
		  close_rel(lo[2], -0.5190519219375711, 1e-9) &&
		  close_rel(hi[2], 8.680200468049966, 1e-9),
		  "period 5.5: forecasts at h = 1, 5, 6, 9 and 95% interval equal R");
	rc = fc_residuals(z, 30, &model, 1, resid, &nres, NULL, err, sizeof(err));
	check(rc == FC_OK && nres == 30 &&
		  close_rel(resid[0], 2.4208079278875347, 1e-9) &&
		  close_rel(resid[29], 3.5188399820340521, 1e-9),
		  "period 5.5: residuals equal R at t = 1 and 30");
	free(model.seas);
	free(model.last);

	check(HstepEts() && HstepSeasonal() && HstepNaive(),
		  "h-step fitted values of set ETS models equal R; naive, snaive");
	return failures ? 1 : 0;
}
