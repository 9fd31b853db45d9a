package engine

import (
	"strconv"
	"testing"
)

// Benchmarks of the HyperLogLog commands through the dispatcher (parsing,
// lookup and the RESP reply included).

// benchHLL returns a client whose key "h" holds an HLL of n elements.
func benchHLL(b *testing.B, n int) *Client {
	b.Helper()
	c := newTestEngine(b).NewClient(ClientOptions{})
	for i := 0; i < n; i++ {
		c.run([][]byte{[]byte("PFADD"), []byte("h"), []byte("e" + strconv.Itoa(i))})
		c.out = c.out[:0]
	}
	return c
}

// BenchmarkPFADD adds new elements to a sparse HLL and to a dense one.
func BenchmarkPFADD(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := benchHLL(b, n)
			cmds := make([][][]byte, 4096)
			for i := range cmds {
				cmds[i] = [][]byte{[]byte("PFADD"), []byte("h"), []byte("x" + strconv.Itoa(i))}
			}
			benchRun(b, c, cmds)
		})
	}
}

// BenchmarkPFCOUNT counts a dense HLL whose cache a PFADD made stale, so
// every other command estimates from the registers.
func BenchmarkPFCOUNT(b *testing.B) {
	c := benchHLL(b, 100_000)
	var cmds [][][]byte
	for i := 0; i < 1024; i++ {
		cmds = append(cmds,
			[][]byte{[]byte("PFADD"), []byte("h"), []byte("x" + strconv.Itoa(i))},
			[][]byte{[]byte("PFCOUNT"), []byte("h")})
	}
	benchRun(b, c, cmds)
}

// BenchmarkPFMERGE merges two dense HLLs into a third.
func BenchmarkPFMERGE(b *testing.B) {
	c := benchHLL(b, 100_000)
	c.run([][]byte{[]byte("PFADD"), []byte("h2"), []byte("a"), []byte("b")})
	c.run([][]byte{[]byte("PFMERGE"), []byte("h2"), []byte("h")})
	c.out = c.out[:0]
	benchRun(b, c, [][][]byte{{[]byte("PFMERGE"), []byte("dst"), []byte("h"), []byte("h2")}})
}
