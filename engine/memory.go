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
	if s.sds.size > 0 {
		return robjSize + s.sds.size
	}
	return robjSize + sdsAllocSize(len(s.b), true)
}

// sdsAlloc is Redis's allocation of a raw string grown in place (APPEND,
// SETRANGE, SETBIT): sdsMakeRoomFor leaves room to grow, which MEMORY
// USAGE and used_memory count. The zero value stands for a string made to
// measure (sdsnewlen).
type sdsAlloc struct {
	size   int64 // what the allocator gave, header and terminator included
	header int   // 1, 3, 5, 9 or 17 bytes
}

// sdsMaxPrealloc caps the room sdsMakeRoomFor adds: twice the length up
// to 1 MiB, then 1 MiB more.
const sdsMaxPrealloc = 1 << 20

// makeRoomFor returns the allocation after the string, now length bytes
// long, grows to n bytes: unchanged if it has the room, else a new one
// with room to spare, as Redis's sdsMakeRoomFor.
func (a sdsAlloc) makeRoomFor(length, n int) sdsAlloc {
	if a.size == 0 {
		a.header = sdsHeaderSize(length, true)
		a.size = mallocSize(a.header + length + 1)
	}
	if n <= a.room(length) {
		return a
	}
	if n < sdsMaxPrealloc {
		n *= 2
	} else {
		n += sdsMaxPrealloc
	}
	header := sdsHeaderSize(n, false)
	return sdsAlloc{size: mallocSize(header + n + 1), header: header}
}

// room is how many bytes the string can hold without reallocating: none
// beyond its length with the 1-byte header, which records no capacity;
// else what the allocation leaves, up to what the header can record.
func (a sdsAlloc) room(length int) int {
	if a.header == 1 {
		return length
	}
	room := int(a.size) - a.header - 1
	if limit := 1<<(8*(a.header/2)) - 1; a.header < 17 && room > limit {
		room = limit
	}
	return room
}

// sdsAllocSize is the allocation of a Redis string (sds) of n bytes: a
// header that grows with the length, the bytes and a terminating NUL.
// Only strings made to exact size (keys, sdsnewlen) use the smallest,
// 1-byte header; strings grown in place never do.
func sdsAllocSize(n int, exact bool) int64 {
	return mallocSize(sdsHeaderSize(n, exact) + n + 1)
}

// sdsHeaderSize is the header of a Redis string of n bytes; the 1-byte
// one only for copies made to exact size of fewer than 32 bytes, not
// empty.
func sdsHeaderSize(n int, exact bool) int {
	switch {
	case n < 1<<5 && exact && n > 0:
		return 1
	case n < 1<<8:
		return 3
	case n < 1<<16:
		return 5
	case n < 1<<32:
		return 9
	}
	return 17
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
