package engine

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// pair is an element with a key to sort by and a tag to see ties move.
type pair struct{ key, tag int }

func byKey(a, b *pair) int { return cmp.Compare(a.key, b.key) }

func randomPairs(r *rand.Rand, n int) []pair {
	p := make([]pair, n)
	for i := range p {
		p[i] = pair{key: r.IntN(1 + n/4), tag: i}
	}
	return p
}

// mergeSort is stable and sorts.
func TestMergeSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := 0; n < 300; n += 1 + n/7 {
		p := randomPairs(r, n)
		want := slices.Clone(p)
		slices.SortStableFunc(want, func(a, b pair) int { return byKey(&a, &b) })
		mergeSort(p, byKey)
		if !slices.Equal(p, want) {
			t.Fatalf("n=%d: %v, want %v", n, p, want)
		}
	}
}

// pqsort puts every window first..last in place, with all the elements
// kept, whatever the window.
func TestPqsortWindows(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for round := 0; round < 2000; round++ {
		n := 1 + r.IntN(150)
		first := r.IntN(n)
		last := first + r.IntN(n-first)
		p := randomPairs(r, n)
		keys := make([]int, n)
		for i := range p {
			keys[i] = p[i].key
		}
		slices.Sort(keys)
		pqsort(p, byKey, first, last)
		for i := first; i <= last; i++ {
			if p[i].key != keys[i] {
				t.Fatalf("n=%d window %d..%d: position %d has %d, want %d", n, first, last, i, p[i].key, keys[i])
			}
		}
		tags := make([]int, n)
		for i := range p {
			tags[i] = p[i].tag
		}
		slices.Sort(tags)
		for i, tag := range tags {
			if tag != i {
				t.Fatal("elements lost or duplicated")
			}
		}
	}
}
