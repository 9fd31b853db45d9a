package engine

import (
	"encoding/binary"
	"strconv"
)

// streamValue is a stream key's value, modelled on Redis 7.0's stream so
// that every reply, MEMORY USAGE and the RDB encoding can match Redis's:
//
//   - nodes is a rax (rax.go) whose keys are 128-bit big-endian entry IDs
//     (ms, then seq) and whose values are listpacks (stream_listpack.go).
//     A node's key is the ID of its master entry, the first entry ever
//     added to it. Appends go to the last node until its bytes plus the
//     new entry's fields and values reach stream-node-max-bytes, or it
//     holds stream-node-max-entries entries (live and deleted); then a new
//     node starts. An RDB file stores each node as its key and its
//     listpack, unchanged (newStreamNode wraps one read back).
//
//   - A node's listpack, exactly as Redis writes it, is the master entry
//
//     count | deleted | num-fields | field_1 ... field_N | 0
//
//     followed by the entries, each
//
//     flags | ms-delta | seq-delta | [num-fields | field_1 value_1 ...] | lp-count
//
//     or, when its fields are the master's (flag samefields, 2),
//
//     flags | ms-delta | seq-delta | value_1 ... value_N | lp-count
//
//     The deltas are from the master entry's ID (int64, wrapping), and
//     lp-count is the number of listpack elements of the entry before it,
//     so the node can be read backwards. XDEL and XTRIM do not remove
//     entries from a node: they set the deleted flag (1) and move one from
//     count to deleted; a node whose count reaches zero leaves the rax.
//
//   - length counts live entries; lastID is the greatest ID ever added or
//     set by XSETID; firstID the first live entry (0-0 when empty);
//     maxDeletedID the greatest ID ever deleted by XDEL; entriesAdded the
//     number of entries ever added. RDB type 19 (stream listpacks 2)
//     stores all of them.
//
//   - groups is nil until the first consumer group is created (as Redis
//     keeps it NULL), then a rax by group name (stream_groups.go).
type streamValue struct {
	nodes        *rax[*streamNode]
	length       uint64
	lastID       streamID
	firstID      streamID
	maxDeletedID streamID
	entriesAdded uint64
	groups       *rax[*streamGroup]
}

// streamNode is one listpack of entries. alloc is what Redis's allocator
// would hold for it: nodes are created with room to grow, and shrunk to
// fit when the next node starts. MEMORY USAGE reports it.
type streamNode struct {
	lp    []byte
	alloc int
}

// streamID is an entry ID, <ms>-<seq>.
type streamID struct{ ms, seq uint64 }

var (
	minStreamID = streamID{}
	maxStreamID = streamID{^uint64(0), ^uint64(0)}
)

// Entry flags in a node.
const (
	streamFlagDeleted    = 1
	streamFlagSameFields = 2
)

// Limits of a node: Redis refuses entries whose fields and values add up
// to more than streamListpackMaxSize, and preallocates new nodes up to
// streamListpackPrealloc bytes.
const (
	streamListpackMaxSize  = 1 << 30
	streamListpackPrealloc = 4096
)

func newStream() *streamValue { return &streamValue{nodes: newRax[*streamNode]()} }

func (*streamValue) typeName() string { return "stream" }
func (*streamValue) encoding() string { return "stream" }

// cmp compares two IDs: -1, 0 or 1.
func (a streamID) cmp(b streamID) int {
	switch {
	case a.ms > b.ms:
		return 1
	case a.ms < b.ms:
		return -1
	case a.seq > b.seq:
		return 1
	case a.seq < b.seq:
		return -1
	}
	return 0
}

func (a streamID) isZero() bool { return a.ms == 0 && a.seq == 0 }

// incr moves to the next ID; past the last possible one it wraps to 0-0
// and reports false.
func (a *streamID) incr() bool {
	switch {
	case a.seq != ^uint64(0):
		a.seq++
	case a.ms != ^uint64(0):
		a.ms++
		a.seq = 0
	default:
		*a = minStreamID
		return false
	}
	return true
}

// decr moves to the previous ID; before 0-0 it wraps to the last possible
// one and reports false.
func (a *streamID) decr() bool {
	switch {
	case a.seq != 0:
		a.seq--
	case a.ms != 0:
		a.ms--
		a.seq = ^uint64(0)
	default:
		*a = maxStreamID
		return false
	}
	return true
}

// key returns the ID as the rax stores it: 128 bits, big endian, so that
// byte order is ID order.
func (a streamID) key(buf *[16]byte) []byte {
	binary.BigEndian.PutUint64(buf[:8], a.ms)
	binary.BigEndian.PutUint64(buf[8:], a.seq)
	return buf[:]
}

func streamIDFromKey(k []byte) streamID {
	return streamID{binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[8:])}
}

// appendTo appends the ID as Redis prints it.
func (a streamID) appendTo(dst []byte) []byte {
	dst = strconv.AppendUint(dst, a.ms, 10)
	dst = append(dst, '-')
	return strconv.AppendUint(dst, a.seq, 10)
}

func (a streamID) String() string { return string(a.appendTo(nil)) }

// streamNodeLimits are the node size parameters in force.
type streamNodeLimits struct {
	maxBytes   int64
	maxEntries int64
}

func (e *Engine) streamNodeLimits() streamNodeLimits {
	return streamNodeLimits{maxBytes: e.cfg.streamNodeMaxBytes, maxEntries: int64(e.cfg.streamNodeMaxEntries)}
}

// Node listpack edits, each keeping alloc as Redis's allocator would: an
// edit that grows the listpack past its allocation reallocates to the new
// size, one that shrinks it reallocates to the smaller size.

func (n *streamNode) resized(oldLen int) {
	if l := len(n.lp); (l > oldLen && l > n.alloc) || l < oldLen {
		n.alloc = int(mallocSize(l))
	}
}

func (n *streamNode) appendInt(v int64) {
	old := len(n.lp)
	n.lp = lpAppendInt(n.lp, v)
	n.resized(old)
}

func (n *streamNode) appendString(s []byte) {
	old := len(n.lp)
	n.lp = lpAppendString(n.lp, s)
	n.resized(old)
}

func (n *streamNode) replaceInt(p int, v int64) {
	old := len(n.lp)
	n.lp = lpReplaceInt(n.lp, p, v)
	n.resized(old)
}

// newStreamNode wraps a listpack made elsewhere (a copy, or one read from
// an RDB file or a RESTORE payload) as a node: Redis allocates those to
// size, without the room a node it creates itself starts with.
func newStreamNode(lp []byte) *streamNode {
	return &streamNode{lp: lp, alloc: int(mallocSize(len(lp)))}
}

// shrinkToFit gives back the room a node was created with, once no more
// entries will be appended to it.
func (n *streamNode) shrinkToFit() {
	if len(n.lp) < n.alloc {
		n.alloc = int(mallocSize(len(n.lp)))
	}
}

// masterFields returns the offset of the master entry's first field and
// the number of fields.
func (n *streamNode) masterFields() (first, count int) {
	p := lpNext(n.lp, lpNext(n.lp, lpFirst(n.lp))) // count, deleted, num-fields
	return lpNext(n.lp, p), int(lpGetInt(n.lp, p))
}

// errStreamIDTooSmall and errStreamTooLarge are why an append fails.
const (
	errStreamIDTooSmall = "ERR The ID specified in XADD is equal or smaller than the target stream top item"
	errStreamTooLarge   = "ERR Elements are too large to be stored"
)

// nextID returns the ID an XADD adds with: explicit (with its sequence,
// or with the next free sequence of its ms when seqGiven is false) or
// generated from now. msg is why there is none.
func (s *streamValue) nextID(now int64, explicit *streamID, seqGiven bool) (id streamID, msg string) {
	switch {
	case explicit == nil:
		if ms := uint64(now); ms > s.lastID.ms {
			id = streamID{ms: ms}
		} else {
			id = s.lastID
			id.incr()
		}
	case seqGiven:
		id = *explicit
	case s.lastID.ms == explicit.ms:
		if s.lastID.seq == ^uint64(0) {
			return id, errStreamIDTooSmall
		}
		id = streamID{explicit.ms, s.lastID.seq + 1}
	default:
		id = *explicit
	}
	if id.cmp(s.lastID) <= 0 {
		return id, errStreamIDTooSmall
	}
	return id, ""
}

// append adds an entry with the given field-value pairs under id, which
// must be greater than every ID in the stream (nextID). It returns false,
// adding nothing, when the fields and values are too large for a node.
func (s *streamValue) append(id streamID, pairs [][]byte, lim streamNodeLimits) bool {
	total := 0
	for _, b := range pairs {
		total += len(b)
	}
	if total > streamListpackMaxSize {
		return false
	}
	numFields := len(pairs) / 2

	it := s.nodes.iter()
	it.Last()
	var node *streamNode
	var master streamID
	if it.Valid() {
		node = it.Value()
		master = streamIDFromKey(it.Key())
		maxBytes := lim.maxBytes
		if maxBytes <= 0 || maxBytes > streamListpackMaxSize {
			maxBytes = streamListpackMaxSize
		}
		full := int64(len(node.lp)+total) >= maxBytes
		if !full && lim.maxEntries > 0 {
			p := lpFirst(node.lp)
			entries := lpGetInt(node.lp, p) + lpGetInt(node.lp, lpNext(node.lp, p))
			full = entries >= lim.maxEntries
		}
		if full {
			node.shrinkToFit()
			node = nil
		}
	}

	flags := int64(0)
	if node == nil {
		master = id
		prealloc := int64(streamListpackPrealloc)
		if lim.maxBytes > 0 && lim.maxBytes < prealloc {
			prealloc = lim.maxBytes
		}
		node = &streamNode{lp: lpNew(), alloc: int(mallocSize(max(int(prealloc), lpEmptySize)))}
		node.appendInt(1) // count: the entry being added
		node.appendInt(0) // deleted
		node.appendInt(int64(numFields))
		for i := 0; i < len(pairs); i += 2 {
			node.appendString(pairs[i])
		}
		node.appendInt(0) // the master entry's terminator
		var buf [16]byte
		s.nodes.Insert(id.key(&buf), node)
		flags = streamFlagSameFields
	} else {
		p := lpFirst(node.lp)
		node.replaceInt(p, lpGetInt(node.lp, p)+1)
		first, count := node.masterFields()
		if count == numFields {
			same := true
			var buf [lpIntBufSize]byte
			for i, p := 0, first; i < count; i, p = i+1, lpNext(node.lp, p) {
				if string(lpGetBytes(node.lp, p, buf[:])) != string(pairs[2*i]) {
					same = false
					break
				}
			}
			if same {
				flags = streamFlagSameFields
			}
		}
	}

	node.appendInt(flags)
	node.appendInt(int64(id.ms - master.ms))
	node.appendInt(int64(id.seq - master.seq))
	if flags&streamFlagSameFields == 0 {
		node.appendInt(int64(numFields))
	}
	for i := 0; i < len(pairs); i += 2 {
		if flags&streamFlagSameFields == 0 {
			node.appendString(pairs[i])
		}
		node.appendString(pairs[i+1])
	}
	lpCount := int64(numFields + 3)
	if flags&streamFlagSameFields == 0 {
		lpCount += int64(numFields + 1)
	}
	node.appendInt(lpCount)

	s.length++
	s.entriesAdded++
	s.lastID = id
	if s.length == 1 {
		s.firstID = id
	}
	return true
}

// streamIter walks the entries of a stream between two IDs (inclusive),
// forwards or backwards, skipping deleted entries unless told otherwise.
// The stream must not change while it walks, except through remove.
type streamIter struct {
	s              *streamValue
	start, end     streamID
	rev            bool
	skipTombstones bool

	ri      raxIter[*streamNode]
	started bool
	done    bool

	// The node being read.
	node         *streamNode
	master       streamID
	masterFields int
	masterFirst  int // offset of the master entry's first field
	// pos is, going forwards, the offset of the lp-count of the entry
	// last looked at (the master's terminator at first); going backwards,
	// the lp-count of the next entry to look at.
	pos         int
	pendingSkip bool // forwards: the current entry's fields are still ahead of pos

	// The current entry.
	id        streamID
	flagsPos  int
	flags     int64
	numFields int
	fieldsPos int
}

// iter returns an iterator over [start, end].
func (s *streamValue) iter(start, end streamID, rev bool) *streamIter {
	it := &streamIter{s: s, start: start, end: end, rev: rev, skipTombstones: true}
	it.ri.init(s.nodes)
	return it
}

// nextNode moves to the next node in the iteration's direction.
func (it *streamIter) nextNode() bool {
	var buf [16]byte
	switch {
	case it.started && it.rev:
		it.ri.Prev()
	case it.started:
		it.ri.Next()
	case !it.rev && !it.start.isZero():
		it.ri.SeekLE(it.start.key(&buf))
		if !it.ri.Valid() {
			it.ri.First()
		}
	case !it.rev:
		it.ri.First()
	case !it.end.isZero():
		it.ri.SeekLE(it.end.key(&buf))
		if !it.ri.Valid() {
			it.ri.Last()
		}
	default:
		it.ri.Last()
	}
	it.started = true
	if !it.ri.Valid() {
		return false
	}
	it.node = it.ri.Value()
	it.master = streamIDFromKey(it.ri.Key())
	it.masterFirst, it.masterFields = it.node.masterFields()
	if it.rev {
		it.pos = lpLast(it.node.lp)
	} else {
		p := it.masterFirst
		for i := 0; i < it.masterFields; i++ {
			p = lpNext(it.node.lp, p)
		}
		it.pos = p
	}
	it.pendingSkip = false
	return true
}

// skipFields returns the offset of the lp-count after the current
// entry's fields.
func (it *streamIter) skipFields() int {
	n := it.numFields
	if it.flags&streamFlagSameFields == 0 {
		n *= 2
	}
	p := it.fieldsPos
	for ; n > 0; n-- {
		p = lpNext(it.node.lp, p)
	}
	return p
}

// next moves to the next entry in range and returns its ID.
func (it *streamIter) next() (streamID, bool) {
	for !it.done {
		if it.node == nil {
			if !it.nextNode() {
				it.done = true
				break
			}
		} else if it.pendingSkip {
			it.pos = it.skipFields()
			it.pendingSkip = false
		}
		lp := it.node.lp
		for {
			var p int
			if !it.rev {
				if p = lpNext(lp, it.pos); p < 0 {
					it.node = nil
					break
				}
			} else {
				n := lpGetInt(lp, it.pos)
				if n == 0 { // the master entry: the node is done
					it.node = nil
					break
				}
				p = it.pos
				for ; n > 0; n-- {
					p = lpPrev(lp, p)
				}
			}
			it.readEntry(p)
			live := !it.skipTombstones || it.flags&streamFlagDeleted == 0
			if !it.rev {
				if live && it.id.cmp(it.start) >= 0 {
					if it.id.cmp(it.end) > 0 {
						it.done = true
						return streamID{}, false
					}
					it.pendingSkip = true
					return it.id, true
				}
				it.pos = it.skipFields()
			} else {
				it.pos = lpPrev(lp, it.flagsPos)
				if live && it.id.cmp(it.end) <= 0 {
					if it.id.cmp(it.start) < 0 {
						it.done = true
						return streamID{}, false
					}
					return it.id, true
				}
			}
		}
	}
	return streamID{}, false
}

// readEntry decodes the header of the entry whose flags are at p.
func (it *streamIter) readEntry(p int) {
	lp := it.node.lp
	it.flagsPos = p
	it.flags = lpGetInt(lp, p)
	p = lpNext(lp, p)
	it.id.ms = it.master.ms + uint64(lpGetInt(lp, p))
	p = lpNext(lp, p)
	it.id.seq = it.master.seq + uint64(lpGetInt(lp, p))
	p = lpNext(lp, p)
	if it.flags&streamFlagSameFields != 0 {
		it.numFields = it.masterFields
	} else {
		it.numFields = int(lpGetInt(lp, p))
		p = lpNext(lp, p)
	}
	it.fieldsPos = p
}

// entry returns a reference to the current entry, valid while the node
// does not change.
func (it *streamIter) entry() streamEntry {
	e := streamEntry{lp: it.node.lp, id: it.id, numFields: it.numFields, fieldsPos: it.fieldsPos}
	if it.flags&streamFlagSameFields != 0 {
		e.masterFirst = it.masterFirst
	} else {
		e.masterFirst = -1
	}
	return e
}

// remove deletes the current entry (XDEL): it is flagged deleted and the
// node's counts change; a node left with no live entry leaves the tree.
// The iterator must not be used afterwards.
func (it *streamIter) remove() {
	node := it.node
	node.replaceInt(it.flagsPos, it.flags|streamFlagDeleted)
	p := lpFirst(node.lp)
	if count := lpGetInt(node.lp, p); count == 1 {
		var buf [16]byte
		it.s.nodes.Remove(it.master.key(&buf))
	} else {
		node.replaceInt(p, count-1)
		p = lpNext(node.lp, p)
		node.replaceInt(p, lpGetInt(node.lp, p)+1)
	}
	it.s.length--
	it.done = true
}

// streamEntry is an entry found by an iterator, kept to be replied.
type streamEntry struct {
	lp          []byte
	id          streamID
	numFields   int
	fieldsPos   int
	masterFirst int // offset of the master's fields for a samefields entry, else -1
}

// eachField calls fn with every field and value of the entry. The slices
// are only valid during the call.
func (e *streamEntry) eachField(fn func(field, value []byte)) {
	var fbuf, vbuf [lpIntBufSize]byte
	e.eachFieldBuf(fbuf[:], vbuf[:], fn)
}

// eachFieldBuf is eachField with the room integers are written into.
func (e *streamEntry) eachFieldBuf(fbuf, vbuf []byte, fn func(field, value []byte)) {
	p, mp := e.fieldsPos, e.masterFirst
	for i := 0; i < e.numFields; i++ {
		var field []byte
		if mp >= 0 {
			field = lpGetBytes(e.lp, mp, fbuf)
			mp = lpNext(e.lp, mp)
		} else {
			field = lpGetBytes(e.lp, p, fbuf)
			p = lpNext(e.lp, p)
		}
		fn(field, lpGetBytes(e.lp, p, vbuf))
		p = lpNext(e.lp, p)
	}
}

// collect returns up to count (0: no limit) entries of [start, end].
func (s *streamValue) collect(start, end streamID, count int64, rev bool) []streamEntry {
	out := make([]streamEntry, 0, min(uint64(max(count, 0)-1), 15)+1)
	it := s.iter(start, end, rev)
	for {
		if _, ok := it.next(); !ok {
			return out
		}
		out = append(out, it.entry())
		if count > 0 && int64(len(out)) == count {
			return out
		}
	}
}

// edgeID returns the first or last entry's ID, deleted entries included
// unless skipTombstones; with no such entry, the greatest possible ID for
// first and 0-0 for last (Redis's streamGetEdgeID).
func (s *streamValue) edgeID(first, skipTombstones bool) streamID {
	it := s.iter(minStreamID, maxStreamID, !first)
	it.skipTombstones = skipTombstones
	if id, ok := it.next(); ok {
		return id
	}
	if first {
		return maxStreamID
	}
	return minStreamID
}

// lastValidID returns the ID of the last live entry, or 0-0.
func (s *streamValue) lastValidID() streamID {
	if id, ok := s.iter(minStreamID, maxStreamID, true).next(); ok {
		return id
	}
	return minStreamID
}

// exists reports whether a live entry has the ID.
func (s *streamValue) exists(id streamID) bool {
	_, ok := s.iter(id, id, false).next()
	return ok
}

// delete removes the entries with these IDs (XDEL) and returns how many
// there were. maxDeletedID follows the greatest, firstID the new first
// entry.
func (s *streamValue) delete(ids ...streamID) int {
	deleted, first := 0, false
	for _, id := range ids {
		it := s.iter(id, id, false)
		if _, ok := it.next(); !ok {
			continue
		}
		it.remove()
		first = first || id == s.firstID
		if id.cmp(s.maxDeletedID) > 0 {
			s.maxDeletedID = id
		}
		deleted++
	}
	switch {
	case deleted == 0:
	case s.length == 0:
		s.firstID = minStreamID
	case first:
		s.firstID = s.edgeID(true, true)
	}
	return deleted
}

// lastIDOfNode returns the ID of a node's last entry, deleted or not.
func (n *streamNode) lastID(master streamID) streamID {
	p := lpLast(n.lp)
	count := lpGetInt(n.lp, p)
	if count == 0 {
		return master
	}
	for ; count > 0; count-- {
		p = lpPrev(n.lp, p)
	}
	p = lpNext(n.lp, p)
	id := master
	id.ms += uint64(lpGetInt(n.lp, p))
	p = lpNext(n.lp, p)
	id.seq += uint64(lpGetInt(n.lp, p))
	return id
}

// Trimming strategies of XADD and XTRIM.
const (
	trimNone = iota
	trimMaxLen
	trimMinID
)

// streamTrimArgs are the trimming options of XADD and XTRIM.
type streamTrimArgs struct {
	strategy int
	maxLen   int64
	minID    streamID
	approx   bool
	limit    int64 // most entries to remove; 0 for no limit
	argIndex int   // the argument holding the threshold, rewritten for effects
}

// trim removes entries from the head of the stream as the arguments say,
// Redis's streamTrim, and returns how many. Whole nodes go first; unless
// approx, entries of the node that straddles the threshold are flagged
// deleted. limit bounds the entries removed with whole nodes.
func (s *streamValue) trim(a *streamTrimArgs) int64 {
	if a.strategy == trimNone {
		return 0
	}
	var deleted int64
	it := s.nodes.iter()
	var buf [16]byte
	for it.First(); it.Valid(); {
		if a.strategy == trimMaxLen && s.length <= uint64(a.maxLen) {
			break
		}
		node := it.Value()
		lp := node.lp
		entries := lpGetInt(lp, lpFirst(lp))
		if a.limit != 0 && deleted+entries > a.limit {
			break
		}
		master := streamIDFromKey(it.Key())
		var removeNode bool
		if a.strategy == trimMaxLen {
			removeNode = s.length-uint64(entries) >= uint64(a.maxLen)
		} else {
			removeNode = node.lastID(master).cmp(a.minID) < 0
		}
		if removeNode {
			key := append(buf[:0], it.Key()...)
			s.nodes.Remove(key)
			it.SeekGE(key)
			s.length -= uint64(entries)
			deleted += entries
			continue
		}
		if a.approx {
			break
		}

		// Flag the entries of this node below the threshold.
		var fromNode int64
		first, masterFields := node.masterFields()
		p := first
		for i := 0; i < masterFields; i++ {
			p = lpNext(node.lp, p)
		}
		p = lpNext(node.lp, p) // the first entry's flags
		for p >= 0 {
			flagsPos := p
			flags := lpGetInt(node.lp, p)
			p = lpNext(node.lp, p)
			id := master
			id.ms += uint64(lpGetInt(node.lp, p))
			p = lpNext(node.lp, p)
			id.seq += uint64(lpGetInt(node.lp, p))
			p = lpNext(node.lp, p)
			if a.strategy == trimMaxLen {
				if s.length <= uint64(a.maxLen) {
					break
				}
			} else if id.cmp(a.minID) >= 0 {
				break
			}
			skip := masterFields
			if flags&streamFlagSameFields == 0 {
				skip = 2 * int(lpGetInt(node.lp, p))
				p = lpNext(node.lp, p)
			}
			for ; skip > 0; skip-- {
				p = lpNext(node.lp, p)
			}
			p = lpNext(node.lp, p) // past lp-count
			if flags&streamFlagDeleted == 0 {
				old := len(node.lp)
				node.replaceInt(flagsPos, flags|streamFlagDeleted)
				if p >= 0 {
					p += len(node.lp) - old
				}
				fromNode++
				s.length--
			}
		}
		deleted += fromNode
		p = lpFirst(node.lp)
		node.replaceInt(p, entries-fromNode)
		p = lpNext(node.lp, p)
		node.replaceInt(p, lpGetInt(node.lp, p)+fromNode)
		break
	}
	if s.length == 0 {
		s.firstID = minStreamID
	} else {
		s.firstID = s.edgeID(true, true)
	}
	return deleted
}

// rangeHasTombstones reports whether an entry between start and end may
// have been deleted, as far as maxDeletedID tells (Redis's
// streamRangeHasTombstones).
func (s *streamValue) rangeHasTombstones(start, end streamID) bool {
	if s.length == 0 || s.maxDeletedID.isZero() {
		return false
	}
	if s.firstID.cmp(s.maxDeletedID) > 0 {
		return false
	}
	return start.cmp(s.maxDeletedID) <= 0 && s.maxDeletedID.cmp(end) <= 0
}

// streamEntriesReadUnknown marks a consumer group whose count of entries
// read cannot be known (Redis's SCG_INVALID_ENTRIES_READ).
const streamEntriesReadUnknown = -1

// estimateEntriesRead returns how many entries had been added up to id,
// when it can be known, else streamEntriesReadUnknown (Redis's
// streamEstimateDistanceFromFirstEverEntry).
func (s *streamValue) estimateEntriesRead(id streamID) int64 {
	if s.entriesAdded == 0 {
		return 0
	}
	if s.length == 0 && id.cmp(s.lastID) < 1 {
		return int64(s.entriesAdded)
	}
	switch c := id.cmp(s.lastID); {
	case c == 0:
		return int64(s.entriesAdded)
	case c > 0:
		return streamEntriesReadUnknown
	}
	if s.maxDeletedID.isZero() || s.maxDeletedID.cmp(s.firstID) < 0 {
		switch id.cmp(s.firstID) {
		case -1:
			return int64(s.entriesAdded - s.length)
		case 0:
			return int64(s.entriesAdded - s.length + 1)
		}
	}
	return streamEntriesReadUnknown
}

// clone copies the stream as Redis's streamDup does: the nodes, shrunk to
// their size, inserted afresh, and the groups with their consumers and
// pending entries.
func (s *streamValue) clone() value {
	cp := newStream()
	cp.length, cp.lastID, cp.firstID = s.length, s.lastID, s.firstID
	cp.maxDeletedID, cp.entriesAdded = s.maxDeletedID, s.entriesAdded
	it := s.nodes.iter()
	for it.First(); it.Valid(); it.Next() {
		cp.nodes.Insert(it.Key(), newStreamNode(clone(it.Value().lp)))
	}
	if s.groups != nil {
		cp.groups = newRax[*streamGroup]()
		gi := s.groups.iter()
		for gi.First(); gi.Valid(); gi.Next() {
			cp.groups.Insert(gi.Key(), gi.Value().clone())
		}
	}
	return cp
}

// memoryUsage is Redis's estimate for a stream (objectComputeSize): the
// object and stream headers, the tree's nodes, the listpacks (averaged
// over up to samples of them, the last one counted as it is), and for
// consumer groups their headers, pending entries and consumers.
func (s *streamValue) memoryUsage(samples int64) int64 {
	size := int64(robjSize+streamHeaderSize) + raxMemoryUsage(s.nodes.numele, s.nodes.numnodes)
	var lpSize, sampled int64
	it := s.nodes.iter()
	for it.First(); it.Valid() && sampled < samples; it.Next() {
		lpSize += int64(it.Value().alloc)
		sampled++
	}
	if int64(s.nodes.numele) <= sampled {
		size += lpSize
	} else {
		if sampled > 0 {
			lpSize /= sampled
		}
		size += lpSize * int64(s.nodes.numele-1)
		it.Last()
		size += int64(it.Value().alloc)
	}
	if s.groups != nil {
		gi := s.groups.iter()
		for gi.First(); gi.Valid(); gi.Next() {
			g := gi.Value()
			size += streamGroupSize + raxMemoryUsage(g.pel.numele, g.pel.numnodes)
			size += streamNACKSize * int64(g.pel.numele)
			ci := g.consumers.iter()
			for ci.First(); ci.Valid(); ci.Next() {
				c := ci.Value()
				size += streamConsumerSize + int64(len(c.name)) + raxMemoryUsage(c.pel.numele, c.pel.numnodes)
			}
		}
	}
	return size
}

// Sizes of Redis's stream structures on a 64-bit build.
const (
	streamHeaderSize   = 80 // stream: rax*, length, 3 IDs, entries_added, cgroups*
	streamGroupSize    = 40 // streamCG: last_id, entries_read, pel*, consumers*
	streamNACKSize     = 24 // streamNACK: delivery_time, delivery_count, consumer*
	streamConsumerSize = 24 // streamConsumer: seen_time, name, pel
	raxNodeHeaderSize  = 4
)

// raxMemoryUsage is Redis's streamRadixTreeMemoryUsage, for a rax of 128
// bit keys: the keys, and a fixed guess per node.
func raxMemoryUsage(numele, numnodes int) int64 {
	return int64(numele)*16 + int64(numnodes)*raxNodeHeaderSize + int64(numnodes)*8*30
}
