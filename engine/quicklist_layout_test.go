package engine

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// checkLayout checks that a list's quicklist layout covers its elements
// and that each packed node's size is its listpack's.
func checkLayout(t testing.TB, l *listValue) {
	t.Helper()
	sum := 0
	l.layout.each(func(nd qlNode) { sum += nd.count })
	if got := l.layout.total(); got != l.n || sum != l.n {
		t.Fatalf("layout holds %d elements (counted %d), the list %d", got, sum, l.n)
	}
	first := 0
	for i := 0; i < l.layout.n; i++ {
		nd := *l.layout.node(i)
		if nd.count <= 0 {
			t.Fatalf("node %d has %d elements", i, nd.count)
		}
		if !nd.plain {
			if want := segmentSize(l, first, first+nd.count); nd.sz != want {
				t.Fatalf("node %d: size %d, its listpack has %d", i, nd.sz, want)
			}
		}
		first += nd.count
	}
}

// TestQuicklistLayoutFidelity runs random list histories (pushes at both
// ends, pops, LINSERT, LSET, LREM, LTRIM, LMOVE) on both sides and
// compares DUMP, which shows every node boundary.
func TestQuicklistLayoutFidelity(t *testing.T) {
	p, e := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "", "list-max-listpack-size", "-2") })
	rnd := rand.New(rand.NewPCG(5, 6))
	elem := func() string {
		switch rnd.IntN(5) {
		case 0:
			return strconv.Itoa(rnd.IntN(100000) - 50000)
		case 1:
			return strings.Repeat(string(rune('a'+rnd.IntN(26))), rnd.IntN(200))
		case 2:
			return strings.Repeat("x", 500+rnd.IntN(1500))
		default:
			return "e" + strconv.Itoa(rnd.IntN(40))
		}
	}
	for _, fill := range []string{"-2", "-1", "4", "1", "16"} {
		p.Check("CONFIG", "SET", "list-max-listpack-size", fill)
		for round := range 12 {
			key := "l" + fill + "/" + strconv.Itoa(round)
			p.Check("RPUSH", key, "seed")
			for range 300 {
				switch op := rnd.IntN(12); {
				case op < 3:
					p.Check("RPUSH", key, elem(), elem())
				case op < 6:
					p.Check("LPUSH", key, elem())
				case op == 6:
					p.Check("LPOP", key, strconv.Itoa(rnd.IntN(3)+1))
				case op == 7:
					p.Check("RPOP", key)
				case op == 8:
					p.Check("LINSERT", key, []string{"BEFORE", "AFTER"}[rnd.IntN(2)], "e"+strconv.Itoa(rnd.IntN(40)), elem())
				case op == 9:
					p.Check("LSET", key, strconv.Itoa(rnd.IntN(20)-10), elem())
				case op == 10:
					p.Check("LREM", key, strconv.Itoa(rnd.IntN(5)-2), "e"+strconv.Itoa(rnd.IntN(40)))
				default:
					if rnd.IntN(4) == 0 {
						p.Check("LTRIM", key, strconv.Itoa(rnd.IntN(5)), strconv.Itoa(-1-rnd.IntN(5)))
					} else {
						p.Check("LMOVE", key, key+"/b", []string{"LEFT", "RIGHT"}[rnd.IntN(2)], []string{"LEFT", "RIGHT"}[rnd.IntN(2)])
					}
				}
			}
			p.Check("DUMP", key)
			p.Check("DUMP", key+"/b")
			p.Check("MEMORY", "USAGE", key, "SAMPLES", "0")
			e.Do(func() {
				if v, ok := e.dbs[0].keys.Get(key); ok {
					checkLayout(t, v.v.(*listValue))
				}
			})
		}
	}
}
