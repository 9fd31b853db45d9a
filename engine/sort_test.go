package engine

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

// resetRealErrno clears the C errno of redis-server's main thread.
// Redis 7.0's SORT reads errno after strtod without clearing it first, so
// an ERANGE left by any earlier command (an out-of-range float or stream
// ID, even in another test) makes it refuse values it would otherwise
// sort. That leftover is an accident of the process, not something the
// engine models; INCRBYFLOAT clears errno, in a database the tests do
// not use.
func resetRealErrno(t *testing.T, p *redistest.Pair) {
	t.Helper()
	for _, args := range [][]string{{"SELECT", "15"}, {"INCRBYFLOAT", "sort-errno-reset", "0"}, {"SELECT", "0"}} {
		realValue(t, p, args...)
	}
}

// checkSortScript is checkScript with errno cleared on redis-server
// before every command.
func checkSortScript(t *testing.T, p *redistest.Pair, script string) {
	t.Helper()
	for _, line := range strings.Split(script, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		resetRealErrno(t, p)
		checkScript(t, p, line)
	}
}

func TestSortFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		checkSortScript(t, p, `
RPUSH l 3 1 2 10 -5 1.5 2
SORT l
SORT l DESC
SORT l ASC
SORT l DESC ASC
SORT l ALPHA
SORT l ALPHA DESC
SORT l LIMIT 0 3
SORT l LIMIT 2 3
SORT l LIMIT -1 3
SORT l LIMIT 1 -1
SORT l LIMIT 1 0
SORT l LIMIT 6 1
SORT l LIMIT 7 1
SORT l LIMIT 100 100
SORT l LIMIT 2 9223372036854775807
SORT l LIMIT 9223372036854775807 2
SORT l LIMIT -9223372036854775808 -9223372036854775808
SORT l LIMIT 1 2 DESC ALPHA
SORT l LIMIT
SORT l LIMIT 1
SORT l LIMIT x 1
SORT l LIMIT 1 x
SORT l FOO
SORT l STORE
SORT l BY
SORT l GET
SORT_RO l STORE d
SORT_RO l
SORT_RO l DESC LIMIT 1 2
SORT nokey
SORT nokey ALPHA LIMIT 0 1
SORT nokey STORE d
SET str x
SORT str
SORT_RO str
SORT str BY nosort
SORT l BY nosort
SORT l BY nosort DESC
SORT l BY nosort LIMIT 1 3
SORT l BY nosort LIMIT 1 3 DESC
SORT l BY nosort LIMIT 5 10 DESC
SORT l BY nosort LIMIT 7 1
SORT l BY nosort LIMIT 3 0
SORT l BY nosort LIMIT 2 9223372036854775806
SORT l BY nosort GET #
SET w_3 30
SET w_1 10
SET w_2 20
SET w_10 -1
SET w_-5 5
SET w_1.5 x
SORT l BY w_*
SORT l BY w_* ALPHA
SORT l BY w_* ALPHA DESC
SORT l BY w_* LIMIT 1 2
SORT l BY w_* ALPHA LIMIT 1 2
SORT l BY nokey_*
SORT l BY nokey_* DESC
SORT l BY nokey_* ALPHA
SORT l BY nokey_* ALPHA LIMIT 1 3
SORT l BY w_*->f
SORT l GET #
SORT l GET w_*
SORT l GET w_* GET # GET nokey_*
SORT l GET w_* LIMIT 1 2 DESC ALPHA
SORT l GET nostar
SORT l GET w_*->f
HSET h_3 f 3 g x
HSET h_1 f 1
HSET h_2 f 2 g y
HSET h_10 f -10
SORT l BY h_*->f
SORT l BY h_*->g ALPHA
SORT l BY h_*->nofield ALPHA
SORT l BY h_*-> ALPHA
SORT l BY h_*->f GET h_*->g GET #
SORT l BY h_*->f GET h_*-> GET h_*->
SORT l GET h_*->f GET w_*->f
SORT l BY w_*->f ALPHA
SORT l STORE d
LRANGE d 0 -1
TYPE d
SORT l GET w_* STORE d
LRANGE d 0 -1
SORT l LIMIT 0 0 STORE d
EXISTS d
SORT l LIMIT 0 0 STORE d
SORT nokey STORE l2
SORT l ALPHA STORE l
LRANGE l 0 -1
SORT str STORE d
RPUSH bad 1 x 2
SORT bad
SORT bad ALPHA
SORT bad BY nosort
SORT bad LIMIT 0 1
RPUSH floats 1e308 -1e308 0x10 " 5" "" inf -inf +0 -0 0 0.0 1e-300 "	7"
SORT floats
SORT floats DESC
RPUSH tiny 1e-310
SORT tiny
RPUSH tiny2 2.2250738585072011e-308
SORT tiny2
RPUSH hextiny 0x1p-1074 0x1p-1022
SORT hextiny
RPUSH under 1e-400
SORT under
RPUSH zeroes 0e-500 0x0p-5000
SORT zeroes
RPUSH huge 1e309
SORT huge
RPUSH trailing "5 "
SORT trailing
RPUSH nan nan
SORT nan
RPUSH under_ 1_000
SORT under_
RPUSH strs b "" a "B" "a\x00c" "a\x00b" "\xff" "\xc3\xa9" aa "10" "9"
SORT strs ALPHA
SORT strs ALPHA DESC
SORT strs ALPHA STORE d
LRANGE d 0 -1
SORT strs BY nosort STORE d
LRANGE d 0 -1
`)
	})
}

func TestSortSetsFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		checkSortScript(t, p, `
SADD si 5 3 -1 100 2
SORT si
SORT si DESC
SORT si ALPHA
SORT si BY nosort
SORT si BY nosort DESC
SORT si BY nosort LIMIT 1 2
SORT si BY nosort STORE d
LRANGE d 0 -1
SORT si LIMIT 1 2 GET #
SADD ss banana apple cherry 1.5 2
SORT ss ALPHA
SORT ss ALPHA DESC LIMIT 1 3
SORT ss
?SORT ss BY nosort
SORT ss BY nosort STORE d
LRANGE d 0 -1
SORT ss BY nosort ALPHA STORE d
LRANGE d 0 -1
SET w_apple 3
SET w_banana 1
SET w_cherry 2
SET w_1.5 0
SET w_2 -1
SORT ss BY w_* GET #
SORT ss BY w_* ALPHA DESC GET # GET w_*
ZADD z 3 c 1 a 2 b 2 bb 10 j
OBJECT ENCODING z
SORT z ALPHA
OBJECT ENCODING z
SORT z BY nosort
SORT z BY nosort DESC
SORT z BY nosort LIMIT 1 2
SORT z BY nosort LIMIT 1 2 DESC
SORT z BY nosort LIMIT 10 2
SORT z BY nosort LIMIT 4 5 DESC
SORT z BY nosort LIMIT 0 0
SORT z BY nosort STORE d
LRANGE d 0 -1
SORT z
SORT z BY w_*
SET w_a 3
SET w_b 1
SET w_c 2
SORT z BY w_* GET # DESC
ZADD zn 1 10 2 9 3 8
SORT zn
SORT zn DESC LIMIT 0 2
SORT_RO zn BY nosort
OBJECT ENCODING zn
`)
	})
}

// TestSortTiesFidelity sorts by values with many ties: ALPHA with BY keeps
// equal elements in load order (a stable sort), and with LIMIT in the
// order Redis's partial quicksort leaves them.
func TestSortTiesFidelity(t *testing.T) {
	p, _ := newPair(t)
	rng := rand.New(rand.NewPCG(3, 4))
	bothProtocols(t, p, func(int) {
		for round := 0; round < 6; round++ {
			p.Both("FLUSHALL")
			n := []int{5, 7, 8, 30, 41, 120}[round]
			var push []string
			for i := 0; i < n; i++ {
				elem := fmt.Sprint(rng.IntN(1000))
				push = append(push, elem)
				switch rng.IntN(3) {
				case 0:
					p.Check("SET", "w_"+elem, fmt.Sprint(rng.IntN(4)))
				case 1:
					p.Check("HSET", "h_"+elem, "f", fmt.Sprint(rng.IntN(3)))
				}
			}
			p.Check(append([]string{"RPUSH", "l"}, push...)...)
			resetRealErrno(t, p)
			for _, by := range []string{"w_*", "h_*->f", "nokey_*"} {
				for _, order := range []string{"ASC", "DESC"} {
					p.Check("SORT", "l", "BY", by, "ALPHA", order)
					p.Check("SORT", "l", "BY", by, order)
					for _, limit := range [][2]int{{0, 1}, {0, n / 2}, {n / 3, n / 3}, {n - 2, 5}, {1, n}} {
						lo, cnt := fmt.Sprint(limit[0]), fmt.Sprint(limit[1])
						p.Check("SORT", "l", "BY", by, "ALPHA", order, "LIMIT", lo, cnt)
						p.Check("SORT", "l", "BY", by, order, "LIMIT", lo, cnt, "GET", "#", "GET", by)
						p.Check("SORT", "l", "BY", by, "ALPHA", order, "LIMIT", lo, cnt, "STORE", "dst")
						p.Check("LRANGE", "dst", "0", "-1")
					}
				}
			}
		}
	})
}

// TestSortSideEffects compares events, counts, hits and misses, effects
// and WATCH outcomes of SORT with redis-server's.
func TestSortSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
RPUSH l 3 1 2
SET w_1 1
SORT l
SORT l BY w_*
SORT l BY w_* GET # GET w_*
SORT l STORE d
SORT l BY nosort STORE d
SORT l LIMIT 0 0 STORE d
SORT l LIMIT 0 0 STORE d
SORT nokey STORE d
SORT nokey
SORT_RO l GET w_*
SADD s b a
SORT s BY nosort STORE d2
ZADD z 1 a
SORT z
SORT l BY nosort STORE l
`)
}

func TestSortScore(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "1": true, " 1": true, "\t1": true, "1 ": false, " ": false, "0x10": true, "0x": false,
		"inf": true, "-Infinity": true, "nan": false, "1e308": true, "1e309": false, "1e-308": false,
		"2.2250738585072014e-308": true, "1e-400": false, "0e-400": true, "0x1p-1074": true,
		"0x1.8p-1074": false, "0x0p-9999": true, "0x1p-9999": false, "1_0": false, "+5": true, "--5": false,
	} {
		if _, ok := sortScore(s); ok != want {
			t.Errorf("sortScore(%q) ok = %v, want %v", s, ok, want)
		}
	}
}

func TestPqsortPutsTheRangeInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	o := &sortOrder{alpha: true, byPattern: true}
	for round := 0; round < 500; round++ {
		n := rng.IntN(80)
		items := make([]sortItem, n)
		for i := range items {
			by := fmt.Sprint(rng.IntN(10))
			items[i] = sortItem{elem: fmt.Sprint(i), by: &by}
		}
		want := append([]sortItem(nil), items...)
		for i := 1; i < len(want); i++ { // insertion sort by key only
			for j := i; j > 0 && o.compare(&want[j-1], &want[j]) > 0; j-- {
				want[j-1], want[j] = want[j], want[j-1]
			}
		}
		lo, hi := 0, n-1
		if n > 0 {
			lo = rng.IntN(n)
			hi = lo + rng.IntN(n-lo)
		}
		pqsort(items, o.compare, lo, hi)
		for i := lo; i <= hi && n > 0; i++ {
			if *items[i].by != *want[i].by {
				t.Fatalf("n=%d range %d..%d: position %d has key %s, want %s", n, lo, hi, i, *items[i].by, *want[i].by)
			}
		}
	}
}

func TestSortGetKeysFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScript(t, p, `
COMMAND GETKEYS SORT k STORE limit 1 2
COMMAND GETKEYS SORT k STORE a STORE b
COMMAND GETKEYS SORT k LIMIT STORE x
COMMAND GETKEYS SORT k GET STORE x
COMMAND GETKEYS SORT k BY x STORE
COMMAND GETKEYSANDFLAGS SORT k ALPHA STORE d
COMMAND GETKEYSANDFLAGS SORT_RO k STORE d
`)
}
