package hll

import (
	"strconv"
	"testing"
)

func benchElements(n int) [][]byte {
	es := make([][]byte, n)
	for i := range es {
		es[i] = []byte("element:" + strconv.Itoa(i))
	}
	return es
}

// One PFADD of one new element into an HLL of the given size (the result
// is not kept, so the size stays put). Sparse values are copied before the
// edit; dense ones only when a register changes, which gets rarer as they
// fill.
func benchmarkAdd(b *testing.B, size int) {
	h, _, _ := Add(nil, benchElements(size), DefaultSparseMaxBytes)
	es := benchElements(size + 4096)[size:]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Add(h, es[i%4096:i%4096+1], DefaultSparseMaxBytes)
	}
}

func BenchmarkAddSparse100(b *testing.B)  { benchmarkAdd(b, 100) }
func BenchmarkAddSparse1000(b *testing.B) { benchmarkAdd(b, 1000) }
func BenchmarkAddDense(b *testing.B)      { benchmarkAdd(b, 100000) }

// PFADD of 100 elements at once into a dense HLL.
func BenchmarkAddDenseBatch100(b *testing.B) {
	h, _, _ := Add(nil, benchElements(100000), DefaultSparseMaxBytes)
	es := benchElements(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Add(h, es, DefaultSparseMaxBytes)
	}
}

func benchmarkCount(b *testing.B, size int) {
	h, _, _ := Add(nil, benchElements(size), DefaultSparseMaxBytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Count(h) // the cache is stale: every call computes
	}
}

func BenchmarkCountSparse1000(b *testing.B) { benchmarkCount(b, 1000) }
func BenchmarkCountDense(b *testing.B)      { benchmarkCount(b, 100000) }

func BenchmarkCountUnion3Dense(b *testing.B) {
	var hs [][]byte
	for k := 0; k < 3; k++ {
		h, _, _ := Add(nil, benchElements(20000*(k+1)), DefaultSparseMaxBytes)
		hs = append(hs, h)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		CountUnion(hs...)
	}
}

func BenchmarkMergeDense(b *testing.B) {
	x, _, _ := Add(nil, benchElements(50000), DefaultSparseMaxBytes)
	y, _, _ := Add(nil, benchElements(80000), DefaultSparseMaxBytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Merge(x, [][]byte{y}, DefaultSparseMaxBytes)
	}
}

func BenchmarkMergeSparse(b *testing.B) {
	x, _, _ := Add(nil, benchElements(500), DefaultSparseMaxBytes)
	y, _, _ := Add(nil, benchElements(800), DefaultSparseMaxBytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Merge(x, [][]byte{y}, DefaultSparseMaxBytes)
	}
}
