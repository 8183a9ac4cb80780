--
-- Standard normal functions.  Expected values: golden.md section F
-- (stockpyl test_loss_functions.py, recomputed with Python's
-- statistics.NormalDist) and mpmath 1.3.0 at 40 digits (cross-checked with R
-- dnorm/pnorm/qnorm).  Each check is |got/expected - 1| below a tolerance:
-- 1e-9 for the golden values (their published precision), 1e-14 for the
-- mpmath values (the functions claim 1e-12 relative over the double range).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;

CREATE FUNCTION pg_temp.close(got float8, want float8, tol float8)
RETURNS boolean LANGUAGE sql IMMUTABLE
AS $$ SELECT abs(got / want - 1) <= tol $$;

-- golden F1-F3: L(z) and the complement Lbar(z) = L(z) + z = L(-z)
SELECT z, pg_temp.close(logistics.normal_loss(z), l, 1e-9) AS loss_ok,
       pg_temp.close(logistics.normal_loss(-z), lbar, 1e-9) AS complement_ok,
       pg_temp.close(logistics.normal_loss(z) + z, lbar, 1e-9) AS identity_ok
FROM (VALUES ('F1', -1.4::float8, 1.436668142708465::float8, 0.036668142708465::float8),
             ('F2', 0.3, 0.266761242117210, 0.566761242117210),
             ('F3', 3.1, 2.672490952231408e-04, 3.100267249095223)) AS g(id, z, l, lbar);

-- golden F4: second-order loss
SELECT pg_temp.close(logistics.normal_loss2(-1.4), 1.465289370279040, 1e-9) AS f4a,
       pg_temp.close(logistics.normal_loss2(0.3), 0.151030102587942, 1e-9) AS f4b,
       pg_temp.close(logistics.normal_loss2(3.1), 6.956550901328958e-05, 1e-9) AS f4c,
       pg_temp.close(logistics.normal_loss2(30), 5.4218624369917457412e-201, 1e-14) AS far;

-- golden F5, F6: normal loss n(x) = sd L((x - mean)/sd), nbar = x - mean + n
SELECT pg_temp.close(logistics.normal_loss(11, 8, 3), 0.249946411763059, 1e-9) AS f5_n,
       pg_temp.close(11 - 8 + logistics.normal_loss(11, 8, 3), 3.249946411763059, 1e-9) AS f5_nbar,
       pg_temp.close(logistics.normal_loss(10.5, 15, 5), 5.002155685433356, 1e-9) AS f6_n,
       pg_temp.close(10.5 - 15 + logistics.normal_loss(10.5, 15, 5), 0.502155685433356, 1e-9) AS f6_nbar;

-- accuracy far out (mpmath 40 digits; R's value in brackets where shown)
SELECT name, pg_temp.close(got, want, 1e-14) AS ok
FROM (VALUES
  ('pdf(1)',           logistics.normal_pdf(1),          0.2419707245191433498),
  ('pdf(20)',          logistics.normal_pdf(20),         5.5209483621597631896e-88),
  ('cdf(-37.5)',       logistics.normal_cdf(-37.5),      4.6053530095819548438e-308),
  ('cdf(-10)',         logistics.normal_cdf(-10),        7.619853024160526066e-24),
  ('cdf(1.5)',         logistics.normal_cdf(1.5),        0.933192798731141934),
  ('sf(8)',            logistics.normal_sf(8),           6.2209605742717841235e-16),
  ('sf(20)',           logistics.normal_sf(20),          2.7536241186062336951e-89),
  ('quantile(1e-300)', logistics.normal_quantile(1e-300), -37.047096299361199237),  -- R -37.047096299361201
  ('quantile(5e-324)', logistics.normal_quantile(4.9406564584124654e-324), -38.467405617144346251),
  ('quantile(0.975)',  logistics.normal_quantile(0.975), 1.9599639845400538556),
  ('quantile(0.5+1e-12)', logistics.normal_quantile(0.500000000001), 2.5065728237018604669e-12),
  ('loss(10)',         logistics.normal_loss(10),        7.4745602545893280366e-25),
  ('loss(30)',         logistics.normal_loss(30),        1.6319567340914011894e-199)
) AS t(name, got, want);

-- mean/sd forms: 95th percentile of N(100, 20^2) = 100 + 20 * 1.6448536269514722843;
-- P(X <= 130) = Phi(1.5); density phi(1.5)/20 = 0.129517595665891727614/20
SELECT pg_temp.close(logistics.normal_quantile(0.95, 100, 20), 132.89707253902945645, 1e-14) AS q,
       pg_temp.close(logistics.normal_cdf(130, 100, 20), 0.933192798731141934, 1e-14) AS c,
       pg_temp.close(logistics.normal_pdf(130, 100, 20), 0.129517595665891727614 / 20, 1e-14) AS d;

-- the check itself can fail: a value 1e-7 off is rejected
SELECT pg_temp.close(logistics.normal_cdf(1.5), 0.9331929, 1e-9) AS must_be_false;

-- exact points
SELECT logistics.normal_cdf(0) AS half, logistics.normal_quantile(0.5) AS zero,
       logistics.normal_sf(-40) AS one, logistics.normal_cdf(-40) AS underflow;

-- NULL in, NULL out
SELECT logistics.normal_cdf(NULL) IS NULL AS strict;

-- bad input: SQLSTATE 22023
\set VERBOSITY sqlstate
SELECT logistics.normal_quantile(0);
SELECT logistics.normal_quantile(1);
SELECT logistics.normal_quantile('NaN');
SELECT logistics.normal_quantile(0.5, 0, 0);
SELECT logistics.normal_cdf('Infinity');
SELECT logistics.normal_loss('NaN');
SELECT logistics.normal_loss(1, 0, -1);
\set VERBOSITY default
SELECT logistics.normal_quantile(1.5);
SELECT logistics.normal_pdf(1, 0, 0);
SELECT logistics.normal_sf('-Infinity');
