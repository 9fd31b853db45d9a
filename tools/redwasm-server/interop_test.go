package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The interop tests: redis-server 7.0.15 loads the dump.rdb and the AOF
// directory redwasm-server wrote, and redwasm-server loads redis-server's,
// and both hold the same dataset (DEBUG DIGEST) with the same encodings.

// interopDataset returns the commands that build the test data: every
// type in every encoding, TTLs, several databases.
func interopDataset() [][]string {
	var cmds [][]string
	add := func(c ...string) { cmds = append(cmds, c) }
	many := func(cmd, key string, n int, elem func(i int) []string) {
		for i := 0; i < n; {
			c := []string{cmd, key}
			for j := 0; j < 100 && i < n; j, i = j+1, i+1 {
				c = append(c, elem(i)...)
			}
			add(c...)
		}
	}
	num := strconv.Itoa
	for _, db := range []int{0, 1, 7, 15} {
		add("SELECT", num(db))
		p := "db" + num(db) + ":"
		add("SET", p+"int", "12345")
		add("SET", p+"bigint", "-9223372036854775808")
		add("SET", p+"embstr", "hello world")
		add("SET", p+"raw", strings.Repeat("compressible ", 40))
		add("SET", p+"binary", "\x00\x01\xff\xfe\r\n")
		add("SET", p+"ttl", "v", "PX", "100000000")
		add("SETBIT", p+"bitmap", "10000", "1")
		add("PFADD", p+"hll", "a", "b", "c")
		add("RPUSH", p+"list", "a", "1", "300", "-70000", "9999999999", strings.Repeat("x", 100))
		many("RPUSH", p+"biglist", 3000, func(i int) []string { return []string{"item-" + num(i%97)} })
		add("SADD", p+"intset", "1", "2", "-3", "70000")
		add("SADD", p+"set", "a", "b", "3")
		many("SADD", p+"bigset", 1000, func(i int) []string { return []string{num(i)} })
		add("HSET", p+"hash", "f", "v", "n", "42")
		add("HSET", p+"hashlong", "f", strings.Repeat("v", 100))
		many("HSET", p+"bighash", 1000, func(i int) []string { return []string{"f" + num(i), num(i * 3)} })
		add("ZADD", p+"zset", "1", "a", "2.5", "b", "-0.125", "c", "1e100", "d")
		many("ZADD", p+"bigzset", 500, func(i int) []string { return []string{strconv.FormatFloat(float64(i)/3, 'g', -1, 64), "m" + num(i)} })
		add("EXPIRE", p+"bigzset", "100000")
		for i := 1; i <= 150; i++ {
			add("XADD", p+"stream", num(i)+"-1", "field", num(i), "other", strings.Repeat("y", i%7))
		}
		add("XDEL", p+"stream", "5-1", "77-1")
		add("XGROUP", "CREATE", p+"stream", "group", "0")
		add("XREADGROUP", "GROUP", "group", "alice", "COUNT", "3", "STREAMS", p+"stream", ">")
		add("XGROUP", "CREATECONSUMER", p+"stream", "group", "bob")
		add("XGROUP", "CREATE", p+"emptystream", "g", "$", "MKSTREAM")
	}
	add("SELECT", "0")
	return cmds
}

// interopAfterRewrite are writes made after an AOF rewrite, so that the
// AOF has an incremental file on top of its base.
func interopAfterRewrite() [][]string {
	return [][]string{
		{"SET", "after", "rewrite"}, {"DEL", "db0:int"}, {"INCR", "db0:counter"},
		{"MULTI"}, {"SET", "tx1", "1"}, {"SELECT", "1"}, {"SET", "tx2", "2"}, {"EXEC"},
		{"SELECT", "7"}, {"LPUSH", "db7:list", "front"}, {"EXPIRE", "db7:set", "100000"}, {"SELECT", "0"},
		{"XADD", "db0:stream", "500-0", "late", "entry"}, {"XACK", "db0:stream", "group", "1-1"},
	}
}

// keyReport describes every key: database, name, type and encoding.
func keyReport(p *proc) string {
	var lines []string
	for db := 0; db < 16; db++ {
		p.do("SELECT", strconv.Itoa(db))
		for _, k := range p.do("KEYS", "*").Elems {
			key := string(k.Str)
			typ := string(p.do("TYPE", key).Str)
			enc := string(p.do("OBJECT", "ENCODING", key).Str)
			lines = append(lines, fmt.Sprintf("%d %q %s %s", db, key, typ, enc))
		}
	}
	p.do("SELECT", "0")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

type interopState struct {
	digest string
	keys   string
}

func stateOf(p *proc) interopState {
	return interopState{digest: string(p.do("DEBUG", "DIGEST").Str), keys: keyReport(p)}
}

func (s interopState) check(t *testing.T, what string, got interopState) {
	t.Helper()
	if got.digest != s.digest {
		t.Errorf("%s: DEBUG DIGEST %s, want %s", what, got.digest, s.digest)
	}
	if got.keys != s.keys {
		t.Errorf("%s: keys differ: %s", what, firstDiff(got.keys, s.keys))
	}
}

// firstDiff shows where two reports part.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: %s\n   want: %s", i, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(la), len(lb))
}

// writeFiles has a server build the dataset, rewrite its AOF, write more,
// SAVE, then shut down. It returns the states the server itself gets from
// its AOF (DEBUG LOADAOF) and from its dump.rdb (DEBUG RELOAD NOSAVE):
// loading sets encodings afresh (a string PFADD made raw loads as embstr),
// so those are what the other server must reproduce.
func writeFiles(t *testing.T, start func(dir string, args ...string) *proc, dir string, args ...string) (aof, rdb interopState) {
	t.Helper()
	p := start(dir, append([]string{"--appendonly", "yes", "--save", ""}, args...)...)
	p.pipeline(interopDataset())
	p.do("BGREWRITEAOF")
	p.waitInfo("aof_rewrite_in_progress", "0")
	p.pipeline(interopAfterRewrite())
	p.do("SAVE")
	before := stateOf(p).digest
	p.do("DEBUG", "LOADAOF")
	aof = stateOf(p)
	p.do("DEBUG", "RELOAD", "NOSAVE")
	rdb = stateOf(p)
	if aof.digest != before || rdb.digest != before {
		t.Fatalf("the writer does not reload its own files: digest %s, from its AOF %s, from its RDB %s", before, aof.digest, rdb.digest)
	}
	p.shutdown("NOSAVE")
	return aof, rdb
}

func interop(t *testing.T, writer, reader func(t testing.TB, dir string, args ...string) *proc, args ...string) {
	dir := t.TempDir()
	aof, rdb := writeFiles(t, func(d string, a ...string) *proc { return writer(t, d, a...) }, dir, args...)
	files, _ := os.ReadDir(filepath.Join(dir, "appendonlydir"))
	if len(files) < 3 {
		t.Fatalf("AOF directory holds %d files, want a manifest, a base and an incremental file", len(files))
	}

	r := reader(t, dir, append([]string{"--appendonly", "yes", "--save", ""}, args...)...)
	aof.check(t, "from the AOF", stateOf(r))
	r.shutdown("NOSAVE")

	os.RemoveAll(filepath.Join(dir, "appendonlydir"))
	r = reader(t, dir, append([]string{"--appendonly", "no", "--save", ""}, args...)...)
	rdb.check(t, "from dump.rdb", stateOf(r))
	r.shutdown("NOSAVE")
}

func TestInteropRedwasmToRedis(t *testing.T) {
	for _, args := range [][]string{
		{"--aof-use-rdb-preamble", "yes"},
		{"--aof-use-rdb-preamble", "no", "--maxmemory-policy", "allkeys-lru", "--list-compress-depth", "1"},
		{"--maxmemory-policy", "allkeys-lfu", "--rdbcompression", "no"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) { interop(t, startRedwasm, startRedis, args...) })
	}
}

func TestInteropRedisToRedwasm(t *testing.T) {
	for _, args := range [][]string{
		{"--aof-use-rdb-preamble", "yes"},
		{"--aof-use-rdb-preamble", "no", "--maxmemory-policy", "allkeys-lfu", "--list-compress-depth", "2"},
		{"--maxmemory-policy", "volatile-lru", "--rdbcompression", "no"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) { interop(t, startRedis, startRedwasm, args...) })
	}
}
