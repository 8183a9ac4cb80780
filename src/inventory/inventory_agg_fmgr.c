/*-------------------------------------------------------------------------
 *
 * inventory_agg_fmgr.c
 *	  What the aggregate glue of the inventory area shares: the serialized
 *	  form of the fixed-size states (ledger_avg_level, demand_cv, inventory_aging).  The aggregates
 *	  themselves are in snapshot_fmgr.c (time_weighted_avg, stockout_rate,
 *	  inventory_turnover, time_weighted_avg_linear), movement_fmgr.c
 *	  (ledger_avg_level, inventory_aging) and demand_cv_fmgr.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "inventory.h"
#include "inventory_agg_fmgr.h"
#include "common/logistics.h"

/* ------------------------------------------------- fixed-size states */

/*
 * The fixed-size states (ledger_avg_level, demand_cv, inventory_aging)
 * travel as a bytea holding a magic number and the struct, checked for
 * length and magic when read back.
 */
bytea *
inv_fixed_serial(const void *state, Size size, uint32 magic)
{
	bytea	   *out = palloc(VARHDRSZ + sizeof(uint32) + size);

	SET_VARSIZE(out, VARHDRSZ + sizeof(uint32) + size);
	memcpy(VARDATA(out), &magic, sizeof(uint32));
	memcpy(VARDATA(out) + sizeof(uint32), state, size);
	return out;
}

void *
inv_fixed_deserial(bytea *in, Size size, uint32 magic, const char *what)
{
	uint32		m;
	void	   *state;

	if (VARSIZE_ANY_EXHDR(in) != sizeof(uint32) + size)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized %s state: wrong length", what)));
	memcpy(&m, VARDATA_ANY(in), sizeof(uint32));
	if (m != magic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized %s state: unknown version", what)));
	state = palloc(size);
	memcpy(state, VARDATA_ANY(in) + sizeof(uint32), size);
	return state;
}
