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
