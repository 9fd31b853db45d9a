package hll

import (
	"bytes"
	"testing"
)

// sparseValue builds a sparse HLL from opcode bytes.
func sparseValue(ops ...byte) []byte {
	return append([]byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), ops...)
}

func mustDecode(t *testing.T, h []byte) string {
	t.Helper()
	s, err := Decode(h)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSparseSetSplitsAndJoins(t *testing.T) {
	e := sparseEdit{h: New(), sparseMax: DefaultSparseMaxBytes}
	steps := []struct {
		index int
		count uint8
		want  string
	}{
		{1000, 2, "Z:1000 v:2,1 Z:15383"},
		{1020, 3, "Z:1000 v:2,1 z:19 v:3,1 Z:15363"},
		{1021, 3, "Z:1000 v:2,1 z:19 v:3,2 Z:15362"}, // joined with its left
		{1019, 3, "Z:1000 v:2,1 z:18 v:3,3 Z:15362"}, // joined with its right
		{1020, 2, "Z:1000 v:2,1 z:18 v:3,3 Z:15362"}, // lower: no change
		{1020, 5, "Z:1000 v:2,1 z:18 v:3,1 v:5,1 v:3,1 Z:15362"},
		{0, 1, "v:1,1 Z:999 v:2,1 z:18 v:3,1 v:5,1 v:3,1 Z:15362"},
		{16383, 32, "v:1,1 Z:999 v:2,1 z:18 v:3,1 v:5,1 v:3,1 Z:15361 v:32,1"},
		{1, 1, "v:1,2 Z:998 v:2,1 z:18 v:3,1 v:5,1 v:3,1 Z:15361 v:32,1"},
	}
	for _, s := range steps {
		if res := e.set(s.index, s.count); res == setCorrupt || res == setPromoted {
			t.Fatalf("set %d=%d: result %d", s.index, s.count, res)
		}
		if got := mustDecode(t, e.h); got != s.want {
			t.Fatalf("set %d=%d:\n got %s\nwant %s", s.index, s.count, got, s.want)
		}
	}
	if _, ok := cachedCard(e.h); ok {
		t.Fatal("edits must mark the cache stale")
	}
}

func TestSparseSetPromotes(t *testing.T) {
	// A value above 32 does not fit a VAL opcode.
	e := sparseEdit{h: New(), sparseMax: DefaultSparseMaxBytes}
	if res := e.set(7, 33); res != setPromoted || !IsDense(e.h) || denseGet(e.h[HeaderSize:], 7) != 33 {
		t.Fatalf("value 33: result %d, dense %v", res, IsDense(e.h))
	}
	// Growing past the limit converts too; staying at it does not.
	e = sparseEdit{h: New(), sparseMax: 20}
	if res := e.set(7, 1); res != setRaised || len(e.h) != 20 {
		t.Fatalf("growth to the limit: result %d, len %d", res, len(e.h))
	}
	if res := e.set(9000, 1); res != setPromoted || denseGet(e.h[HeaderSize:], 7) != 1 || denseGet(e.h[HeaderSize:], 9000) != 1 {
		t.Fatalf("growth past the limit: result %d", res)
	}
}

func TestSparseSetCorrupt(t *testing.T) {
	for _, ops := range [][]byte{
		{},                 // no opcodes at all
		{0x40, 0x10},       // covers 17 registers only
		{0x3f, 0x3f, 0x3f}, // 192 registers
	} {
		e := sparseEdit{h: sparseValue(ops...), sparseMax: DefaultSparseMaxBytes}
		if res := e.set(9000, 1); res != setCorrupt {
			t.Errorf("%x: result %d, want corrupt", ops, res)
		}
	}
	// Damage beyond the register edited goes unnoticed, as in Redis.
	e := sparseEdit{h: sparseValue(0x7f, 0xff, 0x80), sparseMax: DefaultSparseMaxBytes}
	if res := e.set(5, 1); res != setRaised {
		t.Errorf("result %d, want raised", res)
	}
}

// A value whose last XZERO is cut after its first byte reads the byte after
// the end; an edit there writes past the end, and the next edit reads that.
func TestSparseSetAfterTheEnd(t *testing.T) {
	h := sparseValue(0x40, 0xfe, 0x7f) // Z:255 then Z:16129 reading a NUL
	if mustDecode(t, h) != "Z:255 Z:16129" {
		t.Fatal(mustDecode(t, h))
	}
	e := sparseEdit{h: bytes.Clone(h), sparseMax: DefaultSparseMaxBytes}
	res := e.set(300, 1)
	h, term := e.h, e.term
	if res != setRaised || term != 0xd2 {
		t.Fatalf("result %d, term %#x", res, term)
	}
	if !bytes.Equal(h[HeaderSize:], []byte{0x40, 0xfe, 0x2c, 0x80, 0x7e}) {
		t.Fatalf("ops %x", h[HeaderSize:])
	}
	if forEachRun(h, term, func(int, int, uint8) {}) != nil {
		t.Fatal("with the byte after the end the list is whole")
	}
	if forEachRun(h, 0, func(int, int, uint8) {}) == nil {
		t.Fatal("with a NUL after the end the list is short")
	}
}

func TestForEachRun(t *testing.T) {
	for _, c := range []struct {
		ops []byte
		ok  bool
	}{
		{[]byte{0x7f, 0xff}, true},
		{[]byte{0x80, 0x7f, 0xfe}, true},
		{[]byte{0x83, 0x7f, 0xfb}, true},
		{[]byte{0x7f, 0xff, 0x80}, false}, // one register too many
		{[]byte{0x7f, 0xfe}, false},       // one register short
		{[]byte{0x7f, 0xfd, 0x87}, false}, // VAL overflowing the end
		{[]byte{0x7f, 0xfb, 0x87}, true},
		{[]byte{}, false},
	} {
		var runs int
		err := forEachRun(sparseValue(c.ops...), 0, func(_, n int, _ uint8) { runs += n })
		if (err == nil) != c.ok {
			t.Errorf("%x: err %v", c.ops, err)
		}
	}
}

func TestSparseToDense(t *testing.T) {
	h := sparseValue(0x80|4<<2|1, 0x7f, 0xfd) // two registers of 5
	h[offCard] = 7
	h[5] = 'x' // unused bytes are carried over
	d, err := sparseToDense(h, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != DenseSize || !bytes.Equal(d[:HeaderSize], append([]byte("HYLL\x00x\x00\x00\x07"), make([]byte, 7)...)) {
		t.Fatalf("header %q", d[:HeaderSize])
	}
	for i := 0; i < Registers; i++ {
		want := uint8(0)
		if i < 2 {
			want = 5
		}
		if denseGet(d[HeaderSize:], i) != want {
			t.Fatalf("register %d", i)
		}
	}
	if _, err := sparseToDense(sparseValue(0x7f), 0); err != ErrCorrupt {
		t.Fatal("short list converted")
	}
}

func TestDecode(t *testing.T) {
	h := sparseValue(0x00, 0x3f, 0x80, 0xff, 0x7f, 0xff)
	if got := mustDecode(t, h); got != "z:1 z:64 v:1,1 v:32,4 Z:16384" {
		t.Fatal(got)
	}
	if got := mustDecode(t, sparseValue()); got != "" {
		t.Fatalf("empty list: %q", got)
	}
	d, _, _ := ToDense(New())
	if _, err := Decode(d); err != ErrNotSparse {
		t.Fatal(err)
	}
}
