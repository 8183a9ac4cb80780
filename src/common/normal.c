/*-------------------------------------------------------------------------
 *
 * normal.c
 *	  The standard normal distribution in plain C, accurate to about 1e-15
 *	  relative over the whole double range (where the result is a normal,
 *	  not subnormal, double).
 *
 * How the hard cases are handled:
 *
 * - pdf: for |x| > 1 the square x^2 is not formed in floating point; x is
 *   split into a 16-fractional-bit head x1 (whose square is exact) and a
 *   tail x2, and exp(-x^2/2) = exp(-x1^2/2) * exp(-(x1 + x2/2) x2).
 *
 * - sf/cdf: 0.5 erfc(x/sqrt2) from the C library, with the rounding error of
 *   the argument x/sqrt2 (which would cost up to x^2 ulps far out) removed
 *   by a first-order correction: the exact residual dt of t = x/sqrt2 is
 *   computed with fma and a two-double sqrt(1/2), and
 *   erfc(t + dt) = erfc(t) - (2/sqrt(pi)) exp(-t^2) dt.
 *   cdf(x) = sf(-x), so both tails are accurate.
 *
 * - quantile: Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3),
 *   477-484, 1988; coefficients from the paper), then one Halley step on
 *   the accurate sf (tails) or erf (centre), which removes what is left of
 *   the approximation and rounding error.  Subnormal p skips the step, its
 *   own value having too few significant bits.
 *
 * - loss: L(z) = phi(z) - z (1 - Phi(z)) cancels for large z (L ~ phi/z^2).
 *   For z <= 0 both terms are positive; for 0 < z < 3 the cancellation
 *   costs at most a factor of about 11; for z >= 3 the Laplace continued
 *   fraction of the Mills ratio R(z) = (1 - Phi(z))/phi(z) =
 *   1/(z + 1/(z + 2/(z + 3/(z + ...)))) gives, with c the fraction from the
 *   second level down, L(z) = phi(z) c / (z + c) with no cancellation.
 *   The second-order loss L2(z) = ((z^2+1)(1-Phi(z)) - z phi(z))/2 cancels
 *   the same way; with d the fraction from the third level down,
 *   c = 1/(z + d) and L2(z) = phi(z) d / (2 (z + d)(z + c)), used from
 *   z = 2 (the direct form loses a factor of about 25 there).
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>

#include "normal.h"

#define LG_1_SQRT_2PI	0.398942280401432677939946059934381868
#define LG_SQRT2		1.414213562373095048801688724209698079
/* sqrt(1/2) as a sum of two doubles: head (= M_SQRT1_2) and tail */
#define LG_SQRT1_2_HI	0.7071067811865476
#define LG_SQRT1_2_LO	(-4.8336466567264565185935844299127933e-17)

double
lg_norm_pdf(double x)
{
	double		ax = fabs(x);
	double		x1,
				x2;

	if (isnan(x))
		return x;
	if (ax <= 1.0)
		return LG_1_SQRT_2PI * exp(-0.5 * x * x);
	if (ax > 40.0)
		return 0.0;				/* below the smallest subnormal */
	x1 = ldexp(nearbyint(ldexp(ax, 16)), -16);
	x2 = ax - x1;
	return LG_1_SQRT_2PI * exp(-0.5 * x1 * x1) * exp((-0.5 * x2 - x1) * x2);
}

double
lg_norm_sf(double x)
{
	double		t,
				dt;

	if (isnan(x))
		return x;
	if (isinf(x))
		return x > 0 ? 0.0 : 1.0;
	t = x * LG_SQRT1_2_HI;
	/* exact x/sqrt2 - t, to first order in the tail of sqrt(1/2) */
	dt = fma(x, LG_SQRT1_2_HI, -t) + x * LG_SQRT1_2_LO;
	/* d/dt 0.5 erfc(t) = -(1/sqrt(pi)) exp(-t^2) = -sqrt2 phi(x) */
	return 0.5 * erfc(t) - LG_SQRT2 * lg_norm_pdf(x) * dt;
}

double
lg_norm_cdf(double x)
{
	return lg_norm_sf(-x);
}

/* AS 241 (Wichura 1988), PPND16: coefficients as published */
static const double as241_a[8] = {
	3.3871328727963666080e0, 1.3314166789178437745e+2,
	1.9715909503065514427e+3, 1.3731693765509461125e+4,
	4.5921953931549871457e+4, 6.7265770927008700853e+4,
	3.3430575583588128105e+4, 2.5090809287301226727e+3
};
static const double as241_b[8] = {
	1.0, 4.2313330701600911252e+1,
	6.8718700749205790830e+2, 5.3941960214247511077e+3,
	2.1213794301586595867e+4, 3.9307895800092710610e+4,
	2.8729085735721942674e+4, 5.2264952788528545610e+3
};
static const double as241_c[8] = {
	1.42343711074968357734e0, 4.63033784615654529590e0,
	5.76949722146069140550e0, 3.64784832476320460504e0,
	1.27045825245236838258e0, 2.41780725177450611770e-1,
	2.27238449892691845833e-2, 7.74545014278341407640e-4
};
static const double as241_d[8] = {
	1.0, 2.05319162663775882187e0,
	1.67638483018380384940e0, 6.89767334985100004550e-1,
	1.48103976427480074590e-1, 1.51986665636164571966e-2,
	5.47593808499534494600e-4, 1.05075007164441684324e-9
};
static const double as241_e[8] = {
	6.65790464350110377720e0, 5.46378491116411436990e0,
	1.78482653991729133580e0, 2.96560571828504891230e-1,
	2.65321895265761230930e-2, 1.24266094738807843860e-3,
	2.71155556874348757815e-5, 2.01033439929228813265e-7
};
static const double as241_f[8] = {
	1.0, 5.99832206555887937690e-1,
	1.36929880922735805310e-1, 1.48753612908506148525e-2,
	7.86869131145613259100e-4, 1.84631831751005468180e-5,
	1.42151175831644588870e-7, 2.04426310338993978564e-15
};

/* c[0] + c[1] x + ... + c[7] x^7 */
static double
Poly7(const double *c, double x)
{
	double		v = c[7];
	int			i;

	for (i = 6; i >= 0; i--)
		v = v * x + c[i];
	return v;
}

double
lg_norm_quantile(double p)
{
	double		q,
				r,
				s,
				x,
				u;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;

	q = p - 0.5;				/* exact */
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		x = q * Poly7(as241_a, r) / Poly7(as241_b, r);
		/* Halley on f(x) = erf(x/sqrt2)/2 - q: f' = phi, f'' = -x phi */
		u = (0.5 * erf(x * LG_SQRT1_2_HI) - q) / lg_norm_pdf(x);
		return x - u / (1.0 + 0.5 * x * u);
	}

	/* tail probability r, exact (p >= 0.5 makes 1 - p exact) */
	r = q < 0 ? p : 1.0 - p;
	s = sqrt(-log(r));
	if (s <= 5.0)
		x = Poly7(as241_c, s - 1.6) / Poly7(as241_d, s - 1.6);
	else
		x = Poly7(as241_e, s - 5.0) / Poly7(as241_f, s - 5.0);

	/*
	 * x > 0 solves sf(x) = r.  Halley on f(x) = sf(x) - r: f' = -phi,
	 * f'' = x phi, so with u = f/f' the step is x - u / (1 + x u / 2).
	 */
	if (r >= DBL_MIN)
	{
		u = (r - lg_norm_sf(x)) / lg_norm_pdf(x);
		x = x - u / (1.0 + 0.5 * x * u);
	}
	return q < 0 ? -x : x;
}

double
lg_norm_loss(double z)
{
	double		c;
	int			k,
				n;

	if (isnan(z))
		return z;
	if (isinf(z))
		return z > 0 ? 0.0 : INFINITY;
	if (z <= 0.0)
		return lg_norm_pdf(z) - z * lg_norm_sf(z);
	if (z < 3.0)
		return lg_norm_pdf(z) - z * lg_norm_sf(z);

	/*
	 * R(z) = 1/(z + 1/(z + 2/(z + 3/(z + ...)))) and c is the fraction from
	 * the second level down, c = 1/(z + d_2) with d_k = k/(z + d_{k+1}),
	 * evaluated from the bottom.  The levels needed fall like 1/z^2; the
	 * count below gives full double precision for z >= 3 (checked against
	 * mpmath at 50 digits, see test/unit/test_normal.c).
	 */
	n = (int) (16.0 + 1300.0 / (z * z));
	c = 0.0;
	for (k = n; k >= 2; k--)
		c = k / (z + c);
	c = 1.0 / (z + c);
	return lg_norm_pdf(z) * c / (z + c);
}

/*
 * The fractions of the Laplace continued fraction of the Mills ratio from
 * the second (*c) and third (*d) levels down, for z >= 3.
 */
static void
MillsTail(double z, double *c, double *d)
{
	double		t = 0.0;
	int			k,
				n = (int) (16.0 + 1300.0 / (z * z));

	for (k = n; k >= 3; k--)
		t = k / (z + t);
	*d = 2.0 / (z + t);
	*c = 1.0 / (z + *d);
}

double
lg_norm_loss2(double z)
{
	double		c,
				d;

	if (isnan(z))
		return z;
	if (isinf(z))
		return z > 0 ? 0.0 : INFINITY;
	if (z < 2.0)
		return 0.5 * ((z * z + 1.0) * lg_norm_sf(z) - z * lg_norm_pdf(z));
	MillsTail(z, &c, &d);
	return 0.5 * lg_norm_pdf(z) * d / ((z + d) * (z + c));
}

/*
 * Inverse of the standard normal loss function: the z with L(z) = g, g > 0.
 */
double
lg_norm_loss_inverse(double g)
{
	double		lo = -g - 1.0;	/* L(z) >= -z, so L(lo) > g */
	double		hi = 1.0;
	double		k;
	int			it;

	while (lg_norm_loss(hi) >= g && hi < 64.0)
		hi *= 2.0;

	/*
	 * Newton on log L(k) - log g (L is log-concave, so this converges fast
	 * from both sides in the far tails too), kept inside [lo, hi] where
	 * L(lo) > g > L(hi), bisecting when a step leaves the bracket.
	 */
	k = g >= 0.4 ? -g : 0.0;
	if (k <= lo || k >= hi)
		k = 0.5 * (lo + hi);
	for (it = 0; it < 200; it++)
	{
		double		l = lg_norm_loss(k);
		double		step,
					next;

		if (l > g)
			lo = k;
		else if (l < g)
			hi = k;
		else
			return k;
		if (l > 0.0)
			step = (log(l) - log(g)) * l / lg_norm_sf(k);
		else
			step = INFINITY;
		next = k + step;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - k) <= 4e-16 * fmax(1.0, fabs(k)))
			return next;
		k = next;
	}
	return k;
}
