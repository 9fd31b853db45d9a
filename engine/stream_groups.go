package engine

import (
	"math"
	"strconv"
)

// Consumer groups: the data Redis keeps per group and the commands that
// use it, XGROUP, XREADGROUP's group side, XACK, XPENDING, XCLAIM and
// XAUTOCLAIM.
//
// A group (streamGroup) has the ID of the last entry delivered to it, a
// count of entries read (or unknown), a pending entries list (PEL: a rax
// by entry ID of the deliveries not yet acknowledged) and its consumers by
// name. A consumer has the time it was last seen and a PEL of its own; a
// pending entry (streamNACK) is one value shared by the group's PEL and
// its consumer's, as in Redis, with the time of its last delivery and the
// number of deliveries. RDB stores groups in this shape: name, last ID,
// entries read, the group PEL (ID, delivery time, delivery count), then
// each consumer (name, seen time, the IDs of its PEL).
type streamGroup struct {
	lastID      streamID
	entriesRead int64 // streamEntriesReadUnknown when unknown
	pel         *rax[*streamNACK]
	consumers   *rax[*streamConsumer]
}

type streamConsumer struct {
	name     string
	seenTime int64 // unix ms
	pel      *rax[*streamNACK]
}

type streamNACK struct {
	deliveryTime  int64 // unix ms
	deliveryCount uint64
	consumer      *streamConsumer
}

func init() {
	implement(map[string]Handler{
		"xgroup|create":         xgroupCommand,
		"xgroup|setid":          xgroupCommand,
		"xgroup|destroy":        xgroupCommand,
		"xgroup|createconsumer": xgroupCommand,
		"xgroup|delconsumer":    xgroupCommand,
		"xgroup|help":           func(c *Client, args [][]byte) { c.help("XGROUP", xgroupHelp) },
		"xack":                  xackCommand,
		"xpending":              xpendingCommand,
		"xclaim":                xclaimCommand,
		"xautoclaim":            xautoclaimCommand,
	})
}

var xgroupHelp = []string{
	"CREATE <key> <groupname> <id|$> [option]",
	"    Create a new consumer group. Options are:",
	"    * MKSTREAM",
	"      Create the empty stream if it does not exist.",
	"    * ENTRIESREAD entries_read",
	"      Set the group's entries_read counter (internal use).",
	"CREATECONSUMER <key> <groupname> <consumer>",
	"    Create a new consumer in the specified group.",
	"DELCONSUMER <key> <groupname> <consumer>",
	"    Remove the specified consumer.",
	"DESTROY <key> <groupname>",
	"    Remove the specified group.",
	"SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
	"    Set the current group ID and entries_read counter.",
}

// errNoGroup is the error of XGROUP and XINFO CONSUMERS for a missing
// group.
func errNoGroup(key, group []byte) string {
	return "NOGROUP No such consumer group '" + cString(group, len(group)) + "' for key name '" + cString(key, len(key)) + "'"
}

// errNoKeyOrGroup is the error of XPENDING, XCLAIM and XAUTOCLAIM for a
// missing key or group.
func errNoKeyOrGroup(key, group []byte) string {
	return "NOGROUP No such key '" + cString(key, len(key)) + "' or consumer group '" + cString(group, len(group)) + "'"
}

const (
	errXgroupNoKey      = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."
	errEntriesReadRange = "ERR value for ENTRIESREAD must be positive or -1"
	errBusyGroup        = "BUSYGROUP Consumer Group name already exists"
)

// group returns the consumer group of that name, or nil.
func (s *streamValue) group(name []byte) *streamGroup {
	if s.groups == nil {
		return nil
	}
	g, _ := s.groups.Find(name)
	return g
}

// groupCount returns the number of consumer groups.
func (s *streamValue) groupCount() int {
	if s.groups == nil {
		return 0
	}
	return s.groups.Len()
}

// createGroup adds a consumer group, or returns nil if the name is taken.
func (s *streamValue) createGroup(name []byte, lastID streamID, entriesRead int64) *streamGroup {
	if s.groups == nil {
		s.groups = newRax[*streamGroup]()
	}
	g := &streamGroup{lastID: lastID, entriesRead: entriesRead, pel: newRax[*streamNACK](), consumers: newRax[*streamConsumer]()}
	if !s.groups.TryInsert(name, g) {
		return nil
	}
	return g
}

// consumer returns the consumer of that name, or nil.
func (g *streamGroup) consumer(name []byte) *streamConsumer {
	cons, _ := g.consumers.Find(name)
	return cons
}

// createConsumer adds a consumer, or returns nil if the name is taken.
func (g *streamGroup) createConsumer(name []byte, now int64) *streamConsumer {
	cons := &streamConsumer{name: string(name), seenTime: now, pel: newRax[*streamNACK]()}
	if !g.consumers.TryInsert(name, cons) {
		return nil
	}
	return cons
}

// deleteConsumer removes a consumer and its pending entries.
func (g *streamGroup) deleteConsumer(cons *streamConsumer) {
	it := cons.pel.iter()
	for it.First(); it.Valid(); it.Next() {
		g.pel.Remove(it.Key())
	}
	g.consumers.Remove([]byte(cons.name))
}

// ack removes a pending entry from the group and its consumer.
func (g *streamGroup) ack(key []byte, nack *streamNACK) {
	g.pel.Remove(key)
	nack.consumer.pel.Remove(key)
}

// clone copies the group with its consumers and pending entries.
func (g *streamGroup) clone() *streamGroup {
	cp := &streamGroup{lastID: g.lastID, entriesRead: g.entriesRead, pel: newRax[*streamNACK](), consumers: newRax[*streamConsumer]()}
	nacks := map[*streamNACK]*streamNACK{}
	pi := g.pel.iter()
	for pi.First(); pi.Valid(); pi.Next() {
		n := *pi.Value()
		nacks[pi.Value()] = &n
		cp.pel.Insert(pi.Key(), &n)
	}
	ci := g.consumers.iter()
	for ci.First(); ci.Valid(); ci.Next() {
		old := ci.Value()
		cons := &streamConsumer{name: old.name, seenTime: old.seenTime, pel: newRax[*streamNACK]()}
		cp.consumers.Insert(ci.Key(), cons)
		ki := old.pel.iter()
		for ki.First(); ki.Valid(); ki.Next() {
			n := nacks[ki.Value()]
			n.consumer = cons
			cons.pel.Insert(ki.Key(), n)
		}
	}
	return cp
}

// lookupOrCreateConsumer returns a group's consumer for a read or a claim,
// marking it seen now, or creates it: a change that counts and is
// notified. The creation is propagated when asked (NOACK reads); other
// reads and claims propagate XCLAIMs, which create it where replayed.
func (c *Client) lookupOrCreateConsumer(g *streamGroup, key, groupName, name []byte, propagate bool) *streamConsumer {
	if cons := g.consumer(name); cons != nil {
		cons.seenTime = c.e.now
		return cons
	}
	cons := g.createConsumer(name, c.e.now)
	c.e.dirty++
	c.e.notifyKeyspaceEvent(notifyStream, "xgroup-createconsumer", string(key), c.db.id)
	if propagate {
		c.alsoPropagate([]byte("XGROUP"), []byte("CREATECONSUMER"), key, groupName, name)
	}
	return cons
}

// propagateClaim records the effect of a delivery or claim as the XCLAIM
// that reproduces it exactly, Redis's streamPropagateXCLAIM.
func (c *Client) propagateClaim(key, groupName []byte, g *streamGroup, id []byte, nack *streamNACK) {
	c.alsoPropagate([]byte("XCLAIM"), key, groupName, []byte(nack.consumer.name), []byte("0"), id,
		[]byte("TIME"), strconv.AppendInt(nil, nack.deliveryTime, 10),
		[]byte("RETRYCOUNT"), strconv.AppendUint(nil, nack.deliveryCount, 10),
		[]byte("FORCE"), []byte("JUSTID"), []byte("LASTID"), g.lastID.appendTo(nil))
}

// propagateGroupID records a group's last ID and read count as the XGROUP
// SETID that sets them, Redis's streamPropagateGroupID.
func (c *Client) propagateGroupID(key, groupName []byte, g *streamGroup) {
	c.alsoPropagate([]byte("XGROUP"), []byte("SETID"), key, groupName, g.lastID.appendTo(nil),
		[]byte("ENTRIESREAD"), strconv.AppendInt(nil, g.entriesRead, 10))
}

// groupRead is what XREADGROUP reads one stream with.
type groupRead struct {
	key, groupName []byte
	group          *streamGroup
	consumer       *streamConsumer
	noAck          bool
	history        bool // an ID was given: read the consumer's own pending entries
}

// serveGroupRead replies with up to count (0: all) entries from start on
// for a consumer group read and does what the delivery changes, Redis's
// streamReplyWithRange with a group: new entries advance the group and
// enter the PELs, each delivery propagated as an XCLAIM; with NOACK they
// only advance the group, propagated as XGROUP SETID.
func (c *Client) serveGroupRead(s *streamValue, start streamID, count int64, r *groupRead) {
	if r.history {
		c.serveConsumerHistory(s, start, count, r.consumer)
		return
	}
	g := r.group
	entries := s.collect(start, maxStreamID, count, false)
	c.Array(len(entries))
	advanced := false
	var key [16]byte
	for i := range entries {
		e := &entries[i]
		if e.id.cmp(g.lastID) > 0 {
			if g.entriesRead != streamEntriesReadUnknown && !s.rangeHasTombstones(e.id, maxStreamID) {
				g.entriesRead++
			} else if s.entriesAdded != 0 {
				g.entriesRead = s.estimateEntriesRead(e.id)
			}
			g.lastID = e.id
			advanced = r.noAck
		}
		c.replyStreamEntry(e)
		if r.noAck {
			continue
		}
		k := e.id.key(&key)
		nack := &streamNACK{deliveryTime: c.e.now, deliveryCount: 1, consumer: r.consumer}
		if !g.pel.TryInsert(k, nack) {
			// Already pending (XGROUP SETID moved the group back): the
			// entry now belongs to this consumer, delivered once.
			nack, _ = g.pel.Find(k)
			nack.consumer.pel.Remove(k)
			nack.consumer = r.consumer
			nack.deliveryTime = c.e.now
			nack.deliveryCount = 1
		}
		r.consumer.pel.Insert(k, nack)
		c.propagateClaim(r.key, r.groupName, g, e.id.appendTo(nil), nack)
	}
	if advanced {
		c.propagateGroupID(r.key, r.groupName, g)
	}
}

// serveConsumerHistory replies with a consumer's pending entries from
// start on, counting a new delivery of each; an entry deleted since comes
// with a nil in place of its fields.
func (c *Client) serveConsumerHistory(s *streamValue, start streamID, count int64, cons *streamConsumer) {
	var ids []streamID
	var key [16]byte
	it := cons.pel.iter()
	for it.SeekGE(start.key(&key)); it.Valid() && (count == 0 || int64(len(ids)) < count); it.Next() {
		ids = append(ids, streamIDFromKey(it.Key()))
	}
	c.Array(len(ids))
	for _, id := range ids {
		if e := s.collect(id, id, 1, false); len(e) > 0 {
			c.replyStreamEntry(&e[0])
			nack, _ := cons.pel.Find(id.key(&key))
			nack.deliveryTime = c.e.now
			nack.deliveryCount++
		} else {
			c.Array(2)
			c.replyStreamID(id)
			c.NullArray()
		}
	}
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
// XGROUP DESTROY key group
// XGROUP CREATECONSUMER key group consumer
// XGROUP DELCONSUMER key group consumer
func xgroupCommand(c *Client, args [][]byte) {
	sub := args[1]
	mkStream := false
	entriesRead := int64(streamEntriesReadUnknown)
	isCreate := optionIs(sub, "create")
	if isCreate && len(args) >= 5 {
		for i := 5; i < len(args); {
			switch {
			case optionIs(args[i], "mkstream"):
				mkStream = true
				i++
			case optionIs(args[i], "entriesread") && i+1 < len(args):
				n, ok := c.intArg(args[i+1])
				if !ok {
					return
				}
				if n < 0 && n != streamEntriesReadUnknown {
					c.Error(errEntriesReadRange)
					return
				}
				entriesRead = n
				i += 2
			default:
				c.subcommandSyntaxError(args)
				return
			}
		}
	}
	key, groupName := args[2], args[3]
	s, ok := c.writeStream(key)
	if !ok {
		return
	}
	var g *streamGroup
	if !mkStream {
		if s == nil {
			c.Error(errXgroupNoKey)
			return
		}
		g = s.group(groupName)
		if g == nil && !isCreate && !optionIs(sub, "destroy") {
			c.Error(errNoGroup(key, groupName))
			return
		}
	}
	k := string(key)
	switch {
	case isCreate && len(args) <= 8:
		var id streamID
		if string(cutAtNUL(args[4])) == "$" {
			if s != nil {
				id = s.lastID
			}
		} else if id, ok = c.strictStreamIDArg(args[4], 0); !ok {
			return
		}
		if s == nil {
			s = newStream()
			c.db.set(key, s)
			c.e.keyModified(c.db, k)
		}
		if s.createGroup(groupName, id, entriesRead) == nil {
			c.Error(errBusyGroup)
			return
		}
		c.OK()
		c.e.dirty++
		c.e.notifyKeyspaceEvent(notifyStream, "xgroup-create", k, c.db.id)
	case optionIs(sub, "setid") && (len(args) == 5 || len(args) == 7):
		var id streamID
		if string(cutAtNUL(args[4])) == "$" {
			id = s.lastID
		} else if id, ok = c.streamIDArg(args[4], 0); !ok {
			return
		}
		if len(args) == 7 {
			if !optionIs(args[5], "entriesread") {
				c.subcommandSyntaxError(args)
				return
			}
			n, ok := c.intArg(args[6])
			if !ok {
				return
			}
			if n < 0 && n != streamEntriesReadUnknown {
				c.Error(errEntriesReadRange)
				return
			}
			entriesRead = n
		}
		g.lastID, g.entriesRead = id, entriesRead
		c.OK()
		c.e.dirty++
		c.e.notifyKeyspaceEvent(notifyStream, "xgroup-setid", k, c.db.id)
	case optionIs(sub, "destroy") && len(args) == 4:
		if g == nil {
			c.Int(0)
			return
		}
		s.groups.Remove(groupName)
		c.Int(1)
		c.e.dirty++
		c.e.notifyKeyspaceEvent(notifyStream, "xgroup-destroy", k, c.db.id)
		// Readers blocked on the group learn it is gone.
		c.db.signalReady(key)
	case optionIs(sub, "createconsumer") && len(args) == 5:
		if g.createConsumer(args[4], c.e.now) == nil {
			c.Int(0)
			return
		}
		c.Int(1)
		c.e.dirty++
		c.e.notifyKeyspaceEvent(notifyStream, "xgroup-createconsumer", k, c.db.id)
	case optionIs(sub, "delconsumer") && len(args) == 5:
		cons := g.consumer(args[4])
		if cons == nil {
			c.Int(0)
			return
		}
		pending := cons.pel.Len()
		g.deleteConsumer(cons)
		c.Int(int64(pending))
		c.e.dirty++
		c.e.notifyKeyspaceEvent(notifyStream, "xgroup-delconsumer", k, c.db.id)
	default:
		c.subcommandSyntaxError(args)
	}
}

// XACK key group id [id ...]
func xackCommand(c *Client, args [][]byte) {
	s, ok := c.readStream(args[1])
	if !ok {
		return
	}
	var g *streamGroup
	if s != nil {
		g = s.group(args[2])
	}
	if g == nil {
		c.Int(0)
		return
	}
	ids := make([]streamID, 0, len(args)-3)
	for _, b := range args[3:] {
		id, ok := c.strictStreamIDArg(b, 0)
		if !ok {
			return
		}
		ids = append(ids, id)
	}
	acked := 0
	var key [16]byte
	for _, id := range ids {
		k := id.key(&key)
		if nack, ok := g.pel.Find(k); ok {
			g.ack(k, nack)
			acked++
			c.e.dirty++
		}
	}
	c.Int(int64(acked))
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
func xpendingCommand(c *Client, args [][]byte) {
	if len(args) != 3 && (len(args) < 6 || len(args) > 9) {
		c.Error(ErrSyntax)
		return
	}
	var start, end streamID
	var count, minIdle int64
	var consumerName []byte
	if len(args) >= 6 {
		at := 3
		if optionIs(args[3], "idle") {
			n, ok := c.intArg(args[4])
			if !ok {
				return
			}
			minIdle = n
			if len(args) < 8 {
				c.Error(ErrSyntax)
				return
			}
			at += 2
		}
		n, ok := c.intArg(args[at+2])
		if !ok {
			return
		}
		count = max(n, 0)
		if start, ok = c.intervalIDArg(args[at], false); !ok {
			return
		}
		if end, ok = c.intervalIDArg(args[at+1], true); !ok {
			return
		}
		if at+3 < len(args) {
			consumerName = args[at+3]
		}
	}
	s, ok := c.readStream(args[1])
	if !ok {
		return
	}
	var g *streamGroup
	if s != nil {
		g = s.group(args[2])
	}
	if g == nil {
		c.Error(errNoKeyOrGroup(args[1], args[2]))
		return
	}

	if len(args) == 3 {
		c.Array(4)
		c.Int(int64(g.pel.Len()))
		if g.pel.Len() == 0 {
			c.NullBulk()
			c.NullBulk()
			c.NullArray()
			return
		}
		it := g.pel.iter()
		it.First()
		c.replyStreamID(streamIDFromKey(it.Key()))
		it.Last()
		c.replyStreamID(streamIDFromKey(it.Key()))
		n := 0
		ci := g.consumers.iter()
		for ci.First(); ci.Valid(); ci.Next() {
			if ci.Value().pel.Len() > 0 {
				n++
			}
		}
		c.Array(n)
		for ci.First(); ci.Valid(); ci.Next() {
			if cons := ci.Value(); cons.pel.Len() > 0 {
				c.Array(2)
				c.Bulk(ci.Key())
				c.BulkInt(int64(cons.pel.Len()))
			}
		}
		return
	}

	pel := g.pel
	if consumerName != nil {
		cons := g.consumer(consumerName)
		if cons == nil {
			c.Array(0)
			return
		}
		pel = cons.pel
	}
	type pending struct {
		id   streamID
		nack *streamNACK
	}
	var out []pending
	var key [16]byte
	endKey := end.key(new([16]byte))
	it := pel.iter()
	for it.SeekGE(start.key(&key)); count > 0 && it.Valid() && string(it.Key()) <= string(endKey); it.Next() {
		nack := it.Value()
		if minIdle != 0 && c.e.now-nack.deliveryTime < minIdle {
			continue
		}
		out = append(out, pending{streamIDFromKey(it.Key()), nack})
		count--
	}
	c.Array(len(out))
	for _, p := range out {
		c.Array(4)
		c.replyStreamID(p.id)
		c.BulkString(p.nack.consumer.name)
		c.Int(max(c.e.now-p.nack.deliveryTime, 0))
		c.Int(int64(p.nack.deliveryCount))
	}
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
func xclaimCommand(c *Client, args [][]byte) {
	c.preventPropagation() // each claim is propagated as its own XCLAIM
	s, ok := c.readStream(args[1])
	if !ok {
		return
	}
	var g *streamGroup
	if s != nil {
		g = s.group(args[2])
	}
	if g == nil {
		c.Error(errNoKeyOrGroup(args[1], args[2]))
		return
	}
	minIdle, ok := c.rangeArg(args[4], math.MinInt64, math.MaxInt64, "ERR Invalid min-idle-time argument for XCLAIM")
	if !ok {
		return
	}
	minIdle = max(minIdle, 0)
	j := 5
	for ; j < len(args); j++ {
		if _, ok := parseStreamID(args[j], 0, true, nil); !ok {
			break
		}
	}
	lastIDArg := j - 1
	now := c.e.now
	var lastID streamID
	deliveryTime, retryCount := int64(-1), int64(-1)
	force, justID := false, false
	for ; j < len(args); j++ {
		moreArgs := len(args) - 1 - j
		opt := args[j]
		switch {
		case optionIs(opt, "force"):
			force = true
		case optionIs(opt, "justid"):
			justID = true
		case optionIs(opt, "idle") && moreArgs > 0:
			j++
			n, ok := c.rangeArg(args[j], math.MinInt64, math.MaxInt64, "ERR Invalid IDLE option argument for XCLAIM")
			if !ok {
				return
			}
			deliveryTime = now - n
		case optionIs(opt, "time") && moreArgs > 0:
			j++
			n, ok := c.rangeArg(args[j], math.MinInt64, math.MaxInt64, "ERR Invalid TIME option argument for XCLAIM")
			if !ok {
				return
			}
			deliveryTime = n
		case optionIs(opt, "retrycount") && moreArgs > 0:
			j++
			n, ok := c.rangeArg(args[j], math.MinInt64, math.MaxInt64, "ERR Invalid RETRYCOUNT option argument for XCLAIM")
			if !ok {
				return
			}
			retryCount = n
		case optionIs(opt, "lastid") && moreArgs > 0:
			j++
			id, ok := c.strictStreamIDArg(args[j], 0)
			if !ok {
				return
			}
			lastID = id
		default:
			c.Error("ERR Unrecognized XCLAIM option '" + cString(opt, len(opt)) + "'")
			return
		}
	}
	propagateLastID := false
	if lastID.cmp(g.lastID) > 0 {
		g.lastID = lastID
		propagateLastID = true
	}
	if deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now {
		deliveryTime = now
	}

	var cons *streamConsumer
	claimed := 0
	buf := c.buffered(func() {
		var key [16]byte
		for j := 5; j <= lastIDArg; j++ {
			id, _ := parseStreamID(args[j], 0, true, nil)
			k := id.key(&key)
			nack, pending := g.pel.Find(k)
			if !s.exists(id) {
				// The entry is gone: it leaves the PEL.
				if pending {
					c.propagateClaim(args[1], args[2], g, args[j], nack)
					propagateLastID = false
					c.e.dirty++
					g.ack(k, nack)
				}
				continue
			}
			if force && !pending {
				nack = &streamNACK{deliveryTime: now, deliveryCount: 1}
				g.pel.Insert(k, nack)
				pending = true
			}
			if !pending {
				continue
			}
			if nack.consumer != nil && minIdle != 0 && now-nack.deliveryTime < minIdle {
				continue
			}
			if cons == nil {
				cons = c.lookupOrCreateConsumer(g, args[1], args[2], args[3], false)
			}
			if nack.consumer != cons && nack.consumer != nil {
				nack.consumer.pel.Remove(k)
			}
			nack.deliveryTime = deliveryTime
			if retryCount >= 0 {
				nack.deliveryCount = uint64(retryCount)
			} else if !justID {
				nack.deliveryCount++
			}
			if nack.consumer != cons {
				cons.pel.Insert(k, nack)
				nack.consumer = cons
			}
			if justID {
				c.replyStreamID(id)
			} else if e := s.collect(id, id, 1, false); len(e) > 0 {
				c.replyStreamEntry(&e[0])
			} else {
				c.NullBulk()
			}
			claimed++
			c.propagateClaim(args[1], args[2], g, args[j], nack)
			propagateLastID = false
			c.e.dirty++
		}
	})
	if propagateLastID {
		c.propagateGroupID(args[1], args[2], g)
		c.e.dirty++
	}
	c.Array(claimed)
	buf.replay(c.reply)
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
func xautoclaimCommand(c *Client, args [][]byte) {
	c.preventPropagation() // each claim is propagated as its own XCLAIM
	minIdle, ok := c.rangeArg(args[4], math.MinInt64, math.MaxInt64, "ERR Invalid min-idle-time argument for XAUTOCLAIM")
	if !ok {
		return
	}
	minIdle = max(minIdle, 0)
	start, ok := c.intervalIDArg(args[5], false)
	if !ok {
		return
	}
	count := int64(100)
	justID := false
	for j := 6; j < len(args); j++ {
		moreArgs := len(args) - 1 - j
		switch {
		case optionIs(args[j], "count") && moreArgs > 0:
			n, ok := c.rangeArg(args[j+1], 1, math.MaxInt64/16, "ERR COUNT must be > 0")
			if !ok {
				return
			}
			count = n
			j++
		case optionIs(args[j], "justid"):
			justID = true
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	s, ok := c.readStream(args[1])
	if !ok {
		return
	}
	var g *streamGroup
	if s != nil {
		g = s.group(args[2])
	}
	if g == nil {
		c.Error(errNoKeyOrGroup(args[1], args[2]))
		return
	}

	attempts := count * 10
	now := c.e.now
	var cons *streamConsumer
	var deleted []streamID
	claimed := 0
	var key [16]byte
	// Redis's rax iterator stands before an element after a seek and on
	// it after a step; fresh says the iterator is before its element.
	it := g.pel.iter()
	it.SeekGE(start.key(&key))
	fresh := true
	step := func() bool {
		if fresh {
			fresh = false
		} else {
			it.Next()
		}
		return it.Valid()
	}
	buf := c.buffered(func() {
		for attempts > 0 {
			attempts--
			if count == 0 || !step() {
				break
			}
			nack := it.Value()
			id := streamIDFromKey(it.Key())
			k := id.key(&key)
			if !s.exists(id) {
				// The entry is gone: it leaves the PEL, and is listed.
				c.propagateClaim(args[1], args[2], g, id.appendTo(nil), nack)
				c.e.dirty++
				g.ack(k, nack)
				deleted = append(deleted, id)
				count--
				it.SeekGE(k)
				fresh = true
				continue
			}
			if minIdle != 0 && now-nack.deliveryTime < minIdle {
				continue
			}
			if cons == nil {
				cons = c.lookupOrCreateConsumer(g, args[1], args[2], args[3], false)
			}
			if nack.consumer != cons {
				nack.consumer.pel.Remove(k)
			}
			nack.deliveryTime = now
			if !justID {
				nack.deliveryCount++
			}
			if nack.consumer != cons {
				cons.pel.Insert(k, nack)
				nack.consumer = cons
			}
			if justID {
				c.replyStreamID(id)
			} else if e := s.collect(id, id, 1, false); len(e) > 0 {
				c.replyStreamEntry(&e[0])
			} else {
				c.NullBulk()
			}
			claimed++
			count--
			c.propagateClaim(args[1], args[2], g, id.appendTo(nil), nack)
			c.e.dirty++
		}
	})
	// The cursor is the entry after the last one looked at.
	var cursor streamID
	if step() {
		cursor = streamIDFromKey(it.Key())
	}
	c.Array(3)
	c.replyStreamID(cursor)
	c.Array(claimed)
	buf.replay(c.reply)
	c.Array(len(deleted))
	for _, id := range deleted {
		c.replyStreamID(id)
	}
}
