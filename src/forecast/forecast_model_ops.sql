
-- ---------------------------------------------------------------------------
-- Equality, ordering and hashing of forecast_model (issue 16), so that a
-- stored model survives the GROUP BY, ORDER BY and DISTINCT that BI tools
-- add to every query.  Two models are equal when their text forms are: the
-- output function writes every number so that it reads back exactly and
-- the fields in a fixed order, so the text is canonical, whereas the binary
-- form may hold padding bytes.  The order is the bytewise ("C") order of the
-- text forms: total and stable, with no meaning beyond that.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@._forecast_model_cmp(a @extschema@.forecast_model,
												b @extschema@.forecast_model)
	RETURNS int
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN pg_catalog.bttextcmp(a::text COLLATE pg_catalog."C", b::text COLLATE pg_catalog."C");
COMMENT ON FUNCTION @extschema@._forecast_model_cmp(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'btree support of forecast_model: -1, 0 or 1 by the bytewise order of the text forms';

CREATE FUNCTION @extschema@._forecast_model_eq(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.=) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_eq(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements = on forecast_model: the same text form';

CREATE FUNCTION @extschema@._forecast_model_ne(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.<>) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_ne(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements <> on forecast_model';

CREATE FUNCTION @extschema@._forecast_model_lt(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.<) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_lt(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements < on forecast_model';

CREATE FUNCTION @extschema@._forecast_model_le(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.<=) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_le(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements <= on forecast_model';

CREATE FUNCTION @extschema@._forecast_model_gt(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.>) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_gt(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements > on forecast_model';

CREATE FUNCTION @extschema@._forecast_model_ge(a @extschema@.forecast_model,
											   b @extschema@.forecast_model)
	RETURNS boolean
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN @extschema@._forecast_model_cmp(a, b) OPERATOR(pg_catalog.>=) 0;
COMMENT ON FUNCTION @extschema@._forecast_model_ge(@extschema@.forecast_model, @extschema@.forecast_model) IS
	'implements >= on forecast_model';

CREATE FUNCTION @extschema@._forecast_model_hash(a @extschema@.forecast_model)
	RETURNS int
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN pg_catalog.hashtext(a::text COLLATE pg_catalog."C");
COMMENT ON FUNCTION @extschema@._forecast_model_hash(@extschema@.forecast_model) IS
	'hash support of forecast_model: hashtext of the text form';

CREATE FUNCTION @extschema@._forecast_model_hash_extended(a @extschema@.forecast_model,
														  seed bigint)
	RETURNS bigint
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN pg_catalog.hashtextextended(a::text COLLATE pg_catalog."C", seed);
COMMENT ON FUNCTION @extschema@._forecast_model_hash_extended(@extschema@.forecast_model, bigint) IS
	'extended hash support of forecast_model: hashtextextended of the text form';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES, MERGES
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'the same fitted model (equal text forms)';

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'not the same fitted model';

CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_lt,
	COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel,
	JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'sorts before (bytewise order of the text forms)';

CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_le,
	COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel,
	JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'sorts before or equal (bytewise order of the text forms)';

CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_gt,
	COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel,
	JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'sorts after (bytewise order of the text forms)';

CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.forecast_model,
	RIGHTARG = @extschema@.forecast_model,
	FUNCTION = @extschema@._forecast_model_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel,
	JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.forecast_model, @extschema@.forecast_model) IS
	'sorts after or equal (bytewise order of the text forms)';

CREATE OPERATOR CLASS @extschema@.forecast_model_ops
	DEFAULT FOR TYPE @extschema@.forecast_model USING btree AS
		OPERATOR 1 @extschema@.<,
		OPERATOR 2 @extschema@.<=,
		OPERATOR 3 @extschema@.=,
		OPERATOR 4 @extschema@.>=,
		OPERATOR 5 @extschema@.>,
		FUNCTION 1 @extschema@._forecast_model_cmp(@extschema@.forecast_model, @extschema@.forecast_model);

CREATE OPERATOR CLASS @extschema@.forecast_model_hash_ops
	DEFAULT FOR TYPE @extschema@.forecast_model USING hash AS
		OPERATOR 1 @extschema@.=,
		FUNCTION 1 @extschema@._forecast_model_hash(@extschema@.forecast_model),
		FUNCTION 2 @extschema@._forecast_model_hash_extended(@extschema@.forecast_model, bigint);
