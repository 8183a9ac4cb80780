/* unit: src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c */
/*
 * The ARIMA likelihood filter (arima_like, and its replay of a recorded
 * covariance path, arima_like_cached) against a plain dense Kalman
 * filter written in this file from the state-space form of R's makeARIMA
 * (Durbin & Koopman 2012, sec. 4.3; R's ARIMA_Like):
 *
 *	 state alpha (r ARMA states, then the last d values of y), transition
 *	 T = [phi | shift ; Z ; lag shift], observation Z = (1, 0.., 0, delta),
 *	 a_t|t-1 = T a, P_t|t-1 = T P T' + R R', e = y - Z a, F = Z P Z',
 *	 a += P Z' e / F, P -= P Z' Z P / F,
 *	 sums e^2 / F and log F over the steps with F < 1e4 (the diffuse start
 *	 with kappa = 1e6 is left out).
 *
 * The reference multiplies the dense matrices in the natural order (sum over
 * k = 0, 1, ...), which is R's order of the same non-zero terms, so where
 * arima_like runs on the full state (a missing value near the end keeps it
 * there) it must give R's sums bit for bit: the zero terms it skips and the
 * symmetric update it shares change no value.  Where it drops the known
 * differencing block (after d observations in a row) or has none, it works
 * on the ARMA block alone with another order of operations: equal to
 * rounding (1e-12 relative here) when the switch follows a missing value.
 * From the start of the series it also leaves out what R's filter carries
 * over from the diffuse start (the lags' variance is kappa * epsilon, not
 * zero, in R): 1e-9 relative here (measured 1e-11 on ssq and 2e-10 on the
 * sum of logs; see doc/forecast.md for what that does to forecasts).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/arima.h"
#include "forecast/arima_int.h"
#include "tap.h"

#define N 40
#define MAXRD 16

/*
 * The dense filter.  P0 (rd x rd, column-major) is the predicted covariance
 * of the first step as arima_ss_init sets it (Q0 and 1e6 on the lags).
 */
static void
DenseLike(int p, const double *phi, int q, const double *theta, int d,
		  const double *delta, const double *P0, const double *y, int n,
		  double *ssq, double *sumlog, int *nu)
{
	int			r = p > q + 1 ? p : q + 1;
	int			rd = r + d;
	double		T[MAXRD][MAXRD] = {{0}},
				RR[MAXRD][MAXRD] = {{0}},
				Z[MAXRD] = {0},
				Rv[MAXRD] = {0},
				P[MAXRD][MAXRD],
				Pn[MAXRD][MAXRD],
				TP[MAXRD][MAXRD],
				a[MAXRD] = {0},
				an[MAXRD],
				M[MAXRD];
	int			i,
				j,
				k,
				l;

	for (i = 0; i < p; i++)
		T[i][0] = phi[i];
	for (i = 0; i + 1 < r; i++)
		T[i][i + 1] = 1.0;
	if (d > 0)
	{
		T[r][0] = 1.0;
		for (k = 0; k < d; k++)
			T[r][r + k] = delta[k];
		for (i = 1; i < d; i++)
			T[r + i][r + i - 1] = 1.0;
	}
	Z[0] = 1.0;
	for (k = 0; k < d; k++)
		Z[r + k] = delta[k];
	Rv[0] = 1.0;
	for (i = 1; i <= q; i++)
		Rv[i] = theta[i - 1];
	for (i = 0; i < rd; i++)
		for (j = 0; j < rd; j++)
		{
			RR[i][j] = Rv[i] * Rv[j];
			Pn[i][j] = P0[i + rd * j];
		}
	*ssq = *sumlog = 0.0;
	*nu = 0;
	for (l = 0; l < n; l++)
	{
		for (i = 0; i < rd; i++)
		{
			double		s = 0.0;

			for (k = 0; k < rd; k++)
				s += T[i][k] * a[k];
			an[i] = s;
		}
		if (l > 0)
		{
			for (i = 0; i < rd; i++)
				for (j = 0; j < rd; j++)
				{
					double		s = 0.0;

					for (k = 0; k < rd; k++)
						s += T[i][k] * P[k][j];
					TP[i][j] = s;
				}
			for (i = 0; i < rd; i++)
				for (j = 0; j < rd; j++)
				{
					double		s = 0.0;

					for (k = 0; k < rd; k++)
						s += TP[i][k] * T[j][k];
					Pn[i][j] = s + RR[i][j];
				}
		}
		if (isnan(y[l]))
		{
			memcpy(a, an, sizeof(a));
			memcpy(P, Pn, sizeof(P));
			continue;
		}
		{
			double		e = y[l],
						gain = 0.0;

			for (k = 0; k < rd; k++)
				e -= Z[k] * an[k];
			for (i = 0; i < rd; i++)
			{
				double		s = 0.0;

				for (k = 0; k < rd; k++)
					s += Pn[i][k] * Z[k];
				M[i] = s;
			}
			for (k = 0; k < rd; k++)
				gain += Z[k] * M[k];
			if (gain < 1e4)
			{
				(*nu)++;
				*ssq += e * e / gain;
				*sumlog += log(gain);
			}
			for (i = 0; i < rd; i++)
				a[i] = an[i] + M[i] * e / gain;
			for (i = 0; i < rd; i++)
				for (j = 0; j < rd; j++)
					P[i][j] = Pn[i][j] - M[i] * M[j] / gain;
		}
	}
}

/*
 * The ARMA-block filter (d = 0, no missing value) with the fast filter's own
 * order of operations, as arima_filter.c documents it (PredictArma): with
 * M the first row of the prediction Pf and mg = M / gain, the next
 * prediction is, for j < r - 1 and i <= j, (Pf[i+1][j+1] - M[i+1]
 * mg[j+1]) + R_i R_j (the R term only when R_j != 0), and R_i R_{r-1} in
 * the last column.  The phi terms of T X T' are left out: X's row 0,
 * Pf[0][k] - M[0] mg[k], is zero in exact arithmetic and holds only
 * rounding (see PredictArma).  Written here element by element on
 * full matrices, so a change of that order in the library (its two-column
 * passes, the buffers it alternates) shows as a different double.
 */
static void
ArmaOrderLike(int p, const double *phi, int q, const double *theta,
			  const double *P0, const double *y, int n, double *ssq,
			  double *sumlog, int *nu, double *Xout)
{
	int			r = p > q + 1 ? p : q + 1;
	double		Pf[MAXRD][MAXRD],
				Pn[MAXRD][MAXRD],
				R[MAXRD + 1],
				a[MAXRD] = {0},
				an[MAXRD],
				M[MAXRD],
				mg[MAXRD];
	int			i,
				j,
				l;

	for (i = 0; i < r; i++)
		R[i] = i == 0 ? 1.0 : (i - 1 < q ? theta[i - 1] : 0.0);
	for (i = 0; i < r; i++)
		for (j = 0; j < r; j++)
			Pn[i][j] = P0[i + r * j];
	*ssq = *sumlog = 0.0;
	*nu = 0;
	for (l = 0; l < n; l++)
	{
		double		e,
					gain;

		for (i = 0; i < r; i++)
		{
			double		s2 = i < r - 1 ? a[i + 1] : 0.0;

			if (i < p)
				s2 += phi[i] * a[0];
			an[i] = s2;
		}
		if (l > 0)
		{
			for (j = 0; j < r; j++)
				for (i = 0; i <= j; i++)
				{
					if (j == r - 1)
						Pn[i][j] = R[i] * R[j];
					else if (R[j] == 0.0)
						Pn[i][j] = Pf[i + 1][j + 1] - M[i + 1] * mg[j + 1];
					else
						Pn[i][j] = (Pf[i + 1][j + 1] - M[i + 1] * mg[j + 1]) +
							R[i] * R[j];
				}
		}
		gain = Pn[0][0];
		e = y[l] - an[0];
		for (i = 0; i < r; i++)
			M[i] = Pn[0][i];
		if (gain < 1e4)
		{
			(*nu)++;
			*ssq += e * e / gain;
			*sumlog += log(gain);
		}
		for (i = 0; i < r; i++)
		{
			a[i] = an[i] + M[i] * e / gain;
			mg[i] = M[i] / gain;
		}
		memcpy(Pf, Pn, sizeof(Pf));
	}
	/* the last filtered covariance (upper triangle, r x r) */
	for (j = 0; j < r; j++)
		for (i = 0; i <= j; i++)
			Xout[i + r * j] = Pf[i][j] - M[i] * mg[j];
}

/*
 * arima_like on an ARMA model against ArmaOrderLike: the same doubles, and
 * (a check on the reference) DenseLike's sums to 1e-12.
 */
static void
CompareArmaOrder(const char *what, int p, const double *phi, int q,
				 const double *theta, const double *y)
{
	ArimaSS		ss;
	double		P0[MAXRD * MAXRD],
				X[MAXRD * MAXRD],
				ssq,
				sumlog,
				rssq,
				rsumlog,
				dssq,
				dsumlog;
	int			nu,
				rnu,
				dnu,
				sameP = 1,
				i,
				j,
				ok;
	char		buf[240];

	ok = arima_ss_alloc(&ss, p, q, 0, NULL) == ARIMA_OK &&
		arima_ss_init(&ss, phi, theta, NULL, NULL) == ARIMA_OK;
	snprintf(buf, sizeof(buf), "%s: state set up", what);
	check(ok, buf);
	if (!ok)
		return;
	memcpy(P0, ss.Pn, sizeof(double) * ss.rd * ss.rd);
	arima_like(&ss, y, N, &ssq, &sumlog, &nu, NULL);
	ArmaOrderLike(p, phi, q, theta, P0, y, N, &rssq, &rsumlog, &rnu, X);
	DenseLike(p, phi, q, theta, 0, NULL, P0, y, N, &dssq, &dsumlog, &dnu);
	for (j = 0; j < ss.r; j++)
		for (i = 0; i <= j; i++)
			sameP &= ss.P[i + ss.rd * j] == X[i + ss.r * j];
	ok = ssq == rssq && sumlog == rsumlog && nu == rnu && sameP &&
		fabs(rssq - dssq) <= 1e-12 * dssq &&
		fabs(rsumlog - dsumlog) <= 1e-12 * fabs(dsumlog) && rnu == dnu;
	snprintf(buf, sizeof(buf), "%s: ARMA filter's order bit for bit (last "
			 "covariance, ssq "
			 "%.17g / %.17g, sumlog %.17g / %.17g; dense %.17g)", what, ssq,
			 rssq, sumlog, rsumlog, dssq);
	check(ok, buf);
	arima_ss_free(&ss, NULL);
}

/*
 * One model on y: arima_like against DenseLike, from the same initial
 * state.  exact: the sums must be the same doubles; else within tol.
 */
static void
Compare(const char *what, int p, const double *phi, int q,
		const double *theta, int d, const double *delta, const double *y,
		int exact, double tol)
{
	ArimaSS		ss;
	double		P0[MAXRD * MAXRD],
				ssq,
				sumlog,
				rssq,
				rsumlog;
	int			nu,
				rnu,
				ok;
	char		buf[200];

	ok = arima_ss_alloc(&ss, p, q, d, NULL) == ARIMA_OK &&
		arima_ss_init(&ss, phi, theta, delta, NULL) == ARIMA_OK;
	snprintf(buf, sizeof(buf), "%s: state set up", what);
	check(ok, buf);
	if (!ok)
		return;
	memcpy(P0, ss.Pn, sizeof(double) * ss.rd * ss.rd);
	arima_like(&ss, y, N, &ssq, &sumlog, &nu, NULL);
	DenseLike(p, phi, q, theta, d, delta, P0, y, N, &rssq, &rsumlog, &rnu);
	if (exact)
		ok = ssq == rssq && sumlog == rsumlog && nu == rnu;
	else
		ok = fabs(ssq - rssq) <= tol * fabs(rssq) &&
			fabs(sumlog - rsumlog) <= tol * fabs(rsumlog) && nu == rnu;
	snprintf(buf, sizeof(buf), "%s: %s (ssq %.17g / %.17g, sumlog %.17g / "
			 "%.17g, nu %d / %d)", what, exact ? "bit for bit" : "to tolerance",
			 ssq, rssq, sumlog, rsumlog, nu, rnu);
	check(ok, buf);
	arima_ss_free(&ss, NULL);
}

/*
 * A covariance path recorded on y gives, on y2 (another regression
 * adjustment of the same data: the same missing values), the sums of a
 * fresh arima_like on y2 bit for bit; another phi or another missing value
 * finds no path.
 */
static void
PathCase(const char *what, int p, const double *phi, int q,
		 const double *theta, int d, const double *delta, const double *y)
{
	ArimaSS		ss;
	ArimaPathCache pc;
	double		y2[N],
				y3[N],
				phi2[5],
				ssq,
				sumlog,
				cssq,
				csumlog;
	int			nu,
				cnu,
				t,
				ok;
	char		buf[200];

	for (t = 0; t < N; t++)
		y2[t] = y3[t] = y[t] - 2.5 - 0.75 * t;
	y3[20] = NAN;
	ok = arima_ss_alloc(&ss, p, q, d, NULL) == ARIMA_OK &&
		arima_ss_init(&ss, phi, theta, delta, NULL) == ARIMA_OK &&
		arima_path_init(&pc, &ss, N, NULL) == ARIMA_OK;
	if (ok)
	{
		arima_like_record(&ss, &pc, y, N, &ssq, &sumlog, &nu);
		arima_path_pin(&pc);
		ok = arima_like_cached(&ss, &pc, phi, theta, y2, N, &cssq, &csumlog,
							   &cnu) == 0;
		arima_ss_init(&ss, phi, theta, delta, NULL);
		arima_like(&ss, y2, N, &ssq, &sumlog, &nu, NULL);
		ok = ok && cssq == ssq && csumlog == sumlog && cnu == nu;
		snprintf(buf, sizeof(buf), "%s: path replayed bit for bit (ssq "
				 "%.17g / %.17g)", what, cssq, ssq);
		check(ok, buf);
		memcpy(phi2, phi, sizeof(double) * p);
		phi2[0] += 1e-9;
		check(arima_like_cached(&ss, &pc, phi2, theta, y2, N, &cssq,
								&csumlog, &cnu) == -1 &&
			  arima_like_cached(&ss, &pc, phi, theta, y3, N, &cssq,
								&csumlog, &cnu) == -1,
			  "no path for another phi or another missing value");
	}
	else
		check(0, "path: set up");
	arima_path_free(&pc, NULL);
	arima_ss_free(&ss, NULL);
}

int
main(void)
{
	/*
	 * ARIMA(1,1,1)(1,1,1)[4], ar 0.5, ma 0.3, sar -0.4, sma -0.6: phi =
	 * (1 - 0.5B)(1 + 0.4B^4), theta = (1 + 0.3B)(1 - 0.6B^4), delta of
	 * (1 - B)(1 - B^4) = 1 - B - B^4 + B^5; r = 6, rd = 11
	 */
	const double phi[5] = {0.5, 0, 0, -0.4, 0.2},
				theta[5] = {0.3, 0, 0, -0.6, -0.18},
				delta[5] = {1, 0, 0, 1, -1};
	/* ARMA(2,0,1)(0,0,1)[4] with phi (0.6, -0.3), theta (0.4, 0, 0, -0.5, -0.2) */
	const double phi2[2] = {0.6, -0.3};

	/* (1 - 0.5B + 0.2B^2)(1 + 0.4B^4): a dense AR polynomial */
	const double phi3[6] = {0.5, -0.2, 0, -0.4, 0.2, -0.08};
	double		y[N],
				yfull[N],
				ymid[N];
	int			t;

	for (t = 0; t < N; t++)
		y[t] = 10.0 + 0.5 * t + 3.0 * sin(2.0 * M_PI * t / 4.0) +
			sin(1.7 * t * t);
	memcpy(yfull, y, sizeof(y));
	memcpy(ymid, y, sizeof(y));
	/* a gap 2 from the end: never d values in a row, full state to the end */
	yfull[N - 2] = NAN;
	yfull[7] = NAN;
	ymid[12] = NAN;

	Compare("seasonal ARIMA, full state", 5, phi, 5, theta, 5, delta, yfull,
			1, 0.0);
	Compare("seasonal ARIMA, full then ARMA state", 5, phi, 5, theta, 5,
			delta, ymid, 0, 1e-12);
	Compare("seasonal ARIMA, no missing value", 5, phi, 5, theta, 5, delta,
			y, 0, 1e-9);
	Compare("ARMA with seasonal MA", 2, phi2, 5, theta, 0, NULL, y, 0, 1e-12);
	CompareArmaOrder("ARMA with seasonal MA", 2, phi2, 5, theta, y);
	CompareArmaOrder("seasonal ARMA", 5, phi, 5, theta, y);
	CompareArmaOrder("seasonal ARMA, dense AR", 6, phi3, 5, theta, y);
	Compare("ARIMA(0,1,0), full state", 0, NULL, 0, NULL, 1, delta, yfull,
			1, 0.0);
	PathCase("seasonal ARIMA with a missing value", 5, phi, 5, theta, 5,
			 delta, ymid);
	PathCase("ARMA with seasonal MA", 2, phi2, 5, theta, 0, NULL, y);
	printf("1..%d\n", test_no);
	return failures != 0;
}
