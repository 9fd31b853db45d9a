// Package geo is Redis 7.0's geo math: the scores GEOADD stores, the
// positions, geohash strings and distances the geo commands report, and the
// machinery GEOSEARCH and GEORADIUS use to find members in an area. It is
// pure functions over float64 values; the engine's command layer owns the
// sorted sets, argument parsing and replies.
//
// # Positions and scores
//
// A position is encoded as a 52-bit geohash, 26 bits of latitude offset and
// 26 of longitude offset interleaved, over longitudes -180..180 and
// latitudes LatMin..LatMax (±85.05112878). The integer, as a double, is the
// member's score (Score). Decoding a score gives the centre of its box
// (Position), which is what GEOPOS prints (FormatCoordinate), what
// distances use, and what GEORADIUSBYMEMBER and FROMMEMBER search around.
// Any double decodes, as in Redis, even scores never written by GEOADD.
// GEOHASH re-encodes the position over the standard ±90 latitude range
// (Hash).
//
// # Distances
//
// Distance is Redis's haversine with its earth radius of 6372797.560856 m
// (with Redis's shortcut for positions on one meridian). UnitMeters gives
// the meters in m, km, ft and mi; GEODIST divides by it and prints with
// FormatDistance, which rounds as Redis's fixed-point formatter does rather
// than as printf's %.4f.
//
// # Searching
//
// A search builds a Shape (Circle or Box, sizes in the query's unit) and
// asks it for the score ranges to scan (Ranges): the geohash box of the
// centre at a precision chosen from the size, and the eight boxes around
// it, minus those the shape cannot reach, in Redis's order. For each member
// whose score lies in a range, in sorted-set order, Match says whether it
// is inside and returns its distance in meters and its position:
//
//	s := geo.Circle(lon, lat, radius, toMeters)
//	for _, r := range s.Ranges() {
//		for each member with r.Min <= score < r.Max, in order {
//			if dist, lon, lat, ok := s.Match(score); ok { collect }
//		}
//	}
//
// Members whose score lies beyond 2^52 (added at latitude LatMax or
// longitude 180 exactly) are in no range, so searches never find them, as
// in Redis. Unsorted replies list members in exactly that order; ASC and DESC sort by
// distance, stably (glibc's qsort is a merge sort). COUNT without ANY sorts
// only part of the array in Redis (its pqsort), which can order equal
// distances differently; COUNT ANY stops collecting at the count, checked
// after each member and before each range.
//
// # Exactness
//
// Every step follows Redis's arithmetic operation for operation (Go's
// compiler is kept from fusing multiplies and adds), so scores, positions,
// hashes and search boxes are bit-identical. Distances use sin, cos and asin
// correctly rounded (crmath.go) where Redis uses the C library's; glibc
// rounds differently in about one call in a thousand, which can move a
// distance by an ulp: invisible in the four decimals of GEODIST, visible in
// the rare STOREDIST score.
package geo
