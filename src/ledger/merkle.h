/*-------------------------------------------------------------------------
 *
 * merkle.h
 *	  RFC 6962 Merkle hash trees: tree heads, audit paths (inclusion
 *	  proofs), consistency proofs, their verification, and the compact
 *	  "frontier" that lets an append-only log extend its tree one leaf at a
 *	  time.  Plain C: the SHA-256 comes in as a function pointer, so the
 *	  extension passes PostgreSQL's (ledger_hash.c) and the unit tests a
 *	  test-only one.
 *
 * Definitions (RFC 6962 section 2.1, restated in RFC 9162 section 2.1):
 *	  MTH({})	   = SHA-256()
 *	  MTH({d0})   = SHA-256(0x00 || d0)						(leaf hash)
 *	  MTH(D[n])   = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))	(node hash)
 *	  with k the largest power of two smaller than n.
 *
 * The tree's data lives elsewhere (a table); the kernel reads it through a
 * MerkleSource callback that returns the hash of one aligned perfect
 * subtree: level L, index i covers leaves [i * 2^L, (i + 1) * 2^L).  Every
 * subtree hash the RFC's recursions need is assembled from those.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LEDGER_MERKLE_H
#define LEDGER_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN 32
/* Longest audit path (64 levels) and consistency proof (65 entries) */
#define MERKLE_MAX_PATH 66

/* Return codes of the kernel (0 is success) */
#define MERKLE_OK 0
#define MERKLE_EHASH (-1)		/* the hash or source callback failed */
#define MERKLE_ERANGE (-2)		/* index or size out of range */

/*
 * SHA-256 of the concatenation of nparts buffers, into out; returns 0 on
 * success and nonzero on failure.
 */
typedef int (*merkle_sha256_fn) (void *arg, int nparts,
								 const unsigned char *const *parts,
								 const size_t *lens, unsigned char *out);

typedef struct MerkleHasher
{
	merkle_sha256_fn sha256;
	void	   *arg;
} MerkleHasher;

/*
 * Hash of the perfect subtree at (level, index) into out; returns 0 on
 * success, nonzero when it cannot (missing row, error).
 */
typedef int (*merkle_node_fn) (void *arg, int level, uint64_t index,
							   unsigned char *out);

typedef struct MerkleSource
{
	merkle_node_fn node;
	void	   *arg;
} MerkleSource;

/*
 * The compact range [0, size): hash[k] is the root of the perfect subtree
 * of 2^k leaves that the k-th set bit of size stands for (RFC 6962 trees
 * decompose into one perfect subtree per set bit, largest first).
 */
typedef struct MerkleFrontier
{
	uint64_t	size;
	unsigned char hash[64][MERKLE_HASH_LEN];
} MerkleFrontier;

extern int	merkle_leaf_hash(const MerkleHasher *h, const unsigned char *data,
							 size_t len, unsigned char *out);
extern int	merkle_node_hash(const MerkleHasher *h, const unsigned char *left,
							 const unsigned char *right, unsigned char *out);

/* MTH(D[begin:end]) for 0 <= begin < end; MTH of no leaves when equal */
extern int	merkle_range_hash(const MerkleHasher *h, const MerkleSource *src,
							  uint64_t begin, uint64_t end,
							  unsigned char *out);

/* RFC 6962 2.1.1 PATH(m, D[n]), leaf side first; 0 <= m < n */
extern int	merkle_inclusion_proof(const MerkleHasher *h,
								   const MerkleSource *src, uint64_t m,
								   uint64_t n,
								   unsigned char (*path)[MERKLE_HASH_LEN],
								   int *npath);

/* RFC 6962 2.1.2 PROOF(m, D[n]); 0 < m <= n (empty when m == n) */
extern int	merkle_consistency_proof(const MerkleHasher *h,
									 const MerkleSource *src, uint64_t m,
									 uint64_t n,
									 unsigned char (*path)[MERKLE_HASH_LEN],
									 int *npath);

/*
 * RFC 9162 2.1.3.2 and 2.1.4.2 verification: 1 when the proof holds, 0
 * when it does not, MERKLE_EHASH when hashing failed.
 */
extern int	merkle_verify_inclusion(const MerkleHasher *h,
									const unsigned char *leaf_hash,
									uint64_t m, uint64_t n,
									const unsigned char (*path)[MERKLE_HASH_LEN],
									int npath, const unsigned char *root);
extern int	merkle_verify_consistency(const MerkleHasher *h, uint64_t m,
									  uint64_t n,
									  const unsigned char *first_root,
									  const unsigned char *second_root,
									  const unsigned char (*path)[MERKLE_HASH_LEN],
									  int npath);

/* Frontier of the tree of size n, read from src (one node per set bit) */
extern int	merkle_frontier_load(const MerkleSource *src, uint64_t n,
								 MerkleFrontier *f);

/*
 * Append one leaf hash.  completed[j] receives the root of the perfect
 * subtree of level j + 1 that this leaf completes; *ncompleted is their
 * number (the count of trailing one bits of the old size).
 */
extern int	merkle_frontier_append(const MerkleHasher *h, MerkleFrontier *f,
								   const unsigned char *leaf_hash,
								   unsigned char (*completed)[MERKLE_HASH_LEN],
								   int *ncompleted);

/* Root of the tree the frontier describes (SHA-256() when empty) */
extern int	merkle_frontier_root(const MerkleHasher *h, const MerkleFrontier *f,
								 unsigned char *out);

#endif							/* LEDGER_MERKLE_H */
