package engine

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

// TestZsetRandomOperations sends the same random sequences of sorted set
// commands to redis-server and to the engine and compares every reply,
// under listpack limits small enough for sets to cross them back and
// forth, with members and scores chosen to be awkward.
func TestZsetRandomOperations(t *testing.T) {
	for _, limits := range [][2]string{{"4", "6"}, {"128", "64"}, {"0", "0"}, {"16", "3"}} {
		t.Run("entries="+limits[0]+",value="+limits[1], func(t *testing.T) {
			p, e := newPair(t)
			setConfig(t, p, e, "zset-max-listpack-entries", limits[0])
			setConfig(t, p, e, "zset-max-listpack-value", limits[1])
			for _, proto := range []int{2, 3} {
				p.Proto(proto)
				p.Both("FLUSHALL")
				p.Check("SET", "str", "x")
				seed := uint64(proto)*1000 + uint64(len(limits[0]+limits[1]))
				runRandomZsetOps(t, p, e, rand.New(rand.NewPCG(seed, 42)), 1500)
			}
		})
	}
}

var propMembers = []string{
	"a", "b", "c", "d", "e", "f", "g", "h", "ab", "abc", "", "0", "1", "-1", "007", "10",
	"123456", "longer-member", "x\x00y", "\xff", "zz", "long-member-over-sixty-four-bytes-" + strings.Repeat("!", 40),
}

var propScores = append([]string{"0", "1", "2", "2", "3", "-1", "0.5", "10", "-0"}, trickyScores...)

func runRandomZsetOps(t *testing.T, p *redistest.Pair, e *Engine, rng *rand.Rand, n int) {
	t.Helper()
	keys := []string{"k1", "k2", "k3"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	key := func() string {
		if rng.IntN(30) == 0 {
			return pick([]string{"str", "absent"})
		}
		return pick(keys)
	}
	member, score := func() string { return pick(propMembers) }, func() string { return pick(propScores) }
	num := func() string { return strconv.Itoa(rng.IntN(12) - 6) }
	scoreBound := func() string {
		switch rng.IntN(4) {
		case 0:
			return pick([]string{"-inf", "+inf", "(0", "(1", "(-1", "(2.5"})
		default:
			return score()
		}
	}
	lexBound := func() string {
		switch rng.IntN(5) {
		case 0:
			return pick([]string{"-", "+"})
		case 1:
			return "(" + member()
		default:
			return "[" + member()
		}
	}
	withScores := func(args []string) []string {
		if rng.IntN(2) == 0 {
			return append(args, "WITHSCORES")
		}
		return args
	}
	limit := func(args []string) []string {
		if rng.IntN(3) == 0 {
			return append(args, "LIMIT", strconv.Itoa(rng.IntN(4)), strconv.Itoa(rng.IntN(6)-1))
		}
		return args
	}
	someKeys := func() []string {
		ks := []string{}
		for i := 0; i <= rng.IntN(3); i++ {
			ks = append(ks, key())
		}
		return append([]string{strconv.Itoa(len(ks))}, ks...)
	}
	ops := []func() []string{
		func() []string { return []string{"ZADD", key(), score(), member()} },
		func() []string {
			args := []string{"ZADD", key()}
			for _, f := range []string{"NX", "XX", "GT", "LT", "CH", "INCR"} {
				if rng.IntN(5) == 0 {
					args = append(args, f)
				}
			}
			for i := 0; i <= rng.IntN(3); i++ {
				args = append(args, score(), member())
			}
			return args
		},
		func() []string { return []string{"ZADD", "lx", "0", member(), "0", member()} },
		func() []string { return []string{"ZINCRBY", key(), score(), member()} },
		func() []string { return []string{"ZREM", key(), member(), member()} },
		func() []string { return []string{"ZSCORE", key(), member()} },
		func() []string { return []string{"ZMSCORE", key(), member(), member()} },
		func() []string { return []string{"ZCARD", key()} },
		func() []string { return []string{pick([]string{"ZRANK", "ZREVRANK"}), key(), member()} },
		func() []string {
			return withScores([]string{pick([]string{"ZRANGE", "ZREVRANGE"}), key(), num(), num()})
		},
		func() []string {
			return limit(withScores([]string{pick([]string{"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}), key(), scoreBound(), scoreBound()}))
		},
		func() []string {
			args := []string{"ZRANGE", key(), scoreBound(), scoreBound(), "BYSCORE"}
			if rng.IntN(2) == 0 {
				args = append(args, "REV")
			}
			return limit(withScores(args))
		},
		func() []string {
			return limit([]string{pick([]string{"ZRANGEBYLEX", "ZREVRANGEBYLEX"}), "lx", lexBound(), lexBound()})
		},
		func() []string { return []string{"ZLEXCOUNT", "lx", lexBound(), lexBound()} },
		func() []string { return []string{"ZCOUNT", key(), scoreBound(), scoreBound()} },
		func() []string { return []string{"ZREMRANGEBYRANK", key(), num(), num()} },
		func() []string { return []string{"ZREMRANGEBYSCORE", key(), scoreBound(), scoreBound()} },
		func() []string { return []string{"ZREMRANGEBYLEX", "lx", lexBound(), lexBound()} },
		func() []string {
			args := []string{pick([]string{"ZPOPMIN", "ZPOPMAX"}), key()}
			if rng.IntN(2) == 0 {
				args = append(args, strconv.Itoa(rng.IntN(4)))
			}
			return args
		},
		func() []string {
			return append(append([]string{"ZMPOP"}, someKeys()...), pick([]string{"MIN", "MAX"}), "COUNT", strconv.Itoa(1+rng.IntN(3)))
		},
		func() []string {
			args := append([]string{pick([]string{"ZUNION", "ZINTER", "ZDIFF"})}, someKeys()...)
			if args[0] != "ZDIFF" && rng.IntN(2) == 0 {
				args = append(args, "AGGREGATE", pick([]string{"SUM", "MIN", "MAX"}))
			}
			return withScores(args)
		},
		func() []string {
			return append([]string{pick([]string{"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}), key()}, someKeys()...)
		},
		func() []string { return append([]string{"ZINTERCARD"}, someKeys()...) },
		func() []string {
			args := []string{"ZRANGESTORE", key(), key(), scoreBound(), scoreBound(), "BYSCORE"}
			if rng.IntN(2) == 0 {
				args = []string{"ZRANGESTORE", key(), key(), num(), num()}
			}
			return args
		},
		func() []string { return []string{"ZRANDMEMBER", key(), num()} },
	}
	for i := 0; i < n; i++ {
		args := ops[rng.IntN(len(ops))]()
		if args[0] == "ZRANDMEMBER" {
			p.CheckShape(args...)
		} else {
			p.Check(args...)
		}
		if t.Failed() {
			t.Fatalf("stopped at operation %d", i)
		}
		if i%25 == 0 {
			for _, k := range append(keys, "lx") {
				p.Check("OBJECT", "ENCODING", k)
			}
		}
	}
}
