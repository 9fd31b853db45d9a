package engine

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// benchDataset fills e with n mixed keys, like make bench's persist
// section.
func benchDataset(b *testing.B, n int) *Engine {
	b.Helper()
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	num := strconv.Itoa
	for i := 0; i < n; i++ {
		k := "key:" + num(i)
		switch i % 12 {
		case 0, 1, 2, 3:
			c.Do("SET", k, "value-"+num(i*7919))
		case 4, 5:
			c.Do("SET", k, num(i*31))
		case 6:
			c.Do("SET", k, strings.Repeat("payload-"+num(i%100)+"-", 12), "EX", "1000000")
		case 7:
			c.Do("RPUSH", k, "a", num(i), "c", "element-"+num(i%1000), "e")
		case 8:
			c.Do("HSET", k, "name", "user"+num(i), "age", num(i%90), "city", "city-"+num(i%500))
		case 9:
			c.Do("SADD", k, num(i), num(i+1), num(i+2), num(i%7))
		case 10:
			c.Do("ZADD", k, "1", "a", "2.5", "b", num(i%1000), "c")
		case 11:
			c.Do("SADD", k, "m"+num(i), "n"+num(i))
		}
	}
	return e
}

func BenchmarkSaveRDB(b *testing.B) {
	e := benchDataset(b, 100000)
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		buf.Reset()
		if err := e.SaveRDB(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkLoadRDB(b *testing.B) {
	e := benchDataset(b, 100000)
	var buf bytes.Buffer
	if err := e.SaveRDB(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for range b.N {
		if err := e.LoadRDB(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotDataset is what BGSAVE and BGREWRITEAOF block clients
// for: copying the dataset.
func BenchmarkSnapshotDataset(b *testing.B) {
	e := benchDataset(b, 100000)
	b.ResetTimer()
	for range b.N {
		e.Do(func() { e.snapshotDataset() })
	}
}
