package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Every position within the shape must fall in one of its ranges: that is
// what the boxes are for.
func TestRangesCoverMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for i := 0; i < 300; i++ {
		lon, lat := r.Float64()*360-180, r.Float64()*170-85
		size := math.Pow(10, r.Float64()*6) // 1 m .. 1000 km
		var s *Shape
		if i%2 == 0 {
			s = Circle(lon, lat, size, 1)
		} else {
			s = Box(lon, lat, size, size*2, 1)
		}
		ranges := s.Ranges()
		if len(ranges) == 0 || len(ranges) > boxCount {
			t.Fatalf("%d ranges", len(ranges))
		}
		for k := 0; k < 200; k++ {
			// A point near the centre, within about twice the size.
			d := size * 2 / earthRadius * 180 / math.Pi
			plon := lon + (r.Float64()*2-1)*d/math.Max(math.Cos(lat*math.Pi/180), 0.05)
			plat := math.Max(math.Min(lat+(r.Float64()*2-1)*d, LatMax), LatMin)
			if plon < -180 || plon > 180 {
				continue
			}
			score, _ := Score(plon, plat)
			if _, _, _, ok := s.Match(score); !ok || score >= 1<<52 {
				// Positions at the very top of a range (latitude LatMax,
				// longitude 180) have scores beyond every box: Redis's
				// searches never find them either.
				continue
			}
			covered := false
			for _, rg := range ranges {
				if score >= rg.Min && score < rg.Max {
					covered = true
				}
			}
			if !covered {
				t.Fatalf("%+v: member %v,%v in the shape but in no range %v", s, plon, plat, ranges)
			}
		}
	}
}

func TestRangesZeroRadius(t *testing.T) {
	score, _ := Score(2.5, 48.5)
	s := Circle(2.5, 48.5, 0, 1)
	if _, _, _, ok := s.Match(score); ok {
		t.Fatal("a member is where its score's box centre is, not where it was added")
	}
	lon, lat := Position(score)
	s = Circle(lon, lat, 0, 1)
	ranges := s.Ranges()
	if len(ranges) == 0 || !(score >= ranges[0].Min && score < ranges[0].Max) || ranges[0].Max-ranges[0].Min != 1 {
		t.Fatalf("ranges %v for score %v", ranges, score)
	}
	if dist, _, _, ok := s.Match(score); !ok || dist != 0 {
		t.Fatalf("the centre itself: %v %v", dist, ok)
	}
}

func TestRangesHugeRadius(t *testing.T) {
	// Step 1: four boxes cover the world; neighbours repeat.
	ranges := Circle(0, 0, 30000, 1000).Ranges()
	for i := 1; i < len(ranges); i++ {
		if ranges[i] == ranges[i-1] {
			t.Fatalf("a range repeated right after itself: %v", ranges)
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range ranges {
		lo, hi = math.Min(lo, r.Min), math.Max(hi, r.Max)
	}
	if lo != 0 || hi != 1<<52 {
		t.Fatalf("the world is not covered: %v", ranges)
	}
}

func TestMatchBox(t *testing.T) {
	s := Box(0, 0, 200, 100, 1000) // 200 km by 100 km
	for _, c := range []struct {
		lon, lat float64
		in       bool
	}{
		{0, 0, true}, {0.89, 0, true}, {0.91, 0, false}, {0, 0.44, true}, {0, 0.46, false},
		{-0.89, -0.44, true},
	} {
		score, _ := Score(c.lon, c.lat)
		if _, _, _, ok := s.Match(score); ok != c.in {
			t.Errorf("%v,%v: in = %v", c.lon, c.lat, ok)
		}
	}
}
