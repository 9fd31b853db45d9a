package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// setValue is a set key's value, in one of Redis 7.0's two encodings. A set
// of integers is an intset: the values sorted ascending, the order Redis
// replies in, with O(log n) lookups. A member that is not an integer (by
// Redis's strict rule: no sign but '-', no leading zeros) or more than
// set-max-intset-entries members turn it into a hashtable for good.
type setValue struct {
	ints  []int64         // intset encoding, ascending
	table *dict[struct{}] // hashtable encoding; ints is nil then

	// intWidth is the bytes per integer Redis's intset would use: 2, 4 or
	// 8, widened for the largest magnitude ever added and never narrowed,
	// as in Redis (0 stands for 2). Only MEMORY USAGE looks at it.
	intWidth uint8
}

// intsetHeader is the size of an intset's header: encoding and length.
const intsetHeader = 8

// intsetWidth is the bytes Redis's intset needs for n.
func intsetWidth(n int64) uint8 {
	switch {
	case math.MinInt16 <= n && n <= math.MaxInt16:
		return 2
	case math.MinInt32 <= n && n <= math.MaxInt32:
		return 4
	}
	return 8
}

// intsetLimit caps set-max-intset-entries as Redis does, for the intset's
// own size limits.
const intsetLimit = 1 << 30

func (*setValue) typeName() string { return "set" }

func (s *setValue) encoding() string {
	if s.table != nil {
		return "hashtable"
	}
	return "intset"
}

func (s *setValue) clone() value {
	if s.table == nil {
		return &setValue{ints: slices.Clone(s.ints), intWidth: s.intWidth}
	}
	cp := &setValue{table: &dict[struct{}]{}}
	s.table.Each(func(m string, _ struct{}) bool {
		cp.table.Set(m, struct{}{})
		return true
	})
	return cp
}

// newSetFor returns an empty set in the encoding its first member needs,
// Redis's setTypeCreate.
func newSetFor(member []byte) *setValue {
	if _, ok := resp.ParseInt(member); ok {
		return &setValue{}
	}
	return &setValue{table: &dict[struct{}]{}}
}

// Len returns the number of members.
func (s *setValue) Len() int {
	if s.table != nil {
		return s.table.Len()
	}
	return len(s.ints)
}

// findInt returns where n is or would go in the intset.
func (s *setValue) findInt(n int64) (int, bool) {
	return slices.BinarySearch(s.ints, n)
}

// Has reports whether member is in the set.
func (s *setValue) Has(member []byte) bool {
	if s.table != nil {
		_, ok := s.table.Get(view(member))
		return ok
	}
	n, ok := resp.ParseInt(member)
	return ok && s.hasInt(n)
}

func (s *setValue) hasInt(n int64) bool {
	if s.table != nil {
		_, ok := s.table.Get(strconv.FormatInt(n, 10))
		return ok
	}
	_, found := s.findInt(n)
	return found
}

// add adds member and reports whether it is new. A member the intset
// cannot hold converts the set first; the size limit is Engine.setAdd's.
func (s *setValue) add(member []byte) bool {
	if s.table == nil {
		n, ok := resp.ParseInt(member)
		if ok {
			i, found := s.findInt(n)
			if found {
				return false
			}
			s.ints = slices.Insert(s.ints, i, n)
			s.intWidth = max(s.intWidth, intsetWidth(n))
			return true
		}
		s.convert()
	}
	if _, ok := s.table.Get(view(member)); ok {
		return false
	}
	s.table.Set(string(member), struct{}{})
	return true
}

// Remove removes member and reports whether it was there.
func (s *setValue) Remove(member []byte) bool {
	if s.table != nil {
		_, ok := s.table.Delete(view(member))
		return ok
	}
	n, ok := resp.ParseInt(member)
	if !ok {
		return false
	}
	i, found := s.findInt(n)
	if found {
		s.ints = slices.Delete(s.ints, i, i+1)
	}
	return found
}

// Each calls fn for every member, ascending for an intset, until fn
// returns false.
func (s *setValue) Each(fn func(member string) bool) {
	if s.table != nil {
		s.table.Each(func(m string, _ struct{}) bool { return fn(m) })
		return
	}
	for _, n := range s.ints {
		if !fn(strconv.FormatInt(n, 10)) {
			return
		}
	}
}

// Random returns a random member. The set must not be empty.
func (s *setValue) Random() string {
	if s.table != nil {
		m, _, _ := s.table.Random()
		return m
	}
	return strconv.FormatInt(s.ints[rand.IntN(len(s.ints))], 10)
}

// members returns all members, ascending for an intset.
func (s *setValue) members() []string {
	out := make([]string, 0, s.Len())
	s.Each(func(m string) bool {
		out = append(out, m)
		return true
	})
	return out
}

// randomMembers returns count distinct random members, count < Len.
func (s *setValue) randomMembers(count int) []string {
	if s.table != nil {
		return randomDictKeys(s.table, count)
	}
	out := make([]string, count)
	for i, j := range randomIndexes(len(s.ints), count) {
		out[i] = strconv.FormatInt(s.ints[j], 10)
	}
	return out
}

// memoryUsage estimates the set as Redis would hold it: one intset
// allocation (a header and fixed-width integers), or a dict.
func (s *setValue) memoryUsage(samples int64) int64 {
	if s.table == nil {
		return robjSize + mallocSize(intsetHeader+len(s.ints)*int(max(2, s.intWidth)))
	}
	return dictMemoryUsage(s.table, samples, func(m string, _ struct{}) int64 {
		return sdsAllocSize(len(m), true)
	})
}

// convert turns an intset into a hashtable.
func (s *setValue) convert() {
	if s.table != nil {
		return
	}
	s.table = &dict[struct{}]{}
	for _, n := range s.ints {
		s.table.Set(strconv.FormatInt(n, 10), struct{}{})
	}
	s.ints = nil
}

// setAdd adds member to s, converting an intset that grows past
// set-max-intset-entries, Redis's setTypeAdd. It reports whether the
// member is new.
func (e *Engine) setAdd(s *setValue, member []byte) bool {
	if !s.add(member) {
		return false
	}
	if s.table == nil && len(s.ints) > min(e.cfg.setMaxIntsetEntries, intsetLimit) {
		s.convert()
	}
	return true
}

// Errors of the set commands.
const (
	errTooManyKeys   = "ERR Number of keys can't be greater than number of args"
	errLimitNegative = "ERR LIMIT can't be negative"
)

// asSet type-checks a key's value: the set, nil for no key, or false after
// replying WRONGTYPE.
func (c *Client) asSet(v value) (*setValue, bool) { return typed[*setValue](c, v) }

// readSet returns the set at key for a read (counting a hit or miss).
func (c *Client) readSet(key []byte) (*setValue, bool) { return c.asSet(c.db.lookup(key)) }

// writeSet returns the set at key for a write.
func (c *Client) writeSet(key []byte) (*setValue, bool) { return c.asSet(c.db.peek(key)) }

// replyMembers replies with members as a set (RESP3) or an array.
func (c *Client) replyMembers(members []string, asSet bool) {
	if asSet {
		c.Set(len(members))
	} else {
		c.Array(len(members))
	}
	for _, m := range members {
		c.BulkString(m)
	}
}

// storeSet stores a computed set at dst, or deletes dst when the set is
// empty, and replies with its size: the end of SINTERSTORE, SUNIONSTORE
// and SDIFFSTORE.
func (c *Client) storeSet(dst []byte, s *setValue, event string) {
	k := string(dst)
	if s.Len() == 0 {
		c.Int(0)
		if c.db.delete(dst) {
			c.e.dirty++
			c.e.keyModified(c.db, k)
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		}
		return
	}
	c.db.set(dst, s)
	c.e.keyModified(c.db, k)
	c.Int(int64(s.Len()))
	c.e.notifyKeyspaceEvent(notifySet, event, k, c.db.id)
	c.e.dirty++
}

func init() {
	registerConfig(
		intParam("set-max-intset-entries", 0, math.MaxInt64, func(c *config) *int { return &c.setMaxIntsetEntries }),
	)
	implement(map[string]Handler{
		"sadd":        saddCommand,
		"srem":        sremCommand,
		"scard":       scardCommand,
		"sismember":   sismemberCommand,
		"smismember":  smismemberCommand,
		"smembers":    func(c *Client, args [][]byte) { sinter(c, args[1:2], nil, false, 0) },
		"srandmember": srandmemberCommand,
		"spop":        spopCommand,
		"smove":       smoveCommand,
		"sinter":      func(c *Client, args [][]byte) { sinter(c, args[1:], nil, false, 0) },
		"sinterstore": func(c *Client, args [][]byte) { sinter(c, args[2:], args[1], false, 0) },
		"sintercard":  sintercardCommand,
		"sunion":      func(c *Client, args [][]byte) { sunionDiff(c, args[1:], nil, false) },
		"sunionstore": func(c *Client, args [][]byte) { sunionDiff(c, args[2:], args[1], false) },
		"sdiff":       func(c *Client, args [][]byte) { sunionDiff(c, args[1:], nil, true) },
		"sdiffstore":  func(c *Client, args [][]byte) { sunionDiff(c, args[2:], args[1], true) },
		"sscan":       sscanCommand,
	})
}

// SADD key member [member ...]
func saddCommand(c *Client, args [][]byte) {
	s, ok := c.writeSet(args[1])
	if !ok {
		return
	}
	if s == nil {
		s = newSetFor(args[2])
		c.db.set(args[1], s)
	}
	var added int64
	for _, m := range args[2:] {
		if c.e.setAdd(s, m) {
			added++
		}
	}
	if added > 0 {
		k := string(args[1])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifySet, "sadd", k, c.db.id)
	}
	c.e.dirty += added
	c.Int(added)
}

// SREM key member [member ...]
func sremCommand(c *Client, args [][]byte) {
	s, ok := c.writeSet(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Int(0)
		return
	}
	var removed int64
	emptied := false
	for _, m := range args[2:] {
		if s.Remove(m) {
			removed++
			if s.Len() == 0 {
				c.db.delete(args[1])
				emptied = true
				break
			}
		}
	}
	if removed > 0 {
		k := string(args[1])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifySet, "srem", k, c.db.id)
		if emptied {
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		}
		c.e.dirty += removed
	}
	c.Int(removed)
}

// SCARD key
func scardCommand(c *Client, args [][]byte) {
	s, ok := c.readSet(args[1])
	switch {
	case !ok:
	case s == nil:
		c.Int(0)
	default:
		c.Int(int64(s.Len()))
	}
}

// SISMEMBER key member
func sismemberCommand(c *Client, args [][]byte) {
	s, ok := c.readSet(args[1])
	if !ok {
		return
	}
	if s != nil && s.Has(args[2]) {
		c.Int(1)
	} else {
		c.Int(0)
	}
}

// SMISMEMBER key member [member ...]
func smismemberCommand(c *Client, args [][]byte) {
	s, ok := c.readSet(args[1])
	if !ok {
		return
	}
	c.Array(len(args) - 2)
	for _, m := range args[2:] {
		if s != nil && s.Has(m) {
			c.Int(1)
		} else {
			c.Int(0)
		}
	}
}

// SRANDMEMBER key [count]
func srandmemberCommand(c *Client, args [][]byte) {
	if len(args) > 3 {
		c.Error(ErrSyntax)
		return
	}
	if len(args) == 2 {
		s, ok := c.readSet(args[1])
		switch {
		case !ok:
		case s == nil:
			c.NullBulk()
		default:
			c.BulkString(s.Random())
		}
		return
	}
	n, ok := c.rangeArg(args[2], -math.MaxInt64, math.MaxInt64, "")
	if !ok {
		return
	}
	s, ok := c.readSet(args[1])
	if !ok {
		return
	}
	if s == nil || n == 0 {
		c.Array(0)
		return
	}
	size := int64(s.Len())
	switch {
	case n < 0 || n == 1: // with repetition
		if c.repeatedSampleTooLarge(n) {
			return
		}
		count := n
		if count < 0 {
			count = -count
		}
		c.Array(int(count))
		for ; count > 0; count-- {
			c.BulkString(s.Random())
		}
	case n >= size:
		c.replyMembers(s.members(), false)
	default:
		c.replyMembers(s.randomMembers(int(n)), false)
	}
}

// SPOP key [count]
func spopCommand(c *Client, args [][]byte) {
	if len(args) > 3 {
		c.Error(ErrSyntax)
		return
	}
	if len(args) == 3 {
		spopWithCount(c, args)
		return
	}
	s, ok := c.writeSet(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.NullBulk()
		return
	}
	m := s.Random()
	s.Remove([]byte(m))
	k := string(args[1])
	c.e.notifyKeyspaceEvent(notifySet, "spop", k, c.db.id)
	c.replicateAs([]byte("SREM"), args[1], []byte(m))
	c.BulkString(m)
	if s.Len() == 0 {
		c.db.delete(args[1])
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
	c.e.keyModified(c.db, k)
	c.e.dirty++
}

// spopWithCount is SPOP key count. Its effect is one SREM per popped
// member, as Redis 7.0 propagates it, or DEL when it pops everything.
func spopWithCount(c *Client, args [][]byte) {
	count, ok := c.positiveArg(args[2], "")
	if !ok {
		return
	}
	s, ok := c.writeSet(args[1])
	if !ok {
		return
	}
	if s == nil || count == 0 {
		c.Set(0)
		return
	}
	k := string(args[1])
	size := int64(s.Len())
	c.e.notifyKeyspaceEvent(notifySet, "spop", k, c.db.id)
	c.e.dirty += min(count, size)
	if count >= size {
		// Redis replies as SUNION of the one set would, reading the key
		// again (a keyspace hit).
		c.db.lookup(args[1])
		c.replyMembers(c.e.union([]*setValue{s}).members(), true)
		c.db.delete(args[1])
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		c.replicateAs([]byte("DEL"), args[1])
		c.e.keyModified(c.db, k)
		return
	}
	c.preventPropagation()
	c.Set(int(count))
	popped := func(m string) {
		c.BulkString(m)
		c.alsoPropagate([]byte("SREM"), args[1], []byte(m))
	}
	if remaining := size - count; remaining*spopMoveStrategyMul > count {
		for _, m := range s.randomMembers(int(count)) {
			s.Remove([]byte(m))
			popped(m)
		}
	} else {
		// Popping most of the set: pick the members that stay instead,
		// move them to a new set, and pop all that is left of the old one,
		// in its order, as Redis does.
		keep := s.randomMembers(int(remaining))
		kept := newSetFor([]byte(keep[0]))
		for _, m := range keep {
			c.e.setAdd(kept, []byte(m))
			s.Remove([]byte(m))
		}
		s.Each(func(m string) bool {
			popped(m)
			return true
		})
		c.db.setKeepTTL(args[1], kept)
	}
	c.e.keyModified(c.db, k)
}

// spopMoveStrategyMul is Redis's SPOP_MOVE_STRATEGY_MUL: SPOP with a count
// builds a new set of the survivors once count is at least this many times
// their number.
const spopMoveStrategyMul = 5

// SMOVE source destination member
func smoveCommand(c *Client, args [][]byte) {
	src, ok := c.asSet(c.db.peek(args[1]))
	dstValue := c.db.peek(args[2])
	if ok && src == nil {
		c.Int(0)
		return
	}
	if !ok {
		return
	}
	dst, ok := c.asSet(dstValue)
	if !ok {
		return
	}
	member := args[3]
	if src == dst {
		if src.Has(member) {
			c.Int(1)
		} else {
			c.Int(0)
		}
		return
	}
	if !src.Remove(member) {
		c.Int(0)
		return
	}
	srcKey, dstKey := string(args[1]), string(args[2])
	c.e.notifyKeyspaceEvent(notifySet, "srem", srcKey, c.db.id)
	if src.Len() == 0 {
		c.db.delete(args[1])
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", srcKey, c.db.id)
	}
	if dst == nil {
		dst = newSetFor(member)
		c.db.set(args[2], dst)
	}
	c.e.keyModified(c.db, srcKey)
	c.e.dirty++
	if c.e.setAdd(dst, member) {
		c.e.dirty++
		c.e.keyModified(c.db, dstKey)
		c.e.notifyKeyspaceEvent(notifySet, "sadd", dstKey, c.db.id)
	}
	c.Int(1)
}

// lookupSets reads the sets at keys for SINTER, SUNION and SDIFF: nil for
// a missing key, false after replying WRONGTYPE for any key of another
// type.
func (c *Client) lookupSets(keys [][]byte) ([]*setValue, bool) {
	sets := make([]*setValue, len(keys))
	for i, key := range keys {
		s, ok := c.readSet(key)
		if !ok {
			return nil, false
		}
		sets[i] = s
	}
	return sets, true
}

// sinter is SINTER, SMEMBERS, SINTERSTORE (dst set) and SINTERCARD
// (cardOnly, stopping at limit when it is not 0). Like Redis it walks the
// smallest set, so when that is an intset the reply is in its order.
func sinter(c *Client, keys [][]byte, dst []byte, cardOnly bool, limit int64) {
	sets, ok := c.lookupSets(keys)
	if !ok {
		return
	}
	if slices.Contains(sets, nil) { // an empty set empties the intersection
		switch {
		case dst != nil:
			c.storeSet(dst, &setValue{}, "sinterstore")
		case cardOnly:
			c.Int(0)
		default:
			c.Set(0)
		}
		return
	}
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].Len() < sets[j].Len() })
	inAll := func(m string) bool {
		b := []byte(m)
		for _, other := range sets[1:] {
			if other != sets[0] && !other.Has(b) {
				return false
			}
		}
		return true
	}
	var found []string
	var card int64
	sets[0].Each(func(m string) bool {
		if !inAll(m) {
			return true
		}
		card++
		if cardOnly {
			return limit == 0 || card < limit
		}
		found = append(found, m)
		return true
	})
	switch {
	case cardOnly:
		c.Int(card)
	case dst != nil:
		result := &setValue{}
		for _, m := range found {
			c.e.setAdd(result, []byte(m))
		}
		c.storeSet(dst, result, "sinterstore")
	default:
		c.replyMembers(found, true)
	}
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
func sintercardCommand(c *Client, args [][]byte) {
	numkeys, ok := c.rangeArg(args[1], 1, math.MaxInt64, errNumkeys)
	if !ok {
		return
	}
	if numkeys > int64(len(args)-2) {
		c.Error(errTooManyKeys)
		return
	}
	var limit int64
	for j := 2 + int(numkeys); j < len(args); j++ {
		if equalFold(args[j], "limit") && j+1 < len(args) {
			j++
			if limit, ok = c.positiveArg(args[j], errLimitNegative); !ok {
				return
			}
			continue
		}
		c.Error(ErrSyntax)
		return
	}
	sinter(c, args[2:2+numkeys], nil, true, limit)
}

// union returns the union of sets (nil ones are empty), built as Redis
// builds it: from an empty intset, member by member.
func (e *Engine) union(sets []*setValue) *setValue {
	result := &setValue{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		s.Each(func(m string) bool {
			e.setAdd(result, []byte(m))
			return true
		})
	}
	return result
}

// diff returns the members of sets[0] in none of the other sets, built
// like union.
func (e *Engine) diff(sets []*setValue) *setValue {
	result := &setValue{}
	first := sets[0]
	if first == nil {
		return result
	}
	for _, s := range sets[1:] {
		if s == first {
			return result // a set minus itself
		}
	}
	first.Each(func(m string) bool {
		b := []byte(m)
		for _, s := range sets[1:] {
			if s != nil && s.Has(b) {
				return true
			}
		}
		e.setAdd(result, b)
		return true
	})
	return result
}

// sunionDiff is SUNION and SDIFF (isDiff), and their STORE forms with dst.
// The result is a set of its own, so an intset result replies sorted, as
// in Redis.
func sunionDiff(c *Client, keys [][]byte, dst []byte, isDiff bool) {
	sets, ok := c.lookupSets(keys)
	if !ok {
		return
	}
	var result *setValue
	event := "sunionstore"
	if isDiff {
		result, event = c.e.diff(sets), "sdiffstore"
	} else {
		result = c.e.union(sets)
	}
	if dst != nil {
		c.storeSet(dst, result, event)
		return
	}
	c.replyMembers(result.members(), true)
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
func sscanCommand(c *Client, args [][]byte) {
	cursor, ok := c.scanCursorArg(args[2])
	if !ok {
		return
	}
	s, ok := c.readSet(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.scanReply(0, nil)
		return
	}
	opts, ok := c.scanOptionsArg(args[3:], false)
	if !ok {
		return
	}
	var found []string
	if s.table != nil {
		cursor = scanDict(s.table, cursor, opts.count, func(m string, _ struct{}) int64 {
			if opts.matches(m) {
				found = append(found, m)
			}
			return 1
		})
	} else {
		for _, m := range s.members() {
			if opts.matches(m) {
				found = append(found, m)
			}
		}
		cursor = 0
	}
	c.scanReply(cursor, found)
}
