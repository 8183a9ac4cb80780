/*-------------------------------------------------------------------------
 *
 * logistics_statefuzz.c
 *	  Test-only module for make fuzz (never installed by make install):
 *	  mutate real serialized states of an aggregate and feed them to its
 *	  deserialize, combine and final functions.
 *
 * logistics_statefuzz(agg regprocedure, rows text, iterations int,
 *					   seed bigint) RETURNS text[]
 *
 * runs the query "rows" (one column per aggregate argument), feeds the
 * first half of its rows to the transition function into state A and the
 * rest into state B, serializes both, and then "iterations" times: takes
 * A's bytes, mutates them (bit flips, words overwritten with boundary
 * values such as 2^61 counts, NaN and infinity, truncation, extension,
 * copied blocks), deserializes the result, combines it into a fresh copy
 * of B, runs the final function and prints its result.  Each iteration
 * runs in a subtransaction; its outcome is 'ok', 'nonfinite' (NaN or
 * Infinity in the printed result) or the SQLSTATE it raised.  A crash
 * ends the backend, which make fuzz detects.
 *
 * The functions run with a stand-in AggState as fcinfo->context, enough
 * for AggCheckCallContext() (the aggregate memory context), which is all
 * the logistics support functions use.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/syscache.h"

PG_MODULE_MAGIC;

#define SF_MAXARGS 16

typedef struct SfAgg
{
	FmgrInfo	trans;
	FmgrInfo	final;
	FmgrInfo	combine;
	FmgrInfo	serial;
	FmgrInfo	deserial;
	int			nargs;			/* aggregate arguments */
	int			nfinal;			/* final function arguments */
	Oid			finaltype;
	AggState   *as;
	ExprContext *ec;
} SfAgg;

static uint64 sf_rng;

static uint64
SfRand(void)
{
	/* xorshift64* */
	sf_rng ^= sf_rng >> 12;
	sf_rng ^= sf_rng << 25;
	sf_rng ^= sf_rng >> 27;
	return sf_rng * UINT64CONST(2685821657736338717);
}

static Datum
SfCall(SfAgg *a, FmgrInfo *f, int nargs, const Datum *args,
	   const bool *nulls, bool *isnull)
{
	LOCAL_FCINFO(fcinfo, SF_MAXARGS + 1);
	Datum		r;
	int			i;

	InitFunctionCallInfoData(*fcinfo, f, nargs, InvalidOid,
							 (Node *) a->as, NULL);
	for (i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = nulls[i];
	}
	if (f->fn_strict)
		for (i = 0; i < nargs; i++)
			if (nulls[i])
			{
				*isnull = true;
				return (Datum) 0;
			}
	r = FunctionCallInvoke(fcinfo);
	*isnull = fcinfo->isnull;
	return r;
}

/* Feed rows [from, to) of the SPI result to the transition function. */
static Datum
SfBuild(SfAgg *a, uint64 from, uint64 to, bool *isnull)
{
	Datum		state = (Datum) 0;
	bool		snull = true;
	uint64		r;

	for (r = from; r < to; r++)
	{
		Datum		args[SF_MAXARGS + 1];
		bool		nulls[SF_MAXARGS + 1];
		bool		rnull;
		int			i;

		args[0] = state;
		nulls[0] = snull;
		for (i = 0; i < a->nargs; i++)
			args[i + 1] = SPI_getbinval(SPI_tuptable->vals[r],
										SPI_tuptable->tupdesc, i + 1,
										&nulls[i + 1]);
		state = SfCall(a, &a->trans, a->nargs + 1, args, nulls, &rnull);
		snull = rnull;
	}
	*isnull = snull;
	return state;
}

static bytea *
SfSerial(SfAgg *a, Datum state)
{
	bool		isnull;
	bool		n = false;
	Datum		r = SfCall(a, &a->serial, 1, &state, &n, &isnull);

	if (isnull)
		return NULL;
	return DatumGetByteaPCopy(r);
}

/* Overwrite or reshape a copy of the serialized bytes. */
static bytea *
SfMutate(const bytea *in)
{
	static const uint64 words[] = {
		0, UINT64CONST(0xFFFFFFFFFFFFFFFF), UINT64CONST(0x7FFFFFFFFFFFFFFF),
		UINT64CONST(0x8000000000000000), UINT64CONST(0x2000000000000000),
		UINT64CONST(0x1FFFFFFFFFFFFFFF), UINT64CONST(0x7FF8000000000000),
		UINT64CONST(0x7FF0000000000000), UINT64CONST(0xFFF0000000000000),
		UINT64CONST(0x7FEFFFFFFFFFFFFF), UINT64CONST(0x0000000000000001),
		UINT64CONST(0xBFF0000000000000), UINT64CONST(0x00000000FFFFFFFF),
		UINT64CONST(0x0000000080000000)
	};
	Size		len = VARSIZE_ANY_EXHDR(in);
	Size		newlen = len;
	int			kind = (int) (SfRand() % 6);
	int			rounds = 1 + (int) (SfRand() % 3);
	bytea	   *out;
	char	   *p;
	int			k;

	if (kind == 3)
		newlen = len > 0 ? (Size) (SfRand() % len) : 0;
	else if (kind == 4)
		newlen = len + 1 + (Size) (SfRand() % 64);
	out = palloc0(VARHDRSZ + newlen);
	SET_VARSIZE(out, VARHDRSZ + newlen);
	p = VARDATA(out);
	memcpy(p, VARDATA_ANY(in), Min(len, newlen));
	if (newlen == 0)
		return out;
	for (k = 0; k < rounds; k++)
	{
		switch (kind)
		{
			case 0:				/* flip bits */
				p[SfRand() % newlen] ^= (char) (1 << (SfRand() % 8));
				break;
			case 1:				/* a boundary word at an 8-byte offset */
			case 5:
				if (newlen >= 8)
				{
					Size		off = (SfRand() % (newlen / 8)) * 8;
					uint64		w = words[SfRand() % lengthof(words)];

					memcpy(p + off, &w, 8);
				}
				break;
			case 2:				/* a boundary word at any offset */
				if (newlen >= 8)
				{
					Size		off = SfRand() % (newlen - 7);
					uint64		w = words[SfRand() % lengthof(words)];

					memcpy(p + off, &w, 8);
				}
				break;
			case 4:				/* garbage after the end */
				p[len + SfRand() % (newlen - len)] = (char) SfRand();
				break;
			default:
				break;
		}
	}
	return out;
}

/* One iteration: deserialize mutated A, combine into B, final, print. */
static char *
SfOnce(SfAgg *a, bytea *mut, bytea *serb)
{
	Datum		args[SF_MAXARGS + 1];
	bool		nulls[SF_MAXARGS + 1];
	Datum		sa,
				sb,
				st,
				res;
	bool		na,
				nb,
				nst,
				nres;
	Oid			outfn;
	bool		isvarlena;
	char	   *txt;
	int			i;

	args[0] = PointerGetDatum(mut);
	args[1] = (Datum) 0;
	nulls[0] = nulls[1] = false;
	sa = SfCall(a, &a->deserial, 2, args, nulls, &na);
	if (serb != NULL)
	{
		args[0] = PointerGetDatum(serb);
		sb = SfCall(a, &a->deserial, 2, args, nulls, &nb);
	}
	else
	{
		sb = (Datum) 0;
		nb = true;
	}
	args[0] = sb;
	nulls[0] = nb;
	args[1] = sa;
	nulls[1] = na;
	st = SfCall(a, &a->combine, 2, args, nulls, &nst);
	args[0] = st;
	nulls[0] = nst;
	for (i = 1; i < a->nfinal; i++)
	{
		args[i] = (Datum) 0;
		nulls[i] = true;
	}
	res = SfCall(a, &a->final, a->nfinal, args, nulls, &nres);
	if (nres)
		return "ok";
	getTypeOutputInfo(a->finaltype, &outfn, &isvarlena);
	txt = OidOutputFunctionCall(outfn, res);
	if (strstr(txt, "NaN") != NULL || strstr(txt, "Infinity") != NULL)
		return "nonfinite";
	return "ok";
}

PG_FUNCTION_INFO_V1(logistics_statefuzz);
Datum
logistics_statefuzz(PG_FUNCTION_ARGS)
{
	Oid			aggfn = PG_GETARG_OID(0);
	char	   *rows = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			iters = PG_GETARG_INT32(2);
	MemoryContext callcxt = CurrentMemoryContext;
	MemoryContext buildcxt;
	MemoryContext itercxt;
	HeapTuple	tup;
	Form_pg_aggregate agg;
	SfAgg		a;
	Datum		stA,
				stB;
	bool		nA,
				nB;
	bytea	   *serA,
			   *serB;
	uint64		nrows;
	Datum	   *out;
	int			i;

	sf_rng = (uint64) PG_GETARG_INT64(3) * UINT64CONST(0x9E3779B97F4A7C15) + 1;
	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggfn));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "not an aggregate: %u", aggfn);
	agg = (Form_pg_aggregate) GETSTRUCT(tup);
	if (agg->aggkind != AGGKIND_NORMAL || agg->aggtranstype != INTERNALOID ||
		!OidIsValid(agg->aggserialfn) || !OidIsValid(agg->aggdeserialfn) ||
		!OidIsValid(agg->aggcombinefn) || !OidIsValid(agg->aggfinalfn))
	{
		ReleaseSysCache(tup);
		PG_RETURN_NULL();
	}
	memset(&a, 0, sizeof(a));
	fmgr_info(agg->aggtransfn, &a.trans);
	fmgr_info(agg->aggfinalfn, &a.final);
	fmgr_info(agg->aggcombinefn, &a.combine);
	fmgr_info(agg->aggserialfn, &a.serial);
	fmgr_info(agg->aggdeserialfn, &a.deserial);
	a.nargs = get_func_nargs(aggfn);
	a.nfinal = agg->aggfinalextra ? a.nargs + 1 : 1;
	a.finaltype = get_func_rettype(agg->aggfinalfn);
	ReleaseSysCache(tup);
	if (a.nargs > SF_MAXARGS)
		PG_RETURN_NULL();

	buildcxt = AllocSetContextCreate(callcxt, "statefuzz states",
									 ALLOCSET_DEFAULT_SIZES);
	itercxt = AllocSetContextCreate(callcxt, "statefuzz iteration",
									ALLOCSET_DEFAULT_SIZES);
	a.as = makeNode(AggState);
	a.ec = palloc0(sizeof(ExprContext));
	a.ec->ecxt_per_tuple_memory = buildcxt;
	a.as->curaggcontext = a.ec;

	/* the real states */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(rows, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "rows query failed");
	if (SPI_tuptable->tupdesc->natts != a.nargs)
		elog(ERROR, "rows query has %d columns, the aggregate %d arguments",
			 SPI_tuptable->tupdesc->natts, a.nargs);
	nrows = SPI_processed;
	MemoryContextSwitchTo(buildcxt);
	stA = SfBuild(&a, 0, nrows / 2, &nA);
	stB = SfBuild(&a, nrows / 2, nrows, &nB);
	serA = nA ? NULL : SfSerial(&a, stA);
	serB = nB ? NULL : SfSerial(&a, stB);
	MemoryContextSwitchTo(callcxt);
	SPI_finish();
	if (serA == NULL)
		PG_RETURN_NULL();

	out = palloc(sizeof(Datum) * Max(iters, 1));
	a.ec->ecxt_per_tuple_memory = itercxt;
	for (i = 0; i < iters; i++)
	{
		volatile ResourceOwner oldowner = CurrentResourceOwner;
		const char *volatile outcome;

		if ((i & 63) == 0)
			CHECK_FOR_INTERRUPTS();
		MemoryContextReset(itercxt);
		BeginInternalSubTransaction(NULL);
		MemoryContextSwitchTo(itercxt);
		PG_TRY();
		{
			bytea	   *mut = SfMutate(serA);

			outcome = SfOnce(&a, mut, serB);
			ReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(callcxt);
			CurrentResourceOwner = oldowner;
		}
		PG_CATCH();
		{
			ErrorData  *edata;

			MemoryContextSwitchTo(callcxt);
			edata = CopyErrorData();
			FlushErrorState();
			RollbackAndReleaseCurrentSubTransaction();
			MemoryContextSwitchTo(callcxt);
			CurrentResourceOwner = oldowner;
			outcome = pstrdup(unpack_sql_state(edata->sqlerrcode));
			FreeErrorData(edata);
		}
		PG_END_TRY();
		out[i] = CStringGetTextDatum(outcome);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(out, iters, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

/* Look up an aggregate as logistics_statefuzz does; false if unsuitable. */
static bool
SfLookup(Oid aggfn, SfAgg *a, MemoryContext cxt)
{
	HeapTuple	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggfn));
	Form_pg_aggregate agg;
	bool		ok;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "not an aggregate: %u", aggfn);
	agg = (Form_pg_aggregate) GETSTRUCT(tup);
	ok = agg->aggkind == AGGKIND_NORMAL && agg->aggtranstype == INTERNALOID &&
		OidIsValid(agg->aggserialfn) && OidIsValid(agg->aggdeserialfn) &&
		OidIsValid(agg->aggcombinefn) && OidIsValid(agg->aggfinalfn);
	if (ok)
	{
		memset(a, 0, sizeof(*a));
		fmgr_info(agg->aggtransfn, &a->trans);
		fmgr_info(agg->aggfinalfn, &a->final);
		fmgr_info(agg->aggcombinefn, &a->combine);
		fmgr_info(agg->aggserialfn, &a->serial);
		fmgr_info(agg->aggdeserialfn, &a->deserial);
		a->nargs = get_func_nargs(aggfn);
		a->nfinal = agg->aggfinalextra ? a->nargs + 1 : 1;
		a->finaltype = get_func_rettype(agg->aggfinalfn);
		a->as = makeNode(AggState);
		a->ec = palloc0(sizeof(ExprContext));
		a->ec->ecxt_per_tuple_memory = cxt;
		a->as->curaggcontext = a->ec;
	}
	ReleaseSysCache(tup);
	return ok && a->nargs <= SF_MAXARGS;
}

/*
 * logistics_statefuzz_serial(agg regprocedure, rows text) RETURNS bytea:
 * the serialized state of the aggregate over the rows, to craft a state
 * from in SQL.
 */
PG_FUNCTION_INFO_V1(logistics_statefuzz_serial);
Datum
logistics_statefuzz_serial(PG_FUNCTION_ARGS)
{
	SfAgg		a;
	Datum		st;
	bool		isnull;
	bytea	   *ser;
	MemoryContext callcxt = CurrentMemoryContext;

	if (!SfLookup(PG_GETARG_OID(0), &a, callcxt))
		PG_RETURN_NULL();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(text_to_cstring(PG_GETARG_TEXT_PP(1)), true, 0) != SPI_OK_SELECT ||
		SPI_tuptable->tupdesc->natts != a.nargs)
		elog(ERROR, "the rows query must return one column per argument");
	MemoryContextSwitchTo(callcxt);
	st = SfBuild(&a, 0, SPI_processed, &isnull);
	ser = isnull ? NULL : SfSerial(&a, st);
	SPI_finish();
	if (ser == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(ser);
}

/*
 * logistics_statefuzz_feed(agg regprocedure, state bytea) RETURNS text:
 * deserialize the given bytes, combine them into an empty state, run the
 * final function and print its result (errors propagate).
 */
PG_FUNCTION_INFO_V1(logistics_statefuzz_feed);
Datum
logistics_statefuzz_feed(PG_FUNCTION_ARGS)
{
	SfAgg		a;
	Datum		args[SF_MAXARGS + 1];
	bool		nulls[SF_MAXARGS + 1];
	Datum		st,
				res;
	bool		nst,
				nres;
	Oid			outfn;
	bool		isvarlena;
	int			i;

	if (!SfLookup(PG_GETARG_OID(0), &a, CurrentMemoryContext))
		PG_RETURN_NULL();
	args[0] = PG_GETARG_DATUM(1);
	args[1] = (Datum) 0;
	nulls[0] = nulls[1] = false;
	st = SfCall(&a, &a.deserial, 2, args, nulls, &nst);
	args[0] = (Datum) 0;
	nulls[0] = true;
	args[1] = st;
	nulls[1] = nst;
	st = SfCall(&a, &a.combine, 2, args, nulls, &nst);
	args[0] = st;
	nulls[0] = nst;
	for (i = 1; i < a.nfinal; i++)
	{
		args[i] = (Datum) 0;
		nulls[i] = true;
	}
	res = SfCall(&a, &a.final, a.nfinal, args, nulls, &nres);
	if (nres)
		PG_RETURN_NULL();
	getTypeOutputInfo(a.finaltype, &outfn, &isvarlena);
	PG_RETURN_TEXT_P(cstring_to_text(OidOutputFunctionCall(outfn, res)));
}
