package engine

import (
	"math"
	"strconv"
	"strings"
)

// Ranges of sorted sets: by score ("1", "(1.5", "-inf"), by member ("[a",
// "(b", "-", "+"), and the commands that read or delete them: the ZRANGE
// family, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*.

// Error replies of range arguments, Redis 7.0's texts.
const (
	ErrMinMaxNotFloat  = "ERR min or max is not a float"
	ErrMinMaxNotString = "ERR min or max not valid string range item"
	ErrLimitNeedsBy    = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
	ErrWithScoresByLex = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
)

// scoreRange is an interval of scores; each end is inclusive unless its
// Ex flag says exclusive.
type scoreRange struct {
	min, max     float64
	minEx, maxEx bool
}

// aboveMin reports whether v is on the right side of the lower end.
func (r *scoreRange) aboveMin(v float64) bool {
	if r.minEx {
		return v > r.min
	}
	return v >= r.min
}

// belowMax reports whether v is on the right side of the upper end.
func (r *scoreRange) belowMax(v float64) bool {
	if r.maxEx {
		return v < r.max
	}
	return v <= r.max
}

// isEmpty reports whether no score can be in the range.
func (r *scoreRange) isEmpty() bool {
	return r.min > r.max || r.min == r.max && (r.minEx || r.maxEx)
}

// parseScoreRange parses min and max as Redis's zslParseRange does: a
// leading "(" makes an end exclusive, and the rest is read with C's strtod,
// which skips leading white space, takes "inf", hex and overflowing
// values, and takes an empty string as 0. Trailing bytes and NaN fail.
func parseScoreRange(min, max []byte) (scoreRange, bool) {
	var r scoreRange
	var ok1, ok2 bool
	r.min, r.minEx, ok1 = parseScoreBound(min)
	r.max, r.maxEx, ok2 = parseScoreBound(max)
	return r, ok1 && ok2
}

func parseScoreBound(b []byte) (v float64, exclusive, ok bool) {
	s := view(b)
	if strings.HasPrefix(s, "(") {
		s, exclusive = s[1:], true
	}
	v, rest := strtodPrefix(s)
	// C sees the argument up to its first NUL byte.
	if rest != "" && rest[0] != 0 || v != v {
		return 0, false, false
	}
	return v, exclusive, true
}

// strtodPrefix reads the longest prefix of s that C's strtod accepts and
// returns its value and the rest of s. When s starts with no number at all
// it returns 0 and s unchanged, as strtod does.
func strtodPrefix(s string) (float64, string) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	numStart := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	signEnd := i
	rest := s[i:]
	switch {
	case hasPrefixFold(rest, "infinity"):
		i += len("infinity")
	case hasPrefixFold(rest, "inf"):
		i += len("inf")
	case hasPrefixFold(rest, "nan"):
		i += len("nan")
		if j := strings.IndexByte(s[i:], ')'); i < len(s) && s[i] == '(' && j > 0 && isNanChars(s[i+1:i+j]) {
			i += j + 1
		}
		return nanValue(), s[i:]
	case len(rest) > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') && (isHexDigit(rest[2]) || rest[2] == '.' && len(rest) > 3 && isHexDigit(rest[3])):
		i = signEnd + 2 + scanDigits(rest[2:], isHexDigit, 'p', 'P')
		mantissa := s[numStart:i]
		if !strings.ContainsAny(mantissa, "pP") {
			mantissa += "p0"
		}
		v, _ := strconv.ParseFloat(mantissa, 64)
		return v, s[i:]
	default:
		n := scanDigits(rest, isDigit, 'e', 'E')
		if n == 0 {
			return 0, s
		}
		i += n
	}
	v, _ := strconv.ParseFloat(s[numStart:i], 64) // overflow gives ±Inf, as HUGE_VAL
	return v, s[i:]
}

// scanDigits measures a mantissa of digits with an optional point, then an
// optional exponent introduced by e1 or e2 with decimal digits; 0 if there
// is no digit in the mantissa.
func scanDigits(s string, digit func(byte) bool, e1, e2 byte) int {
	i, digits := 0, 0
	for ; i < len(s) && digit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && digit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == e1 || s[i] == e2) {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

func isNanChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && c != '_' {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}

// lexBound is one end of a member range: a member, or "-" (below every
// member) or "+" (above every member).
type lexBound struct {
	member string
	inf    int8 // -1 for "-", +1 for "+", 0 for a member
}

// compareLex orders bounds and members as Redis's sdscmplex.
func compareLex(a, b lexBound) int {
	switch {
	case a.inf != 0 && a.inf == b.inf:
		return 0
	case a.inf < 0 || b.inf > 0:
		return -1
	case a.inf > 0 || b.inf < 0:
		return 1
	}
	return strings.Compare(a.member, b.member)
}

// lexRange is an interval of members.
type lexRange struct {
	min, max     lexBound
	minEx, maxEx bool
}

func (r *lexRange) aboveMin(m string) bool {
	c := compareLex(lexBound{member: m}, r.min)
	return c > 0 || c == 0 && !r.minEx
}

func (r *lexRange) belowMax(m string) bool {
	c := compareLex(lexBound{member: m}, r.max)
	return c < 0 || c == 0 && !r.maxEx
}

func (r *lexRange) isEmpty() bool {
	c := compareLex(r.min, r.max)
	return c > 0 || c == 0 && (r.minEx || r.maxEx)
}

// parseLexRange parses min and max as Redis's zslParseLexRange: "[m" and
// "(m" for inclusive and exclusive members, "-" and "+" for the ends. The
// range aliases the arguments.
func parseLexRange(min, max []byte) (lexRange, bool) {
	var r lexRange
	var ok1, ok2 bool
	r.min, r.minEx, ok1 = parseLexBound(min)
	r.max, r.maxEx, ok2 = parseLexBound(max)
	return r, ok1 && ok2
}

func parseLexBound(b []byte) (bound lexBound, exclusive, ok bool) {
	if len(b) == 0 {
		return bound, false, false
	}
	// C sees "+" and "-" up to a NUL byte, so "+\x00..." is still "+".
	alone := len(b) == 1 || b[1] == 0
	switch b[0] {
	case '+':
		return lexBound{inf: 1}, true, alone
	case '-':
		return lexBound{inf: -1}, true, alone
	case '(':
		return lexBound{member: view(b[1:])}, true, true
	case '[':
		return lexBound{member: view(b[1:])}, false, true
	}
	return bound, false, false
}

func init() {
	implement(map[string]Handler{
		"zrange":           zrangeCommand,
		"zrangestore":      zrangestoreCommand,
		"zrevrange":        zrevrangeCommand,
		"zrangebyscore":    zrangebyscoreCommand,
		"zrevrangebyscore": zrevrangebyscoreCommand,
		"zrangebylex":      zrangebylexCommand,
		"zrevrangebylex":   zrevrangebylexCommand,
		"zcount":           zcountCommand,
		"zlexcount":        zlexcountCommand,
		"zremrangebyrank":  zremrangebyrankCommand,
		"zremrangebyscore": zremrangebyscoreCommand,
		"zremrangebylex":   zremrangebylexCommand,
	})
}

// rangeKind is how a range command reads its min and max.
type rangeKind uint8

const (
	rangeAuto  rangeKind = iota // ZRANGE: by rank unless BYSCORE or BYLEX
	rangeRank                   // 0-based ranks, negative from the end
	rangeScore                  // scores
	rangeLex                    // members
)

// rangeDirection is a range command's order.
type rangeDirection uint8

const (
	directionAuto    rangeDirection = iota // ZRANGE: forward unless REV
	directionForward                       // lowest score first
	directionReverse                       // highest score first
)

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func zrangeCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeAuto, directionAuto)
}

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
func zrangestoreCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 2, true, rangeAuto, directionAuto)
}

// ZREVRANGE key start stop [WITHSCORES]
func zrevrangeCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeRank, directionReverse)
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func zrangebyscoreCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeScore, directionForward)
}

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func zrevrangebyscoreCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeScore, directionReverse)
}

// ZRANGEBYLEX key min max [LIMIT offset count]
func zrangebylexCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeLex, directionForward)
}

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func zrevrangebylexCommand(c *Client, args [][]byte) {
	zrangeGeneric(c, args, 1, false, rangeLex, directionReverse)
}

// zrangeGeneric is every ZRANGE variant, Redis's zrangeGenericCommand:
// the key is args[keyIdx], min and max follow it, options after them. With
// store the range goes to the key args[1] instead of the reply. kind and
// dir are fixed by the command or, when auto, chosen by options.
func zrangeGeneric(c *Client, args [][]byte, keyIdx int, store bool, kind rangeKind, dir rangeDirection) {
	withScores := false
	offset, limit := int64(0), int64(-1)
	for j := keyIdx + 3; j < len(args); j++ {
		a := args[j]
		switch {
		case !store && equalFold(a, "withscores"):
			withScores = true
		case equalFold(a, "limit") && len(args)-j-1 >= 2:
			var ok bool
			if offset, ok = c.intArg(args[j+1]); !ok {
				return
			}
			if limit, ok = c.intArg(args[j+2]); !ok {
				return
			}
			j += 2
		case dir == directionAuto && equalFold(a, "rev"):
			dir = directionReverse
		case kind == rangeAuto && equalFold(a, "bylex"):
			kind = rangeLex
		case kind == rangeAuto && equalFold(a, "byscore"):
			kind = rangeScore
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	if kind == rangeAuto {
		kind = rangeRank
	}
	reverse := dir == directionReverse
	if limit != -1 && kind == rangeRank {
		c.Error(ErrLimitNeedsBy)
		return
	}
	if withScores && kind == rangeLex {
		c.Error(ErrWithScoresByLex)
		return
	}
	minArg, maxArg := args[keyIdx+1], args[keyIdx+2]
	if reverse && kind != rangeRank {
		minArg, maxArg = maxArg, minArg // ZREV...BY* take max first
	}
	var rankStart, rankEnd int64
	var sr scoreRange
	var lr lexRange
	ok := true
	switch kind {
	case rangeRank:
		if rankStart, ok = c.intArg(minArg); ok {
			rankEnd, ok = c.intArg(maxArg)
		}
	case rangeScore:
		if sr, ok = parseScoreRange(minArg, maxArg); !ok {
			c.Error(ErrMinMaxNotFloat)
		}
	case rangeLex:
		if lr, ok = parseLexRange(minArg, maxArg); !ok {
			c.Error(ErrMinMaxNotString)
		}
	}
	if !ok {
		return
	}

	v := c.db.lookup(args[keyIdx])
	if v == nil {
		if store {
			c.storeRange(args[1], nil)
		} else {
			c.Array(0)
		}
		return
	}
	z, isZset := v.(*zsetValue)
	if !isZset {
		c.Error(ErrWrongType)
		return
	}
	// Ranks and scores give the reply's length before the walk, so the
	// reply streams; a lex range is walked into a slice first.
	start, n := 0, 0
	switch kind {
	case rangeRank:
		var e int
		var ok bool
		if start, e, ok = clampRanks(rankStart, rankEnd, z.Len()); ok {
			n = e - start + 1
		}
	case rangeScore:
		start, n = z.ScoreRangeSpan(&sr, reverse, clampInt(offset), clampInt(limit))
	case rangeLex:
		var found []zsetEntry
		z.RangeByLex(&lr, reverse, clampInt(offset), clampInt(limit), func(member string, score float64) bool {
			found = append(found, zsetEntry{member, score})
			return true
		})
		if store {
			c.storeRange(args[1], found)
		} else {
			c.replyEntries(found, withScores)
		}
		return
	}
	if store {
		found := make([]zsetEntry, 0, n)
		z.RangeByRank(start, start+n-1, reverse, func(member string, score float64) bool {
			found = append(found, zsetEntry{member, score})
			return true
		})
		c.storeRange(args[1], found)
		return
	}
	c.replyEntriesHeader(n, withScores)
	z.RangeByRank(start, start+n-1, reverse, func(member string, score float64) bool {
		c.replyEntry(member, score, withScores)
		return true
	})
}

// storeRange is ZRANGESTORE's end: the range found becomes the value of
// dst, or dst goes when it is empty.
func (c *Client) storeRange(dst []byte, found []zsetEntry) {
	var z *zsetValue
	if len(found) > 0 {
		z = newZsetFromEntries(found, c.e.zsetLimits())
	}
	c.storeZset(dst, z, "zrangestore")
	c.Int(int64(len(found)))
}

// clampRanks turns start and end, 0-based and negative from the end, into
// a range of ranks of a set of length n, false if it is empty.
func clampRanks(start, end int64, n int) (int, int, bool) {
	l := int64(n)
	if start < 0 {
		start += l
	}
	if end < 0 {
		end += l
	}
	start = max(start, 0)
	if start > end || start >= l {
		return 0, 0, false
	}
	end = min(end, l-1)
	return int(start), int(end), true
}

// clampInt narrows an int64 to int (a no-op on 64-bit platforms).
func clampInt(n int64) int {
	return int(max(min(n, math.MaxInt), math.MinInt))
}

// replyEntries writes members, with their scores when withScores: a flat
// array in RESP2, an array of [member, score] pairs in RESP3.
func (c *Client) replyEntries(entries []zsetEntry, withScores bool) {
	c.replyEntriesHeader(len(entries), withScores)
	for _, e := range entries {
		c.replyEntry(e.member, e.score, withScores)
	}
}

// replyEntriesHeader starts a reply of n members, for replyEntry.
func (c *Client) replyEntriesHeader(n int, withScores bool) {
	if withScores && c.Proto() < 3 {
		n *= 2
	}
	c.Array(n)
}

// replyEntry writes one member of a reply started by replyEntriesHeader.
func (c *Client) replyEntry(member string, score float64, withScores bool) {
	if withScores && c.Proto() >= 3 {
		c.Array(2)
	}
	c.BulkString(member)
	if withScores {
		c.Double(score)
	}
}

// ZCOUNT key min max
func zcountCommand(c *Client, args [][]byte) {
	r, ok := parseScoreRange(args[2], args[3])
	if !ok {
		c.Error(ErrMinMaxNotFloat)
		return
	}
	z, ok := c.readZset(args[1])
	switch {
	case !ok:
	case z == nil:
		c.Int(0)
	default:
		c.Int(int64(z.CountInRange(&r)))
	}
}

// ZLEXCOUNT key min max
func zlexcountCommand(c *Client, args [][]byte) {
	r, ok := parseLexRange(args[2], args[3])
	if !ok {
		c.Error(ErrMinMaxNotString)
		return
	}
	z, ok := c.readZset(args[1])
	switch {
	case !ok:
	case z == nil:
		c.Int(0)
	default:
		c.Int(int64(z.CountInLexRange(&r)))
	}
}

// ZREMRANGEBYRANK key start stop
func zremrangebyrankCommand(c *Client, args [][]byte) {
	start, ok := c.intArg(args[2])
	if !ok {
		return
	}
	end, ok := c.intArg(args[3])
	if !ok {
		return
	}
	c.zremrange(args[1], "zremrangebyrank", func(z *zsetValue) int {
		s, e, ok := clampRanks(start, end, z.Len())
		if !ok {
			return 0
		}
		return z.RemoveRangeByRank(s, e)
	})
}

// ZREMRANGEBYSCORE key min max
func zremrangebyscoreCommand(c *Client, args [][]byte) {
	r, ok := parseScoreRange(args[2], args[3])
	if !ok {
		c.Error(ErrMinMaxNotFloat)
		return
	}
	c.zremrange(args[1], "zremrangebyscore", func(z *zsetValue) int { return z.RemoveRangeByScore(&r) })
}

// ZREMRANGEBYLEX key min max
func zremrangebylexCommand(c *Client, args [][]byte) {
	r, ok := parseLexRange(args[2], args[3])
	if !ok {
		c.Error(ErrMinMaxNotString)
		return
	}
	c.zremrange(args[1], "zremrangebylex", func(z *zsetValue) int { return z.RemoveRangeByLex(&r) })
}

// zremrange runs remove on the sorted set at key and replies with how
// many members it deleted, with the bookkeeping of a change.
func (c *Client) zremrange(key []byte, event string, remove func(*zsetValue) int) {
	z, ok := c.writeZset(key)
	switch {
	case !ok:
		return
	case z == nil:
		c.Int(0)
		return
	}
	deleted := remove(z)
	if deleted > 0 {
		c.zsetChanged(key, z, event)
	}
	c.e.dirty += int64(deleted)
	c.Int(int64(deleted))
}
