package geo

import (
	"math"
	"testing"
)

// The values below were read from redis-server 7.0.15 (GEOADD, ZSCORE,
// GEOPOS, GEOHASH).
func TestKnownPositions(t *testing.T) {
	for _, c := range []struct {
		lon, lat float64
		score    float64
		posLon   string
		posLat   string
		hash     string
	}{
		{13.361389, 38.115556, 3479099956230698, "13.36138933897018433", "38.11555639549629859", "sqc8b49rny0"},
		{180, 0, 10133099161583616, "180", "0.00000126736058093", "80000000000"},
		{0, LatMax, 6755399441055744, "0.00000268220901489", "85.0511287799999991", "up05b5048p0"},
		{-180, LatMin, 0, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"},
	} {
		score, ok := Score(c.lon, c.lat)
		if !ok || score != c.score {
			t.Errorf("Score(%v, %v) = %v, %v; want %v", c.lon, c.lat, score, ok, c.score)
		}
		lon, lat := Position(score)
		if FormatCoordinate(lon) != c.posLon || FormatCoordinate(lat) != c.posLat {
			t.Errorf("Position(%v) = %s, %s", score, FormatCoordinate(lon), FormatCoordinate(lat))
		}
		if h := Hash(score); h != c.hash {
			t.Errorf("Hash(%v) = %s, want %s", score, h, c.hash)
		}
	}
}

// Scores GEOADD never writes decode as C's cast makes them (observed with
// ZADD and GEOPOS on redis-server 7.0.15).
func TestPositionOfAnyScore(t *testing.T) {
	for _, c := range []struct {
		score    float64
		lon, lat string
	}{
		{-1.5, "180", "85.0511287799999991"},
		{1e300, "-179.99999731779098511", "-85.05112751263942528"},
		{math.Inf(1), "-179.99999731779098511", "-85.05112751263942528"},
		{math.Inf(-1), "180", "-85.05112751263942528"},
		{1 << 63, "180", "-85.05112751263942528"},
		{1 << 64, "-179.99999731779098511", "-85.05112751263942528"},
		{1 << 52, "-179.99999731779098511", "85.0511287799999991"},
		{1.5, "-179.99999731779098511", "-85.05112497791824921"},
		{-9.3e18, "180", "-85.05112751263942528"},
	} {
		lon, lat := Position(c.score)
		if FormatCoordinate(lon) != c.lon || FormatCoordinate(lat) != c.lat {
			t.Errorf("Position(%v) = %s, %s; want %s, %s", c.score, FormatCoordinate(lon), FormatCoordinate(lat), c.lon, c.lat)
		}
	}
}

func TestValidLonLat(t *testing.T) {
	for _, c := range []struct {
		lon, lat float64
		ok       bool
	}{
		{0, 0, true}, {180, LatMax, true}, {-180, LatMin, true},
		{180.00000000000003, 0, false}, {0, 85.05112878000001, false},
		{math.Inf(1), 0, false}, {0, -90, false},
	} {
		if ValidLonLat(c.lon, c.lat) != c.ok {
			t.Errorf("ValidLonLat(%v, %v) != %v", c.lon, c.lat, c.ok)
		}
		if _, ok := Score(c.lon, c.lat); ok != c.ok {
			t.Errorf("Score(%v, %v) ok = %v", c.lon, c.lat, ok)
		}
	}
}

func TestDistance(t *testing.T) {
	// Redis: GEODIST of Palermo and Catania is 166274.1516 m.
	p, _ := Score(13.361389, 38.115556)
	c, _ := Score(15.087269, 37.502669)
	lon1, lat1 := Position(p)
	lon2, lat2 := Position(c)
	if d := FormatDistance(Distance(lon1, lat1, lon2, lat2)); d != "166274.1516" {
		t.Errorf("Palermo-Catania %s", d)
	}
	if Distance(10, 20, 10, 20) != 0 || Distance(10, 20, 10, 21) != earthRadius*math.Abs(toRadians(21)-toRadians(20)) {
		t.Error("same meridian")
	}
	if Distance(1, 2, 3, 4) != Distance(3, 4, 1, 2) {
		t.Error("not symmetric")
	}
}

func TestUnitMeters(t *testing.T) {
	for unit, want := range map[string]float64{"m": 1, "KM": 1000, "Ft": 0.3048, "mi": 1609.34} {
		if got, ok := UnitMeters(unit); !ok || got != want {
			t.Errorf("%s: %v %v", unit, got, ok)
		}
	}
	for _, unit := range []string{"", "meters", "k", "nm"} {
		if _, ok := UnitMeters(unit); ok {
			t.Errorf("%q accepted", unit)
		}
	}
}
