/*-------------------------------------------------------------------------
 *
 * fc_tdist.c
 *	  Quantiles of Student's t distribution, for the prediction intervals
 *	  of the mean method (R's meanf: qt(level, n - 1)); see fcmethods.h.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "fcmethods.h"
#include "common/normal.h"

/*
 * Regularised incomplete beta I_x(a, b) by its continued fraction
 * (Abramowitz & Stegun 26.5.8), evaluated with the modified Lentz method;
 * the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) keeps x on the side where the
 * fraction converges fast.
 */
static double
IncompleteBeta(double x, double a, double b)
{
	double		front;
	double		f,
				c,
				d;
	int			i;

	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	if (x > (a + 1.0) / (a + b + 2.0))
		return 1.0 - IncompleteBeta(1.0 - x, b, a);
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) +
				a * log(x) + b * log1p(-x)) / a;
	f = 1.0;
	c = 1.0;
	d = 0.0;
	for (i = 0; i <= 400; i++)
	{
		int			mm = i / 2;
		double		num;
		double		delta;

		if (i == 0)
			num = 1.0;
		else if (i % 2 == 0)
			num = (mm * (b - mm) * x) / ((a + 2.0 * mm - 1.0) * (a + 2.0 * mm));
		else
			num = -((a + mm) * (a + b + mm) * x) /
				((a + 2.0 * mm) * (a + 2.0 * mm + 1.0));
		d = 1.0 + num * d;
		if (fabs(d) < 1e-300)
			d = 1e-300;
		d = 1.0 / d;
		c = 1.0 + num / c;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		delta = c * d;
		f *= delta;
		if (fabs(1.0 - delta) < 1e-16)
			break;
	}
	return front * (f - 1.0);
}

/*
 * Newton's method for the t quantile of fc_t_quantile, from t > 0, guarded
 * by a bracket: on the central probability P(|T| < t) = 2p - 1 (central)
 * or on the upper tail P(T > t) = target.
 */
static double
TNewton(double target, int central, double t, double df)
{
	double		lo = 0.0;
	double		hi = INFINITY;
	double		lconst;
	int			i;

	lconst = lgamma((df + 1.0) / 2.0) - lgamma(df / 2.0) -
		0.5 * log(df * M_PI);
	for (i = 0; i < 100; i++)
	{
		double		dens = exp(lconst - (df + 1.0) / 2.0 * log1p(t * t / df));
		double		g;
		double		step;
		double		tn;

		/* g(t) - target, increasing in t */
		if (central)
			g = IncompleteBeta(t * t / (df + t * t), 0.5, df / 2.0) - target;
		else
			g = target - 0.5 * IncompleteBeta(df / (df + t * t), df / 2.0, 0.5);
		if (g < 0.0)
			lo = t;
		else
			hi = t;
		if (g == 0.0 || dens <= 0.0)
			break;
		/* dg/dt: 2 dens (central), dens (tail) */
		step = -g / (central ? 2.0 * dens : dens);
		tn = t + step;
		if (!(tn > lo && tn < hi))
			tn = isinf(hi) ? 2.0 * t : 0.5 * (lo + hi);
		if (fabs(tn - t) <= 1e-15 * fabs(tn))
		{
			t = tn;
			break;
		}
		t = tn;
	}
	return t;
}


/*
 * Student t quantile.  Closed forms for df = 1 and 2; otherwise Newton's
 * method, started from the Cornish-Fisher expansion around the normal
 * quantile (A&S 26.7.5) and guarded by a bracket, on the central
 * probability P(|T| < t) = I_{t^2/(df+t^2)}(1/2, df/2) = 2p - 1 when p is
 * below 0.75 (no cancellation near the median), else on the upper tail
 * P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 = 1 - p (far tails keep their
 * relative accuracy).
 */
double
fc_t_quantile(double p, double df)
{
	double		target;
	double		z;
	double		t;
	int			central;

	if (isnan(p) || isnan(df) || df <= 0.0 || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.5)
		return 0.0;
	if (p < 0.5)
		return -fc_t_quantile(1.0 - p, df);
	if (p == 1.0)
		return INFINITY;
	if (df == 1.0)
		return tan(M_PI * (p - 0.5));
	if (df == 2.0)
		return (2.0 * p - 1.0) / sqrt(2.0 * p * (1.0 - p));
	if (isinf(df))
		return lg_norm_quantile(p);

	central = p < 0.75;
	target = central ? 2.0 * p - 1.0 : 1.0 - p;
	z = lg_norm_quantile(p);
	t = z + (z * z * z + z) / (4.0 * df) +
		(5.0 * pow(z, 5) + 16.0 * pow(z, 3) + 3.0 * z) / (96.0 * df * df) +
		(3.0 * pow(z, 7) + 19.0 * pow(z, 5) + 17.0 * pow(z, 3) - 15.0 * z) /
		(384.0 * df * df * df);
	if (!(t > 0.0) || !isfinite(t))
		t = z > 0.0 ? z : 1.0;
	return TNewton(target, central, t, df);
}

/*
 * The t quantile of the upper tail probability q, P(T > t) = q, for
 * intervals: 1 - q rounds to 1 when q is below about 1e-16 (a level of
 * 1 - 1e-16 as a fraction), and loses relative accuracy well before.  For
 * q >= 1e-6 this is fc_t_quantile(1 - q, df), to the bit; below, the same
 * closed forms and Newton's method on the tail with q itself.
 */
double
fc_t_quantile_upper(double q, double df)
{
	double		z;
	double		t;

	if (isnan(q) || isnan(df) || df <= 0.0 || q <= 0.0 || q > 0.5)
		return q == 0.0 && df > 0.0 ? INFINITY : NAN;
	if (q >= 1e-6)
		return fc_t_quantile(1.0 - q, df);
	if (df == 1.0)
		return 1.0 / tan(M_PI * q);
	if (df == 2.0)
		return (1.0 - 2.0 * q) / sqrt(2.0 * q * (1.0 - q));
	z = -lg_norm_quantile(q);
	if (isinf(df))
		return z;
	t = z + (z * z * z + z) / (4.0 * df) +
		(5.0 * pow(z, 5) + 16.0 * pow(z, 3) + 3.0 * z) / (96.0 * df * df) +
		(3.0 * pow(z, 7) + 19.0 * pow(z, 5) + 17.0 * pow(z, 3) - 15.0 * z) /
		(384.0 * df * df * df);
	if (!(t > 0.0) || !isfinite(t))
		t = z;
	return TNewton(q, 0, t, df);
}
