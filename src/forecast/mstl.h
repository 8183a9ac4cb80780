/*-------------------------------------------------------------------------
 *
 * mstl.h
 *	  Forecasting with several seasonal periods: R forecast::mstl()
 *	  decomposition (stl.c), ETS or ARIMA on the seasonally adjusted series
 *	  and a seasonal naive projection of each seasonal component, as R's
 *	  forecast(mstl(x)) (forecast.stl with etsmodel "ZZN", or with method
 *	  "arima": auto.arima(seasonal = FALSE)).  Plain C.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_MSTL_H
#define LOGISTICS_MSTL_H

#include "fcmethods.h"

/* At most this many seasonal periods */
#define FC_MSTL_MAX_PERIODS	8

/* mstl's iterations over the periods (R: iterate = 2) */
#define FC_MSTL_ITERATE		2

/*
 * Check season lengths: 1 .. FC_MSTL_MAX_PERIODS of them, each finite, 2
 * .. FC_MAX_SEASON, no duplicates.  Non-integer periods (365.25 days a
 * year) are allowed: STL and the seasonal naive projection use them as R
 * does (stl.h; the projection repeats the last trunc(period) values).
 * FC_EINVAL / FC_ERANGE with a message.
 */
extern int	fc_mstl_check_periods(const double *periods, int np, char *errbuf,
								  size_t errlen);

/*
 * Fit method FC_MSTL ('mstl') or FC_MSTL_ARIMA ('mstl:arima') to
 * y[0..n-1]: periods of at least half the series are dropped (as R;
 * *dropped receives how many, may be NULL); with none left the model is
 * that of the series itself (non-seasonal ETS "ZZN", or non-seasonal
 * automatic ARIMA) with fallback FC_FB_MSTL_NOSEASON.  fixed may fix
 * alpha, beta, phi of the ETS model (FC_MSTL only).
 */
extern int	fc_fit_mstl(const double *y, int n, int method,
						const double *periods, int np, const FcParams *fixed,
						FcModel *model, int *dropped, const EtsEnv *env,
						char *errbuf, size_t errlen);

/*
 * In-sample residuals of an mstl model fitted to the same series y: h = 1
 * the one-step residuals y - fitted (n values), h >= 2 the h-step errors
 * of t = h .. n-1 (n - h values; R's fitted(ets, h) on the seasonally
 * adjusted series).  *nres receives the count; 1 <= h < n.
 */
extern int	fc_mstl_residuals(const double *y, int n, const FcModel *model,
							  int h, double *resid, int *nres,
							  const EtsEnv *env, char *errbuf, size_t errlen);

#endif							/* LOGISTICS_MSTL_H */
