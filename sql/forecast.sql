--
-- Forecasting: logistics.forecast, forecast_table, forecast_fit,
-- forecast_predict, forecast_predict_array, forecast_model_json and the
-- forecast_model type.
--
-- Expected values come from R 4.2 with forecast 8.20 run on this machine
-- (the R call is in the comment, values printed with digits = 15), from the
-- M4 competition's published benchmark code run in R, or from hand
-- calculations written out in the comments.  Values that depend on a
-- numerical optimiser (ses, holt, damped, theta, ets) are compared with
-- R's 15 printed digits to 1e-12 relative where we agree that far
-- (pg_temp.vs_r), else rounded to the digits where our optimum and R's
-- agree; closed-form ones are shown to 10 decimals.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;

-- Errors are shown as SQLSTATE: message
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE s (name text PRIMARY KEY, y float8[], m int);
INSERT INTO s VALUES
	('A', '{1,3,2,5,4}', 1),
	('B', '{1,3,2,5,4,6,3,7,6}', 4),
	-- quarterly, strongly seasonal
	('C', '{10,20,30,15,12,23,33,17,13,25,36,19,15,27,39,21}', 4),
	-- yearly with a trend
	('D', '{12,15,14,18,21,20,24,27,26,30}', 1),
	-- intermittent
	('E', '{0,0,3,0,1,0,0,2,0,0,4,0}', 1);

-- The helpers take the level in percent, as R prints it; forecast_table
-- takes a fraction.
CREATE FUNCTION pg_temp.tab(name text, h int, method text, level float8 DEFAULT 95,
							digits int DEFAULT 10)
RETURNS TABLE (step int, point numeric, lower numeric, upper numeric)
LANGUAGE sql AS $$
	SELECT step, round(point::numeric, digits), round(lower::numeric, digits),
		   round(upper::numeric, digits)
	FROM s, logistics.forecast_table(s.y, h, method, s.m, level / 100)
	WHERE s.name = tab.name
$$;

-- true when every forecast and bound agrees with R's (printed to 15
-- digits in the comments) to 1e-12 relative; used where we agree to 12
-- digits, instead of rounding to 3 decimals
CREATE FUNCTION pg_temp.vs_r(name text, h int, method text, level float8,
							 mean float8[], lo float8[], hi float8[])
RETURNS boolean
LANGUAGE sql AS $$
	SELECT count(*) = h AND bool_and(abs(f.point / mean[f.step] - 1) < 1e-12 AND
									 abs(f.lower / lo[f.step] - 1) < 1e-12 AND
									 abs(f.upper / hi[f.step] - 1) < 1e-12)
	FROM s, logistics.forecast_table(s.y, h, method, s.m, level / 100) f
	WHERE s.name = vs_r.name
$$;

--
-- naive: R  f <- naive(c(1,3,2,5,4), h = 3, level = 95)
--   mean 4 4 4; lower 0.204546064355021 -1.36758243115147 -2.57391905432436
--   upper 7.79545393564498 9.36758243115147 10.5739190543244
-- (sigma2 = mean of the squared differences (4+1+9+1)/4 = 3.75;
--  bound = 4 -+ 1.959964 sqrt(3.75 h))
--
SELECT * FROM pg_temp.tab('A', 3, 'naive');
SELECT logistics.forecast('{1,3,2,5,4}', 3, 'naive');

--
-- snaive: R  snaive(ts(c(1,3,2,5,4,6,3,7,6), frequency = 4), h = 6, level = 80)
--   mean 6 3 7 6 6 3
--   lower 3.0219432776038309 0.0219432776038309 4.0219432776038309
--         3.0219432776038309 1.7883917936709697 -1.2116082063290303
--   upper 8.97805672239617 5.97805672239617 9.97805672239617
--         8.97805672239617 10.21160820632903 7.21160820632903
-- (the last season 6 3 7 6 repeats; the seasonal differences are
--  3 3 1 2 2, sigma2 = (9+9+1+4+4)/5 = 5.4, se = sqrt(5.4 ceil(h/4)),
--  z(0.9) = 1.2815516: 6 -+ 2.9780567 for h <= 4)
--
SELECT * FROM pg_temp.tab('B', 6, 'snaive', 80);

--
-- mean: R  meanf(c(1,3,2,5,4), h = 2, level = 95)
--   mean 3 3; lower -1.80894398662849; upper 7.80894398662849
-- (3 -+ qt(0.975, 4) sd sqrt(1 + 1/5) = 3 -+ 2.776445 1.581139 1.095445)
--
SELECT * FROM pg_temp.tab('A', 2, 'mean');

--
-- naive2: the M4 benchmark code (SeasonalityTest, decompose, naive on the
-- adjusted series times the last seasonal indices) in R:
--   seasonality test on C: |r_4| = 0.704267802604083 > 0.56417731586952
--   decompose(C, "multiplicative")$figure
--     0.591902194821787 1.081766752633719 1.548614796095465 0.777716256449029
--   naive(C / seasonal, h = 5, level = 95) * SIout:
--   mean  15.9826234673444 29.2100127995678 41.8159070847919 21 15.9826234673444
--   lower 14.9167273926976 26.4550639497472 36.9856644806964
--         18.1989808039564 13.5992073874838
--   upper 17.0485195419913 31.9649616493884 46.6461496888873
--         23.8010191960436 18.3660395472051
--
SELECT * FROM pg_temp.tab('C', 5, 'naive2');
SELECT round(x::numeric, 12) AS seasonal_index
FROM jsonb_array_elements_text(logistics.forecast_model_json(
	logistics.forecast_fit((SELECT y FROM s WHERE name = 'C'), 'naive2', 4))
	-> 'seasonal_indices') AS x;
-- naive2 of a non-seasonal or yearly series is naive
SELECT logistics.forecast(y, 3, 'naive2', m) = logistics.forecast(y, 3, 'naive', 1)
	AS naive2_is_naive
FROM s WHERE name IN ('A', 'D');

--
-- theta: R  thetaf(C, h = 5, level = 95) (seasonal: thetaf's test is
-- |r_4| / sqrt((1 + 2 sum r_1..3^2) / n) > qnorm(0.95))
--   mean  16.1562453749969 29.8448043198656 43.1791391206769
--         21.9128619557992 16.8510941912827
--   lower 14.2921859911782 27.2087581224359 39.9507088947677
--         18.1850229179456 12.6832642930351
--   upper 18.0203047588156 32.4808505172952 46.4075693465862
--         25.6407009936528 21.0189240895302
-- R  thetaf(D, h = 3, level = 95)
--   mean  30.9724231920550 31.9451504647823 32.9178777375096
--   lower 24.8524135173560 23.2905844832296 22.3184199098803
--   upper 37.0924328667540 40.5997164463350 43.5173355651388
--
-- (re-run in this session with forecast 8.20: the same 15 digits; we agree
-- to better than 1e-12 relative, so compared with that tolerance)
SELECT pg_temp.vs_r('C', 5, 'theta', 95,
	'{16.1562453749969,29.8448043198656,43.1791391206769,21.9128619557992,16.8510941912827}',
	'{14.2921859911782,27.2087581224359,39.9507088947677,18.1850229179456,12.6832642930351}',
	'{18.0203047588156,32.4808505172952,46.4075693465862,25.6407009936528,21.0189240895302}')
	AS theta_seasonal_as_r;
SELECT pg_temp.vs_r('D', 3, 'theta', 95,
	'{30.9724231920550,31.9451504647823,32.9178777375096}',
	'{24.8524135173560,23.2905844832296,22.3184199098803}',
	'{37.0924328667540,40.5997164463350,43.5173355651388}') AS theta_as_r;

--
-- ses, holt, damped (R's ses() and holt(): ETS fitted by one-step MSE)
-- R  ses(D, h = 3, level = 95)
--   mean 29.9995981955119; lower 23.8795885208129 21.3450322139591
--   19.4001403678826; upper 36.1196078702108 38.6541641770646 40.5990560231411
-- R  holt(D, h = 3, level = 95)
--   mean  31.3830520808079 33.3250664379332 35.2670807950585
--   lower 28.4043874047307 30.3464017022730 32.2884159253416
--   upper 34.3617167568850 36.3037311735934 38.2457456647755
-- R  holt(D, h = 3, damped = TRUE, level = 95)
--   mean  30.7276054231667 32.3820356046721 34.0033771220541
--   lower 27.3350184024628 28.9894484447971 30.6107896552698
--   upper 34.1201924438706 35.7746227645471 37.3959645888385
--
SELECT pg_temp.vs_r('D', 3, 'ses', 95,
	'{29.9995981955119,29.9995981955119,29.9995981955119}',
	'{23.8795885208129,21.3450322139591,19.4001403678826}',
	'{36.1196078702108,38.6541641770646,40.5990560231411}') AS ses_as_r;
SELECT pg_temp.vs_r('D', 3, 'holt', 95,
	'{31.3830520808079,33.3250664379332,35.2670807950585}',
	'{28.4043874047307,30.3464017022730,32.2884159253416}',
	'{34.3617167568850,36.3037311735934,38.2457456647755}') AS holt_as_r;
SELECT pg_temp.vs_r('D', 3, 'damped', 95,
	'{30.7276054231667,32.3820356046721,34.0033771220541}',
	'{27.3350184024628,28.9894484447971,30.6107896552698}',
	'{34.1201924438706,35.7746227645471,37.3959645888385}') AS damped_as_r;

--
-- comb (M4): mean of ses, holt and damped on the adjusted series; D is
-- yearly, so the mean of the three forecasts above:
--   (29.9995981955119 + 31.3830520808079 + 30.7276054231667) / 3
--   = 30.7034185664955, then 31.9022334127057, 33.0900187042082
-- and no interval (M4 defines none).
--
SELECT * FROM pg_temp.tab('D', 3, 'comb', 95, 3);

--
-- auto = ets(): R  ets(C) chooses ETS(M,A,M), AICc 63.3258837235351,
-- forecast(ets(C), h = 5, level = 95):
--   mean  15.9197322036337 30.0606184033955 43.5761647160124
--         22.5341336663868 17.2892803291290
--   lower 15.0543242871348 28.4265018630064 41.2073333782712
--         21.3091620180266 16.3494224998454
--   upper 16.7851401201326 31.6947349437845 45.9449960537537
--         23.7591053147470 18.2291381584125
-- R  ets(D) chooses ETS(A,A,N), forecast(h = 3, level = 95):
--   mean  31.3830489145248 33.3250630986344 35.2670772827439
--   lower 28.4043842140291 30.3463983385456 32.2884123885806
--   upper 34.3617136150206 36.3037278587232 38.2457421769073
--
SELECT pg_temp.vs_r('C', 5, 'auto', 95,
	'{15.9197322036337,30.0606184033955,43.5761647160124,22.5341336663868,17.2892803291290}',
	'{15.0543242871348,28.4265018630064,41.2073333782712,21.3091620180266,16.3494224998454}',
	'{16.7851401201326,31.6947349437845,45.9449960537537,23.7591053147470,18.2291381584125}') AS auto_c_as_r;
SELECT pg_temp.vs_r('D', 3, 'auto', 95,
	'{31.3830489145248,33.3250630986344,35.2670772827439}',
	'{28.4043842140291,30.3463983385456,32.2884123885806}',
	'{34.3617136150206,36.3037278587232,38.2457421769073}') AS auto_d_as_r;
-- AICc of the chosen models: R  ets(C)$aicc = 63.3258837235 (ETS(M,A,M)),
--   ets(D)$aicc = 51.2885749958 (ETS(A,A,N)); forecast 8.20
SELECT j->'ets'->0->>'model' AS model, round((j->>'aicc')::numeric, 4) AS aicc
FROM s, logistics.forecast_model_json(logistics.forecast_fit(s.y, 'auto', s.m)) AS j
WHERE s.name IN ('C', 'D') ORDER BY s.name;
-- an explicit model: R  ets(C, model = "MAM", damped = FALSE), 80%:
--   the same model as chosen above, so the same means;
--   lower 15.3538723822431 28.9921270295046 42.0272691580638
--         21.7331677577851 16.6747403263491
--   upper 16.4855920250243 31.1291097772864 45.1250602739611
--         23.3350995749885 17.9038203319088
SELECT pg_temp.vs_r('C', 5, 'ets:MAM', 80,
	'{15.9197322036337,30.0606184033955,43.5761647160124,22.5341336663868,17.2892803291290}',
	'{15.3538723822431,28.9921270295046,42.0272691580638,21.7331677577851,16.6747403263491}',
	'{16.4855920250243,31.1291097772864,45.1250602739611,23.3350995749885,17.9038203319088}') AS mam_80_as_r;
-- parameters and states of the chosen model in the jsonb form
SELECT jsonb_object_keys(logistics.forecast_model_json(
	logistics.forecast_fit(y, 'auto', m)) -> 'parameters') AS parameter
FROM s WHERE name = 'C';
SELECT jsonb_object_keys(logistics.forecast_model_json(
	logistics.forecast_fit(y, 'auto', m)) -> 'states') AS state
FROM s WHERE name = 'C';
-- a multiplicative trend has simulated intervals: seeded, so repeatable
SELECT count(*) AS steps,
	   bool_and(a.lower < a.point AND a.point < a.upper) AS ordered,
	   bool_and(a.lower = b.lower AND a.upper = b.upper) AS repeatable
FROM s, logistics.forecast_table(s.y, 4, 'ets:MMN', 1, 0.9) a
	 JOIN logistics.forecast_table(s.y, 4, 'ets:MMN', 1, 0.9) b USING (step)
WHERE s.name = 'D';
SELECT logistics.forecast(y, 5, 'MAM', 4) = logistics.forecast(y, 5, 'ets:MAM', 4)
	AS same_model_string
FROM s WHERE name = 'C';

--
-- Fixed smoothing parameters (the initial states are still estimated):
-- R  ets(D, model = "AAN", damped = FALSE, alpha = 0.3, beta = 0.1)
--   l0 = 10.00841107745902, b0 = 1.92260560435427, loglik -15.115570018894
--   forecast(h = 3, level = 95):
--   mean  31.4300822009770 33.3937139444730 35.3573456879691
--   lower 27.8023657802724 29.4865437846645 31.0496711105479
--   upper 35.0577986216816 37.3008841042816 39.6650202653903
-- R  ses(D, alpha = 0.3, h = 2): l0 = 16.220390625, mean 25.2421085782674
--
SELECT step, round(point::numeric, 4) AS point, round(lower::numeric, 4) AS lower,
	   round(upper::numeric, 4) AS upper
FROM s, logistics.forecast_table(s.y, 3, 'ets:AAN', 1, 0.95, '{"alpha": 0.3, "beta": 0.1}')
WHERE s.name = 'D';
SELECT round((j->'ets'->0->'init_state'->>0)::numeric, 4) AS l0,
	   round((j->'ets'->0->'init_state'->>1)::numeric, 4) AS b0,
	   round((j->>'loglik')::numeric, 4) AS loglik, j->'fixed' AS fixed
FROM s, logistics.forecast_model_json(
	logistics.forecast_fit(s.y, 'ets:AAN', 1, '{"alpha": 0.3, "beta": 0.1}')) AS j
WHERE s.name = 'D';
SELECT round(f::numeric, 4) AS ses_alpha_03
FROM s, unnest(logistics.forecast(s.y, 2, 'ses', 1, '{"alpha": 0.3}')) AS f
WHERE s.name = 'D';

--
-- Intermittent demand, E = 0 0 3 0 1 0 0 2 0 0 4 0 (demands 3, 1, 2, 4 at
-- periods 3, 5, 8, 11; intervals 3, 2, 3, 3).
--
-- croston, alpha = 0.1: R  croston(E, alpha = 0.1)$mean = 0.975676601575882.
-- By hand: sizes 3 -> 2.8 -> 2.72 -> 2.848; intervals 3 -> 2.9 -> 2.91
-- -> 2.919; 2.848 / 2.919 = 0.975676601575882.
-- sba, alpha = 0.1: 0.95 times that = 0.926892771497088.
--
SELECT logistics.forecast(y, 2, 'croston', 1, '{"alpha": 0.1}') AS croston,
	   logistics.forecast(y, 2, 'sba', 1, '{"alpha": 0.1}') AS sba
FROM s WHERE name = 'E';

--
-- tsb, alpha = beta = 0.1: probability starts at 4/12, size at 3 (the first
-- demand).  Per period the probability moves 10% towards 1 (demand) or 0:
--   1/3 -> .3 -> .27 -> .343 -> .3087 -> .37783 -> .340047 -> .3060423
--   -> .37543807 -> .337894263 -> .3041048367 -> .37369435303
--   -> .336324917727
-- size (updated with demand only): 3 -> 3 -> 2.8 -> 2.72 -> 2.848
-- forecast .336324917727 * 2.848 = 0.957853365686496
--
SELECT logistics.forecast(y, 2, 'tsb', 1, '{"alpha": 0.1, "beta": 0.1}') AS tsb
FROM s WHERE name = 'E';

--
-- adida: k = round(mean interval 11/4 = 2.75) = 3; bucket totals aligned on
-- the last period: 3 1 2 4; SES with alpha = 0.2 from the first total:
-- 3 -> 2.6 -> 2.48 -> 2.784; per period 2.784 / 3 = 0.928.
-- With k = 4: totals 3 3 4 -> 3 -> 3 -> 3.2; 3.2 / 4 = 0.8.
--
SELECT logistics.forecast(y, 2, 'adida', 1, '{"alpha": 0.2}') AS adida_k3,
	   logistics.forecast(y, 2, 'adida', 1, '{"alpha": 0.2, "k": 4}') AS adida_k4
FROM s WHERE name = 'E';

-- intermittent methods give no interval
SELECT * FROM pg_temp.tab('E', 2, 'croston');

-- default (estimated) parameters stay in [0.01, 0.3]
SELECT j->>'method' AS method,
	   (j->'parameters'->>'alpha')::float8 BETWEEN 0.01 AND 0.3 AS alpha_in_range,
	   coalesce((j->'parameters'->>'beta')::float8 BETWEEN 0.01 AND 0.3, true)
		AS beta_in_range
FROM s, unnest(ARRAY['croston', 'sba', 'tsb', 'adida']) AS meth,
	 logistics.forecast_model_json(logistics.forecast_fit(s.y, meth, 1)) AS j
WHERE s.name = 'E';

-- no demand at all: zero forecasts
SELECT logistics.forecast('{0,0,0,0}', 2, meth) AS zero
FROM unnest(ARRAY['croston', 'sba', 'tsb', 'adida']) AS meth;

--
-- Stored models: forecast_fit + forecast_predict give what forecast_table
-- gives, the text form reads back to the same model, and the jsonb form
-- names method, parameters and fallback.
--
SELECT bool_and(p.point = t.point AND p.lower IS NOT DISTINCT FROM t.lower
				AND p.upper IS NOT DISTINCT FROM t.upper) AS predict_matches
FROM s, unnest(ARRAY['naive', 'snaive', 'naive2', 'mean', 'ses', 'holt', 'damped',
					 'comb', 'theta', 'ets', 'croston', 'sba', 'tsb', 'adida',
					 'auto']) AS meth,
	 LATERAL logistics.forecast_predict(logistics.forecast_fit(s.y, meth, s.m), 7, 0.9) p
	 JOIN LATERAL logistics.forecast_table(s.y, 7, meth, s.m, 0.9) t USING (step)
WHERE s.name IN ('C', 'E');

SELECT bool_and(logistics.forecast_predict_array(logistics.forecast_fit(s.y, meth, s.m), 5)
				= logistics.forecast(s.y, 5, meth, s.m)) AS predict_array_matches
FROM s, unnest(ARRAY['naive', 'snaive', 'naive2', 'mean', 'ses', 'holt', 'damped',
					 'comb', 'theta', 'ets', 'croston', 'sba', 'tsb', 'adida',
					 'auto']) AS meth;

-- text round trip is exact, for every method
SELECT bool_and(f::text::logistics.forecast_model::text = f::text) AS text_round_trip,
	   bool_and(logistics.forecast_predict_array(f::text::logistics.forecast_model, 9)
				= logistics.forecast_predict_array(f, 9)) AS same_forecasts
FROM s, unnest(ARRAY['naive', 'snaive', 'naive2', 'mean', 'ses', 'holt', 'damped',
					 'comb', 'theta', 'ets', 'croston', 'sba', 'tsb', 'adida',
					 'auto']) AS meth,
	 logistics.forecast_fit(s.y, meth, s.m) AS f;

-- a model stored in a table
CREATE TEMP TABLE models AS
SELECT name, logistics.forecast_fit(y, 'snaive', m) AS model FROM s;
SELECT name, logistics.forecast_predict_array(model, 3) FROM models ORDER BY name;

-- the text form of small models
SELECT logistics.forecast_fit('{1,3,2,5,4}', 'naive');
SELECT logistics.forecast_fit('{1,3,2,5,4}', 'mean');
-- mse, the mean squared one-step error from the period after the first
-- demand (the first demand and its interval start the estimates): croston
-- fitted z/x = 1 1 0.9655 0.9655 0.9655 0.9347 0.9347 0.9347 0.9757 at
-- periods 4..12 gives 1.781102206830423; tsb fitted p*z = 1 0.9 0.81 1.029
-- 0.9261 1.0579 0.9521 0.8569 1.0212 0.9191 0.8272 1.0643 over all 12
-- periods gives 2.007491481965581 (both recursions written out in R; R's
-- croston() starts its fitted values at the first period and so differs)
SELECT logistics.forecast_fit('{0,0,3,0,1,0,0,2,0,0,4,0}', 'croston', 1, '{"alpha": 0.1}');
SELECT logistics.forecast_fit('{0,0,3,0,1,0,0,2,0,0,4,0}', 'tsb', 1,
							  '{"alpha": 0.1, "beta": 0.1}');

--
-- Fallbacks, recorded in the model
--
SELECT meth, y, m, j->>'method' AS used, j->>'fallback' AS fallback,
	   logistics.forecast(y::float8[], 2, meth, m) AS forecast
FROM (VALUES ('snaive', '{1,2,3}', 4),	-- shorter than a season: naive
			 ('theta', '{5}', 1),		-- no trend line from one value: naive
			 ('holt', '{5}', 1),
			 ('damped', '{5}', 1),
			 ('comb', '{5}', 1),
			 ('naive2', '{1,2,3,-4,1,2,3,-4,1,2,3,-4}', 4)) AS v(meth, y, m),
	 logistics.forecast_model_json(logistics.forecast_fit(y::float8[], meth, m)) AS j;
-- ets on a short series: R fits Holt-Winters by least squares
SELECT j->'ets'->0->>'fallback' AS ets_fallback, j->>'fallback' AS fallback
FROM logistics.forecast_model_json(logistics.forecast_fit('{3,5,4}', 'ets:AAN')) AS j;
-- a constant series
SELECT logistics.forecast('{7,7,7,7,7,7}', 2, meth) AS constant
FROM unnest(ARRAY['naive', 'mean', 'ses', 'theta', 'auto']) AS meth;

--
-- Bad input
--
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 10001)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{}', 3)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,NULL,3}', 3)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,NaN,3}', 3)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,Infinity,3}', 3)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{{1,2},{3,4}}', 3)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'prophet')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'ets:XYZ')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'naive', 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'naive', 10001)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,-2,3}', 3, 'MNN')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,0,3,4,5,6,7,8,9}', 3, 'ets:AAM', 4)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,-2,3}', 3, 'croston')$$);
SELECT pg_temp.err($$SELECT logistics.forecast_table('{1,2,3}', 3, 'naive', 1, 1)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_table('{1,2,3}', 3, 'naive', 1, 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'tsb', 1, '{"alpha": 1.5}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'tsb', 1, '{"delta": 0.5}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'tsb', 1, '{"alpha": "x"}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'tsb', 1, '[0.1]')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'adida', 1, '{"k": 1.5}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'naive', 1, '{"alpha": 0.5}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 3, 'croston', 1, '{"beta": 0.5}')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_predict(logistics.forecast_fit('{1,2,3}', 'naive'), 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{1,2,3}', 'naive'), 20000)$$);
-- malformed model text
SELECT pg_temp.err($$SELECT 'not json'::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT '[1]'::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT '{"format": 1}'::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{1,2,3}', 'naive')::text,
	'"n": 3', '"n": 0')::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{1,2,3}', 'naive')::text,
	'"mse"', '"extra": 1, "mse"')::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{0,1,0,2}', 'tsb')::text,
	'"probability": ', '"probability": 1')::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{1,2,3,4,5}', 'ses')::text,
	'"model": "ANN"', '"model": "AXN"')::logistics.forecast_model$$);

-- NULL arguments give NULL (STRICT)
SELECT logistics.forecast(NULL, 3) IS NULL AS null_series,
	   logistics.forecast('{1,2}', NULL) IS NULL AS null_horizon,
	   logistics.forecast_fit(NULL) IS NULL AS null_fit;
