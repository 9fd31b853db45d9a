package engine

// Keyspace notification classes, Redis's NOTIFY_* flags.
const (
	notifyKeyspace = 1 << iota // K
	notifyKeyevent             // E
	notifyGeneric              // g
	notifyString               // $
	notifyList                 // l
	notifySet                  // s
	notifyHash                 // h
	notifyZset                 // z
	notifyExpired              // x
	notifyEvicted              // e
	notifyStream               // t
	notifyKeyMiss              // m
	notifyLoaded               // module only
	notifyModule               // d
	notifyNew                  // n
)

// notifyKeyspaceEvent publishes a keyspace event when the class is enabled
// by notify-keyspace-events. Handlers call it for every change they make,
// with Redis's event names.
func (e *Engine) notifyKeyspaceEvent(class int, event, key string, dbid int) {
	for _, fn := range e.keyspaceListeners {
		fn(class, event, key, dbid)
	}
}

// keyModified is Redis's signalModifiedKey: every write to a key calls it,
// so that WATCH and client-side caches learn of the change.
func (e *Engine) keyModified(db *DB, key string) {
	for _, fn := range e.modifiedListeners {
		fn(db, key)
	}
}

// keyAdded is Redis's signalKeyAsReady for new keys: clients blocked on a
// key (BLPOP, BZPOPMIN, XREAD BLOCK) wait for it to come into existence.
// Streams also call it on every XADD, since readers wait for new entries.
func (e *Engine) keyAdded(db *DB, key string) {
	for _, fn := range e.readyListeners {
		fn(db, key)
	}
}
