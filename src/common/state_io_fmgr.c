/*-------------------------------------------------------------------------
 *
 * state_io_fmgr.c
 *	  Text and binary I/O shared by the fixed-size aggregate state types,
 *	  and the text reader of the variable-size ones (state_io.h).
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

/* ---------------------------------------------------------------------
 * The text reader of variable-size states (quantile_sketch,
 * demand_series_state)
 * ---------------------------------------------------------------------
 */
void
lg_text_begin(LgTextReader *r, const char *type, const char *str)
{
	r->type = type;
	r->str = str;
	r->p = str;
	if (*r->p++ != '(')
		lg_text_error(r, "expected \"(\"");
}

void
lg_text_error(LgTextReader *r, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.60s%s\" (%s)",
					r->type, r->str, strlen(r->str) > 60 ? "..." : "", why)));
}

/* The separator after a field: "," or, after the last, ")" and the end. */
static void
TextSep(LgTextReader *r, bool last)
{
	if (*r->p++ != (last ? ')' : ','))
		lg_text_error(r, last ? "expected \")\" after the last field" :
					  "expected \",\"");
	if (last && *r->p != '\0')
		lg_text_error(r, "text after \")\"");
}

static void
TextFieldStart(LgTextReader *r)
{
	if (*r->p == '\0' || *r->p == ' ' || *r->p == ',' || *r->p == ')')
		lg_text_error(r, "a field is missing");
	errno = 0;
}

int64
lg_text_int64(LgTextReader *r, bool last)
{
	char	   *end;
	long long	v;

	TextFieldStart(r);
	v = strtoll(r->p, &end, 10);
	if (end == r->p || errno != 0)
		lg_text_error(r, "a field is not an integer in range");
	r->p = end;
	TextSep(r, last);
	return (int64) v;
}

uint64
lg_text_uint64(LgTextReader *r, bool last)
{
	char	   *end;
	unsigned long long v;
	const char *p = r->p;
	uint64		u = 0;
	int			nd;

	/*
	 * Fast path for what the writers write, 1 to 19 plain digits (no
	 * overflow): the delta-encoded lists have millions of them.  Anything
	 * else (a sign, a blank, 20 digits or more) goes through strtoull below,
	 * so both paths accept the same texts.
	 */
	for (nd = 0; nd < 19 && (unsigned) (p[nd] - '0') < 10; nd++)
		u = 10 * u + (uint64) (p[nd] - '0');
	if (nd > 0 && (unsigned) (p[nd] - '0') >= 10)
	{
		r->p = p + nd;
		TextSep(r, last);
		return u;
	}
	TextFieldStart(r);
	/* strtoull would take "-1" as the largest value */
	if (*r->p == '-' || *r->p == '+')
		lg_text_error(r, "a field must be an unsigned integer");
	v = strtoull(r->p, &end, 10);
	if (end == r->p || errno != 0)
		lg_text_error(r, "a field is not an integer in range");
	r->p = end;
	TextSep(r, last);
	return (uint64) v;
}

double
lg_text_double(LgTextReader *r, bool last)
{
	char	   *end;
	double		v;

	TextFieldStart(r);
	v = strtod(r->p, &end);
	/* as float8in: an underflow to a subnormal is a value */
	if (errno == ERANGE && v != 0.0 && isfinite(v))
		errno = 0;
	if (end == r->p || errno != 0 || !isfinite(v))
		lg_text_error(r, "a field is not a finite number");
	r->p = end;
	TextSep(r, last);
	return v;
}

void
lg_text_append_double(StringInfo buf, double v)
{
	char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, num);
	appendStringInfoString(buf, num);
}
