package engine

import (
	"math"
	"strconv"
)

// The SCAN family: SCAN walks the keyspace, HSCAN, SSCAN and ZSCAN one
// collection. They share the cursor syntax, the options and the reply; a
// collection stored compactly (listpack, intset) is returned whole with
// cursor 0, as Redis does, and a hash table is walked with dict.Scan.

const errInvalidCursor = "ERR invalid cursor"

// scanCursorArg parses a cursor as Redis does with strtoul: an optional
// sign (a minus negates modulo 2^64) and decimal digits, no leading space,
// nothing after; the empty string is cursor 0.
func (c *Client) scanCursorArg(b []byte) (uint64, bool) {
	s := view(b)
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
		if s == "" {
			c.Error(errInvalidCursor)
			return 0, false
		}
	}
	var n uint64
	if s != "" {
		var err error
		if n, err = strconv.ParseUint(s, 10, 64); err != nil || s[0] == '+' || s[0] == '-' {
			c.Error(errInvalidCursor)
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// scanOptions are the options of a SCAN-family command.
type scanOptions struct {
	count    int64  // how much work to do per call, 10 by default
	pattern  []byte // MATCH; nil matches everything
	typeName []byte // TYPE, keyspace SCAN only; nil for any type
}

// scanOptionsArg parses [MATCH pattern] [COUNT count] [TYPE type] from
// args; TYPE only when keys is set (SCAN), as in Redis.
func (c *Client) scanOptionsArg(args [][]byte, keys bool) (scanOptions, bool) {
	opts := scanOptions{count: 10}
	for i := 0; i < len(args); i += 2 {
		more := i+1 < len(args)
		switch {
		case equalFold(args[i], "count") && more:
			n, ok := c.intArg(args[i+1])
			if !ok {
				return opts, false
			}
			if n < 1 {
				c.Error(ErrSyntax)
				return opts, false
			}
			opts.count = n
		case equalFold(args[i], "match") && more:
			opts.pattern = args[i+1]
			if len(opts.pattern) == 1 && opts.pattern[0] == '*' {
				opts.pattern = nil // matches everything
			}
		case equalFold(args[i], "type") && keys && more:
			opts.typeName = args[i+1]
		default:
			c.Error(ErrSyntax)
			return opts, false
		}
	}
	return opts, true
}

// matches reports whether s passes MATCH.
func (o *scanOptions) matches(s string) bool {
	return o.pattern == nil || globMatch(o.pattern, []byte(s), false)
}

// scanDict walks d from cursor until it found about count elements, as
// Redis's scanGenericCommand does: whole buckets at a time, and no more
// than ten times count buckets, so a sparse table cannot make one call run
// long. fn returns how many reply elements an entry produced (two for a
// field and its value). It returns the next cursor.
func scanDict[V any](d *dict[V], cursor uint64, count int64, fn func(key string, value V) int64) uint64 {
	var found int64
	visits := count * 10
	if count > math.MaxInt64/10 {
		visits = math.MaxInt64
	}
	for {
		cursor = d.Scan(cursor, func(key string, value V) { found += fn(key, value) })
		if cursor == 0 || visits <= 0 || found >= count {
			return cursor
		}
		visits--
	}
}

// scanReply replies with the next cursor and the elements found.
func (c *Client) scanReply(cursor uint64, elems []string) {
	c.Array(2)
	c.Bulk(strconv.AppendUint(nil, cursor, 10))
	c.Array(len(elems))
	for _, e := range elems {
		c.BulkString(e)
	}
}
