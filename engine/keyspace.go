package engine

import (
	"bytes"
	"math"
)

// The generic keyspace commands: those that work on keys of any type
// (DEL, EXISTS, TYPE, RENAME, COPY, MOVE, OBJECT, ...), walk the keyspace
// (KEYS, SCAN, RANDOMKEY) or act on whole databases (DBSIZE, FLUSHDB,
// FLUSHALL, SWAPDB). The TTL commands are in expire.go.

func init() {
	implement(map[string]Handler{
		"del":             delCommand,
		"unlink":          delCommand,
		"exists":          existsCommand,
		"type":            typeCommand,
		"touch":           touchCommand,
		"keys":            keysCommand,
		"scan":            scanCommand,
		"randomkey":       randomkeyCommand,
		"rename":          renameCommand,
		"renamenx":        renameCommand,
		"copy":            copyCommand,
		"move":            moveCommand,
		"swapdb":          swapdbCommand,
		"dbsize":          dbsizeCommand,
		"flushdb":         flushdbCommand,
		"flushall":        flushallCommand,
		"object|encoding": objectEncodingCommand,
		"object|freq":     objectFreqCommand,
		"object|idletime": objectIdletimeCommand,
		"object|refcount": objectRefcountCommand,
		"object|help":     objectHelpCommand,
	})
}

// Errors of the keyspace commands.
const (
	errIntRange       = "ERR value is out of range, value must between -2147483648 and 2147483647"
	errFirstDBIndex   = "ERR invalid first DB index"
	errSecondDBIndex  = "ERR invalid second DB index"
	errLFUNotSelected = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
	errLFUSelected    = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
)

// lookupObject returns key's entry for reading without touching its
// access clock (Redis's LOOKUP_NOTOUCH), after lazy expiry, counting a
// keyspace hit or miss. The pointer is valid until the keyspace changes.
func (db *DB) lookupObject(key []byte) *object {
	k := view(key)
	db.expireIfNeeded(k)
	o := db.keys.Ref(k)
	if o == nil {
		db.e.stats.keyspaceMisses++
	} else {
		db.e.stats.keyspaceHits++
	}
	return o
}

// lookupNoTouch is lookupObject for the value only.
func (db *DB) lookupNoTouch(key []byte) value {
	if o := db.lookupObject(key); o != nil {
		return o.v
	}
	return nil
}

// insert stores an object under a key that does not exist, keeping the
// object's access clock: RENAME and MOVE carry a key's object over whole.
func (db *DB) insert(key []byte, o object) {
	owned := string(key)
	o.memBytes = 0
	db.account(owned, &o)
	db.keys.Set(owned, o)
	db.e.keyAdded(db, owned)
}

// DEL key [key ...]
// UNLINK key [key ...]
func delCommand(c *Client, args [][]byte) {
	var n int64
	for _, key := range args[1:] {
		if c.db.delete(key) {
			k := string(key)
			c.e.keyModified(c.db, k)
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
			c.e.dirty++
			n++
		}
	}
	c.Int(n)
}

// EXISTS key [key ...]
func existsCommand(c *Client, args [][]byte) {
	var n int64
	for _, key := range args[1:] {
		if c.db.lookupObject(key) != nil {
			n++
		}
	}
	c.Int(n)
}

// TOUCH key [key ...]
func touchCommand(c *Client, args [][]byte) {
	var n int64
	for _, key := range args[1:] {
		if c.db.lookup(key) != nil {
			n++
		}
	}
	c.Int(n)
}

// TYPE key
func typeCommand(c *Client, args [][]byte) {
	c.Simple(typeName(c.db.lookupNoTouch(args[1])))
}

// typeName is what TYPE answers for a value, "none" for no value.
func typeName(v value) string {
	if v == nil {
		return "none"
	}
	return v.typeName()
}

// KEYS pattern
func keysCommand(c *Client, args [][]byte) {
	pattern := args[1]
	all := len(pattern) == 1 && pattern[0] == '*'
	var keys []string
	c.db.keys.Each(func(key string, _ object) bool {
		if (all || globMatch(pattern, []byte(key), false)) && !c.db.isExpired(key) {
			keys = append(keys, key)
		}
		return true
	})
	c.Array(len(keys))
	for _, k := range keys {
		c.BulkString(k)
	}
}

// isExpired reports whether a stored key's deadline has passed, without
// deleting it.
func (db *DB) isExpired(key string) bool {
	when, ok := db.expires.Get(key)
	return ok && when < db.e.now
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
func scanCommand(c *Client, args [][]byte) {
	cursor, ok := c.scanCursorArg(args[1])
	if !ok {
		return
	}
	opts, ok := c.scanOptionsArg(args[2:], true)
	if !ok {
		return
	}
	var keys []string
	cursor = scanDict(&c.db.keys, cursor, opts.count, func(key string, _ object) int64 {
		keys = append(keys, key)
		return 1
	})
	kept := keys[:0]
	for _, key := range keys {
		if !opts.matches(key) {
			continue
		}
		// Redis looks the key up for its type (counting a hit or miss),
		// then leaves out expired keys.
		if opts.typeName != nil && !equalFold(opts.typeName, typeName(c.db.lookupNoTouch([]byte(key)))) {
			continue
		}
		if c.db.expireIfNeeded(key) {
			continue
		}
		kept = append(kept, key)
	}
	c.scanReply(cursor, kept)
}

// RANDOMKEY
func randomkeyCommand(c *Client, args [][]byte) {
	key, ok := c.db.randomKey()
	if !ok {
		c.NullBulk()
		return
	}
	c.BulkString(key)
}

// RENAME key newkey
// RENAMENX key newkey
func renameCommand(c *Client, args [][]byte) {
	nx := equalFold(args[0], "renamenx")
	src, dst := args[1], args[2]
	if c.db.peek(src) == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	if bytes.Equal(src, dst) {
		if nx {
			c.Int(0)
		} else {
			c.OK()
		}
		return
	}
	if c.db.peek(dst) != nil {
		if nx {
			c.Int(0)
			return
		}
		c.db.delete(dst)
	}
	o := *c.db.keys.Ref(view(src))
	when := c.db.expireAt(src)
	c.db.insert(dst, o)
	if when != -1 {
		c.db.setExpire(dst, when)
	}
	c.db.remove(view(src))
	from, to := string(src), string(dst)
	c.e.keyModified(c.db, from)
	c.e.keyModified(c.db, to)
	c.e.notifyKeyspaceEvent(notifyGeneric, "rename_from", from, c.db.id)
	c.e.notifyKeyspaceEvent(notifyGeneric, "rename_to", to, c.db.id)
	c.e.dirty++
	if nx {
		c.Int(1)
	} else {
		c.OK()
	}
}

// dbArg parses a database index, replying with Redis's errors: not an
// integer (or beyond a C int), or no such database.
func (c *Client) dbArg(b []byte) (*DB, bool) {
	n, ok := c.int32Arg(b)
	if !ok {
		return nil, false
	}
	if n < 0 || n >= int64(len(c.e.dbs)) {
		c.Error(ErrDBIndexRange)
		return nil, false
	}
	return c.e.dbs[n], true
}

// int32Arg parses an argument that must fit a C int, replying with
// Redis's errors (getIntFromObjectOrReply).
func (c *Client) int32Arg(b []byte) (int64, bool) {
	n, ok := c.intArg(b)
	if ok && (n < math.MinInt32 || n > math.MaxInt32) {
		c.Error(errIntRange)
		return 0, false
	}
	return n, ok
}

// COPY source destination [DB destination-db] [REPLACE]
func copyCommand(c *Client, args [][]byte) {
	dst := c.db
	replace := false
	for j := 3; j < len(args); j++ {
		switch {
		case equalFold(args[j], "replace"):
			replace = true
		case equalFold(args[j], "db") && j+1 < len(args):
			db, ok := c.dbArg(args[j+1])
			if !ok {
				return
			}
			dst = db
			j++
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	key, newKey := args[1], args[2]
	if dst == c.db && bytes.Equal(key, newKey) {
		c.Error(ErrSameObject)
		return
	}
	v := c.db.lookup(key)
	if v == nil {
		c.Int(0)
		return
	}
	when := c.db.expireAt(key)
	if dst.peek(newKey) != nil {
		if !replace {
			c.Int(0)
			return
		}
		dst.delete(newKey)
	}
	dst.set(newKey, v.clone())
	if when != -1 {
		dst.setExpire(newKey, when)
	}
	k := string(newKey)
	c.e.keyModified(dst, k)
	c.e.notifyKeyspaceEvent(notifyGeneric, "copy_to", k, dst.id)
	c.e.dirty++
	c.Int(1)
}

// MOVE key db
func moveCommand(c *Client, args [][]byte) {
	dst, ok := c.dbArg(args[2])
	if !ok {
		return
	}
	src, key := c.db, args[1]
	if dst == src {
		c.Error(ErrSameObject)
		return
	}
	if src.peek(key) == nil {
		c.Int(0)
		return
	}
	when := src.expireAt(key)
	if dst.peek(key) != nil {
		c.Int(0)
		return
	}
	dst.insert(key, *src.keys.Ref(view(key)))
	if when != -1 {
		dst.setExpire(key, when)
	}
	src.remove(view(key))
	k := string(key)
	c.e.keyModified(src, k)
	c.e.keyModified(dst, k)
	c.e.notifyKeyspaceEvent(notifyGeneric, "move_from", k, src.id)
	c.e.notifyKeyspaceEvent(notifyGeneric, "move_to", k, dst.id)
	c.e.dirty++
	c.Int(1)
}

// SWAPDB index1 index2
func swapdbCommand(c *Client, args [][]byte) {
	id1, ok1 := parseIntArg(args[1])
	if !ok1 || id1 < math.MinInt32 || id1 > math.MaxInt32 {
		c.Error(errFirstDBIndex)
		return
	}
	id2, ok2 := parseIntArg(args[2])
	if !ok2 || id2 < math.MinInt32 || id2 > math.MaxInt32 {
		c.Error(errSecondDBIndex)
		return
	}
	n := int64(len(c.e.dbs))
	if id1 < 0 || id1 >= n || id2 < 0 || id2 >= n {
		c.Error(ErrDBIndexRange)
		return
	}
	if id1 != id2 {
		c.e.swapDBs(c.e.dbs[id1], c.e.dbs[id2])
	}
	c.e.dirty++
	c.OK()
}

// swapDBs exchanges the contents of two databases. Clients keep their
// selected database number, so they see the other contents from now on.
// Transactions watching keys of either fail; clients blocked on keys that
// now exist are served.
func (e *Engine) swapDBs(a, b *DB) {
	e.touchAllWatchedKeys(a, b)
	e.touchAllWatchedKeys(b, a)
	e.signalStreamsGone(a, b)
	e.signalStreamsGone(b, a)
	a.keys, b.keys = b.keys, a.keys
	a.expires, b.expires = b.expires, a.expires
	a.mem, b.mem = b.mem, a.mem
	a.removals++ // their objects changed databases
	b.removals++
	ca, cb := &e.srv.expireCycles[a.id], &e.srv.expireCycles[b.id]
	*ca, *cb = *cb, *ca
	for bk := range e.blocking.waiting {
		if (bk.db == a || bk.db == b) && bk.db.has(bk.key) {
			e.signalKeyAsReady(bk.db, bk.key)
		}
	}
}

// DBSIZE
func dbsizeCommand(c *Client, args [][]byte) { c.Int(int64(c.db.size())) }

// FLUSHDB [ASYNC|SYNC]
func flushdbCommand(c *Client, args [][]byte) {
	if !flushModeArg(c, args) {
		return
	}
	c.e.dirty += int64(c.db.size())
	c.db.flush()
	c.replicateAs(args...) // even when there was nothing to remove
	c.OK()
}

// FLUSHALL [ASYNC|SYNC]
func flushallCommand(c *Client, args [][]byte) {
	if !flushModeArg(c, args) {
		return
	}
	c.e.flushAll()
	c.e.afterFlushAll() // persist_commands.go
	c.replicateAs(args...)
	c.OK()
}

// flushAll empties every database, counting the removed keys as changes.
func (e *Engine) flushAll() {
	for _, db := range e.dbs {
		e.dirty += int64(db.size())
		db.flush()
	}
}

// flushModeArg checks the optional ASYNC|SYNC argument. Both flush at
// once: there is no background thread to hand the work to.
func flushModeArg(c *Client, args [][]byte) bool {
	if len(args) > 2 || len(args) == 2 && !equalFold(args[1], "async") && !equalFold(args[1], "sync") {
		c.Error(ErrSyntax)
		return false
	}
	return true
}

// OBJECT ENCODING key
func objectEncodingCommand(c *Client, args [][]byte) {
	if o := c.db.lookupObject(args[2]); o != nil {
		c.BulkString(o.v.encoding())
	} else {
		c.NullBulk()
	}
}

// OBJECT FREQ key
func objectFreqCommand(c *Client, args [][]byte) {
	o := c.db.lookupObject(args[2])
	switch {
	case o == nil:
		c.NullBulk()
	case !c.e.lfuPolicy():
		c.Error(errLFUNotSelected)
	default:
		c.Int(int64(c.e.lfuCount(o.lru)))
	}
}

// OBJECT IDLETIME key
func objectIdletimeCommand(c *Client, args [][]byte) {
	o := c.db.lookupObject(args[2])
	switch {
	case o == nil:
		c.NullBulk()
	case c.e.lfuPolicy():
		c.Error(errLFUSelected)
	default:
		c.Int(c.e.idleSeconds(o.lru))
	}
}

// OBJECT REFCOUNT key
func objectRefcountCommand(c *Client, args [][]byte) {
	if o := c.db.lookupObject(args[2]); o != nil {
		c.Int(refcount(o.v))
	} else {
		c.NullBulk()
	}
}

// sharedIntegers is how many small integers Redis keeps as shared
// objects: a string value 0..9999 stored as an integer is one of them.
const sharedIntegers = 10000

// refcount is what OBJECT REFCOUNT reports. Values are never shared here,
// but Redis shares the objects of small integers (with no maxmemory set,
// always) and reports them with the largest count, so the engine does
// too.
func refcount(v value) int64 {
	if s, ok := v.(*stringValue); ok && s.encoding() == "int" {
		if n, _ := parseIntArg(s.b); n >= 0 && n < sharedIntegers {
			return math.MaxInt32
		}
	}
	return 1
}

// OBJECT HELP
func objectHelpCommand(c *Client, args [][]byte) {
	c.help("OBJECT", objectHelp)
}

var objectHelp = []string{
	"ENCODING <key>",
	"    Return the kind of internal representation used in order to store the value",
	"    associated with a <key>.",
	"FREQ <key>",
	"    Return the access frequency index of the <key>. The returned integer is",
	"    proportional to the logarithm of the recent access frequency of the key.",
	"IDLETIME <key>",
	"    Return the idle time of the <key>, that is the approximated number of",
	"    seconds elapsed since the last access to the key.",
	"REFCOUNT <key>",
	"    Return the number of references of the value associated with the specified",
	"    <key>.",
}
