package engine

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Property tests of eviction, on engines with a fake clock: whatever the
// workload, memory is back under maxmemory before each command, and each
// policy evicts the right class of keys first.

// memoryEngine returns an engine whose maxmemory leaves room for headroom
// bytes of data beyond what it uses now, with the given policy.
func memoryEngine(t *testing.T, policy string, headroom int64) (*Engine, *Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	mustOK(t, c, "CONFIG", "SET", "maxmemory-policy", policy)
	mustOK(t, c, "CONFIG", "SET", "maxmemory", strconv.FormatInt(e.usedMemory()+headroom, 10))
	return e, c, clock
}

func mustOK(t *testing.T, c *Client, args ...string) {
	t.Helper()
	if got := do(c, args...); got != "OK" {
		t.Fatalf("%v: %s", args, got)
	}
}

// underLimit reports whether used_memory is within maxmemory, as every
// command finds it after its eviction.
func underLimit(e *Engine) bool {
	var ok bool
	e.Do(func() { ok = uint64(e.usedMemory()) <= e.cfg.maxmemory })
	return ok
}

// randomWrite is one write of a random workload over a few hundred keys
// of every type, with values up to a few KiB.
func randomWrite(r *rand.Rand, c *Client) []string {
	key := strconv.Itoa(r.IntN(300))
	val := strings.Repeat("v", r.IntN(2000))
	var cmd []string
	switch r.IntN(9) {
	case 0:
		cmd = []string{"SET", "s" + key, val}
	case 1:
		cmd = []string{"SET", "s" + key, val, "EX", strconv.Itoa(1 + r.IntN(10000))}
	case 2:
		cmd = []string{"APPEND", "s" + key, val}
	case 3:
		cmd = []string{"RPUSH", "l" + key, val, "x", strconv.Itoa(r.IntN(100))}
	case 4:
		cmd = []string{"HSET", "h" + key, "f" + strconv.Itoa(r.IntN(50)), val}
	case 5:
		cmd = []string{"SADD", "t" + key, strconv.Itoa(r.IntN(1000)), "m" + val[:min(len(val), 20)]}
	case 6:
		cmd = []string{"ZADD", "z" + key, strconv.Itoa(r.IntN(100)), "m" + strconv.Itoa(r.IntN(200))}
	case 7:
		cmd = []string{"LPOP", "l" + key}
	default:
		cmd = []string{"DEL", "s" + key, "h" + key}
	}
	c.Do(cmd...)
	return cmd
}

func TestEvictionStaysUnderLimit(t *testing.T) {
	for _, policy := range []string{"allkeys-lru", "allkeys-lfu", "allkeys-random"} {
		t.Run(policy, func(t *testing.T) {
			e, c, clock := memoryEngine(t, policy, 200_000)
			r := rand.New(rand.NewPCG(1, uint64(len(policy))))
			for i := range 5000 {
				cmd := randomWrite(r, c)
				if i%50 == 0 {
					clock.Advance(time.Second)
				}
				// The next command evicts before it runs: from then on
				// memory is within the limit.
				if got := do(c, "PING"); got != "PONG" {
					t.Fatalf("after %v: PING: %s", cmd, got)
				}
				if !underLimit(e) {
					t.Fatalf("after %v: used_memory %d over maxmemory %d", cmd, e.usedMemory(), e.cfg.maxmemory)
				}
			}
			if evicted := infoValue(c, "stats", "evicted_keys"); evicted == "0" {
				t.Fatal("nothing was evicted")
			}
		})
	}
}

// infoValue returns one field of an INFO section.
func infoValue(c *Client, section, field string) string {
	for _, l := range parseInfo(string(c.Do("INFO", section).Str)) {
		if l.field == field {
			return l.value
		}
	}
	return "(missing)"
}

// TestVolatileNeverEvictsPersistent: the volatile policies only ever
// evict keys with a TTL; when none is left, writes are refused instead.
func TestVolatileNeverEvictsPersistent(t *testing.T) {
	for _, policy := range []string{"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"} {
		t.Run(policy, func(t *testing.T) {
			e, c, _ := memoryEngine(t, policy, 300_000)
			r := rand.New(rand.NewPCG(2, uint64(len(policy))))
			persistent := map[string]bool{}
			refused := 0
			for i := range 3000 {
				key := "k" + strconv.Itoa(i)
				val := strings.Repeat("v", 100+r.IntN(3000))
				var got string
				if r.IntN(10) == 0 {
					got = do(c, "SET", key, val)
					if got == "OK" {
						persistent[key] = true
					}
				} else {
					got = do(c, "SET", key, val, "EX", strconv.Itoa(100+r.IntN(10000)))
				}
				if got != "OK" {
					if got != errOOM {
						t.Fatalf("SET: %s", got)
					}
					refused++
					var volatile int
					e.Do(func() { volatile = e.dbs[0].expires.Len() })
					if volatile != 0 {
						t.Fatalf("OOM with %d keys with a TTL left", volatile)
					}
				}
			}
			for key := range persistent {
				if do(c, "EXISTS", key) != "1" {
					t.Fatalf("persistent key %s was evicted", key)
				}
			}
			if refused == 0 {
				t.Fatal("persistent keys never filled memory")
			}
		})
	}
}

// TestVolatileTTLEvictsNearest: with enough samples to see every key,
// volatile-ttl evicts keys strictly by nearest deadline; with the
// default 5 samples, mostly so (a random choice would pick a third of its
// keys among the nearest third of the deadlines).
func TestVolatileTTLEvictsNearest(t *testing.T) {
	for _, tc := range []struct {
		samples  string
		rounds   int
		minShare float64 // of evicted keys among the nearest deadlines
	}{{"64", 1, 1}, {"5", 10, 0.65}} {
		var near, evicted int
		for round := range tc.rounds {
			n, e := volatileTTLRound(t, tc.samples, uint64(round))
			near += n
			evicted += e
		}
		if share := float64(near) / float64(evicted); share < tc.minShare {
			t.Errorf("samples %s: %.2f of the evicted keys were among the nearest deadlines", tc.samples, share)
		}
	}
}

// volatileTTLRound fills an engine with 60 keys with distinct TTLs,
// makes room for about two thirds of them, and returns how many keys were
// evicted, and how many of those were among as many nearest deadlines.
func volatileTTLRound(t *testing.T, samples string, seed uint64) (near, evicted int) {
	e, c, _ := memoryEngine(t, "volatile-ttl", 10_000_000)
	mustOK(t, c, "CONFIG", "SET", "maxmemory-samples", samples)
	const n = 60
	ttls := rand.New(rand.NewPCG(3, seed)).Perm(n)
	for i, ttl := range ttls {
		mustOK(t, c, "SET", "k"+strconv.Itoa(i), strings.Repeat("v", 1000), "EX", strconv.Itoa(1000+ttl))
	}
	mustOK(t, c, "CONFIG", "SET", "maxmemory", strconv.FormatInt(e.usedMemory()-int64(n/3)*1100, 10))
	var gone []int
	for i, ttl := range ttls {
		if do(c, "EXISTS", "k"+strconv.Itoa(i)) == "0" {
			gone = append(gone, ttl)
		}
	}
	if len(gone) < n/4 {
		t.Fatalf("samples %s: only %d keys evicted", samples, len(gone))
	}
	for _, ttl := range gone {
		if ttl < len(gone) {
			near++
		}
	}
	return near, len(gone)
}

// TestLRUKeepsRecentlyUsed: under allkeys-lru, keys read recently survive
// a wave of new keys that evicts many others; under allkeys-lfu, keys
// read often do.
func TestLRUKeepsRecentlyUsed(t *testing.T) {
	for _, policy := range []string{"allkeys-lru", "allkeys-lfu"} {
		t.Run(policy, func(t *testing.T) {
			e, c, clock := memoryEngine(t, policy, 10_000_000)
			r := rand.New(rand.NewPCG(4, 4))
			const n = 1000
			for i := range n {
				mustOK(t, c, "SET", "old"+strconv.Itoa(i), strings.Repeat("v", 100))
				if i%10 == 0 {
					clock.Advance(time.Second)
				}
			}
			clock.Advance(100 * time.Second)
			hot := r.Perm(n)[:100]
			for range 20 {
				for _, i := range hot {
					do(c, "GET", "old"+strconv.Itoa(i))
				}
			}
			mustOK(t, c, "CONFIG", "SET", "maxmemory", strconv.FormatInt(e.usedMemory(), 10))
			for i := range 300 {
				mustOK(t, c, "SET", "new"+strconv.Itoa(i), strings.Repeat("v", 100))
			}
			survivors := 0
			for _, i := range hot {
				if do(c, "EXISTS", "old"+strconv.Itoa(i)) == "1" {
					survivors++
				}
			}
			evicted, _ := strconv.Atoi(infoValue(c, "stats", "evicted_keys"))
			if evicted < 250 {
				t.Fatalf("only %d keys evicted", evicted)
			}
			if survivors < 95 {
				t.Errorf("%d of 100 hot keys survived %d evictions", survivors, evicted)
			}
		})
	}
}

// TestNoEvictionKeepsData: noeviction never deletes; writes are refused
// over the limit and accepted again once deletes made room.
func TestNoEvictionKeepsData(t *testing.T) {
	e, c, _ := memoryEngine(t, "noeviction", 100_000)
	written := 0
	for i := 0; ; i++ {
		got := do(c, "SET", "k"+strconv.Itoa(i), strings.Repeat("v", 1000))
		if got == errOOM {
			break
		}
		if got != "OK" {
			t.Fatal(got)
		}
		written++
	}
	if do(c, "DBSIZE") != strconv.Itoa(written) || underLimit(e) {
		t.Fatalf("%d keys written, DBSIZE %s", written, do(c, "DBSIZE"))
	}
	if got := do(c, "GET", "k0"); got != strings.Repeat("v", 1000) {
		t.Fatalf("GET over the limit: %s", got)
	}
	for i := range 10 {
		do(c, "DEL", "k"+strconv.Itoa(i))
	}
	if got := do(c, "SET", "again", "v"); got != "OK" {
		t.Fatalf("SET after deletes: %s", got)
	}
}

// tickingClock advances by a step every time it is read, so that time
// limits are reached without sleeping.
type tickingClock struct {
	fakeClock
	step time.Duration
}

func (c *tickingClock) Now() time.Time {
	c.Advance(c.step)
	return c.fakeClock.Now()
}

// TestEvictionTimeLimit: a pass that runs out of time (tenacity) lets the
// command run and leaves the rest to the cron.
func TestEvictionTimeLimit(t *testing.T) {
	clock := &tickingClock{fakeClock: *newFakeClock(), step: time.Millisecond}
	e, err := New(Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(ClientOptions{})
	for i := range 200 {
		mustOK(t, c, "SET", "k"+strconv.Itoa(i), strings.Repeat("v", 1000))
	}
	mustOK(t, c, "CONFIG", "SET", "maxmemory-eviction-tenacity", "0")
	mustOK(t, c, "CONFIG", "SET", "maxmemory-policy", "allkeys-random")
	var base int64
	e.Do(func() { base = e.usedMemory() - 150_000 })
	mustOK(t, c, "CONFIG", "SET", "maxmemory", strconv.FormatInt(base, 10))
	if got := do(c, "DBSIZE"); got != strconv.Itoa(200-2*evictionTimeCheckKeys) {
		t.Fatalf("DBSIZE after two passes of %d keys: %s", evictionTimeCheckKeys, got)
	}
	if got := do(c, "SET", "x", "y"); got != "OK" {
		t.Fatalf("SET while eviction runs: %s", got)
	}
	for range 20 {
		e.Cron()
	}
	e.Do(func() {
		if e.evict.running || uint64(e.usedMemory()) > e.cfg.maxmemory {
			t.Errorf("eviction still running (%v) or over the limit after the cron", e.evict.running)
		}
	})
}

// TestClientEviction: past maxmemory-clients the biggest clients are
// disconnected first, never those with CLIENT NO-EVICT on.
func TestClientEviction(t *testing.T) {
	e := newTestEngine(t)
	admin := e.NewClient(ClientOptions{})
	idle1 := e.NewClient(ClientOptions{})
	idle2 := e.NewClient(ClientOptions{})
	sub := e.NewClient(ClientOptions{})
	sub.Do("SUBSCRIBE", "news")
	mustOK(t, admin, "CONFIG", "SET", "maxmemory-clients", "200kb")
	// The subscriber does not read: its pending output grows.
	for range 100 {
		admin.Do("PUBLISH", "news", strings.Repeat("x", 1000))
	}
	if got := do(admin, "PING"); got != "PONG" {
		t.Fatalf("PING: %s", got)
	}
	if !sub.killed || idle1.killed || idle2.killed || admin.killed {
		t.Fatalf("killed: sub %v, idle %v %v, admin %v", sub.killed, idle1.killed, idle2.killed, admin.killed)
	}
	if got := infoValue(admin, "stats", "evicted_clients"); got != "1" {
		t.Errorf("evicted_clients %s", got)
	}

	// Protected, the subscriber stays and the others go, oldest first,
	// until the clients fit.
	sub = e.NewClient(ClientOptions{})
	sub.Do("CLIENT", "NO-EVICT", "on")
	sub.Do("SUBSCRIBE", "news")
	for range 130 {
		admin.Do("PUBLISH", "news", strings.Repeat("x", 1000))
	}
	idle2.Do("PING")
	if sub.killed || !admin.killed || !idle1.killed || !idle2.killed {
		t.Fatalf("killed: sub %v, admin %v, idle %v %v", sub.killed, admin.killed, idle1.killed, idle2.killed)
	}
	var clients, sum int64
	e.Do(func() {
		clients = e.mem.clients
		for _, c := range e.clients {
			sum += c.clientMemory()
		}
	})
	if clients != sum {
		t.Errorf("clients' memory counted %d, sum %d", clients, sum)
	}
}

func TestClientEvictionLimit(t *testing.T) {
	e := newTestEngine(t)
	for _, tc := range []struct {
		maxmemory uint64
		clients   int64
		want      int64
	}{
		{0, 0, 0}, {0, -10, 0}, {1 << 30, -10, 1 << 30 / 10}, {1 << 20, -10, clientEvictionMinLimit},
		{0, 1 << 20, 1 << 20}, {0, 1000, clientEvictionMinLimit}, {1<<64 - 1, -100, 1<<63 - 1},
	} {
		e.cfg.maxmemory, e.cfg.maxmemoryClients = tc.maxmemory, tc.clients
		if got := e.clientEvictionLimit(); got != tc.want {
			t.Errorf("maxmemory %d, maxmemory-clients %d: limit %d, want %d", tc.maxmemory, tc.clients, got, tc.want)
		}
	}
}

// TestEvictionPoolInsert checks the pool against a model: it holds the
// best candidates inserted since it was empty, in ascending order.
func TestEvictionPoolInsert(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for range 200 {
		var pool evictionPool
		var all []uint64
		for i := range 1 + r.IntN(60) {
			score := r.Uint64N(1000)*100 + uint64(i) // distinct
			all = append(all, score)
			pool.insert(poolEntry{score: score, key: strconv.FormatUint(score, 10)})
		}
		slices.Sort(all)
		want := all[max(0, len(all)-evictionPoolSize):]
		var got []uint64
		for _, p := range pool {
			if p.used {
				got = append(got, p.score)
				if p.key != strconv.FormatUint(p.score, 10) {
					t.Fatalf("entry %v mixed up", p)
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pool %v, want %v", got, want)
		}
	}
}

func TestSampleKeys(t *testing.T) {
	for _, n := range []int{0, 1, 3, 10, 100, 1000} {
		var d dict[int]
		for i := range n {
			d.Set(strconv.Itoa(i), i)
		}
		for _, count := range []int{1, 5, 16, 2000} {
			seen := map[string]bool{}
			sampleKeys(&d, count, func(key string, v *int) {
				if seen[key] || strconv.Itoa(*v) != key {
					t.Fatalf("n %d: sample %q repeated or wrong", n, key)
				}
				seen[key] = true
			})
			if len(seen) > min(count, n) || count >= n && len(seen) != n {
				t.Errorf("n %d, count %d: %d sampled", n, count, len(seen))
			}
		}
	}
}

func TestEvictionTimeLimitByTenacity(t *testing.T) {
	for _, tc := range []struct {
		tenacity int
		min, max time.Duration
	}{
		{0, 0, 0}, {1, 50 * time.Microsecond, 50 * time.Microsecond},
		{10, 500 * time.Microsecond, 500 * time.Microsecond}, {11, 575 * time.Microsecond, 575 * time.Microsecond},
		{99, 2 * time.Minute, 2*time.Minute + 10*time.Second}, // "about 2 minutes", says Redis
		{100, 1<<63 - 1, 1<<63 - 1},
	} {
		if got := evictionTimeLimit(tc.tenacity); got < tc.min || got > tc.max {
			t.Errorf("tenacity %d: %v, want %v..%v", tc.tenacity, got, tc.min, tc.max)
		}
	}
}

// FuzzMemoryOrPercent: maxmemory-clients values either fail with one of
// Redis's two reasons or read back, through CONFIG GET's form, as the
// same setting.
func FuzzMemoryOrPercent(f *testing.F) {
	for _, seed := range []string{"0", "10%", "100%", "101%", "1kb", "1.5mb", "-5", "%", "050%", "+5%",
		"18446744073709551615", "9223372036854775808", "20000000000gb", ""} {
		f.Add(seed)
	}
	cfg := newConfig()
	get := findConfigParam("maxmemory-clients").get
	f.Fuzz(func(t *testing.T, v string) {
		n, err := parseMemoryOrPercent(v)
		if err != nil {
			if msg := err.Error(); msg != "argument must be a memory or percent value" &&
				msg != "percentage argument must be less or equal to 100" {
				t.Fatalf("%q: %v", v, err)
			}
			return
		}
		if n < -100 {
			t.Fatalf("%q: %d", v, n)
		}
		cfg.maxmemoryClients = n
		again, err := parseMemoryOrPercent(get(cfg))
		if err != nil || again != n {
			t.Fatalf("%q: %d shows as %q, which reads as %d, %v", v, n, get(cfg), again, err)
		}
	})
}
