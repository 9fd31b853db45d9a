package hll

import (
	"encoding/binary"
	"math/bits"
)

// hashSeed is the seed Redis feeds MurmurHash64A when hashing HLL elements.
const hashSeed = 0xadc83b19

// murmurHash64A is Austin Appleby's 64-bit MurmurHash2 in the byte-order
// independent form Redis uses: words are always read little endian.
func murmurHash64A(key []byte, seed uint64) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := seed ^ uint64(len(key))*m

	for len(key) >= 8 {
		k := binary.LittleEndian.Uint64(key)
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
		key = key[8:]
	}
	if len(key) > 0 {
		// The tail bytes go in at increasing shifts, as the C switch's
		// fall-through does.
		for i := len(key) - 1; i >= 0; i-- {
			h ^= uint64(key[i]) << (8 * uint(i))
		}
		h *= m
	}

	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// patternOf maps an element to the register it updates and the value it
// offers: one plus the number of zero bits that follow the index bits, read
// from the least significant end, capped at q+1.
func patternOf(element []byte) (index int, count uint8) {
	h := murmurHash64A(element, hashSeed)
	index = int(h & (Registers - 1))
	rest := h>>indexBits | 1<<q // the guard bit stops the run at q zeroes
	return index, uint8(bits.TrailingZeros64(rest) + 1)
}
