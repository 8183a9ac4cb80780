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

/* The model as JSON text (the text output form of forecast_model) */
extern char *fc_model_to_json(const FcModel *model);

#endif							/* LOGISTICS_FORECAST_FMGR_H */
