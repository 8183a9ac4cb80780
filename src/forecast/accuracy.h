/*-------------------------------------------------------------------------
 *
 * accuracy.h
 *	  Plain-C kernels for forecast-accuracy measures and the
 *	  Syntetos-Boylan-Croston demand classification (no postgres.h).
 *
 * An AccuracySums holds running sums from which every point measure (MAE,
 * RMSE, MAPE, sMAPE, WAPE, bias, MASE) and the interval measures (coverage,
 * MSIS) and the pinball loss are finished.  It has a fixed size, is filled
 * one (actual, forecast) pair at a time in any order, and two of them merge
 * by adding, so an aggregate built on it is order-free and splittable.
 * Every sum is compensated (Neumaier), so the result does not drift with
 * the number of rows and differs little between serial and parallel plans.
 *
 * The callers check their inputs (finite values, parameters in range); the
 * kernels assume them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_ACCURACY_H
#define LOGISTICS_ACCURACY_H

#include <stdbool.h>
#include <stdint.h>

/* A compensated sum: the value is s + c. */
typedef struct AccSum
{
	double		s;
	double		c;
} AccSum;

typedef struct AccuracySums
{
	int64_t		n;				/* pairs added */
	int64_t		n_nonzero;		/* pairs with actual != 0 (MAPE) */
	int64_t		n_inside;		/* pairs with lower <= actual <= upper */
	AccSum		abs_err;		/* sum |f - a| */
	AccSum		sq_err;			/* sum (f - a)^2 */
	AccSum		err;			/* sum (f - a) */
	AccSum		abs_actual;		/* sum |a| */
	AccSum		ape;			/* sum |f - a| / |a| over a != 0 */
	AccSum		sape;			/* sum 2 |f - a| / (|a| + |f|), 0/0 = 0 */
	AccSum		loss;			/* sum of scaled errors, pinball losses or
								 * scaled interval scores */
} AccuracySums;

extern void acc_sum_add(AccSum *k, double x);
extern double acc_sum_value(const AccSum *k);

extern void acc_init(AccuracySums *s);
extern void acc_merge(AccuracySums *dst, const AccuracySums *src);

/* Add one pair to the point sums (not to loss). */
extern void acc_add_point(AccuracySums *s, double actual, double forecast);

/* acc_add_point, and |f - a| / scale to loss (MASE); scale > 0. */
extern void acc_add_scaled(AccuracySums *s, double actual, double forecast,
						   double scale);

/* Pinball loss of a quantile forecast, 0 < q < 1, to loss (n counts). */
extern void acc_add_pinball(AccuracySums *s, double actual, double forecast,
							double q);

/* Whether lower <= actual <= upper, to n_inside (n counts). */
extern void acc_add_coverage(AccuracySums *s, double actual, double lower,
							 double upper);

/*
 * acc_add_coverage, and the interval score of Gneiting & Raftery (2007) as
 * used by M4, divided by scale, to loss; 0 < alpha < 1, scale > 0.
 */
extern void acc_add_msis(AccuracySums *s, double actual, double lower,
						 double upper, double scale, double alpha);

/* The interval score of one observation (M4 competition guide). */
extern double acc_interval_score(double actual, double lower, double upper,
								 double alpha);

/*
 * Finished measures.  Each returns false when it is undefined for the sums
 * (no pairs; MAPE without a non-zero actual; WAPE when every actual is 0).
 * MAPE, sMAPE and WAPE are in percent, coverage is a fraction.
 */
extern bool acc_mae(const AccuracySums *s, double *out);
extern bool acc_rmse(const AccuracySums *s, double *out);
extern bool acc_mape(const AccuracySums *s, double *out);
extern bool acc_smape(const AccuracySums *s, double *out);
extern bool acc_wape(const AccuracySums *s, double *out);
extern bool acc_bias(const AccuracySums *s, double *out);
extern bool acc_mean_loss(const AccuracySums *s, double *out);
extern bool acc_coverage(const AccuracySums *s, double *out);

/*
 * The in-sample MAE of the seasonal naive forecast with lag m:
 * (1 / (n - m)) * sum_{t = m+1..n} |y_t - y_{t-m}|.  Needs n > m >= 1.
 */
extern double acc_seasonal_naive_mae(const double *y, int n, int m);

/* Syntetos-Boylan-Croston classes. */
typedef enum DemandClass
{
	DEMAND_NONE = 0,			/* no non-zero demand: not classified */
	DEMAND_SMOOTH,
	DEMAND_ERRATIC,
	DEMAND_INTERMITTENT,
	DEMAND_LUMPY
} DemandClass;

#define DEMAND_ADI_CUTOFF 1.32
#define DEMAND_CV2_CUTOFF 0.49

typedef struct DemandProfile
{
	int			n;				/* periods */
	int			nonzero;		/* periods with demand > 0 */
	double		adi;			/* n / nonzero (valid when nonzero > 0) */
	double		cv2;			/* squared CV of the non-zero sizes */
	DemandClass dclass;
} DemandProfile;

/* Classify y[0..n-1] (finite, >= 0). */
extern void demand_profile(const double *y, int n, DemandProfile *p);

/* "smooth", "erratic", "intermittent", "lumpy", or NULL for DEMAND_NONE. */
extern const char *demand_class_name(DemandClass c);

#endif							/* LOGISTICS_ACCURACY_H */
