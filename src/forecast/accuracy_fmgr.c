/*-------------------------------------------------------------------------
 *
 * accuracy_fmgr.c
 *	  SQL interface of forecast accuracy: the accuracy measures as
 *	  aggregates over (actual, forecast) rows and as functions over arrays,
 *	  and the demand classification (demand_series is in
 *	  demand_series_fmgr.c).
 *
 * All aggregates here have an internal state allocated in the aggregate
 * memory context, a combine function that copies rather than aliases, and
 * serialize/deserialize functions whose byte format is checked before it is
 * trusted.  The accuracy aggregates share one fixed-size state
 * (AccuracySums).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "common/logistics.h"
#include "common/fraction.h"
#include "common/state_io.h"
#include "accuracy.h"

/* ------------------------------------------------------------------------
 * Accuracy aggregates: shared state handling
 * ------------------------------------------------------------------------
 */

#define ACC_WIRE_MAGIC	0x4C414331	/* "LAC1": version 1 of the byte format */

/* The serialized state: a magic word, padding, then the sums. */
typedef struct AccWire
{
	uint32		magic;
	uint32		reserved;
	AccuracySums sums;
} AccWire;

/* True when any of the arguments first..last is NULL. */
static bool
AnyArgIsNull(FunctionCallInfo fcinfo, int first, int last)
{
	int			i;

	for (i = first; i <= last; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/*
 * The state of an accuracy aggregate, created in the aggregate context on
 * the first row.
 */
static AccuracySums *
AccState(FunctionCallInfo fcinfo, const char *caller)
{
	MemoryContext aggcxt;
	AccuracySums *s;

	/* a real state type: callable from SQL, so a user error (0A000) */
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as an aggregate support function",
						caller)));
	if (!PG_ARGISNULL(0))
		return (AccuracySums *) PG_GETARG_POINTER(0);
	s = (AccuracySums *) MemoryContextAlloc(aggcxt, sizeof(AccuracySums));
	acc_init(s);
	return s;
}

/* The row's state unchanged (a row with a NULL argument is skipped). */
#define ACC_SKIP_ROW() \
	do { \
		if (PG_ARGISNULL(0)) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} while (0)

static void
CheckQuantile(double q)
{
	lg_check_not_percent(q, "quantile");
	if (!(q > 0.0 && q < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile must be between 0 and 1 (exclusive), got %g",
						q)));
}

static void
CheckAlpha(double alpha)
{
	lg_check_not_percent(alpha, "alpha");
	if (!(alpha > 0.0 && alpha < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("alpha must be between 0 and 1 (exclusive; 1 - level, so 0.05 for 95%% intervals), got %g",
						alpha)));
}

static void
CheckScale(double scale)
{
	if (!(scale > 0.0) || isinf(scale))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale must be a positive finite number (logistics.mase_scale(training_series, m) computes it), got %g",
						scale)));
}

static void
CheckInterval(double lower, double upper)
{
	if (lower > upper)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower bound must not exceed upper bound, got lower %g and upper %g",
						lower, upper)));
}

static void
CheckSeasonLag(int32 m)
{
	if (m < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("m must be at least 1, got %d", m)));
}

/* A finished measure: NULL when undefined, an error when it overflowed. */
static Datum
AccResult(FunctionCallInfo fcinfo, bool defined, double value,
		  const char *measure)
{
	if (!defined)
		PG_RETURN_NULL();
	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of the range of float8", measure)));
	PG_RETURN_FLOAT8(value);
}

/* ------------------------------------------------------------------------
 * Transition functions
 * ------------------------------------------------------------------------
 */

/* (state, actual, forecast): the point measures. */
PG_FUNCTION_INFO_V1(logistics_acc_point_trans);
Datum
logistics_acc_point_trans(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	double		a,
				f;

	if (AnyArgIsNull(fcinfo, 1, 2))
		ACC_SKIP_ROW();
	s = AccState(fcinfo, "logistics_acc_point_trans");
	a = PG_GETARG_FLOAT8(1);
	f = PG_GETARG_FLOAT8(2);
	lg_check_finite(a, "actual");
	lg_check_finite(f, "forecast");
	acc_add_point(s, a, f);
	PG_RETURN_POINTER(s);
}

/* (state, actual, forecast, scale): the point measures and MASE. */
PG_FUNCTION_INFO_V1(logistics_acc_scaled_trans);
Datum
logistics_acc_scaled_trans(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	double		a,
				f,
				scale;

	if (AnyArgIsNull(fcinfo, 1, 3))
		ACC_SKIP_ROW();
	s = AccState(fcinfo, "logistics_acc_scaled_trans");
	a = PG_GETARG_FLOAT8(1);
	f = PG_GETARG_FLOAT8(2);
	scale = PG_GETARG_FLOAT8(3);
	lg_check_finite(a, "actual");
	lg_check_finite(f, "forecast");
	CheckScale(scale);
	acc_add_scaled(s, a, f, scale);
	PG_RETURN_POINTER(s);
}

/* (state, actual, forecast, quantile): the pinball loss. */
PG_FUNCTION_INFO_V1(logistics_acc_pinball_trans);
Datum
logistics_acc_pinball_trans(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	double		a,
				f,
				q;

	if (AnyArgIsNull(fcinfo, 1, 3))
		ACC_SKIP_ROW();
	s = AccState(fcinfo, "logistics_acc_pinball_trans");
	a = PG_GETARG_FLOAT8(1);
	f = PG_GETARG_FLOAT8(2);
	q = PG_GETARG_FLOAT8(3);
	lg_check_finite(a, "actual");
	lg_check_finite(f, "forecast");
	CheckQuantile(q);
	acc_add_pinball(s, a, f, q);
	PG_RETURN_POINTER(s);
}

/* (state, actual, lower, upper): interval coverage. */
PG_FUNCTION_INFO_V1(logistics_acc_coverage_trans);
Datum
logistics_acc_coverage_trans(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	double		a,
				lo,
				hi;

	if (AnyArgIsNull(fcinfo, 1, 3))
		ACC_SKIP_ROW();
	s = AccState(fcinfo, "logistics_acc_coverage_trans");
	a = PG_GETARG_FLOAT8(1);
	lo = PG_GETARG_FLOAT8(2);
	hi = PG_GETARG_FLOAT8(3);
	lg_check_finite(a, "actual");
	lg_check_finite(lo, "lower");
	lg_check_finite(hi, "upper");
	CheckInterval(lo, hi);
	acc_add_coverage(s, a, lo, hi);
	PG_RETURN_POINTER(s);
}

/* (state, actual, lower, upper, scale, alpha): MSIS. */
PG_FUNCTION_INFO_V1(logistics_acc_msis_trans);
Datum
logistics_acc_msis_trans(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	double		a,
				lo,
				hi,
				scale,
				alpha;

	if (AnyArgIsNull(fcinfo, 1, 5))
		ACC_SKIP_ROW();
	s = AccState(fcinfo, "logistics_acc_msis_trans");
	a = PG_GETARG_FLOAT8(1);
	lo = PG_GETARG_FLOAT8(2);
	hi = PG_GETARG_FLOAT8(3);
	scale = PG_GETARG_FLOAT8(4);
	alpha = PG_GETARG_FLOAT8(5);
	lg_check_finite(a, "actual");
	lg_check_finite(lo, "lower");
	lg_check_finite(hi, "upper");
	CheckInterval(lo, hi);
	CheckScale(scale);
	CheckAlpha(alpha);
	acc_add_msis(s, a, lo, hi, scale, alpha);
	PG_RETURN_POINTER(s);
}

/* ------------------------------------------------------------------------
 * Combine, serialize, deserialize
 * ------------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(logistics_acc_combine);
Datum
logistics_acc_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AccuracySums *dst;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("logistics_acc_combine can only be called as an aggregate support function")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		/* a copy in the aggregate context, never the caller's memory */
		dst = (AccuracySums *) MemoryContextAlloc(aggcxt, sizeof(AccuracySums));
		memcpy(dst, PG_GETARG_POINTER(1), sizeof(AccuracySums));
		PG_RETURN_POINTER(dst);
	}
	dst = (AccuracySums *) PG_GETARG_POINTER(0);
	acc_merge(dst, (AccuracySums *) PG_GETARG_POINTER(1));
	PG_RETURN_POINTER(dst);
}

PG_FUNCTION_INFO_V1(logistics_acc_serial);
Datum
logistics_acc_serial(PG_FUNCTION_ARGS)
{
	AccuracySums *s;
	AccWire		w;
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "logistics_acc_serial called in non-aggregate context");
	s = (AccuracySums *) PG_GETARG_POINTER(0);
	memset(&w, 0, sizeof(w));
	w.magic = ACC_WIRE_MAGIC;
	w.sums = *s;
	out = (bytea *) palloc(VARHDRSZ + sizeof(AccWire));
	SET_VARSIZE(out, VARHDRSZ + sizeof(AccWire));
	memcpy(VARDATA(out), &w, sizeof(AccWire));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(logistics_acc_deserial);
Datum
logistics_acc_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	AccWire		w;
	AccuracySums *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "logistics_acc_deserial called in non-aggregate context");
	in = PG_GETARG_BYTEA_PP(0);
	if (VARSIZE_ANY_EXHDR(in) != sizeof(AccWire))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed accuracy aggregate state: %d bytes, expected %d",
						(int) VARSIZE_ANY_EXHDR(in), (int) sizeof(AccWire))));
	memcpy(&w, VARDATA_ANY(in), sizeof(AccWire));
	if (w.magic != ACC_WIRE_MAGIC)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed accuracy aggregate state: unknown format %08x",
						w.magic)));
	if (w.sums.n < 0 || w.sums.n_nonzero < 0 || w.sums.n_inside < 0 ||
		w.sums.n_nonzero > w.sums.n || w.sums.n_inside > w.sums.n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed accuracy aggregate state: inconsistent counts")));
	s = (AccuracySums *) palloc(sizeof(AccuracySums));
	*s = w.sums;
	PG_RETURN_POINTER(s);
}

/* ------------------------------------------------------------------------
 * The state type logistics.accuracy_state: the AccuracySums as a real type
 * (not internal), so that Citus can ship it as text and split the accuracy
 * aggregates into worker partials and a coordinator combine.  Its input
 * checks the counts as the deserializer of the internal state did, and
 * that every sum is finite.
 * ------------------------------------------------------------------------
 */
static const char *
AccStateCheck(const void *state)
{
	const AccuracySums *s = (const AccuracySums *) state;

	if (s->n < 0 || s->n_nonzero < 0 || s->n_inside < 0 ||
		s->n_nonzero > s->n || s->n_inside > s->n)
		return "inconsistent counts";
	return NULL;
}

#define ACC_SUM_FIELDS(m) LG_FIELD_D(AccuracySums, m.s), LG_FIELD_D(AccuracySums, m.c)

static const LgStateField acc_state_fields[] = {
	LG_FIELD_I(AccuracySums, n),
	LG_FIELD_I(AccuracySums, n_nonzero),
	LG_FIELD_I(AccuracySums, n_inside),
	ACC_SUM_FIELDS(abs_err),
	ACC_SUM_FIELDS(sq_err),
	ACC_SUM_FIELDS(err),
	ACC_SUM_FIELDS(abs_actual),
	ACC_SUM_FIELDS(ape),
	ACC_SUM_FIELDS(sape),
	ACC_SUM_FIELDS(loss)
};

static const LgStateType acc_state_type = {
	"logistics.accuracy_state", sizeof(AccuracySums),
	lengthof(acc_state_fields), acc_state_fields, AccStateCheck
};

StaticAssertDecl(sizeof(AccuracySums) == 136,
				 "accuracy_state is INTERNALLENGTH 136");

PG_FUNCTION_INFO_V1(logistics_accuracy_state_in);
Datum
logistics_accuracy_state_in(PG_FUNCTION_ARGS)
{
	return lg_state_in(fcinfo, &acc_state_type);
}

PG_FUNCTION_INFO_V1(logistics_accuracy_state_out);
Datum
logistics_accuracy_state_out(PG_FUNCTION_ARGS)
{
	return lg_state_out(fcinfo, &acc_state_type);
}

PG_FUNCTION_INFO_V1(logistics_accuracy_state_recv);
Datum
logistics_accuracy_state_recv(PG_FUNCTION_ARGS)
{
	return lg_state_recv(fcinfo, &acc_state_type);
}

PG_FUNCTION_INFO_V1(logistics_accuracy_state_send);
Datum
logistics_accuracy_state_send(PG_FUNCTION_ARGS)
{
	return lg_state_send(fcinfo, &acc_state_type);
}

/* ------------------------------------------------------------------------
 * Final functions
 * ------------------------------------------------------------------------
 */

#define ACC_FINAL(fname, kernel, label) \
PG_FUNCTION_INFO_V1(fname); \
Datum \
fname(PG_FUNCTION_ARGS) \
{ \
	double		v = 0.0; \
	bool		ok; \
\
	if (PG_ARGISNULL(0)) \
		PG_RETURN_NULL(); \
	ok = kernel((AccuracySums *) PG_GETARG_POINTER(0), &v); \
	return AccResult(fcinfo, ok, v, label); \
}

ACC_FINAL(logistics_acc_mae_final, acc_mae, "MAE")
ACC_FINAL(logistics_acc_rmse_final, acc_rmse, "RMSE")
ACC_FINAL(logistics_acc_mape_final, acc_mape, "MAPE")
ACC_FINAL(logistics_acc_smape_final, acc_smape, "sMAPE")
ACC_FINAL(logistics_acc_wape_final, acc_wape, "WAPE")
ACC_FINAL(logistics_acc_bias_final, acc_bias, "bias")
ACC_FINAL(logistics_acc_loss_final, acc_mean_loss, "the mean loss")
ACC_FINAL(logistics_acc_coverage_final, acc_coverage, "coverage")

/*
 * The composite logistics.accuracy_measures: n, mae, rmse, mape, smape,
 * wape, bias, mase (NULL unless scaled).
 */
static Datum
AccuracyTuple(FunctionCallInfo fcinfo, const AccuracySums *s, bool scaled)
{
	TupleDesc	td;
	Datum		values[8];
	bool		nulls[8];
	double		v = 0.0;
	int			i;
	bool		(*measure[6]) (const AccuracySums *, double *) = {
		acc_mae, acc_rmse, acc_mape, acc_smape, acc_wape, acc_bias
	};
	static const char *const label[6] = {
		"MAE", "RMSE", "MAPE", "sMAPE", "WAPE", "bias"
	};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	td = BlessTupleDesc(td);
	if (td->natts != 8)
		elog(ERROR, "logistics.accuracy_measures must have 8 fields");

	values[0] = Int64GetDatum(s->n);
	nulls[0] = false;
	for (i = 0; i < 6; i++)
	{
		bool		ok = measure[i] (s, &v);

		values[i + 1] = ok ? AccResult(fcinfo, true, v, label[i]) : (Datum) 0;
		nulls[i + 1] = !ok;
	}
	nulls[7] = true;
	values[7] = (Datum) 0;
	if (scaled && acc_mean_loss(s, &v))
	{
		values[7] = AccResult(fcinfo, true, v, "MASE");
		nulls[7] = false;
	}
	fcinfo->isnull = false;
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

PG_FUNCTION_INFO_V1(logistics_acc_accuracy_final);
Datum
logistics_acc_accuracy_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return AccuracyTuple(fcinfo, (AccuracySums *) PG_GETARG_POINTER(0), false);
}

PG_FUNCTION_INFO_V1(logistics_acc_accuracy_scaled_final);
Datum
logistics_acc_accuracy_scaled_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return AccuracyTuple(fcinfo, (AccuracySums *) PG_GETARG_POINTER(0), true);
}

/* ------------------------------------------------------------------------
 * Array forms
 * ------------------------------------------------------------------------
 */

/*
 * The elements of argument argno, a one-dimensional float8[] of finite
 * values without NULLs; *n its length.
 */
static double *
FiniteArrayArg(FunctionCallInfo fcinfo, int argno, const char *what, int *n)
{
	double	   *v = lg_float8_array(PG_GETARG_ARRAYTYPE_P(argno), n, what);
	int			i;

	for (i = 0; i < *n; i++)
		lg_check_finite(v[i], what);
	return v;
}

static void
CheckSameLength(const char *what1, int n1, const char *what2, int n2)
{
	if (n1 != n2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s and %s must have the same length, got %d and %d",
						what1, what2, n1, n2)));
}

/* The seasonal-naive scale of train (argument argno) at lag m. */
static double
TrainScale(FunctionCallInfo fcinfo, int argno, int32 m)
{
	int			n;
	double	   *y = FiniteArrayArg(fcinfo, argno, "train", &n);

	CheckSeasonLag(m);
	if (n <= m)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("train must have more than m values, got %d values and m = %d",
						n, m),
				 errhint("The scale is the mean absolute difference y[t] - y[t - m] over the training series.")));
	return acc_seasonal_naive_mae(y, n, m);
}

/* The point sums of the pairs of arrays (actual, forecast) in args 0, 1. */
static void
PointSums(FunctionCallInfo fcinfo, AccuracySums *s, double scale)
{
	int			n,
				nf,
				i;
	double	   *a = FiniteArrayArg(fcinfo, 0, "actual", &n);
	double	   *f = FiniteArrayArg(fcinfo, 1, "forecast", &nf);

	CheckSameLength("actual", n, "forecast", nf);
	acc_init(s);
	for (i = 0; i < n; i++)
	{
		if (scale > 0.0)
			acc_add_scaled(s, a[i], f[i], scale);
		else
			acc_add_point(s, a[i], f[i]);
	}
}

#define ACC_ARRAY(fname, kernel, label) \
PG_FUNCTION_INFO_V1(fname); \
Datum \
fname(PG_FUNCTION_ARGS) \
{ \
	AccuracySums s; \
	double		v = 0.0; \
	bool		ok; \
\
	PointSums(fcinfo, &s, 0.0); \
	ok = kernel(&s, &v); \
	return AccResult(fcinfo, ok, v, label); \
}

ACC_ARRAY(logistics_mae_array, acc_mae, "MAE")
ACC_ARRAY(logistics_rmse_array, acc_rmse, "RMSE")
ACC_ARRAY(logistics_mape_array, acc_mape, "MAPE")
ACC_ARRAY(logistics_smape_array, acc_smape, "sMAPE")
ACC_ARRAY(logistics_wape_array, acc_wape, "WAPE")
ACC_ARRAY(logistics_bias_array, acc_bias, "bias")

/* mase(actual[], forecast[], train[], m) */
PG_FUNCTION_INFO_V1(logistics_mase_array);
Datum
logistics_mase_array(PG_FUNCTION_ARGS)
{
	AccuracySums s;
	double		scale = TrainScale(fcinfo, 2, PG_GETARG_INT32(3));
	double		v = 0.0;
	bool		ok;

	PointSums(fcinfo, &s, scale);
	/* a constant training series (at lag m) leaves MASE undefined */
	if (!(scale > 0.0))
		PG_RETURN_NULL();
	ok = acc_mean_loss(&s, &v);
	return AccResult(fcinfo, ok, v, "MASE");
}

/* mase_scale(train[], m) */
PG_FUNCTION_INFO_V1(logistics_mase_scale);
Datum
logistics_mase_scale(PG_FUNCTION_ARGS)
{
	double		scale = TrainScale(fcinfo, 0, PG_GETARG_INT32(1));

	if (!(scale > 0.0))
		PG_RETURN_NULL();
	return AccResult(fcinfo, true, scale, "the scale");
}

/* pinball_loss(actual[], forecast[], quantile) */
PG_FUNCTION_INFO_V1(logistics_pinball_array);
Datum
logistics_pinball_array(PG_FUNCTION_ARGS)
{
	AccuracySums s;
	int			n,
				nf,
				i;
	double	   *a = FiniteArrayArg(fcinfo, 0, "actual", &n);
	double	   *f = FiniteArrayArg(fcinfo, 1, "forecast", &nf);
	double		q = PG_GETARG_FLOAT8(2);
	double		v = 0.0;
	bool		ok;

	CheckSameLength("actual", n, "forecast", nf);
	CheckQuantile(q);
	acc_init(&s);
	for (i = 0; i < n; i++)
		acc_add_pinball(&s, a[i], f[i], q);
	ok = acc_mean_loss(&s, &v);
	return AccResult(fcinfo, ok, v, "the pinball loss");
}

/* The interval triple (actual[], lower[], upper[]) in args 0..2. */
static int
IntervalArrays(FunctionCallInfo fcinfo, double **a, double **lo, double **hi)
{
	int			n,
				nl,
				nu,
				i;

	*a = FiniteArrayArg(fcinfo, 0, "actual", &n);
	*lo = FiniteArrayArg(fcinfo, 1, "lower", &nl);
	*hi = FiniteArrayArg(fcinfo, 2, "upper", &nu);
	CheckSameLength("actual", n, "lower", nl);
	CheckSameLength("actual", n, "upper", nu);
	for (i = 0; i < n; i++)
		CheckInterval((*lo)[i], (*hi)[i]);
	return n;
}

/* coverage(actual[], lower[], upper[]) */
PG_FUNCTION_INFO_V1(logistics_coverage_array);
Datum
logistics_coverage_array(PG_FUNCTION_ARGS)
{
	AccuracySums s;
	double	   *a,
			   *lo,
			   *hi;
	int			n = IntervalArrays(fcinfo, &a, &lo, &hi);
	int			i;
	double		v = 0.0;
	bool		ok;

	acc_init(&s);
	for (i = 0; i < n; i++)
		acc_add_coverage(&s, a[i], lo[i], hi[i]);
	ok = acc_coverage(&s, &v);
	return AccResult(fcinfo, ok, v, "coverage");
}

/* msis(actual[], lower[], upper[], train[], m, alpha) */
PG_FUNCTION_INFO_V1(logistics_msis_array);
Datum
logistics_msis_array(PG_FUNCTION_ARGS)
{
	AccuracySums s;
	double	   *a,
			   *lo,
			   *hi;
	int			n = IntervalArrays(fcinfo, &a, &lo, &hi);
	double		scale = TrainScale(fcinfo, 3, PG_GETARG_INT32(4));
	double		alpha = PG_GETARG_FLOAT8(5);
	int			i;
	double		v = 0.0;
	bool		ok;

	CheckAlpha(alpha);
	if (!(scale > 0.0))
		PG_RETURN_NULL();
	acc_init(&s);
	for (i = 0; i < n; i++)
		acc_add_msis(&s, a[i], lo[i], hi[i], scale, alpha);
	ok = acc_mean_loss(&s, &v);
	return AccResult(fcinfo, ok, v, "MSIS");
}

/* accuracy(actual[], forecast[]) */
PG_FUNCTION_INFO_V1(logistics_accuracy_array);
Datum
logistics_accuracy_array(PG_FUNCTION_ARGS)
{
	AccuracySums s;

	PointSums(fcinfo, &s, 0.0);
	if (s.n == 0)
		PG_RETURN_NULL();
	return AccuracyTuple(fcinfo, &s, false);
}

/* accuracy(actual[], forecast[], train[], m) */
PG_FUNCTION_INFO_V1(logistics_accuracy_array_scaled);
Datum
logistics_accuracy_array_scaled(PG_FUNCTION_ARGS)
{
	AccuracySums s;
	double		scale = TrainScale(fcinfo, 2, PG_GETARG_INT32(3));

	PointSums(fcinfo, &s, scale);
	if (s.n == 0)
		PG_RETURN_NULL();
	return AccuracyTuple(fcinfo, &s, scale > 0.0);
}

/* ------------------------------------------------------------------------
 * Demand classification
 * ------------------------------------------------------------------------
 */

static void
DemandProfileArg(FunctionCallInfo fcinfo, DemandProfile *p)
{
	int			n,
				i;
	double	   *y = lg_float8_array(PG_GETARG_ARRAYTYPE_P(0), &n, "demand");

	for (i = 0; i < n; i++)
		lg_check_nonneg(y[i], "demand");
	demand_profile(y, n, p);
}

/* demand_class(y[]) */
PG_FUNCTION_INFO_V1(logistics_demand_class);
Datum
logistics_demand_class(PG_FUNCTION_ARGS)
{
	DemandProfile p;
	const char *name;

	DemandProfileArg(fcinfo, &p);
	name = demand_class_name(p.dclass);
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* demand_profile(y[], OUT n, OUT nonzero, OUT adi, OUT cv2, OUT class) */
PG_FUNCTION_INFO_V1(logistics_demand_profile);
Datum
logistics_demand_profile(PG_FUNCTION_ARGS)
{
	DemandProfile p;
	TupleDesc	td;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	const char *name;

	DemandProfileArg(fcinfo, &p);
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	td = BlessTupleDesc(td);
	values[0] = Int32GetDatum(p.n);
	values[1] = Int32GetDatum(p.nonzero);
	values[2] = Float8GetDatum(p.adi);
	values[3] = Float8GetDatum(p.cv2);
	values[4] = (Datum) 0;
	name = demand_class_name(p.dclass);
	if (p.nonzero == 0)
		nulls[2] = nulls[3] = true;
	if (name == NULL)
		nulls[4] = true;
	else
		values[4] = PointerGetDatum(cstring_to_text(name));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}
