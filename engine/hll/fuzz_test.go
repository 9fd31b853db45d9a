package hll

import (
	"bytes"
	"testing"
)

// FuzzValue feeds arbitrary strings to every operation as if they were the
// value of a key. Nothing may panic, results must be valid HLLs, and no
// output may be larger than the input and the edits can explain.
func FuzzValue(f *testing.F) {
	f.Add(New())
	for _, n := range []int{3, 200, 2000} {
		h, _, _ := Add(nil, elems("s", n), DefaultSparseMaxBytes)
		f.Add(h)
	}
	d, _, _ := Add(nil, elems("d", 100), 0)
	f.Add(d)
	f.Fuzz(func(t *testing.T, v []byte) {
		in := bytes.Clone(v)
		added := [][]byte{[]byte("a"), []byte("b"), []byte("hello")}
		wrongType := Validate(v) != nil

		out, raised, err := Add(v, added, 64)
		switch {
		case wrongType:
			if err != ErrWrongType {
				t.Fatalf("Add: %v", err)
			}
		case err == nil || err == ErrCorrupt:
			if Validate(out) != nil {
				t.Fatal("Add returned an invalid value")
			}
			if len(out) > max(len(v)+3*len(added), DenseSize) {
				t.Fatalf("Add grew %d bytes to %d", len(v), len(out))
			}
			if raised == 0 && !bytes.Equal(out, v) {
				t.Fatal("unchanged but different")
			}
		default:
			t.Fatalf("Add: %v", err)
		}

		n, updated, err := Count(v)
		if wrongType != (err == ErrWrongType) {
			t.Fatalf("Count: %v", err)
		}
		if updated != nil {
			if n2, again, err := Count(updated); err != nil || again != nil || n2 != n {
				t.Fatal("the cache written does not answer the next Count")
			}
		}
		union, uerr := CountUnion(v)
		if wrongType != (uerr == ErrWrongType) {
			t.Fatalf("CountUnion: %v", uerr)
		}

		merged, merr := Merge(nil, [][]byte{v}, 64)
		if wrongType != (merr == ErrWrongType) {
			t.Fatalf("Merge: %v", merr)
		}
		if merr == nil {
			if Validate(merged) != nil {
				t.Fatal("Merge returned an invalid value")
			}
			if n, _, err := Count(merged); err != nil || n != union {
				t.Fatalf("merged count %d, union %d, %v", n, union, err)
			}
		}
		if _, err := Merge(v, [][]byte{New()}, 64); wrongType != (err == ErrWrongType) {
			t.Fatalf("Merge into: %v", err)
		}

		if !wrongType {
			Encoding(v)
			if _, err := Decode(v); (err == ErrNotSparse) != IsDense(v) {
				t.Fatalf("Decode: %v", err)
			}
			dense, _, err := ToDense(v)
			if (err == nil) != (uerr == nil) {
				t.Fatal("ToDense and CountUnion disagree on corruption")
			}
			if err == nil {
				if len(dense) != DenseSize {
					t.Fatal("ToDense size")
				}
				a, _ := RegisterValues(v)
				b, _ := RegisterValues(dense)
				if *a != *b {
					t.Fatal("registers changed by ToDense")
				}
			}
		}
		if !bytes.Equal(v, in) {
			t.Fatal("an operation modified its input")
		}
	})
}

// FuzzSparseOps treats the input as a sparse opcode list, which reaches the
// sparse paths far more often than arbitrary headers do, and adds elements
// one at a time under a small size limit.
func FuzzSparseOps(f *testing.F) {
	f.Add([]byte{0x7f, 0xff}, uint16(100))
	f.Add([]byte{0x40, 0xfe, 0x7f}, uint16(20))
	f.Add([]byte{0x80, 0x7f, 0xfe}, uint16(3000))
	f.Add([]byte{0x3f, 0x7f, 0xbe, 0x83}, uint16(0))
	f.Fuzz(func(t *testing.T, ops []byte, limit uint16) {
		v := sparseValue(ops...)
		for i := 0; i < 8; i++ {
			out, _, err := Add(v, [][]byte{{byte(i)}, ops}, int(limit))
			if err != nil && err != ErrCorrupt {
				t.Fatal(err)
			}
			if len(out) > max(len(v)+6, DenseSize) {
				t.Fatalf("grew from %d to %d", len(v), len(out))
			}
			v = out
		}
		Decode(v)
		Count(v)
		Merge(v, [][]byte{v}, int(limit))
	})
}
