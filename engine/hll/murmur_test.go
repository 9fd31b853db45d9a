package hll

import "testing"

// The registers and values below were read from redis-server 7.0.15 with
// PFADD into an empty key followed by PFDEBUG DECODE. They cover every tail
// length of the hash and whole 8-byte words.
func TestPatternOf(t *testing.T) {
	for _, c := range []struct {
		element string
		index   int
		count   uint8
	}{
		{"", 5938, 2},
		{"a", 12711, 2},
		{"ab", 719, 1},
		{"abcdefg", 5634, 2},
		{"abcdefgh", 1383, 1},
		{"abcdefghi", 6903, 1},
		{"hello world, this is 23", 2933, 1},
		{"0123456789abcdef", 5949, 1},
	} {
		index, count := patternOf([]byte(c.element))
		if index != c.index || count != c.count {
			t.Errorf("patternOf(%q) = %d, %d; want %d, %d", c.element, index, count, c.index, c.count)
		}
	}
}

func TestPatternOfIsCapped(t *testing.T) {
	// Whatever the hash, the run stops at the guard bit.
	for i := 0; i < 100000; i++ {
		e := []byte{byte(i), byte(i >> 8), byte(i >> 16)}
		if _, count := patternOf(e); count < 1 || count > q+1 {
			t.Fatalf("count %d out of range", count)
		}
	}
	for _, e := range longRunElements {
		if _, count := patternOf(e); count <= sparseValMax {
			t.Errorf("%q: count %d, want above %d", e, count, sparseValMax)
		}
	}
}
