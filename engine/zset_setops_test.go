package engine

import (
	"strconv"
	"testing"
)

func TestZsetOpsFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		p.Both("ZADD", "z1", "1", "a", "2", "b", "3", "c", "inf", "i", "-inf", "ni", "0", "zero")
		p.Both("ZADD", "z2", "10", "b", "20", "c", "30", "d", "-inf", "i", "inf", "ni", "-0", "zero")
		p.Both("ZADD", "z3", "0.1", "a", "0.2", "b", "0.3", "c", "0.7", "e")
		for i := 0; i < 150; i++ {
			p.Both("ZADD", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
			if i%2 == 0 {
				p.Both("ZADD", "big2", strconv.Itoa(-i), "m"+strconv.Itoa(i))
			}
		}
		p.Both("ZADD", "big", "5", "a", "6", "b")
		p.Both("SADD", "ints", "1", "2", "3", "-5", "100")
		p.Both("SADD", "strs", "a", "c", "e", "zero", "i", "x")
		p.Both("ZADD", "numeric", "0.5", "1", "1.5", "3", "2.5", "100", "7", "-5", "9", "seven")
		p.Both(cmd("SADD", "bigset", numbered("m", 200))...)
		keySets := [][]string{
			{"ints"}, {"strs", "z1"}, {"z1", "strs"}, {"ints", "numeric"}, {"numeric", "ints", "strs"},
			{"strs", "strs"}, {"bigset", "big"}, {"big", "bigset", "strs"}, {"ints", "absent"}, {"strs", "z2", "z3"},
			{"z1"}, {"z1", "z2"}, {"z2", "z1"}, {"z1", "z2", "z3"}, {"z3", "z2", "z1"}, {"z1", "z1"},
			{"z1", "absent"}, {"absent", "z1"}, {"absent"}, {"big", "big2"}, {"big2", "big", "z1"},
			{"z1", "big"}, {"big", "z1", "big"}, {"z1", "z3", "z1"},
		}
		for _, keys := range keySets {
			n := strconv.Itoa(len(keys))
			weights := []string{"WEIGHTS"}
			for i := range keys {
				weights = append(weights, []string{"2", "-1", "0", "inf", "0.5"}[i%5])
			}
			for _, op := range []string{"ZUNION", "ZINTER", "ZDIFF"} {
				base := append([]string{op, n}, keys...)
				p.Check(base...)
				p.Check(append(base, "WITHSCORES")...)
				store := append([]string{op + "STORE", "dst", n}, keys...)
				p.Check(store...)
				p.Check("ZRANGE", "dst", "0", "-1", "WITHSCORES")
				p.Check("EXISTS", "dst")
				if op == "ZDIFF" {
					continue
				}
				for _, agg := range []string{"SUM", "MIN", "MAX", "min"} {
					opts := append(append([]string{}, weights...), "AGGREGATE", agg)
					p.Check(append(append(base, opts...), "WITHSCORES")...)
					p.Check(append(append([]string{}, base...), "AGGREGATE", agg, "WITHSCORES")...)
					p.Check(append(store, opts...)...)
					p.Check("ZRANGE", "dst", "0", "-1", "WITHSCORES")
				}
			}
			p.Check(append([]string{"ZINTERCARD", n}, keys...)...)
			for _, lim := range []string{"0", "1", "2", "100"} {
				p.Check(append(append([]string{"ZINTERCARD", n}, keys...), "LIMIT", lim)...)
			}
		}
		for _, args := range [][]string{
			{"ZUNION", "0", "z1"},
			{"ZUNION", "-1", "z1"},
			{"ZUNION", "x", "z1"},
			{"ZUNION", "3", "z1", "z2"},
			{"ZUNION", "2", "z1", "str"},
			{"ZUNION", "2", "ints", "str"},
			{"ZINTERCARD", "2", "ints", "numeric", "LIMIT", "1"},
			{"ZUNIONSTORE", "ints", "2", "ints", "numeric"},
			{"ZRANGE", "ints", "0", "-1", "WITHSCORES"},
			{"ZUNION", "2", "str", "z1", "NOPE"},
			{"ZUNION", "1", "z1", "NOPE"},
			{"ZUNION", "1", "z1", "WEIGHTS"},
			{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1"},
			{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "x"},
			{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "nan"},
			{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2", "3"},
			{"ZUNION", "1", "z1", "AGGREGATE"},
			{"ZUNION", "1", "z1", "AGGREGATE", "AVG"},
			{"ZUNION", "1", "z1", "AGGREGATE", "SUM", "AGGREGATE", "MAX", "WITHSCORES"},
			{"ZUNION", "1", "z1", "WITHSCORES", "WITHSCORES"},
			{"ZUNION", "1", "z1", "WEIGHTS", "2", "WEIGHTS", "3", "WITHSCORES"},
			{"ZUNIONSTORE", "dst", "1", "z1", "WITHSCORES"},
			{"ZUNIONSTORE", "dst", "0", "z1"},
			{"ZINTERSTORE", "dst", "0", "z1"},
			{"ZDIFFSTORE", "dst", "0", "z1"},
			{"ZINTER", "0", "z1"},
			{"ZDIFF", "0", "z1"},
			{"ZDIFF", "1", "z1", "WEIGHTS", "1"},
			{"ZDIFF", "1", "z1", "AGGREGATE", "MIN"},
			{"ZDIFFSTORE", "dst", "1", "z1", "WITHSCORES"},
			{"ZINTERCARD", "0", "z1"},
			{"ZINTERCARD", "2", "z1"},
			{"ZINTERCARD", "1", "z1", "LIMIT"},
			{"ZINTERCARD", "1", "z1", "LIMIT", "-1"},
			{"ZINTERCARD", "1", "z1", "LIMIT", "x"},
			{"ZINTERCARD", "1", "z1", "WITHSCORES"},
			{"ZINTERCARD", "1", "z1", "WEIGHTS", "1"},
			{"ZINTERCARD", "1", "z1", "LIMIT", "1", "LIMIT", "2"},
			{"ZINTERCARD", "2", "z1", "str"},
			{"ZINTERSTORE", "str", "2", "z1", "z2"},
			{"ZRANGE", "str", "0", "-1", "WITHSCORES"},
			{"ZUNIONSTORE", "z1", "2", "z1", "z2"},
			{"ZRANGE", "z1", "0", "-1", "WITHSCORES"},
			{"ZINTERSTORE", "dst", "2", "absent", "z2"},
			{"EXISTS", "dst"},
			{"ZUNION"}, {"ZUNION", "1"}, {"ZUNIONSTORE", "d", "1"}, {"ZINTERCARD", "1"},
		} {
			p.Check(args...)
		}
	})
}
