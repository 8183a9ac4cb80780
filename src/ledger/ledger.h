/*-------------------------------------------------------------------------
 *
 * ledger.h
 *	  The tamper-evident movement ledger: shared by the stamping trigger,
 *	  verification and the Merkle proof functions (doc/ledger.md).
 *
 * A ledger table carries five columns beside the user's own:
 *	  ledger_seq	bigint		position in its chain, 1, 2, 3, ...
 *	  ledger_at		timestamptz when the row entered the chain (never
 *							decreasing along a chain)
 *	  prev_hash		bytea		row_hash of the previous row (32 zero bytes
 *							for the first)
 *	  row_hash		bytea		SHA-256 over the row's canonical encoding
 *	  merkle_nodes	bytea		RFC 6962 subtree hashes this row completes
 * and the trigger LEDGER_TRIGGER whose one argument names the chain key
 * column ('' for one chain per table).
 *
 *-------------------------------------------------------------------------
 */
#ifndef LEDGER_LEDGER_H
#define LEDGER_LEDGER_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/rel.h"
#include "utils/snapshot.h"
#include "utils/timestamp.h"

#include "common/logistics.h"
#include "ledger/merkle.h"

#define LEDGER_TRIGGER "zz_ledger_stamp"
#define LEDGER_NCOLS 5

/* How one hashed column's value is encoded (doc/ledger.md, "Encoding") */
typedef enum LedgerEnc
{
	LENC_INT2,					/* 'B': 2 bytes big-endian */
	LENC_INT4,					/* 'B': 4 bytes (int4, date, oid) */
	LENC_INT8,					/* 'B': 8 bytes (int8, timestamp[tz], time,
								 * money) */
	LENC_FLOAT4,				/* 'B': IEEE 754 bits, NaN made canonical */
	LENC_FLOAT8,
	LENC_BOOL,					/* 'B': one byte 0 or 1 */
	LENC_BYTES,					/* 'B': fixed-length bytes (uuid) */
	LENC_VARLENA_BIN,			/* 'B': bytea contents */
	LENC_SEND,					/* 'B': the type's send function (numeric,
								 * interval, timetz) */
	LENC_TEXT,					/* 'T': text contents in UTF-8 (text,
								 * varchar, bpchar) */
	LENC_NAME,					/* 'T': name in UTF-8 */
	LENC_OUT					/* 'T': the type's output function in UTF-8
								 * (enum labels, json, jsonb) */
} LedgerEnc;

typedef struct LedgerCol
{
	AttrNumber	attnum;
	LedgerEnc	enc;
	int			typlen;
	FmgrInfo	fn;				/* send or output function when needed */
	int			namelen;
	char	   *name;			/* column name in UTF-8 */
} LedgerCol;

typedef struct LedgerRel
{
	Oid			relid;
	int			natts;			/* of the relation's tuple descriptor */
	int			ncols;			/* hashed columns */
	LedgerCol  *cols;
	AttrNumber	chain_att;		/* 0: one chain for the whole table */
	Oid			chain_type;
	Oid			chain_collation;
	bool		chain_byval;
	int16		chain_typlen;
	FmgrInfo	chain_eq;		/* btree equality of the seq index */
	FmgrInfo	chain_gt;		/* btree greater-than */
	Oid			chain_eqproc;
	Oid			chain_gtproc;
	FmgrInfo	chain_out;
	Oid			chain_inproc;
	Oid			chain_ioparam;
	AttrNumber	seq_att;
	AttrNumber	at_att;
	AttrNumber	prev_att;
	AttrNumber	hash_att;
	AttrNumber	nodes_att;
	Oid			seq_index;		/* unique btree on (chain, ledger_seq) */
	int			npk;
	AttrNumber *pk_atts;		/* primary key, to name broken rows */
	StringInfoData buf;			/* encoding buffer, reused */
} LedgerRel;

/*
 * ledger_hash.c: SHA-256 through PostgreSQL's cryptohash API, on one
 * context per backend; errors are reported with ereport.
 */
extern void ledger_sha256(const void *data, size_t len, unsigned char *out);
extern void ledger_sha256_parts(int nparts, const unsigned char *const *parts,
								const size_t *lens, unsigned char *out);

/* The same SHA-256 for the Merkle kernel */
extern const MerkleHasher *ledger_hasher(void);

/*
 * Describe a ledger table.  chain_column is the trigger's argument (NULL:
 * read it from the trigger); with require_index the (chain, ledger_seq)
 * index must exist.  Allocates in the current memory context.
 */
extern LedgerRel *ledger_rel_build(Relation rel, const char *chain_column,
								   bool require_index);

/* Column name of the chain key from the table's trigger; NULL if none */
extern char *ledger_chain_column(Relation rel, bool missing_ok);

/*
 * row_hash of one row from its deformed values (indexed by attnum - 1),
 * its predecessor's hash, sequence number and ledger_at.
 */
extern void ledger_row_hash(LedgerRel *lr, const Datum *values,
							const bool *isnull, const unsigned char *prev,
							int64 seq, TimestampTz at, unsigned char *out);

/*
 * The row of one chain with ledger_seq = seq (seq > 0) or the last row
 * (seq = 0), into slot; false when there is none.
 */
extern bool ledger_fetch(LedgerRel *lr, Relation rel, Relation idx,
						 Snapshot snap, Datum chain, int64 seq,
						 TupleTableSlot *slot);

/* The first chain key greater than *chain (or the first with !have) */
extern bool ledger_next_chain(LedgerRel *lr, Relation rel, Relation idx,
							  Snapshot snap, bool have, Datum *chain,
							  TupleTableSlot *slot);

/* MerkleSource over the stored rows of one chain */
typedef struct LedgerNodeSource
{
	LedgerRel  *lr;
	Relation	rel;
	Relation	idx;
	Snapshot	snap;
	Datum		chain;
	TupleTableSlot *slot;
	int64		size;			/* rows that may be read */
} LedgerNodeSource;

extern int	ledger_node(void *arg, int level, uint64_t index,
						unsigned char *out);

/* Copy a 32-byte bytea into out, or error naming what it is */
extern void ledger_hash_arg(bytea *b, unsigned char *out, const char *what);
extern bytea *ledger_hash_bytea(const unsigned char *h);

/* Primary key of the row in slot as "col=value, ..." */
extern char *ledger_pk_text(LedgerRel *lr, TupleTableSlot *slot);

/* Chain key from its text form (NULL for one-chain tables) */
extern Datum ledger_chain_from_text(LedgerRel *lr, text *t, bool isnull);

/* ledger_guard.c: the ExecutorRun hook, installed by _PG_init */
extern void ledger_init(void);

/* May rows stamped in this statement be skipped (ON CONFLICT DO NOTHING)? */
extern bool ledger_rows_may_be_skipped(void);

#endif							/* LEDGER_LEDGER_H */
