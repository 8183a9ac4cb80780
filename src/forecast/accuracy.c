/*-------------------------------------------------------------------------
 *
 * accuracy.c
 *	  Forecast-accuracy sums and measures, the seasonal-naive scale of MASE
 *	  and MSIS, and the Syntetos-Boylan-Croston demand classification.
 *
 * Plain C (no postgres.h): the fmgr wrappers in accuracy_fmgr.c check the
 * inputs and call these.
 *
 * Definitions (e = forecast - actual, means over the n pairs):
 *	MAE   = mean |e|
 *	RMSE  = sqrt(mean e^2)
 *	MAPE  = 100 * mean |e| / |actual| over the pairs with actual != 0
 *	sMAPE = mean 200 |e| / (|actual| + |forecast|), a 0/0 term counting 0
 *			(Makridakis & Hibon 2000; the M4 competition guide, 2018)
 *	WAPE  = 100 * sum |e| / sum |actual|
 *	bias  = mean e (forecast minus actual; R's ME has the opposite sign)
 *	MASE  = mean |e| / scale, scale = in-sample seasonal-naive MAE
 *			(Hyndman & Koehler 2006)
 *	pinball loss of quantile q = mean of q (a - f) if a >= f,
 *			(1 - q) (f - a) otherwise
 *	coverage = share of pairs with lower <= actual <= upper
 *	MSIS  = mean IS / scale, IS = (U - L) + 2/alpha (L - Y) [Y < L]
 *			+ 2/alpha (Y - U) [Y > U] (M4 competition guide, 2018)
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "accuracy.h"

/*
 * Neumaier's variant of Kahan summation: c collects the low-order bits that
 * s loses, whichever of the two addends is larger.
 */
void
acc_sum_add(AccSum *k, double x)
{
	double		t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

double
acc_sum_value(const AccSum *k)
{
	return k->s + k->c;
}

static void
acc_sum_merge(AccSum *dst, const AccSum *src)
{
	acc_sum_add(dst, src->s);
	dst->c += src->c;
}

void
acc_init(AccuracySums *s)
{
	memset(s, 0, sizeof(AccuracySums));
}

void
acc_merge(AccuracySums *dst, const AccuracySums *src)
{
	dst->n += src->n;
	dst->n_nonzero += src->n_nonzero;
	dst->n_inside += src->n_inside;
	acc_sum_merge(&dst->abs_err, &src->abs_err);
	acc_sum_merge(&dst->sq_err, &src->sq_err);
	acc_sum_merge(&dst->err, &src->err);
	acc_sum_merge(&dst->abs_actual, &src->abs_actual);
	acc_sum_merge(&dst->ape, &src->ape);
	acc_sum_merge(&dst->sape, &src->sape);
	acc_sum_merge(&dst->loss, &src->loss);
}

void
acc_add_point(AccuracySums *s, double actual, double forecast)
{
	double		e = forecast - actual;
	double		ae = fabs(e);
	double		aa = fabs(actual);
	double		denom = aa + fabs(forecast);

	s->n++;
	acc_sum_add(&s->abs_err, ae);
	acc_sum_add(&s->sq_err, e * e);
	acc_sum_add(&s->err, e);
	acc_sum_add(&s->abs_actual, aa);
	if (actual != 0.0)
	{
		s->n_nonzero++;
		acc_sum_add(&s->ape, ae / aa);
	}
	/* actual = forecast = 0 is a perfect forecast: its term is 0 */
	if (denom > 0.0)
		acc_sum_add(&s->sape, 2.0 * ae / denom);
}

void
acc_add_scaled(AccuracySums *s, double actual, double forecast, double scale)
{
	acc_add_point(s, actual, forecast);
	acc_sum_add(&s->loss, fabs(forecast - actual) / scale);
}

void
acc_add_pinball(AccuracySums *s, double actual, double forecast, double q)
{
	s->n++;
	if (actual >= forecast)
		acc_sum_add(&s->loss, q * (actual - forecast));
	else
		acc_sum_add(&s->loss, (1.0 - q) * (forecast - actual));
}

void
acc_add_coverage(AccuracySums *s, double actual, double lower, double upper)
{
	s->n++;
	if (lower <= actual && actual <= upper)
		s->n_inside++;
}

double
acc_interval_score(double actual, double lower, double upper, double alpha)
{
	double		is = upper - lower;

	if (actual < lower)
		is += 2.0 / alpha * (lower - actual);
	else if (actual > upper)
		is += 2.0 / alpha * (actual - upper);
	return is;
}

void
acc_add_msis(AccuracySums *s, double actual, double lower, double upper,
			 double scale, double alpha)
{
	acc_add_coverage(s, actual, lower, upper);
	acc_sum_add(&s->loss,
				acc_interval_score(actual, lower, upper, alpha) / scale);
}

bool
acc_mae(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = acc_sum_value(&s->abs_err) / (double) s->n;
	return true;
}

bool
acc_rmse(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = sqrt(acc_sum_value(&s->sq_err) / (double) s->n);
	return true;
}

bool
acc_mape(const AccuracySums *s, double *out)
{
	if (s->n_nonzero <= 0)
		return false;
	*out = 100.0 * acc_sum_value(&s->ape) / (double) s->n_nonzero;
	return true;
}

bool
acc_smape(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = 100.0 * acc_sum_value(&s->sape) / (double) s->n;
	return true;
}

bool
acc_wape(const AccuracySums *s, double *out)
{
	double		denom = acc_sum_value(&s->abs_actual);

	if (s->n <= 0 || !(denom > 0.0))
		return false;
	*out = 100.0 * acc_sum_value(&s->abs_err) / denom;
	return true;
}

bool
acc_bias(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = acc_sum_value(&s->err) / (double) s->n;
	return true;
}

bool
acc_mean_loss(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = acc_sum_value(&s->loss) / (double) s->n;
	return true;
}

bool
acc_coverage(const AccuracySums *s, double *out)
{
	if (s->n <= 0)
		return false;
	*out = (double) s->n_inside / (double) s->n;
	return true;
}

double
acc_seasonal_naive_mae(const double *y, int n, int m)
{
	AccSum		k = {0.0, 0.0};
	int			t;

	for (t = m; t < n; t++)
		acc_sum_add(&k, fabs(y[t] - y[t - m]));
	return acc_sum_value(&k) / (double) (n - m);
}

/*
 * ADI is the number of periods per non-zero demand, n / nonzero: the
 * estimate of the mean interval between demands when each period has a
 * demand with probability nonzero / n (Croston's model).  Leading and
 * trailing zero periods count, so an item that stopped selling looks
 * intermittent.  CV^2 is the squared coefficient of variation of the
 * non-zero sizes with the sample variance (divisor nonzero - 1, as R's
 * sd()); a single non-zero demand has no observed variation and gets 0.
 * Cut-offs ADI 1.32 and CV^2 0.49 (Syntetos, Boylan & Croston 2005, JORS
 * 56:495-503); a value equal to a cut-off counts as above it.
 */
/*
 * The squared coefficient of variation of the k positive values of y, all
 * divided by the largest first: it does not depend on the scale, and so
 * computed it stays finite for values near the top of the double range
 * (1e308), whose plain sums overflow.
 */
static double
demand_cv2_scaled(const double *y, int n, int k)
{
	AccSum		sum = {0.0, 0.0};
	AccSum		ss = {0.0, 0.0};
	double		top = 0.0;
	double		mean;
	int			i;

	for (i = 0; i < n; i++)
		if (y[i] > top)
			top = y[i];
	for (i = 0; i < n; i++)
		if (y[i] > 0.0)
			acc_sum_add(&sum, y[i] / top);
	mean = acc_sum_value(&sum) / k;
	for (i = 0; i < n; i++)
	{
		if (y[i] > 0.0)
		{
			double		d = y[i] / top - mean;

			acc_sum_add(&ss, d * d);
		}
	}
	return acc_sum_value(&ss) / (k - 1) / (mean * mean);
}

void
demand_profile(const double *y, int n, DemandProfile *p)
{
	int			i;
	int			k = 0;
	AccSum		sum = {0.0, 0.0};
	AccSum		ss = {0.0, 0.0};
	double		mean;

	p->n = n;
	p->adi = 0.0;
	p->cv2 = 0.0;
	p->dclass = DEMAND_NONE;
	for (i = 0; i < n; i++)
	{
		if (y[i] > 0.0)
		{
			k++;
			acc_sum_add(&sum, y[i]);
		}
	}
	p->nonzero = k;
	if (k == 0)
		return;

	mean = acc_sum_value(&sum) / k;
	for (i = 0; i < n; i++)
	{
		if (y[i] > 0.0)
		{
			double		d = y[i] - mean;

			acc_sum_add(&ss, d * d);
		}
	}
	p->adi = (double) n / (double) k;
	if (k > 1)
		p->cv2 = acc_sum_value(&ss) / (k - 1) / (mean * mean);
	if (k > 1 && !isfinite(p->cv2))
		p->cv2 = demand_cv2_scaled(y, n, k);

	if (p->adi < DEMAND_ADI_CUTOFF)
		p->dclass = p->cv2 < DEMAND_CV2_CUTOFF ? DEMAND_SMOOTH : DEMAND_ERRATIC;
	else
		p->dclass = p->cv2 < DEMAND_CV2_CUTOFF ? DEMAND_INTERMITTENT : DEMAND_LUMPY;
}

const char *
demand_class_name(DemandClass c)
{
	switch (c)
	{
		case DEMAND_SMOOTH:
			return "smooth";
		case DEMAND_ERRATIC:
			return "erratic";
		case DEMAND_INTERMITTENT:
			return "intermittent";
		case DEMAND_LUMPY:
			return "lumpy";
		case DEMAND_NONE:
			break;
	}
	return NULL;
}
