/*-------------------------------------------------------------------------
 *
 * vrp_steps.c
 *	  Initial routes (VROOM's vehicle "steps" in its solving mode): their
 *	  checks and the start of the search from them.
 *
 * VROOM's API.md ("Vehicle steps, in solving mode"): the jobs, pickups
 * and deliveries of a vehicle's steps give the order of its route in the
 * solution the search starts from; breaks, start and end steps and the
 * service_* keys play no part; a route that breaks any constraint is an
 * error.  Here the search then runs as usual (ruin and recreate, local
 * search): the initial routes are a starting point, not fixed, and the
 * jobs they leave out are inserted first.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrp_int.h"

static double
Amt(const double *a, int d)
{
	return a ? a[d] : 0.0;
}

int
lgvrp_route_violation(const VrpProblem *p, int v, const int *jobs, int n,
					  int *at)
{
	const VrpVehicle *veh = &p->vehicles[v];
	const VrpMatrix *m = &p->matrices[veh->profile];
	double		load[VRP_MAX_DIMS],
				tt = 0,
				dist = 0;
	int			k,
				d,
				prev = veh->start;

	*at = -1;
	for (k = 0; k < n; k++)
		if (!VrpSkillsOk(veh, &p->jobs[jobs[k]]))
		{
			*at = k;
			return VRP_VIOL_SKILLS;
		}
	for (k = 0; k < n; k++)
	{
		const VrpJob *j = &p->jobs[jobs[k]];

		if (j->kind != VRP_JOB && !VrpPartnerOk(jobs, n, k, j))
		{
			*at = k;
			return VRP_VIOL_PRECEDENCE;
		}
	}
	/* loads: the plain jobs' deliveries on board at the start */
	memset(load, 0, sizeof(load));
	for (k = 0; k < n; k++)
		for (d = 0; p->jobs[jobs[k]].kind == VRP_JOB && d < p->n_dims; d++)
			load[d] += Amt(p->jobs[jobs[k]].delivery, d);
	for (k = -1; k < n; k++)
	{
		if (k >= 0)
			for (d = 0; d < p->n_dims; d++)
				load[d] += Amt(p->jobs[jobs[k]].pickup, d) -
					Amt(p->jobs[jobs[k]].delivery, d);
		for (d = 0; veh->capacity && d < p->n_dims; d++)
			if (load[d] > veh->capacity[d] + VRP_TOL)
			{
				*at = k;		/* -1: at the start */
				return VRP_VIOL_LOAD;
			}
	}
	if (veh->max_tasks >= 0 && n > veh->max_tasks)
		return VRP_VIOL_MAX_TASKS;
	for (k = 0; k <= n; k++)
	{
		int			to = k < n ? p->jobs[jobs[k]].location : veh->end;

		if (prev >= 0 && to >= 0)
		{
			size_t		a = (size_t) prev * p->n_locations + to;

			tt += m->duration[a] / veh->speed_factor;
			dist += m->distance ? m->distance[a] : 0;
		}
		if (to >= 0)
			prev = to;
	}
	if (tt > veh->max_travel_time + VRP_TOL)
		return VRP_VIOL_TRAVEL_TIME;
	if (dist > veh->max_distance + VRP_TOL)
		return VRP_VIOL_DISTANCE;
	if (n > 0 && !VrpRouteFits(p, v, jobs, n))
		return VRP_VIOL_TIME;
	return VRP_VIOL_NONE;
}

const char *
lgvrp_violation_text(int code)
{
	switch (code)
	{
		case VRP_VIOL_SKILLS:
			return "the vehicle lacks a skill the job needs";
		case VRP_VIOL_PRECEDENCE:
			return "a shipment's pickup and delivery must both be on the route, pickup first";
		case VRP_VIOL_LOAD:
			return "the load exceeds the capacity";
		case VRP_VIOL_MAX_TASKS:
			return "more tasks than max_tasks";
		case VRP_VIOL_TRAVEL_TIME:
			return "more travel time than max_travel_time";
		case VRP_VIOL_DISTANCE:
			return "more distance than max_distance";
		default:
			return "a time window, the working hours or a break cannot be kept";
	}
}

/*
 * Initial routes for lgvrp_check: job indices in range, each job in at
 * most one initial route and once, every route within the constraints.
 */
int
VrpCheckInit(const VrpProblem *p, char *err, size_t len)
{
	unsigned char *seen = NULL;
	int			i,
				k,
				at,
				viol,
				rc = VRP_OK;

	for (i = 0; i < p->n_vehicles && rc == VRP_OK; i++)
	{
		const VrpVehicle *v = &p->vehicles[i];

		if (v->n_init == 0)
			continue;
		if (v->n_init < 0 || !v->init)
		{
			rc = VRP_EBADARG;
			if (err && len)
				snprintf(err, len, "vehicles[%d].steps is missing", i);
			break;
		}
		if (!seen && !(seen = calloc(p->n_jobs + 1, 1)))
			return VRP_ENOMEM;
		for (k = 0; k < v->n_init && rc == VRP_OK; k++)
		{
			int			j = v->init[k];

			if (j < 0 || j >= p->n_jobs || seen[j])
			{
				rc = VRP_EBADARG;
				if (err && len)
					snprintf(err, len, "vehicles[%d].steps: task %d %s", i,
							 k, j < 0 || j >= p->n_jobs ? "is out of range" :
							 "is in another initial route or twice");
			}
			else
				seen[j] = 1;
		}
		if (rc == VRP_OK &&
			(viol = lgvrp_route_violation(p, i, v->init, v->n_init, &at)))
		{
			rc = VRP_EBADARG;
			if (err && len)
				snprintf(err, len, "vehicles[%d].steps: %s (task %d of the route)",
						 i, lgvrp_violation_text(viol), at);
		}
	}
	free(seen);
	return rc;
}

/*
 * Start solution s from the initial routes: each vehicle's route set, the
 * other jobs left unassigned for the first insertion pass.
 */
void
VrpSeedRoutes(Ctx *c, Sol *s)
{
	int			v,
				j,
				k = 0;

	for (v = 0; v < c->nv; v++)
	{
		const VrpVehicle *veh = &c->p->vehicles[v];
		Route	   *r = &s->r[v];

		if (veh->n_init == 0)
			continue;
		RouteReserve(c, r, veh->n_init);
		memcpy(r->jobs, veh->init, sizeof(int) * veh->n_init);
		r->n = veh->n_init;
		SolNote(s, v);
		RouteUpdate(c, r);
		for (j = 0; j < r->n; j++)
			s->route_of[r->jobs[j]] = v;
		Touch(c, v);
		k++;
	}
	if (k == 0)
		return;
	k = 0;
	for (j = 0; j < c->nj; j++)
		if (s->route_of[j] < 0)
			s->unas[k++] = j;
	s->n_unas = k;
	SolRecount(c, s);
}
