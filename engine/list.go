package engine

import (
	"math"
	"slices"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// listValue is a list key's value. Redis 7.0 stores every list as a
// quicklist (a linked list of listpacks) and reports that encoding for all
// of them; what its users rely on is O(1) push and pop at both ends and
// cheap access near the ends. A ring buffer gives both, with O(1) access
// anywhere, in one compact slice. Elements are Go strings: immutable, so
// they can be replied and moved between keys without copying.
type listValue struct {
	ring []string // len is zero or a power of two
	head int      // index in ring of the first element
	n    int

	// fillSetting is list-max-listpack-size when the list was created,
	// which Redis's quicklist keeps; only MEMORY USAGE looks at it.
	fillSetting int
	// layout follows the nodes Redis's quicklist would split the list
	// into, which RDB and DUMP show (quicklist_layout.go).
	layout quicklistLayout
}

// listEnd names an end of a list: LEFT is the head, RIGHT the tail.
type listEnd int

const (
	listHead listEnd = iota
	listTail
)

// listMinRing is the smallest ring a non-empty list keeps.
const listMinRing = 4

func (*listValue) typeName() string { return "list" }
func (*listValue) encoding() string { return "quicklist" }

func (l *listValue) clone() value {
	cp := &listValue{}
	cp.ring = make([]string, len(l.ring))
	for i := 0; i < l.n; i++ {
		cp.ring[i] = l.at(i)
	}
	cp.n, cp.fillSetting, cp.layout = l.n, l.fillSetting, l.layout.clone()
	return cp
}

// Len returns the number of elements.
func (l *listValue) Len() int { return l.n }

// slot returns the ring index of element i (0 is the head).
func (l *listValue) slot(i int) int { return (l.head + i) & (len(l.ring) - 1) }

// at returns element i, which must exist.
func (l *listValue) at(i int) string { return l.ring[l.slot(i)] }

// resize moves the elements, in order, into a ring of size slots.
func (l *listValue) resize(size int) {
	ring := make([]string, size)
	for i := 0; i < l.n; i++ {
		ring[i] = l.at(i)
	}
	l.ring, l.head = ring, 0
}

// makeRoom makes sure one more element fits.
func (l *listValue) makeRoom() {
	if l.n == len(l.ring) {
		l.resize(max(listMinRing, 2*len(l.ring)))
	}
}

// shrinkIfSparse gives memory back once the ring is mostly empty: it
// halves the ring while it is less than a quarter full. Halving at a
// quarter leaves room for as many pushes as it takes pops to shrink again,
// so alternating pushes and pops never thrash.
func (l *listValue) shrinkIfSparse() {
	size := len(l.ring)
	for size > listMinRing && l.n < size/4 {
		size /= 2
	}
	if size != len(l.ring) {
		l.resize(size)
	}
}

// Push adds elem at one end.
func (l *listValue) Push(where listEnd, elem string) {
	l.layout.push(where == listHead, l.fill(), elem)
	l.makeRoom()
	if where == listHead {
		l.head = (l.head - 1) & (len(l.ring) - 1)
		l.ring[l.head] = elem
	} else {
		l.ring[l.slot(l.n)] = elem
	}
	l.n++
}

// Pop removes and returns the element at one end. The list must not be
// empty.
func (l *listValue) Pop(where listEnd) string {
	var i int
	if where == listHead {
		i = l.head
		l.head = (l.head + 1) & (len(l.ring) - 1)
	} else {
		i = l.slot(l.n - 1)
	}
	elem := l.ring[i]
	l.layout.pop(where == listHead, elem)
	l.ring[i] = "" // let the element be collected
	l.n--
	l.shrinkIfSparse()
	return elem
}

// Index returns the element at index i, counting from the tail when i is
// negative (-1 is the last element).
func (l *listValue) Index(i int64) (string, bool) {
	if i < 0 {
		i += int64(l.n)
	}
	if i < 0 || i >= int64(l.n) {
		return "", false
	}
	return l.at(int(i)), true
}

// Replace sets the element at index i (negative from the tail) and
// reports whether the index was in range.
func (l *listValue) Replace(i int64, elem string) bool {
	if i < 0 {
		i += int64(l.n)
	}
	if i < 0 || i >= int64(l.n) {
		return false
	}
	l.layout.replace(l, l.fill(), int(i), l.at(int(i)), elem)
	l.ring[l.slot(int(i))] = elem
	return true
}

// Insert puts elem before or after the element at index pivot, moving
// the elements on the shorter side by one.
func (l *listValue) Insert(pivot int, after bool, elem string) {
	l.layout.insert(l, l.fill(), pivot, after, elem)
	i := pivot
	if after {
		i++
	}
	l.makeRoom()
	mask := len(l.ring) - 1
	if i < l.n/2 {
		l.head = (l.head - 1) & mask
		for j := 0; j < i; j++ {
			l.ring[(l.head+j)&mask] = l.ring[(l.head+j+1)&mask]
		}
	} else {
		for j := l.n; j > i; j-- {
			l.ring[(l.head+j)&mask] = l.ring[(l.head+j-1)&mask]
		}
	}
	l.ring[(l.head+i)&mask] = elem
	l.n++
}

// Find returns the index of the first element equal to elem, or -1.
func (l *listValue) Find(elem string) int {
	for i := 0; i < l.n; i++ {
		if l.at(i) == elem {
			return i
		}
	}
	return -1
}

// Remove removes up to count elements equal to elem, all of them when
// count is 0, scanning from the tail when count is negative, and returns
// how many it removed. The survivors close the gaps in one pass, in the
// direction of the scan.
func (l *listValue) Remove(elem string, count int64) int64 {
	fromTail := count < 0
	if fromTail {
		count = -count // math.MinInt64 stays negative: no limit, as in Redis
	}
	var removed int64
	var gone []int // the indices removed, for the layout
	doomed := func(e string) bool {
		if e == elem && (count <= 0 || removed < count) {
			removed++
			return true
		}
		return false
	}
	if !fromTail {
		kept := 0
		for i := 0; i < l.n; i++ {
			if e := l.at(i); !doomed(e) {
				l.ring[l.slot(kept)] = e
				kept++
			} else {
				gone = append(gone, i)
			}
		}
		for i := kept; i < l.n; i++ {
			l.ring[l.slot(i)] = ""
		}
	} else {
		next := l.n - 1 // where the next survivor goes, from the tail
		for i := l.n - 1; i >= 0; i-- {
			if e := l.at(i); !doomed(e) {
				l.ring[l.slot(next)] = e
				next--
			} else {
				gone = append(gone, i)
			}
		}
		slices.Reverse(gone)
		for i := 0; i <= next; i++ {
			l.ring[l.slot(i)] = ""
		}
		l.head = l.slot(next + 1)
	}
	l.layout.removeAt(gone, elem)
	l.n -= int(removed)
	l.shrinkIfSparse()
	return removed
}

// Trim removes fromHead elements at the head and fromTail at the tail.
func (l *listValue) Trim(fromHead, fromTail int) {
	l.layout.trim(l, fromHead, fromTail)
	for ; fromHead > 0; fromHead-- {
		l.ring[l.head] = ""
		l.head = (l.head + 1) & (len(l.ring) - 1)
		l.n--
	}
	for ; fromTail > 0; fromTail-- {
		l.ring[l.slot(l.n-1)] = ""
		l.n--
	}
	l.shrinkIfSparse()
}

// listRange normalises a LRANGE/LTRIM start and end (negative from the
// tail) against a list of n elements, as Redis does, and returns the
// inclusive range, or ok false when it is empty.
func listRange(start, end int64, n int) (from, to int, ok bool) {
	ln := int64(n)
	if start < 0 {
		start += ln
	}
	if end < 0 {
		end += ln
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= ln {
		return 0, 0, false
	}
	if end >= ln {
		end = ln - 1
	}
	return int(start), int(end), true
}

// Memory accounting (MEMORY USAGE), modelled on the quicklist Redis would
// hold: the listpack nodes the list's layout followed through its history
// (quicklist_layout.go), or, failing that, the nodes RPUSH would fill.

// Sizes of Redis's quicklist structures.
const (
	quicklistSize     = 40
	quicklistNodeSize = 40
	// listpackEmpty is a listpack's header (total bytes and count) and
	// end marker.
	listpackEmpty = 7
	// quicklistSafetyLimit is the node size no count-limited node exceeds.
	quicklistSafetyLimit = 8192
)

// listpackEntrySize is the bytes an element takes in a listpack: its
// encoding (integers compactly, strings with a length prefix), its data
// and the length of both again, for walking backwards.
func listpackEntrySize(s string) int {
	var n int
	if v, ok := parseIntString(s); ok {
		switch {
		case 0 <= v && v <= 127:
			n = 1
		case -4096 <= v && v <= 4095:
			n = 2
		case math.MinInt16 <= v && v <= math.MaxInt16:
			n = 3
		case -1<<23 <= v && v < 1<<23:
			n = 4
		case math.MinInt32 <= v && v <= math.MaxInt32:
			n = 5
		default:
			n = 9
		}
	} else {
		switch l := len(s); {
		case l < 64:
			n = 1 + l
		case l < 4096:
			n = 2 + l
		default:
			n = 5 + l
		}
	}
	switch {
	case n <= 127:
		return n + 1
	case n < 16383:
		return n + 2
	case n < 2097151:
		return n + 3
	case n < 268435455:
		return n + 4
	}
	return n + 5
}

// parseIntString is resp.ParseInt for a string.
func parseIntString(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 20 || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, false
	}
	return resp.ParseInt([]byte(s))
}

// quicklistNodeAccepts is Redis's _quicklistNodeAllowInsert: whether a
// node of sz bytes and count elements takes one more element of elemLen
// bytes under the fill setting. Redis 7.0.15 estimates the growth as the
// element's length plus 8 bytes, and checks the estimate against the
// size limit of a negative fill, or against the safety limit and the
// count of a positive one.
func quicklistNodeAccepts(sz, count, elemLen, fill int) bool {
	newSize := sz + elemLen + quicklistSizeEstimateOverhead
	if fill < 0 {
		return newSize <= 4096<<min(-fill-1, 4)
	}
	return newSize <= quicklistSafetyLimit && count+1 <= max(fill, 1)
}

// quicklistSizeEstimateOverhead is Redis's SIZE_ESTIMATE_OVERHEAD.
const quicklistSizeEstimateOverhead = 8

func (l *listValue) memoryUsage(samples int64) int64 {
	fill := min(max(l.fillSetting, -5), 1<<15-1) // quicklistSetFill's clamp
	var nodes, sampled int64
	var sampledBytes int64
	sz, count := 0, 0
	closeNode := func() {
		if nodes < max(samples, 1) {
			sampledBytes += quicklistNodeSize + mallocSize(sz)
			sampled++
		}
		nodes++
	}
	if l.layout.total() == l.n { // the nodes the list's history made
		l.layout.each(func(nd qlNode) {
			sz = nd.sz
			closeNode()
		})
	} else {
		for i := 0; i < l.n; i++ {
			elem := l.at(i)
			if count > 0 && !quicklistNodeAccepts(sz, count, len(elem), fill) {
				closeNode()
				sz, count = 0, 0
			}
			if count == 0 {
				sz = listpackEmpty
			}
			sz += listpackEntrySize(elem)
			count++
		}
		if count > 0 {
			closeNode()
		}
	}
	size := int64(robjSize + quicklistSize)
	if sampled > 0 {
		size = int64(float64(size) + float64(sampledBytes)/float64(sampled)*float64(nodes))
	}
	return size
}

// newList returns an empty list.
func (e *Engine) newList() *listValue { return &listValue{fillSetting: e.cfg.listMaxListpackSize} }

// Errors of the list commands.
const (
	errRankZero       = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	errCountNegative  = "ERR COUNT can't be negative"
	errMaxlenNegative = "ERR MAXLEN can't be negative"
	errNumkeys        = "ERR numkeys should be greater than 0"
	errCountPositive  = "ERR count should be greater than 0"
)

// asList type-checks a key's value: the list, nil for no key, or false
// after replying WRONGTYPE.
func (c *Client) asList(v value) (*listValue, bool) { return typed[*listValue](c, v) }

// readList returns the list at key for a read (counting a hit or miss).
func (c *Client) readList(key []byte) (*listValue, bool) { return c.asList(c.db.lookup(key)) }

// writeList returns the list at key for a write.
func (c *Client) writeList(key []byte) (*listValue, bool) { return c.asList(c.db.peek(key)) }

// listEndArg parses LEFT or RIGHT, replying a syntax error otherwise.
func (c *Client) listEndArg(b []byte) (listEnd, bool) {
	switch {
	case equalFold(b, "left"):
		return listHead, true
	case equalFold(b, "right"):
		return listTail, true
	}
	c.Error(ErrSyntax)
	return 0, false
}

// The list operations the blocking commands share with their
// non-blocking forms.

// pushOrCreate pushes elem at one end of the list at key, creating the
// key when l is nil, and sends the keyspace event. It returns the list.
func (c *Client) pushOrCreate(key []byte, l *listValue, where listEnd, elem string) *listValue {
	if l == nil {
		l = c.e.newList()
		c.db.set(key, l)
	}
	l.Push(where, elem)
	c.e.notifyKeyspaceEvent(notifyList, pushEvent(where), string(key), c.db.id)
	return l
}

func pushEvent(where listEnd) string {
	if where == listHead {
		return "lpush"
	}
	return "rpush"
}

func popEvent(where listEnd) string {
	if where == listHead {
		return "lpop"
	}
	return "rpop"
}

// listElementsRemoved does the bookkeeping after count elements were
// popped from one end of the list at key: the event, deleting the key
// once the list is empty, WATCH and the dirty count. It reports whether
// the key was deleted.
func (c *Client) listElementsRemoved(key []byte, l *listValue, where listEnd, count int) bool {
	k := string(key)
	c.e.notifyKeyspaceEvent(notifyList, popEvent(where), k, c.db.id)
	deleted := l.Len() == 0
	if deleted {
		c.db.delete(key)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
	c.e.keyModified(c.db, k)
	c.e.dirty += int64(count)
	return deleted
}

// replyListRange replies with elements from..to (inclusive) of l, in
// reverse order when reverse is set.
func (c *Client) replyListRange(l *listValue, from, to int, reverse bool) {
	c.Array(to - from + 1)
	if reverse {
		for i := to; i >= from; i-- {
			c.BulkString(l.at(i))
		}
		return
	}
	for i := from; i <= to; i++ {
		c.BulkString(l.at(i))
	}
}

// popRangeReply pops up to count elements from one end of the non-empty
// list at key, replying with them in pop order, and does the bookkeeping.
// It returns how many it popped.
func (c *Client) popRangeReply(key []byte, l *listValue, where listEnd, count int64) int {
	n := int(min(count, int64(l.Len())))
	if where == listHead {
		c.replyListRange(l, 0, n-1, false)
	} else {
		c.replyListRange(l, l.Len()-n, l.Len()-1, true)
	}
	for i := 0; i < n; i++ {
		l.Pop(where)
	}
	c.listElementsRemoved(key, l, where, n)
	return n
}

// popWithKeyReply is LMPOP's (and BLMPOP's) reply: the key and up to count
// elements popped from one end of its non-empty list. The effect is
// recorded as LPOP/RPOP key n.
func (c *Client) popWithKeyReply(key []byte, l *listValue, where listEnd, count int64) {
	c.Array(2)
	c.Bulk(key)
	n := c.popRangeReply(key, l, where, count)
	cmd := "LPOP"
	if where == listTail {
		cmd = "RPOP"
	}
	c.replicateAs([]byte(cmd), key, strconv.AppendInt(nil, int64(n), 10))
}

// moveElement is LMOVE on a non-empty source list: it pops one element
// from src's wherefrom end, pushes it at dst's whereto end (creating dst)
// and replies with it. dstList is dst's current list or nil; src and dst
// may be the same key.
func (c *Client) moveElement(src, dst []byte, srcList, dstList *listValue, wherefrom, whereto listEnd) {
	elem := srcList.Pop(wherefrom)
	c.e.keyModified(c.db, string(dst))
	c.pushOrCreate(dst, dstList, whereto, elem)
	c.BulkString(elem)
	k := string(src)
	c.e.notifyKeyspaceEvent(notifyList, popEvent(wherefrom), k, c.db.id)
	if srcList.Len() == 0 {
		c.db.delete(src)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
	c.e.keyModified(c.db, k)
	c.e.dirty++
}

func init() {
	// Lists are quicklists whatever these say; they are kept for the
	// clients and tools that set and read them.
	registerConfig(
		aliasParam(intParam("list-max-listpack-size", math.MinInt32, math.MaxInt32, func(c *config) *int { return &c.listMaxListpackSize }), "list-max-ziplist-size"),
		intParam("list-compress-depth", 0, math.MaxInt32, func(c *config) *int { return &c.listCompressDepth }),
	)
	implement(map[string]Handler{
		"lpush":     func(c *Client, args [][]byte) { pushCommand(c, args, listHead, false) },
		"rpush":     func(c *Client, args [][]byte) { pushCommand(c, args, listTail, false) },
		"lpushx":    func(c *Client, args [][]byte) { pushCommand(c, args, listHead, true) },
		"rpushx":    func(c *Client, args [][]byte) { pushCommand(c, args, listTail, true) },
		"lpop":      func(c *Client, args [][]byte) { popCommand(c, args, listHead) },
		"rpop":      func(c *Client, args [][]byte) { popCommand(c, args, listTail) },
		"llen":      llenCommand,
		"lrange":    lrangeCommand,
		"lindex":    lindexCommand,
		"lset":      lsetCommand,
		"linsert":   linsertCommand,
		"lrem":      lremCommand,
		"ltrim":     ltrimCommand,
		"lpos":      lposCommand,
		"lmove":     lmoveCommand,
		"rpoplpush": rpoplpushCommand,
		"lmpop":     lmpopCommand,
	})
}

// LPUSH|RPUSH key element [element ...], and LPUSHX|RPUSHX when
// onlyIfExists.
func pushCommand(c *Client, args [][]byte, where listEnd, onlyIfExists bool) {
	l, ok := c.writeList(args[1])
	if !ok {
		return
	}
	if l == nil {
		if onlyIfExists {
			c.Int(0)
			return
		}
		l = c.e.newList()
		c.db.set(args[1], l)
	}
	for _, elem := range args[2:] {
		l.Push(where, string(elem))
	}
	c.e.dirty += int64(len(args) - 2)
	c.Int(int64(l.Len()))
	k := string(args[1])
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyList, pushEvent(where), k, c.db.id)
}

// LPOP|RPOP key [count]
func popCommand(c *Client, args [][]byte, where listEnd) {
	if len(args) > 3 {
		c.Error(errArity(c.runningCmd.FullName))
		return
	}
	hasCount := len(args) == 3
	var count int64
	if hasCount {
		var ok bool
		if count, ok = c.positiveArg(args[2], ""); !ok {
			return
		}
	}
	l, ok := c.writeList(args[1])
	switch {
	case !ok:
	case l == nil && hasCount:
		c.NullArray()
	case l == nil:
		c.NullBulk()
	case hasCount && count == 0:
		c.Array(0)
	case !hasCount:
		c.BulkString(l.Pop(where))
		c.listElementsRemoved(args[1], l, where, 1)
	default:
		c.popRangeReply(args[1], l, where, count)
	}
}

// LLEN key
func llenCommand(c *Client, args [][]byte) {
	if l, ok := c.readList(args[1]); ok {
		if l == nil {
			c.Int(0)
		} else {
			c.Int(int64(l.Len()))
		}
	}
}

// LRANGE key start stop
func lrangeCommand(c *Client, args [][]byte) {
	start, ok := c.intArg(args[2])
	if !ok {
		return
	}
	end, ok := c.intArg(args[3])
	if !ok {
		return
	}
	l, ok := c.readList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.Array(0)
		return
	}
	from, to, ok := listRange(start, end, l.Len())
	if !ok {
		c.Array(0)
		return
	}
	c.replyListRange(l, from, to, false)
}

// LINDEX key index
func lindexCommand(c *Client, args [][]byte) {
	l, ok := c.readList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.NullBulk()
		return
	}
	i, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if elem, ok := l.Index(i); ok {
		c.BulkString(elem)
	} else {
		c.NullBulk()
	}
}

// LSET key index element
func lsetCommand(c *Client, args [][]byte) {
	l, ok := c.writeList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.Error(ErrNoSuchKey)
		return
	}
	i, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if !l.Replace(i, string(args[3])) {
		c.Error(ErrIndexRange)
		return
	}
	c.OK()
	k := string(args[1])
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyList, "lset", k, c.db.id)
	c.e.dirty++
}

// LINSERT key BEFORE|AFTER pivot element
func linsertCommand(c *Client, args [][]byte) {
	var after bool
	switch {
	case equalFold(args[2], "after"):
		after = true
	case equalFold(args[2], "before"):
	default:
		c.Error(ErrSyntax)
		return
	}
	l, ok := c.writeList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.Int(0)
		return
	}
	i := l.Find(view(args[3]))
	if i < 0 {
		c.Int(-1)
		return
	}
	l.Insert(i, after, string(args[4]))
	k := string(args[1])
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyList, "linsert", k, c.db.id)
	c.e.dirty++
	c.Int(int64(l.Len()))
}

// LREM key count element
func lremCommand(c *Client, args [][]byte) {
	count, ok := c.intArg(args[2])
	if !ok {
		return
	}
	l, ok := c.writeList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.Int(0)
		return
	}
	removed := l.Remove(view(args[3]), count)
	k := string(args[1])
	if removed > 0 {
		c.e.dirty += removed
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyList, "lrem", k, c.db.id)
	}
	if l.Len() == 0 {
		c.db.delete(args[1])
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
	c.Int(removed)
}

// LTRIM key start stop
func ltrimCommand(c *Client, args [][]byte) {
	start, ok := c.intArg(args[2])
	if !ok {
		return
	}
	end, ok := c.intArg(args[3])
	if !ok {
		return
	}
	l, ok := c.writeList(args[1])
	if !ok {
		return
	}
	if l == nil {
		c.OK()
		return
	}
	n := l.Len()
	fromHead, fromTail := n, 0
	if from, to, ok := listRange(start, end, n); ok {
		fromHead, fromTail = from, n-1-to
	}
	l.Trim(fromHead, fromTail)
	k := string(args[1])
	c.e.notifyKeyspaceEvent(notifyList, "ltrim", k, c.db.id)
	if l.Len() == 0 {
		c.db.delete(args[1])
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
	c.e.keyModified(c.db, k)
	c.e.dirty += int64(fromHead + fromTail)
	c.OK()
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
func lposCommand(c *Client, args [][]byte) {
	rank, count, maxlen := int64(1), int64(-1), int64(0) // count -1: no COUNT
	for j := 3; j < len(args); j++ {
		more := j+1 < len(args)
		var ok bool
		switch {
		case equalFold(args[j], "rank") && more:
			j++
			if rank, ok = c.intArg(args[j]); !ok {
				return
			}
			if rank == 0 {
				c.Error(errRankZero)
				return
			}
		case equalFold(args[j], "count") && more:
			j++
			if count, ok = c.positiveArg(args[j], errCountNegative); !ok {
				return
			}
		case equalFold(args[j], "maxlen") && more:
			j++
			if maxlen, ok = c.positiveArg(args[j], errMaxlenNegative); !ok {
				return
			}
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	fromTail := rank < 0
	if fromTail {
		rank = -rank // math.MinInt64 stays negative, so every match counts, as in Redis
	}
	l, ok := c.readList(args[1])
	if !ok {
		return
	}
	if l == nil {
		if count != -1 {
			c.Array(0)
		} else {
			c.NullBulk()
		}
		return
	}
	elem := view(args[2])
	var found []int64
	var matches int64
	for k := 0; k < l.Len() && (maxlen == 0 || int64(k) < maxlen); k++ {
		i := k
		if fromTail {
			i = l.Len() - 1 - k
		}
		if l.at(i) != elem {
			continue
		}
		matches++
		if matches >= rank {
			found = append(found, int64(i))
			if count == -1 || count != 0 && matches-rank+1 >= count {
				break
			}
		}
	}
	if count != -1 {
		c.Array(len(found))
		for _, i := range found {
			c.Int(i)
		}
		return
	}
	if len(found) == 0 {
		c.NullBulk()
	} else {
		c.Int(found[0])
	}
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
func lmoveCommand(c *Client, args [][]byte) {
	wherefrom, ok := c.listEndArg(args[3])
	if !ok {
		return
	}
	whereto, ok := c.listEndArg(args[4])
	if !ok {
		return
	}
	lmove(c, args[1], args[2], wherefrom, whereto)
}

// RPOPLPUSH source destination
func rpoplpushCommand(c *Client, args [][]byte) {
	lmove(c, args[1], args[2], listTail, listHead)
}

func lmove(c *Client, src, dst []byte, wherefrom, whereto listEnd) {
	srcList, ok := c.writeList(src)
	if !ok {
		return
	}
	if srcList == nil {
		c.NullBulk()
		return
	}
	dstList, ok := c.writeList(dst)
	if !ok {
		return
	}
	c.moveElement(src, dst, srcList, dstList, wherefrom, whereto)
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
func lmpopCommand(c *Client, args [][]byte) {
	keys, where, count, ok := c.lmpopArgs(args, 1)
	if !ok {
		return
	}
	for _, key := range keys {
		l, ok := c.writeList(key)
		if !ok {
			return
		}
		if l != nil {
			c.popWithKeyReply(key, l, where, count)
			return
		}
	}
	c.NullArray()
}

// lmpopArgs parses the arguments of LMPOP and BLMPOP from the numkeys
// argument at args[at] on.
func (c *Client) lmpopArgs(args [][]byte, at int) (keys [][]byte, where listEnd, count int64, ok bool) {
	numkeys, ok := c.rangeArg(args[at], 1, 1<<63-1, errNumkeys)
	if !ok {
		return nil, 0, 0, false
	}
	whereAt := int64(at) + numkeys + 1
	if whereAt >= int64(len(args)) || whereAt < 0 {
		c.Error(ErrSyntax)
		return nil, 0, 0, false
	}
	if where, ok = c.listEndArg(args[whereAt]); !ok {
		return nil, 0, 0, false
	}
	count = -1
	for j := int(whereAt) + 1; j < len(args); j++ {
		if count == -1 && equalFold(args[j], "count") && j+1 < len(args) {
			j++
			if count, ok = c.rangeArg(args[j], 1, 1<<63-1, errCountPositive); !ok {
				return nil, 0, 0, false
			}
			continue
		}
		c.Error(ErrSyntax)
		return nil, 0, 0, false
	}
	if count == -1 {
		count = 1
	}
	return args[at+1 : whereAt], where, count, true
}
