package lua

import (
	glua "github.com/yuin/gopher-lua"
)

// Redis 7 patches its Lua so that the globals table, the library tables
// and their metatables are read-only: any write, raw or not, raises
// "Attempt to modify a readonly table". gopher-lua has no such flag, so a
// protected table is replaced everywhere a script can see it by an empty
// proxy whose metatable forwards reads to the real table and refuses
// writes. The functions that bypass metamethods (rawget, rawset, next,
// getmetatable, setmetatable, table.*, unpack, the libraries' encoders)
// look through proxies with readonly.target and refuse to write through
// them, so a script can neither see nor reach a real table.
//
// Invariant: a real protected table holds proxies, never real tables, as
// its table values, so every read returns a proxy.

const readonlyError = "Attempt to modify a readonly table"

type readonly struct {
	proxyOf  map[*glua.LTable]*glua.LTable // real table -> its proxy
	realOf   map[*glua.LTable]*glua.LTable // proxy -> real table
	newIndex *glua.LFunction               // __newindex of every proxy
}

func newReadonly(L *glua.LState) *readonly {
	return &readonly{
		proxyOf: map[*glua.LTable]*glua.LTable{},
		realOf:  map[*glua.LTable]*glua.LTable{},
		newIndex: L.NewFunction(func(L *glua.LState) int {
			// A write from Lua code: the VM raises it with the position
			// of the writing line.
			raise(L, readonlyError)
			return 0
		}),
	}
}

// target returns the real table behind a proxy, or t itself.
func (r *readonly) target(t *glua.LTable) *glua.LTable {
	if r != nil {
		if real, ok := r.realOf[t]; ok {
			return real
		}
	}
	return t
}

// isProxy reports whether t is a read-only proxy.
func (r *readonly) isProxy(t *glua.LTable) bool {
	if r == nil {
		return false
	}
	_, ok := r.realOf[t]
	return ok
}

// visible maps a real protected table to its proxy, so that it never
// escapes to scripts; other values are returned unchanged.
func (r *readonly) visible(v glua.LValue) glua.LValue {
	if t, ok := v.(*glua.LTable); ok && r != nil {
		if p, ok := r.proxyOf[t]; ok {
			return p
		}
	}
	return v
}

// protect makes t read-only, with every table reachable from it through
// values and metatables, and returns the proxy to publish instead of t.
func (r *readonly) protect(L *glua.LState, t *glua.LTable) *glua.LTable {
	if r.isProxy(t) {
		return t
	}
	if p, ok := r.proxyOf[t]; ok {
		return p
	}
	p := L.CreateTable(0, 0)
	meta := L.CreateTable(0, 2)
	meta.RawSetString("__index", t)
	meta.RawSetString("__newindex", r.newIndex)
	p.Metatable = meta
	r.proxyOf[t] = p
	r.realOf[p] = t

	var nested []glua.LValue
	for k, v := t.Next(glua.LNil); k != glua.LNil; k, v = t.Next(k) {
		if _, ok := v.(*glua.LTable); ok {
			nested = append(nested, k)
		}
	}
	for _, k := range nested {
		t.RawSet(k, r.protect(L, t.RawGet(k).(*glua.LTable)))
	}
	if mt, ok := t.Metatable.(*glua.LTable); ok {
		r.protect(L, mt)
	}
	return p
}

// checkWritable raises the read-only error, without a position as the C
// core does inside C functions, when t is a proxy.
func (r *readonly) checkWritable(L *glua.LState, t *glua.LTable) {
	if r.isProxy(t) {
		raiseBare(L, readonlyError)
	}
}
