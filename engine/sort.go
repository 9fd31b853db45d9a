package engine

import (
	"bytes"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// SORT and SORT_RO: the elements of a list, set or sorted set, ordered by
// their own value or by the values of other keys (BY), numerically or as
// strings (ALPHA), cut to a range (LIMIT), replaced by other keys' values
// (GET), and stored as a list (STORE).
//
// The order of elements that compare equal follows Redis exactly: its
// glibc qsort is a stable merge sort, so ties keep the order the elements
// were loaded in (a list's order, a set's or sorted set's iteration order),
// and with BY and LIMIT Redis uses its own partial quicksort (pqsort),
// reproduced here, which leaves ties in an order of its own.

func init() {
	implement(map[string]Handler{
		"sort":    func(c *Client, args [][]byte) { sortCommand(c, args, false) },
		"sort_ro": func(c *Client, args [][]byte) { sortCommand(c, args, true) },
	})
	keyFinders["sort"] = sortKeys
	keyFinders["sort_ro"] = func([][]byte) []keyRef { return []keyRef{{pos: 1, flags: KeyRO | KeyAccess}} }
}

// sortKeys finds SORT's keys as Redis's sortGetKeys: the key sorted and
// the last STORE destination, skipping the arguments of LIMIT, GET and BY
// (but not of STORE, as Redis does not either).
func sortKeys(argv [][]byte) []keyRef {
	keys := []keyRef{{pos: 1, flags: KeyRO | KeyAccess}}
	store := 0
	for i := 2; i < len(argv); i++ {
		switch a := cutAtNUL(argv[i]); {
		case equalFold(a, "limit"):
			i += 2
		case equalFold(a, "get"), equalFold(a, "by"):
			i++
		case equalFold(a, "store") && i+1 < len(argv):
			store = i + 1
		}
	}
	if store > 0 {
		keys = append(keys, keyRef{pos: store, flags: KeyOW | KeyUpdate})
	}
	return keys
}

const errSortScore = "ERR One or more scores can't be converted into double"

// sortItem is one element being sorted, with what it sorts by: a number,
// or (ALPHA with BY) the value of another key, nil when that key is
// missing.
type sortItem struct {
	elem  string
	score float64
	by    *string
}

// sortOrder is how items compare, Redis's sortCompare.
type sortOrder struct {
	desc, alpha, byPattern, store bool
}

func (o *sortOrder) compare(a, b *sortItem) int {
	var cmp int
	switch {
	case !o.alpha:
		switch {
		case a.score > b.score:
			cmp = 1
		case a.score < b.score:
			cmp = -1
		default:
			// Equal scores fall back to the elements, so the order is
			// defined.
			cmp = strings.Compare(a.elem, b.elem)
		}
	case o.byPattern:
		switch {
		case a.by == nil && b.by == nil:
			cmp = 0
		case a.by == nil:
			cmp = -1
		case b.by == nil:
			cmp = 1
		case o.store:
			cmp = strings.Compare(*a.by, *b.by)
		default:
			cmp = collate(*a.by, *b.by)
		}
	case o.store:
		cmp = strings.Compare(a.elem, b.elem)
	default:
		cmp = collate(a.elem, b.elem)
	}
	if o.desc {
		return -cmp
	}
	return cmp
}

// collate compares as Redis's strcoll does in the C (and C.UTF-8)
// locale: bytes, up to the first NUL byte of each.
func collate(a, b string) int {
	if i := strings.IndexByte(a, 0); i >= 0 {
		a = a[:i]
	}
	if i := strings.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.Compare(a, b)
}

// sortScore parses a value to sort by as C's strtod, with Redis's checks:
// the whole string (leading spaces allowed; an empty string is 0), no NaN,
// and no overflow or underflow (strtod's ERANGE, which denormals raise).
func sortScore(s string) (float64, bool) {
	if s == "" {
		return 0, true
	}
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	if t == "" || strings.IndexByte(t, '_') >= 0 {
		return 0, false
	}
	if isHexFloat(t) && !strings.ContainsAny(t, "pP") {
		t += "p0"
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) {
		return 0, false
	}
	// strtod reports ERANGE for a result too small for a normal double
	// that it had to round (to zero or to a denormal): any decimal
	// string, a hex one unless exact.
	if f == 0 || math.Abs(f) >= 0x1p-1022 {
		if f == 0 && nonZeroMantissa(t) {
			return 0, false
		}
		return f, true
	}
	exact, _, err := big.ParseFloat(t, 0, 4096, big.ToNearestEven)
	return f, err == nil && isHexFloat(t) && exact.Cmp(big.NewFloat(f)) == 0
}

// nonZeroMantissa reports whether a float's text has a non-zero digit
// before its exponent.
func nonZeroMantissa(s string) bool {
	s = strings.TrimLeft(s, "+-")
	hex := isHexFloat(s)
	if hex {
		s = s[2:]
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'p' || c == 'P' || (!hex && (c == 'e' || c == 'E')):
			return false
		case c >= '1' && c <= '9', hex && (c|0x20) >= 'a' && (c|0x20) <= 'f':
			return true
		}
	}
	return false
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]
// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
func sortCommand(c *Client, args [][]byte, readonly bool) {
	var order sortOrder
	limitStart, limitCount := int64(0), int64(-1)
	var sortBy, storeKey []byte
	var gets [][]byte
	dontSort := false
	for j := 2; j < len(args); j++ {
		left := len(args) - j - 1
		opt := args[j]
		switch {
		case optionIs(opt, "asc"):
			order.desc = false
		case optionIs(opt, "desc"):
			order.desc = true
		case optionIs(opt, "alpha"):
			order.alpha = true
		case optionIs(opt, "limit") && left >= 2:
			var ok bool
			if limitStart, ok = c.intArg(args[j+1]); !ok {
				return
			}
			if limitCount, ok = c.intArg(args[j+2]); !ok {
				return
			}
			j += 2
		case !readonly && optionIs(opt, "store") && left >= 1:
			storeKey = args[j+1]
			j++
		case optionIs(opt, "by") && left >= 1:
			// (Redis refuses BY and GET patterns in cluster mode and to
			// users without access to every key; the engine is a
			// standalone server with one user.)
			sortBy = args[j+1]
			// A pattern without '*' names one key for every element:
			// nothing to sort by, the elements keep their order.
			dontSort = bytes.IndexByte(cutAtNUL(sortBy), '*') < 0
			j++
		case optionIs(opt, "get") && left >= 1:
			gets = append(gets, args[j+1])
			j++
		default:
			c.Error(ErrSyntax)
			return
		}
	}

	var v value
	if storeKey != nil {
		v = c.db.peek(args[1])
		if v == nil {
			c.e.stats.keyspaceMisses++
		} else {
			c.e.stats.keyspaceHits++
		}
	} else {
		v = c.db.lookup(args[1])
	}
	var length int
	switch x := v.(type) {
	case nil:
	case *listValue:
		length = x.Len()
	case *setValue:
		length = x.Len()
	case *zsetValue:
		// Redis converts a sorted set to its skiplist encoding for good
		// before sorting it.
		if x.tree == nil {
			x.convertToSkiplist()
		}
		length = x.Len()
	default:
		c.Error(ErrWrongType)
		return
	}

	// A set has no order of its own: where the result must be the same
	// everywhere (stored, or in a script), it is sorted as strings.
	if _, isSet := v.(*setValue); isSet && dontSort && (storeKey != nil || c.scriptCaller != nil) {
		dontSort, order.alpha, sortBy = false, true, nil
	}
	order.byPattern, order.store = sortBy != nil, storeKey != nil

	n := int64(length)
	start, end := max(limitStart, 0), n-1
	switch {
	case start >= n:
		start, end = n-1, n-2
	case limitCount >= 0:
		end = min(start+min(limitCount, n)-1, n-1)
	}

	// Load the elements; a list or sorted set left in its order loads
	// only the range it returns.
	var items []sortItem
	add := func(elem string) { items = append(items, sortItem{elem: elem}) }
	switch x := v.(type) {
	case *listValue:
		if dontSort {
			if end >= start {
				for i := int64(0); i < end-start+1; i++ {
					if order.desc {
						add(x.at(int(int64(length) - 1 - start - i)))
					} else {
						add(x.at(int(start + i)))
					}
				}
				end -= start
				start = 0
			}
		} else {
			for i := 0; i < length; i++ {
				add(x.at(i))
			}
		}
	case *setValue:
		x.Each(func(m string) bool { add(m); return true })
	case *zsetValue:
		if dontSort {
			if end >= start {
				x.RangeByRank(int(start), int(end), order.desc, func(m string, _ float64) bool { add(m); return true })
			}
			end -= start
			start = 0
		} else {
			x.Each(false, func(m string, _ float64) bool { add(m); return true })
		}
	}

	if !dontSort {
		convErr := false
		for i := range items {
			it := &items[i]
			var by string
			if sortBy != nil {
				val, ok := c.lookupByPattern(sortBy, it.elem)
				if !ok {
					continue
				}
				by = val
			} else {
				by = it.elem
			}
			if order.alpha {
				if sortBy != nil {
					it.by = &by
				}
			} else if score, ok := sortScore(by); ok {
				it.score = score
			} else {
				convErr = true
			}
		}
		less := func(i, j int) bool { return order.compare(&items[i], &items[j]) < 0 }
		if sortBy != nil && (start != 0 || end != int64(len(items)-1)) {
			pqsort(items, order.compare, int(start), int(end))
		} else {
			sort.SliceStable(items, less)
		}
		if convErr {
			c.Error(errSortScore)
			return
		}
	}

	outputLen := max(end-start+1, 0)
	if len(gets) > 0 {
		outputLen *= int64(len(gets))
	}
	if storeKey == nil {
		c.Array(int(outputLen))
		for i := start; i <= end; i++ {
			elem := items[i].elem
			if len(gets) == 0 {
				c.BulkString(elem)
			}
			for _, pattern := range gets {
				if val, ok := c.lookupByPattern(pattern, elem); ok {
					c.BulkString(val)
				} else {
					c.NullBulk()
				}
			}
		}
		return
	}

	l := c.e.newList()
	for i := start; i <= end; i++ {
		elem := items[i].elem
		if len(gets) == 0 {
			l.Push(listTail, elem)
		}
		for _, pattern := range gets {
			val, _ := c.lookupByPattern(pattern, elem)
			l.Push(listTail, val)
		}
	}
	k := string(storeKey)
	if outputLen > 0 {
		c.db.set(storeKey, l)
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyList, "sortstore", k, c.db.id)
		c.e.dirty += outputLen
	} else if c.db.delete(storeKey) {
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
		c.e.dirty++
	}
	c.Int(outputLen)
}

// lookupByPattern returns the value a BY or GET pattern names for an
// element, Redis's lookupKeyByPattern: "#" is the element itself; the
// first '*' is replaced by the element to make a key name, whose string
// value is returned, or, when "->field" follows the '*', the field of the
// hash at that key. Anything else (no '*', a missing key, the wrong type)
// returns false.
func (c *Client) lookupByPattern(pattern []byte, elem string) (string, bool) {
	p := cutAtNUL(pattern) // Redis reads the pattern as a C string
	if len(p) == 1 && p[0] == '#' {
		return elem, true
	}
	star := bytes.IndexByte(p, '*')
	if star < 0 {
		return "", false
	}
	// The key is the pattern with the element in place of the '*', up to
	// a "->" followed by a field name.
	keyEnd, field := len(pattern), []byte(nil)
	if arrow := bytes.Index(p[star+1:], []byte("->")); arrow >= 0 && star+1+arrow+2 < len(p) {
		keyEnd = star + 1 + arrow
		field = pattern[keyEnd+2:]
	}
	key := make([]byte, 0, keyEnd+len(elem))
	key = append(key, pattern[:star]...)
	key = append(key, elem...)
	key = append(key, pattern[star+1:keyEnd]...)
	v := c.db.lookup(key)
	if v == nil {
		return "", false
	}
	if field != nil {
		h, ok := v.(*hashValue)
		if !ok {
			return "", false
		}
		return h.Get(field)
	}
	s, ok := v.(*stringValue)
	if !ok {
		return "", false
	}
	return string(s.b), true
}
