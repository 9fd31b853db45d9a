package engine

import "testing"

func TestMallocSize(t *testing.T) {
	for _, tc := range [][2]int{
		{0, 8}, {1, 8}, {8, 8}, {9, 16}, {17, 32}, {33, 48}, {128, 128}, {129, 160}, {160, 160}, {161, 192},
		{257, 320}, {1025, 1280}, {16384, 16384}, {16385, 20480}, {20475, 20480}, {1 << 20, 1 << 20},
		{1<<20 + 1, 1<<20 + 1<<18},
	} {
		if got := mallocSize(tc[0]); got != int64(tc[1]) {
			t.Errorf("mallocSize(%d) = %d, want %d", tc[0], got, tc[1])
		}
	}
}

func TestKeyMemoryUsage(t *testing.T) {
	// Figures redis-server 7.0 reports (the differential test checks
	// more): a one-byte key holding a small integer, a short string and a
	// long one.
	for _, tc := range []struct {
		key, val string
		want     int64
	}{
		{"a", "1", 48},
		{"a", "hello", 64},
	} {
		if got := keyMemoryUsage(tc.key, newString([]byte(tc.val)), 5); got != tc.want {
			t.Errorf("MEMORY USAGE of %q=%q: %d, want %d", tc.key, tc.val, got, tc.want)
		}
	}
}
