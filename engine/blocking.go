package engine

import (
	"math"
	"strconv"
	"time"
)

// Blocking commands (BLPOP, BZPOPMIN, XREAD BLOCK, WAIT, ...). A client
// that must wait holds nothing: its command is parked with the keys it
// waits for. When a write makes one of those keys ready, the engine runs
// the parked commands again, in the order the clients blocked, once the
// command, transaction or script that made the key ready is over. A
// command that finds nothing to serve again stays parked in its place.
//
// A handler blocks by calling c.block after finding nothing to serve and
// checking c.denyBlocking (inside MULTI or a script blocking commands
// answer at once as if they had timed out).

// blockedState is a parked command.
type blockedState struct {
	cmd         *Command
	args        [][]byte // copied
	db          *DB
	keys        []string
	deadline    int64 // unix ms; 0 waits forever
	timer       *time.Timer
	onTimeout   func(c *Client) // writes the reply a timeout gives
	postponed   bool            // parked by CLIENT PAUSE, not by the command
	unblockable bool            // CLIENT UNBLOCK may end the wait
}

type blockKey struct {
	db  *DB
	key string
}

// blockingState is the engine's side: who waits on which key, and which
// keys became ready since the last time blocked clients were served.
type blockingState struct {
	waiting   map[blockKey][]*Client
	ready     []blockKey
	readySet  map[blockKey]bool
	postponed []*Client // parked by CLIENT PAUSE, in arrival order
	// retrying is the client whose parked command is running again now,
	// and serving the key that became ready for it (the stream readers
	// serve that key only, as Redis does).
	retrying *Client
	serving  string
}

func (bs *blockingState) init() {
	bs.waiting = map[blockKey][]*Client{}
	bs.readySet = map[blockKey]bool{}
}

// Blocking errors.
const (
	errTimeoutNotFloat = "ERR timeout is not a float or out of range"
	errTimeoutNotInt   = "ERR timeout is not an integer or out of range"
	errTimeoutNegative = "ERR timeout is negative"
	errUnblocked       = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
)

// denyBlocking reports whether a blocking command must answer at once:
// inside EXEC, or called by a script.
func (c *Client) denyBlocking() bool { return c.inExec || c.noBlock }

// timeoutArg parses a blocking timeout, seconds as a float when seconds
// is true (BLPOP) or integer milliseconds (XREAD BLOCK, WAIT, CLIENT
// PAUSE), and returns the deadline in unix ms, 0 for "forever".
func (c *Client) timeoutArg(b []byte, seconds bool) (int64, bool) {
	var ms int64
	if seconds {
		f, ok := parseLongDoubleApprox(b)
		if !ok {
			c.Error(errTimeoutNotFloat)
			return 0, false
		}
		ms = floatToInt64(f * 1000)
	} else {
		n, ok := parseIntArg(b)
		if !ok {
			c.Error(errTimeoutNotInt)
			return 0, false
		}
		ms = n
	}
	if ms < 0 {
		c.Error(errTimeoutNegative)
		return 0, false
	}
	if ms > 0 {
		// Like Redis 7.0, no overflow check: a deadline beyond int64 wraps,
		// and deadlines compare unsigned, so it never comes.
		ms += c.e.now
	}
	return ms, true
}

// parseLongDoubleApprox parses a number as strtold accepts it, into a
// float64: timeouts need no more precision. Values beyond float64's range
// come back infinite, which the caller's conversion turns into Redis's
// "timeout is negative", as the C cast does.
func parseLongDoubleApprox(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) || isHexFloat(string(b)) {
		return parseFloat(b)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if (err != nil && !isRangeErr(err)) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// floatToInt64 converts as C's cast does on x86-64: out-of-range values
// and NaN become the "integer indefinite" value, math.MinInt64.
func floatToInt64(f float64) int64 {
	if math.IsNaN(f) || f >= 9223372036854775807 || f < -9223372036854775808 {
		return math.MinInt64
	}
	return int64(f)
}

// block parks the running command until one of keys (in the client's
// database) is ready or the deadline passes; onTimeout then writes the
// reply. keys may be empty (WAIT). Called again while the parked command
// is being retried, it leaves the client parked where it was.
func (c *Client) block(keys [][]byte, deadline int64, onTimeout func(c *Client)) {
	if c.e.blocking.retrying == c {
		c.stillBlocked = true
		return
	}
	b := &blockedState{db: c.db, deadline: deadline, onTimeout: onTimeout, unblockable: true}
	b.cmd = c.runningCmd
	b.args = copyArgs(c.runningArgs)
	for _, k := range keys {
		bk := blockKey{db: c.db, key: string(k)}
		b.keys = append(b.keys, bk.key)
		c.e.blocking.waiting[bk] = append(c.e.blocking.waiting[bk], c)
	}
	c.blocked = b
	c.startBlockTimer()
	c.e.stats.blockedClients++
}

func copyArgs(args [][]byte) [][]byte {
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	return cp
}

// startBlockTimer arranges for the timeout to fire in real time. The
// clock decides: a timer that fires early (a fake clock) leaves the work
// to Cron.
func (c *Client) startBlockTimer() {
	b := c.blocked
	if b.deadline == 0 {
		return
	}
	e := c.e
	if uint64(b.deadline) < uint64(e.now) {
		return // wrapped past int64: never
	}
	wait := time.Duration(b.deadline-e.now) * time.Millisecond
	b.timer = time.AfterFunc(wait, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.refreshNow()
		e.timeoutBlockedClients()
	})
}

// unblock removes the client from every wait list and wakes its host.
func (c *Client) unblock() {
	b := c.blocked
	if b == nil {
		return
	}
	if b.timer != nil {
		b.timer.Stop()
	}
	for _, k := range b.keys {
		bk := blockKey{db: b.db, key: k}
		list := removeClient(c.e.blocking.waiting[bk], c)
		if len(list) == 0 {
			delete(c.e.blocking.waiting, bk)
		} else {
			c.e.blocking.waiting[bk] = list
		}
	}
	if b.postponed {
		c.e.blocking.postponed = removeClient(c.e.blocking.postponed, c)
	} else {
		c.e.stats.blockedClients--
	}
	c.blocked = nil
	c.wake()
}

// signalKeyAsReady notes that key may now serve clients blocked on it.
func (e *Engine) signalKeyAsReady(db *DB, key string) {
	bk := blockKey{db: db, key: key}
	if len(e.blocking.waiting[bk]) == 0 || e.blocking.readySet[bk] {
		return
	}
	e.blocking.readySet[bk] = true
	e.blocking.ready = append(e.blocking.ready, bk)
}

// SignalReady is signalKeyAsReady for the stream commands, which wake
// readers on every new entry, not just on new keys.
func (db *DB) signalReady(key []byte) { db.e.signalKeyAsReady(db, string(key)) }

// serveBlockedClients runs the parked commands of clients waiting on keys
// that became ready, in blocking order, until no ready key is left: a
// served command may make other keys ready (BLMOVE).
func (e *Engine) serveBlockedClients() {
	for len(e.blocking.ready) > 0 {
		ready := e.blocking.ready
		e.blocking.ready = nil
		clear(e.blocking.readySet)
		for _, bk := range ready {
			waiting := append([]*Client(nil), e.blocking.waiting[bk]...)
			for _, c := range waiting {
				if c.blocked == nil || c.blocked.db != bk.db {
					continue
				}
				e.blocking.serving = bk.key
				c.retryBlocked()
			}
		}
	}
}

// retryBlocked runs a parked command again; it either replies, ending the
// wait, or blocks again, staying parked.
func (c *Client) retryBlocked() {
	b := c.blocked
	e := c.e
	saved := c.db
	c.db = b.db
	c.stillBlocked = false
	e.blocking.retrying = c
	c.runningCmd, c.runningArgs = b.cmd, b.args
	c.call(b.cmd, b.args)
	e.blocking.retrying = nil
	c.db = saved
	if !c.stillBlocked {
		c.unblock()
	}
	c.stillBlocked = false
}

// timeoutBlockedClients answers the clients whose deadline passed.
func (e *Engine) timeoutBlockedClients() {
	for _, c := range e.clients {
		if b := c.blocked; b != nil && !b.postponed && b.deadline != 0 && uint64(b.deadline) <= uint64(e.now) {
			b.onTimeout(c)
			c.unblock()
		}
	}
}
