package rdb

import (
	"hash/crc64"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestCRC64CheckValue(t *testing.T) {
	// The check value Redis's crc64.c tests itself with.
	if got := CRC64(0, []byte("123456789")); got != 0xe9c6d914c4b8d9ca {
		t.Fatalf("crc64(123456789) = %#x", got)
	}
	if got := CRC64(0, nil); got != 0 {
		t.Fatalf("crc64 of nothing = %#x", got)
	}
}

// The standard library's table-driven CRC-64 with the same reflected
// polynomial, minus its initial and final inversions, is an independent
// implementation to compare the slicing-by-8 loop with.
func TestCRC64MatchesHashCRC64(t *testing.T) {
	tab := crc64.MakeTable(crcJonesReflected)
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 5000)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for n := range 300 {
		want := ^crc64.Update(^uint64(0), tab, buf[:n])
		if got := CRC64(0, buf[:n]); got != want {
			t.Fatalf("len %d: got %#x want %#x", n, got, want)
		}
	}
	// Incremental use over uneven pieces equals one pass.
	var crc uint64
	for p, n := buf, 1; len(p) > 0; n = n*3 + 1 {
		n = min(n, len(p))
		crc = CRC64(crc, p[:n])
		p = p[n:]
	}
	if want := ^crc64.Update(^uint64(0), tab, buf); crc != want {
		t.Fatalf("incremental: got %#x want %#x", crc, want)
	}
}

func BenchmarkCRC64(b *testing.B) {
	for _, size := range []int{64, 4 << 10, 1 << 20} {
		buf := make([]byte, size)
		for i := range buf {
			buf[i] = byte(i * 7)
		}
		b.Run(byteSize(size), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				CRC64(0, buf)
			}
		})
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n) + "B"
}
