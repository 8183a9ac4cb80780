/* unit: src/ledger/sha256.c */
/*
 * Unit tests of the ledger's SHA-256 (src/ledger/sha256.c), both block
 * functions: the SHA extensions where this CPU has them, and the portable
 * one.
 *
 * Independent expectations:
 * - The FIPS 180-4 example vectors (NIST, "SHA256.pdf" and
 *   "SHA2_Additional.pdf" of the Cryptographic Standards and Guidelines
 *   examples): "abc", the 448-bit and 896-bit messages, the empty message
 *   and one million times "a".
 * - Every length 0..300 (all padding cases: 55, 56, 63, 64 bytes ...) of a
 *   pseudo-random message, fed whole, in pieces, and paired with a message
 *   of another length (ledger_sha256_pair), against the test-only
 *   implementation test/unit/ledger_sha256.h written separately.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/sha256.h"
#include "ledger_sha256.h"

static int	n_test = 0;
static int	n_fail = 0;

static void
ok(int cond, const char *what)
{
	n_test++;
	if (cond)
		printf("ok %d - %s\n", n_test, what);
	else
	{
		n_fail++;
		printf("not ok %d - %s\n", n_test, what);
	}
}

static void
hex(const unsigned char *h, char *out)
{
	int			i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

static int
Vector(const char *msg, size_t repeat, const char *want)
{
	LedgerSha256 c;
	unsigned char h[32];
	char		got[65];
	size_t		i;

	ledger_sha256_init(&c);
	for (i = 0; i < repeat; i++)
		ledger_sha256_update(&c, msg, strlen(msg));
	ledger_sha256_final(&c, h);
	hex(h, got);
	if (strcmp(got, want) != 0)
		printf("# got %s\n# want %s\n", got, want);
	return strcmp(got, want) == 0;
}

static void
Vectors(const char *impl)
{
	char		what[100];

	snprintf(what, sizeof(what), "%s: FIPS 180-4 \"abc\"", impl);
	ok(Vector("abc", 1,
			  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	   what);
	snprintf(what, sizeof(what), "%s: FIPS 180-4 448-bit message", impl);
	ok(Vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
			  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
	   what);
	snprintf(what, sizeof(what), "%s: FIPS 180-4 896-bit message", impl);
	ok(Vector("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
			  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
	   what);
	snprintf(what, sizeof(what), "%s: empty message", impl);
	ok(Vector("", 1,
			  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	   what);
	snprintf(what, sizeof(what), "%s: one million \"a\"", impl);
	ok(Vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 20000,
			  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	   what);
}

/* Every length, whole and in three pieces, against the test-only SHA-256 */
static void
AgainstReference(const char *impl)
{
	unsigned char msg[300];
	unsigned int x = 12345;
	size_t		len,
				i;
	int			whole_ok = 1,
				parts_ok = 1,
				pair_ok = 1;
	char		what[100];

	for (i = 0; i < sizeof(msg); i++)
	{
		x = x * 1103515245u + 12345u;
		msg[i] = (unsigned char) (x >> 16);
	}
	for (len = 0; len <= sizeof(msg); len++)
	{
		LedgerSha256 c;
		unsigned char want[32],
					got[32];
		size_t		a = len / 3,
					b = len - len / 5;
		const unsigned char *parts[1] = {msg};
		size_t		lens[1] = {len};

		tsha256_parts(NULL, 1, parts, lens, want);
		ledger_sha256_once(msg, len, got);
		if (memcmp(want, got, 32) != 0)
			whole_ok = 0;
		ledger_sha256_init(&c);
		ledger_sha256_update(&c, msg, a);
		ledger_sha256_update(&c, msg + a, b - a);
		ledger_sha256_update(&c, msg + b, len - b);
		ledger_sha256_final(&c, got);
		if (memcmp(want, got, 32) != 0)
			parts_ok = 0;

		/* paired with a message of another length (and padding) */
		{
			size_t		len2 = (len * 7 + 13) % (sizeof(msg) - 5);
			unsigned char want2[32],
						got1[32],
						got2[32];
			const unsigned char *p2[1] = {msg + 5};
			size_t		l2[1] = {len2};

			tsha256_parts(NULL, 1, p2, l2, want2);
			ledger_sha256_pair(msg, len, got1, msg + 5, len2, got2);
			if (memcmp(want, got1, 32) != 0 || memcmp(want2, got2, 32) != 0)
				pair_ok = 0;
			ledger_sha256_pair(msg + 5, len2, got2, msg, len, got1);
			if (memcmp(want, got1, 32) != 0 || memcmp(want2, got2, 32) != 0)
				pair_ok = 0;
		}
	}
	snprintf(what, sizeof(what),
			 "%s: lengths 0..300 in one piece equal the reference", impl);
	ok(whole_ok, what);
	snprintf(what, sizeof(what),
			 "%s: lengths 0..300 in three pieces equal the reference", impl);
	ok(parts_ok, what);
	snprintf(what, sizeof(what),
			 "%s: two messages hashed as a pair equal the reference", impl);
	ok(pair_ok, what);
}

int
main(void)
{
	const char *impl = ledger_sha256_impl();

	printf("# block function on this CPU: %s\n", impl);
	ok(strcmp(impl, "sha-ni") == 0 || strcmp(impl, "portable") == 0,
	   "a block function is chosen");
	Vectors(impl);
	AgainstReference(impl);
	if (strcmp(impl, "portable") != 0)
	{
		ledger_sha256_force_portable();
		ok(strcmp(ledger_sha256_impl(), "portable") == 0,
		   "the portable block function can be forced");
		Vectors("portable");
		AgainstReference("portable");
	}
	else
		printf("# no SHA extensions: the portable function was tested once\n");
	printf("1..%d\n", n_test);
	return n_fail > 0;
}
