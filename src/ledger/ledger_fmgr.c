/*-------------------------------------------------------------------------
 *
 * ledger_fmgr.c
 *	  SQL functions of the ledger: verification of the chains, tree heads
 *	  (digests), inclusion and consistency proofs and their verification.
 *
 * Verification walks the (chain, ledger_seq) index in order, so each
 * chain is read once from its first row to its last; per row it rebuilds
 * the canonical encoding and checks row_hash, the link to the previous
 * row, the sequence and the Merkle nodes the row stores.  Proofs read only
 * the O(log n) rows whose merkle_nodes hold the subtree hashes they need.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/heapam.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "ledger/ledger.h"

PG_FUNCTION_INFO_V1(logistics_ledger_verify);
PG_FUNCTION_INFO_V1(logistics_ledger_digest);
PG_FUNCTION_INFO_V1(logistics_ledger_inclusion_proof);
PG_FUNCTION_INFO_V1(logistics_ledger_consistency_proof);
PG_FUNCTION_INFO_V1(logistics_ledger_verify_inclusion);
PG_FUNCTION_INFO_V1(logistics_ledger_verify_consistency);
PG_FUNCTION_INFO_V1(logistics_ledger_verify_digest);

/* Per-chain state of ledger_verify */
typedef struct VerifyChain
{
	Datum		chain;
	int64		rows;
	unsigned char last[MERKLE_HASH_LEN];	/* row_hash of the previous row */
	MerkleFrontier f;
	bool		broken;
	char	   *problem;
	int64		broken_seq;
	char	   *broken_pk;
	unsigned char expected[MERKLE_HASH_LEN];
	unsigned char stored[MERKLE_HASH_LEN];
	bool		have_hashes;
	bool		check_next;		/* row changed: is the next one renumbered? */
	bool		slow;			/* met out of order: walk it by the index */
	HeapTuple  *pend;			/* rows met early, by ledger_seq */
	int64	   *pendseq;		/* their ledger_seq */
	int			npend;
	int			cappend;
	MemoryContext cxt;			/* where the first problem is kept */
} VerifyChain;

static text *
ChainText(LedgerRel *lr, Datum chain)
{
	if (lr->chain_att == 0)
		return NULL;
	return cstring_to_text(OutputFunctionCall(&lr->chain_out, chain));
}

static void
VerifyEmit(ReturnSetInfo *rsi, LedgerRel *lr, VerifyChain *vc)
{
	Datum		v[8];
	bool		n[8];
	text	   *ct = ChainText(lr, vc->chain);

	memset(n, 0, sizeof(n));
	v[0] = ct ? PointerGetDatum(ct) : (Datum) 0;
	n[0] = ct == NULL;
	v[1] = Int64GetDatum(vc->rows);
	v[2] = BoolGetDatum(!vc->broken);
	n[3] = n[4] = n[5] = n[6] = n[7] = !vc->broken;
	if (vc->broken)
	{
		v[3] = CStringGetTextDatum(vc->problem);
		v[4] = Int64GetDatum(vc->broken_seq);
		n[5] = vc->broken_pk == NULL;
		if (vc->broken_pk)
			v[5] = CStringGetTextDatum(vc->broken_pk);
		n[6] = n[7] = !vc->have_hashes;
		if (vc->have_hashes)
		{
			v[6] = PointerGetDatum(ledger_hash_bytea(vc->expected));
			v[7] = PointerGetDatum(ledger_hash_bytea(vc->stored));
		}
	}
	tuplestore_putvalues(rsi->setResult, rsi->setDesc, v, n);
}

static void
Broken(VerifyChain *vc, LedgerRel *lr, TupleTableSlot *slot, int64 seq,
	   char *problem, const unsigned char *expected,
	   const unsigned char *stored)
{
	MemoryContext old = MemoryContextSwitchTo(vc->cxt);

	vc->broken = true;
	vc->problem = pstrdup(problem);
	vc->broken_seq = seq;
	vc->broken_pk = lr->npk > 0 ? ledger_pk_text(lr, slot) : NULL;
	MemoryContextSwitchTo(old);
	vc->have_hashes = expected != NULL;
	if (expected)
	{
		memcpy(vc->expected, expected, MERKLE_HASH_LEN);
		memcpy(vc->stored, stored, MERKLE_HASH_LEN);
	}
}

/* 32 bytes of a bytea column, or false when NULL or of another length */
static bool
Hash32(Datum d, bool isnull, unsigned char *out)
{
	if (isnull || VARSIZE_ANY_EXHDR(DatumGetPointer(d)) != MERKLE_HASH_LEN)
		return false;
	memcpy(out, VARDATA_ANY(DatumGetPointer(d)), MERKLE_HASH_LEN);
	return true;
}

/* Check one row against its chain; the first problem is kept */
static void
VerifyRow(LedgerRel *lr, TupleTableSlot *slot, VerifyChain *vc,
		  bool check_merkle)
{
	Datum	   *values = slot->tts_values;
	bool	   *nulls = slot->tts_isnull;
	int64		seq = DatumGetInt64(values[lr->seq_att - 1]);
	TimestampTz at = DatumGetTimestampTz(values[lr->at_att - 1]);
	unsigned char prev[MERKLE_HASH_LEN],
				stored[MERKLE_HASH_LEN],
				calc[MERKLE_HASH_LEN],
				done[64][MERKLE_HASH_LEN];
	int			ndone;
	Datum		nodes;

	vc->rows++;
	if (vc->check_next)
	{
		vc->check_next = false;
		if (!nulls[lr->seq_att - 1] && !nulls[lr->at_att - 1] &&
			Hash32(values[lr->prev_att - 1], nulls[lr->prev_att - 1], prev) &&
			Hash32(values[lr->hash_att - 1], nulls[lr->hash_att - 1], stored))
		{
			/* stamped one position earlier: a row was slipped in before */
			ledger_row_hash(lr, values, nulls, prev, seq - 1, at, calc);
			if (memcmp(calc, stored, MERKLE_HASH_LEN) == 0)
				vc->problem = MemoryContextStrdup(vc->cxt,
												  psprintf("forged row: ledger_seq %lld was not stamped by the ledger and the rows after it were renumbered",
														   (long long) vc->broken_seq));
		}
	}
	if (vc->broken)
		return;
	if (nulls[lr->seq_att - 1] || nulls[lr->at_att - 1] ||
		!Hash32(values[lr->prev_att - 1], nulls[lr->prev_att - 1], prev) ||
		!Hash32(values[lr->hash_att - 1], nulls[lr->hash_att - 1], stored))
	{
		Broken(vc, lr, slot, nulls[lr->seq_att - 1] ? 0 : seq,
			   "ledger columns missing: row inserted without the stamping trigger",
			   NULL, NULL);
		return;
	}
	if (seq > vc->rows)
	{
		Broken(vc, lr, slot, vc->rows,
			   seq - 1 == vc->rows ?
			   psprintf("row missing: ledger_seq %lld not found (deleted)",
						(long long) vc->rows) :
			   psprintf("rows missing: ledger_seq %lld to %lld not found (deleted)",
						(long long) vc->rows, (long long) seq - 1),
			   vc->last, prev);
		return;
	}
	if (seq < vc->rows)
	{
		Broken(vc, lr, slot, seq,
			   psprintf("duplicate ledger_seq %lld (forged row)", (long long) seq),
			   NULL, NULL);
		return;
	}
	ledger_row_hash(lr, values, nulls, prev, seq, at, calc);
	if (memcmp(calc, stored, MERKLE_HASH_LEN) != 0)
	{
		unsigned char next[MERKLE_HASH_LEN];

		/* a row hashed for the next position is a reordered pair */
		ledger_row_hash(lr, values, nulls, prev, seq + 1, at, next);
		if (memcmp(next, stored, MERKLE_HASH_LEN) == 0)
			Broken(vc, lr, slot, seq,
				   psprintf("rows reordered: the row at ledger_seq %lld was stamped as ledger_seq %lld",
							(long long) seq, (long long) seq + 1),
				   calc, stored);
		else
		{
			Broken(vc, lr, slot, seq,
				   "row changed or forged: its columns do not give its row_hash",
				   calc, stored);
			vc->check_next = true;
		}
		return;
	}
	if (memcmp(prev, vc->last, MERKLE_HASH_LEN) != 0)
	{
		Broken(vc, lr, slot, seq,
			   "chain link broken: prev_hash is not the previous row's row_hash (forged or moved row)",
			   vc->last, prev);
		return;
	}
	memcpy(vc->last, stored, MERKLE_HASH_LEN);

	if (!check_merkle)
		return;
	/* the Merkle subtrees this row completes (row_hash is the leaf hash) */
	if (merkle_frontier_append(ledger_hasher(), &vc->f, stored, done,
							   &ndone) != 0)
		elog(ERROR, "ledger chain is full");
	nodes = values[lr->nodes_att - 1];
	if (ndone == 0 ? !nulls[lr->nodes_att - 1] :
		(nulls[lr->nodes_att - 1] ||
		 VARSIZE_ANY_EXHDR(DatumGetPointer(nodes)) != (Size) ndone * MERKLE_HASH_LEN ||
		 memcmp(VARDATA_ANY(DatumGetPointer(nodes)), done,
				ndone * MERKLE_HASH_LEN) != 0))
		Broken(vc, lr, slot, seq,
			   "merkle_nodes changed: they are not the subtree hashes of the chain",
			   NULL, NULL);
}

static void
VerifyReset(VerifyChain *vc)
{
	vc->rows = 0;
	memset(vc->last, 0, MERKLE_HASH_LEN);
	vc->f.size = 0;
	vc->broken = false;
	vc->check_next = false;
	vc->slow = false;
	vc->npend = 0;
	vc->problem = NULL;
	vc->broken_pk = NULL;
}

/*
 * The functions read the table directly, below the executor's permission
 * checks: the caller needs SELECT on it, as for reading it by SQL.
 */
static Relation
OpenLedger(Oid relid)
{
	AclResult	acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);

	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, get_rel_name(relid));
	return table_open(relid, AccessShareLock);
}

/* Is chain key a equal to b? */
static bool
SameChain(LedgerRel *lr, Datum a, Datum b)
{
	if (lr->chain_att == 0)
		return true;
	if (lr->chain_byval)
		return a == b;
	return DatumGetBool(FunctionCall2Coll(&lr->chain_eq, lr->chain_collation,
										  a, b));
}

/* The chains met so far, in a small array searched most-recent first */
typedef struct ChainSet
{
	VerifyChain **v;
	int			n;
	int			cap;
	int			mru;
} ChainSet;

static VerifyChain *
ChainFor(LedgerRel *lr, ChainSet *cs, Datum chain, MemoryContext cxt)
{
	VerifyChain *vc;
	int			i;

	if (cs->n > 0 && SameChain(lr, cs->v[cs->mru]->chain, chain))
		return cs->v[cs->mru];
	for (i = 0; i < cs->n; i++)
		if (SameChain(lr, cs->v[i]->chain, chain))
		{
			cs->mru = i;
			return cs->v[i];
		}
	if (cs->n == cs->cap)
	{
		cs->cap = cs->cap ? 2 * cs->cap : 8;
		cs->v = cs->v ? repalloc(cs->v, sizeof(VerifyChain *) * cs->cap) :
			MemoryContextAlloc(cxt, sizeof(VerifyChain *) * cs->cap);
	}
	vc = MemoryContextAllocZero(cxt, sizeof(VerifyChain));
	vc->cxt = cxt;
	if (lr->chain_att)
		vc->chain = datumCopy(chain, lr->chain_byval, lr->chain_typlen);
	VerifyReset(vc);
	cs->mru = cs->n;
	cs->v[cs->n++] = vc;
	return vc;
}

/*
 * Keep a row met before its predecessors (heap order differs from stamp
 * order where free space on an earlier page was reused) until its turn.
 * Too many waiting rows mean a chain far out of heap order: walk it by the
 * index instead.
 */
#define MAX_PENDING 4096

static void
Pend(LedgerRel *lr, VerifyChain *vc, TupleTableSlot *slot)
{
	MemoryContext old;
	HeapTuple	t;
	int64		seq = DatumGetInt64(slot->tts_values[lr->seq_att - 1]);
	int			i;

	if (vc->npend >= MAX_PENDING)
	{
		vc->slow = true;
		return;
	}
	old = MemoryContextSwitchTo(vc->cxt);
	if (vc->npend == vc->cappend)
	{
		vc->cappend = vc->cappend ? 2 * vc->cappend : 16;
		vc->pend = vc->pend ? repalloc(vc->pend, sizeof(HeapTuple) * vc->cappend) :
			palloc(sizeof(HeapTuple) * vc->cappend);
		vc->pendseq = vc->pendseq ? repalloc(vc->pendseq, sizeof(int64) * vc->cappend) :
			palloc(sizeof(int64) * vc->cappend);
	}
	t = ExecCopySlotHeapTuple(slot);
	MemoryContextSwitchTo(old);
	for (i = vc->npend; i > 0 && vc->pendseq[i - 1] > seq; i--)
	{
		vc->pend[i] = vc->pend[i - 1];
		vc->pendseq[i] = vc->pendseq[i - 1];
	}
	vc->pend[i] = t;
	vc->pendseq[i] = seq;
	vc->npend++;
}

/* Check the waiting rows whose turn has come */
static void
Drain(LedgerRel *lr, VerifyChain *vc, TupleTableSlot *pslot,
	  bool check_merkle, MemoryContext rowcxt)
{
	int			k = 0;
	MemoryContext old;

	while (k < vc->npend && vc->pendseq[k] == vc->rows + 1)
	{
		ExecStoreHeapTuple(vc->pend[k], pslot, true);
		slot_getallattrs(pslot);
		old = MemoryContextSwitchTo(rowcxt);
		VerifyRow(lr, pslot, vc, check_merkle);
		MemoryContextSwitchTo(old);
		ExecClearTuple(pslot);
		k++;
	}
	if (k > 0)
	{
		memmove(vc->pend, vc->pend + k, sizeof(HeapTuple) * (vc->npend - k));
		memmove(vc->pendseq, vc->pendseq + k, sizeof(int64) * (vc->npend - k));
		vc->npend -= k;
	}
	if (vc->npend > 0 && vc->pendseq[0] <= vc->rows)
		vc->slow = true;		/* a duplicate ledger_seq */
}

/* Walk one chain (the table's only chain without a key) in index order */
static void
VerifyByIndex(LedgerRel *lr, Relation rel, Relation idx, TupleTableSlot *slot,
			  VerifyChain *vc, bool check_merkle, MemoryContext rowcxt)
{
	ScanKeyData key;
	int			nkeys = 0;
	IndexScanDesc scan;
	uint64		count = 0;
	MemoryContext old;

	VerifyReset(vc);
	if (lr->chain_att)
	{
		ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid,
							   lr->chain_collation, lr->chain_eqproc,
							   vc->chain);
		nkeys = 1;
	}
	scan = index_beginscan(rel, idx, GetActiveSnapshot(), nkeys, 0);
	index_rescan(scan, nkeys ? &key : NULL, nkeys, NULL, 0);
	while (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		if ((++count & 1023) == 0)
		{
			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(rowcxt);
		}
		slot_getallattrs(slot);
		old = MemoryContextSwitchTo(rowcxt);
		VerifyRow(lr, slot, vc, check_merkle);
		MemoryContextSwitchTo(old);
	}
	index_endscan(scan);
}

/*
 * ledger_verify(tbl, check_merkle) returns one row per chain: chain_key,
 * rows_checked, ok, and for a broken chain the first problem, its
 * ledger_seq, primary key, and the expected and stored hashes.
 *
 * Rows are appended to the heap in the order they are stamped, so one
 * sequential scan usually meets every chain's rows in ledger_seq order
 * and checks them at the cost of reading the table once.  A chain whose
 * rows come out of order (free space reused after a rollback and VACUUM,
 * a CLUSTER, a deleted or moved row) is checked again by walking the
 * (chain, ledger_seq) index, which also finds and names its first problem.
 */
Datum
logistics_ledger_verify(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	bool		check_merkle = PG_GETARG_BOOL(1);
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	Relation	rel,
				idx;
	LedgerRel  *lr;
	TupleTableSlot *slot,
			   *pslot;
	TableScanDesc scan;
	ChainSet	cs = {NULL, 0, 0, 0};
	MemoryContext rowcxt,
				old;
	uint64		count = 0;
	int			i,
				j;

	lg_materialized_srf(fcinfo);
	rel = OpenLedger(relid);
	lr = ledger_rel_build(rel, NULL, true);
	idx = index_open(lr->seq_index, AccessShareLock);
	slot = table_slot_create(rel, NULL);
	pslot = MakeSingleTupleTableSlot(RelationGetDescr(rel), &TTSOpsHeapTuple);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "ledger verify",
								   ALLOCSET_DEFAULT_SIZES);

	/* from the first block: a synchronized scan would start mid-chain */
	scan = table_beginscan_strat(rel, GetActiveSnapshot(), 0, NULL, true, false);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		VerifyChain *vc;
		Datum	   *values;
		bool	   *nulls;

		if ((++count & 1023) == 0)
		{
			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(rowcxt);
		}
		slot_getallattrs(slot);
		values = slot->tts_values;
		nulls = slot->tts_isnull;
		vc = ChainFor(lr, &cs, lr->chain_att ? values[lr->chain_att - 1] :
					  (Datum) 0, CurrentMemoryContext);
		if (vc->slow)
			continue;
		if (nulls[lr->seq_att - 1] ||
			DatumGetInt64(values[lr->seq_att - 1]) <= vc->rows)
		{
			vc->slow = true;
			continue;
		}
		if (DatumGetInt64(values[lr->seq_att - 1]) > vc->rows + 1)
		{
			Pend(lr, vc, slot);
			continue;
		}
		old = MemoryContextSwitchTo(rowcxt);
		VerifyRow(lr, slot, vc, check_merkle);
		MemoryContextSwitchTo(old);
		if (vc->npend > 0 && vc->pendseq[0] == vc->rows + 1)
			Drain(lr, vc, pslot, check_merkle, rowcxt);
	}
	table_endscan(scan);

	for (i = 0; i < cs.n; i++)
		if (cs.v[i]->slow || cs.v[i]->npend > 0)
			VerifyByIndex(lr, rel, idx, slot, cs.v[i], check_merkle, rowcxt);

	/* chains in key order, as the index has them */
	for (i = 1; i < cs.n; i++)
		for (j = i; j > 0 &&
			 DatumGetBool(FunctionCall2Coll(&lr->chain_gt, lr->chain_collation,
											cs.v[j - 1]->chain, cs.v[j]->chain));
			 j--)
		{
			VerifyChain *t = cs.v[j];

			cs.v[j] = cs.v[j - 1];
			cs.v[j - 1] = t;
		}
	for (i = 0; i < cs.n; i++)
		VerifyEmit(rsi, lr, cs.v[i]);
	ExecDropSingleTupleTableSlot(pslot);
	ExecDropSingleTupleTableSlot(slot);
	index_close(idx, AccessShareLock);
	table_close(rel, AccessShareLock);
	return (Datum) 0;
}

/* Open a ledger for reading its chains */
typedef struct Reader
{
	Relation	rel;
	Relation	idx;
	LedgerRel  *lr;
	TupleTableSlot *slot;
	LedgerNodeSource src;
} Reader;

static void
ReaderOpen(Reader *r, Oid relid)
{
	r->rel = OpenLedger(relid);
	r->lr = ledger_rel_build(r->rel, NULL, true);
	r->idx = index_open(r->lr->seq_index, AccessShareLock);
	r->slot = table_slot_create(r->rel, NULL);
	r->src.lr = r->lr;
	r->src.rel = r->rel;
	r->src.idx = r->idx;
	r->src.snap = GetActiveSnapshot();
	r->src.slot = r->slot;
	r->src.chain = (Datum) 0;
	r->src.size = 0;
}

static void
ReaderClose(Reader *r)
{
	ExecDropSingleTupleTableSlot(r->slot);
	index_close(r->idx, AccessShareLock);
	table_close(r->rel, AccessShareLock);
}

/* Rows in the chain now */
static int64
ChainSize(Reader *r, Datum chain)
{
	bool		isnull;

	if (!ledger_fetch(r->lr, r->rel, r->idx, r->src.snap, chain, 0, r->slot))
		return 0;
	return DatumGetInt64(slot_getattr(r->slot, r->lr->seq_att, &isnull));
}

static TimestampTz
RowAt(Reader *r, Datum chain, int64 seq, bool *found)
{
	bool		isnull;

	*found = ledger_fetch(r->lr, r->rel, r->idx, r->src.snap, chain, seq,
						  r->slot);
	if (!*found)
		return 0;
	return DatumGetTimestampTz(slot_getattr(r->slot, r->lr->at_att, &isnull));
}

static void Damaged(Reader *r, Datum chain) pg_attribute_noreturn();

static void
Damaged(Reader *r, Datum chain)
{
	text	   *ct = ChainText(r->lr, chain);

	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("ledger %s%s%s is damaged: a row its Merkle tree needs is missing or altered; run logistics.ledger_verify('%s')",
					RelationGetRelationName(r->rel),
					ct ? " chain " : "", ct ? text_to_cstring(ct) : "",
					RelationGetRelationName(r->rel))));
}

static void
Root(Reader *r, Datum chain, int64 n, unsigned char *out)
{
	MerkleFrontier f;
	MerkleSource ms = {ledger_node, &r->src};

	r->src.chain = chain;
	r->src.size = n;
	if (merkle_frontier_load(&ms, (uint64) n, &f) != 0 ||
		merkle_frontier_root(ledger_hasher(), &f, out) != 0)
		Damaged(r, chain);
}

/*
 * ledger_digest(tbl, at) returns per chain the tree head of the rows with
 * ledger_at <= at (all rows when at is NULL): chain_key, tree_size,
 * root_hash, last_at.  ledger_at never decreases along a chain, so the
 * size is found by binary search over ledger_seq.
 */
Datum
logistics_ledger_digest(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		have_at = !PG_ARGISNULL(1);
	TimestampTz at = have_at ? PG_GETARG_TIMESTAMPTZ(1) : 0;
	Reader		r;
	Datum		chain = (Datum) 0;
	bool		have = false;

	lg_materialized_srf(fcinfo);
	/* not STRICT for the sake of a NULL "at"; a NULL table: no rows */
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	ReaderOpen(&r, PG_GETARG_OID(0));
	for (;;)
	{
		int64		lo,
					hi;
		unsigned char root[MERKLE_HASH_LEN];
		Datum		v[4];
		bool		n[4] = {false, false, false, false};
		bool		found;
		text	   *ct;

		CHECK_FOR_INTERRUPTS();
		if (r.lr->chain_att)
		{
			if (!ledger_next_chain(r.lr, r.rel, r.idx, r.src.snap, have,
								   &chain, r.slot))
				break;
		}
		else if (have)
			break;
		have = true;
		hi = ChainSize(&r, chain);
		lo = 0;
		if (have_at)
			while (lo < hi)
			{
				int64		mid = lo + (hi - lo + 1) / 2;
				TimestampTz t = RowAt(&r, chain, mid, &found);

				if (!found)
					Damaged(&r, chain);
				if (t <= at)
					lo = mid;
				else
					hi = mid - 1;
			}
		else
			lo = hi;
		Root(&r, chain, lo, root);
		ct = ChainText(r.lr, chain);
		v[0] = ct ? PointerGetDatum(ct) : (Datum) 0;
		n[0] = ct == NULL;
		v[1] = Int64GetDatum(lo);
		v[2] = PointerGetDatum(ledger_hash_bytea(root));
		n[3] = lo == 0;
		if (lo > 0)
		{
			v[3] = TimestampTzGetDatum(RowAt(&r, chain, lo, &found));
			if (!found)
				Damaged(&r, chain);
		}
		tuplestore_putvalues(rsi->setResult, rsi->setDesc, v, n);
	}
	ReaderClose(&r);
	return (Datum) 0;
}

static ArrayType *
PathArray(unsigned char (*path)[MERKLE_HASH_LEN], int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = PointerGetDatum(ledger_hash_bytea(path[i]));
	return construct_array(d, n, BYTEAOID, -1, false, TYPALIGN_INT);
}

/* A proof's array argument as hashes; NULL elements or bad sizes error */
static int
PathArg(ArrayType *a, unsigned char (*path)[MERKLE_HASH_LEN], const char *what)
{
	Datum	   *d;
	bool	   *nulls;
	int			n,
				i;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional bytea array", what)));
	deconstruct_array(a, BYTEAOID, -1, false, TYPALIGN_INT, &d, &nulls, &n);
	if (n > MERKLE_MAX_PATH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has %d hashes; a proof has at most %d",
						what, n, MERKLE_MAX_PATH)));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what)));
		ledger_hash_arg(DatumGetByteaPP(d[i]), path[i], what);
	}
	return n;
}

/* tree_size argument: NULL means the chain's current size */
static int64
SizeArg(FunctionCallInfo fcinfo, int argno, int64 current, const char *what)
{
	int64		n = PG_ARGISNULL(argno) ? current : PG_GETARG_INT64(argno);

	if (n < 0 || n > current)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and the chain's %lld rows, got %lld",
						what, (long long) current, (long long) n)));
	return n;
}

/*
 * ledger_inclusion_proof(tbl, chain_key, ledger_seq, tree_size): the RFC
 * 6962 audit path of row ledger_seq (leaf index ledger_seq - 1) in the
 * tree of the chain's first tree_size rows (NULL: all).
 */
Datum
logistics_ledger_inclusion_proof(PG_FUNCTION_ARGS)
{
	Reader		r;
	Datum		chain;
	int64		cur,
				n,
				seq;
	unsigned char root[MERKLE_HASH_LEN],
				leaf[MERKLE_HASH_LEN],
				path[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	int			np = 0;
	TupleDesc	desc;
	MerkleSource ms = {ledger_node, NULL};
	Datum		v[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	seq = PG_GETARG_INT64(2);
	ReaderOpen(&r, PG_GETARG_OID(0));
	chain = ledger_chain_from_text(r.lr, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1),
								   PG_ARGISNULL(1));
	cur = ChainSize(&r, chain);
	n = SizeArg(fcinfo, 3, cur, "tree_size");
	if (seq < 1 || seq > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ledger_seq must be between 1 and tree_size %lld, got %lld",
						(long long) n, (long long) seq)));
	r.src.chain = chain;
	r.src.size = n;
	ms.arg = &r.src;
	Root(&r, chain, n, root);
	if (ledger_node(&r.src, 0, (uint64) (seq - 1), leaf) != 0 ||
		merkle_inclusion_proof(ledger_hasher(), &ms, (uint64) (seq - 1),
							   (uint64) n, path, &np) != 0)
		Damaged(&r, chain);
	ReaderClose(&r);
	v[0] = Int64GetDatum(seq - 1);
	v[1] = Int64GetDatum(n);
	v[2] = PointerGetDatum(ledger_hash_bytea(leaf));
	v[3] = PointerGetDatum(ledger_hash_bytea(root));
	v[4] = PointerGetDatum(PathArray(path, np));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), v, nulls)));
}

/*
 * ledger_consistency_proof(tbl, chain_key, first_size, second_size): the
 * RFC 6962 consistency proof that the tree of the first first_size rows is
 * a prefix of the tree of second_size rows (NULL: all), with both roots.
 */
Datum
logistics_ledger_consistency_proof(PG_FUNCTION_ARGS)
{
	Reader		r;
	Datum		chain;
	int64		cur,
				m,
				n;
	unsigned char r1[MERKLE_HASH_LEN],
				r2[MERKLE_HASH_LEN],
				path[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	int			np = 0;
	TupleDesc	desc;
	MerkleSource ms = {ledger_node, NULL};
	Datum		v[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	ReaderOpen(&r, PG_GETARG_OID(0));
	chain = ledger_chain_from_text(r.lr, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1),
								   PG_ARGISNULL(1));
	cur = ChainSize(&r, chain);
	n = SizeArg(fcinfo, 3, cur, "second_size");
	m = PG_GETARG_INT64(2);
	if (m < 1 || m > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_size must be between 1 and second_size %lld, got %lld",
						(long long) n, (long long) m)));
	r.src.chain = chain;
	r.src.size = n;
	Root(&r, chain, m, r1);
	Root(&r, chain, n, r2);
	r.src.size = n;
	ms.arg = &r.src;
	if (merkle_consistency_proof(ledger_hasher(), &ms, (uint64) m,
								 (uint64) n, path, &np) != 0)
		Damaged(&r, chain);
	ReaderClose(&r);
	v[0] = Int64GetDatum(m);
	v[1] = Int64GetDatum(n);
	v[2] = PointerGetDatum(ledger_hash_bytea(r1));
	v[3] = PointerGetDatum(ledger_hash_bytea(r2));
	v[4] = PointerGetDatum(PathArray(path, np));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), v, nulls)));
}

/* ledger_verify_inclusion(leaf_hash, leaf_index, tree_size, audit_path, root_hash) */
Datum
logistics_ledger_verify_inclusion(PG_FUNCTION_ARGS)
{
	unsigned char leaf[MERKLE_HASH_LEN],
				root[MERKLE_HASH_LEN],
				path[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	int64		m = PG_GETARG_INT64(1);
	int64		n = PG_GETARG_INT64(2);
	int			np;

	ledger_hash_arg(PG_GETARG_BYTEA_PP(0), leaf, "leaf_hash");
	np = PathArg(PG_GETARG_ARRAYTYPE_P(3), path, "audit_path");
	ledger_hash_arg(PG_GETARG_BYTEA_PP(4), root, "root_hash");
	if (m < 0 || n < 1)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(merkle_verify_inclusion(ledger_hasher(), leaf, (uint64) m,
										   (uint64) n,
										   (const unsigned char (*)[MERKLE_HASH_LEN]) path,
										   np, root) == 1);
}

/* ledger_verify_consistency(first_size, second_size, first_root, second_root, proof) */
Datum
logistics_ledger_verify_consistency(PG_FUNCTION_ARGS)
{
	unsigned char r1[MERKLE_HASH_LEN],
				r2[MERKLE_HASH_LEN],
				path[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	int64		m = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	int			np;

	ledger_hash_arg(PG_GETARG_BYTEA_PP(2), r1, "first_root");
	ledger_hash_arg(PG_GETARG_BYTEA_PP(3), r2, "second_root");
	np = PathArg(PG_GETARG_ARRAYTYPE_P(4), path, "proof");
	if (m < 1 || n < m)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(merkle_verify_consistency(ledger_hasher(), (uint64) m,
											 (uint64) n, r1, r2,
											 (const unsigned char (*)[MERKLE_HASH_LEN]) path,
											 np) == 1);
}

/*
 * ledger_verify_digest(tbl, chain_key, tree_size, root_hash): does the
 * chain still hold the tree an earlier digest published?  The root is
 * rebuilt from the stored row_hash of rows 1..tree_size (their content is
 * ledger_verify's business), so rows removed from the end, rows rewritten
 * together with their hashes, and a chain rebuilt from scratch all show.
 */
Datum
logistics_ledger_verify_digest(PG_FUNCTION_ARGS)
{
	Reader		r;
	Datum		chain;
	int64		want;
	unsigned char root[MERKLE_HASH_LEN],
				calc[MERKLE_HASH_LEN];
	int64		cur;
	TupleDesc	desc;
	Datum		v[3];
	bool		nulls[3] = {false, false, false};
	char	   *problem = NULL;

	/* not STRICT for the sake of a NULL chain_key; NULL elsewhere: NULL */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	want = PG_GETARG_INT64(2);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	ledger_hash_arg(PG_GETARG_BYTEA_PP(3), root, "root_hash");
	if (want < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tree_size must not be negative, got %lld",
						(long long) want)));
	ReaderOpen(&r, PG_GETARG_OID(0));
	chain = ledger_chain_from_text(r.lr, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1),
								   PG_ARGISNULL(1));
	cur = ChainSize(&r, chain);
	if (cur < want)
		problem = psprintf("the chain has %lld rows, fewer than the digest's %lld: rows were removed from its end",
						   (long long) cur, (long long) want);
	else
	{
		ScanKeyData keys[2];
		int			nkeys = 0;
		IndexScanDesc scan;
		MerkleFrontier f;
		int64		seen = 0;

		/* leaves 1..want in order, from the stored row hashes */
		if (r.lr->chain_att)
			ScanKeyEntryInitialize(&keys[nkeys++], 0, 1, BTEqualStrategyNumber,
								   InvalidOid, r.lr->chain_collation,
								   r.lr->chain_eqproc, chain);
		ScanKeyEntryInitialize(&keys[nkeys], 0, nkeys + 1,
							   BTLessEqualStrategyNumber, InvalidOid,
							   InvalidOid, F_INT8LE, Int64GetDatum(want));
		nkeys++;
		scan = index_beginscan(r.rel, r.idx, r.src.snap, nkeys, 0);
		index_rescan(scan, keys, nkeys, NULL, 0);
		f.size = 0;
		while (problem == NULL &&
			   index_getnext_slot(scan, ForwardScanDirection, r.slot))
		{
			bool		isnull;
			Datum		h = slot_getattr(r.slot, r.lr->hash_att, &isnull);
			unsigned char hv[MERKLE_HASH_LEN],
						done[64][MERKLE_HASH_LEN];
			int			nd;

			if ((++seen & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			if (!Hash32(h, isnull, hv) ||
				DatumGetInt64(slot_getattr(r.slot, r.lr->seq_att, &isnull)) != seen)
			{
				problem = psprintf("row ledger_seq %lld is missing or has no row_hash",
								   (long long) seen);
				break;
			}
			merkle_frontier_append(ledger_hasher(), &f, hv, done, &nd);
		}
		index_endscan(scan);
		if (problem == NULL)
		{
			merkle_frontier_root(ledger_hasher(), &f, calc);
			if (memcmp(calc, root, MERKLE_HASH_LEN) != 0)
				problem = psprintf("the first %lld rows no longer give the digest's root_hash: rows were changed, removed or rebuilt",
								   (long long) want);
		}
	}
	ReaderClose(&r);
	v[0] = BoolGetDatum(problem == NULL);
	v[1] = Int64GetDatum(cur);
	nulls[2] = problem == NULL;
	v[2] = problem ? CStringGetTextDatum(problem) : (Datum) 0;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), v, nulls)));
}
