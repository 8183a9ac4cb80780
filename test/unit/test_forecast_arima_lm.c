/* unit: src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c */
/*
 * arima_lm, the least squares behind arima()'s regression start, against
 * R 4.2.2's lm() (LINPACK dqrdc2/dqrsl, reference BLAS and LAPACK 3.11 from
 * Debian).  The expected doubles were printed by R with sprintf("%.17g"),
 * which reads back to the same double, and are compared with ==: the
 * starting values and the parameter scales 10 * se steer R's optimiser, so
 * only R's exact doubles reproduce its path.  The R code is above each
 * case.
 *
 * The data are the first values of M3 series N2921 (63 observations, the
 * series whose drift start was the last 1e-6 forecast miss against
 * auto.arima: the Householder QR used before gave -30.274193548387096,
 * R -30.274193548387103).
 */
#include <math.h>
#include <stdio.h>

#include "forecast/arima.h"
#include "forecast/arima_int.h"
#include "tap.h"

static const double n2921[63] = {
	5711, 5675, 5594, 5568, 5513, 5471, 5491, 5476, 5488, 5485, 5441, 5424,
	5389, 5383, 5337, 5271, 5223, 5217, 5157, 5127, 5077, 5193, 5133, 4960,
	5131, 5166, 5101, 5059, 5038, 4969, 5006, 4807, 4751, 4689, 4658, 4564,
	4567, 4566, 4519, 4487, 4432, 4394, 4399, 4378, 4324, 4275, 4228, 4257,
	4235, 4238, 4209, 4217, 4190, 4203, 4226, 4124, 4093, 4070, 4038, 3942,
	3929, 3870, 3834
};

/*
 * R's summary.lm sums the squared residuals in long double (R's sum()), and
 * so does arima_lm: the standard errors equal R's bit for bit only where
 * long double arithmetic really is wider than double at run time.  Under
 * valgrind, which runs x87 arithmetic in double precision, it is not; the
 * standard errors are then checked to 1e-15 relative (coefficients and
 * residuals do not use long double and stay bit for bit).
 */
static int	extended_ld = 1;

static int
LongDoubleIsExtended(void)
{
	volatile long double one = 1.0L;
	volatile long double tiny = 1e-18L;

	return one + tiny != one;
}

/* number of entries of a that differ from b (as doubles) */
static int
Mismatches(const double *a, const double *b, int n, const char *what)
{
	int			i,
				bad = 0;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
		{
			if (bad == 0)
				printf("# %s[%d]: %.17g, R %.17g\n", what, i, a[i], b[i]);
			bad++;
		}
	return bad;
}

/* Mismatches for standard errors: exact, or 1e-15 (see extended_ld) */
static int
SeMismatches(const double *a, const double *b, int n, const char *what)
{
	int			i,
				bad = 0;

	if (extended_ld)
		return Mismatches(a, b, n, what);
	for (i = 0; i < n; i++)
		if (!(fabs(a[i] - b[i]) <= 1e-15 * fabs(b[i])))
		{
			if (bad == 0)
				printf("# %s[%d]: %.17g, R %.17g\n", what, i, a[i], b[i]);
			bad++;
		}
	return bad;
}

/*
 * dx <- diff(y); fit <- lm(dx ~ matrix(1, 62, 1) - 1): coef(fit) and
 * summary(fit)$coefficients[, 2].  The mean of the differences, so also
 * checked against the plain mean to 1e-15 (an independent value).
 */
static void
test_drift_start(void)
{
	double		dx[62],
				ones[62],
				b,
				se,
				mean = 0.0;
	int			i,
				rc;

	for (i = 0; i < 62; i++)
	{
		dx[i] = n2921[i + 1] - n2921[i];
		ones[i] = 1.0;
		mean += dx[i];
	}
	mean /= 62;
	rc = arima_lm(ones, 62, 1, dx, &b, &se, NULL, NULL);
	check(rc == ARIMA_OK, "drift start: fits");
	check(b == -30.274193548387103, "drift start: coefficient equals R's lm() bit for bit");
	check(fabs(b - mean) <= 1e-15 * fabs(mean), "drift start: coefficient is the mean of the differences");
	check(SeMismatches(&se, (const double[]) {6.6928602476420984}, 1, "se") == 0,
		  "drift start: standard error equals summary.lm's (bit for bit with extended long double)");
	if (b != -30.274193548387103 || se != 6.6928602476420984)
		printf("# got %.17g %.17g\n", b, se);
}

/*
 * n <- 24; t <- 1:n; z <- y[1:n]
 * X3 <- cbind(1, t, t + 1 + 1e-4 * sin(t)); f3 <- lm(z ~ X3 - 1)
 * The third column is the sum of the first two up to 1e-4 sin(t): after
 * the first two reflections its norm has shrunk by far more than 1e-6 in
 * square, so dqrdc2 recomputes it (its rank is still 3).
 */
static void
test_three_columns(void)
{
	static const double coef_r[3] = {
		-86739.178758639595, -92468.977708885228, 92442.089249070646
	};
	static const double se_r[3] = {
		138661.02459869595, 138657.38342411991, 138657.64984699551
	};
	static const double res_r[24] = {
		27.199235796515197, 17.460693809691591, -29.549653825082167,
		-20.360610791002024, -46.603695019822055, -67.996756301245895,
		-29.764593108296786, -20.948646247574509, 23.275938520918146,
		56.003152523573995, 43.106685921662873, 48.711219501517988,
		31.755375286810651, 47.37056561454785, 31.40501013212258,
		0.96630501167117355, -13.919314308195858, 5.0240692407358001,
		-36.415250193231898, -46.58075077415598, -68.98705384573239,
		81.717448842181824, 56.346723517047913, -89.216099304658059
	};
	double		X[72],
				b[3],
				se[3],
				res[24],
				sumres = 0.0;
	int			t,
				rc;

	for (t = 1; t <= 24; t++)
	{
		X[t - 1] = 1.0;
		X[24 + t - 1] = t;
		X[48 + t - 1] = t + 1 + 1e-4 * sin((double) t);
	}
	rc = arima_lm(X, 24, 3, n2921, b, se, res, NULL);
	check(rc == ARIMA_OK, "three columns, one nearly dependent: fits (rank 3 as in R)");
	check(Mismatches(b, coef_r, 3, "coef") == 0, "three columns: coefficients equal R's bit for bit");
	check(SeMismatches(se, se_r, 3, "se") == 0, "three columns: standard errors equal R's (bit for bit with extended long double)");
	check(Mismatches(res, res_r, 24, "resid") == 0, "three columns: residuals equal R's bit for bit");
	/* independent property: residuals orthogonal to the intercept column */
	for (t = 0; t < 24; t++)
		sumres += res[t];
	check(fabs(sumres) < 1e-8, "three columns: residuals sum to zero (intercept in the span)");
}

/*
 * w <- cos(t / 3); f2 <- lm(z ~ w): auto.arima's xx is residuals(f2).
 */
static void
test_intercept_residuals(void)
{
	static const double coef_r[2] = {5374.8185378137177, -80.938252285818294};
	static const double se_r[2] = {39.818955168749468, 58.023523212574275};
	static const double res_r[24] = {
		412.66462590635234, 363.78980356725879, 262.91258652924836,
		212.22118024138453, 130.43376550740231, 62.499264541885694,
		60.272705602725459, 29.200924043775359, 33.053199735369539,
		30.726483930548611, -3.8533426068887877, -3.7233101041912988,
		-15.769197158711435, 4.4820672872396017, -14.859416282747318,
		-56.728380170725444, -85.781316209084736, -80.10403291546271,
		-136.982036952317, -172.75901670245682, -236.79900695283092,
		-141.55639982925555, -226.74609475080447, -426.59505625771317
	};
	double		X[48],
				b[2],
				se[2],
				res[24];
	int			t,
				rc;

	for (t = 1; t <= 24; t++)
	{
		X[t - 1] = 1.0;
		X[24 + t - 1] = cos(t / 3.0);
	}
	rc = arima_lm(X, 24, 2, n2921, b, se, res, NULL);
	check(rc == ARIMA_OK, "intercept and one regressor: fits");
	check(Mismatches(b, coef_r, 2, "coef") == 0 &&
		  SeMismatches(se, se_r, 2, "se") == 0,
		  "intercept and one regressor: coefficients and standard errors equal R's (standard errors bit for bit with extended long double)");
	check(Mismatches(res, res_r, 24, "resid") == 0,
		  "intercept and one regressor: residuals (auto.arima's xx) equal R's bit for bit");
}

/*
 * X4 <- cbind(1, t, t + 1 + 1e-9 * sin(t)); lm(z ~ X4 - 1)$rank is 2:
 * the third column's remaining norm is below 1e-7 of its own, which R
 * pivots out and arima_lm reports as rank deficient.  A zero column and
 * too few rows are errors too.
 */
static void
test_rank_deficient(void)
{
	double		X[72],
				b[3],
				se[3];
	int			t;

	for (t = 1; t <= 24; t++)
	{
		X[t - 1] = 1.0;
		X[24 + t - 1] = t;
		X[48 + t - 1] = t + 1 + 1e-9 * sin((double) t);
	}
	check(arima_lm(X, 24, 3, n2921, b, se, NULL, NULL) == ARIMA_EINVAL,
		  "third column within 1e-9 of the span: rank deficient (R: rank 2)");
	for (t = 0; t < 24; t++)
		X[24 + t] = 0.0;
	check(arima_lm(X, 24, 2, n2921, b, se, NULL, NULL) == ARIMA_EINVAL,
		  "a zero column: rank deficient");
	check(arima_lm(X, 1, 2, n2921, b, se, NULL, NULL) == ARIMA_EINVAL,
		  "fewer rows than columns: an error");
}

int
main(void)
{
	extended_ld = LongDoubleIsExtended();
	if (!extended_ld)
		printf("# long double arithmetic is double precision here: standard errors to 1e-15\n");
	test_drift_start();
	test_three_columns();
	test_intercept_residuals();
	test_rank_deficient();
	printf("1..%d\n", test_no);
	return failures != 0;
}
