/* unit: src/common/normal.c */
/*
 * Unit tests of the standard normal kernel.  Reference values: mpmath 1.3.0
 * at 40 significant digits (npdf, ncdf, erfinv / findroot on log ncdf for
 * the quantile, npdf(z) - z ncdf(-z) for the loss), cross-checked with R 4
 * (dnorm, pnorm, qnorm) where R is accurate.  Tolerance 1e-14 relative, a
 * hundred times tighter than the documented 1e-12.
 */
#include <math.h>
#include <stdio.h>

#include "common/normal.h"

static int	n_test = 0;
static int	n_fail = 0;

static void
check(const char *what, double got, double want, double reltol)
{
	double		err = fabs(got - want) / fabs(want);

	n_test++;
	if (err <= reltol || got == want)
		printf("ok %d - %s\n", n_test, what);
	else
	{
		n_fail++;
		printf("not ok %d - %s: got %.17g want %.17g (rel err %.3g)\n",
			   n_test, what, got, want, err);
	}
}

static void
check_exact(const char *what, double got, double want)
{
	n_test++;
	if (got == want || (isnan(got) && isnan(want)))
		printf("ok %d - %s\n", n_test, what);
	else
	{
		n_fail++;
		printf("not ok %d - %s: got %.17g want %.17g\n", n_test, what,
			   got, want);
	}
}

int
main(void)
{
	const double tol = 1e-14;
	double		p;
	int			i,
				mono;

	printf("1..49\n");

	check("pdf(0)", lg_norm_pdf(0), 0.39894228040143267794, tol);
	check("pdf(1)", lg_norm_pdf(1), 0.2419707245191433498, tol);
	check("pdf(-4.5)", lg_norm_pdf(-4.5), 1.5983741106905474434e-5, tol);
	check("pdf(20)", lg_norm_pdf(20), 5.5209483621597631896e-88, tol);
	check_exact("pdf(+inf)", lg_norm_pdf(INFINITY), 0.0);

	check("cdf(-37.5) near DBL_MIN", lg_norm_cdf(-37.5),
		  4.6053530095819548438e-308, 1e-13);
	check("cdf(-10)", lg_norm_cdf(-10), 7.619853024160526066e-24, tol);
	check("cdf(-1.96)", lg_norm_cdf(-1.96), 0.024997895148220436213, tol);
	check_exact("cdf(0)", lg_norm_cdf(0), 0.5);
	check("cdf(1.5)", lg_norm_cdf(1.5), 0.933192798731141934, tol);
	check("cdf(8)", lg_norm_cdf(8), 0.9999999999999993779, tol);
	check_exact("cdf(-inf)", lg_norm_cdf(-INFINITY), 0.0);
	check_exact("cdf(+inf)", lg_norm_cdf(INFINITY), 1.0);
	check_exact("cdf(nan)", lg_norm_cdf(NAN), NAN);

	check("sf(8)", lg_norm_sf(8), 6.2209605742717841235e-16, tol);
	check("sf(20)", lg_norm_sf(20), 2.7536241186062336951e-89, tol);
	check("sf(37.5)", lg_norm_sf(37.5), 4.6053530095819548438e-308, 1e-13);
	check("sf(-3)", lg_norm_sf(-3), 0.99865010196836990547, tol);

	check("quantile(1e-300) (R: -37.047096299361201)",
		  lg_norm_quantile(1e-300), -37.047096299361199237, tol);
	check("quantile(smallest subnormal)",
		  lg_norm_quantile(4.9406564584124654e-324),
		  -38.467405617144346251, tol);
	check("quantile(1e-10)", lg_norm_quantile(1e-10),
		  -6.3613409024040561991, tol);
	check("quantile(0.025)", lg_norm_quantile(0.025),
		  -1.9599639845400542118, tol);
	check("quantile(0.975)", lg_norm_quantile(0.975),
		  1.9599639845400538556, tol);
	check("quantile(0.95)", lg_norm_quantile(0.95),
		  1.6448536269514722843, tol);
	check("quantile(0.5 + 1e-12) relative near 0",
		  lg_norm_quantile(0.500000000001), 2.5065728237018604669e-12, tol);
	check("quantile(1 - 2^-52)", lg_norm_quantile(1 - ldexp(1, -52)),
		  8.1258906647019068585, tol);
	check_exact("quantile(0.5)", lg_norm_quantile(0.5), 0.0);
	check_exact("quantile(0)", lg_norm_quantile(0), -INFINITY);
	check_exact("quantile(1)", lg_norm_quantile(1), INFINITY);
	check_exact("quantile(1.5)", lg_norm_quantile(1.5), NAN);
	check_exact("quantile(-0.1)", lg_norm_quantile(-0.1), NAN);

	/* golden.md F1-F3 (stockpyl test_loss_functions.py) */
	check("loss(-1.4) golden F1", lg_norm_loss(-1.4), 1.4366681427084653059, tol);
	check("loss(0.3) golden F2", lg_norm_loss(0.3), 0.26676124211720988104, tol);
	check("loss(3.1) golden F3", lg_norm_loss(3.1),
		  2.6724909522301402065e-4, tol);
	check("loss(10), no cancellation", lg_norm_loss(10),
		  7.4745602545893280366e-25, tol);
	check("loss(30), no cancellation", lg_norm_loss(30),
		  1.6319567340914011894e-199, tol);
	check("loss(-30)", lg_norm_loss(-30), 30.0, tol);
	check_exact("loss(+inf)", lg_norm_loss(INFINITY), 0.0);
	check_exact("loss(-inf)", lg_norm_loss(-INFINITY), INFINITY);

	/* golden.md F4 (stockpyl TestStandardNormalSecondLoss), mpmath digits */
	check("loss2(-1.4) golden F4", lg_norm_loss2(-1.4), 1.4652893702790401204, tol);
	check("loss2(0.3) golden F4", lg_norm_loss2(0.3), 0.15103010258794220279, tol);
	check("loss2(3.1) golden F4", lg_norm_loss2(3.1),
		  6.9565509013506557104e-5, tol);
	check("loss2(10), no cancellation", lg_norm_loss2(10),
		  7.2646384785599014702e-26, tol);
	check("loss2(30), no cancellation", lg_norm_loss2(30),
		  5.4218624369917457412e-201, tol);

	/* round trips and identities over a grid */
	mono = 1;
	for (i = 1; i < 2000; i++)
	{
		double		x = -38.0 + i * 0.038;

		if (lg_norm_cdf(x) < lg_norm_cdf(x - 0.038))
			mono = 0;
	}
	check_exact("cdf is monotone on [-38, 38]", mono, 1);

	mono = 1;
	for (i = -300; i <= -1; i++)
	{
		double		x;

		p = pow(10.0, i);
		x = lg_norm_quantile(p);
		/* rounding x to a double moves cdf by up to x^2 ulps */
		if (fabs(lg_norm_cdf(x) - p) > 4.5e-16 * (2.0 + x * x) * p)
			mono = 0;
	}
	check_exact("cdf(quantile(10^k)) = 10^k, k = -300..-1", mono, 1);

	mono = 1;
	for (i = 1; i < 1000; i++)
	{
		double		x = -37.0 + i * 0.074;

		if (fabs(lg_norm_cdf(x) + lg_norm_sf(x) - 1.0) > 2.3e-16)
			mono = 0;
	}
	check_exact("cdf + sf = 1", mono, 1);

	mono = 1;
	for (i = 0; i < 1000; i++)
	{
		double		z = -10.0 + i * 0.02;

		/* L(z) - L(-z) = -z */
		if (fabs(lg_norm_loss(z) - lg_norm_loss(-z) + z) >
			4.5e-16 * (fabs(z) + 1.0))
			mono = 0;
	}
	check_exact("loss(z) - loss(-z) = -z", mono, 1);

	mono = 1;
	for (i = 1; i < 400; i++)
	{
		double		z = 2.9 + i * 0.005;	/* across the branch at z = 3 */

		if (!(lg_norm_loss(z) < lg_norm_loss(z - 0.005)))
			mono = 0;
	}
	check_exact("loss decreasing across its branch point", mono, 1);

	return n_fail > 0;
}
