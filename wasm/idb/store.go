//go:build js && wasm

package idb

import (
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/hack-pad/safejs"
)

// Options configure a Store.
type Options struct {
	// FlushToDisk asks IndexedDB to flush every commit to disk before
	// reporting it ("strict" durability). Without it a commit survives the
	// tab and the browser closing or crashing, but perhaps not the
	// operating system crashing, as with Redis's appendfsync everysec.
	FlushToDisk bool
	// PieceSize bounds the pieces a snapshot is stored in; 0 means 4 MiB.
	PieceSize int
}

// ErrQuotaExceeded is returned, wrapped with the browser's message, when
// the browser refuses to store more. Nothing of the write is stored.
var ErrQuotaExceeded = errors.New("the browser's storage quota for this site is exceeded")

// DatabaseName is the IndexedDB database that holds the redwasm database
// called name.
func DatabaseName(name string) string { return "redwasm:" + name }

// A Store keeps a redwasm database in IndexedDB: a header, the current
// snapshot in pieces and the log of effects since it, one record per
// commit, in three object stores. It implements engine.Store. Only one
// Store may have a database open at a time (the page holds a Web Lock).
type Store struct {
	db      safejs.Value
	opts    Options
	m       meta   // the header as stored
	nextSeq uint32 // the sequence number of the next log group
	loaded  bool
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
				// A new database: generation 0, no snapshot, no log.
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
	return &Store{db: db, opts: opts}, nil
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
	snapshot, log, m, next, err := assemble(metaBytes, pieces, logs)
	if err != nil {
		return nil, nil, err
	}
	s.m, s.nextSeq, s.loaded = m, next, true
	return snapshot, log, nil
}

// Append stores one group of effects as the next log record.
func (s *Store) Append(effects []byte) error {
	if !s.loaded {
		return errors.New("idb: Append before Load")
	}
	tx, err := s.transaction("readwrite", logStore)
	if err != nil {
		return err
	}
	rec := encodeRecord(kindLog, s.m.gen, s.nextSeq, effects)
	if _, err := call(tx, logStore, "put", jsBytes(rec), key(s.m.gen, s.nextSeq)); err != nil {
		return err
	}
	if err := await(tx, "complete", ""); err != nil {
		return classify(err)
	}
	s.nextSeq++
	return nil
}

// Rewrite replaces the snapshot and empties the log in one transaction:
// after a crash either the old pair or the new one is stored.
func (s *Store) Rewrite(snapshot []byte) error {
	if !s.loaded {
		return errors.New("idb: Rewrite before Load")
	}
	tx, err := s.transaction("readwrite", metaStore, snapshotStore, logStore)
	if err != nil {
		return err
	}
	m := meta{gen: s.m.gen + 1, snapshotLen: uint64(len(snapshot)), snapshotCRC: crc32.Checksum(snapshot, castagnoli)}
	_, err1 := call(tx, snapshotStore, "clear")
	_, err2 := call(tx, logStore, "clear")
	errs := []error{err1, err2}
	for off := 0; off < len(snapshot); off += s.opts.PieceSize {
		piece := snapshot[off:min(off+s.opts.PieceSize, len(snapshot))]
		_, err := call(tx, snapshotStore, "put", jsBytes(encodeRecord(kindSnapshot, m.gen, m.pieces, piece)), key(m.gen, m.pieces))
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
	s.m, s.nextSeq = m, 0
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	_, err := s.db.Call("close")
	return err
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

func key(gen, seq uint32) []any { return []any{gen, seq} }

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
