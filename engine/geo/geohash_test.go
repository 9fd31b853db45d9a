package geo

import (
	"math/rand/v2"
	"testing"
)

func TestSpreadSqueeze(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 10000; i++ {
		v := r.Uint32()
		s := spread(v)
		if s&0xaaaaaaaaaaaaaaaa != 0 || squeeze(s) != v || squeeze(s<<1) != 0 {
			t.Fatalf("spread/squeeze %#x", v)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for i := 0; i < 10000; i++ {
		lon, lat := r.Float64()*360-180, r.Float64()*2*LatMax-LatMax
		step := uint8(1 + r.IntN(26))
		h, ok := encode(redisLon, redisLat, lon, lat, step)
		if !ok || h.step != step || h.bits>>(2*uint(step)) != 0 {
			t.Fatalf("encode(%v, %v, %d) = %+v, %v", lon, lat, step, h, ok)
		}
		a, ok := decode(redisLon, redisLat, h)
		if !ok || lon < a.lon.min || lon > a.lon.max || lat < a.lat.min || lat > a.lat.max {
			t.Fatalf("%v,%v outside its box %+v", lon, lat, a)
		}
	}
	if _, ok := encode(redisLon, redisLat, 0, 86, 26); ok {
		t.Error("latitude beyond the limit encoded")
	}
	if _, ok := decode(redisLon, redisLat, hashBits{}); ok {
		t.Error("the zero hash decoded")
	}
	// The top of a range gives an offset of 2^step, one bit above the hash.
	h, _ := encode(redisLon, redisLat, 0, LatMax, 26)
	if h.bits>>52 != 1 {
		t.Errorf("latitude at the limit: %#x", h.bits)
	}
}

func TestNeighbours(t *testing.T) {
	h, _ := encode(redisLon, redisLat, 10, 20, 5)
	n := neighbourhood(h)
	a, _ := decode(redisLon, redisLat, h)
	east, _ := decode(redisLon, redisLat, n[boxEast])
	north, _ := decode(redisLon, redisLat, n[boxNorth])
	sw, _ := decode(redisLon, redisLat, n[boxSouthWest])
	if east.lon.min != a.lon.max || east.lat != a.lat {
		t.Errorf("east %+v of %+v", east, a)
	}
	if north.lat.min != a.lat.max || north.lon != a.lon {
		t.Errorf("north %+v of %+v", north, a)
	}
	if sw.lon.max != a.lon.min || sw.lat.max != a.lat.min {
		t.Errorf("south-west %+v of %+v", sw, a)
	}
	// East of the last column wraps to the first.
	h, _ = encode(redisLon, redisLat, 179.9, 0, 4)
	wrapped, _ := decode(redisLon, redisLat, h.moveLon(1))
	if wrapped.lon.min != -180 {
		t.Errorf("no wrap: %+v", wrapped)
	}
}

func TestStepsFor(t *testing.T) {
	for _, c := range []struct {
		meters, lat float64
		want        uint8
	}{
		{0, 0, 26}, {1, 0, 24}, {1000, 0, 14}, {1000, 70, 13}, {1000, -85, 12},
		{5e6, 0, 2}, {2e7, 0, 1}, {1e9, 0, 1}, {1e-9, 0, 26},
	} {
		if got := stepsFor(c.meters, c.lat); got != c.want {
			t.Errorf("stepsFor(%v, %v) = %d, want %d", c.meters, c.lat, got, c.want)
		}
	}
}
