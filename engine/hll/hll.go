package hll

import (
	"encoding/binary"
	"errors"
)

// The geometry of Redis's HyperLogLog.
const (
	indexBits = 14             // bits of the hash that pick a register
	q         = 64 - indexBits // bits left for the zero-run pattern

	// Registers is the number of 6-bit registers in every HLL.
	Registers = 1 << indexBits
	// RegisterMax is the largest value a dense register can hold.
	RegisterMax = 1<<6 - 1
	// HeaderSize is the length of the header both encodings start with.
	HeaderSize = 16
	// DenseSize is the exact length of a dense HLL value.
	DenseSize = HeaderSize + Registers*6/8
	// DefaultSparseMaxBytes is the default of the hll-sparse-max-bytes
	// setting: a sparse value that would grow past it turns dense.
	DefaultSparseMaxBytes = 3000
)

// The encoding byte of the header.
const (
	encDense  = 0
	encSparse = 1
)

// Offsets inside the header.
const (
	offEncoding = 4
	offCard     = 8
	offCacheBit = 15 // top bit of the little-endian cached cardinality
)

// Errors carry the exact texts Redis replies with.
var (
	// ErrWrongType is returned when a string does not have the shape of an
	// HLL (too short, bad magic, unknown encoding, dense of the wrong size).
	ErrWrongType = errors.New("WRONGTYPE Key is not a valid HyperLogLog string value.")
	// ErrCorrupt is returned when a sparse HLL's opcodes do not describe
	// exactly Registers registers.
	ErrCorrupt = errors.New("INVALIDOBJ Corrupted HLL object detected")
	// ErrNotSparse is returned by Decode for a dense HLL.
	ErrNotSparse = errors.New("ERR HLL encoding is not sparse")
)

// New returns the value Redis creates for a fresh HLL: a sparse header with a
// valid cached cardinality of zero followed by one XZERO opcode covering every
// register.
func New() []byte {
	h := make([]byte, HeaderSize+2)
	copy(h, "HYLL")
	h[offEncoding] = encSparse
	putXZero(h[HeaderSize:], Registers)
	return h
}

// Validate reports whether h has the shape Redis demands of a string before
// treating it as an HLL. It returns nil or ErrWrongType. A sparse value that
// passes may still be corrupt inside: that is found (as ErrCorrupt) only by
// the operations that walk its opcodes, as in Redis.
func Validate(h []byte) error {
	if len(h) < HeaderSize || string(h[:4]) != "HYLL" || h[offEncoding] > encSparse {
		return ErrWrongType
	}
	if h[offEncoding] == encDense && len(h) != DenseSize {
		return ErrWrongType
	}
	return nil
}

// IsDense reports whether a valid HLL uses the dense encoding.
func IsDense(h []byte) bool { return h[offEncoding] == encDense }

// Encoding names the encoding of a valid HLL as PFDEBUG ENCODING does:
// "dense" or "sparse".
func Encoding(h []byte) string {
	if IsDense(h) {
		return "dense"
	}
	return "sparse"
}

// cachedCard returns the cardinality cached in the header and whether the
// cache is valid.
func cachedCard(h []byte) (uint64, bool) {
	return binary.LittleEndian.Uint64(h[offCard:]), h[offCacheBit]&0x80 == 0
}

// invalidateCache marks the cached cardinality stale. Like Redis it only sets
// the flag bit: the older low bytes stay in place and are visible with GET.
func invalidateCache(h []byte) { h[offCacheBit] |= 0x80 }

// clone copies a value into a buffer with a little room to grow, so sparse
// edits rarely reallocate.
func clone(h []byte) []byte {
	c := make([]byte, len(h), len(h)+8)
	copy(c, h)
	return c
}
