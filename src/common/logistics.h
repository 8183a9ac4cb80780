/*-------------------------------------------------------------------------
 *
 * logistics.h
 *	  Helpers shared by the fmgr wrappers of every area of the extension.
 *
 * Argument checks report errors with the SQLSTATEs used across the project:
 * non-finite or negative values and out-of-domain parameters are
 * ERRCODE_INVALID_PARAMETER_VALUE; malformed arrays are
 * ERRCODE_ARRAY_SUBSCRIPT_ERROR; NULL elements are
 * ERRCODE_NULL_VALUE_NOT_ALLOWED.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_H
#define LOGISTICS_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "utils/array.h"

/*
 * The library is built with -fvisibility=hidden: only what PGDLLEXPORT marks
 * is exported, which is the V1 entry points, their finfo records and the
 * module magic.  PostgreSQL 16 marks them so itself; for older releases the
 * same definitions as 16's are made here, so every file with SQL-callable
 * functions includes this header before its first PG_FUNCTION_INFO_V1.
 */
#if PG_VERSION_NUM < 160000 && defined(__GNUC__) && !defined(_WIN32)
#undef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))
#undef PG_FUNCTION_INFO_V1
#define PG_FUNCTION_INFO_V1(funcname) \
extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
extern PGDLLEXPORT const Pg_finfo_record * CppConcat(pg_finfo_,funcname)(void); \
const Pg_finfo_record * \
CppConcat(pg_finfo_,funcname) (void) \
{ \
	static const Pg_finfo_record my_finfo = { 1 }; \
	return &my_finfo; \
} \
extern int no_such_variable
#endif

/* Error unless x is a finite number. */
extern void lg_check_finite(double x, const char *what);

/* Error unless x is finite and >= 0. */
extern void lg_check_nonneg(double x, const char *what);

/*
 * The result x of function "what", checked: NaN or an infinity computed
 * from finite arguments is an error (22003), never a value.  Returns x.
 * LG_RESULT(x) does the same in a V1 function and names the SQL function
 * in the message (looked up only when it fails).
 */
extern double lg_check_result(double x, const char *what);
extern double lg_check_result_fn(FunctionCallInfo fcinfo, double x);
#define LG_RESULT(x) lg_check_result_fn(fcinfo, (x))

/*
 * Error unless lat is a finite latitude in [-90, 90] and lon a finite
 * longitude in [-180, 180] (degrees, WGS84).
 */
extern void lg_check_lat_lon(double lat, double lon);

/*
 * Interrupt callback for plain-C kernels: a kernel that loops long calls
 * cb(arg) now and then; this one runs CHECK_FOR_INTERRUPTS(), so a query
 * cancel or statement_timeout ends the loop with the usual error.
 */
extern void lg_interrupt_callback(void *arg);

/*
 * The elements of a one-dimensional float8[] without NULLs, as a palloc'd
 * C array (or a pointer into the detoasted array).  An empty array gives
 * *n = 0.  Errors name the argument.
 */
extern double *lg_float8_array(ArrayType *a, int *n, const char *what);

/* A one-dimensional float8[] built from n doubles. */
extern ArrayType *lg_make_float8_array(const double *v, int n);

/*
 * Start a set-returning function in materialize mode: error 0A000 unless
 * the caller accepts a tuplestore, then a tuplestore in the per-query
 * context and the declared row type, left in rsinfo->setResult and
 * rsinfo->setDesc.  PostgreSQL's InitMaterializedSRF(fcinfo, 0) does the
 * same from 15.1 on; this one is here so the code builds on 13 to 17.
 */
extern ReturnSetInfo *lg_materialized_srf(FunctionCallInfo fcinfo);

#endif							/* LOGISTICS_H */
