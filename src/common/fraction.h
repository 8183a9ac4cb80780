/*
 * fraction.h: the error for a percentage passed where a fraction is due
 *
 * Every probability, confidence, service level and fraction in the
 * extension is a fraction (issue 16).  A caller who passes 95 for 95% gets
 * an error whose message, not only its hint (BI tools drop hints), says
 * what to pass instead.  Values in [2, 100] are taken as that mistake (a
 * value just above 1 is as likely a fraction slightly off, and keeps the
 * caller's range message, as does everything else out of range).
 */
#ifndef LOGISTICS_FRACTION_H
#define LOGISTICS_FRACTION_H

static inline void
lg_check_not_percent(double p, const char *what)
{
	if (p >= 2.0 && p <= 100.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is a fraction between 0 and 1, not a percentage: for %g%% pass %g",
						what, p, p / 100.0)));
}

#endif							/* LOGISTICS_FRACTION_H */
