package engine

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// bothProtos runs fn with both sides speaking RESP2, then RESP3.
func bothProtos(p *redistest.Pair, fn func()) {
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		fn()
	}
}

// seed stores string keys (key, value, key, value...) in database db on
// both sides: on redis-server through a connection of its own, in the
// engine directly, so that these tests need no string commands.
func seed(t *testing.T, p *redistest.Pair, e *Engine, db int, kv ...string) {
	t.Helper()
	conn, err := redistest.Dial(redistest.Shared(t).Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	send := func(args ...string) {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		conn.Send(resp.AppendCommand(nil, argv...))
		if _, err := conn.Read(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	send("SELECT", strconv.Itoa(db))
	for i := 0; i+1 < len(kv); i += 2 {
		send("SET", kv[i], kv[i+1])
	}
	e.Do(func() {
		e.refreshNow()
		for i := 0; i+1 < len(kv); i += 2 {
			e.dbs[db].set([]byte(kv[i]), newString([]byte(kv[i+1])))
		}
	})
}

func TestDelExistsTypeTouchFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		seed(t, p, e, 0, "a", "1", "b", "hello", "c", strings.Repeat("x", 100))
		p.Check("EXISTS", "a")
		p.Check("EXISTS", "a", "a", "b", "nokey")
		p.Check("EXISTS", "nokey")
		p.Check("TYPE", "a")
		p.Check("TYPE", "nokey")
		p.Check("TOUCH", "a", "b", "nokey", "a")
		p.Check("DEL", "a", "nokey", "a")
		p.Check("UNLINK", "b", "c", "b")
		p.Check("DEL", "nokey")
		p.Check("EXISTS", "a", "b", "c")
		p.Check("DBSIZE")
		for _, cmd := range []string{"DEL", "UNLINK", "EXISTS", "TOUCH", "TYPE", "KEYS", "SCAN", "DBSIZE", "RANDOMKEY"} {
			p.Check(cmd)
		}
		p.Check("TYPE", "a", "b")
		p.Check("DBSIZE", "x")
		p.Check("RANDOMKEY", "x")
	})
}

func TestKeysFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("KEYS", "*")
		seed(t, p, e, 0, "hello", "1", "hallo", "1", "hxllo", "1", "heeeello", "1", "hillo", "1",
			"h*llo", "1", "h[a]llo", "1", "x\\y", "1", "", "1", "\x00nul", "1", "HELLO", "1")
		for _, pat := range []string{"*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo",
			"h\\*llo", "h[\\]a]llo", "x\\\\y", "", "*\x00*", "\x00*", "[", "h[", "h[a", "H*", "**", "*l*l*o",
			"h[a-]llo", "h[-a]llo", "\\", "h\\", "[^", "?", "??????", "*?", "?*"} {
			p.CheckUnordered("KEYS", pat)
		}
		p.Check("PEXPIRE", "hello", "1")
		time.Sleep(3 * time.Millisecond)
		p.CheckUnordered("KEYS", "h*") // the expired key is left out
		p.Check("FLUSHALL")
	})
}

// TestKeysGlobRandomFidelity matches random patterns against random keys
// on both sides: bytes from a small alphabet rich in glob syntax, so that
// classes, ranges, escapes and stars meet in every combination.
func TestKeysGlobRandomFidelity(t *testing.T) {
	p, e := newPair(t)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab[]^-\\*?Ab\x00\xe9z")
	randomString := func(n int) string {
		b := make([]byte, rng.IntN(n))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	var kv []string
	for i := 0; i < 60; i++ {
		kv = append(kv, randomString(7), "v")
	}
	seed(t, p, e, 0, kv...)
	for i := 0; i < 400; i++ {
		p.CheckUnordered("KEYS", randomString(8))
	}
	// Hostile patterns must answer fast on both sides.
	long := strings.Repeat("a", 60)
	seed(t, p, e, 0, long, "v")
	p.Check("KEYS", strings.Repeat("*a", 30)+"*b")
	p.Check("KEYS", strings.Repeat("a*", 40)+"b")
}

// TestGlobNocaseAgainstRedis checks case-insensitive matching, which Redis
// uses for names (CONFIG GET, COMMAND LIST FILTERBY PATTERN): random
// patterns in random case over the configuration names both sides have.
func TestGlobNocaseAgainstRedis(t *testing.T) {
	p, _ := newPair(t)
	var names []string
	eachConfigParam(func(p *configParam) { names = append(names, p.name) })
	rng := rand.New(rand.NewPCG(3, 4))
	mutate := func(name string) string {
		b := []byte(name)
		for i := range b {
			switch r := rng.IntN(12); {
			case r == 0:
				b[i] = '?'
			case r == 1:
				b[i] = '*'
			case r == 2 && 'a' <= b[i] && b[i] <= 'y':
				b[i] = 'A' + b[i] - 'a' + 1 // upper case, shifted: only ranges can match it
			case r < 6 && 'a' <= b[i] && b[i] <= 'z':
				b[i] -= 'a' - 'A'
			}
		}
		s := string(b)
		if rng.IntN(3) == 0 && len(s) > 3 {
			i := rng.IntN(len(s) - 2)
			s = s[:i] + "[" + s[i:i+1] + "-" + s[i+1:i+2] + "]" + s[i+2:]
		}
		return s
	}
	for i := 0; i < 300; i++ {
		pattern := mutate(names[rng.IntN(len(names))])
		p.CheckWith(func(real, mine resp.Value) bool {
			// redis-server knows more parameters: compare on ours.
			return sameConfigSubset(real, mine, names)
		}, "CONFIG", "GET", pattern)
	}
}

// sameConfigSubset compares CONFIG GET replies restricted to names.
func sameConfigSubset(real, mine resp.Value, names []string) bool {
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	pairs := func(v resp.Value, keep func(string) bool) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(v.Elems); i += 2 {
			if keep(string(v.Elems[i].Str)) {
				m[string(v.Elems[i].Str)] = string(v.Elems[i+1].Str)
			}
		}
		return m
	}
	r := pairs(real, func(n string) bool { return known[strings.ToLower(n)] })
	m := pairs(mine, func(string) bool { return true })
	if len(r) != len(m) {
		return false
	}
	for k := range m {
		if _, ok := r[k]; !ok {
			return false
		}
	}
	return true
}

func TestScanFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("SCAN", "0")
		seed(t, p, e, 0, "k1", "1", "k2", "2", "other", "3", "k3", strings.Repeat("z", 50))
		for _, args := range [][]string{
			{"SCAN", "0"}, {"SCAN", "0", "COUNT", "100"}, {"SCAN", "0", "MATCH", "k*"},
			{"SCAN", "0", "MATCH", "*"}, {"SCAN", "0", "TYPE", "string"}, {"SCAN", "0", "TYPE", "STRING"},
			{"SCAN", "0", "TYPE", "list"}, {"SCAN", "0", "TYPE", "nosuchtype"}, {"SCAN", "0", "count", "1", "COUNT", "50"},
			{"SCAN", "0", "MATCH", "k*", "TYPE", "string", "COUNT", "20"}, {"SCAN", "", "COUNT", "20"},
			{"SCAN", "-0"}, {"SCAN", "+0"},
		} {
			p.CheckUnordered(args...)
		}
		for _, args := range [][]string{
			{"SCAN", "x"}, {"SCAN", " 0"}, {"SCAN", "0x"}, {"SCAN", "18446744073709551616"}, {"SCAN", "-18446744073709551616"},
			{"SCAN", "+"}, {"SCAN", "-"}, {"SCAN", "0", "COUNT"}, {"SCAN", "0", "COUNT", "0"}, {"SCAN", "0", "COUNT", "-1"},
			{"SCAN", "0", "COUNT", "x"}, {"SCAN", "0", "COUNT", "99999999999999999999"}, {"SCAN", "0", "MATCH"},
			{"SCAN", "0", "TYPE"}, {"SCAN", "0", "FOO", "bar"}, {"SCAN", "x", "COUNT", "0"}, {"SCAN", "0", "COUNT", "0", "FOO"},
		} {
			p.Check(args...)
		}
		// Huge cursors wrap onto the table: any reply is an array of two.
		sameCursor := func(real, mine resp.Value) bool {
			return len(real.Elems) == 2 && len(mine.Elems) == 2 && string(real.Elems[0].Str) == string(mine.Elems[0].Str)
		}
		p.CheckWith(sameCursor, "SCAN", "18446744073709551615")
		p.CheckWith(sameCursor, "SCAN", "-1")
		p.Check("FLUSHALL")
	})
}

// TestScanFullIteration walks a keyspace large enough for many calls,
// with small counts, and checks that every key comes back.
func TestScanFullIteration(t *testing.T) {
	p, e := newPair(t)
	var kv []string
	for i := 0; i < 500; i++ {
		kv = append(kv, fmt.Sprintf("key:%d", i), "v")
	}
	seed(t, p, e, 0, kv...)
	c := e.NewClient(ClientOptions{})
	for _, count := range []string{"1", "7", "1000"} {
		seen := map[string]bool{}
		cursor := "0"
		for calls := 0; ; calls++ {
			v := c.Do("SCAN", cursor, "COUNT", count, "MATCH", "key:*")
			cursor = string(v.Elems[0].Str)
			for _, k := range v.Elems[1].Elems {
				seen[string(k.Str)] = true
			}
			if cursor == "0" {
				break
			}
			if calls > 10000 {
				t.Fatal("SCAN does not end")
			}
		}
		if len(seen) != 500 {
			t.Errorf("COUNT %s: SCAN returned %d of 500 keys", count, len(seen))
		}
	}
	p.Check("DBSIZE")
}

// TestScanSurvivesResize deletes and adds keys between SCAN calls, so the
// table shrinks and grows: keys present throughout are still returned.
func TestScanSurvivesResize(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	e.Do(func() {
		for i := 0; i < 1000; i++ {
			e.dbs[0].set([]byte(fmt.Sprintf("stay:%d", i)), newString([]byte("v")))
			e.dbs[0].set([]byte(fmt.Sprintf("go:%d", i)), newString([]byte("v")))
		}
	})
	seen := map[string]bool{}
	cursor := "0"
	for step := 0; ; step++ {
		v := c.Do("SCAN", cursor, "COUNT", "20")
		cursor = string(v.Elems[0].Str)
		for _, k := range v.Elems[1].Elems {
			seen[string(k.Str)] = true
		}
		switch {
		case step == 5:
			for i := 0; i < 1000; i++ {
				c.Do("DEL", fmt.Sprintf("go:%d", i))
			}
		case step == 20:
			e.Do(func() {
				for i := 0; i < 3000; i++ {
					e.dbs[0].set([]byte(fmt.Sprintf("new:%d", i)), newString([]byte("v")))
				}
			})
		}
		if cursor == "0" {
			break
		}
	}
	for i := 0; i < 1000; i++ {
		if !seen[fmt.Sprintf("stay:%d", i)] {
			t.Fatalf("stay:%d was never returned", i)
		}
	}
}

func TestRandomkeyFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("RANDOMKEY")
		seed(t, p, e, 0, "only", "1")
		p.Check("RANDOMKEY")
		seed(t, p, e, 0, "second", "1")
		p.CheckShape("RANDOMKEY")
		p.Check("PEXPIRE", "only", "1")
		p.Check("PEXPIRE", "second", "1")
		time.Sleep(3 * time.Millisecond)
		p.Check("RANDOMKEY") // both expired: null, and both gone
		p.Check("DBSIZE")
	})
}

func TestRenameFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "a", "1", "b", "2", "c", "3")
		p.Check("RENAME", "nokey", "x")
		p.Check("RENAMENX", "nokey", "x")
		p.Check("RENAME", "nokey", "nokey")
		p.Check("RENAME", "a", "a")
		p.Check("RENAMENX", "a", "a")
		p.Check("EXPIRE", "a", "1000")
		p.Check("RENAME", "a", "a2")
		p.Check("TTL", "a2")
		p.Check("EXISTS", "a")
		p.Check("RENAME", "a2", "b") // overwrites b and carries the TTL
		p.Check("TTL", "b")
		p.Check("RENAMENX", "b", "c")
		p.Check("RENAMENX", "b", "d")
		p.Check("TTL", "d")
		p.CheckUnordered("KEYS", "*")
		p.Check("RENAME", "c", "d") // d loses its TTL: c had none
		p.Check("TTL", "d")
		p.Check("RENAME", "x")
		p.Check("RENAME", "x", "y", "z")
		p.Check("RENAMENX", "x")
	})
}

func TestCopyFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "a", "1", "b", "hello world", "big", strings.Repeat("q", 300))
		p.Check("COPY", "a", "a")
		p.Check("COPY", "a", "a", "DB", "0")
		p.Check("COPY", "nokey", "x")
		p.Check("COPY", "a", "a2")
		p.Check("OBJECT", "ENCODING", "a2")
		p.Check("COPY", "a", "b")
		p.Check("COPY", "a", "b", "REPLACE")
		p.Check("TYPE", "b")
		p.Check("EXPIRE", "big", "500")
		p.Check("COPY", "big", "big", "DB", "3")
		p.Check("SELECT", "3")
		p.Check("TTL", "big")
		p.Check("OBJECT", "ENCODING", "big")
		p.Check("SELECT", "0")
		p.Check("COPY", "big", "big", "db", "3")
		p.Check("COPY", "big", "big", "db", "3", "replace")
		p.Check("COPY", "a", "x", "DB", "16")
		p.Check("COPY", "a", "x", "DB", "-1")
		p.Check("COPY", "a", "x", "DB", "x")
		p.Check("COPY", "a", "x", "DB", "4294967296")
		p.Check("COPY", "a", "x", "DB")
		p.Check("COPY", "a", "x", "FOO")
		p.Check("COPY", "a", "x", "REPLACE", "DB", "2", "DB", "1")
		p.Check("SELECT", "1")
		p.Check("EXISTS", "x")
		p.Check("SELECT", "0")
		p.Check("COPY", "nokey", "x", "DB", "99")
		p.Check("COPY", "a")
	})
}

func TestMoveFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "a", "1", "b", "2")
		seed(t, p, e, 1, "b", "other")
		p.Check("MOVE", "a", "0")
		p.Check("MOVE", "a", "16")
		p.Check("MOVE", "a", "-1")
		p.Check("MOVE", "a", "x")
		p.Check("MOVE", "a", "2147483648")
		p.Check("MOVE", "nokey", "1")
		p.Check("MOVE", "nokey", "0")
		p.Check("MOVE", "b", "1") // exists there
		p.Check("PEXPIRE", "a", "100000")
		p.Check("MOVE", "a", "1")
		p.Check("EXISTS", "a")
		p.Check("SELECT", "1")
		p.Check("TTL", "a")
		p.Check("GET", "b")
		p.Check("SELECT", "0")
		p.Check("MOVE", "a")
		p.Check("MOVE", "a", "1", "2")
	})
}

func TestSwapdbFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "zero", "0")
		seed(t, p, e, 1, "one", "1", "uno", "1")
		p.Check("EXPIRE", "zero", "100")
		p.Check("SWAPDB", "0", "1")
		p.CheckUnordered("KEYS", "*")
		p.Check("DBSIZE")
		p.Check("SELECT", "1")
		p.Check("TTL", "zero")
		p.Check("SELECT", "0")
		p.Check("SWAPDB", "1", "1")
		p.Check("SWAPDB", "0", "16")
		p.Check("SWAPDB", "16", "0")
		p.Check("SWAPDB", "-1", "0")
		p.Check("SWAPDB", "x", "0")
		p.Check("SWAPDB", "0", "x")
		p.Check("SWAPDB", "x", "y")
		p.Check("SWAPDB", "2147483648", "0")
		p.Check("SWAPDB", "0", "2147483648")
		p.Check("SWAPDB", "0")
		p.Check("INFO", "keyspace")
	})
}

func TestFlushFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		seed(t, p, e, 0, "a", "1")
		seed(t, p, e, 5, "b", "1")
		p.Check("FLUSHDB")
		p.Check("DBSIZE")
		p.Check("SELECT", "5")
		p.Check("DBSIZE")
		p.Check("FLUSHDB", "ASYNC")
		p.Check("FLUSHDB", "sync")
		seed(t, p, e, 5, "b", "1")
		p.Check("SELECT", "0")
		p.Check("FLUSHALL", "SYNC")
		p.Check("FLUSHALL", "async")
		p.Check("FLUSHALL", "foo")
		p.Check("FLUSHALL", "async", "sync")
		p.Check("FLUSHDB", "foo")
		p.Check("FLUSHDB", "sync", "sync")
		p.Check("INFO", "keyspace")
	})
}

func TestObjectFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "int", "12345", "small", "7", "neg", "-1", "shared", "9999", "notshared", "10000",
			"emb", "hello", "raw", strings.Repeat("r", 45), "lead0", "01", "big", "99999999999999999999")
		for _, key := range []string{"int", "small", "neg", "shared", "notshared", "emb", "raw", "lead0", "big", "nokey"} {
			p.Check("OBJECT", "ENCODING", key)
			p.Check("OBJECT", "REFCOUNT", key)
			// Redis shares the objects of small integers, and with them
			// their access time, which depends on the server's past.
			p.CheckShape("OBJECT", "IDLETIME", key)
			p.Check("OBJECT", "FREQ", key)
		}
		p.Check("OBJECT", "HELP")
		p.Check("OBJECT", "help")
		p.Check("OBJECT")
		p.Check("OBJECT", "ENCODING")
		p.Check("OBJECT", "ENCODING", "a", "b")
		p.Check("OBJECT", "FOO", "a")
		p.Check("OBJECT", "HELP", "x")
		p.Check("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
		seed(t, p, e, 0, "fresh", "v")
		p.Check("OBJECT", "FREQ", "fresh")
		p.Check("OBJECT", "IDLETIME", "fresh")
		p.Check("OBJECT", "IDLETIME", "nokey")
		p.Check("TOUCH", "fresh") // the first access always counts
		p.Check("OBJECT", "FREQ", "fresh")
		p.Check("CONFIG", "SET", "maxmemory-policy", "volatile-lfu")
		p.Check("OBJECT", "FREQ", "fresh")
		p.Check("CONFIG", "SET", "maxmemory-policy", "noeviction")
	})
}

// TestKeyspaceSideEffects compares, command by command, the keyspace
// events, change counts and recorded effects (Redis's AOF) of the
// keyspace and TTL commands.
func TestKeyspaceSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
		SET a 1
		SET b 2
		DEL a nokey a
		UNLINK b nokey
		DEL nokey
		SET a 1
		EXPIRE a 100
		!ttl a
		PEXPIRE a 100000 XX
		!ttl a
		EXPIREAT a 4000000000
		PEXPIREAT a 4000000000000 GT
		EXPIRE a 100 NX
		EXPIRE nokey 100
		PERSIST a
		PERSIST a
		EXPIRE a -1
		SET a 1
		PEXPIREAT a 1
		SET a 1
		EXPIREAT a 1 NX
		SET a 1
		EXPIRE a 500
		RENAME a b
		!ttl b
		RENAMENX b c
		SET d 1
		RENAMENX c d
		RENAME c c
		RENAMENX c c
		RENAME nokey x
		COPY c e
		COPY c e
		COPY c e REPLACE
		COPY c x DB 2
		COPY c c
		MOVE c 3
		MOVE nokey 3
		MOVE d 0
		SWAPDB 0 3
		SWAPDB 0 0
		SWAPDB 0 16
		TOUCH d e nokey
		EXISTS d e
		TYPE d
		OBJECT ENCODING d
		FLUSHDB
		FLUSHDB
		SET a 1
		FLUSHDB ASYNC
		FLUSHALL
		SET a 1
		FLUSHALL SYNC
		FLUSHALL ASYNC
	`)
	// Keys whose time passed: a read deletes them, recorded as DEL. (The
	// server's own active expiry is off, so it cannot win the race.)
	s.do("DEBUG", "SET-ACTIVE-EXPIRE", "0")
	s.do("SET", "k", "v", "PX", "1")
	s.do("SET", "k2", "v", "PX", "1")
	time.Sleep(5 * time.Millisecond)
	s.do("GET", "k")
	s.do("EXISTS", "k2")
	s.do("DBSIZE")
	// A write to a key whose time passed: the deletion, then the write.
	for _, write := range [][]string{{"SET", "k", "v2"}, {"EXPIRE", "k", "100"}, {"RENAME", "k", "x"},
		{"COPY", "k", "x"}, {"MOVE", "k", "1"}, {"PERSIST", "k"}, {"DEL", "k"}} {
		s.do("SET", "k", "v", "PX", "1")
		time.Sleep(5 * time.Millisecond)
		s.do(write...)
		s.do("DEL", "k", "x")
	}
}

func benchEngine(b *testing.B, keys int) (*Engine, *Client) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	e.Do(func() {
		for i := 0; i < keys; i++ {
			e.dbs[0].set([]byte(fmt.Sprintf("key:%d", i)), newString([]byte("v")))
		}
	})
	return e, e.NewClient(ClientOptions{})
}

func BenchmarkKeysPattern(b *testing.B) {
	_, c := benchEngine(b, 10000)
	for b.Loop() {
		c.Do("KEYS", "key:1*")
	}
}

func BenchmarkScanFull(b *testing.B) {
	_, c := benchEngine(b, 10000)
	for b.Loop() {
		cursor := "0"
		for {
			v := c.Do("SCAN", cursor, "COUNT", "100")
			if cursor = string(v.Elems[0].Str); cursor == "0" {
				break
			}
		}
	}
}

func BenchmarkExistsDel(b *testing.B) {
	e, _ := benchEngine(b, 0)
	c := e.NewClient(ClientOptions{})
	req := resp.AppendCommand(nil, []byte("EXISTS"), []byte("key:1"))
	req = resp.AppendCommand(req, []byte("DEL"), []byte("key:1"))
	var out []byte
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
}

// TestKeyspaceCommandsOnEveryType runs the generic commands on a key of
// each type, in each of its encodings, and checks the copies and moved
// keys read back the same.
func TestKeyspaceCommandsOnEveryType(t *testing.T) {
	p, _ := newPair(t)
	big := func(prefix string, n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, fmt.Sprintf("%s%d", prefix, i))
		}
		return out
	}
	setup := [][]string{
		{"SET", "str", "hello"}, {"SET", "num", "42"},
		{"RPUSH", "list", "a", "b", "c"}, append([]string{"RPUSH", "biglist"}, big(strings.Repeat("x", 70), 200)...),
		{"HSET", "hash", "f", "v", "g", "w"}, append([]string{"HSET", "bighash"}, big("f", 600)...),
		{"SADD", "set", "a", "b"}, {"SADD", "intset", "1", "2", "3"}, append([]string{"SADD", "bigset"}, big("m", 600)...),
		{"ZADD", "zset", "1", "a", "2", "b"},
	}
	var zpairs []string
	for i := 0; i < 200; i++ {
		zpairs = append(zpairs, strconv.Itoa(i), fmt.Sprintf("member%d", i))
	}
	setup = append(setup, append([]string{"ZADD", "bigzset"}, zpairs...))
	read := func(key string) {
		p.Check("TYPE", key)
		p.Check("OBJECT", "ENCODING", key)
		switch string(typeOf(p, key)) {
		case "string":
			p.Check("GET", key)
		case "list":
			p.Check("LRANGE", key, "0", "-1")
		case "hash":
			p.CheckUnordered("HGETALL", key)
		case "set":
			p.CheckUnordered("SMEMBERS", key)
		case "zset":
			p.Check("ZRANGE", key, "0", "-1", "WITHSCORES")
		}
	}
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		for _, args := range setup {
			p.Check(args...)
		}
		for _, key := range []string{"str", "num", "list", "biglist", "hash", "bighash", "set", "intset", "bigset", "zset", "bigzset"} {
			read(key)
			p.Check("COPY", key, key+":copy")
			read(key + ":copy")
			p.Check("RENAME", key+":copy", key+":renamed")
			read(key + ":renamed")
			p.Check("COPY", key, key, "DB", "1")
			p.Check("MOVE", key+":renamed", "2")
			p.Check("SELECT", "1")
			read(key)
			p.Check("SELECT", "2")
			read(key + ":renamed")
			p.Check("SELECT", "0")
			p.CheckShape("OBJECT", "IDLETIME", key)
			p.Check("OBJECT", "REFCOUNT", key)
			p.Check("EXISTS", key, key+":renamed")
		}
		p.CheckUnordered("SCAN", "0", "COUNT", "1000", "TYPE", "hash")
		p.CheckUnordered("SCAN", "0", "COUNT", "1000", "TYPE", "zset")
		p.CheckUnordered("KEYS", "*")
		p.Check("DBSIZE")
	})
}

// typeOf returns the type of key on the redis-server side.
func typeOf(p *redistest.Pair, key string) []byte {
	real, _ := p.Do("TYPE", key)
	v, _, _ := resp.ParseReply(real)
	return v.Str
}
