/*-------------------------------------------------------------------------
 *
 * calendar_fmgr.c
 *	  Calendar helpers that build regressor columns for forecasting with
 *	  regressors: holiday and event indicators with lead and lag days,
 *	  day-of-week dummies, Fourier terms for long seasonal periods.  Each
 *	  returns the values of one row, so a series of rows is built with
 *	  array_agg(... ORDER BY day) (see doc/forecast.md).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "common/logistics.h"

/* Longest lead or lag of holiday_indicator, in days */
#define MAX_HOLIDAY_WINDOW	366
/* Most Fourier pairs */
#define MAX_FOURIER_K		1000

/*
 * holiday_indicator(day date, holidays date[], days_before int, days_after
 * int) -> float8: 1 if some holiday h has h - days_before <= day <= h +
 * days_after, else 0.  NULL elements of holidays are skipped.
 */
PG_FUNCTION_INFO_V1(logistics_holiday_indicator);
Datum
logistics_holiday_indicator(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	ArrayType  *hol = PG_GETARG_ARRAYTYPE_P(1);
	int32		before = PG_GETARG_INT32(2);
	int32		after = PG_GETARG_INT32(3);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	if (before < 0 || before > MAX_HOLIDAY_WINDOW ||
		after < 0 || after > MAX_HOLIDAY_WINDOW)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days_before and days_after must be between 0 and %d, got %d and %d",
						MAX_HOLIDAY_WINDOW, before, after)));
	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date")));
	if (ARR_NDIM(hol) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("holidays must be a one-dimensional array, got %d dimensions",
						ARR_NDIM(hol))));
	deconstruct_array(hol, DATEOID, sizeof(DateADT), true, TYPALIGN_INT,
					  &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		DateADT		h;
		int64		diff;

		if (nulls[i])
			continue;
		h = DatumGetDateADT(elems[i]);
		if (DATE_NOT_FINITE(h))
			continue;
		diff = (int64) day - (int64) h;
		if (diff >= -(int64) before && diff <= (int64) after)
			PG_RETURN_FLOAT8(1.0);
	}
	PG_RETURN_FLOAT8(0.0);
}

/*
 * day_of_week_dummies(day date) -> float8[6]: element j (1 = Monday .. 6 =
 * Saturday) is 1 on that weekday; Sunday is the baseline (all zero), so
 * the six columns are not collinear with an intercept.
 */
PG_FUNCTION_INFO_V1(logistics_day_of_week_dummies);
Datum
logistics_day_of_week_dummies(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	double		v[6] = {0, 0, 0, 0, 0, 0};
	int			dow;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date")));
	/* j2day: 0 = Sunday .. 6 = Saturday */
	dow = j2day(day + POSTGRES_EPOCH_JDATE);
	if (dow >= 1 && dow <= 6)
		v[dow - 1] = 1.0;
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(v, 6));
}

/* sin(pi x) and cos(pi x), exact at multiples of 1/2 (as R's sinpi, cospi) */
static double
SinPi(double x)
{
	x = fmod(x, 2.0);
	if (x <= -1.0)
		x += 2.0;
	else if (x > 1.0)
		x -= 2.0;
	if (x == 0.0 || x == 1.0)
		return 0.0;
	if (x == 0.5)
		return 1.0;
	if (x == -0.5)
		return -1.0;
	return sin(M_PI * x);
}

static double
CosPi(double x)
{
	x = fmod(fabs(x), 2.0);
	if (fmod(x, 1.0) == 0.5)
		return 0.0;
	if (x == 1.0)
		return -1.0;
	if (x == 0.0)
		return 1.0;
	return cos(M_PI * x);
}

/*
 * fourier_terms(t float8, period float8, k int) -> float8[]: sin(2 pi j t
 * / period), cos(2 pi j t / period) for j = 1..k, in that order, as the
 * columns of R's forecast::fourier(); the sine of j = period / 2 is
 * identically zero at integer t and is left out, as R does.  sin and cos
 * are taken of the angle in units of pi as R's sinpi and cospi (exact at
 * multiples of pi / 2).
 */
PG_FUNCTION_INFO_V1(logistics_fourier_terms);
Datum
logistics_fourier_terms(PG_FUNCTION_ARGS)
{
	double		t = PG_GETARG_FLOAT8(0);
	double		period = PG_GETARG_FLOAT8(1);
	int32		k = PG_GETARG_INT32(2);
	double	   *v;
	int			nv = 0,
				j;

	if (!isfinite(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("t must be a finite number, got %g", t)));
	if (!(period > 1.0) || !isfinite(period))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must be a finite number above 1, got %g",
						period)));
	if (k < 1 || k > MAX_FOURIER_K || 2.0 * k > period)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 1 and period / 2 (%g), got %d",
						floor(fmin(period / 2.0, MAX_FOURIER_K)), k),
				 errhint("Each pair of terms adds one harmonic; period / 2 harmonics describe any seasonal shape.")));
	v = palloc(sizeof(double) * 2 * k);
	for (j = 1; j <= k; j++)
	{
		/*
		 * the angle in units of pi, of t reduced modulo the period (exact):
		 * a huge t then gives finite terms
		 */
		double		x = 2.0 * j * fmod(t, period) / period;

		if (fabs(2.0 * j / period - round(2.0 * j / period)) > DBL_EPSILON)
			v[nv++] = SinPi(x);
		v[nv++] = CosPi(x);
	}
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(v, nv));
}
