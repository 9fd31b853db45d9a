//go:build js && wasm

package idb

import (
	"errors"
	"fmt"
	"hash/crc32"
	"sync"

	"github.com/hack-pad/safejs"
)

// Options configure a Store.
type Options struct {
	// FlushToDisk asks IndexedDB to flush every commit to disk before
	// reporting it ("strict" durability). Without it a commit survives the
	// tab and the browser closing or crashing, but perhaps not the
	// operating system crashing.
	FlushToDisk bool
	// PieceSize bounds the pieces a snapshot is stored in; 0 means 4 MiB.
	PieceSize int
	// MustNotWait reports whether the caller runs inside a call from
	// JavaScript (an exported function), where waiting for IndexedDB would
	// deadlock: Sync then only starts a commit, through StartCommit.
	MustNotWait func() bool
	// StartCommit asks for Sync to be called soon from a goroutine that
	// may wait.
	StartCommit func()
}

// ErrQuotaExceeded is returned, wrapped with the browser's message, when
// the browser refuses to store more. Nothing of the write is stored.
var ErrQuotaExceeded = errors.New("the browser's storage quota for this site is exceeded")

// DatabaseName is the IndexedDB database that holds the redwasm database
// called name.
func DatabaseName(name string) string { return "redwasm:" + name }

// A Store keeps a redwasm database in IndexedDB: a header, the snapshot
// (the AOF base) in pieces and the log of effects since, in segments of
// records. It implements engine.Store:
//
//   - Append and StartRewrite only note what to store, in memory: the
//     engine calls them with its lock held, inside the page's calls.
//   - Sync commits what was appended, one record per segment, in one
//     transaction: the writes of many commands share one commit.
//   - FinishRewrite stores the new snapshot and drops the segments it
//     replaces, in one transaction.
//
// Only one Store may have a database open at a time (the page holds a Web
// Lock for it).
type Store struct {
	db   safejs.Value
	opts Options

	mu        sync.Mutex // guards what follows; never held while waiting
	chunks    []chunk    // appended, not committed, in order
	taken     int        // chunks a commit is writing: appends no longer join them
	segment   uint32     // the segment appends go to
	rewriting uint32     // the segment the last StartRewrite started
	base      uint32     // the committed snapshot's base segment
	nextSeq   uint32     // the next record number in the last committed segment
	seqOf     uint32     // ... and which segment that is
	appended  uint64     // bytes ever appended (positions)
	committed uint64     // bytes ever committed or replaced by a committed snapshot
	lastErr   error      // the last commit's failure, nil after a success
	rewrites  uint64     // rewrites finished
	finished  chan error // closed and replaced when a rewrite finishes
	loaded    bool

	commit sync.Mutex // held by the goroutine waiting for IndexedDB
}

// A chunk is appended bytes of one segment, ending at position end.
type chunk struct {
	segment uint32
	data    []byte
	end     uint64
}

// Object stores.
const (
	metaStore     = "meta"
	snapshotStore = "snapshot"
	logStore      = "log"
	metaKey       = "header"
)

// Open opens (creating when needed) the database called name.
func Open(name string, opts Options) (*Store, error) {
	if opts.PieceSize <= 0 {
		opts.PieceSize = 4 << 20
	}
	factory, err := safejs.Global().Get("indexedDB")
	if err != nil || factory.IsUndefined() || factory.IsNull() {
		return nil, errors.New("IndexedDB is not available here")
	}
	req, err := factory.Call("open", DatabaseName(name), 1)
	if err != nil {
		return nil, err
	}
	upgrade, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		db, _ := req.Get("result")
		for _, s := range []string{metaStore, snapshotStore, logStore} {
			store, _ := db.Call("createObjectStore", s)
			if s == metaStore {
				// A new database: base segment 0, no snapshot, no log.
				store.Call("put", jsBytes(encodeMeta(meta{snapshotCRC: crc32.Checksum(nil, castagnoli)})), metaKey)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade.Value())
	if err := await(req, "success", "blocked"); err != nil {
		return nil, fmt.Errorf("opening IndexedDB database %q: %w", DatabaseName(name), err)
	}
	db, err := req.Get("result")
	if err != nil {
		return nil, err
	}
	return &Store{db: db, opts: opts, finished: make(chan error, 1)}, nil
}

// Delete removes the database called name and everything in it.
func Delete(name string) error {
	factory, err := safejs.Global().Get("indexedDB")
	if err != nil {
		return err
	}
	req, err := factory.Call("deleteDatabase", DatabaseName(name))
	if err != nil {
		return err
	}
	return await(req, "success", "blocked")
}

// Load reads and checks everything stored. Damaged data gives a
// *CorruptError describing the damage and holding what is readable.
func (s *Store) Load() (snapshot, log []byte, err error) {
	tx, err := s.transaction("readonly", metaStore, snapshotStore, logStore)
	if err != nil {
		return nil, nil, err
	}
	// Issue every request before waiting for any.
	metaReq, err1 := call(tx, metaStore, "get", metaKey)
	piecesReq, err2 := call(tx, snapshotStore, "getAll")
	logReq, err3 := call(tx, logStore, "getAll")
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, nil, err
	}
	if err := await(tx, "complete", ""); err != nil {
		return nil, nil, fmt.Errorf("reading the database: %w", err)
	}
	metaVal, _ := metaReq.Get("result")
	var metaBytes []byte
	if !metaVal.IsUndefined() {
		if metaBytes, err = bytesOf(metaVal); err != nil {
			return nil, nil, err
		}
	}
	pieces, err := bytesList(piecesReq)
	if err != nil {
		return nil, nil, err
	}
	logs, err := bytesList(logReq)
	if err != nil {
		return nil, nil, err
	}
	snapshot, log, m, last, err := assemble(metaBytes, pieces, logs)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Appends from now on go to a fresh segment.
	s.base, s.segment, s.rewriting, s.loaded = m.base, last+1, last+1, true
	s.seqOf, s.nextSeq = s.segment, 0
	return snapshot, log, nil
}

// Append notes effects to store with the next Sync. It does not wait.
func (s *Store) Append(effects []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appended += uint64(len(effects))
	if n := len(s.chunks); n > s.taken && s.chunks[n-1].segment == s.segment {
		s.chunks[n-1].data = append(s.chunks[n-1].data, effects...)
		s.chunks[n-1].end = s.appended
		return nil
	}
	s.chunks = append(s.chunks, chunk{segment: s.segment, data: append([]byte(nil), effects...), end: s.appended})
	return nil
}

// StartRewrite starts a new log segment. It does not wait.
func (s *Store) StartRewrite() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.segment++
	s.rewriting = s.segment
	return nil
}

// Sync commits everything appended. Called where it must not wait
// (Options.MustNotWait), it starts the commit and returns the last
// commit's failure, if any: the page holds the replies to writes until a
// commit covers them, so nothing is acknowledged early either way.
func (s *Store) Sync() error {
	if s.opts.MustNotWait != nil && s.opts.MustNotWait() {
		if s.opts.StartCommit != nil {
			s.opts.StartCommit()
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.lastErr
	}
	s.commit.Lock()
	defer s.commit.Unlock()
	return s.commitAppended()
}

// commitAppended writes the chunks appended so far, one log record each,
// in one transaction. s.commit is held.
func (s *Store) commitAppended() error {
	s.mu.Lock()
	if !s.loaded {
		s.mu.Unlock()
		return errors.New("idb: writing before Load")
	}
	chunks := append([]chunk(nil), s.chunks...)
	s.taken = len(chunks)
	seqOf, nextSeq := s.seqOf, s.nextSeq
	s.mu.Unlock()
	if len(chunks) == 0 {
		return nil
	}
	tx, err := s.transaction("readwrite", logStore)
	if err != nil {
		return s.failed(err)
	}
	for _, c := range chunks {
		if c.segment != seqOf {
			seqOf, nextSeq = c.segment, 0
		}
		if _, err := call(tx, logStore, "put", jsBytes(encodeRecord(kindLog, c.segment, nextSeq, c.data)), key(c.segment, nextSeq)); err != nil {
			tx.Call("abort")
			return s.failed(err)
		}
		nextSeq++
	}
	if err := await(tx, "complete", ""); err != nil {
		return s.failed(classify(err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chunks = s.chunks[len(chunks):] // Append only adds after them meanwhile
	s.taken = 0
	s.seqOf, s.nextSeq = seqOf, nextSeq
	s.committed = max(s.committed, chunks[len(chunks)-1].end)
	s.lastErr = nil
	return nil
}

func (s *Store) failed(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.taken = 0
	s.lastErr = err
	return err
}

// FinishRewrite stores snapshot as the base of the segment the last
// StartRewrite started and drops the segments before it, in one
// transaction: after a crash either the old base and log or the new ones
// are stored.
func (s *Store) FinishRewrite(snapshot []byte) error {
	s.commit.Lock()
	defer s.commit.Unlock()
	err := s.finishRewrite(snapshot)
	s.mu.Lock()
	if err == nil {
		s.rewrites++
	}
	done := s.finished
	s.finished = make(chan error, 1)
	s.mu.Unlock()
	select {
	case done <- err:
	default:
	}
	close(done)
	return err
}

func (s *Store) finishRewrite(snapshot []byte) error {
	s.mu.Lock()
	if !s.loaded {
		s.mu.Unlock()
		return errors.New("idb: writing before Load")
	}
	base := s.rewriting
	s.mu.Unlock()
	tx, err := s.transaction("readwrite", metaStore, snapshotStore, logStore)
	if err != nil {
		return err
	}
	m := meta{base: base, snapshotLen: uint64(len(snapshot)), snapshotCRC: crc32.Checksum(snapshot, castagnoli)}
	keyRange, _ := safejs.Global().Get("IDBKeyRange")
	older, _ := keyRange.Call("upperBound", key(base, 0), true)
	_, err1 := call(tx, snapshotStore, "clear")
	_, err2 := call(tx, logStore, "delete", older)
	errs := []error{err1, err2}
	for off := 0; off < len(snapshot); off += s.opts.PieceSize {
		piece := snapshot[off:min(off+s.opts.PieceSize, len(snapshot))]
		_, err := call(tx, snapshotStore, "put", jsBytes(encodeRecord(kindSnapshot, base, m.pieces, piece)), key(base, m.pieces))
		errs = append(errs, err)
		m.pieces++
	}
	_, err = call(tx, metaStore, "put", jsBytes(encodeMeta(m)), metaKey)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		tx.Call("abort")
		return err
	}
	if err := await(tx, "complete", ""); err != nil {
		return classify(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = base
	// Appended bytes of the replaced segments are in the snapshot now.
	for len(s.chunks) > 0 && s.chunks[0].segment < base {
		s.committed = max(s.committed, s.chunks[0].end)
		s.chunks = s.chunks[1:]
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	_, err := s.db.Call("close")
	return err
}

// Positions tells how many bytes were ever appended and how many of them
// are committed (or held by a committed snapshot). A reply may be
// acknowledged once committed reaches what was appended when its command
// ran.
func (s *Store) Positions() (appended, committed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.appended, s.committed
}

// Err returns the last commit's failure, or nil.
func (s *Store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// RewriteFinished returns a channel that receives the outcome of the next
// rewrite to finish (nil on success) and is then closed.
func (s *Store) RewriteFinished() <-chan error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished
}

func (s *Store) transaction(mode string, stores ...string) (safejs.Value, error) {
	names := make([]any, len(stores))
	for i, n := range stores {
		names[i] = n
	}
	durability := "relaxed"
	if s.opts.FlushToDisk {
		durability = "strict"
	}
	return s.db.Call("transaction", names, mode, map[string]any{"durability": durability})
}

// call runs method on an object store of tx and returns its request.
func call(tx safejs.Value, store, method string, args ...any) (safejs.Value, error) {
	os, err := tx.Call("objectStore", store)
	if err != nil {
		return safejs.Value{}, err
	}
	return os.Call(method, args...)
}

func key(segment, seq uint32) []any { return []any{segment, seq} }

// await waits for target (a request or a transaction) to fire ok, or an
// error. A non-empty stall names an event that means the wait cannot end
// (another tab blocks an open or delete).
func await(target safejs.Value, ok, stall string) error {
	done := make(chan error, 1)
	var funcs []safejs.Func
	var events []string
	on := func(event string, result func() error) {
		f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
			select {
			case done <- result():
			default:
			}
			return nil
		})
		if err != nil {
			done <- err
			return
		}
		funcs = append(funcs, f)
		events = append(events, "on"+event)
		target.Set("on"+event, f.Value())
	}
	failure := func() error {
		e, _ := target.Get("error")
		return domError(e)
	}
	on(ok, func() error { return nil })
	on("error", failure)
	on("abort", failure) // transactions also end by aborting
	if stall != "" {
		on(stall, func() error { return errors.New("the database is open in another tab") })
	}
	err := <-done
	for _, ev := range events {
		target.Set(ev, nil) // later events must not call released functions
	}
	for _, f := range funcs {
		f.Release()
	}
	return err
}

// DOMError is an error the browser reported.
type DOMError struct{ Name, Message string }

func (e *DOMError) Error() string { return e.Name + ": " + e.Message }

func domError(e safejs.Value) error {
	if e.IsNull() || e.IsUndefined() {
		return &DOMError{Name: "AbortError", Message: "the transaction was aborted"}
	}
	name, _ := e.Get("name")
	msg, _ := e.Get("message")
	n, _ := name.String()
	m, _ := msg.String()
	return &DOMError{Name: n, Message: m}
}

// classify turns a failed write's error into ErrQuotaExceeded when it is one.
func classify(err error) error {
	var de *DOMError
	if errors.As(err, &de) && de.Name == "QuotaExceededError" {
		return fmt.Errorf("%w (%s)", ErrQuotaExceeded, de.Message)
	}
	return err
}

func jsBytes(b []byte) safejs.Value {
	ctor, _ := safejs.Global().Get("Uint8Array")
	u, _ := ctor.New(len(b))
	safejs.CopyBytesToJS(u, b)
	return u
}

func bytesOf(v safejs.Value) ([]byte, error) {
	n, err := v.Length()
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(b, v); err != nil {
		return nil, fmt.Errorf("a stored value is not bytes: %w", err)
	}
	return b, nil
}

func bytesList(req safejs.Value) ([][]byte, error) {
	arr, err := req.Get("result")
	if err != nil {
		return nil, err
	}
	n, err := arr.Length()
	if err != nil {
		return nil, err
	}
	out := make([][]byte, n)
	for i := range out {
		v, err := arr.Index(i)
		if err != nil {
			return nil, err
		}
		if out[i], err = bytesOf(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}
