/*-------------------------------------------------------------------------
 *
 * inventory_fmgr.c
 *	  SQL wrappers of the inventory formulas (inventory.c): ratios, XYZ and
 *	  ABC classes, safety stock and reorder points, EOQ family, newsvendor.
 *	  The aggregates are in snapshot_fmgr.c, movement_fmgr.c and
 *	  demand_cv_fmgr.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "inventory.h"
#include "common/logistics.h"
#include "common/normal.h"
#include "common/fraction.h"

/* Every float8 result is checked: NaN or infinity is an error (22003). */
#define CheckResult(x) LG_RESULT(x)

/* Error unless x is finite and > 0. */
static void
CheckPositive(double x, const char *what)
{
	lg_check_finite(x, what);
	if (x <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be positive, got %g", what, x)));
}

/* Error unless 0 < p < 1. */
static void
CheckOpenUnit(double p, const char *what)
{
	lg_check_not_percent(p, what);
	if (isnan(p) || !(p > 0.0 && p < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1 (exclusive), got %g",
						what, p)));
}

/*
 * The standard deviation of lead-time demand after checking the five
 * demand/lead-time arguments starting at argument "first".
 */
static double
LeadTimeSigma(FunctionCallInfo fcinfo, int first, double *mean_lt)
{
	double		d = PG_GETARG_FLOAT8(first);
	double		sd = PG_GETARG_FLOAT8(first + 1);
	double		lt = PG_GETARG_FLOAT8(first + 2);
	double		lt_sd = PG_GETARG_FLOAT8(first + 3);

	lg_check_nonneg(d, "demand_mean");
	lg_check_nonneg(sd, "demand_sd");
	lg_check_nonneg(lt, "lead_time");
	lg_check_nonneg(lt_sd, "lead_time_sd");
	*mean_lt = d * lt;
	return lg_lead_time_sd(d, sd, lt, lt_sd);
}

/* ---------------------------------------------------------------- ratios */

/* inventory_turnover(cogs, avg_inventory) = cogs / avg_inventory */
PG_FUNCTION_INFO_V1(logistics_inventory_turnover);
Datum
logistics_inventory_turnover(PG_FUNCTION_ARGS)
{
	double		cogs = PG_GETARG_FLOAT8(0);
	double		inv = PG_GETARG_FLOAT8(1);

	lg_check_nonneg(cogs, "cogs");
	lg_check_nonneg(inv, "avg_inventory");
	if (inv == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(CheckResult(cogs / inv));
}

/* days_of_supply(on_hand, avg_daily_demand) = on_hand / demand */
PG_FUNCTION_INFO_V1(logistics_days_of_supply);
Datum
logistics_days_of_supply(PG_FUNCTION_ARGS)
{
	double		on_hand = PG_GETARG_FLOAT8(0);
	double		demand = PG_GETARG_FLOAT8(1);

	lg_check_finite(on_hand, "on_hand");
	lg_check_nonneg(demand, "avg_daily_demand");
	if (demand == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(CheckResult(on_hand / demand));
}

/* gmroi(gross_margin, avg_inventory_cost) = margin / inventory cost */
PG_FUNCTION_INFO_V1(logistics_gmroi);
Datum
logistics_gmroi(PG_FUNCTION_ARGS)
{
	double		margin = PG_GETARG_FLOAT8(0);
	double		inv = PG_GETARG_FLOAT8(1);

	lg_check_finite(margin, "gross_margin");
	lg_check_nonneg(inv, "avg_inventory_cost");
	if (inv == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(CheckResult(margin / inv));
}

/* sell_through(units_sold, units_received) = sold / received */
PG_FUNCTION_INFO_V1(logistics_sell_through);
Datum
logistics_sell_through(PG_FUNCTION_ARGS)
{
	double		sold = PG_GETARG_FLOAT8(0);
	double		received = PG_GETARG_FLOAT8(1);

	lg_check_nonneg(sold, "units_sold");
	lg_check_nonneg(received, "units_received");
	if (received == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(CheckResult(sold / received));
}

/* ------------------------------------------------------------ XYZ, ABC */

/* xyz_class(cv, x, y): 'X' if cv <= x, 'Y' if cv <= y, else 'Z' */
PG_FUNCTION_INFO_V1(logistics_xyz_class);
Datum
logistics_xyz_class(PG_FUNCTION_ARGS)
{
	double		cv = PG_GETARG_FLOAT8(0);
	double		x = PG_GETARG_FLOAT8(1);
	double		y = PG_GETARG_FLOAT8(2);

	lg_check_nonneg(cv, "cv");
	lg_check_nonneg(x, "x");
	lg_check_nonneg(y, "y");
	if (x > y)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x must not exceed y, got x = %g and y = %g", x, y)));
	PG_RETURN_TEXT_P(cstring_to_text(cv <= x ? "X" : cv <= y ? "Y" : "Z"));
}

/* Error unless 0 < a <= b <= 1. */
static void
CheckAbcShares(double a, double b)
{
	if (isnan(a) || !(a > 0.0 && a <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a_share must be in (0, 1], got %g", a)));
	if (isnan(b) || !(b > 0.0 && b <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("b_share must be in (0, 1], got %g", b)));
	if (a > b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a_share must not exceed b_share, got %g and %g",
						a, b)));
}

/* one row of a partition for abc_class */
typedef struct AbcItem
{
	double		value;
	int64		row;
} AbcItem;

/* partition-local memory of abc_class: the class of every row */
typedef struct AbcPartition
{
	bool		done;
	int64		nrows;
	char	   *cls;			/* 'A', 'B', 'C' or 0 for NULL */
} AbcPartition;

static int
AbcItemCmp(const void *a, const void *b)
{
	const AbcItem *x = (const AbcItem *) a;
	const AbcItem *y = (const AbcItem *) b;

	/* value descending, then row for a deterministic sort */
	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * abc_class(value, a_share, b_share): window function.  On the first call
 * in a partition it reads every row's value, sorts descending and gives
 * each tie group (equal values) the class of the cumulative share of the
 * strictly larger values before it: 'A' below a_share, 'B' below b_share,
 * else 'C'.  So an item is 'A' while the cumulative share including it is
 * within a_share, and also the item that crosses a_share; equal values
 * always get the same class whatever the row order.  NULL values get NULL
 * and do not count.
 */
PG_FUNCTION_INFO_V1(logistics_abc_class);
Datum
logistics_abc_class(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	AbcPartition *part;
	int64		cur;

	part = (AbcPartition *) WinGetPartitionLocalMemory(winobj,
													   sizeof(AbcPartition));
	if (!part->done)
	{
		MemoryContext cxt = GetMemoryChunkContext(part);
		int64		n = WinGetPartitionRowCount(winobj);
		AbcItem    *items;
		int64		m = 0;
		int64		i;
		double		total = 0.0;
		double		before = 0.0;
		double		a,
					b;
		bool		isnull,
					isout;
		int			k;

		a = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 1, &isnull));
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a_share must not be NULL")));
		b = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 2, &isnull));
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("b_share must not be NULL")));
		CheckAbcShares(a, b);

		part->cls = MemoryContextAllocExtended(cxt, Max(n, 1),
											   MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		part->nrows = n;
		items = palloc_extended(sizeof(AbcItem) * Max(n, 1), MCXT_ALLOC_HUGE);
		for (i = 0; i < n; i++)
		{
			Datum		d;

			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();

			/*
			 * The shares are parameters of the partition: the same in every
			 * row, or the classes would depend on which row came first.
			 */
			for (k = 1; k <= 2; k++)
			{
				d = WinGetFuncArgInPartition(winobj, k, i, WINDOW_SEEK_HEAD,
											 false, &isnull, &isout);
				if (isout)
					break;
				if (isnull || DatumGetFloat8(d) != (k == 1 ? a : b))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("a_share and b_share must be the same in every row of a partition")));
			}
			d = WinGetFuncArgInPartition(winobj, 0, i, WINDOW_SEEK_HEAD,
										 false, &isnull, &isout);
			if (isnull || isout)
				continue;
			items[m].value = DatumGetFloat8(d);
			items[m].row = i;
			lg_check_nonneg(items[m].value, "value");
			total += items[m].value;
			m++;
		}
		if (isinf(total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the sum of the values overflows")));
		qsort(items, m, sizeof(AbcItem), AbcItemCmp);

		/* sum in sorted order, so the result does not depend on row order */
		total = 0.0;
		for (i = 0; i < m; i++)
			total += items[i].value;

		for (i = 0; i < m;)
		{
			int64		j = i;
			double		group = 0.0;
			char		c;

			while (j < m && items[j].value == items[i].value)
				group += items[j++].value;
			if (total > 0.0 && before < a * total)
				c = 'A';
			else if (total > 0.0 && before < b * total)
				c = 'B';
			else
				c = 'C';
			for (; i < j; i++)
				part->cls[items[i].row] = c;
			before += group;
		}
		pfree(items);
		part->done = true;
	}

	cur = WinGetCurrentPosition(winobj);
	if (cur < 0 || cur >= part->nrows)
		elog(ERROR, "abc_class: row %lld outside its partition",
			 (long long) cur);
	if (part->cls[cur] == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&part->cls[cur], 1));
}

/* ------------------------------------------------- safety stock, ROP */

/* safety_stock(service_level, d, sd, L, sd_L) = z sigma_L */
PG_FUNCTION_INFO_V1(logistics_safety_stock);
Datum
logistics_safety_stock(PG_FUNCTION_ARGS)
{
	double		sl = PG_GETARG_FLOAT8(0);
	double		mean_lt;
	double		sigma;

	CheckOpenUnit(sl, "service_level");
	sigma = LeadTimeSigma(fcinfo, 1, &mean_lt);
	PG_RETURN_FLOAT8(CheckResult(sigma == 0.0 ? 0.0 : lg_norm_quantile(sl) * sigma));
}

/* reorder_point(service_level, d, sd, L, sd_L) = d L + z sigma_L */
PG_FUNCTION_INFO_V1(logistics_reorder_point);
Datum
logistics_reorder_point(PG_FUNCTION_ARGS)
{
	double		sl = PG_GETARG_FLOAT8(0);
	double		mean_lt;
	double		sigma;

	CheckOpenUnit(sl, "service_level");
	sigma = LeadTimeSigma(fcinfo, 1, &mean_lt);
	PG_RETURN_FLOAT8(CheckResult(mean_lt +
					 (sigma == 0.0 ? 0.0 : lg_norm_quantile(sl) * sigma)));
}

/* expected_units_short(service_level, d, sd, L, sd_L) = sigma_L L(z) */
PG_FUNCTION_INFO_V1(logistics_expected_units_short);
Datum
logistics_expected_units_short(PG_FUNCTION_ARGS)
{
	double		sl = PG_GETARG_FLOAT8(0);
	double		mean_lt;
	double		sigma;

	CheckOpenUnit(sl, "service_level");
	sigma = LeadTimeSigma(fcinfo, 1, &mean_lt);
	PG_RETURN_FLOAT8(CheckResult(sigma * lg_norm_loss(lg_norm_quantile(sl))));
}

/* expected_fill_rate(service_level, Q, d, sd, L, sd_L) = 1 - EUS / Q */
PG_FUNCTION_INFO_V1(logistics_expected_fill_rate);
Datum
logistics_expected_fill_rate(PG_FUNCTION_ARGS)
{
	double		sl = PG_GETARG_FLOAT8(0);
	double		q = PG_GETARG_FLOAT8(1);
	double		mean_lt;
	double		sigma;

	CheckOpenUnit(sl, "service_level");
	CheckPositive(q, "order_quantity");
	sigma = LeadTimeSigma(fcinfo, 2, &mean_lt);
	PG_RETURN_FLOAT8(CheckResult(1.0 - sigma * lg_norm_loss(lg_norm_quantile(sl)) / q));
}

/*
 * The fill-rate (beta) safety stock k sigma_L with L(k) = Q (1 - beta) /
 * sigma_L: expected units short per cycle equal to the share 1 - beta of
 * the order quantity.
 */
static double
FillRateSafetyStock(FunctionCallInfo fcinfo, double *mean_lt)
{
	double		beta = PG_GETARG_FLOAT8(0);
	double		q = PG_GETARG_FLOAT8(1);
	double		sigma;

	CheckOpenUnit(beta, "fill_rate");
	CheckPositive(q, "order_quantity");
	sigma = LeadTimeSigma(fcinfo, 2, mean_lt);
	if (sigma == 0.0)
		return 0.0;
	return lg_norm_loss_inverse(q * (1.0 - beta) / sigma) * sigma;
}

PG_FUNCTION_INFO_V1(logistics_safety_stock_fill_rate);
Datum
logistics_safety_stock_fill_rate(PG_FUNCTION_ARGS)
{
	double		mean_lt;

	PG_RETURN_FLOAT8(CheckResult(FillRateSafetyStock(fcinfo, &mean_lt)));
}

PG_FUNCTION_INFO_V1(logistics_reorder_point_fill_rate);
Datum
logistics_reorder_point_fill_rate(PG_FUNCTION_ARGS)
{
	double		mean_lt;
	double		ss = FillRateSafetyStock(fcinfo, &mean_lt);

	PG_RETURN_FLOAT8(CheckResult(mean_lt + ss));
}

/* ------------------------------------------------------------ EOQ family */

/* Check the common EOQ arguments: demand, order cost >= 0, holding > 0. */
static void
CheckEoq(double d, double k, double h)
{
	lg_check_nonneg(d, "annual_demand");
	lg_check_nonneg(k, "order_cost");
	CheckPositive(h, "holding_cost");
}

PG_FUNCTION_INFO_V1(logistics_eoq);
Datum
logistics_eoq(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);

	CheckEoq(d, k, h);
	PG_RETURN_FLOAT8(CheckResult(lg_eoq(d, k, h)));
}

/* eoq_cost(D, K, h): optimal annual cost sqrt(2 D K h) */
PG_FUNCTION_INFO_V1(logistics_eoq_cost_opt);
Datum
logistics_eoq_cost_opt(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);

	CheckEoq(d, k, h);
	PG_RETURN_FLOAT8(CheckResult(sqrt(2.0 * d * k * h)));
}

/* eoq_cost(D, K, h, Q) = K D / Q + h Q / 2 */
PG_FUNCTION_INFO_V1(logistics_eoq_cost);
Datum
logistics_eoq_cost(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		q = PG_GETARG_FLOAT8(3);

	CheckEoq(d, k, h);
	CheckPositive(q, "order_quantity");
	PG_RETURN_FLOAT8(CheckResult(lg_eoq_cost(d, k, h, q)));
}

PG_FUNCTION_INFO_V1(logistics_eoq_backorder);
Datum
logistics_eoq_backorder(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		p = PG_GETARG_FLOAT8(3);

	CheckEoq(d, k, h);
	CheckPositive(p, "backorder_cost");
	PG_RETURN_FLOAT8(CheckResult(lg_eoq_backorder(d, k, h, p)));
}

/* eoq_backorder_cost(D, K, h, p): optimal cost sqrt(2 K D h p / (h + p)) */
PG_FUNCTION_INFO_V1(logistics_eoq_backorder_cost_opt);
Datum
logistics_eoq_backorder_cost_opt(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		p = PG_GETARG_FLOAT8(3);

	CheckEoq(d, k, h);
	CheckPositive(p, "backorder_cost");
	PG_RETURN_FLOAT8(CheckResult(sqrt(2.0 * k * d * h * p / (h + p))));
}

PG_FUNCTION_INFO_V1(logistics_eoq_backorder_cost);
Datum
logistics_eoq_backorder_cost(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		p = PG_GETARG_FLOAT8(3);
	double		q = PG_GETARG_FLOAT8(4);
	double		x = PG_GETARG_FLOAT8(5);

	CheckEoq(d, k, h);
	CheckPositive(p, "backorder_cost");
	CheckPositive(q, "order_quantity");
	lg_check_finite(x, "backorder_fraction");
	lg_check_not_percent(x, "backorder_fraction");
	if (x < 0.0 || x > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("backorder_fraction must be between 0 and 1, got %g",
						x)));
	PG_RETURN_FLOAT8(CheckResult(lg_eoq_backorder_cost(d, k, h, p, q, x)));
}

/* Check the production rate: finite and above the demand rate. */
static void
CheckRate(double d, double rate)
{
	CheckPositive(rate, "production_rate");
	if (rate <= d)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("production_rate must exceed annual_demand (with production no faster than demand there is no inventory cycle), got %g and %g",
						rate, d)));
}

PG_FUNCTION_INFO_V1(logistics_epq);
Datum
logistics_epq(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		rate = PG_GETARG_FLOAT8(3);

	CheckEoq(d, k, h);
	CheckRate(d, rate);
	PG_RETURN_FLOAT8(CheckResult(lg_epq(d, k, h, rate)));
}

/* epq_cost(D, K, h, P): optimal cost sqrt(2 K D h (1 - D/P)) */
PG_FUNCTION_INFO_V1(logistics_epq_cost_opt);
Datum
logistics_epq_cost_opt(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		rate = PG_GETARG_FLOAT8(3);

	CheckEoq(d, k, h);
	CheckRate(d, rate);
	PG_RETURN_FLOAT8(CheckResult(sqrt(2.0 * k * d * h * (1.0 - d / rate))));
}

PG_FUNCTION_INFO_V1(logistics_epq_cost);
Datum
logistics_epq_cost(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		rate = PG_GETARG_FLOAT8(3);
	double		q = PG_GETARG_FLOAT8(4);

	CheckEoq(d, k, h);
	CheckRate(d, rate);
	CheckPositive(q, "order_quantity");
	PG_RETURN_FLOAT8(CheckResult(lg_epq_cost(d, k, h, rate, q)));
}

/*
 * Check and solve an all-units (or incremental) discount problem from the
 * SQL arguments (D, K, i, breakpoints[], unit_costs[]); returns Q, *cost
 * the annual cost.
 */
static double
AllUnits(FunctionCallInfo fcinfo, double *cost, bool incremental)
{
	double		d = PG_GETARG_FLOAT8(0);
	double		k = PG_GETARG_FLOAT8(1);
	double		i = PG_GETARG_FLOAT8(2);
	int			nb,
				nc,
				j,
				tier;
	double	   *b = lg_float8_array(PG_GETARG_ARRAYTYPE_P(3), &nb,
									"breakpoints");
	double	   *c = lg_float8_array(PG_GETARG_ARRAYTYPE_P(4), &nc,
									"unit_costs");

	CheckPositive(d, "annual_demand");
	lg_check_nonneg(k, "order_cost");
	CheckPositive(i, "holding_rate");
	if (nb != nc)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("breakpoints and unit_costs must have the same length, got %d and %d",
						nb, nc)));
	if (nb == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("breakpoints must not be empty")));
	if (nb > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("at most 1000 price tiers are supported, got %d", nb)));
	for (j = 0; j < nb; j++)
	{
		lg_check_finite(b[j], "breakpoint");
		CheckPositive(c[j], "unit cost");
	}
	if (b[0] != 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the first breakpoint must be 0, got %g", b[0])));
	for (j = 1; j < nb; j++)
	{
		if (!(b[j] > b[j - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("breakpoints must increase, got %g after %g",
							b[j], b[j - 1])));
		if (c[j] > c[j - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit costs must not increase with quantity, got %g after %g",
							c[j], c[j - 1])));
	}
	if (incremental)
	{
		CheckPositive(k, "order_cost");
		return lg_eoq_incremental(d, k, i, b, c, nb, cost, &tier);
	}
	return lg_eoq_all_units(d, k, i, b, c, nb, cost, &tier);
}

PG_FUNCTION_INFO_V1(logistics_eoq_all_units);
Datum
logistics_eoq_all_units(PG_FUNCTION_ARGS)
{
	double		cost;

	PG_RETURN_FLOAT8(CheckResult(AllUnits(fcinfo, &cost, false)));
}

PG_FUNCTION_INFO_V1(logistics_eoq_all_units_cost);
Datum
logistics_eoq_all_units_cost(PG_FUNCTION_ARGS)
{
	double		cost;

	(void) AllUnits(fcinfo, &cost, false);
	PG_RETURN_FLOAT8(CheckResult(cost));
}

PG_FUNCTION_INFO_V1(logistics_eoq_incremental);
Datum
logistics_eoq_incremental(PG_FUNCTION_ARGS)
{
	double		cost;

	PG_RETURN_FLOAT8(CheckResult(AllUnits(fcinfo, &cost, true)));
}

PG_FUNCTION_INFO_V1(logistics_eoq_incremental_cost);
Datum
logistics_eoq_incremental_cost(PG_FUNCTION_ARGS)
{
	double		cost;

	(void) AllUnits(fcinfo, &cost, true);
	PG_RETURN_FLOAT8(CheckResult(cost));
}

/* ------------------------------------------------------------ newsvendor */

/* Check mean >= 0, sd >= 0, costs > 0. */
static void
CheckNewsvendor(double mean, double sd, double cu, double co)
{
	lg_check_nonneg(mean, "demand_mean");
	lg_check_nonneg(sd, "demand_sd");
	CheckPositive(cu, "underage_cost");
	CheckPositive(co, "overage_cost");
}

/*
 * z = Phi^-1(cu / (cu + co)), the critical fractile, taken from the upper
 * tail when it is above 1/2: cu / (cu + co) rounds to 1 when co is tiny
 * next to cu (1e-300 and 0.5), while co / (cu + co) keeps its digits.
 */
static double
CriticalZ(double cu, double co)
{
	if (cu <= co)
		return lg_norm_quantile(cu / (cu + co));
	return -lg_norm_quantile(co / (cu + co));
}

/* newsvendor(mean, sd, cu, co) = mean + sd Phi^-1(cu / (cu + co)) */
PG_FUNCTION_INFO_V1(logistics_newsvendor);
Datum
logistics_newsvendor(PG_FUNCTION_ARGS)
{
	double		mean = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		cu = PG_GETARG_FLOAT8(2);
	double		co = PG_GETARG_FLOAT8(3);

	CheckNewsvendor(mean, sd, cu, co);
	if (sd == 0.0)
		PG_RETURN_FLOAT8(mean);
	PG_RETURN_FLOAT8(CheckResult(mean + sd * CriticalZ(cu, co)));
}

/* newsvendor_cost(mean, sd, cu, co): optimal cost (cu + co) sd phi(z) */
PG_FUNCTION_INFO_V1(logistics_newsvendor_cost_opt);
Datum
logistics_newsvendor_cost_opt(PG_FUNCTION_ARGS)
{
	double		mean = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		cu = PG_GETARG_FLOAT8(2);
	double		co = PG_GETARG_FLOAT8(3);

	CheckNewsvendor(mean, sd, cu, co);
	PG_RETURN_FLOAT8(CheckResult((cu + co) * sd *
					 lg_norm_pdf(CriticalZ(cu, co))));
}

/* newsvendor_cost(mean, sd, cu, co, S) = co E[(S-D)+] + cu E[(D-S)+] */
PG_FUNCTION_INFO_V1(logistics_newsvendor_cost);
Datum
logistics_newsvendor_cost(PG_FUNCTION_ARGS)
{
	double		mean = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		cu = PG_GETARG_FLOAT8(2);
	double		co = PG_GETARG_FLOAT8(3);
	double		s = PG_GETARG_FLOAT8(4);

	CheckNewsvendor(mean, sd, cu, co);
	lg_check_finite(s, "stock");
	if (sd == 0.0)
		PG_RETURN_FLOAT8(CheckResult(s >= mean ? co * (s - mean) : cu * (mean - s)));
	PG_RETURN_FLOAT8(CheckResult(lg_newsvendor_cost(mean, sd, cu, co, s)));
}

/* Price-form arguments: price > unit_cost > salvage >= 0. */
static void
CheckPrices(double price, double cost, double salvage)
{
	lg_check_nonneg(salvage, "salvage");
	CheckPositive(cost, "unit_cost");
	CheckPositive(price, "price");
	if (!(price > cost && cost > salvage))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("price must exceed unit_cost and unit_cost must exceed salvage, got %g, %g and %g",
						price, cost, salvage)));
}

/*
 * newsvendor_profit(mean, sd, price, unit_cost, salvage[, S]): expected
 * profit (r - c) mean - [(c - v) E[(S-D)+] + (r - c) E[(D-S)+]], at the
 * optimal S or the given one.
 */
PG_FUNCTION_INFO_V1(logistics_newsvendor_profit);
Datum
logistics_newsvendor_profit(PG_FUNCTION_ARGS)
{
	double		mean = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		r = PG_GETARG_FLOAT8(2);
	double		c = PG_GETARG_FLOAT8(3);
	double		v = PG_GETARG_FLOAT8(4);
	double		cu,
				co,
				s;

	lg_check_nonneg(mean, "demand_mean");
	lg_check_nonneg(sd, "demand_sd");
	CheckPrices(r, c, v);
	cu = r - c;
	co = c - v;
	if (PG_NARGS() > 5)
	{
		s = PG_GETARG_FLOAT8(5);
		lg_check_finite(s, "stock");
	}
	else
		s = mean + sd * CriticalZ(cu, co);
	if (sd == 0.0)
		PG_RETURN_FLOAT8(CheckResult(cu * mean -
						 (s >= mean ? co * (s - mean) : cu * (mean - s))));
	PG_RETURN_FLOAT8(CheckResult(cu * mean - lg_newsvendor_cost(mean, sd, cu, co, s)));
}

/* newsvendor_fill_rate(mean, sd, S) = 1 - E[(D-S)+] / mean */
PG_FUNCTION_INFO_V1(logistics_newsvendor_fill_rate);
Datum
logistics_newsvendor_fill_rate(PG_FUNCTION_ARGS)
{
	double		mean = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		s = PG_GETARG_FLOAT8(2);

	CheckPositive(mean, "demand_mean");
	lg_check_nonneg(sd, "demand_sd");
	lg_check_finite(s, "stock");
	if (sd == 0.0)
		PG_RETURN_FLOAT8(CheckResult(s >= mean ? 1.0 : Max(s, 0.0) / mean));
	PG_RETURN_FLOAT8(CheckResult(1.0 - sd * lg_norm_loss((s - mean) / sd) / mean));
}

/* ------------------------------------------------- dynamic lot sizing */

#define WW_MAX_PERIODS 10000

/*
 * Check and solve a Wagner-Whitin problem from the SQL arguments (demand[],
 * K, h[, unit_costs[]]): fills *q (palloc'd) and *n, returns the cost.
 */
static double
WagnerWhitin(FunctionCallInfo fcinfo, double **q, int *n)
{
	int			nd,
				nc = 0,
				i;
	double	   *d = lg_float8_array(PG_GETARG_ARRAYTYPE_P(0), &nd, "demand");
	double		k = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double	   *c = NULL;

	lg_check_nonneg(k, "order_cost");
	lg_check_nonneg(h, "holding_cost");
	if (PG_NARGS() > 3)
	{
		c = lg_float8_array(PG_GETARG_ARRAYTYPE_P(3), &nc, "unit_costs");
		if (nc != nd)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("demand and unit_costs must have the same length, got %d and %d",
							nd, nc)));
	}
	if (nd == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("demand must not be empty")));
	if (nd > WW_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("at most %d periods are supported, got %d",
						WW_MAX_PERIODS, nd)));
	for (i = 0; i < nd; i++)
	{
		lg_check_nonneg(d[i], "demand element");
		if (c)
			lg_check_nonneg(c[i], "unit cost");
	}
	*n = nd;
	*q = palloc(sizeof(double) * nd);
	return lg_wagner_whitin(d, nd, k, h, c, *q,
							palloc(sizeof(double) * (nd + 1)),
							palloc(sizeof(int) * (nd + 1)),
							lg_interrupt_callback, NULL);
}

/* wagner_whitin(demand[], K, h[, unit_costs[]]): order quantity per period */
PG_FUNCTION_INFO_V1(logistics_wagner_whitin);
Datum
logistics_wagner_whitin(PG_FUNCTION_ARGS)
{
	double	   *q;
	int			n;
	int			i;

	(void) WagnerWhitin(fcinfo, &q, &n);
	/* an order covers several periods: its quantity can overflow */
	for (i = 0; i < n; i++)
		CheckResult(q[i]);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(q, n));
}

/* wagner_whitin_cost(...): the total cost of that plan */
PG_FUNCTION_INFO_V1(logistics_wagner_whitin_cost);
Datum
logistics_wagner_whitin_cost(PG_FUNCTION_ARGS)
{
	double	   *q;
	int			n;

	PG_RETURN_FLOAT8(CheckResult(WagnerWhitin(fcinfo, &q, &n)));
}

/* ------------------------------------------------------ Poisson demand */

/* Check a Poisson mean: finite, >= 0, at most LG_POISSON_MAX. */
static void
CheckPoissonMean(double lambda)
{
	lg_check_nonneg(lambda, "demand_mean");
	if (lambda > LG_POISSON_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("demand_mean must be at most %g for Poisson demand, got %g",
						LG_POISSON_MAX, lambda)));
}

/* h E[(S-D)+] + p E[(D-S)+] for Poisson(lambda) demand */
static double
PoissonNewsvendorCost(double lambda, double cu, double co, int64 s)
{
	double		below,
				above;

	if (lg_poisson_losses(lambda, s, &below, &above) != 0)
		elog(ERROR, "Poisson mean out of range");
	return co * below + cu * above;
}

/* newsvendor_poisson(mean, cu, co): smallest S with F(S) >= cu/(cu+co) */
PG_FUNCTION_INFO_V1(logistics_newsvendor_poisson);
Datum
logistics_newsvendor_poisson(PG_FUNCTION_ARGS)
{
	double		lambda = PG_GETARG_FLOAT8(0);
	double		cu = PG_GETARG_FLOAT8(1);
	double		co = PG_GETARG_FLOAT8(2);

	CheckPoissonMean(lambda);
	CheckPositive(cu, "underage_cost");
	CheckPositive(co, "overage_cost");
	PG_RETURN_INT64(lg_poisson_quantile(lambda, cu / (cu + co)));
}

/* newsvendor_poisson_cost(mean, cu, co[, S]): expected cost at S or S* */
PG_FUNCTION_INFO_V1(logistics_newsvendor_poisson_cost);
Datum
logistics_newsvendor_poisson_cost(PG_FUNCTION_ARGS)
{
	double		lambda = PG_GETARG_FLOAT8(0);
	double		cu = PG_GETARG_FLOAT8(1);
	double		co = PG_GETARG_FLOAT8(2);
	int64		s;

	CheckPoissonMean(lambda);
	CheckPositive(cu, "underage_cost");
	CheckPositive(co, "overage_cost");
	s = PG_NARGS() > 3 ? PG_GETARG_INT64(3) :
		lg_poisson_quantile(lambda, cu / (cu + co));
	PG_RETURN_FLOAT8(CheckResult(PoissonNewsvendorCost(lambda, cu, co, s)));
}

/* ------------------------------------------------------- (s, S) policies */

#define SS_MAX_SPREAD 20000
#define SS_MAX_MEAN 100000.0

/* Check the (s, S) cost arguments. */
static void
CheckSs(double lambda, double h, double p, double k)
{
	lg_check_nonneg(lambda, "demand_mean");
	if (lambda == 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("demand_mean must be positive, got 0")));
	if (lambda > SS_MAX_MEAN)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("demand_mean must be at most %g for the exact (s, S) policy, got %g: use ss_policy_power() for large demand",
						SS_MAX_MEAN, lambda)));
	CheckPositive(h, "holding_cost");
	CheckPositive(p, "backorder_cost");
	lg_check_nonneg(k, "order_cost");
}

/*
 * ss_policy_poisson(mean, h, p, K, OUT reorder_point, OUT order_up_to,
 * OUT cost): the optimal (s, S) for Poisson period demand and zero lead
 * time (Zheng and Federgruen 1991).  The search window starts at 1000 and
 * widens to SS_MAX_SPREAD.
 */
PG_FUNCTION_INFO_V1(logistics_ss_policy_poisson);
Datum
logistics_ss_policy_poisson(PG_FUNCTION_ARGS)
{
	double		lambda = PG_GETARG_FLOAT8(0);
	double		h = PG_GETARG_FLOAT8(1);
	double		p = PG_GETARG_FLOAT8(2);
	double		k = PG_GETARG_FLOAT8(3);
	int			nmax;
	int64		s = 0,
				big_s = 0;
	double		cost = 0.0;
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			rc = -1;

	CheckSs(lambda, h, p, k);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ss_policy_poisson must return a record");
	for (nmax = 1000; nmax <= SS_MAX_SPREAD && rc != 0; nmax *= 4)
	{
		double	   *work = palloc_extended(sizeof(double) *
										   lg_ss_poisson_work(lambda, nmax),
										   MCXT_ALLOC_HUGE);

		rc = lg_ss_poisson(lambda, h, p, k, nmax, work, &s, &big_s, &cost,
						   lg_interrupt_callback, NULL);
		pfree(work);
	}
	if (rc != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the optimal (s, S) lies more than %d units from the newsvendor level",
						SS_MAX_SPREAD)));
	values[0] = Int64GetDatum(s);
	values[1] = Int64GetDatum(big_s);
	values[2] = Float8GetDatum(CheckResult(cost));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/* ss_policy_poisson_cost(mean, h, p, K, s, S): average cost per period */
PG_FUNCTION_INFO_V1(logistics_ss_policy_poisson_cost);
Datum
logistics_ss_policy_poisson_cost(PG_FUNCTION_ARGS)
{
	double		lambda = PG_GETARG_FLOAT8(0);
	double		h = PG_GETARG_FLOAT8(1);
	double		p = PG_GETARG_FLOAT8(2);
	double		k = PG_GETARG_FLOAT8(3);
	int64		s = PG_GETARG_INT64(4);
	int64		big_s = PG_GETARG_INT64(5);

	CheckSs(lambda, h, p, k);
	if (big_s <= s)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order_up_to must exceed reorder_point, got " INT64_FORMAT " and " INT64_FORMAT,
						big_s, s)));
	if (big_s - s > SS_MAX_SPREAD)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("order_up_to - reorder_point must be at most %d, got " INT64_FORMAT,
						SS_MAX_SPREAD, big_s - s)));
	PG_RETURN_FLOAT8(CheckResult(lg_ss_poisson_cost(lambda, h, p, k, s, big_s,
										palloc(sizeof(double) *
											   (2 * (big_s - s) + 2)),
										lg_interrupt_callback, NULL)));
}

/*
 * ss_policy_power(mean, sd, h, p, K, lead_time, OUT reorder_point,
 * OUT order_up_to): Ehrhardt's power approximation (R. Ehrhardt, Management
 * Science 25, 1979; constants as given by Snyder and Shen, section 4.5),
 * with lead-time demand over L + 1 periods: Q = 1.30 mu^0.494 (K/h)^0.506 (1 + sd_L^2/mu^2)^0.116,
 * z = sqrt(Q h / (sd_L p)), s = 0.973 mu_L + sd_L (0.183/z + 1.063 -
 * 2.192 z), S = s + Q.
 */
PG_FUNCTION_INFO_V1(logistics_ss_policy_power);
Datum
logistics_ss_policy_power(PG_FUNCTION_ARGS)
{
	double		mu = PG_GETARG_FLOAT8(0);
	double		sd = PG_GETARG_FLOAT8(1);
	double		h = PG_GETARG_FLOAT8(2);
	double		p = PG_GETARG_FLOAT8(3);
	double		k = PG_GETARG_FLOAT8(4);
	double		lt = PG_GETARG_FLOAT8(5);
	double		mu_l,
				sd_l,
				q,
				z,
				s;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	CheckPositive(mu, "demand_mean");
	CheckPositive(sd, "demand_sd");
	CheckPositive(h, "holding_cost");
	CheckPositive(p, "backorder_cost");
	lg_check_nonneg(k, "order_cost");
	lg_check_nonneg(lt, "lead_time");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ss_policy_power must return a record");
	mu_l = mu * (lt + 1.0);
	sd_l = sd * sqrt(lt + 1.0);
	q = 1.30 * pow(mu, 0.494) * pow(k / h, 0.506) *
		pow(1.0 + sd_l * sd_l / (mu * mu), 0.116);
	z = sqrt(q * h / (sd_l * p));
	s = 0.973 * mu_l + sd_l * (0.183 / z + 1.063 - 2.192 * z);
	values[0] = Float8GetDatum(CheckResult(s));
	values[1] = Float8GetDatum(CheckResult(s + q));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/* ------------------------------------------------------ (r, Q) policies */

/*
 * Check (demand_rate, demand_sd, lead_time, h, p, K) at argument 0 and
 * give the mean and sd of lead-time demand.
 */
static void
CheckRq(FunctionCallInfo fcinfo, double *lambda, double *mu, double *sd,
		double *h, double *p, double *k)
{
	double		tau = PG_GETARG_FLOAT8(1);
	double		lt = PG_GETARG_FLOAT8(2);

	*lambda = PG_GETARG_FLOAT8(0);
	*h = PG_GETARG_FLOAT8(3);
	*p = PG_GETARG_FLOAT8(4);
	*k = PG_GETARG_FLOAT8(5);
	CheckPositive(*lambda, "demand_rate");
	lg_check_nonneg(tau, "demand_sd");
	lg_check_nonneg(lt, "lead_time");
	CheckPositive(*h, "holding_cost");
	CheckPositive(*p, "backorder_cost");
	lg_check_nonneg(*k, "order_cost");
	*mu = *lambda * lt;
	*sd = tau * sqrt(lt);
}

/* rq_cost(rate, sd, L, h, p, K, r, Q): exact average cost per time */
PG_FUNCTION_INFO_V1(logistics_rq_cost);
Datum
logistics_rq_cost(PG_FUNCTION_ARGS)
{
	double		lambda,
				mu,
				sd,
				h,
				p,
				k;
	double		r = PG_GETARG_FLOAT8(6);
	double		q = PG_GETARG_FLOAT8(7);

	CheckRq(fcinfo, &lambda, &mu, &sd, &h, &p, &k);
	lg_check_finite(r, "reorder_point");
	CheckPositive(q, "order_quantity");
	PG_RETURN_FLOAT8(CheckResult(lg_rq_cost(h, p, k, lambda, mu, sd, r, q)));
}

/* rq_policy(rate, sd, L, h, p, K, OUT reorder_point, OUT order_quantity, OUT cost) */
PG_FUNCTION_INFO_V1(logistics_rq_policy);
Datum
logistics_rq_policy(PG_FUNCTION_ARGS)
{
	double		lambda,
				mu,
				sd,
				h,
				p,
				k,
				r,
				q,
				cost;
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	CheckRq(fcinfo, &lambda, &mu, &sd, &h, &p, &k);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "rq_policy must return a record");
	if (lg_rq_eil(h, p, k, lambda, mu, sd, &r, &q, &cost) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no (r, Q) solves the approximation: holding cost per cycle reaches the backorder cost; it needs Q h < p demand_rate, so raise backorder_cost or lower order_cost")));
	values[0] = Float8GetDatum(CheckResult(r));
	values[1] = Float8GetDatum(CheckResult(q));
	values[2] = Float8GetDatum(CheckResult(cost));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}
