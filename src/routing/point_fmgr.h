/*-------------------------------------------------------------------------
 *
 * point_fmgr.h
 *	  Reading PostGIS points (geometry or geography, SRID 4326) without a
 *	  call into PostGIS.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_POINT_FMGR_H
#define LOGISTICS_POINT_FMGR_H

#include "postgres.h"

extern void lg_point_lat_lon(Datum d, const char *what,
							 double *lat, double *lon);

#endif							/* LOGISTICS_POINT_FMGR_H */
