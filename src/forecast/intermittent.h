/*-------------------------------------------------------------------------
 *
 * intermittent.h
 *	  Forecasting methods for intermittent demand in plain C (no
 *	  postgres.h): Croston, SBA, TSB and ADIDA.
 *
 * Definitions
 *	- Croston (1972, Oper. Res. Quarterly 23:289-303): exponential
 *	  smoothing of the non-zero demand sizes z and of the intervals p
 *	  between them (both with alpha), updated only in periods with demand;
 *	  forecast z / p.  Initialisation as R's forecast::croston(): z starts
 *	  at the first non-zero demand and p at the first interval (the
 *	  position of the first demand, counting the first period as 1).
 *	- SBA (Syntetos & Boylan 2005, IJF 21:303-314): Croston times
 *	  (1 - alpha / 2).
 *	- TSB (Teunter, Syntetos & Babai 2011, EJOR 214:606-615): the demand
 *	  size z is smoothed with alpha in periods with demand, the demand
 *	  probability d with beta in every period (towards 1 with demand,
 *	  towards 0 without); forecast d z.  z starts at the first non-zero
 *	  demand, d at the share of periods with demand.
 *	- ADIDA (Nikolopoulos, Syntetos, Boylan, Petropoulos & Assimakopoulos
 *	  2011, JORS 62:544-554): the series is summed into non-overlapping
 *	  buckets of k periods (aligned on the last period; an incomplete
 *	  oldest bucket is dropped), the bucket totals are forecast by simple
 *	  exponential smoothing (level starting at the first total) and the
 *	  forecast is spread evenly: level / k per period.  Default k is the
 *	  mean interval between demands, rounded (at least 1).
 *
 * Parameters passed as NaN are estimated by minimising the in-sample mean
 * squared one-step error over [IM_ALPHA_MIN, IM_ALPHA_MAX] (a grid search
 * refined by golden sections; TSB alternates over alpha and beta).
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_INTERMITTENT_H
#define LOGISTICS_INTERMITTENT_H

#include <stddef.h>

/* Search range of estimated smoothing parameters */
#define IM_ALPHA_MIN	0.01
#define IM_ALPHA_MAX	0.3

/*
 * The state of a fitted method.  z: demand size level (ADIDA: level of
 * the bucket totals), p: interval level (Croston, SBA) or demand
 * probability (TSB); mse: in-sample mean squared one-step error over the
 * periods that have a forecast (NaN if none); ndemand: non-zero periods.
 */
typedef struct ImFit
{
	double		alpha;
	double		beta;
	int			k;
	double		z;
	double		p;
	double		mse;
	int			ndemand;
} ImFit;

/* Methods */
#define IM_CROSTON	1
#define IM_SBA		2
#define IM_TSB		3
#define IM_ADIDA	4

/*
 * Fit y[0..n-1] (finite, >= 0, n >= 1).  alpha, beta: fixed values in
 * [0, 1] or NaN to estimate (beta only for TSB); k: ADIDA's bucket size or
 * 0 for the default.  Returns 0, or -1 on a bad argument (message in
 * errbuf).  With no demand at all the forecast is 0; with a single demand
 * Croston and SBA use it and its interval as they are.
 */
extern int	im_fit(int method, const double *y, int n, double alpha,
				   double beta, int k, ImFit *fit, char *errbuf,
				   size_t errlen);

/*
 * im_fit with an interrupt callback, called before every pass over the
 * data (the parameter search makes a few hundred); it may longjmp out, as
 * nothing is allocated.
 */
extern int	im_fit_interruptible(int method, const double *y, int n,
								 double alpha, double beta, int k,
								 ImFit *fit, void (*interrupt) (void *),
								 void *interrupt_arg, char *errbuf,
								 size_t errlen);

/* The point forecast per period (the same for every horizon) */
extern double im_forecast(int method, const ImFit *fit);

#endif							/* LOGISTICS_INTERMITTENT_H */
