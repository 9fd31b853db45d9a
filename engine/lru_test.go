package engine

import (
	"strconv"
	"testing"
	"time"
)

func TestLRUIdleTime(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	setKey(e, "k", "v")
	clock.Advance(75 * time.Second)
	if got := do(c, "OBJECT", "IDLETIME", "k"); got != "75" {
		t.Errorf("OBJECT IDLETIME after 75 s: %s", got)
	}
	do(c, "TTL", "k") // does not touch
	if got := do(c, "OBJECT", "IDLETIME", "k"); got != "75" {
		t.Errorf("OBJECT IDLETIME after TTL: %s", got)
	}
	do(c, "GET", "k") // touches
	if got := do(c, "OBJECT", "IDLETIME", "k"); got != "0" {
		t.Errorf("OBJECT IDLETIME after GET: %s", got)
	}
}

func TestLFUCounter(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	do(c, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
	setKey(e, "k", "v")
	if got := do(c, "OBJECT", "FREQ", "k"); got != "5" {
		t.Fatalf("OBJECT FREQ of a new key: %s", got)
	}
	for i := 0; i < 1000; i++ {
		do(c, "GET", "k")
	}
	n, _ := strconv.Atoi(do(c, "OBJECT", "FREQ", "k"))
	if n <= 6 || n >= 255 {
		t.Errorf("after 1000 reads the counter is %d: it should grow, logarithmically", n)
	}
	// One point of decay per lfu-decay-time minutes without access.
	clock.Advance(3 * time.Minute)
	if got := do(c, "OBJECT", "FREQ", "k"); got != strconv.Itoa(n-3) {
		t.Errorf("after 3 idle minutes: %s, want %d", got, n-3)
	}
	do(c, "CONFIG", "SET", "lfu-decay-time", "0")
	if got := do(c, "OBJECT", "FREQ", "k"); got != strconv.Itoa(n) {
		t.Errorf("with lfu-decay-time 0: %s, want %d", got, n)
	}
	// An overwrite keeps the counter.
	setKey(e, "k", "w")
	if got, _ := strconv.Atoi(do(c, "OBJECT", "FREQ", "k")); got < n {
		t.Errorf("after an overwrite: %d, want at least %d", got, n)
	}
}
