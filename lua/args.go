package lua

import (
	"fmt"

	glua "github.com/yuin/gopher-lua"
)

// This file gives Go library functions the argument checks and error
// messages of C Lua 5.1's auxiliary library (luaL_check*, luaL_argerror,
// luaL_error), whose texts reach Redis clients verbatim. gopher-lua's own
// helpers word them differently ("got nil" for a missing argument, no
// quotes around the function name, positions taken from the nearest Lua
// frame even when a Go function is the caller).

// where returns the "chunk:line: " prefix of the function running at the
// given stack level (0 is the current function), or "" when that function
// is not a Lua function, as luaL_where does.
func where(L *glua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, glua.LNil); err != nil {
		return ""
	}
	if dbg.CurrentLine > 0 {
		return fmt.Sprintf("%s:%d: ", dbg.Source, dbg.CurrentLine)
	}
	return ""
}

// raise raises a string error prefixed with the caller's position, as
// luaL_error does.
func raise(L *glua.LState, format string, args ...any) {
	L.Error(glua.LString(where(L, 1)+fmt.Sprintf(format, args...)), 0)
}

// raiseBare raises a string error without a position, as errors raised by
// the C Lua core inside a C function do (for example a write to a readonly
// table through rawset).
func raiseBare(L *glua.LState, msg string) {
	L.Error(glua.LString(msg), 0)
}

// funcName is the name under which the running Go function was called, as
// lua_getinfo's "n" reports it, or "?" when unknown.
func funcName(L *glua.LState) string {
	dbg, ok := L.GetStack(0)
	if !ok {
		return "?"
	}
	if _, err := L.GetInfo("n", dbg, glua.LNil); err != nil {
		return "?"
	}
	switch name := dbg.Name; {
	case name == "", name[0] == '(', name[0] == '<', name == "main chunk", name == "corountine":
		return "?"
	default:
		return name
	}
}

// argError raises luaL_argerror's "bad argument #n to 'f' (msg)". For a
// method call (obj:f()) C Lua does not count the self argument, and a bad
// self is "calling 'f' on bad self".
func argError(L *glua.LState, n int, msg string) {
	name := funcName(L)
	if methodCall(L, name) {
		if n--; n == 0 {
			raise(L, "calling '%s' on bad self (%s)", name, msg)
		}
	}
	raise(L, "bad argument #%d to '%s' (%s)", n, name, msg)
}

// methodCall reports whether the running Go function was called with
// method syntax. C Lua reads it from the calling instruction; gopher-lua
// hides the caller's pc, so this looks at the calls named name on the
// caller's current line, and answers yes when all of them are method
// calls.
func methodCall(L *glua.LState, name string) bool {
	dbg, ok := L.GetStack(1)
	if !ok {
		return false
	}
	fv, err := L.GetInfo("lf", dbg, glua.LNil)
	if err != nil {
		return false
	}
	fn, ok := fv.(*glua.LFunction)
	if !ok || fn.IsG || fn.Proto == nil {
		return false
	}
	p := fn.Proto
	found := false
	for _, call := range p.DbgCalls {
		if call.Name != name || call.Pc >= len(p.DbgSourcePositions) || p.DbgSourcePositions[call.Pc] != dbg.CurrentLine {
			continue
		}
		if !loadedBySelf(p.Code, call.Pc) {
			return false
		}
		found = true
	}
	return found
}

// loadedBySelf reports whether the function register of the call at pc
// was loaded by OP_SELF, the instruction of obj:name(). Instructions whose
// A field is not a register (comparisons, jumps) are skipped.
func loadedBySelf(code []uint32, pc int) bool {
	reg := instA(code[pc])
	for pc--; pc >= 0; pc-- {
		switch op := instOp(code[pc]); op {
		case glua.OP_EQ, glua.OP_LT, glua.OP_LE, glua.OP_JMP:
		default:
			if instA(code[pc]) == reg {
				return op == glua.OP_SELF
			}
		}
	}
	return false
}

// Fields of a gopher-lua instruction (see its opcode.go).
func instOp(inst uint32) int { return int(inst >> 26) }
func instA(inst uint32) int  { return int(inst>>18) & 0xff }

// typeNameAt is the type name of argument n, or "no value" past the top.
func typeNameAt(L *glua.LState, n int) string {
	if n > L.GetTop() {
		return "no value"
	}
	return L.Get(n).Type().String()
}

// typeError raises luaL_typerror's "<want> expected, got <type>".
func typeError(L *glua.LState, n int, want string) {
	argError(L, n, want+" expected, got "+typeNameAt(L, n))
}

// toNumber converts v as lua_tonumber does: numbers, and strings that read
// as numbers.
func toNumber(v glua.LValue) (float64, bool) {
	switch v := v.(type) {
	case glua.LNumber:
		return float64(v), true
	case glua.LString:
		return str2number(string(v))
	}
	return 0, false
}

// toLString converts v as lua_tolstring does: strings, and numbers in
// %.14g form.
func toLString(v glua.LValue) (string, bool) {
	switch v := v.(type) {
	case glua.LString:
		return string(v), true
	case glua.LNumber:
		return formatNumber(float64(v)), true
	}
	return "", false
}

// checkNumber is luaL_checknumber.
func checkNumber(L *glua.LState, n int) float64 {
	v, ok := toNumber(L.Get(n))
	if !ok {
		typeError(L, n, "number")
	}
	return v
}

// optNumber is luaL_optnumber.
func optNumber(L *glua.LState, n int, def float64) float64 {
	if L.Get(n) == glua.LNil {
		return def
	}
	return checkNumber(L, n)
}

// checkInteger is luaL_checkinteger. Like C it cannot tell 0 from a failed
// conversion, so non-numbers are reported only when they convert to 0.
func checkInteger(L *glua.LState, n int) int64 {
	v, ok := toNumber(L.Get(n))
	if !ok {
		typeError(L, n, "number")
	}
	return toInteger(v)
}

// optInteger is luaL_optinteger.
func optInteger(L *glua.LState, n int, def int64) int64 {
	if L.Get(n) == glua.LNil {
		return def
	}
	return checkInteger(L, n)
}

// checkInt is luaL_checkint: luaL_checkinteger truncated to a C int.
func checkInt(L *glua.LState, n int) int {
	return int(int32(checkInteger(L, n)))
}

// optInt is luaL_optint.
func optInt(L *glua.LState, n int, def int) int {
	if L.Get(n) == glua.LNil {
		return def
	}
	return checkInt(L, n)
}

// checkString is luaL_checklstring: strings, and numbers converted with
// %.14g.
func checkString(L *glua.LState, n int) string {
	s, ok := toLString(L.Get(n))
	if !ok {
		typeError(L, n, "string")
	}
	return s
}

// optString is luaL_optlstring.
func optString(L *glua.LState, n int, def string) string {
	if L.Get(n) == glua.LNil {
		return def
	}
	return checkString(L, n)
}

// checkTable is luaL_checktype(L, n, LUA_TTABLE).
func checkTable(L *glua.LState, n int) *glua.LTable {
	t, ok := L.Get(n).(*glua.LTable)
	if !ok {
		typeError(L, n, "table")
	}
	return t
}

// checkAny is luaL_checkany.
func checkAny(L *glua.LState, n int) glua.LValue {
	if n > L.GetTop() {
		argError(L, n, "value expected")
	}
	return L.Get(n)
}
