package engine

import (
	"math"
	"math/rand/v2"

	"github.com/redwasm/redwasm/engine/hll"
)

// HyperLogLog commands. An HLL is an ordinary string value holding Redis's
// exact bytes (package hll), so GET, SET, DUMP and RESTORE see and accept
// what Redis would. The commands here do the keyspace side: lookups, type
// checks, storing, notifications, changes counted and propagation.
//
// Like Redis, the commands that edit a value in place (PFADD, single-key
// PFCOUNT, PFDEBUG and PFMERGE's destination) first make it a raw string,
// even when they end up changing nothing: OBJECT ENCODING shows "raw".

// errHLLNoKey is PFDEBUG's reply for a missing key.
const errHLLNoKey = "ERR The specified key does not exist"

func init() {
	registerConfig(memoryParam("hll-sparse-max-bytes", 0, math.MaxInt64,
		func(c *config) *int64 { return &c.hllSparseMaxBytes }))
	implement(map[string]Handler{
		"pfadd":      pfaddCommand,
		"pfcount":    pfcountCommand,
		"pfmerge":    pfmergeCommand,
		"pfdebug":    pfdebugCommand,
		"pfselftest": pfselftestCommand,
	})
}

// hllSparseMax is the hll-sparse-max-bytes setting as package hll takes it.
func (e *Engine) hllSparseMax() int {
	return int(min(e.cfg.hllSparseMaxBytes, math.MaxInt))
}

// newHLLString wraps a value package hll returned as a string value. Redis
// creates HLLs as raw strings.
func newHLLString(b []byte) *stringValue {
	return &stringValue{b: b, enc: encodedRaw}
}

// hllOf checks that v is an HLL, Redis's isHLLObjectOrReply: a string
// (else the usual WRONGTYPE) shaped like an HLL (else the HLL's own
// WRONGTYPE). A nil v gives nil and true.
func (c *Client) hllOf(v value) (*stringValue, bool) {
	s, ok := c.stringOf(v)
	if !ok || s == nil {
		return s, ok
	}
	if err := hll.Validate(s.b); err != nil {
		c.Error(err.Error())
		return nil, false
	}
	return s, true
}

// PFADD key [element ...]
func pfaddCommand(c *Client, args [][]byte) {
	key := args[1]
	s, ok := c.hllOf(c.db.peek(key))
	if !ok {
		return
	}
	var h []byte
	if s != nil {
		s.makeRaw()
		h = s.b
	}
	out, updated, err := hll.Add(h, args[2:], c.e.hllSparseMax())
	switch {
	case updated == 0:
	case s == nil:
		c.db.set(key, newHLLString(out))
	default:
		s.b = out
	}
	if err != nil {
		// A damaged value keeps the registers raised before the damage,
		// silently: Redis neither signals nor counts them.
		c.Error(err.Error())
		return
	}
	if updated == 0 {
		c.Int(0)
		return
	}
	k := string(key)
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "pfadd", k, c.db.id)
	c.e.dirty += int64(updated)
	c.Int(1)
}

// PFCOUNT key [key ...]
func pfcountCommand(c *Client, args [][]byte) {
	if len(args) > 2 {
		// The union of several HLLs, read only. Keys are looked up and
		// merged one by one, and the first bad one ends the command.
		u := new(hll.Union)
		for _, key := range args[1:] {
			s, ok := c.getString(key)
			if !ok {
				return
			}
			if s == nil {
				continue
			}
			if err := u.Add(s.b); err != nil {
				c.Error(err.Error())
				return
			}
		}
		c.Int(u.Count())
		return
	}
	key := args[1]
	s, ok := c.hllOf(c.db.lookup(key))
	switch {
	case !ok:
		return
	case s == nil:
		c.Int(0)
		return
	}
	s.makeRaw()
	n, updated, err := hll.Count(s.b)
	if err != nil {
		c.Error(err.Error())
		return
	}
	if updated != nil {
		// Filling the cache writes the value: Redis signals the key and
		// counts a change, so the PFCOUNT itself propagates. It sends no
		// keyspace event.
		s.b = updated
		c.e.keyModified(c.db, string(key))
		c.e.dirty++
	}
	c.Int(n)
}

// PFMERGE destkey [sourcekey [sourcekey ...]]
func pfmergeCommand(c *Client, args [][]byte) {
	// The destination takes part in the union, looked up first like the
	// sources.
	u := new(hll.Union)
	for _, key := range args[1:] {
		s, ok := c.getString(key)
		if !ok {
			return
		}
		if s == nil {
			continue
		}
		if err := u.Add(s.b); err != nil {
			c.Error(err.Error())
			return
		}
	}
	dst := args[1]
	s, _ := c.getStringForWrite(dst) // checked above
	var h []byte
	if s != nil {
		h = s.b
	}
	out, err := u.Store(h, c.e.hllSparseMax())
	if err != nil { // not reached: the destination was merged above
		c.Error(err.Error())
		return
	}
	if s == nil {
		c.db.set(dst, newHLLString(out))
	} else {
		s.b = out
		s.makeRaw()
	}
	k := string(dst)
	c.e.keyModified(c.db, k)
	// Redis names the event pfadd: a merge adds elements.
	c.e.notifyKeyspaceEvent(notifyString, "pfadd", k, c.db.id)
	c.e.dirty++
	c.OK()
}

// PFDEBUG <GETREG|DECODE|ENCODING|TODENSE> key
func pfdebugCommand(c *Client, args [][]byte) {
	sub, key := args[1], args[2]
	v := c.db.peek(key)
	if v == nil {
		c.Error(errHLLNoKey)
		return
	}
	s, ok := c.hllOf(v)
	if !ok {
		return
	}
	s.makeRaw()
	switch {
	case optionIs(sub, "getreg"):
		if !c.hllToDense(s) {
			return
		}
		regs, err := hll.RegisterValues(s.b)
		if err != nil { // not reached: dense values cannot be corrupt
			c.Error(err.Error())
			return
		}
		c.Array(len(regs))
		for _, r := range regs {
			c.Int(int64(r))
		}
	case optionIs(sub, "decode"):
		text, err := hll.Decode(s.b)
		if err != nil {
			c.Error(err.Error())
			return
		}
		c.BulkString(text)
	case optionIs(sub, "encoding"):
		c.Simple(hll.Encoding(s.b))
	case optionIs(sub, "todense"):
		sparse := !hll.IsDense(s.b)
		if !c.hllToDense(s) {
			return
		}
		if sparse {
			c.Int(1)
		} else {
			c.Int(0)
		}
	default:
		c.Error(sanitizeError("ERR Unknown PFDEBUG subcommand '" + cString(sub, len(sub)) + "'"))
	}
}

// hllToDense converts a sparse HLL value to dense in place, for PFDEBUG.
// Redis counts the conversion as a change so that it propagates, but
// neither signals the key nor sends an event. It replies and returns false
// for a corrupt value.
func (c *Client) hllToDense(s *stringValue) bool {
	d, converted, err := hll.ToDense(s.b)
	if err != nil {
		c.Error(err.Error())
		return false
	}
	if converted {
		s.b = d
		c.e.dirty++
	}
	return true
}

// PFSELFTEST
func pfselftestCommand(c *Client, args [][]byte) {
	if err := hll.SelfTest(c.e.hllSparseMax(), rand.Uint32); err != nil {
		c.Error(err.Error())
		return
	}
	c.OK()
}
