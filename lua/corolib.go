package lua

import (
	glua "github.com/yuin/gopher-lua"
)

// The coroutine library is gopher-lua's, with resume and wrap redone to
// give Lua 5.1's messages: "cannot resume dead coroutine", and errors
// through a wrapped coroutine prefixed with the caller's position.

func coroutineModule(L *glua.LState) *glua.LTable {
	mod := gopherModule(L, glua.OpenCoroutine)
	gopherResume := mod.RawGetString("resume").(*glua.LFunction)
	create := mod.RawGetString("create").(*glua.LFunction)

	checkLuaFunction := func(L *glua.LState) {
		if fn, ok := L.Get(1).(*glua.LFunction); !ok || fn.IsG {
			argError(L, 1, "Lua function expected")
		}
	}
	gopherCreate := create.GFunction
	create = L.NewFunction(func(L *glua.LState) int {
		checkLuaFunction(L)
		n := gopherCreate(L)
		// gopher-lua gives a coroutine a child context, which never learns
		// that the script must stop: share the state's guard instead.
		if co, ok := L.Get(-1).(*glua.LState); ok && L.Context() != nil {
			co.SetContext(L.Context())
		}
		return n
	})
	mod.RawSetString("create", create)

	gopherStatus := mod.RawGetString("status").(*glua.LFunction).GFunction
	mod.RawSetString("status", L.NewFunction(func(L *glua.LState) int {
		if _, ok := L.Get(1).(*glua.LState); !ok {
			argError(L, 1, "coroutine expected")
		}
		return gopherStatus(L)
	}))

	gopherYield := mod.RawGetString("yield").(*glua.LFunction).GFunction
	mod.RawSetString("yield", L.NewFunction(func(L *glua.LState) int {
		if L.Parent == nil {
			raiseBare(L, "attempt to yield across metamethod/C-call boundary")
		}
		return gopherYield(L)
	}))

	resume := func(L *glua.LState) int {
		co, ok := L.Get(1).(*glua.LState)
		if !ok {
			argError(L, 1, "coroutine expected")
		}
		if status := L.Status(co); status != "suspended" {
			L.Push(glua.LFalse)
			L.Push(glua.LString("cannot resume " + status + " coroutine"))
			return 2
		}
		top := L.GetTop()
		L.Insert(gopherResume, 1)
		L.Call(top, glua.MultRet)
		return L.GetTop()
	}
	resumeFn := L.NewFunction(resume)
	mod.RawSetString("resume", resumeFn)

	mod.RawSetString("wrap", L.NewFunction(func(L *glua.LState) int {
		checkLuaFunction(L)
		L.Push(create)
		L.Push(L.Get(1))
		L.Call(1, 1)
		co := L.Get(-1)
		L.Push(L.NewFunction(func(L *glua.LState) int {
			top := L.GetTop()
			L.Insert(co, 1)
			L.Insert(resumeFn, 1)
			L.Call(top+1, glua.MultRet)
			if L.Get(1) == glua.LFalse {
				err := L.Get(2)
				if msg, ok := toLString(err); ok {
					err = glua.LString(where(L, 1) + msg)
				}
				L.Error(err, 0)
			}
			return L.GetTop() - 1
		}))
		return 1
	}))
	return mod
}
