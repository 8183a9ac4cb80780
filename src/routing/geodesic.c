/*
 * geodesic.c
 *		The inverse geodesic problem on an oblate ellipsoid of revolution,
 *		and great-circle distances on a sphere.
 *
 * Method: C. F. F. Karney, "Algorithms for geodesics", Journal of Geodesy
 * 87 (2013) 43-55 (doi:10.1007/s00190-012-0578-z; arXiv:1109.4448),
 * referred to below as "K13".  The geodesic is mapped to a great circle on
 * the auxiliary sphere (reduced latitude beta, eq. 6; arc length sigma;
 * spherical longitude omega); distance and longitude are the integrals
 * I1 and I3 of K13 eqs. 7 and 8, and the reduced length m12 needs a third,
 * I2.  Each is a Fourier series in sigma whose coefficients (A1, C1l; A2,
 * C2l; A3, C3l) are Taylor series in eps = (sqrt(1 + k^2) - 1) /
 * (sqrt(1 + k^2) + 1), k = e' cos alpha0 (eq. 9), and the third flattening
 * n, kept to order 6 as in the paper.  The coefficients below were
 * re-derived here with a computer algebra system (sympy: expand the
 * integrands in eps and n, project on cos 2 l sigma) and agree with the
 * paper's tables.  The inverse problem is solved as in K13's section on
 * it: reduce to a canonical configuration, treat meridional, equatorial
 * and coincident points directly, otherwise solve lambda12(alpha1) =
 * lambda12 for the azimuth alpha1 by Newton's method with d lambda12 /
 * d alpha1 = m12 / (a cos alpha2 cos beta2), here safeguarded by
 * bisection, starting from the solution on the auxiliary sphere with
 * omega12 = lambda12 / wbar or, for nearly antipodal points, from the
 * astroid approximation.
 *
 * This is an independent implementation written from the paper; no code
 * was taken from GeographicLib, which is used only as the reference in
 * the tests and the benchmark.
 */
#include <float.h>
#include <math.h>

#include "geodesic.h"

#define GEOD_PI			3.14159265358979323846
#define GEOD_DEG		(GEOD_PI / 180.0)

/* maximum number of Newton/bisection steps in the inverse problem */
#define GEOD_MAXIT		100
/* Newton steps allowed before bisection only */
#define GEOD_MAXIT_NEWTON 30

/*
 * Convergence of the longitude residual v = lambda12(alpha1) - lambda12,
 * radians.  omega12 is the atan2 of differences of products of unit
 * vectors, so v has an absolute rounding floor of a few DBL_EPSILON
 * whatever the size of lambda12: iterate until |v| <= GEOD_TOL.  When
 * rounding keeps |v| just above that, stop once |v| <= GEOD_TOL_LOOSE and
 * a Newton step fails to halve it (the floor), rather than bisecting down
 * to the last bit.  The remaining residual moves the far end of the
 * geodesic along its parallel by at most a |v| (~6e-9 m); its first-order
 * effect on the distance is removed at the end.
 */
#define GEOD_TOL		(4.0 * DBL_EPSILON)
#define GEOD_TOL_LOOSE	1e-9

static double
sq(double x)
{
	return x * x;
}

/*
 * Sine and cosine of an angle in degrees.  The angle is reduced exactly to
 * [-45, 45] degrees with remquo before conversion to radians, so multiples
 * of 90 degrees give exact zeros and ones (poles, meridians 0 and 180).
 */
static void
sincos_deg(double x, double *s, double *c)
{
	int			q = 0;
	double		r,
				sr,
				cr;

	r = remquo(x, 90.0, &q) * GEOD_DEG;
	sr = sin(r);
	cr = cos(r);
	switch ((unsigned int) q & 3u)
	{
		case 0:
			*s = sr;
			*c = cr;
			break;
		case 1:
			*s = cr;
			*c = -sr;
			break;
		case 2:
			*s = -sr;
			*c = -cr;
			break;
		default:
			*s = -cr;
			*c = sr;
			break;
	}
	/* turn -0 into +0 */
	*s += 0.0;
	*c += 0.0;
}

/*
 * Round an angle in degrees of magnitude below 1/16 to a multiple of
 * 2^-60 degrees (about 1e-18 degrees, 1e-13 m): (z - (z - x)) with z =
 * 1/16 keeps only the bits that fit beside z.  Latitudes such as 1e-300
 * would otherwise give subnormal sines whose products underflow in the
 * azimuth and astroid formulas; the distance changes by less than 1e-12 m.
 */
static double
ang_round(double x)
{
	const double z = 1.0 / 16;
	double		y = fabs(x);

	if (y < z)
		y = z - (z - y);
	return x < 0 ? -y : y;
}

/* Knuth's error-free sum: returns s = fl(u + v) and sets *t = u + v - s. */
static double
two_sum(double u, double v, double *t)
{
	double		s = u + v;
	double		up = s - v;
	double		vpp = s - up;

	up -= u;
	vpp -= v;
	*t = -(up + vpp);
	return s;
}

/*
 * |lon2 - lon1| reduced to [0, 180] degrees, returned as d + *e where d is
 * the rounded value and *e the rounding error (so that points whose
 * longitudes differ by exactly 180 degrees after reduction are recognised
 * exactly, and no precision is lost for large longitudes).
 */
static double
lon_diff_abs(double lon1, double lon2, double *e)
{
	double		d;

	/* remainder() is exact: both lie in [-180, 180] afterwards */
	d = two_sum(remainder(lon2, 360.0), -remainder(lon1, 360.0), e);
	/* d is in [-360, 360]; this reduction is exact (Sterbenz) */
	d = remainder(d, 360.0);
	if (d < 0 || (d == 0 && *e < 0))
	{
		d = -d;
		*e = -*e;
	}
	/* 180 + e with e > 0 is the same as 180 - e the other way round */
	if (d == 180.0 && *e > 0)
		*e = -*e;
	/* tiny differences: fold in the error and round as latitudes are */
	if (d < 1.0 / 16)
	{
		d = ang_round(d + *e);
		*e = 0;
	}
	return d;
}

/*
 * Normalise (s, c) to a unit vector; (0, 0) is left alone.  The arguments
 * are sines and cosines (at most ~1, at least ~1e-19 after ang_round, or
 * exactly 0), so sqrt(s^2 + c^2) neither overflows nor underflows, and it
 * is much faster than hypot().
 */
static void
norm2(double *s, double *c)
{
	double		r = sqrt(*s * *s + *c * *c);

	if (r > 0)
	{
		*s /= r;
		*c /= r;
	}
}

/* p[0] + p[1] x + ... + p[n-1] x^(n-1), Horner */
static double
poly_eval(const double *p, int n, double x)
{
	double		y = 0;

	while (n-- > 0)
		y = y * x + p[n];
	return y;
}

/*
 * sum_{l=1}^{n} c[l] sin(2 l sigma) given sin(sigma), cos(sigma), by
 * Clenshaw's recurrence on sin(2 l sigma) = 2 cos(2 sigma) sin(2 (l-1)
 * sigma) - sin(2 (l-2) sigma).
 */
static double
sin_series(const double *c, int n, double ssig, double csig)
{
	double		x = 2.0 * (csig - ssig) * (csig + ssig);	/* 2 cos 2 sigma */
	double		b1 = 0,
				b2 = 0,
				bk;
	int			l;

	for (l = n; l >= 1; l--)
	{
		bk = c[l] + x * b1 - b2;
		b2 = b1;
		b1 = bk;
	}
	return 2.0 * ssig * csig * b1;
}

/*
 * A1 - 1 and C1l: the distance integral
 * I1(sigma) = A1 (sigma + sum_l C1l sin 2 l sigma).
 */
static double
series_a1m1(double eps, double *c1)
{
	double		e2 = eps * eps;
	double		t = e2 * (1.0 / 4 + e2 * (1.0 / 64 + e2 / 256));

	c1[1] = eps * (-1.0 / 2 + e2 * (3.0 / 16 - e2 / 32));
	c1[2] = e2 * (-1.0 / 16 + e2 * (1.0 / 32 - e2 * 9.0 / 2048));
	c1[3] = e2 * eps * (-1.0 / 48 + e2 * 3.0 / 256);
	c1[4] = e2 * e2 * (-5.0 / 512 + e2 * 3.0 / 512);
	c1[5] = e2 * e2 * eps * (-7.0 / 1280);
	c1[6] = e2 * e2 * e2 * (-7.0 / 2048);
	return (t + eps) / (1 - eps);
}

/*
 * A2 - 1 and C2l: I2(sigma) = A2 (sigma + sum_l C2l
 * sin 2 l sigma), used for the reduced length m12.
 */
static double
series_a2m1(double eps, double *c2)
{
	double		e2 = eps * eps;
	double		t = e2 * (1.0 / 4 + e2 * (9.0 / 64 + e2 * 25.0 / 256));

	c2[1] = eps * (1.0 / 2 + e2 * (1.0 / 16 + e2 / 32));
	c2[2] = e2 * (3.0 / 16 + e2 * (1.0 / 32 + e2 * 35.0 / 2048));
	c2[3] = e2 * eps * (5.0 / 48 + e2 * 5.0 / 256);
	c2[4] = e2 * e2 * (35.0 / 512 + e2 * 7.0 / 512);
	c2[5] = e2 * e2 * eps * (63.0 / 1280);
	c2[6] = e2 * e2 * e2 * (77.0 / 2048);
	/* (1 - eps)(1 + t) - 1 */
	return t - eps * (1 + t);
}

void
lgeod_init(GeodEllipsoid *g, double a, double f)
{
	double		n = f / (2 - f);
	double		n2 = n * n;
	int			l,
				j;

	g->a = a;
	g->f = f;
	g->f1 = 1 - f;
	g->b = a * (1 - f);
	g->e2 = f * (2 - f);
	g->ep2 = g->e2 / sq(g->f1);
	g->n = n;

	/*
	 * A3 as a polynomial in eps for this n; the n dependence
	 * is fixed per ellipsoid.  Terms are kept to total order 5 in (eps, n),
	 * i.e. order 6 once multiplied by f in the longitude equation.
	 */
	g->a3[0] = 1;
	g->a3[1] = -1.0 / 2 + n / 2;
	g->a3[2] = -1.0 / 4 - n / 8 + 3 * n2 / 8;
	g->a3[3] = -1.0 / 16 - 3 * n / 16 - n2 / 16;
	g->a3[4] = -3.0 / 64 - n / 32;
	g->a3[5] = -3.0 / 128;

	/* C3l: c3[l][j] is the coefficient of eps^j in C3l */
	for (l = 0; l < GEOD_ORD; l++)
		for (j = 0; j < GEOD_ORD; j++)
			g->c3[l][j] = 0;
	g->c3[1][1] = 1.0 / 4 - n / 4;
	g->c3[1][2] = 1.0 / 8 - n2 / 8;
	g->c3[1][3] = 3.0 / 64 + 3 * n / 64 - n2 / 64;
	g->c3[1][4] = 5.0 / 128 + n / 64;
	g->c3[1][5] = 3.0 / 128;
	g->c3[2][2] = 1.0 / 16 - 3 * n / 32 + n2 / 32;
	g->c3[2][3] = 3.0 / 64 - n / 32 - 3 * n2 / 64;
	g->c3[2][4] = 3.0 / 128 + n / 128;
	g->c3[2][5] = 5.0 / 256;
	g->c3[3][3] = 5.0 / 192 - 3 * n / 64 + 5 * n2 / 192;
	g->c3[3][4] = 3.0 / 128 - 5 * n / 192;
	g->c3[3][5] = 7.0 / 512;
	g->c3[4][4] = 7.0 / 512 - 7 * n / 256;
	g->c3[4][5] = 7.0 / 512;
	g->c3[5][5] = 21.0 / 2560;
}

const GeodEllipsoid *
lgeod_wgs84(void)
{
	static GeodEllipsoid wgs84;
	static int	initialised = 0;

	if (!initialised)
	{
		lgeod_init(&wgs84, GEOD_WGS84_A, GEOD_WGS84_F);
		initialised = 1;
	}
	return &wgs84;
}

/*
 * Lengths along the geodesic between sigma1 and sigma2 with parameter
 * eps: returns s12 / b (K13 eq. 7) and sets *m12b to m12 / b, the reduced
 * length, from I1, I2 and J = I1 - I2.
 */
static double
geod_lengths(double eps, double k2, double sig12,
			 double ssig1, double csig1, double ssig2, double csig2,
			 double *m12b)
{
	double		c1[GEOD_ORD + 1],
				c2[GEOD_ORD + 1];
	double		a1m1,
				a2m1,
				b1,
				b2,
				j12,
				dn1,
				dn2;

	a1m1 = series_a1m1(eps, c1);
	a2m1 = series_a2m1(eps, c2);
	b1 = sin_series(c1, GEOD_ORD, ssig2, csig2) -
		sin_series(c1, GEOD_ORD, ssig1, csig1);
	b2 = sin_series(c2, GEOD_ORD, ssig2, csig2) -
		sin_series(c2, GEOD_ORD, ssig1, csig1);
	/* J(sigma2) - J(sigma1), J = I1 - I2 */
	j12 = (a1m1 - a2m1) * sig12 + (1 + a1m1) * b1 - (1 + a2m1) * b2;
	dn1 = sqrt(1 + k2 * sq(ssig1));
	dn2 = sqrt(1 + k2 * sq(ssig2));
	*m12b = dn2 * csig1 * ssig2 - dn1 * ssig1 * csig2 - csig1 * csig2 * j12;
	return (1 + a1m1) * (sig12 + b1);
}

/*
 * For a trial azimuth alpha1 = atan2(salp1, calp1) at point 1 (canonical
 * configuration, see lgeod_inverse_distance), follow the geodesic to the
 * latitude of point 2 and return lambda12(alpha1) - lam12.  Sets *dlam to
 * the derivative d lambda12 / d alpha1 = m12 / (a cos alpha2 cos beta2),
 * *s12b to the length
 * s12 / b of that geodesic and *salp0p to sin alpha0.
 */
static double
geod_lambda_residual(const GeodEllipsoid *g,
					 double sbet1, double cbet1, double sbet2, double cbet2,
					 double lam12, double salp1, double calp1,
					 double *dlam, double *s12b, double *salp0p)
{
	double		salp0,
				calp0,
				calp2,
				ssig1,
				csig1,
				ssig2,
				csig2,
				somg1,
				comg1,
				somg2,
				comg2,
				somg12,
				comg12,
				sig12,
				omg12,
				k2,
				eps,
				a3,
				b3,
				d,
				m12b,
				dn1;
	double		c3[GEOD_ORD];
	int			l;

	/*
	 * Leaving the equator due east the arc lengths are undefined (0/0);
	 * tilt the azimuth by a negligible amount towards the south, which is
	 * the side the solution lies on in the canonical configuration.
	 */
	if (sbet1 == 0 && calp1 == 0)
		calp1 = -sqrt(DBL_MIN);

	/* Clairaut: sin alpha0 = sin alpha1 cos beta1 (K13 eq. 5) */
	salp0 = salp1 * cbet1;
	*salp0p = salp0;
	calp0 = sqrt(sq(calp1) + sq(salp1 * sbet1));

	/* tan sigma1 = tan beta1 / cos alpha1, tan omega1 = sin alpha0 tan sigma1 */
	ssig1 = sbet1;
	csig1 = calp1 * cbet1;
	somg1 = salp0 * sbet1;
	comg1 = csig1;
	norm2(&ssig1, &csig1);

	/*
	 * cos^2 alpha2 cos^2 beta2 = cos^2 alpha1 cos^2 beta1 + cos^2 beta2 -
	 * cos^2 beta1 (Clairaut again); the last difference is formed from
	 * whichever of cos or sin is the better conditioned.  cos alpha2 >= 0
	 * in the canonical configuration.
	 */
	if (cbet1 < -sbet1)
		d = (cbet2 - cbet1) * (cbet2 + cbet1);
	else
		d = (sbet1 - sbet2) * (sbet1 + sbet2);
	calp2 = sqrt(fmax(0.0, sq(calp1 * cbet1) + d)) / cbet2;

	ssig2 = sbet2;
	csig2 = calp2 * cbet2;
	somg2 = salp0 * sbet2;
	comg2 = csig2;
	norm2(&ssig2, &csig2);

	/* sigma12 and omega12 in [0, pi] as differences of atan2 arguments */
	sig12 = atan2(fmax(0.0, csig1 * ssig2 - ssig1 * csig2),
				  csig1 * csig2 + ssig1 * ssig2);
	somg12 = fmax(0.0, comg1 * somg2 - somg1 * comg2);
	comg12 = comg1 * comg2 + somg1 * somg2;
	omg12 = atan2(somg12, comg12);

	/* k^2 = e'^2 cos^2 alpha0, eps = (sqrt(1+k^2) - 1)/(sqrt(1+k^2) + 1) */
	k2 = sq(calp0) * g->ep2;
	eps = k2 / (2 * (1 + sqrt(1 + k2)) + k2);

	/* lambda = omega - f sin alpha0 I3(sigma) (K13 eq. 8) */
	a3 = poly_eval(g->a3, GEOD_ORD, eps);
	c3[0] = 0;
	for (l = 1; l < GEOD_ORD; l++)
		c3[l] = poly_eval(g->c3[l], GEOD_ORD, eps);
	b3 = sin_series(c3, GEOD_ORD - 1, ssig2, csig2) -
		sin_series(c3, GEOD_ORD - 1, ssig1, csig1);

	*s12b = geod_lengths(eps, k2, sig12, ssig1, csig1, ssig2, csig2, &m12b);

	if (calp2 > 0)
		*dlam = g->f1 * m12b / (calp2 * cbet2);
	else
	{
		/*
		 * beta2 = -beta1 and alpha1 = 90 degrees: both points are vertices
		 * of the geodesic and m12 / cos alpha2 is 0/0.  lambda12(alpha1) has a kink
		 * there; for alpha1 -> 90 degrees from below (the side the root is
		 * on when Newton's method needs it) the limit is -2 (1 - f) sqrt(1
		 * + k^2 sin^2 sigma1) / sin beta1 (checked against finite
		 * differences); from above lambda12 is flat to first order.
		 */
		dn1 = sqrt(1 + k2 * sq(ssig1));
		*dlam = sbet1 < 0 ? -2 * g->f1 * dn1 / sbet1 : 0;
	}

	return omg12 - g->f * salp0 * a3 * (sig12 + b3) - lam12;
}

/*
 * Positive root mu of mu^4 + 2 mu^3 + (1 - x^2 - y^2) mu^2 - 2 y^2 mu - y^2
 * = 0 (the astroid equation of K13), i.e. of x^2/(1+mu)^2 + y^2/mu^2 = 1,
 * for y != 0 or |x| > 1.  G(mu) = 1 - x^2/(1+mu)^2 - y^2/mu^2 is
 * increasing and concave on mu > 0, so Newton's method started left of the
 * root climbs to it monotonically.  The root lies in [max(|y|, |x| - 1), |x| + |y|].  This is
 * only a starting guess for the azimuth; modest accuracy is enough.
 */
static double
astroid_root(double x, double y)
{
	double		ax = fabs(x),
				ay = fabs(y);
	double		mu = fmax(ay, ax - 1);
	double		hi = ax + ay;
	int			i;

	if (!(mu > 0))
		mu = hi * 1e-3;
	for (i = 0; i < 60; i++)
	{
		double		p = 1 + mu;
		double		gv = 1 - sq(x / p) - sq(y / mu);
		double		gd = 2 * sq(x) / (p * p * p) + 2 * sq(y) / (mu * mu * mu);
		double		next = mu - gv / gd;

		if (!(next > 0) || next > hi)
			next = 0.5 * (mu + hi);
		if (fabs(next - mu) <= 1e-14 * mu)
		{
			mu = next;
			break;
		}
		mu = next;
	}
	return mu;
}

/*
 * Starting guess for the azimuth alpha1 at point 1 (general case of
 * lgeod_inverse_distance, canonical configuration), as (sin, cos) with
 * sin alpha1 > 0.
 */
static void
geod_start_azimuth(const GeodEllipsoid *g, double sbet1, double cbet1,
				   double sbet2, double cbet2, double lam12, double lon12,
				   double lon12e, double *salp1_out, double *calp1_out)
{
	double		salp1,
				calp1;
	double		sbet12 = sbet2 * cbet1 - cbet2 * sbet1;	/* sin(b2 - b1) */
	double		sbet12a = sbet2 * cbet1 + cbet2 * sbet1;	/* sin(b2 + b1) */
	double		cbm2,
				wbar,
				omg12,
				somg12,
				comg12,
				csig12;

	/*
	 * Short-line approximation on the auxiliary sphere (K13): omega12 =
	 * lambda12 / wbar with wbar = sqrt(1 - e^2 cos^2 betam) at the mean
	 * reduced latitude betam.
	 */
	cbm2 = (1 + cbet1 * cbet2 - sbet1 * sbet2) / 2;	/* cos^2 betam */
	wbar = sqrt(1 - g->e2 * cbm2);
	omg12 = lam12 / wbar;
	if (omg12 > GEOD_PI)
		omg12 = lam12;
	somg12 = sin(omg12);
	comg12 = cos(omg12);

	/*
	 * z1 = (cos b1 sin b2 - sin b1 cos b2 cos w12) + i cos b2 sin w12,
	 * with the real part rewritten to avoid cancellation: it equals
	 * sin(b2 - b1) + sin b1 cos b2 (1 - cos w12), or sin(b2 + b1) -
	 * sin b1 cos b2 (1 + cos w12).
	 */
	salp1 = cbet2 * somg12;
	if (comg12 >= 0)
		calp1 = sbet12 + cbet2 * sbet1 * sq(somg12) / (1 + comg12);
	else
		calp1 = sbet12a - cbet2 * sbet1 * sq(somg12) / (1 - comg12);
	csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;

	/*
	 * Nearly antipodal points (K13): near the antipode of point
	 * 1 the geodesics from it are, to first order in f, straight lines
	 * tangent to an astroid.  Scale longitude and latitude offsets from
	 * the antipode by f pi A3 cos beta1 (resp. that times cos beta1):
	 * x = (lambda12 - pi) / (f A3 pi cos b1), y = (b1 + b2) / (f A3 pi
	 * cos^2 b1).  A geodesic with azimuth alpha1 passes through (x, y)
	 * = (-(1 + mu) sin alpha1, mu cos alpha1) for some mu > 0 not yet
	 * beyond its conjugate point; eliminating alpha1 gives the quartic
	 * for mu.  Used when the point lies within about three astroid
	 * radii of the antipode.
	 */
	if (csig12 < 0 && g->f > 0)
	{
		double		k2 = g->ep2 * sq(sbet1);	/* alpha1 ~ 90 deg */
		double		eps = k2 / (2 * (1 + sqrt(1 + k2)) + k2);
		double		lamscale = g->f * cbet1 *
			poly_eval(g->a3, GEOD_ORD, eps) * GEOD_PI;
		double		x = ((lon12 - 180.0) + lon12e) * GEOD_DEG / lamscale;
		double		y = sbet12a / (lamscale * cbet1);

		if (hypot(x, y) < 3)
		{
			if (y == 0 && x >= -1)
			{
				/*
				 * Opposite latitudes, inside the astroid: the limit mu ->
				 * 0 gives sin alpha1 = -x.
				 */
				salp1 = fmin(1.0, -x);
				calp1 = -sqrt(1 - sq(salp1));
			}
			else
			{
				double		mu = astroid_root(x, y);

				salp1 = -x / (1 + mu);
				calp1 = y / mu;
			}
		}
	}
	norm2(&salp1, &calp1);
	if (!(salp1 > 0))
	{
		salp1 = 1;
		calp1 = 0;
	}
	*salp1_out = salp1;
	*calp1_out = calp1;
}

/*
 * Solve lambda12(alpha1) = lam12 for alpha1 from the start (salp1, calp1);
 * returns the last residual v and sets the reduced length s12b and sin alpha0
 * of the last geodesic.
 */
static double
geod_solve_azimuth(const GeodEllipsoid *g, double sbet1, double cbet1,
				   double sbet2, double cbet2, double lam12, double salp1,
				   double calp1, double *s12b_out, double *salp0_out)
{
	double		slo,
				clo,
				shi,
				chi,
				v,
				dv,
				s12b,
				salp0;
	double		vprev = HUGE_VAL;
	int			it;

	/*
	 * Newton's method on alpha1 for lambda12(alpha1) = lam12 (K13).
	 * In the canonical configuration lambda12 increases from 0 at alpha1 =
	 * 0 to pi at alpha1 = pi, so [lo, hi] brackets the root; a Newton step
	 * leaving the bracket is replaced by bisection.  alpha1 is carried as
	 * the pair (sin, cos), rotated by each step: near 90 degrees lambda12
	 * can be extremely sensitive to alpha1 (d lambda / d alpha1 ~ 1e9 for
	 * points just off the equator), and the small cosine keeps its full
	 * relative precision where the angle itself would not.
	 */
	slo = 0;
	clo = 1;
	shi = 0;
	chi = -1;
	s12b = 0;
	salp0 = 0;
	v = 0;
	for (it = 0; it < GEOD_MAXIT; it++)
	{
		double		sn = 0,
					cn = 0;
		int			ok = 0;

		v = geod_lambda_residual(g, sbet1, cbet1, sbet2, cbet2, lam12,
								 salp1, calp1, &dv, &s12b, &salp0);
		if (!(fabs(v) > GEOD_TOL))
			break;
		/* rounding floor reached: the last step no longer halved |v| */
		if (fabs(v) <= GEOD_TOL_LOOSE && fabs(v) >= 0.5 * vprev)
			break;
		vprev = fabs(v);
		if (v > 0)
		{
			shi = salp1;
			chi = calp1;
		}
		else
		{
			slo = salp1;
			clo = calp1;
		}
		if (it < GEOD_MAXIT_NEWTON && dv > 0)
		{
			double		da = -v / dv;

			if (fabs(da) < 1)
			{
				double		sd = sin(da),
							cd = cos(da);

				sn = salp1 * cd + calp1 * sd;
				cn = calp1 * cd - salp1 * sd;
				norm2(&sn, &cn);
				/* strictly inside (lo, hi): sin(new - lo) > 0, sin(hi - new) > 0 */
				ok = sn * clo - cn * slo > 0 && shi * cn - chi * sn > 0;
			}
		}
		if (!ok)
		{
			/* bisect; lo = 0 and hi = pi initially have no finite sum */
			sn = slo + shi;
			cn = clo + chi;
			if (fabs(sn) + fabs(cn) < 1e-300)
			{
				sn = 1;
				cn = 0;
			}
			norm2(&sn, &cn);
			if (!(sn * clo - cn * slo > 0 && shi * cn - chi * sn > 0))
				break;			/* bracket exhausted: alpha1 has converged */
		}
		salp1 = sn;
		calp1 = cn;
	}
	*s12b_out = s12b;
	*salp0_out = salp0;
	return v;
}

double
lgeod_inverse_distance(const GeodEllipsoid *g, double lat1, double lon1,
					  double lat2, double lon2)
{
	double		lon12,
				lon12e,
				lam12,
				slam12,
				clam12,
				sbet1,
				cbet1,
				sbet2,
				cbet2,
				t,
				salp1,
				calp1,
				v,
				s12b,
				salp0;

	lon12 = lon_diff_abs(lon1, lon2, &lon12e);
	lam12 = lon12 * GEOD_DEG + lon12e * GEOD_DEG;
	sincos_deg(lon12, &slam12, &clam12);
	if (lon12e != 0)
	{
		/* fold in the rounding error: sin(d + e) ~ sin d + e cos d */
		t = lon12e * GEOD_DEG;
		slam12 += t * clam12;
		clam12 -= t * sin(lon12 * GEOD_DEG);
	}

	/*
	 * Canonical configuration (K13): swap the points so that
	 * |lat1| >= |lat2| and reflect in the equator so that lat1 <= 0; then
	 * lat1 <= lat2 <= -lat1 and 0 <= lambda12 <= pi.  The distance is
	 * unchanged by these symmetries.
	 */
	if (fabs(lat1) < fabs(lat2))
	{
		t = lat1;
		lat1 = lat2;
		lat2 = t;
	}
	if (lat1 > 0)
	{
		lat1 = -lat1;
		lat2 = -lat2;
	}

	lat1 = ang_round(lat1);
	lat2 = ang_round(lat2);

	/* reduced latitude: tan beta = (1 - f) tan phi */
	sincos_deg(lat1, &sbet1, &cbet1);
	sbet1 *= g->f1;
	norm2(&sbet1, &cbet1);
	sincos_deg(lat2, &sbet2, &cbet2);
	sbet2 *= g->f1;
	norm2(&sbet2, &cbet2);

	/*
	 * Meridional geodesic: both points on one meridian (lambda12 = 0 or
	 * pi) or point 1 at a pole.  alpha1 = lambda12, alpha2 = 0, sin alpha0 =
	 * 0.  It is the shortest path unless it runs past a conjugate point
	 * (sigma12 >= 1 and m12 < 0), which cannot happen from a pole.
	 */
	if (slam12 == 0 || cbet1 == 0)
	{
		double		ssig1 = sbet1,
					csig1 = clam12 * cbet1,
					ssig2 = sbet2,
					csig2 = cbet2,
					sig12,
					m12b,
					eps,
					k2;

		sig12 = atan2(fmax(0.0, csig1 * ssig2 - ssig1 * csig2),
					  csig1 * csig2 + ssig1 * ssig2);
		k2 = g->ep2;
		eps = k2 / (2 * (1 + sqrt(1 + k2)) + k2);
		s12b = geod_lengths(eps, k2, sig12, ssig1, csig1, ssig2, csig2,
							&m12b);
		if (cbet1 == 0 || sig12 < 1 || m12b >= 0)
			return g->b * s12b;
	}

	/*
	 * Equatorial geodesic: both points on the equator and no further apart
	 * than (1 - f) pi in longitude, beyond which the equator passes its
	 * conjugate point and a path over the poles is shorter (K13).
	 */
	if (sbet1 == 0 && 180.0 - lon12 - lon12e >= 180.0 * g->f)
		return g->a * lam12;

	salp1 = calp1 = 0;
	geod_start_azimuth(g, sbet1, cbet1, sbet2, cbet2, lam12, lon12, lon12e,
					   &salp1, &calp1);
	v = geod_solve_azimuth(g, sbet1, cbet1, sbet2, cbet2, lam12, salp1, calp1,
						   &s12b, &salp0);

	/*
	 * The last geodesic ends at longitude lambda12 + v on the parallel of
	 * point 2.  By the first variation of arc length, moving its end back
	 * along the parallel by v changes the length by -v a cos(beta2) sin
	 * alpha2 = -v a sin alpha0 (Clairaut), which removes the residual's
	 * first-order effect on the distance.
	 */
	return g->b * s12b - g->a * salp0 * v;
}

double
lgeod_distance(double lat1, double lon1, double lat2, double lon2)
{
	return lgeod_inverse_distance(lgeod_wgs84(), lat1, lon1, lat2, lon2);
}

double
lgeod_haversine_r(double r, double lat1, double lon1,
					 double lat2, double lon2)
{
	double		s1,
				c1,
				s2,
				c2,
				sdlon,
				cdlon,
				e,
				h,
				hc;

	sincos_deg(lat1, &s1, &c1);
	sincos_deg(lat2, &s2, &c2);
	sincos_deg(0.5 * lon_diff_abs(lon1, lon2, &e), &sdlon, &cdlon);

	/* hav(d / r) = hav(phi2 - phi1) + cos phi1 cos phi2 hav(lambda2 - lambda1) */
	h = sq(sin((lat2 - lat1) * (GEOD_DEG / 2))) + c1 * c2 * sq(sdlon);

	/*
	 * 1 - hav(d / r) = hav(pi - d / r) is the haversine of the distance to
	 * the antipode of point 2, (-phi2, lambda2 + 180): formed directly it
	 * has no cancellation, so nearly antipodal points stay accurate.
	 */
	hc = sq(sin((lat2 + lat1) * (GEOD_DEG / 2))) + c1 * c2 * sq(cdlon);

	/* d = 2 r asin(sqrt h) = 2 r atan2(sqrt h, sqrt(1 - h)) */
	return 2 * r * atan2(sqrt(h), sqrt(hc));
}

double
lgeod_haversine(double lat1, double lon1, double lat2, double lon2)
{
	return lgeod_haversine_r(GEOD_MEAN_RADIUS, lat1, lon1, lat2, lon2);
}
