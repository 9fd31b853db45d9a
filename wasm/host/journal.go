package host

import (
	"strconv"
	"sync"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

// A Journal makes the engine's changes durable in an engine.Store. It is
// the engine's effect sink: effects are encoded at once in Redis's AOF
// form (SELECT when the database changes, then the commands) and kept
// pending; Commit hands everything pending to the store in one Append, so
// the writes of many commands share one commit (group commit).
//
// Positions count the bytes encoded since the journal was made, and one
// for each rewrite. A reply to a write may be released once Committed
// reaches the position Written returned after the write ran.
//
// Compaction replaces the store's log with a snapshot: the host calls
// Rewrite with a snapshot of the dataset taken between commands, and the
// next Commit writes it, dropping the effects it already holds.
//
// Sink runs with the engine locked; the other methods may be called from
// another goroutine than the engine's. Only one Commit runs at a time.
type Journal struct {
	mu        sync.Mutex
	store     engine.Store
	pending   []byte // encoded effects not yet stored, from position pendingAt
	pendingAt uint64
	selected  int // the database the log's last SELECT chose; -1: none yet
	written   uint64
	committed uint64
	logBytes  int64 // bytes in the store's log
	err       error // the last commit's failure; nil once one succeeds

	// A rewrite waiting for the next Commit: the snapshot, and the
	// position it covers.
	rewrite    []byte
	rewriteEnd uint64
	rewriting  bool

	commit sync.Mutex // held by the Commit running
}

// NewJournal returns a journal appending to store, whose log already
// holds logBytes bytes.
func NewJournal(store engine.Store, logBytes int64) *Journal {
	return &Journal{store: store, selected: -1, logBytes: logBytes}
}

// Sink is the engine's EffectSink.
func (j *Journal) Sink(effects []engine.Effect) {
	j.mu.Lock()
	defer j.mu.Unlock()
	start := len(j.pending)
	for _, ef := range effects {
		if ef.DB != j.selected {
			j.pending = resp.AppendCommand(j.pending, []byte("SELECT"), []byte(strconv.Itoa(ef.DB)))
			j.selected = ef.DB
		}
		j.pending = resp.AppendCommand(j.pending, ef.Args...)
	}
	j.written += uint64(len(j.pending) - start)
}

// Written returns the position after the last effect encoded.
func (j *Journal) Written() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.written
}

// Committed returns the position up to which everything is stored.
func (j *Journal) Committed() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.committed
}

// Err returns the failure of the last commit, or nil.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// LogBytes returns the size of the store's log.
func (j *Journal) LogBytes() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.logBytes
}

// Rewriting reports whether a rewrite waits for its commit.
func (j *Journal) Rewriting() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.rewriting
}

// Idle reports whether everything written is committed.
func (j *Journal) Idle() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.committed == j.written && !j.rewriting
}

// Rewrite asks the next Commit to replace the store's contents with
// snapshot, a dump of the whole dataset taken now: the effects pending
// are in it and are dropped. The caller must hold the engine still
// between taking the snapshot and calling Rewrite (no command may run in
// between), so that the snapshot and the log that follows meet exactly.
func (j *Journal) Rewrite(snapshot []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.written++ // the rewrite itself has a position, so its commit can be awaited
	j.rewrite = snapshot
	j.rewriteEnd = j.written
	j.rewriting = true
	j.pending = j.pending[:0]
	j.pendingAt = j.written
	j.selected = -1 // a replay of the new log starts in database 0
}

// Commit stores everything pending, the rewrite first if one was asked
// for, and returns the committed position. On failure the pending bytes
// stay pending, to be tried again by the next Commit, and the error is
// returned (and kept for Err). Commit blocks while the store works.
func (j *Journal) Commit() (uint64, error) {
	j.commit.Lock()
	defer j.commit.Unlock()

	// Take the rewrite and the batch together, so that a batch taken after
	// a rewrite was asked for is stored after it.
	j.mu.Lock()
	snapshot, rewriteEnd, rewriting := j.rewrite, j.rewriteEnd, j.rewriting
	batch := append([]byte(nil), j.pending...)
	end := j.pendingAt + uint64(len(batch))
	j.mu.Unlock()

	if rewriting {
		if err := j.store.Rewrite(snapshot); err != nil {
			return j.fail(err)
		}
		j.mu.Lock()
		if j.rewriteEnd == rewriteEnd { // no newer rewrite was asked for
			j.rewrite, j.rewriting = nil, false
		}
		j.committed = max(j.committed, rewriteEnd)
		j.logBytes = 0
		j.mu.Unlock()
	}
	if len(batch) > 0 {
		if err := j.store.Append(batch); err != nil {
			return j.fail(err)
		}
	}

	j.mu.Lock()
	defer j.mu.Unlock()
	// Sink may have added bytes meanwhile, and a Rewrite may have dropped
	// what was pending: forget only what the batch stored.
	if j.pendingAt < end {
		n := copy(j.pending, j.pending[end-j.pendingAt:])
		j.pending = j.pending[:n]
		j.pendingAt = end
	}
	j.committed = max(j.committed, end)
	j.logBytes += int64(len(batch))
	j.err = nil
	return j.committed, nil
}

func (j *Journal) fail(err error) (uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.err = err
	return j.committed, err
}
