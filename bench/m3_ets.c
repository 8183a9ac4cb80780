/*
 * m3_ets.c
 *	  Standalone benchmark of the ETS kernel on the 3003 M3 series.
 *
 * Fits the automatic model (R's ets() default: "ZZZ", AICc) to the training
 * part of every series with season length 12/4/1/1 (monthly, quarterly,
 * yearly, other), forecasts the official horizon (18/8/6/8) with a 95%
 * interval and prints, per category and overall:
 *	sMAPE	mean over the horizon of 200 |y - f| / (|y| + |f|), averaged over
 *			series (M3's definition, as in the data README);
 *	MASE	mean |y - f| over the horizon divided by the in-sample MAE of
 *			the seasonal naive forecast (lag = frequency), averaged;
 *	cover95	share of the test values inside the 95% interval (pooled),
 *			and in brackets the mean over series of each series' share;
 * and the CPU time of fitting + forecasting.
 *
 * Build and run (from the repository root):
 *	cc -O2 -Isrc -o bench/m3_ets bench/m3_ets.c src/forecast/ets*.c -lm
 *	bench/m3_ets [-d DATADIR] [-o per_series.csv] [-n MAXSERIES] [-c CAT]
 *				 [-s STEP]		(every STEP-th series only, as m3_ets_r.R)
 *
 * The per-series file has the chosen model, parameters, log-likelihood and
 * AICc, to compare with R (bench/m3_ets_r.R).
 */
#include "forecast/ets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXN 200
#define MAXH 20
#define NSERIES 3003

typedef struct Series
{
	char		id[8];
	char		cat[16];
	int			freq;
	int			n;
	int			h;
	double		y[MAXN];
	double		test[MAXH];
	int			ntrain;
	int			ntest;
} Series;

static Series series[NSERIES];
static int nseries = 0;

/* split one CSV line into fields (double quotes, no embedded newlines) */
static int
split_csv(char *line, char **fields, int maxf)
{
	int			nf = 0;
	char	   *p = line;

	while (*p && nf < maxf)
	{
		char	   *out;

		if (*p == '"')
		{
			p++;
			fields[nf++] = out = p;
			while (*p && !(*p == '"' && p[1] != '"'))
			{
				if (*p == '"')
					p++;
				*out++ = *p++;
			}
			if (*p == '"')
				p++;
			*out = '\0';
			if (*p == ',')
				p++;
			else
			{
				/* the closing quote may have overwritten nothing */
			}
		}
		else
		{
			fields[nf++] = p;
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				p++;
			if (*p == ',')
				*p++ = '\0';
			else
			{
				*p = '\0';
				break;
			}
		}
	}
	return nf;
}

static Series *
find_series(const char *id)
{
	/* ids are N0001..N3003 in order */
	int			k = atoi(id + 1) - 1;

	if (k >= 0 && k < nseries && strcmp(series[k].id, id) == 0)
		return &series[k];
	return NULL;
}

static void
read_data(const char *dir)
{
	char		path[1024],
				line[4096];
	char	   *f[16];
	FILE	   *fp;
	int			pass;

	snprintf(path, sizeof(path), "%s/m3_info.csv", dir);
	fp = fopen(path, "r");
	if (!fp)
	{
		perror(path);
		exit(1);
	}
	if (!fgets(line, sizeof(line), fp))
		exit(1);
	while (fgets(line, sizeof(line), fp))
	{
		Series	   *s;
		int			nf = split_csv(line, f, 16);

		if (nf < 7)
			continue;
		s = &series[nseries++];
		snprintf(s->id, sizeof(s->id), "%s", f[0]);
		snprintf(s->cat, sizeof(s->cat), "%s", f[2]);
		s->freq = atoi(f[4]);
		s->n = atoi(f[5]);
		s->h = atoi(f[6]);
	}
	fclose(fp);

	for (pass = 0; pass < 2; pass++)
	{
		snprintf(path, sizeof(path), "%s/%s", dir,
				 pass == 0 ? "m3_train.csv" : "m3_test.csv");
		fp = fopen(path, "r");
		if (!fp)
		{
			perror(path);
			exit(1);
		}
		if (!fgets(line, sizeof(line), fp))
			exit(1);
		while (fgets(line, sizeof(line), fp))
		{
			Series	   *s;
			int			nf = split_csv(line, f, 16);

			if (nf < 3)
				continue;
			s = find_series(f[0]);
			if (!s)
			{
				fprintf(stderr, "unknown series %s\n", f[0]);
				exit(1);
			}
			if (pass == 0)
				s->y[s->ntrain++] = atof(f[2]);
			else
				s->test[s->ntest++] = atof(f[2]);
		}
		fclose(fp);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	const char *dir = "/work/shared/data/forecast/m3";
	const char *out = NULL;
	const char *onlycat = NULL;
	const char *cats[4] = {"YEARLY", "QUARTERLY", "MONTHLY", "OTHER"};
	double		smape[5] = {0},
				mase[5] = {0},
				cover[5] = {0},
				scover[5] = {0},
				npts[5] = {0},
				cnt[5] = {0};
	double		tfit = 0.0;
	int			maxseries = NSERIES;
	int			step = 1;
	int			i,
				c,
				nfail = 0;
	FILE	   *fo = NULL;

	for (i = 1; i < argc; i++)
	{
		if (!strcmp(argv[i], "-d") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			maxseries = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-c") && i + 1 < argc)
			onlycat = argv[++i];
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			step = atoi(argv[++i]);
		else
		{
			fprintf(stderr, "usage: %s [-d dir] [-o out.csv] [-n max] [-c CATEGORY] "
					"[-s step]\n",
					argv[0]);
			return 2;
		}
	}
	read_data(dir);
	if (out)
	{
		fo = fopen(out, "w");
		if (!fo)
		{
			perror(out);
			return 1;
		}
		fprintf(fo, "id,model,alpha,beta,gamma,phi,loglik,aicc,sigma2,"
				"smape,mase,fallback,hits,h\n");
	}

	for (i = 0; i < nseries && i < maxseries; i++)
	{
		Series	   *s = &series[i];
		EtsSpec		spec;
		EtsModel	model;
		double		mean[MAXH],
					lo[MAXH],
					hi[MAXH];
		char		err[256],
					code[8];
		double		t0,
					scale = 0.0,
					sm = 0.0,
					ae = 0.0,
					cov = 0.0;
		int			j,
					rc,
					lag = s->freq;

		if (onlycat && strcmp(onlycat, s->cat) != 0)
			continue;
		if (step > 1 && i % step != 0)
			continue;
		if (s->ntrain != s->n || s->ntest != s->h)
		{
			fprintf(stderr, "%s: lengths %d/%d, expected %d/%d\n", s->id,
					s->ntrain, s->ntest, s->n, s->h);
			return 1;
		}
		for (c = 0; c < 4; c++)
			if (!strcmp(cats[c], s->cat))
				break;

		t0 = now();
		rc = ets_spec_init(&spec, "ZZZ", s->freq, err, sizeof(err));
		if (rc == ETS_OK)
			rc = ets_fit(s->y, s->n, &spec, &model, NULL, err, sizeof(err));
		if (rc == ETS_OK)
			rc = ets_forecast_interval(&model, s->h, 95.0, mean, lo, hi, NULL,
									   err, sizeof(err));
		tfit += now() - t0;
		if (rc != ETS_OK)
		{
			fprintf(stderr, "%s: %s (%s)\n", s->id, err, ets_strerror(rc));
			nfail++;
			continue;
		}

		for (j = lag; j < s->n; j++)
			scale += fabs(s->y[j] - s->y[j - lag]);
		scale /= (s->n - lag);
		for (j = 0; j < s->h; j++)
		{
			double		yv = s->test[j],
						f = mean[j];

			sm += 200.0 * fabs(yv - f) / (fabs(yv) + fabs(f));
			ae += fabs(yv - f);
			cov += (yv >= lo[j] && yv <= hi[j]);
		}
		sm /= s->h;
		ae /= s->h;
		smape[c] += sm;
		mase[c] += ae / scale;
		cover[c] += cov;
		scover[c] += cov / s->h;
		npts[c] += s->h;
		cnt[c] += 1;
		if (fo)
		{
			ets_model_code(&model, code, sizeof(code));
			fprintf(fo, "%s,%s,%.15g,%.15g,%.15g,%.15g,%.15g,%.15g,%.15g,"
					"%.6f,%.6f,%d,%.0f,%d\n", s->id, code, model.alpha,
					model.beta, model.gamma, model.phi, model.loglik,
					model.aicc, model.sigma2, sm, ae / scale,
					(int) model.fallback, cov, s->h);
		}
	}
	if (fo)
		fclose(fo);

	for (c = 0; c < 4; c++)
	{
		smape[4] += smape[c];
		mase[4] += mase[c];
		cover[4] += cover[c];
		scover[4] += scover[c];
		npts[4] += npts[c];
		cnt[4] += cnt[c];
	}
	printf("%-10s %6s %8s %8s %8s %8s\n", "category", "series", "sMAPE",
		   "MASE", "cover95", "(series)");
	for (c = 0; c < 5; c++)
	{
		if (cnt[c] == 0)
			continue;
		printf("%-10s %6.0f %8.3f %8.4f %8.4f %8.4f\n",
			   c < 4 ? cats[c] : "ALL", cnt[c], smape[c] / cnt[c],
			   mase[c] / cnt[c], cover[c] / npts[c], scover[c] / cnt[c]);
	}
	printf("R forecast 8.20 ets() (data README): sMAPE 17.00 / 9.68 / 14.14 / "
		   "4.37, all 13.07; MASE 1.425; coverage 0.892 (mean over series)\n");
	printf("failures: %d\n", nfail);
	printf("fit + forecast CPU time: %.2f s (%.2f ms per series)\n", tfit,
		   1000.0 * tfit / (cnt[4] > 0 ? cnt[4] : 1));
	return 0;
}
