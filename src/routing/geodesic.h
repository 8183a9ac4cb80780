/*
 * geodesic.h
 *		Geodesic distances on the WGS84 ellipsoid (Karney's method) and
 *		great-circle distances on the mean-radius sphere.
 *
 * Plain C kernel: no PostgreSQL headers.  Every exported name starts with
 * "lgeod_": PostgreSQL loads extension libraries with RTLD_GLOBAL, so a
 * generic name such as geod_init would interpose with PROJ's (loaded by
 * PostGIS) and break both libraries.  The caller validates its inputs
 * (latitudes in [-90, 90] degrees, finite longitudes); the kernel does not
 * report errors.
 *
 * Source of the method: C. F. F. Karney, "Algorithms for geodesics",
 * Journal of Geodesy 87 (2013) 43-55, doi:10.1007/s00190-012-0578-z.
 */
#ifndef LOGISTICS_GEODESIC_H
#define LOGISTICS_GEODESIC_H

/* WGS84 defining constants (NIMA TR8350.2) */
#define GEOD_WGS84_A		6378137.0
#define GEOD_WGS84_F		(1.0 / 298.257223563)

/* IUGG mean radius R1 = (2a + b) / 3 of WGS84, rounded to 0.1 m */
#define GEOD_MEAN_RADIUS	6371008.8

/* number of terms kept in the series for I1, I2 (order 6 in epsilon) */
#define GEOD_ORD	6

/*
 * An ellipsoid of revolution with its precomputed series coefficients.
 * Only oblate ellipsoids (0 <= f < 1) are supported.
 */
typedef struct GeodEllipsoid
{
	double		a;				/* equatorial radius, metres */
	double		f;				/* flattening */
	double		f1;				/* 1 - f */
	double		b;				/* polar semi-axis a (1 - f) */
	double		e2;				/* first eccentricity squared f (2 - f) */
	double		ep2;			/* second eccentricity squared e2 / (1 - e2) */
	double		n;				/* third flattening f / (2 - f) */
	double		a3[GEOD_ORD];	/* A3 = sum_j a3[j] eps^j, j < 6 */
	double		c3[GEOD_ORD][GEOD_ORD];	/* C3l = sum_j c3[l][j] eps^j */
} GeodEllipsoid;

/* Fill g for the ellipsoid with equatorial radius a and flattening f. */
extern void lgeod_init(GeodEllipsoid *g, double a, double f);

/* The WGS84 ellipsoid (initialised on first use). */
extern const GeodEllipsoid *lgeod_wgs84(void);

/*
 * Length in metres of the shortest geodesic between (lat1, lon1) and
 * (lat2, lon2), all in degrees, on ellipsoid g.  Latitudes must lie in
 * [-90, 90]; longitudes may be any finite value.
 */
extern double lgeod_inverse_distance(const GeodEllipsoid *g,
									double lat1, double lon1,
									double lat2, double lon2);

/* lgeod_inverse_distance on WGS84 */
extern double lgeod_distance(double lat1, double lon1,
									  double lat2, double lon2);

/*
 * Great-circle distance in metres on the sphere of radius GEOD_MEAN_RADIUS
 * (haversine formula, evaluated with atan2 so that it stays accurate for
 * antipodal points).
 */
extern double lgeod_haversine(double lat1, double lon1,
								   double lat2, double lon2);

/* As lgeod_haversine on a sphere of radius r metres. */
extern double lgeod_haversine_r(double r, double lat1, double lon1,
								   double lat2, double lon2);

#endif							/* LOGISTICS_GEODESIC_H */
