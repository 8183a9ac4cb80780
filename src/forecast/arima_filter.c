/*-------------------------------------------------------------------------
 *
 * arima_filter.c
 *	  The fast paths of the ARIMA likelihood: the stationary initial
 *	  covariance from the autocovariances, and the Kalman filter that drops
 *	  the differencing block of the state once it is known.
 *
 * Both compute what R's arima() computes (getQ0 by AS 154, ARIMA_Like on
 * the full state), equal in exact arithmetic; they differ from R only by
 * rounding (measured: see doc/forecast.md and the unit tests).  Why they
 * are faster:
 *
 *	- AS 154 solves the r(r+1)/2 equations of Q0 = T Q0 T' + R R' by Givens
 *	  rotations, O(r^6) work (0.6 M flops for r = 14, 20 M for r = 26, per
 *	  likelihood evaluation).  The same matrix follows in O(r^2) from the
 *	  first r + 1 autocovariances of the ARMA process (one (p+1) x (p+1)
 *	  linear system, Brockwell & Davis 1991, sec. 3.3, method 3), because
 *	  each state element is a finite sum of past values and innovations.
 *	- with differencing, R's state is (alpha_1..alpha_r, y_{t-1}..y_{t-d})
 *	  and every step costs O((r + d)^2).  But the lagged y are observed
 *	  without noise: after d consecutive observations the differencing
 *	  block is known exactly (zero variance, zero covariance with the ARMA
 *	  block; in R it holds rounding noise of the diffuse variance kappa =
 *	  1e6 times machine epsilon), and the filter from there on is the ARMA
 *	  filter of dimension r applied to w_t = y_t - sum delta_i y_{t-i}.
 *	  The first d steps (the diffuse ones, which carry R's finite-kappa
 *	  effect) still run on the full state.
 *	- the ARMA step's covariance update is X shifted plus R R': the first
 *	  state element is observed without noise, so the filtered X has a
 *	  zero row 0 and phi drops out of T X T' (R's filter adds phi times
 *	  that row's rounding; see PredictArma).  It keeps the upper triangle
 *	  only (the covariance is symmetric).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arima_int.h"

/*
 * The filter's two step loops are also compiled for AVX2, chosen at load
 * time when the CPU has it (GCC's and clang's function multiversioning,
 * x86-64 with ifunc support).  AVX2 without FMA: the vector loops do each
 * element's operations in the source's order, one rounding each (the
 * Makefile also builds this file with -ffp-contract=off), so both versions
 * give the same doubles; the wider vectors only halve the instructions.
 */
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define ARIMA_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef ARIMA_CLONES
#define ARIMA_CLONES
#endif

/* helpers of the step loops: inlined, so into each version of them */
#if defined(__GNUC__)
#define ARIMA_INLINE inline __attribute__((always_inline))
#else
#define ARIMA_INLINE inline
#endif

/* ---------------------------------------------------------------------
 * Initial covariance from the autocovariances
 * ---------------------------------------------------------------------
 */

/*
 * Solve A x = b (n x n, column-major, overwritten) by Gaussian elimination
 * with partial pivoting.  Returns 0, or -1 if a pivot is zero or the
 * solution not finite.
 */
static int
GaussSolve(int n, double *A, double *b)
{
	int			i,
				j,
				k;

	for (k = 0; k < n; k++)
	{
		int			piv = k;
		double		big = fabs(A[k + (size_t) n * k]);

		for (i = k + 1; i < n; i++)
			if (fabs(A[i + (size_t) n * k]) > big)
			{
				big = fabs(A[i + (size_t) n * k]);
				piv = i;
			}
		if (!(big > 0.0))
			return -1;
		if (piv != k)
		{
			double		t;

			for (j = k; j < n; j++)
			{
				t = A[k + (size_t) n * j];
				A[k + (size_t) n * j] = A[piv + (size_t) n * j];
				A[piv + (size_t) n * j] = t;
			}
			t = b[k];
			b[k] = b[piv];
			b[piv] = t;
		}
		for (i = k + 1; i < n; i++)
		{
			double		f = A[i + (size_t) n * k] / A[k + (size_t) n * k];

			if (f == 0.0)
				continue;
			for (j = k + 1; j < n; j++)
				A[i + (size_t) n * j] -= f * A[k + (size_t) n * j];
			b[i] -= f * b[k];
		}
	}
	for (k = n - 1; k >= 0; k--)
	{
		double		s = b[k];

		for (j = k + 1; j < n; j++)
			s -= A[k + (size_t) n * j] * b[j];
		b[k] = s / A[k + (size_t) n * k];
		if (!isfinite(b[k]))
			return -1;
	}
	return 0;
}

/*
 * Q0 (r x r, column-major, r = max(p, q + 1)) of the state of R's
 * makeARIMA for the ARMA model with polynomials phi (p) and theta (q),
 * innovation variance 1.
 *
 * With psi_k the MA(infinity) weights and gamma_k the autocovariances of
 * x_t, the state is alpha_t,0 = x_t and alpha_t,j = sum_{k=0}^{r-1-j}
 * (phi_{j+k} x_{t-1-k} + R_{j+k} e_{t-k}) (0-based phi, R = (1, theta)),
 * so Q0[0][j] = sum_k (phi_{j+k} gamma_{k+1} + R_{j+k} psi_k); the rest of
 * Q0 follows from Q0 = T Q0 T' + R R' read element by element,
 *	 Q0[i][j] = Q0[i+1][j+1] + phi_i phi_j Q0[0][0] + phi_i Q0[0][j+1]
 *				+ phi_j Q0[0][i+1] + R_i R_j,
 * one diagonal at a time from the bottom right (entries past r - 1 are 0).
 * gamma_0..gamma_p solve the p + 1 equations gamma_k - sum_i phi_i
 * gamma_|k-i| = sum_{j>=k} theta_j psi_{j-k} (theta_0 = 1); later ones
 * follow by the AR recursion.  Returns ARIMA_OK, or ARIMA_EINVAL when that
 * system is singular (a unit root): the caller falls back to AS 154.
 */
int
arima_q0_acov(const double *phi, int p, const double *theta, int q,
			  double *q0, const EtsEnv *env)
{
	int			r = p > q + 1 ? p : q + 1;
	size_t		np1 = (size_t) p + 1;
	double	   *A,
			   *g,
			   *psi,
			   *row;
	int			i,
				j,
				k;

	if (r > ARIMA_MAX_LAG)
		return ARIMA_ERANGE;
	A = arima_alloc(env, sizeof(double) * (np1 * np1 + np1 + 3 * (size_t) r + 2));
	if (A == NULL)
		return ARIMA_ENOMEM;
	g = A + np1 * np1;			/* gamma_0..gamma_r (r + 1 >= p + 1) */
	psi = g + r + 1;			/* psi_0..psi_{r-1} */
	row = psi + r;				/* Q0[0][0..r] */

	/* psi weights: psi_k = theta_k + sum_i phi_i psi_{k-i} */
	for (k = 0; k < r; k++)
	{
		double		s = k == 0 ? 1.0 : (k <= q ? theta[k - 1] : 0.0);

		for (i = 1; i <= k && i <= p; i++)
			s += phi[i - 1] * psi[k - i];
		psi[k] = s;
	}
	/* the (p + 1) equations of gamma_0..gamma_p */
	memset(A, 0, sizeof(double) * np1 * np1);
	for (k = 0; k <= p; k++)
	{
		double		s = 0.0;

		A[k + np1 * k] += 1.0;
		for (i = 1; i <= p; i++)
			A[k + np1 * abs(k - i)] -= phi[i - 1];
		for (j = k; j <= q; j++)
			s += (j == 0 ? 1.0 : theta[j - 1]) * psi[j - k];
		g[k] = s;
	}
	if (GaussSolve(p + 1, A, g) != 0)
	{
		arima_release(env, A);
		return ARIMA_EINVAL;
	}
	for (k = p + 1; k <= r; k++)
	{
		double		s = 0.0;

		for (i = 1; i <= p; i++)
			s += phi[i - 1] * g[k - i];
		for (j = k; j <= q; j++)
			s += (j == 0 ? 1.0 : theta[j - 1]) * psi[j - k];
		g[k] = s;
	}
	/* first row */
	for (j = 0; j < r; j++)
	{
		double		s = 0.0;

		for (k = 0; k <= r - 1 - j; k++)
		{
			int			m = j + k;
			double		Rm = m == 0 ? 1.0 : (m <= q ? theta[m - 1] : 0.0);

			if (m < p)
				s += phi[m] * g[k + 1];
			s += Rm * psi[k];
		}
		row[j] = s;
	}
	row[r] = 0.0;
	/* the rest, diagonal by diagonal from the bottom right */
	for (i = r - 1; i >= 1; i--)
	{
		double		phii = i < p ? phi[i] : 0.0;
		double		Ri = i <= q ? theta[i - 1] : 0.0;

		for (j = i; j < r; j++)
		{
			double		phij = j < p ? phi[j] : 0.0;
			double		Rj = j <= q ? theta[j - 1] : 0.0;
			double		s = j + 1 < r ? q0[i + 1 + (size_t) r * (j + 1)] : 0.0;

			s += phii * (phij * row[0] + row[j + 1]) + phij * row[i + 1] +
				Ri * Rj;
			q0[i + (size_t) r * j] = s;
			q0[j + (size_t) r * i] = s;
		}
	}
	for (j = 0; j < r; j++)
	{
		q0[(size_t) r * j] = row[j];
		q0[j] = row[j];
	}
	arima_release(env, A);
	for (j = 0; j < r * r; j++)
		if (!isfinite(q0[j]))
			return ARIMA_EINVAL;
	return ARIMA_OK;
}

/* ---------------------------------------------------------------------
 * Kalman filter
 * ---------------------------------------------------------------------
 */

/* Sums of the likelihood over the observations with gain < 1e4 */
typedef struct LikSums
{
	double		ssq;
	double		sumlog;
	int			nu;
} LikSums;

/*
 * The non-zero entries of the full-state model, listed once per FullSteps
 * call: the expanded seasonal phi and delta are mostly zeros (phi of
 * (0,0,0)(2,0,0)[12] has 2 non-zeros of 24, delta of d = D = 1 has 3 of 13)
 */
typedef struct FullNz
{
	int			nphi;
	int			ndelta;
	int			nR;
	int			phi[ARIMA_MAX_LAG];
	int			delta[2 * ARIMA_MAX_LAG + 2];
	int			R[ARIMA_MAX_LAG + 1];	/* i with (1, theta)_i != 0 */
} FullNz;

static void
FullNzInit(const ArimaSS *ss, FullNz *nz)
{
	int			i;

	nz->nphi = nz->ndelta = nz->nR = 0;
	for (i = 0; i < ss->p; i++)
		if (ss->phi[i] != 0.0)
			nz->phi[nz->nphi++] = i;
	for (i = 0; i < ss->d; i++)
		if (ss->delta[i] != 0.0)
			nz->delta[nz->ndelta++] = i;
	for (i = 0; i <= ss->q; i++)
		if (i == 0 || ss->theta[i - 1] != 0.0)
			nz->R[nz->nR++] = i;
}

/*
 * Pnew = T P T' + R R' on the full state with differencing, the values of
 * R's ARIMA_Like bit for bit (up to the sign of zeros): R's element sums
 * 0 + phi_i x + y are formed as phi_i x + y (the same double: 0 + z = z
 * and a + b = b + a in IEEE arithmetic), the terms with a zero phi_i,
 * delta_k or theta_k are left out (they add zeros), and the products
 * are taken column by column (contiguous) instead of row by row.
 */
static ARIMA_INLINE void
PredictCovDiff(ArimaSS *ss, const FullNz *nz)
{
	int			r = ss->r,
				d = ss->d,
				rd = ss->rd;
	const double *phi = ss->phi,
			   *theta = ss->theta,
			   *delta = ss->delta,
			   *P = ss->P;
	double	   *Pn = ss->Pn,
			   *mm = ss->mm;
	int			i,
				j,
				k;

	/* mm = T P */
	for (j = 0; j < rd; j++)
	{
		const double *pc = P + (size_t) rd * j;
		double	   *mc = mm + (size_t) rd * j;
		double		p0 = pc[0],
					s = p0;

		for (i = 0; i < r - 1; i++)
			mc[i] = pc[i + 1];
		mc[r - 1] = 0.0;
		for (k = 0; k < nz->nphi; k++)
		{
			int			ii = nz->phi[k];

			mc[ii] = phi[ii] * p0 + mc[ii];
		}
		for (k = 0; k < nz->ndelta; k++)
			s += delta[nz->delta[k]] * pc[r + nz->delta[k]];
		mc[r] = s;
		for (i = 1; i < d; i++)
			mc[r + i] = pc[r + i - 1];
	}
	/* Pnew = mm T': column i of Pnew is row i of T applied to mm's columns */
	for (i = 0; i < r - 1; i++)
	{
		const double *mc = mm + (size_t) rd * (i + 1);
		double	   *pc = Pn + (size_t) rd * i;

		for (j = 0; j < rd; j++)
			pc[j] = mc[j];
	}
	for (j = 0; j < rd; j++)
		Pn[j + (size_t) rd * (r - 1)] = 0.0;
	for (k = 0; k < nz->nphi; k++)
	{
		int			ii = nz->phi[k];
		double		f = phi[ii];
		double	   *pc = Pn + (size_t) rd * ii;

		for (j = 0; j < rd; j++)
			pc[j] = f * mm[j] + pc[j];
	}
	{
		double	   *pc = Pn + (size_t) rd * r;

		for (j = 0; j < rd; j++)
			pc[j] = mm[j];
		for (k = 0; k < nz->ndelta; k++)
		{
			double		f = delta[nz->delta[k]];
			const double *mc = mm + (size_t) rd * (r + nz->delta[k]);

			for (j = 0; j < rd; j++)
				pc[j] += f * mc[j];
		}
	}
	for (i = 1; i < d; i++)
		for (j = 0; j < rd; j++)
			Pn[j + (size_t) rd * (r + i)] = mm[(size_t) rd * (r + i - 1) + j];
	for (i = 0; i < nz->nR; i++)
	{
		int			ii = nz->R[i];
		double		vi = ii == 0 ? 1.0 : theta[ii - 1];

		for (j = 0; j < nz->nR; j++)
		{
			int			jj = nz->R[j];

			Pn[ii + (size_t) rd * jj] += vi * (jj == 0 ? 1.0 : theta[jj - 1]);
		}
	}
}

/* anew = T a for the ARMA block (R's order: the shift, then phi_i a_0) */
static ARIMA_INLINE void
ArmaPredictMean(int r, int p, const double *phi, const double *a,
				double *anew)
{
	double		a0 = a[0];
	int			m = p < r - 1 ? p : r - 1,
				i;

	for (i = 0; i < m; i++)
		anew[i] = a[i + 1] + phi[i] * a0;
	for (; i < r - 1; i++)
		anew[i] = a[i + 1];
	/* the last row has no shift: 0 + phi_{r-1} a_0 when p = r */
	anew[r - 1] = p == r ? 0.0 + phi[r - 1] * a0 : 0.0;
}

/*
 * anew = T a on the full state, and the innovation y - Z anew when y is
 * present (returned; NaN otherwise)
 */
static ARIMA_INLINE double
FullPredictMean(const ArimaSS *ss, const double *phi, const FullNz *nz,
				const double *a, double *anew, double y)
{
	int			r = ss->r,
				rd = ss->rd,
				i,
				k;
	const double *delta = ss->delta;
	double		s = a[0],
				e;

	ArmaPredictMean(r, ss->p, phi, a, anew);
	for (i = r + 1; i < rd; i++)
		anew[i] = a[i - 1];
	for (k = 0; k < nz->ndelta; k++)
		s += delta[nz->delta[k]] * a[r + nz->delta[k]];
	anew[r] = s;
	if (isnan(y))
		return NAN;
	e = y - anew[0];
	for (k = 0; k < nz->ndelta; k++)
		e -= delta[nz->delta[k]] * anew[r + nz->delta[k]];
	return e;
}

/*
 * R's filtered covariance P[i][j] = Pn[i][j] - M_i M_j / gain (rd x rd),
 * R's expression for every element, column by column (contiguous).
 */
static ARIMA_INLINE void
FilteredFull(int rd, const double *restrict Pn, const double *restrict M,
			 double gain, double *restrict P)
{
	int			i,
				j;

	for (j = 0; j < rd; j++)
	{
		double		mj = M[j];
		const double *nc = Pn + (size_t) rd * j;
		double	   *pc = P + (size_t) rd * j;

		for (i = 0; i < rd; i++)
			pc[i] = nc[i] - M[i] * mj / gain;
	}
}

/*
 * Steps from..to-1 of R's ARIMA_Like on the full state (d > 0): the
 * diffuse start, and everything after a missing value.  Leaves the
 * filtered state in ss->a and ss->P.  The zero terms of the sums are left
 * out (see PredictCovDiff); the covariance update is R's (FilteredFull).
 */
ARIMA_CLONES static void
FullSteps(ArimaSS *ss, const double *y, int from, int to, LikSums *acc,
		  double *resid)
{
	int			r = ss->r,
				rd = ss->rd;
	const double *delta = ss->delta;
	double	   *a = ss->a,
			   *anew = ss->anew,
			   *P = ss->P,
			   *Pn = ss->Pn,
			   *M = ss->M;
	FullNz		nz;
	int			l,
				i,
				k;

	FullNzInit(ss, &nz);
	for (l = from; l < to; l++)
	{
		double		e = FullPredictMean(ss, ss->phi, &nz, a, anew, y[l]);

		if (l > 0)
			PredictCovDiff(ss, &nz);
		if (!isnan(y[l]))
		{
			double		gain;

			if (ss->rec != NULL)
			{
				M = ss->rec->M + (size_t) rd * l;
				ss->rec->mstep[l] = l;
			}
			for (i = 0; i < rd; i++)
				M[i] = Pn[i];
			for (k = 0; k < nz.ndelta; k++)
			{
				const double *pc = Pn + (size_t) rd * (r + nz.delta[k]);
				double		f = delta[nz.delta[k]];

				for (i = 0; i < rd; i++)
					M[i] += pc[i] * f;
			}
			gain = M[0];
			for (k = 0; k < nz.ndelta; k++)
				gain += delta[nz.delta[k]] * M[r + nz.delta[k]];
			if (ss->rec != NULL)
				ss->rec->gain[l] = gain;
			if (gain < 1e4)
			{
				acc->nu++;
				acc->ssq += e * e / gain;
				acc->sumlog += log(gain);
			}
			if (resid != NULL)
				resid[l] = e / sqrt(gain);
			for (i = 0; i < rd; i++)
				a[i] = anew[i] + M[i] * e / gain;
			FilteredFull(rd, Pn, M, gain, P);
		}
		else
		{
			memcpy(a, anew, rd * sizeof(double));
			memcpy(P, Pn, (size_t) rd * rd * sizeof(double));
			if (ss->rec != NULL)
				ss->rec->gain[l] = NAN;
			if (resid != NULL)
				resid[l] = NAN;
		}
	}
}

/* X = Pn - M mg' (upper triangle): the filtered covariance of a step */
static ARIMA_INLINE void
FilteredCov(int r, const double *Pn, const double *M, const double *mg,
			double *X)
{
	int			i,
				j;

	for (j = 0; j < r; j++)
	{
		double		mj = mg[j];
		const double *pc = Pn + (size_t) r * j;
		double	   *xc = X + (size_t) r * j;

		for (i = 0; i <= j; i++)
			xc[i] = pc[i] - M[i] * mj;
	}
}

/*
 * Columns j and j + 1 of the shifted filtered covariance where R_j =
 * R_{j+1} = 0, in one pass: p0[i] = f0[i] - M1[i] m0 (i <= j) and p1[i] =
 * f1[i] - M1[i] m1 (i <= j + 1), PredictArma's expressions (f0, f1 are
 * columns j + 1 and j + 2 of the previous prediction from row 1, M1 =
 * M + 1).  Two columns per pass halve the loop overhead of these short
 * columns and load M once; the outputs must not overlap the inputs.
 */
static ARIMA_INLINE void
ShiftPair(int j, const double *restrict f0, const double *restrict f1,
		  const double *restrict M1, double m0, double m1,
		  double *restrict p0, double *restrict p1)
{
	int			i;

	for (i = 0; i <= j; i++)
	{
		double		mi = M1[i];

		p0[i] = f0[i] - mi * m0;
		p1[i] = f1[i] - mi * m1;
	}
	p1[j + 1] = f1[j + 1] - M1[j + 1] * m1;
}

/*
 * Pn = T X T' + R R' for the ARMA state, upper triangles only (column-major,
 * element (i, j), i <= j, at i + r j):
 *	 Pn[i][j] = X[i+1][j+1] + R_i R_j + phi_i (phi_j X[0][0] + X[0][j+1])
 *				+ phi_j X[0][i+1].
 * nzphi lists the non-zero phi (the expanded seasonal polynomials are
 * sparse).
 *
 * With Pf not NULL, X is the filtered covariance of a step that observed
 * the first state element, not stored but taken as FilteredCov(Pf, M, mg)
 * element by element with the same expressions (one pass over memory
 * instead of two; Pf must not be Pn).  Its row 0, Pf[0][k] - M_0 M_k /
 * M_0 with M the row 0 of Pf, is zero in exact arithmetic (the element is
 * known once observed), so T X T' is X shifted and phi drops out of the
 * recursion; in floating point the row holds the rounding of M_k - M_0
 * (M_k / M_0), at most an ulp of M_k, and the phi terms would add phi
 * times that.  They are left out: the prediction moves by about an ulp
 * of each element, well inside this filter's difference from R's (see
 * the file header), and the step costs the shift alone.  With Pf NULL
 * (the first step, after a missing value, the steady state, the switch
 * from the full state) X is stored and the phi terms are added.
 */
static ARIMA_INLINE void
PredictArma(int r, const double *phi, const double *R, const int *nzphi,
			int nnzphi, const double *X, const double *Pf, const double *M,
			const double *mg, double *x0, double *Pn)
{
	int			i,
				j,
				k;


	/*
	 * X shifted plus R R', in one pass (short memcpy calls per column cost
	 * more than the arithmetic); adding the zero products of R R' changes
	 * no value
	 */
	for (j = 0; j < r; j++)
	{
		double	   *pc = Pn + (size_t) r * j;
		double		rj = R[j];

		if (Pf != NULL && j + 2 < r && rj == 0.0 && R[j + 1] == 0.0)
		{
			/* columns j, j + 1 > q: both as in the branch below */
			ShiftPair(j, Pf + 1 + (size_t) r * (j + 1),
					  Pf + 1 + (size_t) r * (j + 2), M + 1, mg[j + 1],
					  mg[j + 2], pc, pc + r);
			j++;
		}
		else if (j + 1 == r)
			for (i = 0; i <= j; i++)
				pc[i] = R[i] * rj;
		else if (Pf != NULL && rj == 0.0)
		{
			/* column j > q of R R' is zero: adding it changes no value */
			const double *fc = Pf + 1 + (size_t) r * (j + 1);
			double		mj = mg[j + 1];

			for (i = 0; i <= j; i++)
				pc[i] = fc[i] - M[i + 1] * mj;
		}
		else if (Pf != NULL)
		{
			const double *fc = Pf + 1 + (size_t) r * (j + 1);
			double		mj = mg[j + 1];

			for (i = 0; i <= j; i++)
				pc[i] = (fc[i] - M[i + 1] * mj) + R[i] * rj;
		}
		else
		{
			const double *xc = X + 1 + (size_t) r * (j + 1);

			for (i = 0; i <= j; i++)
				pc[i] = xc[i] + R[i] * rj;
		}
	}
	if (Pf != NULL)
		return;
	for (k = 0; k < r; k++)
		x0[k] = X[(size_t) r * k];
	x0[r] = 0.0;
	for (k = 0; k < nnzphi; k++)
	{
		int			ii = nzphi[k];
		double		f = phi[ii];
		double		f0 = f * x0[0];

		/* row ii, j >= ii: phi_i (phi_j X00 + X0[j+1]) */
		for (j = ii; j < r; j++)
			Pn[ii + (size_t) r * j] += f * x0[j + 1];
		for (j = 0; j < nnzphi; j++)
			if (nzphi[j] >= ii)
				Pn[ii + (size_t) r * nzphi[j]] += f0 * phi[nzphi[j]];
		/* column ii, i <= ii: phi_j X0[i+1] */
		for (i = 0; i <= ii; i++)
			Pn[i + (size_t) r * ii] += f * x0[i + 1];
	}
}

/*
 * Steps from..to-1 on the ARMA state alone, observing w_t = y_t - sum
 * delta_i y_{t-i} (see the file header).  On entry ss->a[0..r-1] is the
 * filtered ARMA state of step from - 1 and X (r x r, upper triangle) its
 * covariance, or, if first, ss->Pn (stride r) the predicted covariance of
 * step from = 0.  Every y from from - d on must be present when d > 0.
 * Pn[0], Pn[1] are r x r buffers used in turn.
 */
ARIMA_CLONES static void
ArmaSteps(ArimaSS *ss, const double *y, int from, int to, int first,
		  double *X, double *Pnb[2], LikSums *acc, double *resid)
{
	int			r = ss->r,
				p = ss->p,
				d = ss->d;
	const double *phi = ss->phi,
			   *delta = ss->delta;
	double	   *a = ss->a,
			   *anew = ss->anew,
			   *M = ss->M,
			   *x0 = ss->w,
			   *mg = ss->w + r + 1;
	double		R[ARIMA_MAX_LAG + 1];
	int			nzphi[ARIMA_MAX_LAG];
	int			nnzphi = 0;
	double		prev_gain = NAN;
	int			steady = 0,
				cur = 0,
				have_prev = 0,
				mstep = -1;
	double	   *Pn = Pnb[0];
	const double *Pf = NULL;	/* X = FilteredCov(Pf, M, mg), not stored */
	int			l,
				i,
				j;

	for (i = 0; i < p; i++)
		if (phi[i] != 0.0)
			nzphi[nnzphi++] = i;
	for (i = 0; i < r; i++)
		R[i] = i == 0 ? 1.0 : (i - 1 < ss->q ? ss->theta[i - 1] : 0.0);
	for (l = from; l < to; l++)
	{
		double		wl = y[l];

		for (i = 0; i < d; i++)
			wl -= delta[i] * y[l - 1 - i];
		ArmaPredictMean(r, p, phi, a, anew);
		if (steady && isnan(wl))
			steady = 0;
		if (!(first && l == from) && !steady)
		{
			Pn = Pnb[cur];
			PredictArma(r, phi, R, nzphi, nnzphi, X, Pf, M, mg, x0, Pn);
		}
		if (!isnan(wl))
		{
			double		e = wl - anew[0];
			double		gain = Pn[0];

			if (!steady)
			{
				if (ss->rec != NULL)
				{
					M = ss->rec->M + (size_t) ss->rd * l;
					mstep = l;
				}
				for (i = 0; i < r; i++)
					M[i] = Pn[(size_t) r * i];
				if (have_prev && gain == prev_gain)
				{
					const double *Pp = Pnb[1 - cur];

					steady = 1;
					for (j = 0; j < r && steady; j++)
						steady = memcmp(Pn + (size_t) r * j, Pp + (size_t) r * j,
										sizeof(double) * (j + 1)) == 0;

					/*
					 * from now on X is read as stored: store the previous
					 * step's (M equals its M bit for bit, Pn being equal)
					 */
					if (steady && Pf != NULL)
					{
						FilteredCov(r, Pf, M, mg, X);
						Pf = NULL;
					}
				}
				/*
				 * the next prediction goes to the other buffer (also after
				 * the first step, whose Pn is Q0: PredictArma must not work
				 * in place)
				 */
				if (!steady)
				{
					if (!(first && l == from))
					{
						prev_gain = gain;
						have_prev = 1;
					}
					cur = 1 - cur;
				}
			}
			if (ss->rec != NULL)
			{
				ss->rec->gain[l] = gain;
				ss->rec->mstep[l] = mstep;
			}
			if (gain < 1e4)
			{
				acc->nu++;
				acc->ssq += e * e / gain;
				acc->sumlog += log(gain);
			}
			if (resid != NULL)
				resid[l] = e / sqrt(gain);
			for (i = 0; i < r; i++)
				a[i] = anew[i] + M[i] * e / gain;
			if (!steady)
			{
				for (i = 0; i < r; i++)
					mg[i] = M[i] / gain;
				Pf = Pn;
			}
		}
		else
		{
			memcpy(a, anew, r * sizeof(double));
			memcpy(X, Pn, (size_t) r * r * sizeof(double));
			Pf = NULL;
			have_prev = 0;
			if (ss->rec != NULL)
				ss->rec->gain[l] = NAN;
			if (resid != NULL)
				resid[l] = NAN;
		}
	}
	if (Pf != NULL)
		FilteredCov(r, Pf, M, mg, X);
}

/*
 * The exact likelihood of y[0..n-1] (NaN = missing) by the Kalman filter,
 * from the state in ss (a, Pn as predicted for the first observation), as
 * R's ARIMA_Like: the sum of squared standardised innovations, the sum of
 * log innovation variances and their count, over the observations whose
 * innovation variance is below 1e4 (the diffuse ones are left out).
 * resid (may be NULL) gets the standardised innovations.  Leaves the
 * filtered state of the last observation in ss->a and ss->P.
 */
void
arima_like(ArimaSS *ss, const double *y, int n, double *ssq, double *sumlog,
		   int *nu, double *resid)
{
	int			r = ss->r,
				d = ss->d,
				rd = ss->rd;
	LikSums		acc = {0.0, 0.0, 0};
	double	   *X = ss->mm;
	double	   *Pnb[2];
	int			sw,
				l,
				i,
				j;

	/* the full state until d observations in a row are known */
	sw = d;
	for (l = 0; l < n; l++)
		if (isnan(y[l]) && l + 1 + d > sw)
			sw = l + 1 + d;
	if (d > 0 && (sw >= n || ss->full))
	{
		FullSteps(ss, y, 0, n, &acc, resid);
		*ssq = acc.ssq;
		*sumlog = acc.sumlog;
		*nu = acc.nu;
		return;
	}
	Pnb[0] = ss->Pn;
	Pnb[1] = ss->mm2;
	if (d == 0)
		ArmaSteps(ss, y, 0, n, 1, X, Pnb, &acc, resid);
	else
	{
		FullSteps(ss, y, 0, sw, &acc, resid);
		for (j = 0; j < r; j++)
			memcpy(X + (size_t) r * j, ss->P + (size_t) rd * j,
				   sizeof(double) * r);
		ArmaSteps(ss, y, sw, n, 0, X, Pnb, &acc, resid);
	}
	/* the full filtered state for forecasting: the lags are data */
	memset(ss->P, 0, sizeof(double) * rd * rd);
	for (j = 0; j < r; j++)
		for (i = 0; i <= j; i++)
		{
			ss->P[i + (size_t) rd * j] = X[i + (size_t) r * j];
			ss->P[j + (size_t) rd * i] = X[i + (size_t) r * j];
		}
	for (i = 0; i < d; i++)
		ss->a[r + i] = y[n - 2 - i];
	*ssq = acc.ssq;
	*sumlog = acc.sumlog;
	*nu = acc.nu;
}

/* ---------------------------------------------------------------------
 * Covariance paths: evaluations that differ in regression coefficients only
 * ---------------------------------------------------------------------
 */

/*
 * Two slots for the paths of n observations of the model in ss (the
 * pinned one, usually the centre of a numerical gradient, and the last
 * other one).  Returns ARIMA_ENOMEM when they cannot be allocated.
 */
int
arima_path_init(ArimaPathCache *pc, const ArimaSS *ss, int n,
				const EtsEnv *env)
{
	size_t		nd = (size_t) ss->p + ss->q + n + (size_t) n * ss->rd;
	int			k;

	memset(pc, 0, sizeof(*pc));
	pc->n = n;
	for (k = 0; k < 2; k++)
	{
		ArimaPath  *s = &pc->slot[k];

		s->phi = arima_alloc(env, sizeof(double) * nd + sizeof(int) * n);
		if (s->phi == NULL)
		{
			arima_path_free(pc, env);
			return ARIMA_ENOMEM;
		}
		s->theta = s->phi + ss->p;
		s->gain = s->theta + ss->q;
		s->M = s->gain + n;
		s->mstep = (int *) (s->phi + nd);
	}
	return ARIMA_OK;
}

void
arima_path_free(ArimaPathCache *pc, const EtsEnv *env)
{
	int			k;

	for (k = 0; k < 2; k++)
		if (pc->slot[k].phi != NULL)
			arima_release(env, pc->slot[k].phi);
	memset(pc, 0, sizeof(*pc));
}

/* Keep the last evaluation's path for the gradient about to start */
void
arima_path_pin(ArimaPathCache *pc)
{
	pc->base = pc->last;
}

/*
 * arima_like, recording the covariance path into a free slot of pc (the
 * one not pinned)
 */
void
arima_like_record(ArimaSS *ss, ArimaPathCache *pc, const double *y, int n,
				  double *ssq, double *sumlog, int *nu)
{
	int			sl = pc->slot[pc->base].valid ? 1 - pc->base : pc->base;
	ArimaPath  *rec = &pc->slot[sl];

	rec->valid = 0;
	ss->rec = rec;
	arima_like(ss, y, n, ssq, sumlog, nu, NULL);
	ss->rec = NULL;
	memcpy(rec->phi, ss->phi, sizeof(double) * ss->p);
	memcpy(rec->theta, ss->theta, sizeof(double) * ss->q);
	rec->sumlog = *sumlog;
	rec->nu = *nu;
	rec->valid = n == pc->n;
	pc->last = sl;
}

/*
 * The sums of arima_like for y (n values) under the model phi, theta from a
 * recorded path with the same phi and theta: the mean recursion of
 * FullSteps and ArmaSteps with their expressions, the gains and gain
 * vectors read back, so the same doubles.  Returns 0, or -1 when no path
 * fits (or y has a missing value where the path had none, or the other
 * way round): the caller runs arima_like.
 */
int
arima_like_cached(ArimaSS *ss, ArimaPathCache *pc, const double *phi,
				  const double *theta, const double *y, int n, double *ssq,
				  double *sumlog, int *nu)
{
	int			r = ss->r,
				p = ss->p,
				d = ss->d,
				rd = ss->rd;
	const double *delta = ss->delta;
	double	   *a = ss->a,
			   *anew = ss->anew;
	const ArimaPath *rec = NULL;
	FullNz		nz;
	double		acc = 0.0;
	int			sw,
				k,
				l,
				i;

	for (k = 0; k < 2 && rec == NULL; k++)
	{
		int			sl = k == 0 ? pc->base : 1 - pc->base;
		const ArimaPath *s = &pc->slot[sl];

		if (s->valid && n == pc->n &&
			memcmp(s->phi, phi, sizeof(double) * p) == 0 &&
			memcmp(s->theta, theta, sizeof(double) * ss->q) == 0)
		{
			rec = s;
			pc->last = sl;
		}
	}
	if (rec == NULL)
		return -1;
	/* the steps on the full state, as arima_like splits them */
	sw = 0;
	if (d > 0)
	{
		sw = d;
		for (l = 0; l < n; l++)
			if (isnan(y[l]) && l + 1 + d > sw)
				sw = l + 1 + d;
		if (sw > n || ss->full)
			sw = n;
	}
	FullNzInit(ss, &nz);		/* its delta list: delta is the model's */
	memset(a, 0, sizeof(double) * rd);
	for (l = 0; l < sw; l++)
	{
		double		e = FullPredictMean(ss, rec->phi, &nz, a, anew, y[l]);

		if (!isnan(y[l]) != !isnan(rec->gain[l]))
			return -1;
		if (!isnan(y[l]))
		{
			double		gain = rec->gain[l];
			const double *M = rec->M + (size_t) rd * rec->mstep[l];

			if (gain < 1e4)
				acc += e * e / gain;
			for (i = 0; i < rd; i++)
				a[i] = anew[i] + M[i] * e / gain;
		}
		else
			memcpy(a, anew, rd * sizeof(double));
	}
	for (l = sw; l < n; l++)
	{
		double		wl = y[l];

		for (i = 0; i < d; i++)
			wl -= delta[i] * y[l - 1 - i];
		ArmaPredictMean(r, p, rec->phi, a, anew);
		if (!isnan(wl) != !isnan(rec->gain[l]))
			return -1;
		if (!isnan(wl))
		{
			double		e = wl - anew[0],
						gain = rec->gain[l];
			const double *M = rec->M + (size_t) rd * rec->mstep[l];

			if (gain < 1e4)
				acc += e * e / gain;
			for (i = 0; i < r; i++)
				a[i] = anew[i] + M[i] * e / gain;
		}
		else
			memcpy(a, anew, r * sizeof(double));
	}
	*ssq = acc;
	*sumlog = rec->sumlog;
	*nu = rec->nu;
	return 0;
}
