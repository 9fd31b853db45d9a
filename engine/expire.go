package engine

import (
	"math"
	"strconv"
)

// Expiry: the commands that set, read and remove TTLs, and the active
// expire cycle that deletes expired keys nobody touches. Lazy expiry, the
// other half, happens in db.go whenever a command looks a key up.

func init() {
	implement(map[string]Handler{
		"expire":      expireCommand,
		"pexpire":     expireCommand,
		"expireat":    expireCommand,
		"pexpireat":   expireCommand,
		"ttl":         ttlCommand,
		"pttl":        ttlCommand,
		"expiretime":  ttlCommand,
		"pexpiretime": ttlCommand,
		"persist":     persistCommand,
	})
}

// Conditions of EXPIRE and friends.
const (
	expireNX = 1 << iota // only when the key has no TTL
	expireXX             // only when the key has a TTL
	expireGT             // only when the new deadline is later
	expireLT             // only when the new deadline is earlier
)

// Errors of the EXPIRE family.
const (
	errExpireNXWithOthers = "ERR NX and XX, GT or LT options at the same time are not compatible"
	errExpireGTAndLT      = "ERR GT and LT options at the same time are not compatible"
)

// EXPIRE key seconds [NX|XX|GT|LT]
// PEXPIRE key milliseconds [NX|XX|GT|LT]
// EXPIREAT key unix-time-seconds [NX|XX|GT|LT]
// PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT]
func expireCommand(c *Client, args [][]byte) {
	name := args[0]
	seconds := equalFold(name, "expire") || equalFold(name, "expireat")
	relative := equalFold(name, "expire") || equalFold(name, "pexpire")

	flags, ok := expireFlags(c, args[3:])
	if !ok {
		return
	}
	when, ok := c.intArg(args[2])
	if !ok {
		return
	}
	// Negative times are allowed (the key goes at once), but the unit
	// conversion and the addition of the base time must not overflow.
	if seconds {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			c.Error(errInvalidExpire(name))
			return
		}
		when *= 1000
	}
	if relative {
		if when > math.MaxInt64-c.e.now {
			c.Error(errInvalidExpire(name))
			return
		}
		when += c.e.now
	}

	key := args[1]
	if c.db.peek(key) == nil {
		c.Int(0)
		return
	}
	if flags != 0 && !expireConditionHolds(flags, c.db.expireAt(key), when) {
		c.Int(0)
		return
	}

	k := string(key)
	if when <= c.e.now && !c.e.isLoading() {
		// A deadline in the past deletes the key, and is recorded as the
		// deletion, so that replaying the log later cannot keep it.
		c.db.delete(key)
		c.e.dirty++
		c.replicateAs([]byte("DEL"), key)
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		c.Int(1)
		return
	}
	c.db.setExpire(key, when)
	// Recorded with the absolute deadline, which replays the same later.
	effect := append([][]byte{[]byte("PEXPIREAT"), key, []byte(strconv.FormatInt(when, 10))}, args[3:]...)
	c.replicateAs(effect...)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyGeneric, "expire", k, c.db.id)
	c.e.dirty++
	c.Int(1)
}

// expireFlags parses the NX|XX|GT|LT options, replying on error.
func expireFlags(c *Client, opts [][]byte) (int, bool) {
	flags := 0
	for _, opt := range opts {
		switch {
		case equalFold(opt, "nx"):
			flags |= expireNX
		case equalFold(opt, "xx"):
			flags |= expireXX
		case equalFold(opt, "gt"):
			flags |= expireGT
		case equalFold(opt, "lt"):
			flags |= expireLT
		default:
			c.Error("ERR Unsupported option " + cString(opt, len(opt)))
			return 0, false
		}
	}
	if flags&expireNX != 0 && flags&(expireXX|expireGT|expireLT) != 0 {
		c.Error(errExpireNXWithOthers)
		return 0, false
	}
	if flags&expireGT != 0 && flags&expireLT != 0 {
		c.Error(errExpireGTAndLT)
		return 0, false
	}
	return flags, true
}

// expireConditionHolds checks the NX|XX|GT|LT condition against the
// current deadline (-1 for none, which counts as infinitely far).
func expireConditionHolds(flags int, current, when int64) bool {
	switch {
	case flags&expireNX != 0 && current != -1:
		return false
	case flags&expireXX != 0 && current == -1:
		return false
	case flags&expireGT != 0 && (current == -1 || when <= current):
		return false
	case flags&expireLT != 0 && current != -1 && when >= current:
		return false
	}
	return true
}

// TTL key
// PTTL key
// EXPIRETIME key
// PEXPIRETIME key
func ttlCommand(c *Client, args [][]byte) {
	name := args[0]
	millis := equalFold(name, "pttl") || equalFold(name, "pexpiretime")
	absolute := equalFold(name, "expiretime") || equalFold(name, "pexpiretime")
	if c.db.lookupNoTouch(args[1]) == nil {
		c.Int(-2)
		return
	}
	when := c.db.expireAt(args[1])
	if when == -1 {
		c.Int(-1)
		return
	}
	t := when
	if !absolute {
		t = max(0, when-c.e.now)
	}
	if !millis {
		t = t/1000 + (t%1000+500)/1000 // rounded, without overflowing
	}
	c.Int(t)
}

// PERSIST key
func persistCommand(c *Client, args [][]byte) {
	key := args[1]
	if c.db.peek(key) == nil || !c.db.persist(key) {
		c.Int(0)
		return
	}
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyGeneric, "persist", k, c.db.id)
	c.e.dirty++
	c.Int(1)
}

// expireCycle is the state of the active expire cycle, per database.
type expireCycle struct {
	cursor uint64 // where the sampling of the database's TTLs resumes
	avgTTL int64  // running average of sampled TTLs (ms), for INFO keyspace
}

// activeExpireCycle deletes expired keys that nobody touches, as Redis's
// activeExpireCycle does from its cron: for each database it walks the
// keys with a TTL from where it stopped last time, a few at a time,
// deleting the expired ones, and goes on while more than a small share of
// the sample had expired and the cycle's time budget lasts. The effort
// (active-expire-effort) raises the sample size, the budget and the
// tolerance for leftovers.
func (e *Engine) activeExpireCycle() {
	if e.srv.activeExpireDisabled {
		return
	}
	effort := int64(e.cfg.activeExpireEffort - 1)
	perLoop := 20 + 20/4*effort
	acceptableStale := 10 - effort
	budget := (25 + 2*effort) * 1000 / int64(max(1, e.cfg.hz)) / 100 // ms
	start := e.clock.Now()

	for _, db := range e.dbs {
		state := &e.srv.expireCycles[db.id]
		for iteration := 1; ; iteration++ {
			if db.expires.Len() == 0 {
				state.avgTTL = 0
				break
			}
			target := min(int64(db.expires.Len()), perLoop)
			var sampled, expired, ttlSum, ttlSamples int64
			var batch []string
			for buckets := int64(0); sampled < target && buckets < target*20; buckets++ {
				batch = batch[:0]
				state.cursor = db.expires.Scan(state.cursor, func(key string, _ int64) {
					batch = append(batch, key)
				})
				for _, key := range batch {
					when, _ := db.expires.Get(key)
					if ttl := when - e.now; ttl > 0 {
						ttlSum += ttl
						ttlSamples++
					} else if when < e.now {
						db.expireKey(key)
						e.flushEffects() // each deletion is its own effect
						expired++
					}
					sampled++
				}
				if state.cursor == 0 || db.expires.Len() == 0 {
					break
				}
			}
			if ttlSamples > 0 {
				avg := ttlSum / ttlSamples
				if state.avgTTL == 0 {
					state.avgTTL = avg
				}
				state.avgTTL = state.avgTTL/50*49 + avg/50
			}
			if iteration%16 == 0 && e.clock.Now().Sub(start).Milliseconds() > budget {
				return
			}
			if sampled == 0 || expired*100/sampled <= acceptableStale {
				break
			}
		}
	}
}
