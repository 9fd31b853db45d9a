package engine

import (
	"strconv"
	"testing"
)

func TestDictBasics(t *testing.T) {
	var d dict[int]
	for i := 0; i < 1000; i++ {
		if !d.Set(strconv.Itoa(i), i) {
			t.Fatalf("Set %d: not new", i)
		}
	}
	if d.Set("5", 55) || d.Len() != 1000 {
		t.Fatalf("overwrite counted as new, len %d", d.Len())
	}
	if v, ok := d.Get("5"); !ok || v != 55 {
		t.Fatalf("Get 5 = %v %v", v, ok)
	}
	for i := 0; i < 990; i++ {
		if _, ok := d.Delete(strconv.Itoa(i)); !ok {
			t.Fatalf("Delete %d failed", i)
		}
	}
	if d.Len() != 10 || len(d.buckets) > 16 {
		t.Fatalf("after deletes: len %d, buckets %d", d.Len(), len(d.buckets))
	}
	if _, ok := d.Get("3"); ok {
		t.Fatal("deleted key still present")
	}
}

// TestDictScanGuarantee checks SCAN's promise: elements present for the
// whole iteration are returned at least once while the table grows and
// shrinks between calls.
func TestDictScanGuarantee(t *testing.T) {
	var d dict[struct{}]
	for i := 0; i < 500; i++ {
		d.Set("stable"+strconv.Itoa(i), struct{}{})
	}
	seen := map[string]bool{}
	cursor, step := uint64(0), 0
	for {
		cursor = d.Scan(cursor, func(k string, _ struct{}) { seen[k] = true })
		step++
		switch {
		case step%3 == 0 && step < 300:
			for i := 0; i < 40; i++ {
				d.Set("tmp"+strconv.Itoa(step*100+i), struct{}{})
			}
		case step%7 == 0:
			d.Each(func(k string, _ struct{}) bool {
				if k[0] == 't' {
					d.Delete(k)
					return false
				}
				return true
			})
		}
		if cursor == 0 {
			break
		}
	}
	for i := 0; i < 500; i++ {
		if !seen["stable"+strconv.Itoa(i)] {
			t.Fatalf("stable%d missed by the scan", i)
		}
	}
}

func TestDictRandom(t *testing.T) {
	var d dict[int]
	if _, _, ok := d.Random(); ok {
		t.Fatal("random from empty dict")
	}
	for i := 0; i < 8; i++ {
		d.Set(strconv.Itoa(i), i)
	}
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		k, v, _ := d.Random()
		if strconv.Itoa(v) != k {
			t.Fatal("key and value mismatch")
		}
		seen[k] = true
	}
	if len(seen) != 8 {
		t.Fatalf("random visited %d of 8 keys", len(seen))
	}
}
