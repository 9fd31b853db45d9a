package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// memoryDatasets are the shapes the accounting is compared on: each
// returns the commands that load it.
var memoryDatasets = []struct {
	name string
	load func() [][]string
}{
	{"20k strings of 10 bytes", func() [][]string { return stringKeys(20000, 10, false) }},
	{"20k strings of 10 bytes with TTL", func() [][]string { return stringKeys(20000, 10, true) }},
	{"20k strings of 100 bytes", func() [][]string { return stringKeys(20000, 100, false) }},
	{"2k strings of 1000 bytes", func() [][]string { return stringKeys(2000, 1000, false) }},
	{"2k strings grown by 10 APPENDs", func() [][]string {
		var cmds [][]string
		for round := range 10 {
			cmds = append(cmds, generate(2000, func(i int) []string {
				return []string{"APPEND", "log:" + strconv.Itoa(i), strings.Repeat("x", 10+round*i%50)}
			})...)
		}
		return cmds
	}},
	{"20k integers", func() [][]string {
		return generate(20000, func(i int) []string { return []string{"SET", "key:" + strconv.Itoa(i), strconv.Itoa(100000 + i)} })
	}},
	{"10k hashes of 10 fields (listpack)", func() [][]string { return collectionKeys("HSET", 10000, 10, 10, true) }},
	{"20 hashes of 1000 fields (hashtable)", func() [][]string { return collectionKeys("HSET", 20, 1000, 10, true) }},
	{"10k lists of 10 elements", func() [][]string { return collectionKeys("RPUSH", 10000, 10, 10, false) }},
	{"4 lists of 50000 elements", func() [][]string { return collectionKeys("RPUSH", 4, 50000, 10, false) }},
	{"10k sets of 10 members (hashtable)", func() [][]string { return collectionKeys("SADD", 10000, 10, 5, false) }},
	{"20 sets of 1000 members", func() [][]string { return collectionKeys("SADD", 20, 1000, 5, false) }},
	{"10k sets of 10 integers (intset)", func() [][]string {
		return generate(10000, func(i int) []string {
			return append([]string{"SADD", "s:" + strconv.Itoa(i)}, strings.Fields("1 2 3 4 5 6 7 8 9 10")...)
		})
	}},
	{"10k sorted sets of 10 (listpack)", func() [][]string { return zsetKeys(10000, 10) }},
	{"20 sorted sets of 1000 (skiplist)", func() [][]string { return zsetKeys(20, 1000) }},
	{"mixed", func() [][]string {
		var cmds [][]string
		cmds = append(cmds, stringKeys(5000, 30, true)...)
		cmds = append(cmds, collectionKeys("HSET", 500, 20, 8, true)...)
		cmds = append(cmds, collectionKeys("RPUSH", 500, 50, 12, false)...)
		cmds = append(cmds, zsetKeys(200, 200)...)
		return cmds
	}},
}

func generate(n int, cmd func(i int) []string) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = cmd(i)
	}
	return out
}

func stringKeys(n, size int, ttl bool) [][]string {
	v := strings.Repeat("x", size)
	return generate(n, func(i int) []string {
		if ttl {
			return []string{"SET", "key:" + strconv.Itoa(i), v, "EX", "10000"}
		}
		return []string{"SET", "key:" + strconv.Itoa(i), v}
	})
}

func collectionKeys(command string, keys, elems, size int, pairs bool) [][]string {
	pad := strings.Repeat("e", size)
	return generate(keys, func(i int) []string {
		cmd := []string{command, strings.ToLower(command[:1]) + ":" + strconv.Itoa(i)}
		for j := range elems {
			cmd = append(cmd, "m"+strconv.Itoa(j)+pad)
			if pairs {
				cmd = append(cmd, "v"+pad)
			}
		}
		return cmd
	})
}

func zsetKeys(keys, elems int) [][]string {
	return generate(keys, func(i int) []string {
		cmd := []string{"ZADD", "z:" + strconv.Itoa(i)}
		for j := range elems {
			cmd = append(cmd, strconv.FormatFloat(float64(j)*1.5, 'f', -1, 64), "m"+strconv.Itoa(j))
		}
		return cmd
	})
}

var usedMemoryLine = regexp.MustCompile(`\bused_memory:(\d+)\r\n`)

// usedMemoryOf reads INFO memory's used_memory through conn.
func usedMemoryOf(t *testing.T, conn redistest.Conn) int64 {
	t.Helper()
	replies := pipeline(t, conn, [][]string{{"INFO", "memory"}})
	m := usedMemoryLine.FindSubmatch(replies[0])
	if m == nil {
		t.Fatalf("no used_memory in %q", replies[0])
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n
}

// pipeline sends cmds in batches and returns the replies.
func pipeline(t *testing.T, conn redistest.Conn, cmds [][]string) [][]byte {
	t.Helper()
	var replies [][]byte
	for start := 0; start < len(cmds); start += 500 {
		batch := cmds[start:min(len(cmds), start+500)]
		var req []byte
		for _, cmd := range batch {
			argv := make([][]byte, len(cmd))
			for i, a := range cmd {
				argv[i] = []byte(a)
			}
			req = resp.AppendCommand(req, argv...)
		}
		if err := conn.Send(req); err != nil {
			t.Fatal(err)
		}
		for range batch {
			r, err := conn.Read(redistest.ReplyTimeout)
			if err != nil {
				t.Fatal(err)
			}
			if r[0] == '-' {
				t.Fatalf("error reply %q", r)
			}
			replies = append(replies, r)
		}
	}
	return replies
}

// TestUsedMemoryAgainstRedis loads the same datasets into redis-server
// and the engine and compares how much used_memory grew on each: the
// accounting must stay within 10% of Redis's allocator for every shape.
func TestUsedMemoryAgainstRedis(t *testing.T) {
	p, e := newPair(t)
	// Each dataset is loaded through a connection of its own, closed
	// before measuring, so that its buffers (Redis keeps a grown query
	// buffer for a while) do not count.
	load := func(cmds [][]string) {
		real, err := redistest.Dial(redistest.Shared(t).Addr)
		if err != nil {
			t.Fatal(err)
		}
		mine := newConn(e)
		pipeline(t, real, cmds)
		pipeline(t, mine, cmds)
		real.Close()
		mine.Close()
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-40s %12s %12s %8s\n", "dataset", "redis", "redwasm", "ratio")
	for _, ds := range memoryDatasets {
		pipeline(t, p.Real, [][]string{{"FLUSHALL"}})
		pipeline(t, p.Mine, [][]string{{"FLUSHALL"}})
		realBefore, mineBefore := usedMemoryOf(t, p.Real), usedMemoryOf(t, p.Mine)
		load(ds.load())
		real := usedMemoryOf(t, p.Real) - realBefore
		mine := usedMemoryOf(t, p.Mine) - mineBefore
		ratio := float64(mine) / float64(real)
		fmt.Fprintf(&report, "%-40s %12d %12d %8.3f\n", ds.name, real, mine, ratio)
		if ratio < 0.9 || ratio > 1.1 {
			t.Errorf("%s: used_memory grew by %d on redis-server, %d on redwasm", ds.name, real, mine)
		}
	}
	pipeline(t, p.Real, [][]string{{"FLUSHALL"}})
	t.Log("\n" + report.String())
}
