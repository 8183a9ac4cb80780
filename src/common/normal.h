/*-------------------------------------------------------------------------
 *
 * normal.h
 *	  The standard normal distribution in plain C (no postgres.h): density,
 *	  distribution function, upper tail, quantile and first-order loss.
 *
 * Accuracy: about 1e-15 relative wherever the result is a normal
 * (not subnormal) double; see normal.c for how each tail is handled.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LG_NORMAL_H
#define LG_NORMAL_H

/* density phi(x) = exp(-x^2/2) / sqrt(2 pi) */
extern double lg_norm_pdf(double x);

/* distribution function Phi(x) = P(Z <= x) */
extern double lg_norm_cdf(double x);

/* upper tail 1 - Phi(x) = P(Z > x), accurate far out */
extern double lg_norm_sf(double x);

/* quantile Phi^-1(p) for p in (0,1); -inf at 0, +inf at 1, NaN outside */
extern double lg_norm_quantile(double p);

/*
 * The quantile of a two-sided interval of the given level (a fraction with
 * scale 1, percent with scale 100): from the upper tail
 * (scale - level) / (2 scale), exact by Sterbenz for a level near the
 * scale, when that tail is below 1e-6; 0.5 + level / 2 loses the tail
 * there and rounds to 1 (an infinite quantile) for a level of 1 - 1e-16.
 * Above 1e-6 it is the classic lg_norm_quantile(0.5 + level / 2), to the
 * bit.
 */
static inline double
lg_interval_z(double level, double scale)
{
	double		tail = (scale - level) / (2.0 * scale);

	return tail >= 1e-6 ? lg_norm_quantile(0.5 + level / (2.0 * scale)) :
		-lg_norm_quantile(tail);
}

/* standard normal first-order loss E[(Z - z)+] = phi(z) - z (1 - Phi(z)) */
extern double lg_norm_loss(double z);

/* second-order loss E[(Z - z)+^2] / 2 = ((z^2 + 1)(1 - Phi(z)) - z phi(z)) / 2 */
extern double lg_norm_loss2(double z);

/*
 * The k with L(k) = g for the standard normal loss function L, g > 0:
 * the safety factor that gives g expected units short per unit of sigma.
 */
extern double lg_norm_loss_inverse(double g);

#endif							/* LG_NORMAL_H */
