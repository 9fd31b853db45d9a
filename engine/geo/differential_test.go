package geo

// Differential tests: points go into a real redis-server with GEOADD and into
// a small stand-in for the command layer built on this package; scores,
// positions, hashes, distances and search results must be identical.

import (
	"bytes"
	"fmt"
	"github.com/redwasm/redwasm/engine/redistest"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
)

// zset is the sim's sorted set: members ordered by score, then bytes.
type zset struct {
	members []zmember
	byName  map[string]int // index into members, rebuilt on insert
}

type zmember struct {
	name  string
	score float64
}

func (z *zset) add(name string, score float64) {
	if z.byName == nil {
		z.byName = map[string]int{}
	}
	if i, ok := z.byName[name]; ok {
		z.members = append(z.members[:i], z.members[i+1:]...)
	}
	z.members = append(z.members, zmember{name, score})
	sort.Slice(z.members, func(i, j int) bool {
		a, b := z.members[i], z.members[j]
		return a.score < b.score || a.score == b.score && a.name < b.name
	})
	for i, m := range z.members {
		z.byName[m.name] = i
	}
}

func (z *zset) score(name string) (float64, bool) {
	i, ok := z.byName[name]
	if !ok {
		return 0, false
	}
	return z.members[i].score, true
}

func bulk(s string) reply    { return reply{Type: '$', Str: []byte(s)} }
func nullBulk() reply        { return reply{Type: '$', IsNull: true} }
func array(r ...reply) reply { return reply{Type: '*', Elems: r} }

func sameReply(a, b reply) bool {
	if a.Type != b.Type || a.IsNull != b.IsNull || a.Int != b.Int ||
		!bytes.Equal(a.Str, b.Str) || len(a.Elems) != len(b.Elems) {
		return false
	}
	for i := range a.Elems {
		if !sameReply(a.Elems[i], b.Elems[i]) {
			return false
		}
	}
	return true
}

// firstDifference points at the first differing element of two arrays.
func firstDifference(a, b reply) string {
	if a.Type != '*' || b.Type != '*' {
		return ""
	}
	for i := 0; i < len(a.Elems) && i < len(b.Elems); i++ {
		if !sameReply(a.Elems[i], b.Elems[i]) {
			return fmt.Sprintf("\n  first difference at %d: redis %v, sim %v", i, a.Elems[i], b.Elems[i])
		}
	}
	return fmt.Sprintf("\n  lengths: redis %d, sim %d", len(a.Elems), len(b.Elems))
}

type checker struct {
	t        *testing.T
	redis    *redistest.Client
	z        map[string]*zset
	compared int
	failed   int
	ulpOff   int // distances an ulp or so away, from glibc's rounding
}

func newChecker(t *testing.T) *checker {
	return &checker{t: t, redis: startOracle(t), z: map[string]*zset{}}
}

func (c *checker) set(key string) *zset {
	if c.z[key] == nil {
		c.z[key] = &zset{}
	}
	return c.z[key]
}

func (c *checker) expect(want reply, args ...any) reply {
	c.t.Helper()
	got := c.redis.Do(args...)
	c.compared++
	if !sameReply(got, want) {
		c.failed++
		if c.failed <= 10 {
			c.t.Errorf("%.300v\n redis: %.500v\n   sim: %.500v%s", args, got, want, firstDifference(got, want))
		}
	}
	return got
}

func (c *checker) report() {
	c.t.Logf("%d comparisons with redis-server, %d mismatches", c.compared, c.failed)
	if c.ulpOff > 0 {
		c.t.Logf("%d stored distances a few ulps away from Redis's", c.ulpOff)
		// About one in three hundred is expected; far more means a bug.
		if c.ulpOff*50 > c.compared {
			c.t.Errorf("too many distances off by an ulp: %d of %d", c.ulpOff, c.compared)
		}
	}
}

func g17(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }

// geoadd adds a point on both sides, or checks the error for a bad one.
func (c *checker) geoadd(key, member string, lon, lat float64) {
	c.t.Helper()
	score, ok := Score(lon, lat)
	if ok != ValidLonLat(lon, lat) {
		c.t.Fatalf("Score and ValidLonLat disagree on %v,%v", lon, lat)
	}
	if !ok {
		c.expect(reply{Type: '-', Str: []byte(InvalidPairError(lon, lat))}, "GEOADD", key, g17(lon), g17(lat), member)
		return
	}
	_, existed := c.set(key).score(member)
	c.set(key).add(member, score)
	n := int64(1)
	if existed {
		n = 0
	}
	c.expect(reply{Type: ':', Int: n}, "GEOADD", key, g17(lon), g17(lat), member)
}

// zadd stores an arbitrary score on both sides.
func (c *checker) zadd(key, member string, score float64) {
	c.set(key).add(member, score)
	c.redis.Do("ZADD", key, g17(score), member)
}

// checkMember compares ZSCORE, GEOPOS and GEOHASH of a member.
func (c *checker) checkMember(key, member string) {
	c.t.Helper()
	score, ok := c.set(key).score(member)
	if !ok {
		c.expect(array(reply{Type: '*', IsNull: true}), "GEOPOS", key, member)
		c.expect(array(nullBulk()), "GEOHASH", key, member)
		return
	}
	got := c.redis.Do("ZSCORE", key, member)
	c.compared++
	if v, err := strconv.ParseFloat(string(got.Str), 64); err != nil || v != score {
		c.failed++
		c.t.Errorf("ZSCORE %s %s: redis %s, sim %s", key, member, got.Str, g17(score))
	}
	lon, lat := Position(score)
	c.expect(array(array(bulk(FormatCoordinate(lon)), bulk(FormatCoordinate(lat)))), "GEOPOS", key, member)
	c.expect(array(bulk(Hash(score))), "GEOHASH", key, member)
}

var units = []string{"m", "km", "ft", "mi", "M", "Km", "FT", "mI"}

func (c *checker) geodist(key, a, b, unit string) {
	c.t.Helper()
	sa, oka := c.set(key).score(a)
	sb, okb := c.set(key).score(b)
	want := nullBulk()
	if oka && okb {
		toMeters, _ := UnitMeters(unit)
		lon1, lat1 := Position(sa)
		lon2, lat2 := Position(sb)
		want = bulk(FormatDistance(Distance(lon1, lat1, lon2, lat2) / toMeters))
	}
	c.expect(want, "GEODIST", key, a, b, unit)
}

// query describes a search on both sides.
type query struct {
	key              string
	fromMember       string // else fromLon, fromLat
	fromLon, fromLat float64
	box              bool
	radius, w, h     float64
	unit             string
	withDist         bool
	withCoord        bool
	withHash         bool
	order            string // "", "ASC" or "DESC"
	anyCount         int    // COUNT n ANY when > 0
}

func (q query) args() []any {
	args := []any{"GEOSEARCH", q.key}
	if q.fromMember != "" {
		args = append(args, "FROMMEMBER", q.fromMember)
	} else {
		args = append(args, "FROMLONLAT", g17(q.fromLon), g17(q.fromLat))
	}
	if q.box {
		args = append(args, "BYBOX", g17(q.w), g17(q.h), q.unit)
	} else {
		args = append(args, "BYRADIUS", g17(q.radius), q.unit)
	}
	if q.withDist {
		args = append(args, "WITHDIST")
	}
	if q.withCoord {
		args = append(args, "WITHCOORD")
	}
	if q.withHash {
		args = append(args, "WITHHASH")
	}
	if q.order != "" {
		args = append(args, q.order)
	}
	if q.anyCount > 0 {
		args = append(args, "COUNT", q.anyCount, "ANY")
	}
	return args
}

type found struct {
	name               string
	score, dist        float64
	lon, lat, toMeters float64
}

// search runs a query through the package the way the command layer will.
func (c *checker) search(q query) []found {
	z := c.set(q.key)
	toMeters, _ := UnitMeters(q.unit)
	lon, lat := q.fromLon, q.fromLat
	if q.fromMember != "" {
		score, _ := z.score(q.fromMember)
		lon, lat = Position(score)
	}
	var s *Shape
	if q.box {
		s = Box(lon, lat, q.w, q.h, toMeters)
	} else {
		s = Circle(lon, lat, q.radius, toMeters)
	}
	var res []found
	full := func() bool { return q.anyCount > 0 && len(res) >= q.anyCount }
scan:
	for _, r := range s.Ranges() {
		if full() {
			break
		}
		for _, m := range z.members {
			if m.score < r.Min || !(m.score < r.Max) {
				continue
			}
			if dist, plon, plat, ok := s.Match(m.score); ok {
				res = append(res, found{m.name, m.score, dist, plon, plat, toMeters})
				if full() {
					break scan
				}
			}
		}
	}
	switch q.order {
	case "ASC":
		sort.SliceStable(res, func(i, j int) bool { return res[i].dist < res[j].dist })
	case "DESC":
		sort.SliceStable(res, func(i, j int) bool { return res[i].dist > res[j].dist })
	}
	return res
}

func (c *checker) geosearch(q query) {
	c.t.Helper()
	var want []reply
	for _, f := range c.search(q) {
		if !q.withDist && !q.withCoord && !q.withHash {
			want = append(want, bulk(f.name))
			continue
		}
		item := []reply{bulk(f.name)}
		if q.withDist {
			item = append(item, bulk(FormatDistance(f.dist/f.toMeters)))
		}
		if q.withHash {
			item = append(item, reply{Type: ':', Int: int64(f.score)})
		}
		if q.withCoord {
			item = append(item, array(bulk(FormatCoordinate(f.lon)), bulk(FormatCoordinate(f.lat))))
		}
		want = append(want, array(item...))
	}
	c.expect(array(want...), q.args()...)
}

// storedist compares GEOSEARCHSTORE ... STOREDIST: the distances stored as
// scores show every bit.
func (c *checker) storedist(q query) {
	c.t.Helper()
	args := append([]any{"GEOSEARCHSTORE", "dst"}, q.args()[1:]...)
	args = append(args, "STOREDIST")
	res := c.search(q)
	c.expect(reply{Type: ':', Int: int64(len(res))}, args...)
	got := c.redis.Do("ZRANGE", "dst", 0, -1, "WITHSCORES")
	stored := map[string]float64{}
	for i := 0; i+1 < len(got.Elems); i += 2 {
		v, _ := strconv.ParseFloat(string(got.Elems[i+1].Str), 64)
		stored[string(got.Elems[i].Str)] = v
	}
	for _, f := range res {
		c.compared++
		want := f.dist / f.toMeters
		v, ok := stored[f.name]
		switch {
		case ok && v == want:
		case ok && ulpsApart(v, want) <= 4:
			// glibc's sin, cos or asin rounded differently (see doc.go).
			c.ulpOff++
		default:
			c.failed++
			c.t.Errorf("STOREDIST %v: %s redis %s, sim %s", q.args(), f.name, g17(v), g17(want))
		}
	}
}

func ulpsApart(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if x > y {
		return x - y
	}
	return y - x
}

// Positions at and around the limits of what GEOADD accepts.
var edgeLons = []float64{-180, 180, 0, math.Copysign(0, -1), 179.99999999999997, -179.99999999999997,
	179.9999999, -179.9999999, 90, -90, 1e-300, 0.5, 180.00000000000003, -180.00000000000003}
var edgeLats = []float64{LatMax, LatMin, 0, math.Copysign(0, -1), 85.05112877999999, -85.05112877999999,
	85.05112877, -85.05112877, 85, -85, 66.5, -80.5, 45, 1e-300,
	85.05112878000001, -85.05112878000001, 90, -90}

func TestDifferentialPoints(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for _, lon := range edgeLons {
		for _, lat := range edgeLats {
			c.geoadd("edge", fmt.Sprint("e", n), lon, lat)
			n++
		}
	}
	for i := 0; i < 3000; i++ {
		c.geoadd("pts", fmt.Sprint("p", i), r.Float64()*360-180, r.Float64()*2*LatMax-LatMax)
	}
	for _, key := range []string{"edge", "pts"} {
		for _, m := range c.set(key).members {
			c.checkMember(key, m.name)
		}
	}
	c.checkMember("pts", "missing")
	// Scores GEOADD never writes still decode, as Redis decodes them.
	weird := []float64{-1.5, -1, 0, 0.5, 1.5, 1e300, math.Inf(1), math.Inf(-1), 1 << 52, 1<<52 - 1,
		1 << 53, 1 << 63, 1 << 64, -(1 << 63), -9.3e18, 123456789.75, 4503599627370495.5}
	for i, s := range weird {
		c.zadd("weird", fmt.Sprint("w", i), s)
	}
	for i := 0; i < 200; i++ {
		c.zadd("weird", fmt.Sprint("r", i), math.Ldexp(r.Float64(), r.IntN(70)-2))
	}
	for _, m := range c.set("weird").members {
		c.checkMember("weird", m.name)
	}
	for i := 0; i < 3000; i++ {
		c.geodist("pts", fmt.Sprint("p", r.IntN(3000)), fmt.Sprint("p", r.IntN(3000)), units[r.IntN(len(units))])
	}
	for i := 0; i < 300; i++ {
		edge := c.set("edge").members
		a, b := edge[r.IntN(len(edge))].name, edge[r.IntN(len(edge))].name
		c.geodist("edge", a, b, units[r.IntN(len(units))])
		a, b = c.set("weird").members[r.IntN(len(weird))].name, c.set("weird").members[r.IntN(len(weird))].name
		c.geodist("weird", a, b, "m")
	}
	c.geodist("pts", "p1", "missing", "m")
}

// clusters adds points around centres at many scales, so that searches of
// every size find something.
func clusters(c *checker, r *rand.Rand, key string, centres [][2]float64, per int) {
	i := 0
	for _, ctr := range centres {
		for k := 0; k < per; k++ {
			scale := math.Pow(10, r.Float64()*7-6) // 1e-6 .. 10 degrees
			lon := ctr[0] + (r.Float64()*2-1)*scale
			lat := ctr[1] + (r.Float64()*2-1)*scale
			if lon > 180 {
				lon -= 360
			} else if lon < -180 {
				lon += 360
			}
			lat = max(min(lat, LatMax), LatMin)
			c.geoadd(key, fmt.Sprint("c", i), lon, lat)
			i++
		}
	}
}

func randomCentres(r *rand.Rand, n int) [][2]float64 {
	special := [][2]float64{
		{0, 0}, {180, 0}, {-180, 0}, {179.9999, 45}, {-179.9999, -45},
		{13.361389, 38.115556}, {0, LatMax}, {0, LatMin}, {120, 85}, {-60, -85},
		{180, LatMax}, {-180, LatMin}, {10, 66.5}, {10, -66.5}, {30, 80.2}, {30, -80.2},
	}
	for len(special) < n {
		special = append(special, [2]float64{r.Float64()*360 - 180, r.Float64()*170 - 85})
	}
	return special
}

func randomQuery(r *rand.Rand, key string, centres [][2]float64, members int) query {
	q := query{key: key, unit: units[r.IntN(len(units))]}
	if r.IntN(5) == 0 {
		q.fromMember = fmt.Sprint("c", r.IntN(members))
	} else {
		ctr := centres[r.IntN(len(centres))]
		jitter := math.Pow(10, r.Float64()*6-6)
		q.fromLon = max(min(ctr[0]+(r.Float64()*2-1)*jitter, 180), -180)
		q.fromLat = max(min(ctr[1]+(r.Float64()*2-1)*jitter, LatMax), LatMin)
	}
	toMeters, _ := UnitMeters(q.unit)
	size := func() float64 {
		if r.IntN(30) == 0 {
			return 0
		}
		return math.Pow(10, r.Float64()*9-2) / toMeters // 1 cm .. 10,000 km
	}
	if r.IntN(2) == 0 {
		q.box, q.w, q.h = true, size(), size()
		if r.IntN(3) == 0 {
			q.h = q.w
		}
	} else {
		q.radius = size()
	}
	q.withDist, q.withCoord, q.withHash = r.IntN(3) == 0, r.IntN(4) == 0, r.IntN(4) == 0
	q.order = []string{"", "", "ASC", "DESC"}[r.IntN(4)]
	if r.IntN(6) == 0 {
		q.anyCount = 1 + r.IntN(5)
	}
	return q
}

func TestDifferentialSearch(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	r := rand.New(rand.NewPCG(3, 4))
	centres := randomCentres(r, 40)
	const per = 60
	clusters(c, r, "pts", centres, per)
	// Members at one position: their order in results is the set's order.
	for i := 0; i < 5; i++ {
		c.geoadd("pts", fmt.Sprint("dup", 4-i), 2.5, 48.5)
	}
	nonEmpty, results := 0, 0
	for i := 0; i < 2000; i++ {
		q := randomQuery(r, "pts", centres, len(centres)*per)
		if n := len(c.search(q)); n > 0 {
			nonEmpty++
			results += n
		}
		c.geosearch(q)
	}
	t.Logf("%d of 2000 searches found members, %d members in all", nonEmpty, results)

	// Radii and boxes that end right at a member: the member is in or out
	// by less than the printed precision.
	members := c.set("pts").members
	for i := 0; i < 600; i++ {
		a, b := members[r.IntN(len(members))], members[r.IntN(len(members))]
		lon, lat := Position(a.score)
		plon, plat := Position(b.score)
		d := Distance(lon, lat, plon, plat)
		unit := units[r.IntN(len(units))]
		toMeters, _ := UnitMeters(unit)
		edge, _ := strconv.ParseFloat(FormatDistance(d/toMeters), 64)
		q := query{key: "pts", fromMember: a.name, unit: unit, radius: edge, withDist: true}
		if i%2 == 1 {
			q.box, q.w, q.h = true, 2*edge, 2*edge
		}
		c.geosearch(q)
	}
	c.geosearch(query{key: "pts", fromLon: 2.5, fromLat: 48.5, radius: 1, unit: "km", order: "ASC", withDist: true})
	c.geosearch(query{key: "pts", fromLon: 2.5, fromLat: 48.5, radius: 1, unit: "km", order: "DESC"})
	c.geosearch(query{key: "missing", fromLon: 2.5, fromLat: 48.5, radius: 1, unit: "km"})
}

// STOREDIST keeps distances as scores, so every bit of them is compared.
func TestDifferentialStoreDist(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	r := rand.New(rand.NewPCG(5, 6))
	centres := randomCentres(r, 30)
	const per = 40
	clusters(c, r, "pts", centres, per)
	for i := 0; i < 400; i++ {
		q := randomQuery(r, "pts", centres, len(centres)*per)
		q.withDist, q.withCoord, q.withHash, q.order = false, false, false, ""
		c.storedist(q)
	}
}

// GEORADIUS and GEORADIUSBYMEMBER share the machinery with GEOSEARCH.
func TestDifferentialGeoradius(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	r := rand.New(rand.NewPCG(7, 8))
	centres := randomCentres(r, 20)
	clusters(c, r, "pts", centres, 40)
	for i := 0; i < 300; i++ {
		q := randomQuery(r, "pts", centres, 800)
		q.box, q.anyCount, q.withCoord, q.withHash = false, 0, false, false
		if q.radius == 0 {
			q.radius = 1
		}
		args := []any{"GEORADIUS", "pts", g17(q.fromLon), g17(q.fromLat), g17(q.radius), q.unit}
		if q.fromMember != "" {
			args = []any{"GEORADIUSBYMEMBER", "pts", q.fromMember, g17(q.radius), q.unit}
		}
		if q.withDist {
			args = append(args, "WITHDIST")
		}
		if q.order != "" {
			args = append(args, q.order)
		}
		var want []reply
		for _, f := range c.search(q) {
			if q.withDist {
				want = append(want, array(bulk(f.name), bulk(FormatDistance(f.dist/f.toMeters))))
			} else {
				want = append(want, bulk(f.name))
			}
		}
		c.expect(array(want...), args...)
	}
}

// Positions sharing a meridian take Redis's shortcut (distance along the
// meridian); boxes whose height ends exactly at a member test the
// north-south bound.
func TestDifferentialMeridians(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	r := rand.New(rand.NewPCG(9, 10))
	lons := []float64{0, 13.361389, -179.999, 180, 91.5}
	n := 0
	for _, lon := range lons {
		for k := 0; k < 40; k++ {
			c.geoadd("mer", fmt.Sprint("m", n), lon, r.Float64()*2*LatMax-LatMax)
			n++
		}
	}
	members := c.set("mer").members
	for i := 0; i < 400; i++ {
		a, b := members[r.IntN(n)], members[r.IntN(n)]
		c.geodist("mer", a.name, b.name, units[r.IntN(len(units))])
		q := query{key: "mer", fromMember: a.name, unit: "m", radius: math.Pow(10, r.Float64()*7)}
		c.storedist(q)
		_, alat := Position(a.score)
		_, blat := Position(b.score)
		h := 2 * earthRadius * math.Abs(toRadians(alat)-toRadians(blat))
		c.geosearch(query{key: "mer", fromMember: a.name, unit: "m", box: true, w: 1e7, h: h, withDist: true})
		c.geosearch(query{key: "mer", fromMember: a.name, unit: "m", box: true, w: 1e7, h: math.Nextafter(h, 0)})
		c.geosearch(query{key: "mer", fromMember: a.name, unit: "km", radius: 0})
	}
}

// Members at the top of a range (latitude LatMax, longitude 180) have
// scores beyond every search box; Redis never finds them, nor may we.
func TestDifferentialLimits(t *testing.T) {
	c := newChecker(t)
	defer c.report()
	for i, lon := range edgeLons {
		for j, lat := range edgeLats {
			c.geoadd("lim", fmt.Sprint("l", i, "-", j), lon, lat)
		}
	}
	for _, lon := range edgeLons {
		for _, lat := range edgeLats {
			if !ValidLonLat(lon, lat) {
				continue
			}
			for _, radius := range []float64{0, 0.5, 100, 5000, 20000} {
				c.geosearch(query{key: "lim", fromLon: lon, fromLat: lat, radius: radius, unit: "km", withDist: true, order: "ASC"})
				c.geosearch(query{key: "lim", fromLon: lon, fromLat: lat, box: true, w: radius, h: radius / 2, unit: "km", withCoord: true})
			}
		}
	}
}
