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

/*
 * A hierarchy in which a node may have several parents (a grouped
 * structure: SKU x warehouse under its warehouse and under its SKU).  It
 * must form a directed acyclic graph with one top node; the leaves (nodes
 * without children) are the bottom series, and every other node is the
 * sum of the distinct leaves below it (cover[cstart[a] .. cstart[a+1]-1]
 * for aggregate agg[a], as bottom indices).
 */
typedef struct RcGraph
{
	int			n;				/* nodes */
	int			nb;				/* bottom series (leaves) */
	int			na;				/* aggregates: n - nb */
	int			root;
	int		   *bottom;			/* nb: bottom index -> node */
	int		   *agg;			/* na: aggregate index -> node */
	int		   *cstart;			/* na + 1 */
	int		   *cover;			/* cstart[na] bottom indices */
} RcGraph;

/*
 * Build and validate the graph of n nodes whose parents are
 * plist[pstart[i] .. pstart[i+1]-1] (node indices).  Exactly one node
 * without parents, no cycles, no parent listed twice for a node.  *bad
 * receives the offending node (or -1).  Errors as rc_tree_build.
 */
extern int	rc_graph_build(const int *pstart, const int *plist, int n,
						   RcGraph *graph, int *bad, const RcEnv *env,
						   char *errbuf, size_t errlen);
extern void rc_graph_free(RcGraph *graph, const RcEnv *env);

/* rc_reconcile for a graph: the same methods, arguments and results. */
extern int	rc_graph_reconcile(const RcGraph *graph, int method, int h,
							   const double *base,
							   const double *resid, int nres,
							   const double *hist, int nhist,
							   double z, double *out, double *lower,
							   double *upper, double *lambda,
							   const RcEnv *env, char *errbuf,
							   size_t errlen);

/*
 * Building blocks shared by reconcile.c and reconcile_graph.c.
 */
extern void *rc_alloc(const RcEnv *env, size_t count, size_t size);
extern void rc_free(const RcEnv *env, void *p);
extern void rc_interrupt(const RcEnv *env);
/* The argument checks of rc_reconcile (method, h, finiteness, lengths) */
extern int	rc_check_inputs(int method, int n, int h, const double *base,
							const double *resid, int nres,
							const double *hist, int nhist,
							char *errbuf, size_t errlen);
/* s2[i] = mean square of node i's residuals; all zero is RC_ESINGULAR */
extern int	rc_second_moments(int method, const double *resid, int n,
							  int nres, double *s2, char *errbuf,
							  size_t errlen);
/* Interval bounds out -+ z sqrt(var_i * step); var NULL gives NaN */
extern void rc_bounds(int n, int h, const double *out, const double *var,
					  double z, double *lower, double *upper);

/*
 * Historical proportions p[nb] of the bottom series bottom[] (node
 * indices into hist[n * nhist]) for RC_TOP_DOWN / RC_TOP_DOWN_GSA.
 */
extern int	rc_top_down_proportions(int nb, const int *bottom, int method,
									const double *hist, int nhist,
									double *p, char *errbuf, size_t errlen);

/*
 * Schaefer-Strimmer shrinkage intensity (R hts::shrink.estim) of the
 * residuals e[n * T] with second moments s2[n]; g has room for
 * T * T + 2T doubles.
 */
extern double rc_shrink_intensity(const double *e, const double *s2, int n,
								  int T, double *g, const RcEnv *env);

/* Cholesky factor (lower, row-major, in place) of the SPD T x T matrix */
extern int	rc_cholesky(double *a, int T);
/* Solve L w = b, and L' x = b, in place */
extern void rc_forward_solve(const double *l, int T, double *b);
extern void rc_back_solve(const double *l, int T, double *b);

#endif							/* LOGISTICS_RECONCILE_H */
