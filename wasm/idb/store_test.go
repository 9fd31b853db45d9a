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

func TestStoreRoundTrip(t *testing.T) {
	name := freshName()
	s := mustOpen(t, name)
	if snap, log := mustLoad(t, s); snap != nil || log != nil {
		t.Fatalf("new database holds %q, %q", snap, log)
	}
	for _, g := range []string{"one;", "two;"} {
		if err := s.Append([]byte(g)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	s = mustOpen(t, name)
	if snap, log := mustLoad(t, s); snap != nil || string(log) != "one;two;" {
		t.Fatalf("reopened: %q, %q", snap, log)
	}
	snapshot := bytes.Repeat([]byte("0123456789abcdef"), 5) // several pieces
	if err := s.Rewrite(snapshot); err != nil {
		t.Fatal(err)
	}
	if err := s.Append([]byte("three;")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpen(t, name)
	if snap, log := mustLoad(t, s); !bytes.Equal(snap, snapshot) || string(log) != "three;" {
		t.Fatalf("after rewrite: %q, %q", snap, log)
	}
	// A second compaction replaces the first.
	if err := s.Rewrite([]byte("small")); err != nil {
		t.Fatal(err)
	}
	if snap, log := mustLoad(t, s); string(snap) != "small" || log != nil {
		t.Fatalf("after second rewrite: %q, %q", snap, log)
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
	s.Append([]byte("lost;"))
	s.Close()

	jsPut(t, name, logStore, []byte("not a record"), uint32(0), uint32(1))
	s = mustOpen(t, name)
	_, _, err := s.Load()
	var ce *CorruptError
	if !errors.As(err, &ce) || string(ce.ReadableLog) != "good;" {
		t.Fatalf("Load = %v", err)
	}
	if err := s.Append([]byte("x")); err == nil {
		t.Fatal("Append on a damaged database that failed to load")
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
	err := s.Append([]byte("too much"))
	if !errors.Is(err, ErrQuotaExceeded) {
		t.Fatalf("Append = %v", err)
	}
	// Nothing was stored, and the next append works.
	if err := s.Append([]byte("fits;")); err != nil {
		t.Fatal(err)
	}
	if _, log := mustLoad(t, s); string(log) != "fits;" {
		t.Fatalf("log %q", log)
	}
}
