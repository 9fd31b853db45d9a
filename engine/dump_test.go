package engine

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/resp"
)

// dumpCase builds one value the same way on both sides.
type dumpCase struct {
	name string
	// config is set on both sides before the commands (and reset after).
	config []string
	cmds   [][]string
	// ordered says the DUMP bytes do not depend on hash table order, so
	// they must be identical.
	ordered bool
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// push returns one command appending n elements made by elem.
func pushN(cmd, key string, n int, elem func(i int) string) []string {
	args := []string{cmd, key}
	for i := 0; i < n; i++ {
		args = append(args, elem(i))
	}
	return args
}

// dumpCases cover every type in every encoding Redis 7.0 gives it.
func dumpCases() []dumpCase {
	rnd := rand.New(rand.NewPCG(1, 2))
	random := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		return string(b)
	}
	words := func(i int) string { return "element-" + strconv.Itoa(i%17) + "-" + strconv.Itoa(i) }
	return []dumpCase{
		{name: "int", cmds: [][]string{{"SET", "k", "12345"}}, ordered: true},
		{name: "int8", cmds: [][]string{{"SET", "k", "-7"}}, ordered: true},
		{name: "int16", cmds: [][]string{{"SET", "k", "-30000"}}, ordered: true},
		{name: "int32", cmds: [][]string{{"SET", "k", "2147483647"}}, ordered: true},
		{name: "int64", cmds: [][]string{{"SET", "k", "9223372036854775807"}}, ordered: true},
		{name: "not canonical int", cmds: [][]string{{"SET", "k", "007"}}, ordered: true},
		{name: "minus zero", cmds: [][]string{{"SET", "k", "-0"}}, ordered: true},
		{name: "empty", cmds: [][]string{{"SET", "k", ""}}, ordered: true},
		{name: "embstr", cmds: [][]string{{"SET", "k", "hello world"}}, ordered: true},
		{name: "20 bytes", cmds: [][]string{{"SET", "k", repeat("a", 20)}}, ordered: true},
		{name: "21 bytes compressible", cmds: [][]string{{"SET", "k", repeat("a", 21)}}, ordered: true},
		{name: "raw compressible", cmds: [][]string{{"SET", "k", repeat("abcdefgh", 300)}}, ordered: true},
		{name: "raw random", cmds: [][]string{{"SET", "k", random(500)}}, ordered: true},
		{name: "appended", cmds: [][]string{{"SET", "k", "12"}, {"APPEND", "k", "34"}}, ordered: true},
		{name: "incrbyfloat", cmds: [][]string{{"INCRBYFLOAT", "k", "1.5"}}, ordered: true},
		{name: "big", cmds: [][]string{{"SET", "k", repeat("0123456789", 10000)}}, ordered: true},

		{name: "list small", cmds: [][]string{{"RPUSH", "k", "a", "1", "-5", "1000", "100000", "10000000000", "x" + repeat("y", 70)}}, ordered: true},
		{name: "list long element", cmds: [][]string{{"RPUSH", "k", "a", repeat("z", 5000), "b"}}, ordered: true},
		{name: "list many nodes", cmds: [][]string{pushN("RPUSH", "k", 3000, words)}, ordered: true},
		{name: "list ints", cmds: [][]string{pushN("RPUSH", "k", 2000, func(i int) string { return strconv.Itoa(i * 7919) })}, ordered: true},
		{name: "list fill 5", config: []string{"list-max-listpack-size", "5"}, cmds: [][]string{pushN("RPUSH", "k", 23, words)}, ordered: true},
		{name: "list fill -1", config: []string{"list-max-listpack-size", "-1"}, cmds: [][]string{pushN("RPUSH", "k", 900, words)}, ordered: true},
		{name: "list fill -5", config: []string{"list-max-listpack-size", "-5"}, cmds: [][]string{pushN("RPUSH", "k", 9000, words)}, ordered: true},
		{name: "list compressed depth 1", config: []string{"list-compress-depth", "1"}, cmds: [][]string{pushN("RPUSH", "k", 3000, words)}, ordered: true},
		{name: "list compressed depth 2", config: []string{"list-compress-depth", "2", "list-max-listpack-size", "4"}, cmds: [][]string{pushN("RPUSH", "k", 40, words)}, ordered: true},
		{name: "list compressed small nodes", config: []string{"list-compress-depth", "1", "list-max-listpack-size", "2"}, cmds: [][]string{pushN("RPUSH", "k", 10, func(i int) string { return strconv.Itoa(i) })}, ordered: true},
		{name: "list compressed random", config: []string{"list-compress-depth", "1", "list-max-listpack-size", "8"}, cmds: [][]string{pushN("RPUSH", "k", 40, func(int) string { return random(30) })}, ordered: true},

		{name: "intset16", cmds: [][]string{{"SADD", "k", "1", "-2", "300", "32767"}}, ordered: true},
		{name: "intset32", cmds: [][]string{{"SADD", "k", "1", "70000", "-2147483648"}}, ordered: true},
		{name: "intset64", cmds: [][]string{{"SADD", "k", "1", "9223372036854775807", "-5"}}, ordered: true},
		{name: "intset widened then shrunk", cmds: [][]string{{"SADD", "k", "1", "2", "5000000000"}, {"SREM", "k", "5000000000"}}, ordered: true},
		{name: "set hashtable", cmds: [][]string{{"SADD", "k", "a", "b", "1", repeat("c", 100)}}},
		{name: "set big intset", cmds: [][]string{pushN("SADD", "k", 600, func(i int) string { return strconv.Itoa(i) })}},

		{name: "hash listpack", cmds: [][]string{{"HSET", "k", "f", "v", "1", "2", "n", "-99999", "big", "123456789012", "e", ""}}, ordered: true},
		{name: "hash listpack after delete", cmds: [][]string{{"HSET", "k", "a", "1", "b", "2", "c", "3"}, {"HDEL", "k", "b"}, {"HSET", "k", "a", "x"}}, ordered: true},
		{name: "hash listpack compressible", cmds: [][]string{pushN("HSET", "k", 60, func(i int) string { return "field" + strconv.Itoa(i/2) })}, ordered: true},
		{name: "hash hashtable long value", cmds: [][]string{{"HSET", "k", "f", repeat("v", 65)}}},
		{name: "hash hashtable many", cmds: [][]string{pushN("HSET", "k", 1200, func(i int) string { return strconv.Itoa(i) })}},

		{name: "zset listpack", cmds: [][]string{{"ZADD", "k", "1", "a", "2.5", "b", "-3", "c", "0.1", "d", "1e20", "e", "inf", "f", "-inf", "g", "4611686018427387904", "h", "123456789012345", "7"}}, ordered: true},
		{name: "zset listpack minus zero", cmds: [][]string{{"ZADD", "k", "-0", "a", "5e-324", "b", "1.7976931348623157e308", "c"}}, ordered: true},
		{name: "zset skiplist", cmds: [][]string{pushN("ZADD", "k", 300, func(i int) string {
			if i%2 == 0 {
				return strconv.FormatFloat(float64(i)*1.25-50, 'g', -1, 64)
			}
			return "m" + strconv.Itoa(i)
		})}, ordered: true},
		{name: "zset skiplist long member", cmds: [][]string{{"ZADD", "k", "1", repeat("m", 100), "-0", "z", "2", "12"}}, ordered: true},

		{name: "stream", cmds: [][]string{{"XADD", "k", "1-1", "f", "v", "n", "5"}, {"XADD", "k", "1-2", "f", "w", "n", "6"}, {"XADD", "k", "2-0", "other", "x"}}, ordered: true},
		{name: "stream many nodes", config: []string{"stream-node-max-entries", "7"}, cmds: xadds(60), ordered: true},
		{name: "stream deletions", cmds: append(xadds(30), []string{"XDEL", "k", "3-0", "4-0", "29-0"}, []string{"XTRIM", "k", "MINID", "6-0"}), ordered: true},
		{name: "stream emptied", cmds: append(xadds(3), []string{"XDEL", "k", "1-0", "2-0", "3-0"}), ordered: true},
		{name: "stream setid", cmds: append(xadds(3), []string{"XSETID", "k", "100-5", "ENTRIESADDED", "50", "MAXDELETEDID", "90-0"}), ordered: true},
		{name: "stream empty group", cmds: [][]string{{"XGROUP", "CREATE", "k", "g", "$", "MKSTREAM"}, {"XGROUP", "CREATE", "k", "g2", "0", "ENTRIESREAD", "7"}}, ordered: true},
		{name: "stream groups", cmds: append(xadds(10),
			[]string{"XGROUP", "CREATE", "k", "g1", "0"}, []string{"XGROUP", "CREATE", "k", "g2", "$"},
			[]string{"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "k", ">"},
			[]string{"XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "k", ">"},
			[]string{"XACK", "k", "g1", "2-0"}, []string{"XGROUP", "CREATECONSUMER", "k", "g2", "carol"})},
	}
}

// xadds adds entries 1-0 .. n-0 to k, with fields that change now and then.
func xadds(n int) [][]string {
	var cmds [][]string
	for i := 1; i <= n; i++ {
		field := "f" + strconv.Itoa(i/10)
		cmds = append(cmds, []string{"XADD", "k", strconv.Itoa(i) + "-0", field, strconv.Itoa(i * 31), "name", "n" + strconv.Itoa(i)})
	}
	return cmds
}

// payloadOf extracts the bulk string of a raw DUMP reply.
func payloadOf(t *testing.T, raw []byte) string {
	t.Helper()
	v, _, err := resp.ParseReply(raw)
	if err != nil || v.Type != resp.BulkString {
		t.Fatalf("DUMP reply %q", raw)
	}
	return string(v.Str)
}

func TestDumpRestoreFidelity(t *testing.T) {
	for _, tc := range dumpCases() {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newPair(t)
			if tc.config != nil {
				t.Cleanup(func() {
					resetRealConfig(t, "", "list-max-listpack-size", "-2", "list-compress-depth", "0", "stream-node-max-entries", "100")
				})
				p.Check(append([]string{"CONFIG", "SET"}, tc.config...)...)
			}
			for _, cmd := range tc.cmds {
				p.Check(cmd...)
			}
			p.Check("OBJECT", "ENCODING", "k")
			p.Check("DEBUG", "DIGEST-VALUE", "k")
			real, mine := p.Do("DUMP", "k")
			if tc.ordered && string(real) != string(mine) {
				t.Errorf("DUMP differs\nredis-server: %q\nredwasm:      %q", trim(real), trim(mine))
			}
			// Each side loads the other's payload, in both directions.
			for _, payload := range []string{payloadOf(t, real), payloadOf(t, mine)} {
				p.Check("RESTORE", "copy", "0", payload, "REPLACE")
				p.Check("OBJECT", "ENCODING", "copy")
				p.Check("DEBUG", "DIGEST-VALUE", "copy")
				p.Check("DEBUG", "DIGEST-VALUE", "k", "copy")
				if strings.HasPrefix(tc.name, "stream") {
					p.Check("XINFO", "STREAM", "copy", "FULL")
					p.Check("DUMP", "copy")
				}
			}
			p.Check("DEBUG", "DIGEST")
			// A reload gives both the encodings their loaders choose.
			p.Check("DEBUG", "RELOAD")
			p.Check("OBJECT", "ENCODING", "k")
			p.Check("DEBUG", "DIGEST")
		})
	}
}

func trim(b []byte) []byte {
	if len(b) > 300 {
		return append(b[:300:300], "..."...)
	}
	return b
}

func TestDumpPayloadByteIdentity(t *testing.T) {
	// Lists built at the tail split into quicklist nodes as Redis's do,
	// for every fill; compare the DUMP bytes across fills and sizes.
	p, _ := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "", "list-max-listpack-size", "-2", "list-compress-depth", "0") })
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, fill := range []string{"1", "3", "128", "-1", "-2", "-3"} {
		for _, depth := range []string{"0", "1", "3"} {
			p.Check("CONFIG", "SET", "list-max-listpack-size", fill, "list-compress-depth", depth)
			key := "l" + fill + "/" + depth
			for range 8 {
				args := []string{"RPUSH", key}
				for range rnd.IntN(200) + 1 {
					switch rnd.IntN(4) {
					case 0:
						args = append(args, strconv.Itoa(rnd.IntN(1<<20)-1<<19))
					case 1:
						args = append(args, repeat(string(rune('a'+rnd.IntN(26))), rnd.IntN(300)))
					default:
						args = append(args, fmt.Sprintf("w%d", rnd.IntN(50)))
					}
				}
				p.Check(args...)
			}
			p.Check("DUMP", key)
		}
	}
}

func TestRestoreFidelity(t *testing.T) {
	p, _ := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "", "maxmemory-policy", "noeviction") })
	p.Check("SET", "src", "value")
	payload := payloadOf(t, first(p.Do("DUMP", "src")))
	p.Check("RPUSH", "srclist", "a", "b")
	listPayload := payloadOf(t, first(p.Do("DUMP", "srclist")))
	bad := []byte(payload)
	bad[1] ^= 0xff
	newer := []byte(rdb.AppendDumpFooter(append([]byte{}, payload[:len(payload)-10]...)))
	newer[len(newer)-10] = 11
	corrupt := string(rdb.AppendDumpFooter([]byte{0, 0x80, 0xff, 0xff, 0xff, 0xff}))
	unknownType := string(rdb.AppendDumpFooter([]byte{8, 1, 'x'}))
	emptyList := string(rdb.AppendDumpFooter([]byte{byte(rdb.TypeListQuicklist2), 0}))
	bothProtos(p, func() {
		p.Check("DEL", "k", "k2")
		for _, args := range [][]string{
			{"RESTORE", "k", "0", payload},
			{"GET", "k"}, {"TTL", "k"},
			{"RESTORE", "k", "0", payload},
			{"RESTORE", "k", "0", payload, "REPLACE"},
			{"RESTORE", "k", "0", listPayload, "REPLACE"}, {"TYPE", "k"}, {"LRANGE", "k", "0", "-1"},
			{"RESTORE", "k", "100000", payload, "REPLACE"}, {"TTL", "k"},
			{"RESTORE", "k", "99999999999999", payload, "REPLACE", "ABSTTL"}, {"TTL", "k"},
			{"RESTORE", "k", "1", payload, "REPLACE", "ABSTTL"}, {"EXISTS", "k"},
			{"RESTORE", "k", "1", payload, "ABSTTL"}, {"EXISTS", "k"},
			{"RESTORE", "k", "-1", payload},
			{"RESTORE", "k", "x", payload},
			{"RESTORE", "k", "0", string(bad)},
			{"RESTORE", "k", "0", string(newer)},
			{"RESTORE", "k", "0", "short"},
			{"RESTORE", "k", "0", ""},
			{"RESTORE", "k", "0", corrupt},
			{"RESTORE", "k", "0", unknownType},
			{"RESTORE", "k", "0", emptyList},
			{"RESTORE", "k", "0", payload, "IDLETIME", "-1"},
			{"RESTORE", "k", "0", payload, "IDLETIME", "x"},
			{"RESTORE", "k", "0", payload, "IDLETIME"},
			{"RESTORE", "k", "0", payload, "FREQ", "256"},
			{"RESTORE", "k", "0", payload, "FREQ", "-1"},
			{"RESTORE", "k", "0", payload, "FREQ", "1", "IDLETIME", "5"},
			{"RESTORE", "k", "0", payload, "IDLETIME", "5", "FREQ", "1"},
			{"RESTORE", "k", "0", payload, "NOSUCH"},
			{"RESTORE", "k", "0", payload, "REPLACE", "REPLACE", "ABSTTL"},
			{"RESTORE", "k", "0", payload, "IDLETIME", "1000", "REPLACE"},
			{"OBJECT", "IDLETIME", "k"},
			{"RESTORE", "k", "x", payload, "REPLACE", "NOSUCH"},
			{"RESTORE", "src", "x", "garbage"},
			{"RESTORE", "src", "0", "garbage"},
			{"RESTORE", "k"},
			{"DUMP", "nosuch"},
			{"DUMP"},
			{"DUMP", "a", "b"},
		} {
			p.Check(args...)
		}
		p.Check("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
		p.Check("RESTORE", "k", "0", payload, "REPLACE", "FREQ", "200")
		p.Check("OBJECT", "FREQ", "k")
		p.Check("RESTORE", "k", "0", payload, "REPLACE", "IDLETIME", "10")
		p.Check("OBJECT", "FREQ", "k")
		p.Check("CONFIG", "SET", "maxmemory-policy", "noeviction")
	})
}

func first(a, b []byte) []byte { return a }

func TestRestoreEffects(t *testing.T) {
	e := newTestEngine(t)
	var got [][]string
	e.SetEffectSink(func(effects []Effect) {
		for _, ef := range effects {
			var args []string
			for _, a := range ef.Args {
				args = append(args, string(a))
			}
			got = append(got, args)
		}
	})
	c := e.NewClient(ClientOptions{})
	c.Do("SET", "src", "v")
	payload := c.Do("DUMP", "src").Str
	got = nil
	now := e.now
	c.Do("RESTORE", "k", "5000", string(payload))
	if len(got) != 1 || got[0][0] != "RESTORE" || got[0][len(got[0])-1] != "ABSTTL" {
		t.Fatalf("relative TTL effect: %q", got)
	}
	when, _ := strconv.ParseInt(got[0][2], 10, 64)
	if when < now+5000 || when > now+60000 {
		t.Errorf("absolute TTL %d, now %d", when, now)
	}
	got = nil
	c.Do("RESTORE", "k", "1", string(payload), "REPLACE", "ABSTTL")
	if len(got) != 1 || strings.Join(got[0], " ") != "DEL k" {
		t.Errorf("expired REPLACE effect: %q", got)
	}
	got = nil
	c.Do("RESTORE", "k", "1", string(payload), "ABSTTL")
	if len(got) != 0 {
		t.Errorf("expired RESTORE of a new key: %q", got)
	}
}

// TestRestoreOldEncodings loads payloads in the encodings Redis 7.0 no
// longer writes but still reads, on both sides.
func TestRestoreOldEncodings(t *testing.T) {
	p, _ := newPair(t)
	str := func(b []byte) []byte { return rdb.AppendString(nil, b, false) }
	ziplist := func(entries ...string) []byte { return buildZiplist(entries...) }
	payloads := map[string][]byte{
		"list plain":      append(append(append([]byte{byte(rdb.TypeList)}, 3), str([]byte("a"))...), append(str([]byte("12")), str([]byte("c"))...)...),
		"list ziplist":    append([]byte{byte(rdb.TypeListZiplist)}, str(ziplist("a", "1", "300", "-70000", "x"))...),
		"big ziplist":     append([]byte{byte(rdb.TypeListZiplist)}, str(ziplist(bigZiplist()...))...),
		"quicklist":       append(append([]byte{byte(rdb.TypeListQuicklist), 2}, str(ziplist("a", "b"))...), str(ziplist("5"))...),
		"set plain ints":  append([]byte{byte(rdb.TypeSet), 2}, append(str([]byte("3")), str([]byte("1"))...)...),
		"set plain mixed": append([]byte{byte(rdb.TypeSet), 2}, append(str([]byte("3")), str([]byte("x"))...)...),
		"hash plain":      append([]byte{byte(rdb.TypeHash), 1}, append(str([]byte("f")), str([]byte("v"))...)...),
		"hash ziplist":    append([]byte{byte(rdb.TypeHashZiplist)}, str(ziplist("f", "v", "g", "7"))...),
		"hash zipmap":     append([]byte{byte(rdb.TypeHashZipmap)}, str([]byte{2, 1, 'a', 1, 0, 'b', 1, 'c', 2, 0, 'd', 'e', 0xff})...),
		"zset plain":      append([]byte{byte(rdb.TypeZSet), 2}, append(append(str([]byte("a")), rdb.AppendStringDouble(nil, 1.5)...), append(str([]byte("b")), rdb.AppendStringDouble(nil, -2)...)...)...),
		"zset ziplist":    append([]byte{byte(rdb.TypeZSetZiplist)}, str(ziplist("a", "1.5", "b", "2"))...),
	}
	for name, body := range payloads {
		payload := string(rdb.AppendDumpFooter(body))
		key := strings.ReplaceAll(name, " ", "-")
		p.Check("RESTORE", key, "0", payload)
		p.Check("OBJECT", "ENCODING", key)
		p.Check("DEBUG", "DIGEST-VALUE", key)
		// Redis keeps the quicklist nodes it loaded (see appendList), and a
		// hashtable's DUMP follows its hash order.
		if _, mine := p.Do("OBJECT", "ENCODING", key); !strings.Contains(string(mine), "hashtable") {
			p.Check("DUMP", key)
		}
	}
	p.Check("DEBUG", "DIGEST")
}

// bigZiplist is more elements than one quicklist node takes.
func bigZiplist() []string {
	var out []string
	for i := range 1500 {
		out = append(out, "element-"+strconv.Itoa(i))
	}
	return out
}

// buildZiplist encodes entries as a ziplist, strings or integers as Redis
// would store them.
func buildZiplist(entries ...string) []byte {
	var body []byte
	prevlen := 0
	last := 10
	for _, s := range entries {
		var e []byte
		if prevlen < 254 {
			e = append(e, byte(prevlen))
		} else {
			e = append(e, 0xfe, byte(prevlen), byte(prevlen>>8), byte(prevlen>>16), byte(prevlen>>24))
		}
		if v, ok := rdb.ParseInt64([]byte(s)); ok && v >= -32768 && v <= 32767 {
			if v >= 0 && v <= 12 {
				e = append(e, 0xf1+byte(v))
			} else {
				e = append(e, 0xc0, byte(v), byte(v>>8))
			}
		} else if ok && v >= -1<<31 && v < 1<<31 {
			e = append(e, 0xd0, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
		} else {
			e = append(e, byte(len(s)))
			e = append(e, s...)
		}
		last = 10 + len(body)
		body = append(body, e...)
		prevlen = len(e)
	}
	zl := make([]byte, 10, 11+len(body))
	total := 11 + len(body)
	zl[0], zl[1], zl[2], zl[3] = byte(total), byte(total>>8), byte(total>>16), byte(total>>24)
	zl[4], zl[5], zl[6], zl[7] = byte(last), byte(last>>8), byte(last>>16), byte(last>>24)
	zl[8], zl[9] = byte(len(entries)), byte(len(entries)>>8)
	zl = append(zl, body...)
	return append(zl, 0xff)
}

// TestRestoreStreamListpacks1 loads a stream in the RDB type Redis 5 to
// 6.2 wrote (15), which lacks the counters type 19 added, on both sides.
func TestRestoreStreamListpacks1(t *testing.T) {
	p, e := newPair(t)
	for _, cmd := range append(xadds(12), []string{"XDEL", "k", "5-0"},
		[]string{"XGROUP", "CREATE", "k", "g", "3-0"}, []string{"XGROUP", "CREATE", "k", "h", "12-0"}) {
		p.Check(cmd...)
	}
	var s *streamValue
	e.Do(func() { s = e.dbs[0].keys.Ref("k").v.(*streamValue) })
	var b []byte
	b = append(b, byte(rdb.TypeStreamListpacks))
	b = rdb.AppendLength(b, uint64(s.nodes.Len()))
	it := s.nodes.iter()
	for it.First(); it.Valid(); it.Next() {
		b = rdb.AppendString(b, it.Key(), false)
		b = rdb.AppendString(b, it.Value().lp, true)
	}
	b = rdb.AppendLength(b, s.length)
	b = appendStreamID(b, s.lastID)
	b = rdb.AppendLength(b, uint64(s.groupCount()))
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		b = rdb.AppendString(b, gi.Key(), false)
		b = appendStreamID(b, gi.Value().lastID)
		b = append(b, 0, 0) // empty PEL, no consumers
	}
	payload := string(rdb.AppendDumpFooter(b))
	p.Check("RESTORE", "old", "0", payload)
	p.Check("XINFO", "STREAM", "old", "FULL")
	p.Check("DEBUG", "DIGEST-VALUE", "old")
	p.Check("DUMP", "old")
}
