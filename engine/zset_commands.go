package engine

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// Sorted set commands: adding, reading, removing and popping members.
// Ranges live in zset_range.go, ZUNION and friends in zset_setops.go.

// Error replies of the sorted set commands, Redis 7.0's texts.
const (
	ErrZaddXXNX        = "ERR XX and NX options at the same time are not compatible"
	ErrZaddGTLTNX      = "ERR GT, LT, and/or NX options at the same time are not compatible"
	ErrZaddIncrPairs   = "ERR INCR option supports a single increment-element pair"
	ErrScoreNaN        = "ERR resulting score is not a number (NaN)"
	ErrNumkeysPositive = "ERR numkeys should be greater than 0"
	ErrCountPositive   = "ERR count should be greater than 0"
	ErrValueOutOfRange = "ERR value is out of range"
)

// zrandmemberSampleMul: ZRANDMEMBER with a count above size/3 picks by
// shuffling the whole set rather than by drawing members.
const zrandmemberSampleMul = 3

func init() {
	implement(map[string]Handler{
		"zadd":        zaddCommand,
		"zincrby":     zincrbyCommand,
		"zscore":      zscoreCommand,
		"zmscore":     zmscoreCommand,
		"zcard":       zcardCommand,
		"zrem":        zremCommand,
		"zrank":       zrankCommand,
		"zrevrank":    zrevrankCommand,
		"zpopmin":     zpopminCommand,
		"zpopmax":     zpopmaxCommand,
		"zmpop":       zmpopCommand,
		"zrandmember": zrandmemberCommand,
		"zscan":       zscanCommand,
	})
}

// readZset returns the sorted set at key for reading: nil if there is
// none, false after replying WRONGTYPE if the key holds another type.
func (c *Client) readZset(key []byte) (*zsetValue, bool) {
	return c.asZset(c.db.lookup(key))
}

// writeZset is readZset for commands that write: it does not count a
// keyspace hit or miss, as Redis's lookupKeyWrite.
func (c *Client) writeZset(key []byte) (*zsetValue, bool) {
	return c.asZset(c.db.peek(key))
}

func (c *Client) asZset(v value) (*zsetValue, bool) { return typed[*zsetValue](c, v) }

// zsetChanged does the bookkeeping after members were removed from the
// sorted set at key: the key goes when the set is empty, WATCH learns of
// the change and the keyspace events fire (event, then "del"). The caller
// counts dirty.
func (c *Client) zsetChanged(key []byte, z *zsetValue, event string) {
	k := string(key)
	removed := z.Len() == 0 && c.db.delete(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyZset, event, k, c.db.id)
	if removed {
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
	}
}

// storeZset makes z the value of dst, dropping any TTL, or deletes dst
// when z is nil or empty, with the bookkeeping of the *STORE commands:
// keyspace event event (or "del"), WATCH, and one dirty change. It does
// not reply.
func (c *Client) storeZset(dst []byte, z *zsetValue, event string) {
	if z != nil && z.Len() > 0 {
		c.db.peek(dst) // Redis's setKey looks dst up for writing: it may expire
		c.db.set(dst, z)
		c.e.keyModified(c.db, string(dst))
		c.e.notifyKeyspaceEvent(notifyZset, event, string(dst), c.db.id)
		c.e.dirty++
		return
	}
	// Redis's dbDelete removes dst even if its time has passed, without
	// expiring it first.
	if c.db.remove(view(dst)) {
		c.e.keyModified(c.db, string(dst))
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", string(dst), c.db.id)
		c.e.dirty++
	}
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
func zaddCommand(c *Client, args [][]byte) { zaddGeneric(c, args, 0) }

// ZINCRBY key increment member
func zincrbyCommand(c *Client, args [][]byte) { zaddGeneric(c, args, zaddIncr) }

// zaddGeneric is ZADD and ZINCRBY, Redis's zaddGenericCommand. ZINCRBY
// goes through the same option parsing, which is why "ZINCRBY key nx m"
// is a syntax error.
func zaddGeneric(c *Client, args [][]byte, flags zaddFlags) {
	key := args[1]
	ch := false
	i := 2
options:
	for ; i < len(args); i++ {
		switch a := args[i]; {
		case optionIs(a, "nx"):
			flags |= zaddNX
		case optionIs(a, "xx"):
			flags |= zaddXX
		case optionIs(a, "ch"):
			ch = true
		case optionIs(a, "incr"):
			flags |= zaddIncr
		case optionIs(a, "gt"):
			flags |= zaddGT
		case optionIs(a, "lt"):
			flags |= zaddLT
		default:
			break options
		}
	}
	pairs := args[i:]
	has := func(f zaddFlags) bool { return flags&f != 0 }
	switch {
	case len(pairs) == 0 || len(pairs)%2 != 0:
		c.Error(ErrSyntax)
		return
	case has(zaddNX) && has(zaddXX):
		c.Error(ErrZaddXXNX)
		return
	case has(zaddNX) && (has(zaddGT) || has(zaddLT)) || has(zaddGT) && has(zaddLT):
		c.Error(ErrZaddGTLTNX)
		return
	case has(zaddIncr) && len(pairs) > 2:
		c.Error(ErrZaddIncrPairs)
		return
	}
	var small [8]float64
	scores := small[:0]
	if len(pairs)/2 > len(small) {
		scores = make([]float64, 0, len(pairs)/2)
	}
	scores = scores[:len(pairs)/2]
	for j := range scores {
		var ok bool
		if scores[j], ok = c.floatArg(pairs[2*j]); !ok {
			return
		}
	}

	z, ok := c.writeZset(key)
	if !ok {
		return
	}
	var added, updated, processed int
	var score float64
	if z == nil && has(zaddXX) {
		// Nothing to update: reply as if every member was skipped.
	} else {
		if z == nil {
			z = newZset()
			c.db.set(key, z)
		}
		lim := c.e.zsetLimits()
		for j, s := range scores {
			newScore, outcome := z.Add(view(pairs[2*j+1]), s, flags, lim)
			switch outcome {
			case zaddNaN:
				c.Error(ErrScoreNaN)
				return // nothing changed: INCR takes a single member
			case zaddAdded:
				added++
			case zaddUpdated:
				updated++
			}
			if outcome != zaddSkipped {
				processed++
			}
			score = newScore
		}
	}
	c.e.dirty += int64(added + updated)
	switch {
	case has(zaddIncr) && processed > 0:
		c.Double(score)
	case has(zaddIncr):
		c.NullBulk()
	case ch:
		c.Int(int64(added + updated))
	default:
		c.Int(int64(added))
	}
	if added+updated > 0 {
		k := string(key)
		c.e.keyModified(c.db, k)
		event := "zadd"
		if has(zaddIncr) {
			event = "zincr"
		}
		c.e.notifyKeyspaceEvent(notifyZset, event, k, c.db.id)
	}
}

// ZSCORE key member
func zscoreCommand(c *Client, args [][]byte) {
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	if z != nil {
		if score, found := z.Score(view(args[2])); found {
			c.Double(score)
			return
		}
	}
	c.NullBulk()
}

// ZMSCORE key member [member ...]
func zmscoreCommand(c *Client, args [][]byte) {
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	c.Array(len(args) - 2)
	for _, m := range args[2:] {
		if z != nil {
			if score, found := z.Score(view(m)); found {
				c.Double(score)
				continue
			}
		}
		c.NullBulk()
	}
}

// ZCARD key
func zcardCommand(c *Client, args [][]byte) {
	z, ok := c.readZset(args[1])
	switch {
	case !ok:
	case z == nil:
		c.Int(0)
	default:
		c.Int(int64(z.Len()))
	}
}

// ZREM key member [member ...]
func zremCommand(c *Client, args [][]byte) {
	z, ok := c.writeZset(args[1])
	switch {
	case !ok:
		return
	case z == nil:
		c.Int(0)
		return
	}
	deleted := 0
	for _, m := range args[2:] {
		if z.Remove(view(m)) {
			deleted++
		}
		if z.Len() == 0 {
			break
		}
	}
	if deleted > 0 {
		c.zsetChanged(args[1], z, "zrem")
		c.e.dirty += int64(deleted)
	}
	c.Int(int64(deleted))
}

// ZRANK key member
func zrankCommand(c *Client, args [][]byte) { zrankGeneric(c, args, false) }

// ZREVRANK key member
func zrevrankCommand(c *Client, args [][]byte) { zrankGeneric(c, args, true) }

func zrankGeneric(c *Client, args [][]byte, reverse bool) {
	z, ok := c.readZset(args[1])
	if !ok {
		return
	}
	if z != nil {
		if rank, found := z.Rank(view(args[2]), reverse); found {
			c.Int(int64(rank))
			return
		}
	}
	c.NullBulk()
}

// ZPOPMIN key [count]
func zpopminCommand(c *Client, args [][]byte) { zpopMinMax(c, args, false) }

// ZPOPMAX key [count]
func zpopmaxCommand(c *Client, args [][]byte) { zpopMinMax(c, args, true) }

func zpopMinMax(c *Client, args [][]byte, max bool) {
	if len(args) > 3 {
		c.Error(ErrSyntax)
		return
	}
	count := int64(-1)
	if len(args) == 3 {
		var ok bool
		if count, ok = resp.ParseInt(args[2]); !ok || count < 0 {
			c.Error(ErrPositive)
			return
		}
	}
	// Only the form with a count replies with pairs in RESP3.
	shape := zpopShape{nested: c.Proto() >= 3 && count != -1}
	c.zpop(args[1:2], max, count, shape)
}

// zpopShape is how a pop replies, which differs between commands:
// ZPOPMIN gives [m, s, ...], ZPOPMIN with a count in RESP3 [[m, s], ...],
// BZPOPMIN [key, m, s], ZMPOP and BZMPOP [key, [[m, s], ...]] or null.
type zpopShape struct {
	withKey     bool // the key comes first
	nested      bool // each member and score as a pair
	nilIfNoKeys bool // a null array, not an empty one, when all keys are empty
}

// zpop pops up to count members (count -1: one, the count-less form)
// with the lowest scores, or the highest if max, from the first of keys
// that exists, and replies in shape. It returns the key it popped from
// and how many members it popped, with ok false when it replied an error
// or popped nothing. It does the bookkeeping of the change but records no
// special effect: callers that must propagate as ZPOPMIN/ZPOPMAX do so.
// It is Redis's genericZpopCommand, shared with the blocking pops:
// BZPOPMIN/BZPOPMAX/BZMPOP look for the first key holding a set
// themselves (writeZset replies WRONGTYPE), block when there is none, and
// otherwise call zpop with that key alone and shape {withKey} (BZPOP*) or
// {withKey, nested} (BZMPOP, whose arguments parseZmpop reads), then
// propagate as zpopCommandName(max) key [count popped], as Redis does.
func (c *Client) zpop(keys [][]byte, max bool, count int64, shape zpopShape) (key []byte, popped int, ok bool) {
	var z *zsetValue
	for _, k := range keys {
		if z, ok = c.writeZset(k); !ok {
			return nil, 0, false
		}
		if z != nil {
			key = k
			break
		}
	}
	if z == nil {
		if shape.nilIfNoKeys {
			c.NullArray()
		} else {
			c.Array(0)
		}
		return nil, 0, false
	}
	if count == 0 {
		c.Array(0)
		return nil, 0, false
	}
	n := 1
	if count > 0 {
		n = int(min(count, int64(z.Len())))
	}
	switch {
	case shape.withKey && shape.nested:
		c.Array(2)
		c.Bulk(key)
		c.Array(n)
	case shape.withKey:
		c.Array(2*n + 1)
		c.Bulk(key)
	case shape.nested:
		c.Array(n)
	default:
		c.Array(2 * n)
	}
	for i := 0; i < n; i++ {
		e := z.PopFirst(max)
		c.e.dirty++
		if shape.nested {
			c.Array(2)
		}
		c.BulkString(e.member)
		c.Double(e.score)
	}
	event := "zpopmin"
	if max {
		event = "zpopmax"
	}
	c.zsetChanged(key, z, event)
	return key, n, true
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
func zmpopCommand(c *Client, args [][]byte) {
	keys, max, count, ok := parseZmpop(c, args, 1)
	if !ok {
		return
	}
	key, n, ok := c.zpop(keys, max, count, zpopShape{withKey: true, nested: true, nilIfNoKeys: true})
	if ok {
		c.replicateAs(zpopCommandName(max), key, []byte(strconv.Itoa(n)))
	}
}

// zpopCommandName is the command a pop propagates as.
func zpopCommandName(max bool) []byte {
	if max {
		return []byte("ZPOPMAX")
	}
	return []byte("ZPOPMIN")
}

// parseZmpop parses the arguments of ZMPOP and BZMPOP from the numkeys at
// args[numkeysIdx]: the keys, the end to pop from and the count (1 when
// absent), replying on errors.
func parseZmpop(c *Client, args [][]byte, numkeysIdx int) (keys [][]byte, max bool, count int64, ok bool) {
	numkeys, ok := resp.ParseInt(args[numkeysIdx])
	if !ok || numkeys < 1 {
		c.Error(ErrNumkeysPositive)
		return nil, false, 0, false
	}
	if numkeys >= int64(len(args)-numkeysIdx-1) {
		c.Error(ErrSyntax)
		return nil, false, 0, false
	}
	whereIdx := numkeysIdx + int(numkeys) + 1
	switch where := args[whereIdx]; {
	case equalFold(where, "min"):
	case equalFold(where, "max"):
		max = true
	default:
		c.Error(ErrSyntax)
		return nil, false, 0, false
	}
	count = -1
	for j := whereIdx + 1; j < len(args); j++ {
		if count == -1 && equalFold(args[j], "count") && j+1 < len(args) {
			j++
			n, ok := resp.ParseInt(args[j])
			if !ok || n < 1 {
				c.Error(ErrCountPositive)
				return nil, false, 0, false
			}
			count = n
			continue
		}
		c.Error(ErrSyntax)
		return nil, false, 0, false
	}
	if count == -1 {
		count = 1
	}
	return args[numkeysIdx+1 : whereIdx], max, count, true
}

// ZRANDMEMBER key [count [WITHSCORES]]
func zrandmemberCommand(c *Client, args [][]byte) {
	if len(args) >= 3 {
		count, ok := c.intArg(args[2])
		if !ok {
			return
		}
		withScores := false
		switch {
		case len(args) > 4 || len(args) == 4 && !equalFold(args[3], "withscores"):
			c.Error(ErrSyntax)
			return
		case len(args) == 4:
			withScores = true
			if count < math.MinInt64/2 || count > math.MaxInt64/2 {
				c.Error(ErrValueOutOfRange)
				return
			}
		}
		zrandmemberWithCount(c, args[1], count, withScores)
		return
	}
	z, ok := c.readZset(args[1])
	switch {
	case !ok:
	case z == nil:
		c.NullBulk()
	default:
		c.BulkString(z.randomEntry().member)
	}
}

// zrandmemberWithCount answers ZRANDMEMBER with a count: distinct
// members for a positive count, members drawn with replacement for a
// negative one. Its strategies follow Redis's, which shows in the order
// of the reply: the whole set comes from the highest score down.
func zrandmemberWithCount(c *Client, key []byte, l int64, withScores bool) {
	z, ok := c.readZset(key)
	switch {
	case !ok:
		return
	case z == nil || l == 0:
		c.Array(0)
		return
	}
	size := z.Len()
	reply := func(n int) {
		if withScores && c.Proto() < 3 {
			n *= 2
		}
		c.Array(n)
	}
	emit := func(e zsetEntry) {
		if withScores && c.Proto() >= 3 {
			c.Array(2)
		}
		c.BulkString(e.member)
		if withScores {
			c.Double(e.score)
		}
	}
	if l < 0 || l == 1 {
		if c.repeatedSampleTooLarge(l) {
			return
		}
		count := l
		if l < 0 {
			count = -l
		}
		reply(int(count))
		for ; count > 0; count-- {
			emit(z.randomEntry())
		}
		return
	}
	count := int(min(l, int64(size)))
	reply(count)
	switch {
	case count == size:
		z.Each(true, func(m string, s float64) bool {
			emit(zsetEntry{m, s})
			return true
		})
	case count*zrandmemberSampleMul > size:
		// Most of the set: choose by a partial shuffle of all of it.
		all := make([]zsetEntry, 0, size)
		z.Each(false, func(m string, s float64) bool {
			all = append(all, zsetEntry{m, s})
			return true
		})
		for i := 0; i < count; i++ {
			j := i + rand.IntN(size-i)
			all[i], all[j] = all[j], all[i]
			emit(all[i])
		}
	case z.tree == nil:
		// Selection sampling keeps the listpack's order.
		need := count
		for i, e := range z.entries {
			if rand.IntN(size-i) < need {
				emit(e)
				if need--; need == 0 {
					break
				}
			}
		}
	default:
		// A few of many: draw until count distinct members came up.
		seen := make(map[string]struct{}, count)
		for len(seen) < count {
			e := z.randomEntry()
			if _, dup := seen[e.member]; dup {
				continue
			}
			seen[e.member] = struct{}{}
			emit(e)
		}
	}
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
func zscanCommand(c *Client, args [][]byte) {
	cursor, ok := c.scanCursorArg(args[2])
	if !ok {
		return
	}
	z, ok := c.readZset(args[1])
	switch {
	case !ok:
		return
	case z == nil:
		c.scanReply(0, nil)
		return
	}
	opts, ok := c.scanOptionsArg(args[3:], false)
	if !ok {
		return
	}
	var found []string
	var buf [32]byte
	if z.tree == nil {
		// A listpack comes whole, scores as the listpack holds them.
		for _, e := range z.entries {
			if opts.matches(e.member) {
				found = append(found, e.member, string(appendListpackScore(buf[:0], e.score)))
			}
		}
		c.scanReply(0, found)
		return
	}
	// Redis counts a member and its score as two toward COUNT.
	cursor = scanDict(&z.scores, cursor, opts.count, func(m string, score float64) int64 {
		if opts.matches(m) {
			found = append(found, m, string(resp.AppendFloat(buf[:0], score)))
		}
		return 2
	})
	c.scanReply(cursor, found)
}

// appendListpackScore appends a score as a listpack holds it, which is
// how ZSCAN shows the scores of a small set: integral scores within
// ±2^62 as integers, others as %.17g.
func appendListpackScore(b []byte, f float64) []byte {
	if f >= -(1<<62) && f <= 1<<62 && f == math.Trunc(f) {
		return strconv.AppendInt(b, int64(f), 10)
	}
	return resp.AppendFloat(b, f)
}
