/*-------------------------------------------------------------------------
 *
 * vrp_fmgr.c
 *	  SQL glue of the fleet routing solver: vrp_solve(problem jsonb,
 *	  options jsonb) reads VROOM's input format and writes VROOM's output
 *	  format (API.md of VROOM 1.14), plus CO2 and what the search did.
 *
 * Units as in VROOM: times in seconds, distances in metres, costs per
 * hour of travel and per km.  Every malformed input is an error naming the
 * key and its index (SQLSTATE 22023), a feature we do not have yet is
 * 0A000, a size beyond the documented limits 54000.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "common/logistics.h"
#include "geodesic.h"
#include "vrp.h"
#include "vrp_fmgr.h"

#define VRP_MAX_JOBS		10000
#define VRP_MAX_VEHICLES	2000
#define VRP_MAX_LOCATIONS	5000

#define DEFAULT_SPEED_KMH	40.0
#define DEFAULT_DETOUR		1.3


/* ---------------------------------------------------------------- JSON */

static void
pg_attribute_noreturn()
BadInput(const char *fmt, const char *path, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg(fmt, path, detail ? detail : "")));
}

static bool
IsContainer(JsonbValue *v, bool object)
{
	return v && v->type == jbvBinary &&
		(object ? JsonContainerIsObject(v->val.binary.data) :
		 JsonContainerIsArray(v->val.binary.data));
}

static JsonbValue *
Key(JsonbContainer *obj, const char *key)
{
	return getKeyJsonValueFromContainer(obj, key, strlen(key), NULL);
}

/* Error on a key of obj that is not in allowed (NULL-terminated). */
static void
CheckKeys(JsonbContainer *obj, const char *const *allowed, const char *path)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *const *a;
		bool		found = false;

		if (tok != WJB_KEY)
			continue;
		for (a = allowed; *a; a++)
			if (strlen(*a) == (size_t) v.val.string.len &&
				memcmp(*a, v.val.string.val, v.val.string.len) == 0)
				found = true;
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown key \"%.*s\" in %s",
							v.val.string.len, v.val.string.val, path)));
	}
}

static double
Num(JsonbValue *v, const char *path)
{
	double		x;

	if (!v || v->type != jbvNumeric)
		BadInput("%s must be a number%s", path, NULL);
	x = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
										   NumericGetDatum(v->val.numeric)));
	if (!isfinite(x))
		BadInput("%s must be a finite number%s", path, NULL);
	return x;
}

static double
NonNeg(JsonbValue *v, const char *path)
{
	double		x = Num(v, path);

	if (x < 0)
		BadInput("%s must be >= 0%s", path, NULL);
	return x;
}

static int64
Int(JsonbValue *v, const char *path)
{
	double		x = Num(v, path);

	if (x != floor(x) || fabs(x) > 9007199254740992.0)
		BadInput("%s must be an integer%s", path, NULL);
	return (int64) x;
}

static char *
Str(JsonbValue *v, const char *path)
{
	if (!v || v->type != jbvString)
		BadInput("%s must be a string%s", path, NULL);
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/* Array container at v, or error */
static JsonbContainer *
Arr(JsonbValue *v, const char *path)
{
	if (!IsContainer(v, false))
		BadInput("%s must be an array%s", path, NULL);
	return v->val.binary.data;
}

static JsonbContainer *
Obj(JsonbValue *v, const char *path)
{
	if (!IsContainer(v, true))
		BadInput("%s must be an object%s", path, NULL);
	return v->val.binary.data;
}

static int
ArrLen(JsonbContainer *a)
{
	return (int) JsonContainerSize(a);
}

static JsonbValue *
Ith(JsonbContainer *a, int i)
{
	return getIthJsonbValueFromContainer(a, (uint32) i);
}

static char *
Path(const char *fmt,...) __attribute__((format(printf, 1, 2)));

static char *
Path(const char *fmt,...)
{
	StringInfoData s;
	va_list		ap;

	initStringInfo(&s);
	for (;;)
	{
		int			need;

		va_start(ap, fmt);
		need = appendStringInfoVA(&s, fmt, ap);
		va_end(ap);
		if (need == 0)
			break;
		enlargeStringInfo(&s, need);
	}
	return s.data;
}

static void CheckUnique(const int64 *ids, int n, const char *what,
						const char *field);

/* ---------------------------------------------------------------- parts */

/* An amount array: its length fixes the dimensions on first sight */
static double *
Amounts(VrpParse *P, JsonbValue *v, const char *path)
{
	JsonbContainer *a = Arr(v, path);
	int			n = ArrLen(a),
				i;
	double	   *out;

	if (P->nd < 0)
	{
		if (n > VRP_MAX_DIMS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s has %d dimensions, at most %d are supported",
							path, n, VRP_MAX_DIMS)));
		P->nd = n;
	}
	if (n != P->nd)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has %d entries, expected %d like the first amount array",
						path, n, P->nd)));
	out = palloc0(sizeof(double) * (VRP_MAX_DIMS + 1));
	for (i = 0; i < n; i++)
		out[i] = NonNeg(Ith(a, i), Path("%s[%d]", path, i));
	return out;
}

static int *
Skills(JsonbValue *v, const char *path, int *n)
{
	JsonbContainer *a = Arr(v, path);
	int			i;
	int		   *out;

	*n = ArrLen(a);
	out = palloc(sizeof(int) * (*n + 1));
	for (i = 0; i < *n; i++)
	{
		int64		s = Int(Ith(a, i), Path("%s[%d]", path, i));

		if (s < 0 || s > PG_INT32_MAX)
			BadInput("%s must be a non-negative 32-bit integer%s",
					 Path("%s[%d]", path, i), NULL);
		out[i] = (int) s;
	}
	return out;
}

/* [start, end] */
static void
Window(JsonbValue *v, const char *path, double *tw)
{
	JsonbContainer *a = Arr(v, path);

	if (ArrLen(a) != 2)
		BadInput("%s must be an array [start, end]%s", path, NULL);
	tw[0] = NonNeg(Ith(a, 0), Path("%s[0]", path));
	tw[1] = NonNeg(Ith(a, 1), Path("%s[1]", path));
	if (tw[0] > tw[1])
		BadInput("%s must have start <= end%s", path, NULL);
}

/* time_windows: [[start, end], ...], sorted, disjoint */
static double *
Windows(JsonbValue *v, const char *path, int *n_tw)
{
	JsonbContainer *a = Arr(v, path);
	int			n = ArrLen(a),
				k;
	double	   *tw = palloc(sizeof(double) * (2 * n + 1));

	for (k = 0; k < n; k++)
	{
		Window(Ith(a, k), Path("%s[%d]", path, k), tw + 2 * k);
		if (k > 0 && tw[2 * k] <= tw[2 * k - 1])
			BadInput("%s must be sorted and must not overlap%s",
					 Path("%s[%d]", path, k), NULL);
	}
	*n_tw = n;
	return tw;
}

/* A location: index into the matrices, or [lon, lat] without matrices */
static int
Location(VrpParse *P, JsonbContainer *o, const char *ikey, const char *ckey,
		 const char *path, bool required)
{
	JsonbValue *iv = Key(o, ikey),
			   *cv = Key(o, ckey);

	if (P->have_matrices)
	{
		int64		k;

		if (!iv)
		{
			if (required)
				BadInput("%s needs %s (matrices are given)%s",
						 path, Path("%s", ikey));
			return -1;
		}
		k = Int(iv, Path("%s.%s", path, ikey));
		if (k < 0 || k >= P->nl)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s.%s is %lld, the matrices have %d rows",
							path, ikey, (long long) k, P->nl)));
		if (cv)
			(void) Arr(cv, Path("%s.%s", path, ckey));
		return (int) k;
	}
	if (!cv)
	{
		if (required)
			BadInput("%s needs %s ([lon, lat]) when no matrices are given%s",
					 path, Path("%s", ckey));
		return -1;
	}
	{
		JsonbContainer *a = Arr(cv, Path("%s.%s", path, ckey));
		double		lon,
					lat;
		int			i;

		if (ArrLen(a) != 2)
			BadInput("%s must be [lon, lat]%s", Path("%s.%s", path, ckey), NULL);
		lon = Num(Ith(a, 0), Path("%s.%s[0]", path, ckey));
		lat = Num(Ith(a, 1), Path("%s.%s[1]", path, ckey));
		if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
			BadInput("%s must be [lon, lat] in degrees, lon in [-180, 180] and lat in [-90, 90]%s",
					 Path("%s.%s", path, ckey), NULL);
		for (i = 0; i < P->ncoord; i++)
			if (P->lon[i] == lon && P->lat[i] == lat)
				return i;
		if (P->ncoord >= VRP_MAX_LOCATIONS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("at most %d distinct locations are supported",
							VRP_MAX_LOCATIONS)));
		if (P->ncoord == P->maxcoord)
		{
			P->maxcoord = P->maxcoord ? 2 * P->maxcoord : 64;
			P->lon = P->lon ? repalloc(P->lon, sizeof(double) * P->maxcoord) :
				palloc(sizeof(double) * P->maxcoord);
			P->lat = P->lat ? repalloc(P->lat, sizeof(double) * P->maxcoord) :
				palloc(sizeof(double) * P->maxcoord);
		}
		P->lon[P->ncoord] = lon;
		P->lat[P->ncoord] = lat;
		return P->ncoord++;
	}
}

static double *
Matrix(JsonbValue *v, const char *path, int *n)
{
	JsonbContainer *a = Arr(v, path);
	int			rows = ArrLen(a),
				i,
				j;
	double	   *m;

	if (*n < 0)
		*n = rows;
	if (rows != *n)
		BadInput("%s must have %s rows like the first matrix", path,
				 Path("%d", *n));
	if (rows > VRP_MAX_LOCATIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has %d rows, at most %d are supported",
						path, rows, VRP_MAX_LOCATIONS)));
	m = MemoryContextAllocExtended(CurrentMemoryContext,
								   sizeof(double) * ((Size) rows * rows + 1),
								   MCXT_ALLOC_HUGE);
	for (i = 0; i < rows; i++)
	{
		JsonbContainer *r = Arr(Ith(a, i), Path("%s[%d]", path, i));

		CHECK_FOR_INTERRUPTS();
		if (ArrLen(r) != rows)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is not square: row %d has %d entries, expected %d",
							path, i, ArrLen(r), rows)));
		for (j = 0; j < rows; j++)
		{
			JsonbValue *e = Ith(r, j);
			double		x = -1;

			/*
			 * The key path only for an error: formatting it for each of up
			 * to 25 million entries cost time and memory
			 */
			if (e && e->type == jbvNumeric)
				x = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
													   NumericGetDatum(e->val.numeric)));
			if (!(isfinite(x) && x >= 0))
				x = NonNeg(e, Path("%s[%d][%d]", path, i, j));
			m[(Size) i * rows + j] = x;
			pfree(e);
		}
	}
	return m;
}

static void
ParseMatrices(VrpParse *P, JsonbValue *v)
{
	static const char *const keys[] = {"durations", "distances", "costs", NULL};
	JsonbContainer *o = Obj(v, "matrices");
	JsonbIterator *it = JsonbIteratorInit(o);
	JsonbValue	k;
	JsonbIteratorToken tok;
	int			cap = 4;

	P->have_matrices = true;
	P->nl = -1;
	P->prof_name = palloc(sizeof(char *) * cap);
	P->mat = palloc0(sizeof(VrpMatrix) * cap);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		char	   *name,
				   *path;
		JsonbContainer *po;
		JsonbValue *m;
		VrpMatrix  *mx;

		if (tok != WJB_KEY)
			continue;
		name = pnstrdup(k.val.string.val, k.val.string.len);
		path = Path("matrices.%s", name);
		po = Obj(Key(o, name), path);
		CheckKeys(po, keys, path);
		if (P->nprof == cap)
		{
			cap *= 2;
			P->prof_name = repalloc(P->prof_name, sizeof(char *) * cap);
			P->mat = repalloc(P->mat, sizeof(VrpMatrix) * cap);
		}
		mx = &P->mat[P->nprof];
		memset(mx, 0, sizeof(*mx));
		P->prof_name[P->nprof++] = name;
		if (!(m = Key(po, "durations")))
			BadInput("%s.durations is missing%s", path, NULL);
		mx->duration = Matrix(m, Path("%s.durations", path), &P->nl);
		if ((m = Key(po, "distances")))
			mx->distance = Matrix(m, Path("%s.distances", path), &P->nl);
		if ((m = Key(po, "costs")))
			mx->cost = Matrix(m, Path("%s.costs", path), &P->nl);
	}
	if (P->nprof == 0)
		BadInput("%s must describe at least one profile%s", "matrices", NULL);
}

static int
Profile(VrpParse *P, JsonbContainer *o, const char *path)
{
	JsonbValue *v = Key(o, "profile");
	char	   *name = v ? Str(v, Path("%s.profile", path)) : "car";
	int			i;

	if (!P->have_matrices)
		return 0;
	for (i = 0; i < P->nprof; i++)
		if (strcmp(P->prof_name[i], name) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s.profile \"%s\" has no matrices", path, name)));
	return -1;
}

/*
 * Vehicle i's breaks (VROOM: id, time_windows, service, description,
 * max_load), taken in the order given; ids unique per vehicle.
 */
static void
ParseBreaks(VrpParse *P, JsonbValue *x, const char *vpath, int i)
{
	static const char *const keys[] = {"id", "time_windows", "service",
		"description", "max_load", NULL};
	char	   *path = Path("%s.breaks", vpath);
	JsonbContainer *a = Arr(x, path);
	int			n = ArrLen(a),
				k;
	VrpBreak   *b;

	if (n > VRP_MAX_BREAKS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has %d breaks, at most %d are supported",
						path, n, VRP_MAX_BREAKS)));
	if (n == 0)
		return;
	b = palloc0(sizeof(VrpBreak) * n);
	P->bid[i] = palloc0(sizeof(int64) * n);
	P->bdesc[i] = palloc0(sizeof(char *) * n);
	for (k = 0; k < n; k++)
	{
		char	   *bpath = Path("%s[%d]", path, k);
		JsonbContainer *bo = Obj(Ith(a, k), bpath);

		CheckKeys(bo, keys, bpath);
		if (!(x = Key(bo, "id")))
			BadInput("%s.id is missing%s", bpath, NULL);
		P->bid[i][k] = Int(x, Path("%s.id", bpath));
		if ((x = Key(bo, "description")))
			P->bdesc[i][k] = Str(x, Path("%s.description", bpath));
		if ((x = Key(bo, "service")))
			b[k].service = NonNeg(x, Path("%s.service", bpath));
		if ((x = Key(bo, "time_windows")))
			b[k].tw = Windows(x, Path("%s.time_windows", bpath), &b[k].n_tw);
		if ((x = Key(bo, "max_load")))
			b[k].max_load = Amounts(P, x, Path("%s.max_load", bpath));
	}
	CheckUnique(P->bid[i], n, path, "");
	P->veh[i].n_breaks = n;
	P->veh[i].breaks = b;
}

static void
ParseVehicle(VrpParse *P, JsonbContainer *o, int i)
{
	static const char *const keys[] = {"id", "profile", "description",
		"start", "start_index", "end", "end_index", "capacity", "costs",
		"skills", "time_window", "breaks", "speed_factor", "max_tasks",
		"max_travel_time", "max_distance", "steps", "co2_g_per_km", NULL};
	static const char *const ckeys[] = {"fixed", "per_hour", "per_km", NULL};
	char	   *path = Path("vehicles[%d]", i);
	VrpVehicle *v = &P->veh[i];
	JsonbValue *x;
	double		per_hour = 3600,
				per_km = 0;

	CheckKeys(o, keys, path);
	memset(v, 0, sizeof(*v));
	if (!(x = Key(o, "id")))
		BadInput("%s.id is missing%s", path, NULL);
	P->vid[i] = Int(x, Path("%s.id", path));
	if ((x = Key(o, "description")))
		P->vdesc[i] = Str(x, Path("%s.description", path));
	v->profile = Profile(P, o, path);
	v->start = Location(P, o, "start_index", "start", path, false);
	v->end = Location(P, o, "end_index", "end", path, false);
	if (v->start < 0 && v->end < 0)
		BadInput("%s needs a start or an end%s", path, NULL);
	if ((x = Key(o, "capacity")))
		v->capacity = Amounts(P, x, Path("%s.capacity", path));
	v->tw_start = 0;
	v->tw_end = VRP_INF;
	if ((x = Key(o, "time_window")))
	{
		double		tw[2];

		Window(x, Path("%s.time_window", path), tw);
		v->tw_start = tw[0];
		v->tw_end = tw[1];
	}
	if ((x = Key(o, "costs")))
	{
		JsonbContainer *c = Obj(x, Path("%s.costs", path));

		CheckKeys(c, ckeys, Path("%s.costs", path));
		if ((x = Key(c, "fixed")))
			v->fixed_cost = NonNeg(x, Path("%s.costs.fixed", path));
		if ((x = Key(c, "per_hour")))
			per_hour = NonNeg(x, Path("%s.costs.per_hour", path));
		if ((x = Key(c, "per_km")))
			per_km = NonNeg(x, Path("%s.costs.per_km", path));
	}
	v->cost_per_time = per_hour / 3600.0;
	v->cost_per_distance = per_km / 1000.0;
	v->speed_factor = 1;
	if ((x = Key(o, "speed_factor")))
	{
		v->speed_factor = Num(x, Path("%s.speed_factor", path));
		if (!(v->speed_factor > 0 && v->speed_factor <= 5))
			BadInput("%s.speed_factor must be in (0, 5]%s", path, NULL);
	}
	v->max_tasks = -1;
	if ((x = Key(o, "max_tasks")))
	{
		int64		m = Int(x, Path("%s.max_tasks", path));

		if (m < 0 || m > PG_INT32_MAX)
			BadInput("%s.max_tasks must be >= 0%s", path, NULL);
		v->max_tasks = (int) m;
	}
	v->max_travel_time = (x = Key(o, "max_travel_time")) ?
		NonNeg(x, Path("%s.max_travel_time", path)) : VRP_INF;
	v->max_distance = (x = Key(o, "max_distance")) ?
		NonNeg(x, Path("%s.max_distance", path)) : VRP_INF;
	v->max_duration = VRP_INF;
	if ((x = Key(o, "skills")))
		v->skills = Skills(x, Path("%s.skills", path), &v->n_skills);
	if ((x = Key(o, "breaks")))
		ParseBreaks(P, x, path, i);
	/* after the jobs: ParseSteps */
	if ((x = Key(o, "steps")) && ArrLen(Arr(x, Path("%s.steps", path))) > 0)
		P->vsteps[i] = x;
	P->vco2[i] = (x = Key(o, "co2_g_per_km")) ?
		NonNeg(x, Path("%s.co2_g_per_km", path)) : P->co2;
}

/* What a job and each half of a shipment have: place, times, windows */
static void
ParseTask(VrpParse *P, JsonbContainer *o, const char *path, int i)
{
	VrpJob	   *j = &P->job[i];
	JsonbValue *x;

	if (!(x = Key(o, "id")))
		BadInput("%s.id is missing%s", path, NULL);
	P->jid[i] = Int(x, Path("%s.id", path));
	if ((x = Key(o, "description")))
		P->jdesc[i] = Str(x, Path("%s.description", path));
	j->location = Location(P, o, "location_index", "location", path, true);
	if ((x = Key(o, "service")))
		j->service = NonNeg(x, Path("%s.service", path));
	/* setup: counted as service (never skipped for consecutive same-place jobs) */
	if ((x = Key(o, "setup")))
		j->service += NonNeg(x, Path("%s.setup", path));
	if ((x = Key(o, "time_windows")))
		j->tw = Windows(x, Path("%s.time_windows", path), &j->n_tw);
}

/* skills and priority of a job or a shipment */
static void
ParseSkillsPriority(JsonbContainer *o, const char *path, VrpJob *j)
{
	JsonbValue *x;

	if ((x = Key(o, "skills")))
		j->skills = Skills(x, Path("%s.skills", path), &j->n_skills);
	if ((x = Key(o, "priority")))
	{
		int64		p = Int(x, Path("%s.priority", path));

		if (p < 0 || p > 100)
			BadInput("%s.priority must be between 0 and 100%s", path, NULL);
		j->priority = (int) p;
	}
}

static void
ParseJob(VrpParse *P, JsonbContainer *o, int i)
{
	static const char *const keys[] = {"id", "description", "location",
		"location_index", "setup", "service", "amount", "delivery", "pickup",
		"skills", "priority", "time_windows", NULL};
	char	   *path = Path("jobs[%d]", i);
	VrpJob	   *j = &P->job[i];
	JsonbValue *x;

	CheckKeys(o, keys, path);
	memset(j, 0, sizeof(*j));
	ParseTask(P, o, path, i);
	if ((x = Key(o, "delivery")))
		j->delivery = Amounts(P, x, Path("%s.delivery", path));
	else if ((x = Key(o, "amount")))
		j->delivery = Amounts(P, x, Path("%s.amount", path));
	if ((x = Key(o, "pickup")))
		j->pickup = Amounts(P, x, Path("%s.pickup", path));
	ParseSkillsPriority(o, path, j);
}

/*
 * Shipment i: its pickup and delivery become jobs nj + 2i and nj + 2i + 1
 * of the solver (kinds VRP_PICKUP and VRP_DELIVERY, naming each other).
 */
static void
ParseShipment(VrpParse *P, JsonbContainer *o, int i)
{
	static const char *const keys[] = {"amount", "skills", "priority",
		"pickup", "delivery", NULL};
	static const char *const tkeys[] = {"id", "description", "location",
		"location_index", "setup", "service", "time_windows", NULL};
	char	   *path = Path("shipments[%d]", i);
	int			base = P->nj + 2 * i,
				h;
	double	   *amount = NULL;
	JsonbValue *x;
	VrpJob		common;

	CheckKeys(o, keys, path);
	memset(&common, 0, sizeof(common));
	if ((x = Key(o, "amount")))
		amount = Amounts(P, x, Path("%s.amount", path));
	ParseSkillsPriority(o, path, &common);
	for (h = 0; h < 2; h++)
	{
		const char *half = h == 0 ? "pickup" : "delivery";
		char	   *hpath = Path("%s.%s", path, half);
		VrpJob	   *j = &P->job[base + h];
		JsonbContainer *ho;

		if (!(x = Key(o, half)))
			BadInput("%s is missing%s", hpath, NULL);
		ho = Obj(x, hpath);
		CheckKeys(ho, tkeys, hpath);
		*j = common;
		ParseTask(P, ho, hpath, base + h);
		j->kind = h == 0 ? VRP_PICKUP : VRP_DELIVERY;
		j->partner = base + 1 - h;
		if (h == 0)
			j->pickup = amount;
		else
			j->delivery = amount;
	}
}

static void
ParseOptions(VrpParse *P, Jsonb *options)
{
	static const char *const keys[] = {"iterations", "effort", "seed",
		"time_limit", "speed_kmh", "detour_factor", "co2_g_per_km",
		"local_search", "fleet_minimisation", NULL};
	JsonbContainer *o = &options->root;
	JsonbValue *x;
	double		effort = 1;

	lgvrp_default_options(&P->opt);
	P->speed_kmh = DEFAULT_SPEED_KMH;
	P->detour = DEFAULT_DETOUR;
	P->co2 = 0;
	if (!JsonContainerIsObject(o) || JsonContainerIsScalar(o))
		BadInput("%s must be a JSON object%s", "options", NULL);
	CheckKeys(o, keys, "options");
	if ((x = Key(o, "effort")))
	{
		effort = Num(x, "options.effort");
		if (!(effort > 0 && effort <= 1000))
			BadInput("%s must be in (0, 1000]%s", "options.effort", NULL);
	}
	P->opt.iterations = -1;
	if ((x = Key(o, "iterations")))
	{
		int64		it = Int(x, "options.iterations");

		if (it < 0 || it > 1000000000)
			BadInput("%s must be between 0 and 1e9%s", "options.iterations", NULL);
		P->opt.iterations = (long) it;
	}
	P->opt.time_limit = 0;
	if ((x = Key(o, "time_limit")))
		P->opt.time_limit = NonNeg(x, "options.time_limit");
	if ((x = Key(o, "seed")))
		P->opt.seed = (unsigned long long) Int(x, "options.seed");
	if ((x = Key(o, "speed_kmh")))
	{
		P->speed_kmh = Num(x, "options.speed_kmh");
		if (!(P->speed_kmh > 0))
			BadInput("%s must be > 0%s", "options.speed_kmh", NULL);
	}
	if ((x = Key(o, "detour_factor")))
	{
		P->detour = Num(x, "options.detour_factor");
		if (!(P->detour >= 1))
			BadInput("%s must be >= 1%s", "options.detour_factor", NULL);
	}
	if ((x = Key(o, "co2_g_per_km")))
		P->co2 = NonNeg(x, "options.co2_g_per_km");
	if ((x = Key(o, "local_search")))
	{
		if (x->type != jbvBool)
			BadInput("%s must be true or false%s", "options.local_search", NULL);
		P->opt.local_search = x->val.boolean;
	}
	if ((x = Key(o, "fleet_minimisation")))
	{
		if (x->type != jbvBool)
			BadInput("%s must be true or false%s", "options.fleet_minimisation", NULL);
		P->opt.fleet_min = x->val.boolean;
	}
	P->effort = effort;
}

/* Duplicate ids: sort a copy */
static int
CmpInt64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

static void
CheckUnique(const int64 *ids, int n, const char *what, const char *field)
{
	int64	   *s;
	int			i;

	if (n < 2)
		return;
	s = palloc(sizeof(int64) * n);
	memcpy(s, ids, sizeof(int64) * n);
	qsort(s, n, sizeof(int64), CmpInt64);
	for (i = 1; i < n; i++)
		if (s[i] == s[i - 1])
		{
			int			k,
						first = -1;

			for (k = 0; k < n; k++)
				if (ids[k] == s[i])
				{
					if (first >= 0)
						ereport(ERROR,
								(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								 errmsg("%s[%d]%s.id %lld is also the id of %s[%d]%s",
										what, k, field, (long long) s[i],
										what, first, field)));
					first = k;
				}
		}
	pfree(s);
}

/* Task t's step type: 0 job, 1 pickup, 2 delivery (shipments follow jobs) */
static int
TaskType(const VrpParse *P, int t)
{
	return t < P->nj ? 0 : 1 + (t - P->nj) % 2;
}

static int
CmpTask(const void *a, const void *b, void *arg)
{
	const VrpParse *P = arg;
	int			x = *(const int *) a,
				y = *(const int *) b,
				tx = TaskType(P, x),
				ty = TaskType(P, y);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return P->jid[x] < P->jid[y] ? -1 : P->jid[x] > P->jid[y];
}

/*
 * Vehicles' steps, VROOM's initial routes in its solving mode (API.md,
 * "Vehicle steps"): type start (first only), job, pickup, delivery, break
 * or end (last only); id for the others; service_at, service_after and
 * service_before accepted and, as in VROOM's solving mode, not used.  The
 * jobs, pickups and deliveries in order become VrpVehicle.init; an
 * unknown id or a task in two places is an error here, a route that
 * breaks a constraint one of lgvrp_check's.
 */
static void
ParseSteps(VrpParse *P)
{
	static const char *const keys[] = {"type", "id", "service_at",
		"service_after", "service_before", NULL};
	static const char *const types[] = {"job", "pickup", "delivery", "break",
		"start", "end", NULL};
	int			nt = P->nj + 2 * P->ns,
			   *order = NULL,
			   *owner = NULL,
				i,
				k;

	for (i = 0; i < P->nv; i++)
	{
		JsonbContainer *a;
		int			n,
				   *init;

		if (!P->vsteps[i])
			continue;
		if (!order)
		{
			order = palloc(sizeof(int) * (nt + 1));
			owner = palloc(sizeof(int) * 2 * (nt + 1));
			for (k = 0; k < nt; k++)
			{
				order[k] = k;
				owner[2 * k] = -1;
			}
			qsort_arg(order, nt, sizeof(int), CmpTask, P);
		}
		a = Arr(P->vsteps[i], "steps");
		n = ArrLen(a);
		init = palloc(sizeof(int) * n);
		P->vstepk[i] = palloc(sizeof(int) * n);
		for (k = 0; k < n; k++)
		{
			char	   *sp = Path("vehicles[%d].steps[%d]", i, k);
			JsonbContainer *so = Obj(Ith(a, k), sp);
			JsonbValue *x;
			const char *const *ty;
			char	   *t;
			int64		id;
			int			lo = 0,
						hi = nt,
						type;

			CheckKeys(so, keys, sp);
			if (!(x = Key(so, "type")))
				BadInput("%s.type is missing%s", sp, NULL);
			t = Str(x, Path("%s.type", sp));
			for (ty = types; *ty && strcmp(*ty, t) != 0; ty++)
				;
			if (!*ty)
				BadInput("%s.type must be start, job, pickup, delivery, break or end%s", sp, NULL);
			type = ty - types;
			if ((x = Key(so, "service_at")))
				(void) NonNeg(x, Path("%s.service_at", sp));
			if ((x = Key(so, "service_after")))
				(void) NonNeg(x, Path("%s.service_after", sp));
			if ((x = Key(so, "service_before")))
				(void) NonNeg(x, Path("%s.service_before", sp));
			if ((type == 4 && k != 0) || (type == 5 && k != n - 1))
				BadInput("%s: %s", sp, type == 4 ?
						 "a start step must come first" :
						 "an end step must come last");
			if (type >= 4)
				continue;
			if (!(x = Key(so, "id")))
				BadInput("%s.id is missing%s", sp, NULL);
			id = Int(x, Path("%s.id", sp));
			if (type == 3)
			{
				int			b;

				for (b = 0; b < P->veh[i].n_breaks && P->bid[i][b] != id; b++)
					;
				if (b == P->veh[i].n_breaks)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("%s.id: vehicles[%d] has no break with id " INT64_FORMAT,
									sp, i, id)));
				continue;
			}
			/* the first task of this type with an id >= id */
			while (lo < hi)
			{
				int			mid = (lo + hi) / 2,
							tm = TaskType(P, order[mid]);

				if (tm < type || (tm == type && P->jid[order[mid]] < id))
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == nt || TaskType(P, order[lo]) != type ||
				P->jid[order[lo]] != id)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s.id: there is no %s with id " INT64_FORMAT,
								sp, type == 0 ? "job" : type == 1 ?
								"shipment pickup" : "shipment delivery", id)));
			lo = order[lo];
			if (owner[2 * lo] >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: %s " INT64_FORMAT " is also in vehicles[%d].steps[%d]",
								sp, t, id, owner[2 * lo], owner[2 * lo + 1])));
			owner[2 * lo] = i;
			owner[2 * lo + 1] = k;
			P->vstepk[i][P->veh[i].n_init] = k;
			init[P->veh[i].n_init++] = lo;
		}
		P->veh[i].init = init;
	}
}

/* Geodesic matrices when no matrices are given */
static void
GeodesicMatrices(VrpParse *P)
{
	int			n = P->ncoord,
				i,
				j;
	double	   *dist,
			   *dur;
	double		mps = P->speed_kmh / 3.6;

	P->nl = n;
	P->nprof = 1;
	P->mat = palloc0(sizeof(VrpMatrix));
	dist = MemoryContextAllocExtended(CurrentMemoryContext,
									  sizeof(double) * ((Size) n * n + 1),
									  MCXT_ALLOC_HUGE);
	dur = MemoryContextAllocExtended(CurrentMemoryContext,
									 sizeof(double) * ((Size) n * n + 1),
									 MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		dist[(Size) i * n + i] = dur[(Size) i * n + i] = 0;
		for (j = i + 1; j < n; j++)
		{
			double		d = P->detour *
				lgeod_distance(P->lat[i], P->lon[i], P->lat[j], P->lon[j]);

			dist[(Size) i * n + j] = dist[(Size) j * n + i] = d;
			dur[(Size) i * n + j] = dur[(Size) j * n + i] = d / mps;
		}
	}
	P->mat[0].duration = dur;
	P->mat[0].distance = dist;
}

static void
ParseProblem(VrpParse *P, Jsonb *problem)
{
	static const char *const keys[] = {"vehicles", "jobs", "shipments",
		"matrices", NULL};
	JsonbContainer *root = &problem->root;
	JsonbContainer *va,
			   *ja,
			   *sa;
	JsonbValue *x;
	int			i,
				ntask;

	if (!JsonContainerIsObject(root) || JsonContainerIsScalar(root))
		BadInput("%s must be a JSON object%s", "problem", NULL);
	CheckKeys(root, keys, "problem");
	P->nd = -1;
	if ((x = Key(root, "matrices")))
		ParseMatrices(P, x);
	if (!(x = Key(root, "vehicles")))
		BadInput("%s is missing%s", "problem.vehicles", NULL);
	va = Arr(x, "vehicles");
	ja = (x = Key(root, "jobs")) ? Arr(x, "jobs") : NULL;
	sa = (x = Key(root, "shipments")) ? Arr(x, "shipments") : NULL;
	P->nv = ArrLen(va);
	P->nj = ja ? ArrLen(ja) : 0;
	P->ns = sa ? ArrLen(sa) : 0;
	if (P->nv < 1)
		BadInput("%s must have at least one vehicle%s", "vehicles", NULL);
	if (P->nv > VRP_MAX_VEHICLES || P->nj + 2 * P->ns > VRP_MAX_JOBS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("vrp_solve takes at most %d vehicles and %d jobs (a shipment counts as two), got %d vehicles, %d jobs and %d shipments",
						VRP_MAX_VEHICLES, VRP_MAX_JOBS, P->nv, P->nj, P->ns)));
	ntask = P->nj + 2 * P->ns;
	P->veh = palloc0(sizeof(VrpVehicle) * P->nv);
	P->vid = palloc0(sizeof(int64) * P->nv);
	P->vdesc = palloc0(sizeof(char *) * P->nv);
	P->vco2 = palloc0(sizeof(double) * P->nv);
	P->bid = palloc0(sizeof(int64 *) * P->nv);
	P->bdesc = palloc0(sizeof(char **) * P->nv);
	P->vsteps = palloc0(sizeof(JsonbValue *) * P->nv);
	P->vstepk = palloc0(sizeof(int *) * P->nv);
	P->job = palloc0(sizeof(VrpJob) * (ntask + 1));
	P->jid = palloc0(sizeof(int64) * (ntask + 1));
	P->jdesc = palloc0(sizeof(char *) * (ntask + 1));
	for (i = 0; i < P->nv; i++)
		ParseVehicle(P, Obj(Ith(va, i), Path("vehicles[%d]", i)), i);
	for (i = 0; i < P->nj; i++)
	{
		CHECK_FOR_INTERRUPTS();
		ParseJob(P, Obj(Ith(ja, i), Path("jobs[%d]", i)), i);
	}
	for (i = 0; i < P->ns; i++)
	{
		CHECK_FOR_INTERRUPTS();
		ParseShipment(P, Obj(Ith(sa, i), Path("shipments[%d]", i)), i);
	}
	CheckUnique(P->vid, P->nv, "vehicles", "");
	CheckUnique(P->jid, P->nj, "jobs", "");
	/* VROOM: pickup ids unique among pickups, delivery ids among deliveries */
	if (P->ns > 1)
	{
		int64	   *ids = palloc(sizeof(int64) * P->ns);
		int			h;

		for (h = 0; h < 2; h++)
		{
			for (i = 0; i < P->ns; i++)
				ids[i] = P->jid[P->nj + 2 * i + h];
			CheckUnique(ids, P->ns, "shipments", h ? ".delivery" : ".pickup");
		}
		pfree(ids);
	}
	if (P->nd < 0)
		P->nd = 0;
	ParseSteps(P);
	if (!P->have_matrices)
		GeodesicMatrices(P);
}

static void *
PallocCb(size_t size, void *arg)
{
	(void) arg;
	return MemoryContextAllocExtended(CurrentMemoryContext, size,
									  MCXT_ALLOC_HUGE);
}

static void
PfreeCb(void *ptr, void *arg)
{
	(void) arg;
	pfree(ptr);
}

/*
 * The largest total (of seconds, distance units, costs or amounts) a
 * problem may reach.  The solver's "no limit" is VRP_INF (1e18): a route
 * whose time, distance or cost came near it would be taken for infeasible
 * and its jobs left unassigned without a word, and a sum beyond the double
 * range would print Infinity.  So the worst case of every accumulation is
 * bounded before solving, three orders of magnitude below the sentinel
 * (tolerances and sums of a few such totals stay clear of it).
 */
#define VRP_MAX_TOTAL	1e15

static void
CheckTotal(double x, const char *what)
{
	/* also NaN and Infinity: the sums of finite inputs can overflow */
	if (!(x < VRP_MAX_TOTAL))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("vrp_solve: %s could add up to %g, more than the limit of %g; use larger units",
						what, x, VRP_MAX_TOTAL)));
}

/* the largest entry of an n x n matrix (0 without one) */
static double
MatrixMax(const double *m, size_t nn)
{
	double		x = 0;
	size_t		k;

	if (m)
		for (k = 0; k < nn; k++)
			x = Max(x, m[k]);
	return x;
}

/*
 * Worst cases of every accumulation of the solver and of the result, from
 * the (already checked finite and non-negative) inputs: a route has at most
 * n_jobs + 1 legs and the routes of the fleet n_jobs + n_vehicles, each no
 * longer, slower or dearer than the largest matrix entry; clock times start
 * at the latest window start; costs, loads and CO2 follow.
 */
static void
CheckTotals(const VrpParse *P, const VrpProblem *p)
{
	size_t		nn = (size_t) p->n_locations * (size_t) p->n_locations;
	double		legs = p->n_jobs + 1.0,
				fleet_legs = (double) p->n_jobs + p->n_vehicles,
				service = 0,
				clock0 = 0,
				leg_time = 0,
				leg_dist = 0,
				leg_cost = 0,
				leg_co2 = 0,
				fixed = 0,
				amount[VRP_MAX_DIMS];
	int			i,
				d,
				k;

	memset(amount, 0, sizeof(amount));
	for (i = 0; i < p->n_jobs; i++)
	{
		const VrpJob *j = &p->jobs[i];

		service += j->service;
		for (k = 0; k < j->n_tw; k++)
			clock0 = Max(clock0, j->tw[2 * k]);
		for (d = 0; d < p->n_dims; d++)
			amount[d] += (j->delivery ? j->delivery[d] : 0) +
				(j->pickup ? j->pickup[d] : 0);
	}
	for (i = 0; i < p->n_vehicles; i++)
	{
		const VrpVehicle *v = &p->vehicles[i];
		const VrpMatrix *m = &p->matrices[v->profile];
		double		t = MatrixMax(m->duration, nn) / v->speed_factor,
					dist = MatrixMax(m->distance, nn),
					cost = m->cost ? MatrixMax(m->cost, nn) :
			v->cost_per_time * t + v->cost_per_distance * dist;

		if (v->tw_start > -VRP_INF)
			clock0 = Max(clock0, v->tw_start);
		for (k = 0; k < v->n_breaks; k++)
		{
			const VrpBreak *b = &v->breaks[k];

			service += b->service;
			if (b->n_tw > 0)
				clock0 = Max(clock0, b->tw[2 * b->n_tw - 2]);
		}
		leg_time = Max(leg_time, t);
		leg_dist = Max(leg_dist, dist);
		leg_cost = Max(leg_cost, cost);
		leg_co2 = Max(leg_co2, dist / 1e6 * P->vco2[i]);
		fixed += v->fixed_cost;
	}
	CheckTotal(clock0 + legs * leg_time + service, "the times of a route");
	CheckTotal(fleet_legs * leg_time + service, "the travel and service times");
	CheckTotal(fleet_legs * leg_dist, "the distances");
	CheckTotal(fixed + fleet_legs * leg_cost, "the costs");
	CheckTotal(fleet_legs * leg_co2, "the CO2 emissions (co2_kg)");
	for (d = 0; d < p->n_dims; d++)
		CheckTotal(amount[d], "the delivery and pickup amounts");
}

/*
 * vrp_solve(problem jsonb, options jsonb) -> jsonb
 */
/*
 * Vehicle v's initial route (its steps) within every constraint, else an
 * error naming the step, the task and the constraint (VROOM's rule).
 */
static void
CheckSteps(const VrpParse *P, const VrpProblem *p, int v)
{
	int			at,
				viol;

	if (P->veh[v].n_init == 0)
		return;
	viol = lgvrp_route_violation(p, v, P->veh[v].init, P->veh[v].n_init, &at);
	if (viol == VRP_VIOL_NONE)
		return;
	if (at < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vehicles[%d].steps: %s", v,
						lgvrp_violation_text(viol))));
	else
	{
		int			j = P->veh[v].init[at];

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vehicles[%d].steps[%d] (%s " INT64_FORMAT "): %s", v,
						P->vstepk[v][at], VrpOutKindName(P->job[j].kind), P->jid[j],
						lgvrp_violation_text(viol))));
	}
}

PG_FUNCTION_INFO_V1(logistics_vrp_solve);
Datum
logistics_vrp_solve(PG_FUNCTION_ARGS)
{
	Jsonb	   *problem = PG_GETARG_JSONB_P(0);
	Jsonb	   *options = PG_GETARG_JSONB_P(1);
	VrpParse		P;
	VrpProblem	p;
	VrpSolution sol;
	VrpStats	st;
	StringInfoData s;
	VrpTotals		T;
	char		err[256];
	int			rc,
				v,
				k,
				first = 1,
			   *ninit;

	memset(&P, 0, sizeof(P));
	ParseOptions(&P, options);
	ParseProblem(&P, problem);

	memset(&p, 0, sizeof(p));
	p.n_locations = P.nl;
	p.n_profiles = P.nprof;
	p.matrices = P.mat;
	p.n_dims = P.nd;
	p.n_vehicles = P.nv;
	p.vehicles = P.veh;
	p.n_jobs = P.nj + 2 * P.ns;
	p.jobs = P.job;
	/* the initial routes last, naming the step and the task (CheckSteps) */
	ninit = palloc(sizeof(int) * P.nv);
	for (v = 0; v < P.nv; v++)
	{
		ninit[v] = P.veh[v].n_init;
		P.veh[v].n_init = 0;
	}
	if (lgvrp_check(&p, err, sizeof(err)) != VRP_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", err)));
	for (v = 0; v < P.nv; v++)
	{
		P.veh[v].n_init = ninit[v];
		CheckSteps(&P, &p, v);
	}
	CheckTotals(&P, &p);

	P.opt.alloc = PallocCb;
	P.opt.release = PfreeCb;
	P.opt.interrupt = lg_interrupt_callback;
	P.opt.effort = P.effort;
	rc = lgvrp_solve(&p, &P.opt, &sol, &st);
	if (rc != VRP_OK)
		elog(ERROR, "vrp solver failed with code %d", rc);

	memset(&T, 0, sizeof(T));
	initStringInfo(&s);
	appendStringInfoString(&s, "{\"code\":0,\"routes\":[");
	for (v = 0; v < P.nv; v++)
	{
		int			n = sol.route_start[v + 1] - sol.route_start[v];

		if (n == 0)
			continue;
		if (!first)
			appendStringInfoChar(&s, ',');
		first = 0;
		VrpOutRoute(&s, &P, &p, v, sol.jobs + sol.route_start[v], n, &T);
	}
	appendStringInfoString(&s, "],\"unassigned\":[");
	for (k = 0; k < sol.n_unassigned; k++)
	{
		int			j = sol.unassigned[k];

		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&s, "%s{\"id\":" INT64_FORMAT ",\"type\":\"%s\"",
						 k ? "," : "", P.jid[j], VrpOutKindName(P.job[j].kind));
		VrpOutDescription(&s, P.jdesc[j]);
		VrpOutLocation(&s, &P, P.job[j].location);
		appendStringInfoString(&s, ",\"reason\":");
		escape_json(&s, VrpOutReasonText(lgvrp_unassigned_reason(&p, j)));
		appendStringInfoChar(&s, '}');
	}
	appendStringInfoString(&s, "],\"summary\":{");
	appendStringInfo(&s, "\"routes\":%d", sol.n_routes);
	VrpOutKeyNum(&s, "cost", T.cost);
	VrpOutKeyNum(&s, "unassigned", sol.n_unassigned);
	VrpOutKeyNum(&s, "setup", 0);
	VrpOutKeyNum(&s, "service", T.service);
	VrpOutKeyNum(&s, "duration", T.duration);
	VrpOutKeyNum(&s, "waiting_time", T.waiting);
	VrpOutKeyNum(&s, "priority", T.priority);
	VrpOutKeyNum(&s, "distance", T.distance);
	VrpOutKeyNum(&s, "co2_kg", T.co2);
	VrpOutAmounts(&s, "delivery", T.delivery, P.nd);
	VrpOutAmounts(&s, "pickup", T.pickup, P.nd);
	appendStringInfoString(&s, ",\"violations\":[]");
	appendStringInfo(&s, ",\"search\":{\"iterations\":%ld,\"best_iteration\":%ld",
					 st.iterations, st.best_iteration);
	VrpOutKeyNum(&s, "insertions_evaluated", st.work);
	VrpOutKeyNum(&s, "best_found_s", st.best_seconds);
	VrpOutKeyNum(&s, "solving_s", st.seconds);
	appendStringInfo(&s, ",\"stopped_by_time_limit\":%s,\"fleet_minimisation\":%s,\"seed\":%llu}}}",
					 st.stopped_by_time ? "true" : "false",
					 st.fleet_min ? "true" : "false",
					 (unsigned long long) P.opt.seed);
	lgvrp_free_solution(&sol, &P.opt);
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
