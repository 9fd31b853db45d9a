package engine

// used_memory: the engine's count of the memory Redis 7.0 would use for
// the same dataset and clients, which INFO reports and maxmemory limits.
// Go's heap is not that figure (a Go map entry, string header or
// interface costs what it costs, and the garbage collector decides when
// memory goes back), so the engine counts in Redis's terms instead, with
// the same model of jemalloc that MEMORY USAGE uses (memory.go). The same
// maxmemory then holds about the same data as on a real server.
//
// The count is kept up to date where every write already passes, so that
// reading it is O(number of databases):
//
//   - each key's object caches the bytes counted for it (memBytes) and
//     every database sums them (DB.mem): the keys db.setKeepTTL stores
//     and keyModified (which every write calls) names are re-counted once
//     the command is over (some commands signal before they write, as in
//     Redis) or before used_memory is read; db.remove and db.flush take
//     the bytes away. Noting a write copies the key's name into a reused
//     buffer (no allocation), and re-counting it is one table lookup, or
//     none when db.set or the db.peek before the write had the object;
//   - a key's TTL, the keyspace's hash table buckets and the engine's fixed
//     start-up memory are computed from the tables' sizes when read;
//   - each client caches its memory (query and reply buffers, pending
//     output) and the engine sums them, updated when a client connects,
//     sends a command, receives pushed output, leaves, and from the cron.
//
// Measuring a key with its MEMORY USAGE sizer costs O(1) for strings but
// up to O(elements) for compact collections (listpacks, quicklists). So a
// key of more than a few elements is measured exactly only once per
// 1/remeasureFraction of its elements in writes, or when a write changed
// its element count by more than that; the writes in between scale the
// last measure of the value by the change in element count. That costs
// about remeasureFraction element measures per write, whatever the size.
// The count of a collection is exact after each measure, and between
// measures off by what up to 1/remeasureFraction of its element count in
// writes changed without changing the count (values replaced in place by
// bigger ones): a random workload made to do that drifts by up to 13%
// from a fresh measure (TestAccountingInvariants), datasets loaded by
// commands match redis-server's used_memory within 2% but for Redis's own
// transient rehashing (TestUsedMemoryAgainstRedis).

// Figures of Redis 7.0.15 (jemalloc, 64-bit) that MEMORY USAGE leaves out.
const (
	// usedMemoryStartup is Redis's used_memory_startup with the default
	// configuration: shared objects, the 16 empty databases, the command
	// table, Lua and the function engine at rest.
	usedMemoryStartup = 876200
	// entryAlloc is what jemalloc allocates for a 24-byte dictEntry: its
	// size classes go 16, 32, so each key, TTL and element of a
	// dict-encoded collection costs 8 bytes more than MEMORY USAGE counts.
	entryAlloc = 32
	// dictAllocSlack is the same rounding for the 56-byte dict header of a
	// dict-encoded collection (64 allocated).
	dictAllocSlack = 8
	// quicklistAllocSlack is the same rounding for a list: its 40-byte
	// quicklist header and first 40-byte node (48 allocated each), which
	// MEMORY USAGE counts at their struct sizes (measured: 16 bytes per
	// list of one node). Longer lists are off by 8 bytes per further node
	// of up to 8 KiB, under 0.1%.
	quicklistAllocSlack = 16
	// accountingSamples is how many elements of a dict-encoded collection
	// the accounting samples to estimate it, as MEMORY USAGE's SAMPLES.
	accountingSamples = 16
	// Keys of up to remeasureAlways elements are measured on every write;
	// larger ones every 1/remeasureFraction of their elements in writes.
	remeasureAlways   = 16
	remeasureFraction = 4
)

// accountedSize is the bytes a key takes in Redis's memory: MEMORY USAGE's
// estimate plus the allocator's rounding it leaves out. The TTL and the
// table bucket are counted per database.
func accountedSize(key string, v value) int64 {
	if s, ok := v.(*stringValue); ok { // most keys: no interface conversion
		return sdsAllocSize(len(key), true) + entryAlloc + s.memoryUsage(0)
	}
	size := keyMemoryUsage(key, v, accountingSamples) + entryAlloc - dictEntrySize
	if n := dictEncodedLen(v); n >= 0 {
		size += int64(n)*(entryAlloc-dictEntrySize) + dictAllocSlack
	}
	if _, ok := v.(*listValue); ok {
		size += quicklistAllocSlack
	}
	return size
}

// dictEncodedLen returns the entries of v's dict when v is a collection
// in a hash table encoding, else -1.
func dictEncodedLen(v value) int {
	switch v := v.(type) {
	case *hashValue:
		if v.table != nil {
			return v.table.Len()
		}
	case *setValue:
		if v.table != nil {
			return v.table.Len()
		}
	case *zsetValue:
		if v.tree != nil {
			return v.scores.Len()
		}
	}
	return -1
}

// elementCount is the number of elements of v that measuring it may walk,
// which decides how often it is re-measured: 1 for a string.
func elementCount(v value) int {
	switch v := v.(type) {
	case *listValue:
		return v.Len()
	case *hashValue:
		return v.Len()
	case *setValue:
		return v.Len()
	case *zsetValue:
		return v.Len()
	case *streamValue:
		return int(min(v.length, 1<<31))
	}
	return 1
}

// account counts o, just stored under key in db, from scratch.
func (db *DB) account(key string, o *object) {
	old := o.memBytes
	o.memBytes = accountedSize(key, o.v)
	o.memElems = elementCount(o.v)
	o.memPending = 0
	db.mem += o.memBytes - old
}

// reaccount updates the bytes counted for o, stored under key in db, after
// a write to it: a new measure when due, else the last measure scaled to
// its element count.
func (db *DB) reaccount(key string, o *object) {
	n := elementCount(o.v)
	last := o.memElems
	drift := max(1, last/remeasureFraction)
	if n <= remeasureAlways || last == 0 || int(o.memPending) >= drift || n > last+drift || n < last-drift {
		db.account(key, o)
		return
	}
	old := o.memBytes
	keyBytes := sdsAllocSize(len(key), true) + entryAlloc
	o.memBytes = keyBytes + (old-keyBytes)*int64(n)/int64(last)
	o.memElems = n
	o.memPending++
	db.mem += o.memBytes - old
}

// writtenKey is a key to re-count once the command writing it is over:
// its database, where its name ends in memoryAccount.writtenNames, and,
// when the writer had it at hand, its object, which stays where it is
// unless keys of the database are removed (db.removals) meanwhile.
type writtenKey struct {
	db       *DB
	end      int
	o        *object
	removals uint64
}

// peekedKey is the last key db.peek found, which a write usually
// follows: its object saves looking the key up again to re-count it.
type peekedKey struct {
	db       *DB
	entry    *dictEntry[object]
	removals uint64
}

// keyWritten notes a write to key, whose object is o if the caller has
// it (else nil). The name is copied into a buffer reused from command to
// command, so that noting it costs no allocation.
func (e *Engine) keyWritten(db *DB, key string, o *object) {
	m := &e.mem
	if p := m.lastPeeked; o == nil && p.db == db && p.removals == db.removals && p.entry.key == key {
		o = &p.entry.value
	}
	if n := len(m.written); n > 0 && m.written[n-1].db == db {
		start := 0
		if n > 1 {
			start = m.written[n-2].end
		}
		if view(m.writtenNames[start:m.written[n-1].end]) == key {
			return // noted already: db.set, then keyModified
		}
	}
	m.writtenNames = append(m.writtenNames, key...)
	m.written = append(m.written, writtenKey{db: db, end: len(m.writtenNames), o: o, removals: db.removals})
}

// accountWrites re-counts the keys written since the last call.
func (e *Engine) accountWrites() {
	m := &e.mem
	start := 0
	for i, w := range m.written {
		key := view(m.writtenNames[start:w.end])
		start = w.end
		o := w.o
		if o == nil || w.removals != w.db.removals {
			o = w.db.keys.Ref(key)
		}
		if o != nil {
			w.db.reaccount(key, o)
		}
		m.written[i].o = nil // no longer keeps a deleted value alive
	}
	m.written, m.writtenNames = m.written[:0], m.writtenNames[:0]
	m.lastPeeked = peekedKey{}
}

// keysMemory is what db's keys take besides their cached sizes: a TTL
// entry per volatile key and the buckets of both tables.
func (db *DB) tablesMemory() int64 {
	return int64(db.expires.Len())*entryAlloc +
		int64(len(db.keys.buckets)+len(db.expires.buckets))*dictPointerSize
}

// usedMemory is used_memory: start-up, keys and clients.
func (e *Engine) usedMemory() int64 {
	e.accountWrites()
	used := int64(usedMemoryStartup) + e.mem.clients
	for _, db := range e.dbs {
		used += db.mem + db.tablesMemory()
	}
	return used
}

// memoryOverhead is used_memory_overhead, as Redis's
// getMemoryOverheadData counts it: start-up, clients, and per database
// its tables (an entry, a bucket and an object header per key, an entry
// and a bucket per TTL). The rest of used_memory is the dataset.
func (e *Engine) memoryOverhead() int64 {
	overhead := int64(usedMemoryStartup) + e.mem.clients
	for _, db := range e.dbs {
		overhead += int64(db.keys.Len())*(dictEntrySize+robjSize) + int64(len(db.keys.buckets))*dictPointerSize +
			int64(db.expires.Len())*dictEntrySize + int64(len(db.expires.buckets))*dictPointerSize
	}
	return overhead
}

// recountMemory measures every key anew, for code that filled databases
// around db.set (loading a snapshot).
func (e *Engine) recountMemory() {
	e.mem.written, e.mem.writtenNames = e.mem.written[:0], e.mem.writtenNames[:0]
	for _, db := range e.dbs {
		db.mem = 0
		for _, b := range db.keys.buckets {
			for entry := b; entry != nil; entry = entry.next {
				entry.value.memBytes = 0
				db.account(entry.key, &entry.value)
			}
		}
	}
}

// memoryAccount is the engine-wide part of the count.
type memoryAccount struct {
	clients int64 // sum of the clients' memCounted
	// The keys to re-count when the command is over, their names end to
	// end in writtenNames.
	written      []writtenKey
	writtenNames []byte
	lastPeeked   peekedKey
}

// clientMemory is what a connected client takes in Redis: its structure,
// its query buffer and 16 KiB reply buffer at rest, and pending output
// beyond the reply buffer in 16 KiB blocks, as CLIENT LIST's tot-mem.
func (c *Client) clientMemory() int64 {
	mem := int64(queryBufferAlloc + replyBufferSize + clientStructBytes)
	if n := len(c.out); n > replyBufferSize {
		mem += int64((n - replyBufferSize + replyBufferSize - 1) / replyBufferSize * replyBufferSize)
	}
	return mem
}

// accountClient re-counts c's memory into the clients' total.
func (e *Engine) accountClient(c *Client) {
	if c.killed {
		return
	}
	m := c.clientMemory()
	e.mem.clients += m - c.memCounted
	c.memCounted = m
}

// unaccountClient takes a leaving client's memory out of the total.
func (e *Engine) unaccountClient(c *Client) {
	e.mem.clients -= c.memCounted
	c.memCounted = 0
}
