/*-------------------------------------------------------------------------
 *
 * sha256.c
 *	  SHA-256 as FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2)
 *	  defines it, with a block function for the x86 SHA extensions.
 *
 * The portable block function is the specification's loop.  The SHA-NI one
 * follows the instructions' documented contract (Intel SDM, SHA256RNDS2,
 * SHA256MSG1, SHA256MSG2): the state is kept as the two lane groups
 * ABEF and CDGH that SHA256RNDS2 takes, each instruction does two rounds
 * with W[t] + K[t] precomputed, and the message schedule of four words at
 * a time is W[t..t+3] = MSG2(MSG1(W[t-16..], W[t-12..]) + W[t-7..t-4],
 * W[t-4..]).  The CPU is asked once (CPUID leaf 7, EBX bit 29: SHA; leaf 1,
 * ECX bits 9 and 19: SSSE3 and SSE4.1) which one to use.
 *
 *-------------------------------------------------------------------------
 */
#include "ledger/sha256.h"

#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && \
	(defined(__GNUC__) || defined(__clang__))
#define LEDGER_HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

typedef void (*BlockFn) (uint32_t *h, const unsigned char *p, size_t n);

/* FIPS 180-4 4.2.2: the first 32 bits of the cube roots of the primes */
static const uint32_t K[64] = {
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

/* FIPS 180-4 5.3.3: the first 32 bits of the square roots of the primes */
static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

static void
BlocksPortable(uint32_t *h, const unsigned char *p, size_t n)
{
	uint32_t	w[64];
	int			t;

	for (; n > 0; n--, p += LEDGER_SHA256_BLOCK)
	{
		uint32_t	a = h[0],
					b = h[1],
					c = h[2],
					d = h[3],
					e = h[4],
					f = h[5],
					g = h[6],
					hh = h[7];

		for (t = 0; t < 16; t++)
			w[t] = (uint32_t) p[4 * t] << 24 | (uint32_t) p[4 * t + 1] << 16 |
				(uint32_t) p[4 * t + 2] << 8 | (uint32_t) p[4 * t + 3];
		for (t = 16; t < 64; t++)
			w[t] = SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) + w[t - 16];
		for (t = 0; t < 64; t++)
		{
			uint32_t	t1 = hh + BSIG1(e) + CH(e, f, g) + K[t] + w[t];
			uint32_t	t2 = BSIG0(a) + MAJ(a, b, c);

			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

#ifdef LEDGER_HAVE_SHANI

#define SHANI __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds with the message words m = W[t..t+3] */
#define SHANI_ROUNDS4(m, t) \
	do { \
		__m128i		wk = _mm_add_epi32((m), \
									   _mm_loadu_si128((const __m128i *) &K[t])); \
		s1 = _mm_sha256rnds2_epu32(s1, s0, wk); \
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(wk, 0x0E)); \
	} while (0)

/* m0 = W[t-16..t-13] becomes W[t..t+3]; m1, m2, m3 are the next words */
#define SHANI_SCHEDULE(m0, m1, m2, m3) \
	(m0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), \
											  _mm_alignr_epi8((m3), (m2), 4)), \
								(m3))

static SHANI void
BlocksShaNi(uint32_t *h, const unsigned char *p, size_t n)
{
	/* byte order of each 32-bit word reversed: the message is big-endian */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
										 0x0405060700010203ULL);
	__m128i		s0,
				s1,
				t;

	/* h[0..3] = A B C D, h[4..7] = E F G H into ABEF and CDGH */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &h[0]), 0xB1);
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &h[4]), 0x1B);
	s0 = _mm_alignr_epi8(t, s1, 8);
	s1 = _mm_blend_epi16(s1, t, 0xF0);

	for (; n > 0; n--, p += LEDGER_SHA256_BLOCK)
	{
		__m128i		abef = s0,
					cdgh = s1,
					m0,
					m1,
					m2,
					m3;
		int			r;

		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) p), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (p + 48)), bswap);
		SHANI_ROUNDS4(m0, 0);
		SHANI_ROUNDS4(m1, 4);
		SHANI_ROUNDS4(m2, 8);
		SHANI_ROUNDS4(m3, 12);
		for (r = 16; r < 64; r += 16)
		{
			SHANI_SCHEDULE(m0, m1, m2, m3);
			SHANI_ROUNDS4(m0, r);
			SHANI_SCHEDULE(m1, m2, m3, m0);
			SHANI_ROUNDS4(m1, r + 4);
			SHANI_SCHEDULE(m2, m3, m0, m1);
			SHANI_ROUNDS4(m2, r + 8);
			SHANI_SCHEDULE(m3, m0, m1, m2);
			SHANI_ROUNDS4(m3, r + 12);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}

	/* back to A B C D and E F G H */
	t = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	_mm_storeu_si128((__m128i *) &h[0], _mm_blend_epi16(t, s1, 0xF0));
	_mm_storeu_si128((__m128i *) &h[4], _mm_alignr_epi8(s1, t, 8));
}

/*
 * One block of each of two independent messages.  SHA256RNDS2 has a long
 * latency and each round depends on the one before, so interleaving two
 * messages keeps the unit busy: about 1.5 times the throughput of one.
 */
#define SHANI_ROUNDS4_2(ma, mb, t) \
	do { \
		__m128i		k = _mm_loadu_si128((const __m128i *) &K[t]); \
		__m128i		wa = _mm_add_epi32((ma), k); \
		__m128i		wb = _mm_add_epi32((mb), k); \
		a1 = _mm_sha256rnds2_epu32(a1, a0, wa); \
		b1 = _mm_sha256rnds2_epu32(b1, b0, wb); \
		a0 = _mm_sha256rnds2_epu32(a0, a1, _mm_shuffle_epi32(wa, 0x0E)); \
		b0 = _mm_sha256rnds2_epu32(b0, b1, _mm_shuffle_epi32(wb, 0x0E)); \
	} while (0)

static SHANI void
BlockPairShaNi(uint32_t *ha, const unsigned char *pa,
			   uint32_t *hb, const unsigned char *pb)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
										 0x0405060700010203ULL);
	__m128i		a0,
				a1,
				b0,
				b1,
				ta,
				tb,
				sa0,
				sa1,
				sb0,
				sb1,
				m0,
				m1,
				m2,
				m3,
				n0,
				n1,
				n2,
				n3;
	int			r;

	ta = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &ha[0]), 0xB1);
	a1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &ha[4]), 0x1B);
	a0 = _mm_alignr_epi8(ta, a1, 8);
	a1 = _mm_blend_epi16(a1, ta, 0xF0);
	tb = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &hb[0]), 0xB1);
	b1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &hb[4]), 0x1B);
	b0 = _mm_alignr_epi8(tb, b1, 8);
	b1 = _mm_blend_epi16(b1, tb, 0xF0);
	sa0 = a0;
	sa1 = a1;
	sb0 = b0;
	sb1 = b1;

	m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) pa), bswap);
	m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pa + 16)), bswap);
	m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pa + 32)), bswap);
	m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pa + 48)), bswap);
	n0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) pb), bswap);
	n1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pb + 16)), bswap);
	n2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pb + 32)), bswap);
	n3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (pb + 48)), bswap);
	SHANI_ROUNDS4_2(m0, n0, 0);
	SHANI_ROUNDS4_2(m1, n1, 4);
	SHANI_ROUNDS4_2(m2, n2, 8);
	SHANI_ROUNDS4_2(m3, n3, 12);
	for (r = 16; r < 64; r += 16)
	{
		SHANI_SCHEDULE(m0, m1, m2, m3);
		SHANI_SCHEDULE(n0, n1, n2, n3);
		SHANI_ROUNDS4_2(m0, n0, r);
		SHANI_SCHEDULE(m1, m2, m3, m0);
		SHANI_SCHEDULE(n1, n2, n3, n0);
		SHANI_ROUNDS4_2(m1, n1, r + 4);
		SHANI_SCHEDULE(m2, m3, m0, m1);
		SHANI_SCHEDULE(n2, n3, n0, n1);
		SHANI_ROUNDS4_2(m2, n2, r + 8);
		SHANI_SCHEDULE(m3, m0, m1, m2);
		SHANI_SCHEDULE(n3, n0, n1, n2);
		SHANI_ROUNDS4_2(m3, n3, r + 12);
	}
	a0 = _mm_add_epi32(a0, sa0);
	a1 = _mm_add_epi32(a1, sa1);
	b0 = _mm_add_epi32(b0, sb0);
	b1 = _mm_add_epi32(b1, sb1);

	ta = _mm_shuffle_epi32(a0, 0x1B);
	a1 = _mm_shuffle_epi32(a1, 0xB1);
	_mm_storeu_si128((__m128i *) &ha[0], _mm_blend_epi16(ta, a1, 0xF0));
	_mm_storeu_si128((__m128i *) &ha[4], _mm_alignr_epi8(a1, ta, 8));
	tb = _mm_shuffle_epi32(b0, 0x1B);
	b1 = _mm_shuffle_epi32(b1, 0xB1);
	_mm_storeu_si128((__m128i *) &hb[0], _mm_blend_epi16(tb, b1, 0xF0));
	_mm_storeu_si128((__m128i *) &hb[4], _mm_alignr_epi8(b1, tb, 8));
}

static int
CpuHasShaNi(void)
{
	unsigned int a,
				b,
				c,
				d;

	if (!__get_cpuid(1, &a, &b, &c, &d) ||
		!(c & (1u << 9)) || !(c & (1u << 19)))
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1u << 29)) != 0;
}
#endif							/* LEDGER_HAVE_SHANI */

static BlockFn Blocks = NULL;

static BlockFn
ChooseBlocks(void)
{
#ifdef LEDGER_HAVE_SHANI
	if (CpuHasShaNi())
		return BlocksShaNi;
#endif
	return BlocksPortable;
}

static inline void
Compress(uint32_t *h, const unsigned char *p, size_t n)
{
	if (Blocks == NULL)
		Blocks = ChooseBlocks();
	Blocks(h, p, n);
}

const char *
ledger_sha256_impl(void)
{
	if (Blocks == NULL)
		Blocks = ChooseBlocks();
#ifdef LEDGER_HAVE_SHANI
	if (Blocks == BlocksShaNi)
		return "sha-ni";
#endif
	return "portable";
}

void
ledger_sha256_force_portable(void)
{
	Blocks = BlocksPortable;
}

void
ledger_sha256_init(LedgerSha256 *c)
{
	memcpy(c->h, H0, sizeof(H0));
	c->bytes = 0;
	c->nbuf = 0;
}

void
ledger_sha256_update(LedgerSha256 *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	c->bytes += len;
	if (c->nbuf > 0)
	{
		size_t		take = LEDGER_SHA256_BLOCK - c->nbuf;

		if (take > len)
			take = len;
		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		len -= take;
		if (c->nbuf < LEDGER_SHA256_BLOCK)
			return;
		Compress(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	if (len >= LEDGER_SHA256_BLOCK)
	{
		Compress(c->h, p, len / LEDGER_SHA256_BLOCK);
		p += len - len % LEDGER_SHA256_BLOCK;
		len %= LEDGER_SHA256_BLOCK;
	}
	if (len > 0)
		memcpy(c->buf, p, len);
	c->nbuf = len;
}

/* FIPS 180-4 5.1.1: 0x80, zeros, and the length in bits, big-endian */
void
ledger_sha256_final(LedgerSha256 *c, unsigned char out[LEDGER_SHA256_LEN])
{
	uint64_t	bits = c->bytes * 8;
	int			i;

	c->buf[c->nbuf++] = 0x80;
	if (c->nbuf > LEDGER_SHA256_BLOCK - 8)
	{
		memset(c->buf + c->nbuf, 0, LEDGER_SHA256_BLOCK - c->nbuf);
		Compress(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	memset(c->buf + c->nbuf, 0, LEDGER_SHA256_BLOCK - 8 - c->nbuf);
	for (i = 0; i < 8; i++)
		c->buf[LEDGER_SHA256_BLOCK - 1 - i] = (unsigned char) (bits >> (8 * i));
	Compress(c->h, c->buf, 1);
	for (i = 0; i < 8; i++)
	{
		out[4 * i] = (unsigned char) (c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char) (c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char) (c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char) c->h[i];
	}
}

void
ledger_sha256_once(const void *data, size_t len,
				   unsigned char out[LEDGER_SHA256_LEN])
{
	LedgerSha256 c;

	ledger_sha256_init(&c);
	ledger_sha256_update(&c, data, len);
	ledger_sha256_final(&c, out);
}

/*
 * The padded message's blocks (FIPS 180-4 5.1.1): the whole blocks of data,
 * then one or two built in tail.  Returns their number.
 */
static size_t
PadTail(const unsigned char *data, size_t len, unsigned char *tail)
{
	size_t		rest = len % LEDGER_SHA256_BLOCK;
	size_t		ntail = rest + 9 > LEDGER_SHA256_BLOCK ? 2 : 1;
	uint64_t	bits = (uint64_t) len * 8;
	int			i;

	memcpy(tail, data + len - rest, rest);
	tail[rest] = 0x80;
	memset(tail + rest + 1, 0, ntail * LEDGER_SHA256_BLOCK - rest - 1);
	for (i = 0; i < 8; i++)
		tail[ntail * LEDGER_SHA256_BLOCK - 1 - i] = (unsigned char) (bits >> (8 * i));
	return len / LEDGER_SHA256_BLOCK + ntail;
}

static inline const unsigned char *
BlockAt(const unsigned char *data, size_t len, const unsigned char *tail,
		size_t k)
{
	size_t		whole = len / LEDGER_SHA256_BLOCK;

	return k < whole ? data + k * LEDGER_SHA256_BLOCK :
		tail + (k - whole) * LEDGER_SHA256_BLOCK;
}

static void
Digest(const uint32_t *h, unsigned char *out)
{
	int			i;

	for (i = 0; i < 8; i++)
	{
		out[4 * i] = (unsigned char) (h[i] >> 24);
		out[4 * i + 1] = (unsigned char) (h[i] >> 16);
		out[4 * i + 2] = (unsigned char) (h[i] >> 8);
		out[4 * i + 3] = (unsigned char) h[i];
	}
}

void
ledger_sha256_pair(const void *a, size_t alen, unsigned char *outa,
				   const void *b, size_t blen, unsigned char *outb)
{
#ifdef LEDGER_HAVE_SHANI
	unsigned char ta[2 * LEDGER_SHA256_BLOCK],
				tb[2 * LEDGER_SHA256_BLOCK];
	uint32_t	ha[8],
				hb[8];
	size_t		na,
				nb,
				k;

	if (Blocks == NULL)
		Blocks = ChooseBlocks();
	if (Blocks == BlocksShaNi)
	{
		na = PadTail(a, alen, ta);
		nb = PadTail(b, blen, tb);
		memcpy(ha, H0, sizeof(H0));
		memcpy(hb, H0, sizeof(H0));
		for (k = 0; k < na && k < nb; k++)
			BlockPairShaNi(ha, BlockAt(a, alen, ta, k), hb, BlockAt(b, blen, tb, k));
		for (; k < na; k++)
			BlocksShaNi(ha, BlockAt(a, alen, ta, k), 1);
		for (k = na; k < nb; k++)
			BlocksShaNi(hb, BlockAt(b, blen, tb, k), 1);
		Digest(ha, outa);
		Digest(hb, outb);
		return;
	}
#endif
	ledger_sha256_once(a, alen, outa);
	ledger_sha256_once(b, blen, outb);
}
