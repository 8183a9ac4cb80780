/*-------------------------------------------------------------------------
 *
 * stl.h
 *	  Seasonal-trend decomposition by Loess (Cleveland, Cleveland, McRae &
 *	  Terpenning 1990, J. Official Statistics 6:3-73) with the defaults of
 *	  R's stats::stl(), and the multiple decomposition of R's
 *	  forecast::mstl() (Bandara, Hyndman & Bergmeir 2021).  Plain C, no
 *	  postgres.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LOGISTICS_STL_H
#define LOGISTICS_STL_H

#include <stddef.h>

/* Status codes (0 = success); SQLSTATE of the SQL glue in [] */
typedef enum StlStatus
{
	STL_OK = 0,
	STL_EINVAL = -1,			/* bad period or window [22023] */
	STL_ELENGTH = -2,			/* series shorter than two periods [2202E] */
	STL_ENOMEM = -3,			/* allocator failed [53200] */
	STL_ENAN = -4				/* non-finite value [22023] */
} StlStatus;

/*
 * Parameters of one STL fit, as the arguments of R's stl() (without
 * robustness: outer iterations use no robustness weights here, as R's
 * default robust = FALSE).  Windows are spans in observations; degrees 0
 * or 1; jumps: evaluate Loess every jump points and interpolate.
 */
typedef struct StlParams
{
	int			period;
	int			s_window;
	int			s_degree;
	int			t_window;
	int			t_degree;
	int			l_window;
	int			l_degree;
	int			s_jump;
	int			t_jump;
	int			l_jump;
	int			inner;
	/* called between the passes of each inner loop when not NULL */
	void		(*interrupt) (void *);
	void	   *interrupt_arg;
} StlParams;

/*
 * R's defaults for stl(x, s.window = s_window) with frequency period:
 * s.degree 0, t.window nextodd(ceiling(1.5 period / (1 - 1.5 / s.window))),
 * t.degree 1, l.window nextodd(period), l.degree = t.degree, jumps
 * ceiling(window / 10), inner 2, no interrupt callback.  A non-integer period (365.25) is used
 * as R's stl() uses it: the cycle-subseries have as.integer(period)
 * (truncated) observations per cycle, the windows come from the real
 * period.
 */
extern void stl_params_default(StlParams *p, double period, int s_window);

/*
 * Decompose y[0..n-1] (n > 2 period): seasonal[n] and trend[n] (remainder
 * = y - seasonal - trend).  work holds (n + 2 period) * 5 doubles.
 */
extern int	stl_decompose(const double *y, int n, const StlParams *p,
						  double *seasonal, double *trend, double *work,
						  char *errbuf, size_t errlen);

/*
 * Periods that mstl keeps: those below n / 2, sorted ascending (as R's
 * mstl(), which drops the others with a warning).  Returns how many are
 * kept in kept[] (room for nperiods).
 */
extern int	mstl_periods(const double *periods, int nperiods, int n,
						 double *kept);

/*
 * R's mstl(y, iterate, s.window = 7 + 4 * (1:k)) for the already sorted
 * and kept periods[0..k-1] (k >= 1): trend[n], seasonal[k * n] (component
 * i at seasonal + i * n), remainder[n].  interrupt (may be NULL) is called
 * between STL fits.  work holds (n + 2 max(period)) * 6 doubles (periods
 * truncated as stl_params_default()).
 */
extern int	mstl_decompose(const double *y, int n, const double *periods, int k,
						   int iterate, double *trend, double *seasonal,
						   double *remainder, double *work,
						   void (*interrupt) (void *), void *interrupt_arg,
						   char *errbuf, size_t errlen);

#endif							/* LOGISTICS_STL_H */
