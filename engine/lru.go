package engine

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
