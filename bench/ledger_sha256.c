/*
 * bench/ledger_sha256.c: the cost of one SHA-256 message through
 * PostgreSQL's cryptohash API (common/cryptohash.h), used as the ledger
 * uses it (src/ledger/ledger_hash.c): one context, re-initialised for every
 * message.  bench/ledger.sh prints the ceiling this puts on verification:
 * a row costs one record message (RECORD bytes) and, with the Merkle
 * check, on average one node message (65 bytes: 0x01 and two hashes).
 *
 *   ledger_sha256 [RECORD]   prints "record_us node_us" (CPU microseconds)
 */
#include "postgres_fe.h"

#include <time.h>

#include "common/cryptohash.h"

#define N 1000000

static double
CpuSeconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* CPU microseconds per message of len bytes */
static double
PerMessage(pg_cryptohash_ctx *c, size_t len)
{
	unsigned char msg[4096],
				out[32];
	double		t0;
	int			i;

	memset(msg, 0x5a, sizeof(msg));
	t0 = CpuSeconds();
	for (i = 0; i < N; i++)
	{
		if (pg_cryptohash_init(c) < 0 ||
			pg_cryptohash_update(c, msg, len) < 0 ||
			pg_cryptohash_final(c, out, sizeof(out)) < 0)
		{
			fprintf(stderr, "SHA-256 failed\n");
			exit(1);
		}
		msg[i % len] ^= out[0];	/* each message depends on the last */
	}
	return (CpuSeconds() - t0) / N * 1e6;
}

int
main(int argc, char **argv)
{
	size_t		record = argc > 1 ? (size_t) atoi(argv[1]) : 200;
	pg_cryptohash_ctx *c = pg_cryptohash_create(PG_SHA256);

	if (c == NULL || record < 1 || record > 4096)
	{
		fprintf(stderr, "usage: ledger_sha256 [record bytes, 1 to 4096]\n");
		return 1;
	}
	printf("%.4f %.4f\n", PerMessage(c, record), PerMessage(c, 65));
	pg_cryptohash_free(c);
	return 0;
}
