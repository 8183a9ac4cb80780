/*
 * m3_arima.c
 *	  Standalone driver of the ARIMA kernel for bench/arima.sh.
 *
 * Reads series from a flat file (one per line: id,category,frequency,h,n,
 * y_1..y_n,test_1..test_h, as bench/arima.sh writes it from the M3 CSVs),
 * fits the automatic model (forecast::auto.arima defaults) to every STEP-th
 * series, forecasts h steps and writes one line per series:
 *	id,category,p,d,q,P,D,Q,constant,loglik,sigma2,aicc,smape,mase,
 *	cpu_seconds,f_1;f_2;...
 * sMAPE is M3's 200 |y - f| / (|y| + |f|) averaged over the horizon; MASE
 * divides the mean absolute error by the in-sample MAE of the seasonal
 * naive forecast (lag = frequency).
 *
 *	cc -O2 -Isrc/forecast -Isrc/common ... -o m3_arima bench/m3_arima.c \
 *		src/forecast/arima*.c -lm
 *	m3_arima FILE [STEP] > out.csv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arima.h"

#define MAXV 400

int
main(int argc, char **argv)
{
	FILE	   *f;
	static char line[65536];
	int			step = argc > 2 ? atoi(argv[2]) : 1;
	int			idx = 0;

	if (argc < 2 || (f = fopen(argv[1], "r")) == NULL)
	{
		fprintf(stderr, "usage: m3_arima FILE [STEP]\n");
		return 2;
	}
	printf("id,category,p,d,q,P,D,Q,constant,loglik,sigma2,aicc,smape,mase,cpu,forecasts\n");
	while (fgets(line, sizeof(line), f) != NULL)
	{
		char		id[16],
					cat[16];
		double		v[MAXV],
					fc[64],
					smape = 0,
					mase = 0,
					scale = 0;
		int			freq,
					h,
					n,
					k = 0,
					i,
					rc;
		char	   *tok = strtok(line, ",");
		ArimaAutoSpec spec;
		ArimaModel	model;
		clock_t		t0;
		double		cpu;

		if (tok == NULL)
			continue;
		if (idx++ % step != 0)
			continue;
		snprintf(id, sizeof(id), "%s", tok);
		snprintf(cat, sizeof(cat), "%s", strtok(NULL, ","));
		freq = atoi(strtok(NULL, ","));
		h = atoi(strtok(NULL, ","));
		n = atoi(strtok(NULL, ","));
		while ((tok = strtok(NULL, ",\n")) != NULL && k < MAXV)
			v[k++] = strtod(tok, NULL);
		if (k != n + h || h > 64)
		{
			fprintf(stderr, "%s: bad line\n", id);
			continue;
		}
		t0 = clock();
		arima_auto_init(&spec, freq);
		if (getenv("ARIMA_APPROX") != NULL)
			spec.approximation = atoi(getenv("ARIMA_APPROX"));
		rc = arima_auto(v, n, &spec, &model, NULL, NULL, 0);
		if (rc == ARIMA_OK)
			rc = arima_forecast(&model, h, NULL, fc, NULL, NULL, NULL, 0);
		cpu = (double) (clock() - t0) / CLOCKS_PER_SEC;
		if (rc != ARIMA_OK)
		{
			printf("%s,%s,,,,,,,,,,,,,%.6f,\n", id, cat, cpu);
			continue;
		}
		for (i = freq; i < n; i++)
			scale += fabs(v[i] - v[i - freq]);
		scale /= (n - freq);
		for (i = 0; i < h; i++)
		{
			double		y = v[n + i];

			smape += 200.0 * fabs(y - fc[i]) / (fabs(y) + fabs(fc[i]));
			mase += fabs(y - fc[i]);
		}
		smape /= h;
		mase = mase / h / scale;
		printf("%s,%s,%d,%d,%d,%d,%d,%d,%d,%.10g,%.10g,%.10g,%.8g,%.8g,%.6f,",
			   id, cat, model.p, model.d, model.q, model.P, model.D, model.Q,
			   model.intercept || model.drift, model.loglik, model.sigma2,
			   model.aicc, smape, mase, cpu);
		for (i = 0; i < h; i++)
			printf("%s%.12g", i ? ";" : "", fc[i]);
		printf("\n");
		arima_free(&model, NULL);
	}
	fclose(f);
	return 0;
}
