package hll

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

func TestCountCache(t *testing.T) {
	h, _, _ := Add(nil, [][]byte{[]byte("a"), []byte("b"), []byte("c")}, DefaultSparseMaxBytes)
	before := bytes.Clone(h)
	n, updated, err := Count(h)
	if err != nil || n != 3 || updated == nil {
		t.Fatalf("Count = %d, %v, %v", n, updated != nil, err)
	}
	if !bytes.Equal(h, before) {
		t.Fatal("Count modified its input")
	}
	if c, ok := cachedCard(updated); !ok || c != 3 {
		t.Fatalf("cache %d valid %v", c, ok)
	}
	if !bytes.Equal(updated[HeaderSize:], h[HeaderSize:]) {
		t.Fatal("registers changed")
	}
	// A valid cache answers without looking at the registers.
	binary.LittleEndian.PutUint64(updated[offCard:], 12345)
	n, again, err := Count(updated[:len(updated)-1]) // registers now damaged
	if err != nil || n != 12345 || again != nil {
		t.Fatalf("cached Count = %d, %v, %v", n, again != nil, err)
	}
}

func TestCountErrors(t *testing.T) {
	if _, _, err := Count([]byte("not an hll")); err != ErrWrongType {
		t.Fatal(err)
	}
	bad := sparseValue(0x7f, 0xfe)
	invalidateCache(bad)
	if _, _, err := Count(bad); err != ErrCorrupt {
		t.Fatal(err)
	}
	if _, err := CountUnion(New(), bad); err != ErrCorrupt {
		t.Fatal(err)
	}
	if _, err := CountUnion(nil, []byte("x"), bad); err != ErrWrongType {
		t.Fatal("the first bad value decides:", err)
	}
}

func TestCountUnion(t *testing.T) {
	a, _, _ := Add(nil, [][]byte{[]byte("a"), []byte("b")}, DefaultSparseMaxBytes)
	b, _, _ := Add(nil, [][]byte{[]byte("b"), []byte("c")}, DefaultSparseMaxBytes)
	d, _, _ := ToDense(b)
	for _, hs := range [][][]byte{{a, b}, {a, d}, {nil, a, nil, b}, {a, b, a}} {
		if n, err := CountUnion(hs...); err != nil || n != 3 {
			t.Errorf("CountUnion = %d, %v", n, err)
		}
	}
	if n, err := CountUnion(nil, nil); err != nil || n != 0 {
		t.Errorf("CountUnion of missing keys = %d, %v", n, err)
	}
}

func TestEstimateLimits(t *testing.T) {
	var hist [64]int
	hist[0] = Registers
	if e := estimate(&hist); e != 0 {
		t.Fatalf("empty: %d", e)
	}
	// Registers above q+1 are left out; with nothing else z is 0 and the
	// estimate overflows the way Redis's does.
	hist = [64]int{}
	hist[63] = Registers
	if e := estimate(&hist); e != 1<<63 {
		t.Fatalf("all registers 63: %d", e)
	}
}

func TestRoundLikeRedis(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want uint64
	}{
		{0, 0}, {0.49, 0}, {0.5, 1}, {2.5, 3}, {1e15 + 0.5, 1e15 + 1},
		{math.Inf(1), 1 << 63}, {math.NaN(), 1 << 63}, {1e30, 1 << 63},
		{math.MaxInt64, 1 << 63}, // rounds to 2^63 as a double: out of range
	} {
		if got := roundLikeRedis(c.in); got != c.want {
			t.Errorf("roundLikeRedis(%g) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestCUint64(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want uint64
	}{
		{0, 0}, {1.9, 1}, {-1.5, math.MaxUint64}, {-2, math.MaxUint64 - 1},
		{1 << 62, 1 << 62}, {1 << 63, 1 << 63}, {1<<64 - 2048, 1<<64 - 2048},
		{1 << 64, 0}, {math.Inf(1), 0}, {math.Inf(-1), 1 << 63}, {-1 << 63, 1 << 63},
		{-1e300, 1 << 63}, {math.NaN(), 1 << 63},
	} {
		if got := cUint64(c.in); got != c.want {
			t.Errorf("cUint64(%g) = %#x, want %#x", c.in, got, c.want)
		}
	}
}
