package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// fillStream adds n entries with IDs 1-0 .. n-0 and two fields each.
func fillStream(b *testing.B, c *Client, key string, n int) {
	b.Helper()
	for i := 1; i <= n; i++ {
		if v := c.Do("XADD", key, strconv.Itoa(i)+"-0", "name", "sensor-"+strconv.Itoa(i%50), "value", strconv.Itoa(i)); v.Type == resp.Error {
			b.Fatalf("XADD: %s", v.Str)
		}
	}
}

// BenchmarkXADD appends one entry of two fields with an auto ID to a
// stream of N entries; with MAXLEN ~ the stream stays at N.
func BenchmarkXADD(b *testing.B) {
	for _, n := range benchSizes {
		for _, trim := range []bool{false, true} {
			b.Run(fmt.Sprintf("N=%d/trim=%v", n, trim), func(b *testing.B) {
				c := newTestEngine(b).NewClient(ClientOptions{})
				fillStream(b, c, "s", n)
				args := [][]byte{[]byte("XADD"), []byte("s")}
				if trim {
					args = append(args, []byte("MAXLEN"), []byte("~"), []byte(strconv.Itoa(n)))
				}
				args = append(args, []byte("*"), []byte("name"), []byte("sensor-7"), []byte("value"), []byte("12345"))
				req := resp.AppendCommand(nil, args...)
				benchPipeline(b, c, func(buf []byte, _ int) []byte { return append(buf, req...) })
			})
		}
	}
}

// BenchmarkXRANGE reads COUNT 10 entries from a random place, forwards
// and backwards, in a stream of N entries.
func BenchmarkXRANGE(b *testing.B) {
	for _, n := range benchSizes {
		for _, cmd := range []string{"XRANGE", "XREVRANGE"} {
			b.Run(fmt.Sprintf("N=%d/%s", n, cmd), func(b *testing.B) {
				c := newTestEngine(b).NewClient(ClientOptions{})
				fillStream(b, c, "s", n)
				benchPipeline(b, c, func(buf []byte, i int) []byte {
					id := []byte(strconv.Itoa(1+(i*7919)%n) + "-0")
					if cmd == "XRANGE" {
						return resp.AppendCommand(buf, []byte(cmd), []byte("s"), id, []byte("+"), []byte("COUNT"), []byte("10"))
					}
					return resp.AppendCommand(buf, []byte(cmd), []byte("s"), id, []byte("-"), []byte("COUNT"), []byte("10"))
				})
			})
		}
	}
}

// BenchmarkXREADGROUP delivers one new entry to a consumer and
// acknowledges it, on a stream of N entries.
func BenchmarkXREADGROUP(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			c := newTestEngine(b).NewClient(ClientOptions{})
			fillStream(b, c, "s", n)
			c.Do("XGROUP", "CREATE", "s", "g", "$")
			benchPipeline(b, c, func(buf []byte, i int) []byte {
				id := []byte(strconv.Itoa(n+1+i) + "-0")
				buf = resp.AppendCommand(buf, []byte("XADD"), []byte("s"), id, []byte("f"), []byte("v"))
				buf = resp.AppendCommand(buf, []byte("XREADGROUP"), []byte("GROUP"), []byte("g"), []byte("c"), []byte("STREAMS"), []byte("s"), []byte(">"))
				return resp.AppendCommand(buf, []byte("XACK"), []byte("s"), []byte("g"), id)
			})
		})
	}
}
