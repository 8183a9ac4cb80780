/*-------------------------------------------------------------------------
 *
 * fc_season.c
 *	  The seasonality test and the classical multiplicative decomposition
 *	  that Naive2, thetaf and Comb adjust the series with (fcmethods.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stddef.h>

#include "fcmethods.h"

/*
 * Autocorrelation r_k of y (R's acf: sums of products of deviations from
 * the mean over the n - k pairs, divided by the sum of squares).
 */
static double
Autocorrelation(const double *y, int n, double mean, double c0, int k)
{
	double		s = 0.0;
	int			t;

	for (t = 0; t + k < n; t++)
		s += (y[t] - mean) * (y[t + k] - mean);
	return s / c0;
}

/* Call the interrupt callback of env, if any */
static void
Interrupt(const EtsEnv *env)
{
	if (env != NULL && env->interrupt != NULL)
		env->interrupt(env->interrupt_arg);
}

int
fc_seasonality_test(const double *y, int n, int m, int thetaf_rule)
{
	return fc_seasonality_test_env(y, n, m, thetaf_rule, NULL);
}

int
fc_decompose_mult(const double *y, int n, int m, double *seas, double *work)
{
	return fc_decompose_mult_env(y, n, m, seas, work, NULL);
}

/* O(n m): the callback is called for every lag */
int
fc_seasonality_test_env(const double *y, int n, int m, int thetaf_rule,
						const EtsEnv *env)
{
	double		mean = 0.0;
	double		c0 = 0.0;
	double		sum2 = 0.0;
	double		rm;
	double		limit;
	int			t;
	int			k;

	if (m < 2)
		return 0;
	if (thetaf_rule ? n <= 2 * m : n < 3 * m)
		return 0;
	for (t = 0; t < n; t++)
		mean += y[t];
	mean /= n;
	for (t = 0; t < n; t++)
		c0 += (y[t] - mean) * (y[t] - mean);
	/* constant series (R's is.constant, or acf giving NaN): not seasonal */
	if (!(c0 > 0.0))
		return 0;
	for (k = 1; k < m; k++)
	{
		double		r;

		Interrupt(env);
		r = Autocorrelation(y, n, mean, c0, k);
		sum2 += r * r;
	}
	rm = Autocorrelation(y, n, mean, c0, m);
	/* thetaf: qnorm(0.95); M4's SeasonalityTest: tcrit = 1.645 */
	limit = (thetaf_rule ? 1.6448536269514722 : 1.645) *
		sqrt((1.0 + 2.0 * sum2) / n);
	return fabs(rm) > limit;
}

/* O(n m): the callback is called every 256 periods */
int
fc_decompose_mult_env(const double *y, int n, int m, double *seas,
					  double *work, const EtsEnv *env)
{
	double	   *trend = work;
	int			half = m / 2;
	double		figure_mean = 0.0;
	int			t;
	int			i;

	if (m < 2 || n < 2 * m)
		return FC_EINVAL;

	/*
	 * Centred moving average: weights 1/m over m values for odd m, and
	 * (1/2, 1, ..., 1, 1/2)/m over m + 1 values for even m (R's
	 * decompose()).  Undefined within half a season of either end.
	 */
	for (t = 0; t < n; t++)
	{
		double		s = 0.0;
		int			j;

		if (t % 256 == 0)
			Interrupt(env);
		if (t < half || t + half >= n)
		{
			trend[t] = NAN;
			continue;
		}
		for (j = -half; j <= half; j++)
		{
			double		w = (m % 2 == 0 && (j == -half || j == half)) ?
				0.5 : 1.0;

			s += w * y[t + j];
		}
		trend[t] = s / m;
	}

	/*
	 * Seasonal figure: mean of y / trend over the periods of each position
	 * in the cycle (counting from the first observation), NaNs skipped,
	 * then scaled to mean 1.  seas[0..m-1] holds the figure meanwhile.
	 */
	for (i = 0; i < m; i++)
	{
		double		s = 0.0;
		int			c = 0;

		for (t = i; t < n; t += m)
		{
			double		r = y[t] / trend[t];

			if (!isnan(r))
			{
				s += r;
				c++;
			}
		}
		seas[i] = c > 0 ? s / c : NAN;
		figure_mean += seas[i];
	}
	figure_mean /= m;
	for (i = 0; i < m; i++)
	{
		seas[i] /= figure_mean;
		if (!isfinite(seas[i]) || !(seas[i] > 0.0))
			return FC_EINVAL;
	}
	for (t = m; t < n; t++)
		seas[t] = seas[t - m];
	return FC_OK;
}
