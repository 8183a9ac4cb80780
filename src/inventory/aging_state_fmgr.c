/*-------------------------------------------------------------------------
 *
 * aging_state_fmgr.c
 *	  Text and binary I/O of logistics.aging_state, the state type of
 *	  inventory_aging (issue 17).
 *
 * inventory_aging keeps a fixed-size state (receipts by age bucket, the
 * units issued, the bucket bounds and as_of; movement_fmgr.c), so it
 * has a real state type rather than internal: Citus ships it between nodes
 * as text and splits the aggregate into worker partials and a coordinator
 * combine (doc/citus.md).  The input checks what the deserializer of the
 * internal state checked, and that the unused bounds and buckets are 0.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/timestamp.h"

#include "common/logistics.h"
#include "common/state_io.h"
#include "aging_state.h"

StaticAssertDecl(sizeof(AgingState) == 8 * (3 + 2 * AGING_MAXBOUNDS + 2),
				 "aging_state is INTERNALLENGTH 552, every field 8 bytes");

static const char *
AgingStateCheck(const void *state)
{
	const AgingState *s = (const AgingState *) state;
	int			i;

	if (s->n < 1)
		return "the count must be at least 1";
	if (s->nbounds < 1 || s->nbounds > AGING_MAXBOUNDS)
		return "the bound count must be between 1 and 32";
	if (!IS_VALID_TIMESTAMP(s->as_of))
		return "as_of must be a valid timestamp";
	if (!(s->issued >= 0.0))
		return "the units issued must not be negative";
	for (i = 0; i < AGING_MAXBOUNDS; i++)
		if (i < s->nbounds ?
			!(s->bounds[i] > (i == 0 ? 0.0 : s->bounds[i - 1])) :
			s->bounds[i] != 0.0)
			return "the bounds must be positive and increasing, the unused ones 0";
	for (i = 0; i <= AGING_MAXBOUNDS; i++)
		if (i <= s->nbounds ? !(s->recv[i] >= 0.0) : s->recv[i] != 0.0)
			return "the receipts must not be negative, the unused buckets 0";
	return NULL;
}

#define AGING_NFIELDS (3 + 2 * AGING_MAXBOUNDS + 2)

static LgStateField aging_fields[AGING_NFIELDS];

static const LgStateType aging_type = {
	"logistics.aging_state", sizeof(AgingState), AGING_NFIELDS,
	aging_fields, AgingStateCheck
};

/* The field list, in struct order (filled once: 69 fields). */
static const LgStateType *
AgingType(void)
{
	int			i;
	int			f = 0;

	if (aging_fields[AGING_NFIELDS - 1].kind != 0)
		return &aging_type;
	aging_fields[f++] = (LgStateField) LG_FIELD_I(AgingState, n);
	aging_fields[f++] = (LgStateField) LG_FIELD_I(AgingState, as_of);
	aging_fields[f++] = (LgStateField) LG_FIELD_I(AgingState, nbounds);
	for (i = 0; i < AGING_MAXBOUNDS; i++)
		aging_fields[f++] = (LgStateField)
		{
			'd', (uint16) (offsetof(AgingState, bounds) + i * sizeof(double))
		};
	for (i = 0; i <= AGING_MAXBOUNDS; i++)
		aging_fields[f++] = (LgStateField)
		{
			'd', (uint16) (offsetof(AgingState, recv) + i * sizeof(double))
		};
	aging_fields[f++] = (LgStateField) LG_FIELD_D(AgingState, issued);
	Assert(f == AGING_NFIELDS);
	return &aging_type;
}

PG_FUNCTION_INFO_V1(logistics_aging_state_in);
Datum
logistics_aging_state_in(PG_FUNCTION_ARGS)
{
	return lg_state_in(fcinfo, AgingType());
}

PG_FUNCTION_INFO_V1(logistics_aging_state_out);
Datum
logistics_aging_state_out(PG_FUNCTION_ARGS)
{
	return lg_state_out(fcinfo, AgingType());
}

PG_FUNCTION_INFO_V1(logistics_aging_state_recv);
Datum
logistics_aging_state_recv(PG_FUNCTION_ARGS)
{
	return lg_state_recv(fcinfo, AgingType());
}

PG_FUNCTION_INFO_V1(logistics_aging_state_send);
Datum
logistics_aging_state_send(PG_FUNCTION_ARGS)
{
	return lg_state_send(fcinfo, AgingType());
}
