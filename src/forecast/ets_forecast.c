/*-------------------------------------------------------------------------
 *
 * ets_forecast.c
 *	  ETS forecasts: point forecasts, analytic variances (classes 1 to 3
 *	  of Hyndman et al. 2008, ch. 6) and simulated intervals.  Plain C.
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
 * Forecasts
 * ----------------------------------------------------------------------
 */

int
ets_has_analytic_variance(const EtsModel *model)
{
	if (model->trend == 'M')
		return 0;
	if (model->error == 'A' && model->season != 'M')
		return 1;
	if (model->error == 'M' && model->season != 'M')
		return 2;
	if (model->error == 'M' && model->season == 'M')
		return 3;
	return 0;
}

/*
 * Class 1 and 2 (Hyndman et al. 2008, ch. 6): the linear state space
 * model x[t] = F x[t-1] + g e[t], mu = w' x.  mu[j] = w' F^j x,
 * c[j] = w' F^j g (j = 0..h-1).  The state (l, b, s[0..m-1]) is shifted
 * in place: F moves s[m-1] to s[0].
 */
static void
linear_moments(const EtsModel *model, int h, double *mu, double *c)
{
	double		x[ETS_MAX_STATES],
				g[ETS_MAX_STATES],
				tmp[ETS_MAX_STATES];
	int			trend = ets_component_code(model->trend);
	int			season = ets_component_code(model->season);
	int			m = model->m,
				p = model->nstate,
				off = 1 + (trend != NONE),
				i,
				j;
	double		phi = model->damped ? model->phi : 1.0;

	memcpy(x, model->final_state, p * sizeof(double));
	memset(g, 0, sizeof(g));
	g[0] = model->alpha;
	if (trend != NONE)
		g[1] = model->beta;
	if (season != NONE)
		g[off] = model->gamma;

	for (i = 0; i < h; i++)
	{
		int			k;

		for (k = 0; k < 2; k++)
		{
			double	   *v = (k == 0) ? x : g;
			double		w = v[0];

			if (trend != NONE)
				w += phi * v[1];
			if (season != NONE)
				w += v[off + m - 1];
			if (k == 0)
				mu[i] = w;
			else if (c != NULL)
				c[i] = w;

			/* v = F v */
			if (trend != NONE)
			{
				v[0] += phi * v[1];
				v[1] *= phi;
			}
			if (season != NONE)
			{
				memcpy(tmp, v + off, m * sizeof(double));
				v[off] = tmp[m - 1];
				for (j = 1; j < m; j++)
					v[off + j] = tmp[j - 1];
			}
		}
	}
}

/*
 * The vec-operators of class 3 on a q x m matrix X (column-major vector
 * of length q m; q = 1 level or 2 level and slope):
 *	op 0: F1 X F2'		op 1: G1 X G2'		op 2: F1 X G2' + G1 X F2'
 * F2 rotates the seasonal columns, G2 = gamma e1 e_m', F1 = [1 1; 0 phi],
 * G1 = [alpha alpha; beta beta] (1 x 1 [1] and [alpha] without trend).
 */
typedef struct Class3
{
	int			q;
	int			m;
	double		F1[2][2];
	double		G1[2][2];
	double		gamma;
} Class3;

static void
class3_apply(const Class3 *c3, int op, const double *X, double *Y)
{
	int			q = c3->q,
				m = c3->m,
				i,
				j,
				k;

	for (j = 0; j < m; j++)
	{
		int			jp = (j == 0) ? m - 1 : j - 1;
		const double *src = X + q * jp;
		const double *last = X + q * (m - 1);

		for (i = 0; i < q; i++)
		{
			double		v = 0.0;

			for (k = 0; k < q; k++)
			{
				switch (op)
				{
					case 0:
						v += c3->F1[i][k] * src[k];
						break;
					case 1:
						if (j == 0)
							v += c3->gamma * c3->G1[i][k] * last[k];
						break;
					default:
						if (j == 0)
							v += c3->gamma * c3->F1[i][k] * last[k];
						v += c3->G1[i][k] * src[k];
						break;
				}
			}
			Y[q * j + i] = v;
		}
	}
}

/*
 * R = A V B' for vec-operators A (opa) and B (opb), V and R d x d
 * row-major; W is scratch.
 */
static void
class3_two_sided(const Class3 *c3, int opa, int opb, const double *V,
				 double *W, double *R)
{
	int			d = c3->q * c3->m,
				r,
				c;
	double		in[2 * ETS_MAX_SEASON],
				out[2 * ETS_MAX_SEASON];

	for (c = 0; c < d; c++)
	{
		for (r = 0; r < d; r++)
			in[r] = V[r * d + c];
		class3_apply(c3, opa, in, out);
		for (r = 0; r < d; r++)
			W[r * d + c] = out[r];
	}
	for (r = 0; r < d; r++)
		class3_apply(c3, opb, W + r * d, R + r * d);
}

#define C3_D	(2 * ETS_MAX_SEASON)

/*
 * Class 3 (multiplicative error and season, no multiplicative trend):
 * mean and variance of the forecasts by the recursions of Hyndman et al.
 * (2008, sec. 6.5), with M = E[(l, b)' s'] and V its covariance (as R's
 * class3()).  var may be NULL for the means only.
 */
static void
class3_moments(const EtsModel *model, int h, double *mu, double *var)
{
	static const double zero = 0.0;
	Class3		c3;
	double		M[C3_D],
				Mn[C3_D],
				v1[C3_D],
				v2[C3_D];
	double		V[C3_D * C3_D],
				W[C3_D * C3_D],
				T[C3_D * C3_D],
				Vn[C3_D * C3_D];
	double		s2 = model->sigma2;
	int			q = (model->trend != 'N') ? 2 : 1,
				m = model->m,
				d = q * m,
				i,
				j,
				a,
				b;

	c3.q = q;
	c3.m = m;
	c3.gamma = model->gamma;
	if (q == 1)
	{
		c3.F1[0][0] = 1.0;
		c3.G1[0][0] = model->alpha;
	}
	else
	{
		c3.F1[0][0] = 1.0;
		c3.F1[0][1] = 1.0;
		c3.F1[1][0] = 0.0;
		c3.F1[1][1] = model->damped ? model->phi : 1.0;
		c3.G1[0][0] = c3.G1[0][1] = model->alpha;
		c3.G1[1][0] = c3.G1[1][1] = model->beta;
	}
	/* M = (l, b)' (s[0..m-1]) */
	for (j = 0; j < m; j++)
		for (i = 0; i < q; i++)
			M[q * j + i] = model->final_state[i] * model->final_state[q + j];
	if (var != NULL)
		for (a = 0; a < d * d; a++)
			V[a] = zero;

	for (i = 0; i < h; i++)
	{
		double		mui = 0.0;

		for (a = 0; a < q; a++)
			mui += M[q * (m - 1) + a];
		mu[i] = mui;
		if (var != NULL)
		{
			double		hv = 0.0;

			for (a = 0; a < q; a++)
				for (b = 0; b < q; b++)
					hv += V[(q * (m - 1) + a) * d + q * (m - 1) + b];
			var[i] = (1 + s2) * hv + s2 * mui * mui;

			if (i < h - 1)
			{
				/* Vn = F V F' */
				class3_two_sided(&c3, 0, 0, V, W, Vn);
				/* + s2 (F V G' + G V F') */
				class3_two_sided(&c3, 0, 1, V, W, T);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * (T[a * d + b] + T[b * d + a]);
				/* + s2 K (V + M M') K' */
				class3_two_sided(&c3, 2, 2, V, W, T);
				class3_apply(&c3, 2, M, v1);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * (T[a * d + b] + v1[a] * v1[b]);
				/* + s2^2 G (3 V + 2 M M') G' */
				class3_two_sided(&c3, 1, 1, V, W, T);
				class3_apply(&c3, 1, M, v2);
				for (a = 0; a < d; a++)
					for (b = 0; b < d; b++)
						Vn[a * d + b] += s2 * s2 *
							(3 * T[a * d + b] + 2 * v2[a] * v2[b]);
				memcpy(V, Vn, d * d * sizeof(double));
			}
		}
		/* M = F1 M F2' + s2 G1 M G2' */
		class3_apply(&c3, 0, M, Mn);
		class3_apply(&c3, 1, M, v2);
		for (a = 0; a < d; a++)
			M[a] = Mn[a] + s2 * v2[a];
	}
}

/* The deterministic point forecasts (R: etsforecast()). */
static int
recursion_forecast(const EtsModel *model, int h, double *mean)
{
	EtsRun		r;
	double		l,
				b,
				ring[ETS_MAX_SEASON];

	ets_model_run(model, &r);
	ets_load_state(&r, model->final_state, &l, &b, ring);
	return ets_point_forecast(&r, l, b, ring, 0, mean, h);
}

static int
check_forecast_args(const EtsModel *model, int h, const double *out,
					char *errbuf, size_t errlen)
{
	int			rc = ets_model_validate(model, errbuf, errlen);

	if (rc != ETS_OK)
		return rc;
	if (h < 1)
	{
		ets_error(errbuf, errlen, "forecast horizon must be at least 1, got %d",
				  h);
		return ETS_EINVAL;
	}
	if (out == NULL)
	{
		ets_error(errbuf, errlen, "missing output array");
		return ETS_EINVAL;
	}
	return ETS_OK;
}

static int
check_finite_output(const double *v, int h, char *errbuf, size_t errlen)
{
	int			i;

	for (i = 0; i < h; i++)
	{
		if (!isfinite(v[i]))
		{
			ets_error(errbuf, errlen,
					  "forecast %d is not finite (%g): the model's forecasts "
					  "overflow", i + 1, v[i]);
			return ETS_ERANGE;
		}
	}
	return ETS_OK;
}

int
ets_forecast(const EtsModel *model, int h, double *mean, const EtsEnv *env,
			 char *errbuf, size_t errlen)
{
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);

	if (rc != ETS_OK)
		return rc;
	ets_env_interrupt(env);
	if (ets_has_analytic_variance(model) == 3)
		class3_moments(model, h, mean, NULL);
	else if (!recursion_forecast(model, h, mean))
	{
		ets_error(errbuf, errlen,
				  "multiplicative trend with a negative slope has no forecast");
		return ETS_ERANGE;
	}
	return check_finite_output(mean, h, errbuf, errlen);
}

int
ets_forecast_variance(const EtsModel *model, int h, double *mean,
					  double *var, const EtsEnv *env,
					  char *errbuf, size_t errlen)
{
	int			cls;
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);
	double		s2 = model->sigma2;
	int			i,
				j;

	if (rc != ETS_OK)
		return rc;
	if (var == NULL)
	{
		ets_error(errbuf, errlen, "missing output array");
		return ETS_EINVAL;
	}
	cls = ets_has_analytic_variance(model);
	if (cls == 0)
	{
		ets_error(errbuf, errlen,
				  "model ETS(%c,%c%s,%c) has no analytic forecast variance",
				  model->error, model->trend, model->damped ? "d" : "",
				  model->season);
		return ETS_EINVAL;
	}
	ets_env_interrupt(env);
	if (cls == 3)
		class3_moments(model, h, mean, var);
	else
	{
		/* c[j] is kept in var[] until it is overwritten */
		double	   *c2 = NULL;

		if (cls == 2)
		{
			c2 = ets_env_alloc(env, 2 * (size_t) h * sizeof(double));
			if (c2 == NULL)
			{
				ets_error(errbuf, errlen, "out of memory");
				return ETS_ENOMEM;
			}
		}
		linear_moments(model, h, mean, var);
		if (cls == 1)
		{
			double		cum = 0.0;

			for (i = 0; i < h; i++)
			{
				double		c = var[i];

				var[i] = s2 * (1.0 + cum);
				cum += c * c;
			}
		}
		else
		{
			/* theta[j] = mu[j]^2 + s2 sum_{i<j} c[i]^2 theta[j-1-i] */
			double	   *theta = c2 + h;

			for (i = 0; i < h; i++)
				c2[i] = var[i] * var[i];
			for (j = 0; j < h; j++)
			{
				double		sum = 0.0;

				if (j % 64 == 63)
					ets_env_interrupt(env);
				for (i = 0; i < j; i++)
					sum += c2[i] * theta[j - 1 - i];
				theta[j] = mean[j] * mean[j] + s2 * sum;
			}
			for (j = 0; j < h; j++)
				var[j] = (1 + s2) * theta[j] - mean[j] * mean[j];
			ets_env_release(env, c2);
		}
	}
	rc = check_finite_output(mean, h, errbuf, errlen);
	if (rc == ETS_OK)
		rc = check_finite_output(var, h, errbuf, errlen);
	return rc;
}

/*
 * The standard normal quantile: a rational start (Abramowitz & Stegun
 * 26.2.23, |error| < 4.5e-4) polished by Halley steps on erfc(), which
 * gives full double precision.
 */
static double
normal_quantile(double p)
{
	double		q = (p < 0.5) ? p : 1.0 - p;
	double		t = sqrt(-2.0 * log(q));
	double		z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		(1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
	int			i;

	z = -z;						/* the lower-tail quantile of q */
	for (i = 0; i < 4; i++)
	{
		double		cdf = 0.5 * erfc(-z / M_SQRT2);
		double		pdf = exp(-0.5 * z * z) / sqrt(2.0 * M_PI);
		double		u = (cdf - q) / pdf;

		z = z - u / (1.0 + 0.5 * z * u);
	}
	return (p < 0.5) ? z : -z;
}

/* xoshiro256** seeded by splitmix64: deterministic everywhere */
typedef struct Rng
{
	uint64_t	s[4];
	int			have;
	double		next;
} Rng;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static void
rng_seed(Rng *rng, uint64_t seed)
{
	int			i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
	rng->have = 0;
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static double
rng_uniform(Rng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return (double) (result >> 11) * (1.0 / 9007199254740992.0);
}

/* standard normal by the Marsaglia polar method */
static double
rng_normal(Rng *rng)
{
	double		u,
				v,
				s,
				f;

	if (rng->have)
	{
		rng->have = 0;
		return rng->next;
	}
	do
	{
		u = 2.0 * rng_uniform(rng) - 1.0;
		v = 2.0 * rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	f = sqrt(-2.0 * log(s) / s);
	rng->next = v * f;
	rng->have = 1;
	return u * f;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* R's quantile(type = 8) of sorted x[0..n-1] */
static double
quantile8(const double *x, int n, double p)
{
	double		nppm = 1.0 / 3.0 + p * (n + 1.0 / 3.0);
	double		fuzz = 4.0 * DBL_EPSILON;
	int			j = (int) floor(nppm + fuzz);
	double		h = nppm - j;
	double		lo,
				hi;

	if (fabs(h) < fuzz)
		h = 0.0;
	lo = x[j < 1 ? 0 : j > n ? n - 1 : j - 1];
	hi = x[j + 1 < 1 ? 0 : j + 1 > n ? n - 1 : j];
	if (h == 0.0 || lo == hi)
		return lo;
	return (1.0 - h) * lo + h * hi;
}

/*
 * Simulated intervals (R: pegelsfcast.C()): npaths sample paths from the
 * final state with N(0, sigma2) errors (relative errors floored at -1),
 * advanced together one period at a time; the interval at each step is
 * made of the type-8 quantiles of the simulated values.
 */
static int
simulate_interval(const EtsModel *model, int h, double level,
				  double *lower, double *upper, const EtsEnv *env,
				  char *errbuf, size_t errlen)
{
	int			npaths = (env != NULL && env->npaths > 0) ?
		env->npaths : ETS_DEFAULT_NPATHS;
	uint64_t	seed = (env != NULL && env->seed != 0) ?
		env->seed : ETS_DEFAULT_SEED;
	EtsRun		r;
	Rng			rng;
	int			m = model->m,
				width = 2 + m,
				p = 0,
				i,
				k;
	double	   *st,
			   *vals;
	double		sd = sqrt(model->sigma2);
	double		l0,
				b0,
				ring0[ETS_MAX_SEASON];

	st = ets_env_alloc(env,
					   ((size_t) npaths * width + npaths) * sizeof(double));
	if (st == NULL)
	{
		ets_error(errbuf, errlen, "out of memory");
		return ETS_ENOMEM;
	}
	vals = st + (size_t) npaths * width;
	ets_model_run(model, &r);
	ets_load_state(&r, model->final_state, &l0, &b0, ring0);
	for (k = 0; k < npaths; k++)
	{
		double	   *x = st + (size_t) k * width;

		x[0] = l0;
		x[1] = b0;
		memcpy(x + 2, ring0, m * sizeof(double));
	}
	rng_seed(&rng, seed);

	for (i = 0; i < h; i++)
	{
		int			nok = 0;

		ets_env_interrupt(env);
		for (k = 0; k < npaths; k++)
		{
			double	   *x = st + (size_t) k * width;
			double		so = (r.season != NONE) ? x[2 + p] : 0.0;
			double		f,
						e,
						yv,
						snew = 0.0;

			e = sd * rng_normal(&rng);
			if (isnan(x[0]))
				continue;
			if (r.trend == NONE)
				f = x[0];
			else if (r.trend == ADD)
				f = x[0] + r.phi * x[1];
			else if (x[1] < 0)
			{
				x[0] = NAN;		/* R: "problem with multiplicative damped trend" */
				continue;
			}
			else
				f = x[0] * pow(x[1], r.phi);
			if (r.season == ADD)
				f += so;
			else if (r.season == MULT)
				f *= so;
			if (r.error == ADD)
				yv = f + e;
			else
				yv = f * (1.0 + (e < -1.0 ? -1.0 : e));
			ets_state_update(&r, yv, &x[0], &x[1], so, &snew);
			if (r.season != NONE)
				x[2 + p] = snew;
			if (isfinite(yv))
				vals[nok++] = yv;
		}
		if (r.season != NONE && ++p == m)
			p = 0;
		if (nok == 0)
		{
			ets_env_release(env, st);
			ets_error(errbuf, errlen,
					  "no simulated path of the model has a forecast at "
					  "step %d", i + 1);
			return ETS_ERANGE;
		}
		qsort(vals, nok, sizeof(double), cmp_double);
		if (lower)
			lower[i] = quantile8(vals, nok, 0.5 - level / 200.0);
		if (upper)
			upper[i] = quantile8(vals, nok, 0.5 + level / 200.0);
	}
	ets_env_release(env, st);
	return ETS_OK;
}

int
ets_forecast_interval(const EtsModel *model, int h, double level,
					  double *mean, double *lower, double *upper,
					  const EtsEnv *env, char *errbuf, size_t errlen)
{
	int			rc = check_forecast_args(model, h, mean, errbuf, errlen);
	int			i;

	if (rc != ETS_OK)
		return rc;
	if (!(level > 0.0 && level < 100.0))
	{
		ets_error(errbuf, errlen,
				  "interval level must be between 0 and 100 percent, got %g",
				  level);
		return ETS_EINVAL;
	}
	if (ets_has_analytic_variance(model))
	{
		double	   *var;
		/* from the upper tail when it is tiny: see lg_interval_z */
		double		tail = (100.0 - level) / 200.0;
		double		z = tail >= 1e-6 ? normal_quantile(0.5 + level / 200.0) :
			-normal_quantile(tail);

		var = ets_env_alloc(env, (size_t) h * sizeof(double));
		if (var == NULL)
		{
			ets_error(errbuf, errlen, "out of memory");
			return ETS_ENOMEM;
		}
		rc = ets_forecast_variance(model, h, mean, var, env, errbuf, errlen);
		if (rc == ETS_OK)
		{
			for (i = 0; i < h; i++)
			{
				double		half = z * sqrt(var[i] > 0 ? var[i] : 0.0);

				if (lower)
					lower[i] = mean[i] - half;
				if (upper)
					upper[i] = mean[i] + half;
			}
		}
		ets_env_release(env, var);
		return rc;
	}
	rc = ets_forecast(model, h, mean, env, errbuf, errlen);
	if (rc != ETS_OK)
		return rc;
	if (lower == NULL && upper == NULL)
		return ETS_OK;
	return simulate_interval(model, h, level, lower, upper, env, errbuf,
							 errlen);
}
