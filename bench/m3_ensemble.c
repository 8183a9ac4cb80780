/*
 * m3_ensemble.c
 *	  Standalone driver of the 'ensemble' method (fcmethods.h: the mean of
 *	  the automatic ETS, ARIMA and theta forecasts) for bench/arima.sh.
 *
 * Reads the flat series file of bench/m3_flat.awk, fits the ensemble to
 * every STEP-th series (season length = frequency), forecasts h steps with
 * a 95% interval and writes one line per series:
 *	id,category,smape,mase,covered,h,arima_smape,arima_mase,cpu
 * (covered: test values inside the interval; arima_*: the ensemble's ARIMA
 * member alone, forecast from the same stored model).  With JOBS and SHARD
 * it takes every JOBS-th of those series from the SHARD-th on (0-based),
 * so that JOBS processes together cover them once; only shard 0 prints the
 * header.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forecast/fcmethods.h"

#define MAXV 400

static void
Score(const double *y, int n, int freq, const double *test, const double *f,
	  int h, double *smape, double *mase)
{
	double		scale = 0.0,
				s = 0.0,
				a = 0.0;
	int			i;

	for (i = freq; i < n; i++)
		scale += fabs(y[i] - y[i - freq]);
	scale /= (n - freq);
	for (i = 0; i < h; i++)
	{
		s += 200.0 * fabs(test[i] - f[i]) / (fabs(test[i]) + fabs(f[i]));
		a += fabs(test[i] - f[i]);
	}
	*smape = s / h;
	*mase = a / h / scale;
}

int
main(int argc, char **argv)
{
	FILE	   *fp;
	static char line[65536];
	int			step = argc > 2 ? atoi(argv[2]) : 1;
	int			jobs = argc > 3 ? atoi(argv[3]) : 1;
	int			shard = argc > 4 ? atoi(argv[4]) : 0;
	int			idx = 0,
				picked = 0;

	if (argc < 2 || (fp = fopen(argv[1], "r")) == NULL)
	{
		fprintf(stderr, "usage: m3_ensemble FILE [STEP [JOBS SHARD]]\n");
		return 2;
	}
	if (step < 1 || jobs < 1 || shard < 0 || shard >= jobs)
	{
		fprintf(stderr, "m3_ensemble: need STEP >= 1 and 0 <= SHARD < JOBS\n");
		return 2;
	}
	if (shard == 0)
		printf("id,category,smape,mase,covered,h,arima_smape,arima_mase,cpu\n");
	while (fgets(line, sizeof(line), fp) != NULL)
	{
		char		id[16],
					cat[16],
					err[256];
		double		v[MAXV],
					fc[64],
					lo[64],
					hi[64],
					fa[64];
		double		sm,
					ms,
					asm_,
					ams,
					cpu;
		int			freq,
					h,
					n,
					k = 0,
					i,
					rc,
					cov = 0;
		char	   *tok = strtok(line, ",");
		FcModel		model;
		clock_t		t0;

		if (tok == NULL || idx++ % step != 0 || picked++ % jobs != shard)
			continue;
		snprintf(id, sizeof(id), "%s", tok);
		snprintf(cat, sizeof(cat), "%s", strtok(NULL, ","));
		freq = atoi(strtok(NULL, ","));
		h = atoi(strtok(NULL, ","));
		n = atoi(strtok(NULL, ","));
		while ((tok = strtok(NULL, ",\n")) != NULL && k < MAXV)
			v[k++] = strtod(tok, NULL);
		if (k != n + h || h > 64)
			continue;
		t0 = clock();
		rc = fc_fit(v, n, FC_ENSEMBLE, NULL, freq, NULL, &model, NULL, err,
					sizeof(err));
		if (rc == FC_OK)
			rc = fc_forecast(&model, h, 95.0, fc, lo, hi, NULL, err,
							 sizeof(err));
		if (rc == FC_OK)
			rc = fc_arima_forecast(&model, h, 95.0, fa, NULL, NULL, NULL,
								   err, sizeof(err));
		cpu = (double) (clock() - t0) / CLOCKS_PER_SEC;
		if (rc != FC_OK)
		{
			fprintf(stderr, "%s: %s\n", id, err);
			continue;
		}
		for (i = 0; i < h; i++)
			cov += v[n + i] >= lo[i] && v[n + i] <= hi[i];
		Score(v, n, freq, v + n, fc, h, &sm, &ms);
		Score(v, n, freq, v + n, fa, h, &asm_, &ams);
		printf("%s,%s,%.8g,%.8g,%d,%d,%.8g,%.8g,%.6f\n", id, cat, sm, ms, cov,
			   h, asm_, ams, cpu);
		fflush(stdout);
	}
	fclose(fp);
	return 0;
}
