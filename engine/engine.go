package engine

import (
	"context"
	"sync"
	"time"
)

// Clock tells the time. Tests inject a fake one; the engine reads it once
// per command, so a command sees one instant throughout.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Options configure a new Engine.
type Options struct {
	// Clock defaults to the real time.
	Clock Clock
	// Config holds initial configuration parameters as redis.conf would,
	// e.g. {"requirepass": "secret", "databases": "16"}.
	Config map[string]string
}

// Engine is one Redis-compatible database: keyspaces, clients and server
// state. It is safe for concurrent use; commands run one at a time, each
// atomically, as in Redis.
type Engine struct {
	mu    sync.Mutex
	clock Clock
	cfg   *config
	dbs   []*DB

	clients      []*Client // in creation order, as CLIENT LIST shows them
	nextClientID int64

	now       int64 // unix ms, frozen for the command running now
	dirty     int64 // changes since the last save, as Redis's server.dirty
	startTime time.Time
	stats     stats
	srv       serverState // identity, statistics and switches of server.go

	// busy is the script running for longer than busy-reply-threshold:
	// other clients get BUSY until it ends.
	busy       busyScript
	effects    []Effect // of the top-level unit running now
	effectSink EffectSink

	watchers map[watchedKey]map[*Client]*watch // WATCHed keys
	pubsub   pubsubState
	blocking blockingState
	monitors []*Client
	pause    pauseState
	persist  persistState  // persist.go: saves, the AOF, loading
	mem      memoryAccount // used_memory (memaccount.go)
	evict    evictionState // maxmemory (evict.go)

	scripting Scripting // scripting.go: EVAL and FUNCTION, from package lua
}

// stats are the counters INFO shows.
type stats struct {
	connectionsReceived int64
	commandsProcessed   int64
	keyspaceHits        int64
	keyspaceMisses      int64
	expiredKeys         int64
	errorReplies        int64
	rejectedCalls       int64
	blockedClients      int64
	errorCodes          map[string]int64 // "ERR" -> count, for errorstats
}

// New returns an empty engine.
func New(opts Options) (*Engine, error) {
	e := &Engine{clock: opts.Clock, startTime: time.Now(), nextClientID: 1}
	if e.clock == nil {
		e.clock = realClock{}
	}
	e.cfg = newConfig()
	for name, value := range opts.Config {
		if err := e.cfg.set(e, name, value); err != nil {
			return nil, err
		}
	}
	e.dbs = make([]*DB, e.cfg.databases)
	for i := range e.dbs {
		e.dbs[i] = newDB(e, i)
	}
	e.stats.errorCodes = map[string]int64{}
	e.watchers = map[watchedKey]map[*Client]*watch{}
	e.pubsub.init()
	e.blocking.init()
	e.srv.init(e)
	e.persist.init()
	e.refreshNow()
	return e, nil
}

// refreshNow reads the clock into e.now (and e.srv.nowTime, from which the
// command that follows is timed).
func (e *Engine) refreshNow() {
	e.srv.nowTime = e.clock.Now()
	e.now = e.srv.nowTime.UnixMilli()
}

// Do runs fn holding the engine's lock: nothing else runs meanwhile. Hosts
// use it to batch work; fn must not call back into locking methods.
func (e *Engine) Do(fn func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn()
}

// Cron runs the engine's periodic work, as Redis's serverCron does: active
// expiry, client timeouts. Hosts call it about Config("hz") times a second.
func (e *Engine) Cron() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.busy != nil {
		return // a script holds the dataset: it lets clients in, not this
	}
	e.refreshNow()
	if e.paused() == pauseOff {
		e.activeExpireCycle()
	}
	e.timeoutBlockedClients()
	e.serveBlockedClients()
	e.memoryCron()
	e.serverCron()
	e.persistCron()
	e.flushEffects()
}

// RunCron calls Cron hz times a second (the "hz" parameter, read each
// time, so CONFIG SET hz applies) until ctx ends. Hosts run it in a
// goroutine.
func (e *Engine) RunCron(ctx context.Context) {
	for {
		e.mu.Lock()
		hz := e.cfg.hz
		e.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second / time.Duration(hz)):
			e.Cron()
		}
	}
}
