package engine

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// hashValue is a hash key's value, in one of Redis 7.0's two encodings. A
// small hash is a listpack: its fields and values in insertion order, which
// is the order Redis replies in, so a slice of pairs reproduces its replies
// byte for byte. Once it has more than hash-max-listpack-entries fields, or
// a field or value longer than hash-max-listpack-value bytes, it becomes a
// hashtable for good (a dict: O(1) access, SCAN cursors, fair random).
type hashValue struct {
	pairs []hashPair    // listpack encoding
	table *dict[string] // hashtable encoding; pairs is nil then
}

type hashPair struct{ field, value string }

func newHash() *hashValue { return &hashValue{} }

func (*hashValue) typeName() string { return "hash" }

func (h *hashValue) encoding() string {
	if h.table != nil {
		return "hashtable"
	}
	return "listpack"
}

func (h *hashValue) clone() value {
	if h.table == nil {
		return &hashValue{pairs: append([]hashPair(nil), h.pairs...)}
	}
	cp := &hashValue{table: &dict[string]{}}
	h.table.Each(func(field, value string) bool {
		cp.table.Set(field, value)
		return true
	})
	return cp
}

// Len returns the number of fields.
func (h *hashValue) Len() int {
	if h.table != nil {
		return h.table.Len()
	}
	return len(h.pairs)
}

// find returns the index of field in the listpack, or -1.
func (h *hashValue) find(field string) int {
	for i := range h.pairs {
		if h.pairs[i].field == field {
			return i
		}
	}
	return -1
}

// Get returns the value of field.
func (h *hashValue) Get(field []byte) (string, bool) {
	if h.table != nil {
		return h.table.Get(view(field))
	}
	if i := h.find(view(field)); i >= 0 {
		return h.pairs[i].value, true
	}
	return "", false
}

// Set sets field to value and reports whether the field is new. It does
// not convert the encoding: see Engine.hashSet.
func (h *hashValue) Set(field []byte, value string) bool {
	if h.table != nil {
		if ref := h.table.Ref(view(field)); ref != nil {
			*ref = value
			return false
		}
		h.table.Set(string(field), value)
		return true
	}
	if i := h.find(view(field)); i >= 0 {
		h.pairs[i].value = value
		return false
	}
	h.pairs = append(h.pairs, hashPair{string(field), value})
	return true
}

// Delete removes field and reports whether it was there.
func (h *hashValue) Delete(field []byte) bool {
	if h.table != nil {
		_, ok := h.table.Delete(view(field))
		return ok
	}
	i := h.find(view(field))
	if i < 0 {
		return false
	}
	last := len(h.pairs) - 1
	copy(h.pairs[i:], h.pairs[i+1:])
	h.pairs[last] = hashPair{} // let the removed strings be collected
	h.pairs = h.pairs[:last]
	return true
}

// Each calls fn for every field and value, in Redis's order for a
// listpack, until fn returns false.
func (h *hashValue) Each(fn func(field, value string) bool) {
	if h.table != nil {
		h.table.Each(fn)
		return
	}
	for _, p := range h.pairs {
		if !fn(p.field, p.value) {
			return
		}
	}
}

// Random returns a random field and its value. The hash must not be
// empty.
func (h *hashValue) Random() (field, value string) {
	if h.table != nil {
		field, value, _ = h.table.Random()
		return field, value
	}
	p := h.pairs[rand.IntN(len(h.pairs))]
	return p.field, p.value
}

// convert turns a listpack into a hashtable.
func (h *hashValue) convert() {
	if h.table != nil {
		return
	}
	h.table = &dict[string]{}
	for _, p := range h.pairs {
		h.table.Set(p.field, p.value)
	}
	h.pairs = nil
}

// hashPrepare converts a listpack hash before a write whose fields or
// values (args) are too long for a listpack, Redis's hashTypeTryConversion.
// It looks at the arguments, not at whether they will be stored: Redis
// converts even when the long field already exists.
func (e *Engine) hashPrepare(h *hashValue, args [][]byte) {
	if h.table != nil {
		return
	}
	for _, a := range args {
		if e.tooLongForListpack(len(a)) {
			h.convert()
			return
		}
	}
}

// tooLongForListpack reports whether a field or value of n bytes is too
// long for a listpack hash.
func (e *Engine) tooLongForListpack(n int) bool {
	return int64(n) > e.cfg.hashMaxListpackValue
}

// hashSet sets a field, converting the hash when the listpack would hold
// a too-long field or value or too many fields, and reports whether the
// field is new.
func (e *Engine) hashSet(h *hashValue, field []byte, value string) bool {
	if h.table == nil && (e.tooLongForListpack(len(field)) || e.tooLongForListpack(len(value))) {
		h.convert()
	}
	created := h.Set(field, value)
	if h.table == nil && len(h.pairs) > e.cfg.hashMaxListpackEntries {
		h.convert()
	}
	return created
}

// Sizes of Redis's dict structures, for MEMORY USAGE.
const (
	dictSize        = 56 // the dict itself
	dictPointerSize = 8  // one bucket of its table
)

// memoryUsage estimates the hash as Redis would hold it: one listpack
// allocation, or a dict whose entries are estimated from up to samples of
// them.
func (h *hashValue) memoryUsage(samples int64) int64 {
	if h.table == nil {
		n := listpackEmpty
		for _, p := range h.pairs {
			n += listpackEntrySize(p.field) + listpackEntrySize(p.value)
		}
		return robjSize + mallocSize(n)
	}
	return dictMemoryUsage(h.table, samples, func(field, value string) int64 {
		return sdsAllocSize(len(field), true) + sdsAllocSize(len(value), true)
	})
}

// dictMemoryUsage is Redis's estimate of a dict-encoded value: the object,
// the dict and its buckets, and the average of up to samples entries
// (entry and what it owns, as elemSize says) times their number.
func dictMemoryUsage[V any](d *dict[V], samples int64, elemSize func(key string, value V) int64) int64 {
	size := int64(robjSize + dictSize + dictPointerSize*len(d.buckets))
	var sampled, sampledBytes int64
	d.Each(func(key string, value V) bool {
		if sampled >= samples {
			return false
		}
		sampledBytes += dictEntrySize + elemSize(key, value)
		sampled++
		return true
	})
	if sampled > 0 {
		size = int64(float64(size) + float64(sampledBytes)/float64(sampled)*float64(d.Len()))
	}
	return size
}

// Errors of the hash commands.
const (
	errHashNotInteger = "ERR hash value is not an integer"
	errHashNotFloat   = "ERR hash value is not a float"
	errNaNOrInfinity  = "ERR value is NaN or Infinity"
	errOutOfRange     = "ERR value is out of range"
)

// asHash type-checks a key's value: the hash, nil for no key, or false
// after replying WRONGTYPE.
func (c *Client) asHash(v value) (*hashValue, bool) { return typed[*hashValue](c, v) }

// readHash returns the hash at key for a read (counting a hit or miss).
func (c *Client) readHash(key []byte) (*hashValue, bool) { return c.asHash(c.db.lookup(key)) }

// writeHash returns the hash at key for a write.
func (c *Client) writeHash(key []byte) (*hashValue, bool) { return c.asHash(c.db.peek(key)) }

// hashOrCreate returns the hash at key for a write, creating an empty one
// when there is none, Redis's hashTypeLookupWriteOrCreate.
func (c *Client) hashOrCreate(key []byte) (*hashValue, bool) {
	h, ok := c.writeHash(key)
	if ok && h == nil {
		h = newHash()
		c.db.set(key, h)
	}
	return h, ok
}

// hashChanged does the bookkeeping of a write to the hash at key.
func (c *Client) hashChanged(key []byte, event string, dirty int64) {
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyHash, event, k, c.db.id)
	c.e.dirty += dirty
}

func init() {
	registerConfig(
		aliasParam(intParam("hash-max-listpack-entries", 0, math.MaxInt64, func(c *config) *int { return &c.hashMaxListpackEntries }), "hash-max-ziplist-entries"),
		aliasParam(memoryParam("hash-max-listpack-value", 0, math.MaxInt64, func(c *config) *int64 { return &c.hashMaxListpackValue }), "hash-max-ziplist-value"),
	)
	implement(map[string]Handler{
		"hset":         func(c *Client, args [][]byte) { hsetCommand(c, args, false) },
		"hmset":        func(c *Client, args [][]byte) { hsetCommand(c, args, true) },
		"hsetnx":       hsetnxCommand,
		"hget":         hgetCommand,
		"hmget":        hmgetCommand,
		"hdel":         hdelCommand,
		"hlen":         hlenCommand,
		"hstrlen":      hstrlenCommand,
		"hexists":      hexistsCommand,
		"hkeys":        func(c *Client, args [][]byte) { hgetallCommand(c, args, true, false) },
		"hvals":        func(c *Client, args [][]byte) { hgetallCommand(c, args, false, true) },
		"hgetall":      func(c *Client, args [][]byte) { hgetallCommand(c, args, true, true) },
		"hincrby":      hincrbyCommand,
		"hincrbyfloat": hincrbyfloatCommand,
		"hrandfield":   hrandfieldCommand,
		"hscan":        hscanCommand,
	})
}

// HSET key field value [field value ...], and HMSET, which replies OK.
func hsetCommand(c *Client, args [][]byte, replyOK bool) {
	if len(args)%2 == 1 {
		c.Error(errArity(c.runningCmd.FullName))
		return
	}
	h, ok := c.hashOrCreate(args[1])
	if !ok {
		return
	}
	c.e.hashPrepare(h, args[2:])
	var created int64
	for i := 2; i < len(args); i += 2 {
		if c.e.hashSet(h, args[i], string(args[i+1])) {
			created++
		}
	}
	if replyOK {
		c.OK()
	} else {
		c.Int(created)
	}
	c.hashChanged(args[1], "hset", int64(len(args)-2)/2)
}

// HSETNX key field value
func hsetnxCommand(c *Client, args [][]byte) {
	h, ok := c.hashOrCreate(args[1])
	if !ok {
		return
	}
	if _, exists := h.Get(args[2]); exists {
		c.Int(0)
		return
	}
	c.e.hashPrepare(h, args[2:4])
	c.e.hashSet(h, args[2], string(args[3]))
	c.Int(1)
	c.hashChanged(args[1], "hset", 1)
}

// HGET key field
func hgetCommand(c *Client, args [][]byte) {
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	if h != nil {
		if v, found := h.Get(args[2]); found {
			c.BulkString(v)
			return
		}
	}
	c.NullBulk()
}

// HMGET key field [field ...]
func hmgetCommand(c *Client, args [][]byte) {
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	c.Array(len(args) - 2)
	for _, field := range args[2:] {
		if h != nil {
			if v, found := h.Get(field); found {
				c.BulkString(v)
				continue
			}
		}
		c.NullBulk()
	}
}

// HDEL key field [field ...]
func hdelCommand(c *Client, args [][]byte) {
	h, ok := c.writeHash(args[1])
	if !ok {
		return
	}
	if h == nil {
		c.Int(0)
		return
	}
	var deleted int64
	emptied := false
	for _, field := range args[2:] {
		if h.Delete(field) {
			deleted++
			if h.Len() == 0 {
				c.db.delete(args[1])
				emptied = true
				break
			}
		}
	}
	if deleted > 0 {
		c.hashChanged(args[1], "hdel", deleted)
		if emptied {
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", string(args[1]), c.db.id)
		}
	}
	c.Int(deleted)
}

// HLEN key
func hlenCommand(c *Client, args [][]byte) {
	h, ok := c.readHash(args[1])
	switch {
	case !ok:
	case h == nil:
		c.Int(0)
	default:
		c.Int(int64(h.Len()))
	}
}

// HSTRLEN key field
func hstrlenCommand(c *Client, args [][]byte) {
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	var n int
	if h != nil {
		v, _ := h.Get(args[2])
		n = len(v)
	}
	c.Int(int64(n))
}

// HEXISTS key field
func hexistsCommand(c *Client, args [][]byte) {
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	found := false
	if h != nil {
		_, found = h.Get(args[2])
	}
	if found {
		c.Int(1)
	} else {
		c.Int(0)
	}
}

// HGETALL key, HKEYS key and HVALS key. HGETALL replies with a map.
func hgetallCommand(c *Client, args [][]byte, fields, values bool) {
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	n := 0
	if h != nil {
		n = h.Len()
	}
	if fields && values {
		c.Map(n)
	} else {
		c.Array(n)
	}
	if h == nil {
		return
	}
	h.Each(func(field, value string) bool {
		if fields {
			c.BulkString(field)
		}
		if values {
			c.BulkString(value)
		}
		return true
	})
}

// HINCRBY key field increment
func hincrbyCommand(c *Client, args [][]byte) {
	incr, ok := c.intArg(args[3])
	if !ok {
		return
	}
	h, ok := c.hashOrCreate(args[1])
	if !ok {
		return
	}
	var old int64
	if v, found := h.Get(args[2]); found {
		if old, ok = resp.ParseInt([]byte(v)); !ok {
			c.Error(errHashNotInteger)
			return
		}
	}
	if incr < 0 && old < 0 && incr < math.MinInt64-old || incr > 0 && old > 0 && incr > math.MaxInt64-old {
		c.Error(ErrOverflow)
		return
	}
	n := old + incr
	c.e.hashSet(h, args[2], strconv.FormatInt(n, 10))
	c.Int(n)
	c.hashChanged(args[1], "hincrby", 1)
}

// HINCRBYFLOAT key field increment. The arithmetic is C's long double, as
// in INCRBYFLOAT, and the effect is HSET with the resulting text, so that
// replaying it gives the same value everywhere.
func hincrbyfloatCommand(c *Client, args [][]byte) {
	incr, ok := parseLongDouble(args[3])
	if !ok {
		c.Error(ErrNotFloat)
		return
	}
	if !incr.isFinite() {
		c.Error(errNaNOrInfinity)
		return
	}
	h, ok := c.hashOrCreate(args[1])
	if !ok {
		return
	}
	var old longDouble
	if v, found := h.Get(args[2]); found {
		if old, ok = parseLongDouble([]byte(v)); !ok {
			c.Error(errHashNotFloat)
			return
		}
	}
	sum := old.add(incr)
	if !sum.isFinite() {
		c.Error(ErrIncrNaNOrInf)
		return
	}
	text := appendLongDoubleHuman(nil, sum)
	c.e.hashSet(h, args[2], string(text))
	c.Bulk(text)
	c.hashChanged(args[1], "hincrbyfloat", 1)
	c.replicateAs([]byte("HSET"), args[1], args[2], text)
}

// HRANDFIELD key [count [WITHVALUES]]
func hrandfieldCommand(c *Client, args [][]byte) {
	if len(args) == 2 {
		h, ok := c.readHash(args[1])
		switch {
		case !ok:
		case h == nil:
			c.NullBulk()
		default:
			field, _ := h.Random()
			c.BulkString(field)
		}
		return
	}
	n, ok := c.rangeArg(args[2], -math.MaxInt64, math.MaxInt64, "")
	if !ok {
		return
	}
	withValues := false
	if len(args) > 4 || len(args) == 4 && !equalFold(args[3], "withvalues") {
		c.Error(ErrSyntax)
		return
	}
	if len(args) == 4 {
		withValues = true
		if n < -math.MaxInt64/2 || n > math.MaxInt64/2 {
			c.Error(errOutOfRange)
			return
		}
	}
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	if h == nil || n == 0 {
		c.Array(0)
		return
	}
	// Each pick is a field, or with values a field and its value: a pair
	// array in RESP3, two flat elements in RESP2.
	pairs := withValues && c.Proto() == 3
	header := func(picks int) {
		if withValues && !pairs {
			picks *= 2
		}
		c.Array(picks)
	}
	reply := func(field, value string) {
		if pairs {
			c.Array(2)
		}
		c.BulkString(field)
		if withValues {
			c.BulkString(value)
		}
	}
	size := int64(h.Len())
	switch {
	case n < 0 || n == 1: // with repetition
		if c.repeatedSampleTooLarge(n) {
			return
		}
		count := n
		if count < 0 {
			count = -count
		}
		header(int(count))
		for ; count > 0; count-- {
			reply(h.Random())
		}
	case n >= size: // the whole hash, in its order
		header(int(size))
		h.Each(func(field, value string) bool {
			reply(field, value)
			return true
		})
	case h.table != nil:
		header(int(n))
		for _, field := range randomDictKeys(h.table, int(n)) {
			value, _ := h.table.Get(field)
			reply(field, value)
		}
	default:
		header(int(n))
		for _, i := range randomIndexes(len(h.pairs), int(n)) {
			reply(h.pairs[i].field, h.pairs[i].value)
		}
	}
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
func hscanCommand(c *Client, args [][]byte) {
	cursor, ok := c.scanCursorArg(args[2])
	if !ok {
		return
	}
	h, ok := c.readHash(args[1])
	if !ok {
		return
	}
	if h == nil {
		c.scanReply(0, nil)
		return
	}
	opts, ok := c.scanOptionsArg(args[3:], false)
	if !ok {
		return
	}
	var found []string
	collect := func(field, value string) int64 {
		if opts.matches(field) {
			found = append(found, field, value)
		}
		return 2
	}
	if h.table != nil {
		cursor = scanDict(h.table, cursor, min(opts.count, math.MaxInt64/2)*2, collect)
	} else {
		for _, p := range h.pairs {
			collect(p.field, p.value)
		}
		cursor = 0
	}
	c.scanReply(cursor, found)
}
