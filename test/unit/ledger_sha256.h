/*
 * Test-only SHA-256 (FIPS 180-4, section 6.2), so the plain-C unit tests of
 * the ledger kernels link without PostgreSQL.  Never built into the
 * extension, and the reference that src/ledger/sha256.c is compared with in
 * test_ledger_sha256.c.  Checked
 * against the FIPS 180-2 appendix B vectors in test_ledger_merkle.c.
 */
#ifndef LEDGER_SHA256_TESTONLY_H
#define LEDGER_SHA256_TESTONLY_H

#include <stdint.h>
#include <string.h>

typedef struct
{
	uint32_t	h[8];
	uint64_t	len;
	unsigned char buf[64];
	size_t		nbuf;
} TSha256;

static const uint32_t TSha256K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define TROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
tsha256_block(TSha256 *c, const unsigned char *p)
{
	uint32_t	w[64],
				a,
				b,
				d,
				e,
				f,
				g,
				hh,
				cc,
				t1,
				t2;
	int			i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t) p[4 * i] << 24 | (uint32_t) p[4 * i + 1] << 16 |
			(uint32_t) p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (TROR(w[i - 2], 17) ^ TROR(w[i - 2], 19) ^ (w[i - 2] >> 10)) +
			w[i - 7] +
			(TROR(w[i - 15], 7) ^ TROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
			w[i - 16];
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	f = c->h[5];
	g = c->h[6];
	hh = c->h[7];
	for (i = 0; i < 64; i++)
	{
		t1 = hh + (TROR(e, 6) ^ TROR(e, 11) ^ TROR(e, 25)) +
			((e & f) ^ (~e & g)) + TSha256K[i] + w[i];
		t2 = (TROR(a, 2) ^ TROR(a, 13) ^ TROR(a, 22)) +
			((a & b) ^ (a & cc) ^ (b & cc));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = cc;
		cc = b;
		b = a;
		a = t1 + t2;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
	c->h[5] += f;
	c->h[6] += g;
	c->h[7] += hh;
}

static void
tsha256_init(TSha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->nbuf = 0;
}

static void
tsha256_update(TSha256 *c, const unsigned char *p, size_t n)
{
	c->len += n;
	while (n > 0)
	{
		size_t		take = 64 - c->nbuf < n ? 64 - c->nbuf : n;

		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		n -= take;
		if (c->nbuf == 64)
		{
			tsha256_block(c, c->buf);
			c->nbuf = 0;
		}
	}
}

static void
tsha256_final(TSha256 *c, unsigned char *out)
{
	uint64_t	bits = c->len * 8;
	unsigned char pad = 0x80;
	unsigned char zero = 0;
	unsigned char lenbuf[8];
	int			i;

	tsha256_update(c, &pad, 1);
	while (c->nbuf != 56)
		tsha256_update(c, &zero, 1);
	for (i = 0; i < 8; i++)
		lenbuf[i] = (unsigned char) (bits >> (56 - 8 * i));
	tsha256_update(c, lenbuf, 8);
	for (i = 0; i < 8; i++)
	{
		out[4 * i] = (unsigned char) (c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char) (c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char) (c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char) c->h[i];
	}
}

/* merkle_sha256_fn for the kernels; out may alias an input */
static int
tsha256_parts(void *arg, int nparts, const unsigned char *const *parts,
			  const size_t *lens, unsigned char *out)
{
	TSha256		c;
	int			i;

	(void) arg;
	tsha256_init(&c);
	for (i = 0; i < nparts; i++)
		tsha256_update(&c, parts[i], lens[i]);
	tsha256_final(&c, out);
	return 0;
}

#endif
