package engine

import "unsafe"

// DB is one of the numbered keyspaces (SELECT 0..15).
type DB struct {
	e       *Engine
	id      int
	keys    dict[object]
	expires dict[int64] // key -> unix ms deadline, for keys with a TTL
	mem     int64       // bytes counted for the keys' objects (memaccount.go)
	// removals counts the times keys left the table, which may free an
	// object a pointer was kept to (memaccount.go).
	removals uint64
}

// object is what the keyspace stores under a key.
type object struct {
	v   value
	lru uint32 // LRU clock (seconds) or LFU data, for OBJECT IDLETIME/FREQ
	// cow is the background save whose copy of the dataset this object's
	// value is no longer shared with (persist.go: copy on write).
	cow uint32

	// used_memory's count of the key (memaccount.go): its bytes, its
	// elements when they were counted, and the writes since it was last
	// measured exactly.
	memPending uint32
	memBytes   int64
	memElems   int
}

// value is a key's data: *stringValue, and one type per data structure.
type value interface {
	// typeName is what TYPE answers: "string", "list", "hash", ...
	typeName() string
	// encoding is what OBJECT ENCODING answers.
	encoding() string
	// clone returns a deep copy, for COPY.
	clone() value
}

// typed type-checks a key's value as T: the value, the zero T when there
// is no key, or false after replying WRONGTYPE. Each type's asX helper is
// this, named.
func typed[T value](c *Client, v value) (T, bool) {
	var zero T
	if v == nil {
		return zero, true
	}
	t, ok := v.(T)
	if !ok {
		c.Error(ErrWrongType)
	}
	return t, ok
}

func newDB(e *Engine, id int) *DB { return &DB{e: e, id: id} }

// view returns b as a string without copying, for lookups only: the
// result must not be stored, since b may be reused.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// expireIfNeeded deletes key if its TTL has passed and reports whether
// it was expired. While clients are paused, expired keys are not deleted,
// only hidden.
func (db *DB) expireIfNeeded(key string) bool {
	if db.expires.Len() == 0 {
		return false
	}
	when, ok := db.expires.Get(key)
	if !ok || when >= db.e.now || db.e.isLoading() { // Redis expires strictly after the deadline, and never while loading
		return false
	}
	if db.e.pause.mode != pauseOff {
		return true
	}
	db.expireKey(key)
	return true
}

// expireKey deletes a key whose time has come, with the bookkeeping
// Redis does for it.
func (db *DB) expireKey(key string) {
	db.e.stats.expiredKeys++
	db.remove(key)
	db.e.notifyKeyspaceEvent(notifyExpired, "expired", key, db.id)
	db.e.keyModified(db, key)
	db.e.addEffect(db.id, [][]byte{[]byte("DEL"), []byte(key)})
}

// lookup returns the value of key for reading, after lazy expiry, and
// counts a keyspace hit or miss.
func (db *DB) lookup(key []byte) value {
	v := db.peek(key)
	if v == nil {
		db.e.stats.keyspaceMisses++
		db.e.notifyKeyspaceEvent(notifyKeyMiss, "keymiss", string(key), db.id)
	} else {
		db.e.stats.keyspaceHits++
	}
	return v
}

// peek returns the value of key after lazy expiry, touching its access
// time but not the hit/miss statistics. Write paths use it.
func (db *DB) peek(key []byte) value {
	k := view(key)
	if db.expireIfNeeded(k) {
		return nil
	}
	entry := db.keys.find(k)
	if entry == nil {
		return nil
	}
	db.e.mem.lastPeeked = peekedKey{db, entry, db.removals}
	db.e.touch(&entry.value)
	db.e.unshare(&entry.value) // a background save may hold the value: copy it first
	return entry.value.v
}

// exists reports whether key is live, without touching it.
func (db *DB) exists(key []byte) bool {
	k := view(key)
	if db.expireIfNeeded(k) {
		return false
	}
	_, ok := db.keys.Get(k)
	return ok
}

// has reports whether key is stored, expired or not, without expiring it.
func (db *DB) has(key string) bool {
	_, ok := db.keys.Get(key)
	return ok
}

// set stores v under key, replacing any old value and its TTL.
func (db *DB) set(key []byte, v value) {
	db.setKeepTTL(key, v)
	db.expires.Delete(view(key))
}

// setKeepTTL stores v under key, keeping the key's TTL if it has one.
func (db *DB) setKeepTTL(key []byte, v value) {
	k := view(key)
	if o := db.keys.Ref(k); o != nil {
		db.e.valueReplaced(db, k, o.v, v)
		o.v, o.cow = v, db.e.persist.cow
		if !db.e.lfuPolicy() { // an overwritten key keeps its LFU counter
			o.lru = db.e.lruClock()
		}
		o.memElems = 0 // a new value: measured from scratch
		db.e.keyWritten(db, k, o)
		return
	}
	owned := string(key)
	db.keys.Set(owned, object{v: v, lru: db.e.newAccessClock(), cow: db.e.persist.cow})
	db.e.keyWritten(db, owned, nil)
	db.e.keyAdded(db, owned)
	db.e.notifyKeyspaceEvent(notifyNew, "new", owned, db.id)
}

// remove deletes key and its TTL, reporting whether it existed.
func (db *DB) remove(key string) bool {
	o, ok := db.keys.Delete(key)
	if !ok {
		return false
	}
	db.mem -= o.memBytes
	db.removals++
	db.expires.Delete(key)
	db.e.valueReplaced(db, key, o.v, nil)
	return true
}

// delete removes a live key, for commands: DEL, and types whose last
// element went away.
func (db *DB) delete(key []byte) bool {
	k := view(key)
	db.expireIfNeeded(k)
	return db.remove(k)
}

// setExpire sets key's deadline (unix ms). The key must exist.
func (db *DB) setExpire(key []byte, when int64) {
	k := view(key)
	if ref := db.expires.Ref(k); ref != nil {
		*ref = when
		return
	}
	// Share the keyspace's copy of the key rather than allocating another.
	db.expires.Set(db.ownedKey(k), when)
}

// ownedKey returns the keyspace's own copy of key, which may be stored.
func (db *DB) ownedKey(k string) string {
	if e := db.keys.find(k); e != nil {
		return e.key
	}
	return string([]byte(k))
}

// expireAt returns key's deadline, or -1 if it has none.
func (db *DB) expireAt(key []byte) int64 {
	if when, ok := db.expires.Get(view(key)); ok {
		return when
	}
	return -1
}

// persist removes key's TTL and reports whether it had one.
func (db *DB) persist(key []byte) bool {
	_, ok := db.expires.Delete(view(key))
	return ok
}

// size returns the number of keys, expired ones not yet collected included,
// as DBSIZE does.
func (db *DB) size() int { return db.keys.Len() }

// flush empties the database.
func (db *DB) flush() {
	db.e.touchAllWatchedKeys(db, nil)
	db.e.signalStreamsGone(db, nil)
	db.keys.Clear()
	db.expires.Clear()
	db.mem = 0
	db.removals++
}

// randomKey returns a random live key, or "" and false.
func (db *DB) randomKey() (string, bool) {
	for db.keys.Len() > 0 {
		key, _, _ := db.keys.Random()
		if when, ok := db.expires.Get(key); ok && when < db.e.now {
			db.expireKey(key)
			continue
		}
		return key, true
	}
	return "", false
}
