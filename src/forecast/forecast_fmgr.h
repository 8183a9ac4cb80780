/*-------------------------------------------------------------------------
 *
 * forecast_fmgr.h
 *	  Declarations shared by the fmgr files of the forecasting area:
 *	  forecast_fmgr.c (the SQL functions) and forecast_model_fmgr.c (the
 *	  stored model type logistics.forecast_model).
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_FORECAST_FMGR_H
#define LOGISTICS_FORECAST_FMGR_H

#include "postgres.h"

#include "common/logistics.h"
#include "fcmethods.h"
#include "utils/array.h"

/* The kernel environment of a server call: palloc, CHECK_FOR_INTERRUPTS */
extern void fc_server_env(EtsEnv *env);

/* ereport(ERROR) for a kernel status with its message */
extern void fc_report(int status, const char *msg) pg_attribute_noreturn();

/* Serialise a model into a palloc'd varlena (the forecast_model datum) */
extern struct varlena *fc_model_serialize(const FcModel *model);

/*
 * Read a forecast_model datum into *model (seas and last palloc'd) and
 * validate it; corrupt data is an error.
 */
extern void fc_model_deserialize(struct varlena *v, FcModel *model);

/* Argument checks shared by the SQL functions (errors name the value) */
extern void fc_check_horizon(int h);
/* level a fraction in (0, 1), else ERROR; returns it in percent */
extern double fc_check_level(double level);

/* The series argument as doubles: non-empty, finite */
extern double *fc_series_arg(ArrayType *ya, int *n);

/* The method argument parsed, else ERROR (22023) naming the valid ones */
extern void fc_request_arg(const char *method, FcRequest *req);

/* fc_forecast() with errors reported */
extern void fc_forecast_or_error(const FcModel *model, int h, double level,
								 double *mean, double *lower, double *upper);

/* Rows (step, point, lower, upper) into an SRF's tuplestore */
extern void fc_put_forecast_rows(ReturnSetInfo *rsinfo, int h,
								 const double *mean, const double *lower,
								 const double *upper);

/* Rows (step, point, lower, upper) of a forecast, from an SRF */
extern Datum fc_return_forecast_table(FunctionCallInfo fcinfo,
									  const FcModel *model, int h,
									  double level);

/* In-sample residuals of a model fitted to the series ya, as float8[] */
extern Datum fc_residuals_array(ArrayType *ya, const FcModel *model, int h);
extern int	fc_check_residual_horizon(int h);
extern int	fc_residual_horizon_arg(FunctionCallInfo fcinfo);

/* The model as JSON text (the text output form of forecast_model) */
extern char *fc_model_to_json(const FcModel *model);

#endif							/* LOGISTICS_FORECAST_FMGR_H */
