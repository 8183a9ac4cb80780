/*-------------------------------------------------------------------------
 *
 * ledger_trigger.c
 *	  The triggers of a ledger table: stamping each inserted row into its
 *	  chain, refusing UPDATE, DELETE and TRUNCATE; and the stamping of the
 *	  rows a table already holds when it becomes a ledger.
 *
 * Concurrency: before it reads the tail of a chain, an inserting
 * transaction takes an exclusive transaction-scoped advisory lock keyed by
 * (table oid, hash of the chain key).  A second session inserting into the
 * same chain waits until the first commits or aborts, then reads the tail
 * with SnapshotSelf (committed rows and this transaction's own, including
 * rows the current command inserted), so every chain is one sequence
 * whatever the isolation level.  Chains of different keys do not wait for
 * each other (unless their keys' 32-bit hashes collide).
 *
 * Within one statement (a COPY, an INSERT ... SELECT) the tail of each
 * chain is kept in the trigger's fn_extra, so rows after the first cost a
 * hash of the row, a leaf hash and on average one node hash.  The cache is
 * trusted only while the command and subtransaction ids are those it was
 * filled under.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "ledger/ledger.h"

PG_FUNCTION_INFO_V1(logistics_ledger_stamp);
PG_FUNCTION_INFO_V1(logistics_ledger_reject);
PG_FUNCTION_INFO_V1(logistics_ledger_stamp_existing);

/* The tail of one chain */
typedef struct ChainTail
{
	int64		n;				/* rows in the chain */
	unsigned char prev[MERKLE_HASH_LEN];	/* row_hash of row n */
	TimestampTz last_at;
	MerkleFrontier f;
} ChainTail;

typedef struct ChainState
{
	Datum		chain;
	CommandId	cid;
	SubTransactionId subxid;
	ChainTail	t;
	bool		have_undo;		/* undo is the tail before row t.n */
	ChainTail	undo;
} ChainState;

typedef struct StampState
{
	Oid			relid;
	LedgerRel  *lr;
	Datum	   *values;
	bool	   *nulls;
	bytea	   *prev;			/* bytea buffers of the ledger columns */
	bytea	   *hash;
	bytea	   *nodes;
	int			nchains;
	int			maxchains;
	ChainState **chains;
	int			mru;
} StampState;

/* What the stamp of one row is */
typedef struct Stamp
{
	int64		seq;
	TimestampTz at;
	unsigned char prev[MERKLE_HASH_LEN];
	unsigned char hash[MERKLE_HASH_LEN];
	int			nnodes;
	unsigned char nodes[64][MERKLE_HASH_LEN];
} Stamp;

static uint32
ChainLockKey(LedgerRel *lr, Datum chain)
{
	if (lr->chain_att == 0)
		return 0;
	if (lr->chain_byval)
	{
		int64		v = (int64) chain;

		return hash_bytes((const unsigned char *) &v, sizeof(v));
	}
	if (lr->chain_typlen > 0)
		return hash_bytes((const unsigned char *) DatumGetPointer(chain),
						  lr->chain_typlen);
	{
		struct varlena *p = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(chain));

		return hash_bytes((const unsigned char *) VARDATA_ANY(p),
						  VARSIZE_ANY_EXHDR(p));
	}
}

static void
ChainLock(LedgerRel *lr, Datum chain)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, lr->relid,
						 ChainLockKey(lr, chain), 2);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

static void DamagedChain(Relation rel, int64 n) pg_attribute_noreturn();

static void
DamagedChain(Relation rel, int64 n)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("ledger %s is damaged near ledger_seq %lld: run logistics.ledger_verify('%s')",
					RelationGetRelationName(rel), (long long) n,
					RelationGetRelationName(rel))));
}

/* Read the tail of a chain: last row and the Merkle frontier */
static void
ChainLoad(LedgerRel *lr, Relation rel, ChainState *cs)
{
	Relation	idx = index_open(lr->seq_index, AccessShareLock);
	TupleTableSlot *slot = table_slot_create(rel, NULL);

	if (ledger_fetch(lr, rel, idx, SnapshotSelf, cs->chain, 0, slot))
	{
		bool		isnull,
					n1,
					n2;
		Datum		h;
		LedgerNodeSource src;
		MerkleSource ms;

		cs->t.n = DatumGetInt64(slot_getattr(slot, lr->seq_att, &isnull));
		h = slot_getattr(slot, lr->hash_att, &n1);
		cs->t.last_at = DatumGetTimestampTz(slot_getattr(slot, lr->at_att, &n2));
		if (isnull || n1 || n2 || cs->t.n < 1 ||
			VARSIZE_ANY_EXHDR(DatumGetPointer(h)) != MERKLE_HASH_LEN)
			DamagedChain(rel, cs->t.n);
		memcpy(cs->t.prev, VARDATA_ANY(DatumGetPointer(h)), MERKLE_HASH_LEN);
		src.lr = lr;
		src.rel = rel;
		src.idx = idx;
		src.snap = SnapshotSelf;
		src.chain = cs->chain;
		src.slot = slot;
		src.size = cs->t.n;
		ms.node = ledger_node;
		ms.arg = &src;
		if (merkle_frontier_load(&ms, (uint64) cs->t.n, &cs->t.f) != 0)
			DamagedChain(rel, cs->t.n);
	}
	else
	{
		cs->t.n = 0;
		memset(cs->t.prev, 0, MERKLE_HASH_LEN);
		cs->t.last_at = DT_NOBEGIN;
		cs->t.f.size = 0;
	}
	ExecDropSingleTupleTableSlot(slot);
	index_close(idx, AccessShareLock);
}

/* The next stamp of chain cs for a row, and advance the chain */
static void
StampNext(LedgerRel *lr, ChainState *cs, const Datum *values,
		  const bool *nulls, TimestampTz at, Stamp *st)
{
	if (at < cs->t.last_at)
		at = cs->t.last_at;		/* ledger_at never decreases along a chain */
	st->seq = cs->t.n + 1;
	st->at = at;
	memcpy(st->prev, cs->t.prev, MERKLE_HASH_LEN);
	ledger_row_hash(lr, values, nulls, st->prev, st->seq, at, st->hash);
	if (merkle_frontier_append(ledger_hasher(), &cs->t.f, st->hash, st->nodes,
							   &st->nnodes) != 0)
		elog(ERROR, "ledger chain is full");
	cs->t.n = st->seq;
	cs->t.last_at = at;
	memcpy(cs->t.prev, st->hash, MERKLE_HASH_LEN);
}

static Datum
NodesDatum(Stamp *st, bool *isnull)
{
	bytea	   *b;

	*isnull = st->nnodes == 0;
	if (*isnull)
		return (Datum) 0;
	b = palloc(VARHDRSZ + st->nnodes * MERKLE_HASH_LEN);
	SET_VARSIZE(b, VARHDRSZ + st->nnodes * MERKLE_HASH_LEN);
	memcpy(VARDATA(b), st->nodes, st->nnodes * MERKLE_HASH_LEN);
	return PointerGetDatum(b);
}

static bool
ChainEqual(LedgerRel *lr, Datum a, Datum b)
{
	if (lr->chain_att == 0)
		return true;
	if (lr->chain_byval)
		return a == b;
	return DatumGetBool(FunctionCall2Coll(&lr->chain_eq, lr->chain_collation,
										  a, b));
}

static StampState *
StampStateGet(FunctionCallInfo fcinfo, Relation rel, Trigger *trig)
{
	StampState *ss = fcinfo->flinfo->fn_extra;
	MemoryContext old;

	if (ss != NULL && ss->relid == RelationGetRelid(rel))
		return ss;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	ss = palloc0(sizeof(StampState));
	ss->relid = RelationGetRelid(rel);
	ss->lr = ledger_rel_build(rel, trig->tgnargs == 1 ? trig->tgargs[0] : "",
							  true);
	ss->values = palloc(sizeof(Datum) * ss->lr->natts);
	ss->nulls = palloc(sizeof(bool) * ss->lr->natts);
	ss->prev = palloc(VARHDRSZ + MERKLE_HASH_LEN);
	SET_VARSIZE(ss->prev, VARHDRSZ + MERKLE_HASH_LEN);
	ss->hash = palloc(VARHDRSZ + MERKLE_HASH_LEN);
	SET_VARSIZE(ss->hash, VARHDRSZ + MERKLE_HASH_LEN);
	ss->nodes = palloc(VARHDRSZ + 64 * MERKLE_HASH_LEN);
	ss->maxchains = 8;
	ss->chains = palloc(sizeof(ChainState *) * ss->maxchains);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = ss;
	return ss;
}

/*
 * Is row t.n, the last this statement stamped in the chain, in the table?
 * SnapshotSelf sees it once inserted, also in the current command; a row
 * an ON CONFLICT skipped was never inserted, or its speculative insertion
 * was taken back and is invisible.
 */
static bool
LastRowInserted(LedgerRel *lr, Relation rel, ChainState *cs)
{
	Relation	idx = index_open(lr->seq_index, AccessShareLock);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	bool		found;

	found = ledger_fetch(lr, rel, idx, SnapshotSelf, cs->chain, cs->t.n, slot);
	ExecDropSingleTupleTableSlot(slot);
	index_close(idx, AccessShareLock);
	return found;
}

/* The chain state of this row's key, locked and loaded when needed */
static ChainState *
StampChain(StampState *ss, Relation rel, Datum chain, MemoryContext mcxt,
		   bool may_skip)
{
	LedgerRel  *lr = ss->lr;
	ChainState *cs = NULL;
	int			i;

	if (ss->nchains > 0 && ChainEqual(lr, ss->chains[ss->mru]->chain, chain))
		cs = ss->chains[ss->mru];
	else
		for (i = 0; i < ss->nchains; i++)
			if (ChainEqual(lr, ss->chains[i]->chain, chain))
			{
				cs = ss->chains[i];
				ss->mru = i;
				break;
			}
	if (cs == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(mcxt);

		if (ss->nchains == ss->maxchains)
		{
			ss->maxchains *= 2;
			ss->chains = repalloc(ss->chains,
								  sizeof(ChainState *) * ss->maxchains);
		}
		cs = palloc0(sizeof(ChainState));
		cs->chain = lr->chain_att ?
			datumCopy(chain, lr->chain_byval, lr->chain_typlen) : (Datum) 0;
		cs->cid = InvalidCommandId;
		ss->mru = ss->nchains;
		ss->chains[ss->nchains++] = cs;
		MemoryContextSwitchTo(old);
	}
	if (cs->cid != GetCurrentCommandId(false) ||
		cs->subxid != GetCurrentSubTransactionId())
	{
		ChainLock(lr, chain);
		ChainLoad(lr, rel, cs);
		cs->cid = GetCurrentCommandId(false);
		cs->subxid = GetCurrentSubTransactionId();
		cs->have_undo = false;
	}
	else if (may_skip && cs->have_undo &&
			 !LastRowInserted(lr, rel, cs))
		cs->t = cs->undo;		/* ON CONFLICT skipped it: take it back */
	return cs;
}

/*
 * BEFORE INSERT FOR EACH ROW: fill ledger_seq, ledger_at, prev_hash,
 * row_hash and merkle_nodes; whatever the statement put there is replaced.
 */
Datum
logistics_ledger_stamp(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	StampState *ss;
	LedgerRel  *lr;
	ChainState *cs;
	Datum		chain = (Datum) 0;
	Stamp		st;
	HeapTuple	newtup;
	bool		may_skip;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("logistics._ledger_stamp must be a BEFORE INSERT FOR EACH ROW trigger")));
	rel = td->tg_relation;
	ss = StampStateGet(fcinfo, rel, td->tg_trigger);
	lr = ss->lr;
	heap_deform_tuple(td->tg_trigtuple, RelationGetDescr(rel), ss->values,
					  ss->nulls);
	if (lr->chain_att)
	{
		if (ss->nulls[lr->chain_att - 1])
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("chain key of ledger %s must not be NULL",
							RelationGetRelationName(rel))));
		chain = ss->values[lr->chain_att - 1];
	}
	may_skip = ledger_rows_may_be_skipped();
	cs = StampChain(ss, rel, chain, fcinfo->flinfo->fn_mcxt, may_skip);
	if (may_skip)
	{
		/* so that the stamp can be taken back if the row is skipped */
		cs->undo = cs->t;
		cs->have_undo = true;
	}
	StampNext(lr, cs, ss->values, ss->nulls, GetCurrentTimestamp(), &st);

	/*
	 * The row is formed again from the values deformed above, with the
	 * ledger columns set; the hashes go in through buffers of the trigger's
	 * state, which heap_form_tuple copies.
	 */
	ss->values[lr->seq_att - 1] = Int64GetDatum(st.seq);
	ss->nulls[lr->seq_att - 1] = false;
	ss->values[lr->at_att - 1] = TimestampTzGetDatum(st.at);
	ss->nulls[lr->at_att - 1] = false;
	memcpy(VARDATA(ss->prev), st.prev, MERKLE_HASH_LEN);
	ss->values[lr->prev_att - 1] = PointerGetDatum(ss->prev);
	ss->nulls[lr->prev_att - 1] = false;
	memcpy(VARDATA(ss->hash), st.hash, MERKLE_HASH_LEN);
	ss->values[lr->hash_att - 1] = PointerGetDatum(ss->hash);
	ss->nulls[lr->hash_att - 1] = false;
	ss->nulls[lr->nodes_att - 1] = st.nnodes == 0;
	if (st.nnodes > 0)
	{
		SET_VARSIZE(ss->nodes, VARHDRSZ + st.nnodes * MERKLE_HASH_LEN);
		memcpy(VARDATA(ss->nodes), st.nodes, st.nnodes * MERKLE_HASH_LEN);
		ss->values[lr->nodes_att - 1] = PointerGetDatum(ss->nodes);
	}
	newtup = heap_form_tuple(RelationGetDescr(rel), ss->values, ss->nulls);
	/* what heap_modify_tuple would keep of the original */
	newtup->t_self = td->tg_trigtuple->t_self;
	newtup->t_tableOid = td->tg_trigtuple->t_tableOid;
	return PointerGetDatum(newtup);
}

/* BEFORE UPDATE OR DELETE (row) and BEFORE TRUNCATE (statement) */
Datum
logistics_ledger_reject(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	const char *op;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("logistics._ledger_reject must be called as a trigger")));
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		op = "UPDATE";
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		op = "DELETE";
	else if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		op = "TRUNCATE";
	else
		op = "this statement";
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table %s is an append-only ledger: %s is not allowed; record a correction as a new row",
					RelationGetRelationName(td->tg_relation), op)));
	PG_RETURN_NULL();
}

/* ---- stamping the rows a table holds when it becomes a ledger ---- */

#define STAMP_BATCH 10000

typedef struct Batch
{
	int			n;
	Datum		tid[STAMP_BATCH];
	Datum		seq[STAMP_BATCH];
	Datum		at[STAMP_BATCH];
	Datum		prev[STAMP_BATCH];
	Datum		hash[STAMP_BATCH];
	Datum		nodes[STAMP_BATCH];
	bool		nodes_null[STAMP_BATCH];
} Batch;

static void
BatchFlush(Batch *b, SPIPlanPtr plan)
{
	Datum		args[6];
	int			dims[1] = {b->n};
	int			lbs[1] = {1};
	bool		nn[STAMP_BATCH];

	if (b->n == 0)
		return;
	memset(nn, 0, sizeof(bool) * b->n);
	args[0] = PointerGetDatum(construct_array(b->tid, b->n, TIDOID, 6, false,
											  TYPALIGN_SHORT));
	args[1] = PointerGetDatum(construct_array(b->seq, b->n, INT8OID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = PointerGetDatum(construct_array(b->at, b->n, TIMESTAMPTZOID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[3] = PointerGetDatum(construct_array(b->prev, b->n, BYTEAOID, -1,
											  false, TYPALIGN_INT));
	args[4] = PointerGetDatum(construct_array(b->hash, b->n, BYTEAOID, -1,
											  false, TYPALIGN_INT));
	args[5] = PointerGetDatum(construct_md_array(b->nodes, b->nodes_null, 1,
												 dims, lbs, BYTEAOID, -1,
												 false, TYPALIGN_INT));
	if (SPI_execute_plan(plan, args, NULL, false, 0) != SPI_OK_UPDATE ||
		SPI_processed != (uint64) b->n)
		elog(ERROR, "ledger stamping updated " UINT64_FORMAT " rows of %d",
			 SPI_processed, b->n);
	b->n = 0;
}

static char *
StampQuery(Relation rel, LedgerRel *lr, ArrayType *order_by,
		   const char *recorded_at)
{
	StringInfoData q;
	char	   *qname = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												   RelationGetRelationName(rel));
	bool		first = true;
	int			i;

	initStringInfo(&q);
	appendStringInfo(&q, "SELECT t.ctid, t, %s%s FROM ONLY %s t ORDER BY ",
					 recorded_at ? quote_identifier(recorded_at) : "pg_catalog.now()",
					 "::pg_catalog.timestamptz", qname);
	if (lr->chain_att)
	{
		appendStringInfoString(&q, quote_identifier(NameStr(TupleDescAttr(RelationGetDescr(rel), lr->chain_att - 1)->attname)));
		first = false;
	}
	if (order_by != NULL)
	{
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		deconstruct_array(order_by, TEXTOID, -1, false, TYPALIGN_INT,
						  &elems, &nulls, &n);
		for (i = 0; i < n; i++)
		{
			char	   *col;

			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("order_by must not contain NULL")));
			col = TextDatumGetCString(elems[i]);
			if (get_attnum(RelationGetRelid(rel), col) == InvalidAttrNumber)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("order_by column \"%s\" is not a column of table %s",
								col, RelationGetRelationName(rel))));
			appendStringInfo(&q, "%s%s", first ? "" : ", ",
							 quote_identifier(col));
			first = false;
		}
	}
	else
		for (i = 0; i < lr->npk; i++)
		{
			appendStringInfo(&q, "%s%s", first ? "" : ", ",
							 quote_identifier(NameStr(TupleDescAttr(RelationGetDescr(rel), lr->pk_atts[i] - 1)->attname)));
			first = false;
		}
	if (first)
		appendStringInfoString(&q, "t.ctid");
	return q.data;
}

static void
CheckRecordedAt(Relation rel, const char *col)
{
	AttrNumber	att = get_attnum(RelationGetRelid(rel), col);
	Oid			t;

	if (att == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("recorded_at column \"%s\" is not a column of table %s",
						col, RelationGetRelationName(rel))));
	t = getBaseType(get_atttype(RelationGetRelid(rel), att));
	if (t != TIMESTAMPTZOID && t != TIMESTAMPOID && t != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("recorded_at column \"%s\" of table %s has type %s; it must be a timestamptz, timestamp or date column",
						col, RelationGetRelationName(rel), format_type_be(t))));
}

/*
 * _ledger_stamp_existing(tbl, chain_key, order_by, recorded_at): stamp
 * every row of a table that is becoming a ledger, chain by chain in
 * order_by order (default: the primary key), with ledger_at from the
 * recorded_at column (default: now()).  Called by ledger_enable after the
 * ledger columns and the (chain, ledger_seq) index exist.
 */
Datum
logistics_ledger_stamp_existing(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *chain_col = PG_ARGISNULL(1) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(1));
	ArrayType  *order_by = PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2);
	char	   *recorded_at = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	Relation	rel;
	LedgerRel  *lr;
	TupleDesc	desc;
	Datum	   *values;
	bool	   *nulls;
	Batch	   *b = palloc(sizeof(Batch));
	ChainState *cs = palloc0(sizeof(ChainState));
	MemoryContext batchcxt = AllocSetContextCreate(CurrentMemoryContext,
												   "ledger stamping",
												   ALLOCSET_DEFAULT_SIZES);
	MemoryContext old;
	bool		have_chain = false;
	int64		total = 0;
	char	   *qname;
	SPIPlanPtr	plan;
	Portal		portal;
	Oid			argtypes[6] = {TIDARRAYOID, INT8ARRAYOID, TIMESTAMPTZARRAYOID,
	BYTEAARRAYOID, BYTEAARRAYOID, BYTEAARRAYOID};

	/* callable from SQL too: a dropped table or OID 0 is the user's error */
	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("_ledger_stamp_existing: relation with OID %u does not exist", relid)));
	rel = table_open(relid, ShareRowExclusiveLock);
	desc = RelationGetDescr(rel);
	values = palloc(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	if (recorded_at)
		CheckRecordedAt(rel, recorded_at);
	lr = ledger_rel_build(rel, chain_col, true);
	qname = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
									   RelationGetRelationName(rel));
	SPI_connect();
	plan = SPI_prepare(psprintf("UPDATE ONLY %s t SET ledger_seq = u.seq, ledger_at = u.at, "
								"prev_hash = u.prev, row_hash = u.h, merkle_nodes = u.nodes "
								"FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), "
								"pg_catalog.unnest($3), pg_catalog.unnest($4), "
								"pg_catalog.unnest($5), pg_catalog.unnest($6)) "
								"AS u(tid, seq, at, prev, h, nodes) "
								"WHERE t.ctid OPERATOR(pg_catalog.=) u.tid", qname),
					   6, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open_with_args(NULL,
									   StampQuery(rel, lr, order_by, recorded_at),
									   0, NULL, NULL, NULL, true, 0);
	b->n = 0;
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, STAMP_BATCH);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(batchcxt);
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	row = SPI_tuptable->vals[i];
			bool		isnull;
			Datum		tid = SPI_getbinval(row, SPI_tuptable->tupdesc, 1, &isnull);
			HeapTupleHeader hdr = DatumGetHeapTupleHeader(SPI_getbinval(row, SPI_tuptable->tupdesc, 2, &isnull));
			Datum		at = SPI_getbinval(row, SPI_tuptable->tupdesc, 3, &isnull);
			HeapTupleData tup;
			Stamp		st;

			CHECK_FOR_INTERRUPTS();
			if (isnull)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("recorded_at column \"%s\" is NULL in a row of %s; every existing row needs a time",
								recorded_at, RelationGetRelationName(rel))));
			tup.t_len = HeapTupleHeaderGetDatumLength(hdr);
			ItemPointerSetInvalid(&tup.t_self);
			tup.t_tableOid = relid;
			tup.t_data = hdr;
			heap_deform_tuple(&tup, desc, values, nulls);
			if (lr->chain_att && nulls[lr->chain_att - 1])
				elog(ERROR, "NULL chain key in a NOT NULL column");
			if (!have_chain ||
				!ChainEqual(lr, cs->chain, values[lr->chain_att ? lr->chain_att - 1 : 0]))
			{
				/* a new chain starts: sorted input, so it is empty */
				MemoryContextSwitchTo(old);
				cs->chain = lr->chain_att ?
					datumCopy(values[lr->chain_att - 1], lr->chain_byval,
							  lr->chain_typlen) : (Datum) 0;
				MemoryContextSwitchTo(batchcxt);
				cs->t.n = 0;
				memset(cs->t.prev, 0, MERKLE_HASH_LEN);
				cs->t.last_at = DT_NOBEGIN;
				cs->t.f.size = 0;
				have_chain = true;
			}
			StampNext(lr, cs, values, nulls, DatumGetTimestampTz(at), &st);
			b->tid[b->n] = datumCopy(tid, false, 6);
			b->seq[b->n] = Int64GetDatum(st.seq);
			b->at[b->n] = TimestampTzGetDatum(st.at);
			b->prev[b->n] = PointerGetDatum(ledger_hash_bytea(st.prev));
			b->hash[b->n] = PointerGetDatum(ledger_hash_bytea(st.hash));
			b->nodes[b->n] = NodesDatum(&st, &b->nodes_null[b->n]);
			b->n++;
			total++;
			if (b->n == STAMP_BATCH)
				BatchFlush(b, plan);
		}
		BatchFlush(b, plan);
		MemoryContextSwitchTo(old);
		MemoryContextReset(batchcxt);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	table_close(rel, NoLock);
	PG_RETURN_INT64(total);
}
