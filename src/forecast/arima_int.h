/*-------------------------------------------------------------------------
 *
 * arima_int.h
 *	  Internals shared by the files of the ARIMA kernel (arima_kalman.c,
 *	  arima_optim.c, arima_fit.c, arima_auto.c).  Not an API.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_ARIMA_INT_H
#define LOGISTICS_ARIMA_INT_H

#include "arima.h"

/* ARMA orders in R's "arma" order: p, q, P, Q, m, d, D */
typedef struct ArimaArma
{
	int			p,
				q,
				P,
				Q,
				m,
				d,
				D;
} ArimaArma;

/*
 * AS 154 split into its phi half (the Givens factor of the system and the
 * rotations each row's right-hand side goes through) and its theta half,
 * with two slots of factors kept across calls (arima_kalman.c).
 */
typedef struct ArimaQ0Slot
{
	int			valid;			/* the factor of phi is loaded */
	int			has_q0;			/* q0 for theta is loaded */
	double	   *phi;			/* p: the key of the factor */
	double	   *theta;			/* q: the key of q0 */
	double	   *q0;				/* r x r */
	double	   *d;				/* np: diagonal of the factor */
	double	   *rbar;			/* np (np - 1) / 2: row i's non-zeros at */
	int		   *rcol;			/* i np - i (i + 1) / 2, their columns, */
	int		   *rnnz;			/* np: and their number */
	int		   *rowend;			/* np + 1: first rotation of each row */
	int			nrow;
	double	   *rx,				/* the rotation log: eliminated x_i, */
			   *rc,				/* cbar, */
			   *rs;				/* sbar, */
	int		   *ri;				/* and i (rx holds the one allocation) */
	size_t		nrot,
				caprot;
} ArimaQ0Slot;

typedef struct ArimaQ0Cache
{
	int			p,
				q,
				r;
	size_t		np;				/* r (r + 1) / 2 */
	int			base;			/* the pinned slot */
	int			last;			/* the slot of the last call */
	double	   *V,				/* np each: right-hand side, */
			   *thetab,			/* rotated right-hand side, */
			   *xnext,			/* row being generated, */
			   *xrow,			/* row being eliminated, */
			   *uval;			/* np: a merged row */
	int		   *xl,				/* np: xrow's columns, */
			   *ul;				/* np: a merged list of columns */
	ArimaQ0Slot slot[2];

	/*
	 * The factor's program: every decision and index of the last general
	 * factorization, replayed for a new phi (arima_kalman.c)
	 */
	int		   *prog;
	size_t		nprog,
				capprog;
	int			prog_valid;		/* prog holds a whole factorization */
	int			recording;		/* GivensFactorRow appends to prog */
	long		nreplay;		/* factorizations replayed whole, */
	long		npartial;		/* in part, */
	long		nzerorot;		/* rotations kept as no-ops (for tests) */
} ArimaQ0Cache;

/*
 * The covariance path of one likelihood evaluation: what the Kalman filter
 * computes from phi and theta alone (and the positions of missing values),
 * so that an evaluation with the same phi and theta and other regression
 * coefficients (the gradient's steps in the mean, drift and xreg
 * coordinates) only needs the O(n r) mean recursion.
 */
typedef struct ArimaPath
{
	int			valid;
	double	   *phi;			/* p: the key, with theta */
	double	   *theta;			/* q */
	double	   *gain;			/* n: innovation variance, NaN if missing */
	double	   *M;				/* n x rd: P Z' of each step that computed it */
	int		   *mstep;			/* n: the step whose M a step used */
	double		sumlog;
	int			nu;
} ArimaPath;

typedef struct ArimaPathCache
{
	int			n;
	int			base;			/* the pinned slot */
	int			last;			/* the slot of the last evaluation */
	ArimaPath	slot[2];
} ArimaPathCache;

/*
 * The state-space model of R's makeARIMA, with scratch space for the
 * filter.  phi/theta are expanded polynomials; theta is padded with zeros
 * to r - 1.
 */
typedef struct ArimaSS
{
	int			p;				/* length of phi */
	int			q;				/* length of theta before padding */
	int			r;				/* max(p, q + 1) */
	int			d;				/* length of delta */
	int			rd;
	double	   *phi;
	double	   *theta;			/* r - 1 (>= q) values */
	double	   *delta;
	double	   *a;				/* rd */
	double	   *P;				/* rd x rd */
	double	   *Pn;				/* rd x rd */
	double	   *anew;			/* rd scratch */
	double	   *M;				/* rd scratch */
	double	   *mm;				/* rd x rd scratch */
	double	   *mm2;			/* rd x rd: the previous prediction */
	double	   *q0work;			/* AS 154 scratch */
	size_t		q0worklen;
	int			q0_acov;		/* Q0 from the autocovariances (no
								 * seasonal AR), else by AS 154 */
	double	   *w;				/* 2 rd + 2 scratch of the filter */
	ArimaQ0Cache *q0c;			/* AS 154 cache (allocated when needed) */
	ArimaPath  *rec;			/* not NULL: arima_like records its path */
	int			full;			/* never drop the differencing states */
} ArimaSS;

/* Allocation through the environment */
extern void *arima_alloc(const EtsEnv *env, size_t size);
extern void arima_release(const EtsEnv *env, void *p);
extern void arima_interrupt(const EtsEnv *env);

/* Parameter transformations (R's partrans and friends) */
extern void arima_partrans(int p, const double *raw, double *out);
extern void arima_invpartrans(int p, const double *phi, double *out);
extern void arima_trans_pars(const double *par, const ArimaArma *arma,
							 int trans, double *phi, double *theta);
extern void arima_undo_pars(const double *par, int npar,
							const ArimaArma *arma, double *out);
extern void arima_inv_trans(const double *par, int npar,
							const ArimaArma *arma, double *out);
extern void arima_grad_trans(const double *par, int npar,
							 const ArimaArma *arma, double *A);
extern void arima_ma_invert(double *ma, int q);
extern int	arima_ar_check(const double *ar, int p);

/* State-space model */
extern int	arima_ss_alloc(ArimaSS *ss, int p, int q, int d,
						   const EtsEnv *env);
extern void arima_ss_free(ArimaSS *ss, const EtsEnv *env);
extern int	arima_ss_init(ArimaSS *ss, const double *phi,
						  const double *theta, const double *delta,
						  const EtsEnv *env);
extern void arima_ss_pin(ArimaSS *ss);
extern int	arima_q0_cache_init(ArimaQ0Cache *c, int p, int q,
								const EtsEnv *env);
extern void arima_q0_cache_free(ArimaQ0Cache *c, const EtsEnv *env);
extern void arima_q0_cache_pin(ArimaQ0Cache *c);
extern int	arima_q0_cached(ArimaQ0Cache *c, const double *phi,
							const double *theta, double *q0,
							const EtsEnv *env);
extern int	arima_q0_acov(const double *phi, int p, const double *theta,
						  int q, double *q0, const EtsEnv *env);
extern void arima_like(ArimaSS *ss, const double *y, int n, double *ssq,
					   double *sumlog, int *nu, double *resid);
extern int	arima_path_init(ArimaPathCache *pc, const ArimaSS *ss, int n,
							const EtsEnv *env);
extern void arima_path_free(ArimaPathCache *pc, const EtsEnv *env);
extern void arima_path_pin(ArimaPathCache *pc);
extern int	arima_like_cached(ArimaSS *ss, ArimaPathCache *pc,
							  const double *phi, const double *theta,
							  const double *y, int n, double *ssq,
							  double *sumlog, int *nu);
extern void arima_like_record(ArimaSS *ss, ArimaPathCache *pc,
							  const double *y, int n, double *ssq,
							  double *sumlog, int *nu);
extern double arima_css(const double *y, int n, const ArimaArma *arma,
						const double *phi, int p, const double *theta,
						int q, int ncond, double *w, double *resid);

/* Optimiser (R's optim BFGS with numerical gradient) */
typedef double (*ArimaFn) (const double *par, void *arg);
typedef struct ArimaOptim
{
	int			maxit;			/* 100 */
	double		reltol;			/* sqrt(DBL_EPSILON) */
	double		ndeps;			/* 1e-3 */
	const double *parscale;
	void		(*pin) (void *arg); /* NULL, or called at the centre of
									 * each numerical gradient */
} ArimaOptim;
extern int	arima_bfgs(int n, double *par, double *fmin, ArimaFn fn,
					   void *arg, const ArimaOptim *opt, int maxit,
					   int *fail, const EtsEnv *env);
extern int	arima_hessian(int n, const double *par, ArimaFn fn, void *arg,
						  const ArimaOptim *opt, double *H,
						  const EtsEnv *env);

/* Dense linear algebra */
extern int	arima_solve_spd(int n, double *A, double *B, int nrhs);
extern int	arima_svd_v(const double *X, int n, int k, double *V, double *sv,
						const EtsEnv *env);
extern int	arima_first_dependent(const double *X, int n, int k, double tol,
								  const EtsEnv *env);
extern int	arima_lm(const double *X, int n, int k, const double *y,
					 double *coef, double *se, double *resid,
					 const EtsEnv *env);

/* R's forecast:::is.constant (all.equal to the first value) */
extern int	arima_is_constant(const double *x, int n);

#endif							/* LOGISTICS_ARIMA_INT_H */
