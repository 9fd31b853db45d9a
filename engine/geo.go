package engine

import (
	"strconv"

	"github.com/redwasm/redwasm/engine/geo"
)

// Geo commands. A geo set is a sorted set whose scores are 52-bit geohashes
// (package geo has the math): GEOADD is a ZADD of computed scores, the
// readers decode scores, and the searches scan the score ranges of the
// geohash boxes around a centre, then sort and reply or store what they
// found. Everything about the sorted set itself is zset.go's.

// Error replies of the geo commands, Redis 7.0's texts.
const (
	errGeoMember         = "ERR could not decode requested zset member"
	errGeoNeedRadius     = "ERR need numeric radius"
	errGeoNeedWidth      = "ERR need numeric width"
	errGeoNeedHeight     = "ERR need numeric height"
	errGeoRadiusNegative = "ERR radius cannot be negative"
	errGeoBoxNegative    = "ERR height or width cannot be negative"
	errGeoCount          = "ERR COUNT must be > 0"
	errGeoAnyNeedsCount  = "ERR the ANY argument requires COUNT argument"
)

// errGeoStoreWith is the error of a search that stores and also asks for
// WITHDIST, WITHHASH or WITHCOORD; what names the storing option.
func errGeoStoreWith(what string) string {
	return "ERR " + what + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
}

// errGeoExactlyOne is GEOSEARCH's error for a missing centre or shape;
// Redis names the command as the client spelt it.
func errGeoExactlyOne(options string, cmd []byte) string {
	return sanitizeError("ERR exactly one of " + options + " can be specified for " + cString(cmd, len(cmd)))
}

func init() {
	implement(map[string]Handler{
		"geoadd":               geoaddCommand,
		"geodist":              geodistCommand,
		"geohash":              geohashCommand,
		"geopos":               geoposCommand,
		"georadius":            func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoRadius, false) },
		"georadius_ro":         func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoRadius, true) },
		"georadiusbymember":    func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoRadiusByMember, false) },
		"georadiusbymember_ro": func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoRadiusByMember, true) },
		"geosearch":            func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoSearch, true) },
		"geosearchstore":       func(c *Client, args [][]byte) { geoSearchGeneric(c, args, geoSearchStore, false) },
	})
}

// GEOADD key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]
//
// As in Redis, GEOADD turns itself into a ZADD of the members' scores and
// runs it, so it replies, notifies ("zadd") and propagates as that ZADD.
func geoaddCommand(c *Client, args [][]byte) {
	first := 2 // the first longitude
	nx, xx := false, false
options:
	for ; first < len(args); first++ {
		switch a := args[first]; {
		case optionIs(a, "nx"):
			nx = true
		case optionIs(a, "xx"):
			xx = true
		case optionIs(a, "ch"):
		default:
			break options
		}
	}
	if (len(args)-first)%3 != 0 || nx && xx {
		c.Error(ErrSyntax)
		return
	}
	zadd := make([][]byte, 0, first+(len(args)-first)/3*2)
	zadd = append(zadd, []byte("zadd"))
	zadd = append(zadd, args[1:first]...)
	for i := first; i < len(args); i += 3 {
		lon, lat, ok := c.lonLatArgs(args[i], args[i+1])
		if !ok {
			return
		}
		bits, _ := geo.ScoreBits(lon, lat)
		zadd = append(zadd, strconv.AppendUint(nil, bits, 10), args[i+2])
	}
	dirty := c.e.dirty
	zaddGeneric(c, zadd, 0)
	if c.e.dirty != dirty {
		c.replicateAs(zadd...)
	}
}

// lonLatArgs parses a longitude and a latitude, Redis's
// extractLongLatOrReply: two floats, within the limits geo accepts.
func (c *Client) lonLatArgs(lonArg, latArg []byte) (lon, lat float64, ok bool) {
	if lon, ok = c.floatArg(lonArg); !ok {
		return
	}
	if lat, ok = c.floatArg(latArg); !ok {
		return
	}
	if !geo.ValidLonLat(lon, lat) {
		c.Error(geo.InvalidPairError(lon, lat))
		return 0, 0, false
	}
	return lon, lat, true
}

// unitArg parses a distance unit (m, km, ft, mi, in any case) into meters
// per unit.
func (c *Client) unitArg(b []byte) (float64, bool) {
	toMeters, ok := geo.UnitMeters(view(cutAtNUL(b)))
	if !ok {
		c.Error(geo.ErrUnit)
	}
	return toMeters, ok
}

// sizeArg parses a radius, width or height as a float (inf included);
// notFloat is the error for a malformed one. The caller rejects negative
// sizes, after the other numbers of the shape are parsed.
func (c *Client) sizeArg(b []byte, notFloat string) (float64, bool) {
	f, ok := parseFloat(b)
	if !ok {
		c.Error(notFloat)
	}
	return f, ok
}

// radiusArgs parses "radius unit", Redis's extractDistanceOrReply.
func (c *Client) radiusArgs(args [][]byte) (radius, toMeters float64, ok bool) {
	if radius, ok = c.sizeArg(args[0], errGeoNeedRadius); !ok {
		return
	}
	if radius < 0 {
		c.Error(errGeoRadiusNegative)
		return 0, 0, false
	}
	toMeters, ok = c.unitArg(args[1])
	return
}

// boxArgs parses "width height unit", Redis's extractBoxOrReply.
func (c *Client) boxArgs(args [][]byte) (width, height, toMeters float64, ok bool) {
	if width, ok = c.sizeArg(args[0], errGeoNeedWidth); !ok {
		return
	}
	if height, ok = c.sizeArg(args[1], errGeoNeedHeight); !ok {
		return
	}
	if width < 0 || height < 0 {
		c.Error(errGeoBoxNegative)
		return 0, 0, 0, false
	}
	toMeters, ok = c.unitArg(args[2])
	return
}

// GEODIST key member1 member2 [M|KM|FT|MI]
func geodistCommand(c *Client, args [][]byte) {
	toMeters := 1.0
	if len(args) > 5 {
		c.Error(ErrSyntax)
		return
	}
	if len(args) == 5 {
		var ok bool
		if toMeters, ok = c.unitArg(args[4]); !ok {
			return
		}
	}
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	if z == nil {
		c.NullBulk()
		return
	}
	s1, ok1 := z.Score(view(args[2]))
	s2, ok2 := z.Score(view(args[3]))
	if !ok1 || !ok2 {
		c.NullBulk()
		return
	}
	lon1, lat1 := geo.Position(s1)
	lon2, lat2 := geo.Position(s2)
	c.BulkString(geo.FormatDistance(geo.Distance(lon1, lat1, lon2, lat2) / toMeters))
}

// GEOHASH key [member [member ...]]
func geohashCommand(c *Client, args [][]byte) {
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	c.Array(len(args) - 2)
	for _, m := range args[2:] {
		if score, found := geoScore(z, m); found {
			c.BulkString(geo.Hash(score))
		} else {
			c.NullBulk()
		}
	}
}

// GEOPOS key [member [member ...]]
func geoposCommand(c *Client, args [][]byte) {
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	c.Array(len(args) - 2)
	for _, m := range args[2:] {
		score, found := geoScore(z, m)
		if !found {
			c.NullArray()
			continue
		}
		lon, lat := geo.Position(score)
		c.Array(2)
		c.DoubleText(geo.FormatCoordinate(lon))
		c.DoubleText(geo.FormatCoordinate(lat))
	}
}

// geoScore returns member's score in z, which may be nil.
func geoScore(z *zsetValue, member []byte) (float64, bool) {
	if z == nil {
		return 0, false
	}
	return z.Score(view(member))
}

// geoCommand says which search command runs: they share one
// implementation, Redis's georadiusGeneric, and differ in where the centre
// and the shape come from and in the options they take.
type geoCommand uint8

const (
	geoRadius         geoCommand = iota // GEORADIUS key lon lat radius unit ...
	geoRadiusByMember                   // GEORADIUSBYMEMBER key member radius unit ...
	geoSearch                           // GEOSEARCH key FROM... BY... ...
	geoSearchStore                      // GEOSEARCHSTORE dst key FROM... BY... ...
)

// geoOrder is the order a search replies in.
type geoOrder uint8

const (
	geoUnsorted geoOrder = iota // the order the boxes are scanned in
	geoAsc                      // nearest first
	geoDesc                     // farthest first
)

// geoPoint is a member a search found.
type geoPoint struct {
	member   string
	score    float64
	dist     float64 // from the centre: meters while searching, then the query's unit
	lon, lat float64
}

// geoSearchGeneric runs GEORADIUS, GEORADIUSBYMEMBER, their _RO forms,
// GEOSEARCH and GEOSEARCHSTORE; readOnly refuses STORE and STOREDIST.
// Arguments are checked in Redis's order, which decides which error a bad
// command gets; a missing key skips the checks that need its members.
func geoSearchGeneric(c *Client, args [][]byte, cmd geoCommand, readOnly bool) {
	srcIdx := 1
	if cmd == geoSearchStore {
		srcIdx = 2
	}
	z, ok := c.readZset(args[srcIdx])
	if !ok {
		return
	}

	var (
		lon, lat, radius, width, height, toMeters float64
		box                                       bool
		storeKey                                  []byte
		optionsAt                                 int
	)
	switch cmd {
	case geoRadius:
		optionsAt = 6
		if lon, lat, ok = c.lonLatArgs(args[2], args[3]); !ok {
			return
		}
		if radius, toMeters, ok = c.radiusArgs(args[4:6]); !ok {
			return
		}
	case geoRadiusByMember:
		optionsAt = 5
		if z != nil {
			score, found := z.Score(view(args[2]))
			if !found {
				c.Error(errGeoMember)
				return
			}
			lon, lat = geo.Position(score)
			if radius, toMeters, ok = c.radiusArgs(args[3:5]); !ok {
				return
			}
		}
	case geoSearch:
		optionsAt = 2
	case geoSearchStore:
		optionsAt = 3
		storeKey = args[1]
	}

	search := cmd == geoSearch || cmd == geoSearchStore
	var (
		withDist, withHash, withCoord, countAny, storeDist bool
		fromMember, fromLonLat, byRadius, byBox            bool
		order                                              geoOrder
		count                                              int64
	)
	for i := optionsAt; i < len(args); i++ {
		a, after := args[i], len(args)-1-i // after: arguments left behind a
		switch {
		case optionIs(a, "withdist"):
			withDist = true
		case optionIs(a, "withhash"):
			withHash = true
		case optionIs(a, "withcoord"):
			withCoord = true
		case optionIs(a, "any"):
			countAny = true
		case optionIs(a, "asc"):
			order = geoAsc
		case optionIs(a, "desc"):
			order = geoDesc
		case optionIs(a, "count") && after >= 1:
			if count, ok = c.intArg(args[i+1]); !ok {
				return
			}
			if count <= 0 {
				c.Error(errGeoCount)
				return
			}
			i++
		case (optionIs(a, "store") || optionIs(a, "storedist")) && after >= 1 && !readOnly && !search:
			storeKey, storeDist = args[i+1], optionIs(a, "storedist")
			i++
		case optionIs(a, "storedist") && cmd == geoSearchStore:
			storeDist = true
		case optionIs(a, "frommember") && after >= 1 && search && !fromLonLat:
			if z != nil {
				score, found := z.Score(view(args[i+1]))
				if !found {
					c.Error(errGeoMember)
					return
				}
				lon, lat = geo.Position(score)
			}
			fromMember = true
			i++
		case optionIs(a, "fromlonlat") && after >= 2 && search && !fromMember:
			if lon, lat, ok = c.lonLatArgs(args[i+1], args[i+2]); !ok {
				return
			}
			fromLonLat = true
			i += 2
		case optionIs(a, "byradius") && after >= 2 && search && !byBox:
			if radius, toMeters, ok = c.radiusArgs(args[i+1 : i+3]); !ok {
				return
			}
			byRadius = true
			i += 2
		case optionIs(a, "bybox") && after >= 3 && search && !byRadius:
			if width, height, toMeters, ok = c.boxArgs(args[i+1 : i+4]); !ok {
				return
			}
			box, byBox = true, true
			i += 3
		default:
			c.Error(ErrSyntax)
			return
		}
	}

	switch {
	case storeKey != nil && (withDist || withHash || withCoord):
		what := "STORE option in GEORADIUS"
		if cmd == geoSearchStore {
			what = "GEOSEARCHSTORE"
		}
		c.Error(errGeoStoreWith(what))
		return
	case search && !fromMember && !fromLonLat:
		c.Error(errGeoExactlyOne("FROMMEMBER or FROMLONLAT", args[0]))
		return
	case search && !byRadius && !byBox:
		c.Error(errGeoExactlyOne("BYRADIUS and BYBOX", args[0]))
		return
	case countAny && count == 0:
		c.Error(errGeoAnyNeedsCount)
		return
	}

	if z == nil {
		if storeKey != nil {
			c.storeZset(storeKey, nil, "")
			c.Int(0)
		} else {
			c.Array(0)
		}
		return
	}

	var shape *geo.Shape
	if box {
		shape = geo.Box(lon, lat, width, height, toMeters)
	} else {
		shape = geo.Circle(lon, lat, radius, toMeters)
	}
	limit := 0 // COUNT n ANY: stop looking once n members are found
	if countAny {
		limit = clampInt(count)
	}
	points := geoMembersIn(z, shape, limit)

	// COUNT without ANY wants the nearest members.
	if count != 0 && order == geoUnsorted && !countAny {
		order = geoAsc
	}
	n := len(points)
	if count != 0 && count < int64(n) {
		n = int(count)
	}
	sortGeoPoints(points, order, n)
	points = points[:n]
	for i := range points {
		points[i].dist /= toMeters
	}

	if storeKey != nil {
		c.storeGeoPoints(storeKey, points, storeDist, search)
		return
	}
	extra := 0 // elements beside the member, per member
	for _, with := range []bool{withDist, withHash, withCoord} {
		if with {
			extra++
		}
	}
	c.Array(len(points))
	for _, p := range points {
		if extra > 0 {
			c.Array(extra + 1)
		}
		c.BulkString(p.member)
		if withDist {
			c.BulkString(geo.FormatDistance(p.dist))
		}
		if withHash {
			c.Int(int64(p.score))
		}
		if withCoord {
			c.Array(2)
			c.DoubleText(geo.FormatCoordinate(p.lon))
			c.DoubleText(geo.FormatCoordinate(p.lat))
		}
	}
}

// geoMembersIn returns the members of z inside shape, in the order Redis
// finds them: box by box, each in score order. With limit > 0 it stops as
// soon as it has that many.
func geoMembersIn(z *zsetValue, shape *geo.Shape, limit int) []geoPoint {
	var points []geoPoint
	full := func() bool { return limit > 0 && len(points) >= limit }
	for _, r := range shape.Ranges() {
		if full() {
			break
		}
		scores := scoreRange{min: r.Min, max: r.Max, maxEx: true}
		z.RangeByScore(&scores, false, 0, -1, func(member string, score float64) bool {
			if dist, lon, lat, ok := shape.Match(score); ok {
				points = append(points, geoPoint{member: member, score: score, dist: dist, lon: lon, lat: lat})
			}
			return !full()
		})
	}
	return points
}

// storeGeoPoints is the end of a search with STORE, STOREDIST or
// GEOSEARCHSTORE: the members found become the sorted set at dst, scored
// by their geohash or, with storeDist, by their distance; an empty result
// deletes dst. It replies with the number of members.
func (c *Client) storeGeoPoints(dst []byte, points []geoPoint, storeDist, search bool) {
	var z *zsetValue
	if len(points) > 0 {
		entries := make([]zsetEntry, len(points))
		for i, p := range points {
			entries[i] = zsetEntry{member: p.member, score: p.score}
			if storeDist {
				entries[i].score = p.dist
			}
		}
		z = newZsetFromEntries(entries, c.e.zsetLimits())
	}
	event := "georadiusstore"
	if search {
		event = "geosearchstore"
	}
	c.storeZset(dst, z, event)
	if len(points) > 1 {
		// Redis counts a stored result as one change per member.
		c.e.dirty += int64(len(points) - 1)
	}
	c.Int(int64(len(points)))
}
