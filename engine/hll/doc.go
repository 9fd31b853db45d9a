// Package hll is Redis 7.0's HyperLogLog, working directly on the string
// value bytes Redis stores, so that the engine's PF* commands give Redis's
// exact replies and leave Redis's exact bytes behind (GET of an HLL key, DUMP,
// RDB files).
//
// # The value
//
// An HLL is an ordinary string: a 16-byte header ("HYLL", an encoding byte,
// three unused bytes, a little-endian 64-bit cached cardinality whose top bit
// marks it stale) followed by 16384 registers, either dense (6 bits each,
// 12288 bytes) or sparse (a run-length list of ZERO, XZERO and VAL opcodes).
// New HLLs start sparse; one turns dense when a register needs a value above
// 32 or when an edit would make the value longer than hll-sparse-max-bytes,
// which callers pass in (DefaultSparseMaxBytes is Redis's default).
//
// Elements are hashed with MurmurHash64A (seed 0xadc83b19): the low 14 bits
// pick a register, and the length of the zero run in the next 50 bits, plus
// one, is the value offered to it. Cardinalities come from Otmar Ertl's
// improved estimator over the register histogram, as in Redis 7.0.
//
// # Commands
//
// Each PF* command maps to one function. None of them modifies its input;
// each returns the value the caller stores.
//
//	PFADD key elem...        Add(h, elems, sparseMax) → value, updates, err
//	PFCOUNT key              Count(h) → n, value to store back or nil, err
//	PFCOUNT key key...       CountUnion(h...) → n, err (or a Union, key by key)
//	PFMERGE dest src...      Merge(dest, srcs, sparseMax) → value, err (or a Union)
//	PFDEBUG GETREG key       ToDense(h), then RegisterValues
//	PFDEBUG DECODE key       Decode(h)
//	PFDEBUG ENCODING key     Encoding(h)
//	PFDEBUG TODENSE key      ToDense(h) → value, converted, err
//	PFSELFTEST               SelfTest(sparseMax, rand)
//
// Missing keys are passed as nil. Single-key PFCOUNT is a write in Redis
// when the cache is stale: it stores the fresh cardinality in the header
// (so GET changes), signals the key as modified and propagates it. Count
// makes that visible by returning the value to store.
//
// The caller checks the key's Redis type first; this package sees only
// string values. Strings that are not shaped like an HLL give ErrWrongType;
// sparse lists whose opcodes do not cover exactly 16384 registers give
// ErrCorrupt, when an operation walks far enough to notice, as in Redis.
// The errors' texts are Redis's error replies.
//
// # Exactness
//
// The bytes follow from Redis's editing procedure, not just from the register
// values: sparse edits split and join opcodes exactly as Redis's
// hllSparseSet does, conversions keep the header (including the stale low
// bytes of the cache), and the estimator evaluates its floating-point steps
// in Redis's order with no fused operations. Differential tests against a
// real redis-server compare replies and stored bytes, including hand-made
// and damaged values.
//
// One behaviour is knowingly not reproduced. A damaged sparse value that ends
// in the first byte of an XZERO makes Redis read the byte after the string:
// its NUL terminator, unless an earlier edit of the same value wrote over it.
// Within one call this package tracks that byte as Redis does; between
// commands it assumes the NUL, where Redis would keep whatever the last edit
// left there.
package hll
