--
-- Forecasting with regressors: regression with ARIMA errors (R's
-- Arima(xreg =), auto.arima(xreg =)) and the calendar helpers.
--
-- Expected numbers from R 4.2.2 with forecast 8.20 on R's Seatbelts data
-- (UK car drivers killed or seriously injured per month 1969-1984; the
-- petrol price and the seat-belt law of 31 January 1983 as regressors),
-- fitted on the first 180 months, forecast for the last 12:
--   y <- ts(Seatbelts[, "drivers"], frequency = 12)
--   X <- Seatbelts[, c("PetrolPrice", "law")]; tr <- 1:180; te <- 181:192
--   f2 <- Arima(ts(y[tr], frequency = 12), order = c(1,0,0),
--               seasonal = c(1,0,0), xreg = X[tr, ])
--     ar1 0.356147535975344, sar1 0.669017056150143,
--     intercept 2204.870351188492350, PetrolPrice -4872.135429013199428,
--     law -360.583697793260171, loglik -1163.483009
--   forecast(f2, xreg = X[te, ], level = 95): mean 1142.37910953545
--     1121.77520428828 1227.73029578372, lower 839.991725170999
--     800.782618299786 904.454319385450, upper 1444.76649389990
--     1442.76779027678 1551.00627218199
--   auto.arima(ts(y[tr], frequency = 12), xreg = X[tr, ]): regression with
--     ARIMA(1,0,3)(0,1,1)[12] errors; MASE on the last 12 months 0.7417
--     (seasonal naive scale of the training data); auto.arima without
--     regressors: ARIMA(1,1,2)(0,1,1)[12], MASE 1.4202.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS logistics CASCADE;
RESET client_min_messages;
SET extra_float_digits = 0;
CREATE TEMP TABLE sb AS
SELECT '{1687,1508,1507,1385,1632,1511,1559,1630,1579,1653,2152,2148,1752,1765,1717,1558,1575,1520,
  1805,1800,1719,2008,2242,2478,2030,1655,1693,1623,1805,1746,1795,1926,1619,1992,2233,2192,
  2080,1768,1835,1569,1976,1853,1965,1689,1778,1976,2397,2654,2097,1963,1677,1941,2003,1813,
  2012,1912,2084,2080,2118,2150,1608,1503,1548,1382,1731,1798,1779,1887,2004,2077,2092,2051,
  1577,1356,1652,1382,1519,1421,1442,1543,1656,1561,1905,2199,1473,1655,1407,1395,1530,1309,
  1526,1327,1627,1748,1958,2274,1648,1401,1411,1403,1394,1520,1528,1643,1515,1685,2000,2215,
  1956,1462,1563,1459,1446,1622,1657,1638,1643,1683,2050,2262,1813,1445,1762,1461,1556,1431,
  1427,1554,1645,1653,2016,2207,1665,1361,1506,1360,1453,1522,1460,1552,1548,1827,1737,1941,
  1474,1458,1542,1404,1522,1385,1641,1510,1681,1938,1868,1726,1456,1445,1456,1365,1487,1558,
  1488,1684,1594,1850,1998,2079,1494,1057,1218,1168,1236,1076,1174,1139,1427,1487,1483,1513,
  1357,1165,1282,1110,1297,1185,1222,1284,1444,1575,1737,1763}'::float8[] AS y,
'{0.102971811805368,0.102362995884646,0.102062490635914,0.100873300511862,0.101019672891934,
  0.10058119170287,0.103773981457839,0.104076403554621,0.103773981457839,0.103026401330572,
  0.102730112155946,0.101997191539847,0.101274563494893,0.10070397563972,0.100139606658898,
  0.0986211043713023,0.0983492854059603,0.0980801772105387,0.0972792082183714,
  0.0974106238350488,0.0974252365245483,0.0963806330037465,0.0957389559626943,
  0.0951063062359475,0.0967359671470176,0.0961092224873678,0.095367254851379,
  0.0947095915871269,0.0941176202174608,0.0935321548190638,0.0929540494377308,
  0.0928397862431927,0.0927247362539862,0.0922696509793897,0.0917066851479679,
  0.0912620719433678,0.090711603254936,0.090276328119195,0.0899519176272147,0.0890996386561615,
  0.0886791925043499,0.0881592888670634,0.0889020568552906,0.0881813314444876,
  0.0889402929599117,0.0877266104275971,0.087428846437772,0.0870354301608856,
  0.0864499193294655,0.0858726409121568,0.0853982218357345,0.083821981233605,
  0.0845907801489325,0.0841369037739444,0.0837784051341314,0.0835107427259604,
  0.0828063938633846,0.0811788933269884,0.0828536069623417,0.0941901186933595,
  0.0923998429510411,0.108161478199019,0.10721168869023,0.114042966782082,0.112454115810183,
  0.111316253290611,0.11030125221242,0.108197177376865,0.107027443082328,0.104946980916917,
  0.119357749193208,0.117621904277373,0.133027420877451,0.130845243689729,0.128318477474772,
  0.123547448292297,0.118586811514179,0.116337480161004,0.11516147558196,0.114501197216867,
  0.113522979499817,0.111930179432996,0.110610528503361,0.11527438914664,0.113793485966034,
  0.112349582098189,0.111753469387189,0.109642522576533,0.10844089510559,0.107884938936114,
  0.109084769191454,0.107571450111271,0.106164022368002,0.106299999323319,0.104825313000088,
  0.103451745711815,0.101449920129493,0.100402316427863,0.098862033680192,0.102496154313521,
  0.103027431599736,0.102178908220655,0.0998366428726473,0.0926366895833353,0.0918149629077569,
  0.090724303768407,0.0900212072768793,0.0893307058230937,0.0884427348717763,
  0.0883525692744791,0.0867573619308237,0.0849952420449752,0.0845679437213488,
  0.0844318988774436,0.0843508831482932,0.0836009830491076,0.0834172630524962,
  0.0827451397987249,0.0852352669035281,0.0847703028296526,0.0844589214084587,
  0.085352119244763,0.0875592125175749,0.0903829170614837,0.0907832937355188,0.108742780219868,
  0.114142227335262,0.112992933231466,0.111320706029796,0.109126229280665,0.107698459343112,
  0.107601574334496,0.103775019202843,0.107114170431059,0.107374774370757,0.111695372689559,
  0.110638184592354,0.111855211329895,0.109742342683337,0.108193931510232,0.106255362697951,
  0.104193034427699,0.101933972880902,0.102793824574291,0.10476034144929,0.104002535534347,
  0.116655515402424,0.11516147558196,0.112989543494316,0.113860643932406,0.119118081064489,
  0.124489986005886,0.123222945411622,0.12067793212866,0.121048982651421,0.116968571491487,
  0.112750259392875,0.108079306704711,0.108838515984019,0.111291766408542,0.111304009176187,
  0.115454357532553,0.114768296055692,0.117207430931122,0.119076397031248,0.117965862171995,
  0.117449127100423,0.116988457838933,0.11261053571781,0.113657015681422,0.113144445252379,
  0.118495534815352,0.117969401200945,0.1176866141183,0.120059238961094,0.119437745680998,
  0.118881271786551,0.118462360710195,0.118016598400236,0.117706622543368,0.117776089941536,
  0.114796991716514,0.11573525277085,0.115356263024722,0.114815360704668,0.114777477886645,
  0.114935980147534,0.114796991716514,0.114093156728444,0.116465521799171,0.116026113132354,
  0.116066729379379}'::float8[] AS petrol;
CREATE TEMP TABLE sbx AS
SELECT y[1:180] AS y_train, y[181:192] AS y_test,
	   (SELECT array_agg(ARRAY[petrol[i], CASE WHEN i > 169 THEN 1 ELSE 0 END]
						 ORDER BY i) FROM generate_series(1, 180) i) AS x_train,
	   (SELECT array_agg(ARRAY[petrol[i], 1] ORDER BY i)
		FROM generate_series(181, 192) i) AS x_test
FROM sb;
SELECT array_dims(x_train) AS x_train, array_dims(x_test) AS x_test FROM sbx;

-- (1,0,0)(1,0,0)[12] with intercept and two regressors (R rotates them by
-- their SVD): coefficients and forecasts as R's (to 1e-6 relative)
SELECT key AS coefficient,
	   abs(value::float8 / r.v - 1) < 1e-6 AS as_r
FROM sbx,
	 jsonb_each(logistics.forecast_model_json(
		 logistics.forecast_fit(y_train, 'arima(1,0,0)(1,0,0)', 12, NULL, x_train))
		 -> 'arima' -> 'coefficients')
	 JOIN (VALUES ('ar1', 0.356147535975344), ('sar1', 0.669017056150143),
				  ('intercept', 2204.870351188492350),
				  ('xreg1', -4872.135429013199428),
				  ('xreg2', -360.583697793260171)) r(k, v) ON r.k = key
ORDER BY key;
SELECT step, abs(point / r.mean - 1) < 1e-6 AS point_as_r,
	   abs(lower / r.lo - 1) < 1e-6 AS lower_as_r,
	   abs(upper / r.hi - 1) < 1e-6 AS upper_as_r
FROM sbx,
	 logistics.forecast_table(y_train, 3, 'arima(1,0,0)(1,0,0)', 12, 0.95,
							  x_train, x_test[1:3])
	 JOIN (VALUES (1, 1142.37910953545, 839.991725170999, 1444.76649389990),
				  (2, 1121.77520428828, 800.782618299786, 1442.76779027678),
				  (3, 1227.73029578372, 904.454319385450, 1551.00627218199))
		 r(s, mean, lo, hi) ON r.s = step
ORDER BY step;

-- the same through a stored model
SELECT count(*) AS steps,
	   bool_and(abs(p.point - t.point) < 1e-9 * abs(t.point)) AS same_points
FROM sbx,
	 logistics.forecast_predict(logistics.forecast_fit(y_train, 'arima(1,0,0)(1,0,0)',
													   12, '{}', x_train),
								12, 0.95, x_test) p
	 JOIN logistics.forecast_table(y_train, 12, 'arima(1,0,0)(1,0,0)', 12, 0.95,
								   x_train, x_test) t USING (step);

-- automatic: the orders R chooses, and the regressors pay on the held-back
-- year (MASE with the seasonal naive scale of the training data)
WITH f AS (
	SELECT y_test,
		   logistics.forecast(y_train, 12, 'arima', 12, x_train, x_test) AS with_x,
		   logistics.forecast(y_train, 12, 'arima', 12) AS without_x,
		   (SELECT avg(abs(y_train[i] - y_train[i - 12]))
			FROM generate_series(13, 180) i) AS scale,
		   logistics.forecast_model_json(
			   logistics.forecast_fit(y_train, 'arima', 12, NULL, x_train))
			   -> 'arima' ->> 'model' AS model
	FROM sbx)
SELECT model,
	   round(((SELECT avg(abs(y_test[i] - with_x[i])) FROM generate_series(1, 12) i)
			  / scale)::numeric, 4) AS mase_with_regressors,
	   round(((SELECT avg(abs(y_test[i] - without_x[i])) FROM generate_series(1, 12) i)
			  / scale)::numeric, 4) AS mase_without
FROM f;

-- a GROUP BY fit with a promotions column: two SKUs whose promotions add 40
-- units to a trend and a wave (the second column)
WITH d AS (
	SELECT sku, t,
		   CASE WHEN t % 5 = 0 THEN 1 ELSE 0 END AS promo,
		   100 + 10 * sku + 0.5 * t + 8 * sin(t) + 40 * (CASE WHEN t % 5 = 0 THEN 1 ELSE 0 END) AS qty
	FROM generate_series(1, 2) sku, generate_series(1, 60) t)
SELECT sku,
	   round((logistics.forecast_model_json(
		   logistics.forecast_fit(array_agg(qty ORDER BY t), 'arima(1,0,0)', 1, NULL,
								  array_agg(ARRAY[promo, sin(t)] ORDER BY t)))
		   -> 'arima' -> 'coefficients' ->> 'xreg1')::numeric, 1) AS promo_lift
FROM d GROUP BY sku ORDER BY sku;

-- errors
SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'arima', 1, '{1,2,3}', '{1,2}');
SELECT logistics.forecast('{3,1,4,1,5,9}', 2, 'arima', 1, '{1,0,0,1,0,1}', '{1,0,1}');
SELECT logistics.forecast('{3,1,4,1,5,9}', 2, 'arima', 1, '{{1,2},{2,1},{3,3},{4,1},{5,2},{6,0}}', '{1,2}');
SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'ets', 1, '{1,0,1,0,1,1}', '{1,0}');
SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'arima', 1, '{1,0,NaN,0,1,1}', '{1,0}');
SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'arima', 1, '{1,0,NULL,0,1,1}', '{1,0}');
SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'arima', 1, '{{{1}}}', '{1,0}');
-- a constant column (auto), a column collinear with the intercept and the
-- first (explicit orders)
SELECT logistics.forecast(y_train, 2, 'arima', 12,
						  (SELECT array_agg(ARRAY[1, x_train[i][2]] ORDER BY i)
						   FROM generate_series(1, 180) i),
						  '{{1,1},{1,1}}') FROM sbx;
SELECT logistics.forecast(y_train, 2, 'arima(1,0,0)', 1,
						  (SELECT array_agg(ARRAY[x_train[i][1], 2 * x_train[i][1] + 3]
											ORDER BY i)
						   FROM generate_series(1, 180) i),
						  '{{1,1},{1,1}}') FROM sbx;
SELECT * FROM sbx, logistics.forecast_predict(
	logistics.forecast_fit(y_train, 'arima(1,0,0)', 1, NULL, x_train), 2, 0.95,
	'{1,2}');
SELECT logistics.forecast_fit('{1,2,3,4,5,6}', 'arima', 1, '{"alpha": 0.1}', '{1,0,1,0,1,1}');
SELECT logistics.forecast_fit('{1,2,3,4,5,6}', 'arima', 1, NULL, NULL) IS NULL AS null_xreg;
-- the column bound: 40 regressors fit, 41 are refused (54000).  82 rows in
-- groups of two, group 0 the baseline, column j the 0/1 dummy of group j,
-- y = 10 + j -+ 1: with white-noise errors (0,0,0) maximum likelihood is
-- least squares, which for disjoint dummies is the group means (by hand:
-- intercept 10, coefficient of column j = (10 + j) - 10 = j)
CREATE TEMP TABLE wide AS
SELECT array_agg(10 + (i / 2) + CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END ORDER BY i)::float8[] AS y,
	   array_agg(ARRAY(SELECT CASE WHEN j = i / 2 THEN 1 ELSE 0 END
						 FROM generate_series(1, 40) j) ORDER BY i)::float8[] AS x40,
	   array_agg(ARRAY(SELECT CASE WHEN j = i / 2 THEN 1 ELSE 0 END
						 FROM generate_series(1, 41) j) ORDER BY i)::float8[] AS x41
FROM generate_series(0, 81) i;
SELECT count(*) AS coefficients,
	   bool_and(abs(value::float8 - CASE key WHEN 'intercept' THEN 10
									 ELSE substr(key, 5)::int END) < 1e-6) AS group_means
FROM wide, jsonb_each_text(logistics.forecast_model_json(
	logistics.forecast_fit(y, 'arima(0,0,0)', 1, NULL, x40)) -> 'arima' -> 'coefficients');
SELECT logistics.forecast_fit(y, 'arima(0,0,0)', 1, NULL, x41) FROM wide;

-- calendar helpers
SELECT d::date AS day,
	   logistics.holiday_indicator(d::date, '{2025-12-25,2026-01-01}', 2, 1) AS christmas_window
FROM generate_series('2025-12-21'::date, '2025-12-27', '1 day') d;
SELECT logistics.day_of_week_dummies('2026-12-07') AS monday,
	   logistics.day_of_week_dummies('2026-12-13') AS sunday;
-- R: fourier(ts(1:4, frequency = 12), K = 2)[1, ] = S1 0.5, C1 0.866, S2
-- 0.866, C2 0.5; with period 4 and K = 2 the second sine is dropped
SELECT ARRAY(SELECT round(v::numeric, 12)
			 FROM unnest(logistics.fourier_terms(1, 12, 2)) v) AS t1_p12,
	   logistics.fourier_terms(3, 4, 2) AS t3_p4;
SELECT logistics.fourier_terms(1, 12, 7);
SELECT logistics.fourier_terms(1, 1, 1);
SELECT logistics.holiday_indicator('2025-12-24', '{2025-12-25}', -1, 0);
-- level is a fraction, as in every forecast function (issue 16): 95 is refused
SELECT * FROM logistics.forecast_table('{12,15,11,30,14,16,13,33,15,17,14,35}', 2,
	'arima(0,0,0)', 1, 95, '{0,0,0,1,0,0,0,1,0,0,0,1}', '{0,1}');
