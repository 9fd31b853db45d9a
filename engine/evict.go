package engine

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// maxmemory: when used_memory (memaccount.go) is over the limit, every
// command first evicts keys by the maxmemory-policy, as Redis's
// performEvictions does from processCommand; when nothing more can be
// evicted, commands that may grow memory (flagged denyoom, and anything
// queued in MULTI) are refused with the OOM error. maxmemory-clients does
// the same for clients: past it, the clients that take the most memory
// are disconnected.

// errOOM refuses a command that may use memory while used_memory is over
// maxmemory and nothing more can be evicted. Scripts give it for their
// first write in that state (see evictionState.oomAtCommandStart).
const errOOM = "OOM command not allowed when used memory > 'maxmemory'."

// The maxmemory policies, in Redis's order (and numbering).
var maxmemoryPolicies = []string{"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
	"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"}

const (
	policyVolatileLRU = iota
	policyVolatileLFU
	policyVolatileRandom
	policyVolatileTTL
	policyAllkeysLRU
	policyAllkeysLFU
	policyAllkeysRandom
	policyNoEviction
)

// Eviction's tuning, as Redis's.
const (
	evictionPoolSize = 16 // best candidates kept across evictions
	// The eviction loop checks its time limit every this many keys.
	evictionTimeCheckKeys = 16
	// clientEvictionMinLimit keeps a maxmemory-clients set too low from
	// disconnecting everyone.
	clientEvictionMinLimit = 128 << 10
)

func init() {
	registerConfig(
		withApply(configParam{
			name: "maxmemory",
			get:  func(cfg *config) string { return strconv.FormatUint(cfg.maxmemory, 10) },
			set: func(e *Engine, v string) error {
				n, ok := memtoull(v)
				if !ok {
					return configError("argument must be a memory value")
				}
				e.cfg.maxmemory = n
				return nil
			},
		}, applyMaxmemory),
		enumParam("maxmemory-policy", maxmemoryPolicies, func(c *config) *int { return &c.maxmemoryPolicy }),
		intParam("maxmemory-samples", 1, math.MaxInt32, func(c *config) *int { return &c.maxmemorySamples }),
		intParam("maxmemory-eviction-tenacity", 0, 100, func(c *config) *int { return &c.evictionTenacity }),
		configParam{
			name: "maxmemory-clients",
			get: func(cfg *config) string {
				if cfg.maxmemoryClients < 0 {
					return strconv.FormatInt(-cfg.maxmemoryClients, 10) + "%"
				}
				return strconv.FormatInt(cfg.maxmemoryClients, 10)
			},
			set: func(e *Engine, v string) error {
				n, err := parseMemoryOrPercent(v)
				if err == nil {
					e.cfg.maxmemoryClients = n
				}
				return err
			},
		},
	)
}

// parseMemoryOrPercent reads maxmemory-clients: a memory size, or a
// percentage of maxmemory ("10%"), which is kept negative. As in Redis, a
// size of 2^63 or more wraps to a negative number, read as a percentage.
func parseMemoryOrPercent(v string) (int64, error) {
	n, ok := int64(0), false
	if u, isMemory := memtoull(v); isMemory {
		n, ok = int64(u), true
	} else if len(v) > 1 && v[len(v)-1] == '%' {
		if p, isInt := parseIntArg([]byte(v[:len(v)-1])); isInt && p >= 0 {
			n, ok = -p, true
		}
	}
	if !ok {
		return 0, configError("argument must be a memory or percent value")
	}
	if n < -100 {
		return 0, configError("percentage argument must be less or equal to 100")
	}
	return n, nil
}

// applyMaxmemory evicts at once down to a new, lower limit, as CONFIG SET
// maxmemory does in Redis 7.0. Inside a transaction or script, whose
// effects are still being gathered, the next command does it instead.
func applyMaxmemory(e *Engine) error {
	if e.cfg.maxmemory == 0 || e.dbs == nil {
		return nil
	}
	if len(e.effects) > 0 || e.srv.callDepth > 1 {
		e.evict.running = true
		return nil
	}
	e.performEvictions()
	return nil
}

// Results of performEvictions, Redis's EVICT_OK, EVICT_RUNNING and
// EVICT_FAIL.
type evictResult int

const (
	evictOK      evictResult = iota // under the limit, or eviction not allowed now
	evictRunning                    // over the limit; eviction goes on from the cron
	evictFail                       // over the limit with nothing left to evict
)

// evictionState is the engine's maxmemory bookkeeping.
type evictionState struct {
	pool   evictionPool
	nextDB int // where the random policies look for a key first
	// running: a pass hit its time limit while still over maxmemory; the
	// cron and the next commands go on evicting.
	running bool

	// oomAtCommandStart is whether the command running now found memory
	// full with nothing to evict, Redis's pre_command_oom_state: a script
	// is refused its first denyoom write then, rather than being judged by
	// the memory its own run takes.
	oomAtCommandStart bool

	keys, clients int64 // INFO's evicted_keys and evicted_clients
	// Time spent over maxmemory: since when (zero if under it now), and in
	// the spans that ended.
	exceededSince time.Time
	exceededTotal time.Duration
}

// evictionPool holds the best candidates sampled so far, in ascending
// order of score; unused entries are at the end.
type evictionPool [evictionPoolSize]poolEntry

// poolEntry is an eviction candidate: a sampled key with its score, the
// higher the better to evict (idle time, inverse frequency, nearness of
// its deadline).
type poolEntry struct {
	score uint64
	key   string
	db    int
	used  bool
}

// deniedByMaxmemory runs the eviction Redis's processCommand runs before
// each command when maxmemory is set, and reports whether cmd must be
// refused because memory stays full: commands flagged denyoom, EXEC of a
// transaction holding one, and anything but EXEC, DISCARD, QUIT and RESET
// inside MULTI (queueing takes memory too).
func (c *Client) deniedByMaxmemory(cmd *Command, flags CommandFlags) bool {
	e := c.e
	if e.cfg.maxmemory == 0 || e.busy != nil {
		return false
	}
	oom := e.performEvictions() == evictFail
	e.evict.oomAtCommandStart = oom
	switch {
	case !oom:
		return false
	case flags&FlagDenyOOM != 0:
		return true
	case c.multi == nil:
		return false
	}
	switch cmd.FullName {
	case "exec":
		return c.multi.deniesOOM()
	case "discard", "quit", "reset":
		return false
	}
	return true
}

// deniesOOM reports whether a queued transaction holds a denyoom command.
func (m *multiState) deniesOOM() bool {
	for _, q := range m.queue {
		if q.flags&FlagDenyOOM != 0 {
			return true
		}
	}
	return false
}

// performEvictions evicts keys until used_memory is back under maxmemory,
// for a limited time (maxmemory-eviction-tenacity), Redis's
// performEvictions.
func (e *Engine) performEvictions() evictResult {
	if e.busy != nil || e.paused() != pauseOff {
		// A paused server's dataset stays as it is: no expiry, no eviction.
		return evictOK
	}
	result := e.evictToLimit()
	if result != evictOK || !e.evict.exceededSince.IsZero() {
		e.evict.trackExceeded(result, e.clock.Now())
	}
	return result
}

func (e *Engine) evictToLimit() evictResult {
	toFree := e.memoryToFree()
	if toFree <= 0 {
		return evictOK
	}
	if e.cfg.maxmemoryPolicy == policyNoEviction {
		return evictFail
	}
	limit := evictionTimeLimit(e.cfg.evictionTenacity)
	start := e.clock.Now()
	var freed int64
	for evicted := 1; freed < toFree; evicted++ {
		db, key, ok := e.evictionCandidate()
		if !ok {
			return evictFail
		}
		freed += db.evictKey(key)
		if evicted%evictionTimeCheckKeys == 0 && e.clock.Now().Sub(start) > limit {
			e.evict.running = true
			return evictRunning
		}
	}
	if e.evict.running {
		return evictRunning
	}
	return evictOK
}

// memoryToFree is how far used_memory is over maxmemory (0 if not). The
// engine keeps no replication or AOF buffers, which Redis leaves out.
func (e *Engine) memoryToFree() int64 {
	if e.cfg.maxmemory == 0 {
		return 0
	}
	used := e.usedMemory()
	if uint64(used) <= e.cfg.maxmemory {
		return 0
	}
	return used - int64(e.cfg.maxmemory)
}

// evictionTimeLimit is how long one eviction pass may run: 50µs per unit
// of tenacity up to 10, then 15% more per unit, and no limit at 100.
func evictionTimeLimit(tenacity int) time.Duration {
	switch {
	case tenacity <= 10:
		return time.Duration(tenacity) * 50 * time.Microsecond
	case tenacity < 100:
		return time.Duration(500 * math.Pow(1.15, float64(tenacity-10)) * float64(time.Microsecond))
	}
	return math.MaxInt64
}

// trackExceeded keeps the time spent over maxmemory for INFO.
func (s *evictionState) trackExceeded(result evictResult, now time.Time) {
	switch {
	case result != evictOK:
		if s.exceededSince.IsZero() {
			s.exceededSince = now
		}
	case !s.exceededSince.IsZero():
		s.exceededTotal += now.Sub(s.exceededSince)
		s.exceededSince = time.Time{}
	}
}

// resetStats zeroes the eviction counters, for CONFIG RESETSTAT.
func (s *evictionState) resetStats() {
	s.keys, s.clients = 0, 0
	s.exceededSince, s.exceededTotal = time.Time{}, 0
}

// exceededTimes returns INFO's total_eviction_exceeded_time and
// current_eviction_exceeded_time, in ms.
func (s *evictionState) exceededTimes(now time.Time) (total, current int64) {
	var cur time.Duration
	if !s.exceededSince.IsZero() {
		cur = now.Sub(s.exceededSince)
	}
	return (s.exceededTotal + cur).Milliseconds(), cur.Milliseconds()
}

// evictionCandidate picks the key to evict next: by the policy's score
// from the eviction pool, or at random, each database in turn.
func (e *Engine) evictionCandidate() (*DB, string, bool) {
	policy := e.cfg.maxmemoryPolicy
	allKeys := policy >= policyAllkeysLRU
	if policy == policyAllkeysRandom || policy == policyVolatileRandom {
		for range e.dbs {
			e.evict.nextDB = (e.evict.nextDB + 1) % len(e.dbs)
			db := e.dbs[e.evict.nextDB]
			var key string
			var ok bool
			if allKeys {
				key, _, ok = db.keys.Random()
			} else {
				key, _, ok = db.expires.Random()
			}
			if ok {
				return db, key, true
			}
		}
		return nil, "", false
	}
	for {
		total := 0
		for _, db := range e.dbs {
			n := db.expires.Len()
			if allKeys {
				n = db.keys.Len()
			}
			if n > 0 {
				e.populateEvictionPool(db)
				total += n
			}
		}
		if total == 0 {
			return nil, "", false
		}
		// Take the best candidate that still exists; the others were
		// deleted since they were sampled.
		pool := &e.evict.pool
		for k := evictionPoolSize - 1; k >= 0; k-- {
			cand := pool[k]
			if !cand.used {
				continue
			}
			pool[k] = poolEntry{}
			db := e.dbs[cand.db]
			var exists bool
			if allKeys {
				exists = db.has(cand.key)
			} else {
				_, exists = db.expires.Get(cand.key)
			}
			if exists {
				return db, cand.key, true
			}
		}
	}
}

// populateEvictionPool samples maxmemory-samples keys of db (of those
// with a TTL for the volatile policies) into the pool.
func (e *Engine) populateEvictionPool(db *DB) {
	policy := e.cfg.maxmemoryPolicy
	score := func(key string, o *object) uint64 {
		if o == nil {
			if o = db.keys.Ref(key); o == nil {
				return 0
			}
		}
		if policy == policyAllkeysLFU || policy == policyVolatileLFU {
			return uint64(255 - e.lfuCount(o.lru))
		}
		return uint64(e.idleSeconds(o.lru)) * 1000 // Redis scores idle ms
	}
	samples := e.cfg.maxmemorySamples
	switch {
	case policy >= policyAllkeysLRU:
		sampleKeys(&db.keys, samples, func(key string, o *object) {
			e.evict.pool.insert(poolEntry{score: score(key, o), key: key, db: db.id})
		})
	case policy == policyVolatileTTL:
		sampleKeys(&db.expires, samples, func(key string, when *int64) {
			e.evict.pool.insert(poolEntry{score: math.MaxUint64 - uint64(*when), key: key, db: db.id})
		})
	default:
		sampleKeys(&db.expires, samples, func(key string, _ *int64) {
			e.evict.pool.insert(poolEntry{score: score(key, nil), key: key, db: db.id})
		})
	}
}

// insert puts a candidate in its place in the pool, kept in ascending
// order of score. When the pool is full the candidate displaces the
// lowest score, or is dropped if it is lower than all of them.
func (p *evictionPool) insert(cand poolEntry) {
	cand.used = true
	last := evictionPoolSize - 1
	k := 0
	for k < evictionPoolSize && p[k].used && p[k].score < cand.score {
		k++
	}
	switch {
	case k == 0 && p[last].used:
		return
	case k < evictionPoolSize && !p[k].used:
	case !p[last].used:
		copy(p[k+1:], p[k:last])
	default:
		k--
		copy(p[:k], p[1:k+1])
	}
	p[k] = cand
}

// sampleKeys calls fn for up to count entries of d found by walking its
// buckets from a random one, as Redis's dictGetSomeKeys: cheap, not
// uniform, and it may return fewer. A long run of empty buckets makes it
// jump elsewhere.
func sampleKeys[V any](d *dict[V], count int, fn func(key string, v *V)) {
	count = min(count, d.Len())
	if count == 0 {
		return
	}
	mask := len(d.buckets) - 1
	i := rand.IntN(mask + 1)
	empty := 0
	for steps, stored := count*10, 0; steps > 0; steps-- {
		entry := d.buckets[i]
		if entry == nil {
			empty++
			if empty >= 5 && empty > count {
				i = rand.IntN(mask + 1)
				empty = 0
				continue
			}
		} else {
			empty = 0
			for ; entry != nil; entry = entry.next {
				fn(entry.key, &entry.value)
				if stored++; stored == count {
					return
				}
			}
		}
		i = (i + 1) & mask
	}
}

// evictKey deletes key as eviction does and returns the bytes it freed:
// an "evicted" event, WATCH touched, a DEL effect of its own.
func (db *DB) evictKey(key string) int64 {
	e := db.e
	before := e.usedMemory()
	db.remove(key)
	freed := before - e.usedMemory()
	e.evict.keys++
	e.keyModified(db, key)
	e.notifyKeyspaceEvent(notifyEvicted, "evicted", key, db.id)
	e.addEffect(db.id, [][]byte{[]byte("DEL"), []byte(key)})
	e.flushEffects()
	return freed
}

// clientEvictionLimit is the memory all clients may take before the
// largest are disconnected, from maxmemory-clients: bytes, or a share of
// maxmemory; 0 for no limit.
func (e *Engine) clientEvictionLimit() int64 {
	mc := e.cfg.maxmemoryClients
	var limit int64
	switch {
	case mc < 0 && e.cfg.maxmemory > 0:
		b := float64(e.cfg.maxmemory) * float64(-mc) / 100
		limit = math.MaxInt64
		if b < math.MaxInt64 {
			limit = int64(b)
		}
	case mc > 0:
		limit = mc
	default:
		return 0
	}
	return max(limit, clientEvictionMinLimit)
}

// evictClients disconnects clients while the clients' memory is at or
// over maxmemory-clients, as Redis's evictClients: the biggest first (by
// power of two of their memory, then in connection order), never those
// that asked CLIENT NO-EVICT. It reports whether it disconnected any.
func (e *Engine) evictClients() bool {
	limit := e.clientEvictionLimit()
	if limit == 0 || e.mem.clients < limit {
		return false
	}
	var candidates []*Client
	for _, c := range e.clients {
		if !c.noEvict && c.scriptCaller == nil {
			candidates = append(candidates, c)
		}
	}
	bucket := func(c *Client) int { return min(max(bits.Len64(uint64(c.memCounted)), 15), 33) }
	sort.SliceStable(candidates, func(i, j int) bool { return bucket(candidates[i]) > bucket(candidates[j]) })
	evicted := false
	for _, c := range candidates {
		if e.mem.clients < limit {
			break
		}
		e.removeClient(c)
		e.evict.clients++
		evicted = true
	}
	return evicted
}

// memoryCron is the periodic part: clients' memory re-counted, client
// eviction, eviction that hit its time limit resumed, and the peak.
func (e *Engine) memoryCron() {
	for _, c := range e.clients {
		e.accountClient(c)
	}
	e.accountWrites()
	e.evictClients()
	if e.evict.running && e.performEvictions() != evictRunning {
		e.evict.running = false
	}
	e.srv.peakMemory = max(e.srv.peakMemory, uint64(e.usedMemory()))
}
