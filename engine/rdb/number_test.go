package rdb

import (
	"math"
	"strconv"
	"testing"
)

func TestParseInt64(t *testing.T) {
	for _, tc := range []struct {
		s  string
		v  int64
		ok bool
	}{
		{"0", 0, true},
		{"7", 7, true},
		{"-7", -7, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"18446744073709551616", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"-0", 0, false},
		{"00", 0, false},
		{"01", 0, false},
		{"+1", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1a", 0, false},
		{"1.0", 0, false},
		{"000000000000000000001", 0, false},
	} {
		v, ok := ParseInt64([]byte(tc.s))
		if v != tc.v || ok != tc.ok {
			t.Errorf("ParseInt64(%q) = %d, %v; want %d, %v", tc.s, v, ok, tc.v, tc.ok)
		}
	}
}

// FuzzParseInt64 checks the defining property: a string is accepted
// exactly when it is strconv's formatting of the number it parses to.
func FuzzParseInt64(f *testing.F) {
	for _, s := range []string{"0", "-1", "007", "9223372036854775807", "-0", "+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseInt64([]byte(s))
		p, err := strconv.ParseInt(s, 10, 64)
		canonical := err == nil && strconv.FormatInt(p, 10) == s
		if ok != canonical || ok && v != p {
			t.Fatalf("ParseInt64(%q) = %d, %v; canonical %v", s, v, ok, canonical)
		}
	})
}
