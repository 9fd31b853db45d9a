package engine

import (
	"bytes"
	"strconv"

	"github.com/redwasm/redwasm/engine/rdb"
)

// Streams in RDB, the AOF and DEBUG DIGEST. A stream's nodes are listpacks
// laid out exactly as Redis lays them out (stream.go), so RDB type 19
// (stream listpacks 2, Redis 7.0) stores them as they are:
//
//	node count, then per node its 16-byte master ID and its listpack
//	length, last ID (ms, seq), first ID, max deleted ID, entries added
//	group count, then per group (in name order)
//	  name, last ID (ms, seq), entries read (-1 as a 64-bit length)
//	  pending entries: count, then per entry its 16-byte ID, delivery
//	    time (8 bytes LE ms) and delivery count
//	  consumers: count, then per consumer its name, seen time (8 bytes
//	    LE ms) and pending entries: count, then 16-byte IDs
//
// Type 15 (Redis 5 to 6.2) lacks the first ID, max deleted ID, entries
// added and entries read, which loading derives as Redis does.

// appendStream writes s as RDB type 19.
func (enc *rdbEncoder) appendStream(dst []byte, s *streamValue) []byte {
	dst = rdb.AppendLength(dst, uint64(s.nodes.Len()))
	it := s.nodes.iter()
	for it.First(); it.Valid(); it.Next() {
		dst = enc.appendBlob(dst, it.Key())
		dst = enc.appendBlob(dst, it.Value().lp)
	}
	dst = rdb.AppendLength(dst, s.length)
	dst = appendStreamID(dst, s.lastID)
	dst = appendStreamID(dst, s.firstID)
	dst = appendStreamID(dst, s.maxDeletedID)
	dst = rdb.AppendLength(dst, s.entriesAdded)
	dst = rdb.AppendLength(dst, uint64(s.groupCount()))
	if s.groups == nil {
		return dst
	}
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		g := gi.Value()
		dst = enc.appendBlob(dst, gi.Key())
		dst = appendStreamID(dst, g.lastID)
		dst = rdb.AppendLength(dst, uint64(g.entriesRead))
		dst = rdb.AppendLength(dst, uint64(g.pel.Len()))
		pi := g.pel.iter()
		for pi.First(); pi.Valid(); pi.Next() {
			dst = append(dst, pi.Key()...)
			dst = rdb.AppendMillisecondTime(dst, pi.Value().deliveryTime)
			dst = rdb.AppendLength(dst, pi.Value().deliveryCount)
		}
		dst = rdb.AppendLength(dst, uint64(g.consumers.Len()))
		ci := g.consumers.iter()
		for ci.First(); ci.Valid(); ci.Next() {
			cons := ci.Value()
			dst = enc.appendBlob(dst, ci.Key())
			dst = rdb.AppendMillisecondTime(dst, cons.seenTime)
			dst = rdb.AppendLength(dst, uint64(cons.pel.Len()))
			ki := cons.pel.iter()
			for ki.First(); ki.Valid(); ki.Next() {
				dst = append(dst, ki.Key()...)
			}
		}
	}
	return dst
}

func appendStreamID(dst []byte, id streamID) []byte {
	return rdb.AppendLength(rdb.AppendLength(dst, id.ms), id.seq)
}

func (l *valueLoader) readStreamID() (streamID, error) {
	ms, err := l.r.ReadLength()
	if err != nil {
		return streamID{}, err
	}
	seq, err := l.r.ReadLength()
	return streamID{ms, seq}, err
}

// loadStream reads a stream of RDB type 15 or, with v2, 19.
func (l *valueLoader) loadStream(v2 bool) (value, error) {
	s := newStream()
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	var live uint64
	last := streamID{}
	first := true
	for range n {
		key, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		if len(key) != 16 {
			return nil, corruptf("stream node key entry is not the size of a stream ID")
		}
		b, err := l.readBlob()
		if err != nil {
			return nil, err
		}
		lp, err := rdb.ParseListpack(b)
		if err != nil {
			return nil, err
		}
		if lp.Len() == 0 {
			return nil, corruptf("empty listpack inside stream")
		}
		master := streamIDFromKey(key)
		count, err := checkStreamNode(lp, master, &last, first)
		if err != nil {
			return nil, err
		}
		first = false
		live += count
		if !s.nodes.TryInsert(key, &streamNode{lp: b, alloc: int(mallocSize(len(b)))}) {
			return nil, corruptf("listpack re-added with existing key")
		}
	}
	if s.length, err = l.r.ReadLength(); err != nil {
		return nil, err
	}
	if s.length != live {
		return nil, corruptf("stream length %d inconsistent with its %d entries", s.length, live)
	}
	if s.lastID, err = l.readStreamID(); err != nil {
		return nil, err
	}
	if !first && last.cmp(s.lastID) > 0 {
		return nil, corruptf("stream entry after the stream's last ID")
	}
	if v2 {
		if s.firstID, err = l.readStreamID(); err != nil {
			return nil, err
		}
		if s.maxDeletedID, err = l.readStreamID(); err != nil {
			return nil, err
		}
		if s.entriesAdded, err = l.r.ReadLength(); err != nil {
			return nil, err
		}
	} else {
		s.entriesAdded = s.length
		s.firstID = s.edgeID(true, true)
	}
	groups, err := l.readLength()
	if err != nil {
		return nil, err
	}
	for range groups {
		if err := l.loadStreamGroup(s, v2); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// loadStreamGroup reads one consumer group into s.
func (l *valueLoader) loadStreamGroup(s *streamValue, v2 bool) error {
	name, err := l.r.ReadString()
	if err != nil {
		return err
	}
	lastID, err := l.readStreamID()
	if err != nil {
		return err
	}
	entriesRead := s.estimateEntriesRead(lastID)
	if v2 {
		n, err := l.r.ReadLength()
		if err != nil {
			return err
		}
		entriesRead = int64(n)
	}
	g := s.createGroup(name, lastID, entriesRead)
	if g == nil {
		return corruptf("duplicated consumer group name %s", name)
	}
	pel, err := l.readLength()
	if err != nil {
		return err
	}
	for range pel {
		id, err := l.r.ReadRaw(16)
		if err != nil {
			return err
		}
		nack := &streamNACK{}
		if nack.deliveryTime, err = l.r.ReadMillisecondTime(); err != nil {
			return err
		}
		if nack.deliveryCount, err = l.r.ReadLength(); err != nil {
			return err
		}
		if !g.pel.TryInsert(id, nack) {
			return corruptf("duplicated global PEL entry loading stream consumer group")
		}
	}
	consumers, err := l.readLength()
	if err != nil {
		return err
	}
	for range consumers {
		cname, err := l.r.ReadString()
		if err != nil {
			return err
		}
		seen, err := l.r.ReadMillisecondTime()
		if err != nil {
			return err
		}
		cons := g.createConsumer(cname, seen)
		if cons == nil {
			return corruptf("duplicate stream consumer detected")
		}
		owned, err := l.readLength()
		if err != nil {
			return err
		}
		for range owned {
			id, err := l.r.ReadRaw(16)
			if err != nil {
				return err
			}
			nack, ok := g.pel.Find(id)
			if !ok {
				return corruptf("consumer entry not found in group global PEL")
			}
			if nack.consumer != nil || !cons.pel.TryInsert(id, nack) {
				return corruptf("duplicated consumer PEL entry loading a stream consumer group")
			}
			nack.consumer = cons
		}
	}
	pi := g.pel.iter()
	for pi.First(); pi.Valid(); pi.Next() {
		if pi.Value().consumer == nil {
			return corruptf("stream CG PEL entry without consumer")
		}
	}
	return nil
}

// checkStreamNode checks a node's listpack as Redis's deep
// streamValidateListpackIntegrity does, and more, since the engine walks
// nodes without checks: the master entry (live count, deleted count,
// field count, the fields, a 0), then entries (flags, ID deltas, fields
// unless the flags say they are the master's, values, and the number of
// elements before the count), the counts agreeing with the deleted flags,
// the first entry's ID being the node's key, and IDs increasing across the
// whole stream (last is the previous node's last ID). It returns the
// node's number of live entries.
func checkStreamNode(lp rdb.Listpack, master streamID, last *streamID, firstNode bool) (uint64, error) {
	bad := func(what string) (uint64, error) {
		return 0, corruptf("stream listpack integrity check failed: %s", what)
	}
	var entries []rdb.Entry
	for e := range lp.Entries() {
		entries = append(entries, e)
	}
	pos := 0
	next := func() (rdb.Entry, bool) {
		if pos >= len(entries) {
			return rdb.Entry{}, false
		}
		pos++
		return entries[pos-1], true
	}
	integer := func() (int64, bool) {
		e, ok := next()
		if !ok {
			return 0, false
		}
		if e.IsInt {
			return e.Int, true
		}
		return rdb.ParseInt64(e.Str)
	}
	count, ok1 := integer()
	deleted, ok2 := integer()
	masterFields, ok3 := integer()
	if !ok1 || !ok2 || !ok3 || count < 0 || deleted < 0 || masterFields < 0 || masterFields > int64(len(entries)) {
		return bad("master entry")
	}
	pos += int(masterFields)
	if zero, ok := integer(); !ok || zero != 0 {
		return bad("master entry terminator")
	}
	var seenLive, seenDeleted int64
	for i := int64(0); i < count+deleted; i++ {
		flags, ok1 := integer()
		msDelta, ok2 := integer()
		seqDelta, ok3 := integer()
		if !ok1 || !ok2 || !ok3 {
			return bad("entry header")
		}
		fields, extra := masterFields, int64(3)
		if flags&streamFlagSameFields == 0 {
			var ok bool
			if fields, ok = integer(); !ok || fields < 0 || fields > int64(len(entries)) {
				return bad("entry field count")
			}
			pos += int(fields)
			extra += fields + 1
		}
		pos += int(fields)
		if pos > len(entries) {
			return bad("entry runs past the node")
		}
		if lpCount, ok := integer(); !ok || lpCount != fields+extra {
			return bad("entry element count")
		}
		id := streamID{master.ms + uint64(msDelta), master.seq + uint64(seqDelta)}
		switch {
		case i == 0 && id != master:
			return bad("first entry is not the node's master ID")
		case (i > 0 || !firstNode) && id.cmp(*last) <= 0:
			return bad("entry IDs out of order")
		}
		*last = id
		if flags&streamFlagDeleted != 0 {
			seenDeleted++
		} else {
			seenLive++
		}
	}
	if pos != len(entries) {
		return bad("elements after the last entry")
	}
	if seenLive != count || seenDeleted != deleted {
		return bad("entry counts disagree with the deleted flags")
	}
	return uint64(count), nil
}

// appendStreamRebuild writes the commands that rebuild a stream, as
// Redis's rewriteStreamObject: XADD per entry (or an XADD MAXLEN 0 that
// leaves an empty stream), XSETID with the stream's counters, then per
// group XGROUP CREATE with its entries read, and per consumer an XCLAIM
// per pending entry or, for one without, XGROUP CREATECONSUMER.
func appendStreamRebuild(out []byte, key string, s *streamValue) []byte {
	var buf [48]byte
	bkey := []byte(key)
	if s.length > 0 {
		it := s.iter(minStreamID, maxStreamID, false)
		for {
			id, ok := it.next()
			if !ok {
				break
			}
			e := it.entry()
			out = append(out, '*')
			out = strconv.AppendInt(out, int64(3+2*e.numFields), 10)
			out = append(out, "\r\n$4\r\nXADD\r\n"...)
			out = appendBulk(out, bkey)
			out = appendBulk(out, id.appendTo(buf[:0]))
			e.eachField(func(f, v []byte) {
				out = appendBulk(out, f)
				out = appendBulk(out, v)
			})
		}
	} else {
		out = appendRESPCommand(out, []byte("XADD"), bkey, []byte("MAXLEN"), []byte("0"), []byte("0-1"), []byte("x"), []byte("y"))
	}
	out = appendRESPCommand(out, []byte("XSETID"), bkey, s.lastID.appendTo(nil),
		[]byte("ENTRIESADDED"), strconv.AppendUint(nil, s.entriesAdded, 10),
		[]byte("MAXDELETEDID"), s.maxDeletedID.appendTo(nil))
	if s.groups == nil {
		return out
	}
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		g := gi.Value()
		group := bytes.Clone(gi.Key())
		out = appendRESPCommand(out, []byte("XGROUP"), []byte("CREATE"), bkey, group, g.lastID.appendTo(nil),
			[]byte("ENTRIESREAD"), strconv.AppendInt(nil, g.entriesRead, 10))
		ci := g.consumers.iter()
		for ci.First(); ci.Valid(); ci.Next() {
			cons := ci.Value()
			if cons.pel.Len() == 0 {
				out = appendRESPCommand(out, []byte("XGROUP"), []byte("CREATECONSUMER"), bkey, group, []byte(cons.name))
				continue
			}
			ki := cons.pel.iter()
			for ki.First(); ki.Valid(); ki.Next() {
				nack := ki.Value()
				out = appendRESPCommand(out, []byte("XCLAIM"), bkey, group, []byte(cons.name), []byte("0"),
					streamIDFromKey(ki.Key()).appendTo(nil), []byte("TIME"), strconv.AppendInt(nil, nack.deliveryTime, 10),
					[]byte("RETRYCOUNT"), strconv.AppendUint(nil, nack.deliveryCount, 10), []byte("JUSTID"), []byte("FORCE"))
			}
		}
	}
	return out
}

// streamDigest folds a stream's entries into d as Redis's xorObjectDigest
// does: each entry's ID as "<ms>.<seq>", then its fields and values.
// Consumer groups are not part of it.
func streamDigest(d *digest, s *streamValue) {
	it := s.iter(minStreamID, maxStreamID, false)
	var buf [48]byte
	for {
		id, ok := it.next()
		if !ok {
			return
		}
		b := strconv.AppendUint(buf[:0], id.ms, 10)
		b = append(b, '.')
		b = strconv.AppendUint(b, id.seq, 10)
		d.mix(b)
		e := it.entry()
		e.eachField(func(f, v []byte) {
			d.mix(f)
			d.mix(v)
		})
	}
}
