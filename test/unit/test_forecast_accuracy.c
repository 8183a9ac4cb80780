/* unit: src/forecast/accuracy.c */
/*
 * Unit tests of the accuracy kernel: compensated sums, merging (the
 * combine step of the aggregates) and the measures on hand-computed cases.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/accuracy.h"

static int	ntest = 0;
static int	nfail = 0;

static void
ok(int cond, const char *name)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", ntest, name);
}

static int
close_to(double got, double want, double rel)
{
	if (got == want)
		return 1;
	if (fabs(got - want) <= rel * fabs(want))
		return 1;
	fprintf(stderr, "# got %.17g, want %.17g\n", got, want);
	return 0;
}

int
main(void)
{
	AccuracySums s,
				a,
				b;
	AccSum		k = {0.0, 0.0};
	double		v = 0.0;
	double		y[] = {10, 20, 30, 40};
	double		f[] = {12, 18, 33, 40};
	double		train[] = {8, 9, 11, 10, 12};
	double		lo[] = {8, 21, 25, 40};
	double		hi[] = {12, 25, 29, 45};
	DemandProfile p;
	int			i;

	printf("1..24\n");

	/* 1e16 + 1 + ... + 1 - 1e16: plain summation loses every 1 */
	acc_sum_add(&k, 1e16);
	for (i = 0; i < 1000; i++)
		acc_sum_add(&k, 1.0);
	acc_sum_add(&k, -1e16);
	ok(acc_sum_value(&k) == 1000.0, "compensated sum keeps small addends");

	/* the small case of sql/forecast_accuracy.sql (hand values there) */
	acc_init(&s);
	for (i = 0; i < 4; i++)
		acc_add_scaled(&s, y[i], f[i], 1.5);
	ok(acc_mae(&s, &v) && v == 1.75, "MAE 1.75");
	ok(acc_rmse(&s, &v) && close_to(v, sqrt(4.25), 1e-15), "RMSE sqrt(4.25)");
	ok(acc_mape(&s, &v) && close_to(v, 10.0, 1e-15), "MAPE 10");
	ok(acc_smape(&s, &v) && close_to(v, 25.0 * 1678.0 / 4389.0, 1e-15),
	   "sMAPE 25 * 1678/4389");
	ok(acc_wape(&s, &v) && close_to(v, 7.0, 1e-15), "WAPE 7");
	ok(acc_bias(&s, &v) && v == 0.75, "bias 0.75 (forecast - actual)");
	ok(acc_mean_loss(&s, &v) && close_to(v, 1.75 / 1.5, 1e-15), "MASE 1.75 / 1.5");

	/* merging two halves equals adding everything to one */
	acc_init(&a);
	acc_init(&b);
	for (i = 0; i < 2; i++)
		acc_add_scaled(&a, y[i], f[i], 1.5);
	for (i = 2; i < 4; i++)
		acc_add_scaled(&b, y[i], f[i], 1.5);
	acc_merge(&a, &b);
	ok(a.n == 4 && a.n_nonzero == 4, "merged counts");
	ok(acc_smape(&a, &v) && close_to(v, 25.0 * 1678.0 / 4389.0, 1e-15),
	   "merged sMAPE");
	ok(acc_mean_loss(&a, &v) && close_to(v, 1.75 / 1.5, 1e-15), "merged MASE");

	/* empty sums: every measure undefined */
	acc_init(&s);
	ok(!acc_mae(&s, &v) && !acc_rmse(&s, &v) && !acc_mape(&s, &v) &&
	   !acc_smape(&s, &v) && !acc_wape(&s, &v) && !acc_bias(&s, &v) &&
	   !acc_mean_loss(&s, &v) && !acc_coverage(&s, &v),
	   "no pairs: nothing defined");

	/* zero actuals: MAPE and WAPE undefined, sMAPE 0/0 = 0 */
	acc_add_point(&s, 0.0, 0.0);
	acc_add_point(&s, 0.0, 3.0);
	ok(!acc_mape(&s, &v) && !acc_wape(&s, &v), "all actuals 0: no MAPE, no WAPE");
	ok(acc_smape(&s, &v) && v == 100.0, "sMAPE (0 + 200) / 2 = 100");

	/* pinball loss: (0.1 * 2 + 0.9 * 5 + 0) / 3 */
	acc_init(&s);
	acc_add_pinball(&s, 10, 12, 0.9);
	acc_add_pinball(&s, 20, 15, 0.9);
	acc_add_pinball(&s, 30, 30, 0.9);
	ok(acc_mean_loss(&s, &v) && close_to(v, 4.7 / 3.0, 1e-15), "pinball 4.7 / 3");

	/* interval score, coverage and MSIS */
	ok(acc_interval_score(20, 21, 25, 0.05) == 44.0, "IS below the interval");
	ok(acc_interval_score(30, 25, 29, 0.05) == 44.0, "IS above the interval");
	ok(acc_interval_score(40, 40, 45, 0.05) == 5.0, "IS on the lower bound");
	acc_init(&s);
	for (i = 0; i < 4; i++)
		acc_add_msis(&s, y[i], lo[i], hi[i], 1.5, 0.05);
	ok(acc_coverage(&s, &v) && v == 0.5, "coverage 0.5");
	ok(acc_mean_loss(&s, &v) && close_to(v, 24.25 / 1.5, 1e-15), "MSIS 24.25 / 1.5");

	/* seasonal naive scale */
	ok(acc_seasonal_naive_mae(train, 5, 1) == 1.5, "scale m = 1: 6 / 4");
	ok(close_to(acc_seasonal_naive_mae(train, 5, 2), 5.0 / 3.0, 1e-15),
	   "scale m = 2: 5 / 3");

	/* demand classification */
	{
		double		d1[] = {0, 3, 0, 0, 5, 0, 4, 0};
		double		d2[] = {1, 10, 1, 10};

		demand_profile(d1, 8, &p);
		ok(p.nonzero == 3 && close_to(p.adi, 8.0 / 3.0, 1e-15) &&
		   close_to(p.cv2, 0.0625, 1e-15) && p.dclass == DEMAND_INTERMITTENT,
		   "0,3,0,0,5,0,4,0 intermittent, ADI 8/3, CV2 1/16");
		demand_profile(d2, 4, &p);
		ok(p.adi == 1.0 && close_to(p.cv2, 27.0 / 30.25, 1e-15) &&
		   p.dclass == DEMAND_ERRATIC && strcmp(demand_class_name(p.dclass), "erratic") == 0,
		   "1,10,1,10 erratic, CV2 27 / 30.25");
	}

	return nfail == 0 ? 0 : 1;
}
