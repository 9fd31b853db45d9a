package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/redwasm/redwasm/engine/resp"
)

// stringValue is a string key's value: its bytes, and how Redis would
// have stored them, which OBJECT ENCODING shows ("int", "embstr", "raw").
type stringValue struct {
	b   []byte
	enc stringEncoding
	sds sdsAlloc // Redis's allocation once grown in place (memory.go)
}

// stringEncoding records which of Redis's constructors the value came
// from; the encoding then follows from it and the bytes.
type stringEncoding uint8

const (
	// encodedByContent is what tryObjectEncoding picks for values clients
	// send (SET, MSET, APPEND to a new key...) and for INCR results:
	// "int" for an integer text that fits a long, "embstr" up to 44
	// bytes, "raw" beyond.
	encodedByContent stringEncoding = iota
	// encodedAsText is createStringObject's choice for strings built from
	// a buffer (INCRBYFLOAT results): "embstr" up to 44 bytes, else "raw",
	// never "int".
	encodedAsText
	// encodedRaw is for strings modified in place (APPEND, SETRANGE,
	// SETBIT, BITFIELD) or built by the bit commands: always "raw".
	encodedRaw
)

// embstrSizeLimit is Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT.
const embstrSizeLimit = 44

func (*stringValue) typeName() string { return "string" }

func (s *stringValue) encoding() string {
	switch {
	case s.enc == encodedRaw:
		return "raw"
	case s.enc == encodedByContent && len(s.b) <= 20 && isInt(s.b):
		return "int"
	case len(s.b) <= embstrSizeLimit:
		return "embstr"
	}
	return "raw"
}

func (s *stringValue) clone() value {
	return &stringValue{b: append([]byte(nil), s.b...), enc: s.enc}
}

func isInt(b []byte) bool {
	_, ok := resp.ParseInt(b)
	return ok
}

// newString returns a string value holding a copy of b, encoded as Redis
// encodes the values clients send.
func newString(b []byte) *stringValue {
	return &stringValue{b: append([]byte(nil), b...)}
}

// newIntString returns the string value of an integer, as INCR stores it.
func newIntString(n int64) *stringValue {
	return &stringValue{b: strconv.AppendInt(nil, n, 10)}
}

// makeRaw records that the value is about to be modified in place, which
// in Redis always leaves a raw string behind.
func (s *stringValue) makeRaw() {
	if s.enc != encodedRaw {
		// Redis copies it to a string made to measure first.
		s.enc = encodedRaw
		s.sds = sdsAlloc{}.makeRoomFor(len(s.b), 0)
	}
}

// setRange writes data at offset, growing the string with zero bytes as
// needed. The caller checks the size limit first.
func (s *stringValue) setRange(offset int64, data []byte) {
	s.makeRaw()
	s.grow(offset + int64(len(data)))
	copy(s.b[offset:], data)
}

// grow extends the string with zero bytes to at least n bytes.
func (s *stringValue) grow(n int64) {
	if n <= int64(len(s.b)) {
		return
	}
	if len(s.b) > 0 || s.sds.size > 0 { // a new string is made to measure
		s.sds = s.sds.makeRoomFor(len(s.b), int(n))
	}
	if n <= int64(cap(s.b)) {
		old := len(s.b)
		s.b = s.b[:n]
		clear(s.b[old:])
		return
	}
	// Grow with room to spare, as sds does, so that repeated APPENDs and
	// SETBITs stay amortized O(1).
	room := n
	if room < 1024*1024 {
		room *= 2
	} else {
		room += 1024 * 1024
	}
	b := make([]byte, n, room)
	copy(b, s.b)
	s.b = b
}

// appendBytes appends data in place.
func (s *stringValue) appendBytes(data []byte) {
	s.makeRaw()
	n := len(s.b)
	s.grow(int64(n + len(data)))
	copy(s.b[n:], data)
}

// getString returns the string at key for reading, nil if there is none,
// and false after replying WRONGTYPE if the key holds another type.
func (c *Client) getString(key []byte) (*stringValue, bool) {
	return c.stringOf(c.db.lookup(key))
}

// getStringForWrite is getString for commands about to write the key:
// it does not count a keyspace hit or miss.
func (c *Client) getStringForWrite(key []byte) (*stringValue, bool) {
	return c.stringOf(c.db.peek(key))
}

func (c *Client) stringOf(v value) (*stringValue, bool) { return typed[*stringValue](c, v) }

// checkStringLength is Redis's check that a string of size bytes grown by
// more bytes stays within proto-max-bulk-len, overflow included. It
// replies and returns false when it would not.
func (c *Client) checkStringLength(size, more int64) bool {
	total := size + more // may wrap, caught below
	if total > c.e.cfg.protoMaxBulkLen || total < size || total < more {
		c.Error(ErrStringTooLong)
		return false
	}
	return true
}

// Errors of the string commands.
const (
	errOffsetRange       = "ERR offset is out of range"
	errDecrementOverflow = "ERR decrement would overflow"
)

func init() {
	implement(map[string]Handler{
		"get":         getCommand,
		"set":         setCommand,
		"setnx":       setnxCommand,
		"setex":       setexCommand,
		"psetex":      psetexCommand,
		"getex":       getexCommand,
		"getdel":      getdelCommand,
		"getset":      getsetCommand,
		"mget":        mgetCommand,
		"mset":        msetCommand,
		"msetnx":      msetnxCommand,
		"append":      appendCommand,
		"strlen":      strlenCommand,
		"getrange":    getrangeCommand,
		"substr":      getrangeCommand,
		"setrange":    setrangeCommand,
		"incr":        incrCommand,
		"decr":        decrCommand,
		"incrby":      incrbyCommand,
		"decrby":      decrbyCommand,
		"incrbyfloat": incrbyfloatCommand,
	})
}

// GET key
func getCommand(c *Client, args [][]byte) { c.replyString(args[1]) }

// replyString replies with the string at key, or null, Redis's
// getGenericCommand. It returns false if the key holds another type.
func (c *Client) replyString(key []byte) bool {
	s, ok := c.getString(key)
	switch {
	case !ok:
		return false
	case s == nil:
		c.NullBulk()
	default:
		c.Bulk(s.b)
	}
	return true
}

// setOptions are the options SET and GETEX share, Redis's OBJ_* flags.
type setOptions struct {
	nx, xx, get, keepTTL, persist bool
	expire                        expireKind
	expireArg                     []byte
}

// expireKind says which expiry option was given, and so its unit and
// whether it is relative to now.
type expireKind uint8

const (
	expireNone expireKind = iota
	expireEX              // seconds from now
	expirePX              // milliseconds from now
	expireEXAT            // unix time in seconds
	expirePXAT            // unix time in milliseconds
)

// parseSetOptions parses the options of SET (forGetex false) or GETEX from
// args[start:], replying ERR syntax error on anything Redis rejects: an
// unknown option, a missing value, or options that exclude each other.
// The same option may repeat; the last value wins.
func (c *Client) parseSetOptions(args [][]byte, start int, forGetex bool) (setOptions, bool) {
	var o setOptions
	for j := start; j < len(args); j++ {
		opt := args[j]
		hasNext := j+1 < len(args)
		noExpire := o.expire == expireNone
		switch {
		case optionIs(opt, "nx") && !o.xx && !forGetex:
			o.nx = true
		case optionIs(opt, "xx") && !o.nx && !forGetex:
			o.xx = true
		case optionIs(opt, "get") && !forGetex:
			o.get = true
		case optionIs(opt, "keepttl") && !o.persist && noExpire && !forGetex:
			o.keepTTL = true
		case optionIs(opt, "persist") && forGetex && noExpire && !o.keepTTL:
			o.persist = true
		case hasNext && !o.keepTTL && !o.persist && expireOption(opt) != expireNone &&
			(noExpire || o.expire == expireOption(opt)):
			o.expire = expireOption(opt)
			o.expireArg = args[j+1]
			j++
		default:
			c.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

func expireOption(opt []byte) expireKind {
	switch {
	case optionIs(opt, "ex"):
		return expireEX
	case optionIs(opt, "px"):
		return expirePX
	case optionIs(opt, "exat"):
		return expireEXAT
	case optionIs(opt, "pxat"):
		return expirePXAT
	}
	return expireNone
}

// expireAt turns an expiry option's argument into a unix time in ms, as
// Redis's getExpireMillisecondsOrReply: the number must be positive and
// the result must not overflow. It replies on error.
func (c *Client) expireAt(cmd []byte, kind expireKind, arg []byte) (int64, bool) {
	n, ok := c.intArg(arg)
	if !ok {
		return 0, false
	}
	seconds := kind == expireEX || kind == expireEXAT
	if n <= 0 || seconds && n > math.MaxInt64/1000 {
		c.Error(errInvalidExpire(cmd))
		return 0, false
	}
	if seconds {
		n *= 1000
	}
	if kind == expireEX || kind == expirePX {
		n += c.e.now // wraps on overflow, caught below as Redis does
	}
	if n <= 0 {
		c.Error(errInvalidExpire(cmd))
		return 0, false
	}
	return n, true
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds |
// EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
func setCommand(c *Client, args [][]byte) {
	o, ok := c.parseSetOptions(args, 3, false)
	if !ok {
		return
	}
	c.setGeneric(args, o, false)
}

// SETNX key value
func setnxCommand(c *Client, args [][]byte) {
	c.setGeneric(args, setOptions{nx: true}, true)
}

// SETEX key seconds value
func setexCommand(c *Client, args [][]byte) {
	c.setGeneric([][]byte{args[0], args[1], args[3]}, setOptions{expire: expireEX, expireArg: args[2]}, false)
}

// PSETEX key milliseconds value
func psetexCommand(c *Client, args [][]byte) {
	c.setGeneric([][]byte{args[0], args[1], args[3]}, setOptions{expire: expirePX, expireArg: args[2]}, false)
}

// setGeneric is Redis's setGenericCommand, shared by SET, SETNX, SETEX and
// PSETEX: args are the command name, key and value followed by SET's
// options. intReply makes it answer 1 or 0 (SETNX) instead of OK or null.
func (c *Client) setGeneric(args [][]byte, o setOptions, intReply bool) {
	key, val := args[1], args[2]
	var when int64
	if o.expire != expireNone {
		var ok bool
		if when, ok = c.expireAt(args[0], o.expire, o.expireArg); !ok {
			return
		}
	}
	if o.get && !c.replyString(key) {
		return
	}
	found := c.db.peek(key) != nil
	if o.nx && found || o.xx && !found {
		switch {
		case o.get: // GET answered already
		case intReply:
			c.Int(0)
		default:
			c.NullBulk()
		}
		return
	}
	if o.keepTTL || o.expire != expireNone {
		c.db.setKeepTTL(key, newString(val))
	} else {
		c.db.set(key, newString(val))
	}
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.dirty++
	c.e.notifyKeyspaceEvent(notifyString, "set", k, c.db.id)
	if o.expire != expireNone {
		c.db.setExpire(key, when)
		// A relative TTL would replay differently: record the deadline.
		c.replicateAs([]byte("SET"), key, val, []byte("PXAT"), strconv.AppendInt(nil, when, 10))
		c.e.notifyKeyspaceEvent(notifyGeneric, "expire", k, c.db.id)
	} else if o.get {
		// Record the write without the GET options, as Redis does.
		effect := make([][]byte, 0, len(args))
		for j, a := range args {
			if j < 3 || !optionIs(a, "get") {
				effect = append(effect, a)
			}
		}
		c.replicateAs(effect...)
	}
	switch {
	case o.get:
	case intReply:
		c.Int(1)
	default:
		c.OK()
	}
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
// PXAT unix-time-milliseconds | PERSIST]
func getexCommand(c *Client, args [][]byte) {
	o, ok := c.parseSetOptions(args, 2, true)
	if !ok {
		return
	}
	key := args[1]
	s, ok := c.getString(key)
	if !ok {
		return
	}
	if s == nil {
		c.NullBulk()
		return
	}
	var when int64
	if o.expire != expireNone {
		if when, ok = c.expireAt(args[0], o.expire, o.expireArg); !ok {
			return
		}
	}
	c.Bulk(s.b)
	k := string(key)
	switch {
	case (o.expire == expireEXAT || o.expire == expirePXAT) && when <= c.e.now && !c.e.isLoading():
		// A deadline already past deletes the key.
		c.db.delete(key)
		c.replicateAs([]byte("DEL"), key)
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		c.e.dirty++
	case o.expire != expireNone:
		c.db.setExpire(key, when)
		c.replicateAs([]byte("PEXPIREAT"), key, strconv.AppendInt(nil, when, 10))
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyGeneric, "expire", k, c.db.id)
		c.e.dirty++
	case o.persist:
		if c.db.persist(key) {
			c.e.keyModified(c.db, k)
			c.replicateAs([]byte("PERSIST"), key)
			c.e.notifyKeyspaceEvent(notifyGeneric, "persist", k, c.db.id)
			c.e.dirty++
		}
	}
}

// GETDEL key
func getdelCommand(c *Client, args [][]byte) {
	key := args[1]
	if !c.replyString(key) {
		return
	}
	if c.db.delete(key) {
		k := string(key)
		c.replicateAs([]byte("DEL"), key)
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		c.e.dirty++
	}
}

// GETSET key value
func getsetCommand(c *Client, args [][]byte) {
	key := args[1]
	if !c.replyString(key) {
		return
	}
	c.db.set(key, newString(args[2]))
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "set", k, c.db.id)
	c.e.dirty++
	c.replicateAs([]byte("SET"), key, args[2])
}

// MGET key [key ...]
func mgetCommand(c *Client, args [][]byte) {
	c.Array(len(args) - 1)
	for _, key := range args[1:] {
		if s, ok := c.db.lookup(key).(*stringValue); ok {
			c.Bulk(s.b)
		} else {
			c.NullBulk()
		}
	}
}

// MSET key value [key value ...]
func msetCommand(c *Client, args [][]byte) { c.msetGeneric(args, false) }

// MSETNX key value [key value ...]
func msetnxCommand(c *Client, args [][]byte) { c.msetGeneric(args, true) }

func (c *Client) msetGeneric(args [][]byte, nx bool) {
	if len(args)%2 == 0 {
		c.Error(errArity(strings.ToLower(string(args[0]))))
		return
	}
	if nx {
		for j := 1; j < len(args); j += 2 {
			if c.db.peek(args[j]) != nil {
				c.Int(0)
				return
			}
		}
	}
	for j := 1; j < len(args); j += 2 {
		c.db.set(args[j], newString(args[j+1]))
		k := string(args[j])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyString, "set", k, c.db.id)
	}
	c.e.dirty += int64(len(args) / 2)
	if nx {
		c.Int(1)
	} else {
		c.OK()
	}
}

// APPEND key value
func appendCommand(c *Client, args [][]byte) {
	key, more := args[1], args[2]
	s, ok := c.getStringForWrite(key)
	if !ok {
		return
	}
	if s == nil {
		s = newString(more)
		c.db.set(key, s)
	} else {
		if !c.checkStringLength(int64(len(s.b)), int64(len(more))) {
			return
		}
		s.appendBytes(more)
	}
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "append", k, c.db.id)
	c.e.dirty++
	c.Int(int64(len(s.b)))
}

// STRLEN key
func strlenCommand(c *Client, args [][]byte) {
	s, ok := c.getString(args[1])
	switch {
	case !ok:
	case s == nil:
		c.Int(0)
	default:
		c.Int(int64(len(s.b)))
	}
}

// GETRANGE key start end, and its old name SUBSTR
func getrangeCommand(c *Client, args [][]byte) {
	start, ok := c.intArg(args[2])
	if !ok {
		return
	}
	end, ok := c.intArg(args[3])
	if !ok {
		return
	}
	s, ok := c.getString(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Bulk(nil)
		return
	}
	from, to, ok := byteRange(start, end, int64(len(s.b)))
	if !ok {
		c.Bulk(nil)
		return
	}
	c.Bulk(s.b[from : to+1])
}

// byteRange resolves GETRANGE's inclusive start and end, negative ones
// counting from the end, within a string of n bytes. It reports false if
// the range is empty.
func byteRange(start, end, n int64) (int64, int64, bool) {
	if start < 0 && end < 0 && start > end {
		return 0, 0, false
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if start > end || n == 0 {
		return 0, 0, false
	}
	return start, end, true
}

// SETRANGE key offset value
func setrangeCommand(c *Client, args [][]byte) {
	key, data := args[1], args[3]
	offset, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if offset < 0 {
		c.Error(errOffsetRange)
		return
	}
	s, ok := c.getStringForWrite(key)
	if !ok {
		return
	}
	if s == nil {
		if len(data) == 0 {
			c.Int(0)
			return
		}
		if !c.checkStringLength(offset, int64(len(data))) {
			return
		}
		s = &stringValue{enc: encodedRaw}
		c.db.set(key, s)
	} else {
		if len(data) == 0 {
			c.Int(int64(len(s.b)))
			return
		}
		if !c.checkStringLength(offset, int64(len(data))) {
			return
		}
	}
	s.setRange(offset, data)
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "setrange", k, c.db.id)
	c.e.dirty++
	c.Int(int64(len(s.b)))
}

// INCR key
func incrCommand(c *Client, args [][]byte) { c.incrDecr(args[1], 1) }

// DECR key
func decrCommand(c *Client, args [][]byte) { c.incrDecr(args[1], -1) }

// INCRBY key increment
func incrbyCommand(c *Client, args [][]byte) {
	n, ok := c.intArg(args[2])
	if !ok {
		return
	}
	c.incrDecr(args[1], n)
}

// DECRBY key decrement
func decrbyCommand(c *Client, args [][]byte) {
	n, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if n == math.MinInt64 { // its negation would overflow
		c.Error(errDecrementOverflow)
		return
	}
	c.incrDecr(args[1], -n)
}

// incrDecr adds incr to the integer at key, Redis's incrDecrCommand.
func (c *Client) incrDecr(key []byte, incr int64) {
	s, ok := c.getStringForWrite(key)
	if !ok {
		return
	}
	var old int64
	if s != nil {
		if old, ok = c.intArg(s.b); !ok {
			return
		}
	}
	if incr < 0 && old < 0 && incr < math.MinInt64-old ||
		incr > 0 && old > 0 && incr > math.MaxInt64-old {
		c.Error(ErrOverflow)
		return
	}
	n := old + incr
	if s != nil {
		// Rewrite in place: the result is a fresh integer for Redis too.
		s.b = strconv.AppendInt(s.b[:0], n, 10)
		s.enc = encodedByContent
	} else {
		c.db.set(key, newIntString(n))
	}
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "incrby", k, c.db.id)
	c.e.dirty++
	c.Int(n)
}

// INCRBYFLOAT key increment
func incrbyfloatCommand(c *Client, args [][]byte) {
	key := args[1]
	s, ok := c.getStringForWrite(key)
	if !ok {
		return
	}
	var old longDouble
	if s != nil {
		if old, ok = parseLongDouble(s.b); !ok {
			c.Error(ErrNotFloat)
			return
		}
	}
	incr, ok := parseLongDouble(args[2])
	if !ok {
		c.Error(ErrNotFloat)
		return
	}
	sum := old.add(incr)
	if !sum.isFinite() {
		c.Error(ErrIncrNaNOrInf)
		return
	}
	result := &stringValue{b: appendLongDoubleHuman(nil, sum), enc: encodedAsText}
	c.db.setKeepTTL(key, result)
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "incrbyfloat", k, c.db.id)
	c.e.dirty++
	c.Bulk(result.b)
	// The float's text, not the increment, replays identically everywhere.
	c.replicateAs([]byte("SET"), key, result.b, []byte("KEEPTTL"))
}

func init() {
	// SET's key is read too when GET is given, so its flags vary.
	keyFinders["set"] = func(argv [][]byte) []keyRef {
		for _, a := range argv[3:] {
			if equalFold(cutAtNUL(a), "get") {
				return []keyRef{{pos: 1, flags: KeyRW | KeyAccess | KeyUpdate}}
			}
		}
		return []keyRef{{pos: 1, flags: KeyOW | KeyUpdate}}
	}
}
