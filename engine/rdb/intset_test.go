package rdb

import (
	"encoding/hex"
	"errors"
	"math"
	"slices"
	"testing"
)

func TestIntsetWidth(t *testing.T) {
	for _, tc := range []struct {
		vals []int64
		want int
	}{
		{nil, 2},
		{[]int64{math.MinInt16, math.MaxInt16}, 2},
		{[]int64{1, math.MaxInt16 + 1}, 4},
		{[]int64{math.MinInt16 - 1}, 4},
		{[]int64{math.MinInt32, math.MaxInt32}, 4},
		{[]int64{0, math.MaxInt32 + 1, 5}, 8},
		{[]int64{math.MinInt32 - 1}, 8},
	} {
		if got := IntsetWidth(tc.vals); got != tc.want {
			t.Errorf("IntsetWidth(%v) = %d, want %d", tc.vals, got, tc.want)
		}
	}
}

func TestIntsetRoundTrip(t *testing.T) {
	for _, vals := range [][]int64{
		{1, 2, 3},
		{-5, 0, 70000},
		{math.MinInt64, -1, math.MaxInt64},
	} {
		for width := IntsetWidth(vals); width <= 8; width *= 2 {
			b := AppendIntset(nil, vals, width)
			s, err := ParseIntset(b)
			if err != nil {
				t.Fatalf("%v width %d: %v", vals, width, err)
			}
			if s.Width() != width || s.Len() != len(vals) || !slices.Equal(slices.Collect(s.Values()), vals) {
				t.Fatalf("%v width %d: got width %d %v", vals, width, s.Width(), slices.Collect(s.Values()))
			}
		}
	}
	// The bytes Redis DUMPs for SADD s 1 2 3.
	if got := hex.EncodeToString(AppendIntset(nil, []int64{1, 2, 3}, 2)); got != "0200000003000000010002000300" {
		t.Fatalf("got %s", got)
	}
}

func TestParseIntsetRejects(t *testing.T) {
	for name, hexdata := range map[string]string{
		"short header":    "02000000030000",
		"bad width":       "03000000010000000100",
		"width 0":         "00000000010000000100",
		"count too big":   "0200000004000000010002000300",
		"count too small": "0200000002000000010002000300",
		"trailing byte":   "020000000100000001000a",
		"empty":           "0200000000000000",
		"out of order":    "020000000200000002000100",
		"duplicate":       "020000000200000001000100",
		"unsorted 8-byte": "08000000020000000200000000000000ffffffffffffffff",
		"count overflows": "08000000ffffffff",
	} {
		b, err := hex.DecodeString(hexdata)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseIntset(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %s accepted (%v)", name, hexdata, err)
		}
	}
}

func FuzzIntset(f *testing.F) {
	f.Add(AppendIntset(nil, []int64{1, 2, 3}, 2))
	f.Add(AppendIntset(nil, []int64{-70000, 5}, 4))
	f.Add(AppendIntset(nil, []int64{math.MinInt64, math.MaxInt64}, 8))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseIntset(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not ErrCorrupt: %v", err)
			}
			return
		}
		vals := slices.Collect(s.Values())
		if len(vals) != s.Len() || !slices.IsSorted(vals) || s.Width() < IntsetWidth(vals) {
			t.Fatalf("accepted inconsistent intset %x", data)
		}
		if got := AppendIntset(nil, vals, s.Width()); string(got) != string(data) {
			t.Fatalf("re-encoded %x as %x", data, got)
		}
	})
}
