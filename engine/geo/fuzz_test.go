package geo

import (
	"math"
	"strings"
	"testing"
)

// FuzzPosition decodes arbitrary scores: any double must give a position
// within the limits and a well-formed geohash, as Redis decodes anything a
// sorted set holds.
func FuzzPosition(f *testing.F) {
	for _, s := range []float64{0, -1.5, 1e300, math.Inf(1), math.Inf(-1), 1 << 63, 3479099956230698} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, score float64) {
		if math.IsNaN(score) {
			return // sorted sets cannot hold NaN
		}
		lon, lat := Position(score)
		if !ValidLonLat(lon, lat) {
			t.Fatalf("Position(%v) = %v, %v", score, lon, lat)
		}
		h := Hash(score)
		if len(h) != 11 || strings.Trim(h, geohashAlphabet) != "" {
			t.Fatalf("Hash(%v) = %q", score, h)
		}
		FormatCoordinate(lon)
	})
}

// FuzzShape builds shapes from arbitrary centres and sizes: ranges must be
// well-formed and a member at the centre must match.
func FuzzShape(f *testing.F) {
	f.Add(0.0, 0.0, 1.0, 2.0, false, 1.0)
	f.Add(180.0, LatMax, 1e7, 1e-3, true, 1609.34)
	f.Add(-180.0, LatMin, 0.0, 0.0, true, 0.3048)
	f.Fuzz(func(t *testing.T, lon, lat, a, b float64, box bool, toMeters float64) {
		if !ValidLonLat(lon, lat) || math.IsNaN(lon+lat+a+b+toMeters) || a < 0 || b < 0 || toMeters <= 0 {
			return // the command layer rejects these
		}
		var s *Shape
		if box {
			s = Box(lon, lat, a, b, toMeters)
		} else {
			s = Circle(lon, lat, a, toMeters)
		}
		ranges := s.Ranges()
		if len(ranges) == 0 || len(ranges) > boxCount {
			t.Fatalf("%d ranges", len(ranges))
		}
		for _, r := range ranges {
			if !(r.Min < r.Max) || r.Min < 0 || r.Max > 1<<54 {
				t.Fatalf("range %v", r)
			}
		}
		score, _ := Score(lon, lat)
		s.Match(score)
	})
}
