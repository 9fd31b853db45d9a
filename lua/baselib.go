package lua

import (
	"fmt"
	"math"
	"runtime"
	"strings"

	glua "github.com/yuin/gopher-lua"
)

// The base library as Redis 7.0 leaves it to scripts, rewritten to C Lua
// 5.1's behaviour and messages, and aware of read-only proxies. Redis
// removes print, dofile, loadfile, getfenv, setfenv, newproxy, module and
// require, and replaces pcall with its own.

func (s *State) baseFuncs() map[string]glua.LGFunction {
	return map[string]glua.LGFunction{
		"assert":         baseAssert,
		"collectgarbage": s.baseCollectGarbage,
		"error":          baseError,
		"gcinfo":         baseGCInfo,
		"getmetatable":   s.baseGetMetatable,
		"ipairs":         s.baseIpairs,
		"load":           s.baseLoad,
		"loadstring":     s.baseLoadString,
		"next":           s.baseNext,
		"pairs":          s.basePairs,
		"pcall":          basePcall,
		"rawequal":       baseRawEqual,
		"rawget":         s.baseRawGet,
		"rawset":         s.baseRawSet,
		"select":         baseSelect,
		"setmetatable":   s.baseSetMetatable,
		"tonumber":       baseToNumber,
		"tostring":       baseToString,
		"type":           baseType,
		"unpack":         s.baseUnpack,
		"xpcall":         baseXpcall,
	}
}

// tostring converts v as luaB_tostring does, minus the __tostring call.
func tostring(v glua.LValue) string {
	switch v := v.(type) {
	case glua.LNumber:
		return formatNumber(float64(v))
	case glua.LString:
		return string(v)
	case glua.LBool:
		if v {
			return "true"
		}
		return "false"
	case *glua.LNilType:
		return "nil"
	case *glua.LUserData:
		if v == jsonNull {
			return "userdata: (nil)" // glibc's %p of NULL
		}
		return fmt.Sprintf("userdata: %p", v)
	case *glua.LTable:
		return fmt.Sprintf("table: %p", v)
	case *glua.LFunction:
		return fmt.Sprintf("function: %p", v)
	case *glua.LState:
		return fmt.Sprintf("thread: %p", v)
	}
	return v.String()
}

func baseToString(L *glua.LState) int {
	v := checkAny(L, 1)
	if mm := L.GetMetaField(v, "__tostring"); mm != glua.LNil {
		L.Push(mm)
		L.Push(v)
		L.Call(1, 1)
		return 1
	}
	L.Push(glua.LString(tostring(v)))
	return 1
}

func baseToNumber(L *glua.LState) int {
	base := optInt(L, 2, 10)
	if base == 10 {
		if n, ok := toNumber(L.Get(1)); ok {
			L.Push(glua.LNumber(n))
			return 1
		}
		checkAny(L, 1)
		L.Push(glua.LNil)
		return 1
	}
	str := checkString(L, 1)
	if base < 2 || base > 36 {
		argError(L, 2, "base out of range")
	}
	n, used := strtoul(str, base)
	if used > 0 {
		rest := str[used:]
		for rest != "" && isCSpace(rest[0]) {
			rest = rest[1:]
		}
		if rest == "" || rest[0] == 0 {
			L.Push(glua.LNumber(float64(n)))
			return 1
		}
	}
	L.Push(glua.LNil)
	return 1
}

func baseType(L *glua.LState) int {
	L.Push(glua.LString(checkAny(L, 1).Type().String()))
	return 1
}

func baseAssert(L *glua.LState) int {
	checkAny(L, 1)
	if !glua.LVAsBool(L.Get(1)) {
		raise(L, "%s", optString(L, 2, "assertion failed!"))
	}
	return L.GetTop()
}

func baseError(L *glua.LState) int {
	level := optInt(L, 2, 1)
	v := L.Get(1)
	if msg, ok := toLString(v); ok && level > 0 {
		v = glua.LString(where(L, level) + msg)
	}
	L.Error(v, 0)
	return 0
}

// basePcall is Redis's replacement of pcall: an error raised as a table
// with a string "err" field (as redis.call raises them) is returned as
// that field.
func basePcall(L *glua.LState) int {
	nargs := L.GetTop() - 1
	if nargs < 0 {
		// Redis's pcall then calls the stack slot holding its own result
		// placeholder.
		L.Push(glua.LFalse)
		L.Push(glua.LString("attempt to call a boolean value"))
		return 2
	}
	if fn := L.Get(1); !isCallable(L, fn) {
		L.Push(glua.LFalse)
		L.Push(glua.LString("attempt to call a " + fn.Type().String() + " value"))
		return 2
	}
	if err := L.PCall(nargs, glua.MultRet, nil); err != nil {
		obj := errorObject(err)
		if obj == glua.LString("stack overflow") {
			// The overflowing frames are gone; name the pcall's line.
			obj = glua.LString(where(L, 1) + "stack overflow")
		}
		L.Push(glua.LFalse)
		L.Push(obj)
		return 2
	}
	L.Insert(glua.LTrue, 1)
	return L.GetTop()
}

func isCallable(L *glua.LState, v glua.LValue) bool {
	if _, ok := v.(*glua.LFunction); ok {
		return true
	}
	_, ok := L.GetMetaField(v, "__call").(*glua.LFunction)
	return ok
}

// errorObject is the Lua value of an error returned by PCall, with Redis's
// pcall unwrapping of error tables.
func errorObject(err error) glua.LValue {
	obj := errorValue(err)
	if t, ok := obj.(*glua.LTable); ok {
		switch field := t.RawGetString("err"); field.(type) {
		case glua.LString, glua.LNumber:
			return field
		}
	}
	return obj
}

func baseXpcall(L *glua.LState) int {
	checkAny(L, 2)
	L.SetTop(2)
	f, handler := L.Get(1), L.Get(2)
	L.SetTop(0)
	L.Push(f)
	var err error
	if hf, ok := handler.(*glua.LFunction); ok {
		err = L.PCall(0, glua.MultRet, hf)
	} else if err = L.PCall(0, glua.MultRet, nil); err != nil {
		// C Lua fails to call a handler that is not a function.
		err = &glua.ApiError{Object: glua.LString("error in error handling")}
	}
	if err != nil {
		L.SetTop(0)
		L.Push(glua.LFalse)
		L.Push(errorValue(err))
		return 2
	}
	L.Insert(glua.LTrue, 1)
	return L.GetTop()
}

func baseRawEqual(L *glua.LState) int {
	a, b := checkAny(L, 1), checkAny(L, 2)
	L.Push(glua.LBool(L.RawEqual(a, b)))
	return 1
}

func (s *State) baseRawGet(L *glua.LState) int {
	t := checkTable(L, 1)
	k := checkAny(L, 2)
	L.Push(s.ro.target(t).RawGet(k))
	return 1
}

func (s *State) baseRawSet(L *glua.LState) int {
	t := checkTable(L, 1)
	k := checkAny(L, 2)
	v := checkAny(L, 3)
	s.ro.checkWritable(L, t)
	rawSet(L, t, k, v)
	L.SetTop(1)
	return 1
}

// rawSet stores t[k] = v with C Lua's key checks.
func rawSet(L *glua.LState, t *glua.LTable, k, v glua.LValue) {
	switch k := k.(type) {
	case *glua.LNilType:
		raiseBare(L, "table index is nil")
	case glua.LNumber:
		if math.IsNaN(float64(k)) {
			raiseBare(L, "table index is NaN")
		}
	}
	t.RawSet(k, v)
}

func (s *State) baseNext(L *glua.LState) int {
	t := checkTable(L, 1)
	L.SetTop(2)
	k, v := s.next(t, L.Get(2))
	if k == glua.LNil {
		L.Push(glua.LNil)
		return 1
	}
	L.Push(k)
	L.Push(v)
	return 2
}

func (s *State) basePairs(L *glua.LState) int {
	t := checkTable(L, 1)
	L.Push(s.pairsNext)
	L.Push(t)
	L.Push(glua.LNil)
	return 3
}

func (s *State) baseIpairs(L *glua.LState) int {
	t := checkTable(L, 1)
	L.Push(s.ipairsNext)
	L.Push(t)
	L.Push(glua.LNumber(0))
	return 3
}

func (s *State) ipairsAux(L *glua.LState) int {
	i := checkInt(L, 2)
	t := checkTable(L, 1)
	i++
	v := s.ro.target(t).RawGetInt(i)
	if v == glua.LNil {
		return 0
	}
	L.Push(glua.LNumber(i))
	L.Push(v)
	return 2
}

func (s *State) baseGetMetatable(L *glua.LState) int {
	v := checkAny(L, 1)
	mt := s.metatable(v)
	if mt == glua.LNil {
		L.Push(glua.LNil)
		return 1
	}
	if t, ok := mt.(*glua.LTable); ok {
		if protected := t.RawGetString("__metatable"); protected != glua.LNil {
			L.Push(s.ro.visible(protected))
			return 1
		}
	}
	L.Push(s.ro.visible(mt))
	return 1
}

// metatable is the metatable the VM uses for v, for a proxy the one of its
// real table.
func (s *State) metatable(v glua.LValue) glua.LValue {
	switch v := v.(type) {
	case *glua.LTable:
		return s.ro.target(v).Metatable
	case *glua.LUserData:
		return v.Metatable
	case glua.LString:
		return s.stringMeta
	}
	return glua.LNil
}

func (s *State) baseSetMetatable(L *glua.LState) int {
	mt := L.Get(2)
	t := checkTable(L, 1)
	if _, ok := mt.(*glua.LTable); !ok && (mt != glua.LNil || L.GetTop() < 2) {
		argError(L, 2, "nil or table expected")
	}
	if old, ok := s.metatable(t).(*glua.LTable); ok && old.RawGetString("__metatable") != glua.LNil {
		raise(L, "cannot change a protected metatable")
	}
	s.ro.checkWritable(L, t)
	if m, ok := mt.(*glua.LTable); ok {
		// A read-only table set as a metatable is used through its real
		// table, which getmetatable maps back to the proxy.
		mt = s.ro.target(m)
	}
	t.Metatable = mt
	L.SetTop(1)
	return 1
}

func (s *State) baseUnpack(L *glua.LState) int {
	t := s.ro.target(checkTable(L, 1))
	i := optInt(L, 2, 1)
	var e int
	if L.Get(3) == glua.LNil {
		e = t.Len()
	} else {
		e = checkInt(L, 3)
	}
	if i > e {
		return 0
	}
	n := int32(e) - int32(i) + 1
	if n <= 0 || L.GetTop()+int(n) > luaMaxCStack {
		raise(L, "too many results to unpack")
	}
	for k := i; k <= e; k++ {
		L.Push(t.RawGetInt(k))
	}
	return int(n)
}

func baseSelect(L *glua.LState) int {
	n := L.GetTop()
	if s, ok := L.Get(1).(glua.LString); ok && strings.HasPrefix(string(s), "#") {
		L.Push(glua.LNumber(n - 1))
		return 1
	}
	i := checkInt(L, 1)
	if i < 0 {
		i = n + i
	} else if i > n {
		i = n
	}
	if i < 1 {
		argError(L, 1, "index out of range")
	}
	return n - i
}

var gcOptions = []string{"stop", "restart", "collect", "count", "step", "setpause", "setstepmul"}

// baseCollectGarbage accepts Lua 5.1's options. Go's collector is not
// Lua's: "count" reports the Go heap, a "step" finishes a cycle only when
// given a size, and the tuning knobs are remembered but have no effect.
func (s *State) baseCollectGarbage(L *glua.LState) int {
	opt := 2 // "collect"
	if L.Get(1) != glua.LNil {
		opt = checkOption(L, 1, gcOptions)
	}
	arg := optInt(L, 2, 0)
	switch gcOptions[opt] {
	case "count":
		L.Push(glua.LNumber(float64(heapBytes()) / 1024))
	case "step":
		runtime.GC()
		L.Push(glua.LBool(arg > 0))
	case "setpause":
		L.Push(glua.LNumber(s.gcPause))
		s.gcPause = arg
	case "setstepmul":
		L.Push(glua.LNumber(s.gcStepMul))
		s.gcStepMul = arg
	case "collect":
		runtime.GC()
		L.Push(glua.LNumber(0))
	default:
		L.Push(glua.LNumber(0))
	}
	return 1
}

func baseGCInfo(L *glua.LState) int {
	L.Push(glua.LNumber(heapBytes() / 1024))
	return 1
}

func heapBytes() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// baseLoad is Lua 5.1's load(func [, chunkname]): the function returns the
// chunk in pieces, nil or "" at the end.
func (s *State) baseLoad(L *glua.LState) int {
	chunkName := optString(L, 2, "=(load)")
	reader, ok := L.Get(1).(*glua.LFunction)
	if !ok {
		typeError(L, 1, "function")
	}
	var b strings.Builder
	for {
		L.Push(reader)
		L.Call(0, 1)
		piece := L.Get(-1)
		L.Pop(1)
		if piece == glua.LNil {
			break
		}
		str, ok := toLString(piece)
		if !ok {
			L.Push(glua.LNil)
			L.Push(glua.LString(where(L, 1) + "reader function must return a string"))
			return 2
		}
		if str == "" {
			break
		}
		b.WriteString(str)
	}
	return s.pushLoaded(L, b.String(), chunkName)
}

func (s *State) baseLoadString(L *glua.LState) int {
	code := checkString(L, 1)
	return s.pushLoaded(L, code, optString(L, 2, code))
}

// pushLoaded compiles a chunk for load/loadstring and pushes the function,
// or nil and the error message.
func (s *State) pushLoaded(L *glua.LState, code, chunkName string) int {
	fn, err := s.compile(code, chunkName)
	if err != nil {
		L.Push(glua.LNil)
		L.Push(glua.LString(err.Error()))
		return 2
	}
	L.Push(fn)
	return 1
}
