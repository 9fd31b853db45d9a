package hll

import (
	"bytes"
	"testing"
)

func TestNew(t *testing.T) {
	want := []byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff")
	if got := New(); !bytes.Equal(got, want) {
		t.Fatalf("New() = %q, want %q", got, want)
	}
	if got, _ := Decode(New()); got != "Z:16384" {
		t.Fatalf("Decode(New()) = %q", got)
	}
}

func TestValidate(t *testing.T) {
	dense := make([]byte, DenseSize)
	copy(dense, "HYLL")
	for _, c := range []struct {
		name  string
		value []byte
		ok    bool
	}{
		{"new", New(), true},
		{"dense", dense, true},
		{"header only, sparse", append([]byte("HYLL\x01"), make([]byte, 11)...), true},
		{"empty", nil, false},
		{"short", []byte("HYLL\x01\x00\x00"), false},
		{"magic", append([]byte("HYLX\x01"), make([]byte, 13)...), false},
		{"encoding 2", append([]byte("HYLL\x02"), make([]byte, 13)...), false},
		{"dense too short", dense[:DenseSize-1], false},
		{"dense too long", append(bytes.Clone(dense), 0), false},
		{"lower case magic", append([]byte("hyll\x01"), make([]byte, 13)...), false},
	} {
		err := Validate(c.value)
		if (err == nil) != c.ok {
			t.Errorf("%s: Validate = %v", c.name, err)
		}
		if err != nil && err != ErrWrongType {
			t.Errorf("%s: error %v, want ErrWrongType", c.name, err)
		}
	}
}

func TestEncoding(t *testing.T) {
	d, _, _ := ToDense(New())
	if Encoding(New()) != "sparse" || Encoding(d) != "dense" {
		t.Fatal("Encoding names")
	}
}
