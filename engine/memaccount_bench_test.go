package engine

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// BenchmarkAccountedWrites measures the common writes and a read with the
// memory accounting every write goes through: SET and GET over 1000
// keys, SET with a maxmemory (not reached, then reached), LPUSH+LPOP on
// lists and HSET of an existing field on hashes of a compact (listpack)
// and a large (hashtable) size.
func BenchmarkAccountedWrites(b *testing.B) {
	key := func(i int) []byte { return strconv.AppendInt([]byte("key:"), int64(i%1000), 10) }
	b.Run("SET", func(b *testing.B) {
		c := newTestEngine(b).NewClient(ClientOptions{})
		benchPipeline(b, c, func(req []byte, i int) []byte {
			return resp.AppendCommand(req, []byte("SET"), key(i), []byte("some value"))
		})
	})
	b.Run("GET", func(b *testing.B) {
		c := newTestEngine(b).NewClient(ClientOptions{})
		for i := range 1000 {
			c.Do("SET", string(key(i)), "some value")
		}
		benchPipeline(b, c, func(req []byte, i int) []byte {
			return resp.AppendCommand(req, []byte("GET"), key(i))
		})
	})
	// With a maxmemory: the check before each command, then eviction of
	// about one key per SET by allkeys-lru once memory is full.
	b.Run("SET/maxmemory", func(b *testing.B) {
		c := newTestEngine(b).NewClient(ClientOptions{})
		c.Do("CONFIG", "SET", "maxmemory", "1gb")
		benchPipeline(b, c, func(req []byte, i int) []byte {
			return resp.AppendCommand(req, []byte("SET"), key(i), []byte("some value"))
		})
	})
	b.Run("SET/evicting", func(b *testing.B) {
		e := newTestEngine(b)
		c := e.NewClient(ClientOptions{})
		for i := range 1000 {
			c.Do("SET", string(key(i)), "some value")
		}
		c.Do("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
		c.Do("CONFIG", "SET", "maxmemory", strconv.FormatInt(e.usedMemory()-10_000, 10))
		benchPipeline(b, c, func(req []byte, i int) []byte {
			return resp.AppendCommand(req, []byte("SET"), strconv.AppendInt([]byte("new:"), int64(i), 10), []byte("some value"))
		})
	})
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprint("LPUSH+LPOP/N=", n), func(b *testing.B) {
			c := newTestEngine(b).NewClient(ClientOptions{})
			fillCollection(b, c, "RPUSH", "list", "element:", n, false)
			benchPipeline(b, c, func(req []byte, _ int) []byte {
				req = resp.AppendCommand(req, []byte("LPUSH"), []byte("list"), []byte("element"))
				return resp.AppendCommand(req, []byte("LPOP"), []byte("list"))
			})
		})
		b.Run(fmt.Sprint("HSET/N=", n), func(b *testing.B) {
			c := newTestEngine(b).NewClient(ClientOptions{})
			fillCollection(b, c, "HSET", "hash", "field:", n, true)
			benchPipeline(b, c, func(req []byte, i int) []byte {
				field := strconv.AppendInt([]byte("field:"), int64(i%n), 10)
				return resp.AppendCommand(req, []byte("HSET"), []byte("hash"), field, []byte("new value"))
			})
		})
	}
}
