package engine

import (
	"fmt"
	mrand "math/rand"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

func TestHashFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("RPUSH", "list", "x")
		p.Check("HSET", "h")
		p.Check("HSET", "h", "a")
		p.Check("HSET", "h", "a", "1", "b")
		p.Check("HSET", "h", "a", "1", "b", "2", "c", "3")
		p.Check("HSET", "h", "a", "10", "d", "4")
		p.Check("HMSET", "h", "e")
		p.Check("MULTI")
		p.Check("HSET", "h", "a", "1", "b")
		p.Check("HMSET", "h", "a", "1", "b")
		p.Check("LPOP", "h", "1", "2")
		p.Check("EXEC")
		p.Check("HMSET", "h", "e", "5", "a", "100")
		p.Check("HSET", "list", "a", "1")
		p.Check("HMSET", "list", "a", "1")
		p.Check("HGETALL", "h")
		checkEncodings(t, p, e, "h")
		p.Check("HSETNX", "h", "a", "x")
		p.Check("HSETNX", "h", "f", "6")
		p.Check("HSETNX", "new", "f", "6")
		p.Check("HSETNX", "list", "f", "6")
		p.Check("HSETNX", "h", "f")
		for _, f := range []string{"a", "f", "zz", ""} {
			p.Check("HGET", "h", f)
			p.Check("HSTRLEN", "h", f)
			p.Check("HEXISTS", "h", f)
		}
		p.Check("HGET", "nokey", "a")
		p.Check("HGET", "list", "a")
		p.Check("HSTRLEN", "nokey", "a")
		p.Check("HSTRLEN", "list", "a")
		p.Check("HEXISTS", "nokey", "a")
		p.Check("HEXISTS", "list", "a")
		p.Check("HMGET", "h", "a", "zz", "b", "a")
		p.Check("HMGET", "nokey", "a", "b")
		p.Check("HMGET", "list", "a")
		p.Check("HMGET", "h")
		p.Check("HLEN", "h")
		p.Check("HLEN", "nokey")
		p.Check("HLEN", "list")
		for _, c := range []string{"HKEYS", "HVALS", "HGETALL"} {
			p.Check(c, "h")
			p.Check(c, "nokey")
			p.Check(c, "list")
			p.Check(c, "h", "extra")
		}

		// HDEL, down to the key's removal.
		p.Check("HDEL", "h", "a", "zz", "b", "a")
		p.Check("HGETALL", "h")
		p.Check("HDEL", "nokey", "a")
		p.Check("HDEL", "list", "a")
		p.Check("HDEL", "h")
		p.Check("HDEL", "h", "c", "d", "e", "f", "g")
		p.Check("EXISTS", "h")

		// HINCRBY.
		p.Check("HINCRBY", "n", "i", "5")
		p.Check("HINCRBY", "n", "i", "-12")
		p.Check("HINCRBY", "n", "i", "x")
		p.Check("HINCRBY", "n", "i", "1.5")
		p.Check("HINCRBY", "nokey2", "i", "x")
		p.Check("EXISTS", "nokey2")
		p.Check("HSET", "n", "s", "abc", "big", "9223372036854775806", "small", "-9223372036854775807", "sp", " 1", "f", "1.0")
		p.Check("HINCRBY", "n", "s", "1")
		p.Check("HINCRBY", "n", "sp", "1")
		p.Check("HINCRBY", "n", "f", "1")
		p.Check("HINCRBY", "n", "big", "1")
		p.Check("HINCRBY", "n", "big", "1")
		p.Check("HINCRBY", "n", "big", "-9223372036854775808")
		p.Check("HINCRBY", "n", "small", "-1")
		p.Check("HINCRBY", "n", "small", "-1")
		p.Check("HINCRBY", "n", "small", "9223372036854775807")
		p.Check("HINCRBY", "list", "i", "1")
		p.Check("HINCRBY", "n", "i")
		p.Check("HGETALL", "n")

		// HINCRBYFLOAT: long double arithmetic and text.
		p.Check("HINCRBYFLOAT", "fl", "x", "1.5")
		p.Check("HINCRBYFLOAT", "fl", "x", "0.1")
		p.Check("HINCRBYFLOAT", "fl", "x", "-5e3")
		p.Check("HINCRBYFLOAT", "fl", "x", "0x10")
		p.Check("HINCRBYFLOAT", "fl", "x", "3.0e-17")
		p.Check("HINCRBYFLOAT", "fl", "i", "10")
		p.Check("HSET", "fl", "int", "17", "word", "abc", "inf", "inf", "sp", "1 ", "huge", "1e4932")
		p.Check("HINCRBYFLOAT", "fl", "int", "0.25")
		p.Check("HINCRBYFLOAT", "fl", "word", "1")
		p.Check("HINCRBYFLOAT", "fl", "inf", "1")
		p.Check("HINCRBYFLOAT", "fl", "sp", "1")
		p.Check("HINCRBYFLOAT", "fl", "huge", "1e4932")
		p.Check("HINCRBYFLOAT", "fl", "x", "inf")
		p.Check("HINCRBYFLOAT", "fl", "x", "-infinity")
		p.Check("HINCRBYFLOAT", "fl", "x", "nan")
		p.Check("HINCRBYFLOAT", "fl", "x", "abc")
		p.Check("HINCRBYFLOAT", "fl", "x", "")
		p.Check("HINCRBYFLOAT", "nokey3", "x", "abc")
		p.Check("HINCRBYFLOAT", "nokey3", "x", "inf")
		p.Check("EXISTS", "nokey3")
		p.Check("HINCRBYFLOAT", "list", "x", "1")
		p.Check("HINCRBYFLOAT", "fl", "x")
		p.Check("HINCRBYFLOAT", "fl", strings.Repeat("f", 65), "1")
		checkEncodings(t, p, e, "fl")
		p.CheckUnordered("HGETALL", "fl")

		// HRANDFIELD: the deterministic cases exactly, the random ones by shape.
		p.Check("HSET", "r", "a", "1", "b", "2", "c", "3")
		p.Check("HRANDFIELD", "r", "3")
		p.Check("HRANDFIELD", "r", "100")
		p.Check("HRANDFIELD", "r", "3", "WITHVALUES")
		p.Check("HRANDFIELD", "r", "9223372036854775807", "withvalues")
		p.Check("HRANDFIELD", "r", "0")
		p.Check("HRANDFIELD", "r", "0", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "r")
		p.CheckShape("HRANDFIELD", "r", "1")
		p.CheckShape("HRANDFIELD", "r", "1", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "r", "2")
		p.CheckShape("HRANDFIELD", "r", "2", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "r", "-5")
		p.CheckShape("HRANDFIELD", "r", "-5", "WITHVALUES")
		p.Check("HRANDFIELD", "nokey")
		p.Check("HRANDFIELD", "nokey", "3")
		p.Check("HRANDFIELD", "nokey", "-3", "WITHVALUES")
		p.Check("HRANDFIELD", "list")
		p.Check("HRANDFIELD", "list", "1")
		p.Check("HRANDFIELD", "r", "x")
		p.Check("HRANDFIELD", "nokey", "x")
		p.Check("HRANDFIELD", "r", "1", "BAD")
		p.Check("HRANDFIELD", "r", "1", "WITHVALUES", "x")
		p.Check("HRANDFIELD", "r", "-9223372036854775808")
		p.Check("HRANDFIELD", "nokey", "4611686018427387904", "WITHVALUES")
		p.Check("HRANDFIELD", "nokey", "-4611686018427387904", "WITHVALUES")
		p.Check("HRANDFIELD", "nokey", "4611686018427387903", "WITHVALUES")
		p.Check("HRANDFIELD", "nokey", "-4611686018427387903", "WITHVALUES")
	})
}

// TestHashEncodings crosses the listpack limits both ways: by entries, by
// field length and by value length, through every writing command.
func TestHashEncodings(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		long := strings.Repeat("v", 65)
		steps := [][]string{
			{"HSET", "a", "f", strings.Repeat("v", 64)},
			{"HSET", "b", "f", long},
			{"HSET", "c", long, "v"},
			{"HSETNX", "d", "f", long},
			{"HMSET", "e", "f", "1", "g", long},
			{"HSET", "f", "x", "1"},
			{"HINCRBY", "f", long, "1"},
			{"HINCRBYFLOAT", "i", long, "1.5"},
			{"HSET", "g", "x", "1"},
			{"HSETNX", "g", "x", long},
			{"HSET", "h", long, "1", long, "2"},
		}
		for _, s := range steps {
			p.Check(s...)
			checkEncodings(t, p, e, s[1])
			if encodingOf(e, s[1]) == "hashtable" {
				p.CheckUnordered("HGETALL", s[1])
			} else {
				p.Check("HGETALL", s[1])
			}
		}
		fields := numbered("f", 512)
		var pairs []string
		for _, f := range fields {
			pairs = append(pairs, f, "v"+f)
		}
		p.Check(cmd("HSET", "big", pairs)...)
		checkEncodings(t, p, e, "big")
		p.Check("HGETALL", "big")
		p.Check("HSCAN", "big", "0")
		p.Check("HSET", "big", "one-more", "x")
		checkEncodings(t, p, e, "big")
		p.CheckUnordered("HGETALL", "big")
		p.CheckUnordered("HKEYS", "big")
		p.CheckUnordered("HVALS", "big")
		p.Check("HDEL", "big", "f0", "f1", "f2")
		checkEncodings(t, p, e, "big") // never converts back
		p.Check("HLEN", "big")
		p.Check("HGET", "big", "f100")
		p.CheckUnordered("HRANDFIELD", "big", "1000")
		p.CheckUnordered("HRANDFIELD", "big", "510")
		p.CheckShape("HRANDFIELD", "big", "509", "WITHVALUES")
		p.CheckUnordered("HRANDFIELD", "big", "510", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "big", "200", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "big", "-700", "WITHVALUES")
		p.CheckShape("HRANDFIELD", "big", "10")
		p.Check("HSCAN", "nokey", "0", "COUNT", "0")
		checkFullScan(t, p, "HSCAN", "big", true)
	})
}

// checkFullScan iterates a SCAN-family command to the end on both sides
// and compares what each returned as a set: every element present for the
// whole scan must come back (duplicates are allowed, as in Redis).
func checkFullScan(t *testing.T, p *redistest.Pair, command, key string, pairs bool, opts ...string) {
	t.Helper()
	collect := func(conn redistest.Conn) map[string]bool {
		seen := map[string]bool{}
		cursor := "0"
		for i := 0; ; i++ {
			v := sendTo(t, conn, append([]string{command, key, cursor}, opts...)...)
			if len(v.Elems) != 2 {
				t.Fatalf("%s reply: %v", command, v)
			}
			els := v.Elems[1].Elems
			for j := 0; j < len(els); j++ {
				s := string(els[j].Str)
				if pairs {
					j++
					s += "=" + string(els[j].Str)
				}
				seen[s] = true
			}
			cursor = string(v.Elems[0].Str)
			if cursor == "0" {
				return seen
			}
			if i > 100000 {
				t.Fatalf("%s does not end", command)
			}
		}
	}
	real, mine := collect(p.Real), collect(p.Mine)
	if fmt.Sprint(real) != fmt.Sprint(mine) {
		t.Errorf("%s %s %v: redis-server returned %d elements, redwasm %d", command, key, opts, len(real), len(mine))
	}
}

func TestHashScan(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("HSET", "h", "a1", "1", "b2", "2", "a3", "3")
		p.Check("RPUSH", "list", "x")
		for _, opts := range [][]string{
			{}, {"COUNT", "1"}, {"MATCH", "a*"}, {"match", "*"}, {"MATCH", "a*", "COUNT", "100"}, {"MATCH", "[ab]?"},
			{"COUNT", "0"}, {"COUNT", "-1"}, {"COUNT", "x"}, {"COUNT"}, {"MATCH"}, {"TYPE", "string"}, {"BAD", "x"},
		} {
			p.Check(append([]string{"HSCAN", "h", "0"}, opts...)...)
			p.Check(append([]string{"HSCAN", "nokey", "0"}, opts...)...)
		}
		for _, cursor := range []string{"1", "-1", "+1", "", " 1", "1 ", "x", "18446744073709551615", "18446744073709551616", "-", "+", "0x1", "007"} {
			p.Check("HSCAN", "h", cursor)
			p.Check("HSCAN", "nokey", cursor)
		}
		p.Check("HSCAN", "list", "0")
		p.Check("HSCAN", "list", "x")
		p.Check("HSCAN", "h")

		var pairs []string
		for i := 0; i < 1000; i++ {
			pairs = append(pairs, fmt.Sprint("field:", i), fmt.Sprint(i))
		}
		p.Check(cmd("HSET", "big", pairs)...)
		checkEncodings(t, p, e, "big")
		checkFullScan(t, p, "HSCAN", "big", true)
		checkFullScan(t, p, "HSCAN", "big", true, "COUNT", "1")
		checkFullScan(t, p, "HSCAN", "big", true, "COUNT", "1000", "MATCH", "field:1*")
		checkFullScan(t, p, "HSCAN", "big", true, "MATCH", "nothing")
		p.CheckShape("HSCAN", "big", "0", "COUNT", "1000000")
	})
}

// TestHashIncrbyfloatRandom compares HINCRBYFLOAT on numbers of every
// shape, as TestIncrbyfloatRandom does for strings.
func TestHashIncrbyfloatRandom(t *testing.T) {
	p, _ := newPair(t)
	r := mrand.New(mrand.NewSource(2))
	for i := 0; i < 2000; i++ {
		if i%20 == 0 {
			p.Check("HSET", "h", "f", randomFloatText(r))
		}
		p.Check("HINCRBYFLOAT", "h", "f", randomFloatText(r))
	}
}

func TestHashRandomOperations(t *testing.T) {
	p, e := newPair(t)
	setConfig(t, p, e, "hash-max-listpack-entries", "5")
	setConfig(t, p, e, "hash-max-listpack-value", "6")
	rng := rand.New(rand.NewPCG(5, 6))
	keys := []string{"h1", "h2"}
	fields := []string{"a", "b", "c", "d", "e", "f", "g", "longfield", "1", ""}
	values := []string{"1", "-5", "x", "9223372036854775807", "longvalue", ""}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	bothProtocols(t, p, func(int) {
		for i := 0; i < 1500; i++ {
			k := pick(keys)
			ordered := encodingOf(e, k) != "hashtable"
			var args []string
			switch rng.IntN(12) {
			case 0, 1:
				args = []string{"HSET", k, pick(fields), pick(values), pick(fields), pick(values)}
			case 2:
				args = []string{"HSETNX", k, pick(fields), pick(values)}
			case 3:
				args = []string{"HDEL", k, pick(fields), pick(fields)}
			case 4:
				args = []string{"HINCRBY", k, pick(fields), pick([]string{"1", "-1", "100"})}
				if rng.IntN(2) == 0 {
					args = []string{"HINCRBYFLOAT", k, pick(fields), pick([]string{"1.5", "-0.1", "1e3", "x"})}
				}
			case 5:
				args = []string{"HGET", k, pick(fields)}
			case 6:
				args = []string{"HMGET", k, pick(fields), pick(fields)}
			case 7:
				args = []string{pick([]string{"HGETALL", "HKEYS", "HVALS"}), k}
			case 8:
				args = []string{"HLEN", k}
			case 9:
				args = []string{"HSTRLEN", k, pick(fields)}
			case 10:
				args = []string{"HRANDFIELD", k, "100", "WITHVALUES"}
			case 11:
				args = []string{"HSCAN", k, "0", "COUNT", "100"}
			}
			if ordered {
				p.Check(args...)
			} else {
				p.CheckUnordered(args...)
			}
			checkEncodings(t, p, e, k)
		}
	})
}

// FuzzHashValue drives a hash through sets and deletes read from the
// input, with small listpack limits, and checks it against a map, the
// listpack's insertion order and Redis's one-way conversion rule.
func FuzzHashValue(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x10\x11\x20\x21\x04\x05"))
	f.Add([]byte("\x01\xff\x02\xfe\x03\x00\x13\x14\x15"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		e := newTestEngine(t)
		e.cfg.hashMaxListpackEntries, e.cfg.hashMaxListpackValue = 4, 3
		h := newHash()
		model := map[string]string{}
		var order []string // fields in insertion order, while a listpack
		converted := false
		for i := 0; i+1 < len(ops); i += 2 {
			field := strings.Repeat("f", int(ops[i]>>4)%6) + string(rune('a'+ops[i]%4))
			value := strings.Repeat("v", int(ops[i+1]%6))
			if ops[i+1]&0x80 == 0 {
				_, existed := model[field]
				if created := e.hashSet(h, []byte(field), value); created == existed {
					t.Fatalf("set %q: created %v, existed %v", field, created, existed)
				}
				if !existed {
					order = append(order, field)
				}
				model[field] = value
				converted = converted || len(field) > 3 || len(value) > 3 || len(model) > 4
			} else {
				_, existed := model[field]
				if deleted := h.Delete([]byte(field)); deleted != existed {
					t.Fatalf("delete %q: %v, existed %v", field, deleted, existed)
				}
				delete(model, field)
				order = slices.DeleteFunc(order, func(f string) bool { return f == field })
			}
			if want := map[bool]string{false: "listpack", true: "hashtable"}[converted]; h.encoding() != want {
				t.Fatalf("encoding %s, want %s", h.encoding(), want)
			}
			var got []string
			h.Each(func(f, v string) bool {
				if model[f] != v {
					t.Fatalf("field %q is %q, want %q", f, v, model[f])
				}
				got = append(got, f)
				return true
			})
			if len(got) != len(model) || h.Len() != len(model) {
				t.Fatalf("%d fields, want %d", len(got), len(model))
			}
			if !converted && !slices.Equal(got, order) {
				t.Fatalf("listpack order %q, want %q", got, order)
			}
		}
	})
}
