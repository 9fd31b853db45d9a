package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestCollectionEffectsReplay runs random writes, random ones included
// (SPOP, LMPOP...), on one engine and replays the effects it records on
// another: both must end with the same data, which is what the AOF and
// replicas rely on.
func TestCollectionEffectsReplay(t *testing.T) {
	src, dst := newTestEngine(t), newTestEngine(t)
	var effects []Effect
	src.SetEffectSink(func(unit []Effect) { effects = append(effects, unit...) })
	c := src.NewClient(ClientOptions{})
	replay := dst.NewClient(ClientOptions{})
	rng := rand.New(rand.NewPCG(9, 10))
	num := func() string { return fmt.Sprint(rng.IntN(8)) }
	keys := []string{"a", "b", "c"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for i := 0; i < 3000; i++ {
		var args []string
		switch rng.IntN(14) {
		case 0:
			args = []string{"RPUSH", "l" + pick(keys), num(), num()}
		case 1:
			args = []string{"LMPOP", "2", "l" + pick(keys), "l" + pick(keys), pick([]string{"LEFT", "RIGHT"}), "COUNT", "2"}
		case 2:
			args = []string{"LMOVE", "l" + pick(keys), "l" + pick(keys), "LEFT", "RIGHT"}
		case 3:
			args = []string{"LREM", "l" + pick(keys), "-1", num()}
		case 4:
			args = []string{"HSET", "h" + pick(keys), num(), num()}
		case 5:
			args = []string{"HINCRBY", "h" + pick(keys), num(), "3"}
			if rng.IntN(2) == 0 {
				args = []string{"HINCRBYFLOAT", "h" + pick(keys), num(), "0.1"}
			}
		case 6:
			args = []string{"HDEL", "h" + pick(keys), num()}
		case 7:
			args = []string{"SADD", "s" + pick(keys), num(), num(), pick([]string{"x", "1"})}
		case 8:
			args = []string{"SPOP", "s" + pick(keys)}
		case 9:
			args = []string{"SPOP", "s" + pick(keys), num()}
		case 10:
			args = []string{"SMOVE", "s" + pick(keys), "s" + pick(keys), num()}
		case 11:
			args = []string{pick([]string{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}), "s" + pick(keys), "s" + pick(keys), "s" + pick(keys)}
		case 12:
			args = cmd("SADD", "big", numbered("", 20+rng.IntN(600)))
		case 13:
			args = []string{"SPOP", "big", fmt.Sprint(rng.IntN(700))}
		}
		c.Do(args...)
	}
	for _, eff := range effects {
		args := make([]string, len(eff.Args))
		for i, a := range eff.Args {
			args[i] = string(a)
		}
		if args[0] == "MULTI" || args[0] == "EXEC" {
			continue
		}
		if v := replay.Do(args...); v.Type == '-' {
			t.Fatalf("replaying %q: %s", args, v.Str)
		}
	}
	t.Logf("%d effects, %d bytes of data", len(effects), len(dumpDB(src.dbs[0])))
	if got, want := dumpDB(dst.dbs[0]), dumpDB(src.dbs[0]); got != want {
		t.Errorf("replayed data differs\n  source:   %s\n  replayed: %s", want, got)
	}
}

// dumpDB renders a database's collections as text, members in a
// canonical order.
func dumpDB(db *DB) string {
	var keys []string
	db.keys.Each(func(key string, o object) bool {
		var elems []string
		switch v := o.v.(type) {
		case *listValue:
			for i := 0; i < v.Len(); i++ {
				elems = append(elems, v.at(i))
			}
		case *hashValue:
			v.Each(func(f, val string) bool {
				elems = append(elems, f+"="+val)
				return true
			})
			slices.Sort(elems)
		case *setValue:
			elems = v.members()
			slices.Sort(elems)
		}
		keys = append(keys, key+":"+strings.Join(elems, ","))
		return true
	})
	slices.Sort(keys)
	return strings.Join(keys, " ")
}

// TestCollectionEffectForms checks the commands Redis propagates in
// another form: what the AOF and replicas receive.
func TestCollectionEffectForms(t *testing.T) {
	e := newTestEngine(t)
	var got [][]string
	e.SetEffectSink(func(unit []Effect) {
		for _, eff := range unit {
			var args []string
			for _, a := range eff.Args {
				args = append(args, string(a))
			}
			got = append(got, args)
		}
	})
	c := e.NewClient(ClientOptions{})
	c.Do("SADD", "one", "x")
	c.Do("SADD", "ten", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
	c.Do("SADD", "three", "a", "b", "c")
	c.Do("RPUSH", "l", "a", "b", "c")
	got = nil
	expect := func(args []string, want ...string) {
		t.Helper()
		got = nil
		c.Do(args...)
		var text []string
		for _, g := range got {
			text = append(text, strings.Join(g, " "))
		}
		if strings.Join(text, " | ") != strings.Join(want, " | ") {
			t.Errorf("%q: effects %q, want %q", args, text, want)
		}
	}
	expect([]string{"SPOP", "one"}, "SREM one x")
	expect([]string{"SPOP", "three", "5"}, "DEL three")
	expect([]string{"SPOP", "nokey", "5"})
	expect([]string{"SPOP", "ten", "0"})
	got = nil
	c.Do("SPOP", "ten", "2") // two SREMs of random members, as one transaction
	if len(got) != 4 || got[0][0] != "MULTI" || got[1][0] != "SREM" || got[2][0] != "SREM" || got[3][0] != "EXEC" {
		t.Errorf("SPOP ten 2: effects %q", got)
	}
	expect([]string{"LMPOP", "2", "nokey", "l", "RIGHT", "COUNT", "2"}, "RPOP l 2")
	expect([]string{"LMPOP", "1", "l", "LEFT", "COUNT", "5"}, "LPOP l 1")
	expect([]string{"LMPOP", "1", "l", "LEFT"})
	expect([]string{"HINCRBYFLOAT", "h", "f", "1.5"}, "HSET h f 1.5")
	expect([]string{"HINCRBYFLOAT", "h", "f", "0x10"}, "HSET h f 17.5")
	expect([]string{"HINCRBY", "h", "n", "2"}, "HINCRBY h n 2")
	expect([]string{"LPUSH", "l", "x"}, "LPUSH l x")
	expect([]string{"LREM", "l", "0", "nothing"})
}
