package engine

import "sync"

// Store keeps a database's bytes between runs, wherever they live: memory
// (tests), files (the native server's AOF directory), IndexedDB (the
// browser). It holds a snapshot, an RDB file as Redis 7.0 writes it (or,
// from an AOF written with aof-use-rdb-preamble no, RESP commands), and a
// log of the effects applied since, RESP commands in Redis's AOF form.
// Loading replays the log over the snapshot.
//
// Compaction happens in two steps so that writes go on meanwhile, as in
// Redis 7.0's multi-part AOF: StartRewrite starts a new log segment, the
// engine writes a snapshot of the dataset as it was at that moment, and
// FinishRewrite installs it, dropping the log that came before the
// segment. A crash at any point leaves a snapshot and a log that together
// hold every stored effect, never a mix of old and new.
//
// The engine calls a Store from one goroutine at a time, except Sync,
// which may run while Append does.
type Store interface {
	// Load returns the snapshot and the log. A new store returns both
	// empty.
	Load() (snapshot, log []byte, err error)
	// Append adds RESP-encoded effects to the log. When it returns nil
	// they are written (a crash of the process keeps them); on error
	// nothing is known to be stored and the caller must not acknowledge
	// the writes.
	Append(effects []byte) error
	// Sync makes what Append wrote durable (fsync, an IndexedDB commit):
	// a crash of the machine keeps it. appendfsync decides how often the
	// engine calls it.
	Sync() error
	// StartRewrite starts a new log segment: effects appended from now on
	// belong after the snapshot FinishRewrite will install.
	StartRewrite() error
	// FinishRewrite atomically makes snapshot the snapshot and drops the
	// log appended before the last StartRewrite.
	FinishRewrite(snapshot []byte) error
	// Close releases the store.
	Close() error
}

// MemoryStore is a Store in memory, for tests and for databases opened
// without persistence.
type MemoryStore struct {
	mu       sync.Mutex
	snapshot []byte
	log      []byte
	mark     int // where the log segment of the rewrite in progress starts
}

func (m *MemoryStore) Load() ([]byte, []byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.snapshot...), append([]byte(nil), m.log...), nil
}

func (m *MemoryStore) Append(effects []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = append(m.log, effects...)
	return nil
}

func (m *MemoryStore) Sync() error { return nil }

func (m *MemoryStore) StartRewrite() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mark = len(m.log)
	return nil
}

func (m *MemoryStore) FinishRewrite(snapshot []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snapshot = append([]byte(nil), snapshot...)
	m.log = append([]byte(nil), m.log[m.mark:]...)
	m.mark = 0
	return nil
}

func (m *MemoryStore) Close() error { return nil }
