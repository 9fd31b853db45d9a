package engine

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// memoryPair is newPair for tests that set maxmemory and its friends on
// the shared redis-server: they are put back when the test ends.
func memoryPair(t *testing.T) (*redistest.Pair, *Engine) {
	t.Helper()
	p, e := newPair(t)
	p.Check("CONFIG", "RESETSTAT")
	t.Cleanup(func() {
		conn, err := redistest.Dial(redistest.Shared(t).Addr)
		if err != nil {
			return
		}
		defer conn.Close()
		pipeline(t, conn, [][]string{{"CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction",
			"maxmemory-samples", "5", "maxmemory-eviction-tenacity", "10", "maxmemory-clients", "0",
			"requirepass", ""}, {"CONFIG", "RESETSTAT"}}) // evicted_keys is compared elsewhere
	})
	return p, e
}

func TestMaxmemoryConfig(t *testing.T) {
	p, _ := memoryPair(t)
	bothProtos(p, func() {
		p.CheckUnordered("CONFIG", "GET", "maxmemory*")
		for _, tc := range [][2]string{
			{"maxmemory", "abc"}, {"maxmemory", "-1"}, {"maxmemory", "1.5mb"}, {"maxmemory", "10gb"},
			{"maxmemory", "1K"}, {"maxmemory", "18446744073709551615"}, {"maxmemory", "99999999999999999999"},
			{"maxmemory", "9223372036854775808"}, {"maxmemory", "20000000000gb"}, {"maxmemory", ""},
			{"maxmemory", "0"},
			{"maxmemory-samples", "0"}, {"maxmemory-samples", "65"}, {"maxmemory-samples", "x"},
			{"maxmemory-samples", "2147483648"}, {"maxmemory-samples", "-1"}, {"maxmemory-samples", "5"},
			{"maxmemory-eviction-tenacity", "101"}, {"maxmemory-eviction-tenacity", "-1"},
			{"maxmemory-eviction-tenacity", "0"}, {"maxmemory-eviction-tenacity", "100"},
			{"maxmemory-eviction-tenacity", "10"},
			{"maxmemory-clients", "10%"}, {"maxmemory-clients", "100%"}, {"maxmemory-clients", "101%"},
			{"maxmemory-clients", "0%"}, {"maxmemory-clients", "-5"}, {"maxmemory-clients", "1k"},
			{"maxmemory-clients", "abc%"}, {"maxmemory-clients", "1kb%"}, {"maxmemory-clients", "%"},
			{"maxmemory-clients", "050%"}, {"maxmemory-clients", "+5%"}, {"maxmemory-clients", "5.5%"},
			{"maxmemory-clients", "5%%"}, {"maxmemory-clients", "-5%"},
			{"maxmemory-clients", "18446744073709551615"}, {"maxmemory-clients", "18446744073709551516"},
			{"maxmemory-clients", "18446744073709551515"}, {"maxmemory-clients", "9223372036854775807"},
			{"maxmemory-clients", "9223372036854775808"}, {"maxmemory-clients", "0"},
			{"maxmemory-policy", "foo"}, {"maxmemory-policy", "ALLKEYS-LRU"}, {"maxmemory-policy", "volatile-ttl"},
			{"maxmemory-policy", "noeviction"},
		} {
			p.Check("CONFIG", "SET", tc[0], tc[1])
			p.Check("CONFIG", "GET", tc[0])
		}
		p.Check("CONFIG", "SET", "maxmemory", "100mb", "maxmemory-policy", "allkeys-lfu", "maxmemory-samples", "10")
		p.CheckUnordered("CONFIG", "GET", "maxmemory*")
		p.Check("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "maxmemory-samples", "5")
	})
}

// TestOOMRefusals runs commands with memory over a tiny maxmemory and
// nothing to evict: which are refused, and how refusals inside MULTI end
// the transaction.
func TestOOMRefusals(t *testing.T) {
	p, e := memoryPair(t)
	tx := p.Another(newConn(e))
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		tx.Proto(proto)
		p.Check("FLUSHALL")
		p.Check("SET", "x", "1")
		p.Check("HSET", "h", "f", "v")
		tx.Check("MULTI")
		tx.Check("SET", "queued", "1") // queued while memory is fine
		tx.Check("GET", "x")
		for _, policy := range []string{"noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"} {
			// The volatile policies have nothing to evict: no key has a TTL.
			p.Check("CONFIG", "SET", "maxmemory-policy", policy)
			p.Check("CONFIG", "SET", "maxmemory", "1")
			for _, cmd := range [][]string{
				{"SET", "k", "v"}, {"GET", "x"}, {"INCR", "x"}, {"APPEND", "x", "y"}, {"PING"},
				{"EXPIRE", "nosuch", "100"}, {"HSET", "h", "f", "w"}, {"HGET", "h", "f"}, {"HDEL", "h", "nosuch"},
				{"LPUSH", "l", "a"}, {"SADD", "s", "a"}, {"ZADD", "z", "1", "a"}, {"MSET", "a", "1"},
				{"SETRANGE", "x", "0", "a"}, {"GETSET", "x", "2"}, {"SETNX", "x", "2"}, {"DBSIZE"},
				{"INFO", "nosuchsection"}, {"CONFIG", "GET", "maxmemory"},
				{"NOSUCHCOMMAND"}, {"SET", "a"}, {"GET"}, // existence and arity come first
				{"EXEC"}, {"DISCARD"}, {"WATCH", "x"}, {"UNWATCH"},
			} {
				p.Check(cmd...)
			}
			p.Check("CONFIG", "SET", "maxmemory", "0")
		}
		// A transaction whose queue holds a denyoom command is refused at
		// EXEC, and ends.
		p.Check("CONFIG", "SET", "maxmemory", "1")
		tx.Check("EXEC")
		tx.Check("EXEC")
		// Inside MULTI anything but EXEC, DISCARD, QUIT and RESET is
		// refused, even reads and MULTI itself, and dooms the transaction.
		tx.Check("MULTI")
		tx.Check("GET", "x")
		tx.Check("PING")
		tx.Check("MULTI")
		tx.Check("WATCH", "x")
		tx.Check("NOSUCHCOMMAND")
		tx.Check("EXEC")
		tx.Check("MULTI")
		tx.Check("DISCARD")
		// A transaction of reads queued before memory filled up runs.
		p.Check("CONFIG", "SET", "maxmemory", "0")
		tx.Check("MULTI")
		tx.Check("GET", "x")
		tx.Check("DEL", "nosuch")
		p.Check("CONFIG", "SET", "maxmemory", "1")
		tx.Check("EXEC")
		p.Check("DEL", "x")
		p.Check("CONFIG", "SET", "maxmemory", "0")
		p.Check("MGET", "x", "queued", "k")
	}
}

// TestOOMCheckOrder places the OOM refusal among the dispatcher's other
// checks as Redis's processCommand does: after authentication, before the
// subscriber-context and replica checks, and not while clients are paused.
func TestOOMCheckOrder(t *testing.T) {
	p, e := memoryPair(t)
	sub := p.Another(newConn(e))
	mon := p.Another(newConn(e))
	sub.Check("SUBSCRIBE", "ch")
	p.Check("CONFIG", "SET", "maxmemory", "1")
	sub.Check("SET", "a", "b")
	sub.Check("GET", "a")
	sub.Check("PING")
	sub.Check("UNSUBSCRIBE")
	sub.Check("SET", "a", "b")

	// While writes are paused nothing is refused for memory: the write
	// waits, then meets the check when the pause ends.
	p.Check("CLIENT", "PAUSE", "200", "WRITE")
	sub.Send("SET", "a", "b")
	sub.CheckNoReply("SET while paused", 50*time.Millisecond)
	sub.CheckReply("SET after the pause")

	p.Check("CONFIG", "SET", "requirepass", "secret")
	stranger := p.Another(newConn(e))
	stranger.Check("SET", "a", "b")
	stranger.Check("AUTH", "secret")
	stranger.Check("SET", "a", "b")
	p.Check("CONFIG", "SET", "requirepass", "")

	mon.Check("MONITOR")
	mon.Check("SET", "a", "b")
	mon.Check("GET", "a")
	p.Check("CONFIG", "SET", "maxmemory", "0")
}

// TestNoEvictionWhilePaused: eviction waits for a pause to end, as expiry
// does; reads meanwhile still see the keys.
func TestNoEvictionWhilePaused(t *testing.T) {
	p, _ := memoryPair(t)
	p.Check("SET", "k", "v")
	p.Check("CONFIG", "SET", "maxmemory-policy", "allkeys-random")
	p.Check("CLIENT", "PAUSE", "100000", "WRITE")
	p.Check("CONFIG", "SET", "maxmemory", "1")
	p.Check("GET", "k")
	p.Check("EXISTS", "k")
	p.Check("CLIENT", "UNPAUSE")
	p.Check("EXISTS", "k")
	p.Check("DBSIZE")
	p.Check("SET", "k", "v") // nothing left to evict
	p.Check("CONFIG", "SET", "maxmemory", "0")
}

// TestEvictionEverything: with every key evictable and a limit below the
// empty server's memory, each command first evicts all keys, then writes
// are refused.
func TestEvictionEverything(t *testing.T) {
	p, e := memoryPair(t)
	for _, policy := range []string{"allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu",
		"volatile-random", "volatile-ttl"} {
		p.Check("FLUSHALL")
		p.Check("CONFIG", "SET", "maxmemory-policy", policy)
		for i := range 20 {
			k := "key:" + strconv.Itoa(i)
			p.Check("SET", k, strings.Repeat("v", i))
			p.Check("EXPIRE", k, strconv.Itoa(1000+i))
		}
		p.Check("SET", "persistent", "v")
		p.Check("SELECT", "5")
		p.Check("SET", "in5", "v", "EX", "100")
		p.Check("SELECT", "0")
		p.Check("CONFIG", "SET", "maxmemory", "1")
		p.Check("DBSIZE")
		p.Check("SET", "k", "v")
		p.Check("EXISTS", "persistent")
		p.Check("SELECT", "5")
		p.Check("DBSIZE")
		p.Check("SELECT", "0")
		p.Check("CONFIG", "SET", "maxmemory", "0")
		p.CheckWith(sameInfo(t), "INFO", "stats")
		p.CheckWith(sameInfo(t), "INFO", "memory")
		p.CheckWith(sameInfo(t), "INFO", "keyspace")
	}
	_ = e
}

// TestEvictionSideEffects compares what eviction does besides freeing
// memory: the "evicted" keyspace events, the DEL recorded for each evicted
// key (the AOF), no changes counted, refusals without effects. The two
// servers' baselines differ (redis-server has connections and buffers of
// its own), so each side's limit is set apart, above what it uses; then
// values made with SETRANGE (no request is big: redis-server counts its
// query buffers) push both over it by the same amount.
func TestEvictionSideEffects(t *testing.T) {
	s := newSideEffects(t)
	limitAbove := func(margin int64) {
		real := usedMemoryOf(t, s.realCtl)
		s.roundTrip(s.realCtl, resp.AppendCommand(nil, []byte("CONFIG"), []byte("SET"), []byte("maxmemory"),
			[]byte(strconv.FormatInt(real+margin, 10))))
		s.e.Do(func() { s.e.cfg.maxmemory = uint64(s.e.usedMemory() + margin) })
	}
	noLimit := func() {
		s.roundTrip(s.realCtl, resp.AppendCommand(nil, []byte("CONFIG"), []byte("SET"), []byte("maxmemory"), []byte("0")))
		s.e.Do(func() { s.e.cfg.maxmemory = 0 })
	}
	// A 700000-byte string takes 768 KiB; the limits leave room for one.

	// allkeys-lru with one key, in database 3.
	runSideEffectScript(t, s, `
		CONFIG SET maxmemory-policy allkeys-lru
		SELECT 3
	`)
	limitAbove(600_000)
	runSideEffectScript(t, s, `
		SETRANGE big 699999 x
		EXISTS big
		SET small v
	`)
	noLimit()

	// volatile-ttl: of the keys with a TTL, the nearest deadline goes
	// first; keys without one are never touched.
	runSideEffectScript(t, s, `
		SELECT 0
		CONFIG SET maxmemory-policy volatile-ttl
		CONFIG SET maxmemory-samples 10
		SET persistent v
	`)
	limitAbove(1_800_000) // room for two big values, not three
	runSideEffectScript(t, s, `
		SETRANGE far 699999 x
		EXPIRE far 5000
		SETRANGE near 699999 x
		EXPIRE near 1000
		SETRANGE third 699999 x
		DBSIZE
		EXISTS persistent near far third
	`)
	noLimit()

	// volatile-lru with nothing volatile: writes are refused, nothing is
	// deleted; a read still runs.
	runSideEffectScript(t, s, `
		FLUSHALL
		CONFIG SET maxmemory-policy volatile-lru
		SET persistent v
	`)
	limitAbove(600_000)
	runSideEffectScript(t, s, `
		SETRANGE big 699999 x
		SET k v
		INCR n
		STRLEN big
		DEL big
		SET k v
	`)
	noLimit()

	// noeviction.
	runSideEffectScript(t, s, `
		FLUSHALL
		CONFIG SET maxmemory-policy noeviction
	`)
	limitAbove(600_000)
	runSideEffectScript(t, s, `
		SETRANGE big 699999 x
		SET k v
		LPUSH l a
		STRLEN big
		EXPIRE big 100
		PERSIST big
		UNLINK big
		SET k v
	`)
	noLimit()
	runSideEffectScript(t, s, `
		CONFIG SET maxmemory-samples 5
	`)
}

// TestEvictionBreaksWatch: an evicted key counts as changed for the
// transactions watching it.
func TestEvictionBreaksWatch(t *testing.T) {
	p, e := memoryPair(t)
	other := p.Another(newConn(e))
	p.Check("SET", "k", "v")
	p.Check("SET", "unwatched", "v")
	p.Check("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		p.Check("SET", "k", "v")
		p.Check("WATCH", "k")
		other.Check("CONFIG", "SET", "maxmemory", "1")
		other.Check("GET", "k")
		other.Check("CONFIG", "SET", "maxmemory", "0")
		p.Check("MULTI")
		p.Check("PING")
		p.Check("EXEC")
	}
}

// TestMaxmemoryInTransaction: CONFIG SET maxmemory inside MULTI evicts
// after the transaction, not in the middle of it.
func TestMaxmemoryInTransaction(t *testing.T) {
	p, _ := memoryPair(t)
	p.Check("SET", "k", "v")
	p.Check("CONFIG", "SET", "maxmemory-policy", "allkeys-random")
	p.Check("MULTI")
	p.Check("CONFIG", "SET", "maxmemory", "1")
	p.Check("EXISTS", "k")
	p.Check("EXEC")
	p.Check("EXISTS", "k")
	p.Check("CONFIG", "SET", "maxmemory", "0")
}
