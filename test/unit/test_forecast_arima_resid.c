/* unit: src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c src/forecast/arima_fit.c src/forecast/arima_auto.c src/forecast/arima_resid.c src/forecast/stl.c */
/*
 * In-sample errors of ARIMA models with and without regressors
 * (arima_residuals) against R 4.2.2 with forecast 8.20 (Debian).  Each
 * model is fitted by us and then given fixed coefficients, the same ones R
 * gets through Arima(fixed =), so that the residual path alone is compared
 * (fitted coefficients agree with R's to ~1e-6 only, the optimiser's
 * tolerance).  The series, the same on both sides (libm's sin/cos):
 *
 *   n <- 60; t <- 1:n
 *   e <- (sin(t * 12.9898) * 43758.5453) %% 1 - 0.5
 *   u <- numeric(n); u[1] <- e[1]; for (i in 2:n) u[i] <- 0.6 * u[i - 1] + e[i]
 *   x1 <- as.numeric(t %% 7 == 0); x2 <- cos(2 * pi * t / 12)
 *   y <- 5 + 0.02 * t + 2 * x1 - 1.5 * x2 + u
 *   f1 <- Arima(y, order = c(1,0,1), xreg = cbind(x1, x2),
 *               fixed = c(0.5, 0.3, 5.1, 2.1, -1.4))
 *   f2 <- Arima(y, order = c(0,1,1), seasonal = list(order = c(0,1,1),
 *               period = 4), xreg = cbind(x1), fixed = c(-0.4, -0.6, 1.9))
 *   f3 <- Arima(y, order = c(1,1,0), include.drift = TRUE,
 *               xreg = cbind(x2), fixed = c(0.4, 0.05, -1.2))
 *   f4 <- Arima(y, order = c(2,0,0), fixed = c(0.5, -0.2, 5.3))
 *   f5 <- Arima(y, order = c(1,0,0), seasonal = list(order = c(1,0,0),
 *               period = 4), xreg = cbind(x1), fixed = c(0.5, 0.3, 5.6, 1.8))
 *   f6 <- Arima(y, order = c(2,0,0), method = "CSS", fixed = c(0.5, -0.2, 5.3))
 *   residuals(f)[c(1, 2, 5, 30, 60)]; (y - fitted(f, h = 3))[c(5, 30, 60)]
 *
 * R's fitted(f, h) is NA where its refit on the prefix y[1..i] fails (f1:
 * i = 1, two regressors on one observation; f2: i <= 2); we give the
 * filter's value there, so those points are not compared.  Tolerance 1e-9
 * relative to max(1, |value|).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/arima.h"

#define N 60

static int	ntest = 0;
static int	nfail = 0;
static double y[N],
			x1[N],
			x2[N];

static void
check(int ok, const char *what)
{
	ntest++;
	if (!ok)
		nfail++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ntest, what);
}

static int
close9(double x, double ref)
{
	return fabs(x - ref) <= 1e-9 * fmax(1.0, fabs(ref));
}

static void
MakeSeries(void)
{
	double		u = 0.0;
	int			i;

	for (i = 0; i < N; i++)
	{
		double		t = i + 1;
		double		s = sin(t * 12.9898) * 43758.5453;
		double		e = s - floor(s) - 0.5;

		u = i == 0 ? e : 0.6 * u + e;
		x1[i] = (i + 1) % 7 == 0 ? 1.0 : 0.0;
		x2[i] = cos(2 * M_PI * t / 12);
		y[i] = 5 + 0.02 * t + 2 * x1[i] - 1.5 * x2[i] + u;
	}
}

/* Fit orders o (p,d,q,P,D,Q) with season m and columns xr, then fix coef */
static int
FitFixed(const int *o, int m, int drift, const double *xr, int nx,
		 const double *coef, ArimaModel *mod)
{
	ArimaSpec	s;
	char		err[256];
	int			rc,
				i;

	arima_spec_init(&s);
	s.p = o[0];
	s.d = o[1];
	s.q = o[2];
	s.P = o[3];
	s.D = o[4];
	s.Q = o[5];
	s.m = m;
	s.constant = o[1] + o[4] == 0 || drift;
	s.nx = nx;
	s.xreg = xr;
	rc = arima_fit(y, N, &s, mod, NULL, err, sizeof(err));
	if (rc != ARIMA_OK)
	{
		printf("# fit failed: %s\n", err);
		return rc;
	}
	for (i = 0; i < mod->ncoef; i++)
		mod->coef[i] = coef[i];
	return ARIMA_OK;
}

/* residuals at 1-based t (h = 1) and h-step errors at 1-based t */
static void
CheckModel(const char *name, ArimaModel *mod, const double *xr,
		   const double *r1, const double *h3)
{
	static const int t1[5] = {1, 2, 5, 30, 60};
	static const int th[3] = {10, 30, 60};
	double		res[N];
	char		what[128];
	int			nres,
				ok,
				i,
				rc;

	rc = arima_residuals(mod, y, N, xr, 1, res, &nres, NULL, NULL, 0);
	ok = rc == ARIMA_OK && nres == N;
	for (i = 0; ok && i < 5; i++)
		if (!close9(res[t1[i] - 1], r1[i]))
		{
			printf("# %s r[%d] %.17g vs R %.17g\n", name, t1[i],
				   res[t1[i] - 1], r1[i]);
			ok = 0;
		}
	snprintf(what, sizeof(what), "%s: one-step residuals = R residuals(fit)",
			 name);
	check(ok, what);
	rc = arima_residuals(mod, y, N, xr, 3, res, &nres, NULL, NULL, 0);
	ok = rc == ARIMA_OK && nres == N - 3 - mod->ndelta;
	/* res[k] is the error at t = k + h + d + mD + 1 */
	for (i = 0; ok && i < 3; i++)
		if (!close9(res[th[i] - 4 - mod->ndelta], h3[i]))
		{
			printf("# %s h3[%d] %.17g vs R %.17g\n", name, th[i],
				   res[th[i] - 4 - mod->ndelta], h3[i]);
			ok = 0;
		}
	snprintf(what, sizeof(what), "%s: 3-step errors = R y - fitted(fit, h = 3)",
			 name);
	check(ok, what);
}

static void
test_models(void)
{
	double		xr12[2 * N],
				res[N];
	ArimaModel	m;
	int			nres,
				rc;

	memcpy(xr12, x1, sizeof(x1));
	memcpy(xr12 + N, x2, sizeof(x2));
	{
		static const int o[6] = {1, 0, 1, 0, 0, 0};
		static const double c[5] = {0.5, 0.3, 5.1, 2.1, -1.4};
		static const double r1[5] = {0.18737558596138573, -0.4591852383596563,
			0.050622305896915999, 0.67729564538354359, 0.1015598415589129};
		static const double h3[3] = {0.48341357734506829,
		0.82680993295371863, 0.24196200787122857};

		if (FitFixed(o, 1, 0, xr12, 2, c, &m) == ARIMA_OK)
		{
			m.phi[0] = 0.5;
			m.theta[0] = 0.3;
			CheckModel("ARIMA(1,0,1) + mean + 2 regressors", &m, xr12, r1, h3);

			/* a model with regressors needs their values */
			rc = arima_residuals(&m, y, N, NULL, 1, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_EINVAL && nres == 0,
				  "regressors missing: ARIMA_EINVAL");
			rc = arima_residuals(&m, y, N, xr12, N, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_EINVAL, "horizon n: ARIMA_EINVAL");
			rc = arima_residuals(&m, y, N - 1, xr12, 1, res, &nres, NULL,
								 NULL, 0);
			check(rc == ARIMA_EINVAL, "a series of another length: ARIMA_EINVAL");
			arima_free(&m, NULL);
		}
		else
			check(0, "fit ARIMA(1,0,1) + xreg");
	}
	{
		static const int o[6] = {0, 1, 1, 0, 1, 1};
		static const double c[3] = {-0.4, -0.6, 1.9};
		static const double r1[5] = {0.0023917607825332692,
			0.0010367695089181321, -0.0047183874302281978, 1.196899668773203,
		-0.93753133283154566};
		static const double h3[3] = {-3.3317233807583548, 2.7945562949194871,
		-2.7988651857044315};

		if (FitFixed(o, 4, 0, x1, 1, c, &m) == ARIMA_OK)
		{
			/* (1 - 0.4 B)(1 - 0.6 B^4) */
			m.theta[0] = -0.4;
			m.theta[1] = m.theta[2] = 0.0;
			m.theta[3] = -0.6;
			m.theta[4] = 0.24;
			CheckModel("ARIMA(0,1,1)(0,1,1)[4] + regressor", &m, x1, r1, h3);
			/* R's fitted(f2, h = 3) is NA for t <= 8: 55 - 5 values */
			rc = arima_residuals(&m, y, N, x1, 3, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_OK && nres == 52,
				  "ARIMA(0,1,1)(0,1,1)[4]: 3-step errors from t = 9 (52 values)");
			rc = arima_residuals(&m, y, N, x1, N - 5, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_EINVAL,
				  "ARIMA(0,1,1)(0,1,1)[4]: horizon n - d - mD rejected");
			arima_free(&m, NULL);
		}
		else
			check(0, "fit ARIMA(0,1,1)(0,1,1)[4] + xreg");
	}
	{
		static const int o[6] = {1, 1, 0, 0, 0, 0};
		static const double c[3] = {0.4, 0.05, -1.2};
		static const double r1[5] = {0.0051318797139911923,
			-0.48726789470189746, 0.090751203432353655, 1.3844808972156182,
		-0.060564185759729217};
		static const double h3[3] = {-2.8083641093114586, 1.2020895946715751,
		0.72821821982586998};

		if (FitFixed(o, 1, 1, x2, 1, c, &m) == ARIMA_OK && m.drift)
		{
			m.phi[0] = 0.4;
			CheckModel("ARIMA(1,1,0) + drift + regressor", &m, x2, r1, h3);
			arima_free(&m, NULL);
		}
		else
			check(0, "fit ARIMA(1,1,0) + drift + xreg");
	}
	{
		static const int o[6] = {2, 0, 0, 0, 0, 0};
		static const double c[3] = {0.5, -0.2, 5.3};
		static const double r1[5] = {-1.0308410628011793, -0.7030421423161437,
			0.71242512125888613, 1.9034080541349816, -0.80862973953532369};
		static const double h3[3] = {-0.2574079217380163, 1.9427024713278493,
		-1.1455762427643243};
		static const double css[5] = {0, 0, 0.072776285733474916,
		1.9034080541349816, -0.80862973953532369};

		if (FitFixed(o, 1, 0, NULL, 0, c, &m) == ARIMA_OK)
		{
			m.phi[0] = 0.5;
			m.phi[1] = -0.2;
			CheckModel("ARIMA(2,0,0) + mean, no regressors", &m, NULL, r1, h3);
			/* R: Arima(method = "CSS"): CSS innovations, 0 before t = 3 */
			m.method = ARIMA_CSS;
			rc = arima_residuals(&m, y, N, NULL, 1, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_OK && nres == N && res[0] == 0.0 &&
				  res[1] == 0.0 && close9(res[2], css[2]) &&
				  close9(res[29], css[3]) && close9(res[59], css[4]),
				  "ARIMA(2,0,0) fitted by CSS: residuals = R's");
			arima_free(&m, NULL);
		}
		else
			check(0, "fit ARIMA(2,0,0)");
	}
	{
		static const int o[6] = {1, 0, 0, 1, 0, 0};
		static const double c[4] = {0.5, 0.3, 5.6, 1.8};
		static const double r1[5] = {-1.1816001473970243, -0.69756429051677937,
			0.9485775688865874, 1.3457865930962398, -1.0938897450733229};
		static const double h3[3] = {-1.2148693446995571, 2.0293694356377188,
		-2.0014466640540185};
		/* (y - fitted(f5, h = 7))[c(8, 9, 30, 60)] */
		static const double h7[4] = {0.081299823192241938,
			-0.40367493842773161, 1.8108609962856077, -1.7257755958340164};

		if (FitFixed(o, 4, 0, x1, 1, c, &m) == ARIMA_OK)
		{
			/* (1 - 0.5 B)(1 - 0.3 B^4): phi 0.5, 0, 0, 0.3, -0.15 */
			memset(m.phi, 0, sizeof(double) * m.nphi);
			m.phi[0] = 0.5;
			m.phi[3] = 0.3;
			m.phi[4] = -0.15;
			CheckModel("ARIMA(1,0,0)(1,0,0)[4] + mean + regressor (AS 154)", &m,
					   x1, r1, h3);
			rc = arima_residuals(&m, y, N, x1, 7, res, &nres, NULL, NULL, 0);
			check(rc == ARIMA_OK && nres == N - 7 && close9(res[0], h7[0]) &&
				  close9(res[1], h7[1]) && close9(res[22], h7[2]) &&
				  close9(res[52], h7[3]),
				  "ARIMA(1,0,0)(1,0,0)[4]: 7-step errors = R's");
			arima_free(&m, NULL);
		}
		else
			check(0, "fit ARIMA(1,0,0)(1,0,0)[4] + xreg");
	}
}

int
main(void)
{
	MakeSeries();
	check(close9(y[0], 4.1426522841392632) && close9(y[2], 5.0043620305288634),
		  "the series is R's (y[1], y[3])");
	test_models();
	printf("1..%d\n", ntest);
	return nfail != 0;
}
