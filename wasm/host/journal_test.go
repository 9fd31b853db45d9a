package host

import (
	"errors"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine"
)

// flakyStore is a MemoryStore whose writes can be made to fail.
type flakyStore struct {
	engine.MemoryStore
	fail    error
	appends int
}

func (s *flakyStore) Append(b []byte) error {
	if s.fail != nil {
		return s.fail
	}
	s.appends++
	return s.MemoryStore.Append(b)
}

func (s *flakyStore) Rewrite(b []byte) error {
	if s.fail != nil {
		return s.fail
	}
	return s.MemoryStore.Rewrite(b)
}

func journaled(t *testing.T, store engine.Store) (*Host, *Journal) {
	t.Helper()
	h := newHost(t)
	j := NewJournal(store, 0)
	h.Engine().SetEffectSink(j.Sink)
	return h, j
}

// restored loads store into a fresh engine and returns a host on it.
func restored(t *testing.T, store engine.Store) *Host {
	t.Helper()
	snap, log, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := newHost(t)
	if _, err := Restore(h.Engine(), snap, log, nil); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestJournalGroupCommit(t *testing.T) {
	store := &flakyStore{}
	h, j := journaled(t, store)
	run(t, h, connect(1, 2),
		line(1, "SET a 1"), line(1, "INCR a"), line(1, "SELECT 3"), line(1, "RPUSH l x y"),
		line(1, "MULTI"), line(1, "INCR a"), line(1, "SET b 2"), line(1, "EXEC"), line(1, "GET a"))
	if j.Written() == 0 || j.Committed() != 0 || j.Idle() {
		t.Fatalf("written %d committed %d", j.Written(), j.Committed())
	}
	pos, err := j.Commit()
	if err != nil || pos != j.Written() || !j.Idle() {
		t.Fatalf("Commit = %d, %v; written %d", pos, err, j.Written())
	}
	if store.appends != 1 {
		t.Fatalf("%d appends for one commit", store.appends)
	}
	_, log, _ := store.Load()
	want := "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n" +
		"*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*4\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\nx\r\n$1\r\ny\r\n" +
		"*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n*1\r\n$4\r\nEXEC\r\n"
	if string(log) != want {
		t.Fatalf("log:\n%q\nwant:\n%q", log, want)
	}
	// Nothing pending: a commit stores nothing.
	if _, err := j.Commit(); err != nil || store.appends != 1 {
		t.Fatalf("empty commit: %v, %d appends", err, store.appends)
	}

	h2 := restored(t, store)
	expect(t, run(t, h2, connect(1, 2), line(1, "SELECT 3"), line(1, "MGET a b"), line(1, "LRANGE l 0 -1")),
		"1 line [0 3] OK\n",
		"1 line [0 3] 1) \"1\"\n2) \"2\"\n",
		"1 line [0 3] 1) \"x\"\n2) \"y\"\n")
	expect(t, run(t, h2, line(1, "SELECT 0"), line(1, "GET a")), "1 line [0 0] OK\n", "1 line [0 0] \"2\"\n")
}

func TestJournalKeepsWritesAcrossFailures(t *testing.T) {
	store := &flakyStore{}
	h, j := journaled(t, store)
	run(t, h, connect(1, 2), line(1, "SET a 1"))
	store.fail = errors.New("QuotaExceededError: the quota has been exceeded")
	if _, err := j.Commit(); err == nil || j.Err() == nil {
		t.Fatal("commit succeeded on a failing store")
	}
	run(t, h, line(1, "SET b 2"))
	if _, err := j.Commit(); err == nil {
		t.Fatal("commit succeeded on a failing store")
	}
	// Space comes back: everything written goes in at the next commit.
	store.fail = nil
	if pos, err := j.Commit(); err != nil || pos != j.Written() || j.Err() != nil {
		t.Fatalf("Commit = %d, %v", pos, err)
	}
	expect(t, run(t, restored(t, store), connect(1, 2), line(1, "MGET a b")), "1 line [0 0] 1) \"1\"\n2) \"2\"\n")
}

func TestJournalRewrite(t *testing.T) {
	store := &flakyStore{}
	h, j := journaled(t, store)
	run(t, h, connect(1, 2), line(1, "SET a 1"))
	j.Commit()
	run(t, h, line(1, "INCR a"))
	// A stand-in snapshot: the test restores it by hand. What matters is
	// that effects before it are dropped and effects after it are kept.
	j.Rewrite([]byte("SNAPSHOT"))
	run(t, h, line(1, "SELECT 1"), line(1, "SET b 2"))
	pos, err := j.Commit()
	if err != nil || pos != j.Written() {
		t.Fatalf("Commit = %d, %v", pos, err)
	}
	snap, log, _ := store.Load()
	if string(snap) != "SNAPSHOT" {
		t.Fatalf("snapshot %q", snap)
	}
	want := "*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"
	if string(log) != want || j.LogBytes() != int64(len(want)) {
		t.Fatalf("log after rewrite %q (%d bytes counted)", log, j.LogBytes())
	}
}

func TestRestoreReportsFailedCommands(t *testing.T) {
	h := newHost(t)
	log := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n"
	_, err := Restore(h.Engine(), nil, []byte(log), nil)
	var re *ReplayError
	if !errors.As(err, &re) || re.Failed != 2 || !strings.Contains(re.First, "not an integer") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Restore(newHost(t).Engine(), nil, []byte(log[:10]), nil); err == nil {
		t.Fatal("a truncated log restored without error")
	}
}

func TestRestoreProgress(t *testing.T) {
	h := newHost(t)
	var log []byte
	for i := 0; i < 50000; i++ {
		log = append(log, "*3\r\n$3\r\nSET\r\n$5\r\nkey:0\r\n$5\r\nvalue\r\n"...)
	}
	var calls int
	var last int64
	r, err := Restore(h.Engine(), nil, log, func(done, total int64) { calls++; last = done })
	if err != nil || r.Commands != 50000 || calls < 2 || last != int64(len(log)) {
		t.Fatalf("Restore = %+v, %v; %d progress calls, last %d", r, err, calls, last)
	}
}
