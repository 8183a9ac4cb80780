/* unit: src/inventory/inventory.c src/common/normal.c */
/*
 * Unit tests of the inventory kernels.  Poisson probabilities against
 * mpmath 1.3.0 at 40 digits (exp(d log lambda - lambda - loggamma(d+1)));
 * the other expected values are worked by hand in the comments or come
 * from golden.md (ids given).
 */
#include <math.h>
#include <stdio.h>

#include "inventory/inventory.h"
#include "common/normal.h"

static int	n_test = 0;
static int	n_fail = 0;

static void
check(const char *what, double got, double want, double reltol)
{
	double		err = want == 0.0 ? fabs(got) : fabs(got - want) / fabs(want);

	n_test++;
	if (err <= reltol)
		printf("ok %d - %s\n", n_test, what);
	else
	{
		n_fail++;
		printf("not ok %d - %s: got %.17g want %.17g (rel err %.3g)\n",
			   n_test, what, got, want, err);
	}
}

int
main(void)
{
	double		integral,
				zero,
				below,
				above,
				q[5],
				f[6];
	int			prev[6];
	double		d1[4] = {90, 120, 80, 70};
	double		levels[4] = {1, 2, 0, 3};
	float		levels4[4] = {1, 2, 0, 3};
	LgPoint		pts[3] = {{0, 5.0}, {10, -3.0}, {30, 0.0}};
	int64_t		s,
				big_s;
	double		cost,
				work[4096];

	printf("1..26\n");

	/* Poisson probabilities, including far from the mean and huge means */
	check("pmf(6, 0)", lg_poisson_pmf(6, 0), 0.002478752176666358423, 1e-14);
	check("pmf(6, 8)", lg_poisson_pmf(6, 8), 0.10325773353084430231, 1e-14);
	check("pmf(90, 105)", lg_poisson_pmf(90, 105), 0.011884339683349520727, 1e-13);
	check("pmf(1e6, 1e6)", lg_poisson_pmf(1e6, 1000000), 0.0003989422471562440297, 1e-13);
	check("pmf(1e6, 1005000)", lg_poisson_pmf(1e6, 1005000), 1.5141581028614220741e-9, 1e-12);
	check("pmf(1e6, 990000)", lg_poisson_pmf(1e6, 990000), 6.5406637806879195991e-26, 1e-11);
	check("pmf(1e9, 1e9)", lg_poisson_pmf(1e9, 1000000000), 0.000012615662609049495024, 1e-12);
	check("pmf(0.3, 5)", lg_poisson_pmf(0.3, 5), 0.000015001568968804784179, 1e-14);

	/* E[(s-D)+] - E[(D-s)+] = s - lambda exactly in expectation */
	lg_poisson_losses(18, 13, &below, &above);
	check("Poisson losses: below - above = s - lambda", below - above, 13 - 18.0, 1e-13);
	/* golden B8: S = 13 costs 200 below + 270 above = 1445.751062891969 */
	check("golden B8 g(13)", 200 * below + 270 * above, 1445.751062891969, 1e-12);
	check("quantile Poisson(6) at 0.8 (golden B7 S* = 8)",
		  (double) lg_poisson_quantile(6, 0.8), 8, 0);

	/* golden D1: (s, S) = (4, 10), g = 8.034111561471644 */
	if (lg_ss_poisson(6, 1, 4, 5, 200, work, &s, &big_s, &cost, NULL, NULL) != 0)
		s = big_s = -99;
	check("golden D1 s", (double) s, 4, 0);
	check("golden D1 S", (double) big_s, 10, 0);
	check("golden D1 g", cost, 8.034111561471644, 1e-12);
	check("golden D1 g(6, 18)", lg_ss_poisson_cost(6, 1, 4, 5, 6, 18, work, NULL, NULL),
		  10.193798671644046, 1e-12);

	/* golden E1: plan {210, 0, 150, 0}, cost 1380 */
	cost = lg_wagner_whitin(d1, 4, 500, 2, NULL, q, f, prev, NULL, NULL);
	check("golden E1 cost", cost, 1380, 0);
	check("golden E1 q1", q[0], 210, 0);
	check("golden E1 q3", q[2], 150, 0);

	/*
	 * LOCF, hand: levels 1, 2, 0, 3 at t = 0, 10, 20, 30, end 50:
	 * 10 + 20 + 0 + 3 * 20 = 90; at or below zero 10 of 50
	 */
	lg_locf_regular(levels, 4, 0, 10, 50, &integral, &zero);
	check("regular integral", integral, 90, 0);
	check("regular zero time", zero, 10, 0);
	lg_locf_regular4(levels4, 4, 0, 10, 50, &integral, &zero);
	check("regular float4 integral", integral, 90, 0);
	/* hand: 5 * 10 - 3 * 20 + 0 * 20 = -10 to t = 50; zero 40 */
	lg_locf_points(pts, 3, 50, &integral, &zero);
	check("points integral", integral, -10, 0);
	check("points zero time", zero, 40, 0);

	/* trapezoids, hand: (1+2)/2*10 + (2+0)/2*10 + (0+3)/2*10 = 40; points (5-3)/2*10 + (-3+0)/2*20 = -20 */
	check("regular trapezoid", lg_trapezoid_regular(levels, 4, 10), 40, 0);
	check("points trapezoid", lg_trapezoid_points(pts, 3), -20, 0);

	/* golden H6: L(k) = 0.19469976887505542183 at k = 0.51009503637193928069 */
	check("golden H6 loss inverse", lg_norm_loss_inverse(0.19469976887505542183),
		  0.51009503637193928069, 1e-12);

	return n_fail > 0;
}
