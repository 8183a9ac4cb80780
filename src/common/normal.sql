
--
-- The standard normal distribution (normal.c): accurate to about 1e-15
-- relative over the whole double range where the value is a normal double.
--

CREATE FUNCTION @extschema@.normal_pdf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_pdf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_pdf(float8) IS
	'standard normal density phi(x) = exp(-x^2/2)/sqrt(2 pi)';

CREATE FUNCTION @extschema@.normal_pdf(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_pdf_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_pdf(float8, float8, float8) IS
	'normal density of N(mean, sd^2) at x: phi((x - mean)/sd)/sd';

CREATE FUNCTION @extschema@.normal_cdf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_cdf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_cdf(float8) IS
	'standard normal distribution function Phi(x) = P(Z <= x), accurate in both tails';

CREATE FUNCTION @extschema@.normal_cdf(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_cdf_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_cdf(float8, float8, float8) IS
	'normal distribution function of N(mean, sd^2): Phi((x - mean)/sd)';

CREATE FUNCTION @extschema@.normal_sf(x float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_sf'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_sf(float8) IS
	'standard normal upper tail 1 - Phi(x) = P(Z > x), accurate far out';

CREATE FUNCTION @extschema@.normal_quantile(p float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_quantile'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_quantile(float8) IS
	'standard normal quantile Phi^-1(p), 0 < p < 1 (Wichura AS 241 plus a Halley step)';

CREATE FUNCTION @extschema@.normal_quantile(p float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_quantile_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_quantile(float8, float8, float8) IS
	'quantile of N(mean, sd^2): mean + sd Phi^-1(p), 0 < p < 1';

CREATE FUNCTION @extschema@.normal_loss(z float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_loss'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss(float8) IS
	'standard normal first-order loss L(z) = E[(Z - z)+] = phi(z) - z (1 - Phi(z)), no cancellation for large z';

CREATE FUNCTION @extschema@.normal_loss(x float8, mean float8, sd float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_loss_ms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss(float8, float8, float8) IS
	'normal loss of N(mean, sd^2): E[(X - x)+] = sd L((x - mean)/sd), expected units short at stock x';

CREATE FUNCTION @extschema@.normal_loss2(z float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_loss2'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss2(float8) IS
	'standard normal second-order loss L2(z) = E[((Z - z)+)^2]/2 = ((z^2 + 1)(1 - Phi(z)) - z phi(z))/2';

CREATE FUNCTION @extschema@.normal_loss_inverse(g float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_normal_loss_inverse'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normal_loss_inverse(float8) IS
	'inverse of the standard normal loss function: the z with L(z) = g, g > 0';
