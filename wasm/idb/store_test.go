//go:build js && wasm

package idb

import (
	"bytes"
	"errors"
	"fmt"
	"syscall/js"
	"testing"
)

var testDBs = 0

// freshName returns the name of a database no test used.
func freshName() string {
	testDBs++
	return fmt.Sprintf("test-%d", testDBs)
}

func mustOpen(t *testing.T, name string) *Store {
	t.Helper()
	s, err := Open(name, Options{PieceSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustLoad(t *testing.T, s *Store) (snapshot, log []byte) {
	t.Helper()
	snapshot, log, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return snapshot, log
}

func mustSync(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
}

func TestStoreRoundTrip(t *testing.T) {
	name := freshName()
	s := mustOpen(t, name)
	if snap, log := mustLoad(t, s); snap != nil || log != nil {
		t.Fatalf("new database holds %q, %q", snap, log)
	}
	s.Append([]byte("one;"))
	s.Append([]byte("two;"))
	if a, c := s.Positions(); a != 8 || c != 0 {
		t.Fatalf("positions before sync %d %d", a, c)
	}
	mustSync(t, s)
	s.Append([]byte("three;"))
	mustSync(t, s)
	if a, c := s.Positions(); a != 14 || c != 14 {
		t.Fatalf("positions after sync %d %d", a, c)
	}
	s.Append([]byte("unsynced;")) // lost: never committed
	s.Close()

	s = mustOpen(t, name)
	if snap, log := mustLoad(t, s); snap != nil || string(log) != "one;two;three;" {
		t.Fatalf("reopened: %q, %q", snap, log)
	}
	// A rewrite: appends before StartRewrite belong to the old segments,
	// appends after it survive FinishRewrite.
	s.Append([]byte("before;"))
	s.StartRewrite()
	s.Append([]byte("after;"))
	mustSync(t, s)
	snapshot := bytes.Repeat([]byte("0123456789abcdef"), 5) // several pieces
	finished := s.RewriteFinished()
	if err := s.FinishRewrite(snapshot); err != nil {
		t.Fatal(err)
	}
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	s.Append([]byte("later;"))
	mustSync(t, s)
	s.Close()

	s = mustOpen(t, name)
	if snap, log := mustLoad(t, s); !bytes.Equal(snap, snapshot) || string(log) != "after;later;" {
		t.Fatalf("after rewrite: %q, %q", snap, log)
	}
	// A rewrite started with appends not committed yet: the snapshot holds
	// them, and they count as committed once it is stored.
	s.Append([]byte("pending;"))
	s.StartRewrite()
	if err := s.FinishRewrite([]byte("small")); err != nil {
		t.Fatal(err)
	}
	if a, c := s.Positions(); a != c {
		t.Fatalf("positions after rewrite %d %d", a, c)
	}
	if snap, log := mustLoad(t, s); string(snap) != "small" || log != nil {
		t.Fatalf("after second rewrite: %q, %q", snap, log)
	}
}

func TestSyncThatMustNotWait(t *testing.T) {
	started := 0
	busy := true
	s, err := Open(freshName(), Options{MustNotWait: func() bool { return busy }, StartCommit: func() { started++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustLoad(t, s)
	s.Append([]byte("x;"))
	if err := s.Sync(); err != nil || started != 1 {
		t.Fatalf("Sync = %v, %d commits started", err, started)
	}
	if _, c := s.Positions(); c != 0 {
		t.Fatal("committed without waiting")
	}
	busy = false
	mustSync(t, s)
	if a, c := s.Positions(); a != c {
		t.Fatalf("positions %d %d", a, c)
	}
}

// jsPut stores a raw value in an object store, as damage would.
func jsPut(t *testing.T, name, store string, value []byte, key ...any) {
	t.Helper()
	done := make(chan string, 1)
	cb := js.FuncOf(func(this js.Value, args []js.Value) any { done <- args[0].String(); return nil })
	defer cb.Release()
	u := js.Global().Get("Uint8Array").New(len(value))
	js.CopyBytesToJS(u, value)
	var k any = key[0]
	if len(key) > 1 {
		k = []any{key[0], key[1]}
	}
	js.Global().Get("Function").New("name", "store", "value", "key", "cb", `
		const req = indexedDB.open(name);
		req.onsuccess = () => {
			const db = req.result;
			const tx = db.transaction(store, "readwrite");
			tx.objectStore(store).put(value, key);
			tx.oncomplete = () => { db.close(); cb("ok"); };
			tx.onerror = () => { db.close(); cb(String(tx.error)); };
		};
		req.onerror = () => cb(String(req.error));
	`).Invoke(DatabaseName(name), store, u, k, cb)
	if got := <-done; got != "ok" {
		t.Fatal(got)
	}
}

func TestStoreDetectsDamage(t *testing.T) {
	name := freshName()
	s := mustOpen(t, name)
	mustLoad(t, s)
	s.Append([]byte("good;"))
	mustSync(t, s)
	s.Append([]byte("lost;"))
	mustSync(t, s)
	s.Close()

	// The appends went to segment 1 (a fresh one after loading).
	jsPut(t, name, logStore, []byte("not a record"), uint32(1), uint32(1))
	s = mustOpen(t, name)
	_, _, err := s.Load()
	var ce *CorruptError
	if !errors.As(err, &ce) || string(ce.ReadableLog) != "good;" {
		t.Fatalf("Load = %v", err)
	}
	s.Append([]byte("x"))
	if err := s.Sync(); err == nil {
		t.Fatal("Sync on a damaged database that failed to load")
	}
	s.Close()

	// Starting afresh: the database is gone, a new one is empty.
	if err := Delete(name); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, name)
	if snap, log := mustLoad(t, s); snap != nil || log != nil {
		t.Fatalf("after Delete: %q, %q", snap, log)
	}
}

func TestStoreQuotaExceeded(t *testing.T) {
	s := mustOpen(t, freshName())
	mustLoad(t, s)
	// Make the next transaction abort as a full disk makes it abort.
	js.Global().Get("Function").New(`
		const orig = IDBObjectStore.prototype.put;
		IDBObjectStore.prototype.put = function (...args) {
			IDBObjectStore.prototype.put = orig;
			const tx = this.transaction;
			const req = orig.apply(this, args);
			queueMicrotask(() => {
				Object.defineProperty(tx, "error", { value: new DOMException("the disk is full", "QuotaExceededError") });
				tx.abort();
			});
			return req;
		};
	`).Invoke()
	s.Append([]byte("too much;"))
	err := s.Sync()
	if !errors.Is(err, ErrQuotaExceeded) || !errors.Is(s.Err(), ErrQuotaExceeded) {
		t.Fatalf("Sync = %v", err)
	}
	// Nothing was stored and nothing is lost: the next sync stores it all.
	s.Append([]byte("fits;"))
	mustSync(t, s)
	if s.Err() != nil {
		t.Fatal(s.Err())
	}
	if _, log := mustLoad(t, s); string(log) != "too much;fits;" {
		t.Fatalf("log %q", log)
	}
}
