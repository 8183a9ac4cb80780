/*-------------------------------------------------------------------------
 *
 * reconcile.h
 *	  Forecast reconciliation for a hierarchy (a tree of nodes, each the
 *	  sum of its children): bottom-up, top-down with historical
 *	  proportions, OLS, WLS with structural or variance weights and MinT
 *	  with a shrunk residual covariance (Wickramasuriya, Athanasopoulos &
 *	  Hyndman 2019).  Plain C, no postgres.h; doc/forecast.md gives the
 *	  formulas and the algorithm.
 *
 * Data layout: node i's values for steps 0..h-1 are x[i*h .. i*h+h-1];
 * residuals and history likewise with their own lengths.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_RECONCILE_H
#define LOGISTICS_RECONCILE_H

#include <stddef.h>

/* Status codes (0 = success); the SQLSTATE the SQL glue reports in [] */
typedef enum RcStatus
{
	RC_OK = 0,
	RC_EINVAL = -1,				/* bad argument [22023] */
	RC_ECYCLE = -2,				/* the parent links form a cycle [22023] */
	RC_EROOT = -3,				/* no root or more than one root [22023] */
	RC_ELENGTH = -4,			/* arrays of different lengths, residuals
								 * too short [2202E] */
	RC_ENAN = -5,				/* NaN or infinity in the input [22000] */
	RC_ENOMEM = -6,				/* allocator failed [53200] */
	RC_EINTERRUPTED = -7,		/* interrupt callback asked to stop */
	RC_ESINGULAR = -8			/* the weight matrix is singular [22000] */
} RcStatus;

typedef enum RcMethod
{
	RC_BOTTOM_UP,
	RC_TOP_DOWN,				/* proportions of the historical averages */
	RC_TOP_DOWN_GSA,			/* average of the historical proportions */
	RC_OLS,
	RC_WLS_STRUCT,
	RC_WLS_VAR,
	RC_MINT_SHRINK
} RcMethod;

/* Run-time environment; NULL means malloc/free and no interrupt checks */
typedef struct RcEnv
{
	void		(*interrupt) (void *arg);
	void	   *interrupt_arg;
	void	   *(*alloc) (size_t size, void *arg);
	void		(*release) (void *ptr, void *arg);
	void	   *alloc_arg;
} RcEnv;

/*
 * A validated hierarchy.  Nodes keep the caller's numbering; order[] lists
 * them parents first (depth-first preorder), and the leaves, in that
 * order, are the bottom series: node i covers bottom series lo[i] ..
 * hi[i]-1.
 */
typedef struct RcTree
{
	int			n;				/* nodes */
	int			nb;				/* bottom series (leaves) */
	int			root;
	const int  *parent;			/* the caller's array, -1 for the root */
	int		   *order;			/* n: preorder */
	int		   *lo;				/* n */
	int		   *hi;				/* n */
	int		   *bottom;			/* nb: bottom index -> node */
	int		   *first_child;	/* n, -1 if none */
	int		   *next_sibling;	/* n, -1 if none */
} RcTree;

/* The method name as in SQL ("bottom_up", ...), or -1 if unknown */
extern int	rc_method_parse(const char *name);
extern const char *rc_method_name(int method);

/* Does the method need residuals (wls_var, mint_shrink) / history? */
extern int	rc_method_needs_residuals(int method);
extern int	rc_method_needs_history(int method);

/*
 * Build and validate the tree of n nodes from parent[] (index of the
 * parent, -1 for the root).  Exactly one root, no cycles.  On error the
 * message names the offending node by index; the glue maps it to a key.
 * *bad receives that index (or -1).
 */
extern int	rc_tree_build(const int *parent, int n, RcTree *tree, int *bad,
						  const RcEnv *env, char *errbuf, size_t errlen);
extern void rc_tree_free(RcTree *tree, const RcEnv *env);

/*
 * Reconcile base forecasts base[n*h] into out[n*h].  resid[n*nres] is
 * needed by wls_var and mint_shrink (nres >= 2), hist[n*nhist] by the
 * top-down methods (only the bottom rows are read).  If lower and upper
 * are not NULL and the method gives a variance (wls_var, mint_shrink),
 * they receive the bounds of a central interval with the normal quantile
 * z (e.g. 1.959964 for 95%); for other methods they are set to NaN.
 * *lambda receives the shrinkage intensity of mint_shrink (NaN for the
 * other methods).
 */
extern int	rc_reconcile(const RcTree *tree, int method, int h,
						 const double *base,
						 const double *resid, int nres,
						 const double *hist, int nhist,
						 double z, double *out, double *lower,
						 double *upper, double *lambda,
						 const RcEnv *env, char *errbuf, size_t errlen);

#endif							/* LOGISTICS_RECONCILE_H */
