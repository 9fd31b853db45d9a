package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// BenchmarkSetAdd is SADD of a new member then SREM of it on a set of N
// members.
func BenchmarkSetAdd(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			c := newTestEngine(b).NewClient(ClientOptions{})
			fillCollection(b, c, "SADD", "set", "member:", n, false)
			benchPipeline(b, c, func(req []byte, i int) []byte {
				m := strconv.AppendInt([]byte("new:"), int64(i%n), 10)
				req = resp.AppendCommand(req, []byte("SADD"), []byte("set"), m)
				return resp.AppendCommand(req, []byte("SREM"), []byte("set"), m)
			})
		})
	}
}
