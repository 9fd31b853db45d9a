package geo

// The geohash layer: positions become interleaved bits of latitude and
// longitude offsets, step bits of each, latitude in the even bit positions
// and longitude in the odd ones. The arithmetic mirrors Redis's geohash.c
// operation for operation, since scores and boxes must come out bit for bit.

// interval is a closed range of one coordinate.
type interval struct{ min, max float64 }

var (
	redisLon = interval{LonMin, LonMax}
	redisLat = interval{LatMin, LatMax}
	// The ranges of standard geohash strings, which Redis re-encodes into
	// for GEOHASH.
	standardLon = interval{-180, 180}
	standardLat = interval{-90, 90}
)

// hashBits is a geohash of step bits per coordinate. The zero value marks a
// neighbour box that a search skips.
type hashBits struct {
	bits uint64
	step uint8
}

func (h hashBits) isZero() bool { return h.bits == 0 && h.step == 0 }

// area is the box a geohash covers.
type area struct{ lon, lat interval }

// spread moves the low 32 bits of v to the even bit positions.
func spread(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// squeeze gathers the even bit positions of v into 32 bits.
func squeeze(v uint64) uint32 {
	x := v & 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	return uint32(x)
}

// encode hashes a position within the given ranges. It fails outside
// Redis's limits or the ranges. A coordinate at the top of its range makes
// an offset of exactly 2^step, whose bit lands above the 2·step hash bits:
// Redis keeps that bit, and so does this.
func encode(lonR, latR interval, lon, lat float64, step uint8) (hashBits, bool) {
	if step == 0 || step > 32 {
		return hashBits{}, false
	}
	if lon > LonMax || lon < LonMin || lat > LatMax || lat < LatMin {
		return hashBits{}, false
	}
	if lat < latR.min || lat > latR.max || lon < lonR.min || lon > lonR.max {
		return hashBits{step: step}, false
	}
	latOffset := (lat - latR.min) / (latR.max - latR.min)
	lonOffset := (lon - lonR.min) / (lonR.max - lonR.min)
	scale := float64(uint64(1) << step)
	latOffset *= scale
	lonOffset *= scale
	return hashBits{bits: spread(uint32(latOffset)) | spread(uint32(lonOffset))<<1, step: step}, true
}

// decode returns the box a geohash covers; it fails for the zero hash.
func decode(lonR, latR interval, h hashBits) (area, bool) {
	if h.isZero() {
		return area{}, false
	}
	latBits, lonBits := squeeze(h.bits), squeeze(h.bits>>1)
	scale := float64(uint64(1) << h.step)
	// The box's far edge uses the next offset in 32-bit arithmetic, which
	// wraps to 0 for bits no real position has (scores decoded from
	// arbitrary doubles can have them). The float64 conversions keep each
	// product rounded on its own, as in C: Go may otherwise fuse a multiply
	// and an add.
	edge := func(r interval, offset uint32) float64 {
		return r.min + float64(float64(offset)/scale*(r.max-r.min))
	}
	return area{
		lat: interval{edge(latR, latBits), edge(latR, latBits+1)},
		lon: interval{edge(lonR, lonBits), edge(lonR, lonBits+1)},
	}, true
}

// center is the middle of a box, pulled back inside Redis's limits.
func (a area) center() (lon, lat float64) {
	lon = (a.lon.min + a.lon.max) / 2
	lon = min(max(lon, LonMin), LonMax)
	lat = (a.lat.min + a.lat.max) / 2
	lat = min(max(lat, LatMin), LatMax)
	return lon, lat
}

// align52 places a hash's bits at the top of the 52 bits scores use.
func (h hashBits) align52() uint64 { return h.bits << (52 - 2*uint(h.step)) }

// moveLon returns the box d (±1) steps east, wrapping around.
func (h hashBits) moveLon(d int) hashBits {
	return h.move(d, 0xaaaaaaaaaaaaaaaa, 0x5555555555555555)
}

// moveLat returns the box d (±1) steps north, wrapping around.
func (h hashBits) moveLat(d int) hashBits {
	return h.move(d, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa)
}

// move steps the coordinate held in the bits of mine by d, carrying across
// the bits of the other coordinate.
func (h hashBits) move(d int, mine, other uint64) hashBits {
	if d == 0 {
		return h
	}
	shift := 64 - 2*uint(h.step)
	x, y := h.bits&mine, h.bits&other
	fill := other >> shift // ones in the other coordinate's positions
	if d > 0 {
		x += fill + 1
	} else {
		x = (x | fill) - (fill + 1)
	}
	x &= mine >> shift
	h.bits = x | y
	return h
}

// The nine boxes of a search, in the order Redis scans them.
const (
	boxCenter = iota
	boxNorth
	boxSouth
	boxEast
	boxWest
	boxNorthEast
	boxNorthWest
	boxSouthEast
	boxSouthWest
	boxCount
)

// neighbourhood returns a hash and its eight neighbours.
func neighbourhood(h hashBits) [boxCount]hashBits {
	return [boxCount]hashBits{
		boxCenter:    h,
		boxNorth:     h.moveLat(1),
		boxSouth:     h.moveLat(-1),
		boxEast:      h.moveLon(1),
		boxWest:      h.moveLon(-1),
		boxNorthEast: h.moveLon(1).moveLat(1),
		boxNorthWest: h.moveLon(-1).moveLat(1),
		boxSouthEast: h.moveLon(1).moveLat(-1),
		boxSouthWest: h.moveLon(-1).moveLat(-1),
	}
}
