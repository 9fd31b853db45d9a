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
	// A rewrite keeps what was appended after it started.
	s.StartRewrite()
	s.Append([]byte("c"))
	if _, log, _ := s.Load(); string(log) != "abc" {
		t.Fatalf("during rewrite: log %q", log)
	}
	s.FinishRewrite([]byte("snap"))
	if snap, log, _ := s.Load(); string(snap) != "snap" || string(log) != "c" {
		t.Fatalf("after rewrite: %q %q", snap, log)
	}
	s.StartRewrite()
	s.FinishRewrite([]byte("snap2"))
	if snap, log, _ := s.Load(); string(snap) != "snap2" || len(log) != 0 {
		t.Fatalf("after second rewrite: %q %q", snap, log)
	}
}
