package engine

import (
	"math"
	"strconv"
	"testing"
)

// rangeFixtures creates, on both sides, sorted sets in both encodings:
// "s" (listpack) and "b" (skiplist) with repeated and tricky scores,
// "lex" and "biglex" with all scores equal, "mixed" with members out of
// step with their scores.
func rangeFixtures(p interface{ Both(...string) }) {
	p.Both("ZADD", "s", "1", "a", "2", "b", "2", "c", "3", "d", "-0", "z", "-1.5", "n", "inf", "top", "-inf", "bottom", "1e300", "huge")
	for i := 0; i < 200; i++ {
		p.Both("ZADD", "b", strconv.Itoa(i/3), "m"+strconv.Itoa(i))
	}
	p.Both("ZADD", "b", "-inf", "bottom", "inf", "top", "-0", "negzero", "0.5", "half")
	p.Both("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "ab", "0", "", "0", "z\x00z")
	for i := 0; i < 200; i++ {
		p.Both("ZADD", "biglex", "0", "w"+strconv.Itoa(i))
	}
	p.Both("ZADD", "mixed", "1", "d", "2", "a", "3", "c", "4", "b")
}

var scoreRangeArgs = [][2]string{
	{"-inf", "+inf"}, {"+inf", "-inf"}, {"1", "2"}, {"(1", "2"}, {"1", "(2"}, {"(1", "(2"},
	{"2", "2"}, {"(2", "2"}, {"2", "(2"}, {"0", "0"}, {"-0", "0"}, {"(0", "1"}, {"-inf", "(0"},
	{"0.5", "10"}, {"10", "0.5"}, {"inf", "inf"}, {"-inf", "-inf"}, {"(inf", "inf"}, {"", ""},
	{"(", "+inf"}, {" 1", "3"}, {"\t2", "\n3"}, {"0x1", "0x3p0"}, {"1e400", "inf"}, {"-1e400", "1e-400"},
	{"-infinity", "+INF"}, {"1.", ".5e1"}, {"1e1", "1e+1"}, {"3\x00junk", "9"}, {"((1", "2"},
	{"nan", "1"}, {"1", "-nan"}, {"abc", "1"}, {"1", "2x"}, {"1 ", "2"}, {" ", "2"}, {"1e", "2"},
	{"0x", "1"}, {"inff", "1"}, {"(nan", "1"}, {"+", "1"}, {".", "1"}, {"-", "1"}, {"1", "[2"},
	{"nan(123)", "1"}, {"0X1.8P1", "5"}, {"40", "45"}, {"66", "inf"},
}

var lexRangeArgs = [][2]string{
	{"-", "+"}, {"+", "-"}, {"-", "-"}, {"+", "+"}, {"[a", "[c"}, {"(a", "[c"}, {"[a", "(c"},
	{"(a", "(c"}, {"[b", "[b"}, {"(b", "[b"}, {"[", "+"}, {"(", "+"}, {"-", "["}, {"-", "(b"},
	{"[ab", "+"}, {"[z", "+"}, {"-", "[\x00"}, {"[w1", "(w2"}, {"[w50", "[w99"}, {"(w199", "+"},
	{"a", "[c"}, {"[a", "c"}, {"", "+"}, {"-", ""}, {"+a", "+"}, {"-", "-a"}, {"+\x00x", "-"},
	{"-\x00x", "+"}, {"{a", "+"}, {"[c", "[a"}, {"[d", "+"}, {"-", "[b"}, {"[b", "[d"},
}

func TestZrangeFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		rangeFixtures(p)
		ranks := [][2]string{
			{"0", "-1"}, {"0", "0"}, {"-1", "-1"}, {"1", "3"}, {"-3", "-1"}, {"2", "1"}, {"-100", "100"},
			{"100", "200"}, {"-1", "0"}, {"5", "5"}, {"199", "300"}, {"-9223372036854775808", "9223372036854775807"},
			{"x", "1"}, {"1", "1.5"}, {"", "1"},
		}
		for _, key := range []string{"s", "b", "absent", "str"} {
			for _, r := range ranks {
				p.Check("ZRANGE", key, r[0], r[1])
				p.Check("ZRANGE", key, r[0], r[1], "WITHSCORES")
				p.Check("ZRANGE", key, r[0], r[1], "REV", "withscores")
				p.Check("ZREVRANGE", key, r[0], r[1])
				p.Check("ZREVRANGE", key, r[0], r[1], "WITHSCORES")
				p.Check("ZREMRANGEBYRANK", "copy-"+key, r[0], r[1])
			}
			for _, r := range scoreRangeArgs {
				p.Check("ZRANGEBYSCORE", key, r[0], r[1])
				p.Check("ZRANGEBYSCORE", key, r[0], r[1], "WITHSCORES")
				p.Check("ZREVRANGEBYSCORE", key, r[1], r[0], "WITHSCORES")
				p.Check("ZRANGE", key, r[0], r[1], "BYSCORE", "WITHSCORES")
				p.Check("ZRANGE", key, r[1], r[0], "BYSCORE", "REV")
				p.Check("ZCOUNT", key, r[0], r[1])
				for _, lim := range [][2]string{{"0", "1"}, {"1", "2"}, {"2", "-1"}, {"-1", "2"}, {"0", "0"}, {"500", "1"}, {"60", "10"}} {
					p.Check("ZRANGEBYSCORE", key, r[0], r[1], "LIMIT", lim[0], lim[1])
					p.Check("ZREVRANGEBYSCORE", key, r[1], r[0], "WITHSCORES", "LIMIT", lim[0], lim[1])
				}
			}
		}
		for _, key := range []string{"lex", "biglex", "mixed", "s", "absent", "str"} {
			for _, r := range lexRangeArgs {
				p.Check("ZRANGEBYLEX", key, r[0], r[1])
				p.Check("ZREVRANGEBYLEX", key, r[1], r[0])
				p.Check("ZRANGE", key, r[0], r[1], "BYLEX")
				p.Check("ZRANGE", key, r[1], r[0], "BYLEX", "REV", "LIMIT", "1", "3")
				p.Check("ZLEXCOUNT", key, r[0], r[1])
				for _, lim := range [][2]string{{"0", "1"}, {"1", "2"}, {"2", "-1"}, {"-1", "2"}, {"0", "0"}, {"500", "1"}, {"60", "10"}} {
					p.Check("ZRANGEBYLEX", key, r[0], r[1], "LIMIT", lim[0], lim[1])
					p.Check("ZREVRANGEBYLEX", key, r[1], r[0], "LIMIT", lim[0], lim[1])
				}
			}
		}
		// Options and their errors.
		for _, args := range [][]string{
			{"ZRANGE", "s", "0", "-1", "LIMIT", "0", "1"},
			{"ZRANGE", "s", "0", "-1", "LIMIT", "0", "-1"},
			{"ZRANGE", "s", "0", "-1", "LIMIT", "0", "-2"},
			{"ZRANGE", "s", "0", "-1", "LIMIT", "x", "1"},
			{"ZRANGE", "s", "0", "-1", "LIMIT", "0", "x"},
			{"ZRANGE", "s", "0", "-1", "LIMIT", "0"},
			{"ZRANGE", "s", "0", "-1", "LIMIT"},
			{"ZRANGE", "s", "0", "-1", "BYLEX", "WITHSCORES"},
			{"ZRANGE", "s", "[a", "[b", "BYLEX", "WITHSCORES", "LIMIT", "0", "1"},
			{"ZRANGE", "s", "0", "-1", "BYSCORE", "BYLEX"},
			{"ZRANGE", "s", "0", "-1", "BYSCORE", "BYSCORE"},
			{"ZRANGE", "s", "0", "-1", "REV", "REV"},
			{"ZRANGE", "s", "0", "-1", "WITHSCORES", "WITHSCORES"},
			{"ZRANGE", "s", "0", "-1", "NOPE"},
			{"ZRANGE", "s", "0", "-1", "BYSCORE", "LIMIT", "1", "1", "LIMIT", "0", "2"},
			{"ZRANGE", "s", "(1", "5", "BYSCORE", "REV"},
			{"ZRANGE", "s", "5", "(1", "BYSCORE", "REV"},
			{"ZRANGE", "s", "x", "y", "BYSCORE"},
			{"ZRANGE", "s", "x", "y", "BYLEX"},
			{"ZRANGE", "s", "x", "y"},
			{"ZRANGE", "s", "x", "y", "LIMIT", "0", "1"},
			{"ZRANGE", "absent", "x", "y", "BYSCORE"},
			{"ZRANGE", "str", "x", "y", "BYSCORE"},
			{"ZRANGE", "str", "0", "1", "NOPE"},
			{"ZREVRANGE", "s", "0", "-1", "REV"},
			{"ZREVRANGE", "s", "0", "-1", "LIMIT", "0", "1"},
			{"ZREVRANGE", "s", "0", "-1", "BYSCORE"},
			{"ZRANGEBYSCORE", "s", "0", "10", "BYSCORE"},
			{"ZRANGEBYSCORE", "s", "0", "10", "REV"},
			{"ZRANGEBYSCORE", "s", "0", "10", "LIMIT", "0", "1", "WITHSCORES"},
			{"ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"},
			{"ZRANGEBYLEX", "lex", "-", "+", "BYLEX"},
			{"ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "2"},
			{"ZRANGE"}, {"ZRANGE", "s", "0"}, {"ZRANGEBYSCORE", "s", "0"}, {"ZREVRANGE", "s", "0"},
			{"ZRANGEBYLEX", "s", "-"}, {"ZCOUNT", "s", "0"}, {"ZLEXCOUNT", "s", "-"},
			{"ZCOUNT", "s", "x", "1"}, {"ZCOUNT", "str", "0", "1"}, {"ZCOUNT", "str", "x", "1"},
			{"ZLEXCOUNT", "s", "x", "+"}, {"ZLEXCOUNT", "str", "-", "+"}, {"ZLEXCOUNT", "str", "x", "+"},
		} {
			p.Check(args...)
		}
	})
}

func TestZrangestoreFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		rangeFixtures(p)
		for _, args := range [][]string{
			{"ZRANGESTORE", "d", "s", "0", "-1"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "s", "0", "2", "REV"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "b", "(10", "20", "BYSCORE", "LIMIT", "1", "5"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "b", "20", "(10", "BYSCORE", "REV"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "b", "0", "-1"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "lex", "[b", "+", "BYLEX"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "biglex", "+", "[w2", "BYLEX", "REV", "LIMIT", "0", "3"},
			{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "s", "5", "1"},
			{"EXISTS", "d"},
			{"ZRANGESTORE", "d", "s", "5", "1"},
			{"ZRANGESTORE", "d", "absent", "0", "-1"},
			{"ZRANGESTORE", "d", "s", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "str", "0", "-1"},
			{"ZRANGESTORE", "d", "s", "x", "-1"},
			{"ZRANGESTORE", "d", "s", "0", "-1", "LIMIT", "0", "1"},
			{"ZRANGESTORE", "str", "s", "0", "1"},
			{"ZRANGE", "str", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "s", "s", "1", "2"},
			{"ZRANGE", "s", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "d", "s"},
		} {
			p.Check(args...)
		}
	})
}

func TestZremrangeFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("SET", "str", "x")
		for _, args := range [][]string{
			{"ZREMRANGEBYRANK", "str", "0", "1"},
			{"ZREMRANGEBYRANK", "str", "x", "1"},
			{"ZREMRANGEBYRANK", "absent", "0", "1"},
			{"ZREMRANGEBYRANK", "absent", "0", "x"},
			{"ZREMRANGEBYSCORE", "str", "0", "1"},
			{"ZREMRANGEBYSCORE", "str", "x", "1"},
			{"ZREMRANGEBYSCORE", "absent", "0", "1"},
			{"ZREMRANGEBYLEX", "str", "-", "+"},
			{"ZREMRANGEBYLEX", "str", "x", "+"},
			{"ZREMRANGEBYLEX", "absent", "-", "+"},
			{"ZREMRANGEBYRANK", "s", "0"},
		} {
			p.Check(args...)
		}
		// Each range is removed from fresh copies of every fixture.
		ranks := [][2]string{{"0", "0"}, {"-1", "-1"}, {"1", "3"}, {"2", "1"}, {"-100", "100"}, {"100", "200"}, {"0", "-1"}, {"198", "1000"}}
		keys := []string{"s", "b", "lex", "biglex", "mixed"}
		fresh := func() {
			p.Both("FLUSHALL")
			rangeFixtures(p)
		}
		for _, r := range ranks {
			fresh()
			for _, k := range keys {
				p.Check("ZREMRANGEBYRANK", k, r[0], r[1])
				p.Check("ZRANGE", k, "0", "-1", "WITHSCORES")
				p.Check("EXISTS", k)
			}
		}
		for _, r := range scoreRangeArgs {
			fresh()
			for _, k := range keys {
				p.Check("ZREMRANGEBYSCORE", k, r[0], r[1])
				p.Check("ZRANGE", k, "0", "-1", "WITHSCORES")
			}
		}
		for _, r := range lexRangeArgs {
			fresh()
			for _, k := range keys {
				p.Check("ZREMRANGEBYLEX", k, r[0], r[1])
				p.Check("ZRANGE", k, "0", "-1", "WITHSCORES")
			}
		}
		fresh()
		p.Check("OBJECT", "ENCODING", "b")
	})
}

func TestStrtodPrefix(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		rest string
	}{
		{"", 0, ""}, {"1", 1, ""}, {" \t1.5x", 1.5, "x"}, {"-2e3", -2000, ""}, {"1e", 1, "e"},
		{"1e+", 1, "e+"}, {".5", 0.5, ""}, {"5.", 5, ""}, {".", 0, "."}, {"+", 0, "+"},
		{"inf", math.Inf(1), ""}, {"-Infinity!", math.Inf(-1), "!"}, {"infinit", math.Inf(1), "init"},
		{"0x1p4", 16, ""}, {"0x.8", 0.5, ""}, {"0x", 0, "x"}, {"0xg", 0, "xg"}, {"1e400", math.Inf(1), ""},
		{"abc", 0, "abc"}, {" ", 0, " "},
	} {
		got, rest := strtodPrefix(c.in)
		if got != c.want || rest != c.rest {
			t.Errorf("strtodPrefix(%q) = %v, %q; want %v, %q", c.in, got, rest, c.want, c.rest)
		}
	}
	if v, rest := strtodPrefix("nan(abc)x"); !math.IsNaN(v) || rest != "x" {
		t.Errorf("nan(abc)x: %v %q", v, rest)
	}
}

// FuzzScoreRange checks that range parsing never panics and that what it
// accepts is a real interval.
func FuzzScoreRange(f *testing.F) {
	for _, r := range scoreRangeArgs {
		f.Add(r[0], r[1])
	}
	f.Fuzz(func(t *testing.T, min, max string) {
		r, ok := parseScoreRange([]byte(min), []byte(max))
		if ok && (math.IsNaN(r.min) || math.IsNaN(r.max)) {
			t.Fatalf("NaN accepted: %q %q", min, max)
		}
		lr, ok := parseLexRange([]byte(min), []byte(max))
		if ok {
			lr.isEmpty()
		}
	})
}
