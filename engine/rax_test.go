package engine

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// countNodes counts the nodes reachable from n.
func countNodes[V any](n *raxNode[V]) int {
	total := 1
	for _, c := range n.children {
		total += countNodes(c)
	}
	return total
}

// checkRax compares a rax with a reference set of keys: lookups, the
// counts, and iteration in both directions.
func checkRax(t *testing.T, r *rax[int], ref map[string]int) {
	t.Helper()
	if r.Len() != len(ref) {
		t.Fatalf("Len %d, want %d", r.Len(), len(ref))
	}
	if n := countNodes(r.head); n != r.numnodes {
		t.Fatalf("numnodes %d, but %d nodes reachable", r.numnodes, n)
	}
	keys := make([]string, 0, len(ref))
	for k, v := range ref {
		keys = append(keys, k)
		if got, ok := r.Find([]byte(k)); !ok || got != v {
			t.Fatalf("Find(%q) = %d, %v; want %d", k, got, ok, v)
		}
	}
	slices.Sort(keys)
	it := r.iter()
	i := 0
	for it.First(); it.Valid(); it.Next() {
		if i >= len(keys) || string(it.Key()) != keys[i] || it.Value() != ref[keys[i]] {
			t.Fatalf("forward iteration at %d: %q", i, it.Key())
		}
		i++
	}
	if i != len(keys) {
		t.Fatalf("forward iteration saw %d keys, want %d", i, len(keys))
	}
	for it.Last(); it.Valid(); it.Prev() {
		i--
		if i < 0 || string(it.Key()) != keys[i] {
			t.Fatalf("backward iteration at %d: %q", i, it.Key())
		}
	}
	if i != 0 {
		t.Fatalf("backward iteration stopped at %d", i)
	}
}

// checkSeeks compares the seeks with a binary search over the sorted keys.
func checkSeeks(t *testing.T, r *rax[int], ref map[string]int, probe []byte) {
	t.Helper()
	keys := make([]string, 0, len(ref))
	for k := range ref {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ge, _ := slices.BinarySearch(keys, string(probe))
	gt := ge
	if gt < len(keys) && keys[gt] == string(probe) {
		gt++
	}
	le := gt - 1
	lt := ge - 1
	it := r.iter()
	for _, c := range []struct {
		name string
		seek func([]byte)
		want int
	}{{"GE", it.SeekGE, ge}, {"GT", it.SeekGT, gt}, {"LE", it.SeekLE, le}, {"LT", it.SeekLT, lt}} {
		c.seek(probe)
		switch {
		case c.want < 0 || c.want >= len(keys):
			if it.Valid() {
				t.Fatalf("Seek%s(%q) = %q, want none", c.name, probe, it.Key())
			}
		case !it.Valid() || string(it.Key()) != keys[c.want]:
			t.Fatalf("Seek%s(%q) = %q (valid %v), want %q", c.name, probe, it.Key(), it.Valid(), keys[c.want])
		}
	}
}

func TestRaxAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Short keys over a small alphabet make shared prefixes, splits and
	// merges common; stream-like keys (16 bytes, long common prefixes)
	// are covered too.
	genShort := func() []byte {
		b := make([]byte, rng.IntN(6))
		for i := range b {
			b[i] = "abc\x00\xff"[rng.IntN(5)]
		}
		return b
	}
	genID := func() []byte {
		var buf [16]byte
		return clone(streamID{ms: uint64(rng.IntN(40)), seq: uint64(rng.IntN(300))}.key(&buf))
	}
	for _, gen := range []func() []byte{genShort, genID} {
		r := newRax[int]()
		ref := map[string]int{}
		for step := 0; step < 4000; step++ {
			k := gen()
			switch rng.IntN(3) {
			case 0, 1:
				_, had := ref[string(k)]
				if r.Insert(k, step) == had {
					t.Fatalf("Insert(%q) reported new=%v", k, !had)
				}
				ref[string(k)] = step
			default:
				v, ok := r.Remove(k)
				want, had := ref[string(k)]
				if ok != had || (ok && v != want) {
					t.Fatalf("Remove(%q) = %d, %v; want %d, %v", k, v, ok, want, had)
				}
				delete(ref, string(k))
			}
			if step%50 == 0 {
				checkRax(t, r, ref)
				for i := 0; i < 20; i++ {
					checkSeeks(t, r, ref, gen())
				}
			}
		}
		checkRax(t, r, ref)
		for k := range ref {
			r.Remove([]byte(k))
		}
		if r.Len() != 0 || r.numnodes != 1 {
			t.Fatalf("emptied rax has %d keys, %d nodes", r.Len(), r.numnodes)
		}
	}
}

func TestRaxTryInsertAndEmptyKey(t *testing.T) {
	r := newRax[int]()
	if !r.TryInsert(nil, 1) || r.TryInsert([]byte{}, 2) {
		t.Fatal("TryInsert of the empty key")
	}
	if v, ok := r.Find(nil); !ok || v != 1 {
		t.Fatalf("Find(empty) = %d, %v", v, ok)
	}
	r.Insert([]byte("abc"), 3)
	r.Insert([]byte("ab"), 4)
	it := r.iter()
	var got [][]byte
	for it.First(); it.Valid(); it.Next() {
		got = append(got, clone(it.Key()))
	}
	want := [][]byte{{}, []byte("ab"), []byte("abc")}
	if len(got) != len(want) || !bytes.Equal(got[1], want[1]) || !bytes.Equal(got[2], want[2]) || len(got[0]) != 0 {
		t.Fatalf("keys %q, want %q", got, want)
	}
	// Redis's shapes: "abc" makes the head a run "abc" over a leaf; "ab"
	// ends inside the run, which splits into "ab" and a node for "c".
	if r.numnodes != 3 {
		t.Fatalf("numnodes %d, want 3", r.numnodes)
	}
}

func BenchmarkRaxInsertSequential(b *testing.B) {
	r := newRax[int]()
	var buf [16]byte
	for i := 0; i < b.N; i++ {
		r.Insert(streamID{ms: uint64(i / 100), seq: uint64(i % 100)}.key(&buf), i)
	}
}
