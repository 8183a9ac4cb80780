/*-------------------------------------------------------------------------
 *
 * merkle.c
 *	  RFC 6962 Merkle hash trees (see merkle.h for the definitions).
 *
 * Proof generation follows the recursive definitions of RFC 6962 sections
 * 2.1.1 (PATH) and 2.1.2 (SUBPROOF), unrolled into loops that walk from the
 * root down and then reverse the collected hashes, because the RFC lists
 * the deepest sibling first.  Verification follows the iterative
 * algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, which check the
 * same proofs without the tree.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "merkle.h"

static const unsigned char LeafPrefix[1] = {0x00};
static const unsigned char NodePrefix[1] = {0x01};

/* Largest power of two strictly smaller than x (x >= 2) */
static uint64_t
SplitPoint(uint64_t x)
{
	return UINT64_C(1) << (63 - __builtin_clzll(x - 1));
}

int
merkle_leaf_hash(const MerkleHasher *h, const unsigned char *data,
				 size_t len, unsigned char *out)
{
	const unsigned char *parts[2] = {LeafPrefix, data};
	size_t		lens[2] = {1, len};

	return h->sha256(h->arg, 2, parts, lens, out) ? MERKLE_EHASH : MERKLE_OK;
}

int
merkle_node_hash(const MerkleHasher *h, const unsigned char *left,
				 const unsigned char *right, unsigned char *out)
{
	const unsigned char *parts[3] = {NodePrefix, left, right};
	size_t		lens[3] = {1, MERKLE_HASH_LEN, MERKLE_HASH_LEN};

	return h->sha256(h->arg, 3, parts, lens, out) ? MERKLE_EHASH : MERKLE_OK;
}

/*
 * MTH(D[begin:end]).  A range that is one aligned perfect subtree comes
 * straight from the source; any other splits at the RFC's k.  Ranges met
 * in the RFC's recursions start on a multiple of a power of two at least
 * their size, so this only recurses along the right edge (depth <= 64).
 */
int
merkle_range_hash(const MerkleHasher *h, const MerkleSource *src,
				  uint64_t begin, uint64_t end, unsigned char *out)
{
	uint64_t	size;
	uint64_t	k;
	unsigned char left[MERKLE_HASH_LEN];
	unsigned char right[MERKLE_HASH_LEN];
	int			rc;

	if (end < begin)
		return MERKLE_ERANGE;
	size = end - begin;
	if (size == 0)
		return h->sha256(h->arg, 0, NULL, NULL, out) ? MERKLE_EHASH : MERKLE_OK;
	if ((size & (size - 1)) == 0 && (begin & (size - 1)) == 0)
	{
		int			level = __builtin_ctzll(size);

		return src->node(src->arg, level, begin >> level, out) ?
			MERKLE_EHASH : MERKLE_OK;
	}
	k = SplitPoint(size);
	if ((rc = merkle_range_hash(h, src, begin, begin + k, left)) != 0)
		return rc;
	if ((rc = merkle_range_hash(h, src, begin + k, end, right)) != 0)
		return rc;
	return merkle_node_hash(h, left, right, out);
}

/* Copy the n hashes of tmp into path in reverse order */
static void
Reverse(unsigned char (*tmp)[MERKLE_HASH_LEN], int n,
		unsigned char (*path)[MERKLE_HASH_LEN])
{
	int			i;

	for (i = 0; i < n; i++)
		memcpy(path[i], tmp[n - 1 - i], MERKLE_HASH_LEN);
}

int
merkle_inclusion_proof(const MerkleHasher *h, const MerkleSource *src,
					   uint64_t m, uint64_t n,
					   unsigned char (*path)[MERKLE_HASH_LEN], int *npath)
{
	unsigned char tmp[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	uint64_t	a = 0;
	uint64_t	b = n;
	int			cnt = 0;
	int			rc;

	*npath = 0;
	if (m >= n)
		return MERKLE_ERANGE;
	while (b - a > 1)
	{
		uint64_t	k = SplitPoint(b - a);

		if (m - a < k)
		{
			/* PATH(m, D[0:k]) : MTH(D[k:n]) */
			rc = merkle_range_hash(h, src, a + k, b, tmp[cnt++]);
			b = a + k;
		}
		else
		{
			/* PATH(m - k, D[k:n]) : MTH(D[0:k]) */
			rc = merkle_range_hash(h, src, a, a + k, tmp[cnt++]);
			a += k;
		}
		if (rc != 0)
			return rc;
	}
	Reverse(tmp, cnt, path);
	*npath = cnt;
	return MERKLE_OK;
}

int
merkle_consistency_proof(const MerkleHasher *h, const MerkleSource *src,
						 uint64_t m, uint64_t n,
						 unsigned char (*path)[MERKLE_HASH_LEN], int *npath)
{
	unsigned char tmp[MERKLE_MAX_PATH][MERKLE_HASH_LEN];
	uint64_t	a = 0;
	uint64_t	b = n;
	uint64_t	mm = m;			/* m relative to a */
	int			whole = 1;		/* the RFC's flag b */
	int			cnt = 0;
	int			rc = 0;

	*npath = 0;
	if (m == 0 || m > n)
		return MERKLE_ERANGE;
	for (;;)
	{
		uint64_t	k;

		if (mm == b - a)
		{
			/* SUBPROOF(m, D[m], true) = {}; with false = {MTH(D[m])} */
			if (!whole)
				rc = merkle_range_hash(h, src, a, b, tmp[cnt++]);
			break;
		}
		k = SplitPoint(b - a);
		if (mm <= k)
		{
			/* SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) */
			rc = merkle_range_hash(h, src, a + k, b, tmp[cnt++]);
			b = a + k;
		}
		else
		{
			/* SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) */
			rc = merkle_range_hash(h, src, a, a + k, tmp[cnt++]);
			mm -= k;
			a += k;
			whole = 0;
		}
		if (rc != 0)
			return rc;
	}
	if (rc != 0)
		return rc;
	Reverse(tmp, cnt, path);
	*npath = cnt;
	return MERKLE_OK;
}

/* RFC 9162 2.1.3.2 */
int
merkle_verify_inclusion(const MerkleHasher *h, const unsigned char *leaf_hash,
						uint64_t m, uint64_t n,
						const unsigned char (*path)[MERKLE_HASH_LEN],
						int npath, const unsigned char *root)
{
	uint64_t	fn = m;
	uint64_t	sn;
	unsigned char r[MERKLE_HASH_LEN];
	int			i;

	if (m >= n || npath < 0)
		return 0;
	sn = n - 1;
	memcpy(r, leaf_hash, MERKLE_HASH_LEN);
	for (i = 0; i < npath; i++)
	{
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn)
		{
			if (merkle_node_hash(h, path[i], r, r) != 0)
				return MERKLE_EHASH;
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0)
				{
					fn >>= 1;
					sn >>= 1;
				}
		}
		else if (merkle_node_hash(h, r, path[i], r) != 0)
			return MERKLE_EHASH;
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, MERKLE_HASH_LEN) == 0;
}

/* RFC 9162 2.1.4.2; m == n holds with an empty proof and equal roots */
int
merkle_verify_consistency(const MerkleHasher *h, uint64_t m, uint64_t n,
						  const unsigned char *first_root,
						  const unsigned char *second_root,
						  const unsigned char (*path)[MERKLE_HASH_LEN],
						  int npath)
{
	uint64_t	fn;
	uint64_t	sn;
	unsigned char fr[MERKLE_HASH_LEN];
	unsigned char sr[MERKLE_HASH_LEN];
	int			i;
	int			start;

	if (m == 0 || m > n || npath < 0)
		return 0;
	if (m == n)
		return npath == 0 &&
			memcmp(first_root, second_root, MERKLE_HASH_LEN) == 0;
	if (npath == 0)
		return 0;

	/* An exact power of two: the first root is the proof's first entry */
	if ((m & (m - 1)) == 0)
	{
		memcpy(fr, first_root, MERKLE_HASH_LEN);
		start = 0;
	}
	else
	{
		memcpy(fr, path[0], MERKLE_HASH_LEN);
		start = 1;
	}
	memcpy(sr, fr, MERKLE_HASH_LEN);
	fn = m - 1;
	sn = n - 1;
	while (fn & 1)
	{
		fn >>= 1;
		sn >>= 1;
	}
	for (i = start; i < npath; i++)
	{
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn)
		{
			if (merkle_node_hash(h, path[i], fr, fr) != 0 ||
				merkle_node_hash(h, path[i], sr, sr) != 0)
				return MERKLE_EHASH;
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0)
				{
					fn >>= 1;
					sn >>= 1;
				}
		}
		else if (merkle_node_hash(h, sr, path[i], sr) != 0)
			return MERKLE_EHASH;
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 &&
		memcmp(fr, first_root, MERKLE_HASH_LEN) == 0 &&
		memcmp(sr, second_root, MERKLE_HASH_LEN) == 0;
}

int
merkle_frontier_load(const MerkleSource *src, uint64_t n, MerkleFrontier *f)
{
	int			k;

	f->size = n;
	for (k = 63; k >= 0; k--)
		if ((n >> k) & 1)
		{
			/* the subtree of bit k ends where the higher bits end + 2^k */
			if (src->node(src->arg, k, (n >> k) - 1, f->hash[k]) != 0)
				return MERKLE_EHASH;
		}
	return MERKLE_OK;
}

int
merkle_frontier_append(const MerkleHasher *h, MerkleFrontier *f,
					   const unsigned char *leaf_hash,
					   unsigned char (*completed)[MERKLE_HASH_LEN],
					   int *ncompleted)
{
	unsigned char c[MERKLE_HASH_LEN];
	int			level = 0;

	*ncompleted = 0;
	if (f->size == UINT64_MAX)
		return MERKLE_ERANGE;
	memcpy(c, leaf_hash, MERKLE_HASH_LEN);
	/* binary addition of one leaf: every carry is a completed subtree */
	while ((f->size >> level) & 1)
	{
		if (merkle_node_hash(h, f->hash[level], c, c) != 0)
			return MERKLE_EHASH;
		memcpy(completed[level], c, MERKLE_HASH_LEN);
		level++;
	}
	memcpy(f->hash[level], c, MERKLE_HASH_LEN);
	f->size++;
	*ncompleted = level;
	return MERKLE_OK;
}

int
merkle_frontier_root(const MerkleHasher *h, const MerkleFrontier *f,
					 unsigned char *out)
{
	unsigned char r[MERKLE_HASH_LEN];
	int			k;

	if (f->size == 0)
		return h->sha256(h->arg, 0, NULL, NULL, out) ? MERKLE_EHASH : MERKLE_OK;
	k = __builtin_ctzll(f->size);
	memcpy(r, f->hash[k], MERKLE_HASH_LEN);
	for (k++; k < 64; k++)
		if ((f->size >> k) & 1)
		{
			if (merkle_node_hash(h, f->hash[k], r, r) != 0)
				return MERKLE_EHASH;
		}
	memcpy(out, r, MERKLE_HASH_LEN);
	return MERKLE_OK;
}
