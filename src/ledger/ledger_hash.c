/*-------------------------------------------------------------------------
 *
 * ledger_hash.c
 *	  SHA-256 for the ledger through PostgreSQL's own cryptohash API
 *	  (common/cryptohash.h, the code behind SQL sha256()): OpenSSL's
 *	  SHA-256 in a build with OpenSSL (which uses the CPU's SHA
 *	  instructions where it has them), PostgreSQL's own C otherwise.
 *
 * The ledger hashes many short messages (a row's record of 100 to 300
 * bytes, Merkle nodes of 65), so what a hash costs beyond its 64-byte
 * blocks matters.  Creating a context per message costs an allocation,
 * resource-owner bookkeeping and an OpenSSL context; so one context is
 * created per backend, the first time the ledger hashes, and
 * pg_cryptohash_init() starts each message on it again.  (With OpenSSL 3
 * each init still looks the digest up again; that part of the cost, about
 * 0.2 us a message on the development machine, is not reachable through
 * the API.)
 *
 * The context is remembered by a resource owner of its own, not by the
 * statement's: a context owned by a statement or a transaction would be
 * freed (and warned about as a leak) when that ends, while the pointer
 * kept here lives on.  Hashing never leaves a message half-done across
 * calls: init, update and final happen within one call of
 * ledger_sha256_parts, and an error in between leaves a context that the
 * next init resets.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "utils/resowner.h"

#include "ledger/ledger.h"

static pg_cryptohash_ctx *HashCtx = NULL;
static ResourceOwner HashOwner = NULL;

static void HashFailed(const char *what) pg_attribute_noreturn();

static void
HashFailed(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYSTEM_ERROR),
			 errmsg("could not %s the ledger's SHA-256: %s", what,
					HashCtx ? pg_cryptohash_error(HashCtx) : "out of memory")));
}

/* The backend's SHA-256 context, created on first use */
static pg_cryptohash_ctx *
LedgerHashCtx(void)
{
	ResourceOwner save;

	if (likely(HashCtx != NULL))
		return HashCtx;
	if (HashOwner == NULL)
		HashOwner = ResourceOwnerCreate(NULL, "logistics ledger SHA-256");
	save = CurrentResourceOwner;
	CurrentResourceOwner = HashOwner;
	PG_TRY();
	{
		HashCtx = pg_cryptohash_create(PG_SHA256);
	}
	PG_FINALLY();
	{
		CurrentResourceOwner = save;
	}
	PG_END_TRY();
	if (HashCtx == NULL)
		HashFailed("create");
	return HashCtx;
}

void
ledger_sha256_parts(int nparts, const unsigned char *const *parts,
					const size_t *lens, unsigned char *out)
{
	pg_cryptohash_ctx *c = LedgerHashCtx();
	int			i;

	if (pg_cryptohash_init(c) < 0)
		HashFailed("initialize");
	for (i = 0; i < nparts; i++)
		if (pg_cryptohash_update(c, parts[i], lens[i]) < 0)
			HashFailed("update");
	if (pg_cryptohash_final(c, out, MERKLE_HASH_LEN) < 0)
		HashFailed("finish");
}

void
ledger_sha256(const void *data, size_t len, unsigned char *out)
{
	const unsigned char *p = data;

	ledger_sha256_parts(1, &p, &len, out);
}

/*
 * The Merkle kernel's hasher.  Its messages are a prefix byte and one or
 * two 32-byte hashes: they are joined first, as one update costs less
 * than three.
 */
static int
KernelSha(void *arg, int nparts, const unsigned char *const *parts,
		  const size_t *lens, unsigned char *out)
{
	unsigned char joined[1 + 2 * MERKLE_HASH_LEN];
	size_t		len = 0;
	int			i;

	(void) arg;
	for (i = 0; i < nparts; i++)
		len += lens[i];
	if (nparts < 2 || len > sizeof(joined))
		ledger_sha256_parts(nparts, parts, lens, out);
	else
	{
		len = 0;
		for (i = 0; i < nparts; i++)
		{
			memcpy(joined + len, parts[i], lens[i]);
			len += lens[i];
		}
		ledger_sha256(joined, len, out);
	}
	return 0;
}

static const MerkleHasher Hasher = {KernelSha, NULL};

const MerkleHasher *
ledger_hasher(void)
{
	return &Hasher;
}
