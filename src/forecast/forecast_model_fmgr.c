/*-------------------------------------------------------------------------
 *
 * forecast_model_fmgr.c
 *	  The stored fitted model, logistics.forecast_model: its binary layout,
 *	  its text form (JSON, read back exactly) and forecast_model_json().
 *
 * Binary layout (a varlena, read with memcpy so alignment does not
 * matter):
 *	the fixed part of FcModel (up to its ets member; version first),
 *	nets EtsModel structs, nseas seasonal indices, nlast final values
 *	(doubles).  Every read checks the version, the counts against the
 *	length and then the whole model (fc_model_validate), so a corrupt value
 *	is an error, never a crash.  The layout depends on the platform's
 *	double and int representation (like float8's binary form in a heap
 *	tuple); the text form is the portable one.
 *
 * Text form: a JSON object (see README, "forecast_model").  Numbers are
 * written with the shortest decimal that reads back to the same double,
 * so text output and input round-trip exactly.  NaN is written as null.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "arima.h"
#include "forecast_fmgr.h"
#include "mstl.h"

#define FC_HEAD_SIZE	offsetof(FcModel, ets)

static const char *const fallback_codes[FC_NFALLBACKS] = {
	"none", "short_season", "theta_short", "trend_short", "nonpositive",
	"small_index", "ets", "few_demands", "mstl_noseason"
};

static const char *const ets_fallback_codes[4] = {
	"none", "constant", "short_hw", "no_season"
};

static const char *const fixed_names[5] = {
	"alpha", "beta", "gamma", "phi", "k"
};

/* Methods whose parameters and states are those of their ETS model(s) */
static bool
EtsOnly(int method)
{
	return method == FC_SES || method == FC_HOLT || method == FC_DAMPED ||
		method == FC_ETS || method == FC_AUTO || method == FC_COMB ||
		method == FC_MSTL;
}

struct varlena *
fc_model_serialize(const FcModel *model)
{
	bool		has_arima = model->version == FC_MODEL_VERSION_ARIMA;
	Size		size = VARHDRSZ + FC_HEAD_SIZE +
		sizeof(EtsModel) * model->nets +
		sizeof(double) * (model->nseas + model->nlast) +
		(has_arima ? sizeof(int32) + sizeof(double) * model->narima : 0);
	struct varlena *v = palloc0(size);
	char	   *p = VARDATA(v);

	SET_VARSIZE(v, size);
	memcpy(p, model, FC_HEAD_SIZE);
	p += FC_HEAD_SIZE;
	if (model->nets > 0)
	{
		memcpy(p, model->ets, sizeof(EtsModel) * model->nets);
		p += sizeof(EtsModel) * model->nets;
	}
	if (model->nseas > 0)
	{
		memcpy(p, model->seas, sizeof(double) * model->nseas);
		p += sizeof(double) * model->nseas;
	}
	if (model->nlast > 0)
	{
		memcpy(p, model->last, sizeof(double) * model->nlast);
		p += sizeof(double) * model->nlast;
	}
	if (has_arima)
	{
		memcpy(p, &model->narima, sizeof(int32));
		p += sizeof(int32);
		memcpy(p, model->arima, sizeof(double) * model->narima);
	}
	return v;
}

static void
Corrupt(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("forecast_model value is corrupt: %s", detail)));
}

void
fc_model_deserialize(struct varlena *v, FcModel *model)
{
	Size		len = VARSIZE_ANY_EXHDR(v);
	const char *p = VARDATA_ANY(v);
	char		errbuf[256];
	Size		need;

	memset(model, 0, sizeof(*model));
	if (len < FC_HEAD_SIZE)
		Corrupt("too short");
	memcpy(model, p, FC_HEAD_SIZE);
	p += FC_HEAD_SIZE;
	if (model->version != FC_MODEL_VERSION &&
		model->version != FC_MODEL_VERSION_ARIMA)
		Corrupt("unsupported version");
	if (model->nets < 0 || model->nets > FC_MAX_ETS ||
		model->nseas < 0 || model->nseas > FC_MAX_SEASON ||
		model->nlast < 0 || model->nlast > FC_MAX_SEASON)
		Corrupt("bad counts");
	need = FC_HEAD_SIZE + sizeof(EtsModel) * model->nets +
		sizeof(double) * (model->nseas + model->nlast);
	if (model->version == FC_MODEL_VERSION_ARIMA)
	{
		int32		na;

		if (len < need + sizeof(int32))
			Corrupt("too short");
		memcpy(&na, p + need - FC_HEAD_SIZE, sizeof(int32));
		if (na < 1 || na > 10000000)
			Corrupt("bad arima length");
		model->narima = na;
		need += sizeof(int32) + sizeof(double) * (Size) na;
	}
	if (len != need)
		Corrupt("length does not match");
	if (model->nets > 0)
	{
		memcpy(model->ets, p, sizeof(EtsModel) * model->nets);
		p += sizeof(EtsModel) * model->nets;
	}
	model->seas = NULL;
	model->last = NULL;
	if (model->nseas > 0)
	{
		model->seas = palloc(sizeof(double) * model->nseas);
		memcpy(model->seas, p, sizeof(double) * model->nseas);
		p += sizeof(double) * model->nseas;
	}
	if (model->nlast > 0)
	{
		model->last = palloc(sizeof(double) * model->nlast);
		memcpy(model->last, p, sizeof(double) * model->nlast);
		p += sizeof(double) * model->nlast;
	}
	model->arima = NULL;
	if (model->version == FC_MODEL_VERSION_ARIMA)
	{
		p += sizeof(int32);
		model->arima = palloc(sizeof(double) * model->narima);
		memcpy(model->arima, p, sizeof(double) * model->narima);
	}
	if (fc_model_validate(model, errbuf, sizeof(errbuf)) != FC_OK)
		Corrupt(errbuf);
}

/* ---------------------------------------------------------------------
 * JSON output
 * ---------------------------------------------------------------------
 */

static void
AppendNum(StringInfo s, double x)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (!isfinite(x))
	{
		appendStringInfoString(s, "null");
		return;
	}
	double_to_shortest_decimal_buf(x, buf);
	appendStringInfoString(s, buf);
}

static void
AppendKeyNum(StringInfo s, const char *key, double x)
{
	appendStringInfo(s, ", \"%s\": ", key);
	AppendNum(s, x);
}

static void
AppendArray(StringInfo s, const double *x, int n)
{
	int			i;

	appendStringInfoChar(s, '[');
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoString(s, ", ");
		AppendNum(s, x[i]);
	}
	appendStringInfoChar(s, ']');
}

static void
AppendEts(StringInfo s, const EtsModel *e)
{
	char		code[8];

	ets_model_code(e, code, sizeof(code));
	appendStringInfo(s, "{\"model\": \"%s\"", code);
	appendStringInfoString(s, ", \"requested\": ");
	escape_json(s, e->requested);
	appendStringInfo(s, ", \"fallback\": \"%s\"",
					 e->fallback >= 0 && e->fallback < 4 ?
					 ets_fallback_codes[e->fallback] : "none");
	appendStringInfo(s, ", \"m\": %d, \"period\": %d, \"n\": %d, \"npar\": %d",
					 e->m, e->period, e->n, e->npar);
	AppendKeyNum(s, "alpha", e->alpha);
	AppendKeyNum(s, "beta", e->beta);
	AppendKeyNum(s, "gamma", e->gamma);
	AppendKeyNum(s, "phi", e->phi);
	appendStringInfoString(s, ", \"init_state\": ");
	AppendArray(s, e->init_state, e->nstate);
	appendStringInfoString(s, ", \"final_state\": ");
	AppendArray(s, e->final_state, e->nstate);
	AppendKeyNum(s, "sigma2", e->sigma2);
	AppendKeyNum(s, "loglik", e->loglik);
	AppendKeyNum(s, "aic", e->aic);
	AppendKeyNum(s, "aicc", e->aicc);
	AppendKeyNum(s, "bic", e->bic);
	AppendKeyNum(s, "mse", e->mse);
	AppendKeyNum(s, "amse", e->amse);
	appendStringInfo(s, ", \"ncandidates\": %d, \"nfeval\": %d}",
					 e->ncandidates, e->nfeval);
}

/*
 * The ARIMA model: readable fields (orders, named coefficients and their
 * standard errors, criteria) and "numbers", the whole stored model, which
 * is what the text input reads back.
 */
static void
AppendArima(StringInfo s, const FcModel *model)
{
	ArimaModel	am;
	char		name[64];
	char		errbuf[128];
	int			i;

	if (fc_arima_view(model, &am, errbuf, sizeof(errbuf)) != FC_OK)
		Corrupt(errbuf);
	arima_model_name(&am, name, sizeof(name));
	appendStringInfoString(s, ", \"arima\": {\"model\": ");
	escape_json(s, name);
	appendStringInfo(s, ", \"p\": %d, \"d\": %d, \"q\": %d, \"P\": %d, \"D\": %d, \"Q\": %d, \"period\": %d",
					 am.p, am.d, am.q, am.P, am.D, am.Q, am.m);
	appendStringInfoString(s, ", \"coefficients\": {");
	for (i = 0; i < am.ncoef; i++)
	{
		arima_coef_name(&am, i, name, sizeof(name));
		appendStringInfo(s, "%s\"%s\": ", i > 0 ? ", " : "", name);
		AppendNum(s, am.coef[i]);
	}
	appendStringInfoString(s, "}, \"std_errors\": {");
	for (i = 0; i < am.ncoef; i++)
	{
		arima_coef_name(&am, i, name, sizeof(name));
		appendStringInfo(s, "%s\"%s\": ", i > 0 ? ", " : "", name);
		AppendNum(s, am.se[i]);
	}
	appendStringInfoChar(s, '}');
	AppendKeyNum(s, "sigma2", am.sigma2);
	AppendKeyNum(s, "loglik", am.loglik);
	AppendKeyNum(s, "aic", am.aic);
	AppendKeyNum(s, "aicc", am.aicc);
	AppendKeyNum(s, "bic", am.bic);
	appendStringInfo(s, ", \"nobs_used\": %d, \"models_fitted\": %d, \"converged\": %s",
					 am.nused, am.nmodels, am.converged ? "true" : "false");
	appendStringInfoString(s, ", \"numbers\": ");
	AppendArray(s, model->arima, model->narima);
	appendStringInfoChar(s, '}');
}

char *
fc_model_to_json(const FcModel *model)
{
	StringInfoData s;
	int			method = model->method;
	int			i;
	bool		first;

	initStringInfo(&s);
	appendStringInfo(&s, "{\"format\": %d, \"method\": \"%s\", \"requested\": \"%s\"",
					 model->version, fc_method_name(method),
					 fc_method_name(model->requested));
	if (model->requested == FC_ETS || model->requested == FC_AUTO ||
		model->requested == FC_MSTL)
	{
		appendStringInfoString(&s, ", \"ets_model\": ");
		escape_json(&s, model->ets_model);
	}
	appendStringInfo(&s, ", \"season_length\": %d, \"n\": %d", model->m,
					 model->n);
	if (method == FC_MSTL || method == FC_MSTL_ARIMA)
	{
		appendStringInfoString(&s, ", \"season_lengths\": ");
		AppendArray(&s, model->last, model->nlast);
		appendStringInfoString(&s, ", \"seasonal_projection\": ");
		AppendArray(&s, model->seas, model->nseas);
	}
	appendStringInfo(&s, ", \"fallback\": \"%s\", \"fallback_reason\": \"%s\"",
					 fallback_codes[model->fallback],
					 fc_fallback_text(model->fallback));
	appendStringInfo(&s, ", \"seasonal\": %s, \"seasonal_adjustment\": %s",
					 model->seasonal ? "true" : "false",
					 (model->flags & FC_FLAG_SEASADJ) ? "true" : "false");
	if (model->nseas > 0 && method != FC_MSTL && method != FC_MSTL_ARIMA)
	{
		appendStringInfoString(&s, ", \"seasonal_indices\": ");
		AppendArray(&s, model->seas, model->nseas);
	}
	appendStringInfoString(&s, ", \"fixed\": [");
	first = true;
	for (i = 0; i < 5; i++)
		if (model->fixedmask & (1 << i))
		{
			appendStringInfo(&s, "%s\"%s\"", first ? "" : ", ",
							 fixed_names[i]);
			first = false;
		}
	appendStringInfoChar(&s, ']');

	/* parameters and states: the method's own, or its ETS model's */
	appendStringInfoString(&s, ", \"parameters\": {");
	if (EtsOnly(method))
	{
		if (method != FC_COMB)
		{
			const EtsModel *e = &model->ets[0];

			appendStringInfoString(&s, "\"alpha\": ");
			AppendNum(&s, e->alpha);
			if (e->trend != 'N')
			{
				appendStringInfoString(&s, ", \"beta\": ");
				AppendNum(&s, e->beta);
			}
			if (e->season != 'N')
			{
				appendStringInfoString(&s, ", \"gamma\": ");
				AppendNum(&s, e->gamma);
			}
			if (e->damped)
			{
				appendStringInfoString(&s, ", \"phi\": ");
				AppendNum(&s, e->phi);
			}
		}
	}
	else
		for (i = 0; i < fc_npar(method); i++)
		{
			appendStringInfo(&s, "%s\"%s\": ", i > 0 ? ", " : "",
							 fc_par_name(method, i));
			AppendNum(&s, model->par[i]);
		}
	appendStringInfoString(&s, "}, \"states\": {");
	if (EtsOnly(method))
	{
		if (method != FC_COMB)
		{
			const EtsModel *e = &model->ets[0];
			int			k = 1;

			appendStringInfoString(&s, "\"level\": ");
			AppendNum(&s, e->final_state[0]);
			if (e->trend != 'N')
			{
				appendStringInfoString(&s, ", \"trend\": ");
				AppendNum(&s, e->final_state[k++]);
			}
			if (e->season != 'N')
			{
				appendStringInfoString(&s, ", \"season\": ");
				AppendArray(&s, e->final_state + k, e->m);
			}
		}
	}
	else
	{
		for (i = 0; i < fc_nstate(method); i++)
		{
			appendStringInfo(&s, "%s\"%s\": ", i > 0 ? ", " : "",
							 fc_state_name(method, i));
			AppendNum(&s, model->st[i]);
		}
		if (model->nlast > 0 && method != FC_MSTL_ARIMA)
		{
			appendStringInfoString(&s, "\"last\": ");
			AppendArray(&s, model->last, model->nlast);
		}
	}
	appendStringInfoChar(&s, '}');
	AppendKeyNum(&s, "sigma2", model->sigma2);
	AppendKeyNum(&s, "loglik", model->loglik);
	AppendKeyNum(&s, "aic", model->aic);
	AppendKeyNum(&s, "aicc", model->aicc);
	AppendKeyNum(&s, "bic", model->bic);
	AppendKeyNum(&s, "mse", model->mse);
	if (model->version == FC_MODEL_VERSION_ARIMA)
		AppendArima(&s, model);
	if (model->nets > 0)
	{
		appendStringInfoString(&s, ", \"ets\": [");
		for (i = 0; i < model->nets; i++)
		{
			if (i > 0)
				appendStringInfoString(&s, ", ");
			AppendEts(&s, &model->ets[i]);
		}
		appendStringInfoChar(&s, ']');
	}
	appendStringInfoChar(&s, '}');
	return s.data;
}

/* ---------------------------------------------------------------------
 * JSON input
 * ---------------------------------------------------------------------
 */

static void
Bad(const char *fmt, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type forecast_model: %s %s",
					fmt, what)));
}

/* Reject keys other than the allowed ones (a NULL-terminated list) */
static void
CheckKeys(JsonbContainer *c, const char *const *allowed)
{
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		int			i;
		bool		ok = false;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (!ok)
			Bad("unknown key", key);
	}
}

static JsonbValue *
Key(JsonbContainer *c, const char *key, bool required)
{
	JsonbValue *v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);

	if (v == NULL && required)
		Bad("missing key", key);
	return v;
}

static double
Num(JsonbContainer *c, const char *key, bool nullable)
{
	JsonbValue *v = Key(c, key, true);

	if (v->type == jbvNull && nullable)
		return NAN;
	if (v->type != jbvNumeric)
		Bad("expected a number for", key);
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8,
											  NumericGetDatum(v->val.numeric)));
}

static int
Int(JsonbContainer *c, const char *key, int lo, int hi)
{
	double		x = Num(c, key, false);

	if (!(x >= lo && x <= hi && x == floor(x)))
		Bad("integer out of range for", key);
	return (int) x;
}

static char *
Str(JsonbContainer *c, const char *key)
{
	JsonbValue *v = Key(c, key, true);

	if (v->type != jbvString)
		Bad("expected a string for", key);
	return pnstrdup(v->val.string.val, v->val.string.len);
}

static bool
Bool(JsonbContainer *c, const char *key)
{
	JsonbValue *v = Key(c, key, true);

	if (v->type != jbvBool)
		Bad("expected true or false for", key);
	return v->val.boolean;
}

static JsonbContainer *
Container(JsonbContainer *c, const char *key, bool array, bool required)
{
	JsonbValue *v = Key(c, key, required);

	if (v == NULL)
		return NULL;
	if (v->type != jbvBinary ||
		(array ? !JsonContainerIsArray(v->val.binary.data) :
		 !JsonContainerIsObject(v->val.binary.data)))
		Bad(array ? "expected an array for" : "expected an object for", key);
	return v->val.binary.data;
}

/* Read a numeric array of exactly n elements into out */
static void
NumArray(JsonbContainer *c, const char *key, double *out, int n)
{
	JsonbContainer *a = Container(c, key, true, true);
	int			i;

	if ((int) JsonContainerSize(a) != n)
		Bad("wrong number of elements in", key);
	for (i = 0; i < n; i++)
	{
		JsonbValue *v = getIthJsonbValueFromContainer(a, i);

		/* null is NaN (a standard error that does not exist) */
		if (v->type == jbvNull && strcmp(key, "numbers") == 0)
		{
			out[i] = NAN;
			continue;
		}
		if (v->type != jbvNumeric)
			Bad("expected numbers in", key);
		out[i] = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
													NumericGetDatum(v->val.numeric)));
	}
}

static int
Code(const char *s, const char *const *codes, int ncodes, const char *key)
{
	int			i;

	for (i = 0; i < ncodes; i++)
		if (strcmp(s, codes[i]) == 0)
			return i;
	Bad("unknown value for", key);
	return 0;
}

/*
 * The smoothing parameters of a model read from text must be ones the
 * fitting code can produce: beta 0 without a trend, gamma 0 without a
 * season, phi 1 without damping and 0 < phi <= 1 with it, and inside the
 * linear conditions of the admissible region of Hyndman, Akram and
 * Archibald (2008, AISM 60:407, Table 1; R's admissible() in ets.R), which
 * hold for the usual region (0 < beta <= alpha < 1, gamma <= 1 - alpha,
 * 0.8 <= phi <= 0.98) too.  phi = 3, say, would make every forecast
 * explode.  (The polynomial condition of seasonal models is not tested.)
 */
static void
EtsParamsInDomain(const EtsModel *e)
{
	double		a = e->alpha;
	double		b = e->beta;
	double		g = e->gamma;
	double		phi = e->phi;
	const double tol = 1e-8;
	char		detail[160];

	if (e->damped ? !(phi > 0.0 && phi <= 1.0 + tol) : phi != 1.0)
		snprintf(detail, sizeof(detail),
				 "phi must be %s, got %g",
				 e->damped ? "above 0 and at most 1" : "1 without damping", phi);
	else if (e->trend == 'N' && b != 0.0)
		snprintf(detail, sizeof(detail),
				 "beta must be 0 without a trend, got %g", b);
	else if (e->season == 'N' && g != 0.0)
		snprintf(detail, sizeof(detail),
				 "gamma must be 0 without a season, got %g", g);
	else if (e->season == 'N' &&
			 !(a >= 1.0 - 1.0 / phi - tol && a <= 1.0 + 1.0 / phi + tol))
		snprintf(detail, sizeof(detail),
				 "alpha %g is outside the admissible region", a);
	else if (e->season == 'N' && e->trend != 'N' &&
			 !(b >= a * (phi - 1.0) - tol && b <= (1.0 + phi) * (2.0 - a) + tol))
		snprintf(detail, sizeof(detail),
				 "beta %g is outside the admissible region for alpha %g", b, a);
	else if (e->season != 'N' &&
			 !(g >= Max(1.0 - 1.0 / phi - a, 0.0) - tol &&
			   g <= 1.0 + 1.0 / phi - a + tol &&
			   a >= 1.0 - 1.0 / phi - g * (1.0 - e->m + phi + phi * e->m) /
			   (2.0 * phi * e->m) - tol &&
			   b >= -(1.0 - phi) * (g / e->m + a) - tol))
		snprintf(detail, sizeof(detail),
				 "alpha %g, beta %g, gamma %g are outside the admissible region",
				 a, b, g);
	else
		return;
	Bad("invalid ets model parameters:", detail);
}

static void
ReadEts(JsonbContainer *c, EtsModel *e)
{
	static const char *const keys[] = {
		"model", "requested", "fallback", "m", "period", "n", "npar", "alpha",
		"beta", "gamma", "phi", "init_state", "final_state", "sigma2",
		"loglik", "aic", "aicc", "bic", "mse", "amse", "ncandidates",
		"nfeval", NULL
	};
	char	   *code;
	char	   *req;
	size_t		len;
	char		errbuf[256];

	if (!JsonContainerIsObject(c))
		Bad("expected objects in", "ets");
	CheckKeys(c, keys);
	memset(e, 0, sizeof(*e));
	e->version = ETS_MODEL_VERSION;
	code = Str(c, "model");
	len = strlen(code);
	if ((len != 3 && len != 4) || (len == 4 && code[2] != 'd') ||
		strchr("AM", code[0]) == NULL || strchr("NAM", code[1]) == NULL ||
		strchr("NAM", code[len - 1]) == NULL)
		Bad("bad ets model", code);
	e->error = code[0];
	e->trend = code[1];
	e->damped = len == 4;
	e->season = code[len - 1];
	req = Str(c, "requested");
	if (strlen(req) >= sizeof(e->requested))
		Bad("bad ets requested model", req);
	strcpy(e->requested, req);
	e->fallback = Code(Str(c, "fallback"), ets_fallback_codes, 4, "fallback");
	e->m = Int(c, "m", 1, ETS_MAX_SEASON);
	e->period = Int(c, "period", 1, FC_MAX_SEASON);
	e->n = Int(c, "n", 1, PG_INT32_MAX);
	e->npar = Int(c, "npar", 0, 1000);
	e->alpha = Num(c, "alpha", false);
	e->beta = Num(c, "beta", false);
	e->gamma = Num(c, "gamma", false);
	e->phi = Num(c, "phi", false);
	e->nstate = 1 + (e->trend != 'N') + (e->season != 'N' ? e->m : 0);
	if (e->nstate > ETS_MAX_STATES)
		Bad("too many states in", "ets");
	NumArray(c, "init_state", e->init_state, e->nstate);
	NumArray(c, "final_state", e->final_state, e->nstate);
	e->sigma2 = Num(c, "sigma2", true);
	e->loglik = Num(c, "loglik", true);
	e->aic = Num(c, "aic", true);
	e->aicc = Num(c, "aicc", true);
	e->bic = Num(c, "bic", true);
	e->mse = Num(c, "mse", true);
	e->amse = Num(c, "amse", true);
	e->ncandidates = Int(c, "ncandidates", 0, PG_INT32_MAX);
	e->nfeval = Int(c, "nfeval", 0, PG_INT32_MAX);
	if (ets_model_validate(e, errbuf, sizeof(errbuf)) != ETS_OK)
		Bad("invalid ets model:", errbuf);
	EtsParamsInDomain(e);
}

/* The seasonal indices (seasonal adjustment) or mstl's projection */
static void
ReadSeasonFields(JsonbContainer *c, FcModel *model)
{
	if (Bool(c, "seasonal_adjustment"))
	{
		model->flags |= FC_FLAG_SEASADJ;
		model->nseas = model->m;
		model->seas = palloc(sizeof(double) * model->m);
		NumArray(c, "seasonal_indices", model->seas, model->m);
	}
	else if (Key(c, "seasonal_indices", false) != NULL)
		Bad("unexpected key", "seasonal_indices");
	if (model->method == FC_MSTL || model->method == FC_MSTL_ARIMA)
	{
		JsonbContainer *sl = Container(c, "season_lengths", true, true);
		JsonbContainer *sp = Container(c, "seasonal_projection", true, true);

		model->nlast = JsonContainerSize(sl);
		model->nseas = JsonContainerSize(sp);
		if (model->nlast > FC_MSTL_MAX_PERIODS ||
			model->nseas > FC_MAX_HORIZON ||
			(model->nlast == 0) != (model->nseas == 0))
			Bad("bad number of values in", "season_lengths");
		if (model->nlast > 0)
		{
			model->last = palloc(sizeof(double) * model->nlast);
			NumArray(c, "season_lengths", model->last, model->nlast);
			model->seas = palloc(sizeof(double) * model->nseas);
			NumArray(c, "seasonal_projection", model->seas, model->nseas);
			model->flags |= FC_FLAG_SEASADD;
		}
	}
	else if (Key(c, "season_lengths", false) != NULL ||
			 Key(c, "seasonal_projection", false) != NULL)
		Bad("unexpected key", "season_lengths");
}

/* The method's own parameters and states (ETS-only methods have none here) */
static void
ReadParamsStates(JsonbContainer *c, FcModel *model)
{
	JsonbContainer *obj;
	int			i;

	for (i = 0; i < FC_MAX_PAR; i++)
		model->par[i] = NAN;
	for (i = 0; i < FC_MAX_ST; i++)
		model->st[i] = NAN;
	obj = Container(c, "parameters", false, true);
	if (!EtsOnly(model->method))
		for (i = 0; i < fc_npar(model->method); i++)
			model->par[i] = Num(obj, fc_par_name(model->method, i),
								model->method == FC_MEAN);
	obj = Container(c, "states", false, true);
	if (!EtsOnly(model->method))
	{
		for (i = 0; i < fc_nstate(model->method); i++)
			model->st[i] = Num(obj, fc_state_name(model->method, i), false);
		if (model->method == FC_NAIVE || model->method == FC_NAIVE2 ||
			model->method == FC_SNAIVE)
		{
			JsonbContainer *last = Container(obj, "last", true, true);

			model->nlast = JsonContainerSize(last);
			if (model->nlast < 1 || model->nlast > FC_MAX_SEASON)
				Bad("bad number of values in", "last");
			model->last = palloc(sizeof(double) * model->nlast);
			NumArray(obj, "last", model->last, model->nlast);
		}
	}
}

static void
ModelFromJson(Jsonb *jb, FcModel *model)
{
	static const char *const keys[] = {
		"format", "method", "requested", "ets_model", "season_length", "n",
		"fallback", "fallback_reason", "seasonal", "seasonal_adjustment",
		"seasonal_indices", "fixed", "parameters", "states", "sigma2",
		"loglik", "aic", "aicc", "bic", "mse", "ets", "arima",
		"season_lengths", "seasonal_projection", NULL
	};
	JsonbContainer *c = &jb->root;
	JsonbContainer *arr;
	char		etsmodel[8];
	char		errbuf[256];
	int			method;
	int			i;

	if (!JB_ROOT_IS_OBJECT(jb))
		Bad("expected a JSON", "object");
	CheckKeys(c, keys);
	memset(model, 0, sizeof(*model));
	model->version = Int(c, "format", 1, 1000);
	if (model->version != FC_MODEL_VERSION &&
		model->version != FC_MODEL_VERSION_ARIMA)
		Bad("unsupported", "format");
	if (fc_method_parse(Str(c, "method"), &method, etsmodel, errbuf,
						sizeof(errbuf)) != FC_OK ||
		(method == FC_ETS && strcmp(Str(c, "method"), "ets") != 0))
		Bad("unknown", "method");
	model->method = method;
	if (fc_method_parse(Str(c, "requested"), &method, etsmodel, errbuf,
						sizeof(errbuf)) != FC_OK ||
		(method == FC_ETS && strcmp(Str(c, "requested"), "ets") != 0))
		Bad("unknown requested", "method");
	model->requested = method;
	if (method == FC_ETS || method == FC_AUTO || method == FC_MSTL)
	{
		char	   *s = Str(c, "ets_model");

		if (strlen(s) >= sizeof(model->ets_model))
			Bad("bad", "ets_model");
		strcpy(model->ets_model, s);
	}
	else if (Key(c, "ets_model", false) != NULL)
		Bad("unexpected key", "ets_model");
	model->m = Int(c, "season_length", 1, FC_MAX_SEASON);
	model->n = Int(c, "n", 1, PG_INT32_MAX);
	model->fallback = Code(Str(c, "fallback"), fallback_codes,
						   FC_NFALLBACKS, "fallback");
	model->seasonal = Bool(c, "seasonal") ? 1 : 0;
	ReadSeasonFields(c, model);

	arr = Container(c, "fixed", true, true);
	for (i = 0; i < (int) JsonContainerSize(arr); i++)
	{
		JsonbValue *v = getIthJsonbValueFromContainer(arr, i);
		char	   *s;

		if (v->type != jbvString)
			Bad("expected names in", "fixed");
		s = pnstrdup(v->val.string.val, v->val.string.len);
		model->fixedmask |= 1 << Code(s, fixed_names, 5, "fixed");
	}
	if (model->fixedmask != 0)
		model->flags |= FC_FLAG_FIXED;

	ReadParamsStates(c, model);
	model->sigma2 = Num(c, "sigma2", true);
	model->loglik = Num(c, "loglik", true);
	model->aic = Num(c, "aic", true);
	model->aicc = Num(c, "aicc", true);
	model->bic = Num(c, "bic", true);
	model->mse = Num(c, "mse", true);
	arr = Container(c, "ets", true, false);
	if (arr != NULL)
	{
		model->nets = JsonContainerSize(arr);
		if (model->nets > FC_MAX_ETS)
			Bad("too many models in", "ets");
		for (i = 0; i < model->nets; i++)
		{
			JsonbValue *v = getIthJsonbValueFromContainer(arr, i);

			if (v->type != jbvBinary)
				Bad("expected objects in", "ets");
			ReadEts(v->val.binary.data, &model->ets[i]);
		}
	}
	if (model->version == FC_MODEL_VERSION_ARIMA)
	{
		JsonbContainer *ar = Container(c, "arima", false, true);

		arr = Container(ar, "numbers", true, true);
		model->narima = JsonContainerSize(arr);
		if (model->narima < 1 || model->narima > 10000000)
			Bad("bad number of values in", "numbers");
		model->arima = palloc(sizeof(double) * model->narima);
		NumArray(ar, "numbers", model->arima, model->narima);
	}
	else if (Key(c, "arima", false) != NULL)
		Bad("unexpected key", "arima");
	if (fc_model_validate(model, errbuf, sizeof(errbuf)) != FC_OK)
		Bad("inconsistent model:", errbuf);
}

/* ---------------------------------------------------------------------
 * SQL functions
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(logistics_forecast_model_in);
Datum
logistics_forecast_model_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	Jsonb	   *jb;
	FcModel		model;

	jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(s)));
	ModelFromJson(jb, &model);
	PG_RETURN_POINTER(fc_model_serialize(&model));
}

PG_FUNCTION_INFO_V1(logistics_forecast_model_out);
Datum
logistics_forecast_model_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	FcModel		model;

	fc_model_deserialize(v, &model);
	PG_RETURN_CSTRING(fc_model_to_json(&model));
}

/* forecast_model_json(model) -> jsonb: the text form as jsonb */
PG_FUNCTION_INFO_V1(logistics_forecast_model_json);
Datum
logistics_forecast_model_json(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	FcModel		model;

	fc_model_deserialize(v, &model);
	return DirectFunctionCall1(jsonb_in,
							   CStringGetDatum(fc_model_to_json(&model)));
}
