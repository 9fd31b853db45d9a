package engine

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// Differential tests of the sorted set type, its encodings and the
// commands of zset_commands.go. Range commands are in zset_range_test.go,
// set operations in zset_setops_test.go.

// trickyScores are scores whose printing or ordering is easy to get
// wrong: 17 significant digits, huge and tiny exponents, infinities,
// negative zero, integers around 2^52 and 2^62, hex and odd spellings.
var trickyScores = []string{
	"0", "-0", "1", "-1", "0.1", "0.2", "0.30000000000000004", "1.5", "-2.5",
	"3.0000000000000004", "1e15", "1e16", "1e17", "1e21", "1e22", "123456789012345678",
	"4503599627370495", "4503599627370496", "4611686018427387904", "4611686018427387905",
	"5e18", "9.2233720368547758e18", "1e308", "-1e308", "1.7976931348623157e308",
	"5e-324", "1e-300", "2.2250738585072014e-308", "1e-10", "123.456", "-0.0",
	"inf", "-inf", "+inf", "Infinity", "-INF", "0x10", "0x1p-2", "1E5", ".5", "5.",
	"+3", "00012", "1e+2", "7.000000000000001",
}

func TestZaddFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		for _, args := range [][]string{
			{"ZADD", "z", "1", "a"},
			{"ZADD", "z", "2", "b", "3", "c", "1", "a"},
			{"ZADD", "z", "5", "a"},
			{"ZADD", "z", "CH", "5", "a", "6", "b", "7", "d"},
			{"ZADD", "z", "NX", "9", "a", "9", "e"},
			{"ZADD", "z", "XX", "10", "a", "10", "f"},
			{"ZADD", "z", "XX", "CH", "11", "a", "10", "g"},
			{"ZADD", "z", "GT", "CH", "1", "a", "20", "b", "1", "new1"},
			{"ZADD", "z", "LT", "CH", "100", "a", "0", "b", "1", "new2"},
			{"ZADD", "z", "GT", "XX", "CH", "50", "a", "50", "nope"},
			{"ZADD", "z", "nx", "xx", "1", "a"},
			{"ZADD", "z", "GT", "LT", "1", "a"},
			{"ZADD", "z", "GT", "NX", "1", "a"},
			{"ZADD", "z", "LT", "NX", "1", "a"},
			{"ZADD", "z", "NX", "XX", "GT", "1", "a"},
			{"ZADD", "z", "INCR", "1", "a", "2", "b"},
			{"ZADD", "z", "INCR", "1.5", "a"},
			{"ZADD", "z", "INCR", "1", "incrnew"},
			{"ZADD", "z", "INCR", "NX", "1", "a"},
			{"ZADD", "z", "INCR", "NX", "1", "incrnx"},
			{"ZADD", "z", "INCR", "XX", "1", "absent"},
			{"ZADD", "z", "INCR", "XX", "1", "a"},
			{"ZADD", "z", "INCR", "GT", "-1", "a"},
			{"ZADD", "z", "INCR", "GT", "1", "a"},
			{"ZADD", "z", "INCR", "LT", "1", "a"},
			{"ZADD", "z", "INCR", "LT", "-1", "a"},
			{"ZADD", "z", "INCR", "0", "a"},
			{"ZADD", "z", "1"},
			{"ZADD", "z", "1", "a", "2"},
			{"ZADD", "z", "NX"},
			{"ZADD", "z", "NX", "CH"},
			{"ZADD", "z", "abc", "a"},
			{"ZADD", "z", "1", "a", "nan", "b"},
			{"ZADD", "z", "1", "a", "x", "b"},
			{"ZADD", "z", " 1", "a"},
			{"ZADD", "z", "1 ", "a"},
			{"ZADD", "z", "", "a"},
			{"ZADD", "z", "1e400", "a"},
			{"ZADD", "z", "1e-400", "a"},
			{"ZADD", "z", "1_000", "a"},
			{"ZADD", "z", "0x", "a"},
			{"ZADD", "z", "1", ""},
			{"ZADD", "z", "2", "bin\x00ary\r\n"},
			{"ZADD", "str", "1", "a"},
			{"ZADD", "str", "abc", "a"},
			{"ZADD", "str", "XX", "NX", "1", "a"},
			{"ZADD", "absent", "XX", "1", "a"},
			{"ZADD", "absent", "XX", "INCR", "1", "a"},
			{"ZADD", "absent", "GT", "1", "a"},
			{"ZADD", "inf", "inf", "a", "-inf", "b"},
			{"ZADD", "inf", "INCR", "-inf", "a"},
			{"ZADD", "inf", "INCR", "inf", "b"},
			{"ZADD", "inf", "INCR", "inf", "a"},
			{"ZADD", "inf", "INCR", "1e308", "big"},
			{"ZADD", "inf", "INCR", "1e308", "big"},
			{"ZRANGE", "z", "0", "-1", "WITHSCORES"},
			{"ZRANGE", "inf", "0", "-1", "WITHSCORES"},
			{"ZINCRBY", "zi", "1", "a"},
			{"ZINCRBY", "zi", "2.5", "a"},
			{"ZINCRBY", "zi", "-0.1", "a"},
			{"ZINCRBY", "zi", "nx", "a"},
			{"ZINCRBY", "zi", "incr", "a"},
			{"ZINCRBY", "zi", "gt", "a"},
			{"ZINCRBY", "zi", "abc", "a"},
			{"ZINCRBY", "zi", "inf", "a"},
			{"ZINCRBY", "zi", "-inf", "a"},
			{"ZINCRBY", "zi", "1", "nx"},
			{"ZINCRBY", "str", "1", "a"},
			{"ZINCRBY", "zi", "1"},
			{"ZINCRBY", "zi", "1", "a", "b"},
			{"ZSCORE", "zi", "a"},
			{"ZSCORE", "zi", "nx"},
		} {
			p.Check(args...)
		}
		// Every tricky score, in a listpack and in a skiplist.
		for i, s := range trickyScores {
			p.Check("ZADD", "tricky", s, "m"+strconv.Itoa(i))
			p.Check("ZADD", "trickyincr", "INCR", s, "m"+strconv.Itoa(i))
			p.Check("ZSCORE", "tricky", "m"+strconv.Itoa(i))
		}
		p.Check("ZRANGE", "tricky", "0", "-1", "WITHSCORES")
		p.Check("ZUNIONSTORE", "trickybig", "1", "tricky")
		for i := 0; i < 130; i++ {
			p.Both("ZADD", "trickybig", "1000", "filler"+strconv.Itoa(i))
		}
		p.Check("OBJECT", "ENCODING", "trickybig")
		for i, s := range trickyScores {
			p.Check("ZADD", "trickybig", s, "m"+strconv.Itoa(i))
			p.Check("ZSCORE", "trickybig", "m"+strconv.Itoa(i))
			p.Check("ZINCRBY", "trickybig", s, "m"+strconv.Itoa(i))
		}
		p.Check("ZRANGE", "trickybig", "0", "-1", "WITHSCORES")
		p.Check("ZADD", "negzero", "-0", "a")
		p.Check("ZSCORE", "negzero", "a")
		p.Check("ZADD", "negzero", "INCR", "-0", "b")
		p.Check("ZSCORE", "negzero", "b")
	})
}

func TestZsetReadFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "small", "1", "a", "2", "b", "2", "c", "-0", "z", "-1.5", "neg")
		for i := 0; i < 200; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i%50), "m"+strconv.Itoa(i))
		}
		p.Both("ZADD", "big", "-0", "negzero")
		for _, key := range []string{"small", "big", "absent", "str"} {
			for _, args := range [][]string{
				{"ZCARD", key},
				{"ZSCORE", key, "a"},
				{"ZSCORE", key, "m7"},
				{"ZSCORE", key, "z"},
				{"ZSCORE", key, "negzero"},
				{"ZSCORE", key, "nosuch"},
				{"ZMSCORE", key, "a", "nosuch", "m1", "z", "negzero"},
				{"ZMSCORE", key, "nosuch"},
				{"ZRANK", key, "a"},
				{"ZRANK", key, "c"},
				{"ZRANK", key, "m0"},
				{"ZRANK", key, "m199"},
				{"ZRANK", key, "nosuch"},
				{"ZREVRANK", key, "a"},
				{"ZREVRANK", key, "m0"},
				{"ZREVRANK", key, "m199"},
				{"ZREVRANK", key, "nosuch"},
			} {
				p.Check(args...)
			}
		}
		for _, args := range [][]string{
			{"ZCARD"}, {"ZCARD", "a", "b"}, {"ZSCORE", "a"}, {"ZMSCORE", "a"},
			{"ZRANK", "a"}, {"ZRANK", "a", "b", "c"}, {"ZREVRANK", "a"},
		} {
			p.Check(args...)
		}
	})
}

func TestZremFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "z", "1", "a", "2", "b", "3", "c")
		for i := 0; i < 200; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
		}
		for _, args := range [][]string{
			{"ZREM", "z", "nosuch"},
			{"ZREM", "z", "a", "a", "nosuch"},
			{"ZREM", "absent", "a"},
			{"ZREM", "str", "a"},
			{"ZREM", "z"},
			{"ZREM", "big", "m1", "m2", "m2", "m300"},
			{"ZCARD", "big"},
			{"ZREM", "z", "b", "c", "d"},
			{"EXISTS", "z"},
			{"ZRANGE", "big", "0", "5"},
		} {
			p.Check(args...)
		}
		p.Check("OBJECT", "ENCODING", "big")
	})
}

func TestZpopFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "-0", "zero")
		for i := 0; i < 150; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
		}
		p.Both("ZADD", "big", "-0", "zero")
		for _, args := range [][]string{
			{"ZPOPMIN", "z"},
			{"ZPOPMAX", "z"},
			{"ZPOPMIN", "z", "0"},
			{"ZPOPMIN", "z", "1"},
			{"ZPOPMAX", "z", "1"},
			{"ZPOPMIN", "z", "-1"},
			{"ZPOPMIN", "z", "abc"},
			{"ZPOPMIN", "z", "1", "2"},
			{"ZPOPMIN", "absent"},
			{"ZPOPMIN", "absent", "3"},
			{"ZPOPMIN", "absent", "0"},
			{"ZPOPMIN", "absent", "-1"},
			{"ZPOPMIN", "str"},
			{"ZPOPMIN", "str", "0"},
			{"ZPOPMIN", "str", "-1"},
			{"ZPOPMAX", "z", "100"},
			{"EXISTS", "z"},
			{"ZPOPMIN", "big"},
			{"ZPOPMIN", "big", "3"},
			{"ZPOPMAX", "big", "3"},
			{"ZPOPMAX", "big"},
			{"ZPOPMIN", "big", "200"},
			{"EXISTS", "big"},
			{"ZPOPMIN"},
		} {
			p.Check(args...)
		}
	})
}

func TestZmpopFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "z1", "1", "a", "2", "b", "3", "c")
		p.Both("ZADD", "z2", "10", "x", "20", "y")
		for _, args := range [][]string{
			{"ZMPOP", "1", "z1", "MIN"},
			{"ZMPOP", "1", "z1", "max"},
			{"ZMPOP", "2", "absent", "z2", "MIN", "COUNT", "5"},
			{"ZMPOP", "2", "absent", "z2", "MIN"},
			{"ZMPOP", "3", "absent", "z1", "str", "MAX", "COUNT", "1"},
			{"ZMPOP", "2", "str", "z1", "MIN"},
			{"ZMPOP", "1", "absent", "MIN"},
			{"ZMPOP", "0", "z1", "MIN"},
			{"ZMPOP", "-1", "z1", "MIN"},
			{"ZMPOP", "abc", "z1", "MIN"},
			{"ZMPOP", "9223372036854775807", "z1", "MIN"},
			{"ZMPOP", "2", "z1", "MIN"},
			{"ZMPOP", "1", "z1", "MID"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT", "0"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT", "-1"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT", "x"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT", "1", "COUNT", "1"},
			{"ZMPOP", "1", "z1", "MIN", "LIMIT", "1"},
			{"ZMPOP", "1", "z1", "MIN", "COUNT", "100"},
			{"EXISTS", "z1"},
			{"ZMPOP", "1"},
			{"ZMPOP", "1", "z1"},
		} {
			p.Check(args...)
		}
	})
}

func TestZrandmemberFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "z", "1", "a", "2", "b", "3", "c", "-0", "d", "0.1", "e")
		for i := 0; i < 200; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
		}
		for _, key := range []string{"z", "big"} {
			// Whole-set answers are deterministic.
			p.Check("ZRANDMEMBER", key, "1000")
			p.Check("ZRANDMEMBER", key, "1000", "WITHSCORES")
			p.Check("ZRANDMEMBER", key, "0")
			p.Check("ZRANDMEMBER", key, "0", "WITHSCORES")
			for _, count := range []string{"1", "2", "4", "5", "60", "70", "199", "200", "-1", "-3", "-500"} {
				p.CheckShape("ZRANDMEMBER", key, count)
				p.CheckShape("ZRANDMEMBER", key, count, "WITHSCORES")
			}
			p.CheckShape("ZRANDMEMBER", key)
		}
		for _, args := range [][]string{
			{"ZRANDMEMBER", "absent"},
			{"ZRANDMEMBER", "absent", "5"},
			{"ZRANDMEMBER", "absent", "-5", "WITHSCORES"},
			{"ZRANDMEMBER", "absent", "5", "NOPE"},
			{"ZRANDMEMBER", "str"},
			{"ZRANDMEMBER", "str", "5"},
			{"ZRANDMEMBER", "z", "abc"},
			{"ZRANDMEMBER", "z", "1", "WITHSCORES", "x"},
			{"ZRANDMEMBER", "z", "1", "WITHSCOREZ"},
			{"ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"},
			{"ZRANDMEMBER", "z", "-4611686018427387905", "WITHSCORES"},
			{"ZRANDMEMBER", "z", "4611686018427387903", "WITHSCORES"},
			{"ZRANDMEMBER", "z", "9223372036854775807"},
			{"ZRANDMEMBER", "str", "abc"},
			{"ZRANDMEMBER"},
		} {
			p.Check(args...)
		}
	})
}

func TestZscanFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		for i, s := range trickyScores {
			p.Both("ZADD", "small", s, "m"+strconv.Itoa(i))
		}
		for _, args := range [][]string{
			{"ZSCAN", "small", "0"},
			{"ZSCAN", "small", "0", "COUNT", "1"},
			{"ZSCAN", "small", "123"},
			{"ZSCAN", "small", "0", "MATCH", "m1*"},
			{"ZSCAN", "small", "0", "MATCH", "*"},
			{"ZSCAN", "small", "0", "MATCH", "nothing"},
			{"ZSCAN", "small", "0", "COUNT", "0"},
			{"ZSCAN", "small", "0", "COUNT", "-1"},
			{"ZSCAN", "small", "0", "COUNT", "x"},
			{"ZSCAN", "small", "0", "COUNT"},
			{"ZSCAN", "small", "0", "TYPE", "zset"},
			{"ZSCAN", "small", "0", "NOPE", "x"},
			{"ZSCAN", "small", "x"},
			{"ZSCAN", "small", " 0"},
			{"ZSCAN", "small", "0 "},
			{"ZSCAN", "small", ""},
			{"ZSCAN", "small", "-1"},
			{"ZSCAN", "small", "+0"},
			{"ZSCAN", "small", "18446744073709551616"},
			{"ZSCAN", "absent", "0"},
			{"ZSCAN", "absent", "0", "NOPE"},
			{"ZSCAN", "absent", "x"},
			{"ZSCAN", "str", "0"},
			{"ZSCAN", "str", "0", "NOPE"},
			{"ZSCAN", "small"},
		} {
			p.Check(args...)
		}
		// A skiplist set is scanned in hash order: compare whole
		// iterations, which must return every member exactly once here
		// (the set does not change during them).
		for i, s := range trickyScores {
			p.Both("ZADD", "big", s, "m"+strconv.Itoa(i))
		}
		for i := 0; i < 300; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i), "n"+strconv.Itoa(i))
		}
		for _, opts := range [][]string{nil, {"COUNT", "7"}, {"MATCH", "n1*"}, {"MATCH", "m*", "COUNT", "1000"}} {
			compareScans(t, p, "big", opts)
		}
	})
}

// compareScans iterates ZSCAN over key on both sides to the end and
// compares the member/score pairs seen, which must each be seen once.
func compareScans(t *testing.T, p *redistest.Pair, key string, opts []string) {
	t.Helper()
	collect := func(send func(args ...string) []byte) map[string]string {
		seen := map[string]string{}
		cursor := "0"
		for {
			raw := send(append([]string{"ZSCAN", key, cursor}, opts...)...)
			v, _, err := resp.ParseReply(raw)
			if err != nil || len(v.Elems) != 2 {
				t.Fatalf("ZSCAN reply %q", raw)
			}
			items := v.Elems[1].Elems
			for i := 0; i+1 < len(items); i += 2 {
				m := string(items[i].Str)
				if _, dup := seen[m]; dup {
					t.Fatalf("ZSCAN returned %q twice", m)
				}
				seen[m] = string(items[i+1].Str)
			}
			cursor = string(v.Elems[0].Str)
			if cursor == "0" {
				return seen
			}
		}
	}
	real := collect(func(args ...string) []byte { return realDo(t, p, args...) })
	mine := collect(func(args ...string) []byte { _, m := p.Do(args...); return m })
	if fmt.Sprint(real) != fmt.Sprint(mine) {
		t.Errorf("ZSCAN %s %v: redis-server saw %v\nredwasm saw %v", key, opts, real, mine)
	}
}

func TestZsetEncodingFidelity(t *testing.T) {
	p, e := newPair(t)
	long64 := strings.Repeat("x", 64)
	long65 := strings.Repeat("y", 65)
	p.Both("ZADD", "z", "1", long64)
	p.Check("OBJECT", "ENCODING", "z")
	p.Both("ZADD", "z", "2", long65)
	p.Check("OBJECT", "ENCODING", "z")
	p.Both("ZADD", "first", "1", long65)
	p.Check("OBJECT", "ENCODING", "first")
	for i := 0; i < 128; i++ {
		p.Both("ZADD", "n", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	p.Check("OBJECT", "ENCODING", "n")
	p.Both("ZADD", "n", "1000", "one-more")
	p.Check("OBJECT", "ENCODING", "n")
	// No way back, even when small again.
	p.Both("ZREMRANGEBYRANK", "n", "0", "-3")
	p.Check("OBJECT", "ENCODING", "n")
	p.Check("ZRANGE", "n", "0", "-1", "WITHSCORES")
	// Results built whole take the encoding that fits.
	p.Check("ZUNIONSTORE", "u", "1", "n")
	p.Check("OBJECT", "ENCODING", "u")
	p.Check("ZRANGESTORE", "rs", "n", "0", "-1")
	p.Check("OBJECT", "ENCODING", "rs")
	p.Check("ZADD", "multi", "1", "a", "2", long65, "3", "c")
	p.Check("OBJECT", "ENCODING", "multi")

	// The parameters and their aliases, their values and errors.
	for _, args := range [][]string{
		{"CONFIG", "GET", "zset-max-listpack-entries"},
		{"CONFIG", "GET", "zset-max-ziplist-entries"},
		{"CONFIG", "GET", "zset-max-listpack-value"},
		{"CONFIG", "GET", "zset-max-ziplist-value"},
		{"CONFIG", "SET", "zset-max-listpack-entries", "-1"},
		{"CONFIG", "SET", "zset-max-listpack-entries", "abc"},
		{"CONFIG", "SET", "zset-max-listpack-entries", "1kb"},
		{"CONFIG", "SET", "zset-max-listpack-value", "-1"},
		{"CONFIG", "SET", "zset-max-listpack-value", "abc"},
		{"CONFIG", "SET", "zset-max-ziplist-value", "1kb"},
		{"CONFIG", "GET", "zset-max-listpack-value"},
		{"CONFIG", "SET", "zset-max-ziplist-value", "64"},
		{"CONFIG", "GET", "zset-max-ziplist-value"},
	} {
		p.Check(args...)
	}
	p.CheckUnordered("CONFIG", "GET", "zset-max-*")

	// The limits follow CONFIG, under both names.
	setConfig(t, p, e, "zset-max-listpack-entries", "3")
	setConfig(t, p, e, "zset-max-ziplist-value", "5")
	p.Both("ZADD", "c", "1", "a", "2", "b", "3", "c")
	p.Check("OBJECT", "ENCODING", "c")
	p.Both("ZADD", "c", "4", "d")
	p.Check("OBJECT", "ENCODING", "c")
	p.Both("ZADD", "v", "1", "12345")
	p.Check("OBJECT", "ENCODING", "v")
	p.Both("ZADD", "v", "1", "123456")
	p.Check("OBJECT", "ENCODING", "v")
	p.Check("ZUNIONSTORE", "u2", "1", "c")
	p.Check("OBJECT", "ENCODING", "u2")
	p.Check("ZRANGESTORE", "rs2", "c", "0", "2")
	p.Check("OBJECT", "ENCODING", "rs2")
	p.Check("ZRANGESTORE", "rs3", "c", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "2")
	p.Check("OBJECT", "ENCODING", "rs3")
	setConfig(t, p, e, "zset-max-ziplist-entries", "0")
	p.Both("ZADD", "zero", "1", "a")
	p.Check("OBJECT", "ENCODING", "zero")
	p.Check("ZRANGESTORE", "rs4", "c", "0", "0")
	p.Check("OBJECT", "ENCODING", "rs4")
	p.Check("ZRANGESTORE", "rs5", "c", "-inf", "+inf", "BYSCORE")
	p.Check("OBJECT", "ENCODING", "rs5")
	p.Check("ZINTERSTORE", "i", "1", "c")
	p.Check("OBJECT", "ENCODING", "i")
}

// TestZsetMemoryUsage compares MEMORY USAGE with redis-server's: exactly
// for listpacks, whose bytes are determined; within 10% for the skiplist
// encoding, where Redis's estimate samples nodes of random levels and
// counts both tables of a dict caught rehashing.
func TestZsetMemoryUsage(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		members := []string{"a", "0", "127", "128", "-1", "4096", "32768", "8388608", "2147483648",
			"9223372036854775807", "01", strings.Repeat("m", 30), strings.Repeat("n", 60)}
		for i, s := range trickyScores {
			p.Check("ZADD", "lp", s, members[i%len(members)]+strconv.Itoa(i))
			p.Check("MEMORY", "USAGE", "lp")
		}
		for _, m := range members {
			p.Check("ZADD", "lp2", "1", m)
			p.Check("MEMORY", "USAGE", "lp2")
		}
		for _, n := range []int{129, 1000, 5000} {
			key := "sl" + strconv.Itoa(n)
			for i := 0; i < n; i += 500 {
				args := []string{"ZADD", key}
				for j := i; j < min(i+500, n); j++ {
					args = append(args, strconv.Itoa(j)+".5", "member:"+strconv.Itoa(j))
				}
				p.Both(args...)
			}
			for _, samples := range []string{"0", "1000000"} {
				real, mine := p.Do("MEMORY", "USAGE", key, "SAMPLES", samples)
				r, _, _ := resp.ParseReply(real)
				m, _, _ := resp.ParseReply(mine)
				if diff := float64(m.Int-r.Int) / float64(r.Int); diff > 0.1 || diff < -0.1 {
					t.Errorf("MEMORY USAGE %s SAMPLES %s: redis-server %d, redwasm %d", key, samples, r.Int, m.Int)
				}
			}
			p.CheckShape("MEMORY", "USAGE", key)
		}
	})
}

// TestZsetGenericCommands checks the keyspace commands on sorted sets of
// both encodings: TYPE, COPY (a deep copy), RENAME, EXPIRE, DEL.
func TestZsetGenericCommands(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("ZADD", "small", "1", "a", "2", "b")
		big := []string{"ZADD", "big"}
		for i := 0; i < 200; i++ {
			big = append(big, strconv.Itoa(i), "m"+strconv.Itoa(i))
		}
		p.Check(big...)
		for _, key := range []string{"small", "big"} {
			for _, args := range [][]string{
				{"TYPE", key},
				{"OBJECT", "ENCODING", key},
				{"COPY", key, key + "-copy"},
				{"ZADD", key + "-copy", "100", "a", "7", "new"},
				{"ZRANGE", key, "0", "4", "WITHSCORES"},
				{"ZRANGE", key + "-copy", "0", "4", "WITHSCORES"},
				{"OBJECT", "ENCODING", key + "-copy"},
				{"RENAME", key + "-copy", key + "-renamed"},
				{"ZCARD", key + "-renamed"},
				{"EXPIRE", key + "-renamed", "100"},
				{"ZADD", key + "-renamed", "1", "x"},
				{"TTL", key + "-renamed"},
				{"ZUNIONSTORE", key + "-renamed", "1", key},
				{"TTL", key + "-renamed"},
				{"DEL", key + "-renamed"},
			} {
				p.Check(args...)
			}
		}
	})
}
