/*
 * tsp_driver: run the plain-C solver (src/routing/tsp.c, tsp_ls.c) on TSPLIB instances, print
 * the gap to the optimum and the time.  For development and bench/tsp.sh.
 *
 *   cc -O2 -Isrc -o tsp_driver bench/tsp_driver.c src/routing/tsp.c src/routing/tsp_ls.c -lm
 *   ./tsp_driver [-k kicks] [-K neighbours] [-s seed] [-v] file.tsp:optimum ...
 *   ./tsp_driver -m file.tsp     print the matrix as a SQL float8[][] literal
 *   ./tsp_driver -t file.tour file.tsp  print the length of a .opt.tour
 *
 * Distances: TSPLIB95 (G. Reinelt, "TSPLIB 95", Universitaet Heidelberg),
 * section 2: EUC_2D nint(sqrt(dx^2+dy^2)); ATT pseudo-Euclidean; GEO with
 * PI = 3.141592, DDD.MM coordinates truncated to whole degrees, radius
 * 6378.388 km and (int)(... + 1.0).  See data/routing/README.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "routing/tsp.h"

typedef struct Instance
{
	char		name[256];
	int			n;
	int			type;			/* 0 EUC_2D, 1 ATT, 2 GEO */
	double	   *x;
	double	   *y;
} Instance;

static int
ReadInstance(const char *path, Instance *in)
{
	FILE	   *f = fopen(path, "r");
	char		line[1024];
	int			coords = 0;
	int			i = 0;

	if (!f)
		return -1;
	memset(in, 0, sizeof(*in));
	in->type = -1;
	while (fgets(line, sizeof(line), f))
	{
		char	   *colon;

		if (!coords)
		{
			if (strncmp(line, "NODE_COORD_SECTION", 18) == 0)
			{
				coords = 1;
				in->x = calloc(in->n, sizeof(double));
				in->y = calloc(in->n, sizeof(double));
				continue;
			}
			colon = strchr(line, ':');
			if (!colon)
				continue;
			if (strncmp(line, "NAME", 4) == 0)
				sscanf(colon + 1, "%255s", in->name);
			else if (strncmp(line, "DIMENSION", 9) == 0)
				in->n = atoi(colon + 1);
			else if (strncmp(line, "EDGE_WEIGHT_TYPE", 16) == 0)
			{
				if (strstr(colon, "EUC_2D"))
					in->type = 0;
				else if (strstr(colon, "ATT"))
					in->type = 1;
				else if (strstr(colon, "GEO"))
					in->type = 2;
			}
		}
		else
		{
			int			id;
			double		x,
						y;

			if (strncmp(line, "EOF", 3) == 0)
				break;
			if (sscanf(line, "%d %lf %lf", &id, &x, &y) == 3 && i < in->n)
			{
				in->x[i] = x;
				in->y[i] = y;
				i++;
			}
		}
	}
	fclose(f);
	return (in->type >= 0 && i == in->n && in->n > 0) ? 0 : -1;
}

static double
GeoRad(double v)
{
	const double PI = 3.141592;
	int			deg = (int) v;
	double		min = v - deg;

	return PI * (deg + 5.0 * min / 3.0) / 180.0;
}

static double *
Matrix(const Instance *in)
{
	int			n = in->n;
	double	   *d = malloc(sizeof(double) * n * n);
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		v;

			if (i == j)
			{
				d[i * n + j] = 0;
				continue;
			}
			if (in->type == 0)
			{
				double		dx = in->x[i] - in->x[j];
				double		dy = in->y[i] - in->y[j];

				v = (int) (sqrt(dx * dx + dy * dy) + 0.5);
			}
			else if (in->type == 1)
			{
				double		dx = in->x[i] - in->x[j];
				double		dy = in->y[i] - in->y[j];
				double		r = sqrt((dx * dx + dy * dy) / 10.0);
				int			t = (int) (r + 0.5);

				v = (t < r) ? t + 1 : t;
			}
			else
			{
				double		lati = GeoRad(in->x[i]),
							loni = GeoRad(in->y[i]);
				double		latj = GeoRad(in->x[j]),
							lonj = GeoRad(in->y[j]);
				double		q1 = cos(loni - lonj);
				double		q2 = cos(lati - latj);
				double		q3 = cos(lati + latj);

				v = (int) (6378.388 * acos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0);
			}
			d[i * n + j] = v;
		}
	return d;
}

static double
Now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	TspOptions	opt;
	int			verbose = 0;
	int			asym = 0;
	int			closed = 1;
	int			end = -1;
	int			i;
	double		sumgap = 0,
				maxgap = 0,
				sumt = 0;
	int			cnt = 0;

	lgtsp_default_options(&opt);
	for (i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
			opt.kicks = atol(argv[++i]);
		else if (strcmp(argv[i], "-K") == 0 && i + 1 < argc)
			opt.neighbours = atoi(argv[++i]);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			opt.seed = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-A") == 0)
			asym = 1;
		else if (strcmp(argv[i], "-D") == 0)
			asym = 2;
		else if (strcmp(argv[i], "-R") == 0)
			asym = 3;
		else if (strcmp(argv[i], "-o") == 0)
			closed = 0;
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
			end = atoi(argv[++i]) - 1;
		else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
		{
			Instance	in;
			double	   *d;
			int			a,
						b;

			if (ReadInstance(argv[++i], &in) != 0)
				return 1;
			d = Matrix(&in);
			printf("{");
			for (a = 0; a < in.n; a++)
			{
				printf("%s{", a ? "," : "");
				for (b = 0; b < in.n; b++)
					printf("%s%.0f", b ? "," : "", d[a * in.n + b]);
				printf("}");
			}
			printf("}\n");
			return 0;
		}
		else if (strcmp(argv[i], "-t") == 0 && i + 2 < argc)
		{
			Instance	in;
			double	   *d;
			FILE	   *f = fopen(argv[++i], "r");
			char		line[256];
			int		   *tour;
			int			len = 0,
						sec = 0;

			if (!f || ReadInstance(argv[++i], &in) != 0)
				return 1;
			d = Matrix(&in);
			tour = malloc(sizeof(int) * in.n);
			while (fgets(line, sizeof(line), f))
			{
				char	   *p = line;
				int			v,
							used;

				if (strncmp(line, "TOUR_SECTION", 12) == 0)
				{
					sec = 1;
					continue;
				}
				if (!sec)
					continue;
				while (sscanf(p, "%d%n", &v, &used) == 1 && v > 0)
				{
					if (len < in.n)
						tour[len++] = v - 1;
					p += used;
				}
			}
			printf("%s %.0f\n", in.name, lgtsp_tour_cost(in.n, d, tour, len, 1));
			return 0;
		}
		else
		{
			char		path[1024];
			char	   *colon;
			double		optimum = 0;
			Instance	in;
			double	   *d;
			int		   *tour;
			TspStats	st;
			double		t0,
						t1,
						gap;
			int			rc;

			snprintf(path, sizeof(path), "%s", argv[i]);
			colon = strrchr(path, ':');
			if (colon)
			{
				*colon = '\0';
				optimum = atof(colon + 1);
			}
			if (ReadInstance(path, &in) != 0)
			{
				fprintf(stderr, "cannot read %s\n", path);
				return 1;
			}
			d = Matrix(&in);
			if (asym == 2)
				d[1] += 0.001;	/* not symmetric any more: directed search */
			if (asym == 3)
			{
				/* each arc up to 30% longer, independently (one-way streets) */
				unsigned long long h = 12345;
				int			a;

				for (a = 0; a < in.n * in.n; a++)
				{
					h = h * 6364136223846793005ULL + 1442695040888963407ULL;
					d[a] = (int) (d[a] * (1.0 + 0.3 * (double) (h >> 11) / 9007199254740992.0));
				}
				optimum = 0;
			}
			if (asym == 1)
			{
				/* uphill costs extra: an asymmetric variant (no optimum) */
				int			a,
							b;
				double		ymin = in.y[0],
							ymax = in.y[0];

				for (a = 0; a < in.n; a++)
				{
					if (in.y[a] < ymin)
						ymin = in.y[a];
					if (in.y[a] > ymax)
						ymax = in.y[a];
				}
				for (a = 0; a < in.n; a++)
					for (b = 0; b < in.n; b++)
						if (a != b && in.y[b] > in.y[a])
							d[a * in.n + b] += (int) (0.5 * (in.y[b] - in.y[a]) *
													  (in.type == 2 ? 111.0 : 1.0));
				optimum = 0;
			}
			tour = malloc(sizeof(int) * in.n);
			t0 = Now();
			rc = lgtsp_solve(in.n, d, closed, 0, end, tour, &opt, &st);
			t1 = Now();
			if (rc != TSP_OK)
			{
				fprintf(stderr, "%s: rc %d\n", in.name, rc);
				return 1;
			}
			gap = optimum > 0 ? 100.0 * (st.cost - optimum) / optimum : 0;
			printf("%-10s n=%4d cost=%8.0f opt=%8.0f gap=%6.3f%% time=%7.3fs kicks=%ld acc=%ld\n",
				   in.name, in.n, st.cost, optimum, gap, t1 - t0, st.kicks,
				   st.accepted);
			if (verbose)
			{
				int			k;

				for (k = 0; k < in.n; k++)
					printf("%d%c", tour[k] + 1, k + 1 < in.n ? ' ' : '\n');
			}
			sumgap += gap;
			if (gap > maxgap)
				maxgap = gap;
			sumt += t1 - t0;
			cnt++;
			free(d);
			free(tour);
			free(in.x);
			free(in.y);
		}
	}
	if (cnt > 1)
		printf("mean gap %.3f%%  max gap %.3f%%  total time %.3fs\n",
			   sumgap / cnt, maxgap, sumt);
	return 0;
}
