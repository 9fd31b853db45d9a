package hll

import (
	"math/rand/v2"
	"testing"
)

func TestRegisterValues(t *testing.T) {
	h, _, _ := Add(nil, elems("a", 300), DefaultSparseMaxBytes)
	d, converted, err := ToDense(h)
	if err != nil || !converted {
		t.Fatal(err)
	}
	if d2, converted, _ := ToDense(d); converted || &d2[0] != &d[0] {
		t.Fatal("dense converted again")
	}
	rs, err := RegisterValues(h)
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := RegisterValues(d)
	if *rs != *rd {
		t.Fatal("sparse and dense registers differ")
	}
	for _, e := range elems("a", 300) {
		i, c := patternOf(e)
		if rs[i] < c {
			t.Fatalf("register %d below %d", i, c)
		}
	}
}

func TestSelfTest(t *testing.T) {
	if testing.Short() {
		t.Skip("ten million elements")
	}
	r := rand.New(rand.NewPCG(1, 2))
	if err := SelfTest(DefaultSparseMaxBytes, r.Uint32); err != nil {
		t.Fatal(err)
	}
}
