package rdb

import (
	"bytes"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestAppendLength(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want string
	}{
		{0, "00"},
		{63, "3f"},
		{64, "4040"},
		{16383, "7fff"},
		{16384, "8000004000"},
		{math.MaxUint32, "80ffffffff"},
		{math.MaxUint32 + 1, "810000000100000000"},
		{math.MaxUint64, "81ffffffffffffffff"},
	} {
		got := AppendLength(nil, tc.n)
		if hex.EncodeToString(got) != tc.want {
			t.Errorf("AppendLength(%d) = %x, want %s", tc.n, got, tc.want)
		}
		if len(got) != lengthSize(tc.n) {
			t.Errorf("lengthSize(%d) = %d, encoding has %d", tc.n, lengthSize(tc.n), len(got))
		}
		r := NewReader(bytes.NewReader(got))
		if n, err := r.ReadLength(); err != nil || n != tc.n {
			t.Errorf("ReadLength(%x) = %d, %v", got, n, err)
		}
	}
}

func TestAppendString(t *testing.T) {
	long := strings.Repeat("a", 30)
	for _, tc := range []struct {
		s        string
		compress bool
		want     string // hex
	}{
		{"", true, "00"},
		{"0", true, "c000"},
		{"-1", true, "c0ff"},
		{"127", true, "c07f"},
		{"-128", true, "c080"},
		{"128", true, "c18000"},
		{"-32768", true, "c10080"},
		{"32768", true, "c200800000"},
		{"2147483647", true, "c2ffffff7f"},
		{"-2147483648", true, "c200000080"},
		// Not integers Redis encodes: too wide, not canonical, too long.
		{"2147483648", true, "0a" + hex.EncodeToString([]byte("2147483648"))},
		{"-0", true, "022d30"},
		{"007", true, "03303037"},
		{"+1", true, "022b31"},
		{" 1", true, "022031"},
		{"12345678901", true, "0b" + hex.EncodeToString([]byte("12345678901"))},
		// Twenty bytes are never compressed; 21 may be.
		{long[:20], true, "14" + strings.Repeat("61", 20)},
		// A literal run "aa", then one reference to the end: lzf's unrolled
		// comparison runs two bytes past its nominal limit here.
		{long[:21], true, "c30615" + "016161e00a00"},
		{long, true, "c3091e01" + "6161e01100016161"},
		{long, false, "1e" + strings.Repeat("61", 30)},
	} {
		got := AppendString([]byte("x"), []byte(tc.s), tc.compress)
		if hex.EncodeToString(got[1:]) != tc.want || got[0] != 'x' {
			t.Errorf("AppendString(%q, %v) = %x, want %s", tc.s, tc.compress, got[1:], tc.want)
		}
		r := NewReader(bytes.NewReader(got[1:]))
		if s, err := r.ReadString(); err != nil || string(s) != tc.s {
			t.Errorf("ReadString(%x) = %q, %v", got[1:], s, err)
		}
	}
}

func TestAppendInt(t *testing.T) {
	for _, v := range []int64{0, -1, 127, 128, -129, 32767, -32769, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt64, math.MaxInt64} {
		digits := []byte(strconv.FormatInt(v, 10))
		if got, want := AppendInt(nil, v), AppendString(nil, digits, true); !bytes.Equal(got, want) {
			t.Errorf("AppendInt(%d) = %x, AppendString = %x", v, got, want)
		}
	}
}

func TestAppendLZFString(t *testing.T) {
	got := AppendLZFString(nil, []byte{0x01, 'a', 'a', 0xe0, 0x11, 0x00, 0x01, 'a', 'a'}, 30)
	if want := AppendString(nil, []byte(strings.Repeat("a", 30)), true); !bytes.Equal(got, want) {
		t.Fatalf("got %x want %x", got, want)
	}
}

func TestDoubles(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1.5, -0.1, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1)} {
		b := AppendBinaryDouble(nil, v)
		got, err := NewReader(bytes.NewReader(b)).ReadBinaryDouble()
		if err != nil || math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("binary %v: got %v, %v", v, got, err)
		}
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{1.5, "1.5"},
		{0.1, "0.10000000000000001"},
		{-3, "-3"},
		{math.Copysign(0, -1), "0"}, // the integer path drops the sign
		{1 << 52, "4503599627370496"},
		{1e20, "1e+20"},
		{-(1<<52 - 1), "-4503599627370495"},
		{1e-5, "1.0000000000000001e-05"},
	} {
		b := AppendStringDouble(nil, tc.v)
		if string(b[1:]) != tc.want || int(b[0]) != len(tc.want) {
			t.Errorf("string double %v = %q, want %q", tc.v, b, tc.want)
		}
		got, err := NewReader(bytes.NewReader(b)).ReadStringDouble()
		if err != nil || got != tc.v {
			t.Errorf("string double %q read as %v, %v", b, got, err)
		}
	}
	for v, want := range map[float64]byte{math.Inf(1): 254, math.Inf(-1): 255} {
		if b := AppendStringDouble(nil, v); len(b) != 1 || b[0] != want {
			t.Errorf("%v = %x", v, b)
		}
	}
	if b := AppendStringDouble(nil, math.NaN()); len(b) != 1 || b[0] != 253 {
		t.Errorf("NaN = %x", b)
	}
	got, _ := NewReader(bytes.NewReader([]byte{253})).ReadStringDouble()
	if !math.IsNaN(got) {
		t.Errorf("253 read as %v", got)
	}
}

func TestAppendMillisecondTime(t *testing.T) {
	b := AppendMillisecondTime(nil, 1700000000123)
	if hex.EncodeToString(b) != "7b68e5cf8b010000" {
		t.Fatalf("got %x", b)
	}
	if v, err := NewReader(bytes.NewReader(b)).ReadMillisecondTime(); err != nil || v != 1700000000123 {
		t.Fatalf("read %d, %v", v, err)
	}
}

func TestAppendFileHeader(t *testing.T) {
	h := AppendFileHeader(nil)
	if string(h) != "REDIS0010" {
		t.Fatalf("got %q", h)
	}
	if v, err := NewReader(bytes.NewReader(h)).ReadFileHeader(); err != nil || v != Version {
		t.Fatalf("read %d, %v", v, err)
	}
}
