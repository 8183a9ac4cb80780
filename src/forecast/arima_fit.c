/*-------------------------------------------------------------------------
 *
 * arima_fit.c
 *	  Fitting one ARIMA model (R's stats::arima with forecast::Arima's
 *	  constant handling and variance), the stored form of a model, and
 *	  forecasting from it.
 *
 * The steps, and the R behaviour each reproduces, are in arima_fit()'s
 * comment.
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arima_int.h"

#define BLOB_VERSION	1
#define BLOB_HEAD		32
#define MAXCOEF (4 * ARIMA_MAX_ORDER + ARIMA_MAX_XREG + 2)

void
arima_spec_init(ArimaSpec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->m = 1;
	spec->constant = 1;
	spec->method = ARIMA_CSS_ML;
	spec->fixed_mean = NAN;
}

/* Everything the objective functions need */
typedef struct FitCtx
{
	const double *x;
	int			n;
	ArimaArma	arma;
	int			narma;
	int			ncx;			/* regression columns (incl. mean/drift) */
	const double *xreg;			/* n x ncx */
	double		coef[MAXCOEF];	/* full vector; fixed entries set */
	int			mask[MAXCOEF];	/* 1 = estimated */
	int			nfree;
	int			ncond;
	ArimaSS		ss;
	double	   *phi;			/* p + mP */
	double	   *theta;			/* q + mQ */
	double	   *delta;
	int			nd;
	double	   *xa;				/* x minus the regression, n */
	double	   *w;				/* n scratch */
	double	   *e;				/* n residuals */
	int			rotated;		/* the columns are xreg V (see arima_fit) */
	double		V[(ARIMA_MAX_XREG + 2) * (ARIMA_MAX_XREG + 2)];
	int			qfail;			/* Q0 could not be computed */
	int			use_path;		/* path holds covariance paths */
	ArimaPathCache path;
	int			has_mean;		/* column 0 is the intercept */
	int			has_drift;		/* column 0 is the drift 1..n */
	int			nphi;			/* p + mP */
	int			ntheta;			/* q + mQ */
	int			ntot;			/* narma + ncx */
	int			nused;			/* n - d - mD */
	const EtsEnv *env;
} FitCtx;

/* par (free entries) into the full vector */
static void
FullPar(const FitCtx *c, const double *p, double *par)
{
	int			i,
				k = 0;

	for (i = 0; i < c->narma + c->ncx; i++)
		par[i] = c->mask[i] ? p[k++] : c->coef[i];
}

/* xa = x - xreg beta */
static void
Adjust(FitCtx *c, const double *par)
{
	int			t,
				j;

	for (t = 0; t < c->n; t++)
	{
		double		s = c->x[t];

		for (j = 0; j < c->ncx; j++)
			s -= c->xreg[t + (size_t) j * c->n] * par[c->narma + j];
		c->xa[t] = s;
	}
}

/* R's arima: the log-likelihood from the optimum of armafn */
static double
Loglik(double fval, int nused)
{
	return -0.5 * (2 * nused * fval + nused + nused * log(2 * M_PI));
}

/* ... and its AIC (the model's own aic, bit for bit) */
static double
LoglikAic(double fval, int nused, int nfree)
{
	return -2 * Loglik(fval, nused) + 2 * nfree + 2;
}

/* R's armaCSS: half the log of the conditional mean square */
static double
CssFn(const double *p, void *arg)
{
	FitCtx	   *c = arg;
	double		par[MAXCOEF];
	double		s;

	/*
	 * One evaluation is O(n (p + q)); a numerical gradient takes 2k of them
	 * between the optimiser's own checks, over 100 ms at the length limit.
	 */
	arima_interrupt(c->env);
	FullPar(c, p, par);
	arima_trans_pars(par, &c->arma, 0, c->phi, c->theta);
	Adjust(c, par);
	s = arima_css(c->xa, c->n, &c->arma, c->phi,
				  c->arma.p + c->arma.m * c->arma.P, c->theta,
				  c->arma.q + c->arma.m * c->arma.Q, c->ncond, c->w, c->e);
	return 0.5 * log(s);
}

/* R's armafn (trans = TRUE): the concentrated Gaussian deviance / 2n */
static double
MlFn(const double *p, void *arg)
{
	FitCtx	   *c = arg;
	double		par[MAXCOEF];
	double		ssq,
				sumlog;
	int			nu;

	arima_interrupt(c->env);	/* as in CssFn */
	FullPar(c, p, par);
	arima_trans_pars(par, &c->arma, 1, c->phi, c->theta);
	Adjust(c, par);
	/* only regression coefficients changed: the same covariance path */
	if (c->use_path &&
		arima_like_cached(&c->ss, &c->path, c->phi, c->theta, c->xa, c->n,
						  &ssq, &sumlog, &nu) == 0)
		return 0.5 * (log(ssq / nu) + sumlog / nu);
	if (arima_ss_init(&c->ss, c->phi, c->theta, c->delta, c->env) != ARIMA_OK)
	{
		c->qfail = 1;
		return DBL_MAX;
	}
	if (c->use_path)
		arima_like_record(&c->ss, &c->path, c->xa, c->n, &ssq, &sumlog, &nu);
	else
		arima_like(&c->ss, c->xa, c->n, &ssq, &sumlog, &nu, NULL);
	return 0.5 * (log(ssq / nu) + sumlog / nu);
}

/* Keep MlFn's last AS 154 factor and path for the gradient about to start */
static void
MlPin(void *arg)
{
	FitCtx	   *c = arg;

	arima_ss_pin(&c->ss);
	if (c->use_path)
		arima_path_pin(&c->path);
}

static int
SetErr(char *errbuf, size_t errlen, int rc, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
	return rc;
}

/* Blob layout: header numbers, then the arrays (see arima.h) */
static void
ModelPointers(ArimaModel *m)
{
	double	   *b = m->blob + BLOB_HEAD;

	m->coef = b;
	b += m->ncoef;
	m->se = b;
	b += m->ncoef;
	m->phi = b;
	b += m->nphi;
	m->theta = b;
	b += m->ntheta;
	m->delta = b;
	b += m->ndelta;
	m->a = b;
	b += m->rd;
	m->Pm = b;
}

static size_t
BlobSize(const ArimaModel *m)
{
	return BLOB_HEAD + 2 * (size_t) m->ncoef + m->nphi + m->ntheta +
		m->ndelta + m->rd + (size_t) m->rd * m->rd;
}

/* Copy the header fields into the blob */
static void
WriteHead(ArimaModel *m)
{
	double	   *h = m->blob;
	int			i;

	for (i = 0; i < BLOB_HEAD; i++)
		h[i] = 0.0;
	h[0] = BLOB_VERSION;
	h[1] = m->p;
	h[2] = m->d;
	h[3] = m->q;
	h[4] = m->P;
	h[5] = m->D;
	h[6] = m->Q;
	h[7] = m->m;
	h[8] = m->intercept;
	h[9] = m->drift;
	h[10] = m->nx;
	h[11] = m->method;
	h[12] = m->n;
	h[13] = m->nused;
	h[14] = m->ncoef;
	h[15] = m->nphi;
	h[16] = m->ntheta;
	h[17] = m->ndelta;
	h[18] = m->rd;
	h[19] = m->converged;
	h[20] = m->nmodels;
	h[21] = m->fixed;
	h[22] = m->sigma2;
	h[23] = m->sigma2_ml;
	h[24] = m->loglik;
	h[25] = m->aic;
	h[26] = m->aicc;
	h[27] = m->bic;
}

void
arima_free(ArimaModel *model, const EtsEnv *env)
{
	if (model->blob != NULL)
		arima_release(env, model->blob);
	model->blob = NULL;
}

static int
IntField(double x, int lo, int hi, int *out)
{
	if (!(x >= lo && x <= hi && x == floor(x)))
		return 0;
	*out = (int) x;
	return 1;
}

int
arima_from_blob(double *blob, int nblob, ArimaModel *m, char *errbuf,
				size_t errlen)
{
	const double *h = blob;
	int			ok = 1;
	int			ver = 0;
	size_t		i;

	memset(m, 0, sizeof(*m));
	if (nblob < BLOB_HEAD)
		return SetErr(errbuf, errlen, ARIMA_EMODEL, "arima model too short");
	ok = IntField(h[0], BLOB_VERSION, BLOB_VERSION, &ver) &&
		IntField(h[1], 0, ARIMA_MAX_ORDER, &m->p) &&
		IntField(h[2], 0, ARIMA_MAX_DIFF, &m->d) &&
		IntField(h[3], 0, ARIMA_MAX_ORDER, &m->q) &&
		IntField(h[4], 0, ARIMA_MAX_ORDER, &m->P) &&
		IntField(h[5], 0, ARIMA_MAX_DIFF, &m->D) &&
		IntField(h[6], 0, ARIMA_MAX_ORDER, &m->Q) &&
		IntField(h[7], 1, ARIMA_MAX_LAG, &m->m) &&
		IntField(h[8], 0, 1, &m->intercept) &&
		IntField(h[9], 0, 1, &m->drift) &&
		IntField(h[10], 0, ARIMA_MAX_XREG, &m->nx) &&
		IntField(h[11], 0, 2, &m->method) &&
		IntField(h[12], 1, 100000000, &m->n) &&
		IntField(h[13], 0, 100000000, &m->nused) &&
		IntField(h[14], 0, MAXCOEF, &m->ncoef) &&
		IntField(h[15], 0, ARIMA_MAX_LAG, &m->nphi) &&
		IntField(h[16], 0, ARIMA_MAX_LAG, &m->ntheta) &&
		IntField(h[17], 0, ARIMA_MAX_LAG * 2, &m->ndelta) &&
		IntField(h[18], 1, 3 * ARIMA_MAX_LAG, &m->rd) &&
		IntField(h[19], 0, 1, &m->converged) &&
		IntField(h[20], 0, 1000000, &m->nmodels) &&
		IntField(h[21], 0, 1, &m->fixed);
	if (!ok)
		return SetErr(errbuf, errlen, ARIMA_EMODEL,
					  "arima model has a bad header");
	m->sigma2 = h[22];
	m->sigma2_ml = h[23];
	m->loglik = h[24];
	m->aic = h[25];
	m->aicc = h[26];
	m->bic = h[27];
	if (m->ncoef != m->p + m->q + m->P + m->Q + m->intercept + m->drift + m->nx ||
		m->nphi != m->p + m->m * m->P || m->ntheta != m->q + m->m * m->Q ||
		m->ndelta != m->d + m->m * m->D ||
		m->rd != (m->nphi > m->ntheta + 1 ? m->nphi : m->ntheta + 1) + m->ndelta)
		return SetErr(errbuf, errlen, ARIMA_EMODEL,
					  "arima model has inconsistent orders");
	if ((size_t) nblob != BlobSize(m))
		return SetErr(errbuf, errlen, ARIMA_EMODEL,
					  "arima model length does not match");
	m->blob = blob;
	m->nblob = nblob;
	ModelPointers(m);
	for (i = BLOB_HEAD; i < (size_t) nblob; i++)
		if (!isfinite(blob[i]) && !(isnan(blob[i]) &&
									i >= (size_t) BLOB_HEAD + m->ncoef &&
									i < (size_t) BLOB_HEAD + 2 * m->ncoef))
			return SetErr(errbuf, errlen, ARIMA_EMODEL,
						  "arima model has a value that is not finite");
	if (!isfinite(m->sigma2) || m->sigma2 < 0)
		return SetErr(errbuf, errlen, ARIMA_EMODEL,
					  "arima model has a bad variance");
	return ARIMA_OK;
}

/* Polynomial (1 - B)^d (1 - B^m)^D as R's Delta: y_t = sum delta_i y_t-i */
static int
DeltaPoly(int d, int D, int m, double *delta)
{
	double		poly[2 * ARIMA_MAX_LAG + 4];
	int			len = 1;
	int			i,
				k;

	poly[0] = 1.0;
	for (k = 0; k < d + D; k++)
	{
		int			lag = k < d ? 1 : m;

		for (i = len; i < len + lag; i++)
			poly[i] = 0.0;
		for (i = len + lag - 1; i >= lag; i--)
			poly[i] -= poly[i - lag];
		len += lag;
	}
	for (i = 1; i < len; i++)
		delta[i - 1] = -poly[i];
	return len - 1;
}

/*
 * Standard errors from the Hessian H (nfree x nfree, of the objective per
 * observation): var = A' (n H)^-1 A with A the Jacobian of the AR
 * transformation (identity when trans is 0).  Returns ARIMA_EINVAL when
 * the Hessian is singular (R's solve() fails and so does arima()).
 */
static int
StdErrors(FitCtx *c, double *H, const double *tpar, int trans, int nused,
		  double *se)
{
	int			nf = c->nfree;
	int			ntot = c->narma + c->ncx;
	double		A[MAXCOEF * MAXCOEF];
	double		Af[MAXCOEF * MAXCOEF];
	int			fi[MAXCOEF];
	int			i,
				j,
				k = 0,
				rc;

	for (i = 0; i < ntot; i++)
		if (c->mask[i])
			fi[k++] = i;
	memset(Af, 0, sizeof(Af));
	for (i = 0; i < nf * nf; i++)
		H[i] *= nused;
	if (trans)
		arima_grad_trans(tpar, ntot, &c->arma, A);
	/* Af = A[mask, mask] (column-major nf x nf) */
	for (i = 0; i < nf; i++)
		for (j = 0; j < nf; j++)
			Af[i + j * nf] = trans ? A[fi[i] + fi[j] * ntot] : (i == j);
	{
		double		Bm[MAXCOEF * MAXCOEF];

		memcpy(Bm, Af, sizeof(double) * nf * nf);
		rc = arima_solve_spd(nf, H, Bm, nf);
		if (rc != ARIMA_OK)
			return rc;
		/* var_jj = sum_i A_ij (H^-1 A)_ij */
		for (j = 0; j < nf; j++)
		{
			double		v = 0.0;

			for (i = 0; i < nf; i++)
				v += Af[i + j * nf] * Bm[i + j * nf];
			se[fi[j]] = v >= 0 ? sqrt(v) : NAN;
		}
		if (c->rotated)
		{
			/*
			 * R: var <- A var A' with A = diag(I, V): the regression block
			 * of the variance in the original columns (all of them free)
			 */
			int			k0 = nf - c->ncx,
						nc = c->ncx,
						a,
						b;

			for (j = 0; j < nc; j++)
			{
				double		v = 0.0;

				for (a = 0; a < nc; a++)
					for (b = 0; b < nc; b++)
					{
						double		vab = 0.0;

						for (i = 0; i < nf; i++)
							vab += Af[i + (k0 + a) * nf] * Bm[i + (k0 + b) * nf];
						v += c->V[j + nc * a] * vab * c->V[j + nc * b];
					}
				se[fi[k0 + j]] = v >= 0 ? sqrt(v) : NAN;
			}
		}
	}
	return ARIMA_OK;
}

/*
 * Check the regression columns xr (n x ncx, the mean or drift first) the
 * way they enter the fit: differenced as the model differences (when that
 * leaves more rows than columns, else as they are), no column may be a
 * linear combination of the earlier ones.  R's lm() would give such a
 * column an NA coefficient and arima() would fail; say which column.
 */
static int
CheckColumns(const double *xr, int n, int ncx, int nconst, int d, int D,
			 int m, const EtsEnv *env, char *errbuf, size_t errlen)
{
	double	   *dxr = arima_alloc(env, sizeof(double) * ((size_t) n * ncx + 1));
	int			len = n,
				k,
				i,
				j,
				bad;

	if (dxr == NULL)
		return ARIMA_ENOMEM;
	memcpy(dxr, xr, sizeof(double) * n * ncx);
	for (k = 0; k < d + (m > 1 ? D : 0); k++)
	{
		int			lag = k < d ? 1 : m;

		if (len - lag <= ncx)
			break;
		for (i = 0; i + lag < len; i++)
			for (j = 0; j < ncx; j++)
				dxr[i + (size_t) j * n] = dxr[i + lag + (size_t) j * n] -
					dxr[i + (size_t) j * n];
		len -= lag;
	}
	/* columns of length len with stride n: pack them */
	for (j = 1; j < ncx; j++)
		memmove(dxr + (size_t) j * len, dxr + (size_t) j * n,
				sizeof(double) * len);
	bad = arima_first_dependent(dxr, len, ncx, 1e-7, env);
	arima_release(env, dxr);
	if (bad == -2)
		return ARIMA_ENOMEM;
	if (bad >= nconst)
	{
		if (errbuf != NULL && errlen > 0)
			snprintf(errbuf, errlen,
					 "regressor column %d is constant or a linear combination of %s%s (after differencing d = %d, D = %d): its coefficient cannot be estimated",
					 bad - nconst + 1,
					 nconst > 0 ? (d + D == 0 ? "the intercept" : "the drift") : "",
					 bad - nconst > 0 ? (nconst > 0 ? " and the columns before it" : "the columns before it") : "",
					 d, D);
		return ARIMA_EINVAL;
	}
	return ARIMA_OK;
}

static void
FreeCtx(FitCtx *c)
{
	arima_ss_free(&c->ss, c->env);
	arima_path_free(&c->path, c->env);
	arima_release(c->env, c->phi);
}

/*
 * Several free regression columns are replaced by xreg V, V the right
 * singular vectors (R's arima: orthogonal columns make the optimisation
 * better conditioned); the coefficients are rotated back at the end.  The
 * signs of V's columns do not matter: flipping one flips one coordinate of
 * the optimisation, and BFGS with central differences follows the
 * mirrored path exactly.
 */
static int
RotateColumns(FitCtx *c, double *xr, const ArimaSpec *spec)
{
	double		tmp[ARIMA_MAX_XREG + 2];
	int			n = c->n,
				rc,
				i,
				j,
				k;

	c->rotated = c->ncx > 1 && isnan(spec->fixed_mean);
	if (!c->rotated)
		return ARIMA_OK;
	rc = arima_svd_v(xr, n, c->ncx, c->V, NULL, c->env);
	if (rc != ARIMA_OK)
		return rc;
	for (i = 0; i < n; i++)
	{
		for (k = 0; k < c->ncx; k++)
		{
			double		v = 0.0;

			for (j = 0; j < c->ncx; j++)
				v += xr[i + (size_t) j * n] * c->V[j + c->ncx * k];
			tmp[k] = v;
		}
		for (k = 0; k < c->ncx; k++)
			xr[i + (size_t) k * n] = tmp[k];
	}
	return ARIMA_OK;
}

/*
 * Check the spec and the regressors, allocate the buffers, build the
 * regression columns (the intercept when d + D = 0 or the drift 1..n when
 * d + D = 1, if constant, then the user's) and the state space.  On error
 * everything is released.
 */
static int
FitSetup(FitCtx *c, const double *y, int n, const ArimaSpec *spec,
		 char *errbuf, size_t errlen)
{
	const EtsEnv *env = c->env;
	int			nd = spec->d + spec->D * spec->m;
	double	   *xr;
	int			rc,
				i,
				k;

	c->nphi = spec->p + spec->m * spec->P;
	c->ntheta = spec->q + spec->m * spec->Q;
	if (spec->p < 0 || spec->q < 0 || spec->P < 0 || spec->Q < 0 ||
		spec->d < 0 || spec->D < 0 || spec->m < 1 ||
		spec->p > ARIMA_MAX_ORDER || spec->q > ARIMA_MAX_ORDER ||
		spec->P > ARIMA_MAX_ORDER || spec->Q > ARIMA_MAX_ORDER ||
		spec->d > ARIMA_MAX_DIFF || spec->D > ARIMA_MAX_DIFF ||
		c->nphi > ARIMA_MAX_LAG || c->ntheta > ARIMA_MAX_LAG ||
		spec->nx < 0 || spec->nx > ARIMA_MAX_XREG)
		return SetErr(errbuf, errlen, ARIMA_ERANGE,
					  "arima orders out of range");
	c->has_mean = spec->constant && spec->d + spec->D == 0;
	c->has_drift = spec->constant && spec->d + spec->D == 1;
	c->x = y;
	c->n = n;
	c->arma.p = spec->p;
	c->arma.q = spec->q;
	c->arma.P = spec->P;
	c->arma.Q = spec->Q;
	c->arma.m = spec->m;
	c->arma.d = spec->d;
	c->arma.D = spec->D;
	c->narma = spec->p + spec->q + spec->P + spec->Q;
	c->ncx = c->has_mean + c->has_drift + spec->nx;
	c->ntot = c->narma + c->ncx;
	c->nused = n - nd;
	if (c->nused <= 0)
		return SetErr(errbuf, errlen, ARIMA_ELENGTH,
					  "too few observations for the differencing");

	/* buffers: phi, theta, delta, xa, w, e, regression matrix */
	c->phi = arima_alloc(env, ((size_t) c->nphi + c->ntheta + nd +
							   3 * (size_t) n + (size_t) n * c->ncx + 1) *
						 sizeof(double));
	if (c->phi == NULL)
		return ARIMA_ENOMEM;
	c->theta = c->phi + c->nphi;
	c->delta = c->theta + c->ntheta;
	c->xa = c->delta + nd;
	c->w = c->xa + n;
	c->e = c->w + n;
	xr = c->e + n;
	c->nd = DeltaPoly(spec->d, spec->D, spec->m, c->delta);
	for (k = 0; k < c->ncx; k++)
	{
		for (i = 0; i < n; i++)
			xr[i + (size_t) k * n] = c->has_mean && k == 0 ? 1.0 :
				c->has_drift && k == 0 ? (double) (i + 1) :
				spec->xreg[i + (size_t) (k - c->has_mean - c->has_drift) * n];
	}
	c->xreg = xr;
	for (i = 0; i < n * spec->nx; i++)
		if (!isfinite(spec->xreg[i]))
		{
			arima_release(env, c->phi);
			if (errbuf != NULL && errlen > 0)
				snprintf(errbuf, errlen,
						 "regressor column %d has a value that is not a finite number at row %d",
						 i / n + 1, i % n + 1);
			return ARIMA_EINVAL;
		}
	if (spec->nx > 0)
	{
		rc = CheckColumns(xr, n, c->ncx, c->has_mean + c->has_drift,
						  spec->d, spec->D, spec->m, env, errbuf, errlen);
		if (rc != ARIMA_OK)
		{
			arima_release(env, c->phi);
			return rc;
		}
	}
	rc = RotateColumns(c, xr, spec);
	if (rc != ARIMA_OK)
	{
		arima_release(env, c->phi);
		return rc;
	}
	rc = arima_ss_alloc(&c->ss, c->nphi, c->ntheta, nd, env);
	if (rc != ARIMA_OK)
	{
		arima_release(env, c->phi);
		return SetErr(errbuf, errlen, rc, "arima model too large");
	}
	c->ss.q0_acov = spec->P == 0 && !spec->exact_filter;
	c->ss.full = spec->exact_filter;
	return ARIMA_OK;
}

/*
 * Step 1: starting values and scales of the regression coefficients, by
 * R's lm() of the differenced y on the differenced columns (on the
 * undifferenced ones when that is degenerate), scale 10 standard errors.
 */
static int
RegressionStart(FitCtx *c, const ArimaSpec *spec, double *init,
				double *scale, char *errbuf, size_t errlen)
{
	int			n = c->n;
	double	   *dx = c->w,
			   *dxr = arima_alloc(c->env, (size_t) n * c->ncx * sizeof(double) + 1);
	double		b[ARIMA_MAX_XREG + 2],
				s[ARIMA_MAX_XREG + 2];
	int			len = n,
				rc,
				i,
				j,
				k;

	if (dxr == NULL)
		return ARIMA_ENOMEM;
	/* difference x and the columns: d times lag 1, D times lag m */
	memcpy(dx, c->x, n * sizeof(double));
	memcpy(dxr, c->xreg, (size_t) n * c->ncx * sizeof(double));
	for (k = 0; k < spec->d + (spec->m > 1 ? spec->D : 0); k++)
	{
		int			lag = k < spec->d ? 1 : spec->m;

		for (i = 0; i + lag < len; i++)
		{
			dx[i] = dx[i + lag] - dx[i];
			for (j = 0; j < c->ncx; j++)
				dxr[i + (size_t) j * n] = dxr[i + lag + (size_t) j * n] -
					dxr[i + (size_t) j * n];
		}
		len -= lag;
	}
	/* the columns have stride n: pack them for arima_lm */
	for (j = 1; j < c->ncx; j++)
		memmove(dxr + (size_t) j * len, dxr + (size_t) j * n,
				sizeof(double) * len);
	rc = len > c->ncx ? arima_lm(dxr, len, c->ncx, dx, b, s, NULL, c->env) :
		ARIMA_EINVAL;
	if (rc != ARIMA_OK)
	{
		/* degenerate: regression on the undifferenced data */
		rc = arima_lm(c->xreg, n, c->ncx, c->x, b, s, NULL, c->env);
	}
	arima_release(c->env, dxr);
	if (rc != ARIMA_OK)
		return SetErr(errbuf, errlen, ARIMA_EINVAL,
					  "regression columns are collinear");
	for (j = 0; j < c->ncx; j++)
	{
		init[c->narma + j] = b[j];
#ifdef ARIMA_TRACE
		fprintf(stderr, "lm %d %.17g %.17g\n", j, b[j], s[j]);
#endif
		scale[c->narma + j] = 10.0 * s[j];
	}
	if (!isnan(spec->fixed_mean) && (c->has_mean || c->has_drift))
	{
		c->mask[c->narma] = 0;
		c->coef[c->narma] = spec->fixed_mean;
		init[c->narma] = spec->fixed_mean;
	}
	return ARIMA_OK;
}

/*
 * Step 2: minimise the conditional sum of squares from p0 (the free
 * starting values).  p0 gets the result when the optimiser converged (or,
 * for method ARIMA_CSS, always, *converged saying whether it did); init
 * the full vector.  With ARIMA_CSS_ML a non-stationary AR part is an error.
 */
static int
CssStep(FitCtx *c, const ArimaSpec *spec, const ArimaOptim *opt,
		double *p0, double *init, double *fval, int *converged,
		char *errbuf, size_t errlen)
{
	double		pc[MAXCOEF];
	int			fail = 0,
				rc;

	c->ncond = spec->d + spec->D * spec->m + spec->p + spec->m * spec->P;
	if (c->ncond >= c->n)
		return SetErr(errbuf, errlen, ARIMA_ELENGTH,
					  "too few observations for the model");
	memcpy(pc, p0, sizeof(double) * c->nfree);
	rc = arima_bfgs(c->nfree, pc, fval, CssFn, c, opt, opt->maxit, &fail,
					c->env);
	if (rc != ARIMA_OK)
		return SetErr(errbuf, errlen, ARIMA_ENOFIT,
					  "conditional sum of squares is not finite");
	if (spec->method == ARIMA_CSS)
	{
		memcpy(p0, pc, sizeof(double) * c->nfree);
		*converged = !fail;
	}
	else if (!fail)
		memcpy(p0, pc, sizeof(double) * c->nfree);
	FullPar(c, p0, init);
#ifdef ARIMA_TRACE
	{
		int			i;

		for (i = 0; i < c->ntot; i++)
			fprintf(stderr, "css %d %.15g\n", i, init[i]);
	}
#endif
	if (spec->method == ARIMA_CSS_ML &&
		(!arima_ar_check(init, spec->p) ||
		 !arima_ar_check(init + spec->p + spec->q, spec->P)))
		return SetErr(errbuf, errlen, ARIMA_ENOFIT,
					  "non-stationary AR part from CSS");
	return ARIMA_OK;
}

/* Make the MA parts of tpar invertible; 1 if that changed them */
static int
InvertMa(const ArimaSpec *spec, double *tpar)
{
	int			changed = 0;

	if (spec->q > 0)
	{
		double		before[ARIMA_MAX_ORDER];

		memcpy(before, tpar + spec->p, sizeof(double) * spec->q);
		arima_ma_invert(tpar + spec->p, spec->q);
		changed |= memcmp(before, tpar + spec->p, sizeof(double) * spec->q) != 0;
	}
	if (spec->Q > 0)
	{
		double		before[ARIMA_MAX_ORDER];
		double	   *sq = tpar + spec->p + spec->q + spec->P;

		memcpy(before, sq, sizeof(double) * spec->Q);
		arima_ma_invert(sq, spec->Q);
		changed |= memcmp(before, sq, sizeof(double) * spec->Q) != 0;
	}
	return changed;
}

/*
 * Step 3: the exact likelihood from init (the CSS values), AR parts
 * transformed and MA parts made invertible; MA parts made invertible again
 * at the optimum, standard errors from the Hessian there (unless
 * spec->want_se declines).  init gets the coefficients.
 */
static int
MlStep(FitCtx *c, const ArimaSpec *spec, const ArimaOptim *opt,
	   double *p0, double *init, double *se, double *fval, int *converged,
	   char *errbuf, size_t errlen)
{
	double		tpar[MAXCOEF],
				H[MAXCOEF * MAXCOEF];
	int			ntot = c->ntot,
				changed = 0,
				fail = 0,
				rc,
				i,
				k;

	c->ncond = 0;

	/*
	 * With free regression coefficients, the gradient's steps in them keep
	 * phi and theta: record covariance paths (n r doubles each, not for very
	 * long series with long seasons)
	 */
	for (i = c->narma; i < ntot; i++)
		changed |= c->mask[i];
	if (changed && (size_t) c->n * c->ss.rd <= ((size_t) 1 << 20))
		c->use_path = arima_path_init(&c->path, &c->ss, c->n, c->env) == ARIMA_OK;
	arima_inv_trans(init, ntot, &c->arma, tpar);
	if (spec->q > 0)
		arima_ma_invert(tpar + spec->p, spec->q);
	if (spec->Q > 0)
		arima_ma_invert(tpar + spec->p + spec->q + spec->P, spec->Q);
	memcpy(c->coef, tpar, sizeof(double) * ntot);
	for (i = 0; i < ntot; i++)
		if (!c->mask[i])
			c->coef[i] = init[i];
	for (i = 0, k = 0; i < ntot; i++)
		if (c->mask[i])
			p0[k++] = c->coef[i];
	rc = arima_bfgs(c->nfree, p0, fval, MlFn, c, opt, opt->maxit, &fail,
					c->env);
	if (rc != ARIMA_OK)
		return SetErr(errbuf, errlen, ARIMA_ENOFIT,
					  "likelihood is not finite");
	*converged = !fail;
	FullPar(c, p0, tpar);
	if (InvertMa(spec, tpar))
	{
		for (i = 0, k = 0; i < ntot; i++)
			if (c->mask[i])
				p0[k++] = tpar[i];
		*fval = MlFn(p0, c);
	}
	if (c->nfree > 0 &&
		(spec->want_se == NULL ||
		 spec->want_se(LoglikAic(*fval, c->nused, c->nfree), c->nfree + 1,
					   spec->want_se_arg)))
	{
		arima_hessian(c->nfree, p0, MlFn, c, opt, H, c->env);
		rc = StdErrors(c, H, tpar, 1, c->nused, se);
		if (rc != ARIMA_OK)
			return SetErr(errbuf, errlen, ARIMA_ENOFIT,
						  "the Hessian is singular");
	}
	arima_undo_pars(tpar, ntot, &c->arma, init);
	return ARIMA_OK;
}

/*
 * Step 4: the final filter pass with the coefficients init gives the
 * residuals, sigma2 and the state to forecast from; the model's header,
 * coefficients (rotated back), standard errors and state into model.
 */
static int
FinalPass(FitCtx *c, const ArimaSpec *spec, ArimaModel *m, double *init,
		  const double *se, double fval, int converged, char *errbuf,
		  size_t errlen)
{
	double		ssq,
				sumlog,
				sse = 0.0;
	int			n = c->n,
				nd = spec->d + spec->D * spec->m,
				nu,
				npar = c->nfree + 1,
				nstar = n - nd,
				rc,
				i,
				j;

	arima_trans_pars(init, &c->arma, 0, c->phi, c->theta);
	rc = arima_ss_init(&c->ss, c->phi, c->theta, c->delta, c->env);
	if (rc != ARIMA_OK)
		return SetErr(errbuf, errlen, rc, "initial covariance failed");
	Adjust(c, init);
	arima_like(&c->ss, c->xa, n, &ssq, &sumlog, &nu, c->e);
	if (spec->method == ARIMA_CSS)
		m->sigma2_ml = arima_css(c->xa, n, &c->arma, c->phi, c->nphi,
								 c->theta, c->ntheta, c->ncond, c->w, c->e);
	else
		m->sigma2_ml = ssq / c->nused;
	for (i = 0; i < n; i++)
		if (!isnan(c->e[i]))
			sse += c->e[i] * c->e[i];
	m->p = spec->p;
	m->d = spec->d;
	m->q = spec->q;
	m->P = spec->P;
	m->D = spec->D;
	m->Q = spec->Q;
	m->m = spec->m;
	m->intercept = c->has_mean;
	m->drift = c->has_drift;
	m->nx = spec->nx;
	m->method = spec->method;
	m->n = n;
	m->nused = c->nused;
	m->ncoef = c->ntot;
	m->nphi = c->nphi;
	m->ntheta = c->ntheta;
	m->ndelta = nd;
	m->rd = c->ss.rd;
	m->converged = converged;
	m->nmodels = 1;
	m->fixed = c->nfree < c->ntot;
	m->loglik = Loglik(fval, c->nused);
	if (spec->method == ARIMA_CSS)
		m->aic = NAN;
	else
		m->aic = LoglikAic(fval, c->nused, c->nfree);
	m->aicc = m->aic + 2.0 * npar * (nstar / (double) (nstar - npar - 1) - 1.0);
	m->bic = m->aic + npar * (log((double) nstar) - 2.0);
	m->sigma2 = sse / (nstar - npar + 1);
	m->nblob = (int) BlobSize(m);
	m->blob = arima_alloc(c->env, sizeof(double) * m->nblob);
	if (m->blob == NULL)
		return ARIMA_ENOMEM;
	WriteHead(m);
	ModelPointers(m);
	if (c->rotated)
	{
		double		b[ARIMA_MAX_XREG + 2];

		for (i = 0; i < c->ncx; i++)
		{
			b[i] = 0.0;
			for (j = 0; j < c->ncx; j++)
				b[i] += c->V[i + c->ncx * j] * init[c->narma + j];
		}
		memcpy(init + c->narma, b, sizeof(double) * c->ncx);
	}
	memcpy(m->coef, init, sizeof(double) * c->ntot);
	memcpy(m->se, se, sizeof(double) * c->ntot);
	memcpy(m->phi, c->phi, sizeof(double) * c->nphi);
	memcpy(m->theta, c->theta, sizeof(double) * c->ntheta);
	memcpy(m->delta, c->delta, sizeof(double) * nd);
	memcpy(m->a, c->ss.a, sizeof(double) * m->rd);
	memcpy(m->Pm, c->ss.P, sizeof(double) * m->rd * m->rd);
	return ARIMA_OK;
}

/*
 * Fit one model, as R's arima(method = "CSS-ML") called by
 * forecast::Arima(include.constant = spec->constant):
 *	1. regression columns: an intercept when d + D = 0, a drift 1..n when
 *	   d + D = 1 (if constant), then the user's; their starting values and
 *	   scales (10 standard errors) from least squares on the differenced
 *	   data;
 *	2. CSS: minimise half the log conditional mean square from zero ARMA
 *	   coefficients; keep the result if the optimiser converged; a
 *	   non-stationary AR part is an error (R stops);
 *	3. ML: from the CSS values (AR parts transformed, MA parts made
 *	   invertible), minimise the concentrated likelihood; make MA parts
 *	   invertible again; standard errors from the Hessian;
 *	4. the final filter pass gives residuals, sigma2, the state to forecast
 *	   from; AICc and BIC as forecast::Arima, sigma2 = sum(e^2) / (n - d -
 *	   mD - k).
 * With method ARIMA_CSS only step 2 (with the Hessian), as R.
 */
int
arima_fit(const double *y, int n, const ArimaSpec *spec, ArimaModel *model,
		  const EtsEnv *env, char *errbuf, size_t errlen)
{
	FitCtx		c;
	ArimaOptim	opt;
	double		init[MAXCOEF],
				scale[MAXCOEF],
				se[MAXCOEF],
				p0[MAXCOEF];
	double		fval = 0.0;
	int			converged = 1,
				rc,
				i;

	memset(model, 0, sizeof(*model));
	memset(&c, 0, sizeof(c));
	c.env = env;
	rc = FitSetup(&c, y, n, spec, errbuf, errlen);
	if (rc != ARIMA_OK)
		return rc;

	/* 1. starting values and scales */
	for (i = 0; i < c.ntot; i++)
	{
		init[i] = 0.0;
		scale[i] = 1.0;
		c.mask[i] = 1;
		c.coef[i] = NAN;
	}
	rc = c.ncx > 0 ? RegressionStart(&c, spec, init, scale, errbuf, errlen) :
		ARIMA_OK;
	c.nfree = 0;
	for (i = 0; i < c.ntot && rc == ARIMA_OK; i++)
		if (c.mask[i])
		{
			p0[c.nfree] = init[i];
			scale[c.nfree] = scale[i];
			c.nfree++;
		}
	opt.maxit = 100;
	opt.reltol = sqrt(DBL_EPSILON);
	opt.ndeps = 1e-3;
	opt.parscale = scale;
	opt.pin = MlPin;

	/* 2. conditional sum of squares */
	if (rc == ARIMA_OK &&
		(spec->method == ARIMA_CSS_ML || spec->method == ARIMA_CSS))
		rc = CssStep(&c, spec, &opt, p0, init, &fval, &converged,
					 errbuf, errlen);
	for (i = 0; i < c.ntot; i++)
		se[i] = NAN;
	if (rc == ARIMA_OK && spec->method == ARIMA_CSS)
	{
		if (c.nfree > 0)
		{
			double		H[MAXCOEF * MAXCOEF];

			arima_hessian(c.nfree, p0, CssFn, &c, &opt, H, env);
			rc = StdErrors(&c, H, NULL, 0, c.nused, se);
			if (rc != ARIMA_OK)
				rc = SetErr(errbuf, errlen, ARIMA_ENOFIT,
							"the Hessian is singular");
		}
		FullPar(&c, p0, init);
	}
	else if (rc == ARIMA_OK)
		/* 3. exact likelihood */
		rc = MlStep(&c, spec, &opt, p0, init, se, &fval, &converged,
					errbuf, errlen);

	/* 4. final pass with the coefficients */
	if (rc == ARIMA_OK)
		rc = FinalPass(&c, spec, model, init, se, fval, converged,
					   errbuf, errlen);
	FreeCtx(&c);
	return rc;
}

/*
 * Kalman prediction from the filtered state (R's KalmanForecast): a <- T
 * a, P <- T P T' + R R', forecast Z'a and variance Z'P Z, plus the
 * regression part (intercept, drift n+1..n+h, user regressors).
 */
int
arima_forecast(const ArimaModel *model, int h, const double *xfuture,
			   double *mean, double *var, const EtsEnv *env,
			   char *errbuf, size_t errlen)
{
	int			rd = model->rd,
				p = model->nphi,
				q = model->ntheta,
				d = model->ndelta;
	int			r = rd - d;
	int			narma = model->p + model->q + model->P + model->Q;
	double	   *a,
			   *anew,
			   *P,
			   *TP,
			   *Rv;
	int			l,
				i,
				j,
				k;

	if (model->nx > 0 && xfuture == NULL)
		return SetErr(errbuf, errlen, ARIMA_EINVAL,
					  "the model has regressors: give their future values");
	a = arima_alloc(env, sizeof(double) * (3 * (size_t) rd + 2 * (size_t) rd * rd));
	if (a == NULL)
		return ARIMA_ENOMEM;
	anew = a + rd;
	Rv = anew + rd;
	P = Rv + rd;
	TP = P + (size_t) rd * rd;
	memcpy(a, model->a, sizeof(double) * rd);
	memcpy(P, model->Pm, sizeof(double) * rd * rd);
	for (i = 0; i < rd; i++)
		Rv[i] = i == 0 ? 1.0 : (i < r && i - 1 < q ? model->theta[i - 1] : 0.0);
	for (l = 0; l < h; l++)
	{
		double		fc,
					v;

		if ((l & 15) == 15)
			arima_interrupt(env);
		/* anew = T a */
		for (i = 0; i < r; i++)
			anew[i] = (i < p ? model->phi[i] * a[0] : 0.0) +
				(i < r - 1 ? a[i + 1] : 0.0);
		if (d > 0)
		{
			double		s = a[0];

			for (k = 0; k < d; k++)
				s += model->delta[k] * a[r + k];
			anew[r] = s;
			for (i = r + 1; i < rd; i++)
				anew[i] = a[i - 1];
		}
		memcpy(a, anew, sizeof(double) * rd);
		fc = a[0];
		for (k = 0; k < d; k++)
			fc += model->delta[k] * a[r + k];
		/* TP = T P (rows of T applied to P) */
		for (j = 0; j < rd; j++)
		{
			const double *pc = P + (size_t) j * rd;
			double	   *tc = TP + (size_t) j * rd;

			for (i = 0; i < r; i++)
				tc[i] = (i < p ? model->phi[i] * pc[0] : 0.0) +
					(i < r - 1 ? pc[i + 1] : 0.0);
			if (d > 0)
			{
				double		s = pc[0];

				for (k = 0; k < d; k++)
					s += model->delta[k] * pc[r + k];
				tc[r] = s;
				for (i = r + 1; i < rd; i++)
					tc[i] = pc[i - 1];
			}
		}
		/* P = TP T' + R R': rows of TP transformed like state vectors */
		for (i = 0; i < rd; i++)
		{
			for (j = 0; j < r; j++)
				P[i + (size_t) j * rd] =
					(j < p ? model->phi[j] * TP[i] : 0.0) +
					(j < r - 1 ? TP[i + (size_t) (j + 1) * rd] : 0.0);
			if (d > 0)
			{
				double		s = TP[i];

				for (k = 0; k < d; k++)
					s += model->delta[k] * TP[i + (size_t) (r + k) * rd];
				P[i + (size_t) r * rd] = s;
				for (j = r + 1; j < rd; j++)
					P[i + (size_t) j * rd] = TP[i + (size_t) (j - 1) * rd];
			}
		}
		for (i = 0; i < rd; i++)
			for (j = 0; j < rd; j++)
				P[i + (size_t) j * rd] += Rv[i] * Rv[j];
		/* variance Z' P Z with Z = (1, 0.., delta) */
		v = P[0];
		for (k = 0; k < d; k++)
			v += 2 * model->delta[k] * P[r + k];
		for (k = 0; k < d; k++)
			for (j = 0; j < d; j++)
				v += model->delta[k] * model->delta[j] *
					P[r + k + (size_t) (r + j) * rd];
		/* the regression part */
		k = narma;
		if (model->intercept)
			fc += model->coef[k++];
		if (model->drift)
			fc += model->coef[k++] * (double) (model->n + l + 1);
		for (j = 0; j < model->nx; j++)
			fc += model->coef[k++] * xfuture[l + (size_t) j * h];
		mean[l] = fc;
		if (var != NULL)
			var[l] = v * model->sigma2;
	}
	arima_release(env, a);
	for (l = 0; l < h; l++)
		if (!isfinite(mean[l]) || (var != NULL && !isfinite(var[l])))
			return SetErr(errbuf, errlen, ARIMA_ERANGE,
						  "forecast is not finite");
	return ARIMA_OK;
}

void
arima_coef_name(const ArimaModel *m, int i, char *buf, size_t len)
{
	int			k = i;

	if (k < m->p)
	{
		snprintf(buf, len, "ar%d", k + 1);
		return;
	}
	k -= m->p;
	if (k < m->q)
	{
		snprintf(buf, len, "ma%d", k + 1);
		return;
	}
	k -= m->q;
	if (k < m->P)
	{
		snprintf(buf, len, "sar%d", k + 1);
		return;
	}
	k -= m->P;
	if (k < m->Q)
	{
		snprintf(buf, len, "sma%d", k + 1);
		return;
	}
	k -= m->Q;
	if (m->intercept && k == 0)
	{
		snprintf(buf, len, "intercept");
		return;
	}
	k -= m->intercept;
	if (m->drift && k == 0)
	{
		snprintf(buf, len, "drift");
		return;
	}
	k -= m->drift;
	snprintf(buf, len, "xreg%d", k + 1);
}

void
arima_model_name(const ArimaModel *m, char *buf, size_t len)
{
	char		seas[48] = "";

	if (m->P + m->D + m->Q > 0)
		snprintf(seas, sizeof(seas), "(%d,%d,%d)[%d]", m->P, m->D, m->Q, m->m);
	snprintf(buf, len, "ARIMA(%d,%d,%d)%s%s%s", m->p, m->d, m->q, seas,
			 m->intercept ? " with non-zero mean" :
			 m->drift ? " with drift" : "",
			 m->nx > 0 ? " and regressors" : "");
}
