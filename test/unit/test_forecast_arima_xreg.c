/* unit: src/forecast/arima_kalman.c src/forecast/arima_filter.c src/forecast/arima_optim.c src/forecast/arima_fit.c src/forecast/arima_auto.c src/forecast/stl.c */
/*
 * Regression with ARIMA errors against R 4.2.2 with forecast 8.20
 * (Debian), on R's Seatbelts data (UK car drivers killed or seriously
 * injured per month, 1969-1984, with the petrol price and the seat-belt
 * law of 31 January 1983 as regressors), numbers printed with
 * options(digits = 15):
 *
 *   y <- Seatbelts[, "drivers"]; X <- Seatbelts[, c("PetrolPrice", "law")]
 *   Arima(y, order = c(1,0,0), seasonal = c(1,0,0), xreg = X)
 *	   (intercept and two regressors: R rotates them by their SVD)
 *	   ar1 0.370878014723172, sar1 0.667927504539885,
 *	   intercept 2199.072083120969182, PetrolPrice -4736.173307275986190,
 *	   law -316.489096657659275, s.e. 0.0731828837325808,
 *	   0.0561188631061153, 169.748796633106, 1574.86544176272,
 *	   65.8428327963381, loglik -1238.93959862985
 *   Arima(y, order = c(0,1,1), seasonal = c(0,1,1), xreg = X)
 *	   ma1 -0.767075334708947, sma1 -0.851385207172452,
 *	   PetrolPrice -4887.339475642803336, law -328.957068112567868,
 *	   loglik -1133.38895049018
 *   Arima(y, order = c(1,0,1), seasonal = c(0,1,1), xreg = X[, "law"])
 *	   loglik -1139.84864022468, law -317.730490775219153
 *   auto.arima(y, xreg = X): regression with ARIMA(1,0,3)(0,1,1)[12]
 *	   errors, ar1 0.976624008608, ma1 -0.655188092364, ma2
 *	   -0.014675022665, ma3 -0.157815975609, sma1 -0.867745768576,
 *	   PetrolPrice -5309.24228381799, law -294.896533977170,
 *	   loglik -1132.98977471135
 * Tolerances: 1e-6 relative for coefficients and likelihoods (the issue's
 * agreement target), 1e-4 for standard errors (numerical Hessians).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/arima.h"
#include "tap.h"

static int
rel(double x, double ref, double tol)
{
	return fabs(x - ref) <= tol * fabs(ref);
}

static const double sb_drivers[192] = {
	1687, 1508, 1507, 1385, 1632, 1511, 1559, 1630, 1579, 1653, 2152, 2148,
	1752, 1765, 1717, 1558, 1575, 1520, 1805, 1800, 1719, 2008, 2242, 2478,
	2030, 1655, 1693, 1623, 1805, 1746, 1795, 1926, 1619, 1992, 2233, 2192,
	2080, 1768, 1835, 1569, 1976, 1853, 1965, 1689, 1778, 1976, 2397, 2654,
	2097, 1963, 1677, 1941, 2003, 1813, 2012, 1912, 2084, 2080, 2118, 2150,
	1608, 1503, 1548, 1382, 1731, 1798, 1779, 1887, 2004, 2077, 2092, 2051,
	1577, 1356, 1652, 1382, 1519, 1421, 1442, 1543, 1656, 1561, 1905, 2199,
	1473, 1655, 1407, 1395, 1530, 1309, 1526, 1327, 1627, 1748, 1958, 2274,
	1648, 1401, 1411, 1403, 1394, 1520, 1528, 1643, 1515, 1685, 2000, 2215,
	1956, 1462, 1563, 1459, 1446, 1622, 1657, 1638, 1643, 1683, 2050, 2262,
	1813, 1445, 1762, 1461, 1556, 1431, 1427, 1554, 1645, 1653, 2016, 2207,
	1665, 1361, 1506, 1360, 1453, 1522, 1460, 1552, 1548, 1827, 1737, 1941,
	1474, 1458, 1542, 1404, 1522, 1385, 1641, 1510, 1681, 1938, 1868, 1726,
	1456, 1445, 1456, 1365, 1487, 1558, 1488, 1684, 1594, 1850, 1998, 2079,
	1494, 1057, 1218, 1168, 1236, 1076, 1174, 1139, 1427, 1487, 1483, 1513,
	1357, 1165, 1282, 1110, 1297, 1185, 1222, 1284, 1444, 1575, 1737, 1763
};
static const double sb_petrol[192] = {
	0.102971811805368, 0.102362995884646, 0.102062490635914,
	0.100873300511862, 0.101019672891934, 0.10058119170287,
	0.103773981457839, 0.104076403554621, 0.103773981457839,
	0.103026401330572, 0.102730112155946, 0.101997191539847,
	0.101274563494893, 0.10070397563972, 0.100139606658898,
	0.0986211043713023, 0.0983492854059603, 0.0980801772105387,
	0.0972792082183714, 0.0974106238350488, 0.0974252365245483,
	0.0963806330037465, 0.0957389559626943, 0.0951063062359475,
	0.0967359671470176, 0.0961092224873678, 0.095367254851379,
	0.0947095915871269, 0.0941176202174608, 0.0935321548190638,
	0.0929540494377308, 0.0928397862431927, 0.0927247362539862,
	0.0922696509793897, 0.0917066851479679, 0.0912620719433678,
	0.090711603254936, 0.090276328119195, 0.0899519176272147,
	0.0890996386561615, 0.0886791925043499, 0.0881592888670634,
	0.0889020568552906, 0.0881813314444876, 0.0889402929599117,
	0.0877266104275971, 0.087428846437772, 0.0870354301608856,
	0.0864499193294655, 0.0858726409121568, 0.0853982218357345,
	0.083821981233605, 0.0845907801489325, 0.0841369037739444,
	0.0837784051341314, 0.0835107427259604, 0.0828063938633846,
	0.0811788933269884, 0.0828536069623417, 0.0941901186933595,
	0.0923998429510411, 0.108161478199019, 0.10721168869023,
	0.114042966782082, 0.112454115810183, 0.111316253290611,
	0.11030125221242, 0.108197177376865, 0.107027443082328,
	0.104946980916917, 0.119357749193208, 0.117621904277373,
	0.133027420877451, 0.130845243689729, 0.128318477474772,
	0.123547448292297, 0.118586811514179, 0.116337480161004,
	0.11516147558196, 0.114501197216867, 0.113522979499817,
	0.111930179432996, 0.110610528503361, 0.11527438914664,
	0.113793485966034, 0.112349582098189, 0.111753469387189,
	0.109642522576533, 0.10844089510559, 0.107884938936114,
	0.109084769191454, 0.107571450111271, 0.106164022368002,
	0.106299999323319, 0.104825313000088, 0.103451745711815,
	0.101449920129493, 0.100402316427863, 0.098862033680192,
	0.102496154313521, 0.103027431599736, 0.102178908220655,
	0.0998366428726473, 0.0926366895833353, 0.0918149629077569,
	0.090724303768407, 0.0900212072768793, 0.0893307058230937,
	0.0884427348717763, 0.0883525692744791, 0.0867573619308237,
	0.0849952420449752, 0.0845679437213488, 0.0844318988774436,
	0.0843508831482932, 0.0836009830491076, 0.0834172630524962,
	0.0827451397987249, 0.0852352669035281, 0.0847703028296526,
	0.0844589214084587, 0.085352119244763, 0.0875592125175749,
	0.0903829170614837, 0.0907832937355188, 0.108742780219868,
	0.114142227335262, 0.112992933231466, 0.111320706029796,
	0.109126229280665, 0.107698459343112, 0.107601574334496,
	0.103775019202843, 0.107114170431059, 0.107374774370757,
	0.111695372689559, 0.110638184592354, 0.111855211329895,
	0.109742342683337, 0.108193931510232, 0.106255362697951,
	0.104193034427699, 0.101933972880902, 0.102793824574291,
	0.10476034144929, 0.104002535534347, 0.116655515402424,
	0.11516147558196, 0.112989543494316, 0.113860643932406,
	0.119118081064489, 0.124489986005886, 0.123222945411622,
	0.12067793212866, 0.121048982651421, 0.116968571491487,
	0.112750259392875, 0.108079306704711, 0.108838515984019,
	0.111291766408542, 0.111304009176187, 0.115454357532553,
	0.114768296055692, 0.117207430931122, 0.119076397031248,
	0.117965862171995, 0.117449127100423, 0.116988457838933,
	0.11261053571781, 0.113657015681422, 0.113144445252379,
	0.118495534815352, 0.117969401200945, 0.1176866141183,
	0.120059238961094, 0.119437745680998, 0.118881271786551,
	0.118462360710195, 0.118016598400236, 0.117706622543368,
	0.117776089941536, 0.114796991716514, 0.11573525277085,
	0.115356263024722, 0.114815360704668, 0.114777477886645,
	0.114935980147534, 0.114796991716514, 0.114093156728444,
	0.116465521799171, 0.116026113132354, 0.116066729379379
};

#define NSB 192
static double X[2 * NSB];		/* PetrolPrice, law */

static void
LoadX(void)
{
	int			i;

	for (i = 0; i < NSB; i++)
	{
		X[i] = sb_petrol[i];
		X[NSB + i] = i >= 169 ? 1.0 : 0.0;	/* law from February 1983 */
	}
}

static void
test_fixed_orders(void)
{
	ArimaSpec	s;
	ArimaModel	m;
	char		err[256];
	int			rc;
	double		fc[3],
				xf[6] = {0.11, 0.11, 0.11, 1, 1, 1};

	arima_spec_init(&s);
	s.p = 1;
	s.P = 1;
	s.m = 12;
	s.nx = 2;
	s.xreg = X;
	rc = arima_fit(sb_drivers, NSB, &s, &m, NULL, err, sizeof(err));
	check(rc == 0 && m.ncoef == 5, "(1,0,0)(1,0,0) with intercept and two regressors fits");
	if (rc == 0)
	{
		check(rel(m.coef[0], 0.370878014723172, 1e-6) &&
			  rel(m.coef[1], 0.667927504539885, 1e-6) &&
			  rel(m.coef[2], 2199.072083120969182, 1e-6) &&
			  rel(m.coef[3], -4736.173307275986190, 1e-6) &&
			  rel(m.coef[4], -316.489096657659275, 1e-6),
			  "SVD-rotated regression: coefficients as R's");
		check(rel(m.se[0], 0.0731828837325808, 1e-4) &&
			  rel(m.se[1], 0.0561188631061153, 1e-4) &&
			  rel(m.se[2], 169.748796633106, 1e-4) &&
			  rel(m.se[3], 1574.86544176272, 1e-4) &&
			  rel(m.se[4], 65.8428327963381, 1e-4),
			  "SVD-rotated regression: standard errors as R's");
		check(rel(m.loglik, -1238.93959862985, 1e-9), "SVD-rotated regression: loglik as R's");
		rc = arima_forecast(&m, 3, NULL, fc, NULL, NULL, err, sizeof(err));
		check(rc != 0, "forecast without future regressors is an error");
		rc = arima_forecast(&m, 3, xf, fc, NULL, NULL, err, sizeof(err));
		check(rc == 0 && isfinite(fc[0]), "forecast with future regressors");
		arima_free(&m, NULL);
	}

	arima_spec_init(&s);
	s.d = 1;
	s.q = 1;
	s.D = 1;
	s.Q = 1;
	s.m = 12;
	s.nx = 2;
	s.xreg = X;
	rc = arima_fit(sb_drivers, NSB, &s, &m, NULL, err, sizeof(err));
	check(rc == 0 && rel(m.loglik, -1133.38895049018, 1e-9) &&
		  rel(m.coef[0], -0.767075334708947, 1e-6) &&
		  rel(m.coef[1], -0.851385207172452, 1e-6) &&
		  rel(m.coef[2], -4887.339475642803336, 1e-6) &&
		  rel(m.coef[3], -328.957068112567868, 1e-6),
		  "(0,1,1)(0,1,1) with two regressors as R's");
	if (rc == 0)
		arima_free(&m, NULL);

	arima_spec_init(&s);
	s.p = 1;
	s.q = 1;
	s.D = 1;
	s.Q = 1;
	s.m = 12;
	s.constant = 0;				/* Arima's default: no drift */
	s.nx = 1;
	s.xreg = X + NSB;
	rc = arima_fit(sb_drivers, NSB, &s, &m, NULL, err, sizeof(err));
	check(rc == 0 && rel(m.loglik, -1139.84864022468, 1e-9) &&
		  rel(m.coef[3], -317.730490775219153, 1e-6),
		  "(1,0,1)(0,1,1) with the law alone as R's");
	if (rc == 0)
		arima_free(&m, NULL);
}

static void
test_auto(void)
{
	ArimaAutoSpec as;
	ArimaModel	m;
	char		err[256];
	int			rc;

	arima_auto_init(&as, 12);
	as.nx = 2;
	as.xreg = X;
	rc = arima_auto(sb_drivers, NSB, &as, &m, NULL, err, sizeof(err));
	check(rc == 0 && m.p == 1 && m.d == 0 && m.q == 3 && m.P == 0 &&
		  m.D == 1 && m.Q == 1 && !m.drift && m.nx == 2,
		  "auto with regressors: ARIMA(1,0,3)(0,1,1)[12] as R");
	if (rc == 0)
	{
		check(rel(m.loglik, -1132.98977471135, 1e-9) &&
			  rel(m.coef[0], 0.976624008608, 1e-6) &&
			  rel(m.coef[1], -0.655188092364, 1e-6) &&
			  rel(m.coef[4], -0.867745768576, 1e-6) &&
			  rel(m.coef[5], -5309.24228381799, 1e-6) &&
			  rel(m.coef[6], -294.896533977170, 1e-6),
			  "auto with regressors: coefficients and loglik as R's");
		arima_free(&m, NULL);
	}
}

static void
test_errors(void)
{
	static double Z[3 * NSB];
	ArimaSpec	s;
	ArimaAutoSpec as;
	ArimaModel	m;
	char		err[256];
	int			i,
				rc;

	/* column 2 = 2 * column 1 + 3: collinear with the intercept and it */
	for (i = 0; i < NSB; i++)
	{
		Z[i] = X[i];
		Z[NSB + i] = 2 * X[i] + 3;
		Z[2 * NSB + i] = X[NSB + i];
	}
	arima_auto_init(&as, 12);
	as.nx = 3;
	as.xreg = Z;
	err[0] = 0;
	rc = arima_auto(sb_drivers, NSB, &as, &m, NULL, err, sizeof(err));
	check(rc == -1 && strstr(err, "regressor column 2") != NULL,
		  "auto: a collinear column is an error that names it");
	for (i = 0; i < NSB; i++)
		Z[NSB + i] = 5.0;
	err[0] = 0;
	rc = arima_auto(sb_drivers, NSB, &as, &m, NULL, err, sizeof(err));
	check(rc == -1 && strstr(err, "regressor column 2 is constant") != NULL,
		  "auto: a constant column is an error that names it");
	arima_spec_init(&s);
	s.p = 1;
	s.nx = 3;
	s.xreg = Z;
	err[0] = 0;
	rc = arima_fit(sb_drivers, NSB, &s, &m, NULL, err, sizeof(err));
	check(rc == -1 && strstr(err, "regressor column 2") != NULL,
		  "fit: a column collinear with the intercept is an error that names it");
	Z[2 * NSB + 7] = NAN;
	err[0] = 0;
	rc = arima_fit(sb_drivers, NSB, &s, &m, NULL, err, sizeof(err));
	check(rc == -1 && strstr(err, "column 3") != NULL && strstr(err, "row 8") != NULL,
		  "fit: NaN in a regressor is an error that names column and row");
}

/*
 * The column bound: ARIMA_MAX_XREG columns fit, one more is refused.
 * Design with a hand answer: 2 (ARIMA_MAX_XREG + 1) rows in groups of two;
 * group 0 is the baseline, column j (1-based) is 1 on the rows of group j
 * and 0 elsewhere; y = 10 + j - 1 and 10 + j + 1 in group j.  With white-
 * noise errors, ARIMA(0,0,0) with a mean, the maximum likelihood estimate
 * is ordinary least squares, and with disjoint dummies OLS is the group
 * means: intercept = mean of group 0 = 10, coefficient j = (10 + j) - 10 =
 * j, residuals -1, +1 in every group.
 */
static void
test_column_bound(void)
{
	enum
	{
		NB = 2 * (ARIMA_MAX_XREG + 1)
	};
	static double Z[(ARIMA_MAX_XREG + 1) * NB];
	double		y[NB];
	ArimaSpec	s;
	ArimaModel	m;
	char		err[256];
	int			i,
				j,
				rc,
				ok;

	memset(Z, 0, sizeof(Z));
	for (i = 0; i < NB; i++)
	{
		j = i / 2;				/* group */
		y[i] = 10 + j + (i % 2 == 0 ? -1 : 1);
		if (j > 0)
			Z[(size_t) (j - 1) * NB + i] = 1;
	}
	arima_spec_init(&s);
	s.nx = ARIMA_MAX_XREG;
	s.xreg = Z;
	rc = arima_fit(y, NB, &s, &m, NULL, err, sizeof(err));
	check(rc == 0 && m.ncoef == ARIMA_MAX_XREG + 1 && m.nx == ARIMA_MAX_XREG,
		  "ARIMA_MAX_XREG (40) regressor columns fit");
	if (rc == 0)
	{
		ok = fabs(m.coef[0] - 10) < 1e-6;
		for (j = 1; j <= ARIMA_MAX_XREG; j++)
			ok = ok && fabs(m.coef[j] - j) < 1e-6;
		check(ok, "40 disjoint dummies: intercept 10 and coefficient j = j (OLS by hand)");
		arima_free(&m, NULL);
	}
	else
		check(0, "40 disjoint dummies: intercept 10 and coefficient j = j (OLS by hand)");
	s.nx = ARIMA_MAX_XREG + 1;
	err[0] = 0;
	rc = arima_fit(y, NB, &s, &m, NULL, err, sizeof(err));
	check(rc == ARIMA_ERANGE, "fit: ARIMA_MAX_XREG + 1 columns are out of range");
}

int
main(void)
{
	LoadX();
	test_fixed_orders();
	test_auto();
	test_errors();
	test_column_bound();
	printf("1..%d\n", test_no);
	return failures != 0;
}
