package rdb

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// encodeZiplist builds a ziplist the way Redis before 7.0 did, for tests:
// Redis 7.0 reads ziplists but never writes them.
func encodeZiplist(elems ...string) []byte {
	zl := make([]byte, zlHeaderSize)
	prevSize, tail := 0, zlHeaderSize
	for _, s := range elems {
		at := len(zl)
		tail = at
		if prevSize < zlBigPrevlen {
			zl = append(zl, byte(prevSize))
		} else {
			zl = binary.LittleEndian.AppendUint32(append(zl, zlBigPrevlen), uint32(prevSize))
		}
		zl = appendZiplistEncoding(zl, s)
		prevSize = len(zl) - at
	}
	zl = append(zl, zlEnd)
	binary.LittleEndian.PutUint32(zl, uint32(len(zl)))
	binary.LittleEndian.PutUint32(zl[4:], uint32(tail))
	binary.LittleEndian.PutUint16(zl[8:], uint16(min(len(elems), math.MaxUint16)))
	return zl
}

// appendZiplistEncoding appends the encoding and data of one element,
// choosing an integer encoding as zipTryEncoding does.
func appendZiplistEncoding(zl []byte, s string) []byte {
	if v, ok := ParseInt64([]byte(s)); ok && len(s) < 32 {
		switch {
		case v >= 0 && v <= 12:
			return append(zl, zlImmMin+byte(v))
		case v >= math.MinInt8 && v <= math.MaxInt8:
			return append(zl, zlInt8b, byte(v))
		case v >= math.MinInt16 && v <= math.MaxInt16:
			return binary.LittleEndian.AppendUint16(append(zl, zlInt16b), uint16(v))
		case v >= -1<<23 && v < 1<<23:
			return append(zl, zlInt24b, byte(v), byte(v>>8), byte(v>>16))
		case v >= math.MinInt32 && v <= math.MaxInt32:
			return binary.LittleEndian.AppendUint32(append(zl, zlInt32b), uint32(v))
		default:
			return binary.LittleEndian.AppendUint64(append(zl, zlInt64b), uint64(v))
		}
	}
	switch n := len(s); {
	case n <= 0x3f:
		zl = append(zl, byte(n))
	case n <= 0x3fff:
		zl = append(zl, zlStr14b|byte(n>>8), byte(n))
	default:
		zl = binary.BigEndian.AppendUint32(append(zl, zlStr32b), uint32(n))
	}
	return append(zl, s...)
}

func ziplistStrings(t testing.TB, b []byte) []string {
	t.Helper()
	zl, err := ParseZiplist(b)
	if err != nil {
		t.Fatalf("ParseZiplist(%x): %v", b, err)
	}
	var out []string
	for e := range zl.Entries() {
		out = append(out, e.String())
	}
	if len(out) != zl.Len() {
		t.Fatalf("Len %d, %d entries", zl.Len(), len(out))
	}
	return out
}

func TestZiplistExample(t *testing.T) {
	// The example in Redis's ziplist.c: the list "2", "5".
	want := "0f0000000c0000000200" + "00f3" + "02f6" + "ff"
	if got := hex.EncodeToString(encodeZiplist("2", "5")); got != want {
		t.Fatalf("test encoder: %s", got)
	}
	b, _ := hex.DecodeString(want)
	if got := ziplistStrings(t, b); !slices.Equal(got, []string{"2", "5"}) {
		t.Fatalf("got %q", got)
	}
}

func TestZiplistEntries(t *testing.T) {
	elems := []string{
		"0", "12", "13", "-1", "127", "-128", "128", "32767", "-32768", "32768",
		"8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648",
		"9223372036854775807", "-9223372036854775808",
		"", "a", strings.Repeat("b", 63), strings.Repeat("c", 64), strings.Repeat("d", 250),
		strings.Repeat("e", 16383), strings.Repeat("f", 16384), "007", "-0",
	}
	if got := ziplistStrings(t, encodeZiplist(elems...)); !slices.Equal(got, elems) {
		t.Fatalf("got %q", got)
	}
	if got := ziplistStrings(t, encodeZiplist()); len(got) != 0 {
		t.Fatalf("empty ziplist: %q", got)
	}
	// A count of 65535 is not checked.
	zl := encodeZiplist("a", "b")
	binary.LittleEndian.PutUint16(zl[8:], math.MaxUint16)
	if got := ziplistStrings(t, zl); len(got) != 2 {
		t.Fatalf("unknown count: %q", got)
	}
}

func TestParseZiplistRejects(t *testing.T) {
	good := encodeZiplist("a", "1000", "hello")
	patch := func(f func(b []byte)) []byte { b := bytes.Clone(good); f(b); return b }
	setBytes := func(b []byte) []byte { binary.LittleEndian.PutUint32(b, uint32(len(b))); return b }
	for name, zl := range map[string][]byte{
		"empty":             nil,
		"short":             good[:10],
		"bytes wrong":       patch(func(b []byte) { b[0]++ }),
		"no end marker":     patch(func(b []byte) { b[len(b)-1] = 0 }),
		"tail outside":      patch(func(b []byte) { b[4] = 0xff }),
		"tail not last":     patch(func(b []byte) { b[4] = zlHeaderSize }),
		"count wrong":       patch(func(b []byte) { b[8] = 4 }),
		"first prevlen":     patch(func(b []byte) { b[10] = 1 }),
		"prevlen mismatch":  patch(func(b []byte) { b[13] = 2 }),
		"bad int encoding":  patch(func(b []byte) { b[14] = 0xc1 }),
		"string past end":   patch(func(b []byte) { b[11] = 0x3f }),
		"end marker inside": setBytes(append(encodeZiplist("a")[:13:13], 0xff, 0x00, 0xff)),
	} {
		if _, err := ParseZiplist(zl); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %x accepted (%v)", name, zl, err)
		}
	}
}

func FuzzZiplist(f *testing.F) {
	f.Add(encodeZiplist("a", "1000", "hello", "-1", strings.Repeat("q", 300), "5"))
	f.Add(encodeZiplist())
	f.Fuzz(func(t *testing.T, data []byte) {
		zl, err := ParseZiplist(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not ErrCorrupt: %v", err)
			}
			return
		}
		var strs []string
		for e := range zl.Entries() {
			strs = append(strs, e.String())
		}
		if len(strs) != zl.Len() {
			t.Fatalf("Len %d, iterated %d", zl.Len(), len(strs))
		}
		if got := ziplistStrings(t, encodeZiplist(strs...)); !slices.Equal(got, strs) {
			t.Fatalf("re-encoded %q, want %q", got, strs)
		}
	})
}
