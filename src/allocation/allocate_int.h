/*
 * allocate_int.h
 *		Internals shared by allocate.c (relaxation, heuristic, output) and
 *		allocate_bound.c (the lower bound).  Not part of the kernel's API.
 */
#ifndef LOGISTICS_ALLOCATE_INT_H
#define LOGISTICS_ALLOCATE_INT_H

#include "allocation/allocation.h"

#define MAX_ENUM_WH		12
#define MAX_SUBGRADIENT	30

typedef struct AllocWork
{
	/* stock rows with positive stock, by SKU: sku_first[s]..[s+1] */
	int		   *sku_first;
	int		   *srow;			/* stock row index */
	int64_t    *res;			/* residual stock per stock row */
	double	   *lambda;			/* stock price per stock row */
	double	   *sku_big;		/* M per SKU (0: not solved) */
	int64_t    *sku_unmet;		/* units the relaxation leaves unserved */
	/* candidates of line l: cand_first[l]..[l+1], by cost */
	int		   *cand_first;
	int		   *cand_row;		/* stock row */
	double	   *cand_cost;		/* per scaled unit... per unit */
	double	   *cand_km;
	double	   *cand_eta;
	int64_t    *x;				/* flow per candidate */
	int64_t    *x_save;
	unsigned char *line_reason; /* reason if not (fully) served */
	/* orders: order_first[o]..[o+1] lines */
	int		   *order_first;
	int			norders;
	/* lines by SKU */
	int		   *sku_line_first;
	int		   *sku_line;
	double	   *acc;			/* 2^MAX_ENUM_WH order costs */
	unsigned   *allow;			/* per order: warehouses (lal_order_warehouses
								 * bits) the bound may use ... */
	unsigned   *force;			/* ... and must pay a parcel for */
	unsigned   *lb_mask;		/* per order: the bound's choice */
	long		lb_calls;		/* LowerBound evaluations (budget) */
	int64_t    *mqty;			/* per line: units of its SKU the order
								 * wants (LowerBound; 0 on merged lines) */
	int		   *lines;			/* SolveSku scratch */
	int		   *hnode;
	LmcfProblem *mcf;
} AllocWork;

/* allocate.c */
extern int	lal_order_warehouses(const LalAllocInput *in, const AllocWork *w,
								 int o, int *wh, unsigned char *bit);

/* allocate_bound.c */
extern void lal_merge_lines(const LalAllocInput *in, AllocWork *w);
extern int	lal_prepare_bound(AllocWork *w);
extern double lal_root_bound(const LalAllocInput *in, AllocWork *w, double ub,
							 LmcfInterrupt interrupt, void *arg);
extern double lal_plan_bound(const LalAllocInput *in, AllocWork *w, double ub,
							 LmcfInterrupt interrupt, void *arg);

#endif							/* LOGISTICS_ALLOCATE_INT_H */
