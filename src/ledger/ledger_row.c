/*-------------------------------------------------------------------------
 *
 * ledger_row.c
 *	  What a ledger table is made of: its columns, the canonical row
 *	  encoding that row_hash covers, and index lookups along a chain.
 *
 * The encoding (doc/ledger.md has the byte-level description an outside
 * verifier follows) depends on values only, never on physical storage,
 * session settings or type OIDs, so hashes survive pg_dump and restore:
 * fixed-size types in their binary send form, text-like types as UTF-8,
 * a few types through their own send (numeric, interval, timetz) or
 * canonical output (enum, json, jsonb) functions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/tuptable.h"
#include "mb/pg_wchar.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "ledger/ledger.h"

char *
ledger_chain_column(Relation rel, bool missing_ok)
{
	TriggerDesc *td = rel->trigdesc;
	int			i;

	if (td != NULL)
		for (i = 0; i < td->numtriggers; i++)
		{
			Trigger    *t = &td->triggers[i];

			if (strcmp(t->tgname, LEDGER_TRIGGER) == 0 && t->tgnargs == 1)
				return pstrdup(t->tgargs[0]);
		}
	if (!missing_ok)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table %s is not a ledger: call logistics.ledger_enable('%s') first",
						RelationGetRelationName(rel),
						RelationGetRelationName(rel))));
	return NULL;
}

static AttrNumber
LedgerColumn(Relation rel, const char *name, Oid type)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0)
		{
			if (a->atttypid != type)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("ledger column %s.%s must be of type %s, not %s",
								RelationGetRelationName(rel), name,
								format_type_be(type),
								format_type_be(a->atttypid))));
			return a->attnum;
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("ledger table %s has no column %s: was it created by logistics.ledger_enable?",
					RelationGetRelationName(rel), name)));
	return InvalidAttrNumber;	/* keep the compiler quiet */
}

/* How a hashed column of type typid is encoded; errors when it cannot be */
static void
ColumnEncoding(Relation rel, Form_pg_attribute a, LedgerCol *c)
{
	Oid			base = getBaseType(a->atttypid);
	Oid			func;
	bool		isvarlena;

	c->typlen = get_typlen(base);
	switch (base)
	{
		case INT2OID:
			c->enc = LENC_INT2;
			return;
		case INT4OID:
		case DATEOID:
		case OIDOID:
			c->enc = LENC_INT4;
			return;
		case INT8OID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
		case TIMEOID:
		case CASHOID:
			c->enc = LENC_INT8;
			return;
		case FLOAT4OID:
			c->enc = LENC_FLOAT4;
			return;
		case FLOAT8OID:
			c->enc = LENC_FLOAT8;
			return;
		case BOOLOID:
			c->enc = LENC_BOOL;
			return;
		case UUIDOID:
			c->enc = LENC_BYTES;
			return;
		case BYTEAOID:
			c->enc = LENC_VARLENA_BIN;
			return;
		case NUMERICOID:
		case INTERVALOID:
		case TIMETZOID:
			c->enc = LENC_SEND;
			getTypeBinaryOutputInfo(base, &func, &isvarlena);
			fmgr_info(func, &c->fn);
			return;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			c->enc = LENC_TEXT;
			return;
		case NAMEOID:
			c->enc = LENC_NAME;
			return;
		case JSONOID:
		case JSONBOID:
			c->enc = LENC_OUT;
			getTypeOutputInfo(base, &func, &isvarlena);
			fmgr_info(func, &c->fn);
			return;
		default:
			if (type_is_enum(base))
			{
				c->enc = LENC_OUT;
				getTypeOutputInfo(base, &func, &isvarlena);
				fmgr_info(func, &c->fn);
				return;
			}
	}
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("column %s.%s has type %s, which the ledger cannot hash canonically; supported are integers, float4, float8, numeric, money, boolean, text, varchar, char, name, date, time, timetz, timestamp, timestamptz, interval, uuid, bytea, json, jsonb, enums and domains over them",
					RelationGetRelationName(rel), NameStr(a->attname),
					format_type_be(a->atttypid))));
}

/* Find the unique btree index on (chain, ledger_seq) or (ledger_seq) */
static void
FindSeqIndex(Relation rel, LedgerRel *lr)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	int			want = lr->chain_att ? 2 : 1;

	lr->seq_index = InvalidOid;
	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);
		Form_pg_index ix = idx->rd_index;
		bool		match;

		match = ix->indisunique && ix->indisvalid &&
			ix->indnkeyatts == want &&
			idx->rd_rel->relam == BTREE_AM_OID &&
			heap_attisnull(idx->rd_indextuple, Anum_pg_index_indexprs, NULL) &&
			heap_attisnull(idx->rd_indextuple, Anum_pg_index_indpred, NULL);
		if (match && lr->chain_att)
			match = ix->indkey.values[0] == lr->chain_att &&
				ix->indkey.values[1] == lr->seq_att;
		else if (match)
			match = ix->indkey.values[0] == lr->seq_att;
		if (match && lr->chain_att)
		{
			Oid			opf = idx->rd_opfamily[0];
			Oid			t = idx->rd_opcintype[0];

			lr->chain_eqproc = get_opcode(get_opfamily_member(opf, t, t,
															  BTEqualStrategyNumber));
			lr->chain_gtproc = get_opcode(get_opfamily_member(opf, t, t,
															  BTGreaterStrategyNumber));
			lr->chain_collation = idx->rd_indcollation[0];
			match = OidIsValid(lr->chain_eqproc) && OidIsValid(lr->chain_gtproc);
		}
		index_close(idx, AccessShareLock);
		if (match)
		{
			lr->seq_index = lfirst_oid(lc);
			break;
		}
	}
	list_free(indexes);
}

static void
PrimaryKey(Relation rel, LedgerRel *lr)
{
	Oid			pk = RelationGetPrimaryKeyIndex(rel);
	Relation	idx;
	int			i;

	lr->npk = 0;
	lr->pk_atts = NULL;
	if (!OidIsValid(pk))
		return;
	idx = index_open(pk, AccessShareLock);
	lr->npk = idx->rd_index->indnkeyatts;
	lr->pk_atts = palloc(sizeof(AttrNumber) * lr->npk);
	for (i = 0; i < lr->npk; i++)
		lr->pk_atts[i] = idx->rd_index->indkey.values[i];
	index_close(idx, AccessShareLock);
}

LedgerRel *
ledger_rel_build(Relation rel, const char *chain_column, bool require_index)
{
	TupleDesc	desc = RelationGetDescr(rel);
	LedgerRel  *lr = palloc0(sizeof(LedgerRel));
	int			i;

	if (chain_column == NULL)
		chain_column = ledger_chain_column(rel, false);
	lr->relid = RelationGetRelid(rel);
	lr->natts = desc->natts;
	lr->seq_att = LedgerColumn(rel, "ledger_seq", INT8OID);
	lr->at_att = LedgerColumn(rel, "ledger_at", TIMESTAMPTZOID);
	lr->prev_att = LedgerColumn(rel, "prev_hash", BYTEAOID);
	lr->hash_att = LedgerColumn(rel, "row_hash", BYTEAOID);
	lr->nodes_att = LedgerColumn(rel, "merkle_nodes", BYTEAOID);

	lr->cols = palloc0(sizeof(LedgerCol) * desc->natts);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);
		LedgerCol  *c;
		char	   *u;

		if (a->attisdropped || a->attgenerated != '\0' ||
			a->attnum == lr->seq_att || a->attnum == lr->at_att ||
			a->attnum == lr->prev_att || a->attnum == lr->hash_att ||
			a->attnum == lr->nodes_att)
			continue;
		c = &lr->cols[lr->ncols++];
		c->attnum = a->attnum;
		ColumnEncoding(rel, a, c);
		u = pg_server_to_any(NameStr(a->attname), strlen(NameStr(a->attname)),
							 PG_UTF8);
		c->name = pstrdup(u);
		c->namelen = strlen(c->name);
		if (chain_column[0] != '\0' &&
			strcmp(NameStr(a->attname), chain_column) == 0)
		{
			if (!a->attnotnull)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
						 errmsg("chain key column %s.%s must be NOT NULL",
								RelationGetRelationName(rel), chain_column)));
			lr->chain_att = a->attnum;
			lr->chain_type = a->atttypid;
			lr->chain_byval = a->attbyval;
			lr->chain_typlen = a->attlen;
		}
	}
	if (chain_column[0] != '\0' && lr->chain_att == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("chain key column \"%s\" is not a column of table %s",
						chain_column, RelationGetRelationName(rel))));
	if (lr->chain_att)
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(lr->chain_type, &out, &isvarlena);
		fmgr_info(out, &lr->chain_out);
		getTypeInputInfo(lr->chain_type, &lr->chain_inproc, &lr->chain_ioparam);
	}
	FindSeqIndex(rel, lr);
	if (require_index && !OidIsValid(lr->seq_index))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("ledger table %s has no unique index on (%s%sledger_seq)",
						RelationGetRelationName(rel),
						lr->chain_att ? chain_column : "",
						lr->chain_att ? ", " : "")));
	if (lr->chain_att && OidIsValid(lr->seq_index))
	{
		fmgr_info(lr->chain_eqproc, &lr->chain_eq);
		fmgr_info(lr->chain_gtproc, &lr->chain_gt);
	}
	PrimaryKey(rel, lr);
	initStringInfo(&lr->buf);
	return lr;
}

/*
 * The encoding is written straight into lr->buf.  Room() makes space once
 * per value, so the per-byte helpers below do no checks of their own.
 */
static inline unsigned char *
Room(StringInfo s, int n)
{
	if (s->len + n >= s->maxlen)
		enlargeStringInfo(s, n);
	return (unsigned char *) s->data + s->len;
}

static inline unsigned char *
W32(unsigned char *p, uint32 v)
{
	v = pg_hton32(v);
	memcpy(p, &v, 4);
	return p + 4;
}

static inline unsigned char *
W64(unsigned char *p, uint64 v)
{
	v = pg_hton64(v);
	memcpy(p, &v, 8);
	return p + 8;
}

/* tag, 4-byte big-endian length, bytes */
static inline void
PutTagged(StringInfo s, char tag, const void *data, int len)
{
	unsigned char *p = Room(s, 5 + len);

	*p++ = (unsigned char) tag;
	p = W32(p, (uint32) len);
	memcpy(p, data, len);
	s->len += 5 + len;
}

/* tag 'T' value: the text converted to UTF-8 */
static inline void
PutText(StringInfo s, const char *p, int len)
{
	char	   *u = pg_server_to_any(p, len, PG_UTF8);

	if (u != p)
		len = strlen(u);
	PutTagged(s, 'T', u, len);
	if (u != p)
		pfree(u);
}

static inline void
PutBin(StringInfo s, const void *p, int len)
{
	PutTagged(s, 'B', p, len);
}

static void
EncodeValue(StringInfo s, LedgerCol *c, Datum v)
{
	switch (c->enc)
	{
		case LENC_INT2:
			{
				uint16		x = pg_hton16((uint16) DatumGetInt16(v));

				PutBin(s, &x, 2);
				break;
			}
		case LENC_INT4:
			{
				uint32		x = pg_hton32((uint32) DatumGetInt32(v));

				PutBin(s, &x, 4);
				break;
			}
		case LENC_INT8:
			{
				uint64		x = pg_hton64((uint64) DatumGetInt64(v));

				PutBin(s, &x, 8);
				break;
			}
		case LENC_FLOAT4:
			{
				float4		f = DatumGetFloat4(v);
				uint32		x;

				memcpy(&x, &f, 4);
				if (isnan(f))
					x = 0x7fc00000;
				x = pg_hton32(x);
				PutBin(s, &x, 4);
				break;
			}
		case LENC_FLOAT8:
			{
				float8		f = DatumGetFloat8(v);
				uint64		x;

				memcpy(&x, &f, 8);
				if (isnan(f))
					x = UINT64CONST(0x7ff8000000000000);
				x = pg_hton64(x);
				PutBin(s, &x, 8);
				break;
			}
		case LENC_BOOL:
			{
				char		b = DatumGetBool(v) ? 1 : 0;

				PutBin(s, &b, 1);
				break;
			}
		case LENC_BYTES:
			PutBin(s, DatumGetPointer(v), c->typlen);
			break;
		case LENC_VARLENA_BIN:
			{
				struct varlena *p = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(v));

				PutBin(s, VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p));
				if ((Pointer) p != DatumGetPointer(v))
					pfree(p);
				break;
			}
		case LENC_SEND:
			{
				bytea	   *b = SendFunctionCall(&c->fn, v);

				PutBin(s, VARDATA(b), VARSIZE(b) - VARHDRSZ);
				pfree(b);
				break;
			}
		case LENC_TEXT:
			{
				struct varlena *p = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(v));

				PutText(s, VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p));
				if ((Pointer) p != DatumGetPointer(v))
					pfree(p);
				break;
			}
		case LENC_NAME:
			{
				const char *n = NameStr(*DatumGetName(v));

				PutText(s, n, strlen(n));
				break;
			}
		case LENC_OUT:
			{
				char	   *o = OutputFunctionCall(&c->fn, v);

				PutText(s, o, strlen(o));
				pfree(o);
				break;
			}
	}
}

/* The row's canonical record (doc/ledger.md) into s */
static void
EncodeRow(LedgerRel *lr, StringInfo s, const Datum *values, const bool *isnull,
		  const unsigned char *prev, int64 seq, TimestampTz at)
{
	unsigned char *p;
	int			i;

	resetStringInfo(s);
	/* RFC 6962 leaf prefix: row_hash is the Merkle leaf hash of the row */
	p = Room(s, 1 + 4 + MERKLE_HASH_LEN + 8 + 8 + 4);
	*p++ = '\0';
	memcpy(p, "LGL1", 4);
	p += 4;
	memcpy(p, prev, MERKLE_HASH_LEN);
	p += MERKLE_HASH_LEN;
	p = W64(p, (uint64) seq);
	p = W64(p, (uint64) at);
	W32(p, (uint32) lr->ncols);
	s->len += 1 + 4 + MERKLE_HASH_LEN + 8 + 8 + 4;
	for (i = 0; i < lr->ncols; i++)
	{
		LedgerCol  *c = &lr->cols[i];

		/* the column's name as 4-byte length and bytes, then its value */
		p = Room(s, 4 + c->namelen + 1);
		p = W32(p, (uint32) c->namelen);
		memcpy(p, c->name, c->namelen);
		s->len += 4 + c->namelen;
		if (isnull[c->attnum - 1])
			s->data[s->len++] = 'N';
		else
			EncodeValue(s, c, values[c->attnum - 1]);
	}
}

void
ledger_row_hash(LedgerRel *lr, const Datum *values, const bool *isnull,
				const unsigned char *prev, int64 seq, TimestampTz at,
				unsigned char *out)
{
	EncodeRow(lr, &lr->buf, values, isnull, prev, seq, at);
	ledger_sha256(lr->buf.data, lr->buf.len, out);
}

bool
ledger_fetch(LedgerRel *lr, Relation rel, Relation idx, Snapshot snap,
			 Datum chain, int64 seq, TupleTableSlot *slot)
{
	ScanKeyData keys[2];
	int			nkeys = 0;
	IndexScanDesc scan;
	bool		found;

	if (lr->chain_att)
	{
		ScanKeyEntryInitialize(&keys[nkeys], 0, 1, BTEqualStrategyNumber,
							   InvalidOid, lr->chain_collation,
							   lr->chain_eqproc, chain);
		nkeys++;
	}
	if (seq > 0)
	{
		ScanKeyEntryInitialize(&keys[nkeys], 0, nkeys + 1,
							   BTEqualStrategyNumber, InvalidOid, InvalidOid,
							   F_INT8EQ, Int64GetDatum(seq));
		nkeys++;
	}
	scan = index_beginscan(rel, idx, snap, nkeys, 0);
	index_rescan(scan, keys, nkeys, NULL, 0);
	found = index_getnext_slot(scan, seq > 0 ? ForwardScanDirection :
							   BackwardScanDirection, slot);
	index_endscan(scan);
	return found;
}

bool
ledger_next_chain(LedgerRel *lr, Relation rel, Relation idx, Snapshot snap,
				  bool have, Datum *chain, TupleTableSlot *slot)
{
	ScanKeyData key;
	IndexScanDesc scan;
	bool		found;
	bool		isnull;

	if (have)
		ScanKeyEntryInitialize(&key, 0, 1, BTGreaterStrategyNumber,
							   InvalidOid, lr->chain_collation,
							   lr->chain_gtproc, *chain);
	scan = index_beginscan(rel, idx, snap, have ? 1 : 0, 0);
	index_rescan(scan, have ? &key : NULL, have ? 1 : 0, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	if (found)
		*chain = datumCopy(slot_getattr(slot, lr->chain_att, &isnull),
						   lr->chain_byval, lr->chain_typlen);
	index_endscan(scan);
	return found;
}

int
ledger_node(void *arg, int level, uint64_t index, unsigned char *out)
{
	LedgerNodeSource *src = arg;
	uint64		end;
	bool		isnull;
	Datum		d;

	if (level < 0 || level > 62 || index + 1 > (UINT64CONST(1) << (62 - level)))
		return 1;
	end = (index + 1) << level;
	if (end > (uint64) src->size ||
		!ledger_fetch(src->lr, src->rel, src->idx, src->snap, src->chain,
					  (int64) end, src->slot))
		return 1;
	if (level == 0)
	{
		/* row_hash is the leaf hash */
		d = slot_getattr(src->slot, src->lr->hash_att, &isnull);
		if (isnull || VARSIZE_ANY_EXHDR(DatumGetPointer(d)) != MERKLE_HASH_LEN)
			return 1;
		memcpy(out, VARDATA_ANY(DatumGetPointer(d)), MERKLE_HASH_LEN);
		return 0;
	}
	d = slot_getattr(src->slot, src->lr->nodes_att, &isnull);
	if (isnull ||
		VARSIZE_ANY_EXHDR(DatumGetPointer(d)) < (Size) level * MERKLE_HASH_LEN)
		return 1;
	memcpy(out, VARDATA_ANY(DatumGetPointer(d)) + (level - 1) * MERKLE_HASH_LEN,
		   MERKLE_HASH_LEN);
	return 0;
}

void
ledger_hash_arg(bytea *b, unsigned char *out, const char *what)
{
	if (VARSIZE_ANY_EXHDR(b) != MERKLE_HASH_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a 32-byte SHA-256 hash, got %d bytes",
						what, (int) VARSIZE_ANY_EXHDR(b))));
	memcpy(out, VARDATA_ANY(b), MERKLE_HASH_LEN);
}

bytea *
ledger_hash_bytea(const unsigned char *h)
{
	bytea	   *b = palloc(VARHDRSZ + MERKLE_HASH_LEN);

	SET_VARSIZE(b, VARHDRSZ + MERKLE_HASH_LEN);
	memcpy(VARDATA(b), h, MERKLE_HASH_LEN);
	return b;
}

char *
ledger_pk_text(LedgerRel *lr, TupleTableSlot *slot)
{
	StringInfoData s;
	TupleDesc	desc = slot->tts_tupleDescriptor;
	int			i;

	initStringInfo(&s);
	for (i = 0; i < lr->npk; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, lr->pk_atts[i] - 1);
		bool		isnull;
		Datum		v = slot_getattr(slot, lr->pk_atts[i], &isnull);
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(a->atttypid, &out, &isvarlena);
		appendStringInfo(&s, "%s%s=%s", i > 0 ? ", " : "",
						 NameStr(a->attname),
						 isnull ? "NULL" : OidOutputFunctionCall(out, v));
	}
	return s.data;
}

Datum
ledger_chain_from_text(LedgerRel *lr, text *t, bool isnull)
{
	if (lr->chain_att == 0)
	{
		if (!isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the ledger has one chain for the whole table: pass NULL as chain_key")));
		return (Datum) 0;
	}
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the ledger has one chain per key: chain_key must not be NULL")));
	return OidInputFunctionCall(lr->chain_inproc, text_to_cstring(t),
								lr->chain_ioparam, -1);
}
