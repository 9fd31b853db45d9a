package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// BenchmarkHashSet is HSET of an existing field (a different one each
// time) on a hash of N fields, and HSET of a new field then HDEL of it.
func BenchmarkHashSet(b *testing.B) {
	for _, n := range benchSizes {
		c := newTestEngine(b).NewClient(ClientOptions{})
		fillCollection(b, c, "HSET", "hash", "field:", n, true)
		b.Run(fmt.Sprint("update/N=", n), func(b *testing.B) {
			benchPipeline(b, c, func(req []byte, i int) []byte {
				field := strconv.AppendInt([]byte("field:"), int64(i%n), 10)
				return resp.AppendCommand(req, []byte("HSET"), []byte("hash"), field, []byte("new value"))
			})
		})
		b.Run(fmt.Sprint("insert+delete/N=", n), func(b *testing.B) {
			benchPipeline(b, c, func(req []byte, i int) []byte {
				field := strconv.AppendInt([]byte("new:"), int64(i%n), 10)
				req = resp.AppendCommand(req, []byte("HSET"), []byte("hash"), field, []byte("value"))
				return resp.AppendCommand(req, []byte("HDEL"), []byte("hash"), field)
			})
		})
	}
}
