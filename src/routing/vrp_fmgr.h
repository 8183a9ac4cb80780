/*-------------------------------------------------------------------------
 *
 * vrp_fmgr.h
 *	  What the SQL glue of the fleet routing solver shares between its
 *	  parser (vrp_fmgr.c) and its JSON writer (vrp_out_fmgr.c): the parsed
 *	  problem with the ids, descriptions and coordinates the solver does not
 *	  see, and the writer's functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_VRP_FMGR_H
#define LOGISTICS_VRP_FMGR_H

#include "lib/stringinfo.h"
#include "utils/jsonb.h"

#include "vrp.h"

typedef struct VrpParse
{
	/* input */
	int			nd;				/* amount dimensions, -1 until seen */
	int			nl;				/* locations */
	bool		have_matrices;
	int			nprof;
	char	  **prof_name;
	VrpMatrix  *mat;
	/* coordinates (no matrices: every distinct point is a location) */
	double	   *lon;
	double	   *lat;
	int			ncoord;
	int			maxcoord;

	VrpVehicle *veh;
	int64	   *vid;
	char	  **vdesc;
	double	   *vco2;			/* g/km */
	int64	  **bid;			/* per vehicle: break ids */
	char	 ***bdesc;			/* per vehicle: break descriptions */
	JsonbValue **vsteps;		/* per vehicle: its steps, or NULL */
	int		  **vstepk;			/* per vehicle: the step of each init task */
	int			nv;
	VrpJob	   *job;
	int64	   *jid;
	char	  **jdesc;
	int			nj;				/* jobs; then 2 per shipment follow */
	int			ns;				/* shipments */

	/* options */
	double		speed_kmh;
	double		detour;
	double		co2;
	double		effort;
	VrpOptions	opt;
} VrpParse;

/* sums over the steps of a route, and over the routes (the summary) */
typedef struct VrpTotals
{
	double		cost,
				service,
				duration,
				waiting,
				distance,
				co2,
				priority;
	double		delivery[VRP_MAX_DIMS],
				pickup[VRP_MAX_DIMS];
} VrpTotals;

extern void VrpOutKeyNum(StringInfo s, const char *key, double x);
extern void VrpOutAmounts(StringInfo s, const char *key, const double *a,
						  int nd);
extern void VrpOutLocation(StringInfo s, VrpParse *P, int loc);
extern void VrpOutDescription(StringInfo s, const char *d);
extern const char *VrpOutKindName(int kind);
extern void VrpOutRoute(StringInfo s, VrpParse *P, const VrpProblem *p, int v,
						const int *jobs, int n, VrpTotals *T);
extern const char *VrpOutReasonText(int r);

#endif							/* LOGISTICS_VRP_FMGR_H */
