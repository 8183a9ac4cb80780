/*-------------------------------------------------------------------------
 *
 * state_io_fmgr.c
 *	  Text and binary I/O shared by the fixed-size aggregate state types
 *	  (state_io.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"

#include "common/state_io.h"

static void
StateInvalidText(const LgStateType *t, const char *str, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\" (%s)",
					t->name, str, why)));
}

/*
 * "(f1,f2,...)" with exactly t->nfields numbers; nothing else is accepted
 * (no blanks, no missing or extra fields).
 */
Datum
lg_state_in(FunctionCallInfo fcinfo, const LgStateType *t)
{
	const char *str = PG_GETARG_CSTRING(0);
	char	   *state = palloc0(t->size);
	const char *p = str;
	const char *why;
	int			i;

	if (*p++ != '(')
		StateInvalidText(t, str, "expected \"(\"");
	for (i = 0; i < t->nfields; i++)
	{
		const LgStateField *f = &t->fields[i];
		char	   *end;

		if (*p == '\0' || *p == ' ' || *p == ',' || *p == ')')
			StateInvalidText(t, str, "a field is missing");
		errno = 0;
		if (f->kind == 'i')
		{
			long long	v = strtoll(p, &end, 10);
			int64		v64 = (int64) v;

			memcpy(state + f->offset, &v64, sizeof(int64));
		}
		else
		{
			double		v = strtod(p, &end);

			memcpy(state + f->offset, &v, sizeof(double));
			/* as float8in: an underflow to a subnormal is a value */
			if (errno == ERANGE && v != 0.0 && isfinite(v))
				errno = 0;
			if (errno == 0 && !isfinite(v))
				StateInvalidText(t, str, "fields must be finite");
		}
		if (end == p || errno != 0)
			StateInvalidText(t, str, "a field is not a number in range");
		p = end;
		if (*p++ != (i + 1 < t->nfields ? ',' : ')'))
			StateInvalidText(t, str, i + 1 < t->nfields ?
							 "expected \",\"" : "expected \")\" after the last field");
	}
	if (*p != '\0')
		StateInvalidText(t, str, "text after \")\"");
	if ((why = t->check(state)) != NULL)
		StateInvalidText(t, str, why);
	PG_RETURN_POINTER(state);
}

Datum
lg_state_out(FunctionCallInfo fcinfo, const LgStateType *t)
{
	const char *state = (const char *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (i = 0; i < t->nfields; i++)
	{
		const LgStateField *f = &t->fields[i];

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		if (f->kind == 'i')
		{
			int64		v;

			memcpy(&v, state + f->offset, sizeof(int64));
			appendStringInfo(&buf, INT64_FORMAT, v);
		}
		else
		{
			double		v;
			char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

			memcpy(&v, state + f->offset, sizeof(double));
			/* shortest exact: the text reads back to the same bits */
			double_to_shortest_decimal_buf(v, num);
			appendStringInfoString(&buf, num);
		}
	}
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

Datum
lg_state_recv(FunctionCallInfo fcinfo, const LgStateType *t)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	char	   *state = palloc0(t->size);
	const char *why;
	int			i;

	/* pq_getmsg* raise 08P01 on a short message */
	for (i = 0; i < t->nfields; i++)
	{
		const LgStateField *f = &t->fields[i];

		if (f->kind == 'i')
		{
			int64		v = pq_getmsgint64(msg);

			memcpy(state + f->offset, &v, sizeof(int64));
		}
		else
		{
			double		v = pq_getmsgfloat8(msg);

			memcpy(state + f->offset, &v, sizeof(double));
			if (!isfinite(v))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid binary value for type %s: fields must be finite",
								t->name)));
		}
	}
	if (msg->cursor != msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %d bytes, expected %d",
						t->name, msg->len, t->nfields * 8)));
	if ((why = t->check(state)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %s", t->name, why)));
	PG_RETURN_POINTER(state);
}

Datum
lg_state_send(FunctionCallInfo fcinfo, const LgStateType *t)
{
	const char *state = (const char *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	for (i = 0; i < t->nfields; i++)
	{
		const LgStateField *f = &t->fields[i];

		if (f->kind == 'i')
		{
			int64		v;

			memcpy(&v, state + f->offset, sizeof(int64));
			pq_sendint64(&buf, v);
		}
		else
		{
			double		v;

			memcpy(&v, state + f->offset, sizeof(double));
			pq_sendfloat8(&buf, v);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
