/*-------------------------------------------------------------------------
 *
 * state_io.h
 *	  Text and binary I/O of the fixed-size aggregate state types
 *	  (rate_state, accuracy_state, ...).
 *
 * A state type is a fixed-length, pass-by-reference type whose value is a C
 * struct of int64 counts and float8 sums.  Its text form lists the fields in
 * order, "(f1,f2,...)", integers in decimal and doubles in their shortest
 * exact form, so a state sent as text (Citus ships partial aggregates that
 * way) comes back bit for bit whatever extra_float_digits says.  The binary
 * form is the same fields in network byte order.  Input from either form is
 * checked with the type's own check function before use: a state type with
 * text input is reachable from SQL, so a hand-written value must not crash
 * a final or combine function or give a wrong number.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_STATE_IO_H
#define LOGISTICS_STATE_IO_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

typedef struct LgStateField
{
	char		kind;			/* 'i': int64, 'd': double */
	uint16		offset;			/* offsetof() in the struct */
} LgStateField;

typedef struct LgStateType
{
	const char *name;			/* SQL type name, for messages */
	Size		size;			/* sizeof the struct (INTERNALLENGTH) */
	int			nfields;
	const LgStateField *fields;

	/*
	 * NULL when the value is a possible state, else what is wrong with it
	 * (for the message).  Runs on every value read from text or binary.
	 */
	const char *(*check) (const void *state);
} LgStateType;

#define LG_FIELD_I(type, member) {'i', (uint16) offsetof(type, member)}
#define LG_FIELD_D(type, member) {'d', (uint16) offsetof(type, member)}

extern Datum lg_state_in(FunctionCallInfo fcinfo, const LgStateType *t);
extern Datum lg_state_out(FunctionCallInfo fcinfo, const LgStateType *t);
extern Datum lg_state_recv(FunctionCallInfo fcinfo, const LgStateType *t);
extern Datum lg_state_send(FunctionCallInfo fcinfo, const LgStateType *t);

/*
 * Reading the text form of a variable-size state, "(f1,f2,...,fN)", one
 * field at a time: no blanks, no missing or extra fields.  Every error is
 * 22P02 and names the type and the start of the input.
 */
typedef struct LgTextReader
{
	const char *type;			/* SQL type name, for messages */
	const char *str;			/* the whole input, for messages */
	const char *p;				/* the next field */
} LgTextReader;

extern void lg_text_begin(LgTextReader *r, const char *type, const char *str);
extern void lg_text_error(LgTextReader *r, const char *why) pg_attribute_noreturn();
extern int64 lg_text_int64(LgTextReader *r, bool last);
extern uint64 lg_text_uint64(LgTextReader *r, bool last);
extern double lg_text_double(LgTextReader *r, bool last);

/* v in its shortest exact decimal form: the text reads back to the same bits */
extern void lg_text_append_double(StringInfo buf, double v);

#endif							/* LOGISTICS_STATE_IO_H */
