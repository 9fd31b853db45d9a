package engine

import (
	"bytes"
	"testing"
)

func TestMemoryStore(t *testing.T) {
	var s MemoryStore
	if snap, log, err := s.Load(); err != nil || len(snap) != 0 || len(log) != 0 {
		t.Fatalf("new store: %q %q %v", snap, log, err)
	}
	s.Append([]byte("a"))
	s.Append([]byte("b"))
	if _, log, _ := s.Load(); !bytes.Equal(log, []byte("ab")) {
		t.Fatalf("log %q", log)
	}
	s.Rewrite([]byte("snap"))
	if snap, log, _ := s.Load(); string(snap) != "snap" || len(log) != 0 {
		t.Fatalf("after rewrite: %q %q", snap, log)
	}
}
