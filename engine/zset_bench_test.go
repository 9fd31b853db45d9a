package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// Benchmarks of the sorted set commands on sets of 1e3, 1e5 and 1e6
// members, through the dispatcher (argument parsing, keyspace lookup and
// the RESP reply included), to show their cost grows as O(log N).

var zsetBenchSizes = []int{1_000, 100_000, 1_000_000}

// benchZset returns a client of a fresh engine whose key "z" holds n
// members "m<i>" with scores spread uniformly over [0, n).
func benchZset(b *testing.B, n int) *Client {
	b.Helper()
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	const batch = 1000
	for i := 0; i < n; i += batch {
		args := [][]byte{[]byte("ZADD"), []byte("z")}
		for j := i; j < min(i+batch, n); j++ {
			args = append(args, strconv.AppendFloat(nil, rng.Float64()*float64(n), 'g', -1, 64), []byte("m"+strconv.Itoa(j)))
		}
		c.run(args)
		c.out = c.out[:0]
	}
	return c
}

// benchRun runs pre-built commands round-robin, b.N times in all.
func benchRun(b *testing.B, c *Client, cmds [][][]byte) {
	b.Helper()
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.run(cmds[i%len(cmds)])
		c.out = c.out[:0]
	}
}

// BenchmarkZADD updates the score of a random member: a dict lookup, a
// skiplist delete and insert.
func BenchmarkZADD(b *testing.B) {
	for _, n := range zsetBenchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := benchZset(b, n)
			rng := rand.New(rand.NewPCG(2, 3))
			cmds := make([][][]byte, 4096)
			for i := range cmds {
				cmds[i] = [][]byte{[]byte("ZADD"), []byte("z"),
					strconv.AppendFloat(nil, rng.Float64()*float64(n), 'g', -1, 64),
					[]byte("m" + strconv.Itoa(rng.IntN(n)))}
			}
			benchRun(b, c, cmds)
		})
	}
}

// BenchmarkZADDNew adds new members to a set of about n (each op adds
// one member, so the set grows by b.N).
func BenchmarkZADDNew(b *testing.B) {
	for _, n := range zsetBenchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := benchZset(b, n)
			rng := rand.New(rand.NewPCG(4, 5))
			c.e.mu.Lock()
			defer c.e.mu.Unlock()
			args := [][]byte{[]byte("ZADD"), []byte("z"), nil, nil}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				args[2] = strconv.AppendFloat(args[2][:0], rng.Float64()*float64(n), 'g', -1, 64)
				args[3] = strconv.AppendInt(append(args[3][:0], 'x'), int64(i), 10)
				c.run(args)
				c.out = c.out[:0]
			}
		})
	}
}

// BenchmarkZRANGEBYSCORE reads a random score range holding about ten
// members, with their scores.
func BenchmarkZRANGEBYSCORE(b *testing.B) {
	for _, n := range zsetBenchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := benchZset(b, n)
			rng := rand.New(rand.NewPCG(6, 7))
			cmds := make([][][]byte, 4096)
			for i := range cmds {
				lo := rng.Float64() * float64(n-10)
				cmds[i] = [][]byte{[]byte("ZRANGEBYSCORE"), []byte("z"),
					strconv.AppendFloat(nil, lo, 'g', -1, 64),
					strconv.AppendFloat([]byte("("), lo+10, 'g', -1, 64),
					[]byte("WITHSCORES")}
			}
			benchRun(b, c, cmds)
		})
	}
}

// BenchmarkZRANK looks up the rank of a random member.
func BenchmarkZRANK(b *testing.B) {
	for _, n := range zsetBenchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := benchZset(b, n)
			rng := rand.New(rand.NewPCG(8, 9))
			cmds := make([][][]byte, 4096)
			for i := range cmds {
				cmds[i] = [][]byte{[]byte("ZRANK"), []byte("z"), []byte("m" + strconv.Itoa(rng.IntN(n)))}
			}
			benchRun(b, c, cmds)
		})
	}
}
