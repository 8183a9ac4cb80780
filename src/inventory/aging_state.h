/*-------------------------------------------------------------------------
 *
 * aging_state.h
 *	  The state of inventory_aging (movement_fmgr.c), shared with its
 *	  state type logistics.aging_state (aging_state_fmgr.c).
 *
 * Every field is 8 bytes wide, so that the generic state-type I/O
 * (common/state_io.h) can list them: the text form is
 * "(n,as_of,nbounds,bounds[0..31],recv[0..32],issued)", unused bounds and
 * receipts 0.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_AGING_STATE_H
#define LOGISTICS_AGING_STATE_H

#include "postgres.h"

#include "utils/timestamp.h"

#define AGING_MAXBOUNDS 32

typedef struct AgingState
{
	int64		n;
	TimestampTz as_of;
	int64		nbounds;		/* buckets = nbounds + 1 */
	double		bounds[AGING_MAXBOUNDS];	/* ages in days, increasing */
	double		recv[AGING_MAXBOUNDS + 1];	/* receipts by bucket */
	double		issued;			/* units issued (positive) */
} AgingState;

#endif							/* LOGISTICS_AGING_STATE_H */
