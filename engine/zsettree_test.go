package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// checkTree verifies the tree's invariants against model, the elements
// it should hold in order: the elements of the leaves in order, both leaf
// links, every count and key, no empty node, equal depth everywhere.
func checkTree(t *testing.T, tr *zsetTree, model []zsetEntry) {
	t.Helper()
	if tr.length != len(model) {
		t.Fatalf("length %d, want %d", tr.length, len(model))
	}
	if len(model) == 0 {
		if tr.root != nil {
			t.Fatal("empty tree keeps a root")
		}
		return
	}
	var leaves []*treeNode
	depth := -1
	var walk func(n *treeNode, d int) int
	walk = func(n *treeNode, d int) int {
		if n.n == 0 {
			t.Fatal("empty node")
		}
		if n.isLeaf() {
			if depth >= 0 && d != depth {
				t.Fatalf("leaf at depth %d, others at %d", d, depth)
			}
			depth = d
			leaves = append(leaves, n)
			return n.n
		}
		total := 0
		for i := 0; i < n.n; i++ {
			c := n.children[i]
			got := walk(c, d+1)
			if n.counts[i] != got {
				t.Fatalf("count %d, subtree holds %d", n.counts[i], got)
			}
			if n.scores[i] != c.scores[c.n-1] || n.members[i] != c.members[c.n-1] {
				t.Fatalf("key of child %d is stale", i)
			}
			total += got
		}
		return total
	}
	walk(tr.root, 0)
	var got []zsetEntry
	for i, l := range leaves {
		if i > 0 && l.prev != leaves[i-1] || i == 0 && l.prev != nil {
			t.Fatalf("leaf %d has a wrong prev link", i)
		}
		if i+1 < len(leaves) && l.next != leaves[i+1] || i+1 == len(leaves) && l.next != nil {
			t.Fatalf("leaf %d has a wrong next link", i)
		}
		for j := 0; j < l.n; j++ {
			got = append(got, zsetEntry{l.members[j], l.scores[j]})
		}
	}
	if !slices.Equal(got, model) {
		t.Fatalf("elements differ from the model:\n got %v\nwant %v", got, model)
	}
}

func TestZsetTreeAgainstModel(t *testing.T) {
	for _, span := range []int{40, 300, 3000} {
		t.Run(fmt.Sprint(span), func(t *testing.T) {
			tr := &zsetTree{}
			var model []zsetEntry
			find := func(m string) int {
				return slices.IndexFunc(model, func(e zsetEntry) bool { return e.member == m })
			}
			rng := rand.New(rand.NewPCG(1, uint64(span)))
			scores := []float64{-1, 0, 0, 0, 1, 2.5, 3, 3, 10}
			for step := 0; step < 6000; step++ {
				m := fmt.Sprintf("m%d", rng.IntN(span))
				s := scores[rng.IntN(len(scores))]
				if rng.IntN(4) == 0 {
					s = rng.Float64() * 100
				}
				switch i := find(m); {
				case i < 0:
					tr.insert(s, m)
					model = append(model, zsetEntry{m, s})
				case rng.IntN(2) == 0:
					if !tr.delete(model[i].score, m) {
						t.Fatalf("delete %q failed", m)
					}
					model = slices.Delete(model, i, i+1)
				default:
					tr.delete(model[i].score, m)
					tr.insert(s, m)
					model[i].score = s
				}
				if tr.delete(-5, "absent") {
					t.Fatal("deleted an absent element")
				}
				sortEntries(model)
				if step%101 == 0 {
					checkTree(t, tr, model)
				}
			}
			checkTree(t, tr, model)
			for i, e := range model {
				if got := tr.rank(e.score, e.member); got != i {
					t.Fatalf("rank of %q is %d, want %d", e.member, got, i)
				}
				if p := tr.byRank(i); !p.ok() || p.member() != e.member {
					t.Fatalf("byRank(%d) wrong", i)
				}
			}
			if tr.byRank(-1).ok() || tr.byRank(len(model)).ok() || tr.rank(1, "absent") != -1 {
				t.Fatal("out of range lookups found something")
			}
			// Walk both ways.
			i := 0
			for p := tr.first(); p.ok(); p = p.next() {
				if p.entry() != model[i] {
					t.Fatalf("forward walk at %d", i)
				}
				i++
			}
			for p := tr.last(); p.ok(); p = p.prev() {
				i--
				if p.entry() != model[i] {
					t.Fatalf("backward walk at %d", i)
				}
			}
			// Empty it by rank runs.
			for len(model) > 0 {
				start := rng.IntN(len(model))
				count := 1 + rng.IntN(min(len(model)-start, 150))
				var gone []string
				tr.deleteRanks(start, count, func(m string) { gone = append(gone, m) })
				for _, e := range model[start : start+count] {
					if !slices.Contains(gone, e.member) {
						t.Fatalf("%q deleted without being reported", e.member)
					}
				}
				model = slices.Delete(model, start, start+count)
				checkTree(t, tr, model)
			}
		})
	}
}

func TestZsetTreeInOrderFillsNodes(t *testing.T) {
	tr := &zsetTree{}
	for i := 0; i < 100*treeFanout; i++ {
		tr.insert(float64(i), fmt.Sprint(i))
	}
	leaves := 0
	for l := tr.first().leaf; l != nil; l = l.next {
		leaves++
	}
	if leaves != 100 {
		t.Fatalf("%d leaves for 100 full ones", leaves)
	}
}

func TestZsetTreeSearch(t *testing.T) {
	tr := &zsetTree{}
	var model []zsetEntry
	for i := 0; i < 500; i++ {
		e := zsetEntry{fmt.Sprintf("m%03d", i), float64(i / 2)}
		tr.insert(e.score, e.member)
		model = append(model, e)
	}
	ranges := []scoreRange{
		{min: 10, max: 20}, {min: 10, max: 20, minEx: true}, {min: 10, max: 20, maxEx: true},
		{min: -5, max: 0}, {min: 249, max: 900}, {min: 250, max: 900}, {min: 5, max: 5},
		{min: 5, max: 5, minEx: true}, {min: 7, max: 3}, {min: 3.5, max: 3.7},
	}
	for _, r := range ranges {
		first, last := -1, -1
		for i, e := range model {
			if r.aboveMin(e.score) && r.belowMax(e.score) {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		above := func(s float64, _ string) bool { return r.aboveMin(s) }
		below := func(s float64, _ string) bool { return r.belowMax(s) }
		p, rank := tr.inRange(above, below, false)
		q, rrank := tr.inRange(above, below, true)
		if first < 0 {
			if p.ok() || q.ok() {
				t.Errorf("%+v: found elements in an empty range", r)
			}
			continue
		}
		if !p.ok() || rank != first || p.member() != model[first].member ||
			!q.ok() || rrank != last || q.member() != model[last].member {
			t.Errorf("%+v: got ranks %d..%d, want %d..%d", r, rank, rrank, first, last)
		}
	}
}

// FuzzZsetValue drives a sorted set with operations read from the input,
// under listpack limits small enough to convert, and checks it against a
// sorted slice after each: contents, scores, ranks, score ranges, counts.
func FuzzZsetValue(f *testing.F) {
	f.Add([]byte("\x00a\x00b\x01c\x02a\x03\x04\x05"))
	f.Add([]byte(strings.Repeat("\x00\x17\x00\x29\x00\x3b\x06\x02", 30)))
	f.Add([]byte(strings.Repeat("\x00\x01\x00\x02\x00\x03\x00\x04\x07\x05\x08\x09", 20)))
	f.Fuzz(func(t *testing.T, ops []byte) {
		z := newZset()
		lim := zsetLimits{entries: 6, value: 3}
		var model []zsetEntry
		find := func(m string) int {
			return slices.IndexFunc(model, func(e zsetEntry) bool { return e.member == m })
		}
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%10, ops[i+1]
			member := fmt.Sprintf("%0*d", 1+int(arg>>6), arg%40)
			score := float64(int(arg%7) - 3)
			switch op {
			case 0, 1:
				flags := zaddFlags(0)
				if op == 1 {
					flags = zaddIncr
				}
				got, outcome := z.Add(member, score, flags, lim)
				if j := find(member); j >= 0 {
					if op == 1 {
						score += model[j].score
					}
					model[j].score = listpackScore(score)
				} else {
					model = append(model, zsetEntry{member, listpackScore(score)})
				}
				if outcome == zaddNaN || got != score {
					t.Fatalf("Add %q %v: %v %v", member, score, got, outcome)
				}
			case 2:
				j := find(member)
				if z.Remove(member) != (j >= 0) {
					t.Fatalf("Remove %q disagrees", member)
				}
				if j >= 0 {
					model = slices.Delete(model, j, j+1)
				}
			case 3, 4:
				if len(model) == 0 {
					continue
				}
				sortEntries(model)
				want := model[0]
				if op == 4 {
					want = model[len(model)-1]
				}
				if got := z.PopFirst(op == 4); got.member != want.member {
					t.Fatalf("PopFirst: %v, want %v", got, want)
				}
				model = slices.DeleteFunc(model, func(e zsetEntry) bool { return e.member == want.member })
			case 5:
				r := scoreRange{min: float64(int(arg%5) - 2), max: float64(int(arg>>4%5) - 1), minEx: arg&1 != 0}
				n := z.RemoveRangeByScore(&r)
				before := len(model)
				model = slices.DeleteFunc(model, func(e zsetEntry) bool { return r.aboveMin(e.score) && r.belowMax(e.score) })
				if n != before-len(model) {
					t.Fatalf("RemoveRangeByScore %+v removed %d, want %d", r, n, before-len(model))
				}
			case 6:
				if len(model) == 0 {
					continue
				}
				sortEntries(model)
				s := int(arg) % len(model)
				e := s + int(arg>>4)%(len(model)-s)
				if n := z.RemoveRangeByRank(s, e); n != e-s+1 {
					t.Fatalf("RemoveRangeByRank %d..%d removed %d", s, e, n)
				}
				model = slices.Delete(model, s, e+1)
			case 7:
				c := z.clone().(*zsetValue)
				*z = *c
			}
			sortEntries(model)
			checkZsetAgainst(t, z, model, arg)
		}
	})
}

func checkZsetAgainst(t *testing.T, z *zsetValue, model []zsetEntry, arg byte) {
	t.Helper()
	if z.Len() != len(model) {
		t.Fatalf("Len %d, want %d", z.Len(), len(model))
	}
	var got []zsetEntry
	z.Each(false, func(m string, s float64) bool {
		got = append(got, zsetEntry{m, s})
		return true
	})
	if !slices.Equal(got, model) {
		t.Fatalf("contents\n got %v\nwant %v", got, model)
	}
	for i, e := range model {
		if s, ok := z.Score(e.member); !ok || s != e.score {
			t.Fatalf("Score %q: %v %v", e.member, s, ok)
		}
		if r, ok := z.Rank(e.member, i%2 == 1); !ok || (i%2 == 0 && r != i) || (i%2 == 1 && r != len(model)-1-i) {
			t.Fatalf("Rank %q: %d", e.member, r)
		}
	}
	r := scoreRange{min: float64(int(arg%5) - 3), max: float64(int(arg % 3)), maxEx: arg&2 != 0}
	var want []zsetEntry
	for _, e := range model {
		if r.aboveMin(e.score) && r.belowMax(e.score) {
			want = append(want, e)
		}
	}
	if n := z.CountInRange(&r); n != len(want) {
		t.Fatalf("CountInRange %+v: %d, want %d", r, n, len(want))
	}
	got = got[:0]
	z.RangeByScore(&r, true, 1, -1, func(m string, s float64) bool {
		got = append(got, zsetEntry{m, s})
		return true
	})
	slices.Reverse(want)
	if len(want) > 0 {
		want = want[1:]
	}
	if !slices.Equal(got, want) {
		t.Fatalf("RangeByScore %+v reverse offset 1\n got %v\nwant %v", r, got, want)
	}
}
