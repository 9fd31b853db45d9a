package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestExpireFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "k", "v", "other", "v")
		for _, args := range [][]string{
			{"EXPIRE", "nokey", "10"}, {"EXPIRE", "nokey", "x"}, {"EXPIRE", "nokey", "10", "NX"},
			{"EXPIRE", "k", "100", "NX"}, {"TTL", "k"}, {"EXPIRE", "k", "50", "NX"}, {"EXPIRE", "k", "50", "GT"},
			{"TTL", "k"}, {"EXPIRE", "k", "50", "LT"}, {"TTL", "k"}, {"EXPIRE", "k", "200", "XX", "GT"}, {"TTL", "k"},
			{"EXPIRE", "k", "200", "xx", "lt"}, {"PERSIST", "k"}, {"PERSIST", "k"}, {"TTL", "k"},
			{"EXPIRE", "k", "10", "GT"}, {"EXPIRE", "k", "10", "XX"}, {"EXPIRE", "k", "10", "LT"}, {"TTL", "k"},
			{"PERSIST", "k"}, {"EXPIRE", "k", "10", "nx", "nx"}, {"EXPIRE", "k", "11", "xx", "xx", "gt"},
			{"EXPIRE", "k", "10", "foo"}, {"EXPIRE", "k", "x", "foo"}, {"EXPIRE", "k", "x", "nx", "xx"},
			{"EXPIRE", "k", "10", "NX", "XX"}, {"EXPIRE", "k", "10", "NX", "GT"}, {"EXPIRE", "k", "10", "nx", "lt"},
			{"EXPIRE", "k", "10", "GT", "LT"}, {"EXPIRE", "k", "10", "XX", "LT", "GT"}, {"EXPIRE", "k", "1.5"},
			{"EXPIRE", "k", ""}, {"EXPIRE", "k", "9223372036854775807"}, {"EXPIRE", "k", "9223372036854775"},
			{"EXPIRE", "k", "-9223372036854776"}, {"PEXPIRE", "k", "9223372036854775807"},
			{"EXPIREAT", "k", "9223372036854776"}, {"EXPIREAT", "k", "9223372036854775"}, {"EXPIRETIME", "k"},
			{"PEXPIRETIME", "k"}, {"TTL", "k"}, {"PEXPIREAT", "k", "9223372036854775807"}, {"PEXPIRETIME", "k"},
			{"EXPIRETIME", "k"}, {"PEXPIREAT", "k", "4000000000000"}, {"EXPIRETIME", "k"}, {"PEXPIRETIME", "k"},
			{"EXPIREAT", "k", "4000000000"}, {"PEXPIRETIME", "k"}, {"EXPIREAT", "k", "4000000001", "LT"},
			{"EXPIREAT", "k", "4000000001", "GT"}, {"EXPIRETIME", "k"}, {"PEXPIREAT", "k", "4000000000500"},
			{"EXPIRETIME", "k"}, {"PEXPIREAT", "k", "4000000000499"}, {"EXPIRETIME", "k"},
			{"TTL", "nokey"}, {"PTTL", "nokey"}, {"EXPIRETIME", "nokey"}, {"PEXPIRETIME", "nokey"},
			{"TTL", "other"}, {"PTTL", "other"}, {"EXPIRETIME", "other"}, {"PEXPIRETIME", "other"},
			{"PERSIST", "other"}, {"PERSIST", "nokey"},
			{"EXPIRE", "k", "-1"}, {"EXISTS", "k"}, {"EXPIRE", "k", "-1"},
			{"PEXPIRE", "other", "0"}, {"EXISTS", "other"},
		} {
			p.Check(args...)
		}
		seed(t, p, e, 0, "k", "v")
		for _, args := range [][]string{
			{"EXPIREAT", "k", "1"}, {"EXISTS", "k"},
			{"EXPIRE"}, {"EXPIRE", "k"}, {"PEXPIRE", "k"}, {"EXPIREAT", "k"}, {"PEXPIREAT"}, {"TTL"}, {"TTL", "a", "b"},
			{"PTTL"}, {"EXPIRETIME"}, {"PEXPIRETIME", "a", "b"}, {"PERSIST"}, {"PERSIST", "a", "b"},
		} {
			p.Check(args...)
		}
		seed(t, p, e, 0, "k", "v")
		p.Check("PEXPIRE", "k", "-9223372036854775808")
		p.Check("EXISTS", "k")
		seed(t, p, e, 0, "k", "v")
		p.Check("PEXPIRE", "k", "100000")
		p.CheckShape("PTTL", "k")
		p.Check("TTL", "k")
		p.Check("PEXPIRE", "k", "100000", "LT")
		p.Check("PEXPIRE", "k", "1000000", "LT")
		p.Check("PEXPIREAT", "k", "1", "GT")
		p.Check("PEXPIREAT", "k", "1", "LT") // in the past: deletes
		p.Check("EXISTS", "k")
	})
}

// TestLazyExpiryFidelity lets keys expire in real time and reads them.
func TestLazyExpiryFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtos(p, func() {
		p.Check("FLUSHALL")
		seed(t, p, e, 0, "a", "1", "b", "2", "c", "3")
		p.Check("PEXPIRE", "a", "5")
		p.Check("PEXPIRE", "b", "5")
		p.Check("PEXPIRE", "c", "5")
		time.Sleep(20 * time.Millisecond)
		p.Check("EXISTS", "a")
		p.Check("TTL", "b")
		p.Check("TYPE", "c")
		p.Check("DBSIZE")
	})
}

// fakeClock is a Clock tests move by hand; it is also a Sleeper.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(d time.Duration) { f.Advance(d) }

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func newFakeEngine(t *testing.T, clock *fakeClock) (*Engine, *Client) {
	t.Helper()
	e, err := New(Options{Clock: clock, Config: map[string]string{"enable-debug-command": "yes"}})
	if err != nil {
		t.Fatal(err)
	}
	return e, e.NewClient(ClientOptions{})
}

// do runs a command and returns its reply as text: an integer, a
// string, or the error.
func do(c *Client, args ...string) string {
	v := c.Do(args...)
	if v.IsNull {
		return "(nil)"
	}
	if len(v.Str) > 0 || v.Type == '$' || v.Type == '+' || v.Type == '-' {
		return string(v.Str)
	}
	if v.Type == ':' {
		return strconv.FormatInt(v.Int, 10)
	}
	var parts []string
	for _, e := range v.Elems {
		parts = append(parts, string(e.Str))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func setKey(e *Engine, key, value string) {
	e.Do(func() {
		e.refreshNow()
		e.dbs[0].set([]byte(key), newString([]byte(value)))
	})
}

func TestExpiryWithFakeClock(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	setKey(e, "k", "v")
	check := func(want string, args ...string) {
		t.Helper()
		if got := do(c, args...); got != want {
			t.Errorf("%v: got %q, want %q", args, got, want)
		}
	}
	check("1", "PEXPIRE", "k", "1500")
	check("1500", "PTTL", "k")
	check("2", "TTL", "k") // rounded
	clock.Advance(1000 * time.Millisecond)
	check("500", "PTTL", "k")
	check("1", "TTL", "k")
	clock.Advance(time.Millisecond)
	check("0", "TTL", "k")
	clock.Advance(499 * time.Millisecond) // exactly at the deadline: still there
	check("0", "PTTL", "k")
	check("1", "EXISTS", "k")
	clock.Advance(1 * time.Millisecond)
	check("0", "EXISTS", "k")
	check("-2", "PTTL", "k")

	start := clock.Now().UnixMilli()
	setKey(e, "k", "v")
	check("1", "EXPIRE", "k", "10")
	check(strconv.FormatInt(start+10000, 10), "PEXPIRETIME", "k")
	check(strconv.FormatInt((start+10000+500)/1000, 10), "EXPIRETIME", "k")
	check("1", "EXPIREAT", "k", strconv.FormatInt(start/1000+1, 10))
	check("1", "EXISTS", "k")
	check("1", "EXPIREAT", "k", strconv.FormatInt(start/1000, 10)) // now or before: gone
	check("0", "EXISTS", "k")

	// DEBUG SLEEP sleeps on the clock.
	setKey(e, "k", "v")
	check("1", "PEXPIRE", "k", "2000")
	check("OK", "DEBUG", "SLEEP", "1.5")
	check("500", "PTTL", "k")
	now := clock.Now()
	check(fmt.Sprintf("[%d %d]", now.Unix(), now.Nanosecond()/1000), "TIME")
}

func TestActiveExpiryWithFakeClock(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	for i := 0; i < 1000; i++ {
		setKey(e, "k"+strconv.Itoa(i), "v")
		do(c, "PEXPIRE", "k"+strconv.Itoa(i), strconv.Itoa(100+i%2*100000))
	}
	setKey(e, "persistent", "v")
	e.Cron()
	if got := do(c, "DBSIZE"); got != "1001" {
		t.Fatalf("DBSIZE before the deadline: %s", got)
	}
	clock.Advance(101 * time.Millisecond)
	for i := 0; i < 200 && do(c, "DBSIZE") != "501"; i++ {
		e.Cron()
	}
	if got := do(c, "DBSIZE"); got != "501" {
		t.Fatalf("DBSIZE after active expiry: %s, want 501", got)
	}
	info := do(c, "INFO", "keyspace")
	if !strings.Contains(info, "db0:keys=501,expires=500,avg_ttl=") {
		t.Errorf("INFO keyspace: %q", info)
	}
	if !strings.Contains(do(c, "INFO", "stats"), "expired_keys:500\r\n") {
		t.Error("expired_keys should count the 500 expired keys")
	}

	// DEBUG SET-ACTIVE-EXPIRE 0 stops the cycle; lazy expiry still works.
	do(c, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
	clock.Advance(200 * time.Second)
	e.Cron()
	if got := do(c, "DBSIZE"); got != "501" {
		t.Errorf("DBSIZE with active expiry off: %s", got)
	}
	if got := do(c, "EXISTS", "k1"); got != "0" {
		t.Errorf("lazy expiry: EXISTS k1 = %s", got)
	}
	do(c, "DEBUG", "SET-ACTIVE-EXPIRE", "1")
	for i := 0; i < 200 && do(c, "DBSIZE") != "1"; i++ {
		e.Cron()
	}
	if got := do(c, "DBSIZE"); got != "1" {
		t.Errorf("DBSIZE after re-enabling active expiry: %s", got)
	}
}

// TestActiveExpiryRealTime runs the engine's cron as a host would and
// watches a key with a 100 ms TTL disappear without anyone touching it.
func TestActiveExpiryRealTime(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		e.RunCron(ctx)
		close(done)
	}()
	defer func() {
		cancel()
		<-done
	}()
	setKey(e, "short", "v")
	setKey(e, "long", "v")
	do(c, "PEXPIRE", "short", "100")
	do(c, "EXPIRE", "long", "100")
	deadline := time.Now().Add(5 * time.Second)
	for do(c, "DBSIZE") != "1" {
		if time.Now().After(deadline) {
			t.Fatal("the key with a 100 ms TTL is still counted after 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := do(c, "KEYS", "*"); got != "[long]" {
		t.Errorf("KEYS * = %s", got)
	}
}

// TestExpireEffects checks what the append-only log receives: relative
// and second-based deadlines become PEXPIREAT with the absolute time, a
// deadline in the past becomes DEL, expired keys become DEL.
func TestExpireEffects(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	var got []string
	e.SetEffectSink(func(effects []Effect) {
		for _, ef := range effects {
			parts := []string{strconv.Itoa(ef.DB)}
			for _, a := range ef.Args {
				parts = append(parts, string(a))
			}
			got = append(got, strings.Join(parts, " "))
		}
	})
	now := clock.Now().UnixMilli()
	ms := func(d int64) string { return strconv.FormatInt(now+d, 10) }
	setKey(e, "k", "v")
	do(c, "EXPIRE", "k", "10", "NX")
	do(c, "PEXPIRE", "k", "500")
	do(c, "EXPIREAT", "k", strconv.FormatInt(now/1000+100, 10))
	do(c, "PEXPIREAT", "k", ms(200000))
	do(c, "EXPIRE", "k", "10", "NX") // no change: no effect
	do(c, "PERSIST", "k")
	do(c, "PERSIST", "k")
	do(c, "EXPIRE", "k", "-5")
	setKey(e, "x", "v")
	do(c, "PEXPIRE", "x", "10")
	clock.Advance(20 * time.Millisecond)
	e.Cron()
	do(c, "SELECT", "2")
	do(c, "FLUSHDB")
	want := []string{
		"0 PEXPIREAT k " + ms(10000) + " NX",
		"0 PEXPIREAT k " + ms(500),
		"0 PEXPIREAT k " + ms(100000),
		"0 PEXPIREAT k " + ms(200000),
		"0 PERSIST k",
		"0 DEL k",
		"0 PEXPIREAT x " + ms(10),
		"0 DEL x",
		"2 FLUSHDB",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("effects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkActiveExpireCycle measures a cron tick over a database where
// most keys have a TTL in the future, the common case.
func BenchmarkActiveExpireCycle(b *testing.B) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	e.Do(func() {
		for i := 0; i < 100000; i++ {
			k := []byte("key:" + strconv.Itoa(i))
			e.dbs[0].set(k, newString([]byte("v")))
			e.dbs[0].setExpire(k, e.now+3600_000)
		}
	})
	for b.Loop() {
		e.Cron()
	}
}
