package engine

import "math/bits"

// Memory accounting: MEMORY USAGE's estimate of what a key takes, modelled
// on what Redis 7.0 allocates for it with jemalloc, so that the numbers
// compare with a real server's, and the process figures INFO memory shows.

// A memorySizer is a value that can estimate the bytes it takes, Redis's
// objectComputeSize: its object header and everything it owns. An
// aggregate estimates from up to samples of its elements (all of them
// when samples is larger than its size). Each type implements it beside
// the type; a type that does not is counted as its object header only.
type memorySizer interface {
	memoryUsage(samples int64) int64
}

// Sizes of Redis's structures on a 64-bit build.
const (
	robjSize      = 16 // the object header every value has
	dictEntrySize = 24 // a key's entry in the keyspace table
)

// keyMemoryUsage is MEMORY USAGE's answer: the value, the key as stored
// and its table entry.
func keyMemoryUsage(key string, v value, samples int64) int64 {
	size := sdsAllocSize(len(key), true) + dictEntrySize
	if m, ok := v.(memorySizer); ok {
		return size + m.memoryUsage(samples)
	}
	return size + robjSize
}

// memoryUsage of a string: the object alone for an integer (the number
// lives in the pointer), one allocation of object and characters for a
// short string (embstr), or the object and a separate buffer.
func (s *stringValue) memoryUsage(int64) int64 {
	switch s.encoding() {
	case "int":
		return robjSize
	case "embstr":
		return mallocSize(robjSize + 3 + len(s.b) + 1)
	}
	return robjSize + sdsAllocSize(len(s.b), false)
}

// sdsAllocSize is the allocation of a Redis string (sds) of n bytes: a
// header that grows with the length, the bytes and a terminating NUL.
// Only copies made to exact size (keys) use the smallest, 1-byte header.
func sdsAllocSize(n int, exact bool) int64 {
	var header int
	switch {
	case n < 1<<5 && exact:
		header = 1
	case n < 1<<8:
		header = 3
	case n < 1<<16:
		header = 5
	case n < 1<<32:
		header = 9
	default:
		header = 17
	}
	return mallocSize(header + n + 1)
}

// mallocSize is the size jemalloc really allocates for a request of n
// bytes: its size classes are 8, then multiples of 16 up to 128, then
// four classes per doubling.
func mallocSize(n int) int64 {
	switch {
	case n <= 8:
		return 8
	case n <= 128:
		return int64((n + 15) &^ 15)
	}
	spacing := 1 << (bits.Len(uint(n-1)) - 3)
	return int64((n + spacing - 1) &^ (spacing - 1))
}
