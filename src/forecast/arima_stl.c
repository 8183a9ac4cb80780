/*-------------------------------------------------------------------------
 *
 * arima_stl.c
 *	  STL decomposition (Cleveland, Cleveland, McRae & Terpenning 1990,
 *	  J. Official Statistics 6:3-73) as R's stats::stl computes it without
 *	  robustness iterations, and the seasonal-strength heuristic that
 *	  forecast::nsdiffs(test = "seas") uses to choose seasonal differencing.
 *
 * STL alternates two smoothings, two passes (R's inner = 2, outer = 0):
 * the cycle-subseries of the detrended series are smoothed by loess
 * (degree 0, span s.window) and extended one period at each end, the
 * result is low-pass filtered (moving averages of lengths m, m, 3, then a
 * loess of span l.window) and subtracted to give the season, and the
 * deseasonalised series is smoothed by loess (degree 1, span t.window) to
 * give the trend.  Loess fits are computed every "jump" points and
 * linearly interpolated between them, as the original Fortran does.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "arima_int.h"

/*
 * One local (tricube-weighted) fit at abscissa xs over y[nleft..nright]
 * (1-based, as the original): degree 0 or 1.  Returns 0 when every weight
 * is zero.  w is scratch of n + 1 values.
 */
static int
LoessPoint(const double *y, int n, int len, int deg, double xs, double *ys,
		   int nleft, int nright, double *w)
{
	double		range = (double) n - 1.0;
	double		h = fmax(xs - nleft, nright - xs);
	double		h9,
				h1,
				a = 0.0;
	int			j;

	if (len > n)
		h += (double) ((len - n) / 2);
	h9 = 0.999 * h;
	h1 = 0.001 * h;
	for (j = nleft; j <= nright; j++)
	{
		double		r = fabs(j - xs);

		w[j] = 0.0;
		if (r <= h9)
		{
			if (r <= h1)
				w[j] = 1.0;
			else
			{
				double		u = r / h;

				u = 1.0 - u * u * u;
				w[j] = u * u * u;
			}
			a += w[j];
		}
	}
	if (a <= 0.0)
		return 0;
	for (j = nleft; j <= nright; j++)
		w[j] /= a;
	if (h > 0.0 && deg > 0)
	{
		double		b,
					c = 0.0;

		a = 0.0;
		for (j = nleft; j <= nright; j++)
			a += w[j] * j;
		b = xs - a;
		for (j = nleft; j <= nright; j++)
			c += w[j] * (j - a) * (j - a);
		if (sqrt(c) > 0.001 * range)
		{
			b /= c;
			for (j = nleft; j <= nright; j++)
				w[j] *= b * (j - a) + 1.0;
		}
	}
	*ys = 0.0;
	for (j = nleft; j <= nright; j++)
		*ys += w[j] * y[j];
	return 1;
}

/*
 * Loess smooth of y[1..n] into ys[1..n] with span len, degree deg, fitted
 * every njump points and interpolated (the Fortran's stless).  w is
 * scratch (n + 1).
 */
static void
LoessSmooth(const double *y, int n, int len, int deg, int njump, double *ys,
			double *w)
{
	int			nleft = 1,
				nright = n,
				newnj,
				nsh,
				i,
				j,
				k;

	if (n < 2)
	{
		ys[1] = y[1];
		return;
	}
	newnj = njump < n - 1 ? njump : n - 1;
	nsh = (len + 1) / 2;
	if (len >= n)
	{
		nleft = 1;
		nright = n;
		for (i = 1; i <= n; i += newnj)
			if (!LoessPoint(y, n, len, deg, i, &ys[i], nleft, nright, w))
				ys[i] = y[i];
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
			if (!LoessPoint(y, n, len, deg, i, &ys[i], nleft, nright, w))
				ys[i] = y[i];
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
			if (!LoessPoint(y, n, len, deg, i, &ys[i], nleft, nright, w))
				ys[i] = y[i];
		}
	}
	if (newnj != 1)
	{
		for (i = 1; i <= n - newnj; i += newnj)
		{
			double		delta = (ys[i + newnj] - ys[i]) / newnj;

			for (j = i + 1; j <= i + newnj - 1; j++)
				ys[j] = ys[i] + delta * (j - i);
		}
		k = ((n - 1) / newnj) * newnj + 1;
		if (k != n)
		{
			if (!LoessPoint(y, n, len, deg, n, &ys[n], nleft, nright, w))
				ys[n] = y[n];
			if (k != n - 1)
			{
				double		delta = (ys[n] - ys[k]) / (n - k);

				for (j = k + 1; j <= n - 1; j++)
					ys[j] = ys[k] + delta * (j - k);
			}
		}
	}
}

/* Moving average of length len: ave[1..n-len+1] */
static void
MovingAverage(const double *x, int n, int len, double *ave)
{
	double		v = 0.0;
	int			newn = n - len + 1,
				i;

	for (i = 1; i <= len; i++)
		v += x[i];
	ave[1] = v / len;
	for (i = 2; i <= newn; i++)
	{
		v = v - x[i - 1] + x[i + len - 1];
		ave[i] = v / len;
	}
}

static int
NextOdd(int x)
{
	return x % 2 == 0 ? x + 1 : x;
}

/*
 * R's stl(x, s.window = swindow) with its defaults for the rest: s.degree
 * 0, t.window = nextodd(ceiling(1.5 m / (1 - 1.5 / s.window))), t.degree
 * 1, l.window = nextodd(m), l.degree 1, jumps ceiling(window / 10), two
 * inner passes, no robustness.  Needs n > 2m, m >= 2.
 */
int
arima_stl(const double *x, int n, int m, int swindow, double *seasonal,
		  double *trend, const EtsEnv *env)
{
	int			ns = NextOdd(swindow < 3 ? 3 : swindow);
	int			nt = NextOdd((int) ceil(1.5 * m / (1.0 - 1.5 / swindow)));
	int			nl = NextOdd(m);
	int			sjump = (ns + 9) / 10,
				tjump = (nt + 9) / 10,
				ljump = (nl + 9) / 10;
	int			len = n + 2 * m;
	double	   *buf,
			   *y,
			   *tr,
			   *w1,
			   *w2,
			   *w3,
			   *w4,
			   *sub,
			   *subs,
			   *wts;
	int			it,
				i,
				j;

	if (m < 2 || n <= 2 * m)
		return ARIMA_ELENGTH;
	if (nt < 3)
		nt = 3;
	if (nl < 3)
		nl = 3;
	/* t.jump and l.jump use the windows as given (before the max(3, .)) */
	tjump = ((int) NextOdd((int) ceil(1.5 * m / (1.0 - 1.5 / swindow))) + 9) / 10;
	ljump = (NextOdd(m) + 9) / 10;
	sjump = (swindow + 9) / 10;
	buf = arima_alloc(env, sizeof(double) * (9 * ((size_t) len + 2)));
	if (buf == NULL)
		return ARIMA_ENOMEM;
	memset(buf, 0, sizeof(double) * (9 * ((size_t) len + 2)));
	/* 1-based arrays */
	y = buf;
	tr = y + len + 2;
	w1 = tr + len + 2;
	w2 = w1 + len + 2;
	w3 = w2 + len + 2;
	w4 = w3 + len + 2;
	sub = w4 + len + 2;
	subs = sub + len + 2;
	wts = subs + len + 2;
	for (i = 1; i <= n; i++)
		y[i] = x[i - 1];
	for (it = 0; it < 2; it++)
	{
		arima_interrupt(env);
		/* detrend, smooth each cycle-subseries into w2[1..n+2m] */
		for (i = 1; i <= n; i++)
			w1[i] = y[i] - tr[i];
		for (j = 1; j <= m; j++)
		{
			int			k = (n - j) / m + 1;
			int			nright,
						nleft;

			for (i = 1; i <= k; i++)
				sub[i] = w1[(i - 1) * m + j];
			LoessSmooth(sub, k, ns, 0, sjump, subs + 1, wts);
			nright = ns < k ? ns : k;
			if (!LoessPoint(sub, k, ns, 0, 0.0, &subs[1], 1, nright, wts))
				subs[1] = subs[2];
			nleft = k - ns + 1 > 1 ? k - ns + 1 : 1;
			if (!LoessPoint(sub, k, ns, 0, k + 1.0, &subs[k + 2], nleft, k,
							wts))
				subs[k + 2] = subs[k + 1];
			for (i = 1; i <= k + 2; i++)
				w2[(i - 1) * m + j] = subs[i];
		}
		/* low-pass: moving averages m, m, 3, then loess */
		MovingAverage(w2, len, m, w3);
		MovingAverage(w3, len - m + 1, m, w1);
		MovingAverage(w1, len - 2 * m + 2, 3, w3);
		LoessSmooth(w3, n, nl, 1, ljump, w1, wts);
		for (i = 1; i <= n; i++)
			seasonal[i - 1] = w2[m + i] - w1[i];
		for (i = 1; i <= n; i++)
			w4[i] = y[i] - seasonal[i - 1];
		LoessSmooth(w4, n, nt, 1, tjump, tr, wts);
	}
	for (i = 1; i <= n; i++)
		trend[i - 1] = tr[i];
	arima_release(env, buf);
	return ARIMA_OK;
}

static double
Variance(const double *x, int n)
{
	double		mean = 0.0,
				s = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	for (i = 0; i < n; i++)
		s += (x[i] - mean) * (x[i] - mean);
	return s / (n - 1);
}

/*
 * forecast:::seas.heuristic: with the STL (s.window = 11, as mstl) season
 * S and remainder R, max(0, min(1, 1 - var(R) / var(R + S))).  NaN when
 * the series is too short for STL (R's test then fails and no seasonal
 * difference is taken).
 */
double
arima_seas_strength(const double *x, int n, int m, const EtsEnv *env)
{
	double	   *s = arima_alloc(env, sizeof(double) * 3 * (size_t) n);
	double	   *t,
			   *r;
	double		v,
				res;
	int			i;

	if (s == NULL)
		return NAN;
	t = s + n;
	r = t + n;
	if (arima_stl(x, n, m, 11, s, t, env) != ARIMA_OK)
	{
		arima_release(env, s);
		return NAN;
	}
	for (i = 0; i < n; i++)
		r[i] = x[i] - s[i] - t[i];
	v = Variance(r, n);
	for (i = 0; i < n; i++)
		r[i] += s[i];
	res = 1.0 - v / Variance(r, n);
	arima_release(env, s);
	if (isnan(res))
		return res;
	return res < 0 ? 0 : res > 1 ? 1 : res;
}
