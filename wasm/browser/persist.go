//go:build js && wasm

package main

import (
	"errors"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/wasm/host"
	"github.com/redwasm/redwasm/wasm/idb"
)

// persistence is an open database kept in IndexedDB.
type persistence struct {
	store         *idb.Store
	journal       *host.Journal
	rdb           host.RDB // nil while the engine has no RDB support
	snapshotBytes int64
	wake          chan struct{} // commit requests
}

// The log is compacted into a snapshot once it is larger than
// minRewriteBytes and than the snapshot, as Redis's auto-aof-rewrite
// (percentage 100) does with a smaller minimum.
const minRewriteBytes = 16 << 20

// openDatabase(options, callback) opens the database the options
// describe, restoring it, and calls callback(error, info) when done.
// options: {memory: true} or {name, flushToDisk, recover}, recover being
// "readable" (load what a damaged database still holds, in memory only)
// or "reset" (delete a damaged database and start afresh).
func openDatabase(this js.Value, args []js.Value) any {
	opts, callback := args[0], args[1]
	go func() {
		info, err := open(opts)
		if err != nil {
			callback.Invoke(errorValue(err), js.Null())
			return
		}
		callback.Invoke(js.Null(), js.ValueOf(info))
	}()
	return nil
}

func open(opts js.Value) (map[string]any, error) {
	if h != nil {
		return nil, errors.New("a database is open already")
	}
	e, err := newEngine()
	if err != nil {
		return nil, err
	}
	info := map[string]any{"rdb": host.EngineRDB(e) != nil}
	if opts.Get("memory").Truthy() {
		h = host.New(e, host.Options{})
		info["memory"] = true
		return info, nil
	}
	name := opts.Get("name").String()
	store, err := idb.Open(name, idb.Options{FlushToDisk: opts.Get("flushToDisk").Truthy()})
	if err != nil {
		return nil, err
	}
	recovery := opts.Get("recover")
	snapshot, log, err := store.Load()
	var damage *idb.CorruptError
	if errors.As(err, &damage) {
		switch {
		case recovery.Equal(js.ValueOf("reset")):
			store.Close()
			if err := idb.Delete(name); err != nil {
				return nil, err
			}
			if store, err = idb.Open(name, idb.Options{FlushToDisk: opts.Get("flushToDisk").Truthy()}); err != nil {
				return nil, err
			}
			snapshot, log, err = store.Load()
			info["reset"] = true
		case recovery.Equal(js.ValueOf("readable")):
			store.Close()
			return openReadable(e, damage.Snapshot, damage.ReadableLog, info)
		}
	}
	if err != nil {
		store.Close()
		return nil, err
	}
	start := time.Now()
	// The replay allocates the whole dataset at once: collecting garbage
	// less often meanwhile saves time, and the clock stands still.
	gc := debug.SetGCPercent(200)
	frozen = pageClock{}.Now()
	restored, err := host.Restore(e, snapshot, log, reportProgress("restore"))
	frozen = time.Time{}
	debug.SetGCPercent(gc)
	if err != nil {
		store.Close()
		if recovery.Equal(js.ValueOf("readable")) {
			h = host.New(e, host.Options{}) // what the replay reached
			info["recovered"] = true
			return info, nil
		}
		return nil, &replayFailure{err}
	}
	info["restoreMs"] = float64(time.Since(start).Microseconds()) / 1000
	info["snapshotBytes"] = restored.SnapshotBytes
	info["logBytes"] = restored.LogBytes

	db = &persistence{store: store, rdb: host.EngineRDB(e), snapshotBytes: int64(len(snapshot)), wake: make(chan struct{}, 1)}
	db.journal = host.NewJournal(store, int64(len(log)))
	e.SetEffectSink(db.journal.Sink)
	go db.commitLoop()
	h = host.New(e, host.Options{})
	return info, nil
}

// openReadable loads what a damaged database still holds into memory,
// for the page to look at and export; nothing is written back.
func openReadable(e *engine.Engine, snapshot, log []byte, info map[string]any) (map[string]any, error) {
	host.Restore(e, snapshot, log, nil) // best effort: keep whatever loads
	h = host.New(e, host.Options{})
	info["recovered"] = true
	info["memory"] = true
	return info, nil
}

// replayFailure is a log that reads fine but does not replay.
type replayFailure struct{ err error }

func (r *replayFailure) Error() string { return "the stored log does not replay: " + r.err.Error() }

// reportProgress returns a progress function that tells the worker at
// most every 50ms.
func reportProgress(phase string) func(done, total int64) {
	var last time.Time
	return func(done, total int64) {
		if t := time.Now(); t.Sub(last) > 50*time.Millisecond || done == total {
			last = t
			boot.Call("progress", phase, float64(done), float64(total))
		}
	}
}

// requestCommit() asks for everything written to be committed; the
// result comes through redwasmBoot.committed.
func requestCommit(this js.Value, args []js.Value) any {
	if db != nil {
		select {
		case db.wake <- struct{}{}:
		default: // a request is waiting already
		}
	}
	return nil
}

// commitLoop commits whenever asked, until everything written is stored
// or a commit fails (the next request retries it).
func (p *persistence) commitLoop() {
	for range p.wake {
		for {
			pos, err := p.journal.Commit()
			msg := js.Null()
			if err != nil {
				msg = js.ValueOf(err.Error())
			}
			boot.Call("committed", float64(pos), msg)
			if err != nil || p.journal.Idle() {
				break
			}
		}
	}
}

// compactIfDue snapshots the dataset when the log has grown enough. It
// runs between batches, so no command separates the snapshot from the
// point where the log restarts.
func (p *persistence) compactIfDue() {
	if p == nil || p.rdb == nil || p.journal.Rewriting() {
		return
	}
	if n := p.journal.LogBytes(); n < minRewriteBytes || n < p.snapshotBytes {
		return
	}
	snapshot := p.rdb.SaveRDB()
	p.journal.Rewrite(snapshot)
	p.snapshotBytes = int64(len(snapshot))
	requestCommit(js.Undefined(), nil)
}

// exportRDB() returns {bytes: Uint8Array} with the dataset as an RDB
// file, or {error}.
func exportRDB(this js.Value, args []js.Value) any {
	rdb := host.EngineRDB(h.Engine())
	if rdb == nil {
		return map[string]any{"error": host.ErrNoRDB.Error()}
	}
	b := rdb.SaveRDB()
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return map[string]any{"bytes": u}
}

// importRDB(bytes) replaces the dataset with an RDB file's and returns
// {position} to await the commit at, or {error}.
func importRDB(this js.Value, args []js.Value) any {
	rdb := host.EngineRDB(h.Engine())
	if rdb == nil {
		return map[string]any{"error": host.ErrNoRDB.Error()}
	}
	b := make([]byte, args[0].Length())
	js.CopyBytesToGo(b, args[0])
	if err := rdb.LoadRDB(b); err != nil {
		return map[string]any{"error": err.Error()}
	}
	if db == nil {
		return map[string]any{"position": 0}
	}
	db.journal.Rewrite(b)
	db.snapshotBytes = int64(len(b))
	requestCommit(js.Undefined(), nil)
	return map[string]any{"position": float64(db.journal.Written())}
}

// status() describes persistence: positions, log size, the last failure.
func status(this js.Value, args []js.Value) any {
	if db == nil {
		return map[string]any{"memory": true}
	}
	st := map[string]any{
		"written":   float64(db.journal.Written()),
		"committed": float64(db.journal.Committed()),
		"logBytes":  float64(db.journal.LogBytes()),
	}
	if err := db.journal.Err(); err != nil {
		st["error"] = err.Error()
	}
	return st
}

// errorValue describes an error for the page: {code, message, problems}.
func errorValue(err error) js.Value {
	v := map[string]any{"code": "ERROR", "message": err.Error()}
	var damage *idb.CorruptError
	var replay *replayFailure
	switch {
	case errors.As(err, &damage):
		v["code"] = "CORRUPT"
		problems := make([]any, len(damage.Problems))
		for i, p := range damage.Problems {
			problems[i] = p
		}
		v["problems"] = problems
	case errors.As(err, &replay):
		v["code"] = "CORRUPT"
		v["problems"] = []any{replay.err.Error()}
	}
	return js.ValueOf(v)
}
