/*-------------------------------------------------------------------------
 *
 * vrp_out_fmgr.c
 *	  The JSON writer of vrp_solve: a route and its steps in VROOM's output
 *	  format (API.md of VROOM 1.14), plus CO2 per route; vrp_fmgr.c writes
 *	  the summary and the unassigned jobs with these functions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"

#include "vrp_fmgr.h"

static void
VrpOutNum(StringInfo s, double x)
{
	/* CheckTotals makes this unreachable; never print Infinity as JSON */
	if (!isfinite(x))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("vrp_solve: a result is out of range (%g)", x)));
	if (x == floor(x) && fabs(x) < 1e15)
		appendStringInfo(s, "%.0f", x);
	else
	{
		char	   *t = float8out_internal(x);

		appendStringInfoString(s, t);
		pfree(t);
	}
}

void
VrpOutKeyNum(StringInfo s, const char *key, double x)
{
	appendStringInfo(s, ",\"%s\":", key);
	VrpOutNum(s, x);
}

void
VrpOutAmounts(StringInfo s, const char *key, const double *a, int nd)
{
	int			d;

	appendStringInfo(s, ",\"%s\":[", key);
	for (d = 0; d < nd; d++)
	{
		if (d)
			appendStringInfoChar(s, ',');
		VrpOutNum(s, a ? a[d] : 0);
	}
	appendStringInfoChar(s, ']');
}

void
VrpOutLocation(StringInfo s, VrpParse *P, int loc)
{
	if (loc < 0)
		return;
	if (P->have_matrices)
		appendStringInfo(s, ",\"location_index\":%d", loc);
	else
	{
		appendStringInfoString(s, ",\"location\":[");
		VrpOutNum(s, P->lon[loc]);
		appendStringInfoChar(s, ',');
		VrpOutNum(s, P->lat[loc]);
		appendStringInfoChar(s, ']');
	}
}

void
VrpOutDescription(StringInfo s, const char *d)
{
	if (d)
	{
		appendStringInfoString(s, ",\"description\":");
		escape_json(s, d);
	}
}


/* VROOM's step type of a job */
const char *
VrpOutKindName(int kind)
{
	return kind == VRP_PICKUP ? "pickup" : kind == VRP_DELIVERY ? "delivery" :
		"job";
}

/* One step of a route in VROOM's shape */
static void
AppendStep(StringInfo s, VrpParse *P, int v, const int *jobs,
		   const VrpStep *st)
{
	const VrpVehicle *veh = &P->veh[v];
	const VrpJob *j = st->kind == VRP_STEP_JOB ? &P->job[jobs[st->index]] :
		NULL;
	double		service = 0;

	if (j)
	{
		appendStringInfo(s, "{\"type\":\"%s\",\"id\":" INT64_FORMAT,
						 VrpOutKindName(j->kind), P->jid[jobs[st->index]]);
		VrpOutDescription(s, P->jdesc[jobs[st->index]]);
		VrpOutLocation(s, P, j->location);
		service = j->service;
	}
	else if (st->kind == VRP_STEP_BREAK)
	{
		/* a break has no location (VROOM's shape) */
		appendStringInfo(s, "{\"type\":\"break\",\"id\":" INT64_FORMAT,
						 P->bid[v][st->index]);
		VrpOutDescription(s, P->bdesc[v][st->index]);
		service = veh->breaks[st->index].service;
	}
	else
	{
		appendStringInfo(s, "{\"type\":\"%s\"",
						 st->kind == VRP_STEP_START ? "start" : "end");
		VrpOutLocation(s, P, st->kind == VRP_STEP_START ? veh->start :
					   veh->end);
	}
	VrpOutKeyNum(s, "setup", 0);
	VrpOutKeyNum(s, "service", service);
	VrpOutKeyNum(s, "waiting_time", st->waiting);
	VrpOutKeyNum(s, "arrival", st->arrival);
	VrpOutKeyNum(s, "departure", st->departure);
	VrpOutKeyNum(s, "duration", st->travel_time);
	VrpOutKeyNum(s, "distance", st->distance);
	VrpOutKeyNum(s, "cost", st->cost);
	VrpOutAmounts(s, "load", st->load, P->nd);
	appendStringInfoString(s, ",\"violations\":[]}");
}

/*
 * One route: its steps from lgvrp_schedule (start, jobs and breaks, end),
 * in VROOM's shape
 */
void
VrpOutRoute(StringInfo s, VrpParse *P, const VrpProblem *p, int v,
			const int *jobs, int n, VrpTotals *T)
{
	VrpVehicle *veh = &P->veh[v];
	int			ns = n + 2 + veh->n_breaks;
	VrpStep    *st = palloc0(sizeof(VrpStep) * ns);
	VrpTotals		R;
	int			k,
				d,
				first = 1;

	memset(&R, 0, sizeof(R));
	(void) lgvrp_schedule(p, v, jobs, n, st);
	R.cost = lgvrp_route_cost(p, v, jobs, n);
	for (k = 0; k < n; k++)
	{
		const VrpJob *j = &P->job[jobs[k]];

		R.service += j->service;
		R.priority += j->priority;
		for (d = 0; d < P->nd; d++)
		{
			R.delivery[d] += j->delivery ? j->delivery[d] : 0;
			R.pickup[d] += j->pickup ? j->pickup[d] : 0;
		}
	}
	for (k = 0; k < veh->n_breaks; k++)
		R.service += veh->breaks[k].service;
	for (k = 0; k < ns; k++)
		R.waiting += st[k].waiting;
	R.duration = st[ns - 1].travel_time;
	R.distance = st[ns - 1].distance;
	R.co2 = R.distance / 1000.0 * P->vco2[v] / 1000.0;

	appendStringInfo(s, "{\"vehicle\":" INT64_FORMAT, P->vid[v]);
	VrpOutDescription(s, P->vdesc[v]);
	VrpOutKeyNum(s, "cost", R.cost);
	VrpOutKeyNum(s, "setup", 0);
	VrpOutKeyNum(s, "service", R.service);
	VrpOutKeyNum(s, "duration", R.duration);
	VrpOutKeyNum(s, "waiting_time", R.waiting);
	VrpOutKeyNum(s, "priority", R.priority);
	VrpOutKeyNum(s, "distance", R.distance);
	VrpOutKeyNum(s, "co2_kg", R.co2);
	VrpOutAmounts(s, "delivery", R.delivery, P->nd);
	VrpOutAmounts(s, "pickup", R.pickup, P->nd);
	appendStringInfoString(s, ",\"violations\":[],\"steps\":[");
	for (k = 0; k < ns; k++)
	{
		if ((st[k].kind == VRP_STEP_START && veh->start < 0) ||
			(st[k].kind == VRP_STEP_END && veh->end < 0))
			continue;
		if (!first)
			appendStringInfoChar(s, ',');
		first = 0;
		AppendStep(s, P, v, jobs, &st[k]);
	}
	appendStringInfoString(s, "]}");

	T->cost += R.cost;
	T->service += R.service;
	T->duration += R.duration;
	T->waiting += R.waiting;
	T->distance += R.distance;
	T->co2 += R.co2;
	T->priority += R.priority;
	for (d = 0; d < P->nd; d++)
	{
		T->delivery[d] += R.delivery[d];
		T->pickup[d] += R.pickup[d];
	}
	pfree(st);
}

const char *
VrpOutReasonText(int r)
{
	switch (r)
	{
		case VRP_REASON_SKILLS:
			return "skills: no vehicle has every skill the job needs";
		case VRP_REASON_CAPACITY:
			return "capacity: the job's amounts exceed every eligible vehicle's capacity";
		case VRP_REASON_TIME:
			return "time: no eligible vehicle can serve the job within its time windows and limits, even alone";
		default:
			return "room: each eligible vehicle could serve it alone, but not with the jobs it has";
	}
}
