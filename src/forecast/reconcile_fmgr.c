/*-------------------------------------------------------------------------
 *
 * reconcile_fmgr.c
 *	  SQL interface of forecast reconciliation: logistics.reconcile().
 *	  The arithmetic is in reconcile.c; this file maps node keys to
 *	  indices, checks the arrays and reports errors.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "common/logistics.h"
#include "reconcile.h"

/* Normal quantile: lg_norm_quantile is in common/normal.h */
#include "common/normal.h"

#define RC_METHOD_LIST "bottom_up, top_down, top_down_gsa, ols, wls_struct, wls_var, mint_shrink"

static void *
RcServerAlloc(size_t size, void *arg)
{
	(void) arg;
	return palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
RcServerRelease(void *ptr, void *arg)
{
	(void) arg;
	pfree(ptr);
}

/*
 * The text elements of an array; NULL elements allowed if nulls_ok.  A
 * 2-D array is allowed if cols is not NULL (*cols receives its width, 1
 * for a 1-D array) and read row by row.
 */
static char **
TextArray(ArrayType *a, int *n, int *cols, bool nulls_ok, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;
	int			i;

	if (cols != NULL)
		*cols = ARR_NDIM(a) == 2 ? ARR_DIMS(a)[1] : 1;
	if (ARR_NDIM(a) > (cols != NULL ? 2 : 1))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array%s", what,
						cols != NULL ? " or a two-dimensional one with one row per node" : "")));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * Max(*n, 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
		{
			if (!nulls_ok)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("%s must not contain NULL, element %d is NULL",
								what, i + 1)));
			out[i] = NULL;
		}
		else
			out[i] = TextDatumGetCString(elems[i]);
	}
	return out;
}

/*
 * A float8 matrix of n rows (one per node): a 2-D array n x cols, or a
 * 1-D array when n = 1.  NULL elements and non-finite values are errors.
 */
static double *
Matrix(ArrayType *a, int n, int *cols, const char *what)
{
	int			ndim = ARR_NDIM(a);
	int			rows;
	double	   *x;
	int			count,
				i;

	if (ndim == 2)
	{
		rows = ARR_DIMS(a)[0];
		*cols = ARR_DIMS(a)[1];
	}
	else if (ndim == 1 && n == 1)
	{
		rows = 1;
		*cols = ARR_DIMS(a)[0];
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a two-dimensional array with one row per node, got %d dimension(s)",
						what, ndim),
				 errhint("Build it with array_agg(array_column ORDER BY ...) in the same order as the nodes.")));
	if (rows != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s has %d rows but there are %d nodes", what, rows, n)));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL", what)));
	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "%s: expected float8 elements", what);
	count = rows * *cols;
	x = (double *) ARR_DATA_PTR(a);
	for (i = 0; i < count; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be finite numbers, got %g in row %d, column %d",
							what, x[i], i / *cols + 1, i % *cols + 1)));
	return x;
}

static void
ReportKernel(int rc, const char *msg, char **keys, const int *parent, int bad)
{
	int			code;

	switch (rc)
	{
		case RC_ELENGTH:
			code = ERRCODE_ARRAY_SUBSCRIPT_ERROR;
			break;
		case RC_ENOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		case RC_EINTERRUPTED:
			code = ERRCODE_QUERY_CANCELED;
			break;
		case RC_ESINGULAR:
			code = ERRCODE_DATA_EXCEPTION;
			break;
		default:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
	}
	if (rc == RC_EROOT)
	{
		int			first = 0;

		while (first < bad && parent[first] != -1)
			first++;
		ereport(ERROR,
				(errcode(code),
				 errmsg("the hierarchy must have one top node, but nodes \"%s\" and \"%s\" both have a NULL parent",
						keys[first], keys[bad]),
				 errhint("Give every node but the top one a parent key.")));
	}
	if (rc == RC_ECYCLE)
		ereport(ERROR,
				(errcode(code),
				 errmsg("the parent links form a cycle through node \"%s\"",
						keys[bad])));
	ereport(ERROR, (errcode(code), errmsg("%s", msg)));
}

/*
 * The residuals argument of a method that needs them: one row per node,
 * at least 2 columns, and no node whose residuals are all zero (its
 * forecast would get an infinite weight).
 */
static double *
Residuals(ArrayType *a, char **keys, int n, const char *method_s, int *nres)
{
	double	   *resid = Matrix(a, n, nres, "residuals");
	int			i;

	if (*nres < 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("method %s needs at least 2 residuals per node for the covariance estimate, got %d",
						method_s, *nres)));
	for (i = 0; i < n; i++)
	{
		int			k = 0;

		while (k < *nres && resid[(size_t) i * *nres + k] == 0.0)
			k++;
		if (k == *nres)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("method %s needs residuals that are not all zero, but those of node \"%s\" are",
							method_s, keys[i]),
					 errhint("A node forecast without error gets an infinite weight; use ols or wls_struct.")));
	}
	return resid;
}

/*
 * Node keys to indices (a string-keyed hash of the longest key's size)
 * and the parents as lists: node i's parents are plist[pstart[i] ..
 * pstart[i + 1] - 1], parent[i] is the first one or -1.  pkeys has pcols
 * keys per node (NULL: none).  Returns true if a node has several parents
 * (a grouped structure).
 */
static bool
ParentLists(char **keys, char **pkeys, int n, int pcols, int **parent_out,
			int **pstart_out, int **plist_out)
{
	HTAB	   *map;
	HASHCTL		ctl;
	int		   *parent,
			   *pstart,
			   *plist;
	int			maxlen = 1,
				i;
	bool		grouped = false;

	for (i = 0; i < n; i++)
		maxlen = Max(maxlen, (int) strlen(keys[i]) + 1);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = maxlen;
	ctl.entrysize = MAXALIGN(maxlen) + sizeof(int);
	map = hash_create("logistics.reconcile nodes", n, &ctl,
					  HASH_ELEM | HASH_STRINGS);
	for (i = 0; i < n; i++)
	{
		bool		found;
		char	   *entry = hash_search(map, keys[i], HASH_ENTER, &found);

		if (found)
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("node \"%s\" appears more than once in nodes", keys[i])));
		memcpy(entry + MAXALIGN(ctl.keysize), &i, sizeof(int));
	}

	parent = palloc(sizeof(int) * n);
	pstart = palloc(sizeof(int) * ((size_t) n + 1));
	plist = palloc(sizeof(int) * Max((size_t) n * pcols, 1));
	pstart[0] = 0;
	for (i = 0; i < n; i++)
	{
		int			c;

		parent[i] = -1;
		pstart[i + 1] = pstart[i];
		for (c = 0; c < pcols; c++)
		{
			const char *pk = pkeys[(size_t) i * pcols + c];
			char	   *entry;
			int			p,
						q;

			if (pk == NULL)
				continue;
			entry = strlen(pk) < ctl.keysize ?
				hash_search(map, pk, HASH_FIND, NULL) : NULL;
			if (entry == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
						 errmsg("parent \"%s\" of node \"%s\" is not a node",
								pk, keys[i]),
						 errhint("Every parent key must also appear in nodes; the top node has a NULL parent.")));
			memcpy(&p, entry + MAXALIGN(ctl.keysize), sizeof(int));
			for (q = pstart[i]; q < pstart[i + 1]; q++)
				if (plist[q] == p)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("node \"%s\" lists parent \"%s\" more than once",
									keys[i], pk)));
			plist[pstart[i + 1]++] = p;
			if (parent[i] < 0)
				parent[i] = p;
			else
				grouped = true;
		}
	}
	hash_destroy(map);
	*parent_out = parent;
	*pstart_out = pstart;
	*plist_out = plist;
	return grouped;
}

/*
 * The result rows (node, step, base_forecast, forecast, lower, upper),
 * after checking that every reconciled forecast is finite.
 */
static void
EmitRows(Tuplestorestate *store, TupleDesc tupdesc, char **keys, int n,
		 int h, const double *base, const double *out, const double *lower,
		 const double *upper)
{
	int			i,
				s;

	for (i = 0; i < n * h; i++)
		if (!isfinite(out[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("reconciled forecast of node \"%s\" is not finite",
							keys[i / h])));
	for (i = 0; i < n; i++)
	{
		Datum		node = CStringGetTextDatum(keys[i]);

		if (i % 256 == 0)
			CHECK_FOR_INTERRUPTS();
		for (s = 0; s < h; s++)
		{
			size_t		j = (size_t) i * h + s;
			Datum		values[6];
			bool		nulls[6] = {false, false, false, false, true, true};

			values[0] = node;
			values[1] = Int32GetDatum(s + 1);
			values[2] = Float8GetDatum(base[j]);
			values[3] = Float8GetDatum(out[j]);
			values[4] = values[5] = (Datum) 0;
			if (lower != NULL && !isnan(lower[j]))
			{
				values[4] = Float8GetDatum(lower[j]);
				values[5] = Float8GetDatum(upper[j]);
				nulls[4] = nulls[5] = false;
			}
			tuplestore_putvalues(store, tupdesc, values, nulls);
		}
	}
}

/*
 * reconcile(nodes text[], parents text[], base_forecasts float8[][],
 *			 method text, residuals float8[][], history float8[][],
 *			 level float8)
 *	-> TABLE (node text, step int, base_forecast float8, forecast float8,
 *			  lower float8, upper float8)
 */
PG_FUNCTION_INFO_V1(logistics_reconcile);
Datum
logistics_reconcile(PG_FUNCTION_ARGS)
{
	char	  **keys,
			  **pkeys;
	int			n,
				np,
				h,
				nres = 0,
				nhist = 0,
				method,
				bad,
				rc;
	int		   *parent,
			   *pstart,
			   *plist;
	int			pcols;
	bool		grouped;
	double	   *base,
			   *resid = NULL,
			   *hist = NULL,
			   *out,
			   *lower = NULL,
			   *upper = NULL,
				lambda,
				z = 0.0;
	char	   *method_s;
	char		errbuf[256];
	RcTree		tree;
	RcGraph		graph;
	RcEnv		env;
	ReturnSetInfo *rsinfo;
	TupleDesc	tupdesc;
	Tuplestorestate *store;

	rsinfo = lg_materialized_srf(fcinfo);
	store = rsinfo->setResult;
	tupdesc = rsinfo->setDesc;

	/* required arguments: NULL gives no rows */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(3))
		return (Datum) 0;

	method_s = text_to_cstring(PG_GETARG_TEXT_PP(3));
	method = rc_method_parse(method_s);
	if (method < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown reconciliation method \"%s\", expected one of " RC_METHOD_LIST,
						method_s)));

	keys = TextArray(PG_GETARG_ARRAYTYPE_P(0), &n, NULL, false, "nodes");
	pkeys = TextArray(PG_GETARG_ARRAYTYPE_P(1), &np, &pcols, true, "parents");
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("nodes must not be empty")));
	if (pcols > 1 && np / pcols != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("parents has %d rows but nodes has %d elements",
						np / pcols, n),
				 errhint("Give one row of parent keys per node, padded with NULL.")));
	if (pcols <= 1 && np != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("parents has %d elements but nodes has %d", np, n)));
	base = Matrix(PG_GETARG_ARRAYTYPE_P(2), n, &h, "base_forecasts");
	if (h < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("base_forecasts must have at least one step")));
	if (rc_method_needs_residuals(method))
	{
		if (PG_NARGS() < 5 || PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("method %s needs the in-sample residuals of every node", method_s),
					 errhint("Pass residuals as a two-dimensional array, one row per node in the order of nodes.")));
		resid = Residuals(PG_GETARG_ARRAYTYPE_P(4), keys, n, method_s, &nres);
	}
	if (rc_method_needs_history(method))
	{
		if (PG_NARGS() < 6 || PG_ARGISNULL(5))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("method %s needs the history of every node for the proportions", method_s),
					 errhint("Pass history as a two-dimensional array, one row per node in the order of nodes.")));
		hist = Matrix(PG_GETARG_ARRAYTYPE_P(5), n, &nhist, "history");
	}
	if (PG_NARGS() > 6 && !PG_ARGISNULL(6))
	{
		double		level = PG_GETARG_FLOAT8(6);

		/* a fraction, as every confidence level (issue 16) */
		if (!(level > 0.0 && level < 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("level is a fraction in (0, 1); for a 95%% interval pass 0.95, got %g",
							level)));
		z = lg_interval_z(level, 1.0);
	}

	/* parents as lists; a node with several parents makes it grouped */
	grouped = ParentLists(keys, pkeys, n, Max(pcols, 1), &parent, &pstart,
						  &plist);

	memset(&env, 0, sizeof(env));
	env.interrupt = lg_interrupt_callback;
	env.alloc = RcServerAlloc;
	env.release = RcServerRelease;
	if (grouped)
		rc = rc_graph_build(pstart, plist, n, &graph, &bad, &env, errbuf,
							sizeof(errbuf));
	else
		rc = rc_tree_build(parent, n, &tree, &bad, &env, errbuf,
						   sizeof(errbuf));
	if (rc != RC_OK)
		ReportKernel(rc, errbuf, keys, parent, bad);

	out = palloc_extended(sizeof(double) * (size_t) n * h, MCXT_ALLOC_HUGE);
	if (z > 0.0)
	{
		lower = palloc_extended(sizeof(double) * (size_t) n * h, MCXT_ALLOC_HUGE);
		upper = palloc_extended(sizeof(double) * (size_t) n * h, MCXT_ALLOC_HUGE);
	}
	if (grouped)
		rc = rc_graph_reconcile(&graph, method, h, base, resid, nres, hist,
								nhist, z, out, lower, upper, &lambda, &env,
								errbuf, sizeof(errbuf));
	else
		rc = rc_reconcile(&tree, method, h, base, resid, nres, hist, nhist,
						  z, out, lower, upper, &lambda, &env, errbuf,
						  sizeof(errbuf));
	if (rc != RC_OK)
		ReportKernel(rc, errbuf, keys, parent, -1);
	EmitRows(store, tupdesc, keys, n, h, base, out, lower, upper);
	if (grouped)
		rc_graph_free(&graph, &env);
	else
		rc_tree_free(&tree, &env);
	return (Datum) 0;
}
