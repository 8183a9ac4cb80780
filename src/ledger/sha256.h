/*-------------------------------------------------------------------------
 *
 * sha256.h
 *	  SHA-256 (FIPS 180-4) for the ledger's row and Merkle node hashes.
 *	  Plain C, no PostgreSQL headers.
 *
 * Why not PostgreSQL's common/cryptohash.h: with OpenSSL 3 every
 * pg_cryptohash_init() fetches the digest again (EVP_DigestInit_ex with the
 * legacy EVP_sha256(): locks and name lookups), 0.2 us of overhead on a
 * hash that takes 0.1 us, and the ledger makes one to three hashes of 65 to
 * 300 bytes per row.  This implementation uses the x86 SHA extensions when
 * the CPU has them (checked once at run time) and a portable C version
 * otherwise; the two are tested against the FIPS 180-4 example vectors and
 * against each other, and row hashes against SQL sha256() in test/ledger.sql.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LEDGER_SHA256_H
#define LEDGER_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define LEDGER_SHA256_LEN 32
#define LEDGER_SHA256_BLOCK 64

typedef struct LedgerSha256
{
	uint32_t	h[8];
	uint64_t	bytes;			/* message length so far */
	size_t		nbuf;			/* bytes waiting in buf */
	unsigned char buf[LEDGER_SHA256_BLOCK];
} LedgerSha256;

extern void ledger_sha256_init(LedgerSha256 *c);
extern void ledger_sha256_update(LedgerSha256 *c, const void *data,
								 size_t len);
extern void ledger_sha256_final(LedgerSha256 *c,
								unsigned char out[LEDGER_SHA256_LEN]);

/* SHA-256 of one buffer */
extern void ledger_sha256_once(const void *data, size_t len,
							   unsigned char out[LEDGER_SHA256_LEN]);

/*
 * SHA-256 of two independent buffers at once (interleaved on the SHA
 * extensions, one after the other otherwise)
 */
extern void ledger_sha256_pair(const void *a, size_t alen, unsigned char *outa,
							   const void *b, size_t blen, unsigned char *outb);

/* Which block function is used: "sha-ni" or "portable" */
extern const char *ledger_sha256_impl(void);

/* Use the portable block function from now on (tests compare the two) */
extern void ledger_sha256_force_portable(void);

#endif							/* LEDGER_SHA256_H */
