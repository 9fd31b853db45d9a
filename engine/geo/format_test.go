package geo

import (
	"math"
	"testing"
)

func TestFormatCoordinate(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{180, "180"}, {-0.0, "0"}, {0, "0"}, {0.5, "0.5"}, {-1e-30, "0"},
		{13.361389338970184, "13.36138933897018433"},
		{math.Ldexp(1, -18), "0.00000381469726562"}, // a tie, to even
		{math.Inf(-1), "-inf"},
	} {
		if got := FormatCoordinate(c.v); got != c.want {
			t.Errorf("FormatCoordinate(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}

func TestFormatDistance(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0.0000"}, {math.Copysign(0, -1), "0.0000"}, {0.0001, "0.0001"},
		{6.0642951598391699e-05, "0.0001"}, {10.01, "10.0100"}, {1e-9, "0.0000"},
		{-1e-9, "0.0000"}, {-0.01, "-0.0100"}, {1.03125, "1.0312"},
		// Just below a half, but the product rounds up to it (as Redis
		// printed for this distance); printf would say .5461.
		{math.Float64frombits(0x416e0c4eb17a0f90), "15753845.5462"},
		{math.NaN(), "-922337203685477.5808"},
	} {
		if got := FormatDistance(c.v); got != c.want {
			t.Errorf("FormatDistance(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}

func TestInvalidPairError(t *testing.T) {
	for _, c := range []struct {
		lon, lat float64
		want     string
	}{
		{200, 0, "ERR invalid longitude,latitude pair 200.000000,0.000000"},
		{math.Inf(1), 0, "ERR invalid longitude,latitude pair inf,0.000000"},
		{0, math.Inf(-1), "ERR invalid longitude,latitude pair 0.000000,-inf"},
		{math.Copysign(0, -1), 85.05112879, "ERR invalid longitude,latitude pair -0.000000,85.051129"},
	} {
		if got := InvalidPairError(c.lon, c.lat); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
