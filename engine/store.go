package engine

import "sync"

// Store keeps a database's bytes between runs, wherever they live: memory
// (tests), files (the native server's AOF directory), IndexedDB (the
// browser). It holds a snapshot, an RDB file as Redis 7.0 writes it, and a
// log of the effects applied since, RESP commands in Redis's AOF form.
// Loading replays the log over the snapshot; compaction writes a new
// snapshot and empties the log in one atomic step.
type Store interface {
	// Load returns the snapshot and the log. A new store returns both
	// empty.
	Load() (snapshot, log []byte, err error)
	// Append adds RESP-encoded effects to the log. When it returns nil
	// they are as durable as the store promises (its fsync policy, an
	// IndexedDB commit); on error nothing is known to be stored and the
	// caller must not acknowledge the writes.
	Append(effects []byte) error
	// Rewrite atomically replaces the snapshot and empties the log: a
	// crash leaves either the old pair or the new one, never a mix.
	Rewrite(snapshot []byte) error
	// Close releases the store.
	Close() error
}

// MemoryStore is a Store in memory, for tests and for databases opened
// without persistence.
type MemoryStore struct {
	mu       sync.Mutex
	snapshot []byte
	log      []byte
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

func (m *MemoryStore) Rewrite(snapshot []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snapshot = append([]byte(nil), snapshot...)
	m.log = nil
	return nil
}

func (m *MemoryStore) Close() error { return nil }
