package hll

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestMerge(t *testing.T) {
	a, _, _ := Add(nil, elems("a", 50), DefaultSparseMaxBytes)
	b, _, _ := Add(nil, elems("b", 50), DefaultSparseMaxBytes)
	d, _, _ := ToDense(b)
	ca, cb := bytes.Clone(a), bytes.Clone(d)

	sparse, err := Merge(nil, [][]byte{a, b, nil}, DefaultSparseMaxBytes)
	if err != nil || IsDense(sparse) {
		t.Fatal("sparse inputs give a sparse result", err)
	}
	dense, err := Merge(nil, [][]byte{a, d}, DefaultSparseMaxBytes)
	if err != nil || !IsDense(dense) {
		t.Fatal("a dense input gives a dense result", err)
	}
	if !bytes.Equal(a, ca) || !bytes.Equal(d, cb) {
		t.Fatal("inputs modified")
	}
	ns, _, _ := Count(sparse)
	nd, _, _ := Count(dense)
	nu, _ := CountUnion(a, b)
	all, _, _ := Add(nil, append(elems("a", 50), elems("b", 50)...), DefaultSparseMaxBytes)
	na, _, _ := Count(all)
	if ns != nu || nd != nu || na != nu {
		t.Fatalf("counts %d %d %d %d", ns, nd, nu, na)
	}
	// dest takes part, and keeps its header.
	dest := bytes.Clone(a)
	dest[6] = 'k'
	m, err := Merge(dest, [][]byte{b}, DefaultSparseMaxBytes)
	if err != nil || m[6] != 'k' {
		t.Fatal(err)
	}
	if _, ok := cachedCard(m); ok {
		t.Fatal("merge leaves a valid cache")
	}
	if n, _, _ := Count(m); n != nu {
		t.Fatalf("dest not merged: %d", n)
	}
}

func TestMergeErrors(t *testing.T) {
	bad := sparseValue(0x7f, 0xfe)
	if _, err := Merge([]byte("x"), [][]byte{bad}, 3000); err != ErrWrongType {
		t.Fatal(err)
	}
	if _, err := Merge(nil, [][]byte{New(), bad, []byte("x")}, 3000); err != ErrCorrupt {
		t.Fatal(err)
	}
}

// A Union fed key by key gives what CountUnion and Merge give, and stops
// at the first bad value as they do.
func TestUnion(t *testing.T) {
	a, _, _ := Add(nil, elems("a", 80), DefaultSparseMaxBytes)
	b, _, _ := Add(nil, elems("b", 2000), DefaultSparseMaxBytes)
	for _, dest := range [][]byte{nil, a} {
		var u Union
		srcs := [][]byte{b}
		if dest != nil {
			srcs = [][]byte{a, b}
		}
		for _, h := range srcs {
			if err := u.Add(h); err != nil {
				t.Fatal(err)
			}
		}
		want, _ := CountUnion(srcs...)
		if got := u.Count(); got != want {
			t.Fatalf("Count %d, CountUnion %d", got, want)
		}
		stored, err := u.Store(dest, DefaultSparseMaxBytes)
		merged, _ := Merge(dest, [][]byte{b}, DefaultSparseMaxBytes)
		if err != nil || !bytes.Equal(stored, merged) {
			t.Fatalf("Store differs from Merge (dest %v): %v", dest != nil, err)
		}
	}
	var u Union
	if err := u.Add([]byte("HYLL")); err != ErrWrongType {
		t.Fatal(err)
	}
	if err := u.Add(sparseValue(0x7f, 0xfe)); err != ErrCorrupt {
		t.Fatal(err)
	}
	// A corrupt destination left out of the union fails where Redis's
	// conversion to dense would.
	var d Union
	dense, _, _ := ToDense(b)
	d.Add(dense)
	if _, err := d.Store(sparseValue(0x7f, 0xfe), DefaultSparseMaxBytes); err != ErrCorrupt {
		t.Fatal(err)
	}
}

// Resuming each search where the last edit left off must produce the bytes
// a search from the first opcode produces.
func TestAscendingEditsResume(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for round := 0; round < 300; round++ {
		start, _, _ := Add(nil, elems(strconv.Itoa(round), r.IntN(400)), DefaultSparseMaxBytes)
		limit := 100 + r.IntN(4000)
		fast := sparseEdit{h: bytes.Clone(start), sparseMax: limit, ascending: true}
		slow := sparseEdit{h: bytes.Clone(start), sparseMax: limit}
		index := 0
		for !IsDense(fast.h) {
			index += 1 + r.IntN(1+r.IntN(200))
			if index >= Registers {
				break
			}
			v := uint8(1 + r.IntN(1+r.IntN(32)))
			if a, b := fast.set(index, v), slow.set(index, v); a != b || !bytes.Equal(fast.h, slow.h) {
				t.Fatalf("round %d, register %d=%d: results %d %d\n%x\n%x", round, index, v, a, b, fast.h, slow.h)
			}
		}
	}
}
