//go:build js && wasm

package main

import (
	"bytes"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/wasm/host"
	"github.com/redwasm/redwasm/wasm/idb"
)

// The database's configuration in the browser: the engine's append-only
// log is the IndexedDB store, its base an RDB file (aof-use-rdb-preamble),
// compacted from 16 MB of log on. There is no dump.rdb to save to.
var persistentConfig = map[string]string{
	"appendonly":                "yes",
	"save":                      "",
	"auto-aof-rewrite-min-size": "16mb",
}

// store is the open database's IndexedDB store; nil for a database kept
// in memory only.
var store *idb.Store

// commitRequests wakes the open database's commitLoop.
var commitRequests chan struct{}

// inExport is set while JavaScript's call into Go runs (redwasm_process,
// redwasm_cron): the store must not wait for IndexedDB then.
var inExport bool

// openDatabase(options, callback) opens the database the options
// describe, loading it, and calls callback(error, info) when done.
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
	info := map[string]any{"rdb": true}
	if opts.Get("memory").Truthy() {
		e, err := newEngine(nil)
		if err != nil {
			return nil, err
		}
		h = host.New(e, host.Options{})
		info["memory"] = true
		return info, nil
	}
	name := opts.Get("name").String()
	recovery := ""
	if r := opts.Get("recover"); r.Type() == js.TypeString {
		recovery = r.String()
	}
	requests := make(chan struct{}, 1)
	storeOpts := idb.Options{
		FlushToDisk: opts.Get("flushToDisk").Truthy(),
		MustNotWait: func() bool { return inExport },
		StartCommit: func() { wake(requests) },
	}
	s, err := idb.Open(name, storeOpts)
	if err != nil {
		return nil, err
	}
	e, err := newEngine(persistentConfig)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	// The load allocates the whole dataset at once, with the clock still.
	frozen = pageClock{}.Now()
	report, err := e.AttachPersistence(engine.PersistenceOptions{AOF: s, Logf: logf})
	frozen = time.Time{}
	if err != nil {
		var damage *idb.CorruptError
		switch {
		case recovery == "reset" && errors.As(err, &damage):
			s.Close()
			if err := idb.Delete(name); err != nil {
				return nil, err
			}
			info["reset"] = true
			opts.Set("recover", "")
			result, err := open(opts)
			if result != nil {
				result["reset"] = true
			}
			return result, err
		case recovery == "readable":
			return openReadable(s, err, info)
		}
		s.Close()
		if !errors.As(err, &damage) {
			err = &loadFailure{err}
		}
		return nil, err
	}
	info["restoreMs"] = float64(time.Since(start).Microseconds()) / 1000
	info["source"] = report.Source
	info["keys"] = report.Keys
	info["commands"] = report.Commands
	info["truncated"] = report.Truncated || report.Incomplete
	store, commitRequests = s, requests
	h = host.New(e, host.Options{})
	go commitLoop(s, requests)
	return info, nil
}

// openReadable loads what a damaged database still holds into an engine
// kept in memory, for the page to look at and export; nothing is written
// back.
func openReadable(s *idb.Store, loadErr error, info map[string]any) (map[string]any, error) {
	defer s.Close()
	snapshot, log, err := s.Load()
	var damage *idb.CorruptError
	if errors.As(err, &damage) {
		snapshot, log = damage.Snapshot, damage.ReadableLog
	} else if err != nil {
		return nil, err
	}
	e, err := newEngine(nil)
	if err != nil {
		return nil, err
	}
	e.LoadAOF(snapshot, log) // best effort: keep whatever loads
	h = host.New(e, host.Options{})
	info["recovered"] = true
	info["memory"] = true
	return info, nil
}

// loadFailure is stored data that reads fine but does not load.
type loadFailure struct{ err error }

func (l *loadFailure) Error() string { return "the stored data does not load: " + l.err.Error() }

func logf(format string, args ...any) { fmt.Printf("redwasm: "+format+"\n", args...) }

// wake asks a commitLoop to commit; it never waits.
func wake(requests chan struct{}) {
	select {
	case requests <- struct{}{}:
	default: // a request is waiting already
	}
}

// requestCommit() asks the open database to commit what its engine
// wrote; the result comes through redwasmBoot.committed.
func requestCommit(this js.Value, args []js.Value) any {
	if commitRequests != nil {
		wake(commitRequests)
	}
	return nil
}

// commitLoop commits whenever asked, until everything appended is stored
// or a commit fails (the next request, or the engine's once-a-second
// fsync, tries again), and reports each outcome to the worker.
func commitLoop(store *idb.Store, requests chan struct{}) {
	for range requests {
		for {
			err := store.Sync()
			_, committed := store.Positions()
			msg := js.Null()
			if err != nil {
				msg = js.ValueOf(err.Error())
			}
			boot.Call("committed", float64(committed), msg)
			if appended, committed := store.Positions(); err != nil || committed >= appended {
				break
			}
		}
	}
}

// exportRDB() returns {bytes: Uint8Array} with the dataset as an RDB
// file, or {error}.
func exportRDB(this js.Value, args []js.Value) any {
	var buf bytes.Buffer
	if err := h.Engine().SaveRDB(&buf); err != nil {
		return map[string]any{"error": err.Error()}
	}
	u := js.Global().Get("Uint8Array").New(buf.Len())
	js.CopyBytesToJS(u, buf.Bytes())
	return map[string]any{"bytes": u}
}

// importRDB(bytes, callback) replaces the dataset with an RDB file's and
// calls callback(error) once it is stored: the engine rewrites its log
// from the new dataset.
func importRDB(this js.Value, args []js.Value) any {
	b := make([]byte, args[0].Length())
	js.CopyBytesToGo(b, args[0])
	callback := args[1]
	var finished <-chan error
	if store != nil {
		finished = store.RewriteFinished()
	}
	if err := h.Engine().LoadRDB(bytes.NewReader(b)); err != nil {
		callback.Invoke(err.Error())
		return nil
	}
	if finished == nil {
		callback.Invoke(js.Null())
		return nil
	}
	go func() {
		if err := <-finished; err != nil {
			callback.Invoke("the imported data could not be stored: " + err.Error())
			return
		}
		callback.Invoke(js.Null())
	}()
	return nil
}

// status() describes persistence: positions and the last failure.
func status(this js.Value, args []js.Value) any {
	if store == nil {
		return map[string]any{"memory": true}
	}
	appended, committed := store.Positions()
	st := map[string]any{"written": float64(appended), "committed": float64(committed)}
	if err := store.Err(); err != nil {
		st["error"] = err.Error()
	}
	return st
}

// errorValue describes an error for the page: {code, message, problems}.
func errorValue(err error) js.Value {
	v := map[string]any{"code": "ERROR", "message": err.Error()}
	var damage *idb.CorruptError
	var load *loadFailure
	switch {
	case errors.As(err, &damage):
		v["code"] = "CORRUPT"
		problems := make([]any, len(damage.Problems))
		for i, p := range damage.Problems {
			problems[i] = p
		}
		v["problems"] = problems
	case errors.As(err, &load):
		v["code"] = "CORRUPT"
		v["problems"] = []any{load.err.Error()}
	}
	return js.ValueOf(v)
}
