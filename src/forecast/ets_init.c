/*-------------------------------------------------------------------------
 *
 * ets_init.c
 *	  ETS initial states, as R's initstate(): least squares on the
 *	  first values, classical decomposition of the seasonal figure.
 *	  Plain C.
 *
 *-------------------------------------------------------------------------
 */
#include "ets_int.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------------
 * Initial states (R: initstate() in ets.R)
 * ----------------------------------------------------------------------
 */

/*
 * Least squares coefficients of y on the p <= 4 columns of X (n x p,
 * column-major) by Householder QR.  A column that is numerically
 * dependent on the previous ones gets coefficient 0 (as lm() drops it).
 */
static void
least_squares(double *X, int n, int p, double *yy, double *coef)
{
	double		diag[4];
	int			dropped[4] = {0, 0, 0, 0};
	int			i,
				j,
				k;

	for (k = 0; k < p; k++)
	{
		double	   *a = X + (size_t) k * n;
		double		norm = 0.0,
					colnorm = 0.0,
					alpha,
					vnorm2;

		for (i = 0; i < n; i++)
			colnorm += a[i] * a[i];
		for (i = k; i < n; i++)
			norm += a[i] * a[i];
		norm = sqrt(norm);
		if (norm <= 1e-7 * sqrt(colnorm) || norm == 0.0)
		{
			dropped[k] = 1;
			diag[k] = 0.0;
			continue;
		}
		alpha = (a[k] > 0) ? -norm : norm;
		/* v = a[k:] - alpha e1, stored in a[k:] */
		a[k] -= alpha;
		vnorm2 = 0.0;
		for (i = k; i < n; i++)
			vnorm2 += a[i] * a[i];
		for (j = k + 1; j <= p; j++)
		{
			double	   *c = (j < p) ? X + (size_t) j * n : yy;
			double		dot = 0.0;

			for (i = k; i < n; i++)
				dot += a[i] * c[i];
			dot = 2.0 * dot / vnorm2;
			for (i = k; i < n; i++)
				c[i] -= dot * a[i];
		}
		diag[k] = alpha;
	}
	/* back substitution with R (upper triangle; diagonal in diag[]) */
	for (k = p - 1; k >= 0; k--)
	{
		double		s = yy[k];

		if (dropped[k])
		{
			coef[k] = 0.0;
			continue;
		}
		for (j = k + 1; j < p; j++)
			s -= X[(size_t) j * n + k] * coef[j];
		coef[k] = s / diag[k];
	}
}

/*
 * Intercept and slope of y[0..n-1] on t = 1..n (R: lsfit(1:n, y)).
 */
static void
line_fit(const double *y, int n, double *a, double *b)
{
	double		tbar = (n + 1) / 2.0,
				ybar = 0.0,
				sxy = 0.0,
				sxx = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		ybar += y[i];
	ybar /= n;
	for (i = 0; i < n; i++)
	{
		double		dt = (i + 1) - tbar;

		sxy += dt * (y[i] - ybar);
		sxx += dt * dt;
	}
	*b = (sxx > 0) ? sxy / sxx : 0.0;
	*a = ybar - *b * tbar;
}

/*
 * Classical decomposition's seasonal figure (R: decompose()): a centred
 * moving average of order m (2 x m for even m) as trend, the detrended
 * series averaged by position in the cycle, normalised to mean 0 (or 1).
 * figure[k] belongs to times k, k + m, ... (0-based).  Needs n >= 2m.
 */
static void
decompose_figure(const double *y, int n, int m, int mult, double *figure)
{
	double		w[ETS_MAX_SEASON + 1];
	double		sum[ETS_MAX_SEASON],
				mean;
	int			cnt[ETS_MAX_SEASON];
	int			nf,
				shift,
				i,
				j,
				k;

	if (m % 2 == 0)
	{
		nf = m + 1;
		w[0] = w[m] = 0.5 / m;
		for (j = 1; j < m; j++)
			w[j] = 1.0 / m;
	}
	else
	{
		nf = m;
		for (j = 0; j < m; j++)
			w[j] = 1.0 / m;
	}
	shift = nf / 2;
	for (k = 0; k < m; k++)
	{
		sum[k] = 0.0;
		cnt[k] = 0;
	}
	for (i = 0; i < n; i++)
	{
		double		tr = 0.0;

		if (i + shift - (nf - 1) < 0 || i + shift >= n)
			continue;
		for (j = 0; j < nf; j++)
			tr += w[j] * y[i + shift - j];
		sum[i % m] += mult ? y[i] / tr : y[i] - tr;
		cnt[i % m]++;
	}
	mean = 0.0;
	for (k = 0; k < m; k++)
	{
		figure[k] = cnt[k] > 0 ? sum[k] / cnt[k] : 0.0;
		mean += figure[k];
	}
	mean /= m;
	for (k = 0; k < m; k++)
		figure[k] = mult ? figure[k] / mean : figure[k] - mean;
}

static void FourierStart(const double *y, int n, int m, double *c0,
						 double *c1);
static void LevelTrendStart(const double *ysa, int maxn, int trend,
							double *x);

/*
 * The starting values of the free initial states: l0, b0 (with a trend)
 * and s0..s[m-2] (with a season; the last one is implied), as R's
 * initstate().  Returns their number, or -1 when the data cannot give
 * them (fewer than 4 values for a seasonal model).
 */
int
ets_init_states(const double *y, int n, int trend, int season, int m, double *x)
{
	double		ysa[2 * ETS_MAX_SEASON + 10];
	double		figure[ETS_MAX_SEASON];
	double		c0 = 0.0,
				c1 = 0.0;
	int			use_fourier = 0;
	int			maxn,
				nx = 0,
				i,
				j;

	if (season != NONE)
	{
		double		seas_m[ETS_MAX_SEASON];

		if (n < 4)
			return -1;
		if (n < 3 * m)
		{
			FourierStart(y, n, m, &c0, &c1);
			use_fourier = 1;
		}
		else
			decompose_figure(y, n, m, season == MULT, figure);

		/* seasonal values at times 1..m (index t - 1) */
		for (i = 0; i < m; i++)
		{
			if (!use_fourier)
				seas_m[i] = figure[i];
			else if (season == ADD)
				seas_m[i] = y[i] - c0 - c1 * (i + 1);
			else
				seas_m[i] = y[i] / (c0 + c1 * (i + 1));
		}
		/* s0..s[m-2] are the seasonal values of times m, m-1, ..., 2 */
		nx = 1 + (trend != NONE);
		for (j = 0; j < m - 1; j++)
			x[nx + j] = seas_m[m - 1 - j];
		if (season == MULT)
		{
			double		sum = 0.0;

			for (j = 0; j < m - 1; j++)
			{
				if (x[nx + j] < 1e-2)
					x[nx + j] = 1e-2;
				sum += x[nx + j];
			}
			if (sum > m)
			{
				double		den = sum + 1e-2 * (m - 1);

				for (j = 0; j < m - 1; j++)
					x[nx + j] /= den;
			}
		}

		/* seasonally adjusted data, as far as the level needs it */
		maxn = 2 * m > 10 ? 2 * m : 10;
		if (maxn > n)
			maxn = n;
		for (i = 0; i < maxn; i++)
		{
			double		s;

			if (!use_fourier)
				s = figure[i % m];
			else if (season == ADD)
				s = y[i] - c0 - c1 * (i + 1);
			else
				s = y[i] / (c0 + c1 * (i + 1));
			if (season == ADD)
				ysa[i] = y[i] - s;
			else
				ysa[i] = y[i] / (s > 1e-2 ? s : 1e-2);
		}
		nx += m - 1;
	}
	else
	{
		maxn = n < 10 ? n : 10;
		for (i = 0; i < maxn; i++)
			ysa[i] = y[i];
		nx = 1 + (trend != NONE);
	}

	LevelTrendStart(ysa, maxn, trend, x);
	return nx;
}

/*
 * Short seasonal series (n < 3m): intercept c0 and slope c1 of a regression
 * on the time and one pair of Fourier terms, as R's initstate()
 */
static void
FourierStart(const double *y, int n, int m, double *c0, double *c1)
{
	double		X[4 * 3 * ETS_MAX_SEASON];
	double		yy[3 * ETS_MAX_SEASON];
	double		coef[4];
	int			p = (m > 2) ? 4 : 3;
	int			i;

	for (i = 0; i < n; i++)
	{
		int			t = i + 1;
		double		ang = 2.0 * M_PI * (double) (t % m) / m;

		X[i] = 1.0;
		X[n + i] = t;
		if (p == 4)
		{
			X[2 * n + i] = sin(ang);
			X[3 * n + i] = cos(ang);
		}
		else
			X[2 * n + i] = cos(ang);
		yy[i] = y[i];
	}
	least_squares(X, n, p, yy, coef);
	*c0 = coef[0];
	*c1 = coef[1];
}

/*
 * l0 (and b0) from the first maxn seasonally adjusted values: their mean
 * without a trend, else a straight line fitted to them
 */
static void
LevelTrendStart(const double *ysa, int maxn, int trend, double *x)
{
	int			i;

	if (trend == NONE)
	{
		double		s = 0.0;

		for (i = 0; i < maxn; i++)
			s += ysa[i];
		x[0] = s / maxn;
	}
	else
	{
		double		a,
					b;

		line_fit(ysa, maxn, &a, &b);
		if (trend == ADD)
		{
			double		l0 = a,
						b0 = b;

			/* an 'M' error must not start with l0 + b0 = 0 */
			if (fabs(l0 + b0) < 1e-8)
			{
				l0 *= 1 + 1e-3;
				b0 *= 1 - 1e-3;
			}
			x[0] = l0;
			x[1] = b0;
		}
		else
		{
			double		l0 = a + b,
						b0;

			if (fabs(l0) < 1e-8)
				l0 = 1e-7;
			b0 = (a + 2 * b) / l0;
			l0 = l0 / b0;
			if (fabs(b0) > 1e10)
				b0 = (b0 > 0 ? 1 : -1) * 1e10;
			if (l0 < 1e-8 || b0 < 1e-8)
			{
				l0 = ysa[0] > 1e-3 ? ysa[0] : 1e-3;
				b0 = (maxn > 1) ? ysa[1] / ysa[0] : 1.0;
				if (!(b0 > 1e-3))
					b0 = 1e-3;
			}
			x[0] = l0;
			x[1] = b0;
		}
	}
}
