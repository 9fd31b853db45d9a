package engine

import (
	"strconv"
	"testing"
)

// zsetEventCommands change sorted sets in every way, or try to, for the
// side-effect test.
var zsetEventCommands = [][]string{
	{"ZADD", "z", "1", "a"},
	{"ZADD", "z", "1", "a"},
	{"ZADD", "z", "2", "a", "3", "b", "4", "new"},
	{"ZADD", "z", "NX", "9", "a"},
	{"ZADD", "z", "XX", "9", "nope"},
	{"ZADD", "absent", "XX", "1", "a"},
	{"ZADD", "z", "INCR", "1", "a"},
	{"ZADD", "z", "INCR", "XX", "1", "nope"},
	{"ZADD", "str", "1", "a"},
	{"ZINCRBY", "z", "0", "a"},
	{"ZINCRBY", "z", "1.5", "a"},
	{"ZINCRBY", "fresh", "1", "a"},
	{"ZADD", "inf", "INCR", "-inf", "m"},
	{"ZREM", "z", "nope"},
	{"ZREM", "z", "a", "nope", "b"},
	{"ZREM", "two", "x", "y", "z"},
	{"ZREMRANGEBYRANK", "big", "0", "9"},
	{"ZREMRANGEBYRANK", "big", "500", "600"},
	{"ZREMRANGEBYSCORE", "big", "(20", "30"},
	{"ZREMRANGEBYSCORE", "big", "1000", "2000"},
	{"ZREMRANGEBYLEX", "lex", "[b", "[c"},
	{"ZREMRANGEBYLEX", "lex", "-", "+"},
	{"ZREMRANGEBYRANK", "small", "0", "-1"},
	{"ZPOPMIN", "big"},
	{"ZPOPMAX", "big", "3"},
	{"ZPOPMIN", "big", "0"},
	{"ZPOPMIN", "absent", "2"},
	{"ZPOPMAX", "pair", "5"},
	{"ZMPOP", "2", "absent", "big", "MIN", "COUNT", "2"},
	{"ZMPOP", "1", "one", "MAX", "COUNT", "10"},
	{"ZMPOP", "1", "absent", "MAX"},
	{"ZUNIONSTORE", "dst", "2", "big", "small"},
	{"ZUNIONSTORE", "dst", "1", "absent"},
	{"ZUNIONSTORE", "dst", "1", "absent"},
	{"ZINTERSTORE", "dst", "2", "big", "small"},
	{"ZINTERSTORE", "dst2", "2", "big", "absent"},
	{"ZDIFFSTORE", "dst", "2", "small", "big"},
	{"ZDIFFSTORE", "dst", "1", "big"},
	{"ZRANGESTORE", "rs", "big", "0", "4"},
	{"ZRANGESTORE", "rs", "big", "5", "1"},
	{"ZRANGESTORE", "rs", "big", "5", "1"},
	{"ZRANGESTORE", "str", "big", "0", "1"},
	{"ZRANGE", "big", "0", "-1"},
	{"ZSCORE", "big", "m50"},
	{"ZSCORE", "absent", "m50"},
	{"ZCARD", "big"},
	{"ZMSCORE", "big", "m50", "nope"},
	{"ZRANK", "big", "m60"},
	{"ZCOUNT", "big", "-inf", "+inf"},
	{"ZLEXCOUNT", "lex", "-", "+"},
	{"ZRANGEBYSCORE", "absent", "0", "1"},
	{"ZRANDMEMBER", "absent"},
	{"ZSCAN", "small", "0"},
	{"ZUNION", "3", "big", "absent", "small"},
	{"ZINTERCARD", "2", "big", "small"},
	{"ZDIFF", "2", "absent", "big"},
	{"ZADD", "str", "1", "x"},
	{"ZRANGESTORE", "rs", "str", "0", "1"},
	{"ZPOPMIN", "str"},
	{"ZMPOP", "2", "absent", "str", "MIN"},
	{"ZREMRANGEBYSCORE", "big", "-inf", "+inf"},
	{"ZREM", "rs", "m5", "m6", "m7", "m8", "m9"},
	{"ZADD", "negzero", "-0", "a"},
	{"ZADD", "negzero", "INCR", "-0", "a"},
	{"ZINCRBY", "negzero", "-0.5", "a"},
	{"ZADD", "x", "GT", "CH", "1", "a"},
	{"ZADD", "x", "LT", "CH", "2", "a"},
	{"ZADD", "x", "GT", "CH", "2", "a"},
}

// TestZsetSideEffects compares, command by command, everything a sorted
// set command does besides its reply with redis-server: keyspace events,
// changes counted, keyspace hits and misses, the effects written to the
// AOF (ZMPOP as ZPOPMIN/ZPOPMAX with the count popped...) and whether
// WATCH saw the keys change.
func TestZsetSideEffects(t *testing.T) {
	s := newSideEffects(t)
	s.do("SET", "str", "x")
	for _, args := range [][]string{
		{"ZADD", "z", "5", "seed"},
		{"ZADD", "inf", "inf", "m"},
		{"ZADD", "two", "1", "x", "2", "y"},
		{"ZADD", "lex", "0", "a", "0", "b", "0", "c"},
		{"ZADD", "small", "1", "s1", "2", "s2", "3", "m3"},
		{"ZADD", "pair", "1", "p", "2", "q"},
		{"ZADD", "one", "1", "o"},
	} {
		s.do(args...)
	}
	big := []string{"ZADD", "big"}
	for i := 0; i < 140; i++ {
		big = append(big, strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	s.do(big...)
	for _, args := range zsetEventCommands {
		s.do(args...)
	}
}
