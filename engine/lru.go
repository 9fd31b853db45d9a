package engine

import "math/rand/v2"

// Every key keeps an access clock in 24 bits, as Redis's robj.lru does.
// Under an LRU or other non-LFU maxmemory policy it is the LRU clock
// (seconds) of the last access, which OBJECT IDLETIME reports. Under an LFU
// policy it holds the minute of the last access (16 bits) and a
// logarithmic access counter (8 bits), which OBJECT FREQ reports.

// lruClock returns Redis's LRU clock: seconds, in 24 bits, the resolution
// OBJECT IDLETIME reports.
func (e *Engine) lruClock() uint32 { return uint32(e.now/1000) & lruClockMax }

const lruClockMax = 1<<24 - 1

// idleSeconds returns how long ago, in seconds, an LRU clock value was.
func (e *Engine) idleSeconds(lru uint32) int64 {
	now := e.lruClock()
	if now >= lru {
		return int64(now - lru)
	}
	return int64(now + (lruClockMax - lru))
}

// lfuInitialCount is the counter of a new key, so that it is not evicted
// before it had a chance to be used.
const lfuInitialCount = 5

// lfuPolicy reports whether the maxmemory policy tracks access frequency.
func (e *Engine) lfuPolicy() bool {
	p := maxmemoryPolicies[e.cfg.maxmemoryPolicy]
	return p == "volatile-lfu" || p == "allkeys-lfu"
}

// newAccessClock returns the access clock of a key created now.
func (e *Engine) newAccessClock() uint32 {
	if e.lfuPolicy() {
		return e.lfuMinutes()<<8 | lfuInitialCount
	}
	return e.lruClock()
}

// touch records an access to o.
func (e *Engine) touch(o *object) {
	if e.lfuPolicy() {
		counter := e.lfuIncrement(e.lfuCount(o.lru))
		o.lru = e.lfuMinutes()<<8 | uint32(counter)
		return
	}
	o.lru = e.lruClock()
}

// lfuMinutes is the LFU clock: minutes, in 16 bits.
func (e *Engine) lfuMinutes() uint32 { return uint32(e.now/60000) & 0xffff }

// lfuCount returns the access counter of an LFU clock after the decay for
// the time since the last access: one per lfu-decay-time minutes.
func (e *Engine) lfuCount(lru uint32) int {
	last, counter := lru>>8, int(lru&0xff)
	now := e.lfuMinutes()
	elapsed := now - last
	if now < last {
		elapsed = 0xffff - last + now
	}
	if e.cfg.lfuDecayTime > 0 {
		counter -= min(counter, int(elapsed)/e.cfg.lfuDecayTime)
	}
	return counter
}

// lfuIncrement bumps an access counter logarithmically: the higher it is,
// the less likely an access increments it (lfu-log-factor).
func (e *Engine) lfuIncrement(counter int) int {
	if counter == 255 {
		return counter
	}
	base := float64(max(0, counter-lfuInitialCount))
	if rand.Float64() < 1/(base*float64(e.cfg.lfuLogFactor)+1) {
		counter++
	}
	return counter
}
