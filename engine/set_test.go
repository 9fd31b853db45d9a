package engine

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

func TestSetFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("RPUSH", "list", "x")
		p.Check("SADD", "s")
		p.Check("SADD", "s", "3", "1", "2", "1", "-5", "9223372036854775807", "-9223372036854775808")
		checkEncodings(t, p, e, "s")
		p.Check("SMEMBERS", "s")
		p.Check("SADD", "list", "1")
		p.Check("SCARD", "s")
		p.Check("SCARD", "nokey")
		p.Check("SCARD", "list")
		for _, m := range []string{"1", "01", "+1", "-5", "1.0", "x", "", "9223372036854775808", "-0", "0"} {
			p.Check("SISMEMBER", "s", m)
		}
		p.Check("SISMEMBER", "nokey", "1")
		p.Check("SISMEMBER", "list", "1")
		p.Check("SMISMEMBER", "s", "1", "x", "2", "1")
		p.Check("SMISMEMBER", "nokey", "1", "2")
		p.Check("SMISMEMBER", "list", "1")
		p.Check("SMISMEMBER", "s")
		p.Check("SMEMBERS", "nokey")
		p.Check("SMEMBERS", "list")

		// Members that are not integers make a hashtable.
		p.Check("SADD", "s", "01")
		checkEncodings(t, p, e, "s")
		p.CheckUnordered("SMEMBERS", "s")
		p.Check("SISMEMBER", "s", "01")
		p.Check("SISMEMBER", "s", "1")
		p.Check("SADD", "w", "word", "1")
		checkEncodings(t, p, e, "w")

		// SREM down to the key's removal.
		p.Check("SREM", "s", "1", "x", "2", "1")
		p.Check("SREM", "s", "01", "+3")
		p.Check("SREM", "nokey", "1")
		p.Check("SREM", "list", "1")
		p.Check("SREM", "s")
		p.Check("SADD", "i", "1", "2")
		p.Check("SREM", "i", "x", "1", "2", "3")
		p.Check("EXISTS", "i")

		// SMOVE.
		p.Check("SADD", "a", "1", "2", "3")
		p.Check("SADD", "b", "3", "4")
		p.Check("SMOVE", "a", "b", "1")
		p.Check("SMOVE", "a", "b", "3")
		p.Check("SMOVE", "a", "b", "nothing")
		p.Check("SMOVE", "a", "a", "2")
		p.Check("SMOVE", "a", "a", "9")
		p.Check("SMOVE", "a", "c", "2")
		p.Check("EXISTS", "a")
		p.Check("SMEMBERS", "c")
		p.Check("SMOVE", "nokey", "b", "1")
		p.Check("SMOVE", "nokey", "list", "1")
		p.Check("SMOVE", "b", "list", "1")
		p.Check("SMOVE", "b", "list", "nothing")
		p.Check("SMOVE", "list", "b", "1")
		p.Check("SMOVE", "b", "word", "x")
		p.Check("SMOVE", "w", "new", "word")
		checkEncodings(t, p, e, "new")
		p.Check("SMOVE", "b", "new", "4")
		checkEncodings(t, p, e, "new")
		p.Check("SMOVE", "b", "new2", "1")
		checkEncodings(t, p, e, "new2")
		p.Check("SMOVE", "a", "b")

		// SRANDMEMBER.
		p.Check("SADD", "r", "5", "3", "1")
		p.Check("SRANDMEMBER", "r", "3")
		p.Check("SRANDMEMBER", "r", "9223372036854775807")
		p.Check("SRANDMEMBER", "r", "0")
		p.CheckShape("SRANDMEMBER", "r")
		p.CheckShape("SRANDMEMBER", "r", "1")
		p.CheckShape("SRANDMEMBER", "r", "2")
		p.CheckShape("SRANDMEMBER", "r", "-7")
		p.Check("SRANDMEMBER", "nokey")
		p.Check("SRANDMEMBER", "nokey", "5")
		p.Check("SRANDMEMBER", "nokey", "-5")
		p.Check("SRANDMEMBER", "list")
		p.Check("SRANDMEMBER", "list", "1")
		p.Check("SRANDMEMBER", "r", "x")
		p.Check("SRANDMEMBER", "nokey", "x")
		p.Check("SRANDMEMBER", "r", "1", "2")
		p.Check("SRANDMEMBER", "r", "-9223372036854775808")

		// SPOP.
		p.Check("SPOP", "nokey")
		p.Check("SPOP", "nokey", "3")
		p.Check("SPOP", "nokey", "0")
		p.Check("SPOP", "list")
		p.Check("SPOP", "list", "1")
		p.Check("SPOP", "r", "-1")
		p.Check("SPOP", "r", "x")
		p.Check("SPOP", "nokey", "x")
		p.Check("SPOP", "r", "1", "2")
		p.Check("SPOP", "r", "0")
		p.Check("SADD", "one", "x")
		p.Check("SPOP", "one")
		p.Check("EXISTS", "one")
		p.Check("SPOP", "r", "3")
		p.Check("EXISTS", "r")
		p.Check("SADD", "r", "5", "3", "1", "x")
		p.CheckUnordered("SPOP", "r", "10")
		for _, n := range []string{"1", "2", "9", "10"} {
			p.Check("DEL", "pop")
			p.Check(cmd("SADD", "pop", numbered("", 10))...)
			p.CheckShape("SPOP", "pop", n)
			p.Check("SCARD", "pop")
			checkEncodings(t, p, e, "pop")
		}
		p.CheckShape("SPOP", "pop")
	})
}

func TestSetAlgebra(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("RPUSH", "list", "x")
		p.Check("SADD", "i1", "1", "2", "3", "4", "5")
		p.Check("SADD", "i2", "4", "5", "6", "2")
		p.Check("SADD", "i3", "5", "2", "100")
		p.Check("SADD", "h1", "a", "b", "c", "1", "2")
		p.Check("SADD", "h2", "b", "c", "d", "2")

		// Sorted intset results compare exactly.
		for _, keys := range [][]string{
			{"i1"}, {"i1", "i2"}, {"i2", "i1"}, {"i1", "i2", "i3"}, {"i1", "nokey"}, {"nokey", "i1"}, {"i1", "i1"},
			{"nokey"},
		} {
			p.Check(cmd("SINTER", keys)...)
			p.Check(cmd("SUNION", keys)...)
			p.Check(cmd("SDIFF", keys)...)
			p.Check(cmd("SINTERCARD", len(keys), keys)...)
			for _, c := range []string{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"} {
				p.Check(cmd(c, "dst", keys)...)
				checkEncodings(t, p, e, "dst")
				p.CheckUnordered("SMEMBERS", "dst")
			}
		}
		// Hashtable results compare as sets.
		for _, keys := range [][]string{{"i1", "h1"}, {"h1", "i1"}, {"h1", "h2"}, {"h2", "h1", "nokey"}, {"h1", "i2", "h2"}, {"h1"}} {
			p.CheckUnordered(cmd("SINTER", keys)...)
			p.CheckUnordered(cmd("SUNION", keys)...)
			p.CheckUnordered(cmd("SDIFF", keys)...)
			p.Check(cmd("SINTERCARD", len(keys), keys)...)
			for _, c := range []string{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"} {
				p.Check(cmd(c, "dst", keys)...)
				checkEncodings(t, p, e, "dst")
				p.CheckUnordered("SMEMBERS", "dst")
			}
		}
		// The destination may be a source, of any type, or vanish.
		p.Check("SINTERSTORE", "i3", "i3", "i1")
		p.Check("SMEMBERS", "i3")
		p.Check("SUNIONSTORE", "list2", "i1")
		p.Check("RPUSH", "l2", "x")
		p.Check("SDIFFSTORE", "l2", "i1", "i1")
		p.Check("EXISTS", "l2")
		p.Check("SINTERSTORE", "dst", "nokey", "list")
		p.Check("SINTERSTORE", "dst", "list", "i1")
		p.Check("SUNIONSTORE", "dst", "i1", "list")
		p.Check("SDIFFSTORE", "dst", "nokey", "list")
		p.Check("SINTER", "nokey", "list")
		p.Check("SINTER", "i1", "list")
		p.Check("SUNION", "nokey", "list")
		p.Check("SDIFF", "nokey", "list")
		p.Check("SDIFF", "list")
		p.Check("SINTERCARD", "2", "nokey", "list")
		p.Check("SINTERSTORE", "dst")
		p.Check("SINTER")

		// SINTERCARD's own arguments.
		for _, args := range [][]string{
			{"2", "i1", "i2", "LIMIT", "0"}, {"2", "i1", "i2", "LIMIT", "1"}, {"2", "i1", "i2", "limit", "100"},
			{"1", "i1", "LIMIT", "3"}, {"0", "i1"}, {"-1", "i1"}, {"x", "i1"}, {"3", "i1", "i2"},
			{"1", "i1", "LIMIT"}, {"1", "i1", "LIMIT", "-1"}, {"1", "i1", "LIMIT", "x"}, {"1", "i1", "BAD"},
			{"1", "i1", "LIMIT", "1", "LIMIT", "2"}, {"9223372036854775807", "i1"}, {"1", "list"}, {"1", "nokey", "LIMIT", "x"},
		} {
			p.Check(cmd("SINTERCARD", args)...)
		}

		// Past set-max-intset-entries results become hashtables.
		p.Check(cmd("SADD", "big1", numbered("", 400))...)
		p.Check(cmd("SADD", "big2", numbered("1", 400))...)
		p.Check("SUNIONSTORE", "dst", "big1", "big2")
		checkEncodings(t, p, e, "dst")
		p.Check("SINTERSTORE", "dst", "big1", "big2")
		checkEncodings(t, p, e, "dst")
		p.Check("SMEMBERS", "dst")
		p.CheckUnordered("SUNION", "big1", "big2")
		p.Check("SINTER", "big1", "big2")
		p.Check("SDIFF", "big1", "big2")
		p.Check("SINTERCARD", "2", "big1", "big2", "LIMIT", "7")
	})
}

func TestSetEncodings(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check(cmd("SADD", "s", numbered("", 512))...)
		checkEncodings(t, p, e, "s")
		p.Check("SMEMBERS", "s")
		p.Check("SSCAN", "s", "0")
		p.Check("SADD", "s", "512")
		checkEncodings(t, p, e, "s")
		p.CheckUnordered("SMEMBERS", "s")
		p.Check("SREM", "s", "0", "1", "2")
		checkEncodings(t, p, e, "s") // never converts back
		checkFullScan(t, p, "SSCAN", "s", false)
		checkFullScan(t, p, "SSCAN", "s", false, "MATCH", "*1*", "COUNT", "3")
		p.Check("SADD", "t", "-1", "0", "9223372036854775807", "-9223372036854775808")
		p.Check("SMEMBERS", "t")
		p.Check("SADD", "t", "18446744073709551616")
		checkEncodings(t, p, e, "t")

		// SPOP of most of a hashtable of integers rebuilds an intset.
		p.Check(cmd("SADD", "p", numbered("", 600))...)
		checkEncodings(t, p, e, "p")
		p.CheckShape("SPOP", "p", "590")
		checkEncodings(t, p, e, "p")
		p.Check("SCARD", "p")
		p.Check(cmd("SADD", "q", numbered("", 100))...)
		p.Check("SADD", "q", "x")
		p.CheckShape("SPOP", "q", "99")
		p.CheckShape("SMEMBERS", "q")
		// SPOP of everything replies like SUNION: a hashtable of integers
		// small enough for an intset comes out sorted.
		p.Check(cmd("SADD", "u", numbered("", 600))...)
		p.Check(cmd("SREM", "u", numbered("", 550))...)
		checkEncodings(t, p, e, "u")
		p.Check("SPOP", "u", "100")
		p.Check(cmd("SADD", "u", numbered("", 600))...)
		p.CheckUnordered("SPOP", "u", "600")
		p.Check(cmd("SADD", "u", numbered("", 600))...)
		p.Check(cmd("SREM", "u", numbered("", 550))...)
		p.Check("SUNION", "u")
		p.Check("SDIFF", "u", "nokey")
	})
}

func TestSetScan(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("SADD", "s", "10", "2", "33")
		p.Check("SADD", "h", "a1", "b2", "a3")
		p.Check("RPUSH", "list", "x")
		for _, opts := range [][]string{
			{}, {"COUNT", "1"}, {"MATCH", "1*"}, {"MATCH", "*"}, {"COUNT", "0"}, {"COUNT", "x"}, {"TYPE", "set"}, {"MATCH"},
		} {
			p.Check(cmd("SSCAN", "s", "0", opts)...)
			p.Check(cmd("SSCAN", "nokey", "0", opts)...)
			if len(opts) == 0 || opts[0] != "COUNT" || opts[1] != "1" { // a bucket's worth of a hashtable
				p.CheckUnordered(cmd("SSCAN", "h", "0", opts)...)
			}
		}
		p.Check("SSCAN", "s", "x")
		p.Check("SSCAN", "list", "0")
		p.Check("SSCAN", "s")
		p.Check(cmd("SADD", "big", numbered("m", 2000))...)
		checkFullScan(t, p, "SSCAN", "big", false)
		checkFullScan(t, p, "SSCAN", "big", false, "COUNT", "100", "MATCH", "m1?")
	})
}

func TestSetRandomOperations(t *testing.T) {
	p, e := newPair(t)
	setConfig(t, p, e, "set-max-intset-entries", "6")
	rng := rand.New(rand.NewPCG(7, 8))
	keys := []string{"s1", "s2", "s3"}
	members := []string{"1", "2", "3", "4", "5", "-1", "10", "a", "b", "007"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	ints := func() []string { // mostly integers, so intsets live long
		out := []string{}
		for i := rng.IntN(4); i >= 0; i-- {
			out = append(out, fmt.Sprint(rng.IntN(12)))
		}
		return out
	}
	bothProtocols(t, p, func(int) {
		for i := 0; i < 1500; i++ {
			k, k2 := pick(keys), pick(keys)
			compact := encodingOf(e, k) != "hashtable"
			var args []string
			exact := true
			switch rng.IntN(12) {
			case 0, 1:
				args = cmd("SADD", k, ints())
			case 2:
				args = []string{"SADD", k, pick(members)}
			case 3:
				args = cmd("SREM", k, pick(members), ints())
			case 4:
				args = []string{"SISMEMBER", k, pick(members)}
			case 5:
				args = []string{"SMISMEMBER", k, pick(members), pick(members)}
			case 6:
				args, exact = []string{"SMEMBERS", k}, compact
			case 7:
				args = []string{"SMOVE", k, k2, pick(members)}
			case 8:
				args = []string{pick([]string{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}), pick(keys), k, k2}
			case 9:
				args, exact = []string{pick([]string{"SINTER", "SUNION", "SDIFF"}), k, k2}, false
			case 10:
				args = []string{"SINTERCARD", "2", k, k2, "LIMIT", fmt.Sprint(rng.IntN(3))}
			case 11:
				args, exact = []string{"SPOP", k, "100"}, compact
			}
			if exact {
				p.Check(args...)
			} else {
				p.CheckUnordered(args...)
			}
			for _, key := range keys {
				checkEncodings(t, p, e, key)
			}
		}
	})
}

// FuzzSetValue drives a set through adds and removes read from the input,
// with a small intset limit, and checks it against a map, the intset's
// sorted order and Redis's one-way conversion rule.
func FuzzSetValue(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x81\x04\x05\x06\x07\x08"))
	f.Add([]byte("\x40\x41\x7f\x01\xc0"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		e := newTestEngine(t)
		e.cfg.setMaxIntsetEntries = 5
		members := []string{"0", "-1", "7", "01", "x", "9223372036854775807", "-9223372036854775808", "1e3", "+1", "", "32768", "-40000"}
		s := &setValue{}
		model := map[string]bool{}
		converted := false
		for _, op := range ops {
			m := members[int(op&0x3f)%len(members)]
			if op&0x80 == 0 {
				if added := e.setAdd(s, []byte(m)); added == model[m] {
					t.Fatalf("add %q: %v, present %v", m, added, model[m])
				}
				model[m] = true
				_, isInt := resp.ParseInt([]byte(m))
				converted = converted || !isInt || len(model) > 5
			} else {
				if removed := s.Remove([]byte(m)); removed != model[m] {
					t.Fatalf("remove %q: %v, present %v", m, removed, model[m])
				}
				delete(model, m)
			}
			if want := map[bool]string{false: "intset", true: "hashtable"}[converted]; s.encoding() != want {
				t.Fatalf("encoding %s, want %s", s.encoding(), want)
			}
			got := s.members()
			if len(got) != len(model) || s.Len() != len(model) {
				t.Fatalf("%d members, want %d", len(got), len(model))
			}
			for _, g := range got {
				if !model[g] || !s.Has([]byte(g)) {
					t.Fatalf("member %q unexpected", g)
				}
			}
			if !converted && !slices.IsSortedFunc(got, func(a, b string) int {
				x, _ := resp.ParseInt([]byte(a))
				y, _ := resp.ParseInt([]byte(b))
				return cmp.Compare(x, y)
			}) {
				t.Fatalf("intset order %q", got)
			}
		}
	})
}
