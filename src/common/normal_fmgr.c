/*-------------------------------------------------------------------------
 *
 * normal_fmgr.c
 *	  SQL wrappers of the standard normal kernel (normal.c): density,
 *	  distribution function, upper tail, quantile and first-order loss,
 *	  standard and with a mean and standard deviation.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "logistics.h"
#include "normal.h"

/* Error unless 0 < p < 1. */
static void
CheckProbability(double p, const char *what)
{
	if (isnan(p) || !(p > 0.0 && p < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1 (exclusive), got %g",
						what, p)));
}

/* Error unless mean is finite and sd finite and > 0. */
static void
CheckMeanSd(double mean, double sd)
{
	lg_check_finite(mean, "mean");
	lg_check_finite(sd, "standard deviation");
	if (sd <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("standard deviation must be positive, got %g", sd)));
}

/* normal_pdf(x): standard normal density */
PG_FUNCTION_INFO_V1(logistics_normal_pdf);
Datum
logistics_normal_pdf(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);

	lg_check_finite(x, "x");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_pdf(x)));
}

/* normal_pdf(x, mean, sd): density of N(mean, sd^2) */
PG_FUNCTION_INFO_V1(logistics_normal_pdf_ms);
Datum
logistics_normal_pdf_ms(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		mean = PG_GETARG_FLOAT8(1);
	double		sd = PG_GETARG_FLOAT8(2);

	lg_check_finite(x, "x");
	CheckMeanSd(mean, sd);
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_pdf((x - mean) / sd) / sd));
}

/* normal_cdf(x): Phi(x) */
PG_FUNCTION_INFO_V1(logistics_normal_cdf);
Datum
logistics_normal_cdf(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);

	lg_check_finite(x, "x");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_cdf(x)));
}

/* normal_cdf(x, mean, sd): P(X <= x) for X ~ N(mean, sd^2) */
PG_FUNCTION_INFO_V1(logistics_normal_cdf_ms);
Datum
logistics_normal_cdf_ms(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		mean = PG_GETARG_FLOAT8(1);
	double		sd = PG_GETARG_FLOAT8(2);

	lg_check_finite(x, "x");
	CheckMeanSd(mean, sd);
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_cdf((x - mean) / sd)));
}

/* normal_sf(x): 1 - Phi(x), accurate in the upper tail */
PG_FUNCTION_INFO_V1(logistics_normal_sf);
Datum
logistics_normal_sf(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);

	lg_check_finite(x, "x");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_sf(x)));
}

/* normal_quantile(p): Phi^-1(p) */
PG_FUNCTION_INFO_V1(logistics_normal_quantile);
Datum
logistics_normal_quantile(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);

	CheckProbability(p, "probability");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_quantile(p)));
}

/* normal_quantile(p, mean, sd): mean + sd Phi^-1(p) */
PG_FUNCTION_INFO_V1(logistics_normal_quantile_ms);
Datum
logistics_normal_quantile_ms(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		mean = PG_GETARG_FLOAT8(1);
	double		sd = PG_GETARG_FLOAT8(2);

	CheckProbability(p, "probability");
	CheckMeanSd(mean, sd);
	PG_RETURN_FLOAT8(LG_RESULT(mean + sd * lg_norm_quantile(p)));
}

/* normal_loss(z): E[(Z - z)+] */
PG_FUNCTION_INFO_V1(logistics_normal_loss);
Datum
logistics_normal_loss(PG_FUNCTION_ARGS)
{
	double		z = PG_GETARG_FLOAT8(0);

	lg_check_finite(z, "z");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_loss(z)));
}

/* normal_loss(x, mean, sd): E[(X - x)+] = sd L((x - mean)/sd) */
PG_FUNCTION_INFO_V1(logistics_normal_loss_ms);
Datum
logistics_normal_loss_ms(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		mean = PG_GETARG_FLOAT8(1);
	double		sd = PG_GETARG_FLOAT8(2);

	lg_check_finite(x, "x");
	CheckMeanSd(mean, sd);
	PG_RETURN_FLOAT8(LG_RESULT(sd * lg_norm_loss((x - mean) / sd)));
}

/* normal_loss2(z): second-order loss E[((Z - z)+)^2] / 2 */
PG_FUNCTION_INFO_V1(logistics_normal_loss2);
Datum
logistics_normal_loss2(PG_FUNCTION_ARGS)
{
	double		z = PG_GETARG_FLOAT8(0);

	lg_check_finite(z, "z");
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_loss2(z)));
}

/* normal_loss_inverse(g): the z with L(z) = g */
PG_FUNCTION_INFO_V1(logistics_normal_loss_inverse);
Datum
logistics_normal_loss_inverse(PG_FUNCTION_ARGS)
{
	double		g = PG_GETARG_FLOAT8(0);

	lg_check_finite(g, "expected loss");
	if (g <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected loss must be positive, got %g", g)));
	PG_RETURN_FLOAT8(LG_RESULT(lg_norm_loss_inverse(g)));
}
