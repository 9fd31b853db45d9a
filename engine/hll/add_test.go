package hll

import (
	"bytes"
	"strconv"
	"testing"
)

func elems(prefix string, n int) [][]byte {
	es := make([][]byte, n)
	for i := range es {
		es[i] = []byte(prefix + strconv.Itoa(i))
	}
	return es
}

func TestAddCreates(t *testing.T) {
	h, updated, err := Add(nil, nil, DefaultSparseMaxBytes)
	if err != nil || updated != 1 {
		t.Fatal(updated, err)
	}
	want := New()
	invalidateCache(want)
	if !bytes.Equal(h, want) {
		t.Fatalf("%q", h)
	}
}

func TestAddLeavesInputAlone(t *testing.T) {
	for _, n := range []int{10, 5000} {
		h, _, _ := Add(nil, elems("x", n), DefaultSparseMaxBytes)
		before := bytes.Clone(h)
		out, updated, err := Add(h, elems("y", 50), DefaultSparseMaxBytes)
		if err != nil || updated == 0 || bytes.Equal(out, before) {
			t.Fatalf("n=%d: %v %v", n, updated, err)
		}
		if !bytes.Equal(h, before) {
			t.Fatalf("n=%d: input modified", n)
		}
		// Nothing new: the same value comes back, unchanged.
		out2, updated, err := Add(out, elems("y", 50), DefaultSparseMaxBytes)
		if err != nil || updated != 0 || &out2[0] != &out[0] {
			t.Fatalf("n=%d: re-adding changed something", n)
		}
	}
}

func TestAddPromotes(t *testing.T) {
	h, _, _ := Add(nil, elems("x", 100), DefaultSparseMaxBytes)
	if IsDense(h) {
		t.Fatal("100 elements should stay sparse")
	}
	h, _, _ = Add(h, elems("y", 3000), DefaultSparseMaxBytes)
	if !IsDense(h) {
		t.Fatal("3100 elements should be dense")
	}
	small, _, _ := Add(nil, elems("x", 100), 100)
	if !IsDense(small) {
		t.Fatal("a 100-byte limit should force dense")
	}
	n1, _, _ := Count(h)
	all := append(elems("x", 100), elems("y", 3000)...)
	direct, _, _ := Add(nil, all, 0)
	n2, _, _ := Count(direct)
	if n1 != n2 {
		t.Fatalf("same registers, different counts: %d %d", n1, n2)
	}
}

func TestAddErrors(t *testing.T) {
	bad := []byte("HYLL\x05")
	if out, updated, err := Add(bad, elems("x", 3), 3000); err != ErrWrongType || updated != 0 || &out[0] != &bad[0] {
		t.Fatal(err)
	}
	// Registers before the damage can still be raised; the element that
	// reaches the damage fails, and the earlier raises stay.
	h := sparseValue(0x7f, 0xff) // covers all; the next one is past the end
	h = h[:len(h)-1]             // Z:16129 (reads a NUL): 255 registers short
	var early, late []byte
	for i := 0; early == nil || late == nil; i++ {
		e := []byte(strconv.Itoa(i))
		if index, _ := patternOf(e); index < 16129 && early == nil {
			early = e
		} else if index >= 16129 && late == nil {
			late = e
		}
	}
	out, updated, err := Add(h, [][]byte{early, late}, 3000)
	if err != ErrCorrupt || updated != 1 || bytes.Equal(out, h) {
		t.Fatalf("%v %v", updated, err)
	}
	out, updated, err = Add(h, [][]byte{late}, 3000)
	if err != ErrCorrupt || updated != 0 || !bytes.Equal(out, h) {
		t.Fatalf("%v %v", updated, err)
	}
}

// TestAddCountsUpdates checks the count Redis adds to its changes: one per
// element that raised a register, one for creating the value.
func TestAddCountsUpdates(t *testing.T) {
	sparse, updated, _ := Add(nil, elems("a", 3), DefaultSparseMaxBytes)
	if updated != 4 {
		t.Fatalf("new key with 3 elements: %d updates", updated)
	}
	dense, _, _ := ToDense(sparse)
	// "a0" again changes nothing; "b0" and "b1" raise a register each.
	more := append(elems("a", 1), elems("b", 2)...)
	for _, h := range [][]byte{sparse, dense} {
		if _, updated, _ := Add(h, more, DefaultSparseMaxBytes); updated != 2 {
			t.Fatalf("%s: %d updates, want 2", Encoding(h), updated)
		}
	}
}
