package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// Benchmarks of the geo commands through the dispatcher
// (parsing, lookup and the RESP reply included).

// benchGeoSet returns a client whose key "g" holds n members spread over
// Europe, so that searches of a few hundred km find a few of them.
func benchGeoSet(b *testing.B, n int) *Client {
	b.Helper()
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	const batch = 1000
	for i := 0; i < n; i += batch {
		args := [][]byte{[]byte("GEOADD"), []byte("g")}
		for j := i; j < min(i+batch, n); j++ {
			args = append(args,
				strconv.AppendFloat(nil, -10+rng.Float64()*40, 'f', 6, 64),
				strconv.AppendFloat(nil, 35+rng.Float64()*25, 'f', 6, 64),
				[]byte("m"+strconv.Itoa(j)))
		}
		c.run(args)
		c.out = c.out[:0]
	}
	return c
}

// randomGeoCommands builds count commands from a template, with a random
// position in the area of benchGeoSet at "$lon" and "$lat".
func randomGeoCommands(count int, template ...string) [][][]byte {
	rng := rand.New(rand.NewPCG(2, 3))
	cmds := make([][][]byte, count)
	for i := range cmds {
		for _, t := range template {
			switch t {
			case "$lon":
				t = strconv.FormatFloat(-10+rng.Float64()*40, 'f', 4, 64)
			case "$lat":
				t = strconv.FormatFloat(35+rng.Float64()*25, 'f', 4, 64)
			}
			cmds[i] = append(cmds[i], []byte(t))
		}
	}
	return cmds
}

func BenchmarkGEOADD(b *testing.B) {
	c := benchGeoSet(b, 100_000)
	cmds := randomGeoCommands(4096, "GEOADD", "g", "$lon", "$lat", "m1")
	benchRun(b, c, cmds)
}

// BenchmarkGEOSEARCH searches 100,000 members: a 50 km radius finds a
// handful, 500 km a few hundred, sorted.
func BenchmarkGEOSEARCH(b *testing.B) {
	c := benchGeoSet(b, 100_000)
	for _, radius := range []string{"50", "500"} {
		b.Run(radius+"km", func(b *testing.B) {
			cmds := randomGeoCommands(1024, "GEOSEARCH", "g", "FROMLONLAT", "$lon", "$lat", "BYRADIUS", radius, "km", "ASC", "WITHDIST")
			benchRun(b, c, cmds)
		})
	}
	b.Run("500km-COUNT10", func(b *testing.B) {
		cmds := randomGeoCommands(1024, "GEOSEARCH", "g", "FROMLONLAT", "$lon", "$lat", "BYBOX", "1000", "1000", "km", "COUNT", "10")
		benchRun(b, c, cmds)
	})
}

func BenchmarkGEOPOS(b *testing.B) {
	c := benchGeoSet(b, 100_000)
	benchRun(b, c, [][][]byte{{[]byte("GEOPOS"), []byte("g"), []byte("m1"), []byte("m2"), []byte("m3")}})
}
