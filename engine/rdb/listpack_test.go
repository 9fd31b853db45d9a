package rdb

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// buildListpack builds a listpack of elements as Redis inserts strings.
func buildListpack(elems ...string) []byte {
	var b ListpackBuilder
	for _, e := range elems {
		b.AppendString([]byte(e))
	}
	return b.Finish()
}

func listpackStrings(t testing.TB, lp []byte) []string {
	t.Helper()
	p, err := ParseListpack(lp)
	if err != nil {
		t.Fatalf("ParseListpack(%x): %v", lp, err)
	}
	var out []string
	for e := range p.Entries() {
		out = append(out, e.String())
	}
	if len(out) != p.Len() {
		t.Fatalf("Len %d, %d entries", p.Len(), len(out))
	}
	return out
}

func TestListpackEntryEncodings(t *testing.T) {
	for _, tc := range []struct {
		elem string
		want string // hex of entry and backlen
	}{
		{"0", "0001"},
		{"127", "7f01"},
		{"128", "c08002"},
		{"-1", "dfff02"},
		{"4095", "cfff02"},
		{"-4096", "d00002"},
		{"4096", "f1001003"},
		{"-4097", "f1ffef03"},
		{"32767", "f1ff7f03"},
		{"-32768", "f1008003"},
		{"32768", "f200800004"},
		{"8388607", "f2ffff7f04"},
		{"-8388608", "f200008004"},
		{"8388608", "f30000800005"},
		{"2147483647", "f3ffffff7f05"},
		{"-2147483648", "f30000008005"},
		{"2147483648", "f4000000800000000009"},
		{"9223372036854775807", "f4ffffffffffffff7f09"},
		{"-9223372036854775808", "f4000000000000008009"},
		{"", "8001"},
		{"a", "816102"},
		{"-0", "822d3003"},
		{"01", "82303103"},
		{"9223372036854775808", "93" + hex.EncodeToString([]byte("9223372036854775808")) + "14"},
	} {
		lp := buildListpack(tc.elem)
		if got := hex.EncodeToString(lp[lpHeaderSize : len(lp)-1]); got != tc.want {
			t.Errorf("%q encoded as %s, want %s", tc.elem, got, tc.want)
		}
		if got := listpackStrings(t, lp); len(got) != 1 || got[0] != tc.elem {
			t.Errorf("%q decoded as %q", tc.elem, got)
		}
	}
}

func TestListpackStringLengths(t *testing.T) {
	for _, n := range []int{63, 64, 4095, 4096, 16378, 16379} {
		s := strings.Repeat("x", n)
		lp := buildListpack(s)
		entry := lp[lpHeaderSize : len(lp)-1]
		var header int
		switch {
		case n < 64:
			header = 1
		case n < 4096:
			header = 2
		default:
			header = 5
		}
		size := header + n
		if len(entry) != size+backlenSize(uint64(size)) {
			t.Errorf("len %d: entry of %d bytes", n, len(entry))
		}
		if got := listpackStrings(t, lp); got[0] != s {
			t.Errorf("len %d: round trip failed", n)
		}
	}
}

func TestBacklen(t *testing.T) {
	// Redis's thresholds: 16383 already takes three bytes.
	for _, tc := range []struct {
		l    uint64
		size int
	}{{0, 1}, {127, 1}, {128, 2}, {16382, 2}, {16383, 3}, {2097150, 3}, {2097151, 4}, {268435454, 4}, {268435455, 5}, {1<<32 + 4, 5}} {
		b := appendBacklen([]byte{0xaa}, tc.l)
		if len(b)-1 != tc.size || backlenSize(tc.l) != tc.size {
			t.Errorf("backlen(%d) uses %d bytes, want %d", tc.l, len(b)-1, tc.size)
		}
		if got, ok := decodeBacklen(b, len(b)-1); !ok || got != tc.l&(1<<35-1) {
			t.Errorf("backlen(%d) decodes to %d, %v", tc.l, got, ok)
		}
	}
	if _, ok := decodeBacklen([]byte{0x81, 0x81, 0x81, 0x81, 0x81, 0x81}, 5); ok {
		t.Error("six-byte backlen accepted")
	}
	if _, ok := decodeBacklen([]byte{0x81, 0x81}, 1); ok {
		t.Error("backlen running off the start accepted")
	}
}

func TestListpackCount(t *testing.T) {
	for _, n := range []int{0, 1, 65534, 65535, 70000} {
		var b ListpackBuilder
		for i := range n {
			b.AppendInt(int64(i % 100))
		}
		if b.Len() != n {
			t.Fatalf("Len %d, want %d", b.Len(), n)
		}
		lp := b.Finish()
		if got, want := binary.LittleEndian.Uint16(lp[4:]), uint16(min(n, 65535)); got != want {
			t.Errorf("%d entries: header count %d, want %d", n, got, want)
		}
		p, err := ParseListpack(lp)
		if err != nil || p.Len() != n {
			t.Errorf("%d entries: parsed %d, %v", n, p.Len(), err)
		}
	}
	// The builder's zero value works, and Reset reuses storage.
	var b ListpackBuilder
	if lp := b.Finish(); hex.EncodeToString(lp) != "0700000000"+"00ff" {
		t.Errorf("empty listpack %x", lp)
	}
	buf := make([]byte, 0, 64)
	b.Reset(buf)
	b.AppendString([]byte("x"))
	if lp := b.Finish(); &lp[0] != &buf[:1][0] || b.Len() != 0 {
		t.Error("Reset did not reuse storage, or Finish did not start over")
	}
	// Zero values of the parsed types are empty.
	for range (Listpack{}).Entries() {
		t.Error("zero Listpack has entries")
	}
	for range (Ziplist{}).Entries() {
		t.Error("zero Ziplist has entries")
	}
	for range (Zipmap{}).Pairs() {
		t.Error("zero Zipmap has pairs")
	}
	for range (Intset{}).Values() {
		t.Error("zero Intset has values")
	}
}

func TestListpackEntries(t *testing.T) {
	elems := []string{"a", "12", "-5000", "", strings.Repeat("z", 100), "9999999999", "x y"}
	lp := buildListpack(elems...)
	if got := listpackStrings(t, lp); !slices.Equal(got, elems) {
		t.Fatalf("got %q", got)
	}
	p, _ := ParseListpack(lp)
	if !bytes.Equal(p.Bytes(), lp) {
		t.Fatal("Bytes differs")
	}
	var kinds []bool
	for e := range p.Entries() {
		kinds = append(kinds, e.IsInt)
		if len(kinds) == 3 {
			break // early stop is honoured
		}
	}
	if !slices.Equal(kinds, []bool{false, true, true}) {
		t.Fatalf("kinds %v", kinds)
	}
	e := Entry{Int: -12, IsInt: true}
	if string(e.AppendTo([]byte("n="))) != "n=-12" {
		t.Fatal("AppendTo")
	}
}

func TestParseListpackRejects(t *testing.T) {
	good := buildListpack("a", "1000", "hello")
	patch := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	setTotal := func(b []byte) []byte { binary.LittleEndian.PutUint32(b, uint32(len(b))); return b }
	for name, lp := range map[string][]byte{
		"empty":                      nil,
		"short":                      good[:6],
		"total too big":              patch(func(b []byte) []byte { b[0]++; return b }),
		"total too small":            patch(func(b []byte) []byte { b[0]--; return b }),
		"no end marker":              patch(func(b []byte) []byte { b[len(b)-1] = 0; return b }),
		"count wrong":                patch(func(b []byte) []byte { b[4] = 2; return b }),
		"bad encoding byte":          patch(func(b []byte) []byte { b[6] = 0xf5; return b }),
		"bad backlen":                patch(func(b []byte) []byte { b[8] = 3; return b }),
		"string past end":            patch(func(b []byte) []byte { b[6] = 0x80 | 60; return b }),
		"end marker early":           setTotal(append(buildListpack("a")[:8:8], 0xff, 0x00, 0xff)),
		"32-bit str length past end": setTotal(append(append([]byte{0, 0, 0, 0, 1, 0}, 0xf0, 0xff, 0xff, 0xff, 0x7f), 0xff)),
		"12-bit str header at end":   setTotal([]byte{0, 0, 0, 0, 1, 0, 0xe1, 0xff}),
	} {
		if _, err := ParseListpack(lp); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %x accepted (%v)", name, lp, err)
		}
	}
	// The count 65535 means "unknown" and is not checked.
	unknown := bytes.Clone(good)
	binary.LittleEndian.PutUint16(unknown[4:], math.MaxUint16)
	if p, err := ParseListpack(unknown); err != nil || p.Len() != 3 {
		t.Errorf("unknown count: %d, %v", p.Len(), err)
	}
}

func BenchmarkListpackBuild(b *testing.B) {
	fields := make([][]byte, 256)
	for i := range fields {
		if i%2 == 0 {
			fields[i] = []byte("field:" + strconv.Itoa(i))
		} else {
			fields[i] = []byte(strconv.Itoa(i * 1000))
		}
	}
	var lb ListpackBuilder
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		lb.Reset(buf)
		for _, f := range fields {
			lb.AppendString(f)
		}
		buf = lb.Finish()
	}
}

func BenchmarkParseListpack(b *testing.B) {
	var lb ListpackBuilder
	for i := range 256 {
		lb.AppendString([]byte("field:" + strconv.Itoa(i)))
		lb.AppendInt(int64(i * 1000))
	}
	lp := lb.Finish()
	b.SetBytes(int64(len(lp)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := ParseListpack(lp)
		if err != nil {
			b.Fatal(err)
		}
		for e := range p.Entries() {
			_ = e
		}
	}
}

// FuzzListpack feeds ParseListpack arbitrary bytes. Whatever it accepts
// must iterate to exactly Len entries, and rebuilding those entries must
// give a listpack that parses to the same strings.
func FuzzListpack(f *testing.F) {
	f.Add(buildListpack("a", "1000", "hello", "-1", strings.Repeat("q", 70)))
	f.Add(buildListpack())
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseListpack(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not ErrCorrupt: %v", err)
			}
			return
		}
		var b ListpackBuilder
		var strs []string
		for e := range p.Entries() {
			b.AppendString(e.AppendTo(nil))
			strs = append(strs, e.String())
		}
		if len(strs) != p.Len() {
			t.Fatalf("Len %d, iterated %d", p.Len(), len(strs))
		}
		if got := listpackStrings(t, b.Finish()); !slices.Equal(got, strs) {
			t.Fatalf("rebuilt %q, want %q", got, strs)
		}
	})
}
