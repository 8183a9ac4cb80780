/*-------------------------------------------------------------------------
 *
 * stl.c
 *	  STL decomposition (Cleveland et al. 1990) as computed by R's
 *	  stats::stl(), and R forecast::mstl()'s iteration over several
 *	  periods.
 *
 * The procedure follows the paper's description and the conventions of
 * R's implementation that decide the digits: the Loess estimate at x
 * uses the tricube weights of the points nleft..nright with bandwidth
 * h = max(x - nleft, nright - x) (widened by (len - n) / 2 when the span
 * exceeds the series), weights within 0.001 h count as 1 and beyond
 * 0.999 h as 0; degree 1 adds the local linear correction unless the
 * weighted spread of the abscissae is below 0.001 (n - 1).  Loess is
 * evaluated every 'jump' points and linearly interpolated in between,
 * the last point always evaluated.  Each inner iteration: detrend, smooth
 * each cycle-subseries (extended by one period at both ends), low-pass
 * the result (moving averages of length period, period, 3, then Loess of
 * span l_window), seasonal = smoothed cycle-subseries minus low-pass,
 * deseasonalise, smooth the trend with span t_window.  Positions are the
 * 1-based numbers of the paper so that the arithmetic is the same.
 *
 *-------------------------------------------------------------------------
 */
#include "stl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* R's nextodd(): round, then the next odd number */
static int
NextOdd(double x)
{
	int			k = (int) floor(x + 0.5);

	if (k % 2 == 0)
		k++;
	return k;
}

void
stl_params_default(StlParams *p, double period, int s_window)
{
	memset(p, 0, sizeof(*p));
	p->period = (int) period;
	p->s_window = s_window;
	p->s_degree = 0;
	p->t_window = NextOdd(ceil(1.5 * period / (1.0 - 1.5 / s_window)));
	p->t_degree = 1;
	p->l_window = NextOdd(period);
	p->l_degree = p->t_degree;
	p->s_jump = (int) ceil(s_window / 10.0);
	p->t_jump = (int) ceil(p->t_window / 10.0);
	p->l_jump = (int) ceil(p->l_window / 10.0);
	p->inner = 2;
}

/*
 * Loess estimate at abscissa xs from y(nleft..nright) (1-based positions;
 * y, w 0-based arrays of length n).  Returns 0 when all weights vanish.
 */
static int
LoessAt(const double *y, int n, int len, int ideg, double xs, int nleft,
		int nright, double *w, double *ys)
{
	double		range = (double) n - 1.0;
	double		h,
				h9,
				h1,
				a = 0.0;
	int			j;

	h = xs - nleft;
	if (nright - xs > h)
		h = nright - xs;
	if (len > n)
		h += (double) ((len - n) / 2);
	h9 = 0.999 * h;
	h1 = 0.001 * h;
	for (j = nleft; j <= nright; j++)
	{
		double		r = fabs((double) j - xs);

		w[j - 1] = 0.0;
		if (r <= h9)
		{
			if (r <= h1)
				w[j - 1] = 1.0;
			else
			{
				double		q = r / h;
				double		c = 1.0 - q * q * q;

				w[j - 1] = c * c * c;
			}
			a += w[j - 1];
		}
	}
	if (a <= 0.0)
		return 0;
	for (j = nleft; j <= nright; j++)
		w[j - 1] /= a;
	if (h > 0.0 && ideg > 0)
	{
		double		b,
					c = 0.0;

		a = 0.0;
		for (j = nleft; j <= nright; j++)
			a += w[j - 1] * (double) j;
		b = xs - a;
		for (j = nleft; j <= nright; j++)
			c += w[j - 1] * ((double) j - a) * ((double) j - a);
		if (sqrt(c) > 0.001 * range)
		{
			b /= c;
			for (j = nleft; j <= nright; j++)
				w[j - 1] *= b * ((double) j - a) + 1.0;
		}
	}
	*ys = 0.0;
	for (j = nleft; j <= nright; j++)
		*ys += w[j - 1] * y[j - 1];
	return 1;
}

/* Loess smooth of y[n] with span len into ys[n]; res[n] is scratch */
static void
LoessSmooth(const double *y, int n, int len, int ideg, int njump,
			double *ys, double *res)
{
	int			newnj,
				nleft = 1,
				nright = n,
				nsh,
				i,
				j,
				k;

	if (n < 2)
	{
		ys[0] = y[0];
		return;
	}
	newnj = njump < n - 1 ? njump : n - 1;
	if (newnj < 1)
		newnj = 1;
	nsh = (len + 1) / 2;
	if (len >= n)
	{
		nleft = 1;
		nright = n;
		for (i = 1; i <= n; i += newnj)
			if (!LoessAt(y, n, len, ideg, (double) i, nleft, nright, res,
						 &ys[i - 1]))
				ys[i - 1] = y[i - 1];
	}
	else if (newnj == 1)
	{
		nleft = 1;
		nright = len;
		for (i = 1; i <= n; i++)
		{
			if (i > nsh && nright != n)
			{
				nleft++;
				nright++;
			}
			if (!LoessAt(y, n, len, ideg, (double) i, nleft, nright, res,
						 &ys[i - 1]))
				ys[i - 1] = y[i - 1];
		}
	}
	else
	{
		for (i = 1; i <= n; i += newnj)
		{
			if (i < nsh)
			{
				nleft = 1;
				nright = len;
			}
			else if (i >= n - nsh + 1)
			{
				nleft = n - len + 1;
				nright = n;
			}
			else
			{
				nleft = i - nsh + 1;
				nright = len + i - nsh;
			}
			if (!LoessAt(y, n, len, ideg, (double) i, nleft, nright, res,
						 &ys[i - 1]))
				ys[i - 1] = y[i - 1];
		}
	}
	if (newnj == 1)
		return;
	for (i = 1; i <= n - newnj; i += newnj)
	{
		double		delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;

		for (j = i + 1; j <= i + newnj - 1; j++)
			ys[j - 1] = ys[i - 1] + delta * (j - i);
	}
	k = ((n - 1) / newnj) * newnj + 1;
	if (k != n)
	{
		/* the last point, with the window of the last evaluated one */
		if (!LoessAt(y, n, len, ideg, (double) n, nleft, nright, res,
					 &ys[n - 1]))
			ys[n - 1] = y[n - 1];
		if (k != n - 1)
		{
			double		delta = (ys[n - 1] - ys[k - 1]) / (n - k);

			for (j = k + 1; j <= n - 1; j++)
				ys[j - 1] = ys[k - 1] + delta * (j - k);
		}
	}
}

/* Moving average of length len: ave[0 .. n-len] (running sum, as R) */
static void
MovingAverage(const double *x, int n, int len, double *ave)
{
	int			newn = n - len + 1,
				j;
	double		v = 0.0;

	for (j = 0; j < len; j++)
		v += x[j];
	ave[0] = v / len;
	for (j = 1; j < newn; j++)
	{
		v = v - x[j - 1] + x[len + j - 1];
		ave[j] = v / len;
	}
}

/*
 * Smooth each cycle-subseries of y[n] with span ns and extend it by one
 * value at each end: season[n + 2 np].  w1..w4 scratch of n + 2 each.
 */
static void
CycleSubseries(const double *y, int n, int np, int ns, int isdeg,
			   int nsjump, double *season, double *w1, double *w2,
			   double *w4)
{
	int			j,
				i,
				k,
				m;

	for (j = 1; j <= np; j++)
	{
		int			nright,
					nleft;

		k = (n - j) / np + 1;
		for (i = 1; i <= k; i++)
			w1[i - 1] = y[(i - 1) * np + j - 1];
		LoessSmooth(w1, k, ns, isdeg, nsjump, w2 + 1, w4);
		nright = ns < k ? ns : k;
		if (!LoessAt(w1, k, ns, isdeg, 0.0, 1, nright, w4, &w2[0]))
			w2[0] = w2[1];
		nleft = k - ns + 1 > 1 ? k - ns + 1 : 1;
		if (!LoessAt(w1, k, ns, isdeg, (double) (k + 1), nleft, k, w4,
					 &w2[k + 1]))
			w2[k + 1] = w2[k];
		for (m = 1; m <= k + 2; m++)
			season[(m - 1) * np + j - 1] = w2[m - 1];
	}
}

int
stl_decompose(const double *y, int n, const StlParams *p, double *seasonal,
			  double *trend, double *work, char *errbuf, size_t errlen)
{
	int			np = p->period < 2 ? 2 : p->period;
	int			ns = p->s_window < 3 ? 3 : p->s_window;
	int			nt = p->t_window < 3 ? 3 : p->t_window;
	int			nl = p->l_window < 3 ? 3 : p->l_window;
	int			len = n + 2 * np;
	double	   *w1 = work,
			   *w2 = work + len,
			   *w3 = work + 2 * (size_t) len,
			   *w4 = work + 3 * (size_t) len,
			   *w5 = work + 4 * (size_t) len;
	int			it,
				i;

	if (ns % 2 == 0)
		ns++;
	if (nt % 2 == 0)
		nt++;
	if (nl % 2 == 0)
		nl++;
	if (p->period < 2)
	{
		snprintf(errbuf, errlen, "season length must be at least 2, got %d",
				 p->period);
		return STL_EINVAL;
	}
	if (n <= 2 * p->period)
	{
		snprintf(errbuf, errlen,
				 "STL needs more than two periods of %d, the series has %d values",
				 p->period, n);
		return STL_ELENGTH;
	}
	for (i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
		{
			snprintf(errbuf, errlen, "element %d of the series is not finite",
					 i + 1);
			return STL_ENAN;
		}
		trend[i] = 0.0;
	}

	for (it = 0; it < p->inner; it++)
	{
		/* each pass is O(n window): about 20 ms at 250,000 values */
		if (p->interrupt)
			p->interrupt(p->interrupt_arg);
		for (i = 0; i < n; i++)
			w1[i] = y[i] - trend[i];
		CycleSubseries(w1, n, np, ns, p->s_degree, p->s_jump, w2, w3, w4, w5);
		if (p->interrupt)
			p->interrupt(p->interrupt_arg);
		/* low-pass filter of the extended cycle-subseries */
		MovingAverage(w2, len, np, w3);
		MovingAverage(w3, len - np + 1, np, w1);
		MovingAverage(w1, len - 2 * np + 2, 3, w3);
		LoessSmooth(w3, n, nl, p->l_degree, p->l_jump, w1, w5);
		if (p->interrupt)
			p->interrupt(p->interrupt_arg);
		for (i = 0; i < n; i++)
			seasonal[i] = w2[np + i] - w1[i];
		for (i = 0; i < n; i++)
			w1[i] = y[i] - seasonal[i];
		LoessSmooth(w1, n, nt, p->t_degree, p->t_jump, trend, w3);
	}
	return STL_OK;
}

int
mstl_periods(const double *periods, int nperiods, int n, double *kept)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < nperiods; i++)
		if (2.0 * periods[i] < n)
			kept[k++] = periods[i];
	/* insertion sort: a handful of periods */
	for (i = 1; i < k; i++)
	{
		double		v = kept[i];

		for (j = i; j > 0 && kept[j - 1] > v; j--)
			kept[j] = kept[j - 1];
		kept[j] = v;
	}
	return k;
}

int
mstl_decompose(const double *y, int n, const double *periods, int k,
			   int iterate, double *trend, double *seasonal,
			   double *remainder, double *work,
			   void (*interrupt) (void *), void *interrupt_arg,
			   char *errbuf, size_t errlen)
{
	double	   *deseas = work;
	double	   *stlwork = work + n;
	int			it,
				i,
				t,
				rc;

	if (k < 1)
	{
		snprintf(errbuf, errlen, "mstl needs at least one season length");
		return STL_EINVAL;
	}
	memcpy(deseas, y, sizeof(double) * (size_t) n);
	memset(seasonal, 0, sizeof(double) * (size_t) n * k);
	if (iterate < 1)
		iterate = 1;
	for (it = 0; it < iterate; it++)
	{
		for (i = 0; i < k; i++)
		{
			StlParams p;
			double	   *s = seasonal + (size_t) i * n;

			if (interrupt)
				interrupt(interrupt_arg);
			for (t = 0; t < n; t++)
				deseas[t] += s[t];
			/* R's mstl default s.window = 7 + 4 * seq(6) */
			stl_params_default(&p, periods[i], 7 + 4 * (i + 1));
			p.interrupt = interrupt;
			p.interrupt_arg = interrupt_arg;
			rc = stl_decompose(deseas, n, &p, s, trend, stlwork, errbuf, errlen);
			if (rc != STL_OK)
				return rc;
			for (t = 0; t < n; t++)
				deseas[t] -= s[t];
		}
	}
	for (t = 0; t < n; t++)
		remainder[t] = deseas[t] - trend[t];
	return STL_OK;
}
