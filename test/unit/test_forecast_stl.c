/* unit: src/forecast/stl.c */
/*
 * Unit tests of the STL / mstl kernel (src/forecast/stl.c) against R 4.2
 * (stats::stl, forecast 8.20 mstl), values printed with %.17g by
 *
 *	x <- sapply(1:22, function(t) 3*sin(2*pi*t/4) + t/10 + cos(t))
 *	f <- stl(ts(x, frequency = 4), s.window = 7)
 *	f$time.series[c(1, 10, 22), "seasonal"]; f$time.series[c(1, 11, 22), "trend"]
 *	m <- forecast::mstl(forecast::msts(x, seasonal.periods = c(2, 4)))
 *	m[1, "Trend"]; m[5, "Seasonal2"]; m[7, "Seasonal4"]; m[22, "Remainder"]
 *
 * The 4032-value taylor series is compared in sql/forecast_mstl.sql.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/stl.h"
#include "tap.h"

static int
close_rel(double x, double ref, double tol)
{
	return fabs(x - ref) <= tol * fabs(ref);
}

int
main(void)
{
	double		x[22],
				seas[2 * 22],
				trend[22],
				rem[22],
				work[(22 + 8) * 6];
	char		err[256];
	StlParams	p;
	double		periods[3] = {4, 11, 2},
				kept[3];
	int			k,
				t,
				rc;

	printf("1..12\n");
	for (t = 1; t <= 22; t++)
		x[t - 1] = 3 * sin(2 * M_PI * t / 4) + t / 10.0 + cos(t);

	stl_params_default(&p, 4, 7);
	check(p.t_window == 9 && p.l_window == 5 && p.s_jump == 1 &&
		  p.t_jump == 1 && p.l_jump == 1 && p.inner == 2,
		  "R defaults: t.window nextodd(ceiling(6 / (1 - 1.5/7) = 7.64)) = 9, l.window 5");
	stl_params_default(&p, 48, 11);
	check(p.t_window == 85 && p.l_window == 49 && p.s_jump == 2 &&
		  p.t_jump == 9 && p.l_jump == 5,
		  "R defaults for period 48, s.window 11: t.window 85, jumps 2, 9, 5");

	stl_params_default(&p, 4, 7);
	rc = stl_decompose(x, 22, &p, seas, trend, work, err, sizeof(err));
	check(rc == STL_OK, "stl runs");
	check(close_rel(seas[0], 3.2375862648766183, 1e-12) &&
		  close_rel(seas[9], 0.059953911181900722, 1e-12) &&
		  close_rel(seas[21], -0.077920388123200318, 1e-12),
		  "seasonal equals R stl at t = 1, 10, 22");
	check(close_rel(trend[0], -0.2832511770913359, 1e-12) &&
		  close_rel(trend[10], 1.0972904144227147, 1e-12) &&
		  close_rel(trend[21], 1.7718414223369234, 1e-12),
		  "trend equals R stl at t = 1, 11, 22");

	k = mstl_periods(periods, 3, 22, kept);
	check(k == 2 && kept[0] == 2 && kept[1] == 4,
		  "mstl keeps periods below n/2, ascending (11 of 22 dropped)");
	rc = mstl_decompose(x, 22, kept, k, 2, trend, seas, rem, work, NULL, NULL,
						err, sizeof(err));
	check(rc == STL_OK, "mstl runs");
	check(close_rel(trend[0], 0.029766230588993046, 1e-12),
		  "mstl trend equals R at t = 1");
	check(close_rel(seas[4], 0.071677622256367757, 1e-12) &&
		  close_rel(seas[22 + 6], -3.1117907350679781, 1e-12),
		  "mstl seasonal components equal R");
	check(close_rel(rem[21], -0.14002348381660412, 1e-11),
		  "mstl remainder equals R at t = 22");

	rc = stl_decompose(x, 8, &p, seas, trend, work, err, sizeof(err));
	check(rc == STL_ELENGTH, "two periods exactly: STL_ELENGTH");
	x[3] = NAN;
	rc = stl_decompose(x, 22, &p, seas, trend, work, err, sizeof(err));
	check(rc == STL_ENAN && strstr(err, "element 4") != NULL,
		  "NaN: STL_ENAN naming the element");
	return failures ? 1 : 0;
}
