package engine

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/rdb"
)

// TestListpackRoundTrip appends strings and integers of every encoding and
// reads them back forwards and backwards; the result must also pass the
// RDB package's deep listpack validation (what Redis checks on load).
func TestListpackRoundTrip(t *testing.T) {
	var values [][]byte
	for _, n := range []int64{0, 1, 127, 128, -1, -4096, 4095, 4096, -4097, math.MaxInt16, math.MinInt16,
		1<<23 - 1, -1 << 23, 1 << 23, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MaxInt64, math.MinInt64} {
		values = append(values, []byte(strconv.FormatInt(n, 10)))
	}
	for _, n := range []int{0, 1, 63, 64, 4095, 4096, 20000} {
		values = append(values, bytes.Repeat([]byte{'x'}, n))
	}
	values = append(values, []byte("007"), []byte("-0"), []byte("+1"), []byte("1 "), []byte("9223372036854775808"))
	lp := lpNew()
	for _, v := range values {
		size := len(lp)
		lp = lpAppendString(lp, v)
		if got := len(lp) - size; got != lpEncodedSize(v) {
			t.Fatalf("%q took %d bytes, lpEncodedSize says %d", v, got, lpEncodedSize(v))
		}
	}
	parsed, err := rdb.ParseListpack(lp)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Len() != len(values) {
		t.Fatalf("rdb counts %d entries, want %d", parsed.Len(), len(values))
	}
	var buf [lpIntBufSize]byte
	i := 0
	for p := lpFirst(lp); p >= 0; p = lpNext(lp, p) {
		if got := lpGetBytes(lp, p, buf[:]); !bytes.Equal(got, values[i]) {
			t.Fatalf("element %d: %q, want %q", i, got, values[i])
		}
		i++
	}
	for p := lpLast(lp); p >= 0; p = lpPrev(lp, p) {
		i--
		if got := lpGetBytes(lp, p, buf[:]); !bytes.Equal(got, values[i]) {
			t.Fatalf("backwards element %d: %q, want %q", i, got, values[i])
		}
	}
	// Replacing an integer with one of another size moves what follows.
	p := lpFirst(lp)
	lp = lpReplaceInt(lp, p, 1<<40)
	if lpGetInt(lp, p) != 1<<40 || !bytes.Equal(lpGetBytes(lp, lpNext(lp, p), buf[:]), values[1]) {
		t.Fatal("replace")
	}
	if _, err := rdb.ParseListpack(lp); err != nil {
		t.Fatal(err)
	}
}
