/*-------------------------------------------------------------------------
 *
 * vrp.h
 *	  Fleet routing: a vehicle routing solver for dense matrices.
 *
 * Plain C, no PostgreSQL headers.  Exported names start with "lgvrp_"
 * (PostgreSQL loads extension libraries with RTLD_GLOBAL).
 *
 * Model (a superset of what VROOM's JSON input describes, see
 * doc/routing.md):
 *
 *	- locations 0..n_locations-1; per profile an n x n row-major duration
 *	  matrix (required), a distance matrix (NULL: all 0) and a cost matrix
 *	  (NULL: cost = cost_per_time * travel time + cost_per_distance *
 *	  distance).  Matrices may be asymmetric; entries finite, >= 0.
 *	- vehicles: start and end location (-1 = none: the route begins or
 *	  ends at its first or last task), capacity per dimension, a working
 *	  time window, fixed cost (paid when the route has a task), travel
 *	  time = duration / speed_factor, limits on travel time, distance,
 *	  route duration (return minus departure, waiting included, departure
 *	  chosen as late as useful) and number of tasks; integer skills.
 *	- jobs: location, service time, delivery amounts (loaded at the
 *	  start of the route) and pickup amounts (unloaded at its end); the
 *	  load must fit the capacity at every point of the route; zero or
 *	  more disjoint time windows for the start of service (waiting is
 *	  allowed); skills (all must be in the vehicle's); priority.
 *	- breaks (per vehicle, taken in the given order when the vehicle is
 *	  used): a duration, zero or more disjoint windows for its start and
 *	  an optional largest load; no location: a break between two stops
 *	  may start as soon as the vehicle leaves the first (the rest of the
 *	  drive follows it), as VROOM 1.14 schedules breaks.
 *	- shipments: a pair of jobs, a pickup (kind VRP_PICKUP, its pickup
 *	  amounts loaded there) and a delivery (kind VRP_DELIVERY, the same
 *	  amounts as its delivery, unloaded there), each naming the other as
 *	  partner: both on one route, the pickup first, or both unassigned.
 *
 * Objective, lexicographic: first the unassigned jobs, weighted by
 * priority (VRP_PRIORITY_WEIGHT), then the total cost (fixed costs of the
 * used vehicles plus arc costs).  Deterministic: the budget is a count of
 * evaluated insertions or of iterations, with a fixed-seed generator; an optional wall-clock limit stops earlier, and only then
 * does the result depend on the machine.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_VRP_H
#define LOGISTICS_VRP_H

#include <stddef.h>

#define VRP_MAX_DIMS	16		/* capacity dimensions */
#define VRP_INF			1e18	/* "no limit" for times and amounts */

/* Return codes */
#define VRP_OK			0
#define VRP_EBADARG		(-1)
#define VRP_ENOMEM		(-2)

/* Why a job is unassigned (lgvrp_unassigned_reason) */
#define VRP_REASON_NONE		0	/* assigned */
#define VRP_REASON_SKILLS	1	/* no vehicle has all its skills */
#define VRP_REASON_CAPACITY 2	/* too large for every eligible vehicle */
#define VRP_REASON_TIME		3	/* no eligible vehicle can reach it in time
								 * or within its limits, even alone */
#define VRP_REASON_ROOM		4	/* each could serve it alone, but the
								 * search found no room for it */

typedef struct VrpMatrix
{
	const double *duration;		/* n x n, required */
	const double *distance;		/* n x n or NULL */
	const double *cost;			/* n x n or NULL */
} VrpMatrix;

#define VRP_MAX_BREAKS	32		/* per vehicle */

typedef struct VrpBreak
{
	double		service;		/* duration, >= 0 */
	int			n_tw;			/* 0: any time */
	const double *tw;			/* 2 * n_tw: start, end, sorted, disjoint */
	const double *max_load;		/* n_dims or NULL: no limit */
} VrpBreak;

typedef struct VrpVehicle
{
	int			profile;		/* index into matrices */
	int			start;			/* location or -1 */
	int			end;			/* location or -1 */
	const double *capacity;		/* n_dims, or NULL: unlimited */
	double		tw_start;		/* working hours; -VRP_INF..VRP_INF: none */
	double		tw_end;
	double		fixed_cost;
	double		cost_per_time;	/* per unit of travel time */
	double		cost_per_distance;	/* per unit of distance */
	double		speed_factor;	/* > 0; travel time = duration / factor */
	double		max_travel_time;	/* VRP_INF: none */
	double		max_distance;	/* VRP_INF: none */
	double		max_duration;	/* VRP_INF: none */
	int			max_tasks;		/* < 0: none */
	int			n_skills;
	const int  *skills;
	int			n_breaks;		/* 0..VRP_MAX_BREAKS */
	const VrpBreak *breaks;
	int			n_init;			/* initial route (VROOM's steps): the */
	const int  *init;			/* search starts from jobs init[0..n_init) */
} VrpVehicle;

/* Job kinds */
#define VRP_JOB			0		/* delivery from the start, pickup to the end */
#define VRP_PICKUP		1		/* first half of a shipment */
#define VRP_DELIVERY	2		/* second half of a shipment */

typedef struct VrpJob
{
	int			location;
	double		service;
	const double *delivery;		/* n_dims or NULL (zero) */
	const double *pickup;		/* n_dims or NULL (zero) */
	int			n_tw;			/* 0: any time */
	const double *tw;			/* 2 * n_tw: start, end, sorted, disjoint */
	int			n_skills;
	const int  *skills;
	int			priority;		/* 0..100 */
	int			kind;			/* VRP_JOB (0), VRP_PICKUP, VRP_DELIVERY */
	int			partner;		/* shipments: the other half's index */
} VrpJob;

typedef struct VrpProblem
{
	int			n_locations;
	int			n_profiles;
	const VrpMatrix *matrices;
	int			n_dims;			/* 0..VRP_MAX_DIMS */
	int			n_vehicles;
	const VrpVehicle *vehicles;
	int			n_jobs;
	const VrpJob *jobs;
} VrpProblem;

typedef struct VrpOptions
{
	/*
	 * Memory: alloc(size, arg) returns memory or NULL (or raises and does
	 * not return); release(ptr, arg) frees.  Both NULL: malloc/free.
	 */
	void	   *(*alloc) (size_t size, void *arg);
	void		(*release) (void *ptr, void *arg);
	/* Called about every millisecond of work; may not return. */
	void		(*interrupt) (void *arg);
	void	   *arg;

	long		iterations;		/* >= 0: a budget of iterations; < 0: the
								 * default budget of work (a count of
								 * evaluated insertions, close to CPU time)
								 * times effort */
	double		effort;			/* <= 0: 1 */
	double		time_limit;		/* seconds, <= 0: none */
	unsigned long long seed;
	int			fleet_min;		/* -1 auto, 0 off, 1 on (see vrp_search.c) */
	int			local_search;	/* 1: polish new best solutions */
	int			runs;			/* independent annealing runs of the last
								 * phase without a fleet phase, <= 0:
								 * VRP_DEFAULT_RUNS, one with several
								 * depots or vehicle classes */
} VrpOptions;

/* See lgvrp_solve in vrp_search.c */
#define VRP_DEFAULT_RUNS	3

/*
 * The fleet phase ends at half the budget, or later, up to this share
 * more, while exactly one job is out (FleetMin in vrp_search.c)
 */
#define VRP_FLEET_EXTRA		0.1

typedef struct VrpStats
{
	long		iterations;		/* done */
	long		best_iteration; /* when the best was found */
	double		work;			/* insertion positions evaluated */
	double		best_seconds;	/* wall time when the best was found */
	double		seconds;		/* wall time */
	int			stopped_by_time;
	int			fleet_min;		/* the fleet phase ran */
	int			runs;			/* annealing runs of the last phase */
	int			best_run;		/* the run that found the best, 1-based;
								 * 0: found before them */
	double		fleet_end;		/* share of the budget used when the fleet
								 * phase ended; 0: no fleet phase */
	int			pool_routes;	/* distinct routes pooled over the runs */
	int			pool_gain;		/* the pooled routes gave a better plan */
} VrpStats;

typedef struct VrpSolution
{
	/* route of vehicle v: jobs[route_start[v] .. route_start[v+1]-1] */
	int		   *route_start;		/* n_vehicles + 1 */
	int		   *jobs;			/* n_jobs (assigned ones first) */
	int			n_unassigned;
	int		   *unassigned;		/* n_jobs */
	double		cost;
	double		unassigned_weight;
	int			n_routes;
} VrpSolution;

/* Weight of an unassigned job: 1 + priority * (n_jobs + 1). */
#define VRP_PRIORITY_WEIGHT(priority, n_jobs) \
	(1.0 + (double) (priority) * ((double) (n_jobs) + 1.0))

extern void lgvrp_default_options(VrpOptions *opt);

/* The default budget of work for n_jobs jobs (see vrp_search.c). */
extern double lgvrp_default_work(int n_jobs);

/*
 * Check a problem.  Returns VRP_OK or VRP_EBADARG with a message in
 * err[errlen] that names the offending field and index.
 */
extern int	lgvrp_check(const VrpProblem *p, char *err, size_t errlen);

/*
 * Solve.  sol's arrays are allocated with opt's allocator (free them with
 * lgvrp_free_solution).  Returns VRP_OK, VRP_EBADARG or VRP_ENOMEM.
 */
extern int	lgvrp_solve(const VrpProblem *p, const VrpOptions *opt,
						VrpSolution *sol, VrpStats *stats);
extern void lgvrp_free_solution(VrpSolution *sol, const VrpOptions *opt);

/* Step kinds of a schedule */
#define VRP_STEP_START	0
#define VRP_STEP_JOB	1
#define VRP_STEP_BREAK	2
#define VRP_STEP_END	3

/* Schedule of one route, for reports and independent re-checks. */
typedef struct VrpStep
{
	int			kind;			/* VRP_STEP_* */
	int			index;			/* position in jobs[] or break number;
								 * -1 for the start and the end */
	double		arrival;		/* at the step's location */
	double		start;			/* of service (arrival + waiting) */
	double		departure;
	double		waiting;
	double		travel_time;	/* cumulated on arrival */
	double		distance;		/* cumulated on arrival */
	double		cost;			/* cumulated arc costs on arrival */
	double		load[VRP_MAX_DIMS]; /* after the step */
} VrpStep;

/*
 * Schedule vehicle v serving jobs[0..n-1] in order: steps[0] is the
 * start, then the jobs, then the end: n + 2 steps, plus the vehicle's
 * n_breaks break steps between them when n > 0 (so room for n + 2 +
 * n_breaks is needed).  The departure is as late as possible without a
 * later return.  Returns 1 if the route satisfies every constraint, 0 if
 * not (steps still filled; with breaks, a route without any feasible
 * break placement gets its breaks at the end).
 */
extern int	lgvrp_schedule(const VrpProblem *p, int v, const int *jobs, int n,
						   VrpStep *steps);

/* Cost of vehicle v serving jobs[0..n-1] (fixed cost included if n > 0). */
extern double lgvrp_route_cost(const VrpProblem *p, int v, const int *jobs,
							   int n);

/* Why job j is unassigned (VRP_REASON_*); p must have passed lgvrp_check. */
extern int	lgvrp_unassigned_reason(const VrpProblem *p, int j);

/* Which constraint a route breaks (lgvrp_route_violation) */
#define VRP_VIOL_NONE		0
#define VRP_VIOL_SKILLS		1	/* a job needs a skill the vehicle lacks */
#define VRP_VIOL_PRECEDENCE 2	/* a shipment's other half missing or on
								 * the wrong side */
#define VRP_VIOL_LOAD		3	/* over capacity at some point */
#define VRP_VIOL_MAX_TASKS	4
#define VRP_VIOL_TRAVEL_TIME 5	/* max_travel_time */
#define VRP_VIOL_DISTANCE	6	/* max_distance */
#define VRP_VIOL_TIME		7	/* a window, the working hours, a break or
								 * the duration limit */

/*
 * The first constraint (in the order of the codes) that vehicle v
 * serving jobs[0..n-1] breaks, VRP_VIOL_NONE if none; *at: the position
 * of the offending job, -1 when the route as a whole is at fault.  For
 * initial routes (VrpVehicle.init); p must have passed lgvrp_check
 * except for the initial routes.
 */
extern int	lgvrp_route_violation(const VrpProblem *p, int v, const int *jobs,
								  int n, int *at);

/* A sentence for a VRP_VIOL_* code */
extern const char *lgvrp_violation_text(int code);

#endif							/* LOGISTICS_VRP_H */
