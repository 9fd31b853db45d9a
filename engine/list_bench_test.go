package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// benchSizes are the collection sizes the type benchmarks run at: the cost
// of an operation must not grow with the collection (within a small factor
// for cache misses).
var benchSizes = []int{1_000, 100_000, 1_000_000}

// fillCollection runs command key member... in batches until the key holds
// n members named by prefix.
func fillCollection(b *testing.B, c *Client, command, key, prefix string, n int, withValues bool) {
	b.Helper()
	for start := 0; start < n; start += 1000 {
		args := []string{command, key}
		for i := start; i < min(n, start+1000); i++ {
			args = append(args, prefix+strconv.Itoa(i))
			if withValues {
				args = append(args, "value")
			}
		}
		if v := c.Do(args...); v.Type == resp.Error {
			b.Fatalf("%s: %s", command, v.Str)
		}
	}
}

// benchPipeline measures one operation made of the requests build
// appends, run through Client.Exchange as a host would.
func benchPipeline(b *testing.B, c *Client, build func(req []byte, i int) []byte) {
	var req, out []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req = build(req[:0], i)
		_, out, _ = c.Exchange(req, out[:0])
		i++
	}
	if len(out) > 0 && out[0] == '-' {
		b.Fatalf("error reply %q", out)
	}
}

// BenchmarkListPushPop is LPUSH then LPOP on a list of N elements.
func BenchmarkListPushPop(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			c := newTestEngine(b).NewClient(ClientOptions{})
			fillCollection(b, c, "RPUSH", "list", "element:", n, false)
			req := resp.AppendCommand(nil, []byte("LPUSH"), []byte("list"), []byte("element"))
			req = resp.AppendCommand(req, []byte("LPOP"), []byte("list"))
			benchPipeline(b, c, func(buf []byte, _ int) []byte { return append(buf, req...) })
		})
	}
}
