package engine

import "github.com/redwasm/redwasm/engine/resp"

// stringValue is a string key's value. Redis reports its encoding as
// "int", "embstr" or "raw"; the first two follow from the bytes, so only
// the fact that the value was modified in place (APPEND, SETRANGE, SETBIT,
// ...), which makes Redis store it raw, needs keeping.
type stringValue struct {
	b   []byte
	raw bool
}

func (*stringValue) typeName() string { return "string" }

func (s *stringValue) encoding() string {
	switch {
	case s.raw:
		return "raw"
	case len(s.b) <= 20 && isInt(s.b):
		return "int"
	case len(s.b) <= 44:
		return "embstr"
	}
	return "raw"
}

func (s *stringValue) clone() value {
	return &stringValue{b: append([]byte(nil), s.b...), raw: s.raw}
}

func isInt(b []byte) bool {
	_, ok := resp.ParseInt(b)
	return ok
}

// newString returns a string value holding a copy of b.
func newString(b []byte) *stringValue {
	return &stringValue{b: append([]byte(nil), b...)}
}

// getString returns the string at key, nil if there is none, and false
// after replying WRONGTYPE if the key holds another type.
func (c *Client) getString(key []byte) (*stringValue, bool) {
	v := c.db.lookup(key)
	if v == nil {
		return nil, true
	}
	s, ok := v.(*stringValue)
	if !ok {
		c.Error(ErrWrongType)
		return nil, false
	}
	return s, true
}

func init() {
	implement(map[string]Handler{
		"get": getCommand,
	})
}

// GET key
func getCommand(c *Client, args [][]byte) {
	s, ok := c.getString(args[1])
	switch {
	case !ok:
	case s == nil:
		c.NullBulk()
	default:
		c.Bulk(s.b)
	}
}
