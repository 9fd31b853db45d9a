package geo

import "math"

// Shape is the area of a GEOSEARCH, GEORADIUS or GEORADIUSBYMEMBER query:
// a circle or an axis-aligned box around a centre. Its sizes stay in the
// query's unit, with toMeters converting them, because Redis multiplies at
// specific points and the roundings must match.
type Shape struct {
	lon, lat      float64 // centre
	box           bool
	radius        float64 // circle
	width, height float64 // box
	toMeters      float64

	// The centre in radians and cos of its latitude, which every distance
	// from the centre needs.
	lonR, latR, cosLatR float64
}

// Circle is the shape of BYRADIUS, GEORADIUS and GEORADIUSBYMEMBER: lon, lat
// is the centre (given, or decoded from the member's score with Position),
// radius is in the unit that toMeters (from UnitMeters) converts.
func Circle(lon, lat, radius, toMeters float64) *Shape {
	return newShape(&Shape{lon: lon, lat: lat, radius: radius, toMeters: toMeters})
}

// Box is the shape of BYBOX: width and height in the unit that toMeters
// converts, centred on lon, lat.
func Box(lon, lat, width, height, toMeters float64) *Shape {
	return newShape(&Shape{lon: lon, lat: lat, box: true, width: width, height: height, toMeters: toMeters})
}

func newShape(s *Shape) *Shape {
	s.lonR, s.latR = toRadians(s.lon), toRadians(s.lat)
	s.cosLatR = crCos(s.latR)
	return s
}

// ScoreRange is a range of sorted-set scores to scan: Min <= score < Max.
type ScoreRange struct{ Min, Max float64 }

// Ranges returns the score ranges a search scans, in Redis's order (the
// order results come in when the query does not sort): the geohash box of
// the centre, then its neighbours north, south, east, west, north-east,
// north-west, south-east and south-west. Boxes the shape cannot reach are
// left out, and so is a box equal to the one scanned just before it (which
// happens with huge radii). Each element found in a range still has to pass
// Match.
func (s *Shape) Ranges() []ScoreRange {
	boxes := s.boxes()
	ranges := make([]ScoreRange, 0, boxCount)
	last := 0
	for i, h := range boxes {
		if h.isZero() {
			continue
		}
		// Redis compares with the last box scanned only when that was
		// not the centre box: a neighbour equal to the centre is scanned
		// twice (and its elements reported twice).
		if last != 0 && h == boxes[last] {
			continue
		}
		next := h
		next.bits++
		ranges = append(ranges, ScoreRange{float64(h.align52()), float64(next.align52())})
		last = i
	}
	return ranges
}

// Match decodes an element's score and reports whether its position lies
// in the shape, with its distance from the centre in meters (Redis divides
// it by the unit for WITHDIST and STOREDIST) and its position (WITHCOORD).
func (s *Shape) Match(score float64) (dist, lon, lat float64, ok bool) {
	lon, lat = Position(score)
	lonR, latR := toRadians(lon), toRadians(lat)
	if !s.box {
		dist = distance(s.lonR, s.latR, s.cosLatR, lonR, latR)
		return dist, lon, lat, !(dist > float64(s.radius*s.toMeters))
	}
	// Redis measures the box by the north-south distance along a meridian
	// and the east-west distance along the element's own parallel.
	if earthRadius*math.Abs(s.latR-latR) > float64(s.height*s.toMeters)/2 {
		return 0, lon, lat, false
	}
	if distance(lonR, latR, math.NaN(), s.lonR, latR) > float64(s.width*s.toMeters)/2 {
		return 0, lon, lat, false
	}
	return distance(s.lonR, s.latR, s.cosLatR, lonR, latR), lon, lat, true
}

// boundingBox returns the longitude and latitude limits of the shape, as
// Redis estimates them: the east-west extent is taken at the latitude edge
// nearer the pole.
func (s *Shape) boundingBox() (minLon, minLat, maxLon, maxLat float64) {
	halfHeight, halfWidth := s.radius, s.radius
	if s.box {
		halfHeight, halfWidth = s.height/2, s.width/2
	}
	height := s.toMeters * halfHeight
	width := s.toMeters * halfWidth
	latDelta := toDegrees(height / earthRadius)
	lonDeltaTop := toDegrees(width / earthRadius / crCos(toRadians(s.lat+latDelta)))
	lonDeltaBottom := toDegrees(width / earthRadius / crCos(toRadians(s.lat-latDelta)))
	lonDelta := lonDeltaTop
	if s.lat < 0 {
		lonDelta = lonDeltaBottom
	}
	return s.lon - lonDelta, s.lat - latDelta, s.lon + lonDelta, s.lat + latDelta
}

// stepsFor picks the geohash precision of the search boxes: coarse enough
// that the neighbourhood of the centre's box covers the radius, coarser
// still towards the poles.
func stepsFor(meters, lat float64) uint8 {
	const mercatorMax = 20037726.37
	if meters == 0 {
		return steps
	}
	step := 1
	for meters < mercatorMax {
		meters *= 2
		step++
	}
	step -= 2
	if lat > 66 || lat < -66 {
		step--
		if lat > 80 || lat < -80 {
			step--
		}
	}
	return uint8(min(max(step, 1), steps))
}

// boxes returns the centre box and its eight neighbours, with the ones the
// shape cannot reach zeroed, as Redis's geohashCalculateAreasByShapeWGS84
// does.
func (s *Shape) boxes() [boxCount]hashBits {
	minLon, minLat, maxLon, maxLat := s.boundingBox()
	meters := s.radius
	if s.box {
		meters = math.Sqrt(float64((s.width/2)*(s.width/2)) + float64((s.height/2)*(s.height/2)))
	}
	step := stepsFor(meters*s.toMeters, s.lat)

	centre := func(step uint8) ([boxCount]hashBits, area) {
		h, _ := encode(redisLon, redisLat, s.lon, s.lat, step)
		a, _ := decode(redisLon, redisLat, h)
		return neighbourhood(h), a
	}
	boxes, a := centre(step)

	// When the bounding box reaches past a neighbour, the boxes are too
	// small: go one step coarser.
	edge := func(i int) area { a, _ := decode(redisLon, redisLat, boxes[i]); return a }
	tooSmall := edge(boxNorth).lat.max < maxLat || edge(boxSouth).lat.min > minLat ||
		edge(boxEast).lon.max < maxLon || edge(boxWest).lon.min > minLon
	if step > 1 && tooSmall {
		step--
		boxes, a = centre(step)
	}

	// Drop the neighbours on a side the centre box already covers.
	if step >= 2 {
		drop := func(is ...int) {
			for _, i := range is {
				boxes[i] = hashBits{}
			}
		}
		if a.lat.min < minLat {
			drop(boxSouth, boxSouthWest, boxSouthEast)
		}
		if a.lat.max > maxLat {
			drop(boxNorth, boxNorthEast, boxNorthWest)
		}
		if a.lon.min < minLon {
			drop(boxWest, boxSouthWest, boxNorthWest)
		}
		if a.lon.max > maxLon {
			drop(boxEast, boxSouthEast, boxNorthEast)
		}
	}
	return boxes
}
