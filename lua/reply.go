package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

// Conversions between command replies and Lua values, both ways, as
// Redis 7.0's script_lua.c makes them.
//
// Commands called with redis.call reply through luaReply, an engine.Writer
// that builds the Lua value Redis's redisProtocolToLuaType makes of the
// RESP bytes its script client receives: in RESP2 (the default) maps,
// sets and doubles arrive in their RESP2 forms, and nulls as false; after
// redis.setresp(3) they arrive as {map=...}, {set=...}, {double=...},
// {big_number=...}, {verbatim_string=...}, booleans and nil.
//
// A script's result goes to its caller through writeResult, Redis's
// luaReplyToRedisReply.

// luaReply builds the Lua value of one command reply. It is reused from
// call to call.
type luaReply struct {
	L      *glua.LState
	proto  int // of the script client
	open   []aggregate
	result glua.LValue
	// isError is set when the whole reply is an error, which redis.call
	// raises.
	isError bool
}

// aggregate is an array, map or set being filled.
type aggregate struct {
	t      *glua.LTable // where elements go: the array, or the inner map or set table
	wrap   *glua.LTable // the {map=...} or {set=...} table, nil for arrays
	kind   byte         // '*', '%' or '~'
	left   int          // elements still to come (keys and values count apart)
	next   int          // the next array index
	key    glua.LValue  // a map key waiting for its value
	hasKey bool
}

func (r *luaReply) reset(L *glua.LState, proto int) {
	r.L, r.proto = L, proto
	r.open = r.open[:0]
	r.result = glua.LNil
	r.isError = false
}

// value adds a finished value to the aggregate being filled, or makes it
// the result.
func (r *luaReply) value(v glua.LValue) {
	for {
		if len(r.open) == 0 {
			r.result = v
			return
		}
		a := &r.open[len(r.open)-1]
		switch a.kind {
		case '*':
			if v != glua.LNil {
				a.t.RawSetInt(a.next, v)
			}
			a.next++
		case '%':
			if !a.hasKey {
				a.key, a.hasKey = v, true
			} else {
				if a.key != glua.LNil {
					a.t.RawSet(a.key, v)
				}
				a.key, a.hasKey = nil, false
			}
		case '~':
			if v != glua.LNil {
				a.t.RawSet(v, glua.LTrue)
			}
		}
		a.left--
		if a.left > 0 {
			return
		}
		// The aggregate is complete: it becomes a value of its parent.
		done := a.t
		if a.wrap != nil {
			done = a.wrap
		}
		r.open = r.open[:len(r.open)-1]
		v = done
	}
}

// openAggregate starts an aggregate of n elements.
func (r *luaReply) openAggregate(kind byte, n int, field string) {
	t := r.L.CreateTable(0, 0)
	var wrap *glua.LTable
	switch kind {
	case '*':
		t = r.L.CreateTable(n, 0)
	case '%', '~':
		wrap = r.L.CreateTable(0, 1)
		wrap.RawSetString(field, t)
	}
	if n <= 0 {
		if wrap != nil {
			r.value(wrap)
		} else {
			r.value(t)
		}
		return
	}
	r.open = append(r.open, aggregate{t: t, wrap: wrap, kind: kind, left: n, next: 1})
}

func (r *luaReply) Simple(s string) {
	t := r.L.CreateTable(0, 1)
	t.RawSetString("ok", glua.LString(s))
	r.value(t)
}

func (r *luaReply) Error(msg string) {
	if len(r.open) == 0 {
		r.isError = true
	}
	t := errorTable(r.L, "-"+msg)
	t.RawSetString("ignore_error_stats_update", glua.LTrue)
	r.value(t)
}

func (r *luaReply) Int(n int64)         { r.value(glua.LNumber(n)) }
func (r *luaReply) Bulk(b []byte)       { r.value(glua.LString(b)) }
func (r *luaReply) BulkString(s string) { r.value(glua.LString(s)) }

func (r *luaReply) NullBulk()  { r.null() }
func (r *luaReply) NullArray() { r.null() }

// null is false in RESP2 (Redis's null bulk and null array callbacks) and
// nil in RESP3.
func (r *luaReply) null() {
	if r.proto == 2 {
		r.value(glua.LFalse)
	} else {
		r.value(glua.LNil)
	}
}

func (r *luaReply) Array(n int) { r.openAggregate('*', n, "") }
func (r *luaReply) Push(n int)  { r.openAggregate('*', n, "") }

func (r *luaReply) Map(n int) {
	if r.proto == 2 {
		r.openAggregate('*', 2*n, "")
		return
	}
	r.openAggregate('%', 2*n, "map")
}

func (r *luaReply) Set(n int) {
	if r.proto == 2 {
		r.openAggregate('*', n, "")
		return
	}
	r.openAggregate('~', n, "set")
}

func (r *luaReply) Double(f float64) {
	if r.proto == 2 {
		var tmp [32]byte
		r.value(glua.LString(resp.AppendFloat(tmp[:0], f)))
		return
	}
	r.double(f)
}

func (r *luaReply) DoubleText(text string) {
	if r.proto == 2 {
		r.value(glua.LString(text))
		return
	}
	f, _ := strtod(text)
	r.double(f)
}

func (r *luaReply) double(f float64) {
	t := r.L.CreateTable(0, 1)
	t.RawSetString("double", glua.LNumber(f))
	r.value(t)
}

func (r *luaReply) Bool(v bool) {
	switch {
	case r.proto == 3:
		r.value(glua.LBool(v))
	case v:
		r.value(glua.LNumber(1))
	default:
		r.value(glua.LNumber(0))
	}
}

func (r *luaReply) BigNumber(digits string) {
	if r.proto == 2 {
		r.value(glua.LString(digits))
		return
	}
	t := r.L.CreateTable(0, 1)
	t.RawSetString("big_number", glua.LString(digits))
	r.value(t)
}

func (r *luaReply) Verbatim(format, text string) {
	if r.proto == 2 {
		r.value(glua.LString(text))
		return
	}
	inner := r.L.CreateTable(0, 2)
	inner.RawSetString("string", glua.LString(text))
	inner.RawSetString("format", glua.LString(format))
	t := r.L.CreateTable(0, 1)
	t.RawSetString("verbatim_string", inner)
	r.value(t)
}

var _ engine.Writer = (*luaReply)(nil)

// errorTable is Redis's luaPushErrorBuff: the table {err = "CODE
// message"} of an error given as "-CODE message" (or as a bare message,
// which gets the code ERR), with line breaks trimmed from the end.
func errorTable(L *glua.LState, text string) *glua.LTable {
	code, msg := "ERR", text
	if strings.HasPrefix(text, "-") {
		if sp := strings.IndexByte(text, ' '); sp >= 0 {
			code, msg = text[1:sp], text[sp+1:]
		} else {
			msg = text[1:]
		}
	}
	msg = strings.Trim(msg, "\r\n")
	t := L.CreateTable(0, 2)
	t.RawSetString("err", glua.LString(code+" "+msg))
	return t
}

// luaStackLimit is C Lua's LUAI_MAXCSTACK: luaReplyToRedisReply checks
// for room for 4 more values on the Lua stack before converting each
// value, and replies "reached lua stack limit" where a result nests too
// deep. writeResult counts the stack as Redis's conversion fills it, so
// the error lands at the same depth.
const luaStackLimit = 8000

// resultStackBase is the Lua stack height when Redis converts a result:
// the error handler and the result.
const resultStackBase = 2

// writeResult replies v, a script's result, to c as Redis's
// luaReplyToRedisReply does. scriptProto is the script client's protocol
// (redis.setresp), which decides how booleans are sent; top is the
// simulated Lua stack height with v on top.
func (s *State) writeResult(c *engine.Client, v glua.LValue, scriptProto, top int) {
	if top+4 > luaStackLimit {
		c.Error("ERR reached lua stack limit")
		return
	}
	switch v := v.(type) {
	case glua.LString:
		c.BulkString(string(v))
	case glua.LBool:
		switch {
		case scriptProto == 3:
			c.Bool(bool(v))
		case bool(v):
			c.Int(1)
		default:
			c.NullBulk()
		}
	case glua.LNumber:
		c.Int(toInteger(float64(v)))
	case *glua.LTable:
		s.writeTable(c, s.ro.target(v), scriptProto, top)
	default:
		c.NullBulk()
	}
}

// writeTable is writeResult for a table: an error, a status, a double, a
// big number, a verbatim string, a map, a set, or else an array up to the
// first nil, looked up in that order with raw reads.
func (s *State) writeTable(c *engine.Client, t *glua.LTable, scriptProto, top int) {
	if msg, ok := t.RawGetString("err").(glua.LString); ok {
		// Redis formats "-<err>", trims line breaks from its end and
		// blanks the others.
		text := strings.TrimRight(cString(string(msg)), "\r\n")
		text = lineBreaks.Replace(text)
		if ignore, ok := t.RawGetString("ignore_error_stats_update").(glua.LBool); ok && bool(ignore) {
			c.ErrorUncounted(text)
		} else {
			c.Error(text)
		}
		return
	}
	if ok, isStr := t.RawGetString("ok").(glua.LString); isStr {
		c.Simple(lineBreaks.Replace(cString(string(ok))))
		return
	}
	if d, ok := t.RawGetString("double").(glua.LNumber); ok {
		if f := float64(d); f != f {
			// The engine never replies NaN; Redis prints its sign.
			c.DoubleText(string(appendG(nil, f, 17)))
		} else {
			c.Double(f)
		}
		return
	}
	if n, ok := t.RawGetString("big_number").(glua.LString); ok {
		c.BigNumber(lineBreaks.Replace(string(n)))
		return
	}
	if vt, ok := t.RawGetString("verbatim_string").(*glua.LTable); ok {
		vt = s.ro.target(vt)
		format, fok := vt.RawGetString("format").(glua.LString)
		text, tok := vt.RawGetString("string").(glua.LString)
		if fok && tok {
			c.Verbatim(verbatimFormat(string(format)), string(text))
			return
		}
	}
	if m, ok := t.RawGetString("map").(*glua.LTable); ok {
		m = s.ro.target(m)
		n := 0
		forEachInCOrder(m, func(_, _ glua.LValue) { n++ })
		c.Map(n)
		// Stack: the table, the map, the iteration key and value, and a
		// copy of the key while it converts.
		forEachInCOrder(m, func(k, v glua.LValue) {
			s.writeResult(c, k, scriptProto, top+4)
			s.writeResult(c, v, scriptProto, top+3)
		})
		return
	}
	if set, ok := t.RawGetString("set").(*glua.LTable); ok {
		set = s.ro.target(set)
		n := 0
		forEachInCOrder(set, func(_, _ glua.LValue) { n++ })
		c.Set(n)
		forEachInCOrder(set, func(k, _ glua.LValue) {
			s.writeResult(c, k, scriptProto, top+3)
		})
		return
	}
	n := 0
	for t.RawGetInt(n+1) != glua.LNil {
		n++
	}
	c.Array(n)
	for i := 1; i <= n; i++ {
		s.writeResult(c, t.RawGetInt(i), scriptProto, top+1)
	}
}

// lineBreaks blanks CR and LF, which a status or error line cannot hold.
var lineBreaks = strings.NewReplacer("\r", " ", "\n", " ")

// cString cuts s at its first NUL, as C strings end.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// verbatimFormat is the 3-byte format Redis copies from the format
// string, padded with NULs when shorter.
func verbatimFormat(f string) string {
	f = cString(f)
	if len(f) >= 3 {
		return f[:3]
	}
	return f + strings.Repeat("\x00", 3-len(f))
}
