package engine

import (
	"bytes"
	"math"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// The stream commands without consumer groups: XADD, XLEN, XRANGE,
// XREVRANGE, XDEL, XTRIM, XREAD, XSETID and XINFO. The consumer group
// commands are in stream_groups.go.

func init() {
	registerConfig(
		memoryParam("stream-node-max-bytes", 0, math.MaxInt64, func(c *config) *int64 { return &c.streamNodeMaxBytes }),
		intParam("stream-node-max-entries", 0, math.MaxInt64, func(c *config) *int { return &c.streamNodeMaxEntries }),
	)
	implement(map[string]Handler{
		"xadd":            xaddCommand,
		"xlen":            xlenCommand,
		"xrange":          func(c *Client, args [][]byte) { xrangeCommand(c, args, false) },
		"xrevrange":       func(c *Client, args [][]byte) { xrangeCommand(c, args, true) },
		"xdel":            xdelCommand,
		"xtrim":           xtrimCommand,
		"xread":           xreadCommand,
		"xreadgroup":      xreadCommand,
		"xsetid":          xsetidCommand,
		"xinfo|stream":    xinfoStreamCommand,
		"xinfo|groups":    xinfoGroupsCommand,
		"xinfo|consumers": xinfoConsumersCommand,
		"xinfo|help":      func(c *Client, args [][]byte) { c.help("XINFO", xinfoHelp) },
	})
}

// Errors of the stream commands.
const (
	errStreamInvalidID      = "ERR Invalid stream ID specified as stream command argument"
	errStreamIDZero         = "ERR The ID specified in XADD must be greater than 0-0"
	errStreamExhausted      = "ERR The stream has exhausted the last possible ID, unable to add more items"
	errStreamTrimBoth       = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"
	errStreamMaxLenNegative = "ERR The MAXLEN argument must be >= 0."
	errStreamLimitNegative  = "ERR The LIMIT argument must be >= 0."
	errStreamLimitNoTrim    = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"
	errStreamXtrimNoTrim    = "ERR syntax error, XTRIM must be called with a trimming strategy"
	errStreamLimitNotApprox = "ERR syntax error, LIMIT cannot be used without the special ~ option"
	errStreamStartInterval  = "ERR invalid start ID for the interval"
	errStreamEndInterval    = "ERR invalid end ID for the interval"
	errXsetidSmallerTop     = "ERR The ID specified in XSETID is smaller than the target stream top item"
	errXsetidSmallerArgDel  = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"
	errXsetidEntriesAdded   = "ERR The entries_added specified in XSETID is smaller than the target stream length"
	errXsetidEntriesNeg     = "ERR entries_added must be positive"
)

var xinfoHelp = []string{
	"CONSUMERS <key> <groupname>",
	"    Show consumers of <groupname>.",
	"GROUPS <key>",
	"    Show the stream consumer groups.",
	"STREAM <key> [FULL [COUNT <count>]",
	"    Show information about the stream.",
}

// asStream type-checks a key's value: the stream, nil for no key, or
// false after replying WRONGTYPE.
func (c *Client) asStream(v value) (*streamValue, bool) { return typed[*streamValue](c, v) }

// readStream returns the stream at key for a read (counting a hit or miss).
func (c *Client) readStream(key []byte) (*streamValue, bool) { return c.asStream(c.db.lookup(key)) }

// writeStream returns the stream at key for a write.
func (c *Client) writeStream(key []byte) (*streamValue, bool) { return c.asStream(c.db.peek(key)) }

// parseStreamID parses an ID as Redis's streamGenericParseIDOrReply:
// "<ms>-<seq>", "<ms>" (seq is missingSeq), "-" and "+" unless strict, and
// "<ms>-*" when seqGiven is not nil (it is then set false). Like Redis it
// reads the argument as a C string of at most 127 bytes.
func parseStreamID(b []byte, missingSeq uint64, strict bool, seqGiven *bool) (streamID, bool) {
	if len(b) > 127 {
		return streamID{}, false
	}
	s := cutAtNUL(b)
	if strict && len(s) == 1 && (s[0] == '-' || s[0] == '+') {
		return streamID{}, false
	}
	if seqGiven != nil {
		*seqGiven = true
	}
	switch string(s) {
	case "-":
		return minStreamID, true
	case "+":
		return maxStreamID, true
	}
	msPart, seqPart, hasSeq := bytes.Cut(s, []byte{'-'})
	ms, ok := string2ull(msPart)
	if !ok {
		return streamID{}, false
	}
	seq := missingSeq
	if hasSeq {
		if seqGiven != nil && len(seqPart) == 1 && seqPart[0] == '*' {
			seq = 0
			*seqGiven = false
		} else if seq, ok = string2ull(seqPart); !ok {
			return streamID{}, false
		}
	}
	return streamID{ms, seq}, true
}

// string2ull is Redis's: a strict integer (string2ll) that is not
// negative, or else whatever C's strtoull accepts in base 10 when it
// consumes the whole string: leading spaces, a sign (a '-' negates
// modulo 2^64), leading zeros.
func string2ull(s []byte) (uint64, bool) {
	if v, ok := resp.ParseInt(s); ok {
		return uint64(v), v >= 0
	}
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, false // no digits
	}
	var v uint64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false // ERANGE
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, true
}

// streamIDArg parses an ID that may be "-" or "+".
func (c *Client) streamIDArg(b []byte, missingSeq uint64) (streamID, bool) {
	id, ok := parseStreamID(b, missingSeq, false, nil)
	if !ok {
		c.Error(errStreamInvalidID)
	}
	return id, ok
}

// strictStreamIDArg parses an ID that may not be "-" or "+".
func (c *Client) strictStreamIDArg(b []byte, missingSeq uint64) (streamID, bool) {
	id, ok := parseStreamID(b, missingSeq, true, nil)
	if !ok {
		c.Error(errStreamInvalidID)
	}
	return id, ok
}

// intervalIDArg parses a range bound, which may be exclusive: "(" before
// an ID (not "-" or "+") excludes it. The result is inclusive: an
// exclusive start moves to the next ID, an exclusive end to the previous
// one, with Redis's errors at the ends of the ID space.
func (c *Client) intervalIDArg(b []byte, isEnd bool) (streamID, bool) {
	missingSeq := uint64(0)
	if isEnd {
		missingSeq = math.MaxUint64
	}
	if len(b) > 1 && b[0] == '(' {
		id, ok := c.strictStreamIDArg(b[1:], missingSeq)
		if !ok {
			return id, false
		}
		if !isEnd && !id.incr() {
			c.Error(errStreamStartInterval)
			return id, false
		}
		if isEnd && !id.decr() {
			c.Error(errStreamEndInterval)
			return id, false
		}
		return id, true
	}
	return c.streamIDArg(b, missingSeq)
}

// replyStreamID replies with an ID as a bulk string.
func (c *Client) replyStreamID(id streamID) {
	var buf [41]byte
	c.Bulk(id.appendTo(buf[:0]))
}

// streamReplyScratch is the room a reply of entries formats IDs and
// integer fields in, allocated once per reply rather than per entry.
type streamReplyScratch struct {
	id           [41]byte
	field, value [lpIntBufSize]byte
}

// replyStreamEntry replies with a stream entry: its ID, its fields and values.
func (c *Client) replyStreamEntry(e *streamEntry) {
	c.replyStreamEntryWith(e, new(streamReplyScratch))
}

func (c *Client) replyStreamEntryWith(e *streamEntry, scratch *streamReplyScratch) {
	c.Array(2)
	c.Bulk(e.id.appendTo(scratch.id[:0]))
	c.Array(2 * e.numFields)
	e.eachFieldBuf(scratch.field[:], scratch.value[:], func(field, value []byte) {
		c.Bulk(field)
		c.Bulk(value)
	})
}

// replyStreamEntries replies with an array of stream entries.
func (c *Client) replyStreamEntries(entries []streamEntry) {
	c.Array(len(entries))
	scratch := new(streamReplyScratch)
	for i := range entries {
		c.replyStreamEntryWith(&entries[i], scratch)
	}
}

// streamAddArgs are XADD's options; XTRIM uses the trimming part.
type streamAddArgs struct {
	streamTrimArgs
	id         streamID
	idGiven    bool
	seqGiven   bool
	noMkStream bool
}

// streamAddTrimArgs parses the options of XADD (xadd) or XTRIM as Redis's
// streamParseAddOrTrimArgsOrReply and returns, for XADD, the index of the
// ID argument.
func (c *Client) streamAddTrimArgs(args [][]byte, xadd bool, a *streamAddArgs) (int, bool) {
	limitGiven := false
	i := 2
	for ; i < len(args); i++ {
		moreArgs := len(args) - 1 - i
		opt := args[i]
		switch {
		case xadd && string(cutAtNUL(opt)) == "*":
			return c.streamTrimLimit(a, xadd, limitGiven, i)
		case (optionIs(opt, "maxlen") || optionIs(opt, "minid")) && moreArgs > 0:
			if a.strategy != trimNone {
				c.Error(errStreamTrimBoth)
				return 0, false
			}
			a.approx = false
			next := string(cutAtNUL(args[i+1]))
			if moreArgs >= 2 && next == "~" {
				a.approx = true
				i++
			} else if moreArgs >= 2 && next == "=" {
				i++
			}
			if optionIs(opt, "maxlen") {
				n, ok := c.intArg(args[i+1])
				if !ok {
					return 0, false
				}
				if n < 0 {
					c.Error(errStreamMaxLenNegative)
					return 0, false
				}
				a.maxLen, a.strategy = n, trimMaxLen
			} else {
				id, ok := c.strictStreamIDArg(args[i+1], 0)
				if !ok {
					return 0, false
				}
				a.minID, a.strategy = id, trimMinID
			}
			i++
			a.argIndex = i
		case optionIs(opt, "limit") && moreArgs > 0:
			n, ok := c.intArg(args[i+1])
			if !ok {
				return 0, false
			}
			if n < 0 {
				c.Error(errStreamLimitNegative)
				return 0, false
			}
			a.limit, limitGiven = n, true
			i++
		case xadd && optionIs(opt, "nomkstream"):
			a.noMkStream = true
		case xadd:
			id, ok := parseStreamID(opt, 0, true, &a.seqGiven)
			if !ok {
				c.Error(errStreamInvalidID)
				return 0, false
			}
			a.id, a.idGiven = id, true
			return c.streamTrimLimit(a, xadd, limitGiven, i)
		default:
			c.Error(ErrSyntax)
			return 0, false
		}
	}
	return c.streamTrimLimit(a, xadd, limitGiven, i)
}

// streamTrimLimit checks the trimming options once parsed and settles the
// LIMIT: an approximate trim without one gets 100 nodes' worth.
func (c *Client) streamTrimLimit(a *streamAddArgs, xadd, limitGiven bool, i int) (int, bool) {
	switch {
	case a.limit != 0 && a.strategy == trimNone:
		c.Error(errStreamLimitNoTrim)
		return 0, false
	case !xadd && a.strategy == trimNone:
		c.Error(errStreamXtrimNoTrim)
		return 0, false
	case c.replaying:
		// A recorded effect trims exactly as the original command did,
		// which its threshold says (see rewriteTrim).
		a.limit = 0
	case limitGiven && !a.approx:
		c.Error(errStreamLimitNotApprox)
		return 0, false
	case !limitGiven && a.approx:
		a.limit = 100 * int64(c.e.cfg.streamNodeMaxEntries)
		if a.limit <= 0 || a.limit > 10000 {
			a.limit = 10000
		}
	case !limitGiven:
		a.limit = 0
	}
	return i, true
}

// rewriteTrim returns args with an approximate trim made exact, as Redis
// propagates it: "~" becomes "=" and the threshold what the stream now
// holds (its length, or its first entry's ID).
func rewriteTrim(args [][]byte, s *streamValue, a *streamTrimArgs) [][]byte {
	out := append([][]byte(nil), args...)
	out[a.argIndex-1] = []byte("=")
	if a.strategy == trimMaxLen {
		out[a.argIndex] = strconv.AppendUint(nil, s.length, 10)
	} else {
		out[a.argIndex] = s.edgeID(true, false).appendTo(nil)
	}
	return out
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]
func xaddCommand(c *Client, args [][]byte) {
	var a streamAddArgs
	idPos, ok := c.streamAddTrimArgs(args, true, &a)
	if !ok {
		return
	}
	fieldPos := idPos + 1
	if n := len(args) - fieldPos; n < 2 || n%2 == 1 {
		c.Error(errArity("xadd"))
		return
	}
	if a.idGiven && a.seqGiven && a.id.isZero() {
		c.Error(errStreamIDZero)
		return
	}
	key := args[1]
	s, ok := c.writeStream(key)
	if !ok {
		return
	}
	if s == nil {
		if a.noMkStream {
			c.NullBulk()
			return
		}
		s = newStream()
		c.db.set(key, s)
	}
	if s.lastID == maxStreamID {
		c.Error(errStreamExhausted)
		return
	}
	var explicit *streamID
	if a.idGiven {
		explicit = &a.id
	}
	id, msg := s.nextID(c.e.now, explicit, a.seqGiven)
	if msg != "" {
		c.Error(msg)
		return
	}
	if !s.append(id, args[fieldPos:], c.e.streamNodeLimits()) {
		c.Error(errStreamTooLarge)
		return
	}
	c.replyStreamID(id)
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyStream, "xadd", k, c.db.id)
	c.e.dirty++

	var effect [][]byte // nil: the command as given
	if a.strategy != trimNone {
		if s.trim(&a.streamTrimArgs) > 0 {
			c.e.notifyKeyspaceEvent(notifyStream, "xtrim", k, c.db.id)
		}
		if a.approx {
			effect = rewriteTrim(args, s, &a.streamTrimArgs)
		}
	}
	if !a.idGiven || !a.seqGiven {
		if effect == nil {
			effect = append([][]byte(nil), args...)
		}
		effect[idPos] = id.appendTo(nil)
	}
	if effect != nil {
		c.replicateAs(effect...)
	}
	c.db.signalReady(key)
}

// XLEN key
func xlenCommand(c *Client, args [][]byte) {
	s, ok := c.readStream(args[1])
	switch {
	case !ok:
	case s == nil:
		c.Int(0)
	default:
		c.Int(int64(s.length))
	}
}

// XRANGE key start end [COUNT count], and XREVRANGE key end start [COUNT
// count] when rev.
func xrangeCommand(c *Client, args [][]byte, rev bool) {
	startArg, endArg := args[2], args[3]
	if rev {
		startArg, endArg = endArg, startArg
	}
	start, ok := c.intervalIDArg(startArg, false)
	if !ok {
		return
	}
	end, ok := c.intervalIDArg(endArg, true)
	if !ok {
		return
	}
	count := int64(-1)
	for j := 4; j < len(args); j++ {
		if optionIs(args[j], "count") && j+1 < len(args) {
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			count = max(n, 0)
			j++
		} else {
			c.Error(ErrSyntax)
			return
		}
	}
	s, ok := c.readStream(args[1])
	switch {
	case !ok:
	case s == nil:
		c.Array(0)
	case count == 0:
		c.NullArray()
	default:
		c.replyStreamEntries(s.collect(start, end, max(count, 0), rev))
	}
}

// XDEL key id [id ...]
func xdelCommand(c *Client, args [][]byte) {
	s, ok := c.writeStream(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Int(0)
		return
	}
	ids := make([]streamID, 0, len(args)-2)
	for _, b := range args[2:] {
		id, ok := c.strictStreamIDArg(b, 0)
		if !ok {
			return
		}
		ids = append(ids, id)
	}
	deleted := s.delete(ids...)
	if deleted > 0 {
		k := string(args[1])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyStream, "xdel", k, c.db.id)
		c.e.dirty += int64(deleted)
	}
	c.Int(int64(deleted))
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
func xtrimCommand(c *Client, args [][]byte) {
	var a streamAddArgs
	if _, ok := c.streamAddTrimArgs(args, false, &a); !ok {
		return
	}
	s, ok := c.writeStream(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Int(0)
		return
	}
	deleted := s.trim(&a.streamTrimArgs)
	if deleted > 0 {
		k := string(args[1])
		c.e.notifyKeyspaceEvent(notifyStream, "xtrim", k, c.db.id)
		if a.approx {
			c.replicateAs(rewriteTrim(args, s, &a.streamTrimArgs)...)
		}
		c.e.keyModified(c.db, k)
		c.e.dirty += deleted
	}
	c.Int(deleted)
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
func xsetidCommand(c *Client, args [][]byte) {
	id, ok := c.strictStreamIDArg(args[2], 0)
	if !ok {
		return
	}
	entriesAdded := int64(-1)
	var maxDeleted streamID
	for i := 3; i < len(args); i += 2 {
		moreArgs := len(args) - 1 - i
		switch {
		case optionIs(args[i], "entriesadded") && moreArgs > 0:
			n, ok := c.intArg(args[i+1])
			if !ok {
				return
			}
			if n < 0 {
				c.Error(errXsetidEntriesNeg)
				return
			}
			entriesAdded = n
		case optionIs(args[i], "maxdeletedid") && moreArgs > 0:
			md, ok := c.strictStreamIDArg(args[i+1], 0)
			if !ok {
				return
			}
			if id.cmp(md) < 0 {
				c.Error(errXsetidSmallerArgDel)
				return
			}
			maxDeleted = md
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	s, ok := c.writeStream(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	if s.length > 0 {
		if id.cmp(s.lastValidID()) < 0 {
			c.Error(errXsetidSmallerTop)
			return
		}
		if entriesAdded != -1 && s.length > uint64(entriesAdded) {
			c.Error(errXsetidEntriesAdded)
			return
		}
	}
	s.lastID = id
	if entriesAdded != -1 {
		s.entriesAdded = uint64(entriesAdded)
	}
	if !maxDeleted.isZero() {
		s.maxDeletedID = maxDeleted
	}
	c.OK()
	// Like Redis 7.0, XSETID does not touch the key for WATCH.
	c.e.notifyKeyspaceEvent(notifyStream, "xsetid", string(args[1]), c.db.id)
	c.e.dirty++
}

// xreadArgs are the options of XREAD and XREADGROUP.
type xreadArgs struct {
	block      bool
	deadline   int64
	count      int64
	streamsArg int // index of the first key
	numStreams int
	noAck      bool
	group      []byte
	consumer   []byte
}

// xreadBlockedCount is the COUNT a blocked read without one is served
// with, so that a stale ID does not return a whole stream at once.
const xreadBlockedCount = 1000

// parseXread parses the options of XREAD (or XREADGROUP, group) up to and
// including STREAMS.
func (c *Client) parseXread(args [][]byte, group bool) (xreadArgs, bool) {
	var a xreadArgs
	for i := 1; i < len(args); i++ {
		moreArgs := len(args) - i - 1
		o := args[i]
		switch {
		case optionIs(o, "block") && moreArgs > 0:
			if c.scriptCaller != nil {
				c.Error("ERR " + cString(args[0], len(args[0])) + " command is not allowed with BLOCK option from scripts")
				return a, false
			}
			i++
			deadline, ok := c.timeoutArg(args[i], false)
			if !ok {
				return a, false
			}
			a.block, a.deadline = true, deadline
		case optionIs(o, "count") && moreArgs > 0:
			i++
			n, ok := c.intArg(args[i])
			if !ok {
				return a, false
			}
			a.count = max(n, 0)
		case optionIs(o, "streams") && moreArgs > 0:
			a.streamsArg = i + 1
			n := len(args) - a.streamsArg
			if n%2 != 0 {
				c.Error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
				return a, false
			}
			a.numStreams = n / 2
			i = len(args)
		case optionIs(o, "group") && moreArgs >= 2:
			if !group {
				c.Error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
				return a, false
			}
			a.group, a.consumer = args[i+1], args[i+2]
			i += 2
		case optionIs(o, "noack"):
			if !group {
				c.Error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
				return a, false
			}
			a.noAck = true
		default:
			c.Error(ErrSyntax)
			return a, false
		}
	}
	if a.streamsArg == 0 {
		c.Error(ErrSyntax)
		return a, false
	}
	if group && a.group == nil {
		c.Error("ERR Missing GROUP option for XREADGROUP")
		return a, false
	}
	return a, true
}

// errNoGroupRead is XREADGROUP's error for a missing key or group.
func errNoGroupRead(key, group []byte) string {
	return "NOGROUP No such key '" + cString(key, len(key)) + "' or consumer group '" + cString(group, len(group)) +
		"' in XREADGROUP with GROUP option"
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
func xreadCommand(c *Client, args [][]byte) {
	// Reads propagate what they change as XCLAIM and XGROUP effects,
	// never as themselves.
	c.preventPropagation()
	isGroup := len(args[0]) == len("xreadgroup")
	a, ok := c.parseXread(args, isGroup)
	if !ok {
		return
	}
	if c.e.blocking.retrying == c {
		c.serveBlockedRead(args, &a)
		return
	}
	keys := args[a.streamsArg : a.streamsArg+a.numStreams]
	idArgs := args[a.streamsArg+a.numStreams:]
	ids := make([]streamID, a.numStreams)
	var groups []*streamGroup
	if isGroup {
		groups = make([]*streamGroup, a.numStreams)
	}
	var dollar []int // positions of "$", resolved now, remembered if we block
	for i, key := range keys {
		s, ok := c.asStream(c.db.lookup(key))
		if !ok {
			return
		}
		if isGroup {
			if s != nil {
				groups[i] = s.group(a.group)
			}
			if groups[i] == nil {
				c.Error(errNoGroupRead(key, a.group))
				return
			}
		}
		switch string(idArgs[i]) {
		case "$":
			if isGroup {
				c.Error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of " +
					"this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just " +
					"return an empty result set.")
				return
			}
			if s != nil {
				ids[i] = s.lastID
			}
			dollar = append(dollar, i)
		case ">":
			if !isGroup {
				c.Error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.")
				return
			}
			ids[i] = maxStreamID
		default:
			if ids[i], ok = c.strictStreamIDArg(idArgs[i], 0); !ok {
				return
			}
		}
	}

	// Serve at once what can be served. The streams' replies go to a
	// buffer first: their number is known only at the end.
	served := 0
	buf := c.buffered(func() {
		for i, key := range keys {
			s, _ := c.db.lookup(key).(*streamValue)
			if s == nil {
				continue
			}
			gt := ids[i]
			now, history := false, false
			switch {
			case isGroup && gt != maxStreamID:
				now, history = true, true
			case isGroup:
				if last := groups[i].lastID; s.length > 0 && s.lastValidID().cmp(last) > 0 {
					now, gt = true, last
				}
			case s.length > 0:
				now = s.lastValidID().cmp(gt) > 0
			}
			if !now {
				continue
			}
			served++
			start := gt
			start.incr()
			if c.proto == 2 {
				c.Array(2)
			}
			c.Bulk(key)
			if isGroup {
				r := groupRead{key: key, groupName: a.group, group: groups[i], noAck: a.noAck, history: history}
				r.consumer = c.lookupOrCreateConsumer(r.group, key, a.group, a.consumer, a.noAck)
				c.serveGroupRead(s, start, a.count, &r)
				c.e.dirty++
			} else {
				c.replyStreamEntries(s.collect(start, maxStreamID, a.count, false))
			}
		}
	})
	if served > 0 {
		if c.proto == 2 {
			c.Array(served)
		} else {
			c.Map(served)
		}
		buf.replay(c.reply)
		return
	}
	if !a.block || c.denyBlocking() {
		c.NullArray()
		return
	}
	// Block. A "$" means the last ID now, not when served: the parked
	// command remembers it.
	if len(dollar) > 0 {
		parked := append([][]byte(nil), args...)
		for _, i := range dollar {
			parked[a.streamsArg+a.numStreams+i] = ids[i].appendTo(nil)
		}
		c.runningArgs = parked
	}
	c.block(keys, a.deadline, (*Client).NullArray)
}

// serveBlockedRead runs a parked XREAD or XREADGROUP again for the stream
// that became ready, as Redis's serveClientsBlockedOnStreamKey: the reply
// holds that stream only, or the client stays parked.
func (c *Client) serveBlockedRead(args [][]byte, a *xreadArgs) {
	stay := func() { c.block(nil, 0, nil) }
	ready := c.e.blocking.serving
	idx := -1
	for i := 0; i < a.numStreams; i++ {
		if string(args[a.streamsArg+i]) == ready {
			idx = i
			break
		}
	}
	if idx < 0 {
		stay()
		return
	}
	key := args[a.streamsArg+idx]
	s, ok := c.db.peek(key).(*streamValue)
	if !ok {
		// The stream was deleted or replaced: a group reader is told so.
		if a.group != nil {
			c.Error("UNBLOCKED the stream key no longer exists")
		} else {
			stay()
		}
		return
	}
	var gt streamID
	var g *streamGroup
	if a.group != nil {
		if g = s.group(a.group); g == nil {
			c.Error("NOGROUP the consumer group this client was blocked on no longer exists")
			return
		}
		gt = g.lastID
	} else {
		gt, _ = parseStreamID(args[a.streamsArg+a.numStreams+idx], 0, true, nil)
	}
	if s.lastID.cmp(gt) <= 0 {
		stay()
		return
	}
	start := gt
	start.incr()
	count := a.count
	if count == 0 {
		count = xreadBlockedCount
	}
	if c.proto == 2 {
		c.Array(1)
		c.Array(2)
	} else {
		c.Map(1)
	}
	c.Bulk(key)
	if g == nil {
		c.replyStreamEntries(s.collect(start, maxStreamID, count, false))
		return
	}
	r := groupRead{key: key, groupName: a.group, group: g, noAck: a.noAck}
	r.consumer = c.lookupOrCreateConsumer(g, key, a.group, a.consumer, a.noAck)
	c.serveGroupRead(s, start, count, &r)
}

// XINFO STREAM key [FULL [COUNT count]]
func xinfoStreamCommand(c *Client, args [][]byte) {
	s, ok := c.readStream(args[2])
	if !ok {
		return
	}
	if s == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	full, count := false, int64(10)
	opts := args[3:]
	switch {
	case len(opts) == 0:
	case (len(opts) == 1 || len(opts) == 3) && optionIs(opts[0], "full") && (len(opts) == 1 || optionIs(opts[1], "count")):
		full = true
		if len(opts) == 3 {
			n, ok := c.intArg(opts[2])
			if !ok {
				return
			}
			if n < 0 {
				n = 10
			}
			count = n
		}
	default:
		c.subcommandSyntaxError(args)
		return
	}
	if full {
		c.Map(9)
	} else {
		c.Map(10)
	}
	c.BulkString("length")
	c.Int(int64(s.length))
	c.BulkString("radix-tree-keys")
	c.Int(int64(s.nodes.Len()))
	c.BulkString("radix-tree-nodes")
	c.Int(int64(s.nodes.numnodes))
	c.BulkString("last-generated-id")
	c.replyStreamID(s.lastID)
	c.BulkString("max-deleted-entry-id")
	c.replyStreamID(s.maxDeletedID)
	c.BulkString("entries-added")
	c.Int(int64(s.entriesAdded))
	c.BulkString("recorded-first-entry-id")
	c.replyStreamID(s.firstID)
	if !full {
		c.BulkString("groups")
		c.Int(int64(s.groupCount()))
		for _, rev := range []bool{false, true} {
			if rev {
				c.BulkString("last-entry")
			} else {
				c.BulkString("first-entry")
			}
			if e := s.collect(minStreamID, maxStreamID, 1, rev); len(e) > 0 {
				c.replyStreamEntry(&e[0])
			} else {
				c.NullBulk()
			}
		}
		return
	}
	c.BulkString("entries")
	c.replyStreamEntries(s.collect(minStreamID, maxStreamID, count, false))
	c.BulkString("groups")
	if s.groups == nil {
		c.Array(0)
		return
	}
	c.Array(s.groups.Len())
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		g := gi.Value()
		c.Map(7)
		c.BulkString("name")
		c.Bulk(gi.Key())
		c.BulkString("last-delivered-id")
		c.replyStreamID(g.lastID)
		c.BulkString("entries-read")
		c.replyEntriesRead(g)
		c.BulkString("lag")
		c.replyLag(s, g)
		c.BulkString("pel-count")
		c.Int(int64(g.pel.Len()))
		c.BulkString("pending")
		n := g.pel.Len()
		if count > 0 {
			n = min(n, int(count))
		}
		c.Array(n)
		pi := g.pel.iter()
		for pi.First(); pi.Valid() && n > 0; pi.Next() {
			nack := pi.Value()
			c.Array(4)
			c.replyStreamID(streamIDFromKey(pi.Key()))
			c.BulkString(nack.consumer.name)
			c.Int(nack.deliveryTime)
			c.Int(int64(nack.deliveryCount))
			n--
		}
		c.BulkString("consumers")
		c.Array(g.consumers.Len())
		ci := g.consumers.iter()
		for ci.First(); ci.Valid(); ci.Next() {
			cons := ci.Value()
			c.Map(4)
			c.BulkString("name")
			c.BulkString(cons.name)
			c.BulkString("seen-time")
			c.Int(cons.seenTime)
			c.BulkString("pel-count")
			c.Int(int64(cons.pel.Len()))
			c.BulkString("pending")
			n := cons.pel.Len()
			if count > 0 {
				n = min(n, int(count))
			}
			c.Array(n)
			pi := cons.pel.iter()
			for pi.First(); pi.Valid() && n > 0; pi.Next() {
				nack := pi.Value()
				c.Array(3)
				c.replyStreamID(streamIDFromKey(pi.Key()))
				c.Int(nack.deliveryTime)
				c.Int(int64(nack.deliveryCount))
				n--
			}
		}
	}
}

// XINFO GROUPS key
func xinfoGroupsCommand(c *Client, args [][]byte) {
	s, ok := c.readStream(args[2])
	if !ok {
		return
	}
	if s == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	if s.groups == nil {
		c.Array(0)
		return
	}
	c.Array(s.groups.Len())
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		g := gi.Value()
		c.Map(6)
		c.BulkString("name")
		c.Bulk(gi.Key())
		c.BulkString("consumers")
		c.Int(int64(g.consumers.Len()))
		c.BulkString("pending")
		c.Int(int64(g.pel.Len()))
		c.BulkString("last-delivered-id")
		c.replyStreamID(g.lastID)
		c.BulkString("entries-read")
		c.replyEntriesRead(g)
		c.BulkString("lag")
		c.replyLag(s, g)
	}
}

// XINFO CONSUMERS key group
func xinfoConsumersCommand(c *Client, args [][]byte) {
	s, ok := c.readStream(args[2])
	if !ok {
		return
	}
	if s == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	g := s.group(args[3])
	if g == nil {
		c.Error(errNoGroup(args[2], args[3]))
		return
	}
	c.Array(g.consumers.Len())
	ci := g.consumers.iter()
	for ci.First(); ci.Valid(); ci.Next() {
		cons := ci.Value()
		c.Map(3)
		c.BulkString("name")
		c.BulkString(cons.name)
		c.BulkString("pending")
		c.Int(int64(cons.pel.Len()))
		c.BulkString("idle")
		c.Int(max(c.e.now-cons.seenTime, 0))
	}
}

// replyEntriesRead replies with a group's count of entries read, or nil
// when it is unknown.
func (c *Client) replyEntriesRead(g *streamGroup) {
	if g.entriesRead == streamEntriesReadUnknown {
		c.NullBulk()
	} else {
		c.Int(g.entriesRead)
	}
}

// replyLag replies with how many entries a group has yet to read, or nil
// when that cannot be known (Redis's streamReplyWithCGLag).
func (c *Client) replyLag(s *streamValue, g *streamGroup) {
	switch {
	case s.entriesAdded == 0:
		c.Int(0)
	case g.entriesRead != streamEntriesReadUnknown && !s.rangeHasTombstones(g.lastID, maxStreamID):
		c.Int(int64(s.entriesAdded) - g.entriesRead)
	default:
		if read := s.estimateEntriesRead(g.lastID); read != streamEntriesReadUnknown {
			c.Int(int64(s.entriesAdded) - read)
		} else {
			c.NullBulk()
		}
	}
}
